/*
 * Benchmark of the licensing workflow over a temporary SQLite file (WAL,
 * synchronous=NORMAL as the server runs it): actions per second for the
 * write path (create, submit with checks, review, decide, licence, usage)
 * and the read path (get, list, stats) as the number of cases grows.
 *
 * Usage: bench_cases [N]   (default 2000 cases)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include "exctl/cases.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int act(exctl_cases *c, const exctl_actor *a, const char *action, const char *req)
{
    char *resp = NULL;
    exctl_errbuf eb = {{0}};
    int rc = exctl_case_apply_json(c, a, action, req, &resp, &eb);
    if (rc)
        fprintf(stderr, "%s %s: %s\n", a->user, action, eb.msg);
    exctl_free(resp);
    return rc;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 2000;
    char path[] = "/tmp/exctl-bench-cases-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || n <= 0)
        return 1;
    close(fd);
    sqlite3 *db = NULL;
    exctl_workflow *wf = NULL;
    exctl_cases *c = NULL;
    exctl_errbuf eb = {{0}};
    int rc = 1;
    if (sqlite3_open(path, &db) != SQLITE_OK)
        goto out;
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
    if (exctl_workflow_load(EXCTL_TEST_DATA_DIR "/workflow", &wf, &eb) ||
        exctl_cases_open(db, wf, &c, &eb)) {
        fprintf(stderr, "%s\n", eb.msg);
        goto out;
    }
    const exctl_actor ex = {"alice", "exporter", "ACME"}, er = {"erin", "examiner", NULL};
    char req[1024];
    double t0 = now_s();
    for (long i = 1; i <= n; i++) {
        snprintf(req, sizeof req, "{\"application\":{\"licence_type\":\"individual\","
                 "\"destination\":\"%s\",\"goods\":[{\"description\":\"item %ld\","
                 "\"quantity\":100,\"unit\":\"pcs\",\"value\":1000000}],"
                 "\"parties\":[{\"role\":\"end_user\",\"name\":\"End User %ld\"}],"
                 "\"end_use\":{\"statement\":\"civil\"}}}", i % 3 ? "CN" : "US", i, i);
        if (act(c, &ex, "create", req))
            goto out;
        snprintf(req, sizeof req, "{\"case\":%ld,\"checks\":{\"determination\":[{\"item\":0,"
                 "\"licence_required\":{\"jp\":true}}]}}", i);
        if (act(c, &ex, "submit", req))
            goto out;
        snprintf(req, sizeof req, "{\"case\":%ld}", i);
        if (act(c, &er, "start_review", req))
            goto out;
        snprintf(req, sizeof req, "{\"case\":%ld,\"outcome\":\"approved\",\"reasons\":\"ok\"}", i);
        if (act(c, &er, "decide", req))
            goto out;
        snprintf(req, sizeof req, "{\"case\":%ld}", i);
        if (act(c, &er, "issue_licence", req))
            goto out;
        snprintf(req, sizeof req, "{\"case\":%ld,\"item\":0,\"quantity\":10,\"value\":1000,"
                 "\"shipment_ref\":\"S%ld\"}", i, i);
        if (act(c, &ex, "record_usage", req))
            goto out;
    }
    double t1 = now_s();
    for (long i = 1; i <= n; i++) {
        snprintf(req, sizeof req, "{\"case\":%ld}", i);
        if (act(c, &er, "get", req))
            goto out;
    }
    double t2 = now_s();
    int lists = 20;
    for (int i = 0; i < lists; i++)
        if (act(c, &er, "list", "{\"limit\":100}"))
            goto out;
    double t3 = now_s();
    if (act(c, &er, "stats", "{}"))
        goto out;
    double t4 = now_s();
    printf("cases: %ld\n", n);
    printf("write path (6 actions per case): %.0f actions/s (%.3f ms per action)\n",
           6.0 * (double)n / (t1 - t0), (t1 - t0) * 1000.0 / (6.0 * (double)n));
    printf("get (full case view): %.0f /s\n", (double)n / (t2 - t1));
    printf("list (page of 100): %.2f ms\n", (t3 - t2) * 1000.0 / lists);
    printf("stats over %ld cases: %.1f ms\n", n, (t4 - t3) * 1000.0);
    rc = 0;
out:
    exctl_cases_close(c);
    exctl_workflow_free(wf);
    sqlite3_close(db);
    unlink(path);
    char side[64];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    return rc;
}
