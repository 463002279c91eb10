/*
 * exctl lists update: the driver (design in include/exctl/update.h).
 *
 * Each list goes through stage -> validate -> compare -> publish, and only
 * the last step touches anything a reader sees. Validation is the real
 * loader in strict mode, so a truncated CSV, a corrupt gzip or an HTML
 * error page served with status 200 fails here, not in production. The
 * shrink check compares entity counts with the current version (the
 * bundled copy until a first update) because a list that suddenly lost a
 * fifth of its parties is far more likely a broken export than a policy
 * change; --force accepts it after a human looked.
 *
 * One update runs at a time per directory (flock on .lock); stale staging
 * directories and temporary state files left by a crash are removed on the
 * next run.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "upd.h"

const char *exctl_update_status_name(exctl_update_status s)
{
    static const char *const names[] = {"updated", "unchanged", "skipped", "refused", "failed"};
    return (unsigned)s < XC_ARRAY_LEN(names) ? names[s] : "failed";
}

typedef struct run {
    const exctl_update_opts *o;
    const char *dir;
    upd_fetch_limits lim;
    double max_shrink;
    json_t *manifest;   /* may be NULL: no bundled lists to compare with */
    json_t *state;
    exctl_update_cb cb;
    void *ud;
} run;

static bool safe_name(const char *s)
{
    return s && *s && *s != '.' && !strchr(s, '/');
}

/* Remove what a killed run left in dir: entries whose names start with
 * prefix (staging directories, temporary state files). Only called under
 * the lock, so no live run owns them. */
static void clean_stale(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strncmp(de->d_name, prefix, strlen(prefix)))
            continue;
        char *p = xc_path_join(dir, de->d_name);
        if (p && unlink(p) != 0)
            upd_rmtree1(p);
        free(p);
    }
    closedir(d);
}

/* Entity count and content hash of the current version of id: the updated
 * one named in the state, else the bundled copy. *n = 0 when neither. */
static int current_info(run *r, const char *id, size_t *n, char sha[65], exctl_errbuf *eb)
{
    *n = 0;
    sha[0] = '\0';
    json_t *st = json_object_get(json_object_get(r->state, "lists"), id);
    if (st) {
        json_t *e = json_object_get(st, "entities");
        const char *s = json_string_value(json_object_get(st, "sha256"));
        *n = json_is_integer(e) && json_integer_value(e) > 0 ? (size_t)json_integer_value(e) : 0;
        snprintf(sha, 65, "%s", s ? s : "");
        return EXCTL_OK;
    }
    size_t i;
    json_t *ent;
    json_array_foreach(json_object_get(r->manifest, "lists"), i, ent) {
        const char *mid = json_string_value(json_object_get(ent, "id"));
        const char *file = json_string_value(json_object_get(ent, "file"));
        if (!mid || !file || strcmp(mid, id))
            continue;
        char *listdir = xc_path_join(exctl_data_dir(), "lists");
        char *p = listdir ? xc_path_join(listdir, file) : NULL;
        exctl_listset *ls = NULL;
        exctl_list *l = NULL;
        exctl_load_opts lo = {.format = json_string_value(json_object_get(ent, "format")),
                              .list_id = id};
        int rc = p ? exctl_listset_new(&ls) : EXCTL_ENOMEM;
        if (!rc)
            rc = exctl_listset_load_file(ls, p, &lo, &l, eb);
        if (!rc) {
            *n = exctl_list_entity_count(l);
            snprintf(sha, 65, "%s", exctl_list_sha256(l));
        }
        exctl_listset_free(ls);
        free(p);
        free(listdir);
        return rc;
    }
    return EXCTL_OK;
}

static void now_utc(char stamp[17], char iso[21], char date[11])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(stamp, 17, "%Y%m%dT%H%M%SZ", &tm);
    strftime(iso, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
    strftime(date, 11, "%Y-%m-%d", &tm);
}

/* Update one list; fills res. Returns res->rc. */
static int update_one(run *r, json_t *src, exctl_update_result *res, char *msg, size_t msgsz,
                      char version[64], char sha[65])
{
    exctl_errbuf eb = {{0}};
    int rc = EXCTL_OK;
    const char *id = res->list_id;
    const char *format = json_string_value(json_object_get(src, "format"));
    json_t *files = json_object_get(src, "files");
    char *vdir = NULL, *staging = NULL, *main_path = NULL, *final = NULL;
    exctl_listset *ls = NULL;
    size_t old_n = 0;
    char old_sha[65] = "";
    version[0] = sha[0] = '\0';

    const char *manual = json_string_value(json_object_get(src, "manual"));
    if (manual) {
        res->status = EXCTL_UPDATE_SKIPPED;
        snprintf(msg, msgsz, "no machine-readable source: %s", manual);
        return 0;
    }
    char sub[4096];
    snprintf(sub, sizeof sub, "versions/%s", id);
    if (!(vdir = xc_path_join(r->dir, sub))) {
        rc = xc_err(&eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = upd_mkdirs(vdir, &eb)))
        goto out;
    clean_stale(vdir, ".staging-");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/.staging-XXXXXX", vdir);
    if (!mkdtemp(tmpl)) {
        rc = xc_err(&eb, EXCTL_EIO, "%s: cannot create: %s", tmpl, strerror(errno));
        goto out;
    }
    if (!(staging = strdup(tmpl))) {
        upd_rmtree1(tmpl);
        rc = xc_err(&eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    /* 1. stage every file */
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f) {
        const char *name = json_string_value(json_object_get(f, "name"));
        const char *url = json_string_value(json_object_get(f, "url"));
        char *p = xc_path_join(staging, name);
        if (!p) {
            rc = xc_err(&eb, EXCTL_ENOMEM, "out of memory");
            goto out;
        }
        rc = upd_fetch(url, p, &r->lim, NULL, &eb);
        if (!rc && i == 0)
            main_path = p;
        else
            free(p);
        if (rc)
            goto out;
    }
    /* 2. validate with the real loader, strictly */
    exctl_load_opts lo = {.format = format, .list_id = id};
    exctl_list *l = NULL;
    if ((rc = exctl_listset_new(&ls)))
        goto out;
    if ((rc = exctl_listset_load_file(ls, main_path, &lo, &l, &eb))) {
        char detail[sizeof eb.msg];
        snprintf(detail, sizeof detail, "%s", eb.msg);
        xc_err(&eb, rc, "validation failed: %s", detail);
        goto out;
    }
    res->new_entities = exctl_list_entity_count(l);
    snprintf(sha, 65, "%s", exctl_list_sha256(l));
    if (res->new_entities == 0) {
        rc = xc_err(&eb, EXCTL_EPARSE, "validation failed: %s holds no entities", main_path);
        goto out;
    }
    /* 3. compare with the current version */
    if ((rc = current_info(r, id, &old_n, old_sha, &eb)))
        goto out;
    res->old_entities = old_n;
    if (old_sha[0] && !strcmp(old_sha, sha)) {
        res->status = EXCTL_UPDATE_UNCHANGED;
        snprintf(msg, msgsz, "same content as the current version (%zu entities)", old_n);
        goto out;
    }
    if (old_n && (double)res->new_entities < (double)old_n * (1.0 - r->max_shrink) &&
        !r->o->force) {
        res->status = EXCTL_UPDATE_REFUSED;
        rc = EXCTL_ESTATE;
        snprintf(msg, msgsz,
                 "refused: %zu entities, down from %zu (more than %.0f%% fewer); "
                 "check the source and use --force to accept",
                 res->new_entities, old_n, r->max_shrink * 100);
        goto out;
    }
    /* 4. publish: staging -> version dir, then the state file */
    char stamp[17], iso[21], date[11];
    now_utc(stamp, iso, date);
    snprintf(version, 64, "%s-%.12s", stamp, sha);
    if (!(final = xc_path_join(vdir, version))) {
        rc = xc_err(&eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = upd_fsync_dir(staging, &eb)))
        goto out;
    int rn = rename(staging, final);
    if (rn != 0 && (errno == ENOTEMPTY || errno == EEXIST)) {
        /* A directory of this very content from this same second: an
         * update killed after its rename, before the state file named it,
         * or a version published and replaced again within the second. It
         * is not the current version (that has another digest, above) and
         * holds the same files, so it is replaced. */
        upd_rmtree1(final);
        rn = rename(staging, final);
    }
    if (rn != 0) {
        rc = xc_err(&eb, EXCTL_EIO, "%s: rename: %s", final, strerror(errno));
        goto out;
    }
    free(staging);
    staging = NULL;
    if ((rc = upd_fsync_dir(vdir, &eb)))
        goto out;
    json_t *first = json_array_get(files, 0);
    json_t *entry = json_pack(
        "{s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "version", version, "file",
        json_string_value(json_object_get(first, "name")), "format", format ? format : "",
        "sha256", sha, "entities", (json_int_t)res->new_entities, "fetched", iso,
        "fetched_date", date, "source", json_string_value(json_object_get(first, "url")));
    if (!entry || json_object_set_new(json_object_get(r->state, "lists"), id, entry)) {
        rc = xc_err(&eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = upd_state_write(r->dir, r->state, &eb)))
        goto out;
    res->status = EXCTL_UPDATE_UPDATED;
    snprintf(msg, msgsz, "%zu entities (was %zu)", res->new_entities, old_n);
out:
    if (rc && res->status != EXCTL_UPDATE_REFUSED) {
        res->status = EXCTL_UPDATE_FAILED;
        snprintf(msg, msgsz, "%s", eb.msg[0] ? eb.msg : exctl_strerror(rc));
    }
    if (staging)
        upd_rmtree1(staging);
    exctl_listset_free(ls);
    free(staging);
    free(main_path);
    free(final);
    free(vdir);
    res->rc = rc;
    return rc;
}

/* Check the shape of one sources entry; returns its id or NULL. */
static const char *check_source(json_t *src, size_t i, const char *path, exctl_errbuf *eb)
{
    const char *id = json_string_value(json_object_get(src, "id"));
    if (!safe_name(id)) {
        xc_err(eb, EXCTL_EPARSE, "%s: entry %zu: missing or unsafe \"id\"", path, i);
        return NULL;
    }
    if (json_is_string(json_object_get(src, "manual")))
        return id;
    json_t *files = json_object_get(src, "files"), *f;
    if (!json_is_string(json_object_get(src, "format")) || !json_is_array(files) ||
        json_array_size(files) == 0) {
        xc_err(eb, EXCTL_EPARSE, "%s: %s: needs \"format\" and a \"files\" array (or \"manual\")",
               path, id);
        return NULL;
    }
    size_t k;
    json_array_foreach(files, k, f) {
        const char *name = json_string_value(json_object_get(f, "name"));
        const char *url = json_string_value(json_object_get(f, "url"));
        if (!safe_name(name) || !url ||
            (strncmp(url, "http://", 7) && strncmp(url, "https://", 8))) {
            xc_err(eb, EXCTL_EPARSE, "%s: %s: file %zu needs a plain \"name\" and an http(s) "
                   "\"url\"", path, id, k);
            return NULL;
        }
    }
    return id;
}

int exctl_lists_update(const exctl_update_opts *opts, exctl_update_cb cb, void *ud,
                       exctl_errbuf *eb)
{
    static const exctl_update_opts defaults = {0};
    int rc = EXCTL_OK, first_err = EXCTL_OK, lockfd = -1;
    char *spath = NULL, *lockpath = NULL, *listdir = NULL, *mpath = NULL;
    json_t *sources = NULL;
    run r = {0};
    if (!opts)
        opts = &defaults;
    r.o = opts;
    r.cb = cb;
    r.ud = ud;
    r.dir = opts->dir && *opts->dir ? opts->dir : exctl_update_default_dir();
    r.lim.timeout_s = opts->timeout_s > 0 ? opts->timeout_s : 600;
    r.lim.connect_timeout_s = opts->connect_timeout_s > 0 ? opts->connect_timeout_s : 30;
    r.lim.low_speed_time_s = opts->low_speed_time_s > 0 ? opts->low_speed_time_s : 60;
    r.lim.max_bytes = opts->max_bytes ? opts->max_bytes : (size_t)512 << 20;
    r.max_shrink = opts->max_shrink > 0 && opts->max_shrink < 1 ? opts->max_shrink : 0.20;

    listdir = xc_path_join(exctl_data_dir(), "lists");
    spath = opts->sources ? strdup(opts->sources)
                          : (listdir ? xc_path_join(listdir, "sources.json") : NULL);
    mpath = listdir ? xc_path_join(listdir, "manifest.json") : NULL;
    if (!spath || !mpath) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    json_error_t jerr;
    if (!(sources = json_load_file(spath, 0, &jerr))) {
        rc = xc_err(eb, EXCTL_EPARSE, "%s:%d: %s", spath, jerr.line, jerr.text);
        goto out;
    }
    json_t *arr = json_object_get(sources, "lists"), *src;
    if (!json_is_array(arr)) {
        rc = xc_err(eb, EXCTL_EPARSE, "%s: no \"lists\" array", spath);
        goto out;
    }
    size_t i;
    bool found = false;
    json_array_foreach(arr, i, src) {
        const char *id = check_source(src, i, spath, eb);
        if (!id) {
            rc = EXCTL_EPARSE;
            goto out;
        }
        found |= opts->only && !strcmp(opts->only, id);
    }
    if (opts->only && !found) {
        rc = xc_err(eb, EXCTL_ENOTFOUND, "%s: no list '%s'", spath, opts->only);
        goto out;
    }
    r.manifest = json_load_file(mpath, 0, &jerr);   /* optional */
    if ((rc = upd_mkdirs(r.dir, eb)))
        goto out;
    if (!(lockpath = xc_path_join(r.dir, ".lock"))) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    lockfd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lockfd < 0 || flock(lockfd, LOCK_EX | LOCK_NB) != 0) {
        rc = xc_err(eb, EXCTL_ESTATE, "%s: another update is running (or cannot lock: %s)",
                    r.dir, strerror(errno));
        goto out;
    }
    clean_stale(r.dir, "state.json.tmp-");
    if ((rc = upd_state_read(r.dir, &r.state, eb)))
        goto out;
    json_array_foreach(arr, i, src) {
        const char *id = json_string_value(json_object_get(src, "id"));
        if (opts->only && strcmp(opts->only, id))
            continue;
        exctl_update_result res = {.list_id = id};
        char msg[1024] = "", version[64] = "", sha[65] = "";
        int one = update_one(&r, src, &res, msg, sizeof msg, version, sha);
        if (one && !first_err)
            first_err = one;
        json_t *st = json_object_get(json_object_get(r.state, "lists"), id);
        const char *cur = json_string_value(json_object_get(st, "version"));
        res.version = cur ? cur : "";
        res.sha256 = sha;
        res.message = msg;
        if (cb)
            cb(&res, ud);
    }
    rc = first_err;
    if (rc && eb && !eb->msg[0])
        xc_err(eb, rc, "some lists were not updated");
out:
    if (lockfd >= 0)
        close(lockfd);
    json_decref(r.state);
    json_decref(r.manifest);
    json_decref(sources);
    free(lockpath);
    free(mpath);
    free(spath);
    free(listdir);
    return rc;
}
