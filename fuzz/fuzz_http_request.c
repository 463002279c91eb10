/*
 * libFuzzer harness: the server's request decoding after libmicrohttpd —
 * route matching with path parameters (srv_route_match), the JSON body
 * (srv_decode_body) and the handlers' field extraction and number parsing
 * (srv_jstr, srv_parse_double, srv_parse_size).
 *
 * Input: "METHOD PATH\nCONTENT-TYPE\nBODY" (the body is the rest, any
 * bytes). Promises checked beyond "no crash":
 * - a matched route's method is the request's (HEAD runs GET routes), and
 *   putting the captured parameters back into its pattern gives the path
 *   exactly; every parameter is non-empty and has no '/';
 * - 405 names the allowed methods, 404 names none;
 * - a decoded body is a JSON object; a refused one gets 400 or 415 with a
 *   code and a message;
 * - an extracted field is a string within its limit and without NUL, or
 *   the request gets a 400/413 JSON error whose message is valid UTF-8;
 * - parsed numbers lie in the range asked for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "server/srv.h"

#define FAIL(...) do { fprintf(stderr, "fuzz_http_request: " __VA_ARGS__); abort(); } while (0)

static char *dup_range(const uint8_t *p, size_t n)
{
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, p, n);
        s[n] = '\0';   /* libmicrohttpd hands over NUL-terminated strings */
    }
    return s;
}

static void check_match(srv_req *r, int code)
{
    if (code == 200) {
        const srv_route *rt = r->route;
        if (!rt || r->route_index < 0)
            FAIL("200 without a route\n");
        if (strcmp(rt->method, r->method) && !(!strcmp(r->method, "HEAD") &&
                                               !strcmp(rt->method, "GET")))
            FAIL("%s matched a %s route\n", r->method, rt->method);
        /* Rebuild the path from the pattern and the parameters. */
        xc_buf b;
        xc_buf_init(&b);
        size_t k = 0;
        for (const char *p = rt->pattern; *p;) {
            if (*p == '{') {
                if (k >= r->n_params)
                    FAIL("pattern %s has more parameters than captured\n", rt->pattern);
                if (!r->params_len[k] || strchr(r->params[k], '/') ||
                    strlen(r->params[k]) != r->params_len[k])
                    FAIL("bad parameter %zu for %s\n", k, rt->pattern);
                xc_buf_append(&b, r->params[k], r->params_len[k]);
                k++;
                p = strchr(p, '}') + 1;
            } else {
                xc_buf_putc(&b, *p++);
            }
        }
        if (k != r->n_params || strcmp(xc_buf_cstr(&b), r->path))
            FAIL("%s does not rebuild %s\n", rt->pattern, r->path);
        xc_buf_free(&b);
    } else if (code == 405) {
        if (!r->allow[0])
            FAIL("405 without Allow\n");
    } else if (code == 404) {
        if (r->allow[0])
            FAIL("404 with Allow '%s'\n", r->allow);
    } else {
        FAIL("route match returned %d\n", code);
    }
}

static void check_error_response(srv_req *r)
{
    if (r->status != 400 && r->status != 413)
        FAIL("field refused with status %d\n", r->status);
    json_t *e = r->resp ? json_loadb(r->resp, r->resp_len, 0, NULL) : NULL;
    const char *m = json_string_value(json_object_get(json_object_get(e, "error"), "message"));
    if (!m || !xc_utf8_valid(m, strlen(m)))
        FAIL("error response without a valid message\n");
    json_decref(e);
    free(r->resp);
    r->resp = NULL;
    r->status = 0;
}

static void check_fields(srv_req *r, json_t *obj, int depth)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        bool bad = false;
        size_t max = (strlen(key) % 2) ? 16 : SRV_MAX_FIELD;
        const char *s = srv_jstr(r, obj, key, max, &bad);
        if (bad) {
            check_error_response(r);
        } else if (s) {
            if (strlen(s) > max || strlen(s) != json_string_length(v))
                FAIL("field '%s' passed with %zu bytes\n", key, strlen(s));
            double d;
            size_t n;
            if (srv_parse_double(s, 0, 1, &d) && !(d >= 0 && d <= 1))
                FAIL("parsed %g out of [0, 1] from '%s'\n", d, s);
            if (srv_parse_size(s, 1, 100, &n) && (n < 1 || n > 100))
                FAIL("parsed %zu out of [1, 100] from '%s'\n", n, s);
        } else if (!json_is_null(v) && json_is_string(v)) {
            FAIL("string field '%s' lost\n", key);
        }
        /* Nested objects, as in {"parties": [{...}]} and {"application": {...}}. */
        if (depth < 4 && json_is_object(v))
            check_fields(r, v, depth + 1);
        size_t i;
        json_t *e;
        if (depth < 4 && json_is_array(v))
            json_array_foreach(v, i, e) {
                if (i >= 64)
                    break;
                if (json_is_object(e))
                    check_fields(r, e, depth + 1);
            }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    const uint8_t *nl1 = memchr(data, '\n', size);
    size_t l1 = nl1 ? (size_t)(nl1 - data) : size;
    const uint8_t *rest = nl1 ? nl1 + 1 : data + size;
    size_t nrest = size - (size_t)(rest - data);
    const uint8_t *nl2 = memchr(rest, '\n', nrest);
    size_t l2 = nl2 ? (size_t)(nl2 - rest) : nrest;
    const uint8_t *body = nl2 ? nl2 + 1 : rest + nrest;
    size_t nbody = size - (size_t)(body - data);

    const uint8_t *sp = memchr(data, ' ', l1);
    char *method = dup_range(data, sp ? (size_t)(sp - data) : l1);
    char *path = sp ? dup_range(sp + 1, l1 - (size_t)(sp + 1 - data)) : dup_range(data, 0);
    char *ctype = dup_range(rest, l2);
    if (!method || !path || !ctype)
        goto out;

    srv_req r;
    memset(&r, 0, sizeof r);
    r.method = method;
    r.path = path;
    r.route_index = -1;
    int code = srv_route_match(&r);
    check_match(&r, code);

    json_t *j = NULL;
    const char *ecode = NULL;
    char msg[300];
    int st = srv_decode_body(l2 ? ctype : NULL, (const char *)body, nbody, &j, &ecode, msg,
                             sizeof msg);
    if (st == 0) {
        if (!json_is_object(j))
            FAIL("decoded body is not an object\n");
        check_fields(&r, j, 0);
        json_decref(j);
    } else if ((st != 400 && st != 415) || !ecode || !msg[0] || j) {
        FAIL("body refused with %d '%s'\n", st, ecode ? ecode : "(no code)");
    }
    free(r.resp);
out:
    free(method);
    free(path);
    free(ctype);
    return 0;
}
