/*
 * server — Prometheus metrics and small request helpers.
 *
 * Counters are relaxed atomics in fixed arrays indexed by route and status
 * slot, so recording a request is a few uncontended increments and no
 * lock; /metrics renders them in the text exposition format.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "server/srv.h"

static const int status_slots[SRV_STATUS_SLOTS - 1] = {200, 201, 400, 401, 403, 404, 405,
                                                       409, 413, 415, 422, 429, 500, 503, 204};
static const double lat_bounds[SRV_LAT_BUCKETS] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                   0.005,  0.01,    0.025,  0.05,  0.1,
                                                   0.5,    1.0};

static int slot_of(int status)
{
    for (int i = 0; i < SRV_STATUS_SLOTS - 1; i++)
        if (status_slots[i] == status)
            return i;
    return SRV_STATUS_SLOTS - 1;
}

void srv_metrics_observe(srv_ctx *c, int route_index, int status, double seconds)
{
    size_t ri = route_index < 0 ? SRV_MAX_ROUTES : (size_t)route_index;
    srv_metrics *m = &c->metrics;
    atomic_fetch_add_explicit(&m->count[ri][slot_of(status)], 1, memory_order_relaxed);
    int b = 0;
    while (b < SRV_LAT_BUCKETS && seconds > lat_bounds[b])
        b++;
    atomic_fetch_add_explicit(&m->lat[ri][b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->lat_sum_us[ri], (unsigned long)(seconds * 1e6),
                              memory_order_relaxed);
}

static unsigned long ld(atomic_ulong *p)
{
    return atomic_load_explicit(p, memory_order_relaxed);
}

char *srv_metrics_text(srv_ctx *c, const exctl_listset *lists, size_t *len)
{
    xc_buf b;
    size_t nroutes;
    const srv_route *rt = srv_routes(&nroutes);
    srv_metrics *m = &c->metrics;
    xc_buf_init(&b);
    xc_buf_puts(&b, "# HELP exctl_http_requests_total HTTP requests by route and status.\n"
                    "# TYPE exctl_http_requests_total counter\n");
    for (size_t i = 0; i <= nroutes; i++) {
        size_t ri = i == nroutes ? SRV_MAX_ROUTES : i;
        const char *method = i == nroutes ? "" : rt[i].method;
        const char *pat = i == nroutes ? "unmatched" : rt[i].pattern;
        for (int s = 0; s < SRV_STATUS_SLOTS; s++) {
            unsigned long v = ld(&m->count[ri][s]);
            if (!v)
                continue;
            char st[8];
            if (s == SRV_STATUS_SLOTS - 1)
                snprintf(st, sizeof st, "other");
            else
                snprintf(st, sizeof st, "%d", status_slots[s]);
            xc_buf_printf(&b,
                          "exctl_http_requests_total{method=\"%s\",route=\"%s\",status=\"%s\"} %lu\n",
                          method, pat, st, v);
        }
    }
    xc_buf_puts(&b, "# HELP exctl_http_request_duration_seconds Request latency by route.\n"
                    "# TYPE exctl_http_request_duration_seconds histogram\n");
    for (size_t i = 0; i <= nroutes; i++) {
        size_t ri = i == nroutes ? SRV_MAX_ROUTES : i;
        const char *method = i == nroutes ? "" : rt[i].method;
        const char *pat = i == nroutes ? "unmatched" : rt[i].pattern;
        unsigned long cum = 0, total = 0;
        for (int k = 0; k <= SRV_LAT_BUCKETS; k++)
            total += ld(&m->lat[ri][k]);
        if (!total)
            continue;
        for (int k = 0; k < SRV_LAT_BUCKETS; k++) {
            cum += ld(&m->lat[ri][k]);
            xc_buf_printf(&b,
                          "exctl_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\","
                          "le=\"%g\"} %lu\n", method, pat, lat_bounds[k], cum);
        }
        xc_buf_printf(&b,
                      "exctl_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\","
                      "le=\"+Inf\"} %lu\n"
                      "exctl_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} %.6f\n"
                      "exctl_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"} %lu\n",
                      method, pat, total, method, pat, (double)ld(&m->lat_sum_us[ri]) / 1e6,
                      method, pat, total);
    }
    xc_buf_printf(&b,
                  "# HELP exctl_screenings_total Parties screened.\n"
                  "# TYPE exctl_screenings_total counter\nexctl_screenings_total %lu\n"
                  "# HELP exctl_screening_hits_total Matches returned by screenings.\n"
                  "# TYPE exctl_screening_hits_total counter\nexctl_screening_hits_total %lu\n"
                  "# HELP exctl_lists_loaded Screening lists loaded.\n"
                  "# TYPE exctl_lists_loaded gauge\nexctl_lists_loaded %zu\n"
                  "# HELP exctl_list_entities Entities per loaded list.\n"
                  "# TYPE exctl_list_entities gauge\n",
                  ld(&m->screenings), ld(&m->screen_hits), exctl_listset_count(lists));
    for (size_t i = 0; i < exctl_listset_count(lists); i++) {
        const exctl_list *l = exctl_listset_at(lists, i);
        xc_buf_printf(&b, "exctl_list_entities{list=\"%s\",date=\"%s\"} %zu\n",
                      exctl_list_id(l), exctl_list_date(l), exctl_list_entity_count(l));
    }
    xc_buf_printf(&b, "# HELP exctl_uptime_seconds Seconds since start.\n"
                      "# TYPE exctl_uptime_seconds gauge\nexctl_uptime_seconds %lld\n",
                  (long long)(time(NULL) - c->started));
    *len = b.len;
    xc_buf_cstr(&b);
    return xc_buf_steal(&b);
}

/* --- request helpers --------------------------------------------------------- */

const char *srv_jstr(srv_req *r, json_t *obj, const char *key, size_t max, bool *bad)
{
    json_t *v = obj ? json_object_get(obj, key) : NULL;
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        srv_error(r, 400, "invalid", "field '%s' must be a string", key);
        *bad = true;
        return NULL;
    }
    if (json_string_length(v) > max) {
        srv_error(r, 413, "too_large", "field '%s' exceeds %zu bytes", key, max);
        *bad = true;
        return NULL;
    }
    return json_string_value(v);
}

bool srv_parse_double(const char *s, double lo, double hi, double *out)
{
    char *end = NULL;
    if (!s || !*s)
        return false;
    double v = strtod(s, &end);
    if (*end || !isfinite(v) || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

bool srv_parse_size(const char *s, size_t lo, size_t hi, size_t *out)
{
    long v = 0;
    if (!s || xc_parse_long(s, strlen(s), (long)lo, (long)hi, &v))
        return false;
    *out = (size_t)v;
    return true;
}

json_t *srv_user_json(const st_user *u)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:b, s:s}", "id", (json_int_t)u->id, "username",
                     u->username, "org", u->org, "role", st_role_name(u->role), "disabled",
                     u->disabled, "created", u->created);
}
