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
 * consonant skeleton (for kana, the katakana reading of kanamatch.c).
 * Numbers match only exactly: "11420" is never "belletech".
 *
 * The name score is a weighted soft-Dice over token weights (IDF x kind):
 *     sum(sim * W) / (sum(W aligned) + A * sum(w unaligned, both sides))
 * where W of an aligned pair is the mean weight of its tokens and A < 1
 * forgives, in part, tokens that one side simply lacks (a missing middle
 * name; more so between names without organisation words, where added
 * father and grandfather names are common). Rare tokens dominate: sharing "george" while "bush" and "habbash"
 * differ leaves little. A name with no aligned content token (only
 * organisation words, titles and particles in common) scores 0, and legal
 * forms never reach the scorer, so "EMMA LLC" is just "emma". Between
 * organisation names, acronyms align too (acronym.c).
 *
 * Speed. A query scores up to a few hundred candidates, most of them far
 * from a match, so the work is arranged to reject early without changing
 * any score:
 *   - Jaro-Winkler and the edit distance are bit-parallel over one table of
 *     character positions (tokens are at most 63 bytes): the greedy Jaro
 *     matching is a mask-and-lowest-bit per character, the restricted
 *     Damerau (OSA) distance is Hyyroe's bit-vector recurrence (strsim.h);
 *   - the edit distance runs before Jaro-Winkler: it gives up as soon as
 *     the budget is exceeded, which is how most close-looking pairs end;
 *   - a token pair, a merge (one token against two or three adjacent ones)
 *     or a re-split is only computed when the cheap necessary conditions of
 *     its similarity hold: lengths within the edit budget, a compatible
 *     first letter (sets of acceptable first letters are made per token at
 *     prepare time, scr_tok_start_keys), and letter sets with at most one
 *     letter per allowed edit that the other set lacks, each way (an edit
 *     rewrites one position, so it removes at most one letter of one side);
 *   - a pair of names without a content token pair (most unrelated names)
 *     looks for one merge or re-split of content tokens that passes its
 *     gates and reaches the similarity the alignment accepts, and scores 0
 *     without aligning when there is none;
 *   - with a min_score, an upper bound on the name score is taken right
 *     after the token similarity matrix: tokens that can align nowhere are
 *     left over whatever the alignment does, and their weight bounds the
 *     soft-Dice from above. Candidates that cannot reach min_score return
 *     0 without aligning. Scores at or above min_score, and explanations
 *     (always computed with min_score 0), are exactly those of the full
 *     computation; scr_score_set_exhaustive() turns every shortcut off so
 *     that tests can compare the two.
 */
#include <math.h>
#include <string.h>
#include "screen_int.h"
#include "strsim.h"

#define OMIT_WEIGHT 0.30f      /* a token the other, fully matched, name lacks */
#define OMIT_WEIGHT_PLAIN 0.20f /* the same between names without organisation words */
#define CONFLICT_WEIGHT 0.90f  /* tokens left over on both sides */
#define ORG_OMIT_WEIGHT 0.60f  /* organisation words a one-word name lacks */
#define PATRONYM_PENALTY 0.15f  /* "A bin B" against "B bin A" */
#define LEGAL_PENALTY 0.08f
#define SIM_FLOOR 0.70f
/* A given name and its hypocorism (Ben / Benjamin): nearly, not quite, the
 * same name. */
#define HYPO_SIM 0.90f
/* Float rounding slack of the upper bound (scores are printed to 1e-4). */
#define BOUND_EPS 1e-4f

static bool g_exhaustive;

void scr_score_set_exhaustive(bool on)
{
    g_exhaustive = on;
}

/* Each letter (bit) of one set missing from the other needs an edit of its
 * own: an edit rewrites one position, which holds one letter, so d edits
 * leave at most d letters of a without a place in b, and of b in a. (This
 * also bounds the symmetric difference by 2d.) */
static inline bool masks_close(uint32_t a, uint32_t b, int budget)
{
    return popc32(a & ~b) <= budget && popc32(b & ~a) <= budget;
}

/* Edits allowed between two spellings of one token, by the shorter length:
 * none up to 3 letters, 1 up to 5, 2 up to 9, then 3 (a table: these
 * tests sit on the hottest paths, where branches on lengths mispredict). */
static inline int edit_budget(size_t minlen)
{
    static const uint8_t budget[11] = {0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 3};
    return budget[minlen < 10 ? minlen : 10];
}

/* Sound-alike classes of first letters: two spellings of a name may start
 * with different letters of one class (c/k, v/w, f/p ...). */
static const uint16_t first_classes[256] = {
    ['a'] = 1, ['e'] = 1, ['i'] = 1, ['o'] = 1, ['u'] = 1,
    ['y'] = 1 | 2,
    ['j'] = 2 | 4,
    ['g'] = 4 | 8,
    ['c'] = 8 | 16,
    ['k'] = 8, ['q'] = 8,
    ['s'] = 16, ['z'] = 16,
    ['v'] = 32, ['w'] = 32, ['b'] = 32,
    ['f'] = 64, ['p'] = 64,
    ['h'] = 128,
    ['t'] = 256, ['d'] = 256,
};

static inline unsigned first_class(char c)
{
    return first_classes[(unsigned char)c];
}

unsigned scr_first_class(char c)
{
    return first_class(c);
}

/* A vowel put before a word that starts with a consonant (Invidia /
 * Nvidia, Iskandar / Skandar, Estefan / Stefan): a prosthetic vowel. The
 * first two letters of b follow it in a (when both are there to see); the
 * gates use the first test alone (fuzzy_gate) or this one on the first
 * token of a run (start_compat), both looser than the comparison. */
static inline bool prosthetic(char a0, char a1, char b0)
{
    return a1 == b0 && first_class(a0) == 1 && !(first_class(b0) & 1);
}

static inline bool prosthetic2(const char *a, size_t la, const char *b, size_t lb)
{
    return la > 1 && prosthetic(a[0], a[1], b[0]) && (la < 3 || lb < 2 || a[2] == b[1]);
}

static bool first_ok(const char *a, size_t la, const char *b, size_t lb)
{
    return a[0] == b[0] || (first_class(a[0]) & first_class(b[0])) ||
           (la > 1 && lb > 1 && a[0] == b[1] && a[1] == b[0]) ||
           prosthetic2(a, la, b, lb) || prosthetic2(b, lb, a, la);
}

/* Whether fuzzy_pm's similarity at distance d (longer string mx bytes)
 * can reach SIM_FLOOR with a perfect Jaro-Winkler. Every use of it drops
 * what stays below (tok_sim at SIM_FLOOR, a merge or re-split at 0.8,
 * after 0.95 x for loose keys), so below that it is 0 without computing
 * Jaro-Winkler. */
static inline bool jw_may_lift(int d, size_t mx)
{
    return (float)(0.8 * (1.0 - (double)d / (double)mx) + 0.2) >= SIM_FLOOR;
}

/* pma, when not NULL, is the position table of a (scr_qtok): the distance
 * then runs over b's bytes against it, which needs no table of b when it
 * rejects (the OSA distance is symmetric); Jaro-Winkler, which is not
 * quite, still reads b's table, made only for pairs within the budget. */
static inline float fuzzy_pm(const char *a, size_t la, const char *b, size_t lb, int slack,
                             const uint64_t *pma)
{
    size_t mn = la < lb ? la : lb, mx = la < lb ? lb : la;
    int budget = edit_budget(mn) + slack;
    if (budget <= 0 || (int)(mx - mn) > budget)
        return 0.0f;
    /* Spelling variants keep their start, up to a sound-alike first letter
     * (Wladimir / Vladimir, Kristina / Christina) or a swap of the first
     * two letters. */
    if (!first_ok(a, la, b, lb))
        return 0.0f;
    if (la == 0 || lb == 0)
        return 0.0f;
    /* The distance needs both names within 63 bytes. One position table
     * serves both measures; the distance, which gives up as soon as it
     * exceeds the budget, goes first. */
    if (la > 63 || lb > 63)
        return 0.0f;
    uint64_t pm[256];
    int d;
    if (pma) {
        d = osa_pm(pma, b, lb, la, budget);
        if (d > budget || !jw_may_lift(d, mx))
            return 0.0f;
        pm_build(pm, a, la, b, lb);
    } else {
        pm_build(pm, a, la, b, lb);
        d = osa_pm(pm, a, la, lb, budget);
        if (d > budget || !jw_may_lift(d, mx))
            return 0.0f;
    }
    double jw = jw_pm(pm, a, la, b, lb);
    if (jw < 0.80)
        return 0.0f;
    float s = (float)(0.8 * (1.0 - (double)d / (double)mx) + 0.2 * jw);
    return s;
}

static float fuzzy(const char *a, size_t la, const char *b, size_t lb, int slack)
{
    return fuzzy_pm(a, la, b, lb, slack, NULL);
}

/* Necessary conditions for fuzzy() > 0, from lengths, the first two bytes
 * and the letter sets alone: d <= budget needs at most budget letters of
 * either set missing from the other (masks_close). */
static bool fuzzy_gate(size_t la, char a0, char a1, uint32_t ma, size_t lb, char b0, char b1,
                       uint32_t mb, int slack)
{
    size_t mn = la < lb ? la : lb, mx = la < lb ? lb : la;
    int budget = edit_budget(mn) + slack;
    if (budget <= 0 || (int)(mx - mn) > budget || la > 63 || lb > 63 || mn == 0)
        return false;
    if (a0 != b0 && !(first_class(a0) & first_class(b0)) &&
        !(la > 1 && lb > 1 && a0 == b1 && a1 == b0) && !(la > 1 && prosthetic(a0, a1, b0)) &&
        !(lb > 1 && prosthetic(b0, b1, a0)))
        return false;
    return masks_close(ma, mb, budget);
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

/* The same consonants as written, in order, doubles once (Mohammed /
 * Muhammad; not Castillo / Castro). */
static bool same_consonants(const char *a, size_t la, const char *b, size_t lb)
{
    size_t i = 0, j = 0;
    char pa = 0, pb = 0;
    for (;;) {
        while (i < la && (strchr("aeiouy", a[i]) || a[i] == pa))
            i++;
        while (j < lb && (strchr("aeiouy", b[j]) || b[j] == pb))
            j++;
        if (i == la || j == lb)
            return i == la && j == lb;
        if (a[i] != b[j])
            return false;
        pa = a[i++];
        pb = b[j++];
    }
}

/* Each long vowel an Arabic reading x writes after its first letter (و u,
 * ي i) has a Latin spelling in y between the same consonants: Rudi is not
 * Redi, Saliva not Salvi. x and y have the same consonants as written
 * (same_consonants), so the k-th gap between consonants is the same place
 * in both. */
static bool long_vowels_kept(const char *x, size_t lx, const char *y, size_t ly)
{
    size_t gx = 0, gy = 0, j = 0;
    char px = 0, py = 0;
    for (size_t k = 0; k < lx; k++) {
        char c = x[k];
        if (!strchr("aeiouy", c)) {
            gx += c != px;
            px = c;
            continue;
        }
        if (k == 0 || (c != 'u' && c != 'i'))
            continue;
        /* advance y to the start of gap gx */
        while (j < ly && gy < gx) {
            if (!strchr("aeiouy", y[j])) {
                gy += y[j] != py;
                py = y[j];
            }
            j++;
        }
        while (j < ly && y[j] == py)
            j++;                                /* a doubled consonant (Hosseini) */
        bool ok = false;
        for (size_t t = j; t < ly && strchr("aeiouy", y[t]); t++)
            ok = ok || (c == 'u' ? y[t] == 'u' || y[t] == 'o'
                                 : y[t] == 'i' || y[t] == 'e' || y[t] == 'y');
        if (!ok)
            return false;
    }
    return true;
}

static inline bool first_compat(char a0, char a1, char b0, char b1)
{
    return a0 == b0 || (first_class(a0) & first_class(b0)) || (a0 == b1 && a1 == b0);
}

/* Necessary for any similarity of a and b, and for a merge or re-split
 * whose runs start with a and b: a compatible start of the text (the same
 * or a sound-alike first letter, the first two swapped, or three letters
 * in another order); when romanised, the same of the loose key, or a
 * common first consonant of the skeleton. A token of one letter (or a
 * loose key that short) passes: a run's second letter is then the next
 * token's. */
static inline bool start_compat(const scr_tok *a, const scr_tok *b, bool xlit)
{
    /* fs / fl hold every first letter first_compat() accepts without the
     * swap (all of them for a key under two letters), fi / li the bit of
     * the key's own first letter (scr_tok_start_keys). */
    if ((a->fs >> b->fi & 1) || (b->fs >> a->fi & 1) ||
        (a->s[0] == b->s[1] && a->s[1] == b->s[0]) ||
        (a->len == 3 && b->len == 3 && a->m == b->m) ||
        (a->s[1] == b->s[0] && prosthetic2(a->s, a->len, b->s, b->len)) ||
        (b->s[1] == a->s[0] && prosthetic2(b->s, b->len, a->s, a->len)))
        return true;
    if (!xlit)
        return false;
    return (a->fl >> b->li & 1) || (b->fl >> a->li & 1) ||
           (a->lo[0] == b->lo[1] && a->lo[1] == b->lo[0]) ||
           (a->sklen >= 3 && b->sklen >= 3 && a->sk[0] == b->sk[0]) ||
           (a->lo[1] == b->lo[0] && prosthetic2(a->lo, a->lolen, b->lo, b->lolen)) ||
           (b->lo[1] == a->lo[0] && prosthetic2(b->lo, b->lolen, a->lo, a->lolen)) ||
           a->kana != b->kana;          /* scr_kana_sim() checks its own start */
}

/* Bit of a first byte in a start set: a..z are bits 0..25, any other byte
 * shares one of bits 26..31 (a superset is harmless: it is a gate). */
static unsigned start_bit(unsigned char c)
{
    return c >= 'a' && c <= 'z' ? (unsigned)(c - 'a') : 26u + c % 6u;
}

/* One token read from Arabic, the other Latin, with the same consonants
 * as written (not صارمی sarmi = Salem through l = r) and the Arabic
 * reading's long vowels kept: its short vowels are then only guesses. */
static bool abjad_guess(const scr_tok *a, const scr_tok *b)
{
    if (a->abjad == b->abjad || !same_consonants(a->s, a->len, b->s, b->len))
        return false;
    return a->abjad ? long_vowels_kept(a->s, a->len, b->s, b->len)
                    : long_vowels_kept(b->s, b->len, a->s, a->len);
}

/* First letters first_compat() accepts against c, without the swap. */
static uint32_t start_set(unsigned char c)
{
    uint32_t m = (uint32_t)1 << start_bit(c);
    unsigned k = first_class((char)c);
    for (unsigned char x = 'a'; k && x <= 'z'; x++)
        if (first_class((char)x) & k)
            m |= (uint32_t)1 << (x - 'a');
    return m;
}

void scr_tok_start_keys(scr_tok *t)
{
    t->fi = (uint8_t)start_bit((unsigned char)t->s[0]);
    t->fs = t->len < 2 ? ~(uint32_t)0 : start_set((unsigned char)t->s[0]);
    t->li = (uint8_t)start_bit((unsigned char)t->lo[0]);
    t->fl = t->lolen < 2 ? ~(uint32_t)0 : start_set((unsigned char)t->lo[0]);
}

/* pms / pml: position tables of a's text and loose key (scr_qtok), or
 * NULL. */
static inline __attribute__((always_inline)) float tok_sim(const scr_tok *a, const scr_tok *b, bool xlit, uint8_t *how,
                                                           const uint64_t *pms, const uint64_t *pml)
{
    *how = SCR_HOW_EXACT;
    if (a->id != SCR_NOID && a->id == b->id)
        return 1.0f;
    if (a->len == b->len && a->s[0] == b->s[0] && !memcmp(a->s, b->s, a->len))
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
    if ((a->m == b->m && a->s[0] == b->s[0] && same_but_doubles(a->s, a->len, b->s, b->len)) ||
        (a->len == 3 && b->len == 3 && a->m == b->m && short_transposed(a->s, b->s)))
        return 0.9f;                     /* SSON = SON, SKO = SOK */
    /* fuzzy_pm's own length tests first: they are cheaper than the
     * letter sets' */
    size_t mn = a->len < b->len ? a->len : b->len, mx = a->len ^ b->len ^ mn;
    int budget = edit_budget(mn);
    float s = budget <= 0 || (int)(mx - mn) > budget || !masks_close(a->m, b->m, budget)
                  ? 0.0f
                  : fuzzy_pm(a->s, a->len, b->s, b->len, 0, pms);
    /* Vowels only differ (Mohammed / Muhammad, Osama / Usama): same
     * skeleton, same start (or both start with a vowel). Between two Latin
     * spellings the consonants as written must agree too: the loose key's
     * l = r and c = k = q make Castillo / Castro and Marquez / Marcos one
     * skeleton. */
    if (s < 0.85f && a->sklen >= 3 && a->sklen == b->sklen && a->len >= 6 && b->len >= 6 &&
        a->len + 3 > b->len && b->len + 3 > a->len && a->sk[0] == b->sk[0] &&
        !memcmp(a->sk, b->sk, a->sklen) &&
        (a->s[0] == b->s[0] || (strchr("aeiou", a->s[0]) && strchr("aeiou", b->s[0]))) &&
        (xlit || same_consonants(a->s, a->len, b->s, b->len))) {
        s = 0.85f;
        *how = SCR_HOW_PHONETIC;
    }
    if (xlit) {
        float p = 0.0f;
        size_t lmn = a->lolen < b->lolen ? a->lolen : b->lolen;
        size_t lmx = a->lolen ^ b->lolen ^ lmn;
        if (a->lolen == b->lolen && !memcmp(a->lo, b->lo, a->lolen))
            p = 0.95f;
        else if ((lmn >= 4 || a->abjad || b->abjad) &&
                 (int)(lmx - lmn) <= edit_budget(lmn) + 1 &&
                 masks_close(a->lom, b->lom, edit_budget(lmn) + 1))
            p = 0.95f * fuzzy_pm(a->lo, a->lolen, b->lo, b->lolen, 1, pml);
        /* Consonantal romanisations (Arabic mhmd) meet vowelled spellings
         * through the skeleton; names written with vowels do not. The
         * short vowels of every Arabic reading are guesses (ahamad for
         * احمد), so its tokens meet Ahmed so too (abjad_guess), checked
         * only once the cheaper skeleton tests pass. */
        bool consonantal = ((a->abjad && a->sklen + 1 >= a->lolen) ||
                            (b->abjad && b->sklen + 1 >= b->lolen)) &&
                           !a->kana && !b->kana;   /* kana spell an acronym's letters */
        if (p < 0.9f && a->sklen >= 3 && a->sklen == b->sklen &&
            a->sk[0] == b->sk[0] && !memcmp(a->sk, b->sk, a->sklen) && (consonantal || abjad_guess(a, b)))
            p = 0.9f;
        /* Two consonants are too common a skeleton for that, except
         * between a short Arabic reading and a Latin word with the same
         * consonants, the same kind of start and about its length: سيد sid
         * = Sayed, گل gl = Gul, عبيد abid = Obeid (not سعد sd = Asad). */
        if (p < 0.85f && a->sklen == 2 && b->sklen == 2 &&
            a->len + 3 >= b->len && b->len + 3 >= a->len &&
            !strchr("aeiouy", a->s[0]) == !strchr("aeiouy", b->s[0]) && abjad_guess(a, b))
            p = 0.85f;
        /* a katakana rendering of a foreign name: its vowels and some
         * consonants are the ear's, not the spelling's */
        if (p < 0.95f && a->kana != b->kana) {
            const scr_tok *k = a->kana ? a : b, *l = a->kana ? b : a;
            float ks = scr_kana_sim(k->s, k->len, l->s, l->len);
            p = ks > p ? ks : p;
        }
        if (p > s) {
            s = p;
            *how = SCR_HOW_PHONETIC;
        }
    }
    return s >= SIM_FLOOR ? s : 0.0f;
}

/* Hypocorisms between person names: a and b have a given-name group in
 * common (signature) and are different members of one (table). */
static inline bool hypo_pair(const scr_tok *a, const scr_tok *b)
{
    if (!(a->hs & b->hs))
        return false;
    /* a particle read from a given name (ben) keeps it as disp */
    const char *x = a->kind == SCR_TK_PARTICLE && a->disp ? a->disp : a->s;
    const char *y = b->kind == SCR_TK_PARTICLE && b->disp ? b->disp : b->s;
    return scr_hypo_related(x, strlen(x), y, strlen(y));
}

float scr_tok_sim(const scr_tok *a, const scr_tok *b, bool xlit, uint8_t *how)
{
    float v = tok_sim(a, b, xlit, how, NULL, NULL);
    /* the index does not know whether the names are persons: it finds
     * hypocorisms always, the scorer decides */
    if (v < HYPO_SIM && hypo_pair(a, b)) {
        v = HYPO_SIM;
        *how = SCR_HOW_HYPOCORISM;
    }
    return v;
}

/* Position table of a byte string (at most 63 bytes) in a zeroed table. */
static void pm_set(uint64_t *pm, const char *s, size_t n)
{
    for (size_t j = 0; j < n; j++)
        pm[(unsigned char)s[j]] |= (uint64_t)1 << j;
}

void scr_qtok_set(scr_qtok *q, const scr_tok *t)
{
    memset(q->pms, 0, sizeof q->pms);
    memset(q->pml, 0, sizeof q->pml);
    q->t = t;
    pm_set(q->pms, t->s, t->len > 63 ? 0 : t->len);
    pm_set(q->pml, t->lo, t->lolen > 63 ? 0 : t->lolen);
}

float scr_tok_sim_q(const scr_qtok *q, const scr_tok *b, bool xlit, uint8_t *how)
{
    const scr_tok *a = q->t;
    /* The scorer's own gate (scr_score_vars): without a compatible start
     * only a hypocorism has a similarity. A quarter of the tokens the
     * index's keys reach fail it; how is what tok_sim() leaves them (an
     * initial always passes). */
    if (!(a->hs & b->hs) && !start_compat(a, b, xlit)) {
        *how = a->kind == SCR_TK_NUM || b->kind == SCR_TK_NUM ? SCR_HOW_EXACT : SCR_HOW_FUZZY;
        return 0.0f;
    }
    float v = tok_sim(a, b, xlit, how, a->len <= 63 ? q->pms : NULL,
                      a->lolen <= 63 ? q->pml : NULL);
    if (v < HYPO_SIM && hypo_pair(a, b)) {
        v = HYPO_SIM;
        *how = SCR_HOW_HYPOCORISM;
    }
    return v;
}

/* Organisation names: acronyms apply. The query's type or the entity's
 * schema decides; without either, names with an organisation word or a
 * legal form. */
static bool org_names(const scr_var *q, const scr_var *c)
{
    if (q->ptype == SCR_PT_PERSON || c->ptype == SCR_PT_PERSON)
        return false;
    return q->ptype == SCR_PT_ORG || c->ptype == SCR_PT_ORG || q->orgish || c->orgish;
}

/* Person names: hypocorisms apply. The query's type or the entity's schema
 * decides; without either, names without organisation words or legal
 * forms. */
static bool person_names(const scr_var *q, const scr_var *c)
{
    if (q->ptype == SCR_PT_ORG || c->ptype == SCR_PT_ORG || q->ptype == SCR_PT_OTHER ||
        c->ptype == SCR_PT_OTHER)
        return false;
    return q->ptype == SCR_PT_PERSON || c->ptype == SCR_PT_PERSON || (!q->orgish && !c->orgish);
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

/* Lengths, letter sets and first two bytes of the concatenation of k
 * adjacent tokens (text and loose key), for the merge gates. */
typedef struct run_info {
    uint16_t tl, ll;
    uint32_t m, lom;
    char t0, t1, l0, l1;
} run_info;

static void first_two(const scr_var *v, int i, int k, bool loose, char *c0, char *c1)
{
    char c[2] = {0, 0};
    int n = 0;
    for (int j = i; j < i + k && n < 2; j++) {
        const char *s = loose ? v->t[j].lo : v->t[j].s;
        size_t l = loose ? v->t[j].lolen : v->t[j].len;
        for (size_t x = 0; x < l && n < 2; x++)
            c[n++] = s[x];
    }
    *c0 = c[0];
    *c1 = c[1];
}

static void run_make(const scr_var *v, int i, int k, run_info *r)
{
    size_t tl = 0, ll = 0;
    uint32_t m = 0, lom = 0;
    for (int j = i; j < i + k; j++) {
        tl += v->t[j].len;
        ll += v->t[j].lolen;
        m |= v->t[j].m;
        lom |= v->t[j].lom;
    }
    r->tl = (uint16_t)tl;
    r->ll = (uint16_t)ll;
    r->m = m;
    r->lom = lom;
    const scr_tok *t = &v->t[i];
    r->t0 = t->s[0];                     /* tokens are never empty */
    r->t1 = t->len > 1 ? t->s[1] : t[1].s[0];
    if (t->lolen >= 2) {
        r->l0 = t->lo[0];
        r->l1 = t->lo[1];
    } else {
        first_two(v, i, k, true, &r->l0, &r->l1);
    }
}

/* Necessary conditions for merged_sim(one, run) > 0 at any min_sim, once
 * the run's length is within the edit budget (mg_compute checks that
 * first): equal text, or a text or (romanised) loose comparison that
 * fuzzy() could accept, or equal loose keys (same length, letter set and
 * first byte). */
static bool merge_gate(const scr_tok *one, const run_info *r, bool xlit)
{
    size_t tl = r->tl, ll = r->ll;
    if (tl >= 2 * SCR_MAX_TOKLEN + 2)
        return false;                    /* concat() fails: 0 */
    if (tl == one->len && r->m == one->m && r->t0 == one->s[0])
        return true;                     /* may be equal */
    if (one->kind == SCR_TK_NUM)
        return false;
    char a1 = one->len > 1 ? one->s[1] : 0, la1 = one->lolen > 1 ? one->lo[1] : 0;
    if (fuzzy_gate(one->len, one->s[0], a1, one->m, tl, r->t0, r->t1, r->m, 0))
        return true;
    if (!xlit)
        return false;
    size_t ln = ll < 2 * SCR_MAX_TOKLEN + 2 ? ll : 0;
    if (ln == one->lolen && (ln == 0 || (r->lom == one->lom && r->l0 == one->lo[0])))
        return true;                     /* loose keys may be equal */
    return ln && fuzzy_gate(one->lolen, one->lo[0], la1, one->lom, ln, r->l0, r->l1, r->lom, 1);
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
    /* The letter set of a run is the union of its tokens': fuzzy() only
     * runs where its necessary conditions (fuzzy_gate) hold. */
    uint32_t rm = 0, rlm = 0;
    for (int j = i; j < i + k; j++) {
        rm |= v->t[j].m;
        rlm |= v->t[j].lom;
    }
    float s = fuzzy_gate(one->len, one->s[0], one->len > 1 ? one->s[1] : 0, one->m, n, buf[0], buf[1], rm, 0)
                  ? fuzzy(one->s, one->len, buf, n, 0) : 0.0f;
    if (xlit) {
        size_t ln = concat(v, i, k, true, buf, sizeof buf);
        float p = ln && fuzzy_gate(one->lolen, one->lo[0], one->lolen > 1 ? one->lo[1] : 0, one->lom, ln, buf[0], buf[1],
                                   rlm, 1)
                      ? 0.95f * fuzzy(one->lo, one->lolen, buf, ln, 1) : 0.0f;
        if (ln == one->lolen && !memcmp(buf, one->lo, ln))
            p = 0.95f;
        if (p > s)
            s = p;
    }
    return s >= 0.8f ? s : 0.0f;
}

float scr_merge_sim(const scr_tok *one, const scr_var *v, int i, int k, bool xlit)
{
    return merged_sim(one, v, i, k, xlit, 0.0f);
}

/* merged_sim(one, v, i, k, xlit, 0.0f) > 0 for a run whose length is
 * within the edit budget (its gate passed): stops at the first
 * comparison that reaches the similarity a merge needs. */
static bool merged_any(const scr_tok *one, const scr_var *v, int i, int k, bool xlit)
{
    /* lengths, letter sets and first bytes of the run first: the
     * concatenations are only made for a comparison their gates allow */
    size_t tl = 0, ll = 0;
    uint32_t rm = 0, rlm = 0;
    for (int j = i; j < i + k; j++) {
        tl += v->t[j].len;
        ll += v->t[j].lolen;
        rm |= v->t[j].m;
        rlm |= v->t[j].lom;
    }
    char buf[2 * SCR_MAX_TOKLEN + 2];
    if (tl >= sizeof buf)
        return false;                    /* concat() fails */
    const scr_tok *t = &v->t[i];
    char t0 = t->s[0], t1 = t->len > 1 ? t->s[1] : t[1].s[0];
    bool eq = tl == one->len && rm == one->m && t0 == one->s[0];
    bool fz = one->kind != SCR_TK_NUM &&
              fuzzy_gate(one->len, one->s[0], one->len > 1 ? one->s[1] : 0, one->m, tl, t0, t1,
                         rm, 0);
    if (eq || fz) {
        size_t n = concat(v, i, k, false, buf, sizeof buf);
        if (n == one->len && !memcmp(buf, one->s, n))
            return true;
        if (fz && fuzzy(one->s, one->len, buf, n, 0) >= 0.8f)
            return true;
    }
    if (one->kind == SCR_TK_NUM || !xlit)
        return false;
    size_t ln = ll < sizeof buf ? ll : 0;
    if (ln == one->lolen) {
        if (ln == 0)
            return true;                 /* 0.95: equal, empty */
        if (rlm == one->lom) {
            concat(v, i, k, true, buf, sizeof buf);
            if (buf[0] == one->lo[0] && !memcmp(buf, one->lo, ln))
                return true;             /* 0.95 */
        }
    }
    if (!ln)
        return false;
    char l0, l1;
    first_two(v, i, k, true, &l0, &l1);
    if (!fuzzy_gate(one->lolen, one->lo[0], one->lolen > 1 ? one->lo[1] : 0, one->lom, ln, l0,
                    l1, rlm, 1))
        return false;
    concat(v, i, k, true, buf, sizeof buf);
    return 0.95f * fuzzy(one->lo, one->lolen, buf, ln, 1) >= 0.8f;
}

/* Merge candidates of one direction (tokens of a against runs of b),
 * computed per token on first use: bit 2*j + (k-2) of gate[i] is set when
 * token i may equal tokens j..j+k-1 (merge_gate). Only runs that start
 * at a token compatible with token i's start are looked at, and their
 * lengths reject most of them before anything else is read. */
typedef struct mgates {
    const scr_var *a, *b;
    bool xlit;
    uint32_t have;                 /* bit i: gate[i] computed */
    const uint32_t *start;         /* start[i]: runs of b token i may begin at */
    uint64_t gate[SCR_MAX_TOKS];
    /* run_info of run j..j+k-1 at 2*j + (k-2), made once for all tokens
     * of a (bit set in rmade) */
    uint64_t rmade;
    run_info ri[2 * SCR_MAX_TOKS];
    /* the shortest run of two tokens of b, text and loose key (every run
     * is at least that long), made on first use (minmade) */
    bool minmade;
    int min_tl, min_ll;
} mgates;

static void mg_init(mgates *g, const scr_var *a, const scr_var *b, bool xlit,
                    const uint32_t *start)
{
    g->a = a;
    g->b = b;
    g->xlit = xlit;
    g->start = start;
    g->have = 0;
    g->rmade = 0;
    g->minmade = false;
}

/* Most unrelated tokens are far shorter than any run of two tokens of the
 * other name: no run of b is within the edit budget of token one's length,
 * text or (romanised) loose key, which is what mg_compute's loop would find
 * run by run. */
static bool mg_too_short(mgates *g, const scr_tok *one, int slack)
{
    const scr_var *b = g->b;
    if (!g->minmade) {
        int mt = 1 << 20, ml = 1 << 20;
        for (int j = 0; j + 1 < b->n; j++) {
            int tl = b->t[j].len + b->t[j + 1].len, ll = b->t[j].lolen + b->t[j + 1].lolen;
            mt = tl < mt ? tl : mt;
            ml = ll < ml ? ll : ml;
        }
        g->min_tl = mt;
        g->min_ll = ml;
        g->minmade = true;
    }
    /* every run is longer than one: the budget is one's */
    int budget = edit_budget(one->len) + slack;
    if (g->min_tl - (int)one->len <= budget)
        return false;
    return !g->xlit || g->min_ll - (int)one->lolen > budget;
}

static uint64_t mg_compute(mgates *g, int i)
{
    const scr_tok *one = &g->a->t[i];
    const scr_var *b = g->b;
    int slack = g->xlit ? 1 : 0;
    uint64_t m = 0;
    if (!g_exhaustive && mg_too_short(g, one, slack)) {
        g->gate[i] = 0;
        g->have |= (uint32_t)1 << i;
        return 0;
    }
    for (int k = 2; k <= 3 && k <= b->n; k++) {
        /* runs j..j+k-1 that fit, starting where a run may start */
        uint32_t runs = ((uint32_t)1 << (b->n - k + 1)) - 1;
        if (!g_exhaustive)
            runs &= g->start[i];
        for (; runs; runs &= runs - 1) {
            int j = __builtin_ctz(runs);
            if (!g_exhaustive) {
                const scr_tok *t = &b->t[j];
                int tl = t[0].len + t[1].len + (k == 3 ? t[2].len : 0), d = tl - one->len;
                int budget = edit_budget((size_t)(tl < one->len ? tl : one->len)) + slack;
                if (d > budget || -d > budget) {
                    if (!g->xlit)
                        continue;
                    int dl = t[0].lolen + t[1].lolen + (k == 3 ? t[2].lolen : 0) - one->lolen;
                    if (dl > budget || -dl > budget)
                        continue;
                }
                int x = 2 * j + k - 2;
                if (!(g->rmade >> x & 1)) {
                    run_make(b, j, k, &g->ri[x]);
                    g->rmade |= (uint64_t)1 << x;
                }
                if (!merge_gate(one, &g->ri[x], g->xlit))
                    continue;
            }
            m |= (uint64_t)1 << (2 * j + k - 2);
        }
    }
    g->gate[i] = m;
    g->have |= (uint32_t)1 << i;
    return m;
}

static inline uint64_t mg_get(mgates *g, int i)
{
    if (!g_exhaustive && !g->start[i])
        return 0;                        /* no run may start anywhere */
    return g->have >> i & 1 ? g->gate[i] : mg_compute(g, i);
}

/* Runs of b (bit 2*j + k-2) whose tokens are all free. */
static uint64_t free_runs(const scr_var *b, const bool *ub)
{
    uint64_t m = 0;
    for (int j = 0; j + 1 < b->n; j++)
        if (ub[j] && ub[j + 1])
            m |= (uint64_t)(1 + (j + 2 < b->n && ub[j + 2]) * 2) << (2 * j);
    return m;
}

/* Runs (bit 2*j + k-2) that start at a token of start (bit j). */
static uint64_t start_runs(uint32_t start)
{
    uint64_t m = 0;
    for (; start; start &= start - 1)
        m |= (uint64_t)3 << (2 * __builtin_ctz(start));
    return m;
}

/* Try to explain unaligned tokens of one side as merges of adjacent
 * unaligned tokens of the other. */
static void try_merges(const scr_var *a, const scr_var *b, bool *ua, bool *ub, bool a_is_q,
                       bool xlit, float min_sim, mgates *mg, scr_align *al, int *nal)
{
    bool any = false;
    for (int i = 0; i < a->n && !any; i++)
        any = ua[i];
    uint64_t fr = any ? free_runs(b, ub) : 0;
    if (!fr)
        return;
    /* the exact pass (merged_sim() at 0.95) needs a run of the token's
     * length that starts with its letter, text or loose key: run lengths
     * made once, tested before the gates */
    bool exact = min_sim >= 0.95f && !g_exhaustive;
    uint16_t rtl[2 * SCR_MAX_TOKS], rll[2 * SCR_MAX_TOKS];
    if (exact)
        for (int j = 0; j + 1 < b->n; j++) {
            const scr_tok *t = &b->t[j];
            rtl[2 * j] = (uint16_t)(t[0].len + t[1].len);
            rll[2 * j] = (uint16_t)(t[0].lolen + t[1].lolen);
            if (j + 2 < b->n) {
                rtl[2 * j + 1] = (uint16_t)(rtl[2 * j] + t[2].len);
                rll[2 * j + 1] = (uint16_t)(rll[2 * j] + t[2].lolen);
            }
        }
    for (int i = 0; i < a->n && fr; i++) {
        if (!ua[i])
            continue;
        /* only free runs that may start where token i's start allows (the
         * gates hold no others) */
        const scr_tok *one = &a->t[i];
        uint64_t gate = fr;
        if (!g_exhaustive)
            gate &= start_runs(mg->start[i]);
        if (gate && exact) {
            uint64_t e = 0;
            for (uint64_t g = gate; g; g &= g - 1) {
                int x = __builtin_ctzll(g);
                const scr_tok *t = &b->t[x / 2];
                if ((rtl[x] == one->len && t->s[0] == one->s[0]) ||
                    (xlit && rll[x] == one->lolen && t->lo[0] == one->lo[0]))
                    e |= (uint64_t)1 << x;
            }
            gate = e;
        }
        if (gate)
            gate &= mg_get(mg, i);
        if (!gate)
            continue;
        float best = 0.0f;
        int bj = -1, bk = 0;
        /* runs of two, then of three, each from the left: ties go to the
         * first */
        static const uint64_t kbits[2] = {0x5555555555555555ull, 0xaaaaaaaaaaaaaaaaull};
        for (int k = 2; k <= 3; k++)
            for (uint64_t g = gate & kbits[k - 2]; g; g &= g - 1) {
                int j = __builtin_ctzll(g) / 2;
                float s = merged_sim(one, b, j, k, xlit, min_sim);
                if (s > best) {
                    best = s;
                    bj = j;
                    bk = k;
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
        fr = free_runs(b, ub);
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

/* A word boundary typed in the wrong place (LAUREN TNKUNDA = LAURENT
 * NKUNDA): two adjacent unaligned tokens against two on the other side,
 * compared as concatenations. Bit j of gate[i] marks the pairs (i, j)
 * whose concatenations may be equal or close (resplit_gates). */
static void resplit(const scr_var *q, const scr_var *c, bool *uq, bool *uc, scr_align *al,
                    int *nal, bool exact, const uint32_t *gate)
{
    for (int i = 0; i + 1 < q->n; i++) {
        if (!uq[i] || !uq[i + 1] || (gate && !gate[i]))
            continue;
        char a[2 * SCR_MAX_TOKLEN + 2], b[2 * SCR_MAX_TOKLEN + 2];
        size_t la = 0;
        for (int j = 0; j + 1 < c->n; j++) {
            if (gate && !(gate[i] >> j & 1))
                continue;
            if (!uc[j] || !uc[j + 1] || *nal >= 2 * SCR_MAX_TOKS)
                continue;
            /* first letters and lengths (fuzzy allows 3 edits) before
             * building the concatenations */
            int d = q->t[i].len + q->t[i + 1].len - c->t[j].len - c->t[j + 1].len;
            if (!g_exhaustive && (q->t[i].s[0] != c->t[j].s[0] || d > 3 || d < -3 ||
                                  (exact && (d || q->t[i].len == c->t[j].len))))
                continue;
            if (!la && !(la = concat(q, i, 2, false, a, sizeof a)))
                break;
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

/* Necessary conditions for a re-split of q[i], q[i+1] against c[j],
 * c[j+1]: the same first letter, then equal or fuzzy-close concatenations. */
static void resplit_gates(const scr_var *q, const scr_var *c, const uint32_t *fq,
                          uint32_t *gate)
{
    for (int i = 0; i + 1 < q->n; i++) {
        run_info rq;
        bool made = false;
        uint32_t g = 0;
        int la = q->t[i].len + q->t[i + 1].len;
        /* only pairs whose starts are compatible (fq), without the
         * shortcuts every pair */
        uint32_t js = ((uint32_t)1 << (c->n - 1)) - 1;
        if (!g_exhaustive)
            js &= fq[i];
        for (; js; js &= js - 1) {
            int j = __builtin_ctz(js);
            if (!g_exhaustive) {
                int lb = c->t[j].len + c->t[j + 1].len, d = la - lb;
                if (q->t[i].s[0] != c->t[j].s[0] || d > 3 || d < -3)
                    continue;
                run_info r;
                if (!made) {
                    run_make(q, i, 2, &rq);
                    made = true;
                }
                run_make(c, j, 2, &r);
                if (!((rq.tl == r.tl && rq.m == r.m) ||
                      fuzzy_gate(rq.tl, rq.t0, rq.t1, rq.m, r.tl, r.t0, r.t1, r.m, 0)))
                    continue;
            }
            g |= (uint32_t)1 << j;
        }
        gate[i] = g;
    }
}

/* Necessary for an exact re-split (resplit() with exact): two adjacent
 * tokens on each side, starting with the same letter at another boundary,
 * of the same total length. */
static bool exact_resplit_may(const scr_var *q, const scr_var *c, const uint32_t *fq)
{
    uint32_t kc[SCR_MAX_TOKS];
    for (int j = 0; j + 1 < c->n; j++)
        kc[j] = (uint32_t)(unsigned char)c->t[j].s[0] << 16 |
                (uint32_t)(c->t[j].len + c->t[j + 1].len);
    for (int i = 0; i + 1 < q->n; i++) {
        uint32_t k = (uint32_t)(unsigned char)q->t[i].s[0] << 16 |
                     (uint32_t)(q->t[i].len + q->t[i + 1].len);
        for (uint32_t g = fq[i] & (((uint32_t)1 << (c->n - 1)) - 1); g; g &= g - 1) {
            int j = __builtin_ctz(g);
            if (kc[j] == k && c->t[j].len != q->t[i].len)
                return true;
        }
    }
    return false;
}

/* Token i of v has the text of a token of v that may align. */
static bool may_dup(const scr_var *v, int i, const bool *may)
{
    for (int k = 0; k < v->n; k++)
        if (k != i && may[k] && v->t[k].len == v->t[i].len &&
            ((v->t[k].id != SCR_NOID && v->t[k].id == v->t[i].id) ||
             !memcmp(v->t[k].s, v->t[i].s, v->t[i].len)))
            return true;
    return false;
}

/* Upper bound of the name score from what can align at all. An aligned
 * item (pair, merge, re-split) adds sim * W to the numerator and W to the
 * denominator, W at most the mean weight of its tokens, and its sim is at
 * most the best similarity of each of its tokens (1 for tokens that may
 * merge). Tokens that can align nowhere stay left over: each adds at least
 * OMIT_WEIGHT x its weight to the denominator (CONFLICT_WEIGHT when both
 * sides have such tokens, and for numbers but between organisation names)
 * unless it repeats a token that may align. With X the best numerator and
 * F that penalty, the soft-Dice num / (num + F + ...) is at most
 * X / (X + F). */
static float score_bound(const scr_var *q, const scr_var *c, const float *qmax,
                         const float *cmax, const bool *mq, const bool *mc, bool org)
{
    float x = 0.0f, fq = 0.0f, fc = 0.0f, fn = 0.0f;
    for (int i = 0; i < q->n; i++) {
        const scr_tok *t = &q->t[i];
        if (mq[i])
            x += 0.5f * t->w * qmax[i];
        else if (t->kind == SCR_TK_NUM)
            fn += t->w;
        else if (!may_dup(q, i, mq))
            fq += t->w;
    }
    for (int j = 0; j < c->n; j++) {
        const scr_tok *t = &c->t[j];
        if (mc[j])
            x += 0.5f * t->w * cmax[j];
        else if (t->kind == SCR_TK_NUM)
            fn += t->w;
        else if (!may_dup(c, j, mc))
            fc += t->w;
    }
    float omit = q->orgish || c->orgish ? OMIT_WEIGHT : OMIT_WEIGHT_PLAIN;
    float aq = fc > 0.0f ? CONFLICT_WEIGHT : omit;
    float ac = fq > 0.0f ? CONFLICT_WEIGHT : omit;
    float f = aq * fq + ac * fc + (org ? omit : CONFLICT_WEIGHT) * fn;
    return x > 0.0f ? x / (x + f) : 0.0f;
}

/* What may align at all: tokens with a positive similarity and tokens of
 * any merge or re-split that passes its gate.
 * qm / cm receive the best similarity per token, 1 for tokens that may
 * merge. */
static void may_align(const scr_var *q, const scr_var *c, mgates *mq_g,
                      mgates *mc_g, const float *qmax, const float *cmax, float *qm, float *cm,
                      bool *mq, bool *mc)
{
    int nq = q->n, nc = c->n;
    for (int i = 0; i < nq; i++) {
        qm[i] = qmax[i];
        mq[i] = qmax[i] > 0.0f;
    }
    for (int j = 0; j < nc; j++) {
        cm[j] = cmax[j];
        mc[j] = cmax[j] > 0.0f;
    }
    for (int i = 0; i < nq; i++)
        for (uint64_t g = mg_get(mq_g, i); g; g &= g - 1) {
            int b = __builtin_ctzll(g), j = b / 2, k = 2 + b % 2;
            mq[i] = true;
            qm[i] = 1.0f;
            for (int x = j; x < j + k; x++) {
                mc[x] = true;
                cm[x] = 1.0f;
            }
        }
    for (int j = 0; j < nc; j++)
        for (uint64_t g = mg_get(mc_g, j); g; g &= g - 1) {
            int b = __builtin_ctzll(g), i = b / 2, k = 2 + b % 2;
            mc[j] = true;
            cm[j] = 1.0f;
            for (int x = i; x < i + k; x++) {
                mq[x] = true;
                qm[x] = 1.0f;
            }
        }
    if (nq >= 2 && nc >= 2) {
        uint32_t rg[SCR_MAX_TOKS];
        resplit_gates(q, c, mq_g->start, rg);
        for (int i = 0; i + 1 < nq; i++)
            for (uint32_t g = rg[i]; g; g &= g - 1) {
                int j = __builtin_ctz(g);
                mq[i] = mq[i + 1] = mc[j] = mc[j + 1] = true;
                qm[i] = qm[i + 1] = cm[j] = cm[j + 1] = 1.0f;
            }
    }
}

static bool any_content(const scr_var *v, const bool *may)
{
    for (int i = 0; i < v->n; i++)
        if (may[i] && scr_content_kind(v->t[i].kind))
            return true;
    return false;
}

/* A merge of a content token of a with a run of b holding a content
 * token, that passes its gate and has a positive similarity. */
static bool content_merge(const scr_var *a, const scr_var *b, bool xlit, mgates *mg)
{
    for (int i = 0; i < a->n; i++) {
        if (!scr_content_kind(a->t[i].kind))
            continue;
        for (uint64_t g = mg_get(mg, i); g; g &= g - 1) {
            int x = __builtin_ctzll(g), j = x / 2, k = 2 + x % 2;
            if (scr_span_content(b, j, j + k - 1) && merged_any(&a->t[i], b, j, k, xlit))
                return true;
        }
    }
    return false;
}

/* A re-split of content spans that passes its gate and reaches the
 * similarity resplit() accepts. */
static bool content_resplit(const scr_var *q, const scr_var *c, const uint32_t *fq)
{
    if (q->n < 2 || c->n < 2)
        return false;
    uint32_t rg[SCR_MAX_TOKS];
    resplit_gates(q, c, fq, rg);
    for (int i = 0; i + 1 < q->n; i++) {
        if (!rg[i] || !scr_span_content(q, i, i + 1))
            continue;
        char a[2 * SCR_MAX_TOKLEN + 2], b[2 * SCR_MAX_TOKLEN + 2];
        size_t la = concat(q, i, 2, false, a, sizeof a);
        if (!la)
            continue;
        for (uint32_t g = rg[i]; g; g &= g - 1) {
            int j = __builtin_ctz(g);
            if (!scr_span_content(c, j, j + 1))
                continue;
            size_t lb = concat(c, j, 2, false, b, sizeof b);
            if (!lb || a[0] != b[0])
                continue;
            float sim = (la == lb && !memcmp(a, b, la)) ? 0.95f : 0.95f * fuzzy(a, la, b, lb, 0);
            if (sim >= 0.8f)
                return true;
        }
    }
    return false;
}

/* A positive pair of the similarity matrix, for the greedy alignment. */
typedef struct pos_pair {
    float sim, w;
    int8_t i, j;
} pos_pair;

/* Greedy order: most similar first, then heaviest, then row-major order
 * (the order a scan for the strictly best pair would find them in). */
static bool pair_before(const pos_pair *x, const pos_pair *y)
{
    if (x->sim != y->sim)
        return x->sim > y->sim;
    if (x->w != y->w)
        return x->w > y->w;
    return x->i != y->i ? x->i < y->i : x->j < y->j;
}

float scr_score_vars(const scr_var *q, const scr_var *c, float min_score, scr_detail *detail)
{
    int nq = q->n, nc = c->n;
    if (detail) {
        detail->nal = 0;
        detail->name_score = 0.0f;
    }
    if (nq == 0 || nc == 0)
        return 0.0f;
    bool xlit = q->xlit || c->xlit;
    float legal_pen = 0.0f;
    uint32_t lq_bits = q->legal & ~(uint32_t)SCR_LF_CORP, lc_bits = c->legal & ~(uint32_t)SCR_LF_CORP;
    if (lq_bits && lc_bits && !(lq_bits & lc_bits))
        legal_pen = LEGAL_PENALTY;
    uint8_t how[SCR_MAX_TOKS][SCR_MAX_TOKS];
    float qmax[SCR_MAX_TOKS], cmax[SCR_MAX_TOKS];
    pos_pair pp[SCR_MAX_TOKS * SCR_MAX_TOKS];
    int npos = 0;
    bool content_pair = false;
    /* Every similarity, merge and re-split needs a compatible start
     * (start_compat). fq[i] / fc[j] collect the pairs that pass, as the
     * tokens a merge run of the other side may start at. */
    uint32_t fq[SCR_MAX_TOKS], fc[SCR_MAX_TOKS];
    for (int j = 0; j < nc; j++) {
        cmax[j] = 0.0f;
        fc[j] = 0;
    }
    bool person = person_names(q, c), org = org_names(q, c);
    for (int i = 0; i < nq; i++) {
        float rm = 0.0f;
        const scr_tok *a = &q->t[i];
        fq[i] = 0;
        for (int j = 0; j < nc; j++) {
            const scr_tok *b = &c->t[j];
            bool hy = person && (a->hs & b->hs);
            if (!g_exhaustive && !hy && !start_compat(a, b, xlit))
                continue;
            fq[i] |= (uint32_t)1 << j;
            fc[j] |= (uint32_t)1 << i;
            float v = tok_sim(a, b, xlit, &how[i][j], NULL, NULL);
            if (hy && v < HYPO_SIM && hypo_pair(a, b)) {
                v = HYPO_SIM;
                how[i][j] = SCR_HOW_HYPOCORISM;
            }
            if (v > 0.0f) {
                pp[npos++] = (pos_pair){v, a->w + b->w, (int8_t)i, (int8_t)j};
                rm = v > rm ? v : rm;
                cmax[j] = v > cmax[j] ? v : cmax[j];
                content_pair = content_pair || (how[i][j] != SCR_HOW_INITIAL &&
                                                scr_content_kind(a->kind) && scr_content_kind(b->kind));
            }
        }
        qmax[i] = rm;
    }
    mgates mgq, mgc;
    mg_init(&mgq, q, c, xlit, fq);
    mg_init(&mgc, c, q, xlit, fc);
    if (!g_exhaustive && !content_pair) {
        /* Without a content pair, only a merge or re-split of content
         * tokens can give the name a content alignment: when none passes
         * its gate with a similarity that alignment would accept, the score
         * is 0 (most unrelated names end here, before any alignment); and a
         * name that cannot reach min_score stops here. With a content pair
         * the candidate is scored in full: the index has already ranked
         * candidates by an upper estimate, and the gates of every token
         * cost about as much as the alignment they would save. */
        if (!content_merge(q, c, xlit, &mgq) && !content_merge(c, q, xlit, &mgc) &&
            !content_resplit(q, c, fq) &&
            !(org && (scr_acro_may(q, c, NULL, NULL, NULL, NULL) ||
                      scr_acro_may(c, q, NULL, NULL, NULL, NULL))))
            return 0.0f;
        if (min_score > 0.0f) {
            bool mq[SCR_MAX_TOKS], mc[SCR_MAX_TOKS];
            float qm[SCR_MAX_TOKS], cm[SCR_MAX_TOKS];
            may_align(q, c, &mgq, &mgc, qmax, cmax, qm, cm, mq, mc);
            if (org) {
                scr_acro_may(q, c, mq, mc, qm, cm);
                scr_acro_may(c, q, mc, mq, cm, qm);
            }
            if (!any_content(q, mq) || !any_content(c, mc) ||
                score_bound(q, c, qm, cm, mq, mc, org) - legal_pen + BOUND_EPS < min_score)
                return 0.0f;
        }
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
        try_merges(q, c, uq, uc, true, xlit, 0.95f, &mgq, al, &nal);
        try_merges(c, q, uc, uq, false, xlit, 0.95f, &mgc, al, &nal);
    } else if (nq >= 2 && (g_exhaustive || exact_resplit_may(q, c, fq))) {
        resplit(q, c, uq, uc, al, &nal, true, fq);
    }
    /* The pairs sorted once in greedy order (insertion sort: few pairs);
     * taking each whose tokens are still free is the repeated scan for
     * the best free pair. */
    for (int x = 1; x < npos; x++) {
        pos_pair v = pp[x];
        int y = x;
        for (; y > 0 && pair_before(&v, &pp[y - 1]); y--)
            pp[y] = pp[y - 1];
        pp[y] = v;
    }
    for (int x = 0; x < npos; x++) {
        int bi = pp[x].i, bj = pp[x].j;
        if (!uq[bi] || !uc[bj])
            continue;
        uq[bi] = uc[bj] = false;
        scr_align *p = &al[nal++];
        p->qi = (int8_t)bi; p->ci = (int8_t)bj; p->qj = p->cj = -1;
        p->sim = pp[x].sim;
        p->how = how[bi][bj];
        /* An initial carries the weight of an initial, not of the name. */
        float wq = q->t[bi].w, wc = c->t[bj].w;
        if (q->t[bi].len == 1 || c->t[bj].len == 1) {
            float m = wq < wc ? wq : wc;
            wq = wc = m;
        }
        p->w = (wq + wc) / 2.0f;
    }
    try_merges(q, c, uq, uc, true, xlit, 0.0f, &mgq, al, &nal);
    try_merges(c, q, uc, uq, false, xlit, 0.0f, &mgc, al, &nal);
    resplit(q, c, uq, uc, al, &nal, false, fq);
    if (org) {
        scr_acronyms(q, c, uq, uc, true, al, &nal);
        scr_acronyms(c, q, uc, uq, false, al, &nal);
    }

    float num = 0.0f, den = 0.0f;
    bool content = false;
    for (int k = 0; k < nal; k++) {
        num += al[k].sim * al[k].w;
        den += al[k].w;
        if (al[k].how != SCR_HOW_INITIAL && scr_span_content(q, al[k].qi, al[k].qj) &&
            scr_span_content(c, al[k].ci, al[k].cj))
            content = true;
    }
    if (!content)
        return 0.0f;
    /* Left-over tokens: an omission when the other name is fully matched
     * (a missing middle name), a conflict when both names have some. */
    bool dq, dc;
    float lq = scr_leftover(q, uq, al, nal, true, &dq), lc = scr_leftover(c, uc, al, nal, false, &dc);
    int li, lj;
    if (lq > 0.0f && lc > 0.0f && scr_letter_rule(q, c, uq, uc, al, nal, xlit, &li, &lj)) {
        /* one word's first letter changed, the rest exact (oneletter.c) */
        uq[li] = uc[lj] = false;
        al[nal] = (scr_align){(int8_t)li, (int8_t)lj, -1, -1, SCR_LETTER_SIM,
                              (q->t[li].w + c->t[lj].w) / 2.0f, SCR_HOW_LETTER};
        num += al[nal].sim * al[nal].w;
        den += al[nal++].w;
        lq = lc = 0.0f;
        dq = dc = false;
    }
    int covq = scr_covered(q, uq), covc = scr_covered(c, uc);
    float omit = q->orgish || c->orgish ? OMIT_WEIGHT : OMIT_WEIGHT_PLAIN;
    float aq = (lc == 0.0f && !dc && covc >= 2) ? omit : CONFLICT_WEIGHT;
    float ac = (lq == 0.0f && !dq && covq >= 2) ? omit : CONFLICT_WEIGHT;
    /* one content word matched and only organisation words left over on
     * the other side (Moonstorm Ltd / Moonstorm Enterprises Ltd): between
     * an omission and a conflict, since Crystalord Ltd and Crystalord
     * Systems Ltd may be two companies of one group */
    if (aq == CONFLICT_WEIGHT && lc == 0.0f && !dc && scr_leftover_org(q, uq))
        aq = ORG_OMIT_WEIGHT;
    if (ac == CONFLICT_WEIGHT && lq == 0.0f && !dq && scr_leftover_org(c, uc))
        ac = ORG_OMIT_WEIGHT;
    den += ac * lc + aq * lq;
    /* Numbers count in full, except between organisation names whose
     * other tokens all align, in two items or more: another number (or
     * none) then names a sibling of the entity (Fund III / Fund IV, Trust
     * 2005-1 / 2006-1, Bank 2), which a reviewer should see, and counts as
     * a token one name lacks. (Ocean Star 7 is no sibling of Ocean Star 8.) */
    bool sib = org && lq == 0.0f && lc == 0.0f && !dq && !dc && nal >= 2;
    den += (sib ? omit : CONFLICT_WEIGHT) * scr_unmatched_numbers(q, uq, c, uc);
    float score = den > 0.0f ? num / den : 0.0f;
    float order_pen = scr_order_penalty(al, nal, nc);
    if (scr_patronym_swapped(q, c, al, nal))
        order_pen += PATRONYM_PENALTY;
    score -= order_pen;
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
