/*
 * core — libpq helpers shared by the PostgreSQL backends of the store and
 * of the licensing workflow (private).
 *
 * Every statement goes through PQexecParams with its values as separate
 * text parameters: no value is ever spliced into SQL text. Statements are
 * not server-side prepared: a prepared statement is connection state that
 * a reconnect (PQreset after the server restarted) silently loses, and two
 * modules share each connection; a parse per statement is cheap next to
 * the round trip.
 *
 * Writers are serialised by one transaction-scoped advisory lock per
 * schema (XC_PG_BEGIN_WRITE), taken first thing in every write
 * transaction of either module. Together with READ COMMITTED (each
 * statement sees everything committed before it), this gives the same
 * guarantee as SQLite's BEGIN IMMEDIATE: a writer reads the audit head and
 * any balance it checks after every earlier writer committed, across
 * threads and server processes. Two exctl installations in separate
 * schemas of one database do not wait for each other.
 */
#ifndef XC_PGQ_H
#define XC_PGQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>
#include "exctl/exctl.h"

#define XC_PG_MAXP 16

/* A writer waits for the lock at most 30 s (then EXCTL_EDB), as SQLite's
 * busy timeout bounds the wait for its write lock. */
#define XC_PG_BEGIN_WRITE \
    "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '30s';" \
    " SELECT pg_advisory_xact_lock(hashtext('exctl.write.' || coalesce(current_schema(), '')))"
/* One snapshot for a view assembled from several queries. */
#define XC_PG_BEGIN_READ "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"

/* Parameters of one statement, as text; a NULL value is SQL NULL. */
typedef struct xc_pgp {
    const char *v[XC_PG_MAXP];
    char num[XC_PG_MAXP][24];
    int n;
} xc_pgp;

void xc_pgp_text(xc_pgp *p, const char *s);
void xc_pgp_int(xc_pgp *p, int64_t x);

/* Run sql with p (NULL: no parameters). On success returns the result
 * (caller PQclear()s it) and *rc = 0; on failure returns NULL with *rc =
 * EXCTL_EEXISTS for a constraint violation (SQLSTATE class 23), otherwise
 * EXCTL_EDB, and "<what>: <server message>" in eb. */
PGresult *xc_pg_exec(PGconn *conn, const char *sql, const xc_pgp *p, const char *what,
                     int *rc, exctl_errbuf *eb);
/* Run a statement whose rows are not needed. */
int xc_pg_run(PGconn *conn, const char *sql, const xc_pgp *p, const char *what,
              exctl_errbuf *eb);
/* Run fixed SQL text without parameters (may hold several statements:
 * transaction control, migrations). */
int xc_pg_script(PGconn *conn, const char *sql, const char *what, exctl_errbuf *eb);

/* Reconnect a connection the server dropped. Call only between
 * transactions; returns EXCTL_EDB when the server is still unreachable. */
int xc_pg_revive(PGconn *conn, exctl_errbuf *eb);
/* Whether the connection is inside a transaction block (open or failed). */
bool xc_pg_in_tx(PGconn *conn);

/* Column readers. A NULL column reads as 0 / "". */
int64_t xc_pg_int(const PGresult *res, int row, int col);
/* Copy into a fixed field; EXCTL_ETOOBIG (dst "") when it does not fit. */
int xc_pg_copy(const PGresult *res, int row, int col, char *dst, size_t cap);
/* malloc'ed copy (NULL when out of memory); the caller frees it. */
char *xc_pg_dup(const PGresult *res, int row, int col);

#endif
