/*
 * controls — the US Commerce Control List from the parsed-CCL JSON.
 *
 * Each ECCN's `details` is markdown: the License Requirements table, the
 * list-based licence exceptions (LVS, GBS, ...) and, after "*Items:*", one
 * paragraph per line ("a.", "a.1.", "a.1.a. ..."). Italic lines between
 * paragraphs are notes, technical notes and decontrol notes; they belong to
 * the paragraph above them. Reasons for control come from the table rows
 * ("NS applies to 3A001.b.2 ... | NS Column 1."): a row naming paragraphs
 * applies to those paragraphs and their sub-paragraphs; a row naming none
 * applies to the whole entry. The EU/Wassenaar code is derived where the
 * numbering is shared (third digit 0–4, not a US-only x90 entry, not a .y/.z
 * paragraph).
 */
#define _GNU_SOURCE /* memmem */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cl.h"

#define MAX_ROWS 32

typedef struct reason_row {
    char reason[16];     /* "NS1", "RS", "AT1" */
    char refs[32][24];   /* paragraph suffixes "b.2", "z.1.a" */
    int n_refs;
} reason_row;

/* Paragraph label at the start of a line: "a.", "a.1.", "z.1.a." followed by
 * a space; letters and digits alternate. The source sometimes drops the
 * final dot of a multi-level label ("b.1 [Reserved]"), which is accepted
 * from the second level on. Returns the label length without the final dot
 * and sets *body to the offset of the text, or returns 0. */
static size_t para_label(const char *s, size_t n, size_t *body)
{
    size_t i = 0, last = 0;
    int want_letter = 1, level = 0;
    while (i < n) {
        size_t j = i;
        if (want_letter) {
            while (j < n && s[j] >= 'a' && s[j] <= 'z')
                j++;
            if (j - i != 1)
                break;
        } else {
            while (j < n && s[j] >= '0' && s[j] <= '9')
                j++;
            if (j == i || j - i > 3)
                break;
        }
        level++;
        if (level >= 2 && j < n && s[j] == ' ') {
            *body = j + 1;
            return j;
        }
        if (j >= n || s[j] != '.')
            break;
        last = j;
        i = j + 1;
        want_letter = !want_letter;
        if (i < n && s[i] == ' ') {
            *body = i + 1;
            return last;
        }
    }
    return 0;
}

static void add_ref(reason_row *r, const char *t, size_t n, bool qualified)
{
    while (n && (t[n - 1] == '.' || t[n - 1] == ',' || t[n - 1] == ';' || t[n - 1] == ')'))
        n--;
    if (n && t[0] == '.') {
        t++;
        n--;
    }
    if (n == 0 || n >= sizeof r->refs[0] || r->n_refs >= 32)
        return;
    if (!(t[0] >= 'a' && t[0] <= 'z') || (n > 1 && t[1] != '.'))
        return;
    if (n == 1 && !qualified)
        return; /* a bare letter is usually an article ("a"), not a paragraph */
    memcpy(r->refs[r->n_refs], t, n);
    r->refs[r->n_refs][n] = '\0';
    r->n_refs++;
}

static void parse_reason_row(const char *code, const char *c1, size_t n1, const char *c2,
                             size_t n2, reason_row *r)
{
    size_t i = 0;
    memset(r, 0, sizeof *r);
    while (i < n1 && i < 4 && c1[i] >= 'A' && c1[i] <= 'Z')
        i++;
    memcpy(r->reason, c1, i);
    const char *col = NULL;
    for (size_t k = 0; k + 7 < n2; k++)
        if (!memcmp(c2 + k, "Column ", 7)) {
            col = c2 + k + 7;
            break;
        }
    if (col && *col >= '1' && *col <= '9' && i + 1 < sizeof r->reason)
        r->reason[i] = *col;
    if (memmem(c1, n1, "entire entry", 12))
        return;
    /* tokens naming paragraphs: "3A001.b.2", "b.3", ".d", "z.1.a" */
    size_t cl = strlen(code);
    const char *p = c1, *end = c1 + n1;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == ','))
            p++;
        const char *t = p;
        while (p < end && *p != ' ' && *p != ',')
            p++;
        size_t tl = (size_t)(p - t);
        if (tl > cl + 1 && !memcmp(t, code, cl) && t[cl] == '.')
            add_ref(r, t + cl + 1, tl - cl - 1, true);
        else if (tl >= 2 && memchr(t, '.', tl) && !cl_is_eccn(t, tl))
            add_ref(r, t, tl, false);
    }
}

/* Does a row's scope cover paragraph suffix s ("b.2.a")? */
static bool row_covers(const reason_row *r, const char *s)
{
    if (r->n_refs == 0)
        return true;
    if (!s)
        return false;
    for (int i = 0; i < r->n_refs; i++) {
        size_t l = strlen(r->refs[i]);
        if (!strncmp(s, r->refs[i], l) && (s[l] == '\0' || s[l] == '.'))
            return true;
    }
    return false;
}

static int reasons_for(exctl_controls *c, const reason_row *rows, int n, const char *suffix,
                       const char **out)
{
    xc_buf b;
    xc_buf_init(&b);
    for (int i = 0; i < n; i++) {
        if (!rows[i].reason[0] || (suffix && !row_covers(&rows[i], suffix)))
            continue;
        bool dup = false;
        for (int j = 0; j < i && !dup; j++)
            dup = !strcmp(rows[j].reason, rows[i].reason) &&
                  (!suffix || row_covers(&rows[j], suffix));
        if (dup)
            continue;
        if (b.len)
            xc_buf_putc(&b, ' ');
        xc_buf_puts(&b, rows[i].reason);
    }
    *out = cl_str(c, xc_buf_cstr(&b), b.len);
    xc_buf_free(&b);
    return *out ? EXCTL_OK : EXCTL_ENOMEM;
}

static bool eu_shared(const char *code, const char *suffix)
{
    if (code[2] > '4')
        return false;
    if (code[3] == '9' && code[4] == '0')
        return false; /* x90: US-only entries (3A090, 4A090) */
    if (suffix && (suffix[0] == 'y' || suffix[0] == 'z'))
        return false;
    return true;
}

static int add_eccn_cps(exctl_controls *c, exctl_cl_entry *e, const char *eccn,
                        const char *suffix)
{
    static const char *regime[] = {"Wassenaar Arrangement", "MTCR", "NSG", "Australia Group",
                                   "CWC"};
    int rc = EXCTL_OK;
    if (eu_shared(eccn, suffix)) {
        rc = cl_add_cp(c, e, EXCTL_NUM_EU, e->code,
                       "shared numbering: EU 2021/821 Annex I / regime list");
        if (!rc && !suffix)
            rc = cl_add_cp(c, e, EXCTL_NUM_REGIME, regime[eccn[2] - '0'],
                           "ECCN third digit names the regime");
    }
    return rc;
}

/* Copy the text after "*KEY:*" up to the next "*Xxx:*" line. */
static const char *section(exctl_controls *c, const char *d, const char *key)
{
    const char *p = strstr(d, key);
    if (!p)
        return "";
    p += strlen(key);
    while (*p == ' ')
        p++;
    const char *e = p;
    for (;;) {
        const char *nl = strstr(e, "\n\n");
        if (!nl) {
            e += strlen(e);
            break;
        }
        const char *nx = nl + 2;
        if (*nx == '*' || !strncmp(nx, "List ", 5) || !strncmp(nx, "Special ", 8) || !*nx) {
            e = nl;
            break;
        }
        e = nx;
    }
    return cl_str(c, p, (size_t)(e - p));
}

static int append(exctl_controls *c, const char **field, const char *s, size_t n)
{
    xc_buf b;
    xc_buf_init(&b);
    if (**field) {
        xc_buf_puts(&b, *field);
        xc_buf_putc(&b, '\n');
    }
    xc_buf_append(&b, s, n);
    *field = cl_str(c, xc_buf_cstr(&b), b.len);
    xc_buf_free(&b);
    return *field ? EXCTL_OK : EXCTL_ENOMEM;
}

static int load_eccn(exctl_controls *c, const char *code, const char *desc, const char *d,
                     const char *path, exctl_errbuf *eb)
{
    reason_row rows[MAX_ROWS];
    int nrows = 0, rc;
    exctl_cl_entry *top, *cur;
    if ((rc = cl_add(c, EXCTL_NUM_US_ECCN, code, NULL, &top, eb)))
        return xc_err(eb, rc, "%s: ECCN %s appears twice", path, code);
    top->title = top->text = cl_str(c, desc, strlen(desc));
    top->lvs = section(c, d, "*LVS:*");
    top->gbs = section(c, d, "*GBS:*");
    /* License Requirements table */
    for (const char *p = d; (p = strstr(p, "\n| ")) != NULL;) {
        p += 3;
        const char *eol = strchr(p, '\n');
        if (!eol)
            eol = p + strlen(p);
        const char *bar = memchr(p, '|', (size_t)(eol - p));
        if (bar && nrows < MAX_ROWS && memmem(p, (size_t)(bar - p), " applie", 7)) {
            size_t n1 = (size_t)(bar - p);
            parse_reason_row(code, p, n1, bar + 1, (size_t)(eol - bar - 1), &rows[nrows]);
            nrows++;
        }
        p = eol;
    }
    if ((rc = reasons_for(c, rows, nrows, NULL, &top->reasons)) ||
        (rc = add_eccn_cps(c, top, code, NULL)))
        goto out;
    /* Items */
    /* the items start at "*Items:*" or "Items:"; some entries have neither
     * and start right after "List of Items Controlled" */
    const char *items = strstr(d, "*Items:*");
    cur = top;
    if (items)
        items += 8;
    else if ((items = strstr(d, "\nItems:")) != NULL)
        items += 7;
    else if ((items = strstr(d, "List of Items Controlled")) != NULL)
        items += 24;
    else
        goto out;
    for (const char *p = items; *p;) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        const char *line = p;
        p = eol ? eol + 1 : p + n;
        if (n == 0)
            continue;
        size_t body_off = 0;
        size_t ll = para_label(line, n, &body_off);
        if (ll == 0) {
            if ((rc = append(c, cur == top ? &top->text : &cur->notes, line, n)))
                goto out;
            continue;
        }
        char full[96], parent_code[96];
        if (strlen(code) + 1 + ll >= sizeof full)
            return xc_err(eb, EXCTL_ETOOBIG, "%s: %s: paragraph label too long", path, code);
        snprintf(full, sizeof full, "%s.%.*s", code, (int)ll, line);
        snprintf(parent_code, sizeof parent_code, "%s", full);
        char *dot = strrchr(parent_code, '.');
        *dot = '\0';
        exctl_cl_entry *parent = cl_get_mut(c, parent_code);
        if (!parent)
            parent = top;
        exctl_cl_entry *e;
        if (cl_get_mut(c, full)) {
            /* repeated label (the source repeats some notes' lists): keep as text */
            if ((rc = append(c, &cur->notes, line, n)))
                goto out;
            continue;
        }
        if ((rc = cl_add(c, EXCTL_NUM_US_ECCN, full, parent, &e, eb)))
            goto out;
        const char *body = line + body_off;
        size_t bl = n - body_off;
        e->text = cl_str(c, body, bl);
        e->title = e->text;
        if (!e->text || (rc = reasons_for(c, rows, nrows, full + strlen(code) + 1, &e->reasons)) ||
            (rc = add_eccn_cps(c, e, code, full + strlen(code) + 1)))
            goto out;
        cur = e;
    }
out:
    if (rc == EXCTL_ENOMEM)
        xc_err(eb, rc, "out of memory");
    return rc;
}

int cl_load_ccl(exctl_controls *c, const char *path, exctl_errbuf *eb)
{
    char *data = NULL;
    size_t len = 0;
    json_t *root = NULL;
    json_error_t je;
    int rc = xc_read_file(path, &data, &len, eb);
    if (rc)
        goto out;
    root = json_loadb(data, len, 0, &je);
    if (!root) {
        rc = xc_err(eb, EXCTL_EPARSE, "%s:%d: %s", path, je.line, je.text);
        goto out;
    }
    if (!json_is_array(root)) {
        rc = xc_err(eb, EXCTL_EFORMAT, "%s: expected an array of categories", path);
        goto out;
    }
    size_t ci, gi, ei, notes = 0;
    json_t *cat, *grp, *ec;
    json_array_foreach(root, ci, cat) {
        json_array_foreach(json_object_get(cat, "product_groups"), gi, grp) {
            json_array_foreach(json_object_get(grp, "eccn"), ei, ec) {
                const char *code = json_string_value(json_object_get(ec, "code"));
                const char *desc = json_string_value(json_object_get(ec, "description"));
                const char *det = json_string_value(json_object_get(ec, "details"));
                char codebuf[32];
                if (!code || !desc || !det) {
                    rc = xc_err(eb, EXCTL_EPARSE,
                                "%s: category %zu group %zu ECCN %zu: code, description and "
                                "details required", path, ci, gi, ei);
                    goto out;
                }
                if (!strcmp(code, "ECCN") && cl_is_eccn(desc, strlen(desc)) && desc[5] == ' ') {
                    /* source quirk: the code was left in the description */
                    snprintf(codebuf, sizeof codebuf, "%.5s", desc);
                    code = codebuf;
                    desc += 6;
                } else if (!cl_is_eccn(code, strlen(code)) || strlen(code) != 5) {
                    /* a category-level text such as the Technical Note on APP */
                    snprintf(codebuf, sizeof codebuf, "CCL-%zu-NOTE-%zu", ci, ++notes);
                    exctl_cl_entry *e;
                    if ((rc = cl_add(c, EXCTL_NUM_US_ECCN, codebuf, NULL, &e, eb)))
                        goto out;
                    e->title = cl_str(c, desc, strlen(desc));
                    e->text = cl_str(c, det, strlen(det));
                    if (!e->title || !e->text) {
                        rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
                        goto out;
                    }
                    continue;
                }
                if ((rc = load_eccn(c, code, desc, det, path, eb)))
                    goto out;
            }
        }
    }
    c->version[EXCTL_NUM_US_ECCN] = "15 CFR 774 Supp. 1 (Commerce Control List), parsed 2025-07";
    c->version[EXCTL_NUM_EU] = "EU 2021/821 Annex I codes derived from the shared numbering";
out:
    json_decref(root);
    free(data);
    return rc;
}
