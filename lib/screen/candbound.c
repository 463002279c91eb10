/*
 * Bounds of the candidate estimate (screen.c, candidates()) that decide
 * which posting lists a query may walk only in part.
 *
 * scr_choose_light() picks a query's light hits with the bound below, and
 * scr_mark_full() marks the entries that the other lists reach.
 *
 * Light posting lists (MaxScore). An entry that only light hits reach is
 * not given an accumulator when its estimate (candidates()) cannot reach
 * the cut anyway; a light hit's postings then only add to entries that a
 * list walked in full reached (emark) or that hold an initial. A long list
 * (sorted by the entries' key weight W, index.c) may be light from lk on
 * only: its entries of W >= T, the weight from which the bound below stays
 * under the cut (a token shared with a short name can decide the match, the
 * same token among several others cannot).
 *
 * Why the bound holds, for an entry E without initials reached only by light
 * hits, when the query has no token resembling an organisation word,
 * particle or title (x_max = 0, so the x term of the estimate is 0):
 *  - its shares: each op adds at most the largest share nv = sim (wq + wd)
 *    of its hits that reach E (one accumulation episode per op; a later op
 *    of the same unit adds at most its own share), so N <= the sum over ops
 *    of that maximum, and P >= N (sim <= 1);
 *  - E holds the dictionary token of every hit that reached it, as a key
 *    token of the weight wd the share uses (scr_post_w()), so its key
 *    weight W is at least each such wd, and at
 *    least T of a partly light list: only hits with step = max(wd, T) <= W
 *    count in N, written N(W);
 *  - lq = wq_min (no initial), lc = W unless the query has initials
 *    (then at least 0), uo in [0, uo_max]; the terms of den left out
 *    (uleft, the conflict term) are >= 0 and the second estimate is a
 *    minimum: so
 *        ub <= (N + A) / ((1 - L) N + L (wq_min + lc) + A),
 *    A = 2 (uo + ui_max), which grows with N; N(W) is a step function of W
 *    with steps at the steps of light hits, and on each step the bound falls as
 *    W grows (lc = W) or stays (lc = 0): its largest value is at a step, and
 *    in uo at 0 or uo_max (a ratio of linear functions of uo).
 * lh[0..n) holds the light hits sorted by op: a = their share, step. */
#include <stdlib.h>
#include <string.h>
#include "screen_int.h"

double scr_light_bound(const scr_lhit *lh, size_t n, double wq_min, double uo_max,
                       double ui_max)
{
    const double L = SCR_LEFTOVER_MIN * 2.0;
    double f = 0.0;
    for (size_t k = 0; k < n; k++) {
        double W = lh[k].step, N = 0.0;
        for (size_t i = 0; i < n;) {
            double best = 0.0;
            size_t j = i;
            for (; j < n && lh[j].op == lh[i].op; j++)
                if (lh[j].step <= W && lh[j].a > best)
                    best = lh[j].a;
            N += best;
            i = j;
        }
        double lc = ui_max > 0.0 ? 0.0 : W;
        for (int end = 0; end < 2; end++) {
            double A = 2.0 * ((end ? uo_max : 0.0) + ui_max);
            double den = (1.0 - L) * N + L * (wq_min + lc) + A;
            double h = den > 0.0 ? (N + A) / den : 0.0;
            if (h > f)
                f = h;
        }
    }
    return f;
}

/* Posting lists shorter than this are always walked in full: they cost
 * little, and each candidate costs a scr_light_bound() per query. */
#define LIGHT_MIN_POSTINGS 64
#define LIGHT_MAX 24             /* light candidates tried per query */
/* scr_light_bound() is computed in double from the float shares; the estimate
 * sums floats: keep a margin below the cut. */
#define LIGHT_MARGIN 1e-3

typedef struct lcand {
    uint32_t op, h, n;           /* op, index of the hit, its postings */
} lcand;

static int cmp_lcand(const void *a, const void *b)
{
    const lcand *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return (x->h > y->h) - (x->h < y->h);
}

/* Mark hits light, longest posting lists first, while the bound of
 * scr_light_bound() stays below cut. Returns the number marked. */
size_t scr_choose_light(const exctl_screener *s, const scr_qop *ops, size_t nops, scr_hit *hits,
                        float cut, float wq_min, float uo_max, float ui_max)
{
    lcand cs[LIGHT_MAX];
    size_t nc = 0;
    for (size_t o = 0; o < nops; o++) {
        const scr_qop *op = &ops[o];
        if (op->kind != OP_SPREAD)
            continue;
        for (uint32_t h = op->h0; h < op->h0 + op->nh; h++) {
            uint32_t id = hits[h].tok;
            uint32_t n = s->tok_post_off[id + 1] - s->tok_post_off[id];
            if (n < LIGHT_MIN_POSTINGS)
                continue;
            lcand x = {(uint32_t)o, h, n};
            if (nc < LIGHT_MAX) {
                cs[nc++] = x;
                continue;
            }
            size_t mi = 0;           /* keep the longest lists */
            for (size_t i = 1; i < nc; i++)
                if (cs[i].n < cs[mi].n)
                    mi = i;
            if (cs[mi].n < n)
                cs[mi] = x;
        }
    }
    if (!nc)
        return 0;
    qsort(cs, nc, sizeof *cs, cmp_lcand);
    scr_lhit lh[LIGHT_MAX];
    size_t nl = 0;
    double lim = (double)cut - LIGHT_MARGIN;
    for (size_t i = 0; i < nc; i++) {
        const scr_qop *op = &ops[cs[i].op];
        scr_hit *ht = &hits[cs[i].h];
        float wd = scr_post_w(s, ht->tok), pv = op->wq + wd;
        scr_lhit x = {cs[i].op, ht->sim * pv, wd};
        size_t at = nl;
        while (at > 0 && lh[at - 1].op > x.op)
            at--;
        memmove(lh + at + 1, lh + at, (nl - at) * sizeof *lh);
        lh[at] = x;
        if (scr_light_bound(lh, nl + 1, wq_min, uo_max, ui_max) < lim) {
            ht->light = true;
            ht->lk = 0;
            nl++;
            continue;
        }
        /* a long list: light for its heavier entries only? The bound falls
         * as the step grows: find the least step that keeps it under the
         * cut by bisection, then where the list reaches that weight. */
        const uint32_t *ents = s->tok_post + s->tok_post_off[ht->tok];
        uint32_t n = cs[i].n;
        float top = s->estat[ents[n - 1]].w;
        lh[at].step = top;
        if (n < SCR_POST_SORT_MIN || top <= wd ||
            scr_light_bound(lh, nl + 1, wq_min, uo_max, ui_max) >= lim) {
            memmove(lh + at, lh + at + 1, (nl - at) * sizeof *lh);
            continue;
        }
        float lo = wd, hi = top;       /* bound(lo) >= lim > bound(hi) */
        for (int it = 0; it < 10; it++) {
            float mid = lo + (hi - lo) / 2.0f;
            lh[at].step = mid;
            if (scr_light_bound(lh, nl + 1, wq_min, uo_max, ui_max) < lim)
                hi = mid;
            else
                lo = mid;
        }
        lh[at].step = hi;
        uint32_t a = 0, b = n;         /* first entry of weight >= hi */
        while (a < b) {
            uint32_t m = a + (b - a) / 2;
            if (s->estat[ents[m]].w < hi)
                a = m + 1;
            else
                b = m;
        }
        ht->light = true;
        ht->lk = a;
        nl++;
    }
    return nl;
}

/* Mark the entries that the lists walked in full reach. */
void scr_mark_full(const exctl_screener *s, const scr_qop *ops, size_t nops, const scr_hit *hits,
                   uint64_t *mk)
{
    for (size_t o = 0; o < nops; o++) {
        const scr_qop *op = &ops[o];
        const uint32_t *ents;
        uint32_t n;
        if (op->kind == OP_PAIR) {
            ents = s->pairs.vals + op->pp->off;
            n = op->pp->n;
            for (uint32_t i = 0; i < n; i++)
                mk[ents[i] >> 6] |= 1ull << (ents[i] & 63);
            continue;
        }
        for (uint32_t h = op->h0; h < op->h0 + op->nh; h++) {
            uint32_t id = hits[h].tok;
            ents = s->tok_post + s->tok_post_off[id];
            n = hits[h].light ? hits[h].lk : s->tok_post_off[id + 1] - s->tok_post_off[id];
            for (uint32_t i = 0; i < n; i++) {
                /* an acronym op skips persons: a mark it set there would
                 * outlive the query (marks are cleared on reached entries) */
                if (op->acro && (s->estat[ents[i]].flag & SCR_EF_PERSON))
                    continue;
                mk[ents[i] >> 6] |= 1ull << (ents[i] & 63);
            }
        }
    }
}
