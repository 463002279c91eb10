/*
 * fmt_util — helpers shared by the list loaders (private to lib/lists).
 *
 * The loaders all face the same hostile-input problems: a BOM, invalid
 * UTF-8 somewhere in a multi-megabyte file, oversize fields, CSV records
 * that cannot be parsed. These helpers keep the policy in one place:
 *
 * - fu_utf8_scan() checks the whole file once. Strict mode fails with the
 *   file and line of the first bad byte. Lenient mode gets a copy in which
 *   every invalid byte is replaced by U+FDD0, a Unicode noncharacter that
 *   never occurs in real data, so a loader can parse the whole document and
 *   then skip (and count) exactly the records that contain the marker.
 * - fu_check() validates one field (marker, size cap) before a record is
 *   built, so that a rejected record never leaves a half-built entity.
 */
#ifndef XC_LISTS_FMT_UTIL_H
#define XC_LISTS_FMT_UTIL_H

#include <jansson.h>
#include "model.h"

/* Largest field a loader accepts (bytes). Real list fields stay far below;
 * anything bigger is a broken file. */
#define FU_MAX_FIELD 65536

/* Marker for invalid bytes in lenient mode (U+FDD0). */
#define FU_BAD "\xEF\xB7\x90"

/* First occurrence of needle in hay (memmem is a GNU extension). */
const char *fu_memmem(const char *hay, size_t hn, const char *needle, size_t nn);

/* Length of a leading UTF-8 BOM (0 or 3). */
size_t fu_bom(const char *data, size_t len);

/* Scan ctx->data for invalid UTF-8. Returns 0 with *fixed = NULL when the
 * data is valid; in lenient mode returns 0 with *fixed (malloc-owned, NUL
 * terminated, caller frees) a repaired copy and *fixed_len its length;
 * otherwise returns EXCTL_EUTF8 with "file:line: invalid UTF-8" in ctx->eb. */
int fu_utf8_scan(xc_load *ctx, char **fixed, size_t *fixed_len);

/* 1-based line number of byte offset off in data. */
size_t fu_line_of(const char *data, size_t off);
/* Line of the first occurrence of needle in data, or 0 if absent. */
size_t fu_find_line(const char *data, size_t len, const char *needle, size_t nlen);

/* Check a field before use: 0 if fine, EXCTL_EUTF8 if it carries the
 * invalid-byte marker (or is invalid UTF-8), EXCTL_ETOOBIG if over the cap,
 * EXCTL_EPARSE if it contains a NUL byte.
 * *why (may be NULL) gets a static description. */
int fu_check(const char *s, size_t n, const char **why);

/* After a CSV parse error in lenient mode: skip to the next physical line
 * so that reading can continue. Returns false at end of input. */
bool fu_csv_resync(xc_csv *c);

/* Parse JSON (json_loadb with flags) so that an allocation failure inside
 * jansson is EXCTL_ENOMEM, not "malformed input". Jansson 2.14 reports some
 * allocation failures as syntax errors, or fails without saying why, so a
 * syntax error is confirmed by parsing again: a real one recurs with the
 * same position and text (EXCTL_EPARSE, details in *err); a transient
 * failure does not, and the second parse's tree is used; a second parse
 * that fails differently is EXCTL_ENOMEM. On 0 the caller owns *out. */
int fu_json_parse(const char *s, size_t n, size_t flags, json_t **out, json_error_t *err);

/* Code point classes used by the Japanese-aware loaders. */
bool fu_is_kana(uint32_t cp);
bool fu_is_han(uint32_t cp);
/* True if s contains a code point of the class. */
bool fu_has_kana(const char *s, size_t n);
bool fu_has_han(const char *s, size_t n);

/* Trim ASCII white space and the given trailing punctuation characters. */
const char *fu_trim_punct(const char *s, size_t *n, const char *punct);

#endif

/* Add a name that may carry its original-script form alongside, as lists
 * often write it: "Air Koryo (高麗航空)", "Ele Technology Co LTD（深圳市易络电子
 * 有限公司）", or a Latin name followed by a CJK one. Parenthesised groups
 * and trailing runs in Han/kana become EXCTL_NAME_ORIGINAL names (language
 * "ja" when kana occur, else lang_orig); the rest is added with kind and
 * lang_main. A name wholly in Han/kana is an original-script name, except
 * that a primary name stays primary (with its language). */
int fu_add_name_split(exctl_entity *e, exctl_name_kind kind, const char *s, size_t n,
                      const char *lang_main, const char *lang_orig);

/* Add an original-script (CJK) name; language "ja" when kana occur. */
int fu_add_cjk(exctl_entity *e, const char *s, size_t n, const char *lang_orig);
