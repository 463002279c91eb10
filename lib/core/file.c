/*
 * Whole-file reading. Lists are at most tens of megabytes, so reading them
 * whole keeps every parser a simple pass over memory. Files named *.gz are
 * inflated with zlib so that bundled data can ship compressed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <openssl/evp.h>
#include <zlib.h>
#include "core.h"

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The uncompressed size recorded in a gzip trailer (ISIZE, modulo 2^32; of
 * the last member only), or 0. Only a hint for the first allocation: growing
 * a 15 MB buffer by doubling copies it and touches twice the memory, which
 * on a cold start costs more than the inflating. */
static size_t gz_size_hint(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    unsigned char t[4];
    size_t hint = 0;
    long csize = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (csize >= 18 && fseek(f, -4, SEEK_END) == 0 && fread(t, 1, 4, f) == 4)
        hint = (size_t)t[0] | (size_t)t[1] << 8 | (size_t)t[2] << 16 | (size_t)t[3] << 24;
    fclose(f);
    /* Deflate expands at most ~1032:1; a larger "size" is not a trailer
     * (a plain file named .gz, or garbage) and is ignored. */
    if (hint > XC_MAX_FILE_SIZE || (csize > 0 && hint / 1032 > (size_t)csize))
        return 0;
    return hint;
}

static int read_gz(const char *path, char **data, size_t *len, exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    xc_buf b;
    xc_buf_init(&b);
    gzFile gz = gzopen(path, "rb");
    if (!gz) {
        rc = xc_err(eb, EXCTL_EIO, "%s: cannot open: %s", path, strerror(errno));
        goto out;
    }
    gzbuffer(gz, 1 << 17);
    /* Room for the whole file plus a little, so that the read that sees the
     * end needs no growth. */
    size_t hint = gz_size_hint(path);
    if (hint && (rc = xc_buf_reserve(&b, hint + 64)) != EXCTL_OK) {
        xc_err(eb, rc, "%s: out of memory", path);
        goto out;
    }
    for (;;) {
        size_t room = b.cap > b.len + 1 ? b.cap - b.len - 1 : 0;
        if (room == 0) {
            if ((rc = xc_buf_reserve(&b, 1 << 20)) != EXCTL_OK) {
                xc_err(eb, rc, "%s: out of memory", path);
                goto out;
            }
            room = b.cap - b.len - 1;
        }
        unsigned chunk = room > (1u << 24) ? 1u << 24 : (unsigned)room;
        int n = gzread(gz, b.data + b.len, chunk);
        if (n < 0) {
            int zerr;
            const char *msg = gzerror(gz, &zerr);
            rc = xc_err(eb, EXCTL_EIO, "%s: corrupt gzip data: %s", path, msg);
            goto out;
        }
        if (n == 0)
            break;
        b.len += (size_t)n;
        if (b.len > XC_MAX_FILE_SIZE) {
            rc = xc_err(eb, EXCTL_ETOOBIG, "%s: larger than 1 GiB uncompressed", path);
            goto out;
        }
    }
    if (!gzeof(gz)) {
        rc = xc_err(eb, EXCTL_EIO, "%s: truncated gzip data", path);
        goto out;
    }
    if ((rc = xc_buf_reserve(&b, 0)) != EXCTL_OK)
        goto out;
    b.data[b.len] = '\0';
    *len = b.len;
    *data = xc_buf_steal(&b);
out:
    if (gz)
        gzclose(gz);
    xc_buf_free(&b);
    return rc;
}

int xc_read_file(const char *path, char **data, size_t *len, exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    char *buf = NULL;
    *data = NULL;
    *len = 0;
    if (ends_with(path, ".gz"))
        return read_gz(path, data, len, eb);
    FILE *f = fopen(path, "rb");
    if (!f)
        return xc_err(eb, EXCTL_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = xc_err(eb, EXCTL_EIO, "%s: not a regular file", path);
        goto out;
    }
    if ((size_t)st.st_size > XC_MAX_FILE_SIZE) {
        rc = xc_err(eb, EXCTL_ETOOBIG, "%s: larger than 1 GiB", path);
        goto out;
    }
    size_t n = (size_t)st.st_size;
    buf = malloc(n + 1);
    if (!buf) {
        rc = xc_err(eb, EXCTL_ENOMEM, "%s: out of memory", path);
        goto out;
    }
    if (n && fread(buf, 1, n, f) != n) {
        rc = xc_err(eb, EXCTL_EIO, "%s: read error", path);
        goto out;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    buf = NULL;
out:
    free(buf);
    fclose(f);
    return rc;
}

void xc_sha256_hex(const void *p, size_t n, char out[65])
{
    unsigned char md[32];
    unsigned int mdlen = 0;
    static const char hex[] = "0123456789abcdef";
    if (!EVP_Digest(p, n, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32) {
        memset(out, '0', 64);
        out[64] = '\0';
        return;
    }
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
}

bool xc_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *xc_path_join(const char *dir, const char *name)
{
    if (name[0] == '/')
        return strdup(name);
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, a);
    size_t k = a;
    if (a && dir[a - 1] != '/')
        p[k++] = '/';
    memcpy(p + k, name, b + 1);
    return p;
}
