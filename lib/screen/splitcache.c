/*
 * A query token against two adjacent tokens of an entry with an edit:
 * the pair-table postings it reaches, kept per dictionary token.
 *
 * The scorer merges a token with two adjacent tokens of the other name
 * within an edit budget (EzedineISMAEL = Ezzedine ISMAEL, Abdulrahman =
 * Abdur Rahman, Nasibullah = Najib Ullah). scr_split_pairs() (index.c)
 * finds the pair-table keys one edit away: the token's deletions, and every
 * cut of it where one part is a dictionary token as it is and the other one
 * edit from one. The keys depend on the token's text alone, so for a token
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
} collect;

static void collect_key(void *vctx, const char *key, size_t n, float sim)
{
    collect *c = vctx;
    c->lookups++;
    const scr_posting *p = scr_htab_find(&c->s->pairs, scr_key_hash(key, n));
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
    scr_split_pairs(s, qt->s, qt->len, qt->id == SCR_NOID ? 2 : 1, collect_key, c);
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
