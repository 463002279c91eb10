/* Placeholder: 'exctl screen' is being written. */
#include "cli.h"

int cmd_screen(int argc, char **argv)
{
    (void)argc; (void)argv;
    cli_error("screen", "this command is not available in this build yet");
    return CLI_FAIL;
}
