/*
 * The version store of updated lists, and loading from it.
 *
 * Versions are immutable directories; the only mutable thing is state.json,
 * which names the current version of each list and is only ever replaced
 * whole, by rename(2) of an fsync'ed temp file in the same directory. A
 * crash at any point leaves either the old or the new state file, and both
 * name complete versions, because a version directory is itself published
 * by rename only after all its files are written and fsync'ed.
 *
 * Readers (exctl_listset_load_current) never lock: they read state.json
 * once and open the version it names, which is never modified afterwards.
 */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lists/model.h"
#include "upd.h"

const char *exctl_update_default_dir(void)
{
    static char buf[4096];
    const char *v;
    int n = -1;
    if ((v = getenv("EXCTL_LISTS_DIR")) && *v)
        n = snprintf(buf, sizeof buf, "%s", v);
    else if ((v = getenv("EXCTL_STATE_DIR")) && *v)
        n = snprintf(buf, sizeof buf, "%s/lists", v);
    else if ((v = getenv("XDG_STATE_HOME")) && *v)
        n = snprintf(buf, sizeof buf, "%s/exctl/lists", v);
    else if ((v = getenv("HOME")) && *v)
        n = snprintf(buf, sizeof buf, "%s/.local/state/exctl/lists", v);
    if (n < 0 || (size_t)n >= sizeof buf)
        snprintf(buf, sizeof buf, "exctl-lists");
    return buf;
}

int upd_mkdirs(const char *dir, exctl_errbuf *eb)
{
    char p[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof p)
        return xc_err(eb, EXCTL_EINVAL, "bad directory name '%s'", dir);
    memcpy(p, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        char c = p[i];
        p[i] = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST)
            return xc_err(eb, EXCTL_EIO, "%s: cannot create: %s", p, strerror(errno));
        p[i] = c;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return xc_err(eb, EXCTL_EIO, "%s: not a directory", dir);
    return EXCTL_OK;
}

int upd_fsync_dir(const char *dir, exctl_errbuf *eb)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return xc_err(eb, EXCTL_EIO, "%s: cannot open: %s", dir, strerror(errno));
    int rc = fsync(fd) == 0 ? EXCTL_OK
                            : xc_err(eb, EXCTL_EIO, "%s: fsync: %s", dir, strerror(errno));
    close(fd);
    return rc;
}

void upd_rmtree1(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                continue;
            char *p = xc_path_join(dir, de->d_name);
            if (p)
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

int upd_write_atomic(const char *path, const char *data, size_t len, exctl_errbuf *eb)
{
    int rc = EXCTL_OK, fd = -1;
    char tmp[4096], dir[4096];
    int n = snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
    if (n < 0 || (size_t)n >= sizeof tmp)
        return xc_err(eb, EXCTL_EINVAL, "%s: path too long", path);
    if ((fd = mkstemp(tmp)) < 0)
        return xc_err(eb, EXCTL_EIO, "%s: cannot create: %s", tmp, strerror(errno));
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            rc = xc_err(eb, EXCTL_EIO, "%s: write: %s", tmp, strerror(errno));
            goto out;
        }
        off += (size_t)w;
    }
    if (fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
        rc = xc_err(eb, EXCTL_EIO, "%s: fsync: %s", tmp, strerror(errno));
        goto out;
    }
    if (close(fd) != 0) {
        fd = -1;
        rc = xc_err(eb, EXCTL_EIO, "%s: close: %s", tmp, strerror(errno));
        goto out;
    }
    fd = -1;
    if (rename(tmp, path) != 0) {
        rc = xc_err(eb, EXCTL_EIO, "%s: rename: %s", path, strerror(errno));
        goto out;
    }
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    rc = upd_fsync_dir(slash ? dir : ".", eb);
out:
    if (fd >= 0)
        close(fd);
    if (rc)
        unlink(tmp);
    return rc;
}

int upd_state_read(const char *dir, json_t **out, exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    char *path = xc_path_join(dir, "state.json");
    json_t *root = NULL;
    *out = NULL;
    if (!path)
        return xc_err(eb, EXCTL_ENOMEM, "out of memory");
    if (!xc_file_exists(path)) {
        if (!(root = json_pack("{s:{}}", "lists")))
            rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    json_error_t jerr;
    root = json_load_file(path, 0, &jerr);
    if (!root || !json_is_object(json_object_get(root, "lists"))) {
        rc = xc_err(eb, EXCTL_EPARSE, "%s:%d: %s", path, root ? 1 : jerr.line,
                    root ? "no \"lists\" object" : jerr.text);
        json_decref(root);
        root = NULL;
    }
out:
    free(path);
    *out = root;
    return rc;
}

int upd_state_write(const char *dir, const json_t *state, exctl_errbuf *eb)
{
    int rc;
    char *path = xc_path_join(dir, "state.json");
    char *text = json_dumps(state, JSON_INDENT(2) | JSON_SORT_KEYS);
    if (!path || !text) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    size_t n = strlen(text);
    text[n] = '\n';   /* json_dumps leaves room for the NUL we replace */
    rc = upd_write_atomic(path, text, n + 1, eb);
out:
    free(text);
    free(path);
    return rc;
}

/* A path component from the state file must not climb out of its dir. */
static bool safe_name(const char *s)
{
    return s && *s && !strchr(s, '/') && strcmp(s, ".") && strcmp(s, "..");
}

char *upd_state_current_path(const char *dir, const json_t *state, const char *id)
{
    json_t *e = json_object_get(json_object_get(state, "lists"), id);
    const char *ver = json_string_value(json_object_get(e, "version"));
    const char *file = json_string_value(json_object_get(e, "file"));
    if (!safe_name(id) || !safe_name(ver) || !safe_name(file))
        return NULL;
    char buf[4096];
    int n = snprintf(buf, sizeof buf, "%s/versions/%s/%s/%s", dir, id, ver, file);
    if (n < 0 || (size_t)n >= sizeof buf)
        return NULL;
    return strdup(buf);
}

/* Copy a string member of a manifest entry into list metadata. */
static int meta_from(exctl_list *l, json_t *ent, const char *key, const char *field)
{
    const char *v = json_string_value(json_object_get(ent, key));
    return v ? xc_list_meta(l, field, v) : EXCTL_OK;
}

int exctl_listset_load_current(exctl_listset *ls, const char *dir,
                               const exctl_load_opts *opts, exctl_errbuf *eb)
{
    int rc = EXCTL_OK;
    char *listdir = NULL, *mpath = NULL;
    json_t *root = NULL, *state = NULL;
    if (!ls)
        return xc_err(eb, EXCTL_EINVAL, "no list set");
    if (!dir)
        dir = exctl_update_default_dir();
    if ((rc = upd_state_read(dir, &state, eb)))
        goto out;
    /* No updated version of any list: the bundled set, loaded in parallel. */
    json_t *updated = json_object_get(state, "lists");
    if (!json_is_object(updated) || json_object_size(updated) == 0) {
        rc = exctl_listset_load_bundled(ls, opts, eb);
        goto out;
    }
    listdir = xc_path_join(exctl_data_dir(), "lists");
    mpath = listdir ? xc_path_join(listdir, "manifest.json") : NULL;
    if (!mpath) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    json_error_t jerr;
    if (!(root = json_load_file(mpath, 0, &jerr))) {
        rc = xc_err(eb, EXCTL_EPARSE, "%s:%d: %s", mpath, jerr.line, jerr.text);
        goto out;
    }
    json_t *lists = json_object_get(root, "lists"), *ent;
    if (!json_is_array(lists)) {
        rc = xc_err(eb, EXCTL_EPARSE, "%s: no \"lists\" array", mpath);
        goto out;
    }
    size_t i;
    json_array_foreach(lists, i, ent) {
        const char *file = json_string_value(json_object_get(ent, "file"));
        const char *id = json_string_value(json_object_get(ent, "id"));
        if (!file || !id) {
            rc = xc_err(eb, EXCTL_EPARSE, "%s: entry %zu lacks \"file\" or \"id\"", mpath, i);
            goto out;
        }
        json_t *st = json_object_get(json_object_get(state, "lists"), id);
        char *upd = upd_state_current_path(dir, state, id);
        char *p = upd ? upd : xc_path_join(listdir, file);
        if (!p) {
            rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
            goto out;
        }
        exctl_load_opts o = opts ? *opts : (exctl_load_opts){0};
        o.list_id = id;
        o.format = json_string_value(json_object_get(upd ? st : ent, "format"));
        exctl_list *l = NULL;
        rc = exctl_listset_load_file(ls, p, &o, &l, eb);
        free(p);
        if (rc)
            goto out;
        if ((rc = meta_from(l, ent, "name", "name")) ||
            (rc = meta_from(l, ent, "publisher", "publisher")) ||
            (rc = meta_from(l, ent, "source_url", "url")) ||
            (!upd && (rc = meta_from(l, ent, "date", "date"))) ||
            (upd && !*exctl_list_date(l) && (rc = meta_from(l, st, "fetched_date", "date")))) {
            xc_err(eb, rc, "out of memory");
            goto out;
        }
    }
out:
    json_decref(root);
    json_decref(state);
    free(mpath);
    free(listdir);
    return rc;
}
