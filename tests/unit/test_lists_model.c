/*
 * Unit tests for the compact list model itself (lib/lists/model.c), apart
 * from any loader: the id table (lookup, growth, removal of the last
 * entity), names with their language and script, the lazily allocated
 * fields block, per-entity arrays growing past many doublings, long
 * strings, and a list that keeps working after it is frozen.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "lists/model.h"

static exctl_list *new_list(exctl_listset **ls)
{
    assert_int_equal(exctl_listset_new(ls), EXCTL_OK);
    exctl_list *l = xc_list_new(*ls);
    assert_non_null(l);
    return l;
}

static exctl_entity *add(exctl_list *l, const char *id)
{
    bool created = false;
    exctl_entity *e = xc_ent_get(l, id, strlen(id), &created);
    assert_non_null(e);
    assert_true(created);
    return e;
}

/* Every entity i < n is found by its id "e<i>" at index i. */
static void check_ids(const exctl_list *l, size_t n)
{
    assert_int_equal(exctl_list_entity_count(l), n);
    for (size_t i = 0; i < n; i++) {
        char id[32];
        snprintf(id, sizeof id, "e%zu", i);
        size_t ix = SIZE_MAX;
        assert_true(xc_ent_index(l, id, strlen(id), &ix));
        assert_int_equal(ix, i);
        assert_ptr_equal(exctl_list_find(l, id), exctl_list_entity(l, i));
        assert_string_equal(exctl_entity_id(exctl_list_entity(l, i)), id);
    }
}

static void id_table(void **state)
{
    (void)state;
    exctl_listset *ls;
    exctl_list *l = new_list(&ls);
    enum { N = 20000, DROP = 3000 };
    char id[32];
    for (size_t i = 0; i < N; i++) {
        snprintf(id, sizeof id, "e%zu", i);
        add(l, id);
    }
    check_ids(l, N);
    bool created = true;
    assert_ptr_equal(xc_ent_get(l, "e7", 2, &created), exctl_list_entity(l, 7));
    assert_false(created);
    assert_null(exctl_list_find(l, "e"));
    assert_null(exctl_list_find(l, "e200000"));
    assert_null(exctl_list_find(l, "E7"));
    /* Removing the last entity must keep every other id reachable, however
     * the probe runs of the table were shaped. */
    for (size_t k = 0; k < DROP; k++) {
        xc_ent_drop_last(l);
        snprintf(id, sizeof id, "e%zu", (size_t)N - 1 - k);
        assert_null(exctl_list_find(l, id));
        if (k % 500 == 0)
            check_ids(l, N - 1 - k);
    }
    check_ids(l, N - DROP);
    for (size_t i = N - DROP; i < N; i++) {
        snprintf(id, sizeof id, "e%zu", i);
        add(l, id);
    }
    check_ids(l, N);
    exctl_listset_free(ls);
}

static void id_with_nul(void **state)
{
    (void)state;
    exctl_listset *ls;
    exctl_list *l = new_list(&ls);
    /* An id is a C string: bytes after a NUL are not part of it. */
    exctl_entity *e = xc_ent_get(l, "abc\0zz", 6, NULL);
    assert_non_null(e);
    assert_string_equal(exctl_entity_id(e), "abc");
    assert_ptr_equal(xc_ent_find(l, "abc", 3), e);
    assert_ptr_equal(xc_ent_find(l, "abc\0yy", 6), e);
    assert_null(xc_ent_find(l, "ab", 2));
    assert_null(xc_ent_find(l, "abcd", 4));
    exctl_listset_free(ls);
}

static void names(void **state)
{
    (void)state;
    exctl_listset *ls;
    exctl_list *l = new_list(&ls);
    exctl_entity *e = add(l, "x1");
    const char *ja = "株式会社テスト", *ru = "Иванов  Иван", *th = "ประยุทธ์ จันทร์โอชา";
    const char *hw = "  Huawei   Technologies ";
    assert_int_equal(xc_ent_name(e, EXCTL_NAME_AKA, hw, strlen(hw), ""), 0);
    assert_int_equal(xc_ent_name(e, EXCTL_NAME_ORIGINAL, ja, strlen(ja), "ja"), 0);
    assert_int_equal(xc_ent_name(e, EXCTL_NAME_AKA, ru, strlen(ru), NULL), 0);
    assert_int_equal(xc_ent_name(e, EXCTL_NAME_WEAK_AKA, th, strlen(th), "th"), 0);
    /* The same text again: merged, the stronger kind kept. */
    assert_int_equal(xc_ent_name(e, EXCTL_NAME_PRIMARY, "Huawei Technologies", 19, "en"), 0);
    assert_int_equal(xc_ent_name(e, EXCTL_NAME_FKA, "Huawei Technologies", 19, ""), 0);
    assert_int_equal(xc_ent_name(e, EXCTL_NAME_AKA, "   ", 3, ""), 0);   /* empty: ignored */
    assert_int_equal(xc_ent_name(e, EXCTL_NAME_AKA, "\xff", 1, ""), EXCTL_EUTF8);
    assert_int_equal(exctl_entity_name_count(e), 4);
    assert_int_equal(exctl_list_name_count(l), 4);
    static const struct {
        const char *text, *script, *lang;
        exctl_name_kind kind;
    } want[] = {
        {"Huawei Technologies", "Latn", "", EXCTL_NAME_PRIMARY},
        {"株式会社テスト", "Jpan", "ja", EXCTL_NAME_ORIGINAL},
        {"Иванов Иван", "Cyrl", "", EXCTL_NAME_AKA},
        {"ประยุทธ์ จันทร์โอชา", "Thai", "th", EXCTL_NAME_WEAK_AKA},
    };
    for (size_t i = 0; i < XC_ARRAY_LEN(want); i++) {
        exctl_name_kind k;
        const char *script = NULL, *lang = NULL;
        assert_string_equal(exctl_entity_name(e, i, &k, &script, &lang), want[i].text);
        assert_string_equal(script, want[i].script);
        assert_string_equal(lang, want[i].lang);
        assert_int_equal(k, want[i].kind);
    }
    assert_null(exctl_entity_name(e, 4, NULL, NULL, NULL));
    exctl_listset_free(ls);
}

static void fields_and_dates(void **state)
{
    (void)state;
    exctl_listset *ls;
    exctl_list *l = new_list(&ls);
    exctl_entity *a = add(l, "a"), *b = add(l, "b"), *c = add(l, "c");
    assert_string_equal(exctl_entity_listed_on(a), "");
    for (int f = 0; f < EXCTL_FIELD_COUNT_; f++)
        assert_int_equal(exctl_entity_field_count(a, (exctl_field)f), 0);
    assert_int_equal(xc_ent_field(a, EXCTL_FIELD_PROGRAM, " SDN ", 5), 0);
    assert_int_equal(xc_ent_field(a, EXCTL_FIELD_PROGRAM, "SDN", 3), 0);
    assert_int_equal(xc_ent_field(a, EXCTL_FIELD_PROGRAM, "IRAN", 4), 0);
    assert_int_equal(xc_ent_field(a, EXCTL_FIELD_REMARK, "see also b", 10), 0);
    assert_int_equal(xc_ent_field(a, EXCTL_FIELD_COUNT_, "x", 1), EXCTL_EINVAL);
    assert_int_equal(xc_ent_listed_on(b, "12 Jan 2020", 11), 0);
    assert_int_equal(exctl_entity_field_count(a, EXCTL_FIELD_PROGRAM), 2);
    assert_string_equal(exctl_entity_field(a, EXCTL_FIELD_PROGRAM, 0), "SDN");
    assert_string_equal(exctl_entity_field(a, EXCTL_FIELD_PROGRAM, 1), "IRAN");
    assert_null(exctl_entity_field(a, EXCTL_FIELD_PROGRAM, 2));
    assert_string_equal(exctl_entity_field(a, EXCTL_FIELD_REMARK, 0), "see also b");
    assert_string_equal(exctl_entity_listed_on(a), "");
    assert_string_equal(exctl_entity_listed_on(b), "2020-01-12");
    assert_int_equal(exctl_entity_field_count(b, EXCTL_FIELD_PROGRAM), 0);
    /* Writing to one entity's fields never shows through another's. */
    assert_string_equal(exctl_entity_listed_on(c), "");
    for (int f = 0; f < EXCTL_FIELD_COUNT_; f++)
        assert_int_equal(exctl_entity_field_count(c, (exctl_field)f), 0);
    assert_int_equal(xc_ent_listed_on(c, "sometime in spring", 18), 0);
    assert_string_equal(exctl_entity_listed_on(c), "sometime in spring");
    assert_int_equal(exctl_entity_field_count(c, EXCTL_FIELD_PROGRAM), 0);

    assert_int_equal(xc_ent_country(a, EXCTL_COUNTRY_NATIONALITY, "Japan", 5), 0);
    assert_int_equal(xc_ent_country(a, EXCTL_COUNTRY_NATIONALITY, "JP", 2), 0);
    assert_int_equal(xc_ent_country(a, EXCTL_COUNTRY_ADDRESS, "jp", 2), 0);
    assert_int_equal(xc_ent_country(a, EXCTL_COUNTRY_OTHER, " Atlantis ", 10), 0);
    assert_int_equal(exctl_entity_country_count(a), 3);
    exctl_country_role r;
    assert_string_equal(exctl_entity_country(a, 0, &r), "JP");
    assert_int_equal(r, EXCTL_COUNTRY_NATIONALITY);
    assert_string_equal(exctl_entity_country(a, 1, &r), "JP");
    assert_int_equal(r, EXCTL_COUNTRY_ADDRESS);
    assert_string_equal(exctl_entity_country(a, 2, NULL), "Atlantis");

    assert_int_equal(xc_ent_ident(a, EXCTL_ID_PASSPORT, "AB 123", 6, "Japan", "expired"), 0);
    assert_int_equal(xc_ent_ident(a, EXCTL_ID_PASSPORT, "AB 123", 6, "", ""), 0);
    assert_int_equal(xc_ent_ident(a, EXCTL_ID_CRYPTO, "0xabc", 5, "", "ETH"), 0);
    assert_int_equal(exctl_entity_ident_count(a), 2);
    exctl_id_type t;
    const char *cc, *note;
    assert_string_equal(exctl_entity_ident(a, 0, &t, &cc, &note), "AB 123");
    assert_int_equal(t, EXCTL_ID_PASSPORT);
    assert_string_equal(cc, "JP");
    assert_string_equal(note, "expired");
    assert_string_equal(exctl_entity_ident(a, 1, &t, &cc, &note), "0xabc");
    assert_string_equal(cc, "");
    assert_string_equal(note, "ETH");
    exctl_listset_free(ls);
}

static void many_and_long(void **state)
{
    (void)state;
    exctl_listset *ls;
    exctl_list *l = new_list(&ls);
    exctl_entity *e = add(l, "big");
    enum { NN = 300 };
    char buf[64];
    for (int i = 0; i < NN; i++) {
        int n = snprintf(buf, sizeof buf, "Name %d", i);
        assert_int_equal(xc_ent_name(e, i ? EXCTL_NAME_AKA : EXCTL_NAME_PRIMARY, buf,
                                     (size_t)n, i % 3 ? "" : "en"), 0);
        n = snprintf(buf, sizeof buf, "C%d", i);
        assert_int_equal(xc_ent_country(e, EXCTL_COUNTRY_OTHER, buf, (size_t)n), 0);
        n = snprintf(buf, sizeof buf, "ID-%d", i);
        assert_int_equal(xc_ent_ident(e, EXCTL_ID_OTHER, buf, (size_t)n, "", ""), 0);
        n = snprintf(buf, sizeof buf, "Address %d", i);
        assert_int_equal(xc_ent_field(e, EXCTL_FIELD_ADDRESS, buf, (size_t)n), 0);
    }
    /* A string longer than a string chunk's direct limit. */
    size_t big = 50000;
    char *s = malloc(big + 1);
    assert_non_null(s);
    for (size_t i = 0; i < big; i++)
        s[i] = (char)('a' + i % 26);
    s[big] = '\0';
    assert_int_equal(xc_ent_name(e, EXCTL_NAME_AKA, s, big, "xx"), 0);
    assert_int_equal(exctl_entity_name_count(e), NN + 1);
    assert_int_equal(exctl_entity_country_count(e), NN);
    assert_int_equal(exctl_entity_ident_count(e), NN);
    assert_int_equal(exctl_entity_field_count(e, EXCTL_FIELD_ADDRESS), NN);
    for (int i = 0; i < NN; i++) {
        const char *lang;
        snprintf(buf, sizeof buf, "Name %d", i);
        assert_string_equal(exctl_entity_name(e, (size_t)i, NULL, NULL, &lang), buf);
        assert_string_equal(lang, i % 3 ? "" : "en");
        snprintf(buf, sizeof buf, "C%d", i);
        assert_string_equal(exctl_entity_country(e, (size_t)i, NULL), buf);
        snprintf(buf, sizeof buf, "ID-%d", i);
        assert_string_equal(exctl_entity_ident(e, (size_t)i, NULL, NULL, NULL), buf);
        snprintf(buf, sizeof buf, "Address %d", i);
        assert_string_equal(exctl_entity_field(e, EXCTL_FIELD_ADDRESS, (size_t)i), buf);
    }
    const char *lang;
    assert_string_equal(exctl_entity_name(e, NN, NULL, NULL, &lang), s);
    assert_string_equal(lang, "xx");
    free(s);
    exctl_listset_free(ls);
}

static void frozen_list(void **state)
{
    (void)state;
    exctl_listset *ls;
    exctl_list *l = new_list(&ls);
    char id[32];
    for (size_t i = 0; i < 300; i++) {
        snprintf(id, sizeof id, "e%zu", i);
        exctl_entity *e = add(l, id);
        assert_int_equal(xc_ent_name(e, EXCTL_NAME_PRIMARY, id, strlen(id), ""), 0);
    }
    xc_list_freeze(l);
    check_ids(l, 300);
    /* Still extensible: a later addition grows the trimmed arrays again. */
    for (size_t i = 300; i < 700; i++) {
        snprintf(id, sizeof id, "e%zu", i);
        exctl_entity *e = add(l, id);
        assert_int_equal(xc_ent_name(e, EXCTL_NAME_PRIMARY, id, strlen(id), ""), 0);
    }
    check_ids(l, 700);
    for (size_t i = 0; i < 700; i++) {
        snprintf(id, sizeof id, "e%zu", i);
        assert_string_equal(exctl_entity_name(exctl_list_entity(l, i), 0, NULL, NULL, NULL),
                            id);
    }
    assert_int_equal(exctl_list_name_count(l), 700);
    xc_list_freeze(l);
    xc_list_freeze(l);
    check_ids(l, 700);
    exctl_listset_free(ls);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(id_table),      cmocka_unit_test(id_with_nul),
        cmocka_unit_test(names),         cmocka_unit_test(fields_and_dates),
        cmocka_unit_test(many_and_long), cmocka_unit_test(frozen_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
