/*
 * lists — the FollowTheMoney mapping shared by the ftm-json loader
 * (fmt_ftm.c) and the FtM writer (ftm_out.c). Private.
 *
 * One table per concept says which standard FtM property carries it, so the
 * writer and the reader cannot drift apart. See docs/formats/ftm.md for the
 * extension properties ("exctlName", "exctlCountry", "exctlIdentifier") that
 * make a round trip through FtM exact.
 */
#ifndef XC_LISTS_FTM_H
#define XC_LISTS_FTM_H

#include "model.h"

typedef struct xc_ftm_prop {
    const char *prop;   /* FtM property name */
    int value;          /* model enum value (kind, role, id type or field) */
} xc_ftm_prop;

/* Writer direction: model value -> property (one entry per value). */
extern const xc_ftm_prop xc_ftm_name_props[];     /* exctl_name_kind */
extern const xc_ftm_prop xc_ftm_country_props[];  /* exctl_country_role */
extern const xc_ftm_prop xc_ftm_ident_props[];    /* exctl_id_type */
extern const xc_ftm_prop xc_ftm_field_props[];    /* exctl_field */
extern const size_t xc_ftm_n_name_props, xc_ftm_n_country_props, xc_ftm_n_ident_props,
    xc_ftm_n_field_props;

/* Extension tuples: a compact JSON array of strings, e.g. ["aka","","X"].
 * Encoding appends to b. Decoding parses exactly `want` strings into
 * scratch (at least strlen(s) + 1 bytes), pointing out[i] into it; returns
 * EXCTL_EPARSE on anything else. Hand-rolled because a round trip of the
 * bundled lists decodes ~100,000 of them. */
int xc_ftm_tuple_encode(xc_buf *b, const char *const *v, size_t n);
int xc_ftm_tuple_decode(const char *s, char *scratch, const char **out, size_t want);

/* FtM schema name for a model schema, and back (NULL / -1 when the schema
 * is not a party: Sanction, Address, Identification, ...). */
const char *xc_ftm_schema_name(exctl_schema s);
int xc_ftm_schema_parse(const char *name);

#endif
