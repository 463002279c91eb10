/*
 * controls — Japan's list: 輸出令別表第1 items and 貨物等省令 articles split
 * into clauses, from the e-Gov JSON snapshot; and the kanji numeral reader.
 *
 * The article text has one clause per line, each starting with its marker
 * and a space: 号 (一, 一の二), イロハ, （一）, full-width digits, then the
 * same cycle again one level deeper. Because 一 can be a 号 or a fifth-level
 * item, nesting is decided by sequence: a marker whose value starts a series
 * (一, イ, （一）, １) opens a child level; any other marker continues the
 * deepest open level of the same kind whose last value precedes it. Lines
 * without a marker (formulas, table rows) continue the previous clause. A
 * marker that fits nowhere is kept as text and counted, never dropped.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cl.h"

/* --- kanji numerals ------------------------------------------------------ */
static int digit_of(uint32_t cp)
{
    static const uint32_t k[] = {0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB,
                                 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D};
    for (int i = 0; i < 10; i++)
        if (k[i] == cp)
            return i;
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return (int)(cp - 0xFF10);
    return -1;
}

static double small_mult(uint32_t cp)
{
    return cp == 0x5341 ? 10 : cp == 0x767E ? 100 : cp == 0x5343 ? 1000 : 0; /* 十百千 */
}

static double large_mult(uint32_t cp)
{
    return cp == 0x4E07 ? 1e4 : cp == 0x5104 ? 1e8 : cp == 0x5146 ? 1e12 : 0; /* 万億兆 */
}

static int peek(const char *s, size_t n, size_t i, uint32_t *cp)
{
    if (i >= n)
        return 0;
    return xc_utf8_decode((const unsigned char *)s + i, n - i, cp);
}

int exctl_ja_number(const char *s, size_t n, double *value, size_t *used)
{
    double total = 0, section = 0, cur = 0;
    bool have_cur = false, any = false;
    size_t i = 0;
    if (!s || !value)
        return EXCTL_EINVAL;
    while (i < n) {
        uint32_t cp, cp2;
        int k = peek(s, n, i, &cp);
        if (k <= 0)
            break;
        int d = digit_of(cp);
        if (d >= 0) {
            cur = cur * 10 + d;
            have_cur = any = true;
            i += (size_t)k;
            continue;
        }
        int k2 = peek(s, n, i + (size_t)k, &cp2);
        if ((cp == 0x3001 || cp == ',') && have_cur && k2 > 0 && digit_of(cp2) >= 0) {
            i += (size_t)k; /* 、 digit grouping */
            continue;
        }
        if ((cp == 0x30FB || cp == '.' || cp == 0xFF0E) && have_cur && k2 > 0 &&
            digit_of(cp2) >= 0) {
            double scale = 0.1;
            i += (size_t)k;
            while (i < n && (k = peek(s, n, i, &cp)) > 0 && (d = digit_of(cp)) >= 0) {
                cur += d * scale;
                scale /= 10;
                i += (size_t)k;
            }
            continue;
        }
        double m = small_mult(cp);
        if (m > 0) {
            section += (have_cur ? cur : 1) * m;
            cur = 0;
            have_cur = false;
            any = true;
            i += (size_t)k;
            continue;
        }
        m = large_mult(cp);
        if (m > 0 && any) {
            section += cur;
            total += (section > 0 ? section : 1) * m;
            section = cur = 0;
            have_cur = false;
            i += (size_t)k;
            continue;
        }
        break;
    }
    if (!any)
        return EXCTL_EPARSE;
    *value = total + section + cur;
    if (used)
        *used = i;
    return EXCTL_OK;
}

/* --- clause markers ------------------------------------------------------ */
enum { MK_NONE, MK_KANJI, MK_IROHA, MK_PAREN, MK_DIGIT, MK_PARA };

static const char *const IROHA[] = {
    "イ", "ロ", "ハ", "ニ", "ホ", "ヘ", "ト", "チ", "リ", "ヌ", "ル", "ヲ",
    "ワ", "カ", "ヨ", "タ", "レ", "ソ", "ツ", "ネ", "ナ", "ラ", "ム", "ウ",
    "ヰ", "ノ", "オ", "ク", "ヤ", "マ", "ケ", "フ", "コ", "エ", "テ", "ア",
    "サ", "キ", "ユ", "メ", "ミ", "シ", "ヱ", "ヒ", "モ", "セ", "ス", "ン"};

static int iroha_value(const char *t, size_t n)
{
    size_t N = XC_ARRAY_LEN(IROHA);
    for (size_t i = 0; i < N; i++)
        if (n == 3 && !memcmp(t, IROHA[i], 3))
            return (int)i + 1;
    if (n == 6)
        for (size_t i = 0; i < N; i++)
            if (!memcmp(t, IROHA[i], 3))
                for (size_t j = 0; j < N; j++)
                    if (!memcmp(t + 3, IROHA[j], 3))
                        return (int)((i + 1) * N + j + 1);
    return 0;
}

typedef struct marker {
    int type;
    int value, sub;
    char piece[64];
} marker;

/* Reads "N" or "Nの M" (value, sub) as kanji numerals; all of t must be used. */
static bool kanji_token(const char *t, size_t n, int *value, int *sub, size_t *used_total)
{
    double v;
    size_t used;
    uint32_t cp0;
    if (xc_utf8_decode((const unsigned char *)t, n, &cp0) <= 0 || cp0 < 0x3000)
        return false;
    if (cp0 >= 0xFF10 && cp0 <= 0xFF19)
        return false; /* full-width digits are the fourth level, not kanji */
    if (exctl_ja_number(t, n, &v, &used) || v < 1 || v > 999)
        return false;
    *value = (int)v;
    *sub = 0;
    size_t i = used;
    if (i + 3 <= n && !memcmp(t + i, "の", 3)) {
        double v2;
        size_t u2;
        if (exctl_ja_number(t + i + 3, n - i - 3, &v2, &u2) || v2 < 1 || v2 > 99)
            return false;
        *sub = (int)v2;
        i += 3 + u2;
    }
    *used_total = i;
    return true;
}

static int parse_marker(const char *line, size_t n, size_t *text_off, marker *m)
{
    const char *sp = memchr(line, ' ', n);
    if (!sp || sp == line)
        return MK_NONE;
    size_t tn = (size_t)(sp - line);
    size_t used;
    memset(m, 0, sizeof *m);
    *text_off = tn + 1;
    if (tn < sizeof m->piece) {
        memcpy(m->piece, line, tn);
        m->piece[tn] = '\0';
    } else {
        return MK_NONE;
    }
    if (kanji_token(line, tn, &m->value, &m->sub, &used)) {
        if (used == tn)
            return m->type = MK_KANJI;
        /* "十二及び十三": two deleted 号 on one line */
        if (tn > used + 6 && !memcmp(line + used, "及び", 6))
            return m->type = MK_KANJI;
        return MK_NONE;
    }
    if (tn > 6 && !memcmp(line, "（", 3) && !memcmp(line + tn - 3, "）", 3) &&
        kanji_token(line + 3, tn - 6, &m->value, &m->sub, &used) && used == tn - 6) {
        snprintf(m->piece, sizeof m->piece, "(%.*s)", (int)(tn - 6), line + 3);
        return m->type = MK_PAREN;
    }
    uint32_t cp;
    int k = xc_utf8_decode((const unsigned char *)line, tn, &cp);
    if (k == 3 && cp >= 0xFF10 && cp <= 0xFF19) {
        int v = 0;
        size_t o = 0;
        for (size_t i = 0; i < tn; i += 3) {
            if (xc_utf8_decode((const unsigned char *)line + i, tn - i, &cp) != 3 ||
                cp < 0xFF10 || cp > 0xFF19)
                return MK_NONE;
            v = v * 10 + (int)(cp - 0xFF10);
            m->piece[o++] = (char)('0' + (cp - 0xFF10));
        }
        m->piece[o] = '\0';
        m->value = v;
        return m->type = MK_DIGIT;
    }
    if ((m->value = iroha_value(line, tn)) > 0)
        return m->type = MK_IROHA;
    return MK_NONE;
}

/* 2..99 in kanji as used in article citations (第二項, 第十二項). */
static const char *kanji_small(int v, char buf[32])
{
    static const char *d[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (v < 1 || v > 99)
        return "?";
    snprintf(buf, 32, "%s%s%s", v >= 20 ? d[v / 10] : "", v >= 10 ? "十" : "", d[v % 10]);
    return buf;
}

typedef struct level {
    marker m;
    size_t code_len; /* length of the suffix up to and including this level */
} level;

static int flush(cl_clause_fn fn, void *ctx, xc_buf *suffix, int depth, xc_buf *text)
{
    if (depth < 0)
        return EXCTL_OK;
    return fn(ctx, xc_buf_cstr(suffix), depth, xc_buf_cstr(text), text->len);
}

int cl_split_clauses(const char *text, size_t len, cl_clause_fn fn, void *ctx,
                     size_t *anomalies)
{
    level st[16];
    int depth = -1, pending = -1, rc = EXCTL_OK, para = 1;
    xc_buf suffix, body;
    xc_buf_init(&suffix);
    xc_buf_init(&body);
    *anomalies = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        const char *line = p;
        p = nl ? nl + 1 : end;
        marker m;
        size_t off = 0;
        int type = parse_marker(line, n, &off, &m);
        int at = -2; /* level index the new marker takes */
        if (type != MK_NONE) {
            bool first = (m.value == 1 && m.sub == 0);
            if (type == MK_DIGIT && m.value == para + 1 &&
                (!strncmp(line + off, "輸出令", strlen("輸出令")) ||
                 !strncmp(line + off, "外為令", strlen("外為令")))) {
                /* a new paragraph (第二項, 第三項 ...): its 号 restart at 一 */
                type = MK_PARA;
                at = 0;
            } else if (first && depth + 1 < (int)XC_ARRAY_LEN(st)) {
                /* a series starts (一, イ, （一）, １): a child of the current clause,
                 * even when of the same kind (イ under カ) */
                at = depth + 1;
            } else {
                int best = -1;
                for (int d = depth; d >= 0 && best < 0; d--) {
                    const marker *o = &st[d].m;
                    if (o->type == type &&
                        ((m.value == o->value + 1 && m.sub == 0) ||
                         (m.value == o->value && m.sub == (o->sub ? o->sub + 1 : 2))))
                        best = d;
                }
                for (int d = depth; d >= 0 && best < 0; d--) {
                    const marker *o = &st[d].m;
                    if (o->type == type && (m.value > o->value ||
                                            (m.value == o->value && m.sub > o->sub)))
                        best = d;
                }
                if (best < 0 && depth < 0 && type == MK_KANJI)
                    best = 0;
                at = best >= 0 ? best : -2;
                if (best < 0 && type == MK_DIGIT && m.value == para + 1) {
                    type = MK_PARA; /* a paragraph whose text does not name the list */
                    at = 0;
                }
            }
        }
        if (at == -2) {
            if (type != MK_NONE && depth >= 0)
                (*anomalies)++;
            if (pending >= 0 || depth < 0) {
                if (body.len && (rc = xc_buf_putc(&body, '\n')))
                    goto out;
                if ((rc = xc_buf_append(&body, line, n)))
                    goto out;
            }
            continue;
        }
        if ((rc = flush(fn, ctx, &suffix, pending, &body)))
            goto out;
        body.len = 0;
        size_t base = at > 0 ? st[at - 1].code_len : 0;
        suffix.len = base;
        if (type == MK_PARA) {
            m.type = MK_PARA;
            para = m.value;
            char kb[32];
            rc = xc_buf_printf(&suffix, "第%s項", kanji_small(m.value, kb));
        } else if (type == MK_KANJI && (at == 0 || st[at - 1].m.type == MK_PARA)) {
            /* 号: 第N号 or 第N号のM */
            const char *tok = m.piece;
            const char *no = strstr(tok, "の");
            const char *yobi = strstr(tok, "及び");
            if (yobi)
                rc = xc_buf_printf(&suffix, "第%.*s号及び第%s号", (int)(yobi - tok), tok,
                                   yobi + 6);
            else if (no)
                rc = xc_buf_printf(&suffix, "第%.*s号の%s", (int)(no - tok), tok, no + 3);
            else
                rc = xc_buf_printf(&suffix, "第%s号", tok);
        } else {
            rc = xc_buf_puts(&suffix, m.piece);
        }
        if (rc || (rc = xc_buf_append(&body, line + off, n - off)))
            goto out;
        st[at].m = m;
        st[at].code_len = suffix.len;
        depth = pending = at;
    }
    rc = flush(fn, ctx, &suffix, pending, &body);
out:
    xc_buf_free(&suffix);
    xc_buf_free(&body);
    return rc;
}

/* --- loader -------------------------------------------------------------- */
typedef struct art_ctx {
    exctl_controls *c;
    exctl_cl_entry *article;
    exctl_cl_entry *stack[16];
    exctl_errbuf *eb;
    const char *path;
} art_ctx;

static int on_clause(void *vctx, const char *suffix, int depth, const char *text, size_t len)
{
    art_ctx *a = vctx;
    char code[512];
    int k = snprintf(code, sizeof code, "%s%s", a->article->code, suffix);
    if (k < 0 || (size_t)k >= sizeof code || depth >= 16)
        return xc_err(a->eb, EXCTL_ETOOBIG, "%s: clause code too long in %s", a->path,
                      a->article->code);
    exctl_cl_entry *parent = depth > 0 ? a->stack[depth - 1] : a->article;
    if (!parent)
        parent = a->article;
    exctl_cl_entry *e;
    int rc = cl_add(a->c, EXCTL_NUM_JP_CLAUSE, code, parent, &e, a->eb);
    if (rc)
        return xc_err(a->eb, rc, "%s: %s: duplicate clause %s", a->path, a->article->code,
                      code);
    e->text_ja = e->title_ja = cl_str(a->c, text, len);
    a->stack[depth] = e;
    for (int d = depth + 1; d < 16; d++)
        a->stack[d] = NULL;
    return e->text_ja ? EXCTL_OK : EXCTL_ENOMEM;
}

/* "12-1" -> "(12)1", "13の2" -> "(13の2)", "" -> "" */
static void item_code(const char *kou, const char *sub, char *out, size_t cap)
{
    const char *dash = strchr(sub, '-');
    if (!*sub)
        snprintf(out, cap, "%s項", kou);
    else if (dash)
        snprintf(out, cap, "%s項(%.*s)%s", kou, (int)(dash - sub), sub, dash + 1);
    else
        snprintf(out, cap, "%s項(%s)", kou, sub);
}

static int load_items(exctl_controls *c, json_t *arr, const char *path, exctl_errbuf *eb)
{
    size_t i;
    json_t *it;
    char last_main[64] = "";
    json_array_foreach(arr, i, it) {
        const char *kou = json_string_value(json_object_get(it, "kou"));
        const char *sub = json_string_value(json_object_get(it, "sub"));
        const char *text = json_string_value(json_object_get(it, "text"));
        const char *label = json_string_value(json_object_get(it, "label"));
        if (!kou || !sub || !text)
            return xc_err(eb, EXCTL_EPARSE, "%s: appendix1[%zu]: kou, sub and text required",
                          path, i);
        char code[256], norm[256];
        item_code(kou, sub, code, sizeof code);
        if (exctl_cl_normalize_code(code, norm, sizeof norm))
            return xc_err(eb, EXCTL_EPARSE, "%s: appendix1[%zu]: bad code", path, i);
        const char *body = text;
        uint32_t cp0 = 0;
        xc_utf8_decode((const unsigned char *)text, strlen(text), &cp0);
        if (!*sub && last_main[0] && cp0 >= 0xFF10 && cp0 <= 0xFF19 && strchr(text, ' ')) {
            /* Known quirk of the snapshot: "５の２ 噴霧乾燥器" under 3の2項 is
             * 3の2の項（2）5の2 with its number left in the text. */
            const char *sp = strchr(text, ' ');
            char tok[64], ntok[64];
            if (!sp || (size_t)(sp - text) >= sizeof tok)
                return xc_err(eb, EXCTL_EPARSE, "%s: appendix1[%zu]: duplicate item %s", path,
                              i, norm);
            memcpy(tok, text, (size_t)(sp - text));
            tok[sp - text] = '\0';
            if (exctl_cl_normalize_code(tok, ntok, sizeof ntok))
                return xc_err(eb, EXCTL_EPARSE, "%s: appendix1[%zu]: bad code", path, i);
            snprintf(code, sizeof code, "%s項(%s)%s", kou, last_main, ntok);
            exctl_cl_normalize_code(code, norm, sizeof norm);
            body = sp + 1;
        }
        /* parent: strip the trailing sub-item */
        char pcode[256];
        exctl_cl_entry *parent = NULL;
        const char *dash = strchr(sub, '-');
        if (*sub) {
            if (dash || strchr(norm, ')')[1] != '\0') {
                size_t pl = (size_t)(strchr(norm, ')') - norm) + 1;
                snprintf(pcode, sizeof pcode, "%.*s", (int)pl, norm);
            } else {
                snprintf(pcode, sizeof pcode, "%s項", kou);
            }
            parent = cl_get_mut(c, pcode);
            snprintf(last_main, sizeof last_main, "%.*s", dash ? (int)(dash - sub) : (int)strlen(sub),
                     sub);
        } else if (body != text) {
            char *rp = strchr(norm, ')');
            snprintf(pcode, sizeof pcode, "%.*s", (int)(rp - norm) + 1, norm);
            parent = cl_get_mut(c, pcode);
        }
        exctl_cl_entry *e;
        int rc = cl_add(c, EXCTL_NUM_JP_ITEM, norm, parent, &e, eb);
        if (rc)
            return xc_err(eb, rc, "%s: appendix1[%zu]: duplicate item %s", path, i, norm);
        e->title_ja = e->text_ja = cl_str(c, body, strlen(body));
        if (label && (e->notes = cl_str(c, label, strlen(label))) == NULL)
            return EXCTL_ENOMEM;
    }
    return EXCTL_OK;
}

static int load_articles(exctl_controls *c, json_t *arr, const char *path, exctl_errbuf *eb)
{
    size_t i;
    json_t *it;
    json_array_foreach(arr, i, it) {
        const char *art = json_string_value(json_object_get(it, "article"));
        const char *text = json_string_value(json_object_get(it, "text"));
        const char *kou = json_string_value(json_object_get(it, "kou"));
        const char *tkou = json_string_value(json_object_get(it, "techKou"));
        if (!art || !text)
            return xc_err(eb, EXCTL_EPARSE, "%s: ministerialArticles[%zu]: article and text "
                          "required", path, i);
        char code[128];
        const char *paren = strstr(art, "（");
        size_t al = paren ? (size_t)(paren - art) : strlen(art);
        if (al >= 100)
            return xc_err(eb, EXCTL_EPARSE, "%s: ministerialArticles[%zu]: bad article name",
                          path, i);
        snprintf(code, sizeof code, "%s%.*s", kou || tkou ? "" : "貨物等省令", (int)al, art);
        exctl_cl_entry *e;
        int rc = cl_add(c, EXCTL_NUM_JP_CLAUSE, code, NULL, &e, eb);
        if (rc)
            return xc_err(eb, rc, "%s: ministerialArticles[%zu]: duplicate article %s", path, i,
                          code);
        char title[256], item[64];
        if (kou) {
            snprintf(title, sizeof title, "貨物等省令%s（輸出令別表第一 %s項 の仕様）", code, kou);
            snprintf(item, sizeof item, "%s項", kou);
            if ((rc = cl_add_cp(c, e, EXCTL_NUM_JP_ITEM, item, "貨物等省令 article scope")))
                return rc;
        } else if (tkou) {
            snprintf(title, sizeof title, "貨物等省令%s（外為令別表 %s項 の技術）", code, tkou);
        } else {
            snprintf(title, sizeof title, "%s", code);
        }
        e->title_ja = cl_str(c, title, strlen(title));
        if (!kou && !tkou) {
            e->text_ja = cl_str(c, text, strlen(text));
            continue;
        }
        /* the first line is the article's lead sentence */
        const char *nl = strchr(text, '\n');
        size_t ll = nl ? (size_t)(nl - text) : strlen(text);
        e->text_ja = cl_str(c, text, ll);
        art_ctx a = {.c = c, .article = e, .eb = eb, .path = path};
        size_t anomalies = 0;
        if (nl && (rc = cl_split_clauses(nl + 1, strlen(nl + 1), on_clause, &a, &anomalies)))
            return rc;
    }
    return EXCTL_OK;
}

int cl_load_jp(exctl_controls *c, const char *path, exctl_errbuf *eb)
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
    json_t *items = json_object_get(root, "appendix1");
    json_t *arts = json_object_get(root, "ministerialArticles");
    if (!json_is_array(items) || !json_is_array(arts)) {
        rc = xc_err(eb, EXCTL_EFORMAT, "%s: expected appendix1 and ministerialArticles", path);
        goto out;
    }
    if ((rc = load_items(c, items, path, eb)) || (rc = load_articles(c, arts, path, eb)))
        goto out;
    json_t *stamp = json_object_get(root, "stamp");
    const char *asof = json_string_value(json_object_get(stamp, "asOf"));
    char v[160];
    snprintf(v, sizeof v, "輸出貿易管理令別表第一 (e-Gov, as of %s)", asof ? asof : "?");
    c->version[EXCTL_NUM_JP_ITEM] = cl_str(c, v, strlen(v));
    snprintf(v, sizeof v, "貨物等省令 403M50000400049 (e-Gov, as of %s)", asof ? asof : "?");
    c->version[EXCTL_NUM_JP_CLAUSE] = cl_str(c, v, strlen(v));
out:
    if (rc == EXCTL_ENOMEM)
        xc_err(eb, rc, "out of memory");
    json_decref(root);
    free(data);
    return rc;
}
