/*
 * meti-ban-txt: Japan's export-ban lists (輸出等に係る禁止措置の対象となる団
 * 体) as text extracted from METI's PDFs: the Russia-related third-country
 * list and the Belarus list.
 *
 * Layout: a heading ("○ ..."), 指定日 / 最終更新日 lines, then numbered
 * entries, each
 *     <No.> <Japanese name>[（中文名）][（別称、<ja alias>、...及び<ja alias>）]
 *     <English name>[, a.k.a., the following N aliases:]
 *     -<alias>;  ... ; and -<alias>.
 *     所在地：<address>[; and <address>]
 * and, in the newer entries, "別称：" lines with Japanese then English
 * aliases separated by "; ". These are real Japanese ⇄ English name pairs,
 * so the loader keeps every name: the English name is primary, the Japanese
 * name and Japanese aliases are original-script names (language "ja"),
 * Chinese names in brackets are original-script names ("zh").
 *
 * PDF extraction mangles the layout, and the parser is a line-state machine
 * built around what the files really do:
 * - lines wrap anywhere (Japanese lines are joined without a space, English
 *   ones with one, "21-\n27" without);
 * - the next entry can be glued to the end of an address ("...United Arab
 *   Emirates.4 サクセス...") and an English name to the end of a Japanese
 *   one ("...有限公司）Yilufa Electronics Ltd, a.k.a., ..."), and "所在地"
 *   can start mid-line;
 * - numbers and punctuation may be full-width (folded first).
 * Entries are recognised only by the expected next number followed by
 * Japanese text, so house numbers in addresses never start an entry.
 * Bracket depth is tracked across lines so that a wrapped Chinese name is
 * not mistaken for the start of the English part.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "fmt_util.h"

#define ADDR_MARK "\xE6\x89\x80\xE5\x9C\xA8\xE5\x9C\xB0" /* 所在地 */
#define ALIAS_MARK "\xE5\x88\xA5\xE7\xA7\xB0"           /* 別称 */
#define OYOBI "\xE5\x8F\x8A\xE3\x81\xB3"                /* 及び */
#define TOUTEN "\xE3\x80\x81"                           /* 、 */
#define UPDATED "\xE6\x9C\x80\xE7\xB5\x82\xE6\x9B\xB4\xE6\x96\xB0\xE6\x97\xA5" /* 最終更新日 */
#define DESIGNATED "\xE6\x8C\x87\xE5\xAE\x9A\xE6\x97\xA5" /* 指定日 */
#define CIRCLE "\xE2\x97\x8B"                             /* ○ */

static int sniff(const char *path, const char *data, size_t len)
{
    (void)path;
    size_t win = len < 16384 ? len : 16384;
    int c = 0;
    if (fu_memmem(data, win, ADDR_MARK, 9))
        c += 50;
    if (fu_memmem(data, win, UPDATED, 15) || fu_memmem(data, win, DESIGNATED, 9))
        c += 35;
    if (fu_memmem(data, win, "a.k.a", 5))
        c += 10;
    /* 所在地 alone is specific among list formats; the header adds to it */
    return c >= 50 ? c : 0;
}

enum { S_HEADER, S_JA, S_EN, S_ALIAS, S_JA_ALIAS, S_EN_ALIAS, S_ADDR };

typedef struct ban {
    xc_load *ld;
    int state;
    long expect;          /* next entry number */
    long no;              /* current entry number (0 = none) */
    size_t line;          /* line where the current entry started */
    int depth;            /* bracket depth in the current name part */
    bool bad;             /* entry carries invalid bytes */
    const char *why;
    int bad_rc;
    xc_buf ja, en, aliases, ja_alias, en_alias, addr;
    xc_buf heading;
    char date[11], designated[11];
    const char *prefix;   /* entity id prefix, from the heading */
    size_t alias_at;      /* offset of "alias" in en, SIZE_MAX if none */
} ban;

/* --- small text helpers ------------------------------------------------ */

static bool starts(const char *s, size_t n, const char *p)
{
    size_t l = strlen(p);
    return n >= l && !memcmp(s, p, l);
}

static uint32_t cp_at(const char *s, size_t n, size_t i, int *len)
{
    uint32_t cp = 0;
    *len = xc_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (!*len) {
        *len = 1;
        return 0xFFFD;
    }
    return cp;
}

static bool cjk(const char *s, size_t n) { return fu_has_kana(s, n) || fu_has_han(s, n); }

/* A dash that opens an alias line. */
static size_t dash_len(const char *s, size_t n)
{
    if (n && s[0] == '-')
        return 1;
    int l;
    uint32_t cp = n ? cp_at(s, n, 0, &l) : 0;
    if (cp == 0x2014 || cp == 0x2013 || cp == 0x2010 || cp == 0x2212 || cp == 0x2015)
        return (size_t)l;
    return 0;
}

/* Parse a leading entry number (ASCII digits after folding). */
static size_t lead_number(const char *s, size_t n, long *v)
{
    size_t i = 0;
    long x = 0;
    while (i < n && i < 4 && s[i] >= '0' && s[i] <= '9')
        x = x * 10 + (s[i++] - '0');
    *v = x;
    return i;
}

/* Does s start entry number `expect`? Returns the offset of the entry text. */
static size_t entry_start(const char *s, size_t n, long expect)
{
    long v;
    size_t k = lead_number(s, n, &v);
    if (!k || v != expect || (k < n && s[k] >= '0' && s[k] <= '9'))
        return 0;
    size_t j = k;
    while (j < n && s[j] == ' ')
        j++;
    if (j >= n || !cjk(s + j, n - j))
        return 0;
    return j;
}

/* Update the bracket depth over s. */
static int track_depth(int depth, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '(')
            depth++;
        else if (s[i] == ')' && depth > 0)
            depth--;
    }
    return depth;
}

/* Join a wrapped Japanese line: no space, except between ASCII words. */
static int join_ja(xc_buf *b, const char *s, size_t n)
{
    int rc;
    if (b->len && n) {
        char a = b->data[b->len - 1], c = s[0];
        bool an = ((a | 0x20) >= 'a' && (a | 0x20) <= 'z') || (a >= '0' && a <= '9');
        bool cn = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9');
        if (an && cn && (rc = xc_buf_putc(b, ' ')))
            return rc;
    }
    return xc_buf_append(b, s, n);
}

/* Join a wrapped Latin line: a space, none after a hyphen. */
static int join_en(xc_buf *b, const char *s, size_t n)
{
    int rc;
    if (b->len && n && b->data[b->len - 1] != '-' && (rc = xc_buf_putc(b, ' ')))
        return rc;
    return xc_buf_append(b, s, n);
}

/* Case-insensitive search; returns offset or n. */
static size_t find_ci(const char *s, size_t n, const char *w)
{
    size_t wl = strlen(w);
    for (size_t i = 0; i + wl <= n; i++)
        if (!strncasecmp(s + i, w, wl))
            return i;
    return n;
}

/* --- building an entity ------------------------------------------------ */

/* Japanese name text: main name, （中文名） groups and （別称、...） alias
 * groups, recursively. */
static int ja_names(exctl_entity *e, const char *s, size_t n, const char *lang, int level);

/* One pass over a Japanese name: pass 0 adds the main name (text outside
 * the alias and Chinese-name brackets), pass 1 the bracketed names, so that
 * an entity lists its main Japanese name before its aliases. */
static int ja_pass(exctl_entity *e, const char *s, size_t n, const char *lang, int level,
                   int pass)
{
    xc_buf main;
    xc_buf_init(&main);
    int rc = EXCTL_OK;
    size_t i = 0;
    while (i < n) {
        if (s[i] != '(' || level > 4) {
            if ((rc = xc_buf_putc(&main, s[i])))
                goto out;
            i++;
            continue;
        }
        size_t j = i + 1;
        int depth = 1;
        while (j < n) {
            if (s[j] == '(')
                depth++;
            else if (s[j] == ')' && --depth == 0)
                break;
            j++;
        }
        const char *c = s + i + 1;
        size_t cn = j - i - 1;
        size_t next = j < n ? j + 1 : n;
        size_t cl = cn;
        c = xc_trim(c, &cl);
        if (pass == 0 && (starts(c, cl, ALIAS_MARK) || (fu_has_han(c, cl) && !fu_has_kana(c, cl)))) {
            i = next; /* a bracketed name: pass 1 */
            continue;
        }
        if (starts(c, cl, ALIAS_MARK)) {
            c += 6;
            cl -= 6;
            while (cl && (*c == ':' || *c == ',' || *c == ' ' || starts(c, cl, TOUTEN))) {
                size_t step = starts(c, cl, TOUTEN) ? 3 : 1;
                c += step;
                cl -= step;
            }
            /* items separated by 、 ; or 及び at bracket depth 0 */
            size_t st = 0;
            int d = 0;
            for (size_t k = 0; k <= cl; k++) {
                size_t sep = 0;
                if (k < cl) {
                    if (c[k] == '(')
                        d++;
                    else if (c[k] == ')' && d)
                        d--;
                    else if (!d && starts(c + k, cl - k, TOUTEN))
                        sep = 3;
                    else if (!d && starts(c + k, cl - k, OYOBI))
                        sep = 6;
                    else if (!d && c[k] == ';')
                        sep = 1;
                    if (!sep)
                        continue;
                }
                size_t il = k - st;
                const char *it = xc_trim(c + st, &il);
                if (il) {
                    if (cjk(it, il))
                        rc = ja_names(e, it, il, "ja", level + 1);
                    else
                        rc = xc_ent_name(e, EXCTL_NAME_AKA, it, il, "");
                    if (rc)
                        goto out;
                }
                st = k + sep;
                if (sep)
                    k += sep - 1;
            }
        } else if (fu_has_han(c, cl) && !fu_has_kana(c, cl)) {
            /* Chinese name(s) */
            size_t st = 0;
            int d = 0;
            for (size_t k = 0; k <= cl; k++) {
                bool cut = k == cl;
                if (!cut) {
                    if (c[k] == '(')
                        d++;
                    else if (c[k] == ')' && d)
                        d--;
                    else if (!d && starts(c + k, cl - k, TOUTEN))
                        cut = true;
                }
                if (!cut)
                    continue;
                size_t il = k - st;
                const char *it = xc_trim(c + st, &il);
                if (il && (rc = ja_names(e, it, il, "zh", level + 1)))
                    goto out;
                st = k + 3;
                k += 2;
            }
        } else {
            if ((rc = xc_buf_append(&main, s + i, next - i)))
                goto out;
        }
        i = next;
    }
    size_t ml = main.len;
    const char *m = xc_trim(main.data ? main.data : "", &ml);
    if (ml && pass == 0)
        rc = cjk(m, ml) ? xc_ent_name(e, EXCTL_NAME_ORIGINAL, m, ml, lang)
                        : xc_ent_name(e, EXCTL_NAME_AKA, m, ml, "");
out:
    xc_buf_free(&main);
    return rc;
}

static int ja_names(exctl_entity *e, const char *s, size_t n, const char *lang, int level)
{
    int rc = ja_pass(e, s, n, lang, level, 0);
    return rc ? rc : ja_pass(e, s, n, lang, level, 1);
}

/* Strip list punctuation from an alias item: "X; and", "X;", "X." */
static const char *alias_trim(const char *s, size_t *n)
{
    s = xc_trim(s, n);
    if (*n >= 3 && !strncasecmp(s + *n - 3, "and", 3) &&
        (*n == 3 || s[*n - 4] == ' ' || s[*n - 4] == ';')) {
        size_t k = *n - 3;
        const char *t = xc_trim(s, &k);
        if (!k || t[k - 1] == ';') {
            *n = k;
            s = t;
        }
    }
    bool semi = false;
    while (*n && (s[*n - 1] == ';' || s[*n - 1] == ',' || s[*n - 1] == ' ')) {
        semi |= s[*n - 1] == ';';
        (*n)--;
    }
    if (!semi && *n && s[*n - 1] == '.')
        (*n)--;
    return xc_trim(s, n);
}

/* Country of an address: the last comma part, or its last words; Hong
 * Kong / Macau addresses written "..., Hong Kong, China" stay HK / MO. */
static const char *addr_country(const char *s, size_t n)
{
    size_t k = n;
    while (k && s[k - 1] != ',')
        k--;
    size_t tl = n - k;
    const char *t = fu_trim_punct(s + k, &tl, ".;");
    const char *cc = tl ? xc_country_code(t, tl) : NULL;
    if (!cc && tl) {
        /* "All addresses located in Belarus": try the last 1..3 words */
        size_t w = tl;
        for (int words = 0; words < 3 && !cc; words++) {
            while (w && t[w - 1] != ' ')
                w--;
            cc = xc_country_code(t + w, tl - w);
            if (w)
                w--;
        }
    }
    if (cc && !strcmp(cc, "CN")) {
        if (find_ci(s, n, "Hong Kong") < n)
            return "HK";
        if (find_ci(s, n, "Macau") < n || find_ci(s, n, "Macao") < n)
            return "MO";
    }
    return cc;
}

static int add_addresses(exctl_entity *e, const char *s, size_t n)
{
    size_t st = 0;
    for (size_t k = 0; k <= n; k++) {
        if (k < n && s[k] != ';')
            continue;
        size_t il = k - st;
        const char *it = xc_trim(s + st, &il);
        if (il >= 4 && !strncasecmp(it, "and ", 4)) {
            it += 4;
            il -= 4;
        }
        it = fu_trim_punct(it, &il, ".,");
        if (il) {
            int rc = xc_ent_field(e, EXCTL_FIELD_ADDRESS, it, il);
            if (rc)
                return rc;
            const char *cc = addr_country(it, il);
            if (cc && (rc = xc_ent_country(e, EXCTL_COUNTRY_ADDRESS, cc, strlen(cc))))
                return rc;
        }
        st = k + 1;
    }
    return EXCTL_OK;
}

/* Split a "; "-separated list (and 、 / 及び in Japanese) into names. */
static int add_alias_list(exctl_entity *e, const char *s, size_t n, bool japanese)
{
    size_t st = 0;
    for (size_t k = 0; k <= n; k++) {
        size_t sep = 0;
        if (k < n) {
            if (s[k] == ';')
                sep = 1;
            else if (japanese && starts(s + k, n - k, TOUTEN))
                sep = 3;
            else if (japanese && starts(s + k, n - k, OYOBI))
                sep = 6;
            if (!sep)
                continue;
        }
        size_t il = k - st;
        const char *it = alias_trim(s + st, &il);
        if (il) {
            int rc = cjk(it, il) ? ja_names(e, it, il, "ja", 1)
                                 : fu_add_name_split(e, EXCTL_NAME_AKA, it, il, "", "zh");
            if (rc)
                return rc;
        }
        st = k + sep;
        if (sep)
            k += sep - 1;
    }
    return EXCTL_OK;
}

static void reset_entry(ban *b)
{
    b->ja.len = b->en.len = b->aliases.len = 0;
    b->ja_alias.len = b->en_alias.len = b->addr.len = 0;
    b->depth = 0;
    b->bad = false;
    b->no = 0;
    b->alias_at = SIZE_MAX;
}

/* Build the entity for the entry collected so far. */
static int flush(ban *b)
{
    if (!b->no)
        return EXCTL_OK;
    xc_load *ld = b->ld;
    int rc = EXCTL_OK;
    ld->list->rows++;
    if (b->bad) {
        rc = xc_load_bad(ld, b->line, b->bad_rc, "entry %ld: %s", b->no, b->why);
        goto out;
    }
    /* English name: up to "a.k.a." / "the following" */
    const char *en = b->en.data ? b->en.data : "";
    size_t enl = b->en.len;
    size_t cut = find_ci(en, enl, "a.k.a");
    size_t f2 = find_ci(en, enl, "the following");
    if (f2 < cut)
        cut = f2;
    f2 = find_ci(en, enl, "thefollowing");
    if (f2 < cut)
        cut = f2;
    size_t nl = cut;
    const char *name = fu_trim_punct(en, &nl, ",;:");
    if (!nl) {
        rc = xc_load_bad(ld, b->line, EXCTL_EPARSE, "entry %ld has no English name", b->no);
        goto out;
    }
    char id[24];
    int idl = snprintf(id, sizeof id, "%s%ld", b->prefix ? b->prefix : "jp-ban-", b->no);
    bool created;
    exctl_entity *e = xc_ent_get(ld->list, id, (size_t)idl, &created);
    if (!e) {
        rc = EXCTL_ENOMEM;
        goto out;
    }
    if (!created) {
        rc = xc_load_bad(ld, b->line, EXCTL_EPARSE, "duplicate entry number %ld", b->no);
        goto out;
    }
    e->schema = EXCTL_SCHEMA_ORGANIZATION;
    if ((rc = fu_add_name_split(e, EXCTL_NAME_PRIMARY, name, nl, "", "zh")) ||
        (rc = ja_names(e, b->ja.data ? b->ja.data : "", b->ja.len, "ja", 0)))
        goto out;
    /* dash aliases, one per line of b->aliases */
    const char *a = b->aliases.data ? b->aliases.data : "";
    size_t st = 0;
    for (size_t k = 0; k <= b->aliases.len; k++) {
        if (k < b->aliases.len && a[k] != '\n')
            continue;
        size_t il = k - st;
        const char *it = alias_trim(a + st, &il);
        if (il && (rc = fu_add_name_split(e, EXCTL_NAME_AKA, it, il, "", "zh")))
            goto out;
        st = k + 1;
    }
    if ((rc = add_alias_list(e, b->ja_alias.data ? b->ja_alias.data : "", b->ja_alias.len,
                             true)) ||
        (rc = add_alias_list(e, b->en_alias.data ? b->en_alias.data : "", b->en_alias.len,
                             false)) ||
        (rc = add_addresses(e, b->addr.data ? b->addr.data : "", b->addr.len)))
        goto out;
out:
    reset_entry(b);
    if (rc == EXCTL_ENOMEM)
        xc_err(ld->eb, rc, "%s: out of memory", ld->path);
    return rc;
}

/* --- the line state machine ------------------------------------------- */

static int feed(ban *b, const char *s, size_t n, size_t line);

/* Entity ids: the entry number, prefixed so that a bare id does not collide
 * with the numeric ids of other lists, and naming which METI list it is
 * when the heading says so (the two lists number their entries alike). */
static const char *id_prefix(const xc_buf *heading)
{
    const char *h = heading->data ? heading->data : "";
    size_t n = heading->len;
    /* ベラルーシ共和国の団体 / ...以外の国の団体 */
    if (fu_memmem(h, n, "\xE4\xBB\xA5\xE5\xA4\x96\xE3\x81\xAE\xE5\x9B\xBD\xE3\x81\xAE"
                        "\xE5\x9B\xA3\xE4\xBD\x93", 21))
        return "jp-ban-tc-";
    if (fu_memmem(h, n, "\xE3\x83\x99\xE3\x83\xA9\xE3\x83\xAB\xE3\x83\xBC\xE3\x82\xB7"
                        "\xE5\x85\xB1\xE5\x92\x8C\xE5\x9B\xBD\xE3\x81\xAE\xE5\x9B"
                        "\xA3\xE4\xBD\x93", 33))
        return "jp-ban-by-";
    return "jp-ban-";
}

static int start_entry(ban *b, const char *s, size_t n, size_t line)
{
    if (!b->prefix)
        b->prefix = id_prefix(&b->heading);
    int rc = flush(b);
    if (rc)
        return rc;
    b->no = b->expect++;
    b->line = line;
    b->state = S_JA;
    b->depth = 0;
    return feed(b, s, n, line);
}

/* In an English-name line: text after "alias(es):" is a first alias. */
static int en_line(ban *b, const char *s, size_t n, size_t line)
{
    /* Search only the new text (with an overlap for a word cut by the
     * join), so that a long English part stays linear. */
    size_t from = b->en.len > 6 ? b->en.len - 6 : 0;
    int rc = join_en(&b->en, s, n);
    if (rc)
        return rc;
    b->depth = track_depth(b->depth, s, n);
    if (b->alias_at == SIZE_MAX) {
        size_t al = find_ci(b->en.data + from, b->en.len - from, "alias");
        if (al == b->en.len - from)
            return EXCTL_OK;
        b->alias_at = from + al;
        from = b->alias_at;
    }
    if (from < b->alias_at)
        from = b->alias_at;
    const char *colon = memchr(b->en.data + from, ':', b->en.len - from);
    if (!colon)
        return EXCTL_OK;
    b->state = S_ALIAS;
    size_t rest = b->en.len - (size_t)(colon + 1 - b->en.data);
    if (!rest)
        return EXCTL_OK;
    /* the text after the colon is a first alias: feed it on its own */
    xc_buf tail;
    xc_buf_init(&tail);
    if ((rc = xc_buf_append(&tail, colon + 1, rest)) == EXCTL_OK) {
        b->en.len = (size_t)(colon + 1 - b->en.data);
        size_t tl = tail.len;
        const char *t = xc_trim(tail.data, &tl);
        rc = tl ? feed(b, t, tl, line) : EXCTL_OK;
    }
    xc_buf_free(&tail);
    return rc;
}

/* A Japanese-name line may run on into the English name: find where. The
 * rest of the line must read as Latin text: no kana, a space, some length,
 * Han only inside brackets. One pass collects where the last kana, space
 * and unbracketed Han are, so the search is linear. */
static size_t ja_en_split(const ban *b, const char *s, size_t n)
{
    size_t last_kana = 0, last_space = 0, last_han0 = 0;
    bool any_kana = false, any_space = false, any_han0 = false;
    int depth = b->depth;
    for (size_t i = 0; i < n;) {
        int l;
        uint32_t cp = cp_at(s, n, i, &l);
        if (cp == '(')
            depth++;
        else if (cp == ')' && depth)
            depth--;
        if (fu_is_kana(cp)) {
            last_kana = i;
            any_kana = true;
        } else if (cp == ' ') {
            last_space = i;
            any_space = true;
        } else if (!depth && fu_is_han(cp)) {
            last_han0 = i;
            any_han0 = true;
        }
        i += (size_t)l;
    }
    if (!any_space)
        return n;
    depth = b->depth;
    bool seen_cjk = b->ja.len > 0;
    for (size_t i = 0; i < n;) {
        int l;
        uint32_t cp = cp_at(s, n, i, &l);
        if (cp == '(')
            depth++;
        else if (cp == ')' && depth)
            depth--;
        else if (fu_is_kana(cp) || fu_is_han(cp))
            seen_cjk = true;
        else if (!depth && seen_cjk && cp >= 'A' && cp <= 'Z' && n - i >= 12 &&
                 (!any_kana || i > last_kana) && last_space > i &&
                 (!any_han0 || i > last_han0))
            return i;
        i += (size_t)l;
    }
    return n;
}

/* In an address line: the next entry glued to its end ("Emirates.4 サ").
 * Only digits before the first Japanese character can open it. */
static size_t glued_entry(const ban *b, const char *s, size_t n)
{
    size_t fc = n;
    for (size_t i = 0; i < n && fc == n;) {
        int l;
        uint32_t cp = cp_at(s, n, i, &l);
        if (fu_is_kana(cp) || fu_is_han(cp))
            fc = i;
        i += (size_t)l;
    }
    if (fc == n)
        return n;
    for (size_t i = 1; i < fc; i++) {
        if (!(s[i] >= '0' && s[i] <= '9') || (s[i - 1] >= '0' && s[i - 1] <= '9'))
            continue;
        /* entry_start() without rescanning the rest: Japanese text follows
         * (at fc), with only spaces between it and the number */
        long v;
        size_t k = lead_number(s + i, fc - i, &v);
        if (v != b->expect || (i + k < n && s[i + k] >= '0' && s[i + k] <= '9'))
            continue;
        size_t j = i + k;
        while (j < fc && s[j] == ' ')
            j++;
        if (j < n)
            return i;
    }
    return n;
}

static int feed(ban *b, const char *s, size_t n, size_t line)
{
    int rc;
    if (!n)
        return EXCTL_OK;
    if (b->state == S_HEADER) {
        size_t k = entry_start(s, n, b->expect);
        if (k)
            return start_entry(b, s + k, n - k, line);
        char d[11];
        if (starts(s, n, UPDATED) || starts(s, n, DESIGNATED)) {
            bool upd = starts(s, n, UPDATED);
            size_t o = upd ? 15 : 9;
            while (o < n && (s[o] == ':' || s[o] == ' '))
                o++;
            if (xc_date_norm(s + o, n - o, false, d) == EXCTL_OK)
                memcpy(upd ? b->date : b->designated, d, 11);
            return EXCTL_OK;
        }
        if (starts(s, n, CIRCLE)) {
            s += 3;
            n -= 3;
            s = xc_trim(s, &n);
        }
        return join_ja(&b->heading, s, n);
    }
    /* A new entry at the start of a line (never inside a Japanese name). */
    if (b->state != S_JA && b->state != S_JA_ALIAS) {
        size_t k = entry_start(s, n, b->expect);
        if (k)
            return start_entry(b, s + k, n - k, line);
    }
    /* 所在地 can start mid-line ("KB Radar.所在地：..."). */
    const char *am = fu_memmem(s, n, ADDR_MARK, 9);
    if (am && am > s && b->state != S_JA) {
        size_t pre = (size_t)(am - s);
        if ((rc = feed(b, s, pre, line)))
            return rc;
        return feed(b, am, n - pre, line);
    }
    if (am == s) {
        b->state = S_ADDR;
        s += 9;
        n -= 9;
        while (n && (*s == ':' || *s == ' ')) {
            s++;
            n--;
        }
        if (!n)
            return EXCTL_OK;
    }
    switch (b->state) {
    case S_JA: {
        /* a continuation of the Japanese name, or the English line */
        if (b->ja.len && !b->depth && !cjk(s, n)) {
            b->state = S_EN;
            return feed(b, s, n, line);
        }
        size_t sp = ja_en_split(b, s, n);
        if ((rc = join_ja(&b->ja, s, sp)))
            return rc;
        b->depth = track_depth(b->depth, s, sp);
        if (sp < n) {
            b->state = S_EN;
            b->depth = 0;
            return feed(b, s + sp, n - sp, line);
        }
        return EXCTL_OK;
    }
    case S_EN:
        if (!b->depth && starts(s, n, ALIAS_MARK)) {
            b->state = S_JA_ALIAS;
            return feed(b, s, n, line);
        }
        if (!b->depth && dash_len(s, n)) {
            b->state = S_ALIAS;
            return feed(b, s, n, line);
        }
        return en_line(b, s, n, line);
    case S_ALIAS: {
        if (starts(s, n, ALIAS_MARK)) {
            b->state = S_JA_ALIAS;
            return feed(b, s, n, line);
        }
        size_t dl = dash_len(s, n);
        if (dl) {
            s += dl;
            n -= dl;
            s = xc_trim(s, &n);
            if (b->aliases.len && (rc = xc_buf_putc(&b->aliases, '\n')))
                return rc;
            return xc_buf_append(&b->aliases, s, n);
        }
        return join_en(&b->aliases, s, n);
    }
    case S_JA_ALIAS:
        if (starts(s, n, ALIAS_MARK)) {
            s += 6;
            n -= 6;
            while (n && (*s == ':' || *s == ' ')) {
                s++;
                n--;
            }
            if (!cjk(s, n)) {
                b->state = S_EN_ALIAS;
                return join_en(&b->en_alias, s, n);
            }
            if (b->ja_alias.len && (rc = xc_buf_putc(&b->ja_alias, ';')))
                return rc;
            return xc_buf_append(&b->ja_alias, s, n);
        }
        if (cjk(s, n))
            return join_ja(&b->ja_alias, s, n);
        b->state = S_EN_ALIAS;
        return join_en(&b->en_alias, s, n);
    case S_EN_ALIAS:
        return join_en(&b->en_alias, s, n);
    case S_ADDR: {
        size_t g = glued_entry(b, s, n);
        if ((rc = join_en(&b->addr, s, g)))
            return rc;
        if (g < n) {
            size_t k = g + entry_start(s + g, n - g, b->expect);
            return start_entry(b, s + k, n - k, line);
        }
        return EXCTL_OK;
    }
    default:
        return EXCTL_OK;
    }
}

/* Clean one physical line: fold full-width forms, collapse spaces, and
 * write the half-width katakana middle dot (a PDF artefact) as "・". */
static int clean_line(xc_buf *out, const char *s, size_t n)
{
    int rc = xc_text_clean(out, s, n);
    if (rc)
        return rc;
    for (size_t i = 0; i + 3 <= out->len; i++) {
        if (!memcmp(out->data + i, "\xEF\xBD\xA5", 3))
            memcpy(out->data + i, "\xE3\x83\xBB", 3);
    }
    return EXCTL_OK;
}

static int load(xc_load *ctx)
{
    int rc = EXCTL_OK;
    char *fixed = NULL;
    size_t flen = 0;
    ban b = {.ld = ctx, .state = S_HEADER, .expect = 1, .alias_at = SIZE_MAX};
    xc_buf_init(&b.ja);
    xc_buf_init(&b.en);
    xc_buf_init(&b.aliases);
    xc_buf_init(&b.ja_alias);
    xc_buf_init(&b.en_alias);
    xc_buf_init(&b.addr);
    xc_buf_init(&b.heading);
    xc_buf ln;
    xc_buf_init(&ln);
    if ((rc = fu_utf8_scan(ctx, &fixed, &flen)))
        goto out;
    const char *data = fixed ? fixed : ctx->data;
    size_t len = fixed ? flen : ctx->len;
    size_t pos = fu_bom(data, len), line = 0;
    while (pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        const char *s = data + pos;
        size_t n = end - pos;
        line++;
        pos = end + 1;
        const char *why = NULL;
        int bad = fu_check(s, n, &why);
        if (bad == EXCTL_ETOOBIG) {
            ln.len = 0; /* the line is not read; its entry is rejected */
        } else if (bad) {
            /* lenient mode (strict failed in fu_utf8_scan): drop the marker
             * bytes so the entry boundaries can still be found; the entry
             * is rejected when complete */
            b.ld->tmp.len = 0;
            for (size_t i = 0; i < n; i++) {
                if (i + 3 <= n && !memcmp(s + i, FU_BAD, 3)) {
                    i += 2;
                    continue;
                }
                if ((rc = xc_buf_putc(&b.ld->tmp, s[i])))
                    goto out;
            }
            if (xc_utf8_valid(b.ld->tmp.data ? b.ld->tmp.data : "", b.ld->tmp.len))
                rc = clean_line(&ln, b.ld->tmp.data ? b.ld->tmp.data : "", b.ld->tmp.len);
            else
                ln.len = 0;
        } else {
            rc = clean_line(&ln, s, n);
        }
        if (rc)
            goto out;
        if (bad && b.state == S_HEADER && !(ctx->opts && ctx->opts->lenient)) {
            rc = xc_err(ctx->eb, bad, "%s:%zu: %s", ctx->path, line, why);
            goto out;
        }
        if ((rc = feed(&b, ln.data ? ln.data : "", ln.len, line)))
            goto out;
        if (bad && b.no && !b.bad) {
            b.bad = true;
            b.bad_rc = bad;
            b.why = why;
        }
    }
    if ((rc = flush(&b)))
        goto out;
    if (b.expect == 1) {
        rc = xc_err(ctx->eb, EXCTL_EPARSE, "%s: no numbered entries found", ctx->path);
        goto out;
    }
    if (b.heading.len) {
        xc_buf_cstr(&b.heading);
        xc_list_meta(ctx->list, "name", b.heading.data);
    }
    if (b.date[0] || b.designated[0])
        xc_list_meta(ctx->list, "date", b.date[0] ? b.date : b.designated);
out:
    xc_buf_free(&b.ja);
    xc_buf_free(&b.en);
    xc_buf_free(&b.aliases);
    xc_buf_free(&b.ja_alias);
    xc_buf_free(&b.en_alias);
    xc_buf_free(&b.addr);
    xc_buf_free(&b.heading);
    xc_buf_free(&ln);
    free(fixed);
    return rc;
}

const xc_format xc_fmt_meti_ban = {
    "meti-ban-txt", sniff, load, "METI export ban list", "METI (Japan)",
    "https://www.meti.go.jp/policy/external_economy/trade_control/01_seido/04_seisai/"
    "crimea.html"};
