/*
 * Acronyms in the name scorer: a short token of one name (PLA, US from
 * U.S., BOA) against the initials of a run of consecutive tokens of the
 * other (People's Liberation Army, Bank of America).
 *
 * Only organisation names take acronyms (score.c decides, org_names), and
 * only Latin names give them: short romanised syllables (Kim Il, Li Na)
 * would read as acronyms everywhere. The name whose words are read as
 * initials must itself be known to name an organisation (by its type, or
 * by a legal form or organisation word of its own): otherwise every
 * person's full name would be the acronym of some listed company (Melissa
 * Parker = MP LLC, Sharon Tamara Smith = STS Company), which is what an
 * untyped query against an organisation used to give. A run holds a content word, so that
 * organisation words alone ("BI" for bank international) never make a
 * match. An acronym aligns with similarity SCR_ACRO_SIM, below an exact
 * word: the same initials can stand for another organisation; one of two
 * letters at SCR_ACRO2_SIM, too weak to make a match alone.
 *
 * The index (index.c, scr_acro_runs) generates the pair-table keys of the
 * same runs, so that candidates reached only by an acronym are found; the
 * two must accept the same runs. This file is the scorer's side, kept apart
 * from score.c, which holds token similarity and the alignment.
 */
#include "screen_int.h"

/* Acronyms. A token of 2-6 letters (PLA, US from U.S.) against the
 * initials of consecutive tokens of the other name (People's Liberation
 * Army): words and organisation words give their first letter, a particle
 * inside the run may give its letter or be skipped (Bank of America = BOA
 * or BA), initials, numbers and titles end a run. The run holds a content
 * word. Returns the last token of a run starting at b->t[x] that spells
 * s[k..len), or -1; ub (when set) marks the tokens still free. */
static int acro_match(const char *s, int k, int len, const scr_var *b, int x, const bool *ub)
{
    if (k == len)
        return x - 1;
    if (x >= b->n || (ub && !ub[x]))
        return -1;
    const scr_tok *t = &b->t[x];
    if (t->len < 2)
        return -1;
    if (t->kind == SCR_TK_PARTICLE) {
        int r = t->s[0] == s[k] ? acro_match(s, k + 1, len, b, x + 1, ub) : -1;
        if (r < 0 && k > 0)
            r = acro_match(s, k, len, b, x + 1, ub);
        return r;
    }
    if ((t->kind == SCR_TK_WORD || t->kind == SCR_TK_ORG) && t->s[0] == s[k])
        return acro_match(s, k + 1, len, b, x + 1, ub);
    return -1;
}

/* Last token of a run of b from x that token a abbreviates (with a content
 * word), or -1. */
static int acro_run(const scr_tok *a, const scr_var *b, int x, const bool *ub)
{
    if (b->t[x].s[0] != a->s[0])
        return -1;
    int r = acro_match(a->s, 0, a->len, b, x, ub);
    if (r >= 0 && !scr_span_content(b, x, r))
        return -1;
    return r;
}

/* Two letters are weak evidence: 26 x 26 pairs of initials, so any
 * company "Harbor Marine" or "Hilton Manufacturing" would spell an entity
 * listed as "HM". A two-letter acronym aligns at the similarity floor,
 * which lets it complete a name that agrees otherwise (U.S. Department of
 * State) but never carry a match alone. */
static float acro_sim(const scr_tok *t)
{
    return t->len >= 3 ? SCR_ACRO_SIM : SCR_ACRO2_SIM;
}

bool scr_acro_may_expand(const scr_var *b)
{
    return b->ptype == SCR_PT_ORG || b->orgish;
}

/* Letters (scr_letter_mask bits) that start a token of b of two letters or
 * more: every letter of an acronym must be one of them (acro_match), which
 * rules out most pairs before any run is tried. */
static uint32_t initials_mask(const scr_var *b)
{
    uint32_t m = 0;
    for (int x = 0; x < b->n; x++)
        if (b->t[x].len >= 2)
            m |= 1u << ((unsigned char)b->t[x].s[0] & 31);
    return m;
}

/* Acronym alignments of free tokens of a with free runs of b (a Latin
 * name, not a romanised one: short romanised syllables are not
 * acronyms). Nor are the initials of a translated kanji name: its English
 * words are one rendering of several, and the pieces between them are
 * syllables (南海飛機製造 nan hai aircraft manufacturing is no NHAM). */
static bool no_runs(const scr_var *b)
{
    return b->key == SCR_KEY_KANJI_EN || b->key == SCR_KEY_ARABIC_EN;
}

void scr_acronyms(const scr_var *a, const scr_var *b, bool *ua, bool *ub, bool a_is_q,
                     scr_align *al, int *nal)
{
    if (a->xlit || !scr_acro_may_expand(b) || no_runs(b))
        return;
    uint32_t bf = 0;
    bool bf_made = false;
    for (int i = 0; i < a->n; i++) {
        const scr_tok *t = &a->t[i];
        if (!ua[i] || !t->acro || *nal >= 2 * SCR_MAX_TOKS)
            continue;
        if (!bf_made) {
            bf = initials_mask(b);
            bf_made = true;
        }
        if (t->m & ~bf)
            continue;
        for (int x = 0; x + 1 < b->n; x++) {
            int r = acro_run(t, b, x, ub);
            if (r < 0)
                continue;
            float w = t->w;
            for (int y = x; y <= r; y++) {
                ub[y] = false;
                w += b->t[y].w;
            }
            ua[i] = false;
            scr_align *p = &al[(*nal)++];
            p->sim = acro_sim(t);
            p->w = w / 2.0f;
            p->how = SCR_HOW_ACRONYM;
            if (a_is_q) {
                p->qi = (int8_t)i; p->qj = -1;
                p->ci = (int8_t)x; p->cj = (int8_t)r;
            } else {
                p->ci = (int8_t)i; p->cj = -1;
                p->qi = (int8_t)x; p->qj = (int8_t)r;
            }
            break;
        }
    }
}

/* Some acronym alignment exists between a and b (either direction); marks
 * the tokens that may take part in one when ma / mb are set. */
bool scr_acro_may(const scr_var *a, const scr_var *b, bool *ma, bool *mb, float *am,
                     float *bm)
{
    bool any = false;
    if (a->xlit || !scr_acro_may_expand(b) || no_runs(b))
        return false;
    uint32_t bf = 0;
    bool bf_made = false;
    for (int i = 0; i < a->n; i++) {
        if (!a->t[i].acro)
            continue;
        if (!bf_made) {
            bf = initials_mask(b);
            bf_made = true;
        }
        if (a->t[i].m & ~bf)
            continue;
        for (int x = 0; x + 1 < b->n; x++) {
            int r = acro_run(&a->t[i], b, x, NULL);
            if (r < 0)
                continue;
            any = true;
            if (!ma)
                return true;
            float sim = acro_sim(&a->t[i]);
            ma[i] = true;
            am[i] = am[i] > sim ? am[i] : sim;
            for (int y = x; y <= r; y++) {
                mb[y] = true;
                bm[y] = bm[y] > sim ? bm[y] : sim;
            }
        }
    }
    return any;
}
