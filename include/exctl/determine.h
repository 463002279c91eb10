/*
 * exctl — licence determination with jurisdiction packs.
 *
 * A jurisdiction pack (docs/formats/packs.md) is data: country groups,
 * ordered rules over the facts of a transaction, exceptions and the legal
 * citations behind them, each dated so that a determination "as of" a date is
 * reproducible. The engine knows no country's law; it evaluates the pack.
 *
 * A transaction goes in as JSON (the `exctl determine` contract) and the
 * result comes out as JSON with sorted keys plus a plain-text reasoning
 * trace, so that the CLI, the server and the tests share one rendering and the
 * output is byte-identical for the same inputs and pack versions.
 *
 * Party screening is injected: the caller passes a callback that screens one
 * party and reports hits through exctl_det_hit_add(). The library therefore
 * does not depend on a particular screening index; tests feed hits directly
 * and the CLI adapts the exctl_screener (screen.h). Hits may also be given in
 * the transaction itself ("screening" on a party) for replays.
 */
#ifndef EXCTL_DETERMINE_H
#define EXCTL_DETERMINE_H

#include "exctl.h"
#include "screen.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct exctl_packset exctl_packset;
typedef struct exctl_pack exctl_pack;
typedef struct exctl_determination exctl_determination;
typedef struct exctl_det_hits exctl_det_hits;

/* --- packs ------------------------------------------------------------- */

/* Create an empty pack set. The caller owns *out (exctl_packset_free). */
int exctl_packset_new(exctl_packset **out);
void exctl_packset_free(exctl_packset *ps);

/* Load one pack from its pack.json (and the files it includes), validating
 * every section; an error names the file, the line when the JSON syntax is at
 * fault, and the JSON path otherwise. The pack is owned by ps. */
int exctl_packset_load_file(exctl_packset *ps, const char *pack_json_path,
                            exctl_errbuf *eb);
/* Load every <dir>/<name>/pack.json, in name order. */
int exctl_packset_load_dir(exctl_packset *ps, const char *dir, exctl_errbuf *eb);
/* Load the bundled packs from <data dir>/packs. */
int exctl_packset_load_bundled(exctl_packset *ps, exctl_errbuf *eb);

size_t exctl_packset_count(const exctl_packset *ps);
const exctl_pack *exctl_packset_at(const exctl_packset *ps, size_t i);

/* Accessors; strings are owned by the pack set ("" when absent). */
const char *exctl_pack_id(const exctl_pack *p);
const char *exctl_pack_jurisdiction(const exctl_pack *p);
const char *exctl_pack_name(const exctl_pack *p);
const char *exctl_pack_version(const exctl_pack *p);
const char *exctl_pack_valid_from(const exctl_pack *p);
const char *exctl_pack_valid_to(const exctl_pack *p);   /* "" = open-ended */
const char *exctl_pack_path(const exctl_pack *p);

typedef enum exctl_pack_count_kind {
    EXCTL_PACK_GROUPS = 0,
    EXCTL_PACK_RULES,
    EXCTL_PACK_EXCEPTIONS,
    EXCTL_PACK_CITATIONS,
    EXCTL_PACK_TABLES,
    EXCTL_PACK_RED_FLAGS
} exctl_pack_count_kind;
size_t exctl_pack_count(const exctl_pack *p, exctl_pack_count_kind k);

/* --- screening hook ------------------------------------------------------ */

typedef struct exctl_det_party {
    const char *role;       /* end_user, consignee, intermediary, purchaser */
    const char *name;
    const char *country;    /* may be NULL */
} exctl_det_party;

/* Screen one party; report each hit with exctl_det_hit_add(). Return 0, or an
 * exctl_rc to abort the determination (message in eb). */
typedef int (*exctl_det_screen_fn)(void *ctx, const exctl_det_party *party,
                                   exctl_det_hits *hits, exctl_errbuf *eb);

/* Record one hit. programs is a comma-separated list of the entity's
 * programmes / reasons (for the METI EUL: "N", "M", "B", "C", "CW"), or NULL.
 * Strings are copied. */
int exctl_det_hit_add(exctl_det_hits *hits, const char *list_id, const char *entity_id,
                      const char *name, double score, const char *programs);

/* Ready-made hook over the screening engine: pass exctl_det_screen_screener
 * as exctl_det_opts.screen and a exctl_det_screener as its ctx. Each party is
 * screened by name and country against every list of the screener (or the
 * lists named); every match becomes a hit whose programmes are the entity's
 * programme field (METI EUL: B, C, M, N, CW). */
typedef struct exctl_det_screener {
    const exctl_screener *screener;
    double threshold;              /* < 0: exctl_screen_default_threshold() */
    const char *const *lists;      /* NULL: all lists */
    size_t n_lists;
} exctl_det_screener;
int exctl_det_screen_screener(void *ctx, const exctl_det_party *party, exctl_det_hits *hits,
                              exctl_errbuf *eb);

/* --- determination ------------------------------------------------------- */

typedef struct exctl_det_opts {
    exctl_det_screen_fn screen;   /* NULL: only hits given in the transaction */
    void *screen_ctx;
    const char *pack_id;          /* force a pack; NULL = by jurisdiction and date */
} exctl_det_opts;

/* Determine the licence requirements of the transaction in json (len bytes,
 * the `exctl determine` input contract). The caller owns *out
 * (exctl_determination_free). Malformed transactions give EXCTL_EINVAL or
 * EXCTL_EPARSE with the JSON path in eb. */
int exctl_determine_json(const exctl_packset *ps, const char *json, size_t len,
                         const exctl_det_opts *opts, exctl_determination **out,
                         exctl_errbuf *eb);
void exctl_determination_free(exctl_determination *d);

/* The result as one JSON object with sorted keys (no trailing newline) and
 * the reasoning trace as text. Owned by d. */
const char *exctl_determination_json(const exctl_determination *d);
const char *exctl_determination_trace(const exctl_determination *d);

size_t exctl_determination_item_count(const exctl_determination *d);
/* Summary of item i: outcome is "prohibited", "license_required",
 * "exception_available", "notify_authority" or "no_license_required".
 * Strings are owned by d. Outputs may be NULL. */
int exctl_determination_item(const exctl_determination *d, size_t i, const char **id,
                             int *license_required, int *prohibited,
                             const char **outcome);

#ifdef __cplusplus
}
#endif
#endif
