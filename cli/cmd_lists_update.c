/*
 * exctl lists update [--dir DIR] [--sources FILE] [--only ID] [--force]
 *                    [--timeout SECONDS] [--max-size MIB] [--json]
 *
 * Fetch the lists from their publishers and swap in the ones that validate
 * (include/exctl/update.h). One line per list; exit status 0 when every
 * list was updated, unchanged or skipped, 1 when any failed or was refused.
 */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "exctl/update.h"

int cmd_lists_update(int argc, char **argv);

static void print_result(const exctl_update_result *r, void *ud)
{
    bool json = *(bool *)ud;
    if (json) {
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:s}", "list", r->list_id,
                              "status", exctl_update_status_name(r->status), "version",
                              r->version, "sha256", r->sha256, "old_entities",
                              (json_int_t)r->old_entities, "new_entities",
                              (json_int_t)r->new_entities, "message", r->message);
        if (o)
            cli_json_print(stdout, o);
        json_decref(o);
        return;
    }
    printf("%-26s %-9s %s\n", r->list_id, exctl_update_status_name(r->status), r->message);
    fflush(stdout);   /* keep the order with the summary on stderr */
}

static bool parse_long(const char *s, long min, long max, long *out)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

int cmd_lists_update(int argc, char **argv)
{
    exctl_update_opts o = {0};
    bool json = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long n;
        if (!strcmp(a, "--force")) {
            o.force = 1;
        } else if (!strcmp(a, "--json")) {
            json = true;
        } else if (!strcmp(a, "--help")) {
            printf("usage: exctl lists update [--dir DIR] [--sources FILE] [--only ID] "
                   "[--force] [--timeout SECONDS] [--max-size MIB] [--json]\n"
                   "  updates directory (default): %s\n", exctl_update_default_dir());
            return CLI_OK;
        } else if (v && (!strcmp(a, "--dir") || !strcmp(a, "--sources") ||
                         !strcmp(a, "--only"))) {
            *(a[2] == 'd' ? &o.dir : a[2] == 's' ? &o.sources : &o.only) = v;
            i++;
        } else if (v && !strcmp(a, "--timeout") && parse_long(v, 1, 86400, &n)) {
            o.timeout_s = n;
            o.low_speed_time_s = n < 60 ? n : 60;
            o.connect_timeout_s = n < 30 ? n : 30;
            i++;
        } else if (v && !strcmp(a, "--max-size") && parse_long(v, 1, 4096, &n)) {
            o.max_bytes = (size_t)n << 20;
            i++;
        } else {
            cli_error("lists update", "bad or incomplete option '%s' (see --help)", a);
            return CLI_USAGE;
        }
    }
    exctl_errbuf eb = {{0}};
    int rc = exctl_lists_update(&o, print_result, &json, &eb);
    if (rc) {
        cli_error("lists update", "%s", eb.msg[0] ? eb.msg : exctl_strerror(rc));
        return CLI_FAIL;
    }
    return CLI_OK;
}
