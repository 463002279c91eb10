/*
 * store — SQLite backend.
 *
 * One database file in WAL mode so that readers (every authenticated
 * request resolves its session or token) never wait for the writer.
 * Statements are prepared once per connection and cached by their index in
 * the table below; every value goes through sqlite3_bind_*, never into the
 * SQL text. The schema is versioned: `schema_version` holds the number of
 * migrations applied, and st_sqlite_open() applies the missing ones, each in
 * its own transaction, so an old file upgrades in place and a new migration
 * (the licensing workflow's tables) is one more entry in `migrations`.
 *
 * Write transactions use BEGIN IMMEDIATE: the audit head is read and the
 * next row appended under the database's write lock, which keeps the chain
 * linear even with several server processes on one file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>
#include "core/core.h"
#include "store/store.h"

static const char *const migrations[] = {
    /* 1: users, sessions, tokens, records, decisions, audit */
    "CREATE TABLE users ("
    " id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, org TEXT NOT NULL,"
    " role INTEGER NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,"
    " pwhash TEXT NOT NULL, created TEXT NOT NULL);"
    "CREATE TABLE sessions ("
    " token_hash TEXT PRIMARY KEY, csrf TEXT NOT NULL,"
    " user_id INTEGER NOT NULL REFERENCES users(id), expires INTEGER NOT NULL);"
    "CREATE TABLE api_tokens ("
    " id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),"
    " name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created TEXT NOT NULL);"
    "CREATE TABLE records ("
    " id INTEGER PRIMARY KEY, kind TEXT NOT NULL, user_id INTEGER NOT NULL,"
    " username TEXT NOT NULL, org TEXT NOT NULL, created TEXT NOT NULL,"
    " title TEXT NOT NULL, versions TEXT NOT NULL, input TEXT NOT NULL,"
    " result TEXT NOT NULL);"
    "CREATE INDEX records_kind ON records(kind, id);"
    "CREATE INDEX records_org ON records(org, id);"
    "CREATE TABLE decisions ("
    " party_key TEXT NOT NULL, entity_id TEXT NOT NULL, decision TEXT NOT NULL,"
    " note TEXT NOT NULL, user_id INTEGER NOT NULL, username TEXT NOT NULL,"
    " created TEXT NOT NULL, PRIMARY KEY (party_key, entity_id));"
    "CREATE TABLE audit_log ("
    " seq INTEGER PRIMARY KEY, ts TEXT NOT NULL, actor TEXT NOT NULL,"
    " action TEXT NOT NULL, object TEXT NOT NULL, details TEXT NOT NULL,"
    " prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
    "CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1),"
    " seq INTEGER NOT NULL, hash TEXT NOT NULL);"
    "INSERT INTO audit_head VALUES (1, 0, '');"
    /* The log is append-only for the application: refuse changes at the
     * SQL level too (a determined attacker with the file is caught by
     * exctl audit verify instead). */
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log"
    " BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log"
    " BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
    /* 2: the failed-login throttle, shared by every server on the store */
    "CREATE TABLE login_failures ("
    " username TEXT PRIMARY KEY, fails INTEGER NOT NULL, first_fail INTEGER NOT NULL,"
    " locked_until INTEGER NOT NULL);",
};

enum {
    Q_USER_COUNT, Q_USER_INSERT, Q_USER_BY_ID, Q_USER_BY_NAME, Q_USER_LIST, Q_USER_UPDATE,
    Q_SESSION_INSERT, Q_SESSION_GET, Q_SESSION_DELETE, Q_SESSION_PURGE,
    Q_TOKEN_INSERT, Q_TOKEN_GET, Q_TOKEN_LIST, Q_TOKEN_DELETE,
    Q_RECORD_INSERT, Q_RECORD_GET, Q_RECORD_LIST,
    Q_DECISION_PUT, Q_DECISION_LIST, Q_DECISION_ALL,
    Q_LOGIN_GET, Q_LOGIN_PUT, Q_LOGIN_PURGE,
    Q_AUDIT_HEAD, Q_AUDIT_INSERT, Q_AUDIT_HEAD_SET, Q_AUDIT_SCAN,
    Q_BEGIN, Q_BEGIN_READ, Q_COMMIT, Q_ROLLBACK,
    Q_COUNT_
};

#define USER_COLS "id, username, org, role, disabled, pwhash, created"
#define RECORD_COLS "id, kind, user_id, username, org, created, title, versions, input, result"
#define DECISION_COLS "party_key, entity_id, decision, note, user_id, username, created"

static const char *const sql_text[Q_COUNT_] = {
    [Q_USER_COUNT] = "SELECT count(*) FROM users",
    [Q_USER_INSERT] = "INSERT INTO users (username, org, role, disabled, pwhash, created)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [Q_USER_BY_ID] = "SELECT " USER_COLS " FROM users WHERE id = ?1",
    [Q_USER_BY_NAME] = "SELECT " USER_COLS " FROM users WHERE username = ?1",
    [Q_USER_LIST] = "SELECT " USER_COLS " FROM users ORDER BY id",
    [Q_USER_UPDATE] = "UPDATE users SET org = ?2, role = ?3, disabled = ?4, pwhash = ?5"
                      " WHERE id = ?1",
    [Q_SESSION_INSERT] = "INSERT INTO sessions (token_hash, csrf, user_id, expires)"
                         " VALUES (?1, ?2, ?3, ?4)",
    [Q_SESSION_GET] = "SELECT token_hash, csrf, user_id, expires FROM sessions"
                      " WHERE token_hash = ?1",
    [Q_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?1",
    [Q_SESSION_PURGE] = "DELETE FROM sessions WHERE expires < ?1",
    [Q_TOKEN_INSERT] = "INSERT INTO api_tokens (user_id, name, token_hash, created)"
                       " VALUES (?1, ?2, ?3, ?4)",
    [Q_TOKEN_GET] = "SELECT id, user_id, name, token_hash, created FROM api_tokens"
                    " WHERE token_hash = ?1",
    [Q_TOKEN_LIST] = "SELECT id, user_id, name, token_hash, created FROM api_tokens"
                     " WHERE user_id = ?1 ORDER BY id",
    [Q_TOKEN_DELETE] = "DELETE FROM api_tokens WHERE id = ?1 AND user_id = ?2",
    [Q_RECORD_INSERT] = "INSERT INTO records (kind, user_id, username, org, created, title,"
                        " versions, input, result) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
    [Q_RECORD_GET] = "SELECT " RECORD_COLS " FROM records WHERE id = ?1",
    [Q_RECORD_LIST] = "SELECT " RECORD_COLS " FROM records"
                      " WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR org = ?2)"
                      " AND (?3 = 0 OR user_id = ?3) ORDER BY id DESC LIMIT ?4 OFFSET ?5",
    [Q_DECISION_PUT] = "INSERT INTO decisions (" DECISION_COLS ") VALUES (?1,?2,?3,?4,?5,?6,?7)"
                       " ON CONFLICT (party_key, entity_id) DO UPDATE SET"
                       " decision = excluded.decision, note = excluded.note,"
                       " user_id = excluded.user_id, username = excluded.username,"
                       " created = excluded.created",
    [Q_DECISION_LIST] = "SELECT " DECISION_COLS " FROM decisions WHERE party_key = ?1"
                        " ORDER BY entity_id",
    [Q_DECISION_ALL] = "SELECT " DECISION_COLS " FROM decisions ORDER BY party_key, entity_id",
    [Q_LOGIN_GET] = "SELECT username, fails, first_fail, locked_until FROM login_failures"
                    " WHERE username = ?1",
    [Q_LOGIN_PUT] = "INSERT INTO login_failures (username, fails, first_fail, locked_until)"
                    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (username) DO UPDATE SET"
                    " fails = excluded.fails, first_fail = excluded.first_fail,"
                    " locked_until = excluded.locked_until",
    [Q_LOGIN_PURGE] = "DELETE FROM login_failures WHERE first_fail < ?1 AND locked_until < ?1",
    [Q_AUDIT_HEAD] = "SELECT seq, hash FROM audit_head WHERE id = 1",
    [Q_AUDIT_INSERT] = "INSERT INTO audit_log (seq, ts, actor, action, object, details,"
                       " prev_hash, hash) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
    [Q_AUDIT_HEAD_SET] = "UPDATE audit_head SET seq = ?1, hash = ?2 WHERE id = 1",
    [Q_AUDIT_SCAN] = "SELECT seq, ts, actor, action, object, details, prev_hash, hash"
                     " FROM audit_log ORDER BY seq",
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_BEGIN_READ] = "BEGIN",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
};

typedef struct sq_store {
    st_store base;          /* first: the generic layer sees only this */
    sqlite3 *db;
    char path[512];
    sqlite3_stmt *stmt[Q_COUNT_];
} sq_store;

static int sq_fail(sq_store *s, exctl_errbuf *eb, const char *what)
{
    int code = sqlite3_extended_errcode(s->db);
    if ((code & 0xff) == SQLITE_CONSTRAINT)
        return xc_err(eb, EXCTL_EEXISTS, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
    return xc_err(eb, EXCTL_EDB, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

/* Cached, reset statement for query q; NULL on error (message in eb). */
static sqlite3_stmt *sq_stmt(sq_store *s, int q, exctl_errbuf *eb)
{
    sqlite3_stmt *st = s->stmt[q];
    if (!st) {
        if (sqlite3_prepare_v3(s->db, sql_text[q], -1, SQLITE_PREPARE_PERSISTENT, &st, NULL)) {
            sq_fail(s, eb, "prepare");
            return NULL;
        }
        s->stmt[q] = st;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static void col_copy(sqlite3_stmt *st, int i, char *dst, size_t cap)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    size_t n = v ? strlen(v) : 0;
    if (n >= cap)
        n = cap - 1;
    if (n)
        memcpy(dst, v, n);
    dst[n] = '\0';
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return strdup(v ? v : "");
}

/* Run a statement that returns no rows. */
static int sq_exec(sq_store *s, sqlite3_stmt *st, exctl_errbuf *eb, const char *what)
{
    int r = sqlite3_step(st);
    int rc = (r == SQLITE_DONE || r == SQLITE_ROW) ? 0 : sq_fail(s, eb, what);
    sqlite3_reset(st);
    return rc;
}

static int sq_exec_plain(sq_store *s, const char *sql, exctl_errbuf *eb)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = xc_err(eb, EXCTL_EDB, "%s: %s", s->path, msg ? msg : "error");
        sqlite3_free(msg);
        return rc;
    }
    return 0;
}

/* --- transactions ------------------------------------------------------ */

static int sq_begin(st_store *base, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_BEGIN, eb);
    return st ? sq_exec(s, st, eb, "begin") : EXCTL_EDB;
}

static int sq_begin_read(st_store *base, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_BEGIN_READ, eb);
    return st ? sq_exec(s, st, eb, "begin") : EXCTL_EDB;
}

static int sq_commit(st_store *base, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_COMMIT, eb);
    return st ? sq_exec(s, st, eb, "commit") : EXCTL_EDB;
}

static void sq_rollback(st_store *base)
{
    sq_store *s = (sq_store *)base;
    if (!sqlite3_get_autocommit(s->db)) {
        sqlite3_stmt *st = sq_stmt(s, Q_ROLLBACK, NULL);
        if (st)
            sq_exec(s, st, NULL, "rollback");
    }
}

/* --- users -------------------------------------------------------------- */

static void read_user(sqlite3_stmt *st, st_user *u)
{
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(st, 0);
    col_copy(st, 1, u->username, sizeof u->username);
    col_copy(st, 2, u->org, sizeof u->org);
    u->role = (unsigned)sqlite3_column_int(st, 3);
    u->disabled = sqlite3_column_int(st, 4) != 0;
    col_copy(st, 5, u->pwhash, sizeof u->pwhash);
    col_copy(st, 6, u->created, sizeof u->created);
}

static int sq_user_count(st_store *base, int64_t *n, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_USER_COUNT, eb);
    if (!st)
        return EXCTL_EDB;
    if (sqlite3_step(st) != SQLITE_ROW)
        return sq_fail(s, eb, "count users");
    *n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return 0;
}

static int sq_user_insert(st_store *base, st_user *u, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_USER_INSERT, eb);
    if (!st)
        return EXCTL_EDB;
    bind_text(st, 1, u->username);
    bind_text(st, 2, u->org);
    sqlite3_bind_int(st, 3, (int)u->role);
    sqlite3_bind_int(st, 4, u->disabled);
    bind_text(st, 5, u->pwhash);
    bind_text(st, 6, u->created);
    int rc = sq_exec(s, st, eb, "insert user");
    if (rc == EXCTL_EEXISTS)
        return xc_err(eb, rc, "user '%s' already exists", u->username);
    if (!rc)
        u->id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static int sq_user_get(st_store *base, int64_t id, const char *username, st_user *out,
                       exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, username ? Q_USER_BY_NAME : Q_USER_BY_ID, eb);
    if (!st)
        return EXCTL_EDB;
    if (username)
        bind_text(st, 1, username);
    else
        sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st), rc = 0;
    if (r == SQLITE_ROW)
        read_user(st, out);
    else if (r == SQLITE_DONE)
        rc = xc_err(eb, EXCTL_ENOTFOUND, "no such user");
    else
        rc = sq_fail(s, eb, "get user");
    sqlite3_reset(st);
    return rc;
}

/* Generic "collect all rows into a malloc'ed array" helper. */
typedef void (*row_reader)(sqlite3_stmt *st, void *row);

static int sq_collect(sq_store *s, sqlite3_stmt *st, size_t elem, row_reader rd, void **out,
                      size_t *n, exctl_errbuf *eb)
{
    char *arr = NULL;
    size_t cnt = 0, cap = 0;
    int r, rc = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (cnt == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char *na = realloc(arr, ncap * elem);
            if (!na) {
                rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
                goto out;
            }
            arr = na;
            cap = ncap;
        }
        rd(st, arr + cnt * elem);
        cnt++;
    }
    if (r != SQLITE_DONE)
        rc = sq_fail(s, eb, "query");
out:
    sqlite3_reset(st);
    if (rc) {
        free(arr);
        return rc;
    }
    *out = arr;
    *n = cnt;
    return 0;
}

static void read_user_v(sqlite3_stmt *st, void *row) { read_user(st, row); }

static int sq_user_list(st_store *base, st_user **out, size_t *n, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_USER_LIST, eb);
    if (!st)
        return EXCTL_EDB;
    return sq_collect(s, st, sizeof(st_user), read_user_v, (void **)out, n, eb);
}

static int sq_user_update(st_store *base, const st_user *u, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_USER_UPDATE, eb);
    if (!st)
        return EXCTL_EDB;
    sqlite3_bind_int64(st, 1, u->id);
    bind_text(st, 2, u->org);
    sqlite3_bind_int(st, 3, (int)u->role);
    sqlite3_bind_int(st, 4, u->disabled);
    bind_text(st, 5, u->pwhash);
    int rc = sq_exec(s, st, eb, "update user");
    if (!rc && sqlite3_changes(s->db) == 0)
        rc = xc_err(eb, EXCTL_ENOTFOUND, "no such user");
    return rc;
}

/* --- sessions and tokens -------------------------------------------------- */

static int sq_session_insert(st_store *base, const st_session *x, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    int rc;
    sqlite3_stmt *st = sq_stmt(s, Q_SESSION_PURGE, eb);
    if (!st)
        return EXCTL_EDB;
    /* Expired sessions are garbage: drop them when a new one is made. */
    sqlite3_bind_int64(st, 1, (sqlite3_int64)time(NULL));
    if ((rc = sq_exec(s, st, eb, "purge sessions")))
        return rc;
    if (!(st = sq_stmt(s, Q_SESSION_INSERT, eb)))
        return EXCTL_EDB;
    bind_text(st, 1, x->token_hash);
    bind_text(st, 2, x->csrf);
    sqlite3_bind_int64(st, 3, x->user_id);
    sqlite3_bind_int64(st, 4, x->expires);
    return sq_exec(s, st, eb, "insert session");
}

static int sq_session_get(st_store *base, const char *hash, st_session *out, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_SESSION_GET, eb);
    if (!st)
        return EXCTL_EDB;
    bind_text(st, 1, hash);
    int r = sqlite3_step(st), rc = 0;
    if (r == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        col_copy(st, 0, out->token_hash, sizeof out->token_hash);
        col_copy(st, 1, out->csrf, sizeof out->csrf);
        out->user_id = sqlite3_column_int64(st, 2);
        out->expires = sqlite3_column_int64(st, 3);
    } else if (r == SQLITE_DONE) {
        rc = xc_err(eb, EXCTL_ENOTFOUND, "no such session");
    } else {
        rc = sq_fail(s, eb, "get session");
    }
    sqlite3_reset(st);
    return rc;
}

static int sq_session_delete(st_store *base, const char *hash, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_SESSION_DELETE, eb);
    if (!st)
        return EXCTL_EDB;
    bind_text(st, 1, hash);
    return sq_exec(s, st, eb, "delete session");
}

static void read_token(sqlite3_stmt *st, void *row)
{
    st_token *t = row;
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(st, 0);
    t->user_id = sqlite3_column_int64(st, 1);
    col_copy(st, 2, t->name, sizeof t->name);
    col_copy(st, 3, t->token_hash, sizeof t->token_hash);
    col_copy(st, 4, t->created, sizeof t->created);
}

static int sq_token_insert(st_store *base, st_token *t, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_TOKEN_INSERT, eb);
    if (!st)
        return EXCTL_EDB;
    sqlite3_bind_int64(st, 1, t->user_id);
    bind_text(st, 2, t->name);
    bind_text(st, 3, t->token_hash);
    bind_text(st, 4, t->created);
    int rc = sq_exec(s, st, eb, "insert token");
    if (!rc)
        t->id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static int sq_token_get(st_store *base, const char *hash, st_token *out, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_TOKEN_GET, eb);
    if (!st)
        return EXCTL_EDB;
    bind_text(st, 1, hash);
    int r = sqlite3_step(st), rc = 0;
    if (r == SQLITE_ROW)
        read_token(st, out);
    else if (r == SQLITE_DONE)
        rc = xc_err(eb, EXCTL_ENOTFOUND, "no such token");
    else
        rc = sq_fail(s, eb, "get token");
    sqlite3_reset(st);
    return rc;
}

static int sq_token_list(st_store *base, int64_t user_id, st_token **out, size_t *n,
                         exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_TOKEN_LIST, eb);
    if (!st)
        return EXCTL_EDB;
    sqlite3_bind_int64(st, 1, user_id);
    return sq_collect(s, st, sizeof(st_token), read_token, (void **)out, n, eb);
}

static int sq_token_delete(st_store *base, int64_t id, int64_t user_id, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_TOKEN_DELETE, eb);
    if (!st)
        return EXCTL_EDB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, user_id);
    int rc = sq_exec(s, st, eb, "delete token");
    if (!rc && sqlite3_changes(s->db) == 0)
        rc = xc_err(eb, EXCTL_ENOTFOUND, "no such token");
    return rc;
}

/* --- records and decisions ---------------------------------------------- */

static void read_record(sqlite3_stmt *st, void *row)
{
    st_record *r = row;
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    col_copy(st, 1, r->kind, sizeof r->kind);
    r->user_id = sqlite3_column_int64(st, 2);
    col_copy(st, 3, r->username, sizeof r->username);
    col_copy(st, 4, r->org, sizeof r->org);
    col_copy(st, 5, r->created, sizeof r->created);
    r->title = col_dup(st, 6);
    r->versions = col_dup(st, 7);
    r->input = col_dup(st, 8);
    r->result = col_dup(st, 9);
}

static int sq_record_insert(st_store *base, st_record *r, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_RECORD_INSERT, eb);
    if (!st)
        return EXCTL_EDB;
    bind_text(st, 1, r->kind);
    sqlite3_bind_int64(st, 2, r->user_id);
    bind_text(st, 3, r->username);
    bind_text(st, 4, r->org);
    bind_text(st, 5, r->created);
    bind_text(st, 6, r->title ? r->title : "");
    bind_text(st, 7, r->versions ? r->versions : "{}");
    bind_text(st, 8, r->input ? r->input : "{}");
    bind_text(st, 9, r->result ? r->result : "{}");
    int rc = sq_exec(s, st, eb, "insert record");
    if (!rc)
        r->id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static int sq_record_get(st_store *base, int64_t id, st_record *out, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_RECORD_GET, eb);
    if (!st)
        return EXCTL_EDB;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st), rc = 0;
    if (r == SQLITE_ROW)
        read_record(st, out);
    else if (r == SQLITE_DONE)
        rc = xc_err(eb, EXCTL_ENOTFOUND, "no such record");
    else
        rc = sq_fail(s, eb, "get record");
    sqlite3_reset(st);
    if (!rc && (!out->title || !out->versions || !out->input || !out->result)) {
        st_record_clear(out);
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
    }
    return rc;
}

static int sq_record_list(st_store *base, const st_record_filter *f, st_record **out,
                          size_t *n, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_RECORD_LIST, eb);
    if (!st)
        return EXCTL_EDB;
    bind_text(st, 1, f->kind);
    bind_text(st, 2, f->org);
    sqlite3_bind_int64(st, 3, f->user_id);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)(f->limit ? f->limit : 100));
    sqlite3_bind_int64(st, 5, (sqlite3_int64)f->offset);
    int rc = sq_collect(s, st, sizeof(st_record), read_record, (void **)out, n, eb);
    if (!rc) {
        for (size_t i = 0; i < *n; i++) {
            st_record *r = &(*out)[i];
            if (!r->title || !r->versions || !r->input || !r->result) {
                for (size_t j = 0; j < *n; j++)
                    st_record_clear(&(*out)[j]);
                free(*out);
                *out = NULL;
                *n = 0;
                return xc_err(eb, EXCTL_ENOMEM, "out of memory");
            }
        }
    }
    return rc;
}

static void read_decision(sqlite3_stmt *st, void *row)
{
    st_decision *d = row;
    memset(d, 0, sizeof *d);
    col_copy(st, 0, d->party_key, sizeof d->party_key);
    col_copy(st, 1, d->entity_id, sizeof d->entity_id);
    col_copy(st, 2, d->decision, sizeof d->decision);
    col_copy(st, 3, d->note, sizeof d->note);
    d->user_id = sqlite3_column_int64(st, 4);
    col_copy(st, 5, d->username, sizeof d->username);
    col_copy(st, 6, d->created, sizeof d->created);
}

static int sq_decision_put(st_store *base, const st_decision *d, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_DECISION_PUT, eb);
    if (!st)
        return EXCTL_EDB;
    bind_text(st, 1, d->party_key);
    bind_text(st, 2, d->entity_id);
    bind_text(st, 3, d->decision);
    bind_text(st, 4, d->note);
    sqlite3_bind_int64(st, 5, d->user_id);
    bind_text(st, 6, d->username);
    bind_text(st, 7, d->created);
    return sq_exec(s, st, eb, "put decision");
}

static int sq_decision_list(st_store *base, const char *party_key, st_decision **out,
                            size_t *n, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, party_key ? Q_DECISION_LIST : Q_DECISION_ALL, eb);
    if (!st)
        return EXCTL_EDB;
    if (party_key)
        bind_text(st, 1, party_key);
    return sq_collect(s, st, sizeof(st_decision), read_decision, (void **)out, n, eb);
}

/* --- failed logins ------------------------------------------------------- */

static int sq_login_get(st_store *base, const char *username, st_login *out, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_LOGIN_GET, eb);
    if (!st)
        return EXCTL_EDB;
    bind_text(st, 1, username);
    int r = sqlite3_step(st), rc = 0;
    if (r == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        col_copy(st, 0, out->username, sizeof out->username);
        out->fails = sqlite3_column_int64(st, 1);
        out->first_fail = sqlite3_column_int64(st, 2);
        out->locked_until = sqlite3_column_int64(st, 3);
    } else if (r == SQLITE_DONE) {
        rc = xc_err(eb, EXCTL_ENOTFOUND, "no failed logins");
    } else {
        rc = sq_fail(s, eb, "get failed logins");
    }
    sqlite3_reset(st);
    return rc;
}

static int sq_login_put(st_store *base, const st_login *l, int64_t stale, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_LOGIN_PURGE, eb);
    int rc;
    if (!st)
        return EXCTL_EDB;
    sqlite3_bind_int64(st, 1, stale);
    if ((rc = sq_exec(s, st, eb, "purge failed logins")))
        return rc;
    if (!(st = sq_stmt(s, Q_LOGIN_PUT, eb)))
        return EXCTL_EDB;
    bind_text(st, 1, l->username);
    sqlite3_bind_int64(st, 2, l->fails);
    sqlite3_bind_int64(st, 3, l->first_fail);
    sqlite3_bind_int64(st, 4, l->locked_until);
    return sq_exec(s, st, eb, "put failed logins");
}

/* --- audit ---------------------------------------------------------------- */

static int sq_audit_head(st_store *base, int64_t *seq, char hash[ST_HASH_HEX],
                         exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_AUDIT_HEAD, eb);
    if (!st)
        return EXCTL_EDB;
    int rc = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        col_copy(st, 1, hash, ST_HASH_HEX);
    } else {
        rc = xc_err(eb, EXCTL_EDB, "%s: audit head missing", s->path);
    }
    sqlite3_reset(st);
    return rc;
}

static int sq_audit_insert(st_store *base, const st_audit *a, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_AUDIT_INSERT, eb);
    int rc;
    if (!st)
        return EXCTL_EDB;
    sqlite3_bind_int64(st, 1, a->seq);
    bind_text(st, 2, a->ts);
    bind_text(st, 3, a->actor);
    bind_text(st, 4, a->action);
    bind_text(st, 5, a->object);
    bind_text(st, 6, a->details ? a->details : "{}");
    bind_text(st, 7, a->prev_hash);
    bind_text(st, 8, a->hash);
    if ((rc = sq_exec(s, st, eb, "append audit")))
        return rc;
    if (!(st = sq_stmt(s, Q_AUDIT_HEAD_SET, eb)))
        return EXCTL_EDB;
    sqlite3_bind_int64(st, 1, a->seq);
    bind_text(st, 2, a->hash);
    return sq_exec(s, st, eb, "set audit head");
}

static int sq_audit_scan(st_store *base, int (*cb)(void *, const st_audit *), void *ctx,
                         exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, Q_AUDIT_SCAN, eb);
    if (!st)
        return EXCTL_EDB;
    int r, rc = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        st_audit a;
        memset(&a, 0, sizeof a);
        a.seq = sqlite3_column_int64(st, 0);
        col_copy(st, 1, a.ts, sizeof a.ts);
        col_copy(st, 2, a.actor, sizeof a.actor);
        col_copy(st, 3, a.action, sizeof a.action);
        col_copy(st, 4, a.object, sizeof a.object);
        a.details = (char *)sqlite3_column_text(st, 5);
        if (!a.details)
            a.details = "";
        col_copy(st, 6, a.prev_hash, sizeof a.prev_hash);
        col_copy(st, 7, a.hash, sizeof a.hash);
        if ((rc = cb(ctx, &a)))
            break;
    }
    if (!rc && r != SQLITE_DONE)
        rc = sq_fail(s, eb, "scan audit");
    sqlite3_reset(st);
    return rc;
}

/* --- open / close / migrate ---------------------------------------------- */

static void sq_close(st_store *base)
{
    sq_store *s = (sq_store *)base;
    for (int i = 0; i < Q_COUNT_; i++)
        sqlite3_finalize(s->stmt[i]);
    sqlite3_close(s->db);
    free(s);
}

static const st_ops sq_ops = {
    .name = "sqlite",
    .close = sq_close,
    .begin = sq_begin, .begin_read = sq_begin_read, .commit = sq_commit, .rollback = sq_rollback,
    .user_count = sq_user_count, .user_insert = sq_user_insert, .user_get = sq_user_get,
    .user_list = sq_user_list, .user_update = sq_user_update,
    .session_insert = sq_session_insert, .session_get = sq_session_get,
    .session_delete = sq_session_delete,
    .token_insert = sq_token_insert, .token_get = sq_token_get,
    .token_list = sq_token_list, .token_delete = sq_token_delete,
    .record_insert = sq_record_insert, .record_get = sq_record_get,
    .record_list = sq_record_list,
    .decision_put = sq_decision_put, .decision_list = sq_decision_list,
    .login_get = sq_login_get, .login_put = sq_login_put,
    .audit_head = sq_audit_head, .audit_insert = sq_audit_insert,
    .audit_scan = sq_audit_scan,
};

static int sq_migrate(sq_store *s, exctl_errbuf *eb)
{
    sqlite3_stmt *st = NULL;
    int64_t version = 0;
    int rc = sq_exec_plain(s, "BEGIN IMMEDIATE;"
                              "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);"
                              "COMMIT;", eb);
    if (rc)
        return rc;
    for (;;) {
        if ((rc = sq_exec_plain(s, "BEGIN IMMEDIATE", eb)))
            return rc;
        if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(version), 0) FROM schema_version",
                               -1, &st, NULL) || sqlite3_step(st) != SQLITE_ROW) {
            rc = sq_fail(s, eb, "read schema version");
            goto out;
        }
        version = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        st = NULL;
        if (version > (int64_t)XC_ARRAY_LEN(migrations)) {
            rc = xc_err(eb, EXCTL_EDB, "%s: schema version %lld is newer than this exctl (%zu)",
                        s->path, (long long)version, XC_ARRAY_LEN(migrations));
            goto out;
        }
        if (version == (int64_t)XC_ARRAY_LEN(migrations))
            break;
        if ((rc = sq_exec_plain(s, migrations[version], eb)))
            goto out;
        if (sqlite3_prepare_v2(s->db, "INSERT INTO schema_version VALUES (?1)", -1, &st, NULL)) {
            rc = sq_fail(s, eb, "record schema version");
            goto out;
        }
        sqlite3_bind_int64(st, 1, version + 1);
        if (sqlite3_step(st) != SQLITE_DONE) {
            rc = sq_fail(s, eb, "record schema version");
            goto out;
        }
        sqlite3_finalize(st);
        st = NULL;
        if ((rc = sq_exec_plain(s, "COMMIT", eb)))
            goto out;
    }
    rc = sq_exec_plain(s, "COMMIT", eb);
out:
    sqlite3_finalize(st);
    if (rc && !sqlite3_get_autocommit(s->db))
        sq_exec_plain(s, "ROLLBACK", NULL);
    return rc;
}

int st_sqlite_open(const char *path, st_store **out, exctl_errbuf *eb)
{
    sq_store *s = calloc(1, sizeof *s);
    int rc = 0;
    if (!s)
        return xc_err(eb, EXCTL_ENOMEM, "out of memory");
    s->base.ops = &sq_ops;
    if (st_copy(s->path, sizeof s->path, path)) {
        rc = xc_err(eb, EXCTL_ETOOBIG, "database path too long");
        goto out;
    }
    if (sqlite3_open_v2(path, &s->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        rc = xc_err(eb, EXCTL_EDB, "%s: cannot open: %s", path,
                    s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto out;
    }
    sqlite3_busy_timeout(s->db, 10000);
    sqlite3_extended_result_codes(s->db, 1);
    if ((rc = sq_exec_plain(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                               " PRAGMA foreign_keys=ON;", eb)))
        goto out;
    rc = sq_migrate(s, eb);
out:
    if (rc) {
        sq_close(&s->base);
        return rc;
    }
    *out = &s->base;
    return 0;
}

struct sqlite3 *st_sqlite_db(st_store *st)
{
    return (st && st->ops == &sq_ops) ? ((sq_store *)st)->db : NULL;
}
