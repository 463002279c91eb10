/*
 * cases — the storage interface of the licensing workflow (private).
 *
 * The workflow engine talks to storage only through this table of
 * functions, implemented over SQLite (case_sqlite.c) and PostgreSQL
 * (case_pg.c) without the engine knowing which. Each row keeps the columns the
 * engine filters or aggregates on as fields and everything else in one
 * JSON document (doc): the application, check results and decisions change
 * shape more often than the indexes do, and a document column needs no
 * migration for that.
 *
 * Ownership: rows filled by a get/list function own their doc (malloc'ed);
 * release with case_row_clear() and friends. List callbacks receive rows
 * that are only valid during the call. Fixed-size text fields are filled
 * with truncation checked: the engine validates every length before a
 * write, so a value that does not fit is an internal error, never cut.
 *
 * Transactions: begin() starts one (a write transaction that excludes every
 * other writer — SQLite BEGIN IMMEDIATE, PostgreSQL the writers' advisory
 * lock — or, for reads, one snapshot so that a view made of several
 * queries is consistent; a savepoint when the connection is already inside
 * the caller's transaction); each engine action runs between begin() and
 * commit()/rollback().
 */
#ifndef CASE_STORE_H
#define CASE_STORE_H

#include <stdint.h>
#include "exctl/exctl.h"

#define CASE_SCHEMA_VERSION 1
#define CASE_ID_MAX 128   /* users, organisations, agencies (incl. NUL) */
#define CASE_KEY_MAX 64   /* statuses, outcomes, queues, kinds, list ids */

typedef struct case_row {
    int64_t id;                     /* 0 before the first put */
    char org[CASE_ID_MAX];          /* applicant organisation */
    char status[CASE_KEY_MAX];
    char outcome[CASE_KEY_MAX];     /* "" until decided */
    char queue[CASE_KEY_MAX];       /* "" until routed */
    char ltype[CASE_KEY_MAX];       /* licence type */
    char dest[8];                   /* ISO alpha-2 destination */
    char regimes[CASE_KEY_MAX];     /* sorted, comma-separated: "jp,us" */
    char assignee[CASE_ID_MAX];
    int64_t created_at, submitted_at, decided_at, updated_at; /* 0 = never */
    char *doc;                      /* JSON object text, malloc-owned */
} case_row;

typedef struct case_filter {
    const char *org;       /* NULL = any */
    const char *status;
    const char *queue;
    const char *agency;    /* only cases with a referral to this agency */
    const char *assignee;
    int64_t after;         /* only ids above this (paging); 0 = from the start */
    int64_t limit;         /* at most this many rows; 0 = all */
} case_filter;

typedef struct case_event {
    int64_t id, case_id, at;
    char actor[CASE_ID_MAX];
    char role[CASE_KEY_MAX];
    char action[CASE_KEY_MAX];
    char from[CASE_KEY_MAX], to[CASE_KEY_MAX];
    char *doc;
} case_event;

typedef struct case_referral {
    int64_t id, case_id, created_at, answered_at;
    char agency[CASE_ID_MAX];
    char status[CASE_KEY_MAX];      /* "open" | "answered" */
    char *doc;                      /* question, advice, reasons, provisos, reviewer */
} case_referral;

typedef struct case_licence {
    int64_t id, case_id, issued_at, expires_at;
    char number[CASE_KEY_MAX];
    char org[CASE_ID_MAX];
    char ltype[CASE_KEY_MAX];
    char status[CASE_KEY_MAX];      /* mirrors the case: licence_issued, suspended, ... */
    char *doc;                      /* holder, goods (quantities, values), provisos */
} case_licence;

typedef struct case_usage {
    int64_t id, licence_id, at, quantity, value;
    int64_t item;                   /* index into the licence's goods */
    char *doc;                      /* shipment reference, date, actor */
} case_usage;

typedef struct case_alert {
    int64_t id, case_id, raised_at, party;
    char list_id[CASE_KEY_MAX];
    char entity_id[CASE_ID_MAX];
    char status[CASE_KEY_MAX];      /* "open" | "acknowledged" */
    char *doc;
} case_alert;

typedef struct case_comp {
    int64_t id, at;
    char kind[CASE_KEY_MAX];        /* icp_assessment, visit, violation, deemed_export */
    char org[CASE_ID_MAX];
    char *doc;
} case_comp;

typedef struct case_store case_store;

typedef int (*case_row_cb)(void *ud, const case_row *r);
typedef int (*case_event_cb)(void *ud, const case_event *e);
typedef int (*case_ref_cb)(void *ud, const case_referral *r);
typedef int (*case_lic_cb)(void *ud, const case_licence *l);
typedef int (*case_usage_cb)(void *ud, const case_usage *u);
typedef int (*case_alert_cb)(void *ud, const case_alert *a);
typedef int (*case_comp_cb)(void *ud, const case_comp *c);

/* Every function returns an exctl_rc; a callback's non-zero return stops
 * the listing and is returned. put functions insert when id == 0 (setting
 * it) and update otherwise. get functions return EXCTL_ENOTFOUND when
 * absent. Lists are ordered by id. */
typedef struct case_store_ops {
    int (*begin)(case_store *s, int write, exctl_errbuf *eb);
    int (*commit)(case_store *s, exctl_errbuf *eb);
    void (*rollback)(case_store *s);
    void (*close)(case_store *s);

    int (*case_put)(case_store *s, case_row *r, exctl_errbuf *eb);
    int (*case_get)(case_store *s, int64_t id, case_row *out, exctl_errbuf *eb);
    int (*case_list)(case_store *s, const case_filter *f, case_row_cb cb, void *ud,
                     exctl_errbuf *eb);

    int (*event_add)(case_store *s, case_event *e, exctl_errbuf *eb);
    int (*event_list)(case_store *s, int64_t case_id, case_event_cb cb, void *ud,
                      exctl_errbuf *eb);

    int (*ref_put)(case_store *s, case_referral *r, exctl_errbuf *eb);
    int (*ref_list)(case_store *s, int64_t case_id, case_ref_cb cb, void *ud,
                    exctl_errbuf *eb);

    int (*lic_put)(case_store *s, case_licence *l, exctl_errbuf *eb);
    /* By number when number is non-NULL, else by case id. */
    int (*lic_get)(case_store *s, const char *number, int64_t case_id, case_licence *out,
                   exctl_errbuf *eb);
    int (*lic_list)(case_store *s, case_lic_cb cb, void *ud, exctl_errbuf *eb);

    int (*usage_add)(case_store *s, case_usage *u, exctl_errbuf *eb);
    int (*usage_list)(case_store *s, int64_t licence_id, case_usage_cb cb, void *ud,
                      exctl_errbuf *eb);

    int (*alert_put)(case_store *s, case_alert *a, exctl_errbuf *eb);
    int (*alert_get)(case_store *s, int64_t id, case_alert *out, exctl_errbuf *eb);
    /* case_id 0 = every case */
    int (*alert_list)(case_store *s, int64_t case_id, case_alert_cb cb, void *ud,
                      exctl_errbuf *eb);

    int (*comp_add)(case_store *s, case_comp *c, exctl_errbuf *eb);
    /* org / kind NULL = any */
    int (*comp_list)(case_store *s, const char *org, const char *kind, case_comp_cb cb,
                     void *ud, exctl_errbuf *eb);

    /* Next value of a named counter (1, 2, ...), inside the transaction. */
    int (*counter_next)(case_store *s, const char *name, int64_t *out, exctl_errbuf *eb);
} case_store_ops;

struct case_store {
    const case_store_ops *ops;
};

struct sqlite3;
/* SQLite backend over a connection the caller keeps open; creates or
 * upgrades the case_* tables. The caller owns *out (ops->close). */
int case_store_sqlite_open(struct sqlite3 *db, case_store **out, exctl_errbuf *eb);
struct pg_conn;
/* PostgreSQL backend over a libpq connection the caller keeps open; the
 * tables live in the connection's current schema. */
int case_store_pg_open(struct pg_conn *conn, case_store **out, exctl_errbuf *eb);

/* Copy src into a fixed field; EXCTL_ETOOBIG when it does not fit. */
int case_strset(char *dst, size_t cap, const char *src);

void case_row_clear(case_row *r);
void case_event_clear(case_event *e);
void case_referral_clear(case_referral *r);
void case_licence_clear(case_licence *l);
void case_alert_clear(case_alert *a);

#endif
