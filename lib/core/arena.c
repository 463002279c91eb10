/*
 * Bump allocator. Blocks grow geometrically up to 1 MiB; a request larger
 * than a block gets a block of its own. Nothing is freed individually.
 */
#include <stdlib.h>
#include <string.h>
#include "core.h"

struct xc_arena_block {
    xc_arena_block *next;
    size_t size, used;
    max_align_t data[];
};

#define XC_ARENA_MIN 4096
#define XC_ARENA_MAX (1u << 20)

void xc_arena_init(xc_arena *a)
{
    a->head = NULL;
    a->used_total = 0;
}

void xc_arena_free(xc_arena *a)
{
    if (!a)
        return;
    xc_arena_block *b = a->head;
    while (b) {
        xc_arena_block *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
    a->used_total = 0;
}

void *xc_arena_alloc(xc_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (n == 0)
        n = 8;
    xc_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t sz = b ? b->size * 2 : XC_ARENA_MIN;
        if (sz > XC_ARENA_MAX)
            sz = XC_ARENA_MAX;
        if (sz < n)
            sz = n;
        xc_arena_block *nb = malloc(sizeof *nb + sz);
        if (!nb)
            return NULL;
        nb->size = sz;
        nb->used = 0;
        if (b && sz == n && b->size - b->used > 256) {
            /* A large one-off request: keep filling the current block. */
            nb->next = b->next;
            b->next = nb;
            nb->used = n;
            a->used_total += n;
            memset(nb->data, 0, n);
            return nb->data;
        }
        nb->next = b;
        a->head = b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    a->used_total += n;
    memset(p, 0, n);
    return p;
}

void xc_arena_adopt(xc_arena *dst, xc_arena *src)
{
    if (!src->head)
        return;
    if (!dst->head) {
        dst->head = src->head;
    } else {
        /* dst->head stays the block being filled; src's blocks go after it. */
        xc_arena_block *tail = src->head;
        while (tail->next)
            tail = tail->next;
        tail->next = dst->head->next;
        dst->head->next = src->head;
    }
    dst->used_total += src->used_total;
    src->head = NULL;
    src->used_total = 0;
}

char *xc_arena_strndup(xc_arena *a, const char *s, size_t n)
{
    char *p = xc_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xc_arena_strdup(xc_arena *a, const char *s)
{
    return xc_arena_strndup(a, s, strlen(s));
}
