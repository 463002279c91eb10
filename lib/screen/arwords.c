/*
 * Common words of Arabic and Persian organisation names, translated to
 * English.
 *
 * Lists name an Arabic or Persian body both ways: transliterated (al-Jama'a
 * al-Islamiyya al-Musallaha, Sazman-e Sanaye-e Havafaza) and translated
 * (Armed Islamic Group, Aerospace Industries Organization). The
 * transliteration keys (translit.c) find the first; this table gives a name
 * written in Arabic script one more Latin variant (normalize.c, key
 * arabic-english-words) in which the words it knows are English and the
 * others keep the usual consonantal reading, as cyrwords.c does for
 * Cyrillic. The article is already split off (orgwords.c), so rows are
 * bare words, with the spellings lists use (hamza or not, ة or ه, the
 * masculine and feminine adjective). Words the lists transliterate rather
 * than translate (jihad, sham, ansar) are not here, nor any word common in
 * person names (islam in Seif al-Islam): the caller translates only names
 * of organisations or names with two words of the table.
 */
#include <string.h>
#include "screen_int.h"

typedef struct arrow {
    const char *ar;
    const char *en;
} arrow;

static const arrow g_ar[] = {
    /* kinds of body and their attributes */
    {"اسلامية", "islamic"}, {"إسلامية", "islamic"}, {"اسلامي", "islamic"},
    {"إسلامي", "islamic"}, {"اسلامیه", "islamic"}, {"اسلامی", "islamic"},
    {"مسلحة", "armed"}, {"مسلحه", "armed"}, {"مسلح", "armed"},
    {"جماعة", "group"}, {"جماعه", "group"}, {"حركة", "movement"}, {"حركه", "movement"},
    {"حزب", "party"}, {"منظمة", "organization"}, {"منظمه", "organization"},
    {"سازمان", "organization"}, {"اتحاد", "union"}, {"مجلس", "council"},
    {"لجنة", "committee"}, {"جمعية", "society"}, {"جمعيه", "society"},
    {"خيرية", "charitable"}, {"خيريه", "charitable"}, {"صندوق", "fund"},
    {"مؤسسة", "foundation"}, {"مؤسسه", "foundation"}, {"هيئة", "authority"},
    {"ادارة", "directorate"}, {"إدارة", "directorate"}, {"اداره", "directorate"},
    {"مديرية", "directorate"}, {"وزارة", "ministry"}, {"وزارت", "ministry"},
    {"قوات", "forces"}, {"قوة", "force"}, {"جيش", "army"}, {"حرس", "guard"},
    {"سپاه", "corps"}, {"پاسداران", "guards"}, {"مخابرات", "intelligence"},
    {"استخبارات", "intelligence"}, {"اطلاعات", "intelligence"}, {"امن", "security"},
    {"أمن", "security"}, {"امنیت", "security"}, {"جوية", "air"}, {"جويه", "air"},
    {"جوي", "air"}, {"هوایی", "air"}, {"بحرية", "naval"}, {"دريائي", "naval"},
    {"دریایی", "naval"}, {"عامة", "general"}, {"عامه", "general"}, {"عام", "general"},
    {"وطنية", "national"}, {"وطني", "national"}, {"ملی", "national"}, {"دولة", "state"},
    {"دولية", "international"}, {"دولي", "international"}, {"ثوري", "revolutionary"},
    {"ثورية", "revolutionary"}, {"انقلاب", "revolution"}, {"تحرير", "liberation"},
    {"مقاومة", "resistance"}, {"مقاومت", "resistance"},
    /* sectors */
    {"صرافة", "exchange"}, {"صرافه", "exchange"}, {"صرافی", "exchange"},
    {"تجارة", "trading"}, {"تجاره", "trading"}, {"تجارية", "commercial"},
    {"تجاري", "commercial"}, {"بازرگانی", "trading"}, {"صناعية", "industrial"},
    {"صناعي", "industrial"}, {"صنعت", "industry"}, {"هوافضا", "aerospace"},
    {"فضائي", "aerospace"}, {"دفاع", "defense"}, {"دفاعی", "defense"},
    {"دفاعية", "defense"}, {"موشکی", "missile"}, {"صواريخ", "missiles"},
    {"هواپیمایی", "aviation"}, {"طيران", "aviation"}, {"کشتیرانی", "shipping"},
    {"ملاحة", "shipping"}, {"نفت", "oil"}, {"نفط", "oil"}, {"پتروشیمی", "petrochemical"},
    {"بتروكيماويات", "petrochemicals"}, {"مهندسی", "engineering"}, {"هندسية", "engineering"},
    {"الکترونیک", "electronics"}, {"الكترونيات", "electronics"}, {"تحقیقات", "research"},
    {"بحوث", "research"}, {"پژوهش", "research"}, {"فناوری", "technology"},
    {"تكنولوجيا", "technology"}, {"توسعه", "development"}, {"تنمية", "development"},
    {"خدمات", "services"}, {"ساختمانی", "construction"}, {"انشاءات", "construction"},
    {"مقاولات", "contracting"}, {"استثمار", "investment"}, {"سرمایه", "investment"},
    {"تامين", "supply"}, {"حمل", "transport"}, {"نقل", "transport"},
    {"اعلام", "media"}, {"إعلام", "media"}, {"رسانه", "media"},
    /* countries and nationalities */
    {"عراق", "iraq"}, {"عراقية", "iraqi"}, {"عراقي", "iraqi"}, {"سوريا", "syria"},
    {"سورية", "syrian"}, {"سوري", "syrian"}, {"مصر", "egypt"}, {"مصري", "egyptian"},
    {"مصرية", "egyptian"}, {"ليبيا", "libya"}, {"ليبية", "libyan"}, {"ليبي", "libyan"},
    {"يمن", "yemen"}, {"يمنية", "yemeni"}, {"يمني", "yemeni"}, {"لبنان", "lebanon"},
    {"لبنانية", "lebanese"}, {"لبناني", "lebanese"}, {"ايران", "iran"}, {"إيران", "iran"},
    {"ایران", "iran"}, {"ايرانية", "iranian"}, {"ایرانی", "iranian"},
    {"افغانستان", "afghanistan"}, {"أفغانستان", "afghanistan"}, {"تونس", "tunisia"},
    {"تونسية", "tunisian"}, {"تونسي", "tunisian"}, {"جزائر", "algeria"},
    {"جزائرية", "algerian"}, {"جزائري", "algerian"}, {"سعودية", "saudi"},
    {"فلسطين", "palestine"}, {"فلسطينية", "palestinian"}, {"فلسطيني", "palestinian"},
    {"سودان", "sudan"}, {"صومال", "somalia"}, {"باكستان", "pakistan"},
    {"پاکستان", "pakistan"}, {"عربية", "arab"}, {"عربي", "arab"},
};

const char *scr_ar_translate(const char *s, size_t n)
{
    for (size_t r = 0; r < XC_ARRAY_LEN(g_ar); r++)
        if (strlen(g_ar[r].ar) == n && !memcmp(s, g_ar[r].ar, n))
            return g_ar[r].en;
    return NULL;
}
