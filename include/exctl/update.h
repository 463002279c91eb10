/*
 * exctl — list updates: fetch the screening lists from their publishers,
 * validate them, and swap them in atomically.
 *
 * Sources (the publishers' URLs) are data: <data dir>/lists/sources.json,
 * one entry per list id of the bundled manifest. An update downloads every
 * file of a list into a staging directory, parses it with the same loader
 * as the bundled copy, refuses it when it shrank by more than the allowed
 * fraction (unless forced), and only then publishes it: the staged files
 * become an immutable version directory and a state file naming the
 * current version of each list is replaced by rename(2). A failed,
 * half-written or refused update therefore never replaces the good list,
 * and a reader (a server reloading its lists) sees either the old or the
 * new version, never a mix.
 *
 * Layout of the updates directory:
 *   state.json                        current version per list id
 *   versions/<list id>/<version>/...  every version fetched, kept
 * A version is "<UTC time>-<first 12 hex of the SHA-256>".
 */
#ifndef EXCTL_UPDATE_H
#define EXCTL_UPDATE_H

#include "exctl.h"
#include "lists.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct exctl_update_opts {
    const char *dir;          /* updates directory; NULL = exctl_update_default_dir() */
    const char *sources;      /* sources file; NULL = <data dir>/lists/sources.json */
    const char *only;         /* update only this list id; NULL = every list */
    int force;                /* accept a list that shrank beyond max_shrink */
    long timeout_s;           /* whole transfer of one file; 0 = 600 */
    long connect_timeout_s;   /* 0 = 30 */
    long low_speed_time_s;    /* abort below 1 KiB/s for this long; 0 = 60 */
    size_t max_bytes;         /* largest file accepted; 0 = 512 MiB */
    double max_shrink;        /* largest accepted drop in entities; <= 0: 0.20 */
} exctl_update_opts;

typedef enum exctl_update_status {
    EXCTL_UPDATE_UPDATED = 0, /* a new version is now current */
    EXCTL_UPDATE_UNCHANGED,   /* the source has the same content as the current one */
    EXCTL_UPDATE_SKIPPED,     /* no machine-readable source (see its "manual" note) */
    EXCTL_UPDATE_REFUSED,     /* shrank beyond max_shrink; use force */
    EXCTL_UPDATE_FAILED       /* download or validation failed; nothing changed */
} exctl_update_status;

/* The outcome for one list; strings are owned by the library and valid
 * during the callback only. */
typedef struct exctl_update_result {
    const char *list_id;
    exctl_update_status status;
    int rc;                   /* exctl_rc of a failure, else 0 */
    const char *version;      /* the current version after the update ("" = bundled) */
    const char *sha256;       /* of the new content when downloaded, else "" */
    size_t old_entities, new_entities;
    const char *message;      /* human-readable detail */
} exctl_update_result;

typedef void (*exctl_update_cb)(const exctl_update_result *r, void *ud);

/* Update the lists named in the sources file (or only opts->only). cb (may
 * be NULL) receives each list's outcome in source order. Returns EXCTL_OK
 * when every list was updated, unchanged or skipped; otherwise the code of
 * the first failure or EXCTL_ESTATE for a refused list. Configuration
 * errors (unreadable sources file, unknown --only id, unusable directory)
 * return before any download, with the message in eb. */
int exctl_lists_update(const exctl_update_opts *opts, exctl_update_cb cb, void *ud,
                       exctl_errbuf *eb);

/* The default updates directory: $EXCTL_LISTS_DIR, else
 * $EXCTL_STATE_DIR/lists, else $XDG_STATE_HOME/exctl/lists, else
 * $HOME/.local/state/exctl/lists, else ./exctl-lists. Static storage. */
const char *exctl_update_default_dir(void);

/* Load the bundled lists (manifest order), each replaced by its current
 * updated version in dir when state.json names one (dir NULL = the
 * default; a missing dir or state file means no updates). The list keeps
 * the manifest's id, name and publisher; its date is the one the loader
 * found in the file (UN dateGenerated, OFSI "Last Updated"), or, when the
 * source carries none, the date it was fetched. */
int exctl_listset_load_current(exctl_listset *ls, const char *dir,
                               const exctl_load_opts *opts, exctl_errbuf *eb);

const char *exctl_update_status_name(exctl_update_status s);

#ifdef __cplusplus
}
#endif
#endif
