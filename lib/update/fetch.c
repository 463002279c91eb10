/*
 * Downloading one file with libcurl.
 *
 * A list update must never be able to publish a partial or wrong body, so
 * every way a transfer can go wrong is turned into an error here rather
 * than left to the parser: HTTP status >= 400, a body shorter than its
 * Content-Length (curl reports it), a corrupt Content-Encoding, a stalled
 * or slow server (total and low-speed timeouts), and a body larger than the
 * configured cap (checked while writing, so a hostile server cannot fill
 * the disk). The body goes to a fresh file that is fsync'ed before the
 * caller renames it; on any error the file is removed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <curl/curl.h>
#include "upd.h"

typedef struct sink {
    int fd;
    size_t bytes, max;
    bool too_big, write_failed;
    int err;
} sink;

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    sink *s = ud;
    size_t len = size * n;
    if (len > s->max - s->bytes) {
        s->too_big = true;
        return 0;   /* makes curl fail with CURLE_WRITE_ERROR */
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(s->fd, p + off, len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            s->write_failed = true;
            s->err = errno;
            return 0;
        }
        off += (size_t)w;
    }
    s->bytes += len;
    return len;
}

static int curl_ready(exctl_errbuf *eb)
{
    static int state;   /* 0 untried, 1 ok, -1 failed */
    if (!state)
        state = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 1 : -1;
    return state > 0 ? EXCTL_OK : xc_err(eb, EXCTL_EINTERNAL, "libcurl initialisation failed");
}

int upd_fetch(const char *url, const char *path, const upd_fetch_limits *lim,
              size_t *bytes, exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    CURL *h = NULL;
    char cerr[CURL_ERROR_SIZE] = "";
    sink s = {.fd = -1, .max = lim->max_bytes};
    if ((rc = curl_ready(eb)))
        return rc;
    s.fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (s.fd < 0)
        return xc_err(eb, EXCTL_EIO, "%s: cannot create: %s", path, strerror(errno));
    if (!(h = curl_easy_init())) {
        rc = xc_err(eb, EXCTL_ENOMEM, "%s: out of memory", url);
        goto out;
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(h, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(h, CURLOPT_TIMEOUT, lim->timeout_s);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, lim->connect_timeout_s);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, lim->low_speed_time_s);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)lim->max_bytes);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");   /* gzip/deflate, decoded */
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "exctl/" EXCTL_VERSION " (list update)");
    CURLcode cc = curl_easy_perform(h);
    if (cc != CURLE_OK) {
        long status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        if (s.too_big || cc == CURLE_FILESIZE_EXCEEDED)
            rc = xc_err(eb, EXCTL_ETOOBIG, "%s: larger than the limit of %zu bytes", url,
                        lim->max_bytes);
        else if (s.write_failed)
            rc = xc_err(eb, EXCTL_EIO, "%s: cannot write: %s", path, strerror(s.err));
        else if (cc == CURLE_HTTP_RETURNED_ERROR)
            rc = xc_err(eb, EXCTL_EIO, "%s: HTTP status %ld", url, status);
        else if (cc == CURLE_OPERATION_TIMEDOUT)
            rc = xc_err(eb, EXCTL_EIO, "%s: timed out (%s)", url,
                        cerr[0] ? cerr : curl_easy_strerror(cc));
        else
            rc = xc_err(eb, EXCTL_EIO, "%s: %s", url, cerr[0] ? cerr : curl_easy_strerror(cc));
        goto out;
    }
    if (fsync(s.fd) != 0) {
        rc = xc_err(eb, EXCTL_EIO, "%s: fsync: %s", path, strerror(errno));
        goto out;
    }
    if (bytes)
        *bytes = s.bytes;
out:
    curl_easy_cleanup(h);
    if (s.fd >= 0 && close(s.fd) != 0 && !rc)
        rc = xc_err(eb, EXCTL_EIO, "%s: close: %s", path, strerror(errno));
    if (rc)
        unlink(path);
    return rc;
}
