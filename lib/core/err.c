/*
 * Error codes and messages. Messages go into caller-owned buffers so that
 * reporting an out-of-memory condition never needs memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include "core.h"

static const char *const xc_errtext[EXCTL_RC_COUNT_] = {
    [EXCTL_OK] = "success",
    [EXCTL_ENOMEM] = "out of memory",
    [EXCTL_EIO] = "input/output error",
    [EXCTL_EPARSE] = "malformed input",
    [EXCTL_EUTF8] = "invalid UTF-8",
    [EXCTL_ETOOBIG] = "input exceeds a size limit",
    [EXCTL_EFORMAT] = "unknown or unsupported format",
    [EXCTL_EINVAL] = "invalid argument",
    [EXCTL_ENOTFOUND] = "not found",
    [EXCTL_EUNIT] = "missing or incompatible unit",
    [EXCTL_EEXISTS] = "already exists",
    [EXCTL_EPERM] = "permission denied",
    [EXCTL_ESTATE] = "not allowed in the current state",
    [EXCTL_EDB] = "storage error",
    [EXCTL_EINTERNAL] = "internal error",
};

const char *exctl_strerror(int rc)
{
    if (rc < 0)
        rc = -rc;
    if (rc >= EXCTL_RC_COUNT_ || !xc_errtext[rc])
        return "unknown error";
    return xc_errtext[rc];
}

void exctl_free(void *p)
{
    free(p);
}

int xc_err(exctl_errbuf *eb, int rc, const char *fmt, ...)
{
    if (eb) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(eb->msg, sizeof eb->msg, fmt, ap);
        va_end(ap);
    }
    return rc;
}

const char *exctl_data_dir(void)
{
    static const char *dir;
    if (dir)
        return dir;
    const char *env = getenv("EXCTL_DATA_DIR");
    if (env && *env) {
        dir = env;
    } else {
        char *probe = xc_path_join(EXCTL_INSTALL_DATA_DIR, "lists/manifest.json");
        dir = (probe && xc_file_exists(probe)) ? EXCTL_INSTALL_DATA_DIR
                                               : EXCTL_SOURCE_DATA_DIR;
        free(probe);
    }
    return dir;
}
