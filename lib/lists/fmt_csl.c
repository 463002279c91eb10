/*
 * csl-csv: the trade.gov Consolidated Screening List CSV (consolidated.csv),
 * which merges the Entity List, DPL, UVL, MEU, SDN, SSI, ISN, DTC and other
 * US lists into 29 columns (_id, source, entity_number, type, programs,
 * name, title, addresses, ..., alt_names, citizenships, dates_of_birth,
 * nationalities, places_of_birth, source_information_url, ids).
 *
 * Columns are located by header name. The header may repeat inside the
 * file (published copies have it twice); repeats are skipped, not counted.
 *
 * Multi-valued columns use "; " between values. The ids column packs
 * "Type, Value[, Country]" items that mix real identifiers (passports, tax
 * numbers, registrations, SWIFT codes, crypto addresses) with prose
 * ("Secondary sanctions risk: ...", websites, listing dates); a table maps
 * the known types, sends the prose to remarks, and keeps any unknown type
 * as an "other" identifier with the type as its note, so nothing is lost.
 *
 * Entity id = _id (entity_number when _id is empty). Rows with the same id
 * describe the same party and are merged, which the builder does by id.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "fmt_util.h"

enum { K_ID, K_SOURCE, K_ENTNUM, K_TYPE, K_PROGRAMS, K_NAME, K_TITLE, K_ADDRESSES, K_FRN,
       K_START, K_END, K_STDORDER, K_LICREQ, K_LICPOL, K_CALLSIGN, K_VTYPE, K_GT, K_GRT,
       K_VFLAG, K_VOWNER, K_REMARKS, K_SRCURL, K_ALT, K_CITIZEN, K_DOB, K_NATIONALITY,
       K_POB, K_SRCINFO, K_IDS, K_N };

static const char *const cols[K_N] = {
    "_id", "source", "entity_number", "type", "programs", "name", "title", "addresses",
    "federal_register_notice", "start_date", "end_date", "standard_order",
    "license_requirement", "license_policy", "call_sign", "vessel_type", "gross_tonnage",
    "gross_registered_tonnage", "vessel_flag", "vessel_owner", "remarks", "source_list_url",
    "alt_names", "citizenships", "dates_of_birth", "nationalities", "places_of_birth",
    "source_information_url", "ids"};

static int sniff(const char *path, const char *data, size_t len)
{
    (void)path;
    size_t b = fu_bom(data, len);
    static const char hdr[] = "_id,source,entity_number";
    static const char qhdr[] = "\"_id\",\"source\",\"entity_number\"";
    if ((len - b >= sizeof hdr - 1 && !memcmp(data + b, hdr, sizeof hdr - 1)) ||
        (len - b >= sizeof qhdr - 1 && !memcmp(data + b, qhdr, sizeof qhdr - 1)))
        return 95;
    return 0;
}

/* How an item of the ids column is used. */
enum { U_IDENT, U_REMARK, U_GENDER, U_NATIONALITY, U_REGCOUNTRY };

static const struct {
    const char *prefix;  /* case-insensitive prefix of the item type */
    int use;
    exctl_id_type type;
} id_types[] = {
    {"Vessel Registration Identification", U_IDENT, EXCTL_ID_IMO},
    {"Digital Currency Address", U_IDENT, EXCTL_ID_CRYPTO},
    {"SWIFT/BIC", U_IDENT, EXCTL_ID_SWIFT_BIC},
    {"Aircraft Manufacturer", U_IDENT, EXCTL_ID_AIRCRAFT},
    {"Aircraft Tail Number", U_IDENT, EXCTL_ID_AIRCRAFT},
    {"Aircraft", U_REMARK, 0},
    {"Call Sign", U_IDENT, EXCTL_ID_CALL_SIGN},
    {"Tax ID", U_IDENT, EXCTL_ID_TAX},
    {"R.F.C.", U_IDENT, EXCTL_ID_TAX},
    {"RFC", U_IDENT, EXCTL_ID_TAX},
    {"NIT #", U_IDENT, EXCTL_ID_TAX},
    {"RUC #", U_IDENT, EXCTL_ID_TAX},
    {"US FEIN", U_IDENT, EXCTL_ID_TAX},
    {"C.U.I.T.", U_IDENT, EXCTL_ID_TAX},
    {"V.A.T. Number", U_IDENT, EXCTL_ID_TAX},
    {"Italian Fiscal Code", U_IDENT, EXCTL_ID_TAX},
    {"Paraguayan tax", U_IDENT, EXCTL_ID_TAX},
    {"Cedula", U_IDENT, EXCTL_ID_NATIONAL},
    {"National ID", U_IDENT, EXCTL_ID_NATIONAL},
    {"National Foreign ID", U_IDENT, EXCTL_ID_NATIONAL},
    {"C.U.R.P.", U_IDENT, EXCTL_ID_NATIONAL},
    {"D.N.I.", U_IDENT, EXCTL_ID_NATIONAL},
    {"SSN", U_IDENT, EXCTL_ID_NATIONAL},
    {"Identification Number", U_IDENT, EXCTL_ID_NATIONAL},
    {"Personal ID Card", U_IDENT, EXCTL_ID_NATIONAL},
    {"Kenyan ID", U_IDENT, EXCTL_ID_NATIONAL},
    {"Moroccan Personal ID", U_IDENT, EXCTL_ID_NATIONAL},
    {"Bosnian Personal ID", U_IDENT, EXCTL_ID_NATIONAL},
    {"Electoral Registry", U_IDENT, EXCTL_ID_NATIONAL},
    {"Credencial electoral", U_IDENT, EXCTL_ID_NATIONAL},
    {"Registration ID", U_IDENT, EXCTL_ID_REGISTRATION},
    {"Registration Number", U_IDENT, EXCTL_ID_REGISTRATION},
    {"Government Gazette Number", U_IDENT, EXCTL_ID_REGISTRATION},
    {"Unified Social Credit Code", U_IDENT, EXCTL_ID_REGISTRATION},
    {"Business Registration", U_IDENT, EXCTL_ID_REGISTRATION},
    {"C.R. No.", U_IDENT, EXCTL_ID_REGISTRATION},
    {"Legal Entity Number", U_IDENT, EXCTL_ID_REGISTRATION},
    {"Public Registration Number", U_IDENT, EXCTL_ID_REGISTRATION},
    {"LE Number", U_IDENT, EXCTL_ID_REGISTRATION},
    {"Certificate of Incorporation", U_IDENT, EXCTL_ID_REGISTRATION},
    {"Company Number", U_IDENT, EXCTL_ID_REGISTRATION},
    {"UK Company Number", U_IDENT, EXCTL_ID_REGISTRATION},
    {"Registered Charity", U_IDENT, EXCTL_ID_REGISTRATION},
    {"Gender", U_GENDER, 0},
    {"Nationality of Registration", U_REGCOUNTRY, 0},
    {"Nationality Country", U_NATIONALITY, 0},
    /* prose, not identifiers */
    {"Secondary sanctions risk", U_REMARK, 0},
    {"Executive Order", U_REMARK, 0},
    {"Additional Sanctions Information", U_REMARK, 0},
    {"Website", U_REMARK, 0},
    {"Email Address", U_REMARK, 0},
    {"Phone Number", U_REMARK, 0},
    {"ISIN", U_REMARK, 0},
    {"Target Type", U_REMARK, 0},
    {"Issuer Name", U_REMARK, 0},
    {"Equity Ticker", U_REMARK, 0},
    {"Listing Date", U_REMARK, 0},
    {"Effective Date", U_REMARK, 0},
    {"Purchase/Sales For Divestment", U_REMARK, 0},
    {"Organization Established Date", U_REMARK, 0},
    {"Organization Type", U_REMARK, 0},
    {"Transactions Prohibited", U_REMARK, 0},
    {"CAATSA", U_REMARK, 0},
    {"IFCA", U_REMARK, 0},
    {"Other vessel", U_REMARK, 0},
    {"Vessel Type", U_REMARK, 0},
    {"Former Vessel Flag", U_REMARK, 0},
};

/* Case-insensitive substring test over n bytes. */
static bool contains_ci(const char *s, size_t n, const char *w)
{
    size_t wl = strlen(w);
    for (size_t i = 0; i + wl <= n; i++)
        if (!strncasecmp(s + i, w, wl))
            return true;
    return false;
}

/* Call fn for each "; "-separated, trimmed, non-empty value of s. */
typedef int (*each_fn)(xc_load *ctx, exctl_entity *e, const char *s, size_t n, int arg);

static int each(xc_load *ctx, exctl_entity *e, const char *s, size_t n, char sep, each_fn fn,
                int arg)
{
    size_t i = 0;
    while (i <= n && n) {
        size_t j = i;
        while (j < n && s[j] != sep)
            j++;
        size_t len = j - i;
        const char *v = xc_trim(s + i, &len);
        if (len) {
            int rc = fn(ctx, e, v, len, arg);
            if (rc)
                return rc;
        }
        i = j + 1;
    }
    return EXCTL_OK;
}

static int add_name(xc_load *ctx, exctl_entity *e, const char *s, size_t n, int kind)
{
    (void)ctx;
    return xc_ent_name(e, (exctl_name_kind)kind, s, n, "");
}

static int add_field(xc_load *ctx, exctl_entity *e, const char *s, size_t n, int f)
{
    (void)ctx;
    return xc_ent_field(e, (exctl_field)f, s, n);
}

static int add_country(xc_load *ctx, exctl_entity *e, const char *s, size_t n, int role)
{
    (void)ctx;
    return xc_ent_country(e, (exctl_country_role)role, s, n);
}

static int add_dob(xc_load *ctx, exctl_entity *e, const char *s, size_t n, int unused)
{
    (void)ctx;
    (void)unused;
    return xc_ent_birth_date(e, s, n, false);
}

/* An address "..., City, CC": the field, and the trailing country. */
static int add_address(xc_load *ctx, exctl_entity *e, const char *s, size_t n, int unused)
{
    (void)ctx;
    (void)unused;
    int rc = xc_ent_field(e, EXCTL_FIELD_ADDRESS, s, n);
    if (rc)
        return rc;
    size_t k = n;
    while (k && s[k - 1] != ',')
        k--;
    size_t cn = n - k;
    const char *c = xc_trim(s + k, &cn);
    const char *code = cn ? xc_country_code(c, cn) : NULL;
    if (code)
        return xc_ent_country(e, EXCTL_COUNTRY_ADDRESS, code, strlen(code));
    return EXCTL_OK;
}

static int add_id_item(xc_load *ctx, exctl_entity *e, const char *s, size_t n, int unused)
{
    (void)ctx;
    (void)unused;
    /* "Type, Value[, Country[, ...]]" */
    const char *parts[4] = {"", "", "", ""};
    size_t pl[4] = {0, 0, 0, 0};
    int np = 0;
    size_t i = 0;
    while (i < n && np < 4) {
        size_t j = i;
        while (j < n && !(s[j] == ',' && j + 1 < n && s[j + 1] == ' '))
            j++;
        if (np == 3)
            j = n; /* the rest */
        pl[np] = j - i;
        parts[np] = xc_trim(s + i, &pl[np]);
        np++;
        i = j + 2;
    }
    int use = U_IDENT;
    exctl_id_type type = EXCTL_ID_OTHER;
    bool known = false;
    for (size_t k = 0; k < XC_ARRAY_LEN(id_types); k++) {
        size_t l = strlen(id_types[k].prefix);
        if (pl[0] >= l && !strncasecmp(parts[0], id_types[k].prefix, l)) {
            use = id_types[k].use;
            type = id_types[k].type;
            known = true;
            break;
        }
    }
    if (!known && contains_ci(parts[0], pl[0], "passport"))
        type = EXCTL_ID_PASSPORT;
    if (use == U_REMARK || pl[1] == 0)
        return xc_ent_field(e, EXCTL_FIELD_REMARK, s, n);
    if (use == U_GENDER)
        return xc_ent_field(e, EXCTL_FIELD_GENDER, parts[1], pl[1]);
    if (use == U_NATIONALITY || use == U_REGCOUNTRY)
        return xc_ent_country(e, use == U_NATIONALITY ? EXCTL_COUNTRY_NATIONALITY
                                                      : EXCTL_COUNTRY_REGISTRATION,
                              parts[1], pl[1]);
    const char *val = parts[1];
    size_t vl = pl[1];
    char note[96] = "";
    if (type == EXCTL_ID_IMO) {
        if (vl > 4 && !strncasecmp(val, "IMO ", 4)) {
            val += 4;
            vl -= 4;
        } else {
            type = EXCTL_ID_REGISTRATION;
        }
    } else if (type == EXCTL_ID_CRYPTO) {
        /* "Digital Currency Address - XBT": the currency is the note */
        const char *dash = memchr(parts[0], '-', pl[0]);
        if (dash) {
            size_t dl = pl[0] - (size_t)(dash + 1 - parts[0]);
            const char *cur = xc_trim(dash + 1, &dl);
            snprintf(note, sizeof note, "%.*s", (int)(dl < 95 ? dl : 95), cur);
        }
    } else if (type == EXCTL_ID_OTHER || type == EXCTL_ID_TAX || type == EXCTL_ID_NATIONAL ||
               type == EXCTL_ID_REGISTRATION || type == EXCTL_ID_PASSPORT) {
        snprintf(note, sizeof note, "%.*s", (int)(pl[0] < 95 ? pl[0] : 95), parts[0]);
    }
    char country[64] = "";
    if (np >= 3 && pl[2] && pl[2] < sizeof country && xc_country_code(parts[2], pl[2]))
        snprintf(country, sizeof country, "%.*s", (int)pl[2], parts[2]);
    return xc_ent_ident(e, type, val, vl, country, note);
}

typedef struct csl_row {
    const char *f[K_N];
    size_t n[K_N];
} csl_row;

static int build(xc_load *ctx, const csl_row *r, size_t line)
{
    int rc;
    const char *id = r->n[K_ID] ? r->f[K_ID] : r->f[K_ENTNUM];
    size_t idn = r->n[K_ID] ? r->n[K_ID] : r->n[K_ENTNUM];
    if (!idn)
        return xc_load_bad(ctx, line, EXCTL_EPARSE, "row without _id or entity_number");
    if (!r->n[K_NAME])
        return xc_load_bad(ctx, line, EXCTL_EPARSE, "row without a name");
    exctl_entity *e = xc_ent_get(ctx->list, id, idn, NULL);
    if (!e)
        return EXCTL_ENOMEM;
    if ((rc = xc_ent_name(e, EXCTL_NAME_PRIMARY, r->f[K_NAME], r->n[K_NAME], "")) ||
        (rc = each(ctx, e, r->f[K_ALT], r->n[K_ALT], ';', add_name, EXCTL_NAME_AKA)))
        return rc;
    exctl_schema sc;
    if (r->n[K_TYPE] && exctl_schema_parse(r->f[K_TYPE], &sc) == EXCTL_OK)
        e->schema = (uint8_t)sc;
    if ((rc = each(ctx, e, r->f[K_PROGRAMS], r->n[K_PROGRAMS], ';', add_field,
                   EXCTL_FIELD_PROGRAM)))
        return rc;
    /* The source list's abbreviation, "(EL)", is a programme too. */
    const char *src = r->f[K_SOURCE];
    const char *op = memchr(src, '(', r->n[K_SOURCE]);
    const char *cp = op ? memchr(op, ')', r->n[K_SOURCE] - (size_t)(op - src)) : NULL;
    if (op && cp && cp > op + 1 &&
        (rc = xc_ent_field(e, EXCTL_FIELD_PROGRAM, op + 1, (size_t)(cp - op - 1))))
        return rc;
    if ((rc = each(ctx, e, r->f[K_TITLE], r->n[K_TITLE], ';', add_field, EXCTL_FIELD_TITLE)) ||
        (rc = each(ctx, e, r->f[K_ADDRESSES], r->n[K_ADDRESSES], ';', add_address, 0)) ||
        (rc = each(ctx, e, r->f[K_CITIZEN], r->n[K_CITIZEN], ';', add_country,
                   EXCTL_COUNTRY_CITIZENSHIP)) ||
        (rc = each(ctx, e, r->f[K_NATIONALITY], r->n[K_NATIONALITY], ';', add_country,
                   EXCTL_COUNTRY_NATIONALITY)) ||
        (rc = each(ctx, e, r->f[K_DOB], r->n[K_DOB], ';', add_dob, 0)) ||
        (rc = each(ctx, e, r->f[K_POB], r->n[K_POB], ';', add_field,
                   EXCTL_FIELD_BIRTH_PLACE)) ||
        (rc = each(ctx, e, r->f[K_IDS], r->n[K_IDS], ';', add_id_item, 0)))
        return rc;
    if (r->n[K_CALLSIGN] &&
        (rc = xc_ent_ident(e, EXCTL_ID_CALL_SIGN, r->f[K_CALLSIGN], r->n[K_CALLSIGN], "", "")))
        return rc;
    if (r->n[K_VFLAG] &&
        (rc = xc_ent_country(e, EXCTL_COUNTRY_FLAG, r->f[K_VFLAG], r->n[K_VFLAG])))
        return rc;
    if (r->n[K_START] && (rc = xc_ent_listed_on(e, r->f[K_START], r->n[K_START])))
        return rc;
    if ((rc = each(ctx, e, r->f[K_REMARKS], r->n[K_REMARKS], '\n', add_field,
                   EXCTL_FIELD_REMARK)))
        return rc;
    /* Labelled remarks for the columns a reviewer needs to see. */
    static const struct { int col; const char *label; } labelled[] = {
        {K_SOURCE, "Source"}, {K_FRN, "Federal Register"},
        {K_LICREQ, "License requirement"}, {K_LICPOL, "License policy"},
        {K_END, "End date"}, {K_VTYPE, "Vessel type"}, {K_VOWNER, "Vessel owner"},
    };
    for (size_t i = 0; i < XC_ARRAY_LEN(labelled); i++) {
        int c = labelled[i].col;
        if (!r->n[c])
            continue;
        xc_buf *b = &ctx->tmp;
        b->len = 0;
        if ((rc = xc_buf_puts(b, labelled[i].label)) || (rc = xc_buf_puts(b, ": ")) ||
            (rc = xc_buf_append(b, r->f[c], r->n[c])) ||
            (rc = xc_ent_field(e, EXCTL_FIELD_REMARK, b->data, b->len)))
            return rc;
    }
    return EXCTL_OK;
}

static int load(xc_load *ctx)
{
    int rc = EXCTL_OK;
    xc_csv c;
    xc_csv_init(&c, ctx->data, ctx->len, ',');
    int col[K_N];
    for (int i = 0; i < K_N; i++)
        col[i] = -1;
    bool header = false;
    bool lenient = ctx->opts && ctx->opts->lenient;
    for (;;) {
        int r = xc_csv_next(&c, ctx->path, ctx->eb);
        if (r == 0)
            break;
        if (r < 0) {
            if (!header || !lenient) {
                rc = -r;
                goto out;
            }
            ctx->list->rows++;
            ctx->list->skipped++;
            if (ctx->eb)
                ctx->eb->msg[0] = '\0';
            if (!fu_csv_resync(&c))
                break;
            continue;
        }
        size_t n0;
        const char *f0 = xc_csv_field(&c, 0, &n0);
        if (n0 == 3 && !memcmp(f0, "_id", 3)) {
            if (!header) {
                for (size_t i = 0; i < c.nfields; i++) {
                    size_t n;
                    const char *h = xc_csv_field(&c, i, &n);
                    for (int k = 0; k < K_N; k++)
                        if (strlen(cols[k]) == n && !memcmp(h, cols[k], n))
                            col[k] = (int)i;
                }
                if (col[K_NAME] < 0) {
                    rc = xc_err(ctx->eb, EXCTL_EPARSE, "%s:%zu: header has no \"name\" column",
                                ctx->path, c.line);
                    goto out;
                }
                header = true;
            }
            continue; /* the header, or a repeat of it */
        }
        if (!header) {
            rc = xc_err(ctx->eb, EXCTL_EPARSE, "%s:%zu: expected the CSL header line",
                        ctx->path, c.line);
            goto out;
        }
        if (c.nfields == 1 && n0 == 0)
            continue;
        ctx->list->rows++;
        csl_row row;
        const char *why = NULL;
        int bad = EXCTL_OK;
        for (int k = 0; k < K_N; k++) {
            row.n[k] = 0;
            row.f[k] = col[k] >= 0 ? xc_csv_field(&c, (size_t)col[k], &row.n[k]) : "";
            row.f[k] = xc_trim(row.f[k], &row.n[k]);
            if (!bad)
                bad = fu_check(row.f[k], row.n[k], &why);
        }
        if (bad) {
            if ((rc = xc_load_bad(ctx, c.line, bad, "%s", why)))
                goto out;
            continue;
        }
        if ((rc = build(ctx, &row, c.line))) {
            if (rc == EXCTL_ENOMEM)
                xc_err(ctx->eb, rc, "%s: out of memory", ctx->path);
            goto out;
        }
    }
    if (!header)
        rc = xc_err(ctx->eb, EXCTL_EPARSE, "%s: empty file", ctx->path);
out:
    xc_csv_free(&c);
    return rc;
}

const xc_format xc_fmt_csl = {"csl-csv", sniff, load, "Consolidated Screening List",
                              "US trade.gov (Commerce, State, Treasury)",
                              "https://data.trade.gov/downloadable_consolidated_screening_list/"
                              "v1/consolidated.csv"};
