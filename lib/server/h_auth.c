/*
 * server — operational and account routes: health, metrics, OpenAPI,
 * login/logout, the current user, API tokens, user administration and
 * audit verification.
 *
 * Login answers "invalid user name or password" for both unknown users and
 * wrong passwords and spends an argon2 verification either way, so neither
 * the message nor the timing tells which user names exist. Failed logins
 * are audited (without the password) so that guessing shows in the log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "server/srv.h"

#define SESSION_TTL (12 * 3600)

int h_healthz(srv_req *r)
{
    srv_ctx *c = r->srv;
    const exctl_listset *ls = srv_lists(r)->lists;
    size_t entities = 0;
    for (size_t i = 0; i < exctl_listset_count(ls); i++)
        entities += exctl_list_entity_count(exctl_listset_at(ls, i));
    /* Probed by load balancers: written directly, keys sorted. */
    xc_buf b;
    srv_jw w;
    xc_buf_init(&b);
    srv_jw_init(&w, &b);
    srv_jw_obj(&w);
    srv_jw_key(&w, "classify");
    srv_jw_bool(&w, c->classifier != NULL);
    srv_jw_key(&w, "controls");
    srv_jw_bool(&w, c->controls != NULL);
    srv_jw_key(&w, "entities");
    srv_jw_int(&w, (long long)entities);
    srv_jw_key(&w, "lists");
    srv_jw_int(&w, (long long)exctl_listset_count(ls));
    srv_jw_key(&w, "packs");
    srv_jw_bool(&w, c->packs != NULL);
    srv_jw_key(&w, "status");
    srv_jw_str(&w, "ok");
    srv_jw_key(&w, "version");
    srv_jw_str(&w, EXCTL_VERSION);
    srv_jw_obj_end(&w);
    return srv_json_buf(r, 200, &w);
}

int h_metrics(srv_req *r)
{
    size_t len = 0;
    char *t = srv_metrics_text(r->srv, srv_lists(r)->lists, &len);
    if (!t)
        return srv_error(r, 500, "internal", "out of memory");
    return srv_text(r, 200, "text/plain; version=0.0.4; charset=utf-8", t, len);
}

int h_openapi(srv_req *r)
{
    return srv_json(r, 200, srv_openapi());
}

static void set_cookie(srv_req *r, const char *name, const char *value, bool http_only,
                       int max_age)
{
    if (r->n_cookies >= 2)
        return;
    snprintf(r->cookies[r->n_cookies++], sizeof r->cookies[0],
             "%s=%s; Path=/; SameSite=Strict; Max-Age=%d%s", name, value, max_age,
             http_only ? "; HttpOnly" : "");
}

int h_login(srv_req *r)
{
    bool bad = false;
    exctl_errbuf eb = {{0}};
    const char *user = srv_jstr(r, r->json, "username", ST_NAME_MAX, &bad);
    const char *pass = bad ? NULL : srv_jstr(r, r->json, "password", 1024, &bad);
    st_user u;
    st_session s;
    char cookie[ST_HASH_HEX];
    if (bad)
        return 0;
    if (!user || !pass)
        return srv_error(r, 400, "invalid", "username and password are required");
    /* The throttle lives in the store: every server over it counts the
     * same failures. */
    static const st_login_policy policy = {SRV_LOGIN_MAX_FAILS, SRV_LOGIN_WINDOW_S,
                                           SRV_LOGIN_LOCK_S};
    st_store *st = srv_store(r);
    int64_t now = (int64_t)time(NULL), locked = 0;
    int rc = st_login_locked(st, user, now, &locked, &eb);
    if (rc)
        return srv_fail(r, rc, &eb);
    if (locked)
        return srv_error(r, 429, "too_many_requests",
                         "too many failed logins for this user; retry in %lld s",
                         (long long)locked);
    rc = st->ops->user_get(st, 0, user, &u, &eb);
    /* Same work whether or not the user exists. */
    bool ok = st_password_verify(rc ? r->srv->dummy_hash : u.pwhash, pass) && !rc &&
              !u.disabled;
    if (!ok) {
        bool now_locked = false;
        json_t *d = json_pack("{s:s}", "username", user);
        char *ds = json_dumps(d, JSON_COMPACT);
        st_login_failed(st, &policy, user, now, ds, &now_locked, NULL);
        free(ds);
        json_decref(d);
        return srv_error(r, 401, "unauthorized", "invalid user name or password");
    }
    if ((rc = st_login_succeeded(st, user, &eb)))
        return srv_fail(r, rc, &eb);
    if ((rc = st_session_create(st, &u, SESSION_TTL, cookie, &s, &eb)))
        return srv_fail(r, rc, &eb);
    set_cookie(r, "exctl_session", cookie, true, SESSION_TTL);
    set_cookie(r, "exctl_csrf", s.csrf, false, SESSION_TTL);
    return srv_json(r, 200, json_pack("{s:o, s:s}", "user", srv_user_json(&u), "csrf_token",
                                      s.csrf));
}

int h_logout(srv_req *r)
{
    exctl_errbuf eb = {{0}};
    if (r->via_session) {
        int rc = st_session_end(srv_store(r), &r->user, srv_cookie(r, "exctl_session"), &eb);
        srv_auth_invalidate(r->srv);
        if (rc)
            return srv_fail(r, rc, &eb);
    }
    set_cookie(r, "exctl_session", "", true, 0);
    set_cookie(r, "exctl_csrf", "", false, 0);
    return srv_json(r, 200, json_pack("{s:b}", "ok", 1));
}

int h_me(srv_req *r)
{
    json_t *u = srv_user_json(&r->user);
    if (r->via_session)
        json_object_set_new(u, "csrf_token", json_string(r->session.csrf));
    return srv_json(r, 200, u);
}

int h_tokens_list(srv_req *r)
{
    exctl_errbuf eb = {{0}};
    st_store *st = srv_store(r);
    st_token *ts = NULL;
    size_t n = 0;
    int rc = st->ops->token_list(st, r->user.id, &ts, &n, &eb);
    if (rc)
        return srv_fail(r, rc, &eb);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)ts[i].id,
                                             "name", ts[i].name, "created", ts[i].created));
    free(ts);
    return srv_json(r, 200, json_pack("{s:o}", "tokens", arr));
}

int h_tokens_create(srv_req *r)
{
    bool bad = false;
    exctl_errbuf eb = {{0}};
    const char *name = srv_jstr(r, r->json, "name", ST_NAME_MAX, &bad);
    char plain[ST_HASH_HEX + 4];
    st_token t;
    if (bad)
        return 0;
    int rc = st_token_create(srv_store(r), &r->user, name, plain, &t, &eb);
    if (rc)
        return srv_fail(r, rc, &eb);
    return srv_json(r, 201, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)t.id, "name",
                                      t.name, "created", t.created, "token", plain));
}

static bool param_id(srv_req *r, int64_t *id)
{
    long v = 0;
    if (r->n_params < 1 || xc_parse_long(r->params[0], r->params_len[0], 1, 0x7fffffffL, &v))
        return false;
    *id = v;
    return true;
}

int h_tokens_delete(srv_req *r)
{
    exctl_errbuf eb = {{0}};
    int64_t id;
    if (!param_id(r, &id))
        return srv_error(r, 400, "invalid", "token id must be a positive integer");
    int rc = st_token_revoke(srv_store(r), &r->user, id, &eb);
    srv_auth_invalidate(r->srv);
    if (rc)
        return srv_fail(r, rc, &eb);
    return srv_json(r, 200, json_pack("{s:b}", "ok", 1));
}

int h_users_list(srv_req *r)
{
    exctl_errbuf eb = {{0}};
    st_store *st = srv_store(r);
    st_user *us = NULL;
    size_t n = 0;
    int rc = st->ops->user_list(st, &us, &n, &eb);
    if (rc)
        return srv_fail(r, rc, &eb);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, srv_user_json(&us[i]));
    free(us);
    return srv_json(r, 200, json_pack("{s:o}", "users", arr));
}

int h_users_create(srv_req *r)
{
    bool bad = false;
    exctl_errbuf eb = {{0}};
    const char *name = srv_jstr(r, r->json, "username", ST_NAME_MAX, &bad);
    const char *pass = bad ? NULL : srv_jstr(r, r->json, "password", 1024, &bad);
    const char *role = bad ? NULL : srv_jstr(r, r->json, "role", 32, &bad);
    const char *org = bad ? NULL : srv_jstr(r, r->json, "org", ST_ORG_MAX, &bad);
    unsigned rbits;
    st_user u;
    if (bad)
        return 0;
    if (!name || !pass || !role)
        return srv_error(r, 400, "invalid", "username, password and role are required");
    if (st_role_parse(role, &rbits))
        return srv_error(r, 400, "invalid",
                         "role must be exporter, examiner, agency_reviewer, countersigner "
                         "or admin");
    int rc = st_user_create(srv_store(r), r->user.username, name, pass, rbits, org ? org : "",
                            &u, &eb);
    if (rc)
        return srv_fail(r, rc, &eb);
    return srv_json(r, 201, srv_user_json(&u));
}

int h_users_modify(srv_req *r)
{
    bool bad = false;
    exctl_errbuf eb = {{0}};
    int64_t id;
    unsigned rbits = 0;
    bool dis = false;
    st_user u;
    if (!param_id(r, &id))
        return srv_error(r, 400, "invalid", "user id must be a positive integer");
    const char *pass = srv_jstr(r, r->json, "password", 1024, &bad);
    const char *role = bad ? NULL : srv_jstr(r, r->json, "role", 32, &bad);
    const char *org = bad ? NULL : srv_jstr(r, r->json, "org", ST_ORG_MAX, &bad);
    if (bad)
        return 0;
    json_t *jd = json_object_get(r->json, "disabled");
    if (jd && !json_is_boolean(jd))
        return srv_error(r, 400, "invalid", "field 'disabled' must be a boolean");
    if (jd)
        dis = json_is_true(jd);
    if (role && st_role_parse(role, &rbits))
        return srv_error(r, 400, "invalid", "unknown role '%s'", role);
    if (id == r->user.id && ((jd && dis) || (role && rbits != ST_ROLE_ADMIN)))
        return srv_error(r, 409, "conflict",
                         "an administrator cannot disable or demote their own account");
    int rc = st_user_modify(srv_store(r), r->user.username, id, role ? &rbits : NULL, org,
                            jd ? &dis : NULL, pass, &u, &eb);
    srv_auth_invalidate(r->srv);
    if (rc)
        return srv_fail(r, rc, &eb);
    return srv_json(r, 200, srv_user_json(&u));
}

int h_audit_verify(srv_req *r)
{
    exctl_errbuf eb = {{0}};
    int64_t rows = 0, bad = 0;
    int rc = st_audit_verify(srv_store(r), &rows, &bad, &eb);
    if (rc && rc != EXCTL_ESTATE)
        return srv_fail(r, rc, &eb);
    json_t *o = json_pack("{s:b, s:I}", "ok", rc == 0, "rows", (json_int_t)rows);
    if (rc) {
        json_object_set_new(o, "first_bad_seq", json_integer(bad));
        json_object_set_new(o, "message", json_string(eb.msg));
    }
    return srv_json(r, 200, o);
}
