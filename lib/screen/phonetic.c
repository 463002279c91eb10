/*
 * Phonetic keys of Latin tokens.
 *
 * The loose key folds the spelling differences that romanisations and
 * loan-word readings introduce, and nothing else matters to it: digraphs
 * collapse (kh, sh, th, ph, zh/dzh/dj), c/k/q and s/z merge, l = r, v = b,
 * f = h, w = u, y = i, g before e/i is j, doubled letters collapse. A few
 * English spellings are read as katakana hears them: -tion/-sion as ション
 * (son), ee/ea before a consonant and a final ey as イー (i), a silent gh
 * (flight), a first i before a consonant and a final silent e as アイ (time = タイム
 * taim), a final -ign as アイン (align = アライン), the glide of a lip
 * consonant before u dropped (ミュラー myura = Muller). It is
 * deliberately coarse, so the scorer uses it only when one side was
 * romanised from another script; between two Latin spellings it would
 * merge different names.
 *
 * The skeleton drops the vowels from the loose key: Arabic writes no short
 * vowels (محمد = mhmd = Muhammad = Mohammed), and Japanese loan words add
 * vowels English lacks. It is also an index key, catching vowel-only
 * spelling variants between Latin names.
 */
#include "screen_int.h"

static bool vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static bool cons(char c)
{
    return c >= 'a' && c <= 'z' && !vowel(c);
}

/* No vowel in s[0..i). */
static bool first_vowel(const char *s, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (vowel(s[k]))
            return false;
    return true;
}

size_t scr_loose_key(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
#define PUT(ch) do { char c_ = (ch); if (o + 1 < cap && (o == 0 || out[o - 1] != c_)) out[o++] = c_; } while (0)
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        char nx = i + 1 < n ? s[i + 1] : 0;
        char nx2 = i + 2 < n ? s[i + 2] : 0;
        switch (c) {
        case 'p':
            if (nx == 'h') { PUT('h'); i++; } else PUT('p');
            break;
        case 'c':
            if (nx == 'h') {
                PUT(cons(nx2) || nx2 == 0 ? 'k' : 'c');
                i++;
            } else if (nx == 'k' || nx == 'q') {
                PUT('k');
                i++;
            } else if (nx == 'e' || nx == 'i' || nx == 'y') {
                PUT('s');
            } else {
                PUT('k');
            }
            break;
        case 'q': case 'k':
            if (nx == 'h') i++;
            PUT('k');
            break;
        case 'x': PUT('k'); PUT('s'); break;
        case 'g':
            if (nx == 'h') { PUT('g'); i++; }
            else if (nx == 'e' || nx == 'i' || nx == 'y') PUT('j');
            else PUT('g');
            break;
        case 'd':
            if (nx == 'z' && nx2 == 'h') { PUT('j'); i += 2; }
            else if (nx == 'j') { PUT('j'); i++; }
            else if (nx == 'h') { PUT('d'); i++; }
            else PUT('d');
            break;
        case 'z':
            if (nx == 'h') { PUT('j'); i++; }
            else PUT('s');
            break;
        case 's':
            if (nx == 'i' && nx2 == 'o' && i + 3 < n && s[i + 3] == 'n') {
                PUT('s');                        /* -sion = ション */
                i++;
            } else if (nx == 'c' && nx2 == 'h') { PUT('s'); i += 2; }
            else if (nx == 'h') { PUT('s'); i++; }
            else PUT('s');
            break;
        case 't':
            if (nx == 'i' && nx2 == 'o' && i + 3 < n && s[i + 3] == 'n') {
                PUT('s');                        /* -tion = ション (aviation) */
                i++;
            } else if (nx == 'h') { PUT('t'); i++; }
            else if (nx == 's' || nx == 'z') { PUT('c'); i++; }
            else PUT('t');
            break;
        case 'l': PUT('r'); break;
        case 'v': PUT('b'); break;
        case 'f': PUT('h'); break;
        case 'w': PUT('u'); break;
        case 'u':
            /* hua = ha, fua = ha: the glide after h/f before a vowel */
            if (o > 0 && out[o - 1] == 'h' && vowel(nx))
                break;
            PUT('u');
            break;
        case 'y':
            /* myu = mu after a lip consonant: ミュラー Muller, ビューロー
             * bureau (not kyu, hyu: Kyung and Hyun are Korean names of
             * their own) */
            if (nx == 'u' && o > 0 && (out[o - 1] == 'm' || out[o - 1] == 'b' ||
                                      out[o - 1] == 'p'))
                break;
            PUT('i');
            break;
        case 'j': PUT('j'); break;
        case 'e':
            if (nx == 'e' || (nx == 'a' && cons(nx2)) || (nx == 'y' && i + 2 == n && i > 0)) {
                PUT('i');                        /* ee, ea: east = イースト; key = キー */
                i++;
            } else if (i + 1 == n && i >= 2 && cons(s[i - 1]) && vowel(s[i - 2])) {
                /* a silent final e (time, service): nothing */
            } else {
                PUT('e');
            }
            break;
        case 'i':
            if (nx == 'g' && nx2 == 'h' && (i + 3 == n || s[i + 3] == 't')) {
                PUT('i');                        /* silent gh: flight = フライト */
                i += 2;
            } else if (nx == 'g' && nx2 == 'n' && i + 3 == n && i > 0) {
                PUT('a');                        /* -ign = アイン: align, design */
                PUT('i');
                PUT('n');
                i += 2;
            } else if (i > 0 && cons(nx) && nx != 'r' && i + 3 == n && s[i + 2] == 'e' &&
                       first_vowel(s, i)) {
                /* time = タイム, white = ホワイト; only as the word's one
                 * vowel before the e: service, engine are サービス, エンジン */
                PUT('a');
                PUT('i');
            } else {
                PUT('i');
            }
            break;
        case 'o':
            if (nx == 'o' || nx == 'u') { PUT('u'); i++; } else PUT('o');
            break;
        default:
            PUT(c);
        }
    }
#undef PUT
    out[o] = '\0';
    return o;
}

size_t scr_skeleton(const char *lo, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        char c = lo[i];
        if (vowel(c))
            continue;
        if (o > 0 && out[o - 1] == c)
            continue;
        out[o++] = c;
    }
    out[o] = '\0';
    return o;
}
