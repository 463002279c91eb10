/*
 * Screening benchmark over all bundled lists (make bench, step "screen").
 *
 * Queries are made from the lists' own names so that they are realistic and
 * reproducible without outside data: a fixed-seed mix of exact names, names
 * with one or two typos, reordered tokens, lower case, and
 * negatives built by joining tokens of unrelated names (20%: real-looking
 * names that are not listed, e.g. the first name of one listed person with
 * the surname of another). Non-ASCII names are used as they are. Measured:
 *   - pair scoring: the scorer on prepared names (what an index probe does
 *     per candidate), median over batches; and exctl_score_names, which
 *     also normalises both strings with ICU each call;
 *   - index build time and peak RSS (before the recall section, whose
 *     full scans are no part of the product);
 *   - queries per second on one core and the p50/p99 latency per query;
 *   - index recall: the share of full-scan matches (every name scored) at
 *     the default threshold that the index also returns: every match at or
 *     above the threshold, no top-k cut (bench_recall() defines it, and
 *     the top-10 figure printed beside it). Its queries come from a
 *     generator of their own with a fixed seed: the same N_RECALL queries
 *     whatever other sections ran or how many queries they drew.
 * Prints RESULT lines for bench/run.sh.
 *
 * With LIST_FILE (the scale step: a list from bench/gen_scale.py), screens
 * against that list instead of the bundled ones and skips pair scoring.
 *
 * usage: bench_screen [N_QUERIES] [N_RECALL] [LIST_FILE]  (defaults 20000, 2000)
 * BENCH_NO_PAIRS=1 skips pair scoring; BENCH_VERBOSE=1 lists the recall
 * misses on stderr; BENCH_SLOWEST=N lists the N slowest timed queries.
 * BENCH_DUMP=FILE writes the timed queries' matches (query number, query,
 * list, entity, score), so that two builds can be compared with diff.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include "exctl/lists.h"
#include "exctl/screen.h"
#include "screen/screen_int.h"

int scr_screen_full(const exctl_screener *s, const exctl_query *q,
                    const exctl_screen_opts *opts, exctl_matches **out, exctl_errbuf *eb);

/* Thread CPU time: the machine running the benchmarks may be shared, and
 * wall-clock time would then measure the neighbours. build also reports
 * wall time. */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double wall(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Where the screener's memory goes (bytes held by each structure). */
static void print_memory(const exctl_screener *s)
{
    double mb = 1024.0 * 1024.0;
    double arena = (double)s->arena.used_total;
    double nrec = (double)s->n_nrec * 4 + (double)s->n_names * 4 + (double)s->n_ents * 12;
    double reps = (double)s->n_reps * sizeof(scr_tok);
    double ents = (double)s->n_entries * (sizeof(scr_entry) + sizeof(scr_estat));
    /* weight, df, rep, flag, postings offset; the neighbour-list slots */
    double toks = (double)s->n_toks * (4 + 4 + 4 + 1 + 4) + (double)s->tokmap.cap * sizeof(xc_map_slot) +
                  (double)(2 * s->n_toks + 2) * sizeof(void *);
    double post = (double)s->tok_post_off[s->n_toks] * 4;
    double keys = (double)s->keys.cap * 16 + (double)s->keys.n_vals * 4;
    double pairs = (double)s->pairs.cap * 16 + (double)s->pairs.n_vals * 8;  /* entry, weight */
    /* accumulator (40 bytes) and touched list per entry; per token two
     * stamps and a weight; per entity a stamp and a slot */
    double tls = (double)s->n_entries * 44 + (double)s->n_toks * 12 + (double)s->n_ents * 8;
    printf("memory (MB): token strings %.1f, name records %.1f, reps %.1f, entries %.1f, "
           "dictionary %.1f, token postings %.1f, key table %.1f, pair table %.1f, "
           "per-thread query state %.1f; total %.1f\n", arena / mb, nrec / mb, reps / mb,
           ents / mb, toks / mb, post / mb, keys / mb, pairs / mb, tls / mb,
           (arena + nrec + reps + ents + toks + post + keys + pairs + tls) / mb);
}

static bool g_scale;    /* a generated list: the scale targets apply */

/* The timed sections draw from rng in turn; the recall sample has a
 * generator of its own (RECALL_SEED), so that it is the same sample
 * whichever sections ran before it. */
static uint64_t rng = 0x9E3779B97F4A7C15ull;
#define RECALL_SEED 0xD1B54A32D192ED03ull

static uint32_t rnd_from(uint64_t *st)
{
    *st ^= *st << 13;
    *st ^= *st >> 7;
    *st ^= *st << 17;
    return (uint32_t)(*st >> 11);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* All names of all entities (borrowed from the list set). */
typedef struct namevec {
    const char **v;
    size_t n;
} namevec;

static void collect_names(const exctl_listset *ls, namevec *nv)
{
    size_t total = 0;
    for (size_t i = 0; i < exctl_listset_count(ls); i++) {
        const exctl_list *l = exctl_listset_at(ls, i);
        for (size_t j = 0; j < exctl_list_entity_count(l); j++)
            total += exctl_entity_name_count(exctl_list_entity(l, j));
    }
    nv->v = malloc(total * sizeof *nv->v);
    for (size_t i = 0; i < exctl_listset_count(ls); i++) {
        const exctl_list *l = exctl_listset_at(ls, i);
        for (size_t j = 0; j < exctl_list_entity_count(l); j++) {
            const exctl_entity *e = exctl_list_entity(l, j);
            for (size_t k = 0; k < exctl_entity_name_count(e); k++)
                nv->v[nv->n++] = exctl_entity_name(e, k, NULL, NULL, NULL);
        }
    }
}

/* One realistic query derived from a random list name, drawn from the
 * generator st. Caller frees. */
static char *make_query_from(const namevec *nv, uint64_t *st)
{
    const char *src = nv->v[rnd_from(st) % nv->n];
    size_t n = strlen(src);
    char *q = malloc(2 * n + 64);
    memcpy(q, src, n + 1);
    uint32_t kind = rnd_from(st) % 10;
    bool ascii = true;
    for (size_t i = 0; i < n; i++)
        ascii = ascii && (unsigned char)q[i] < 0x80;
    if (kind <= 1 || !ascii || n < 6)
        return q;                                   /* exact */
    if (kind <= 4) {                                /* one or two typos */
        for (uint32_t t = 0; t < 1 + (kind == 4); t++) {
            size_t p = 1 + rnd_from(st) % (n - 2);
            uint32_t op = rnd_from(st) % 3;
            if (op == 0)
                q[p] = (char)('a' + rnd_from(st) % 26);
            else if (op == 1)
                memmove(q + p, q + p + 1, strlen(q + p + 1) + 1);
            else {
                char c = q[p];
                q[p] = q[p + 1] ? q[p + 1] : c;
                if (q[p + 1])
                    q[p + 1] = c;
            }
        }
        return q;
    }
    if (kind <= 6) {                                /* reorder: last word first */
        char *sp = strrchr(q, ' ');
        if (sp) {
            char *tmp = malloc(n + 2);
            size_t tl = strlen(sp + 1);
            memcpy(tmp, sp + 1, tl);
            tmp[tl] = ' ';
            memcpy(tmp + tl + 1, q, (size_t)(sp - q));
            tmp[n] = '\0';
            free(q);
            return tmp;
        }
        return q;
    }
    if (kind == 7) {                                /* lower case */
        for (char *c = q; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c + 32);
        return q;
    }
    /* negatives: first word of this name + last word of another one */
    const char *o = nv->v[rnd_from(st) % nv->n];
    const char *sp = strchr(q, ' ');
    const char *lo = strrchr(o, ' ');
    size_t a = sp ? (size_t)(sp - q) : strlen(q);
    lo = lo ? lo + 1 : o;
    size_t b = strlen(lo);
    if (a + b + 2 > 2 * n + 64)
        return q;
    q[a] = ' ';
    memcpy(q + a + 1, lo, b + 1);
    return q;
}

static char *make_query(const namevec *nv)
{
    return make_query_from(nv, &rng);
}

static uint32_t rnd(void)
{
    return rnd_from(&rng);
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void bench_pairs(const exctl_screener *s, const namevec *nv)
{
    enum { NP = 4000, BATCHES = 200 };
    scr_scratch sc = {0};
    xc_arena ar;
    xc_arena_init(&ar);
    scr_alloc a = {.arena = &ar};
    scr_pname *p = malloc(2 * NP * sizeof *p);
    for (size_t i = 0; i < NP; i++) {
        /* a query and the list name it was derived from */
        uint64_t save = rng;
        char *q = make_query(nv);
        rng = save;
        const char *src = nv->v[rnd() % nv->n];
        char *q2 = make_query(nv);
        free(q2);
        if (scr_prepare(q, strlen(q), &a, &sc, &p[2 * i]) ||
            scr_prepare(src, strlen(src), &a, &sc, &p[2 * i + 1]))
            return;
        scr_scratch_reset(&sc);
        scr_resolve(s, &p[2 * i]);
        scr_resolve(s, &p[2 * i + 1]);
        free(q);
    }
    /* Even batches score each query against its source name (similar
     * names: the expensive path), odd ones against another pair's name. */
    double *per = malloc(BATCHES * sizeof *per);
    volatile float sink = 0.0f;
    for (int b = 0; b < BATCHES; b++) {
        double t0 = now();
        for (size_t i = 0; i < NP; i++)
            sink += scr_score_pnames(&p[2 * i], &p[(2 * i + 1 + (b & 1) * 2 * (i % 7)) % (2 * NP)],
                                     0.0f, NULL);
        per[b] = (now() - t0) * 1e6 / NP;
    }
    {   /* the two kinds apart: the overall median sits between them */
        double ev[BATCHES / 2], od[BATCHES / 2];
        for (int b = 0; b < BATCHES; b++)
            (b & 1 ? od : ev)[b / 2] = per[b];
        qsort(ev, BATCHES / 2, sizeof *ev, cmp_double);
        qsort(od, BATCHES / 2, sizeof *od, cmp_double);
        printf("pair scoring medians: similar pairs %.3f us, other pairs %.3f us\n",
               ev[BATCHES / 4], od[BATCHES / 4]);
    }
    qsort(per, BATCHES, sizeof *per, cmp_double);
    printf("pair scoring (prepared names): median %.3f us/pair\n", per[BATCHES / 2]);
    printf("RESULT pair_score_us %.3f us/pair <=0.5\n", per[BATCHES / 2]);
    /* exctl_score_names: normalisation of both strings included (after one
     * warm-up call, which builds the default statistics). */
    double warm;
    exctl_score_names("a", "b", EXCTL_SCHEMA_UNKNOWN, &warm, NULL);
    char **raw = malloc(2000 * sizeof *raw);
    for (int i = 0; i < 2000; i++)
        raw[i] = make_query(nv);
    double t0 = now();
    for (int i = 0; i < 2000; i += 2) {
        double sc2;
        exctl_score_names(raw[i], raw[i + 1], EXCTL_SCHEMA_UNKNOWN, &sc2, NULL);
        sink += (float)sc2;
    }
    double us = (now() - t0) * 1e6 / 1000;
    printf("exctl_score_names incl. normalisation: %.2f us/pair\n", us);
    printf("RESULT score_names_us %.2f us/pair -\n", us);
    for (int i = 0; i < 2000; i++)
        free(raw[i]);
    free(raw);
    free(per);
    free(p);
    scr_scratch_free(&sc);
    xc_arena_free(&ar);
    (void)sink;
}

typedef struct qrec {
    double us;
    scr_qstats st;
    const char *q;
} qrec;

static int cmp_qrec(const void *a, const void *b)
{
    const qrec *x = a, *y = b;
    return (x->us < y->us) - (x->us > y->us);
}

/* Average work per query, and with BENCH_SLOWEST=N the N slowest queries
 * with their counters (sorts recs). */
static void print_work(qrec *recs, size_t nq)
{
    double k = 0, si = 0, po = 0, to = 0, se = 0, sc = 0;
    for (size_t i = 0; i < nq; i++) {
        k += recs[i].st.keys;
        si += recs[i].st.sims;
        po += recs[i].st.postings;
        to += recs[i].st.touched;
        se += recs[i].st.selected;
        sc += recs[i].st.scored;
    }
    double d = nq ? (double)nq : 1.0;
    printf("work per query (mean): %.0f key lookups, %.0f token comparisons, %.0f postings, "
           "%.0f entries reached, %.1f above the cut, %.1f scored\n", k / d, si / d, po / d,
           to / d, se / d, sc / d);
    size_t ns = getenv("BENCH_SLOWEST") ? strtoul(getenv("BENCH_SLOWEST"), NULL, 10) : 0;
    if (!ns)
        return;
    qsort(recs, nq, sizeof *recs, cmp_qrec);
    for (size_t i = 0; i < ns && i < nq; i++)
        printf("  %8.0f us  keys %u sims %u postings %u reached %u cut %u scored %u | %s\n",
               recs[i].us, recs[i].st.keys, recs[i].st.sims, recs[i].st.postings,
               recs[i].st.touched, recs[i].st.selected, recs[i].st.scored, recs[i].q);
}

static void bench_queries(const exctl_screener *s, const namevec *nv, size_t nq)
{
    if (!nq)
        return;
    char **qs = malloc(nq * sizeof *qs);
    for (size_t i = 0; i < nq; i++)
        qs[i] = make_query(nv);
    double *lat = malloc(nq * sizeof *lat);
    qrec *recs = malloc(nq * sizeof *recs);
    exctl_screen_opts o = {.threshold = -1};
    size_t hits = 0;
    /* warm-up: grows the per-thread scratch to its working size */
    for (size_t i = 0; i < 200 && i < nq; i++) {
        exctl_query q = {.name = qs[i]};
        exctl_matches *m = NULL;
        exctl_screen(s, &q, &o, &m, NULL);
        exctl_matches_free(m);
    }
    /* BENCH_DUMP=FILE: every query's matches, to compare two builds */
    FILE *dump = getenv("BENCH_DUMP") ? fopen(getenv("BENCH_DUMP"), "w") : NULL;
    double t0 = now();
    for (size_t i = 0; i < nq; i++) {
        exctl_query q = {.name = qs[i]};
        exctl_matches *m = NULL;
        double a = now();
        exctl_screen(s, &q, &o, &m, NULL);
        lat[i] = (now() - a) * 1e6;
        recs[i] = (qrec){lat[i], scr_last_query_stats(), qs[i]};
        hits += exctl_matches_count(m) > 0;
        for (size_t k = 0; dump && k < exctl_matches_count(m); k++) {
            const exctl_match *x = exctl_matches_at(m, k);
            fprintf(dump, "%zu\t%s\t%s\t%s\t%.4f\n", i, qs[i], x->list_id, x->entity_id,
                    x->score);
        }
        exctl_matches_free(m);
    }
    double secs = now() - t0;
    if (dump)
        fclose(dump);
    qsort(lat, nq, sizeof *lat, cmp_double);
    printf("queries: %zu in %.2f s = %.0f q/s (1 thread), p50 %.1f us, p99 %.1f us, "
           "%.1f%% with matches\n", nq, secs, (double)nq / secs, lat[nq / 2],
           lat[nq * 99 / 100], 100.0 * (double)hits / (double)nq);
    printf("RESULT queries_per_s %.0f q/s %s\n", (double)nq / secs, g_scale ? ">=2000" : ">=20000");
    printf("RESULT query_p50_us %.1f us -\n", lat[nq / 2]);
    printf("RESULT query_p99_us %.1f us %s\n", lat[nq * 99 / 100], g_scale ? "-" : "<=1000");
    print_work(recs, nq);
    printf("neighbour lists of dictionary tokens filled by the queries: %.1f MB\n",
           (double)s->ncache_bytes / (1024.0 * 1024.0));
    free(recs);
    for (size_t i = 0; i < nq; i++)
        free(qs[i]);
    free(qs);
    free(lat);
}

/* Most matches one recall query may have: the full-scan reference keeps
 * every match at or above the threshold up to this (it is far above what
 * any query of the sample reaches; bench_recall() says when it is not). */
#define RECALL_ALL 65536

/* Index recall: of the matches a full scan (every name scored) finds at
 * the default threshold, the share the index also returns.
 *   headline: every full-scan match at or above the threshold counts, no
 *     top-k cut (both sides asked for up to RECALL_ALL results); a match is
 *     kept when the index returns its entity at or above the threshold
 *     (possibly through another of its names, at a lower score: counted
 *     apart);
 *   top 10 (for reference, what a default query returns): the full scan's
 *     first ten (score, then entity order) against the index's first ten;
 *     a full-scan match at rank k also counts as kept when the index's
 *     result at rank k has the same score (a tie at the cut, decided by
 *     entity order among the names each side scored).
 * The sample is drawn from its own fixed-seed generator (RECALL_SEED). */
static void bench_recall(const exctl_screener *s, const namevec *nv, size_t nq)
{
    size_t full = 0, kept = 0, lower = 0, full10 = 0, kept10 = 0, capped = 0;
    exctl_screen_opts oall = {.threshold = -1, .limit = RECALL_ALL};
    exctl_screen_opts o10 = {.threshold = -1, .limit = 10};
    uint64_t st = RECALL_SEED;
    bool verbose = getenv("BENCH_VERBOSE") != NULL;
    double tf = 0.0, ti = 0.0;
    for (size_t i = 0; i < nq; i++) {
        char *name = make_query_from(nv, &st);
        exctl_query q = {.name = name};
        exctl_matches *a = NULL, *a10 = NULL, *b = NULL;
        double t0 = now();
        exctl_screen(s, &q, &oall, &a, NULL);
        ti += now() - t0;
        exctl_screen(s, &q, &o10, &a10, NULL);
        t0 = now();
        scr_screen_full(s, &q, &oall, &b, NULL);
        tf += now() - t0;
        size_t nb = exctl_matches_count(b), na10 = exctl_matches_count(a10);
        capped += nb >= RECALL_ALL;
        for (size_t k = 0; k < nb; k++) {
            const exctl_match *x = exctl_matches_at(b, k);
            const exctl_match *y = NULL;
            for (size_t j = 0; j < exctl_matches_count(a) && !y; j++)
                if (exctl_matches_at(a, j)->entity == x->entity)
                    y = exctl_matches_at(a, j);
            full++;
            kept += y != NULL;
            lower += y && y->score < x->score;
            if (!y && verbose)
                fprintf(stderr, "missed: %.3f  %s | %s\n", x->score, name, x->matched_name);
            if (k >= 10)
                continue;
            bool found = k < na10 && exctl_matches_at(a10, k)->score == x->score;
            for (size_t j = 0; j < na10 && !found; j++)
                found = exctl_matches_at(a10, j)->entity == x->entity;
            full10++;
            kept10 += found;
            if (!found && y && verbose)
                fprintf(stderr, "missed in the top 10 only: %.3f  %s | %s\n", x->score, name,
                        x->matched_name);
        }
        exctl_matches_free(a);
        exctl_matches_free(a10);
        exctl_matches_free(b);
        free(name);
    }
    double r = full ? (double)kept / (double)full : 1.0;
    double r10 = full10 ? (double)kept10 / (double)full10 : 1.0;
    double d = nq ? (double)nq : 1.0;
    printf("index recall vs full scan: %zu of %zu matches at or above the threshold (%.4f; "
           "%zu of them at a lower score) over %zu queries (seed %llx); top 10 with ties: "
           "%zu of %zu (%.4f); index %.2f ms/query, full scan %.1f ms/query\n", kept, full, r,
           lower, nq, (unsigned long long)RECALL_SEED, kept10, full10, r10, ti * 1e3 / d,
           tf * 1e3 / d);
    if (capped)
        printf("warning: %zu recall queries reached %d full-scan matches (cut there)\n", capped,
               RECALL_ALL);
    printf("RESULT index_recall %.4f ratio >=0.995\n", r);
    printf("RESULT index_recall_top10 %.4f ratio -\n", r10);
}

int main(int argc, char **argv)
{
    size_t nq = argc > 1 ? strtoul(argv[1], NULL, 10) : 20000;
    size_t nr = argc > 2 ? strtoul(argv[2], NULL, 10) : 2000;
    const char *list = argc > 3 ? argv[3] : NULL;
    g_scale = list != NULL;
    exctl_listset *ls = NULL;
    exctl_errbuf eb = {{0}};
    exctl_load_opts lo = {0};
    double l0 = wall(), lc0 = cpu();
    if (exctl_listset_new(&ls) || (list ? exctl_listset_load_file(ls, list, &lo, NULL, &eb)
                                        : exctl_listset_load_bundled(ls, &lo, &eb))) {
        fprintf(stderr, "bench_screen: %s\n", eb.msg);
        return 1;
    }
    if (list)
        printf("list %s loaded in %.1f s wall, %.1f s CPU\n", list, wall() - l0, cpu() - lc0);
    long rss0 = peak_rss_kb();
    double t0 = cpu(), w0 = wall();
    exctl_screener *s = NULL;
    if (exctl_screener_new(ls, &s, &eb)) {
        fprintf(stderr, "bench_screen: %s\n", eb.msg);
        return 1;
    }
    double build = cpu() - t0, buildw = wall() - w0;
    long rss1 = peak_rss_kb();
    namevec nv = {0};
    collect_names(ls, &nv);
    printf("index: %zu entities, %zu names, %zu entries, %zu distinct tokens (%zu reps), "
           "%zu keys -> %zu token ids, %zu token postings, %zu pair keys -> %zu entries\n",
           s->n_ents, s->n_names, s->n_entries, s->n_toks, s->n_reps, s->keys.n_keys,
           s->keys.n_vals, (size_t)s->tok_post_off[s->n_toks], s->pairs.n_keys, s->pairs.n_vals);
    printf("build %.3f s CPU, all threads (%.3f s wall; preparing names %.3f s wall)\n", build,
           buildw, s->prep_seconds);
    printf("RESULT index_build_s %.3f s %s\n", buildw, g_scale ? "-" : "<=1");
    printf("RESULT index_build_cpu_s %.3f s -\n", build);
    print_memory(s);
    printf("peak RSS after build %.1f MB (lists loaded: %.1f MB)\n", rss1 / 1024.0,
           rss0 / 1024.0);
    if (!list && !getenv("BENCH_NO_PAIRS"))
        bench_pairs(s, &nv);
    bench_queries(s, &nv, nq);
    /* The product's peak: the full scans of the recall section are the
     * bench's own yardstick (on the 3.8-million list they alone add some
     * 0.8 GB), so they come after it. */
    long rss = peak_rss_kb();
    printf("peak RSS %.1f MB (lists loaded: %.1f MB)\n", rss / 1024.0, rss0 / 1024.0);
    printf("RESULT peak_rss_mb %.1f MB %s\n", rss / 1024.0, g_scale ? "<=2048" : "-");
    bench_recall(s, &nv, nr);
    if (nr)
        printf("peak RSS with the recall section's full scans %.1f MB\n", peak_rss_kb() / 1024.0);
    free(nv.v);
    exctl_screener_free(s);
    exctl_listset_free(ls);
    return 0;
}
