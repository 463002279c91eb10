/*
 * oneletter.c - one letter changed in one word of a name otherwise spelt
 * exactly.
 *
 * The token similarity refuses a first letter that no sound-alike class,
 * swap or prosthetic vowel explains: names that differ there are often
 * different names (Nasser / Yasser, Jamal / Kamal). But a name that
 * differs from a listed one in the first letter of one word while every
 * other word agrees letter for letter (Lionel Bessi / Lionel Messi, Beta
 * Platforms / Meta Platforms) is how a name is disguised or mistyped, and
 * worth a reviewer's look. So the scorer (score.c) aligns such a pair only
 * once everything else is aligned, exactly: it is the last item of an
 * alignment, never one that takes a token another reading wanted.
 *
 * The index's neighbour lists (screen.c, key_hit()) find the pair through
 * the one-letter deletion keys of tokens of four letters or more, and
 * count it at the scorer's similarity, so the candidate estimate stays an
 * upper bound; it cannot see whether the rest agrees, which only makes it
 * looser. The token similarity itself (scr_tok_sim) still refuses it.
 */
#include <string.h>
#include "screen_int.h"

/* The one token of v left unaligned, -1 when none or several. */
static int only_left(const scr_var *v, const bool *un)
{
    int k = -1;
    for (int i = 0; i < v->n; i++) {
        if (!un[i])
            continue;
        if (k >= 0)
            return -1;
        k = i;
    }
    return k;
}

bool scr_letter_rule(const scr_var *q, const scr_var *c, const bool *uq, const bool *uc,
                     const scr_align *al, int nal, bool xlit, int *qi, int *ci)
{
    int i = only_left(q, uq), j = only_left(c, uc);
    if (i < 0 || j < 0 || !scr_letter_pair(&q->t[i], &c->t[j], xlit))
        return false;
    bool rare = false;
    for (int k = 0; k < nal; k++) {
        if (al[k].sim < SCR_LETTER_REST_SIM)
            return false;
        rare = rare || (al[k].w >= SCR_LETTER_RARE_W && scr_span_content(q, al[k].qi, al[k].qj) &&
                        scr_span_content(c, al[k].ci, al[k].cj));
    }
    if (!rare)
        return false;
    *qi = i;
    *ci = j;
    return true;
}
