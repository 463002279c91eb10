/*
 * cases — running one workflow action.
 *
 * Every action, read or write, goes through exctl_case_apply_json() and the
 * same gate in the same order: known role, role x action matrix, request
 * syntax, then (for actions on a case) the case's visibility to the actor
 * and the transition table. Only then does the handler run. Doing the checks
 * here, once, means a handler cannot forget one, and the order fixes which
 * error an attempt that is wrong in several ways gets (role first: an
 * exporter trying to decide learns nothing about the case).
 *
 * Writes run in one transaction that also holds the audit hook's call, so a
 * change and its audit entry are stored together or not at all. Reads run
 * in a read transaction so that a case view assembled from several tables
 * is one consistent snapshot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "case_internal.h"

#define REQUEST_MAX ((size_t)4 << 20)   /* 4 MiB of JSON per request */

/* Order matters only for the role bit masks; append new actions. */
const case_action case_actions[] = {
    /* name               handler                     on_case writes wide */
    {"create",            case_h_create,              false, true, false},
    {"update",            case_h_update,              true,  true, false},
    {"submit",            case_h_submit,              true,  true, false},
    {"record_checks",     case_h_record_checks,       true,  true, false},
    {"start_review",      case_h_start_review,        true,  true, false},
    {"assign",            case_h_assign,              true,  true, false},
    {"refer",             case_h_refer,               true,  true, false},
    {"advise",            case_h_advise,              true,  true, false},
    {"decide",            case_h_decide,              true,  true, false},
    {"countersign",       case_h_countersign,         true,  true, false},
    {"return",            case_h_return,              true,  true, false},
    {"issue_licence",     case_h_issue_licence,       true,  true, false},
    {"appeal",            case_h_appeal,              true,  true, false},
    {"resolve_appeal",    case_h_resolve_appeal,      true,  true, false},
    {"record_usage",      case_h_record_usage,        true,  true, false},
    {"suspend",           case_h_suspend,             true,  true, false},
    {"reinstate",         case_h_reinstate,           true,  true, false},
    {"revoke",            case_h_revoke,              true,  true, false},
    {"expire",            NULL,                       true,  true, false},  /* via expire_due */
    {"ack_alert",         case_h_ack_alert,           true,  true, false},
    {"get",               case_h_get,                 false, false, false},
    {"list",              case_h_list,                false, false, false},
    {"get_licence",       case_h_get_licence,         false, false, false},
    {"expire_due",        case_h_expire_due,          false, true, true},
    {"rescreen_targets",  case_h_rescreen_targets,    false, false, true},
    {"rescreen_results",  case_h_rescreen_results,    false, true, true},
    {"icp_checklist",     case_h_icp_checklist,       false, false, false},
    {"icp_assess",        case_h_icp_assess,          false, true, false},
    {"visit_record",      case_h_visit_record,        false, true, false},
    {"violation_record",  case_h_violation_record,    false, true, false},
    {"deemed_export_record", case_h_deemed_export_record, false, true, false},
    {"compliance_list",   case_h_compliance_list,     false, false, false},
    {"stats",             case_h_stats,               false, false, true},
    {"alerts",            case_h_alerts,              false, false, true},
};
const size_t case_action_count = XC_ARRAY_LEN(case_actions);
_Static_assert(XC_ARRAY_LEN(case_actions) <= 64, "role masks hold at most 64 actions");

int case_action_find(const char *name)
{
    for (size_t i = 0; name && i < case_action_count; i++)
        if (strcmp(case_actions[i].name, name) == 0)
            return (int)i;
    return -1;
}

const char *const *exctl_case_actions(void)
{
    static const char *names[XC_ARRAY_LEN(case_actions) + 1];
    if (!names[0]) {
        size_t k = 0;
        for (size_t i = 0; i < case_action_count; i++)
            if (case_actions[i].fn)
                names[k++] = case_actions[i].name;
        names[k] = NULL;
    }
    return names;
}

/* --- handle ------------------------------------------------------------- */

/* Bind wf to one of the two backends (exactly one of db, pg is non-NULL). */
static int cases_open(struct sqlite3 *db, struct pg_conn *pg, const exctl_workflow *wf,
                      exctl_cases **out, exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    exctl_cases *c = NULL;
    if (!out || !wf || (!db && !pg))
        return xc_err(eb, EXCTL_EINVAL, "exctl_cases_open: NULL argument");
    *out = NULL;
    c = calloc(1, sizeof *c);
    if (!c)
        return xc_err(eb, EXCTL_ENOMEM, "out of memory");
    c->wf = wf;
    rc = db ? case_store_sqlite_open(db, &c->st, eb) : case_store_pg_open(pg, &c->st, eb);
    if (rc)
        goto out;
    *out = c;
    c = NULL;
out:
    exctl_cases_close(c);
    return rc;
}

int exctl_cases_open(struct sqlite3 *db, const exctl_workflow *wf, exctl_cases **out,
                     exctl_errbuf *eb)
{
    return cases_open(db, NULL, wf, out, eb);
}

int exctl_cases_open_pg(struct pg_conn *conn, const exctl_workflow *wf, exctl_cases **out,
                        exctl_errbuf *eb)
{
    return cases_open(NULL, conn, wf, out, eb);
}

void exctl_cases_close(exctl_cases *c)
{
    if (!c)
        return;
    if (c->st)
        c->st->ops->close(c->st);
    free(c);
}

void exctl_cases_set_audit(exctl_cases *c, exctl_audit_fn fn, void *ud)
{
    if (c) {
        c->audit = fn;
        c->audit_ud = ud;
    }
}

void exctl_cases_set_clock(exctl_cases *c, exctl_clock_fn fn, void *ud)
{
    if (c) {
        c->clock = fn;
        c->clock_ud = ud;
    }
}

/* --- helpers ------------------------------------------------------------ */

const char *case_actor_org(const exctl_actor *a)
{
    return a->org ? a->org : "";
}

void case_time_iso(int64_t t, char out[32])
{
    struct tm tm;
    time_t tt = (time_t)t;
    if (!gmtime_r(&tt, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(out, 32, "%lld", (long long)t);
}

json_t *case_time_json(int64_t t)
{
    char buf[32];
    if (!t)
        return json_null();
    case_time_iso(t, buf);
    return json_string(buf);
}

int64_t case_add_months(int64_t t, int months)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    struct tm tm;
    time_t tt = (time_t)t;
    if (!gmtime_r(&tt, &tm))
        return t;
    int m = tm.tm_mon + months;
    tm.tm_year += m / 12;
    tm.tm_mon = m % 12;
    int y = tm.tm_year + 1900;
    int dim = mdays[tm.tm_mon] +
              (tm.tm_mon == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    if (tm.tm_mday > dim)   /* 31 August + 6 months = 28/29 February */
        tm.tm_mday = dim;
    return (int64_t)timegm(&tm);
}

int case_doc(case_op *op, const case_row *r, json_t **out)
{
    json_error_t je;
    *out = json_loads(r->doc ? r->doc : "{}", 0, &je);
    if (!*out || !json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        return xc_err(op->eb, EXCTL_EDB, "case %lld: stored document is not JSON: %s",
                      (long long)r->id, je.text);
    }
    return EXCTL_OK;
}

int case_set_doc(case_op *op, case_row *r, json_t *doc)
{
    char *s = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT);
    if (!s)
        return xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
    free(r->doc);
    r->doc = s;
    return EXCTL_OK;
}

int case_audit(case_op *op, const char *action, const char *object, json_t *details)
{
    int rc = EXCTL_OK;
    char *text = NULL;
    if (!details)
        details = json_object();
    if (!details)
        return xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
    json_object_set_new(details, "role", json_string(op->role->name));
    if (op->actor->org && *op->actor->org)
        json_object_set_new(details, "org", json_string(op->actor->org));
    json_object_set_new(details, "at", case_time_json(op->now));
    if (!op->c->audit)
        goto out;
    text = json_dumps(details, JSON_SORT_KEYS | JSON_COMPACT);
    if (!text) {
        rc = xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    if (op->c->audit(op->c->audit_ud, op->actor->user, action, object, text) != 0)
        rc = xc_err(op->eb, EXCTL_EDB, "audit log refused %s on %s; nothing was changed",
                    action, object);
out:
    free(text);
    json_decref(details);
    return rc;
}

int case_event_rec(case_op *op, const char *action, const char *from, const char *to,
                   json_t *details)
{
    int rc = EXCTL_OK;
    case_event ev = {0};
    char object[48], aname[CASE_KEY_MAX + 8];
    if (!details)
        details = json_object();
    if (!details)
        return xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
    json_object_set_new(details, "from", json_string(from));
    json_object_set_new(details, "to", json_string(to));
    ev.case_id = op->row.id;
    ev.at = op->now;
    if (case_strset(ev.actor, sizeof ev.actor, op->actor->user) ||
        case_strset(ev.role, sizeof ev.role, op->role->name) ||
        case_strset(ev.action, sizeof ev.action, action) ||
        case_strset(ev.from, sizeof ev.from, from) || case_strset(ev.to, sizeof ev.to, to)) {
        rc = xc_err(op->eb, EXCTL_EINTERNAL, "event field too long");
        goto out;
    }
    ev.doc = json_dumps(details, JSON_SORT_KEYS | JSON_COMPACT);
    if (!ev.doc) {
        rc = xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    rc = op->c->st->ops->event_add(op->c->st, &ev, op->eb);
    if (rc)
        goto out;
    snprintf(object, sizeof object, "case:%lld", (long long)op->row.id);
    snprintf(aname, sizeof aname, "case.%s", action);
    rc = case_audit(op, aname, object, details);
    details = NULL;
out:
    json_decref(details);
    free(ev.doc);
    return rc;
}

int case_save(case_op *op)
{
    op->row.updated_at = op->now;
    return op->c->st->ops->case_put(op->c->st, &op->row, op->eb);
}

int case_move(case_op *op, const char *to, json_t *details)
{
    int rc = EXCTL_OK;
    char from[CASE_KEY_MAX];
    int ti = wf_status_index(op->c->wf, to);
    if (!op->tr || op->tr->stay || ti < 0 || !(op->tr->to & (1u << ti))) {
        rc = xc_err(op->eb, EXCTL_ESTATE, "transitions.json does not let \"%s\" lead to \"%s\"",
                    op->action, to);
        goto out;
    }
    memcpy(from, op->row.status, sizeof from);
    case_strset(op->row.status, sizeof op->row.status, to);
    rc = case_save(op);
    if (rc)
        goto out;
    rc = case_event_rec(op, op->action, from, to, details);
    details = NULL;
out:
    json_decref(details);
    return rc;
}

typedef struct vis_ctx {
    const char *agency;
    bool found;
} vis_ctx;

static int vis_cb(void *ud, const case_referral *r)
{
    vis_ctx *v = ud;
    if (strcmp(r->agency, v->agency) == 0)
        v->found = true;
    return EXCTL_OK;
}

int case_visible(case_op *op, const case_row *r, bool *visible)
{
    *visible = false;
    switch (op->role->scope) {
    case WF_SCOPE_ALL:
        *visible = true;
        return EXCTL_OK;
    case WF_SCOPE_OWN_ORG:
        *visible = op->actor->org && strcmp(op->actor->org, r->org) == 0;
        return EXCTL_OK;
    case WF_SCOPE_REFERRED: {
        vis_ctx v = {case_actor_org(op->actor), false};
        if (!*v.agency)
            return EXCTL_OK;
        int rc = op->c->st->ops->ref_list(op->c->st, r->id, vis_cb, &v, op->eb);
        *visible = v.found;
        return rc;
    }
    }
    return EXCTL_OK;
}

/* --- request fields ----------------------------------------------------- */

int req_str(case_op *op, json_t *obj, const char *key, size_t max, bool required,
            const char **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required)
            return xc_err(op->eb, EXCTL_EINVAL, "%s: field \"%s\" is required", op->action, key);
        return EXCTL_OK;
    }
    if (!json_is_string(v))
        return xc_err(op->eb, EXCTL_EINVAL, "%s: field \"%s\" must be a string", op->action, key);
    size_t n = json_string_length(v);
    const char *s = json_string_value(v);
    if (n != strlen(s))
        return xc_err(op->eb, EXCTL_EINVAL, "%s: field \"%s\" contains a NUL character",
                      op->action, key);
    if (n > max)
        return xc_err(op->eb, EXCTL_ETOOBIG, "%s: field \"%s\" is longer than %zu bytes",
                      op->action, key, max);
    if (required && n == 0)
        return xc_err(op->eb, EXCTL_EINVAL, "%s: field \"%s\" must not be empty", op->action, key);
    *out = s;
    return EXCTL_OK;
}

int req_int(case_op *op, json_t *obj, const char *key, int64_t min, int64_t max, bool required,
            int64_t *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        if (required)
            return xc_err(op->eb, EXCTL_EINVAL, "%s: field \"%s\" is required", op->action, key);
        return EXCTL_OK;
    }
    if (!json_is_integer(v))
        return xc_err(op->eb, EXCTL_EINVAL, "%s: field \"%s\" must be an integer", op->action,
                      key);
    json_int_t x = json_integer_value(v);
    if (x < min || x > max)
        return xc_err(op->eb, EXCTL_EINVAL, "%s: field \"%s\" must be between %lld and %lld",
                      op->action, key, (long long)min, (long long)max);
    *out = (int64_t)x;
    return EXCTL_OK;
}

int req_bool(case_op *op, json_t *obj, const char *key, bool required, bool *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        if (required)
            return xc_err(op->eb, EXCTL_EINVAL, "%s: field \"%s\" is required", op->action, key);
        return EXCTL_OK;
    }
    if (!json_is_boolean(v))
        return xc_err(op->eb, EXCTL_EINVAL, "%s: field \"%s\" must be true or false",
                      op->action, key);
    *out = json_is_true(v);
    return EXCTL_OK;
}

int req_array(case_op *op, json_t *obj, const char *key, size_t max, bool required,
              json_t **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required)
            return xc_err(op->eb, EXCTL_EINVAL, "%s: field \"%s\" is required", op->action, key);
        return EXCTL_OK;
    }
    if (!json_is_array(v))
        return xc_err(op->eb, EXCTL_EINVAL, "%s: field \"%s\" must be an array", op->action, key);
    if (json_array_size(v) > max)
        return xc_err(op->eb, EXCTL_ETOOBIG, "%s: field \"%s\" has more than %zu entries",
                      op->action, key, max);
    *out = v;
    return EXCTL_OK;
}

int req_enum(case_op *op, json_t *obj, const char *key, const char *const *allowed,
             bool required, const char **out)
{
    int rc = req_str(op, obj, key, CASE_KEY_MAX, required, out);
    if (rc || !*out)
        return rc;
    for (size_t i = 0; allowed[i]; i++)
        if (strcmp(allowed[i], *out) == 0)
            return EXCTL_OK;
    char list[256] = "";
    size_t n = 0;
    for (size_t i = 0; allowed[i] && n < sizeof list; i++) {
        int w = snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", allowed[i]);
        if (w < 0)
            break;
        n += (size_t)w;
    }
    return xc_err(op->eb, EXCTL_EINVAL, "%s: field \"%s\" must be one of: %s", op->action, key,
                  list);
}

/* --- the gate ----------------------------------------------------------- */

static int check_actor(const exctl_workflow *wf, const exctl_actor *a, const wf_role **role,
                       exctl_errbuf *eb)
{
    if (!a || !a->user || !*a->user || strlen(a->user) >= CASE_ID_MAX ||
        !xc_utf8_valid(a->user, strlen(a->user)))
        return xc_err(eb, EXCTL_EINVAL, "actor: a user id of 1 to %d bytes of UTF-8 is required",
                      CASE_ID_MAX - 1);
    if (a->org && (strlen(a->org) >= CASE_ID_MAX || !xc_utf8_valid(a->org, strlen(a->org))))
        return xc_err(eb, EXCTL_EINVAL, "actor: organisation longer than %d bytes or not UTF-8",
                      CASE_ID_MAX - 1);
    *role = wf_role_find(wf, a->role);
    if (!*role)
        return xc_err(eb, EXCTL_EPERM, "actor %s: unknown role \"%s\"", a->user,
                      a->role ? a->role : "(none)");
    return EXCTL_OK;
}

static int parse_request(const char *request, json_t **out, exctl_errbuf *eb)
{
    json_error_t je;
    *out = NULL;
    if (!request || !*request) {
        *out = json_object();
        return *out ? EXCTL_OK : xc_err(eb, EXCTL_ENOMEM, "out of memory");
    }
    if (strlen(request) > REQUEST_MAX)
        return xc_err(eb, EXCTL_ETOOBIG, "request larger than %zu bytes", REQUEST_MAX);
    *out = json_loads(request, JSON_REJECT_DUPLICATES, &je);
    if (!*out)
        return xc_err(eb, EXCTL_EINVAL, "request: line %d, column %d: %s", je.line, je.column,
                      je.text);
    if (!json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        return xc_err(eb, EXCTL_EINVAL, "request must be a JSON object");
    }
    return EXCTL_OK;
}

static void status_names(const exctl_workflow *wf, uint32_t mask, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < wf->nst && n < cap; i++) {
        if (!(mask & (1u << i)))
            continue;
        int w = snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", wf->st[i].name);
        if (w < 0)
            break;
        n += (size_t)w;
    }
}

/* Load the request's case, check the actor may see it and that the action
 * may run from its status. */
static int load_case(case_op *op)
{
    int64_t id = 0;
    bool visible = false;
    int rc = req_int(op, op->req, "case", 1, INT64_MAX, true, &id);
    if (rc)
        return rc;
    rc = op->c->st->ops->case_get(op->c->st, id, &op->row, op->eb);
    if (rc)
        return rc;
    rc = case_visible(op, &op->row, &visible);
    if (rc)
        return rc;
    if (!visible)   /* the same answer as for a missing case: existence is not leaked */
        return xc_err(op->eb, EXCTL_ENOTFOUND, "no case %lld", (long long)id);
    op->tr = wf_trans_find(op->c->wf, op->action);
    int si = wf_status_index(op->c->wf, op->row.status);
    if (!op->tr || si < 0 || !(op->tr->from & (1u << si))) {
        char allowed[256];
        status_names(op->c->wf, op->tr ? op->tr->from : 0, allowed, sizeof allowed);
        return xc_err(op->eb, EXCTL_ESTATE, "case %lld is %s; %s is allowed only from: %s",
                      (long long)id, op->row.status, op->action, allowed);
    }
    return EXCTL_OK;
}

int exctl_case_apply_json(exctl_cases *c, const exctl_actor *actor, const char *action,
                          const char *request, char **response, exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    bool in_tx = false;
    case_op op = {0};
    if (response)
        *response = NULL;
    if (!c || !action || !response)
        return xc_err(eb, EXCTL_EINVAL, "exctl_case_apply_json: NULL argument");
    const wf_role *role = NULL;
    rc = check_actor(c->wf, actor, &role, eb);
    if (rc)
        return rc;
    int ai = case_action_find(action);
    if (ai < 0 || !case_actions[ai].fn)
        return xc_err(eb, EXCTL_EINVAL, "unknown action \"%s\"", action);
    const case_action *act = &case_actions[ai];
    if (!wf_role_may(role, action) || (act->wide && role->scope != WF_SCOPE_ALL))
        return xc_err(eb, EXCTL_EPERM, "role %s may not %s", role->name, action);

    op.c = c;
    op.actor = actor;
    op.role = role;
    op.action = act->name;
    op.eb = eb;
    op.now = c->clock ? c->clock(c->clock_ud) : (int64_t)time(NULL);
    rc = parse_request(request, &op.req, eb);
    if (rc)
        goto out;
    rc = c->st->ops->begin(c->st, act->writes, eb);
    if (rc)
        goto out;
    in_tx = true;
    if (act->on_case) {
        rc = load_case(&op);
        if (rc)
            goto out;
    }
    rc = act->fn(&op);
    if (rc)
        goto out;
    if (in_tx) {
        in_tx = false;
        rc = c->st->ops->commit(c->st, eb);
        if (rc) {
            c->st->ops->rollback(c->st);
            goto out;
        }
    }
    if (!op.resp)
        op.resp = json_object();
    *response = op.resp ? json_dumps(op.resp, JSON_SORT_KEYS | JSON_COMPACT |
                                                  JSON_REAL_PRECISION(12))
                        : NULL;
    if (!*response)
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
out:
    if (in_tx)
        c->st->ops->rollback(c->st);
    json_decref(op.req);
    json_decref(op.resp);
    case_row_clear(&op.row);
    return rc;
}
