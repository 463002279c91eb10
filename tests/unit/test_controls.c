/* Unit tests for lib/controls: loading the bundled JP and US control lists,
 * clause splitting, kanji numerals, code normalisation, counterparts and
 * ranked search. The data is the copy bundled under data/control. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>
#include "controls/cl.h"

static exctl_controls *CL;

static int setup(void **state)
{
    (void)state;
    exctl_errbuf eb = {{0}};
    exctl_controls_files f = {
        EXCTL_TEST_DATA_DIR "/control/jp-list-control_egov-2026-02-14.json.gz",
        EXCTL_TEST_DATA_DIR "/control/ccl_parsed_2025-07.json.gz",
        EXCTL_TEST_DATA_DIR "/control/correspondence.tsv",
        EXCTL_TEST_DATA_DIR "/control/regimes"};
    int rc = exctl_controls_load(&f, &CL, &eb);
    if (rc)
        fprintf(stderr, "load: %s\n", eb.msg);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    exctl_controls_free(CL);
    return 0;
}

static void all_eccns_and_items_load(void **state)
{
    (void)state;
    size_t eccn = 0, notes = 0, items = 0, paragraphs = 0, articles = 0;
    for (size_t i = 0; i < exctl_controls_count(CL); i++) {
        const exctl_cl_entry *e = exctl_controls_at(CL, i);
        const char *code = exctl_cl_entry_code(e);
        switch (exctl_cl_entry_numbering(e)) {
        case EXCTL_NUM_US_ECCN:
            if (exctl_cl_entry_parent(e))
                paragraphs++;
            else if (cl_is_eccn(code, strlen(code)))
                eccn++;
            else
                notes++;
            break;
        case EXCTL_NUM_JP_ITEM:
            items++;
            break;
        case EXCTL_NUM_JP_CLAUSE:
            articles += exctl_cl_entry_parent(e) == NULL;
            break;
        default:
            break;
        }
    }
    /* 606 records in the source: 605 ECCNs and the Category 4 Technical Note on APP */
    assert_int_equal(exctl_controls_count_top(CL, EXCTL_NUM_US_ECCN), 606);
    assert_int_equal(eccn, 605);
    assert_int_equal(notes, 1);
    assert_int_equal(items, 330);
    assert_int_equal(articles, 35);
    assert_true(paragraphs > 4000);
    /* the source's "ECCN" record is 3A069; the quirk item is 3の2項(2)5の2 */
    assert_non_null(exctl_controls_get(CL, "3A069"));
    const exctl_cl_entry *q = exctl_controls_get(CL, "3の2の項（2）5の2");
    assert_non_null(q);
    assert_string_equal(exctl_cl_entry_text_ja(q), "噴霧乾燥器");
    assert_string_equal(exctl_cl_entry_code(exctl_cl_entry_parent(q)), "3の2項(2)");
    assert_string_not_equal(exctl_controls_version(CL, EXCTL_NUM_JP_CLAUSE), "");
}

static void eccn_paragraphs_and_reasons(void **state)
{
    (void)state;
    const exctl_cl_entry *e = exctl_controls_get(CL, "3A001.a.1.a");
    assert_non_null(e);
    assert_string_equal(exctl_cl_entry_text(e), "A total dose of 5 × 103 Gy (Si), or higher;");
    const exctl_cl_entry *p = exctl_cl_entry_parent(e);
    assert_string_equal(exctl_cl_entry_code(p), "3A001.a.1");
    assert_string_equal(exctl_cl_entry_code(exctl_cl_entry_parent(exctl_cl_entry_parent(p))),
                        "3A001");
    /* MT applies to 3A001.a.1.a only (License Requirements table) */
    assert_non_null(strstr(exctl_cl_entry_reasons(e), "MT1"));
    assert_null(strstr(exctl_cl_entry_reasons(exctl_controls_get(CL, "3A001.a.1.b")), "MT1"));
    assert_non_null(strstr(exctl_cl_entry_reasons(exctl_controls_get(CL, "3A001.b.2.a")), "NS1"));
    assert_null(strstr(exctl_cl_entry_reasons(exctl_controls_get(CL, "3A001.a.2")), "NS1"));
    /* labels without the final dot ("f.1.b.1 The ...") still split */
    assert_non_null(exctl_controls_get(CL, "3B993.f.1.b.1"));
    /* entries without an "Items:" marker */
    assert_non_null(exctl_controls_get(CL, "5A001.a.3"));
    assert_non_null(exctl_controls_get(CL, "4A906.a.8"));
    const exctl_cl_entry *top = exctl_controls_get(CL, "3A001");
    assert_non_null(strstr(exctl_cl_entry_lvs(top), "$5000"));
    assert_non_null(strstr(exctl_cl_entry_gbs(top), "3A001.a.1.b"));
}

static bool has_cp(const exctl_cl_entry *e, exctl_numbering want, const char *code)
{
    for (size_t i = 0; i < exctl_cl_entry_counterpart_count(e); i++) {
        exctl_numbering n;
        const char *c;
        if (!exctl_cl_entry_counterpart(e, i, &n, &c, NULL) && n == want && !strcmp(c, code))
            return true;
    }
    return false;
}

static void counterparts(void **state)
{
    (void)state;
    const exctl_cl_entry *e = exctl_controls_get(CL, "3A001.a.5.a.1");
    assert_true(has_cp(e, EXCTL_NUM_EU, "3A001.a.5.a.1"));
    assert_true(has_cp(e, EXCTL_NUM_JP_ITEM, "7項(1)"));
    assert_true(has_cp(e, EXCTL_NUM_JP_CLAUSE, "第六条第一号ホ(一)1"));
    /* the JP clause points back */
    assert_true(has_cp(exctl_controls_get(CL, "第六条第一号ホ(一)1"), EXCTL_NUM_US_ECCN,
                       "3A001.a.5.a.1"));
    /* a 貨物等省令 clause names its 別表第1 項番 */
    assert_true(has_cp(exctl_controls_get(CL, "第六条第一号イ(一)"), EXCTL_NUM_JP_ITEM, "7項(1)"));
    assert_true(has_cp(exctl_controls_get(CL, "第七条第六号"), EXCTL_NUM_JP_ITEM, "8項"));
    /* US-only entries have no EU code and no JP item */
    const exctl_cl_entry *u = exctl_controls_get(CL, "3A090.a");
    assert_false(has_cp(u, EXCTL_NUM_EU, "3A090.a"));
    assert_false(has_cp(exctl_controls_get(CL, "3A991"), EXCTL_NUM_JP_ITEM, "7項"));
    /* category defaults: 5A002 -> 9項 */
    assert_true(has_cp(exctl_controls_get(CL, "5A002"), EXCTL_NUM_JP_ITEM, "9項"));
    assert_true(has_cp(exctl_controls_get(CL, "2B201"), EXCTL_NUM_JP_ITEM, "2項"));
    assert_true(has_cp(exctl_controls_get(CL, "2B201"), EXCTL_NUM_REGIME, "NSG"));
    assert_non_null(exctl_controls_get(CL, "nsg:T1.1"));
}

static void clause_splitting(void **state)
{
    (void)state;
    /* 号 > イ > (一) > 1 > 一 > イ: six levels */
    const exctl_cl_entry *e = exctl_controls_get(CL, "第六条第一号ホ（二）２一イ");
    assert_non_null(e);
    assert_non_null(strstr(exctl_cl_entry_text_ja(e), "セトリング時間が九ナノ秒未満"));
    const char *chain[] = {"第六条第一号ホ(二)2一", "第六条第一号ホ(二)2", "第六条第一号ホ(二)",
                           "第六条第一号ホ", "第六条第一号", "第六条"};
    const exctl_cl_entry *p = e;
    for (size_t i = 0; i < 6; i++) {
        p = exctl_cl_entry_parent(p);
        assert_non_null(p);
        assert_string_equal(exctl_cl_entry_code(p), chain[i]);
    }
    assert_null(exctl_cl_entry_parent(p));
    /* after the deep 一/二, the next イロハ continues at the right level */
    assert_string_equal(exctl_cl_entry_code(exctl_cl_entry_parent(
                            exctl_controls_get(CL, "第六条第一号ヘ"))),
                        "第六条第一号");
    /* 号 with の: 第九条第九号の二 */
    assert_non_null(exctl_controls_get(CL, "第九条第九号の二イ"));
    assert_non_null(exctl_controls_get(CL, "第七条第六号イ(八)"));
}

typedef struct seen {
    char codes[16][64];
    int depth[16];
    size_t n;
} seen;

static int collect(void *ctx, const char *suffix, int depth, const char *text, size_t len)
{
    seen *s = ctx;
    (void)text;
    (void)len;
    if (s->n < 16) {
        snprintf(s->codes[s->n], sizeof s->codes[0], "%s", suffix);
        s->depth[s->n] = depth;
        s->n++;
    }
    return 0;
}

static void clause_splitter_synthetic(void **state)
{
    (void)state;
    const char *t = "一 甲\nイ 乙\n（一） 丙\n１ 丁\n一 戊\n二 己\n２ 庚\n式の続き\nロ 辛\n二 壬\n"
                    "二の二 癸\n";
    seen s = {0};
    size_t anomalies = 99;
    assert_int_equal(cl_split_clauses(t, strlen(t), collect, &s, &anomalies), 0);
    assert_int_equal(anomalies, 0);
    const char *want[] = {"第一号",           "第一号イ",         "第一号イ(一)",
                          "第一号イ(一)1",    "第一号イ(一)1一",  "第一号イ(一)1二",
                          "第一号イ(一)2",    "第一号ロ",         "第二号",
                          "第二号の二"};
    assert_int_equal(s.n, 10);
    for (size_t i = 0; i < 10; i++)
        assert_string_equal(s.codes[i], want[i]);
    assert_int_equal(s.depth[4], 4);
    assert_int_equal(s.depth[8], 0);

    /* paragraphs (２ 輸出令...) restart the 号; a series may nest under an item
     * of the same kind (イ under イ, as 第十三条 nests イ under カ); a paragraph need not name the list (３) */
    const char *t2 = "一 甲\nイ 乙\nイ 丙\nロ 丁\n二 戊\n２ 輸出令別表第一の… 己\n一 庚\n"
                     "二 辛\n３ 爆発物 壬\n";
    seen s2 = {0};
    assert_int_equal(cl_split_clauses(t2, strlen(t2), collect, &s2, &anomalies), 0);
    assert_int_equal(anomalies, 0);
    const char *want2[] = {"第一号", "第一号イ", "第一号イイ", "第一号イロ", "第二号",
                           "第二項", "第二項第一号", "第二項第二号", "第三項"};
    assert_int_equal(s2.n, 9);
    for (size_t i = 0; i < 9; i++)
        assert_string_equal(s2.codes[i], want2[i]);
    assert_int_equal(s2.depth[5], 0);
    assert_int_equal(s2.depth[6], 1);
}

static int count_only(void *ctx, const char *suffix, int depth, const char *text, size_t len)
{
    (void)suffix;
    (void)depth;
    (void)text;
    (void)len;
    (*(size_t *)ctx)++;
    return 0;
}

/* Every marker line of every bundled article finds its place in the tree. */
static void clause_splitter_places_every_marker(void **state)
{
    (void)state;
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(xc_read_file(EXCTL_TEST_DATA_DIR
                                  "/control/jp-list-control_egov-2026-02-14.json.gz",
                                  &data, &len, NULL), 0);
    json_t *root = json_loadb(data, len, 0, NULL);
    assert_non_null(root);
    size_t i, clauses = 0, anomalies = 0;
    json_t *a;
    json_array_foreach(json_object_get(root, "ministerialArticles"), i, a) {
        if (!json_object_get(a, "kou") && !json_object_get(a, "techKou"))
            continue;
        const char *t = json_string_value(json_object_get(a, "text"));
        const char *nl = strchr(t, '\n');
        size_t an = 0;
        if (!nl)
            continue;
        assert_int_equal(cl_split_clauses(nl + 1, strlen(nl + 1), count_only, &clauses, &an), 0);
        anomalies += an;
    }
    json_decref(root);
    free(data);
    assert_int_equal(anomalies, 0);
    assert_true(clauses > 2000);
}

static void kanji_numerals(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        double v;
        size_t used;
    } cases[] = {
        {"〇・五", 0.5, 9},          {"一、六一〇", 1610, 15},    {"二十", 20, 6},
        {"三百五十", 350, 12},       {"五〇兆個", 5e13, 9},       {"五、〇〇〇、〇〇〇グレイ", 5e6, 27},
        {"一・三ギガ", 1.3, 9},      {"二六八・六五度", 268.65, 18}, {"千", 1000, 3},
        {"一万二千", 12000, 12},     {"〇・〇〇〇九ミリ", 0.0009, 18}, {"四〇", 40, 6},
        {"十二", 12, 6},             {"12.5", 12.5, 4},           {"１２", 12, 6},
        {"一億分の一", 1e8, 6},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = -1;
        size_t used = 0;
        assert_int_equal(exctl_ja_number(cases[i].s, strlen(cases[i].s), &v, &used), 0);
        assert_float_equal(v, cases[i].v, 1e-9 * (cases[i].v + 1));
        assert_int_equal(used, cases[i].used);
    }
    double v;
    size_t used;
    assert_int_equal(exctl_ja_number("ギガ", 6, &v, &used), EXCTL_EPARSE);
    /* 、 without a following digit ends the number */
    assert_int_equal(exctl_ja_number("五、ただし", strlen("五、ただし"), &v, &used), 0);
    assert_float_equal(v, 5, 0);
    assert_int_equal(used, 3);
}

static void code_normalisation(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(exctl_cl_normalize_code("7の項（1）", out, sizeof out), 0);
    assert_string_equal(out, "7項(1)");
    assert_int_equal(exctl_cl_normalize_code("eu:3a001.A.1", out, sizeof out), 0);
    assert_string_equal(out, "3A001.a.1");
    assert_int_equal(exctl_cl_normalize_code(" ECCN 5A002 ", out, sizeof out), 0);
    assert_string_equal(out, "5A002");
    assert_int_equal(exctl_cl_normalize_code("第六条第一号イ（一）", out, sizeof out), 0);
    assert_string_equal(out, "第六条第一号イ(一)");
    assert_int_equal(exctl_cl_normalize_code("3A001.a.1", out, 4), EXCTL_ETOOBIG);
    assert_int_equal(exctl_cl_normalize_code("\xff", out, sizeof out), EXCTL_EUTF8);
    assert_null(exctl_controls_get(CL, "3A001.zz.9"));
}

static size_t rank_of(const char *query, const char *code, size_t limit)
{
    exctl_cl_hits *h = NULL;
    exctl_errbuf eb = {{0}};
    assert_int_equal(exctl_controls_search(CL, query, limit, &h, &eb), 0);
    size_t r = 0;
    for (size_t i = 0; i < exctl_cl_hits_count(h) && !r; i++)
        if (!strcmp(exctl_cl_entry_code(exctl_cl_hits_entry(h, i)), code))
            r = i + 1;
    for (size_t i = 1; i < exctl_cl_hits_count(h); i++)
        assert_true(exctl_cl_hits_score(h, i - 1) >= exctl_cl_hits_score(h, i));
    exctl_cl_hits_free(h);
    return r;
}

static void search_examples(void **state)
{
    (void)state;
    size_t r = rank_of("lithography", "3B001", 10);
    assert_true(r >= 1 && r <= 3);
    r = rank_of("thermal camera", "6A003", 10);
    assert_true(r >= 1 && r <= 5);
    r = rank_of("工作機械", "6項(2)", 20);
    assert_true(r >= 1 && r <= 20);
    r = rank_of("工作機械", "2項(12)", 20);
    assert_true(r >= 1 && r <= 20);
    r = rank_of("quantum computers qubits", "4A906", 5);
    assert_true(r >= 1 && r <= 3);
    r = rank_of("量子計算機", "第七条第六号", 10);
    assert_true(r >= 1 && r <= 3);
    exctl_cl_hits *h = NULL;
    assert_int_equal(exctl_controls_search(CL, "the of", 10, &h, NULL), EXCTL_EINVAL);
    assert_int_equal(exctl_controls_search(CL, "zzzqqq", 10, &h, NULL), 0);
    assert_int_equal(exctl_cl_hits_count(h), 0);
    exctl_cl_hits_free(h);
}

static void malformed_files(void **state)
{
    (void)state;
    char path[] = "/tmp/exctl_cl_XXXXXX.json";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("{\"appendix1\": [{\"kou\": \"7\"}], \"ministerialArticles\": []}", f);
    fclose(f);
    exctl_controls_files files = {path, NULL, NULL, NULL};
    exctl_controls *c = NULL;
    exctl_errbuf eb = {{0}};
    assert_int_equal(exctl_controls_load(&files, &c, &eb), EXCTL_EPARSE);
    assert_null(c);
    assert_non_null(strstr(eb.msg, path));
    assert_non_null(strstr(eb.msg, "appendix1[0]"));
    f = fopen(path, "w");
    fputs("[{\"product_groups\": [{\"eccn\": [{\"code\": \"3A001\"}]}]}]", f);
    fclose(f);
    exctl_controls_files f2 = {NULL, path, NULL, NULL};
    assert_int_equal(exctl_controls_load(&f2, &c, &eb), EXCTL_EPARSE);
    assert_non_null(strstr(eb.msg, "ECCN 0"));
    f = fopen(path, "w");
    fputs("{not json", f);
    fclose(f);
    assert_int_equal(exctl_controls_load(&f2, &c, &eb), EXCTL_EPARSE);
    assert_non_null(strstr(eb.msg, path));
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(all_eccns_and_items_load),
        cmocka_unit_test(eccn_paragraphs_and_reasons),
        cmocka_unit_test(counterparts),
        cmocka_unit_test(clause_splitting),
        cmocka_unit_test(clause_splitter_synthetic),
        cmocka_unit_test(clause_splitter_places_every_marker),
        cmocka_unit_test(kanji_numerals),
        cmocka_unit_test(code_normalisation),
        cmocka_unit_test(search_examples),
        cmocka_unit_test(malformed_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
