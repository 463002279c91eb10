/*
 * OFAC legacy CSV set ("ofac-csv"): sdn.csv / cons_prim.csv plus the
 * add/alt/comments siblings, joined on ent_num.
 *
 * The main file is headerless with twelve columns; "-0-" (often followed by a
 * space) is OFAC's null. The Remarks column is cut at a fixed width and its
 * continuation lives in the comments file, so comments are read first and
 * appended before Remarks is parsed: a passport number split across the two
 * files must come out whole.
 *
 * Remarks are a "; "-separated sequence of "Label value (Country)" items.
 * The parser recognises the labels that carry screening evidence (dates and
 * places of birth, nationality, identifiers, gender, weak a.k.a.s) from a
 * table; everything else stays in the verbatim remark, which is always kept,
 * so nothing in the source is lost. In the legacy CSV, strong aliases are in
 * alt.csv and the low-quality ones only in Remarks ("a.k.a. 'X'"), hence the
 * latter become weak a.k.a.s.
 *
 * Names are stored as OFAC writes them ("LAST, First"): reordering is the
 * screening engine's job, and an extra natural-order alias would inflate
 * name counts without adding information.
 *
 * Siblings are optional: the 2024 SDN snapshot ships alone. A sibling row
 * naming an unknown ent_num is a malformed record (reported, or skipped and
 * counted with --lenient), never silently ignored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"

enum { C_ENT, C_NAME, C_TYPE, C_PROG, C_TITLE, C_CALL, C_VTYPE, C_TONNAGE, C_GRT,
       C_VFLAG, C_VOWNER, C_REMARKS, C_NCOLS };

/* Field i without OFAC's "-0-" null marker and surrounding blanks. */
static const char *fld(const xc_csv *c, size_t i, size_t *n)
{
    const char *s = xc_csv_field(c, i, n);
    s = xc_trim(s, n);
    if (*n == 3 && memcmp(s, "-0-", 3) == 0)
        *n = 0;
    return s;
}

static bool record_utf8(const xc_csv *c)
{
    for (size_t i = 0; i < c->nfields; i++) {
        size_t n;
        const char *s = xc_csv_field(c, i, &n);
        if (!xc_utf8_valid(s, n))
            return false;
    }
    return true;
}

static bool is_uint(const char *s, size_t n)
{
    if (!n || n > 12)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* --- Remarks ------------------------------------------------------------ */

enum { R_DOB, R_POB, R_NAT, R_CIT, R_GENDER, R_AKA, R_FKA, R_NKA, R_CRYPTO, R_ID };

typedef struct remark_rule {
    const char *label;     /* including the trailing space */
    uint8_t what;          /* R_* */
    uint8_t id_type;       /* exctl_id_type for R_ID */
    bool keep_label;       /* label becomes the identifier's note */
} remark_rule;

/* Longer labels first where one is a prefix of another. */
static const remark_rule rules[] = {
    {"DOB ", R_DOB, 0, false},
    {"POB ", R_POB, 0, false},
    {"nationality ", R_NAT, 0, false},
    {"citizen ", R_CIT, 0, false},
    {"Gender ", R_GENDER, 0, false},
    {"a.k.a. ", R_AKA, 0, false},
    {"f.k.a. ", R_FKA, 0, false},
    {"n.k.a. ", R_NKA, 0, false},
    {"Digital Currency Address - ", R_CRYPTO, 0, false},
    {"Vessel Registration Identification IMO ", R_ID, EXCTL_ID_IMO, false},
    {"Identification Number IMO ", R_ID, EXCTL_ID_IMO, false},
    {"IMO ", R_ID, EXCTL_ID_IMO, false},
    {"MMSI ", R_ID, EXCTL_ID_OTHER, true},
    {"SWIFT/BIC ", R_ID, EXCTL_ID_SWIFT_BIC, false},
    {"Diplomatic Passport ", R_ID, EXCTL_ID_PASSPORT, true},
    {"Passport ", R_ID, EXCTL_ID_PASSPORT, false},
    {"National ID No. ", R_ID, EXCTL_ID_NATIONAL, false},
    {"Personal ID Card ", R_ID, EXCTL_ID_NATIONAL, true},
    {"Cedula No. ", R_ID, EXCTL_ID_NATIONAL, true},
    {"C.U.R.P. ", R_ID, EXCTL_ID_NATIONAL, true},
    {"D.N.I. ", R_ID, EXCTL_ID_NATIONAL, true},
    {"SSN ", R_ID, EXCTL_ID_NATIONAL, true},
    {"Identification Number ", R_ID, EXCTL_ID_OTHER, true},
    {"Tax ID No. ", R_ID, EXCTL_ID_TAX, false},
    {"R.F.C. ", R_ID, EXCTL_ID_TAX, true},
    {"NIT # ", R_ID, EXCTL_ID_TAX, true},
    {"RUC # ", R_ID, EXCTL_ID_TAX, true},
    {"V.A.T. Number ", R_ID, EXCTL_ID_TAX, true},
    {"Unified Social Credit Code (USCC) ", R_ID, EXCTL_ID_REGISTRATION, true},
    {"Business Registration Number ", R_ID, EXCTL_ID_REGISTRATION, true},
    {"Commercial Registry Number ", R_ID, EXCTL_ID_REGISTRATION, true},
    {"Registration Number ", R_ID, EXCTL_ID_REGISTRATION, false},
    {"Registration ID ", R_ID, EXCTL_ID_REGISTRATION, true},
    {"Company Number ", R_ID, EXCTL_ID_REGISTRATION, true},
    {"Legal Entity Number ", R_ID, EXCTL_ID_REGISTRATION, true},
    {"Government Gazette Number ", R_ID, EXCTL_ID_REGISTRATION, true},
    {"Folio Mercantil No. ", R_ID, EXCTL_ID_REGISTRATION, true},
    {"Aircraft Tail Number ", R_ID, EXCTL_ID_AIRCRAFT, false},
    {"Aircraft Manufacturer's Serial Number (MSN) ", R_ID, EXCTL_ID_AIRCRAFT, true},
};

/* "Label VALUE (Country) issued 1 Jan 2000 expires ..." -> parts. */
static int add_ident(exctl_entity *e, const remark_rule *r, const char *s, size_t n,
                     xc_buf *note)
{
    size_t vend = n;
    const char *p = memchr(s, '(', n);
    if (p)
        vend = (size_t)(p - s);
    static const char *const cuts[] = {" issued ", " expires ", " Issued "};
    for (size_t i = 0; i < XC_ARRAY_LEN(cuts); i++) {
        const char *q = strstr(s, cuts[i]);
        if (q && (size_t)(q - s) < vend)
            vend = (size_t)(q - s);
    }
    size_t vn = vend;
    const char *v = xc_trim(s, &vn);
    if (!vn)
        return EXCTL_OK;
    char country[128] = "";
    size_t rest = vend;
    if (p && (size_t)(p - s) == vend) {
        const char *close = memchr(p, ')', n - vend);
        if (close) {
            size_t cn = (size_t)(close - p - 1);
            if (cn < sizeof country) {
                memcpy(country, p + 1, cn);
                country[cn] = '\0';
            }
            rest = (size_t)(close - s) + 1;
        }
    }
    note->len = 0;
    int rc = EXCTL_OK;
    if (r->keep_label)
        rc = xc_buf_append(note, r->label, strlen(r->label) - 1);
    size_t en = n - rest;
    const char *extra = xc_trim(s + rest, &en);
    if (!rc && en) {
        if (note->len)
            rc = xc_buf_puts(note, "; ");
        if (!rc)
            rc = xc_buf_append(note, extra, en);
    }
    if (rc)
        return rc;
    return xc_ent_ident(e, (exctl_id_type)r->id_type, v, vn, country, xc_buf_cstr(note));
}

/* Country named at the end of a place ("Tehran, Iran"), when recognised. */
static int add_birth_country(exctl_entity *e, const char *s, size_t n)
{
    const char *comma = NULL;
    for (size_t i = n; i > 0; i--) {
        if (s[i - 1] == ',') {
            comma = s + i;
            break;
        }
    }
    const char *c = comma ? comma : s;
    size_t cn = n - (size_t)(c - s);
    c = xc_trim(c, &cn);
    if (cn && xc_country_code(c, cn))
        return xc_ent_country(e, EXCTL_COUNTRY_BIRTH, c, cn);
    return EXCTL_OK;
}

static int add_date(exctl_entity *e, const char *s, size_t n)
{
    return xc_ent_birth_date(e, s, n, false);
}

static int add_quoted_name(exctl_entity *e, exctl_name_kind k, const char *s, size_t n)
{
    if (n >= 2 && s[0] == '\'' && s[n - 1] == '\'') {
        s++;
        n -= 2;
    }
    return xc_ent_name(e, k, s, n, NULL);
}

static int remark_item(exctl_entity *e, const char *s, size_t n, xc_buf *note)
{
    if (n > 5 && memcmp(s, "alt. ", 5) == 0) {
        s += 5;
        n -= 5;
    }
    for (size_t i = 0; i < XC_ARRAY_LEN(rules); i++) {
        const remark_rule *r = &rules[i];
        size_t ln = strlen(r->label);
        if (n <= ln || memcmp(s, r->label, ln) != 0)
            continue;
        const char *v = s + ln;
        size_t vn = n - ln;
        v = xc_trim(v, &vn);
        switch (r->what) {
        case R_DOB: return add_date(e, v, vn);
        case R_POB: {
            int rc = xc_ent_field(e, EXCTL_FIELD_BIRTH_PLACE, v, vn);
            return rc ? rc : add_birth_country(e, v, vn);
        }
        case R_NAT: return xc_ent_country(e, EXCTL_COUNTRY_NATIONALITY, v, vn);
        case R_CIT: return xc_ent_country(e, EXCTL_COUNTRY_CITIZENSHIP, v, vn);
        case R_GENDER:
            if (vn == 4 && !memcmp(v, "Male", 4))
                return xc_ent_field(e, EXCTL_FIELD_GENDER, "male", 4);
            if (vn == 6 && !memcmp(v, "Female", 6))
                return xc_ent_field(e, EXCTL_FIELD_GENDER, "female", 6);
            return xc_ent_field(e, EXCTL_FIELD_GENDER, v, vn);
        case R_AKA: return add_quoted_name(e, EXCTL_NAME_WEAK_AKA, v, vn);
        case R_FKA: return add_quoted_name(e, EXCTL_NAME_FKA, v, vn);
        case R_NKA: return add_quoted_name(e, EXCTL_NAME_AKA, v, vn);
        case R_CRYPTO: {
            /* "XBT 1abc..." : currency code, then the address. */
            const char *sp = memchr(v, ' ', vn);
            if (!sp)
                return xc_ent_ident(e, EXCTL_ID_CRYPTO, v, vn, NULL, NULL);
            char cur[16];
            size_t cl = (size_t)(sp - v);
            if (cl >= sizeof cur)
                cl = sizeof cur - 1;
            memcpy(cur, v, cl);
            cur[cl] = '\0';
            size_t an = vn - (size_t)(sp + 1 - v);
            return xc_ent_ident(e, EXCTL_ID_CRYPTO, sp + 1, an, NULL, cur);
        }
        default: return add_ident(e, r, v, vn, note);
        }
    }
    return EXCTL_OK;
}

/* Parse the whole Remarks text (NUL-terminated) into fields. */
static int parse_remarks(exctl_entity *e, const char *s, size_t n, xc_buf *note)
{
    int rc = xc_ent_field(e, EXCTL_FIELD_REMARK, s, n);
    size_t i = 0;
    while (!rc && i < n) {
        size_t j = i;
        bool quoted = false;
        /* Split on ';' outside single-quoted aliases ("a.k.a. 'A; B'"). */
        while (j < n && (s[j] != ';' || quoted)) {
            if (s[j] == '\'') {
                if (!quoted && (j == i || s[j - 1] == ' '))
                    quoted = true;
                else if (quoted && (j + 1 >= n || s[j + 1] == ';' || s[j + 1] == '.' ||
                                    s[j + 1] == ',' || s[j + 1] == ' '))
                    quoted = false;
            }
            j++;
        }
        size_t len = j - i;
        const char *item = xc_trim(s + i, &len);
        /* The final item carries the sentence's full stop. */
        if (j >= n && len && item[len - 1] == '.')
            len--;
        if (len) {
            /* add_ident uses strstr: give it a terminated copy. */
            char buf[2048];
            if (len < sizeof buf) {
                memcpy(buf, item, len);
                buf[len] = '\0';
                rc = remark_item(e, buf, len, note);
            }
        }
        i = j + 1;
    }
    return rc;
}

/* --- files ---------------------------------------------------------------- */

typedef struct ofac_set {
    char *add, *alt, *comments;   /* sibling paths that exist, or NULL */
} ofac_set;

static void set_free(ofac_set *s)
{
    free(s->add);
    free(s->alt);
    free(s->comments);
}

/* Sibling path: the main path with its "<stem>.csv[.gz]" tail replaced. */
static char *sibling(const char *path, size_t stem_at, size_t stem_len, const char *name)
{
    const char *tail = path + stem_at + stem_len;   /* ".csv" or ".csv.gz" */
    size_t pre = stem_at, nl = strlen(name), tl = strlen(tail);
    char *p = malloc(pre + nl + tl + 1);
    if (!p)
        return NULL;
    memcpy(p, path, pre);
    memcpy(p + pre, name, nl);
    memcpy(p + pre + nl, tail, tl + 1);
    if (!xc_file_exists(p)) {
        free(p);
        return NULL;
    }
    return p;
}

static void find_siblings(const char *path, ofac_set *s)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *ext = strstr(base, ".csv");
    if (!ext || (strcmp(ext, ".csv") && strcmp(ext, ".csv.gz")))
        return;
    size_t bl = (size_t)(ext - base);
    static const struct { const char *stem, *add, *alt, *com; } sets[] = {
        {"sdn", "add", "alt", "sdn_comments"},
        {"cons_prim", "cons_add", "cons_alt", "cons_comments"},
    };
    for (size_t i = 0; i < XC_ARRAY_LEN(sets); i++) {
        size_t sl = strlen(sets[i].stem);
        if (bl < sl || memcmp(ext - sl, sets[i].stem, sl))
            continue;
        if (bl > sl && ext[-(ptrdiff_t)sl - 1] != '_')
            continue;
        size_t at = (size_t)(ext - sl - path);
        s->add = sibling(path, at, sl, sets[i].add);
        s->alt = sibling(path, at, sl, sets[i].alt);
        s->comments = sibling(path, at, sl, sets[i].com);
        return;
    }
}

/* Comments: rows of (ent_num, continuation text); a few hundred at most, so
 * a flat buffer of "key\0text\0" pairs scanned linearly is enough. */
typedef struct comments {
    xc_buf store;
    char *data;
} comments;

static void comments_free(comments *cm)
{
    xc_buf_free(&cm->store);
    free(cm->data);
}

static int read_comments(xc_load *ctx, const char *path, comments *cm)
{
    size_t len = 0;
    int rc = xc_load_sibling(ctx, path, &cm->data, &len), r;
    if (rc)
        return rc;
    xc_csv c;
    xc_csv_init(&c, cm->data, len, ',');
    while ((r = xc_csv_next(&c, path, ctx->eb)) > 0) {
        ctx->list->rows++;
        size_t kn, tn;
        const char *k = fld(&c, 0, &kn);
        const char *t = xc_csv_field(&c, 1, &tn);
        int bad = c.nfields != 2 || !is_uint(k, kn) ? EXCTL_EPARSE
                  : !record_utf8(&c)                ? EXCTL_EUTF8
                                                    : 0;
        if (bad) {
            const char *saved = ctx->path;
            ctx->path = path;
            rc = xc_load_bad(ctx, c.line, bad, "%s",
                             bad == EXCTL_EUTF8 ? "invalid UTF-8" : "malformed comments row");
            ctx->path = saved;
            if (rc)
                goto out;
            continue;
        }
        if ((rc = xc_buf_append(&cm->store, k, kn)) || (rc = xc_buf_putc(&cm->store, '\0')) ||
            (rc = xc_buf_append(&cm->store, t, tn)) || (rc = xc_buf_putc(&cm->store, '\0')))
            goto out;
    }
    if (r < 0)
        rc = -r;
out:
    xc_csv_free(&c);
    return rc;
}

/* Append every comment of ent_num to b, in file order. */
static int comments_append(const comments *cm, const char *k, size_t kn, xc_buf *b)
{
    size_t i = 0;
    while (i < cm->store.len) {
        const char *key = cm->store.data + i;
        size_t kl = strlen(key);
        const char *text = key + kl + 1;
        size_t tl = strlen(text);
        if (kl == kn && !memcmp(key, k, kn)) {
            int rc = xc_buf_append(b, text, tl);
            if (rc)
                return rc;
        }
        i += kl + 1 + tl + 1;
    }
    return EXCTL_OK;
}

static int set_schema(exctl_entity *e, const char *t, size_t n)
{
    if (n == 0)
        e->schema = EXCTL_SCHEMA_ORGANIZATION;
    else if (n == 10 && !memcmp(t, "individual", 10))
        e->schema = EXCTL_SCHEMA_PERSON;
    else if (n == 6 && !memcmp(t, "vessel", 6))
        e->schema = EXCTL_SCHEMA_VESSEL;
    else if (n == 8 && !memcmp(t, "aircraft", 8))
        e->schema = EXCTL_SCHEMA_AIRCRAFT;
    else
        return EXCTL_EPARSE;
    return EXCTL_OK;
}

/* Programs look like "SDGT] [IFSR": one bracketed list flattened. */
static int add_programs(exctl_entity *e, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ']' && s[j] != '[')
            j++;
        size_t len = j - i;
        const char *p = xc_trim(s + i, &len);
        if (len) {
            int rc = xc_ent_field(e, EXCTL_FIELD_PROGRAM, p, len);
            if (rc)
                return rc;
        }
        i = j + 1;
    }
    return EXCTL_OK;
}

static int main_record(xc_load *ctx, xc_csv *c, const comments *cm, xc_buf *rem,
                       xc_buf *note)
{
    size_t n;
    const char *id = fld(c, C_ENT, &n);
    if (c->nfields != C_NCOLS)
        return xc_load_bad(ctx, c->line, EXCTL_EPARSE, "expected %d fields, found %zu",
                           C_NCOLS, c->nfields);
    if (!is_uint(id, n))
        return xc_load_bad(ctx, c->line, EXCTL_EPARSE, "ent_num is not a number");
    if (!record_utf8(c))
        return xc_load_bad(ctx, c->line, EXCTL_EUTF8, "invalid UTF-8");
    size_t tn;
    const char *type = fld(c, C_TYPE, &tn);
    exctl_entity probe = {0};
    if (set_schema(&probe, type, tn))
        return xc_load_bad(ctx, c->line, EXCTL_EPARSE, "unknown SDN_Type '%.*s'",
                           (int)(tn > 40 ? 40 : tn), type);
    bool created;
    exctl_entity *e = xc_ent_get(ctx->list, id, n, &created);
    if (!e)
        return EXCTL_ENOMEM;
    if (!created)
        return xc_load_bad(ctx, c->line, EXCTL_EPARSE, "duplicate ent_num %.*s", (int)n, id);
    e->schema = probe.schema;
    int rc;
    const char *s = fld(c, C_NAME, &n);
    if (!n) {
        xc_ent_drop_last(ctx->list);
        return xc_load_bad(ctx, c->line, EXCTL_EPARSE, "empty SDN_Name");
    }
    if ((rc = xc_ent_name(e, EXCTL_NAME_PRIMARY, s, n, NULL)))
        return rc;
    s = fld(c, C_PROG, &n);
    if ((rc = add_programs(e, s, n)))
        return rc;
    s = fld(c, C_TITLE, &n);
    if ((rc = xc_ent_field(e, EXCTL_FIELD_TITLE, s, n)))
        return rc;
    s = fld(c, C_CALL, &n);
    if ((rc = xc_ent_ident(e, EXCTL_ID_CALL_SIGN, s, n, NULL, NULL)))
        return rc;
    s = fld(c, C_VFLAG, &n);
    if ((rc = xc_ent_country(e, EXCTL_COUNTRY_FLAG, s, n)))
        return rc;
    static const struct { int col; const char *label; } extra[] = {
        {C_VTYPE, "Vessel type: "}, {C_TONNAGE, "Tonnage: "}, {C_GRT, "GRT: "},
        {C_VOWNER, "Vessel owner: "},
    };
    for (size_t i = 0; i < XC_ARRAY_LEN(extra); i++) {
        s = fld(c, (size_t)extra[i].col, &n);
        if (!n)
            continue;
        rem->len = 0;
        if ((rc = xc_buf_puts(rem, extra[i].label)) || (rc = xc_buf_append(rem, s, n)) ||
            (rc = xc_ent_field(e, EXCTL_FIELD_REMARK, rem->data, rem->len)))
            return rc;
    }
    rem->len = 0;
    s = fld(c, C_REMARKS, &n);
    if ((rc = xc_buf_append(rem, s, n)))
        return rc;
    id = fld(c, C_ENT, &n);
    if (cm && (rc = comments_append(cm, id, n, rem)))
        return rc;
    if (rem->len && (rc = parse_remarks(e, xc_buf_cstr(rem), rem->len, note))) {
        if (rc == EXCTL_EUTF8 || rc == EXCTL_EPARSE)
            return xc_load_bad(ctx, c->line, rc, "bad remarks (with comments)");
        return rc;
    }
    return EXCTL_OK;
}

/* Rows of add/alt siblings: the owning entity must exist. */
static exctl_entity *sibling_owner(xc_load *ctx, xc_csv *c, const char *file,
                                   size_t ncols, int *rc)
{
    size_t n;
    const char *id = fld(c, 0, &n);
    *rc = EXCTL_OK;
    const char *why = NULL;
    int code = EXCTL_EPARSE;
    exctl_entity *e = NULL;
    if (c->nfields != ncols)
        why = "wrong number of fields";
    else if (!is_uint(id, n))
        why = "ent_num is not a number";
    else if (!record_utf8(c)) {
        why = "invalid UTF-8";
        code = EXCTL_EUTF8;
    } else if (!(e = xc_ent_find(ctx->list, id, n)))
        why = "ent_num not in the main file";
    if (!why)
        return e;
    const char *saved = ctx->path;
    ctx->path = file;
    *rc = xc_load_bad(ctx, c->line, code, "%s", why);
    ctx->path = saved;
    return NULL;
}

static int read_add(xc_load *ctx, const char *path, xc_buf *b)
{
    char *data = NULL;
    size_t len = 0;
    xc_csv c;
    int rc = xc_load_sibling(ctx, path, &data, &len), r;
    if (rc)
        return rc;
    xc_csv_init(&c, data, len, ',');
    while ((r = xc_csv_next(&c, path, ctx->eb)) > 0) {
        ctx->list->rows++;
        exctl_entity *e = sibling_owner(ctx, &c, path, 6, &rc);
        if (rc)
            goto out;
        if (!e)
            continue;
        b->len = 0;
        for (size_t i = 2; i <= 4 && !rc; i++) {
            size_t n;
            const char *s = fld(&c, i, &n);
            if (!n)
                continue;
            if (b->len)
                rc = xc_buf_puts(b, ", ");
            if (!rc)
                rc = xc_buf_append(b, s, n);
        }
        size_t rn;
        const char *r5 = fld(&c, 5, &rn);
        if (!rc && rn) {
            rc = xc_buf_puts(b, b->len ? " (" : "(");
            if (!rc && !(rc = xc_buf_append(b, r5, rn)))
                rc = xc_buf_putc(b, ')');
        }
        if (!rc && b->len)
            rc = xc_ent_field(e, EXCTL_FIELD_ADDRESS, b->data, b->len);
        size_t cn;
        const char *cty = fld(&c, 4, &cn);
        if (!rc)
            rc = xc_ent_country(e, EXCTL_COUNTRY_ADDRESS, cty, cn);
        if (rc)
            goto out;
    }
    if (r < 0)
        rc = -r;
out:
    xc_csv_free(&c);
    free(data);
    return rc;
}

static int read_alt(xc_load *ctx, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    xc_csv c;
    int rc = xc_load_sibling(ctx, path, &data, &len), r;
    if (rc)
        return rc;
    xc_csv_init(&c, data, len, ',');
    while ((r = xc_csv_next(&c, path, ctx->eb)) > 0) {
        ctx->list->rows++;
        exctl_entity *e = sibling_owner(ctx, &c, path, 5, &rc);
        if (rc)
            goto out;
        if (!e)
            continue;
        size_t tn, n;
        const char *t = fld(&c, 2, &tn);
        const char *s = fld(&c, 3, &n);
        exctl_name_kind k = EXCTL_NAME_AKA;
        if (tn == 3 && !memcmp(t, "fka", 3))
            k = EXCTL_NAME_FKA;
        if ((rc = xc_ent_name(e, k, s, n, NULL)))
            goto out;
    }
    if (r < 0)
        rc = -r;
out:
    xc_csv_free(&c);
    free(data);
    return rc;
}

static int load(xc_load *ctx)
{
    ofac_set set = {0};
    comments cm = {0};
    xc_buf rem, note;
    xc_buf_init(&rem);
    xc_buf_init(&note);
    xc_buf_init(&cm.store);
    xc_csv c;
    xc_csv_init(&c, ctx->data, ctx->len, ',');
    int rc = EXCTL_OK, r;
    find_siblings(ctx->path, &set);
    if (set.comments && (rc = read_comments(ctx, set.comments, &cm)))
        goto out;
    while ((r = xc_csv_next(&c, ctx->path, ctx->eb)) > 0) {
        ctx->list->rows++;
        if ((rc = main_record(ctx, &c, set.comments ? &cm : NULL, &rem, &note))) {
            if (rc == EXCTL_ENOMEM)
                xc_err(ctx->eb, rc, "%s:%zu: out of memory", ctx->path, c.line);
            goto out;
        }
    }
    if (r < 0) {
        rc = -r;
        goto out;
    }
    if (set.add && (rc = read_add(ctx, set.add, &rem)))
        goto out;
    if (set.alt && (rc = read_alt(ctx, set.alt)))
        goto out;
    if (ctx->list->n_ents == 0)
        rc = xc_load_bad(ctx, 0, EXCTL_EPARSE, "no entries");
out:
    xc_csv_free(&c);
    comments_free(&cm);
    set_free(&set);
    xc_buf_free(&rem);
    xc_buf_free(&note);
    return rc;
}

/* Headerless: 1st field an integer, 3rd one of OFAC's SDN_Type values. */
static int sniff(const char *path, const char *data, size_t len)
{
    (void)path;
    size_t lim = len < 4095 ? len : 4095;
    const char *eol = memchr(data, '\n', lim);
    size_t ln = eol ? (size_t)(eol - data) : lim;
    char line[4096];
    memcpy(line, data, ln);
    line[ln] = '\0';
    xc_csv c;
    xc_csv_init(&c, line, ln, ',');
    exctl_errbuf eb;
    int score = 0;
    if (xc_csv_next(&c, "", &eb) > 0 && c.nfields == C_NCOLS) {
        size_t n, tn;
        const char *id = xc_trim(xc_csv_field(&c, 0, &n), &n);
        const char *t = xc_trim(xc_csv_field(&c, 2, &tn), &tn);
        static const char *const types[] = {"individual", "vessel", "aircraft", "-0-"};
        for (size_t i = 0; i < XC_ARRAY_LEN(types) && is_uint(id, n); i++)
            if (tn == strlen(types[i]) && !memcmp(t, types[i], tn))
                score = 90;
    }
    xc_csv_free(&c);
    return score;
}

const xc_format xc_fmt_ofac = {"ofac-csv", sniff, load, "OFAC sanctions list (legacy CSV)",
                               "US Treasury OFAC",
                               "https://www.treasury.gov/ofac/downloads/sdn.csv"};
