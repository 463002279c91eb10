/*
 * exctl — party screening: find listed parties behind a queried name.
 *
 * A screener is an immutable in-memory index built over a list set. It is
 * safe to share between threads; replacing lists means building a new
 * screener and swapping the pointer. Scores are in [0, 1]; the default
 * threshold (exctl_screen_default_threshold) is calibrated as the point a
 * compliance officer would review.
 */
#ifndef EXCTL_SCREEN_H
#define EXCTL_SCREEN_H

#include "exctl.h"
#include "lists.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct exctl_screener exctl_screener;
typedef struct exctl_matches exctl_matches;

typedef struct exctl_ident_query {
    exctl_id_type type;        /* EXCTL_ID_OTHER matches any type */
    const char *value;
} exctl_ident_query;

/* One party to screen. Only name is required; the rest is evidence. */
typedef struct exctl_query {
    const char *name;
    exctl_schema schema;       /* EXCTL_SCHEMA_UNKNOWN = any */
    const char *country;       /* ISO alpha-2 or a country name; NULL = unknown */
    const char *birth_date;    /* YYYY, YYYY-MM or YYYY-MM-DD; NULL = unknown */
    const exctl_ident_query *idents;
    size_t n_idents;
} exctl_query;

typedef struct exctl_screen_opts {
    double threshold;          /* < 0: the default threshold */
    size_t limit;              /* 0: 10 */
    int explain;               /* fill exctl_match.explain */
    const char *const *lists;  /* restrict to these list ids; NULL = all */
    size_t n_lists;
} exctl_screen_opts;

typedef struct exctl_match {
    const exctl_entity *entity;    /* owned by the list set */
    const char *list_id;           /* owned by the list set */
    const char *entity_id;         /* owned by the list set */
    const char *name;              /* the entity's primary name */
    const char *matched_name;      /* the entity name that scored best */
    double score;                  /* [0, 1] */
    const char *explain;           /* JSON object text, or NULL unless asked */
} exctl_match;

/* Build the index over every list in ls; ls must outlive the screener.
 * The caller owns *out (free with exctl_screener_free). */
int exctl_screener_new(const exctl_listset *ls, exctl_screener **out, exctl_errbuf *eb);
void exctl_screener_free(exctl_screener *s);

double exctl_screen_default_threshold(void);

/* Screen one query. The caller owns *out (free with exctl_matches_free);
 * matches are sorted best first and all score >= the threshold. */
int exctl_screen(const exctl_screener *s, const exctl_query *q,
                 const exctl_screen_opts *opts, exctl_matches **out, exctl_errbuf *eb);
size_t exctl_matches_count(const exctl_matches *m);
const exctl_match *exctl_matches_at(const exctl_matches *m, size_t i);
void exctl_matches_free(exctl_matches *m);

/* Score two names with the same scorer the screener uses. schema may be
 * EXCTL_SCHEMA_UNKNOWN. Returns EXCTL_OK and sets *score in [0, 1]. When
 * explain is non-NULL it receives a malloc'ed JSON object text that the
 * caller frees with exctl_free(). */
int exctl_score_names(const char *a, const char *b, exctl_schema schema,
                      double *score, char **explain);

#ifdef __cplusplus
}
#endif
#endif
