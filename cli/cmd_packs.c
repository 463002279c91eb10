/* Placeholder: 'exctl packs' is being written. */
#include "cli.h"

int cmd_packs(int argc, char **argv)
{
    (void)argc; (void)argv;
    cli_error("packs", "this command is not available in this build yet");
    return CLI_FAIL;
}
