/*
 * controls — ranked full-text search over the control lists.
 *
 * A small in-memory inverted index, built once at load (about 2,000
 * documents): an ECCN with all its paragraphs, each 別表第1 item, and each
 * 貨物等省令 article and 号 with its sub-clauses. English is split into
 * lower-cased words with a light plural folding; Japanese has no spaces, so
 * runs of kanji/kana are indexed as overlapping character bigrams (pure
 * hiragana bigrams such as であ are grammar, not content, and are skipped).
 * Scores are BM25-like term weights times idf, multiplied by the square of
 * the share of query terms found, so documents that match every word of the
 * query come first. Title words count three times.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cl.h"

typedef struct posting {
    uint32_t doc;
    float tf;
} posting;

typedef struct term {
    posting *p;
    uint32_t n, cap;
} term;

struct cl_index {
    xc_arena arena;
    xc_map terms;
    term *t;
    size_t nt, capt;
    uint32_t *docs;   /* doc -> entry index */
    size_t ndocs;
};

struct exctl_cl_hits {
    const exctl_cl_entry **e;
    double *score;
    size_t n;
};

typedef int (*tok_fn)(void *ctx, const char *t, size_t n);

static bool is_cjk(uint32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3005;
}

static bool is_hira(uint32_t cp) { return cp >= 0x3040 && cp <= 0x309F; }

static bool stopword(const char *w, size_t n)
{
    static const char *sw[] = {"the", "of", "and", "or", "for", "in", "a", "an", "to", "as",
                               "with", "by", "not", "than", "any", "on", "is", "are", "be",
                               "that", "which", "this", "from", "at", "following", "having",
                               "specially", "designed", "see", "its", "other", "all", "n",
                               "e", "g", "i", "ii", "iii", "more", "less"};
    for (size_t i = 0; i < XC_ARRAY_LEN(sw); i++)
        if (strlen(sw[i]) == n && !memcmp(sw[i], w, n))
            return true;
    return false;
}

/* Tokenize UTF-8 text; calls fn for each term. */
static int tokenize(const char *s, size_t n, tok_fn fn, void *ctx)
{
    char w[64];
    size_t wl = 0, i = 0;
    uint32_t prev = 0;
    size_t prev_len = 0, prev_off = 0;
    int rc = 0, cjk_run = 0;
    while (i <= n) {
        uint32_t cp = 0;
        int k = 1;
        if (i < n) {
            k = xc_utf8_decode((const unsigned char *)s + i, n - i, &cp);
            if (k <= 0) {
                k = 1;
                cp = ' ';
            }
        } else {
            cp = ' ';
        }
        bool alnum = cp < 128 && ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                                  (cp >= '0' && cp <= '9'));
        if (cp >= 0xFF10 && cp <= 0xFF5A) { /* full-width ASCII */
            cp -= 0xFEE0;
            alnum = true;
        }
        if (alnum) {
            if (wl < sizeof w)
                w[wl++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        } else if (wl) {
            size_t l = wl < sizeof w ? wl : sizeof w;
            if (l > 4 && w[l - 1] == 's' && w[l - 2] != 's' && w[l - 2] != 'u') {
                if (w[l - 2] == 'e' && w[l - 3] == 'i') {
                    w[l - 3] = 'y';
                    l -= 2;
                } else {
                    l--;
                }
            }
            if (!stopword(w, l) && (rc = fn(ctx, w, l)))
                return rc;
            wl = 0;
        }
        if (is_cjk(cp)) {
            if (cjk_run && !(is_hira(prev) && is_hira(cp))) {
                if ((rc = fn(ctx, s + prev_off, prev_len + (size_t)k)))
                    return rc;
            }
            cjk_run++;
            prev = cp;
            prev_off = i;
            prev_len = (size_t)k;
        } else {
            if (cjk_run == 1 && !is_hira(prev) && (rc = fn(ctx, s + prev_off, prev_len)))
                return rc;
            cjk_run = 0;
        }
        i += (size_t)k;
    }
    return 0;
}

typedef struct add_ctx {
    cl_index *ix;
    uint32_t doc;
    float w;
} add_ctx;

static int add_term(void *vctx, const char *t, size_t n)
{
    add_ctx *a = vctx;
    cl_index *ix = a->ix;
    uint32_t id;
    if (!xc_map_get(&ix->terms, t, n, &id)) {
        if (ix->nt == ix->capt) {
            size_t nc = ix->capt ? ix->capt * 2 : 4096;
            term *nt = realloc(ix->t, nc * sizeof *nt);
            if (!nt)
                return EXCTL_ENOMEM;
            ix->t = nt;
            ix->capt = nc;
        }
        char *key = xc_arena_strndup(&ix->arena, t, n);
        if (!key)
            return EXCTL_ENOMEM;
        id = (uint32_t)ix->nt++;
        memset(&ix->t[id], 0, sizeof ix->t[id]);
        if (xc_map_put(&ix->terms, key, n, id))
            return EXCTL_ENOMEM;
    }
    term *tm = &ix->t[id];
    if (tm->n && tm->p[tm->n - 1].doc == a->doc) {
        tm->p[tm->n - 1].tf += a->w;
        return 0;
    }
    if (tm->n == tm->cap) {
        uint32_t nc = tm->cap ? tm->cap * 2 : 4;
        posting *np = realloc(tm->p, nc * sizeof *np);
        if (!np)
            return EXCTL_ENOMEM;
        tm->p = np;
        tm->cap = nc;
    }
    tm->p[tm->n].doc = a->doc;
    tm->p[tm->n].tf = a->w;
    tm->n++;
    return 0;
}

static int add_text(add_ctx *a, const char *s, float w)
{
    a->w = w;
    return s && *s ? tokenize(s, strlen(s), add_term, a) : 0;
}

static int add_tree(add_ctx *a, const exctl_cl_entry *e, bool self_title)
{
    int rc;
    if ((rc = add_text(a, e->title, self_title ? 3.0f : 1.0f)) ||
        (rc = add_text(a, e->title_ja, self_title ? 3.0f : 1.0f)))
        return rc;
    if (e->text != e->title && (rc = add_text(a, e->text, 1.0f)))
        return rc;
    if (e->text_ja != e->title_ja && (rc = add_text(a, e->text_ja, 1.0f)))
        return rc;
    for (uint32_t i = 0; i < e->n_children; i++)
        if ((rc = add_tree(a, e->children[i], false)))
            return rc;
    return 0;
}

static bool is_doc(const exctl_cl_entry *e)
{
    switch (e->num) {
    case EXCTL_NUM_US_ECCN:
        return e->parent == NULL;
    case EXCTL_NUM_JP_ITEM:
        return true;
    case EXCTL_NUM_JP_CLAUSE:
        return e->parent == NULL || e->parent->parent == NULL;
    default:
        return false;
    }
}

int cl_index_build(exctl_controls *c)
{
    cl_index *ix = calloc(1, sizeof *ix);
    int rc = EXCTL_OK;
    if (!ix)
        return EXCTL_ENOMEM;
    xc_arena_init(&ix->arena);
    xc_map_init(&ix->terms);
    ix->docs = malloc((c->n ? c->n : 1) * sizeof *ix->docs);
    if (!ix->docs) {
        rc = EXCTL_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < c->n; i++) {
        const exctl_cl_entry *e = c->v[i];
        if (!is_doc(e))
            continue;
        add_ctx a = {ix, (uint32_t)ix->ndocs, 1.0f};
        ix->docs[ix->ndocs++] = (uint32_t)i;
        /* an article's 号 and a 項's sub-items are documents of their own */
        if ((e->num == EXCTL_NUM_JP_CLAUSE && !e->parent) || e->num == EXCTL_NUM_JP_ITEM) {
            if ((rc = add_text(&a, e->title_ja, 3.0f)) || (rc = add_text(&a, e->text_ja, 1.0f)))
                goto out;
        } else if ((rc = add_tree(&a, e, true))) {
            goto out;
        }
    }
    c->index = ix;
    ix = NULL;
out:
    cl_index_free(ix);
    return rc;
}

void cl_index_free(cl_index *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->nt; i++)
        free(ix->t[i].p);
    free(ix->t);
    free(ix->docs);
    xc_map_free(&ix->terms);
    xc_arena_free(&ix->arena);
    free(ix);
}

typedef struct q_ctx {
    char terms[32][64];
    size_t n;
} q_ctx;

static int add_qterm(void *vctx, const char *t, size_t n)
{
    q_ctx *q = vctx;
    if (n >= sizeof q->terms[0] || q->n >= 32)
        return 0;
    for (size_t i = 0; i < q->n; i++)
        if (strlen(q->terms[i]) == n && !memcmp(q->terms[i], t, n))
            return 0;
    memcpy(q->terms[q->n], t, n);
    q->terms[q->n][n] = '\0';
    q->n++;
    return 0;
}

typedef struct scored {
    uint32_t entry;
    double s;
} scored;

static int cmp_scored(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    if (x->s != y->s)
        return x->s > y->s ? -1 : 1;
    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

int exctl_controls_search(const exctl_controls *c, const char *query, size_t limit,
                          exctl_cl_hits **out, exctl_errbuf *eb)
{
    q_ctx q = {0};
    double *acc = NULL;
    uint16_t *hits = NULL;
    scored *sc = NULL;
    exctl_cl_hits *h = NULL;
    int rc = EXCTL_OK;
    if (!c || !query || !out)
        return xc_err(eb, EXCTL_EINVAL, "search: NULL argument");
    *out = NULL;
    if (!xc_utf8_valid(query, strlen(query)))
        return xc_err(eb, EXCTL_EUTF8, "search: query is not valid UTF-8");
    tokenize(query, strlen(query), add_qterm, &q);
    if (q.n == 0)
        return xc_err(eb, EXCTL_EINVAL, "search: the query has no searchable words");
    if (limit == 0)
        limit = 20;
    const cl_index *ix = c->index;
    acc = calloc(ix->ndocs + 1, sizeof *acc);
    hits = calloc(ix->ndocs + 1, sizeof *hits);
    h = calloc(1, sizeof *h);
    if (!acc || !hits || !h) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < q.n; i++) {
        uint32_t id;
        if (!xc_map_get(&ix->terms, q.terms[i], strlen(q.terms[i]), &id))
            continue;
        const term *t = &ix->t[id];
        double idf = log(1.0 + (double)ix->ndocs / t->n);
        for (uint32_t k = 0; k < t->n; k++) {
            double tf = t->p[k].tf;
            acc[t->p[k].doc] += idf * tf / (tf + 1.2);
            hits[t->p[k].doc]++;
        }
    }
    size_t n = 0;
    sc = malloc((ix->ndocs + 1) * sizeof *sc);
    if (!sc) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t d = 0; d < ix->ndocs; d++) {
        if (!hits[d])
            continue;
        double cover = (double)hits[d] / (double)q.n;
        sc[n].entry = ix->docs[d];
        sc[n].s = acc[d] * cover * cover;
        n++;
    }
    qsort(sc, n, sizeof *sc, cmp_scored);
    if (n > limit)
        n = limit;
    h->e = malloc((n ? n : 1) * sizeof *h->e);
    h->score = malloc((n ? n : 1) * sizeof *h->score);
    if (!h->e || !h->score) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        h->e[i] = c->v[sc[i].entry];
        h->score[i] = sc[i].s;
    }
    h->n = n;
    *out = h;
    h = NULL;
out:
    exctl_cl_hits_free(h);
    free(acc);
    free(hits);
    free(sc);
    return rc;
}

size_t exctl_cl_hits_count(const exctl_cl_hits *h) { return h ? h->n : 0; }

const exctl_cl_entry *exctl_cl_hits_entry(const exctl_cl_hits *h, size_t i)
{
    return h && i < h->n ? h->e[i] : NULL;
}

double exctl_cl_hits_score(const exctl_cl_hits *h, size_t i)
{
    return h && i < h->n ? h->score[i] : 0.0;
}

void exctl_cl_hits_free(exctl_cl_hits *h)
{
    if (!h)
        return;
    free(h->e);
    free(h->score);
    free(h);
}
