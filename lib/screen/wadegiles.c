/*
 * Wade-Giles syllables read as pinyin.
 *
 * Older and Taiwanese sources write Chinese names in Wade-Giles (Mao
 * Tse-tung, Hsi Chin-p'ing), lists mostly in pinyin (Mao Zedong, Xi
 * Jinping). A Latin name whose every token is one Wade-Giles syllable, one
 * of them of a shape pinyin never writes (hs-, ts-, tz-, -ung, -ieh, -ien,
 * -ih, -erh), gets one more variant in pinyin (normalize.c). Apostrophes
 * (aspiration) are gone after normalisation and are usually left out
 * anyway, so the unaspirated reading is taken: ch = zh (j before i and u),
 * k = g, p = b, t = d, ts = z; the fuzzy comparison forgives the rest
 * (bing / ping).
 */
#include <string.h>
#include "screen_int.h"

/* Initials, longest first, with their pinyin; '*' marks ch, which depends
 * on the final. */
static const struct { const char *wg, *py; } g_init[] = {
    {"hs", "x"}, {"ts", "z"}, {"tz", "z"}, {"ss", "s"}, {"sz", "s"}, {"ch", "*"},
    {"sh", "sh"}, {"s", "s"}, {"j", "r"}, {"k", "g"}, {"p", "b"}, {"t", "d"}, {"m", "m"}, {"f", "f"},
    {"n", "n"}, {"l", "l"}, {"h", "h"}, {"w", "w"}, {"y", "y"}, {"", ""},
};

/* Finals (ü written u) with their pinyin. */
static const struct { const char *wg, *py; } g_final[] = {
    {"a", "a"}, {"ai", "ai"}, {"an", "an"}, {"ang", "ang"}, {"ao", "ao"}, {"e", "e"},
    {"ei", "ei"}, {"en", "en"}, {"eng", "eng"}, {"erh", "er"}, {"i", "i"}, {"ia", "ia"},
    {"iang", "iang"}, {"iao", "iao"}, {"ieh", "ie"}, {"ien", "ian"}, {"ih", "i"},
    {"in", "in"}, {"ing", "ing"}, {"iu", "iu"}, {"iung", "iong"}, {"o", "o"}, {"ou", "ou"},
    {"u", "u"}, {"ua", "ua"}, {"uai", "uai"}, {"uan", "uan"}, {"uang", "uang"},
    {"ueh", "ue"}, {"ui", "ui"}, {"un", "un"}, {"ung", "ong"}, {"uo", "uo"},
};

/* Shapes pinyin never writes. */
static bool distinct_shape(const char *ini, const char *fin)
{
    return !strcmp(ini, "hs") || !strcmp(ini, "ts") || !strcmp(ini, "tz") ||
           !strcmp(ini, "ss") || !strcmp(ini, "sz") || !strcmp(fin, "ung") ||
           !strcmp(fin, "iung") || !strcmp(fin, "ieh") || !strcmp(fin, "ien") ||
           !strcmp(fin, "ih") || !strcmp(fin, "erh") || !strcmp(fin, "ueh");
}

int scr_wade_giles(const char *s, size_t n, char *out, size_t cap)
{
    if (n == 0 || n > 6 || cap < 8)
        return -1;
    for (size_t gi = 0; gi < XC_ARRAY_LEN(g_init); gi++) {
        size_t il = strlen(g_init[gi].wg);
        if (il > n || memcmp(s, g_init[gi].wg, il))
            continue;
        for (size_t fi = 0; fi < XC_ARRAY_LEN(g_final); fi++) {
            const char *fin = g_final[fi].wg;
            if (strlen(fin) != n - il || memcmp(s + il, fin, n - il))
                continue;
            const char *ini = g_init[gi].py, *pf = g_final[fi].py;
            if (ini[0] == '*')
                ini = fin[0] == 'i' || (fin[0] == 'u' && fin[1] == 'e') ? "j" : "zh";
            /* ko, ho = ge, he; tzu, ssu = zi, si */
            if (!strcmp(fin, "o") && (!strcmp(g_init[gi].wg, "k") || !strcmp(g_init[gi].wg, "h")))
                pf = "e";
            if (!strcmp(fin, "u") && (!strcmp(ini, "z") || !strcmp(ini, "s")) && il == 2)
                pf = "i";
            size_t a = strlen(ini), b = strlen(pf);
            if (a + b + 1 > cap)
                return -1;
            memcpy(out, ini, a);
            memcpy(out + a, pf, b);
            out[a + b] = '\0';
            return distinct_shape(g_init[gi].wg, fin) ? 1 : 0;
        }
    }
    return -1;
}
