/*
 * store — persistent state of the server (private).
 *
 * One interface, several backends. Everything above this header (the
 * server, the CLI's audit command, the coming licensing workflow) talks to
 * an st_store handle and never sees SQL: each backend implements the small
 * table of primitive operations in st_ops (sqlite.c, and pg.c: the same
 * table over PostgreSQL with libpq). The generic layer (store.c) turns
 * every write into one transaction that also appends the audit row, so the
 * audit chain can never disagree with the data it describes, whatever the
 * backend.
 *
 * A handle is one connection and is not thread-safe; a multi-threaded
 * caller keeps a pool of handles (the server does). Concurrent writers are
 * serialised by the backend's write transaction (SQLite BEGIN IMMEDIATE,
 * PostgreSQL an advisory lock on the audit head), which is what keeps the
 * hash chain linear across threads and processes.
 *
 * Fixed-size string fields keep ownership trivial for small rows; the
 * potentially large JSON documents of records are heap strings owned by the
 * row (st_record_clear frees them).
 */
#ifndef XC_STORE_H
#define XC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "exctl/exctl.h"

#define ST_NAME_MAX 64       /* user names, token names */
#define ST_ORG_MAX 128
#define ST_HASH_HEX 65       /* SHA-256 hex + NUL */
#define ST_TIME_MAX 32       /* "2026-11-26T04:30:00.123Z" */
#define ST_PWHASH_MAX 192    /* argon2id encoded string */

/* Roles are a bit set so that a route can allow several. */
enum {
    ST_ROLE_EXPORTER = 1u << 0,
    ST_ROLE_EXAMINER = 1u << 1,
    ST_ROLE_AGENCY_REVIEWER = 1u << 2,
    ST_ROLE_ADMIN = 1u << 3,
    ST_ROLE_COUNTERSIGNER = 1u << 4,   /* licensing workflow (issue 7) */
    ST_ROLE_ANY = 0x1fu
};
const char *st_role_name(unsigned role);          /* "exporter", ...; "" if unknown */
int st_role_parse(const char *s, unsigned *role); /* EXCTL_EINVAL if unknown */

typedef struct st_user {
    int64_t id;
    char username[ST_NAME_MAX + 1];
    char org[ST_ORG_MAX + 1];
    unsigned role;
    bool disabled;
    char pwhash[ST_PWHASH_MAX];
    char created[ST_TIME_MAX];
} st_user;

typedef struct st_session {
    char token_hash[ST_HASH_HEX]; /* SHA-256 of the cookie value */
    char csrf[ST_HASH_HEX];       /* double-submit token (not a credential alone) */
    int64_t user_id;
    int64_t expires;              /* unix seconds */
} st_session;

typedef struct st_token {
    int64_t id;
    int64_t user_id;
    char name[ST_NAME_MAX + 1];
    char token_hash[ST_HASH_HEX];
    char created[ST_TIME_MAX];
} st_token;

typedef struct st_record {
    int64_t id;
    char kind[16];                /* "screening", "classification", "determination" */
    int64_t user_id;
    char username[ST_NAME_MAX + 1];
    char org[ST_ORG_MAX + 1];
    char created[ST_TIME_MAX];
    char *title;                  /* heap, owned by the row */
    char *versions;               /* JSON: list/data versions used */
    char *input;                  /* JSON */
    char *result;                 /* JSON */
} st_record;
void st_record_clear(st_record *r);

typedef struct st_decision {
    char party_key[ST_ORG_MAX * 2 + 1];
    char entity_id[ST_ORG_MAX + 1];
    char decision[16];            /* "true_match" | "false_positive" */
    char note[256];
    int64_t user_id;
    char username[ST_NAME_MAX + 1];
    char created[ST_TIME_MAX];
} st_decision;

typedef struct st_audit {
    int64_t seq;
    char ts[ST_TIME_MAX];
    char actor[ST_NAME_MAX + 1];
    char action[48];
    char object[96];
    char *details;                /* JSON; heap when read back, borrowed when written */
    char prev_hash[ST_HASH_HEX];
    char hash[ST_HASH_HEX];
} st_audit;

/* Failed logins of one user name (the throttle shared by all servers). */
typedef struct st_login {
    char username[ST_NAME_MAX + 1];
    int64_t fails;                /* failures since first_fail */
    int64_t first_fail;           /* unix seconds; start of the counting window */
    int64_t locked_until;         /* unix seconds; 0 = not locked */
} st_login;

typedef struct st_record_filter {
    const char *kind;             /* NULL = any */
    const char *org;              /* NULL = any organisation */
    int64_t user_id;              /* 0 = any user */
    size_t limit, offset;
} st_record_filter;

typedef struct st_store st_store;

/* Primitive operations a backend provides. No audit or policy here: the
 * generic layer composes them inside begin/commit. Each returns an
 * exctl_rc; "not found" is EXCTL_ENOTFOUND, a uniqueness clash
 * EXCTL_EEXISTS. Lists are malloc'ed arrays the caller frees. */
typedef struct st_ops {
    const char *name;
    void (*close)(st_store *st);
    int (*begin)(st_store *st, exctl_errbuf *eb);   /* write transaction */
    /* Read-only snapshot over several queries; ended with rollback. */
    int (*begin_read)(st_store *st, exctl_errbuf *eb);
    int (*commit)(st_store *st, exctl_errbuf *eb);
    void (*rollback)(st_store *st);
    int (*user_count)(st_store *st, int64_t *n, exctl_errbuf *eb);
    int (*user_insert)(st_store *st, st_user *u, exctl_errbuf *eb);  /* sets u->id */
    int (*user_get)(st_store *st, int64_t id, const char *username, st_user *out,
                    exctl_errbuf *eb);
    int (*user_list)(st_store *st, st_user **out, size_t *n, exctl_errbuf *eb);
    int (*user_update)(st_store *st, const st_user *u, exctl_errbuf *eb);
    int (*session_insert)(st_store *st, const st_session *s, exctl_errbuf *eb);
    int (*session_get)(st_store *st, const char *token_hash, st_session *out,
                       exctl_errbuf *eb);
    int (*session_delete)(st_store *st, const char *token_hash, exctl_errbuf *eb);
    int (*token_insert)(st_store *st, st_token *t, exctl_errbuf *eb);  /* sets t->id */
    int (*token_get)(st_store *st, const char *token_hash, st_token *out,
                     exctl_errbuf *eb);
    int (*token_list)(st_store *st, int64_t user_id, st_token **out, size_t *n,
                      exctl_errbuf *eb);
    int (*token_delete)(st_store *st, int64_t id, int64_t user_id, exctl_errbuf *eb);
    int (*record_insert)(st_store *st, st_record *r, exctl_errbuf *eb); /* sets r->id */
    int (*record_get)(st_store *st, int64_t id, st_record *out, exctl_errbuf *eb);
    int (*record_list)(st_store *st, const st_record_filter *f, st_record **out,
                       size_t *n, exctl_errbuf *eb);
    int (*decision_put)(st_store *st, const st_decision *d, exctl_errbuf *eb);
    int (*decision_list)(st_store *st, const char *party_key, st_decision **out,
                         size_t *n, exctl_errbuf *eb);   /* party_key NULL = all */
    int (*login_get)(st_store *st, const char *username, st_login *out, exctl_errbuf *eb);
    /* Insert or replace; rows older than `stale` (unix seconds) that are
     * not locked are dropped on the way, so guessed names do not pile up. */
    int (*login_put)(st_store *st, const st_login *l, int64_t stale, exctl_errbuf *eb);
    int (*audit_head)(st_store *st, int64_t *seq, char hash[ST_HASH_HEX],
                      exctl_errbuf *eb);
    int (*audit_insert)(st_store *st, const st_audit *a, exctl_errbuf *eb);
    /* Calls cb for every row in seq order; stops when cb returns non-zero
     * and returns that value. The row is only valid during the call. */
    int (*audit_scan)(st_store *st, int (*cb)(void *ctx, const st_audit *a), void *ctx,
                      exctl_errbuf *eb);
} st_ops;

struct st_store {
    const st_ops *ops;
    unsigned argon2_t, argon2_m_kib;  /* password hashing cost */
    /* Per-connection state of a module sharing this connection (the
     * licensing workflow's handle); freed by st_close() before the
     * connection closes. */
    void *attach;
    void (*attach_free)(void *attach);
};

/* Open a store: a SQLite file (created and migrated when new), or a
 * PostgreSQL database given by a libpq conninfo ("host=... dbname=..." or a
 * postgresql:// URI; the tables live in the connection's current schema and
 * are created or migrated on first use). The caller owns *out; close it
 * with st_close(). */
int st_open(const char *uri, st_store **out, exctl_errbuf *eb);
int st_open_pg(const char *conninfo, st_store **out, exctl_errbuf *eb);
void st_close(st_store *st);
/* Lower the password hashing cost (tests only). */
void st_set_fast_hashing(st_store *st);

/* Backend constructors (one per backend file). */
int st_sqlite_open(const char *path, st_store **out, exctl_errbuf *eb);
int st_pg_open(const char *conninfo, st_store **out, exctl_errbuf *eb);
/* Whether the database (its current schema) holds a store, without
 * creating one. */
int st_pg_exists(const char *conninfo, bool *exists, exctl_errbuf *eb);

/* --- helpers --------------------------------------------------------- */
void st_now(char out[ST_TIME_MAX]);                 /* UTC, millisecond precision */
int st_random_hex(char *out, size_t nbytes);        /* out holds 2*nbytes+1 */
/* Bounded copy that reports truncation as EXCTL_ETOOBIG. */
int st_copy(char *dst, size_t cap, const char *src);

/* --- passwords (argon2id) ------------------------------------------- */
int st_password_hash(const st_store *st, const char *password, char out[ST_PWHASH_MAX],
                     exctl_errbuf *eb);
bool st_password_verify(const char *encoded, const char *password);

/* --- audited writes ---------------------------------------------------
 * Each is one transaction: the change plus its audit row (actor = the
 * user name doing it, "system" for bootstrap). */
int st_user_create(st_store *st, const char *actor, const char *username,
                   const char *password, unsigned role, const char *org, st_user *out,
                   exctl_errbuf *eb);
int st_user_modify(st_store *st, const char *actor, int64_t id, const unsigned *role,
                   const char *org, const bool *disabled, const char *password,
                   st_user *out, exctl_errbuf *eb);
/* Create a session; *cookie (plain token, 64 hex) and s->csrf go to the
 * client, only the hash is stored. */
int st_session_create(st_store *st, const st_user *u, int64_t ttl_seconds,
                      char cookie[ST_HASH_HEX], st_session *s, exctl_errbuf *eb);
int st_session_end(st_store *st, const st_user *u, const char *cookie, exctl_errbuf *eb);
/* Resolve a cookie to its user; EXCTL_ENOTFOUND if unknown or expired. */
int st_session_lookup(st_store *st, const char *cookie, st_session *s, st_user *u,
                      exctl_errbuf *eb);
/* Create an API token; *plain ("xc_" + 64 hex) is shown once. */
int st_token_create(st_store *st, const st_user *u, const char *name,
                    char plain[ST_HASH_HEX + 4], st_token *t, exctl_errbuf *eb);
int st_token_revoke(st_store *st, const st_user *u, int64_t id, exctl_errbuf *eb);
int st_token_lookup(st_store *st, const char *plain, st_user *u, exctl_errbuf *eb);
int st_record_save(st_store *st, const st_user *u, st_record *r, exctl_errbuf *eb);
int st_decision_set(st_store *st, const st_user *u, st_decision *d, exctl_errbuf *eb);
/* --- failed-login throttle ---------------------------------------------
 * Kept in the store, so every server over it counts the same failures:
 * after max_fails failures within window_s seconds a user name is locked
 * for lock_s seconds. */
typedef struct st_login_policy {
    int64_t max_fails, window_s, lock_s;
} st_login_policy;
/* Seconds the user name stays locked at `now` (0 = may try). */
int st_login_locked(st_store *st, const char *username, int64_t now, int64_t *left,
                    exctl_errbuf *eb);
/* Count a failure and append its audit row (details: JSON) in one
 * transaction; *locked tells whether this failure locked the name. */
int st_login_failed(st_store *st, const st_login_policy *p, const char *username, int64_t now,
                    const char *details, bool *locked, exctl_errbuf *eb);
/* A successful login: forget the earlier failures (writes only if any). */
int st_login_succeeded(st_store *st, const char *username, exctl_errbuf *eb);

/* Append an audit row for an action that changed nothing else in the store
 * (e.g. a screening that was not saved but must be traceable). */
int st_audit_note(st_store *st, const char *actor, const char *action,
                  const char *object, const char *details, exctl_errbuf *eb);

/* Append one audit row inside a write transaction the caller (or a module
 * sharing the connection, such as the licensing workflow's audit hook)
 * already holds. */
int st_audit_append(st_store *st, const char *actor, const char *action,
                    const char *object, const char *details, exctl_errbuf *eb);
/* The SQLite connection under a SQLite store (NULL for other backends), for
 * modules that keep their own tables in the same file and transaction. */
struct sqlite3 *st_sqlite_db(st_store *st);
/* The libpq connection under a PostgreSQL store (NULL for other backends),
 * for the same purpose. */
struct pg_conn *st_pg_conn(st_store *st);

/* --- audit chain ----------------------------------------------------- */
/* Hash of a row: SHA-256 over the length-prefixed canonical fields and the
 * previous hash. */
void st_audit_hash(const st_audit *a, char out[ST_HASH_HEX]);
/* Verify the chain: contiguous sequence from 1, each prev_hash equal to the
 * previous row's hash, each hash recomputed, and the head (last seq and
 * hash, kept separately) equal to the last row. On a break returns
 * EXCTL_ESTATE with the first bad seq in *bad_seq and the reason in eb.
 * *rows receives the number of rows checked. */
int st_audit_verify(st_store *st, int64_t *rows, int64_t *bad_seq, exctl_errbuf *eb);

/* Party key under which decisions are remembered: case-folded name with
 * collapsed white space, "|" and the upper-cased country (may be ""). */
int st_party_key(const char *name, const char *country, char *out, size_t cap);

#endif
