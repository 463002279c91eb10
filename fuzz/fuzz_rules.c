/*
 * libFuzzer harness: the classification rule parser
 * (exctl_classifier_load over the bundled vocabulary and one fuzzed
 * .rules file). A rules file either loads or fails with a message.
 *
 * Parsing the 125-line vocabulary took two thirds of every run under the
 * sanitizers, so it is parsed once: each input is parsed into a classifier
 * that starts from a copy of the vocabulary's parameters (the internal
 * steps of exctl_classifier_load: clf_load_rules_file, clf_check_rules).
 * A file that loads that way must also load through the public entry
 * point, with the same rules and a version; the public path runs only for
 * those (a minority), so the invariants of both are still checked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "classify/clf.h"
#include "core/core.h"
#include "exctl/classify.h"
#include "fuzz_file.h"

#define CHECK(cond, what)                                                          \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "fuzz_rules: broken promise: %s\n", what);             \
            abort();                                                               \
        }                                                                          \
    } while (0)

static char *g_vocab;
static exctl_classifier *g_voc;   /* vocabulary only; its strings outlive the copies */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char *dir = xc_path_join(exctl_data_dir(), "classify");
    g_vocab = dir ? xc_path_join(dir, "vocabulary.tsv") : NULL;
    free(dir);
    exctl_errbuf eb = {{0}};
    if (!g_vocab || !(g_voc = calloc(1, sizeof *g_voc)))
        return 0;
    xc_arena_init(&g_voc->arena);
    xc_map_init(&g_voc->by_name);
    if (clf_load_vocabulary(g_voc, g_vocab, &eb)) {
        fprintf(stderr, "fuzz_rules: %s\n", eb.msg);
        exctl_classifier_free(g_voc);
        g_voc = NULL;
    }
    return 0;
}

/* A classifier holding a copy of the vocabulary's parameters and name map. */
static exctl_classifier *from_vocabulary(void)
{
    exctl_classifier *k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    xc_arena_init(&k->arena);
    xc_map_init(&k->by_name);
    k->params = malloc(g_voc->n_params * sizeof *k->params);
    k->by_name.slots = malloc(g_voc->by_name.cap * sizeof *k->by_name.slots);
    if (!k->params || !k->by_name.slots) {
        exctl_classifier_free(k);
        return NULL;
    }
    memcpy(k->params, g_voc->params, g_voc->n_params * sizeof *k->params);
    k->n_params = g_voc->n_params;
    memcpy(k->by_name.slots, g_voc->by_name.slots, g_voc->by_name.cap * sizeof *k->by_name.slots);
    k->by_name.cap = g_voc->by_name.cap;
    k->by_name.count = g_voc->by_name.count;
    return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_voc)
        LLVMFuzzerInitialize(NULL, NULL);
    const char *path;
    if (!g_voc || size > 262144 || !(path = fuzz_write_file("fuzz.rules", data, size)))
        return 0;
    exctl_classifier *k = from_vocabulary();
    if (!k)
        return 0;
    exctl_errbuf eb = {{0}};
    int rc = clf_load_rules_file(k, path, &eb);
    if (rc == EXCTL_OK)
        rc = clf_check_rules(k, &eb);
    CHECK(rc == EXCTL_OK || eb.msg[0], "failure without a message");
    if (rc == EXCTL_OK) {
        exctl_classifier *pub = NULL;
        exctl_errbuf eb2 = {{0}};
        CHECK(exctl_classifier_load(g_vocab, g_fuzz_dir, NULL, &pub, &eb2) == EXCTL_OK,
              "public load refuses a file the rules parser accepts");
        CHECK(exctl_classifier_version(pub)[0], "loaded classifier without a version");
        size_t n = exctl_classifier_rule_count(pub);
        CHECK(n == exctl_classifier_rule_count(k), "public load has other rules");
        for (size_t i = 0; i < n; i++) {
            const char *c1 = NULL, *c2 = NULL;
            CHECK(exctl_classifier_rule(pub, i, NULL, &c1, NULL, NULL, NULL, NULL) == EXCTL_OK &&
                      exctl_classifier_rule(k, i, NULL, &c2, NULL, NULL, NULL, NULL) == EXCTL_OK,
                  "rule not readable");
            CHECK(c1 && c2 && !strcmp(c1, c2), "public load has other rule codes");
        }
        exctl_classifier_free(pub);
    }
    exctl_classifier_free(k);
    return 0;
}
