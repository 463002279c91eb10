/*
 * cases — applications and the automatic checks on submission.
 *
 * An application is validated field by field into a clean copy: unknown
 * keys are refused (a misspelt "end_user" must not vanish silently), every
 * string is capped, and amounts are integers (quantities in whole units of
 * the stated unit, values in the currency's minor unit) so that licence
 * balances never suffer rounding. A draft may be incomplete; submission
 * requires a complete application.
 *
 * Screening and licence determination are other modules' work; their
 * results arrive as input ("checks") so that the workflow neither waits for
 * nor depends on them. From the results the engine raises flags, and the
 * routing rules (routing.json, first match wins) turn flags into a queue and
 * say whether the decision needs countersigning.
 */
#include <stdlib.h>
#include <string.h>
#include "case_internal.h"

static const char *const party_roles[] = {"end_user", "consignee", "intermediary",
                                          "purchaser", NULL};

static bool is_cc(const char *s)
{
    return s && strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

static int only(case_op *op, json_t *obj, const char *where, const char *const *keys)
{
    const char *k;
    json_t *v;
    if (!json_is_object(obj))
        return xc_err(op->eb, EXCTL_EINVAL, "%s: %s must be an object", op->action, where);
    json_object_foreach(obj, k, v) {
        size_t i = 0;
        while (keys[i] && strcmp(keys[i], k) != 0)
            i++;
        if (!keys[i])
            return xc_err(op->eb, EXCTL_EINVAL, "%s: %s: unknown field \"%s\"", op->action,
                          where, k);
    }
    return EXCTL_OK;
}

/* Prefix errors from the field helpers with the array position. */
static int at(case_op *op, int rc, const char *where)
{
    if (rc && op->eb) {
        char tmp[sizeof op->eb->msg];
        memcpy(tmp, op->eb->msg, sizeof tmp);
        xc_err(op->eb, rc, "%s: %s", where, tmp);
    }
    return rc;
}

static int check_goods(case_op *op, json_t *goods)
{
    static const char *const keys[] = {"description", "classification", "quantity", "unit",
                                       "value", "currency", NULL};
    static const char *const ckeys[] = {"jp", "eu", "us", "wassenaar", NULL};
    size_t i;
    json_t *g;
    json_array_foreach(goods, i, g) {
        char where[48];
        const char *s;
        int64_t n = 0;
        snprintf(where, sizeof where, "goods[%zu]", i);
        int rc = only(op, g, where, keys);
        if (!rc)
            rc = req_str(op, g, "description", CASE_NAME_MAX, true, &s);
        if (!rc)
            rc = req_int(op, g, "quantity", 1, INT64_C(1000000000000), true, &n);
        if (!rc)
            rc = req_str(op, g, "unit", 16, true, &s);
        if (!rc)
            rc = req_int(op, g, "value", 0, INT64_C(1000000000000000), true, &n);
        if (!rc)
            rc = req_str(op, g, "currency", 3, false, &s);
        if (!rc && s && (strlen(s) != 3 || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3))
            rc = xc_err(op->eb, EXCTL_EINVAL, "currency must be an ISO 4217 code");
        json_t *cl = json_object_get(g, "classification");
        if (!rc && cl) {
            char w2[64];
            snprintf(w2, sizeof w2, "%s.classification", where);
            rc = only(op, cl, w2, ckeys);
            const char *k;
            json_t *v;
            json_object_foreach(cl, k, v)
                if (!rc && (!json_is_string(v) || json_string_length(v) > CASE_KEY_MAX - 1))
                    rc = xc_err(op->eb, EXCTL_EINVAL, "%s.%s must be a code of at most %d bytes",
                                w2, k, CASE_KEY_MAX - 1);
        }
        if (rc)
            return at(op, rc, where);
    }
    return EXCTL_OK;
}

static int check_parties(case_op *op, json_t *parties)
{
    static const char *const keys[] = {"role", "name", "country", "address", NULL};
    size_t i;
    json_t *p;
    json_array_foreach(parties, i, p) {
        char where[48];
        const char *s;
        snprintf(where, sizeof where, "parties[%zu]", i);
        int rc = only(op, p, where, keys);
        if (!rc)
            rc = req_enum(op, p, "role", party_roles, true, &s);
        if (!rc)
            rc = req_str(op, p, "name", CASE_NAME_MAX, true, &s);
        if (!rc)
            rc = req_str(op, p, "country", 2, false, &s);
        if (!rc && s && !is_cc(s))
            rc = xc_err(op->eb, EXCTL_EINVAL, "country must be an ISO 3166 alpha-2 code");
        if (!rc)
            rc = req_str(op, p, "address", CASE_NAME_MAX, false, &s);
        if (rc)
            return at(op, rc, where);
    }
    return EXCTL_OK;
}

static int check_end_use(case_op *op, json_t *eu)
{
    static const char *const keys[] = {"statement", "undertakings", NULL};
    const char *s;
    json_t *und;
    int rc = only(op, eu, "end_use", keys);
    if (!rc)
        rc = req_str(op, eu, "statement", CASE_TEXT_MAX, false, &s);
    if (!rc)
        rc = req_array(op, eu, "undertakings", 20, false, &und);
    size_t i;
    json_t *u;
    if (!rc && und)
        json_array_foreach(und, i, u)
            if (!rc && (!json_is_string(u) || json_string_length(u) > CASE_NAME_MAX))
                rc = xc_err(op->eb, EXCTL_EINVAL, "end_use.undertakings[%zu] must be a string"
                            " of at most %d bytes", i, CASE_NAME_MAX);
    return rc;
}

static int check_documents(case_op *op, json_t *docs)
{
    static const char *const keys[] = {"name", "type", "sha256", "size", NULL};
    size_t i;
    json_t *d;
    json_array_foreach(docs, i, d) {
        char where[48];
        const char *s;
        int64_t n;
        snprintf(where, sizeof where, "documents[%zu]", i);
        int rc = only(op, d, where, keys);
        if (!rc)
            rc = req_str(op, d, "name", CASE_NAME_MAX, true, &s);
        if (!rc)
            rc = req_str(op, d, "type", CASE_KEY_MAX - 1, false, &s);
        if (!rc)
            rc = req_str(op, d, "sha256", 64, false, &s);
        if (!rc && s && strspn(s, "0123456789abcdef") != 64)
            rc = xc_err(op->eb, EXCTL_EINVAL, "sha256 must be 64 lower-case hex digits");
        if (!rc)
            rc = req_int(op, d, "size", 0, INT64_MAX, false, &n);
        if (rc)
            return at(op, rc, where);
    }
    return EXCTL_OK;
}

/* Validate an application; complete = the submission rules apply. */
static int check_app(case_op *op, json_t *app, bool complete)
{
    static const char *const keys[] = {"licence_type", "destination", "reference", "goods",
                                       "parties", "end_use", "documents", NULL};
    const char *s;
    json_t *goods, *parties, *docs;
    int rc = only(op, app, "application", keys);
    if (!rc)
        rc = req_str(op, app, "licence_type", CASE_KEY_MAX - 1, true, &s);
    if (!rc && !json_object_get(json_object_get(op->c->wf->licences, "types"), s))
        rc = xc_err(op->eb, EXCTL_EINVAL, "%s: licence_type \"%s\" is not in licences.json",
                    op->action, s);
    if (!rc)
        rc = req_str(op, app, "destination", 2, true, &s);
    if (!rc && !is_cc(s))
        rc = xc_err(op->eb, EXCTL_EINVAL, "%s: destination must be an ISO 3166 alpha-2 code",
                    op->action);
    if (!rc)
        rc = req_str(op, app, "reference", CASE_ID_MAX - 1, false, &s);
    if (!rc)
        rc = req_array(op, app, "goods", CASE_MAX_ITEMS, complete, &goods);
    if (!rc && goods)
        rc = check_goods(op, goods);
    if (!rc)
        rc = req_array(op, app, "parties", CASE_MAX_ITEMS, complete, &parties);
    if (!rc && parties)
        rc = check_parties(op, parties);
    if (!rc && json_object_get(app, "end_use"))
        rc = check_end_use(op, json_object_get(app, "end_use"));
    if (!rc)
        rc = req_array(op, app, "documents", CASE_MAX_ITEMS, false, &docs);
    if (!rc && docs)
        rc = check_documents(op, docs);
    if (rc || !complete)
        return rc;
    /* Submission: goods, an end user (individual licences) and an end-use
     * statement are what an examiner cannot work without. */
    if (json_array_size(goods) == 0)
        return xc_err(op->eb, EXCTL_EINVAL, "submit: the application lists no goods");
    bool end_user = false;
    size_t i;
    json_t *p;
    json_array_foreach(parties, i, p)
        if (strcmp(json_string_value(json_object_get(p, "role")), "end_user") == 0)
            end_user = true;
    if (!end_user && strcmp(json_string_value(json_object_get(app, "licence_type")),
                            "individual") == 0)
        return xc_err(op->eb, EXCTL_EINVAL, "submit: an individual licence needs an end user");
    const char *stmt = json_string_value(json_object_get(json_object_get(app, "end_use"),
                                                         "statement"));
    if (!stmt || !*stmt)
        return xc_err(op->eb, EXCTL_EINVAL, "submit: the end-use statement is missing");
    return EXCTL_OK;
}

/* Copy the application's indexed fields into the row. */
static int app_to_row(case_op *op, json_t *app, case_row *r)
{
    if (case_strset(r->ltype, sizeof r->ltype,
                    json_string_value(json_object_get(app, "licence_type"))) ||
        case_strset(r->dest, sizeof r->dest,
                    json_string_value(json_object_get(app, "destination"))))
        return xc_err(op->eb, EXCTL_EINTERNAL, "application field too long");
    return EXCTL_OK;
}

static int respond_case(case_op *op)
{
    json_t *view = NULL;
    int rc = case_view(op, &op->row, &view);
    if (rc)
        return rc;
    op->resp = json_pack("{s:o}", "case", view);
    return op->resp ? EXCTL_OK : xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
}

int case_h_create(case_op *op)
{
    int rc = EXCTL_OK;
    json_t *doc = NULL, *app = json_object_get(op->req, "application");
    const char *org = case_actor_org(op->actor);
    if (!*org)
        return xc_err(op->eb, EXCTL_EINVAL, "create: the actor has no organisation");
    if (!app)
        return xc_err(op->eb, EXCTL_EINVAL, "create: field \"application\" is required");
    rc = check_app(op, app, false);
    if (rc)
        return rc;
    op->row.created_at = op->now;
    if (case_strset(op->row.org, sizeof op->row.org, org))
        return xc_err(op->eb, EXCTL_EINVAL, "create: organisation too long");
    case_strset(op->row.status, sizeof op->row.status, op->c->wf->st[op->c->wf->initial].name);
    rc = app_to_row(op, app, &op->row);
    if (rc)
        return rc;
    doc = json_pack("{s:O}", "application", app);
    if (!doc)
        return xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
    rc = case_set_doc(op, &op->row, doc);
    if (!rc)
        rc = case_save(op);
    if (!rc)
        rc = case_event_rec(op, "create", "", op->row.status, NULL);
    if (!rc)
        rc = respond_case(op);
    json_decref(doc);
    return rc;
}

int case_h_update(case_op *op)
{
    int rc = EXCTL_OK;
    json_t *doc = NULL, *app = json_object_get(op->req, "application");
    if (!app)
        return xc_err(op->eb, EXCTL_EINVAL, "update: field \"application\" is required");
    rc = check_app(op, app, false);
    if (!rc)
        rc = app_to_row(op, app, &op->row);
    if (!rc)
        rc = case_doc(op, &op->row, &doc);
    if (rc)
        goto out;
    json_object_set(doc, "application", app);
    rc = case_set_doc(op, &op->row, doc);
    if (!rc)
        rc = case_save(op);
    if (!rc)
        rc = case_event_rec(op, "update", op->row.status, op->row.status, NULL);
    if (!rc)
        rc = respond_case(op);
out:
    json_decref(doc);
    return rc;
}

/* --- automatic checks --------------------------------------------------- */

static int check_hits(case_op *op, json_t *hits, const char *where)
{
    static const char *const keys[] = {"list", "entity", "name", "score", NULL};
    size_t i;
    json_t *h;
    if (!json_is_array(hits))
        return xc_err(op->eb, EXCTL_EINVAL, "%s.hits must be an array", where);
    json_array_foreach(hits, i, h) {
        const char *s;
        int rc = only(op, h, where, keys);
        if (!rc)
            rc = req_str(op, h, "list", CASE_KEY_MAX - 1, true, &s);
        if (!rc)
            rc = req_str(op, h, "entity", CASE_ID_MAX - 1, true, &s);
        if (!rc)
            rc = req_str(op, h, "name", CASE_NAME_MAX, false, &s);
        json_t *sc = json_object_get(h, "score");
        if (!rc && sc && (!json_is_number(sc) || json_number_value(sc) < 0 ||
                          json_number_value(sc) > 1))
            rc = xc_err(op->eb, EXCTL_EINVAL, "score must be a number in [0, 1]");
        if (rc)
            return at(op, rc, where);
    }
    return EXCTL_OK;
}

static bool flag_declared(const exctl_workflow *wf, const char *flag)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(wf->routing, "flags"), i, v)
        if (strcmp(json_string_value(v), flag) == 0)
            return true;
    return false;
}

static void add_flag(const exctl_workflow *wf, json_t *flags, const char *flag)
{
    if (!flag_declared(wf, flag))
        return;
    size_t i;
    json_t *v;
    json_array_foreach(flags, i, v)
        if (strcmp(json_string_value(v), flag) == 0)
            return;
    json_array_append_new(flags, json_string(flag));
}

/* Screening results: [{"party": i, "hits": [...]}]. */
static int screening_flags(case_op *op, json_t *app, json_t *scr, json_t *flags)
{
    json_t *parties = json_object_get(app, "parties");
    size_t i;
    json_t *s;
    if (!json_is_array(scr))
        return xc_err(op->eb, EXCTL_EINVAL, "checks.screening must be an array");
    json_array_foreach(scr, i, s) {
        static const char *const keys[] = {"party", "hits", NULL};
        char where[48];
        int64_t pi = 0;
        snprintf(where, sizeof where, "checks.screening[%zu]", i);
        int rc = only(op, s, where, keys);
        if (!rc)
            rc = req_int(op, s, "party", 0, (int64_t)json_array_size(parties) - 1, true, &pi);
        if (!rc)
            rc = check_hits(op, json_object_get(s, "hits"), where);
        if (rc)
            return at(op, rc, where);
        if (json_array_size(json_object_get(s, "hits")) == 0)
            continue;
        const char *role = case_jstr(json_object_get(json_array_get(parties, (size_t)pi), "role"));
        add_flag(op->c->wf, flags, strcmp(role, "end_user") == 0 ? "end_user_hit" : "party_hit");
    }
    return EXCTL_OK;
}

/* Determination results: [{"item": i, "licence_required": {"jp": true, ...},
 * "catch_all": bool, "embargoed_destination": bool, "control_codes": [...],
 * "reasons": "..."}]. */
static int determination_flags(case_op *op, json_t *app, json_t *det, json_t *flags,
                               bool regimes[3])
{
    static const char *const keys[] = {"item", "licence_required", "catch_all",
                                       "embargoed_destination", "control_codes", "reasons",
                                       NULL};
    static const char *const rkeys[] = {"jp", "us", "eu", NULL};
    static const char *const rflags[] = {"license_required_jp", "license_required_us",
                                         "license_required_eu"};
    json_t *goods = json_object_get(app, "goods");
    size_t i;
    json_t *d;
    if (!json_is_array(det))
        return xc_err(op->eb, EXCTL_EINVAL, "checks.determination must be an array");
    json_array_foreach(det, i, d) {
        char where[48];
        int64_t it = 0;
        bool ca = false, emb = false;
        const char *s;
        snprintf(where, sizeof where, "checks.determination[%zu]", i);
        int rc = only(op, d, where, keys);
        if (!rc)
            rc = req_int(op, d, "item", 0, (int64_t)json_array_size(goods) - 1, true, &it);
        if (!rc)
            rc = req_bool(op, d, "catch_all", false, &ca);
        if (!rc)
            rc = req_bool(op, d, "embargoed_destination", false, &emb);
        if (!rc)
            rc = req_str(op, d, "reasons", CASE_TEXT_MAX, false, &s);
        json_t *codes = NULL;
        if (!rc)
            rc = req_array(op, d, "control_codes", 50, false, &codes);
        size_t ci;
        json_t *cv;
        json_array_foreach(codes, ci, cv)
            if (!rc && (!json_is_string(cv) || json_string_length(cv) >= CASE_KEY_MAX))
                rc = xc_err(op->eb, EXCTL_EINVAL, "control_codes[%zu] must be a code of at most"
                            " %d bytes", ci, CASE_KEY_MAX - 1);
        json_t *lr = json_object_get(d, "licence_required");
        if (!rc && lr)
            rc = only(op, lr, "licence_required", rkeys);
        for (size_t k = 0; !rc && lr && rkeys[k]; k++) {
            bool req = false;
            rc = req_bool(op, lr, rkeys[k], false, &req);
            if (req) {
                regimes[k] = true;
                add_flag(op->c->wf, flags, rflags[k]);
            }
        }
        if (rc)
            return at(op, rc, where);
        if (ca)
            add_flag(op->c->wf, flags, "catch_all");
        if (emb)
            add_flag(op->c->wf, flags, "embargoed_destination");
    }
    return EXCTL_OK;
}

static bool rule_matches(json_t *rule, json_t *flags)
{
    size_t i, j;
    json_t *w, *f;
    json_array_foreach(json_object_get(rule, "when_any"), i, w)
        json_array_foreach(flags, j, f)
            if (json_equal(w, f))
                return true;
    return false;
}

/* Run the checks on op->row (status submitted) and move it to
 * initial_checks, as action "record_checks". */
static int apply_checks(case_op *op, json_t *checks)
{
    static const char *const keys[] = {"screening", "determination", "list_versions", NULL};
    int rc = EXCTL_OK;
    json_t *doc = NULL, *flags = json_array(), *details = NULL;
    bool regimes[3] = {false, false, false};
    if (!flags)
        return xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
    rc = only(op, checks, "checks", keys);
    json_t *lv = json_object_get(checks, "list_versions");
    if (!rc && lv) {
        const char *k;
        json_t *v;
        if (!json_is_object(lv) || json_object_size(lv) > 100)
            rc = xc_err(op->eb, EXCTL_EINVAL, "checks.list_versions must be an object of at most"
                        " 100 list ids");
        json_object_foreach(lv, k, v)
            if (!rc && (strlen(k) >= CASE_KEY_MAX || !json_is_string(v) ||
                        json_string_length(v) >= CASE_ID_MAX))
                rc = xc_err(op->eb, EXCTL_EINVAL, "checks.list_versions.%.64s must be a short"
                            " version string", k);
    }
    if (!rc)
        rc = case_doc(op, &op->row, &doc);
    if (rc)
        goto out;
    json_t *app = json_object_get(doc, "application");
    json_t *scr = json_object_get(checks, "screening");
    json_t *det = json_object_get(checks, "determination");
    if (scr)
        rc = screening_flags(op, app, scr, flags);
    if (!rc && det)
        rc = determination_flags(op, app, det, flags, regimes);
    if (rc)
        goto out;
    /* The destination list in routing.json applies whatever the
     * determination said. */
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(op->c->wf->routing, "embargoed_destinations"), i, v)
        if (strcmp(json_string_value(v), op->row.dest) == 0)
            add_flag(op->c->wf, flags, "embargoed_destination");

    json_t *route = json_object_get(op->c->wf->routing, "default");
    json_array_foreach(json_object_get(op->c->wf->routing, "rules"), i, v)
        if (rule_matches(v, flags)) {
            route = v;
            break;
        }
    const char *queue = json_string_value(json_object_get(route, "queue"));
    case_strset(op->row.queue, sizeof op->row.queue, queue);
    static const char *const rnames[] = {"jp", "us", "eu"};
    char reg[CASE_KEY_MAX] = "";
    size_t rn = 0;
    for (size_t k = 0; k < 3; k++)
        if (regimes[k]) {   /* at most "jp,us,eu": always fits */
            int w = snprintf(reg + rn, sizeof reg - rn, "%s%s", rn ? "," : "", rnames[k]);
            if (w > 0 && (size_t)w < sizeof reg - rn)
                rn += (size_t)w;
        }
    case_strset(op->row.regimes, sizeof op->row.regimes, reg);
    json_object_set(doc, "checks", checks);
    json_object_set(doc, "flags", flags);
    json_object_set_new(doc, "routing",
                        json_pack("{s:O,s:s,s:O}", "rule", json_object_get(route, "name"),
                                  "queue", queue, "countersign",
                                  json_object_get(route, "countersign")));
    rc = case_set_doc(op, &op->row, doc);
    if (rc)
        goto out;
    details = json_pack("{s:O,s:s,s:O}", "flags", flags, "queue", queue, "rule",
                        json_object_get(route, "name"));
    rc = case_move(op, "initial_checks", details);
out:
    json_decref(flags);
    json_decref(doc);
    return rc;
}

int case_h_submit(case_op *op)
{
    json_t *doc = NULL;
    int rc = case_doc(op, &op->row, &doc);
    if (!rc)
        rc = check_app(op, json_object_get(doc, "application"), true);
    json_decref(doc);
    if (rc)
        return rc;
    op->row.submitted_at = op->now;
    rc = case_move(op, "submitted", NULL);
    json_t *checks = json_object_get(op->req, "checks");
    if (!rc && checks) {
        /* Submission with results: the checks run in the same transaction,
         * under their own transition so the table still governs them. */
        op->action = "record_checks";
        op->tr = wf_trans_find(op->c->wf, "record_checks");
        int si = wf_status_index(op->c->wf, op->row.status);
        if (!op->tr || si < 0 || !(op->tr->from & (1u << si)))
            rc = xc_err(op->eb, EXCTL_ESTATE, "transitions.json does not let record_checks run"
                        " from \"%s\"", op->row.status);
        else
            rc = apply_checks(op, checks);
    }
    if (!rc)
        rc = respond_case(op);
    return rc;
}

int case_h_record_checks(case_op *op)
{
    json_t *checks = json_object_get(op->req, "checks");
    if (!checks)
        return xc_err(op->eb, EXCTL_EINVAL, "record_checks: field \"checks\" is required");
    int rc = apply_checks(op, checks);
    if (!rc)
        rc = respond_case(op);
    return rc;
}
