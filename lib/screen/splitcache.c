/*
 * A query token against two adjacent tokens of an entry with an edit:
 * the pair-table postings it reaches, kept per dictionary token.
 *
 * The scorer merges a token with two adjacent tokens of the other name
 * within an edit budget (EzedineISMAEL = Ezzedine ISMAEL, Abdulrahman =
 * Abdur Rahman, Nasibullah = Najib Ullah). scr_split_pairs() (below)
 * finds the pair-table keys one edit away: the token's deletions, and every
 * cut of it where one part is a dictionary token as it is and the other one
 * edit from one (for a token the dictionary does not hold, a part of five
 * to eight letters also two edits from one). The keys depend on the
 * token's text alone, so for a token
 * of the dictionary the postings found are kept once computed (published
 * atomically, like the neighbour lists of screen.c, under a memory cap of
 * their own); a token the dictionary does not hold is looked up afresh each
 * time. For a token of the dictionary, a part of three letters or less is
 * not tried one edit away (that probes the dictionary some fifty times per
 * letter, and the cost would fall on the first query of every known token).
 *
 * Kept: the posting list (an entry of the pair table) and the best
 * similarity such a merge allows; the caller raises it for romanised
 * queries (their merges also compare loose keys).
 */
#include <stdlib.h>
#include <string.h>
#include "screen_int.h"

/* ---- the pair-table keys one or two edits from a token ------------------ */

/* a and b differ by at most one insertion, deletion, substitution or
 * transposition of adjacent letters. */
static bool one_edit_apart(const char *a, size_t la, const char *b, size_t lb)
{
    if (la > lb) {
        const char *t = a;
        a = b;
        b = t;
        size_t n = la;
        la = lb;
        lb = n;
    }
    if (lb - la > 1)
        return false;
    size_t i = 0;
    while (i < la && a[i] == b[i])
        i++;
    if (i == la)
        return true;
    if (la == lb)
        return !memcmp(a + i + 1, b + i + 1, la - i - 1) ||
               (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
                !memcmp(a + i + 2, b + i + 2, la - i - 2));
    return !memcmp(a + i, b + i + 1, la - i);
}

/* a and b are at most two edits apart (optimal string alignment: an
 * insertion, deletion, substitution or transposition of adjacent letters
 * each); both shorter than SCR_MAX_TOKLEN + 1. */
static bool two_edits_apart(const char *a, size_t la, const char *b, size_t lb)
{
    if (la + 2 < lb || lb + 2 < la || la > SCR_MAX_TOKLEN || lb > SCR_MAX_TOKLEN)
        return false;
    uint8_t d0[SCR_MAX_TOKLEN + 1], d1[SCR_MAX_TOKLEN + 1], d2[SCR_MAX_TOKLEN + 1];
    uint8_t *pp = d0, *p = d1, *c = d2;
    for (size_t j = 0; j <= lb; j++)
        p[j] = (uint8_t)(j < 3 ? j : 3);
    for (size_t i = 1; i <= la; i++) {
        uint8_t rowmin = 3;
        c[0] = (uint8_t)(i < 3 ? i : 3);
        for (size_t j = 1; j <= lb; j++) {
            int v = p[j - 1] + (a[i - 1] != b[j - 1]);
            if (p[j] + 1 < v)
                v = p[j] + 1;
            if (c[j - 1] + 1 < v)
                v = c[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            c[j] = (uint8_t)(v < 3 ? v : 3);
            if (c[j] < rowmin)
                rowmin = c[j];
        }
        if (rowmin > 2)
            return false;
        uint8_t *t = pp;
        pp = p;
        p = c;
        c = t;
    }
    return p[lb] <= 2;
}

typedef struct splitctx {
    const exctl_screener *s;
    const char *fix;             /* the part that is a dictionary token as it is */
    size_t nfix;
    bool fix_first;              /* it comes first in the pair */
    const char *part;            /* the other part, which may hold the edit */
    size_t npart;
    char *buf;                   /* the pair key */
    float sim;
    float sim2;                  /* > 0: the part may also be two edits from
                                  * a token, a merge of at most this */
    scr_key_fn fn;
    void *ctx;
} splitctx;

/* The pair of the fixed part and dictionary token text t (one edit from
 * the other part) as a pair-table key. */
static void split_emit(splitctx *c, const char *t, size_t n)
{
    if (n == c->npart && !memcmp(t, c->part, n))
        return;                          /* the token itself: looked up as it is */
    if (c->fix_first) {
        memcpy(c->buf, c->fix, c->nfix);
        memcpy(c->buf + c->nfix, t, n);
    } else {
        memcpy(c->buf, t, n);
        memcpy(c->buf + n, c->fix, c->nfix);
    }
    c->fn(c->ctx, scr_key_hash(c->buf, c->nfix + n), c->sim);
}

/* Dictionary tokens one edit from the part: through the deletion keys
 * (d: holds the deletions of tokens of four letters or more), checked. */
static void split_post(void *vctx, const scr_posting *p, float w)
{
    (void)w;
    splitctx *c = vctx;
    for (uint32_t i = 0; p && i < p->n; i++) {
        const scr_tok *t = &c->s->reps[c->s->tok_rep[c->s->keys.vals[p->off + i]]];
        if (one_edit_apart(t->s, t->len, c->part, c->npart)) {
            split_emit(c, t->s, t->len);
        } else if (c->sim2 > 0.0f && two_edits_apart(t->s, t->len, c->part, c->npart)) {
            float sim1 = c->sim;
            c->sim = c->sim2;
            split_emit(c, t->s, t->len);
            c->sim = sim1;
        }
    }
}

static void split_key(splitctx *c, const char *key, size_t n)
{
    split_post(c, scr_htab_find(&c->s->keys, scr_key_hash(key, n)), 0.0f);
}

/* Short parts: the tokens of three letters or less have no deletion keys,
 * so their spellings one edit away are tried in the dictionary. */
static void split_short(splitctx *c)
{
    char v[8];
    uint32_t id;
    const char *p = c->part;
    size_t n = c->npart;
    for (size_t i = 0; i <= n; i++) {
        for (char x = 'a'; x <= 'z'; x++) {
            memcpy(v, p, i);               /* insertion */
            v[i] = x;
            memcpy(v + i + 1, p + i, n - i);
            if (xc_map_get(&c->s->tokmap, v, n + 1, &id))
                split_emit(c, v, n + 1);
            if (i == n || x == p[i])
                continue;
            memcpy(v, p, n);               /* substitution */
            v[i] = x;
            if (xc_map_get(&c->s->tokmap, v, n, &id))
                split_emit(c, v, n);
        }
    }
}

/* A token the dictionary does not hold, cut where one part is a
 * dictionary token: the other part two edits from one (the scorer's merges
 * allow two edits from six letters of the pair: ANSARnlANK = Ansar Bank,
 * OILqTRAoING = Oil Trading). The part's one-letter deletions, looked up
 * for one edit, also find the tokens two edits away with one deletion on
 * each side; its two-letter deletions are looked up in d: too, which holds
 * every dictionary token and its one-letter deletions (and the two-letter
 * ones of tokens of seven). Each token reached is checked. Parts of five
 * to eight letters beside a part of three or more. */
#define SPLIT2_MIN 5
#define SPLIT2_MAX 8
#define SPLIT2_FIX_MIN 3

static void split_two(splitctx *c, char *kb)
{
    const char *p = c->part;
    size_t n = c->npart;
    kb[0] = 'd';
    kb[1] = ':';
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && p[i] == p[i - 1])
            continue;
        for (size_t j = i + 1; j < n; j++) {
            if (j > i + 1 && p[j] == p[j - 1])
                continue;
            char *o = kb + 2;
            for (size_t k = 0; k < n; k++)
                if (k != i && k != j)
                    *o++ = p[k];
            split_key(c, kb, n);
        }
    }
}

/* The cuts of q from i0 to i1 (i1 excluded) where one part is a
 * dictionary token as it is and the other one edit from one (with
 * split > 1, also two, or a short part one letter away). */
static void split_cuts(splitctx *c, const char *q, size_t n, size_t i0, size_t i1, int split,
                       char *kb)
{
    const exctl_screener *s = c->s;
    float two_sim = 1.0f - 1.6f / (float)(n + 2);
    for (size_t i = i0; i < i1 && i < n; i++) {
        uint32_t id;
        for (int side = 0; side < 2; side++) {
            c->fix_first = side == 0;
            c->fix = side == 0 ? q : q + i;
            c->nfix = side == 0 ? i : n - i;
            c->part = side == 0 ? q + i : q;
            c->npart = n - c->nfix;
            if (!xc_map_get(&s->tokmap, c->fix, c->nfix, &id))
                continue;
            bool two = split > 1 && c->npart >= SPLIT2_MIN && c->npart <= SPLIT2_MAX &&
                       c->nfix >= SPLIT2_FIX_MIN;
            c->sim2 = two ? two_sim : 0.0f;
            if (c->npart <= 3 && split > 1)
                split_short(c);
            if (c->npart >= 2) {
                /* d:<part> and its deletions, looked up as a batch */
                scr_keybatch b;
                scr_keybatch_init(&b, &s->keys, split_post, c);
                scr_run_keys(c->part, c->npart, c->part, c->npart, false, kb, SCR_MAX_TOKLEN + 8,
                             scr_keybatch_add, &b);
                scr_keybatch_flush(&b);
            }
            if (two)
                split_two(c, kb);
            c->sim2 = 0.0f;
        }
    }
}

void scr_split_pairs(const exctl_screener *s, const char *q, size_t n, int split, scr_key_fn fn,
                     void *ctx)
{
    if (n < 4 || n > SCR_MAX_TOKLEN)
        return;
    char buf[2 * SCR_MAX_TOKLEN + 8], kb[SCR_MAX_TOKLEN + 8];
    /* the best fuzzy() similarity one edit allows (0.8 (1 - d / mx) + 0.2
     * jw, the pair at most one letter longer); two edits: the pair at most
     * two letters longer, 1 - 1.6 / (n + 2) (split_cuts()) */
    float sim = 1.0f - 0.8f / (float)(n + 1);
    splitctx c = {.s = s, .buf = buf, .sim = sim, .fn = fn, .ctx = ctx};
    /* one letter less than the pair: the query's deletions (the edit
     * anywhere) */
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && q[i] == q[i - 1])
            continue;
        memcpy(buf, q, i);
        memcpy(buf + i, q + i + 1, n - i - 1);
        fn(ctx, scr_key_hash(buf, n - 1), sim);
    }
    /* otherwise one of the two tokens is in the query as it is, the other
     * one edit away */
    if (split)
        split_cuts(&c, q, n, 1, n, split, kb);
}

/* ---- kept per dictionary token ------------------------------------------- */

/* Memory the kept lists may take, beyond which tokens are looked up afresh. */
#define SPLIT_CACHE_MAX_BYTES ((size_t)16 << 20)
/* Pair-table postings kept per token (more are looked up afresh). */
#define SPLIT_MAX_HITS 256

typedef struct scr_slist {
    uint32_t n;
    scr_phit h[];
} scr_slist;

int scr_split_cache_init(exctl_screener *s)
{
    s->scache = calloc(s->n_toks + 1, sizeof *s->scache);
    return s->scache ? EXCTL_OK : EXCTL_ENOMEM;
}

void scr_split_cache_free(exctl_screener *s)
{
    if (!s->scache)
        return;
    for (size_t i = 0; i < s->n_toks + 1; i++)
        free(s->scache[i]);
    free(s->scache);
    s->scache = NULL;
}

typedef struct collect {
    const exctl_screener *s;
    scr_phit_fn fn;              /* postings beyond h go here directly */
    void *ctx;
    scr_phit h[SPLIT_MAX_HITS];
    uint32_t n;
    bool full;                   /* more postings than h holds */
    uint32_t lookups;
    scr_keybatch pb;             /* the pair-table keys, looked up as a batch */
} collect;

static void collect_post(void *vctx, const scr_posting *p, float sim)
{
    collect *c = vctx;
    c->lookups++;
    if (!p)
        return;
    for (uint32_t i = 0; i < c->n; i++)
        if (c->h[i].p == p) {            /* found by another cut */
            if (sim > c->h[i].sim)
                c->h[i].sim = sim;
            return;
        }
    if (c->n == SPLIT_MAX_HITS) {
        c->full = true;
        c->fn(c->ctx, p, sim);
        return;
    }
    c->h[c->n++] = (scr_phit){p, sim};
}

/* The pair-table postings of token qt (a word), into fn; returns the
 * number of key lookups made (0 when the kept list served). */
uint32_t scr_split_hits(const exctl_screener *s, const scr_tok *qt, scr_phit_fn fn, void *ctx)
{
    scr_slist **slot = NULL;
    if (qt->id != SCR_NOID && qt->id < s->n_toks && s->scache) {
        slot = &s->scache[qt->id];
        const scr_slist *l = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
        if (l) {
            for (uint32_t i = 0; i < l->n; i++)
                fn(ctx, l->h[i].p, l->h[i].sim);
            return 0;
        }
    }
    collect *c = malloc(sizeof *c);
    if (!c)
        return 0;
    c->s = s;
    c->fn = fn;
    c->ctx = ctx;
    c->n = 0;
    c->full = false;
    c->lookups = 0;
    scr_keybatch_init(&c->pb, &s->pairs, collect_post, c);
    scr_split_pairs(s, qt->s, qt->len, qt->id == SCR_NOID ? 2 : 1, scr_keybatch_add, &c->pb);
    scr_keybatch_flush(&c->pb);
    for (uint32_t i = 0; i < c->n; i++)
        fn(ctx, c->h[i].p, c->h[i].sim);
    uint32_t lookups = c->lookups;
    if (slot && !c->full) {
        size_t bytes = sizeof(scr_slist) + c->n * sizeof(scr_phit);
        size_t *used = &((exctl_screener *)s)->scache_bytes;
        if (scr_cache_reserve(used, bytes, SPLIT_CACHE_MAX_BYTES)) {
            scr_slist *l = malloc(bytes);
            scr_slist *expect = NULL;
            if (l) {
                l->n = c->n;
                memcpy(l->h, c->h, c->n * sizeof(scr_phit));
            }
            if (!l || !__atomic_compare_exchange_n(slot, &expect, l, false, __ATOMIC_RELEASE,
                                                   __ATOMIC_RELAXED)) {
                free(l);                 /* none made, or another thread was first */
                scr_cache_release(used, bytes);
            }
        }
    }
    free(c);
    return lookups;
}

/* ---- a run of two query tokens ------------------------------------------ */

/* Two query tokens (q, the first na letters the first token) against two
 * adjacent tokens of an entry with the word boundary moved by a letter
 * and an edit (AliO mra = Ali Omar, Suhai lAL = Suhayl al): the
 * scorer re-splits a pair within its edit budget; the exact re-split is
 * the pair table's key of the two as one text. One part a dictionary token
 * as it is, the other one edit from one, as for one token (split_cuts()),
 * at the cuts next to the query's own boundary only (the cuts within two
 * letters: 35.9 M instructions instead of 23.9 M in the benchmark's 2,200
 * queries, for no match more). */
#define RUN_CUT_MOVE 1

uint32_t scr_split_run_hits(const exctl_screener *s, const char *q, size_t n, size_t na,
                            scr_phit_fn fn, void *ctx)
{
    if (n < 4 || n > SCR_MAX_TOKLEN || na < 1 || na >= n)
        return 0;
    char buf[2 * SCR_MAX_TOKLEN + 8], kb[SCR_MAX_TOKLEN + 8];
    /* the scorer's re-split: 0.95 fuzzy(), one edit, the pair at most one
     * letter longer */
    float sim = 0.95f * (1.0f - 0.8f / (float)(n + 1));
    collect *cl = malloc(sizeof *cl);
    if (!cl)
        return 0;
    *cl = (collect){.s = s, .fn = fn, .ctx = ctx};
    scr_keybatch_init(&cl->pb, &s->pairs, collect_post, cl);
    splitctx c = {.s = s, .buf = buf, .sim = sim, .fn = scr_keybatch_add, .ctx = &cl->pb};
    size_t lo = na > RUN_CUT_MOVE ? na - RUN_CUT_MOVE : 1;
    split_cuts(&c, q, n, lo, na, 1, kb);
    split_cuts(&c, q, n, na + 1, na + RUN_CUT_MOVE + 1, 1, kb);
    scr_keybatch_flush(&cl->pb);
    for (uint32_t i = 0; i < cl->n; i++)
        fn(ctx, cl->h[i].p, cl->h[i].sim);
    uint32_t lookups = cl->lookups;
    free(cl);
    return lookups;
}
