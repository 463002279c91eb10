/*
 * classify — loading the vocabulary and the rules files, and parsing rule
 * expressions.
 *
 * Everything is validated at load, so a mistake in a rules file is reported
 * with its file and line before any item is classified: unknown parameters,
 * units of the wrong dimension, thresholds without a needed unit, and — when
 * the control lists are given — rules that cite a paragraph that does not
 * exist or quote text that the paragraph does not contain. The last check is
 * what keeps thresholds honest: a rule's quote must be the law's own words.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clf.h"

static const char *dup(exctl_classifier *k, const char *s, size_t n)
{
    return xc_arena_strndup(&k->arena, s, n);
}

int clf_load_vocabulary(exctl_classifier *k, const char *path, exctl_errbuf *eb)
{
    char *data = NULL;
    size_t len = 0, cap = 0;
    xc_csv csv;
    int rc = xc_read_file(path, &data, &len, eb);
    xc_csv_init(&csv, data ? data : "", len, '\t');
    csv.lazy_quotes = true;
    if (rc)
        goto out;
    for (;;) {
        int r = xc_csv_next(&csv, path, eb);
        if (r == 0)
            break;
        if (r < 0) {
            rc = -r;
            goto out;
        }
        size_t l[7];
        const char *f[7];
        for (int i = 0; i < 7; i++)
            f[i] = xc_csv_field(&csv, (size_t)i, &l[i]);
        if (l[0] == 0 || f[0][0] == '#' || !strcmp(f[0], "name"))
            continue;
        if (csv.nfields < 6) {
            rc = xc_err(eb, EXCTL_EPARSE, "%s:%zu: expected name, dimension, unit, values, "
                        "meaning_en, meaning_ja[, used_by]", path, csv.line);
            goto out;
        }
        if (!clf_dim_known(f[1])) {
            rc = xc_err(eb, EXCTL_EUNIT, "%s:%zu: unknown dimension '%s'", path, csv.line, f[1]);
            goto out;
        }
        if (clf_dim_physical(f[1])) {
            double fa, off;
            if (clf_unit_lookup(f[2], l[2], f[1], &fa, &off)) {
                rc = xc_err(eb, EXCTL_EUNIT, "%s:%zu: '%s' is not a unit of %s", path, csv.line,
                            f[2], f[1]);
                goto out;
            }
        }
        if (!strcmp(f[1], "enum") && l[3] == 0) {
            rc = xc_err(eb, EXCTL_EPARSE, "%s:%zu: enum parameter %s needs its values", path,
                        csv.line, f[0]);
            goto out;
        }
        uint32_t dummy;
        if (xc_map_get(&k->by_name, f[0], l[0], &dummy)) {
            rc = xc_err(eb, EXCTL_EEXISTS, "%s:%zu: parameter %s defined twice", path, csv.line,
                        f[0]);
            goto out;
        }
        if (k->n_params == cap) {
            cap = cap ? cap * 2 : 128;
            clf_param *np = realloc(k->params, cap * sizeof *np);
            if (!np) {
                rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
                goto out;
            }
            k->params = np;
        }
        clf_param *p = &k->params[k->n_params];
        p->name = dup(k, f[0], l[0]);
        p->dim = dup(k, f[1], l[1]);
        p->unit = dup(k, f[2], l[2]);
        p->values = dup(k, f[3], l[3]);
        p->en = dup(k, f[4], l[4]);
        p->ja = dup(k, f[5], l[5]);
        p->used_by_file = dup(k, f[6], l[6]);
        p->used_by = "";
        if (!p->name || !p->dim || !p->unit || !p->values || !p->en || !p->ja ||
            !p->used_by_file || xc_map_put(&k->by_name, p->name, l[0], (uint32_t)k->n_params)) {
            rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
            goto out;
        }
        k->n_params++;
    }
out:
    xc_csv_free(&csv);
    free(data);
    return rc;
}

/* --- expressions ---------------------------------------------------------
 * expr := and ('or' and)* ; and := unary ('and' unary)* ;
 * unary := 'not' unary | '(' expr ')' | NAME [op (NUMBER [UNIT] | WORD)]   */
typedef struct parser {
    exctl_classifier *k;
    const char *s;
    char *err;
    size_t errcap;
} parser;

static void skip(parser *p)
{
    while (*p->s == ' ' || *p->s == '\t')
        p->s++;
}

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           (c >= 'A' && c <= 'Z');
}

static size_t word(parser *p)
{
    skip(p);
    size_t n = 0;
    while (ident_char(p->s[n]))
        n++;
    return n;
}

static bool keyword(parser *p, const char *kw)
{
    size_t n = word(p);
    if (n == strlen(kw) && !memcmp(p->s, kw, n)) {
        p->s += n;
        return true;
    }
    return false;
}

static clf_node *node(parser *p, int kind)
{
    clf_node *n = xc_arena_alloc(&p->k->arena, sizeof *n);
    if (n)
        n->kind = kind;
    else
        snprintf(p->err, p->errcap, "out of memory");
    return n;
}

static clf_node *parse_or(parser *p);

static clf_node *parse_atom(parser *p)
{
    skip(p);
    if (*p->s == '(') {
        p->s++;
        clf_node *n = parse_or(p);
        skip(p);
        if (!n)
            return NULL;
        if (*p->s != ')') {
            snprintf(p->err, p->errcap, "expected ')' at '%.20s'", p->s);
            return NULL;
        }
        p->s++;
        return n;
    }
    size_t n = word(p);
    if (n == 0) {
        snprintf(p->err, p->errcap, "expected a parameter name at '%.20s'", p->s);
        return NULL;
    }
    uint32_t pi;
    if (!xc_map_get(&p->k->by_name, p->s, n, &pi)) {
        snprintf(p->err, p->errcap, "unknown parameter '%.*s' (not in the vocabulary)", (int)n,
                 p->s);
        return NULL;
    }
    const clf_param *par = &p->k->params[pi];
    p->s += n;
    skip(p);
    int op = -1;
    static const struct { const char *t; int op; } ops[] = {
        {">=", OP_GE}, {"<=", OP_LE}, {"!=", OP_NE}, {">", OP_GT}, {"<", OP_LT}, {"=", OP_EQ}};
    for (size_t i = 0; i < XC_ARRAY_LEN(ops) && op < 0; i++)
        if (!strncmp(p->s, ops[i].t, strlen(ops[i].t))) {
            op = ops[i].op;
            p->s += strlen(ops[i].t);
        }
    clf_node *nd;
    if (!strcmp(par->dim, "boolean")) {
        if (!(nd = node(p, CLF_BOOL)))
            return NULL;
        nd->param = pi;
        nd->sym = "yes";
        if (op >= 0) {
            size_t w = word(p);
            bool yes = (w == 3 && !memcmp(p->s, "yes", 3)) || (w == 4 && !memcmp(p->s, "true", 4));
            bool no = (w == 2 && !memcmp(p->s, "no", 2)) || (w == 5 && !memcmp(p->s, "false", 5));
            if ((op != OP_EQ && op != OP_NE) || (!yes && !no)) {
                snprintf(p->err, p->errcap, "boolean %s compares only with = yes/no", par->name);
                return NULL;
            }
            p->s += w;
            nd->sym = (yes == (op == OP_EQ)) ? "yes" : "no";
        }
        return nd;
    }
    if (op < 0) {
        snprintf(p->err, p->errcap, "%s is not a boolean: it needs a comparison", par->name);
        return NULL;
    }
    if (!strcmp(par->dim, "enum")) {
        size_t w = word(p);
        if ((op != OP_EQ && op != OP_NE) || w == 0) {
            snprintf(p->err, p->errcap, "enumeration %s compares only with = VALUE", par->name);
            return NULL;
        }
        char pat[80];
        snprintf(pat, sizeof pat, "|%.*s|", (int)(w < 60 ? w : 60), p->s);
        char all[1024];
        snprintf(all, sizeof all, "|%s|", par->values);
        if (!strstr(all, pat)) {
            snprintf(p->err, p->errcap, "'%.*s' is not a value of %s (%s)", (int)w, p->s,
                     par->name, par->values);
            return NULL;
        }
        if (!(nd = node(p, CLF_ENUM)) || !(nd->sym = dup(p->k, p->s, w)))
            return NULL;
        nd->op = op;
        nd->param = pi;
        p->s += w;
        return nd;
    }
    skip(p);
    char *end;
    double v = strtod(p->s, &end);
    if (end == p->s) {
        snprintf(p->err, p->errcap, "expected a number after %s", par->name);
        return NULL;
    }
    p->s = end;
    skip(p);
    /* a unit runs to the next space or ')' */
    size_t ul = 0;
    while (p->s[ul] && p->s[ul] != ' ' && p->s[ul] != ')' && p->s[ul] != '\t')
        ul++;
    if (ul && ((ul == 3 && !memcmp(p->s, "and", 3)) || (ul == 2 && !memcmp(p->s, "or", 2))))
        ul = 0;
    if (!(nd = node(p, CLF_CMP)))
        return NULL;
    nd->op = op;
    nd->param = pi;
    nd->literal = v;
    if (!clf_dim_physical(par->dim)) {
        if (ul) {
            snprintf(p->err, p->errcap, "%s is a plain number: unit '%.*s' not allowed",
                     par->name, (int)ul, p->s);
            return NULL;
        }
        nd->value = v;
        nd->unit = "";
        return nd;
    }
    double f, off;
    if (ul == 0) {
        snprintf(p->err, p->errcap, "threshold of %s needs a unit of %s", par->name, par->dim);
        return NULL;
    }
    if (clf_unit_lookup(p->s, ul, par->dim, &f, &off)) {
        snprintf(p->err, p->errcap, "'%.*s' is not a unit of %s (parameter %s)", (int)ul, p->s,
                 par->dim, par->name);
        return NULL;
    }
    nd->value = v * f + off;
    if (!(nd->unit = dup(p->k, p->s, ul)))
        return NULL;
    p->s += ul;
    return nd;
}

static clf_node *parse_not(parser *p)
{
    if (keyword(p, "not")) {
        clf_node *a = parse_not(p), *n;
        if (!a || !(n = node(p, CLF_NOT)))
            return NULL;
        n->a = a;
        return n;
    }
    return parse_atom(p);
}

static clf_node *parse_and(parser *p)
{
    clf_node *l = parse_not(p);
    while (l && keyword(p, "and")) {
        clf_node *r = parse_not(p), *n;
        if (!r || !(n = node(p, CLF_AND)))
            return NULL;
        n->a = l;
        n->b = r;
        l = n;
    }
    return l;
}

static clf_node *parse_or(parser *p)
{
    clf_node *l = parse_and(p);
    while (l && keyword(p, "or")) {
        clf_node *r = parse_and(p), *n;
        if (!r || !(n = node(p, CLF_OR)))
            return NULL;
        n->a = l;
        n->b = r;
        l = n;
    }
    return l;
}

int clf_parse_expr(exctl_classifier *k, const char *src, clf_node **out, char *err,
                   size_t errcap)
{
    parser p = {k, src, err, errcap};
    err[0] = '\0';
    clf_node *n = parse_or(&p);
    skip(&p);
    if (n && *p.s) {
        snprintf(err, errcap, "unexpected '%.20s'", p.s);
        n = NULL;
    }
    if (!n)
        return EXCTL_EPARSE;
    *out = n;
    return EXCTL_OK;
}

size_t clf_literals(const clf_node *n, const clf_node **out, size_t cap)
{
    if (!n)
        return 0;
    if (n->kind == CLF_CMP) {
        if (cap)
            out[0] = n;
        return 1;
    }
    size_t a = clf_literals(n->a, out, cap);
    size_t b = clf_literals(n->b, out ? out + (a < cap ? a : cap) : NULL, a < cap ? cap - a : 0);
    return a + b;
}

/* --- rules files ---------------------------------------------------------- */
static const char *trimdup(exctl_classifier *k, const char *s, size_t n)
{
    const char *t = xc_trim(s, &n);
    return dup(k, t, n);
}

static int add_rule(exctl_classifier *k, clf_rule **out)
{
    if (k->n_rules == k->cap_rules) {
        size_t nc = k->cap_rules ? k->cap_rules * 2 : 256;
        clf_rule *nr = realloc(k->rules, nc * sizeof *nr);
        if (!nr)
            return EXCTL_ENOMEM;
        k->rules = nr;
        k->cap_rules = nc;
    }
    *out = &k->rules[k->n_rules++];
    memset(*out, 0, sizeof **out);
    return EXCTL_OK;
}

static int and_into(exctl_classifier *k, clf_node **dst, clf_node *n)
{
    if (!*dst) {
        *dst = n;
        return EXCTL_OK;
    }
    clf_node *a = xc_arena_alloc(&k->arena, sizeof *a);
    if (!a)
        return EXCTL_ENOMEM;
    a->kind = CLF_AND;
    a->a = *dst;
    a->b = n;
    *dst = a;
    return EXCTL_OK;
}

int clf_load_rules_file(exctl_classifier *k, const char *path, exctl_errbuf *eb)
{
    char *data = NULL;
    size_t len = 0, lineno = 0;
    clf_rule *r = NULL;
    xc_buf when;
    xc_buf_init(&when);
    const char *fname = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    fname = dup(k, fname, strlen(fname));
    int rc = xc_read_file(path, &data, &len, eb);
    if (rc)
        goto out;
    if (!xc_utf8_valid(data, len)) {
        rc = xc_err(eb, EXCTL_EUTF8, "%s: not valid UTF-8", path);
        goto out;
    }
    for (char *p = data; p < data + len;) {
        char *nl = memchr(p, '\n', (size_t)(data + len - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(data + len - p);
        char *line = p;
        p = nl ? nl + 1 : data + len;
        lineno++;
        size_t tl = n;
        const char *t = xc_trim(line, &tl);
        if (tl == 0 || t[0] == '#')
            continue;
        size_t kl = 0;
        while (kl < tl && t[kl] != ' ' && t[kl] != '\t')
            kl++;
        const char *val = t + kl;
        size_t vl = tl - kl;
        val = xc_trim(val, &vl);
        char vbuf[4096];
        if (vl >= sizeof vbuf) {
            rc = xc_err(eb, EXCTL_ETOOBIG, "%s:%zu: line too long", path, lineno);
            goto out;
        }
        memcpy(vbuf, val, vl);
        vbuf[vl] = '\0';
        char err[256];
        if (kl == 4 && !memcmp(t, "rule", 4)) {
            if (r) {
                rc = xc_err(eb, EXCTL_EPARSE, "%s:%zu: 'rule' before 'end' of the previous rule",
                            path, lineno);
                goto out;
            }
            char *sp = strchr(vbuf, ' ');
            if (!sp || (strncmp(vbuf, "us ", 3) && strncmp(vbuf, "jp ", 3))) {
                rc = xc_err(eb, EXCTL_EPARSE, "%s:%zu: expected 'rule us|jp CODE'", path, lineno);
                goto out;
            }
            char norm[256];
            if (exctl_cl_normalize_code(sp + 1, norm, sizeof norm)) {
                rc = xc_err(eb, EXCTL_EPARSE, "%s:%zu: bad code", path, lineno);
                goto out;
            }
            if ((rc = add_rule(k, &r)))
                goto out;
            r->system = vbuf[0] == 'u' ? "us" : "jp";
            r->code = dup(k, norm, strlen(norm));
            r->file = fname;
            r->line = lineno;
            r->item = r->counterpart = r->quote = r->note = r->reasons = "";
            r->thresholds_from = "";
            when.len = 0;
            continue;
        }
        if (!r) {
            rc = xc_err(eb, EXCTL_EPARSE, "%s:%zu: '%.*s' outside a rule", path, lineno, (int)kl,
                        t);
            goto out;
        }
        if (kl == 3 && !memcmp(t, "end", 3)) {
            if (!r->when || !r->quote[0]) {
                rc = xc_err(eb, EXCTL_EPARSE, "%s:%zu: rule %s needs 'when' and 'quote'", path,
                            r->line, r->code);
                goto out;
            }
            r->when_src = dup(k, xc_buf_cstr(&when), when.len);
            r = NULL;
            continue;
        }
        if (kl == 4 && !memcmp(t, "when", 4)) {
            clf_node *nd;
            if (clf_parse_expr(k, vbuf, &nd, err, sizeof err)) {
                rc = xc_err(eb, EXCTL_EPARSE, "%s:%zu: %s", path, lineno, err);
                goto out;
            }
            if ((rc = and_into(k, &r->when, nd)))
                goto out;
            if (when.len)
                xc_buf_puts(&when, " and ");
            xc_buf_puts(&when, vbuf);
            continue;
        }
        if (kl == 6 && !memcmp(t, "unless", 6)) {
            char *bar = strstr(vbuf, " | ");
            const char *label = "";
            if (bar) {
                *bar = '\0';
                label = bar + 3;
            }
            clf_unless *u = xc_arena_alloc(&k->arena, sizeof *u);
            if (!u) {
                rc = EXCTL_ENOMEM;
                goto out;
            }
            if (clf_parse_expr(k, vbuf, &u->expr, err, sizeof err)) {
                rc = xc_err(eb, EXCTL_EPARSE, "%s:%zu: %s", path, lineno, err);
                goto out;
            }
            u->src = dup(k, vbuf, strlen(vbuf));
            u->label = dup(k, label, strlen(label));
            clf_unless **tail = &r->unless;
            while (*tail)
                tail = &(*tail)->next;
            *tail = u;
            continue;
        }
        const char **field = NULL;
        if (kl == 5 && !memcmp(t, "quote", 5))
            field = &r->quote;
        else if (kl == 4 && !memcmp(t, "item", 4))
            field = &r->item;
        else if (kl == 11 && !memcmp(t, "counterpart", 11))
            field = &r->counterpart;
        else if (kl == 4 && !memcmp(t, "note", 4))
            field = &r->note;
        else if (kl == 7 && !memcmp(t, "reasons", 7))
            field = &r->reasons;
        else if (kl == 15 && !memcmp(t, "thresholds_from", 15))
            field = &r->thresholds_from;
        if (!field) {
            rc = xc_err(eb, EXCTL_EPARSE, "%s:%zu: unknown key '%.*s'", path, lineno, (int)kl, t);
            goto out;
        }
        if (**field) { /* repeated key: continue the text on a new line */
            char *joined = NULL;
            size_t a = strlen(*field);
            joined = xc_arena_alloc(&k->arena, a + vl + 2);
            if (!joined) {
                rc = EXCTL_ENOMEM;
                goto out;
            }
            memcpy(joined, *field, a);
            joined[a] = ' ';
            memcpy(joined + a + 1, vbuf, vl + 1);
            *field = joined;
        } else {
            *field = trimdup(k, vbuf, vl);
        }
        if (field == &r->item || field == &r->counterpart || field == &r->thresholds_from) {
            char norm[256];
            if (exctl_cl_normalize_code(*field, norm, sizeof norm) == EXCTL_OK)
                *field = dup(k, norm, strlen(norm));
        }
    }
    if (r)
        rc = xc_err(eb, EXCTL_EPARSE, "%s:%zu: rule %s has no 'end'", path, r->line, r->code);
out:
    if (rc == EXCTL_ENOMEM)
        xc_err(eb, rc, "out of memory");
    xc_buf_free(&when);
    free(data);
    return rc;
}

/* Whitespace-collapsed, markdown '*' removed, for quote comparison. */
static void squash(xc_buf *b, const char *s)
{
    b->len = 0;
    bool sp = false;
    for (; *s; s++) {
        char c = *s;
        if (c == '*')
            continue;
        if (c == ' ' || c == '\n' || c == '\t') {
            sp = true;
            continue;
        }
        if (sp && b->len)
            xc_buf_putc(b, ' ');
        sp = false;
        xc_buf_putc(b, c);
    }
    xc_buf_cstr(b);
}

static bool quote_in(const exctl_cl_entry *e, const char *quote, xc_buf *hay, xc_buf *needle)
{
    xc_buf all;
    xc_buf_init(&all);
    xc_buf_puts(&all, exctl_cl_entry_text(e));
    xc_buf_putc(&all, '\n');
    xc_buf_puts(&all, exctl_cl_entry_notes(e));
    xc_buf_putc(&all, '\n');
    xc_buf_puts(&all, exctl_cl_entry_text_ja(e));
    squash(hay, xc_buf_cstr(&all));
    squash(needle, quote);
    bool ok = strstr(xc_buf_cstr(hay), xc_buf_cstr(needle)) != NULL;
    xc_buf_free(&all);
    return ok;
}

static void mark_used(clf_param *ps, const clf_node *n, bool *used)
{
    if (!n)
        return;
    if (n->kind == CLF_CMP || n->kind == CLF_BOOL || n->kind == CLF_ENUM)
        used[n->param] = true;
    mark_used(ps, n->a, used);
    mark_used(ps, n->b, used);
}

int clf_check_rules(exctl_classifier *k, exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    xc_buf hay, needle;
    xc_buf_init(&hay);
    xc_buf_init(&needle);
    bool *used = calloc(k->n_params ? k->n_params : 1, sizeof *used);
    xc_buf *ub = calloc(k->n_params ? k->n_params : 1, sizeof *ub);
    if (!used || !ub) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < k->n_rules; i++) {
        const clf_rule *r = &k->rules[i];
        if (k->cl) {
            const exctl_cl_entry *e = exctl_controls_get(k->cl, r->code);
            if (!e) {
                rc = xc_err(eb, EXCTL_ENOTFOUND, "%s:%zu: rule cites %s, which is not in the "
                            "control lists", r->file, r->line, r->code);
                goto out;
            }
            if ((r->item[0] && !exctl_controls_get(k->cl, r->item)) ||
                (r->counterpart[0] && !exctl_controls_get(k->cl, r->counterpart))) {
                rc = xc_err(eb, EXCTL_ENOTFOUND, "%s:%zu: item %s or counterpart %s of rule %s "
                            "is not in the control lists", r->file, r->line, r->item,
                            r->counterpart, r->code);
                goto out;
            }
            if (r->thresholds_from[0] && !exctl_controls_get(k->cl, r->thresholds_from)) {
                rc = xc_err(eb, EXCTL_ENOTFOUND, "%s:%zu: thresholds_from %s is not in the "
                            "control lists", r->file, r->line, r->thresholds_from);
                goto out;
            }
            if (!quote_in(e, r->quote, &hay, &needle)) {
                rc = xc_err(eb, EXCTL_EPARSE, "%s:%zu: the quote of rule %s is not in the text "
                            "of %s", r->file, r->line, r->code, r->code);
                goto out;
            }
        }
        memset(used, 0, k->n_params * sizeof *used);
        mark_used(k->params, r->when, used);
        for (const clf_unless *u = r->unless; u; u = u->next)
            mark_used(k->params, u->expr, used);
        for (size_t p = 0; p < k->n_params; p++) {
            if (!used[p])
                continue;
            char key[300];
            snprintf(key, sizeof key, " %s ", r->code);
            xc_buf_putc(&ub[p], ' ');
            bool dupl = strstr(xc_buf_cstr(&ub[p]), key) != NULL;
            ub[p].len--;
            if (!dupl) {
                if (ub[p].len)
                    xc_buf_putc(&ub[p], ' ');
                xc_buf_puts(&ub[p], r->code);
            }
        }
    }
    for (size_t p = 0; p < k->n_params; p++)
        k->params[p].used_by = dup(k, xc_buf_cstr(&ub[p]), ub[p].len);
out:
    for (size_t p = 0; ub && p < k->n_params; p++)
        xc_buf_free(&ub[p]);
    free(ub);
    free(used);
    xc_buf_free(&hay);
    xc_buf_free(&needle);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int exctl_classifier_load(const char *vocabulary, const char *rules_dir,
                          const exctl_controls *cl, exctl_classifier **out, exctl_errbuf *eb)
{
    exctl_classifier *k = NULL;
    char **names = NULL;
    size_t nn = 0;
    DIR *d = NULL;
    xc_buf ver;
    xc_buf_init(&ver);
    int rc = EXCTL_OK;
    if (!vocabulary || !rules_dir || !out)
        return xc_err(eb, EXCTL_EINVAL, "exctl_classifier_load: NULL argument");
    *out = NULL;
    k = calloc(1, sizeof *k);
    if (!k)
        return xc_err(eb, EXCTL_ENOMEM, "out of memory");
    xc_arena_init(&k->arena);
    xc_map_init(&k->by_name);
    k->cl = cl;
    if ((rc = clf_load_vocabulary(k, vocabulary, eb)))
        goto out;
    d = opendir(rules_dir);
    if (!d) {
        rc = xc_err(eb, EXCTL_EIO, "%s: cannot open the rules directory", rules_dir);
        goto out;
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (l < 7 || strcmp(de->d_name + l - 6, ".rules"))
            continue;
        char **nv = realloc(names, (nn + 1) * sizeof *nv);
        if (!nv || !(nv[nn] = xc_path_join(rules_dir, de->d_name))) {
            if (nv)
                names = nv;
            rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
            goto out;
        }
        names = nv;
        nn++;
    }
    qsort(names, nn, sizeof *names, cmp_str);
    for (size_t i = 0; i < nn; i++) {
        if ((rc = clf_load_rules_file(k, names[i], eb)))
            goto out;
        char *data = NULL;
        size_t len = 0;
        char hex[65];
        if ((rc = xc_read_file(names[i], &data, &len, eb)))
            goto out;
        xc_sha256_hex(data, len, hex);
        free(data);
        xc_buf_printf(&ver, "%s%s:%.12s", ver.len ? " " : "", strrchr(names[i], '/') + 1, hex);
    }
    if ((rc = clf_check_rules(k, eb)))
        goto out;
    k->version = dup(k, xc_buf_cstr(&ver), ver.len);
    *out = k;
    k = NULL;
out:
    if (d)
        closedir(d);
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    free(names);
    xc_buf_free(&ver);
    exctl_classifier_free(k);
    return rc;
}

int exctl_classifier_load_bundled(const exctl_controls *cl, exctl_classifier **out,
                                  exctl_errbuf *eb)
{
    char *dir = xc_path_join(exctl_data_dir(), "classify");
    char *voc = dir ? xc_path_join(dir, "vocabulary.tsv") : NULL;
    char *rules = dir ? xc_path_join(dir, "rules") : NULL;
    int rc = (dir && voc && rules) ? exctl_classifier_load(voc, rules, cl, out, eb)
                                   : xc_err(eb, EXCTL_ENOMEM, "out of memory");
    free(dir);
    free(voc);
    free(rules);
    return rc;
}

void exctl_classifier_free(exctl_classifier *k)
{
    if (!k)
        return;
    free(k->params);
    free(k->rules);
    xc_map_free(&k->by_name);
    xc_arena_free(&k->arena);
    free(k);
}

const char *exctl_classifier_version(const exctl_classifier *k)
{
    return k && k->version ? k->version : "";
}

size_t exctl_classifier_param_count(const exctl_classifier *k) { return k ? k->n_params : 0; }

int exctl_classifier_param(const exctl_classifier *k, size_t i, const char **name,
                           const char **dimension, const char **unit, const char **meaning_en,
                           const char **meaning_ja, const char **used_by)
{
    if (!k || i >= k->n_params)
        return EXCTL_ENOTFOUND;
    const clf_param *p = &k->params[i];
    if (name)
        *name = p->name;
    if (dimension)
        *dimension = p->dim;
    if (unit)
        *unit = p->unit;
    if (meaning_en)
        *meaning_en = p->en;
    if (meaning_ja)
        *meaning_ja = p->ja;
    if (used_by)
        *used_by = p->used_by;
    return EXCTL_OK;
}

const char *exctl_classifier_param_values(const exctl_classifier *k, size_t i)
{
    return k && i < k->n_params ? k->params[i].values : "";
}

size_t exctl_classifier_rule_count(const exctl_classifier *k) { return k ? k->n_rules : 0; }

int exctl_classifier_rule(const exctl_classifier *k, size_t i, const char **system,
                          const char **code, const char **jp_item, const char **counterpart,
                          const char **quote, const char **condition)
{
    if (!k || i >= k->n_rules)
        return EXCTL_ENOTFOUND;
    const clf_rule *r = &k->rules[i];
    if (system)
        *system = r->system;
    if (code)
        *code = r->code;
    if (jp_item)
        *jp_item = r->item;
    if (counterpart)
        *counterpart = r->counterpart;
    if (quote)
        *quote = r->quote;
    if (condition)
        *condition = r->when_src;
    return EXCTL_OK;
}
