/*
 * pnames.c - two prepared names scored through their readings.
 *
 * A prepared name carries several Latin readings (variants: one per
 * romanisation of its script) and, for a non-Latin name, its native form.
 * Two names in the same non-Latin script compare natively, since any
 * romanisation would only blur them; otherwise every query reading meets
 * every candidate reading (or the one an index entry points at) and the
 * best wins. Each call passes the best so far down as the minimum score, so
 * the scorer's bounds drop a variant pair that cannot beat it.
 */
#include <string.h>
#include "screen_int.h"

static bool same_script(const scr_pname *q, const scr_pname *c)
{
    return q->nat.n && c->nat.n && q->script == c->script && strcmp(q->script, "Latn");
}

float scr_score_pnames(const scr_pname *q, const scr_pname *c, float min_score,
                       scr_detail *detail)
{
    if (detail) {
        memset(detail, 0, sizeof *detail);
        min_score = 0.0f;
    }
    if (same_script(q, c)) {
        float s = scr_score_vars(&q->nat, &c->nat, min_score, detail);
        if (detail) {
            detail->qv = &q->nat;
            detail->cv = &c->nat;
        }
        return s;
    }
    /* Only a variant pair that beats the best so far matters. */
    float best = 0.0f;
    int bi = 0, bj = 0;
    for (int i = 0; i < q->nv; i++)
        for (int j = 0; j < c->nv; j++) {
            float s = scr_score_vars(&q->v[i], &c->v[j], best > min_score ? best : min_score,
                                     NULL);
            if (s > best) {
                best = s;
                bi = i;
                bj = j;
            }
        }
    if (detail) {
        detail->qv = &q->v[bi];
        detail->cv = &c->v[bj];
        if (best > 0.0f)
            scr_score_vars(&q->v[bi], &c->v[bj], 0.0f, detail);
    }
    return best;
}

/* Score q against one variant of c (the one an index entry points at);
 * names in the same non-Latin script still compare natively. */
float scr_score_entry(const scr_pname *q, const scr_pname *c, int cvar, float min_score)
{
    if (same_script(q, c))
        return scr_score_vars(&q->nat, &c->nat, min_score, NULL);
    float best = 0.0f;
    for (int i = 0; i < q->nv; i++) {
        float s = scr_score_vars(&q->v[i], &c->v[cvar], best > min_score ? best : min_score,
                                 NULL);
        if (s > best)
            best = s;
    }
    return best;
}
