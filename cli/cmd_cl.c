/* Placeholder: 'exctl cl' is being written. */
#include "cli.h"

int cmd_cl(int argc, char **argv)
{
    (void)argc; (void)argv;
    cli_error("cl", "this command is not available in this build yet");
    return CLI_FAIL;
}
