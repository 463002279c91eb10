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
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include "model.h"

#define STR_CHUNK 16384      /* string chunk size: small enough to waste little */
#define STR_DIRECT 1024      /* longer strings get their own arena slice */

/* Entities without fields or a listing date share this block; it is never
 * written (ent_more() replaces it before any write). */
static const xc_ent_more no_more = {.listed_on = ""};

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
    free(l->id_slots);
    xc_buf_free(&l->scratch);
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
    xc_buf_init(&l->scratch);
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

void xc_list_freeze(exctl_list *l)
{
    if (!l)
        return;
    if (l->n_ents < l->cap_ents) {
        exctl_entity **ne = realloc(l->ents, (l->n_ents ? l->n_ents : 1) * sizeof *ne);
        if (ne) {   /* a failed shrink keeps the larger array */
            l->ents = ne;
            l->cap_ents = l->n_ents ? l->n_ents : 1;
        }
    }
    xc_buf_free(&l->scratch);
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

/* --- strings ----------------------------------------------------------- */

/* n bytes for strings, unaligned, from the list's current string chunk. */
static char *str_alloc(exctl_list *l, size_t n)
{
    if (n > STR_DIRECT)
        return xc_arena_alloc(l->arena, n);
    if (n > l->str_left) {
        char *c = xc_arena_alloc(l->arena, STR_CHUNK);
        if (!c)
            return NULL;
        l->str_next = c;
        l->str_left = STR_CHUNK;
    }
    char *p = l->str_next;
    l->str_next += n;
    l->str_left -= n;
    return p;
}

static const char *str_dup(exctl_list *l, const char *s, size_t n)
{
    char *p = str_alloc(l, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Clean s into the list's scratch buffer (l->scratch.data, l->scratch.len;
 * not NUL-terminated). */
static int clean(exctl_list *l, const char *s, size_t n)
{
    return xc_text_clean(&l->scratch, s, n);
}

/* Clean s and store it. NULL with *rc set on failure; an empty result is
 * NULL with *rc = 0. */
static const char *clean_dup(exctl_list *l, const char *s, size_t n, int *rc)
{
    if ((*rc = clean(l, s, n)) != EXCTL_OK || !l->scratch.len)
        return NULL;
    const char *r = str_dup(l, l->scratch.data, l->scratch.len);
    if (!r)
        *rc = EXCTL_ENOMEM;
    return r;
}

/* True when the NUL-terminated t equals the n bytes at s (never reads past
 * t's terminator). */
static bool same(const char *t, const char *s, size_t n)
{
    return memchr(s, '\0', n) == NULL && strncmp(t, s, n) == 0 && t[n] == '\0';
}

/* --- the id table ------------------------------------------------------ */

/* FNV-1a, then a final mix: FNV's low bits (the ones the table uses) never
 * see the high bits, and ids like "p1234567" differ only at the end. */
static uint32_t id_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    return h ^ (h >> 16);
}

/* A slot holds the entity index + 1 in its low log2(id_cap) bits (index +
 * 1 < id_cap at load 1/2) and the hash's high bits above them, so that a
 * probe compares strings only when the tags agree: looking an id up costs
 * one cache miss, not one per probed slot. */
static uint32_t id_mask(const exctl_list *l) { return (uint32_t)(l->id_cap - 1); }

static uint32_t id_tag(const exctl_list *l, uint32_t h)
{
    return h & ~id_mask(l);
}

/* The slot holding the id with hash h (n bytes, no NUL among them: callers
 * stop ids at their first NUL), or the free slot where it would go. */
static size_t id_slot(const exctl_list *l, const char *id, size_t n, uint32_t h)
{
    uint32_t mask = id_mask(l), tag = id_tag(l, h);
    size_t i = h & mask;
    for (;;) {
        uint32_t v = l->id_slots[i];
        if (!v)
            return i;
        if ((v & ~mask) == tag) {
            const char *t = l->ents[(v & mask) - 1]->id;
            size_t k = 0;
            while (k < n && t[k] == id[k])   /* t's NUL never equals an id byte */
                k++;
            if (k == n && t[n] == '\0')
                return i;
        }
        i = (i + 1) & mask;
    }
}

static void id_put(exctl_list *l, const char *id, size_t n, size_t ix)
{
    uint32_t h = id_hash(id, n);
    l->id_slots[id_slot(l, id, n, h)] = id_tag(l, h) | (uint32_t)(ix + 1);
}

/* Make room for one more id (load factor at most 1/2). */
static int id_reserve(exctl_list *l)
{
    if ((l->n_ents + 1) * 2 <= l->id_cap)
        return EXCTL_OK;
    size_t cap = l->id_cap ? l->id_cap * 2 : 64;
    if (cap > (size_t)1 << 31)
        return EXCTL_ENOMEM;   /* indices and tags share 32 bits */
    uint32_t *ns = calloc(cap, sizeof *ns);
    if (!ns)
        return EXCTL_ENOMEM;
    free(l->id_slots);
    l->id_slots = ns;
    l->id_cap = cap;
    for (size_t k = 0; k < l->n_ents; k++)
        id_put(l, l->ents[k]->id, strlen(l->ents[k]->id), k);
    return EXCTL_OK;
}

bool xc_ent_index(const exctl_list *l, const char *id, size_t idlen, size_t *ix)
{
    if (!l->id_cap)
        return false;
    idlen = strnlen(id, idlen);
    uint32_t v = l->id_slots[id_slot(l, id, idlen, id_hash(id, idlen))];
    if (!v)
        return false;
    *ix = (v & id_mask(l)) - 1;
    return true;
}

exctl_entity *xc_ent_find(const exctl_list *l, const char *id, size_t idlen)
{
    size_t ix;
    return xc_ent_index(l, id, idlen, &ix) ? l->ents[ix] : NULL;
}

exctl_entity *xc_ent_get(exctl_list *l, const char *id, size_t idlen, bool *created)
{
    idlen = strnlen(id, idlen);   /* the id is a C string: stop at a NUL */
    exctl_entity *e = xc_ent_find(l, id, idlen);
    if (created)
        *created = e == NULL;
    if (e)
        return e;
    if (l->n_ents >= (size_t)1 << 30)
        return NULL;
    if (l->n_ents == l->cap_ents) {
        size_t cap = l->cap_ents ? l->cap_ents * 2 : 256;
        exctl_entity **ne = realloc(l->ents, cap * sizeof *ne);
        if (!ne)
            return NULL;
        l->ents = ne;
        l->cap_ents = cap;
    }
    if (id_reserve(l))
        return NULL;
    e = xc_arena_alloc(l->arena, sizeof *e);
    const char *cid = e ? str_dup(l, id, idlen) : NULL;
    if (!cid)
        return NULL;
    e->list = l;
    e->id = cid;
    e->fields = (xc_strs *)no_more.fields;
    id_put(l, cid, idlen, l->n_ents);
    l->ents[l->n_ents++] = e;
    return e;
}

void xc_ent_drop_last(exctl_list *l)
{
    if (!l->n_ents)
        return;
    exctl_entity *e = l->ents[l->n_ents - 1];
    l->n_names -= e->n_names;
    /* Its slot can simply be cleared: with linear probing, and the table
     * filled (and rehashed) in index order, the newest entry never lies
     * on the probe path of an older one. */
    size_t n = strlen(e->id);
    l->id_slots[id_slot(l, e->id, n, id_hash(e->id, n))] = 0;
    l->n_ents--;
}

/* --- entity builders --------------------------------------------------- */

/* Make room for element n of an arena slice whose capacity is the next
 * power of two of n (0 for n == 0). Returns the (possibly moved) slice. */
static void *slice_grow(xc_arena *a, void *old, uint32_t n, size_t sz)
{
    if (n & (n - 1))
        return old;           /* not a power of two: below capacity */
    if (n == UINT32_MAX / 2 + 1)
        return NULL;
    uint32_t ncap = n ? n * 2 : 1;
    void *p = xc_arena_alloc(a, (size_t)ncap * sz);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, old, (size_t)n * sz);
    return p;
}

/* The entity's own xc_ent_more, allocated on first write. */
static xc_ent_more *ent_more(exctl_entity *e)
{
    if (e->fields != no_more.fields)
        return (xc_ent_more *)(void *)e->fields;
    xc_ent_more *m = xc_arena_alloc(e->list->arena, sizeof *m);
    if (!m)
        return NULL;
    m->listed_on = "";
    e->fields = m->fields;
    return m;
}

/* xc_script_of's ISO 15924 code as an ICU script code (which maps back with
 * uscript_getShortName). The usual answers are matched directly. */
static uint16_t script_code(const char *s, size_t n)
{
    static const struct { char name[5]; UScriptCode code; } common[] = {
        {"Latn", USCRIPT_LATIN},  {"Zyyy", USCRIPT_COMMON},   {"Cyrl", USCRIPT_CYRILLIC},
        {"Arab", USCRIPT_ARABIC}, {"Hani", USCRIPT_HAN},      {"Jpan", USCRIPT_JAPANESE},
        {"Hang", USCRIPT_HANGUL}, {"Grek", USCRIPT_GREEK},
    };
    const char *name = xc_script_of(s, n);
    for (size_t i = 0; i < XC_ARRAY_LEN(common); i++)
        if (!strcmp(name, common[i].name))
            return (uint16_t)common[i].code;
    int32_t c = u_getPropertyValueEnum(UCHAR_SCRIPT, name);
    return c >= 0 && c <= UINT16_MAX ? (uint16_t)c : (uint16_t)USCRIPT_COMMON;
}

const char *xc_name_script(const xc_name *n)
{
    const char *s = uscript_getShortName((UScriptCode)n->script);
    return s ? s : "Zyyy";
}

int xc_ent_name(exctl_entity *e, exctl_name_kind kind, const char *s, size_t n,
                const char *lang)
{
    exctl_list *l = e->list;
    int rc = clean(l, s, n);
    size_t len = l->scratch.len;
    if (rc || !len)
        return rc;
    const char *t = l->scratch.data;
    for (uint32_t i = 0; i < e->n_names; i++) {
        if (same(e->names[i].text, t, len)) {
            /* Keep the strongest kind (primary < aka < weak < fka < orig). */
            if (kind < e->names[i].kind && kind != EXCTL_NAME_ORIGINAL)
                e->names[i].kind = (uint8_t)kind;
            return EXCTL_OK;
        }
    }
    size_t ll = lang ? strlen(lang) : 0;
    if (ll > UINT16_MAX || len > UINT32_MAX - 2 - ll || e->n_names == UINT32_MAX)
        return EXCTL_ETOOBIG;
    xc_name *nn = slice_grow(l->arena, e->names, e->n_names, sizeof *nn);
    char *txt = nn ? str_alloc(l, len + 1 + (ll ? ll + 1 : 0)) : NULL;
    if (!txt)
        return EXCTL_ENOMEM;
    e->names = nn;
    memcpy(txt, t, len);
    txt[len] = '\0';
    if (ll)
        memcpy(txt + len + 1, lang, ll + 1);
    e->names[e->n_names++] = (xc_name){txt, ll ? (uint32_t)len + 1 : 0,
                                       script_code(txt, len), (uint8_t)kind};
    l->n_names++;
    return EXCTL_OK;
}

int xc_ent_country(exctl_entity *e, exctl_country_role role, const char *s, size_t n)
{
    exctl_list *l = e->list;
    int rc = clean(l, s, n);
    size_t len = l->scratch.len;
    if (rc || !len)
        return rc;
    const char *t = xc_country_code(l->scratch.data, len);
    if (t)
        len = strlen(t);
    else
        t = l->scratch.data;
    for (uint32_t i = 0; i < e->n_countries; i++)
        if (e->countries[i].role == role && same(e->countries[i].code, t, len))
            return EXCTL_OK;
    if (e->n_countries == UINT32_MAX)
        return EXCTL_ETOOBIG;
    xc_country *nc = slice_grow(l->arena, e->countries, e->n_countries, sizeof *nc);
    if (nc && t == l->scratch.data)
        t = str_dup(l, t, len);
    if (!nc || !t)
        return EXCTL_ENOMEM;
    e->countries = nc;
    e->countries[e->n_countries++] = (xc_country){t, (uint8_t)role};
    return EXCTL_OK;
}

int xc_ent_ident(exctl_entity *e, exctl_id_type type, const char *value, size_t n,
                 const char *country, const char *note)
{
    exctl_list *l = e->list;
    int rc;
    const char *t = clean_dup(l, value, n, &rc);
    if (!t)
        return rc;
    const char *c = "", *no = "";
    if (country && *country) {
        const char *code = xc_country_code(country, strlen(country));
        c = code ? code : clean_dup(l, country, strlen(country), &rc);
        if (!c) {
            if (rc)
                return rc;
            c = "";
        }
    }
    if (note && *note) {
        no = clean_dup(l, note, strlen(note), &rc);
        if (!no) {
            if (rc)
                return rc;
            no = "";
        }
    }
    for (uint32_t i = 0; i < e->n_idents; i++)
        if (e->idents[i].type == type && !strcmp(e->idents[i].value, t))
            return EXCTL_OK;
    if (e->n_idents == UINT32_MAX)
        return EXCTL_ETOOBIG;
    xc_ident *ni = slice_grow(l->arena, e->idents, e->n_idents, sizeof *ni);
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
    exctl_list *l = e->list;
    int rc = clean(l, s, n);
    size_t len = l->scratch.len;
    if (rc || !len)
        return rc;
    const xc_strs *cv = &e->fields[f];
    for (uint32_t i = 0; i < cv->n; i++)
        if (same(cv->v[i], l->scratch.data, len))
            return EXCTL_OK;
    xc_ent_more *m = ent_more(e);
    if (!m)
        return EXCTL_ENOMEM;
    xc_strs *v = &m->fields[f];
    if (v->n == v->cap) {
        if (v->cap >= UINT32_MAX / 2)
            return EXCTL_ETOOBIG;
        uint32_t cap = v->cap ? v->cap * 2 : 2;
        const char **nv = xc_arena_alloc(l->arena, (size_t)cap * sizeof *nv);
        if (!nv)
            return EXCTL_ENOMEM;
        if (v->n)
            memcpy(nv, v->v, (size_t)v->n * sizeof *nv);
        v->v = nv;
        v->cap = cap;
    }
    const char *t = str_dup(l, l->scratch.data, len);
    if (!t)
        return EXCTL_ENOMEM;
    v->v[v->n++] = t;
    return EXCTL_OK;
}

int xc_ent_listed_on(exctl_entity *e, const char *s, size_t n)
{
    exctl_list *l = e->list;
    int rc = clean(l, s, n);
    size_t len = l->scratch.len;
    if (rc || !len)
        return rc;
    char d[11];
    const char *t = l->scratch.data;
    if (xc_date_norm(t, len, false, d) == EXCTL_OK) {
        t = d;
        len = strlen(d);
    }
    xc_ent_more *m = ent_more(e);
    const char *v = m ? str_dup(l, t, len) : NULL;
    if (!v)
        return EXCTL_ENOMEM;
    m->listed_on = v;
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
const char *exctl_entity_listed_on(const exctl_entity *e) { return xc_ent_listed(e); }
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
        *script = xc_name_script(n);
    if (lang)
        *lang = xc_name_lang(n);
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
