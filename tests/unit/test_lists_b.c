/*
 * Unit tests for the OFAC, UK OFSI, EU FSF and FtM loaders and the FtM
 * writer: full-file counts on the bundled lists and fixtures, field-by-field
 * spot checks of real entries, malformed input, and the export/reload round
 * trip.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "lists/model.h"
#include "lists/ftm.h"
#include "lists/load_mem.h"

#define DATA EXCTL_TEST_DATA_DIR "/lists/"
#define FIX EXCTL_TEST_FIXTURES "/lists/"

/* Load one file with format detection; fails the test on error. */
static exctl_list *load(exctl_listset **ls, const char *path, int lenient)
{
    exctl_errbuf eb = {{0}};
    exctl_load_opts o = {.lenient = lenient};
    exctl_list *l = NULL;
    assert_int_equal(exctl_listset_new(ls), EXCTL_OK);
    int rc = exctl_listset_load_file(*ls, path, &o, &l, &eb);
    if (rc)
        fail_msg("%s: %s", path, eb.msg);
    return l;
}

/* Load expecting failure; returns the rc and leaves the message in eb. */
static int load_fail(const char *path, int lenient, exctl_errbuf *eb)
{
    exctl_listset *ls = NULL;
    exctl_load_opts o = {.lenient = lenient};
    assert_int_equal(exctl_listset_new(&ls), EXCTL_OK);
    int rc = exctl_listset_load_file(ls, path, &o, NULL, eb);
    if (rc)
        assert_int_equal(exctl_listset_count(ls), 0);
    exctl_listset_free(ls);
    return rc;
}

static size_t count_schema(const exctl_list *l, exctl_schema s)
{
    size_t n = 0;
    for (size_t i = 0; i < exctl_list_entity_count(l); i++)
        n += exctl_entity_schema(exctl_list_entity(l, i)) == s;
    return n;
}

static size_t count_kind(const exctl_list *l, exctl_name_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < exctl_list_entity_count(l); i++) {
        const exctl_entity *e = exctl_list_entity(l, i);
        for (size_t j = 0; j < exctl_entity_name_count(e); j++) {
            exctl_name_kind kk;
            exctl_entity_name(e, j, &kk, NULL, NULL);
            n += kk == k;
        }
    }
    return n;
}

static bool has_name(const exctl_entity *e, const char *name, exctl_name_kind kind)
{
    for (size_t i = 0; i < exctl_entity_name_count(e); i++) {
        exctl_name_kind k;
        if (!strcmp(exctl_entity_name(e, i, &k, NULL, NULL), name) && k == kind)
            return true;
    }
    return false;
}

static bool has_country(const exctl_entity *e, const char *code, exctl_country_role role)
{
    for (size_t i = 0; i < exctl_entity_country_count(e); i++) {
        exctl_country_role r;
        if (!strcmp(exctl_entity_country(e, i, &r), code) && r == role)
            return true;
    }
    return false;
}

/* The identifier of this type and value; country/note returned. */
static bool has_ident(const exctl_entity *e, exctl_id_type type, const char *value,
                      const char **country, const char **note)
{
    for (size_t i = 0; i < exctl_entity_ident_count(e); i++) {
        exctl_id_type t;
        const char *v = exctl_entity_ident(e, i, &t, country, note);
        if (t == type && !strcmp(v, value))
            return true;
    }
    return false;
}

static bool has_field(const exctl_entity *e, exctl_field f, const char *s)
{
    for (size_t i = 0; i < exctl_entity_field_count(e, f); i++)
        if (!strcmp(exctl_entity_field(e, f, i), s))
            return true;
    return false;
}

static const exctl_entity *find(const exctl_list *l, const char *id)
{
    const exctl_entity *e = exctl_list_find(l, id);
    if (!e)
        fail_msg("entity %s not found", id);
    return e;
}

/* --- OFAC ----------------------------------------------------------------- */

static void ofac_sdn_2024(void **state)
{
    (void)state;
    exctl_listset *ls;
    exctl_list *l = load(&ls, DATA "us_ofac_sdn_2024-07-02.csv.gz", 0);
    assert_string_equal(exctl_list_format(l), "ofac-csv");
    assert_int_equal(exctl_list_entity_count(l), 15443);
    assert_int_equal(exctl_list_rows(l), 15443);
    assert_int_equal(count_schema(l, EXCTL_SCHEMA_PERSON), 6927);
    assert_int_equal(count_schema(l, EXCTL_SCHEMA_VESSEL), 872);
    assert_int_equal(count_schema(l, EXCTL_SCHEMA_AIRCRAFT), 374);
    assert_int_equal(count_schema(l, EXCTL_SCHEMA_ORGANIZATION), 7270);

    /* Organisation with a weak a.k.a. in Remarks. */
    const exctl_entity *e = find(l, "306");
    assert_string_equal(exctl_entity_name(e, 0, NULL, NULL, NULL), "BANCO NACIONAL DE CUBA");
    assert_true(has_name(e, "BNC", EXCTL_NAME_WEAK_AKA));
    assert_true(has_field(e, EXCTL_FIELD_PROGRAM, "CUBA"));

    /* Individual: DOB, POB, nationality, passport with issue/expiry, crypto. */
    e = find(l, "26137");
    assert_int_equal(exctl_entity_schema(e), EXCTL_SCHEMA_PERSON);
    assert_string_equal(exctl_entity_name(e, 0, NULL, NULL, NULL), "KHORASHADIZADEH, Ali");
    assert_true(has_field(e, EXCTL_FIELD_BIRTH_DATE, "1979-09-21"));
    assert_true(has_field(e, EXCTL_FIELD_BIRTH_PLACE, "Tehran, Iran"));
    assert_true(has_country(e, "IR", EXCTL_COUNTRY_NATIONALITY));
    assert_true(has_country(e, "IR", EXCTL_COUNTRY_BIRTH));
    assert_true(has_field(e, EXCTL_FIELD_GENDER, "male"));
    assert_true(has_field(e, EXCTL_FIELD_PROGRAM, "CYBER2"));
    const char *c, *note;
    assert_true(has_ident(e, EXCTL_ID_PASSPORT, "T14553558", &c, &note));
    assert_string_equal(c, "IR");
    assert_string_equal(note, "issued 28 Oct 2008 expires 29 Oct 2013");
    assert_true(has_ident(e, EXCTL_ID_CRYPTO, "149w62rY42aZBox8fGcmqNsXUzSStKeq8C", &c, &note));
    assert_string_equal(note, "XBT");
    assert_true(has_name(e, "Mastercartaria", EXCTL_NAME_WEAK_AKA));
    /* The verbatim remark stays. */
    assert_int_equal(exctl_entity_field_count(e, EXCTL_FIELD_REMARK), 1);
    assert_non_null(strstr(exctl_entity_field(e, EXCTL_FIELD_REMARK, 0), "iranvisacart@yahoo.com"));

    /* National ID with country. */
    e = find(l, "6939");
    assert_true(has_ident(e, EXCTL_ID_NATIONAL, "216040", &c, &note));
    assert_string_equal(c, "YE");
    assert_true(has_field(e, EXCTL_FIELD_BIRTH_DATE, "1971-11-19"));

    /* Vessel: call sign column, flag column, IMO and MMSI from Remarks. */
    e = find(l, "15036");
    assert_int_equal(exctl_entity_schema(e), EXCTL_SCHEMA_VESSEL);
    assert_true(has_ident(e, EXCTL_ID_CALL_SIGN, "T2EU4", NULL, NULL));
    assert_true(has_ident(e, EXCTL_ID_IMO, "9187629", NULL, NULL));
    assert_true(has_ident(e, EXCTL_ID_OTHER, "572469210", &c, &note));
    assert_string_equal(note, "MMSI");
    assert_true(has_country(e, "IR", EXCTL_COUNTRY_FLAG));
    assert_true(has_name(e, "ALPHA", EXCTL_NAME_FKA));
    exctl_listset_free(ls);
}

static void ofac_2021_joined_set(void **state)
{
    (void)state;
    exctl_listset *ls;
    exctl_list *l = load(&ls, FIX "us_ofac_2021-07-07_sdn.csv.gz", 0);
    assert_int_equal(exctl_list_entity_count(l), 8976);
    /* Every row of the four files is a record. */
    assert_int_equal(exctl_list_rows(l), 8976 + 13837 + 11910 + 5);
    /* Every alt.csv row is attached to its entity with its kind (a name
     * equal to the primary name merges into it). */
    char *alt = NULL;
    size_t alt_len = 0;
    exctl_errbuf eb = {{0}};
    assert_int_equal(xc_read_file(FIX "us_ofac_2021-07-07_alt.csv.gz", &alt, &alt_len, &eb), 0);
    xc_csv csv;
    xc_csv_init(&csv, alt, alt_len, ',');
    xc_buf clean;
    xc_buf_init(&clean);
    size_t rows = 0, fka_rows = 0;
    while (xc_csv_next(&csv, "alt", &eb) > 0) {
        size_t n;
        const char *id = xc_csv_field(&csv, 0, &n);
        const char *type = xc_csv_field(&csv, 2, NULL);
        const char *name = xc_csv_field(&csv, 3, &n);
        assert_int_equal(xc_text_clean(&clean, name, n), 0);
        const exctl_entity *e = find(l, id);
        exctl_name_kind want = !strcmp(type, "fka") ? EXCTL_NAME_FKA : EXCTL_NAME_AKA;
        if (!has_name(e, clean.data, want) && !has_name(e, clean.data, EXCTL_NAME_PRIMARY) &&
            !(want == EXCTL_NAME_FKA && has_name(e, clean.data, EXCTL_NAME_AKA)))
            fail_msg("alt row %zu: %s has no %s '%s'", csv.line, id, type, clean.data);
        rows++;
        fka_rows += want == EXCTL_NAME_FKA;
    }
    assert_int_equal(rows, 11910);
    assert_int_equal(fka_rows, 369);
    assert_true(count_kind(l, EXCTL_NAME_FKA) >= 360);
    assert_true(count_kind(l, EXCTL_NAME_AKA) + count_kind(l, EXCTL_NAME_FKA) >= 11900);
    xc_buf_free(&clean);
    xc_csv_free(&csv);
    free(alt);
    /* Addresses: every entity has at least one add.csv row. */
    size_t with_addr = 0, addrs = 0;
    for (size_t i = 0; i < exctl_list_entity_count(l); i++) {
        size_t n = exctl_entity_field_count(exctl_list_entity(l, i), EXCTL_FIELD_ADDRESS);
        with_addr += n > 0;
        addrs += n;
    }
    assert_int_equal(addrs, 11440);  /* distinct (ent_num, address) pairs */
    assert_true(with_addr > 6000);

    const exctl_entity *e = find(l, "173");
    assert_true(has_name(e, "AVIA IMPORT", EXCTL_NAME_AKA));
    assert_true(has_field(e, EXCTL_FIELD_ADDRESS, "Ibex House, The Minories, London EC3N 1DY, United Kingdom"));
    assert_true(has_country(e, "GB", EXCTL_COUNTRY_ADDRESS));

    /* Comments continue Remarks: the crypto addresses after the cut. */
    e = find(l, "29703");
    const char *c, *note;
    assert_true(has_ident(e, EXCTL_ID_CRYPTO, "LWnbjLYUfqeokfbWM4FcU7uk2FP2DSxuWS", &c, &note));
    assert_string_equal(note, "LTC");
    assert_true(has_ident(e, EXCTL_ID_CRYPTO, "0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c", &c, &note));
    assert_string_equal(note, "ETH");
    e = find(l, "28263");
    const char *rem = exctl_entity_field(e, EXCTL_FIELD_REMARK, 0);
    assert_non_null(rem);
    static const char tail[] = "; Linked To: LAZARUS GROUP.";
    size_t rl = strlen(rem);
    assert_true(rl > sizeof tail && !strcmp(rem + rl - (sizeof tail - 1), tail));
    exctl_listset_free(ls);
}

static void ofac_nonsdn(void **state)
{
    (void)state;
    exctl_listset *ls;
    exctl_list *l = load(&ls, DATA "us_ofac_nonsdn_2025-12-19_cons_prim.csv.gz", 0);
    assert_int_equal(exctl_list_entity_count(l), 442);
    /* 442 + 573 add + 1,072 alt + 9 comments rows, each ending in 0x1A. */
    assert_true(exctl_list_rows(l) > 442 + 573 + 1000);
    const exctl_entity *e = find(l, "17014");
    /* "Registration Numbe" in cons_prim, "r 1027700342890 (Russia)" in comments. */
    const char *c, *note;
    assert_true(has_ident(e, EXCTL_ID_REGISTRATION, "1027700342890", &c, &note));
    assert_string_equal(c, "RU");
    assert_true(has_ident(e, EXCTL_ID_SWIFT_BIC, "RUAGRUMM", NULL, NULL));
    assert_true(has_name(e, "RUSAG", EXCTL_NAME_WEAK_AKA));
    assert_true(has_name(e, "ROSSELKHOZBANK", EXCTL_NAME_AKA));
    assert_true(has_field(e, EXCTL_FIELD_PROGRAM, "RUSSIA-EO14024"));
    assert_true(has_field(e, EXCTL_FIELD_PROGRAM, "UKRAINE-EO13662"));
    exctl_listset_free(ls);
}

/* Write a file for malformed-input tests; returns its path (static). */
static const char *write_tmp(const char *name, const char *content, size_t n)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/exctl_test_lb_%ld_%s", P_tmpdir, (long)getpid(), name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, n, f), n);
    fclose(f);
    return path;
}

static void ofac_malformed(void **state)
{
    (void)state;
    static const char good[] =
        "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
    char buf[1024];
    exctl_errbuf eb = {{0}};
    /* Invalid UTF-8 on line 2. */
    int n = snprintf(buf, sizeof buf,
                     "%s37,\"BAD \xC3\x28 NAME\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
                     "38,\"OK\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1A",
                     good);
    const char *p = write_tmp("sdn.csv", buf, (size_t)n);
    assert_int_equal(load_fail(p, 0, &eb), EXCTL_EUTF8);
    char want[300];
    snprintf(want, sizeof want, "%s:2:", p);
    assert_non_null(strstr(eb.msg, want));
    /* Lenient: the bad record is skipped and counted, the others load. */
    exctl_listset *ls;
    exctl_list *l = load(&ls, p, 1);
    assert_int_equal(exctl_list_entity_count(l), 2);
    assert_int_equal(exctl_list_skipped(l), 1);
    assert_null(exctl_list_find(l, "37"));
    assert_non_null(exctl_list_find(l, "38"));
    exctl_listset_free(ls);
    unlink(p);

    /* Truncated quoted field (file cut inside Remarks). */
    n = snprintf(buf, sizeof buf, "%s39,\"CUT\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 1 J",
                 good);
    p = write_tmp("sdn.csv", buf, (size_t)n);
    memset(&eb, 0, sizeof eb);
    assert_int_equal(load_fail(p, 0, &eb), EXCTL_EPARSE);
    snprintf(want, sizeof want, "%s:2:", p);
    assert_non_null(strstr(eb.msg, want));
    unlink(p);

    /* Unknown SDN_Type. */
    n = snprintf(buf, sizeof buf, "%s40,\"X\",\"robot\",\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n",
                 good);
    p = write_tmp("sdn.csv", buf, (size_t)n);
    memset(&eb, 0, sizeof eb);
    exctl_load_opts o = {.format = "ofac-csv"};
    assert_int_equal(exctl_listset_new(&ls), EXCTL_OK);
    assert_int_equal(exctl_listset_load_file(ls, p, &o, NULL, &eb), EXCTL_EPARSE);
    assert_non_null(strstr(eb.msg, "robot"));
    exctl_listset_free(ls);
    unlink(p);
}

/* A sibling row for an ent_num absent from the main file names the sibling. */
static void ofac_orphan_sibling(void **state)
{
    (void)state;
    char dir[256];
    snprintf(dir, sizeof dir, "%s/exctl_test_lb_%ld_set", P_tmpdir, (long)getpid());
    assert_int_equal(mkdir(dir, 0700) == 0 || errno == EEXIST, 1);
    char main_p[320], alt_p[320];
    snprintf(main_p, sizeof main_p, "%s/x_sdn.csv", dir);
    snprintf(alt_p, sizeof alt_p, "%s/x_alt.csv", dir);
    FILE *f = fopen(main_p, "wb");
    assert_non_null(f);
    fputs("36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", f);
    fclose(f);
    f = fopen(alt_p, "wb");
    assert_non_null(f);
    fputs("36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n999,13,\"aka\",\"NOBODY\",-0- \r\n", f);
    fclose(f);
    exctl_errbuf eb = {{0}};
    assert_int_equal(load_fail(main_p, 0, &eb), EXCTL_EPARSE);
    char want[400];
    snprintf(want, sizeof want, "%s:2:", alt_p);
    assert_non_null(strstr(eb.msg, want));
    exctl_listset *ls;
    exctl_list *l = load(&ls, main_p, 1);
    assert_int_equal(exctl_list_skipped(l), 1);
    assert_true(has_name(exctl_list_find(l, "36"), "AERO-CARIBBEAN", EXCTL_NAME_AKA));
    exctl_listset_free(ls);
    unlink(main_p);
    unlink(alt_p);
    rmdir(dir);
}

/* --- UK ------------------------------------------------------------------- */

static void uk_ofsi(void **state)
{
    (void)state;
    exctl_listset *ls;
    exctl_list *l = load(&ls, DATA "uk_ofsi_conlist_2025-04-14_converted.csv.gz", 0);
    assert_string_equal(exctl_list_format(l), "uk-ofsi-csv");
    assert_string_equal(exctl_list_date(l), "2025-04-14");
    assert_int_equal(exctl_list_entity_count(l), 4688);
    assert_int_equal(exctl_list_rows(l), 18798);
    assert_int_equal(count_schema(l, EXCTL_SCHEMA_PERSON), 3663);
    assert_int_equal(count_schema(l, EXCTL_SCHEMA_ORGANIZATION), 1010);
    assert_int_equal(count_schema(l, EXCTL_SCHEMA_VESSEL), 15);

    /* Ship: IMO and flag from Other Information; primary name first. */
    const exctl_entity *e = find(l, "13651");
    exctl_name_kind k;
    assert_string_equal(exctl_entity_name(e, 0, &k, NULL, NULL), "SAM JONG 2");
    assert_int_equal(k, EXCTL_NAME_PRIMARY);
    assert_true(has_name(e, "AKTIVA", EXCTL_NAME_AKA));
    assert_true(has_ident(e, EXCTL_ID_IMO, "7408873", NULL, NULL));
    assert_true(has_country(e, "KP", EXCTL_COUNTRY_FLAG));
    assert_string_equal(exctl_entity_listed_on(e), "2018-04-03");

    /* Individual: names in natural order, position, gender, countries. */
    e = find(l, "15672");
    assert_string_equal(exctl_entity_name(e, 0, &k, NULL, NULL), "Mian Abdul HAQ");
    assert_int_equal(k, EXCTL_NAME_PRIMARY);
    assert_true(has_name(e, "Mian MITHOO", EXCTL_NAME_AKA));
    assert_true(has_country(e, "PK", EXCTL_COUNTRY_NATIONALITY));
    assert_true(has_field(e, EXCTL_FIELD_GENDER, "male"));
    assert_true(has_field(e, EXCTL_FIELD_PROGRAM, "Global Human Rights"));
    assert_true(has_field(e, EXCTL_FIELD_TITLE, "Cleric (“Pir”) of Bharchundi Sharif Shrine"));

    /* Original-script name with its script. */
    e = find(l, "14241");
    const char *script, *lang;
    bool found = false;
    for (size_t i = 0; i < exctl_entity_name_count(e); i++) {
        const char *nm = exctl_entity_name(e, i, &k, &script, &lang);
        if (!strcmp(nm, "Хизри Магомедович Абакаров")) {
            found = true;
            assert_int_equal(k, EXCTL_NAME_ORIGINAL);
            assert_string_equal(script, "Cyrl");
        }
    }
    assert_true(found);
    assert_true(has_name(e, "Khizri Magomedovich ABAKAROV", EXCTL_NAME_PRIMARY));
    assert_true(has_field(e, EXCTL_FIELD_BIRTH_DATE, "1960-06-28"));
    assert_true(count_kind(l, EXCTL_NAME_ORIGINAL) > 1000);
    exctl_listset_free(ls);
}

static void uk_malformed(void **state)
{
    (void)state;
    static const char hdr[] = "Last Updated,14/04/2025\r\n"
                              "Name 6,Name 1,Group Type,Alias Type,Group ID\r\n";
    char buf[512];
    exctl_errbuf eb = {{0}};
    int n = snprintf(buf, sizeof buf, "%sDOE,John,Individual,Primary name,1\r\n"
                                      "ROE,Jane,Individual,Primary name\r\n"
                                      "SHIP,,Boat,Primary name,3\r\n", hdr);
    const char *p = write_tmp("uk.csv", buf, (size_t)n);
    assert_int_equal(load_fail(p, 0, &eb), EXCTL_EPARSE);
    char want[300];
    snprintf(want, sizeof want, "%s:4:", p);
    assert_non_null(strstr(eb.msg, want));
    exctl_listset *ls;
    exctl_list *l = load(&ls, p, 1);
    assert_int_equal(exctl_list_entity_count(l), 1);
    assert_int_equal(exctl_list_skipped(l), 2);
    assert_true(has_name(exctl_list_find(l, "1"), "John DOE", EXCTL_NAME_PRIMARY));
    exctl_listset_free(ls);
    unlink(p);
}

/* --- EU ------------------------------------------------------------------- */

static void eu_fsf_processed(void **state)
{
    (void)state;
    exctl_listset *ls;
    exctl_list *l = load(&ls, DATA "eu_fsf_entities_selectcols_2025-09-02_processed.csv.gz", 0);
    assert_string_equal(exctl_list_format(l), "eu-fsf-csv");
    assert_int_equal(exctl_list_entity_count(l), 5540);
    assert_int_equal(exctl_list_rows(l), 5540 + 23855);
    assert_int_equal(count_schema(l, EXCTL_SCHEMA_PERSON), 4230);
    assert_int_equal(count_schema(l, EXCTL_SCHEMA_ORGANIZATION), 1310);
    /* Aliases in Cyrillic and Arabic script come from the alias file. */
    size_t cyrl = 0, arab = 0;
    for (size_t i = 0; i < exctl_list_entity_count(l); i++) {
        const exctl_entity *e = exctl_list_entity(l, i);
        for (size_t j = 0; j < exctl_entity_name_count(e); j++) {
            const char *script;
            exctl_name_kind k;
            exctl_entity_name(e, j, &k, &script, NULL);
            if (!strcmp(script, "Cyrl") && k == EXCTL_NAME_ORIGINAL)
                cyrl++;
            if (!strcmp(script, "Arab") && k == EXCTL_NAME_ORIGINAL)
                arab++;
        }
    }
    assert_true(cyrl > 100);
    assert_true(arab > 0);

    const exctl_entity *e = find(l, "13");
    exctl_name_kind k;
    assert_string_equal(exctl_entity_name(e, 0, &k, NULL, NULL), "Saddam Hussein Al-Tikriti");
    assert_int_equal(k, EXCTL_NAME_PRIMARY);
    assert_true(has_name(e, "Abu Ali", EXCTL_NAME_AKA));
    assert_true(has_field(e, EXCTL_FIELD_BIRTH_DATE, "1937-04-28"));
    assert_true(has_field(e, EXCTL_FIELD_BIRTH_PLACE, "al-Awja, near Tikrit"));
    assert_true(has_field(e, EXCTL_FIELD_REMARK, "(UNSC RESOLUTION 1483)"));
    assert_true(has_ident(e, EXCTL_ID_OTHER, "EU.27.28", NULL, NULL));

    /* Identification with its embedded type; several birth dates. */
    e = find(l, "191");
    const char *c, *note;
    assert_true(has_ident(e, EXCTL_ID_PASSPORT, "488555", &c, &note));
    assert_string_equal(note, "National passport");
    assert_true(has_field(e, EXCTL_FIELD_BIRTH_DATE, "1965-04-14"));
    assert_true(has_field(e, EXCTL_FIELD_BIRTH_DATE, "1964-03-01"));
    exctl_listset_free(ls);
}

static void eu_fsf_official_layout(void **state)
{
    (void)state;
    exctl_listset *ls;
    exctl_list *l = load(&ls, FIX "eu_fsf_csv11_sample.csv", 0);
    assert_string_equal(exctl_list_format(l), "eu-fsf-csv");
    assert_string_equal(exctl_list_date(l), "2025-09-02");
    assert_int_equal(exctl_list_entity_count(l), 2);
    const exctl_entity *e = find(l, "9001");
    assert_int_equal(exctl_entity_schema(e), EXCTL_SCHEMA_PERSON);
    exctl_name_kind k;
    const char *script, *lang;
    assert_string_equal(exctl_entity_name(e, 0, &k, &script, &lang), "Ivan Petrovich IVANOV");
    assert_int_equal(k, EXCTL_NAME_PRIMARY);
    assert_string_equal(lang, "EN");
    assert_string_equal(exctl_entity_name(e, 1, &k, &script, &lang), "Иван Петрович Иванов");
    assert_int_equal(k, EXCTL_NAME_ORIGINAL);
    assert_string_equal(script, "Cyrl");
    assert_string_equal(lang, "RU");
    assert_string_equal(exctl_entity_listed_on(e), "2022-02-23");
    assert_true(has_country(e, "RU", EXCTL_COUNTRY_CITIZENSHIP));
    assert_true(has_country(e, "RU", EXCTL_COUNTRY_BIRTH));
    assert_true(has_country(e, "RU", EXCTL_COUNTRY_ADDRESS));
    const char *c, *note;
    assert_true(has_ident(e, EXCTL_ID_PASSPORT, "7200123456", &c, &note));
    assert_string_equal(c, "RU");
    assert_true(has_ident(e, EXCTL_ID_NATIONAL, "770012345678", &c, &note));
    assert_true(has_field(e, EXCTL_FIELD_BIRTH_DATE, "1961-01-31"));
    assert_true(has_field(e, EXCTL_FIELD_PROGRAM, "RUS"));
    assert_true(has_field(e, EXCTL_FIELD_GENDER, "male"));
    assert_true(has_field(e, EXCTL_FIELD_TITLE, "Deputy Minister of Testing"));
    e = find(l, "9002");
    assert_int_equal(exctl_entity_schema(e), EXCTL_SCHEMA_ORGANIZATION);
    assert_string_equal(exctl_entity_name(e, 0, NULL, NULL, NULL),
                        "Joint Stock Company \"Sample; Works\"");
    assert_true(has_ident(e, EXCTL_ID_REGISTRATION, "1027700000001", NULL, NULL));
    exctl_listset_free(ls);
}

/* --- FtM ------------------------------------------------------------------ */

static void ftm_opensanctions_style(void **state)
{
    (void)state;
    exctl_listset *ls;
    exctl_list *l = load(&ls, FIX "ftm_opensanctions_style.jsonl", 0);
    assert_string_equal(exctl_list_format(l), "ftm-json");
    /* Three parties; Sanction, Passport, CryptoWallet, Address and
     * Ownership lines are records, not entities. */
    assert_int_equal(exctl_list_entity_count(l), 3);
    assert_int_equal(exctl_list_rows(l), 8);
    const exctl_entity *e = find(l, "NK-sample-person");
    assert_int_equal(exctl_entity_schema(e), EXCTL_SCHEMA_PERSON);
    assert_true(has_name(e, "Ivan Sampleov", EXCTL_NAME_PRIMARY));
    assert_true(has_name(e, "Иван Сэмплов", EXCTL_NAME_ORIGINAL));
    assert_true(has_name(e, "Vanya", EXCTL_NAME_WEAK_AKA));
    assert_true(has_country(e, "IR", EXCTL_COUNTRY_NATIONALITY));
    assert_true(has_ident(e, EXCTL_ID_PASSPORT, "A1234567", NULL, NULL));
    const char *c, *note;
    assert_true(has_ident(e, EXCTL_ID_PASSPORT, "P7654321", &c, &note));  /* Passport */
    assert_string_equal(c, "RU");
    assert_true(has_field(e, EXCTL_FIELD_PROGRAM, "Sample programme"));  /* Sanction */
    assert_string_equal(exctl_entity_listed_on(e), "2022-02-28");
    assert_true(has_field(e, EXCTL_FIELD_ADDRESS, "1 Sample Street, Moscow"));  /* Address */
    assert_true(has_country(e, "RU", EXCTL_COUNTRY_ADDRESS));
    e = find(l, "NK-sample-company");
    assert_int_equal(exctl_entity_schema(e), EXCTL_SCHEMA_ORGANIZATION);
    assert_true(has_name(e, "Old Sample Shipping", EXCTL_NAME_FKA));
    assert_true(has_country(e, "AE", EXCTL_COUNTRY_REGISTRATION));
    assert_true(has_ident(e, EXCTL_ID_CRYPTO, "1SampleBitcoinAddressXXXXXXXXXXXXX", &c, &note));
    assert_string_equal(note, "XBT");
    e = find(l, "NK-sample-vessel");
    assert_int_equal(exctl_entity_schema(e), EXCTL_SCHEMA_VESSEL);
    assert_true(has_ident(e, EXCTL_ID_IMO, "9123456", NULL, NULL));
    assert_true(has_country(e, "PA", EXCTL_COUNTRY_FLAG));
    exctl_listset_free(ls);
}

static void ftm_malformed(void **state)
{
    (void)state;
    static const char in[] =
        "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}\n"
        "{\"id\":\"b\",\"schema\":\"Person\",\"properties\":{\"name\":[\"B\"]\n"
        "{\"id\":\"c\",\"schema\":\"Person\",\"properties\":{\"name\":\"not an array\"}}\n"
        "{\"id\":\"d\",\"schema\":\"Person\",\"properties\":{\"name\":[\"D \xFF\"]}}\n"
        "{\"id\":\"e\",\"schema\":\"Person\",\"properties\":{\"name\":[\"E\"]}}\n";
    const char *p = write_tmp("x.jsonl", in, sizeof in - 1);
    exctl_errbuf eb = {{0}};
    assert_int_equal(load_fail(p, 0, &eb), EXCTL_EPARSE);
    char want[300];
    snprintf(want, sizeof want, "%s:2:", p);
    assert_non_null(strstr(eb.msg, want));
    exctl_listset *ls;
    exctl_list *l = load(&ls, p, 1);
    assert_int_equal(exctl_list_entity_count(l), 2);
    assert_int_equal(exctl_list_skipped(l), 3);
    exctl_listset_free(ls);
    unlink(p);
}

static bool same_entity(const exctl_entity *a, const exctl_entity *b)
{
    if (a->schema != b->schema || strcmp(xc_ent_listed(a), xc_ent_listed(b)) ||
        a->n_names != b->n_names || a->n_countries != b->n_countries ||
        a->n_idents != b->n_idents)
        return false;
    for (uint32_t i = 0; i < a->n_names; i++)
        if (strcmp(a->names[i].text, b->names[i].text) || a->names[i].kind != b->names[i].kind ||
            strcmp(xc_name_lang(&a->names[i]), xc_name_lang(&b->names[i])) ||
            strcmp(xc_name_script(&a->names[i]), xc_name_script(&b->names[i])))
            return false;
    for (uint32_t i = 0; i < a->n_countries; i++)
        if (strcmp(a->countries[i].code, b->countries[i].code) ||
            a->countries[i].role != b->countries[i].role)
            return false;
    for (uint32_t i = 0; i < a->n_idents; i++)
        if (strcmp(a->idents[i].value, b->idents[i].value) ||
            a->idents[i].type != b->idents[i].type ||
            strcmp(a->idents[i].country, b->idents[i].country) ||
            strcmp(a->idents[i].note, b->idents[i].note))
            return false;
    for (int f = 0; f < EXCTL_FIELD_COUNT_; f++) {
        if (a->fields[f].n != b->fields[f].n)
            return false;
        for (uint32_t i = 0; i < a->fields[f].n; i++)
            if (strcmp(a->fields[f].v[i], b->fields[f].v[i]))
                return false;
    }
    return true;
}

/* Export every entity of a list to FtM, reload, compare field by field. */
static void round_trip(const char *path)
{
    exctl_listset *ls;
    exctl_list *l = load(&ls, path, 0);
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s/exctl_test_lb_%ld.ftm.jsonl", P_tmpdir, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    assert_non_null(f);
    size_t n = exctl_list_entity_count(l);
    char **lines = calloc(n, sizeof *lines);
    assert_non_null(lines);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(exctl_entity_to_ftm(exctl_list_entity(l, i), &lines[i]), EXCTL_OK);
        fputs(lines[i], f);
        fputc('\n', f);
    }
    fclose(f);
    exctl_listset *ls2;
    exctl_list *l2 = load(&ls2, tmp, 0);
    assert_string_equal(exctl_list_format(l2), "ftm-json");
    assert_int_equal(exctl_list_entity_count(l2), exctl_list_entity_count(l));
    assert_int_equal(exctl_list_name_count(l2), exctl_list_name_count(l));
    char id[512];
    for (size_t i = 0; i < exctl_list_entity_count(l); i++) {
        const exctl_entity *a = exctl_list_entity(l, i);
        const exctl_entity *b = exctl_list_entity(l2, i);
        /* Ids are qualified by the list, except ids that came from FtM. */
        if (!strcmp(exctl_list_format(l), "ftm-json"))
            snprintf(id, sizeof id, "%s", exctl_entity_id(a));
        else
            snprintf(id, sizeof id, "%s:%s", exctl_list_id(l), exctl_entity_id(a));
        assert_string_equal(exctl_entity_id(b), id);
        if (!same_entity(a, b))
            fail_msg("%s: entity %s differs after the FtM round trip", path, id);
        /* Exporting the reloaded entity again gives the same id, schema
         * and properties; only "datasets" names the new list. */
        char *x = NULL;
        assert_int_equal(exctl_entity_to_ftm(b, &x), EXCTL_OK);
        assert_string_equal(strstr(x, "\"id\":"), strstr(lines[i], "\"id\":"));
        exctl_free(x);
        exctl_free(lines[i]);
    }
    free(lines);
    exctl_listset_free(ls2);
    exctl_listset_free(ls);
    unlink(tmp);
}

static void ftm_round_trip_ofac(void **state)
{
    (void)state;
    round_trip(DATA "us_ofac_sdn_2024-07-02.csv.gz");
    round_trip(DATA "us_ofac_nonsdn_2025-12-19_cons_prim.csv.gz");
}

static void ftm_round_trip_uk_eu(void **state)
{
    (void)state;
    round_trip(DATA "uk_ofsi_conlist_2025-04-14_converted.csv.gz");
    round_trip(DATA "eu_fsf_entities_selectcols_2025-09-02_processed.csv.gz");
    round_trip(FIX "eu_fsf_csv11_sample.csv");
    round_trip(FIX "ftm_opensanctions_style.jsonl");
}

static void ftm_output_shape(void **state)
{
    (void)state;
    exctl_listset *ls;
    exctl_list *l = load(&ls, DATA "us_ofac_sdn_2024-07-02.csv.gz", 0);
    char *s = NULL;
    assert_int_equal(exctl_entity_to_ftm(exctl_list_find(l, "15036"), &s), EXCTL_OK);
    /* Standard FtM properties for other tools, keys sorted. */
    assert_non_null(strstr(s, "\"schema\":\"Vessel\""));
    assert_non_null(strstr(s, "\"imoNumber\":[\"9187629\"]"));
    assert_non_null(strstr(s, "\"callSign\":[\"T2EU4\"]"));
    assert_non_null(strstr(s, "\"flag\":[\"IR\"]"));
    assert_non_null(strstr(s, "\"name\":[\"ARTAVIL\"]"));
    assert_non_null(strstr(s, "\"previousName\":[\"ALPHA\"]"));
    assert_non_null(strstr(s, "\"id\":\"us_ofac_sdn_2024-07-02:15036\""));
    assert_ptr_equal(strchr(s, '\n'), NULL);
    assert_true(strstr(s, "\"datasets\"") < strstr(s, "\"id\""));
    exctl_free(s);
    assert_int_equal(exctl_entity_to_ftm(NULL, &s), EXCTL_EINVAL);
    assert_null(s);
    exctl_listset_free(ls);
}

/* The exact bytes of a line: JSON escapes as jansson's json_dumps wrote
 * them before the writer was made direct (\" \\ \t, other controls as
 * \u00XX in capitals, '/' and non-ASCII as is), tuples escaped twice,
 * properties sorted, one entity per line. */
static void ftm_output_escapes(void **state)
{
    (void)state;
    static const char csv[] = "id,type,name,aliases,countries\n"
                              "\"A\"\"\x01\x0b\t/\xc3\xa9\\\",person,\"Ivan \"\"Vanya\"\" Petrov\\\",,RU\n";
    exctl_listset *ls = NULL;
    exctl_list *l = NULL;
    exctl_errbuf eb = {{0}};
    assert_int_equal(exctl_listset_new(&ls), EXCTL_OK);
    assert_int_equal(xc_load_buffer(ls, "exctl-csv", "t", csv, sizeof csv - 1, NULL, &l, &eb),
                     EXCTL_OK);
    char *s = NULL;
    assert_int_equal(exctl_entity_to_ftm(exctl_list_entity(l, 0), &s), EXCTL_OK);
    assert_string_equal(
        s, "{\"datasets\":[\"t\"],\"id\":\"t:A\\\"\\u0001\\u000B\\t/\xc3\xa9\\\\\","
           "\"properties\":{\"country\":[\"RU\"],\"exctlCountry\":[\"[\\\"other\\\",\\\"RU\\\"]\"],"
           "\"exctlName\":[\"[\\\"primary\\\",\\\"\\\",\\\"Ivan \\\\\\\"Vanya\\\\\\\" "
           "Petrov\\\\\\\\\\\"]\"],\"name\":[\"Ivan \\\"Vanya\\\" Petrov\\\\\"]},"
           "\"schema\":\"Person\"}");
    exctl_free(s);
    exctl_listset_free(ls);
}

static void ftm_tuple_codec(void **state)
{
    (void)state;
    const char *in[4] = {"passport", "A \"quoted\" \\ back", "Иван 𝄞", "tab\there"};
    xc_buf b;
    xc_buf_init(&b);
    assert_int_equal(xc_ftm_tuple_encode(&b, in, 4), 0);
    assert_string_equal(xc_buf_cstr(&b),
                        "[\"passport\",\"A \\\"quoted\\\" \\\\ back\",\"Иван 𝄞\",\"tab\\u0009here\"]");
    char scratch[256];
    const char *out[4];
    assert_int_equal(xc_ftm_tuple_decode(b.data, scratch, out, 4), 0);
    for (int i = 0; i < 4; i++)
        assert_string_equal(out[i], in[i]);
    /* \u escapes, including a surrogate pair, decode to UTF-8. */
    assert_int_equal(xc_ftm_tuple_decode("[\"\\u0418\\ud834\\udd1e\",\"\"]", scratch, out, 2), 0);
    assert_string_equal(out[0], "И𝄞");
    assert_string_equal(out[1], "");
    /* Wrong arity, trailing junk, bad escapes, lone surrogates. */
    static const char *const bad[] = {"[\"a\"]", "[\"a\",\"b\",\"c\"]", "[\"a\",\"b\"]x",
                                      "[\"a\",\"b\\q\"]", "[\"a\",\"\\udc00\"]",
                                      "[\"a\",\"\\ud800\"]", "\"a\",\"b\"", "[\"a\",\"b"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(xc_ftm_tuple_decode(bad[i], scratch, out, 2), EXCTL_EPARSE);
    xc_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ofac_sdn_2024),
        cmocka_unit_test(ofac_2021_joined_set),
        cmocka_unit_test(ofac_nonsdn),
        cmocka_unit_test(ofac_malformed),
        cmocka_unit_test(ofac_orphan_sibling),
        cmocka_unit_test(uk_ofsi),
        cmocka_unit_test(uk_malformed),
        cmocka_unit_test(eu_fsf_processed),
        cmocka_unit_test(eu_fsf_official_layout),
        cmocka_unit_test(ftm_opensanctions_style),
        cmocka_unit_test(ftm_malformed),
        cmocka_unit_test(ftm_output_shape),
        cmocka_unit_test(ftm_output_escapes),
        cmocka_unit_test(ftm_tuple_codec),
        cmocka_unit_test(ftm_round_trip_ofac),
        cmocka_unit_test(ftm_round_trip_uk_eu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
