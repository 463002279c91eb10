/*
 * libFuzzer harness: screening one query against a small list in several
 * scripts (the index lookup, candidate generation and scoring path).
 *
 * The input is the queried name. Results must respect the API's promises:
 * at most `limit` matches, sorted best first, every score in [0, 1] and at
 * or above the threshold, entities that belong to the list set, and valid
 * JSON explanations.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "exctl/screen.h"
#include "core/core.h"
#include "lists/load_mem.h"

#define CHECK(cond, what)                                                          \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "fuzz_screen_query: broken promise: %s\n", what);      \
            abort();                                                               \
        }                                                                          \
    } while (0)

static const char list_csv[] =
    "id,type,name,aliases,countries,ids,birth_date\n"
    "P1,person,Ivan Petrovich Sidorov,Иван Петрович Сидоров;I. P. Sidorov,RU,"
    "passport:AB123456,1970-01-02\n"
    "P2,person,Mohammed Ali Hassan,محمد علي حسن;Muhammad Ali Hasan,IR,,1965\n"
    "P3,person,Kim Jong Un,김정은;金正恩,KP,,1984-01-08\n"
    "P4,person,Yamada Taro,山田太郎;ヤマダ タロウ,JP,,\n"
    "O1,organization,Tako LLC,Taco LLC.,AM,,\n"
    "O2,organization,Islamic Revolutionary Guard Corps,IRGC;Sepah,IR,,\n"
    "O3,organization,ＡＢＣ 株式会社,ABC Kabushiki Kaisha;ABC Co. Ltd,JP,tax_id:123,\n"
    "V1,vessel,SEA STAR,,KP,imo:9123456,\n";

static exctl_listset *g_ls;
static exctl_screener *g_scr;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    exctl_errbuf eb = {{0}};
    if (exctl_listset_new(&g_ls) ||
        xc_load_buffer(g_ls, "exctl-csv", "fuzz-list", list_csv, sizeof list_csv - 1, NULL,
                       NULL, &eb) ||
        exctl_screener_new(g_ls, &g_scr, &eb)) {
        fprintf(stderr, "fuzz_screen_query: setup failed: %s\n", eb.msg);
        g_scr = NULL;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_ls)
        LLVMFuzzerInitialize(NULL, NULL);
    if (!g_scr || size > 4096)
        return 0;
    char *name = malloc(size + 1);
    if (!name)
        return 0;
    memcpy(name, data, size);
    name[size] = '\0';
    exctl_query q = {.name = name};
    exctl_screen_opts o = {.threshold = 0.0, .limit = 5, .explain = 1};
    exctl_matches *m = NULL;
    exctl_errbuf eb = {{0}};
    if (exctl_screen(g_scr, &q, &o, &m, &eb) == EXCTL_OK) {
        size_t n = exctl_matches_count(m);
        CHECK(n <= 5, "more matches than the limit");
        double prev = 2.0;
        for (size_t i = 0; i < n; i++) {
            const exctl_match *x = exctl_matches_at(m, i);
            CHECK(x && x->entity && x->list_id && x->entity_id && x->name, "incomplete match");
            CHECK(!isnan(x->score) && x->score >= 0.0 && x->score <= 1.0, "score range");
            CHECK(x->score <= prev, "matches not sorted best first");
            CHECK(exctl_listset_find(g_ls, x->entity_id) != NULL, "unknown entity");
            prev = x->score;
            if (x->explain) {
                json_error_t jerr;
                json_t *j = json_loads(x->explain, 0, &jerr);
                CHECK(j != NULL, "explanation is not valid JSON");
                json_decref(j);
            }
        }
    }
    exctl_matches_free(m);
    free(name);
    return 0;
}
