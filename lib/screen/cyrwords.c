/*
 * Common words of Russian (and some Ukrainian and Belarusian) organisation
 * names, translated to English.
 *
 * Lists name a Russian company both ways: transliterated (Rossiyskiy
 * Natsionalnyy Kommercheskiy Bank) and translated (Russian National
 * Commercial Bank). Transliteration keys (translit.c) find the first; this
 * table gives a name written in Cyrillic one more Latin variant in which
 * the words it knows are English and the others keep the BGN/PCGN reading
 * (normalize.c), so that Российский национальный коммерческий банк meets
 * Russian National Commercial Bank as well.
 *
 * Only the vocabulary of organisation names is here (nationality and
 * place adjectives, sectors, kinds of body): person names are never
 * translated, and a word the table does not know stays transliterated.
 * Words inflect, so a row is a stem that matches a token equal to it plus an
 * inflectional ending of at most three letters drawn from the endings'
 * alphabet (российский, российская, российского, российских all are
 * "russian"); rows marked exact match only the whole token (short words
 * such as дел). The longest matching stem wins. English words that are
 * organisation words get their canonical text and kind (orgwords.c) from
 * the caller.
 */
#include <string.h>
#include "screen_int.h"

typedef struct cyrrow {
    const char *stem;    /* lower case, ё written as е: ё is folded first */
    const char *en;      /* English words separated by single spaces */
    unsigned char exact;
} cyrrow;

#define W(s, e) {s, e, 0}
#define X(s, e) {s, e, 1}

static const cyrrow g_cyr[] = {
    /* nationality and place */
    W("российск", "russian"), W("русск", "russian"), W("всероссийск", "all russia"),
    W("росси", "russia"), W("московск", "moscow"), W("москв", "moscow"),
    W("петербургск", "petersburg"), W("сибирск", "siberian"), W("сибир", "siberia"),
    W("уральск", "ural"), W("дальневосточн", "far eastern"), W("восточн", "eastern"),
    W("западн", "western"), W("северн", "northern"), W("южн", "southern"),
    W("центральн", "central"), W("черноморск", "black sea"), W("крымск", "crimean"),
    W("белорусск", "belarusian"), W("украинск", "ukrainian"), W("арктическ", "arctic"),
    W("балтийск", "baltic"), W("каспийск", "caspian"), W("волжск", "volga"),
    W("кавказск", "caucasian"), W("азиатск", "asian"), W("европейск", "european"),
    W("евразийск", "eurasian"),
    /* kind of body */
    W("федеральн", "federal"), W("национальн", "national"), W("государственн", "state"),
    W("казенн", "state"), W("муниципальн", "municipal"), W("региональн", "regional"),
    W("областн", "regional"), W("городск", "city"), W("объединени", "association"),
    W("ассоциаци", "association"), W("агентств", "agency"), W("банк", "bank"),
    W("институт", "institute"), W("университет", "university"), W("академи", "academy"),
    W("центр", "center"), W("завод", "plant"), W("фабрик", "plant"),
    W("комбинат", "plant"), W("предприяти", "enterprise"), W("концерн", "concern"),
    W("холдинг", "holding"), W("групп", "group"), W("министерств", "ministry"),
    W("комитет", "committee"), W("комисси", "commission"), W("служб", "service"),
    W("управлени", "directorate"), W("департамент", "department"), W("войск", "troops"),
    W("бирж", "exchange"), W("депозитари", "depository"), W("палат", "chamber"),
    W("союз", "union"), W("движени", "movement"), W("обществ", "society"),
    W("парти", "party"), W("организаци", "organization"), W("лаборатори", "laboratory"),
    W("флот", "fleet"), W("пароходств", "shipping"), W("транспорт", "transport"),
    W("транспортн", "transport"), W("авиакомпани", "airlines"), W("авиаци", "aviation"),
    W("авиационн", "aviation"), W("аэропорт", "airport"), W("порт", "port"),
    W("верф", "shipyard"), W("судостроительн", "shipbuilding"),
    W("судоремонтн", "ship repair"), W("бюро", "bureau"), W("фонд", "fund"),
    W("корпоративн", "corporate"), W("альянс", "alliance"),
    /* sectors and attributes */
    W("коммерческ", "commercial"), W("промышленн", "industrial"), W("торгов", "trading"),
    W("финансов", "financial"), W("инвестиционн", "investment"),
    W("инвестици", "investment"), W("кредитн", "credit"), W("кредит", "credit"),
    W("страхов", "insurance"), W("страховани", "insurance"), W("экспортн", "export"),
    W("экспорт", "export"), W("импорт", "import"), W("сберегательн", "savings"),
    W("расчетн", "settlement"), W("клирингов", "clearing"), W("развити", "development"),
    W("реконструкци", "reconstruction"), W("прям", "direct"), W("научн", "scientific"),
    W("исследовательск", "research"), W("исследовани", "research"),
    W("производственн", "production"), W("производств", "production"),
    W("технологическ", "technology"), W("технологи", "technology"),
    W("техническ", "technical"), W("инновационн", "innovation"),
    W("информационн", "information"), W("систем", "systems"),
    W("электронн", "electronic"), W("электроник", "electronics"),
    W("радиоэлектронн", "radioelectronic"), W("машиностроительн", "machine building"),
    W("приборостроительн", "instrument making"),
    W("приборостроени", "instrument making"), W("станкостроительн", "machine tool"),
    W("авиастроительн", "aircraft"), W("ракетн", "missile"), W("космическ", "space"),
    W("оборонн", "defence"), W("оборон", "defence"), W("военн", "military"),
    W("химическ", "chemical"), W("биологическ", "biological"),
    W("радиационн", "radiation"), W("ядерн", "nuclear"), W("атомн", "atomic"),
    W("энергетическ", "energy"), W("энерги", "energy"), W("нефтян", "oil"),
    W("нефт", "oil"), W("газов", "gas"), X("газ", "gas"), W("угольн", "coal"),
    W("металлургическ", "metallurgical"), W("металл", "metal"), W("горн", "mining"),
    W("медн", "copper"), W("золот", "gold"), W("алмаз", "diamond"), W("трубн", "pipe"),
    W("механическ", "mechanical"), W("электромеханическ", "electromechanical"),
    W("электромеханик", "electromechanics"), W("оптическ", "optical"),
    W("точн", "precision"), W("автомобильн", "automobile"), W("тракторн", "tractor"),
    W("морск", "marine"), W("речн", "river"), W("железнодорожн", "railway"),
    W("современн", "modern"), W("нов", "new"), W("объединенн", "united"),
    W("высок", "high"), W("стратегическ", "strategic"), W("тактическ", "tactical"),
    W("вооружени", "armament"), W("культур", "culture"), W("образовани", "education"),
    W("медицинск", "medical"), W("фармацевтическ", "pharmaceutical"),
    W("строительн", "construction"), W("строительств", "construction"),
    W("инженерн", "engineering"), W("проектн", "design"), W("конструкторск", "design"),
    W("навигационн", "navigation"), W("связ", "communications"),
    W("телевизионн", "television"), W("телевидени", "television"),
    W("радиовещательн", "radio broadcasting"), W("радио", "radio"),
    W("издательск", "publishing"), W("издательств", "publishing"), W("новост", "news"),
    W("безопасност", "security"), W("защит", "defence"), W("внутренн", "internal"),
    X("дел", "affairs"), W("иностранн", "foreign"), W("внешн", "foreign"),
    W("избирательн", "election"), W("общественн", "public"), W("социальн", "social"),
    W("патриотическ", "patriotic"), W("молодежн", "youth"), W("спортивн", "sports"),
    W("частн", "private"), W("прикладн", "applied"), W("физик", "physics"),
    W("молекулярн", "molecular"), W("продукт", "products"), W("пороховой", "gunpowder"),
    W("интернет", "internet"), W("цифров", "digital"), W("хаб", "hub"),
    W("сельскохозяйственн", "agricultural"), W("зернов", "grain"),
    W("ремонтн", "repair"), W("ремонт", "repair"), W("снабжени", "supply"),
    W("кузнечн", "forge"), W("прессов", "press"), W("литейн", "foundry"),
    W("оружейн", "arms"), W("сервис", "service"), W("логистик", "logistics"), W("торговл", "trade"),
    W("беспилотн", "unmanned"), W("вертолет", "helicopter"), W("вертолетн", "helicopter"),
    W("авиаремонтн", "aircraft repair"), W("унитарн", "unitary"),
    /* Ukrainian */
    W("українськ", "ukrainian"), W("державн", "state"), W("національн", "national"),
    W("науков", "scientific"), W("дослідн", "research"), W("виробнич", "production"),
    W("підприємств", "enterprise"), W("промислов", "industrial"),
    W("казенн", "state"), W("інститут", "institute"), W("комерційн", "commercial"),
    /* Belarusian */
    W("дзяржаўн", "state"), W("нацыянальн", "national"), W("беларуск", "belarusian"),
    W("навуков", "scientific"), W("вытворч", "production"),
    W("рамонтн", "repair"), W("рамонт", "repair"), W("авіярамонтн", "aircraft repair"),
    W("радыёэлектронн", "radioelectronic"), W("узбраенн", "armament"),
    W("ўзбраенн", "armament"), W("беспілотн", "unmanned"), W("верталет", "helicopter"),
    W("верталетн", "helicopter"), W("машынабудаўнічы", "machine building"),
    W("прыборабудаўнічы", "instrument making"), W("аптычн", "optical"),
    W("механічн", "mechanical"), W("тэхналагічн", "technology"), W("тэхнічн", "technical"),
    W("прадпрыемств", "enterprise"), W("аб'яднанн", "association"),
    W("аб’яднанн", "association"), W("хімічн", "chemical"), W("ваенн", "military"),
    W("абарон", "defence"), W("камітэт", "committee"), W("міністэрств", "ministry"),
    W("рэспубліканск", "republican"), W("унітарн", "unitary"), W("гандлёв", "trading"),
    W("знешнегандлёв", "foreign trade"), W("спецыяльн", "special"),
    W("аўтамабільн", "automobile"), W("трактарн", "tractor"), W("цэнтр", "center"),
    W("інстытут", "institute"), W("электронн", "electronic"),
};

/* Inflectional endings are made of these letters (Russian, Ukrainian and
 * Belarusian adjective and noun endings: -ий -ая -ого -ому -ых -ыми -ею
 * -ів -ої ...). */
static bool ending_letter(uint32_t cp)
{
    static const uint32_t set[] = {
        0x430, 0x435, 0x438, 0x439, 0x43E, 0x443, 0x44B, 0x44C, 0x44E, 0x44F,  /* а е и й о у ы ь ю я */
        0x43C, 0x445, 0x433, 0x432,                                            /* м х г в */
        0x456, 0x457, 0x454, 0x45E,                                            /* і ї є ў */
    };
    for (size_t i = 0; i < XC_ARRAY_LEN(set); i++)
        if (set[i] == cp)
            return true;
    return false;
}

/* Copies s to out with ё as е (both are written in names). */
static size_t fold_yo(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap;) {
        if (i + 1 < n && (unsigned char)s[i] == 0xD1 && (unsigned char)s[i + 1] == 0x91) {
            if (o + 2 >= cap)
                break;
            out[o++] = (char)0xD0;
            out[o++] = (char)0xB5;
            i += 2;
            continue;
        }
        out[o++] = s[i++];
    }
    out[o] = '\0';
    return o;
}

const char *scr_cyr_translate(const char *s, size_t n)
{
    char w[4 * SCR_MAX_TOKLEN + 1];
    if (n >= sizeof w)
        return NULL;
    n = fold_yo(s, n, w, sizeof w);
    const cyrrow *best = NULL;
    size_t bestl = 0;
    for (size_t r = 0; r < XC_ARRAY_LEN(g_cyr); r++) {
        size_t l = strlen(g_cyr[r].stem);
        if (l > n || l <= bestl || memcmp(w, g_cyr[r].stem, l))
            continue;
        if (g_cyr[r].exact && l != n)
            continue;
        /* the rest must be an ending: at most three ending letters */
        size_t k = l;
        int letters = 0;
        bool ok = true;
        while (k < n) {
            uint32_t cp;
            int cl = xc_utf8_decode((const unsigned char *)w + k, n - k, &cp);
            if (cl <= 0 || !ending_letter(cp) || ++letters > 3) {
                ok = false;
                break;
            }
            k += (size_t)cl;
        }
        if (ok) {
            best = &g_cyr[r];
            bestl = l;
        }
    }
    return best ? best->en : NULL;
}

/* Adjective endings after -ск- (тамбовский, тамбовская, тамбовского ...). */
static const char *const g_adj_end[] = {
    "ий", "ая", "ое", "ого", "ой", "ому", "ом", "их", "ие", "ую", "ые", "ым", "ыми", "ими",
};

size_t scr_cyr_place_stem(const char *s, size_t n)
{
    static const char sk[] = "ск";
    const size_t skl = sizeof sk - 1;
    for (size_t e = 0; e < XC_ARRAY_LEN(g_adj_end); e++) {
        size_t el = strlen(g_adj_end[e]);
        if (n < el + skl + 6 || memcmp(s + n - el, g_adj_end[e], el) ||
            memcmp(s + n - el - skl, sk, skl))
            continue;
        size_t stem = n - el - skl;
        /* at least three letters (two bytes each) before -ск- */
        return stem >= 6 ? stem : 0;
    }
    return 0;
}
