/*
 * exctl — classification (該非判定) of an item against the control lists.
 *
 * The rules are data (data/classify/rules/NAME.rules, documented in
 * docs/formats/rules.md): each rule implements one paragraph of the US CCL
 * or one clause of Japan's 貨物等省令, quotes its threshold text, and tests
 * named parameters with units (`frequency > 43.5 GHz`). The parameter names
 * come from a vocabulary (data/classify/vocabulary.tsv) shared by the JP and
 * US rules, so one description of an item classifies under both.
 *
 * A classifier is immutable after loading and may be shared between threads.
 * Evaluation is three-valued: a rule whose parameters are not all given is
 * "unknown" and its missing parameters are reported, so that an item is only
 * `not_controlled` when every rule that could apply was decided.
 */
#ifndef EXCTL_CLASSIFY_H
#define EXCTL_CLASSIFY_H

#include "exctl.h"
#include "controls.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct exctl_classifier exctl_classifier;
typedef struct exctl_cls_result exctl_cls_result;

/* One parameter of an item: a name from the vocabulary and a value as text:
 * "43.5 GHz", "4800", "true"/"false", or an enumeration value
 * ("integrated_circuit"; several separated by commas). */
typedef struct exctl_cls_param {
    const char *name;
    const char *value;
} exctl_cls_param;

typedef struct exctl_cls_item {
    const char *description;        /* free text, kept for the record */
    const exctl_cls_param *params;
    size_t n_params;
} exctl_cls_item;

typedef enum exctl_cls_outcome {
    EXCTL_CLS_NOT_MET = 0,   /* the item does not meet the paragraph */
    EXCTL_CLS_MET,           /* the item meets the paragraph: controlled (該当) */
    EXCTL_CLS_EXCLUDED,      /* meets it but a note or exclusion releases it */
    EXCTL_CLS_UNKNOWN        /* parameters needed to decide are missing */
} exctl_cls_outcome;

/* Load the bundled vocabulary and rules. When cl is given (it must outlive
 * the classifier), every rule's code must exist in the control lists and its
 * quote must occur in that entry's text, so a rule cannot cite a threshold
 * the law does not state. The caller owns *out. */
int exctl_classifier_load_bundled(const exctl_controls *cl, exctl_classifier **out,
                                  exctl_errbuf *eb);
/* Load a vocabulary file and every *.rules file of rules_dir (sorted by name). */
int exctl_classifier_load(const char *vocabulary, const char *rules_dir,
                          const exctl_controls *cl, exctl_classifier **out, exctl_errbuf *eb);
void exctl_classifier_free(exctl_classifier *k);

/* Version text of the rules (file names and a SHA-256 over their bytes).
 * Owned by the classifier. */
const char *exctl_classifier_version(const exctl_classifier *k);

/* --- vocabulary (strings owned by the classifier) --------------------- */
size_t exctl_classifier_param_count(const exctl_classifier *k);
/* name, dimension ("frequency", "boolean", "enum", ...), display unit, meaning
 * in English and Japanese, and the codes of the rules that use it (space
 * separated, computed from the rules). Any out pointer may be NULL. */
int exctl_classifier_param(const exctl_classifier *k, size_t i, const char **name,
                           const char **dimension, const char **unit, const char **meaning_en,
                           const char **meaning_ja, const char **used_by);

/* Allowed values of an enumeration parameter ('|'-separated; "" otherwise). */
const char *exctl_classifier_param_values(const exctl_classifier *k, size_t i);

/* --- rules ------------------------------------------------------------- */
size_t exctl_classifier_rule_count(const exctl_classifier *k);
/* system "us" or "jp", code (3A001.a.1.a / 第六条第一号イ(一)), the JP 項番
 * item, the counterpart code, the quoted threshold text and the condition
 * as written. Any out pointer may be NULL. */
int exctl_classifier_rule(const exctl_classifier *k, size_t i, const char **system,
                          const char **code, const char **jp_item, const char **counterpart,
                          const char **quote, const char **condition);

/* --- classification ---------------------------------------------------- */
/* Classify one item. Fails with EXCTL_EUNIT when a value lacks a unit its
 * parameter needs or has a unit of the wrong dimension, EXCTL_EINVAL for an
 * unknown parameter or a malformed value (message names the parameter).
 * The caller owns *out (free with exctl_cls_result_free). */
int exctl_classify(const exctl_classifier *k, const exctl_cls_item *item,
                   exctl_cls_result **out, exctl_errbuf *eb);
void exctl_cls_result_free(exctl_cls_result *r);

/* Entries the item falls under (outcome MET), in rule order. */
size_t exctl_cls_entry_count(const exctl_cls_result *r);
/* code, numbering name ("us-eccn" / "jp-clause"), JP counterpart text
 * ("7項(1) 第六条第一号ヨ"), EU code ("" when none) and reasons for control
 * (space separated). Strings owned by the result. */
int exctl_cls_entry(const exctl_cls_result *r, size_t i, const char **code,
                    const char **numbering, const char **jp, const char **eu,
                    const char **reasons);
size_t exctl_cls_entry_because_count(const exctl_cls_result *r, size_t i);
const char *exctl_cls_entry_because(const exctl_cls_result *r, size_t i, size_t j);

/* Parameters that undecided rules still need, sorted, unique. */
size_t exctl_cls_missing_count(const exctl_cls_result *r);
const char *exctl_cls_missing(const exctl_cls_result *r, size_t i);
/* 1 when no entry is met and nothing is missing (非該当 / EAR99 for list
 * control; catch-all controls can still apply). */
int exctl_cls_not_controlled(const exctl_cls_result *r);

/* Every rule considered, for the classification record: rule index (see
 * exctl_classifier_rule), outcome, and a one-line reason. */
size_t exctl_cls_considered_count(const exctl_cls_result *r);
int exctl_cls_considered(const exctl_cls_result *r, size_t i, size_t *rule,
                         exctl_cls_outcome *outcome, const char **reason);
const char *exctl_cls_outcome_name(exctl_cls_outcome o);   /* static */

/* --- units ------------------------------------------------------------- */
/* Parse "43.5 GHz" for a parameter of the given dimension and convert to the
 * dimension's base unit (Hz, m, W, bit/s, bit, K, s, ...). A dimensionless
 * parameter takes a bare number. EXCTL_EUNIT when the unit is missing, unknown
 * or of another dimension (message in eb). */
int exctl_unit_convert(const char *text, const char *dimension, double *base,
                       exctl_errbuf *eb);

#ifdef __cplusplus
}
#endif
#endif
