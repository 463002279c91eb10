/*
 * exctl determine --json FILE|- [--explain] [--packs DIR] [--pack ID]
 *
 * Reads one transaction (the contract in docs/formats/packs.md), picks the
 * jurisdiction pack in force on the transaction date and prints the result
 * as one JSON line with sorted keys. --explain prints the reasoning trace
 * instead, for a person to follow. Every party is screened with the
 * screening engine over the bundled lists (or the --list files) through the
 * determination's screening hook; --no-screen uses only the hits given in the
 * transaction, which is how recorded determinations are replayed. The lists
 * are loaded only when the transaction has parties.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "exctl/determine.h"

static int read_all(const char *path, char **out, size_t *len)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!f || !buf) {
        free(buf);
        if (f && f != stdin)
            fclose(f);
        return -1;
    }
    for (;;) {
        if (n == cap) {
            if (cap >= (size_t)64 << 20) {
                free(buf);
                if (f != stdin)
                    fclose(f);
                return -2;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                if (f != stdin)
                    fclose(f);
                return -1;
            }
            buf = nb;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    if (f != stdin)
        fclose(f);
    *out = buf;
    *len = n;
    return 0;
}

/* Does the transaction name any party? Malformed input answers no: the
 * determination reports it without loading lists first. */
static bool has_parties(const char *data, size_t len)
{
    json_t *t = json_loadb(data, len, 0, NULL);
    json_t *p = json_object_get(t, "parties");
    bool yes = json_is_array(p) && json_array_size(p) > 0;
    json_decref(t);
    return yes;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: exctl determine --json FILE|- [--explain] [--packs DIR] [--pack ID]\n"
               "                       [--list FILE]... [--lenient] [--threshold T] [--no-screen]\n"
               "  --json FILE   transaction as JSON ('-' reads standard input)\n"
               "  --explain     print the reasoning trace instead of the JSON result\n"
               "  --packs DIR   load jurisdiction packs from DIR instead of the bundled ones\n"
               "  --pack ID     use this pack regardless of jurisdiction\n"
               "  --list FILE   screen parties against FILE instead of the bundled lists\n"
               "  --threshold T screening threshold (default: the screener's)\n"
               "  --no-screen   use only the screening hits given in the transaction\n");
}

int cmd_determine(int argc, char **argv)
{
    const char *file = NULL, *packs = NULL, *pack_id = NULL;
    bool explain = false, no_screen = false;
    double threshold = -1;
    cli_lists lo = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int lr = cli_lists_opt(&lo, argc, argv, &i);
        if (lr < 0)
            return CLI_USAGE;
        if (lr)
            continue;
        if (!strcmp(a, "--no-screen")) {
            no_screen = true;
        } else if (!strcmp(a, "--threshold") && i + 1 < argc) {
            char *end = NULL;
            threshold = strtod(argv[++i], &end);
            if (!end || *end || threshold < 0 || threshold > 1) {
                cli_error("determine", "--threshold needs a number in [0, 1]");
                return CLI_USAGE;
            }
        } else if (!strcmp(a, "--json") && i + 1 < argc) {
            file = argv[++i];
        } else if (!strcmp(a, "--packs") && i + 1 < argc) {
            packs = argv[++i];
        } else if (!strcmp(a, "--pack") && i + 1 < argc) {
            pack_id = argv[++i];
        } else if (!strcmp(a, "--explain")) {
            explain = true;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return CLI_OK;
        } else {
            cli_error("determine", "unknown or incomplete option '%s'", a);
            usage(stderr);
            return CLI_USAGE;
        }
    }
    if (!file) {
        usage(stderr);
        return CLI_USAGE;
    }
    int ret = CLI_FAIL;
    exctl_errbuf eb = {{0}};
    exctl_packset *ps = NULL;
    exctl_determination *d = NULL;
    exctl_listset *ls = NULL;
    exctl_screener *scr = NULL;
    char *data = NULL;
    size_t len = 0;
    int rc = exctl_packset_new(&ps);
    if (!rc)
        rc = packs ? exctl_packset_load_dir(ps, packs, &eb) : exctl_packset_load_bundled(ps, &eb);
    if (rc) {
        cli_error("determine", "%s", eb.msg[0] ? eb.msg : exctl_strerror(rc));
        goto out;
    }
    int r = read_all(file, &data, &len);
    if (r) {
        cli_error("determine", "%s: %s", file, r == -2 ? "larger than 64 MiB" : "cannot read");
        goto out;
    }
    exctl_det_opts opts = {.pack_id = pack_id};
    exctl_det_screener sc = {.threshold = threshold};
    if (!no_screen && has_parties(data, len)) {
        if (cli_lists_load(&lo, &ls)) {
            cli_error("determine", "the parties cannot be screened; name lists with --list FILE "
                                   "or use --no-screen to rely on the hits in the transaction");
            goto out;
        }
        if ((rc = exctl_screener_new(ls, &scr, &eb))) {
            cli_error("determine", "screening: %s", eb.msg[0] ? eb.msg : exctl_strerror(rc));
            goto out;
        }
        sc.screener = scr;
        opts.screen = exctl_det_screen_screener;
        opts.screen_ctx = &sc;
    }
    rc = exctl_determine_json(ps, data, len, &opts, &d, &eb);
    if (rc) {
        cli_error("determine", "%s", eb.msg[0] ? eb.msg : exctl_strerror(rc));
        goto out;
    }
    if (explain)
        fputs(exctl_determination_trace(d), stdout);
    else
        printf("%s\n", exctl_determination_json(d));
    ret = CLI_OK;
out:
    exctl_determination_free(d);
    exctl_screener_free(scr);
    exctl_listset_free(ls);
    exctl_packset_free(ps);
    free(data);
    return ret;
}
