/*
 * exctl screen — screen names against the loaded lists.
 *
 *   exctl screen [--list FILE]... [--threshold T] [--limit K] [--explain] NAME
 *   exctl screen [--list FILE]... --jsonl [--threshold T] [--limit K] [--explain]
 *   exctl screen [--list FILE]... --csv FILE --out FILE [--name-col C] [--id-col C]
 *                [--country-col C] [--type-col C] [--birth-col C]
 *
 * JSON lines: one output line per non-blank input line, in input order:
 * {"id":..,"matches":[{"list","entity_id","name","matched_name","score"}]}
 * best first. A line that is not a JSON object with a string "name" (or has
 * an unknown "type") produces {"id": <id or null>, "error": "line N: ..."}
 * in its place; the run goes on and exits with status 1.
 *
 * CSV: the customer master is read with a small RFC 4180 reader (quoted
 * fields, embedded newlines); the output has one row per match, and one row
 * with empty match columns for a party without matches, so every input row
 * is accounted for. Progress goes to stderr when it is a terminal.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "cli.h"
#include "exctl/screen.h"

typedef struct screen_opts {
    cli_lists lists;
    double threshold;
    size_t limit;
    bool explain, jsonl;
    const char *csv, *out;
    const char *name_col, *id_col, *country_col, *type_col, *birth_col;
    const char *name;
} screen_opts;

static int parse_double01(const char *s, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= 0.0 && v <= 1.0))
        return -1;
    *out = v;
    return 0;
}

static int parse_size(const char *s, size_t *out)
{
    char *end = NULL;
    errno = 0;
    if (*s == '-')
        return -1;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || v == 0 || v > 100000)
        return -1;
    *out = (size_t)v;
    return 0;
}

static const char *opt_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        cli_error("screen", "%s needs a value", argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

static int parse_args(int argc, char **argv, screen_opts *o)
{
    for (int i = 1; i < argc; i++) {
        int r = cli_lists_opt(&o->lists, argc, argv, &i);
        if (r < 0)
            return CLI_USAGE;
        if (r)
            continue;
        const char *a = argv[i];
        const char **str = NULL;
        if (!strcmp(a, "--threshold")) {
            const char *v = opt_value(argc, argv, &i);
            if (!v || parse_double01(v, &o->threshold)) {
                cli_error("screen", "--threshold needs a number between 0 and 1");
                return CLI_USAGE;
            }
        } else if (!strcmp(a, "--limit")) {
            const char *v = opt_value(argc, argv, &i);
            if (!v || parse_size(v, &o->limit)) {
                cli_error("screen", "--limit needs a whole number between 1 and 100000");
                return CLI_USAGE;
            }
        } else if (!strcmp(a, "--explain")) {
            o->explain = true;
        } else if (!strcmp(a, "--jsonl")) {
            o->jsonl = true;
        } else if (!strcmp(a, "--csv")) {
            str = &o->csv;
        } else if (!strcmp(a, "--out")) {
            str = &o->out;
        } else if (!strcmp(a, "--name-col")) {
            str = &o->name_col;
        } else if (!strcmp(a, "--id-col")) {
            str = &o->id_col;
        } else if (!strcmp(a, "--country-col")) {
            str = &o->country_col;
        } else if (!strcmp(a, "--type-col")) {
            str = &o->type_col;
        } else if (!strcmp(a, "--birth-col")) {
            str = &o->birth_col;
        } else if (!strcmp(a, "--help")) {
            printf("usage: exctl screen [--list FILE]... [--threshold T] [--limit K] [--explain] NAME\n"
                   "       exctl screen [--list FILE]... --jsonl [--threshold T] [--limit K]\n"
                   "       exctl screen [--list FILE]... --csv FILE --out FILE [--name-col C]\n"
                   "                    [--id-col C] [--country-col C] [--type-col C] [--birth-col C]\n"
                   "Default threshold %.2f, limit 10. JSON lines input: {\"id\",\"name\",\"type\",\n"
                   "\"country\",\"birth_date\",\"identifiers\"}; a malformed line yields\n"
                   "{\"id\":..,\"error\":\"line N: ...\"} in its place and exit status 1.\n",
                   exctl_screen_default_threshold());
            return -1;
        } else if (a[0] == '-' && a[1]) {
            cli_error("screen", "unknown option '%s'", a);
            return CLI_USAGE;
        } else if (!o->name) {
            o->name = a;
        } else {
            cli_error("screen", "give one NAME (quote names with spaces)");
            return CLI_USAGE;
        }
        if (str) {
            *str = opt_value(argc, argv, &i);
            if (!*str)
                return CLI_USAGE;
        }
    }
    int modes = (o->name != NULL) + o->jsonl + (o->csv != NULL);
    if (modes != 1) {
        cli_error("screen", "give exactly one of NAME, --jsonl or --csv FILE");
        return CLI_USAGE;
    }
    if (o->csv && !o->out) {
        cli_error("screen", "--csv needs --out FILE");
        return CLI_USAGE;
    }
    return 0;
}

static int parse_type(const char *t, exctl_schema *out)
{
    *out = EXCTL_SCHEMA_UNKNOWN;
    if (!t || !*t || !strcmp(t, "any"))
        return 0;
    if (!strcmp(t, "organisation") || !strcmp(t, "company") || !strcmp(t, "entity"))
        t = "organization";
    return exctl_schema_parse(t, out);
}

/* ---- one name --------------------------------------------------------------- */

static int screen_one(const exctl_screener *s, const screen_opts *o)
{
    exctl_query q = {.name = o->name};
    exctl_screen_opts so = {.threshold = o->threshold, .limit = o->limit,
                            .explain = o->explain};
    exctl_matches *m = NULL;
    exctl_errbuf eb = {{0}};
    int rc = exctl_screen(s, &q, &so, &m, &eb);
    if (rc) {
        cli_error("screen", "%s", eb.msg[0] ? eb.msg : exctl_strerror(rc));
        return CLI_FAIL;
    }
    size_t n = exctl_matches_count(m);
    if (n == 0)
        printf("no match at or above %.2f\n", so.threshold >= 0 ? so.threshold
                                                              : exctl_screen_default_threshold());
    for (size_t i = 0; i < n; i++) {
        const exctl_match *x = exctl_matches_at(m, i);
        printf("%.4f  %s:%s  %s", x->score, x->list_id, x->entity_id, x->name);
        if (strcmp(x->name, x->matched_name))
            printf("  (matched: %s)", x->matched_name);
        printf("\n");
        if (x->explain)
            printf("        %s\n", x->explain);
    }
    exctl_matches_free(m);
    return CLI_OK;
}

/* ---- JSON lines ----------------------------------------------------------------- */

static json_t *matches_json(const exctl_matches *m)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < exctl_matches_count(m); i++) {
        const exctl_match *x = exctl_matches_at(m, i);
        json_t *o = json_object();
        json_object_set_new(o, "list", json_string(x->list_id));
        json_object_set_new(o, "entity_id", json_string(x->entity_id));
        json_object_set_new(o, "name", json_string(x->name));
        json_object_set_new(o, "matched_name", json_string(x->matched_name));
        json_object_set_new(o, "score", json_real(x->score));
        if (x->explain) {
            json_t *ex = json_loads(x->explain, 0, NULL);
            json_object_set_new(o, "explain", ex ? ex : json_string(x->explain));
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

#define MAX_IDENTS 16

static int screen_jsonl(const exctl_screener *s, const screen_opts *o)
{
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    int ret = CLI_OK;
    exctl_screen_opts so = {.threshold = o->threshold, .limit = o->limit,
                            .explain = o->explain};
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        lineno++;
        size_t len = (size_t)n;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        json_error_t je;
        json_t *in = json_loadb(line, len, 0, &je);
        if (!in || !json_is_object(in)) {
            cli_jsonl_error("screen", NULL, lineno, in ? "not a JSON object" : je.text);
            json_decref(in);
            ret = CLI_FAIL;
            continue;
        }
        json_t *id = json_object_get(in, "id");
        exctl_query q = {0};
        exctl_ident_query idq[MAX_IDENTS];
        q.name = json_string_value(json_object_get(in, "name"));
        q.country = json_string_value(json_object_get(in, "country"));
        q.birth_date = json_string_value(json_object_get(in, "birth_date"));
        json_t *ids = json_object_get(in, "identifiers");
        size_t k;
        json_t *v;
        json_array_foreach(ids, k, v) {
            if (q.n_idents >= MAX_IDENTS)
                break;
            exctl_ident_query *iq = &idq[q.n_idents];
            iq->type = EXCTL_ID_OTHER;
            iq->value = json_string_value(v);
            if (json_is_object(v))
                iq->value = json_string_value(json_object_get(v, "value"));
            if (iq->value)
                q.n_idents++;
        }
        q.idents = idq;
        const char *type = json_string_value(json_object_get(in, "type"));
        if (!q.name) {
            cli_jsonl_error("screen", id, lineno, "\"name\" must be a string");
            ret = CLI_FAIL;
        } else if (parse_type(type, &q.schema)) {
            cli_jsonl_error("screen", id, lineno, "\"type\" must be person, organization, vessel, aircraft or any");
            ret = CLI_FAIL;
        } else {
            exctl_matches *m = NULL;
            exctl_errbuf eb = {{0}};
            int rc = exctl_screen(s, &q, &so, &m, &eb);
            if (rc) {
                cli_jsonl_error("screen", id, lineno, eb.msg[0] ? eb.msg : exctl_strerror(rc));
                ret = CLI_FAIL;
            } else {
                json_t *out = json_object();
                json_object_set(out, "id", id ? id : json_null());
                json_object_set_new(out, "matches", matches_json(m));
                cli_jsonl_print(out);
                json_decref(out);
            }
            exctl_matches_free(m);
        }
        json_decref(in);
    }
    free(line);
    if (fflush(stdout) != 0)
        ret = CLI_FAIL;
    return ret;
}

/* ---- CSV ------------------------------------------------------------------------ */

#define CSV_MAX_FIELDS 256
#define CSV_MAX_RECORD (1 << 20)

typedef struct csvrec {
    char *buf;
    size_t len, cap;
    size_t off[CSV_MAX_FIELDS];
    size_t n;
} csvrec;

static int rec_putc(csvrec *r, char c)
{
    if (r->len + 1 >= r->cap) {
        if (r->cap >= CSV_MAX_RECORD)
            return -1;
        size_t nc = r->cap ? r->cap * 2 : 1024;
        char *nb = realloc(r->buf, nc);
        if (!nb)
            return -1;
        r->buf = nb;
        r->cap = nc;
    }
    r->buf[r->len++] = c;
    return 0;
}

/* Read one record. Returns 1, 0 at EOF, -1 on error (msg set). */
static int csv_read(FILE *f, csvrec *r, size_t *line, const char **msg)
{
    r->len = 0;
    r->n = 0;
    int c = getc(f);
    if (c == EOF)
        return 0;
    bool quoted = false, start = true;
    r->off[r->n++] = 0;
    for (;; c = getc(f)) {
        if (c == EOF) {
            if (quoted) {
                *msg = "unterminated quoted field";
                return -1;
            }
            break;
        }
        if (quoted) {
            if (c == '"') {
                int d = getc(f);
                if (d == '"') {
                    if (rec_putc(r, '"'))
                        goto big;
                    continue;
                }
                quoted = false;
                if (d == EOF)
                    break;
                ungetc(d, f);
                continue;
            }
            if (c == '\n')
                (*line)++;
            if (rec_putc(r, (char)c))
                goto big;
            continue;
        }
        if (c == '"' && start) {
            quoted = true;
            start = false;
            continue;
        }
        start = false;
        if (c == ',') {
            if (rec_putc(r, '\0'))
                goto big;
            if (r->n >= CSV_MAX_FIELDS) {
                *msg = "too many fields";
                return -1;
            }
            r->off[r->n++] = r->len;
            start = true;
            continue;
        }
        if (c == '\r')
            continue;
        if (c == '\n')
            break;
        if (rec_putc(r, (char)c))
            goto big;
    }
    if (rec_putc(r, '\0'))
        goto big;
    return 1;
big:
    *msg = "record too large";
    return -1;
}

static const char *rec_field(const csvrec *r, int i)
{
    if (i < 0 || (size_t)i >= r->n)
        return "";
    return r->buf + r->off[i];
}

static void csv_write(FILE *f, const char *s)
{
    bool q = strpbrk(s, ",\"\r\n") != NULL;
    if (!q) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static int find_col(const csvrec *hdr, const char *name, bool required)
{
    if (!name)
        return -1;
    for (size_t i = 0; i < hdr->n; i++) {
        const char *h = hdr->buf + hdr->off[i];
        if (i == 0 && (unsigned char)h[0] == 0xEF && (unsigned char)h[1] == 0xBB &&
            (unsigned char)h[2] == 0xBF)
            h += 3;
        if (!strcasecmp(h, name))
            return (int)i;
    }
    if (required)
        cli_error("screen", "CSV has no column '%s'", name);
    return required ? -2 : -1;
}

static void progress(size_t done, long total_bytes, long pos)
{
    int pct = total_bytes > 0 ? (int)(100.0 * (double)pos / (double)total_bytes) : 0;
    if (pct > 100)
        pct = 100;
    char bar[41];
    int fill = pct * 40 / 100;
    for (int i = 0; i < 40; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[40] = '\0';
    fprintf(stderr, "\r[%s] %3d%%  %zu rows", bar, pct, done);
}

static int screen_csv(const exctl_screener *s, const screen_opts *o)
{
    int ret = CLI_OK;
    FILE *in = fopen(o->csv, "r");
    FILE *out = NULL;
    csvrec hdr = {0}, r = {0};
    if (!in) {
        cli_error("screen", "%s: %s", o->csv, strerror(errno));
        return CLI_FAIL;
    }
    fseek(in, 0, SEEK_END);
    long total = ftell(in);
    fseek(in, 0, SEEK_SET);
    size_t line = 1;
    const char *msg = NULL;
    int rr = csv_read(in, &hdr, &line, &msg);
    if (rr <= 0) {
        cli_error("screen", "%s:%zu: %s", o->csv, line, rr < 0 ? msg : "empty file");
        ret = CLI_FAIL;
        goto out;
    }
    int c_name = find_col(&hdr, o->name_col ? o->name_col : "name", true);
    int c_id = find_col(&hdr, o->id_col ? o->id_col : "id", o->id_col != NULL);
    int c_country = find_col(&hdr, o->country_col, true);
    int c_type = find_col(&hdr, o->type_col, true);
    int c_birth = find_col(&hdr, o->birth_col, true);
    if (c_name == -2 || c_id == -2 || (o->country_col && c_country < 0) ||
        (o->type_col && c_type < 0) || (o->birth_col && c_birth < 0)) {
        ret = CLI_USAGE;
        goto out;
    }
    out = fopen(o->out, "w");
    if (!out) {
        cli_error("screen", "%s: %s", o->out, strerror(errno));
        ret = CLI_FAIL;
        goto out;
    }
    fputs("row,id,name,list,entity_id,listed_name,matched_name,score\n", out);
    bool tty = isatty(2);
    exctl_screen_opts so = {.threshold = o->threshold, .limit = o->limit};
    size_t row = 0, hits = 0;
    for (;;) {
        size_t rec_line = ++line;
        rr = csv_read(in, &r, &line, &msg);
        if (rr == 0)
            break;
        if (rr < 0) {
            cli_error("screen", "%s:%zu: %s", o->csv, rec_line, msg);
            ret = CLI_FAIL;
            break;
        }
        if (r.n == 1 && rec_field(&r, 0)[0] == '\0')
            continue;                    /* blank line */
        row++;
        exctl_query q = {.name = rec_field(&r, c_name)};
        if (c_country >= 0 && *rec_field(&r, c_country))
            q.country = rec_field(&r, c_country);
        if (c_birth >= 0 && *rec_field(&r, c_birth))
            q.birth_date = rec_field(&r, c_birth);
        if (c_type >= 0 && parse_type(rec_field(&r, c_type), &q.schema)) {
            cli_error("screen", "%s:%zu: unknown type '%s'", o->csv, rec_line,
                      rec_field(&r, c_type));
            ret = CLI_FAIL;
            q.schema = EXCTL_SCHEMA_UNKNOWN;
        }
        char rowbuf[32];
        snprintf(rowbuf, sizeof rowbuf, "%zu", row);
        exctl_matches *m = NULL;
        exctl_errbuf eb = {{0}};
        int rc = exctl_screen(s, &q, &so, &m, &eb);
        if (rc) {
            cli_error("screen", "%s:%zu: %s", o->csv, rec_line,
                      eb.msg[0] ? eb.msg : exctl_strerror(rc));
            ret = CLI_FAIL;
        }
        size_t nm = exctl_matches_count(m);
        for (size_t i = 0; i < (nm ? nm : 1); i++) {
            const exctl_match *x = exctl_matches_at(m, i);
            fputs(rowbuf, out);
            fputc(',', out);
            csv_write(out, c_id >= 0 ? rec_field(&r, c_id) : rowbuf);
            fputc(',', out);
            csv_write(out, q.name);
            if (x) {
                char sc[32];
                snprintf(sc, sizeof sc, "%.4f", x->score);
                fputc(',', out);
                csv_write(out, x->list_id);
                fputc(',', out);
                csv_write(out, x->entity_id);
                fputc(',', out);
                csv_write(out, x->name);
                fputc(',', out);
                csv_write(out, x->matched_name);
                fprintf(out, ",%s\n", sc);
            } else {
                fputs(",,,,,\n", out);
            }
        }
        hits += nm > 0;
        exctl_matches_free(m);
        if (tty && row % 256 == 0)
            progress(row, total, ftell(in));
    }
    if (tty)
        progress(row, total, total);
    fprintf(stderr, "%s%zu rows screened, %zu with matches -> %s\n", tty ? "\n" : "", row, hits,
            o->out);
    if (fclose(out) != 0) {
        cli_error("screen", "%s: %s", o->out, strerror(errno));
        ret = CLI_FAIL;
    }
    out = NULL;
out:
    if (out)
        fclose(out);
    fclose(in);
    free(hdr.buf);
    free(r.buf);
    return ret;
}

int cmd_screen(int argc, char **argv)
{
    screen_opts o = {.threshold = -1.0};
    int r = parse_args(argc, argv, &o);
    if (r)
        return r < 0 ? CLI_OK : r;
    exctl_listset *ls = NULL;
    if (cli_lists_load(&o.lists, &ls))
        return CLI_FAIL;
    exctl_screener *s = NULL;
    exctl_errbuf eb = {{0}};
    int rc = exctl_screener_new(ls, &s, &eb);
    if (rc) {
        cli_error("screen", "%s", eb.msg[0] ? eb.msg : exctl_strerror(rc));
        exctl_listset_free(ls);
        return CLI_FAIL;
    }
    int ret;
    if (o.jsonl)
        ret = screen_jsonl(s, &o);
    else if (o.csv)
        ret = screen_csv(s, &o);
    else
        ret = screen_one(s, &o);
    exctl_screener_free(s);
    exctl_listset_free(ls);
    return ret;
}
