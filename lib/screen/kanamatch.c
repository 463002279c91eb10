/*
 * Katakana renderings of foreign names against their Latin spelling.
 *
 * Japanese writes a foreign name as it hears it, one mora at a time, so the
 * romanised katakana and the original spelling differ in regular ways that
 * an edit distance over letters prices like any typo:
 *   - vowels: katakana adds one after every consonant but n (epenthesis:
 *     スーパーチップ supachippu = superchip), English spells the same sound
 *     with other letters (laser = レーザー reza, up = アップ, Afox = エー
 *     フォックス), silent letters (a final e) have no kana at all;
 *   - an r after a vowel is a long vowel (ー) or nothing (super = スーパー
 *     supa, Muller = ミュラー);
 *   - close consonants: s/z (laser = レーザー), z/j (ジ is zi: Zixis =
 *     ジクシス), f/h (フ is fu and hu), v/b (ヴ and ブ), v/f, n/m before a
 *     lip consonant, voiced and voiceless pairs.
 * scr_kana_sim() is a weighted edit distance over both spellings brought
 * to one coarse alphabet (sh = s, ch = c, ts = c, th = t, kana r = l,
 * w = u, a Latin y before no vowel = i, doubles once), in which those
 * differences are cheap and any other consonant change costs a full edit.
 * The similarity is 1 - cost / length of the Latin spelling, at most 0.95
 * as the loose key's (score.c), and 0 below SCR_KANA_FLOOR (0.75: one
 * irregular vowel in a short name, ミュラー against Miller, is another
 * name). Only the scorer's comparisons between a token read from kana and
 * a Latin token use it: between Latin names, or for other scripts, vowels
 * are not this free.
 */
#include <string.h>
#include "screen_int.h"

#define KS_MAX 64

static bool kvowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static void put(char *o, size_t *n, char c)
{
    if (*n + 1 < KS_MAX && (*n == 0 || o[*n - 1] != c))
        o[(*n)++] = c;
}

/* A Latin (English-like) spelling in the coarse alphabet; xs reads x as s
 * (pinyin: Youxian = ヨウシエン) instead of ks (Afox = エーフォックス). */
static size_t latin_phones(const char *s, size_t n, char *o, bool xs)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i], nx = i + 1 < n ? s[i + 1] : 0, nx2 = i + 2 < n ? s[i + 2] : 0;
        switch (c) {
        case 'c':
            if (nx == 'h') {
                put(o, &k, nx2 && !kvowel(nx2) && nx2 != 'y' ? 'k' : 'c');   /* chr = k */
                i++;
            } else if (nx == 'k' || nx == 'q') {
                put(o, &k, 'k');
                i++;
            } else if (nx == 'e' || nx == 'i' || nx == 'y') {
                put(o, &k, 's');
            } else {
                put(o, &k, 'K');                 /* a hard c: k, or j in Turkish */
            }
            break;
        case 'q': put(o, &k, 'k'); break;
        case 'k': if (nx == 'h') i++; put(o, &k, 'k'); break;
        case 'x': if (!xs) put(o, &k, 'k'); put(o, &k, 's'); break;
        case 'p': if (nx == 'h') { put(o, &k, 'f'); i++; } else put(o, &k, 'p'); break;
        case 'v': put(o, &k, 'b'); break;
        case 'w': put(o, &k, 'u'); break;
        case 'y': put(o, &k, kvowel(nx) ? 'y' : 'i'); break;   /* York, Mary */
        case 'g': if (nx == 'h') i++; put(o, &k, 'g'); break;
        case 'd':
            if (nx == 'z' && nx2 == 'h') { put(o, &k, 'j'); i += 2; }
            else if (nx == 'j') { put(o, &k, 'j'); i++; }
            else { if (nx == 'h') i++; put(o, &k, 'd'); }
            break;
        case 'z': if (nx == 'h') { put(o, &k, 'j'); i++; } else put(o, &k, 'z'); break;
        case 's':
            if (nx == 'c' && nx2 == 'h') { put(o, &k, 's'); i += 2; }
            else { if (nx == 'h') i++; put(o, &k, 's'); }
            break;
        case 't':
            if (nx == 's' || nx == 'z') { put(o, &k, 'c'); i++; }
            else { if (nx == 'h') i++; put(o, &k, 't'); }
            break;
        default:
            if (c >= 'a' && c <= 'z')
                put(o, &k, c);
        }
    }
    o[k] = '\0';
    return k;
}

/* A romanised kana token (Hepburn or the foreign-word readings of
 * translit.c) in the coarse alphabet. */
static size_t kana_phones(const char *s, size_t n, char *o)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i], nx = i + 1 < n ? s[i + 1] : 0;
        switch (c) {
        case 's': if (nx == 'h') i++; put(o, &k, 's'); break;
        case 'c': if (nx == 'h') i++; put(o, &k, 'c'); break;
        case 't':
            if (nx == 's') { put(o, &k, 'c'); i++; }
            else if (nx == 'c') ;                /* ッチ tchi */
            else put(o, &k, 't');
            break;
        case 'v': put(o, &k, 'b'); break;
        case 'w': put(o, &k, 'u'); break;
        case 'l': put(o, &k, 'r'); break;
        default:
            if (c >= 'a' && c <= 'z')
                put(o, &k, c);
        }
    }
    o[k] = '\0';
    return k;
}

/* Cost of hearing the Latin vowel l (followed by ln) as the kana vowel k:
 * the readings English spelling gives its vowel letters in loan words
 * (a as エ, and as オ before l: Afox, all; e as イ: Peter; o as ウ: move; u as ア: up;
 * e and o before r as ア: super, doctor); any other vowel change is most
 * of an edit: katakana writes the vowels it hears. */
static float vowel_cost(char k, char kp, char l, char ln)
{
    if (k == l)
        return 0.0f;
    switch (k) {
    case 'a': return l == 'u' ? 0.3f : (l == 'e' || l == 'o') && ln == 'r' ? 0.2f : 0.8f;
    case 'e': return l == 'a' ? 0.3f : 0.8f;
    case 'i': return l == 'e' ? 0.3f : 0.8f;
    case 'o': return l == 'a' && ln == 'l' ? 0.3f : 0.8f;
    case 'u':
        /* ドゥ, トゥ (du, tu: only a small ゥ writes them) for the Turkish
         * dotless ı, which lists write as i: Dış = ドゥシュ */
        return l == 'o' ? 0.3f : l == 'i' && (kp == 'd' || kp == 't') ? 0.5f : 0.8f;
    default: return 0.8f;
    }
}

/* Cost of reading the kana phone a (after ap) as the Latin phone b (b[1]
 * follows it):
 * vowels above, consonants the close pairs of the head comment. */
static float sub_cost(char ap, char a, const char *b)
{
    char c = b[0];
    if (a == c || (a == 'r' && c == 'l') || (a == 'k' && c == 'K'))
        return 0.0f;
    if (a == 'h' && c == 'f')
        return 0.8f;                             /* ハ is ha, never fa (フ is both) */
    if (c == 'K')
        c = a == 'j' || a == 'c' ? 's' : 'k';   /* Ticaret = ティジャーレット */
    bool va = kvowel(a), vb = kvowel(c);
    if (va && vb)
        return vowel_cost(a, ap, c, b[1]);
    if (va || vb)
        return 1.2f;
    char x = a < c ? a : c, y = a < c ? c : a;
    static const struct { char x, y; float c; } close[] = {
        {'s', 'z', 0.3f}, {'f', 'h', 0.3f}, {'j', 'z', 0.4f}, {'m', 'n', 0.5f},
        {'j', 's', 0.6f}, {'b', 'f', 0.6f}, {'g', 'k', 0.6f}, {'d', 't', 0.6f},
        {'c', 's', 0.6f}, {'c', 't', 0.6f}, {'c', 'j', 0.6f}, {'g', 'j', 0.6f},
        {'b', 'p', 0.7f},
    };
    for (size_t i = 0; i < XC_ARRAY_LEN(close); i++)
        if (close[i].x == x && close[i].y == y)
            return close[i].c;
    return 1.0f;
}

/* English vowel digraphs (ea, oo, ai, ...): one sound, one kana vowel. */
static bool digraph(char a, char b)
{
    static const char *const dg[] = {"ea", "ee", "oo", "ou", "ai", "ei", "ie", "oa", "au",
                                     "ue", "ui", "oe"};
    for (size_t i = 0; i < XC_ARRAY_LEN(dg); i++)
        if (dg[i][0] == a && dg[i][1] == b)
            return true;
    return false;
}

/* Cost of a phone of s (at i) that the other spelling lacks. A vowel is
 * cheap where katakana adds one after a consonant (u, o after t/d, i after
 * ch/j/sh: トゥ, ッジ) or splits an English vowel letter in two (i = アイ,
 * a = エイ, o = オウ), and where English writes one it does not say (a
 * final e after a consonant, the second letter of ea, oo, ai ...);
 * anywhere else a vowel is heard and written on both sides, and a full
 * edit (tako is not TCO, tanaka not tanker). */
static float indel_cost(const char *s, size_t n, size_t i, bool kana)
{
    char c = s[i];
    char pv = i > 0 ? s[i - 1] : 0, nx = i + 1 < n ? s[i + 1] : 0;
    if (kvowel(c)) {
        bool cheap;
        if (kana)
            cheap = (pv && !kvowel(pv) && pv != 'y' &&
                     (c == 'u' || (c == 'o' && (pv == 't' || pv == 'd')) ||
                      (c == 'i' && (pv == 'c' || pv == 'j' || pv == 's')))) ||
                    (c == 'a' && nx == 'i') || (c == 'i' && pv == 'e') || (c == 'u' && pv == 'o');
        else
            cheap = (c == 'e' && i + 1 == n && pv && !kvowel(pv)) ||
                    (pv && digraph(pv, c)) || (nx && digraph(c, nx));
        return cheap ? 0.25f : 1.0f;
    }
    /* an English r after a vowel, not before one, and the kana r read from
     * ー: a long vowel or nothing */
    if (c == 'r' && pv && kvowel(pv) && (!nx || !kvowel(nx)))
        return 0.15f;
    if (c == 'h')
        return 0.6f;
    /* a final ng, or ng before a consonant, is ン (Chang = チャン, Hong
     * Kong = ホンコン) as often as ング */
    if (c == 'g' && !kana && pv == 'n' && (!nx || !kvowel(nx)))
        return 0.25f;
    /* the glide of kana written with a small ya/yu/yo (ミュ myu = mu) */
    if (c == 'y' && kana && pv && !kvowel(pv))
        return 0.3f;
    return 1.0f;
}

float scr_kana_sim(const char *kana, size_t kn, const char *lat, size_t ln)
{
    char a[KS_MAX], b[KS_MAX];
    if (kn >= KS_MAX || ln >= KS_MAX)
        return 0.0f;
    size_t na = kana_phones(kana, kn, a), nb = latin_phones(lat, ln, b, false);
    if (na < 2 || nb < 2)
        return 0.0f;
    /* the first consonants must be the same or close (a leading vowel may
     * be added: iJet = アイジェット) */
    size_t fa = 0, fb = 0;
    while (fa < na && kvowel(a[fa]))
        fa++;
    while (fb < nb && kvowel(b[fb]))
        fb++;
    if (fa < na && fb < nb && sub_cost(0, a[fa], b + fb) > 0.6f)
        return 0.0f;
    /* Once the cost is past what the floor allows the answer is 0. */
    float budget = (1.0f - SCR_KANA_FLOOR / 0.95f) * (float)nb;
    /* the Latin side's indel costs, read in every row, made once */
    float d[KS_MAX + 1], p[KS_MAX + 1], ib[KS_MAX];
    p[0] = 0.0f;
    for (size_t j = 1; j <= nb; j++) {
        ib[j - 1] = indel_cost(b, nb, j - 1, false);
        p[j] = p[j - 1] + ib[j - 1];
    }
    for (size_t i = 1; i <= na; i++) {
        float del = indel_cost(a, na, i - 1, true);
        d[0] = p[0] + del;
        float rowmin = d[0];
        for (size_t j = 1; j <= nb; j++) {
            float v = p[j - 1] + sub_cost(i > 1 ? a[i - 2] : 0, a[i - 1], b + j - 1);
            float x = p[j] + del;
            float y = d[j - 1] + ib[j - 1];
            if (x < v)
                v = x;
            if (y < v)
                v = y;
            d[j] = v;
            if (v < rowmin)
                rowmin = v;
        }
        if (rowmin > budget)
            return 0.0f;
        memcpy(p, d, (nb + 1) * sizeof *d);
    }
    float cost = p[nb];
    if (cost > budget)
        return 0.0f;
    return 0.95f * (1.0f - cost / (float)nb);
}

/* Candidate generation (index.c) needs a key that a kana token and the
 * Latin tokens scr_kana_sim() accepts for it share: the consonants of both
 * spellings in the coarse alphabet, with what the measure makes cheap
 * removed or folded: vowels and glides (katakana adds and changes them), an
 * r after a vowel and not before one (ー or nothing), the g of ng before no
 * vowel (ン), a Latin h before no vowel (John = ジョン); and one letter per
 * group of close consonants (s z j c, t d, k g, p b v, f h, l r, m n).
 * A Latin x is ks, or s with xs (the measure allows either, the k as a
 * dropped consonant); other consonant differences are left to the deletion
 * neighbourhood of the key. */
static char kana_key_class(char c)
{
    switch (c) {
    case 'z': case 'j': case 'c': return 's';
    case 'd': return 't';
    case 'g': case 'K': case 'q': return 'k';
    case 'b': case 'v': return 'p';
    case 'f': return 'h';
    case 'l': return 'r';
    case 'm': return 'n';
    default: return c;
    }
}

size_t scr_kana_key(const char *s, size_t n, bool kana, bool xs, char *out)
{
    char a[KS_MAX];
    if (n >= KS_MAX)
        return 0;
    size_t na = kana ? kana_phones(s, n, a) : latin_phones(s, n, a, xs), k = 0;
    for (size_t i = 0; i < na; i++) {
        char c = a[i], pv = i > 0 ? a[i - 1] : 0, nx = i + 1 < na ? a[i + 1] : 0;
        if (kvowel(c) || c == 'y')
            continue;
        if ((c == 'r' && pv && kvowel(pv) && !kvowel(nx)) ||
            (c == 'g' && pv == 'n' && !kvowel(nx)) || (c == 'h' && !kvowel(nx)))
            continue;
        c = kana_key_class(c);
        if (c < 'a' || c > 'z' || (k > 0 && out[k - 1] == c))
            continue;
        if (k + 1 >= SCR_KANA_KEY_MAX)
            break;
        out[k++] = c;
    }
    /* one or two consonants are many tokens' key: whether the spelling
     * starts with a vowel splits them (Up = アップ, Koll = コール) */
    if (k > 0 && k <= 2 && na > 0 && kvowel(a[0])) {
        memmove(out + 1, out, k);
        out[0] = '.';
        k++;
    }
    return k;
}
