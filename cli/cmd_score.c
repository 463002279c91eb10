/* Placeholder: 'exctl score' is being written. */
#include "cli.h"

int cmd_score(int argc, char **argv)
{
    (void)argc; (void)argv;
    cli_error("score", "this command is not available in this build yet");
    return CLI_FAIL;
}
