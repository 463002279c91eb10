/*
 * cases — the licensing workflow engine (private).
 *
 * Split by concern: case_data.c loads and validates the rules (data files),
 * case_engine.c runs one action (role check, scope check, transition check,
 * transaction, audit), and the action handlers live in case_app.c
 * (applications and automatic checks), case_review.c (examination,
 * referral, decision, appeal, views), case_licence.c (licences and usage)
 * and case_comp.c (re-screening, compliance records, statistics).
 *
 * The engine knows which actions exist and what they do; the data decides
 * from which statuses they may run, which statuses they may lead to and
 * which roles may run them. Statuses are kept as bit positions so that the
 * transition table is a pair of masks per action.
 */
#ifndef CASE_INTERNAL_H
#define CASE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "exctl/cases.h"
#include "core/core.h"
#include "case_store.h"

#define WF_MAX_STATUS 32
#define WF_MAX_TRANS 64
#define WF_MAX_ROLES 16

/* Field length caps for requests (bytes, UTF-8). */
#define CASE_TEXT_MAX 4096     /* statements, reasons, descriptions */
#define CASE_NAME_MAX 512      /* party names, addresses, document names */
#define CASE_MAX_ITEMS 200     /* goods, parties, documents per application */

typedef struct wf_status {
    char name[CASE_KEY_MAX];
    bool open;      /* awaiting a decision: counts for processing times */
    bool rescreen;  /* parties are screened again when a list changes */
} wf_status;

typedef struct wf_trans {
    char action[CASE_KEY_MAX];
    uint32_t from;  /* bit i = status i */
    uint32_t to;
    bool stay;      /* the action leaves the status unchanged */
} wf_trans;

typedef enum wf_scope { WF_SCOPE_ALL, WF_SCOPE_OWN_ORG, WF_SCOPE_REFERRED } wf_scope;

typedef struct wf_role {
    char name[CASE_KEY_MAX];
    wf_scope scope;
    uint64_t actions;  /* bit i = engine action i */
} wf_role;

struct exctl_workflow {
    wf_status st[WF_MAX_STATUS];
    size_t nst;
    int initial;
    wf_trans tr[WF_MAX_TRANS];
    size_t ntr;
    wf_role roles[WF_MAX_ROLES];
    size_t nroles;
    json_t *routing;    /* validated routing.json */
    json_t *licences;   /* validated licences.json */
    json_t *icp;        /* validated icp_checklist.json */
};

struct exctl_cases {
    const exctl_workflow *wf;
    case_store *st;
    exctl_audit_fn audit;
    void *audit_ud;
    exctl_clock_fn clock;
    void *clock_ud;
};

typedef struct case_op {
    exctl_cases *c;
    const exctl_actor *actor;
    const wf_role *role;
    const char *action;
    json_t *req;         /* the request object (borrowed) */
    json_t *resp;        /* set by the handler (owned by the op) */
    case_row row;        /* the case, for case-bound actions */
    const wf_trans *tr;  /* its transition entry */
    int64_t now;
    exctl_errbuf *eb;
} case_op;

typedef int (*case_handler)(case_op *op);

/* --- engine actions (case_engine.c) ------------------------------------- */
typedef struct case_action {
    const char *name;
    case_handler fn;
    bool on_case;   /* needs "case" in the request; status checked by transitions.json */
    bool writes;    /* runs in a transaction */
    bool wide;      /* reads or changes every case: only for roles with scope "all" */
} case_action;

extern const case_action case_actions[];
extern const size_t case_action_count;
int case_action_find(const char *name);   /* index or -1 */

/* --- workflow data (case_data.c) ---------------------------------------- */
int wf_status_index(const exctl_workflow *wf, const char *name);  /* -1 if unknown */
const wf_status *wf_status_get(const exctl_workflow *wf, const char *name);
const wf_trans *wf_trans_find(const exctl_workflow *wf, const char *action);
const wf_role *wf_role_find(const exctl_workflow *wf, const char *name);
bool wf_role_may(const wf_role *r, const char *action);

/* --- shared helpers (case_engine.c) ------------------------------------- */
/* Call the audit hook; details may be NULL (stolen: decref'ed here). */
int case_audit(case_op *op, const char *action, const char *object, json_t *details);
/* Record a case event (history + audit). details stolen. */
int case_event_rec(case_op *op, const char *action, const char *from, const char *to,
                   json_t *details);
/* Move op->row to status `to` (checked against the transition's targets),
 * save it and record the event. details stolen. */
int case_move(case_op *op, const char *to, json_t *details);
/* Save op->row (updated_at = now) without an event. */
int case_save(case_op *op);
/* Whether the actor may see this case (scope). */
int case_visible(case_op *op, const case_row *r, bool *visible);

/* Parse / replace the row's document. case_doc returns a new reference. */
int case_doc(case_op *op, const case_row *r, json_t **out);
int case_set_doc(case_op *op, case_row *r, json_t *doc);

/* Request field accessors: EXCTL_EINVAL with the field name in op->eb. */
int req_str(case_op *op, json_t *obj, const char *key, size_t max, bool required,
            const char **out);
int req_int(case_op *op, json_t *obj, const char *key, int64_t min, int64_t max,
            bool required, int64_t *out);
int req_bool(case_op *op, json_t *obj, const char *key, bool required, bool *out);
int req_array(case_op *op, json_t *obj, const char *key, size_t max, bool required,
              json_t **out);
int req_enum(case_op *op, json_t *obj, const char *key, const char *const *allowed,
             bool required, const char **out);

void case_time_iso(int64_t t, char out[32]);
int64_t case_add_months(int64_t t, int months);
json_t *case_time_json(int64_t t);    /* ISO string, or null for 0 */
const char *case_actor_org(const exctl_actor *a);
/* A JSON string's text, or "" for anything else: stored documents are read
 * defensively, since the database is outside the library's control. */
static inline const char *case_jstr(const json_t *v)
{
    const char *s = json_string_value(v);
    return s ? s : "";
}

/* --- handlers ------------------------------------------------------------ */
int case_h_create(case_op *op);
int case_h_update(case_op *op);
int case_h_submit(case_op *op);
int case_h_record_checks(case_op *op);

int case_h_start_review(case_op *op);
int case_h_assign(case_op *op);
int case_h_refer(case_op *op);
int case_h_advise(case_op *op);
int case_h_decide(case_op *op);
int case_h_countersign(case_op *op);
int case_h_return(case_op *op);
int case_h_appeal(case_op *op);
int case_h_resolve_appeal(case_op *op);
int case_h_get(case_op *op);
int case_h_list(case_op *op);
int case_h_alerts(case_op *op);
/* The full JSON view of a case (new reference in *out). */
int case_view(case_op *op, const case_row *r, json_t **out);

int case_h_issue_licence(case_op *op);
int case_h_record_usage(case_op *op);
int case_h_suspend(case_op *op);
int case_h_reinstate(case_op *op);
int case_h_revoke(case_op *op);
int case_h_expire_due(case_op *op);
int case_h_get_licence(case_op *op);
/* The licence of a case with usage and remaining balances (NULL if none). */
int case_licence_view(case_op *op, int64_t case_id, json_t **out);

int case_h_ack_alert(case_op *op);
int case_h_rescreen_targets(case_op *op);
int case_h_rescreen_results(case_op *op);
int case_h_icp_checklist(case_op *op);
int case_h_icp_assess(case_op *op);
int case_h_visit_record(case_op *op);
int case_h_violation_record(case_op *op);
int case_h_deemed_export_record(case_op *op);
int case_h_compliance_list(case_op *op);
int case_h_stats(case_op *op);

#endif
