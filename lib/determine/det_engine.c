/*
 * The determination engine: transaction in, per-item decision out.
 *
 * For each item the engine walks the pack's rules in the order the author
 * wrote them, keeps every rule in force on the transaction date whose
 * condition holds as a ground, and only then looks at exceptions: an
 * exception is offered when it is in force, its condition holds and it
 * covers every ground that requires a licence (an exception that lifts the
 * list-control ground cannot lift a catch-all ground standing beside it).
 * Nothing short-circuits, so the trace shows every rule considered and why it
 * did or did not apply; that is what a reviewer reads to check the result.
 *
 * Output is built as a jansson tree and dumped with sorted keys and a fixed
 * real precision, so identical inputs give byte-identical output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "det.h"

struct exctl_determination {
    char *json;
    char *trace;
    size_t n_items;
    char **ids;
    char **outcomes;
    int *lic, *pro;
};

static const char *jstr(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* --- hits ------------------------------------------------------------------ */

static char *dup0(const char *s) { return strdup(s ? s : ""); }

int exctl_det_hit_add(exctl_det_hits *hits, const char *list_id, const char *entity_id,
                      const char *name, double score, const char *programs)
{
    if (!hits || !list_id)
        return EXCTL_EINVAL;
    if (hits->n == hits->cap) {
        size_t nc = hits->cap ? hits->cap * 2 : 4;
        det_hit *nv = realloc(hits->v, nc * sizeof *nv);
        if (!nv)
            return EXCTL_ENOMEM;
        hits->v = nv;
        hits->cap = nc;
    }
    det_hit *h = &hits->v[hits->n];
    h->list_id = dup0(list_id);
    h->entity_id = dup0(entity_id);
    h->name = dup0(name);
    h->programs = dup0(programs);
    h->source = dup0("screener");
    h->score = score;
    if (!h->list_id || !h->entity_id || !h->name || !h->programs || !h->source) {
        free(h->list_id); free(h->entity_id); free(h->name); free(h->programs); free(h->source);
        return EXCTL_ENOMEM;
    }
    hits->n++;
    return EXCTL_OK;
}

static void hits_free(exctl_det_hits *h)
{
    for (size_t i = 0; i < h->n; i++) {
        free(h->v[i].list_id); free(h->v[i].entity_id); free(h->v[i].name);
        free(h->v[i].programs); free(h->v[i].source);
    }
    free(h->v);
}

/* --- transaction validation --------------------------------------------------- */

static int terr(exctl_errbuf *eb, const char *path, const char *msg)
{
    return xc_err(eb, EXCTL_EINVAL, "transaction: %s: %s", path, msg);
}

static bool is_cc(const char *s)
{
    return s && strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

static int check_item(json_t *it, size_t i, exctl_errbuf *eb)
{
    char path[64];
    snprintf(path, sizeof path, "items[%zu]", i);
    if (!json_is_object(it))
        return terr(eb, path, "must be an object");
    json_t *id = json_object_get(it, "id");
    if (!json_is_string(id) || !*json_string_value(id))
        return terr(eb, path, "'id' must be a non-empty string");
    const char *kind = jstr(it, "kind");
    if (!kind || (strcmp(kind, "goods") && strcmp(kind, "technology") && strcmp(kind, "software")))
        return terr(eb, path, "'kind' must be goods, technology or software");
    json_t *cl = json_object_get(it, "classification");
    if (json_is_string(cl)) {
        if (strcmp(json_string_value(cl), "not_listed"))
            return terr(eb, path, "'classification' must be an object or \"not_listed\"");
    } else if (json_is_object(cl)) {
        const char *k;
        json_t *v;
        json_object_foreach(cl, k, v) if (!json_is_string(v) || !*json_string_value(v) ||
                                          strlen(json_string_value(v)) > 100)
            return terr(eb, path, "classification values must be non-empty strings "
                                  "(at most 100 bytes)");
    } else {
        return terr(eb, path, "'classification' is required (an object or \"not_listed\")");
    }
    json_t *val = json_object_get(it, "value");
    if (val) {
        json_t *a = json_object_get(val, "amount");
        if (!json_is_object(val) || !json_is_number(a) || json_number_value(a) < 0 ||
            !jstr(val, "currency"))
            return terr(eb, path, "'value' must be {\"amount\": number >= 0, \"currency\": ...}");
    }
    json_t *hs = json_object_get(it, "hs");
    if (hs && (!json_is_string(hs) || strlen(json_string_value(hs)) > 14))
        return terr(eb, path, "'hs' must be an HS code string");
    return 0;
}

static int check_txn(json_t *t, exctl_errbuf *eb)
{
    const char *date = jstr(t, "date"), *dest = jstr(t, "destination");
    if (!jstr(t, "jurisdiction"))
        return terr(eb, "jurisdiction", "required string");
    if (!date || !det_date_valid(date))
        return terr(eb, "date", "required, YYYY-MM-DD");
    if (!is_cc(dest))
        return terr(eb, "destination", "required ISO 3166-1 alpha-2 code (upper case)");
    json_t *items = json_object_get(t, "items"), *it;
    if (!json_is_array(items) || !json_array_size(items))
        return terr(eb, "items", "required non-empty array");
    size_t i;
    int rc;
    json_array_foreach(items, i, it) {
        if ((rc = check_item(it, i, eb)))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(jstr(json_array_get(items, j), "id"), jstr(it, "id")))
                return terr(eb, "items", "duplicate item id");
    }
    json_t *parties = json_object_get(t, "parties"), *p;
    if (parties && !json_is_array(parties))
        return terr(eb, "parties", "must be an array");
    json_array_foreach(parties, i, p) {
        char path[64];
        snprintf(path, sizeof path, "parties[%zu]", i);
        const char *role = jstr(p, "role");
        if (!role || (strcmp(role, "end_user") && strcmp(role, "consignee") &&
                      strcmp(role, "intermediary") && strcmp(role, "purchaser")))
            return terr(eb, path, "'role' must be end_user, consignee, intermediary or purchaser");
        if (!jstr(p, "name") || !*jstr(p, "name"))
            return terr(eb, path, "'name' must be a non-empty string");
        json_t *sc = json_object_get(p, "screening"), *h;
        if (sc && !json_is_array(sc))
            return terr(eb, path, "'screening' must be an array of hits");
        size_t j;
        json_array_foreach(sc, j, h) {
            json_t *s = json_object_get(h, "score"), *pr = json_object_get(h, "programs");
            if (!jstr(h, "list") || !json_is_number(s) || json_number_value(s) < 0 ||
                json_number_value(s) > 1 || (pr && !json_is_array(pr)))
                return terr(eb, path, "each screening hit needs 'list', 'score' in [0,1] and "
                                      "optional 'entity', 'name', 'programs' (array)");
        }
    }
    static const char *const objs[] = {"end_use", "transfer", "red_flags", NULL};
    for (i = 0; objs[i]; i++) {
        json_t *o = json_object_get(t, objs[i]);
        if (o && !json_is_object(o))
            return terr(eb, objs[i], "must be an object");
    }
    return 0;
}

/* --- pack choice -------------------------------------------------------------- */

static const exctl_pack *choose_pack(const exctl_packset *ps, json_t *t,
                                     const exctl_det_opts *opts, exctl_errbuf *eb)
{
    const char *jur = jstr(t, "jurisdiction"), *date = jstr(t, "date");
    const exctl_pack *best = NULL;
    for (size_t i = 0; i < ps->n; i++) {
        const exctl_pack *p = ps->packs[i];
        if (opts && opts->pack_id) {
            if (!strcmp(p->id, opts->pack_id))
                best = p;
            continue;
        }
        if (strcmp(p->jurisdiction, jur) || !det_in_window(date, p->valid_from, p->valid_to))
            continue;
        if (!best || strcmp(p->valid_from, best->valid_from) > 0)
            best = p;
    }
    if (!best)
        xc_err(eb, EXCTL_ENOTFOUND, "no jurisdiction pack %s%s in force on %s",
               opts && opts->pack_id ? opts->pack_id : "for ",
               opts && opts->pack_id ? "" : jur, date);
    else if (!det_in_window(date, best->valid_from, best->valid_to))
        xc_err(eb, EXCTL_ENOTFOUND, "pack %s is not in force on %s", best->id, date),
            best = NULL;
    return best;
}

/* A code the pack does not know must not reach the rules: it would match
 * none of them and come out as "no licence required". */
static int check_codes(const exctl_pack *pk, json_t *t, exctl_errbuf *eb)
{
    json_t *it;
    size_t i;
    json_array_foreach(json_object_get(t, "items"), i, it) {
        json_t *cl = json_object_get(it, "classification");
        const char *code = json_is_object(cl) ? jstr(cl, pk->class_key) : NULL;
        if (!code || !strcmp(code, "not_listed"))
            continue;
        char path[192];
        snprintf(path, sizeof path, "items[%zu].classification.%.100s", i, pk->class_key);
        int rc = det_code_check(pk, code, path, eb);
        if (rc)
            return rc;
    }
    return 0;
}

/* --- parties and screening ------------------------------------------------------- */

static int collect_parties(json_t *t, const exctl_det_opts *opts, det_party **out, size_t *n,
                           exctl_errbuf *eb)
{
    json_t *parties = json_object_get(t, "parties"), *p;
    size_t i, np = json_array_size(parties);
    det_party *v = calloc(np ? np : 1, sizeof *v);
    if (!v)
        return xc_err(eb, EXCTL_ENOMEM, "out of memory");
    *out = v;
    *n = np;
    json_array_foreach(parties, i, p) {
        det_party *dp = &v[i];
        dp->role = jstr(p, "role");
        dp->name = jstr(p, "name");
        dp->country = jstr(p, "country");
        dp->json = p;
        json_t *h;
        size_t j;
        json_array_foreach(json_object_get(p, "screening"), j, h) {
            xc_buf progs;
            xc_buf_init(&progs);
            json_t *pr;
            size_t k;
            json_array_foreach(json_object_get(h, "programs"), k, pr)
                if (json_is_string(pr))
                    xc_buf_printf(&progs, "%s%s", progs.len ? "," : "", json_string_value(pr));
            int rc = exctl_det_hit_add(&dp->hits, jstr(h, "list"), jstr(h, "entity"),
                                       jstr(h, "name"),
                                       json_number_value(json_object_get(h, "score")),
                                       xc_buf_cstr(&progs));
            xc_buf_free(&progs);
            if (rc)
                return xc_err(eb, rc, "out of memory");
            free(dp->hits.v[dp->hits.n - 1].source);
            dp->hits.v[dp->hits.n - 1].source = dup0("transaction");
        }
        if (opts && opts->screen) {
            exctl_det_party q = {dp->role, dp->name, dp->country};
            int rc = opts->screen(opts->screen_ctx, &q, &dp->hits, eb);
            if (rc)
                return rc;
        }
    }
    return 0;
}

/* --- per item -------------------------------------------------------------------- */

static json_t *cite_json(const exctl_pack *pk, json_t *ref, xc_buf *tmp)
{
    xc_buf all;
    xc_buf_init(&all);
    if (json_is_string(ref)) {
        xc_buf_puts(&all, det_citation_text(pk, json_string_value(ref), tmp));
    } else {
        size_t i;
        json_t *c;
        json_array_foreach(ref, i, c) {
            if (i)
                xc_buf_puts(&all, "; ");
            xc_buf_puts(&all, det_citation_text(pk, json_string_value(c), tmp));
        }
    }
    json_t *s = json_string(xc_buf_cstr(&all));
    xc_buf_free(&all);
    return s;
}

static void set_hs(det_ctx *c)
{
    const char *hs = jstr(c->item, "hs");
    size_t n = 0;
    c->hs[0] = '\0';
    for (; hs && *hs && n + 1 < sizeof c->hs; hs++)
        if (*hs >= '0' && *hs <= '9')
            c->hs[n++] = *hs;
    c->hs[n] = '\0';
}

/* Facts are collected as "a; b; "; drop the trailing separator. */
static void trim_facts(xc_buf *f)
{
    while (f->len && (f->data[f->len - 1] == ' ' || f->data[f->len - 1] == ';'))
        f->len--;
    xc_buf_cstr(f);
}

static json_t *eval_item(det_ctx *c, xc_buf *tr, const char **outcome)
{
    const exctl_pack *pk = c->pk;
    xc_buf tmp;
    xc_buf_init(&tmp);
    json_t *grounds = json_array(), *excs = json_array();
    json_t *blocking = json_array(); /* rule ids that require a licence */
    bool lic = false, pro = false, notify = false;
    json_t *r;
    size_t i;

    xc_buf_printf(tr, "item %s: kind %s, classification %s=%s%s%s\n", jstr(c->item, "id"),
                  c->kind, pk->class_key, c->cls ? c->cls : "not_listed",
                  c->hs[0] ? ", HS " : "", c->hs);
    json_array_foreach(pk->rules, i, r) {
        const char *rid = jstr(r, "id"), *eff = jstr(r, "effect");
        if (!det_obj_in_force(r, c->date)) {
            xc_buf_printf(tr, "  rule %s: not in force on %s (valid %s..%s)\n", rid, c->date,
                          jstr(r, "valid_from") ? jstr(r, "valid_from") : "",
                          jstr(r, "valid_to") ? jstr(r, "valid_to") : "");
            continue;
        }
        c->facts.len = 0;
        c->why.len = 0;
        if (!det_cond_eval(c, json_object_get(r, "when"))) {
            xc_buf_printf(tr, "  rule %s: does not apply (%s)\n", rid, xc_buf_cstr(&c->why));
            continue;
        }
        trim_facts(&c->facts);
        xc_buf_printf(tr, "  rule %s: APPLIES -> %s%s%s\n", rid, eff,
                      c->facts.len ? "; facts: " : "", xc_buf_cstr(&c->facts));
        json_t *cj = cite_json(pk, json_object_get(r, "citation"), &tmp);
        xc_buf_printf(tr, "    %s — %s\n", json_string_value(cj), jstr(r, "explanation"));
        json_t *g = json_pack("{s:s, s:s, s:o, s:s}", "rule", rid, "effect", eff, "citation", cj,
                              "explanation", jstr(r, "explanation"));
        if (c->facts.len)
            json_object_set_new(g, "facts", json_stringn(c->facts.data, c->facts.len));
        json_array_append_new(grounds, g);
        if (!strcmp(eff, "license_required") || !strcmp(eff, "prohibited")) {
            lic = true;
            json_array_append_new(blocking, json_string(rid));
        }
        if (!strcmp(eff, "prohibited"))
            pro = true;
        if (!strcmp(eff, "notify"))
            notify = true;
    }
    if (lic && !pro) {
        json_t *x;
        json_array_foreach(pk->exceptions, i, x) {
            const char *xid = jstr(x, "id");
            if (!det_obj_in_force(x, c->date)) {
                xc_buf_printf(tr, "  exception %s: not in force on %s\n", xid, c->date);
                continue;
            }
            json_t *at = json_object_get(x, "applies_to"), *b;
            size_t j;
            const char *uncovered = NULL;
            json_array_foreach(blocking, j, b) {
                bool covered = false;
                json_t *a;
                size_t k;
                json_array_foreach(at, k, a) covered |= json_equal(a, b);
                if (!covered) {
                    uncovered = json_string_value(b);
                    break;
                }
            }
            if (uncovered) {
                xc_buf_printf(tr, "  exception %s: cannot lift ground %s\n", xid, uncovered);
                continue;
            }
            c->facts.len = 0;
            c->why.len = 0;
            if (!det_cond_eval(c, json_object_get(x, "when"))) {
                xc_buf_printf(tr, "  exception %s: not available (%s)\n", xid,
                              xc_buf_cstr(&c->why));
                continue;
            }
            trim_facts(&c->facts);
            json_t *cj = cite_json(pk, json_object_get(x, "citation"), &tmp);
            xc_buf_printf(tr, "  exception %s (%s): AVAILABLE [%s]%s%s\n", xid, jstr(x, "name"),
                          json_string_value(cj), c->facts.len ? " facts: " : "",
                          xc_buf_cstr(&c->facts));
            json_t *conds = json_object_get(x, "conditions");
            json_t *xo = json_pack("{s:s, s:s, s:s, s:o}", "id", xid, "name", jstr(x, "name"),
                                   "type", jstr(x, "type"), "citation", cj);
            json_object_set_new(xo, "conditions", conds ? json_copy(conds) : json_array());
            json_array_append_new(excs, xo);
        }
    }
    /* A bulk licence is still a licence: only exemptions, licence
     * exceptions and general authorisations change the outcome. */
    bool lifts = false;
    json_t *xo;
    json_array_foreach(excs, i, xo) lifts |= strcmp(jstr(xo, "type"), "bulk_licence") != 0;
    if (pro)
        *outcome = "prohibited";
    else if (lic && lifts)
        *outcome = "exception_available";
    else if (lic)
        *outcome = "license_required";
    else if (notify)
        *outcome = "notify_authority";
    else
        *outcome = "no_license_required";
    xc_buf_printf(tr, "  => %s\n", *outcome);
    json_t *res = json_pack("{s:s, s:b, s:b, s:s, s:o, s:o}", "id", jstr(c->item, "id"),
                            "license_required", lic, "prohibited", pro, "outcome", *outcome,
                            "grounds", grounds, "exceptions", excs);
    if (lic && pk->licence) {
        json_t *l = json_pack("{s:O, s:o}", "months",
                              json_object_get(pk->licence, "validity_months"), "citation",
                              cite_json(pk, json_object_get(pk->licence, "citation"), &tmp));
        json_object_set_new(res, "license_validity", l);
    }
    json_decref(blocking);
    xc_buf_free(&tmp);
    return res;
}

/* --- red flags ------------------------------------------------------------------- */

static int collect_red_flags(const exctl_pack *pk, json_t *t, json_t *raised, exctl_errbuf *eb)
{
    json_t *ans = json_object_get(t, "red_flags");
    const char *k;
    json_t *v;
    json_object_foreach(ans, k, v) {
        json_t *f, *found = NULL;
        size_t i;
        json_array_foreach(pk->red_flags, i, f) if (!strcmp(jstr(f, "id"), k)) found = f;
        if (!found) {
            char path[160];
            snprintf(path, sizeof path, "red_flags.%.100s", k);
            return terr(eb, path, "not a red flag of the chosen pack");
        }
        if (!json_is_boolean(v))
            return terr(eb, "red_flags", "answers must be true or false");
    }
    json_t *f;
    size_t i;
    json_array_foreach(pk->red_flags, i, f) {
        if (json_is_true(json_object_get(ans, jstr(f, "id"))))
            json_array_append_new(raised, json_pack("{s:s, s:s, s:O}", "id", jstr(f, "id"),
                                                    "question", jstr(f, "question"), "raises",
                                                    json_object_get(f, "raises")));
    }
    return 0;
}

static json_t *screening_json(det_party *ps, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *hits = json_array();
        for (size_t j = 0; j < ps[i].hits.n; j++) {
            det_hit *h = &ps[i].hits.v[j];
            json_t *progs = json_array();
            const char *p = h->programs;
            while (*p) {
                const char *e = strchr(p, ',');
                size_t len = e ? (size_t)(e - p) : strlen(p);
                json_array_append_new(progs, json_stringn(p, len));
                p += len + (e ? 1 : 0);
            }
            json_array_append_new(hits, json_pack("{s:s, s:s, s:s, s:f, s:o, s:s}", "list",
                                                  h->list_id, "entity", h->entity_id, "name",
                                                  h->name, "score", h->score, "programs", progs,
                                                  "source", h->source));
        }
        json_t *o = json_pack("{s:s, s:s, s:o}", "role", ps[i].role, "name", ps[i].name,
                              "hits", hits);
        if (ps[i].country)
            json_object_set_new(o, "country", json_string(ps[i].country));
        json_array_append_new(arr, o);
    }
    return arr;
}

/* --- entry point ------------------------------------------------------------------ */

int exctl_determine_json(const exctl_packset *ps, const char *json, size_t len,
                         const exctl_det_opts *opts, exctl_determination **out,
                         exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    json_error_t je;
    json_t *t = NULL, *res = NULL, *raised = json_array(), *items_out = json_array();
    det_party *parties = NULL;
    size_t np = 0;
    xc_buf tr;
    det_ctx c;
    memset(&c, 0, sizeof c);
    xc_buf_init(&tr);
    xc_buf_init(&c.why);
    xc_buf_init(&c.facts);
    exctl_determination *d = calloc(1, sizeof *d);
    *out = NULL;
    if (!d || !raised || !items_out) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    if (!ps) {
        rc = xc_err(eb, EXCTL_EINVAL, "no pack set");
        goto out;
    }
    if (!xc_utf8_valid(json, len)) {
        rc = xc_err(eb, EXCTL_EUTF8, "transaction: invalid UTF-8 at byte %zu",
                    xc_utf8_valid_prefix(json, len));
        goto out;
    }
    t = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!t || !json_is_object(t)) {
        rc = xc_err(eb, EXCTL_EPARSE, "transaction:%d:%d: %s", t ? 1 : je.line,
                    t ? 1 : je.column, t ? "the top level must be an object" : je.text);
        goto out;
    }
    if ((rc = check_txn(t, eb)))
        goto out;
    const exctl_pack *pk = choose_pack(ps, t, opts, eb);
    if (!pk) {
        rc = EXCTL_ENOTFOUND;
        goto out;
    }
    if ((rc = check_codes(pk, t, eb)) ||
        (rc = collect_parties(t, opts, &parties, &np, eb)) ||
        (rc = collect_red_flags(pk, t, raised, eb)))
        goto out;
    c.pk = pk;
    c.date = jstr(t, "date");
    c.dest = jstr(t, "destination");
    c.txn = t;
    c.parties = parties;
    c.n_parties = np;
    c.raised = raised;
    xc_buf_printf(&tr, "pack %s %s (%s), as of %s, destination %s\n", pk->id, pk->version,
                  pk->jurisdiction, c.date, c.dest);
    json_t *g;
    const char *gid;
    json_object_foreach(pk->groups, gid, g) {
        if (det_group_has(pk, gid, c.dest, c.date))
            xc_buf_printf(&tr, "  destination %s is in group %s (%s)\n", c.dest, gid,
                          jstr(g, "name"));
    }
    for (size_t i = 0; i < np; i++)
        for (size_t j = 0; j < parties[i].hits.n; j++)
            xc_buf_printf(&tr, "  party '%s' (%s): hit %s:%s score %.2f programs [%s]\n",
                          parties[i].name, parties[i].role, parties[i].hits.v[j].list_id,
                          parties[i].hits.v[j].entity_id, parties[i].hits.v[j].score,
                          parties[i].hits.v[j].programs);
    json_t *f;
    size_t i;
    json_array_foreach(raised, i, f)
        xc_buf_printf(&tr, "  red flag %s answered yes: %s\n", jstr(f, "id"), jstr(f, "question"));
    json_t *items = json_object_get(t, "items"), *it;
    d->n_items = json_array_size(items);
    d->ids = calloc(d->n_items, sizeof *d->ids);
    d->outcomes = calloc(d->n_items, sizeof *d->outcomes);
    d->lic = calloc(d->n_items, sizeof *d->lic);
    d->pro = calloc(d->n_items, sizeof *d->pro);
    if (!d->ids || !d->outcomes || !d->lic || !d->pro) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    json_array_foreach(items, i, it) {
        c.item = it;
        c.kind = jstr(it, "kind");
        json_t *cl = json_object_get(it, "classification");
        const char *code = json_is_object(cl) ? jstr(cl, pk->class_key) : NULL;
        c.cls = code && strcmp(code, "not_listed") ? code : NULL;
        set_hs(&c);
        const char *outcome = NULL;
        json_t *r = eval_item(&c, &tr, &outcome);
        d->ids[i] = strdup(jstr(it, "id"));
        d->outcomes[i] = strdup(outcome);
        d->lic[i] = json_is_true(json_object_get(r, "license_required"));
        d->pro[i] = json_is_true(json_object_get(r, "prohibited"));
        json_array_append_new(items_out, r);
        if (!d->ids[i] || !d->outcomes[i]) {
            rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
            goto out;
        }
    }
    res = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, s:O, s:O, s:o}", "jurisdiction",
                    pk->jurisdiction, "date", c.date, "destination", c.dest, "pack", "id", pk->id,
                    "version", pk->version, "items", items_out, "red_flags", raised,
                    "screening", screening_json(parties, np));
    if (!res) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    d->json = json_dumps(res, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(6));
    d->trace = xc_buf_steal(&tr);
    if (!d->json || !d->trace) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    *out = d;
    d = NULL;
out:
    for (size_t k = 0; k < np; k++)
        hits_free(&parties[k].hits);
    free(parties);
    json_decref(res);
    json_decref(items_out);
    json_decref(raised);
    json_decref(t);
    xc_buf_free(&tr);
    xc_buf_free(&c.why);
    xc_buf_free(&c.facts);
    exctl_determination_free(d);
    return rc;
}

void exctl_determination_free(exctl_determination *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_items; i++) {
        if (d->ids)
            free(d->ids[i]);
        if (d->outcomes)
            free(d->outcomes[i]);
    }
    free(d->ids);
    free(d->outcomes);
    free(d->lic);
    free(d->pro);
    free(d->json);
    free(d->trace);
    free(d);
}

const char *exctl_determination_json(const exctl_determination *d) { return d->json; }
const char *exctl_determination_trace(const exctl_determination *d) { return d->trace; }
size_t exctl_determination_item_count(const exctl_determination *d) { return d ? d->n_items : 0; }

int exctl_determination_item(const exctl_determination *d, size_t i, const char **id,
                             int *license_required, int *prohibited, const char **outcome)
{
    if (!d || i >= d->n_items)
        return EXCTL_ENOTFOUND;
    if (id)
        *id = d->ids[i];
    if (license_required)
        *license_required = d->lic[i];
    if (prohibited)
        *prohibited = d->pro[i];
    if (outcome)
        *outcome = d->outcomes[i];
    return EXCTL_OK;
}
