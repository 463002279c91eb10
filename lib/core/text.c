/*
 * UTF-8 and small text utilities used by every loader. Validation is strict
 * (no overlongs, no surrogates, nothing above U+10FFFF) because everything
 * downstream (ICU, JSON output) assumes valid UTF-8.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unicode/uscript.h>
#include "core.h"

int xc_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int len;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) {
        len = 2; v = c & 0x1F; min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3; v = c & 0x0F; min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4; v = c & 0x07; min = 0x10000;
    } else {
        return 0;
    }
    if ((size_t)len > n)
        return 0;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

size_t xc_json_escape(unsigned char c, char out[6])
{
    static const char hex[] = "0123456789ABCDEF";
    if ((c >= 0x20 && c != '"' && c != '\\'))
        return 0;
    out[0] = '\\';
    switch (c) {
    case '"': out[1] = '"'; return 2;
    case '\\': out[1] = '\\'; return 2;
    case '\b': out[1] = 'b'; return 2;
    case '\f': out[1] = 'f'; return 2;
    case '\n': out[1] = 'n'; return 2;
    case '\r': out[1] = 'r'; return 2;
    case '\t': out[1] = 't'; return 2;
    default:
        out[1] = 'u';
        out[2] = '0';
        out[3] = '0';
        out[4] = hex[c >> 4];
        out[5] = hex[c & 15];
        return 6;
    }
}

int xc_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t xc_utf8_valid_prefix(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* Lists are mostly ASCII: skip 8 ASCII bytes at a time. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080u)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        int k = xc_utf8_decode(p + i, n - i, &cp);
        if (!k)
            return i;
        i += (size_t)k;
    }
    return n;
}

size_t xc_utf8_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

bool xc_utf8_valid(const char *s, size_t n)
{
    return xc_utf8_valid_prefix(s, n) == n;
}

static bool is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
           cp == '\v' || cp == 0xA0 || cp == 0x3000 || cp == 0x2009 || cp == 0x200B;
}

int xc_text_clean(xc_buf *b, const char *s, size_t n)
{
    b->len = 0;
    int rc = xc_buf_reserve(b, n);
    if (rc)
        return rc;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    bool pending_space = false;
    while (i < n) {
        /* ASCII fast path, same rules as below: controls and blanks are
         * white space, everything else is copied. */
        if (p[i] < 0x80) {
            unsigned char ch = p[i++];
            if (ch <= 0x20 || ch == 0x7F) {
                pending_space = b->len > 0;
                continue;
            }
            if (pending_space) {
                b->data[b->len++] = ' ';
                pending_space = false;
            }
            b->data[b->len++] = (char)ch;
            continue;
        }
        uint32_t cp;
        int k = xc_utf8_decode(p + i, n - i, &cp);
        if (!k)
            return EXCTL_EUTF8;
        i += (size_t)k;
        if (is_space_cp(cp) || cp < 0x20 || cp == 0x7F) {
            pending_space = b->len > 0;
            continue;
        }
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            cp -= 0xFEE0;
        if (pending_space) {
            b->data[b->len++] = ' ';
            pending_space = false;
        }
        /* Folding only shrinks a character, so the reservation holds. */
        b->len += (size_t)xc_utf8_encode(cp, b->data + b->len);
    }
    b->data[b->len] = '\0';
    return EXCTL_OK;
}

const char *xc_script_of(const char *s, size_t n)
{
    /* Count letters per script; the most frequent wins. Han mixed with kana
     * is Japanese; Han alone stays Hani. */
    int counts[8] = {0};
    enum { S_LATN, S_CYRL, S_ARAB, S_HANI, S_KANA, S_HANG, S_OTHER, S_GREK };
    const char *other = "Zyyy";
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        int k = xc_utf8_decode(p + i, n - i, &cp);
        if (!k)
            break;
        i += (size_t)k;
        if (cp < 0x80) {
            if (isalpha((int)cp))
                counts[S_LATN]++;
            continue;
        }
        UErrorCode err = U_ZERO_ERROR;
        UScriptCode sc = uscript_getScript((UChar32)cp, &err);
        if (U_FAILURE(err))
            continue;
        switch (sc) {
        case USCRIPT_LATIN: counts[S_LATN]++; break;
        case USCRIPT_CYRILLIC: counts[S_CYRL]++; break;
        case USCRIPT_ARABIC: counts[S_ARAB]++; break;
        case USCRIPT_HAN: counts[S_HANI]++; break;
        case USCRIPT_HIRAGANA:
        case USCRIPT_KATAKANA:
        case USCRIPT_KATAKANA_OR_HIRAGANA: counts[S_KANA]++; break;
        case USCRIPT_HANGUL: counts[S_HANG]++; break;
        case USCRIPT_GREEK: counts[S_GREK]++; break;
        case USCRIPT_COMMON:
        case USCRIPT_INHERITED:
            break;
        default:
            counts[S_OTHER]++;
            other = uscript_getShortName(sc);
            break;
        }
    }
    static const char *const names[8] = {"Latn", "Cyrl", "Arab", "Hani",
                                         "Jpan", "Hang", NULL, "Grek"};
    if (counts[S_KANA] > 0 && counts[S_KANA] + counts[S_HANI] >= counts[S_LATN])
        return "Jpan";
    int best = -1, bestn = 0;
    for (int j = 0; j < 8; j++) {
        if (counts[j] > bestn) {
            bestn = counts[j];
            best = j;
        }
    }
    if (best < 0)
        return "Zyyy";
    if (best == S_OTHER)
        return other ? other : "Zyyy";
    return names[best];
}

bool xc_ieq(const char *a, const char *b)
{
    while (*a && *b) {
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
        a++;
        b++;
    }
    return *a == *b;
}

bool xc_istarts(const char *s, const char *prefix)
{
    while (*prefix) {
        if (tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
            return false;
        s++;
        prefix++;
    }
    return true;
}

const char *xc_trim(const char *s, size_t *len)
{
    size_t n = *len;
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    *len = n;
    return s;
}

int xc_parse_long(const char *s, size_t n, long min, long max, long *out)
{
    if (n == 0 || n > 20)
        return EXCTL_EINVAL;
    long v = 0;
    size_t i = 0;
    bool neg = false;
    if (s[0] == '-' || s[0] == '+') {
        neg = s[0] == '-';
        i = 1;
        if (n == 1)
            return EXCTL_EINVAL;
    }
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return EXCTL_EINVAL;
        int d = s[i] - '0';
        if (v > (LONG_MAX - d) / 10)
            return EXCTL_ETOOBIG;
        v = v * 10 + d;
    }
    if (neg)
        v = -v;
    if (v < min || v > max)
        return EXCTL_ETOOBIG;
    *out = v;
    return EXCTL_OK;
}
