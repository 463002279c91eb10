/*
 * server — the route table, path matching, access control and the OpenAPI
 * document generated from the same table.
 *
 * One static table lists every route with its method, pattern, handler,
 * the roles allowed and whether it takes a JSON body. Matching is a linear
 * scan over ~30 patterns segment by segment: cheaper than any trie at this
 * size and obviously correct. A path that matches a pattern under another
 * method gives 405 with an Allow header.
 *
 * Access: public routes need nothing. Others take either a Bearer API token
 * (machines; no CSRF, since browsers never attach it on their own) or the
 * session cookie (the UI), in which case every unsafe method must carry
 * the X-CSRF-Token header equal to the session's token (double submit: the
 * token is also in a readable cookie that only same-origin script can
 * read). Then the user's role must be in the route's role set.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "core/core.h"
#include "server/srv.h"
#include "server/h_workflow.h"

#define ALL ST_ROLE_ANY
#define STAFF (ST_ROLE_EXAMINER | ST_ROLE_ADMIN)
#define WRITERS (ST_ROLE_EXPORTER | ST_ROLE_EXAMINER | ST_ROLE_ADMIN | ST_ROLE_COUNTERSIGNER)

static const srv_route routes[] = {
    {"GET", "/healthz", h_healthz, SRV_PUBLIC, 0, "Liveness and loaded data", "ops"},
    {"GET", "/metrics", h_metrics, SRV_PUBLIC, 0, "Prometheus metrics", "ops"},
    {"GET", "/openapi.json", h_openapi, SRV_PUBLIC, 0, "This document", "ops"},
    {"POST", "/v1/login", h_login, SRV_PUBLIC, SRV_F_BODY, "Log in (session cookie)", "auth"},
    {"POST", "/v1/logout", h_logout, ALL, 0, "End the session", "auth"},
    {"GET", "/v1/me", h_me, ALL, 0, "The current user", "auth"},
    {"GET", "/v1/tokens", h_tokens_list, ALL, 0, "Own API tokens", "auth"},
    {"POST", "/v1/tokens", h_tokens_create, ALL, SRV_F_BODY, "Create an API token", "auth"},
    {"DELETE", "/v1/tokens/{id}", h_tokens_delete, ALL, 0, "Revoke an API token", "auth"},
    {"GET", "/v1/users", h_users_list, ST_ROLE_ADMIN, 0, "List users", "admin"},
    {"POST", "/v1/users", h_users_create, ST_ROLE_ADMIN, SRV_F_BODY, "Create a user", "admin"},
    {"PATCH", "/v1/users/{id}", h_users_modify, ST_ROLE_ADMIN, SRV_F_BODY,
     "Change a user's role, organisation, password or disable it", "admin"},
    {"GET", "/v1/audit/verify", h_audit_verify, ST_ROLE_ADMIN, 0, "Verify the audit chain",
     "admin"},
    {"GET", "/v1/lists", h_lists, ALL, 0, "Loaded lists with versions, hashes, counts",
     "screening"},
    {"GET", "/v1/entities/{id}", h_entity, ALL, 0, "One listed entity", "screening"},
    {"GET", "/v1/screen", h_screen_get, ALL, 0, "Screen one name", "screening"},
    {"POST", "/v1/screen", h_screen_post, ALL, SRV_F_BODY, "Screen a batch of parties",
     "screening"},
    {"POST", "/match/{dataset}", h_match, ALL, SRV_F_BODY,
     "yente-compatible matching API (FtM queries)", "screening"},
    {"GET", "/v1/decisions", h_decisions_get, ALL, 0, "Remembered decisions for a party",
     "screening"},
    {"POST", "/v1/decisions", h_decisions_post, WRITERS, SRV_F_BODY,
     "Record a true match / false positive decision", "screening"},
    {"GET", "/v1/records", h_records_get, ALL, 0, "Saved records", "records"},
    {"POST", "/v1/records", h_records_post, WRITERS, SRV_F_BODY, "Save a record", "records"},
    {"GET", "/v1/records/{id}", h_record_get, ALL, 0, "One saved record", "records"},
    {"GET", "/v1/cl/search", h_cl_search, ALL, 0, "Search the control lists", "controls"},
    {"GET", "/v1/cl/{code}", h_cl_get, ALL, 0, "One control list entry", "controls"},
    {"GET", "/v1/classify/vocabulary", h_classify_vocab, ALL, 0,
     "Parameter vocabulary of the classification rules", "controls"},
    {"POST", "/v1/classify", h_classify, ALL, SRV_F_BODY, "Classify an item", "controls"},
    {"POST", "/v1/determine", h_determine, ALL, SRV_F_BODY,
     "Determine licence requirements", "controls"},
    {"GET", "/v1/cases", h_cases_actions, ALL, 0, "Licensing workflow actions", "cases"},
    {"POST", "/v1/cases/{action}", h_cases, ALL, SRV_F_BODY,
     "Perform a licensing workflow action (docs/workflow.md); the role x action matrix "
     "is enforced by the workflow", "cases"},
    /* Licensing workflow (lib/server/h_workflow.c); the workflow enforces the
     * role x action matrix and each actor's scope again. */
#define EXP ST_ROLE_EXPORTER
#define EXM ST_ROLE_EXAMINER
#define ADM ST_ROLE_ADMIN
#define CSN ST_ROLE_COUNTERSIGNER
    {"POST", "/v1/cases", h_wf_create, EXP, SRV_F_BODY, "Create an application (draft)", "workflow"},
    {"GET", "/v1/cases/list", h_wf_list, ALL, 0,
     "Cases visible to the user; examiner queues by ?queue= or ?assignee=", "workflow"},
    {"GET", "/v1/cases/{id}", h_wf_get, ALL, 0, "One case with checks, flags, history", "workflow"},
    {"PATCH", "/v1/cases/{id}", h_wf_update, EXP, SRV_F_BODY, "Update a draft application",
     "workflow"},
    {"POST", "/v1/cases/{id}/submit", h_wf_submit, EXP, SRV_F_BODY,
     "Submit: the server screens every party and determines every item", "workflow"},
    {"POST", "/v1/cases/{id}/review", h_wf_case_action, EXM, SRV_F_BODY, "Start the review",
     "workflow"},
    {"POST", "/v1/cases/{id}/assign", h_wf_case_action, EXM | ADM, SRV_F_BODY,
     "Assign to an examiner", "workflow"},
    {"POST", "/v1/cases/{id}/refer", h_wf_case_action, EXM, SRV_F_BODY,
     "Refer to another agency", "workflow"},
    {"POST", "/v1/cases/{id}/advice", h_wf_case_action, ST_ROLE_AGENCY_REVIEWER, SRV_F_BODY,
     "Agency advice on a referral", "workflow"},
    {"POST", "/v1/cases/{id}/decision", h_wf_case_action, EXM, SRV_F_BODY, "Decide the case",
     "workflow"},
    {"POST", "/v1/cases/{id}/countersign", h_wf_case_action, CSN, SRV_F_BODY,
     "Countersign the decision", "workflow"},
    {"POST", "/v1/cases/{id}/return", h_wf_case_action, CSN, SRV_F_BODY,
     "Set the decision aside and return the case to review", "workflow"},
    {"POST", "/v1/cases/{id}/licence", h_wf_case_action, EXM, SRV_F_BODY, "Issue the licence",
     "workflow"},
    {"POST", "/v1/cases/{id}/usage", h_wf_case_action, EXP, SRV_F_BODY,
     "Record a shipment against the licence (over-use: 409)", "workflow"},
    {"POST", "/v1/cases/{id}/appeal", h_wf_case_action, EXP, SRV_F_BODY, "Appeal a refusal",
     "workflow"},
    {"POST", "/v1/cases/{id}/appeal-resolution", h_wf_case_action, CSN | ADM, SRV_F_BODY,
     "Resolve an appeal", "workflow"},
    {"POST", "/v1/cases/{id}/suspend", h_wf_case_action, EXM | ADM, SRV_F_BODY,
     "Suspend the licence", "workflow"},
    {"POST", "/v1/cases/{id}/reinstate", h_wf_case_action, EXM | ADM, SRV_F_BODY,
     "Reinstate a suspended licence", "workflow"},
    {"POST", "/v1/cases/{id}/revoke", h_wf_case_action, EXM | ADM, SRV_F_BODY,
     "Revoke the licence", "workflow"},
    {"POST", "/v1/cases/{id}/alerts/{alert}/ack", h_wf_alert_ack, EXM | ADM, SRV_F_BODY,
     "Acknowledge a re-screening alert", "workflow"},
    {"GET", "/v1/alerts", h_wf_alerts, EXM | ADM | CSN, 0, "Re-screening alerts (?all=1)",
     "workflow"},
    {"POST", "/v1/alerts/rescreen", h_wf_rescreen, EXM | ADM, SRV_F_BODY,
     "Re-screen parties of open cases and live licences with the loaded lists", "workflow"},
    {"POST", "/v1/lists/reload", h_wf_lists_reload, ADM, SRV_F_BODY,
     "Reload the lists the server was started with", "workflow"},
    {"GET", "/v1/licences/{number}", h_wf_licence, EXP | EXM | ADM | CSN, 0,
     "One licence with balances and usage", "workflow"},
    {"POST", "/v1/licences/expire", h_wf_expire, EXM | ADM, SRV_F_BODY,
     "Expire licences past their validity", "workflow"},
    {"GET", "/v1/compliance", h_wf_compliance_list, EXP | EXM | ADM, 0,
     "Compliance records (?org=, ?kind=)", "workflow"},
    {"GET", "/v1/compliance/icp-checklist", h_wf_icp_checklist, EXP | EXM | ADM, 0,
     "The ICP self-assessment checklist", "workflow"},
    {"POST", "/v1/compliance/icp", h_wf_compliance_post, EXP, SRV_F_BODY,
     "ICP self-assessment", "workflow"},
    {"POST", "/v1/compliance/visits", h_wf_compliance_post, EXM | ADM, SRV_F_BODY,
     "Compliance visit with findings", "workflow"},
    {"POST", "/v1/compliance/violations", h_wf_compliance_post, EXM | ADM, SRV_F_BODY,
     "Violation with penalty and mitigation", "workflow"},
    {"POST", "/v1/compliance/deemed-exports", h_wf_compliance_post, EXP, SRV_F_BODY,
     "Deemed-export record (person, 特定類型, technologies, screening)", "workflow"},
    {"GET", "/v1/stats", h_wf_stats, EXM | ADM | CSN, 0,
     "Statistics: status, destination, regime, outcome, service levels, alert rates",
     "workflow"},
#undef EXP
#undef EXM
#undef ADM
#undef CSN
};

const srv_route *srv_routes(size_t *n)
{
    *n = XC_ARRAY_LEN(routes);
    return routes;
}

/* Path parameters captured by one match attempt; copied into the request
 * only for the route that is taken (the request itself is too large to
 * copy for every pattern tried). */
typedef struct captures {
    size_t n;
    size_t len[SRV_MAX_PARAMS];
    const char *at[SRV_MAX_PARAMS];   /* into the path */
} captures;

/* Match path against pattern, capturing {params}. */
static bool match_pattern(const char *pat, const char *path, captures *cap)
{
    size_t np = 0;
    while (*pat && *path) {
        if (*pat == '{') {
            const char *pe = strchr(pat, '}');
            const char *se = strchr(path, '/');
            size_t len = se ? (size_t)(se - path) : strlen(path);
            if (!pe || len == 0 || np >= SRV_MAX_PARAMS || len >= SRV_PARAM_MAX)
                return false;
            cap->at[np] = path;
            cap->len[np] = len;
            np++;
            pat = pe + 1;
            path += len;
            continue;
        }
        if (*pat != *path)
            return false;
        pat++;
        path++;
    }
    if (*pat || *path)
        return false;
    cap->n = np;
    return true;
}

int srv_route_match(srv_req *r)
{
    bool other_method = false;
    size_t alen = 0;
    r->allow[0] = '\0';
    /* Literal segments win over parameters ("/v1/cl/search" before
     * "/v1/cl/{code}"): the table lists literals first. */
    for (size_t i = 0; i < XC_ARRAY_LEN(routes); i++) {
        captures cap;
        if (!match_pattern(routes[i].pattern, r->path, &cap))
            continue;
        if (!strcmp(routes[i].method, r->method) ||
            (!strcmp(r->method, "HEAD") && !strcmp(routes[i].method, "GET"))) {
            for (size_t k = 0; k < cap.n; k++) {
                memcpy(r->param_buf[k], cap.at[k], cap.len[k]);
                r->param_buf[k][cap.len[k]] = '\0';
                r->params[k] = r->param_buf[k];
                r->params_len[k] = cap.len[k];
            }
            r->n_params = cap.n;
            r->route = &routes[i];
            r->route_index = (int)i;
            return 200;
        }
        /* Same path under another method: remember it for Allow. */
        if (!strstr(r->allow, routes[i].method)) {
            int w = snprintf(r->allow + alen, sizeof r->allow - alen, "%s%s",
                             alen ? ", " : "", routes[i].method);
            if (w > 0 && (size_t)w < sizeof r->allow - alen)
                alen += (size_t)w;
        }
        other_method = true;
    }
    if (other_method)
        return 405;
    r->allow[0] = '\0';
    return 404;
}

static bool safe_method(const char *m)
{
    return !strcmp(m, "GET") || !strcmp(m, "HEAD") || !strcmp(m, "OPTIONS");
}

static bool ct_equal(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    unsigned char d = (unsigned char)(na != nb);
    for (size_t i = 0; i < na && i < nb; i++)
        d |= (unsigned char)(a[i] ^ b[i]);
    return d == 0;
}

static int64_t mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void srv_auth_invalidate(srv_ctx *c)
{
    atomic_fetch_add(&c->auth_gen, 1);
}

static srv_auth_slot *auth_slot(srv_ctx *c, const char *key)
{
    return &c->auth[xc_hash(key, strlen(key)) & (SRV_AUTH_SLOTS - 1)];
}

static bool auth_cached(srv_req *r, const char *key, bool session)
{
    srv_ctx *c = r->srv;
    bool hit = false;
    if (!c->auth)
        return false;
    pthread_mutex_lock(&c->auth_mu);
    srv_auth_slot *sl = auth_slot(c, key);
    if (!strcmp(sl->key, key) && sl->session == session &&
        sl->gen == atomic_load(&c->auth_gen) && sl->until_ms > mono_ms()) {
        r->user = sl->user;
        r->session = sl->sess;
        hit = true;
    }
    pthread_mutex_unlock(&c->auth_mu);
    return hit;
}

static void auth_remember(srv_req *r, const char *key, bool session, unsigned long gen)
{
    srv_ctx *c = r->srv;
    if (!c->auth)
        return;
    int64_t until = mono_ms() + SRV_AUTH_TTL_MS;
    if (session) {
        int64_t left = (r->session.expires - (int64_t)time(NULL)) * 1000;
        if (mono_ms() + left < until)
            until = mono_ms() + left;
    }
    pthread_mutex_lock(&c->auth_mu);
    srv_auth_slot *sl = auth_slot(c, key);
    memcpy(sl->key, key, ST_HASH_HEX);
    sl->session = session;
    sl->gen = gen;
    sl->until_ms = until;
    sl->user = r->user;
    sl->sess = r->session;
    pthread_mutex_unlock(&c->auth_mu);
}

int srv_authorize(srv_req *r)
{
    const srv_route *rt = r->route;
    exctl_errbuf eb = {{0}};
    if (rt->roles == SRV_PUBLIC)
        return 0;
    const char *authz = srv_header(r, "Authorization");
    if (authz && xc_istarts(authz, "Bearer ")) {
        const char *tok = authz + 7;
        while (*tok == ' ')
            tok++;
        char key[ST_HASH_HEX];
        xc_sha256_hex(tok, strlen(tok), key);
        if (!auth_cached(r, key, false)) {
            /* Read the generation first: a change racing with this lookup
             * then makes the cached entry stale instead of wrong. */
            unsigned long gen = atomic_load(&r->srv->auth_gen);
            if (st_token_lookup(srv_store(r), tok, &r->user, &eb)) {
                srv_error(r, 401, "unauthorized", "invalid or revoked API token");
                return -1;
            }
            auth_remember(r, key, false, gen);
        }
    } else {
        const char *cookie = srv_cookie(r, "exctl_session");
        if (!cookie) {
            srv_error(r, 401, "unauthorized",
                      "log in (POST /v1/login) or send an API token (Authorization: Bearer)");
            return -1;
        }
        char key[ST_HASH_HEX];
        xc_sha256_hex(cookie, strlen(cookie), key);
        if (!auth_cached(r, key, true)) {
            unsigned long gen = atomic_load(&r->srv->auth_gen);
            if (st_session_lookup(srv_store(r), cookie, &r->session, &r->user, &eb)) {
                srv_error(r, 401, "unauthorized", "session expired or unknown; log in again");
                return -1;
            }
            auth_remember(r, key, true, gen);
        }
        r->via_session = true;
        if (!safe_method(r->method)) {
            const char *h = srv_header(r, "X-CSRF-Token");
            if (!h || !ct_equal(h, r->session.csrf)) {
                srv_error(r, 403, "csrf",
                          "missing or wrong X-CSRF-Token header for a session request");
                return -1;
            }
        }
    }
    r->authed = true;
    if (!(rt->roles & r->user.role)) {
        srv_error(r, 403, "forbidden", "role %s may not %s %s", st_role_name(r->user.role),
                  rt->method, rt->pattern);
        return -1;
    }
    return 0;
}

/* --- OpenAPI ------------------------------------------------------------------- */

static json_t *error_schema(void)
{
    return json_pack("{s:s, s:{s:{s:s, s:{s:{s:s}, s:{s:s}}}}}", "type", "object",
                     "properties", "error", "type", "object", "properties", "code", "type",
                     "string", "message", "type", "string");
}

json_t *srv_openapi(void)
{
    json_t *paths = json_object();
    for (size_t i = 0; i < XC_ARRAY_LEN(routes); i++) {
        const srv_route *rt = &routes[i];
        json_t *item = json_object_get(paths, rt->pattern);
        if (!item) {
            item = json_object();
            json_object_set_new(paths, rt->pattern, item);
        }
        char method[16];
        size_t k = 0;
        for (; rt->method[k] && k + 1 < sizeof method; k++)
            method[k] = (char)(rt->method[k] | 0x20);
        method[k] = '\0';
        json_t *op = json_pack("{s:s, s:[s], s:{s:{s:s}}}", "summary", rt->summary, "tags",
                               rt->tag, "responses", "200", "description", "OK");
        json_t *params = json_array();
        for (const char *p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{')) {
            const char *e = strchr(p, '}');
            if (!e)
                break;
            json_array_append_new(params,
                                  json_pack("{s:s%, s:s, s:b, s:{s:s}}", "name", p + 1,
                                            (size_t)(e - p - 1), "in", "path", "required", 1,
                                            "schema", "type", "string"));
        }
        if (json_array_size(params))
            json_object_set_new(op, "parameters", params);
        else
            json_decref(params);
        if (rt->flags & SRV_F_BODY)
            json_object_set_new(op, "requestBody",
                                json_pack("{s:b, s:{s:{s:{s:s}}}}", "required", 1, "content",
                                          "application/json", "schema", "type", "object"));
        json_t *resp = json_object_get(op, "responses");
        json_t *err = json_pack("{s:s, s:{s:{s:o}}}", "description", "Error", "content",
                                "application/json", "schema", error_schema());
        json_object_set_new(resp, "default", err);
        if (rt->roles == SRV_PUBLIC) {
            json_object_set_new(op, "security", json_array());
        } else {
            json_t *roles = json_array();
            for (unsigned b = 1; b <= ST_ROLE_COUNTERSIGNER; b <<= 1)
                if (rt->roles & b)
                    json_array_append_new(roles, json_string(st_role_name(b)));
            json_object_set_new(op, "x-roles", roles);
        }
        json_object_set_new(item, method, op);
    }
    return json_pack(
        "{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:{s:{s:s, s:s}, s:{s:s, s:s, s:s}}},"
        " s:[{s:[]}, {s:[]}]}",
        "openapi", "3.0.3", "info", "title", "exctl", "version", EXCTL_VERSION, "description",
        "Export control: party screening, control lists, classification, licence "
        "determination, records.",
        "paths", paths, "components", "securitySchemes", "bearer", "type", "http", "scheme",
        "bearer", "session", "type", "apiKey", "in", "cookie", "name", "exctl_session",
        "security", "bearer", "session");
}
