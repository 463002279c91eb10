/*
 * Screening hook over the screening engine (screen.h).
 *
 * The engine takes hits through a callback so that it does not depend on how
 * parties are screened; this file is the standard callback for the in-process
 * screener. It keeps every match above the threshold (not just the best):
 * the determination rules decide which list and programme matter, and a
 * reviewer must see a near-miss on the EUL even when a better match on
 * another list exists.
 */
#include <string.h>
#include "det.h"

int exctl_det_screen_screener(void *ctx, const exctl_det_party *party, exctl_det_hits *hits,
                              exctl_errbuf *eb)
{
    const exctl_det_screener *sc = ctx;
    exctl_matches *m = NULL;
    xc_buf progs;
    int rc = EXCTL_OK;
    xc_buf_init(&progs);
    if (!sc || !sc->screener || !party || !party->name) {
        rc = xc_err(eb, EXCTL_EINVAL, "screening hook: no screener or party name");
        goto out;
    }
    exctl_query q = {.name = party->name, .country = party->country};
    exctl_screen_opts o = {.threshold = sc->threshold, .limit = 20, .lists = sc->lists,
                           .n_lists = sc->n_lists};
    if ((rc = exctl_screen(sc->screener, &q, &o, &m, eb)))
        goto out;
    for (size_t i = 0; i < exctl_matches_count(m); i++) {
        const exctl_match *h = exctl_matches_at(m, i);
        progs.len = 0;
        size_t np = exctl_entity_field_count(h->entity, EXCTL_FIELD_PROGRAM);
        for (size_t j = 0; j < np; j++) {
            const char *p = exctl_entity_field(h->entity, EXCTL_FIELD_PROGRAM, j);
            /* programme codes are joined with ','; a code containing one would
             * split, so replace it rather than mis-report */
            if (progs.len)
                xc_buf_putc(&progs, ',');
            for (; *p; p++)
                xc_buf_putc(&progs, *p == ',' ? ' ' : *p);
        }
        if ((rc = exctl_det_hit_add(hits, h->list_id, h->entity_id, h->name, h->score,
                                    xc_buf_cstr(&progs)))) {
            xc_err(eb, rc, "screening hook: out of memory");
            goto out;
        }
    }
out:
    exctl_matches_free(m);
    xc_buf_free(&progs);
    return rc;
}
