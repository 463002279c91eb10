/*
 * Per-query scratch memory. A query prepares its name, collects candidates
 * and renders explanations without calling malloc in the steady state: the
 * scratch is a bump allocator whose base block grows to the high-water mark
 * of earlier queries, so after a few queries every allocation is a pointer
 * increment. Blocks that overflow the base are freed at the next reset.
 * A mark taken in the base block can be released to reuse the memory after
 * it (the full scan expands millions of names one after the other).
 */
#include <stdlib.h>
#include <string.h>
#include "screen_int.h"

void *scr_scratch_alloc(scr_scratch *sc, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (sc->used + n <= sc->cap) {
        void *p = sc->base + sc->used;
        sc->used += n;
        return p;
    }
    sc->want += n;
    if (!sc->base) {
        size_t cap = n > 65536 ? n : 65536;
        sc->base = malloc(cap);
        if (!sc->base)
            return NULL;
        sc->cap = cap;
        sc->used = n;
        sc->want = cap;
        return sc->base;
    }
    /* Overflow blocks grow geometrically, so the few slots cover any size;
     * the remainder of the newest block serves the next requests. */
    if (sc->nspill && sc->spill_used + n <= sc->spill_cap) {
        void *p = sc->spill[sc->nspill - 1] + sc->spill_used;
        sc->spill_used += n;
        return p;
    }
    if (sc->nspill >= XC_ARRAY_LEN(sc->spill))
        return NULL;
    size_t bs = sc->cap << (sc->nspill + 1);
    if (bs < n)
        bs = n;
    char *p = malloc(bs);
    if (!p)
        return NULL;
    sc->spill[sc->nspill++] = p;
    sc->spill_cap = bs;
    sc->spill_used = n;
    return p;
}

size_t scr_scratch_mark(const scr_scratch *sc)
{
    return sc->nspill ? SIZE_MAX : sc->used;
}

void scr_scratch_release(scr_scratch *sc, size_t mark)
{
    /* only within the base block: spill blocks live until the reset */
    if (mark != SIZE_MAX && !sc->nspill && mark <= sc->used)
        sc->used = mark;
}

void scr_scratch_reset(scr_scratch *sc)
{
    for (size_t i = 0; i < sc->nspill; i++)
        free(sc->spill[i]);
    if (sc->nspill && sc->want > sc->cap) {
        char *nb = malloc(sc->want);
        if (nb) {
            free(sc->base);
            sc->base = nb;
            sc->cap = sc->want;
        }
    }
    sc->nspill = 0;
    sc->spill_used = sc->spill_cap = 0;
    sc->used = 0;
    sc->want = sc->cap;
}

void scr_scratch_free(scr_scratch *sc)
{
    if (!sc)
        return;
    for (size_t i = 0; i < sc->nspill; i++)
        free(sc->spill[i]);
    free(sc->base);
    memset(sc, 0, sizeof *sc);
}

void *scr_alloc_mem(scr_alloc *a, size_t n)
{
    if (a->arena)
        return xc_arena_alloc(a->arena, n);
    void *p = scr_scratch_alloc(a->scratch, n);
    if (p)
        memset(p, 0, n);
    return p;
}
