/*
 * Romanisation: one native token to Latin keys, several per script.
 *
 * Lists and customers write the same name in different romanisations, so a
 * token gets every usual one and the scorer keeps the best-scoring pair:
 *   Cyrillic  BGN/PCGN (ё as yo, as English writes Artyom, Pyotr), ISO 9
 *             (diacritics dropped, as our Latin side is), and the ICAO
 *             passport style; г -> h and и -> y for Ukrainian and
 *             Belarusian words (recognised by і ї є ґ ў) except in the
 *             passport style, which lists also use for them (Genadzevich).
 *   kana      Hepburn, and a foreign-word reading for katakana loan words:
 *             epenthetic vowels dropped (テクノロジーズ tekunorojiizu ->
 *             teknorojiz), small kana combined (ファ fa, ウェ we, ティ ti,
 *             ヴァ va), ー dropped; a third key reads ー after a, e, o, u as
 *             r, as British-based loan words write it (パーツ parts). f/h, l/r and v/b are folded later by the
 *             loose phonetic key (phonetic.c), which is how ファーウェイ meets
 *             Huawei; kanamatch.c prices the vowels katakana adds or
 *             English spells its own way (scr_tok.kana).
 *   Hangul    Revised Romanisation, a McCune-Reischauer style without
 *             diacritics and the style of North Korean names in English
 *             lists (Kim Jong Un), computed from the jamo arithmetically,
 *             one token per syllable as Korean names are listed.
 *   Arabic    the consonantal form with long vowels (محمد mhmd), a
 *             vowelled form that puts "a" between bare consonants (mahamad),
 *             and a Persian reading of it (ض ذ ظ z, ث s, ق gh, و v before a
 *             vowel, a final ى i, الله ullah: رضا reza, فدوی fadavi, على ali,
 *             صادق sadegh, نور الله nur ullah), because most
 *             Persian names carry no letter that only Persian uses;
 *             عبد joined to an article-led name reads abdal (Persian
 *             abdul) and the name after it afresh (عبدالقادر abdalqadir);
 *             a first ain and ya before a consonant are one long i
 *             (عيسى isa, Persian eisi; the consonantal form keeps aysa).
 *             The skeleton key of phonetic.c compares each with Latin;
 *             the scorer treats the short vowels of all three as guesses
 *             (scr_tok.abjad).
 *   Han       Mandarin pinyin from ICU's Han-Latin in two keys: grouped as
 *             Chinese and Korean names are listed (习近平 xi jinping,
 *             长沙天仪 changsha tianyi, see group_break) and as one word
 *             (麥克維爾 maikeweier, for brand names listed as one word).
 *             A third key reads the word in Japanese with KAKASI's
 *             dictionary when the library is present (三菱 mitsubishi,
 *             long vowels written once); kanji in a name that also has kana
 *             take that reading in every variant.
 *   others    ICU Any-Latin; Latin-ASCII (Greek, Hebrew, Georgian, Thai, ...).
 * ICU transliterators are not thread-safe and slow; they are used only for
 * Han and the other scripts, under one mutex, once per name.
 */
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>
#include "screen_int.h"
#ifdef EXCTL_HAVE_KAKASI
#include <iconv.h>
#include <libkakasi.h>
#ifndef KAKASI_DICT
#define KAKASI_DICT "/usr/share/kakasi/kanwadict"
#endif
#endif

static UTransliterator *g_han, *g_any;
static pthread_mutex_t g_icu_lock = PTHREAD_MUTEX_INITIALIZER;

#ifdef EXCTL_HAVE_KAKASI
/* KAKASI keeps its state in globals and reads EUC-JP: one converter pair
 * and one mutex for all threads. */
static iconv_t g_to_euc = (iconv_t)-1, g_from_euc = (iconv_t)-1;
static pthread_mutex_t g_kakasi_lock = PTHREAD_MUTEX_INITIALIZER;
#endif
static bool g_kakasi;

static void kakasi_init(void)
{
#ifdef EXCTL_HAVE_KAKASI
    /* -Ja -Ha -Ka: kanji, hiragana and katakana to romaji; -s: a space
     * between words. Without its dictionary (kakasi-dic) there is no
     * Japanese key and Han keeps pinyin only. */
    char *argv[] = {(char *)"kakasi", (char *)"-Ja", (char *)"-Ha", (char *)"-Ka",
                    (char *)"-s", NULL};
    if (access(KAKASI_DICT, R_OK) != 0)
        return;
    g_to_euc = iconv_open("EUC-JP", "UTF-8");
    g_from_euc = iconv_open("UTF-8", "EUC-JP");
    if (g_to_euc == (iconv_t)-1 || g_from_euc == (iconv_t)-1)
        return;
    if (kakasi_getopt_argv(5, argv) != 0)
        return;
    g_kakasi = true;
#endif
}

int scr_translit_init(void);
int scr_translit_init(void)
{
    static const char *han_id = "Han-Latin; Latin-ASCII; Lower";
    static const char *any_id = "Any-Latin; Latin-ASCII; Lower";
    UChar id[64];
    UErrorCode err = U_ZERO_ERROR;
    u_strFromUTF8(id, 64, NULL, han_id, -1, &err);
    g_han = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
    if (U_FAILURE(err))
        g_han = NULL;
    err = U_ZERO_ERROR;
    u_strFromUTF8(id, 64, NULL, any_id, -1, &err);
    g_any = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
    if (U_FAILURE(err))
        g_any = NULL;
    kakasi_init();
    return EXCTL_OK;
}

const char *scr_key_name(int key)
{
    static const char *const names[SCR_KEY_COUNT_] = {
        "latin", "cyrillic-bgn-pcgn", "cyrillic-iso9", "cyrillic-passport", "han-pinyin",
        "kana-hepburn", "kana-foreign", "hangul-rr", "hangul-mr", "arabic-consonantal",
        "arabic-vowelled", "icu-any-latin", "native", "cyrillic-ukrainian",
        "kana-foreign-r", "kanji-japanese", "hangul-dprk", "arabic-persian",
        "cyrillic-english-words", "wade-giles-pinyin", "kanji-english-words",
        "arabic-english-words"};
    return key >= 0 && key < SCR_KEY_COUNT_ ? names[key] : "?";
}

int scr_script_nkeys(int sc)
{
    switch (sc) {
    case SCR_SC_CYRL: return 4;
    case SCR_SC_KANA: return 3;
    case SCR_SC_HANG: return 3;
    case SCR_SC_ARAB: return 3;
    case SCR_SC_HAN: return g_kakasi ? 3 : 2;
    default: return 1;
    }
}

int scr_script_key(int sc, int k)
{
    switch (sc) {
    case SCR_SC_CYRL:
        return k == 0 ? SCR_KEY_BGN : k == 1 ? SCR_KEY_ISO9 : k == 2 ? SCR_KEY_PASSPORT
                                                                     : SCR_KEY_UKR;
    case SCR_SC_KANA:
        return k == 0 ? SCR_KEY_HEPBURN : k == 1 ? SCR_KEY_KANA_FOREIGN : SCR_KEY_KANA_R;
    case SCR_SC_HANG: return k == 0 ? SCR_KEY_RR : k == 1 ? SCR_KEY_MR : SCR_KEY_HANGUL_KP;
    case SCR_SC_ARAB:
        return k == 0 ? SCR_KEY_ARABIC : k == 1 ? SCR_KEY_ARABIC_VOW : SCR_KEY_ARABIC_FA;
    case SCR_SC_HAN: return k == SCR_HAN_KEY_JA ? SCR_KEY_KANJI_JA : SCR_KEY_PINYIN;
    default: return SCR_KEY_ICU;
    }
}

/* Output helper: appends lower-case ASCII, never past cap-1. */
typedef struct obuf {
    char *p;
    size_t n, cap;
} obuf;

static void oput(obuf *o, const char *s)
{
    while (*s && o->n + 1 < o->cap)
        o->p[o->n++] = *s++;
    o->p[o->n] = '\0';
}

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* ---- Cyrillic ---------------------------------------------------------- */

/* а..я (U+0430..U+044F) in three systems. */
static const char *const cyr_bgn[32] = {
    "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"};
static const char *const cyr_iso9[32] = {
    "a", "b", "v", "g", "d", "e", "z", "z", "i", "j", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "h", "c", "c", "s", "s", "", "y", "", "e", "u", "a"};
static const char *const cyr_pass[32] = {
    "a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia"};

static const char *cyr_other(uint32_t cp, int k)
{
    switch (cp) {
    case 0x451: return k == 0 ? "yo" : "e";             /* ё: Artyom, Pyotr; ISO 9, ICAO e */
    case 0x454: return k == 1 ? "e" : k == 0 ? "ye" : "ie"; /* є */
    case 0x456: return "i";                              /* і */
    case 0x457: return k == 1 ? "i" : k == 0 ? "yi" : "i";  /* ї */
    case 0x491: return "g";                              /* ґ */
    case 0x45E: return k == 1 ? "u" : "w";               /* ў */
    case 0x458: return "j";                              /* ј */
    case 0x459: return "lj";                             /* љ */
    case 0x45A: return "nj";                             /* њ */
    case 0x45B: return "c";                              /* ћ */
    case 0x452: return "dj";                             /* ђ */
    case 0x45F: return "dz";                             /* џ */
    case 0x455: return "dz";                             /* ѕ */
    case 0x45C: return "k";                              /* ќ */
    case 0x453: return "g";                              /* ѓ */
    case 0x4D9: return "a";                              /* ә */
    case 0x493: return "gh";                             /* ғ */
    case 0x49B: return "q";                              /* қ */
    case 0x4A3: return "ng";                             /* ң */
    case 0x4E9: return "o";                              /* ө */
    case 0x4B1: return "u";                              /* ұ */
    case 0x4AF: return "u";                              /* ү */
    case 0x4BB: return "h";                              /* һ */
    case 0x4B3: return "h";                              /* ҳ */
    case 0x49F: return "q";                              /* қ variant */
    default: return "";
    }
}

static size_t rom_cyrillic(const unsigned char *s, size_t n, int k, obuf *o)
{
    /* Key 3: Ukrainian/Belarusian reading of any Cyrillic word (BGN letters
     * with г = h, и = y), since Зеленський has no letter that only
     * Ukrainian uses. Keys 0 and 1 switch to it when і ї є ґ ў are present;
     * the passport key (2) keeps г = g, и = i, as many lists write
     * Belarusian names (Genadzevich). */
    bool east = k == 3;
    if (k == 3)
        k = 0;
    for (size_t i = 0; k != 2 && i + 1 < n; i++)
        if ((s[i] == 0xD1 && (s[i + 1] == 0x96 || s[i + 1] == 0x97 || s[i + 1] == 0x94 ||
                              s[i + 1] == 0x9E)) ||
            (s[i] == 0xD2 && s[i + 1] == 0x91))
            east = true;
    size_t i = 0;
    bool prev_vowel_or_start = true;
    while (i < n) {
        uint32_t cp;
        int len = xc_utf8_decode(s + i, n - i, &cp);
        if (len <= 0)
            break;
        i += (size_t)len;
        const char *r;
        if (cp >= 0x430 && cp <= 0x44F) {
            size_t ix = cp - 0x430;
            r = k == 0 ? cyr_bgn[ix] : k == 1 ? cyr_iso9[ix] : cyr_pass[ix];
            if (east && cp == 0x433)
                r = "h";                         /* г */
            else if (east && cp == 0x438)
                r = "y";                         /* и */
            else if (k == 0 && cp == 0x435 && prev_vowel_or_start)
                r = "ye";                        /* BGN: е initially/after vowels */
        } else if (cp < 0x80) {
            char c[2] = {(char)cp, 0};
            oput(o, c);
            prev_vowel_or_start = false;
            continue;
        } else {
            r = cyr_other(cp, k);
        }
        oput(o, r);
        prev_vowel_or_start = r[0] == '\0' ? prev_vowel_or_start : is_vowel(r[strlen(r) - 1]);
    }
    return o->n;
}

/* ---- kana ------------------------------------------------------------- */

/* Katakana U+30A1..U+30FA in Hepburn. Small vowels and small ya/yu/yo are
 * marked with a leading '~' and combined with the previous syllable. */
static const char *const kana_tab[] = {
    "~a", "a", "~i", "i", "~u", "u", "~e", "e", "~o", "o",              /* 30A1 */
    "ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge", "ko", "go",          /* 30AB */
    "sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo",        /* 30B5 */
    "ta", "da", "chi", "ji", "*", "tsu", "zu", "te", "de", "to", "do",  /* 30BF */
    "na", "ni", "nu", "ne", "no",                                       /* 30CA */
    "ha", "ba", "pa", "hi", "bi", "pi", "fu", "bu", "pu",               /* 30CF */
    "he", "be", "pe", "ho", "bo", "po",                                 /* 30D8 */
    "ma", "mi", "mu", "me", "mo",                                       /* 30DE */
    "~ya", "ya", "~yu", "yu", "~yo", "yo",                              /* 30E3 */
    "ra", "ri", "ru", "re", "ro",                                       /* 30E9 */
    "~wa", "wa", "i", "e", "o", "n", "vu", "ka", "ke",                  /* 30EE */
    "va", "vi", "ve", "vo",                                             /* 30F7 */
};

typedef struct syl {
    char c[5];     /* consonant part */
    char v;        /* vowel, 0 for syllabic n */
    bool lng;      /* followed by ー */
    bool small;    /* vowel set by a small kana (ドゥ du): never epenthetic */
} syl;

static void syl_set(syl *y, const char *r)
{
    size_t n = strlen(r);
    y->v = 0;
    if (n && is_vowel(r[n - 1]) && r[n - 1] != 'y') {
        y->v = r[n - 1];
        n--;
    }
    if (n >= sizeof y->c)
        n = sizeof y->c - 1;
    memcpy(y->c, r, n);
    y->c[n] = '\0';
}

static size_t kana_syllables(const unsigned char *s, size_t n, syl *out, size_t cap)
{
    size_t ns = 0, i = 0;
    bool gem = false;
    while (i < n && ns < cap) {
        uint32_t cp;
        int len = xc_utf8_decode(s + i, n - i, &cp);
        if (len <= 0)
            break;
        i += (size_t)len;
        if (cp >= 0x3041 && cp <= 0x3096)
            cp += 0x60;                          /* hiragana -> katakana */
        if (cp == 0x30FC || cp == 0xFF70) {
            if (ns > 0)
                out[ns - 1].lng = true;          /* ー */
            continue;
        }
        if (cp == 0x30FD || cp == 0x30FE)
            continue;                            /* iteration marks */
        if (cp < 0x30A1 || cp > 0x30FA)
            continue;
        const char *r = kana_tab[cp - 0x30A1];
        if (r[0] == '*') {                       /* ッ */
            gem = true;
            continue;
        }
        if (r[0] == '~' && ns > 0) {
            syl *p = &out[ns - 1];
            const char *sm = r + 1;
            if (sm[0] == 'y') {                  /* ャュョ */
                if (p->v == 'i') {
                    if (!strcmp(p->c, "sh") || !strcmp(p->c, "ch") || !strcmp(p->c, "j")) {
                        p->v = sm[1];
                    } else if (strlen(p->c) < 3) {
                        size_t cl = strlen(p->c);
                        p->c[cl] = 'y';
                        p->c[cl + 1] = '\0';
                        p->v = sm[1];
                    }
                    continue;
                }
            } else if (sm[0] == 'w') {
                p->v = 'a';
                continue;
            } else {                             /* ァィゥェォ */
                p->small = true;
                if (p->c[0] == '\0' && p->v == 'u')
                    memcpy(p->c, "w", 2);        /* ウェ we */
                else if (p->c[0] == '\0' && p->v == 'i')
                    memcpy(p->c, "y", 2);        /* イェ ye */
                p->v = sm[0];
                continue;
            }
        }
        syl y;
        syl_set(&y, r[0] == '~' ? r + 1 : r);
        y.lng = false;
        y.small = false;
        if (gem && y.c[0]) {
            char c2[5];
            c2[0] = y.c[0] == 'c' ? 't' : y.c[0];
            size_t cl = strlen(y.c);
            if (cl + 1 < sizeof c2) {
                memcpy(c2 + 1, y.c, cl + 1);
                memcpy(y.c, c2, cl + 2);
            }
        }
        gem = false;
        out[ns++] = y;
    }
    return ns;
}

/* Latin letters spelled out in katakana (エーエフオーエックス = AFOX, アイ
 * ジェット = I Jet): names of brands and initialisms. */
static const struct { const char *k, *l; } g_letters[] = {
    {"ダブリュー", "w"}, {"エックス", "x"}, {"エイチ", "h"}, {"ジェイ", "j"}, {"キュー", "q"},
    {"アール", "r"}, {"ゼット", "z"}, {"ディー", "d"}, {"ティー", "t"}, {"エー", "a"},
    {"ビー", "b"}, {"シー", "c"}, {"イー", "e"}, {"エフ", "f"}, {"ジー", "g"}, {"アイ", "i"},
    {"ケー", "k"}, {"エル", "l"}, {"エム", "m"}, {"エヌ", "n"}, {"オー", "o"}, {"ピー", "p"},
    {"エス", "s"}, {"ユー", "u"}, {"ブイ", "v"}, {"ワイ", "y"}, {"ヴィー", "v"},
};

/* The letters a katakana word spells, or 0 when it is not made of letter
 * names only. */
static size_t kana_letters(const char *s, size_t n, char *out, size_t cap)
{
    size_t i = 0, o = 0;
    while (i < n) {
        size_t best = 0;
        const char *l = NULL;
        for (size_t r = 0; r < XC_ARRAY_LEN(g_letters); r++) {
            size_t kl = strlen(g_letters[r].k);
            if (kl > best && kl <= n - i && !memcmp(s + i, g_letters[r].k, kl)) {
                best = kl;
                l = g_letters[r].l;
            }
        }
        if (!l || o + 2 > cap)
            return 0;
        out[o++] = l[0];
        i += best;
    }
    out[o] = '\0';
    return o;
}

static size_t rom_kana(const unsigned char *s, size_t n, int k, obuf *o)
{
    if (k == 1) {
        char lt[32];
        if (kana_letters((const char *)s, n, lt, sizeof lt)) {
            oput(o, lt);
            return o->n;
        }
    }
    syl y[64];
    size_t ns = kana_syllables(s, n, y, 64);
    for (size_t i = 0; i < ns; i++) {
        char v[3] = {y[i].v, 0, 0};
        if (k == 2 && y[i].lng && y[i].v && y[i].v != 'i')
            v[1] = 'r';                          /* パーツ parts, ター ter */
        if (k >= 1 && y[i].c[0]) {
            /* Foreign reading: drop epenthetic u (and o after t/d) before
             * a consonant or at the end of the word. */
            bool next_cons = i + 1 == ns || y[i + 1].c[0] != '\0';
            bool next_y = i + 1 < ns && y[i + 1].c[0] == 'y';
            if (next_cons && !next_y) {
                const char *c = y[i].c;
                size_t cl = strlen(c);
                char last = c[cl - 1];
                if (y[i].small || last == 'y')
                    ;                            /* ドゥ, トゥ, ミュ: a real vowel */
                else if (y[i].v == 'u' && !y[i].lng && strcmp(c, "y") && strcmp(c, "w") &&
                         strcmp(c, "n"))
                    v[0] = 0;
                else if (y[i].v == 'o' && (last == 't' || last == 'd'))
                    v[0] = 0;
                else if (y[i].v == 'i' && i + 1 == ns && !strcmp(c, "tch"))
                    v[0] = 0;
            }
        }
        if (k >= 1 && y[i].c[0] == 'n' && y[i].c[1] == '\0' && !y[i].v && i + 1 < ns &&
            strchr("bpm", y[i + 1].c[0]) && y[i + 1].c[0])
            oput(o, "m");                        /* コンピューター computer */
        else
            oput(o, y[i].c);
        oput(o, v);
    }
    return o->n;
}

/* ---- Hangul ------------------------------------------------------------ */

static const char *const hg_l_rr[19] = {"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s",
                                        "ss", "", "j", "jj", "ch", "k", "t", "p", "h"};
static const char *const hg_l_mr[19] = {"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s",
                                        "ss", "", "ch", "tch", "ch", "k", "t", "p", "h"};
static const char *const hg_v_rr[21] = {"a", "ae", "ya", "yae", "eo", "e", "yeo",
                                        "ye", "o", "wa", "wae", "oe", "yo", "u",
                                        "wo", "we", "wi", "yu", "eu", "ui", "i"};
static const char *const hg_v_mr[21] = {"a", "ae", "ya", "yae", "o", "e", "yo",
                                        "ye", "o", "wa", "wae", "oe", "yo", "u",
                                        "wo", "we", "wi", "yu", "u", "ui", "i"};
static const char *const hg_t[28] = {"", "k", "k", "k", "n", "n", "n", "t", "l", "k",
                                     "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
                                     "t", "ng", "t", "t", "k", "t", "p", "t"};

/* Initials as North Korean names are listed in English (Kim Jong Un, Pak
 * Pong Ju, Ri Chang Ho): McCune-Reischauer consonants, voiced inside the
 * word after a vowel or a sonorant (Kim Yong Bok), ㅈ always j, ㄹ r. */
static const char *const hg_l_kp[19] = {"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s",
                                        "ss", "", "j", "jj", "ch", "k", "th", "p", "h"};
static const char *const hg_l_kpv[19] = {"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s",
                                         "ss", "", "j", "jj", "ch", "k", "th", "p", "h"};

static size_t rom_hangul(const unsigned char *s, size_t n, int k, obuf *o)
{
    /* Korean names are listed syllable by syllable, so every key gives one
     * token per syllable; the scorer joins them for names listed as one
     * word (Samsung). Key 0 is RR, key 1 MR, key 2 the DPRK list style. */
    size_t i = 0, ci = 0;
    uint32_t prev_t = 0;
    while (i < n) {
        uint32_t cp;
        int len = xc_utf8_decode(s + i, n - i, &cp);
        if (len <= 0)
            break;
        i += (size_t)len;
        if (cp < 0xAC00 || cp > 0xD7A3)
            continue;
        if (ci++ > 0)
            oput(o, " ");
        uint32_t x = cp - 0xAC00;
        uint32_t L = x / 588, V = (x % 588) / 28, T = x % 28;
        if (k == 2) {
            /* finals that voice the next initial: none, n, l, m, ng */
            bool voiced = ci > 1 && (prev_t == 0 || prev_t == 4 || prev_t == 8 ||
                                     prev_t == 16 || prev_t == 21);
            oput(o, voiced ? hg_l_kpv[L] : hg_l_kp[L]);
        } else {
            oput(o, k == 0 ? hg_l_rr[L] : hg_l_mr[L]);
        }
        oput(o, k == 0 ? hg_v_rr[V] : hg_v_mr[V]);
        oput(o, hg_t[T]);
        prev_t = T;
    }
    return o->n;
}

/* ---- Arabic ------------------------------------------------------------- */

static const char *ar_cons(uint32_t cp)
{
    switch (cp) {
    case 0x628: return "b";
    case 0x62A: return "t";
    case 0x62B: return "th";
    case 0x62C: return "j";
    case 0x62D: return "h";
    case 0x62E: return "kh";
    case 0x62F: return "d";
    case 0x630: return "dh";
    case 0x631: return "r";
    case 0x632: return "z";
    case 0x633: return "s";
    case 0x634: return "sh";
    case 0x635: return "s";
    case 0x636: return "d";
    case 0x637: return "t";
    case 0x638: return "z";
    case 0x639: return "";      /* ain */
    case 0x63A: return "gh";
    case 0x641: return "f";
    case 0x642: return "q";
    case 0x643: return "k";
    case 0x6A9: return "k";
    case 0x644: return "l";
    case 0x645: return "m";
    case 0x646: return "n";
    case 0x647: return "h";
    case 0x6C1: return "h";
    case 0x67E: return "p";
    case 0x686: return "ch";
    case 0x698: return "zh";
    case 0x6AF: return "g";
    case 0x6AB: return "g";     /* Pashto gaf */
    case 0x679: case 0x67C: return "t";     /* Urdu tte, Pashto tte */
    case 0x688: case 0x689: return "d";     /* ddal */
    case 0x691: case 0x693: return "r";     /* rre */
    case 0x681: return "z";     /* Pashto dze (Zadran) */
    case 0x685: return "s";     /* Pashto tse */
    case 0x696: return "zh";
    case 0x69A: return "sh";
    case 0x6BA: case 0x6BC: return "n";
    case 0x6BE: return "h";     /* do-chashmi he */
    default: return NULL;
    }
}

static size_t rom_arabic(const unsigned char *s, size_t n, int k, obuf *o)
{
    uint32_t cps[128];
    size_t m = 0, i = 0;
    while (i < n && m < 128) {
        uint32_t cp;
        int len = xc_utf8_decode(s + i, n - i, &cp);
        if (len <= 0)
            break;
        i += (size_t)len;
        cps[m++] = cp;
    }
    /* Persian and Pashto spell و as v (Vahedi) and the ی/ک/پ/چ/ژ/گ letters
     * give them away; the Persian reading (k == 2) reads every token so,
     * since most Persian names use none of them (رضا Reza, على Ali). */
    bool persian = k == 2, vowelled = k >= 1;
    for (size_t j = 0; j < m; j++)
        persian = persian || cps[j] == 0x6CC || cps[j] == 0x6A9 || cps[j] == 0x67E ||
                  cps[j] == 0x686 || cps[j] == 0x698 || cps[j] == 0x6AF || cps[j] == 0x681;
    /* الله after a name is its -ullah (نور الله Nurullah, حزب الله
     * Hezbollah): the Persian reading writes it so, and merged with the
     * token before it the scorer meets the one-word Latin spelling. */
    if (k == 2 && m == 4 && cps[0] == 0x627 && cps[1] == 0x644 && cps[2] == 0x644 &&
        cps[3] == 0x647) {
        oput(o, "ullah");
        return o->n;
    }
    /* The article before a sun letter (split off by orgwords.c with that
     * letter): al as written, ed as heard and as Maghreb names join it
     * (Noureddine), ud as Persian and South Asian names do (Nuruddin). */
    if (m == 3 && cps[0] == 0x627 && cps[1] == 0x644 && ar_cons(cps[2])) {
        const char *c = ar_cons(cps[2]);
        if (k == 0) {
            oput(o, "al");
        } else {
            oput(o, k == 2 ? "u" : "e");
            oput(o, k == 2 && cps[2] == 0x636 ? "z" : c);
        }
        return o->n;
    }
    bool prev_cons = false;
    size_t j0 = 0;
    /* عبد written into the next word with its article (عبدالقادر): abd
     * and the article as Abdul/Abdel write them, the name after it
     * starting afresh, not abadalaqadir */
    if (vowelled && m > 5 && cps[0] == 0x639 && cps[1] == 0x628 && cps[2] == 0x62F &&
        cps[3] == 0x627 && cps[4] == 0x644) {
        oput(o, k == 2 ? "abdul" : "abdal");
        j0 = 5;
    }
    for (size_t j = j0; j < m; j++) {
        uint32_t cp = cps[j];
        const char *c = ar_cons(cp);
        if (c && k == 2 && cp == 0x642)
            c = "gh";                            /* ق in Persian (Sadegh, Bagher) */
        if (cp == 0x639 && j == j0) {
            /* A word-initial ain is heard as its vowel (عكاشة Akkacha,
             * عمر Omar); elsewhere it leaves no Latin letter. Before ya
             * and a consonant, ain and ya are one long i (عيسى Isa, عید
             * Eid): the vowelled reading writes i, the Persian one ei
             * (Eisa), the consonantal one keeps ay (Aissa). */
            const char *after = j + 2 < m ? ar_cons(cps[j + 2]) : NULL;
            if (vowelled && after && after[0] && (cps[j + 1] == 0x64A || cps[j + 1] == 0x6CC)) {
                oput(o, k == 2 ? "ei" : "i");
                j++;
                prev_cons = false;
                continue;
            }
            oput(o, "a");
            prev_cons = false;
            continue;
        }
        if (c && persian && (cp == 0x636 || cp == 0x630 || cp == 0x638))
            c = "z";                             /* ض ذ ظ in Persian (Morteza, Zia) */
        else if (c && persian && cp == 0x62B)
            c = "s";                             /* ث */
        if (c) {
            if (vowelled && prev_cons && c[0])
                oput(o, "a");
            oput(o, c);
            prev_cons = c[0] != '\0';
            continue;
        }
        const char *r = "";
        bool start = j == j0;
        bool next_alef = j + 1 < m && (cps[j + 1] == 0x627 || cps[j + 1] == 0x623);
        /* Persian: و before a final ی is v (فدوی Fadavi, موسوی Mousavi) */
        bool next_final_ya = persian && j + 2 == m &&
                             (cps[j + 1] == 0x6CC || cps[j + 1] == 0x64A || cps[j + 1] == 0x649);
        switch (cp) {
        case 0x627: case 0x622: case 0x623: case 0x671: r = "a"; break;
        case 0x625: r = "i"; break;
        case 0x629: r = "a"; break;               /* ta marbuta */
        case 0x649:                               /* alef maqsura */
            /* in Persian and Egyptian writing the final ی of Ali, Reza
             * Balali; in Arabic the a of Musa, Mustafa */
            r = k == 2 && j + 1 == m ? "i" : "a";
            break;
        case 0x648:                               /* waw */
            if (start || next_alef || !prev_cons || next_final_ya) {
                if (vowelled && prev_cons)
                    oput(o, "a");
                r = persian ? "v" : "w";
                oput(o, r);
                prev_cons = true;
                continue;
            }
            r = "u";
            break;
        case 0x64A: case 0x6CC: case 0x626: case 0x6D0: case 0x6CD: case 0x6D2: /* ya */
            /* Persian reading: a vowel between a consonant and alef (ضیا
             * Zia), and the suffix ایی as aei (رضایی Rezaei, ضیایی Ziaei) */
            if (k == 2 && prev_cons && next_alef && !start) {
                r = "i";
                break;
            }
            if (k == 2 && j + 2 == m && j > 0 && cps[j - 1] == 0x627 &&
                (cps[j + 1] == 0x6CC || cps[j + 1] == 0x64A)) {
                oput(o, "ei");
                return o->n;
            }
            if (start || next_alef || (!prev_cons && !(persian && j + 1 == m))) {
                if (vowelled && prev_cons)
                    oput(o, "a");
                oput(o, "y");
                prev_cons = true;
                continue;
            }
            r = "i";
            break;
        case 0x624: r = "u"; break;
        default: r = ""; break;
        }
        oput(o, r);
        if (r[0])
            prev_cons = false;
    }
    return o->n;
}

/* ---- ICU (Han and other scripts) --------------------------------------- */

static size_t rom_icu(UTransliterator *tr, const char *s, size_t n, obuf *o)
{
    if (!tr || n > 1024)
        return 0;
    UChar u[2048];
    int32_t ul = 0;
    UErrorCode err = U_ZERO_ERROR;
    u_strFromUTF8(u, 1024, &ul, s, (int32_t)n, &err);
    if (U_FAILURE(err))
        return 0;
    int32_t limit = ul;
    pthread_mutex_lock(&g_icu_lock);
    utrans_transUChars(tr, u, &ul, 2048, 0, &limit, &err);
    pthread_mutex_unlock(&g_icu_lock);
    if (U_FAILURE(err))
        return 0;
    for (int32_t i = 0; i < ul && o->n + 1 < o->cap; i++) {
        UChar c = u[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            o->p[o->n++] = (char)c;
        else if (c >= 'A' && c <= 'Z')
            o->p[o->n++] = (char)(c + 32);
    }
    o->p[o->n] = '\0';
    return o->n;
}

/* Chinese names are written without spaces and listed with them: surname
 * apart from the given name (习近平 Xi Jinping), longer words in pairs, the usual length of a Chinese word
 * (长沙天仪 Changsha Tianyi), the last group taking three when odd. The
 * scorer joins groups again for a name listed as one word (华为 Huawei). */
static bool group_break(size_t i, size_t nc)
{
    if (i == 0)
        return false;
    if (nc <= 3)
        return i == 1;
    if (nc % 2 == 1 && i == nc - 1)
        return false;
    return i % 2 == 0;
}

static size_t rom_han(const char *s, size_t n, obuf *o)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t nc = xc_utf8_count(s, n), ci = 0, start = 0, i = 0;
    while (i < n) {
        uint32_t cp;
        int len = xc_utf8_decode(u + i, n - i, &cp);
        if (len <= 0)
            break;
        if (group_break(ci, nc) && i > start) {
            rom_icu(g_han, s + start, i - start, o);
            oput(o, " ");
            start = i;
        }
        i += (size_t)len;
        ci++;
    }
    if (i > start)
        rom_icu(g_han, s + start, i - start, o);
    while (o->n > 0 && o->p[o->n - 1] == ' ')
        o->p[--o->n] = '\0';
    return o->n;
}

#ifdef EXCTL_HAVE_KAKASI
/* Modified Hepburn as names are listed: long vowels written once
 * (toukyou Tokyo, juukougyou jukogyo). */
static void kakasi_out(const char *r, obuf *o)
{
    char prev = ' ';
    for (const char *p = r; *p && o->n + 1 < o->cap; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c == ' ' || c == '\t') {
            if (prev != ' ')
                o->p[o->n++] = ' ';
            prev = ' ';
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            continue;
        if ((prev == 'o' && (c == 'u' || c == 'o')) || (prev == 'u' && c == 'u'))
            continue;
        o->p[o->n++] = c;
        prev = c;
    }
    while (o->n > 0 && o->p[o->n - 1] == ' ')
        o->n--;
    o->p[o->n] = '\0';
}
#endif

/* Japanese reading of a kanji word from KAKASI's dictionary (三菱
 * mitsubishi, 日立製作所 hitachiseisakusho), or 0 when a character has
 * no EUC-JP form (simplified Chinese): the caller then keeps pinyin. */
static size_t rom_kanji_ja(const char *s, size_t n, obuf *o)
{
#ifdef EXCTL_HAVE_KAKASI
    if (!g_kakasi || n == 0 || n > 256)
        return 0;
    char euc[520];
    char *ip = (char *)s, *op = euc;
    size_t il = n, ol = sizeof euc - 1;
    pthread_mutex_lock(&g_kakasi_lock);
    iconv(g_to_euc, NULL, NULL, NULL, NULL);
    size_t rc = iconv(g_to_euc, &ip, &il, &op, &ol);
    if (rc == (size_t)-1 || il != 0) {
        pthread_mutex_unlock(&g_kakasi_lock);
        return 0;
    }
    *op = '\0';
    char *r = kakasi_do(euc);
    pthread_mutex_unlock(&g_kakasi_lock);
    if (!r)
        return 0;
    kakasi_out(r, o);
    kakasi_free(r);
    return o->n;
#else
    (void)s;
    (void)n;
    (void)o;
    return 0;
#endif
}

size_t scr_romanize(const scr_ntok *t, int k, char *out, size_t cap)
{
    obuf o = {out, 0, cap};
    out[0] = '\0';
    const unsigned char *s = (const unsigned char *)t->s;
    switch (t->sc) {
    case SCR_SC_CYRL: return rom_cyrillic(s, t->len, k, &o);
    case SCR_SC_KANA: return rom_kana(s, t->len, k, &o);
    case SCR_SC_HANG: return rom_hangul(s, t->len, k, &o);
    case SCR_SC_ARAB: return rom_arabic(s, t->len, k, &o);
    case SCR_SC_HAN:
        if (k == SCR_HAN_KEY_JA && rom_kanji_ja(t->s, t->len, &o))
            return o.n;
        o.n = 0;
        out[0] = '\0';
        if (k == 1)      /* one word, as brand names are listed (麥克維爾 Makewell) */
            return rom_icu(g_han, t->s, t->len, &o);
        return rom_han(t->s, t->len, &o);
    default: return rom_icu(g_any, t->s, t->len, &o);
    }
}
