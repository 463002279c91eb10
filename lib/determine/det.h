/*
 * determine — private interface between the pack loader, the condition
 * evaluator and the engine.
 *
 * A loaded pack keeps its validated jansson tree: the rules are interpreted
 * straight from it, so there is one representation of the law (the data
 * file) and no second, compiled copy to drift out of step with it. The
 * loader rejects anything the evaluator would not understand, so evaluation
 * never meets an unknown key or a dangling reference.
 */
#ifndef DET_H
#define DET_H

#include <stdbool.h>
#include <jansson.h>
#include <regex.h>
#include "core/core.h"
#include "exctl/determine.h"

struct exctl_pack {
    char *path;            /* pack.json path */
    json_t *root;          /* merged pack (includes folded in); owned */
    const char *id, *jurisdiction, *name, *version, *valid_from, *valid_to;
    const char *class_key; /* key in item.classification this pack reads */
    json_t *citations, *groups, *tables, *rules, *exceptions, *red_flags; /* borrowed */
    json_t *licence;       /* optional licence facts (validity), borrowed */
    /* optional "classification_codes": which codes of the pack's numbering
     * exist. Without it a misspelt or unknown code matches no rule and the
     * item silently comes out as needing no licence. */
    json_t *codes;         /* borrowed */
    regex_t codes_re;      /* its pattern, compiled when has_codes_re */
    bool has_codes_re;
    /* class_regex conditions compiled once at load, found by their string
     * node (a pack has a few dozen, so a linear scan beats hashing) */
    struct det_re { json_t *node; regex_t re; } *res;
    size_t n_res, cap_res;
};

struct exctl_packset {
    exctl_pack **packs;
    size_t n, cap;
};

/* One screening hit attached to a party. */
typedef struct det_hit {
    char *list_id, *entity_id, *name, *programs; /* programs: comma list or "" */
    double score;
    char *source;          /* "transaction" or "screener" */
} det_hit;

struct exctl_det_hits {
    det_hit *v;
    size_t n, cap;
};

typedef struct det_party {
    const char *role, *name, *country;
    json_t *json;          /* the party object, borrowed from the transaction */
    exctl_det_hits hits;
} det_party;

/* Facts of one item under evaluation. */
typedef struct det_ctx {
    const exctl_pack *pk;
    const char *date;       /* YYYY-MM-DD */
    const char *dest;       /* ISO alpha-2 */
    json_t *txn;            /* whole transaction */
    json_t *item;           /* current item */
    const char *kind;       /* goods, technology, software */
    const char *cls;        /* classification in the pack's numbering or NULL */
    char hs[16];            /* HS code, digits only, "" when unknown */
    det_party *parties;
    size_t n_parties;
    json_t *raised;         /* array of red-flag objects answered yes */
    xc_buf why;             /* description of the deciding condition */
    xc_buf facts;           /* facts worth reporting (chart columns, ...) */
} det_ctx;

/* --- dates ------------------------------------------------------------- */
bool det_date_valid(const char *s);
/* true when date lies in [from, to]; NULL/"" bounds are open. */
bool det_in_window(const char *date, const char *from, const char *to);
/* Validity window of a JSON object (valid_from / valid_to members). */
bool det_obj_in_force(json_t *obj, const char *date);

/* --- conditions -------------------------------------------------------- */
/* Validate a condition tree; path names it in messages. */
int det_cond_validate(exctl_pack *pk, json_t *cond, const char *path, exctl_errbuf *eb);
/* Release the compiled regular expressions of a pack. */
void det_cond_free(exctl_pack *pk);
/* Evaluate; on false, ctx->why holds the first failing test. */
bool det_cond_eval(det_ctx *ctx, json_t *cond);

/* --- lookups ------------------------------------------------------------ */
/* Is code a member of group gid as of date? */
bool det_group_has(const exctl_pack *pk, const char *gid, const char *code,
                   const char *date);
/* Longest-prefix (or exact) lookup of key in table tid; NULL when absent. */
json_t *det_table_lookup(const exctl_pack *pk, const char *tid, const char *key);
/* 0 when code (a listed classification) is a code of the pack's numbering
 * as its "classification_codes" describe (always 0 without that member);
 * otherwise EXCTL_EINVAL with a message naming the code and path. */
int det_code_check(const exctl_pack *pk, const char *code, const char *path, exctl_errbuf *eb);
/* "law article" for a citation id (static empty string when unknown). */
const char *det_citation_text(const exctl_pack *pk, const char *cid, xc_buf *out);

/* Validation helpers shared by the loader and conditions. */
int det_verr(exctl_errbuf *eb, const exctl_pack *pk, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
