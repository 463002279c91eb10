/*
 * Country names and codes -> ISO 3166-1 alpha-2.
 *
 * Lists spell countries every way imaginable: ISO codes, official long
 * forms ("Islamic Republic of Iran"), UN-style inversions ("Iran (Islamic
 * Republic of)"), US-style ("Korea, North"), abbreviations ("UAE", "PRC") and
 * Japanese. The ISO table below (from the ISO 3166-1 data shipped by Debian's
 * iso-codes) gives every country's alpha-2, alpha-3, short and official
 * names; a hand-written alias table adds the variants the real lists use.
 *
 * Lookup keys are normalised once (ASCII lower case, Latin-1 accents folded,
 * punctuation to single spaces, apostrophes dropped, a leading "the" removed)
 * and put in a hash map built on first use (pthread_once, so concurrent
 * loaders are safe). Unknown input returns NULL so that callers keep the
 * source text rather than guess.
 */
#include <pthread.h>
#include <string.h>
#include "model.h"

typedef struct iso_country {
    const char *a2, *a3, *name, *alt1, *alt2;
} iso_country;

/* ISO 3166-1, sorted by alpha-2: code, alpha-3, short name, other names. */
static const iso_country iso[] = {
    {"AD", "AND", "Andorra", "Principality of Andorra", NULL},
    {"AE", "ARE", "United Arab Emirates", NULL, NULL},
    {"AF", "AFG", "Afghanistan", "Islamic Republic of Afghanistan", NULL},
    {"AG", "ATG", "Antigua and Barbuda", NULL, NULL},
    {"AI", "AIA", "Anguilla", NULL, NULL},
    {"AL", "ALB", "Albania", "Republic of Albania", NULL},
    {"AM", "ARM", "Armenia", "Republic of Armenia", NULL},
    {"AO", "AGO", "Angola", "Republic of Angola", NULL},
    {"AQ", "ATA", "Antarctica", NULL, NULL},
    {"AR", "ARG", "Argentina", "Argentine Republic", NULL},
    {"AS", "ASM", "American Samoa", NULL, NULL},
    {"AT", "AUT", "Austria", "Republic of Austria", NULL},
    {"AU", "AUS", "Australia", NULL, NULL},
    {"AW", "ABW", "Aruba", NULL, NULL},
    {"AX", "ALA", "Åland Islands", NULL, NULL},
    {"AZ", "AZE", "Azerbaijan", "Republic of Azerbaijan", NULL},
    {"BA", "BIH", "Bosnia and Herzegovina", "Republic of Bosnia and Herzegovina", NULL},
    {"BB", "BRB", "Barbados", NULL, NULL},
    {"BD", "BGD", "Bangladesh", "People's Republic of Bangladesh", NULL},
    {"BE", "BEL", "Belgium", "Kingdom of Belgium", NULL},
    {"BF", "BFA", "Burkina Faso", NULL, NULL},
    {"BG", "BGR", "Bulgaria", "Republic of Bulgaria", NULL},
    {"BH", "BHR", "Bahrain", "Kingdom of Bahrain", NULL},
    {"BI", "BDI", "Burundi", "Republic of Burundi", NULL},
    {"BJ", "BEN", "Benin", "Republic of Benin", NULL},
    {"BL", "BLM", "Saint Barthélemy", NULL, NULL},
    {"BM", "BMU", "Bermuda", NULL, NULL},
    {"BN", "BRN", "Brunei Darussalam", NULL, NULL},
    {"BO", "BOL", "Bolivia", "Bolivia, Plurinational State of", "Plurinational State of Bolivia"},
    {"BQ", "BES", "Bonaire, Sint Eustatius and Saba", NULL, NULL},
    {"BR", "BRA", "Brazil", "Federative Republic of Brazil", NULL},
    {"BS", "BHS", "Bahamas", "Commonwealth of the Bahamas", NULL},
    {"BT", "BTN", "Bhutan", "Kingdom of Bhutan", NULL},
    {"BV", "BVT", "Bouvet Island", NULL, NULL},
    {"BW", "BWA", "Botswana", "Republic of Botswana", NULL},
    {"BY", "BLR", "Belarus", "Republic of Belarus", NULL},
    {"BZ", "BLZ", "Belize", NULL, NULL},
    {"CA", "CAN", "Canada", NULL, NULL},
    {"CC", "CCK", "Cocos (Keeling) Islands", NULL, NULL},
    {"CD", "COD", "Congo, The Democratic Republic of the", NULL, NULL},
    {"CF", "CAF", "Central African Republic", NULL, NULL},
    {"CG", "COG", "Congo", "Republic of the Congo", NULL},
    {"CH", "CHE", "Switzerland", "Swiss Confederation", NULL},
    {"CI", "CIV", "Côte d'Ivoire", "Republic of Côte d'Ivoire", NULL},
    {"CK", "COK", "Cook Islands", NULL, NULL},
    {"CL", "CHL", "Chile", "Republic of Chile", NULL},
    {"CM", "CMR", "Cameroon", "Republic of Cameroon", NULL},
    {"CN", "CHN", "China", "People's Republic of China", NULL},
    {"CO", "COL", "Colombia", "Republic of Colombia", NULL},
    {"CR", "CRI", "Costa Rica", "Republic of Costa Rica", NULL},
    {"CU", "CUB", "Cuba", "Republic of Cuba", NULL},
    {"CV", "CPV", "Cabo Verde", "Republic of Cabo Verde", NULL},
    {"CW", "CUW", "Curaçao", NULL, NULL},
    {"CX", "CXR", "Christmas Island", NULL, NULL},
    {"CY", "CYP", "Cyprus", "Republic of Cyprus", NULL},
    {"CZ", "CZE", "Czechia", "Czech Republic", NULL},
    {"DE", "DEU", "Germany", "Federal Republic of Germany", NULL},
    {"DJ", "DJI", "Djibouti", "Republic of Djibouti", NULL},
    {"DK", "DNK", "Denmark", "Kingdom of Denmark", NULL},
    {"DM", "DMA", "Dominica", "Commonwealth of Dominica", NULL},
    {"DO", "DOM", "Dominican Republic", NULL, NULL},
    {"DZ", "DZA", "Algeria", "People's Democratic Republic of Algeria", NULL},
    {"EC", "ECU", "Ecuador", "Republic of Ecuador", NULL},
    {"EE", "EST", "Estonia", "Republic of Estonia", NULL},
    {"EG", "EGY", "Egypt", "Arab Republic of Egypt", NULL},
    {"EH", "ESH", "Western Sahara", NULL, NULL},
    {"ER", "ERI", "Eritrea", "the State of Eritrea", NULL},
    {"ES", "ESP", "Spain", "Kingdom of Spain", NULL},
    {"ET", "ETH", "Ethiopia", "Federal Democratic Republic of Ethiopia", NULL},
    {"FI", "FIN", "Finland", "Republic of Finland", NULL},
    {"FJ", "FJI", "Fiji", "Republic of Fiji", NULL},
    {"FK", "FLK", "Falkland Islands (Malvinas)", NULL, NULL},
    {"FM", "FSM", "Micronesia, Federated States of", "Federated States of Micronesia", NULL},
    {"FO", "FRO", "Faroe Islands", NULL, NULL},
    {"FR", "FRA", "France", "French Republic", NULL},
    {"GA", "GAB", "Gabon", "Gabonese Republic", NULL},
    {"GB", "GBR", "United Kingdom", "United Kingdom of Great Britain and Northern Ireland", NULL},
    {"GD", "GRD", "Grenada", NULL, NULL},
    {"GE", "GEO", "Georgia", NULL, NULL},
    {"GF", "GUF", "French Guiana", NULL, NULL},
    {"GG", "GGY", "Guernsey", NULL, NULL},
    {"GH", "GHA", "Ghana", "Republic of Ghana", NULL},
    {"GI", "GIB", "Gibraltar", NULL, NULL},
    {"GL", "GRL", "Greenland", NULL, NULL},
    {"GM", "GMB", "Gambia", "Republic of the Gambia", NULL},
    {"GN", "GIN", "Guinea", "Republic of Guinea", NULL},
    {"GP", "GLP", "Guadeloupe", NULL, NULL},
    {"GQ", "GNQ", "Equatorial Guinea", "Republic of Equatorial Guinea", NULL},
    {"GR", "GRC", "Greece", "Hellenic Republic", NULL},
    {"GS", "SGS", "South Georgia and the South Sandwich Islands", NULL, NULL},
    {"GT", "GTM", "Guatemala", "Republic of Guatemala", NULL},
    {"GU", "GUM", "Guam", NULL, NULL},
    {"GW", "GNB", "Guinea-Bissau", "Republic of Guinea-Bissau", NULL},
    {"GY", "GUY", "Guyana", "Republic of Guyana", NULL},
    {"HK", "HKG", "Hong Kong", "Hong Kong Special Administrative Region of China", NULL},
    {"HM", "HMD", "Heard Island and McDonald Islands", NULL, NULL},
    {"HN", "HND", "Honduras", "Republic of Honduras", NULL},
    {"HR", "HRV", "Croatia", "Republic of Croatia", NULL},
    {"HT", "HTI", "Haiti", "Republic of Haiti", NULL},
    {"HU", "HUN", "Hungary", NULL, NULL},
    {"ID", "IDN", "Indonesia", "Republic of Indonesia", NULL},
    {"IE", "IRL", "Ireland", NULL, NULL},
    {"IL", "ISR", "Israel", "State of Israel", NULL},
    {"IM", "IMN", "Isle of Man", NULL, NULL},
    {"IN", "IND", "India", "Republic of India", NULL},
    {"IO", "IOT", "British Indian Ocean Territory", NULL, NULL},
    {"IQ", "IRQ", "Iraq", "Republic of Iraq", NULL},
    {"IR", "IRN", "Iran", "Iran, Islamic Republic of", "Islamic Republic of Iran"},
    {"IS", "ISL", "Iceland", "Republic of Iceland", NULL},
    {"IT", "ITA", "Italy", "Italian Republic", NULL},
    {"JE", "JEY", "Jersey", NULL, NULL},
    {"JM", "JAM", "Jamaica", NULL, NULL},
    {"JO", "JOR", "Jordan", "Hashemite Kingdom of Jordan", NULL},
    {"JP", "JPN", "Japan", NULL, NULL},
    {"KE", "KEN", "Kenya", "Republic of Kenya", NULL},
    {"KG", "KGZ", "Kyrgyzstan", "Kyrgyz Republic", NULL},
    {"KH", "KHM", "Cambodia", "Kingdom of Cambodia", NULL},
    {"KI", "KIR", "Kiribati", "Republic of Kiribati", NULL},
    {"KM", "COM", "Comoros", "Union of the Comoros", NULL},
    {"KN", "KNA", "Saint Kitts and Nevis", NULL, NULL},
    {"KP", "PRK", "North Korea", "Korea, Democratic People's Republic of", "Democratic People's Republic of Korea"},
    {"KR", "KOR", "South Korea", "Korea, Republic of", NULL},
    {"KW", "KWT", "Kuwait", "State of Kuwait", NULL},
    {"KY", "CYM", "Cayman Islands", NULL, NULL},
    {"KZ", "KAZ", "Kazakhstan", "Republic of Kazakhstan", NULL},
    {"LA", "LAO", "Laos", "Lao People's Democratic Republic", NULL},
    {"LB", "LBN", "Lebanon", "Lebanese Republic", NULL},
    {"LC", "LCA", "Saint Lucia", NULL, NULL},
    {"LI", "LIE", "Liechtenstein", "Principality of Liechtenstein", NULL},
    {"LK", "LKA", "Sri Lanka", "Democratic Socialist Republic of Sri Lanka", NULL},
    {"LR", "LBR", "Liberia", "Republic of Liberia", NULL},
    {"LS", "LSO", "Lesotho", "Kingdom of Lesotho", NULL},
    {"LT", "LTU", "Lithuania", "Republic of Lithuania", NULL},
    {"LU", "LUX", "Luxembourg", "Grand Duchy of Luxembourg", NULL},
    {"LV", "LVA", "Latvia", "Republic of Latvia", NULL},
    {"LY", "LBY", "Libya", NULL, NULL},
    {"MA", "MAR", "Morocco", "Kingdom of Morocco", NULL},
    {"MC", "MCO", "Monaco", "Principality of Monaco", NULL},
    {"MD", "MDA", "Moldova", "Moldova, Republic of", "Republic of Moldova"},
    {"ME", "MNE", "Montenegro", NULL, NULL},
    {"MF", "MAF", "Saint Martin (French part)", NULL, NULL},
    {"MG", "MDG", "Madagascar", "Republic of Madagascar", NULL},
    {"MH", "MHL", "Marshall Islands", "Republic of the Marshall Islands", NULL},
    {"MK", "MKD", "North Macedonia", "Republic of North Macedonia", NULL},
    {"ML", "MLI", "Mali", "Republic of Mali", NULL},
    {"MM", "MMR", "Myanmar", "Republic of Myanmar", NULL},
    {"MN", "MNG", "Mongolia", NULL, NULL},
    {"MO", "MAC", "Macao", "Macao Special Administrative Region of China", NULL},
    {"MP", "MNP", "Northern Mariana Islands", "Commonwealth of the Northern Mariana Islands", NULL},
    {"MQ", "MTQ", "Martinique", NULL, NULL},
    {"MR", "MRT", "Mauritania", "Islamic Republic of Mauritania", NULL},
    {"MS", "MSR", "Montserrat", NULL, NULL},
    {"MT", "MLT", "Malta", "Republic of Malta", NULL},
    {"MU", "MUS", "Mauritius", "Republic of Mauritius", NULL},
    {"MV", "MDV", "Maldives", "Republic of Maldives", NULL},
    {"MW", "MWI", "Malawi", "Republic of Malawi", NULL},
    {"MX", "MEX", "Mexico", "United Mexican States", NULL},
    {"MY", "MYS", "Malaysia", NULL, NULL},
    {"MZ", "MOZ", "Mozambique", "Republic of Mozambique", NULL},
    {"NA", "NAM", "Namibia", "Republic of Namibia", NULL},
    {"NC", "NCL", "New Caledonia", NULL, NULL},
    {"NE", "NER", "Niger", "Republic of the Niger", NULL},
    {"NF", "NFK", "Norfolk Island", NULL, NULL},
    {"NG", "NGA", "Nigeria", "Federal Republic of Nigeria", NULL},
    {"NI", "NIC", "Nicaragua", "Republic of Nicaragua", NULL},
    {"NL", "NLD", "Netherlands", "Kingdom of the Netherlands", NULL},
    {"NO", "NOR", "Norway", "Kingdom of Norway", NULL},
    {"NP", "NPL", "Nepal", "Federal Democratic Republic of Nepal", NULL},
    {"NR", "NRU", "Nauru", "Republic of Nauru", NULL},
    {"NU", "NIU", "Niue", NULL, NULL},
    {"NZ", "NZL", "New Zealand", NULL, NULL},
    {"OM", "OMN", "Oman", "Sultanate of Oman", NULL},
    {"PA", "PAN", "Panama", "Republic of Panama", NULL},
    {"PE", "PER", "Peru", "Republic of Peru", NULL},
    {"PF", "PYF", "French Polynesia", NULL, NULL},
    {"PG", "PNG", "Papua New Guinea", "Independent State of Papua New Guinea", NULL},
    {"PH", "PHL", "Philippines", "Republic of the Philippines", NULL},
    {"PK", "PAK", "Pakistan", "Islamic Republic of Pakistan", NULL},
    {"PL", "POL", "Poland", "Republic of Poland", NULL},
    {"PM", "SPM", "Saint Pierre and Miquelon", NULL, NULL},
    {"PN", "PCN", "Pitcairn", NULL, NULL},
    {"PR", "PRI", "Puerto Rico", NULL, NULL},
    {"PS", "PSE", "Palestine, State of", "the State of Palestine", NULL},
    {"PT", "PRT", "Portugal", "Portuguese Republic", NULL},
    {"PW", "PLW", "Palau", "Republic of Palau", NULL},
    {"PY", "PRY", "Paraguay", "Republic of Paraguay", NULL},
    {"QA", "QAT", "Qatar", "State of Qatar", NULL},
    {"RE", "REU", "Réunion", NULL, NULL},
    {"RO", "ROU", "Romania", NULL, NULL},
    {"RS", "SRB", "Serbia", "Republic of Serbia", NULL},
    {"RU", "RUS", "Russian Federation", NULL, NULL},
    {"RW", "RWA", "Rwanda", "Rwandese Republic", NULL},
    {"SA", "SAU", "Saudi Arabia", "Kingdom of Saudi Arabia", NULL},
    {"SB", "SLB", "Solomon Islands", NULL, NULL},
    {"SC", "SYC", "Seychelles", "Republic of Seychelles", NULL},
    {"SD", "SDN", "Sudan", "Republic of the Sudan", NULL},
    {"SE", "SWE", "Sweden", "Kingdom of Sweden", NULL},
    {"SG", "SGP", "Singapore", "Republic of Singapore", NULL},
    {"SH", "SHN", "Saint Helena, Ascension and Tristan da Cunha", NULL, NULL},
    {"SI", "SVN", "Slovenia", "Republic of Slovenia", NULL},
    {"SJ", "SJM", "Svalbard and Jan Mayen", NULL, NULL},
    {"SK", "SVK", "Slovakia", "Slovak Republic", NULL},
    {"SL", "SLE", "Sierra Leone", "Republic of Sierra Leone", NULL},
    {"SM", "SMR", "San Marino", "Republic of San Marino", NULL},
    {"SN", "SEN", "Senegal", "Republic of Senegal", NULL},
    {"SO", "SOM", "Somalia", "Federal Republic of Somalia", NULL},
    {"SR", "SUR", "Suriname", "Republic of Suriname", NULL},
    {"SS", "SSD", "South Sudan", "Republic of South Sudan", NULL},
    {"ST", "STP", "Sao Tome and Principe", "Democratic Republic of Sao Tome and Principe", NULL},
    {"SV", "SLV", "El Salvador", "Republic of El Salvador", NULL},
    {"SX", "SXM", "Sint Maarten (Dutch part)", NULL, NULL},
    {"SY", "SYR", "Syria", "Syrian Arab Republic", NULL},
    {"SZ", "SWZ", "Eswatini", "Kingdom of Eswatini", NULL},
    {"TC", "TCA", "Turks and Caicos Islands", NULL, NULL},
    {"TD", "TCD", "Chad", "Republic of Chad", NULL},
    {"TF", "ATF", "French Southern Territories", NULL, NULL},
    {"TG", "TGO", "Togo", "Togolese Republic", NULL},
    {"TH", "THA", "Thailand", "Kingdom of Thailand", NULL},
    {"TJ", "TJK", "Tajikistan", "Republic of Tajikistan", NULL},
    {"TK", "TKL", "Tokelau", NULL, NULL},
    {"TL", "TLS", "Timor-Leste", "Democratic Republic of Timor-Leste", NULL},
    {"TM", "TKM", "Turkmenistan", NULL, NULL},
    {"TN", "TUN", "Tunisia", "Republic of Tunisia", NULL},
    {"TO", "TON", "Tonga", "Kingdom of Tonga", NULL},
    {"TR", "TUR", "Türkiye", "Republic of Türkiye", NULL},
    {"TT", "TTO", "Trinidad and Tobago", "Republic of Trinidad and Tobago", NULL},
    {"TV", "TUV", "Tuvalu", NULL, NULL},
    {"TW", "TWN", "Taiwan", "Taiwan, Province of China", NULL},
    {"TZ", "TZA", "Tanzania", "Tanzania, United Republic of", "United Republic of Tanzania"},
    {"UA", "UKR", "Ukraine", NULL, NULL},
    {"UG", "UGA", "Uganda", "Republic of Uganda", NULL},
    {"UM", "UMI", "United States Minor Outlying Islands", NULL, NULL},
    {"US", "USA", "United States", "United States of America", NULL},
    {"UY", "URY", "Uruguay", "Eastern Republic of Uruguay", NULL},
    {"UZ", "UZB", "Uzbekistan", "Republic of Uzbekistan", NULL},
    {"VA", "VAT", "Holy See (Vatican City State)", NULL, NULL},
    {"VC", "VCT", "Saint Vincent and the Grenadines", NULL, NULL},
    {"VE", "VEN", "Venezuela", "Venezuela, Bolivarian Republic of", "Bolivarian Republic of Venezuela"},
    {"VG", "VGB", "Virgin Islands, British", "British Virgin Islands", NULL},
    {"VI", "VIR", "Virgin Islands, U.S.", "Virgin Islands of the United States", NULL},
    {"VN", "VNM", "Vietnam", "Viet Nam", "Socialist Republic of Viet Nam"},
    {"VU", "VUT", "Vanuatu", "Republic of Vanuatu", NULL},
    {"WF", "WLF", "Wallis and Futuna", NULL, NULL},
    {"WS", "WSM", "Samoa", "Independent State of Samoa", NULL},
    /* Kosovo: not in ISO 3166-1; XK is the user-assigned code in common use. */
    {"XK", "XKX", "Kosovo", "Republic of Kosovo", NULL},
    {"YE", "YEM", "Yemen", "Republic of Yemen", NULL},
    {"YT", "MYT", "Mayotte", NULL, NULL},
    {"ZA", "ZAF", "South Africa", "Republic of South Africa", NULL},
    {"ZM", "ZMB", "Zambia", "Republic of Zambia", NULL},
    {"ZW", "ZWE", "Zimbabwe", "Republic of Zimbabwe", NULL},
};

/* Variants used by real lists (English, some French, Japanese). */
static const struct { const char *name, *a2; } aliases[] = {
    /* common English and list-specific forms */
    {"UK", "GB"}, {"Great Britain", "GB"}, {"Britain", "GB"}, {"England", "GB"},
    {"Scotland", "GB"}, {"Wales", "GB"}, {"Northern Ireland", "GB"},
    {"United Kingdom of Great Britain and Northern Ireland", "GB"},
    {"United States of America", "US"}, {"USA", "US"}, {"U.S.A.", "US"},
    {"U.S.", "US"}, {"America", "US"}, {"United States", "US"},
    {"UAE", "AE"}, {"U.A.E.", "AE"}, {"Emirates", "AE"},
    {"PRC", "CN"}, {"P.R.C.", "CN"}, {"People's Republic of China", "CN"},
    {"China, People's Republic of", "CN"}, {"Mainland China", "CN"},
    {"Hong Kong SAR", "HK"}, {"Hong Kong, China", "HK"},
    {"Hong Kong Special Administrative Region", "HK"},
    {"Hong Kong Special Administrative Region of China", "HK"},
    {"China, Hong Kong Special Administrative Region", "HK"},
    {"Macau", "MO"}, {"Macao SAR", "MO"}, {"Macau, China", "MO"},
    {"Taiwan, Republic of China", "TW"}, {"Republic of China", "TW"},
    {"Chinese Taipei", "TW"}, {"Taiwan (Republic of China)", "TW"},
    {"Iran", "IR"}, {"Islamic Republic of Iran", "IR"}, {"Iran (Islamic Republic of)", "IR"},
    {"Iran, Islamic Republic of", "IR"}, {"Persia", "IR"},
    {"North Korea", "KP"}, {"Korea, North", "KP"}, {"DPRK", "KP"}, {"D.P.R.K.", "KP"},
    {"Democratic People's Republic of Korea", "KP"}, {"Korea (North)", "KP"},
    {"Korea, Democratic People's Republic", "KP"}, {"Korea DPR", "KP"},
    {"Korea, Dem. People's Rep.", "KP"}, {"Democratic Peoples Republic of Korea", "KP"},
    {"South Korea", "KR"}, {"Korea, South", "KR"}, {"ROK", "KR"}, {"Republic of Korea", "KR"},
    {"Korea (South)", "KR"},
    {"Russia", "RU"}, {"Russian Federation", "RU"},
    {"Syria", "SY"}, {"Syrian Arab Republic", "SY"},
    {"Turkey", "TR"}, {"Turkiye", "TR"}, {"T\xc3\x9crk\xc4\xb0ye", "TR"},
    {"Republic of Turkey", "TR"},
    {"Vietnam", "VN"}, {"Viet Nam", "VN"},
    {"Laos", "LA"}, {"Lao PDR", "LA"},
    {"Burma", "MM"}, {"Myanmar (Burma)", "MM"},
    {"Moldova", "MD"}, {"Bolivia", "BO"}, {"Venezuela", "VE"}, {"Tanzania", "TZ"},
    {"Czech Republic", "CZ"}, {"Czechia", "CZ"},
    {"Macedonia", "MK"}, {"North Macedonia", "MK"}, {"Republic of North Macedonia", "MK"},
    {"The former Yugoslav Republic of Macedonia", "MK"},
    {"Ivory Coast", "CI"}, {"Cote d'Ivoire", "CI"},
    {"Cape Verde", "CV"}, {"Swaziland", "SZ"}, {"East Timor", "TL"},
    {"Vatican", "VA"}, {"Vatican City", "VA"}, {"Holy See", "VA"},
    {"Palestine", "PS"}, {"State of Palestine", "PS"}, {"Palestinian Territories", "PS"},
    {"Occupied Palestinian Territory", "PS"}, {"Palestinian Territory", "PS"},
    {"West Bank", "PS"}, {"Gaza", "PS"}, {"Gaza Strip", "PS"},
    {"Congo, Democratic Republic of the", "CD"}, {"Democratic Republic of the Congo", "CD"},
    {"Democratic Republic of Congo", "CD"}, {"DR Congo", "CD"}, {"DRC", "CD"},
    {"Congo (Kinshasa)", "CD"}, {"Congo, Dem. Rep.", "CD"}, {"Zaire", "CD"},
    {"Congo, Republic of the", "CG"}, {"Republic of the Congo", "CG"},
    {"Congo (Brazzaville)", "CG"}, {"Congo", "CG"},
    {"Gambia", "GM"}, {"The Gambia", "GM"}, {"Bahamas", "BS"}, {"The Bahamas", "BS"},
    {"Brunei", "BN"}, {"Micronesia", "FM"}, {"Kyrgyz Republic", "KG"}, {"Kirghizia", "KG"},
    {"Slovak Republic", "SK"}, {"Netherlands", "NL"}, {"Holland", "NL"},
    {"The Netherlands", "NL"}, {"Kosovo", "XK"}, {"Republic of Kosovo", "XK"},
    {"Yemen", "YE"}, {"Republic of Yemen", "YE"},
    {"Lebanon", "LB"}, {"Republic of Lebanon", "LB"}, {"Lebanese Republic", "LB"},
    {"Egypt", "EG"}, {"Arab Republic of Egypt", "EG"},
    {"Israel", "IL"}, {"State of Israel", "IL"},
    {"Pakistan", "PK"}, {"Islamic Republic of Pakistan", "PK"},
    {"Afghanistan", "AF"}, {"Islamic Emirate of Afghanistan", "AF"},
    {"Libya", "LY"}, {"Libyan Arab Jamahiriya", "LY"}, {"State of Libya", "LY"},
    {"Belarus", "BY"}, {"Republic of Belarus", "BY"}, {"Byelorussia", "BY"},
    {"Sudan", "SD"}, {"South Sudan", "SS"}, {"Republic of South Sudan", "SS"},
    {"Saint Kitts and Nevis", "KN"}, {"St. Kitts and Nevis", "KN"},
    {"Saint Lucia", "LC"}, {"St. Lucia", "LC"},
    {"Saint Vincent and the Grenadines", "VC"}, {"St. Vincent and the Grenadines", "VC"},
    {"Sao Tome and Principe", "ST"}, {"Falkland Islands", "FK"},
    {"Virgin Islands, British", "VG"}, {"British Virgin Islands", "VG"}, {"BVI", "VG"},
    {"Virgin Islands, U.S.", "VI"}, {"US Virgin Islands", "VI"},
    {"Reunion", "RE"}, {"Curacao", "CW"}, {"Aland Islands", "AX"},
    {"Saint Barthelemy", "BL"}, {"Sint Maarten", "SX"}, {"Saint Martin", "MF"},
    {"Bosnia", "BA"}, {"Bosnia-Herzegovina", "BA"}, {"Bosnia and Herzegovina", "BA"},
    {"Trinidad & Tobago", "TT"}, {"Antigua & Barbuda", "AG"},
    {"Serbia and Montenegro", "RS"},
    {"Congo (Democratic Republic)", "CD"}, {"Palestinian", "PS"},
    {"Occupied Palestinian Territories", "PS"}, {"North Macedonia, The Republic of", "MK"},
    {"Cote d Ivoire", "CI"}, {"Burma (Myanmar)", "MM"},
    /* nationality fields often hold the demonym */
    {"Russian", "RU"}, {"German", "DE"}, {"Ukrainian", "UA"}, {"Belarusian", "BY"},
    {"Belarussian", "BY"}, {"Iranian", "IR"}, {"Iraqi", "IQ"}, {"Syrian", "SY"},
    {"Afghan", "AF"}, {"Pakistani", "PK"}, {"Chinese", "CN"}, {"North Korean", "KP"},
    {"South Korean", "KR"}, {"Lebanese", "LB"}, {"Yemeni", "YE"}, {"Libyan", "LY"},
    {"Sudanese", "SD"}, {"Somali", "SO"}, {"Egyptian", "EG"}, {"Saudi", "SA"},
    {"Emirati", "AE"}, {"Turkish", "TR"}, {"Japanese", "JP"}, {"American", "US"},
    {"British", "GB"}, {"French", "FR"}, {"Italian", "IT"}, {"Spanish", "ES"},
    {"Moldovan", "MD"}, {"Georgian", "GE"}, {"Armenian", "AM"}, {"Azerbaijani", "AZ"},
    {"Kazakh", "KZ"}, {"Uzbek", "UZ"}, {"Kyrgyz", "KG"}, {"Tajik", "TJ"},
    {"Turkmen", "TM"}, {"Venezuelan", "VE"}, {"Cuban", "CU"}, {"Nicaraguan", "NI"},
    {"Malian", "ML"}, {"Nigerian", "NG"}, {"Kenyan", "KE"}, {"Jordanian", "JO"},
    {"Kuwaiti", "KW"}, {"Qatari", "QA"}, {"Bahraini", "BH"}, {"Omani", "OM"},
    {"Tunisian", "TN"}, {"Algerian", "DZ"}, {"Moroccan", "MA"}, {"Indian", "IN"},
    {"Indonesian", "ID"}, {"Filipino", "PH"}, {"Malaysian", "MY"}, {"Israeli", "IL"},
    {"Eritrean", "ER"}, {"Ethiopian", "ET"}, {"Rwandan", "RW"}, {"Congolese", "CD"},
    {"Haitian", "HT"}, {"Colombian", "CO"}, {"Mexican", "MX"}, {"Serbian", "RS"},
    {"Bosnian", "BA"}, {"Swiss", "CH"}, {"Dutch", "NL"}, {"Belgian", "BE"},
    {"Austrian", "AT"}, {"Polish", "PL"}, {"Czech", "CZ"}, {"Cypriot", "CY"},
    {"Greek", "GR"}, {"Latvian", "LV"}, {"Lithuanian", "LT"}, {"Estonian", "EE"},
    /* French forms (UN, EU documents) */
    {"Allemagne", "DE"}, {"Royaume-Uni", "GB"}, {"Etats-Unis", "US"},
    {"Etats-Unis d'Amerique", "US"}, {"Chine", "CN"}, {"Russie", "RU"},
    {"Federation de Russie", "RU"}, {"Syrie", "SY"}, {"Liban", "LB"}, {"Irak", "IQ"},
    {"Egypte", "EG"}, {"Libye", "LY"}, {"Espagne", "ES"}, {"Italie", "IT"},
    {"Belgique", "BE"}, {"Suisse", "CH"}, {"Turquie", "TR"}, {"Coree du Nord", "KP"},
    {"Republique populaire democratique de Coree", "KP"}, {"Iran (Republique islamique d')", "IR"},
    {"Emirats arabes unis", "AE"}, {"Arabie saoudite", "SA"}, {"Japon", "JP"},
    /* Japanese */
    {"\u65e5\u672c", "JP"},                         /* 日本 */
    {"\u4e2d\u56fd", "CN"},                         /* 中国 */
    {"\u4e2d\u83ef\u4eba\u6c11\u5171\u548c\u56fd", "CN"}, /* 中華人民共和国 */
    {"\u9999\u6e2f", "HK"},                         /* 香港 */
    {"\u30de\u30ab\u30aa", "MO"},                   /* マカオ */
    {"\u53f0\u6e7e", "TW"},                         /* 台湾 */
    {"\u30a4\u30e9\u30f3", "IR"},                   /* イラン */
    {"\u30a4\u30e9\u30f3\u30fb\u30a4\u30b9\u30e9\u30e0\u5171\u548c\u56fd", "IR"}, /* イラン・イスラム共和国 */
    {"\u30a4\u30e9\u30af", "IQ"},                   /* イラク */
    {"\u30ed\u30b7\u30a2", "RU"},                   /* ロシア */
    {"\u30ed\u30b7\u30a2\u9023\u90a6", "RU"},       /* ロシア連邦 */
    {"\u5317\u671d\u9bae", "KP"},                   /* 北朝鮮 */
    {"\u671d\u9bae\u6c11\u4e3b\u4e3b\u7fa9\u4eba\u6c11\u5171\u548c\u56fd", "KP"}, /* 朝鮮民主主義人民共和国 */
    {"\u97d3\u56fd", "KR"},                         /* 韓国 */
    {"\u5927\u97d3\u6c11\u56fd", "KR"},             /* 大韓民国 */
    {"\u7c73\u56fd", "US"},                         /* 米国 */
    {"\u30a2\u30e1\u30ea\u30ab", "US"},             /* アメリカ */
    {"\u30a2\u30e1\u30ea\u30ab\u5408\u8846\u56fd", "US"}, /* アメリカ合衆国 */
    {"\u82f1\u56fd", "GB"},                         /* 英国 */
    {"\u30a4\u30ae\u30ea\u30b9", "GB"},             /* イギリス */
    {"\u30b7\u30ea\u30a2", "SY"},                   /* シリア */
    {"\u30d1\u30ad\u30b9\u30bf\u30f3", "PK"},       /* パキスタン */
    {"\u30a2\u30d5\u30ac\u30cb\u30b9\u30bf\u30f3", "AF"}, /* アフガニスタン */
    {"\u30a4\u30b9\u30e9\u30a8\u30eb", "IL"},       /* イスラエル */
    {"\u30a8\u30b8\u30d7\u30c8", "EG"},             /* エジプト */
    {"\u30ec\u30d0\u30ce\u30f3", "LB"},             /* レバノン */
    {"\u30a2\u30e9\u30d6\u9996\u9577\u56fd\u9023\u90a6", "AE"}, /* アラブ首長国連邦 */
    {"\u30c8\u30eb\u30b3", "TR"},                   /* トルコ */
    {"\u30a4\u30f3\u30c9", "IN"},                   /* インド */
    {"\u30d9\u30e9\u30eb\u30fc\u30b7", "BY"},       /* ベラルーシ */
    {"\u30d9\u30e9\u30eb\u30fc\u30b7\u5171\u548c\u56fd", "BY"}, /* ベラルーシ共和国 */
    {"\u30a6\u30af\u30e9\u30a4\u30ca", "UA"},       /* ウクライナ */
    {"\u30a2\u30eb\u30e1\u30cb\u30a2", "AM"},       /* アルメニア */
    {"\u30a6\u30ba\u30d9\u30ad\u30b9\u30bf\u30f3", "UZ"}, /* ウズベキスタン */
    {"\u30ab\u30b6\u30d5\u30b9\u30bf\u30f3", "KZ"}, /* カザフスタン */
    {"\u30ad\u30eb\u30ae\u30b9", "KG"},             /* キルギス */
    {"\u30bf\u30a4", "TH"},                         /* タイ */
    {"\u30c9\u30a4\u30c4", "DE"},                   /* ドイツ */
    {"\u30d5\u30e9\u30f3\u30b9", "FR"},             /* フランス */
    {"\u30a4\u30a8\u30e1\u30f3", "YE"},             /* イエメン */
    {"\u30b9\u30fc\u30c0\u30f3", "SD"},             /* スーダン */
    {"\u30ea\u30d3\u30a2", "LY"},                   /* リビア */
    {"\u30bd\u30de\u30ea\u30a2", "SO"},             /* ソマリア */
    {"\u30de\u30ec\u30fc\u30b7\u30a2", "MY"},       /* マレーシア */
    {"\u30b7\u30f3\u30ac\u30dd\u30fc\u30eb", "SG"}, /* シンガポール */
    {"\u30b8\u30e7\u30fc\u30b8\u30a2", "GE"},       /* ジョージア */
    {"\u30df\u30e3\u30f3\u30de\u30fc", "MM"},       /* ミャンマー */
    {"\u30ad\u30e5\u30fc\u30d0", "CU"},             /* キューバ */
    {"\u30d9\u30cd\u30ba\u30a8\u30e9", "VE"},       /* ベネズエラ */
};

/* Latin-1 letters U+00C0..U+00FF folded to their ASCII base letter (lower
 * case); 0 where there is none (×, ÷). */
static const char latin1_fold[64] = "aaaaaaaceeeeiiiidnooooo\0ouuuuyts"
                                    "aaaaaaaceeeeiiiidnooooo\0ouuuuyty";

/* Normalise a country string into out (cap bytes incl. NUL). Returns the
 * length, or 0 when the result is empty or does not fit. */
static size_t norm_key(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    bool space = false;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        int k = xc_utf8_decode(p + i, n - i, &cp);
        if (!k)
            return 0;
        char c = 0;
        bool keep_raw = false;
        if (cp < 0x80) {
            c = (char)cp;
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (c == '\'') {
                i += (size_t)k;
                continue;
            }
            if (c == '&') {
                /* "Trinidad & Tobago" = "Trinidad and Tobago" */
                if (o + 5 >= cap)
                    return 0;
                if (o && out[o - 1] != ' ')
                    out[o++] = ' ';
                memcpy(out + o, "and", 3);
                o += 3;
                space = true;
                i += (size_t)k;
                continue;
            }
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
                c = ' ';
        } else if (cp >= 0xC0 && cp <= 0xFF && latin1_fold[cp - 0xC0]) {
            c = latin1_fold[cp - 0xC0];
        } else if (cp == 0x130 || cp == 0x131) {
            c = 'i'; /* Turkish dotted/dotless i */
        } else if (cp == 0x2019 || cp == 0x2018) {
            i += (size_t)k;
            continue;
        } else if (cp == 0x3000 || cp == 0xA0 || cp == 0x30FB || cp == 0xFF65) {
            c = ' ';
        } else if (cp >= 0xFF01 && cp <= 0xFF5E) {
            /* full-width ASCII: fold and reprocess */
            char tmp = (char)(cp - 0xFEE0);
            if (tmp >= 'A' && tmp <= 'Z')
                tmp = (char)(tmp - 'A' + 'a');
            c = ((tmp >= 'a' && tmp <= 'z') || (tmp >= '0' && tmp <= '9')) ? tmp : ' ';
        } else {
            keep_raw = true;
        }
        if (keep_raw) {
            if (space && o) {
                if (o + 1 >= cap)
                    return 0;
                out[o++] = ' ';
            }
            space = false;
            if (o + (size_t)k >= cap)
                return 0;
            memcpy(out + o, s + i, (size_t)k);
            o += (size_t)k;
        } else if (c == ' ') {
            space = true;
        } else {
            if (space && o) {
                if (o + 1 >= cap)
                    return 0;
                out[o++] = ' ';
            }
            space = false;
            if (o + 1 >= cap)
                return 0;
            out[o++] = c;
        }
        i += (size_t)k;
    }
    out[o] = '\0';
    /* "the gambia" -> "gambia" */
    if (o > 4 && !memcmp(out, "the ", 4)) {
        memmove(out, out + 4, o - 4 + 1);
        o -= 4;
    }
    return o;
}

static xc_map cmap;          /* normalised key -> index into iso[] */
static xc_arena carena;      /* keys; lives for the process */
static pthread_once_t cmap_once = PTHREAD_ONCE_INIT;

static int iso_index(const char *a2)
{
    size_t lo = 0, hi = XC_ARRAY_LEN(iso);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(iso[mid].a2, a2);
        if (!c)
            return (int)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static void put_key(const char *name, int ix)
{
    char k[160];
    size_t n = norm_key(name, strlen(name), k, sizeof k);
    if (!n || ix < 0)
        return;
    uint32_t old;
    if (xc_map_get(&cmap, k, n, &old))
        return; /* first definition wins: ISO names before aliases */
    char *copy = xc_arena_strndup(&carena, k, n);
    if (copy)
        xc_map_put(&cmap, copy, n, (uint32_t)ix);
}

static void build_map(void)
{
    xc_map_init(&cmap);
    xc_arena_init(&carena);
    for (size_t i = 0; i < XC_ARRAY_LEN(iso); i++) {
        put_key(iso[i].a2, (int)i);
        put_key(iso[i].a3, (int)i);
        put_key(iso[i].name, (int)i);
        if (iso[i].alt1)
            put_key(iso[i].alt1, (int)i);
        if (iso[i].alt2)
            put_key(iso[i].alt2, (int)i);
    }
    for (size_t i = 0; i < XC_ARRAY_LEN(aliases); i++) {
        int ix = iso_index(aliases[i].a2);
        put_key(aliases[i].name, ix);
    }
}

/* Official-form words that may wrap a country name: "Republic of X",
 * "X, Republic of", "Kingdom of X" ... Tried after the plain lookup fails. */
static const char *const forms[] = {
    "islamic republic of ", "federal republic of ", "democratic republic of ",
    "peoples republic of ", "arab republic of ", "socialist republic of ",
    "united republic of ", "republic of the ", "republic of ", "kingdom of the ",
    "kingdom of ", "state of ", "principality of ", "sultanate of ",
    "commonwealth of ", "federation of ", "grand duchy of ", "government of ",
};

static const char *lookup_norm(const char *k, size_t n)
{
    uint32_t ix;
    if (xc_map_get(&cmap, k, n, &ix))
        return iso[ix].a2;
    return NULL;
}

/* Look up a normalised key, also without official-form words. */
static const char *lookup_key(const char *k, size_t kn)
{
    const char *r = lookup_norm(k, kn);
    if (r)
        return r;
    /* Strip an official-form prefix: "republic of lebanon" -> "lebanon". */
    for (size_t i = 0; i < XC_ARRAY_LEN(forms); i++) {
        size_t fl = strlen(forms[i]);
        if (kn > fl && !memcmp(k, forms[i], fl) && (r = lookup_norm(k + fl, kn - fl)))
            return r;
    }
    /* And a trailing one: "iran islamic republic of" -> "iran". */
    for (size_t i = 0; i < XC_ARRAY_LEN(forms); i++) {
        size_t fl = strlen(forms[i]) - 1; /* without the trailing space */
        if (kn > fl + 1 && k[kn - fl - 1] == ' ' && !memcmp(k + kn - fl, forms[i], fl) &&
            (r = lookup_norm(k, kn - fl - 1)))
            return r;
    }
    return NULL;
}

const char *xc_country_code(const char *s, size_t n)
{
    if (!s)
        return NULL;
    pthread_once(&cmap_once, build_map);
    char k[160];
    size_t kn = norm_key(s, n, k, sizeof k);
    if (!kn)
        return NULL;
    const char *r = lookup_key(k, kn);
    if (r)
        return r;
    /* Historical forms: "Ukrainian SSR (now Ukraine)", "Former USSR
     * Currently Belarus": the country named after "now" / "currently". */
    static const char *const now[] = {" now ", " currently "};
    for (size_t i = 0; i < XC_ARRAY_LEN(now); i++) {
        const char *p = strstr(k, now[i]);
        size_t pl = strlen(now[i]);
        if (p && (r = lookup_key(p + pl, kn - (size_t)(p + pl - k))))
            return r;
    }
    /* A remark in brackets: "Iraq (previous address)", "Russia (USSR)". */
    const char *par = memchr(s, '(', n);
    if (par && par > s && (r = xc_country_code(s, (size_t)(par - s))))
        return r;
    return NULL;
}

const char *xc_country_name(const char *code)
{
    if (!code || strlen(code) != 2)
        return NULL;
    char up[3] = {code[0], code[1], 0};
    for (int i = 0; i < 2; i++)
        if (up[i] >= 'a' && up[i] <= 'z')
            up[i] = (char)(up[i] - 'a' + 'A');
    int ix = iso_index(up);
    return ix < 0 ? NULL : iso[ix].name;
}
