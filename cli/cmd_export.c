/*
 * exctl export --ftm [--list FILE]...
 * Every loaded entity as one FollowTheMoney JSON line.
 */
#include <string.h>
#include "cli.h"

int cmd_export(int argc, char **argv)
{
    cli_lists lo = {0};
    bool ftm = false;
    for (int i = 1; i < argc; i++) {
        int r = cli_lists_opt(&lo, argc, argv, &i);
        if (r < 0)
            return CLI_USAGE;
        if (r)
            continue;
        if (!strcmp(argv[i], "--ftm")) {
            ftm = true;
        } else if (!strcmp(argv[i], "--help")) {
            printf("usage: exctl export --ftm [--list FILE]...\n");
            return CLI_OK;
        } else {
            cli_error("export", "unknown option '%s'", argv[i]);
            return CLI_USAGE;
        }
    }
    if (!ftm) {
        cli_error("export", "choose an output format (--ftm)");
        return CLI_USAGE;
    }
    exctl_listset *ls = NULL;
    if (cli_lists_load(&lo, &ls))
        return CLI_FAIL;
    int ret = CLI_OK;
    for (size_t i = 0; i < exctl_listset_count(ls) && ret == CLI_OK; i++) {
        const exctl_list *l = exctl_listset_at(ls, i);
        for (size_t j = 0; j < exctl_list_entity_count(l); j++) {
            char *line = NULL;
            int rc = exctl_entity_to_ftm(exctl_list_entity(l, j), &line);
            if (rc) {
                cli_error("export", "%s", exctl_strerror(rc));
                ret = CLI_FAIL;
                break;
            }
            fputs(line, stdout);
            fputc('\n', stdout);
            exctl_free(line);
        }
    }
    if (fflush(stdout) != 0)
        ret = CLI_FAIL;
    exctl_listset_free(ls);
    return ret;
}
