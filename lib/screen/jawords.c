/*
 * Kanji words of organisation names, translated to English.
 *
 * Japanese lists (and Chinese sources) often translate a foreign body's
 * name instead of transliterating it: the Belarusian KGB is
 * 国家保安委員会 (state security committee), a wheeled tractor plant
 * 装輪牽引車工場. No reading of the kanji (pinyin or the Japanese reading,
 * translit.c) comes near the English name, so a name with such words gets
 * one more Latin variant (normalize.c, key kanji-english-words) in which a
 * Han token is cut into the words of this table, longest match from the
 * left, each read in English, and the pieces between them keep the usual
 * reading of the name (Japanese when it has kana, else pinyin).
 *
 * The table holds the vocabulary of organisation names of the kind
 * export-control lists carry (state bodies, armed forces, science and
 * industry, their products) in Japanese, traditional and simplified forms,
 * and the names of a few countries whose English name no reading gives
 * (中国 China). English organisation words among the translations become
 * their canonical tag in the caller (orgwords.c), so 工業, industrial and
 * industry meet. One-character rows (省 ministry, 局 bureau) only match at
 * the start of a token or right after another word of the table, since a
 * single kanji inside a name is usually part of the name (广州 is no
 * region). Person names are never translated: the caller translates a
 * token only in an organisation's name, when the table covers all of it,
 * or when a token of four characters or more ends with a word of two or
 * more (长光卫星 Chang Guang satellite: a Chinese or Japanese person's name
 * is shorter, or ends in a given name).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "screen_int.h"

typedef struct jarow {
    const char *k;       /* kanji as written */
    const char *en;      /* English words separated by single spaces */
} jarow;

static const jarow g_ja[] = {
    /* state and government */
    {"国家", "state"}, {"國家", "state"}, {"国立", "national"}, {"國立", "national"},
    {"国営", "state"}, {"國營", "state"}, {"国营", "state"}, {"国有", "state"},
    {"國有", "state"}, {"公営", "public"}, {"公立", "public"}, {"民営", "private"},
    {"民營", "private"}, {"民营", "private"}, {"私営", "private"}, {"単一", "unitary"},
    {"中央", "central"}, {"連邦", "federal"}, {"联邦", "federal"}, {"聯邦", "federal"},
    {"地方", "regional"}, {"地域", "regional"}, {"区域", "regional"}, {"區域", "regional"},
    {"政府", "government"}, {"内閣", "cabinet"}, {"議会", "parliament"},
    {"大統領", "president"}, {"行政", "administration"}, {"執行", "executive"},
    {"执行", "executive"}, {"評議会", "council"}, {"理事会", "council"},
    {"委員会", "committee"}, {"委员会", "committee"}, {"委員會", "committee"},
    {"内務", "internal affairs"}, {"内务", "internal affairs"}, {"內務", "internal affairs"},
    {"外務", "foreign affairs"}, {"外务", "foreign affairs"}, {"外交", "foreign"},
    {"対外", "foreign"}, {"对外", "foreign"}, {"對外", "foreign"}, {"外国", "foreign"},
    {"外國", "foreign"}, {"国内", "internal"}, {"國內", "internal"},
    {"国内軍", "internal troops"}, {"内衛軍", "internal troops"},
    {"財務", "finance"}, {"财务", "finance"}, {"財政", "finance"}, {"财政", "finance"},
    {"経済", "economic"}, {"经济", "economic"}, {"經濟", "economic"},
    {"司法", "justice"}, {"法務", "justice"}, {"税関", "customs"}, {"海关", "customs"},
    {"海關", "customs"}, {"教育", "education"}, {"文化", "culture"},
    {"機関", "agency"}, {"机关", "agency"}, {"機構", "organization"},
    {"机构", "organization"}, {"組織", "organization"}, {"组织", "organization"},
    {"管理", "management"}, {"運営", "management"}, {"運用", "operations"},
    {"本部", "headquarters"}, {"司令部", "headquarters"}, {"総局", "general directorate"},
    {"总局", "general directorate"}, {"局", "bureau"}, {"庁", "agency"}, {"廳", "agency"},
    {"省", "ministry"}, {"部", "ministry"}, {"州", "region"},
    /* security, armed forces, arms */
    {"保安", "security"}, {"安全", "security"}, {"安全保障", "security"},
    {"公安", "public security"}, {"警察", "police"}, {"警備", "guard"},
    {"国境", "border"}, {"國境", "border"}, {"辺境", "border"}, {"边境", "border"},
    {"边防", "border"}, {"国防", "defense"}, {"國防", "defense"}, {"防衛", "defense"},
    {"防卫", "defense"}, {"防空", "air defense"}, {"軍事", "military"}, {"军事", "military"},
    {"軍用", "military"}, {"军用", "military"}, {"軍需", "military"}, {"軍工", "military"},
    {"军工", "military"}, {"兵工", "ordnance"}, {"軍", "forces"}, {"军", "forces"},
    {"軍隊", "forces"}, {"军队", "forces"}, {"部隊", "unit"}, {"部队", "unit"},
    {"陸軍", "army"}, {"陆军", "army"}, {"海軍", "navy"}, {"海军", "navy"},
    {"空軍", "air force"}, {"空军", "air force"}, {"解放軍", "liberation army"},
    {"解放军", "liberation army"}, {"人民", "people"}, {"諜報", "intelligence"},
    {"谍报", "intelligence"}, {"情報機関", "intelligence agency"},
    {"偵察", "reconnaissance"}, {"侦察", "reconnaissance"}, {"監視", "surveillance"},
    {"特殊", "special"}, {"特種", "special"}, {"特种", "special"}, {"特別", "special"},
    {"戦略", "strategic"}, {"战略", "strategic"}, {"戦術", "tactical"},
    {"兵器", "weapons"}, {"武器", "weapons"}, {"弾薬", "ammunition"}, {"弹药", "ammunition"},
    {"火薬", "gunpowder"}, {"火药", "gunpowder"}, {"爆薬", "explosives"},
    {"炸药", "explosives"}, {"火工", "pyrotechnics"}, {"砲兵", "artillery"},
    {"火炮", "artillery"}, {"装甲", "armored"}, {"戦車", "tank"}, {"坦克", "tank"},
    {"弾道", "ballistic"}, {"弹道", "ballistic"},
    {"導弾", "missile"}, {"导弹", "missile"}, {"導彈", "missile"}, {"誘導弾", "missile"},
    {"誘導", "guidance"}, {"制导", "guidance"}, {"火箭", "rocket"}, {"潜水艦", "submarine"},
    {"潜艇", "submarine"}, {"無人機", "drone"}, {"无人机", "drone"},
    {"装備", "equipment"}, {"装备", "equipment"}, {"裝備", "equipment"},
    {"装備品", "equipment"},
    /* science and technology */
    {"科学", "science"}, {"科學", "science"}, {"科学院", "academy sciences"},
    {"科學院", "academy sciences"}, {"科研", "research"}, {"研究", "research"},
    {"技術", "technology"}, {"技术", "technology"}, {"科技", "technology"},
    {"工学", "engineering"}, {"工程", "engineering"}, {"設計", "design"},
    {"设计", "design"}, {"試験", "testing"}, {"试验", "testing"}, {"測試", "testing"},
    {"测试", "testing"}, {"検査", "inspection"}, {"检测", "inspection"},
    {"実験", "experimental"}, {"实验", "experimental"}, {"實驗", "experimental"},
    {"試作", "experimental"}, {"実験室", "laboratory"}, {"实验室", "laboratory"},
    {"研究室", "laboratory"}, {"精密", "precision"}, {"光学", "optical"},
    {"光學", "optical"}, {"光電", "optoelectronic"}, {"光电", "optoelectronic"},
    {"光電子", "optoelectronics"}, {"激光", "laser"}, {"雷達", "radar"}, {"雷达", "radar"},
    {"音響", "acoustic"}, {"声学", "acoustic"}, {"聲學", "acoustic"},
    {"電子", "electronics"}, {"电子", "electronics"}, {"電氣", "electric"},
    {"電気", "electric"}, {"电气", "electric"}, {"電機", "electric"}, {"电机", "electric"},
    {"機電", "electromechanical"}, {"机电", "electromechanical"},
    {"微電子", "microelectronics"}, {"微电子", "microelectronics"},
    {"半導体", "semiconductor"}, {"半导体", "semiconductor"}, {"半導體", "semiconductor"},
    {"集積回路", "integrated circuit"}, {"集成电路", "integrated circuit"},
    {"集成電路", "integrated circuit"}, {"無線", "radio"}, {"无线", "radio"},
    {"無線電", "radio"}, {"无线电", "radio"}, {"電波", "radio"}, {"通信", "communication"},
    {"通讯", "communication"}, {"通訊", "communication"}, {"電信", "telecommunications"},
    {"电信", "telecommunications"}, {"情報", "information"}, {"信息", "information"},
    {"資訊", "information"}, {"計算機", "computer"}, {"计算机", "computer"},
    {"电脑", "computer"}, {"電腦", "computer"}, {"软件", "software"}, {"軟體", "software"},
    {"网络", "network"}, {"網絡", "network"}, {"数据", "data"}, {"數據", "data"},
    {"数字", "digital"}, {"自動化", "automation"}, {"自动化", "automation"},
    {"制御", "control"}, {"控制", "control"}, {"管制", "control"}, {"指揮", "command"},
    {"指挥", "command"}, {"航法", "navigation"}, {"导航", "navigation"}, {"導航", "navigation"},
    {"地理", "geographic"}, {"測量", "survey"}, {"测绘", "survey"},
    {"計器", "instruments"}, {"計測", "measuring"}, {"仪器", "instruments"},
    {"儀器", "instruments"}, {"仪表", "instruments"}, {"機器", "equipment"},
    {"機材", "equipment"}, {"器材", "equipment"}, {"設備", "equipment"},
    {"设备", "equipment"}, {"装置", "device"}, {"材料", "materials"}, {"素材", "materials"},
    /* energy, aviation, space, transport */
    {"原子力", "nuclear"}, {"核", "nuclear"}, {"核能", "nuclear"}, {"原子", "atomic"},
    {"原子能", "atomic energy"}, {"放射線", "radiation"}, {"能源", "energy"},
    {"電力", "power"}, {"电力", "power"}, {"動力", "power"},
    {"动力", "power"}, {"発電", "power"}, {"石油", "petroleum"}, {"石油化学", "petrochemical"},
    {"石油化工", "petrochemical"}, {"天然气", "natural gas"},
    {"航空", "aviation"}, {"航空機", "aircraft"}, {"飛行機", "aircraft"}, {"飞机", "aircraft"},
    {"飛機", "aircraft"}, {"直升机", "helicopter"}, {"直升機", "helicopter"},
    {"発動機", "engine"}, {"发动机", "engine"}, {"發動機", "engine"}, {"宇宙", "space"},
    {"空间", "space"}, {"空間", "space"}, {"航天", "aerospace"}, {"航空宇宙", "aerospace"},
    {"宇航", "aerospace"}, {"衛星", "satellite"}, {"卫星", "satellite"},
    {"造船", "shipbuilding"}, {"船舶", "ship"}, {"海洋", "marine"}, {"海運", "shipping"},
    {"海运", "shipping"}, {"航運", "shipping"}, {"航运", "shipping"}, {"運輸", "transport"},
    {"运输", "transport"}, {"輸送", "transport"}, {"交通", "transport"},
    {"鉄道", "railway"}, {"铁路", "railway"}, {"鐵路", "railway"}, {"空港", "airport"},
    {"机场", "airport"}, {"機場", "airport"}, {"港湾", "port"}, {"物流", "logistics"},
    {"自動車", "automobile"}, {"汽车", "automobile"}, {"汽車", "automobile"},
    {"車両", "vehicle"}, {"車輛", "vehicle"}, {"车辆", "vehicle"}, {"装輪", "wheel"},
    {"牽引車", "tractor"}, {"拖拉机", "tractor"}, {"拖拉機", "tractor"},
    {"機関車", "locomotive"}, {"机车", "locomotive"},
    /* industry and trade */
    {"工業", "industry"}, {"工业", "industry"}, {"産業", "industry"}, {"产业", "industry"},
    {"重工", "heavy industry"}, {"重工業", "heavy industry"}, {"軽工業", "light industry"},
    {"製造", "manufacturing"}, {"制造", "manufacturing"}, {"製作", "manufacturing"},
    {"生産", "production"}, {"生产", "production"}, {"販売", "sales"}, {"销售", "sales"},
    {"銷售", "sales"}, {"商業", "commercial"}, {"商业", "commercial"}, {"貿易", "trading"},
    {"贸易", "trading"}, {"通商", "trade"}, {"輸出", "export"}, {"出口", "export"},
    {"輸入", "import"}, {"進口", "import"}, {"进口", "import"}, {"輸出入", "export import"},
    {"进出口", "import export"}, {"進出口", "import export"}, {"機械", "machinery"},
    {"机械", "machinery"}, {"機械製造", "machine building"}, {"工作機械", "machine tools"},
    {"机床", "machine tools"}, {"工具", "tools"}, {"部品", "components"},
    {"零部件", "components"}, {"元件", "components"}, {"組立", "assembly"},
    {"修理", "repair"}, {"維修", "repair"}, {"维修", "repair"}, {"整備", "maintenance"},
    {"建設", "construction"}, {"建设", "construction"}, {"建築", "construction"},
    {"冶金", "metallurgical"}, {"金属", "metal"}, {"金屬", "metal"}, {"鉄鋼", "steel"},
    {"钢铁", "steel"}, {"鋼鐵", "steel"}, {"製鉄", "steel"}, {"鉱業", "mining"},
    {"矿业", "mining"}, {"化学", "chemical"}, {"化學", "chemical"}, {"化工", "chemical"},
    {"医薬", "pharmaceutical"}, {"医药", "pharmaceutical"}, {"醫藥", "pharmaceutical"},
    {"製薬", "pharmaceutical"}, {"医療", "medical"}, {"医疗", "medical"},
    {"生物", "biological"}, {"農業", "agricultural"}, {"农业", "agricultural"},
    {"金融", "financial"}, {"投資", "investment"}, {"投资", "investment"},
    {"保険", "insurance"}, {"保险", "insurance"}, {"証券", "securities"},
    {"证券", "securities"}, {"銀行", "bank"}, {"银行", "bank"}, {"企業", "enterprise"},
    {"企业", "enterprise"}, {"合弁", "joint venture"}, {"合资", "joint venture"},
    {"共同", "joint"}, {"連合", "union"}, {"联合", "union"}, {"聯合", "union"},
    {"協会", "association"}, {"协会", "association"}, {"協會", "association"},
    {"財団", "foundation"}, {"基金会", "foundation"}, {"持株", "holding"},
    {"子会社", "subsidiary"}, {"支社", "branch"}, {"支店", "branch"}, {"分公司", "branch"},
    {"事務所", "office"}, {"办事处", "office"}, {"代表処", "representative office"},
    {"新", "new"}, {"新型", "new"}, {"国際", "international"}, {"国际", "international"},
    {"國際", "international"}, {"世界", "world"}, {"全球", "global"},
    /* countries whose English name no reading of the kanji gives; a
     * place whose name begins like a word of the table keeps its reading */
    {"中国", "china"}, {"中國", "china"}, {"中華", "china"}, {"中华", "china"},
    {"日本", "japan"}, {"朝鮮", "korea"}, {"朝鲜", "korea"}, {"北朝鮮", "north korea"},
    {"韓国", "korea"}, {"韩国", "korea"}, {"韓國", "korea"}, {"俄罗斯", "russia"},
    {"俄羅斯", "russia"}, {"白俄罗斯", "belarus"}, {"白俄羅斯", "belarus"},
    {"乌克兰", "ukraine"}, {"烏克蘭", "ukraine"}, {"伊朗", "iran"}, {"叙利亚", "syria"},
    {"敘利亞", "syria"}, {"新疆", "xinjiang"}, {"新加坡", "singapore"},
};

/* Rows by first character, longest first (chains through g_next). */
static xc_map g_first;
static int16_t g_next[XC_ARRAY_LEN(g_ja)];
static uint8_t g_len[XC_ARRAY_LEN(g_ja)];
static uint8_t g_clen[XC_ARRAY_LEN(g_ja)];   /* bytes of the first character */
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static int by_len(const void *a, const void *b)
{
    int x = *(const int16_t *)a, y = *(const int16_t *)b;
    size_t lx = strlen(g_ja[x].k), ly = strlen(g_ja[y].k);
    if (lx != ly)
        return lx < ly ? -1 : 1;
    return x < y ? 1 : x > y ? -1 : 0;   /* a later duplicate never shadows */
}

static void build_once(void)
{
    int16_t ord[XC_ARRAY_LEN(g_ja)];
    for (size_t r = 0; r < XC_ARRAY_LEN(g_ja); r++) {
        ord[r] = (int16_t)r;
        g_len[r] = (uint8_t)strlen(g_ja[r].k);
        uint32_t cp;
        int cl = xc_utf8_decode((const unsigned char *)g_ja[r].k, g_len[r], &cp);
        g_clen[r] = (uint8_t)(cl > 0 ? cl : 1);
    }
    /* shortest first, so that the head of each chain is the longest row */
    qsort(ord, XC_ARRAY_LEN(g_ja), sizeof *ord, by_len);
    xc_map_init(&g_first);
    for (size_t i = 0; i < XC_ARRAY_LEN(g_ja); i++) {
        int r = ord[i];
        uint32_t head;
        g_next[r] = xc_map_get(&g_first, g_ja[r].k, g_clen[r], &head) ? (int16_t)head : -1;
        xc_map_put(&g_first, g_ja[r].k, g_clen[r], (uint32_t)r);
    }
}

/* The longest row matching s[0..n), or -1; one-character rows only when
 * single is set. */
static int match_at(const char *s, size_t n, bool single)
{
    uint32_t cp;
    int cl = xc_utf8_decode((const unsigned char *)s, n, &cp);
    uint32_t head;
    if (cl <= 0 || !xc_map_get(&g_first, s, (size_t)cl, &head))
        return -1;
    for (int r = (int)head; r >= 0; r = g_next[r]) {
        if (g_len[r] > n || memcmp(s, g_ja[r].k, g_len[r]))
            continue;
        if (g_len[r] == g_clen[r] && !single)
            continue;
        return r;
    }
    return -1;
}

/* Walks the token: calls back for each word of the table and each piece
 * between them. Returns the bytes the table covers. */
typedef void (*seg_fn)(void *ctx, const char *s, size_t n, const char *en);

static size_t segment(const char *s, size_t n, seg_fn fn, void *ctx, size_t *tail)
{
    pthread_once(&g_once, build_once);
    size_t i = 0, gap = 0, covered = 0, last = 0;
    bool after_word = true;     /* the start of a token counts as a boundary */
    while (i < n) {
        int r = match_at(s + i, n - i, after_word);
        if (r >= 0) {
            if (i > gap && fn)
                fn(ctx, s + gap, i - gap, NULL);
            if (fn)
                fn(ctx, s + i, g_len[r], g_ja[r].en);
            i += g_len[r];
            last = g_len[r] > g_clen[r] ? g_len[r] : 0;
            gap = i;
            covered += g_len[r];
            after_word = true;
            continue;
        }
        uint32_t cp;
        int cl = xc_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        i += cl > 0 ? (size_t)cl : 1;
        after_word = false;
    }
    if (n > gap && fn)
        fn(ctx, s + gap, n - gap, NULL);
    if (tail)
        *tail = gap == n ? last : 0;
    return covered;
}

size_t scr_kanji_covered(const char *s, size_t n, size_t *tail)
{
    return segment(s, n, NULL, NULL, tail);
}

typedef struct segout {
    const scr_ntok *t;
    int k;
    char *out;
    size_t n, cap;
    uint32_t en;         /* bit w: output word w is English */
    unsigned words;
} segout;

static void put_words(segout *o, const char *w, size_t wl, bool english)
{
    for (size_t j = 0; j < wl; j++) {
        bool start = w[j] != ' ' && (j == 0 || w[j - 1] == ' ');
        if (start) {
            if (o->n > 0 && o->n + 1 < o->cap)
                o->out[o->n++] = ' ';
            if (english && o->words < 32)
                o->en |= 1u << o->words;
            o->words++;
        }
        if (w[j] != ' ' && o->n + 1 < o->cap)
            o->out[o->n++] = w[j];
    }
    o->out[o->n] = '\0';
}

static void seg_out(void *ctx, const char *s, size_t n, const char *en)
{
    segout *o = ctx;
    if (en) {
        put_words(o, en, strlen(en), true);
        return;
    }
    scr_ntok piece = *o->t;
    piece.s = (char *)s;
    piece.len = (uint16_t)n;
    char rom[SCR_XLIT_CAP];
    size_t rl = scr_romanize(&piece, o->k, rom, sizeof rom);
    put_words(o, rom, rl, false);
}

size_t scr_kanji_english(const scr_ntok *t, int k, char *out, size_t cap, uint32_t *en)
{
    segout o = {t, k, out, 0, cap, 0, 0};
    out[0] = '\0';
    *en = 0;
    if (cap == 0)
        return 0;
    segment(t->s, t->len, seg_out, &o, NULL);
    *en = o.en;
    return o.n;
}
