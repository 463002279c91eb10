/*
 * Scoring one pair of names (exctl_score_names, `exctl score`).
 *
 * A pair is scored with the token weights of the bundled lists, so that
 * "trading" counts as little here as it does when screening: the default
 * screener over the bundled lists is built once, on first use, and shared
 * (immutable, like every screener). Both names are prepared in a scratch
 * that lives for the call; nothing is indexed.
 */
#include <math.h>
#include <pthread.h>
#include <string.h>
#include "screen_int.h"

static exctl_listset *g_def_ls;
static exctl_screener *g_def;
static pthread_once_t g_def_once = PTHREAD_ONCE_INIT;

static void def_init(void)
{
    if (exctl_listset_new(&g_def_ls))
        return;
    exctl_load_opts lo = {.lenient = 1};
    exctl_listset_load_bundled(g_def_ls, &lo, NULL);
    if (exctl_listset_count(g_def_ls) == 0 || exctl_screener_new(g_def_ls, &g_def, NULL)) {
        exctl_listset_free(g_def_ls);
        g_def_ls = NULL;
        g_def = NULL;
    }
}

const exctl_screener *scr_default_screener(void)
{
    pthread_once(&g_def_once, def_init);
    return g_def;
}

int scr_score_names_with(const exctl_screener *s, const char *a, const char *b,
                         exctl_schema schema, double *score, char **explain)
{
    if (!a || !b || !score)
        return EXCTL_EINVAL;
    scr_scratch sc = {0};
    scr_alloc al = {.scratch = &sc};
    scr_pname pa, pb;
    int rc = scr_prepare(a, strlen(a), &al, &sc, &pa);
    if (!rc)
        rc = scr_prepare(b, strlen(b), &al, &sc, &pb);
    if (rc)
        goto out;
    scr_resolve(s, &pa);
    scr_resolve(s, &pb);
    /* the pair's type names both */
    scr_set_ptype(&pa, scr_ptype_of(schema));
    scr_set_ptype(&pb, scr_ptype_of(schema));
    scr_detail d;
    float v = scr_score_pnames(&pa, &pb, 0.0f, explain ? &d : NULL);
    *score = floor((double)v * 10000.0 + 0.5) / 10000.0;
    if (explain) {
        xc_buf buf;
        xc_buf_init(&buf);
        rc = scr_explain_json(&buf, &pa, &pb, &d, NULL, 0, *score);
        if (rc) {
            xc_buf_free(&buf);
            goto out;
        }
        *explain = xc_buf_steal(&buf);
    }
out:
    scr_scratch_free(&sc);
    return rc;
}

int exctl_score_names(const char *a, const char *b, exctl_schema schema, double *score,
                      char **explain)
{
    return scr_score_names_with(scr_default_screener(), a, b, schema, score, explain);
}
