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
#include <string.h>
#include <cmocka.h>
#include "exctl/screen.h"
#include "screen/screen_int.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(serial_number_siblings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
