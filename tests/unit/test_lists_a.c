/*
 * Unit tests for the list loaders of part A (METI EUL, METI export bans, UN,
 * BIS DPL, trade.gov CSL, the custom CSV) and for country and date
 * normalisation. Real bundled lists are loaded whole and their counts and
 * sample entities checked field by field; malformed inputs are written to
 * temporary files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "lists/load_mem.h"
#include "lists/model.h"

#define LISTS EXCTL_TEST_DATA_DIR "/lists/"
#define FIX EXCTL_TEST_FIXTURES "/lists/"

static char tmpdir[64];

static int setup_tmp(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/exctl_lists_a_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_tmp(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Write content to tmpdir/name; returns the path (static buffer). */
static const char *write_tmp(const char *name, const char *content, size_t len)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, len, f), len);
    fclose(f);
    return path;
}

typedef struct loaded {
    exctl_listset *ls;
    exctl_list *l;
    exctl_errbuf eb;
    int rc;
} loaded;

static loaded load(const char *path, int lenient, const char *format)
{
    loaded r = {0};
    assert_int_equal(exctl_listset_new(&r.ls), 0);
    exctl_load_opts o = {0};
    o.lenient = lenient;
    o.format = format;
    r.rc = exctl_listset_load_file(r.ls, path, &o, &r.l, &r.eb);
    return r;
}

static const exctl_entity *must_find(const loaded *r, const char *id)
{
    const exctl_entity *e = exctl_list_find(r->l, id);
    if (!e)
        fail_msg("entity %s not found", id);
    return e;
}

static bool has_name(const exctl_entity *e, const char *text, exctl_name_kind kind,
                     const char *lang)
{
    for (size_t i = 0; i < exctl_entity_name_count(e); i++) {
        exctl_name_kind k;
        const char *lg = "";
        const char *n = exctl_entity_name(e, i, &k, NULL, &lg);
        if (!strcmp(n, text) && k == kind && (!lang || !strcmp(lg, lang)))
            return true;
    }
    return false;
}

static const char *primary(const exctl_entity *e)
{
    for (size_t i = 0; i < exctl_entity_name_count(e); i++) {
        exctl_name_kind k;
        const char *n = exctl_entity_name(e, i, &k, NULL, NULL);
        if (k == EXCTL_NAME_PRIMARY)
            return n;
    }
    return "";
}

static size_t count_kind(const exctl_entity *e, exctl_name_kind kind, const char *lang)
{
    size_t c = 0;
    for (size_t i = 0; i < exctl_entity_name_count(e); i++) {
        exctl_name_kind k;
        const char *lg = "";
        exctl_entity_name(e, i, &k, NULL, &lg);
        if (k == kind && (!lang || !strcmp(lg, lang)))
            c++;
    }
    return c;
}

static bool has_country(const exctl_entity *e, const char *code, exctl_country_role role)
{
    for (size_t i = 0; i < exctl_entity_country_count(e); i++) {
        exctl_country_role r;
        const char *c = exctl_entity_country(e, i, &r);
        if (!strcmp(c, code) && r == role)
            return true;
    }
    return false;
}

static bool has_field(const exctl_entity *e, exctl_field f, const char *text)
{
    for (size_t i = 0; i < exctl_entity_field_count(e, f); i++)
        if (!strcmp(exctl_entity_field(e, f, i), text))
            return true;
    return false;
}

static bool field_contains(const exctl_entity *e, exctl_field f, const char *needle)
{
    for (size_t i = 0; i < exctl_entity_field_count(e, f); i++)
        if (strstr(exctl_entity_field(e, f, i), needle))
            return true;
    return false;
}

static bool has_ident(const exctl_entity *e, exctl_id_type type, const char *value,
                      const char *country)
{
    for (size_t i = 0; i < exctl_entity_ident_count(e); i++) {
        exctl_id_type t;
        const char *c = "";
        const char *v = exctl_entity_ident(e, i, &t, &c, NULL);
        if (t == type && !strcmp(v, value) && (!country || !strcmp(c, country)))
            return true;
    }
    return false;
}

/* --- METI End User List ------------------------------------------------ */

static void meti_eul_bundled(void **state)
{
    (void)state;
    loaded r = load(LISTS "jp_meti_eul_2025-09-29.json.gz", 0, NULL);
    assert_int_equal(r.rc, 0);
    assert_string_equal(exctl_list_format(r.l), "meti-json");
    assert_int_equal(exctl_list_entity_count(r.l), 835);
    assert_int_equal(exctl_list_rows(r.l), 835);
    assert_string_equal(exctl_list_date(r.l), "2025-09-29");
    /* Al Qa'ida: all five concern types, in fixed order, 8 aliases */
    const exctl_entity *e = must_find(&r, "jp-eul-1");
    assert_string_equal(primary(e), "Al Qa'ida/Islamic Army");
    assert_true(has_name(e, "Usama Bin Laden Network", EXCTL_NAME_AKA, NULL));
    assert_int_equal(count_kind(e, EXCTL_NAME_AKA, NULL), 8);
    assert_true(has_country(e, "AF", EXCTL_COUNTRY_ADDRESS));
    assert_int_equal(exctl_entity_field_count(e, EXCTL_FIELD_PROGRAM), 5);
    static const char *const codes[] = {"B", "C", "M", "N", "CW"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(exctl_entity_field(e, EXCTL_FIELD_PROGRAM, i), codes[i]);
    assert_int_equal(exctl_entity_schema(e), EXCTL_SCHEMA_ORGANIZATION);
    /* Air Koryo (高麗航空): the Japanese form is an original-script name */
    e = must_find(&r, "jp-eul-300");
    assert_string_equal(primary(e), "Air Koryo");
    assert_true(has_name(e, "\xE9\xAB\x98\xE9\xBA\x97\xE8\x88\xAA\xE7\xA9\xBA",
                         EXCTL_NAME_ORIGINAL, "ja"));
    assert_true(has_name(e, "Airkoryo", EXCTL_NAME_AKA, NULL));
    assert_true(has_country(e, "KP", EXCTL_COUNTRY_ADDRESS));
    assert_false(has_field(e, EXCTL_FIELD_PROGRAM, "CW"));
    assert_true(has_field(e, EXCTL_FIELD_PROGRAM, "B"));
    /* name glued after the country in addresses[] with an empty name */
    e = must_find(&r, "jp-eul-478");
    assert_string_equal(primary(e), "23rd Research Institute");
    assert_true(has_country(e, "CN", EXCTL_COUNTRY_ADDRESS));
    assert_true(has_name(e, "BIRM", EXCTL_NAME_AKA, NULL));
    /* full-width "ＩＲＧＣＡＳＦ" folded */
    e = must_find(&r, "jp-eul-133");
    assert_true(has_name(e, "IRGCASF", EXCTL_NAME_AKA, NULL));
    /* every entity: a primary name, a mapped country, a concern type; CW
     * count equals the records whose reason names CW (measured: 240) */
    /* Japanese only: the Japanese name is the primary one */
    e = must_find(&r, "jp-eul-450");
    assert_true(has_name(e, "\xE6\xB0\x91\xE6\x97\x8F\xE7\xB5\x8C\xE6\xB8\x88\xE5\x8D\x94"
                            "\xE5\x8A\x9B\xE9\x80\xA3\xE5\x90\x88\xE4\xBC\x9A",
                         EXCTL_NAME_PRIMARY, "ja")); /* 民族経済協力連合会 */
    assert_int_equal(count_kind(e, EXCTL_NAME_ORIGINAL, "ja"), 2);
    size_t cw = 0, latin = 0;
    for (size_t i = 0; i < exctl_list_entity_count(r.l); i++) {
        e = exctl_list_entity(r.l, i);
        const char *p = primary(e);
        assert_true(p[0] != '\0');
        latin += !strcmp(xc_script_of(p, strlen(p)), "Latn");
        assert_int_equal(exctl_entity_country_count(e), 1);
        assert_int_equal(strlen(exctl_entity_country(e, 0, NULL)), 2);
        assert_true(exctl_entity_field_count(e, EXCTL_FIELD_PROGRAM) >= 1);
        cw += has_field(e, EXCTL_FIELD_PROGRAM, "CW");
    }
    assert_int_equal(cw, 240);
    assert_int_equal(latin, 835 - 4); /* 4 entries carry only a Japanese name */
    exctl_listset_free(r.ls);
}

/* --- METI export bans --------------------------------------------------- */

static void all_have_japanese(const exctl_list *l)
{
    for (size_t i = 0; i < exctl_list_entity_count(l); i++) {
        const exctl_entity *e = exctl_list_entity(l, i);
        const char *p = primary(e);
        assert_true(p[0] != '\0');
        assert_string_equal(xc_script_of(p, strlen(p)), "Latn");
        if (count_kind(e, EXCTL_NAME_ORIGINAL, "ja") < 1)
            fail_msg("entry %s has no Japanese name", exctl_entity_id(e));
        if (exctl_entity_country_count(e) < 1)
            fail_msg("entry %s has no country", exctl_entity_id(e));
        assert_true(exctl_entity_field_count(e, EXCTL_FIELD_ADDRESS) >= 1);
    }
}

static void meti_ban_thirdcountry(void **state)
{
    (void)state;
    loaded r = load(LISTS "jp_meti_thirdcountry_export_ban_entities_2025-09-12.txt.gz", 0,
                    NULL);
    assert_int_equal(r.rc, 0);
    assert_string_equal(exctl_list_format(r.l), "meti-ban-txt");
    assert_int_equal(exctl_list_entity_count(r.l), 56);
    assert_int_equal(exctl_list_rows(r.l), 56);
    assert_string_equal(exctl_list_date(r.l), "2025-09-12");
    all_have_japanese(r.l);
    /* 1: a.k.a. on the English line, one dash alias */
    const exctl_entity *e = must_find(&r, "jp-ban-tc-1");
    assert_string_equal(primary(e), "Tako LLC");
    assert_true(has_name(e, "\xE6\x9C\x89\xE9\x99\x90\xE4\xBC\x9A\xE7\xA4\xBE\xE3\x82\xBF"
                            "\xE3\x82\xB3", EXCTL_NAME_ORIGINAL, "ja")); /* 有限会社タコ */
    assert_true(has_name(e, "Taco LLC", EXCTL_NAME_AKA, NULL));
    assert_true(has_country(e, "AM", EXCTL_COUNTRY_ADDRESS));
    /* 4 starts glued to the end of 3's address */
    e = must_find(&r, "jp-ban-tc-4");
    assert_string_equal(primary(e), "Success Aviation Services FZC");
    assert_int_equal(count_kind(e, EXCTL_NAME_AKA, NULL), 3);
    assert_true(has_name(e, "Success Aviation FZC", EXCTL_NAME_AKA, NULL));
    assert_int_equal(count_kind(e, EXCTL_NAME_ORIGINAL, "ja"), 4); /* name + 3 別称 */
    assert_int_equal(exctl_entity_field_count(e, EXCTL_FIELD_ADDRESS), 2);
    assert_true(has_country(e, "AE", EXCTL_COUNTRY_ADDRESS));
    e = must_find(&r, "jp-ban-tc-3");
    assert_true(has_field(e, EXCTL_FIELD_ADDRESS,
                          "Unit No: 3504, 1 Lake Plaza, Plot No: JLT\xE2\x80\x93PH2\xE2\x80\x93"
                          "T2A, Jumeirah Lakes Towers, Dubai, United Arab Emirates"));
    /* 13: English name glued to the Japanese line; Chinese name */
    e = must_find(&r, "jp-ban-tc-13");
    assert_string_equal(primary(e), "Yilufa Electronics Ltd");
    assert_true(has_name(e, "\xE6\xB7\xB1\xE5\x9C\xB3\xE5\xB8\x82\xE4\xBA\xBF\xE8\xB7\xAF"
                            "\xE5\x8F\x91\xE7\xA7\x91\xE6\x8A\x80\xE6\x9C\x89\xE9\x99\x90"
                            "\xE5\x85\xAC\xE5\x8F\xB8", EXCTL_NAME_ORIGINAL, "zh"));
    assert_true(has_name(e, "Yilufa Electronics Limited", EXCTL_NAME_AKA, NULL));
    /* Hong Kong addresses written "..., Hong Kong, China" */
    assert_true(has_country(must_find(&r, "jp-ban-tc-7"), "HK", EXCTL_COUNTRY_ADDRESS));
    /* 20: six dash aliases, one wrapped over an "and" line */
    e = must_find(&r, "jp-ban-tc-20");
    assert_true(has_name(e, "Changsha Tianyi Space Science and Technology Research Institute",
                         EXCTL_NAME_AKA, NULL));
    assert_true(has_name(e, "Spacety", EXCTL_NAME_AKA, NULL));
    assert_int_equal(count_kind(e, EXCTL_NAME_AKA, NULL), 6);
    /* 28 has no "a.k.a.", only "the following two aliases" */
    e = must_find(&r, "jp-ban-tc-28");
    assert_string_equal(primary(e), "Most Development Limited");
    assert_int_equal(count_kind(e, EXCTL_NAME_AKA, NULL), 2);
    /* 33: first alias glued after "aliases:" */
    e = must_find(&r, "jp-ban-tc-33");
    assert_true(has_name(e, "Win Key", EXCTL_NAME_AKA, NULL));
    assert_true(has_name(e, "Win Key Ltd", EXCTL_NAME_AKA, NULL));
    /* 49: newer layout, 別称 lines with "; " lists */
    e = must_find(&r, "jp-ban-tc-49");
    assert_string_equal(primary(e), "Eastech Electronics Limited");
    assert_int_equal(count_kind(e, EXCTL_NAME_AKA, NULL), 7);
    assert_int_equal(count_kind(e, EXCTL_NAME_ORIGINAL, "ja"), 7);
    assert_true(has_country(e, "HK", EXCTL_COUNTRY_ADDRESS));
    assert_true(has_country(e, "CN", EXCTL_COUNTRY_ADDRESS));
    /* 53: two Chinese names in one bracket, wrapped */
    e = must_find(&r, "jp-ban-tc-53");
    assert_string_equal(primary(e), "Hong Kong Qisu Electronic Technology Co Ltd");
    assert_int_equal(count_kind(e, EXCTL_NAME_ORIGINAL, "zh"), 2);
    /* 56: last entry, address wraps to the end of the file */
    e = must_find(&r, "jp-ban-tc-56");
    assert_string_equal(primary(e), "Laserchips FZCO");
    assert_true(has_country(e, "AE", EXCTL_COUNTRY_ADDRESS));
    assert_null(exctl_list_find(r.l, "jp-ban-tc-57"));
    exctl_listset_free(r.ls);
}

static void meti_ban_belarus(void **state)
{
    (void)state;
    loaded r = load(LISTS "jp_meti_belarus_export_ban_entities_2022-07-05.txt.gz", 0, NULL);
    assert_int_equal(r.rc, 0);
    assert_int_equal(exctl_list_entity_count(r.l), 27);
    assert_string_equal(exctl_list_date(r.l), "2022-07-05");
    all_have_japanese(r.l);
    for (size_t i = 0; i < exctl_list_entity_count(r.l); i++)
        assert_true(has_country(exctl_list_entity(r.l, i), "BY", EXCTL_COUNTRY_ADDRESS));
    /* ７ (full-width) glued to the end of 6's address */
    const exctl_entity *e = must_find(&r, "jp-ban-by-7");
    assert_string_equal(primary(e), "AGAT-Electromechanical Plant OJSC");
    assert_true(has_name(e, "\xE6\xA0\xAA\xE5\xBC\x8F\xE4\xBC\x9A\xE7\xA4\xBE\xE3\x82\xA2"
                            "\xE3\x82\xAC\xE3\x83\x88\xE9\x9B\xBB\xE5\xAD\x90\xE6\xA9\x9F"
                            "\xE5\x99\xA8\xE5\xB7\xA5\xE5\xA0\xB4",
                         EXCTL_NAME_ORIGINAL, "ja")); /* 株式会社アガト電子機器工場 */
    assert_int_equal(exctl_entity_field_count(e, EXCTL_FIELD_ADDRESS), 2);
    /* 21: 所在地 glued to the last alias line */
    e = must_find(&r, "jp-ban-by-21");
    assert_true(has_name(e, "KB Radar", EXCTL_NAME_AKA, NULL));
    assert_true(has_field(e, EXCTL_FIELD_ADDRESS, "64a Partizansky ave., Minsk, 220026, Belarus"));
    /* 16: 別称 list with four Japanese names */
    e = must_find(&r, "jp-ban-by-16");
    assert_string_equal(primary(e), "KGB Alpha");
    assert_int_equal(count_kind(e, EXCTL_NAME_ORIGINAL, "ja"), 4);
    assert_int_equal(count_kind(e, EXCTL_NAME_AKA, NULL), 3);
    exctl_listset_free(r.ls);
}

static void meti_ban_malformed(void **state)
{
    (void)state;
    const char good[] =
        "\xE2\x97\x8B heading\n\xE6\x9C\x80\xE7\xB5\x82\xE6\x9B\xB4\xE6\x96\xB0\xE6\x97\xA5"
        "\xEF\xBC\x9A" "2024\xE5\xB9\xB4" "1\xE6\x9C\x88" "2\xE6\x97\xA5\n"
        "1 \xE3\x82\xA2\xE3\x83\xAB\xE3\x83\x95\xE3\x82\xA1\n"       /* 1 アルファ */
        "Alpha LLC\n\xE6\x89\x80\xE5\x9C\xA8\xE5\x9C\xB0\xEF\xBC\x9A" "Minsk, Belarus\n"
        "2 \xE3\x83\x99\xE3\x83\xBC\xE3\x82\xBF\xFF\n"               /* 2 ベータ + bad byte */
        "Beta LLC\n\xE6\x89\x80\xE5\x9C\xA8\xE5\x9C\xB0\xEF\xBC\x9A" "Minsk, Belarus\n"
        "3 \xE3\x82\xAC\xE3\x83\xB3\xE3\x83\x9E\r\n"                 /* CRLF */
        "Gamma LLC\r\n\xE6\x89\x80\xE5\x9C\xA8\xE5\x9C\xB0\xEF\xBC\x9A" "Minsk, Belarus";
    const char *p = write_tmp("ban.txt", good, sizeof good - 1);
    loaded r = load(p, 0, "meti-ban-txt");
    assert_int_equal(r.rc, EXCTL_EUTF8);
    assert_non_null(strstr(r.eb.msg, "ban.txt:6"));
    exctl_listset_free(r.ls);
    r = load(p, 1, "meti-ban-txt");
    assert_int_equal(r.rc, 0);
    assert_int_equal(exctl_list_rows(r.l), 3);
    assert_int_equal(exctl_list_skipped(r.l), 1);
    assert_int_equal(exctl_list_entity_count(r.l), 2);
    assert_string_equal(primary(must_find(&r, "jp-ban-3")), "Gamma LLC");
    assert_null(exctl_list_find(r.l, "jp-ban-2"));
    assert_string_equal(exctl_list_date(r.l), "2024-01-02");
    exctl_listset_free(r.ls);
}

/* --- UN ------------------------------------------------------------------ */

static void un_bundled(void **state)
{
    (void)state;
    loaded r = load(LISTS "un_sc_consolidated_2026-02-27.xml.gz", 0, NULL);
    assert_int_equal(r.rc, 0);
    assert_string_equal(exctl_list_format(r.l), "un-xml");
    assert_int_equal(exctl_list_entity_count(r.l), 1003);
    assert_int_equal(exctl_list_rows(r.l), 1003);
    assert_string_equal(exctl_list_date(r.l), "2026-02-27");
    size_t persons = 0, orgs = 0;
    for (size_t i = 0; i < exctl_list_entity_count(r.l); i++) {
        exctl_schema s = exctl_entity_schema(exctl_list_entity(r.l, i));
        persons += s == EXCTL_SCHEMA_PERSON;
        orgs += s == EXCTL_SCHEMA_ORGANIZATION;
    }
    assert_int_equal(persons, 730);
    assert_int_equal(orgs, 273);
    const exctl_entity *e = must_find(&r, "LYi.023");
    assert_string_equal(primary(e), "Ahmad Oumar Imhamad al-Fitouri");
    assert_true(has_name(e, "\xD8\xA7\xD8\xAD\xD9\x85\xD8\xAF \xD8\xB9\xD9\x85\xD8\xB1 "
                            "\xD8\xA7\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF \xD8\xA7\xD9\x84"
                            "\xD9\x81\xD9\x8A\xD8\xAA\xD9\x88\xD8\xB1\xD9\x8A",
                         EXCTL_NAME_ORIGINAL, NULL));
    assert_int_equal(count_kind(e, EXCTL_NAME_WEAK_AKA, NULL), 5);
    assert_true(has_name(e, "The Uncle", EXCTL_NAME_WEAK_AKA, NULL));
    assert_true(has_field(e, EXCTL_FIELD_BIRTH_DATE, "1988-05-07"));
    assert_true(has_country(e, "LY", EXCTL_COUNTRY_NATIONALITY));
    assert_true(has_country(e, "LY", EXCTL_COUNTRY_ADDRESS));
    assert_true(has_ident(e, EXCTL_ID_PASSPORT, "LY53FP76", "LY"));
    assert_true(has_ident(e, EXCTL_ID_NATIONAL, "119880387067", ""));
    assert_string_equal(exctl_entity_listed_on(e), "2018-06-07");
    assert_true(has_field(e, EXCTL_FIELD_PROGRAM, "Libya"));
    assert_true(field_contains(e, EXCTL_FIELD_REMARK, "resolution 1970"));
    assert_true(field_contains(e, EXCTL_FIELD_TITLE, "Anas al-Dabbashi"));
    assert_true(has_field(e, EXCTL_FIELD_ADDRESS, "Zawiya, Libya"));
    /* DPRK national; Good alias */
    e = must_find(&r, "KPi.003");
    assert_true(has_country(e, "KP", EXCTL_COUNTRY_NATIONALITY));
    assert_true(has_name(e, "HWANG SOK HA", EXCTL_NAME_AKA, NULL));
    assert_true(has_field(e, EXCTL_FIELD_BIRTH_DATE, "1943-09-26"));
    /* BETWEEN 1973 and 1974 */
    e = must_find(&r, "CDi.030");
    assert_true(has_field(e, EXCTL_FIELD_BIRTH_DATE, "1973"));
    assert_true(has_field(e, EXCTL_FIELD_BIRTH_DATE, "1974"));
    /* entity with a former name and an address */
    e = must_find(&r, "IQe.200");
    assert_int_equal(exctl_entity_schema(e), EXCTL_SCHEMA_ORGANIZATION);
    assert_true(has_name(e, "LOGARCHEO AG", EXCTL_NAME_FKA, NULL));
    assert_true(has_country(e, "CH", EXCTL_COUNTRY_ADDRESS));
    assert_true(has_field(e, EXCTL_FIELD_ADDRESS,
                          "Chemin du Carmel, 1661 Le Paquier-Montbarry, Switzerland"));
    exctl_listset_free(r.ls);
}

static const char un_doc[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<CONSOLIDATED_LIST dateGenerated=\"2025-01-02T03:04:05Z\">\n"
    "<INDIVIDUALS>\n"
    "<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>GOOD</FIRST_NAME>"
    "<REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER></INDIVIDUAL>\n"
    "<INDIVIDUAL><DATAID>2</DATAID><FIRST_NAME>B\xC3" "AD</FIRST_NAME>"
    "<REFERENCE_NUMBER>XXi.002</REFERENCE_NUMBER></INDIVIDUAL>\n"
    "</INDIVIDUALS>\n<ENTITIES>\n"
    "<ENTITY><DATAID>3</DATAID><FIRST_NAME>ACME</FIRST_NAME></ENTITY>\n"
    "</ENTITIES>\n</CONSOLIDATED_LIST>\n";

static void un_malformed(void **state)
{
    (void)state;
    const char *p = write_tmp("un.xml", un_doc, sizeof un_doc - 1);
    loaded r = load(p, 0, NULL);
    assert_int_equal(r.rc, EXCTL_EUTF8);
    assert_non_null(strstr(r.eb.msg, "un.xml:5"));
    exctl_listset_free(r.ls);
    r = load(p, 1, NULL);
    assert_int_equal(r.rc, 0);
    assert_string_equal(exctl_list_format(r.l), "un-xml");
    assert_int_equal(exctl_list_rows(r.l), 3);
    assert_int_equal(exctl_list_skipped(r.l), 1);
    assert_int_equal(exctl_list_entity_count(r.l), 2);
    assert_non_null(exctl_list_find(r.l, "XXi.001"));
    assert_non_null(exctl_list_find(r.l, "3")); /* no REFERENCE_NUMBER: DATAID */
    assert_string_equal(exctl_list_date(r.l), "2025-01-02");
    exctl_listset_free(r.ls);
    /* truncated document */
    p = write_tmp("trunc.xml", un_doc, 200);
    r = load(p, 1, "un-xml");
    assert_int_equal(r.rc, EXCTL_EPARSE);
    assert_non_null(strstr(r.eb.msg, "trunc.xml:"));
    assert_int_equal(exctl_listset_count(r.ls), 0);
    exctl_listset_free(r.ls);
}

/* --- BIS DPL ------------------------------------------------------------ */

static void dpl_bundled(void **state)
{
    (void)state;
    loaded r = load(LISTS "us_bis_dpl_2023-11-28.txt.gz", 0, NULL);
    assert_int_equal(r.rc, 0);
    assert_string_equal(exctl_list_format(r.l), "bis-dpl");
    assert_int_equal(exctl_list_rows(r.l), 665);
    assert_int_equal(exctl_list_entity_count(r.l), 665);
    /* newest Last_Update in the file (the typo "3033-09-30" is not a date of
     * the list), not the newest Effective_Date (2023-11-16) */
    assert_string_equal(exctl_list_date(r.l), "2023-11-28");
    /* the id is a hash of name|street|effective date as written */
    const char *key = "BAHAR SAFWA GENERAL TRADING|PO BOX 113212, CITADEL TOWER, FLOOR-5, "
                      "OFFICE #504, BUSINESS BAY|10/31/2023";
    char hex[65], id[32];
    xc_sha256_hex(key, strlen(key), hex);
    snprintf(id, sizeof id, "dpl-%.12s", hex);
    const exctl_entity *e = must_find(&r, id);
    assert_string_equal(primary(e), "BAHAR SAFWA GENERAL TRADING");
    assert_int_equal(exctl_entity_schema(e), EXCTL_SCHEMA_ORGANIZATION);
    assert_string_equal(exctl_entity_listed_on(e), "2023-10-31");
    assert_true(has_country(e, "AE", EXCTL_COUNTRY_ADDRESS));
    assert_true(field_contains(e, EXCTL_FIELD_REMARK, "88 F.R. 30078 5/10/2023"));
    assert_true(field_contains(e, EXCTL_FIELD_ADDRESS, "BUSINESS BAY, DUBAI, AE"));
    /* rows repeating name, street and date get distinct, ordered ids */
    key = "ALI M HIJAZI||09/01/1981";
    xc_sha256_hex(key, strlen(key), hex);
    snprintf(id, sizeof id, "dpl-%.12s", hex);
    must_find(&r, id);
    snprintf(id, sizeof id, "dpl-%.12s-2", hex);
    must_find(&r, id);
    /* a person stays schema-unknown */
    e = exctl_list_entity(r.l, 1);
    assert_string_equal(primary(e), "AARON ABRAHAM VILLA");
    assert_int_equal(exctl_entity_schema(e), EXCTL_SCHEMA_UNKNOWN);
    exctl_listset_free(r.ls);
}

static void dpl_malformed(void **state)
{
    (void)state;
    const char doc[] =
        "\xEF\xBB\xBF\"Name\"\t\"Street_Address\"\t\"City\"\t\"Country\"\t\"Effective_Date\"\r\n"
        "\"ONE\"\t\"1 ST\"\t\"X\"\t\"DE\"\t\"01/02/2003\"\r\n"
        "\"TW\xFFO\"\t\"2 ST\"\t\"X\"\t\"DE\"\t\"01/02/2003\"\r\n"
        "\"THREE\"\t\"3 ST\"\t\"X\"\t\"PRC\"\t\"13/45/2003\"\r\n"
        "\"FOUR\"\t\"4 ST\"\t\"X\"\t\"PRC\"\t\"12/31/2003\"\r\n";
    const char *p = write_tmp("dpl.txt", doc, sizeof doc - 1);
    loaded r = load(p, 0, NULL);
    assert_int_equal(r.rc, EXCTL_EUTF8);
    assert_non_null(strstr(r.eb.msg, "dpl.txt:3"));
    exctl_listset_free(r.ls);
    r = load(p, 1, NULL);
    assert_int_equal(r.rc, 0);
    assert_string_equal(exctl_list_format(r.l), "bis-dpl");
    assert_int_equal(exctl_list_rows(r.l), 4);
    assert_int_equal(exctl_list_skipped(r.l), 2); /* bad byte, impossible date */
    assert_int_equal(exctl_list_entity_count(r.l), 2);
    const exctl_entity *e = exctl_list_entity(r.l, 1);
    assert_string_equal(primary(e), "FOUR");
    assert_string_equal(exctl_entity_listed_on(e), "2003-12-31");
    assert_true(has_country(e, "CN", EXCTL_COUNTRY_ADDRESS));
    assert_string_equal(exctl_list_date(r.l), "2003-12-31");
    exctl_listset_free(r.ls);
}

/* --- trade.gov CSL ------------------------------------------------------ */

static void csl_fixture(void **state)
{
    (void)state;
    const char *p = FIX "us_csl_PARTIAL_sample_2023-11-30.csv.gz";
    /* the sample ends inside a quoted field: strict loading names the line */
    loaded r = load(p, 0, NULL);
    assert_int_equal(r.rc, EXCTL_EPARSE);
    assert_non_null(strstr(r.eb.msg, "us_csl_PARTIAL_sample_2023-11-30.csv.gz:4233:"));
    exctl_listset_free(r.ls);
    r = load(p, 1, NULL);
    assert_int_equal(r.rc, 0);
    assert_string_equal(exctl_list_format(r.l), "csl-csv");
    /* 4,227 data rows (the duplicated header is not one), the truncated
     * last one skipped; 7 _ids repeat and merge */
    assert_int_equal(exctl_list_rows(r.l), 4227);
    assert_int_equal(exctl_list_skipped(r.l), 1);
    assert_int_equal(exctl_list_entity_count(r.l), 4219);
    const exctl_entity *e = must_find(&r, "30882");
    assert_string_equal(primary(e), "China Telecom Corporation Limited");
    assert_int_equal(exctl_entity_schema(e), EXCTL_SCHEMA_ORGANIZATION);
    assert_true(has_name(e, "CHINA TELECOM CORP LTD", EXCTL_NAME_AKA, NULL));
    assert_true(has_field(e, EXCTL_FIELD_PROGRAM, "CMIC-EO13959"));
    assert_true(has_field(e, EXCTL_FIELD_PROGRAM, "CMIC"));
    assert_true(has_ident(e, EXCTL_ID_REGISTRATION, "9111000071093019X7", "CN"));
    assert_true(has_country(e, "CN", EXCTL_COUNTRY_ADDRESS));
    assert_true(has_field(e, EXCTL_FIELD_REMARK, "ISIN, US1694261033"));
    e = must_find(&r, "26182");
    assert_int_equal(exctl_entity_schema(e), EXCTL_SCHEMA_PERSON);
    assert_true(has_country(e, "TR", EXCTL_COUNTRY_CITIZENSHIP));
    assert_true(has_field(e, EXCTL_FIELD_BIRTH_DATE, "1980-02-08"));
    /* an Entity List row: hash id, start date, no type */
    e = must_find(&r, "dcc742038bcb47f1bf9e805ef279484d");
    assert_string_equal(exctl_entity_listed_on(e), "2020-12-23");
    assert_true(has_field(e, EXCTL_FIELD_PROGRAM, "MEU"));
    assert_true(has_country(e, "CN", EXCTL_COUNTRY_ADDRESS));
    exctl_listset_free(r.ls);
}

/* --- custom CSV ---------------------------------------------------------- */

static void custom_round_trip(void **state)
{
    (void)state;
    const char doc[] =
        "id,type,name,aliases,countries,ids,birth_date,remarks,programs\r\n"
        "p1,person,John Smith,Jon Smith; J. Smith,GB;Islamic Republic of Iran,"
        "passport:X123;imo:9123456;crypto:1AbC,12 Jan 1970,\"note, with comma\",internal\r\n"
        "o1,organization,\"ACME \"\"Global\"\" Ltd\",\xE3\x82\xA2\xE3\x82\xAF\xE3\x83\xA1,DE,"
        "registration:HRB 1,,,\r\n"
        "\r\n"
        "v1,vessel,SEA STAR,,PA,imo:9999999,,,\r\n";
    const char *p = write_tmp("mine.csv", doc, sizeof doc - 1);
    loaded r = load(p, 0, NULL);
    assert_int_equal(r.rc, 0);
    assert_string_equal(exctl_list_format(r.l), "exctl-csv");
    assert_int_equal(exctl_list_entity_count(r.l), 3);
    assert_int_equal(exctl_list_rows(r.l), 3);
    const exctl_entity *e = must_find(&r, "p1");
    assert_int_equal(exctl_entity_schema(e), EXCTL_SCHEMA_PERSON);
    assert_string_equal(primary(e), "John Smith");
    assert_true(has_name(e, "J. Smith", EXCTL_NAME_AKA, NULL));
    assert_true(has_country(e, "GB", EXCTL_COUNTRY_OTHER));
    assert_true(has_country(e, "IR", EXCTL_COUNTRY_OTHER));
    assert_true(has_ident(e, EXCTL_ID_PASSPORT, "X123", NULL));
    assert_true(has_ident(e, EXCTL_ID_IMO, "9123456", NULL));
    assert_true(has_ident(e, EXCTL_ID_CRYPTO, "1AbC", NULL));
    assert_true(has_field(e, EXCTL_FIELD_BIRTH_DATE, "1970-01-12"));
    assert_true(has_field(e, EXCTL_FIELD_REMARK, "note, with comma"));
    assert_true(has_field(e, EXCTL_FIELD_PROGRAM, "internal"));
    e = must_find(&r, "o1");
    assert_string_equal(primary(e), "ACME \"Global\" Ltd");
    assert_true(has_name(e, "\xE3\x82\xA2\xE3\x82\xAF\xE3\x83\xA1", EXCTL_NAME_ORIGINAL, "ja"));
    assert_true(has_ident(e, EXCTL_ID_REGISTRATION, "HRB 1", NULL));
    assert_int_equal(exctl_entity_schema(must_find(&r, "v1")), EXCTL_SCHEMA_VESSEL);
    exctl_listset_free(r.ls);
}

static void custom_errors(void **state)
{
    (void)state;
    static const struct { const char *row; int rc; } bad[] = {
        {"x1,robot,A,,,,\n", EXCTL_EPARSE},             /* unknown type */
        {"x1,person,A,,,fingerprint:1,\n", EXCTL_EPARSE}, /* unknown id type */
        {"x1,person,A,,,passport,\n", EXCTL_EPARSE},    /* not type:value */
        {"x1,person,A,,,,yesterday\n", EXCTL_EPARSE},   /* not a date */
        {"x1,person,,,,,\n", EXCTL_EPARSE},             /* no name */
        {"x1,person,A\xC3,,,,\n", EXCTL_EUTF8},         /* invalid UTF-8 */
        {"ok,person,B,,,,\n", EXCTL_EPARSE},            /* duplicate id */
    };
    for (size_t i = 0; i < XC_ARRAY_LEN(bad); i++) {
        char doc[256];
        int n = snprintf(doc, sizeof doc,
                         "id,type,name,aliases,countries,ids,birth_date\nok,person,A,,,,\n%s",
                         bad[i].row);
        const char *p = write_tmp("err.csv", doc, (size_t)n);
        loaded r = load(p, 0, NULL);
        assert_int_equal(r.rc, bad[i].rc);
        assert_non_null(strstr(r.eb.msg, "err.csv:3:"));
        exctl_listset_free(r.ls);
        r = load(p, 1, NULL);
        assert_int_equal(r.rc, 0);
        assert_int_equal(exctl_list_entity_count(r.l), 1);
        assert_int_equal(exctl_list_skipped(r.l), 1);
        exctl_listset_free(r.ls);
    }
    /* a NUL byte (an id that C strings could not name) */
    const char nul[] = "id,type,name\nok,person,A\nx\0y,person,B\n";
    const char *pn = write_tmp("nul.csv", nul, sizeof nul - 1);
    loaded rn = load(pn, 0, NULL);
    assert_int_equal(rn.rc, EXCTL_EPARSE);
    assert_non_null(strstr(rn.eb.msg, "nul.csv:3:"));
    exctl_listset_free(rn.ls);
    /* oversize field */
    size_t big = 70000;
    char *doc = malloc(big + 64);
    assert_non_null(doc);
    int k = snprintf(doc, 64, "id,type,name\nq,person,");
    memset(doc + k, 'A', big);
    memcpy(doc + k + big, "\n", 2);
    const char *p = write_tmp("big.csv", doc, (size_t)k + big + 1);
    free(doc);
    loaded r = load(p, 0, NULL);
    assert_int_equal(r.rc, EXCTL_ETOOBIG);
    assert_non_null(strstr(r.eb.msg, "big.csv:2:"));
    exctl_listset_free(r.ls);
}

/* --- METI JSON malformed -------------------------------------------------- */

static void meti_malformed(void **state)
{
    (void)state;
    const char doc[] = "\xEF\xBB\xBF[\r\n"
                       " {\"id\": \"a1\", \"entity_name\": \"Alpha\", \"aliases\": [],\r\n"
                       "  \"addresses\": [\"Iran\"], \"reason\": \"M\"},\r\n"
                       " {\"id\": \"a2\", \"entity_name\": \"Be\xFFta\", \"aliases\": [],\r\n"
                       "  \"addresses\": [\"Iran\"], \"reason\": \"N\"},\r\n"
                       " {\"id\": \"a3\", \"entity_name\": \"\", \"aliases\": [],\r\n"
                       "  \"addresses\": [\"Iran\"], \"reason\": \"N\"}\r\n"
                       "]\r\n";
    const char *p = write_tmp("eul.json", doc, sizeof doc - 1);
    loaded r = load(p, 0, NULL);
    assert_int_equal(r.rc, EXCTL_EUTF8);
    assert_non_null(strstr(r.eb.msg, "eul.json:4"));
    exctl_listset_free(r.ls);
    r = load(p, 1, NULL);
    assert_int_equal(r.rc, 0);
    assert_string_equal(exctl_list_format(r.l), "meti-json");
    assert_int_equal(exctl_list_rows(r.l), 3);
    assert_int_equal(exctl_list_skipped(r.l), 2); /* bad byte; no name */
    assert_int_equal(exctl_list_entity_count(r.l), 1);
    assert_true(has_country(must_find(&r, "a1"), "IR", EXCTL_COUNTRY_ADDRESS));
    exctl_listset_free(r.ls);
    /* a record without any name: its line (that of its id) is named */
    const char noname[] = "[\n {\"id\": \"b1\", \"entity_name\": \"B\"},\n"
                          " {\"id\": \"b2\",\n  \"entity_name\": \"\"}\n]\n";
    p = write_tmp("noname.json", noname, sizeof noname - 1);
    r = load(p, 0, NULL);
    assert_int_equal(r.rc, EXCTL_EPARSE);
    assert_non_null(strstr(r.eb.msg, "noname.json:3: record 'b2' has no name"));
    exctl_listset_free(r.ls);
    /* syntax error: line of the error */
    const char bad[] = "[\n {\"id\": \"a1\", \"entity_name\": \"A\"\n";
    p = write_tmp("syntax.json", bad, sizeof bad - 1);
    r = load(p, 0, "meti-json");
    assert_int_equal(r.rc, EXCTL_EPARSE);
    assert_non_null(strstr(r.eb.msg, "syntax.json:"));
    exctl_listset_free(r.ls);
}

/* --- countries and dates -------------------------------------------------- */

static void countries(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"Iran", "IR"}, {"Islamic Republic of Iran", "IR"}, {"Iran (Islamic Republic of)", "IR"},
        {"IRAN, ISLAMIC REPUBLIC OF", "IR"}, {"IRN", "IR"}, {"ir", "IR"},
        {"Russian Federation", "RU"}, {"Russia", "RU"}, {"RUS", "RU"},
        {"Korea, North", "KP"}, {"North Korea", "KP"}, {"DPRK", "KP"},
        {"Democratic People's Republic of Korea", "KP"},
        {"Democratic People\xE2\x80\x99s Republic of Korea", "KP"},
        {"Korea, South", "KR"}, {"Republic of Korea", "KR"},
        {"Syrian Arab Republic", "SY"}, {"Syria", "SY"},
        {"T\xC3\xBCrkiye", "TR"}, {"Turkey", "TR"}, {"TURKIYE", "TR"},
        {"Hong Kong", "HK"}, {"Hong Kong SAR", "HK"}, {"UAE", "AE"},
        {"United Arab Emirates", "AE"}, {"People's Republic of China", "CN"}, {"PRC", "CN"},
        {"China", "CN"}, {"Taiwan", "TW"}, {"United States", "US"}, {"USA", "US"},
        {"United Kingdom of Great Britain and Northern Ireland", "GB"}, {"UK", "GB"},
        {"Republic of Lebanon", "LB"}, {"Arab Republic of Egypt", "EG"},
        {"State of Israel", "IL"}, {"Islamic Republic of Pakistan", "PK"},
        {"Republic of Yemen", "YE"}, {"Islamic Republic of Afghanistan", "AF"},
        {"Democratic Republic of the Congo", "CD"}, {"Congo", "CG"},
        {"C\xC3\xB4te d'Ivoire", "CI"}, {"Cote d'Ivoire", "CI"}, {"Viet Nam", "VN"},
        {"Lao People's Democratic Republic", "LA"}, {"the Netherlands", "NL"},
        {"Bosnia and Herzegovina", "BA"}, {"United Republic of Tanzania", "TZ"},
        {"State of Palestine", "PS"}, {"Kosovo", "XK"}, {"  Germany. ", "DE"},
        {"\xE4\xB8\xAD\xE5\x9B\xBD", "CN"},                         /* 中国 */
        {"\xE3\x82\xA4\xE3\x83\xA9\xE3\x83\xB3", "IR"},             /* イラン */
        {"\xE3\x83\xAD\xE3\x82\xB7\xE3\x82\xA2", "RU"},             /* ロシア */
        {"\xE5\x8C\x97\xE6\x9C\x9D\xE9\xAE\xAE", "KP"},             /* 北朝鮮 */
        {"Belarus", "BY"}, {"Kyrgyzstan", "KG"}, {"Armenia", "AM"}, {"Uzbekistan", "UZ"},
        {"Ukrainian SSR (now Ukraine)", "UA"}, {"Former USSR Currently Belarus", "BY"},
        {"Russia (now Belarus)", "BY"}, {"Iraq (previous address)", "IQ"},
        {"St. Kitts & Nevis", "KN"}, {"Trinidad & Tobago", "TT"}, {"Russian", "RU"},
        {"Congo (Democratic Republic)", "CD"}, {"Occupied Palestinian Territories", "PS"},
        {"North Macedonia, The Republic of", "MK"}, {"Cote d Ivoire", "CI"},
    };
    for (size_t i = 0; i < XC_ARRAY_LEN(cases); i++) {
        const char *c = xc_country_code(cases[i][0], strlen(cases[i][0]));
        if (!c || strcmp(c, cases[i][1]))
            fail_msg("'%s' -> %s, want %s", cases[i][0], c ? c : "NULL", cases[i][1]);
    }
    static const char *const unknown[] = {"", "Narnia", "former Soviet Union", "NM", "XX",
                                          "Republic of", "\xFF", "USSR", "Moscow"};
    for (size_t i = 0; i < XC_ARRAY_LEN(unknown); i++)
        assert_null(xc_country_code(unknown[i], strlen(unknown[i])));
    assert_string_equal(xc_country_name("ir"), "Iran");
    assert_string_equal(xc_country_name("DE"), "Germany");
    assert_string_equal(xc_country_name("KP"), "North Korea");
    assert_null(xc_country_name("QQ"));
    assert_null(xc_country_name("DEU"));
    /* every ISO 3166-1 country (and XK): code and name both map back */
    size_t known = 0;
    for (char a = 'A'; a <= 'Z'; a++) {
        for (char b = 'A'; b <= 'Z'; b++) {
            char code[3] = {a, b, 0};
            const char *name = xc_country_name(code);
            if (!name)
                continue;
            known++;
            const char *back = xc_country_code(name, strlen(name));
            if (!back || strcmp(back, code))
                fail_msg("%s '%s' -> %s", code, name, back ? back : "NULL");
            assert_string_equal(xc_country_code(code, 2), code);
        }
    }
    assert_int_equal(known, 250);
    /* every ISO alpha-2 maps to itself and its name back to it */
    static const char *const some[] = {"AD", "AE", "AF", "BY", "CN", "IR", "JP", "KP",
                                       "RU", "SY", "US", "ZW"};
    for (size_t i = 0; i < XC_ARRAY_LEN(some); i++) {
        const char *name = xc_country_name(some[i]);
        assert_non_null(name);
        assert_string_equal(xc_country_code(name, strlen(name)), some[i]);
        assert_string_equal(xc_country_code(some[i], 2), some[i]);
    }
}

static void dates(void **state)
{
    (void)state;
    static const struct { const char *in; bool us; const char *out; } ok[] = {
        {"2003-06-19", false, "2003-06-19"}, {"2003-6-9", false, "2003-06-09"},
        {"2026-02-27T00:00:09.554Z", false, "2026-02-27"}, {"2003-06", false, "2003-06"},
        {"2003", false, "2003"}, {"19/06/2003", false, "2003-06-19"},
        {"06/19/2003", true, "2003-06-19"}, {"06/07/2003", true, "2003-06-07"},
        {"06/07/2003", false, "2003-07-06"}, {"06/19/2003", false, "2003-06-19"},
        {"19.06.2003", false, "2003-06-19"}, {"12 Jan 1970", false, "1970-01-12"},
        {"12 JAN 1970", false, "1970-01-12"}, {"12 January 1970", false, "1970-01-12"},
        {"January 12, 1970", false, "1970-01-12"}, {"Sept 1970", false, "1970-09"},
        {"12-Jan-1970", false, "1970-01-12"}, {"circa 1970", false, "1970"},
        {"ca. 1970", false, "1970"}, {"c. 1970", false, "1970"}, {"approx. 1970", false, "1970"},
        {"1970-1972", false, "1970"}, {"1970 - 1972", false, "1970"},
        {"between 1970 and 1972", false, "1970"}, {"29/02/2000", false, "2000-02-29"},
        {"6/27/03", true, "2003-06-27"},
        {"2003\xE5\xB9\xB4" "6\xE6\x9C\x88" "19\xE6\x97\xA5", false, "2003-06-19"},
        {"2022 \xE5\xB9\xB4" "07 \xE6\x9C\x88" "05 \xE6\x97\xA5", false, "2022-07-05"},
        {"\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x95\xE5\xB9\xB4" "9\xE6\x9C\x88", false,
         "2025-09"},
        {"\xE4\xBB\xA4\xE5\x92\x8C" "5\xE5\xB9\xB4" "12\xE6\x9C\x88" "15\xE6\x97\xA5", false,
         "2023-12-15"},                                            /* 令和5年12月15日 */
        {"  1985  ", false, "1985"},
        /* xs:date with a time zone, as the UN list writes LISTED_ON */
        {"2015-04-07-04:00", false, "2015-04-07"}, {"2015-04-07Z", false, "2015-04-07"},
        {"2015-04-07+09:00", false, "2015-04-07"}, {"2015-04-07+0900", false, "2015-04-07"},
        /* month and year (UK OFSI) */
        {"09/1962", false, "1962-09"}, {"9/1962", false, "1962-09"},
    };
    char out[11];
    for (size_t i = 0; i < XC_ARRAY_LEN(ok); i++) {
        int rc = xc_date_norm(ok[i].in, strlen(ok[i].in), ok[i].us, out);
        if (rc || strcmp(out, ok[i].out))
            fail_msg("'%s' -> rc %d '%s', want '%s'", ok[i].in, rc, out, ok[i].out);
    }
    static const char *const bad[] = {"", "yesterday", "2003-13-01", "2003-02-30",
                                      "29/02/2001", "31/31/2003", "12 Foo 1970", "1/2",
                                      "123456789", "0999", "2003-06-19 and more words",
                                      "2015-04-07-4", "2015-04-07+09:0x", "13/1962",
                                      "01 Jan 1961 to 31 Dec 1962"};
    for (size_t i = 0; i < XC_ARRAY_LEN(bad); i++) {
        if (xc_date_norm(bad[i], strlen(bad[i]), false, out) != EXCTL_EPARSE)
            fail_msg("'%s' accepted as '%s'", bad[i], out);
    }
}

/* Birth dates as ranges ("01 Jan 1961 to 31 Dec 1962", OFAC) become their
 * years; what cannot be read is kept as written. */
static void birth_date_ranges(void **state)
{
    (void)state;
    static const struct { const char *in; const char *want; } cases[] = {
        {"01 Jan 1961 to 31 Dec 1962", "1961|1962|"},
        {"01 Jan 1973 to 31 Dec 1973", "1973|"},
        {"1950 to 1970", "1950|1970|"},              /* wider than ten years: the ends */
        {"1962 to 1960", "1962|"},   /* not a range: read as "1962-1960", the first year */
        {"12 Jan 1970", "1970-01-12|"},
        {"sometime", "sometime|"},
    };
    char from[11], to[11];
    assert_int_equal(xc_date_range("1 Jan 2001 to 2 Feb 2002", 24, false, from, to), 0);
    assert_string_equal(from, "2001-01-01");
    assert_string_equal(to, "2002-02-02");
    assert_int_equal(xc_date_range("1 Jan 2001", 10, false, from, to), EXCTL_EPARSE);
    for (size_t i = 0; i < XC_ARRAY_LEN(cases); i++) {
        exctl_listset *ls = NULL;
        exctl_list *l = NULL;
        exctl_errbuf eb = {{0}};
        static const char csv[] = "id,type,name\nx,person,A B\n";
        assert_int_equal(exctl_listset_new(&ls), 0);
        assert_int_equal(xc_load_buffer(ls, "exctl-csv", "t", csv, strlen(csv), NULL, &l, &eb),
                         0);
        exctl_entity *e = (exctl_entity *)exctl_list_entity(l, 0);
        assert_int_equal(exctl_entity_field_count(e, EXCTL_FIELD_BIRTH_DATE), 0);
        assert_int_equal(xc_ent_birth_date(e, cases[i].in, strlen(cases[i].in), false), 0);
        char got[128] = "";
        for (size_t j = 0; j < exctl_entity_field_count(e, EXCTL_FIELD_BIRTH_DATE); j++) {
            size_t gl = strlen(got);
            snprintf(got + gl, sizeof got - gl, "%s|",
                     exctl_entity_field(e, EXCTL_FIELD_BIRTH_DATE, j));
        }
        if (strcmp(got, cases[i].want))
            fail_msg("'%s' -> '%s', want '%s'", cases[i].in, got, cases[i].want);
        exctl_listset_free(ls);
    }
}

/* --- detection ------------------------------------------------------------ */

static void sniffing(void **state)
{
    (void)state;
    static const struct { const char *content; const char *format; } cases[] = {
        {"[{\"id\":\"x\",\"entity_name\":\"A\"}]", "meti-json"},
        {"<?xml version=\"1.0\"?><CONSOLIDATED_LIST></CONSOLIDATED_LIST>", "un-xml"},
        {"\"Name\"\t\"Street_Address\"\t\"City\"\n", "bis-dpl"},
        {"_id,source,entity_number,type,name\n", "csl-csv"},
        {"id,type,name,aliases\n", "exctl-csv"},
        {"1 \xE3\x82\xA2\xE3\x83\xAB\xE3\x83\x95\xE3\x82\xA1\nAlpha LLC\n"
         "\xE6\x89\x80\xE5\x9C\xA8\xE5\x9C\xB0\xEF\xBC\x9AMinsk, Belarus\n", "meti-ban-txt"},
    };
    for (size_t i = 0; i < XC_ARRAY_LEN(cases); i++) {
        const char *c = cases[i].content;
        const xc_format *best = NULL;
        int bc = 0;
        for (size_t k = 0; xc_formats[k]; k++) {
            int s = xc_formats[k]->sniff("x", c, strlen(c));
            assert_true(s >= 0 && s <= 100);
            if (s > bc) {
                bc = s;
                best = xc_formats[k];
            }
        }
        assert_non_null(best);
        assert_string_equal(best->name, cases[i].format);
    }
    assert_non_null(xc_format_find("meti-ban-txt"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(meti_eul_bundled),   cmocka_unit_test(meti_ban_thirdcountry),
        cmocka_unit_test(meti_ban_belarus),   cmocka_unit_test(meti_ban_malformed),
        cmocka_unit_test(un_bundled),         cmocka_unit_test(un_malformed),
        cmocka_unit_test(dpl_bundled),        cmocka_unit_test(dpl_malformed),
        cmocka_unit_test(csl_fixture),        cmocka_unit_test(custom_round_trip),
        cmocka_unit_test(custom_errors),      cmocka_unit_test(meti_malformed),
        cmocka_unit_test(countries),          cmocka_unit_test(dates),
        cmocka_unit_test(birth_date_ranges),
        cmocka_unit_test(sniffing),
    };
    return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
