/*
 * strsim — the bit-parallel string kernels of the screening scorer
 * (private).
 *
 * Jaro-Winkler and the restricted Damerau (OSA) edit distance over one
 * table of character positions (tokens are at most 63 bytes, so a position
 * set is one 64-bit word): the greedy Jaro matching is a mask and its
 * lowest bit per character, the distance Hyyroe's bit-vector recurrence.
 * They are static inline because the scorer's token comparison (score.c)
 * calls them in its innermost loop and builds the table once for both
 * measures; strsim.c wraps them for callers that compare two plain strings.
 */
#ifndef XC_SCREEN_STRSIM_H
#define XC_SCREEN_STRSIM_H

#include <stddef.h>
#include <stdint.h>

/* Population count without depending on the POPCNT instruction. */
static inline int popc32(uint32_t x)
{
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    x = (x + (x >> 4)) & 0x0f0f0f0fu;
    return (int)((x * 0x01010101u) >> 24);
}

/* Bit j of pm[c] is set when b[j] == c, for the bytes of a and b (at most
 * 64 each); entries of other bytes are left unset and never read. */
static inline void pm_build(uint64_t *pm, const char *a, size_t la, const char *b, size_t lb)
{
    for (size_t i = 0; i < la; i++)
        pm[(unsigned char)a[i]] = 0;
    for (size_t j = 0; j < lb; j++)
        pm[(unsigned char)b[j]] = 0;
    for (size_t j = 0; j < lb; j++)
        pm[(unsigned char)b[j]] |= (uint64_t)1 << j;
}

/* Jaro-Winkler of a and b (1..64 bytes each) over b's position table: each
 * character of a takes the first free equal character of b in its window,
 * as in the textbook loop, as the lowest bit of a mask. */
static inline double jw_pm(const uint64_t *pm, const char *a, size_t la, const char *b, size_t lb)
{
    size_t mx = la > lb ? la : lb;
    size_t win = mx / 2 > 0 ? mx / 2 - 1 : 0;
    uint64_t am = 0;
    size_t m = 0;
    /* free: positions of b not yet matched */
    uint64_t inb = lb >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << lb) - 1, free = inb;
    /* the window of i, positions i - win .. i + win of b, slides by one
     * per character (win <= 31: it fits) */
    uint64_t rng = ((uint64_t)1 << (win + 1)) - 1;
    for (size_t i = 0; i < la; i++, rng = rng << 1 | (i <= win)) {
        uint64_t x = pm[(unsigned char)a[i]] & free & rng;
        if (x) {
            free &= ~(x & (~x + 1));     /* the lowest bit of x taken */
            am |= (uint64_t)1 << i;
            m++;
        }
    }
    if (m == 0)
        return 0.0;
    uint64_t bm = inb & ~free;
    size_t t = 0;
    if (am == bm) {                      /* matched in place (most typos) */
        for (uint64_t x = am; x; x &= x - 1) {
            int k = __builtin_ctzll(x);
            t += a[k] != b[k];
        }
    } else {
        for (uint64_t x = am, y = bm; x; x &= x - 1, y &= y - 1)
            t += a[__builtin_ctzll(x)] != b[__builtin_ctzll(y)];
    }
    double md = (double)m;
    double jaro = (md / (double)la + md / (double)lb + (md - (double)t / 2.0) / md) / 3.0;
    size_t p = 0;
    while (p < 4 && p < la && p < lb && a[p] == b[p])
        p++;
    return jaro + (double)p * 0.1 * (1.0 - jaro);
}

/* Restricted Damerau (OSA) distance of a and b (b: 1..63 bytes) over b's
 * position table, Hyyroe's bit-vector recurrence; cap + 1 as soon as the
 * distance cannot come back within cap. */
static inline int osa_pm(const uint64_t *pm, const char *a, size_t la, size_t lb, int cap)
{
    uint64_t vp = ~(uint64_t)0, vn = 0, d0 = 0, pm_old = 0;
    uint64_t last = (uint64_t)1 << (lb - 1);
    int dist = (int)lb;
    for (size_t i = 0; i < la; i++) {
        uint64_t pmj = pm[(unsigned char)a[i]];
        uint64_t tr = (((~d0) & pmj) << 1) & pm_old;
        d0 = (((pmj & vp) + vp) ^ vp) | pmj | vn | tr;
        uint64_t hp = vn | ~(d0 | vp);
        uint64_t hn = d0 & vp;
        dist += (hp & last) != 0;
        dist -= (hn & last) != 0;
        /* each remaining character of a lowers the distance by at most 1 */
        if (dist - (int)(la - 1 - i) > cap)
            return cap + 1;
        hp = (hp << 1) | 1;
        hn = hn << 1;
        vp = hn | ~(d0 | hp);
        vn = hp & d0;
        pm_old = pmj;
    }
    return dist > cap ? cap + 1 : dist;
}

#endif
