/*
 * meti-json: Japan METI End User List (外国ユーザーリスト) as a JSON array of
 * objects {id, entity_name, aliases[], addresses[], entity_type, reason,
 * source_url, source_list_name, date_added, ...}.
 *
 * The JSON is a normalisation of METI's published table, and it carries that
 * conversion's scars, which the loader repairs rather than passes on:
 * - 37 records have an empty entity_name and the name glued after the
 *   country in addresses[] ("People's Republic of China Abascience Tech Co.
 *   Ltd"); the loader splits a leading country name off and uses the rest.
 * - Names carry their Japanese/Chinese form in brackets ("Air Koryo
 *   (高麗航空)"); those become original-script names.
 * - The concern type is prose ("大量破壊兵器等の懸念: ミサイル、核 M、N; 通常
 *   兵器の懸念: CW", sometimes with full-width letters); the loader keeps the
 *   codes B, C, M, N, CW as programmes, in that fixed order.
 *
 * The whole document is parsed with jansson (the list is small). A record
 * is validated completely before its entity is created, so a rejected record
 * (lenient mode) leaves nothing behind. JSON carries no per-value positions,
 * so messages locate a record by the line of its id in the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "fmt_util.h"

static int sniff(const char *path, const char *data, size_t len)
{
    (void)path;
    size_t i = fu_bom(data, len);
    while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
        i++;
    if (i >= len || data[i] != '[')
        return 0;
    size_t win = len - i < 8192 ? len - i : 8192;
    if (fu_memmem(data + i, win, "\"entity_name\"", 13))
        return 90;
    return 0;
}

/* Validate every string in a record (recursively). */
static int check_strings(json_t *v, const char **why)
{
    if (json_is_string(v))
        return fu_check(json_string_value(v), json_string_length(v), why);
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            int rc = check_strings(x, why);
            if (rc)
                return rc;
        }
    } else if (json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x) {
            int rc = check_strings(x, why);
            if (rc)
                return rc;
        }
    }
    return EXCTL_OK;
}

static const char *str_of(json_t *o, const char *key, size_t *n)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v)) {
        *n = 0;
        return "";
    }
    *n = json_string_length(v);
    return json_string_value(v);
}

/* If s starts with a country name followed by more words, return the
 * length of the country prefix (and its code in *cc); else 0. */
static size_t country_prefix(const char *s, size_t n, const char **cc)
{
    size_t ends[8];
    int k = 0;
    for (size_t i = 0; i < n && k < 8; i++)
        if (s[i] == ' ')
            ends[k++] = i;
    for (int j = k - 1; j >= 0; j--) {
        const char *c = xc_country_code(s, ends[j]);
        if (c) {
            *cc = c;
            return ends[j];
        }
    }
    return 0;
}

/* Concern types in the reason text: B, C, M, N, CW as whole ASCII tokens
 * (after full-width folding). Added in a fixed order. */
static int add_concerns(xc_load *ctx, exctl_entity *e, const char *s, size_t n)
{
    static const char *const codes[] = {"B", "C", "M", "N", "CW"};
    bool seen[5] = {false};
    int rc = xc_text_clean(&ctx->tmp, s, n);
    if (rc)
        return rc;
    const char *t = ctx->tmp.data ? ctx->tmp.data : "";
    size_t tn = ctx->tmp.len;
    for (size_t i = 0; i < tn;) {
        if (t[i] >= 'A' && t[i] <= 'Z') {
            size_t j = i;
            while (j < tn && ((t[j] >= 'A' && t[j] <= 'Z') || (t[j] >= 'a' && t[j] <= 'z')))
                j++;
            for (int c = 0; c < 5; c++)
                if (strlen(codes[c]) == j - i && !memcmp(codes[c], t + i, j - i))
                    seen[c] = true;
            i = j;
        } else {
            i++;
        }
    }
    for (int c = 0; c < 5; c++)
        if (seen[c] && (rc = xc_ent_field(e, EXCTL_FIELD_PROGRAM, codes[c], strlen(codes[c]))))
            return rc;
    return EXCTL_OK;
}

/* Where a record is in the file: the line of its quoted id, found only
 * when a message needs it (searching for every record would be quadratic). */
typedef struct rec_loc {
    const char *data, *q;
    size_t len, ql;
} rec_loc;

static size_t loc_line(const rec_loc *l)
{
    return l->ql ? fu_find_line(l->data, l->len, l->q, l->ql) : 0;
}

/* Build one entity from a validated record. */
static int build(xc_load *ctx, json_t *rec, const char *id, size_t idn, const rec_loc *where)
{
    size_t nn, tn, rn, dn;
    const char *name = str_of(rec, "entity_name", &nn);
    name = xc_trim(name, &nn);
    json_t *aliases = json_object_get(rec, "aliases");
    json_t *addrs = json_object_get(rec, "addresses");
    size_t naddr = json_is_array(addrs) ? json_array_size(addrs) : 0;
    const char *last = "";
    size_t lastn = 0;
    if (naddr) {
        json_t *la = json_array_get(addrs, naddr - 1);
        if (json_is_string(la)) {
            last = json_string_value(la);
            lastn = json_string_length(la);
        }
    }
    /* Repair: the name glued after the country in the last address. */
    const char *cc = NULL;
    size_t glued = 0;
    if (!nn && lastn) {
        size_t cp = country_prefix(last, lastn, &cc);
        if (cp) {
            glued = cp;
            name = last + cp;
            nn = lastn - cp;
            name = xc_trim(name, &nn);
        }
    }
    if (!nn && json_is_array(aliases) && json_array_size(aliases) &&
        json_is_string(json_array_get(aliases, 0))) {
        name = json_string_value(json_array_get(aliases, 0));
        nn = json_string_length(json_array_get(aliases, 0));
    }
    if (!nn)
        return xc_load_bad(ctx, loc_line(where), EXCTL_EPARSE, "record '%.*s' has no name",
                           (int)(idn > 80 ? 80 : idn), id);
    bool created;
    exctl_entity *e = xc_ent_get(ctx->list, id, idn, &created);
    if (!e)
        return EXCTL_ENOMEM;
    if (!created)
        return xc_load_bad(ctx, loc_line(where), EXCTL_EPARSE, "duplicate id '%.*s'",
                           (int)(idn > 80 ? 80 : idn), id);
    int rc;
    if ((rc = fu_add_name_split(e, EXCTL_NAME_PRIMARY, name, nn, "", "ja")))
        return rc;
    size_t i;
    json_t *v;
    if (json_is_array(aliases)) {
        json_array_foreach(aliases, i, v) {
            if (json_is_string(v) &&
                (rc = fu_add_name_split(e, EXCTL_NAME_AKA, json_string_value(v),
                                        json_string_length(v), "", "ja")))
                return rc;
        }
    }
    json_array_foreach(addrs, i, v) {
        if (!json_is_string(v))
            continue;
        const char *a = json_string_value(v);
        size_t an = json_string_length(v);
        if (i + 1 == naddr) {
            /* the last item names the country */
            if (glued) {
                if ((rc = xc_ent_country(e, EXCTL_COUNTRY_ADDRESS, cc, strlen(cc))))
                    return rc;
                continue;
            }
            const char *code = xc_country_code(a, an);
            if ((rc = xc_ent_country(e, EXCTL_COUNTRY_ADDRESS, code ? code : a,
                                     code ? strlen(code) : an)))
                return rc;
            if (code)
                continue;
        }
        if ((rc = xc_ent_field(e, EXCTL_FIELD_ADDRESS, a, an)))
            return rc;
    }
    const char *type = str_of(rec, "entity_type", &tn);
    exctl_schema sc = EXCTL_SCHEMA_ORGANIZATION;
    if (tn && exctl_schema_parse(type, &sc) != EXCTL_OK)
        sc = EXCTL_SCHEMA_UNKNOWN;
    e->schema = (uint8_t)sc;
    const char *reason = str_of(rec, "reason", &rn);
    if (rn) {
        if ((rc = add_concerns(ctx, e, reason, rn)) ||
            (rc = xc_ent_field(e, EXCTL_FIELD_REMARK, reason, rn)))
            return rc;
    }
    const char *added = str_of(rec, "date_added", &dn);
    if (dn && (rc = xc_ent_listed_on(e, added, dn)))
        return rc;
    return EXCTL_OK;
}

/* The list date from METI's press-release URL (".../press/2025/09/
 * 20250929006/..."), the only dated thing in the file. */
static void date_from_url(exctl_list *l, const char *url)
{
    for (const char *p = url; p && *p; p++) {
        if (p[0] == '/' && !strncmp(p + 1, "20", 2)) {
            size_t k = 1;
            while (p[k] >= '0' && p[k] <= '9')
                k++;
            if (k - 1 == 11) {
                char in[11] = {p[1], p[2], p[3], p[4], '-', p[5], p[6], '-', p[7], p[8], 0};
                char out[11];
                if (xc_date_norm(in, 10, false, out) == EXCTL_OK) {
                    xc_list_meta(l, "date", out);
                    return;
                }
            }
        }
    }
}

static int load(xc_load *ctx)
{
    int rc = EXCTL_OK;
    char *fixed = NULL;
    size_t flen = 0;
    json_t *root = NULL;
    if ((rc = fu_utf8_scan(ctx, &fixed, &flen)))
        goto out;
    const char *data = fixed ? fixed : ctx->data;
    size_t len = fixed ? flen : ctx->len;
    size_t bom = fu_bom(data, len);
    json_error_t jerr;
    rc = fu_json_parse(data + bom, len - bom, JSON_ALLOW_NUL, &root, &jerr);
    if (rc == EXCTL_ENOMEM) {
        rc = xc_err(ctx->eb, rc, "%s: out of memory", ctx->path);
        goto out;
    }
    if (rc) {
        rc = xc_err(ctx->eb, EXCTL_EPARSE, "%s:%d: %s", ctx->path, jerr.line, jerr.text);
        goto out;
    }
    if (!json_is_array(root)) {
        rc = xc_err(ctx->eb, EXCTL_EPARSE, "%s:1: expected a JSON array of entities",
                    ctx->path);
        goto out;
    }
    size_t i;
    json_t *rec;
    bool meta = false;
    json_array_foreach(root, i, rec) {
        ctx->list->rows++;
        size_t idn = 0;
        const char *id = json_is_object(rec) ? str_of(rec, "id", &idn) : "";
        char qid[160];
        int ql = snprintf(qid, sizeof qid, "\"%.*s\"", (int)(idn > 150 ? 150 : idn), id);
        rec_loc where = {data, qid, len, idn ? (size_t)ql : 0};
        const char *why = NULL;
        if (!json_is_object(rec)) {
            rc = xc_load_bad(ctx, 0, EXCTL_EPARSE, "record %zu is not an object", i + 1);
        } else if (!idn) {
            rc = xc_load_bad(ctx, 0, EXCTL_EPARSE, "record %zu has no \"id\"", i + 1);
        } else if ((rc = check_strings(rec, &why)) != EXCTL_OK) {
            rc = xc_load_bad(ctx, loc_line(&where), rc, "record '%.*s': %s",
                             (int)(idn > 80 ? 80 : idn),
                             id, why);
        } else {
            rc = build(ctx, rec, id, idn, &where);
            if (rc == EXCTL_ENOMEM)
                rc = xc_err(ctx->eb, rc, "%s: out of memory", ctx->path);
            if (!meta && !rc) {
                size_t n;
                const char *s = str_of(rec, "source_list_name", &n);
                if (n)
                    xc_list_meta(ctx->list, "name", s);
                s = str_of(rec, "source_url", &n);
                if (n) {
                    xc_list_meta(ctx->list, "url", s);
                    date_from_url(ctx->list, s);
                }
                meta = true;
            }
        }
        if (rc)
            goto out;
    }
out:
    json_decref(root);
    free(fixed);
    return rc;
}

const xc_format xc_fmt_meti = {"meti-json", sniff, load, "METI End User List",
                               "METI (Japan)",
                               "https://www.meti.go.jp/policy/anpo/law05.html"};
