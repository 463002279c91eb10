/*
 * cases — examination: review, referral and advice, decision,
 * countersigning, appeals, and the views of a case.
 *
 * A decision is recorded once, by the examiner, and becomes final either at
 * once or when a countersigner agrees; whether it needs countersigning comes
 * from the routing rule that placed the case (and, for refusals, from
 * routing.json's countersign_refusals). The countersigner must be a
 * different person from the examiner who decided: the role says who may
 * countersign, the four-eyes rule says who may not countersign this one.
 *
 * Referrals are rows of their own so that several agencies can be asked at
 * once; the case leaves "referred" when the last open referral is answered.
 */
#include <stdlib.h>
#include <string.h>
#include "case_internal.h"

static int respond_case(case_op *op)
{
    json_t *view = NULL;
    int rc = case_view(op, &op->row, &view);
    if (rc)
        return rc;
    op->resp = json_pack("{s:o}", "case", view);
    return op->resp ? EXCTL_OK : xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
}

/* Check that every entry of a provisos array is a capped string. */
static int check_provisos(case_op *op, json_t *prov, bool required)
{
    size_t i;
    json_t *p;
    if (required && json_array_size(prov) == 0)
        return xc_err(op->eb, EXCTL_EINVAL, "%s: at least one proviso is required", op->action);
    json_array_foreach(prov, i, p)
        if (!json_is_string(p) || json_string_length(p) == 0 ||
            json_string_length(p) > CASE_TEXT_MAX)
            return xc_err(op->eb, EXCTL_EINVAL, "%s: provisos[%zu] must be a non-empty string"
                          " of at most %d bytes", op->action, i, CASE_TEXT_MAX);
    return EXCTL_OK;
}

int case_h_start_review(case_op *op)
{
    const char *who = NULL;
    int rc = req_str(op, op->req, "assignee", CASE_ID_MAX - 1, false, &who);
    if (rc)
        return rc;
    case_strset(op->row.assignee, sizeof op->row.assignee, who ? who : op->actor->user);
    rc = case_move(op, "under_review", json_pack("{s:s}", "assignee", op->row.assignee));
    if (!rc)
        rc = respond_case(op);
    return rc;
}

int case_h_assign(case_op *op)
{
    const char *who = NULL;
    int rc = req_str(op, op->req, "assignee", CASE_ID_MAX - 1, true, &who);
    if (rc)
        return rc;
    case_strset(op->row.assignee, sizeof op->row.assignee, who);
    rc = case_save(op);
    if (!rc)
        rc = case_event_rec(op, "assign", op->row.status, op->row.status,
                            json_pack("{s:s}", "assignee", who));
    if (!rc)
        rc = respond_case(op);
    return rc;
}

/* --- referrals ---------------------------------------------------------- */

typedef struct ref_scan {
    const char *agency;    /* NULL: count every open referral */
    size_t open;
    case_referral found;   /* the open referral of `agency`, if any */
    bool answered;         /* `agency` has an answered referral */
} ref_scan;

static int ref_scan_cb(void *ud, const case_referral *r)
{
    ref_scan *s = ud;
    bool open = strcmp(r->status, "open") == 0;
    if (open)
        s->open++;
    if (s->agency && strcmp(r->agency, s->agency) == 0) {
        if (open && !s->found.id) {
            s->found = *r;
            s->found.doc = strdup(r->doc);
            if (!s->found.doc)
                return EXCTL_ENOMEM;
        } else if (!open) {
            s->answered = true;
        }
    }
    return EXCTL_OK;
}

int case_h_refer(case_op *op)
{
    int rc = EXCTL_OK;
    const char *agency = NULL, *question = NULL;
    ref_scan scan = {0};
    case_referral ref = {0};
    rc = req_str(op, op->req, "agency", CASE_ID_MAX - 1, true, &agency);
    if (!rc)
        rc = req_str(op, op->req, "question", CASE_TEXT_MAX, true, &question);
    if (rc)
        goto out;
    scan.agency = agency;
    rc = op->c->st->ops->ref_list(op->c->st, op->row.id, ref_scan_cb, &scan, op->eb);
    if (rc)
        goto out;
    if (scan.found.id) {
        rc = xc_err(op->eb, EXCTL_EEXISTS, "case %lld already has an open referral to %s",
                    (long long)op->row.id, agency);
        goto out;
    }
    ref.case_id = op->row.id;
    ref.created_at = op->now;
    case_strset(ref.agency, sizeof ref.agency, agency);
    case_strset(ref.status, sizeof ref.status, "open");
    json_t *doc = json_pack("{s:s,s:s}", "question", question, "referred_by", op->actor->user);
    ref.doc = doc ? json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
    json_decref(doc);
    if (!ref.doc) {
        rc = xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    rc = op->c->st->ops->ref_put(op->c->st, &ref, op->eb);
    if (!rc)
        rc = case_move(op, "referred", json_pack("{s:s,s:I}", "agency", agency, "referral",
                                                 (json_int_t)ref.id));
    if (!rc)
        rc = respond_case(op);
out:
    case_referral_clear(&scan.found);
    case_referral_clear(&ref);
    return rc;
}

int case_h_advise(case_op *op)
{
    static const char *const advice_kinds[] = {"approve", "proviso", "refuse",
                                               "no_licence_required", NULL};
    int rc = EXCTL_OK;
    const char *advice = NULL, *reasons = NULL;
    json_t *prov = NULL, *doc = NULL;
    ref_scan scan = {0};
    rc = req_enum(op, op->req, "advice", advice_kinds, true, &advice);
    if (!rc)
        rc = req_str(op, op->req, "reasons", CASE_TEXT_MAX, true, &reasons);
    if (!rc)
        rc = req_array(op, op->req, "provisos", 50, false, &prov);
    if (!rc)
        rc = check_provisos(op, prov, strcmp(advice, "proviso") == 0);
    if (rc)
        goto out;
    scan.agency = case_actor_org(op->actor);
    rc = op->c->st->ops->ref_list(op->c->st, op->row.id, ref_scan_cb, &scan, op->eb);
    if (rc)
        goto out;
    if (!scan.found.id) {
        rc = xc_err(op->eb, scan.answered ? EXCTL_ESTATE : EXCTL_EPERM,
                    scan.answered ? "case %lld: %s has already given its advice"
                                  : "case %lld has no referral to %s",
                    (long long)op->row.id, scan.agency);
        goto out;
    }
    json_error_t je;
    doc = json_loads(scan.found.doc, 0, &je);
    if (!doc) {
        rc = xc_err(op->eb, EXCTL_EDB, "referral %lld: stored document is not JSON",
                    (long long)scan.found.id);
        goto out;
    }
    json_object_set_new(doc, "advice", json_string(advice));
    json_object_set_new(doc, "reasons", json_string(reasons));
    json_object_set_new(doc, "provisos", prov ? json_deep_copy(prov) : json_array());
    json_object_set_new(doc, "reviewer", json_string(op->actor->user));
    free(scan.found.doc);
    scan.found.doc = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT);
    if (!scan.found.doc) {
        rc = xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    case_strset(scan.found.status, sizeof scan.found.status, "answered");
    scan.found.answered_at = op->now;
    rc = op->c->st->ops->ref_put(op->c->st, &scan.found, op->eb);
    if (rc)
        goto out;
    /* scan.open counted this referral too */
    rc = case_move(op, scan.open > 1 ? "referred" : "advice_received",
                   json_pack("{s:s,s:s,s:I}", "agency", scan.agency, "advice", advice,
                             "referral", (json_int_t)scan.found.id));
    if (!rc)
        rc = respond_case(op);
out:
    json_decref(doc);
    case_referral_clear(&scan.found);
    return rc;
}

/* --- decisions ---------------------------------------------------------- */

static void finalise(case_op *op, const char *outcome)
{
    case_strset(op->row.outcome, sizeof op->row.outcome, outcome);
    op->row.decided_at = op->now;
}

int case_h_decide(case_op *op)
{
    static const char *const outcomes[] = {"approved", "approved_with_provisos", "refused", NULL};
    int rc = EXCTL_OK;
    const char *outcome = NULL, *reasons = NULL;
    json_t *prov = NULL, *doc = NULL;
    rc = req_enum(op, op->req, "outcome", outcomes, true, &outcome);
    if (!rc)
        rc = req_str(op, op->req, "reasons", CASE_TEXT_MAX, true, &reasons);
    if (!rc)
        rc = req_array(op, op->req, "provisos", 50, false, &prov);
    if (!rc)
        rc = check_provisos(op, prov, strcmp(outcome, "approved_with_provisos") == 0);
    if (!rc && prov && json_array_size(prov) && strcmp(outcome, "approved_with_provisos") != 0)
        rc = xc_err(op->eb, EXCTL_EINVAL, "decide: provisos go with approved_with_provisos");
    if (!rc)
        rc = case_doc(op, &op->row, &doc);
    if (rc)
        goto out;
    bool refused = strcmp(outcome, "refused") == 0;
    bool cs = json_is_true(json_object_get(json_object_get(doc, "routing"), "countersign")) ||
              (refused && json_is_true(json_object_get(op->c->wf->routing,
                                                       "countersign_refusals")));
    json_object_set_new(doc, "decision",
                        json_pack("{s:s,s:s,s:o,s:s,s:o,s:b}", "outcome", outcome, "reasons",
                                  reasons, "provisos", prov ? json_deep_copy(prov) : json_array(),
                                  "by", op->actor->user, "at", case_time_json(op->now),
                                  "countersign_required", cs));
    rc = case_set_doc(op, &op->row, doc);
    if (rc)
        goto out;
    if (!cs)
        finalise(op, outcome);
    rc = case_move(op, cs ? "countersign" : "decided",
                   json_pack("{s:s,s:b}", "outcome", outcome, "countersign_required", cs));
    if (!rc)
        rc = respond_case(op);
out:
    json_decref(doc);
    return rc;
}

int case_h_countersign(case_op *op)
{
    int rc = EXCTL_OK;
    const char *note = NULL;
    json_t *doc = NULL;
    rc = req_str(op, op->req, "note", CASE_TEXT_MAX, false, &note);
    if (!rc)
        rc = case_doc(op, &op->row, &doc);
    if (rc)
        goto out;
    json_t *dec = json_object_get(doc, "decision");
    const char *by = json_string_value(json_object_get(dec, "by"));
    const char *outcome = json_string_value(json_object_get(dec, "outcome"));
    if (!outcome) {
        rc = xc_err(op->eb, EXCTL_EDB, "case %lld: no decision to countersign",
                    (long long)op->row.id);
        goto out;
    }
    if (by && strcmp(by, op->actor->user) == 0) {
        rc = xc_err(op->eb, EXCTL_EPERM, "case %lld: %s decided it and cannot also countersign",
                    (long long)op->row.id, by);
        goto out;
    }
    json_object_set_new(doc, "countersign", json_pack("{s:s,s:o,s:s?}", "by", op->actor->user,
                                                      "at", case_time_json(op->now), "note",
                                                      note));
    finalise(op, outcome);
    rc = case_set_doc(op, &op->row, doc);
    if (!rc)
        rc = case_move(op, "decided", json_pack("{s:s}", "outcome", outcome));
    if (!rc)
        rc = respond_case(op);
out:
    json_decref(doc);
    return rc;
}

/* Move the current decision into the case's list of set-aside decisions. */
static void archive_decision(json_t *doc, const char *why, json_t *by_whom)
{
    json_t *old = json_object_get(doc, "set_aside");
    if (!json_is_array(old)) {
        old = json_array();
        json_object_set_new(doc, "set_aside", old);
    }
    json_t *dec = json_object_get(doc, "decision");
    if (dec) {
        json_t *entry = json_deep_copy(dec);
        json_object_set_new(entry, "set_aside_because", json_string(why));
        json_object_set(entry, "set_aside_by", by_whom);
        json_array_append_new(old, entry);
    }
    json_object_del(doc, "decision");
    json_object_del(doc, "countersign");
}

int case_h_return(case_op *op)
{
    int rc = EXCTL_OK;
    const char *reasons = NULL;
    json_t *doc = NULL, *who = json_string(op->actor->user);
    rc = req_str(op, op->req, "reasons", CASE_TEXT_MAX, true, &reasons);
    if (!rc)
        rc = case_doc(op, &op->row, &doc);
    if (rc)
        goto out;
    archive_decision(doc, reasons, who);
    rc = case_set_doc(op, &op->row, doc);
    if (!rc)
        rc = case_move(op, "under_review", json_pack("{s:s}", "reasons", reasons));
    if (!rc)
        rc = respond_case(op);
out:
    json_decref(who);
    json_decref(doc);
    return rc;
}

int case_h_appeal(case_op *op)
{
    int rc = EXCTL_OK;
    const char *grounds = NULL;
    json_t *doc = NULL;
    if (strcmp(op->row.outcome, "refused") != 0)
        return xc_err(op->eb, EXCTL_ESTATE, "case %lld was %s; only refusals can be appealed",
                      (long long)op->row.id, op->row.outcome);
    rc = req_str(op, op->req, "grounds", CASE_TEXT_MAX, true, &grounds);
    if (!rc)
        rc = case_doc(op, &op->row, &doc);
    if (rc)
        goto out;
    json_object_set_new(doc, "appeal", json_pack("{s:s,s:s,s:o}", "grounds", grounds, "by",
                                                 op->actor->user, "at", case_time_json(op->now)));
    rc = case_set_doc(op, &op->row, doc);
    if (!rc)
        rc = case_move(op, "appealed", NULL);
    if (!rc)
        rc = respond_case(op);
out:
    json_decref(doc);
    return rc;
}

int case_h_resolve_appeal(case_op *op)
{
    int rc = EXCTL_OK;
    const char *reasons = NULL;
    bool upheld = false;
    json_t *doc = NULL, *who = json_string(op->actor->user);
    rc = req_bool(op, op->req, "upheld", true, &upheld);
    if (!rc)
        rc = req_str(op, op->req, "reasons", CASE_TEXT_MAX, true, &reasons);
    if (!rc)
        rc = case_doc(op, &op->row, &doc);
    if (rc)
        goto out;
    json_t *appeal = json_object_get(doc, "appeal");
    if (appeal)
        json_object_set_new(appeal, "resolution",
                            json_pack("{s:b,s:s,s:s,s:o}", "upheld", upheld, "reasons", reasons,
                                      "by", op->actor->user, "at", case_time_json(op->now)));
    if (upheld) {   /* the refusal is set aside and the case examined again */
        archive_decision(doc, reasons, who);
        op->row.outcome[0] = '\0';
        op->row.decided_at = 0;
    }
    rc = case_set_doc(op, &op->row, doc);
    if (!rc)
        rc = case_move(op, upheld ? "under_review" : "decided",
                       json_pack("{s:b}", "upheld", upheld));
    if (!rc)
        rc = respond_case(op);
out:
    json_decref(who);
    json_decref(doc);
    return rc;
}

/* --- views -------------------------------------------------------------- */

typedef struct view_ctx {
    case_op *op;
    json_t *arr;
    const char *only_agency;   /* referrals of one agency only */
} view_ctx;

static json_t *doc_or_empty(const char *text)
{
    json_error_t je;
    json_t *d = json_loads(text ? text : "{}", 0, &je);
    return d ? d : json_object();
}

static int ref_view_cb(void *ud, const case_referral *r)
{
    view_ctx *v = ud;
    if (v->only_agency && strcmp(v->only_agency, r->agency) != 0)
        return EXCTL_OK;
    json_t *o = doc_or_empty(r->doc);
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "agency", json_string(r->agency));
    json_object_set_new(o, "status", json_string(r->status));
    json_object_set_new(o, "created_at", case_time_json(r->created_at));
    json_object_set_new(o, "answered_at", case_time_json(r->answered_at));
    return json_array_append_new(v->arr, o) ? EXCTL_ENOMEM : EXCTL_OK;
}

static int alert_view_cb(void *ud, const case_alert *a)
{
    view_ctx *v = ud;
    json_t *o = doc_or_empty(a->doc);
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "party", json_integer(a->party));
    json_object_set_new(o, "list", json_string(a->list_id));
    json_object_set_new(o, "entity", json_string(a->entity_id));
    json_object_set_new(o, "status", json_string(a->status));
    json_object_set_new(o, "raised_at", case_time_json(a->raised_at));
    return json_array_append_new(v->arr, o) ? EXCTL_ENOMEM : EXCTL_OK;
}

/* Internal steps an applicant does not see in the history. */
static bool internal_event(const char *action)
{
    static const char *const internal[] = {"refer", "advise", "alert", "ack_alert"};
    for (size_t i = 0; i < XC_ARRAY_LEN(internal); i++)
        if (strcmp(internal[i], action) == 0)
            return true;
    return false;
}

static int event_view_cb(void *ud, const case_event *e)
{
    view_ctx *v = ud;
    if (v->op->role->scope == WF_SCOPE_OWN_ORG && internal_event(e->action))
        return EXCTL_OK;
    json_t *o = doc_or_empty(e->doc);
    const char *agency = json_string_value(json_object_get(o, "agency"));
    if (v->only_agency && agency && strcmp(agency, v->only_agency) != 0) {
        json_decref(o);   /* another agency's referral */
        return EXCTL_OK;
    }
    json_object_set_new(o, "action", json_string(e->action));
    json_object_set_new(o, "actor", json_string(e->actor));
    json_object_set_new(o, "role", json_string(e->role));
    json_object_set_new(o, "at", case_time_json(e->at));
    json_object_set_new(o, "from", json_string(e->from));
    json_object_set_new(o, "to", json_string(e->to));
    return json_array_append_new(v->arr, o) ? EXCTL_ENOMEM : EXCTL_OK;
}

static json_t *regimes_json(const char *reg)
{
    json_t *a = json_array();
    const char *p = reg;
    while (a && *p) {
        size_t n = strcspn(p, ",");
        json_array_append_new(a, json_stringn(p, n));
        p += n;
        if (*p == ',')
            p++;
    }
    return a;
}

/* Summary fields shared by list entries and the full view. */
static json_t *row_summary(const case_row *r)
{
    return json_pack("{s:I,s:s,s:s,s:s?,s:s?,s:s,s:s,s:o,s:s?,s:o,s:o,s:o,s:o}",
                     "id", (json_int_t)r->id, "org", r->org, "status", r->status,
                     "outcome", *r->outcome ? r->outcome : NULL,
                     "queue", *r->queue ? r->queue : NULL, "licence_type", r->ltype,
                     "destination", r->dest, "regimes", regimes_json(r->regimes),
                     "assignee", *r->assignee ? r->assignee : NULL,
                     "created_at", case_time_json(r->created_at),
                     "submitted_at", case_time_json(r->submitted_at),
                     "decided_at", case_time_json(r->decided_at),
                     "updated_at", case_time_json(r->updated_at));
}

int case_view(case_op *op, const case_row *r, json_t **out)
{
    int rc = EXCTL_OK;
    json_t *v = NULL, *doc = NULL, *lic = NULL;
    view_ctx ctx = {op, NULL, NULL};
    *out = NULL;
    rc = case_doc(op, r, &doc);
    if (rc)
        goto out;
    v = row_summary(r);
    if (!v) {
        rc = xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    json_object_update(v, doc);   /* application, checks, flags, routing, decision, ... */
    /* What each scope sees: the authority everything; an agency its own
     * referral and the events about it; the applicant neither the
     * referrals, nor the re-screening alerts, nor set-aside decisions
     * (internal deliberation), but every status change and the decision
     * with its reasons. */
    bool applicant = op->role->scope == WF_SCOPE_OWN_ORG;
    if (op->role->scope == WF_SCOPE_REFERRED)
        ctx.only_agency = case_actor_org(op->actor);
    if (applicant) {
        json_object_del(v, "set_aside");
    } else {
        json_object_set_new(v, "referrals", ctx.arr = json_array());
        rc = op->c->st->ops->ref_list(op->c->st, r->id, ref_view_cb, &ctx, op->eb);
        if (rc)
            goto out;
        json_object_set_new(v, "alerts", ctx.arr = json_array());
        rc = op->c->st->ops->alert_list(op->c->st, r->id, alert_view_cb, &ctx, op->eb);
        if (rc)
            goto out;
    }
    json_object_set_new(v, "history", ctx.arr = json_array());
    rc = op->c->st->ops->event_list(op->c->st, r->id, event_view_cb, &ctx, op->eb);
    if (rc)
        goto out;
    rc = case_licence_view(op, r->id, &lic);
    if (rc)
        goto out;
    json_object_set_new(v, "licence", lic ? lic : json_null());
    *out = v;
    v = NULL;
out:
    json_decref(v);
    json_decref(doc);
    return rc;
}

int case_h_get(case_op *op)
{
    int64_t id = 0;
    bool visible = false;
    int rc = req_int(op, op->req, "case", 1, INT64_MAX, true, &id);
    if (!rc)
        rc = op->c->st->ops->case_get(op->c->st, id, &op->row, op->eb);
    if (!rc)
        rc = case_visible(op, &op->row, &visible);
    if (!rc && !visible)
        rc = xc_err(op->eb, EXCTL_ENOTFOUND, "no case %lld", (long long)id);
    if (!rc)
        rc = respond_case(op);
    return rc;
}

static int list_cb(void *ud, const case_row *r)
{
    view_ctx *v = ud;
    json_t *s = row_summary(r), *doc = NULL;
    if (!s)
        return EXCTL_ENOMEM;
    if (case_doc(v->op, r, &doc) == EXCTL_OK) {
        json_t *f = json_object_get(doc, "flags");
        json_object_set_new(s, "flags", f ? json_incref(f) : json_array());
        json_decref(doc);
    }
    return json_array_append_new(v->arr, s) ? EXCTL_ENOMEM : EXCTL_OK;
}

/* --- alerts across cases ---------------------------------------------------- */

typedef struct alerts_ctx {
    const char *status;    /* NULL: any */
    int64_t limit;
    json_t *arr;
} alerts_ctx;

static int alerts_cb(void *ud, const case_alert *a)
{
    alerts_ctx *x = ud;
    if (x->status && strcmp(a->status, x->status) != 0)
        return EXCTL_OK;
    if ((int64_t)json_array_size(x->arr) >= x->limit)
        return EXCTL_EEXISTS;   /* stops the listing: the page is full */
    json_t *o = doc_or_empty(a->doc);
    if (!o || json_object_set_new(o, "id", json_integer(a->id)) ||
        json_object_set_new(o, "case", json_integer(a->case_id)) ||
        json_object_set_new(o, "party", json_integer(a->party)) ||
        json_object_set_new(o, "list", json_string(a->list_id)) ||
        json_object_set_new(o, "entity", json_string(a->entity_id)) ||
        json_object_set_new(o, "status", json_string(a->status)) ||
        json_object_set_new(o, "raised_at", case_time_json(a->raised_at))) {
        json_decref(o);
        return EXCTL_ENOMEM;
    }
    return json_array_append_new(x->arr, o) ? EXCTL_ENOMEM : EXCTL_OK;
}

/* Re-screening alerts of every case in one listing (a wide action: only the
 * authority's roles, which see every case). */
int case_h_alerts(case_op *op)
{
    alerts_ctx x = {NULL, 1000, json_array()};
    int rc = req_str(op, op->req, "status", CASE_KEY_MAX - 1, false, &x.status);
    if (!rc)
        rc = req_int(op, op->req, "limit", 1, 10000, false, &x.limit);
    if (!rc && !x.arr)
        rc = xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
    if (rc)
        goto out;
    rc = op->c->st->ops->alert_list(op->c->st, 0, alerts_cb, &x, op->eb);
    bool full = rc == EXCTL_EEXISTS;
    if (full)
        rc = EXCTL_OK;
    if (rc)
        goto out;
    op->resp = json_pack("{s:O, s:b}", "alerts", x.arr, "truncated", full);
    if (!op->resp)
        rc = xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
out:
    json_decref(x.arr);
    return rc;
}

int case_h_list(case_op *op)
{
    case_filter f = {0};
    view_ctx ctx = {op, json_array(), NULL};
    int rc = req_str(op, op->req, "status", CASE_KEY_MAX - 1, false, &f.status);
    if (!rc)
        rc = req_str(op, op->req, "queue", CASE_KEY_MAX - 1, false, &f.queue);
    if (!rc)
        rc = req_str(op, op->req, "assignee", CASE_ID_MAX - 1, false, &f.assignee);
    if (!rc && op->role->scope == WF_SCOPE_ALL)
        rc = req_str(op, op->req, "org", CASE_ID_MAX - 1, false, &f.org);
    f.limit = 100;
    if (!rc)
        rc = req_int(op, op->req, "limit", 1, 1000, false, &f.limit);
    if (!rc)
        rc = req_int(op, op->req, "after", 0, INT64_MAX, false, &f.after);
    if (rc)
        goto out;
    /* The scope narrows every listing; a request cannot widen it. */
    if (op->role->scope == WF_SCOPE_OWN_ORG)
        f.org = case_actor_org(op->actor);
    else if (op->role->scope == WF_SCOPE_REFERRED)
        f.agency = case_actor_org(op->actor);
    rc = op->c->st->ops->case_list(op->c->st, &f, list_cb, &ctx, op->eb);
    if (rc)
        goto out;
    /* A full page may have more behind it: hand out the cursor. */
    json_t *last = json_array_get(ctx.arr, json_array_size(ctx.arr) - 1);
    bool full = (int64_t)json_array_size(ctx.arr) == f.limit;
    op->resp = json_pack("{s:O,s:O?}", "cases", ctx.arr, "next_after",
                         full ? json_object_get(last, "id") : NULL);
    if (!op->resp)
        rc = xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
out:
    json_decref(ctx.arr);
    return rc;
}
