/*
 * server — licence expiry.
 *
 * The workflow marks a licence "expired" only when its expire_due sweep
 * runs (a licence past its date is already refused for usage; the sweep
 * makes its status say so, with an audit row). The server therefore runs
 * the sweep itself: a thread wakes every expiry_every seconds (and once at
 * start), borrows a pooled store connection, runs expire_due as the user
 * "system" with the admin role and gives the connection back. It waits on
 * a condition variable, so stopping the server wakes it at once instead of
 * waiting out the interval. With several servers over one PostgreSQL
 * database each sweeps; the workflow's write lock serialises them and a
 * licence already expired is skipped, so that is harmless.
 *
 * exctl_cases_expire_due() is the same sweep, once, for `exctl cases
 * expire-due` (cron, or a store no server is running on).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include "core/core.h"
#include "exctl/cases.h"
#include "exctl/server.h"
#include "server/srv.h"

static const exctl_actor system_actor = {"system", "admin", NULL};

/* One sweep on st; *response as exctl_case_apply_json gives it. */
static int sweep(st_store *st, const exctl_workflow *wf, char **response, exctl_errbuf *eb)
{
    exctl_cases *cs = srv_cases_bind(st, wf, eb);
    if (!cs)
        return eb->msg[0] ? EXCTL_EDB : xc_err(eb, EXCTL_EDB, "cannot open the workflow");
    return exctl_case_apply_json(cs, &system_actor, "expire_due", "{}", response, eb);
}

static void *expiry_main(void *arg)
{
    srv_ctx *c = arg;
    pthread_mutex_lock(&c->expiry_mu);
    while (!c->expiry_stop) {
        pthread_mutex_unlock(&c->expiry_mu);
        exctl_errbuf eb = {{0}};
        char *resp = NULL;
        st_store *st = srv_pool_take(c);
        int rc = sweep(st, c->workflow, &resp, &eb);
        srv_pool_give(c, st);
        if (rc) {
            fprintf(stderr, "exctl serve: licence expiry sweep failed: %s\n",
                    eb.msg[0] ? eb.msg : exctl_strerror(rc));
        } else {
            json_t *r = json_loads(resp, 0, NULL);
            size_t n = json_array_size(json_object_get(r, "expired_cases"));
            if (n)
                fprintf(stderr, "exctl serve: %zu licence(s) expired\n", n);
            json_decref(r);
        }
        exctl_free(resp);
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += (time_t)c->expiry_every;
        pthread_mutex_lock(&c->expiry_mu);
        while (!c->expiry_stop &&
               pthread_cond_timedwait(&c->expiry_cv, &c->expiry_mu, &until) != ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&c->expiry_mu);
    return NULL;
}

int srv_expiry_start(srv_ctx *c, exctl_errbuf *eb)
{
    if (!c->workflow)
        return EXCTL_OK;
    pthread_condattr_t ca;
    if (pthread_condattr_init(&ca) || pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) ||
        pthread_cond_init(&c->expiry_cv, &ca)) {
        pthread_condattr_destroy(&ca);
        return xc_err(eb, EXCTL_EINTERNAL, "licence expiry: cannot make a condition variable");
    }
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&c->expiry_mu, NULL);
    c->expiry_inited = true;
    c->expiry_stop = false;
    /* The thread must not take SIGINT/SIGTERM: exctl_server_wait_signal
     * collects them; start it with them blocked as the workers are. */
    sigset_t all, old;
    sigemptyset(&all);
    sigaddset(&all, SIGINT);
    sigaddset(&all, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int err = pthread_create(&c->expiry_thread, NULL, expiry_main, c);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (err)
        return xc_err(eb, EXCTL_EINTERNAL, "licence expiry: cannot start a thread: %s",
                      strerror(err));
    c->expiry_running = true;
    return EXCTL_OK;
}

void srv_expiry_stop(srv_ctx *c)
{
    if (!c->expiry_inited)
        return;
    if (c->expiry_running) {
        pthread_mutex_lock(&c->expiry_mu);
        c->expiry_stop = true;
        pthread_cond_signal(&c->expiry_cv);
        pthread_mutex_unlock(&c->expiry_mu);
        pthread_join(c->expiry_thread, NULL);
        c->expiry_running = false;
    }
    pthread_cond_destroy(&c->expiry_cv);
    pthread_mutex_destroy(&c->expiry_mu);
    c->expiry_inited = false;
}

int exctl_cases_expire_due(const char *db, const char *pg, char **response, exctl_errbuf *eb)
{
    st_store *st = NULL;
    exctl_workflow *wf = NULL;
    int rc;
    *response = NULL;
    if (!pg && !xc_file_exists(db))
        return xc_err(eb, EXCTL_ENOTFOUND, "%s: no such database", db);
    if ((rc = exctl_workflow_load(NULL, &wf, eb)))
        goto out;
    if ((rc = pg ? st_open_pg(pg, &st, eb) : st_open(db, &st, eb)))
        goto out;
    rc = sweep(st, wf, response, eb);
out:
    st_close(st);   /* frees the workflow handle attached to the connection */
    exctl_workflow_free(wf);
    return rc;
}
