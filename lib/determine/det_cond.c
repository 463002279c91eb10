/*
 * Conditions: the small language rules and exceptions are written in.
 *
 * A condition is a JSON object whose members are tests, all of which must
 * hold ("all", "any" and "not" nest). Each test reads one fact of the
 * transaction: the item's classification in the pack's numbering, its kind,
 * HS code and value, the destination and its groups, the end-use answers,
 * deemed-export facts, red-flag answers and the parties' screening hits.
 * Tests are deliberately few and literal so that a pack author can predict
 * what a rule does from the document alone; anything a test cannot decide
 * (a missing value, a currency mismatch) makes the test false and is written
 * into the trace, so a rule never fires on a guess.
 */
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "det.h"

static const char *jstr(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* --- validation ----------------------------------------------------------- */

static int need_str_array(const exctl_pack *pk, json_t *v, const char *path, const char *k,
                          exctl_errbuf *eb)
{
    size_t i;
    json_t *e;
    if (!json_is_array(v) || !json_array_size(v))
        return det_verr(eb, pk, path, "'%s' must be a non-empty array of strings", k);
    json_array_foreach(v, i, e) if (!json_is_string(e))
        return det_verr(eb, pk, path, "%s[%zu] must be a string", k, i);
    return 0;
}

static int need_table(const exctl_pack *pk, json_t *v, const char *path, const char *k,
                      exctl_errbuf *eb)
{
    if (!json_is_string(v))
        return det_verr(eb, pk, path, "'%s' must name a table", k);
    if (!json_object_get(pk->tables, json_string_value(v)))
        return det_verr(eb, pk, path, "%s: unknown table '%s'", k, json_string_value(v));
    return 0;
}

/* Fact comparison objects: {"key": scalar or [scalars]}. */
static int check_fact_obj(const exctl_pack *pk, json_t *v, const char *path, const char *k,
                          exctl_errbuf *eb)
{
    const char *kk;
    json_t *vv;
    if (!json_is_object(v) || !json_object_size(v))
        return det_verr(eb, pk, path, "'%s' must be a non-empty object of facts", k);
    json_object_foreach(v, kk, vv) {
        if (json_is_object(vv) || (json_is_array(vv) && !json_array_size(vv)))
            return det_verr(eb, pk, path, "%s.%s must be a value or a non-empty array", k, kk);
    }
    return 0;
}

static int check_value_obj(const exctl_pack *pk, json_t *v, const char *path, const char *k,
                           bool table, exctl_errbuf *eb)
{
    if (!json_is_object(v))
        return det_verr(eb, pk, path, "'%s' must be an object", k);
    const char *scope = jstr(v, "scope");
    if (!scope || (strcmp(scope, "item") && strcmp(scope, "transaction")))
        return det_verr(eb, pk, path, "%s.scope must be \"item\" or \"transaction\"", k);
    if (table)
        return need_table(pk, json_object_get(v, "table"), path, "table", eb);
    if (!json_is_number(json_object_get(v, "amount")) || !jstr(v, "currency"))
        return det_verr(eb, pk, path, "%s needs a numeric 'amount' and a 'currency'", k);
    return 0;
}

static int compile_re(exctl_pack *pk, json_t *node, const char *path, exctl_errbuf *eb)
{
    for (size_t i = 0; i < pk->n_res; i++)
        if (pk->res[i].node == node)
            return 0;
    if (pk->n_res == pk->cap_res) {
        size_t nc = pk->cap_res ? pk->cap_res * 2 : 16;
        struct det_re *nr = realloc(pk->res, nc * sizeof *nr);
        if (!nr)
            return xc_err(eb, EXCTL_ENOMEM, "out of memory");
        pk->res = nr;
        pk->cap_res = nc;
    }
    if (!json_is_string(node) ||
        regcomp(&pk->res[pk->n_res].re, json_string_value(node), REG_EXTENDED | REG_NOSUB))
        return det_verr(eb, pk, path, "'class_regex' must be a valid POSIX extended "
                                      "regular expression");
    pk->res[pk->n_res++].node = node;
    return 0;
}

void det_cond_free(exctl_pack *pk)
{
    for (size_t i = 0; i < pk->n_res; i++)
        regfree(&pk->res[i].re);
    free(pk->res);
    pk->res = NULL;
    pk->n_res = pk->cap_res = 0;
}

int det_cond_validate(exctl_pack *pk, json_t *cond, const char *path, exctl_errbuf *eb)
{
    const char *k;
    json_t *v;
    int rc;
    char sub[400];
    if (!json_is_object(cond) || !json_object_size(cond))
        return det_verr(eb, pk, path, "a condition must be a non-empty object");
    json_object_foreach(cond, k, v) {
        snprintf(sub, sizeof sub, "%s.%s", path, k);
        if (!strcmp(k, "all") || !strcmp(k, "any")) {
            size_t i;
            json_t *c;
            if (!json_is_array(v) || !json_array_size(v))
                return det_verr(eb, pk, path, "'%s' must be a non-empty array", k);
            json_array_foreach(v, i, c) {
                char ip[440];
                snprintf(ip, sizeof ip, "%s[%zu]", sub, i);
                if ((rc = det_cond_validate(pk, c, ip, eb)))
                    return rc;
            }
        } else if (!strcmp(k, "not")) {
            if ((rc = det_cond_validate(pk, v, sub, eb)))
                return rc;
        } else if (!strcmp(k, "always") || !strcmp(k, "listed")) {
            if (!json_is_boolean(v))
                return det_verr(eb, pk, path, "'%s' must be true or false", k);
        } else if (!strcmp(k, "kind")) {
            if ((rc = need_str_array(pk, v, path, k, eb)))
                return rc;
            size_t i;
            json_t *e;
            json_array_foreach(v, i, e) {
                const char *s = json_string_value(e);
                if (strcmp(s, "goods") && strcmp(s, "technology") && strcmp(s, "software"))
                    return det_verr(eb, pk, path, "kind[%zu]: '%s' is not goods, technology "
                                                  "or software", i, s);
            }
        } else if (!strcmp(k, "class_prefix") || !strcmp(k, "destination") ||
                   !strcmp(k, "red_flag_raises")) {
            if ((rc = need_str_array(pk, v, path, k, eb)))
                return rc;
        } else if (!strcmp(k, "destination_in_group")) {
            if ((rc = need_str_array(pk, v, path, k, eb)))
                return rc;
            size_t i;
            json_t *e;
            json_array_foreach(v, i, e) if (!json_object_get(pk->groups, json_string_value(e)))
                return det_verr(eb, pk, path, "unknown group '%s'", json_string_value(e));
        } else if (!strcmp(k, "class_regex")) {
            if ((rc = compile_re(pk, v, path, eb)))
                return rc;
        } else if (!strcmp(k, "class_in_table")) {
            if ((rc = need_table(pk, v, path, k, eb)))
                return rc;
        } else if (!strcmp(k, "hs_in_table")) {
            if (!json_is_object(v) || !json_is_boolean(json_object_get(v, "unknown")))
                return det_verr(eb, pk, path, "'hs_in_table' must be {\"table\": ..., "
                                              "\"unknown\": true|false}");
            if ((rc = need_table(pk, json_object_get(v, "table"), path, "table", eb)))
                return rc;
        } else if (!strcmp(k, "end_use") || !strcmp(k, "transfer") || !strcmp(k, "item")) {
            if ((rc = check_fact_obj(pk, v, path, k, eb)))
                return rc;
        } else if (!strcmp(k, "party")) {
            if ((rc = check_fact_obj(pk, v, path, k, eb)))
                return rc;
            json_t *roles = json_object_get(v, "roles");
            if (roles && (rc = need_str_array(pk, roles, path, "roles", eb)))
                return rc;
        } else if (!strcmp(k, "party_hit")) {
            static const char *const ok[] = {"lists", "programs", "roles", "min_score", NULL};
            const char *kk;
            json_t *vv;
            if (!json_is_object(v))
                return det_verr(eb, pk, path, "'party_hit' must be an object");
            json_object_foreach(v, kk, vv) {
                bool known = false;
                for (size_t i = 0; ok[i]; i++)
                    known |= !strcmp(ok[i], kk);
                if (!known)
                    return det_verr(eb, pk, path, "party_hit: unknown key '%s'", kk);
                if (!strcmp(kk, "min_score")) {
                    if (!json_is_number(vv) || json_number_value(vv) < 0 ||
                        json_number_value(vv) > 1)
                        return det_verr(eb, pk, path, "party_hit.min_score must be in [0, 1]");
                } else if ((rc = need_str_array(pk, vv, path, kk, eb))) {
                    return rc;
                }
            }
            if (!json_object_get(v, "lists"))
                return det_verr(eb, pk, path, "party_hit needs 'lists'");
        } else if (!strcmp(k, "value_at_most")) {
            if ((rc = check_value_obj(pk, v, path, k, false, eb)))
                return rc;
        } else if (!strcmp(k, "value_at_most_table")) {
            if ((rc = check_value_obj(pk, v, path, k, true, eb)))
                return rc;
        } else if (!strcmp(k, "table_field")) {
            if (!json_is_object(v) || !jstr(v, "field") || !json_object_get(v, "equals"))
                return det_verr(eb, pk, path, "'table_field' needs table, field and equals");
            if ((rc = need_table(pk, json_object_get(v, "table"), path, "table", eb)))
                return rc;
        } else if (!strcmp(k, "chart")) {
            if (!json_is_object(v))
                return det_verr(eb, pk, path, "'chart' must be an object");
            if ((rc = need_table(pk, json_object_get(v, "item_table"), path, "item_table", eb)) ||
                (rc = need_table(pk, json_object_get(v, "country_table"), path,
                                 "country_table", eb)))
                return rc;
        } else {
            return det_verr(eb, pk, path, "unknown test '%s'", k);
        }
    }
    return 0;
}

/* --- evaluation ----------------------------------------------------------- */

static bool fail(det_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(det_ctx *c, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->why.len = 0;
    xc_buf_puts(&c->why, msg);
    return false;
}

static bool in_str_array(json_t *arr, const char *s)
{
    size_t i;
    json_t *e;
    if (!s)
        return false;
    json_array_foreach(arr, i, e) if (!strcmp(json_string_value(e), s)) return true;
    return false;
}

/* Does the fact equal the wanted scalar, or one of the wanted array? A
 * missing fact reads as the string "unknown". */
static bool fact_matches(json_t *fact, json_t *want)
{
    json_t *unk = NULL;
    bool r = false;
    if (!fact)
        fact = unk = json_string("unknown");
    if (json_is_array(want)) {
        size_t i;
        json_t *w;
        json_array_foreach(want, i, w) if (json_equal(fact, w)) r = true;
    } else {
        r = json_equal(fact, want);
    }
    json_decref(unk);
    return r;
}

static void fact_text(json_t *v, char *out, size_t cap)
{
    if (!v) {
        snprintf(out, cap, "unknown");
        return;
    }
    char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    snprintf(out, cap, "%s", s ? s : "?");
    free(s);
}

static bool eval_facts(det_ctx *c, json_t *obj, json_t *want, const char *what)
{
    const char *k;
    json_t *w;
    json_object_foreach(want, k, w) {
        json_t *f = json_object_get(obj, k);
        if (!fact_matches(f, w)) {
            char a[80], b[120];
            fact_text(f, a, sizeof a);
            fact_text(w, b, sizeof b);
            return fail(c, "%s.%s is %s, rule needs %s", what, k, a, b);
        }
    }
    return true;
}

static bool party_has(det_ctx *c, const det_party *p, json_t *want)
{
    const char *k;
    json_t *w;
    json_object_foreach(want, k, w) {
        if (!strcmp(k, "roles"))
            continue;
        if (!fact_matches(json_object_get(p->json, k), w))
            return false;
    }
    (void)c;
    return true;
}

static bool programs_match(const char *programs, json_t *want)
{
    /* programs is "N,M,CW"; any overlap counts. No programs on the hit =
     * unknown reason: count it, since the list itself is the concern. */
    if (!programs || !*programs)
        return true;
    size_t i;
    json_t *w;
    json_array_foreach(want, i, w) {
        const char *s = json_string_value(w);
        size_t n = strlen(s);
        const char *p = programs;
        while (*p) {
            const char *e = strchr(p, ',');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            if (len == n && !strncmp(p, s, n))
                return true;
            p += len + (e ? 1 : 0);
        }
    }
    return false;
}

static bool eval_party_hit(det_ctx *c, json_t *v)
{
    json_t *lists = json_object_get(v, "lists"), *programs = json_object_get(v, "programs");
    json_t *roles = json_object_get(v, "roles"), *ms = json_object_get(v, "min_score");
    double min = ms ? json_number_value(ms) : 0.0;
    for (size_t i = 0; i < c->n_parties; i++) {
        det_party *p = &c->parties[i];
        if (roles && !in_str_array(roles, p->role))
            continue;
        for (size_t j = 0; j < p->hits.n; j++) {
            det_hit *h = &p->hits.v[j];
            if (!in_str_array(lists, h->list_id) || h->score < min)
                continue;
            if (programs && !programs_match(h->programs, programs))
                continue;
            xc_buf_printf(&c->facts, "party '%s' (%s) matches %s:%s (score %.2f); ", p->name,
                          p->role, h->list_id, h->entity_id, h->score);
            return true;
        }
    }
    return fail(c, "no party has a qualifying screening hit");
}

static bool eval_party(det_ctx *c, json_t *v)
{
    json_t *roles = json_object_get(v, "roles");
    for (size_t i = 0; i < c->n_parties; i++) {
        det_party *p = &c->parties[i];
        if (roles && !in_str_array(roles, p->role))
            continue;
        if (party_has(c, p, v)) {
            xc_buf_printf(&c->facts, "party '%s' (%s) has the stated attribute; ", p->name,
                          p->role);
            return true;
        }
    }
    return fail(c, "no party has the attribute the rule needs");
}

/* Value of the current item, or of every item of the transaction listed in
 * the pack's numbering, in currency cur. -1 when unknown or mixed. */
static double value_of(det_ctx *c, const char *scope, const char *cur)
{
    json_t *items = json_object_get(c->txn, "items"), *it;
    size_t i;
    double sum = 0;
    if (!strcmp(scope, "item")) {
        items = NULL;
        json_t *val = json_object_get(c->item, "value");
        if (!json_is_object(val) || !jstr(val, "currency") || strcmp(jstr(val, "currency"), cur))
            return -1;
        return json_number_value(json_object_get(val, "amount"));
    }
    json_array_foreach(items, i, it) {
        json_t *cl = json_object_get(it, "classification");
        json_t *code = json_is_object(cl) ? json_object_get(cl, c->pk->class_key) : NULL;
        if (!json_is_string(code) || !strcmp(json_string_value(code), "not_listed"))
            continue;
        json_t *val = json_object_get(it, "value");
        if (!json_is_object(val) || !jstr(val, "currency") || strcmp(jstr(val, "currency"), cur))
            return -1;
        sum += json_number_value(json_object_get(val, "amount"));
    }
    return sum;
}

static bool eval_value(det_ctx *c, double limit, const char *cur, const char *scope)
{
    double v = value_of(c, scope, cur);
    if (v < 0)
        return fail(c, "value (%s) unknown or not in %s", scope, cur);
    if (v > limit)
        return fail(c, "value %.0f %s (%s) exceeds %.0f %s", v, cur, scope, limit, cur);
    xc_buf_printf(&c->facts, "value %.0f %s (%s) <= %.0f %s; ", v, cur, scope, limit, cur);
    return true;
}

static bool col_applies(json_t *row, const char *cls)
{
    if (json_is_string(row))
        return true;
    json_t *paras = json_object_get(row, "paragraphs"), *ex = json_object_get(row, "except");
    size_t i;
    json_t *p;
    json_array_foreach(ex, i, p) {
        const char *s = json_string_value(p);
        if (!strncmp(cls, s, strlen(s)))
            return false;
    }
    if (!json_array_size(paras))
        return true;
    json_array_foreach(paras, i, p) {
        const char *s = json_string_value(p);
        size_t n = strlen(s);
        if (!strncmp(cls, s, n) && (cls[n] == '\0' || cls[n] == '.'))
            return true;
    }
    return false;
}

static bool eval_chart(det_ctx *c, json_t *v)
{
    json_t *rows = det_table_lookup(c->pk, jstr(v, "item_table"), c->cls);
    json_t *cols = det_table_lookup(c->pk, jstr(v, "country_table"), c->dest);
    if (!rows)
        return fail(c, "%s has no reasons for control in table %s", c->cls ? c->cls : "item",
                    jstr(v, "item_table"));
    json_t *list = json_is_object(rows) ? json_object_get(rows, "controls") : rows;
    size_t i;
    json_t *r;
    bool hit = false;
    json_array_foreach(list, i, r) {
        const char *col = json_is_string(r) ? json_string_value(r) : jstr(r, "column");
        if (!col || !col_applies(r, c->cls) || !in_str_array(cols, col))
            continue;
        xc_buf_printf(&c->facts, "%s%s", hit ? "," : "country chart X in ", col);
        hit = true;
    }
    if (hit) {
        xc_buf_puts(&c->facts, " for ");
        xc_buf_puts(&c->facts, c->dest);
        xc_buf_puts(&c->facts, "; ");
        return true;
    }
    return fail(c, "no reason for control of %s has an X for %s", c->cls ? c->cls : "item",
                c->dest);
}

/* A table entry whose value is false marks an exclusion inside a wider
 * prefix (HS 8542 is in, 854290 is out). */
static bool member(json_t *entry)
{
    return entry && !json_is_false(entry);
}

static bool eval_atom(det_ctx *c, const char *k, json_t *v)
{
    if (!strcmp(k, "always"))
        return json_is_true(v) ? true : fail(c, "always: false");
    if (!strcmp(k, "listed")) {
        bool listed = c->cls != NULL;
        if (listed == json_is_true(v))
            return true;
        return fail(c, "item is %slisted in %s numbering", listed ? "" : "not ",
                    c->pk->class_key);
    }
    if (!strcmp(k, "kind"))
        return in_str_array(v, c->kind) ? true : fail(c, "kind is %s", c->kind);
    if (!strcmp(k, "class_prefix")) {
        size_t i;
        json_t *e;
        if (c->cls)
            json_array_foreach(v, i, e) if (!strncmp(c->cls, json_string_value(e),
                                                     strlen(json_string_value(e)))) return true;
        return fail(c, "classification %s does not start with a listed prefix",
                    c->cls ? c->cls : "not_listed");
    }
    if (!strcmp(k, "class_regex")) {
        bool m = false;
        for (size_t i = 0; c->cls && i < c->pk->n_res; i++)
            if (c->pk->res[i].node == v)
                m = regexec(&c->pk->res[i].re, c->cls, 0, NULL, 0) == 0;
        return m ? true : fail(c, "classification %s does not match /%s/",
                               c->cls ? c->cls : "not_listed", json_string_value(v));
    }
    if (!strcmp(k, "class_in_table"))
        return member(det_table_lookup(c->pk, json_string_value(v), c->cls))
                   ? true : fail(c, "classification %s not in table %s",
                                 c->cls ? c->cls : "not_listed", json_string_value(v));
    if (!strcmp(k, "hs_in_table")) {
        if (!c->hs[0]) {
            if (json_is_true(json_object_get(v, "unknown"))) {
                xc_buf_puts(&c->facts, "HS code unknown: assumed in scope; ");
                return true;
            }
            return fail(c, "HS code unknown");
        }
        return member(det_table_lookup(c->pk, jstr(v, "table"), c->hs))
                   ? true : fail(c, "HS %s not in table %s", c->hs, jstr(v, "table"));
    }
    if (!strcmp(k, "destination"))
        return in_str_array(v, c->dest) ? true : fail(c, "destination is %s", c->dest);
    if (!strcmp(k, "destination_in_group")) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) if (det_group_has(c->pk, json_string_value(e), c->dest,
                                                      c->date)) return true;
        return fail(c, "destination %s is in none of the groups", c->dest);
    }
    if (!strcmp(k, "end_use"))
        return eval_facts(c, json_object_get(c->txn, "end_use"), v, "end_use");
    if (!strcmp(k, "transfer"))
        return eval_facts(c, json_object_get(c->txn, "transfer"), v, "transfer");
    if (!strcmp(k, "item"))
        return eval_facts(c, c->item, v, "item");
    if (!strcmp(k, "red_flag_raises")) {
        size_t i, j;
        json_t *f, *r;
        json_array_foreach(c->raised, i, f) {
            json_array_foreach(json_object_get(f, "raises"), j, r) {
                if (in_str_array(v, json_string_value(r))) {
                    xc_buf_printf(&c->facts, "red flag %s answered yes; ", jstr(f, "id"));
                    return true;
                }
            }
        }
        return fail(c, "no red flag raising this was answered yes");
    }
    if (!strcmp(k, "party_hit"))
        return eval_party_hit(c, v);
    if (!strcmp(k, "party"))
        return eval_party(c, v);
    if (!strcmp(k, "value_at_most"))
        return eval_value(c, json_number_value(json_object_get(v, "amount")),
                          jstr(v, "currency"), jstr(v, "scope"));
    if (!strcmp(k, "value_at_most_table")) {
        json_t *e = det_table_lookup(c->pk, jstr(v, "table"), c->cls);
        json_t *lim = json_is_object(e) ? json_object_get(e, "lvs") : NULL;
        if (!json_is_object(lim))
            lim = e;
        if (!json_is_object(lim) || !json_is_number(json_object_get(lim, "amount")) ||
            !jstr(lim, "currency"))
            return fail(c, "no value limit for %s in table %s", c->cls ? c->cls : "item",
                        jstr(v, "table"));
        return eval_value(c, json_number_value(json_object_get(lim, "amount")),
                          jstr(lim, "currency"), jstr(v, "scope"));
    }
    if (!strcmp(k, "table_field")) {
        json_t *e = det_table_lookup(c->pk, jstr(v, "table"), c->cls);
        json_t *f = json_is_object(e) ? json_object_get(e, jstr(v, "field")) : NULL;
        if (f && json_equal(f, json_object_get(v, "equals")))
            return true;
        return fail(c, "%s: table %s field %s does not have the required value",
                    c->cls ? c->cls : "item", jstr(v, "table"), jstr(v, "field"));
    }
    if (!strcmp(k, "chart"))
        return eval_chart(c, v);
    return fail(c, "unknown test %s", k);
}

bool det_cond_eval(det_ctx *c, json_t *cond)
{
    const char *k;
    json_t *v;
    json_object_foreach(cond, k, v) {
        if (!strcmp(k, "all")) {
            size_t i;
            json_t *e;
            json_array_foreach(v, i, e) if (!det_cond_eval(c, e)) return false;
        } else if (!strcmp(k, "any")) {
            size_t i;
            json_t *e;
            bool any = false;
            xc_buf reasons;
            xc_buf_init(&reasons);
            json_array_foreach(v, i, e) {
                if (det_cond_eval(c, e)) {
                    any = true;
                    break;
                }
                const char *w = xc_buf_cstr(&c->why);
                if (!strncmp(w, "none of: ", 9))
                    w += 9; /* flatten nested alternatives */
                xc_buf_printf(&reasons, "%s%s", reasons.len ? "; " : "", w);
            }
            if (!any) {
                c->why.len = 0;
                xc_buf_printf(&c->why, "none of: %s", xc_buf_cstr(&reasons));
            }
            xc_buf_free(&reasons);
            if (!any)
                return false;
        } else if (!strcmp(k, "not")) {
            size_t saved = c->facts.len;
            bool r = det_cond_eval(c, v);
            c->facts.len = saved;
            if (r) {
                xc_buf keys;
                const char *nk;
                json_t *nv;
                xc_buf_init(&keys);
                json_object_foreach(v, nk, nv) xc_buf_printf(&keys, "%s%s", keys.len ? "," : "", nk);
                fail(c, "excluded: %s holds", xc_buf_cstr(&keys));
                xc_buf_free(&keys);
                return false;
            }
        } else if (!eval_atom(c, k, v)) {
            return false;
        }
    }
    return true;
}
