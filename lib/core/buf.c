/*
 * Growable byte buffer. Capacity doubles; all appends check for overflow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"

void xc_buf_init(xc_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void xc_buf_free(xc_buf *b)
{
    if (!b)
        return;
    free(b->data);
    xc_buf_init(b);
}

int xc_buf_reserve(xc_buf *b, size_t extra)
{
    if (extra > SIZE_MAX / 2 - b->len)
        return EXCTL_ENOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return EXCTL_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return EXCTL_ENOMEM;
    b->data = p;
    b->cap = cap;
    return EXCTL_OK;
}

int xc_buf_append(xc_buf *b, const void *p, size_t n)
{
    int rc = xc_buf_reserve(b, n);
    if (rc)
        return rc;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return EXCTL_OK;
}

int xc_buf_puts(xc_buf *b, const char *s)
{
    return xc_buf_append(b, s, strlen(s));
}

int xc_buf_putc(xc_buf *b, char c)
{
    return xc_buf_append(b, &c, 1);
}

int xc_buf_printf(xc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return EXCTL_EINVAL;
    int rc = xc_buf_reserve(b, (size_t)n);
    if (rc)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return EXCTL_OK;
}

const char *xc_buf_cstr(xc_buf *b)
{
    if (!b->data)
        return "";
    b->data[b->len] = '\0';
    return b->data;
}

char *xc_buf_steal(xc_buf *b)
{
    char *p = b->data;
    if (!p) {
        p = malloc(1);
        if (p)
            *p = '\0';
    }
    xc_buf_init(b);
    return p;
}
