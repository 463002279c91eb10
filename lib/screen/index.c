/*
 * Index build: prepared names, token statistics, inverted index.
 *
 * Every entity name is prepared once (normalize.c) into the screener's
 * arena; each (name, variant) pair is an "entry". Token weights are IDF over
 * all names (a token counts once per name), so "trading" or "mohammad" count
 * less than a rare surname, and they are computed here, not per query.
 *
 * Candidate keys per content token (titles, particles and organisation words
 * are not keys: they would pull in half the list):
 *   t:<token>      exact token; also t:<a><b> for adjacent pairs, so that
 *                  "al qaida" and "alqaida" find each other;
 *   s:<skeleton>   consonant skeleton (vowel variants, romanisations);
 *   d:<token-1>    every one-letter deletion of tokens of 4+ letters
 *                  (a symmetric deletion neighbourhood: the query looks up
 *                  its token and its own deletions in both t: and d:, which
 *                  finds one insertion, deletion or substitution);
 *   l:<loose>, m:<loose-1>  the same over the loose phonetic key, which is
 *                  how romanised names (fawei) find Latin ones (huawei).
 * Postings are entry ids in increasing order, built with a counting sort
 * over (key, entry) pairs: one pass, no per-key allocation.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "screen_int.h"

typedef struct pairvec {
    uint32_t *key, *ent;
    size_t n, cap;
} pairvec;

/* (key hash, entry) pairs of the inverted index before sorting. */
typedef struct kpair {
    uint64_t h;
    uint32_t e;
} kpair;

typedef struct kpvec {
    kpair *v;
    size_t n, cap;
} kpvec;

typedef struct keyctx {
    kpvec *kv;
    uint32_t entry;
    int rc;
} keyctx;

static int pv_push(pairvec *pv, uint32_t k, uint32_t e)
{
    if (pv->n == pv->cap) {
        size_t nc = pv->cap ? pv->cap * 2 : 1 << 10;
        uint32_t *nk = realloc(pv->key, nc * sizeof *nk);
        if (!nk)
            return EXCTL_ENOMEM;
        pv->key = nk;
        uint32_t *ne = realloc(pv->ent, nc * sizeof *ne);
        if (!ne)
            return EXCTL_ENOMEM;
        pv->ent = ne;
        pv->cap = nc;
    }
    pv->key[pv->n] = k;
    pv->ent[pv->n] = e;
    pv->n++;
    return EXCTL_OK;
}

uint64_t scr_key_hash(const char *key, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)key[i];
        h *= 0x100000001b3ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h ? h : 1;            /* 0 marks an empty slot */
}

const scr_posting *scr_key_find(const exctl_screener *s, uint64_t h)
{
    if (!s->kcap)
        return NULL;
    size_t mask = s->kcap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        if (s->kh[i] == h)
            return &s->kp[i];
        if (s->kh[i] == 0)
            return NULL;
    }
}

static void add_key(void *vctx, const char *key, size_t n, float w)
{
    (void)w;
    keyctx *c = vctx;
    if (c->rc)
        return;
    kpvec *kv = c->kv;
    if (kv->n == kv->cap) {
        size_t nc = kv->cap ? kv->cap * 2 : 1 << 16;
        kpair *nv = realloc(kv->v, nc * sizeof *nv);
        if (!nv) {
            c->rc = EXCTL_ENOMEM;
            return;
        }
        kv->v = nv;
        kv->cap = nc;
    }
    kv->v[kv->n++] = (kpair){scr_key_hash(key, n), c->entry};
}

/* Emit prefix:<deletion> for every one-letter deletion of s. */
static void deletions(char pfx, const char *s, size_t n, float w, char *buf, scr_key_fn fn,
                      void *ctx)
{
    buf[0] = pfx;
    buf[1] = ':';
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && s[i] == s[i - 1])
            continue;                    /* same deletion as the previous one */
        size_t o = 2;
        for (size_t j = 0; j < n; j++)
            if (j != i)
                buf[o++] = s[j];
        fn(ctx, buf, o, w);
    }
}

static void key(char pfx, const char *s, size_t n, float w, char *buf, scr_key_fn fn, void *ctx)
{
    buf[0] = pfx;
    buf[1] = ':';
    memcpy(buf + 2, s, n);
    fn(ctx, buf, n + 2, w);
}

void scr_token_keys(const scr_tok *t, bool query, char *buf, size_t cap,
                    scr_key_fn fn, void *ctx)
{
    if (t->kind != SCR_TK_WORD && t->kind != SCR_TK_NUM)
        return;
    if ((size_t)t->len + 2 > cap)
        return;
    key('t', t->s, t->len, 1.0f, buf, fn, ctx);
    if (t->kind == SCR_TK_NUM || t->len < 2)
        return;
    /* Weight factors rank the evidence: exact, one edit, loose key, start
     * of the token (merged or truncated tokens), skeleton. */
    key('l', t->lo, t->lolen, 0.75f, buf, fn, ctx);
    if (t->len >= 6)
        key('p', t->s, 5, 0.5f, buf, fn, ctx);
    if (t->sklen >= 2)
        key('s', t->sk, t->sklen, 0.5f, buf, fn, ctx);
    if (!query) {
        if (t->len >= 4)
            deletions('d', t->s, t->len, 0.85f, buf, fn, ctx);
        if (t->lolen >= 4)
            deletions('m', t->lo, t->lolen, 0.6f, buf, fn, ctx);
        return;
    }
    /* Query side of the symmetric deletion neighbourhood. */
    if (t->len >= 4)
        key('d', t->s, t->len, 0.85f, buf, fn, ctx);
    if (t->len >= 3) {
        deletions('t', t->s, t->len, 0.85f, buf, fn, ctx);
        if (t->len >= 5)
            deletions('d', t->s, t->len, 0.85f, buf, fn, ctx);
    }
    if (t->lolen >= 4)
        key('m', t->lo, t->lolen, 0.6f, buf, fn, ctx);
    if (t->lolen >= 3) {
        deletions('l', t->lo, t->lolen, 0.6f, buf, fn, ctx);
        if (t->lolen >= 5)
            deletions('m', t->lo, t->lolen, 0.6f, buf, fn, ctx);
    }
}

static void pair_keys(const scr_var *v, char *buf, size_t cap, scr_key_fn fn, void *ctx)
{
    for (int i = 0; i + 1 < v->n; i++) {
        const scr_tok *a = &v->t[i], *b = &v->t[i + 1];
        if (a->kind == SCR_TK_NUM || b->kind == SCR_TK_NUM || a->kind == SCR_TK_TITLE ||
            b->kind == SCR_TK_TITLE)
            continue;
        if ((size_t)a->len + b->len + 2 > cap)
            continue;
        buf[0] = 't';
        buf[1] = ':';
        memcpy(buf + 2, a->s, a->len);
        memcpy(buf + 2 + a->len, b->s, b->len);
        fn(ctx, buf, (size_t)a->len + b->len + 2, 0.9f);
    }
}

size_t scr_ident_norm(const char *v, char *out, size_t cap)
{
    size_t o = 0;
    for (; *v && o + 1 < cap; v++) {
        char c = *v;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            out[o++] = c;
    }
    out[o] = '\0';
    /* "IMO 9123456" and "9123456" are the same IMO number. */
    if (o == 10 && !memcmp(out, "IMO", 3)) {
        memmove(out, out + 3, 8);
        o = 7;
    }
    return o;
}

static float kind_factor(const scr_tok *t)
{
    switch (t->kind) {
    case SCR_TK_ORG: return 0.5f;
    case SCR_TK_PARTICLE: return 0.25f;
    case SCR_TK_TITLE: return 0.1f;
    default: return t->len == 1 ? 0.5f : 1.0f;
    }
}

static float idf_weight(uint32_t df, size_t n_names)
{
    double N = (double)n_names + 1.0;
    double idf = log(N / ((double)df + 0.5));
    double mx = log(N / 0.5);
    double w = idf / mx;
    if (w < 0.0)
        w = 0.0;
    return (float)(0.15 + 0.85 * w);
}

void scr_resolve(const exctl_screener *s, scr_pname *p)
{
    for (int i = 0; i <= p->nv; i++) {
        scr_var *v = i < p->nv ? &p->v[i] : &p->nat;
        for (int j = 0; j < v->n; j++) {
            scr_tok *t = &v->t[j];
            uint32_t id;
            float w = s ? s->w_unknown : 1.0f;
            t->id = SCR_NOID;
            if (s && xc_map_get(&s->tokmap, t->s, t->len, &id)) {
                t->id = id;
                w = s->tok_w[id];
            }
            t->w = w * kind_factor(t);
        }
    }
}

static int intern_tokens(exctl_screener *s)
{
    /* Pass 1: ids and document frequency (once per name). */
    size_t cap = 1 << 16;
    s->tok_df = calloc(cap, sizeof *s->tok_df);
    uint32_t *last = calloc(cap, sizeof *last);
    if (!s->tok_df || !last) {
        free(last);
        return EXCTL_ENOMEM;
    }
    for (size_t ni = 0; ni < s->n_names; ni++) {
        scr_pname *p = &s->names[ni];
        for (int vi = 0; vi <= p->nv; vi++) {
            scr_var *v = vi < p->nv ? &p->v[vi] : &p->nat;
            for (int j = 0; j < v->n; j++) {
                scr_tok *t = &v->t[j];
                uint32_t id;
                if (!xc_map_get(&s->tokmap, t->s, t->len, &id)) {
                    id = (uint32_t)s->n_toks++;
                    if (id >= cap) {
                        size_t nc = cap * 2;
                        uint32_t *a = realloc(s->tok_df, nc * sizeof *a);
                        if (!a) {
                            free(last);
                            return EXCTL_ENOMEM;
                        }
                        s->tok_df = a;
                        uint32_t *b = realloc(last, nc * sizeof *b);
                        if (!b) {
                            free(last);
                            return EXCTL_ENOMEM;
                        }
                        last = b;
                        memset(s->tok_df + cap, 0, (nc - cap) * sizeof *a);
                        memset(last + cap, 0, (nc - cap) * sizeof *b);
                        cap = nc;
                    }
                    if (xc_map_put(&s->tokmap, t->s, t->len, id)) {
                        free(last);
                        return EXCTL_ENOMEM;
                    }
                }
                t->id = id;
                if (last[id] != ni + 1) {
                    last[id] = (uint32_t)(ni + 1);
                    s->tok_df[id]++;
                }
            }
        }
    }
    free(last);
    s->tok_w = malloc((s->n_toks ? s->n_toks : 1) * sizeof *s->tok_w);
    if (!s->tok_w)
        return EXCTL_ENOMEM;
    for (size_t i = 0; i < s->n_toks; i++)
        s->tok_w[i] = idf_weight(s->tok_df[i], s->n_names);
    s->w_unknown = idf_weight(0, s->n_names);
    for (size_t ni = 0; ni < s->n_names; ni++)
        scr_resolve(s, &s->names[ni]);
    return EXCTL_OK;
}

static int prepare_names(exctl_screener *s, exctl_errbuf *eb)
{
    size_t n_ents = 0, n_names = 0;
    for (size_t li = 0; li < s->ls->n_lists; li++) {
        const exctl_list *l = s->ls->lists[li];
        n_ents += l->n_ents;
        for (size_t i = 0; i < l->n_ents; i++)
            n_names += l->ents[i]->n_names;
    }
    s->ents = calloc(n_ents ? n_ents : 1, sizeof *s->ents);
    s->ent_name0 = calloc(n_ents + 1, sizeof *s->ent_name0);
    s->names = calloc(n_names ? n_names : 1, sizeof *s->names);
    if (!s->ents || !s->ent_name0 || !s->names)
        return xc_err(eb, EXCTL_ENOMEM, "screen: out of memory");
    scr_scratch tmp = {0};
    scr_alloc a = {.arena = &s->arena};
    int rc = EXCTL_OK;
    for (size_t li = 0; li < s->ls->n_lists && !rc; li++) {
        const exctl_list *l = s->ls->lists[li];
        for (size_t i = 0; i < l->n_ents && !rc; i++) {
            const exctl_entity *e = l->ents[i];
            s->ent_name0[s->n_ents] = (uint32_t)s->n_names;
            s->ents[s->n_ents++] = e;
            for (uint32_t k = 0; k < e->n_names; k++) {
                const char *t = e->names[k].text;
                rc = scr_prepare(t, strlen(t), &a, &tmp, &s->names[s->n_names]);
                scr_scratch_reset(&tmp);
                if (rc) {
                    xc_err(eb, rc, "screen: %s:%s: cannot prepare name \"%s\"", l->id, e->id, t);
                    break;
                }
                s->n_names++;
            }
        }
    }
    s->ent_name0[s->n_ents] = (uint32_t)s->n_names;
    scr_scratch_free(&tmp);
    return rc;
}

/* LSD radix sort of the pairs by hash, 16 bits per pass; stable, so the
 * entries of one key stay in increasing order. */
static int sort_pairs(kpvec *kv)
{
    kpair *tmp = malloc((kv->n ? kv->n : 1) * sizeof *tmp);
    size_t *cnt = malloc(65536 * sizeof *cnt);
    if (!tmp || !cnt) {
        free(tmp);
        free(cnt);
        return EXCTL_ENOMEM;
    }
    kpair *src = kv->v, *dst = tmp;
    for (int shift = 0; shift < 64; shift += 16) {
        memset(cnt, 0, 65536 * sizeof *cnt);
        for (size_t i = 0; i < kv->n; i++)
            cnt[(src[i].h >> shift) & 0xFFFF]++;
        size_t off = 0;
        for (size_t d = 0; d < 65536; d++) {
            size_t c = cnt[d];
            cnt[d] = off;
            off += c;
        }
        for (size_t i = 0; i < kv->n; i++)
            dst[cnt[(src[i].h >> shift) & 0xFFFF]++] = src[i];
        kpair *t = src;
        src = dst;
        dst = t;
    }
    /* four passes: the sorted data is back in kv->v */
    free(tmp);
    free(cnt);
    return EXCTL_OK;
}

static int build_postings(exctl_screener *s, kpvec *kv)
{
    int rc = sort_pairs(kv);
    if (rc)
        return rc;
    size_t nkeys = 0;
    for (size_t i = 0; i < kv->n; i++)
        nkeys += i == 0 || kv->v[i].h != kv->v[i - 1].h;
    size_t cap = 16;
    while (cap < nkeys * 2)
        cap <<= 1;
    s->kh = calloc(cap, sizeof *s->kh);
    s->kp = calloc(cap, sizeof *s->kp);
    s->postings = malloc((kv->n ? kv->n : 1) * sizeof *s->postings);
    if (!s->kh || !s->kp || !s->postings)
        return EXCTL_ENOMEM;
    s->kcap = cap;
    s->n_keys = nkeys;
    size_t o = 0;
    for (size_t i = 0; i < kv->n;) {
        uint64_t h = kv->v[i].h;
        size_t start = o;
        for (; i < kv->n && kv->v[i].h == h; i++)
            if (o == start || s->postings[o - 1] != kv->v[i].e)
                s->postings[o++] = kv->v[i].e;
        size_t slot = (size_t)h & (cap - 1);
        while (s->kh[slot])
            slot = (slot + 1) & (cap - 1);
        s->kh[slot] = h;
        s->kp[slot] = (scr_posting){(uint32_t)start, (uint32_t)(o - start)};
    }
    s->n_postings = o;
    return EXCTL_OK;
}

static int build_idents(exctl_screener *s)
{
    pairvec pv = {0};
    int rc = EXCTL_OK;
    for (size_t ei = 0; ei < s->n_ents && !rc; ei++) {
        const exctl_entity *e = s->ents[ei];
        for (uint32_t k = 0; k < e->n_idents && !rc; k++) {
            char buf[128];
            size_t n = scr_ident_norm(e->idents[k].value, buf, sizeof buf);
            if (n < 4)
                continue;                /* too short to be evidence */
            uint32_t id;
            if (!xc_map_get(&s->idmap, buf, n, &id)) {
                char *key = xc_arena_strndup(&s->arena, buf, n);
                if (!key)
                    rc = EXCTL_ENOMEM;
                id = (uint32_t)s->n_idkeys++;
                if (!rc)
                    rc = xc_map_put(&s->idmap, key, n, id);
            }
            if (!rc)
                rc = pv_push(&pv, id, (uint32_t)ei);
        }
    }
    if (!rc) {
        s->id_posts = calloc(s->n_idkeys ? s->n_idkeys : 1, sizeof *s->id_posts);
        s->id_ents = malloc((pv.n ? pv.n : 1) * sizeof *s->id_ents);
        if (!s->id_posts || !s->id_ents)
            rc = EXCTL_ENOMEM;
    }
    if (!rc) {
        for (size_t i = 0; i < pv.n; i++)
            s->id_posts[pv.key[i]].n++;
        uint32_t off = 0;
        for (size_t k = 0; k < s->n_idkeys; k++) {
            s->id_posts[k].off = off;
            off += s->id_posts[k].n;
            s->id_posts[k].n = 0;
        }
        for (size_t i = 0; i < pv.n; i++) {
            scr_posting *p = &s->id_posts[pv.key[i]];
            s->id_ents[p->off + p->n++] = pv.ent[i];
        }
    }
    free(pv.key);
    free(pv.ent);
    return rc;
}

int scr_index_build(exctl_screener *s, exctl_errbuf *eb)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = scr_init();
    if (rc)
        return xc_err(eb, rc, "screen: ICU initialisation failed");
    rc = prepare_names(s, eb);
    if (rc)
        return rc;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    s->prep_seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    rc = intern_tokens(s);
    if (rc)
        return xc_err(eb, rc, "screen: out of memory");
    size_t n_entries = 0;
    for (size_t i = 0; i < s->n_names; i++)
        n_entries += s->names[i].nv;
    s->entries = calloc(n_entries ? n_entries : 1, sizeof *s->entries);
    if (!s->entries)
        return xc_err(eb, EXCTL_ENOMEM, "screen: out of memory");
    kpvec kv = {0};
    keyctx kc = {.kv = &kv};
    char buf[2 * SCR_MAX_TOKLEN + 8];
    for (size_t ei = 0; ei < s->n_ents && !kc.rc; ei++) {
        for (uint32_t ni = s->ent_name0[ei]; ni < s->ent_name0[ei + 1] && !kc.rc; ni++) {
            const scr_pname *p = &s->names[ni];
            for (int vi = 0; vi < p->nv; vi++) {
                scr_entry *en = &s->entries[s->n_entries];
                en->ent = (uint32_t)ei;
                en->name = (uint16_t)(ni - s->ent_name0[ei]);
                en->var = (uint8_t)vi;
                kc.entry = (uint32_t)s->n_entries++;
                const scr_var *v = &p->v[vi];
                for (int t = 0; t < v->n; t++)
                    scr_token_keys(&v->t[t], false, buf, sizeof buf, add_key, &kc);
                pair_keys(v, buf, sizeof buf, add_key, &kc);
            }
        }
    }
    rc = kc.rc;
    if (!rc)
        rc = build_postings(s, &kv);
    free(kv.v);
    if (!rc)
        rc = build_idents(s);
    if (rc)
        return xc_err(eb, rc, "screen: out of memory building the index");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    s->build_seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return EXCTL_OK;
}
