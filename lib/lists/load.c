/*
 * Loading: format detection, the content hash, and the bundled-list
 * manifest.
 *
 * Detection asks every format's sniffer for a confidence from the first
 * bytes of the content and takes the highest; the file name only breaks
 * ties. A failed load leaves the list set exactly as it was.
 *
 * The bundled lists are independent files, so they load on one thread per
 * core, each into a private list set (own arena, nothing shared), and join
 * the caller's set in manifest order afterwards: start-up time is set by
 * the largest file rather than the sum, and the result does not depend on
 * thread scheduling.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jansson.h>
#include <libxml/parser.h>
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
    xc_list_freeze(l);
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

/* One manifest entry loaded on a worker thread into a private list set, so
 * that threads share nothing; the results join the caller's set afterwards
 * in manifest order, which keeps the outcome independent of scheduling. */
typedef struct bundled_job {
    char *path;
    const char *id, *format;
    json_t *ent;
    long long size;            /* file size: biggest files start first */
    exctl_listset *tmp;
    exctl_list *list;
    int rc;
    exctl_errbuf eb;
} bundled_job;

typedef struct bundled_pool {
    bundled_job *jobs;
    size_t *order;             /* job indices, largest file first */
    size_t n;
    atomic_size_t next;
    const exctl_load_opts *opts;
} bundled_pool;

static void *bundled_worker(void *arg)
{
    bundled_pool *p = arg;
    for (;;) {
        size_t k = atomic_fetch_add(&p->next, 1);
        if (k >= p->n)
            break;
        bundled_job *j = &p->jobs[p->order[k]];
        exctl_load_opts o = p->opts ? *p->opts : (exctl_load_opts){0};
        o.list_id = j->id;
        o.format = j->format;
        j->rc = exctl_listset_new(&j->tmp);
        if (j->rc)
            xc_err(&j->eb, j->rc, "out of memory");
        else
            j->rc = exctl_listset_load_file(j->tmp, j->path, &o, &j->list, &j->eb);
    }
    return NULL;
}

/* Threads for n jobs: the online CPUs, at most 8, at most n. */
static size_t bundled_threads(size_t n)
{
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    size_t t = c > 0 ? (size_t)c : 1;
    if (t > 8)
        t = 8;
    return t < n ? t : n;
}

static int run_bundled(bundled_pool *p)
{
    /* libxml2's global set-up is not safe to race; do it before threads. */
    xmlInitParser();
    size_t nt = bundled_threads(p->n);
    pthread_t th[8];
    size_t started = 0;
    for (size_t i = 1; i < nt; i++) {
        if (pthread_create(&th[started], NULL, bundled_worker, p) != 0)
            break;   /* fewer threads; the caller's thread still works */
        started++;
    }
    bundled_worker(p);
    for (size_t i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    return EXCTL_OK;
}

int exctl_listset_load_bundled(exctl_listset *ls, const exctl_load_opts *opts,
                               exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    const char *dir = exctl_data_dir();
    char *listdir = xc_path_join(dir, "lists");
    char *mpath = listdir ? xc_path_join(listdir, "manifest.json") : NULL;
    json_t *root = NULL;
    bundled_pool pool = {0};
    if (!ls)
        return xc_err(eb, EXCTL_EINVAL, "no list set");
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
    pool.n = json_array_size(lists);
    pool.opts = opts;
    pool.jobs = calloc(pool.n ? pool.n : 1, sizeof *pool.jobs);
    pool.order = calloc(pool.n ? pool.n : 1, sizeof *pool.order);
    if (!pool.jobs || !pool.order) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < pool.n; i++) {
        bundled_job *j = &pool.jobs[i];
        j->ent = json_array_get(lists, i);
        const char *file = json_string_value(json_object_get(j->ent, "file"));
        j->id = json_string_value(json_object_get(j->ent, "id"));
        j->format = json_string_value(json_object_get(j->ent, "format"));
        if (!file || !j->id) {
            rc = xc_err(eb, EXCTL_EPARSE, "%s: entry %zu lacks \"file\" or \"id\"", mpath, i);
            goto out;
        }
        if (!(j->path = xc_path_join(listdir, file))) {
            rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
            goto out;
        }
        struct stat st;
        j->size = stat(j->path, &st) == 0 ? (long long)st.st_size : 0;
        /* Insertion sort by size, descending (a dozen entries). */
        size_t k = i;
        while (k > 0 && pool.jobs[pool.order[k - 1]].size < j->size) {
            pool.order[k] = pool.order[k - 1];
            k--;
        }
        pool.order[k] = i;
    }
    atomic_init(&pool.next, 0);
    run_bundled(&pool);
    /* The first failure in manifest order wins; nothing joins ls then. */
    for (size_t i = 0; i < pool.n; i++) {
        if (pool.jobs[i].rc) {
            rc = pool.jobs[i].rc;
            if (eb)
                *eb = pool.jobs[i].eb;
            goto out;
        }
    }
    size_t first = ls->n_lists;
    for (size_t i = 0; i < pool.n; i++) {
        if ((rc = xc_listset_adopt(ls, pool.jobs[i].tmp))) {
            xc_err(eb, rc, "out of memory");
            goto out;
        }
        pool.jobs[i].tmp = NULL;
    }
    for (size_t i = 0; i < pool.n; i++) {
        exctl_list *l = ls->lists[first + i];
        json_t *ent = pool.jobs[i].ent;
        if ((rc = manifest_meta(l, ent, "name", "name")) ||
            (rc = manifest_meta(l, ent, "publisher", "publisher")) ||
            (rc = manifest_meta(l, ent, "source_url", "url")) ||
            (rc = manifest_meta(l, ent, "date", "date"))) {
            xc_err(eb, rc, "out of memory");
            goto out;
        }
    }
out:
    for (size_t i = 0; pool.jobs && i < pool.n; i++) {
        exctl_listset_free(pool.jobs[i].tmp);
        free(pool.jobs[i].path);
    }
    free(pool.jobs);
    free(pool.order);
    json_decref(root);
    free(mpath);
    free(listdir);
    return rc;
}
