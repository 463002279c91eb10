/*
 * server — screening routes: lists, entities, single and batch screening,
 * the yente-compatible /match API and remembered decisions.
 *
 * The screener is built at start (and again by a list reload) and shared by
 * every worker thread; a request screens with the generation it took first
 * (srv_lists(), gen.c), so a batch and the versions stamped on it agree
 * even across a reload. A screening is a pure function of the query and
 * the loaded lists, so the routes only translate between HTTP/JSON and
 * exctl_screen(). Each hit
 * carries the screener's explanation and, when someone already decided
 * about this party and this listed entity, that decision: it is keyed by
 * the party (normalised name + country), so the next screening of the same
 * customer shows "false positive, decided by X on Y" instead of asking
 * again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "server/srv.h"

#define MAX_LIMIT 100
#define MATCH_MAX_NAMES 8

/* --- entity rendering -------------------------------------------------------- */

static json_t *entity_json(const exctl_entity *e)
{
    const exctl_list *l = exctl_entity_list(e);
    char full[320];
    snprintf(full, sizeof full, "%s:%s", exctl_list_id(l), exctl_entity_id(e));
    json_t *names = json_array(), *countries = json_array(), *ids = json_array();
    json_t *fields = json_object();
    for (size_t i = 0; i < exctl_entity_name_count(e); i++) {
        exctl_name_kind k;
        const char *script = "", *lang = "";
        const char *n = exctl_entity_name(e, i, &k, &script, &lang);
        json_array_append_new(names, json_pack("{s:s, s:s, s:s, s:s}", "name", n, "kind",
                                               exctl_name_kind_name(k), "script",
                                               script ? script : "", "lang",
                                               lang ? lang : ""));
    }
    for (size_t i = 0; i < exctl_entity_country_count(e); i++) {
        exctl_country_role role;
        const char *cc = exctl_entity_country(e, i, &role);
        json_array_append_new(countries, json_pack("{s:s, s:s}", "country", cc, "role",
                                                   exctl_country_role_name(role)));
    }
    for (size_t i = 0; i < exctl_entity_ident_count(e); i++) {
        exctl_id_type t;
        const char *country = "", *note = "";
        const char *v = exctl_entity_ident(e, i, &t, &country, &note);
        json_array_append_new(ids, json_pack("{s:s, s:s, s:s, s:s}", "type",
                                             exctl_id_type_name(t), "value", v, "country",
                                             country ? country : "", "note",
                                             note ? note : ""));
    }
    for (int f = 0; f < EXCTL_FIELD_COUNT_; f++) {
        size_t n = exctl_entity_field_count(e, (exctl_field)f);
        if (!n)
            continue;
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, json_string(exctl_entity_field(e, (exctl_field)f, i)));
        json_object_set_new(fields, exctl_field_name((exctl_field)f), arr);
    }
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id", full,
                     "list_id", exctl_list_id(l), "list_name", exctl_list_name(l),
                     "entity_id", exctl_entity_id(e), "schema",
                     exctl_schema_name(exctl_entity_schema(e)), "listed_on",
                     exctl_entity_listed_on(e), "names", names, "countries", countries,
                     "identifiers", ids, "fields", fields);
}

int h_lists(srv_req *r)
{
    const exctl_listset *ls = srv_lists(r)->lists;
    json_t *arr = json_array();
    for (size_t i = 0; i < exctl_listset_count(ls); i++) {
        const exctl_list *l = exctl_listset_at(ls, i);
        json_array_append_new(
            arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I}", "id",
                           exctl_list_id(l), "name", exctl_list_name(l), "publisher",
                           exctl_list_publisher(l), "source_url", exctl_list_source_url(l),
                           "date", exctl_list_date(l), "format", exctl_list_format(l),
                           "sha256", exctl_list_sha256(l), "entities",
                           (json_int_t)exctl_list_entity_count(l), "names",
                           (json_int_t)exctl_list_name_count(l), "rows",
                           (json_int_t)exctl_list_rows(l), "skipped",
                           (json_int_t)exctl_list_skipped(l)));
    }
    return srv_json(r, 200, json_pack("{s:o}", "lists", arr));
}

int h_entity(srv_req *r)
{
    const exctl_entity *e = exctl_listset_find(srv_lists(r)->lists, r->params[0]);
    if (!e)
        return srv_error(r, 404, "not_found", "no entity '%s'", r->params[0]);
    return srv_json(r, 200, entity_json(e));
}

/* --- screening ------------------------------------------------------------------ */

typedef struct party {
    const char *id;          /* caller's reference (batch), may be NULL */
    const char *name;
    const char *type;        /* schema name or NULL */
    const char *country;
    const char *birth_date;
} party;

static int parse_schema(const char *s, exctl_schema *out)
{
    if (!s || !*s || !strcmp(s, "any")) {
        *out = EXCTL_SCHEMA_UNKNOWN;
        return 0;
    }
    if (!strcmp(s, "Person") || !strcmp(s, "person")) {
        *out = EXCTL_SCHEMA_PERSON;
        return 0;
    }
    if (!strcmp(s, "Organization") || !strcmp(s, "Company") || !strcmp(s, "LegalEntity")) {
        *out = EXCTL_SCHEMA_ORGANIZATION;
        return 0;
    }
    if (!strcmp(s, "Airplane")) {
        *out = EXCTL_SCHEMA_AIRCRAFT;
        return 0;
    }
    if (!strcmp(s, "Thing")) {
        *out = EXCTL_SCHEMA_UNKNOWN;
        return 0;
    }
    return exctl_schema_parse(s, out) ? EXCTL_EINVAL : 0;
}

static bool check_text(srv_req *r, const char *field, const char *v)
{
    if (!v)
        return true;
    size_t n = strlen(v);
    if (n > SRV_MAX_FIELD) {
        srv_error(r, 413, "too_large", "'%s' exceeds %d bytes", field, SRV_MAX_FIELD);
        return false;
    }
    if (!xc_utf8_valid(v, n)) {
        srv_error(r, 400, "invalid", "'%s' is not valid UTF-8", field);
        return false;
    }
    return true;
}

/* Features of an explanation for the yente response: its numeric members
 * and those of nested objects, one level down ("a.b"). */
static json_t *features_of(json_t *explain)
{
    json_t *f = json_object();
    const char *k;
    json_t *v;
    if (!json_is_object(explain))
        return f;
    json_object_foreach(explain, k, v) {
        if (json_is_number(v)) {
            json_object_set_new(f, k, json_real(json_number_value(v)));
        } else if (json_is_object(v)) {
            const char *k2;
            json_t *v2;
            json_object_foreach(v, k2, v2) {
                if (!json_is_number(v2))
                    continue;
                char key[128];
                snprintf(key, sizeof key, "%s.%s", k, k2);
                json_object_set_new(f, key, json_real(json_number_value(v2)));
            }
        }
    }
    return f;
}

/* Decisions remembered for this party (malloc'ed array owned by the caller,
 * NULL when none or when the store cannot be read: a screening answer does
 * not fail for want of them). */
static st_decision *decisions_for(srv_req *r, const char *party_key, size_t *n)
{
    st_decision *ds = NULL;
    st_store *st = srv_store(r);
    *n = 0;
    if (st->ops->decision_list(st, party_key, &ds, n, NULL)) {
        *n = 0;
        return NULL;
    }
    return ds;
}

/* One hit, keys in sorted order (the order json_dumps used to write). The
 * explanation is the screener's JSON object text, spliced as it is. */
static void match_write(srv_jw *w, const exctl_match *m, const st_decision *ds, size_t nd)
{
    char full[320];
    snprintf(full, sizeof full, "%s:%s", m->list_id, m->entity_id);
    const st_decision *dec = NULL;
    for (size_t i = 0; i < nd && !dec; i++)
        if (!strcmp(ds[i].entity_id, full))
            dec = &ds[i];
    srv_jw_obj(w);
    srv_jw_key(w, "countries");
    srv_jw_arr(w);
    size_t nc = exctl_entity_country_count(m->entity);
    for (size_t i = 0; i < nc; i++) {
        const char *cc = exctl_entity_country(m->entity, i, NULL);
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++)
            dup = !strcmp(exctl_entity_country(m->entity, j, NULL), cc);
        if (!dup)
            srv_jw_str(w, cc);
    }
    srv_jw_arr_end(w);
    srv_jw_key(w, "decision");
    if (dec) {
        srv_jw_obj(w);
        srv_jw_key(w, "at");
        srv_jw_str(w, dec->created);
        srv_jw_key(w, "by");
        srv_jw_str(w, dec->username);
        srv_jw_key(w, "decision");
        srv_jw_str(w, dec->decision);
        srv_jw_key(w, "note");
        srv_jw_str(w, dec->note);
        srv_jw_obj_end(w);
    } else {
        srv_jw_null(w);
    }
    srv_jw_key(w, "entity_id");
    srv_jw_str(w, m->entity_id);
    srv_jw_key(w, "explain");
    if (m->explain)   /* exctl_screen: always one JSON object */
        srv_jw_raw(w, m->explain, strlen(m->explain));
    else
        srv_jw_null(w);
    srv_jw_key(w, "id");
    srv_jw_str(w, full);
    srv_jw_key(w, "list_id");
    srv_jw_str(w, m->list_id);
    srv_jw_key(w, "matched_name");
    srv_jw_str(w, m->matched_name ? m->matched_name : m->name);
    srv_jw_key(w, "name");
    srv_jw_str(w, m->name);
    srv_jw_key(w, "programs");
    srv_jw_arr(w);
    for (size_t i = 0; i < exctl_entity_field_count(m->entity, EXCTL_FIELD_PROGRAM); i++)
        srv_jw_str(w, exctl_entity_field(m->entity, EXCTL_FIELD_PROGRAM, i));
    srv_jw_arr_end(w);
    srv_jw_key(w, "schema");
    srv_jw_str(w, exctl_schema_name(exctl_entity_schema(m->entity)));
    srv_jw_key(w, "score");
    srv_jw_real(w, m->score);
    srv_jw_obj_end(w);
}

/* Screen one party and write its result object to w (keys sorted; with
 * "threshold" when show_threshold >= 0). false with an error response set,
 * and nothing written, when the party is refused or screening fails. */
static bool screen_party(srv_req *r, const party *p, double threshold, size_t limit,
                         double show_threshold, srv_jw *w)
{
    exctl_errbuf eb = {{0}};
    exctl_query q = {0};
    exctl_screen_opts so = {.threshold = threshold, .limit = limit, .explain = 1};
    exctl_matches *ms = NULL;
    char key[ST_ORG_MAX * 2 + 1];
    if (!p->name || !*p->name) {
        srv_error(r, 400, "invalid", "a party needs a non-empty 'name'");
        return false;
    }
    if (!check_text(r, "name", p->name) || !check_text(r, "country", p->country) ||
        !check_text(r, "birth_date", p->birth_date) || !check_text(r, "id", p->id))
        return false;
    if (parse_schema(p->type, &q.schema)) {
        srv_error(r, 400, "invalid", "unknown type '%s' (person, organization, vessel, "
                  "aircraft or any)", p->type);
        return false;
    }
    q.name = p->name;
    q.country = p->country && *p->country ? p->country : NULL;
    q.birth_date = p->birth_date && *p->birth_date ? p->birth_date : NULL;
    int rc = exctl_screen(srv_lists(r)->screener, &q, &so, &ms, &eb);
    if (rc) {
        srv_fail(r, rc, &eb);
        return false;
    }
    size_t n = exctl_matches_count(ms);
    atomic_fetch_add_explicit(&r->srv->metrics.screenings, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&r->srv->metrics.screen_hits, n, memory_order_relaxed);
    st_decision *ds = NULL;
    size_t nd = 0;
    bool keyed = st_party_key(p->name, q.country, key, sizeof key) == 0;
    /* Only a party with hits can have a decision to show: no store read
     * for the (usual) clean answer. */
    if (n && keyed)
        ds = decisions_for(r, key, &nd);
    srv_jw_obj(w);
    if (p->id) {
        srv_jw_key(w, "id");
        srv_jw_str(w, p->id);
    }
    srv_jw_key(w, "party_key");
    srv_jw_str(w, keyed ? key : "");
    srv_jw_key(w, "query");
    srv_jw_obj(w);
    srv_jw_key(w, "birth_date");
    srv_jw_str(w, q.birth_date ? q.birth_date : "");
    srv_jw_key(w, "country");
    srv_jw_str(w, q.country ? q.country : "");
    srv_jw_key(w, "name");
    srv_jw_str(w, p->name);
    srv_jw_key(w, "type");
    srv_jw_str(w, p->type ? p->type : "any");
    srv_jw_obj_end(w);
    srv_jw_key(w, "results");
    srv_jw_arr(w);
    for (size_t i = 0; i < n; i++)
        match_write(w, exctl_matches_at(ms, i), ds, nd);
    srv_jw_arr_end(w);
    if (show_threshold >= 0) {
        srv_jw_key(w, "threshold");
        srv_jw_real(w, show_threshold);
    }
    srv_jw_key(w, "total");
    srv_jw_int(w, (long long)n);
    srv_jw_obj_end(w);
    exctl_matches_free(ms);
    free(ds);
    return true;
}

static bool screen_params(srv_req *r, const char *ts, const char *ls, double *threshold,
                          size_t *limit)
{
    *threshold = -1;
    *limit = 10;
    if (ts && !srv_parse_double(ts, 0.0, 1.0, threshold)) {
        srv_error(r, 400, "invalid", "threshold must be a number in [0, 1]");
        return false;
    }
    if (ls && !srv_parse_size(ls, 1, MAX_LIMIT, limit)) {
        srv_error(r, 400, "invalid", "limit must be an integer in [1, %d]", MAX_LIMIT);
        return false;
    }
    return true;
}

int h_screen_get(srv_req *r)
{
    double threshold;
    size_t limit;
    party p = {.name = srv_query(r, "name"), .type = srv_query(r, "type"),
               .country = srv_query(r, "country"), .birth_date = srv_query(r, "birth_date")};
    if (!screen_params(r, srv_query(r, "threshold"), srv_query(r, "limit"), &threshold,
                       &limit))
        return 0;
    xc_buf b;
    srv_jw w;
    xc_buf_init(&b);
    srv_jw_init(&w, &b);
    if (!screen_party(r, &p, threshold, limit,
                      threshold < 0 ? exctl_screen_default_threshold() : threshold, &w)) {
        xc_buf_free(&b);
        return 0;
    }
    return srv_json_buf(r, 200, &w);
}

static bool num_param(srv_req *r, json_t *o, const char *key, char *buf, size_t cap,
                      const char **out)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v)
        return true;
    if (!json_is_number(v)) {
        srv_error(r, 400, "invalid", "'%s' must be a number", key);
        return false;
    }
    snprintf(buf, cap, "%.17g", json_number_value(v));
    *out = buf;
    return true;
}

int h_screen_post(srv_req *r)
{
    char tb[40], lb[40];
    const char *ts, *ls;
    double threshold;
    size_t limit;
    if (!num_param(r, r->json, "threshold", tb, sizeof tb, &ts) ||
        !num_param(r, r->json, "limit", lb, sizeof lb, &ls) ||
        !screen_params(r, ts, ls, &threshold, &limit))
        return 0;
    json_t *parties = json_object_get(r->json, "parties");
    if (!json_is_array(parties))
        return srv_error(r, 400, "invalid", "'parties' must be an array of objects");
    if (json_array_size(parties) > r->srv->max_batch)
        return srv_error(r, 413, "too_large", "a batch holds at most %zu parties (got %zu)",
                         r->srv->max_batch, json_array_size(parties));
    xc_buf b;
    srv_jw w;
    xc_buf_init(&b);
    srv_jw_init(&w, &b);
    srv_jw_obj(&w);
    srv_jw_key(&w, "results");
    srv_jw_arr(&w);
    size_t i;
    json_t *pj;
    json_array_foreach(parties, i, pj) {
        bool bad = false;
        if (!json_is_object(pj)) {
            xc_buf_free(&b);
            return srv_error(r, 400, "invalid", "parties[%zu] must be an object", i);
        }
        party p;
        p.id = srv_jstr(r, pj, "id", SRV_MAX_FIELD, &bad);
        p.name = bad ? NULL : srv_jstr(r, pj, "name", SRV_MAX_FIELD, &bad);
        p.type = bad ? NULL : srv_jstr(r, pj, "type", 32, &bad);
        p.country = bad ? NULL : srv_jstr(r, pj, "country", 64, &bad);
        p.birth_date = bad ? NULL : srv_jstr(r, pj, "birth_date", 32, &bad);
        if (bad || !screen_party(r, &p, threshold, limit, -1, &w)) {
            /* Name the party that failed in the error message. */
            xc_buf_free(&b);
            char msg[700];
            json_t *e = json_loadb(r->resp, r->resp_len, 0, NULL);
            const char *m = json_string_value(
                json_object_get(json_object_get(e, "error"), "message"));
            int st = r->status;
            snprintf(msg, sizeof msg, "parties[%zu]: %s", i, m ? m : "invalid");
            json_decref(e);
            return srv_error(r, st, st == 413 ? "too_large" : "invalid", "%s", msg);
        }
        atomic_fetch_add_explicit(&r->srv->metrics.batch_parties, 1, memory_order_relaxed);
    }
    srv_jw_arr_end(&w);
    srv_jw_key(&w, "threshold");
    srv_jw_real(&w, threshold < 0 ? exctl_screen_default_threshold() : threshold);
    srv_jw_key(&w, "versions");
    const char *vj = srv_lists(r)->versions_json;
    srv_jw_raw(&w, vj, strlen(vj));
    srv_jw_obj_end(&w);
    return srv_json_buf(r, 200, &w);
}

/* --- yente-compatible matching ------------------------------------------------ */

static const char *ftm_schema(exctl_schema s)
{
    switch (s) {
    case EXCTL_SCHEMA_PERSON: return "Person";
    case EXCTL_SCHEMA_ORGANIZATION: return "Organization";
    case EXCTL_SCHEMA_VESSEL: return "Vessel";
    case EXCTL_SCHEMA_AIRCRAFT: return "Airplane";
    default: return "LegalEntity";
    }
}

static void prop_add(json_t *props, const char *key, const char *v)
{
    if (!v || !*v)
        return;
    json_t *arr = json_object_get(props, key);
    if (!arr) {
        arr = json_array();
        json_object_set_new(props, key, arr);
    }
    for (size_t i = 0; i < json_array_size(arr); i++)
        if (!strcmp(json_string_value(json_array_get(arr, i)), v))
            return;
    json_array_append_new(arr, json_string(v));
}

static json_t *ftm_properties(const exctl_entity *e)
{
    static const char *const field_props[EXCTL_FIELD_COUNT_] = {
        [EXCTL_FIELD_ADDRESS] = "address", [EXCTL_FIELD_BIRTH_DATE] = "birthDate",
        [EXCTL_FIELD_BIRTH_PLACE] = "birthPlace", [EXCTL_FIELD_PROGRAM] = "program",
        [EXCTL_FIELD_REMARK] = "notes", [EXCTL_FIELD_TITLE] = "position",
        [EXCTL_FIELD_GENDER] = "gender"};
    json_t *p = json_object();
    for (size_t i = 0; i < exctl_entity_name_count(e); i++) {
        exctl_name_kind k;
        const char *n = exctl_entity_name(e, i, &k, NULL, NULL);
        prop_add(p, k == EXCTL_NAME_PRIMARY ? "name" : k == EXCTL_NAME_WEAK_AKA ? "weakAlias"
                    : k == EXCTL_NAME_FKA ? "previousName" : "alias", n);
    }
    for (size_t i = 0; i < exctl_entity_country_count(e); i++) {
        exctl_country_role role;
        const char *cc = exctl_entity_country(e, i, &role);
        prop_add(p, role == EXCTL_COUNTRY_NATIONALITY ? "nationality"
                    : role == EXCTL_COUNTRY_CITIZENSHIP ? "citizenship"
                    : role == EXCTL_COUNTRY_FLAG ? "flag"
                    : role == EXCTL_COUNTRY_REGISTRATION ? "jurisdiction" : "country", cc);
    }
    for (size_t i = 0; i < exctl_entity_ident_count(e); i++) {
        exctl_id_type t;
        const char *v = exctl_entity_ident(e, i, &t, NULL, NULL);
        prop_add(p, t == EXCTL_ID_PASSPORT ? "passportNumber" : t == EXCTL_ID_IMO ? "imoNumber"
                    : t == EXCTL_ID_SWIFT_BIC ? "swiftBic" : t == EXCTL_ID_TAX ? "taxNumber"
                    : t == EXCTL_ID_REGISTRATION ? "registrationNumber" : "idNumber", v);
    }
    for (int f = 0; f < EXCTL_FIELD_COUNT_; f++)
        for (size_t i = 0; i < exctl_entity_field_count(e, (exctl_field)f); i++)
            prop_add(p, field_props[f], exctl_entity_field(e, (exctl_field)f, i));
    return p;
}

static const char *first_str(json_t *props, const char *key)
{
    json_t *v = json_object_get(props, key);
    if (json_is_array(v))
        v = json_array_get(v, 0);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* One yente query → its response object (status 200 or 400). */
static json_t *match_one(srv_req *r, json_t *q, const char *const *lists, size_t n_lists,
                         double threshold, double cutoff, size_t limit)
{
    exctl_errbuf eb = {{0}};
    json_t *props = json_object_get(q, "properties");
    const char *schema = json_string_value(json_object_get(q, "schema"));
    exctl_query eq = {0};
    if (!json_is_object(q) || !json_is_object(props))
        return json_pack("{s:i, s:s}", "status", 400, "detail",
                         "a query needs an object 'properties'");
    json_t *names = json_object_get(props, "name");
    if (json_is_string(names))
        names = json_pack("[O]", names);
    else
        json_incref(names);
    if (!json_is_array(names) || !json_array_size(names)) {
        json_decref(names);
        return json_pack("{s:i, s:s}", "status", 400, "detail", "properties.name is required");
    }
    if (parse_schema(schema, &eq.schema)) {
        json_decref(names);
        return json_pack("{s:i, s:s}", "status", 400, "detail", "unknown schema");
    }
    eq.country = first_str(props, "country");
    if (!eq.country)
        eq.country = first_str(props, "nationality");
    if (!eq.country)
        eq.country = first_str(props, "jurisdiction");
    eq.birth_date = first_str(props, "birthDate");
    exctl_screen_opts so = {.threshold = cutoff, .limit = limit, .explain = 1,
                            .lists = lists, .n_lists = n_lists};
    /* Screen every name given; keep each entity's best result. */
    json_t *best = json_object();
    for (size_t i = 0; i < json_array_size(names) && i < MATCH_MAX_NAMES; i++) {
        const char *nm = json_string_value(json_array_get(names, i));
        exctl_matches *ms = NULL;
        if (!nm || !*nm || strlen(nm) > SRV_MAX_FIELD || !xc_utf8_valid(nm, strlen(nm)))
            continue;
        eq.name = nm;
        if (exctl_screen(srv_lists(r)->screener, &eq, &so, &ms, &eb))
            continue;
        atomic_fetch_add_explicit(&r->srv->metrics.screenings, 1, memory_order_relaxed);
        for (size_t k = 0; k < exctl_matches_count(ms); k++) {
            const exctl_match *m = exctl_matches_at(ms, k);
            char full[320];
            snprintf(full, sizeof full, "%s:%s", m->list_id, m->entity_id);
            json_t *prev = json_object_get(best, full);
            if (prev && json_number_value(json_object_get(prev, "score")) >= m->score)
                continue;
            const char *caption = m->name;
            json_t *explain = m->explain ? json_loads(m->explain, 0, NULL) : NULL;
            json_t *res = json_pack(
                "{s:s, s:s, s:s, s:o, s:[s], s:[], s:b, s:f, s:b, s:o}", "id", full, "caption",
                caption, "schema", ftm_schema(exctl_entity_schema(m->entity)), "properties",
                ftm_properties(m->entity), "datasets", m->list_id, "referents", "target", 1,
                "score", m->score, "match", m->score >= threshold, "features",
                features_of(explain));
            if (explain)
                json_object_set_new(res, "explanation", explain);
            json_object_set_new(best, full, res);
        }
        exctl_matches_free(ms);
    }
    json_decref(names);
    /* Order best first, ties by id, then cut to limit. */
    json_t *arr = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(best, k, v) {
        size_t pos = json_array_size(arr);
        double s = json_number_value(json_object_get(v, "score"));
        for (size_t j = 0; j < json_array_size(arr); j++) {
            json_t *o = json_array_get(arr, j);
            double so2 = json_number_value(json_object_get(o, "score"));
            if (s > so2 || (s == so2 && strcmp(k, json_string_value(json_object_get(o, "id"))) < 0)) {
                pos = j;
                break;
            }
        }
        json_array_insert(arr, pos, v);
    }
    json_decref(best);
    while (json_array_size(arr) > limit)
        json_array_remove(arr, json_array_size(arr) - 1);
    size_t total = json_array_size(arr);
    return json_pack("{s:i, s:o, s:{s:I, s:s}, s:O}", "status", 200, "results", arr, "total",
                     "value", (json_int_t)total, "relation", "eq", "query", q);
}

int h_match(srv_req *r)
{
    const char *ds = r->params[0];
    const char *one[1] = {ds};
    const char *const *lists = NULL;
    size_t n_lists = 0, limit = 5;
    double threshold = exctl_screen_default_threshold(), cutoff;
    if (strcmp(ds, "default") && strcmp(ds, "all") && strcmp(ds, "sanctions")) {
        bool found = false;
        for (size_t i = 0; i < exctl_listset_count(srv_lists(r)->lists); i++)
            found |= !strcmp(exctl_list_id(exctl_listset_at(srv_lists(r)->lists, i)), ds);
        if (!found)
            return srv_error(r, 404, "not_found",
                             "no dataset '%s' (use 'default' or a list id from /v1/lists)", ds);
        lists = one;
        n_lists = 1;
    }
    const char *ts = srv_query(r, "threshold"), *cs = srv_query(r, "cutoff");
    const char *ls = srv_query(r, "limit");
    if (ts && !srv_parse_double(ts, 0, 1, &threshold))
        return srv_error(r, 400, "invalid", "threshold must be a number in [0, 1]");
    cutoff = threshold;
    if (cs && !srv_parse_double(cs, 0, 1, &cutoff))
        return srv_error(r, 400, "invalid", "cutoff must be a number in [0, 1]");
    if (ls && !srv_parse_size(ls, 1, MAX_LIMIT, &limit))
        return srv_error(r, 400, "invalid", "limit must be an integer in [1, %d]", MAX_LIMIT);
    json_t *queries = json_object_get(r->json, "queries");
    if (!json_is_object(queries) || !json_object_size(queries))
        return srv_error(r, 400, "invalid", "'queries' must be a non-empty object");
    if (json_object_size(queries) > r->srv->max_batch)
        return srv_error(r, 413, "too_large", "at most %zu queries per request",
                         r->srv->max_batch);
    json_t *responses = json_object();
    const char *key;
    json_t *q;
    json_object_foreach(queries, key, q) {
        json_object_set_new(responses, key,
                            match_one(r, q, lists, n_lists, threshold, cutoff, limit));
    }
    return srv_json(r, 200,
                    json_pack("{s:o, s:{s:s, s:s, s:f}, s:I}", "responses", responses,
                              "matcher", "name", "exctl", "version", EXCTL_VERSION,
                              "threshold", threshold, "limit", (json_int_t)limit));
}

/* --- decisions -------------------------------------------------------------------- */

int h_decisions_get(srv_req *r)
{
    const char *name = srv_query(r, "name"), *country = srv_query(r, "country");
    char key[ST_ORG_MAX * 2 + 1];
    st_decision *ds = NULL;
    size_t n = 0;
    exctl_errbuf eb = {{0}};
    if (!check_text(r, "name", name) || !check_text(r, "country", country))
        return 0;
    if (name && st_party_key(name, country, key, sizeof key))
        return srv_error(r, 400, "invalid", "name too long");
    st_store *st = srv_store(r);
    int rc = st->ops->decision_list(st, name ? key : NULL, &ds, &n, &eb);
    if (rc)
        return srv_fail(r, rc, &eb);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "party_key",
                                             ds[i].party_key, "entity_id", ds[i].entity_id,
                                             "decision", ds[i].decision, "note", ds[i].note,
                                             "by", ds[i].username, "at", ds[i].created));
    free(ds);
    return srv_json(r, 200, json_pack("{s:o}", "decisions", arr));
}

int h_decisions_post(srv_req *r)
{
    bool bad = false;
    exctl_errbuf eb = {{0}};
    st_decision d;
    memset(&d, 0, sizeof d);
    const char *name = srv_jstr(r, r->json, "name", SRV_MAX_FIELD, &bad);
    const char *country = bad ? NULL : srv_jstr(r, r->json, "country", 64, &bad);
    const char *eid = bad ? NULL : srv_jstr(r, r->json, "entity_id", ST_ORG_MAX, &bad);
    const char *dec = bad ? NULL : srv_jstr(r, r->json, "decision", 15, &bad);
    const char *note = bad ? NULL : srv_jstr(r, r->json, "note", sizeof d.note - 1, &bad);
    if (bad)
        return 0;
    if (!name || !eid || !dec)
        return srv_error(r, 400, "invalid", "name, entity_id and decision are required");
    if (!check_text(r, "name", name) || !check_text(r, "note", note))
        return 0;
    const exctl_entity *ent = exctl_listset_find(srv_lists(r)->lists, eid);
    if (!ent)
        return srv_error(r, 404, "not_found", "no listed entity '%s'", eid);
    if (st_party_key(name, country, d.party_key, sizeof d.party_key))
        return srv_error(r, 400, "invalid", "name too long");
    /* Always keyed by the full "list:id", whatever form the caller used. */
    if (snprintf(d.entity_id, sizeof d.entity_id, "%s:%s",
                 exctl_list_id(exctl_entity_list(ent)), exctl_entity_id(ent)) >=
        (int)sizeof d.entity_id)
        return srv_error(r, 400, "invalid", "entity id too long");
    st_copy(d.decision, sizeof d.decision, dec);
    st_copy(d.note, sizeof d.note, note ? note : "");
    int rc = st_decision_set(srv_store(r), &r->user, &d, &eb);
    if (rc)
        return srv_fail(r, rc, &eb);
    return srv_json(r, 201, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "party_key",
                                      d.party_key, "entity_id", d.entity_id, "decision",
                                      d.decision, "note", d.note, "by", d.username, "at",
                                      d.created));
}
