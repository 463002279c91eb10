/*
 * The scorer's fast path against the full computation.
 *
 * score.c rejects token pairs, merges and whole candidates early (gates,
 * an upper bound against min_score) and computes Jaro-Winkler and the edit
 * distance bit-parallel. None of it may change a score. Here:
 *   - the bit-parallel Jaro-Winkler and OSA distance against the textbook
 *     dynamic programmes, on random strings over small alphabets (many
 *     repeats and transpositions);
 *   - scr_score_pnames / scr_score_entry with every shortcut on against
 *     scr_score_set_exhaustive(true), bit for bit, on names of bundled lists
 *     (Latin, Arabic, Cyrillic, Japanese) and on variants of them with
 *     typos, dropped, swapped, merged and split tokens; explanations must be
 *     the same text; with a min_score, a score at or above it is exact and
 *     a lower one stays below it;
 *   - the token comparison of the index's neighbour lists with the query
 *     token's position tables made once (scr_tok_sim_q) against the plain
 *     one, and its gate on the first letters, which hypocorisms pass.
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

static uint64_t g_rng = 0x2545F4914F6CDD1Dull;

static uint32_t rnd(void)
{
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 7;
    g_rng ^= g_rng << 17;
    return (uint32_t)(g_rng >> 11);
}

/* Textbook OSA distance (full matrix). */
static int osa_ref(const char *a, size_t la, const char *b, size_t lb)
{
    static int d[64][64];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + (a[i - 1] != b[j - 1]) < v)
                v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[la][lb];
}

/* Textbook Jaro-Winkler (match window, transpositions, prefix of 4). */
static double jw_ref(const char *a, size_t la, const char *b, size_t lb)
{
    if (la == 0 || lb == 0)
        return 0.0;
    size_t mx = la > lb ? la : lb;
    size_t win = mx / 2 > 0 ? mx / 2 - 1 : 0;
    bool am[64] = {0}, bm[64] = {0};
    size_t m = 0;
    for (size_t i = 0; i < la; i++) {
        size_t lo = i > win ? i - win : 0;
        size_t hi = i + win + 1 < lb ? i + win + 1 : lb;
        for (size_t j = lo; j < hi; j++)
            if (!bm[j] && a[i] == b[j]) {
                am[i] = bm[j] = true;
                m++;
                break;
            }
    }
    if (m == 0)
        return 0.0;
    size_t t = 0, j = 0;
    for (size_t i = 0; i < la; i++) {
        if (!am[i])
            continue;
        while (!bm[j])
            j++;
        t += a[i] != b[j];
        j++;
    }
    double md = (double)m;
    double jaro = (md / (double)la + md / (double)lb + (md - (double)t / 2.0) / md) / 3.0;
    size_t p = 0;
    while (p < 4 && p < la && p < lb && a[p] == b[p])
        p++;
    return jaro + (double)p * 0.1 * (1.0 - jaro);
}

static void random_word(char *s, size_t n, int alpha)
{
    for (size_t i = 0; i < n; i++)
        s[i] = (char)('a' + rnd() % (uint32_t)alpha);
    s[n] = '\0';
}

static void distances_match_textbook(void **state)
{
    (void)state;
    char a[64], b[64];
    for (int it = 0; it < 200000; it++) {
        int alpha = 2 + (int)(rnd() % 5);
        size_t la = rnd() % 14, lb = rnd() % 14;
        if (it % 50 == 0) {                  /* long ones too */
            la = rnd() % 64;
            lb = rnd() % 64;
        }
        random_word(a, la, alpha);
        if (rnd() % 2 && la) {               /* b: a few edits of a */
            memcpy(b, a, la + 1);
            lb = la;
            for (int e = (int)(rnd() % 3); e >= 0 && lb > 1; e--) {
                size_t p = rnd() % (lb - 1);
                char c = b[p];
                b[p] = b[p + 1];
                b[p + 1] = c;
                if (rnd() % 3 == 0)
                    b[rnd() % lb] = (char)('a' + rnd() % (uint32_t)alpha);
            }
        } else {
            random_word(b, lb, alpha);
        }
        int cap = (int)(rnd() % 5);
        int want = la <= 63 && lb <= 63 ? osa_ref(a, la, b, lb) : cap + 1;
        int got = scr_osa_distance(a, la, b, lb, cap);
        if (want <= cap)
            assert_int_equal(got, want);
        else
            assert_true(got > cap);
        assert_true(scr_jaro_winkler(a, la, b, lb) == jw_ref(a, la, b, lb));
    }
}

/* A variant of a name as people mistype it. Caller frees. */
static char *mutate(const char *src)
{
    size_t n = strlen(src);
    char *q = malloc(2 * n + 8);
    assert_non_null(q);
    memcpy(q, src, n + 1);
    uint32_t kind = rnd() % 8;
    if (kind == 0 || n < 6)
        return q;
    if (kind <= 3) {                        /* typos, a space inserted */
        for (uint32_t t = 0; t <= kind % 2; t++) {
            size_t p = 1 + rnd() % (n - 2);
            if ((unsigned char)q[p] >= 0x80 || (unsigned char)q[p + 1] >= 0x80)
                continue;
            switch (rnd() % 4) {
            case 0: q[p] = (char)('a' + rnd() % 26); break;
            case 1: memmove(q + p, q + p + 1, strlen(q + p + 1) + 1); break;
            case 2: { char c = q[p]; q[p] = q[p + 1]; q[p + 1] = c; } break;
            default: q[p] = ' '; break;
            }
        }
        return q;
    }
    if (kind == 4) {                        /* last token first */
        char *sp = strrchr(q, ' ');
        if (sp) {
            size_t tl = strlen(sp + 1);
            char *r = malloc(n + 2);
            assert_non_null(r);
            memcpy(r, sp + 1, tl);
            r[tl] = ' ';
            memcpy(r + tl + 1, q, (size_t)(sp - q));
            r[n] = '\0';
            free(q);
            return r;
        }
        return q;
    }
    if (kind == 5) {                        /* two tokens merged */
        char *sp = strchr(q, ' ');
        if (sp)
            memmove(sp, sp + 1, strlen(sp + 1) + 1);
        return q;
    }
    if (kind == 6) {                        /* first token dropped */
        char *sp = strchr(q, ' ');
        if (sp)
            memmove(q, sp + 1, strlen(sp + 1) + 1);
        return q;
    }
    for (char *c = q; *c; c++)              /* upper case */
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 32);
    return q;
}

typedef struct fixture {
    exctl_listset *ls;
    exctl_screener *s;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_int_equal(exctl_listset_new(&f->ls), 0);
    static const char *const files[] = {
        "un_sc_consolidated_2026-02-27.xml.gz",
        "jp_meti_eul_2025-09-29.json.gz",
        "jp_meti_thirdcountry_export_ban_entities_2025-09-12.txt.gz",
    };
    exctl_load_opts lo = {.lenient = 1};
    for (size_t i = 0; i < XC_ARRAY_LEN(files); i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/lists/%s", EXCTL_TEST_DATA_DIR, files[i]);
        exctl_errbuf eb = {{0}};
        if (exctl_listset_load_file(f->ls, path, &lo, NULL, &eb))
            fail_msg("%s", eb.msg);
    }
    exctl_errbuf eb = {{0}};
    assert_int_equal(exctl_screener_new(f->ls, &f->s, &eb), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    scr_score_set_exhaustive(false);
    exctl_screener_free(f->s);
    exctl_listset_free(f->ls);
    free(f);
    return 0;
}

static char *explain(const scr_pname *q, const scr_pname *c, bool exhaustive)
{
    scr_detail d;
    scr_score_set_exhaustive(exhaustive);
    scr_score_pnames(q, c, 0.0f, &d);
    scr_score_set_exhaustive(false);
    xc_buf b;
    xc_buf_init(&b);
    assert_int_equal(scr_explain_json(&b, q, c, &d, NULL, 0, d.name_score), 0);
    return xc_buf_steal(&b);
}

/* q against c: fast == exhaustive (pnames and every entry variant), the
 * min_score contract, and (when asked) the same explanation. */
static void check_pair(const scr_pname *q, const scr_pname *c, bool expl, long *positive)
{
    scr_score_set_exhaustive(true);
    float full = scr_score_pnames(q, c, 0.0f, NULL);
    float ent[SCR_MAX_VARS];
    for (int v = 0; v < c->nv; v++)
        ent[v] = scr_score_entry(q, c, v, 0.0f);
    scr_score_set_exhaustive(false);
    assert_true(scr_score_pnames(q, c, 0.0f, NULL) == full);
    static const float mins[] = {0.2f, 0.5f, 0.7f, 0.799f, 0.9f};
    for (size_t k = 0; k < XC_ARRAY_LEN(mins); k++) {
        float m = scr_score_pnames(q, c, mins[k], NULL);
        if (full >= mins[k])
            assert_true(m == full);
        else
            assert_true(m < mins[k]);
    }
    /* a min_score just below the score: the bound must not cut it */
    if (full > 0.01f)
        assert_true(scr_score_pnames(q, c, full - 0.005f, NULL) == full);
    for (int v = 0; v < c->nv; v++) {
        assert_true(scr_score_entry(q, c, v, 0.0f) == ent[v]);
        float m = scr_score_entry(q, c, v, 0.7f);
        assert_true(ent[v] >= 0.7f ? m == ent[v] : m < 0.7f);
    }
    /* the neighbour lists' token comparison, with the query token's
     * position tables made once, against the plain one */
    static scr_qtok qk;
    for (int v = 0; v < q->nv; v++)
        for (int i = 0; i < q->v[v].n; i++) {
            scr_qtok_set(&qk, &q->v[v].t[i]);
            for (int w = 0; w < c->nv; w++)
                for (int j = 0; j < c->v[w].n; j++)
                    for (int x = 0; x < 2; x++) {
                        uint8_t h1, h2;
                        float a = scr_tok_sim(&q->v[v].t[i], &c->v[w].t[j], x, &h1);
                        float b = scr_tok_sim_q(&qk, &c->v[w].t[j], x, &h2);
                        assert_true(a == b);
                        assert_int_equal(h1, h2);
                    }
        }
    *positive += full > 0.0f;
    if (expl) {
        char *a = explain(q, c, true), *b = explain(q, c, false);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
}

static void fast_path_is_exact(void **state)
{
    fixture *f = *state;
    const exctl_screener *s = f->s;
    assert_true(s->n_names > 1000);
    scr_scratch sc = {0}, sc2 = {0};
    long pairs = 0, positive = 0;
    for (int it = 0; it < 1500; it++) {
        uint32_t ni = rnd() % (uint32_t)s->n_names;
        /* the source text of prepared name ni */
        uint32_t e = 0;
        while (e + 1 < s->n_ents && s->ent_name0[e + 1] <= ni)
            e++;
        const char *src = s->ents[e]->names[ni - s->ent_name0[e]].text;
        char *qt = mutate(src);
        scr_scratch_reset(&sc);
        scr_alloc a = {.scratch = &sc};
        scr_pname q;
        if (scr_prepare(qt, strlen(qt), &a, &sc, &q)) {
            free(qt);
            continue;
        }
        scr_resolve(s, &q);
        /* its source, the entity's other names, names near it in the
         * list (often related) and random ones */
        scr_scratch_reset(&sc2);
        scr_pname c;
        assert_int_equal(scr_name_get(s, ni, &sc2, &c), 0);
        check_pair(&q, &c, true, &positive);
        pairs++;
        for (uint32_t k = s->ent_name0[e]; k < s->ent_name0[e + 1] && k < s->ent_name0[e] + 6;
             k++, pairs++) {
            assert_int_equal(scr_name_get(s, k, &sc2, &c), 0);
            check_pair(&q, &c, it % 4 == 0, &positive);
        }
        for (int r = 0; r < 12; r++, pairs++) {
            uint32_t o = r < 6 ? (ni + (uint32_t)r * 7 + 1) % (uint32_t)s->n_names
                               : rnd() % (uint32_t)s->n_names;
            assert_int_equal(scr_name_get(s, o, &sc2, &c), 0);
            check_pair(&q, &c, r < 2, &positive);
            check_pair(&c, &q, false, &positive);
        }
        free(qt);
    }
    scr_scratch_free(&sc);
    scr_scratch_free(&sc2);
    /* the sample must exercise real matches, not only zeros */
    assert_true(pairs > 15000);
    assert_true(positive > pairs / 20);
}

/* Names the fast path's upper bound once cut below their score: no
 * content token pair, a merge (abdallah = abd allah) and a token left over
 * on one side, which costs the omission weight of names without
 * organisation words (0.20), not 0.30. */
static void bound_keeps_merges_with_omissions(void **state)
{
    fixture *f = *state;
    static const char *const pairs[][2] = {
        {"Salaw ABDALLAH", "Abd Allah"},
        {"Salaw ABDALLAH", "Abdallah"},
        {"abdallah al-jazairi", "Abd Allah"},
        {"BIZRAH, Abdurrahman", "Abdur Rahman"},
        {"Hassan Alqaida", "al qaida"},
    };
    scr_scratch sc = {0};
    long positive = 0;
    for (size_t i = 0; i < XC_ARRAY_LEN(pairs); i++) {
        scr_scratch_reset(&sc);
        scr_alloc a = {.scratch = &sc};
        scr_pname q, c;
        assert_int_equal(scr_prepare(pairs[i][0], strlen(pairs[i][0]), &a, &sc, &q), 0);
        assert_int_equal(scr_prepare(pairs[i][1], strlen(pairs[i][1]), &a, &sc, &c), 0);
        scr_resolve(f->s, &q);
        scr_resolve(f->s, &c);
        check_pair(&q, &c, true, &positive);
        check_pair(&c, &q, true, &positive);
    }
    assert_true(positive >= 6);
    scr_scratch_free(&sc);
}

/* The neighbour lists' comparison rejects a pair without a compatible
 * start before comparing it (the scorer's gate), but for hypocorisms,
 * whose first letters need not agree (Bob = Robert, Peggy = Margaret). */
static void neighbour_gate_keeps_hypocorisms(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *a, *b;
        bool sim;
    } pairs[] = {
        {"Robert", "Bob", true},        {"Margaret", "Peggy", true},
        {"Alfred", "Fred", true},       {"Abigail", "Gail", true},
        {"Robert", "Tobert", false},    {"Margaret", "Targaret", false},
        {"Alfred", "Zalfred", false},   {"Kovalenko", "Bovalenko", false},
    };
    scr_scratch sc = {0};
    static scr_qtok qk;
    for (size_t i = 0; i < XC_ARRAY_LEN(pairs); i++) {
        scr_scratch_reset(&sc);
        scr_alloc a = {.scratch = &sc};
        scr_pname q, c;
        assert_int_equal(scr_prepare(pairs[i].a, strlen(pairs[i].a), &a, &sc, &q), 0);
        assert_int_equal(scr_prepare(pairs[i].b, strlen(pairs[i].b), &a, &sc, &c), 0);
        scr_resolve(f->s, &q);
        scr_resolve(f->s, &c);
        assert_int_equal(q.v[0].n, 1);
        assert_int_equal(c.v[0].n, 1);
        for (int x = 0; x < 2; x++) {
            uint8_t h1, h2;
            float plain = scr_tok_sim(&q.v[0].t[0], &c.v[0].t[0], x, &h1);
            scr_qtok_set(&qk, &q.v[0].t[0]);
            float fast = scr_tok_sim_q(&qk, &c.v[0].t[0], x, &h2);
            assert_true(plain == fast);
            assert_int_equal(h1, h2);
            assert_true((fast > 0.0f) == pairs[i].sim);
        }
    }
    scr_scratch_free(&sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(distances_match_textbook),
        cmocka_unit_test_setup_teardown(fast_path_is_exact, setup, teardown),
        cmocka_unit_test_setup_teardown(bound_keeps_merges_with_omissions, setup, teardown),
        cmocka_unit_test_setup_teardown(neighbour_gate_keeps_hypocorisms, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
