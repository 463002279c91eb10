/*
 * classify — evaluating the rules against one item.
 *
 * Three-valued (Kleene) logic: a comparison on a parameter the item does not
 * give is unknown; `and` is false as soon as one side is false, `or` is true
 * as soon as one side is true. So a rule gated on `item_type = computer` is
 * simply false for an integrated circuit and asks for nothing, while a rule
 * that could still apply names the parameters it needs. The explanations
 * ("because") list only the comparisons that made the rule true.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clf.h"

enum { F = 0, T = 1, U = 2 };

typedef struct val {
    bool set;
    double v;
    bool b;
    const char *text;   /* as given */
} val;

typedef struct hit {
    const char *code, *numbering, *jp, *eu, *reasons;
    char **because;
    size_t n_because;
} hit;

typedef struct considered {
    size_t rule;
    exctl_cls_outcome outcome;
    char *reason;
} considered;

struct exctl_cls_result {
    hit *hits;
    size_t n_hits;
    char **missing;
    size_t n_missing;
    considered *cons;
    size_t n_cons;
    xc_arena arena;
};

static int eval(const clf_node *n, const val *vals)
{
    int a, b;
    switch (n->kind) {
    case CLF_AND:
        a = eval(n->a, vals);
        if (a == F)
            return F;
        b = eval(n->b, vals);
        return b == F ? F : (a == U || b == U) ? U : T;
    case CLF_OR:
        a = eval(n->a, vals);
        if (a == T)
            return T;
        b = eval(n->b, vals);
        return b == T ? T : (a == U || b == U) ? U : F;
    case CLF_NOT:
        a = eval(n->a, vals);
        return a == U ? U : a == T ? F : T;
    case CLF_BOOL: {
        const val *v = &vals[n->param];
        if (!v->set)
            return U;
        return v->b == (n->sym[0] == 'y') ? T : F;
    }
    case CLF_ENUM: {
        const val *v = &vals[n->param];
        if (!v->set)
            return U;
        size_t l = strlen(n->sym);
        bool in = false;
        for (const char *p = v->text; *p;) {
            const char *c = strchr(p, ',');
            size_t pl = c ? (size_t)(c - p) : strlen(p);
            const char *q = p;
            size_t ql = pl;
            q = xc_trim(q, &ql);
            if (ql == l && !memcmp(q, n->sym, l))
                in = true;
            p = c ? c + 1 : p + pl;
        }
        return (in == (n->op == OP_EQ)) ? T : F;
    }
    case CLF_CMP: {
        const val *v = &vals[n->param];
        if (!v->set)
            return U;
        double x = v->v, y = n->value;
        /* compare with a relative tolerance so that 1.3 GS/s == 1300 MS/s */
        double tol = 1e-9 * (x < 0 ? -x : x) + 1e-300;
        bool eq = (x - y) <= tol && (y - x) <= tol;
        bool r;
        switch (n->op) {
        case OP_GE: r = x > y || eq; break;
        case OP_GT: r = x > y && !eq; break;
        case OP_LE: r = x < y || eq; break;
        case OP_LT: r = x < y && !eq; break;
        case OP_EQ: r = eq; break;
        default: r = !eq; break;
        }
        return r ? T : F;
    }
    }
    return U;
}

static void mark_missing(const clf_node *n, const val *vals, bool *miss)
{
    if (!n)
        return;
    if ((n->kind == CLF_CMP || n->kind == CLF_BOOL || n->kind == CLF_ENUM) &&
        !vals[n->param].set)
        miss[n->param] = true;
    mark_missing(n->a, vals, miss);
    mark_missing(n->b, vals, miss);
}

static const char *opname(int op)
{
    static const char *o[] = {">=", ">", "<=", "<", "=", "!="};
    return o[op];
}

static void describe_atom(const exctl_classifier *k, const clf_node *n, const val *vals,
                          xc_buf *b)
{
    const clf_param *p = &k->params[n->param];
    if (b->len)
        xc_buf_puts(b, " and ");
    if (n->kind == CLF_BOOL)
        xc_buf_printf(b, "%s = %s", p->name, n->sym);
    else if (n->kind == CLF_ENUM)
        xc_buf_printf(b, "%s %s %s", p->name, opname(n->op), n->sym);
    else
        xc_buf_printf(b, "%s %s %s %g%s%s", p->name, vals[n->param].text, opname(n->op),
                      n->literal, n->unit[0] ? " " : "", n->unit);
}

/* Describe the atoms that give n the value `want`. */
static void describe(const exctl_classifier *k, const clf_node *n, const val *vals, int want,
                     xc_buf *b)
{
    switch (n->kind) {
    case CLF_AND:
        if (want == T) {
            describe(k, n->a, vals, T, b);
            describe(k, n->b, vals, T, b);
        } else {
            describe(k, eval(n->a, vals) == F ? n->a : n->b, vals, F, b);
        }
        return;
    case CLF_OR:
        if (want == T) {
            describe(k, eval(n->a, vals) == T ? n->a : n->b, vals, T, b);
        } else {
            describe(k, n->a, vals, F, b);
            describe(k, n->b, vals, F, b);
        }
        return;
    case CLF_NOT:
        describe(k, n->a, vals, want == T ? F : T, b);
        return;
    default:
        if (want == F) {
            if (b->len)
                xc_buf_puts(b, " and ");
            xc_buf_puts(b, "not ");
            xc_buf tmp;
            xc_buf_init(&tmp);
            describe_atom(k, n, vals, &tmp);
            xc_buf_puts(b, xc_buf_cstr(&tmp));
            xc_buf_free(&tmp);
        } else {
            describe_atom(k, n, vals, b);
        }
    }
}

static const char *jp_reasons(const char *item)
{
    if (!strncmp(item, "1項", 4))
        return "JP-1 (arms)";
    if (!strncmp(item, "2項", 4))
        return "NSG";
    if (!strncmp(item, "3の2項", 9))
        return "AG";
    if (!strncmp(item, "3項", 4))
        return "CWC AG";
    if (!strncmp(item, "4項", 4))
        return "MTCR";
    if (!strncmp(item, "16項", 5))
        return "catch-all";
    return item[0] ? "WA" : "";
}

static int set_val(const exctl_classifier *k, const exctl_cls_param *ip, val *vals,
                   exctl_errbuf *eb)
{
    uint32_t pi;
    if (!ip->name || !ip->value)
        return xc_err(eb, EXCTL_EINVAL, "parameter without name or value");
    if (!xc_map_get(&k->by_name, ip->name, strlen(ip->name), &pi))
        return xc_err(eb, EXCTL_EINVAL, "unknown parameter '%s' (see data/classify/vocabulary.tsv)",
                      ip->name);
    const clf_param *p = &k->params[pi];
    val *v = &vals[pi];
    v->text = ip->value;
    if (!strcmp(p->dim, "boolean")) {
        const char *s = ip->value;
        if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "1"))
            v->b = true;
        else if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "0"))
            v->b = false;
        else
            return xc_err(eb, EXCTL_EINVAL, "parameter %s: '%s' is not true or false", p->name, s);
    } else if (!strcmp(p->dim, "enum")) {
        char all[1024];
        snprintf(all, sizeof all, "|%s|", p->values);
        for (const char *s = ip->value; *s;) {
            const char *c = strchr(s, ',');
            size_t l = c ? (size_t)(c - s) : strlen(s);
            const char *t = xc_trim(s, &l);
            char pat[128];
            snprintf(pat, sizeof pat, "|%.*s|", (int)(l < 100 ? l : 100), t);
            if (l == 0 || !strstr(all, pat))
                return xc_err(eb, EXCTL_EINVAL, "parameter %s: '%.*s' is not one of %s", p->name,
                              (int)l, t, p->values);
            s = c ? c + 1 : s + strlen(s);
        }
    } else {
        exctl_errbuf e2 = {{0}};
        int rc = exctl_unit_convert(ip->value, p->dim, &v->v, &e2);
        if (rc)
            return xc_err(eb, rc, "parameter %s: %s", p->name, e2.msg);
    }
    v->set = true;
    return EXCTL_OK;
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *adup(exctl_cls_result *r, const char *s)
{
    return xc_arena_strdup(&r->arena, s ? s : "");
}

static int add_hit(exctl_cls_result *r, const exctl_classifier *k, const clf_rule *rule,
                   const char *because)
{
    hit *h = NULL;
    for (size_t i = 0; i < r->n_hits; i++)
        if (!strcmp(r->hits[i].code, rule->code))
            h = &r->hits[i];
    if (!h) {
        hit *nh = realloc(r->hits, (r->n_hits + 1) * sizeof *nh);
        if (!nh)
            return EXCTL_ENOMEM;
        r->hits = nh;
        h = &r->hits[r->n_hits++];
        memset(h, 0, sizeof *h);
        h->code = rule->code;
        bool us = rule->system[0] == 'u';
        h->numbering = us ? "us-eccn" : "jp-clause";
        xc_buf jp, eu;
        xc_buf_init(&jp);
        xc_buf_init(&eu);
        const exctl_cl_entry *e = k->cl ? exctl_controls_get(k->cl, rule->code) : NULL;
        if (us) {
            xc_buf_puts(&jp, rule->item);
            if (rule->counterpart[0])
                xc_buf_printf(&jp, "%s%s", jp.len ? " " : "", rule->counterpart);
            for (size_t i = 0; e && i < exctl_cl_entry_counterpart_count(e); i++) {
                exctl_numbering num;
                const char *code;
                exctl_cl_entry_counterpart(e, i, &num, &code, NULL);
                if (num == EXCTL_NUM_EU && !eu.len)
                    xc_buf_puts(&eu, code);
                if (!rule->item[0] && !rule->counterpart[0] &&
                    (num == EXCTL_NUM_JP_ITEM || num == EXCTL_NUM_JP_CLAUSE))
                    xc_buf_printf(&jp, "%s%s", jp.len ? " " : "", code);
            }
        } else {
            xc_buf_puts(&jp, rule->item);
            const exctl_cl_entry *us_e =
                k->cl && rule->counterpart[0] ? exctl_controls_get(k->cl, rule->counterpart) : NULL;
            for (size_t i = 0; us_e && i < exctl_cl_entry_counterpart_count(us_e); i++) {
                exctl_numbering num;
                const char *code;
                exctl_cl_entry_counterpart(us_e, i, &num, &code, NULL);
                if (num == EXCTL_NUM_EU && !eu.len)
                    xc_buf_puts(&eu, code);
            }
        }
        h->jp = adup(r, xc_buf_cstr(&jp));
        h->eu = adup(r, xc_buf_cstr(&eu));
        xc_buf_free(&jp);
        xc_buf_free(&eu);
        h->reasons = rule->reasons[0] ? rule->reasons
                     : us              ? (e ? exctl_cl_entry_reasons(e) : "")
                                       : jp_reasons(rule->item);
        if (!h->jp || !h->eu)
            return EXCTL_ENOMEM;
    }
    char **nb = realloc(h->because, (h->n_because + 1) * sizeof *nb);
    if (!nb)
        return EXCTL_ENOMEM;
    h->because = nb;
    if (!(h->because[h->n_because] = adup(r, because)))
        return EXCTL_ENOMEM;
    h->n_because++;
    return EXCTL_OK;
}

int exctl_classify(const exctl_classifier *k, const exctl_cls_item *item,
                   exctl_cls_result **out, exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    val *vals = NULL;
    bool *miss = NULL, *rmiss = NULL;
    exctl_cls_result *r = NULL;
    xc_buf b;
    xc_buf_init(&b);
    if (!k || !item || !out)
        return xc_err(eb, EXCTL_EINVAL, "classify: NULL argument");
    *out = NULL;
    vals = calloc(k->n_params + 1, sizeof *vals);
    miss = calloc(k->n_params + 1, sizeof *miss);
    rmiss = calloc(k->n_params + 1, sizeof *rmiss);
    r = calloc(1, sizeof *r);
    if (!vals || !miss || !rmiss || !r) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    xc_arena_init(&r->arena);
    for (size_t i = 0; i < item->n_params; i++)
        if ((rc = set_val(k, &item->params[i], vals, eb)))
            goto out;
    r->cons = calloc(k->n_rules + 1, sizeof *r->cons);
    if (!r->cons) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < k->n_rules; i++) {
        const clf_rule *rule = &k->rules[i];
        int w = eval(rule->when, vals);
        exctl_cls_outcome oc = w == T ? EXCTL_CLS_MET : w == F ? EXCTL_CLS_NOT_MET
                                                              : EXCTL_CLS_UNKNOWN;
        const clf_unless *hit_u = NULL;
        b.len = 0;
        memset(rmiss, 0, k->n_params * sizeof *rmiss);
        if (w == U)
            mark_missing(rule->when, vals, rmiss);
        if (w == T) {
            for (const clf_unless *u = rule->unless; u && !hit_u; u = u->next) {
                int x = eval(u->expr, vals);
                if (x == T)
                    hit_u = u;
                else if (x == U) {
                    oc = EXCTL_CLS_UNKNOWN;
                    mark_missing(u->expr, vals, rmiss);
                }
            }
            if (hit_u)
                oc = EXCTL_CLS_EXCLUDED;
        }
        xc_buf why;
        xc_buf_init(&why);
        if (oc == EXCTL_CLS_MET || oc == EXCTL_CLS_NOT_MET)
            describe(k, rule->when, vals, oc == EXCTL_CLS_MET ? T : F, &why);
        if (oc == EXCTL_CLS_MET) {
            xc_buf_printf(&b, "%s: %s; %s text: \"%s\" (%s:%zu)", rule->code, xc_buf_cstr(&why),
                          rule->system[0] == 'u' ? "CCL" : "貨物等省令", rule->quote, rule->file,
                          rule->line);
            if ((rc = add_hit(r, k, rule, xc_buf_cstr(&b)))) {
                xc_buf_free(&why);
                rc = xc_err(eb, rc, "out of memory");
                goto out;
            }
        } else if (oc == EXCTL_CLS_NOT_MET) {
            b.len = 0;
            xc_buf_printf(&b, "not met: %s", xc_buf_cstr(&why));
        } else if (oc == EXCTL_CLS_EXCLUDED) {
            b.len = 0;
            xc_buf_printf(&b, "excluded: %s (%s)", hit_u->label[0] ? hit_u->label : "exclusion",
                          hit_u->src);
        } else {
            b.len = 0;
            xc_buf_puts(&b, "undecided, needs:");
            for (size_t p = 0; p < k->n_params; p++)
                if (rmiss[p]) {
                    xc_buf_printf(&b, " %s", k->params[p].name);
                    miss[p] = true;
                }
        }
        xc_buf_free(&why);
        r->cons[r->n_cons].rule = i;
        r->cons[r->n_cons].outcome = oc;
        if (!(r->cons[r->n_cons].reason = adup(r, xc_buf_cstr(&b)))) {
            rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
            goto out;
        }
        r->n_cons++;
    }
    size_t nm = 0;
    for (size_t p = 0; p < k->n_params; p++)
        nm += miss[p];
    r->missing = calloc(nm + 1, sizeof *r->missing);
    if (!r->missing) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t p = 0; p < k->n_params; p++)
        if (miss[p])
            r->missing[r->n_missing++] = (char *)k->params[p].name;
    qsort(r->missing, r->n_missing, sizeof *r->missing, cmp_cstr);
    *out = r;
    r = NULL;
out:
    exctl_cls_result_free(r);
    xc_buf_free(&b);
    free(vals);
    free(miss);
    free(rmiss);
    return rc;
}

void exctl_cls_result_free(exctl_cls_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_hits; i++)
        free(r->hits[i].because);
    free(r->hits);
    free(r->missing);
    free(r->cons);
    xc_arena_free(&r->arena);
    free(r);
}

size_t exctl_cls_entry_count(const exctl_cls_result *r) { return r ? r->n_hits : 0; }

int exctl_cls_entry(const exctl_cls_result *r, size_t i, const char **code,
                    const char **numbering, const char **jp, const char **eu,
                    const char **reasons)
{
    if (!r || i >= r->n_hits)
        return EXCTL_ENOTFOUND;
    const hit *h = &r->hits[i];
    if (code)
        *code = h->code;
    if (numbering)
        *numbering = h->numbering;
    if (jp)
        *jp = h->jp;
    if (eu)
        *eu = h->eu;
    if (reasons)
        *reasons = h->reasons;
    return EXCTL_OK;
}

size_t exctl_cls_entry_because_count(const exctl_cls_result *r, size_t i)
{
    return r && i < r->n_hits ? r->hits[i].n_because : 0;
}

const char *exctl_cls_entry_because(const exctl_cls_result *r, size_t i, size_t j)
{
    if (!r || i >= r->n_hits || j >= r->hits[i].n_because)
        return NULL;
    return r->hits[i].because[j];
}

size_t exctl_cls_missing_count(const exctl_cls_result *r) { return r ? r->n_missing : 0; }

const char *exctl_cls_missing(const exctl_cls_result *r, size_t i)
{
    return r && i < r->n_missing ? r->missing[i] : NULL;
}

int exctl_cls_not_controlled(const exctl_cls_result *r)
{
    return r && r->n_hits == 0 && r->n_missing == 0;
}

size_t exctl_cls_considered_count(const exctl_cls_result *r) { return r ? r->n_cons : 0; }

int exctl_cls_considered(const exctl_cls_result *r, size_t i, size_t *rule,
                         exctl_cls_outcome *outcome, const char **reason)
{
    if (!r || i >= r->n_cons)
        return EXCTL_ENOTFOUND;
    if (rule)
        *rule = r->cons[i].rule;
    if (outcome)
        *outcome = r->cons[i].outcome;
    if (reason)
        *reason = r->cons[i].reason;
    return EXCTL_OK;
}

const char *exctl_cls_outcome_name(exctl_cls_outcome o)
{
    switch (o) {
    case EXCTL_CLS_MET: return "met";
    case EXCTL_CLS_NOT_MET: return "not_met";
    case EXCTL_CLS_EXCLUDED: return "excluded";
    case EXCTL_CLS_UNKNOWN: return "unknown";
    }
    return "unknown";
}
