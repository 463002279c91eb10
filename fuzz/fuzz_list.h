/*
 * Shared body of the list-loader fuzz harnesses (fuzz_list_<format>.c).
 *
 * Each harness feeds the input to one format loader through the memory
 * entry point, strict and then lenient, and checks the model's promises
 * rather than only "did not crash": a failed load leaves the list set as
 * it was and says why; a successful one holds only valid UTF-8, cleaned
 * text (no leading/trailing/double spaces), unique entity ids that lookup
 * finds again, and FtM output that is valid JSON. A broken promise aborts,
 * which libFuzzer reports as a crash with the input saved.
 */
#ifndef EXCTL_FUZZ_LIST_H
#define EXCTL_FUZZ_LIST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "core/core.h"
#include "lists/load_mem.h"

#define FUZZ_CHECK(cond, what)                                                    \
    do {                                                                          \
        if (!(cond)) {                                                            \
            fprintf(stderr, "fuzz: broken promise: %s (%s:%d)\n", what, __FILE__, \
                    __LINE__);                                                    \
            abort();                                                              \
        }                                                                         \
    } while (0)

static void fuzz_check_clean(const char *s, int allow_empty)
{
    FUZZ_CHECK(s != NULL, "string is NULL");
    size_t n = strlen(s);
    FUZZ_CHECK(allow_empty || n > 0, "empty string stored");
    FUZZ_CHECK(xc_utf8_valid(s, n), "invalid UTF-8 stored");
    if (n) {
        FUZZ_CHECK(s[0] != ' ' && s[n - 1] != ' ', "untrimmed text stored");
        FUZZ_CHECK(!strstr(s, "  "), "double space stored");
    }
}

static void fuzz_walk_list(const exctl_listset *ls, const exctl_list *l)
{
    size_t ne = exctl_list_entity_count(l), names = 0;
    for (size_t i = 0; i < ne; i++) {
        const exctl_entity *e = exctl_list_entity(l, i);
        FUZZ_CHECK(e && exctl_entity_list(e) == l, "entity not in its list");
        const char *id = exctl_entity_id(e);
        FUZZ_CHECK(id && *id, "entity without id");
        FUZZ_CHECK(xc_utf8_valid(id, strlen(id)), "entity id is not valid UTF-8");
        FUZZ_CHECK(exctl_list_find(l, id) == e, "entity id not found again");
        (void)exctl_listset_find(ls, id);
        (void)exctl_entity_listed_on(e);
        size_t nn = exctl_entity_name_count(e);
        names += nn;
        for (size_t k = 0; k < nn; k++) {
            const char *script = NULL, *lang = NULL;
            exctl_name_kind kind;
            fuzz_check_clean(exctl_entity_name(e, k, &kind, &script, &lang), 0);
            FUZZ_CHECK(script && lang, "name without script/lang");
        }
        for (size_t k = 0; k < exctl_entity_country_count(e); k++)
            fuzz_check_clean(exctl_entity_country(e, k, NULL), 0);
        for (size_t k = 0; k < exctl_entity_ident_count(e); k++) {
            const char *c = NULL, *note = NULL;
            fuzz_check_clean(exctl_entity_ident(e, k, NULL, &c, &note), 0);
            fuzz_check_clean(c, 1);
            fuzz_check_clean(note, 1);
        }
        for (int f = 0; f < EXCTL_FIELD_COUNT_; f++)
            for (size_t k = 0; k < exctl_entity_field_count(e, (exctl_field)f); k++)
                fuzz_check_clean(exctl_entity_field(e, (exctl_field)f, k), 0);
        char *ftm = NULL;
        if (exctl_entity_to_ftm(e, &ftm) == EXCTL_OK && ftm) {
            json_error_t jerr;
            json_t *j = json_loads(ftm, 0, &jerr);
            FUZZ_CHECK(j != NULL, "FtM output is not valid JSON");
            json_decref(j);
        }
        exctl_free(ftm);
    }
    FUZZ_CHECK(names == exctl_list_name_count(l), "list name count disagrees");
    FUZZ_CHECK(strlen(exctl_list_sha256(l)) == 64, "list hash missing");
}

/* Run one format (NULL: detect) over the input, strict then lenient. */
static int fuzz_list(const uint8_t *data, size_t size, const char *format)
{
    exctl_listset *ls = NULL;
    if (exctl_listset_new(&ls))
        return 0;
    for (int lenient = 0; lenient < 2; lenient++) {
        exctl_errbuf eb = {{0}};
        exctl_load_opts o = {.lenient = lenient};
        exctl_list *l = NULL;
        size_t before = exctl_listset_count(ls);
        int rc = xc_load_buffer(ls, format, "fuzz-input", (const char *)data, size, &o,
                                &l, &eb);
        if (rc != EXCTL_OK) {
            FUZZ_CHECK(rc > 0 && rc < EXCTL_RC_COUNT_, "unknown error code");
            FUZZ_CHECK(eb.msg[0] != '\0', "failure without a message");
            FUZZ_CHECK(exctl_listset_count(ls) == before, "failed load left a list");
            continue;
        }
        FUZZ_CHECK(l && exctl_listset_count(ls) == before + 1, "loaded list missing");
        fuzz_walk_list(ls, l);
        if (!lenient)
            FUZZ_CHECK(exctl_list_skipped(l) == 0, "strict load skipped records");
        /* A strict success makes the lenient pass redundant. */
        if (!lenient)
            break;
    }
    exctl_listset_free(ls);
    return 0;
}

#define FUZZ_LIST_HARNESS(FORMAT)                                         \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);         \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)          \
    {                                                                     \
        return fuzz_list(data, size, FORMAT);                             \
    }

#endif
