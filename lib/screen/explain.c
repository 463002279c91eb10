/*
 * Match explanations as JSON text.
 *
 * A compliance officer has to see why a party was flagged: which tokens
 * aligned with which and how (exact, fuzzy, phonetic, initial, merged),
 * which romanisation produced the keys, which tokens found no partner, the
 * legal forms set aside, and every penalty or bonus with its size. Keys are
 * written in a fixed order and numbers with fixed precision, so the same
 * match always explains itself byte for byte the same way.
 */
#include <string.h>
#include "screen_int.h"

/* JSON string; bytes that are not valid UTF-8 are written as \u00XX so
 * that the explanation is always valid JSON text. */
static int put_str(xc_buf *b, const char *s, size_t n)
{
    int rc = xc_buf_putc(b, '"');
    for (size_t i = 0; i < n && !rc; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            uint32_t cp;
            int k = xc_utf8_decode((const unsigned char *)s + i, n - i, &cp);
            if (k > 0) {
                rc = xc_buf_append(b, s + i, (size_t)k);
                i += (size_t)k - 1;
            } else {
                rc = xc_buf_printf(b, "\\u%04x", c);
            }
        } else if (c == '"' || c == '\\') {
            rc = xc_buf_putc(b, '\\');
            if (!rc)
                rc = xc_buf_putc(b, (char)c);
        } else if (c < 0x20) {
            rc = xc_buf_printf(b, "\\u%04x", c);
        } else {
            rc = xc_buf_putc(b, (char)c);
        }
    }
    return rc ? rc : xc_buf_putc(b, '"');
}

static const char *how_name(uint8_t h)
{
    switch (h) {
    case SCR_HOW_EXACT: return "exact";
    case SCR_HOW_FUZZY: return "fuzzy";
    case SCR_HOW_PHONETIC: return "phonetic";
    case SCR_HOW_INITIAL: return "initial";
    case SCR_HOW_HYPOCORISM: return "hypocorism";
    case SCR_HOW_ACRONYM: return "acronym";
    case SCR_HOW_LETTER: return "first letter";
    default: return "merged";
    }
}

static int put_span(xc_buf *b, const scr_var *v, int i, int j)
{
    char buf[4 * SCR_MAX_TOKLEN];
    size_t n = 0;
    int last = j >= 0 ? j : i;
    for (int k = i; k <= last && k < v->n; k++) {
        const char *s = v->t[k].disp ? v->t[k].disp : v->t[k].s;
        size_t l = strlen(s);
        if (n + l + 2 > sizeof buf)
            break;
        if (k > i)
            buf[n++] = ' ';
        memcpy(buf + n, s, l);
        n += l;
    }
    return put_str(b, buf, n);
}

static int put_legal(xc_buf *b, uint32_t legal)
{
    int rc = xc_buf_putc(b, '[');
    bool first = true;
    for (uint32_t bit = 1; bit <= SCR_LF_OTHER && !rc; bit <<= 1) {
        if (!(legal & bit))
            continue;
        if (!first)
            rc = xc_buf_putc(b, ',');
        first = false;
        const char *nm = scr_legal_name(bit);
        if (!rc)
            rc = put_str(b, nm, strlen(nm));
    }
    return rc ? rc : xc_buf_putc(b, ']');
}

static int put_unaligned(xc_buf *b, const scr_var *v, const scr_detail *d, bool query)
{
    int rc = xc_buf_putc(b, '[');
    bool first = true;
    for (int i = 0; i < v->n && !rc; i++) {
        bool used = false;
        for (int k = 0; k < d->nal && !used; k++) {
            const scr_align *a = &d->al[k];
            int lo = query ? a->qi : a->ci, hi = query ? a->qj : a->cj;
            used = i == lo || (hi >= 0 && i >= lo && i <= hi);
        }
        if (used)
            continue;
        if (!first)
            rc = xc_buf_putc(b, ',');
        first = false;
        const char *s = v->t[i].disp ? v->t[i].disp : v->t[i].s;
        if (!rc)
            rc = put_str(b, s, strlen(s));
    }
    return rc ? rc : xc_buf_putc(b, ']');
}

int scr_explain_json(xc_buf *b, const scr_pname *q, const scr_pname *c,
                     const scr_detail *d, const scr_adjust *adj, size_t n_adj,
                     double score)
{
    static const scr_var empty = {0};
    (void)q;
    (void)c;
    const scr_var *qv = d->qv ? d->qv : &empty;
    const scr_var *cv = d->cv ? d->cv : &empty;
    int rc = xc_buf_printf(b, "{\"score\":%.4f,\"name_score\":%.4f,", score,
                           (double)d->name_score);
    if (!rc)
        rc = xc_buf_printf(b, "\"query_key\":\"%s\",\"candidate_key\":\"%s\",\"aligned\":[",
                           scr_key_name(qv->key), scr_key_name(cv->key));
    for (int k = 0; k < d->nal && !rc; k++) {
        const scr_align *a = &d->al[k];
        if (k)
            rc = xc_buf_putc(b, ',');
        if (!rc)
            rc = xc_buf_puts(b, "{\"query\":");
        if (!rc)
            rc = put_span(b, qv, a->qi, a->qj);
        if (!rc)
            rc = xc_buf_puts(b, ",\"candidate\":");
        if (!rc)
            rc = put_span(b, cv, a->ci, a->cj);
        if (!rc)
            rc = xc_buf_printf(b, ",\"how\":\"%s\",\"similarity\":%.4f,\"weight\":%.4f}",
                               how_name(a->how), (double)a->sim, (double)a->w);
    }
    if (!rc)
        rc = xc_buf_puts(b, "],\"unmatched_query\":");
    if (!rc)
        rc = put_unaligned(b, qv, d, true);
    if (!rc)
        rc = xc_buf_puts(b, ",\"unmatched_candidate\":");
    if (!rc)
        rc = put_unaligned(b, cv, d, false);
    if (!rc)
        rc = xc_buf_puts(b, ",\"legal_forms_query\":");
    if (!rc)
        rc = put_legal(b, qv->legal);
    if (!rc)
        rc = xc_buf_puts(b, ",\"legal_forms_candidate\":");
    if (!rc)
        rc = put_legal(b, cv->legal);
    if (!rc)
        rc = xc_buf_puts(b, ",\"adjustments\":[");
    bool first = true;
    if (!rc && d->order_pen > 0.0f) {
        rc = xc_buf_printf(b, "{\"reason\":\"token_order\",\"delta\":%.4f}",
                           -(double)d->order_pen);
        first = false;
    }
    if (!rc && d->legal_pen > 0.0f) {
        rc = xc_buf_printf(b, "%s{\"reason\":\"legal_form_mismatch\",\"delta\":%.4f}",
                           first ? "" : ",", -(double)d->legal_pen);
        first = false;
    }
    for (size_t i = 0; i < n_adj && !rc; i++) {
        rc = xc_buf_printf(b, "%s{\"reason\":\"%s\",\"delta\":%.4f}", first ? "" : ",",
                           adj[i].reason, (double)adj[i].delta);
        first = false;
    }
    if (!rc)
        rc = xc_buf_puts(b, "]}");
    return rc;
}
