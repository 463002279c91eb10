/* Unit tests for lib/core: CSV reader, UTF-8, text cleanup, hash map, arena. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "core/core.h"

static void csv_quotes_crlf_bom(void **state)
{
    (void)state;
    const char *in = "\xEF\xBB\xBF" "a,\"b,1\",\"c \"\"q\"\"\"\r\n"
                     "\"multi\nline\",,x\r\n\x1A";
    xc_csv c;
    exctl_errbuf eb = {{0}};
    xc_csv_init(&c, in, strlen(in), ',');
    assert_int_equal(xc_csv_next(&c, "t.csv", &eb), 1);
    assert_int_equal(c.nfields, 3);
    assert_string_equal(xc_csv_field(&c, 0, NULL), "a");
    assert_string_equal(xc_csv_field(&c, 1, NULL), "b,1");
    assert_string_equal(xc_csv_field(&c, 2, NULL), "c \"q\"");
    assert_int_equal(xc_csv_next(&c, "t.csv", &eb), 1);
    assert_int_equal(c.line, 2);
    assert_string_equal(xc_csv_field(&c, 0, NULL), "multi\nline");
    assert_string_equal(xc_csv_field(&c, 1, NULL), "");
    assert_string_equal(xc_csv_field(&c, 2, NULL), "x");
    assert_string_equal(xc_csv_field(&c, 9, NULL), "");
    assert_int_equal(xc_csv_next(&c, "t.csv", &eb), 0);
    xc_csv_free(&c);
}

static void csv_unterminated_quote_names_line(void **state)
{
    (void)state;
    const char *in = "a,b\nc,\"oops\n";
    xc_csv c;
    exctl_errbuf eb = {{0}};
    xc_csv_init(&c, in, strlen(in), ',');
    assert_int_equal(xc_csv_next(&c, "f.csv", &eb), 1);
    assert_int_equal(xc_csv_next(&c, "f.csv", &eb), -EXCTL_EPARSE);
    assert_non_null(strstr(eb.msg, "f.csv:2"));
    xc_csv_free(&c);
}

/* A NUL byte inside a field (quoted or not) is an error naming the line:
 * loaders keep fields as C strings, so a NUL would silently cut them. */
static void csv_nul_byte_is_an_error(void **state)
{
    (void)state;
    static const char in[] = "id,name\n1,\"ab\0cd\"\n2,x\0y\n";
    xc_csv c;
    exctl_errbuf eb = {{0}};
    xc_csv_init(&c, in, sizeof in - 1, ',');
    assert_int_equal(xc_csv_next(&c, "n.csv", &eb), 1);
    assert_int_equal(xc_csv_next(&c, "n.csv", &eb), -EXCTL_EPARSE);
    assert_non_null(strstr(eb.msg, "n.csv:2"));
    assert_non_null(strstr(eb.msg, "NUL"));
    xc_csv_free(&c);
    static const char unquoted[] = "2,x\0y\n";
    xc_csv_init(&c, unquoted, sizeof unquoted - 1, ',');
    assert_int_equal(xc_csv_next(&c, "n.csv", &eb), -EXCTL_EPARSE);
    assert_non_null(strstr(eb.msg, "n.csv:1"));
    xc_csv_free(&c);
}

static void csv_tsv(void **state)
{
    (void)state;
    const char *in = "\"x\"\t\"y z\"\n\"1\"\t\"\"\n";
    xc_csv c;
    xc_csv_init(&c, in, strlen(in), '\t');
    assert_int_equal(xc_csv_next(&c, "t", NULL), 1);
    assert_string_equal(xc_csv_field(&c, 1, NULL), "y z");
    assert_int_equal(xc_csv_next(&c, "t", NULL), 1);
    assert_int_equal(c.nfields, 2);
    assert_int_equal(xc_csv_next(&c, "t", NULL), 0);
    xc_csv_free(&c);
}

static void utf8_validation(void **state)
{
    (void)state;
    assert_true(xc_utf8_valid("abc \xE6\x97\xA5\xE6\x9C\xAC", 10));
    assert_int_equal(xc_utf8_count("abc \xE6\x97\xA5\xE6\x9C\xAC", 10), 6);
    assert_int_equal(xc_utf8_count("", 0), 0);
    assert_false(xc_utf8_valid("\xC0\xAF", 2));          /* overlong */
    assert_false(xc_utf8_valid("\xED\xA0\x80", 3));      /* surrogate */
    assert_false(xc_utf8_valid("\xE6\x97", 2));          /* truncated */
    assert_int_equal(xc_utf8_valid_prefix("ab\xFF", 3), 2);
}

static void text_clean_folds_fullwidth(void **state)
{
    (void)state;
    xc_buf b;
    xc_buf_init(&b);
    /* "  ＡＢＣ　１２３\t x " -> "ABC 123 x" */
    const char *in = "  \xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3\xE3\x80\x80"
                     "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\t x ";
    assert_int_equal(xc_text_clean(&b, in, strlen(in)), EXCTL_OK);
    assert_string_equal(xc_buf_cstr(&b), "ABC 123 x");
    assert_int_equal(xc_text_clean(&b, "a\xFF", 2), EXCTL_EUTF8);
    xc_buf_free(&b);
}

static void script_detection(void **state)
{
    (void)state;
    assert_string_equal(xc_script_of("Huawei", 6), "Latn");
    const char *ru = "\xD0\x9E\xD0\x9E\xD0\x9E \xD0\xA0\xD0\xBE\xD0\xBC"; /* ООО Ром */
    assert_string_equal(xc_script_of(ru, strlen(ru)), "Cyrl");
    const char *ja = "\xE3\x83\x95\xE3\x82\xA1\xE3\x83\xBC\xE6\xA0\xAA"; /* ファー株 */
    assert_string_equal(xc_script_of(ja, strlen(ja)), "Jpan");
    assert_string_equal(xc_script_of("123", 3), "Zyyy");
}

static void map_put_get(void **state)
{
    (void)state;
    xc_map m;
    xc_map_init(&m);
    char keys[1000][8];
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(keys[i], sizeof keys[i], "k%d", i);
        assert_int_equal(xc_map_put(&m, keys[i], (size_t)n, (uint32_t)i), EXCTL_OK);
    }
    uint32_t v;
    assert_true(xc_map_get(&m, "k777", 4, &v));
    assert_int_equal(v, 777);
    assert_false(xc_map_get(&m, "k1000", 5, &v));
    assert_int_equal(m.count, 1000);
    xc_map_free(&m);
}

static void arena_alignment(void **state)
{
    (void)state;
    xc_arena a;
    xc_arena_init(&a);
    for (int i = 1; i < 5000; i += 7) {
        void *p = xc_arena_alloc(&a, (size_t)i);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 8, 0);
    }
    void *big = xc_arena_alloc(&a, 5u << 20);
    assert_non_null(big);
    assert_string_equal(xc_arena_strndup(&a, "hello", 4), "hell");
    xc_arena_free(&a);
}

static void parse_long_bounds(void **state)
{
    (void)state;
    long v;
    assert_int_equal(xc_parse_long("42", 2, 0, 100, &v), EXCTL_OK);
    assert_int_equal(v, 42);
    assert_int_equal(xc_parse_long("4x", 2, 0, 100, &v), EXCTL_EINVAL);
    assert_int_equal(xc_parse_long("101", 3, 0, 100, &v), EXCTL_ETOOBIG);
    assert_int_equal(xc_parse_long("99999999999999999999", 20, 0, 100, &v), EXCTL_ETOOBIG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_quotes_crlf_bom),
        cmocka_unit_test(csv_unterminated_quote_names_line),
        cmocka_unit_test(csv_nul_byte_is_an_error),
        cmocka_unit_test(csv_tsv),
        cmocka_unit_test(utf8_validation),
        cmocka_unit_test(text_clean_folds_fullwidth),
        cmocka_unit_test(script_detection),
        cmocka_unit_test(map_put_get),
        cmocka_unit_test(arena_alignment),
        cmocka_unit_test(parse_long_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
