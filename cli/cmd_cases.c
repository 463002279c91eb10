/*
 * exctl cases expire-due — run the licensing workflow's expiry sweep once on
 * a store (the server runs it every minute; this is for cron or a store no
 * server is running on). Prints {"expired_cases": [ids]}; exit 0 on success.
 */
#include <string.h>
#include "cli.h"
#include "exctl/server.h"

int cmd_cases(int argc, char **argv)
{
    const char *db = NULL, *pg = NULL;
    bool help = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
    if (argc < 2 || strcmp(argv[1], "expire-due")) {
        fprintf(help ? stdout : stderr,
                "usage: exctl cases expire-due [--db FILE | --pg CONNINFO]\n"
                "  expire every licence past its validity (audited as user 'system')\n");
        return help ? CLI_OK : CLI_USAGE;
    }
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--db") && i + 1 < argc) {
            db = argv[++i];
        } else if (!strcmp(argv[i], "--pg") && i + 1 < argc) {
            pg = argv[++i];
        } else {
            cli_error("cases", "unknown or incomplete option '%s'", argv[i]);
            return CLI_USAGE;
        }
    }
    if (db && pg) {
        cli_error("cases", "--db and --pg exclude each other");
        return CLI_USAGE;
    }
    exctl_errbuf eb = {{0}};
    char *resp = NULL;
    int rc = exctl_cases_expire_due(db ? db : "exctl.db", pg, &resp, &eb);
    if (rc) {
        cli_error("cases", "%s", eb.msg[0] ? eb.msg : exctl_strerror(rc));
        return CLI_FAIL;
    }
    printf("%s\n", resp);
    exctl_free(resp);
    return CLI_OK;
}
