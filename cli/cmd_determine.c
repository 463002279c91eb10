/*
 * exctl determine --json FILE|- [--explain] [--packs DIR] [--pack ID]
 *
 * Reads one transaction (the contract in docs/formats/packs.md), picks the
 * jurisdiction pack in force on the transaction date and prints the result
 * as one JSON line with sorted keys. --explain prints the reasoning trace
 * instead, for a person to follow. Screening hits come from the transaction
 * ("screening" on a party); the screening engine is plugged in through the
 * exctl_det_screen_fn hook once it is available.
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

static void usage(FILE *f)
{
    fprintf(f, "usage: exctl determine --json FILE|- [--explain] [--packs DIR] [--pack ID]\n"
               "  --json FILE   transaction as JSON ('-' reads standard input)\n"
               "  --explain     print the reasoning trace instead of the JSON result\n"
               "  --packs DIR   load jurisdiction packs from DIR instead of the bundled ones\n"
               "  --pack ID     use this pack regardless of jurisdiction\n");
}

int cmd_determine(int argc, char **argv)
{
    const char *file = NULL, *packs = NULL, *pack_id = NULL;
    bool explain = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--json") && i + 1 < argc) {
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
    exctl_packset_free(ps);
    free(data);
    return ret;
}
