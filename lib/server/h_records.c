/*
 * server — saved records: screenings, classifications and determinations
 * kept with who made them, when, and the data versions in force.
 *
 * The server, not the client, stamps the list versions: a record states
 * what this server had loaded when it was saved, which is what an auditor
 * needs to reproduce it. Exporters and agency reviewers see their own
 * organisation's records only; the authority's staff see all. A record of
 * another organisation answers 404, not 403, so ids reveal nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "server/srv.h"

static bool sees_all(const st_user *u)
{
    return (u->role & (ST_ROLE_EXAMINER | ST_ROLE_ADMIN | ST_ROLE_COUNTERSIGNER)) != 0;
}

static json_t *record_json(const st_record *rec, bool full)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)rec->id, "kind",
                          rec->kind, "by", rec->username, "org", rec->org, "created",
                          rec->created, "title", rec->title ? rec->title : "");
    json_t *v = json_loads(rec->versions ? rec->versions : "{}", 0, NULL);
    json_object_set_new(o, "versions", v ? v : json_object());
    if (full) {
        json_t *in = json_loads(rec->input ? rec->input : "null", JSON_DECODE_ANY, NULL);
        json_t *res = json_loads(rec->result ? rec->result : "null", JSON_DECODE_ANY, NULL);
        json_object_set_new(o, "input", in ? in : json_null());
        json_object_set_new(o, "result", res ? res : json_null());
    }
    return o;
}

int h_records_get(srv_req *r)
{
    exctl_errbuf eb = {{0}};
    st_record_filter f = {.limit = 50};
    const char *kind = srv_query(r, "kind"), *lim = srv_query(r, "limit");
    const char *off = srv_query(r, "offset"), *full = srv_query(r, "full");
    if (kind && strcmp(kind, "screening") && strcmp(kind, "classification") &&
        strcmp(kind, "determination"))
        return srv_error(r, 400, "invalid",
                         "kind must be screening, classification or determination");
    if (lim && !srv_parse_size(lim, 1, 500, &f.limit))
        return srv_error(r, 400, "invalid", "limit must be an integer in [1, 500]");
    if (off && !srv_parse_size(off, 0, 100000000, &f.offset))
        return srv_error(r, 400, "invalid", "offset must be a non-negative integer");
    f.kind = kind;
    if (!sees_all(&r->user))
        f.org = r->user.org;
    st_store *st = srv_store(r);
    st_record *recs = NULL;
    size_t n = 0;
    int rc = st->ops->record_list(st, &f, &recs, &n, &eb);
    if (rc)
        return srv_fail(r, rc, &eb);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(arr, record_json(&recs[i], full && !strcmp(full, "1")));
        st_record_clear(&recs[i]);
    }
    free(recs);
    return srv_json(r, 200, json_pack("{s:o}", "records", arr));
}

int h_record_get(srv_req *r)
{
    exctl_errbuf eb = {{0}};
    long id = 0;
    st_record rec;
    if (xc_parse_long(r->params[0], r->params_len[0], 1, 0x7fffffffL, &id))
        return srv_error(r, 400, "invalid", "record id must be a positive integer");
    st_store *st = srv_store(r);
    int rc = st->ops->record_get(st, id, &rec, &eb);
    if (rc)
        return srv_fail(r, rc, &eb);
    if (!sees_all(&r->user) && strcmp(rec.org, r->user.org)) {
        st_record_clear(&rec);
        return srv_error(r, 404, "not_found", "no such record");
    }
    json_t *o = record_json(&rec, true);
    st_record_clear(&rec);
    return srv_json(r, 200, o);
}

int h_records_post(srv_req *r)
{
    bool bad = false;
    exctl_errbuf eb = {{0}};
    st_record rec;
    memset(&rec, 0, sizeof rec);
    const char *kind = srv_jstr(r, r->json, "kind", 15, &bad);
    const char *title = bad ? NULL : srv_jstr(r, r->json, "title", 512, &bad);
    if (bad)
        return 0;
    if (!kind)
        return srv_error(r, 400, "invalid", "'kind' is required");
    if (title && !xc_utf8_valid(title, strlen(title)))
        return srv_error(r, 400, "invalid", "'title' is not valid UTF-8");
    json_t *in = json_object_get(r->json, "input");
    json_t *res = json_object_get(r->json, "result");
    if (!in || !res)
        return srv_error(r, 400, "invalid", "'input' and 'result' are required");
    st_copy(rec.kind, sizeof rec.kind, kind);
    json_t *versions = json_pack("{s:O}", "lists", srv_lists(r)->versions);
    rec.title = strdup(title ? title : "");
    rec.versions = json_dumps(versions, JSON_COMPACT | JSON_SORT_KEYS);
    rec.input = json_dumps(in, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    rec.result = json_dumps(res, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    json_decref(versions);
    int rc;
    if (!rec.title || !rec.versions || !rec.input || !rec.result)
        rc = xc_err(&eb, EXCTL_ENOMEM, "out of memory");
    else
        rc = st_record_save(srv_store(r), &r->user, &rec, &eb);
    if (rc) {
        st_record_clear(&rec);
        return srv_fail(r, rc, &eb);
    }
    json_t *o = record_json(&rec, false);
    st_record_clear(&rec);
    return srv_json(r, 201, o);
}
