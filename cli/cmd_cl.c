/*
 * exctl cl search TEXT [--json] [--limit N]
 * exctl cl show CODE [--json]
 *
 * Control-list browsing over the bundled lists (JP 別表第1 / 貨物等省令, US
 * CCL, EU codes, regime identifiers). JSON output is one object per line with
 * sorted keys so it can be diffed and piped.
 */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "exctl/controls.h"

static json_t *entry_brief(const exctl_cl_entry *e)
{
    const char *t = exctl_cl_entry_title(e);
    return json_pack("{s:s, s:s, s:s, s:s}", "code", exctl_cl_entry_code(e), "numbering",
                     exctl_cl_numbering_name(exctl_cl_entry_numbering(e)), "title", t,
                     "title_ja", exctl_cl_entry_title_ja(e));
}

static json_t *counterparts_json(const exctl_cl_entry *e)
{
    json_t *a = json_array();
    for (size_t i = 0; i < exctl_cl_entry_counterpart_count(e); i++) {
        exctl_numbering n;
        const char *code, *basis;
        if (exctl_cl_entry_counterpart(e, i, &n, &code, &basis))
            continue;
        json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "numbering",
                                           exctl_cl_numbering_name(n), "code", code, "basis",
                                           basis));
    }
    return a;
}

static json_t *paragraph_json(const exctl_cl_entry *e)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", exctl_cl_entry_code(e), "text",
                          exctl_cl_entry_text(e), "text_ja", exctl_cl_entry_text_ja(e),
                          "notes", exctl_cl_entry_notes(e), "reasons",
                          exctl_cl_entry_reasons(e));
    json_t *kids = json_array();
    for (size_t i = 0; i < exctl_cl_entry_child_count(e); i++)
        json_array_append_new(kids, paragraph_json(exctl_cl_entry_child(e, i)));
    json_object_set_new(o, "paragraphs", kids);
    return o;
}

static json_t *entry_json(const exctl_cl_entry *e)
{
    json_t *o = entry_brief(e);
    json_t *parents = json_array();
    for (const exctl_cl_entry *p = exctl_cl_entry_parent(e); p; p = exctl_cl_entry_parent(p))
        json_array_insert_new(parents, 0, entry_brief(p));
    json_object_set_new(o, "parents", parents);
    json_object_set_new(o, "text", json_string(exctl_cl_entry_text(e)));
    json_object_set_new(o, "text_ja", json_string(exctl_cl_entry_text_ja(e)));
    json_object_set_new(o, "notes", json_string(exctl_cl_entry_notes(e)));
    json_object_set_new(o, "reasons", json_string(exctl_cl_entry_reasons(e)));
    const exctl_cl_entry *top = e;
    while (exctl_cl_entry_parent(top))
        top = exctl_cl_entry_parent(top);
    json_object_set_new(o, "lvs", json_string(exctl_cl_entry_lvs(top)));
    json_object_set_new(o, "gbs", json_string(exctl_cl_entry_gbs(top)));
    json_object_set_new(o, "counterparts", counterparts_json(e));
    json_t *kids = json_array();
    for (size_t i = 0; i < exctl_cl_entry_child_count(e); i++)
        json_array_append_new(kids, paragraph_json(exctl_cl_entry_child(e, i)));
    json_object_set_new(o, "paragraphs", kids);
    return o;
}

static void print_para(const exctl_cl_entry *e, int depth)
{
    const char *t = exctl_cl_entry_text(e);
    if (!*t)
        t = exctl_cl_entry_text_ja(e);
    printf("%*s%s  %s", depth * 2, "", exctl_cl_entry_code(e), t);
    if (*exctl_cl_entry_reasons(e))
        printf("  [%s]", exctl_cl_entry_reasons(e));
    printf("\n");
    for (size_t i = 0; i < exctl_cl_entry_child_count(e); i++)
        print_para(exctl_cl_entry_child(e, i), depth + 1);
}

static void print_entry(const exctl_cl_entry *e)
{
    printf("%s  (%s)\n", exctl_cl_entry_code(e),
           exctl_cl_numbering_name(exctl_cl_entry_numbering(e)));
    for (const exctl_cl_entry *p = exctl_cl_entry_parent(e); p; p = exctl_cl_entry_parent(p))
        printf("  within %s  %s%s\n", exctl_cl_entry_code(p), exctl_cl_entry_title(p),
               exctl_cl_entry_title_ja(p));
    if (*exctl_cl_entry_title(e))
        printf("title: %s\n", exctl_cl_entry_title(e));
    if (*exctl_cl_entry_title_ja(e))
        printf("title (ja): %s\n", exctl_cl_entry_title_ja(e));
    if (*exctl_cl_entry_reasons(e))
        printf("reasons for control: %s\n", exctl_cl_entry_reasons(e));
    if (*exctl_cl_entry_notes(e))
        printf("notes: %s\n", exctl_cl_entry_notes(e));
    if (*exctl_cl_entry_lvs(e))
        printf("LVS: %s\n", exctl_cl_entry_lvs(e));
    if (*exctl_cl_entry_gbs(e))
        printf("GBS: %s\n", exctl_cl_entry_gbs(e));
    for (size_t i = 0; i < exctl_cl_entry_counterpart_count(e); i++) {
        exctl_numbering n;
        const char *code, *basis;
        if (!exctl_cl_entry_counterpart(e, i, &n, &code, &basis))
            printf("counterpart: %s %s  (%s)\n", exctl_cl_numbering_name(n), code, basis);
    }
    if (exctl_cl_entry_child_count(e))
        printf("paragraphs:\n");
    for (size_t i = 0; i < exctl_cl_entry_child_count(e); i++)
        print_para(exctl_cl_entry_child(e, i), 1);
}

static int load(exctl_controls **c)
{
    exctl_errbuf eb = {{0}};
    int rc = exctl_controls_load_bundled(c, &eb);
    if (rc)
        cli_error("cl", "%s", eb.msg[0] ? eb.msg : exctl_strerror(rc));
    return rc;
}

/* Length of at most max bytes of s that ends on a UTF-8 character boundary. */
static int utf8_cut(const char *s, int max)
{
    int n = (int)strlen(s);
    if (n <= max)
        return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: exctl cl search TEXT [--json] [--limit N]\n"
               "       exctl cl show CODE [--json]\n"
               "CODE: an ECCN or paragraph (3A001.a.1), an EU code (eu:3A001), a 別表第1\n"
               "item (7項(1) or 7の項（1）), a 貨物等省令 clause (第六条第一号イ) or a\n"
               "regime identifier (NSG:T1.1).\n");
}

int cmd_cl(int argc, char **argv)
{
    bool json = false;
    long limit = 20;
    const char *sub = NULL, *arg = NULL;
    exctl_controls *c = NULL;
    int ret = CLI_FAIL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            json = true;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return CLI_OK;
        } else if (!strcmp(argv[i], "--limit") && i + 1 < argc) {
            char *end;
            limit = strtol(argv[++i], &end, 10);
            if (*end || limit < 1 || limit > 1000) {
                cli_error("cl", "--limit needs a number from 1 to 1000");
                return CLI_USAGE;
            }
        } else if (!sub) {
            sub = argv[i];
        } else if (!arg) {
            arg = argv[i];
        } else {
            usage(stderr);
            return CLI_USAGE;
        }
    }
    if (!sub || !arg || (strcmp(sub, "search") && strcmp(sub, "show"))) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (load(&c))
        goto out;
    if (!strcmp(sub, "show")) {
        const exctl_cl_entry *e = exctl_controls_get(c, arg);
        if (!e) {
            cli_error("cl", "no control list entry %s", arg);
            goto out;
        }
        if (json) {
            json_t *o = entry_json(e);
            cli_json_print(stdout, o);
            json_decref(o);
        } else {
            print_entry(e);
        }
        ret = CLI_OK;
        goto out;
    }
    exctl_cl_hits *h = NULL;
    exctl_errbuf eb = {{0}};
    int rc = exctl_controls_search(c, arg, (size_t)limit, &h, &eb);
    if (rc) {
        cli_error("cl", "%s", eb.msg[0] ? eb.msg : exctl_strerror(rc));
        goto out;
    }
    for (size_t i = 0; i < exctl_cl_hits_count(h); i++) {
        const exctl_cl_entry *e = exctl_cl_hits_entry(h, i);
        if (json) {
            json_t *o = entry_brief(e);
            json_object_set_new(o, "score", json_real(exctl_cl_hits_score(h, i)));
            json_object_set_new(o, "rank", json_integer((json_int_t)i + 1));
            cli_json_print(stdout, o);
            json_decref(o);
        } else {
            const char *t = exctl_cl_entry_title(e);
            if (!*t)
                t = exctl_cl_entry_title_ja(e);
            printf("%2zu. %-12s %6.2f  %.*s\n", i + 1, exctl_cl_entry_code(e),
                   exctl_cl_hits_score(h, i), utf8_cut(t, 100), t);
        }
    }
    exctl_cl_hits_free(h);
    ret = CLI_OK;
out:
    exctl_controls_free(c);
    return ret;
}
