/*
 * RFC 4180 CSV/TSV reader over an in-memory buffer.
 *
 * Cells are unescaped into one scratch buffer per record; offsets index into
 * it so that the whole record stays addressable until the next call. Line
 * numbers count physical lines so that an error inside a quoted multi-line
 * cell still points at the right place in the file.
 */
#include <string.h>
#include "core.h"

void xc_csv_init(xc_csv *c, const char *data, size_t len, char sep)
{
    memset(c, 0, sizeof *c);
    c->p = data;
    c->end = data + len;
    c->sep = sep;
    c->next_line = 1;
    xc_buf_init(&c->cell);
    /* UTF-8 byte-order mark. */
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        c->p += 3;
    /* Trailing DOS end-of-file marker (OFAC files end with 0x1A). */
    while (c->end > c->p && (c->end[-1] == 0x1A || c->end[-1] == '\n' ||
                             c->end[-1] == '\r'))
        c->end--;
}

void xc_csv_free(xc_csv *c)
{
    if (!c)
        return;
    xc_buf_free(&c->cell);
}

static int end_field(xc_csv *c, size_t start, const char *file, exctl_errbuf *eb)
{
    if (c->nfields >= XC_CSV_MAX_FIELDS)
        return -xc_err(eb, EXCTL_ETOOBIG, "%s:%zu: more than %d fields in a record",
                       file, c->line, XC_CSV_MAX_FIELDS);
    size_t n = c->cell.len - start;
    if (n > XC_CSV_MAX_FIELD)
        return -xc_err(eb, EXCTL_ETOOBIG, "%s:%zu: field %zu longer than %d bytes",
                       file, c->line, c->nfields + 1, XC_CSV_MAX_FIELD);
    /* Text never holds NUL; a NUL would cut the field short for every C
     * string consumer (ids that cannot be found, names read past their end). */
    if (n && memchr(c->cell.data + start, '\0', n))
        return -xc_err(eb, EXCTL_EPARSE, "%s:%zu: NUL byte in field %zu", file, c->line,
                       c->nfields + 1);
    c->off[c->nfields] = start;
    c->len[c->nfields] = n;
    c->nfields++;
    if (xc_buf_putc(&c->cell, '\0'))
        return -EXCTL_ENOMEM;
    return 0;
}

int xc_csv_next(xc_csv *c, const char *file, exctl_errbuf *eb)
{
    int rc;
    c->nfields = 0;
    c->cell.len = 0;
    /* A lone 0x1A line between records is skipped as well. */
    if (c->p >= c->end)
        return 0;
    c->line = c->next_line;
    const char *p = c->p, *end = c->end;
    size_t start = 0;
    for (;;) {
        start = c->cell.len;
        if (p < end && *p == '"') {
            size_t qline = c->next_line;
            p++;
            for (;;) {
                const char *q = p;
                while (q < end && *q != '"' && *q != '\n')
                    q++;
                if (xc_buf_append(&c->cell, p, (size_t)(q - p)))
                    return -EXCTL_ENOMEM;
                if (q >= end)
                    return -xc_err(eb, EXCTL_EPARSE,
                                   "%s:%zu: unterminated quoted field", file, qline);
                if (*q == '\n') {
                    c->next_line++;
                    if (xc_buf_putc(&c->cell, '\n'))
                        return -EXCTL_ENOMEM;
                    p = q + 1;
                    if (c->cell.len - start > XC_CSV_MAX_FIELD)
                        return -xc_err(eb, EXCTL_ETOOBIG,
                                       "%s:%zu: quoted field longer than %d bytes",
                                       file, qline, XC_CSV_MAX_FIELD);
                    continue;
                }
                /* *q == '"' */
                if (q + 1 < end && q[1] == '"') {
                    if (xc_buf_putc(&c->cell, '"'))
                        return -EXCTL_ENOMEM;
                    p = q + 2;
                    continue;
                }
                p = q + 1;
                break;
            }
            /* After a closing quote: separator, end of line, or junk. */
            const char *q = p;
            while (q < end && *q != c->sep && *q != '\n' && *q != '\r')
                q++;
            if (q != p) {
                if (!c->lazy_quotes)
                    return -xc_err(eb, EXCTL_EPARSE,
                                   "%s:%zu: unexpected text after closing quote",
                                   file, c->next_line);
                if (xc_buf_append(&c->cell, p, (size_t)(q - p)))
                    return -EXCTL_ENOMEM;
            }
            p = q;
        } else {
            const char *q = p;
            while (q < end && *q != c->sep && *q != '\n')
                q++;
            size_t n = (size_t)(q - p);
            if (n && p[n - 1] == '\r' && (q >= end || *q == '\n'))
                n--;
            if (!c->lazy_quotes && memchr(p, '"', n))
                return -xc_err(eb, EXCTL_EPARSE,
                               "%s:%zu: quote inside an unquoted field", file,
                               c->next_line);
            if (xc_buf_append(&c->cell, p, n))
                return -EXCTL_ENOMEM;
            p = q;
        }
        if ((rc = end_field(c, start, file, eb)) != 0)
            return rc;
        if (p < end && *p == '\r')
            p++;
        if (p >= end) {
            break;
        }
        if (*p == c->sep) {
            p++;
            if (p >= end) {
                /* Trailing separator at end of input: one more empty field. */
                start = c->cell.len;
                if ((rc = end_field(c, start, file, eb)) != 0)
                    return rc;
                break;
            }
            continue;
        }
        if (*p == '\n') {
            p++;
            c->next_line++;
            break;
        }
    }
    c->p = p;
    return 1;
}

const char *xc_csv_field(const xc_csv *c, size_t i, size_t *len)
{
    if (i >= c->nfields) {
        if (len)
            *len = 0;
        return "";
    }
    if (len)
        *len = c->len[i];
    return c->cell.data + c->off[i];
}
