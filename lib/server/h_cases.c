/*
 * server — the licensing workflow (lib/cases) over HTTP.
 *
 * The workflow library has one JSON-in/JSON-out entry point per action, so
 * the server exposes it as POST /v1/cases/{action} and stays ignorant of
 * the actions themselves: who may do what, what each user may see and
 * which transitions are legal are decided by the workflow's data and
 * engine, not here. The server supplies the authenticated actor (user,
 * role, organisation) and the connection. Each pooled store connection
 * gets its own exctl_cases handle (created on first use, freed with the
 * connection), and its audit hook appends to the store's hash chain inside
 * the workflow's own transaction, so a case change and its audit row
 * commit together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "exctl/cases.h"
#include "server/srv.h"

void srv_cases_init(srv_ctx *c)
{
    exctl_errbuf eb = {{0}};
    exctl_workflow *wf = NULL;
    if (exctl_workflow_load(NULL, &wf, &eb))
        snprintf(c->cases_error, sizeof c->cases_error, "licensing workflow: %s", eb.msg);
    else
        c->workflow = wf;
}

void srv_cases_free(srv_ctx *c)
{
    exctl_workflow_free(c->workflow);
    c->workflow = NULL;
}

static int audit_hook(void *ud, const char *actor, const char *action, const char *object,
                      const char *details)
{
    return st_audit_append(ud, actor, action, object, details, NULL);
}

static void cases_free(void *p)
{
    exctl_cases_close(p);
}

exctl_cases *srv_cases_bind(st_store *st, const void *workflow, exctl_errbuf *eb)
{
    exctl_cases *c = NULL;
    int rc;
    if (!st) {
        xc_err(eb, EXCTL_EDB, "no store connection");
        return NULL;
    }
    if (st->attach)
        return st->attach;
    /* The workflow's tables live beside the store's, on the same
     * connection, whichever the backend. */
    if (st_sqlite_db(st))
        rc = exctl_cases_open(st_sqlite_db(st), workflow, &c, eb);
    else if (st_pg_conn(st))
        rc = exctl_cases_open_pg(st_pg_conn(st), workflow, &c, eb);
    else
        rc = xc_err(eb, EXCTL_EINTERNAL, "the licensing workflow has no backend for store '%s'",
                    st->ops->name);
    if (rc)
        return NULL;
    exctl_cases_set_audit(c, audit_hook, st);
    st->attach = c;
    st->attach_free = cases_free;
    return c;
}

exctl_cases *srv_cases(srv_req *r, exctl_errbuf *eb)
{
    return srv_cases_bind(srv_store(r), r->srv->workflow, eb);
}

int h_cases_actions(srv_req *r)
{
    if (!r->srv->workflow)
        return srv_error(r, 503, "unavailable", "%s", r->srv->cases_error);
    json_t *arr = json_array();
    for (const char *const *a = exctl_case_actions(); a && *a; a++)
        json_array_append_new(arr, json_string(*a));
    return srv_json(r, 200, json_pack("{s:o}", "actions", arr));
}

int h_cases(srv_req *r)
{
    exctl_errbuf eb = {{0}};
    const char *action = r->params[0];
    char *req = NULL, *resp = NULL;
    if (!r->srv->workflow)
        return srv_error(r, 503, "unavailable", "%s", r->srv->cases_error);
    bool known = false;
    for (const char *const *a = exctl_case_actions(); a && *a; a++)
        known |= !strcmp(*a, action);
    if (!known)
        return srv_error(r, 404, "not_found", "no workflow action '%s' (GET /v1/cases lists them)",
                         action);
    /* Check results come from the server's own screening and determination
     * (POST /v1/cases/{id}/submit, POST /v1/alerts/rescreen), never from a
     * client. */
    if (!strcmp(action, "record_checks") || !strcmp(action, "rescreen_results") ||
        (!strcmp(action, "submit") && json_object_get(r->json, "checks")))
        return srv_error(r, 400, "invalid",
                         "checks are computed by the server: use POST /v1/cases/{id}/submit "
                         "and POST /v1/alerts/rescreen");
    exctl_cases *c = srv_cases(r, &eb);
    if (!c)
        return srv_fail(r, EXCTL_EDB, &eb);
    exctl_actor who = {r->user.username, st_role_name(r->user.role), r->user.org};
    req = json_dumps(r->json, JSON_COMPACT | JSON_SORT_KEYS);
    if (!req)
        return srv_error(r, 503, "unavailable", "out of memory");
    int rc = exctl_case_apply_json(c, &who, action, req, &resp, &eb);
    free(req);
    if (rc)
        return srv_fail(r, rc, &eb);
    json_error_t je;
    json_t *out = json_loads(resp, 0, &je);
    exctl_free(resp);
    if (!out)
        return srv_error(r, 500, "internal", "workflow answered invalid JSON: %s", je.text);
    return srv_json(r, 200, out);
}
