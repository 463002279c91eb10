/*
 * Open-addressing hash map (linear probing, load factor <= 0.5) from byte
 * strings to uint32 values. Keys are borrowed, typically from an arena.
 * FNV-1a is enough: keys are identifiers and normalised tokens, and the
 * table size is a power of two mixed by a final avalanche step.
 */
#include <stdlib.h>
#include <string.h>
#include "core.h"

uint32_t xc_hash(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 16777619u;
    }
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    return h;
}

void xc_map_init(xc_map *m)
{
    m->slots = NULL;
    m->cap = m->count = 0;
}

void xc_map_free(xc_map *m)
{
    if (!m)
        return;
    free(m->slots);
    xc_map_init(m);
}

static int map_grow(xc_map *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 64;
    xc_map_slot *ns = calloc(ncap, sizeof *ns);
    if (!ns)
        return EXCTL_ENOMEM;
    for (size_t i = 0; i < m->cap; i++) {
        xc_map_slot *s = &m->slots[i];
        if (!s->key)
            continue;
        size_t j = s->hash & (ncap - 1);
        while (ns[j].key)
            j = (j + 1) & (ncap - 1);
        ns[j] = *s;
    }
    free(m->slots);
    m->slots = ns;
    m->cap = ncap;
    return EXCTL_OK;
}

int xc_map_put(xc_map *m, const char *key, size_t klen, uint32_t value)
{
    if (klen > UINT32_MAX)
        return EXCTL_ETOOBIG;
    if ((m->count + 1) * 2 > m->cap) {
        int rc = map_grow(m);
        if (rc)
            return rc;
    }
    uint32_t h = xc_hash(key, klen);
    size_t j = h & (m->cap - 1);
    while (m->slots[j].key) {
        xc_map_slot *s = &m->slots[j];
        if (s->hash == h && s->klen == klen && memcmp(s->key, key, klen) == 0) {
            s->value = value;
            return EXCTL_OK;
        }
        j = (j + 1) & (m->cap - 1);
    }
    m->slots[j] = (xc_map_slot){key, (uint32_t)klen, h, value};
    m->count++;
    return EXCTL_OK;
}

bool xc_map_get(const xc_map *m, const char *key, size_t klen, uint32_t *value)
{
    if (!m->cap)
        return false;
    uint32_t h = xc_hash(key, klen);
    size_t j = h & (m->cap - 1);
    while (m->slots[j].key) {
        const xc_map_slot *s = &m->slots[j];
        if (s->hash == h && s->klen == klen && memcmp(s->key, key, klen) == 0) {
            if (value)
                *value = s->value;
            return true;
        }
        j = (j + 1) & (m->cap - 1);
    }
    return false;
}
