/*
 * cases — re-screening alerts, compliance records and statistics.
 *
 * Re-screening is a two-step exchange so that this module does not depend
 * on the screener: rescreen_targets lists the parties of every case whose
 * status asks for it (open cases and live licences, per transitions.json),
 * the caller screens them against the new lists, and rescreen_results
 * hands the hits back. A hit already known for that party (from the
 * submission's screening or an earlier alert) raises nothing; a new one
 * raises an alert on the case, recorded in its history and the audit log.
 *
 * Compliance records (ICP self-assessments, visits, violations, deemed
 * exports) are documents per organisation; each is validated against the
 * fields it must carry and, for ICP, against the checklist in data.
 *
 * Statistics are computed over the case rows in one pass; the numbers are
 * integers or ratios rounded in the output, keys sorted, so the same data
 * gives the same bytes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "case_internal.h"

static int set_resp(case_op *op, json_t *v)
{
    op->resp = v;
    return v ? EXCTL_OK : xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
}

static json_t *load_doc(const char *text)
{
    json_error_t je;
    json_t *d = json_loads(text ? text : "{}", 0, &je);
    return d ? d : json_object();
}

/* --- alerts ------------------------------------------------------------- */

int case_h_ack_alert(case_op *op)
{
    int rc = EXCTL_OK;
    int64_t id = 0;
    const char *note = NULL;
    case_alert a = {0};
    json_t *doc = NULL, *view = NULL;
    rc = req_int(op, op->req, "alert", 1, INT64_MAX, true, &id);
    if (!rc)
        rc = req_str(op, op->req, "note", CASE_TEXT_MAX, true, &note);
    if (!rc)
        rc = op->c->st->ops->alert_get(op->c->st, id, &a, op->eb);
    if (!rc && a.case_id != op->row.id)
        rc = xc_err(op->eb, EXCTL_ENOTFOUND, "case %lld has no alert %lld",
                    (long long)op->row.id, (long long)id);
    if (!rc && strcmp(a.status, "open") != 0)
        rc = xc_err(op->eb, EXCTL_ESTATE, "alert %lld is already %s", (long long)id, a.status);
    if (rc)
        goto out;
    doc = load_doc(a.doc);
    json_object_set_new(doc, "acknowledged", json_pack("{s:s,s:o,s:s}", "by", op->actor->user,
                                                       "at", case_time_json(op->now), "note",
                                                       note));
    free(a.doc);
    a.doc = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT);
    case_strset(a.status, sizeof a.status, "acknowledged");
    if (!a.doc) {
        rc = xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    rc = op->c->st->ops->alert_put(op->c->st, &a, op->eb);
    if (!rc)
        rc = case_event_rec(op, "ack_alert", op->row.status, op->row.status,
                            json_pack("{s:I}", "alert", (json_int_t)id));
    if (!rc)
        rc = case_view(op, &op->row, &view);
    if (!rc)
        rc = set_resp(op, json_pack("{s:o}", "case", view));
out:
    json_decref(doc);
    case_alert_clear(&a);
    return rc;
}

typedef struct target_ctx {
    case_op *op;
    json_t *out;
} target_ctx;

static int target_cb(void *ud, const case_row *r)
{
    target_ctx *t = ud;
    const wf_status *st = wf_status_get(t->op->c->wf, r->status);
    if (!st || !st->rescreen)
        return EXCTL_OK;
    json_t *doc = load_doc(r->doc);
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(json_object_get(doc, "application"), "parties"), i, p) {
        json_t *o = json_pack("{s:I,s:I,s:s,s:O,s:O,s:O*}", "case", (json_int_t)r->id, "party",
                              (json_int_t)i, "status", r->status, "role",
                              json_object_get(p, "role"), "name", json_object_get(p, "name"),
                              "country", json_object_get(p, "country"));
        if (!o || json_array_append_new(t->out, o)) {
            json_decref(doc);
            return EXCTL_ENOMEM;
        }
    }
    json_decref(doc);
    return EXCTL_OK;
}

int case_h_rescreen_targets(case_op *op)
{
    target_ctx t = {op, json_array()};
    int rc = op->c->st->ops->case_list(op->c->st, NULL, target_cb, &t, op->eb);
    if (!rc)
        rc = set_resp(op, json_pack("{s:O}", "targets", t.out));
    json_decref(t.out);
    return rc;
}

typedef struct known_ctx {
    int64_t party;
    const char *list, *entity;
    bool found;
} known_ctx;

static int known_cb(void *ud, const case_alert *a)
{
    known_ctx *k = ud;
    if (a->party == k->party && strcmp(a->list_id, k->list) == 0 &&
        strcmp(a->entity_id, k->entity) == 0)
        k->found = true;
    return EXCTL_OK;
}

/* Whether the submission's screening already showed this hit. */
static bool hit_in_checks(json_t *doc, int64_t party, const char *list, const char *entity)
{
    size_t i, j;
    json_t *s, *h;
    json_array_foreach(json_object_get(json_object_get(doc, "checks"), "screening"), i, s) {
        if (json_integer_value(json_object_get(s, "party")) != party)
            continue;
        json_array_foreach(json_object_get(s, "hits"), j, h)
            if (strcmp(case_jstr(json_object_get(h, "list")), list) == 0 &&
                strcmp(case_jstr(json_object_get(h, "entity")), entity) == 0)
                return true;
    }
    return false;
}

/* One result: {"case", "party", "hits": [{"list", "entity", "name", "score"}]}. */
static int rescreen_one(case_op *op, json_t *res, const char *version, json_t *raised)
{
    int rc = EXCTL_OK;
    int64_t id = 0, party = 0;
    json_t *hits = NULL, *doc = NULL;
    case_alert a = {0};
    rc = req_int(op, res, "case", 1, INT64_MAX, true, &id);
    if (!rc)
        rc = req_array(op, res, "hits", 1000, true, &hits);
    case_row_clear(&op->row);
    if (!rc)
        rc = op->c->st->ops->case_get(op->c->st, id, &op->row, op->eb);
    if (rc)
        goto out;
    doc = load_doc(op->row.doc);
    json_t *parties = json_object_get(json_object_get(doc, "application"), "parties");
    rc = req_int(op, res, "party", 0, (int64_t)json_array_size(parties) - 1, true, &party);
    if (rc)
        goto out;
    const wf_status *st = wf_status_get(op->c->wf, op->row.status);
    if (!st || !st->rescreen)
        goto out;   /* closed since the targets were listed: nothing to alert */
    size_t i;
    json_t *h;
    json_array_foreach(hits, i, h) {
        const char *list = NULL, *entity = NULL, *name = NULL;
        rc = req_str(op, h, "list", CASE_KEY_MAX - 1, true, &list);
        if (!rc)
            rc = req_str(op, h, "entity", CASE_ID_MAX - 1, true, &entity);
        if (!rc)
            rc = req_str(op, h, "name", CASE_NAME_MAX, false, &name);
        json_t *score = json_object_get(h, "score");
        if (!rc && score && (!json_is_number(score) || json_number_value(score) < 0 ||
                             json_number_value(score) > 1))
            rc = xc_err(op->eb, EXCTL_EINVAL, "rescreen_results: score must be in [0, 1]");
        if (rc)
            goto out;
        known_ctx k = {party, list, entity, false};
        rc = op->c->st->ops->alert_list(op->c->st, id, known_cb, &k, op->eb);
        if (rc)
            goto out;
        if (k.found || hit_in_checks(doc, party, list, entity))
            continue;
        memset(&a, 0, sizeof a);
        a.case_id = id;
        a.party = party;
        a.raised_at = op->now;
        case_strset(a.list_id, sizeof a.list_id, list);
        case_strset(a.entity_id, sizeof a.entity_id, entity);
        case_strset(a.status, sizeof a.status, "open");
        json_t *p = json_array_get(parties, (size_t)party);
        json_t *ad = json_pack("{s:O,s:O,s:s?,s:O*,s:s?}", "party_name",
                               json_object_get(p, "name"), "party_role",
                               json_object_get(p, "role"), "name", name, "score", score,
                               "list_version", version);
        a.doc = ad ? json_dumps(ad, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
        json_decref(ad);
        if (!a.doc) {
            rc = xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
            goto out;
        }
        rc = op->c->st->ops->alert_put(op->c->st, &a, op->eb);
        if (!rc)
            rc = case_event_rec(op, "alert", op->row.status, op->row.status,
                                json_pack("{s:I,s:I,s:s,s:s}", "alert", (json_int_t)a.id,
                                          "party", (json_int_t)party, "list", list, "entity",
                                          entity));
        if (rc)
            goto out;
        json_array_append_new(raised, json_pack("{s:I,s:I,s:I,s:s,s:s}", "alert",
                                                (json_int_t)a.id, "case", (json_int_t)id,
                                                "party", (json_int_t)party, "list", list,
                                                "entity", entity));
        case_alert_clear(&a);
    }
out:
    case_alert_clear(&a);
    json_decref(doc);
    return rc;
}

int case_h_rescreen_results(case_op *op)
{
    const char *version = NULL;
    json_t *results = NULL, *raised = json_array();
    int rc = req_str(op, op->req, "list_version", CASE_ID_MAX - 1, false, &version);
    if (!rc)
        rc = req_array(op, op->req, "results", 100000, true, &results);
    size_t i;
    json_t *r;
    if (!rc)
        json_array_foreach(results, i, r) {
            if (!json_is_object(r))
                rc = xc_err(op->eb, EXCTL_EINVAL, "results[%zu] must be an object", i);
            if (!rc)
                rc = rescreen_one(op, r, version, raised);
            if (rc)
                break;
        }
    if (!rc)
        rc = set_resp(op, json_pack("{s:O,s:I}", "alerts", raised, "raised",
                                    (json_int_t)json_array_size(raised)));
    json_decref(raised);
    return rc;
}

/* --- compliance records ------------------------------------------------- */

/* The organisation a record is about: exporters record for their own,
 * the authority names one. */
static int record_org(case_op *op, const char **org)
{
    if (op->role->scope == WF_SCOPE_OWN_ORG) {
        *org = case_actor_org(op->actor);
        if (!**org)
            return xc_err(op->eb, EXCTL_EINVAL, "%s: the actor has no organisation", op->action);
        return EXCTL_OK;
    }
    return req_str(op, op->req, "org", CASE_ID_MAX - 1, true, org);
}

static int store_record(case_op *op, const char *kind, const char *org, json_t *doc)
{
    int rc = EXCTL_OK;
    case_comp c = {0};
    char object[64], action[96];
    json_object_set_new(doc, "recorded_by", json_string(op->actor->user));
    c.at = op->now;
    case_strset(c.kind, sizeof c.kind, kind);
    case_strset(c.org, sizeof c.org, org);
    c.doc = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT);
    if (!c.doc) {
        rc = xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    rc = op->c->st->ops->comp_add(op->c->st, &c, op->eb);
    if (rc)
        goto out;
    snprintf(object, sizeof object, "compliance:%lld", (long long)c.id);
    snprintf(action, sizeof action, "compliance.%s", kind);
    rc = case_audit(op, action, object, json_pack("{s:s,s:s}", "org", org, "kind", kind));
    if (rc)
        goto out;
    json_object_set_new(doc, "id", json_integer(c.id));
    json_object_set_new(doc, "kind", json_string(kind));
    json_object_set_new(doc, "org", json_string(org));
    json_object_set_new(doc, "at", case_time_json(c.at));
    rc = set_resp(op, json_pack("{s:O}", "record", doc));
out:
    free(c.doc);
    return rc;
}

int case_h_icp_checklist(case_op *op)
{
    return set_resp(op, json_pack("{s:o}", "checklist", json_deep_copy(op->c->wf->icp)));
}

int case_h_icp_assess(case_op *op)
{
    int rc = EXCTL_OK;
    const char *org = NULL, *notes = NULL;
    json_t *answers = json_object_get(op->req, "answers"), *gaps = json_array(), *doc = NULL;
    json_t *allowed = json_object_get(op->c->wf->icp, "answers");
    size_t yes = 0, no = 0, total = 0;
    rc = record_org(op, &org);
    if (!rc)
        rc = req_str(op, op->req, "notes", CASE_TEXT_MAX, false, &notes);
    if (!rc && !json_is_object(answers))
        rc = xc_err(op->eb, EXCTL_EINVAL, "icp_assess: \"answers\" must be an object");
    if (rc)
        goto out;
    size_t i, j;
    json_t *s, *it;
    json_array_foreach(json_object_get(op->c->wf->icp, "sections"), i, s)
        json_array_foreach(json_object_get(s, "items"), j, it) {
            const char *id = json_string_value(json_object_get(it, "id"));
            json_t *a = json_object_get(answers, id);
            bool ok = false;
            size_t k;
            json_t *v;
            json_array_foreach(allowed, k, v)
                if (a && json_equal(a, v))
                    ok = true;
            if (!ok) {
                rc = xc_err(op->eb, EXCTL_EINVAL, "icp_assess: item %s needs an answer from the"
                            " checklist's \"answers\"", id);
                goto out;
            }
            total++;
            const char *ans = json_string_value(a);
            if (strcmp(ans, "yes") == 0)
                yes++;
            else if (strcmp(ans, "no") == 0) {
                no++;
                if (json_is_true(json_object_get(it, "required")))
                    json_array_append_new(gaps, json_string(id));
            }
        }
    if (json_object_size(answers) != total) {
        rc = xc_err(op->eb, EXCTL_EINVAL, "icp_assess: answers name items that are not in the"
                    " checklist");
        goto out;
    }
    /* Score: share of applicable items answered yes, in percent. */
    double score = yes + no ? floor(1000.0 * (double)yes / (double)(yes + no) + 0.5) / 10.0 : 0;
    doc = json_pack("{s:O,s:s?,s:f,s:I,s:I,s:O}", "answers", answers, "notes", notes,
                    "score_percent", score, "yes", (json_int_t)yes, "no", (json_int_t)no,
                    "required_gaps", gaps);
    rc = doc ? store_record(op, "icp_assessment", org, doc)
             : xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
out:
    json_decref(gaps);
    json_decref(doc);
    return rc;
}

static int check_date(case_op *op, json_t *obj, const char *key, bool required,
                      const char **out)
{
    int rc = req_str(op, obj, key, 10, required, out);
    if (!rc && *out) {
        const char *d = *out;
        bool ok = strlen(d) == 10 && d[4] == '-' && d[7] == '-';
        for (size_t i = 0; ok && i < 10; i++)
            ok = i == 4 || i == 7 || (d[i] >= '0' && d[i] <= '9');
        if (!ok)
            rc = xc_err(op->eb, EXCTL_EINVAL, "%s: \"%s\" must be a date YYYY-MM-DD", op->action,
                        key);
    }
    return rc;
}

int case_h_visit_record(case_op *op)
{
    static const char *const sev[] = {"observation", "minor", "major", NULL};
    const char *org = NULL, *date = NULL, *summary = NULL;
    json_t *findings = NULL, *doc = NULL;
    int rc = record_org(op, &org);
    if (!rc)
        rc = check_date(op, op->req, "date", true, &date);
    if (!rc)
        rc = req_str(op, op->req, "summary", CASE_TEXT_MAX, false, &summary);
    if (!rc)
        rc = req_array(op, op->req, "findings", 200, true, &findings);
    size_t i;
    json_t *f;
    if (!rc)
        json_array_foreach(findings, i, f) {
            const char *s;
            if (!json_is_object(f))
                rc = xc_err(op->eb, EXCTL_EINVAL, "findings[%zu] must be an object", i);
            if (!rc)
                rc = req_enum(op, f, "severity", sev, true, &s);
            if (!rc)
                rc = req_str(op, f, "text", CASE_TEXT_MAX, true, &s);
            if (!rc)
                rc = req_str(op, f, "icp_item", CASE_KEY_MAX - 1, false, &s);
            if (rc)
                break;
        }
    if (rc)
        return rc;
    doc = json_pack("{s:s,s:s?,s:O}", "date", date, "summary", summary, "findings", findings);
    rc = doc ? store_record(op, "visit", org, doc) : xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
    json_decref(doc);
    return rc;
}

int case_h_violation_record(case_op *op)
{
    static const char *const ptypes[] = {"warning", "export_ban", "fine",
                                         "prosecution_referral", "other", NULL};
    const char *org = NULL, *desc = NULL, *mitig = NULL, *ptype = NULL, *lic = NULL;
    int64_t months = 0, amount = 0, cid = 0;
    json_t *pen = json_object_get(op->req, "penalty"), *doc = NULL;
    int rc = record_org(op, &org);
    if (!rc)
        rc = req_str(op, op->req, "description", CASE_TEXT_MAX, true, &desc);
    if (!rc)
        rc = req_str(op, op->req, "mitigation", CASE_TEXT_MAX, false, &mitig);
    if (!rc)
        rc = req_int(op, op->req, "case", 1, INT64_MAX, false, &cid);
    if (!rc)
        rc = req_str(op, op->req, "licence", CASE_KEY_MAX - 1, false, &lic);
    if (!rc && !json_is_object(pen))
        rc = xc_err(op->eb, EXCTL_EINVAL, "violation_record: \"penalty\" object is required");
    if (!rc)
        rc = req_enum(op, pen, "type", ptypes, true, &ptype);
    if (!rc)
        rc = req_int(op, pen, "months", 1, 36, strcmp(ptype, "export_ban") == 0, &months);
    if (!rc)
        rc = req_int(op, pen, "amount", 1, INT64_C(1000000000000000), strcmp(ptype, "fine") == 0,
                     &amount);
    if (rc)
        return rc;
    doc = json_pack("{s:s,s:s?,s:s?,s:{s:s,s:I,s:I}}", "description", desc, "mitigation", mitig,
                    "licence", lic, "penalty", "type", ptype, "months", (json_int_t)months,
                    "amount", (json_int_t)amount);
    if (doc && cid)
        json_object_set_new(doc, "case", json_integer(cid));
    rc = doc ? store_record(op, "violation", org, doc)
             : xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
    json_decref(doc);
    return rc;
}

/* Deemed export (みなし輸出) record for a university or research body: the
 * person, their 特定類型 declaration, the technologies they access and the
 * screening result. Anyone under a 特定類型 or with a screening hit needs a
 * licence check before access; the record says so. */
int case_h_deemed_export_record(case_op *op)
{
    static const char *const cats[] = {"none", "1", "2", "3", NULL};
    static const char *const results[] = {"clear", "hit", "pending", NULL};
    const char *org = NULL, *name = NULL, *nat = NULL, *aff = NULL, *cat = NULL, *res = NULL;
    const char *date = NULL;
    bool declared = false;
    json_t *person = json_object_get(op->req, "person");
    json_t *tk = json_object_get(op->req, "tokutei_ruigata");
    json_t *scr = json_object_get(op->req, "screening"), *techs = NULL, *doc = NULL;
    int rc = record_org(op, &org);
    if (!rc && (!json_is_object(person) || !json_is_object(tk) || !json_is_object(scr)))
        rc = xc_err(op->eb, EXCTL_EINVAL, "deemed_export_record: \"person\", \"tokutei_ruigata\""
                    " and \"screening\" objects are required");
    if (!rc)
        rc = req_str(op, person, "name", CASE_NAME_MAX, true, &name);
    if (!rc)
        rc = req_str(op, person, "nationality", 2, false, &nat);
    if (!rc)
        rc = req_str(op, person, "affiliation", CASE_NAME_MAX, false, &aff);
    if (!rc)
        rc = req_bool(op, tk, "declared", true, &declared);
    if (!rc)
        rc = req_enum(op, tk, "category", cats, true, &cat);
    if (!rc && declared && strcmp(cat, "none") == 0)
        rc = xc_err(op->eb, EXCTL_EINVAL, "deemed_export_record: a declared 特定類型 needs its"
                    " category (1, 2 or 3)");
    if (!rc)
        rc = req_enum(op, scr, "result", results, true, &res);
    const char *lv = NULL;
    json_t *hits = NULL;
    if (!rc)
        rc = req_str(op, scr, "list_version", CASE_ID_MAX - 1, false, &lv);
    if (!rc)
        rc = req_array(op, scr, "hits", 100, false, &hits);
    const char *sk;
    json_t *sv;
    json_object_foreach(scr, sk, sv)
        if (!rc && strcmp(sk, "result") && strcmp(sk, "list_version") && strcmp(sk, "hits"))
            rc = xc_err(op->eb, EXCTL_EINVAL, "deemed_export_record: screening: unknown field"
                        " \"%.64s\"", sk);
    if (!rc)
        rc = req_array(op, op->req, "technologies", 100, true, &techs);
    if (!rc && json_array_size(techs) == 0)
        rc = xc_err(op->eb, EXCTL_EINVAL, "deemed_export_record: list the technologies accessed");
    size_t i;
    json_t *t;
    if (!rc)
        json_array_foreach(techs, i, t) {
            const char *s;
            if (!json_is_object(t))
                rc = xc_err(op->eb, EXCTL_EINVAL, "technologies[%zu] must be an object", i);
            if (!rc)
                rc = req_str(op, t, "description", CASE_NAME_MAX, true, &s);
            if (!rc)
                rc = req_str(op, t, "classification", CASE_KEY_MAX - 1, false, &s);
            if (rc)
                break;
        }
    if (!rc)
        rc = check_date(op, op->req, "date", false, &date);
    if (rc)
        return rc;
    bool review = declared || strcmp(res, "clear") != 0;
    doc = json_pack("{s:{s:s,s:s?,s:s?},s:{s:b,s:s},s:O,s:O,s:s?,s:s}", "person", "name", name,
                    "nationality", nat, "affiliation", aff, "tokutei_ruigata", "declared",
                    declared, "category", cat, "technologies", techs, "screening", scr, "date",
                    date, "assessment", review ? "licence_check_required" : "no_issue_found");
    rc = doc ? store_record(op, "deemed_export", org, doc)
             : xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
    json_decref(doc);
    return rc;
}

static int comp_cb(void *ud, const case_comp *c)
{
    json_t *arr = ud, *o = load_doc(c->doc);
    json_object_set_new(o, "id", json_integer(c->id));
    json_object_set_new(o, "kind", json_string(c->kind));
    json_object_set_new(o, "org", json_string(c->org));
    json_object_set_new(o, "at", case_time_json(c->at));
    return json_array_append_new(arr, o) ? EXCTL_ENOMEM : EXCTL_OK;
}

int case_h_compliance_list(case_op *op)
{
    const char *org = NULL, *kind = NULL;
    json_t *arr = json_array();
    int rc = req_str(op, op->req, "kind", CASE_KEY_MAX - 1, false, &kind);
    if (!rc && op->role->scope == WF_SCOPE_ALL)
        rc = req_str(op, op->req, "org", CASE_ID_MAX - 1, false, &org);
    else if (!rc)
        org = case_actor_org(op->actor);   /* exporters: their own records only */
    if (!rc)
        rc = op->c->st->ops->comp_list(op->c->st, org, kind, comp_cb, arr, op->eb);
    if (!rc)
        rc = set_resp(op, json_pack("{s:O}", "records", arr));
    json_decref(arr);
    return rc;
}

/* --- statistics --------------------------------------------------------- */

typedef struct stats_ctx {
    case_op *op;
    json_t *by_status, *by_dest, *by_regime, *by_outcome, *by_queue, *proc;
    int64_t submitted, with_hits;
} stats_ctx;

static void bump(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    json_object_set_new(obj, key, json_integer(v ? json_integer_value(v) + 1 : 1));
}

static int64_t sla_days(const exctl_workflow *wf, const char *queue)
{
    json_t *q = json_object_get(json_object_get(wf->routing, "queues"), queue);
    return json_integer_value(json_object_get(q, "service_level_days"));
}

static int stats_cb(void *ud, const case_row *r)
{
    stats_ctx *s = ud;
    bump(s->by_status, r->status);
    bump(s->by_dest, r->dest);
    if (r->submitted_at) {
        s->submitted++;
        const char *p = r->regimes;
        if (!*p)
            bump(s->by_regime, "none");
        while (*p) {
            char reg[CASE_KEY_MAX];
            size_t n = strcspn(p, ",");
            snprintf(reg, sizeof reg, "%.*s", (int)n, p);
            bump(s->by_regime, reg);
            p += n + (p[n] == ',');
        }
        json_t *doc = load_doc(r->doc);
        size_t i;
        json_t *f;
        json_array_foreach(json_object_get(doc, "flags"), i, f)
            if (strcmp(case_jstr(f), "end_user_hit") == 0 ||
                strcmp(case_jstr(f), "party_hit") == 0) {
                s->with_hits++;
                break;
            }
        json_decref(doc);
    }
    if (*r->outcome)
        bump(s->by_outcome, r->outcome);
    if (!*r->queue || !r->submitted_at)
        return EXCTL_OK;
    bump(s->by_queue, r->queue);
    /* Processing time: submission to final decision, or to now if open. */
    json_t *q = json_object_get(s->proc, r->queue);
    if (!q) {
        q = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "decided", (json_int_t)0, "within_service_level",
                      (json_int_t)0, "total_seconds", (json_int_t)0, "open", (json_int_t)0,
                      "open_overdue", (json_int_t)0, "service_level_days",
                      (json_int_t)sla_days(s->op->c->wf, r->queue));
        json_object_set_new(s->proc, r->queue, q);
    }
    int64_t limit = sla_days(s->op->c->wf, r->queue) * 86400;
    if (r->decided_at) {
        int64_t took = r->decided_at - r->submitted_at;
        bump(q, "decided");
        json_object_set_new(q, "total_seconds", json_integer(json_integer_value(
                            json_object_get(q, "total_seconds")) + took));
        if (took <= limit)
            bump(q, "within_service_level");
    } else if (wf_status_get(s->op->c->wf, r->status) &&
               wf_status_get(s->op->c->wf, r->status)->open) {
        bump(q, "open");
        if (s->op->now - r->submitted_at > limit)
            bump(q, "open_overdue");
    }
    return EXCTL_OK;
}

typedef struct alert_count {
    int64_t total, open;
} alert_count;

static int alert_count_cb(void *ud, const case_alert *a)
{
    alert_count *c = ud;
    c->total++;
    if (strcmp(a->status, "open") == 0)
        c->open++;
    return EXCTL_OK;
}

static double ratio(int64_t a, int64_t b)
{
    return b ? floor(10000.0 * (double)a / (double)b + 0.5) / 10000.0 : 0.0;
}

int case_h_stats(case_op *op)
{
    stats_ctx s = {op, json_object(), json_object(), json_object(), json_object(), json_object(),
                   json_object(), 0, 0};
    alert_count ac = {0, 0};
    for (size_t i = 0; s.by_status && i < op->c->wf->nst; i++)
        json_object_set_new(s.by_status, op->c->wf->st[i].name, json_integer(0));
    int rc = op->c->st->ops->case_list(op->c->st, NULL, stats_cb, &s, op->eb);
    if (!rc)
        rc = op->c->st->ops->alert_list(op->c->st, 0, alert_count_cb, &ac, op->eb);
    if (rc)
        goto out;
    const char *qn;
    json_t *q;
    json_object_foreach(s.proc, qn, q) {
        int64_t dec = json_integer_value(json_object_get(q, "decided"));
        int64_t secs = json_integer_value(json_object_get(q, "total_seconds"));
        json_object_set_new(q, "mean_days", json_real(dec ? floor(100.0 * (double)secs /
                                                                  86400.0 / (double)dec + 0.5) /
                                                                100.0 : 0.0));
        json_object_set_new(q, "service_level_rate",
                            json_real(ratio(json_integer_value(
                                                json_object_get(q, "within_service_level")),
                                            dec)));
        json_object_del(q, "total_seconds");
    }
    rc = set_resp(op, json_pack("{s:O,s:O,s:O,s:O,s:O,s:O,s:{s:I,s:I,s:f,s:I,s:I}}",
                                "by_status", s.by_status, "by_destination", s.by_dest,
                                "by_regime", s.by_regime, "by_outcome", s.by_outcome,
                                "by_queue", s.by_queue, "processing", s.proc, "screening",
                                "submitted", (json_int_t)s.submitted, "with_hits",
                                (json_int_t)s.with_hits, "alert_rate",
                                ratio(s.with_hits, s.submitted), "rescreen_alerts",
                                (json_int_t)ac.total, "rescreen_alerts_open",
                                (json_int_t)ac.open));
out:
    json_decref(s.by_status);
    json_decref(s.by_dest);
    json_decref(s.by_regime);
    json_decref(s.by_outcome);
    json_decref(s.by_queue);
    json_decref(s.proc);
    return rc;
}
