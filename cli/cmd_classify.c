/*
 * exctl classify --jsonl                  classify items, one JSON object per line
 * exctl classify --record [--in FILE] [--by NAME] [--date YYYY-MM-DD]
 *                [--out-json FILE] [--out-html FILE]
 *                                         a classification record (該非判定書)
 * exctl classify --vocabulary             the parameter vocabulary as TSV
 *
 * Input objects: {"id": ..., "item": {"description": ..., "parameters":
 * {"name": value or "value unit", ...}}}. A line that cannot be classified
 * (unknown parameter, missing unit) gives {"id": ..., "error": ...} and the
 * command exits 1 after processing every line, so one bad item never hides
 * the results of the others.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "exctl/classify.h"
#include "exctl/controls.h"

#define MAX_PARAMS 256

typedef struct ctx {
    exctl_controls *cl;
    exctl_classifier *k;
} ctx;

static int load(ctx *c)
{
    exctl_errbuf eb = {{0}};
    int rc = exctl_controls_load_bundled(&c->cl, &eb);
    if (!rc)
        rc = exctl_classifier_load_bundled(c->cl, &c->k, &eb);
    if (rc)
        cli_error("classify", "%s", eb.msg[0] ? eb.msg : exctl_strerror(rc));
    return rc;
}

/* Convert the JSON parameters into name/value text pairs. Strings in *bufs
 * are malloc'ed and freed by the caller. */
static int params_from_json(json_t *params, exctl_cls_param *out, char **bufs, size_t *n,
                            char *err, size_t errcap)
{
    const char *key;
    json_t *v;
    *n = 0;
    if (params && !json_is_object(params)) {
        snprintf(err, errcap, "\"parameters\" must be an object");
        return -1;
    }
    json_object_foreach(params, key, v) {
        if (*n >= MAX_PARAMS) {
            snprintf(err, errcap, "more than %d parameters", MAX_PARAMS);
            return -1;
        }
        char tmp[64];
        const char *s = NULL;
        char *joined = NULL;
        if (json_is_string(v)) {
            s = json_string_value(v);
        } else if (json_is_true(v) || json_is_false(v)) {
            s = json_is_true(v) ? "true" : "false";
        } else if (json_is_integer(v)) {
            snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
            s = tmp;
        } else if (json_is_real(v)) {
            snprintf(tmp, sizeof tmp, "%.15g", json_real_value(v));
            s = tmp;
        } else if (json_is_array(v)) {
            size_t i;
            json_t *e;
            size_t len = 1;
            json_array_foreach(v, i, e) {
                if (!json_is_string(e)) {
                    snprintf(err, errcap, "parameter %s: arrays hold strings only", key);
                    return -1;
                }
                len += strlen(json_string_value(e)) + 1;
            }
            joined = calloc(1, len);
            if (!joined) {
                snprintf(err, errcap, "out of memory");
                return -1;
            }
            size_t off = 0;
            json_array_foreach(v, i, e) {
                const char *es = json_string_value(e);
                size_t el = strlen(es);
                if (i)
                    joined[off++] = ',';
                memcpy(joined + off, es, el);
                off += el;
            }
            joined[off] = '\0';
        } else {
            snprintf(err, errcap, "parameter %s: value must be a string, number, boolean or "
                     "array of strings", key);
            return -1;
        }
        bufs[*n] = joined ? joined : strdup(s);
        if (!bufs[*n]) {
            snprintf(err, errcap, "out of memory");
            return -1;
        }
        out[*n].name = key;
        out[*n].value = bufs[*n];
        (*n)++;
    }
    return 0;
}

static json_t *split_words(const char *s)
{
    json_t *a = json_array();
    while (s && *s) {
        while (*s == ' ')
            s++;
        const char *e = strchr(s, ' ');
        size_t l = e ? (size_t)(e - s) : strlen(s);
        if (l)
            json_array_append_new(a, json_stringn(s, l));
        s += l;
    }
    return a;
}

static json_t *result_json(const exctl_cls_result *r)
{
    json_t *entries = json_array();
    for (size_t i = 0; i < exctl_cls_entry_count(r); i++) {
        const char *code, *num, *jp, *eu, *reasons;
        exctl_cls_entry(r, i, &code, &num, &jp, &eu, &reasons);
        json_t *because = json_array();
        for (size_t j = 0; j < exctl_cls_entry_because_count(r, i); j++)
            json_array_append_new(because, json_string(exctl_cls_entry_because(r, i, j)));
        json_t *e = json_pack("{s:s, s:s, s:s, s:s}", "code", code, "numbering", num, "jp", jp,
                              "eu", eu);
        json_object_set_new(e, "reasons", split_words(reasons));
        json_object_set_new(e, "because", because);
        json_array_append_new(entries, e);
    }
    json_t *missing = json_array();
    for (size_t i = 0; i < exctl_cls_missing_count(r); i++)
        json_array_append_new(missing, json_string(exctl_cls_missing(r, i)));
    json_t *o = json_object();
    json_object_set_new(o, "entries", entries);
    json_object_set_new(o, "missing", missing);
    json_object_set_new(o, "not_controlled", json_boolean(exctl_cls_not_controlled(r)));
    return o;
}

/* Classify one parsed input object. Returns a new result object, or NULL with
 * err set. *res receives the library result when res is not NULL. */
static json_t *classify_obj(ctx *c, json_t *in, exctl_cls_result **res, char *err,
                            size_t errcap)
{
    exctl_cls_param params[MAX_PARAMS];
    char *bufs[MAX_PARAMS];
    size_t n = 0;
    json_t *out = NULL;
    exctl_cls_result *r = NULL;
    json_t *item = json_object_get(in, "item");
    if (!json_is_object(item)) {
        snprintf(err, errcap, "\"item\" object required");
        return NULL;
    }
    const char *desc = json_string_value(json_object_get(item, "description"));
    int prc = params_from_json(json_object_get(item, "parameters"), params, bufs, &n, err,
                               errcap);
    if (prc == 0) {
        exctl_cls_item it = {desc ? desc : "", params, n};
        exctl_errbuf eb = {{0}};
        int rc = exctl_classify(c->k, &it, &r, &eb);
        if (rc)
            snprintf(err, errcap, "%s", eb.msg[0] ? eb.msg : exctl_strerror(rc));
        else
            out = result_json(r);
    }
    for (size_t i = 0; i < n; i++)
        free(bufs[i]);
    if (res)
        *res = r;
    else
        exctl_cls_result_free(r);
    return out;
}

static int run_jsonl(ctx *c)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    size_t lineno = 0;
    int failed = 0;
    while ((len = getline(&line, &cap, stdin)) != -1) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        json_error_t je;
        json_t *in = json_loadb(line, (size_t)len, 0, &je);
        json_t *out;
        char err[600] = "";
        if (!in || !json_is_object(in)) {
            snprintf(err, sizeof err, "line %zu: not a JSON object (%s)", lineno,
                     in ? "wrong type" : je.text);
            out = NULL;
        } else {
            out = classify_obj(c, in, NULL, err, sizeof err);
        }
        json_t *id = in ? json_object_get(in, "id") : NULL;
        if (!out) {
            out = json_pack("{s:s}", "error", err);
            failed = 1;
        }
        json_object_set(out, "id", id ? id : json_null());
        cli_json_print(stdout, out);
        json_decref(out);
        json_decref(in);
    }
    free(line);
    return failed ? CLI_FAIL : CLI_OK;
}

static int print_vocabulary(ctx *c)
{
    printf("# Parameter vocabulary for classification rules: one parameter per line.\n"
           "# Columns (tab-separated): name, dimension, unit (display unit for thresholds),\n"
           "# values (enumerations: '|'-separated), meaning_en, meaning_ja, used_by (rule codes;\n"
           "# regenerate with `exctl classify --vocabulary > data/classify/vocabulary.tsv`).\n"
           "# Format: docs/formats/rules.md\n"
           "name\tdimension\tunit\tvalues\tmeaning_en\tmeaning_ja\tused_by\n");
    (void)c;
    return CLI_OK;
}

/* --- the classification record -------------------------------------------- */
static void html_esc(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

static void write_html(FILE *f, json_t *rec)
{
    json_t *item = json_object_get(rec, "item");
    json_t *res = json_object_get(rec, "result");
    fputs("<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">\n"
          "<title>該非判定書 / Classification record</title>\n<style>\n"
          "body{font-family:sans-serif;margin:2em;font-size:11pt}table{border-collapse:"
          "collapse;width:100%}td,th{border:1px solid #888;padding:3px 6px;vertical-align:top;"
          "text-align:left}th{background:#eee}.met{font-weight:bold;color:#a00}"
          "@media print{body{margin:1cm}}\n</style></head><body>\n", f);
    fputs("<h1>該非判定書 <small>Classification record</small></h1>\n<table>\n", f);
    const char *rows[][2] = {{"判定日 / Date", "date"},
                             {"判定者 / Decided by", "decided_by"},
                             {"判定結果 / Outcome", "outcome"},
                             {"判定規則 / Rules version", "rules_version"}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        fprintf(f, "<tr><th>%s</th><td>", rows[i][0]);
        html_esc(f, json_string_value(json_object_get(rec, rows[i][1])));
        fputs("</td></tr>\n", f);
    }
    fputs("<tr><th>品目 / Item</th><td>", f);
    html_esc(f, json_string_value(json_object_get(item, "description")));
    fputs("</td></tr>\n<tr><th>仕様 / Parameters</th><td>", f);
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(item, "parameters"), key, v) {
        char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
        html_esc(f, key);
        fputs(" = ", f);
        html_esc(f, t);
        fputs("<br>\n", f);
        free(t);
    }
    fputs("</td></tr>\n<tr><th>リスト版 / List versions</th><td>", f);
    json_object_foreach(json_object_get(rec, "list_versions"), key, v) {
        html_esc(f, key);
        fputs(": ", f);
        html_esc(f, json_string_value(v));
        fputs("<br>\n", f);
    }
    fputs("</td></tr>\n</table>\n<h2>該当項目 / Entries met</h2>\n<ul>\n", f);
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(res, "entries"), i, e) {
        fputs("<li class=\"met\">", f);
        html_esc(f, json_string_value(json_object_get(e, "code")));
        fputs(" (", f);
        html_esc(f, json_string_value(json_object_get(e, "numbering")));
        fputs(") JP: ", f);
        html_esc(f, json_string_value(json_object_get(e, "jp")));
        fputs("<ul>", f);
        size_t j;
        json_t *b;
        json_array_foreach(json_object_get(e, "because"), j, b) {
            fputs("<li>", f);
            html_esc(f, json_string_value(b));
            fputs("</li>", f);
        }
        fputs("</ul></li>\n", f);
    }
    fputs("</ul>\n<p>不足パラメータ / Missing parameters: ", f);
    json_array_foreach(json_object_get(res, "missing"), i, e) {
        html_esc(f, json_string_value(e));
        fputs(" ", f);
    }
    fputs("</p>\n<h2>検討した項目 / Every entry considered</h2>\n<table>\n"
          "<tr><th>#</th><th>Code</th><th>JP</th><th>Outcome</th><th>Reason</th>"
          "<th>Text of the law</th></tr>\n", f);
    json_array_foreach(json_object_get(rec, "considered"), i, e) {
        const char *oc = json_string_value(json_object_get(e, "outcome"));
        fprintf(f, "<tr%s><td>%zu</td><td>", !strcmp(oc, "met") ? " class=\"met\"" : "", i + 1);
        html_esc(f, json_string_value(json_object_get(e, "code")));
        fputs("</td><td>", f);
        html_esc(f, json_string_value(json_object_get(e, "jp")));
        fputs("</td><td>", f);
        html_esc(f, oc);
        fputs("</td><td>", f);
        html_esc(f, json_string_value(json_object_get(e, "reason")));
        fputs("</td><td>", f);
        html_esc(f, json_string_value(json_object_get(e, "quote")));
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n<p>This record covers list control (輸出令別表第一 1–15項 / CCL) for the "
          "entries that have rules; catch-all controls (16項, EAR part 744) need a separate "
          "end-use and end-user check.</p>\n</body></html>\n", f);
}

static int run_record(ctx *c, const char *in_path, const char *by, const char *date,
                      const char *out_json, const char *out_html)
{
    json_error_t je;
    json_t *in = in_path ? json_load_file(in_path, 0, &je) : json_loadf(stdin, 0, &je);
    int ret = CLI_FAIL;
    exctl_cls_result *r = NULL;
    json_t *rec = NULL;
    if (!in || !json_is_object(in)) {
        cli_error("classify", "%s:%d: %s", in_path ? in_path : "<stdin>", je.line,
                  in ? "expected a JSON object" : je.text);
        goto out;
    }
    if (!json_object_get(in, "item")) {
        json_t *wrap = json_pack("{s:O}", "item", in);
        json_decref(in);
        in = wrap;
    }
    char err[600] = "";
    json_t *res = classify_obj(c, in, &r, err, sizeof err);
    if (!res) {
        cli_error("classify", "%s", err);
        goto out;
    }
    char today[16];
    if (!date) {
        time_t t = time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(today, sizeof today, "%Y-%m-%d", &tm);
        date = today;
    }
    const char *outcome = exctl_cls_entry_count(r)      ? "該当 (controlled)"
                          : exctl_cls_not_controlled(r) ? "非該当 (not listed; catch-all may apply)"
                                                        : "判定未了 (undecided: parameters missing)";
    rec = json_pack("{s:s, s:s, s:s, s:s, s:O, s:o, s:s}", "record", "該非判定書 / classification record",
                    "date", date, "decided_by", by ? by : "", "outcome", outcome, "item",
                    json_object_get(in, "item"), "result", res, "rules_version",
                    exctl_classifier_version(c->k));
    json_t *id = json_object_get(in, "id");
    json_object_set(rec, "id", id ? id : json_null());
    json_t *lv = json_object();
    for (int n = 0; n < EXCTL_NUM_COUNT_; n++)
        json_object_set_new(lv, exctl_cl_numbering_name((exctl_numbering)n),
                            json_string(exctl_controls_version(c->cl, (exctl_numbering)n)));
    json_object_set_new(rec, "list_versions", lv);
    json_t *cons = json_array();
    for (size_t i = 0; i < exctl_cls_considered_count(r); i++) {
        size_t ri;
        exctl_cls_outcome oc;
        const char *reason, *sys, *code, *item, *cp, *quote;
        exctl_cls_considered(r, i, &ri, &oc, &reason);
        exctl_classifier_rule(c->k, ri, &sys, &code, &item, &cp, &quote, NULL);
        char jp[300];
        snprintf(jp, sizeof jp, "%s%s%s", item, *item && *cp && sys[0] == 'u' ? " " : "",
                 sys[0] == 'u' ? cp : "");
        json_array_append_new(cons, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "system", sys,
                                              "code", code, "jp", jp, "outcome",
                                              exctl_cls_outcome_name(oc), "reason", reason,
                                              "quote", quote));
    }
    json_object_set_new(rec, "considered", cons);
    char *text = json_dumps(rec, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
    if (!text) {
        cli_error("classify", "out of memory");
        goto out;
    }
    if (out_json) {
        FILE *f = fopen(out_json, "w");
        if (!f || fputs(text, f) < 0 || fputc('\n', f) < 0 || fclose(f)) {
            cli_error("classify", "%s: cannot write", out_json);
            free(text);
            goto out;
        }
    } else {
        puts(text);
    }
    free(text);
    if (out_html) {
        FILE *f = fopen(out_html, "w");
        if (!f) {
            cli_error("classify", "%s: cannot write", out_html);
            goto out;
        }
        write_html(f, rec);
        if (fclose(f)) {
            cli_error("classify", "%s: cannot write", out_html);
            goto out;
        }
    }
    ret = CLI_OK;
out:
    exctl_cls_result_free(r);
    json_decref(rec);
    json_decref(in);
    return ret;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: exctl classify --jsonl < items.jsonl\n"
               "       exctl classify --record [--in FILE] [--by NAME] [--date YYYY-MM-DD]\n"
               "                      [--out-json FILE] [--out-html FILE]\n"
               "       exctl classify --vocabulary\n"
               "Input: {\"id\": ..., \"item\": {\"description\": ..., \"parameters\": "
               "{\"frequency\": \"43.5 GHz\", ...}}}\n"
               "Parameter names: data/classify/vocabulary.tsv; rule format: "
               "docs/formats/rules.md\n");
}

int cmd_classify(int argc, char **argv)
{
    int mode = 0; /* 1 jsonl, 2 record, 3 vocabulary */
    const char *in = NULL, *by = NULL, *date = NULL, *oj = NULL, *oh = NULL;
    ctx c = {0};
    int ret = CLI_FAIL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **opt = !strcmp(a, "--in")         ? &in
                           : !strcmp(a, "--by")       ? &by
                           : !strcmp(a, "--date")     ? &date
                           : !strcmp(a, "--out-json") ? &oj
                           : !strcmp(a, "--out-html") ? &oh
                                                      : NULL;
        if (opt) {
            if (i + 1 >= argc) {
                cli_error("classify", "%s needs a value", a);
                return CLI_USAGE;
            }
            *opt = argv[++i];
        } else if (!strcmp(a, "--jsonl")) {
            mode = 1;
        } else if (!strcmp(a, "--record")) {
            mode = 2;
        } else if (!strcmp(a, "--vocabulary")) {
            mode = 3;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return CLI_OK;
        } else {
            usage(stderr);
            return CLI_USAGE;
        }
    }
    if (!mode) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (load(&c))
        goto out;
    if (mode == 1)
        ret = run_jsonl(&c);
    else if (mode == 2)
        ret = run_record(&c, in, by, date, oj, oh);
    else {
        ret = print_vocabulary(&c);
        for (size_t i = 0; i < exctl_classifier_param_count(c.k); i++) {
            const char *name, *dim, *unit, *en, *ja, *used;
            exctl_classifier_param(c.k, i, &name, &dim, &unit, &en, &ja, &used);
            printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", name, dim, unit,
                   exctl_classifier_param_values(c.k, i), en, ja, used);
        }
    }
out:
    exctl_classifier_free(c.k);
    exctl_controls_free(c.cl);
    return ret;
}
