/*
 * Loading: format detection, the content hash, and the bundled-list
 * manifest.
 *
 * Detection asks every format's sniffer for a confidence from the first
 * bytes of the content and takes the highest; the file name only breaks
 * ties. A failed load leaves the list set exactly as it was.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <openssl/evp.h>
#include "model.h"

const xc_format *xc_format_find(const char *name)
{
    for (size_t i = 0; xc_formats[i]; i++)
        if (xc_ieq(xc_formats[i]->name, name))
            return xc_formats[i];
    return NULL;
}

const char *const *exctl_list_formats(void)
{
    static const char *names[32];
    if (!names[0]) {
        size_t k = 0;
        for (size_t i = 0; xc_formats[i] && k + 1 < XC_ARRAY_LEN(names); i++)
            names[k++] = xc_formats[i]->name;
        names[k] = NULL;
    }
    return names;
}

static const xc_format *detect(const char *path, const char *data, size_t len)
{
    const xc_format *best = NULL;
    int bestc = 0;
    for (size_t i = 0; xc_formats[i]; i++) {
        int c = xc_formats[i]->sniff(path, data, len);
        if (c > bestc) {
            bestc = c;
            best = xc_formats[i];
        }
    }
    return best;
}

int xc_load_sibling(xc_load *ctx, const char *path, char **data, size_t *len)
{
    int rc = xc_read_file(path, data, len, ctx->eb);
    if (rc)
        return rc;
    if (ctx->md)
        EVP_DigestUpdate(ctx->md, *data, *len);
    return EXCTL_OK;
}

/* The list id derived from the file name: basename without extensions. */
static int default_list_id(exctl_list *l, const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    char id[128];
    size_t n = 0;
    for (; b[n] && b[n] != '.' && n + 1 < sizeof id; n++)
        id[n] = b[n];
    id[n] = '\0';
    return xc_list_meta(l, "id", id);
}

int exctl_listset_load_file(exctl_listset *ls, const char *path,
                            const exctl_load_opts *opts, exctl_list **out_list,
                            exctl_errbuf *eb)
{
    static const exctl_load_opts defaults = {0};
    int rc = EXCTL_OK;
    char *data = NULL;
    size_t len = 0;
    exctl_list *l = NULL;
    EVP_MD_CTX *md = NULL;
    xc_load ctx = {0};
    xc_buf_init(&ctx.tmp);
    if (!ls || !path)
        return xc_err(eb, EXCTL_EINVAL, "no list set or path");
    if (!opts)
        opts = &defaults;
    if ((rc = xc_read_file(path, &data, &len, eb)) != EXCTL_OK)
        goto out;
    const xc_format *fmt = NULL;
    if (opts->format && *opts->format) {
        fmt = xc_format_find(opts->format);
        if (!fmt) {
            rc = xc_err(eb, EXCTL_EFORMAT, "%s: unknown format '%s'", path, opts->format);
            goto out;
        }
    } else {
        fmt = detect(path, data, len);
        if (!fmt) {
            rc = xc_err(eb, EXCTL_EFORMAT,
                        "%s: unrecognised list format (see 'exctl lists --formats')",
                        path);
            goto out;
        }
    }
    if (!(l = xc_list_new(ls)) || !(md = EVP_MD_CTX_new()) ||
        !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
        rc = xc_err(eb, EXCTL_ENOMEM, "%s: out of memory", path);
        goto out;
    }
    EVP_DigestUpdate(md, data, len);
    if ((rc = default_list_id(l, path)) || (rc = xc_list_meta(l, "format", fmt->name)) ||
        (rc = xc_list_meta(l, "name", fmt->default_name)) ||
        (rc = xc_list_meta(l, "publisher", fmt->publisher)) ||
        (rc = xc_list_meta(l, "url", fmt->source_url))) {
        xc_err(eb, rc, "%s: out of memory", path);
        goto out;
    }
    ctx.list = l;
    ctx.path = path;
    ctx.data = data;
    ctx.len = len;
    ctx.opts = opts;
    ctx.eb = eb;
    ctx.md = md;
    if ((rc = fmt->load(&ctx)) != EXCTL_OK) {
        if (eb && !eb->msg[0])
            xc_err(eb, rc, "%s: %s", path, exctl_strerror(rc));
        goto out;
    }
    if (opts->list_id && *opts->list_id && (rc = xc_list_meta(l, "id", opts->list_id)))
        goto out;
    unsigned char digest[32];
    unsigned dl = 0;
    EVP_DigestFinal_ex(md, digest, &dl);
    static const char hex[] = "0123456789abcdef";
    for (unsigned i = 0; i < 32; i++) {
        l->sha256[2 * i] = hex[digest[i] >> 4];
        l->sha256[2 * i + 1] = hex[digest[i] & 15];
    }
    l->sha256[64] = '\0';
    if (out_list)
        *out_list = l;
    l = NULL;
out:
    if (l)
        xc_list_discard(ls, l);
    EVP_MD_CTX_free(md);
    xc_buf_free(&ctx.tmp);
    free(data);
    return rc;
}

/* Copy a string member of a manifest entry into list metadata. */
static int manifest_meta(exctl_list *l, json_t *ent, const char *key, const char *field)
{
    json_t *v = json_object_get(ent, key);
    if (!json_is_string(v))
        return EXCTL_OK;
    return xc_list_meta(l, field, json_string_value(v));
}

int exctl_listset_load_bundled(exctl_listset *ls, const exctl_load_opts *opts,
                               exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    const char *dir = exctl_data_dir();
    char *listdir = xc_path_join(dir, "lists");
    char *mpath = listdir ? xc_path_join(listdir, "manifest.json") : NULL;
    json_t *root = NULL;
    if (!mpath) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    json_error_t jerr;
    root = json_load_file(mpath, 0, &jerr);
    if (!root) {
        rc = xc_err(eb, EXCTL_EPARSE, "%s:%d: %s", mpath, jerr.line, jerr.text);
        goto out;
    }
    json_t *lists = json_object_get(root, "lists");
    if (!json_is_array(lists)) {
        rc = xc_err(eb, EXCTL_EPARSE, "%s: no \"lists\" array", mpath);
        goto out;
    }
    size_t i;
    json_t *ent;
    json_array_foreach(lists, i, ent) {
        const char *file = json_string_value(json_object_get(ent, "file"));
        const char *id = json_string_value(json_object_get(ent, "id"));
        if (!file || !id) {
            rc = xc_err(eb, EXCTL_EPARSE, "%s: entry %zu lacks \"file\" or \"id\"", mpath, i);
            goto out;
        }
        char *p = xc_path_join(listdir, file);
        if (!p) {
            rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
            goto out;
        }
        exctl_load_opts o = opts ? *opts : (exctl_load_opts){0};
        o.list_id = id;
        o.format = json_string_value(json_object_get(ent, "format"));
        exctl_list *l = NULL;
        rc = exctl_listset_load_file(ls, p, &o, &l, eb);
        free(p);
        if (rc)
            goto out;
        if ((rc = manifest_meta(l, ent, "name", "name")) ||
            (rc = manifest_meta(l, ent, "publisher", "publisher")) ||
            (rc = manifest_meta(l, ent, "source_url", "url")) ||
            (rc = manifest_meta(l, ent, "date", "date"))) {
            xc_err(eb, rc, "out of memory");
            goto out;
        }
    }
out:
    json_decref(root);
    free(mpath);
    free(listdir);
    return rc;
}
