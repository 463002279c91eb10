/*
 * libFuzzer harness: the name scorer and its normaliser (exctl_score_names).
 *
 * The input is two names separated by the first newline. Whatever the
 * bytes, scoring must not crash, must give a score in [0, 1] (never NaN)
 * when it succeeds, and its explanation must be valid JSON.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "core/core.h"
#include "exctl/screen.h"

#define CHECK(cond, what)                                                          \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "fuzz_screen_score: broken promise: %s\n", what);      \
            abort();                                                               \
        }                                                                          \
    } while (0)

/* The scorer builds its tables on first use, which takes many seconds under
 * the sanitizers: do it before libFuzzer starts timing units. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    double s;
    exctl_score_names("warm up", "warm up", EXCTL_SCHEMA_UNKNOWN, &s, NULL);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *b = memchr(buf, '\n', size);
    if (b)
        *b++ = '\0';
    else
        b = buf + size;
    static const exctl_schema schemas[] = {EXCTL_SCHEMA_UNKNOWN, EXCTL_SCHEMA_PERSON,
                                           EXCTL_SCHEMA_ORGANIZATION, EXCTL_SCHEMA_VESSEL};
    exctl_schema schema = schemas[size % 4];
    double score = -1;
    char *explain = NULL;
    if (exctl_score_names(buf, b, schema, &score, &explain) == EXCTL_OK) {
        CHECK(!isnan(score) && score >= 0.0 && score <= 1.0, "score outside [0, 1]");
        if (explain) {
            json_error_t jerr;
            json_t *j = json_loads(explain, 0, &jerr);
            CHECK(j != NULL, "explanation is not valid JSON");
            json_decref(j);
        }
    }
    exctl_free(explain);
    /* Without an explanation the score must be the same. */
    double again = -1;
    if (exctl_score_names(buf, b, schema, &again, NULL) == EXCTL_OK && score >= 0)
        CHECK(again == score, "score depends on whether an explanation was asked");
    free(buf);
    return 0;
}
