/*
 * lists — load one list from a memory buffer (private).
 *
 * The file loader reads from disk and hashes what it reads; fuzzers and the
 * allocation-failure tests need to drive exactly the same format loaders
 * over bytes they generate, without touching the file system. This entry
 * point is that seam: it runs one named format (or content detection) over
 * a buffer, with the same metadata defaults and the same "a failed load
 * leaves the list set as it was" rule as exctl_listset_load_file().
 */
#ifndef XC_LISTS_LOAD_MEM_H
#define XC_LISTS_LOAD_MEM_H

#include <stddef.h>
#include "exctl/lists.h"

/* Load len bytes of data (need not be NUL-terminated; copied) as a list of
 * the named format into ls; format NULL or "" detects it from the content.
 * name is used for messages and as the list id (NULL: "<memory>"); a loader
 * that looks for sibling files (OFAC add/alt, EU aliases) looks next to it.
 * The list is owned by ls; *out_list (may be NULL) points into it. */
int xc_load_buffer(exctl_listset *ls, const char *format, const char *name,
                   const char *data, size_t len, const exctl_load_opts *opts,
                   exctl_list **out_list, exctl_errbuf *eb);

#endif
