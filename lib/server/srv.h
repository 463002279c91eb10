/*
 * server — internals shared by the HTTP glue, the router and the handlers
 * (private).
 *
 * A request is decoded by http.c into an srv_req (method, path, query,
 * bounded body), matched against the one route table (router.c), checked
 * for authentication, CSRF and role, and handed to a handler that fills the
 * response through srv_json()/srv_error(). The same table generates
 * /openapi.json, so the document cannot drift from what is served.
 *
 * Shared state (srv_ctx) is read-only after start except for the store
 * pool (mutex), the metrics (atomics) and the current generation of
 * screening data (gen.c: swapped under gen_mu by a list reload, each
 * request holding a reference to the one it started with).
 */
#ifndef XC_SRV_H
#define XC_SRV_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>
#include <jansson.h>
#include "exctl/exctl.h"
#include "exctl/lists.h"
#include "exctl/screen.h"
#include "exctl/server.h"
#include "core/core.h"
#include "store/store.h"

#define SRV_MAX_PARAMS 4
#define SRV_PARAM_MAX 256         /* bytes of one path parameter, with its NUL */
#define SRV_MAX_FIELD 1024        /* any single string field in a request */
#define SRV_MAX_ROUTES 64
#define SRV_LAT_BUCKETS 12
#define SRV_STATUS_SLOTS 16

typedef struct srv_ctx srv_ctx;
typedef struct srv_req srv_req;
typedef int (*srv_handler)(srv_req *r);

enum { SRV_PUBLIC = 0 };          /* roles == 0: no authentication */
enum { SRV_F_BODY = 1 };          /* expects a JSON body */

typedef struct srv_route {
    const char *method;
    const char *pattern;          /* "/v1/entities/{id}" */
    srv_handler fn;
    unsigned roles;               /* ST_ROLE_* bits; 0 = public */
    unsigned flags;
    const char *summary;
    const char *tag;
} srv_route;

/* Metrics: counts per route and status slot, latency per route. */
typedef struct srv_metrics {
    atomic_ulong count[SRV_MAX_ROUTES + 1][SRV_STATUS_SLOTS];
    atomic_ulong lat[SRV_MAX_ROUTES + 1][SRV_LAT_BUCKETS + 1];
    atomic_ulong lat_sum_us[SRV_MAX_ROUTES + 1];
    atomic_ulong screenings, screen_hits;
    atomic_ulong batch_parties;
} srv_metrics;

/* Pool of store handles: one connection per concurrent request. */
typedef struct srv_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    st_store **free_list;
    size_t n_free, cap;
} srv_pool;

/* Recently resolved credentials, so that an authenticated request does not
 * cost two database reads. Entries live AUTH_CACHE_TTL seconds at most and
 * die at once when this process changes any user, token or session (the
 * generation counter); another process's change is seen within the TTL. */
#define SRV_AUTH_SLOTS 1024
#define SRV_AUTH_TTL_MS 2000
typedef struct srv_auth_slot {
    char key[ST_HASH_HEX];        /* SHA-256 of the credential; "" = empty */
    unsigned long gen;
    int64_t until_ms;             /* monotonic */
    bool session;
    st_user user;
    st_session sess;
} srv_auth_slot;

/* Failed-login throttle per user name, kept in the store (st_login_*) so
 * that every server over it counts the same failures. */
#define SRV_LOGIN_MAX_FAILS 5
#define SRV_LOGIN_WINDOW_S 300
#define SRV_LOGIN_LOCK_S 60

/* One generation of screening data (gen.c): immutable once published,
 * freed when the last holder releases it. */
typedef struct srv_gen {
    atomic_ulong refs;
    exctl_listset *lists;
    exctl_screener *screener;
    json_t *versions;             /* {"list id": {"date","sha256"}} */
    char *versions_json;          /* the same, compact with sorted keys */
} srv_gen;

struct srv_ctx {
    exctl_server_opts opts;
    char db_path[512];
    char *pg_conninfo;            /* PostgreSQL store when non-NULL (heap, wiped on stop) */
    char web_dir[512];
    pthread_mutex_t gen_mu;
    srv_gen *gen;                 /* current generation; guarded by gen_mu */
    void *controls;               /* exctl_controls* when loaded */
    void *packs;                  /* exctl_packset* when loaded */
    void *classifier;             /* exctl_classifier* when loaded */
    void *workflow;               /* exctl_workflow* when loaded */
    char cases_error[600];
    char controls_error[600], packs_error[600], classify_error[600];
    srv_pool pool;
    srv_metrics metrics;
    pthread_mutex_t auth_mu;
    atomic_ulong auth_gen;
    srv_auth_slot *auth;          /* SRV_AUTH_SLOTS entries */
    struct MHD_Daemon *daemon;
    unsigned port;
    char admin_password[40];
    char dummy_hash[ST_PWHASH_MAX]; /* verified against for unknown users */
    bool have_admin_password;
    size_t max_body, max_batch;
    time_t started;
    /* licence expiry sweeper (expiry.c) */
    pthread_t expiry_thread;
    pthread_mutex_t expiry_mu;
    pthread_cond_t expiry_cv;     /* signalled to stop */
    bool expiry_inited, expiry_running, expiry_stop;
    unsigned expiry_every;        /* seconds between sweeps */
};

struct srv_req {
    srv_ctx *srv;
    struct MHD_Connection *conn;
    const char *method;
    const char *path;
    const srv_route *route;
    int route_index;              /* -1: no route */
    const char *params[SRV_MAX_PARAMS];
    size_t params_len[SRV_MAX_PARAMS];
    char param_buf[SRV_MAX_PARAMS][SRV_PARAM_MAX];
    size_t n_params;
    const char *body;
    size_t body_len;
    json_t *json;                 /* parsed body (object), owned */
    st_store *st;                 /* pooled, released after the request */
    srv_gen *gen;                 /* taken by srv_lists(), released after the request */
    bool authed, via_session;
    st_user user;
    st_session session;
    /* response */
    int status;
    char *resp;                   /* malloc-owned */
    size_t resp_len;
    const char *ctype;
    char cookies[2][320];
    int n_cookies;
    char allow[64];               /* Allow header for 405 */
};

/* --- responses (http.c) ---------------------------------------------- */
/* Steals v. Always returns 0 so handlers can `return srv_json(...)`. */
int srv_json(srv_req *r, int status, json_t *v);
int srv_error(srv_req *r, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int srv_text(srv_req *r, int status, const char *ctype, char *body, size_t len);
/* The request's store handle (acquired from the pool on first use). */
st_store *srv_store(srv_req *r);
const char *srv_query(srv_req *r, const char *key);
const char *srv_header(srv_req *r, const char *key);
const char *srv_cookie(srv_req *r, const char *key);
/* Map a library error to an HTTP error response. */
int srv_fail(srv_req *r, int rc, const exctl_errbuf *eb);

/* --- screening data generations (gen.c) -------------------------------- */
/* Load the lists the server was started with (the --list files, else the
 * bundled lists with their installed updates) into a new generation holding
 * one reference, owned by the caller. */
int srv_gen_load(const srv_ctx *c, srv_gen **out, exctl_errbuf *eb);
/* Make g current, taking over the caller's reference; the previous one is
 * freed once its last request releases it. */
void srv_gen_publish(srv_ctx *c, srv_gen *g);
/* A new reference to the current generation (NULL before the first
 * publish); give it back with srv_gen_release(). */
srv_gen *srv_gen_acquire(srv_ctx *c);
void srv_gen_release(srv_gen *g);
/* The request's generation: acquired on first use, the same for the rest
 * of the request, released after the response is queued. */
const srv_gen *srv_lists(srv_req *r);

/* --- routing (router.c) ---------------------------------------------- */
const srv_route *srv_routes(size_t *n);
/* Fill r->route/params; returns 200, 404 or 405 (Allow in r->allow). */
int srv_route_match(srv_req *r);
/* Authenticate, CSRF-check and role-check r; 0 to proceed, otherwise an
 * error response was set. */
int srv_authorize(srv_req *r);
json_t *srv_openapi(void);
/* Forget every cached credential (after logout, revocation, user change). */
void srv_auth_invalidate(srv_ctx *c);

/* --- request bodies (decode.c) ------------------------------------------ */
/* Decode a body for a route that takes one: Content-Type application/json,
 * one JSON object, no duplicate keys. 0 with *out set (caller owns), else
 * the HTTP status (415, 400) with *code (static) and msg set. */
int srv_decode_body(const char *ctype, const char *body, size_t len, json_t **out,
                    const char **code, char *msg, size_t msgsz);

/* --- streaming JSON writer (jw.c) --------------------------------------- */
/* Appends JSON text to a caller-owned xc_buf; errors (out of memory,
 * unbalanced nesting) are sticky and reported by srv_jw_finish(). Keys are
 * written in call order. */
#define SRV_JW_DEPTH 16
typedef struct srv_jw {
    xc_buf *b;
    int err;
    int depth;
    bool after_key;
    unsigned count[SRV_JW_DEPTH];   /* values written so far per open container */
} srv_jw;
void srv_jw_init(srv_jw *w, xc_buf *b);
void srv_jw_obj(srv_jw *w);
void srv_jw_obj_end(srv_jw *w);
void srv_jw_arr(srv_jw *w);
void srv_jw_arr_end(srv_jw *w);
void srv_jw_key(srv_jw *w, const char *k);
void srv_jw_str(srv_jw *w, const char *s);      /* NULL: null */
void srv_jw_real(srv_jw *w, double v);          /* non-finite: null */
void srv_jw_int(srv_jw *w, long long v);
void srv_jw_bool(srv_jw *w, bool v);
void srv_jw_null(srv_jw *w);
/* Splice JSON text that is known to be one valid value. */
void srv_jw_raw(srv_jw *w, const char *json, size_t n);
/* 0 when the text is complete and balanced, else an EXCTL_* code. */
int srv_jw_finish(srv_jw *w);
/* Send b's text as the JSON response (takes b's memory; b is left empty)
 * or a 500 when the writer failed. Always returns 0. */
int srv_json_buf(srv_req *r, int status, srv_jw *w);

/* --- helpers (util.c) --------------------------------------------------- */
/* A string member of obj: NULL if absent; sets *bad when present but not a
 * string or too long (an error response is then set). Bodies never hold
 * "\u0000" (jansson refuses it without JSON_ALLOW_NUL), so the string is
 * whole up to its NUL. */
const char *srv_jstr(srv_req *r, json_t *obj, const char *key, size_t max, bool *bad);
bool srv_parse_double(const char *s, double lo, double hi, double *out);
bool srv_parse_size(const char *s, size_t lo, size_t hi, size_t *out);
json_t *srv_user_json(const st_user *u);

/* --- metrics (metrics.c) ----------------------------------------------- */
void srv_metrics_observe(srv_ctx *c, int route_index, int status, double seconds);
/* lists: the request's generation (exctl_list_entities). */
char *srv_metrics_text(srv_ctx *c, const exctl_listset *lists, size_t *len);

/* --- handlers ----------------------------------------------------------- */
int h_healthz(srv_req *r);
int h_metrics(srv_req *r);
int h_openapi(srv_req *r);
int h_login(srv_req *r);
int h_logout(srv_req *r);
int h_me(srv_req *r);
int h_tokens_list(srv_req *r);
int h_tokens_create(srv_req *r);
int h_tokens_delete(srv_req *r);
int h_users_list(srv_req *r);
int h_users_create(srv_req *r);
int h_users_modify(srv_req *r);
int h_audit_verify(srv_req *r);
int h_lists(srv_req *r);
int h_entity(srv_req *r);
int h_screen_get(srv_req *r);
int h_screen_post(srv_req *r);
int h_match(srv_req *r);
int h_decisions_get(srv_req *r);
int h_decisions_post(srv_req *r);
int h_records_get(srv_req *r);
int h_records_post(srv_req *r);
int h_record_get(srv_req *r);
int h_cl_search(srv_req *r);
int h_cl_get(srv_req *r);
int h_classify(srv_req *r);
int h_classify_vocab(srv_req *r);
int h_determine(srv_req *r);
int h_cases_actions(srv_req *r);
int h_cases(srv_req *r);

/* Load the optional data sets (control lists, packs) at start. */
void srv_controls_init(srv_ctx *c);
void srv_controls_free(srv_ctx *c);
void srv_cases_init(srv_ctx *c);
void srv_cases_free(srv_ctx *c);
/* The licensing workflow bound to this request's store connection (opened
 * on first use, owned by the connection), its audit hook appending to the
 * store's chain; NULL with eb set on failure. */
struct exctl_cases *srv_cases(srv_req *r, exctl_errbuf *eb);
/* The same for any store connection (the sweeper's, the CLI's). */
struct exctl_cases *srv_cases_bind(st_store *st, const void *workflow, exctl_errbuf *eb);

/* A pooled store connection outside a request; give it back. (http.c) */
st_store *srv_pool_take(srv_ctx *c);
void srv_pool_give(srv_ctx *c, st_store *st);

/* Licence expiry: a thread that runs the workflow's expire_due every
 * c->expiry_every seconds (and once at start) as the "system" admin, until
 * srv_expiry_stop(). Does nothing without the workflow. (expiry.c) */
int srv_expiry_start(srv_ctx *c, exctl_errbuf *eb);
void srv_expiry_stop(srv_ctx *c);

#endif
