/*
 * FollowTheMoney entities as JSON lines ("ftm-json"), the OpenSanctions
 * exchange format, and the format `exctl export --ftm` writes.
 *
 * Party schemata (Person, Organization, Company, PublicBody, LegalEntity,
 * Vessel, Airplane) become entities; the FtM id is the entity id. Other
 * schemata are not parties but often carry a party's evidence in
 * OpenSanctions data, so they are kept until the end of the file (they may
 * precede the party they point at) and then attached:
 *
 *   Sanction            entity -> programme, listing date, reason (remark)
 *   Passport,
 *   Identification      holder -> identifier with number, country, type
 *   CryptoWallet        holder -> crypto address with its currency
 *   Address             referenced by a party's addressEntity -> address
 *
 * Every line counts as a source record; lines of other schemata (Ownership,
 * Family, ...) and attachments whose party is not in the file are counted in
 * the records but add nothing — they are links between parties, not
 * evidence about one, so nothing that screening uses is dropped.
 *
 * Lines written by exctl carry exctlName / exctlCountry / exctlIdentifier
 * (see ftm_out.c); when present they replace the lossy standard properties
 * for that concept, which makes the export/load round trip exact.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "fmt_util.h"
#include "ftm.h"

typedef struct pending {
    json_t **v;
    size_t n, cap;
} pending;

static int pending_push(pending *p, json_t *o)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        json_t **nv = realloc(p->v, cap * sizeof *nv);
        if (!nv)
            return EXCTL_ENOMEM;
        p->v = nv;
        p->cap = cap;
    }
    p->v[p->n++] = o;
    return EXCTL_OK;
}

static void pending_free(pending *p)
{
    for (size_t i = 0; i < p->n; i++)
        json_decref(p->v[i]);
    free(p->v);
}

/* Strings of property `name` (non-string items are rejected at parse). */
#define FOR_VALUES(props, name, i, s)                                          \
    for (size_t i = 0, i##_n = json_array_size(json_object_get(props, name)); \
         i < i##_n &&                                                          \
         ((s) = json_string_value(json_array_get(json_object_get(props, name), i)), 1); \
         i++)

static int enum_parse(const char *(*namer)(int), int count, const char *s)
{
    for (int i = 0; i < count; i++)
        if (!strcmp(namer(i), s))
            return i;
    return -1;
}

static const char *kind_namer(int i) { return exctl_name_kind_name((exctl_name_kind)i); }
static const char *role_namer(int i) { return exctl_country_role_name((exctl_country_role)i); }
static const char *type_namer(int i) { return exctl_id_type_name((exctl_id_type)i); }

/* Scratch for decoding extension tuples (see xc_ftm_tuple_decode). */
typedef struct tup {
    char *buf;
    size_t cap;
    const char *v[4];
} tup;

static int tuple(tup *t, const char *s, size_t want)
{
    size_t n = strlen(s) + 1;
    if (n > t->cap) {
        char *nb = realloc(t->buf, n);
        if (!nb)
            return EXCTL_ENOMEM;
        t->buf = nb;
        t->cap = n;
    }
    return xc_ftm_tuple_decode(s, t->buf, t->v, want);
}

static int names(exctl_entity *e, json_t *props, tup *tp)
{
    const char *s;
    int rc = EXCTL_OK;
    if (json_object_get(props, "exctlName")) {
        FOR_VALUES(props, "exctlName", i, s) {
            if ((rc = tuple(tp, s, 3)))
                return rc;
            int k = enum_parse(kind_namer, EXCTL_NAME_ORIGINAL + 1, tp->v[0]);
            if (k < 0)
                return EXCTL_EPARSE;
            const char *text = tp->v[2];
            if ((rc = xc_ent_name(e, (exctl_name_kind)k, text, strlen(text), tp->v[1])))
                return rc;
        }
        return EXCTL_OK;
    }
    /* Standard properties; original-script names are plain aliases in FtM. */
    static const struct { const char *p; exctl_name_kind k; } std[] = {
        {"name", EXCTL_NAME_PRIMARY}, {"alias", EXCTL_NAME_AKA},
        {"weakAlias", EXCTL_NAME_WEAK_AKA}, {"previousName", EXCTL_NAME_FKA},
    };
    for (size_t p = 0; p < XC_ARRAY_LEN(std); p++)
        FOR_VALUES(props, std[p].p, i, s) {
            exctl_name_kind k = std[p].k;
            const char *script = xc_script_of(s, strlen(s));
            if (k == EXCTL_NAME_AKA && strcmp(script, "Latn") && strcmp(script, "Zyyy"))
                k = EXCTL_NAME_ORIGINAL;
            if ((rc = xc_ent_name(e, k, s, strlen(s), NULL)))
                return rc;
        }
    return EXCTL_OK;
}

static int countries(exctl_entity *e, json_t *props, tup *tp)
{
    const char *s;
    int rc;
    if (json_object_get(props, "exctlCountry")) {
        FOR_VALUES(props, "exctlCountry", i, s) {
            if ((rc = tuple(tp, s, 2)))
                return rc;
            int r = enum_parse(role_namer, EXCTL_COUNTRY_FLAG + 1, tp->v[0]);
            if (r < 0)
                return EXCTL_EPARSE;
            if ((rc = xc_ent_country(e, (exctl_country_role)r, tp->v[1], strlen(tp->v[1]))))
                return rc;
        }
        return EXCTL_OK;
    }
    /* Standard: each role's property; "country" is the generic one. */
    static const struct { const char *p; exctl_country_role r; } std[] = {
        {"nationality", EXCTL_COUNTRY_NATIONALITY}, {"citizenship", EXCTL_COUNTRY_CITIZENSHIP},
        {"jurisdiction", EXCTL_COUNTRY_REGISTRATION}, {"birthCountry", EXCTL_COUNTRY_BIRTH},
        {"flag", EXCTL_COUNTRY_FLAG}, {"country", EXCTL_COUNTRY_OTHER},
        {"mainCountry", EXCTL_COUNTRY_OTHER},
    };
    for (size_t p = 0; p < XC_ARRAY_LEN(std); p++)
        FOR_VALUES(props, std[p].p, i, s)
            if ((rc = xc_ent_country(e, std[p].r, s, strlen(s))))
                return rc;
    return EXCTL_OK;
}

static int idents(exctl_entity *e, json_t *props, tup *tp)
{
    const char *s;
    int rc;
    if (json_object_get(props, "exctlIdentifier")) {
        FOR_VALUES(props, "exctlIdentifier", i, s) {
            if ((rc = tuple(tp, s, 4)))
                return rc;
            int ty = enum_parse(type_namer, EXCTL_ID_AIRCRAFT + 1, tp->v[0]);
            if (ty < 0)
                return EXCTL_EPARSE;
            if ((rc = xc_ent_ident(e, (exctl_id_type)ty, tp->v[1], strlen(tp->v[1]), tp->v[2],
                                   tp->v[3])))
                return rc;
        }
        return EXCTL_OK;
    }
    static const struct { const char *p; exctl_id_type t; } std[] = {
        {"passportNumber", EXCTL_ID_PASSPORT}, {"idNumber", EXCTL_ID_OTHER},
        {"imoNumber", EXCTL_ID_IMO},           {"callSign", EXCTL_ID_CALL_SIGN},
        {"registrationNumber", EXCTL_ID_REGISTRATION}, {"swiftBic", EXCTL_ID_SWIFT_BIC},
        {"taxNumber", EXCTL_ID_TAX},           {"innCode", EXCTL_ID_TAX},
        {"vatCode", EXCTL_ID_TAX},             {"ogrnCode", EXCTL_ID_REGISTRATION},
        {"leiCode", EXCTL_ID_REGISTRATION},    {"mmsi", EXCTL_ID_OTHER},
        {"cryptoWallet", EXCTL_ID_CRYPTO},     {"serialNumber", EXCTL_ID_AIRCRAFT},
    };
    for (size_t p = 0; p < XC_ARRAY_LEN(std); p++)
        FOR_VALUES(props, std[p].p, i, s) {
            /* OpenSanctions writes IMO numbers as "IMO9123456". */
            if (std[p].t == EXCTL_ID_IMO && !strncmp(s, "IMO", 3))
                s += 3;
            if ((rc = xc_ent_ident(e, std[p].t, s, strlen(s), NULL, NULL)))
                return rc;
        }
    return EXCTL_OK;
}

/* Length of a date value: an ISO date-time keeps only its date part; any
 * other text is kept whole (exact round trip of what a loader stored). */
static size_t date_len(const char *s)
{
    size_t n = strlen(s);
    return n > 10 && s[10] == 'T' ? 10 : n;
}

static int fields(exctl_entity *e, json_t *props)
{
    const char *s;
    int rc;
    for (size_t f = 0; f < xc_ftm_n_field_props; f++)
        FOR_VALUES(props, xc_ftm_field_props[f].prop, i, s)
            if ((rc = xc_ent_field(e, (exctl_field)xc_ftm_field_props[f].value, s, strlen(s))))
                return rc;
    /* Read-only synonyms found in OpenSanctions data. */
    static const struct { const char *p; exctl_field f; } more[] = {
        {"title", EXCTL_FIELD_TITLE}, {"programId", EXCTL_FIELD_PROGRAM},
        {"summary", EXCTL_FIELD_REMARK}, {"description", EXCTL_FIELD_REMARK},
    };
    for (size_t p = 0; p < XC_ARRAY_LEN(more); p++)
        FOR_VALUES(props, more[p].p, i, s)
            if ((rc = xc_ent_field(e, more[p].f, s, strlen(s))))
                return rc;
    FOR_VALUES(props, "createdAt", i, s) {
        if (!*xc_ent_listed(e) && (rc = xc_ent_listed_on(e, s, date_len(s))))
            return rc;
    }
    return EXCTL_OK;
}

/* Every property must be an array of strings. */
static bool props_valid(json_t *props)
{
    const char *k;
    json_t *v;
    json_object_foreach(props, k, v) {
        if (!json_is_array(v))
            return false;
        size_t i;
        json_t *it;
        json_array_foreach(v, i, it)
            if (!json_is_string(it))
                return false;
    }
    return true;
}

static int party(xc_load *ctx, size_t line, json_t *o, const char *id, int schema, tup *tp)
{
    json_t *props = json_object_get(o, "properties");
    bool created;
    exctl_entity *e = xc_ent_get(ctx->list, id, strlen(id), &created);
    if (!e)
        return EXCTL_ENOMEM;
    if (!created)
        return xc_load_bad(ctx, line, EXCTL_EPARSE, "duplicate entity id '%.80s'", id);
    e->schema = (uint8_t)schema;
    int rc;
    if ((rc = names(e, props, tp)) || (rc = countries(e, props, tp)) || (rc = idents(e, props, tp)) ||
        (rc = fields(e, props))) {
        if (rc == EXCTL_ENOMEM)
            return rc;
        xc_ent_drop_last(ctx->list);
        return xc_load_bad(ctx, line, rc, "malformed property value in entity '%.80s'", id);
    }
    if (e->n_names == 0) {
        xc_ent_drop_last(ctx->list);
        return xc_load_bad(ctx, line, EXCTL_EPARSE, "entity '%.80s' has no name", id);
    }
    return EXCTL_OK;
}

/* --- attachments ----------------------------------------------------------- */

static const char *first(json_t *props, const char *name)
{
    const char *s = json_string_value(json_array_get(json_object_get(props, name), 0));
    return s ? s : "";
}

static exctl_entity *target(xc_load *ctx, json_t *props, const char *name)
{
    const char *id = first(props, name);
    return *id ? xc_ent_find(ctx->list, id, strlen(id)) : NULL;
}

static int attach(xc_load *ctx, json_t *o, const xc_map *addrs, pending *all)
{
    const char *schema = json_string_value(json_object_get(o, "schema"));
    json_t *props = json_object_get(o, "properties");
    const char *s;
    int rc = EXCTL_OK;
    exctl_entity *e;
    if (!strcmp(schema, "Sanction")) {
        if (!(e = target(ctx, props, "entity")))
            return EXCTL_OK;
        FOR_VALUES(props, "program", i, s)
            if ((rc = xc_ent_field(e, EXCTL_FIELD_PROGRAM, s, strlen(s))))
                return rc;
        FOR_VALUES(props, "reason", i, s)
            if ((rc = xc_ent_field(e, EXCTL_FIELD_REMARK, s, strlen(s))))
                return rc;
        const char *d = first(props, "listingDate");
        if (!*d)
            d = first(props, "startDate");
        if (*d && !*xc_ent_listed(e))
            rc = xc_ent_listed_on(e, d, date_len(d));
    } else if (!strcmp(schema, "Passport") || !strcmp(schema, "Identification")) {
        if (!(e = target(ctx, props, "holder")))
            return EXCTL_OK;
        exctl_id_type t = schema[0] == 'P' ? EXCTL_ID_PASSPORT : EXCTL_ID_OTHER;
        const char *type = first(props, "type");
        if (t == EXCTL_ID_OTHER && (strstr(type, "assport")))
            t = EXCTL_ID_PASSPORT;
        else if (t == EXCTL_ID_OTHER && strstr(type, "ational"))
            t = EXCTL_ID_NATIONAL;
        FOR_VALUES(props, "number", i, s)
            if ((rc = xc_ent_ident(e, t, s, strlen(s), first(props, "country"), type)))
                return rc;
    } else if (!strcmp(schema, "CryptoWallet")) {
        if (!(e = target(ctx, props, "holder")))
            return EXCTL_OK;
        FOR_VALUES(props, "publicKey", i, s)
            if ((rc = xc_ent_ident(e, EXCTL_ID_CRYPTO, s, strlen(s), NULL,
                                   first(props, "currency"))))
                return rc;
    } else if (xc_ftm_schema_parse(schema) >= 0) {
        /* A party: resolve its addressEntity references. */
        const char *id = json_string_value(json_object_get(o, "id"));
        if (!(e = xc_ent_find(ctx->list, id, strlen(id))))
            return EXCTL_OK;
        FOR_VALUES(props, "addressEntity", i, s) {
            uint32_t ix;
            if (!xc_map_get(addrs, s, strlen(s), &ix))
                continue;
            json_t *ap = json_object_get(all->v[ix], "properties");
            const char *full = first(ap, "full");
            if ((rc = xc_ent_field(e, EXCTL_FIELD_ADDRESS, full, strlen(full))))
                return rc;
            const char *c;
            FOR_VALUES(ap, "country", j, c)
                if ((rc = xc_ent_country(e, EXCTL_COUNTRY_ADDRESS, c, strlen(c))))
                    return rc;
        }
    }
    return rc;
}

/* --- lines ----------------------------------------------------------------- */

static int line(xc_load *ctx, size_t lineno, const char *s, size_t n, pending *keep, tup *tp)
{
    if (!xc_utf8_valid(s, n))
        return xc_load_bad(ctx, lineno, EXCTL_EUTF8, "invalid UTF-8");
    json_error_t jerr;
    json_t *o = NULL;
    int prc = fu_json_parse(s, n, JSON_REJECT_DUPLICATES, &o, &jerr);
    if (prc == EXCTL_ENOMEM)
        return prc;
    if (prc)
        return xc_load_bad(ctx, lineno, EXCTL_EPARSE, "%s", jerr.text);
    int rc = EXCTL_OK;
    const char *id = json_string_value(json_object_get(o, "id"));
    const char *schema = json_string_value(json_object_get(o, "schema"));
    json_t *props = json_object_get(o, "properties");
    if (!json_is_object(o) || !id || !*id || !schema) {
        rc = xc_load_bad(ctx, lineno, EXCTL_EPARSE, "not an FtM entity (needs id and schema)");
        goto out;
    }
    if (!props) {
        props = json_object();
        if (!props || json_object_set_new(o, "properties", props)) {
            rc = EXCTL_ENOMEM;
            goto out;
        }
    }
    if (!json_is_object(props) || !props_valid(props)) {
        rc = xc_load_bad(ctx, lineno, EXCTL_EPARSE,
                         "\"properties\" must map names to arrays of strings");
        goto out;
    }
    int sc = xc_ftm_schema_parse(schema);
    if (sc >= 0 && (rc = party(ctx, lineno, o, id, sc, tp)))
        goto out;
    /* Parties are kept too, for their addressEntity references. */
    if ((rc = pending_push(keep, o)) == EXCTL_OK)
        o = NULL;
out:
    json_decref(o);
    return rc;
}

static int load(xc_load *ctx)
{
    pending keep = {0};
    tup tp = {0};
    xc_map addrs;
    xc_map_init(&addrs);
    int rc = EXCTL_OK;
    const char *p = ctx->data, *end = ctx->data + ctx->len;
    if (end - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    for (size_t lineno = 1; p < end; lineno++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        size_t n = (size_t)(e - p);
        const char *s = xc_trim(p, &n);
        if (n) {
            ctx->list->rows++;
            if ((rc = line(ctx, lineno, s, n, &keep, &tp))) {
                if (rc == EXCTL_ENOMEM)
                    xc_err(ctx->eb, rc, "%s:%zu: out of memory", ctx->path, lineno);
                goto out;
            }
        }
        p = nl ? nl + 1 : end;
    }
    for (size_t i = 0; i < keep.n; i++) {
        const char *schema = json_string_value(json_object_get(keep.v[i], "schema"));
        if (!strcmp(schema, "Address")) {
            const char *id = json_string_value(json_object_get(keep.v[i], "id"));
            if ((rc = xc_map_put(&addrs, id, strlen(id), (uint32_t)i)))
                goto out;
        }
    }
    for (size_t i = 0; i < keep.n; i++)
        if ((rc = attach(ctx, keep.v[i], &addrs, &keep))) {
            xc_err(ctx->eb, rc, "%s: attaching '%.80s': %s", ctx->path,
                   json_string_value(json_object_get(keep.v[i], "id")), exctl_strerror(rc));
            goto out;
        }
    if (ctx->list->n_ents == 0)
        rc = xc_load_bad(ctx, 0, EXCTL_EPARSE, "no party entities");
out:
    free(tp.buf);
    xc_map_free(&addrs);
    pending_free(&keep);
    return rc;
}

/* First non-blank line: a JSON object with "schema" and "properties". */
static int sniff(const char *path, const char *data, size_t len)
{
    (void)path;
    size_t i = 0;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
        i++;
    if (i >= len || data[i] != '{')
        return 0;
    size_t lim = len - i < 65536 ? len - i : 65536;
    const char *nl = memchr(data + i, '\n', lim);
    size_t n = nl ? (size_t)(nl - data - i) : lim;
    bool schema = false, props = false;
    for (size_t k = i; k + 12 <= i + n; k++) {
        if (!memcmp(data + k, "\"schema\"", 8))
            schema = true;
        if (!memcmp(data + k, "\"properties\"", 12))
            props = true;
    }
    return schema && props ? 90 : (schema ? 40 : 0);
}

const xc_format xc_fmt_ftm = {"ftm-json", sniff, load, "FollowTheMoney entities",
                              "", "https://followthemoney.tech/"};
