/*
 * core — libpq helpers (see pgq.h for the design).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "core/pgq.h"

void xc_pgp_text(xc_pgp *p, const char *s)
{
    if (p->n < XC_PG_MAXP)
        p->v[p->n] = s;
    p->n++;
}

void xc_pgp_int(xc_pgp *p, int64_t x)
{
    if (p->n < XC_PG_MAXP) {
        snprintf(p->num[p->n], sizeof p->num[p->n], "%lld", (long long)x);
        p->v[p->n] = p->num[p->n];
    }
    p->n++;
}

/* The server's one-line message (libpq's ends with a newline). */
static void message(PGconn *conn, const PGresult *res, char *out, size_t cap)
{
    const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!m)
        m = PQerrorMessage(conn);
    if (!m || !*m)
        m = "unknown error";
    size_t n = strcspn(m, "\n");
    if (n >= cap)
        n = cap - 1;
    memcpy(out, m, n);
    out[n] = '\0';
}

PGresult *xc_pg_exec(PGconn *conn, const char *sql, const xc_pgp *p, const char *what,
                     int *rc, exctl_errbuf *eb)
{
    char msg[400];
    if (p && p->n > XC_PG_MAXP) {
        *rc = xc_err(eb, EXCTL_EINTERNAL, "%s: too many parameters", what);
        return NULL;
    }
    PGresult *res = PQexecParams(conn, sql, p ? p->n : 0, NULL, p ? p->v : NULL, NULL, NULL, 0);
    ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
        *rc = 0;
        return res;
    }
    message(conn, res, msg, sizeof msg);
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    int code = state && !strncmp(state, "23", 2) ? EXCTL_EEXISTS : EXCTL_EDB;
    *rc = xc_err(eb, code, "PostgreSQL: %s: %s", what, msg);
    PQclear(res);
    return NULL;
}

int xc_pg_run(PGconn *conn, const char *sql, const xc_pgp *p, const char *what,
              exctl_errbuf *eb)
{
    int rc = 0;
    PQclear(xc_pg_exec(conn, sql, p, what, &rc, eb));
    return rc;
}

int xc_pg_script(PGconn *conn, const char *sql, const char *what, exctl_errbuf *eb)
{
    char msg[400];
    PGresult *res = PQexec(conn, sql);
    ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    int rc = 0;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
        message(conn, res, msg, sizeof msg);
        rc = xc_err(eb, EXCTL_EDB, "PostgreSQL: %s: %s", what, msg);
    }
    PQclear(res);
    return rc;
}

int xc_pg_revive(PGconn *conn, exctl_errbuf *eb)
{
    char msg[400];
    if (PQstatus(conn) == CONNECTION_OK)
        return 0;
    PQreset(conn);
    if (PQstatus(conn) == CONNECTION_OK)
        return 0;
    message(conn, NULL, msg, sizeof msg);
    return xc_err(eb, EXCTL_EDB, "PostgreSQL: connection lost: %s", msg);
}

bool xc_pg_in_tx(PGconn *conn)
{
    PGTransactionStatusType t = PQtransactionStatus(conn);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

int64_t xc_pg_int(const PGresult *res, int row, int col)
{
    if (PQgetisnull(res, row, col))
        return 0;
    return (int64_t)strtoll(PQgetvalue(res, row, col), NULL, 10);
}

int xc_pg_copy(const PGresult *res, int row, int col, char *dst, size_t cap)
{
    const char *v = PQgetisnull(res, row, col) ? "" : PQgetvalue(res, row, col);
    size_t n = (size_t)PQgetlength(res, row, col);
    if (n >= cap) {
        dst[0] = '\0';
        return EXCTL_ETOOBIG;
    }
    memcpy(dst, v, n);
    dst[n] = '\0';
    return 0;
}

char *xc_pg_dup(const PGresult *res, int row, int col)
{
    return strdup(PQgetisnull(res, row, col) ? "" : PQgetvalue(res, row, col));
}
