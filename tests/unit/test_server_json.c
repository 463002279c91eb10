/*
 * The server's streaming JSON writer (lib/server/jw.c) must produce text
 * that jansson parses back to the values written: strings with quotes,
 * backslashes, control characters, UTF-8 and bytes that are not UTF-8;
 * reals that stay reals; nesting with commas in the right places; spliced
 * raw text. Unbalanced use is an error, not silently bad output.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "server/srv.h"

static json_t *parse(xc_buf *b)
{
    json_error_t err;
    json_t *v = json_loadb(b->data, b->len, 0, &err);
    if (!v)
        fail_msg("not JSON (%s): %.*s", err.text, (int)b->len, b->data);
    return v;
}

static void test_values_round_trip(void **state)
{
    (void)state;
    xc_buf b;
    srv_jw w;
    xc_buf_init(&b);
    srv_jw_init(&w, &b);
    const char *tricky = "q\"b\\s/ n\n t\t c\x01 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80";
    srv_jw_obj(&w);
    srv_jw_key(&w, "s");
    srv_jw_str(&w, tricky);
    srv_jw_key(&w, "null_str");
    srv_jw_str(&w, NULL);
    srv_jw_key(&w, "one");
    srv_jw_real(&w, 1.0);
    srv_jw_key(&w, "third");
    srv_jw_real(&w, 1.0 / 3.0);
    srv_jw_key(&w, "tiny");
    srv_jw_real(&w, 1e-30);
    srv_jw_key(&w, "nan");
    srv_jw_real(&w, NAN);
    srv_jw_key(&w, "int");
    srv_jw_int(&w, -42);
    srv_jw_key(&w, "t");
    srv_jw_bool(&w, true);
    srv_jw_key(&w, "arr");
    srv_jw_arr(&w);
    srv_jw_arr(&w);
    srv_jw_arr_end(&w);
    srv_jw_obj(&w);
    srv_jw_obj_end(&w);
    srv_jw_raw(&w, "{\"x\":[1,2]}", 11);
    srv_jw_int(&w, 7);
    srv_jw_arr_end(&w);
    srv_jw_key(&w, "k\"ey");
    srv_jw_null(&w);
    srv_jw_obj_end(&w);
    assert_int_equal(srv_jw_finish(&w), 0);

    json_t *v = parse(&b);
    assert_string_equal(json_string_value(json_object_get(v, "s")), tricky);
    assert_true(json_is_null(json_object_get(v, "null_str")));
    assert_true(json_is_real(json_object_get(v, "one")));
    assert_true(json_real_value(json_object_get(v, "one")) == 1.0);
    assert_true(fabs(json_real_value(json_object_get(v, "third")) - 1.0 / 3.0) < 1e-11);
    assert_true(json_real_value(json_object_get(v, "tiny")) == 1e-30);
    assert_true(json_is_null(json_object_get(v, "nan")));
    assert_int_equal(json_integer_value(json_object_get(v, "int")), -42);
    assert_true(json_is_true(json_object_get(v, "t")));
    json_t *arr = json_object_get(v, "arr");
    assert_int_equal(json_array_size(arr), 4);
    assert_int_equal(json_array_size(json_array_get(arr, 0)), 0);
    assert_int_equal(json_object_size(json_array_get(arr, 1)), 0);
    assert_int_equal(json_integer_value(json_array_get(
                         json_object_get(json_array_get(arr, 2), "x"), 1)), 2);
    assert_int_equal(json_integer_value(json_array_get(arr, 3)), 7);
    assert_true(json_is_null(json_object_get(v, "k\"ey")));
    assert_int_equal(json_object_size(v), 10);
    json_decref(v);
    xc_buf_free(&b);
}

/* Bytes that are not UTF-8 must still give valid JSON (U+FFFD). */
static void test_invalid_utf8_replaced(void **state)
{
    (void)state;
    xc_buf b;
    srv_jw w;
    xc_buf_init(&b);
    srv_jw_init(&w, &b);
    srv_jw_arr(&w);
    srv_jw_str(&w, "a\xff" "b\xc3");
    srv_jw_arr_end(&w);
    assert_int_equal(srv_jw_finish(&w), 0);
    json_t *v = parse(&b);
    assert_string_equal(json_string_value(json_array_get(v, 0)),
                        "a\xef\xbf\xbd" "b\xef\xbf\xbd");
    json_decref(v);
    xc_buf_free(&b);
}

static void test_unbalanced_is_an_error(void **state)
{
    (void)state;
    xc_buf b;
    srv_jw w;
    xc_buf_init(&b);
    srv_jw_init(&w, &b);
    srv_jw_obj(&w);
    srv_jw_key(&w, "a");
    assert_int_not_equal(srv_jw_finish(&w), 0);   /* open object, dangling key */
    xc_buf_free(&b);

    srv_jw_init(&w, &b);
    srv_jw_arr_end(&w);
    assert_int_not_equal(srv_jw_finish(&w), 0);
    xc_buf_free(&b);

    srv_jw_init(&w, &b);
    for (int i = 0; i < SRV_JW_DEPTH + 1; i++)
        srv_jw_arr(&w);
    assert_int_not_equal(srv_jw_finish(&w), 0);
    xc_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_round_trip),
        cmocka_unit_test(test_invalid_utf8_replaced),
        cmocka_unit_test(test_unbalanced_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
