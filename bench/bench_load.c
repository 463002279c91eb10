/*
 * bench_load — time loading every bundled list (the manifest under the data
 * directory), the way `exctl` does at start-up.
 *
 * Each run builds a fresh list set with exctl_listset_load_bundled() and
 * frees it; the figure is the median wall time of the runs (the first run
 * also pays for reading the files into the page cache, so the median is the
 * steady state a server restart sees). A second pass times each manifest
 * entry alone, to show where the time goes. Peak RSS is the process's
 * maximum resident set (getrusage), i.e. one loaded set plus the transient
 * buffers of the largest file.
 *
 * CPU time is reported next to wall time: on a machine whose cores are
 * shared with other work, wall time measures the neighbours as well.
 *
 * Output: a human-readable table, then "RESULT name value unit" lines that
 * bench/run.sh collects. Target (issue 2): all bundled lists in < 1.5 s.
 *
 * usage: bench_load [RUNS]   (default 7; EXCTL_DATA_DIR selects the data)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <jansson.h>
#include "exctl/lists.h"

#define MAX_RUNS 101
#define TARGET_S 1.5

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void) { return clock_s(CLOCK_MONOTONIC); }
/* CPU time of this process: the same figure on an idle or a busy machine,
 * reported next to wall time because benchmarks here often share cores. */
static double cpu(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One timed load of the bundled set; fills the totals. */
static int load_all(double *secs, double *cpu_secs, size_t *lists, size_t *ents,
                    size_t *names)
{
    exctl_listset *ls = NULL;
    exctl_errbuf eb = {{0}};
    if (exctl_listset_new(&ls))
        return 1;
    double t0 = now(), c0 = cpu();
    int rc = exctl_listset_load_bundled(ls, NULL, &eb);
    *secs = now() - t0;
    *cpu_secs = cpu() - c0;
    if (rc) {
        fprintf(stderr, "bench_load: %s\n", eb.msg[0] ? eb.msg : exctl_strerror(rc));
        exctl_listset_free(ls);
        return 1;
    }
    *lists = exctl_listset_count(ls);
    *ents = *names = 0;
    for (size_t i = 0; i < *lists; i++) {
        *ents += exctl_list_entity_count(exctl_listset_at(ls, i));
        *names += exctl_list_name_count(exctl_listset_at(ls, i));
    }
    exctl_listset_free(ls);
    return 0;
}

/* Median time of loading one manifest entry alone. */
static double time_one(const char *path, const char *format, const char *id, int runs,
                       size_t *ents, double *cpu_med)
{
    double t[MAX_RUNS], c[MAX_RUNS];
    exctl_load_opts o = {.format = format, .list_id = id};
    for (int r = 0; r < runs; r++) {
        exctl_listset *ls = NULL;
        exctl_errbuf eb = {{0}};
        exctl_list *l = NULL;
        if (exctl_listset_new(&ls))
            return -1;
        double t0 = now(), c0 = cpu();
        int rc = exctl_listset_load_file(ls, path, &o, &l, &eb);
        t[r] = now() - t0;
        c[r] = cpu() - c0;
        *ents = rc ? 0 : exctl_list_entity_count(l);
        exctl_listset_free(ls);
        if (rc) {
            fprintf(stderr, "bench_load: %s\n", eb.msg);
            return -1;
        }
    }
    *cpu_med = median(c, runs);
    return median(t, runs);
}

static void per_list(int runs)
{
    char mpath[4096];
    snprintf(mpath, sizeof mpath, "%s/lists/manifest.json", exctl_data_dir());
    json_error_t jerr;
    json_t *root = json_load_file(mpath, 0, &jerr);
    if (!root) {
        fprintf(stderr, "bench_load: %s: %s\n", mpath, jerr.text);
        return;
    }
    printf("\n%-26s %-12s %10s %12s %12s\n", "list", "format", "entities", "wall ms",
           "cpu ms");
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(root, "lists"), i, e) {
        const char *file = json_string_value(json_object_get(e, "file"));
        const char *fmt = json_string_value(json_object_get(e, "format"));
        const char *id = json_string_value(json_object_get(e, "id"));
        if (!file || !id)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/lists/%s", exctl_data_dir(), file);
        size_t ents = 0;
        double c = 0, t = time_one(path, fmt, id, runs, &ents, &c);
        if (t < 0)
            printf("%-26s %-12s %10s %12s\n", id, fmt ? fmt : "", "-", "failed");
        else
            printf("%-26s %-12s %10zu %12.1f %12.1f\n", id, fmt ? fmt : "", ents, t * 1e3,
                   c * 1e3);
    }
    json_decref(root);
}

int main(int argc, char **argv)
{
    int runs = 7;
    if (argc > 1) {
        char *end = NULL;
        long v = strtol(argv[1], &end, 10);
        if (!end || *end || v < 1 || v > MAX_RUNS) {
            fprintf(stderr, "usage: %s [RUNS (1..%d)]\n", argv[0], MAX_RUNS);
            return 2;
        }
        runs = (int)v;
    }
    double t[MAX_RUNS], c[MAX_RUNS];
    size_t lists = 0, ents = 0, names = 0;
    for (int r = 0; r < runs; r++)
        if (load_all(&t[r], &c[r], &lists, &ents, &names))
            return 1;
    double first = t[0];
    double med = median(t, runs), cpu_med = median(c, runs);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double rss_mb = (double)ru.ru_maxrss / 1024.0;
    printf("bundled lists: %zu lists, %zu entities, %zu names (data: %s)\n", lists, ents,
           names, exctl_data_dir());
    printf("runs %d: median %.3f s, min %.3f s, max %.3f s, first %.3f s; peak RSS %.1f MB\n",
           runs, med, t[0], t[runs - 1], first, rss_mb);
    printf("CPU time per run: median %.3f s (wall exceeds it when cores are shared)\n",
           cpu_med);
    printf("target < %.1f s: %s\n", TARGET_S, med < TARGET_S ? "met" : "MISSED");
    per_list(runs < 3 ? runs : 3);
    printf("RESULT load_all_median %.3f s <%.1f\n", med, TARGET_S);
    printf("RESULT load_all_cpu_median %.3f s -\n", cpu_med);
    printf("RESULT load_peak_rss %.1f MB -\n", rss_mb);
    printf("RESULT load_entities %zu count -\n", ents);
    return med < TARGET_S ? 0 : 1;
}
