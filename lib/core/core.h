/*
 * core — small building blocks shared by every module (private).
 *
 * - xc_arena: bump allocator; everything a loaded list holds lives in one so
 *   that freeing a list set is one walk over a few large blocks.
 * - xc_map: open-addressing hash map from byte strings to uint32 values.
 * - xc_buf: growable byte buffer for building strings.
 * - text helpers: UTF-8 validation, whitespace cleanup, full-width folding.
 * - file helpers: read a whole file (transparently gunzipping *.gz).
 * - xc_err(): format a message into an exctl_errbuf.
 */
#ifndef XC_CORE_H
#define XC_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "exctl/exctl.h"

#define XC_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* --- errors ----------------------------------------------------------- */
/* Write a printf-style message into eb (may be NULL); returns rc so that
 * callers can write `return xc_err(eb, EXCTL_EPARSE, "...")`. */
int xc_err(exctl_errbuf *eb, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* --- arena ------------------------------------------------------------ */
typedef struct xc_arena_block xc_arena_block;
typedef struct xc_arena {
    xc_arena_block *head;
    size_t used_total;
} xc_arena;

void xc_arena_init(xc_arena *a);
void xc_arena_free(xc_arena *a);
/* Aligned to 8 bytes, zeroed. NULL when out of memory. */
void *xc_arena_alloc(xc_arena *a, size_t n);
/* Copy n bytes and add a NUL. */
char *xc_arena_strndup(xc_arena *a, const char *s, size_t n);
/* Move every block of src into dst (src is left empty). Pointers into src's
 * memory stay valid and are freed with dst. Lets a list built in a private
 * arena (e.g. on a loader thread) join a list set without copying. */
void xc_arena_adopt(xc_arena *dst, xc_arena *src);
char *xc_arena_strdup(xc_arena *a, const char *s);

/* --- growable buffer -------------------------------------------------- */
typedef struct xc_buf {
    char *data;
    size_t len, cap;
} xc_buf;

void xc_buf_init(xc_buf *b);
void xc_buf_free(xc_buf *b);
int xc_buf_reserve(xc_buf *b, size_t extra);
int xc_buf_append(xc_buf *b, const void *p, size_t n);
int xc_buf_puts(xc_buf *b, const char *s);
int xc_buf_putc(xc_buf *b, char c);
int xc_buf_printf(xc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Ensure NUL termination (not counted in len); returns data or "" */
const char *xc_buf_cstr(xc_buf *b);
/* Hand the buffer's memory to the caller (malloc-owned), leaving b empty. */
char *xc_buf_steal(xc_buf *b);

/* --- hash map --------------------------------------------------------- */
typedef struct xc_map_slot {
    const char *key;  /* not owned: keys must outlive the map */
    uint32_t klen;
    uint32_t hash;
    uint32_t value;
} xc_map_slot;

typedef struct xc_map {
    xc_map_slot *slots;
    size_t cap;   /* power of two */
    size_t count;
} xc_map;

void xc_map_init(xc_map *m);
void xc_map_free(xc_map *m);
uint32_t xc_hash(const void *p, size_t n);
/* Insert or overwrite. */
int xc_map_put(xc_map *m, const char *key, size_t klen, uint32_t value);
/* Returns true and sets *value when found. */
bool xc_map_get(const xc_map *m, const char *key, size_t klen, uint32_t *value);

/* --- text ------------------------------------------------------------- */
/* Length of the valid UTF-8 prefix; equals n when the whole input is valid. */
size_t xc_utf8_valid_prefix(const char *s, size_t n);
bool xc_utf8_valid(const char *s, size_t n);
/* Code points in valid UTF-8 s[0..n) (bytes that start one). */
size_t xc_utf8_count(const char *s, size_t n);
/* Decode one code point at s (n bytes available). Returns bytes consumed
 * (1..4) and sets *cp, or 0 on invalid input. */
int xc_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
int xc_utf8_encode(uint32_t cp, char out[4]);
/* The JSON escape for byte c (\" \\ \n ... or \u00XX in capitals, as
 * jansson writes it) into out; returns its length, or 0 when c stands as it
 * is (printable ASCII and every byte >= 0x80). */
size_t xc_json_escape(unsigned char c, char out[6]);

/* Clean a field into the buffer: trim, collapse runs of white space (ASCII
 * and U+3000) to one space, fold full-width ASCII (U+FF01..FF5E) to ASCII.
 * Input must be valid UTF-8. Replaces b's content. */
int xc_text_clean(xc_buf *b, const char *s, size_t n);

/* ISO 15924 code of the dominant script of a UTF-8 string: "Latn", "Cyrl",
 * "Arab", "Hani", "Hira"/"Kana" folded to "Jpan", "Hang", "Grek", "Hebr",
 * "Thai", "Geor", "Armn", ... or "Zyyy" when no letters. Static string. */
const char *xc_script_of(const char *s, size_t n);

/* ASCII case-insensitive equality and prefix tests. */
bool xc_ieq(const char *a, const char *b);
bool xc_istarts(const char *s, const char *prefix);
/* Trim ASCII white space; returns the new start, sets *len. */
const char *xc_trim(const char *s, size_t *len);

/* Parse a decimal integer in [min,max] from exactly n bytes. */
int xc_parse_long(const char *s, size_t n, long min, long max, long *out);

/* --- files ------------------------------------------------------------ */
#define XC_MAX_FILE_SIZE ((size_t)1 << 30)  /* 1 GiB after decompression */

/* Read a whole file into *data (malloc-owned, NUL-terminated; *len excludes
 * the NUL). Files ending in .gz are decompressed. */
int xc_read_file(const char *path, char **data, size_t *len, exctl_errbuf *eb);
/* Lower-case hex SHA-256 of the bytes (65 bytes incl. NUL). */
void xc_sha256_hex(const void *p, size_t n, char out[65]);
bool xc_file_exists(const char *path);
/* Join dir and name into a malloc'ed path. */
char *xc_path_join(const char *dir, const char *name);

/* --- CSV -------------------------------------------------------------- */
/* RFC 4180 reader over an in-memory buffer. Handles quoted fields with
 * embedded separators, quotes and newlines, a leading UTF-8 BOM, CRLF, and a
 * trailing 0x1A (DOS EOF) as found in OFAC files. Field and record sizes are
 * capped; violations produce errors naming the line. */
#define XC_CSV_MAX_FIELDS 256
#define XC_CSV_MAX_FIELD 1048576

typedef struct xc_csv {
    const char *p, *end;
    char sep;
    size_t line;          /* 1-based line where the current record started */
    size_t next_line;
    xc_buf cell;          /* scratch for unescaped cells */
    size_t nfields;
    size_t off[XC_CSV_MAX_FIELDS];  /* offsets into cell */
    size_t len[XC_CSV_MAX_FIELDS];
    bool lazy_quotes;     /* accept a stray quote inside an unquoted field */
} xc_csv;

void xc_csv_init(xc_csv *c, const char *data, size_t len, char sep);
void xc_csv_free(xc_csv *c);
/* Read the next record. Returns 1 when a record was read, 0 at end of
 * input, or a negative -exctl_rc on error (message in eb, naming `file`). */
int xc_csv_next(xc_csv *c, const char *file, exctl_errbuf *eb);
/* Field i of the current record (NUL-terminated inside the scratch buffer,
 * valid until the next call). Out-of-range fields read as "". */
const char *xc_csv_field(const xc_csv *c, size_t i, size_t *len);

#endif
