/*
 * server — a streaming JSON writer for the hot responses.
 *
 * GET/POST /v1/screen answer thousands of times a second, and building a
 * jansson tree only to serialise it (and parsing the screener's
 * explanation text into a tree only to print it again) cost more
 * instructions than the screening itself. The writer appends JSON text to
 * an xc_buf directly: the caller writes keys in the order it wants (the
 * screening routes keep them sorted, as json_dumps with JSON_SORT_KEYS did,
 * so the bytes on the wire did not change), splices ready-made JSON text
 * (the explanation, the generation's versions) with srv_jw_raw, and
 * checks one sticky error at the end instead of one per call.
 *
 * Strings are escaped as jansson does by default (UTF-8 kept, control
 * characters escaped, '/' not); bytes that are not UTF-8 become U+FFFD so
 * the output is always valid JSON text. Reals are printed as with
 * JSON_REAL_PRECISION(12) ("%.12g", with ".0" added to integral values);
 * non-finite values, which JSON cannot hold, are written as null.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "core/core.h"
#include "server/srv.h"

void srv_jw_init(srv_jw *w, xc_buf *b)
{
    memset(w, 0, sizeof *w);
    w->b = b;
}

static void put(srv_jw *w, const char *s, size_t n)
{
    if (!w->err && xc_buf_append(w->b, s, n))
        w->err = EXCTL_ENOMEM;
}

/* Before a value: a comma unless it is the first of its container or
 * follows a key. */
static void sep(srv_jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth > 0 && w->depth <= SRV_JW_DEPTH) {
        if (w->count[w->depth - 1]++)
            put(w, ",", 1);
    }
}

static void open_c(srv_jw *w, char c)
{
    sep(w);
    put(w, &c, 1);
    if (w->depth >= SRV_JW_DEPTH) {
        w->err = EXCTL_EINVAL;   /* deeper than any response we write */
        return;
    }
    w->count[w->depth++] = 0;
}

static void close_c(srv_jw *w, char c)
{
    if (w->depth <= 0) {
        w->err = EXCTL_EINVAL;
        return;
    }
    w->depth--;
    put(w, &c, 1);
}

void srv_jw_obj(srv_jw *w) { open_c(w, '{'); }
void srv_jw_obj_end(srv_jw *w) { close_c(w, '}'); }
void srv_jw_arr(srv_jw *w) { open_c(w, '['); }
void srv_jw_arr_end(srv_jw *w) { close_c(w, ']'); }

static void put_escaped(srv_jw *w, const char *s, size_t n)
{
    size_t run = 0;   /* start of the pending run of bytes copied as they are */
    put(w, "\"", 1);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        char esc[6];
        size_t el = 0;
        if (c >= 0x80) {
            uint32_t cp;
            int k = xc_utf8_decode((const unsigned char *)s + i, n - i, &cp);
            if (k > 0) {
                i += (size_t)k;
                continue;
            }
        } else if (!(el = xc_json_escape(c, esc))) {
            i++;
            continue;
        }
        put(w, s + run, i - run);
        if (el)
            put(w, esc, el);
        else
            put(w, "\xef\xbf\xbd", 3);   /* not UTF-8: U+FFFD */
        i++;
        run = i;
    }
    put(w, s + run, n - run);
    put(w, "\"", 1);
}

void srv_jw_key(srv_jw *w, const char *k)
{
    /* Keys are the handlers' literals: one append of "key": in the usual
     * case, the escaping path otherwise. */
    char buf[128];
    size_t n = strlen(k);
    bool plain = n + 3 <= sizeof buf;
    for (size_t i = 0; i < n && plain; i++) {
        unsigned char c = (unsigned char)k[i];
        plain = c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
    }
    sep(w);
    if (plain) {
        buf[0] = '"';
        memcpy(buf + 1, k, n);
        buf[n + 1] = '"';
        buf[n + 2] = ':';
        put(w, buf, n + 3);
    } else {
        put_escaped(w, k, n);
        put(w, ":", 1);
    }
    w->after_key = true;
}

void srv_jw_str(srv_jw *w, const char *s)
{
    if (!s) {
        srv_jw_null(w);
        return;
    }
    sep(w);
    put_escaped(w, s, strlen(s));
}

void srv_jw_real(srv_jw *w, double v)
{
    char buf[40];
    if (!isfinite(v)) {
        srv_jw_null(w);
        return;
    }
    int n = snprintf(buf, sizeof buf - 2, "%.12g", v);
    if (n <= 0 || (size_t)n >= sizeof buf - 2) {
        w->err = EXCTL_EINTERNAL;
        return;
    }
    if (!strpbrk(buf, ".eE")) {   /* keep it a real, as jansson does */
        buf[n++] = '.';
        buf[n++] = '0';
    }
    sep(w);
    put(w, buf, (size_t)n);
}

void srv_jw_int(srv_jw *w, long long v)
{
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%lld", v);
    sep(w);
    put(w, buf, n > 0 ? (size_t)n : 0);
}

void srv_jw_bool(srv_jw *w, bool v)
{
    sep(w);
    put(w, v ? "true" : "false", v ? 4 : 5);
}

void srv_jw_null(srv_jw *w)
{
    sep(w);
    put(w, "null", 4);
}

void srv_jw_raw(srv_jw *w, const char *json, size_t n)
{
    sep(w);
    put(w, json, n);
}

int srv_jw_finish(srv_jw *w)
{
    if (!w->err && (w->depth != 0 || w->after_key))
        w->err = EXCTL_EINVAL;
    return w->err;
}
