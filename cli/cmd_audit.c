/*
 * exctl audit verify — check the hash chain of a store's audit log.
 * Exit status 0 when intact, 1 when a row was changed or removed.
 */
#include <string.h>
#include "cli.h"
#include "exctl/server.h"

int cmd_audit(int argc, char **argv)
{
    const char *db = NULL, *pg = NULL;
    if (argc < 2 || strcmp(argv[1], "verify")) {
        fprintf(argc >= 2 && !strcmp(argv[1], "--help") ? stdout : stderr,
                "usage: exctl audit verify [--db FILE | --pg CONNINFO]\n");
        return argc >= 2 && !strcmp(argv[1], "--help") ? CLI_OK : CLI_USAGE;
    }
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--db") && i + 1 < argc) {
            db = argv[++i];
        } else if (!strcmp(argv[i], "--pg") && i + 1 < argc) {
            pg = argv[++i];
        } else {
            cli_error("audit", "unknown or incomplete option '%s'", argv[i]);
            return CLI_USAGE;
        }
    }
    if (db && pg) {
        cli_error("audit", "--db and --pg exclude each other");
        return CLI_USAGE;
    }
    exctl_errbuf eb = {{0}};
    int64_t rows = 0, bad = 0;
    int rc = pg ? exctl_audit_verify_pg(pg, &rows, &bad, &eb)
                : exctl_audit_verify(db ? db : "exctl.db", &rows, &bad, &eb);
    /* A conninfo may hold a password: name the store without it. */
    const char *what = pg ? "PostgreSQL" : db ? db : "exctl.db";
    if (rc == EXCTL_ESTATE) {
        printf("audit: %s: BROKEN at row %lld: %s\n", what, (long long)bad, eb.msg);
        return CLI_FAIL;
    }
    if (rc) {
        cli_error("audit", "%s", eb.msg[0] ? eb.msg : exctl_strerror(rc));
        return CLI_FAIL;
    }
    printf("audit: %s: %lld rows, chain intact\n", what, (long long)rows);
    return CLI_OK;
}
