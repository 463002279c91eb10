/*
 * Name normalisation: from source text to prepared Latin token variants.
 *
 * ASCII names (most queries) take a fast path that never touches ICU. Other
 * text is NFKC-case-folded with ICU (thread-safe normalizer instances) and
 * walked code point by code point: Latin letters lose their diacritics via a
 * table built once from ICU's NFD data, and a token ends wherever the script
 * class changes (三菱ケミカル is 三菱 + ケミカル), so each native token has one
 * script and one romaniser. Apostrophes inside words vanish (Qa'ida =
 * Qaida); every other punctuation mark separates tokens.
 *
 * Variants: a name yields as many variants as the romaniser of its richest
 * script has keys; variant k uses key min(k, nkeys-1) of each token's
 * script. Identical variants are dropped.
 */
#include <pthread.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include "screen_int.h"

static const UNormalizer2 *g_nfkc_cf;
static char g_latin_fold[0x250 - 0xC0][3];    /* U+00C0..U+024F */
static char g_latin_ext[0x1F00 - 0x1E00][2];  /* U+1E00..U+1EFF */
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static int g_init_rc;

int scr_translit_init(void);

static void fill_fold(UChar32 cp, const UNormalizer2 *nfd, char *out, size_t cap)
{
    static const struct { uint32_t cp; const char *s; } special[] = {
        {0xC6, "ae"}, {0xE6, "ae"}, {0xDF, "ss"}, {0x152, "oe"}, {0x153, "oe"},
        {0xD8, "o"}, {0xF8, "o"}, {0x110, "d"}, {0x111, "d"}, {0x141, "l"},
        {0x142, "l"}, {0xDE, "th"}, {0xFE, "th"}, {0x131, "i"}, {0xD0, "d"},
        {0xF0, "d"}, {0x126, "h"}, {0x127, "h"}, {0x166, "t"}, {0x167, "t"},
        {0x14A, "n"}, {0x14B, "n"}, {0x138, "k"}, {0x17F, "s"}, {0x1E9E, "ss"},
    };
    out[0] = '\0';
    for (size_t i = 0; i < XC_ARRAY_LEN(special); i++) {
        if (special[i].cp == (uint32_t)cp) {
            size_t n = strlen(special[i].s);
            if (n < cap) {
                memcpy(out, special[i].s, n + 1);
            }
            return;
        }
    }
    UChar buf[8];
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = unorm2_getDecomposition(nfd, cp, buf, 8, &err);
    UChar32 base = cp;
    if (U_SUCCESS(err) && n > 0) {
        int32_t i = 0;
        U16_NEXT(buf, i, n, base);
    }
    base = u_tolower(base);
    if (base >= 'a' && base <= 'z') {
        out[0] = (char)base;
        out[1] = '\0';
    }
}

static void init_once(void)
{
    UErrorCode err = U_ZERO_ERROR;
    g_nfkc_cf = unorm2_getNFKCCasefoldInstance(&err);
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&err);
    if (U_FAILURE(err) || !g_nfkc_cf || !nfd) {
        g_init_rc = EXCTL_EINTERNAL;
        return;
    }
    for (UChar32 cp = 0xC0; cp < 0x250; cp++)
        fill_fold(cp, nfd, g_latin_fold[cp - 0xC0], 3);
    for (UChar32 cp = 0x1E00; cp < 0x1F00; cp++)
        fill_fold(cp, nfd, g_latin_ext[cp - 0x1E00], 2);
    g_init_rc = scr_translit_init();
    if (!g_init_rc)
        g_init_rc = scr_givennames_init();
}

int scr_init(void)
{
    pthread_once(&g_once, init_once);
    return g_init_rc;
}

/* Script class of a code point, or -1 for a separator, -2 for a character
 * to drop without separating (apostrophes, marks, tatweel). */
static int cp_class(UChar32 cp)
{
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
            return SCR_SC_LATIN;
        if (cp >= '0' && cp <= '9')
            return SCR_SC_DIGIT;
        if (cp == '\'' || cp == '`')
            return -2;
        return -1;
    }
    if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0x02BB || cp == 0x0640 ||
        cp == 0x02B9 || cp == 0x02BA || cp == 0x00B4)
        return -2;
    if (cp == 0x30FC || cp == 0xFF70 || cp == 0x30FD || cp == 0x30FE)
        return SCR_SC_KANA;            /* prolonged sound mark, iteration marks */
    if (cp == 0x3005)
        return SCR_SC_HAN;             /* 々 */
    int8_t t = u_charType(cp);
    if (t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK)
        return -3;                     /* mark: caller decides */
    if (t == U_DECIMAL_DIGIT_NUMBER)
        return SCR_SC_DIGIT;
    if (!u_isalpha(cp))
        return -1;
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(cp, &err);
    switch (sc) {
    case USCRIPT_LATIN: return SCR_SC_LATIN;
    case USCRIPT_CYRILLIC: return SCR_SC_CYRL;
    case USCRIPT_HAN: return SCR_SC_HAN;
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_KATAKANA_OR_HIRAGANA: return SCR_SC_KANA;
    case USCRIPT_HANGUL: return SCR_SC_HANG;
    case USCRIPT_ARABIC: return SCR_SC_ARAB;
    case USCRIPT_GREEK: return SCR_SC_GREEK;
    default: return SCR_SC_OTHER;
    }
}

/* Split normalised UTF-16 text into native tokens. */
typedef struct tokzr {
    scr_ntok *t;
    size_t n, cap;
    char *buf;          /* UTF-8 output, all tokens, NUL separated */
    size_t blen, bcap;
    int cur;            /* class of the open token, -1 none */
    size_t start;
} tokzr;

static void tok_close(tokzr *z)
{
    if (z->cur < 0)
        return;
    size_t len = z->blen - z->start;
    if (len > 0 && z->n < z->cap && z->blen < z->bcap) {
        z->buf[z->blen++] = '\0';
        scr_ntok *t = &z->t[z->n++];
        t->s = z->buf + z->start;
        t->len = (uint16_t)(len > 0xFFFF ? 0xFFFF : len);
        t->sc = (uint8_t)z->cur;
        t->kind = SCR_TK_WORD;
        t->orig = NULL;
        t->olen = 0;
    } else {
        z->blen = z->start;
    }
    z->cur = -1;
}

static void tok_put(tokzr *z, int cls, const char *s, size_t n)
{
    /* Latin letters and digits stay together (A320, 7th); other scripts
     * split from digits. */
    bool same = z->cur == cls ||
                (z->cur == SCR_SC_LATIN && cls == SCR_SC_DIGIT) ||
                (z->cur == SCR_SC_DIGIT && cls == SCR_SC_LATIN);
    if (z->cur >= 0 && !same)
        tok_close(z);
    if (z->cur < 0) {
        z->cur = cls;
        z->start = z->blen;
    } else if (cls == SCR_SC_LATIN) {
        z->cur = SCR_SC_LATIN;
    }
    if (z->blen + n + 1 < z->bcap) {
        memcpy(z->buf + z->blen, s, n);
        z->blen += n;
    }
}

static bool ascii_letter(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A dot between single letters joins them: P.T. = PT, G.m.b.H. = GmbH,
 * N.A.B.C. = NABC; "A.Smith" and "St.Petersburg" still split. seg is the
 * number of letters since the token start or the last joining dot. */
static bool acronym_dot(const char *s, size_t len, size_t i, size_t seg)
{
    if (s[i] != '.' || seg != 1 || i + 1 >= len || !ascii_letter((unsigned char)s[i + 1]))
        return false;
    return i + 2 >= len || !ascii_letter((unsigned char)s[i + 2]);
}

static void tokenize_ascii(tokzr *z, const char *s, size_t len)
{
    size_t seg = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char lc = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
        int cls = cp_class(c);
        if (cls >= 0) {
            tok_put(z, cls, &lc, 1);
            seg++;
        } else if (cls == -1) {
            if (z->cur == SCR_SC_LATIN && acronym_dot(s, len, i, seg)) {
                seg = 0;
                continue;
            }
            tok_close(z);
            seg = 0;
        }
    }
    tok_close(z);
}

/* Cyrillic of a Latin look-alike (after case folding), or 0. */
static UChar cyr_lookalike(UChar c)
{
    switch (c) {
    case 'a': return 0x430;
    case 'b': return 0x432;
    case 'c': return 0x441;
    case 'e': return 0x435;
    case 'h': return 0x43D;
    case 'i': return 0x456;
    case 'k': return 0x43A;
    case 'm': return 0x43C;
    case 'o': return 0x43E;
    case 'p': return 0x440;
    case 't': return 0x442;
    case 'x': return 0x445;
    case 'y': return 0x443;
    case 0xEB: return 0x451;     /* ë: ё (Ткачëв) */
    case 0xEF: return 0x457;     /* ï: ї */
    default: return 0;
    }
}

static bool is_cyr(UChar c)
{
    return c >= 0x400 && c <= 0x4FF;
}

/* Belarusian and Ukrainian lists type the Latin i for і (Мiкалаевiч) and
 * other Latin look-alikes slip into Cyrillic words; without this the word
 * falls apart at each script change. A Latin look-alike touching a
 * Cyrillic letter becomes that letter; runs (IO) are reached by repeating
 * the pass from both sides. */
static void cyrillic_homoglyphs(UChar *u, int32_t n)
{
    bool any = false;
    for (int32_t i = 0; i < n && !any; i++)
        any = is_cyr(u[i]);
    if (!any)
        return;
    for (int pass = 0; pass < 2; pass++) {
        for (int32_t i = 0; i < n; i++) {
            UChar c = cyr_lookalike(u[i]);
            if (c && ((i > 0 && is_cyr(u[i - 1])) || (i + 1 < n && is_cyr(u[i + 1]))))
                u[i] = c;
        }
        for (int32_t i = n; i-- > 0;) {
            UChar c = cyr_lookalike(u[i]);
            if (c && ((i > 0 && is_cyr(u[i - 1])) || (i + 1 < n && is_cyr(u[i + 1]))))
                u[i] = c;
        }
    }
}

static int tokenize_icu(tokzr *z, const char *s, size_t len, scr_scratch *tmp)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t ulen = 0;
    u_strFromUTF8(NULL, 0, &ulen, s, (int32_t)len, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
        return EXCTL_EUTF8;
    err = U_ZERO_ERROR;
    UChar *u = scr_scratch_alloc(tmp, (size_t)(ulen + 1) * sizeof(UChar));
    int32_t ncap = ulen * 3 + 16;
    UChar *nf = scr_scratch_alloc(tmp, (size_t)ncap * sizeof(UChar));
    if (!u || !nf)
        return EXCTL_ENOMEM;
    u_strFromUTF8(u, ulen + 1, NULL, s, (int32_t)len, &err);
    if (U_FAILURE(err))
        return EXCTL_EUTF8;
    int32_t nlen = unorm2_normalize(g_nfkc_cf, u, ulen, nf, ncap, &err);
    if (U_FAILURE(err))
        return EXCTL_EINTERNAL;
    cyrillic_homoglyphs(nf, nlen);
    int32_t i = 0;
    while (i < nlen) {
        UChar32 cp;
        U16_NEXT(nf, i, nlen, cp);
        int cls = cp_class(cp);
        if (cls == -3) {
            /* Marks: diacritics of Latin, Cyrillic, Greek and Arabic vowel
             * signs go; other scripts need theirs (Devanagari vowels). */
            if (z->cur == SCR_SC_OTHER) {
                char o[4];
                tok_put(z, SCR_SC_OTHER, o, (size_t)xc_utf8_encode((uint32_t)cp, o));
            }
            continue;
        }
        if (cls == -2)
            continue;
        if (cls == -1) {
            tok_close(z);
            continue;
        }
        if (cls == SCR_SC_LATIN) {
            const char *f = NULL;
            char one[2] = {0, 0};
            if (cp < 0x80) {
                one[0] = (char)u_tolower(cp);
                f = one;
            } else if (cp >= 0xC0 && cp < 0x250) {
                f = g_latin_fold[cp - 0xC0];
            } else if (cp >= 0x1E00 && cp < 0x1F00) {
                f = g_latin_ext[cp - 0x1E00];
            }
            if (f && *f)
                tok_put(z, SCR_SC_LATIN, f, strlen(f));
            continue;
        }
        if (cls == SCR_SC_DIGIT) {
            char d = (char)('0' + u_charDigitValue(cp));
            tok_put(z, SCR_SC_DIGIT, &d, 1);
            continue;
        }
        char o[4];
        tok_put(z, cls, o, (size_t)xc_utf8_encode((uint32_t)cp, o));
    }
    tok_close(z);
    return EXCTL_OK;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

/* Letters a..z in s. */
static size_t popcount_letters(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += s[i] >= 'a' && s[i] <= 'z';
    return k;
}

/* What a content word may be besides itself: a given name of some
 * hypocorism groups, an acronym (2-6 letters, not a legal form). */
static void set_word_flags(scr_tok *t)
{
    bool word = t->kind == SCR_TK_WORD;
    t->hs = word ? scr_hypo_sig(t->s, t->len) : 0;
    t->acro = word && t->len >= 2 && t->len <= SCR_ACRO_MAX &&
              (uint32_t)popcount_letters(t->s, t->len) == t->len &&
              !scr_is_legal_word(t->s, t->len);
}

static int make_token(scr_alloc *a, scr_tok *t, const char *s, size_t n, uint8_t kind)
{
    char lo[SCR_MAX_TOKLEN + 1], sk[SCR_MAX_TOKLEN + 1];
    if (n > SCR_MAX_TOKLEN)
        n = SCR_MAX_TOKLEN;
    size_t lon = scr_loose_key(s, n, lo, sizeof lo);
    size_t skn = scr_skeleton(lo, lon, sk, sizeof sk);
    char *mem = scr_alloc_mem(a, n + lon + skn + 3);
    if (!mem)
        return EXCTL_ENOMEM;
    memcpy(mem, s, n);
    mem[n] = '\0';
    memcpy(mem + n + 1, lo, lon);
    mem[n + 1 + lon] = '\0';
    memcpy(mem + n + 2 + lon, sk, skn);
    mem[n + 2 + lon + skn] = '\0';
    t->s = mem;
    t->lo = mem + n + 1;
    t->sk = mem + n + 2 + lon;
    t->len = (uint8_t)n;
    t->lolen = (uint8_t)lon;
    t->sklen = (uint8_t)skn;
    t->kind = all_digits(s, n) ? SCR_TK_NUM : kind;
    set_word_flags(t);
    t->m = scr_letter_mask(t->s, t->len);
    t->lom = scr_letter_mask(t->lo, t->lolen);
    scr_tok_start_keys(t);
    t->abjad = 0;
    t->kana = 0;
    t->w = 1.0f;
    t->id = SCR_NOID;
    return EXCTL_OK;
}

/* A name made only of organisation words and particles ("Technology and
 * Development Group Ltd", "Industrial Solutions") is still a name: with
 * nothing else to go by, those words are its content, or the listed party
 * could never be found, not even by its exact name. One such word alone
 * ("Bank", "Institute") names nobody, and a legal form alone never makes a
 * match (legal forms are not tokens). Both sides of a comparison, and the
 * index, which keys content tokens, are prepared here, so the promotion is
 * symmetric. Titles stay what they are. */
static void promote_org_only(scr_var *v)
{
    int org = 0;
    for (size_t i = 0; i < v->n; i++) {
        uint8_t k = v->t[i].kind;
        if (k == SCR_TK_WORD || k == SCR_TK_NUM)
            return;
        org += k == SCR_TK_ORG || k == SCR_TK_PARTICLE;
    }
    if (org < 2)
        return;
    for (size_t i = 0; i < v->n; i++) {
        scr_tok *t = &v->t[i];
        if (t->kind != SCR_TK_ORG && t->kind != SCR_TK_PARTICLE)
            continue;
        t->kind = SCR_TK_WORD;
        set_word_flags(t);
    }
}

static bool same_var(const scr_var *a, const scr_var *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (a->t[i].len != b->t[i].len || memcmp(a->t[i].s, b->t[i].s, a->t[i].len))
            return false;
    return true;
}

/* Names in one non-Latin script are compared in that script: romanising
 * 김정은 and 김종은, or 高市 and 高石, can make different names identical.
 * Each character becomes one byte (a hash), so the edit budgets of the
 * scorer count characters. */
static int native_variant(scr_pname *p, const scr_ntok *t, size_t n, scr_alloc *a,
                          uint32_t legal, bool orgish)
{
    bool any = false;
    for (size_t i = 0; i < n; i++)
        any = any || (t[i].kind != SCR_TK_ORG && t[i].sc != SCR_SC_LATIN &&
                      t[i].sc != SCR_SC_DIGIT);
    if (!any)
        return EXCTL_OK;
    scr_var *v = &p->nat;
    v->t = scr_alloc_mem(a, n * sizeof *v->t);
    if (!v->t)
        return EXCTL_ENOMEM;
    v->key = SCR_KEY_NATIVE;
    v->legal = legal;
    v->orgish = orgish;
    for (size_t i = 0; i < n; i++) {
        char buf[SCR_MAX_TOKLEN + 1];
        size_t o = 0;
        const unsigned char *s = (const unsigned char *)t[i].s;
        for (size_t k = 0; k < t[i].len && o < SCR_MAX_TOKLEN;) {
            uint32_t cp;
            int l = xc_utf8_decode(s + k, t[i].len - k, &cp);
            if (l <= 0)
                break;
            k += (size_t)l;
            buf[o++] = cp < 0x80 ? (char)cp : (char)(0x80 | ((cp * 2654435761u) >> 25));
        }
        if (o == 0)
            continue;
        int rc = make_token(a, &v->t[v->n], buf, o, t[i].kind);
        if (rc)
            return rc;
        char *d = scr_alloc_mem(a, (size_t)t[i].len + 1);
        if (!d)
            return EXCTL_ENOMEM;
        memcpy(d, t[i].s, t[i].len);
        d[t[i].len] = '\0';
        v->t[v->n].disp = d;             /* the hash bytes are not UTF-8 */
        v->n++;
    }
    return EXCTL_OK;
}

int scr_prepare(const char *name, size_t len, scr_alloc *a, scr_scratch *tmp,
                scr_pname *p)
{
    memset(p, 0, sizeof *p);
    if (!xc_utf8_valid(name, len))
        return EXCTL_EUTF8;
    int rc = scr_init();
    if (rc)
        return rc;
    if (len > 4096)
        len = 4096;
    tokzr z = {0};
    z.cap = 3 * SCR_MAX_TOKS;
    z.t = scr_scratch_alloc(tmp, z.cap * sizeof *z.t);
    z.bcap = len * 4 + 64;
    z.buf = scr_scratch_alloc(tmp, z.bcap);
    z.cur = -1;
    if (!z.t || !z.buf)
        return EXCTL_ENOMEM;
    bool ascii = true;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)name[i] >= 0x80) {
            ascii = false;
            break;
        }
    if (ascii) {
        tokenize_ascii(&z, name, len);
    } else {
        rc = tokenize_icu(&z, name, len, tmp);
        if (rc)
            return rc;
    }
    uint32_t legal = 0;
    bool orgish = false;
    size_t n = scr_tag_tokens(z.t, z.n, z.cap, &legal, &orgish, tmp);
    if (n > SCR_MAX_TOKS)
        n = SCR_MAX_TOKS;

    int nkeys = 1;
    int counts[SCR_SC_COUNT_] = {0};
    for (size_t i = 0; i < n; i++) {
        counts[z.t[i].sc]++;
        if (z.t[i].kind != SCR_TK_ORG) {
            int k = scr_script_nkeys(z.t[i].sc);
            if (k > nkeys)
                nkeys = k;
        }
    }
    static const char *const scnames[SCR_SC_COUNT_] = {
        "Latn", "Cyrl", "Hani", "Jpan", "Hang", "Arab", "Grek", "Zzzz", "Zyyy"};
    int best = SCR_SC_DIGIT;
    for (int c = 0; c < SCR_SC_COUNT_; c++)
        if (counts[c] > counts[best])
            best = c;
    if (counts[SCR_SC_KANA] && best == SCR_SC_HAN)
        best = SCR_SC_KANA;
    p->script = scnames[best];
    if (nkeys > SCR_MAX_VARS)
        nkeys = SCR_MAX_VARS;

    /* Cyrillic words of organisation names that the lists translate
     * (российский = russian): one more variant with them in English and the
     * rest in BGN/PCGN (cyrwords.c). */
    const char *tr[SCR_MAX_TOKS] = {0};
    uint16_t place[SCR_MAX_TOKS] = {0};
    bool translate = false;
    for (size_t i = 0; i < n; i++) {
        if (z.t[i].sc != SCR_SC_CYRL || z.t[i].kind != SCR_TK_WORD)
            continue;
        if ((tr[i] = scr_cyr_translate(z.t[i].s, z.t[i].len)))
            translate = true;
        else
            place[i] = (uint16_t)scr_cyr_place_stem(z.t[i].s, z.t[i].len);
    }
    /* In an organisation's name a place adjective is the place (Тамбовский
     * пороховой завод = Tambov Gunpowder Plant); a person's surname in -ский
     * stays whole. */
    for (size_t i = 0; i < n && orgish; i++)
        translate = translate || place[i];
    if (!orgish && !translate)
        memset(place, 0, sizeof place);
    bool cyr_en = translate;
    /* Kanji words of organisation names that Japanese lists translate
     * (国家保安委員会 = state security committee): in English in the same
     * extra variant (jawords.c), in an organisation's name, when the
     * table covers the whole token, or when a token of four characters or
     * more ends with a word (长光卫星 = Chang Guang satellite); never a
     * person's name. */
    bool kanji_tr[SCR_MAX_TOKS] = {0};
    uint32_t kanji_en[SCR_MAX_TOKS] = {0};
    for (size_t i = 0; i < n; i++) {
        if (z.t[i].sc != SCR_SC_HAN || z.t[i].kind != SCR_TK_WORD)
            continue;
        size_t tail = 0;
        size_t c = scr_kanji_covered(z.t[i].s, z.t[i].len, &tail);
        if (c && (orgish || c == z.t[i].len ||
                  (tail && xc_utf8_count(z.t[i].s, z.t[i].len) >= 4)))
            kanji_tr[i] = translate = true;
    }
    /* Arabic and Persian words of organisation names (الجماعة الاسلامية
     * المسلحة = armed islamic group, arwords.c): in an organisation's name or
     * with two such words, never one word of a person's name. */
    const char *ar_tr[SCR_MAX_TOKS] = {0};
    int n_ar = 0;
    for (size_t i = 0; i < n; i++)
        if (z.t[i].sc == SCR_SC_ARAB && z.t[i].kind == SCR_TK_WORD &&
            (ar_tr[i] = scr_ar_translate(z.t[i].s, z.t[i].len)))
            n_ar++;
    bool ar_en = n_ar && (orgish || n_ar >= 2);
    if (ar_en)
        translate = true;
    else
        memset(ar_tr, 0, sizeof ar_tr);
    /* A Chinese name in Wade-Giles (Mao Tse-tung): one more variant in
     * pinyin (wadegiles.c), when every token is a syllable and one of them
     * has a shape pinyin never writes. */
    char wgs[SCR_MAX_TOKS][8];
    bool wg = n >= 2 && n <= 4 && nkeys == 1 && !translate;
    int wg_distinct = 0;
    for (size_t i = 0; i < n && wg; i++) {
        int r = z.t[i].sc == SCR_SC_LATIN && z.t[i].kind == SCR_TK_WORD
                    ? scr_wade_giles(z.t[i].s, z.t[i].len, wgs[i], sizeof wgs[i]) : -1;
        wg = r >= 0;
        wg_distinct += r == 1;
    }
    wg = wg && wg_distinct > 0;
    int rounds = nkeys;
    if (translate || wg) {
        if (rounds == SCR_MAX_VARS)
            rounds--;
        rounds++;
    }
    /* Kanji in a name written with kana are Japanese: they take the
     * Japanese reading in every variant. */
    bool japanese = counts[SCR_SC_KANA] > 0;
    for (int round = 0; round < rounds; round++) {
        bool trv = translate && round == rounds - 1;
        bool wgv = wg && round == rounds - 1;
        int k = trv ? 0 : round;
        scr_var *v = &p->v[p->nv];
        memset(v, 0, sizeof *v);
        v->legal = legal;
        v->orgish = orgish;
        v->key = SCR_KEY_LATIN;
        /* Romanise first: a romaniser may return several words (习近平 =
         * xi jinping, kanji read word by word), so the token count is
         * known only then. */
        char rom[SCR_MAX_TOKS][SCR_XLIT_CAP];
        size_t rl[SCR_MAX_TOKS];
        size_t count = 0;
        for (size_t i = 0; i < n; i++) {
            const scr_ntok *nt = &z.t[i];
            rl[i] = 0;
            if (nt->kind != SCR_TK_ORG && nt->sc != SCR_SC_LATIN && nt->sc != SCR_SC_DIGIT) {
                int nk = scr_script_nkeys(nt->sc);
                int kk = k < nk ? k : nk - 1;
                if (nt->sc == SCR_SC_HAN && japanese && nk > SCR_HAN_KEY_JA)
                    kk = SCR_HAN_KEY_JA;
                /* a translated name's loan words are English ones */
                if (trv && !cyr_en && nt->sc == SCR_SC_KANA && nk > 1)
                    kk = 1;
                if (trv && kanji_tr[i]) {
                    rl[i] = scr_kanji_english(nt, kk, rom[i], sizeof rom[i], &kanji_en[i]);
                } else if (trv && (tr[i] || ar_tr[i])) {
                    const char *en = tr[i] ? tr[i] : ar_tr[i];
                    rl[i] = strlen(en);
                    if (rl[i] >= sizeof rom[i])
                        rl[i] = sizeof rom[i] - 1;
                    memcpy(rom[i], en, rl[i]);
                    rom[i][rl[i]] = '\0';
                } else if (trv && place[i]) {
                    scr_ntok stem = *nt;
                    stem.len = place[i];
                    rl[i] = scr_romanize(&stem, kk, rom[i], sizeof rom[i]);
                } else {
                    rl[i] = scr_romanize(nt, kk, rom[i], sizeof rom[i]);
                }
                v->xlit = 1;
                if (trv)
                    v->key = cyr_en ? SCR_KEY_CYR_EN
                             : ar_en ? SCR_KEY_ARABIC_EN : SCR_KEY_KANJI_EN;
                else if (v->key == SCR_KEY_LATIN || k < nk)
                    v->key = (uint8_t)scr_script_key(nt->sc, kk);
                for (size_t j = 0; j < rl[i]; j++)
                    count += rom[i][j] != ' ' && (j == 0 || rom[i][j - 1] == ' ');
            } else {
                count++;
            }
        }
        if (count > SCR_MAX_TOKS)
            count = SCR_MAX_TOKS;
        v->t = scr_alloc_mem(a, (count ? count : 1) * sizeof *v->t);
        if (!v->t)
            return EXCTL_ENOMEM;
        for (size_t i = 0; i < n && v->n < count; i++) {
            const scr_ntok *nt = &z.t[i];
            bool xl = nt->kind != SCR_TK_ORG && nt->sc != SCR_SC_LATIN && nt->sc != SCR_SC_DIGIT;
            if (!xl) {
                if (nt->len == 0)
                    continue;
                if (wgv) {
                    v->key = SCR_KEY_WADE_GILES;
                    rc = make_token(a, &v->t[v->n], wgs[i], strlen(wgs[i]), nt->kind);
                } else {
                    rc = make_token(a, &v->t[v->n], nt->s, nt->len, nt->kind);
                }
                if (rc)
                    return rc;
                if (nt->orig && (v->t[v->n].hs = scr_hypo_sig(nt->orig, nt->olen))) {
                    /* "Ben Netanyahu": ben reads bin as a particle, and is
                     * still a given name (shown as written) */
                    char *d = scr_alloc_mem(a, (size_t)nt->olen + 1);
                    if (!d)
                        return EXCTL_ENOMEM;
                    memcpy(d, nt->orig, nt->olen);
                    d[nt->olen] = '\0';
                    v->t[v->n].disp = d;
                }
                v->n++;
                continue;
            }
            const char *w = rom[i], *end = rom[i] + rl[i];
            unsigned wi = 0;     /* word of rom[i] */
            while (w < end && v->n < count) {
                while (w < end && *w == ' ')
                    w++;
                const char *e = w;
                while (e < end && *e != ' ')
                    e++;
                if (e > w) {
                    /* a romanised word that is an English number word (Тен
                     * = Ten, a Korean surname) is that number, as the same
                     * word written in Latin is (numwords.c) */
                    scr_ntok one = {.s = (char *)w, .len = (uint16_t)(e - w),
                                    .sc = SCR_SC_LATIN, .kind = SCR_TK_WORD};
                    char num[16];
                    bool english = trv && (tr[i] || ar_tr[i] || (kanji_tr[i] && wi < 32 &&
                                                     (kanji_en[i] >> wi & 1u)));
                    wi++;
                    const char *canon = english ? scr_org_word(w, (size_t)(e - w)) : NULL;
                    if (canon) {
                        /* an English organisation word: its canonical text,
                         * as the same word written in English gets */
                        rc = make_token(a, &v->t[v->n], canon, strlen(canon), SCR_TK_ORG);
                        v->orgish = 1;
                    } else if (nt->kind == SCR_TK_WORD &&
                               scr_number_words(&one, 0, 1, num, sizeof num) == 1)
                        rc = make_token(a, &v->t[v->n], num, strlen(num), SCR_TK_NUM);
                    else
                        rc = make_token(a, &v->t[v->n], w, (size_t)(e - w), nt->kind);
                    if (rc)
                        return rc;
                    v->t[v->n].abjad = nt->sc == SCR_SC_ARAB && !english;
                    v->t[v->n].kana = nt->sc == SCR_SC_KANA;
                    v->n++;
                }
                w = e;
            }
        }
        bool dup = false;
        for (int j = 0; j < p->nv; j++)
            if (same_var(&p->v[j], v))
                dup = true;
        if (!dup)
            p->nv++;
    }
    if (p->nv == 0) {
        p->nv = 1;     /* an empty variant: scores 0 against everything */
    }
    rc = native_variant(p, z.t, n, a, legal, orgish);
    if (rc)
        return rc;
    for (int j = 0; j < p->nv; j++)
        promote_org_only(&p->v[j]);
    promote_org_only(&p->nat);
    return EXCTL_OK;
}

void scr_set_ptype(scr_pname *p, int ptype)
{
    for (int i = 0; i < p->nv; i++)
        p->v[i].ptype = (uint8_t)ptype;
    p->nat.ptype = (uint8_t)ptype;
}

int scr_ptype_of(exctl_schema schema)
{
    switch (schema) {
    case EXCTL_SCHEMA_PERSON: return SCR_PT_PERSON;
    case EXCTL_SCHEMA_ORGANIZATION: return SCR_PT_ORG;
    case EXCTL_SCHEMA_VESSEL:
    case EXCTL_SCHEMA_AIRCRAFT: return SCR_PT_OTHER;
    default: return SCR_PT_ANY;
    }
}
