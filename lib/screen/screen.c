/*
 * Screening: the public API over the index.
 *
 * A query is prepared once (the only ICU work on the query path), its
 * tokens are looked up in the inverted index and every entry found
 * accumulates the weight of the query tokens that reached it (each query
 * token counts once per entry, through the strongest of its keys that hit).
 * The best SCR_CANDIDATES entries by accumulated weight are scored in full;
 * bench/bench_screen.c measures how many full-scan matches this keeps.
 *
 * Evidence then moves the name score: a query type that contradicts the
 * entity's (person vs organisation), country and birth-date agreement or
 * disagreement, and identifiers, where an exact match (IMO number, passport)
 * is the strongest evidence and lifts the entity even when its name differs.
 *
 * Per-thread state (scratch memory, accumulators) lives in thread-specific
 * storage, so the screener itself is immutable and shared freely.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "screen_int.h"

#define SCR_CANDIDATES 160
#define SCR_MIN_REACH 0.30f   /* share of query weight a candidate must reach */
#define DEFAULT_THRESHOLD 0.80

typedef struct scr_tls {
    scr_scratch sc;
    float *acc;
    float *last;             /* weight the current query token added */
    uint32_t *stamp;
    uint32_t *touched;
    size_t cap, ntouched;
    uint32_t gen;
} scr_tls;

struct exctl_matches {
    exctl_match *m;
    size_t n;
};

static pthread_key_t g_tls_key;
static pthread_once_t g_tls_once = PTHREAD_ONCE_INIT;

static void tls_free(void *p)
{
    scr_tls *t = p;
    if (!t)
        return;
    scr_scratch_free(&t->sc);
    free(t->acc);
    free(t->last);
    free(t->stamp);
    free(t->touched);
    free(t);
}

static void tls_key_init(void)
{
    pthread_key_create(&g_tls_key, tls_free);
}

static scr_tls *tls_get(size_t n_entries)
{
    pthread_once(&g_tls_once, tls_key_init);
    scr_tls *t = pthread_getspecific(g_tls_key);
    if (!t) {
        t = calloc(1, sizeof *t);
        if (!t)
            return NULL;
        pthread_setspecific(g_tls_key, t);
    }
    if (t->cap < n_entries) {
        float *a = calloc(n_entries, sizeof *a);
        float *l = calloc(n_entries, sizeof *l);
        uint32_t *s = calloc(n_entries, sizeof *s);
        uint32_t *u = malloc(n_entries * sizeof *u);
        if (!a || !l || !s || !u) {
            free(a);
            free(l);
            free(s);
            free(u);
            return NULL;
        }
        free(t->acc);
        free(t->last);
        free(t->stamp);
        free(t->touched);
        t->acc = a;
        t->last = l;
        t->stamp = s;
        t->touched = u;
        t->cap = n_entries;
        t->gen = 0;
    }
    scr_scratch_reset(&t->sc);
    return t;
}

double exctl_screen_default_threshold(void)
{
    return DEFAULT_THRESHOLD;
}

int exctl_screener_new(const exctl_listset *ls, exctl_screener **out, exctl_errbuf *eb)
{
    if (!ls || !out)
        return xc_err(eb, EXCTL_EINVAL, "screen: no list set");
    exctl_screener *s = calloc(1, sizeof *s);
    if (!s)
        return xc_err(eb, EXCTL_ENOMEM, "screen: out of memory");
    s->ls = ls;
    xc_arena_init(&s->arena);
    xc_map_init(&s->tokmap);
    xc_map_init(&s->idmap);
    int rc = scr_index_build(s, eb);
    if (rc) {
        exctl_screener_free(s);
        return rc;
    }
    *out = s;
    return EXCTL_OK;
}

void exctl_screener_free(exctl_screener *s)
{
    if (!s)
        return;
    free(s->ents);
    free(s->ent_name0);
    free(s->names);
    free(s->entries);
    free(s->tok_w);
    free(s->tok_df);
    free(s->kh);
    free(s->kp);
    free(s->postings);
    free(s->id_ents);
    free(s->id_posts);
    xc_map_free(&s->tokmap);
    xc_map_free(&s->idmap);
    xc_arena_free(&s->arena);
    free(s);
}

/* ---- candidate generation ------------------------------------------------ */

typedef struct qctx {
    const exctl_screener *s;
    scr_tls *t;
    uint32_t gen;
    float w;
} qctx;

static void hit_key(void *vctx, const char *key, size_t n, float factor)
{
    qctx *c = vctx;
    const scr_posting *p = scr_key_find(c->s, scr_key_hash(key, n));
    if (!p)
        return;
    const uint32_t *e = c->s->postings + p->off;
    scr_tls *t = c->t;
    float add = c->w * factor;
    for (uint32_t i = 0; i < p->n; i++) {
        uint32_t x = e[i];
        if (t->stamp[x] == c->gen) {
            /* the same query token again: keep its strongest key */
            if (add > t->last[x]) {
                t->acc[x] += add - t->last[x];
                t->last[x] = add;
            }
            continue;
        }
        t->stamp[x] = c->gen;
        t->last[x] = add;
        if (t->acc[x] == 0.0f)
            t->touched[t->ntouched++] = x;
        t->acc[x] += add;
    }
}

static void query_token_keys(qctx *c, const scr_tok *tk)
{
    char buf[2 * SCR_MAX_TOKLEN + 8];
    scr_token_keys(tk, true, buf, sizeof buf, hit_key, c);
}

/* k-th largest value (0-based) of v[0..n), reordering v (quickselect). */
static float kth_largest(float *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        float pivot = v[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] > pivot)
                i++;
            while (v[j] < pivot)
                j--;
            if (i <= j) {
                float t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return v[k];
    }
    return v[k];
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Collect candidate entries into out (at most cap), sorted by entry id. */
static size_t candidates(const exctl_screener *s, scr_tls *t, const scr_pname *q,
                         uint32_t *out, size_t cap)
{
    t->ntouched = 0;
    if (t->gen > UINT32_MAX - 4 * SCR_MAX_TOKS) {
        memset(t->stamp, 0, s->n_entries * sizeof *t->stamp);
        t->gen = 0;
    }
    uint32_t base = t->gen + 1;
    t->gen += 2 * SCR_MAX_TOKS + 2;
    qctx c = {.s = s, .t = t};
    for (int vi = 0; vi < q->nv; vi++) {
        const scr_var *v = &q->v[vi];
        for (int j = 0; j < v->n; j++) {
            c.gen = base + (uint32_t)j;
            c.w = v->t[j].w;
            query_token_keys(&c, &v->t[j]);
        }
        char buf[2 * SCR_MAX_TOKLEN + 8];
        for (int j = 0; j + 1 < v->n; j++) {
            const scr_tok *a = &v->t[j], *b = &v->t[j + 1];
            if ((size_t)a->len + b->len + 2 > sizeof buf || a->kind == SCR_TK_NUM ||
                b->kind == SCR_TK_NUM)
                continue;
            buf[0] = 't';
            buf[1] = ':';
            memcpy(buf + 2, a->s, a->len);
            memcpy(buf + 2 + a->len, b->s, b->len);
            c.gen = base + SCR_MAX_TOKS + (uint32_t)j;
            c.w = (a->w + b->w);
            hit_key(&c, buf, (size_t)a->len + b->len + 2, 0.9f);
            buf[0] = 'd';                /* one edit away from a merged token */
            hit_key(&c, buf, (size_t)a->len + b->len + 2, 0.8f);
        }
    }
    /* A candidate must have been reached by a good part of the query's
     * weight: a name scoring at the threshold aligns most of it. */
    float wmax = 0.0f;
    for (int vi = 0; vi < q->nv; vi++) {
        float w = 0.0f;
        for (int j = 0; j < q->v[vi].n; j++)
            if (q->v[vi].t[j].kind == SCR_TK_WORD || q->v[vi].t[j].kind == SCR_TK_NUM)
                w += q->v[vi].t[j].w;
        if (w > wmax)
            wmax = w;
    }
    float floor_acc = SCR_MIN_REACH * wmax;
    size_t n = t->ntouched, m = 0, ns = 0;
    uint32_t *sel = scr_scratch_alloc(&t->sc, (n + 1) * sizeof *sel);
    float *vals = scr_scratch_alloc(&t->sc, (n + 1) * sizeof *vals);
    for (size_t i = 0; i < n; i++) {
        uint32_t x = t->touched[i];
        if (sel && vals && t->acc[x] >= floor_acc) {
            sel[ns] = x;
            vals[ns++] = t->acc[x];
        }
        t->acc[x] = 0.0f;
    }
    t->ntouched = 0;
    if (ns <= cap) {
        for (size_t i = 0; i < ns; i++)
            out[m++] = sel[i];
    } else {
        float *tmp = scr_scratch_alloc(&t->sc, ns * sizeof *tmp);
        float kth = 0.0f;
        if (tmp) {
            memcpy(tmp, vals, ns * sizeof *tmp);
            kth = kth_largest(tmp, ns, cap - 1);
        }
        for (size_t i = 0; i < ns && m < cap; i++)
            if (vals[i] > kth)
                out[m++] = sel[i];
        /* ties at the threshold, in touch order (deterministic) */
        for (size_t i = 0; i < ns && m < cap; i++)
            if (vals[i] == kth)
                out[m++] = sel[i];
    }
    qsort(out, m, sizeof *out, cmp_u32);
    return m;
}

/* ---- evidence ------------------------------------------------------------ */

static bool schema_conflict(exctl_schema q, uint8_t e, float *delta)
{
    if (q == EXCTL_SCHEMA_UNKNOWN || e == EXCTL_SCHEMA_UNKNOWN || q == e)
        return false;
    bool qp = q == EXCTL_SCHEMA_PERSON, ep = e == EXCTL_SCHEMA_PERSON;
    *delta = (qp || ep) ? -0.15f : -0.05f;
    return true;
}

static int country_evidence(const char *qc, const exctl_entity *e, float *delta)
{
    if (!qc || !*qc || e->n_countries == 0)
        return 0;
    const char *code = xc_country_code(qc, strlen(qc));
    if (!code)
        return 0;
    for (uint32_t i = 0; i < e->n_countries; i++)
        if (xc_ieq(e->countries[i].code, code)) {
            *delta = 0.02f;
            return 1;
        }
    *delta = -0.03f;
    return -1;
}

static int birth_evidence(const char *qd, const exctl_entity *e, float *delta)
{
    const xc_strs *bd = &e->fields[EXCTL_FIELD_BIRTH_DATE];
    if (!qd || strlen(qd) < 4 || bd->n == 0)
        return 0;
    long qy;
    if (xc_parse_long(qd, 4, 1000, 3000, &qy))
        return 0;
    bool any_year = false;
    for (uint32_t i = 0; i < bd->n; i++) {
        const char *d = bd->v[i];
        long y;
        if (strlen(d) < 4 || xc_parse_long(d, 4, 1000, 3000, &y))
            continue;
        any_year = true;
        if (y == qy) {
            size_t ql = strlen(qd), dl = strlen(d);
            size_t cmp = ql < dl ? ql : dl;
            *delta = (cmp >= 10 && !strncmp(qd, d, 10)) ? 0.06f : 0.04f;
            if (cmp >= 7 && strncmp(qd, d, cmp))
                *delta = 0.0f;     /* same year, different day or month */
            return 1;
        }
        if (labs(y - qy) <= 1)
            return 0;
    }
    if (!any_year)
        return 0;
    *delta = -0.10f;
    return -1;
}

static bool ident_evidence(const exctl_screener *s, const exctl_query *q, uint32_t ent)
{
    const exctl_entity *e = s->ents[ent];
    for (size_t i = 0; i < q->n_idents; i++) {
        char a[128], b[128];
        if (!q->idents[i].value)
            continue;
        size_t na = scr_ident_norm(q->idents[i].value, a, sizeof a);
        if (na < 4)
            continue;
        for (uint32_t k = 0; k < e->n_idents; k++) {
            if (q->idents[i].type != EXCTL_ID_OTHER && e->idents[k].type != EXCTL_ID_OTHER &&
                q->idents[i].type != e->idents[k].type)
                continue;
            size_t nb = scr_ident_norm(e->idents[k].value, b, sizeof b);
            if (na == nb && !memcmp(a, b, na))
                return true;
        }
    }
    return false;
}

/* Apply evidence to a name score; fills adj (at most 4) when non-NULL. */
static double apply_evidence(const exctl_screener *s, const exctl_query *q, uint32_t ent,
                             double score, scr_adjust *adj, size_t *nadj)
{
    const exctl_entity *e = s->ents[ent];
    size_t n = 0;
    float d = 0.0f;
    if (schema_conflict(q->schema, e->schema, &d)) {
        score += d;
        if (adj)
            adj[n++] = (scr_adjust){"type_mismatch", d};
    }
    d = 0.0f;
    if (country_evidence(q->country, e, &d)) {
        score += d;
        if (adj)
            adj[n++] = (scr_adjust){d > 0 ? "country_match" : "country_mismatch", d};
    }
    d = 0.0f;
    if (birth_evidence(q->birth_date, e, &d) && d != 0.0f) {
        score += d;
        if (adj)
            adj[n++] = (scr_adjust){d > 0 ? "birth_date_match" : "birth_date_mismatch", d};
    }
    if (q->n_idents && ident_evidence(s, q, ent)) {
        double lifted = score + 0.15 > 0.95 ? score + 0.15 : 0.95;
        if (adj)
            adj[n++] = (scr_adjust){"identifier_match", (float)(lifted - score)};
        score = lifted;
    }
    if (nadj)
        *nadj = n;
    if (score < 0.0)
        score = 0.0;
    if (score > 1.0)
        score = 1.0;
    return score;
}

/* ---- screening ------------------------------------------------------------- */

typedef struct cand {
    uint32_t ent, name;
    double score;
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return (x->ent > y->ent) - (x->ent < y->ent);
}

static bool list_allowed(const exctl_screen_opts *o, const exctl_entity *e)
{
    if (!o || !o->lists || o->n_lists == 0)
        return true;
    for (size_t i = 0; i < o->n_lists; i++)
        if (o->lists[i] && !strcmp(o->lists[i], e->list->id))
            return true;
    return false;
}

/* Score the candidate set into cands (one per entity, best name). Returns
 * the count. full = score every name (for the recall benchmark). */
static size_t score_candidates(const exctl_screener *s, scr_tls *t, const scr_pname *q,
                               const exctl_query *query, const exctl_screen_opts *o,
                               bool full, cand **out)
{
    uint32_t *ents;
    size_t cap = full ? s->n_entries : SCR_CANDIDATES;
    uint32_t *entries = scr_scratch_alloc(&t->sc, (cap + 1) * sizeof *entries);
    size_t n_id = 0;
    uint32_t *idents = NULL;
    if (!entries)
        return 0;
    size_t m;
    if (full) {
        for (size_t i = 0; i < s->n_entries; i++)
            entries[i] = (uint32_t)i;
        m = s->n_entries;
    } else {
        m = candidates(s, t, q, entries, cap);
    }
    /* Entities reached through identifiers. */
    if (query->n_idents) {
        idents = scr_scratch_alloc(&t->sc, 256 * sizeof *idents);
        for (size_t i = 0; idents && i < query->n_idents; i++) {
            char b[128];
            uint32_t id;
            if (!query->idents[i].value)
                continue;
            size_t nb = scr_ident_norm(query->idents[i].value, b, sizeof b);
            if (nb < 4 || !xc_map_get(&s->idmap, b, nb, &id))
                continue;
            const scr_posting *p = &s->id_posts[id];
            for (uint32_t k = 0; k < p->n && n_id < 256; k++)
                idents[n_id++] = s->id_ents[p->off + k];
        }
    }
    cand *cs = scr_scratch_alloc(&t->sc, (m + n_id + 1) * sizeof *cs);
    ents = scr_scratch_alloc(&t->sc, (m + n_id + 1) * sizeof *ents);
    if (!cs || !ents)
        return 0;
    /* Entries are sorted by id, so the entries of one entity are adjacent;
     * each entry scores the variant it indexes (the full scan scores every
     * variant of every name). */
    uint32_t last_ent = UINT32_MAX;
    size_t nc = 0;
    for (size_t i = 0; i < m; i++) {
        const scr_entry *en = &s->entries[entries[i]];
        const exctl_entity *e = s->ents[en->ent];
        if (!list_allowed(o, e))
            continue;
        uint32_t ni = s->ent_name0[en->ent] + en->name;
        double sc = scr_score_entry(q, &s->names[ni], en->var);
        if (e->names[en->name].kind == EXCTL_NAME_WEAK_AKA)
            sc *= 0.97;
        if (en->ent == last_ent && nc > 0) {
            if (sc > cs[nc - 1].score) {
                cs[nc - 1].score = sc;
                cs[nc - 1].name = en->name;
            }
            continue;
        }
        last_ent = en->ent;
        cs[nc++] = (cand){en->ent, en->name, sc};
    }
    for (size_t i = 0; i < n_id; i++) {
        uint32_t ent = idents[i];
        bool seen = false;
        for (size_t k = 0; k < nc && !seen; k++)
            seen = cs[k].ent == ent;
        if (seen || !list_allowed(o, s->ents[ent]))
            continue;
        cand c = {ent, 0, 0.0};
        for (uint32_t ni = s->ent_name0[ent]; ni < s->ent_name0[ent + 1]; ni++) {
            double sc = scr_score_pnames(q, &s->names[ni], NULL);
            if (sc > c.score) {
                c.score = sc;
                c.name = ni - s->ent_name0[ent];
            }
        }
        cs[nc++] = c;
    }
    (void)ents;
    *out = cs;
    return nc;
}

static char *explain_match(const exctl_screener *s, const scr_pname *q,
                           const exctl_query *query, const cand *c, double score)
{
    scr_detail d;
    const scr_pname *p = &s->names[s->ent_name0[c->ent] + c->name];
    scr_score_pnames(q, p, &d);
    scr_adjust adj[6];
    size_t nadj = 0;
    apply_evidence(s, query, c->ent, d.name_score, adj, &nadj);
    if (s->ents[c->ent]->names[c->name].kind == EXCTL_NAME_WEAK_AKA && nadj < 6)
        adj[nadj++] = (scr_adjust){"weak_alias", (float)(-0.03 * d.name_score)};
    xc_buf b;
    xc_buf_init(&b);
    if (scr_explain_json(&b, q, p, &d, adj, nadj, score)) {
        xc_buf_free(&b);
        return NULL;
    }
    return xc_buf_steal(&b);
}

static int screen_impl(const exctl_screener *s, const exctl_query *q,
                       const exctl_screen_opts *opts, bool full, exctl_matches **out,
                       exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    exctl_matches *res = NULL;
    if (!s || !q || !q->name || !out)
        return xc_err(eb, EXCTL_EINVAL, "screen: missing screener, query or name");
    *out = NULL;
    double thr = opts && opts->threshold >= 0 ? opts->threshold : DEFAULT_THRESHOLD;
    size_t limit = opts && opts->limit ? opts->limit : 10;
    scr_tls *t = tls_get(s->n_entries + 1);
    if (!t)
        return xc_err(eb, EXCTL_ENOMEM, "screen: out of memory");
    scr_pname qp;
    scr_alloc a = {.scratch = &t->sc};
    rc = scr_prepare(q->name, strlen(q->name), &a, &t->sc, &qp);
    if (rc)
        return xc_err(eb, rc, "screen: %s", rc == EXCTL_EUTF8 ? "query name is not valid UTF-8"
                                                             : exctl_strerror(rc));
    scr_resolve(s, &qp);
    cand *cs = NULL;
    size_t nc = score_candidates(s, t, &qp, q, opts, full, &cs);
    size_t keep = 0;
    for (size_t i = 0; i < nc; i++) {
        cs[i].score = apply_evidence(s, q, cs[i].ent, cs[i].score, NULL, NULL);
        if (cs[i].score >= thr)
            cs[keep++] = cs[i];
    }
    qsort(cs, keep, sizeof *cs, cmp_cand);
    if (keep > limit)
        keep = limit;
    res = calloc(1, sizeof *res);
    if (!res || !(res->m = calloc(keep ? keep : 1, sizeof *res->m))) {
        rc = xc_err(eb, EXCTL_ENOMEM, "screen: out of memory");
        goto out;
    }
    for (size_t i = 0; i < keep; i++) {
        const exctl_entity *e = s->ents[cs[i].ent];
        exctl_match *m = &res->m[res->n++];
        m->entity = e;
        m->list_id = e->list->id;
        m->entity_id = e->id;
        m->name = e->n_names ? e->names[0].text : "";
        m->matched_name = e->n_names ? e->names[cs[i].name].text : "";
        m->score = floor(cs[i].score * 10000.0 + 0.5) / 10000.0;
        if (opts && opts->explain) {
            m->explain = explain_match(s, &qp, q, &cs[i], m->score);
            if (!m->explain) {
                rc = xc_err(eb, EXCTL_ENOMEM, "screen: out of memory");
                goto out;
            }
        }
    }
    *out = res;
    res = NULL;
out:
    exctl_matches_free(res);
    return rc;
}

int exctl_screen(const exctl_screener *s, const exctl_query *q, const exctl_screen_opts *opts,
                 exctl_matches **out, exctl_errbuf *eb)
{
    return screen_impl(s, q, opts, false, out, eb);
}

/* Full scan (every name scored): the reference for the index recall
 * measurement in bench/. Same contract as exctl_screen. */
int scr_screen_full(const exctl_screener *s, const exctl_query *q,
                    const exctl_screen_opts *opts, exctl_matches **out, exctl_errbuf *eb);
int scr_screen_full(const exctl_screener *s, const exctl_query *q,
                    const exctl_screen_opts *opts, exctl_matches **out, exctl_errbuf *eb)
{
    return screen_impl(s, q, opts, true, out, eb);
}

size_t exctl_matches_count(const exctl_matches *m)
{
    return m ? m->n : 0;
}

const exctl_match *exctl_matches_at(const exctl_matches *m, size_t i)
{
    return m && i < m->n ? &m->m[i] : NULL;
}

void exctl_matches_free(exctl_matches *m)
{
    if (!m)
        return;
    if (m->m)
        for (size_t i = 0; i < m->n; i++)
            free((char *)m->m[i].explain);
    free(m->m);
    free(m);
}

/* ---- pair scoring ------------------------------------------------------------ */

static exctl_listset *g_def_ls;
static exctl_screener *g_def;
static pthread_once_t g_def_once = PTHREAD_ONCE_INIT;

static void def_init(void)
{
    if (exctl_listset_new(&g_def_ls))
        return;
    exctl_load_opts lo = {.lenient = 1};
    exctl_listset_load_bundled(g_def_ls, &lo, NULL);
    if (exctl_listset_count(g_def_ls) == 0 || exctl_screener_new(g_def_ls, &g_def, NULL)) {
        exctl_listset_free(g_def_ls);
        g_def_ls = NULL;
        g_def = NULL;
    }
}

const exctl_screener *scr_default_screener(void)
{
    pthread_once(&g_def_once, def_init);
    return g_def;
}

/* Score two names against statistics s (NULL: uniform weights). */
int scr_score_names_with(const exctl_screener *s, const char *a, const char *b,
                         exctl_schema schema, double *score, char **explain);
int scr_score_names_with(const exctl_screener *s, const char *a, const char *b,
                         exctl_schema schema, double *score, char **explain)
{
    (void)schema;
    if (!a || !b || !score)
        return EXCTL_EINVAL;
    scr_scratch sc = {0};
    scr_alloc al = {.scratch = &sc};
    scr_pname pa, pb;
    int rc = scr_prepare(a, strlen(a), &al, &sc, &pa);
    if (!rc)
        rc = scr_prepare(b, strlen(b), &al, &sc, &pb);
    if (rc)
        goto out;
    scr_resolve(s, &pa);
    scr_resolve(s, &pb);
    scr_detail d;
    float v = scr_score_pnames(&pa, &pb, explain ? &d : NULL);
    *score = floor((double)v * 10000.0 + 0.5) / 10000.0;
    if (explain) {
        xc_buf buf;
        xc_buf_init(&buf);
        rc = scr_explain_json(&buf, &pa, &pb, &d, NULL, 0, *score);
        if (rc) {
            xc_buf_free(&buf);
            goto out;
        }
        *explain = xc_buf_steal(&buf);
    }
out:
    scr_scratch_free(&sc);
    return rc;
}

int exctl_score_names(const char *a, const char *b, exctl_schema schema, double *score,
                      char **explain)
{
    return scr_score_names_with(scr_default_screener(), a, b, schema, score, explain);
}
