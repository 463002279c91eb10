/*
 * exctl serve — run the HTTP server until SIGINT/SIGTERM.
 *
 * Prints the URL once listening and, on the first start over an empty
 * store, the generated admin password: that is the only time it is shown
 * (only its argon2id hash is stored).
 */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "exctl/server.h"

static void serve_usage(FILE *f)
{
    fprintf(f, "usage: exctl serve [--port N] [--listen ADDR] [--db FILE | --pg CONNINFO]\n"
               "                   [--list FILE]... [--lenient] [--threads N] [--web DIR]\n"
               "                   [--expire-every SECONDS]\n"
               "  --port N       TCP port (default 8080; 0 = any free port)\n"
               "  --listen ADDR  address to bind (default 127.0.0.1)\n"
               "  --db FILE      SQLite store file (default exctl.db)\n"
               "  --pg CONNINFO  keep the store in PostgreSQL instead (libpq conninfo, e.g.\n"
               "                 'host=db1 dbname=exctl user=exctl'); several servers over one\n"
               "                 database share all state. Keep the password out of the\n"
               "                 command line: ~/.pgpass or PGPASSWORD\n"
               "  --list FILE    load this list instead of the bundled ones (repeatable)\n"
               "  --threads N    worker threads (default: number of CPUs)\n"
               "  --web DIR      UI assets directory (default: found next to the data)\n"
               "  --expire-every SECONDS\n"
               "                 run the licence expiry sweep this often (default 60)\n");
}

static int parse_uint(const char *s, unsigned max, unsigned *out)
{
    char *end = NULL;
    if (!s || !*s)
        return -1;
    unsigned long v = strtoul(s, &end, 10);
    if (*end || v > max || s[0] == '-')
        return -1;
    *out = (unsigned)v;
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    cli_lists lo = {0};
    exctl_server_opts o = {.port = 8080};
    exctl_server *srv = NULL;
    exctl_errbuf eb = {{0}};
    for (int i = 1; i < argc; i++) {
        int r = cli_lists_opt(&lo, argc, argv, &i);
        if (r < 0)
            return CLI_USAGE;
        if (r > 0)
            continue;
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            serve_usage(stdout);
            return CLI_OK;
        } else if (!strcmp(a, "--port") && v) {
            if (parse_uint(v, 65535, &o.port)) {
                cli_error("serve", "--port must be 0..65535");
                return CLI_USAGE;
            }
            i++;
        } else if (!strcmp(a, "--threads") && v) {
            if (parse_uint(v, 256, &o.threads)) {
                cli_error("serve", "--threads must be 0..256");
                return CLI_USAGE;
            }
            i++;
        } else if (!strcmp(a, "--expire-every") && v) {
            if (parse_uint(v, 86400, &o.expire_every) || !o.expire_every) {
                cli_error("serve", "--expire-every must be 1..86400 seconds");
                return CLI_USAGE;
            }
            i++;
        } else if (!strcmp(a, "--listen") && v) {
            o.listen = argv[++i];
        } else if (!strcmp(a, "--db") && v) {
            o.db = argv[++i];
        } else if (!strcmp(a, "--pg") && v) {
            o.pg = argv[++i];
        } else if (!strcmp(a, "--web") && v) {
            o.web_dir = argv[++i];
        } else {
            cli_error("serve", "unknown or incomplete option '%s'", a);
            serve_usage(stderr);
            return CLI_USAGE;
        }
    }
    if (o.db && o.pg) {
        cli_error("serve", "--db and --pg exclude each other");
        return CLI_USAGE;
    }
    o.list_files = (const char *const *)lo.files;
    o.n_list_files = (size_t)lo.n_files;
    o.lenient = lo.lenient;
    int rc = exctl_server_start(&o, &srv, &eb);
    if (rc) {
        cli_error("serve", "%s", eb.msg[0] ? eb.msg : exctl_strerror(rc));
        return CLI_FAIL;
    }
    /* The conninfo may hold a password: it is never printed. */
    printf("exctl: serving on http://%s:%u/ (store %s)\n", o.listen ? o.listen : "127.0.0.1",
           exctl_server_port(srv), o.pg ? "PostgreSQL" : o.db ? o.db : "exctl.db");
    const char *pw = exctl_server_admin_password(srv);
    if (pw)
        printf("exctl: first start: created user 'admin' with password %s\n"
               "exctl: this password is shown only once; change it after logging in.\n", pw);
    fflush(stdout);
    exctl_server_wait_signal(srv);
    exctl_server_stop(srv);
    printf("exctl: stopped\n");
    return CLI_OK;
}
