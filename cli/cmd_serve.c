/* Placeholder: 'exctl serve' is being written. */
#include "cli.h"

int cmd_serve(int argc, char **argv)
{
    (void)argc; (void)argv;
    cli_error("serve", "this command is not available in this build yet");
    return CLI_FAIL;
}
