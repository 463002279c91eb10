/*
 * server — control lists, classification and licence determination.
 *
 * These routes sit on libraries that are optional at run time: when the
 * control-list data or the jurisdiction packs cannot be loaded, the server
 * still screens, and these routes answer 503 "unavailable" with the load
 * error rather than pretending. SRV_HAVE_* records which libraries this
 * build wires; a route whose library is not in the build answers 503 too.
 * Determination screens the transaction's parties with the server's own
 * screener, so a determination and a screening made at the same moment
 * agree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "server/srv.h"

/* Which libraries this build wires into the server. */
#define SRV_HAVE_CONTROLS 1
#define SRV_HAVE_DETERMINE 1
#define SRV_HAVE_CLASSIFY 1

#if SRV_HAVE_CONTROLS
#include "exctl/controls.h"
#endif
#if SRV_HAVE_DETERMINE
#include "exctl/determine.h"
#endif
#if SRV_HAVE_CLASSIFY
#include "exctl/classify.h"
#endif
#define SRV_MAX_PARAMS_ITEM 64

void srv_controls_init(srv_ctx *c)
{
    exctl_errbuf eb = {{0}};
#if SRV_HAVE_CONTROLS
    exctl_controls *cl = NULL;
    if (exctl_controls_load_bundled(&cl, &eb))
        snprintf(c->controls_error, sizeof c->controls_error, "control lists: %s", eb.msg);
    else
        c->controls = cl;
#else
    snprintf(c->controls_error, sizeof c->controls_error,
             "control lists are not wired into this build yet");
#endif
#if SRV_HAVE_CLASSIFY && SRV_HAVE_CONTROLS
    exctl_classifier *k = NULL;
    memset(&eb, 0, sizeof eb);
    if (!c->controls)
        snprintf(c->classify_error, sizeof c->classify_error, "%s", c->controls_error);
    else if (exctl_classifier_load_bundled(c->controls, &k, &eb))
        snprintf(c->classify_error, sizeof c->classify_error, "classification rules: %s",
                 eb.msg);
    else
        c->classifier = k;
#else
    snprintf(c->classify_error, sizeof c->classify_error,
             "classification is not wired into this build yet");
#endif
#if SRV_HAVE_DETERMINE
    exctl_packset *ps = NULL;
    memset(&eb, 0, sizeof eb);
    if (exctl_packset_new(&ps) || exctl_packset_load_bundled(ps, &eb)) {
        snprintf(c->packs_error, sizeof c->packs_error, "jurisdiction packs: %s", eb.msg);
        exctl_packset_free(ps);
    } else {
        c->packs = ps;
    }
#else
    (void)eb;
    snprintf(c->packs_error, sizeof c->packs_error,
             "licence determination is not wired into this build yet");
#endif
}

void srv_controls_free(srv_ctx *c)
{
#if SRV_HAVE_CLASSIFY
    exctl_classifier_free(c->classifier);
    c->classifier = NULL;
#endif
#if SRV_HAVE_CONTROLS
    exctl_controls_free(c->controls);
#endif
#if SRV_HAVE_DETERMINE
    exctl_packset_free(c->packs);
#endif
    c->controls = c->packs = NULL;
}

#if SRV_HAVE_CONTROLS
static json_t *entry_json(const exctl_cl_entry *e, bool full)
{
    const exctl_cl_entry *parent = exctl_cl_entry_parent(e);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", exctl_cl_entry_code(e),
                          "numbering", exctl_cl_numbering_name(exctl_cl_entry_numbering(e)),
                          "title", exctl_cl_entry_title(e), "title_ja",
                          exctl_cl_entry_title_ja(e), "parent",
                          parent ? exctl_cl_entry_code(parent) : "");
    if (!full)
        return o;
    json_object_set_new(o, "text", json_string(exctl_cl_entry_text(e)));
    json_object_set_new(o, "text_ja", json_string(exctl_cl_entry_text_ja(e)));
    json_object_set_new(o, "notes", json_string(exctl_cl_entry_notes(e)));
    json_object_set_new(o, "reasons", json_string(exctl_cl_entry_reasons(e)));
    json_t *kids = json_array(), *cps = json_array();
    for (size_t i = 0; i < exctl_cl_entry_child_count(e); i++) {
        const exctl_cl_entry *k = exctl_cl_entry_child(e, i);
        json_array_append_new(kids, entry_json(k, false));
    }
    for (size_t i = 0; i < exctl_cl_entry_counterpart_count(e); i++) {
        exctl_numbering n;
        const char *code = "", *basis = "";
        if (exctl_cl_entry_counterpart(e, i, &n, &code, &basis))
            continue;
        json_array_append_new(cps, json_pack("{s:s, s:s, s:s}", "numbering",
                                             exctl_cl_numbering_name(n), "code", code,
                                             "basis", basis ? basis : ""));
    }
    json_object_set_new(o, "children", kids);
    json_object_set_new(o, "counterparts", cps);
    return o;
}
#endif

int h_cl_search(srv_req *r)
{
#if SRV_HAVE_CONTROLS
    exctl_errbuf eb = {{0}};
    const char *q = srv_query(r, "q"), *ls = srv_query(r, "limit");
    size_t limit = 20;
    exctl_cl_hits *hits = NULL;
    if (!r->srv->controls)
        return srv_error(r, 503, "unavailable", "%s", r->srv->controls_error);
    if (!q || !*q || strlen(q) > SRV_MAX_FIELD || !xc_utf8_valid(q, strlen(q)))
        return srv_error(r, 400, "invalid", "q must be 1 to %d bytes of UTF-8", SRV_MAX_FIELD);
    if (ls && !srv_parse_size(ls, 1, 200, &limit))
        return srv_error(r, 400, "invalid", "limit must be an integer in [1, 200]");
    int rc = exctl_controls_search(r->srv->controls, q, limit, &hits, &eb);
    if (rc)
        return srv_fail(r, rc, &eb);
    json_t *arr = json_array();
    for (size_t i = 0; i < exctl_cl_hits_count(hits); i++) {
        json_t *o = entry_json(exctl_cl_hits_entry(hits, i), false);
        json_object_set_new(o, "score", json_real(exctl_cl_hits_score(hits, i)));
        json_array_append_new(arr, o);
    }
    exctl_cl_hits_free(hits);
    return srv_json(r, 200, json_pack("{s:s, s:o}", "query", q, "results", arr));
#else
    return srv_error(r, 503, "unavailable", "%s", r->srv->controls_error);
#endif
}

int h_cl_get(srv_req *r)
{
#if SRV_HAVE_CONTROLS
    if (!r->srv->controls)
        return srv_error(r, 503, "unavailable", "%s", r->srv->controls_error);
    const exctl_cl_entry *e = exctl_controls_get(r->srv->controls, r->params[0]);
    if (!e)
        return srv_error(r, 404, "not_found", "no control list entry '%s'", r->params[0]);
    return srv_json(r, 200, entry_json(e, true));
#else
    return srv_error(r, 503, "unavailable", "%s", r->srv->controls_error);
#endif
}

int h_classify_vocab(srv_req *r)
{
#if SRV_HAVE_CLASSIFY
    const exctl_classifier *k = r->srv->classifier;
    if (!k)
        return srv_error(r, 503, "unavailable", "%s", r->srv->classify_error);
    json_t *arr = json_array();
    for (size_t i = 0; i < exctl_classifier_param_count(k); i++) {
        const char *name = "", *dim = "", *unit = "", *en = "", *ja = "", *used = "";
        if (exctl_classifier_param(k, i, &name, &dim, &unit, &en, &ja, &used))
            continue;
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "name", name,
                                             "dimension", dim ? dim : "", "unit",
                                             unit ? unit : "", "meaning_en", en ? en : "",
                                             "meaning_ja", ja ? ja : "", "used_by",
                                             used ? used : ""));
    }
    return srv_json(r, 200, json_pack("{s:s, s:o}", "version", exctl_classifier_version(k),
                                      "parameters", arr));
#else
    return srv_error(r, 503, "unavailable", "%s", r->srv->classify_error);
#endif
}

int h_classify(srv_req *r)
{
#if SRV_HAVE_CLASSIFY
    exctl_errbuf eb = {{0}};
    const exctl_classifier *k = r->srv->classifier;
    exctl_cls_param params[SRV_MAX_PARAMS_ITEM];
    exctl_cls_item item = {.params = params};
    exctl_cls_result *res = NULL;
    bool bad = false;
    if (!k)
        return srv_error(r, 503, "unavailable", "%s", r->srv->classify_error);
    item.description = srv_jstr(r, r->json, "description", 4096, &bad);
    if (bad)
        return 0;
    json_t *ps = json_object_get(r->json, "params");
    if (ps && !json_is_array(ps) && !json_is_object(ps))
        return srv_error(r, 400, "invalid",
                         "'params' must be an array of {name, value} or an object");
    if ((json_is_array(ps) ? json_array_size(ps) : json_object_size(ps)) > SRV_MAX_PARAMS_ITEM)
        return srv_error(r, 413, "too_large", "at most %d parameters", SRV_MAX_PARAMS_ITEM);
    if (json_is_array(ps)) {
        size_t i;
        json_t *p;
        json_array_foreach(ps, i, p) {
            const char *n = srv_jstr(r, p, "name", 128, &bad);
            const char *v = bad ? NULL : srv_jstr(r, p, "value", 256, &bad);
            if (bad)
                return 0;
            if (!n || !v)
                return srv_error(r, 400, "invalid", "params[%zu] needs a name and a value", i);
            params[item.n_params++] = (exctl_cls_param){n, v};
        }
    } else if (json_is_object(ps)) {
        const char *n;
        json_t *v;
        json_object_foreach(ps, n, v) {
            if (!json_is_string(v) || json_string_length(v) > 256)
                return srv_error(r, 400, "invalid", "params.%s must be a string", n);
            params[item.n_params++] = (exctl_cls_param){n, json_string_value(v)};
        }
    }
    int rc = exctl_classify(k, &item, &res, &eb);
    if (rc)
        return srv_fail(r, rc, &eb);
    json_t *entries = json_array(), *missing = json_array(), *considered = json_array();
    for (size_t i = 0; i < exctl_cls_entry_count(res); i++) {
        const char *code = "", *num = "", *jp = "", *eu = "", *reasons = "";
        if (exctl_cls_entry(res, i, &code, &num, &jp, &eu, &reasons))
            continue;
        json_t *because = json_array();
        for (size_t j = 0; j < exctl_cls_entry_because_count(res, i); j++)
            json_array_append_new(because, json_string(exctl_cls_entry_because(res, i, j)));
        json_array_append_new(entries, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "code", code,
                                                 "numbering", num, "jp", jp ? jp : "", "eu",
                                                 eu ? eu : "", "reasons", reasons ? reasons : "",
                                                 "because", because));
    }
    for (size_t i = 0; i < exctl_cls_missing_count(res); i++)
        json_array_append_new(missing, json_string(exctl_cls_missing(res, i)));
    for (size_t i = 0; i < exctl_cls_considered_count(res); i++) {
        size_t rule = 0;
        exctl_cls_outcome o;
        const char *why = "", *sys = "", *code = "";
        if (exctl_cls_considered(res, i, &rule, &o, &why))
            continue;
        exctl_classifier_rule(k, rule, &sys, &code, NULL, NULL, NULL, NULL);
        json_array_append_new(considered, json_pack("{s:s, s:s, s:s, s:s}", "system", sys,
                                                    "code", code, "outcome",
                                                    exctl_cls_outcome_name(o), "reason",
                                                    why ? why : ""));
    }
    json_t *out = json_pack("{s:o, s:o, s:o, s:b, s:s}", "entries", entries, "missing",
                            missing, "considered", considered, "not_controlled",
                            exctl_cls_not_controlled(res), "rules_version",
                            exctl_classifier_version(k));
    exctl_cls_result_free(res);
    return srv_json(r, 200, out);
#else
    return srv_error(r, 503, "unavailable", "%s", r->srv->classify_error);
#endif
}

#if SRV_HAVE_DETERMINE
typedef struct det_ctx {
    srv_req *r;
} det_ctx;

static int det_screen(void *vctx, const exctl_det_party *p, exctl_det_hits *hits,
                      exctl_errbuf *eb)
{
    det_ctx *d = vctx;
    exctl_query q = {.name = p->name, .country = p->country};
    exctl_screen_opts so = {.threshold = -1, .limit = 10};
    exctl_matches *ms = NULL;
    int rc = exctl_screen(srv_lists(d->r)->screener, &q, &so, &ms, eb);
    if (rc)
        return rc;
    for (size_t i = 0; i < exctl_matches_count(ms) && !rc; i++) {
        const exctl_match *m = exctl_matches_at(ms, i);
        xc_buf progs;
        xc_buf_init(&progs);
        for (size_t k = 0; k < exctl_entity_field_count(m->entity, EXCTL_FIELD_PROGRAM); k++) {
            if (k)
                xc_buf_putc(&progs, ',');
            xc_buf_puts(&progs, exctl_entity_field(m->entity, EXCTL_FIELD_PROGRAM, k));
        }
        rc = exctl_det_hit_add(hits, m->list_id, m->entity_id, m->name, m->score,
                               xc_buf_cstr(&progs));
        xc_buf_free(&progs);
    }
    exctl_matches_free(ms);
    return rc;
}
#endif

int h_determine(srv_req *r)
{
#if SRV_HAVE_DETERMINE
    exctl_errbuf eb = {{0}};
    exctl_determination *d = NULL;
    det_ctx dc = {r};
    exctl_det_opts o = {.screen = det_screen, .screen_ctx = &dc};
    if (!r->srv->packs)
        return srv_error(r, 503, "unavailable", "%s", r->srv->packs_error);
    int rc = exctl_determine_json(r->srv->packs, r->body, r->body_len, &o, &d, &eb);
    if (rc)
        return srv_fail(r, rc, &eb);
    json_t *res = json_loads(exctl_determination_json(d), 0, NULL);
    const char *tt = exctl_determination_trace(d);
    json_t *trace = json_string(tt ? tt : "");
    exctl_determination_free(d);
    if (!res)
        return srv_error(r, 500, "internal", "determination produced invalid JSON");
    if (trace && !json_object_get(res, "trace"))
        json_object_set_new(res, "trace", trace);
    else
        json_decref(trace);
    json_object_set(res, "list_versions", srv_lists(r)->versions);
    return srv_json(r, 200, res);
#else
    return srv_error(r, 503, "unavailable", "%s", r->srv->packs_error);
#endif
}
