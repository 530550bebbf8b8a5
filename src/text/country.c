/*
 * country.c - does a text name only countries or regions? A securities
 * report's tables of contracts, licences and subsidiaries give each row's
 * country or region in a cell of its own (ドイツ, 日本、米国, "(スウェー
 * デン)", "United Kingdom"): what the row says, not what it is about, so
 * such a cell names nothing after it (kj_table_data_cell). Told by a list
 * of the names reports use, in Japanese and English; a name not on it
 * reads as any other text.
 */
#include "kaiji/text.h"

#include <string.h>
#include <strings.h>

/* The most bytes of a text this reads. */
#define KJ_COUNTRY_MAX 480

/* Countries and regions as Japanese reports write them. */
static const char *const japanese[] = {
    "日本", "米国", "アメリカ", "アメリカ合衆国", "合衆国", "英国", "イギリス", "中国",
    "中華人民共和国", "韓国", "大韓民国", "台湾", "香港", "マカオ", "ドイツ", "フランス",
    "イタリア", "スペイン", "ポルトガル", "オランダ", "ベルギー", "ルクセンブルク", "スイス",
    "オーストリア", "スウェーデン", "ノルウェー", "デンマーク", "フィンランド", "アイルランド",
    "アイスランド", "ポーランド", "チェコ", "スロバキア", "ハンガリー", "ルーマニア", "ブルガリア",
    "ギリシャ", "トルコ", "ロシア", "ウクライナ", "イスラエル", "サウジアラビア",
    "アラブ首長国連邦", "カタール", "エジプト", "南アフリカ", "ナイジェリア", "ケニア", "モロッコ",
    "インド", "パキスタン", "バングラデシュ", "スリランカ", "ネパール", "タイ", "ベトナム",
    "ヴェトナム", "マレーシア", "シンガポール", "インドネシア", "フィリピン", "カンボジア",
    "ミャンマー", "ラオス", "モンゴル", "オーストラリア", "ニュージーランド", "カナダ", "メキシコ",
    "ブラジル", "アルゼンチン", "チリ", "ペルー", "コロンビア", "ベネズエラ", "パナマ",
    /* regions */
    "北米", "南米", "中南米", "米州", "欧州", "ヨーロッパ", "西欧", "東欧", "アジア", "東アジア",
    "東南アジア", "南アジア", "アジア太平洋", "アジアパシフィック", "オセアニア", "中東",
    "アフリカ", "中近東", "全世界", "世界", "世界各国", "国内", "海外", "日本国内",
    "日本を除く全世界", NULL};

/* Countries and regions as English text writes them (compared without
 * case). */
static const char *const english[] = {
    "japan", "united states", "united states of america", "the united states", "u.s.", "u.s.a.",
    "usa", "us", "united kingdom", "the united kingdom", "u.k.", "uk", "china",
    "people's republic of china", "prc", "korea", "south korea", "republic of korea", "taiwan",
    "hong kong", "germany", "france", "italy", "spain", "portugal", "netherlands",
    "the netherlands", "belgium", "luxembourg", "switzerland", "austria", "sweden", "norway",
    "denmark", "finland", "ireland", "iceland", "poland", "czech republic", "czechia", "hungary",
    "romania", "greece", "turkey", "russia", "israel", "saudi arabia", "united arab emirates",
    "uae", "egypt", "south africa", "india", "pakistan", "thailand", "vietnam", "viet nam",
    "malaysia", "singapore", "indonesia", "philippines", "the philippines", "australia",
    "new zealand", "canada", "mexico", "brazil", "argentina", "chile", "peru", "colombia",
    /* regions */
    "north america", "south america", "latin america", "americas", "the americas", "europe", "asia",
    "asia pacific", "asia-pacific", "apac", "emea", "middle east", "africa", "oceania", "worldwide",
    NULL};

/* Whether s[a, z) is one of names, exactly (without case for English). */
static int listed(const char *s, size_t a, size_t z, const char *const *names, int nocase) {
    for (size_t k = 0; names[k]; k++) {
        size_t n = strlen(names[k]);
        if (n == z - a &&
            (nocase ? strncasecmp(s + a, names[k], n) : memcmp(s + a, names[k], n)) == 0)
            return 1;
    }
    return 0;
}

/* The bytes of a space at s[i] (kj_space_at) that a name is trimmed of:
 * any but a tab; else 0. */
static size_t space_at(const char *s, size_t i, size_t z) {
    size_t n = kj_space_at(s, i, z);
    return n == 1 && s[i] == '\t' ? 0 : n;
}

/* The bytes of a separator between names at s[i, z) (、 ， , ・ / ＆ &,
 * 及び, および, と, " and "), else 0. */
static size_t separator_at(const char *s, size_t i, size_t z) {
    static const char *const seps[] = {"、", "，",   ",",      "・",     "/",     "／", "＆",
                                       "&",  "及び", "および", "並びに", " and ", NULL};
    for (size_t k = 0; seps[k]; k++)
        if (kj_has_prefix_at(s, i, z, seps[k])) return strlen(seps[k]);
    return 0;
}

/* Whether p occurs in s[a, z). */
static int holds(const char *s, size_t a, size_t z, const char *p) {
    for (size_t i = a; i < z; i++)
        if (kj_has_prefix_at(s, i, z, p)) return 1;
    return 0;
}

/* [*a, *z) less the spaces around it, and a bracket around all of it
 * (( ) （ ） [ ] ［ ］). */
static void trim(const char *s, size_t *a, size_t *z) {
    static const char *const pairs[][2] = {{"(", ")"}, {"（", "）"}, {"[", "]"}, {"［", "］"}};
    for (int more = 1; more;) {
        size_t k;
        more = 0;
        while ((k = space_at(s, *a, *z)) != 0)
            *a += k;
        while (*z > *a && (s[*z - 1] == ' ' ||
                           (*z - *a >= 3 && kj_has_prefix_at(s, *z - 3, *z, "\xE3\x80\x80"))))
            *z -= s[*z - 1] == ' ' ? 1 : 3;
        for (size_t p = 0; p < sizeof pairs / sizeof *pairs; p++) {
            size_t o = strlen(pairs[p][0]), c = strlen(pairs[p][1]);
            if (*z - *a > o + c && kj_has_prefix_at(s, *a, *z, pairs[p][0]) &&
                kj_has_prefix_at(s, *z - c, *z, pairs[p][1]) &&
                !holds(s, *a + o, *z - c, pairs[p][0])) {
                *a += o;
                *z -= c;
                more = 1;
            }
        }
    }
}

/* s[a, z) less 等, 他, ほか or など after the last name. */
static void drop_etc(const char *s, size_t a, size_t *z) {
    static const char *const etc[] = {"など", "ほか", "他", "等", NULL};
    for (size_t k = 0; etc[k]; k++) {
        size_t n = strlen(etc[k]);
        if (*z - a > n && kj_has_prefix_at(s, *z - n, *z, etc[k])) {
            *z -= n;
            return;
        }
    }
}

/* Whether s[a, z) (trimmed) is one name (listed). */
static int one_name(const char *s, size_t a, size_t z) {
    trim(s, &a, &z);
    return z > a && (listed(s, a, z, japanese, 0) || listed(s, a, z, english, 1));
}

int kj_names_countries(const char *s, size_t len) {
    if (len > KJ_COUNTRY_MAX) return 0;
    size_t a = 0, z = len;
    trim(s, &a, &z);
    drop_etc(s, a, &z);
    trim(s, &a, &z);
    if (z == a) return 0;
    size_t from = a; /* the name being read: [from, i) */
    for (size_t i = a; i < z;) {
        size_t n = separator_at(s, i, z);
        if (!n) {
            i++;
            continue;
        }
        if (!one_name(s, from, i)) return 0;
        i += n;
        from = i;
    }
    return one_name(s, from, z);
}
