/* Placeholder: 'exctl audit' is being written. */
#include "cli.h"

int cmd_audit(int argc, char **argv)
{
    (void)argc; (void)argv;
    cli_error("audit", "this command is not available in this build yet");
    return CLI_FAIL;
}
