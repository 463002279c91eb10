/*
 * English numbers written as words, read as the number token they stand for.
 *
 * Lists write one name with digits in one place and in words in another
 * ("Brigade 44" / "Brigade Forty-Four", "1st International Bank" / "First
 * International Bank"). Numbers are significant in the scorer (they match
 * only exactly), so both spellings must become the same token: the digits.
 * Read here, after tokenisation (a hyphen already separated "forty" from
 * "four"):
 *   - cardinals and ordinals up to 999,999: units, teens, tens, "hundred"
 *     and "thousand", with an optional "and" inside ("three hundred and
 *     five"), a tens word joined to its unit ("fortyfour"), and a tens word
 *     followed by a digit ("forty 4");
 *   - digits with an ordinal suffix ("1st", "22nd", "44th");
 *   - the usual misspellings "fourty", "ninty", "twelth".
 * A run of words reads as one number only where the grammar allows it
 * ("forty four" is 44, "four forty" is 4 and 40): two names never meet
 * through a number they do not both spell. The word table is general
 * English (public knowledge), not taken from any other project.
 */
#include <pthread.h>
#include <string.h>
#include "screen_int.h"

typedef struct numword {
    const char *w;
    uint16_t v;
    uint8_t cls;          /* NW_UNIT, NW_TEEN, NW_TENS, NW_HUNDRED, NW_THOUSAND */
    uint8_t ord;          /* ordinal form ("fourth"): ends the number */
} numword;

enum { NW_UNIT = 1, NW_TEEN, NW_TENS, NW_HUNDRED, NW_THOUSAND };

static const numword g_words[] = {
    {"one", 1, NW_UNIT, 0}, {"two", 2, NW_UNIT, 0}, {"three", 3, NW_UNIT, 0},
    {"four", 4, NW_UNIT, 0}, {"five", 5, NW_UNIT, 0}, {"six", 6, NW_UNIT, 0},
    {"seven", 7, NW_UNIT, 0}, {"eight", 8, NW_UNIT, 0}, {"nine", 9, NW_UNIT, 0},
    {"first", 1, NW_UNIT, 1}, {"second", 2, NW_UNIT, 1}, {"third", 3, NW_UNIT, 1},
    {"fourth", 4, NW_UNIT, 1}, {"fifth", 5, NW_UNIT, 1}, {"sixth", 6, NW_UNIT, 1},
    {"seventh", 7, NW_UNIT, 1}, {"eighth", 8, NW_UNIT, 1}, {"ninth", 9, NW_UNIT, 1},
    {"ten", 10, NW_TEEN, 0}, {"eleven", 11, NW_TEEN, 0}, {"twelve", 12, NW_TEEN, 0},
    {"thirteen", 13, NW_TEEN, 0}, {"fourteen", 14, NW_TEEN, 0}, {"fifteen", 15, NW_TEEN, 0},
    {"sixteen", 16, NW_TEEN, 0}, {"seventeen", 17, NW_TEEN, 0},
    {"eighteen", 18, NW_TEEN, 0}, {"nineteen", 19, NW_TEEN, 0},
    {"tenth", 10, NW_TEEN, 1}, {"eleventh", 11, NW_TEEN, 1}, {"twelfth", 12, NW_TEEN, 1},
    {"twelth", 12, NW_TEEN, 1}, {"thirteenth", 13, NW_TEEN, 1},
    {"fourteenth", 14, NW_TEEN, 1}, {"fifteenth", 15, NW_TEEN, 1},
    {"sixteenth", 16, NW_TEEN, 1}, {"seventeenth", 17, NW_TEEN, 1},
    {"eighteenth", 18, NW_TEEN, 1}, {"nineteenth", 19, NW_TEEN, 1},
    {"twenty", 20, NW_TENS, 0}, {"thirty", 30, NW_TENS, 0}, {"forty", 40, NW_TENS, 0},
    {"fourty", 40, NW_TENS, 0}, {"fifty", 50, NW_TENS, 0}, {"sixty", 60, NW_TENS, 0},
    {"seventy", 70, NW_TENS, 0}, {"eighty", 80, NW_TENS, 0}, {"ninety", 90, NW_TENS, 0},
    {"ninty", 90, NW_TENS, 0},
    {"twentieth", 20, NW_TENS, 1}, {"thirtieth", 30, NW_TENS, 1},
    {"fortieth", 40, NW_TENS, 1}, {"fourtieth", 40, NW_TENS, 1},
    {"fiftieth", 50, NW_TENS, 1}, {"sixtieth", 60, NW_TENS, 1},
    {"seventieth", 70, NW_TENS, 1}, {"eightieth", 80, NW_TENS, 1},
    {"ninetieth", 90, NW_TENS, 1},
    {"hundred", 100, NW_HUNDRED, 0}, {"hundredth", 100, NW_HUNDRED, 1},
    {"thousand", 1000, NW_THOUSAND, 0}, {"thousandth", 1000, NW_THOUSAND, 1},
};

/* Every token of every name passes here, so the table's word lengths and
 * the set of its first letters are computed once: a token whose first
 * letter starts no word (most tokens) is rejected before any scan. */
static uint8_t g_len[XC_ARRAY_LEN(g_words)];
static uint8_t g_first[256];
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static void init_once(void)
{
    for (size_t i = 0; i < XC_ARRAY_LEN(g_words); i++) {
        g_len[i] = (uint8_t)strlen(g_words[i].w);
        g_first[(unsigned char)g_words[i].w[0]] = 1;
    }
}

static const numword *lookup(const char *s, size_t n)
{
    if (n == 0)
        return NULL;
    for (size_t i = 0; i < XC_ARRAY_LEN(g_words); i++)
        if (g_words[i].w[0] == s[0] && g_len[i] == n && !memcmp(g_words[i].w, s, n))
            return &g_words[i];
    return NULL;
}

/* A tens word with its unit written on (fortyfour, twentyfirst). */
static bool joined_tens(const char *s, size_t n, numword *out)
{
    for (size_t i = 0; i < XC_ARRAY_LEN(g_words); i++) {
        const numword *t = &g_words[i];
        if (t->cls != NW_TENS || t->ord || t->w[0] != s[0])
            continue;
        size_t l = g_len[i];
        if (l >= n || memcmp(t->w, s, l))
            continue;
        const numword *u = lookup(s + l, n - l);
        if (u && u->cls == NW_UNIT) {
            *out = (numword){t->w, (uint16_t)(t->v + u->v), NW_TENS, u->ord};
            return true;
        }
    }
    return false;
}

/* The token as a number word; joined tens read as a tens word that already
 * holds its unit (then *full). */
static bool word_at(const scr_ntok *t, numword *out, bool *full)
{
    *full = false;
    if (t->sc != SCR_SC_LATIN || t->len < 3 || t->len > 24 || !g_first[(unsigned char)t->s[0]])
        return false;
    const numword *w = lookup(t->s, t->len);
    if (w) {
        *out = *w;
        return true;
    }
    if (joined_tens(t->s, t->len, out)) {
        *full = true;
        return true;
    }
    return false;
}

/* A single digit 1..9 written as such ("forty 4"). */
static int digit_unit(const scr_ntok *t)
{
    if (t->len == 1 && t->s[0] >= '1' && t->s[0] <= '9')
        return t->s[0] - '0';
    return 0;
}

/* Below one hundred at t[i]: tens [unit], teen or unit. Sets *v and *ord,
 * returns the tokens read (0: none). */
static size_t read_below_100(const scr_ntok *t, size_t i, size_t n, unsigned *v, bool *ord)
{
    numword w;
    bool full;
    if (i >= n || !word_at(&t[i], &w, &full))
        return 0;
    if (w.cls == NW_UNIT || w.cls == NW_TEEN) {
        *v = w.v;
        *ord = w.ord;
        return 1;
    }
    if (w.cls != NW_TENS)
        return 0;
    *v = w.v;
    *ord = w.ord;
    if (full || w.ord || i + 1 >= n)
        return 1;
    numword u;
    bool ufull;
    if (word_at(&t[i + 1], &u, &ufull) && u.cls == NW_UNIT) {
        *v += u.v;
        *ord = u.ord;
        return 2;
    }
    int d = digit_unit(&t[i + 1]);
    if (d) {
        *v += (unsigned)d;
        return 2;
    }
    return 1;
}

static bool is_and(const scr_ntok *t)
{
    return t->len == 3 && !memcmp(t->s, "and", 3);
}

/* Below one thousand: [unit hundred [and]] [below 100]. */
static size_t read_below_1000(const scr_ntok *t, size_t i, size_t n, unsigned *v, bool *ord)
{
    unsigned a = 0;
    bool o = false;
    size_t k = read_below_100(t, i, n, &a, &o);
    numword h;
    bool full;
    if (k == 1 && !o && a < 10 && i + 1 < n && word_at(&t[i + 1], &h, &full) &&
        h.cls == NW_HUNDRED) {
        unsigned hv = a * 100;
        k = 2;
        if (h.ord) {
            *v = hv;
            *ord = true;
            return k;
        }
        size_t j = i + 2;
        if (j + 1 < n && is_and(&t[j]))
            j++;
        unsigned b = 0;
        bool bo = false;
        size_t kb = read_below_100(t, j, n, &b, &bo);
        if (kb) {
            *v = hv + b;
            *ord = bo;
            return j - i + kb;
        }
        *v = hv;
        *ord = false;
        return k;
    }
    if (k) {
        *v = a;
        *ord = o;
    }
    return k;
}

/* Digits with an ordinal suffix (1st, 22nd, 44th): the digits. */
static size_t ordinal_digits(const scr_ntok *t)
{
    if (t->len < 3 || t->len > 9)
        return 0;
    size_t d = 0;
    while (d < t->len && t->s[d] >= '0' && t->s[d] <= '9')
        d++;
    if (d == 0 || d + 2 != t->len)
        return 0;
    const char *suf = t->s + d;
    if (!memcmp(suf, "st", 2) || !memcmp(suf, "nd", 2) || !memcmp(suf, "rd", 2) ||
        !memcmp(suf, "th", 2))
        return d;
    return 0;
}

size_t scr_number_words(const scr_ntok *t, size_t i, size_t n, char *out, size_t cap)
{
    if (cap < 8 || i >= n)
        return 0;
    pthread_once(&g_once, init_once);
    size_t d = ordinal_digits(&t[i]);
    if (d) {
        memcpy(out, t[i].s, d);
        out[d] = '\0';
        return 1;
    }
    unsigned v = 0;
    bool ord = false;
    size_t k = read_below_1000(t, i, n, &v, &ord);
    if (!k)
        return 0;
    numword th;
    bool full;
    if (!ord && v > 0 && v < 1000 && i + k < n && word_at(&t[i + k], &th, &full) &&
        th.cls == NW_THOUSAND) {
        v *= 1000;
        k++;
        if (!th.ord) {
            size_t j = i + k;
            if (j + 1 < n && is_and(&t[j]))
                j++;
            unsigned b = 0;
            bool bo = false;
            size_t kb = read_below_1000(t, j, n, &b, &bo);
            if (kb) {
                v += b;
                k = j - i + kb;
            }
        }
    }
    /* write the value (at most 999,999) */
    char tmp[8];
    size_t l = 0;
    do {
        tmp[l++] = (char)('0' + v % 10);
        v /= 10;
    } while (v && l < sizeof tmp);
    for (size_t x = 0; x < l; x++)
        out[x] = tmp[l - 1 - x];
    out[l] = '\0';
    return k;
}
