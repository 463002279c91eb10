/*
 * cases — licences: issue, usage against the licence, suspension,
 * revocation and expiry.
 *
 * A licence copies the approved goods (quantities and values) at issue, so
 * a later edit of anything cannot change what was licensed. Usage is stored
 * per shipment and the balance is recomputed from the shipments inside the
 * same transaction as the new one, so two concurrent shipments cannot both
 * pass against the same remainder (the transaction is BEGIN IMMEDIATE).
 *
 * Validity comes from licences.json (JP individual licence: 6 months from
 * issue); it ends at the same time of day on the same day of the month N
 * months later (clamped to the month's end). A shipment at or after that
 * instant is refused even before the expiry sweep (expire_due) has marked
 * the licence expired; the sweep is what moves the status.
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

static json_t *load_doc(const char *text)
{
    json_error_t je;
    json_t *d = json_loads(text ? text : "{}", 0, &je);
    return json_is_object(d) ? d : (json_decref(d), NULL);
}

int case_h_issue_licence(case_op *op)
{
    int rc = EXCTL_OK;
    json_t *doc = NULL, *ldoc = NULL, *goods = NULL;
    case_licence lic = {0};
    char counter[96], year[8];
    int64_t seq = 0;
    if (strcmp(op->row.outcome, "approved") != 0 &&
        strcmp(op->row.outcome, "approved_with_provisos") != 0)
        return xc_err(op->eb, EXCTL_ESTATE, "case %lld was %s; only approvals get a licence",
                      (long long)op->row.id, op->row.outcome);
    rc = case_doc(op, &op->row, &doc);
    if (rc)
        goto out;
    json_t *type = json_object_get(json_object_get(op->c->wf->licences, "types"), op->row.ltype);
    if (!type) {
        rc = xc_err(op->eb, EXCTL_ESTATE, "licence type \"%s\" is no longer in licences.json",
                    op->row.ltype);
        goto out;
    }
    const char *prefix = json_string_value(json_object_get(type, "number_prefix"));
    int months = (int)json_integer_value(json_object_get(type, "validity_months"));
    char iso[32];
    case_time_iso(op->now, iso);
    memcpy(year, iso, 4);
    year[4] = '\0';
    snprintf(counter, sizeof counter, "licence:%s:%s", prefix, year);
    rc = op->c->st->ops->counter_next(op->c->st, counter, &seq, op->eb);
    if (rc)
        goto out;
    /* Number: PREFIX-YYYY-NNNNNN, sequential per prefix and year. */
    snprintf(lic.number, sizeof lic.number, "%s-%s-%06lld", prefix, year, (long long)seq);
    lic.case_id = op->row.id;
    lic.issued_at = op->now;
    lic.expires_at = case_add_months(op->now, months);
    memcpy(lic.org, op->row.org, sizeof lic.org);
    memcpy(lic.ltype, op->row.ltype, sizeof lic.ltype);
    case_strset(lic.status, sizeof lic.status, "licence_issued");

    json_t *app = json_object_get(doc, "application");
    goods = json_deep_copy(json_object_get(app, "goods"));
    json_t *parties = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(app, "parties"), i, p)
        json_array_append_new(parties, json_pack("{s:O,s:O}", "role", json_object_get(p, "role"),
                                                 "name", json_object_get(p, "name")));
    json_t *dec = json_object_get(doc, "decision");
    json_t *prov = json_object_get(dec, "provisos");
    ldoc = json_pack("{s:s,s:s,s:o,s:o,s:o,s:I}", "holder", op->row.org, "destination",
                     op->row.dest, "goods", goods, "parties", parties, "provisos",
                     prov ? json_deep_copy(prov) : json_array(), "validity_months",
                     (json_int_t)months);
    goods = NULL;
    lic.doc = ldoc ? json_dumps(ldoc, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
    if (!lic.doc) {
        rc = xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    rc = op->c->st->ops->lic_put(op->c->st, &lic, op->eb);
    if (!rc)
        rc = case_move(op, "licence_issued",
                       json_pack("{s:s,s:o}", "licence", lic.number, "expires_at",
                                 case_time_json(lic.expires_at)));
    if (!rc)
        rc = respond_case(op);
out:
    json_decref(goods);
    json_decref(ldoc);
    json_decref(doc);
    case_licence_clear(&lic);
    return rc;
}

/* --- balances ----------------------------------------------------------- */

typedef struct usage_sum {
    size_t n;
    int64_t *qty, *val;   /* per goods item */
    json_t *list;         /* usage entries, when wanted */
} usage_sum;

static int usage_cb(void *ud, const case_usage *u)
{
    usage_sum *s = ud;
    if (u->item >= 0 && (size_t)u->item < s->n) {
        s->qty[u->item] += u->quantity;
        s->val[u->item] += u->value;
    }
    if (s->list) {
        json_t *o = load_doc(u->doc);
        if (!o)
            return EXCTL_EDB;
        json_object_set_new(o, "item", json_integer(u->item));
        json_object_set_new(o, "quantity", json_integer(u->quantity));
        json_object_set_new(o, "value", json_integer(u->value));
        json_object_set_new(o, "recorded_at", case_time_json(u->at));
        json_array_append_new(s->list, o);
    }
    return EXCTL_OK;
}

static int sum_usage(case_op *op, const case_licence *lic, json_t *goods, usage_sum *s)
{
    s->n = json_array_size(goods);
    s->qty = calloc(s->n + 1, sizeof *s->qty);
    s->val = calloc(s->n + 1, sizeof *s->val);
    if (!s->qty || !s->val)
        return xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
    return op->c->st->ops->usage_list(op->c->st, lic->id, usage_cb, s, op->eb);
}

static void usage_free(usage_sum *s)
{
    free(s->qty);
    free(s->val);
    json_decref(s->list);
}

int case_licence_view(case_op *op, int64_t case_id, json_t **out)
{
    int rc = EXCTL_OK;
    case_licence lic = {0};
    usage_sum s = {0};
    json_t *v = NULL;
    *out = NULL;
    rc = op->c->st->ops->lic_get(op->c->st, NULL, case_id, &lic, NULL);
    if (rc == EXCTL_ENOTFOUND) {
        rc = EXCTL_OK;
        goto out;
    }
    if (rc) {
        rc = xc_err(op->eb, rc, "case %lld: cannot read its licence", (long long)case_id);
        goto out;
    }
    v = load_doc(lic.doc);
    if (!v) {
        rc = xc_err(op->eb, EXCTL_EDB, "licence %s: stored document is not JSON", lic.number);
        goto out;
    }
    json_t *goods = json_object_get(v, "goods");
    s.list = json_array();
    rc = sum_usage(op, &lic, goods, &s);
    if (rc)
        goto out;
    size_t i;
    json_t *g;
    json_array_foreach(goods, i, g) {
        int64_t q = json_integer_value(json_object_get(g, "quantity"));
        int64_t val = json_integer_value(json_object_get(g, "value"));
        json_object_set_new(g, "used_quantity", json_integer(s.qty[i]));
        json_object_set_new(g, "used_value", json_integer(s.val[i]));
        json_object_set_new(g, "remaining_quantity", json_integer(q - s.qty[i]));
        json_object_set_new(g, "remaining_value", json_integer(val - s.val[i]));
    }
    json_object_set_new(v, "number", json_string(lic.number));
    json_object_set_new(v, "case", json_integer(lic.case_id));
    json_object_set_new(v, "type", json_string(lic.ltype));
    json_object_set_new(v, "status", json_string(lic.status));
    json_object_set_new(v, "issued_at", case_time_json(lic.issued_at));
    json_object_set_new(v, "expires_at", case_time_json(lic.expires_at));
    json_object_set(v, "usage", s.list);
    *out = v;
    v = NULL;
out:
    json_decref(v);
    usage_free(&s);
    case_licence_clear(&lic);
    return rc;
}

int case_h_record_usage(case_op *op)
{
    int rc = EXCTL_OK;
    case_licence lic = {0};
    usage_sum s = {0};
    json_t *ldoc = NULL, *udoc = NULL;
    case_usage u = {0};
    const char *ref = NULL, *date = NULL;
    int64_t item = 0, qty = 0, val = 0;
    rc = req_int(op, op->req, "item", 0, CASE_MAX_ITEMS - 1, true, &item);
    if (!rc)
        rc = req_int(op, op->req, "quantity", 1, INT64_C(1000000000000), true, &qty);
    if (!rc)
        rc = req_int(op, op->req, "value", 0, INT64_C(1000000000000000), true, &val);
    if (!rc)
        rc = req_str(op, op->req, "shipment_ref", CASE_ID_MAX - 1, true, &ref);
    if (!rc)
        rc = req_str(op, op->req, "shipped_on", 10, false, &date);
    if (!rc)
        rc = op->c->st->ops->lic_get(op->c->st, NULL, op->row.id, &lic, op->eb);
    if (rc)
        goto out;
    if (op->now >= lic.expires_at) {
        char iso[32];
        case_time_iso(lic.expires_at, iso);
        rc = xc_err(op->eb, EXCTL_ESTATE, "licence %s expired at %s", lic.number, iso);
        goto out;
    }
    ldoc = load_doc(lic.doc);
    json_t *goods = json_object_get(ldoc, "goods");
    if (!ldoc || (size_t)item >= json_array_size(goods)) {
        rc = xc_err(op->eb, EXCTL_EINVAL, "record_usage: licence %s has no goods item %lld",
                    lic.number, (long long)item);
        goto out;
    }
    rc = sum_usage(op, &lic, goods, &s);
    if (rc)
        goto out;
    json_t *g = json_array_get(goods, (size_t)item);
    int64_t lq = json_integer_value(json_object_get(g, "quantity"));
    int64_t lv = json_integer_value(json_object_get(g, "value"));
    if (qty > lq - s.qty[item]) {
        rc = xc_err(op->eb, EXCTL_ESTATE, "licence %s item %lld: shipment of %lld exceeds the"
                    " remaining quantity %lld", lic.number, (long long)item, (long long)qty,
                    (long long)(lq - s.qty[item]));
        goto out;
    }
    if (val > lv - s.val[item]) {
        rc = xc_err(op->eb, EXCTL_ESTATE, "licence %s item %lld: shipment value %lld exceeds the"
                    " remaining value %lld", lic.number, (long long)item, (long long)val,
                    (long long)(lv - s.val[item]));
        goto out;
    }
    udoc = json_pack("{s:s,s:s?,s:s}", "shipment_ref", ref, "shipped_on", date, "recorded_by",
                     op->actor->user);
    u.licence_id = lic.id;
    u.item = item;
    u.quantity = qty;
    u.value = val;
    u.at = op->now;
    u.doc = udoc ? json_dumps(udoc, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
    if (!u.doc) {
        rc = xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    rc = op->c->st->ops->usage_add(op->c->st, &u, op->eb);
    if (!rc)
        rc = case_save(op);
    if (!rc)
        rc = case_event_rec(op, "record_usage", op->row.status, op->row.status,
                            json_pack("{s:s,s:I,s:I,s:I,s:s}", "licence", lic.number, "item",
                                      (json_int_t)item, "quantity", (json_int_t)qty, "value",
                                      (json_int_t)val, "shipment_ref", ref));
    if (!rc)
        rc = respond_case(op);
out:
    free(u.doc);
    json_decref(udoc);
    json_decref(ldoc);
    usage_free(&s);
    case_licence_clear(&lic);
    return rc;
}

/* --- status changes of the licence -------------------------------------- */

/* Move the case and its licence to `to` together. */
static int licence_move(case_op *op, const char *to, json_t *details)
{
    case_licence lic = {0};
    int rc = op->c->st->ops->lic_get(op->c->st, NULL, op->row.id, &lic, op->eb);
    if (rc) {
        json_decref(details);
        return rc;
    }
    case_strset(lic.status, sizeof lic.status, to);
    rc = op->c->st->ops->lic_put(op->c->st, &lic, op->eb);
    if (!details)
        details = json_object();
    json_object_set_new(details, "licence", json_string(lic.number));
    if (!rc)
        rc = case_move(op, to, details);
    else
        json_decref(details);
    case_licence_clear(&lic);
    return rc;
}

static int with_reasons(case_op *op, const char *to)
{
    const char *reasons = NULL;
    int rc = req_str(op, op->req, "reasons", CASE_TEXT_MAX, true, &reasons);
    if (!rc)
        rc = licence_move(op, to, json_pack("{s:s}", "reasons", reasons));
    if (!rc)
        rc = respond_case(op);
    return rc;
}

int case_h_suspend(case_op *op)
{
    return with_reasons(op, "suspended");
}

int case_h_reinstate(case_op *op)
{
    return with_reasons(op, "licence_issued");
}

int case_h_revoke(case_op *op)
{
    return with_reasons(op, "revoked");
}

typedef struct due_ctx {
    int64_t now;
    size_t n, cap;
    int64_t *cases;
} due_ctx;

static int due_cb(void *ud, const case_licence *l)
{
    due_ctx *d = ud;
    if (l->expires_at > d->now || (strcmp(l->status, "licence_issued") != 0 &&
                                   strcmp(l->status, "suspended") != 0))
        return EXCTL_OK;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        int64_t *p = realloc(d->cases, cap * sizeof *p);
        if (!p)
            return EXCTL_ENOMEM;
        d->cases = p;
        d->cap = cap;
    }
    d->cases[d->n++] = l->case_id;
    return EXCTL_OK;
}

int case_h_expire_due(case_op *op)
{
    due_ctx d = {op->now, 0, 0, NULL};
    json_t *done = json_array();
    int rc = op->c->st->ops->lic_list(op->c->st, due_cb, &d, op->eb);
    if (rc)
        goto out;
    op->action = "expire";
    op->tr = wf_trans_find(op->c->wf, "expire");
    for (size_t i = 0; i < d.n; i++) {
        case_row_clear(&op->row);
        rc = op->c->st->ops->case_get(op->c->st, d.cases[i], &op->row, op->eb);
        if (rc)
            goto out;
        int si = wf_status_index(op->c->wf, op->row.status);
        if (si < 0 || !(op->tr->from & (1u << si)))
            continue;   /* the table does not let this status expire */
        rc = licence_move(op, "expired", NULL);
        if (rc)
            goto out;
        json_array_append_new(done, json_integer(op->row.id));
    }
    op->resp = json_pack("{s:O}", "expired_cases", done);
    if (!op->resp)
        rc = xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
out:
    free(d.cases);
    json_decref(done);
    return rc;
}

int case_h_get_licence(case_op *op)
{
    const char *number = NULL;
    case_licence lic = {0};
    bool visible = false;
    json_t *v = NULL;
    int rc = req_str(op, op->req, "number", CASE_KEY_MAX - 1, true, &number);
    if (!rc)
        rc = op->c->st->ops->lic_get(op->c->st, number, 0, &lic, op->eb);
    if (!rc)
        rc = op->c->st->ops->case_get(op->c->st, lic.case_id, &op->row, op->eb);
    if (!rc)
        rc = case_visible(op, &op->row, &visible);
    if (!rc && !visible)
        rc = xc_err(op->eb, EXCTL_ENOTFOUND, "no licence %s", number);
    if (!rc)
        rc = case_licence_view(op, lic.case_id, &v);
    if (!rc) {
        op->resp = json_pack("{s:o}", "licence", v);
        if (!op->resp)
            rc = xc_err(op->eb, EXCTL_ENOMEM, "out of memory");
    }
    case_licence_clear(&lic);
    return rc;
}
