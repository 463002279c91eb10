/*
 * exctl — the licensing workflow: applications, examination, referral,
 * countersigning, licences and their usage, appeals, re-screening alerts,
 * compliance records and statistics.
 *
 * Two handles:
 * - exctl_workflow: the rules as data (statuses and transitions, the role x
 *   action matrix, routing rules, licence types, the ICP checklist), loaded
 *   from <data dir>/workflow/ and validated. Immutable once loaded; share it
 *   between threads freely.
 * - exctl_cases: a workflow bound to an already-open database connection
 *   that the caller owns — SQLite (the server's store opens the file and
 *   sets its busy timeout and WAL mode) or PostgreSQL (libpq) — so that its
 *   changes commit in the caller's transaction with the caller's audit row.
 *   One exctl_cases per connection; not thread-safe.
 *
 * Every operation goes through one JSON-in/JSON-out entry point,
 * exctl_case_apply_json(), so the HTTP server can expose it route by route
 * without knowing the internals. Each state-changing action runs in one
 * transaction; the audit hook is called inside it for every change, and a
 * hook failure rolls the whole action back, so no change is ever stored
 * without its audit entry.
 *
 * Errors: EXCTL_EPERM when the actor's role may not perform the action,
 * EXCTL_ENOTFOUND when the object does not exist or lies outside what the
 * actor may see (an exporter asking for another organisation's case gets the
 * same answer as for a missing one), EXCTL_ESTATE when the action is not
 * allowed from the object's current status or would exceed a licence,
 * EXCTL_EINVAL for malformed requests (the message names the field).
 * docs/workflow.md documents the actions and their JSON.
 */
#ifndef EXCTL_CASES_H
#define EXCTL_CASES_H

#include <stdint.h>
#include "exctl.h"

#ifdef __cplusplus
extern "C" {
#endif

struct sqlite3;
struct pg_conn;   /* libpq's PGconn */

typedef struct exctl_workflow exctl_workflow;
typedef struct exctl_cases exctl_cases;

/* Who is acting. role is a role name from roles.json ("exporter",
 * "examiner", "agency_reviewer", "countersigner", "admin"); org is the
 * exporter's organisation or the reviewer's agency (may be NULL for the
 * authority's own staff). All strings are borrowed for the call. */
typedef struct exctl_actor {
    const char *user;
    const char *role;
    const char *org;
} exctl_actor;

/* Audit hook: called inside the action's transaction for every state
 * change. actor is the user id, action e.g. "case.submit", object e.g.
 * "case:12" or "licence:JP-IND-2026-000001", details a compact JSON object
 * with sorted keys. Return 0 to accept; any other value aborts the action
 * (rolled back, EXCTL_EDB returned). Strings are valid for the call only. */
typedef int (*exctl_audit_fn)(void *ud, const char *actor, const char *action,
                              const char *object, const char *details_json);

/* Clock in Unix seconds; lets tests move time forward (licence expiry). */
typedef int64_t (*exctl_clock_fn)(void *ud);

/* Load and validate the workflow data in dir (NULL: <data dir>/workflow).
 * A malformed or inconsistent file fails with its name (and line, for JSON
 * syntax errors) in eb. The caller owns *out (exctl_workflow_free). */
int exctl_workflow_load(const char *dir, exctl_workflow **out, exctl_errbuf *eb);
void exctl_workflow_free(exctl_workflow *wf);

/* Bind wf to db, creating or upgrading the case_* tables. db and wf must
 * outlive the handle. The caller owns *out (exctl_cases_close). */
int exctl_cases_open(struct sqlite3 *db, const exctl_workflow *wf,
                     exctl_cases **out, exctl_errbuf *eb);
/* The same over a PostgreSQL connection; the case_* tables live in its
 * current schema (search_path). Several processes may share the database:
 * every write transaction takes the same advisory lock. */
int exctl_cases_open_pg(struct pg_conn *conn, const exctl_workflow *wf,
                        exctl_cases **out, exctl_errbuf *eb);
void exctl_cases_close(exctl_cases *c);

/* Attach the audit hook (NULL detaches). */
void exctl_cases_set_audit(exctl_cases *c, exctl_audit_fn fn, void *ud);
/* Replace the clock (NULL restores time(NULL)). */
void exctl_cases_set_clock(exctl_cases *c, exctl_clock_fn fn, void *ud);

/* Perform one action (see docs/workflow.md: "create", "submit", "refer",
 * "advise", "decide", "countersign", "issue_licence", "record_usage",
 * "get", "list", "stats", ...). request is a JSON object text (NULL or ""
 * means {}). On success *response receives a JSON object text with sorted
 * keys that the caller frees with exctl_free(); on failure *response is
 * NULL and eb says why. */
int exctl_case_apply_json(exctl_cases *c, const exctl_actor *actor,
                          const char *action, const char *request,
                          char **response, exctl_errbuf *eb);

/* Names of every action the library implements, NULL-terminated, static. */
const char *const *exctl_case_actions(void);

#ifdef __cplusplus
}
#endif
#endif
