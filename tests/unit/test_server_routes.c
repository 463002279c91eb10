/*
 * The OpenAPI document and the router's table must describe the same set
 * of (method, path) pairs, and the router must resolve each documented
 * path (with its parameters filled in) to that very route; a wrong method
 * on a known path is 405, an unknown path 404.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "server/srv.h"

static void lower(const char *in, char *out, size_t cap)
{
    size_t i = 0;
    for (; in[i] && i + 1 < cap; i++)
        out[i] = (char)((in[i] >= 'A' && in[i] <= 'Z') ? in[i] + 32 : in[i]);
    out[i] = '\0';
}

static void test_openapi_equals_routes(void **state)
{
    (void)state;
    size_t n;
    const srv_route *rt = srv_routes(&n);
    json_t *doc = srv_openapi();
    json_t *paths = json_object_get(doc, "paths");
    size_t ops = 0;
    const char *p;
    json_t *item;
    assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.0.3");
    json_object_foreach(paths, p, item) ops += json_object_size(item);
    assert_int_equal(ops, n);
    for (size_t i = 0; i < n; i++) {
        char m[16];
        lower(rt[i].method, m, sizeof m);
        json_t *op = json_object_get(json_object_get(paths, rt[i].pattern), m);
        assert_non_null(op);
        assert_string_equal(json_string_value(json_object_get(op, "summary")), rt[i].summary);
        /* Path parameters are declared. */
        size_t braces = 0;
        for (const char *c = rt[i].pattern; *c; c++)
            braces += *c == '{';
        assert_int_equal(json_array_size(json_object_get(op, "parameters")), braces);
        assert_int_equal(json_object_get(op, "requestBody") != NULL,
                         (rt[i].flags & SRV_F_BODY) != 0);
    }
    json_decref(doc);
}

/* Fill {params} of a pattern with "x1". */
static void instantiate(const char *pat, char *out, size_t cap)
{
    size_t o = 0;
    for (const char *c = pat; *c && o + 3 < cap;) {
        if (*c == '{') {
            out[o++] = 'x';
            out[o++] = '1';
            c = strchr(c, '}') + 1;
        } else {
            out[o++] = *c++;
        }
    }
    out[o] = '\0';
}

static void test_router_resolves_every_route(void **state)
{
    (void)state;
    size_t n;
    const srv_route *rt = srv_routes(&n);
    for (size_t i = 0; i < n; i++) {
        srv_req r;
        char path[256];
        memset(&r, 0, sizeof r);
        instantiate(rt[i].pattern, path, sizeof path);
        r.method = rt[i].method;
        r.path = path;
        assert_int_equal(srv_route_match(&r), 200);
        assert_ptr_equal(r.route, &rt[i]);
        for (size_t k = 0; k < r.n_params; k++)
            assert_string_equal(r.params[k], "x1");
    }
    srv_req r;
    memset(&r, 0, sizeof r);
    r.method = "DELETE";
    r.path = "/v1/screen";
    assert_int_equal(srv_route_match(&r), 405);
    assert_non_null(strstr(r.allow, "GET"));
    assert_non_null(strstr(r.allow, "POST"));
    r.method = "GET";
    r.path = "/v1/screen/extra";
    assert_int_equal(srv_route_match(&r), 404);
    r.path = "/v1/entities/";
    assert_int_equal(srv_route_match(&r), 404);
    /* Literal segments win over parameters. */
    r.path = "/v1/cl/search";
    assert_int_equal(srv_route_match(&r), 200);
    assert_string_equal(r.route->pattern, "/v1/cl/search");
}

static void test_every_non_public_route_has_roles(void **state)
{
    (void)state;
    size_t n;
    const srv_route *rt = srv_routes(&n);
    size_t pub = 0;
    for (size_t i = 0; i < n; i++)
        if (rt[i].roles == SRV_PUBLIC)
            pub++;
    /* Only health, metrics, the document and login are public. */
    assert_int_equal(pub, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_openapi_equals_routes),
        cmocka_unit_test(test_router_resolves_every_route),
        cmocka_unit_test(test_every_non_public_route_has_roles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
