/*
 * Organisation words as tags, not text.
 *
 * Legal forms (LLC, GmbH, ООО, 株式会社 ...) say little about who a party is
 * and differ between renderings of the same company (Tako LLC = 有限会社タコ),
 * so they are removed from the token list and kept as class bits: a legal
 * form alone can never make a match. Common organisation words (bank,
 * institute, 研究所, завод ...) do carry meaning, so they stay as tokens but
 * in one canonical English spelling and with a low weight; the same goes for
 * titles (sheikh, dr) and particles (al, bin, von), which get their own
 * kinds. The tables are data: one row per phrase in its native spelling
 * after case folding and diacritics removal. Multi-word phrases match token
 * sequences; "edge" rows (short forms such as "sa", "co", "as") only count
 * at the start or end of a name of two or more tokens. CJK rows match inside
 * a token, since Chinese and Japanese write them without spaces.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "screen_int.h"

enum { ACT_LEGAL = 0, ACT_ORG, ACT_TITLE, ACT_PARTICLE, ACT_NUMBER, ACT_READING };

typedef struct orgrow {
    const char *phrase;   /* native tokens separated by single spaces */
    uint8_t act;
    uint8_t edge;
    uint32_t bit;         /* legal form class */
    const char *canon;    /* organisation word */
} orgrow;

#define L(p, b) {p, ACT_LEGAL, 0, b, NULL}
#define LE(p, b) {p, ACT_LEGAL, 1, b, NULL}
#define O(p, c) {p, ACT_ORG, 0, 0, c}
#define T(p) {p, ACT_TITLE, 0, 0, NULL}
#define P(p) {p, ACT_PARTICLE, 0, 0, NULL}
#define PC(p, c) {p, ACT_PARTICLE, 0, 0, c}
#define N(p, c) {p, ACT_NUMBER, 0, 0, c}

static const orgrow g_rows[] = {
    /* limited liability */
    L("ltd", SCR_LF_LIMITED), L("limited", SCR_LF_LIMITED), L("llc", SCR_LF_LIMITED),
    LE("l l c", SCR_LF_LIMITED), L("gmbh", SCR_LF_LIMITED), L("sarl", SCR_LF_LIMITED),
    LE("s a r l", SCR_LF_LIMITED), L("srl", SCR_LF_LIMITED), LE("s r l", SCR_LF_LIMITED),
    LE("bv", SCR_LF_LIMITED), LE("b v", SCR_LF_LIMITED), L("pty", SCR_LF_LIMITED),
    L("pte", SCR_LF_LIMITED), L("ooo", SCR_LF_LIMITED), LE("tov", SCR_LF_LIMITED),
    L("kft", SCR_LF_LIMITED), LE("sp z o o", SCR_LF_LIMITED), LE("sp z oo", SCR_LF_LIMITED), L("ltda", SCR_LF_LIMITED),
    L("limitada", SCR_LF_LIMITED), LE("lda", SCR_LF_LIMITED), L("pvt", SCR_LF_LIMITED),
    L("private limited", SCR_LF_LIMITED), L("sdn bhd", SCR_LF_LIMITED),
    L("bhd", SCR_LF_LIMITED), L("limited liability company", SCR_LF_LIMITED),
    L("liability company", SCR_LF_LIMITED),      /* the same, reordered or cut */
    L("limited liability partnership", SCR_LF_LIMITED),
    L("gesellschaft mit beschrankter haftung", SCR_LF_LIMITED),
    L("spolka z ograniczona odpowiedzialnoscia", SCR_LF_LIMITED),
    L("eood", SCR_LF_LIMITED), LE("ood", SCR_LF_LIMITED), L("doo", SCR_LF_LIMITED),
    LE("d o o", SCR_LF_LIMITED), LE("oy", SCR_LF_LIMITED), LE("aps", SCR_LF_LIMITED),
    L("mchj", SCR_LF_LIMITED), L("too", SCR_LF_LIMITED),
    /* Romanian, Czech/Slovak, Spanish, French, Belgian, Turkish, Korean */
    L("societatea cu raspundere limitata", SCR_LF_LIMITED), L("sro", SCR_LF_LIMITED),
    LE("s r o", SCR_LF_LIMITED), LE("s ro", SCR_LF_LIMITED), L("spol s r o", SCR_LF_LIMITED),
    L("spol s ro", SCR_LF_LIMITED), L("spol sro", SCR_LF_LIMITED), LE("sl", SCR_LF_LIMITED),
    LE("s l", SCR_LF_LIMITED), L("slu", SCR_LF_LIMITED), L("sociedad limitada", SCR_LF_LIMITED),
    L("sociedad de responsabilidad limitada", SCR_LF_LIMITED), L("eurl", SCR_LF_LIMITED),
    L("societe a responsabilite limitee", SCR_LF_LIMITED), L("bvba", SCR_LF_LIMITED),
    L("sprl", SCR_LF_LIMITED), L("limited sirketi", SCR_LF_LIMITED),
    L("ltd sti", SCR_LF_LIMITED), LE("sti", SCR_LF_LIMITED), L("ehf", SCR_LF_LIMITED),
    L("유한회사", SCR_LF_LIMITED), L("유한책임회사", SCR_LF_LIMITED),
    L("ооо", SCR_LF_LIMITED), L("тов", SCR_LF_LIMITED), L("тоо", SCR_LF_LIMITED),
    L("одо", SCR_LF_LIMITED),
    L("общество с ограниченной ответственностью", SCR_LF_LIMITED),
    L("товариство з обмеженою відповідальністю", SCR_LF_LIMITED),
    L("таварыства з абмежаванай адказнасцю", SCR_LF_LIMITED),
    /* stock companies */
    L("jsc", SCR_LF_STOCK), L("ojsc", SCR_LF_STOCK), L("cjsc", SCR_LF_STOCK),
    L("pjsc", SCR_LF_STOCK), LE("ao", SCR_LF_STOCK), L("oao", SCR_LF_STOCK),
    L("zao", SCR_LF_STOCK), L("pao", SCR_LF_STOCK), LE("ag", SCR_LF_STOCK),
    L("aktiengesellschaft", SCR_LF_STOCK), LE("sa", SCR_LF_STOCK), LE("s a", SCR_LF_STOCK),
    L("spa", SCR_LF_STOCK), LE("s p a", SCR_LF_STOCK), L("plc", SCR_LF_STOCK),
    LE("nv", SCR_LF_STOCK), LE("n v", SCR_LF_STOCK), LE("ab", SCR_LF_STOCK),
    LE("asa", SCR_LF_STOCK), LE("as", SCR_LF_STOCK), LE("sas", SCR_LF_STOCK),
    LE("s a s", SCR_LF_STOCK), LE("kk", SCR_LF_STOCK), L("kabushiki kaisha", SCR_LF_STOCK),
    L("kabushiki gaisha", SCR_LF_STOCK), LE("tbk", SCR_LF_STOCK), LE("pt", SCR_LF_STOCK),
    L("psc", SCR_LF_STOCK), L("saog", SCR_LF_STOCK),
    /* Hungarian, Nordic, Dutch, Croatian, Turkish, Mexican, German, Korean */
    L("zrt", SCR_LF_STOCK), L("nyrt", SCR_LF_STOCK), L("oyj", SCR_LF_STOCK),
    L("aktiebolag", SCR_LF_STOCK), L("aksjeselskap", SCR_LF_STOCK),
    L("aktieselskab", SCR_LF_STOCK), L("naamloze vennootschap", SCR_LF_STOCK),
    LE("nv", SCR_LF_STOCK), LE("n v", SCR_LF_STOCK), LE("d d", SCR_LF_STOCK),
    L("anonim sirketi", SCR_LF_STOCK), LE("a s", SCR_LF_STOCK),
    L("sa de cv", SCR_LF_STOCK), L("s a de c v", SCR_LF_STOCK), L("kgaa", SCR_LF_STOCK),
    L("주식회사", SCR_LF_STOCK),
    L("joint stock company", SCR_LF_STOCK), L("public joint stock company", SCR_LF_STOCK),
    L("open joint stock company", SCR_LF_STOCK), L("closed joint stock company", SCR_LF_STOCK),
    L("joint stock", SCR_LF_STOCK), L("public limited company", SCR_LF_STOCK),
    L("aktsionernoe obshchestvo", SCR_LF_STOCK), L("societe anonyme", SCR_LF_STOCK),
    L("sociedad anonima", SCR_LF_STOCK), L("societa per azioni", SCR_LF_STOCK),
    L("ао", SCR_LF_STOCK), L("оао", SCR_LF_STOCK), L("зао", SCR_LF_STOCK),
    L("пао", SCR_LF_STOCK), L("нао", SCR_LF_STOCK), L("аат", SCR_LF_STOCK),
    L("зат", SCR_LF_STOCK), L("пат", SCR_LF_STOCK), L("ат", SCR_LF_STOCK),
    L("акционерное общество", SCR_LF_STOCK), L("открытое акционерное общество", SCR_LF_STOCK),
    L("закрытое акционерное общество", SCR_LF_STOCK),
    L("публичное акционерное общество", SCR_LF_STOCK),
    L("непубличное акционерное общество", SCR_LF_STOCK),
    L("акціонерне товариство", SCR_LF_STOCK), L("публічне акціонерне товариство", SCR_LF_STOCK),
    /* Belarusian: the same forms and the unitary enterprise */
    L("акцыянернае таварыства", SCR_LF_STOCK),
    L("адкрытае акцыянернае таварыства", SCR_LF_STOCK),
    L("закрытае акцыянернае таварыства", SCR_LF_STOCK), L("таа", SCR_LF_LIMITED),
    L("унітарнае прадпрыемства", SCR_LF_STATE),
    L("рэспубліканскае унітарнае прадпрыемства", SCR_LF_STATE),
    L("прыватнае унітарнае прадпрыемства", SCR_LF_LIMITED),
    /* generic company words */
    L("corp", SCR_LF_CORP), L("corporation", SCR_LF_CORP), L("inc", SCR_LF_CORP),
    /* Arabic and Persian (after the article is split off: المحدودة is al
     * محدودة), and their transliterations */
    L("شركة", SCR_LF_CORP), L("شرکت", SCR_LF_CORP), L("sharikat", SCR_LF_CORP),
    L("sherkat", SCR_LF_CORP), L("shirkat", SCR_LF_CORP), L("محدودة", SCR_LF_LIMITED),
    L("al محدودة", SCR_LF_LIMITED), L("ذات al مسؤولية al محدودة", SCR_LF_LIMITED),
    L("مسئولیت محدود", SCR_LF_LIMITED), L("با مسئولیت محدود", SCR_LF_LIMITED),
    L("مساهمة", SCR_LF_STOCK), L("al مساهمة", SCR_LF_STOCK), L("سهامی", SCR_LF_STOCK),
    L("سهامی خاص", SCR_LF_STOCK), L("سهامی عام", SCR_LF_STOCK),
    L("incorporated", SCR_LF_CORP), LE("co", SCR_LF_CORP), L("company", SCR_LF_CORP),
    LE("cie", SCR_LF_CORP), L("compagnie", SCR_LF_CORP), L("compania", SCR_LF_CORP),
    LE("cia", SCR_LF_CORP), L("kompaniya", SCR_LF_CORP), L("компания", SCR_LF_CORP),
    L("corporacion", SCR_LF_CORP), L("korporatsiya", SCR_LF_CORP), L("корпорация", SCR_LF_CORP),
    /* state enterprises */
    L("fgup", SCR_LF_STATE), L("gup", SCR_LF_STATE), L("mup", SCR_LF_STATE),
    L("fgbu", SCR_LF_STATE), L("fsue", SCR_LF_STATE),
    L("federal state unitary enterprise", SCR_LF_STATE),
    L("state unitary enterprise", SCR_LF_STATE), L("unitary enterprise", SCR_LF_STATE),
    L("фгуп", SCR_LF_STATE), L("гуп", SCR_LF_STATE), L("муп", SCR_LF_STATE),
    L("фгбу", SCR_LF_STATE), L("фгуп", SCR_LF_STATE), L("руп", SCR_LF_STATE),
    L("чуп", SCR_LF_STATE), LE("уп", SCR_LF_STATE),
    L("федеральное государственное унитарное предприятие", SCR_LF_STATE),
    L("государственное унитарное предприятие", SCR_LF_STATE),
    L("унитарное предприятие", SCR_LF_STATE),
    /* partnerships */
    L("lp", SCR_LF_PARTNER), L("llp", SCR_LF_PARTNER), LE("kg", SCR_LF_PARTNER),
    L("ohg", SCR_LF_PARTNER), L("gbr", SCR_LF_PARTNER),
    /* free-zone forms */
    L("fze", SCR_LF_FREEZONE), L("fzco", SCR_LF_FREEZONE), L("fzc", SCR_LF_FREEZONE),
    L("fz llc", SCR_LF_FREEZONE), L("fzllc", SCR_LF_FREEZONE), L("dmcc", SCR_LF_FREEZONE),
    L("fz", SCR_LF_FREEZONE),
    /* organisation words */
    O("bank", "bank"), O("banque", "bank"), O("banco", "bank"), O("banca", "bank"),
    O("банк", "bank"), O("institute", "institute"), O("institut", "institute"),
    O("instituto", "institute"), O("istituto", "institute"), O("институт", "institute"),
    O("інститут", "institute"), O("university", "university"),
    O("universitet", "university"), O("universidad", "university"),
    O("universite", "university"), O("universita", "university"),
    O("университет", "university"), O("університет", "university"),
    O("plant", "plant"), O("factory", "plant"), O("works", "plant"), O("zavod", "plant"),
    O("завод", "plant"), O("фабрика", "plant"), O("fabrika", "plant"),
    O("комбинат", "plant"), O("kombinat", "plant"), O("group", "group"),
    O("groupe", "group"), O("grupo", "group"), O("gruppa", "group"), O("группа", "group"),
    O("холдинг", "group"), O("holding", "group"), O("holdings", "group"),
    O("technology", "technology"), O("technologies", "technology"),
    O("tekhnologii", "technology"), O("технологии", "technology"),
    O("технология", "technology"), O("industry", "industry"), O("industries", "industry"),
    O("industrial", "industry"), O("trading", "trading"), O("trade", "trading"),
    O("international", "international"), O("intl", "international"),
    O("internacional", "international"), O("международный", "international"),
    O("research", "research"), O("center", "center"), O("centre", "center"),
    O("centro", "center"), O("центр", "center"), O("ministry", "ministry"),
    O("министерство", "ministry"), O("academy", "academy"), O("академия", "academy"),
    O("science", "science"), O("sciences", "science"), O("scientific", "science"),
    O("engineering", "engineering"), O("shipping", "shipping"),
    O("electronics", "electronics"), O("electronic", "electronics"),
    O("aviation", "aviation"), O("enterprise", "enterprise"), O("enterprises", "enterprise"),
    O("предприятие", "enterprise"), O("association", "association"),
    O("ассоциация", "association"), O("foundation", "foundation"), O("фонд", "foundation"),
    O("services", "service"), O("service", "service"), O("systems", "system"),
    O("system", "system"), O("бюро", "bureau"), O("bureau", "bureau"),
    O("europe", "europe"), O("european", "europe"), O("asia", "asia"), O("global", "global"),
    O("solutions", "solution"), O("solution", "solution"), O("investment", "investment"),
    O("investments", "investment"), O("capital", "capital"), O("partners", "partner"),
    O("fund", "fund"), O("trust", "trust"), O("logistics", "logistics"),
    O("development", "development"), O("information", "information"),
    O("manufacturing", "manufacturing"), O("mining", "mining"), O("machinery", "machinery"),
    O("committee", "committee"), O("republic", "republic"), O("federation", "federation"),
    O("network", "network"), O("masraf", "bank"),
    /* Arabic and Persian words that Latin lists translate (Bank Melli,
     * Haqqani Network, Ministry of Defence); not those they transliterate
     * (Jamaat, Harakat, Tejarat) */
    O("بنك", "bank"), O("بانک", "bank"), O("مصرف", "bank"), O("شبكة", "network"),
    O("شبکه", "network"), O("وزارة", "ministry"), O("وزارت", "ministry"),
    O("جامعة", "university"), O("دانشگاه", "university"), O("معهد", "institute"),
    O("مركز", "center"), O("مرکز", "center"), O("صناعات", "industry"),
    O("صنایع", "industry"), O("صنعتی", "industry"), O("گروه", "group"), O("مجموعة", "group"),
    O("مجموعه", "group"),
    /* ... and words they translate as often as they transliterate: both
     * spellings are the tag (جبهة النصرة = Jabhat al-Nusrah = Al-Nusra
     * Front; سازمان = Sazman-e = Organisation; بنیاد = Bonyad =
     * Foundation) */
    O("front", "front"), O("جبهة", "front"), O("جبهه", "front"), O("jabhat", "front"),
    O("jabha", "front"), O("jabhet", "front"), O("jebhe", "front"), O("jebhat", "front"),
    O("سازمان", "organization"), O("sazman", "organization"), O("sazmane", "organization"),
    O("بنیاد", "foundation"), O("بنياد", "foundation"), O("bonyad", "foundation"),
    O("communication", "communication"), O("communications", "communication"),
    O("energy", "energy"), O("chemical", "chemical"), O("chemicals", "chemical"),
    O("aerospace", "aerospace"), O("aircraft", "aircraft"), O("repair", "repair"),
    O("комитет", "committee"), O("республика", "republic"), O("федерация", "federation"),
    /* public bodies and armed groups, which fill the lists as much as
     * companies do: as tags they say the name is an organisation's
     * (acronym.c reads only such names as initials: Korean Central News
     * Agency = KCNA) and weigh little */
    O("organization", "organization"), O("organisation", "organization"),
    O("организация", "organization"), O("agency", "agency"), O("агентство", "agency"),
    O("office", "office"), O("department", "department"), O("council", "council"),
    O("совет", "council"), O("authority", "authority"), O("administration", "administration"),
    O("directorate", "directorate"), O("управление", "directorate"),
    O("forces", "forces"), O("corps", "corps"),
    O("brigade", "brigade"), O("brigades", "brigade"), O("battalion", "battalion"),
    O("regiment", "regiment"), O("party", "party"), O("партия", "party"),
    O("movement", "movement"), O("union", "union"), O("союз", "union"),
    /* titles */
    T("mr"), T("mrs"), T("ms"), T("miss"), T("dr"), T("prof"), T("sir"), T("sheikh"),
    T("shaikh"), T("sheik"), T("shaykh"), T("mullah"), T("mulla"), T("maulvi"),
    T("mawlawi"), T("maulana"), T("president"), T("prasident"), T("presidente"),
    T("monsieur"), T("madame"), T("mister"), T("herr"), T("frau"), T("senor"), T("senora"),
    T("colonel"), T("excellency"), T("honorable"), T("mv"), T("m v"),
    /* particles */
    P("al"), PC("el", "al"), PC("ul", "al"), P("bin"), PC("ben", "bin"), PC("ibn", "bin"),
    P("bint"), P("abu"),
    /* the same in Arabic script, read as the Latin particle in every
     * variant (بن is bin, not a content token bn) */
    PC("بن", "bin"), PC("ابن", "bin"), PC("إبن", "bin"), PC("بنت", "bint"),
    PC("ابو", "abu"), PC("أبو", "abu"), PC("ابي", "abu"), PC("أبي", "abu"),
    PC("ولد", "ould"),
    P("ould"), P("van"), P("von"), P("der"), P("den"), P("de"), P("da"), P("di"),
    P("du"), P("la"), P("le"), P("del"), P("della"), P("dos"), P("das"), P("the"),
    P("of"), P("and"), P("for"), P("und"), P("et"), P("y"), P("и"),
    /* multi-letter roman numerals (English number words: numwords.c) */
    N("ii", "2"), N("iii", "3"),
    N("iv", "4"), N("vi", "6"), N("vii", "7"), N("viii", "8"), N("ix", "9"),
    N("xi", "11"), N("xii", "12"), N("xiii", "13"), N("xiv", "14"), N("xv", "15"),
    N("xvi", "16"), N("xvii", "17"), N("xviii", "18"), N("xix", "19"), N("xx", "20"),
};

/* CJK rows match inside tokens; longer rows first so that 股份有限公司 wins
 * over 有限公司 and 公司. */
typedef struct cjkrow {
    const char *s;
    uint8_t act;
    uint32_t bit;
    const char *canon;
    uint8_t whole;        /* whole tokens only: katakana loan words, single kanji;
                           * 2: inside a Han token after two characters or more
                           * (深圳市 city, not 市川 Ichikawa) */
} cjkrow;

/* Katakana renderings of English organisation words and legal forms are
 * whole words (written apart with ・ or a space): inside a longer katakana
 * word they are usually part of a name, except as its ending (split_cjk). */
#define CL(s, b) {s, ACT_LEGAL, b, NULL, 0}
#define CO(s, c) {s, ACT_ORG, 0, c, 0}
#define KO(s, c) {s, ACT_ORG, 0, c, 1}
#define KL(s, b) {s, ACT_LEGAL, b, NULL, 1}

static const cjkrow g_cjk[] = {
    CL("股份有限公司", SCR_LF_STOCK),
    CL("有限责任公司", SCR_LF_LIMITED),
    CL("有限責任公司", SCR_LF_LIMITED),
    CL("有限責任会社", SCR_LF_LIMITED),
    CL("株式会社", SCR_LF_STOCK),
    CL("有限会社", SCR_LF_LIMITED),
    CL("合同会社", SCR_LF_PARTNER),
    CL("合資会社", SCR_LF_PARTNER),
    CL("合名会社", SCR_LF_PARTNER),
    CL("有限公司", SCR_LF_LIMITED),
    CL("股份公司", SCR_LF_STOCK),
    CL("公司", SCR_LF_CORP),
    CL("会社", SCR_LF_CORP),
    CO("研究所", "institute"),
    CO("研究院", "institute"),
    CO("大学", "university"),
    CO("大學", "university"),
    CO("銀行", "bank"),
    CO("银行", "bank"),
    CO("工場", "plant"),
    CO("工厂", "plant"),
    CO("製作所", "plant"),
    CO("集団", "group"),
    CO("集团", "group"),
    CO("技术", "technology"),
    {"市", ACT_ORG, 0, "city", 2},        /* 深圳市亿路发: Shenzhen city Yilufa */
    CO("技術", "technology"),
    CO("科技", "technology"),
    CO("工業", "industry"),
    CO("工业", "industry"),
    CO("貿易", "trading"),
    CO("贸易", "trading"),
    CO("商事", "trading"),
    CO("国际", "international"),
    CO("國際", "international"),
    CO("国際", "international"),
    CO("中心", "center"),
    CO("学院", "academy"),
    CO("科学", "science"),
    CO("電子", "electronics"),
    CO("电子", "electronics"),
    CO("航空", "aviation"),
    CO("企业", "enterprise"),
    CO("企業", "enterprise"),
    CO("协会", "association"),
    CO("協会", "association"),
    CO("集團", "group"),
    CO("控股", "group"),
    CL("股份", SCR_LF_STOCK),
    CL("非公開会社", SCR_LF_LIMITED),
    CL("公社", SCR_LF_STATE),
    CO("研究", "research"),
    CO("開発", "development"),
    CO("开发", "development"),
    CO("發展", "development"),
    CO("发展", "development"),
    CO("製造", "manufacturing"),
    CO("制造", "manufacturing"),
    CO("鉱業", "mining"),
    CO("矿业", "mining"),
    CO("礦業", "mining"),
    CO("機械", "machinery"),
    CO("机械", "machinery"),
    CO("重工業", "industry"),
    CO("産業", "industry"),
    CO("产业", "industry"),
    CO("實業", "industry"),
    CO("实业", "industry"),
    CO("商社", "trading"),
    CO("物流", "logistics"),
    CO("海運", "shipping"),
    CO("海运", "shipping"),
    CO("船務", "shipping"),
    CO("船务", "shipping"),
    CO("航運", "shipping"),
    CO("航运", "shipping"),
    CO("情報", "information"),
    CO("信息", "information"),
    CO("資訊", "information"),
    CO("投資", "investment"),
    CO("投资", "investment"),
    CO("通信", "communication"),
    CO("能源", "energy"),
    CO("化学", "chemical"),
    CO("化學", "chemical"),
    CO("化工", "chemical"),
    CO("航空宇宙", "aerospace"),
    CO("航天", "aerospace"),
    CO("宇航", "aerospace"),
    CO("航空機", "aircraft"),
    CO("修理", "repair"),
    CO("維修", "repair"),
    CO("维修", "repair"),
    CO("委員会", "committee"),
    CO("委员会", "committee"),
    CO("共和国", "republic"),
    CO("共和國", "republic"),
    CO("連邦", "federation"),
    CO("联邦", "federation"),
    CO("聯邦", "federation"),
    CO("基金", "fund"),
    KL("社", SCR_LF_CORP),
    KO("省", "ministry"),
    KO("部", "ministry"),
    {"第", ACT_PARTICLE, 0, NULL, 1},     /* ordinal prefix: 第140 = 140 */
    /* places whose usual Latin name is not Mandarin: a name token with a
     * fixed reading */
    {"香港", ACT_READING, 0, "hongkong", 0},
    {"澳門", ACT_READING, 0, "macau", 0},
    {"澳门", ACT_READING, 0, "macau", 0},
    /* places and countries written in katakana as the language of the
     * place says them, where English says them otherwise (ホンコン, モスクワ
     * Moskva, ロシア Rossiya) */
    {"ホンコン", ACT_READING, 0, "hongkong", 1},
    {"マカオ", ACT_READING, 0, "macau", 1},
    {"ペキン", ACT_READING, 0, "beijing", 1},
    {"モスクワ", ACT_READING, 0, "moscow", 1},
    {"ロシア", ACT_READING, 0, "russia", 1},
    {"ベラルーシ", ACT_READING, 0, "belarus", 1},
    {"ウクライナ", ACT_READING, 0, "ukraine", 1},
    {"ドイツ", ACT_READING, 0, "germany", 1},
    {"イギリス", ACT_READING, 0, "britain", 1},
    {"トルコ", ACT_READING, 0, "turkey", 1},
    {"ギリシャ", ACT_READING, 0, "greece", 1},
    {"オランダ", ACT_READING, 0, "netherlands", 1},
    {"スイス", ACT_READING, 0, "switzerland", 1},
    KL("カンパニー", SCR_LF_CORP), KL("コーポレーション", SCR_LF_CORP),
    KL("コーポレイション", SCR_LF_CORP), KL("インク", SCR_LF_CORP),
    KL("インコーポレイテッド", SCR_LF_CORP), KL("リミテッド", SCR_LF_LIMITED),
    KL("リミテド", SCR_LF_LIMITED), KL("エルエルシー", SCR_LF_LIMITED),
    KL("ゲーエムベーハー", SCR_LF_LIMITED), KL("ピーエルシー", SCR_LF_STOCK),
    KO("テクノロジー", "technology"), KO("テクノロジーズ", "technology"),
    KO("テクノロジ", "technology"), KO("インターナショナル", "international"),
    KO("トレーディング", "trading"), KO("トレード", "trading"),
    KO("グループ", "group"), KO("ホールディング", "group"), KO("ホールディングス", "group"),
    KO("エレクトロニクス", "electronics"), KO("エレクトロニック", "electronics"),
    KO("サービス", "service"), KO("サービシズ", "service"),
    KO("システム", "system"), KO("システムズ", "system"),
    KO("インダストリー", "industry"), KO("インダストリーズ", "industry"),
    KO("インダストリアル", "industry"), KO("エンジニアリング", "engineering"),
    KO("アビエーション", "aviation"), KO("アヴィエーション", "aviation"),
    KO("ソリューション", "solution"), KO("ソリューションズ", "solution"),
    KO("インベストメント", "investment"), KO("インベストメンツ", "investment"),
    KO("ロジスティクス", "logistics"), KO("ロジスティックス", "logistics"),
    KO("ロジスティック", "logistics"), KO("キャピタル", "capital"),
    KO("ファンド", "fund"), KO("サイエンス", "science"), KO("サイエンシズ", "science"),
    KO("リサーチ", "research"), KO("インスティチュート", "institute"),
    KO("インスティテュート", "institute"), KO("センター", "center"), KO("バンク", "bank"),
    KO("アカデミー", "academy"), KO("アソシエーション", "association"),
    KO("ファウンデーション", "foundation"), KO("エンタープライズ", "enterprise"),
    KO("エンタープライジズ", "enterprise"), KO("グローバル", "global"), KO("アジア", "asia"),
    KO("ヨーロッパ", "europe"), KO("パートナーズ", "partner"), KO("トラスト", "trust"),
    KO("シッピング", "shipping"), KO("マニュファクチャリング", "manufacturing"),
    KO("ディベロップメント", "development"), KO("デベロップメント", "development"),
    KO("インフォメーション", "information"), KO("エアロスペース", "aerospace"),
    KO("コミュニケーションズ", "communication"), KO("エナジー", "energy"),
    KO("ケミカル", "chemical"), KO("ケミカルズ", "chemical"),
    KO("マシナリー", "machinery"), KO("マイニング", "mining"), KO("エネルギー", "energy"),
};

/* First-token index over g_rows, built once; with the byte lengths of the
 * CJK rows and the rows fuzzy_legal() tries, which every name's tagging
 * would otherwise measure again (strlen over the whole table per token). */
static xc_map g_first;
static int16_t g_next[XC_ARRAY_LEN(g_rows)];
static xc_map g_second;                             /* legal phrases by second word */
static int16_t g_next2[XC_ARRAY_LEN(g_rows)];
static uint8_t g_cjk_len[XC_ARRAY_LEN(g_cjk)];
static int16_t g_fuzzy[XC_ARRAY_LEN(g_rows)];     /* single-word legal rows of 7+ */
static uint8_t g_fuzzy_len[XC_ARRAY_LEN(g_rows)];
static size_t g_n_fuzzy;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static size_t first_word_len(const char *p)
{
    const char *sp = strchr(p, ' ');
    return sp ? (size_t)(sp - p) : strlen(p);
}

static void build_once(void)
{
    xc_map_init(&g_first);
    for (size_t i = XC_ARRAY_LEN(g_rows); i-- > 0;) {
        const char *p = g_rows[i].phrase;
        size_t n = first_word_len(p);
        uint32_t head;
        g_next[i] = xc_map_get(&g_first, p, n, &head) ? (int16_t)head : -1;
        xc_map_put(&g_first, p, n, (uint32_t)i);
        g_next2[i] = -1;
        if (g_rows[i].act != ACT_LEGAL || g_rows[i].edge || !p[n])
            continue;
        const char *w2 = p + n + 1;
        size_t n2 = first_word_len(w2);
        g_next2[i] = xc_map_get(&g_second, w2, n2, &head) ? (int16_t)head : -1;
        xc_map_put(&g_second, w2, n2, (uint32_t)i);
    }
    for (size_t r = 0; r < XC_ARRAY_LEN(g_cjk); r++)
        g_cjk_len[r] = (uint8_t)strlen(g_cjk[r].s);
    for (size_t r = 0; r < XC_ARRAY_LEN(g_rows); r++) {
        size_t rl = strlen(g_rows[r].phrase);
        if (g_rows[r].act != ACT_LEGAL || rl < 7 || rl > UINT8_MAX ||
            strchr(g_rows[r].phrase, ' '))
            continue;
        g_fuzzy[g_n_fuzzy] = (int16_t)r;
        g_fuzzy_len[g_n_fuzzy++] = (uint8_t)rl;
    }
}

const char *scr_legal_name(uint32_t bit)
{
    switch (bit) {
    case SCR_LF_LIMITED: return "limited";
    case SCR_LF_STOCK: return "stock";
    case SCR_LF_CORP: return "corporation";
    case SCR_LF_STATE: return "state";
    case SCR_LF_PARTNER: return "partnership";
    case SCR_LF_FREEZONE: return "freezone";
    default: return "other";
    }
}

bool scr_is_legal_word(const char *s, size_t n)
{
    pthread_once(&g_once, build_once);
    uint32_t head;
    if (!xc_map_get(&g_first, s, n, &head))
        return false;
    for (int r = (int)head; r >= 0; r = g_next[r])
        if (g_rows[r].act == ACT_LEGAL && strlen(g_rows[r].phrase) == n)
            return true;
    return false;
}

const char *scr_org_word(const char *s, size_t n)
{
    pthread_once(&g_once, build_once);
    uint32_t head;
    if (!xc_map_get(&g_first, s, n, &head))
        return NULL;
    for (int r = (int)head; r >= 0; r = g_next[r])
        if (g_rows[r].act == ACT_ORG && strlen(g_rows[r].phrase) == n)
            return g_rows[r].canon;
    return NULL;
}

/* Number of tokens row r covers when it matches at t[i], or 0. With typo
 * set, legal-form phrases survive one misspelt word (Limited Liabiity
 * Company, Joint Stcok Company, Lmited Liability Company): one Latin word of
 * five letters or more may be one edit from the phrase's, provided another
 * word of the phrase is exact, so that two misspellings or a short word
 * never make a legal form. */
static size_t row_match(const orgrow *r, const scr_ntok *t, size_t i, size_t n, bool typo)
{
    const char *p = r->phrase;
    size_t k = 0;
    bool fuzzy = false;
    while (*p) {
        size_t wl = first_word_len(p);
        if (i + k >= n)
            return 0;
        const scr_ntok *x = &t[i + k];
        if (x->len != wl || memcmp(x->s, p, wl)) {
            if (!typo || fuzzy || wl < 5 || x->sc != SCR_SC_LATIN || (size_t)x->len + 1 < wl ||
                x->len > wl + 1 || scr_osa_distance(x->s, x->len, p, wl, 1) > 1)
                return 0;
            fuzzy = true;
        }
        k++;
        p += wl;
        if (*p == ' ')
            p++;
    }
    return typo && k < 2 ? 0 : k;     /* a one-word form is fuzzy_legal()'s */
}

/* The longest legal phrase of two words or more matching at t[i] with one
 * misspelt word (row_match): the phrase is found by its first word
 * or, when that is the misspelt one, by its second. */
static const orgrow *fuzzy_phrase(const scr_ntok *t, size_t i, size_t n, size_t *kout)
{
    const orgrow *best = NULL;
    size_t bestk = 0;
    uint32_t head;
    if (xc_map_get(&g_first, t[i].s, t[i].len, &head)) {
        for (int r = (int)head; r >= 0; r = g_next[r]) {
            if (g_rows[r].act != ACT_LEGAL || g_rows[r].edge)
                continue;
            size_t k = row_match(&g_rows[r], t, i, n, true);
            if (k > bestk)
                best = &g_rows[r], bestk = k;
        }
    }
    if (i + 1 < n && t[i].sc == SCR_SC_LATIN &&
        xc_map_get(&g_second, t[i + 1].s, t[i + 1].len, &head)) {
        for (int r = (int)head; r >= 0; r = g_next2[r]) {
            size_t k = row_match(&g_rows[r], t, i, n, true);
            if (k > bestk)
                best = &g_rows[r], bestk = k;
        }
    }
    *kout = bestk;
    return best;
}

static bool is_cjk(const scr_ntok *t)
{
    return t->sc == SCR_SC_HAN || t->sc == SCR_SC_KANA;
}

/* Split CJK tokens around embedded rows (leftmost match, longest row at
 * that offset). Pieces keep the token's script and are not NUL-terminated:
 * romanisers use the length. Katakana rows (whole-token rows) split a kana
 * token only as its ending after at least two other kana: loan-word names
 * are often written without ・ (ミノトルサービス = Minotor Service), while
 * inside a word the same kana may be part of the name. */
static size_t split_cjk(scr_ntok *t, size_t n, size_t cap)
{
    size_t i = 0;
    while (i < n) {
        if (!is_cjk(&t[i]) || t[i].kind == SCR_TK_ORG) {
            i++;
            continue;
        }
        const char *s = t[i].s;
        size_t len = t[i].len, off = 0, rl = 0;
        const cjkrow *hit = NULL;
        for (off = 0; off < len && !hit; off++) {
            for (size_t r = 0; r < XC_ARRAY_LEN(g_cjk); r++) {
                size_t l = g_cjk_len[r];
                if (g_cjk[r].whole == 2 && (t[i].sc != SCR_SC_HAN || off < 6))
                    continue;
                if (g_cjk[r].whole == 1 &&
                    (t[i].sc != SCR_SC_KANA || off < 6 || off + l != len))
                    continue;
                if (l <= len - off && l > rl && !memcmp(s + off, g_cjk[r].s, l)) {
                    hit = &g_cjk[r];
                    rl = l;
                }
            }
            if (hit)
                break;
        }
        if (!hit || (off == 0 && rl == len)) {
            i++;
            continue;
        }
        size_t extra = (off > 0) + (off + rl < len);
        if (n + extra > cap) {
            i++;
            continue;
        }
        memmove(&t[i + 1 + extra], &t[i + 1], (n - i - 1) * sizeof *t);
        n += extra;
        scr_ntok base = t[i];
        size_t j = i;
        if (off > 0) {
            t[j] = base;
            t[j].len = (uint16_t)off;
            j++;
        }
        t[j] = base;
        t[j].s = (char *)hit->s;
        t[j].len = (uint16_t)rl;
        j++;
        if (off + rl < len) {
            t[j] = base;
            t[j].s = base.s + off + rl;
            t[j].len = (uint16_t)(len - off - rl);
        }
        i = j;   /* rescan the remainder (or move on) */
    }
    return n;
}

/* Length of an edge row (or any legal row) matching at t[i], 0 if none;
 * sets *bit. Only rows that end exactly at n when at_end. */
static size_t edge_match(const scr_ntok *t, size_t i, size_t n, bool at_end, uint32_t *bit)
{
    size_t bestk = 0;
    for (size_t start = i; start < n; start++) {
        uint32_t head;
        if (!xc_map_get(&g_first, t[start].s, t[start].len, &head))
            continue;
        for (int r = (int)head; r >= 0; r = g_next[r]) {
            if (g_rows[r].act != ACT_LEGAL)
                continue;
            size_t k = row_match(&g_rows[r], t, start, n, false);
            if (!k)
                continue;
            if (at_end ? start + k == n : start == i) {
                if (k > bestk) {
                    bestk = k;
                    *bit = g_rows[r].bit;
                }
            }
        }
        if (!at_end)
            break;
    }
    return bestk;
}

/* Short legal forms ("co", "sa", "ag", "s a") count only at either end of
 * a name and never empty it; strip them repeatedly (Co., Ltd.). */
static size_t strip_edges(scr_ntok *t, size_t n, uint32_t *legal, bool *orgish)
{
    for (;;) {
        uint32_t bit = 0;
        size_t k = n >= 2 ? edge_match(t, 0, n, true, &bit) : 0;
        if (!k || k >= n)
            break;
        n -= k;
        *legal |= bit;
        *orgish = true;
    }
    for (;;) {
        uint32_t bit = 0;
        size_t k = n >= 2 ? edge_match(t, 0, n, false, &bit) : 0;
        if (!k || k >= n)
            break;
        memmove(t, t + k, (n - k) * sizeof *t);
        n -= k;
        *legal |= bit;
        *orgish = true;
    }
    return n;
}

/* Long single-word legal forms survive a typo (Aktiengeselschaft,
 * Compnay, Limitd): one edit from 6 letters, two from 12; under 8 letters
 * the first letter must agree too. */
static const orgrow *fuzzy_legal(const scr_ntok *t)
{
    if (t->len < 6 || t->sc != SCR_SC_LATIN)
        return NULL;
    int budget = t->len >= 12 ? 2 : 1;
    for (size_t f = 0; f < g_n_fuzzy; f++) {
        const orgrow *row = &g_rows[g_fuzzy[f]];
        size_t rl = g_fuzzy_len[f];
        if ((size_t)labs((long)rl - (long)t->len) > (size_t)budget ||
            (t->len < 8 && row->phrase[0] != t->s[0]))
            continue;
        if (scr_osa_distance(t->s, t->len, row->phrase, rl, budget) <= budget)
            return row;
    }
    return NULL;
}

/* Arabic writes the article into the word (المحمد); Latin lists write
 * it apart (al-Muhammad) or not at all. The article becomes its own
 * particle token when at least three letters follow, so الله stays whole. */
/* An Arabic sun letter (ت ث د ذ ر ز س ش ص ض ط ظ ن; not ل: الله and its
 * kind stay whole) at p, two bytes of UTF-8. */
static bool sun_letter(const unsigned char *p)
{
    if (p[0] == 0xD8)
        return (p[1] >= 0xAA && p[1] <= 0xAB) || (p[1] >= 0xAF && p[1] <= 0xB8);
    return p[0] == 0xD9 && p[1] == 0x86;
}

static size_t split_arabic_article(scr_ntok *t, size_t n, size_t cap)
{
    static const char al[] = "\xD8\xA7\xD9\x84";   /* ال */
    static const char abd[] = "\xD8\xB9\xD8\xA8\xD8\xAF"; /* عبد */
    for (size_t i = 0; i < n; i++) {
        if (t[i].sc != SCR_SC_ARAB || t[i].len < 4 + 6 || memcmp(t[i].s, al, 4) || n >= cap)
            continue;
        if (i > 0 && t[i - 1].len == 6 && !memcmp(t[i - 1].s, abd, 6)) {
            /* عبد الرحمن: Abdul Rahman, Abd al-Rahman, Abdelrahman. The
             * article joins abd, whose vowel the lists do not agree on. */
            t[i - 1].s = (char *)"abdal";
            t[i - 1].len = 5;
            t[i - 1].sc = SCR_SC_LATIN;
            t[i].s += 4;
            t[i].len = (uint16_t)(t[i].len - 4);
            continue;
        }
        memmove(&t[i + 1], &t[i], (n - i) * sizeof *t);
        n++;
        if (sun_letter((const unsigned char *)t[i].s + 4)) {
            /* ال before a sun letter is assimilated (نور الدين Nur ad-Din,
             * Noureddine, Nuruddin): the particle keeps that letter, and
             * the romaniser reads it al, ed or ud by variant. */
            t[i].len = 6;
            t[i].kind = SCR_TK_PARTICLE;
        } else {
            t[i].s = (char *)"al";
            t[i].len = 2;
            t[i].sc = SCR_SC_LATIN;
            t[i].kind = SCR_TK_WORD;
        }
        t[i + 1].s += 4;
        t[i + 1].len = (uint16_t)(t[i + 1].len - 4);
        i++;
    }
    return n;
}

size_t scr_tag_tokens(scr_ntok *t, size_t n, size_t cap, uint32_t *legal,
                      bool *orgish, scr_scratch *tmp)
{
    pthread_once(&g_once, build_once);
    n = split_arabic_article(t, n, cap);
    n = split_cjk(t, n, cap);
    size_t out = 0;
    for (size_t i = 0; i < n;) {
        if (is_cjk(&t[i])) {
            const cjkrow *hit = NULL;
            for (size_t r = 0; r < XC_ARRAY_LEN(g_cjk); r++)
                if (g_cjk_len[r] == t[i].len && !memcmp(t[i].s, g_cjk[r].s, t[i].len))
                    hit = &g_cjk[r];
            if (hit && hit->act == ACT_LEGAL) {
                *legal |= hit->bit;
                *orgish = true;
                i++;
                continue;
            }
            if (hit && hit->act == ACT_READING) {
                t[i].s = (char *)hit->canon;
                t[i].len = (uint16_t)strlen(hit->canon);
                t[i].sc = SCR_SC_LATIN;
                t[out++] = t[i++];
                continue;
            }
            if (hit && hit->act == ACT_PARTICLE) {
                t[i].kind = SCR_TK_PARTICLE;
                t[out++] = t[i++];
                continue;
            }
            if (hit) {
                t[i].s = (char *)hit->canon;
                t[i].len = (uint16_t)strlen(hit->canon);
                t[i].sc = SCR_SC_LATIN;
                t[i].kind = SCR_TK_ORG;
                *orgish = true;
            }
            t[out++] = t[i++];
            continue;
        }
        /* A one-letter roman numeral right after an organisation word
         * (Trust I, Fund X, Series V) numbers the body: an initial is
         * never there. */
        if (out > 0 && t[out - 1].kind == SCR_TK_ORG && t[i].len == 1 &&
            (t[i].s[0] == 'i' || t[i].s[0] == 'v' || t[i].s[0] == 'x')) {
            scr_ntok nt = t[i];
            nt.s = (char *)(t[i].s[0] == 'i' ? "1" : t[i].s[0] == 'v' ? "5" : "10");
            nt.len = (uint16_t)strlen(nt.s);
            nt.sc = SCR_SC_DIGIT;
            nt.kind = SCR_TK_NUM;
            i++;
            t[out++] = nt;
            continue;
        }
        /* numbers in words (forty-four, 1st): one number token */
        char num[16];
        size_t nk = scr_number_words(t, i, n, num, sizeof num);
        char *nd = nk ? scr_scratch_alloc(tmp, strlen(num) + 1) : NULL;
        if (nd) {
            memcpy(nd, num, strlen(num) + 1);
            scr_ntok nt = t[i];
            nt.s = nd;
            nt.len = (uint16_t)strlen(nd);
            nt.sc = SCR_SC_DIGIT;
            nt.kind = SCR_TK_NUM;
            i += nk;
            t[out++] = nt;
            continue;
        }
        uint32_t head;
        const orgrow *best = NULL;
        size_t bestk = 0;
        if (xc_map_get(&g_first, t[i].s, t[i].len, &head)) {
            for (int r = (int)head; r >= 0; r = g_next[r]) {
                if (g_rows[r].edge)
                    continue;            /* second pass */
                size_t k = row_match(&g_rows[r], t, i, n, false);
                if (k > bestk) {
                    best = &g_rows[r];
                    bestk = k;
                }
            }
        }
        if (best && best->act == ACT_NUMBER && out == 0 &&
            strspn(best->phrase, "ivx") == strlen(best->phrase)) {
            best = NULL;                 /* "Xi Jinping": a leading xi is a name */
            bestk = 0;
        }
        if (bestk < 2) {
            size_t fk = 0;
            const orgrow *fb = fuzzy_phrase(t, i, n, &fk);
            if (fb && fk > bestk)
                best = fb, bestk = fk;
        }
        if (!best)
            best = fuzzy_legal(&t[i]), bestk = best ? 1 : 0;
        if (!best) {
            t[out++] = t[i++];
            continue;
        }
        if (best->act == ACT_LEGAL) {
            *legal |= best->bit;
            *orgish = true;
            i += bestk;
            continue;
        }
        scr_ntok nt = t[i];
        if (best->act == ACT_ORG) {
            nt.s = (char *)best->canon;
            nt.len = (uint16_t)strlen(best->canon);
            nt.sc = SCR_SC_LATIN;
            nt.kind = SCR_TK_ORG;
            *orgish = true;
        } else if (best->act == ACT_NUMBER) {
            nt.s = (char *)best->canon;
            nt.len = (uint16_t)strlen(best->canon);
            nt.sc = SCR_SC_DIGIT;
            nt.kind = SCR_TK_NUM;
        } else {
            nt.kind = best->act == ACT_TITLE ? SCR_TK_TITLE : SCR_TK_PARTICLE;
            if (best->canon) {
                nt.orig = t[i].s;
                nt.olen = t[i].len;
                nt.s = (char *)best->canon;
                nt.len = (uint16_t)strlen(best->canon);
                nt.sc = SCR_SC_LATIN;    /* canonical text is Latin */
            }
        }
        i += bestk;
        t[out++] = nt;
    }
    return strip_edges(t, out, legal, orgish);
}
