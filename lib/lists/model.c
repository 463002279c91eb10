/*
 * The party-list model: list sets, lists, entity builders and accessors.
 *
 * Entity ids are unique within a list (the builder merges records with the
 * same id, which is how OFAC's address/alias files and the UK's one-row-per-
 * name layout are joined). Strings are cleaned once, at load, so every
 * consumer sees trimmed, single-spaced, valid UTF-8 with full-width ASCII
 * folded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"

int exctl_listset_new(exctl_listset **out)
{
    exctl_listset *ls = calloc(1, sizeof *ls);
    if (!ls)
        return EXCTL_ENOMEM;
    xc_arena_init(&ls->arena);
    *out = ls;
    return EXCTL_OK;
}

static void list_free(exctl_list *l)
{
    if (!l)
        return;
    free(l->ents);
    xc_map_free(&l->by_id);
    free(l);
}

void exctl_listset_free(exctl_listset *ls)
{
    if (!ls)
        return;
    for (size_t i = 0; i < ls->n_lists; i++)
        list_free(ls->lists[i]);
    free(ls->lists);
    xc_arena_free(&ls->arena);
    free(ls);
}

exctl_list *xc_list_new(exctl_listset *ls)
{
    if (ls->n_lists == ls->cap_lists) {
        size_t cap = ls->cap_lists ? ls->cap_lists * 2 : 8;
        exctl_list **nl = realloc(ls->lists, cap * sizeof *nl);
        if (!nl)
            return NULL;
        ls->lists = nl;
        ls->cap_lists = cap;
    }
    exctl_list *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->set = ls;
    l->arena = &ls->arena;
    l->id = l->name = l->publisher = l->source_url = l->date = l->format = "";
    xc_map_init(&l->by_id);
    ls->lists[ls->n_lists++] = l;
    return l;
}

/* Undo xc_list_new for a list whose load failed. */
static void list_pop(exctl_listset *ls, exctl_list *l)
{
    if (ls->n_lists && ls->lists[ls->n_lists - 1] == l) {
        ls->n_lists--;
        list_free(l);
    }
}

int xc_list_meta(exctl_list *l, const char *field, const char *value)
{
    char *v = xc_arena_strdup(l->arena, value ? value : "");
    if (!v)
        return EXCTL_ENOMEM;
    if (!strcmp(field, "id"))
        l->id = v;
    else if (!strcmp(field, "name"))
        l->name = v;
    else if (!strcmp(field, "publisher"))
        l->publisher = v;
    else if (!strcmp(field, "url"))
        l->source_url = v;
    else if (!strcmp(field, "date"))
        l->date = v;
    else if (!strcmp(field, "format"))
        l->format = v;
    else
        return EXCTL_EINVAL;
    return EXCTL_OK;
}

exctl_entity *xc_ent_find(const exctl_list *l, const char *id, size_t idlen)
{
    uint32_t ix;
    if (xc_map_get(&l->by_id, id, idlen, &ix))
        return l->ents[ix];
    return NULL;
}

exctl_entity *xc_ent_get(exctl_list *l, const char *id, size_t idlen, bool *created)
{
    exctl_entity *e = xc_ent_find(l, id, idlen);
    if (created)
        *created = e == NULL;
    if (e)
        return e;
    if (l->n_ents == l->cap_ents) {
        size_t cap = l->cap_ents ? l->cap_ents * 2 : 256;
        exctl_entity **ne = realloc(l->ents, cap * sizeof *ne);
        if (!ne)
            return NULL;
        l->ents = ne;
        l->cap_ents = cap;
    }
    e = xc_arena_alloc(l->arena, sizeof *e);
    if (!e)
        return NULL;
    char *cid = xc_arena_strndup(l->arena, id, idlen);
    if (!cid)
        return NULL;
    e->list = l;
    e->id = cid;
    e->listed_on = "";
    if (xc_map_put(&l->by_id, cid, idlen, (uint32_t)l->n_ents))
        return NULL;
    l->ents[l->n_ents++] = e;
    return e;
}

void xc_ent_drop_last(exctl_list *l)
{
    if (!l->n_ents)
        return;
    exctl_entity *e = l->ents[--l->n_ents];
    l->n_names -= e->n_names;
    /* The map still names the slot; point it at nothing by rebuilding. */
    xc_map_free(&l->by_id);
    for (size_t i = 0; i < l->n_ents; i++)
        xc_map_put(&l->by_id, l->ents[i]->id, strlen(l->ents[i]->id), (uint32_t)i);
}

/* Grow an arena-backed array of elements of size sz. */
static void *arena_grow(xc_arena *a, void *old, uint32_t n, uint32_t *cap, size_t sz)
{
    if (n < *cap)
        return old;
    uint32_t ncap = *cap ? *cap * 2 : 2;
    void *p = xc_arena_alloc(a, (size_t)ncap * sz);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, old, (size_t)n * sz);
    *cap = ncap;
    return p;
}

/* Clean s into the list's arena. Returns NULL with *rc set on failure; an
 * empty result returns NULL with *rc = 0. */
static const char *clean_dup(exctl_entity *e, const char *s, size_t n, int *rc)
{
    xc_buf b;
    xc_buf_init(&b);
    *rc = xc_text_clean(&b, s, n);
    const char *r = NULL;
    if (*rc == EXCTL_OK && b.len) {
        r = xc_arena_strndup(e->list->arena, b.data, b.len);
        if (!r)
            *rc = EXCTL_ENOMEM;
    }
    xc_buf_free(&b);
    return r;
}

int xc_ent_name(exctl_entity *e, exctl_name_kind kind, const char *s, size_t n,
                const char *lang)
{
    int rc;
    const char *t = clean_dup(e, s, n, &rc);
    if (!t)
        return rc;
    for (uint32_t i = 0; i < e->n_names; i++) {
        if (!strcmp(e->names[i].text, t)) {
            /* Keep the strongest kind (primary < aka < weak < fka < orig). */
            if (kind < e->names[i].kind && kind != EXCTL_NAME_ORIGINAL)
                e->names[i].kind = (uint8_t)kind;
            return EXCTL_OK;
        }
    }
    xc_name *nn = arena_grow(e->list->arena, e->names, e->n_names, &e->cap_names,
                             sizeof *nn);
    if (!nn)
        return EXCTL_ENOMEM;
    e->names = nn;
    const char *script = xc_script_of(t, strlen(t));
    const char *lg = "";
    if (lang && *lang) {
        lg = xc_arena_strdup(e->list->arena, lang);
        if (!lg)
            return EXCTL_ENOMEM;
    }
    e->names[e->n_names++] = (xc_name){t, script, lg, (uint8_t)kind};
    e->list->n_names++;
    return EXCTL_OK;
}

int xc_ent_country(exctl_entity *e, exctl_country_role role, const char *s, size_t n)
{
    int rc;
    const char *t = clean_dup(e, s, n, &rc);
    if (!t)
        return rc;
    const char *code = xc_country_code(t, strlen(t));
    if (code)
        t = code;
    for (uint32_t i = 0; i < e->n_countries; i++)
        if (e->countries[i].role == role && !strcmp(e->countries[i].code, t))
            return EXCTL_OK;
    xc_country *nc = arena_grow(e->list->arena, e->countries, e->n_countries,
                                &e->cap_countries, sizeof *nc);
    if (!nc)
        return EXCTL_ENOMEM;
    e->countries = nc;
    e->countries[e->n_countries++] = (xc_country){t, (uint8_t)role};
    return EXCTL_OK;
}

int xc_ent_ident(exctl_entity *e, exctl_id_type type, const char *value, size_t n,
                 const char *country, const char *note)
{
    int rc;
    const char *t = clean_dup(e, value, n, &rc);
    if (!t)
        return rc;
    const char *c = "", *no = "";
    if (country && *country) {
        const char *code = xc_country_code(country, strlen(country));
        c = code ? code : clean_dup(e, country, strlen(country), &rc);
        if (!c) {
            if (rc)
                return rc;
            c = "";
        }
    }
    if (note && *note) {
        no = clean_dup(e, note, strlen(note), &rc);
        if (!no) {
            if (rc)
                return rc;
            no = "";
        }
    }
    for (uint32_t i = 0; i < e->n_idents; i++)
        if (e->idents[i].type == type && !strcmp(e->idents[i].value, t))
            return EXCTL_OK;
    xc_ident *ni = arena_grow(e->list->arena, e->idents, e->n_idents, &e->cap_idents,
                              sizeof *ni);
    if (!ni)
        return EXCTL_ENOMEM;
    e->idents = ni;
    e->idents[e->n_idents++] = (xc_ident){t, c, no, (uint8_t)type};
    return EXCTL_OK;
}

int xc_ent_field(exctl_entity *e, exctl_field f, const char *s, size_t n)
{
    if ((unsigned)f >= EXCTL_FIELD_COUNT_)
        return EXCTL_EINVAL;
    int rc;
    const char *t = clean_dup(e, s, n, &rc);
    if (!t)
        return rc;
    xc_strs *v = &e->fields[f];
    for (uint32_t i = 0; i < v->n; i++)
        if (!strcmp(v->v[i], t))
            return EXCTL_OK;
    const char **nv = arena_grow(e->list->arena, v->v, v->n, &v->cap, sizeof *nv);
    if (!nv)
        return EXCTL_ENOMEM;
    v->v = nv;
    v->v[v->n++] = t;
    return EXCTL_OK;
}

int xc_ent_listed_on(exctl_entity *e, const char *s, size_t n)
{
    int rc;
    const char *t = clean_dup(e, s, n, &rc);
    if (!t)
        return rc;
    char d[11];
    if (xc_date_norm(t, strlen(t), false, d) == EXCTL_OK) {
        t = xc_arena_strdup(e->list->arena, d);
        if (!t)
            return EXCTL_ENOMEM;
    }
    e->listed_on = t;
    return EXCTL_OK;
}

int xc_load_bad(xc_load *ctx, size_t line, int rc, const char *fmt, ...)
{
    if (ctx->opts && ctx->opts->lenient) {
        ctx->list->skipped++;
        return EXCTL_OK;
    }
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line)
        return xc_err(ctx->eb, rc, "%s:%zu: %s", ctx->path, line, msg);
    return xc_err(ctx->eb, rc, "%s: %s", ctx->path, msg);
}

/* --- accessors --------------------------------------------------------- */

size_t exctl_listset_count(const exctl_listset *ls) { return ls ? ls->n_lists : 0; }

exctl_list *exctl_listset_at(const exctl_listset *ls, size_t i)
{
    return (ls && i < ls->n_lists) ? ls->lists[i] : NULL;
}

const exctl_entity *exctl_listset_find(const exctl_listset *ls, const char *id)
{
    if (!ls || !id)
        return NULL;
    const char *colon = strchr(id, ':');
    for (size_t i = 0; i < ls->n_lists; i++) {
        exctl_list *l = ls->lists[i];
        size_t idl = strlen(l->id);
        if (colon && (size_t)(colon - id) == idl && !strncmp(id, l->id, idl)) {
            const exctl_entity *e = xc_ent_find(l, colon + 1, strlen(colon + 1));
            if (e)
                return e;
        }
    }
    for (size_t i = 0; i < ls->n_lists; i++) {
        const exctl_entity *e = xc_ent_find(ls->lists[i], id, strlen(id));
        if (e)
            return e;
    }
    return NULL;
}

const char *exctl_list_id(const exctl_list *l) { return l->id; }
const char *exctl_list_name(const exctl_list *l) { return l->name; }
const char *exctl_list_publisher(const exctl_list *l) { return l->publisher; }
const char *exctl_list_source_url(const exctl_list *l) { return l->source_url; }
const char *exctl_list_date(const exctl_list *l) { return l->date; }
const char *exctl_list_format(const exctl_list *l) { return l->format; }
const char *exctl_list_sha256(const exctl_list *l) { return l->sha256; }
size_t exctl_list_entity_count(const exctl_list *l) { return l->n_ents; }
size_t exctl_list_name_count(const exctl_list *l) { return l->n_names; }
size_t exctl_list_skipped(const exctl_list *l) { return l->skipped; }
size_t exctl_list_rows(const exctl_list *l) { return l->rows; }

const exctl_entity *exctl_list_entity(const exctl_list *l, size_t i)
{
    return i < l->n_ents ? l->ents[i] : NULL;
}

const exctl_entity *exctl_list_find(const exctl_list *l, const char *entity_id)
{
    return xc_ent_find(l, entity_id, strlen(entity_id));
}

const exctl_list *exctl_entity_list(const exctl_entity *e) { return e->list; }
const char *exctl_entity_id(const exctl_entity *e) { return e->id; }
exctl_schema exctl_entity_schema(const exctl_entity *e) { return (exctl_schema)e->schema; }
const char *exctl_entity_listed_on(const exctl_entity *e) { return e->listed_on; }
size_t exctl_entity_name_count(const exctl_entity *e) { return e->n_names; }

const char *exctl_entity_name(const exctl_entity *e, size_t i, exctl_name_kind *kind,
                              const char **script, const char **lang)
{
    if (i >= e->n_names)
        return NULL;
    const xc_name *n = &e->names[i];
    if (kind)
        *kind = (exctl_name_kind)n->kind;
    if (script)
        *script = n->script;
    if (lang)
        *lang = n->lang;
    return n->text;
}

size_t exctl_entity_country_count(const exctl_entity *e) { return e->n_countries; }

const char *exctl_entity_country(const exctl_entity *e, size_t i, exctl_country_role *role)
{
    if (i >= e->n_countries)
        return NULL;
    if (role)
        *role = (exctl_country_role)e->countries[i].role;
    return e->countries[i].code;
}

size_t exctl_entity_ident_count(const exctl_entity *e) { return e->n_idents; }

const char *exctl_entity_ident(const exctl_entity *e, size_t i, exctl_id_type *type,
                               const char **country, const char **note)
{
    if (i >= e->n_idents)
        return NULL;
    const xc_ident *d = &e->idents[i];
    if (type)
        *type = (exctl_id_type)d->type;
    if (country)
        *country = d->country;
    if (note)
        *note = d->note;
    return d->value;
}

size_t exctl_entity_field_count(const exctl_entity *e, exctl_field f)
{
    return (unsigned)f < EXCTL_FIELD_COUNT_ ? e->fields[f].n : 0;
}

const char *exctl_entity_field(const exctl_entity *e, exctl_field f, size_t i)
{
    if ((unsigned)f >= EXCTL_FIELD_COUNT_ || i >= e->fields[f].n)
        return NULL;
    return e->fields[f].v[i];
}

/* --- enum names -------------------------------------------------------- */

static const char *const schema_names[] = {"unknown", "person", "organization",
                                           "vessel", "aircraft"};
static const char *const kind_names[] = {"primary", "aka", "weak_aka", "fka",
                                         "original_script"};
static const char *const role_names[] = {"other", "nationality", "citizenship",
                                         "address", "registration", "birth", "flag"};
static const char *const id_names[] = {"other", "passport", "national_id", "imo",
                                       "call_sign", "registration", "swift_bic",
                                       "crypto_address", "tax_id", "aircraft"};
static const char *const field_names[] = {"addresses", "birth_dates", "birth_places",
                                          "programs", "remarks", "titles", "gender"};

const char *exctl_schema_name(exctl_schema s)
{
    return (unsigned)s < XC_ARRAY_LEN(schema_names) ? schema_names[s] : "unknown";
}

int exctl_schema_parse(const char *s, exctl_schema *out)
{
    static const struct { const char *name; exctl_schema s; } tab[] = {
        {"person", EXCTL_SCHEMA_PERSON}, {"individual", EXCTL_SCHEMA_PERSON},
        {"organization", EXCTL_SCHEMA_ORGANIZATION},
        {"organisation", EXCTL_SCHEMA_ORGANIZATION},
        {"company", EXCTL_SCHEMA_ORGANIZATION}, {"entity", EXCTL_SCHEMA_ORGANIZATION},
        {"legalentity", EXCTL_SCHEMA_ORGANIZATION},
        {"vessel", EXCTL_SCHEMA_VESSEL}, {"ship", EXCTL_SCHEMA_VESSEL},
        {"aircraft", EXCTL_SCHEMA_AIRCRAFT}, {"airplane", EXCTL_SCHEMA_AIRCRAFT},
        {"any", EXCTL_SCHEMA_UNKNOWN}, {"unknown", EXCTL_SCHEMA_UNKNOWN},
        {"", EXCTL_SCHEMA_UNKNOWN},
    };
    for (size_t i = 0; i < XC_ARRAY_LEN(tab); i++) {
        if (xc_ieq(s, tab[i].name)) {
            *out = tab[i].s;
            return EXCTL_OK;
        }
    }
    return EXCTL_EINVAL;
}

const char *exctl_name_kind_name(exctl_name_kind k)
{
    return (unsigned)k < XC_ARRAY_LEN(kind_names) ? kind_names[k] : "aka";
}

const char *exctl_country_role_name(exctl_country_role r)
{
    return (unsigned)r < XC_ARRAY_LEN(role_names) ? role_names[r] : "other";
}

const char *exctl_id_type_name(exctl_id_type t)
{
    return (unsigned)t < XC_ARRAY_LEN(id_names) ? id_names[t] : "other";
}

const char *exctl_field_name(exctl_field f)
{
    return (unsigned)f < XC_ARRAY_LEN(field_names) ? field_names[f] : "";
}

int xc_listset_adopt(exctl_listset *dst, exctl_listset *src)
{
    size_t need = dst->n_lists + src->n_lists;
    if (need > dst->cap_lists) {
        size_t cap = dst->cap_lists ? dst->cap_lists : 8;
        while (cap < need)
            cap *= 2;
        exctl_list **nl = realloc(dst->lists, cap * sizeof *nl);
        if (!nl)
            return EXCTL_ENOMEM;
        dst->lists = nl;
        dst->cap_lists = cap;
    }
    for (size_t i = 0; i < src->n_lists; i++) {
        exctl_list *l = src->lists[i];
        l->set = dst;
        l->arena = &dst->arena;
        dst->lists[dst->n_lists++] = l;
    }
    src->n_lists = 0;
    xc_arena_adopt(&dst->arena, &src->arena);
    exctl_listset_free(src);
    return EXCTL_OK;
}

void xc_list_discard(exctl_listset *ls, exctl_list *l)
{
    list_pop(ls, l);
}
