/*
 * Index build: prepared names, token statistics, inverted index.
 *
 * Every entity name is prepared once (normalize.c), on a few threads: a
 * worker prepares a chunk of names into its own scratch memory, then, under
 * the build lock, stores them in compact form. Each (name, variant) pair is
 * an "entry".
 *
 * Compact names. A prepared name as the scorer sees it (scr_pname, scr_tok:
 * pointers, masks, three strings per token) costs about a kilobyte; a list of
 * millions of names cannot keep that. Names are stored instead as records of
 * 32-bit words in one array (nrec):
 *     header      nv | script << 8 | has-native << 16 | name type << 17
 *     per variant n | key << 8 | xlit << 16 | orgish << 17,  legal bits,
 *                 then n indexes into reps
 * and reps holds each distinct token (kind, Latin text, native text) once,
 * with its weight resolved. scr_name_get() expands a record into a scr_pname
 * in per-query scratch memory (copies of a few reps) when a candidate is
 * scored, so the scorer is unchanged.
 *
 * Token weights are IDF over all names (a token counts once per name), so
 * "trading" or "mohammad" count less than a rare surname, and they are
 * computed here, not per query.
 *
 * Two-level index. Candidate keys are generated per distinct token text, not
 * per occurrence, and point at token ids; each token id has a posting list
 * of the entries that hold it (CSR arrays; lists of SCR_POST_SORT_MIN or
 * more ordered by the entries' key weight, so that a query can walk the
 * part of a common token's list that could match through it alone). A query
 * token looks its keys up, gets the dictionary tokens they reach, scores
 * each of them with the token similarity of the scorer (so a key that merely
 * collides costs nothing further) and only then walks the postings of the
 * tokens that really match.
 * Keys per content token of two or more letters (titles, particles,
 * organisation words and initials are not keys: they would pull in half the
 * list; keys.c makes them, for this build and for queries alike):
 *   d:<token>, d:<token-1>  the token and, from 4 letters, each one-letter
 *                  deletion: a symmetric deletion neighbourhood in one key
 *                  space (the query looks up its token and its own
 *                  deletions once each, which finds one insertion,
 *                  deletion, substitution or transposition);
 *   m:<loose>, m:<loose-1>  the same over the loose phonetic key, which is
 *                  how romanised names (fawei) find Latin ones (huawei);
 *   s:<skeleton>   consonant skeleton (vowel variants, romanisations);
 *   k:<skeleton-1> one-consonant deletions of skeletons of 4+, looked up
 *                  by romanised query tokens only (forin / foreign);
 *   p:<prefix5>    first five letters (truncated and merged tokens).
 * Organisation words, particles and titles get keys too, without postings: a
 * query token that resembles one (a misspelt or romanised "technologies")
 * must know that it may align with such a token of a candidate.
 * Adjacent token pairs of an entry are a second table (concatenation ->
 * entries), so that "al qaida" and "alqaida" find each other; their
 * skeletons concatenated too, for romanised queries (kidmatekk / kidma
 * tech).
 * Key tables are built by radix-sorting (key hash, value) pairs: one pass, no
 * per-key allocation.
 */
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "screen_int.h"

#define CHUNK_NAMES 1024      /* names a build worker prepares at a time */
#define MAX_BUILD_THREADS 4

typedef struct pairvec {
    uint32_t *key, *ent;
    size_t n, cap;
} pairvec;

/* (key hash, value) pairs of a key table before sorting. */
typedef struct kpair {
    uint64_t h;
    uint32_t e;
    float w;                     /* pair table: the pair's weight */
} kpair;

typedef struct kpvec {
    kpair *v;
    size_t n, cap;
} kpvec;

typedef struct keyctx {
    kpvec *kv;
    uint32_t val;
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

static int kv_push(kpvec *kv, uint64_t h, uint32_t e, float w)
{
    if (kv->n == kv->cap) {
        size_t nc = kv->cap ? kv->cap * 2 : 1 << 16;
        kpair *nv = realloc(kv->v, nc * sizeof *nv);
        if (!nv)
            return EXCTL_ENOMEM;
        kv->v = nv;
        kv->cap = nc;
    }
    kv->v[kv->n++] = (kpair){h, e, w};
    return EXCTL_OK;
}

static void add_key(void *vctx, uint64_t h, float w)
{
    (void)w;
    keyctx *c = vctx;
    if (!c->rc)
        c->rc = kv_push(c->kv, h, c->val, 0.0f);
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

/* ---- compact names ------------------------------------------------------- */

int scr_name_get(const exctl_screener *s, uint32_t ni, scr_scratch *sc, scr_pname *p)
{
    const uint32_t *r = s->nrec + s->name_off[ni];
    memset(p, 0, sizeof *p);
    uint32_t h = *r++;
    p->nv = (uint8_t)(h & 0xff);
    p->script = s->scripts[(h >> 8) & 0xff];
    int nvar = p->nv + (int)((h >> 16) & 1);
    uint8_t ptype = (uint8_t)((h >> 17) & 3);
    for (int i = 0; i < nvar; i++) {
        scr_var *v = i < p->nv ? &p->v[i] : &p->nat;
        uint32_t a = *r++;
        v->n = (uint8_t)(a & 0xff);
        v->key = (uint8_t)((a >> 8) & 0xff);
        v->xlit = (uint8_t)((a >> 16) & 1);
        v->orgish = (uint8_t)((a >> 17) & 1);
        v->legal = *r++;
        v->ptype = ptype;
        v->t = scr_scratch_alloc(sc, (v->n ? v->n : 1) * sizeof *v->t);
        if (!v->t)
            return EXCTL_ENOMEM;
        for (int j = 0; j < v->n; j++)
            v->t[j] = s->reps[*r++];
    }
    return EXCTL_OK;
}

/* Walk the variants of a record without expanding it: returns a pointer to
 * the token indexes of variant vi and sets *n (and *xlit). */
static const uint32_t *rec_var(const exctl_screener *s, uint32_t ni, int vi, int *n)
{
    const uint32_t *r = s->nrec + s->name_off[ni] + 1;
    for (int i = 0; i < vi; i++)
        r += 2 + (r[0] & 0xff);
    *n = (int)(r[0] & 0xff);
    return r + 2;
}

static int rec_nv(const exctl_screener *s, uint32_t ni)
{
    return (int)(s->nrec[s->name_off[ni]] & 0xff);
}

/* ---- build: preparing and interning names -------------------------------- */

typedef struct build {
    exctl_screener *s;
    exctl_errbuf *eb;
    uint32_t *name_ent;          /* entity of each name */
    pthread_mutex_t lock;
    pthread_cond_t turn;         /* signalled when next_intern moves */
    size_t next_chunk;           /* under lock */
    size_t next_intern;          /* chunk whose names are interned next, under lock */
    int rc;                      /* first error, under lock */
    uint32_t *last;              /* per token id: name that counted it last, +1 */
    size_t tok_cap, rep_cap, nrec_cap;
} build;

static int grow_tokens(build *b)
{
    exctl_screener *s = b->s;
    size_t nc = b->tok_cap ? b->tok_cap * 2 : 1 << 14;
    uint32_t *df = realloc(s->tok_df, nc * sizeof *df);
    if (!df)
        return EXCTL_ENOMEM;
    s->tok_df = df;
    uint32_t *rp = realloc(s->tok_rep, nc * sizeof *rp);
    if (!rp)
        return EXCTL_ENOMEM;
    s->tok_rep = rp;
    uint8_t *fl = realloc(s->tok_flag, nc * sizeof *fl);
    if (!fl)
        return EXCTL_ENOMEM;
    s->tok_flag = fl;
    uint32_t *la = realloc(b->last, nc * sizeof *la);
    if (!la)
        return EXCTL_ENOMEM;
    b->last = la;
    size_t oc = b->tok_cap;
    memset(df + oc, 0, (nc - oc) * sizeof *df);
    memset(fl + oc, 0, (nc - oc) * sizeof *fl);
    memset(la + oc, 0, (nc - oc) * sizeof *la);
    b->tok_cap = nc;
    return EXCTL_OK;
}

/* Index of the rep equal to t (added when new); counts its text's document
 * frequency for name ni. */
static int intern_rep(build *b, const scr_tok *t, bool indexed, bool xlit, uint32_t ni,
                      uint32_t *out)
{
    exctl_screener *s = b->s;
    char kb[1 + SCR_MAX_TOKLEN + 2 + 4 * SCR_MAX_TOKLEN + 8];
    size_t dl = t->disp ? strlen(t->disp) : 0;
    if (dl > 4 * SCR_MAX_TOKLEN)
        dl = 4 * SCR_MAX_TOKLEN;
    size_t kn = 0;
    /* an Arabic or kana reading and the same Latin text compare differently */
    kb[kn++] = (char)((t->kind + 1) | (t->abjad ? 0x80 : 0) | (t->kana ? 0x40 : 0));
    memcpy(kb + kn, t->s, t->len);
    kn += t->len;
    if (t->disp) {
        kb[kn++] = '\x01';
        memcpy(kb + kn, t->disp, dl);
        kn += dl;
    }
    uint32_t r;
    if (!xc_map_get(&s->repmap, kb, kn, &r)) {
        if (s->n_reps == b->rep_cap) {
            size_t nc = b->rep_cap ? b->rep_cap * 2 : 1 << 14;
            scr_tok *nr = realloc(s->reps, nc * sizeof *nr);
            if (!nr)
                return EXCTL_ENOMEM;
            s->reps = nr;
            b->rep_cap = nc;
        }
        /* key, then s, lo, sk and disp, each NUL-terminated */
        char *mem = xc_arena_alloc(&s->arena, kn + t->len + t->lolen + t->sklen + dl + 4);
        if (!mem)
            return EXCTL_ENOMEM;
        memcpy(mem, kb, kn);
        scr_tok *rp = &s->reps[s->n_reps];
        *rp = *t;
        char *o = mem + kn;
        memcpy(o, t->s, t->len);
        rp->s = o;
        o += t->len + 1;
        memcpy(o, t->lo, t->lolen);
        rp->lo = o;
        o += t->lolen + 1;
        memcpy(o, t->sk, t->sklen);
        rp->sk = o;
        o += t->sklen + 1;
        rp->disp = NULL;
        if (t->disp) {
            memcpy(o, t->disp, dl);
            rp->disp = o;
        }
        uint32_t id;
        if (!xc_map_get(&s->tokmap, rp->s, rp->len, &id)) {
            if (s->n_toks == b->tok_cap && grow_tokens(b))
                return EXCTL_ENOMEM;
            id = (uint32_t)s->n_toks++;
            s->tok_rep[id] = (uint32_t)s->n_reps;
            if (xc_map_put(&s->tokmap, rp->s, rp->len, id))
                return EXCTL_ENOMEM;
        }
        rp->id = id;
        r = (uint32_t)s->n_reps++;
        if (xc_map_put(&s->repmap, mem, kn, r))
            return EXCTL_ENOMEM;
    }
    uint32_t id = s->reps[r].id;
    if (indexed && scr_is_key_tok(t))
        s->tok_flag[id] |= SCR_TF_KEY;
    else if (indexed && t->len >= 2)
        s->tok_flag[id] |= SCR_TF_NONKEY;
    if (indexed && xlit)
        s->tok_flag[id] |= SCR_TF_XLIT;
    if (b->last[id] != ni + 1) {
        b->last[id] = ni + 1;
        s->tok_df[id]++;
    }
    *out = r;
    return EXCTL_OK;
}

static int intern_name(build *b, uint32_t ni, const scr_pname *p)
{
    exctl_screener *s = b->s;
    bool nat = p->nat.n > 0;
    size_t need = 1;
    for (int i = 0; i < p->nv + nat; i++)
        need += 2 + (size_t)(i < p->nv ? p->v[i].n : p->nat.n);
    if (s->n_nrec + need > b->nrec_cap) {
        size_t nc = b->nrec_cap ? b->nrec_cap : 1 << 16;
        while (nc < s->n_nrec + need)
            nc *= 2;
        if (nc > UINT32_MAX)
            return EXCTL_ENOMEM;
        uint32_t *nr = realloc(s->nrec, nc * sizeof *nr);
        if (!nr)
            return EXCTL_ENOMEM;
        s->nrec = nr;
        b->nrec_cap = nc;
    }
    int sc = 0;
    while (sc < s->n_scripts && s->scripts[sc] != p->script)
        sc++;
    if (sc == s->n_scripts) {
        if (sc == (int)XC_ARRAY_LEN(s->scripts))
            return EXCTL_EINVAL;         /* normalize.c names fewer scripts */
        s->scripts[s->n_scripts++] = p->script;
    }
    uint32_t *r = s->nrec + s->n_nrec;
    s->name_off[ni] = (uint32_t)s->n_nrec;
    *r++ = p->nv | (uint32_t)sc << 8 | (uint32_t)nat << 16 | (uint32_t)(p->nat.ptype & 3) << 17;
    for (int i = 0; i < p->nv + nat; i++) {
        const scr_var *v = i < p->nv ? &p->v[i] : &p->nat;
        *r++ = v->n | (uint32_t)v->key << 8 | (uint32_t)(v->xlit & 1) << 16 |
               (uint32_t)(v->orgish & 1) << 17;
        *r++ = v->legal;
        for (int j = 0; j < v->n; j++) {
            int rc = intern_rep(b, &v->t[j], i < p->nv, v->xlit, ni, r++);
            if (rc)
                return rc;
            if (i < p->nv && v->t[j].acro && !v->xlit && p->nat.ptype != SCR_PT_PERSON)
                s->tok_flag[s->reps[r[-1]].id] |= SCR_TF_ACRO;
        }
    }
    s->n_nrec += need;
    return EXCTL_OK;
}

static void *build_worker(void *arg)
{
    build *b = arg;
    exctl_screener *s = b->s;
    scr_scratch tmp = {0}, keep = {0};
    scr_pname *pn = malloc(CHUNK_NAMES * sizeof *pn);
    int rc = pn ? EXCTL_OK : EXCTL_ENOMEM;
    for (;;) {
        pthread_mutex_lock(&b->lock);
        if (rc && !b->rc) {
            b->rc = rc;
            xc_err(b->eb, rc, "screen: out of memory");
            pthread_cond_broadcast(&b->turn);
        }
        size_t c = b->next_chunk++;
        bool stop = b->rc != 0;
        pthread_mutex_unlock(&b->lock);
        size_t lo = c * CHUNK_NAMES;
        if (stop || lo >= s->n_names)
            break;
        size_t hi = lo + CHUNK_NAMES < s->n_names ? lo + CHUNK_NAMES : s->n_names;
        scr_scratch_reset(&keep);
        scr_alloc a = {.scratch = &keep};
        for (size_t ni = lo; ni < hi && !rc; ni++) {
            const exctl_entity *e = s->ents[b->name_ent[ni]];
            const char *t = e->names[ni - s->ent_name0[b->name_ent[ni]]].text;
            rc = scr_prepare(t, strlen(t), &a, &tmp, &pn[ni - lo]);
            if (!rc)
                scr_set_ptype(&pn[ni - lo], scr_ptype_of((exctl_schema)e->schema));
            scr_scratch_reset(&tmp);
            if (rc) {
                pthread_mutex_lock(&b->lock);
                if (!b->rc) {
                    b->rc = rc;
                    xc_err(b->eb, rc, "screen: %s:%s: cannot prepare name \"%s\"",
                           e->list->id, e->id, t);
                    pthread_cond_broadcast(&b->turn);
                }
                pthread_mutex_unlock(&b->lock);
            }
        }
        if (rc)
            break;
        /* Chunks are interned in order, whichever thread prepared them
         * first: token and rep ids, and so the order of every key's
         * values, are then the same in every build. */
        pthread_mutex_lock(&b->lock);
        while (b->next_intern != c && !b->rc)
            pthread_cond_wait(&b->turn, &b->lock);
        for (size_t ni = lo; ni < hi && !rc && !b->rc; ni++)
            rc = intern_name(b, (uint32_t)ni, &pn[ni - lo]);
        b->next_intern++;
        pthread_cond_broadcast(&b->turn);
        pthread_mutex_unlock(&b->lock);
    }
    if (rc) {
        pthread_mutex_lock(&b->lock);
        if (!b->rc) {
            b->rc = rc;
            xc_err(b->eb, rc, "screen: out of memory");
            pthread_cond_broadcast(&b->turn);
        }
        pthread_mutex_unlock(&b->lock);
    }
    free(pn);
    scr_scratch_free(&tmp);
    scr_scratch_free(&keep);
    return NULL;
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
    if (n_names >= UINT32_MAX || n_ents >= UINT32_MAX)
        return xc_err(eb, EXCTL_EINVAL, "screen: too many names (%zu)", n_names);
    build b = {.s = s, .eb = eb};
    s->ents = calloc(n_ents ? n_ents : 1, sizeof *s->ents);
    s->ent_name0 = calloc(n_ents + 1, sizeof *s->ent_name0);
    s->name_off = calloc(n_names ? n_names : 1, sizeof *s->name_off);
    b.name_ent = malloc((n_names ? n_names : 1) * sizeof *b.name_ent);
    if (!s->ents || !s->ent_name0 || !s->name_off || !b.name_ent || grow_tokens(&b)) {
        free(b.name_ent);
        free(b.last);
        return xc_err(eb, EXCTL_ENOMEM, "screen: out of memory");
    }
    for (size_t li = 0; li < s->ls->n_lists; li++) {
        const exctl_list *l = s->ls->lists[li];
        for (size_t i = 0; i < l->n_ents; i++) {
            const exctl_entity *e = l->ents[i];
            s->ent_name0[s->n_ents] = (uint32_t)s->n_names;
            for (uint32_t k = 0; k < e->n_names; k++)
                b.name_ent[s->n_names++] = (uint32_t)s->n_ents;
            s->ents[s->n_ents++] = e;
        }
    }
    s->ent_name0[s->n_ents] = (uint32_t)s->n_names;
    pthread_mutex_init(&b.lock, NULL);
    pthread_cond_init(&b.turn, NULL);
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int nt = ncpu > MAX_BUILD_THREADS ? MAX_BUILD_THREADS : ncpu < 1 ? 1 : (int)ncpu;
    if (s->n_names < 4 * CHUNK_NAMES)
        nt = 1;
    pthread_t th[MAX_BUILD_THREADS];
    int started = 0;
    for (int i = 1; i < nt; i++)
        if (!pthread_create(&th[started], NULL, build_worker, &b))
            started++;
    build_worker(&b);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    pthread_cond_destroy(&b.turn);
    pthread_mutex_destroy(&b.lock);
    free(b.name_ent);
    free(b.last);
    return b.rc;
}

/* Weights per token text and per rep, once every name is counted. */
static int resolve_weights(exctl_screener *s)
{
    s->tok_w = malloc((s->n_toks ? s->n_toks : 1) * sizeof *s->tok_w);
    if (!s->tok_w)
        return EXCTL_ENOMEM;
    for (size_t i = 0; i < s->n_toks; i++)
        s->tok_w[i] = idf_weight(s->tok_df[i], s->n_names);
    s->w_unknown = idf_weight(0, s->n_names);
    for (size_t r = 0; r < s->n_reps; r++)
        s->reps[r].w = s->tok_w[s->reps[r].id] * kind_factor(&s->reps[r]);
    /* the rep map only served the build */
    xc_map_free(&s->repmap);
    xc_map_init(&s->repmap);
    return EXCTL_OK;
}

/* ---- build: key tables ----------------------------------------------------- */

/* Pairs ordered by hash, then value. */
static inline bool kp_less(const kpair *a, const kpair *b)
{
    return a->h < b->h || (a->h == b->h && a->e < b->e);
}

/* Merge sort of a bucket by (hash, value) (insertion sort when short):
 * tmp holds at least n / 2 pairs. */
static void sort_bucket(kpair *a, size_t n, kpair *tmp)
{
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            kpair x = a[i];
            size_t j = i;
            for (; j > 0 && kp_less(&x, &a[j - 1]); j--)
                a[j] = a[j - 1];
            a[j] = x;
        }
        return;
    }
    size_t h = n / 2;
    sort_bucket(a, h, tmp);
    sort_bucket(a + h, n - h, tmp);
    if (!kp_less(&a[h], &a[h - 1]))
        return;
    memcpy(tmp, a, h * sizeof *a);
    size_t i = 0, j = h, o = 0;
    while (i < h && j < n)
        a[o++] = kp_less(&a[j], &tmp[i]) ? a[j++] : tmp[i++];
    while (i < h)
        a[o++] = tmp[i++];
}

/* The pairs by hash, equal hashes by value. Pairs are pushed in
 * increasing value order (per token id, per entry), so this is the push
 * order of each key's values; pairs equal in both (a pair of one entry
 * made twice) are merged by build_table() whatever their order.
 *
 * One counting pass over the top bits of the hash spreads the pairs over
 * about one bucket per pair (hashes are uniform) into a second buffer,
 * then each bucket is sorted: two passes over the data where an LSD radix
 * sort of 64-bit hashes needs four. A bucket holding a key with many
 * values stays O(n log n) through the merge sort.
 *
 * On millions of names the pairs are the largest allocation of the build
 * (30 M pairs of the pair table, 0.5 GB), and a second buffer of them set
 * the build's peak memory. From SORT_INPLACE_MIN bytes they are sorted in
 * place instead: the top 8 bits of the hash spread them over 256 ranges,
 * moved there by cycles of swaps (American flag sort: 256 write streams,
 * which stay in the cache and the TLB where moves into millions of buckets
 * would wait on memory at every step), then each range is sorted as above
 * through a buffer of its own size. The swaps lose the push order within
 * a key, which the buckets' sort by value restores (at twice the
 * comparisons: why smaller lists keep the copy). */
#define SORT_BITS_MAX 22
#define SORT_TOP_BITS 8
#define SORT_INPLACE_MIN ((size_t)64 << 20)

/* Counting pass over bits [shift, shift + bits) of the hash of a[0..m)
 * into dst, then each bucket sorted (a serves as merge space). cnt holds
 * 2^bits + 1 counts. */
static void sort_scatter(kpair *a, size_t m, kpair *dst, size_t *cnt, int bits, int shift)
{
    size_t nb = (size_t)1 << bits;
    uint64_t mask = nb - 1;
    memset(cnt, 0, (nb + 1) * sizeof *cnt);
    for (size_t i = 0; i < m; i++)
        cnt[((a[i].h >> shift) & mask) + 1]++;
    for (size_t d = 0; d < nb; d++)
        cnt[d + 1] += cnt[d];
    for (size_t i = 0; i < m; i++)
        dst[cnt[(a[i].h >> shift) & mask]++] = a[i];
    /* cnt[d] is now the end of bucket d */
    size_t lo = 0;
    for (size_t d = 0; d < nb; d++) {
        size_t hi = cnt[d];
        if (hi - lo > 1)
            sort_bucket(dst + lo, hi - lo, a);
        lo = hi;
    }
}

static int sort_bits(size_t m, int max)
{
    int bits = 1;
    while (bits < max && ((size_t)1 << bits) < m)
        bits++;
    return bits;
}

static int sort_pairs_inplace(kpvec *kv)
{
    size_t n = kv->n;
    enum { NT = 1 << SORT_TOP_BITS };
    int shift = 64 - SORT_TOP_BITS;
    size_t end[NT + 1] = {0}, next[NT];
    kpair *a = kv->v;
    for (size_t i = 0; i < n; i++)
        end[(a[i].h >> shift) + 1]++;
    for (size_t d = 0; d < NT; d++)
        end[d + 1] += end[d];
    /* end[d] is the start of range d, end[d + 1] its end */
    memcpy(next, end, sizeof next);
    size_t maxb = 0;
    for (size_t d = 0; d < NT; d++) {
        size_t hi = end[d + 1];
        if (hi - end[d] > maxb)
            maxb = hi - end[d];
        while (next[d] < hi) {
            kpair x = a[next[d]];
            size_t b = (size_t)(x.h >> shift);
            while (b != d) {             /* x belongs further on: swap it there */
                kpair y = a[next[b]];
                a[next[b]++] = x;
                x = y;
                b = (size_t)(x.h >> shift);
            }
            a[next[d]++] = x;
        }
    }
    int bits = sort_bits(maxb, SORT_BITS_MAX - SORT_TOP_BITS);
    kpair *tmp = malloc(maxb * sizeof *tmp);
    size_t *cnt = malloc((((size_t)1 << bits) + 1) * sizeof *cnt);
    int rc = EXCTL_ENOMEM;
    if (tmp && cnt) {
        for (size_t d = 0; d < NT; d++) {
            size_t m = end[d + 1] - end[d];
            if (m < 2)
                continue;
            sort_scatter(a + end[d], m, tmp, cnt, bits, shift - bits);
            memcpy(a + end[d], tmp, m * sizeof *a);
        }
        rc = EXCTL_OK;
    }
    free(tmp);
    free(cnt);
    return rc;
}

static int sort_pairs(kpvec *kv)
{
    size_t n = kv->n;
    if (n < 2)
        return EXCTL_OK;
    if (n * sizeof(kpair) >= SORT_INPLACE_MIN)
        return sort_pairs_inplace(kv);
    int bits = sort_bits(n, SORT_BITS_MAX);
    kpair *dst = malloc(n * sizeof *dst);
    size_t *cnt = malloc((((size_t)1 << bits) + 1) * sizeof *cnt);
    if (!dst || !cnt) {
        free(dst);
        free(cnt);
        return EXCTL_ENOMEM;
    }
    sort_scatter(kv->v, n, dst, cnt, bits, 64 - bits);
    free(kv->v);
    kv->v = dst;
    kv->cap = n;
    free(cnt);
    return EXCTL_OK;
}

/* One value of a key table as build_table() lays it out in place of the
 * sorted pairs, before the weights move out. */
typedef struct kval {
    uint32_t e;
    float w;
} kval;

/* weights: also keep each value's weight (t->w). The values are written
 * over the sorted pairs (value o, of 4 bytes or with its weight of 8, where
 * pair i >= o of 16 was read); the weights then move to an array of their
 * own and the values close up: the table never needs the pairs and its
 * values at once. kv is consumed (freed). */
static int build_table(scr_htab *t, kpvec *kv, bool weights)
{
    int rc = sort_pairs(kv);
    if (rc)
        return rc;
    size_t nkeys = 0;
    for (size_t i = 0; i < kv->n; i++)
        nkeys += i == 0 || kv->v[i].h != kv->v[i - 1].h;
    /* load factor at most 0.75: short probe runs, a quarter of the slots
     * less than at one half on large lists */
    size_t cap = 16;
    while (cap < nkeys + nkeys / 3)
        cap <<= 1;
    t->kh = calloc(cap, sizeof *t->kh);
    t->kp = calloc(cap, sizeof *t->kp);
    if (!t->kh || !t->kp)
        return EXCTL_ENOMEM;
    t->cap = cap;
    t->n_keys = nkeys;
    /* the values go over the pairs through memcpy: the two layouts share
     * the buffer and must not be assumed apart */
    unsigned char *buf = (unsigned char *)kv->v;
    size_t o = 0;
    kval last = {0, 0.0f};
    for (size_t i = 0; i < kv->n;) {
        uint64_t h;
        memcpy(&h, buf + i * sizeof(kpair) + offsetof(kpair, h), sizeof h);
        size_t start = o;
        for (; i < kv->n; i++) {
            kpair x;
            memcpy(&x, buf + i * sizeof x, sizeof x);
            if (x.h != h)
                break;
            if (o > start && last.e == x.e) {
                if (weights && x.w > last.w) {
                    last.w = x.w;
                    memcpy(buf + (o - 1) * sizeof last, &last, sizeof last);
                }
                continue;
            }
            last = (kval){x.e, x.w};
            if (weights)
                memcpy(buf + o++ * sizeof last, &last, sizeof last);
            else                         /* the value alone, 4 bytes */
                memcpy(buf + o++ * sizeof x.e, &x.e, sizeof x.e);
        }
        size_t slot = (size_t)h & (cap - 1);
        while (t->kh[slot])
            slot = (slot + 1) & (cap - 1);
        t->kh[slot] = h;
        t->kp[slot] = (scr_posting){(uint32_t)start, (uint32_t)(o - start)};
    }
    t->n_vals = o;
    kv->v = NULL;
    kv->n = kv->cap = 0;
    if (weights) {
        unsigned char *sh = realloc(buf, (o ? o : 1) * sizeof(kval));
        if (sh)
            buf = sh;
        t->w = malloc((o ? o : 1) * sizeof *t->w);
        if (!t->w) {
            free(buf);
            return EXCTL_ENOMEM;
        }
        for (size_t i = 0; i < o; i++)
            memcpy(&t->w[i], buf + i * sizeof(kval) + offsetof(kval, w), sizeof(float));
        for (size_t i = 0; i < o; i++)   /* value i of 4 bytes over kval i of 8 */
            memmove(buf + i * sizeof(uint32_t), buf + i * sizeof(kval) + offsetof(kval, e),
                    sizeof(uint32_t));
    }
    uint32_t *shrunk = realloc(buf, (o ? o : 1) * sizeof(uint32_t));
    t->vals = shrunk ? shrunk : (uint32_t *)(void *)buf;
    return EXCTL_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Long posting lists by the entries' key weight, lightest first: a query
 * walks the part of a common token's list whose entries could reach the
 * cut through it alone, and the rest only for entries reached otherwise
 * (screen.c, choose_light()). */
static int sort_long_postings(exctl_screener *s)
{
    size_t maxn = 0;
    for (size_t i = 0; i < s->n_toks; i++) {
        size_t n = s->tok_post_off[i + 1] - s->tok_post_off[i];
        if (n >= SCR_POST_SORT_MIN && n > maxn)
            maxn = n;
    }
    if (!maxn)
        return EXCTL_OK;
    uint64_t *k = malloc(maxn * sizeof *k);
    if (!k)
        return EXCTL_ENOMEM;
    for (size_t i = 0; i < s->n_toks; i++) {
        uint32_t *p = s->tok_post + s->tok_post_off[i];
        size_t n = s->tok_post_off[i + 1] - s->tok_post_off[i];
        if (n < SCR_POST_SORT_MIN)
            continue;
        for (size_t j = 0; j < n; j++) {
            uint32_t wb;             /* w >= 0: its bits order as the values */
            memcpy(&wb, &s->estat[p[j]].w, sizeof wb);
            k[j] = (uint64_t)wb << 32 | p[j];
        }
        qsort(k, n, sizeof *k, cmp_u64);
        for (size_t j = 0; j < n; j++)
            p[j] = (uint32_t)k[j];
    }
    free(k);
    return EXCTL_OK;
}

/* Entries, their key weights and the token -> entries postings. */
static int build_entries(exctl_screener *s)
{
    size_t n_entries = 0;
    for (size_t i = 0; i < s->n_names; i++)
        n_entries += (size_t)rec_nv(s, (uint32_t)i);
    if (n_entries >= UINT32_MAX)
        return EXCTL_EINVAL;
    s->entries = calloc(n_entries ? n_entries : 1, sizeof *s->entries);
    s->estat = calloc(n_entries ? n_entries : 1, sizeof *s->estat);
    s->einit = calloc(n_entries / 64 + 1, sizeof *s->einit);
    s->tok_post_off = calloc(s->n_toks + 1, sizeof *s->tok_post_off);
    uint32_t *last = malloc((s->n_toks ? s->n_toks : 1) * sizeof *last);
    if (!s->entries || !s->estat || !s->einit || !s->tok_post_off || !last) {
        free(last);
        return EXCTL_ENOMEM;
    }
    memset(last, 0xff, (s->n_toks ? s->n_toks : 1) * sizeof *last);
    size_t total = 0;
    for (size_t ei = 0; ei < s->n_ents; ei++) {
        for (uint32_t ni = s->ent_name0[ei]; ni < s->ent_name0[ei + 1]; ni++) {
            int nv = rec_nv(s, ni);
            for (int vi = 0; vi < nv; vi++) {
                uint32_t e = (uint32_t)s->n_entries++;
                scr_entry *en = &s->entries[e];
                en->ent = (uint32_t)ei;
                en->name = (uint16_t)(ni - s->ent_name0[ei]);
                en->var = (uint8_t)vi;
                en->weak = s->ents[ei]->names[en->name].kind == EXCTL_NAME_WEAK_AKA;
                int n;
                const uint32_t *tk = rec_var(s, ni, vi, &n);
                float w = 0.0f, u = 0.0f, nw = 0.0f, wmax = 0.0f;
                unsigned ninit = 0;
                uint32_t smask = 0;
                for (int j = 0; j < n; j++) {
                    const scr_tok *t = &s->reps[tk[j]];
                    if (t->len)
                        smask |= scr_ini_bit((unsigned char)t->s[0]);
                    if (!scr_is_key_tok(t)) {
                        if (t->len >= 2) {
                            u += t->w;
                        } else {
                            s->estat[e].flag |= SCR_EF_INITIAL;
                            s->estat[e].imask |= scr_ini_bit((unsigned char)t->s[0]);
                            ninit += ninit < 7;
                        }
                        continue;
                    }
                    /* a repeated token is not a left-over in the scorer */
                    if (last[t->id] != e) {
                        w += t->w;
                        if (t->kind == SCR_TK_NUM)
                            nw += t->w;
                        else if (t->w > wmax)
                            wmax = t->w;
                        last[t->id] = e;
                        s->tok_post_off[t->id]++;
                        total++;
                    }
                }
                scr_estat *st = &s->estat[e];
                st->w = w;
                st->u = u;
                st->nw = nw;
                st->wmax = wmax;
                st->smask = smask;
                st->flag |= (uint8_t)(ninit << 1);
                if (((s->nrec[s->name_off[ni]] >> 17) & 3) == SCR_PT_PERSON)
                    st->flag |= SCR_EF_PERSON;
                if (st->flag & SCR_EF_INITIAL)
                    s->einit[e >> 6] |= 1ull << (e & 63);
            }
        }
    }
    if (total >= UINT32_MAX) {
        free(last);
        return EXCTL_EINVAL;
    }
    uint32_t off = 0;
    for (size_t i = 0; i <= s->n_toks; i++) {
        uint32_t c = s->tok_post_off[i];
        s->tok_post_off[i] = off;
        off += c;
    }
    s->tok_post = malloc((total ? total : 1) * sizeof *s->tok_post);
    if (!s->tok_post) {
        free(last);
        return EXCTL_ENOMEM;
    }
    /* last[] now holds each token's fill cursor */
    for (size_t i = 0; i < s->n_toks; i++)
        last[i] = s->tok_post_off[i];
    for (uint32_t e = 0; e < s->n_entries; e++) {
        const scr_entry *en = &s->entries[e];
        int n;
        const uint32_t *tk = rec_var(s, s->ent_name0[en->ent] + en->name, en->var, &n);
        for (int j = 0; j < n; j++) {
            const scr_tok *t = &s->reps[tk[j]];
            if (!scr_is_key_tok(t))
                continue;
            uint32_t c = last[t->id];
            if (c > s->tok_post_off[t->id] && s->tok_post[c - 1] == e)
                continue;
            s->tok_post[c] = e;
            last[t->id] = c + 1;
        }
    }
    free(last);
    return sort_long_postings(s);
}

static int build_keys(exctl_screener *s)
{
    kpvec kv = {0};
    keyctx kc = {.kv = &kv};
    char buf[2 * SCR_MAX_TOKLEN + 8];
    for (size_t id = 0; id < s->n_toks && !kc.rc; id++) {
        if (!(s->tok_flag[id] & (SCR_TF_KEY | SCR_TF_NONKEY)))
            continue;
        scr_tok t = s->reps[s->tok_rep[id]];
        if (t.kind != SCR_TK_WORD && t.kind != SCR_TK_NUM)
            t.kind = SCR_TK_WORD;        /* a text also used as a content word */
        kc.val = (uint32_t)id;
        scr_token_keys(&t, false, buf, sizeof buf, add_key, &kc);
    }
    int rc = kc.rc ? kc.rc : build_table(&s->keys, &kv, false);
    free(kv.v);
    return rc;
}

static void acro_dfs(const scr_tok *const *t, int n, int x, int j, char *ini, int k,
                     bool content, float w, scr_acro_fn fn, void *ctx)
{
    if (x >= n || k >= SCR_ACRO_MAX || t[x]->len < 2)
        return;
    const scr_tok *a = t[x];
    float wx = w + a->w;
    if (a->kind == SCR_TK_PARTICLE) {
        ini[k] = a->s[0];
        if (k + 1 >= 2 && content)
            fn(ctx, ini, (size_t)k + 1, x, wx);
        acro_dfs(t, n, x + 1, j, ini, k + 1, content, wx, fn, ctx);
        if (k > 0)                       /* skipped inside the run */
            acro_dfs(t, n, x + 1, j, ini, k, content, wx, fn, ctx);
        return;
    }
    if (a->kind != SCR_TK_WORD && a->kind != SCR_TK_ORG)
        return;
    ini[k] = a->s[0];
    content = content || a->kind == SCR_TK_WORD;
    if (k + 1 >= 2 && content)
        fn(ctx, ini, (size_t)k + 1, x, wx);
    acro_dfs(t, n, x + 1, j, ini, k + 1, content, wx, fn, ctx);
}

void scr_acro_runs(const scr_tok *const *t, int n, int j, scr_acro_fn fn, void *ctx)
{
    char ini[SCR_ACRO_MAX + 1];
    if (j < n)
        acro_dfs(t, n, j, j, ini, 0, false, 0.0f, fn, ctx);
}

typedef struct acroctx {
    kpvec *kv;
    uint32_t e;
    int rc;
} acroctx;

static void acro_key(void *vctx, const char *ini, size_t len, int last, float w)
{
    (void)last;
    acroctx *c = vctx;
    char buf[SCR_ACRO_MAX + 2];
    buf[0] = SCR_PAIR_ACRO;
    memcpy(buf + 1, ini, len);
    if (!c->rc)
        c->rc = kv_push(c->kv, scr_key_hash(buf, len + 1), c->e, w);
}

/* Three tokens of an entry with a short particle in the middle (Abd
 * al-Rahman) against one token of a query (Abdulrahman): the scorer's
 * three-token merge, as triple_hit() in screen.c looks up the other way
 * round. Their text and its one-letter deletions go into the pair table,
 * where a query token looks up its text and its own deletions already
 * (scr_split_pairs()): one edit apart, as the merge allows. */
static int triple_keys(exctl_screener *s, const uint32_t *tk, uint32_t e, kpvec *kv, char *buf,
                       size_t cap)
{
    const scr_tok *a = &s->reps[tk[0]], *m = &s->reps[tk[1]], *b = &s->reps[tk[2]];
    size_t n = (size_t)a->len + m->len + b->len;
    if (m->kind != SCR_TK_PARTICLE || m->len > 3 || !scr_is_key_tok(a) || !scr_is_key_tok(b) ||
        a->kind == SCR_TK_NUM || b->kind == SCR_TK_NUM || 2 * n + 1 > cap)
        return EXCTL_OK;
    char *t = buf + n;
    memcpy(buf, a->s, a->len);
    memcpy(buf + a->len, m->s, m->len);
    memcpy(buf + a->len + m->len, b->s, b->len);
    float w = a->w + m->w + b->w;
    int rc = kv_push(kv, scr_key_hash(buf, n), e, w);
    for (size_t i = 0; i < n && !rc; i++) {
        if (i > 0 && buf[i] == buf[i - 1])
            continue;                    /* same deletion as the previous one */
        memcpy(t, buf, i);
        memcpy(t + i, buf + i + 1, n - i - 1);
        rc = kv_push(kv, scr_key_hash(t, n - 1), e, w);
    }
    return rc;
}

/* Adjacent pairs of each entry, as in the scorer's merges (numbers and
 * titles excluded); and the acronyms of runs of entries known to name an
 * organisation, by schema or by a legal form or organisation word (the
 * scorer reads only those as initials, acronym.c). */
static int build_pairs(exctl_screener *s)
{
    kpvec kv = {0};
    int rc = EXCTL_OK;
    char buf[2 * SCR_MAX_TOKLEN + 2];
    for (uint32_t e = 0; e < s->n_entries && !rc; e++) {
        const scr_entry *en = &s->entries[e];
        int n;
        const uint32_t *tk = rec_var(s, s->ent_name0[en->ent] + en->name, en->var, &n);
        for (int j = 0; j + 1 < n && !rc; j++) {
            const scr_tok *a = &s->reps[tk[j]], *b = &s->reps[tk[j + 1]];
            if (a->kind == SCR_TK_NUM || b->kind == SCR_TK_NUM || a->kind == SCR_TK_TITLE ||
                b->kind == SCR_TK_TITLE)
                continue;
            memcpy(buf, a->s, a->len);
            memcpy(buf + a->len, b->s, b->len);
            rc = kv_push(&kv, scr_key_hash(buf, (size_t)a->len + b->len), e, a->w + b->w);
            /* the skeletons too, for romanised queries (キドマテック
             * kidmatekk = kidma tech): after a byte no text holds */
            size_t kl = (size_t)a->sklen + b->sklen;
            if (!rc && kl >= 4 && a->sklen && b->sklen) {
                buf[0] = SCR_PAIR_SK;
                memcpy(buf + 1, a->sk, a->sklen);
                memcpy(buf + 1 + a->sklen, b->sk, b->sklen);
                rc = kv_push(&kv, scr_key_hash(buf, kl + 1), e, a->w + b->w);
            }
            /* a romanised entry's pair read as one loose key, which the
             * scorer's merges compare against a romanised query token: a
             * key of its own (entries spelt in Latin need none: a Latin
             * spelling keeps its pair's text, which the text key holds) */
            if (!rc && ((tk[-2] >> 16) & 1)) {
                char txt[2 * SCR_MAX_TOKLEN + 2];
                memcpy(txt, a->s, a->len);
                memcpy(txt + a->len, b->s, b->len);
                buf[0] = SCR_PAIR_LO;
                size_t ln = scr_loose_key(txt, (size_t)a->len + b->len, buf + 1, sizeof buf - 1);
                if (ln >= 4)
                    rc = kv_push(&kv, scr_key_hash(buf, ln + 1), e, a->w + b->w);
            }
        }
        for (int j = 0; j + 2 < n && !rc; j++)
            rc = triple_keys(s, tk + j, e, &kv, buf, sizeof buf);
        uint32_t h = s->nrec[s->name_off[s->ent_name0[en->ent] + en->name]];
        uint32_t pt = (h >> 17) & 3;
        if (rc || n < 2 || pt == SCR_PT_PERSON || (pt != SCR_PT_ORG && !((tk[-2] >> 17) & 1)))
            continue;
        const scr_tok *tp[SCR_MAX_TOKS];
        for (int j = 0; j < n && j < SCR_MAX_TOKS; j++)
            tp[j] = &s->reps[tk[j]];
        acroctx ac = {.kv = &kv, .e = e};
        for (int j = 0; j + 1 < n && j < SCR_MAX_TOKS; j++)
            scr_acro_runs(tp, n < SCR_MAX_TOKS ? n : SCR_MAX_TOKS, j, acro_key, &ac);
        rc = ac.rc;
    }
    if (!rc)
        rc = build_table(&s->pairs, &kv, true);
    free(kv.v);
    return rc;
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
    rc = resolve_weights(s);
    if (!rc)
        rc = build_entries(s);
    if (!rc)
        rc = build_keys(s);
    if (!rc)
        rc = build_pairs(s);
    if (!rc)
        rc = build_idents(s);
    if (rc == EXCTL_EINVAL)
        return xc_err(eb, rc, "screen: too many names for the index");
    if (rc)
        return xc_err(eb, rc, "screen: out of memory building the index");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    s->build_seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return EXCTL_OK;
}
