/*
 * FollowTheMoney output: one entity as one JSON line.
 *
 * The line is a valid FtM entity for other tools (standard schemata and
 * property names, every value a string in an array) and, at the same time,
 * an exact serialisation of the exctl model so that loading it back with the
 * ftm-json loader gives the same entities. Where FtM is lossy for our model
 * (the kind and language of each name, the role of each country, the type,
 * country and note of each identifier) three extension properties carry the
 * exact data, each value being a small JSON array in a string:
 *
 *   exctlName        ["<kind>", "<lang>", "<name>"]
 *   exctlCountry     ["<role>", "<country>"]
 *   exctlIdentifier  ["<type>", "<value>", "<country>", "<note>"]
 *
 * When they are present the loader uses them instead of the lossy standard
 * properties. The entity id is "<list id>:<entity id>" (FtM ids are global,
 * ours are per list; this is also the form `exctl show` accepts), except for
 * lists that were themselves loaded from FtM, whose ids are already global.
 * Keys are sorted and values keep model order, so output is deterministic.
 */
#include <stdlib.h>
#include <string.h>
#include "ftm.h"

const xc_ftm_prop xc_ftm_name_props[] = {
    {"name", EXCTL_NAME_PRIMARY},      {"alias", EXCTL_NAME_AKA},
    {"weakAlias", EXCTL_NAME_WEAK_AKA}, {"previousName", EXCTL_NAME_FKA},
    {"alias", EXCTL_NAME_ORIGINAL},
};
const xc_ftm_prop xc_ftm_country_props[] = {
    {"country", EXCTL_COUNTRY_OTHER},          {"nationality", EXCTL_COUNTRY_NATIONALITY},
    {"citizenship", EXCTL_COUNTRY_CITIZENSHIP}, {"country", EXCTL_COUNTRY_ADDRESS},
    {"jurisdiction", EXCTL_COUNTRY_REGISTRATION}, {"birthCountry", EXCTL_COUNTRY_BIRTH},
    {"flag", EXCTL_COUNTRY_FLAG},
};
const xc_ftm_prop xc_ftm_ident_props[] = {
    {"idNumber", EXCTL_ID_OTHER},          {"passportNumber", EXCTL_ID_PASSPORT},
    {"idNumber", EXCTL_ID_NATIONAL},       {"imoNumber", EXCTL_ID_IMO},
    {"callSign", EXCTL_ID_CALL_SIGN},      {"registrationNumber", EXCTL_ID_REGISTRATION},
    {"swiftBic", EXCTL_ID_SWIFT_BIC},      {"cryptoWallet", EXCTL_ID_CRYPTO},
    {"taxNumber", EXCTL_ID_TAX},           {"registrationNumber", EXCTL_ID_AIRCRAFT},
};
const xc_ftm_prop xc_ftm_field_props[] = {
    {"address", EXCTL_FIELD_ADDRESS},   {"birthDate", EXCTL_FIELD_BIRTH_DATE},
    {"birthPlace", EXCTL_FIELD_BIRTH_PLACE}, {"program", EXCTL_FIELD_PROGRAM},
    {"notes", EXCTL_FIELD_REMARK},      {"position", EXCTL_FIELD_TITLE},
    {"gender", EXCTL_FIELD_GENDER},
};
const size_t xc_ftm_n_name_props = XC_ARRAY_LEN(xc_ftm_name_props);
const size_t xc_ftm_n_country_props = XC_ARRAY_LEN(xc_ftm_country_props);
const size_t xc_ftm_n_ident_props = XC_ARRAY_LEN(xc_ftm_ident_props);
const size_t xc_ftm_n_field_props = XC_ARRAY_LEN(xc_ftm_field_props);

static const struct { const char *name; exctl_schema s; } schemata[] = {
    {"LegalEntity", EXCTL_SCHEMA_UNKNOWN}, {"Person", EXCTL_SCHEMA_PERSON},
    {"Organization", EXCTL_SCHEMA_ORGANIZATION}, {"Vessel", EXCTL_SCHEMA_VESSEL},
    {"Airplane", EXCTL_SCHEMA_AIRCRAFT},
    /* Read-only aliases (never written). */
    {"Company", EXCTL_SCHEMA_ORGANIZATION}, {"PublicBody", EXCTL_SCHEMA_ORGANIZATION},
};

const char *xc_ftm_schema_name(exctl_schema s)
{
    for (size_t i = 0; i < XC_ARRAY_LEN(schemata); i++)
        if (schemata[i].s == s)
            return schemata[i].name;
    return "LegalEntity";
}

int xc_ftm_schema_parse(const char *name)
{
    for (size_t i = 0; i < XC_ARRAY_LEN(schemata); i++)
        if (!strcmp(schemata[i].name, name))
            return (int)schemata[i].s;
    return -1;
}

static const char *prop_for(const xc_ftm_prop *t, size_t n, int v)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].value == v)
            return t[i].prop;
    return NULL;
}

int xc_ftm_tuple_encode(xc_buf *b, const char *const *v, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    int rc = xc_buf_putc(b, '[');
    for (size_t i = 0; i < n && !rc; i++) {
        if (i)
            rc = xc_buf_putc(b, ',');
        if (!rc)
            rc = xc_buf_putc(b, '"');
        for (const unsigned char *p = (const unsigned char *)v[i]; *p && !rc; p++) {
            if (*p == '"' || *p == '\\') {
                char esc[2] = {'\\', (char)*p};
                rc = xc_buf_append(b, esc, 2);
            } else if (*p < 0x20) {
                char esc[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
                rc = xc_buf_append(b, esc, 6);
            } else {
                rc = xc_buf_putc(b, (char)*p);
            }
        }
        if (!rc)
            rc = xc_buf_putc(b, '"');
    }
    return rc ? rc : xc_buf_putc(b, ']');
}

static int hex4(const char *s, uint32_t *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return EXCTL_EPARSE;
        *v = *v << 4 | (uint32_t)d;
    }
    return EXCTL_OK;
}

int xc_ftm_tuple_decode(const char *s, char *scratch, const char **out, size_t want)
{
    char *w = scratch;
    size_t got = 0;
    if (*s++ != '[')
        return EXCTL_EPARSE;
    while (got < want) {
        if (got && *s++ != ',')
            return EXCTL_EPARSE;
        if (*s++ != '"')
            return EXCTL_EPARSE;
        out[got++] = w;
        for (;;) {
            char c = *s++;
            if (c == '\0' || (unsigned char)c < 0x20)
                return EXCTL_EPARSE;
            if (c == '"')
                break;
            if (c != '\\') {
                *w++ = c;
                continue;
            }
            c = *s++;
            static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
            const char *k = c ? strchr(from, c) : NULL;
            if (k) {
                *w++ = to[k - from];
                continue;
            }
            uint32_t cp, lo;
            if (c != 'u' || hex4(s, &cp))
                return EXCTL_EPARSE;
            s += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (s[0] != '\\' || s[1] != 'u' || hex4(s + 2, &lo) || lo < 0xDC00 ||
                    lo > 0xDFFF)
                    return EXCTL_EPARSE;
                s += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return EXCTL_EPARSE;
            }
            w += xc_utf8_encode(cp, w);
        }
        *w++ = '\0';
    }
    return (*s == ']' && s[1] == '\0') ? EXCTL_OK : EXCTL_EPARSE;
}

/* The entity is written directly rather than built as a jansson tree and
 * dumped: one allocation per value and a hash lookup per property made FtM
 * output the larger part of writing a list (and of the list fuzz harnesses).
 * The bytes are the ones json_dumps(JSON_COMPACT | JSON_SORT_KEYS) gave:
 * keys sorted with strcmp, values of one property in model order, the same
 * escapes (\" \\ \b \f \n \r \t, other controls as \u00XX in capitals),
 * non-ASCII UTF-8 as is. */

/* One property value: a string of the model, or a tuple encoded in `tuples`. */
typedef struct ftm_item {
    const char *prop;
    const char *s;    /* NULL: the tuple at tuples.data + off */
    size_t off;
    size_t seq;       /* order of addition, kept within a property */
} ftm_item;

typedef struct ftm_props {
    ftm_item *v;
    size_t n, cap;
    xc_buf tuples;
} ftm_props;

static int add(ftm_props *p, const char *prop, const char *s)
{
    if (!prop || !s)
        return EXCTL_EINVAL;
    if (p->n == p->cap)
        return EXCTL_EINVAL;   /* the count in exctl_entity_to_ftm is exact */
    p->v[p->n] = (ftm_item){prop, s, 0, p->n};
    p->n++;
    return EXCTL_OK;
}

/* Add an extension tuple to the array property `prop`. */
static int add_tuple(ftm_props *p, const char *prop, const char *const *v, size_t n)
{
    size_t off = p->tuples.len;
    int rc = xc_ftm_tuple_encode(&p->tuples, v, n);
    if (!rc)
        rc = xc_buf_putc(&p->tuples, '\0');
    if (rc)
        return rc;
    if (p->n == p->cap)
        return EXCTL_EINVAL;
    p->v[p->n] = (ftm_item){prop, NULL, off, p->n};
    p->n++;
    return EXCTL_OK;
}

static int fill(const exctl_entity *e, ftm_props *props)
{
    int rc = EXCTL_OK;
    for (uint32_t i = 0; i < e->n_names && !rc; i++) {
        const xc_name *n = &e->names[i];
        rc = add(props, prop_for(xc_ftm_name_props, xc_ftm_n_name_props, n->kind), n->text);
        const char *t[3] = {exctl_name_kind_name((exctl_name_kind)n->kind), xc_name_lang(n), n->text};
        if (!rc)
            rc = add_tuple(props, "exctlName", t, 3);
    }
    for (uint32_t i = 0; i < e->n_countries && !rc; i++) {
        const xc_country *c = &e->countries[i];
        const char *p = prop_for(xc_ftm_country_props, xc_ftm_n_country_props, c->role);
        rc = add(props, p ? p : "country", c->code);
        const char *t[2] = {exctl_country_role_name((exctl_country_role)c->role), c->code};
        if (!rc)
            rc = add_tuple(props, "exctlCountry", t, 2);
    }
    for (uint32_t i = 0; i < e->n_idents && !rc; i++) {
        const xc_ident *d = &e->idents[i];
        const char *p = prop_for(xc_ftm_ident_props, xc_ftm_n_ident_props, d->type);
        rc = add(props, p ? p : "idNumber", d->value);
        const char *t[4] = {exctl_id_type_name((exctl_id_type)d->type), d->value, d->country,
                            d->note};
        if (!rc)
            rc = add_tuple(props, "exctlIdentifier", t, 4);
    }
    for (size_t f = 0; f < xc_ftm_n_field_props && !rc; f++) {
        const xc_strs *v = &e->fields[xc_ftm_field_props[f].value];
        for (uint32_t i = 0; i < v->n && !rc; i++)
            rc = add(props, xc_ftm_field_props[f].prop, v->v[i]);
    }
    if (!rc && *xc_ent_listed(e))
        rc = add(props, "createdAt", xc_ent_listed(e));
    return rc;
}

static int cmp_item(const void *a, const void *b)
{
    const ftm_item *x = a, *y = b;
    int c = strcmp(x->prop, y->prop);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* s as a JSON string. Invalid UTF-8 is refused (jansson refused it too). */
static int put_str(xc_buf *b, const char *s)
{
    size_t n = strlen(s);
    if (!xc_utf8_valid(s, n))
        return EXCTL_EUTF8;
    int rc = xc_buf_reserve(b, n + 2);
    if (!rc)
        rc = xc_buf_putc(b, '"');
    const char *run = s;
    for (const char *p = s; *p && !rc; p++) {
        char esc[6];
        size_t el = xc_json_escape((unsigned char)*p, esc);
        if (!el)
            continue;
        if (p > run)
            rc = xc_buf_append(b, run, (size_t)(p - run));
        run = p + 1;
        if (!rc)
            rc = xc_buf_append(b, esc, el);
    }
    if (!rc && s + n > run)
        rc = xc_buf_append(b, run, (size_t)(s + n - run));
    return rc ? rc : xc_buf_putc(b, '"');
}

int exctl_entity_to_ftm(const exctl_entity *e, char **out)
{
    int rc = EXCTL_OK;
    if (!out)
        return EXCTL_EINVAL;
    *out = NULL;
    if (!e)
        return EXCTL_EINVAL;
    const exctl_list *l = e->list;
    bool global = l->format && !strcmp(l->format, "ftm-json");
    xc_buf b, id;
    xc_buf_init(&b);
    xc_buf_init(&id);
    ftm_props props = {0};
    xc_buf_init(&props.tuples);
    props.cap = 2 * ((size_t)e->n_names + e->n_countries + e->n_idents) + 1;
    for (size_t f = 0; f < xc_ftm_n_field_props; f++)
        props.cap += e->fields[xc_ftm_field_props[f].value].n;
    if (!(props.v = malloc(props.cap * sizeof *props.v))) {
        rc = EXCTL_ENOMEM;
        goto out;
    }
    if (!global && ((rc = xc_buf_puts(&id, l->id)) || (rc = xc_buf_putc(&id, ':'))))
        goto out;
    if ((rc = xc_buf_puts(&id, e->id)) || (rc = fill(e, &props)))
        goto out;
    qsort(props.v, props.n, sizeof *props.v, cmp_item);
    if ((rc = xc_buf_puts(&b, "{\"datasets\":[")) || (rc = put_str(&b, l->id)) ||
        (rc = xc_buf_puts(&b, "],\"id\":")) || (rc = put_str(&b, xc_buf_cstr(&id))) ||
        (rc = xc_buf_puts(&b, ",\"properties\":{")))
        goto out;
    for (size_t i = 0; i < props.n && !rc; i++) {
        const ftm_item *it = &props.v[i];
        bool first = i == 0 || strcmp(props.v[i - 1].prop, it->prop);
        bool last = i + 1 == props.n || strcmp(props.v[i + 1].prop, it->prop);
        if (first) {
            if (i)
                rc = xc_buf_putc(&b, ',');
            if (!rc)
                rc = put_str(&b, it->prop);
            if (!rc)
                rc = xc_buf_puts(&b, ":[");
        } else {
            rc = xc_buf_putc(&b, ',');
        }
        if (!rc)
            rc = put_str(&b, it->s ? it->s : props.tuples.data + it->off);
        if (!rc && last)
            rc = xc_buf_putc(&b, ']');
    }
    if (rc || (rc = xc_buf_puts(&b, "},\"schema\":")) ||
        (rc = put_str(&b, xc_ftm_schema_name((exctl_schema)e->schema))) ||
        (rc = xc_buf_putc(&b, '}')))
        goto out;
    xc_buf_cstr(&b);
    if (!(*out = xc_buf_steal(&b)))
        rc = EXCTL_ENOMEM;
out:
    xc_buf_free(&b);
    xc_buf_free(&id);
    xc_buf_free(&props.tuples);
    free(props.v);
    return rc;
}
