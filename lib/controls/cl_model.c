/*
 * controls — the control-list set: entries, lookup by code, counterparts,
 * and loading of the bundled files.
 *
 * Entries are added by the format loaders in parent-before-child order; the
 * child arrays are built once at the end of loading, because the loaders do
 * not know how many children a paragraph will have until they are done.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cl.h"

const char *cl_str(exctl_controls *c, const char *s, size_t n)
{
    if (!s)
        return "";
    return xc_arena_strndup(&c->arena, s, n);
}

bool cl_is_eccn(const char *s, size_t n)
{
    return n >= 5 && s[0] >= '0' && s[0] <= '9' && s[1] >= 'A' && s[1] <= 'E' &&
           s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9' && s[4] >= '0' &&
           s[4] <= '9';
}

int exctl_cl_normalize_code(const char *code, char *out, size_t cap)
{
    xc_buf b;
    int rc = EXCTL_OK;
    size_t n;
    xc_buf_init(&b);
    if (!code || !out || cap == 0)
        return EXCTL_EINVAL;
    n = strlen(code);
    if (!xc_utf8_valid(code, n))
        return EXCTL_EUTF8;
    rc = xc_text_clean(&b, code, n);
    if (rc)
        goto out;
    const char *s = xc_buf_cstr(&b);
    if (xc_istarts(s, "us:") || xc_istarts(s, "eu:") || xc_istarts(s, "jp:"))
        s += 3;
    else if (xc_istarts(s, "eccn "))
        s += 5;
    size_t o = 0;
    for (size_t i = 0; s[i];) {
        if (s[i] == ' ') {
            i++;
            continue;
        }
        /* "の項" -> "項" (UTF-8: e3 81 ae e9 a0 85) */
        if (!strncmp(s + i, "\xe3\x81\xae\xe9\xa0\x85", 6)) {
            i += 3;
            continue;
        }
        if (o + 1 >= cap) {
            rc = EXCTL_ETOOBIG;
            goto out;
        }
        out[o++] = s[i++];
    }
    out[o] = '\0';
    bool raised = false;
    if (o >= 5 && out[1] >= 'a' && out[1] <= 'e') {
        out[1] = (char)(out[1] - 32);
        raised = true;
    }
    if (cl_is_eccn(out, o)) {
        for (size_t i = 5; i < o; i++)
            if (out[i] >= 'A' && out[i] <= 'Z')
                out[i] = (char)(out[i] + 32);
    } else if (raised) {
        out[1] = (char)(out[1] + 32); /* not an ECCN after all: restore */
    }
    char *colon = strchr(out, ':');
    for (char *p = out; colon && p < colon; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 32);
out:
    xc_buf_free(&b);
    return rc;
}

int cl_add(exctl_controls *c, exctl_numbering num, const char *code, exctl_cl_entry *parent,
           exctl_cl_entry **out, exctl_errbuf *eb)
{
    uint32_t dummy;
    size_t klen = strlen(code);
    if (xc_map_get(&c->by_code, code, klen, &dummy))
        return xc_err(eb, EXCTL_EEXISTS, "control list: duplicate code %s", code);
    if (c->n == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 1024;
        exctl_cl_entry **nv = realloc(c->v, ncap * sizeof *nv);
        if (!nv)
            return xc_err(eb, EXCTL_ENOMEM, "out of memory");
        c->v = nv;
        c->cap = ncap;
    }
    exctl_cl_entry *e = xc_arena_alloc(&c->arena, sizeof *e);
    if (!e || !(e->code = xc_arena_strdup(&c->arena, code)))
        return xc_err(eb, EXCTL_ENOMEM, "out of memory");
    e->num = num;
    e->parent = parent;
    e->title = e->title_ja = e->text = e->text_ja = e->notes = e->reasons = "";
    e->lvs = e->gbs = "";
    e->index = (uint32_t)c->n;
    if (xc_map_put(&c->by_code, e->code, klen, e->index))
        return xc_err(eb, EXCTL_ENOMEM, "out of memory");
    c->v[c->n++] = e;
    if (!parent)
        c->n_top[num]++;
    else
        parent->n_children++;
    *out = e;
    return EXCTL_OK;
}

int cl_add_cp(exctl_controls *c, exctl_cl_entry *e, exctl_numbering num, const char *code,
              const char *basis)
{
    for (cl_cp *p = e->cps; p; p = p->next)
        if (p->num == num && !strcmp(p->code, code))
            return EXCTL_OK;
    cl_cp *cp = xc_arena_alloc(&c->arena, sizeof *cp);
    if (!cp || !(cp->code = xc_arena_strdup(&c->arena, code)) ||
        !(cp->basis = xc_arena_strdup(&c->arena, basis ? basis : "")))
        return EXCTL_ENOMEM;
    cp->num = num;
    if (e->cps_tail)
        e->cps_tail->next = cp;
    else
        e->cps = cp;
    e->cps_tail = cp;
    e->n_cps++;
    return EXCTL_OK;
}

exctl_cl_entry *cl_get_mut(exctl_controls *c, const char *code)
{
    uint32_t i;
    if (!xc_map_get(&c->by_code, code, strlen(code), &i))
        return NULL;
    return c->v[i];
}

static int build_children(exctl_controls *c)
{
    for (size_t i = 0; i < c->n; i++) {
        exctl_cl_entry *e = c->v[i];
        if (e->n_children) {
            e->children = xc_arena_alloc(&c->arena, e->n_children * sizeof *e->children);
            if (!e->children)
                return EXCTL_ENOMEM;
            e->n_children = 0;
        }
    }
    for (size_t i = 0; i < c->n; i++) {
        exctl_cl_entry *e = c->v[i];
        if (e->parent)
            e->parent->children[e->parent->n_children++] = e;
    }
    return EXCTL_OK;
}

int exctl_controls_load(const exctl_controls_files *files, exctl_controls **out,
                        exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    exctl_controls *c = NULL;
    if (!files || !out)
        return xc_err(eb, EXCTL_EINVAL, "exctl_controls_load: NULL argument");
    *out = NULL;
    c = calloc(1, sizeof *c);
    if (!c)
        return xc_err(eb, EXCTL_ENOMEM, "out of memory");
    xc_arena_init(&c->arena);
    xc_map_init(&c->by_code);
    for (int i = 0; i < EXCTL_NUM_COUNT_; i++)
        c->version[i] = "";
    if (files->jp_json && (rc = cl_load_jp(c, files->jp_json, eb)))
        goto out;
    if (files->ccl_json && (rc = cl_load_ccl(c, files->ccl_json, eb)))
        goto out;
    if (files->regime_dir && (rc = cl_load_regimes(c, files->regime_dir, eb)))
        goto out;
    if (files->correspondence && (rc = cl_load_correspondence(c, files->correspondence, eb)))
        goto out;
    if ((rc = build_children(c)) || (rc = cl_index_build(c))) {
        xc_err(eb, rc, "control list: out of memory");
        goto out;
    }
    *out = c;
    c = NULL;
out:
    exctl_controls_free(c);
    return rc;
}

int exctl_controls_load_bundled(exctl_controls **out, exctl_errbuf *eb)
{
    const char *dd = exctl_data_dir();
    char *dir = xc_path_join(dd, "control");
    char *jp = dir ? xc_path_join(dir, "jp-list-control_egov-2026-02-14.json.gz") : NULL;
    char *ccl = dir ? xc_path_join(dir, "ccl_parsed_2025-07.json.gz") : NULL;
    char *corr = dir ? xc_path_join(dir, "correspondence.tsv") : NULL;
    char *reg = dir ? xc_path_join(dir, "regimes") : NULL;
    int rc;
    if (!dir || !jp || !ccl || !corr || !reg) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    exctl_controls_files f = {jp, ccl, corr, reg};
    rc = exctl_controls_load(&f, out, eb);
out:
    free(dir);
    free(jp);
    free(ccl);
    free(corr);
    free(reg);
    return rc;
}

void exctl_controls_free(exctl_controls *c)
{
    if (!c)
        return;
    cl_index_free(c->index);
    xc_map_free(&c->by_code);
    xc_arena_free(&c->arena);
    free(c->v);
    free(c);
}

const char *exctl_controls_version(const exctl_controls *c, exctl_numbering n)
{
    if (!c || n < 0 || n >= EXCTL_NUM_COUNT_)
        return "";
    return c->version[n];
}

size_t exctl_controls_count(const exctl_controls *c) { return c ? c->n : 0; }

const exctl_cl_entry *exctl_controls_at(const exctl_controls *c, size_t i)
{
    return c && i < c->n ? c->v[i] : NULL;
}

size_t exctl_controls_count_top(const exctl_controls *c, exctl_numbering n)
{
    return c && n >= 0 && n < EXCTL_NUM_COUNT_ ? c->n_top[n] : 0;
}

const exctl_cl_entry *exctl_controls_get(const exctl_controls *c, const char *code)
{
    char norm[512];
    uint32_t i;
    if (!c || !code || exctl_cl_normalize_code(code, norm, sizeof norm))
        return NULL;
    if (!xc_map_get(&c->by_code, norm, strlen(norm), &i))
        return NULL;
    return c->v[i];
}

exctl_numbering exctl_cl_entry_numbering(const exctl_cl_entry *e) { return e->num; }

const char *exctl_cl_numbering_name(exctl_numbering n)
{
    static const char *names[] = {"us-eccn", "jp-item", "jp-clause", "eu", "regime"};
    return n >= 0 && n < EXCTL_NUM_COUNT_ ? names[n] : "unknown";
}

const char *exctl_cl_entry_code(const exctl_cl_entry *e) { return e->code; }
const exctl_cl_entry *exctl_cl_entry_parent(const exctl_cl_entry *e) { return e->parent; }
size_t exctl_cl_entry_child_count(const exctl_cl_entry *e) { return e->n_children; }

const exctl_cl_entry *exctl_cl_entry_child(const exctl_cl_entry *e, size_t i)
{
    return i < e->n_children ? e->children[i] : NULL;
}

const char *exctl_cl_entry_title(const exctl_cl_entry *e) { return e->title; }
const char *exctl_cl_entry_title_ja(const exctl_cl_entry *e) { return e->title_ja; }
const char *exctl_cl_entry_text(const exctl_cl_entry *e) { return e->text; }
const char *exctl_cl_entry_text_ja(const exctl_cl_entry *e) { return e->text_ja; }
const char *exctl_cl_entry_notes(const exctl_cl_entry *e) { return e->notes; }
const char *exctl_cl_entry_reasons(const exctl_cl_entry *e) { return e->reasons; }
const char *exctl_cl_entry_lvs(const exctl_cl_entry *e) { return e->lvs; }
const char *exctl_cl_entry_gbs(const exctl_cl_entry *e) { return e->gbs; }
size_t exctl_cl_entry_counterpart_count(const exctl_cl_entry *e) { return e->n_cps; }

int exctl_cl_entry_counterpart(const exctl_cl_entry *e, size_t i, exctl_numbering *n,
                               const char **code, const char **basis)
{
    const cl_cp *p = e->cps;
    while (p && i--)
        p = p->next;
    if (!p)
        return EXCTL_ENOTFOUND;
    if (n)
        *n = p->num;
    if (code)
        *code = p->code;
    if (basis)
        *basis = p->basis;
    return EXCTL_OK;
}

/* --- regime identifiers --------------------------------------------------
 * The UK LITE files give NSG and MTCR identifiers as a hierarchy (code,
 * ACTIVE|PARENT, depth, ...). They carry no titles; they are loaded so that
 * codes resolve and counterparts can point at them. */
static int load_regime_file(exctl_controls *c, const char *dir, const char *name,
                            const char *prefix, exctl_errbuf *eb)
{
    char *path = xc_path_join(dir, name);
    char *data = NULL;
    size_t len = 0;
    int rc;
    xc_csv csv;
    xc_csv_init(&csv, "", 0, ',');
    if (!path) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = xc_read_file(path, &data, &len, eb)))
        goto out;
    xc_csv_init(&csv, data, len, ',');
    exctl_cl_entry *stack[16] = {0};
    for (;;) {
        int r = xc_csv_next(&csv, path, eb);
        if (r == 0)
            break;
        if (r < 0) {
            rc = -r;
            goto out;
        }
        size_t cl, dl;
        const char *code = xc_csv_field(&csv, 0, &cl);
        const char *depth_s = xc_csv_field(&csv, 2, &dl);
        long depth;
        if (cl == 0 || cl > 64 || xc_parse_long(depth_s, dl, 0, 15, &depth)) {
            rc = xc_err(eb, EXCTL_EPARSE, "%s:%zu: expected code,status,depth", path,
                        csv.line);
            goto out;
        }
        char full[96];
        int k = snprintf(full, sizeof full, "%s:%.*s", prefix, (int)cl, code);
        if (k < 0 || (size_t)k >= sizeof full) {
            rc = xc_err(eb, EXCTL_ETOOBIG, "%s:%zu: code too long", path, csv.line);
            goto out;
        }
        exctl_cl_entry *parent = NULL;
        for (long d = depth - 1; d >= 0 && !parent; d--)
            parent = stack[d];
        exctl_cl_entry *e;
        if ((rc = cl_add(c, EXCTL_NUM_REGIME, full, parent, &e, eb))) {
            xc_err(eb, rc, "%s:%zu: duplicate or invalid code %s", path, csv.line, full);
            goto out;
        }
        const char *fam = !strcmp(prefix, "NSG") ? (code[0] == 'T' ? "NSG Part 1 (trigger list)"
                                                                  : "NSG Part 2 (dual-use)")
                                                 : "MTCR Annex";
        e->title = fam;
        stack[depth] = e;
        for (long d = depth + 1; d < 16; d++)
            stack[d] = NULL;
    }
out:
    xc_csv_free(&csv);
    free(data);
    free(path);
    return rc;
}

int cl_load_regimes(exctl_controls *c, const char *dir, exctl_errbuf *eb)
{
    static const char *files[][2] = {{"NSG_Potential_trigger_list.csv", "NSG"},
                                     {"NSG_Dual_use.csv", "NSG"},
                                     {"MTCR_Cat_1_regimes.csv", "MTCR"},
                                     {"MTCR_Cat_2_regimes.csv", "MTCR"}};
    for (size_t i = 0; i < XC_ARRAY_LEN(files); i++) {
        int rc = load_regime_file(c, dir, files[i][0], files[i][1], eb);
        if (rc)
            return rc;
    }
    c->version[EXCTL_NUM_REGIME] = "UK LITE regime identifiers (NSG, MTCR), 2022-12-14";
    return EXCTL_OK;
}

/* --- ECCN -> JP correspondence -------------------------------------------
 * correspondence.tsv: pattern, jp item, jp clause, basis. A pattern is an
 * ECCN or paragraph code where '?' matches one character and a trailing '*'
 * any suffix. For each US entry the most specific matching row wins (most
 * literal characters), so category defaults can be refined entry by entry.
 * Rows whose pattern is a 貨物等省令 clause (第…) give that clause's 項番. */
typedef struct corr_row {
    char *pat, *item, *clause, *basis;
    size_t lit;
} corr_row;

static bool pat_match(const char *pat, const char *s)
{
    for (; *pat; pat++, s++) {
        if (*pat == '*' && pat[1] == '\0')
            return true;
        if (!*s || (*pat != '?' && *pat != *s))
            return false;
    }
    return *s == '\0';
}

int cl_load_correspondence(exctl_controls *c, const char *path, exctl_errbuf *eb)
{
    char *data = NULL;
    size_t len = 0, nrows = 0;
    corr_row *rows = NULL;
    int rc;
    xc_csv csv;
    xc_csv_init(&csv, "", 0, '\t');
    if ((rc = xc_read_file(path, &data, &len, eb)))
        goto out;
    xc_csv_init(&csv, data, len, '\t');
    csv.lazy_quotes = true;
    for (;;) {
        int r = xc_csv_next(&csv, path, eb);
        if (r == 0)
            break;
        if (r < 0) {
            rc = -r;
            goto out;
        }
        size_t l0;
        const char *f0 = xc_csv_field(&csv, 0, &l0);
        if (l0 == 0 || f0[0] == '#' || !strcmp(f0, "pattern"))
            continue;
        if (csv.nfields < 4) {
            rc = xc_err(eb, EXCTL_EPARSE, "%s:%zu: expected 4 tab-separated fields", path,
                        csv.line);
            goto out;
        }
        corr_row *nr = realloc(rows, (nrows + 1) * sizeof *rows);
        if (!nr) {
            rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
            goto out;
        }
        rows = nr;
        corr_row *row = &rows[nrows];
        size_t l;
        row->pat = xc_arena_strdup(&c->arena, f0);
        row->item = xc_arena_strdup(&c->arena, xc_csv_field(&csv, 1, &l));
        row->clause = xc_arena_strdup(&c->arena, xc_csv_field(&csv, 2, &l));
        row->basis = xc_arena_strdup(&c->arena, xc_csv_field(&csv, 3, &l));
        if (!row->pat || !row->item || !row->clause || !row->basis) {
            rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
            goto out;
        }
        row->lit = 0;
        for (const char *p = row->pat; *p; p++)
            row->lit += (*p != '?' && *p != '*');
        nrows++;
    }
    for (size_t i = 0; i < c->n; i++) {
        exctl_cl_entry *e = c->v[i];
        bool jp_clause = e->num == EXCTL_NUM_JP_CLAUSE;
        if (e->num != EXCTL_NUM_US_ECCN && !jp_clause)
            continue;
        const corr_row *best = NULL;
        for (size_t k = 0; k < nrows; k++) {
            /* rows whose pattern is a 貨物等省令 clause name that clause's 項番 */
            bool jp_row = !strncmp(rows[k].pat, "第", strlen("第"));
            if (jp_row == jp_clause && pat_match(rows[k].pat, e->code) &&
                (!best || rows[k].lit > best->lit))
                best = &rows[k];
        }
        if (!best)
            continue;
        if (jp_clause) {
            if (best->item[0] &&
                (rc = cl_add_cp(c, e, EXCTL_NUM_JP_ITEM, best->item, best->basis)))
                goto out;
            continue;
        }
        if (best->item[0] && (rc = cl_add_cp(c, e, EXCTL_NUM_JP_ITEM, best->item, best->basis)))
            goto out;
        if (best->clause[0] &&
            (rc = cl_add_cp(c, e, EXCTL_NUM_JP_CLAUSE, best->clause, best->basis)))
            goto out;
        /* the JP side points back at the most specific US entries only */
        if (best->clause[0] && strchr(best->pat, '*') == NULL) {
            exctl_cl_entry *jp = cl_get_mut(c, best->clause);
            if (jp && (rc = cl_add_cp(c, jp, EXCTL_NUM_US_ECCN, e->code, best->basis)))
                goto out;
        }
    }
out:
    if (rc == EXCTL_ENOMEM)
        xc_err(eb, rc, "out of memory");
    xc_csv_free(&csv);
    free(rows);
    free(data);
    return rc;
}
