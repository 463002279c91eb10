/*
 * server — the licensing workflow (lib/cases) as typed REST routes.
 *
 * Each route names one workflow action; the handler turns the path
 * parameters and the body into the action's JSON request, runs it as the
 * authenticated user and answers with the workflow's JSON. Three things are
 * the server's own business and are never taken from the client:
 *
 * - Submission checks. POST /v1/cases/{id}/submit ignores any "checks" a
 *   client sends: it reads the application back as the exporter, screens
 *   every party with the loaded screener and runs the jurisdiction packs'
 *   determination over every item, and hands those results to the
 *   workflow, which turns them into flags and a queue.
 * - Re-screening. POST /v1/alerts/rescreen asks the workflow for the
 *   parties of open cases and live licences, screens them against the lists
 *   loaded now and reports the hits; the workflow raises an alert for each
 *   hit it did not know.
 * - List reload. POST /v1/lists/reload loads the lists the server was
 *   started with again (the --list files, else the bundled lists with their
 *   installed updates) into a new generation and publishes it (gen.c);
 *   requests already running finish on the generation they hold, which is
 *   freed when the last of them ends. A failed load leaves the current
 *   generation in place. The reload then re-screens at once, so new hits
 *   become alerts without anyone having to remember the second step.
 *
 * The workflow handle lives with the pooled store connection (st->attach),
 * shared with the generic /v1/cases/{action} route, and its audit hook
 * appends to the store's hash chain inside the workflow's transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/core.h"
#include "exctl/cases.h"
#include "exctl/determine.h"
#include "server/h_workflow.h"

#define WF_REASONS_MAX 1500       /* bytes of determination reasons kept per item */

/* Run action with req (stolen) as the request user; *out receives the
 * parsed response (caller owns) or an error response is set on r and a
 * non-zero code returned. */
static int wf_run(srv_req *r, const char *action, json_t *req, json_t **out)
{
    exctl_errbuf eb = {{0}};
    char *text = NULL, *resp = NULL;
    int rc = EXCTL_OK;
    *out = NULL;
    if (!r->srv->workflow) {
        srv_error(r, 503, "unavailable", "%s", r->srv->cases_error);
        rc = EXCTL_ESTATE;
        goto out;
    }
    exctl_cases *c = srv_cases(r, &eb);
    if (!c) {
        srv_fail(r, EXCTL_EDB, &eb);
        rc = EXCTL_EDB;
        goto out;
    }
    if (!req)
        req = json_object();
    text = req ? json_dumps(req, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    if (!text) {
        srv_error(r, 503, "unavailable", "out of memory");
        rc = EXCTL_ENOMEM;
        goto out;
    }
    exctl_actor who = {r->user.username, st_role_name(r->user.role),
                       r->user.org[0] ? r->user.org : NULL};
    rc = exctl_case_apply_json(c, &who, action, text, &resp, &eb);
    if (rc) {
        srv_fail(r, rc, &eb);
        goto out;
    }
    json_error_t je;
    *out = json_loads(resp, 0, &je);
    if (!*out) {
        srv_error(r, 500, "internal", "workflow answered invalid JSON: %s", je.text);
        rc = EXCTL_EINTERNAL;
    }
out:
    json_decref(req);
    free(text);
    exctl_free(resp);
    return rc;
}

/* Run and answer 200 with the workflow's response. */
static int wf_answer(srv_req *r, const char *action, json_t *req)
{
    json_t *out = NULL;
    if (wf_run(r, action, req, &out))
        return 0;
    return srv_json(r, 200, out);
}

/* The request body as a fresh object (a copy: handlers add fields). */
static json_t *wf_body(srv_req *r)
{
    return r->json && json_is_object(r->json) ? json_deep_copy(r->json) : json_object();
}

static bool wf_param_id(srv_req *r, size_t i, json_int_t *id)
{
    size_t v = 0;
    if (i >= r->n_params || !srv_parse_size(r->params[i], 1, (size_t)1 << 53, &v)) {
        srv_error(r, 400, "invalid", "path parameter must be a positive integer id");
        return false;
    }
    *id = (json_int_t)v;
    return true;
}

/* --- cases -------------------------------------------------------------- */

int h_wf_create(srv_req *r)
{
    return wf_answer(r, "create", wf_body(r));
}

int h_wf_list(srv_req *r)
{
    static const char *const skeys[] = {"status", "queue", "assignee", "org", NULL};
    static const char *const nkeys[] = {"limit", "after", NULL};
    json_t *req = json_object();
    for (size_t i = 0; skeys[i]; i++) {
        const char *v = srv_query(r, skeys[i]);
        if (v && *v)
            json_object_set_new(req, skeys[i], json_string(v));
    }
    for (size_t i = 0; nkeys[i]; i++) {
        const char *v = srv_query(r, nkeys[i]);
        size_t n = 0;
        if (!v)
            continue;
        if (!srv_parse_size(v, 0, (size_t)1 << 53, &n)) {
            json_decref(req);
            return srv_error(r, 400, "invalid", "%s must be a non-negative integer", nkeys[i]);
        }
        json_object_set_new(req, nkeys[i], json_integer((json_int_t)n));
    }
    return wf_answer(r, "list", req);
}

int h_wf_get(srv_req *r)
{
    json_int_t id;
    if (!wf_param_id(r, 0, &id))
        return 0;
    return wf_answer(r, "get", json_pack("{s:I}", "case", id));
}

int h_wf_update(srv_req *r)
{
    json_int_t id;
    if (!wf_param_id(r, 0, &id))
        return 0;
    json_t *req = wf_body(r);
    json_object_set_new(req, "case", json_integer(id));
    return wf_answer(r, "update", req);
}

/* Per-case actions named by the last path segment. */
static const struct {
    const char *segment, *action;
} case_actions[] = {
    {"review", "start_review"}, {"assign", "assign"},       {"refer", "refer"},
    {"advice", "advise"},       {"decision", "decide"},     {"countersign", "countersign"},
    {"return", "return"},       {"licence", "issue_licence"}, {"usage", "record_usage"},
    {"appeal", "appeal"},       {"appeal-resolution", "resolve_appeal"},
    {"suspend", "suspend"},     {"reinstate", "reinstate"}, {"revoke", "revoke"},
};

int h_wf_case_action(srv_req *r)
{
    json_int_t id;
    const char *seg = strrchr(r->route->pattern, '/');
    const char *action = NULL;
    for (size_t i = 0; seg && i < XC_ARRAY_LEN(case_actions); i++)
        if (!strcmp(seg + 1, case_actions[i].segment))
            action = case_actions[i].action;
    if (!action)
        return srv_error(r, 500, "internal", "route %s has no workflow action",
                         r->route->pattern);
    if (!wf_param_id(r, 0, &id))
        return 0;
    json_t *req = wf_body(r);
    json_object_set_new(req, "case", json_integer(id));
    json_t *out = NULL;
    if (wf_run(r, action, req, &out))
        return 0;
    return srv_json(r, 200, out);
}

int h_wf_alert_ack(srv_req *r)
{
    json_int_t id, alert;
    if (!wf_param_id(r, 0, &id) || !wf_param_id(r, 1, &alert))
        return 0;
    json_t *req = wf_body(r);
    json_object_set_new(req, "case", json_integer(id));
    json_object_set_new(req, "alert", json_integer(alert));
    return wf_answer(r, "ack_alert", req);
}

/* --- submission with the server's own checks ------------------------------ */

/* The screener and versions of the request's list generation. */
static const exctl_screener *wf_screener(srv_req *r)
{
    return srv_lists(r)->screener;
}

static json_t *wf_versions(srv_req *r)
{
    return srv_lists(r)->versions;
}

/* Screen one party; the caller owns the returned array of hits. */
static int screen_party(srv_req *r, const char *name, const char *country, json_t **hits,
                        exctl_errbuf *eb)
{
    exctl_query q = {.name = name, .country = country && *country ? country : NULL};
    exctl_screen_opts so = {.threshold = -1, .limit = 10};
    exctl_matches *ms = NULL;
    *hits = json_array();
    int rc = exctl_screen(wf_screener(r), &q, &so, &ms, eb);
    for (size_t i = 0; !rc && i < exctl_matches_count(ms); i++) {
        const exctl_match *m = exctl_matches_at(ms, i);
        json_array_append_new(*hits, json_pack("{s:s, s:s, s:s, s:f}", "list", m->list_id,
                                               "entity", m->entity_id, "name",
                                               m->name ? m->name : "", "score", m->score));
    }
    atomic_fetch_add(&r->srv->metrics.screenings, 1);
    if (!rc && json_array_size(*hits))
        atomic_fetch_add(&r->srv->metrics.screen_hits, 1);
    exctl_matches_free(ms);
    return rc;
}

/* The JP pack writes list entries as 別表第1 項番 with the 項 character
 * ("2項(12)"); applications often omit it ("2(12)", "2"). Without it the
 * pack would not recognise the entry and find no list control, so the
 * missing 項 is inserted after the leading digits. The caller owns the
 * result. */
static json_t *jp_entry(const char *jp)
{
    size_t n = 0;
    while (jp[n] >= '0' && jp[n] <= '9')
        n++;
    if (n == 0 || n > 3 || (jp[n] != '\0' && jp[n] != '('))
        return json_string(jp);
    char buf[160];
    int w = snprintf(buf, sizeof buf, "%.*s項%s", (int)n, jp, jp + n);
    return w > 0 && (size_t)w < sizeof buf ? json_string(buf) : json_string(jp);
}

/* Classification of a goods item in the packs' keys: jp, eu, eccn. */
static json_t *det_classification(json_t *item)
{
    json_t *cls = json_object_get(item, "classification");
    json_t *out = json_object();
    const char *jp = json_string_value(json_object_get(cls, "jp"));
    const char *eu = json_string_value(json_object_get(cls, "eu"));
    const char *us = json_string_value(json_object_get(cls, "us"));
    if (jp && *jp)
        json_object_set_new(out, "jp", jp_entry(jp));
    if (eu && *eu)
        json_object_set_new(out, "eu", json_string(eu));
    if (us && *us)
        json_object_set_new(out, "eccn", json_string(us));
    if (json_object_size(out))
        return out;
    json_decref(out);
    return json_string("not_listed");
}

/* The determination transaction for an application. */
static json_t *det_transaction(json_t *app)
{
    char date[16];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%Y-%m-%d", &tm);
    const char *dest = json_string_value(json_object_get(app, "destination"));
    json_t *items = json_array(), *parties = json_array();
    size_t i;
    json_t *g, *p;
    json_array_foreach(json_object_get(app, "goods"), i, g) {
        char id[32];
        snprintf(id, sizeof id, "item-%zu", i);
        json_t *it = json_pack("{s:s, s:s, s:o}", "id", id, "kind", "goods", "classification",
                               det_classification(g));
        json_t *val = json_object_get(g, "value");
        const char *cur = json_string_value(json_object_get(g, "currency"));
        if (json_is_integer(val) && cur && *cur)
            json_object_set_new(it, "value", json_pack("{s:O, s:s}", "amount", val, "currency",
                                                       cur));
        json_array_append_new(items, it);
    }
    json_array_foreach(json_object_get(app, "parties"), i, p) {
        json_t *pp = json_object();
        static const char *const keys[] = {"role", "name", "country", NULL};
        for (size_t k = 0; keys[k]; k++) {
            json_t *v = json_object_get(p, keys[k]);
            if (json_is_string(v) && json_string_length(v))
                json_object_set(pp, keys[k], v);
        }
        json_array_append_new(parties, pp);
    }
    return json_pack("{s:s, s:s, s:s, s:o, s:o}", "jurisdiction", "JP", "date", date,
                     "destination", dest ? dest : "", "items", items, "parties", parties);
}

/* One item of a determination result as the workflow's check record. */
static json_t *det_item_check(json_t *it, size_t index, json_t *goods_item)
{
    bool catch_all = false;
    const char *outcome = json_string_value(json_object_get(it, "outcome"));
    xc_buf why;
    xc_buf_init(&why);
    xc_buf_puts(&why, outcome ? outcome : "unknown");
    size_t k;
    json_t *gr;
    json_array_foreach(json_object_get(it, "grounds"), k, gr) {
        const char *rule = json_string_value(json_object_get(gr, "rule"));
        const char *ex = json_string_value(json_object_get(gr, "explanation"));
        if (rule && strstr(rule, ".ca."))
            catch_all = true;
        if (why.len < WF_REASONS_MAX) {
            xc_buf_puts(&why, k ? "; " : ": ");
            xc_buf_puts(&why, rule ? rule : "?");
            if (ex && *ex) {
                xc_buf_puts(&why, " — ");
                xc_buf_puts(&why, ex);
            }
        }
    }
    /* Cut on a UTF-8 boundary so the reasons stay valid text. */
    size_t len = why.len;
    const char *s = xc_buf_cstr(&why);
    if (len > WF_REASONS_MAX) {
        len = WF_REASONS_MAX;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    json_t *codes = json_array();
    const char *jp = json_string_value(
        json_object_get(json_object_get(goods_item, "classification"), "jp"));
    if (jp && *jp && strlen(jp) < 64)
        json_array_append_new(codes, json_string(jp));
    json_t *out = json_pack("{s:I, s:{s:b}, s:b, s:b, s:o, s:s%}", "item", (json_int_t)index,
                            "licence_required", "jp",
                            json_is_true(json_object_get(it, "license_required")) ||
                                json_is_true(json_object_get(it, "prohibited")),
                            "catch_all", catch_all, "embargoed_destination",
                            json_is_true(json_object_get(it, "prohibited")), "control_codes",
                            codes, "reasons", s, len);
    xc_buf_free(&why);
    return out;
}

/* Screen every party and determine every item of app: the checks record. */
static int build_checks(srv_req *r, json_t *app, json_t **out, exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    json_t *scr = json_array(), *det = json_array(), *tx = NULL, *res = NULL;
    exctl_determination *d = NULL;
    char *txt = NULL;
    size_t i;
    json_t *p;
    *out = NULL;
    json_array_foreach(json_object_get(app, "parties"), i, p) {
        json_t *hits = NULL;
        rc = screen_party(r, json_string_value(json_object_get(p, "name")),
                          json_string_value(json_object_get(p, "country")), &hits, eb);
        if (rc) {
            json_decref(hits);
            goto out;
        }
        json_array_append_new(scr, json_pack("{s:I, s:o}", "party", (json_int_t)i, "hits",
                                             hits));
    }
    json_t *goods = json_object_get(app, "goods");
    if (json_array_size(goods) && r->srv->packs) {
        exctl_det_screener ds = {.screener = wf_screener(r), .threshold = -1};
        exctl_det_opts o = {.screen = exctl_det_screen_screener, .screen_ctx = &ds};
        tx = det_transaction(app);
        txt = json_dumps(tx, JSON_COMPACT);
        if (!txt) {
            rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
            goto out;
        }
        if ((rc = exctl_determine_json(r->srv->packs, txt, strlen(txt), &o, &d, eb)))
            goto out;
        res = json_loads(exctl_determination_json(d), 0, NULL);
        if (!res) {
            rc = xc_err(eb, EXCTL_EINTERNAL, "determination produced invalid JSON");
            goto out;
        }
        json_t *it;
        json_array_foreach(json_object_get(res, "items"), i, it)
            json_array_append_new(det, det_item_check(it, i, json_array_get(goods, i)));
    }
    json_t *lv = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(wf_versions(r), key, v) {
        const char *date = json_string_value(json_object_get(v, "date"));
        if (strlen(key) < 64)
            json_object_set_new(lv, key, json_string(date && *date ? date : "undated"));
    }
    *out = json_pack("{s:O, s:O, s:o}", "screening", scr, "determination", det,
                     "list_versions", lv);
out:
    json_decref(scr);
    json_decref(det);
    json_decref(tx);
    json_decref(res);
    free(txt);
    exctl_determination_free(d);
    return rc;
}

int h_wf_submit(srv_req *r)
{
    exctl_errbuf eb = {{0}};
    json_int_t id;
    json_t *view = NULL, *checks = NULL;
    if (!wf_param_id(r, 0, &id))
        return 0;
    if (r->json && json_object_get(r->json, "checks"))
        return srv_error(r, 400, "invalid",
                         "checks are computed by the server; do not send them");
    /* Read the application as the submitting user: a case outside the
     * user's scope is not found here already. */
    if (wf_run(r, "get", json_pack("{s:I}", "case", id), &view))
        return 0;
    json_t *app = json_object_get(json_object_get(view, "case"), "application");
    int rc = build_checks(r, app, &checks, &eb);
    json_decref(view);
    if (rc)
        return srv_fail(r, rc, &eb);
    return wf_answer(r, "submit", json_pack("{s:I, s:o}", "case", id, "checks", checks));
}

/* --- alerts and re-screening --------------------------------------------- */

int h_wf_alerts(srv_req *r)
{
    /* One listing of every case's alerts in the workflow, not a case list
     * followed by one read per case. */
    json_t *req = srv_query(r, "all") ? json_object() : json_pack("{s:s}", "status", "open");
    return wf_answer(r, "alerts", req);
}

/* Re-screen the parties of open cases and live licences with the lists
 * loaded now; *out receives the workflow's answer plus "screened" and
 * "list_version" (caller owns). On failure an error response is set and a
 * non-zero code returned. */
static int rescreen_run(srv_req *r, json_t **out)
{
    exctl_errbuf eb = {{0}};
    json_t *targets = NULL, *results = json_array();
    char ver[ST_HASH_HEX];
    if (wf_run(r, "rescreen_targets", NULL, &targets)) {
        json_decref(results);
        return EXCTL_ESTATE;
    }
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(targets, "targets"), i, t) {
        json_t *hits = NULL;
        int rc = screen_party(r, json_string_value(json_object_get(t, "name")),
                              json_string_value(json_object_get(t, "country")), &hits, &eb);
        if (rc) {
            json_decref(hits);
            json_decref(targets);
            json_decref(results);
            srv_fail(r, rc, &eb);
            return rc;
        }
        if (json_array_size(hits))
            json_array_append_new(results, json_pack("{s:O, s:O, s:o}", "case",
                                                     json_object_get(t, "case"), "party",
                                                     json_object_get(t, "party"), "hits",
                                                     hits));
        else
            json_decref(hits);
    }
    size_t screened = json_array_size(json_object_get(targets, "targets"));
    json_decref(targets);
    /* The list generation is named by a hash of its versions document. */
    char *vj = json_dumps(wf_versions(r), JSON_COMPACT | JSON_SORT_KEYS);
    xc_sha256_hex(vj ? vj : "", vj ? strlen(vj) : 0, ver);
    free(vj);
    ver[16] = '\0';
    int rc = wf_run(r, "rescreen_results",
                    json_pack("{s:s, s:o}", "list_version", ver, "results", results), out);
    if (rc)
        return rc;
    json_object_set_new(*out, "screened", json_integer((json_int_t)screened));
    json_object_set_new(*out, "list_version", json_string(ver));
    return EXCTL_OK;
}

int h_wf_rescreen(srv_req *r)
{
    json_t *out = NULL;
    if (rescreen_run(r, &out))
        return 0;
    return srv_json(r, 200, out);
}

/* --- list reload ----------------------------------------------------------- */

/* Reloads one at a time: two concurrent reloads would only parse twice. */
static pthread_mutex_t reload_mu = PTHREAD_MUTEX_INITIALIZER;

int h_wf_lists_reload(srv_req *r)
{
    srv_ctx *c = r->srv;
    exctl_errbuf eb = {{0}};
    srv_gen *g = NULL;
    pthread_mutex_lock(&reload_mu);
    int rc = srv_gen_load(c, &g, &eb);
    if (!rc) {
        rc = st_audit_note(srv_store(r), r->user.username, "lists.reload", "lists",
                           g->versions_json, &eb);
        /* Published only once audited: the log names every generation that
         * ever screened. */
        if (!rc)
            srv_gen_publish(c, g);
        else
            srv_gen_release(g);
    }
    pthread_mutex_unlock(&reload_mu);
    if (rc)
        return srv_fail(r, rc, &eb);
    /* This request took the old generation if it used one already; the
     * re-screening and the answer are about the new one. */
    srv_gen_release(r->gen);
    r->gen = NULL;
    /* New lists: screen the open cases and live licences again at once.
     * Without the workflow there is nothing to re-screen, and the reload
     * itself succeeded. */
    json_t *rs = NULL;
    if (!c->workflow)
        rs = json_pack("{s:s}", "skipped", c->cases_error);
    else if (rescreen_run(r, &rs))
        return 0;
    json_t *v = json_deep_copy(wf_versions(r));
    return srv_json(r, 200, json_pack("{s:b, s:o, s:o}", "reloaded", 1, "lists", v, "rescreen", rs));
}

/* --- licences, compliance, statistics --------------------------------------- */

int h_wf_licence(srv_req *r)
{
    return wf_answer(r, "get_licence", json_pack("{s:s}", "number", r->params[0]));
}

int h_wf_expire(srv_req *r)
{
    return wf_answer(r, "expire_due", wf_body(r));
}

int h_wf_compliance_list(srv_req *r)
{
    json_t *req = json_object();
    const char *org = srv_query(r, "org"), *kind = srv_query(r, "kind");
    if (org && *org)
        json_object_set_new(req, "org", json_string(org));
    if (kind && *kind)
        json_object_set_new(req, "kind", json_string(kind));
    return wf_answer(r, "compliance_list", req);
}

int h_wf_icp_checklist(srv_req *r)
{
    return wf_answer(r, "icp_checklist", NULL);
}

int h_wf_compliance_post(srv_req *r)
{
    static const struct {
        const char *segment, *action;
    } kinds[] = {{"icp", "icp_assess"},
                 {"visits", "visit_record"},
                 {"violations", "violation_record"},
                 {"deemed-exports", "deemed_export_record"}};
    const char *seg = strrchr(r->route->pattern, '/');
    for (size_t i = 0; seg && i < XC_ARRAY_LEN(kinds); i++)
        if (!strcmp(seg + 1, kinds[i].segment))
            return wf_answer(r, kinds[i].action, wf_body(r));
    return srv_error(r, 500, "internal", "route %s has no workflow action", r->route->pattern);
}

int h_wf_stats(srv_req *r)
{
    return wf_answer(r, "stats", NULL);
}
