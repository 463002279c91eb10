/*
 * libFuzzer harness: the CSV/TSV reader (xc_csv_next) with ',' and '\t',
 * strict and with lazy quotes.
 *
 * Beyond "no crash", the strict reader must round-trip: every record it
 * returns, written back with every field quoted, must read back to the same
 * fields. That catches a reader that loses or invents bytes, which a crash
 * detector would not.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core.h"

#define CHECK(cond, what)                                                          \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "fuzz_csv: broken promise: %s (line %d)\n", what,      \
                    __LINE__);                                                     \
            abort();                                                               \
        }                                                                          \
    } while (0)

/* Append the current record of c to out, every field quoted. */
static int write_record(const xc_csv *c, char sep, xc_buf *out)
{
    for (size_t i = 0; i < c->nfields; i++) {
        size_t n;
        const char *f = xc_csv_field(c, i, &n);
        if ((i && xc_buf_putc(out, sep)) || xc_buf_putc(out, '"'))
            return EXCTL_ENOMEM;
        for (size_t k = 0; k < n; k++)
            if ((f[k] == '"' && xc_buf_putc(out, '"')) || xc_buf_putc(out, f[k]))
                return EXCTL_ENOMEM;
        if (xc_buf_putc(out, '"'))
            return EXCTL_ENOMEM;
    }
    return xc_buf_putc(out, '\n');
}

/* Read all of data; returns the number of records, or -1 on a parse error.
 * When out is non-NULL the records are re-encoded into it. */
static long read_all(const char *data, size_t size, char sep, bool lazy, xc_buf *out)
{
    xc_csv c;
    exctl_errbuf eb = {{0}};
    long nrec = 0;
    size_t last_line = 0;
    xc_csv_init(&c, data, size, sep);
    c.lazy_quotes = lazy;
    int r;
    while ((r = xc_csv_next(&c, "fuzz.csv", &eb)) == 1) {
        CHECK(c.nfields >= 1 && c.nfields <= XC_CSV_MAX_FIELDS, "field count");
        CHECK(c.line > last_line && c.line < c.next_line + 1, "line numbers");
        last_line = c.line;
        for (size_t i = 0; i < c.nfields; i++) {
            size_t n;
            const char *f = xc_csv_field(&c, i, &n);
            CHECK(f[n] == '\0' && n <= XC_CSV_MAX_FIELD, "field termination");
        }
        size_t n;
        CHECK(*xc_csv_field(&c, c.nfields, &n) == '\0' && n == 0, "field past end");
        if (out)
            CHECK(write_record(&c, sep, out) == 0, "out of memory");
        nrec++;
    }
    if (r < 0)
        CHECK(eb.msg[0] || r == -EXCTL_ENOMEM, "error without a message");
    xc_csv_free(&c);
    return r < 0 ? -1 : nrec;
}

static void round_trip(const char *data, size_t size, char sep)
{
    xc_buf a, b;
    xc_buf_init(&a);
    xc_buf_init(&b);
    long n1 = read_all(data, size, sep, false, &a);
    if (n1 > 0) {
        long n2 = read_all(a.data, a.len, sep, false, &b);
        CHECK(n2 == n1, "round trip changed the record count");
        CHECK(a.len == b.len && !memcmp(a.data, b.data, a.len),
              "round trip changed the fields");
    }
    xc_buf_free(&a);
    xc_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *d = (const char *)data;
    round_trip(d, size, ',');
    round_trip(d, size, '\t');
    read_all(d, size, ',', true, NULL);
    read_all(d, size, '\t', true, NULL);
    return 0;
}
