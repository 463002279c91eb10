/*
 * exctl — security export control library: common definitions.
 *
 * Every public function returns an exctl_rc (0 = success). When a caller
 * passes an exctl_errbuf, a failing function writes a one-line, human-readable
 * message there naming the file and line when input was at fault. The buffer
 * is caller-owned storage so that error reporting never allocates and keeps
 * working when memory is exhausted.
 */
#ifndef EXCTL_EXCTL_H
#define EXCTL_EXCTL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EXCTL_VERSION "0.1.0"

typedef enum exctl_rc {
    EXCTL_OK = 0,
    EXCTL_ENOMEM,     /* out of memory */
    EXCTL_EIO,        /* file could not be opened, read or written */
    EXCTL_EPARSE,     /* malformed input (syntax) */
    EXCTL_EUTF8,      /* invalid UTF-8 in input */
    EXCTL_ETOOBIG,    /* a field, line or file exceeds its limit */
    EXCTL_EFORMAT,    /* unknown or undetectable file format */
    EXCTL_EINVAL,     /* invalid argument */
    EXCTL_ENOTFOUND,  /* no such entity, list, entry or file */
    EXCTL_EUNIT,      /* missing or incompatible unit */
    EXCTL_EEXISTS,    /* already exists */
    EXCTL_EPERM,      /* not allowed */
    EXCTL_ESTATE,     /* operation not allowed in the current state */
    EXCTL_EDB,        /* storage backend error */
    EXCTL_EINTERNAL,  /* a bug: please report */
    EXCTL_RC_COUNT_
} exctl_rc;

/* Caller-owned buffer for a detailed error message. Zero-initialise it. */
typedef struct exctl_errbuf {
    char msg[512];
} exctl_errbuf;

/* Static English text for an error code. Never NULL. */
const char *exctl_strerror(int rc);

/* Free memory that the library documented as caller-owned. Accepts NULL. */
void exctl_free(void *p);

/* Directory of the bundled data (lists, control lists, packs). Resolution
 * order: $EXCTL_DATA_DIR, the install prefix, the source tree the library
 * was built from. Returns a static string; never NULL. */
const char *exctl_data_dir(void);

#ifdef __cplusplus
}
#endif
#endif
