/*
 * String measures for callers outside the scorer's inner loop (orgwords.c,
 * normalize.c, acronym.c, tests): the kernels of strsim.h over a position
 * table made per call, and letter sets. Who compares many strings against
 * one builds its table once instead (score.c, scr_qtok).
 */
#include "screen_int.h"
#include "strsim.h"

double scr_jaro_winkler(const char *a, size_t la, const char *b, size_t lb)
{
    if (la == 0 || lb == 0)
        return 0.0;
    if (la > 64)
        la = 64;
    if (lb > 64)
        lb = 64;
    uint64_t pm[256];
    pm_build(pm, a, la, b, lb);
    return jw_pm(pm, a, la, b, lb);
}

/* Exact up to cap; any larger distance is reported as cap + 1. */
int scr_osa_distance(const char *a, size_t la, const char *b, size_t lb, int cap)
{
    if (la > 63 || lb > 63)
        return cap + 1;
    int d;
    if (la == 0 || lb == 0) {
        d = (int)(la + lb);
    } else {
        uint64_t pm[256];
        pm_build(pm, a, la, b, lb);
        d = osa_pm(pm, a, la, lb, cap);
    }
    return d > cap ? cap + 1 : d;
}

uint32_t scr_letter_mask(const char *s, size_t n)
{
    uint32_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= 1u << ((unsigned char)s[i] & 31);
    return m;
}
