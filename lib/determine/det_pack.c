/*
 * Jurisdiction pack loader and validator.
 *
 * A pack is one pack.json plus the files it names in "includes" (generated
 * tables such as country groups or the ECCN chart sit in their own files so
 * that regenerating them never touches the hand-written rules). Includes are
 * folded into one tree: object sections merge key by key (a duplicate key is
 * an error, never a silent override) and array sections append in include
 * order, so rule order stays what the author wrote.
 *
 * Validation is strict and total: every key must be known, every reference
 * (group, table, citation, rule) must resolve and every date must parse.
 * jansson reports line and column for syntax errors; semantic errors name the
 * file and the JSON path (rules[3].when.destination_in_group), which is what
 * a pack author needs to find the spot.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "det.h"

int det_verr(exctl_errbuf *eb, const exctl_pack *pk, const char *path, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return xc_err(eb, EXCTL_EINVAL, "%s: %s: %s", pk && pk->path ? pk->path : "pack",
                  path, msg);
}

bool det_date_valid(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

bool det_in_window(const char *date, const char *from, const char *to)
{
    if (from && *from && strcmp(date, from) < 0)
        return false;
    if (to && *to && strcmp(date, to) > 0)
        return false;
    return true;
}

static const char *jstr(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

bool det_obj_in_force(json_t *obj, const char *date)
{
    return det_in_window(date, jstr(obj, "valid_from"), jstr(obj, "valid_to"));
}

/* --- lookups ------------------------------------------------------------ */

bool det_group_has(const exctl_pack *pk, const char *gid, const char *code, const char *date)
{
    json_t *g = json_object_get(pk->groups, gid);
    if (!g || !code || !det_obj_in_force(g, date))
        return false;
    json_t *m;
    size_t i;
    json_array_foreach(json_object_get(g, "members"), i, m) {
        if (json_is_string(m)) {
            if (!strcmp(json_string_value(m), code))
                return true;
        } else if (!strcmp(jstr(m, "code"), code) && det_obj_in_force(m, date)) {
            return true;
        }
    }
    return false;
}

json_t *det_table_lookup(const exctl_pack *pk, const char *tid, const char *key)
{
    json_t *t = json_object_get(pk->tables, tid);
    if (!t || !key || !*key)
        return NULL;
    json_t *entries = json_object_get(t, "entries");
    json_t *hit = json_object_get(entries, key);
    if (hit || strcmp(jstr(t, "match"), "prefix"))
        return hit;
    /* longest prefix: try shorter and shorter prefixes of key */
    char buf[128];
    size_t n = strlen(key);
    if (n >= sizeof buf)
        return NULL;
    memcpy(buf, key, n + 1);
    while (n > 1) {
        buf[--n] = '\0';
        if ((hit = json_object_get(entries, buf)) != NULL)
            return hit;
    }
    return NULL;
}

const char *det_citation_text(const exctl_pack *pk, const char *cid, xc_buf *out)
{
    json_t *c = json_object_get(pk->citations, cid);
    out->len = 0;
    if (!c)
        return "";
    xc_buf_printf(out, "%s %s", jstr(c, "law"), jstr(c, "article"));
    return xc_buf_cstr(out);
}

/* --- validation ----------------------------------------------------------- */

static int check_keys(const exctl_pack *pk, json_t *o, const char *path,
                      const char *const *allowed, exctl_errbuf *eb)
{
    const char *k;
    json_t *v;
    if (!json_is_object(o))
        return det_verr(eb, pk, path, "must be an object");
    json_object_foreach(o, k, v) {
        bool ok = false;
        for (size_t i = 0; allowed[i]; i++)
            if (!strcmp(k, allowed[i]))
                ok = true;
        if (!ok)
            return det_verr(eb, pk, path, "unknown key '%s'", k);
    }
    return 0;
}

static int need_str(const exctl_pack *pk, json_t *o, const char *k, const char *path,
                    bool required, exctl_errbuf *eb)
{
    json_t *v = json_object_get(o, k);
    if (!v) {
        if (required)
            return det_verr(eb, pk, path, "missing required string '%s'", k);
        return 0;
    }
    if (json_is_null(v) && (!strcmp(k, "valid_to") || !strcmp(k, "valid_from")))
        return 0;
    if (!json_is_string(v) || !*json_string_value(v))
        return det_verr(eb, pk, path, "'%s' must be a non-empty string", k);
    return 0;
}

static int check_dates(const exctl_pack *pk, json_t *o, const char *path, exctl_errbuf *eb)
{
    const char *f = jstr(o, "valid_from"), *t = jstr(o, "valid_to");
    int rc;
    if ((rc = need_str(pk, o, "valid_from", path, false, eb)) ||
        (rc = need_str(pk, o, "valid_to", path, false, eb)))
        return rc;
    if (f && !det_date_valid(f))
        return det_verr(eb, pk, path, "valid_from '%s' is not YYYY-MM-DD", f);
    if (t && !det_date_valid(t))
        return det_verr(eb, pk, path, "valid_to '%s' is not YYYY-MM-DD", t);
    if (f && t && strcmp(f, t) > 0)
        return det_verr(eb, pk, path, "valid_from %s is after valid_to %s", f, t);
    return 0;
}

/* A citation reference: one id or an array of ids, each defined. */
static int check_cite_ref(const exctl_pack *pk, json_t *v, const char *path,
                          bool required, exctl_errbuf *eb)
{
    if (!v)
        return required ? det_verr(eb, pk, path, "missing 'citation'") : 0;
    if (json_is_string(v)) {
        if (!json_object_get(pk->citations, json_string_value(v)))
            return det_verr(eb, pk, path, "unknown citation '%s'", json_string_value(v));
        return 0;
    }
    if (!json_is_array(v) || json_array_size(v) == 0)
        return det_verr(eb, pk, path, "'citation' must be a citation id or a non-empty array");
    size_t i;
    json_t *c;
    json_array_foreach(v, i, c) {
        if (!json_is_string(c) || !json_object_get(pk->citations, json_string_value(c)))
            return det_verr(eb, pk, path, "citation[%zu]: unknown citation '%s'", i,
                            json_is_string(c) ? json_string_value(c) : "(not a string)");
    }
    return 0;
}

static int validate_citations(const exctl_pack *pk, exctl_errbuf *eb)
{
    static const char *const keys[] = {"law", "article", "text", "url", "valid_from",
                                       "valid_to", "note", NULL};
    const char *id;
    json_t *c;
    char path[256];
    int rc;
    json_object_foreach(pk->citations, id, c) {
        snprintf(path, sizeof path, "citations.%s", id);
        if ((rc = check_keys(pk, c, path, keys, eb)) ||
            (rc = need_str(pk, c, "law", path, true, eb)) ||
            (rc = need_str(pk, c, "article", path, true, eb)) ||
            (rc = need_str(pk, c, "text", path, false, eb)) ||
            (rc = need_str(pk, c, "url", path, false, eb)) ||
            (rc = check_dates(pk, c, path, eb)))
            return rc;
    }
    return 0;
}

static int validate_groups(const exctl_pack *pk, exctl_errbuf *eb)
{
    static const char *const keys[] = {"name", "citation", "members", "valid_from",
                                       "valid_to", "note", "source", NULL};
    static const char *const mkeys[] = {"code", "valid_from", "valid_to", "note", NULL};
    const char *id;
    json_t *g;
    char path[256];
    int rc;
    json_object_foreach(pk->groups, id, g) {
        snprintf(path, sizeof path, "groups.%s", id);
        if ((rc = check_keys(pk, g, path, keys, eb)) ||
            (rc = need_str(pk, g, "name", path, true, eb)) ||
            (rc = check_dates(pk, g, path, eb)) ||
            (rc = check_cite_ref(pk, json_object_get(g, "citation"), path, false, eb)))
            return rc;
        json_t *members = json_object_get(g, "members"), *m;
        if (!json_is_array(members))
            return det_verr(eb, pk, path, "'members' must be an array");
        size_t i;
        json_array_foreach(members, i, m) {
            char mp[300];
            snprintf(mp, sizeof mp, "%s.members[%zu]", path, i);
            const char *code = json_is_string(m) ? json_string_value(m) : NULL;
            if (!code && json_is_object(m)) {
                if ((rc = check_keys(pk, m, mp, mkeys, eb)) ||
                    (rc = check_dates(pk, m, mp, eb)))
                    return rc;
                code = jstr(m, "code");
            }
            if (!code || strlen(code) != 2 || code[0] < 'A' || code[0] > 'Z' ||
                code[1] < 'A' || code[1] > 'Z')
                return det_verr(eb, pk, mp, "member must be an ISO 3166-1 alpha-2 code "
                                            "or {\"code\": ...}");
        }
    }
    return 0;
}

static int validate_tables(const exctl_pack *pk, exctl_errbuf *eb)
{
    static const char *const keys[] = {"description", "match", "entries", "source", NULL};
    const char *id;
    json_t *t;
    char path[256];
    int rc;
    json_object_foreach(pk->tables, id, t) {
        snprintf(path, sizeof path, "tables.%s", id);
        if ((rc = check_keys(pk, t, path, keys, eb)) ||
            (rc = need_str(pk, t, "match", path, true, eb)))
            return rc;
        const char *m = jstr(t, "match");
        if (strcmp(m, "exact") && strcmp(m, "prefix"))
            return det_verr(eb, pk, path, "'match' must be \"exact\" or \"prefix\"");
        json_t *e = json_object_get(t, "entries");
        if (!json_is_object(e))
            return det_verr(eb, pk, path, "'entries' must be an object");
        const char *k;
        json_t *v;
        json_object_foreach(e, k, v) {
            if (strlen(k) >= 100)
                return det_verr(eb, pk, path, "entry key '%.40s...' is too long", k);
        }
    }
    return 0;
}

static int validate_rules(exctl_pack *pk, exctl_errbuf *eb)
{
    static const char *const keys[] = {"id", "when", "effect", "citation", "explanation",
                                       "valid_from", "valid_to", "note", NULL};
    static const char *const effects[] = {"license_required", "prohibited", "no_license",
                                          "notify", "note", NULL};
    json_t *r;
    size_t i;
    char path[256];
    int rc;
    if (!json_is_array(pk->rules))
        return det_verr(eb, pk, "rules", "must be an array");
    json_array_foreach(pk->rules, i, r) {
        snprintf(path, sizeof path, "rules[%zu]", i);
        if ((rc = check_keys(pk, r, path, keys, eb)) ||
            (rc = need_str(pk, r, "id", path, true, eb)))
            return rc;
        snprintf(path, sizeof path, "rules[%zu] (%s)", i, jstr(r, "id"));
        if ((rc = need_str(pk, r, "effect", path, true, eb)) ||
            (rc = need_str(pk, r, "explanation", path, true, eb)) ||
            (rc = check_dates(pk, r, path, eb)) ||
            (rc = check_cite_ref(pk, json_object_get(r, "citation"), path, true, eb)))
            return rc;
        bool ok = false;
        for (size_t k = 0; effects[k]; k++)
            ok |= !strcmp(jstr(r, "effect"), effects[k]);
        if (!ok)
            return det_verr(eb, pk, path, "unknown effect '%s'", jstr(r, "effect"));
        for (size_t j = 0; j < i; j++)
            if (!strcmp(jstr(json_array_get(pk->rules, j), "id"), jstr(r, "id")))
                return det_verr(eb, pk, path, "duplicate rule id");
        char wp[300];
        snprintf(wp, sizeof wp, "%s.when", path);
        if (!json_object_get(r, "when"))
            return det_verr(eb, pk, path, "missing 'when'");
        if ((rc = det_cond_validate(pk, json_object_get(r, "when"), wp, eb)))
            return rc;
    }
    return 0;
}

static bool rule_exists(const exctl_pack *pk, const char *id)
{
    json_t *r;
    size_t i;
    json_array_foreach(pk->rules, i, r) if (!strcmp(jstr(r, "id"), id)) return true;
    return false;
}

static int validate_exceptions(exctl_pack *pk, exctl_errbuf *eb)
{
    static const char *const keys[] = {"id", "name", "type", "citation", "applies_to", "when",
                                       "conditions", "valid_from", "valid_to", "note", NULL};
    static const char *const types[] = {"exemption", "license_exception",
                                        "general_authorisation", "bulk_licence", NULL};
    json_t *x, *v;
    size_t i, j;
    char path[256];
    int rc;
    if (!json_is_array(pk->exceptions))
        return det_verr(eb, pk, "exceptions", "must be an array");
    json_array_foreach(pk->exceptions, i, x) {
        snprintf(path, sizeof path, "exceptions[%zu]", i);
        if ((rc = check_keys(pk, x, path, keys, eb)) ||
            (rc = need_str(pk, x, "id", path, true, eb)))
            return rc;
        snprintf(path, sizeof path, "exceptions[%zu] (%s)", i, jstr(x, "id"));
        if ((rc = need_str(pk, x, "name", path, true, eb)) ||
            (rc = need_str(pk, x, "type", path, true, eb)) ||
            (rc = check_dates(pk, x, path, eb)) ||
            (rc = check_cite_ref(pk, json_object_get(x, "citation"), path, true, eb)))
            return rc;
        bool ok = false;
        for (size_t k = 0; types[k]; k++)
            ok |= !strcmp(jstr(x, "type"), types[k]);
        if (!ok)
            return det_verr(eb, pk, path, "unknown type '%s'", jstr(x, "type"));
        json_t *at = json_object_get(x, "applies_to");
        if (!json_is_array(at) || !json_array_size(at))
            return det_verr(eb, pk, path, "'applies_to' must be a non-empty array of rule ids");
        json_array_foreach(at, j, v) {
            if (!json_is_string(v) || !rule_exists(pk, json_string_value(v)))
                return det_verr(eb, pk, path, "applies_to[%zu]: unknown rule '%s'", j,
                                json_is_string(v) ? json_string_value(v) : "(not a string)");
        }
        json_t *cs = json_object_get(x, "conditions");
        if (cs) {
            if (!json_is_array(cs))
                return det_verr(eb, pk, path, "'conditions' must be an array of strings");
            json_array_foreach(cs, j, v) if (!json_is_string(v))
                return det_verr(eb, pk, path, "conditions[%zu] must be a string", j);
        }
        char wp[300];
        snprintf(wp, sizeof wp, "%s.when", path);
        if (!json_object_get(x, "when"))
            return det_verr(eb, pk, path, "missing 'when'");
        if ((rc = det_cond_validate(pk, json_object_get(x, "when"), wp, eb)))
            return rc;
    }
    return 0;
}

static int validate_red_flags(const exctl_pack *pk, exctl_errbuf *eb)
{
    static const char *const keys[] = {"id", "question", "raises", "citation", "source",
                                       "note", NULL};
    json_t *f, *v;
    size_t i, j;
    char path[256];
    int rc;
    if (!json_is_array(pk->red_flags))
        return det_verr(eb, pk, "red_flags", "must be an array");
    json_array_foreach(pk->red_flags, i, f) {
        snprintf(path, sizeof path, "red_flags[%zu]", i);
        if ((rc = check_keys(pk, f, path, keys, eb)) ||
            (rc = need_str(pk, f, "id", path, true, eb)) ||
            (rc = need_str(pk, f, "question", path, true, eb)) ||
            (rc = need_str(pk, f, "source", path, false, eb)) ||
            (rc = check_cite_ref(pk, json_object_get(f, "citation"), path, false, eb)))
            return rc;
        json_t *r = json_object_get(f, "raises");
        if (!json_is_array(r) || !json_array_size(r))
            return det_verr(eb, pk, path, "'raises' must be a non-empty array of strings");
        json_array_foreach(r, j, v) if (!json_is_string(v))
            return det_verr(eb, pk, path, "raises[%zu] must be a string", j);
        for (j = 0; j < i; j++)
            if (!strcmp(jstr(json_array_get(pk->red_flags, j), "id"), jstr(f, "id")))
                return det_verr(eb, pk, path, "duplicate red flag id");
    }
    return 0;
}

/* "classification_codes": {"pattern": ERE, "table": id, "accept": [...],
 * "description": text}. A listed classification is a code of the pack when
 * it is one of "accept", or matches "pattern" and (with "table") is found in
 * the table. */
static int validate_codes(exctl_pack *pk, exctl_errbuf *eb)
{
    static const char *const keys[] = {"pattern", "table", "accept", "description", "note",
                                       NULL};
    static const char path[] = "classification_codes";
    json_t *cc = json_object_get(pk->root, path), *v;
    int rc;
    size_t i;
    if (!cc)
        return 0;
    if (!json_is_object(cc))
        return det_verr(eb, pk, path, "must be an object");
    if ((rc = check_keys(pk, cc, path, keys, eb)) ||
        (rc = need_str(pk, cc, "pattern", path, true, eb)) ||
        (rc = need_str(pk, cc, "description", path, true, eb)) ||
        (rc = need_str(pk, cc, "table", path, false, eb)) ||
        (rc = need_str(pk, cc, "note", path, false, eb)))
        return rc;
    const char *tid = jstr(cc, "table");
    if (tid && !json_object_get(pk->tables, tid))
        return det_verr(eb, pk, path, "unknown table '%s'", tid);
    json_t *acc = json_object_get(cc, "accept");
    if (acc && !json_is_array(acc))
        return det_verr(eb, pk, path, "'accept' must be an array of strings");
    json_array_foreach(acc, i, v) if (!json_is_string(v))
        return det_verr(eb, pk, path, "accept[%zu] must be a string", i);
    if (regcomp(&pk->codes_re, jstr(cc, "pattern"), REG_EXTENDED | REG_NOSUB))
        return det_verr(eb, pk, path, "'pattern' must be a valid POSIX extended regular "
                                      "expression");
    pk->has_codes_re = true;
    pk->codes = cc;
    return 0;
}

int det_code_check(const exctl_pack *pk, const char *code, const char *path, exctl_errbuf *eb)
{
    json_t *cc = pk->codes, *v;
    size_t i;
    if (!cc || !code)
        return 0;
    json_array_foreach(json_object_get(cc, "accept"), i, v)
        if (!strcmp(json_string_value(v), code))
            return 0;
    const char *tid = jstr(cc, "table");
    json_t *e = tid ? det_table_lookup(pk, tid, code) : NULL;
    if (pk->has_codes_re && regexec(&pk->codes_re, code, 0, NULL, 0) == 0 &&
        (!tid || (e && !json_is_false(e))))
        return 0;
    return xc_err(eb, EXCTL_EINVAL,
                  "transaction: %s: unknown control list item '%.100s': not a code of pack %s "
                  "(%s)", path, code, pk->id, jstr(cc, "description"));
}

static int validate_pack(exctl_pack *pk, exctl_errbuf *eb)
{
    static const char *const keys[] = {
        "format", "id", "jurisdiction", "name", "version", "valid_from", "valid_to",
        "classification_key", "description", "sources", "includes", "citations", "groups",
        "tables", "rules", "exceptions", "red_flags", "licence", "notes", "coverage",
        "classification_codes", NULL};
    json_t *root = pk->root;
    int rc;
    if ((rc = check_keys(pk, root, "(top level)", keys, eb)))
        return rc;
    const char *fmt = jstr(root, "format");
    if (!fmt || strcmp(fmt, "exctl-pack/1"))
        return det_verr(eb, pk, "format", "must be \"exctl-pack/1\"");
    static const char *const req[] = {"id", "jurisdiction", "name", "version", "valid_from",
                                      "classification_key", NULL};
    for (size_t i = 0; req[i]; i++)
        if ((rc = need_str(pk, root, req[i], "(top level)", true, eb)))
            return rc;
    if ((rc = check_dates(pk, root, "(top level)", eb)))
        return rc;
    pk->id = jstr(root, "id");
    pk->jurisdiction = jstr(root, "jurisdiction");
    pk->name = jstr(root, "name");
    pk->version = jstr(root, "version");
    pk->valid_from = jstr(root, "valid_from");
    pk->valid_to = jstr(root, "valid_to") ? jstr(root, "valid_to") : "";
    pk->class_key = jstr(root, "classification_key");
    struct { const char *k; json_t **slot; bool obj; } sec[] = {
        {"citations", &pk->citations, true}, {"groups", &pk->groups, true},
        {"tables", &pk->tables, true}, {"rules", &pk->rules, false},
        {"exceptions", &pk->exceptions, false}, {"red_flags", &pk->red_flags, false}};
    for (size_t i = 0; i < XC_ARRAY_LEN(sec); i++) {
        json_t *v = json_object_get(root, sec[i].k);
        if (!v) {
            v = sec[i].obj ? json_object() : json_array();
            if (!v || json_object_set_new(root, sec[i].k, v))
                return xc_err(eb, EXCTL_ENOMEM, "out of memory");
        }
        if (sec[i].obj ? !json_is_object(v) : !json_is_array(v))
            return det_verr(eb, pk, sec[i].k, "must be an %s", sec[i].obj ? "object" : "array");
        *sec[i].slot = v;
    }
    pk->licence = json_object_get(root, "licence");
    if (pk->licence) {
        static const char *const lk[] = {"validity_months", "citation", "note", NULL};
        json_t *m = json_object_get(pk->licence, "validity_months");
        if ((rc = check_keys(pk, pk->licence, "licence", lk, eb)))
            return rc;
        if (!json_is_integer(m) || json_integer_value(m) < 1 || json_integer_value(m) > 120)
            return det_verr(eb, pk, "licence", "'validity_months' must be an integer 1..120");
        if ((rc = check_cite_ref(pk, json_object_get(pk->licence, "citation"), "licence",
                                 true, eb)))
            return rc;
    }
    if ((rc = validate_citations(pk, eb)) || (rc = validate_groups(pk, eb)) ||
        (rc = validate_tables(pk, eb)) || (rc = validate_codes(pk, eb)) ||
        (rc = validate_rules(pk, eb)) ||
        (rc = validate_exceptions(pk, eb)) || (rc = validate_red_flags(pk, eb)))
        return rc;
    return 0;
}

/* --- loading ------------------------------------------------------------ */

static int load_json(const char *path, json_t **out, exctl_errbuf *eb)
{
    char *data = NULL;
    size_t len = 0;
    int rc = xc_read_file(path, &data, &len, eb);
    if (rc)
        return rc;
    if (!xc_utf8_valid(data, len)) {
        size_t bad = xc_utf8_valid_prefix(data, len), line = 1;
        for (size_t i = 0; i < bad; i++)
            line += data[i] == '\n';
        rc = xc_err(eb, EXCTL_EUTF8, "%s:%zu: invalid UTF-8", path, line);
        goto out;
    }
    json_error_t je;
    *out = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!*out) {
        rc = xc_err(eb, EXCTL_EPARSE, "%s:%d:%d: %s", path, je.line, je.column, je.text);
        goto out;
    }
    if (!json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        rc = xc_err(eb, EXCTL_EPARSE, "%s:1: the top level must be a JSON object", path);
    }
out:
    free(data);
    return rc;
}

static int merge_include(exctl_pack *pk, json_t *inc, const char *incpath, exctl_errbuf *eb)
{
    static const char *const obj_secs[] = {"citations", "groups", "tables", NULL};
    static const char *const arr_secs[] = {"rules", "exceptions", "red_flags", NULL};
    const char *k;
    json_t *v;
    json_object_foreach(inc, k, v) {
        bool known = !strcmp(k, "comment") || !strcmp(k, "source");
        for (size_t i = 0; obj_secs[i] && !known; i++) {
            if (strcmp(k, obj_secs[i]))
                continue;
            known = true;
            if (!json_is_object(v))
                return xc_err(eb, EXCTL_EINVAL, "%s: %s: must be an object", incpath, k);
            json_t *dst = json_object_get(pk->root, k);
            if (!dst) {
                json_object_set_new(pk->root, k, json_object());
                dst = json_object_get(pk->root, k);
            }
            const char *kk;
            json_t *vv;
            json_object_foreach(v, kk, vv) {
                if (json_object_get(dst, kk))
                    return xc_err(eb, EXCTL_EINVAL, "%s: %s.%s: already defined by the pack",
                                  incpath, k, kk);
                json_object_set(dst, kk, vv);
            }
        }
        for (size_t i = 0; arr_secs[i] && !known; i++) {
            if (strcmp(k, arr_secs[i]))
                continue;
            known = true;
            if (!json_is_array(v))
                return xc_err(eb, EXCTL_EINVAL, "%s: %s: must be an array", incpath, k);
            json_t *dst = json_object_get(pk->root, k);
            if (!dst) {
                json_object_set_new(pk->root, k, json_array());
                dst = json_object_get(pk->root, k);
            }
            json_array_extend(dst, v);
        }
        if (!known)
            return xc_err(eb, EXCTL_EINVAL, "%s: unknown top-level key '%s' in an include",
                          incpath, k);
    }
    return 0;
}

static void pack_free(exctl_pack *pk)
{
    if (!pk)
        return;
    det_cond_free(pk);
    if (pk->has_codes_re)
        regfree(&pk->codes_re);
    json_decref(pk->root);
    free(pk->path);
    free(pk);
}

int exctl_packset_new(exctl_packset **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? EXCTL_OK : EXCTL_ENOMEM;
}

void exctl_packset_free(exctl_packset *ps)
{
    if (!ps)
        return;
    for (size_t i = 0; i < ps->n; i++)
        pack_free(ps->packs[i]);
    free(ps->packs);
    free(ps);
}

int exctl_packset_load_file(exctl_packset *ps, const char *path, exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    char *dir = NULL;
    exctl_pack *pk = calloc(1, sizeof *pk);
    if (!pk || !(pk->path = strdup(path))) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = load_json(path, &pk->root, eb)))
        goto out;
    json_t *incs = json_object_get(pk->root, "includes"), *inc;
    if (incs && !json_is_array(incs)) {
        rc = det_verr(eb, pk, "includes", "must be an array of file names");
        goto out;
    }
    dir = strdup(path);
    if (!dir) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[1] = '\0';
    else
        dir[0] = '\0';
    size_t i;
    json_array_foreach(incs, i, inc) {
        const char *name = json_string_value(inc);
        if (!name || !*name || strstr(name, "..") || name[0] == '/') {
            rc = det_verr(eb, pk, "includes", "entry %zu must be a relative file name", i);
            goto out;
        }
        char *ip = xc_path_join(*dir ? dir : ".", name);
        json_t *ij = NULL;
        if (!ip) {
            rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
            goto out;
        }
        rc = load_json(ip, &ij, eb);
        if (!rc)
            rc = merge_include(pk, ij, ip, eb);
        json_decref(ij);
        free(ip);
        if (rc)
            goto out;
    }
    if ((rc = validate_pack(pk, eb)))
        goto out;
    for (size_t j = 0; j < ps->n; j++) {
        if (!strcmp(ps->packs[j]->id, pk->id)) {
            rc = det_verr(eb, pk, "id", "pack '%s' is already loaded from %s", pk->id,
                          ps->packs[j]->path);
            goto out;
        }
    }
    if (ps->n == ps->cap) {
        size_t nc = ps->cap ? ps->cap * 2 : 8;
        exctl_pack **np = realloc(ps->packs, nc * sizeof *np);
        if (!np) {
            rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
            goto out;
        }
        ps->packs = np;
        ps->cap = nc;
    }
    ps->packs[ps->n++] = pk;
    pk = NULL;
out:
    free(dir);
    pack_free(pk);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int exctl_packset_load_dir(exctl_packset *ps, const char *dir, exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    char **names = NULL;
    size_t n = 0, cap = 0;
    DIR *d = opendir(dir);
    if (!d)
        return xc_err(eb, EXCTL_EIO, "%s: cannot open the pack directory", dir);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char *sub = xc_path_join(dir, de->d_name);
        char *pj = sub ? xc_path_join(sub, "pack.json") : NULL;
        free(sub);
        if (!pj) {
            rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
            goto out;
        }
        if (!xc_file_exists(pj)) {
            free(pj);
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                free(pj);
                rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
                goto out;
            }
            names = nn;
        }
        names[n++] = pj;
    }
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && !rc; i++)
        rc = exctl_packset_load_file(ps, names[i], eb);
out:
    closedir(d);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

int exctl_packset_load_bundled(exctl_packset *ps, exctl_errbuf *eb)
{
    char *dir = xc_path_join(exctl_data_dir(), "packs");
    if (!dir)
        return xc_err(eb, EXCTL_ENOMEM, "out of memory");
    int rc = exctl_packset_load_dir(ps, dir, eb);
    free(dir);
    return rc;
}

size_t exctl_packset_count(const exctl_packset *ps) { return ps ? ps->n : 0; }

const exctl_pack *exctl_packset_at(const exctl_packset *ps, size_t i)
{
    return ps && i < ps->n ? ps->packs[i] : NULL;
}

const char *exctl_pack_id(const exctl_pack *p) { return p->id; }
const char *exctl_pack_jurisdiction(const exctl_pack *p) { return p->jurisdiction; }
const char *exctl_pack_name(const exctl_pack *p) { return p->name; }
const char *exctl_pack_version(const exctl_pack *p) { return p->version; }
const char *exctl_pack_valid_from(const exctl_pack *p) { return p->valid_from; }
const char *exctl_pack_valid_to(const exctl_pack *p) { return p->valid_to; }
const char *exctl_pack_path(const exctl_pack *p) { return p->path; }

size_t exctl_pack_count(const exctl_pack *p, exctl_pack_count_kind k)
{
    switch (k) {
    case EXCTL_PACK_GROUPS: return json_object_size(p->groups);
    case EXCTL_PACK_RULES: return json_array_size(p->rules);
    case EXCTL_PACK_EXCEPTIONS: return json_array_size(p->exceptions);
    case EXCTL_PACK_CITATIONS: return json_object_size(p->citations);
    case EXCTL_PACK_TABLES: return json_object_size(p->tables);
    case EXCTL_PACK_RED_FLAGS: return json_array_size(p->red_flags);
    }
    return 0;
}
