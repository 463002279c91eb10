/*
 * cases — loading and validating the workflow rules.
 *
 * The rules are data (the JSON files in data/workflow/) so that a licensing office can
 * change who does what without a rebuild, but a wrong rule would silently
 * open a door, so loading is strict: unknown keys in the tables, unknown
 * statuses, actions or flags, duplicates, missing transitions for an action
 * the engine implements and statuses the engine needs all fail the load with
 * the file name and the JSON path (and the line for syntax errors, which is
 * what jansson can report). Nothing is defaulted.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "case_internal.h"

/* Flags the automatic checks can raise (case_app.c). */
static const char *const engine_flags[] = {
    "end_user_hit", "party_hit", "catch_all", "embargoed_destination",
    "license_required_jp", "license_required_us", "license_required_eu",
};

/* Statuses the engine moves cases to by name. */
static const char *const engine_statuses[] = {
    "draft", "submitted", "initial_checks", "under_review", "referred", "advice_received",
    "countersign", "decided", "appealed", "licence_issued", "suspended", "revoked", "expired",
};

typedef struct ld {
    const char *file;   /* path for messages */
    exctl_errbuf *eb;
} ld;

static int bad(ld *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(ld *l, const char *fmt, ...)
{
    char what[384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return xc_err(l->eb, EXCTL_EPARSE, "%s: %s", l->file, what);
}

static bool valid_key(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n >= max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

static int load_json(const char *dir, const char *name, char *path, size_t cap, json_t **out,
                     exctl_errbuf *eb)
{
    json_error_t je;
    int n = snprintf(path, cap, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= cap)
        return xc_err(eb, EXCTL_ETOOBIG, "workflow directory path too long: %s", dir);
    *out = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!*out) {
        if (!xc_file_exists(path))
            return xc_err(eb, EXCTL_EIO, "%s: cannot open", path);
        return xc_err(eb, EXCTL_EPARSE, "%s:%d: %s", path, je.line, je.text);
    }
    if (!json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        return xc_err(eb, EXCTL_EPARSE, "%s: top level must be an object", path);
    }
    return EXCTL_OK;
}

static int check_version(ld *l, json_t *root)
{
    json_t *v = json_object_get(root, "version");
    if (!json_is_integer(v) || json_integer_value(v) != 1)
        return bad(l, "\"version\" must be 1");
    return EXCTL_OK;
}

/* Only the listed keys may appear in obj. */
static int only_keys(ld *l, json_t *obj, const char *where, const char *const *keys, size_t n)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v) {
        size_t i = 0;
        while (i < n && strcmp(keys[i], k) != 0)
            i++;
        if (i == n)
            return bad(l, "%s: unknown key \"%s\"", where, k);
    }
    return EXCTL_OK;
}

/* --- transitions.json --------------------------------------------------- */

static int status_mask(ld *l, const exctl_workflow *wf, json_t *arr, const char *where,
                       uint32_t *mask)
{
    *mask = 0;
    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return bad(l, "%s must be a non-empty array of statuses", where);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        int k = json_is_string(v) ? wf_status_index(wf, json_string_value(v)) : -1;
        if (k < 0)
            return bad(l, "%s: unknown status \"%s\"", where,
                       json_is_string(v) ? json_string_value(v) : "(not a string)");
        *mask |= 1u << k;
    }
    return EXCTL_OK;
}

static int load_statuses(ld *l, exctl_workflow *wf, json_t *root)
{
    static const char *const keys[] = {"name", "label_ja", "open", "rescreen"};
    json_t *arr = json_object_get(root, "statuses");
    if (!json_is_array(arr) || json_array_size(arr) == 0 ||
        json_array_size(arr) > WF_MAX_STATUS)
        return bad(l, "\"statuses\" must be an array of 1 to 32 objects");
    size_t i;
    json_t *s;
    json_array_foreach(arr, i, s) {
        char where[64];
        snprintf(where, sizeof where, "statuses[%zu]", i);
        if (!json_is_object(s))
            return bad(l, "%s must be an object", where);
        int rc = only_keys(l, s, where, keys, XC_ARRAY_LEN(keys));
        if (rc)
            return rc;
        const char *name = json_string_value(json_object_get(s, "name"));
        json_t *open = json_object_get(s, "open"), *res = json_object_get(s, "rescreen");
        if (!name || !valid_key(name, CASE_KEY_MAX))
            return bad(l, "%s.name must be a lower-case identifier", where);
        if (!json_is_boolean(open) || !json_is_boolean(res))
            return bad(l, "%s: \"open\" and \"rescreen\" must be true or false", where);
        if (wf_status_index(wf, name) >= 0)
            return bad(l, "%s: duplicate status \"%s\"", where, name);
        wf_status *st = &wf->st[wf->nst++];
        case_strset(st->name, sizeof st->name, name);
        st->open = json_is_true(open);
        st->rescreen = json_is_true(res);
    }
    for (size_t k = 0; k < XC_ARRAY_LEN(engine_statuses); k++)
        if (wf_status_index(wf, engine_statuses[k]) < 0)
            return bad(l, "status \"%s\" is required by the workflow engine but missing",
                       engine_statuses[k]);
    return EXCTL_OK;
}

static int load_transitions(ld *l, exctl_workflow *wf, json_t *root)
{
    static const char *const keys[] = {"action", "from", "to", "stay"};
    static const char *const top[] = {"version", "initial", "statuses", "transitions"};
    int rc = check_version(l, root);
    if (!rc)
        rc = only_keys(l, root, "top level", top, XC_ARRAY_LEN(top));
    if (!rc)
        rc = load_statuses(l, wf, root);
    if (rc)
        return rc;
    const char *init = json_string_value(json_object_get(root, "initial"));
    wf->initial = init ? wf_status_index(wf, init) : -1;
    if (wf->initial < 0)
        return bad(l, "\"initial\" must name a declared status");
    json_t *arr = json_object_get(root, "transitions");
    if (!json_is_array(arr) || json_array_size(arr) > WF_MAX_TRANS)
        return bad(l, "\"transitions\" must be an array of at most 64 objects");
    size_t i;
    json_t *t;
    json_array_foreach(arr, i, t) {
        char where[64], w2[80];
        snprintf(where, sizeof where, "transitions[%zu]", i);
        if (!json_is_object(t))
            return bad(l, "%s must be an object", where);
        rc = only_keys(l, t, where, keys, XC_ARRAY_LEN(keys));
        if (rc)
            return rc;
        const char *action = json_string_value(json_object_get(t, "action"));
        int ai = action ? case_action_find(action) : -1;
        if (ai < 0)
            return bad(l, "%s: unknown action \"%s\"", where, action ? action : "(missing)");
        if (!case_actions[ai].on_case)
            return bad(l, "%s: action \"%s\" does not act on a case", where, action);
        if (wf_trans_find(wf, action))
            return bad(l, "%s: duplicate action \"%s\"", where, action);
        wf_trans *tr = &wf->tr[wf->ntr];
        case_strset(tr->action, sizeof tr->action, action);
        json_t *stay = json_object_get(t, "stay");
        if (stay && !json_is_boolean(stay))
            return bad(l, "%s.stay must be true or false", where);
        tr->stay = json_is_true(stay);
        snprintf(w2, sizeof w2, "%s.from", where);
        rc = status_mask(l, wf, json_object_get(t, "from"), w2, &tr->from);
        if (rc)
            return rc;
        json_t *to = json_object_get(t, "to");
        if (tr->stay && to)
            return bad(l, "%s: \"to\" and \"stay\" exclude each other", where);
        if (!tr->stay) {
            snprintf(w2, sizeof w2, "%s.to", where);
            rc = status_mask(l, wf, to, w2, &tr->to);
            if (rc)
                return rc;
        }
        wf->ntr++;
    }
    for (size_t k = 0; k < case_action_count; k++)
        if (case_actions[k].on_case && !wf_trans_find(wf, case_actions[k].name))
            return bad(l, "no transition for action \"%s\"", case_actions[k].name);
    return EXCTL_OK;
}

/* --- roles.json --------------------------------------------------------- */

static int load_roles(ld *l, exctl_workflow *wf, json_t *root)
{
    static const char *const keys[] = {"label_ja", "scope", "actions"};
    int rc = check_version(l, root);
    if (rc)
        return rc;
    json_t *roles = json_object_get(root, "roles");
    if (!json_is_object(roles) || json_object_size(roles) == 0 ||
        json_object_size(roles) > WF_MAX_ROLES)
        return bad(l, "\"roles\" must be an object with 1 to 16 roles");
    const char *name;
    json_t *r;
    json_object_foreach(roles, name, r) {
        char where[96];
        snprintf(where, sizeof where, "roles.%.60s", name);
        if (!valid_key(name, CASE_KEY_MAX) || !json_is_object(r))
            return bad(l, "%s: a role is a lower-case identifier mapped to an object",
                       where);
        rc = only_keys(l, r, where, keys, XC_ARRAY_LEN(keys));
        if (rc)
            return rc;
        wf_role *role = &wf->roles[wf->nroles++];
        case_strset(role->name, sizeof role->name, name);
        const char *scope = json_string_value(json_object_get(r, "scope"));
        if (scope && strcmp(scope, "all") == 0)
            role->scope = WF_SCOPE_ALL;
        else if (scope && strcmp(scope, "own_org") == 0)
            role->scope = WF_SCOPE_OWN_ORG;
        else if (scope && strcmp(scope, "referred") == 0)
            role->scope = WF_SCOPE_REFERRED;
        else
            return bad(l, "%s.scope must be \"all\", \"own_org\" or \"referred\"", where);
        json_t *acts = json_object_get(r, "actions");
        if (!json_is_array(acts))
            return bad(l, "%s.actions must be an array", where);
        size_t i;
        json_t *a;
        json_array_foreach(acts, i, a) {
            int ai = json_is_string(a) ? case_action_find(json_string_value(a)) : -1;
            if (ai < 0)
                return bad(l, "%s.actions: unknown action \"%s\"", where,
                           json_is_string(a) ? json_string_value(a) : "(not a string)");
            if (!case_actions[ai].fn)
                return bad(l, "%s.actions: \"%s\" is internal and cannot be granted", where,
                           case_actions[ai].name);
            if (case_actions[ai].wide && role->scope != WF_SCOPE_ALL)
                return bad(l, "%s.actions: \"%s\" spans every case and needs scope \"all\"",
                           where, case_actions[ai].name);
            role->actions |= UINT64_C(1) << ai;
        }
    }
    return EXCTL_OK;
}

/* --- routing.json ------------------------------------------------------- */

static bool is_engine_flag(const char *f)
{
    for (size_t i = 0; i < XC_ARRAY_LEN(engine_flags); i++)
        if (strcmp(engine_flags[i], f) == 0)
            return true;
    return false;
}

static bool in_string_array(json_t *arr, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
        if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
            return true;
    return false;
}

static int check_route(ld *l, json_t *rule, const char *where, json_t *flags, json_t *queues,
                       bool needs_when)
{
    static const char *const keys[] = {"name", "when_any", "queue", "countersign"};
    int rc = only_keys(l, rule, where, keys, XC_ARRAY_LEN(keys));
    if (rc)
        return rc;
    if (!json_is_string(json_object_get(rule, "name")))
        return bad(l, "%s.name must be a string", where);
    const char *q = json_string_value(json_object_get(rule, "queue"));
    if (!q || !json_object_get(queues, q))
        return bad(l, "%s.queue must name a declared queue (got \"%s\")", where, q ? q : "");
    if (!json_is_boolean(json_object_get(rule, "countersign")))
        return bad(l, "%s.countersign must be true or false", where);
    json_t *when = json_object_get(rule, "when_any");
    if (!needs_when) {
        if (when)
            return bad(l, "%s: the default route takes no \"when_any\"", where);
        return EXCTL_OK;
    }
    if (!json_is_array(when) || json_array_size(when) == 0)
        return bad(l, "%s.when_any must be a non-empty array of flags", where);
    size_t i;
    json_t *f;
    json_array_foreach(when, i, f)
        if (!json_is_string(f) || !in_string_array(flags, json_string_value(f)))
            return bad(l, "%s.when_any: undeclared flag \"%s\"", where,
                       json_is_string(f) ? json_string_value(f) : "(not a string)");
    return EXCTL_OK;
}

static int load_routing(ld *l, json_t *root)
{
    static const char *const top[] = {"version", "flags", "embargoed_destinations", "queues",
                                      "rules", "default", "countersign_refusals"};
    int rc = check_version(l, root);
    if (!rc)
        rc = only_keys(l, root, "top level", top, XC_ARRAY_LEN(top));
    if (rc)
        return rc;
    json_t *flags = json_object_get(root, "flags");
    if (!json_is_array(flags))
        return bad(l, "\"flags\" must be an array");
    size_t i;
    json_t *v;
    json_array_foreach(flags, i, v)
        if (!json_is_string(v) || !is_engine_flag(json_string_value(v)))
            return bad(l, "flags[%s]: \"%s\" is not a flag the automatic checks raise",
                       json_is_string(v) ? json_string_value(v) : "?",
                       json_is_string(v) ? json_string_value(v) : "(not a string)");
    json_t *emb = json_object_get(root, "embargoed_destinations");
    if (!json_is_array(emb))
        return bad(l, "\"embargoed_destinations\" must be an array");
    json_array_foreach(emb, i, v) {
        const char *c = json_string_value(v);
        if (!c || strlen(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z')
            return bad(l, "embargoed_destinations: \"%s\" is not an ISO 3166 alpha-2 code",
                       c ? c : "(not a string)");
    }
    json_t *queues = json_object_get(root, "queues");
    if (!json_is_object(queues) || json_object_size(queues) == 0)
        return bad(l, "\"queues\" must be a non-empty object");
    const char *qn;
    json_object_foreach(queues, qn, v) {
        json_t *sl = json_is_object(v) ? json_object_get(v, "service_level_days") : NULL;
        if (!valid_key(qn, CASE_KEY_MAX) || !json_is_integer(sl) ||
            json_integer_value(sl) < 1 || json_integer_value(sl) > 3650)
            return bad(l, "queues.%s: needs \"service_level_days\" between 1 and 3650", qn);
    }
    json_t *rules = json_object_get(root, "rules");
    if (!json_is_array(rules))
        return bad(l, "\"rules\" must be an array");
    json_array_foreach(rules, i, v) {
        char where[48];
        snprintf(where, sizeof where, "rules[%zu]", i);
        if (!json_is_object(v))
            return bad(l, "%s must be an object", where);
        rc = check_route(l, v, where, flags, queues, true);
        if (rc)
            return rc;
    }
    json_t *def = json_object_get(root, "default");
    if (!json_is_object(def))
        return bad(l, "\"default\" route is required");
    rc = check_route(l, def, "default", flags, queues, false);
    if (rc)
        return rc;
    if (!json_is_boolean(json_object_get(root, "countersign_refusals")))
        return bad(l, "\"countersign_refusals\" must be true or false");
    return EXCTL_OK;
}

/* --- licences.json ------------------------------------------------------ */

static int load_licences(ld *l, json_t *root)
{
    static const char *const keys[] = {"label_ja", "number_prefix", "validity_months"};
    int rc = check_version(l, root);
    if (rc)
        return rc;
    json_t *types = json_object_get(root, "types");
    if (!json_is_object(types) || json_object_size(types) == 0)
        return bad(l, "\"types\" must be a non-empty object");
    const char *name;
    json_t *t;
    json_object_foreach(types, name, t) {
        char where[96];
        snprintf(where, sizeof where, "types.%.60s", name);
        if (!valid_key(name, 32) || !json_is_object(t))
            return bad(l, "%s: a type is a short identifier mapped to an object", where);
        rc = only_keys(l, t, where, keys, XC_ARRAY_LEN(keys));
        if (rc)
            return rc;
        const char *p = json_string_value(json_object_get(t, "number_prefix"));
        size_t n = p ? strlen(p) : 0;
        bool ok = n > 0 && n <= 20;
        for (size_t i = 0; ok && i < n; i++)
            ok = (p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '-';
        if (!ok)
            return bad(l, "%s.number_prefix must be 1-20 of A-Z, 0-9 and '-'", where);
        json_t *m = json_object_get(t, "validity_months");
        if (!json_is_integer(m) || json_integer_value(m) < 1 || json_integer_value(m) > 120)
            return bad(l, "%s.validity_months must be an integer from 1 to 120", where);
    }
    return EXCTL_OK;
}

/* --- icp_checklist.json ------------------------------------------------- */

static int load_icp(ld *l, json_t *root)
{
    int rc = check_version(l, root);
    if (rc)
        return rc;
    json_t *answers = json_object_get(root, "answers");
    if (!json_is_array(answers) || !in_string_array(answers, "yes") ||
        !in_string_array(answers, "no"))
        return bad(l, "\"answers\" must list at least \"yes\" and \"no\"");
    json_t *secs = json_object_get(root, "sections"), *seen = json_object();
    if (!seen)
        return xc_err(l->eb, EXCTL_ENOMEM, "out of memory");
    if (!json_is_array(secs) || json_array_size(secs) == 0) {
        rc = bad(l, "\"sections\" must be a non-empty array");
        goto out;
    }
    size_t i, j;
    json_t *s, *it;
    json_array_foreach(secs, i, s) {
        json_t *items = json_object_get(s, "items");
        if (!json_is_string(json_object_get(s, "id")) || !json_is_array(items) ||
            !json_is_string(json_object_get(s, "title_en"))) {
            char where[48];
            snprintf(where, sizeof where, "sections[%zu]", i);
            rc = bad(l, "%s needs \"id\", \"title_en\" and \"items\"", where);
            goto out;
        }
        json_array_foreach(items, j, it) {
            const char *id = json_string_value(json_object_get(it, "id"));
            char where[64];
            snprintf(where, sizeof where, "sections[%zu].items[%zu]", i, j);
            if (!id || !*id || strlen(id) >= CASE_KEY_MAX ||
                !json_is_boolean(json_object_get(it, "required")) ||
                !json_is_string(json_object_get(it, "ja")) ||
                !json_is_string(json_object_get(it, "en"))) {
                rc = bad(l, "%s needs \"id\", \"required\", \"ja\" and \"en\"", where);
                goto out;
            }
            if (json_object_get(seen, id)) {
                rc = bad(l, "%s: duplicate item id \"%s\"", where, id);
                goto out;
            }
            json_object_set_new(seen, id, json_true());
        }
    }
out:
    json_decref(seen);
    return rc;
}

/* --- public ------------------------------------------------------------- */

int exctl_workflow_load(const char *dir, exctl_workflow **out, exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    char path[1024], def[1024];
    json_t *tr = NULL, *ro = NULL;
    exctl_workflow *wf = NULL;
    if (!out)
        return xc_err(eb, EXCTL_EINVAL, "exctl_workflow_load: out is NULL");
    *out = NULL;
    if (!dir) {
        int n = snprintf(def, sizeof def, "%s/workflow", exctl_data_dir());
        if (n < 0 || (size_t)n >= sizeof def)
            return xc_err(eb, EXCTL_ETOOBIG, "data directory path too long");
        dir = def;
    }
    wf = calloc(1, sizeof *wf);
    if (!wf)
        return xc_err(eb, EXCTL_ENOMEM, "out of memory");
    ld l = {path, eb};
    rc = load_json(dir, "transitions.json", path, sizeof path, &tr, eb);
    if (!rc)
        rc = load_transitions(&l, wf, tr);
    if (!rc)
        rc = load_json(dir, "roles.json", path, sizeof path, &ro, eb);
    if (!rc)
        rc = load_roles(&l, wf, ro);
    if (!rc)
        rc = load_json(dir, "routing.json", path, sizeof path, &wf->routing, eb);
    if (!rc)
        rc = load_routing(&l, wf->routing);
    if (!rc)
        rc = load_json(dir, "licences.json", path, sizeof path, &wf->licences, eb);
    if (!rc)
        rc = load_licences(&l, wf->licences);
    if (!rc)
        rc = load_json(dir, "icp_checklist.json", path, sizeof path, &wf->icp, eb);
    if (!rc)
        rc = load_icp(&l, wf->icp);
    if (rc)
        goto out;
    *out = wf;
    wf = NULL;
out:
    json_decref(tr);
    json_decref(ro);
    exctl_workflow_free(wf);
    return rc;
}

void exctl_workflow_free(exctl_workflow *wf)
{
    if (!wf)
        return;
    json_decref(wf->routing);
    json_decref(wf->licences);
    json_decref(wf->icp);
    free(wf);
}

int wf_status_index(const exctl_workflow *wf, const char *name)
{
    for (size_t i = 0; i < wf->nst; i++)
        if (strcmp(wf->st[i].name, name) == 0)
            return (int)i;
    return -1;
}

const wf_status *wf_status_get(const exctl_workflow *wf, const char *name)
{
    int i = wf_status_index(wf, name);
    return i < 0 ? NULL : &wf->st[i];
}

const wf_trans *wf_trans_find(const exctl_workflow *wf, const char *action)
{
    for (size_t i = 0; i < wf->ntr; i++)
        if (strcmp(wf->tr[i].action, action) == 0)
            return &wf->tr[i];
    return NULL;
}

const wf_role *wf_role_find(const exctl_workflow *wf, const char *name)
{
    for (size_t i = 0; name && i < wf->nroles; i++)
        if (strcmp(wf->roles[i].name, name) == 0)
            return &wf->roles[i];
    return NULL;
}

bool wf_role_may(const wf_role *r, const char *action)
{
    int ai = case_action_find(action);
    return ai >= 0 && (r->actions & (UINT64_C(1) << ai));
}
