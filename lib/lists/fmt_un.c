/*
 * un-xml: the UN Security Council Consolidated List in its official XML
 * (CONSOLIDATED_LIST / INDIVIDUALS / INDIVIDUAL, ENTITIES / ENTITY).
 *
 * libxml2 builds the tree (the list is a few megabytes; a tree keeps the
 * per-record code a plain walk). Parsing runs with no network access and no
 * entity substitution, and with libxml2's own error printing off: the first
 * error is reported through the error buffer with its line.
 *
 * Mapping choices:
 * - Entity id = REFERENCE_NUMBER ("QDi.001"), the identifier the UN itself
 *   cites; DATAID only when that is missing.
 * - Alias QUALITY "Good" and "a.k.a." are strong aliases, "Low" weak ones,
 *   "f.k.a." former names. NAME_ORIGINAL_SCRIPT is an original-script name
 *   (script detected from the text; the language is not stated).
 * - Birth dates: DATE as is, YEAR alone, and for BETWEEN every year of the
 *   range when it spans at most ten years (a screening tool compares years;
 *   a wider range is kept as its two ends).
 * - DESIGNATION and TITLE values are titles; COMMENTS1 is a remark.
 * Each record's text is validated before its entity is created, so a bad
 * record in lenient mode is skipped whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include "fmt_util.h"

static int sniff(const char *path, const char *data, size_t len)
{
    (void)path;
    size_t win = len < 4096 ? len : 4096;
    if (fu_memmem(data, win, "<CONSOLIDATED_LIST", 18))
        return 95;
    return 0;
}

static bool is_el(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* Text of an element (trimmed). Points into the tree when the element has
 * a single text child; otherwise concatenates into b. Never NULL. */
static const char *el_text(const xmlNode *el, xc_buf *b, size_t *n)
{
    *n = 0;
    if (!el)
        return "";
    const xmlNode *only = NULL;
    int count = 0;
    for (const xmlNode *c = el->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            only = c;
            count++;
        }
    }
    const char *s = "";
    size_t len = 0;
    if (count == 1 && only->content) {
        s = (const char *)only->content;
        len = strlen(s);
    } else if (count > 1) {
        b->len = 0;
        for (const xmlNode *c = el->children; c; c = c->next)
            if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
                if (xc_buf_puts(b, (const char *)c->content))
                    return "";
        s = xc_buf_cstr(b);
        len = b->len;
    }
    s = xc_trim(s, &len);
    *n = len;
    return s;
}

static const xmlNode *child(const xmlNode *el, const char *name)
{
    for (const xmlNode *c = el ? el->children : NULL; c; c = c->next)
        if (is_el(c, name))
            return c;
    return NULL;
}

static const char *child_text(const xmlNode *el, const char *name, xc_buf *b, size_t *n)
{
    return el_text(child(el, name), b, n);
}

/* Validate every text node below n. */
static int check_tree(const xmlNode *n, const char **why)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        int rc = EXCTL_OK;
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            rc = fu_check((const char *)c->content, strlen((const char *)c->content), why);
        else if (c->type == XML_ELEMENT_NODE)
            rc = check_tree(c, why);
        if (rc)
            return rc;
    }
    return EXCTL_OK;
}

typedef struct un_ctx {
    xc_load *ld;
    xc_buf t1, t2;   /* scratch for element text */
    xc_buf addr;     /* address being composed */
} un_ctx;

/* Append a part to a comma-separated composition. */
static int join(xc_buf *b, const char *s, size_t n)
{
    if (!n)
        return EXCTL_OK;
    int rc = EXCTL_OK;
    if (b->len && (rc = xc_buf_puts(b, ", ")))
        return rc;
    return xc_buf_append(b, s, n);
}

static int add_names(un_ctx *u, exctl_entity *e, const xmlNode *rec)
{
    static const char *const parts[] = {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME",
                                        "FOURTH_NAME"};
    int rc;
    xc_buf *b = &u->addr;
    b->len = 0;
    for (size_t i = 0; i < XC_ARRAY_LEN(parts); i++) {
        size_t n;
        const char *s = child_text(rec, parts[i], &u->t1, &n);
        if (!n)
            continue;
        if ((b->len && (rc = xc_buf_putc(b, ' '))) || (rc = xc_buf_append(b, s, n)))
            return rc;
    }
    if ((rc = xc_ent_name(e, EXCTL_NAME_PRIMARY, b->data ? b->data : "", b->len, "")))
        return rc;
    size_t n;
    const char *s = child_text(rec, "NAME_ORIGINAL_SCRIPT", &u->t1, &n);
    if (n && (rc = xc_ent_name(e, EXCTL_NAME_ORIGINAL, s, n, "")))
        return rc;
    return EXCTL_OK;
}

static int add_birth_date(exctl_entity *e, const char *s, size_t n)
{
    return xc_ent_birth_date(e, s, n, false);
}

static int add_alias(un_ctx *u, exctl_entity *e, const xmlNode *al)
{
    size_t qn, nn, n;
    const char *q = child_text(al, "QUALITY", &u->t1, &qn);
    const char *name = child_text(al, "ALIAS_NAME", &u->t2, &nn);
    exctl_name_kind kind = EXCTL_NAME_AKA;
    if (qn && xc_istarts(q, "low"))
        kind = EXCTL_NAME_WEAK_AKA;
    else if (qn && xc_istarts(q, "f.k.a"))
        kind = EXCTL_NAME_FKA;
    int rc;
    if (nn && (rc = xc_ent_name(e, kind, name, nn, "")))
        return rc;
    const char *s = child_text(al, "DATE_OF_BIRTH", &u->t1, &n);
    if (n && (rc = add_birth_date(e, s, n)))
        return rc;
    s = child_text(al, "CITY_OF_BIRTH", &u->t1, &n);
    if (n && (rc = xc_ent_field(e, EXCTL_FIELD_BIRTH_PLACE, s, n)))
        return rc;
    s = child_text(al, "COUNTRY_OF_BIRTH", &u->t1, &n);
    if (n && (rc = xc_ent_country(e, EXCTL_COUNTRY_BIRTH, s, n)))
        return rc;
    return EXCTL_OK;
}

/* Address or place of birth: compose "street, city, state, zip, country". */
static int add_place(un_ctx *u, exctl_entity *e, const xmlNode *el, exctl_field f,
                     exctl_country_role role)
{
    static const char *const parts[] = {"STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE",
                                        "COUNTRY"};
    xc_buf *b = &u->addr;
    b->len = 0;
    int rc;
    for (size_t i = 0; i < XC_ARRAY_LEN(parts); i++) {
        size_t n;
        const char *s = child_text(el, parts[i], &u->t1, &n);
        if ((rc = join(b, s, n)))
            return rc;
    }
    size_t nn;
    const char *note = child_text(el, "NOTE", &u->t1, &nn);
    if (nn) {
        if (b->len) {
            if ((rc = xc_buf_puts(b, " (")) || (rc = xc_buf_append(b, note, nn)) ||
                (rc = xc_buf_putc(b, ')')))
                return rc;
        } else if ((rc = xc_buf_append(b, note, nn))) {
            return rc;
        }
    }
    if (b->len && (rc = xc_ent_field(e, f, b->data, b->len)))
        return rc;
    size_t cn;
    const char *c = child_text(el, "COUNTRY", &u->t1, &cn);
    if (cn && (rc = xc_ent_country(e, role, c, cn)))
        return rc;
    return EXCTL_OK;
}

static int add_dob(un_ctx *u, exctl_entity *e, const xmlNode *el)
{
    size_t n, fn, tn;
    int rc;
    const char *s = child_text(el, "DATE", &u->t1, &n);
    if (n && (rc = add_birth_date(e, s, n)))
        return rc;
    s = child_text(el, "YEAR", &u->t1, &n);
    if (n && (rc = add_birth_date(e, s, n)))
        return rc;
    const char *from = child_text(el, "FROM_YEAR", &u->t1, &fn);
    long fy = 0, ty = 0;
    if (fn && xc_parse_long(from, fn, 1000, 2999, &fy) == EXCTL_OK) {
        const char *to = child_text(el, "TO_YEAR", &u->t2, &tn);
        if (!tn || xc_parse_long(to, tn, fy, 2999, &ty) != EXCTL_OK)
            ty = fy;
        for (long y = fy; y <= ty; y++) {
            if (ty - fy > 10 && y != fy && y != ty)
                continue;
            char ys[8];
            int yl = snprintf(ys, sizeof ys, "%ld", y);
            if ((rc = xc_ent_field(e, EXCTL_FIELD_BIRTH_DATE, ys, (size_t)yl)))
                return rc;
        }
    }
    return EXCTL_OK;
}

static int add_document(un_ctx *u, exctl_entity *e, const xmlNode *el)
{
    size_t tn, nn, cn, on;
    const char *num = child_text(el, "NUMBER", &u->t2, &nn);
    if (!nn)
        return EXCTL_OK;
    const char *type = child_text(el, "TYPE_OF_DOCUMENT", &u->t1, &tn);
    exctl_id_type t = EXCTL_ID_OTHER;
    char tl[64];
    size_t k = 0;
    for (; k < tn && k + 1 < sizeof tl; k++)
        tl[k] = (char)((type[k] >= 'A' && type[k] <= 'Z') ? type[k] - 'A' + 'a' : type[k]);
    tl[k] = '\0';
    if (strstr(tl, "passport") || strstr(tl, "passeport") || strstr(tl, "pasaporte"))
        t = EXCTL_ID_PASSPORT;
    else if (strstr(tl, "national") || strstr(tl, "identi"))
        t = EXCTL_ID_NATIONAL;
    /* Copy the number out: the scratch buffers are reused below. */
    char *numc = xc_arena_strndup(e->list->arena, num, nn);
    if (!numc)
        return EXCTL_ENOMEM;
    const char *c = child_text(el, "ISSUING_COUNTRY", &u->t1, &cn);
    if (!cn)
        c = child_text(el, "COUNTRY_OF_ISSUE", &u->t1, &cn);
    char cc[128];
    snprintf(cc, sizeof cc, "%.*s", (int)(cn < 127 ? cn : 127), c);
    const char *note = child_text(el, "NOTE", &u->t2, &on);
    char nt[512];
    snprintf(nt, sizeof nt, "%.*s", (int)(on < 511 ? on : 511), note);
    return xc_ent_ident(e, t, numc, nn, cc, nt);
}

static int build(un_ctx *u, const xmlNode *rec, bool person)
{
    xc_load *ld = u->ld;
    size_t line = (size_t)xmlGetLineNo((xmlNode *)rec);
    const char *why = NULL;
    int rc = check_tree(rec, &why);
    if (rc)
        return xc_load_bad(ld, line, rc, "%s record: %s", person ? "INDIVIDUAL" : "ENTITY",
                           why);
    size_t idn;
    const char *id = child_text(rec, "REFERENCE_NUMBER", &u->t1, &idn);
    if (!idn)
        id = child_text(rec, "DATAID", &u->t1, &idn);
    if (!idn)
        return xc_load_bad(ld, line, EXCTL_EPARSE, "record without REFERENCE_NUMBER or DATAID");
    bool created;
    exctl_entity *e = xc_ent_get(ld->list, id, idn, &created);
    if (!e)
        return EXCTL_ENOMEM;
    if (!created)
        return xc_load_bad(ld, line, EXCTL_EPARSE, "duplicate reference number '%.*s'",
                           (int)(idn > 80 ? 80 : idn), id);
    e->schema = person ? EXCTL_SCHEMA_PERSON : EXCTL_SCHEMA_ORGANIZATION;
    if ((rc = add_names(u, e, rec)))
        return rc;
    if (!e->n_names) {
        xc_ent_drop_last(ld->list);
        return xc_load_bad(ld, line, EXCTL_EPARSE, "record without a name");
    }
    size_t n;
    const char *s = child_text(rec, "UN_LIST_TYPE", &u->t1, &n);
    if (n && (rc = xc_ent_field(e, EXCTL_FIELD_PROGRAM, s, n)))
        return rc;
    s = child_text(rec, "LISTED_ON", &u->t1, &n);
    if (n && (rc = xc_ent_listed_on(e, s, n)))
        return rc;
    s = child_text(rec, "COMMENTS1", &u->t1, &n);
    if (n && (rc = xc_ent_field(e, EXCTL_FIELD_REMARK, s, n)))
        return rc;
    s = child_text(rec, "GENDER", &u->t1, &n);
    if (n && (rc = xc_ent_field(e, EXCTL_FIELD_GENDER, s, n)))
        return rc;
    for (const xmlNode *c = rec->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *nm = (const char *)c->name;
        rc = EXCTL_OK;
        if (!strcmp(nm, "INDIVIDUAL_ALIAS") || !strcmp(nm, "ENTITY_ALIAS")) {
            rc = add_alias(u, e, c);
        } else if (!strcmp(nm, "INDIVIDUAL_ADDRESS") || !strcmp(nm, "ENTITY_ADDRESS")) {
            rc = add_place(u, e, c, EXCTL_FIELD_ADDRESS, EXCTL_COUNTRY_ADDRESS);
        } else if (!strcmp(nm, "INDIVIDUAL_PLACE_OF_BIRTH")) {
            rc = add_place(u, e, c, EXCTL_FIELD_BIRTH_PLACE, EXCTL_COUNTRY_BIRTH);
        } else if (!strcmp(nm, "INDIVIDUAL_DATE_OF_BIRTH")) {
            rc = add_dob(u, e, c);
        } else if (!strcmp(nm, "INDIVIDUAL_DOCUMENT")) {
            rc = add_document(u, e, c);
        } else if (!strcmp(nm, "NATIONALITY") || !strcmp(nm, "TITLE") ||
                   !strcmp(nm, "DESIGNATION")) {
            for (const xmlNode *v = c->children; v && !rc; v = v->next) {
                if (!is_el(v, "VALUE"))
                    continue;
                s = el_text(v, &u->t1, &n);
                if (!n || (n == 2 && xc_istarts(s, "na")))
                    continue;
                if (nm[0] == 'N')
                    rc = xc_ent_country(e, EXCTL_COUNTRY_NATIONALITY, s, n);
                else
                    rc = xc_ent_field(e, EXCTL_FIELD_TITLE, s, n);
            }
        }
        if (rc)
            return rc;
    }
    return EXCTL_OK;
}

/* One parse with a fresh context. On failure returns NULL with libxml2's
 * error code (XML_ERR_NO_MEMORY when a context cannot even be made), line
 * and message. */
static xmlDocPtr parse_doc(const char *data, int len, const char *path, int *code, int *line,
                           char *msg, size_t cap)
{
    *code = XML_ERR_NO_MEMORY;
    *line = 0;
    snprintf(msg, cap, "out of memory");
    xmlResetLastError();
    xmlParserCtxtPtr px = xmlNewParserCtxt();
    if (!px)
        return NULL;
    xmlDocPtr doc = xmlCtxtReadMemory(px, data, len, path, "UTF-8",
                                      XML_PARSE_NONET | XML_PARSE_NOERROR |
                                          XML_PARSE_NOWARNING | XML_PARSE_HUGE);
    /* An allocation failure can stop the parser and still leave a
     * "well-formed", truncated document: the error record says so. */
    const xmlError *gerr = xmlGetLastError();
    bool oom = px->errNo == XML_ERR_NO_MEMORY || (gerr && gerr->code == XML_ERR_NO_MEMORY);
    if (!doc || !px->wellFormed || oom) {
        const xmlError *err = xmlCtxtGetLastError(px);
        *code = oom ? XML_ERR_NO_MEMORY : err ? err->code : XML_ERR_INTERNAL_ERROR;
        *line = err ? err->line : 0;
        snprintf(msg, cap, "%s", err && err->message ? err->message : "malformed XML");
        size_t ml = strlen(msg);
        while (ml && (msg[ml - 1] == '\n' || msg[ml - 1] == ' '))
            msg[--ml] = '\0';
        xmlFreeDoc(doc);
        doc = NULL;
    }
    /* libxml2 keeps a copy of the last error (with its message) in a
     * global until the next error; the message is copied, so free it now
     * rather than leave memory behind after every malformed document. */
    xmlResetLastError();
    xmlFreeParserCtxt(px);
    return doc;
}

static int load(xc_load *ctx)
{
    int rc = EXCTL_OK;
    char *fixed = NULL;
    size_t flen = 0;
    xmlDocPtr doc = NULL;
    un_ctx u = {.ld = ctx};
    xc_buf_init(&u.t1);
    xc_buf_init(&u.t2);
    xc_buf_init(&u.addr);
    if ((rc = fu_utf8_scan(ctx, &fixed, &flen)))
        goto out;
    const char *data = fixed ? fixed : ctx->data;
    size_t len = fixed ? flen : ctx->len;
    if (len > (size_t)INT32_MAX) {
        rc = xc_err(ctx->eb, EXCTL_ETOOBIG, "%s: file too large", ctx->path);
        goto out;
    }
    /* libxml2 reports some allocation failures as syntax or encoding
     * errors, or as no error at all. A real syntax error recurs in a second
     * parse with the same code, line and message; a transient allocation
     * failure does not (and the second document is used). */
    int code, line, code2, line2;
    char msg[256], msg2[256];
    doc = parse_doc(data, (int)len, ctx->path, &code, &line, msg, sizeof msg);
    if (!doc && code != XML_ERR_NO_MEMORY) {
        doc = parse_doc(data, (int)len, ctx->path, &code2, &line2, msg2, sizeof msg2);
        if (!doc && (code2 != code || line2 != line || strcmp(msg2, msg)))
            code = XML_ERR_NO_MEMORY;
    }
    if (!doc && code == XML_ERR_NO_MEMORY) {
        rc = xc_err(ctx->eb, EXCTL_ENOMEM, "%s: out of memory", ctx->path);
        goto out;
    }
    if (!doc) {
        rc = xc_err(ctx->eb, EXCTL_EPARSE, "%s:%d: %s", ctx->path, line, msg);
        goto out;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!is_el(root, "CONSOLIDATED_LIST")) {
        rc = xc_err(ctx->eb, EXCTL_EPARSE, "%s: root element is not CONSOLIDATED_LIST",
                    ctx->path);
        goto out;
    }
    xmlChar *gen = xmlGetProp(root, (const xmlChar *)"dateGenerated");
    if (gen) {
        char d[11];
        if (xc_date_norm((const char *)gen, strlen((const char *)gen), false, d) == EXCTL_OK)
            xc_list_meta(ctx->list, "date", d);
        xmlFree(gen);
    }
    for (xmlNode *sec = root->children; sec; sec = sec->next) {
        bool persons = is_el(sec, "INDIVIDUALS");
        if (!persons && !is_el(sec, "ENTITIES"))
            continue;
        for (xmlNode *rec = sec->children; rec; rec = rec->next) {
            if (!is_el(rec, persons ? "INDIVIDUAL" : "ENTITY"))
                continue;
            ctx->list->rows++;
            if ((rc = build(&u, rec, persons))) {
                if (rc == EXCTL_ENOMEM)
                    xc_err(ctx->eb, rc, "%s: out of memory", ctx->path);
                goto out;
            }
        }
    }
out:
    xmlFreeDoc(doc);
    xc_buf_free(&u.t1);
    xc_buf_free(&u.t2);
    xc_buf_free(&u.addr);
    free(fixed);
    return rc;
}

const xc_format xc_fmt_un = {"un-xml", sniff, load, "UN Security Council Consolidated List",
                             "United Nations Security Council",
                             "https://scsanctions.un.org/resources/xml/en/consolidated.xml"};
