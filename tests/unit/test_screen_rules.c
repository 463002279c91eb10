/*
 * Scoring rules that read the whole alignment, each with the pairs it must
 * lift and the pairs it must leave alone.
 *
 * name_bench labels some pairs as matches that a token-by-token reading
 * keeps apart (sibling funds that differ in a serial number; one letter
 * changed in one word of a name otherwise spelt exactly). Each rule here is
 * stated for names in general; the names are made up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "exctl/screen.h"
#include "screen/screen_int.h"

int scr_screen_full(const exctl_screener *s, const exctl_query *q,
                    const exctl_screen_opts *opts, exctl_matches **out, exctl_errbuf *eb);

static double score_as(const char *a, const char *b, exctl_schema schema)
{
    double s = -1.0;
    assert_int_equal(scr_score_names_with(NULL, a, b, schema, &s, NULL), 0);
    assert_true(s >= 0.0 && s <= 1.0);
    return s;
}

static double score(const char *a, const char *b)
{
    return score_as(a, b, EXCTL_SCHEMA_UNKNOWN);
}

/* Organisation names that differ only in a number name siblings of one
 * sponsor (a fund series, a trust's issues): worth a look. */
static void serial_number_siblings(void **state)
{
    (void)state;
    double thr = exctl_screen_default_threshold();
    const exctl_schema O = EXCTL_SCHEMA_ORGANIZATION;
    assert_true(score("Tarnwick Harbour Fund III L.P.", "Tarnwick Harbour Fund IV L.P.") >= thr);
    assert_true(score("Quillmere Partners VII L.P.", "Quillmere Partners VIII L.P.") >= thr);
    assert_true(score("Brandolin Mortgage Loan Trust 2011-1", "Brandolin Mortgage Loan Trust 2012-1") >=
                thr);
    assert_true(score_as("Velmoran Holdings 2", "Velmoran Holdings 3", O) >= thr);
    /* another word left over too: not a sibling */
    assert_true(score("Tarnwick Harbour Fund III L.P.", "Tarnwick Fund IV L.P.") < thr);
    assert_true(score("Tarnwick Harbour Fund III L.P.", "Tarnwick Ridge Fund IV L.P.") < thr);
    /* a number against nothing but one word: the number is half the name */
    assert_true(score_as("Velmoran 2", "Velmoran 3", O) < thr);
    /* names of people or of things (vessels) keep their numbers */
    assert_true(score("Gorvan Tesh 7", "Gorvan Tesh 8") < thr);
    assert_true(score_as("Gorvan Tesh 7", "Gorvan Tesh 8", EXCTL_SCHEMA_PERSON) < thr);
    assert_true(score_as("Gorvan Tesh 7", "Gorvan Tesh 8", EXCTL_SCHEMA_VESSEL) < thr);
}

/* A one-letter roman numeral after an organisation word numbers the body
 * (Trust I, Fund X): a sibling's number, not an initial. Elsewhere it
 * stays an initial. */
static void roman_numeral_after_org_word(void **state)
{
    (void)state;
    double thr = exctl_screen_default_threshold();
    assert_true(score("Harlow Brook Capital Trust I", "Harlow Brook Capital Trust II") >= thr);
    assert_true(score("Harlow Brook Fund X L.P.", "Harlow Brook Fund XI L.P.") >= thr);
    assert_true(score("Harlow Brook Fund V", "Harlow Brook Fund 5") >= 0.95);
    /* an initial elsewhere: a person's middle initial, a leading letter */
    assert_true(score("Jonas V Kettler", "Jonas Vernon Kettler") >= thr);
    assert_true(score("X Harlow Brook Fund", "Xavier Harlow Brook Fund") >= thr);
    /* another number is still another number without the rest agreeing */
    assert_true(score("Harlow Brook Fund X", "Harlow Fund XI") < thr);
}

/* One word's first letter changed while every other word agrees exactly
 * (a disguised or mistyped name): worth a look. Anything more, or less
 * context, stays apart. */
static void first_letter_changed(void **state)
{
    (void)state;
    double thr = exctl_screen_default_threshold();
    assert_true(score("Ilvan Dorask", "Ilvan Forask") >= thr);
    assert_true(score("Dorask Ilvan", "Ilvan Forask") >= thr);         /* order */
    assert_true(score("Nelmora Kastel Inc.", "Melmora Kastel Inc.") >= thr);
    assert_true(score("Ilvan Pelko Dorask", "Ilvan Pelko Forask") >= thr);
    /* below the other spellings of a name */
    assert_true(score("Ilvan Dorask", "Ilvan Forask") < score("Ilvan Dorask", "Ilvan Doraks"));
    /* another word not exact, or two words changed */
    assert_true(score("Ilvan Dorask", "Ilven Forask") < thr);
    assert_true(score("Jilvan Dorask", "Milvan Forask") < thr);
    /* a word left over on either side */
    assert_true(score("Ilvan Pelko Dorask", "Ilvan Forask") < thr);
    assert_true(score("Ilvan Dorask", "Ilvan Forask Pelko") < thr);
    /* nothing else to agree: a one-word name */
    assert_true(score("Dorask", "Forask") < thr);
    /* only an organisation word agrees */
    assert_true(score("Nelmora Systems", "Melmora Systems") < thr);
    /* short words reach no index key: left to their other spellings */
    assert_true(score("Ilvan Dor", "Ilvan For") < thr);
}

typedef struct fixture {
    exctl_listset *ls;
    exctl_screener *s;
} fixture;

static void add(exctl_list *l, const char *id, exctl_schema schema, const char *name)
{
    exctl_entity *e = xc_ent_get(l, id, strlen(id), NULL);
    assert_non_null(e);
    e->schema = (uint8_t)schema;
    assert_int_equal(xc_ent_name(e, EXCTL_NAME_PRIMARY, name, strlen(name), ""), 0);
}

static int setup_letters(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_int_equal(exctl_listset_new(&f->ls), 0);
    exctl_list *l = xc_list_new(f->ls);
    assert_int_equal(xc_list_meta(l, "id", "test"), 0);
    add(l, "if", EXCTL_SCHEMA_PERSON, "Ilvan Forask");
    add(l, "mk", EXCTL_SCHEMA_ORGANIZATION, "Melmora Kastel Inc.");
    add(l, "ipf", EXCTL_SCHEMA_PERSON, "Ilvan Pelko Forask");
    add(l, "kh", EXCTL_SCHEMA_PERSON, "Kamal Hassan Hussein");
    char id[16], name[64];
    for (int i = 0; i < 200; i++) {
        snprintf(id, sizeof id, "f%d", i);
        snprintf(name, sizeof name, "Filler%c%c Trading %d", 'a' + i % 26, 'a' + i / 26, i);
        add(l, id, EXCTL_SCHEMA_ORGANIZATION, name);
    }
    /* common names */
    for (int i = 0; i < 60; i++) {
        snprintf(id, sizeof id, "h%d", i);
        snprintf(name, sizeof name, "Hassan Hussein Filler%c%c", 'a' + i % 26, 'a' + i / 26);
        add(l, id, EXCTL_SCHEMA_PERSON, name);
    }
    assert_int_equal(exctl_screener_new(f->ls, &f->s, NULL), 0);
    *state = f;
    return 0;
}

static int teardown_letters(void **state)
{
    fixture *f = *state;
    exctl_screener_free(f->s);
    exctl_listset_free(f->ls);
    free(f);
    return 0;
}

/* The index reaches the changed first letter (one-letter deletion keys)
 * and finds what a full scan finds; with the list's own token weights, a
 * common word agreeing is not enough. */
static void first_letter_through_index(void **state)
{
    fixture *f = *state;
    static const char *const queries[][2] = {
        {"Ilvan Dorask", "if"}, {"Helmora Kastel Inc", "mk"}, {"Ilvan Pelko Porask", "ipf"},
    };
    for (size_t i = 0; i < XC_ARRAY_LEN(queries); i++) {
        exctl_query q = {.name = queries[i][0]};
        exctl_screen_opts o = {.threshold = -1, .limit = 50};
        exctl_matches *a = NULL, *b = NULL;
        assert_int_equal(exctl_screen(f->s, &q, &o, &a, NULL), 0);
        assert_int_equal(scr_screen_full(f->s, &q, &o, &b, NULL), 0);
        assert_true(exctl_matches_count(a) >= 1);
        assert_string_equal(exctl_matches_at(a, 0)->entity_id, queries[i][1]);
        assert_true(exctl_matches_at(a, 0)->score >= exctl_screen_default_threshold());
        assert_int_equal(exctl_matches_count(a), exctl_matches_count(b));
        for (size_t k = 0; k < exctl_matches_count(a); k++) {
            assert_string_equal(exctl_matches_at(a, k)->entity_id,
                                exctl_matches_at(b, k)->entity_id);
            assert_true(exctl_matches_at(a, k)->score == exctl_matches_at(b, k)->score);
        }
        exctl_matches_free(a);
        exctl_matches_free(b);
    }
    /* what agrees must be rare: a common surname says little */
    exctl_query q = {.name = "Jamal Hassan Hussein"};
    exctl_screen_opts o = {.threshold = -1, .limit = 50};
    exctl_matches *m = NULL;
    assert_int_equal(exctl_screen(f->s, &q, &o, &m, NULL), 0);
    for (size_t k = 0; k < exctl_matches_count(m); k++)
        assert_string_not_equal(exctl_matches_at(m, k)->entity_id, "kh");
    exctl_matches_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(serial_number_siblings),
        cmocka_unit_test(roman_numeral_after_org_word),
        cmocka_unit_test(first_letter_changed),
        cmocka_unit_test_setup_teardown(first_letter_through_index, setup_letters,
                                        teardown_letters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
