/*
 * server — generations of screening data, swapped while requests run.
 *
 * A generation is the list set, the screener built over it and the
 * versions document naming them: everything a request needs to screen and
 * to stamp what it screened against. It is immutable once built and
 * reference-counted. The server holds one reference to the current
 * generation; a request takes its own on first use (srv_lists()) and drops
 * it after its response is queued, so one request sees one generation from
 * start to end, even when a reload publishes another in between.
 *
 * Taking a reference reads the current pointer and increments its count
 * under gen_mu; publishing swaps the pointer under the same mutex and then
 * drops the server's reference to the old generation. Whoever drops the
 * last reference frees it, so a superseded index lives exactly as long as
 * the slowest request that started before the swap. The mutex is held for
 * a pointer read and an increment, never while loading or freeing, so a
 * reload (seconds of parsing and indexing) never blocks screening.
 */
#include <stdlib.h>
#include "core/core.h"
#include "exctl/update.h"
#include "server/srv.h"

static void gen_free(srv_gen *g)
{
    if (!g)
        return;
    exctl_screener_free(g->screener);
    exctl_listset_free(g->lists);
    json_decref(g->versions);
    free(g->versions_json);
    free(g);
}

int srv_gen_load(const srv_ctx *c, srv_gen **out, exctl_errbuf *eb)
{
    exctl_load_opts lo = {.lenient = c->opts.lenient};
    srv_gen *g = calloc(1, sizeof *g);
    int rc = 0;
    *out = NULL;
    if (!g || (rc = exctl_listset_new(&g->lists))) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    /* The bundled lists, each replaced by its installed update (exctl lists
     * update), unless the server was started with explicit --list files. */
    if (c->opts.n_list_files == 0)
        rc = exctl_listset_load_current(g->lists, NULL, &lo, eb);
    for (size_t i = 0; !rc && i < c->opts.n_list_files; i++)
        rc = exctl_listset_load_file(g->lists, c->opts.list_files[i], &lo, NULL, eb);
    if (rc)
        goto out;
    if (!(g->versions = json_object())) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < exctl_listset_count(g->lists); i++) {
        const exctl_list *l = exctl_listset_at(g->lists, i);
        json_t *v = json_pack("{s:s, s:s}", "date", exctl_list_date(l), "sha256",
                              exctl_list_sha256(l));
        if (!v || json_object_set_new(g->versions, exctl_list_id(l), v)) {
            rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
            goto out;
        }
    }
    g->versions_json = json_dumps(g->versions, JSON_COMPACT | JSON_SORT_KEYS);
    if (!g->versions_json) {
        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = exctl_screener_new(g->lists, &g->screener, eb)))
        goto out;
    atomic_init(&g->refs, 1);
    *out = g;
    g = NULL;
out:
    gen_free(g);
    return rc;
}

srv_gen *srv_gen_acquire(srv_ctx *c)
{
    pthread_mutex_lock(&c->gen_mu);
    srv_gen *g = c->gen;
    if (g)
        atomic_fetch_add_explicit(&g->refs, 1, memory_order_relaxed);
    pthread_mutex_unlock(&c->gen_mu);
    return g;
}

void srv_gen_release(srv_gen *g)
{
    /* acq_rel: every use of g by this holder happens before the free by
     * whichever holder drops the count to zero. */
    if (g && atomic_fetch_sub_explicit(&g->refs, 1, memory_order_acq_rel) == 1)
        gen_free(g);
}

void srv_gen_publish(srv_ctx *c, srv_gen *g)
{
    pthread_mutex_lock(&c->gen_mu);
    srv_gen *old = c->gen;
    c->gen = g;
    pthread_mutex_unlock(&c->gen_mu);
    srv_gen_release(old);
}

const srv_gen *srv_lists(srv_req *r)
{
    if (!r->gen)
        r->gen = srv_gen_acquire(r->srv);
    return r->gen;
}
