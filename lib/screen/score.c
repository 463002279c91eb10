/*
 * The name scorer: compares two prepared names, no allocation, no ICU.
 *
 * Token alignment. Every query token is compared with every candidate token
 * (names are short: the matrix is tiny), pairs are aligned greedily from the
 * most similar, then unaligned tokens try the concatenation of two or three
 * adjacent unaligned tokens on the other side (al qaida = alqaida, hua wei
 * = huawei, xi jinping = xijinping). Token similarity is exact, fuzzy within
 * an edit budget that grows with length (none up to 3 letters: "ali" is not
 * "ari"), an initial against a name with that first letter, or, when one
 * side was romanised from another script, the loose phonetic key and the
 * consonant skeleton. Numbers match only exactly: "11420" is never
 * "belletech".
 *
 * The name score is a weighted soft-Dice over token weights (IDF x kind):
 *     sum(sim * W) / (sum(W aligned) + A * sum(w unaligned, both sides))
 * where W of an aligned pair is the mean weight of its tokens and A < 1
 * forgives, in part, tokens that one side simply lacks (a missing middle
 * name). Rare tokens dominate: sharing "george" while "bush" and "habbash"
 * differ leaves little. A name with no aligned content token (only
 * organisation words, titles and particles in common) scores 0, and legal
 * forms never reach the scorer, so "EMMA LLC" is just "emma".
 */
#include <math.h>
#include <string.h>
#include "screen_int.h"

#define OMIT_WEIGHT 0.30f      /* a token the other, fully matched, name lacks */
#define CONFLICT_WEIGHT 0.90f  /* tokens left over on both sides */
#define ORDER_PENALTY 0.08f    /* per inverted pair, beyond a rotation */
#define ORDER_PENALTY_MAX 0.20f
#define LEGAL_PENALTY 0.08f
#define SIM_FLOOR 0.70f

double scr_jaro_winkler(const char *a, size_t la, const char *b, size_t lb)
{
    if (la == 0 || lb == 0)
        return 0.0;
    if (la > 64)
        la = 64;
    if (lb > 64)
        lb = 64;
    size_t mx = la > lb ? la : lb;
    size_t win = mx / 2 > 0 ? mx / 2 - 1 : 0;
    uint64_t am = 0, bm = 0;
    size_t m = 0;
    for (size_t i = 0; i < la; i++) {
        size_t lo = i > win ? i - win : 0;
        size_t hi = i + win + 1 < lb ? i + win + 1 : lb;
        for (size_t j = lo; j < hi; j++) {
            if (!(bm >> j & 1) && a[i] == b[j]) {
                am |= (uint64_t)1 << i;
                bm |= (uint64_t)1 << j;
                m++;
                break;
            }
        }
    }
    if (m == 0)
        return 0.0;
    size_t t = 0, j = 0;
    for (size_t i = 0; i < la; i++) {
        if (!(am >> i & 1))
            continue;
        while (!(bm >> j & 1))
            j++;
        if (a[i] != b[j])
            t++;
        j++;
    }
    double md = (double)m;
    double jaro = (md / (double)la + md / (double)lb + (md - (double)t / 2.0) / md) / 3.0;
    size_t p = 0;
    while (p < 4 && p < la && p < lb && a[p] == b[p])
        p++;
    return jaro + (double)p * 0.1 * (1.0 - jaro);
}

int scr_osa_distance(const char *a, size_t la, const char *b, size_t lb, int cap)
{
    if (la > 63 || lb > 63)
        return cap + 1;
    int d[64][64];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int rowmin = 1 << 20;
        for (size_t j = 1; j <= lb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
            if (v < rowmin)
                rowmin = v;
        }
        if (rowmin > cap)
            return cap + 1;
    }
    return d[la][lb];
}

uint32_t scr_letter_mask(const char *s, size_t n)
{
    uint32_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= 1u << ((unsigned char)s[i] & 31);
    return m;
}

/* Each edit changes the letter set by at most two letters. */
static bool masks_close(uint32_t a, uint32_t b, int budget)
{
    return __builtin_popcount(a ^ b) <= 2 * budget;
}

/* Edits allowed between two spellings of one token, by the shorter length. */
static int edit_budget(size_t minlen)
{
    if (minlen <= 3)
        return 0;
    if (minlen <= 5)
        return 1;
    if (minlen <= 9)
        return 2;
    return 3;
}

static unsigned first_class(char c)
{
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return 1;
    case 'y': return 1 | 2;
    case 'j': return 2 | 4;
    case 'g': return 4 | 8;
    case 'c': return 8 | 16;
    case 'k': case 'q': return 8;
    case 's': case 'z': return 16;
    case 'v': case 'w': case 'b': return 32;
    case 'f': case 'p': return 64;
    case 'h': return 128;
    case 't': case 'd': return 256;
    default: return 0;
    }
}

static float fuzzy(const char *a, size_t la, const char *b, size_t lb, int slack)
{
    size_t mn = la < lb ? la : lb, mx = la < lb ? lb : la;
    int budget = edit_budget(mn) + slack;
    if (budget <= 0 || (int)(mx - mn) > budget)
        return 0.0f;
    /* Spelling variants keep their start, up to a sound-alike first letter
     * (Wladimir / Vladimir, Kristina / Christina) or a swap of the first
     * two letters. */
    if (a[0] != b[0] && !(first_class(a[0]) & first_class(b[0])) &&
        !(la > 1 && lb > 1 && a[0] == b[1] && a[1] == b[0]))
        return 0.0f;
    /* Cheap first letter test: most unrelated pairs differ there and share
     * little else; a transposed or changed first letter still passes the
     * Jaro-Winkler gate below only when the rest agrees closely. */
    double jw = scr_jaro_winkler(a, la, b, lb);
    if (jw < 0.80)
        return 0.0f;
    int d = scr_osa_distance(a, la, b, lb, budget);
    if (d > budget)
        return 0.0f;
    float s = (float)(0.8 * (1.0 - (double)d / (double)mx) + 0.2 * jw);
    return s;
}

/* Equal once doubled letters are collapsed (YYU = YU). */
static bool same_but_doubles(const char *a, size_t la, const char *b, size_t lb)
{
    size_t i = 0, j = 0;
    if (la == lb)
        return false;
    while (i < la && j < lb) {
        if (a[i] != b[j])
            return false;
        char c = a[i];
        while (i < la && a[i] == c)
            i++;
        while (j < lb && b[j] == c)
            j++;
    }
    return i == la && j == lb;
}

/* Three letters, two adjacent ones swapped. */
static bool short_transposed(const char *a, const char *b)
{
    return (a[0] == b[1] && a[1] == b[0] && a[2] == b[2]) ||
           (a[0] == b[0] && a[1] == b[2] && a[2] == b[1]);
}

float scr_tok_sim(const scr_tok *a, const scr_tok *b, bool xlit, uint8_t *how)
{
    *how = SCR_HOW_EXACT;
    if (a->id != SCR_NOID && a->id == b->id)
        return 1.0f;
    if (a->len == b->len && !memcmp(a->s, b->s, a->len))
        return 1.0f;
    if (a->kind == SCR_TK_NUM || b->kind == SCR_TK_NUM)
        return 0.0f;
    if (a->len == 1 || b->len == 1) {
        *how = SCR_HOW_INITIAL;
        if (a->s[0] == b->s[0] && (a->len > 1 || b->len > 1))
            return 0.85f;
        return 0.0f;
    }
    *how = SCR_HOW_FUZZY;
    if (same_but_doubles(a->s, a->len, b->s, b->len) ||
        (a->len == 3 && b->len == 3 && a->m == b->m && short_transposed(a->s, b->s)))
        return 0.9f;                     /* SSON = SON, SKO = SOK */
    size_t mn = a->len < b->len ? a->len : b->len;
    float s = masks_close(a->m, b->m, edit_budget(mn)) ? fuzzy(a->s, a->len, b->s, b->len, 0)
                                                       : 0.0f;
    /* Vowels only differ (Mohammed / Muhammad, Osama / Usama): same
     * skeleton, same start (or both start with a vowel). */
    if (s < 0.85f && a->sklen >= 3 && a->sklen == b->sklen && a->len >= 6 && b->len >= 6 &&
        !memcmp(a->sk, b->sk, a->sklen) && a->len + 3 > b->len && b->len + 3 > a->len &&
        (a->s[0] == b->s[0] || (strchr("aeiou", a->s[0]) && strchr("aeiou", b->s[0])))) {
        s = 0.85f;
        *how = SCR_HOW_PHONETIC;
    }
    if (xlit) {
        float p = 0.0f;
        size_t lmn = a->lolen < b->lolen ? a->lolen : b->lolen;
        if (a->lolen == b->lolen && !memcmp(a->lo, b->lo, a->lolen))
            p = 0.95f;
        else if (masks_close(a->lom, b->lom, edit_budget(lmn) + 1))
            p = 0.95f * fuzzy(a->lo, a->lolen, b->lo, b->lolen, 1);
        /* Consonantal romanisations (Arabic mhmd) meet vowelled spellings
         * through the skeleton; names written with vowels do not. */
        bool consonantal = a->sklen + 1 >= a->lolen || b->sklen + 1 >= b->lolen;
        if (p < 0.9f && consonantal && a->sklen >= 3 && a->sklen == b->sklen &&
            !memcmp(a->sk, b->sk, a->sklen))
            p = 0.9f;
        if (p > s) {
            s = p;
            *how = SCR_HOW_PHONETIC;
        }
    }
    return s >= SIM_FLOOR ? s : 0.0f;
}

static bool content_kind(uint8_t k)
{
    return k == SCR_TK_WORD || k == SCR_TK_NUM;
}

/* Concatenate tokens t[i..i+k) of v into buf (text or loose key). */
static size_t concat(const scr_var *v, int i, int k, bool loose, char *buf, size_t cap)
{
    size_t n = 0;
    for (int j = i; j < i + k; j++) {
        const char *s = loose ? v->t[j].lo : v->t[j].s;
        size_t l = loose ? v->t[j].lolen : v->t[j].len;
        if (n + l >= cap)
            return 0;
        memcpy(buf + n, s, l);
        n += l;
    }
    buf[n] = '\0';
    return n;
}

static float merged_sim(const scr_tok *one, const scr_var *v, int i, int k, bool xlit,
                        float min_sim)
{
    /* Lengths first: a merge can only match a token of about its length. */
    size_t tl = 0, ll = 0;
    for (int j = i; j < i + k; j++) {
        tl += v->t[j].len;
        ll += v->t[j].lolen;
    }
    if (min_sim >= 0.95f) {
        bool text = tl == one->len && v->t[i].s[0] == one->s[0];
        bool loose = xlit && ll == one->lolen && v->t[i].lo[0] == one->lo[0];
        if (!text && !loose)
            return 0.0f;
    } else {
        int budget = edit_budget(tl < one->len ? tl : one->len) + (xlit ? 1 : 0);
        if ((int)(tl > one->len ? tl - one->len : one->len - tl) > budget &&
            (!xlit || (int)(ll > one->lolen ? ll - one->lolen : one->lolen - ll) > budget))
            return 0.0f;
    }
    char buf[2 * SCR_MAX_TOKLEN + 2];
    size_t n = concat(v, i, k, false, buf, sizeof buf);
    if (!n)
        return 0.0f;
    if (n == one->len && !memcmp(buf, one->s, n))
        return 1.0f;
    if (one->kind == SCR_TK_NUM)
        return 0.0f;
    float s = fuzzy(one->s, one->len, buf, n, 0);
    if (xlit) {
        size_t ln = concat(v, i, k, true, buf, sizeof buf);
        float p = ln ? 0.95f * fuzzy(one->lo, one->lolen, buf, ln, 1) : 0.0f;
        if (ln == one->lolen && !memcmp(buf, one->lo, ln))
            p = 0.95f;
        if (p > s)
            s = p;
    }
    return s >= 0.8f ? s : 0.0f;
}

/* Try to explain unaligned tokens of one side as merges of adjacent
 * unaligned tokens of the other. */
static void try_merges(const scr_var *a, const scr_var *b, bool *ua, bool *ub, bool a_is_q,
                       bool xlit, float min_sim, scr_align *al, int *nal)
{
    for (int i = 0; i < a->n; i++) {
        if (!ua[i])
            continue;
        float best = 0.0f;
        int bj = -1, bk = 0;
        for (int k = 2; k <= 3; k++) {
            for (int j = 0; j + k <= b->n; j++) {
                bool free_run = true;
                for (int x = j; x < j + k; x++)
                    free_run = free_run && ub[x];
                if (!free_run)
                    continue;
                float s = merged_sim(&a->t[i], b, j, k, xlit, min_sim);
                if (s > best) {
                    best = s;
                    bj = j;
                    bk = k;
                }
            }
        }
        if (bj < 0 || best < min_sim || *nal >= 2 * SCR_MAX_TOKS)
            continue;
        float wb = 0.0f;
        for (int x = bj; x < bj + bk; x++) {
            ub[x] = false;
            wb += b->t[x].w;
        }
        ua[i] = false;
        scr_align *p = &al[(*nal)++];
        p->sim = best;
        p->w = (a->t[i].w + wb) / 2.0f;
        p->how = SCR_HOW_MERGED;
        if (a_is_q) {
            p->qi = (int8_t)i; p->qj = -1;
            p->ci = (int8_t)bj; p->cj = (int8_t)(bj + bk - 1);
        } else {
            p->ci = (int8_t)i; p->cj = -1;
            p->qi = (int8_t)bj; p->qj = (int8_t)(bj + bk - 1);
        }
    }
}

static bool span_content(const scr_var *v, int i, int j)
{
    for (int k = i; k <= (j >= 0 ? j : i); k++)
        if (content_kind(v->t[k].kind))
            return true;
    return false;
}

/* Weight of the unaligned tokens of v, except repeats of aligned ones
 * (Shoigu Shoigu Sergey) and numbers (counted by number_penalty). */
static float leftover(const scr_var *v, const bool *un, const scr_align *al, int nal, bool q,
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
            dup = v->t[j].len == v->t[i].len && !memcmp(v->t[j].s, v->t[i].s, v->t[i].len);
        }
        if (!dup)
            w += v->t[i].w;
        *dups = *dups || dup;
    }
    return w;
}

/* Aligned content tokens of v. */
static int covered(const scr_var *v, const bool *un)
{
    int n = 0;
    for (int i = 0; i < v->n; i++)
        n += !un[i] && content_kind(v->t[i].kind);
    return n;
}

/* Numbers are significant: any unmatched number counts in full, whether
 * the other name has a different one or none. */
static float number_penalty(const scr_var *q, const bool *uq, const scr_var *c, const bool *uc)
{
    float w = 0.0f;
    for (int i = 0; i < q->n; i++)
        if (uq[i] && q->t[i].kind == SCR_TK_NUM)
            w += q->t[i].w;
    for (int j = 0; j < c->n; j++)
        if (uc[j] && c->t[j].kind == SCR_TK_NUM)
            w += c->t[j].w;
    return CONFLICT_WEIGHT * w;
}

/* Inversions among aligned tokens, forgiving one rotation of the
 * candidate's order ("LAST, First" = "First LAST"). */
static float order_penalty(const scr_align *al, int nal, int nc)
{
    if (nal < 2)
        return 0.0f;
    int best = 1 << 20;
    for (int r = 0; r < nc; r++) {
        int inv = 0;
        for (int a = 0; a < nal; a++)
            for (int b = a + 1; b < nal; b++) {
                int ca = (al[a].ci - r + nc) % nc, cb = (al[b].ci - r + nc) % nc;
                if ((al[a].qi < al[b].qi) != (ca < cb))
                    inv++;
            }
        if (inv < best)
            best = inv;
    }
    float p = (float)best * ORDER_PENALTY;
    return p > ORDER_PENALTY_MAX ? ORDER_PENALTY_MAX : p;
}

/* A word boundary typed in the wrong place (LAUREN TNKUNDA = LAURENT
 * NKUNDA): two adjacent unaligned tokens against two on the other side,
 * compared as concatenations. */
static void resplit(const scr_var *q, const scr_var *c, bool *uq, bool *uc, scr_align *al,
                    int *nal, bool exact)
{
    for (int i = 0; i + 1 < q->n; i++) {
        if (!uq[i] || !uq[i + 1])
            continue;
        char a[2 * SCR_MAX_TOKLEN + 2], b[2 * SCR_MAX_TOKLEN + 2];
        size_t la = concat(q, i, 2, false, a, sizeof a);
        for (int j = 0; la && j + 1 < c->n; j++) {
            if (!uc[j] || !uc[j + 1] || *nal >= 2 * SCR_MAX_TOKS)
                continue;
            if (exact && (q->t[i].len + q->t[i + 1].len != c->t[j].len + c->t[j + 1].len ||
                          q->t[i].len == c->t[j].len))
                continue;
            size_t lb = concat(c, j, 2, false, b, sizeof b);
            if (!lb || a[0] != b[0])
                continue;
            float sim = (la == lb && !memcmp(a, b, la)) ? 0.95f
                        : exact ? 0.0f : 0.95f * fuzzy(a, la, b, lb, 0);
            if (sim < 0.8f)
                continue;
            uq[i] = uq[i + 1] = uc[j] = uc[j + 1] = false;
            scr_align *p = &al[(*nal)++];
            p->qi = (int8_t)i;
            p->qj = (int8_t)(i + 1);
            p->ci = (int8_t)j;
            p->cj = (int8_t)(j + 1);
            p->sim = sim;
            p->w = (q->t[i].w + q->t[i + 1].w + c->t[j].w + c->t[j + 1].w) / 2.0f;
            p->how = SCR_HOW_MERGED;
            break;
        }
    }
}

float scr_score_vars(const scr_var *q, const scr_var *c, scr_detail *detail)
{
    int nq = q->n, nc = c->n;
    if (nq == 0 || nc == 0)
        return 0.0f;
    bool xlit = q->xlit || c->xlit;
    float sim[SCR_MAX_TOKS][SCR_MAX_TOKS];
    uint8_t how[SCR_MAX_TOKS][SCR_MAX_TOKS];
    int npos = 0;
    for (int i = 0; i < nq; i++)
        for (int j = 0; j < nc; j++) {
            sim[i][j] = scr_tok_sim(&q->t[i], &c->t[j], xlit, &how[i][j]);
            npos += sim[i][j] > 0.0f;
        }
    scr_align al[2 * SCR_MAX_TOKS];
    int nal = 0;
    bool uq[SCR_MAX_TOKS], uc[SCR_MAX_TOKS];
    for (int i = 0; i < nq; i++)
        uq[i] = true;
    for (int j = 0; j < nc; j++)
        uc[j] = true;
    /* Exact merges first (xi jinping = xijinping), then greedy one-to-one
     * alignment, most similar (then heaviest) first. */
    if (nq != nc) {
        try_merges(q, c, uq, uc, true, xlit, 0.95f, al, &nal);
        try_merges(c, q, uc, uq, false, xlit, 0.95f, al, &nal);
    } else if (nq >= 2) {
        resplit(q, c, uq, uc, al, &nal, true);
    }
    while (npos > 0) {
        float best = 0.0f, bw = 0.0f;
        int bi = -1, bj = -1;
        for (int i = 0; i < nq; i++) {
            if (!uq[i])
                continue;
            for (int j = 0; j < nc; j++) {
                if (!uc[j] || sim[i][j] <= 0.0f)
                    continue;
                float w = q->t[i].w + c->t[j].w;
                if (sim[i][j] > best || (sim[i][j] == best && w > bw)) {
                    best = sim[i][j];
                    bw = w;
                    bi = i;
                    bj = j;
                }
            }
        }
        if (bi < 0)
            break;
        uq[bi] = uc[bj] = false;
        scr_align *p = &al[nal++];
        p->qi = (int8_t)bi; p->ci = (int8_t)bj; p->qj = p->cj = -1;
        p->sim = best;
        p->how = how[bi][bj];
        /* An initial carries the weight of an initial, not of the name. */
        float wq = q->t[bi].w, wc = c->t[bj].w;
        if (q->t[bi].len == 1 || c->t[bj].len == 1) {
            float m = wq < wc ? wq : wc;
            wq = wc = m;
        }
        p->w = (wq + wc) / 2.0f;
        npos--;
    }
    try_merges(q, c, uq, uc, true, xlit, 0.0f, al, &nal);
    try_merges(c, q, uc, uq, false, xlit, 0.0f, al, &nal);
    resplit(q, c, uq, uc, al, &nal, false);

    float num = 0.0f, den = 0.0f;
    bool content = false;
    for (int k = 0; k < nal; k++) {
        num += al[k].sim * al[k].w;
        den += al[k].w;
        if (al[k].how != SCR_HOW_INITIAL && span_content(q, al[k].qi, al[k].qj) &&
            span_content(c, al[k].ci, al[k].cj))
            content = true;
    }
    if (!content) {
        if (detail) {
            detail->nal = 0;
            detail->name_score = 0.0f;
        }
        return 0.0f;
    }
    /* Left-over tokens: an omission when the other name is fully matched
     * (a missing middle name), a conflict when both names have some. */
    bool dq, dc;
    float lq = leftover(q, uq, al, nal, true, &dq), lc = leftover(c, uc, al, nal, false, &dc);
    int covq = covered(q, uq), covc = covered(c, uc);
    float aq = (lc == 0.0f && !dc && covc >= 2) ? OMIT_WEIGHT : CONFLICT_WEIGHT;
    float ac = (lq == 0.0f && !dq && covq >= 2) ? OMIT_WEIGHT : CONFLICT_WEIGHT;
    den += ac * lc + aq * lq;
    den += number_penalty(q, uq, c, uc);
    float score = den > 0.0f ? num / den : 0.0f;
    float order_pen = order_penalty(al, nal, nc);
    score -= order_pen;
    float legal_pen = 0.0f;
    uint32_t lq_bits = q->legal & ~(uint32_t)SCR_LF_CORP, lc_bits = c->legal & ~(uint32_t)SCR_LF_CORP;
    if (lq_bits && lc_bits && !(lq_bits & lc_bits))
        legal_pen = LEGAL_PENALTY;
    score -= legal_pen;
    if (score < 0.0f)
        score = 0.0f;
    if (detail) {
        memcpy(detail->al, al, (size_t)nal * sizeof al[0]);
        detail->nal = nal;
        detail->order_pen = order_pen;
        detail->legal_pen = legal_pen;
        detail->name_score = score;
    }
    return score;
}

float scr_score_pnames(const scr_pname *q, const scr_pname *c, scr_detail *detail)
{
    if (detail)
        memset(detail, 0, sizeof *detail);
    if (q->nat.n && c->nat.n && q->script == c->script && strcmp(q->script, "Latn")) {
        float s = scr_score_vars(&q->nat, &c->nat, detail);
        if (detail) {
            detail->qv = &q->nat;
            detail->cv = &c->nat;
        }
        return s;
    }
    float best = 0.0f;
    int bi = 0, bj = 0;
    for (int i = 0; i < q->nv; i++)
        for (int j = 0; j < c->nv; j++) {
            float s = scr_score_vars(&q->v[i], &c->v[j], NULL);
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
            scr_score_vars(&q->v[bi], &c->v[bj], detail);
    }
    return best;
}

/* Score q against one variant of c (the one an index entry points at);
 * names in the same non-Latin script still compare natively. */
float scr_score_entry(const scr_pname *q, const scr_pname *c, int cvar)
{
    if (q->nat.n && c->nat.n && q->script == c->script && strcmp(q->script, "Latn"))
        return scr_score_vars(&q->nat, &c->nat, NULL);
    float best = 0.0f;
    for (int i = 0; i < q->nv; i++) {
        float s = scr_score_vars(&q->v[i], &c->v[cvar], NULL);
        if (s > best)
            best = s;
    }
    return best;
}
