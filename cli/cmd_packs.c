/*
 * exctl packs [--packs DIR] [--json]: list the jurisdiction packs with their
 * version, validity window and section counts, so that an operator can see
 * which law a determination will use before running it.
 */
#include <string.h>
#include "cli.h"
#include "exctl/determine.h"

int cmd_packs(int argc, char **argv)
{
    const char *dir = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--packs") && i + 1 < argc) {
            dir = argv[++i];
        } else if (!strcmp(argv[i], "--json")) {
            json = true;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: exctl packs [--packs DIR] [--json]\n");
            return CLI_OK;
        } else {
            cli_error("packs", "unknown option '%s'", argv[i]);
            return CLI_USAGE;
        }
    }
    exctl_errbuf eb = {{0}};
    exctl_packset *ps = NULL;
    int rc = exctl_packset_new(&ps);
    if (!rc)
        rc = dir ? exctl_packset_load_dir(ps, dir, &eb) : exctl_packset_load_bundled(ps, &eb);
    if (rc) {
        cli_error("packs", "%s", eb.msg[0] ? eb.msg : exctl_strerror(rc));
        exctl_packset_free(ps);
        return CLI_FAIL;
    }
    json_t *arr = json ? json_array() : NULL;
    if (!json)
        printf("%-14s %-4s %-10s %-10s %-10s %6s %5s %4s %4s %4s %4s\n", "PACK", "JUR", "VERSION",
               "FROM", "TO", "GROUPS", "RULES", "EXC", "CIT", "TAB", "RF");
    for (size_t i = 0; i < exctl_packset_count(ps); i++) {
        const exctl_pack *p = exctl_packset_at(ps, i);
        if (json) {
            json_array_append_new(arr, json_pack(
                "{s:s, s:s, s:s, s:s, s:s, s:s, s:{s:I, s:I, s:I, s:I, s:I, s:I}}", "id",
                exctl_pack_id(p), "jurisdiction", exctl_pack_jurisdiction(p), "name",
                exctl_pack_name(p), "version", exctl_pack_version(p), "valid_from",
                exctl_pack_valid_from(p), "valid_to", exctl_pack_valid_to(p), "counts",
                "groups", (json_int_t)exctl_pack_count(p, EXCTL_PACK_GROUPS), "rules",
                (json_int_t)exctl_pack_count(p, EXCTL_PACK_RULES), "exceptions",
                (json_int_t)exctl_pack_count(p, EXCTL_PACK_EXCEPTIONS), "citations",
                (json_int_t)exctl_pack_count(p, EXCTL_PACK_CITATIONS), "tables",
                (json_int_t)exctl_pack_count(p, EXCTL_PACK_TABLES), "red_flags",
                (json_int_t)exctl_pack_count(p, EXCTL_PACK_RED_FLAGS)));
        } else {
            printf("%-14s %-4s %-10s %-10s %-10s %6zu %5zu %4zu %4zu %4zu %4zu\n",
                   exctl_pack_id(p), exctl_pack_jurisdiction(p), exctl_pack_version(p),
                   exctl_pack_valid_from(p),
                   *exctl_pack_valid_to(p) ? exctl_pack_valid_to(p) : "-",
                   exctl_pack_count(p, EXCTL_PACK_GROUPS), exctl_pack_count(p, EXCTL_PACK_RULES),
                   exctl_pack_count(p, EXCTL_PACK_EXCEPTIONS),
                   exctl_pack_count(p, EXCTL_PACK_CITATIONS),
                   exctl_pack_count(p, EXCTL_PACK_TABLES),
                   exctl_pack_count(p, EXCTL_PACK_RED_FLAGS));
        }
    }
    if (json) {
        json_t *root = json_pack("{s:o}", "packs", arr);
        cli_json_print(stdout, root);
        json_decref(root);
    }
    exctl_packset_free(ps);
    return CLI_OK;
}
