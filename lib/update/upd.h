/*
 * update — private interface between the fetcher, the version store and
 * the update driver (see include/exctl/update.h for the design).
 */
#ifndef XC_UPDATE_UPD_H
#define XC_UPDATE_UPD_H

#include <jansson.h>
#include "core/core.h"
#include "exctl/update.h"

/* --- fetch.c ------------------------------------------------------------ */
typedef struct upd_fetch_limits {
    long timeout_s, connect_timeout_s, low_speed_time_s;
    size_t max_bytes;
} upd_fetch_limits;

/* Download url into the new file path (created exclusively, fsync'ed).
 * HTTP errors, timeouts, truncated bodies, bad Content-Encoding and bodies
 * over the limit fail with EXCTL_EIO / EXCTL_ETOOBIG and a message naming
 * the URL; the partial file is removed. *bytes (may be NULL) gets the size. */
int upd_fetch(const char *url, const char *path, const upd_fetch_limits *lim,
              size_t *bytes, exctl_errbuf *eb);

/* --- store.c -------------------------------------------------------------- */
/* Create dir and its parents (mode 0755); EXCTL_OK when it exists. */
int upd_mkdirs(const char *dir, exctl_errbuf *eb);
/* fsync a directory so that renames inside it are durable. */
int upd_fsync_dir(const char *dir, exctl_errbuf *eb);
/* Remove a staging directory and the files in it (one level). */
void upd_rmtree1(const char *dir);
/* Write data to path atomically: temp file in the same directory, fsync,
 * rename, fsync of the directory. */
int upd_write_atomic(const char *path, const char *data, size_t len, exctl_errbuf *eb);

/* The state file: {"lists": {"<id>": {"version", "file", "format",
 * "sha256", "entities", "fetched", "date"}}}. A missing file is an empty
 * state. The caller owns *out (json_decref). */
int upd_state_read(const char *dir, json_t **out, exctl_errbuf *eb);
int upd_state_write(const char *dir, const json_t *state, exctl_errbuf *eb);
/* Path of the main file of the current version of id, or NULL (malloc). */
char *upd_state_current_path(const char *dir, const json_t *state, const char *id);

#endif
