/*
 * Date normalisation: every list writes dates its own way; the model keeps
 * ISO 8601 at the precision the source gives (YYYY-MM-DD, YYYY-MM, YYYY).
 *
 * The input is tokenised into numbers, month names and era names; words of
 * approximation ("circa", "ca.", "approx.") and connectives of a range
 * ("1970-1972", "between 1970 and 1972") are dropped, so a range keeps its
 * first year. The token sequence is then matched against a handful of
 * shapes. Anything else is rejected rather than guessed: a wrong birth date
 * is worse than a missing one. Numeric D/M/Y order follows the caller's
 * us_order flag, falling back to the other order only when the preferred
 * one is impossible (month > 12).
 */
#include <stdio.h>
#include <string.h>
#include "model.h"

enum { T_NUM, T_MON, T_ERA };

typedef struct dtok {
    int type;
    int val;      /* number, month 1..12, or era base year */
    int ndig;     /* digits of a number */
} dtok;

#define MAX_TOK 8

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

/* Words that carry no date information (approximation, ranges). */
static const char *const noise[] = {"circa", "ca", "c", "approx", "approximately",
                                    "about", "abt", "around", "to", "and", "between",
                                    "or", "year", "born", "dob", "in"};

static int classify_word(const char *w, size_t n, dtok *t)
{
    if (n >= 3) {
        for (int m = 0; m < 12; m++) {
            if (!memcmp(w, months[m], 3)) {
                /* "sept", "june", "january" ... any word starting with the
                 * three-letter abbreviation and no longer than a month name */
                if (n <= 9) {
                    t->type = T_MON;
                    t->val = m + 1;
                    return 1;
                }
            }
        }
    }
    for (size_t i = 0; i < XC_ARRAY_LEN(noise); i++)
        if (strlen(noise[i]) == n && !memcmp(noise[i], w, n))
            return 0;
    return -1;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int mdays(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

static bool ok_ymd(int y, int m, int d)
{
    return y >= 1000 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= mdays(y, m);
}

static int emit(char out[11], int y, int m, int d)
{
    if (y < 1000 || y > 2999)
        return EXCTL_EPARSE;
    if (m && (m < 1 || m > 12))
        return EXCTL_EPARSE;
    if (d && !ok_ymd(y, m, d))
        return EXCTL_EPARSE;
    /* Digits by hand: the ranges are checked above, and snprintf's
     * truncation warning cannot see them at -O3. */
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '\0';
    if (m) {
        out[4] = '-';
        out[5] = (char)('0' + m / 10);
        out[6] = (char)('0' + m % 10);
        out[7] = '\0';
    }
    if (m && d) {
        out[7] = '-';
        out[8] = (char)('0' + d / 10);
        out[9] = (char)('0' + d % 10);
        out[10] = '\0';
    }
    return EXCTL_OK;
}

/* Japanese era names: base year such that era year N is base + N. */
static const struct { const char *name; int base; } eras[] = {
    {"\u4ee4\u548c", 2018}, /* 令和 */
    {"\u5e73\u6210", 1988}, /* 平成 */
    {"\u662d\u548c", 1925}, /* 昭和 */
};

static int tokenize(const char *s, size_t n, dtok *t, int *nt)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    int k = 0;
    while (i < n) {
        uint32_t cp;
        int len = xc_utf8_decode(p + i, n - i, &cp);
        if (!len)
            return EXCTL_EPARSE;
        if (cp >= 0xFF10 && cp <= 0xFF19)
            cp = '0' + (cp - 0xFF10);
        if (cp >= '0' && cp <= '9') {
            long v = 0;
            int nd = 0;
            for (;;) {
                v = v * 10 + (long)(cp - '0');
                nd++;
                i += (size_t)len;
                if (nd > 8 || i >= n)
                    break;
                len = xc_utf8_decode(p + i, n - i, &cp);
                if (!len)
                    return EXCTL_EPARSE;
                if (cp >= 0xFF10 && cp <= 0xFF19)
                    cp = '0' + (cp - 0xFF10);
                if (!(cp >= '0' && cp <= '9'))
                    break;
            }
            if (nd > 4 || k >= MAX_TOK)
                return EXCTL_EPARSE;
            t[k++] = (dtok){T_NUM, (int)v, nd};
            continue;
        }
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
            char w[16];
            size_t wn = 0;
            while (i < n && ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z'))) {
                if (wn + 1 >= sizeof w)
                    return EXCTL_EPARSE;
                w[wn++] = (char)(p[i] | 0x20);
                i++;
            }
            dtok tk;
            int c = classify_word(w, wn, &tk);
            if (c < 0)
                return EXCTL_EPARSE;
            if (c > 0) {
                if (k >= MAX_TOK)
                    return EXCTL_EPARSE;
                t[k++] = tk;
            }
            continue;
        }
        if (cp < 0x80) {
            /* separators: space - / . , ( ) ~ */
            if (strchr(" \t-/.,()~'", (int)cp) == NULL)
                return EXCTL_EPARSE;
            i += (size_t)len;
            continue;
        }
        /* 年 月 日, full-width space and dash, the era names, and "元" (the
         * first year of an era) */
        if (cp == 0x5E74 || cp == 0x6708 || cp == 0x65E5 || cp == 0x3000 ||
            cp == 0x301C || cp == 0xFF5E || cp == 0x2013 || cp == 0x2014) {
            i += (size_t)len;
            continue;
        }
        if (cp == 0x5143) { /* 元年 = year 1 */
            if (k >= MAX_TOK)
                return EXCTL_EPARSE;
            t[k++] = (dtok){T_NUM, 1, 1};
            i += (size_t)len;
            continue;
        }
        bool era = false;
        for (size_t e = 0; e < XC_ARRAY_LEN(eras); e++) {
            size_t el = strlen(eras[e].name);
            if (n - i >= el && !memcmp(s + i, eras[e].name, el)) {
                if (k >= MAX_TOK)
                    return EXCTL_EPARSE;
                t[k++] = (dtok){T_ERA, eras[e].base, 0};
                i += el;
                era = true;
                break;
            }
        }
        if (!era)
            return EXCTL_EPARSE;
    }
    *nt = k;
    return EXCTL_OK;
}

static int year_of(const dtok *t)
{
    if (t->ndig == 4)
        return t->val;
    if (t->ndig == 2)
        return t->val <= 30 ? 2000 + t->val : 1900 + t->val;
    return -1;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* "Z", "+09:00", "-0400" */
static bool is_zone(const char *z, size_t n)
{
    if (n == 1)
        return z[0] == 'Z';
    if ((n != 6 && n != 5) || (z[0] != '+' && z[0] != '-') || !is_digit(z[1]) ||
        !is_digit(z[2]))
        return false;
    const char *mm = n == 6 ? z + 4 : z + 3;
    return (n == 5 || z[3] == ':') && is_digit(mm[0]) && is_digit(mm[1]);
}

int xc_date_norm(const char *s, size_t n, bool us_order, char out[11])
{
    out[0] = '\0';
    if (!s)
        return EXCTL_EPARSE;
    s = xc_trim(s, &n);
    if (n == 0 || n > 64)
        return EXCTL_EPARSE;
    /* ISO timestamps and dates with a time zone (xs:date as the UN list
     * writes it: "2015-04-07-04:00", "2015-04-07Z"): keep the date part. */
    char head[11];
    if (n > 10 && s[4] == '-' && s[7] == '-' &&
        ((n > 11 && (s[10] == 'T' || (s[10] == ' ' && s[11] >= '0' && s[11] <= '9'))) ||
         is_zone(s + 10, n - 10))) {
        memcpy(head, s, 10);
        head[10] = '\0';
        s = head;
        n = 10;
    }
    dtok t[MAX_TOK];
    int nt = 0;
    if (tokenize(s, n, t, &nt) != EXCTL_OK || nt == 0)
        return EXCTL_EPARSE;
    /* Era years: 令和5年6月1日 */
    if (t[0].type == T_ERA) {
        if (nt < 2 || t[1].type != T_NUM || t[1].val < 1 || t[1].val > 70)
            return EXCTL_EPARSE;
        int y = t[0].val + t[1].val;
        if (nt == 2)
            return emit(out, y, 0, 0);
        if (t[2].type != T_NUM || (nt == 4 && t[3].type != T_NUM) || nt > 4)
            return EXCTL_EPARSE;
        return emit(out, y, t[2].val, nt == 4 ? t[3].val : 0);
    }
    for (int i = 0; i < nt; i++)
        if (t[i].type == T_ERA)
            return EXCTL_EPARSE;
    const dtok *a = &t[0], *b = nt > 1 ? &t[1] : NULL, *c = nt > 2 ? &t[2] : NULL;
    if (a->type == T_NUM && a->ndig == 4) {
        int y = a->val;
        if (nt == 1)
            return emit(out, y, 0, 0);
        /* a range of years keeps the first: "1970-1972" */
        if (b->type == T_NUM && b->ndig == 4 && nt == 2)
            return emit(out, y, 0, 0);
        if (b->type == T_NUM && b->ndig <= 2) {
            if (nt == 2)
                return emit(out, y, b->val, 0);
            if (nt == 3 && c->type == T_NUM && c->ndig <= 2)
                return emit(out, y, b->val, c->val);
            return EXCTL_EPARSE;
        }
        if (b->type == T_MON) {
            if (nt == 2)
                return emit(out, y, b->val, 0);
            if (nt == 3 && c->type == T_NUM && c->ndig <= 2)
                return emit(out, y, b->val, c->val);
        }
        return EXCTL_EPARSE;
    }
    if (a->type == T_MON) {
        /* "Jan 1970", "January 12, 1970" */
        if (nt == 2 && b->type == T_NUM && b->ndig == 4)
            return emit(out, b->val, a->val, 0);
        if (nt == 3 && b->type == T_NUM && b->ndig <= 2 && c->type == T_NUM && c->ndig == 4)
            return emit(out, c->val, a->val, b->val);
        return EXCTL_EPARSE;
    }
    /* a is a number of 1-2 digits */
    if (a->ndig > 2)
        return EXCTL_EPARSE;
    /* month and year: "09/1962" */
    if (nt == 2 && b->type == T_NUM && b->ndig == 4)
        return emit(out, b->val, a->val, 0);
    if (nt != 3)
        return EXCTL_EPARSE;
    if (b->type == T_MON) {
        /* "12 Jan 1970" */
        int y = c->type == T_NUM ? year_of(c) : -1;
        if (y < 0 || c->ndig != 4)
            return EXCTL_EPARSE;
        return emit(out, y, b->val, a->val);
    }
    if (b->type != T_NUM || c->type != T_NUM || b->ndig > 2)
        return EXCTL_EPARSE;
    int y = year_of(c);
    if (y < 0)
        return EXCTL_EPARSE;
    int m1 = us_order ? a->val : b->val, d1 = us_order ? b->val : a->val;
    if (ok_ymd(y, m1, d1))
        return emit(out, y, m1, d1);
    /* the preferred order is impossible; the other one is unambiguous */
    if (ok_ymd(y, d1, m1) && d1 <= 12 && m1 > 12)
        return emit(out, y, d1, m1);
    return EXCTL_EPARSE;
}

int xc_date_range(const char *s, size_t n, bool us_order, char from[11], char to[11])
{
    from[0] = to[0] = '\0';
    for (size_t i = 0; i + 4 <= n; i++) {
        /* " to " between two dates: "01 Jan 1961 to 31 Dec 1962" */
        if (s[i] == ' ' && (s[i + 1] | 0x20) == 't' && (s[i + 2] | 0x20) == 'o' &&
            s[i + 3] == ' ') {
            if (xc_date_norm(s, i, us_order, from) == EXCTL_OK &&
                xc_date_norm(s + i + 4, n - i - 4, us_order, to) == EXCTL_OK &&
                strcmp(from, to) <= 0)
                return EXCTL_OK;
            break;
        }
    }
    from[0] = to[0] = '\0';
    return EXCTL_EPARSE;
}

int xc_ent_birth_date(exctl_entity *e, const char *s, size_t n, bool us_order)
{
    char d[11], to[11];
    if (xc_date_range(s, n, us_order, d, to) == EXCTL_OK) {
        /* A screening tool compares years: every year of a range of up to
         * ten years, the two ends of a wider one (as the UN loader does for
         * BETWEEN); a range within one year is that year. */
        int fy = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
        int ty = (to[0] - '0') * 1000 + (to[1] - '0') * 100 + (to[2] - '0') * 10 +
                 (to[3] - '0');
        for (int y = fy; y <= ty; y++) {
            if (ty - fy > 10 && y != fy && y != ty)
                continue;
            char ys[8];
            int yl = snprintf(ys, sizeof ys, "%d", y);
            int rc = xc_ent_field(e, EXCTL_FIELD_BIRTH_DATE, ys, (size_t)yl);
            if (rc)
                return rc;
        }
        return EXCTL_OK;
    }
    if (xc_date_norm(s, n, us_order, d) == EXCTL_OK)
        return xc_ent_field(e, EXCTL_FIELD_BIRTH_DATE, d, strlen(d));
    /* Kept as written rather than guessed. */
    return xc_ent_field(e, EXCTL_FIELD_BIRTH_DATE, s, n);
}
