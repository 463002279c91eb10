/*
 * exctl lists [--list FILE]... [--json] [--lenient] [--formats]
 */
#include <string.h>
#include <time.h>
#include "cli.h"

static json_t *list_json(const exctl_list *l)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I}",
                     "id", exctl_list_id(l), "name", exctl_list_name(l),
                     "publisher", exctl_list_publisher(l),
                     "source_url", exctl_list_source_url(l), "date", exctl_list_date(l),
                     "format", exctl_list_format(l), "sha256", exctl_list_sha256(l),
                     "entities", (json_int_t)exctl_list_entity_count(l),
                     "names", (json_int_t)exctl_list_name_count(l),
                     "records", (json_int_t)exctl_list_rows(l),
                     "skipped", (json_int_t)exctl_list_skipped(l));
}

int cmd_lists_update(int argc, char **argv);   /* cmd_lists_update.c */

int cmd_lists(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "update"))
        return cmd_lists_update(argc - 1, argv + 1);
    cli_lists lo = {0};
    bool json = false;
    for (int i = 1; i < argc; i++) {
        int r = cli_lists_opt(&lo, argc, argv, &i);
        if (r < 0)
            return CLI_USAGE;
        if (r)
            continue;
        if (!strcmp(argv[i], "--json")) {
            json = true;
        } else if (!strcmp(argv[i], "--formats")) {
            for (const char *const *f = exctl_list_formats(); *f; f++)
                printf("%s\n", *f);
            return CLI_OK;
        } else if (!strcmp(argv[i], "--help")) {
            printf("usage: exctl lists [--list FILE]... [--lenient] [--json] [--formats]\n");
            return CLI_OK;
        } else {
            cli_error("lists", "unknown option '%s'", argv[i]);
            return CLI_USAGE;
        }
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    exctl_listset *ls = NULL;
    if (cli_lists_load(&lo, &ls))
        return CLI_FAIL;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    size_t total_e = 0, total_n = 0;
    if (json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < exctl_listset_count(ls); i++)
            json_array_append_new(arr, list_json(exctl_listset_at(ls, i)));
        json_t *root = json_pack("{s:o}", "lists", arr);
        cli_json_print(stdout, root);
        json_decref(root);
    } else {
        printf("%-22s %-10s %-28s %9s %9s  %s\n", "LIST", "DATE", "PUBLISHER", "ENTITIES",
               "NAMES", "SHA-256");
        for (size_t i = 0; i < exctl_listset_count(ls); i++) {
            const exctl_list *l = exctl_listset_at(ls, i);
            printf("%-22s %-10s %-28.28s %9zu %9zu  %.16s\n", exctl_list_id(l),
                   exctl_list_date(l), exctl_list_publisher(l),
                   exctl_list_entity_count(l), exctl_list_name_count(l),
                   exctl_list_sha256(l));
            total_e += exctl_list_entity_count(l);
            total_n += exctl_list_name_count(l);
        }
        printf("%zu lists, %zu entities, %zu names, loaded in %.0f ms\n",
               exctl_listset_count(ls), total_e, total_n, ms);
    }
    exctl_listset_free(ls);
    return CLI_OK;
}
