/* Unit tests for lib/classify: units, the rule language, and every bundled
 * rule probed just above, at and just below each of its thresholds.
 *
 * The threshold probes are generated from the rules themselves: for each
 * rule the test builds an item that satisfies it (choosing the first branch
 * of every `or`, making every `unless` false), checks the rule is met, then
 * moves one parameter at a time to each threshold and a relative 1e-6 either
 * side. The expected outcome comes from a separate two-valued evaluation of
 * the rule as written (>= includes the threshold, > does not), not from the
 * engine. A second
 * data-driven check requires every threshold to be stated in the law's own
 * text: the number must occur in the rule's quote or in the text of the
 * paragraph, its parents, or the entry named by thresholds_from. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "classify/clf.h"
#include "exctl/controls.h"

static exctl_controls *CL;
static exctl_classifier *K;

static int setup(void **state)
{
    (void)state;
    exctl_errbuf eb = {{0}};
    exctl_controls_files f = {
        EXCTL_TEST_DATA_DIR "/control/jp-list-control_egov-2026-02-14.json.gz",
        EXCTL_TEST_DATA_DIR "/control/ccl_parsed_2025-07.json.gz",
        EXCTL_TEST_DATA_DIR "/control/correspondence.tsv",
        EXCTL_TEST_DATA_DIR "/control/regimes"};
    int rc = exctl_controls_load(&f, &CL, &eb);
    if (!rc)
        rc = exctl_classifier_load(EXCTL_TEST_DATA_DIR "/classify/vocabulary.tsv",
                                   EXCTL_TEST_DATA_DIR "/classify/rules", CL, &K, &eb);
    if (rc)
        fprintf(stderr, "load: %s\n", eb.msg);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    exctl_classifier_free(K);
    exctl_controls_free(CL);
    return 0;
}

static void unit_conversion(void **state)
{
    (void)state;
    double v;
    exctl_errbuf eb = {{0}};
    assert_int_equal(exctl_unit_convert("43.5 GHz", "frequency", &v, &eb), 0);
    assert_float_equal(v, 43.5e9, 1);
    assert_int_equal(exctl_unit_convert("500MHz", "frequency", &v, &eb), 0);
    assert_float_equal(v, 5e8, 1e-3);
    assert_int_equal(exctl_unit_convert("2 kHz", "frequency", &v, &eb), 0);
    assert_float_equal(v, 2e3, 1e-9);
    assert_int_equal(exctl_unit_convert("1.3 GS/s", "sample_rate", &v, &eb), 0);
    assert_float_equal(v, 1.3e9, 1);
    assert_int_equal(exctl_unit_convert("-55 °C", "temperature", &v, &eb), 0);
    assert_float_equal(v, 218.15, 1e-9);
    assert_int_equal(exctl_unit_convert("0.9 µm", "length", &v, &eb), 0);
    assert_float_equal(v, 0.9e-6, 1e-15);
    assert_int_equal(exctl_unit_convert("0.0009 mm", "length", &v, &eb), 0);
    assert_float_equal(v, 0.9e-6, 1e-15);
    assert_int_equal(exctl_unit_convert("193 nm", "length", &v, &eb), 0);
    assert_float_equal(v, 193e-9, 1e-18);
    assert_int_equal(exctl_unit_convert("2 kW", "power", &v, &eb), 0);
    assert_float_equal(v, 2000, 1e-9);
    assert_int_equal(exctl_unit_convert("31.62 mW", "power", &v, &eb), 0);
    assert_float_equal(v, 0.03162, 1e-12);
    assert_int_equal(exctl_unit_convert("2.0 GB/s", "data_rate", &v, &eb), 0);
    assert_float_equal(v, 16e9, 1);
    assert_int_equal(exctl_unit_convert("500 Gbit/s", "data_rate", &v, &eb), 0);
    assert_float_equal(v, 500e9, 1);
    assert_int_equal(exctl_unit_convert("32 byte", "information", &v, &eb), 0);
    assert_float_equal(v, 256, 0);
    assert_int_equal(exctl_unit_convert("45 min", "time", &v, &eb), 0);
    assert_float_equal(v, 2700, 0);
    assert_int_equal(exctl_unit_convert("4800", "number", &v, &eb), 0);
    assert_float_equal(v, 4800, 0);
    /* a value without its unit is an error, not a guess */
    assert_int_equal(exctl_unit_convert("43.5", "frequency", &v, &eb), EXCTL_EUNIT);
    assert_non_null(strstr(eb.msg, "frequency"));
    assert_int_equal(exctl_unit_convert("5 kg", "frequency", &v, &eb), EXCTL_EUNIT);
    assert_int_equal(exctl_unit_convert("5 furlongs", "length", &v, &eb), EXCTL_EUNIT);
    assert_int_equal(exctl_unit_convert("5 W", "number", &v, &eb), EXCTL_EUNIT);
    assert_int_equal(exctl_unit_convert("GHz", "frequency", &v, &eb), EXCTL_EINVAL);
}

/* --- coverage counts ------------------------------------------------------ */
static void rule_counts(void **state)
{
    (void)state;
    size_t n = exctl_classifier_rule_count(K);
    char eccns[64][6];
    size_t ne = 0, njp = 0;
    for (size_t i = 0; i < n; i++) {
        const char *sys, *code;
        exctl_classifier_rule(K, i, &sys, &code, NULL, NULL, NULL, NULL);
        if (sys[0] == 'j') {
            njp++;
            continue;
        }
        bool seen = false;
        for (size_t j = 0; j < ne; j++)
            seen |= !strncmp(eccns[j], code, 5);
        if (!seen && ne < 64) {
            memcpy(eccns[ne], code, 5);
            eccns[ne++][5] = '\0';
        }
    }
    assert_true(n >= 120);
    assert_true(ne >= 25);
    assert_true(njp >= 60);
}

/* --- data-driven threshold probes ------------------------------------------ */
typedef struct pc {
    bool lo_set, lo_strict, hi_set, hi_strict, eq_set, b_set, b;
    double lo, hi, eq;
    char en[512];
} pc;

typedef struct atom {
    uint32_t param;
    double t;
} atom;

static int negate(int op)
{
    switch (op) {
    case OP_GE: return OP_LT;
    case OP_GT: return OP_LE;
    case OP_LE: return OP_GT;
    case OP_LT: return OP_GE;
    case OP_EQ: return OP_NE;
    default: return OP_EQ;
    }
}

static void constrain(pc *p, int op, double x)
{
    if (op == OP_GE || op == OP_GT) {
        if (!p->lo_set || x > p->lo) {
            p->lo = x;
            p->lo_strict = op == OP_GT;
        } else if (x == p->lo) {
            p->lo_strict |= op == OP_GT;
        }
        p->lo_set = true;
    } else if (op == OP_LE || op == OP_LT) {
        if (!p->hi_set || x < p->hi) {
            p->hi = x;
            p->hi_strict = op == OP_LT;
        } else if (x == p->hi) {
            p->hi_strict |= op == OP_LT;
        }
        p->hi_set = true;
    } else if (op == OP_EQ) {
        p->eq_set = true;
        p->eq = x;
    }
}

static void add_enum(pc *p, const char *v)
{
    size_t l = strlen(p->en);
    snprintf(p->en + l, sizeof p->en - l, "%s%s", l ? "," : "", v);
}

static bool feasible(const pc *p)
{
    if (p->lo_set && p->hi_set)
        return p->lo < p->hi || (p->lo == p->hi && !p->lo_strict && !p->hi_strict);
    return true;
}

static void assign(const clf_node *n, bool want, pc *pcs, atom *atoms, size_t *na)
{
    switch (n->kind) {
    case CLF_AND:
        if (want) {
            assign(n->a, true, pcs, atoms, na);
            assign(n->b, true, pcs, atoms, na);
        } else {
            /* falsify the first side unless that contradicts what is already
             * fixed; then the second */
            pc *save = malloc(K->n_params * sizeof *save);
            assert_non_null(save);
            memcpy(save, pcs, K->n_params * sizeof *save);
            assign(n->a, false, pcs, atoms, na);
            bool ok = true;
            for (size_t p = 0; p < K->n_params; p++)
                ok &= feasible(&pcs[p]);
            if (!ok) {
                memcpy(pcs, save, K->n_params * sizeof *save);
                assign(n->b, false, pcs, atoms, na);
            }
            free(save);
        }
        return;
    case CLF_OR:
        /* true: the first branch true and the others false, so that moving a
         * threshold of the first branch decides the rule */
        assign(n->a, want, pcs, atoms, na);
        assign(n->b, false, pcs, want ? NULL : atoms, want ? &(size_t){64} : na);
        return;
    case CLF_NOT:
        assign(n->a, !want, pcs, atoms, na);
        return;
    case CLF_BOOL:
        pcs[n->param].b_set = true;
        pcs[n->param].b = (n->sym[0] == 'y') == want;
        return;
    case CLF_ENUM:
        if (want == (n->op == OP_EQ))
            add_enum(&pcs[n->param], n->sym);
        else
            add_enum(&pcs[n->param], strcmp(n->sym, "uav") ? "uav" : "laser");
        return;
    case CLF_CMP:
        constrain(&pcs[n->param], want ? n->op : negate(n->op), n->value);
        if (want && *na < 64)
            atoms[(*na)++] = (atom){n->param, n->value};
        return;
    }
}

static bool holds(const pc *p, double v)
{
    double tol = 1e-12 * fabs(v);
    if (p->eq_set)
        return fabs(v - p->eq) <= tol;
    if (p->lo_set && (p->lo_strict ? !(v > p->lo + tol) : !(v >= p->lo - tol)))
        return false;
    if (p->hi_set && (p->hi_strict ? !(v < p->hi - tol) : !(v <= p->hi + tol)))
        return false;
    return true;
}

static double pick(const pc *p)
{
    if (p->eq_set)
        return p->eq;
    if (p->lo_set && p->hi_set)
        return (p->lo + p->hi) / 2;
    if (p->lo_set)
        return p->lo > 0 ? p->lo * 2 : p->lo + fabs(p->lo) + 1;
    if (p->hi_set)
        return p->hi > 0 ? p->hi / 2 : p->hi * 2 - 1;
    return 1;
}


/* Independent two-valued evaluation of an expression over the probe values
 * (all parameters are set), used as the oracle for the engine's answer. */
static bool oracle(const clf_node *n, const pc *pcs, int64_t probe, double v)
{
    const pc *c;
    double x, t, tol;
    switch (n->kind) {
    case CLF_AND:
        return oracle(n->a, pcs, probe, v) && oracle(n->b, pcs, probe, v);
    case CLF_OR:
        return oracle(n->a, pcs, probe, v) || oracle(n->b, pcs, probe, v);
    case CLF_NOT:
        return !oracle(n->a, pcs, probe, v);
    case CLF_BOOL:
        return pcs[n->param].b == (n->sym[0] == 'y');
    case CLF_ENUM: {
        char pat[600], all[600];
        snprintf(pat, sizeof pat, ",%s,", n->sym);
        snprintf(all, sizeof all, ",%s,", pcs[n->param].en);
        return (strstr(all, pat) != NULL) == (n->op == OP_EQ);
    }
    default:
        c = &pcs[n->param];
        x = (int64_t)n->param == probe ? v : pick(c);
        t = n->value;
        tol = 1e-9 * fabs(x);
        switch (n->op) {
        case OP_GE: return x >= t - tol;
        case OP_GT: return x > t + tol;
        case OP_LE: return x <= t + tol;
        case OP_LT: return x < t - tol;
        case OP_EQ: return fabs(x - t) <= tol;
        default: return fabs(x - t) > tol;
        }
    }
}

static bool rule_holds(const clf_rule *r, const pc *pcs, int64_t probe, double v)
{
    if (!oracle(r->when, pcs, probe, v))
        return false;
    for (const clf_unless *u = r->unless; u; u = u->next)
        if (oracle(u->expr, pcs, probe, v))
            return false;
    return true;
}

/* Classify with pcs (param probe overridden with value v when probe >= 0)
 * and return the outcome of rule ri. */
static exctl_cls_outcome run(size_t ri, const pc *pcs, int64_t probe, double v)
{
    exctl_cls_param params[128];
    char bufs[128][600];
    size_t n = 0;
    for (size_t p = 0; p < K->n_params && n < 128; p++) {
        const pc *c = &pcs[p];
        const clf_param *par = &K->params[p];
        if (c->b_set)
            snprintf(bufs[n], sizeof bufs[n], "%s", c->b ? "true" : "false");
        else if (c->en[0])
            snprintf(bufs[n], sizeof bufs[n], "%s", c->en);
        else if (c->lo_set || c->hi_set || c->eq_set) {
            double x = (int64_t)p == probe ? v : pick(c);
            const char *u = clf_dim_physical(par->dim) ? clf_base_unit(par->dim) : "";
            assert_non_null(u);
            snprintf(bufs[n], sizeof bufs[n], "%.17g%s%s", x, *u ? " " : "", u);
        } else
            continue;
        params[n].name = par->name;
        params[n].value = bufs[n];
        n++;
    }
    exctl_cls_item item = {"probe", params, n};
    exctl_cls_result *r = NULL;
    exctl_errbuf eb = {{0}};
    int rc = exctl_classify(K, &item, &r, &eb);
    if (rc)
        fprintf(stderr, "classify: %s\n", eb.msg);
    assert_int_equal(rc, 0);
    exctl_cls_outcome oc = EXCTL_CLS_UNKNOWN;
    for (size_t i = 0; i < exctl_cls_considered_count(r); i++) {
        size_t rr;
        exctl_cls_outcome o;
        exctl_cls_considered(r, i, &rr, &o, NULL);
        if (rr == ri)
            oc = o;
    }
    exctl_cls_result_free(r);
    return oc;
}

static void every_rule_at_its_thresholds(void **state)
{
    (void)state;
    size_t probes = 0, rules_probed = 0, alt_branch = 0;
    pc *pcs = calloc(K->n_params, sizeof *pcs);
    assert_non_null(pcs);
    for (size_t ri = 0; ri < K->n_rules; ri++) {
        const clf_rule *r = &K->rules[ri];
        atom atoms[64];
        size_t na = 0;
        memset(pcs, 0, K->n_params * sizeof *pcs);
        assign(r->when, true, pcs, atoms, &na);
        for (const clf_unless *u = r->unless; u; u = u->next)
            assign(u->expr, false, pcs, NULL, &(size_t){64});
        for (size_t p = 0; p < K->n_params; p++)
            if (!feasible(&pcs[p]))
                fail_msg("rule %s: first branch is contradictory on %s", r->code,
                         K->params[p].name);
        if (run(ri, pcs, -1, 0) != EXCTL_CLS_MET)
            fail_msg("rule %s (%s:%zu) is not met by an item built to satisfy it", r->code,
                     r->file, r->line);
        rules_probed++;
        for (size_t a = 0; a < na; a++) {
            double t = atoms[a].t;
            double d = t != 0 ? fabs(t) * 1e-6 : 1e-9;
            double vals[3] = {t - d, t, t + d};
            for (int k = 0; k < 3; k++) {
                bool want = rule_holds(r, pcs, atoms[a].param, vals[k]);
                /* the oracle must agree with the operators on the probed atom:
                 * just beyond the threshold on the failing side, the rule fails */
                if (!holds(&pcs[atoms[a].param], vals[k]) && want)
                    alt_branch++;
                exctl_cls_outcome oc = run(ri, pcs, atoms[a].param, vals[k]);
                if (oc != (want ? EXCTL_CLS_MET : EXCTL_CLS_NOT_MET))
                    fail_msg("rule %s: %s = %.17g (threshold %.17g): expected %s, got %s",
                             r->code, K->params[atoms[a].param].name, vals[k], t,
                             want ? "met" : "not met", exctl_cls_outcome_name(oc));
                probes++;
            }
        }
    }
    free(pcs);
    assert_int_equal(rules_probed, K->n_rules);
    /* another branch of an `or` took over in a handful of probes only */
    assert_true(alt_branch * 50 < probes);
    assert_true(probes >= 3 * K->n_rules);
}

/* --- thresholds are the law's own numbers ---------------------------------- */
typedef struct numset {
    double v[4096];
    size_t n;
} numset;

static void addnum(numset *s, double v)
{
    if (s->n < 4096)
        s->v[s->n++] = fabs(v);
}

static void numbers_in(const char *s, numset *out)
{
    static const char *words[] = {"one", "two", "three", "four", "five", "six", "seven",
                                  "eight", "nine", "ten", "eleven", "twelve", "thirteen",
                                  "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                                  "nineteen", "twenty"};
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        for (size_t w = 0; w < 20; w++) {
            size_t l = strlen(words[w]);
            if ((i == 0 || s[i - 1] == ' ' || s[i - 1] == '(') && !strncasecmp(s + i, words[w], l) &&
                (s[i + l] == ' ' || s[i + l] == '\0'))
                addnum(out, (double)(w + 1));
        }
        double v;
        size_t used;
        if (exctl_ja_number(s + i, n - i, &v, &used) == 0 && used > 0) {
            addnum(out, v);
            const char *rest = s + i + used;
            /* "5 × 103" (superscript lost): 5e3; "10−4": 1e-4; "2 x 108": 2e8 */
            const char *p = rest;
            if (!strncmp(p, " × ", strlen(" × ")))
                p += strlen(" × ");
            else if (!strncmp(p, " x ", 3))
                p += 3;
            else
                p = NULL;
            if (p && p[0] == '1' && p[1] == '0') {
                const char *e = p + 2;
                double sign = 1;
                if (!strncmp(e, "−", strlen("−"))) {
                    sign = -1;
                    e += strlen("−");
                }
                double ex;
                size_t eu;
                if (exctl_ja_number(e, strlen(e), &ex, &eu) == 0)
                    addnum(out, v * pow(10, sign * ex));
            }
            if (v == 10 && !strncmp(rest, "−", 3)) {
                double ex;
                size_t eu;
                if (exctl_ja_number(rest + 3, strlen(rest + 3), &ex, &eu) == 0)
                    addnum(out, pow(10, -ex));
            }
            /* "一億分の一": 1/1e8 */
            if (!strncmp(rest, "分の", 6)) {
                double m;
                size_t mu;
                if (exctl_ja_number(rest + 6, strlen(rest + 6), &m, &mu) == 0)
                    addnum(out, m / v);
            }
            i += used;
            continue;
        }
        uint32_t cp;
        int k = xc_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        i += k > 0 ? (size_t)k : 1;
    }
}

static void add_entry_text(const exctl_cl_entry *e, numset *s, bool descend)
{
    numbers_in(exctl_cl_entry_text(e), s);
    numbers_in(exctl_cl_entry_text_ja(e), s);
    numbers_in(exctl_cl_entry_notes(e), s);
    for (size_t i = 0; descend && i < exctl_cl_entry_child_count(e); i++)
        add_entry_text(exctl_cl_entry_child(e, i), s, true);
}

static void thresholds_are_quoted(void **state)
{
    (void)state;
    static numset s;
    size_t checked = 0;
    for (size_t ri = 0; ri < K->n_rules; ri++) {
        const clf_rule *r = &K->rules[ri];
        s.n = 0;
        numbers_in(r->quote, &s);
        for (const exctl_cl_entry *e = exctl_controls_get(CL, r->code); e;
             e = exctl_cl_entry_parent(e))
            add_entry_text(e, &s, false);
        if (r->thresholds_from[0])
            add_entry_text(exctl_controls_get(CL, r->thresholds_from), &s, true);
        const clf_node *lits[64];
        size_t nl = clf_literals(r->when, lits, 64);
        for (size_t i = 0; i < nl && i < 64; i++) {
            double want = fabs(lits[i]->literal);
            bool found = false;
            for (size_t j = 0; j < s.n && !found; j++)
                found = fabs(s.v[j] - want) <= 1e-9 * want;
            if (!found)
                fail_msg("rule %s (%s:%zu): threshold %g %s is not in the text it cites",
                         r->code, r->file, r->line, lits[i]->literal, lits[i]->unit);
            checked++;
        }
    }
    assert_true(checked > 200);
}

/* --- hand-written cases for key entries ------------------------------------ */
static exctl_cls_result *classify(const char *const *kv, size_t n, int *rc)
{
    exctl_cls_param p[32];
    for (size_t i = 0; i < n; i++) {
        p[i].name = kv[2 * i];
        p[i].value = kv[2 * i + 1];
    }
    exctl_cls_item item = {"test", p, n};
    exctl_cls_result *r = NULL;
    exctl_errbuf eb = {{0}};
    *rc = exctl_classify(K, &item, &r, &eb);
    return r;
}

static bool has_entry(const exctl_cls_result *r, const char *code)
{
    for (size_t i = 0; i < exctl_cls_entry_count(r); i++) {
        const char *c;
        exctl_cls_entry(r, i, &c, NULL, NULL, NULL, NULL);
        if (!strcmp(c, code))
            return true;
    }
    return false;
}

static void gpu_under_3a090_and_jp(void **state)
{
    (void)state;
    int rc;
    const char *a[] = {"item_type", "integrated_circuit", "total_processing_performance", "5000"};
    exctl_cls_result *r = classify(a, 2, &rc);
    assert_int_equal(rc, 0);
    assert_true(has_entry(r, "3A090.a.1"));
    assert_false(has_entry(r, "第六条第一号ヨ")); /* Japan's threshold is 6,000 */
    const char *jp, *eu, *reasons;
    for (size_t i = 0; i < exctl_cls_entry_count(r); i++) {
        const char *c;
        exctl_cls_entry(r, i, &c, NULL, &jp, &eu, &reasons);
        if (!strcmp(c, "3A090.a.1")) {
            assert_string_equal(eu, "");
            assert_non_null(strstr(reasons, "RS"));
            assert_non_null(strstr(exctl_cls_entry_because(r, i, 0), "4800"));
        }
    }
    exctl_cls_result_free(r);
    const char *b[] = {"item_type", "integrated_circuit", "total_processing_performance", "6000"};
    r = classify(b, 2, &rc);
    assert_true(has_entry(r, "3A090.a.1"));
    assert_true(has_entry(r, "第六条第一号ヨ"));
    exctl_cls_result_free(r);
}

static void crypto_notes(void **state)
{
    (void)state;
    int rc;
    const char *a[] = {"item_type", "information_security_item", "crypto_for_data_confidentiality",
                       "true", "infosec_primary_function", "true", "symmetric_key_length",
                       "256 bit", "mass_market_note3", "false", "smart_card_exclusion", "false"};
    exctl_cls_result *r = classify(a, 6, &rc);
    assert_int_equal(rc, 0);
    assert_true(has_entry(r, "5A002.a.1"));
    assert_true(has_entry(r, "第八条第九号イ(七)"));
    exctl_cls_result_free(r);
    a[9] = "true"; /* mass market: released by Note 3 in the US list only */
    r = classify(a, 6, &rc);
    assert_false(has_entry(r, "5A002.a.1"));
    assert_true(has_entry(r, "第八条第九号イ(七)"));
    bool excluded = false;
    for (size_t i = 0; i < exctl_cls_considered_count(r); i++) {
        size_t ri;
        exctl_cls_outcome oc;
        const char *why, *code;
        exctl_cls_considered(r, i, &ri, &oc, &why);
        exctl_classifier_rule(K, ri, NULL, &code, NULL, NULL, NULL, NULL);
        if (!strcmp(code, "5A002.a.1")) {
            excluded = oc == EXCTL_CLS_EXCLUDED;
            assert_non_null(strstr(why, "Note 3"));
        }
    }
    assert_true(excluded);
    exctl_cls_result_free(r);
    a[7] = "56 bit"; /* "in excess of 56 bits": 56 is not enough */
    a[9] = "false";
    r = classify(a, 6, &rc);
    assert_false(has_entry(r, "5A002.a.1"));
    assert_false(has_entry(r, "第八条第九号イ(七)"));
    exctl_cls_result_free(r);
}

static void missing_and_not_controlled(void **state)
{
    (void)state;
    int rc;
    const char *a[] = {"item_type", "uav"};
    exctl_cls_result *r = classify(a, 1, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(exctl_cls_entry_count(r), 0);
    assert_false(exctl_cls_not_controlled(r));
    size_t nm = exctl_cls_missing_count(r);
    assert_true(nm >= 2);
    for (size_t i = 1; i < nm; i++)
        assert_true(strcmp(exctl_cls_missing(r, i - 1), exctl_cls_missing(r, i)) < 0);
    exctl_cls_result_free(r);
    const char *b[] = {"item_type", "uav", "beyond_natural_vision", "true", "endurance", "20 min",
                       "wind_gust_capability", "60 km/h"};
    r = classify(b, 4, &rc);
    assert_int_equal(exctl_cls_entry_count(r), 0);
    assert_int_equal(exctl_cls_missing_count(r), 0);
    assert_true(exctl_cls_not_controlled(r));
    exctl_cls_result_free(r);
    b[5] = "1 h";
    r = classify(b, 4, &rc);
    assert_true(has_entry(r, "9A012.a.2"));
    assert_false(exctl_cls_not_controlled(r));
    exctl_cls_result_free(r);
}

static void input_errors(void **state)
{
    (void)state;
    int rc;
    const char *a[] = {"item_type", "mmic_amplifier", "operating_frequency", "40"};
    exctl_cls_result *r = classify(a, 2, &rc);
    assert_int_equal(rc, EXCTL_EUNIT);
    assert_null(r);
    const char *b[] = {"no_such_parameter", "1"};
    r = classify(b, 1, &rc);
    assert_int_equal(rc, EXCTL_EINVAL);
    const char *c[] = {"item_type", "toaster"};
    r = classify(c, 1, &rc);
    assert_int_equal(rc, EXCTL_EINVAL);
    const char *d[] = {"cw_laser", "maybe"};
    r = classify(d, 1, &rc);
    assert_int_equal(rc, EXCTL_EINVAL);
}

static void vocabulary_documents_every_parameter(void **state)
{
    (void)state;
    for (size_t i = 0; i < exctl_classifier_param_count(K); i++) {
        const char *name, *dim, *unit, *en, *ja, *used;
        exctl_classifier_param(K, i, &name, &dim, &unit, &en, &ja, &used);
        assert_true(strlen(en) > 2);
        assert_true(strlen(ja) > 3);
        if (!used[0])
            fail_msg("parameter %s is not used by any rule", name);
        if (strcmp(used, K->params[i].used_by_file))
            fail_msg("vocabulary.tsv used_by of %s is stale; regenerate with exctl classify "
                     "--vocabulary", name);
    }
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void rules_file_errors(void **state)
{
    (void)state;
    char dir[] = "/tmp/exctl_rules_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/a.rules", dir);
    static const struct {
        const char *text;
        int rc;
        const char *msg;
    } cases[] = {
        {"rule us 3A001.a.3\n  quote x\n  when clock_frequency > 40\nend\n", EXCTL_EPARSE,
         "needs a unit"},
        {"rule us 3A001.a.3\n  quote x\n  when clock_frequency > 40 kg\nend\n", EXCTL_EPARSE,
         "not a unit of frequency"},
        {"rule us 3A001.a.3\n  quote x\n  when warp_factor > 9\nend\n", EXCTL_EPARSE,
         "unknown parameter"},
        {"rule us 3A001.a.3\n  quote exceeding 400 MHz\n  when clock_frequency > 400 MHz\nend\n",
         EXCTL_EPARSE, "not in the text"},
        {"rule us 3A001.a.99\n  quote x\n  when clock_frequency > 40 MHz\nend\n",
         EXCTL_ENOTFOUND, "not in the control lists"},
        {"rule us 3A001.a.3\n  quote x\n", EXCTL_EPARSE, "no 'end'"},
        {"rule us 3A001.a.3\n  item 99項\n  quote x\n  when clock_frequency > 40 MHz\nend\n",
         EXCTL_ENOTFOUND, "item 99項"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_file(path, cases[i].text);
        exctl_classifier *k = NULL;
        exctl_errbuf eb = {{0}};
        int rc = exctl_classifier_load(EXCTL_TEST_DATA_DIR "/classify/vocabulary.tsv", dir, CL,
                                       &k, &eb);
        assert_int_equal(rc, cases[i].rc);
        assert_null(k);
        if (!strstr(eb.msg, cases[i].msg))
            fail_msg("case %zu: '%s' lacks '%s'", i, eb.msg, cases[i].msg);
        assert_non_null(strstr(eb.msg, "a.rules"));
    }
    remove(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unit_conversion),
        cmocka_unit_test(rule_counts),
        cmocka_unit_test(every_rule_at_its_thresholds),
        cmocka_unit_test(thresholds_are_quoted),
        cmocka_unit_test(gpu_under_3a090_and_jp),
        cmocka_unit_test(crypto_notes),
        cmocka_unit_test(missing_and_not_controlled),
        cmocka_unit_test(input_errors),
        cmocka_unit_test(vocabulary_documents_every_parameter),
        cmocka_unit_test(rules_file_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
