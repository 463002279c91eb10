/*
 * In-process screening rate, reported next to the HTTP numbers by
 * bench/bench_http.sh: the same screener and the same query names, called
 * directly (1 thread, then N threads sharing one screener), so the HTTP
 * overhead can be read off the difference.
 *
 * Besides the rates (wall clock), it reports the CPU time per screening
 * (each worker's CLOCK_THREAD_CPUTIME_ID, summed), which other load on the
 * machine inflates much less; bench_http.sh sets it against the server's
 * CPU time per request.
 *
 * usage: bench_inproc_screen SECONDS THREADS NAMES_FILE [LIST_FILE...]
 * Prints one JSON line.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "exctl/lists.h"
#include "exctl/screen.h"

typedef struct worker {
    const exctl_screener *s;
    char **names;
    size_t n_names;
    double seconds;
    double cpu;              /* thread CPU seconds spent */
    unsigned long done;
    int failed;
} worker;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double thread_cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *run(void *arg)
{
    worker *w = arg;
    double c0 = thread_cpu();
    exctl_screen_opts o = {.threshold = -1, .limit = 10, .explain = 1};
    double end = now() + w->seconds;
    size_t i = 0;
    while (now() < end) {
        for (int k = 0; k < 64; k++, i++) {
            exctl_query q = {.name = w->names[i % w->n_names]};
            exctl_matches *m = NULL;
            if (exctl_screen(w->s, &q, &o, &m, NULL)) {
                w->failed = 1;
                return NULL;
            }
            exctl_matches_free(m);
            w->done++;
        }
    }
    w->cpu = thread_cpu() - c0;
    return NULL;
}

/* Screenings per second; *cpu_us gets the CPU microseconds per screening. */
static double rate(const exctl_screener *s, char **names, size_t n, double secs, int threads,
                   double *cpu_us)
{
    double cpu = 0;
    pthread_t tid[64];
    worker w[64];
    unsigned long total = 0;
    double t0 = now();
    for (int i = 0; i < threads; i++) {
        w[i] = (worker){s, names, n, secs, 0, 0, 0};
        pthread_create(&tid[i], NULL, run, &w[i]);
    }
    for (int i = 0; i < threads; i++) {
        pthread_join(tid[i], NULL);
        total += w[i].done;
        cpu += w[i].cpu;
        if (w[i].failed)
            return -1;
    }
    *cpu_us = total ? cpu * 1e6 / (double)total : 0;
    return (double)total / (now() - t0);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s SECONDS THREADS NAMES_FILE [LIST_FILE...]\n", argv[0]);
        return 2;
    }
    double secs = strtod(argv[1], NULL);
    int threads = (int)strtol(argv[2], NULL, 10);
    if (secs <= 0 || threads < 1 || threads > 64) {
        fprintf(stderr, "bad SECONDS or THREADS\n");
        return 2;
    }
    FILE *f = fopen(argv[3], "r");
    if (!f) {
        perror(argv[3]);
        return 1;
    }
    char **names = NULL, line[1024];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!*line)
            continue;
        char **nn = realloc(names, (n + 1) * sizeof *names);
        if (!nn)
            return 1;
        names = nn;
        names[n++] = strdup(line);
    }
    fclose(f);
    if (!n) {
        fprintf(stderr, "no names\n");
        return 1;
    }
    exctl_listset *ls = NULL;
    exctl_screener *s = NULL;
    exctl_errbuf eb = {{0}};
    exctl_load_opts lo = {0};
    int rc = exctl_listset_new(&ls);
    if (!rc && argc == 4)
        rc = exctl_listset_load_bundled(ls, &lo, &eb);
    for (int i = 4; !rc && i < argc; i++)
        rc = exctl_listset_load_file(ls, argv[i], &lo, NULL, &eb);
    if (!rc)
        rc = exctl_screener_new(ls, &s, &eb);
    if (rc) {
        fprintf(stderr, "load: %s\n", eb.msg);
        return 1;
    }
    /* The CPU time reported is that of the N-thread run, which shares
     * caches and memory bandwidth the way the server's N workers do. */
    double c1 = 0, cn = 0;
    double r1 = rate(s, names, n, secs, 1, &c1);
    double rn = rate(s, names, n, secs, threads, &cn);
    printf("{\"inproc_screens_per_s_1thread\": %.0f, \"inproc_screens_per_s_%dthreads\": %.0f, "
           "\"inproc_cpu_us_per_screen\": %.1f}\n",
           r1, threads, rn, cn);
    exctl_screener_free(s);
    exctl_listset_free(ls);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return r1 < 0 || rn < 0;
}
