/*
 * controls — private model of the control lists.
 *
 * All entries live in one arena owned by the set; the entry table is an
 * array of pointers so that entries never move while the table grows and
 * parent pointers stay valid during loading. Codes are canonical (see
 * exctl_cl_normalize_code) and unique across numberings, so one hash map
 * from code to index serves every lookup.
 */
#ifndef CL_H
#define CL_H

#include "core/core.h"
#include "exctl/controls.h"

typedef struct cl_cp {
    exctl_numbering num;
    const char *code;
    const char *basis;
    struct cl_cp *next;
} cl_cp;

struct exctl_cl_entry {
    exctl_numbering num;
    const char *code;
    const char *title, *title_ja, *text, *text_ja, *notes, *reasons, *lvs, *gbs;
    exctl_cl_entry *parent;
    exctl_cl_entry **children;
    uint32_t n_children;
    uint32_t n_cps;
    cl_cp *cps, *cps_tail;
    uint32_t index;
};

typedef struct cl_index cl_index;

struct exctl_controls {
    xc_arena arena;
    exctl_cl_entry **v;
    size_t n, cap;
    size_t n_top[EXCTL_NUM_COUNT_];
    xc_map by_code;
    const char *version[EXCTL_NUM_COUNT_];
    cl_index *index;
};

/* Add an entry (strings are copied into the arena; NULL becomes "").
 * Fails with EXCTL_EEXISTS when the code is already present. */
int cl_add(exctl_controls *c, exctl_numbering num, const char *code,
           exctl_cl_entry *parent, exctl_cl_entry **out, exctl_errbuf *eb);
/* Copy a string into the arena; NULL when out of memory. */
const char *cl_str(exctl_controls *c, const char *s, size_t n);
int cl_add_cp(exctl_controls *c, exctl_cl_entry *e, exctl_numbering num,
              const char *code, const char *basis);
exctl_cl_entry *cl_get_mut(exctl_controls *c, const char *code);

int cl_load_jp(exctl_controls *c, const char *path, exctl_errbuf *eb);
int cl_load_ccl(exctl_controls *c, const char *path, exctl_errbuf *eb);
int cl_load_regimes(exctl_controls *c, const char *dir, exctl_errbuf *eb);
int cl_load_correspondence(exctl_controls *c, const char *path, exctl_errbuf *eb);

/* Clause splitting of one 貨物等省令 article, exposed for tests: calls back
 * once per clause with its code suffix (e.g. "第一号イ(一)"), depth and text.
 * Returns the number of lines that could not be placed in *anomalies. */
typedef int (*cl_clause_fn)(void *ctx, const char *suffix, int depth, const char *text,
                            size_t len);
int cl_split_clauses(const char *text, size_t len, cl_clause_fn fn, void *ctx,
                     size_t *anomalies);

int cl_index_build(exctl_controls *c);
void cl_index_free(cl_index *ix);

/* ECCN shape: digit, letter A-E, three digits. */
bool cl_is_eccn(const char *s, size_t n);

#endif
