/*
 * Index keys: the hashes keys.c gives a token's deletion and half keys
 * without making their text, and the batched lookup of keys.
 *
 * The hashes must equal scr_key_hash() of the keys' text as made by hand:
 * the index and the query side, and the pair table's keys that are made as
 * text, all meet in one table of hashes. The batch must hand every key on
 * in the order added, found or not, also past a full batch.
 * Made-up tokens only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "screen/screen_int.h"

#define MAXK 4096

typedef struct hset {
    uint64_t h[MAXK];
    size_t n;
} hset;

static void collect(void *ctx, uint64_t h, float w)
{
    (void)w;
    hset *s = ctx;
    assert_true(s->n < MAXK);
    s->h[s->n++] = h;
}

static bool has(const hset *s, uint64_t h)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->h[i] == h)
            return true;
    return false;
}

static uint64_t text_key(char k0, char k1, const char *s, size_t n)
{
    char buf[256];
    buf[0] = k0;
    buf[1] = k1;
    memcpy(buf + 2, s, n);
    return scr_key_hash(buf, n + 2);
}

/* Every one-letter deletion of s under kind (k0, k1), as text. */
static void expect_deletions(const hset *got, char k0, char k1, const char *s, size_t n)
{
    char d[256];
    for (size_t i = 0; i < n; i++) {
        memcpy(d, s, i);
        memcpy(d + i, s + i + 1, n - i - 1);
        assert_true(has(got, text_key(k0, k1, d, n - 1)));
    }
}

static void deletion_keys_hash_as_their_text(void **state)
{
    (void)state;
    static const char *const runs[] = {"vorlandiskaya", "zzatbek", "qilmorabad", "ottessaan"};
    for (size_t r = 0; r < XC_ARRAY_LEN(runs); r++) {
        const char *s = runs[r];
        size_t n = strlen(s);
        static hset got;
        got.n = 0;
        char buf[2 * SCR_MAX_TOKLEN + 8];
        scr_run_keys(s, n, s, n, true, buf, sizeof buf, collect, &got);
        assert_true(has(&got, text_key('d', ':', s, n)));
        assert_true(has(&got, text_key('m', ':', s, n)));
        expect_deletions(&got, 'd', ':', s, n);
        expect_deletions(&got, 'm', ':', s, n);
        /* and nothing else: a deletion with a doubled letter is made once */
        size_t want = 2;
        for (size_t i = 0; i < n; i++)
            want += 2 * (i == 0 || s[i] != s[i - 1]);
        assert_int_equal(got.n, want);
        /* a text one letter off is not among them */
        char other[64];
        memcpy(other, s, n);
        other[0] = other[0] == 'x' ? 'y' : 'x';
        assert_false(has(&got, text_key('d', ':', other, n - 1)));
    }
}

/* A token of ten letters looked up as a query: its halves (two edits)
 * and their deletions as text too. */
static void half_keys_hash_as_their_text(void **state)
{
    (void)state;
    scr_scratch sc = {0};
    scr_alloc a = {.scratch = &sc};
    scr_pname p;
    const char *name = "Vorlandisk";
    assert_int_equal(scr_prepare(name, strlen(name), &a, &sc, &p), 0);
    const scr_tok *t = &p.v[0].t[0];
    assert_int_equal(t->len, 10);
    static hset got;
    got.n = 0;
    char buf[2 * SCR_MAX_TOKLEN + 8];
    scr_token_keys(t, true, buf, sizeof buf, collect, &got);
    /* first halves of every length for tokens of 8 to 12 letters */
    for (size_t h = 5; h <= 7; h++) {
        assert_true(has(&got, text_key('<', ':', t->s, h)));
        expect_deletions(&got, '<', ':', t->s, h);
    }
    /* a last half under the class of the first letter (v: bit 5, 'F') */
    unsigned cl = scr_first_class(t->s[0]);
    assert_true(cl != 0);
    char tag = (char)('A' + __builtin_ctz(cl));
    assert_true(has(&got, text_key('>', tag, t->s + 4, 6)));
    expect_deletions(&got, '>', tag, t->s + 4, 6);
    assert_true(has(&got, text_key('d', ':', t->s, t->len)));
    expect_deletions(&got, 'd', ':', t->s, t->len);
    scr_scratch_free(&sc);
}

/* ---- batches ------------------------------------------------------------- */

typedef struct seen {
    const scr_posting *p[1024];
    size_t n;
} seen;

static void on_post(void *ctx, const scr_posting *p, float w)
{
    seen *s = ctx;
    assert_true(w == (float)s->n);
    assert_true(s->n < 1024);
    s->p[s->n++] = p;
}

static void batch_keeps_order_past_a_full_batch(void **state)
{
    (void)state;
    /* a table of 64 slots holding the hashes of keys 0, 3, 6, ... */
    uint64_t kh[64] = {0};
    scr_posting kp[64];
    uint32_t vals[1] = {0};
    scr_htab t = {.kh = kh, .kp = kp, .cap = 64, .vals = vals};
    char k[16];
    uint64_t hs[3 * SCR_KEY_BATCH + 7];
    size_t nk = XC_ARRAY_LEN(hs);
    for (size_t i = 0; i < nk; i++) {
        int n = snprintf(k, sizeof k, "d:k%zu", i);
        hs[i] = scr_key_hash(k, (size_t)n);
    }
    for (size_t i = 0; i < nk && i < 3 * 20; i += 3) {
        size_t j = hs[i] & 63;
        while (kh[j])
            j = (j + 1) & 63;
        kh[j] = hs[i];
        kp[j] = (scr_posting){0, (uint32_t)i};
    }
    static seen s;
    s.n = 0;
    scr_keybatch b;
    scr_keybatch_init(&b, &t, on_post, &s);
    for (size_t i = 0; i < nk; i++)
        scr_keybatch_add(&b, hs[i], (float)i);
    scr_keybatch_flush(&b);
    assert_int_equal(s.n, nk);
    for (size_t i = 0; i < nk; i++) {
        const scr_posting *want = scr_htab_find(&t, hs[i]);
        assert_ptr_equal(s.p[i], want);
        if (i % 3 == 0 && i < 60)
            assert_int_equal(want->n, i);
        else
            assert_null(want);
    }
    /* an empty table: every key absent */
    scr_htab none = {0};
    s.n = 0;
    scr_keybatch_init(&b, &none, on_post, &s);
    scr_keybatch_add(&b, hs[0], 0.0f);
    scr_keybatch_flush(&b);
    assert_int_equal(s.n, 1);
    assert_null(s.p[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deletion_keys_hash_as_their_text),
        cmocka_unit_test(half_keys_hash_as_their_text),
        cmocka_unit_test(batch_keeps_order_past_a_full_batch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
