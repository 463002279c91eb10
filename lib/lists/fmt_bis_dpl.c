/*
 * bis-dpl: the US Commerce BIS Denied Persons List as published in dpl.txt:
 * tab-separated, every field double-quoted, a header line naming the
 * columns (Name, Street_Address, City, State, Country, Postal_Code,
 * Effective_Date, Expiration_Date, Standard_Order, Last_Update, Action,
 * FR_Citation).
 *
 * Columns are found by header name, not position, so a reordered or
 * extended file still loads; Name is required.
 *
 * The DPL has no identifiers, and one denied party appears once per
 * address. Each row is one entity with a content-derived id: "dpl-" + the
 * first 12 hex digits of SHA-256(name|street|effective date), so an id
 * survives reordering and unrelated edits of the file. Rows that collide
 * (the same party, street and date listed twice) get "-2", "-3", ... in
 * file order, which keeps ids unique and deterministic.
 *
 * The schema is not stated; a name carrying a company legal form (LTD, INC,
 * GMBH, ...) is an organisation, anything else stays unknown rather than
 * being guessed a person. Dates are US month/day/year.
 *
 * The list date of a raw file is the newest Last_Update (the day BIS last
 * changed a row; the file carries no date of its own, and it contains every
 * change up to that day), falling back to the newest Effective_Date (the
 * day a denial order took effect). A Last_Update more than a year after the
 * newest Effective_Date is a typo, not a date of the list: the 2023 file
 * has "3033-09-30".
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "fmt_util.h"

enum { C_NAME, C_STREET, C_CITY, C_STATE, C_COUNTRY, C_POSTAL, C_EFFECTIVE, C_EXPIRATION,
       C_ORDER, C_UPDATE, C_ACTION, C_FR, C_N };

static const char *const col_names[C_N] = {
    "Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date",
    "Expiration_Date", "Standard_Order", "Last_Update", "Action", "FR_Citation"};

static int sniff(const char *path, const char *data, size_t len)
{
    (void)path;
    size_t b = fu_bom(data, len);
    static const char hdr[] = "\"Name\"\t\"Street_Address\"";
    if (len - b >= sizeof hdr - 1 && !memcmp(data + b, hdr, sizeof hdr - 1))
        return 95;
    static const char hdr2[] = "Name\tStreet_Address";
    if (len - b >= sizeof hdr2 - 1 && !memcmp(data + b, hdr2, sizeof hdr2 - 1))
        return 90;
    return 0;
}

/* Legal-form words that make a name an organisation. */
static const char *const org_words[] = {
    "LTD", "LIMITED", "INC", "INCORPORATED", "LLC", "L.L.C.", "CORP", "CORPORATION",
    "CO", "COMPANY", "GMBH", "AG", "SA", "S.A.", "SARL", "SRL", "BV", "B.V.", "NV", "PLC",
    "FZE", "FZCO", "FZC", "LLP", "JSC", "OOO", "ZAO", "OAO", "PJSC", "KG", "AB", "OY",
    "TRADING", "INDUSTRIES", "INDUSTRY", "ENTERPRISES", "ENTERPRISE", "INTERNATIONAL",
    "GROUP", "TECHNOLOGIES", "TECHNOLOGY", "ELECTRONICS", "AVIATION", "AIRLINES",
    "LOGISTICS", "SERVICES", "SYSTEMS", "HOLDING", "HOLDINGS", "EXPORT", "IMPORT",
    "LTDA", "PTE", "PVT", "S.R.L.", "SPA", "S.P.A.", "CIE", "ESTABLISHMENT", "EST",
};

static bool looks_org(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == ',' || s[i] == '(' || s[i] == ')'))
            i++;
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != ',' && s[j] != '(' && s[j] != ')')
            j++;
        size_t wl = j - i;
        /* drop one trailing dot: "INC." */
        size_t cmpl = (wl > 1 && s[j - 1] == '.') ? wl - 1 : wl;
        for (size_t k = 0; k < XC_ARRAY_LEN(org_words) && wl; k++) {
            size_t ol = strlen(org_words[k]);
            if ((ol == wl && !strncasecmp(s + i, org_words[k], ol)) ||
                (ol == cmpl && !strncasecmp(s + i, org_words[k], ol)))
                return true;
        }
        i = j;
    }
    return false;
}

typedef struct dpl_row {
    const char *f[C_N];
    size_t n[C_N];
} dpl_row;

static int build(xc_load *ctx, const dpl_row *r, size_t line, char *newest, xc_buf *upd)
{
    int rc;
    char eff[11] = "", d[11];
    if (r->n[C_EFFECTIVE] &&
        xc_date_norm(r->f[C_EFFECTIVE], r->n[C_EFFECTIVE], true, eff) != EXCTL_OK)
        return xc_load_bad(ctx, line, EXCTL_EPARSE, "bad Effective_Date '%.*s'",
                           (int)(r->n[C_EFFECTIVE] > 40 ? 40 : r->n[C_EFFECTIVE]),
                           r->f[C_EFFECTIVE]);
    /* content id */
    xc_buf *b = &ctx->tmp;
    b->len = 0;
    if ((rc = xc_buf_append(b, r->f[C_NAME], r->n[C_NAME])) || (rc = xc_buf_putc(b, '|')) ||
        (rc = xc_buf_append(b, r->f[C_STREET], r->n[C_STREET])) ||
        (rc = xc_buf_putc(b, '|')) ||
        (rc = xc_buf_append(b, r->f[C_EFFECTIVE], r->n[C_EFFECTIVE])))
        return rc;
    char hex[65];
    xc_sha256_hex(b->data, b->len, hex);
    char id[32];
    int idl = snprintf(id, sizeof id, "dpl-%.12s", hex);
    for (int k = 2; xc_ent_find(ctx->list, id, (size_t)idl); k++)
        idl = snprintf(id, sizeof id, "dpl-%.12s-%d", hex, k);
    exctl_entity *e = xc_ent_get(ctx->list, id, (size_t)idl, NULL);
    if (!e)
        return EXCTL_ENOMEM;
    if ((rc = xc_ent_name(e, EXCTL_NAME_PRIMARY, r->f[C_NAME], r->n[C_NAME], "")))
        return rc;
    e->schema = looks_org(r->f[C_NAME], r->n[C_NAME]) ? EXCTL_SCHEMA_ORGANIZATION
                                                       : EXCTL_SCHEMA_UNKNOWN;
    /* address: street, city, state postal, country */
    b->len = 0;
    static const int parts[] = {C_STREET, C_CITY, C_STATE, C_POSTAL, C_COUNTRY};
    for (size_t i = 0; i < XC_ARRAY_LEN(parts); i++) {
        int c = parts[i];
        size_t n = r->n[c];
        const char *s = xc_trim(r->f[c], &n);
        if (!n)
            continue;
        if (b->len && (rc = xc_buf_puts(b, c == C_POSTAL ? " " : ", ")))
            return rc;
        if ((rc = xc_buf_append(b, s, n)))
            return rc;
    }
    if (b->len && (rc = xc_ent_field(e, EXCTL_FIELD_ADDRESS, b->data, b->len)))
        return rc;
    if (r->n[C_COUNTRY] &&
        (rc = xc_ent_country(e, EXCTL_COUNTRY_ADDRESS, r->f[C_COUNTRY], r->n[C_COUNTRY])))
        return rc;
    if (eff[0]) {
        if ((rc = xc_ent_listed_on(e, eff, strlen(eff))))
            return rc;
        if (strcmp(eff, newest) > 0)
            memcpy(newest, eff, 11);
    }
    if (r->n[C_UPDATE] &&
        xc_date_norm(r->f[C_UPDATE], r->n[C_UPDATE], true, d) == EXCTL_OK && strlen(d) == 10 &&
        (rc = xc_buf_append(upd, d, 10)))
        return rc;
    if (r->n[C_FR] && (rc = xc_ent_field(e, EXCTL_FIELD_REMARK, r->f[C_FR], r->n[C_FR])))
        return rc;
    if (r->n[C_EXPIRATION] &&
        xc_date_norm(r->f[C_EXPIRATION], r->n[C_EXPIRATION], true, d) == EXCTL_OK) {
        char rem[40];
        int rl = snprintf(rem, sizeof rem, "Denial expires %s", d);
        if ((rc = xc_ent_field(e, EXCTL_FIELD_REMARK, rem, (size_t)rl)))
            return rc;
    }
    return xc_ent_field(e, EXCTL_FIELD_PROGRAM, "DPL", 3);
}

static int load(xc_load *ctx)
{
    int rc = EXCTL_OK;
    xc_csv c;
    xc_csv_init(&c, ctx->data, ctx->len, '\t');
    c.lazy_quotes = true;
    int col[C_N];
    for (int i = 0; i < C_N; i++)
        col[i] = -1;
    bool header = false;
    char newest[11] = "";
    xc_buf upd; /* normalised Last_Update values, 10 bytes each */
    xc_buf_init(&upd);
    for (;;) {
        int r = xc_csv_next(&c, ctx->path, ctx->eb);
        if (r == 0)
            break;
        if (r < 0) {
            if (!header || !(ctx->opts && ctx->opts->lenient)) {
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
        if (!header) {
            for (size_t i = 0; i < c.nfields; i++) {
                size_t n;
                const char *h = xc_csv_field(&c, i, &n);
                for (int k = 0; k < C_N; k++)
                    if (strlen(col_names[k]) == n && !strncasecmp(h, col_names[k], n))
                        col[k] = (int)i;
            }
            if (col[C_NAME] < 0) {
                rc = xc_err(ctx->eb, EXCTL_EPARSE, "%s:%zu: header has no \"Name\" column",
                            ctx->path, c.line);
                goto out;
            }
            header = true;
            continue;
        }
        if (c.nfields == 1 && xc_csv_field(&c, 0, NULL)[0] == '\0')
            continue; /* blank line */
        ctx->list->rows++;
        dpl_row row;
        const char *why = NULL;
        int bad = EXCTL_OK;
        for (int k = 0; k < C_N; k++) {
            row.f[k] = col[k] >= 0 ? xc_csv_field(&c, (size_t)col[k], &row.n[k]) : "";
            if (col[k] < 0)
                row.n[k] = 0;
            row.f[k] = xc_trim(row.f[k], &row.n[k]);
            if (!bad)
                bad = fu_check(row.f[k], row.n[k], &why);
        }
        if (bad) {
            if ((rc = xc_load_bad(ctx, c.line, bad, "%s", why)))
                goto out;
            continue;
        }
        if (!row.n[C_NAME]) {
            if ((rc = xc_load_bad(ctx, c.line, EXCTL_EPARSE, "empty Name")))
                goto out;
            continue;
        }
        if ((rc = build(ctx, &row, c.line, newest, &upd))) {
            if (rc == EXCTL_ENOMEM)
                xc_err(ctx->eb, rc, "%s: out of memory", ctx->path);
            goto out;
        }
    }
    if (!header) {
        rc = xc_err(ctx->eb, EXCTL_EPARSE, "%s: empty file", ctx->path);
        goto out;
    }
    char date[11];
    memcpy(date, newest, sizeof date);
    if (newest[0]) {
        /* newest Last_Update up to a year after the newest Effective_Date */
        char limit[11];
        memcpy(limit, newest, sizeof limit);
        int y = (limit[0] - '0') * 1000 + (limit[1] - '0') * 100 + (limit[2] - '0') * 10 +
                (limit[3] - '0') + 1;
        snprintf(limit, sizeof limit, "%04u%.6s", (unsigned)y % 10000u, newest + 4);
        for (size_t off = 0; off + 10 <= upd.len; off += 10)
            if (memcmp(upd.data + off, date, 10) > 0 && memcmp(upd.data + off, limit, 10) <= 0)
                memcpy(date, upd.data + off, 10);
        if ((rc = xc_list_meta(ctx->list, "date", date)))
            goto out;
    }
out:
    xc_buf_free(&upd);
    xc_csv_free(&c);
    return rc;
}

const xc_format xc_fmt_bis_dpl = {"bis-dpl", sniff, load, "BIS Denied Persons List",
                                  "US Commerce BIS", "https://www.bis.doc.gov/dpl/dpl.txt"};
