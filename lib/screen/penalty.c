/*
 * penalty.c - what an alignment of two names leaves to charge.
 *
 * The scorer (score.c) first aligns tokens; these functions then read the
 * finished alignment: the weight of the tokens left over, numbers that found
 * no partner, token order and the son/father swap of a patronymic name. They
 * run once per scored pair, after the costly search for an alignment, so
 * they live apart from the scorer's hot comparison code. The weights that
 * turn them into a score stay in score.c, next to the formula.
 */
#include <string.h>
#include "screen_int.h"

#define ORDER_PENALTY 0.08f    /* per inverted pair, beyond a rotation */
#define ORDER_PENALTY_MAX 0.20f
#define ORDER_INV_CAPPED 3     /* inversions whose penalty the cap holds */

float scr_leftover(const scr_var *v, const bool *un, const scr_align *al, int nal, bool q,
                   bool *dups)
{
    float w = 0.0f;
    *dups = false;
    for (int i = 0; i < v->n; i++) {
        if (!un[i] || v->t[i].kind == SCR_TK_NUM)
            continue;
        bool dup = false;
        for (int k = 0; k < nal && !dup; k++) {
            int j = q ? al[k].qi : al[k].ci;
            dup = v->t[j].len == v->t[i].len && v->t[j].s[0] == v->t[i].s[0] &&
                  !memcmp(v->t[j].s, v->t[i].s, v->t[i].len);
        }
        if (!dup)
            w += v->t[i].w;
        *dups = *dups || dup;
    }
    return w;
}

int scr_covered(const scr_var *v, const bool *un)
{
    int n = 0;
    for (int i = 0; i < v->n; i++)
        n += !un[i] && scr_content_kind(v->t[i].kind);
    return n;
}

bool scr_leftover_org(const scr_var *v, const bool *un)
{
    bool any = false;
    for (int i = 0; i < v->n; i++) {
        if (!un[i] || v->t[i].kind == SCR_TK_NUM)
            continue;
        if (v->t[i].kind != SCR_TK_ORG)
            return false;
        any = true;
    }
    return any;
}

float scr_unmatched_numbers(const scr_var *q, const bool *uq, const scr_var *c, const bool *uc)
{
    float w = 0.0f;
    for (int i = 0; i < q->n; i++)
        if (uq[i] && q->t[i].kind == SCR_TK_NUM)
            w += q->t[i].w;
    for (int j = 0; j < c->n; j++)
        if (uc[j] && c->t[j].kind == SCR_TK_NUM)
            w += c->t[j].w;
    return w;
}

static bool is_patronym_marker(const scr_tok *t)
{
    return t->kind == SCR_TK_PARTICLE && t->len >= 3 && t->len <= 4 && !memcmp(t->s, "bin", 3) &&
           (t->len == 3 || t->s[3] == 't');
}

/* "A bin B" against "B bin A": son and father exchanged, which names two
 * different people however well the tokens match (ben and ibn are read
 * bin by orgwords.c). */
bool scr_patronym_swapped(const scr_var *q, const scr_var *c, const scr_align *al, int nal)
{
    for (int a = 0; a < nal; a++) {
        if (al[a].qj >= 0 || al[a].cj >= 0)
            continue;
        int qa = al[a].qi, ca = al[a].ci;
        if (qa + 2 >= q->n || ca < 2 || !is_patronym_marker(&q->t[qa + 1]) ||
            !is_patronym_marker(&c->t[ca - 1]))
            continue;
        for (int b = 0; b < nal; b++)
            if (al[b].qj < 0 && al[b].cj < 0 && al[b].qi == qa + 2 && al[b].ci == ca - 2)
                return true;
    }
    return false;
}

/* Inversions among aligned tokens, forgiving one rotation of the
 * candidate's order ("LAST, First" = "First LAST"). */
float scr_order_penalty(const scr_align *al, int nal, int nc)
{
    if (nal < 2)
        return 0.0f;
    /* Three inversions already cost more than the cap (0.24 > 0.20): a
     * rotation is counted only until it reaches the best so far or three. */
    int best = ORDER_INV_CAPPED;
    for (int r = 0; r < nc && best > 0; r++) {
        int inv = 0;
        for (int a = 0; a < nal && inv < best; a++) {
            int ca = al[a].ci - r < 0 ? al[a].ci - r + nc : al[a].ci - r;
            for (int b = a + 1; b < nal; b++) {
                int cb = al[b].ci - r < 0 ? al[b].ci - r + nc : al[b].ci - r;
                if ((al[a].qi < al[b].qi) != (ca < cb))
                    inv++;
            }
        }
        if (inv < best)
            best = inv;
    }
    float p = (float)best * ORDER_PENALTY;
    return p > ORDER_PENALTY_MAX ? ORDER_PENALTY_MAX : p;
}
