/* Placeholder: the exctl-csv loader is being written. */
#include "model.h"

static int sniff(const char *path, const char *data, size_t len)
{
    (void)path; (void)data; (void)len;
    return 0;
}

static int load(xc_load *ctx)
{
    return xc_err(ctx->eb, EXCTL_EFORMAT, "%s: the exctl-csv loader is not implemented yet",
                  ctx->path);
}

const xc_format xc_fmt_custom = {"exctl-csv", sniff, load, "", "", ""};
