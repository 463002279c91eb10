/*
 * Index keys: what a token is looked up under, and the keys' hashes.
 *
 * The same generators make a dictionary token's keys at index build
 * (index.c, build_keys) and a query token's keys at lookup (screen.c,
 * unit_hits), so that both sides agree on every key; index.c's head
 * comment lists the kinds (d:, m:, s:, k:, p:, halves, j:) and why each
 * exists. A key is a kind of two bytes and a text; the tables hold only
 * the key's 64-bit hash, and callers receive that (scr_key_fn).
 *
 * Most keys are one-letter deletions of a text (a symmetric deletion
 * neighbourhood): some thirty per token, each as long as the token. The
 * hash is therefore a polynomial over the key's bytes, which composes:
 * each deletion's hash follows from the text's prefix values in a few
 * multiplications, with no copy of the key and no pass over its bytes.
 *
 * A query token's keys are looked up as a batch (scr_keybatch): gathered
 * as made, their table slots fetched together (each is a cache miss on a
 * table of a million keys), then handed on in the order made.
 */
#include <string.h>
#include "screen_int.h"

#define KEY_AHEAD 4              /* keys ahead whose values are fetched */

/* Key hashes: a polynomial over the key's bytes mod 2^64 (h = h * KH_MUL +
 * byte, from KH_SEED), then mixed. A polynomial composes, so the hash of a
 * key made of a kind and a text with one letter deleted follows from the
 * text's prefix values in a few multiplications (kh_text, kh_del) instead
 * of a copy and a pass over its bytes: a token makes some thirty such keys,
 * at index build and on the query's first sight of it. The tables hold
 * hashes only, so the index and the query must hash alike: every key goes
 * through these functions. */
#define KH_SEED 0x6a09e667f3bcc909ull
#define KH_MUL 0x9e3779b97f4a7c15ull
/* longest text a key is made of (a run of two tokens and a third) */
#define KH_MAX (3 * SCR_MAX_TOKLEN + 8)

static inline uint64_t kh_mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h ? h : 1;            /* 0 marks an empty slot */
}

static inline uint64_t kh_bytes(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = h * KH_MUL + (unsigned char)s[i];
    return h;
}

uint64_t scr_key_hash(const char *key, size_t n)
{
    return kh_mix(kh_bytes(KH_SEED, key, n));
}

/* A key's text s: the state after its kind (two bytes), r[i] the
 * polynomial of s[0..i) alone and pw[k] = KH_MUL^k. */
typedef struct khtext {
    uint64_t kind;
    size_t n;
    uint64_t r[KH_MAX + 1], pw[KH_MAX + 1];
} khtext;

static inline uint64_t kh_kind(char k0, char k1)
{
    return (KH_SEED * KH_MUL + (unsigned char)k0) * KH_MUL + (unsigned char)k1;
}

/* n <= KH_MAX (the callers' buffers are smaller). */
static void kh_text(khtext *t, char k0, char k1, const char *s, size_t n)
{
    t->kind = kh_kind(k0, k1);
    t->n = n;
    t->r[0] = 0;
    t->pw[0] = 1;
    for (size_t i = 0; i < n; i++) {
        t->r[i + 1] = t->r[i] * KH_MUL + (unsigned char)s[i];
        t->pw[i + 1] = t->pw[i] * KH_MUL;
    }
}

/* The key of the first m letters of the text (m <= n), under another kind
 * if wanted: kind x KH_MUL^m + r[m]. */
static inline uint64_t kh_prefix(const khtext *t, uint64_t kind, size_t m)
{
    return kh_mix(kind * t->pw[m] + t->r[m]);
}

/* The key of the first m letters with letter i < m deleted:
 * kind B^(m-1) + r[i] B^(m-1-i) + (r[m] - r[i+1] B^(m-1-i)). */
static inline uint64_t kh_del(const khtext *t, uint64_t kind, size_t m, size_t i)
{
    return kh_mix(kind * t->pw[m - 1] + t->r[m] + (t->r[i] - t->r[i + 1]) * t->pw[m - 1 - i]);
}

/* Emit the hash of kind:<deletion> for every one-letter deletion of the
 * first m letters of t's text. */
static void del_keys(const khtext *t, uint64_t kind, size_t m, const char *s, float w,
                     scr_key_fn fn, void *ctx)
{
    for (size_t i = 0; i < m; i++) {
        if (i > 0 && s[i] == s[i - 1])
            continue;                    /* same deletion as the previous one */
        fn(ctx, kh_del(t, kind, m, i), w);
    }
}

/* Emit prefix:<deletion> for every one-letter deletion of s. */
static void deletions(char pfx, const char *s, size_t n, float w, scr_key_fn fn, void *ctx)
{
    if (n > KH_MAX)
        return;
    khtext t;
    kh_text(&t, pfx, ':', s, n);
    del_keys(&t, t.kind, n, s, w, fn, ctx);
}

static void key(char pfx, const char *s, size_t n, float w, scr_key_fn fn, void *ctx)
{
    fn(ctx, kh_mix(kh_bytes(kh_kind(pfx, ':'), s, n)), w);
}

/* Halves of a token of HALF_MIN or more letters, for two edits (edit_budget()
 * in score.c allows two from six letters): with h = len / 2, the first h
 * letters and the last len - h do not overlap, so two edits leave one of
 * the halves within one edit of the other token's, which a deletion
 * neighbourhood of that half finds. The half's length tells the token's
 * length to within one letter, so a key reaches tokens of about the length
 * of the one that made it. Halves of three letters (tokens of six or
 * seven) would reach thousands of tokens each: pairs of such tokens are
 * left to the other keys. A second half also carries the first letter, as
 * a sound-alike class the scorer accepts (score.c, first_ok()): without
 * it, "...ovich" would reach every patronymic. */
#define HALF_MIN 8
#define HALF_OVER 1

/* The key of the first m letters of t's text (s) under kind (pfx, tag),
 * and its deletions. */
static void half_key(const khtext *t, char pfx, char tag, const char *s, size_t m,
                     scr_key_fn fn, void *ctx)
{
    uint64_t kind = kh_kind(pfx, tag);
    fn(ctx, kh_prefix(t, kind, m), 0.5f);
    del_keys(t, kind, m, s, 0.5f, fn, ctx);
}

/* The second half of a token, s (its last n letters), once per class of
 * the first letter of tok. */
static void half_key2(char first, const char *s, size_t n, scr_key_fn fn, void *ctx)
{
    khtext t;
    kh_text(&t, '>', ':', s, n);
    unsigned cl = scr_first_class(first);
    if (!cl) {
        half_key(&t, '>', first, s, n, fn, ctx);
        return;
    }
    for (; cl; cl &= cl - 1)
        half_key(&t, '>', (char)('A' + __builtin_ctz(cl)), s, n, fn, ctx);
}

static void half_keys(const char *s, size_t n, scr_key_fn fn, void *ctx)
{
    size_t h = n / 2 + HALF_OVER, h2 = (n + 1) / 2 + HALF_OVER;
    khtext t;
    kh_text(&t, '<', ':', s, h);
    half_key(&t, '<', ':', s, h, fn, ctx);
    half_key2(s[0], s + n - h2, h2, fn, ctx);
    /* the first two letters swapped, which the scorer allows (OMRGOVSKY
     * for MORGOVSKY): the second half also under the second letter's
     * class, when it is another */
    if (scr_first_class(s[1]) != scr_first_class(s[0]) || (!scr_first_class(s[0]) && s[0] != s[1]))
        half_key2(s[1], s + n - h2, h2, fn, ctx);
}

/* The query's side (from six letters, where two edits are allowed): the
 * halves of every length within two of its own from HALF_MIN on, each
 * length of half once. */
static void half_keys_query(const char *s, size_t n, scr_key_fn fn, void *ctx)
{
    size_t lo = n - 2 > HALF_MIN ? n - 2 : HALF_MIN;
    khtext t;
    kh_text(&t, '<', ':', s, n);
    for (size_t h = lo / 2 + HALF_OVER; h <= (n + 2) / 2 + HALF_OVER && h <= n; h++)
        half_key(&t, '<', ':', s, h, fn, ctx);
    for (size_t h = (lo + 1) / 2 + HALF_OVER; h <= (n + 3) / 2 + HALF_OVER && h <= n; h++)
        half_key2(s[0], s + n - h, h, fn, ctx);
}

/* Two edits in tokens of seven letters (edit_budget() in score.c allows
 * two from six letters; the half keys start at HALF_MIN): a dictionary
 * token of seven letters puts its two-letter deletions into d: beside its
 * one-letter ones, and a query token of seven letters looks up its own
 * two-letter deletions there. With the d: keys both sides already make,
 * that finds two substitutions between tokens of seven (two deletions on
 * each side: Taedong / Daesong), an insertion and a substitution between
 * six and seven (the six-letter token's one-letter deletions: Wilyaa /
 * Wilayat, either side the query) and two edits from seven letters to six
 * (Katarji / Kadari). Tokens of six letters two substitutions apart (about
 * 0.71) and query tokens of eight against six or seven are left out: doing
 * them too cost +8% instructions per query instead of +2% and found no
 * further match on the benchmark's sample. Duplicates (doubled letters) are
 * made once. */
#define DEL2_LEN 7

static void deletions2(const char *s, size_t n, scr_key_fn fn, void *ctx)
{
    char seen[21][DEL2_LEN - 2], buf[DEL2_LEN + 2];
    size_t ns = 0;
    buf[0] = 'd';
    buf[1] = ':';
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            char *o = buf + 2;
            for (size_t k = 0; k < n; k++)
                if (k != i && k != j)
                    *o++ = s[k];
            bool dup = false;
            for (size_t m = 0; m < ns && !dup; m++)
                dup = !memcmp(seen[m], buf + 2, n - 2);
            if (dup)
                continue;
            if (ns < 21)
                memcpy(seen[ns++], buf + 2, n - 2);
            fn(ctx, scr_key_hash(buf, n), 0.8f);
        }
    }
}

/* A kana query token reaches the Latin tokens scr_kana_sim() accepts
 * (Daixian = ダイシエン, Koll Up = コール・アップ) through j:, the consonants
 * both spellings share (scr_kana_key()): every dictionary token's key as a
 * Latin spelling (twice when it holds an x: ks and s) and, from four
 * consonants, its one-consonant deletions; a kana token looks up its own
 * key and, from four, its deletions (one consonant more or less on either
 * side, or another one). A short token's key is one consonant and reaches
 * many dictionary tokens; they are compared for kana query tokens only, and
 * kept in the kana slot of the neighbour lists. */
#define KANA_DEL_MIN 4

static void kana_key(const scr_tok *t, bool xs, scr_key_fn fn, void *ctx)
{
    char k[SCR_KANA_KEY_MAX];
    size_t n = scr_kana_key(t->s, t->len, t->kana, xs, k);
    if (n == 0)
        return;
    key('j', k, n, 0.5f, fn, ctx);
    if (n >= KANA_DEL_MIN)
        deletions('j', k, n, 0.5f, fn, ctx);
}

static void kana_keys(const scr_tok *t, scr_key_fn fn, void *ctx)
{
    kana_key(t, false, fn, ctx);
    if (!t->kana && memchr(t->s, 'x', t->len))
        kana_key(t, true, fn, ctx);
}

void scr_token_keys(const scr_tok *t, bool query, char *buf, size_t cap,
                    scr_key_fn fn, void *ctx)
{
    if (t->kind != SCR_TK_WORD && t->kind != SCR_TK_NUM)
        return;
    if ((size_t)t->len + 2 > cap)
        return;
    /* d: holds a token and, from four letters (where the scorer allows an
     * edit), its one-letter deletions: a symmetric deletion neighbourhood
     * in one key space, so the query looks up its token and its own
     * deletions once each (insertion, deletion, substitution and
     * transposition in one lookup per position). m: is the same over the
     * loose phonetic key, which is how romanised names (fawei) find Latin
     * ones (huawei). */
    key('d', t->s, t->len, 1.0f, fn, ctx);
    if (t->kind == SCR_TK_NUM || t->len < 2)
        return;
    /* given names meet their hypocorisms (bob / robert) */
    if (t->hs)
        scr_hypo_keys(t->s, t->len, buf, cap, fn, ctx);
    key('m', t->lo, t->lolen, 0.75f, fn, ctx);
    if (t->len >= 6)
        key('p', t->s, 5, 0.5f, fn, ctx);
    if (t->sklen >= 2)
        key('s', t->sk, t->sklen, 0.5f, fn, ctx);
    if (!query || t->kana)
        kana_keys(t, fn, ctx);
    if (!query) {
        if (t->len >= 4)
            deletions('d', t->s, t->len, 0.85f, fn, ctx);
        if (t->lolen >= 4)
            deletions('m', t->lo, t->lolen, 0.6f, fn, ctx);
        if (t->sklen >= 4)
            deletions('k', t->sk, t->sklen, 0.5f, fn, ctx);
        if (t->len >= HALF_MIN)
            half_keys(t->s, t->len, fn, ctx);
        else if (t->len == DEL2_LEN)
            deletions2(t->s, t->len, fn, ctx);
        return;
    }
    if (t->len >= 6)
        half_keys_query(t->s, t->len, fn, ctx);
    if (t->len == DEL2_LEN)
        deletions2(t->s, t->len, fn, ctx);
    if (t->len >= 3)
        deletions('d', t->s, t->len, 0.85f, fn, ctx);
    if (t->len == 3) {
        /* the scorer's three-letter transpositions (SKO = SOK) */
        char sw[3];
        memcpy(sw, t->s, 3);
        sw[0] = t->s[1];
        sw[1] = t->s[0];
        key('d', sw, 3, 0.85f, fn, ctx);
        memcpy(sw, t->s, 3);
        sw[1] = t->s[2];
        sw[2] = t->s[1];
        key('d', sw, 3, 0.85f, fn, ctx);
    }
    if (t->lolen >= 3)
        deletions('m', t->lo, t->lolen, 0.6f, fn, ctx);
}

void scr_run_keys(const char *txt, size_t n, const char *lo, size_t ln, bool loose, char *buf,
                  size_t cap, scr_key_fn fn, void *ctx)
{
    (void)buf;
    if (n + 2 > cap || ln + 2 > cap)
        return;
    key('d', txt, n, 1.0f, fn, ctx);
    deletions('d', txt, n, 0.85f, fn, ctx);
    /* The halves of the run (two edits and more, which the scorer's merge
     * allows from six letters) were measured: twice the key lookups per
     * query for 5 more of 4,247 full-scan matches; not kept for every run
     * (scr_run_half_keys(), for runs the dictionary holds as one token). */
    if (loose && ln >= 2) {
        key('m', lo, ln, 0.75f, fn, ctx);
        if (ln >= 3)
            deletions('m', lo, ln, 0.6f, fn, ctx);
    }
}

void scr_run_half_keys(const char *txt, size_t n, char *buf, size_t cap, scr_key_fn fn,
                       void *ctx)
{
    (void)buf;
    if (n >= 6 && n + 2 <= cap)
        half_keys_query(txt, n, fn, ctx);
}

void scr_token_xlit_keys(const scr_tok *t, char *buf, size_t cap, scr_key_fn fn, void *ctx)
{
    (void)buf;
    if (t->kind != SCR_TK_WORD || t->sklen < 3 || (size_t)t->sklen + 2 > cap)
        return;
    /* one consonant more or less, or another one, than an indexed
     * skeleton of four or more: deletion neighbourhoods again */
    key('k', t->sk, t->sklen, 0.5f, fn, ctx);
    if (t->sklen >= 5) {
        deletions('s', t->sk, t->sklen, 0.5f, fn, ctx);
        deletions('k', t->sk, t->sklen, 0.5f, fn, ctx);
    }
}

/* ---- looking keys up in batches ------------------------------------------ */

void scr_keybatch_init(scr_keybatch *b, const scr_htab *t, scr_post_fn fn, void *ctx)
{
    b->t = t;
    b->fn = fn;
    b->ctx = ctx;
    b->n = 0;                        /* h[] is not zeroed: n says what is set */
}

/* Three passes over the batch, each fetching what the next one reads: the
 * hash slots, then the posting runs of the keys found, then (a few keys
 * ahead of the one handed on) their values. */
void scr_keybatch_flush(scr_keybatch *b)
{
    const scr_htab *t = b->t;
    const scr_posting *p[SCR_KEY_BATCH];
    for (uint32_t i = 0; t->cap && i < b->n; i++)
        __builtin_prefetch(&t->kh[b->h[i] & (t->cap - 1)]);
    for (uint32_t i = 0; i < b->n; i++) {
        p[i] = scr_htab_find(t, b->h[i]);
        if (p[i])
            __builtin_prefetch(p[i]);
    }
    for (uint32_t i = 0; i < KEY_AHEAD && i < b->n; i++)
        if (p[i])
            __builtin_prefetch(t->vals + p[i]->off);
    for (uint32_t i = 0; i < b->n; i++) {
        if (i + KEY_AHEAD < b->n && p[i + KEY_AHEAD])
            __builtin_prefetch(t->vals + p[i + KEY_AHEAD]->off);
        b->fn(b->ctx, p[i], b->w[i]);
    }
    b->n = 0;
}

void scr_keybatch_add(void *vb, uint64_t h, float w)
{
    scr_keybatch *b = vb;
    b->w[b->n] = w;
    b->h[b->n++] = h;
    if (b->n == SCR_KEY_BATCH)
        scr_keybatch_flush(b);
}
