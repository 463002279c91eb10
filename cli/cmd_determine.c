/* Placeholder: 'exctl determine' is being written. */
#include "cli.h"

int cmd_determine(int argc, char **argv)
{
    (void)argc; (void)argv;
    cli_error("determine", "this command is not available in this build yet");
    return CLI_FAIL;
}
