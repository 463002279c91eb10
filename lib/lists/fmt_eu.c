/*
 * EU Financial Sanctions Files, CSV ("eu-fsf-csv").
 *
 * Two layouts share this loader because they share the column names:
 *
 * - the official FSF CSV 1.1: ';'-separated, one row per entity and
 *   sub-element (a name alias, an address, a birth date, an identification or
 *   a citizenship), with ISO country codes and identifier type codes in their
 *   own columns;
 * - the "processed" pair bundled with exctl: ','-separated, one row per
 *   entity with each sub-element column's values joined by ":::", plus a
 *   sibling "..._namealias_..." file with one row per alias (which carries
 *   the aliases' original scripts and the entity remarks).
 *
 * Columns are found by header name, so either layout (and column subsets of
 * them) loads through the same row handler: every cell is split on ":::"
 * (a no-op for the official layout) and the values of one sub-element's
 * columns are zipped by position. The processed file's columns are not
 * always aligned (an address may have a city and no street), so zipping is
 * "longest wins": nothing is dropped, at worst two halves of an address are
 * reported as two addresses.
 *
 * The FSF has no primary-name flag: the first alias of an entity is taken as
 * its primary name and the rest as a.k.a.s.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"

enum {
    E_ID, E_REF, E_TYPE, E_TYPE_CODE, E_REMARK, E_DESIG_DATE, E_PROGRAMME,
    N_WHOLE, N_LANG, N_GENDER, N_TITLE, N_FUNCTION,
    A_STREET, A_POBOX, A_ZIP, A_CITY, A_PLACE, A_REGION, A_COUNTRY_DESC, A_COUNTRY,
    A_REMARK,
    B_DATE, B_PLACE, B_CITY, B_REGION, B_COUNTRY_DESC, B_COUNTRY,
    I_NUMBER, I_TYPE, I_TYPE_DESC, I_COUNTRY, I_COUNTRY_DESC, I_REMARK,
    C_COUNTRY, C_COUNTRY_DESC, C_REMARK, F_DATE,
    COL_COUNT
};

static const char *const headers[COL_COUNT] = {
    "Entity_LogicalId", "Entity_EU_ReferenceNumber", "Entity_SubjectType",
    "Entity_SubjectType_ClassificationCode", "Entity_Remark", "Entity_DesignationDate",
    "Entity_Regulation_Programme",
    "NameAlias_WholeName", "NameAlias_NameLanguage", "NameAlias_Gender", "NameAlias_Title",
    "NameAlias_Function",
    "Address_Street", "Address_PoBox", "Address_ZipCode", "Address_City", "Address_Place",
    "Address_Region", "Address_CountryDescription", "Address_CountryIso2Code",
    "Address_Remark",
    "BirthDate_BirthDate", "BirthDate_Place", "BirthDate_City", "BirthDate_Region",
    "BirthDate_CountryDescription", "BirthDate_CountryIso2Code",
    "Identification_Number", "Identification_TypeCode", "Identification_TypeDescription",
    "Identification_CountryIso2Code", "Identification_CountryDescription",
    "Identification_Remark",
    "Citizenship_CountryIso2Code", "Citizenship_CountryDescription", "Citizenship_Remark",
    "fileGenerationDate",
};

#define EU_SEP ":::"
#define EU_MAXV 64   /* values per cell after splitting */

typedef struct eu_ctx {
    xc_load *ld;
    const char *file;        /* file being read, for messages */
    int col[COL_COUNT];
    xc_buf b, note;
} eu_ctx;

typedef struct vals {
    size_t n;
    const char *s[EU_MAXV];
    size_t len[EU_MAXV];
} vals;

/* Split cell k of the current row on ":::". Values beyond EU_MAXV are
 * appended to the last one (never dropped). */
static void split(const eu_ctx *u, const xc_csv *c, int k, vals *v)
{
    v->n = 0;
    if (u->col[k] < 0)
        return;
    size_t n;
    const char *s = xc_csv_field(c, (size_t)u->col[k], &n);
    const char *end = s + n;
    while (s <= end) {
        const char *q = s;
        while (q + 3 <= end && memcmp(q, EU_SEP, 3))
            q++;
        if (q + 3 > end)
            q = end;
        if (v->n == EU_MAXV) {
            v->len[EU_MAXV - 1] = (size_t)(end - v->s[EU_MAXV - 1]);
            break;
        }
        size_t len = (size_t)(q - s);
        const char *t = xc_trim(s, &len);
        v->s[v->n] = t;
        v->len[v->n] = len;
        v->n++;
        if (q == end)
            break;
        s = q + 3;
    }
    /* A cell that is only blanks has no values. */
    if (v->n == 1 && !v->len[0])
        v->n = 0;
}

static const char *one(const eu_ctx *u, const xc_csv *c, int k, size_t *n)
{
    if (u->col[k] < 0) {
        *n = 0;
        return "";
    }
    const char *s = xc_csv_field(c, (size_t)u->col[k], n);
    return xc_trim(s, n);
}

/* Join value i of each listed column with ", " into u->b. */
static int zip_join(eu_ctx *u, vals *vs, size_t nv, size_t i)
{
    u->b.len = 0;
    for (size_t k = 0; k < nv; k++) {
        if (i >= vs[k].n || !vs[k].len[i])
            continue;
        int rc = EXCTL_OK;
        if (u->b.len)
            rc = xc_buf_puts(&u->b, ", ");
        if (rc || (rc = xc_buf_append(&u->b, vs[k].s[i], vs[k].len[i])))
            return rc;
    }
    return EXCTL_OK;
}

static size_t max_n(const vals *vs, size_t nv)
{
    size_t m = 0;
    for (size_t k = 0; k < nv; k++)
        if (vs[k].n > m)
            m = vs[k].n;
    return m;
}

/* Countries: the ISO column when present, else the description. */
static int add_countries(eu_ctx *u, const xc_csv *c, exctl_entity *e, int iso, int desc,
                         exctl_country_role role)
{
    vals v;
    split(u, c, iso, &v);
    if (!v.n)
        split(u, c, desc, &v);
    for (size_t i = 0; i < v.n; i++) {
        int rc = xc_ent_country(e, role, v.s[i], v.len[i]);
        if (rc)
            return rc;
    }
    return EXCTL_OK;
}

/* The alias file repeats each entity's remark and function on every alias
 * row, and most aliases are already known from the main file. Text that
 * equals a stored (cleaned) value would clean to that same value, so
 * skipping it is exact and saves cleaning and arena copies. */
/* True when the NUL-terminated t equals the n bytes at s. Compares lengths
 * first so that a short t is never read past its terminator. */
static bool same_text(const char *t, const char *s, size_t n)
{
    return strlen(t) == n && memcmp(t, s, n) == 0;
}

static bool known_field(const exctl_entity *e, exctl_field f, const char *s, size_t n)
{
    const xc_strs *v = &e->fields[f];
    for (uint32_t i = 0; i < v->n; i++)
        if (same_text(v->v[i], s, n))
            return true;
    return false;
}

static int add_field(exctl_entity *e, exctl_field f, const char *s, size_t n)
{
    return known_field(e, f, s, n) ? EXCTL_OK : xc_ent_field(e, f, s, n);
}

static int add_name(exctl_entity *e, exctl_name_kind k, const char *s, size_t n,
                    const char *lang)
{
    for (uint32_t i = 0; i < e->n_names; i++) {
        xc_name *nm = &e->names[i];
        if (!same_text(nm->text, s, n))
            continue;
        /* Known: apply the model's merge rule (the stronger kind wins, an
         * original-script form never demotes) without re-cleaning. */
        exctl_name_kind eff = k;
        if (k == EXCTL_NAME_AKA && strcmp(xc_name_script(nm), "Latn") &&
            strcmp(xc_name_script(nm), "Zyyy"))
            eff = EXCTL_NAME_ORIGINAL;
        if (eff < nm->kind && eff != EXCTL_NAME_ORIGINAL)
            nm->kind = (uint8_t)eff;
        return EXCTL_OK;
    }
    uint32_t before = e->n_names;
    int rc = xc_ent_name(e, k, s, n, lang);
    /* Aliases in a non-Latin script are the name in its original script. */
    if (!rc && e->n_names > before && k == EXCTL_NAME_AKA) {
        xc_name *nm = &e->names[e->n_names - 1];
        if (strcmp(xc_name_script(nm), "Latn") && strcmp(xc_name_script(nm), "Zyyy"))
            nm->kind = EXCTL_NAME_ORIGINAL;
    }
    return rc;
}

static int do_names(eu_ctx *u, const xc_csv *c, exctl_entity *e)
{
    vals names, langs, v;
    split(u, c, N_WHOLE, &names);
    split(u, c, N_LANG, &langs);
    int rc;
    for (size_t i = 0; i < names.n; i++) {
        char lang[16] = "";
        if (i < langs.n && langs.len[i] < sizeof lang) {
            memcpy(lang, langs.s[i], langs.len[i]);
            lang[langs.len[i]] = '\0';
        }
        exctl_name_kind k = e->n_names == 0 ? EXCTL_NAME_PRIMARY : EXCTL_NAME_AKA;
        if ((rc = add_name(e, k, names.s[i], names.len[i], lang)))
            return rc;
    }
    static const int titles[] = {N_TITLE, N_FUNCTION};
    for (size_t t = 0; t < XC_ARRAY_LEN(titles); t++) {
        split(u, c, titles[t], &v);
        for (size_t i = 0; i < v.n; i++)
            if ((rc = add_field(e, EXCTL_FIELD_TITLE, v.s[i], v.len[i])))
                return rc;
    }
    split(u, c, N_GENDER, &v);
    for (size_t i = 0; i < v.n; i++) {
        const char *g = v.s[i];
        size_t gl = v.len[i];
        if (gl == 1 && (*g == 'M' || *g == 'F')) {
            g = *g == 'M' ? "male" : "female";
            gl = strlen(g);
        }
        if ((rc = add_field(e, EXCTL_FIELD_GENDER, g, gl)))
            return rc;
    }
    return EXCTL_OK;
}

static int do_addresses(eu_ctx *u, const xc_csv *c, exctl_entity *e)
{
    static const int cols[] = {A_STREET, A_POBOX, A_ZIP, A_CITY, A_PLACE, A_REGION,
                               A_COUNTRY_DESC, A_REMARK};
    vals vs[XC_ARRAY_LEN(cols)];
    for (size_t k = 0; k < XC_ARRAY_LEN(cols); k++)
        split(u, c, cols[k], &vs[k]);
    size_t m = max_n(vs, XC_ARRAY_LEN(cols));
    int rc;
    for (size_t i = 0; i < m; i++)
        if ((rc = zip_join(u, vs, XC_ARRAY_LEN(cols), i)) ||
            (rc = xc_ent_field(e, EXCTL_FIELD_ADDRESS, u->b.data, u->b.len)))
            return rc;
    return add_countries(u, c, e, A_COUNTRY, A_COUNTRY_DESC, EXCTL_COUNTRY_ADDRESS);
}

static int do_birth(eu_ctx *u, const xc_csv *c, exctl_entity *e)
{
    vals v;
    int rc;
    split(u, c, B_DATE, &v);
    for (size_t i = 0; i < v.n; i++) {
        rc = xc_ent_birth_date(e, v.s[i], v.len[i], false);
        if (rc)
            return rc;
    }
    static const int cols[] = {B_PLACE, B_CITY, B_REGION, B_COUNTRY_DESC};
    vals vs[XC_ARRAY_LEN(cols)];
    for (size_t k = 0; k < XC_ARRAY_LEN(cols); k++)
        split(u, c, cols[k], &vs[k]);
    size_t m = max_n(vs, XC_ARRAY_LEN(cols));
    for (size_t i = 0; i < m; i++)
        if ((rc = zip_join(u, vs, XC_ARRAY_LEN(cols), i)) ||
            (rc = xc_ent_field(e, EXCTL_FIELD_BIRTH_PLACE, u->b.data, u->b.len)))
            return rc;
    return add_countries(u, c, e, B_COUNTRY, B_COUNTRY_DESC, EXCTL_COUNTRY_BIRTH);
}

static exctl_id_type id_type(const char *s, size_t n)
{
    static const struct { const char *code; exctl_id_type t; } tab[] = {
        {"passport", EXCTL_ID_PASSPORT}, {"id", EXCTL_ID_NATIONAL},
        {"ssn", EXCTL_ID_NATIONAL}, {"fiscalcode", EXCTL_ID_TAX},
        {"taxid", EXCTL_ID_TAX}, {"euvat", EXCTL_ID_TAX},
        {"regnumber", EXCTL_ID_REGISTRATION}, {"imo", EXCTL_ID_IMO},
        {"swiftbic", EXCTL_ID_SWIFT_BIC},
    };
    for (size_t i = 0; i < XC_ARRAY_LEN(tab); i++)
        if (strlen(tab[i].code) == n && !memcmp(tab[i].code, s, n))
            return tab[i].t;
    return EXCTL_ID_OTHER;
}

/* Processed layout: "488555 (passport-National passport) ((afghan passport))". */
static int ident_embedded(eu_ctx *u, exctl_entity *e, const char *s, size_t n,
                          const char *country)
{
    const char *open = NULL;
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] == '(' && s[i + 1] != '(') {
            const char *dash = memchr(s + i, '-', n - i);
            const char *close = memchr(s + i, ')', n - i);
            if (dash && close && dash < close) {
                open = s + i;
                break;
            }
        }
    }
    if (!open)
        return xc_ent_ident(e, EXCTL_ID_OTHER, s, n, country, NULL);
    size_t vn = (size_t)(open - s);
    const char *v = xc_trim(s, &vn);
    const char *dash = memchr(open, '-', n - (size_t)(open - s));
    const char *close = memchr(open, ')', n - (size_t)(open - s));
    exctl_id_type t = id_type(open + 1, (size_t)(dash - open - 1));
    /* Note: the type description plus anything after it. */
    u->note.len = 0;
    int rc = xc_buf_append(&u->note, dash + 1, (size_t)(close - dash - 1));
    size_t rn = n - (size_t)(close + 1 - s);
    const char *rest = xc_trim(close + 1, &rn);
    if (!rc && rn && !(rc = xc_buf_puts(&u->note, " ")))
        rc = xc_buf_append(&u->note, rest, rn);
    if (rc)
        return rc;
    if (!vn)
        return EXCTL_OK;
    return xc_ent_ident(e, t, v, vn, country, xc_buf_cstr(&u->note));
}

static int do_idents(eu_ctx *u, const xc_csv *c, exctl_entity *e)
{
    vals num, type, desc, cty, rem;
    split(u, c, I_NUMBER, &num);
    split(u, c, I_TYPE, &type);
    split(u, c, I_TYPE_DESC, &desc);
    split(u, c, I_COUNTRY, &cty);
    if (!cty.n)
        split(u, c, I_COUNTRY_DESC, &cty);
    split(u, c, I_REMARK, &rem);
    for (size_t i = 0; i < num.n; i++) {
        char country[64] = "";
        if (i < cty.n && cty.len[i] < sizeof country) {
            memcpy(country, cty.s[i], cty.len[i]);
            country[cty.len[i]] = '\0';
        }
        int rc;
        if (!type.n) {
            rc = ident_embedded(u, e, num.s[i], num.len[i], country);
        } else {
            exctl_id_type t = i < type.n ? id_type(type.s[i], type.len[i]) : EXCTL_ID_OTHER;
            vals parts[2] = {desc, rem};
            rc = zip_join(u, parts, 2, i);
            if (!rc)
                rc = xc_ent_ident(e, t, num.s[i], num.len[i], country, xc_buf_cstr(&u->b));
        }
        if (rc)
            return rc;
    }
    return EXCTL_OK;
}

static int do_citizenship(eu_ctx *u, const xc_csv *c, exctl_entity *e)
{
    int rc = add_countries(u, c, e, C_COUNTRY, C_COUNTRY_DESC, EXCTL_COUNTRY_CITIZENSHIP);
    vals v;
    split(u, c, C_REMARK, &v);
    /* The processed layout dropped the country columns; its remarks often
     * are the country's name. */
    for (size_t i = 0; i < v.n && !rc; i++) {
        if (xc_country_code(v.s[i], v.len[i]))
            rc = xc_ent_country(e, EXCTL_COUNTRY_CITIZENSHIP, v.s[i], v.len[i]);
        else
            rc = xc_ent_field(e, EXCTL_FIELD_REMARK, v.s[i], v.len[i]);
    }
    return rc;
}

static int set_schema(exctl_entity *e, const char *t, size_t n)
{
    if ((n == 1 && *t == 'P') || (n == 6 && !memcmp(t, "person", 6)))
        e->schema = EXCTL_SCHEMA_PERSON;
    else if ((n == 1 && *t == 'E') || (n == 10 && !memcmp(t, "enterprise", 10)))
        e->schema = EXCTL_SCHEMA_ORGANIZATION;
    else if (n == 0)
        e->schema = EXCTL_SCHEMA_UNKNOWN;
    else
        return EXCTL_EPARSE;
    return EXCTL_OK;
}

static int bad(eu_ctx *u, size_t line, int rc, const char *msg)
{
    const char *saved = u->ld->path;
    u->ld->path = u->file;
    rc = xc_load_bad(u->ld, line, rc, "%s", msg);
    u->ld->path = saved;
    return rc;
}

/* One row of either file. `alias_file` rows only add names and remarks to
 * entities of the main file. */
static int row(eu_ctx *u, xc_csv *c, bool alias_file)
{
    for (size_t i = 0; i < c->nfields; i++) {
        size_t n;
        const char *s = xc_csv_field(c, i, &n);
        if (!xc_utf8_valid(s, n))
            return bad(u, c->line, EXCTL_EUTF8, "invalid UTF-8");
    }
    size_t idn, tn;
    const char *id = one(u, c, E_ID, &idn);
    if (!idn)
        return bad(u, c->line, EXCTL_EPARSE, "empty Entity_LogicalId");
    const char *t = one(u, c, E_TYPE, &tn);
    if (!tn)
        t = one(u, c, E_TYPE_CODE, &tn);
    exctl_entity probe = {0};
    if (set_schema(&probe, t, tn))
        return bad(u, c->line, EXCTL_EPARSE, "unknown Entity_SubjectType");
    exctl_entity *e;
    if (alias_file) {
        e = xc_ent_find(u->ld->list, id, idn);
        if (!e)
            return bad(u, c->line, EXCTL_EPARSE, "alias of an entity not in the main file");
    } else {
        bool created;
        e = xc_ent_get(u->ld->list, id, idn, &created);
        if (!e)
            return EXCTL_ENOMEM;
        if (created || !e->schema)
            e->schema = probe.schema;
    }
    int rc;
    size_t n;
    const char *s = one(u, c, E_REF, &n);
    bool known_ref = false;
    for (uint32_t i = 0; i < e->n_idents && !known_ref; i++)
        known_ref = !strncmp(e->idents[i].value, s, n) && e->idents[i].value[n] == '\0';
    if (!known_ref && (rc = xc_ent_ident(e, EXCTL_ID_OTHER, s, n, NULL, "EU reference number")))
        return rc;
    s = one(u, c, E_REMARK, &n);
    if ((rc = add_field(e, EXCTL_FIELD_REMARK, s, n)))
        return rc;
    s = one(u, c, E_PROGRAMME, &n);
    if ((rc = add_field(e, EXCTL_FIELD_PROGRAM, s, n)))
        return rc;
    s = one(u, c, F_DATE, &n);
    char d[11];
    if (n && !*u->ld->list->date && xc_date_norm(s, n, false, d) == EXCTL_OK &&
        (rc = xc_list_meta(u->ld->list, "date", d)))
        return rc;
    s = one(u, c, E_DESIG_DATE, &n);
    if (n && !*xc_ent_listed(e) && (rc = xc_ent_listed_on(e, s, n)))
        return rc;
    if ((rc = do_names(u, c, e)))
        return rc;
    if (alias_file)
        return EXCTL_OK;
    if ((rc = do_addresses(u, c, e)) || (rc = do_birth(u, c, e)) ||
        (rc = do_idents(u, c, e)) || (rc = do_citizenship(u, c, e)))
        return rc;
    return EXCTL_OK;
}

static int read_header(eu_ctx *u, xc_csv *c)
{
    for (int k = 0; k < COL_COUNT; k++)
        u->col[k] = -1;
    for (size_t i = 0; i < c->nfields; i++) {
        size_t n;
        const char *s = xc_trim(xc_csv_field(c, i, &n), &n);
        for (int k = 0; k < COL_COUNT; k++)
            if (u->col[k] < 0 && strlen(headers[k]) == n && !memcmp(headers[k], s, n))
                u->col[k] = (int)i;
    }
    if (u->col[E_ID] < 0 || u->col[N_WHOLE] < 0)
        return xc_err(u->ld->eb, EXCTL_EPARSE,
                      "%s:%zu: header lacks Entity_LogicalId or NameAlias_WholeName",
                      u->file, c->line);
    return EXCTL_OK;
}

/* Separator of a header line: ';' (official) or ',' (processed). */
static char header_sep(const char *data, size_t len)
{
    const char *eol = memchr(data, '\n', len);
    size_t n = eol ? (size_t)(eol - data) : len;
    size_t semi = 0, comma = 0;
    for (size_t i = 0; i < n; i++) {
        semi += data[i] == ';';
        comma += data[i] == ',';
    }
    return semi > comma ? ';' : ',';
}

static int read_file(eu_ctx *u, const char *file, const char *data, size_t len,
                     bool alias_file)
{
    xc_csv c;
    xc_csv_init(&c, data, len, header_sep(data, len));
    u->file = file;
    int rc = EXCTL_OK, r = xc_csv_next(&c, file, u->ld->eb);
    if (r <= 0) {
        rc = r < 0 ? -r : xc_err(u->ld->eb, EXCTL_EPARSE, "%s: empty file", file);
        goto out;
    }
    if ((rc = read_header(u, &c)))
        goto out;
    while ((r = xc_csv_next(&c, file, u->ld->eb)) > 0) {
        u->ld->list->rows++;
        if ((rc = row(u, &c, alias_file))) {
            if (rc == EXCTL_ENOMEM)
                xc_err(u->ld->eb, rc, "%s:%zu: out of memory", file, c.line);
            goto out;
        }
    }
    if (r < 0)
        rc = -r;
out:
    xc_csv_free(&c);
    return rc;
}

/* "..._entities_selectcols_<date>..." -> "..._namealias_<date>...". */
static char *alias_path(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    static const char *const stems[] = {"entities_selectcols", "entities"};
    for (size_t i = 0; i < XC_ARRAY_LEN(stems); i++) {
        const char *p = strstr(base, stems[i]);
        if (!p)
            continue;
        size_t pre = (size_t)(p - path), sl = strlen(stems[i]), rest = strlen(p + sl);
        char *out = malloc(pre + 9 + rest + 1);
        if (!out)
            return NULL;
        memcpy(out, path, pre);
        memcpy(out + pre, "namealias", 9);
        memcpy(out + pre + 9, p + sl, rest + 1);
        if (xc_file_exists(out))
            return out;
        free(out);
    }
    return NULL;
}

static int load(xc_load *ctx)
{
    eu_ctx u = {.ld = ctx};
    xc_buf_init(&u.b);
    xc_buf_init(&u.note);
    char *apath = NULL, *adata = NULL;
    size_t alen = 0;
    int rc = read_file(&u, ctx->path, ctx->data, ctx->len, false);
    if (rc)
        goto out;
    if ((apath = alias_path(ctx->path))) {
        if ((rc = xc_load_sibling(ctx, apath, &adata, &alen)) ||
            (rc = read_file(&u, apath, adata, alen, true)))
            goto out;
    }
    if (ctx->list->n_ents == 0)
        rc = xc_load_bad(ctx, 0, EXCTL_EPARSE, "no entities");
out:
    free(apath);
    free(adata);
    xc_buf_free(&u.b);
    xc_buf_free(&u.note);
    return rc;
}

/* A header line naming Entity_LogicalId. */
static int sniff(const char *path, const char *data, size_t len)
{
    (void)path;
    size_t lim = len < 8192 ? len : 8192;
    const char *eol = memchr(data, '\n', lim);
    size_t n = eol ? (size_t)(eol - data) : lim;
    static const char key[] = "Entity_LogicalId";
    for (size_t i = 0; i + sizeof key - 1 <= n; i++)
        if (!memcmp(data + i, key, sizeof key - 1))
            return 90;
    return 0;
}

const xc_format xc_fmt_eu = {"eu-fsf-csv", sniff, load,
                             "EU Consolidated Financial Sanctions List (FSF)",
                             "European Commission",
                             "https://webgate.ec.europa.eu/fsd/fsf"};
