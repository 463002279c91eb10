/*
 * Bounds of the candidate estimate (screen.c, candidates()) that decide
 * which posting lists a query may walk only in part.
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
 *    token of full weight (kind factor 1, at least the rep weight wd the
 *    share uses), so its key weight W is at least each such wd, and at
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

