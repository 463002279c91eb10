/*
 * server — libmicrohttpd glue: request decoding, limits, responses, static
 * UI files, the store pool, and start/stop.
 *
 * libmicrohttpd runs its own thread pool (internal polling, one epoll loop
 * per thread); each request is handled synchronously on the thread that
 * read it, which is right for work that takes microseconds (screening over
 * an in-memory index) and keeps the code free of callbacks. The body is
 * accumulated up to max_body and then refused with 413 without buffering
 * the rest; a declared Content-Length over the limit is refused before any
 * byte is read.
 *
 * Store handles come from a pool (one SQLite or PostgreSQL connection
 * each) so that concurrent requests read in parallel; a request takes a
 * handle only if it needs one and returns it when the response is queued.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include "exctl/update.h"
#include <unistd.h>
#include <microhttpd.h>
#include "core/core.h"
#include "server/srv.h"

struct exctl_server {
    srv_ctx c;
    sigset_t sigs;
};

typedef struct conn_ctx {
    xc_buf body;
    bool too_big;
    struct timespec t0;
} conn_ctx;

/* --- store pool ----------------------------------------------------------- */

static int pool_init(srv_ctx *c, size_t n, exctl_errbuf *eb)
{
    srv_pool *p = &c->pool;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->free_list = calloc(n, sizeof *p->free_list);
    if (!p->free_list)
        return xc_err(eb, EXCTL_ENOMEM, "out of memory");
    p->cap = n;
    for (size_t i = 0; i < n; i++) {
        int rc = c->pg_conninfo ? st_open_pg(c->pg_conninfo, &p->free_list[i], eb)
                                : st_open(c->db_path, &p->free_list[i], eb);
        if (rc)
            return rc;
        p->n_free++;
    }
    return 0;
}

static void pool_free(srv_pool *p)
{
    for (size_t i = 0; i < p->n_free; i++)
        st_close(p->free_list[i]);
    free(p->free_list);
    p->free_list = NULL;
    p->n_free = 0;
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
}

st_store *srv_pool_take(srv_ctx *c)
{
    srv_pool *p = &c->pool;
    pthread_mutex_lock(&p->mu);
    while (p->n_free == 0)
        pthread_cond_wait(&p->cv, &p->mu);
    st_store *st = p->free_list[--p->n_free];
    pthread_mutex_unlock(&p->mu);
    return st;
}

void srv_pool_give(srv_ctx *c, st_store *st)
{
    srv_pool *p = &c->pool;
    pthread_mutex_lock(&p->mu);
    p->free_list[p->n_free++] = st;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

st_store *srv_store(srv_req *r)
{
    if (!r->st)
        r->st = srv_pool_take(r->srv);
    return r->st;
}

static void store_release(srv_req *r)
{
    if (!r->st)
        return;
    srv_pool_give(r->srv, r->st);
    r->st = NULL;
}

/* --- responses ---------------------------------------------------------------- */

int srv_text(srv_req *r, int status, const char *ctype, char *body, size_t len)
{
    free(r->resp);
    r->status = status;
    r->resp = body;
    r->resp_len = len;
    r->ctype = ctype;
    return 0;
}

int srv_json(srv_req *r, int status, json_t *v)
{
    char *s = v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(12)) : NULL;
    json_decref(v);
    if (!s) {
        static const char oom[] =
            "{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\"}}";
        s = strdup(oom);
        status = 500;
        if (!s)
            return srv_text(r, 500, "application/json", NULL, 0);
    }
    return srv_text(r, status, "application/json; charset=utf-8", s, strlen(s));
}

int srv_json_buf(srv_req *r, int status, srv_jw *w)
{
    int rc = srv_jw_finish(w);
    if (rc) {
        xc_buf_free(w->b);
        return rc == EXCTL_ENOMEM ? srv_error(r, 503, "unavailable", "out of memory")
                                  : srv_error(r, 500, "internal", "malformed response");
    }
    size_t len = w->b->len;
    char *s = xc_buf_steal(w->b);
    if (!s)
        return srv_error(r, 503, "unavailable", "out of memory");
    return srv_text(r, status, "application/json; charset=utf-8", s, len);
}

int srv_error(srv_req *r, int status, const char *code, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* Messages can quote user input; make sure it is valid UTF-8. */
    size_t n = xc_utf8_valid_prefix(msg, strlen(msg));
    msg[n] = '\0';
    return srv_json(r, status,
                    json_pack("{s:{s:s, s:s}}", "error", "code", code, "message", msg));
}

int srv_fail(srv_req *r, int rc, const exctl_errbuf *eb)
{
    const char *m = eb && eb->msg[0] ? eb->msg : exctl_strerror(rc);
    switch (rc) {
    case EXCTL_ENOTFOUND: return srv_error(r, 404, "not_found", "%s", m);
    case EXCTL_EEXISTS: return srv_error(r, 409, "conflict", "%s", m);
    case EXCTL_EPERM: return srv_error(r, 403, "forbidden", "%s", m);
    case EXCTL_ESTATE: return srv_error(r, 409, "conflict", "%s", m);
    case EXCTL_ETOOBIG: return srv_error(r, 413, "too_large", "%s", m);
    case EXCTL_EINVAL: case EXCTL_EPARSE: case EXCTL_EUTF8: case EXCTL_EUNIT:
    case EXCTL_EFORMAT:
        return srv_error(r, 400, "invalid", "%s", m);
    case EXCTL_ENOMEM: return srv_error(r, 503, "unavailable", "%s", m);
    default: return srv_error(r, 500, "internal", "%s", m);
    }
}

const char *srv_query(srv_req *r, const char *key)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *srv_header(srv_req *r, const char *key)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, key);
}

const char *srv_cookie(srv_req *r, const char *key)
{
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, key);
}

/* --- static files ----------------------------------------------------------------- */

static const char *mime_of(const char *path)
{
    static const struct { const char *ext, *type; } types[] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"}, {".json", "application/json"},
        {".svg", "image/svg+xml"}, {".png", "image/png"}, {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"}, {".csv", "text/csv; charset=utf-8"},
        {".md", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < XC_ARRAY_LEN(types); i++)
        if (!strcmp(dot, types[i].ext))
            return types[i].type;
    return NULL;
}

/* Serve a UI file for GET path; 0 when served, -1 when there is none. */
static int serve_static(srv_req *r)
{
    const char *p = r->path;
    char rel[256];
    if (!r->srv->web_dir[0] || (strcmp(r->method, "GET") && strcmp(r->method, "HEAD")))
        return -1;
    if (!strcmp(p, "/") || !strcmp(p, "/index.html"))
        p = "/index.html";
    size_t n = strlen(p);
    if (n >= sizeof rel || n < 2 || strstr(p, "..") || strstr(p, "//") || strchr(p, '\\'))
        return -1;
    for (size_t i = 0; i < n; i++) {
        char ch = p[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '/' || ch == '.' || ch == '-' || ch == '_'))
            return -1;
    }
    const char *type = mime_of(p);
    if (!type)
        return -1;
    memcpy(rel, p + 1, n);
    char *full = xc_path_join(r->srv->web_dir, rel);
    char *data = NULL;
    size_t len = 0;
    int rc = full ? xc_read_file(full, &data, &len, NULL) : EXCTL_ENOMEM;
    free(full);
    if (rc)
        return -1;
    srv_text(r, 200, type, data, len);
    return 0;
}

/* --- request dispatch ---------------------------------------------------------- */

static void dispatch(srv_req *r, conn_ctx *cc)
{
    int code = srv_route_match(r);
    if (code == 404) {
        if (strncmp(r->path, "/v1/", 4) && strncmp(r->path, "/match/", 7) && !serve_static(r))
            return;
        srv_error(r, 404, "not_found", "no route for %s %s", r->method, r->path);
        return;
    }
    if (code == 405) {
        srv_error(r, 405, "method_not_allowed", "%s is not allowed on %s (allowed: %s)",
                  r->method, r->path, r->allow);
        return;
    }
    if (cc->too_big) {
        srv_error(r, 413, "too_large", "request body exceeds %zu bytes", r->srv->max_body);
        return;
    }
    if (srv_authorize(r))
        return;
    if (r->route->flags & SRV_F_BODY) {
        const char *ecode = NULL;
        char msg[300];
        int st = srv_decode_body(srv_header(r, "Content-Type"), cc->body.data, cc->body.len,
                                 &r->json, &ecode, msg, sizeof msg);
        if (st) {
            srv_error(r, st, ecode, "%s", msg);
            return;
        }
    }
    r->body = cc->body.data;
    r->body_len = cc->body.len;
    r->route->fn(r);
    if (!r->status)
        srv_error(r, 500, "internal", "handler produced no response");
}

static enum MHD_Result send_response(struct MHD_Connection *conn, srv_req *r)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        r->resp_len, r->resp ? r->resp : (char *)"", r->resp ? MHD_RESPMEM_MUST_FREE
                                                              : MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return MHD_NO;
    r->resp = NULL;  /* owned by the response now */
    MHD_add_response_header(resp, "Content-Type", r->ctype ? r->ctype : "application/json");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    if (r->ctype && xc_istarts(r->ctype, "text/html"))
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; "
                                "style-src 'self' 'unsafe-inline'; script-src 'self'; "
                                "connect-src 'self'; frame-ancestors 'none'");
    if (r->allow[0])
        MHD_add_response_header(resp, "Allow", r->allow);
    for (int i = 0; i < r->n_cookies; i++)
        MHD_add_response_header(resp, "Set-Cookie", r->cookies[i]);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static double elapsed(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    srv_ctx *c = cls;
    conn_ctx *cc = *con_cls;
    (void)version;
    if (!cc) {
        cc = calloc(1, sizeof *cc);
        if (!cc)
            return MHD_NO;
        xc_buf_init(&cc->body);
        clock_gettime(CLOCK_MONOTONIC, &cc->t0);
        *con_cls = cc;
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        long long declared = 0;
        if (cl) {
            char *end = NULL;
            errno = 0;
            declared = strtoll(cl, &end, 10);
            if (errno || end == cl || declared < 0)
                declared = 0;
        }
        if ((unsigned long long)declared > c->max_body)
            cc->too_big = true;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!cc->too_big && cc->body.len + *upload_data_size > c->max_body)
            cc->too_big = true;
        if (!cc->too_big && xc_buf_append(&cc->body, upload_data, *upload_data_size))
            cc->too_big = true;
        *upload_data_size = 0;
        return MHD_YES;
    }
    srv_req r;
    memset(&r, 0, sizeof r);
    r.srv = c;
    r.conn = conn;
    r.method = method;
    r.path = url;
    r.route_index = -1;
    dispatch(&r, cc);
    enum MHD_Result ret = send_response(conn, &r);
    store_release(&r);
    srv_gen_release(r.gen);
    json_decref(r.json);
    free(r.resp);
    srv_metrics_observe(c, r.route_index, r.status, elapsed(&cc->t0));
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    conn_ctx *cc = *con_cls;
    (void)cls; (void)conn; (void)toe;
    if (cc) {
        xc_buf_free(&cc->body);
        free(cc);
        *con_cls = NULL;
    }
}

/* --- start / stop -------------------------------------------------------------- */

static void find_web_dir(srv_ctx *c)
{
    const char *cands[3] = {c->opts.web_dir, getenv("EXCTL_WEB_DIR"), NULL};
    char *probe = NULL;
    for (int i = 0; i < 2; i++)
        if (cands[i] && *cands[i]) {
            st_copy(c->web_dir, sizeof c->web_dir, cands[i]);
            return;
        }
    /* Source tree: <repo>/data → <repo>/web; install: share/exctl/web. */
    char *d1 = xc_path_join(exctl_data_dir(), "../web");
    char *d2 = xc_path_join(exctl_data_dir(), "web");
    const char *dirs[2] = {d1, d2};
    for (int i = 0; i < 2; i++) {
        if (!dirs[i])
            continue;
        probe = xc_path_join(dirs[i], "index.html");
        if (probe && xc_file_exists(probe)) {
            st_copy(c->web_dir, sizeof c->web_dir, dirs[i]);
            free(probe);
            break;
        }
        free(probe);
    }
    free(d1);
    free(d2);
}

static int load_lists(srv_ctx *c, exctl_errbuf *eb)
{
    srv_gen *g = NULL;
    int rc = srv_gen_load(c, &g, eb);
    if (!rc)
        srv_gen_publish(c, g);
    return rc;
}

/* First start: create an admin with a random password shown once. */
static int bootstrap_admin(srv_ctx *c, exctl_errbuf *eb)
{
    st_store *st = c->pool.free_list[0];
    int64_t n = 0;
    int rc = st->ops->user_count(st, &n, eb);
    if (rc || n > 0)
        return rc;
    char hex[33];
    if (st_random_hex(hex, 12))
        return xc_err(eb, EXCTL_EINTERNAL, "no random bytes");
    snprintf(c->admin_password, sizeof c->admin_password, "%.24s", hex);
    rc = st_user_create(st, "system", "admin", c->admin_password, ST_ROLE_ADMIN, "admin",
                        NULL, eb);
    if (rc == EXCTL_EEXISTS)  /* another process won the race */
        return 0;
    c->have_admin_password = rc == 0;
    return rc;
}

static int bind_addr(const char *addr, unsigned port, struct sockaddr_storage *ss,
                     unsigned *flags, exctl_errbuf *eb)
{
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, addr, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        return 0;
    }
    if (inet_pton(AF_INET6, addr, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        *flags |= MHD_USE_IPv6;
        return 0;
    }
    return xc_err(eb, EXCTL_EINVAL, "--listen: '%s' is not an IPv4 or IPv6 address", addr);
}

int exctl_server_start(const exctl_server_opts *opts, exctl_server **out, exctl_errbuf *eb)
{
    exctl_server *s = calloc(1, sizeof *s);
    srv_ctx *c;
    int rc = 0;
    if (!s)
        return xc_err(eb, EXCTL_ENOMEM, "out of memory");
    c = &s->c;
    c->opts = *opts;
    c->started = time(NULL);
    c->max_body = opts->max_body ? opts->max_body : (size_t)4 << 20;
    c->max_batch = opts->max_batch ? opts->max_batch : 1000;
    if (opts->port > 65535) {
        rc = xc_err(eb, EXCTL_EINVAL, "--port must be 0..65535");
        goto out;
    }
    if (st_copy(c->db_path, sizeof c->db_path, opts->db ? opts->db : "exctl.db")) {
        rc = xc_err(eb, EXCTL_EINVAL, "database path too long");
        goto out;
    }
    if (opts->pg && !(c->pg_conninfo = strdup(opts->pg))) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    c->opts.pg = NULL;   /* the caller's string need not outlive this call */
    find_web_dir(c);
    pthread_mutex_init(&c->auth_mu, NULL);
    pthread_mutex_init(&c->gen_mu, NULL);
    c->auth = calloc(SRV_AUTH_SLOTS, sizeof *c->auth);  /* NULL: no cache, still correct */
    unsigned threads = opts->threads;
    if (!threads) {
        long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
        threads = ncpu > 0 && ncpu < 64 ? (unsigned)ncpu : 2;
    }
    if ((rc = pool_init(c, threads + 2, eb)) || (rc = bootstrap_admin(c, eb)) ||
        (rc = load_lists(c, eb)))
        goto out;
    char junk[33];
    if (st_random_hex(junk, 16) ||
        (rc = st_password_hash(c->pool.free_list[0], junk, c->dummy_hash, eb)))
        goto out;
    srv_controls_init(c);
    srv_cases_init(c);
    c->expiry_every = opts->expire_every ? opts->expire_every : 60;
    if ((rc = srv_expiry_start(c, eb)))
        goto out;

    sigemptyset(&s->sigs);
    sigaddset(&s->sigs, SIGINT);
    sigaddset(&s->sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &s->sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct sockaddr_storage ss;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
    if ((rc = bind_addr(opts->listen ? opts->listen : "127.0.0.1", opts->port, &ss, &flags,
                        eb)))
        goto out;
    c->daemon = MHD_start_daemon(
        flags, (uint16_t)opts->port, NULL, NULL, on_request, c,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, c,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
        MHD_OPTION_END);
    if (!c->daemon) {
        rc = xc_err(eb, EXCTL_EIO, "cannot listen on %s:%u: %s",
                    opts->listen ? opts->listen : "127.0.0.1", opts->port, strerror(errno));
        goto out;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(c->daemon, MHD_DAEMON_INFO_BIND_PORT);
    c->port = di ? di->port : opts->port;
out:
    if (rc) {
        exctl_server_stop(s);
        return rc;
    }
    *out = s;
    return 0;
}

unsigned exctl_server_port(const exctl_server *s)
{
    return s->c.port;
}

const char *exctl_server_admin_password(const exctl_server *s)
{
    return s->c.have_admin_password ? s->c.admin_password : NULL;
}

void exctl_server_wait_signal(exctl_server *s)
{
    int sig = 0;
    sigwait(&s->sigs, &sig);
}

void exctl_server_stop(exctl_server *s)
{
    if (!s)
        return;
    srv_ctx *c = &s->c;
    if (c->daemon)
        MHD_stop_daemon(c->daemon);
    srv_expiry_stop(c);   /* before the pool and the workflow it uses go */
    srv_controls_free(c);
    srv_gen_publish(c, NULL);  /* no request runs any more: frees the generation */
    pthread_mutex_destroy(&c->gen_mu);
    /* The pool's connections free their workflow handles; the workflow
     * rules go after them. */
    if (c->pool.free_list)
        pool_free(&c->pool);
    srv_cases_free(c);
    if (c->auth)
        memset(c->auth, 0, SRV_AUTH_SLOTS * sizeof *c->auth);  /* no credentials left behind */
    free(c->auth);
    pthread_mutex_destroy(&c->auth_mu);
    memset(c->admin_password, 0, sizeof c->admin_password);
    if (c->pg_conninfo)   /* may hold a password */
        memset(c->pg_conninfo, 0, strlen(c->pg_conninfo));
    free(c->pg_conninfo);
    free(s);
}

int exctl_audit_verify(const char *db, int64_t *rows, int64_t *bad_seq, exctl_errbuf *eb)
{
    st_store *st = NULL;
    if (!xc_file_exists(db))
        return xc_err(eb, EXCTL_ENOTFOUND, "%s: no such database", db);
    int rc = st_open(db, &st, eb);
    if (!rc)
        rc = st_audit_verify(st, rows, bad_seq, eb);
    st_close(st);
    return rc;
}

int exctl_audit_verify_pg(const char *conninfo, int64_t *rows, int64_t *bad_seq,
                          exctl_errbuf *eb)
{
    st_store *st = NULL;
    bool exists = false;
    /* Verifying must not create an empty store where none was. */
    int rc = st_pg_exists(conninfo, &exists, eb);
    if (!rc && !exists)
        rc = xc_err(eb, EXCTL_ENOTFOUND, "PostgreSQL: no exctl store in this database/schema");
    if (!rc)
        rc = st_open_pg(conninfo, &st, eb);
    if (!rc)
        rc = st_audit_verify(st, rows, bad_seq, eb);
    st_close(st);
    return rc;
}
