/*
 * exctl-csv: the documented CSV layout for a user's own party lists
 * (docs/formats/custom-list-csv.md).
 *
 * Header: id,type,name,aliases,countries,ids and optionally birth_date,
 * remarks, programs, addresses, listed_on, in any order after the first
 * three (the sniffer keys on "id,type,name"). Multi-valued cells use ';'.
 * Identifiers are "type:value" with the model's type names.
 *
 * Unlike the government lists this is hand-made data, so the loader is
 * strict about what a person can get wrong and would not notice: an unknown
 * schema or identifier type, an unparseable birth date, a duplicate id or a
 * missing name are errors naming the line (or, with --lenient, skipped
 * and counted), never silently dropped values.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "fmt_util.h"

enum { X_ID, X_TYPE, X_NAME, X_ALIASES, X_COUNTRIES, X_IDS, X_BIRTH, X_REMARKS, X_PROGRAMS,
       X_ADDRESSES, X_LISTED, X_N };

static const char *const cols[X_N] = {"id", "type", "name", "aliases", "countries", "ids",
                                      "birth_date", "remarks", "programs", "addresses",
                                      "listed_on"};

static int sniff(const char *path, const char *data, size_t len)
{
    (void)path;
    size_t b = fu_bom(data, len);
    static const char hdr[] = "id,type,name";
    if (len - b >= sizeof hdr - 1 && !memcmp(data + b, hdr, sizeof hdr - 1)) {
        char next = len - b > sizeof hdr - 1 ? data[b + sizeof hdr - 1] : '\n';
        if (next == ',' || next == '\n' || next == '\r')
            return 95;
    }
    return 0;
}

static const struct { const char *name; exctl_id_type type; } id_names[] = {
    {"passport", EXCTL_ID_PASSPORT},     {"national_id", EXCTL_ID_NATIONAL},
    {"national", EXCTL_ID_NATIONAL},     {"imo", EXCTL_ID_IMO},
    {"call_sign", EXCTL_ID_CALL_SIGN},   {"registration", EXCTL_ID_REGISTRATION},
    {"swift_bic", EXCTL_ID_SWIFT_BIC},   {"swift", EXCTL_ID_SWIFT_BIC},
    {"bic", EXCTL_ID_SWIFT_BIC},         {"crypto_address", EXCTL_ID_CRYPTO},
    {"crypto", EXCTL_ID_CRYPTO},         {"tax_id", EXCTL_ID_TAX},
    {"tax", EXCTL_ID_TAX},               {"aircraft", EXCTL_ID_AIRCRAFT},
    {"other", EXCTL_ID_OTHER},
};

typedef struct cx_row {
    const char *f[X_N];
    size_t n[X_N];
} cx_row;

/* Iterate ';'-separated trimmed non-empty values. Returns the next value or
 * NULL; *pos carries the state. */
static const char *next_val(const char *s, size_t n, size_t *pos, size_t *vl)
{
    while (*pos <= n) {
        size_t i = *pos, j = i;
        while (j < n && s[j] != ';')
            j++;
        *pos = j + 1;
        size_t len = j - i;
        const char *v = xc_trim(s + i, &len);
        if (len) {
            *vl = len;
            return v;
        }
        if (j >= n)
            break;
    }
    return NULL;
}

/* Check everything that can be wrong before building; returns a message or
 * NULL. */
static const char *validate(const cx_row *r, exctl_schema *sc, char *msg, size_t cap)
{
    if (!r->n[X_ID])
        return "empty id";
    if (!r->n[X_NAME])
        return "empty name";
    *sc = EXCTL_SCHEMA_UNKNOWN;
    if (r->n[X_TYPE]) {
        char t[32];
        snprintf(t, sizeof t, "%.*s", (int)(r->n[X_TYPE] < 31 ? r->n[X_TYPE] : 31),
                 r->f[X_TYPE]);
        if (exctl_schema_parse(t, sc) != EXCTL_OK) {
            snprintf(msg, cap, "unknown type '%s' (person, organization, vessel, aircraft)", t);
            return msg;
        }
    }
    size_t pos = 0, vl;
    const char *v;
    while ((v = next_val(r->f[X_IDS], r->n[X_IDS], &pos, &vl))) {
        const char *colon = memchr(v, ':', vl);
        if (!colon || colon == v || colon + 1 == v + vl) {
            snprintf(msg, cap, "identifier '%.*s' is not type:value", (int)(vl > 60 ? 60 : vl),
                     v);
            return msg;
        }
        size_t tl = (size_t)(colon - v);
        bool ok = false;
        for (size_t k = 0; k < XC_ARRAY_LEN(id_names); k++)
            if (strlen(id_names[k].name) == tl && !strncasecmp(v, id_names[k].name, tl))
                ok = true;
        if (!ok) {
            snprintf(msg, cap, "unknown identifier type '%.*s'", (int)(tl > 40 ? 40 : tl), v);
            return msg;
        }
    }
    pos = 0;
    char d[11];
    while ((v = next_val(r->f[X_BIRTH], r->n[X_BIRTH], &pos, &vl))) {
        if (xc_date_norm(v, vl, false, d) != EXCTL_OK) {
            snprintf(msg, cap, "birth_date '%.*s' is not a date", (int)(vl > 40 ? 40 : vl), v);
            return msg;
        }
    }
    if (r->n[X_LISTED] && xc_date_norm(r->f[X_LISTED], r->n[X_LISTED], false, d) != EXCTL_OK)
        return "listed_on is not a date";
    return NULL;
}

static int build(xc_load *ctx, const cx_row *r, exctl_schema sc, size_t line)
{
    bool created;
    exctl_entity *e = xc_ent_get(ctx->list, r->f[X_ID], r->n[X_ID], &created);
    if (!e)
        return EXCTL_ENOMEM;
    if (!created)
        return xc_load_bad(ctx, line, EXCTL_EPARSE, "duplicate id '%.*s'",
                           (int)(r->n[X_ID] > 60 ? 60 : r->n[X_ID]), r->f[X_ID]);
    e->schema = (uint8_t)sc;
    int rc = xc_ent_name(e, EXCTL_NAME_PRIMARY, r->f[X_NAME], r->n[X_NAME], "");
    size_t pos = 0, vl;
    const char *v;
    while (!rc && (v = next_val(r->f[X_ALIASES], r->n[X_ALIASES], &pos, &vl)))
        rc = fu_add_name_split(e, EXCTL_NAME_AKA, v, vl, "", "");
    pos = 0;
    while (!rc && (v = next_val(r->f[X_COUNTRIES], r->n[X_COUNTRIES], &pos, &vl)))
        rc = xc_ent_country(e, EXCTL_COUNTRY_OTHER, v, vl);
    pos = 0;
    while (!rc && (v = next_val(r->f[X_IDS], r->n[X_IDS], &pos, &vl))) {
        const char *colon = memchr(v, ':', vl);
        size_t tl = (size_t)(colon - v);
        exctl_id_type t = EXCTL_ID_OTHER;
        for (size_t k = 0; k < XC_ARRAY_LEN(id_names); k++)
            if (strlen(id_names[k].name) == tl && !strncasecmp(v, id_names[k].name, tl))
                t = id_names[k].type;
        rc = xc_ent_ident(e, t, colon + 1, vl - tl - 1, "", "");
    }
    pos = 0;
    char d[11];
    while (!rc && (v = next_val(r->f[X_BIRTH], r->n[X_BIRTH], &pos, &vl)))
        if ((rc = xc_date_norm(v, vl, false, d)) == EXCTL_OK)
            rc = xc_ent_field(e, EXCTL_FIELD_BIRTH_DATE, d, strlen(d));
    pos = 0;
    while (!rc && (v = next_val(r->f[X_PROGRAMS], r->n[X_PROGRAMS], &pos, &vl)))
        rc = xc_ent_field(e, EXCTL_FIELD_PROGRAM, v, vl);
    pos = 0;
    while (!rc && (v = next_val(r->f[X_ADDRESSES], r->n[X_ADDRESSES], &pos, &vl)))
        rc = xc_ent_field(e, EXCTL_FIELD_ADDRESS, v, vl);
    if (!rc && r->n[X_REMARKS])
        rc = xc_ent_field(e, EXCTL_FIELD_REMARK, r->f[X_REMARKS], r->n[X_REMARKS]);
    if (!rc && r->n[X_LISTED])
        rc = xc_ent_listed_on(e, r->f[X_LISTED], r->n[X_LISTED]);
    return rc;
}

static int load(xc_load *ctx)
{
    int rc = EXCTL_OK;
    xc_csv c;
    xc_csv_init(&c, ctx->data, ctx->len, ',');
    int col[X_N];
    for (int i = 0; i < X_N; i++)
        col[i] = -1;
    bool header = false;
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
                h = xc_trim(h, &n);
                int k = 0;
                for (; k < X_N; k++)
                    if (strlen(cols[k]) == n && !strncasecmp(h, cols[k], n))
                        break;
                if (k == X_N) {
                    rc = xc_err(ctx->eb, EXCTL_EPARSE, "%s:%zu: unknown column '%.*s'",
                                ctx->path, c.line, (int)(n > 40 ? 40 : n), h);
                    goto out;
                }
                col[k] = (int)i;
            }
            if (col[X_ID] < 0 || col[X_NAME] < 0) {
                rc = xc_err(ctx->eb, EXCTL_EPARSE, "%s:%zu: header needs 'id' and 'name'",
                            ctx->path, c.line);
                goto out;
            }
            header = true;
            continue;
        }
        size_t n0;
        xc_csv_field(&c, 0, &n0);
        if (c.nfields == 1 && n0 == 0)
            continue; /* blank line */
        ctx->list->rows++;
        cx_row row;
        const char *why = NULL;
        int bad = EXCTL_OK;
        for (int k = 0; k < X_N; k++) {
            row.n[k] = 0;
            row.f[k] = col[k] >= 0 ? xc_csv_field(&c, (size_t)col[k], &row.n[k]) : "";
            row.f[k] = xc_trim(row.f[k], &row.n[k]);
            if (!bad)
                bad = fu_check(row.f[k], row.n[k], &why);
        }
        char msg[160];
        exctl_schema sc = EXCTL_SCHEMA_UNKNOWN;
        if (!bad && (why = validate(&row, &sc, msg, sizeof msg)))
            bad = EXCTL_EPARSE;
        if (bad) {
            if ((rc = xc_load_bad(ctx, c.line, bad, "%s", why)))
                goto out;
            continue;
        }
        if ((rc = build(ctx, &row, sc, c.line))) {
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

const xc_format xc_fmt_custom = {"exctl-csv", sniff, load, "Custom party list", "", ""};
