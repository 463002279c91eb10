/*
 * Storage tests on either backend.
 *
 * A unit test that includes this header runs twice under ctest (see
 * CMakeLists.txt): once on SQLite and once with EXCTL_TEST_BACKEND=pg on
 * PostgreSQL, reached through the libpq conninfo in EXCTL_TEST_PG
 * (key=value form; scripts/test.sh starts a throw-away cluster and sets
 * it). The PostgreSQL run exits 77 — reported by ctest as skipped, not
 * passed — when EXCTL_TEST_PG is unset.
 *
 * Every fixture gets a fresh database: a new SQLite file, or a new schema
 * (unique per process and fixture) selected through search_path in the
 * conninfo the code under test receives, dropped again at teardown. So
 * parallel ctest jobs and the plain and ASan passes never see each other's
 * rows.
 *
 * The helpers run raw SQL behind the code's back (tampering, setting a
 * status directly); SQL given to tb_exec_params uses $1, $2, ... which both
 * engines accept.
 */
#ifndef TEST_BACKEND_H
#define TEST_BACKEND_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <libpq-fe.h>
#include <sqlite3.h>

typedef struct tb_env {
    bool pg;
    char target[1400];   /* SQLite file path, or conninfo with the fixture's schema */
    char schema[64];
    char dir[64];        /* a scratch directory of the fixture (both backends) */
} tb_env;

/* One raw connection to the fixture's database. */
typedef struct tb_conn {
    sqlite3 *sq;
    PGconn *pg;
} tb_conn;

static inline bool tb_want_pg(void)
{
    const char *b = getenv("EXCTL_TEST_BACKEND");
    return b && !strcmp(b, "pg");
}

/* Call first in main(): 77 (skip) when the PostgreSQL pass has no server. */
static inline int tb_skip_code(const char *test)
{
    const char *ci = getenv("EXCTL_TEST_PG");
    if (tb_want_pg() && (!ci || !*ci)) {
        fprintf(stderr, "%s: EXCTL_TEST_PG is not set: PostgreSQL pass skipped\n", test);
        return 77;
    }
    return 0;
}

static inline const char *tb_backend_name(void)
{
    return tb_want_pg() ? "postgresql" : "sqlite";
}

static inline int tb_pg_admin(const char *sql)
{
    PGconn *c = PQconnectdb(getenv("EXCTL_TEST_PG"));
    int ok = PQstatus(c) == CONNECTION_OK;
    if (!ok)
        fprintf(stderr, "EXCTL_TEST_PG: %s", PQerrorMessage(c));
    PGresult *r = ok ? PQexec(c, "SET client_min_messages = warning") : NULL;
    PQclear(r);
    r = ok ? PQexec(c, sql) : NULL;
    if (ok && PQresultStatus(r) != PGRES_COMMAND_OK) {
        fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
        ok = 0;
    }
    PQclear(r);
    PQfinish(c);
    return ok ? 0 : -1;
}

/* A fresh, empty database for one fixture; 0 on success. */
static inline int tb_setup(tb_env *e)
{
    static unsigned seq;
    memset(e, 0, sizeof *e);
    e->pg = tb_want_pg();
    snprintf(e->dir, sizeof e->dir, "/tmp/exctl-tb-XXXXXX");
    if (!mkdtemp(e->dir))
        return -1;
    if (!e->pg) {
        snprintf(e->target, sizeof e->target, "%s/t.db", e->dir);
        return 0;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    snprintf(e->schema, sizeof e->schema, "xt_%ld_%u_%lx", (long)getpid(), seq++,
             (unsigned long)ts.tv_nsec);
    char sql[128];
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", e->schema);
    if (tb_pg_admin(sql))
        return -1;
    snprintf(e->target, sizeof e->target, "%s options='-csearch_path=%s'",
             getenv("EXCTL_TEST_PG"), e->schema);
    return 0;
}

static inline void tb_teardown(tb_env *e)
{
    if (e->pg) {
        char sql[128];
        snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", e->schema);
        tb_pg_admin(sql);
        rmdir(e->dir);
        return;
    }
    static const char *const sfx[] = {"", "-journal", "-wal", "-shm"};
    char p[sizeof e->target + 16];
    for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
        snprintf(p, sizeof p, "%s%s", e->target, sfx[i]);
        unlink(p);
    }
    rmdir(e->dir);
}

static inline int tb_connect(const tb_env *e, tb_conn *c)
{
    memset(c, 0, sizeof *c);
    if (!e->pg) {
        if (sqlite3_open(e->target, &c->sq) != SQLITE_OK)
            return -1;
        sqlite3_busy_timeout(c->sq, 10000);
        return 0;
    }
    c->pg = PQconnectdb(e->target);
    if (PQstatus(c->pg) != CONNECTION_OK) {
        fprintf(stderr, "connect: %s", PQerrorMessage(c->pg));
        return -1;
    }
    PQsetClientEncoding(c->pg, "UTF8");
    return 0;
}

static inline void tb_close(tb_conn *c)
{
    if (c->sq)
        sqlite3_close(c->sq);
    if (c->pg)
        PQfinish(c->pg);
    memset(c, 0, sizeof *c);
}

/* Run SQL (several statements allowed, no parameters); 0 on success. */
static inline int tb_exec(tb_conn *c, const char *sql)
{
    if (c->sq)
        return sqlite3_exec(c->sq, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
    PGresult *r = PQexec(c->pg, sql);
    ExecStatusType s = PQresultStatus(r);
    PQclear(r);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? 0 : -1;
}

/* Run one statement with text parameters $1..$n; 0 on success. */
static inline int tb_exec_params(tb_conn *c, const char *sql, int n, const char *const *v)
{
    if (c->sq) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(c->sq, sql, -1, &st, NULL) != SQLITE_OK)
            return -1;
        for (int i = 0; i < n; i++)
            sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_TRANSIENT);
        int r = sqlite3_step(st);
        sqlite3_finalize(st);
        return r == SQLITE_DONE || r == SQLITE_ROW ? 0 : -1;
    }
    PGresult *r = PQexecParams(c->pg, sql, n, NULL, v, NULL, NULL, 0);
    ExecStatusType s = PQresultStatus(r);
    PQclear(r);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? 0 : -1;
}

/* The first column of every row, each followed by "|", into out; 0 on
 * success. */
static inline int tb_query(tb_conn *c, const char *sql, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    if (c->sq) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(c->sq, sql, -1, &st, NULL) != SQLITE_OK)
            return -1;
        while (sqlite3_step(st) == SQLITE_ROW && n < cap) {
            const unsigned char *t = sqlite3_column_text(st, 0);
            int w = snprintf(out + n, cap - n, "%s|", t ? (const char *)t : "");
            n += w > 0 ? (size_t)w : 0;
        }
        sqlite3_finalize(st);
        return 0;
    }
    PGresult *r = PQexec(c->pg, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        PQclear(r);
        return -1;
    }
    for (int i = 0; i < PQntuples(r) && n < cap; i++) {
        int w = snprintf(out + n, cap - n, "%s|", PQgetvalue(r, i, 0));
        n += w > 0 ? (size_t)w : 0;
    }
    PQclear(r);
    return 0;
}

#endif
