/* Placeholder: 'exctl classify' is being written. */
#include "cli.h"

int cmd_classify(int argc, char **argv)
{
    (void)argc; (void)argv;
    cli_error("classify", "this command is not available in this build yet");
    return CLI_FAIL;
}
