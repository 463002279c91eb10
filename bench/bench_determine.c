/*
 * bench_determine: pack loading time and determinations per second over the
 * bundled packs, on a fixed mix of JP, US and EU transactions (list control,
 * catch-all with screening hits, chart lookups). Numbers, not a test.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "exctl/determine.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static const char *const txns[] = {
    "{\"jurisdiction\":\"JP\",\"date\":\"2026-11-26\",\"destination\":\"CN\",\"items\":["
    "{\"id\":\"a\",\"kind\":\"goods\",\"classification\":{\"jp\":\"7項(1)\"},\"value\":{\"amount\":"
    "120000,\"currency\":\"JPY\"}},{\"id\":\"b\",\"kind\":\"goods\",\"classification\":\"not_listed\","
    "\"hs\":\"8457.10\"}],\"parties\":[{\"role\":\"end_user\",\"name\":\"X\",\"screening\":[{\"list\":"
    "\"jp-meti-eul\",\"entity\":\"e\",\"score\":0.9,\"programs\":[\"N\"]}]}],\"end_use\":{\"wmd\":"
    "false,\"military\":true,\"informed\":false}}",
    "{\"jurisdiction\":\"US\",\"date\":\"2026-11-26\",\"destination\":\"EG\",\"items\":[{\"id\":\"a\","
    "\"kind\":\"goods\",\"classification\":{\"eccn\":\"1A001.a\"},\"value\":{\"amount\":4000,"
    "\"currency\":\"USD\"}},{\"id\":\"b\",\"kind\":\"goods\",\"classification\":{\"eccn\":\"5A002.a\"}}]}",
    "{\"jurisdiction\":\"EU\",\"date\":\"2026-11-26\",\"destination\":\"US\",\"items\":[{\"id\":\"a\","
    "\"kind\":\"goods\",\"classification\":{\"eu\":\"3A001.a.1\"}}]}",
};

int main(void)
{
    exctl_packset *ps = NULL;
    exctl_errbuf eb = {{0}};
    double t0 = now();
    if (exctl_packset_new(&ps) ||
        exctl_packset_load_dir(ps, EXCTL_TEST_DATA_DIR "/packs", &eb)) {
        fprintf(stderr, "load: %s\n", eb.msg);
        return 1;
    }
    double t1 = now();
    size_t n = 0, items = 0;
    while (now() - t1 < 2.0) {
        for (size_t i = 0; i < sizeof txns / sizeof txns[0]; i++) {
            exctl_determination *d = NULL;
            if (exctl_determine_json(ps, txns[i], strlen(txns[i]), NULL, &d, &eb)) {
                fprintf(stderr, "determine: %s\n", eb.msg);
                return 1;
            }
            items += exctl_determination_item_count(d);
            exctl_determination_free(d);
            n++;
        }
    }
    double t2 = now();
    printf("packs loaded: %zu in %.1f ms\n", exctl_packset_count(ps), (t1 - t0) * 1e3);
    printf("determinations: %zu (%zu items) in %.2f s = %.0f/s, %.1f us each\n", n, items,
           t2 - t1, n / (t2 - t1), (t2 - t1) / n * 1e6);
    exctl_packset_free(ps);
    return 0;
}
