/*
 * Helpers shared by the list loaders; see fmt_util.h for the policy on
 * invalid input they implement.
 */
#include <stdlib.h>
#include <string.h>
#include "fmt_util.h"

const char *fu_memmem(const char *hay, size_t hn, const char *needle, size_t nn)
{
    if (!nn)
        return hay;
    if (nn > hn)
        return NULL;
    const char *end = hay + (hn - nn);
    for (const char *p = hay; p <= end; p++) {
        p = memchr(p, needle[0], (size_t)(end - p) + 1);
        if (!p)
            return NULL;
        if (!memcmp(p, needle, nn))
            return p;
    }
    return NULL;
}

int fu_json_parse(const char *s, size_t n, size_t flags, json_t **out, json_error_t *err)
{
    json_error_t again;
    if ((*out = json_loadb(s, n, flags, err)) != NULL)
        return EXCTL_OK;
    if (json_error_code(err) == json_error_out_of_memory)
        return EXCTL_ENOMEM;
    if ((*out = json_loadb(s, n, flags, &again)) != NULL)
        return EXCTL_OK;
    if (json_error_code(&again) == json_error_out_of_memory || again.line != err->line ||
        again.column != err->column || again.position != err->position ||
        strcmp(again.text, err->text))
        return EXCTL_ENOMEM;
    return EXCTL_EPARSE;
}

size_t fu_bom(const char *data, size_t len)
{
    return (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) ? 3 : 0;
}

size_t fu_line_of(const char *data, size_t off)
{
    size_t line = 1;
    for (size_t i = 0; i < off; i++)
        if (data[i] == '\n')
            line++;
    return line;
}

size_t fu_find_line(const char *data, size_t len, const char *needle, size_t nlen)
{
    if (!nlen || nlen > len)
        return 0;
    const char *p = fu_memmem(data, len, needle, nlen);
    return p ? fu_line_of(data, (size_t)(p - data)) : 0;
}

int fu_utf8_scan(xc_load *ctx, char **fixed, size_t *fixed_len)
{
    *fixed = NULL;
    *fixed_len = 0;
    size_t ok = xc_utf8_valid_prefix(ctx->data, ctx->len);
    if (ok == ctx->len)
        return EXCTL_OK;
    if (!(ctx->opts && ctx->opts->lenient))
        return xc_err(ctx->eb, EXCTL_EUTF8, "%s:%zu: invalid UTF-8 (byte 0x%02X)", ctx->path,
                      fu_line_of(ctx->data, ok), (unsigned char)ctx->data[ok]);
    xc_buf b;
    xc_buf_init(&b);
    const unsigned char *p = (const unsigned char *)ctx->data;
    size_t i = 0;
    int rc = EXCTL_OK;
    while (i < ctx->len) {
        size_t run = xc_utf8_valid_prefix(ctx->data + i, ctx->len - i);
        if ((rc = xc_buf_append(&b, p + i, run)))
            goto out;
        i += run;
        if (i < ctx->len) {
            if ((rc = xc_buf_append(&b, FU_BAD, 3)))
                goto out;
            i++;
        }
    }
    xc_buf_cstr(&b);
    *fixed_len = b.len;
    *fixed = xc_buf_steal(&b);
out:
    xc_buf_free(&b);
    if (rc)
        return xc_err(ctx->eb, rc, "%s: out of memory", ctx->path);
    return EXCTL_OK;
}

int fu_check(const char *s, size_t n, const char **why)
{
    if (n > FU_MAX_FIELD) {
        if (why)
            *why = "field too long";
        return EXCTL_ETOOBIG;
    }
    if ((n >= 3 && fu_memmem(s, n, FU_BAD, 3)) || !xc_utf8_valid(s, n)) {
        if (why)
            *why = "invalid UTF-8";
        return EXCTL_EUTF8;
    }
    if (memchr(s, '\0', n)) {
        /* text never holds NUL; ids keep their bytes, so one would make an
         * id that C strings cannot name */
        if (why)
            *why = "NUL byte in a field";
        return EXCTL_EPARSE;
    }
    return EXCTL_OK;
}

bool fu_csv_resync(xc_csv *c)
{
    const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
    if (!nl) {
        c->p = c->end;
        return false;
    }
    c->p = nl + 1;
    c->next_line++;
    return c->p < c->end;
}

bool fu_is_kana(uint32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF && cp != 0x30FB) || (cp >= 0x31F0 && cp <= 0x31FF) ||
           (cp >= 0xFF66 && cp <= 0xFF9F);
}

bool fu_is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF) ||
           cp == 0x3005; /* 々 */
}

static bool has_class(const char *s, size_t n, bool (*f)(uint32_t))
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        int k = xc_utf8_decode(p + i, n - i, &cp);
        if (!k) {
            i++;
            continue;
        }
        if (f(cp))
            return true;
        i += (size_t)k;
    }
    return false;
}

bool fu_has_kana(const char *s, size_t n) { return has_class(s, n, fu_is_kana); }
bool fu_has_han(const char *s, size_t n) { return has_class(s, n, fu_is_han); }

const char *fu_trim_punct(const char *s, size_t *n, const char *punct)
{
    s = xc_trim(s, n);
    while (*n && s[*n - 1] && strchr(punct, s[*n - 1]))
        (*n)--;
    return xc_trim(s, n);
}

/* Decode the code point at s[i] (n bytes total); 0 on invalid input. */
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

static bool is_open(uint32_t cp) { return cp == '(' || cp == 0xFF08; }
static bool is_close(uint32_t cp) { return cp == ')' || cp == 0xFF09; }

static bool has_ascii_letter(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))
            return true;
    return false;
}

int fu_add_cjk(exctl_entity *e, const char *s, size_t n, const char *lang_orig)
{
    /* "香港旗速電子有限公司、香港旗速電子科技有限公司": one name per item of an
     * ideographic-comma list (outside brackets). */
    int depth = 0;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        bool cut = i == n;
        if (!cut) {
            if (s[i] == '(')
                depth++;
            else if (s[i] == ')' && depth)
                depth--;
            else if (!depth && n - i >= 3 && !memcmp(s + i, "\xE3\x80\x81", 3))
                cut = true;
        }
        if (!cut)
            continue;
        size_t len = i - start;
        const char *p = xc_trim(s + start, &len);
        if (len) {
            const char *lang = fu_has_kana(p, len) ? "ja" : lang_orig;
            int rc = xc_ent_name(e, EXCTL_NAME_ORIGINAL, p, len, lang);
            if (rc)
                return rc;
        }
        start = i + 3;
        i += 2;
    }
    return EXCTL_OK;
}

/* Walk s, calling group() for each top-level bracketed Han/kana group and
 * appending everything else to rest. group may be NULL. */
static int split_groups(exctl_entity *e, const char *s, size_t n, xc_buf *rest,
                        const char *lang_orig, bool add)
{
    int rc = EXCTL_OK;
    size_t i = 0;
    while (i < n) {
        int len;
        uint32_t cp = cp_at(s, n, i, &len);
        if (is_open(cp)) {
            size_t j = i + (size_t)len, close_at = n;
            int depth = 1;
            while (j < n) {
                int l2;
                uint32_t c2 = cp_at(s, n, j, &l2);
                if (is_open(c2)) {
                    depth++;
                } else if (is_close(c2) && --depth == 0) {
                    close_at = j;
                    j += (size_t)l2;
                    break;
                }
                j += (size_t)l2;
            }
            const char *in = s + i + len;
            size_t inn = close_at - (i + (size_t)len);
            if (fu_has_han(in, inn) || fu_has_kana(in, inn)) {
                if (add && (rc = fu_add_cjk(e, in, inn, lang_orig)))
                    return rc;
                i = j;
                continue;
            }
        }
        if (rest && (rc = xc_buf_append(rest, s + i, (size_t)len)))
            return rc;
        i += (size_t)len;
    }
    return EXCTL_OK;
}

int fu_add_name_split(exctl_entity *e, exctl_name_kind kind, const char *s, size_t n,
                      const char *lang_main, const char *lang_orig)
{
    s = xc_trim(s, &n);
    if (!n)
        return EXCTL_OK;
    bool cjk = fu_has_han(s, n) || fu_has_kana(s, n);
    if (!cjk)
        return xc_ent_name(e, kind, s, n, lang_main);
    if (!has_ascii_letter(s, n)) {
        /* Only an original-script form exists: for a primary name it stays
         * the primary name (an entity always has one). */
        if (kind == EXCTL_NAME_PRIMARY)
            return xc_ent_name(e, kind, s, n, fu_has_kana(s, n) ? "ja" : lang_orig);
        return fu_add_cjk(e, s, n, lang_orig);
    }
    /* The Latin name first (so a primary name leads), then the CJK forms. */
    xc_buf rest;
    xc_buf_init(&rest);
    int rc = split_groups(e, s, n, &rest, lang_orig, false);
    if (rc)
        goto out;
    /* A Latin name followed by a CJK one: split at the first Han/kana when
     * no Latin letter follows it. */
    size_t first = rest.len;
    for (size_t k = 0; k < rest.len;) {
        int len;
        uint32_t cp = cp_at(rest.data, rest.len, k, &len);
        if (fu_is_han(cp) || fu_is_kana(cp)) {
            first = k;
            break;
        }
        k += (size_t)len;
    }
    size_t tail = rest.len;
    if (first < rest.len && has_ascii_letter(rest.data, first) &&
        !has_ascii_letter(rest.data + first, rest.len - first))
        rest.len = first;
    if ((rc = xc_ent_name(e, kind, rest.data ? rest.data : "", rest.len, lang_main)))
        goto out;
    if (rest.len < tail && (rc = fu_add_cjk(e, rest.data + first, tail - first, lang_orig)))
        goto out;
    rc = split_groups(e, s, n, NULL, lang_orig, true);
out:
    xc_buf_free(&rest);
    return rc;
}
