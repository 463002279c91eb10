/*
 * Helpers shared by the commands: list options, JSON printing, errors.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "exctl/update.h"

int cli_lists_opt(cli_lists *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (!strcmp(a, "--lenient")) {
        o->lenient = true;
        return 1;
    }
    if (!strcmp(a, "--list") || !strncmp(a, "--list=", 7)) {
        const char *v = NULL;
        if (a[6] == '=') {
            v = a + 7;
        } else if (*i + 1 < argc) {
            v = argv[++*i];
        }
        if (!v || !*v) {
            fprintf(stderr, "exctl: --list needs a file\n");
            return -1;
        }
        if (o->n_files >= (int)(sizeof o->files / sizeof o->files[0])) {
            fprintf(stderr, "exctl: too many --list options\n");
            return -1;
        }
        o->files[o->n_files++] = v;
        return 1;
    }
    return 0;
}

int cli_lists_load(const cli_lists *o, exctl_listset **out)
{
    exctl_listset *ls = NULL;
    exctl_errbuf eb = {{0}};
    exctl_load_opts opts = {.lenient = o->lenient};
    int rc = exctl_listset_new(&ls);
    if (rc) {
        fprintf(stderr, "exctl: %s\n", exctl_strerror(rc));
        return rc;
    }
    if (o->n_files == 0) {
        rc = exctl_listset_load_current(ls, NULL, &opts, &eb);   /* bundled + updates */
    } else {
        for (int i = 0; i < o->n_files && !rc; i++)
            rc = exctl_listset_load_file(ls, o->files[i], &opts, NULL, &eb);
    }
    if (rc) {
        fprintf(stderr, "exctl: %s\n", eb.msg[0] ? eb.msg : exctl_strerror(rc));
        exctl_listset_free(ls);
        return rc;
    }
    for (size_t i = 0; i < exctl_listset_count(ls); i++) {
        const exctl_list *l = exctl_listset_at(ls, i);
        if (exctl_list_skipped(l))
            fprintf(stderr, "exctl: %s: skipped %zu malformed record(s) (--lenient)\n",
                    exctl_list_id(l), exctl_list_skipped(l));
    }
    *out = ls;
    return 0;
}

void cli_json_print(FILE *f, const json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII * 0);
    if (s) {
        fputs(s, f);
        fputc('\n', f);
        free(s);
    }
}

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "exctl %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_jsonl_print(const json_t *o)
{
    char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
    if (s) {
        fputs(s, stdout);
        fputc('\n', stdout);
        free(s);
    }
}

void cli_jsonl_error(const char *cmd, json_t *id, size_t line, const char *msg)
{
    char buf[700];
    snprintf(buf, sizeof buf, "line %zu: %s", line, msg);
    json_t *o = json_object();
    json_object_set(o, "id", id ? id : json_null());
    json_object_set_new(o, "error", json_string(buf));
    cli_jsonl_print(o);
    json_decref(o);
    fprintf(stderr, "exctl %s: stdin:%s\n", cmd, buf);
}
