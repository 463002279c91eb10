/*
 * classify — private model of the vocabulary, the rules and their
 * expressions. Everything a classifier holds lives in its arena.
 */
#ifndef CLF_H
#define CLF_H

#include "core/core.h"
#include "exctl/classify.h"

enum { CLF_AND, CLF_OR, CLF_NOT, CLF_CMP, CLF_BOOL, CLF_ENUM };
enum { OP_GE, OP_GT, OP_LE, OP_LT, OP_EQ, OP_NE };

typedef struct clf_node {
    int kind, op;
    uint32_t param;
    double value;       /* threshold in the dimension's base unit */
    double literal;     /* threshold as written in the rule */
    const char *unit;   /* unit as written ("" when none) */
    const char *sym;    /* enumeration value, or "yes"/"no" for booleans */
    struct clf_node *a, *b;
} clf_node;

typedef struct clf_unless {
    clf_node *expr;
    const char *src, *label;
    struct clf_unless *next;
} clf_unless;

typedef struct clf_rule {
    const char *system;   /* "us" or "jp" */
    const char *code, *item, *counterpart, *quote, *note, *reasons, *when_src;
    const char *thresholds_from; /* entry whose text states the thresholds, if not code */
    const char *file;
    size_t line;
    clf_node *when;
    clf_unless *unless;
} clf_rule;

typedef struct clf_param {
    const char *name, *dim, *unit, *en, *ja, *values;
    const char *used_by;   /* computed from the rules */
    const char *used_by_file;
} clf_param;

struct exctl_classifier {
    xc_arena arena;
    clf_param *params;
    size_t n_params;
    xc_map by_name;
    clf_rule *rules;
    size_t n_rules, cap_rules;
    const char *version;
    const exctl_controls *cl;
};

bool clf_dim_physical(const char *dim);
bool clf_dim_known(const char *dim);
int clf_unit_lookup(const char *sym, size_t n, const char *dim, double *factor, double *offset);
/* A unit of the dimension with factor 1 and no offset (the base unit), or NULL. */
const char *clf_base_unit(const char *dim);

int clf_load_vocabulary(exctl_classifier *k, const char *path, exctl_errbuf *eb);
int clf_load_rules_file(exctl_classifier *k, const char *path, exctl_errbuf *eb);
int clf_check_rules(exctl_classifier *k, exctl_errbuf *eb);
/* Parse one expression (exposed for tests). *out lives in k's arena. */
int clf_parse_expr(exctl_classifier *k, const char *src, clf_node **out, char *err,
                   size_t errcap);
/* Collect the literal thresholds of an expression (for tests). */
size_t clf_literals(const clf_node *n, const clf_node **out, size_t cap);

#endif
