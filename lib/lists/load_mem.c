/*
 * Loading a list from memory (see load_mem.h for why this seam exists).
 *
 * Mirrors exctl_listset_load_file() minus the file read: the loaders
 * expect a NUL-terminated buffer, so the bytes are copied once; the list's
 * SHA-256 is that of the buffer. Detection asks every sniffer, as the file
 * loader does, so fuzzing with no format also exercises the sniffers.
 */
#include <stdlib.h>
#include <string.h>
#include "load_mem.h"
#include "model.h"

static const xc_format *detect_mem(const char *name, const char *data, size_t len)
{
    const xc_format *best = NULL;
    int bestc = 0;
    for (size_t i = 0; xc_formats[i]; i++) {
        int c = xc_formats[i]->sniff(name, data, len);
        if (c > bestc) {
            bestc = c;
            best = xc_formats[i];
        }
    }
    return best;
}

int xc_load_buffer(exctl_listset *ls, const char *format, const char *name,
                   const char *data, size_t len, const exctl_load_opts *opts,
                   exctl_list **out_list, exctl_errbuf *eb)
{
    static const exctl_load_opts defaults = {0};
    int rc = EXCTL_OK;
    char *copy = NULL;
    exctl_list *l = NULL;
    xc_load ctx = {0};
    xc_buf_init(&ctx.tmp);
    if (!ls || (!data && len))
        return xc_err(eb, EXCTL_EINVAL, "no list set or data");
    if (!name || !*name)
        name = "<memory>";
    if (!opts)
        opts = &defaults;
    if (len > XC_MAX_FILE_SIZE)
        return xc_err(eb, EXCTL_ETOOBIG, "%s: larger than 1 GiB", name);
    if (!(copy = malloc(len + 1))) {
        rc = xc_err(eb, EXCTL_ENOMEM, "%s: out of memory", name);
        goto out;
    }
    if (len)
        memcpy(copy, data, len);
    copy[len] = '\0';
    const xc_format *fmt = NULL;
    if (format && *format) {
        if (!(fmt = xc_format_find(format))) {
            rc = xc_err(eb, EXCTL_EFORMAT, "%s: unknown format '%s'", name, format);
            goto out;
        }
    } else if (!(fmt = detect_mem(name, copy, len))) {
        rc = xc_err(eb, EXCTL_EFORMAT, "%s: unrecognised list format", name);
        goto out;
    }
    if (!(l = xc_list_new(ls))) {
        rc = xc_err(eb, EXCTL_ENOMEM, "%s: out of memory", name);
        goto out;
    }
    if ((rc = xc_list_meta(l, "id", name)) ||
        (rc = xc_list_meta(l, "format", fmt->name)) ||
        (rc = xc_list_meta(l, "name", fmt->default_name)) ||
        (rc = xc_list_meta(l, "publisher", fmt->publisher)) ||
        (rc = xc_list_meta(l, "url", fmt->source_url))) {
        xc_err(eb, rc, "%s: out of memory", name);
        goto out;
    }
    ctx.list = l;
    ctx.path = name;
    ctx.data = copy;
    ctx.len = len;
    ctx.opts = opts;
    ctx.eb = eb;
    ctx.md = NULL;   /* the hash is taken over the buffer below */
    if ((rc = fmt->load(&ctx)) != EXCTL_OK) {
        if (eb && !eb->msg[0])
            xc_err(eb, rc, "%s: %s", name, exctl_strerror(rc));
        goto out;
    }
    if (opts->list_id && *opts->list_id && (rc = xc_list_meta(l, "id", opts->list_id))) {
        xc_err(eb, rc, "%s: out of memory", name);
        goto out;
    }
    xc_sha256_hex(copy, len, l->sha256);
    xc_list_freeze(l);
    if (out_list)
        *out_list = l;
    l = NULL;
out:
    if (l)
        xc_list_discard(ls, l);
    xc_buf_free(&ctx.tmp);
    free(copy);
    return rc;
}
