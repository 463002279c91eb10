/*
 * libFuzzer harness: the determination request decoder and engine
 * (exctl_determine_json, the `exctl determine` / server input contract)
 * over the bundled jurisdiction packs.
 *
 * A transaction either fails with a message naming the JSON path, or gives
 * a determination whose JSON is valid.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "exctl/determine.h"

#define CHECK(cond, what)                                                          \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "fuzz_determine: broken promise: %s\n", what);         \
            abort();                                                               \
        }                                                                          \
    } while (0)

static exctl_packset *g_ps;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    exctl_errbuf eb = {{0}};
    if (exctl_packset_new(&g_ps) || exctl_packset_load_bundled(g_ps, &eb)) {
        fprintf(stderr, "fuzz_determine: cannot load the bundled packs: %s\n", eb.msg);
        exctl_packset_free(g_ps);
        g_ps = NULL;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready++ && !g_ps)
        LLVMFuzzerInitialize(NULL, NULL);
    if (!g_ps || size > 65536)
        return 0;
    exctl_determination *d = NULL;
    exctl_errbuf eb = {{0}};
    int rc = exctl_determine_json(g_ps, (const char *)data, size, NULL, &d, &eb);
    if (rc == EXCTL_OK) {
        const char *js = exctl_determination_json(d);
        CHECK(js != NULL, "no result JSON");
        json_error_t jerr;
        json_t *j = json_loads(js, 0, &jerr);
        CHECK(j != NULL, "result is not valid JSON");
        json_decref(j);
        CHECK(exctl_determination_trace(d) != NULL, "no trace");
    } else {
        CHECK(eb.msg[0] != '\0', "failure without a message");
    }
    exctl_determination_free(d);
    return 0;
}
