/*
 * libFuzzer harness: UTF-8 helpers, text cleanup and script detection.
 *
 * Checks the promises every loader relies on: the valid-prefix scan agrees
 * with the decoder, decode/encode round-trip, xc_text_clean rejects invalid
 * UTF-8 and otherwise yields valid, trimmed, single-spaced text and is
 * idempotent, and xc_script_of always names a four-letter script.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core.h"

#define CHECK(cond, what)                                                          \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "fuzz_text: broken promise: %s (line %d)\n", what,     \
                    __LINE__);                                                     \
            abort();                                                               \
        }                                                                          \
    } while (0)

static bool has_double_space(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == ' ' && s[i + 1] == ' ')
            return true;
    return false;
}

static void check_script(const char *s, size_t n)
{
    const char *sc = xc_script_of(s, n);
    CHECK(sc && strlen(sc) == 4, "script code");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    /* The decoder walk and the prefix scan must agree. */
    size_t i = 0;
    while (i < size) {
        uint32_t cp;
        int k = xc_utf8_decode(data + i, size - i, &cp);
        if (k == 0)
            break;
        CHECK(k >= 1 && k <= 4 && (size_t)k <= size - i, "decode length");
        CHECK(cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF), "decoded code point");
        char enc[4];
        int e = xc_utf8_encode(cp, enc);
        CHECK(e == k && !memcmp(enc, data + i, (size_t)k), "encode round trip");
        i += (size_t)k;
    }
    size_t valid = xc_utf8_valid_prefix(s, size);
    CHECK(valid == i, "valid prefix disagrees with decoder");
    CHECK(xc_utf8_valid(s, size) == (valid == size), "xc_utf8_valid");

    xc_buf a, b;
    xc_buf_init(&a);
    xc_buf_init(&b);
    int rc = xc_text_clean(&a, s, size);
    if (valid < size) {
        CHECK(rc == EXCTL_EUTF8, "invalid UTF-8 accepted by xc_text_clean");
    } else {
        CHECK(rc == EXCTL_OK, "valid text rejected");
        CHECK(xc_utf8_valid(a.data ? a.data : "", a.len), "cleaned text invalid");
        if (a.len) {
            CHECK(a.data[0] != ' ' && a.data[a.len - 1] != ' ', "cleaned text untrimmed");
            CHECK(!has_double_space(a.data, a.len), "double space after cleanup");
        }
        CHECK(xc_text_clean(&b, a.data ? a.data : "", a.len) == EXCTL_OK, "reclean");
        CHECK(a.len == b.len && (!a.len || !memcmp(a.data, b.data, a.len)),
              "xc_text_clean is not idempotent");
        check_script(a.data ? a.data : "", a.len);
    }
    check_script(s, valid);
    check_script(s, size);   /* must cope with invalid bytes too */
    xc_buf_free(&a);
    xc_buf_free(&b);

    size_t tl = size;
    const char *t = xc_trim(s, &tl);
    CHECK(t >= s && t + tl <= s + size, "trim bounds");
    long v;
    (void)xc_parse_long(s, size, -1000000, 1000000, &v);
    return 0;
}
