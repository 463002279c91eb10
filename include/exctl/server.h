/*
 * exctl — the HTTP server and its store, as the CLI sees them.
 *
 * exctl_server_start() loads the lists (and the control lists and packs
 * when present), builds the screener once, opens the store and starts a
 * libmicrohttpd thread pool; everything loaded is shared read-only between
 * the worker threads. The caller keeps control of the process: it prints
 * what it wants (the URL, the first admin password), waits for a signal and
 * stops the server.
 */
#ifndef EXCTL_SERVER_H
#define EXCTL_SERVER_H

#include <stdint.h>
#include "exctl.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct exctl_server exctl_server;

typedef struct exctl_server_opts {
    const char *listen;             /* address; NULL = "127.0.0.1" */
    unsigned port;                  /* 0 = any free port (see exctl_server_port) */
    const char *db;                 /* store file; NULL = "exctl.db" */
    const char *const *list_files;  /* NULL/0 = the bundled lists */
    size_t n_list_files;
    int lenient;                    /* skip malformed list records */
    unsigned threads;               /* worker threads; 0 = number of CPUs */
    const char *web_dir;            /* UI assets; NULL = found next to the data dir */
    size_t max_body;                /* bytes; 0 = 4 MiB */
    size_t max_batch;               /* parties per batch request; 0 = 1000 */
    const char *pg;                 /* PostgreSQL conninfo: the store lives there (db is
                                     * then unused); servers over one database share all
                                     * state. NULL = the SQLite file `db`. */
    unsigned expire_every;          /* seconds between licence expiry sweeps; 0 = 60 */
} exctl_server_opts;

/* Start serving. When the store has no user yet, an "admin" user is created
 * with a random password that exctl_server_admin_password() returns (this
 * one time only; it is never stored in clear). The caller owns *out and
 * stops it with exctl_server_stop(). */
int exctl_server_start(const exctl_server_opts *opts, exctl_server **out,
                       exctl_errbuf *eb);
/* Port actually bound. */
unsigned exctl_server_port(const exctl_server *s);
/* The generated first admin password, or NULL when the store already had
 * users. Owned by the server. */
const char *exctl_server_admin_password(const exctl_server *s);
/* Block until SIGINT or SIGTERM arrives (exctl_server_start blocks them
 * in the calling thread so that the workers never take them). */
void exctl_server_wait_signal(exctl_server *s);
/* Stop the workers, close the store, free everything. Accepts NULL. */
void exctl_server_stop(exctl_server *s);

/* Run the licensing workflow's expiry sweep (expire_due: every licence past
 * its validity becomes "expired") once on a store: the SQLite file db, or
 * PostgreSQL when pg (a libpq conninfo) is non-NULL. The acting user is
 * "system" with the admin role; each expiry is audited in the store's chain.
 * On success *response receives {"expired_cases": [case ids]} (caller frees
 * with exctl_free). The server runs the same sweep periodically. */
int exctl_cases_expire_due(const char *db, const char *pg, char **response,
                           exctl_errbuf *eb);

/* Verify the audit chain of a store file. Returns EXCTL_OK when intact;
 * EXCTL_ESTATE when a row was changed or removed (the first bad sequence
 * number in *bad_seq, the reason in eb). *rows receives the rows checked. */
int exctl_audit_verify(const char *db, int64_t *rows, int64_t *bad_seq, exctl_errbuf *eb);
/* The same for a PostgreSQL store (libpq conninfo). */
int exctl_audit_verify_pg(const char *conninfo, int64_t *rows, int64_t *bad_seq,
                          exctl_errbuf *eb);

#ifdef __cplusplus
}
#endif
#endif
