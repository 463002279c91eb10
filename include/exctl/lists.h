/*
 * exctl — the party-list model.
 *
 * One model for every screening list. A list set owns lists; a list owns its
 * entities; an entity owns its names, addresses, countries, identifiers and
 * the rest. All of it lives in the list set's arena: pointers returned by the
 * accessors below stay valid until exctl_listset_free() and must not be freed.
 *
 * Loading detects the source format from the content (the file name is only
 * a hint). A malformed record fails the load with the file and line in the
 * error buffer, unless the lenient option is set, in which case the record is
 * skipped and counted in exctl_list_skipped().
 */
#ifndef EXCTL_LISTS_H
#define EXCTL_LISTS_H

#include "exctl.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct exctl_listset exctl_listset;
typedef struct exctl_list exctl_list;
typedef struct exctl_entity exctl_entity;

typedef enum exctl_schema {
    EXCTL_SCHEMA_UNKNOWN = 0,
    EXCTL_SCHEMA_PERSON,
    EXCTL_SCHEMA_ORGANIZATION,
    EXCTL_SCHEMA_VESSEL,
    EXCTL_SCHEMA_AIRCRAFT
} exctl_schema;

typedef enum exctl_name_kind {
    EXCTL_NAME_PRIMARY = 0,
    EXCTL_NAME_AKA,        /* also known as (strong alias) */
    EXCTL_NAME_WEAK_AKA,   /* low-quality alias */
    EXCTL_NAME_FKA,        /* formerly known as */
    EXCTL_NAME_ORIGINAL    /* original-script form of the name */
} exctl_name_kind;

typedef enum exctl_country_role {
    EXCTL_COUNTRY_OTHER = 0,
    EXCTL_COUNTRY_NATIONALITY,
    EXCTL_COUNTRY_CITIZENSHIP,
    EXCTL_COUNTRY_ADDRESS,
    EXCTL_COUNTRY_REGISTRATION,
    EXCTL_COUNTRY_BIRTH,
    EXCTL_COUNTRY_FLAG        /* vessel flag */
} exctl_country_role;

typedef enum exctl_id_type {
    EXCTL_ID_OTHER = 0,
    EXCTL_ID_PASSPORT,
    EXCTL_ID_NATIONAL,
    EXCTL_ID_IMO,
    EXCTL_ID_CALL_SIGN,
    EXCTL_ID_REGISTRATION,
    EXCTL_ID_SWIFT_BIC,
    EXCTL_ID_CRYPTO,
    EXCTL_ID_TAX,
    EXCTL_ID_AIRCRAFT      /* aircraft tail number / serial */
} exctl_id_type;

/* Multi-valued text fields of an entity. */
typedef enum exctl_field {
    EXCTL_FIELD_ADDRESS = 0,
    EXCTL_FIELD_BIRTH_DATE,
    EXCTL_FIELD_BIRTH_PLACE,
    EXCTL_FIELD_PROGRAM,     /* programme / regime / reason (METI: B,C,M,N,CW) */
    EXCTL_FIELD_REMARK,
    EXCTL_FIELD_TITLE,       /* title or position */
    EXCTL_FIELD_GENDER,
    EXCTL_FIELD_COUNT_
} exctl_field;

typedef struct exctl_load_opts {
    int lenient;             /* skip and count malformed records */
    const char *format;      /* force a format by name; NULL = detect */
    const char *list_id;     /* override the list id; NULL = derived */
} exctl_load_opts;

/* --- list sets ---------------------------------------------------------- */

/* Create an empty list set. The caller owns *out; free it with
 * exctl_listset_free(). */
int exctl_listset_new(exctl_listset **out);
void exctl_listset_free(exctl_listset *ls);

/* Load one file (or an OFAC/EU multi-file set named by its main file) into
 * ls. The new list is owned by ls; *out_list (may be NULL) points into it. */
int exctl_listset_load_file(exctl_listset *ls, const char *path,
                            const exctl_load_opts *opts, exctl_list **out_list,
                            exctl_errbuf *eb);

/* Load every bundled list named in <data dir>/lists/manifest.json. */
int exctl_listset_load_bundled(exctl_listset *ls, const exctl_load_opts *opts,
                               exctl_errbuf *eb);

size_t exctl_listset_count(const exctl_listset *ls);
exctl_list *exctl_listset_at(const exctl_listset *ls, size_t i);
/* Look up an entity by "<list id>:<entity id>" or by a bare entity id
 * (first match in load order). NULL when absent. */
const exctl_entity *exctl_listset_find(const exctl_listset *ls, const char *id);

/* Names of the formats the loader understands, NULL-terminated static array. */
const char *const *exctl_list_formats(void);

/* --- lists ------------------------------------------------------------- */

const char *exctl_list_id(const exctl_list *l);
const char *exctl_list_name(const exctl_list *l);
const char *exctl_list_publisher(const exctl_list *l);
const char *exctl_list_source_url(const exctl_list *l);
const char *exctl_list_date(const exctl_list *l);      /* YYYY-MM-DD or "" */
const char *exctl_list_format(const exctl_list *l);
const char *exctl_list_sha256(const exctl_list *l);    /* hex of all files */
size_t exctl_list_entity_count(const exctl_list *l);
size_t exctl_list_name_count(const exctl_list *l);
size_t exctl_list_skipped(const exctl_list *l);        /* lenient skips */
size_t exctl_list_rows(const exctl_list *l);           /* source records read */
const exctl_entity *exctl_list_entity(const exctl_list *l, size_t i);
const exctl_entity *exctl_list_find(const exctl_list *l, const char *entity_id);

/* --- entities ---------------------------------------------------------- */

const exctl_list *exctl_entity_list(const exctl_entity *e);
const char *exctl_entity_id(const exctl_entity *e);
exctl_schema exctl_entity_schema(const exctl_entity *e);
const char *exctl_entity_listed_on(const exctl_entity *e);  /* "" if unknown */

size_t exctl_entity_name_count(const exctl_entity *e);
/* The i-th name; kind/script/lang outputs may be NULL. script is an ISO
 * 15924 code ("Latn", "Cyrl", "Jpan", ...) or ""; lang is "" when unknown. */
const char *exctl_entity_name(const exctl_entity *e, size_t i,
                              exctl_name_kind *kind, const char **script,
                              const char **lang);

size_t exctl_entity_country_count(const exctl_entity *e);
/* ISO 3166-1 alpha-2 code when known, otherwise the source's text. */
const char *exctl_entity_country(const exctl_entity *e, size_t i,
                                 exctl_country_role *role);

size_t exctl_entity_ident_count(const exctl_entity *e);
const char *exctl_entity_ident(const exctl_entity *e, size_t i,
                               exctl_id_type *type, const char **country,
                               const char **note);

size_t exctl_entity_field_count(const exctl_entity *e, exctl_field f);
const char *exctl_entity_field(const exctl_entity *e, exctl_field f, size_t i);

const char *exctl_schema_name(exctl_schema s);          /* "person", ... */
int exctl_schema_parse(const char *s, exctl_schema *out);
const char *exctl_name_kind_name(exctl_name_kind k);    /* "primary", "aka" ... */
const char *exctl_country_role_name(exctl_country_role r);
const char *exctl_id_type_name(exctl_id_type t);        /* "passport", ... */
const char *exctl_field_name(exctl_field f);

/* --- FollowTheMoney output --------------------------------------------- */

/* Write one entity as a single FtM JSON line (no trailing newline) into a
 * newly allocated string; the caller frees *out with exctl_free(). */
int exctl_entity_to_ftm(const exctl_entity *e, char **out);

#ifdef __cplusplus
}
#endif
#endif
