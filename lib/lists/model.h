/*
 * lists — internal representation of the party-list model (private).
 *
 * Loaders build entities through the xc_ent_* builder functions; nothing
 * downstream knows a source format. Other library modules (screen/,
 * determine/) read these structs directly; the public API exposes them only
 * through accessors.
 *
 * Layout, sized for lists of millions of entities (docs/architecture.md,
 * "List model memory"):
 *   - an entity is a 64-byte record in the list set's arena; its id, names
 *     and other strings are packed end to end (no alignment padding) in
 *     string chunks of the same arena;
 *   - per-entity arrays (names, countries, identifiers) are arena slices
 *     whose capacity is implied by the count (the next power of two), so
 *     the record holds no capacities; growth copies to a slice twice the
 *     size and abandons the old one (bounded waste, no per-item malloc);
 *   - a name is 16 bytes: its text pointer, the script as an ICU script
 *     code and the language stored right after the text's terminator;
 *   - fields and the listing date, which most entities of a large list do
 *     not have, live in a separate block allocated on first use (entities
 *     without any share one static empty block);
 *   - the list finds entities by id through an open-addressing table of
 *     32-bit entity indices (the key is the entity's own id string).
 * xc_list_freeze() ends a load: it trims the entity index array and drops
 * the build-time scratch buffer.
 */
#ifndef XC_LISTS_MODEL_H
#define XC_LISTS_MODEL_H

#include "core/core.h"
#include "exctl/lists.h"

typedef struct xc_name {
    const char *text;
    uint32_t lang_off;    /* language at text + lang_off (after the NUL); 0: "" */
    uint16_t script;      /* ICU UScriptCode; xc_name_script() gives the ISO 15924 code */
    uint8_t kind;         /* exctl_name_kind */
} xc_name;

typedef struct xc_country {
    const char *code;     /* ISO alpha-2 when known, else source text */
    uint8_t role;         /* exctl_country_role */
} xc_country;

typedef struct xc_ident {
    const char *value;
    const char *country;  /* "" when unknown */
    const char *note;     /* "" when none (e.g. crypto currency code) */
    uint8_t type;         /* exctl_id_type */
} xc_ident;

typedef struct xc_strs {
    const char **v;
    uint32_t n, cap;
} xc_strs;

/* The rarely present part of an entity. fields must stay the first member:
 * an entity points at it and finds the rest from there. */
typedef struct xc_ent_more {
    xc_strs fields[EXCTL_FIELD_COUNT_];
    const char *listed_on;   /* "" if unknown */
} xc_ent_more;

struct exctl_entity {
    exctl_list *list;
    const char *id;
    xc_name *names;
    xc_country *countries;
    xc_ident *idents;
    xc_strs *fields;         /* [EXCTL_FIELD_COUNT_]: xc_ent_more.fields */
    uint32_t n_names, n_countries, n_idents;
    uint8_t schema;
};

/* The entity's listing date, "" if unknown. */
static inline const char *xc_ent_listed(const exctl_entity *e)
{
    return ((const xc_ent_more *)(const void *)e->fields)->listed_on;
}

static inline const char *xc_name_lang(const xc_name *n)
{
    return n->lang_off ? n->text + n->lang_off : "";
}

/* ISO 15924 code of the name's script ("Latn", "Cyrl", "Jpan", ...). */
const char *xc_name_script(const xc_name *n);

struct exctl_list {
    exctl_listset *set;
    const char *id, *name, *publisher, *source_url, *date, *format;
    char sha256[65];
    exctl_entity **ents;   /* pointers are stable across growth */
    size_t n_ents, cap_ents;
    size_t n_names;
    size_t skipped, rows;
    uint32_t *id_slots;    /* entity index + 1, 0 = free; id_cap a power of two */
    size_t id_cap;
    char *str_next;        /* string chunk being filled */
    size_t str_left;
    xc_buf scratch;        /* cleaned text before it is stored (build only) */
    xc_arena *arena;
};

struct exctl_listset {
    xc_arena arena;
    exctl_list **lists;
    size_t n_lists, cap_lists;
};

/* Load context passed to each format loader. */
typedef struct xc_load {
    exctl_list *list;
    const char *path;          /* for messages */
    const char *data;          /* whole file, NUL-terminated */
    size_t len;
    const exctl_load_opts *opts;
    exctl_errbuf *eb;
    xc_buf tmp;                /* scratch for cleaned text */
    void *md;                  /* EVP_MD_CTX over every file read */
} xc_load;

/* Read a sibling file of a multi-file set (OFAC add/alt, EU aliases) and
 * add it to the list hash. *data is malloc-owned. (model.c) */
int xc_load_sibling(xc_load *ctx, const char *path, char **data, size_t *len);

/* A format loader: fills ctx->list from ctx->data. */
typedef int (*xc_loader_fn)(xc_load *ctx);
/* Content sniffing: 0..100 confidence that data is this format. */
typedef int (*xc_sniff_fn)(const char *path, const char *data, size_t len);

typedef struct xc_format {
    const char *name;
    xc_sniff_fn sniff;
    xc_loader_fn load;
    /* Defaults for list metadata when the source does not carry them. */
    const char *default_name, *publisher, *source_url;
} xc_format;

/* Remove a list whose load failed (model.c). */
void xc_list_discard(exctl_listset *ls, exctl_list *l);
/* Move every list of src (and src's arena) to the end of dst, in order, and
 * free src. On failure (out of memory) nothing moves and src is intact. */
int xc_listset_adopt(exctl_listset *dst, exctl_listset *src);

/* Format table (lists/formats.c). */
extern const xc_format *const xc_formats[];
const xc_format *xc_format_find(const char *name);

/* --- list & entity builders -------------------------------------------- */
exctl_list *xc_list_new(exctl_listset *ls);
/* Set list metadata: field is "id", "name", "publisher", "url", "date",
 * "format". Value copied into the arena. */
int xc_list_meta(exctl_list *l, const char *field, const char *value);

/* Find or create the entity with this source id (copied). *created (may be
 * NULL) tells which. Returns NULL on out of memory. */
exctl_entity *xc_ent_get(exctl_list *l, const char *id, size_t idlen, bool *created);
exctl_entity *xc_ent_find(const exctl_list *l, const char *id, size_t idlen);
/* Index of the entity with this id in l->ents; false when absent. */
bool xc_ent_index(const exctl_list *l, const char *id, size_t idlen, size_t *ix);
/* End of a successful load: trim build-time memory. The list stays usable
 * (and extensible) afterwards. */
void xc_list_freeze(exctl_list *l);
/* Remove the most recently created entity (a record rejected after it was
 * started, in lenient mode). */
void xc_ent_drop_last(exctl_list *l);

/* All adders clean the text (xc_text_clean), ignore empty values and exact
 * duplicates, and fail with EXCTL_EUTF8 on invalid UTF-8. */
int xc_ent_name(exctl_entity *e, exctl_name_kind kind, const char *s, size_t n,
                const char *lang);
int xc_ent_country(exctl_entity *e, exctl_country_role role, const char *s, size_t n);
int xc_ent_ident(exctl_entity *e, exctl_id_type type, const char *value, size_t n,
                 const char *country, const char *note);
int xc_ent_field(exctl_entity *e, exctl_field f, const char *s, size_t n);
int xc_ent_listed_on(exctl_entity *e, const char *s, size_t n);

/* Map a country name or code (any case; English, some French/Japanese
 * forms) to ISO 3166-1 alpha-2. Returns NULL when unknown. (countries.c) */
const char *xc_country_code(const char *s, size_t n);
/* English short name of an ISO alpha-2 code, or NULL. */
const char *xc_country_name(const char *code);

/* Normalise a date to YYYY-MM-DD / YYYY-MM / YYYY from common source forms
 * (DD/MM/YYYY, MM/DD/YYYY when flagged, "12 Jan 1970", "circa 1970", ...).
 * Writes into out (11 bytes). Returns 0 on success, EXCTL_EPARSE otherwise. */
int xc_date_norm(const char *s, size_t n, bool us_order, char out[11]);
/* A range of two dates joined by " to " ("01 Jan 1961 to 31 Dec 1962"):
 * both ends normalised, from <= to. 0 on success, EXCTL_EPARSE otherwise. */
int xc_date_range(const char *s, size_t n, bool us_order, char from[11], char to[11]);
/* Add a birth date: normalised; a range as its years (every year when it
 * spans at most ten, else its two ends); otherwise the text as written. */
int xc_ent_birth_date(exctl_entity *e, const char *s, size_t n, bool us_order);

/* Helper for loaders: report a bad record. In lenient mode counts it and
 * returns 0 (caller skips the record); otherwise formats the message
 * "<path>:<line>: <msg>" and returns rc. */
int xc_load_bad(xc_load *ctx, size_t line, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
