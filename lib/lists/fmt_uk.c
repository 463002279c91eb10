/*
 * UK OFSI consolidated list, CSV layout ("uk-ofsi-csv").
 *
 * OFSI writes one row per name variant; rows sharing a Group ID are one
 * target, so the builder's merge-by-id does the grouping and rows need not
 * be contiguous. Columns are located by header name (OFSI has reordered them
 * before), with an optional "Last Updated,DD/MM/YYYY" row above the header
 * that gives the list date. Spreadsheet exports trim trailing empty cells,
 * so short rows are normal.
 *
 * Every name row repeats the target's other columns (and a target with two
 * addresses has its names repeated for each). Parsing them again would only
 * produce duplicates, so each group of those columns is parsed once per
 * distinct content per target (see target_columns).
 *
 * Several cells hold numbered alternatives, "(1) Germany. (2) Morocco"; they
 * are split, and passport / national ID numbers are paired with the detail
 * of the same number. "Other Information" is kept verbatim as a remark, and
 * its tagged parts that carry evidence ("(Gender):Male", "(IMO number):...",
 * "(Flag of ship):...", "(Business Reg No):...") are parsed as well.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"

enum {
    K_NAME1, K_NAME2, K_NAME3, K_NAME4, K_NAME5, K_NAME6, K_TITLE, K_NONLATIN,
    K_NL_TYPE, K_NL_LANG, K_DOB, K_TOWN, K_COB, K_NAT, K_PASS, K_PASS_D, K_NID,
    K_NID_D, K_POS, K_ADDR1, K_ADDR2, K_ADDR3, K_ADDR4, K_ADDR5, K_ADDR6, K_ZIP,
    K_COUNTRY, K_OTHER, K_GTYPE, K_ATYPE, K_AQUAL, K_REGIME, K_LISTED, K_GID, K_COUNT
};

static const char *const headers[K_COUNT] = {
    "Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6", "Title",
    "Name Non-Latin Script", "Non-Latin Script Type", "Non-Latin Script Language",
    "DOB", "Town of Birth", "Country of Birth", "Nationality", "Passport Number",
    "Passport Details", "National Identification Number",
    "National Identification Details", "Position", "Address 1", "Address 2",
    "Address 3", "Address 4", "Address 5", "Address 6", "Post/Zip Code", "Country",
    "Other Information", "Group Type", "Alias Type", "Alias Quality", "Regime",
    "Listed On", "Group ID",
};

typedef struct uk_ctx {
    xc_load *ld;
    int col[K_COUNT];         /* -1 when the header lacks the column */
    xc_buf b, note;
    uint64_t *seen;           /* open-addressing set of cell-group hashes */
    size_t seen_cap, seen_n;
} uk_ctx;

static const char *cell(const xc_csv *c, const uk_ctx *u, int k, size_t *n)
{
    if (u->col[k] < 0) {
        *n = 0;
        return "";
    }
    const char *s = xc_csv_field(c, (size_t)u->col[k], n);
    return xc_trim(s, n);
}

/* --- numbered alternatives ------------------------------------------------ */

/* Split "(1) A (2) B" into items; a cell without "(1)" is one item. Calls
 * fn(arg, index, item, len) for each. */
typedef int (*item_fn)(void *arg, int idx, const char *s, size_t n);

static const char *next_marker(const char *s, size_t n, int want)
{
    char m[16];
    int ml = snprintf(m, sizeof m, "(%d)", want);
    for (size_t i = 0; i + (size_t)ml <= n; i++)
        if (s[i] == '(' && !memcmp(s + i, m, (size_t)ml) && (i == 0 || s[i - 1] == ' '))
            return s + i;
    return NULL;
}

static int split_enum(const char *s, size_t n, item_fn fn, void *arg)
{
    const char *p = next_marker(s, n, 1);
    if (!p || p != s) {
        size_t len = n;
        const char *t = xc_trim(s, &len);
        while (len && (t[len - 1] == '.' || t[len - 1] == ','))
            len--;
        return len ? fn(arg, 0, t, len) : EXCTL_OK;
    }
    for (int k = 1; p; k++) {
        const char *start = p + (k < 10 ? 3 : 4);
        const char *end = s + n;
        const char *q = next_marker(start, (size_t)(end - start), k + 1);
        if (q)
            end = q;
        size_t len = (size_t)(end - start);
        const char *t = xc_trim(start, &len);
        while (len && (t[len - 1] == '.' || t[len - 1] == ','))
            len--;
        if (len) {
            int rc = fn(arg, k, t, len);
            if (rc)
                return rc;
        }
        p = q;
    }
    return EXCTL_OK;
}

/* Item k of an enumerated cell (k = 0: the whole cell when unnumbered). */
typedef struct pick { int want; const char *s; size_t n; } pick;

static int pick_fn(void *arg, int idx, const char *s, size_t n)
{
    pick *p = arg;
    if (idx == p->want || (p->want == 1 && idx == 0 && !p->s)) {
        p->s = s;
        p->n = n;
    }
    return EXCTL_OK;
}

/* --- per-column handlers ---------------------------------------------------- */

typedef struct role_arg { exctl_entity *e; int role; } role_arg;

static int country_fn(void *arg, int idx, const char *s, size_t n)
{
    (void)idx;
    role_arg *a = arg;
    return xc_ent_country(a->e, (exctl_country_role)a->role, s, n);
}

static int dob_fn(void *arg, int idx, const char *s, size_t n)
{
    (void)idx;
    exctl_entity *e = arg;
    /* OFSI writes unknown day/month as 00: "00/00/1994", "00/05/1960". */
    char d[11];
    if (n == 10 && s[2] == '/' && s[5] == '/') {
        if (!memcmp(s, "00/00/", 6))
            return xc_ent_field(e, EXCTL_FIELD_BIRTH_DATE, s + 6, 4);
        if (!memcmp(s, "00/", 3)) {
            snprintf(d, sizeof d, "%.4s-%.2s", s + 6, s + 3);
            return xc_ent_field(e, EXCTL_FIELD_BIRTH_DATE, d, strlen(d));
        }
    }
    return xc_ent_birth_date(e, s, n, false);
}

/* A country at the start of an identifier's detail ("Tunisia number. ..."). */
static const char *detail_country(const char *s, size_t n, char *out, size_t cap)
{
    if (!n)
        return NULL;
    const char *code = xc_country_code(s, n);
    if (code)
        return code;
    size_t cut = n;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' || s[i] == ',' || s[i] == '(' ||
            (i + 7 <= n && !memcmp(s + i, " number", 7)) ||
            (i + 9 <= n && !memcmp(s + i, " passport", 9)) ||
            (i + 9 <= n && !memcmp(s + i, " National", 9))) {
            cut = i;
            break;
        }
    }
    size_t cn = cut;
    const char *c = xc_trim(s, &cn);
    if (!cn || cn >= cap)
        return NULL;
    code = xc_country_code(c, cn);
    if (!code)
        return NULL;
    snprintf(out, cap, "%s", code);
    return out;
}

typedef struct ident_arg {
    exctl_entity *e;
    int type;
    const char *detail;
    size_t dn;
    xc_buf *note;
} ident_arg;

static int ident_fn(void *arg, int idx, const char *s, size_t n)
{
    ident_arg *a = arg;
    pick p = {idx ? idx : 1, NULL, 0};
    int rc = split_enum(a->detail, a->dn, pick_fn, &p);
    if (rc)
        return rc;
    if (!p.s && idx == 0) {
        p.s = a->detail;
        p.n = a->dn;
    }
    char cbuf[8];
    const char *country = p.s ? detail_country(p.s, p.n, cbuf, sizeof cbuf) : NULL;
    a->note->len = 0;
    if (p.s && (rc = xc_buf_append(a->note, p.s, p.n)))
        return rc;
    return xc_ent_ident(a->e, (exctl_id_type)a->type, s, n, country, xc_buf_cstr(a->note));
}

/* Tagged parts of Other Information: "(Tag):value (Next tag):value". */
/* End of a tagged value: the next " (Tag):" or the end of the text. */
static size_t tag_value_len(const char *v, const char *end)
{
    const char *p = v;
    while ((p = memchr(p, '(', (size_t)(end - p))) != NULL) {
        if (p > v && p[-1] == ' ') {
            const char *close = memchr(p, ')', (size_t)(end - p));
            if (!close)
                break;
            if (close + 1 < end && close[1] == ':' && !memchr(p + 1, '(', (size_t)(close - p - 1)))
                return (size_t)(p - 1 - v);
        }
        p++;
    }
    return (size_t)(end - v);
}

static int other_info(exctl_entity *e, const char *s, size_t n)
{
    static const struct { const char *tag; size_t len; int kind; } tags[] = {
        {"(Gender):", 9, 0}, {"(IMO number):", 13, 1}, {"(Flag of ship):", 15, 2},
        {"(Business Reg No):", 18, 3},
    };
    int rc = xc_ent_field(e, EXCTL_FIELD_REMARK, s, n);
    const char *end = s + n, *p = s;
    /* One pass over the '(' of the text; each may open a known tag. */
    while (!rc && (p = memchr(p, '(', (size_t)(end - p))) != NULL) {
        size_t t = 0;
        while (t < XC_ARRAY_LEN(tags) &&
               ((size_t)(end - p) < tags[t].len || memcmp(p, tags[t].tag, tags[t].len)))
            t++;
        if (t == XC_ARRAY_LEN(tags)) {
            p++;
            continue;
        }
        const char *v = p + tags[t].len;
        size_t vn = tag_value_len(v, end);
        p = v + vn;
        const char *val = xc_trim(v, &vn);
        if (!vn)
            continue;
        switch (tags[t].kind) {
        case 0:
            if (vn == 4 && !memcmp(val, "Male", 4))
                rc = xc_ent_field(e, EXCTL_FIELD_GENDER, "male", 4);
            else if (vn == 6 && !memcmp(val, "Female", 6))
                rc = xc_ent_field(e, EXCTL_FIELD_GENDER, "female", 6);
            else
                rc = xc_ent_field(e, EXCTL_FIELD_GENDER, val, vn);
            break;
        case 1: rc = xc_ent_ident(e, EXCTL_ID_IMO, val, vn, NULL, NULL); break;
        case 2: rc = xc_ent_country(e, EXCTL_COUNTRY_FLAG, val, vn); break;
        default: rc = xc_ent_ident(e, EXCTL_ID_REGISTRATION, val, vn, NULL, NULL); break;
        }
    }
    return rc;
}

/* --- the target's own columns, parsed once per distinct value ------------ */

/* 64-bit hash of a cell group of one entity, 8 bytes at a time. */
static uint64_t mix(uint64_t h, const char *s, size_t n)
{
    const uint64_t m = 0x9E3779B97F4A7C15u;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * m;
        h ^= h >> 29;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, s, n);
    h = (h ^ w ^ ((uint64_t)n << 56)) * m;
    return h ^ (h >> 32);
}

/* True when this (entity, group, content) was not seen before; records it.
 * A 64-bit hash stands for the content: a false "seen" needs a collision
 * between two values of the same entity and column group (~2^-64). */
static int first_time(uk_ctx *u, size_t ix, int group, const xc_csv *c, const int *cols,
                      size_t ncols, bool *first)
{
    uint64_t h = mix((uint64_t)ix * 131 + (uint64_t)group + 1, "", 0);
    for (size_t i = 0; i < ncols; i++) {
        size_t n;
        const char *s = cell(c, u, cols[i], &n);
        h = mix(h, s, n);
    }
    if (!h)
        h = 1;
    if (2 * (u->seen_n + 1) > u->seen_cap) {
        size_t cap = u->seen_cap ? u->seen_cap * 2 : 4096;
        uint64_t *ns = calloc(cap, sizeof *ns);
        if (!ns)
            return EXCTL_ENOMEM;
        for (size_t i = 0; i < u->seen_cap; i++) {
            if (!u->seen[i])
                continue;
            size_t j = (size_t)u->seen[i] & (cap - 1);
            while (ns[j])
                j = (j + 1) & (cap - 1);
            ns[j] = u->seen[i];
        }
        free(u->seen);
        u->seen = ns;
        u->seen_cap = cap;
    }
    size_t j = (size_t)h & (u->seen_cap - 1);
    while (u->seen[j]) {
        if (u->seen[j] == h) {
            *first = false;
            return EXCTL_OK;
        }
        j = (j + 1) & (u->seen_cap - 1);
    }
    u->seen[j] = h;
    u->seen_n++;
    *first = true;
    return EXCTL_OK;
}

static int g_dob(uk_ctx *u, const xc_csv *c, exctl_entity *e)
{
    size_t n;
    const char *s = cell(c, u, K_DOB, &n);
    return split_enum(s, n, dob_fn, e);
}

/* Place of birth "Town, Country"; the country also as a birth country. */
static int g_birth(uk_ctx *u, const xc_csv *c, exctl_entity *e)
{
    size_t n, n2;
    const char *s = cell(c, u, K_TOWN, &n);
    const char *cob = cell(c, u, K_COB, &n2);
    int rc;
    u->b.len = 0;
    if ((rc = xc_buf_append(&u->b, s, n)))
        return rc;
    if (n && n2 && (rc = xc_buf_puts(&u->b, ", ")))
        return rc;
    if ((rc = xc_buf_append(&u->b, cob, n2)) ||
        (rc = xc_ent_field(e, EXCTL_FIELD_BIRTH_PLACE, u->b.data, u->b.len)))
        return rc;
    role_arg ra = {e, EXCTL_COUNTRY_BIRTH};
    return split_enum(cob, n2, country_fn, &ra);
}

static int g_nat(uk_ctx *u, const xc_csv *c, exctl_entity *e)
{
    size_t n;
    const char *s = cell(c, u, K_NAT, &n);
    role_arg ra = {e, EXCTL_COUNTRY_NATIONALITY};
    return split_enum(s, n, country_fn, &ra);
}

static int g_ident(uk_ctx *u, const xc_csv *c, exctl_entity *e, int num, int detail,
                   exctl_id_type type)
{
    size_t n;
    ident_arg ia = {e, type, NULL, 0, &u->note};
    ia.detail = cell(c, u, detail, &ia.dn);
    const char *s = cell(c, u, num, &n);
    return split_enum(s, n, ident_fn, &ia);
}

static int g_passport(uk_ctx *u, const xc_csv *c, exctl_entity *e)
{
    return g_ident(u, c, e, K_PASS, K_PASS_D, EXCTL_ID_PASSPORT);
}

static int g_nid(uk_ctx *u, const xc_csv *c, exctl_entity *e)
{
    return g_ident(u, c, e, K_NID, K_NID_D, EXCTL_ID_NATIONAL);
}

static int g_address(uk_ctx *u, const xc_csv *c, exctl_entity *e)
{
    size_t n;
    const char *s;
    int rc = EXCTL_OK;
    u->b.len = 0;
    for (int k = K_ADDR1; k <= K_COUNTRY && !rc; k++) {
        s = cell(c, u, k, &n);
        if (!n)
            continue;
        if (u->b.len)
            rc = xc_buf_puts(&u->b, ", ");
        if (!rc)
            rc = xc_buf_append(&u->b, s, n);
    }
    if (rc || (rc = xc_ent_field(e, EXCTL_FIELD_ADDRESS, u->b.data, u->b.len)))
        return rc;
    s = cell(c, u, K_COUNTRY, &n);
    return xc_ent_country(e, EXCTL_COUNTRY_ADDRESS, s, n);
}

static int g_misc(uk_ctx *u, const xc_csv *c, exctl_entity *e)
{
    size_t n;
    int rc;
    const char *s = cell(c, u, K_POS, &n);
    if ((rc = xc_ent_field(e, EXCTL_FIELD_TITLE, s, n)))
        return rc;
    s = cell(c, u, K_REGIME, &n);
    if ((rc = xc_ent_field(e, EXCTL_FIELD_PROGRAM, s, n)))
        return rc;
    s = cell(c, u, K_LISTED, &n);
    if (n && !*xc_ent_listed(e) && (rc = xc_ent_listed_on(e, s, n)))
        return rc;
    return EXCTL_OK;
}

static int g_other(uk_ctx *u, const xc_csv *c, exctl_entity *e)
{
    size_t n;
    const char *s = cell(c, u, K_OTHER, &n);
    return n ? other_info(e, s, n) : EXCTL_OK;
}

/* Columns that describe the target rather than the name of this row. Each
 * row of a target repeats them (and OFSI multiplies rows when a target has
 * several addresses or birth dates), so each group of columns is parsed
 * once per distinct content for the target. */
static int target_columns(uk_ctx *u, const xc_csv *c, exctl_entity *e, size_t ix)
{
    static const int c_dob[] = {K_DOB}, c_birth[] = {K_TOWN, K_COB}, c_nat[] = {K_NAT},
                     c_pass[] = {K_PASS, K_PASS_D}, c_nid[] = {K_NID, K_NID_D},
                     c_addr[] = {K_ADDR1, K_ADDR2, K_ADDR3, K_ADDR4, K_ADDR5, K_ADDR6,
                                 K_ZIP, K_COUNTRY},
                     c_misc[] = {K_POS, K_REGIME, K_LISTED}, c_other[] = {K_OTHER};
    static const struct {
        const int *cols;
        size_t n;
        int (*fn)(uk_ctx *, const xc_csv *, exctl_entity *);
    } groups[] = {
        {c_dob, 1, g_dob},       {c_birth, 2, g_birth},    {c_nat, 1, g_nat},
        {c_pass, 2, g_passport}, {c_nid, 2, g_nid},        {c_addr, 8, g_address},
        {c_misc, 3, g_misc},     {c_other, 1, g_other},
    };
    for (size_t g = 0; g < XC_ARRAY_LEN(groups); g++) {
        bool first;
        int rc = first_time(u, ix, (int)g, c, groups[g].cols, groups[g].n, &first);
        if (!rc && first)
            rc = groups[g].fn(u, c, e);
        if (rc)
            return rc;
    }
    return EXCTL_OK;
}

static int name_columns(uk_ctx *u, const xc_csv *c, exctl_entity *e)
{
    size_t n;
    const char *s;
    int rc = EXCTL_OK;
    u->b.len = 0;
    for (int k = K_NAME1; k <= K_NAME6 && !rc; k++) {
        s = cell(c, u, k, &n);
        if (!n)
            continue;
        if (u->b.len)
            rc = xc_buf_putc(&u->b, ' ');
        if (!rc)
            rc = xc_buf_append(&u->b, s, n);
    }
    if (rc)
        return rc;
    size_t tn, qn;
    const char *t = cell(c, u, K_ATYPE, &tn);
    const char *q = cell(c, u, K_AQUAL, &qn);
    exctl_name_kind kind = EXCTL_NAME_AKA;
    if (tn == 12 && !memcmp(t, "Primary name", 12))
        kind = EXCTL_NAME_PRIMARY;
    else if (tn == 3 && !memcmp(t, "FKA", 3))
        kind = EXCTL_NAME_FKA;
    else if (qn >= 3 && !memcmp(q, "Low", 3))
        kind = EXCTL_NAME_WEAK_AKA;
    if ((rc = xc_ent_name(e, kind, u->b.data, u->b.len, NULL)))
        return rc;
    s = cell(c, u, K_TITLE, &n);
    if ((rc = xc_ent_field(e, EXCTL_FIELD_TITLE, s, n)))
        return rc;
    s = cell(c, u, K_NONLATIN, &n);
    if (n) {
        size_t ln;
        const char *lang = cell(c, u, K_NL_LANG, &ln);
        char lb[64];
        snprintf(lb, sizeof lb, "%.*s", (int)(ln < sizeof lb ? ln : sizeof lb - 1), lang);
        if ((rc = xc_ent_name(e, EXCTL_NAME_ORIGINAL, s, n, lb)))
            return rc;
    }
    return EXCTL_OK;
}

static int set_schema(exctl_entity *e, const char *t, size_t n)
{
    if (n == 10 && !memcmp(t, "Individual", 10))
        e->schema = EXCTL_SCHEMA_PERSON;
    else if (n == 6 && !memcmp(t, "Entity", 6))
        e->schema = EXCTL_SCHEMA_ORGANIZATION;
    else if (n == 4 && !memcmp(t, "Ship", 4))
        e->schema = EXCTL_SCHEMA_VESSEL;
    else
        return EXCTL_EPARSE;
    return EXCTL_OK;
}

static int row(uk_ctx *u, xc_csv *c)
{
    xc_load *ld = u->ld;
    for (size_t i = 0; i < c->nfields; i++) {
        size_t n;
        const char *s = xc_csv_field(c, i, &n);
        if (!xc_utf8_valid(s, n))
            return xc_load_bad(ld, c->line, EXCTL_EUTF8, "invalid UTF-8 in column %zu", i + 1);
    }
    size_t gn, tn;
    const char *gid = cell(c, u, K_GID, &gn);
    const char *gt = cell(c, u, K_GTYPE, &tn);
    if (!gn)
        return xc_load_bad(ld, c->line, EXCTL_EPARSE, "empty Group ID");
    exctl_entity probe = {0};
    if (set_schema(&probe, gt, tn))
        return xc_load_bad(ld, c->line, EXCTL_EPARSE, "unknown Group Type '%.*s'",
                           (int)(tn > 40 ? 40 : tn), gt);
    bool created;
    exctl_entity *e = xc_ent_get(ld->list, gid, gn, &created);
    if (!e)
        return EXCTL_ENOMEM;
    if (created)
        e->schema = probe.schema;
    size_t ix = ld->list->n_ents - 1;
    if (!created) {
        if (!xc_ent_index(ld->list, gid, gn, &ix))
            return EXCTL_EINTERNAL;
    }
    int rc = name_columns(u, c, e);
    if (!rc)
        rc = target_columns(u, c, e, ix);
    return rc;
}

/* Map header cells to columns; Group ID is required. */
static int read_header(uk_ctx *u, xc_csv *c)
{
    for (int k = 0; k < K_COUNT; k++)
        u->col[k] = -1;
    for (size_t i = 0; i < c->nfields; i++) {
        size_t n;
        const char *s = xc_trim(xc_csv_field(c, i, &n), &n);
        for (int k = 0; k < K_COUNT; k++)
            if (u->col[k] < 0 && strlen(headers[k]) == n && !memcmp(headers[k], s, n))
                u->col[k] = (int)i;
    }
    if (u->col[K_GID] < 0 || u->col[K_NAME6] < 0 || u->col[K_GTYPE] < 0)
        return xc_err(u->ld->eb, EXCTL_EPARSE,
                      "%s:%zu: header lacks \"Group ID\", \"Name 6\" or \"Group Type\"",
                      u->ld->path, c->line);
    return EXCTL_OK;
}

/* Rows come in source order, which often lists variations before the
 * primary name; consumers expect the primary name first. Stable. */
static void primary_first(exctl_list *l)
{
    for (size_t i = 0; i < l->n_ents; i++) {
        exctl_entity *e = l->ents[i];
        for (uint32_t j = 1; j < e->n_names; j++) {
            if (e->names[j].kind != EXCTL_NAME_PRIMARY || e->names[0].kind == EXCTL_NAME_PRIMARY)
                continue;
            xc_name p = e->names[j];
            memmove(e->names + 1, e->names, j * sizeof *e->names);
            e->names[0] = p;
            break;
        }
    }
}

static int load(xc_load *ctx)
{
    uk_ctx u = {.ld = ctx};
    xc_buf_init(&u.b);
    xc_buf_init(&u.note);
    xc_csv c;
    xc_csv_init(&c, ctx->data, ctx->len, ',');
    int rc = EXCTL_OK, r = xc_csv_next(&c, ctx->path, ctx->eb);
    if (r <= 0) {
        rc = r < 0 ? -r : xc_err(ctx->eb, EXCTL_EPARSE, "%s: empty file", ctx->path);
        goto out;
    }
    size_t n;
    const char *s = xc_csv_field(&c, 0, &n);
    if (n == 12 && !memcmp(s, "Last Updated", 12)) {
        size_t dn;
        const char *d = xc_trim(xc_csv_field(&c, 1, &dn), &dn);
        char iso[11];
        if (xc_date_norm(d, dn, false, iso) == EXCTL_OK &&
            (rc = xc_list_meta(ctx->list, "date", iso)))
            goto out;
        if ((r = xc_csv_next(&c, ctx->path, ctx->eb)) <= 0) {
            rc = r < 0 ? -r : xc_err(ctx->eb, EXCTL_EPARSE, "%s: no header", ctx->path);
            goto out;
        }
    }
    if ((rc = read_header(&u, &c)))
        goto out;
    while ((r = xc_csv_next(&c, ctx->path, ctx->eb)) > 0) {
        ctx->list->rows++;
        if ((rc = row(&u, &c))) {
            if (rc == EXCTL_ENOMEM)
                xc_err(ctx->eb, rc, "%s:%zu: out of memory", ctx->path, c.line);
            goto out;
        }
    }
    if (r < 0)
        rc = -r;
    else
        primary_first(ctx->list);
out:
    free(u.seen);
    xc_buf_free(&u.b);
    xc_buf_free(&u.note);
    xc_csv_free(&c);
    return rc;
}

static int sniff(const char *path, const char *data, size_t len)
{
    (void)path;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        data += 3;
        len -= 3;
    }
    if (len >= 13 && !memcmp(data, "Last Updated,", 13))
        return 95;
    size_t lim = len < 4096 ? len : 4096;
    const char *eol = memchr(data, '\n', lim);
    size_t ln = eol ? (size_t)(eol - data) : lim;
    static const char gid[] = "Group ID", n6[] = "Name 6";
    bool has_gid = false, has_n6 = false;
    for (size_t i = 0; i + sizeof gid - 1 <= ln; i++)
        if (!memcmp(data + i, gid, sizeof gid - 1))
            has_gid = true;
    for (size_t i = 0; i + sizeof n6 - 1 <= ln; i++)
        if (!memcmp(data + i, n6, sizeof n6 - 1))
            has_n6 = true;
    return has_gid ? (has_n6 ? 90 : 60) : 0;
}

const xc_format xc_fmt_uk = {"uk-ofsi-csv", sniff, load,
                             "UK OFSI Consolidated List of Financial Sanctions Targets",
                             "HM Treasury OFSI",
                             "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv"};
