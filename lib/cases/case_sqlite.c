/*
 * cases — the SQLite implementation of the workflow storage interface.
 *
 * The connection belongs to the caller (the server's store opens it, sets
 * WAL and the busy timeout); this file only creates the case_* tables it
 * needs and talks SQL. Every statement is a fixed string with bound
 * parameters: no value is ever spliced into SQL text. Statements are
 * prepared per call; the workflow does a handful per action, so a cache
 * would save little and add invalidation rules.
 *
 * Schema versions live in case_schema; opening a database written by a
 * newer exctl fails rather than guessing, and each migration step runs in
 * the same transaction as the version bump.
 */
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "core/core.h"
#include "case_store.h"

typedef struct sq_store {
    case_store base;
    sqlite3 *db;
    int savepoint;   /* begin() opened a savepoint inside the caller's transaction */
} sq_store;

static const char *const schema_v1[] = {
    "CREATE TABLE case_cases(id INTEGER PRIMARY KEY, org TEXT NOT NULL,"
    " status TEXT NOT NULL, outcome TEXT NOT NULL DEFAULT '', queue TEXT NOT NULL DEFAULT '',"
    " ltype TEXT NOT NULL, dest TEXT NOT NULL, regimes TEXT NOT NULL DEFAULT '',"
    " assignee TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL,"
    " submitted_at INTEGER NOT NULL DEFAULT 0, decided_at INTEGER NOT NULL DEFAULT 0,"
    " updated_at INTEGER NOT NULL, doc TEXT NOT NULL)",
    "CREATE INDEX case_cases_org ON case_cases(org, status)",
    "CREATE INDEX case_cases_status ON case_cases(status, queue)",
    "CREATE TABLE case_events(id INTEGER PRIMARY KEY,"
    " case_id INTEGER NOT NULL REFERENCES case_cases(id), at INTEGER NOT NULL,"
    " actor TEXT NOT NULL, role TEXT NOT NULL, action TEXT NOT NULL,"
    " from_status TEXT NOT NULL, to_status TEXT NOT NULL, doc TEXT NOT NULL)",
    "CREATE INDEX case_events_case ON case_events(case_id, id)",
    "CREATE TABLE case_referrals(id INTEGER PRIMARY KEY,"
    " case_id INTEGER NOT NULL REFERENCES case_cases(id), agency TEXT NOT NULL,"
    " status TEXT NOT NULL, created_at INTEGER NOT NULL,"
    " answered_at INTEGER NOT NULL DEFAULT 0, doc TEXT NOT NULL)",
    "CREATE INDEX case_referrals_case ON case_referrals(case_id)",
    "CREATE INDEX case_referrals_agency ON case_referrals(agency, case_id)",
    "CREATE TABLE case_licences(id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE,"
    " case_id INTEGER NOT NULL UNIQUE REFERENCES case_cases(id), org TEXT NOT NULL,"
    " ltype TEXT NOT NULL, status TEXT NOT NULL, issued_at INTEGER NOT NULL,"
    " expires_at INTEGER NOT NULL, doc TEXT NOT NULL)",
    "CREATE TABLE case_usage(id INTEGER PRIMARY KEY,"
    " licence_id INTEGER NOT NULL REFERENCES case_licences(id), item INTEGER NOT NULL,"
    " quantity INTEGER NOT NULL, value INTEGER NOT NULL, at INTEGER NOT NULL,"
    " doc TEXT NOT NULL)",
    "CREATE INDEX case_usage_licence ON case_usage(licence_id, item)",
    "CREATE TABLE case_alerts(id INTEGER PRIMARY KEY,"
    " case_id INTEGER NOT NULL REFERENCES case_cases(id), party INTEGER NOT NULL,"
    " list_id TEXT NOT NULL, entity_id TEXT NOT NULL, status TEXT NOT NULL,"
    " raised_at INTEGER NOT NULL, doc TEXT NOT NULL)",
    "CREATE INDEX case_alerts_case ON case_alerts(case_id)",
    "CREATE TABLE case_compliance(id INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
    " org TEXT NOT NULL, at INTEGER NOT NULL, doc TEXT NOT NULL)",
    "CREATE INDEX case_compliance_org ON case_compliance(org, kind)",
    "CREATE TABLE case_counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
};

int case_strset(char *dst, size_t cap, const char *src)
{
    if (!src)
        src = "";
    size_t n = strlen(src);
    if (n >= cap)
        return EXCTL_ETOOBIG;
    memcpy(dst, src, n + 1);
    return EXCTL_OK;
}

void case_row_clear(case_row *r)
{
    if (r) {
        free(r->doc);
        memset(r, 0, sizeof *r);
    }
}

void case_event_clear(case_event *e)
{
    if (e) {
        free(e->doc);
        memset(e, 0, sizeof *e);
    }
}

void case_referral_clear(case_referral *r)
{
    if (r) {
        free(r->doc);
        memset(r, 0, sizeof *r);
    }
}

void case_licence_clear(case_licence *l)
{
    if (l) {
        free(l->doc);
        memset(l, 0, sizeof *l);
    }
}

void case_alert_clear(case_alert *a)
{
    if (a) {
        free(a->doc);
        memset(a, 0, sizeof *a);
    }
}

/* --- statement helpers -------------------------------------------------- */

static int dberr(sq_store *s, exctl_errbuf *eb, const char *what)
{
    return xc_err(eb, EXCTL_EDB, "case store: %s: %s", what, sqlite3_errmsg(s->db));
}

static int prep(sq_store *s, const char *sql, sqlite3_stmt **st, exctl_errbuf *eb)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK) {
        *st = NULL;
        return dberr(s, eb, "prepare");
    }
    return EXCTL_OK;
}

static int bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (!v)
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

/* Run a statement that returns no rows and finalize it. */
static int run(sq_store *s, sqlite3_stmt *st, exctl_errbuf *eb)
{
    int rc = sqlite3_step(st) == SQLITE_DONE ? EXCTL_OK : dberr(s, eb, "write");
    sqlite3_finalize(st);
    return rc;
}

static int exec(sq_store *s, const char *sql, exctl_errbuf *eb)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return dberr(s, eb, sql);
    return EXCTL_OK;
}

static int col_fixed(sqlite3_stmt *st, int i, char *dst, size_t cap)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return case_strset(dst, cap, v ? v : "") ? EXCTL_EINTERNAL : EXCTL_OK;
}

static int col_doc(sqlite3_stmt *st, int i, char **out)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    *out = strdup(v ? v : "{}");
    return *out ? EXCTL_OK : EXCTL_ENOMEM;
}

/* --- transactions ------------------------------------------------------- */

static int sq_begin(case_store *cs, int write, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    s->savepoint = !sqlite3_get_autocommit(s->db);
    return exec(s, s->savepoint ? "SAVEPOINT case_tx" : write ? "BEGIN IMMEDIATE" : "BEGIN", eb);
}

static int sq_commit(case_store *cs, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    return exec(s, s->savepoint ? "RELEASE case_tx" : "COMMIT", eb);
}

static void sq_rollback(case_store *cs)
{
    sq_store *s = (sq_store *)cs;
    if (s->savepoint)
        sqlite3_exec(s->db, "ROLLBACK TO case_tx; RELEASE case_tx", NULL, NULL, NULL);
    else if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static void sq_close(case_store *cs)
{
    free(cs);
}

/* --- cases -------------------------------------------------------------- */

#define CASE_COLS "id, org, status, outcome, queue, ltype, dest, regimes, assignee," \
                  " created_at, submitted_at, decided_at, updated_at, doc"

static int read_case(sqlite3_stmt *st, case_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    int rc = col_fixed(st, 1, r->org, sizeof r->org);
    if (!rc) rc = col_fixed(st, 2, r->status, sizeof r->status);
    if (!rc) rc = col_fixed(st, 3, r->outcome, sizeof r->outcome);
    if (!rc) rc = col_fixed(st, 4, r->queue, sizeof r->queue);
    if (!rc) rc = col_fixed(st, 5, r->ltype, sizeof r->ltype);
    if (!rc) rc = col_fixed(st, 6, r->dest, sizeof r->dest);
    if (!rc) rc = col_fixed(st, 7, r->regimes, sizeof r->regimes);
    if (!rc) rc = col_fixed(st, 8, r->assignee, sizeof r->assignee);
    r->created_at = sqlite3_column_int64(st, 9);
    r->submitted_at = sqlite3_column_int64(st, 10);
    r->decided_at = sqlite3_column_int64(st, 11);
    r->updated_at = sqlite3_column_int64(st, 12);
    if (!rc) rc = col_doc(st, 13, &r->doc);
    return rc;
}

static int sq_case_put(case_store *cs, case_row *r, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    sqlite3_stmt *st = NULL;
    const char *sql = r->id
        ? "UPDATE case_cases SET org=?2, status=?3, outcome=?4, queue=?5, ltype=?6, dest=?7,"
          " regimes=?8, assignee=?9, created_at=?10, submitted_at=?11, decided_at=?12,"
          " updated_at=?13, doc=?14 WHERE id=?1"
        : "INSERT INTO case_cases(org, status, outcome, queue, ltype, dest, regimes, assignee,"
          " created_at, submitted_at, decided_at, updated_at, doc)"
          " VALUES(?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
    int rc = prep(s, sql, &st, eb);
    if (rc)
        return rc;
    if (r->id)
        sqlite3_bind_int64(st, 1, r->id);
    bind_text(st, 2, r->org);
    bind_text(st, 3, r->status);
    bind_text(st, 4, r->outcome);
    bind_text(st, 5, r->queue);
    bind_text(st, 6, r->ltype);
    bind_text(st, 7, r->dest);
    bind_text(st, 8, r->regimes);
    bind_text(st, 9, r->assignee);
    sqlite3_bind_int64(st, 10, r->created_at);
    sqlite3_bind_int64(st, 11, r->submitted_at);
    sqlite3_bind_int64(st, 12, r->decided_at);
    sqlite3_bind_int64(st, 13, r->updated_at);
    bind_text(st, 14, r->doc ? r->doc : "{}");
    rc = run(s, st, eb);
    if (!rc && !r->id)
        r->id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static int sq_case_get(case_store *cs, int64_t id, case_row *out, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    sqlite3_stmt *st = NULL;
    int rc = prep(s, "SELECT " CASE_COLS " FROM case_cases WHERE id=?1", &st, eb);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        rc = read_case(st, out);
    else if (step == SQLITE_DONE)
        rc = xc_err(eb, EXCTL_ENOTFOUND, "no case %lld", (long long)id);
    else
        rc = dberr(s, eb, "read case");
    sqlite3_finalize(st);
    return rc;
}

static int sq_case_list(case_store *cs, const case_filter *f, case_row_cb cb, void *ud,
                        exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    static const case_filter none;
    sqlite3_stmt *st = NULL;
    case_row r = {0};
    if (!f)
        f = &none;
    int rc = prep(s, "SELECT " CASE_COLS " FROM case_cases c"
                     " WHERE (?1 IS NULL OR c.org=?1) AND (?2 IS NULL OR c.status=?2)"
                     " AND (?3 IS NULL OR c.queue=?3) AND (?5 IS NULL OR c.assignee=?5)"
                     " AND (?4 IS NULL OR EXISTS(SELECT 1 FROM case_referrals r"
                     "      WHERE r.case_id=c.id AND r.agency=?4))"
                     " AND c.id > ?6 ORDER BY c.id LIMIT ?7", &st, eb);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 6, f->after);
    sqlite3_bind_int64(st, 7, f->limit > 0 ? f->limit : -1);
    bind_text(st, 1, f->org);
    bind_text(st, 2, f->status);
    bind_text(st, 3, f->queue);
    bind_text(st, 4, f->agency);
    bind_text(st, 5, f->assignee);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        rc = read_case(st, &r);
        if (!rc)
            rc = cb(ud, &r);
        case_row_clear(&r);
        if (rc)
            goto out;
    }
    if (step != SQLITE_DONE)
        rc = dberr(s, eb, "list cases");
out:
    sqlite3_finalize(st);
    return rc;
}

/* --- events ------------------------------------------------------------- */

static int sq_event_add(case_store *cs, case_event *e, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    sqlite3_stmt *st = NULL;
    int rc = prep(s, "INSERT INTO case_events(case_id, at, actor, role, action, from_status,"
                     " to_status, doc) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st, eb);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, e->case_id);
    sqlite3_bind_int64(st, 2, e->at);
    bind_text(st, 3, e->actor);
    bind_text(st, 4, e->role);
    bind_text(st, 5, e->action);
    bind_text(st, 6, e->from);
    bind_text(st, 7, e->to);
    bind_text(st, 8, e->doc ? e->doc : "{}");
    rc = run(s, st, eb);
    if (!rc)
        e->id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static int sq_event_list(case_store *cs, int64_t case_id, case_event_cb cb, void *ud,
                         exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    sqlite3_stmt *st = NULL;
    case_event e = {0};
    int rc = prep(s, "SELECT id, case_id, at, actor, role, action, from_status, to_status, doc"
                     " FROM case_events WHERE case_id=?1 ORDER BY id", &st, eb);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, case_id);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        memset(&e, 0, sizeof e);
        e.id = sqlite3_column_int64(st, 0);
        e.case_id = sqlite3_column_int64(st, 1);
        e.at = sqlite3_column_int64(st, 2);
        rc = col_fixed(st, 3, e.actor, sizeof e.actor);
        if (!rc) rc = col_fixed(st, 4, e.role, sizeof e.role);
        if (!rc) rc = col_fixed(st, 5, e.action, sizeof e.action);
        if (!rc) rc = col_fixed(st, 6, e.from, sizeof e.from);
        if (!rc) rc = col_fixed(st, 7, e.to, sizeof e.to);
        if (!rc) rc = col_doc(st, 8, &e.doc);
        if (!rc)
            rc = cb(ud, &e);
        case_event_clear(&e);
        if (rc)
            goto out;
    }
    if (step != SQLITE_DONE)
        rc = dberr(s, eb, "list events");
out:
    sqlite3_finalize(st);
    return rc;
}

/* --- referrals ---------------------------------------------------------- */

static int sq_ref_put(case_store *cs, case_referral *r, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    sqlite3_stmt *st = NULL;
    const char *sql = r->id
        ? "UPDATE case_referrals SET case_id=?2, agency=?3, status=?4, created_at=?5,"
          " answered_at=?6, doc=?7 WHERE id=?1"
        : "INSERT INTO case_referrals(case_id, agency, status, created_at, answered_at, doc)"
          " VALUES(?2, ?3, ?4, ?5, ?6, ?7)";
    int rc = prep(s, sql, &st, eb);
    if (rc)
        return rc;
    if (r->id)
        sqlite3_bind_int64(st, 1, r->id);
    sqlite3_bind_int64(st, 2, r->case_id);
    bind_text(st, 3, r->agency);
    bind_text(st, 4, r->status);
    sqlite3_bind_int64(st, 5, r->created_at);
    sqlite3_bind_int64(st, 6, r->answered_at);
    bind_text(st, 7, r->doc ? r->doc : "{}");
    rc = run(s, st, eb);
    if (!rc && !r->id)
        r->id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static int sq_ref_list(case_store *cs, int64_t case_id, case_ref_cb cb, void *ud,
                       exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    sqlite3_stmt *st = NULL;
    case_referral r = {0};
    int rc = prep(s, "SELECT id, case_id, agency, status, created_at, answered_at, doc"
                     " FROM case_referrals WHERE case_id=?1 ORDER BY id", &st, eb);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, case_id);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        memset(&r, 0, sizeof r);
        r.id = sqlite3_column_int64(st, 0);
        r.case_id = sqlite3_column_int64(st, 1);
        rc = col_fixed(st, 2, r.agency, sizeof r.agency);
        if (!rc) rc = col_fixed(st, 3, r.status, sizeof r.status);
        r.created_at = sqlite3_column_int64(st, 4);
        r.answered_at = sqlite3_column_int64(st, 5);
        if (!rc) rc = col_doc(st, 6, &r.doc);
        if (!rc)
            rc = cb(ud, &r);
        case_referral_clear(&r);
        if (rc)
            goto out;
    }
    if (step != SQLITE_DONE)
        rc = dberr(s, eb, "list referrals");
out:
    sqlite3_finalize(st);
    return rc;
}

/* --- licences ----------------------------------------------------------- */

#define LIC_COLS "id, number, case_id, org, ltype, status, issued_at, expires_at, doc"

static int read_lic(sqlite3_stmt *st, case_licence *l)
{
    memset(l, 0, sizeof *l);
    l->id = sqlite3_column_int64(st, 0);
    int rc = col_fixed(st, 1, l->number, sizeof l->number);
    l->case_id = sqlite3_column_int64(st, 2);
    if (!rc) rc = col_fixed(st, 3, l->org, sizeof l->org);
    if (!rc) rc = col_fixed(st, 4, l->ltype, sizeof l->ltype);
    if (!rc) rc = col_fixed(st, 5, l->status, sizeof l->status);
    l->issued_at = sqlite3_column_int64(st, 6);
    l->expires_at = sqlite3_column_int64(st, 7);
    if (!rc) rc = col_doc(st, 8, &l->doc);
    return rc;
}

static int sq_lic_put(case_store *cs, case_licence *l, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    sqlite3_stmt *st = NULL;
    const char *sql = l->id
        ? "UPDATE case_licences SET number=?2, case_id=?3, org=?4, ltype=?5, status=?6,"
          " issued_at=?7, expires_at=?8, doc=?9 WHERE id=?1"
        : "INSERT INTO case_licences(number, case_id, org, ltype, status, issued_at,"
          " expires_at, doc) VALUES(?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
    int rc = prep(s, sql, &st, eb);
    if (rc)
        return rc;
    if (l->id)
        sqlite3_bind_int64(st, 1, l->id);
    bind_text(st, 2, l->number);
    sqlite3_bind_int64(st, 3, l->case_id);
    bind_text(st, 4, l->org);
    bind_text(st, 5, l->ltype);
    bind_text(st, 6, l->status);
    sqlite3_bind_int64(st, 7, l->issued_at);
    sqlite3_bind_int64(st, 8, l->expires_at);
    bind_text(st, 9, l->doc ? l->doc : "{}");
    rc = run(s, st, eb);
    if (!rc && !l->id)
        l->id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static int sq_lic_get(case_store *cs, const char *number, int64_t case_id, case_licence *out,
                      exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    sqlite3_stmt *st = NULL;
    int rc = prep(s, number ? "SELECT " LIC_COLS " FROM case_licences WHERE number=?1"
                            : "SELECT " LIC_COLS " FROM case_licences WHERE case_id=?2",
                  &st, eb);
    if (rc)
        return rc;
    if (number)
        bind_text(st, 1, number);
    else
        sqlite3_bind_int64(st, 2, case_id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        rc = read_lic(st, out);
    else if (step == SQLITE_DONE)
        rc = xc_err(eb, EXCTL_ENOTFOUND, "no licence %s", number ? number : "for this case");
    else
        rc = dberr(s, eb, "read licence");
    sqlite3_finalize(st);
    return rc;
}

static int sq_lic_list(case_store *cs, case_lic_cb cb, void *ud, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    sqlite3_stmt *st = NULL;
    case_licence l = {0};
    int rc = prep(s, "SELECT " LIC_COLS " FROM case_licences ORDER BY id", &st, eb);
    if (rc)
        return rc;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        rc = read_lic(st, &l);
        if (!rc)
            rc = cb(ud, &l);
        case_licence_clear(&l);
        if (rc)
            goto out;
    }
    if (step != SQLITE_DONE)
        rc = dberr(s, eb, "list licences");
out:
    sqlite3_finalize(st);
    return rc;
}

/* --- usage -------------------------------------------------------------- */

static int sq_usage_add(case_store *cs, case_usage *u, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    sqlite3_stmt *st = NULL;
    int rc = prep(s, "INSERT INTO case_usage(licence_id, item, quantity, value, at, doc)"
                     " VALUES(?1, ?2, ?3, ?4, ?5, ?6)", &st, eb);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, u->licence_id);
    sqlite3_bind_int64(st, 2, u->item);
    sqlite3_bind_int64(st, 3, u->quantity);
    sqlite3_bind_int64(st, 4, u->value);
    sqlite3_bind_int64(st, 5, u->at);
    bind_text(st, 6, u->doc ? u->doc : "{}");
    rc = run(s, st, eb);
    if (!rc)
        u->id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static int sq_usage_list(case_store *cs, int64_t licence_id, case_usage_cb cb, void *ud,
                         exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    sqlite3_stmt *st = NULL;
    case_usage u = {0};
    int rc = prep(s, "SELECT id, licence_id, item, quantity, value, at, doc FROM case_usage"
                     " WHERE licence_id=?1 ORDER BY id", &st, eb);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, licence_id);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        memset(&u, 0, sizeof u);
        u.id = sqlite3_column_int64(st, 0);
        u.licence_id = sqlite3_column_int64(st, 1);
        u.item = sqlite3_column_int64(st, 2);
        u.quantity = sqlite3_column_int64(st, 3);
        u.value = sqlite3_column_int64(st, 4);
        u.at = sqlite3_column_int64(st, 5);
        rc = col_doc(st, 6, &u.doc);
        if (!rc)
            rc = cb(ud, &u);
        free(u.doc);
        if (rc)
            goto out;
    }
    if (step != SQLITE_DONE)
        rc = dberr(s, eb, "list usage");
out:
    sqlite3_finalize(st);
    return rc;
}

/* --- alerts ------------------------------------------------------------- */

#define ALERT_COLS "id, case_id, party, list_id, entity_id, status, raised_at, doc"

static int read_alert(sqlite3_stmt *st, case_alert *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    a->case_id = sqlite3_column_int64(st, 1);
    a->party = sqlite3_column_int64(st, 2);
    int rc = col_fixed(st, 3, a->list_id, sizeof a->list_id);
    if (!rc) rc = col_fixed(st, 4, a->entity_id, sizeof a->entity_id);
    if (!rc) rc = col_fixed(st, 5, a->status, sizeof a->status);
    a->raised_at = sqlite3_column_int64(st, 6);
    if (!rc) rc = col_doc(st, 7, &a->doc);
    return rc;
}

static int sq_alert_put(case_store *cs, case_alert *a, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    sqlite3_stmt *st = NULL;
    const char *sql = a->id
        ? "UPDATE case_alerts SET case_id=?2, party=?3, list_id=?4, entity_id=?5, status=?6,"
          " raised_at=?7, doc=?8 WHERE id=?1"
        : "INSERT INTO case_alerts(case_id, party, list_id, entity_id, status, raised_at, doc)"
          " VALUES(?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    int rc = prep(s, sql, &st, eb);
    if (rc)
        return rc;
    if (a->id)
        sqlite3_bind_int64(st, 1, a->id);
    sqlite3_bind_int64(st, 2, a->case_id);
    sqlite3_bind_int64(st, 3, a->party);
    bind_text(st, 4, a->list_id);
    bind_text(st, 5, a->entity_id);
    bind_text(st, 6, a->status);
    sqlite3_bind_int64(st, 7, a->raised_at);
    bind_text(st, 8, a->doc ? a->doc : "{}");
    rc = run(s, st, eb);
    if (!rc && !a->id)
        a->id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static int sq_alert_get(case_store *cs, int64_t id, case_alert *out, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    sqlite3_stmt *st = NULL;
    int rc = prep(s, "SELECT " ALERT_COLS " FROM case_alerts WHERE id=?1", &st, eb);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        rc = read_alert(st, out);
    else if (step == SQLITE_DONE)
        rc = xc_err(eb, EXCTL_ENOTFOUND, "no alert %lld", (long long)id);
    else
        rc = dberr(s, eb, "read alert");
    sqlite3_finalize(st);
    return rc;
}

static int sq_alert_list(case_store *cs, int64_t case_id, case_alert_cb cb, void *ud,
                         exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    sqlite3_stmt *st = NULL;
    case_alert a = {0};
    int rc = prep(s, "SELECT " ALERT_COLS " FROM case_alerts WHERE (?1 = 0 OR case_id=?1)"
                     " ORDER BY id", &st, eb);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, case_id);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        rc = read_alert(st, &a);
        if (!rc)
            rc = cb(ud, &a);
        case_alert_clear(&a);
        if (rc)
            goto out;
    }
    if (step != SQLITE_DONE)
        rc = dberr(s, eb, "list alerts");
out:
    sqlite3_finalize(st);
    return rc;
}

/* --- compliance records and counters ------------------------------------ */

static int sq_comp_add(case_store *cs, case_comp *c, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    sqlite3_stmt *st = NULL;
    int rc = prep(s, "INSERT INTO case_compliance(kind, org, at, doc) VALUES(?1, ?2, ?3, ?4)",
                  &st, eb);
    if (rc)
        return rc;
    bind_text(st, 1, c->kind);
    bind_text(st, 2, c->org);
    sqlite3_bind_int64(st, 3, c->at);
    bind_text(st, 4, c->doc ? c->doc : "{}");
    rc = run(s, st, eb);
    if (!rc)
        c->id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static int sq_comp_list(case_store *cs, const char *org, const char *kind, case_comp_cb cb,
                        void *ud, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    sqlite3_stmt *st = NULL;
    case_comp c = {0};
    int rc = prep(s, "SELECT id, kind, org, at, doc FROM case_compliance"
                     " WHERE (?1 IS NULL OR org=?1) AND (?2 IS NULL OR kind=?2) ORDER BY id",
                  &st, eb);
    if (rc)
        return rc;
    bind_text(st, 1, org);
    bind_text(st, 2, kind);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        memset(&c, 0, sizeof c);
        c.id = sqlite3_column_int64(st, 0);
        rc = col_fixed(st, 1, c.kind, sizeof c.kind);
        if (!rc) rc = col_fixed(st, 2, c.org, sizeof c.org);
        c.at = sqlite3_column_int64(st, 3);
        if (!rc) rc = col_doc(st, 4, &c.doc);
        if (!rc)
            rc = cb(ud, &c);
        free(c.doc);
        if (rc)
            goto out;
    }
    if (step != SQLITE_DONE)
        rc = dberr(s, eb, "list compliance records");
out:
    sqlite3_finalize(st);
    return rc;
}

static int sq_counter_next(case_store *cs, const char *name, int64_t *out, exctl_errbuf *eb)
{
    sq_store *s = (sq_store *)cs;
    sqlite3_stmt *st = NULL;
    int rc = prep(s, "INSERT INTO case_counters(name, value) VALUES(?1, 1)"
                     " ON CONFLICT(name) DO UPDATE SET value=value+1 RETURNING value", &st, eb);
    if (rc)
        return rc;
    bind_text(st, 1, name);
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else
        rc = dberr(s, eb, "counter");
    sqlite3_finalize(st);
    return rc;
}

static const case_store_ops sq_ops = {
    sq_begin, sq_commit, sq_rollback, sq_close,
    sq_case_put, sq_case_get, sq_case_list,
    sq_event_add, sq_event_list,
    sq_ref_put, sq_ref_list,
    sq_lic_put, sq_lic_get, sq_lic_list,
    sq_usage_add, sq_usage_list,
    sq_alert_put, sq_alert_get, sq_alert_list,
    sq_comp_add, sq_comp_list,
    sq_counter_next,
};

/* --- open and migrate --------------------------------------------------- */

static int schema_version(sq_store *s, int *version, exctl_errbuf *eb)
{
    sqlite3_stmt *st = NULL;
    *version = 0;
    int rc = prep(s, "SELECT count(*) FROM sqlite_master WHERE type='table'"
                     " AND name='case_schema'", &st, eb);
    if (rc)
        return rc;
    int exists = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_finalize(st);
    if (!exists)
        return EXCTL_OK;
    rc = prep(s, "SELECT max(version) FROM case_schema", &st, eb);
    if (rc)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return EXCTL_OK;
}

static int migrate(sq_store *s, exctl_errbuf *eb)
{
    int version = 0;
    int rc = schema_version(s, &version, eb);
    if (rc)
        return rc;
    if (version > CASE_SCHEMA_VERSION)
        return xc_err(eb, EXCTL_EDB, "case store: database schema version %d is newer than"
                      " this exctl supports (%d)", version, CASE_SCHEMA_VERSION);
    if (version == CASE_SCHEMA_VERSION)
        return EXCTL_OK;
    /* version 0 -> 1; later versions append steps here. */
    rc = exec(s, "CREATE TABLE case_schema(version INTEGER NOT NULL)", eb);
    for (size_t i = 0; !rc && i < XC_ARRAY_LEN(schema_v1); i++)
        rc = exec(s, schema_v1[i], eb);
    sqlite3_stmt *st = NULL;
    if (!rc)
        rc = prep(s, "INSERT INTO case_schema(version) VALUES(?1)", &st, eb);
    if (!rc) {
        sqlite3_bind_int(st, 1, CASE_SCHEMA_VERSION);
        rc = run(s, st, eb);
    }
    return rc;
}

int case_store_sqlite_open(sqlite3 *db, case_store **out, exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    *out = NULL;
    if (!db)
        return xc_err(eb, EXCTL_EINVAL, "case store: no database connection");
    sq_store *s = calloc(1, sizeof *s);
    if (!s)
        return xc_err(eb, EXCTL_ENOMEM, "case store: out of memory");
    s->base.ops = &sq_ops;
    s->db = db;
    rc = sq_begin(&s->base, 1, eb);
    if (rc)
        goto out;
    rc = migrate(s, eb);
    if (rc) {
        sq_rollback(&s->base);
        goto out;
    }
    rc = sq_commit(&s->base, eb);
out:
    if (rc)
        free(s);
    else
        *out = &s->base;
    return rc;
}
