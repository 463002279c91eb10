/*
 * Screening: the public API over the index.
 *
 * A query is prepared once (the only ICU work on the query path), its
 * tokens are looked up in the inverted index and every entry found
 * accumulates the weight of the query tokens that reached it (each query
 * token counts once per entry, through the strongest of its keys that hit).
 * Which dictionary tokens a query token reaches depends on its text alone:
 * the list is kept per dictionary token the first time it is computed
 * (unit_hits), so a known token costs one read instead of some thirty key
 * lookups and as many token comparisons.
 * From those shares, candidates() derives an upper estimate of each entry's
 * score; entries are scored in full best estimate first, until the estimate
 * falls below the threshold or the limit-th best score (see there).
 * A query's units and their hits are collected first and the posting lists
 * walked after: long lists of light hits (a common first name) whose
 * entries could not reach the cut through light hits alone only add to
 * entries that another list reached (MaxScore, scr_light_bound()), so that on
 * millions of names a query does not give an accumulator and an estimate to
 * every holder of "mohammad". The estimates of the entries that do get one
 * are those of walking every list in full.
 * bench/bench_screen.c measures how many full-scan matches this keeps.
 *
 * Evidence then moves the name score (evidence.c): a query type that
 * contradicts the entity's (person vs organisation), country and birth-date
 * agreement or disagreement, and identifiers, where an exact match (IMO
 * number, passport) is the strongest evidence and lifts the entity even when
 * its name differs.
 *
 * Per-thread state (scratch memory, accumulators) lives in thread-specific
 * storage, so the screener itself is immutable and shared freely.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "screen_int.h"

#define DEFAULT_THRESHOLD 0.80
/* The least a left-over token costs in the scorer's denominator, per side
 * (score.c: OMIT_WEIGHT_PLAIN, names without organisation words); the
 * candidate bound assumes it. */
#define LEFTOVER_MIN SCR_LEFTOVER_MIN
/* What a left-over costs when both names have some (score.c:
 * CONFLICT_WEIGHT). */
#define LEFTOVER_CONFLICT 0.90f
/* Left-over weight below this is not taken as proof of a left-over. */
#define LEFTOVER_EPS 0.01f
#define MAX_HITS 2048            /* dictionary tokens one query token may reach */
/* Memory the neighbour lists of dictionary tokens may take (ncache). */
#define NCACHE_MAX_BYTES ((size_t)64 << 20)

/* Per-entry accumulator of the bound. */
typedef struct eacc {
    float n, p;                  /* numerator, aligned weight (both sides) */
    float q, o;                  /* of p: query content tokens, query organisation words */
    float c;                     /* weight of the entry's distinct tokens reached */
    float q2;                    /* per such token, the heaviest query unit reaching it */
    float lastn, lastp;          /* the current unit's share */
    float lastq;                 /* the current unit's query weight */
    uint32_t stamp;              /* unit generation that set last* */
} eacc;

typedef struct scr_hit hit;
typedef struct scr_qop qop;

typedef struct scr_tls {
    scr_scratch sc;
    eacc *acc;                   /* per entry */
    uint32_t *touched;
    size_t ecap, ntouched;
    uint32_t gen;
    /* bit per entry: reached by a posting list that is walked in full
     * (candidates(), light lists) */
    uint64_t *emark;
    /* the query's units and their hits, collected before any posting
     * list is walked */
    hit *hits;
    size_t hcap;
    qop *ops;
    size_t opcap;
    /* per token id: dictionary tokens already reached by a query token */
    uint32_t *tstamp;
    size_t tcap;
    uint32_t tgen;
    /* per token id: reached by an earlier unit of this query, the
     * heaviest content unit that did */
    uint32_t *qstamp;
    float *qmax;
    uint32_t qgen;
    /* per entity: slot in the candidate array */
    uint32_t *nstamp, *nslot;
    size_t ncap;
    uint32_t ngen;
    /* first letters of the query's tokens (scr_ini_bit): an entry's initial
     * of none of them aligns with nothing */
    uint32_t qimask;
    /* the query token whose neighbour list is being computed */
    scr_qtok qk;
    scr_qstats st;
} scr_tls;

/* Entry e holds an initial that may align with a token of the query. */
static inline bool ini_may(const exctl_screener *s, const scr_tls *t, uint32_t e)
{
    return ((s->einit[e >> 6] >> (e & 63)) & 1u) && (s->estat[e].imask & t->qimask);
}

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
    free(t->touched);
    free(t->emark);
    free(t->hits);
    free(t->ops);
    free(t->tstamp);
    free(t->qstamp);
    free(t->qmax);
    free(t->nstamp);
    free(t->nslot);
    free(t);
}

static void tls_key_init(void)
{
    pthread_key_create(&g_tls_key, tls_free);
}

/* Arrays grow to the largest screener used on this thread; stamps are
 * compared with generation counters that only move forward, so grown
 * (zeroed) arrays never see a stale generation. */
static scr_tls *tls_get(const exctl_screener *s)
{
    pthread_once(&g_tls_once, tls_key_init);
    scr_tls *t = pthread_getspecific(g_tls_key);
    if (!t) {
        t = calloc(1, sizeof *t);
        if (!t)
            return NULL;
        pthread_setspecific(g_tls_key, t);
    }
    size_t ne = s->n_entries + 1, nt = s->n_toks + 1, nn = s->n_ents + 1;
    if (t->ecap < ne) {
        eacc *a = calloc(ne, sizeof *a);
        uint32_t *u = malloc(ne * sizeof *u);
        uint64_t *mk = calloc(ne / 64 + 1, sizeof *mk);
        if (!a || !u || !mk) {
            free(a);
            free(u);
            free(mk);
            return NULL;
        }
        free(t->acc);
        free(t->touched);
        free(t->emark);
        t->acc = a;
        t->touched = u;
        t->emark = mk;
        t->ecap = ne;
    }
    if (t->tcap < nt) {
        uint32_t *a = calloc(nt, sizeof *a), *b = calloc(nt, sizeof *b);
        float *m = calloc(nt, sizeof *m);
        if (!a || !b || !m) {
            free(a);
            free(b);
            free(m);
            return NULL;
        }
        free(t->tstamp);
        free(t->qstamp);
        free(t->qmax);
        t->tstamp = a;
        t->qstamp = b;
        t->qmax = m;
        t->tcap = nt;
    }
    if (t->ncap < nn) {
        uint32_t *a = calloc(nn, sizeof *a), *b = malloc(nn * sizeof *b);
        if (!a || !b) {
            free(a);
            free(b);
            return NULL;
        }
        free(t->nstamp);
        free(t->nslot);
        t->nstamp = a;
        t->nslot = b;
        t->ncap = nn;
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
    xc_map_init(&s->repmap);
    xc_map_init(&s->idmap);
    int rc = scr_index_build(s, eb);
    if (!rc && (!(s->ncache = calloc(3 * s->n_toks + 3, sizeof *s->ncache)) ||
                scr_split_cache_init(s)))
        rc = xc_err(eb, EXCTL_ENOMEM, "screen: out of memory");
    if (rc) {
        exctl_screener_free(s);
        return rc;
    }
    *out = s;
    return EXCTL_OK;
}

static void htab_free(scr_htab *t)
{
    free(t->kh);
    free(t->kp);
    free(t->vals);
    free(t->w);
}

void exctl_screener_free(exctl_screener *s)
{
    if (!s)
        return;
    free(s->ents);
    free(s->ent_name0);
    free(s->name_off);
    free(s->nrec);
    free(s->reps);
    free(s->entries);
    free(s->estat);
    free(s->einit);
    free(s->tok_w);
    free(s->tok_df);
    free(s->tok_rep);
    free(s->tok_flag);
    free(s->tok_post);
    free(s->tok_post_off);
    if (s->ncache)
        for (size_t i = 0; i < 3 * s->n_toks + 3; i++)
            free(s->ncache[i]);
    free(s->ncache);
    scr_split_cache_free(s);
    htab_free(&s->keys);
    htab_free(&s->pairs);
    free(s->id_ents);
    free(s->id_posts);
    xc_map_free(&s->tokmap);
    xc_map_free(&s->repmap);
    xc_map_free(&s->idmap);
    xc_arena_free(&s->arena);
    free(s);
}

/* ---- candidate generation ------------------------------------------------ */

typedef struct qctx {
    const exctl_screener *s;
    scr_tls *t;
    const scr_tok *qt;
    bool xlit;
    bool acro;                   /* the unit is a run against acronyms */
    hit *hits;
    size_t nhits;
    float fixed_sim;             /* > 0: every reached token gets this (pairs) */
    /* a run of query tokens against one token (mk > 0): mv->t[mi..mi+mk-1]
     * read as one, compared as the scorer's merges do */
    const scr_var *mv;
    int mi, mk;
    bool nonkey;                 /* reached an organisation word, particle, title */
    float wq;                    /* weight of the unit */
    bool org;                    /* the unit is an organisation word */
} qctx;

/* A dictionary token reached by the current unit (sim > 0, with postings). */
static inline void add_hit(scr_tls *t, qctx *c, uint32_t id, float sim)
{
    bool first = t->qstamp[id] != t->qgen;
    float wq = c->org ? 0.0f : c->wq, dq = 0.0f;
    if (first) {
        t->qstamp[id] = t->qgen;
        t->qmax[id] = dq = wq;
    } else if (wq > t->qmax[id]) {
        dq = wq - t->qmax[id];
        t->qmax[id] = wq;
    }
    c->hits[c->nhits++] = (hit){id, sim, first, false, dq, 0};
}

/* A key of a query token: the dictionary tokens it reaches, each compared
 * once with the token similarity of the scorer. */
static void key_walk(void *vctx, const scr_posting *p, float w)
{
    (void)w;
    qctx *c = vctx;
    const exctl_screener *s = c->s;
    scr_tls *t = c->t;
    t->st.keys++;
    if (!p)
        return;
    const uint32_t *ids = s->keys.vals + p->off;
    for (uint32_t i = 0; i < p->n && c->nhits < MAX_HITS; i++) {
        uint32_t id = ids[i];
        if (t->tstamp[id] == t->tgen)
            continue;
        t->tstamp[id] = t->tgen;
        uint8_t fl = s->tok_flag[id];
        if (c->acro && !(fl & SCR_TF_ACRO))
            continue;                    /* never an acronym in the scorer */
        float sim = c->fixed_sim;
        if (c->mk) {
            t->st.sims++;
            sim = scr_merge_sim(&s->reps[s->tok_rep[id]], c->mv, c->mi, c->mk,
                                c->xlit || (fl & SCR_TF_XLIT));
        } else if (sim <= 0.0f) {
            uint8_t how;
            t->st.sims++;
            const scr_tok *d = &s->reps[s->tok_rep[id]];
            bool xl = c->xlit || (fl & SCR_TF_XLIT);
            sim = scr_tok_sim_q(&t->qk, d, xl, &how);
            /* a first letter changed, which the scorer aligns when the
             * rest of the names agree (oneletter.c) */
            if (sim <= 0.0f && scr_letter_pair(t->qk.t, d, xl))
                sim = SCR_LETTER_SIM;
        }
        if (sim <= 0.0f)
            continue;
        if (fl & SCR_TF_NONKEY)
            c->nonkey = true;
        if (fl & SCR_TF_KEY)
            add_hit(t, c, id, sim);
    }
}

static void key_hit(void *vctx, uint64_t h, float factor)
{
    (void)factor;
    qctx *c = vctx;
    key_walk(c, scr_htab_find(&c->s->keys, h), 1.0f);
}

/* The dictionary tokens a query token reaches, as the keys and the token
 * similarity find them: the same for every query token with that text
 * (lower-case Latin key, from which the loose key and skeleton derive), so
 * they are kept per dictionary token and romanisation (Latin, another
 * script, kana), computed once. */
typedef struct scr_nlist {
    uint32_t n;
    bool nonkey;
    struct {
        uint32_t id;
        float sim;
    } h[];
} scr_nlist;

static void unit_hits(const exctl_screener *s, scr_tls *t, qctx *c, const scr_tok *qt,
                      bool xlit, char *buf, size_t cap)
{
    scr_nlist **slot = NULL;
    c->nonkey = false;
    if (qt->id != SCR_NOID && qt->id < s->n_toks && s->ncache) {
        /* a kana reading compares differently from the same text read
         * from another script (scr_kana_sim): a slot of its own */
        slot = &s->ncache[3 * (size_t)qt->id + (qt->kana ? 2 : xlit)];
        const scr_nlist *nl = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
        if (nl) {
            for (uint32_t i = 0; i < nl->n && c->nhits < MAX_HITS; i++)
                add_hit(t, c, nl->h[i].id, nl->h[i].sim);
            c->nonkey = nl->nonkey;
            return;
        }
    }
    size_t h0 = c->nhits;
    scr_qtok_set(&t->qk, qt);
    /* the keys' table slots fetched together (scr_keybatch) */
    scr_keybatch kb;
    scr_keybatch_init(&kb, &s->keys, key_walk, c);
    scr_token_keys(qt, true, buf, cap, scr_keybatch_add, &kb);
    if (xlit)
        scr_token_xlit_keys(qt, buf, cap, scr_keybatch_add, &kb);
    scr_keybatch_flush(&kb);
    if (!slot)
        return;
    size_t n = c->nhits - h0;
    size_t bytes = sizeof(scr_nlist) + n * sizeof(((scr_nlist *)0)->h[0]);
    size_t *used = &((exctl_screener *)s)->ncache_bytes;
    if (!scr_cache_reserve(used, bytes, NCACHE_MAX_BYTES))
        return;
    scr_nlist *nl = malloc(bytes);
    if (!nl) {
        scr_cache_release(used, bytes);
        return;
    }
    nl->n = (uint32_t)n;
    nl->nonkey = c->nonkey;
    for (size_t i = 0; i < n; i++) {
        nl->h[i].id = c->hits[h0 + i].tok;
        nl->h[i].sim = c->hits[h0 + i].sim;
    }
    scr_nlist *expect = NULL;
    if (!__atomic_compare_exchange_n(slot, &expect, nl, false, __ATOMIC_RELEASE,
                                     __ATOMIC_RELAXED)) {
        free(nl);                        /* another thread was first */
        scr_cache_release(used, bytes);
    }
}

/* Add one query unit's share to entries: per unit (stamp gen) an entry keeps
 * the largest share that reached it, and the largest query weight (units of
 * one token position in several romanisations share gen). cv, the
 * entry-side weight, is summed (each dictionary token once per query, see
 * hit.first). */
static inline void acc_one(scr_tls *t, uint32_t gen, uint32_t e, float nv, float pv, float qv,
                           float ov, float cv, float q2v)
{
    eacc *a = &t->acc[e];
    a->c += cv;
    a->q2 += q2v;
    if (a->stamp == gen) {
        if (nv > a->lastn) {
            a->n += nv - a->lastn;
            a->p += pv - a->lastp;
            a->lastn = nv;
            a->lastp = pv;
        }
        if (qv > a->lastq) {
            a->q += qv - a->lastq;
            a->lastq = qv;
        }
        return;
    }
    a->stamp = gen;
    if (a->p == 0.0f)
        t->touched[t->ntouched++] = e;
    a->o += ov;
    a->n += nv;
    a->p += pv;
    a->q += qv;
    a->lastn = nv;
    a->lastp = pv;
    a->lastq = qv;
}

/* Entries ahead of the one being updated whose records are fetched: a
 * posting list is sorted by entry, but on a large list its entries are far
 * apart, and each is a cache miss the processor would otherwise wait for in
 * turn. */
#define PREFETCH_AHEAD 8

static void accumulate(scr_tls *t, uint32_t gen, const uint32_t *ents, uint32_t n, float nv,
                       float pv, float qv, float ov, float cv, float q2v)
{
    for (uint32_t i = 0; i < n; i++) {
        if (i + PREFETCH_AHEAD < n)
            __builtin_prefetch(&t->acc[ents[i + PREFETCH_AHEAD]], 1, 1);
        acc_one(t, gen, ents[i], nv, pv, qv, ov, cv, q2v);
    }
}

static void next_tgen(const exctl_screener *s, scr_tls *t)
{
    if (++t->tgen == UINT32_MAX) {
        memset(t->tstamp, 0, t->tcap * sizeof *t->tstamp);
        t->tgen = 1;
    }
    (void)s;
}

/* The dictionary tokens reached by the hits of one unit, into the entries.
 * org: the unit is an organisation word of the query (its weight goes to
 * o, not q). A light hit's postings only add to entries marked in emark
 * (reached by a posting list walked in full) or holding an initial (see
 * scr_light_bound()). */
static void spread(const exctl_screener *s, scr_tls *t, const qop *op)
{
    const hit *hs = t->hits + op->h0;
    float wq = op->wq, qv = op->org ? 0.0f : wq, ov = op->org ? wq : 0.0f;
    for (uint32_t h = 0; h < op->nh; h++) {
        uint32_t id = hs[h].tok;
        float wd = scr_post_w(s, id), pv = wq + wd;
        const uint32_t *ents = s->tok_post + s->tok_post_off[id];
        uint32_t n = s->tok_post_off[id + 1] - s->tok_post_off[id];
        float nv = hs[h].sim * pv, cv = hs[h].first ? wd : 0.0f;
        t->st.postings += n;
        if (op->acro) {
            for (uint32_t i = 0; i < n; i++) {
                uint32_t e = ents[i];
                if ((s->estat[e].flag & SCR_EF_PERSON) ||
                    (hs[h].light && !((t->emark[e >> 6] >> (e & 63)) & 1u) && !ini_may(s, t, e)))
                    continue;
                acc_one(t, op->gen, e, nv, pv, qv, ov, cv, hs[h].dq);
            }
            continue;
        }
        if (!hs[h].light) {
            accumulate(t, op->gen, ents, n, nv, pv, qv, ov, cv, hs[h].dq);
            continue;
        }
        accumulate(t, op->gen, ents, hs[h].lk, nv, pv, qv, ov, cv, hs[h].dq);
        const uint64_t *mk = t->emark;
        for (uint32_t i = hs[h].lk; i < n; i++) {
            uint32_t e = ents[i];
            if (((mk[e >> 6] >> (e & 63)) & 1u) || ini_may(s, t, e))
                acc_one(t, op->gen, e, nv, pv, qv, ov, cv, hs[h].dq);
        }
    }
}

/* A query token (or two) against two adjacent tokens of entries. */
static void pair_spread(const exctl_screener *s, scr_tls *t, const qop *op)
{
    const scr_posting *p = op->pp;
    t->st.postings += p->n;
    const uint32_t *ents = s->pairs.vals + p->off;
    const float *w = s->pairs.w + p->off;
    for (uint32_t i = 0; i < p->n; i++) {
        float pv = op->wq + w[i];
        acc_one(t, op->gen, ents[i], op->sim * pv, pv, op->wq, 0.0f, w[i], op->wq);
    }
}

/* Room for n more ops. */
static int ops_room(scr_tls *t, size_t nops, size_t n)
{
    if (nops + n <= t->opcap)
        return EXCTL_OK;
    size_t cap = t->opcap ? t->opcap : 256;
    while (cap < nops + n)
        cap *= 2;
    qop *o = realloc(t->ops, cap * sizeof *o);
    if (!o)
        return EXCTL_ENOMEM;
    t->ops = o;
    t->opcap = cap;
    return EXCTL_OK;
}

/* Start collecting a unit's hits after the nhits collected so far. */
static int unit_begin(scr_tls *t, qctx *c, size_t nops, size_t nhits)
{
    if (ops_room(t, nops, 1))
        return EXCTL_ENOMEM;
    if (nhits + MAX_HITS > t->hcap) {
        size_t cap = t->hcap ? t->hcap : 4 * MAX_HITS;
        while (cap < nhits + MAX_HITS)
            cap *= 2;
        hit *h = realloc(t->hits, cap * sizeof *h);
        if (!h)
            return EXCTL_ENOMEM;
        t->hits = h;
        t->hcap = cap;
    }
    c->hits = t->hits + nhits;
    c->nhits = 0;
    return EXCTL_OK;
}

/* The unit's hits as an op (unit_begin() made room). */
static void unit_end(scr_tls *t, const qctx *c, size_t *nops, size_t *nhits, uint32_t gen,
                     float wq, bool org)
{
    if (c->nhits)
        t->ops[(*nops)++] = (qop){.kind = OP_SPREAD, .org = org, .acro = c->acro, .gen = gen, .wq = wq,
                                  .h0 = (uint32_t)*nhits, .nh = (uint32_t)c->nhits};
    *nhits += c->nhits;
}

/* A pair-table key of a unit: its posting list as an op. */
static void pair_hit(const exctl_screener *s, scr_tls *t, size_t *nops, uint32_t gen,
                     const char *key, size_t n, float sim, float wq)
{
    t->st.keys++;
    const scr_posting *p = scr_htab_find(&s->pairs, scr_key_hash(key, n));
    if (!p || ops_room(t, *nops, 1))
        return;
    t->ops[(*nops)++] = (qop){.kind = OP_PAIR, .gen = gen, .wq = wq, .sim = sim, .pp = p};
}

typedef struct splitq {
    scr_tls *t;
    size_t *nops;
    uint32_t gen;
    float wq;
    bool xlit;
} splitq;

static void split_pair(void *vctx, const scr_posting *p, float sim)
{
    splitq *q = vctx;
    /* romanised, the merge also compares loose keys (at most 0.95) */
    if (q->xlit && sim < 0.95f)
        sim = 0.95f;
    if (ops_room(q->t, *q->nops, 1))
        return;
    q->t->ops[(*q->nops)++] = (qop){.kind = OP_PAIR, .gen = q->gen, .wq = q->wq, .sim = sim,
                                    .pp = p};
}

/* Three adjacent query tokens whose middle one is a short particle (نور
 * الدين: nur ed din, Nur al-Din) against one token of an entry
 * (Noureddine): the concatenation looked up as a token and by its loose key
 * and that key's deletions, as the scorer's three-token merges compare. The
 * unit shares gen with the first two tokens' pair unit: an entry keeps the
 * larger share of the two. */
static int triple_hit(const exctl_screener *s, scr_tls *t, qctx *c, const scr_var *v, int j,
                      uint32_t gen, size_t *nops, size_t *nhits)
{
    const scr_tok *a = &v->t[j], *m = &v->t[j + 1], *b = &v->t[j + 2];
    char txt[2 * SCR_MAX_TOKLEN + 8], lo[2 * SCR_MAX_TOKLEN + 8], key[2 * SCR_MAX_TOKLEN + 8];
    size_t n = (size_t)a->len + m->len + b->len;
    if (m->kind != SCR_TK_PARTICLE || m->len > 3 || !scr_is_key_tok(a) || !scr_is_key_tok(b) ||
        a->kind == SCR_TK_NUM || b->kind == SCR_TK_NUM || n + 3 > sizeof txt)
        return EXCTL_OK;
    memcpy(txt, a->s, a->len);
    memcpy(txt + a->len, m->s, m->len);
    memcpy(txt + a->len + m->len, b->s, b->len);
    size_t ln = scr_loose_key(txt, n, lo, sizeof lo);
    next_tgen(s, t);
    if (unit_begin(t, c, *nops, *nhits))
        return EXCTL_ENOMEM;
    c->wq = a->w + m->w + b->w;
    c->org = false;
    c->fixed_sim = 0.0f;
    c->mv = v;                       /* compared as the scorer's merge */
    c->mi = j;
    c->mk = 3;
    key[0] = 'd';
    key[1] = ':';
    memcpy(key + 2, txt, n);
    key_hit(c, scr_key_hash(key, n + 2), 1.0f);
    key[0] = 'm';
    memcpy(key + 2, lo, ln);
    key_hit(c, scr_key_hash(key, ln + 2), 1.0f);
    for (size_t i = 0; i < ln; i++) {
        if (i > 0 && lo[i] == lo[i - 1])
            continue;
        memcpy(key + 2, lo, i);
        memcpy(key + 2 + i, lo + i + 1, ln - i - 1);
        key_hit(c, scr_key_hash(key, ln + 1), 1.0f);
    }
    c->mk = 0;
    unit_end(t, c, nops, nhits, gen, c->wq, false);
    return EXCTL_OK;
}

/* A run of query tokens whose initials may be an acronym token of
 * entries (People's Liberation Army against PLA): one unit per run, with
 * the run's weight; runs from one start share a generation. */
typedef struct acroq {
    const exctl_screener *s;
    scr_tls *t;
    qctx *c;
    size_t *nops, *nhits;
    bool *oom;
    uint32_t gen;
} acroq;

static void acro_unit(void *vctx, const char *ini, size_t len, int last, float w)
{
    (void)last;
    acroq *a = vctx;
    qctx *c = a->c;
    char key[SCR_ACRO_MAX + 2];
    key[0] = 'd';
    key[1] = ':';
    memcpy(key + 2, ini, len);
    next_tgen(a->s, a->t);
    if (unit_begin(a->t, c, *a->nops, *a->nhits)) {
        *a->oom = true;
        return;
    }
    c->wq = w;
    c->org = false;
    c->fixed_sim = SCR_ACRO_SIM;
    c->acro = true;
    key_hit(c, scr_key_hash(key, len + 2), 1.0f);
    unit_end(a->t, c, a->nops, a->nhits, a->gen, w, false);
    c->acro = false;
}

/* The estimate ub of an entry with k initials that may align with the
 * query counts none of the query's left-overs (lq = 0). A tighter one, for
 * k < 7 (SCR_EF_NINIT saturates: 7 may be more) and a query without
 * native-script tokens (those, not the ones wk_max weighs, may meet a
 * native entry); the smaller of the two is kept.
 *
 * Why it holds. An initial aligns with one token of the other side
 * (score.c, tok_sim(): a token of its first letter, similarity 0.85), a
 * content token of the query here (numbers match only exactly), so the k
 * initials take a set T of at most k query tokens, each at most the
 * heaviest, wk_max. With Pq the query weight aligned otherwise, the query's
 * left-over is at least max(0, Wq - Pq - w(T)), and its part of the
 * denominator at least
 *     Pq + L max(0, Wq - Pq - w(T)) >= (1 - L) Pq + L max(0, Wq - k wk_max)
 * for every Pq >= 0 (equal when the first max is positive; otherwise
 * Pq >= Wq - w(T)): lq = max(0, wq_min - k wk_max). The units' shares
 * may reach the entry through other tokens than the scorer's alignment
 * takes (a pair of the entry holding the initial), so their aligned weight
 * P is no bound on the alignment's: its numerator N_a and weight P_a have
 * N_a <= P_a, so the denominator is at least (1 - L) N_a + ..., and the
 * bound is taken with P = N, over N_a in [0, n] (n: the shares'
 * numerator, at least N_a; the ratio is monotone in N_a). Each initial's
 * own pair adds 0.85 x 2W to the numerator and 2W to the denominator, W =
 * the smaller of the two tokens' weights (score.c: an initial carries the
 * weight of an initial), at most min(wk_max, INI_WMAX): the ratio is
 * monotone in their sum a too, so both ends of a are tried. */
#define INI_SIM 0.85f
/* Weight of an initial: IDF weight (at most 1) x its kind factor (index.c,
 * kind_factor(): 0.5 for one letter). */
#define INI_WMAX 0.5f

static inline float ini_estimate(float ub, float num, float den, float n, float p, float wq_min,
                                 float wk_max, unsigned flag, bool native)
{
    const float L = LEFTOVER_MIN * 2.0f;
    unsigned k = SCR_EF_NINIT(flag);
    if (k >= 7 || native)
        return ub;
    float lq = wq_min - (float)k * wk_max;
    if (lq <= 0.0f)
        return ub;
    float amax = 2.0f * (float)k * (wk_max < INI_WMAX ? wk_max : INI_WMAX);
    float rest = num - n, d0 = den - (1.0f - L) * p + L * lq;
    float best = 0.0f;
    for (int i = 0; i < 2; i++) {
        float na = i ? n : 0.0f;
        for (int j = 0; j < 2; j++) {
            float a = j ? amax : 0.0f;
            float dd = d0 + (1.0f - L) * na + a;
            float v = dd > 0.0f ? (rest + na + INI_SIM * a) / dd : 0.0f;
            if (v > best)
                best = v;
        }
    }
    return best < ub ? best : ub;
}

typedef struct bound {
    uint32_t e;
    float ub;
} bound;

static int cmp_bound(const void *a, const void *b)
{
    const bound *x = a, *y = b;
    if (x->ub != y->ub)
        return x->ub < y->ub ? 1 : -1;
    return (x->e > y->e) - (x->e < y->e);
}

/* Candidate entries with an upper estimate of their name score of at least
 * cut, best first, into *out (scratch). Returns the count.
 *
 * The estimate follows the scorer's soft-Dice. A query token (unit) that
 * reached an entry through a dictionary token d with similarity sim adds
 * sim * (wq + wd) to the numerator N and (wq + wd) to P, the aligned weight
 * counted from both sides. Everything unaligned costs at least LEFTOVER_MIN
 * of its weight, so with Wq the query's key weight and Wc the entry's,
 *     score <= N / (P + L * (Wq - P_q) + L * (Wc - P_c))
 *           =  N / ((1 - L) * P + L * (Wq + Wc)).
 * Query tokens that are not keys (organisation words, particles, titles,
 * initials) are assumed aligned in full with a like token of the entry (U),
 * and the entry's own non-key tokens cost nothing: the estimate stays
 * optimistic. When a query key token resembles an organisation word,
 * particle or title of the dictionary (X), an entry holding such tokens (Uc)
 * is assumed to align them: N and P grow by X + Uc. Each unit counts once
 * per entry, through its best share. */
static size_t candidates(const exctl_screener *s, scr_tls *t, const scr_pname *q, float cut,
                         bound **out)
{
    *out = NULL;
    t->ntouched = 0;
    if (t->gen > UINT32_MAX - 4 * SCR_MAX_TOKS) {
        for (size_t i = 0; i < t->ecap; i++)
            t->acc[i].stamp = 0;
        t->gen = 0;
    }
    uint32_t base = t->gen + 1;
    t->gen += 2 * SCR_MAX_TOKS + 2;
    if (++t->qgen == UINT32_MAX) {
        memset(t->qstamp, 0, t->tcap * sizeof *t->qstamp);
        t->qgen = 1;
    }
    qctx c = {.s = s, .t = t};
    size_t nops = 0, nhits = 0;
    bool oom = false;
    float wq_min = -1.0f, wn_min = -1.0f, uo_max = 0.0f, ui_max = 0.0f, x_max = 0.0f;
    float wk_max = 0.0f;         /* heaviest query content token */
    int ni_max = 0;              /* most initials in a variant */
    uint32_t qini = q->nat.n ? ~0u : 0u;   /* their letters (scr_ini_bit) */
    bool q_xlit = false;         /* romanised from another script */
    char buf[2 * SCR_MAX_TOKLEN + 8];
    for (int vi = 0; vi < q->nv; vi++) {
        const scr_var *v = &q->v[vi];
        float wk = 0.0f, wn = 0.0f, wo = 0.0f, wi = 0.0f, wx = 0.0f;
        int ni = 0;
        q_xlit = q_xlit || v->xlit;
        c.xlit = v->xlit;
        /* runs of query tokens against acronyms of entries: a run from
         * token j shares j's generation, so that an entry keeps the larger
         * of the two shares (the scorer aligns token j either alone or in
         * the run) */
        const scr_tok *tp[SCR_MAX_TOKS];
        bool acro_q = scr_acro_may_expand(v) && v->n >= 2;
        for (int j = 0; acro_q && j < v->n; j++)
            tp[j] = &v->t[j];
        acroq aq = {.s = s, .t = t, .c = &c, .nops = &nops, .nhits = &nhits, .oom = &oom};
        for (int j = 0; j < v->n; j++) {
            const scr_tok *qt = &v->t[j];
            if (acro_q && j + 1 < v->n) {
                aq.gen = base + (uint32_t)j;
                scr_acro_runs(tp, v->n, j, acro_unit, &aq);
            }
            if (!scr_is_key_tok(qt)) {
                if (qt->len == 1) {
                    wi += qt->w;
                    ni++;
                    qini |= scr_ini_bit((unsigned char)qt->s[0]);
                } else
                    wo += qt->w;
                /* An organisation word, particle or title may align with
                 * a content token of an entry ("logistics" with
                 * "logistic", a title with the same word an entry's other
                 * script reads as content): such tokens are looked up as
                 * a unit of their own. */
                if (qt->kind != SCR_TK_WORD && qt->len >= 2) {
                    scr_tok ot = *qt;
                    ot.kind = SCR_TK_WORD;
                    next_tgen(s, t);
                    if (unit_begin(t, &c, nops, nhits)) {
                        oom = true;
                        continue;
                    }
                    c.qt = &ot;
                    c.fixed_sim = 0.0f;
                    c.wq = qt->w;
                    c.org = true;
                    unit_hits(s, t, &c, &ot, v->xlit, buf, sizeof buf);
                    unit_end(t, &c, &nops, &nhits, base + (uint32_t)j, qt->w, true);
                }
                continue;
            }
            /* a repeat of a token is no left-over in the scorer once one
             * copy aligns: the name's weight counts each text once */
            bool rep = false;
            for (int k = 0; k < j && !rep; k++)
                rep = v->t[k].len == qt->len && !memcmp(v->t[k].s, qt->s, qt->len);
            if (!rep) {
                wk += qt->w;
                if (qt->kind == SCR_TK_NUM)
                    wn += qt->w;
                else if (qt->w > wk_max)
                    wk_max = qt->w;
            }
            uint32_t gen = base + (uint32_t)j;
            next_tgen(s, t);
            if (unit_begin(t, &c, nops, nhits)) {
                oom = true;
                continue;
            }
            c.qt = qt;
            c.fixed_sim = 0.0f;
            c.wq = qt->w;
            c.org = false;
            unit_hits(s, t, &c, qt, v->xlit, buf, sizeof buf);
            if (c.nonkey)
                wx += qt->w;
            unit_end(t, &c, &nops, &nhits, gen, qt->w, false);
            /* the token against two merged tokens of an entry */
            if (qt->kind == SCR_TK_NUM)
                continue;
            pair_hit(s, t, &nops, gen, qt->s, qt->len, 1.0f, qt->w);
            if (qt->acro && !v->xlit && v->ptype != SCR_PT_PERSON) {
                /* an acronym against the initials of a run of entries */
                buf[0] = SCR_PAIR_ACRO;
                memcpy(buf + 1, qt->s, qt->len);
                pair_hit(s, t, &nops, gen, buf, (size_t)qt->len + 1, SCR_ACRO_SIM, qt->w);
            }
            if (v->xlit && qt->sklen >= 4) {
                /* romanised: the skeletons of the two (the scorer's
                 * merges compare loose keys, at most 0.95) */
                buf[0] = SCR_PAIR_SK;
                memcpy(buf + 1, qt->sk, qt->sklen);
                pair_hit(s, t, &nops, gen, buf, (size_t)qt->sklen + 1, 0.95f, qt->w);
            }
            if (v->xlit && qt->lolen >= 4) {
                /* romanised: a romanised entry's pair as one loose key */
                buf[0] = SCR_PAIR_LO;
                memcpy(buf + 1, qt->lo, qt->lolen);
                pair_hit(s, t, &nops, gen, buf, (size_t)qt->lolen + 1, 0.95f, qt->w);
            }
            if (qt->kind == SCR_TK_WORD) {
                /* against two tokens of an entry with an edit */
                splitq sq = {t, &nops, gen, qt->w, v->xlit};
                t->st.keys += scr_split_hits(s, qt, split_pair, &sq);
            }
        }
        /* two adjacent query tokens against one token of an entry */
        for (int j = 0; j + 1 < v->n; j++) {
            const scr_tok *a = &v->t[j], *b = &v->t[j + 1];
            if ((size_t)a->len + b->len + 2 > sizeof buf || a->kind == SCR_TK_NUM ||
                b->kind == SCR_TK_NUM || a->kind == SCR_TK_TITLE || b->kind == SCR_TK_TITLE)
                continue;
            uint32_t gen = base + SCR_MAX_TOKS + (uint32_t)j;
            next_tgen(s, t);
            if (unit_begin(t, &c, nops, nhits)) {
                oom = true;
                continue;
            }
            c.wq = a->w + b->w;
            c.org = false;
            /* the two as one token, within the edits the scorer's merge
             * allows, each reached token compared as the merge compares */
            char txt[2 * SCR_MAX_TOKLEN + 8], lo[2 * SCR_MAX_TOKLEN + 8];
            size_t cl = (size_t)a->len + b->len;
            memcpy(txt, a->s, a->len);
            memcpy(txt + a->len, b->s, b->len);
            size_t ln = scr_loose_key(txt, cl, lo, sizeof lo);
            c.fixed_sim = 0.0f;
            c.mv = v;
            c.mi = j;
            c.mk = 2;
            scr_keybatch kb;
            scr_keybatch_init(&kb, &s->keys, key_walk, &c);
            scr_run_keys(txt, cl, lo, ln, v->xlit, buf, sizeof buf, scr_keybatch_add, &kb);
            /* a run the lists also write as one token (abdul rahman,
             * abdulrahman): its spellings two edits away too, through the
             * half keys (for every run they cost twice the lookups) */
            uint32_t rid;
            if (xc_map_get(&s->tokmap, txt, cl, &rid))
                scr_run_half_keys(txt, cl, buf, sizeof buf, scr_keybatch_add, &kb);
            scr_keybatch_flush(&kb);
            c.mk = 0;
            unit_end(t, &c, &nops, &nhits, gen, a->w + b->w, false);
            /* two against two with the word boundary moved (resplit), and
             * moved with an edit */
            pair_hit(s, t, &nops, gen, txt, cl, 0.95f, a->w + b->w);
            splitq sq = {t, &nops, gen, a->w + b->w, v->xlit};
            t->st.keys += scr_split_run_hits(s, txt, cl, a->len, split_pair, &sq);
        }
        for (int j = 0; j + 2 < v->n; j++)
            if (triple_hit(s, t, &c, v, j, base + SCR_MAX_TOKS + (uint32_t)j, &nops, &nhits))
                oom = true;
        if (wq_min < 0.0f || wk < wq_min)
            wq_min = wk;
        if (wn_min < 0.0f || wk - wn < wn_min)
            wn_min = wk - wn;
        if (wo > uo_max)
            uo_max = wo;
        if (wi > ui_max)
            ui_max = wi;
        if (ni > ni_max)
            ni_max = ni;
        if (wx > x_max)
            x_max = wx;
    }
    if (wq_min < 0.0f)
        wq_min = 0.0f;
    if (wn_min < 0.0f)
        wn_min = 0.0f;
    if (oom)
        return 0;
    /* An initial of an entry aligns with a token of its letter (score.c,
     * tok_sim()) or inside a run of tokens merged with one of the query
     * (ni k olaj = nikolaj): with none of the query's letters it aligns
     * with nothing (but in a merge that also changes that letter). Names
     * compared in their own script are not looked at here. */
    t->qimask = q->nat.n ? ~0u : 0u;
    for (int vi = 0; vi < q->nv; vi++)
        for (int j = 0; j < q->v[vi].n; j++)
            for (const char *ch = q->v[vi].t[j].s; *ch; ch++)
                t->qimask |= scr_ini_bit((unsigned char)*ch);
    /* MaxScore: lists whose entries cannot reach the cut on their own are
     * walked for entries reached otherwise only (scr_light_bound()) */
    size_t nlight = 0;
    if (x_max <= 0.0f && cut > 0.0f)
        nlight = scr_choose_light(s, t->ops, nops, t->hits, cut, wq_min, uo_max, ui_max);
    if (nlight)
        scr_mark_full(s, t->ops, nops, t->hits, t->emark);
    for (size_t o = 0; o < nops; o++) {
        if (t->ops[o].kind == OP_SPREAD)
            spread(s, t, &t->ops[o]);
        else
            pair_spread(s, t, &t->ops[o]);
    }
    size_t n = t->ntouched, m = 0;
    t->st.touched = (uint32_t)n;
    bound *sel = scr_scratch_alloc(&t->sc, (n + 1) * sizeof *sel);
    const float L = LEFTOVER_MIN * 2.0f;
    for (size_t i = 0; i < n; i++) {
        uint32_t e = t->touched[i];
        if (i + PREFETCH_AHEAD < n) {
            uint32_t f = t->touched[i + PREFETCH_AHEAD];
            __builtin_prefetch(&s->estat[f], 0, 0);
            __builtin_prefetch(&t->acc[f], 1, 0);
        }
        /* An initial may stand for a whole token of the other side: the
         * query's left-overs are then not counted at all. A query initial
         * takes one content token of the entry (not a number), at most its
         * heaviest, and its own weight is counted as aligned (ui_max). */
        eacc *ac = &t->acc[e];
        const scr_estat *es = &s->estat[e];
        bool ini = (es->flag & SCR_EF_INITIAL) && (es->imask & t->qimask);
        float lq = ini ? 0.0f : wq_min;
        /* A query initial aligns on its own with a token of its first
         * letter only (score.c, tok_sim()): with none among the entry's
         * tokens (smask) it takes none of them. Inside a run of two query
         * tokens merged with one entry token, or re-split against two, it
         * is part of a run unit, whose share carries its weight (wq of the
         * run is the sum of both tokens'); runs of three are left to their
         * units, as for any other token of such a run. */
        float ni_e = (es->smask & qini) ? (float)ni_max : 0.0f;
        float ui = (es->smask & qini) ? ui_max : 0.0f;
        float lc = es->w - ni_e * es->wmax;
        if (lc < 0.0f)
            lc = 0.0f;
        float uc = es->u;
        /* query organisation words, particles and titles meet the entry's */
        float uo = uo_max < uc ? uo_max : uc;
        float num = ac->n + 2.0f * (uo + ui);
        /* organisation words that reached the entry as units are aligned
         * (in p), not left over */
        float uleft = uo_max - uo - ac->o;
        float den = (1.0f - L) * ac->p + L * (lq + lc) + 2.0f * (uo + ui) +
                    L * (uleft > 0.0f ? uleft : 0.0f);
        /* query key tokens left that resemble such words of the entry */
        float left = wq_min - ac->q;
        float x = x_max < left ? x_max : left;
        if (x > 0.0f && uc > 0.0f) {
            num += x + uc;
            den += (1.0f - L) * (x + uc) - L * x;
        } else {
            x = 0.0f;
        }
        /* Content left over on both sides for sure (weight no unit
         * reached, numbers aside: they count on their own): the scorer
         * then charges the conflict weight on both sides. An initial of
         * the other side may take one token each. */
        float qa = ac->q < ac->q2 ? ac->q : ac->q2;
        float lqm = wn_min - qa - x -
                    (float)(ini ? SCR_EF_NINIT(es->flag) : 0u) * wk_max;
        float lcm = es->w - es->nw - ac->c - ni_e * es->wmax;
        if (lqm > LEFTOVER_EPS && lcm > LEFTOVER_EPS)
            den += (2.0f * LEFTOVER_CONFLICT - L) * (lqm + lcm);
        float ub = den > 0.0f ? num / den : 0.0f;
        /* The shares may count one entry token for several query tokens
         * (mhmd and mhmdi both reach muhammad). Sims at most 1, the
         * aligned weight is at most what distinct tokens reached on each
         * side (A): the estimate with A for both N and P bounds too. */
        float ca = ac->p - ac->q - ac->o;
        if (ac->c < ca)
            ca = ac->c;
        float a2 = qa + ac->o + ca;
        if (!q_xlit && a2 < ac->p) {
            float num2 = num - ac->n + a2, den2 = den - (1.0f - L) * (ac->p - a2);
            float ub2 = den2 > 0.0f ? num2 / den2 : 0.0f;
            if (ub2 < ub)
                ub = ub2;
        }
        if (ini && ub >= cut)
            ub = ini_estimate(ub, num, den, ac->n, ac->p, wq_min, wk_max, es->flag,
                              q->nat.n > 0);
        /* a name score is at most 1 (score.c: sim <= 1 per aligned item,
         * so the numerator never exceeds the denominator): entries above
         * it are ordered by entry, which lets scoring stop among ties */
        if (sel && ub >= cut)
            sel[m++] = (bound){e, ub < 1.0f ? ub : 1.0f};
        ac->n = ac->p = ac->q = ac->o = ac->c = ac->q2 = 0.0f;
        if (nlight)
            t->emark[e >> 6] = 0;
    }
    t->ntouched = 0;
    if (!sel)
        return 0;
    qsort(sel, m, sizeof *sel, cmp_bound);
    *out = sel;
    t->st.selected = (uint32_t)m;
    return m;
}

/* ---- screening ------------------------------------------------------------- */

typedef struct cand {
    uint32_t ent, name;
    double nscore;               /* name score (best name of the entity) */
    double score;                /* with evidence */
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return (x->ent > y->ent) - (x->ent < y->ent);
}

/* The options restrict matches to some lists. */
static inline bool list_filter(const exctl_screen_opts *o)
{
    return o && o->lists && o->n_lists > 0;
}

static bool list_allowed(const exctl_screen_opts *o, const exctl_entity *e)
{
    if (!list_filter(o))
        return true;
    for (size_t i = 0; i < o->n_lists; i++)
        if (o->lists[i] && !strcmp(o->lists[i], e->list->id))
            return true;
    return false;
}

/* Candidate set being scored: one cand per entity, best name. */
typedef struct candset {
    const exctl_screener *s;
    scr_tls *t;
    const scr_pname *q;
    const exctl_query *query;
    cand *cs;
    size_t n, cap;
    double thr;
    double bonus;                /* scr_max_bonus of the query */
    /* the best `limit` scores at or above thr, descending */
    double *top;
    uint32_t *top_ent;
    size_t ntop, limit;
} candset;

static void top_update(candset *c, uint32_t ent, double score)
{
    if (score < c->thr || c->limit == 0)
        return;
    size_t i = 0;
    while (i < c->ntop && c->top_ent[i] != ent)
        i++;
    if (i == c->ntop) {
        if (c->ntop < c->limit)
            c->ntop++;
        else if (score <= c->top[c->ntop - 1])
            return;
        i = c->ntop - 1;
    } else if (score <= c->top[i]) {
        return;
    }
    while (i > 0 && c->top[i - 1] < score) {
        c->top[i] = c->top[i - 1];
        c->top_ent[i] = c->top_ent[i - 1];
        i--;
    }
    c->top[i] = score;
    c->top_ent[i] = ent;
}

/* Score entry e (one variant of one name) and fold it into its entity. */
static int score_entry(candset *c, uint32_t e, scr_pname *buf, uint32_t *buf_name, size_t mark)
{
    const exctl_screener *s = c->s;
    const scr_entry *en = &s->entries[e];
    uint32_t ni = s->ent_name0[en->ent] + en->name;
    if (*buf_name != ni) {
        scr_scratch_release(&c->t->sc, mark);    /* the previous name */
        int rc = scr_name_get(s, ni, &c->t->sc, buf);
        if (rc)
            return rc;
        *buf_name = ni;
    }
    /* Below min the scorer may stop early: such a name can reach neither
     * the threshold nor the current top list once evidence is added. */
    double floor_score = c->thr;
    if (c->limit && c->ntop == c->limit && c->top[c->limit - 1] > floor_score)
        floor_score = c->top[c->limit - 1];
    double min = floor_score - c->bonus - 1e-3;
    double sc = scr_score_entry(c->q, buf, en->var, min > 0.0 ? (float)min : 0.0f);
    if (en->weak)
        sc *= 0.97;
    scr_tls *t = c->t;
    if (t->nstamp[en->ent] == t->ngen) {
        cand *x = &c->cs[t->nslot[en->ent]];
        if (sc <= x->nscore)
            return EXCTL_OK;
        x->nscore = sc;
        x->name = en->name;
        x->score = scr_apply_evidence(s, c->query, en->ent, sc, NULL, NULL);
        top_update(c, en->ent, x->score);
        return EXCTL_OK;
    }
    if (c->n == c->cap)
        return EXCTL_ENOMEM;             /* cap is the number of entries */
    t->nstamp[en->ent] = t->ngen;
    t->nslot[en->ent] = (uint32_t)c->n;
    cand *x = &c->cs[c->n++];
    *x = (cand){en->ent, en->name, sc, scr_apply_evidence(s, c->query, en->ent, sc, NULL, NULL)};
    top_update(c, en->ent, x->score);
    return EXCTL_OK;
}

/* The top list is full, and every entity in it scoring b (its last score)
 * comes no later than entity ent. Then no entity from ent on whose score
 * is at most b can enter it: results are sorted by score, then by entity
 * (cmp_cand), and the limit entities of the top list all score at least b.
 * The candidates are sorted by bound, then by entry, and entries are laid
 * out entity by entity: every candidate after one with bound b has a lower
 * bound or a later entity. Used where the bound is 1, the cap, which no
 * name score exceeds (in float too: the numerator's terms are at most the
 * denominator's). */
static bool tied_before(const candset *c, double b, uint32_t ent)
{
    for (size_t i = 0; i < c->ntop; i++)
        if (c->top[i] == b && c->top_ent[i] > ent)
            return false;
    return true;
}

/* What scoring the candidates ahead of bs[i] reads, fetched in stages: each
 * is a cache miss on a large index, and each depends on the one before (the
 * entry gives the entity, the entity its first name, the name its record),
 * so a stage only reads what an earlier one fetched. */
#define SCORE_AHEAD 16

static inline void score_prefetch(const exctl_screener *s, const scr_tls *t, const bound *bs,
                                  size_t i, size_t m)
{
    if (i + SCORE_AHEAD < m)
        __builtin_prefetch(&s->entries[bs[i + SCORE_AHEAD].e], 0, 0);
    if (i + SCORE_AHEAD / 2 < m) {
        const scr_entry *en = &s->entries[bs[i + SCORE_AHEAD / 2].e];
        __builtin_prefetch(&s->ent_name0[en->ent], 0, 0);
        __builtin_prefetch(&t->nstamp[en->ent], 0, 0);
    }
    if (i + SCORE_AHEAD / 4 < m) {
        const scr_entry *en = &s->entries[bs[i + SCORE_AHEAD / 4].e];
        __builtin_prefetch(&s->name_off[s->ent_name0[en->ent] + en->name], 0, 0);
    }
    if (i + 2 < m) {
        const scr_entry *en = &s->entries[bs[i + 2].e];
        __builtin_prefetch(&s->nrec[s->name_off[s->ent_name0[en->ent] + en->name]], 0, 0);
    }
}

/* Score the candidate set into *out (one per entity, best name, evidence
 * applied). Returns the count. full = score every entry (the reference for
 * the recall benchmark); otherwise entries are scored in decreasing order of
 * their bound and scoring stops when the next bound, plus what evidence can
 * add, falls below the threshold or below the limit-th best score so far. */
static size_t score_candidates(const exctl_screener *s, scr_tls *t, const scr_pname *q,
                               const exctl_query *query, const exctl_screen_opts *o,
                               double thr, size_t limit, bool full, cand **out)
{
    *out = NULL;
    if (++t->ngen == UINT32_MAX) {
        memset(t->nstamp, 0, t->ncap * sizeof *t->nstamp);
        t->ngen = 1;
    }
    double bonus = scr_max_bonus(query);
    bound *bs = NULL;
    size_t m;
    if (full) {
        m = s->n_entries;
    } else {
        m = candidates(s, t, q, (float)(thr - bonus), &bs);
        if (!bs)
            m = 0;
    }
    candset c = {.s = s, .t = t, .q = q, .query = query, .thr = thr, .limit = full ? 0 : limit};
    /* an identifier match lifts any name score: then nothing stops early */
    c.bonus = query->n_idents ? 1.0 : bonus;
    c.cap = m + 256 + 1;
    c.cs = scr_scratch_alloc(&t->sc, c.cap * sizeof *c.cs);
    c.top = scr_scratch_alloc(&t->sc, (limit + 1) * sizeof *c.top);
    c.top_ent = scr_scratch_alloc(&t->sc, (limit + 1) * sizeof *c.top_ent);
    if (!c.cs || !c.top || !c.top_ent)
        return 0;
    scr_pname pn;
    uint32_t pn_name = UINT32_MAX;
    size_t mark = scr_scratch_mark(&t->sc);
    bool filter = list_filter(o);
    for (size_t i = 0; i < m; i++) {
        uint32_t e = full ? (uint32_t)i : bs[i].e;
        if (!full) {
            double b = bs[i].ub + bonus;
            if (b < thr || (c.ntop == limit && b < c.top[limit - 1]))
                break;
            /* only where the bound is the cap: an estimate below 1 is
             * summed in float and may fall an ulp short of the score */
            if (c.ntop == limit && limit && bs[i].ub >= 1.0f && b == c.top[limit - 1] &&
                tied_before(&c, b, s->entries[e].ent))
                break;
        }
        if (!full)
            score_prefetch(s, t, bs, i, m);
        /* the entity is read only when the options filter lists: on a
         * large index it is a cache miss per entry scored */
        if (filter && !list_allowed(o, s->ents[s->entries[e].ent]))
            continue;
        t->st.scored++;
        if (score_entry(&c, e, &pn, &pn_name, mark))
            return 0;
    }
    /* Entities reached through identifiers. */
    for (size_t i = 0; i < query->n_idents; i++) {
        char b[128];
        uint32_t id;
        if (!query->idents[i].value)
            continue;
        size_t nb = scr_ident_norm(query->idents[i].value, b, sizeof b);
        if (nb < 4 || !xc_map_get(&s->idmap, b, nb, &id))
            continue;
        const scr_posting *p = &s->id_posts[id];
        for (uint32_t k = 0; k < p->n && c.n < c.cap; k++) {
            uint32_t ent = s->id_ents[p->off + k];
            if (t->nstamp[ent] == t->ngen || !list_allowed(o, s->ents[ent]))
                continue;
            cand x = {ent, 0, 0.0, 0.0};
            for (uint32_t ni = s->ent_name0[ent]; ni < s->ent_name0[ent + 1]; ni++) {
                if (scr_name_get(s, ni, &t->sc, &pn))
                    return 0;
                double sc = scr_score_pnames(q, &pn, 0.0f, NULL);
                if (sc > x.nscore) {
                    x.nscore = sc;
                    x.name = ni - s->ent_name0[ent];
                }
            }
            x.score = scr_apply_evidence(s, query, ent, x.nscore, NULL, NULL);
            t->nstamp[ent] = t->ngen;
            t->nslot[ent] = (uint32_t)c.n;
            c.cs[c.n++] = x;
        }
    }
    *out = c.cs;
    return c.n;
}

static char *explain_match(const exctl_screener *s, scr_tls *t, const scr_pname *q,
                           const exctl_query *query, const cand *c, double score)
{
    scr_detail d;
    scr_pname p;
    if (scr_name_get(s, s->ent_name0[c->ent] + c->name, &t->sc, &p))
        return NULL;
    scr_score_pnames(q, &p, 0.0f, &d);
    scr_adjust adj[6];
    size_t nadj = 0;
    scr_apply_evidence(s, query, c->ent, d.name_score, adj, &nadj);
    if (s->ents[c->ent]->names[c->name].kind == EXCTL_NAME_WEAK_AKA && nadj < 6)
        adj[nadj++] = (scr_adjust){"weak_alias", (float)(-0.03 * d.name_score)};
    xc_buf b;
    xc_buf_init(&b);
    if (scr_explain_json(&b, q, &p, &d, adj, nadj, score)) {
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
    scr_tls *t = tls_get(s);
    if (!t)
        return xc_err(eb, EXCTL_ENOMEM, "screen: out of memory");
    memset(&t->st, 0, sizeof t->st);
    scr_pname qp;
    scr_alloc a = {.scratch = &t->sc};
    rc = scr_prepare(q->name, strlen(q->name), &a, &t->sc, &qp);
    if (rc)
        return xc_err(eb, rc, "screen: %s", rc == EXCTL_EUTF8 ? "query name is not valid UTF-8"
                                                             : exctl_strerror(rc));
    scr_resolve(s, &qp);
    scr_set_ptype(&qp, scr_ptype_of(q->schema));
    /* "Silver Industries LLC" names a company: a person listed as "Silver"
     * is then a type mismatch, as for a query typed organisation */
    exctl_query qo;
    if (q->schema == EXCTL_SCHEMA_UNKNOWN && scr_names_org(&qp)) {
        qo = *q;
        qo.schema = EXCTL_SCHEMA_ORGANIZATION;
        q = &qo;
    }
    cand *cs = NULL;
    size_t nc = score_candidates(s, t, &qp, q, opts, thr, limit, full, &cs);
    if (!cs)
        return xc_err(eb, EXCTL_ENOMEM, "screen: out of memory");
    size_t keep = 0;
    for (size_t i = 0; i < nc; i++)
        if (cs[i].score >= thr)
            cs[keep++] = cs[i];
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
            m->explain = explain_match(s, t, &qp, q, &cs[i], m->score);
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

scr_qstats scr_last_query_stats(void)
{
    pthread_once(&g_tls_once, tls_key_init);
    scr_tls *t = pthread_getspecific(g_tls_key);
    scr_qstats z = {0};
    return t ? t->st : z;
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
