/*
 * annotation.c - is a short line a note on what is near it rather than a
 * heading of what follows it? A report sets lines on their own that read
 * as headings by their shape (short, no sentence's end) but name nothing:
 * the unit of the table below them ("（単位：百万円）", "(In millions)"), a
 * date ("2024年６月30日", "March 3, 2025": when a report was signed, an
 * answer under its question), a table's total ("合計", "Total") and the
 * mark of a page that goes on from the last ("(Continued)", "（続き）"),
 * and, as a flattened table or a filing's end sets them, a figure with its
 * unit ("123,456百万円") and a signature ("/s/ Jane Doe").
 * Such a line heads nothing; a continued mark says that what follows it
 * is still under the heading before the page's running head. Told by the
 * text alone.
 */
#include "kaiji/text.h"

#include <string.h>

/* The most bytes of a line this reads (60 characters of up to 4 bytes,
 * and some spaces): an annotation is short. */
#define KJ_ANNOT_MAX 320

/* When t[a, z) opens with a bracket ( （ 【 〔 ［ [ ＜ <, the text inside
 * it, [*ia, *iz), and where its closing bracket ends, *after; else 0. A
 * bracket opened in one width may close in the other: (単位：千円）. */
static int bracketed(const char *t, size_t a, size_t z, size_t *ia, size_t *iz, size_t *after) {
    static const char *const pairs[][3] = {
        {"(", ")", "）"},  {"（", "）", ")"}, {"【", "】", "】"}, {"〔", "〕", "〕"},
        {"［", "］", "]"}, {"[", "]", "］"},  {"＜", "＞", ">"},  {"<", ">", "＞"}};
    for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++) {
        if (!kj_has_prefix_at(t, a, z, pairs[k][0])) continue;
        for (size_t i = a + strlen(pairs[k][0]); i < z; i++)
            for (int c = 1; c <= 2; c++)
                if (kj_has_prefix_at(t, i, z, pairs[k][c])) {
                    *ia = a + strlen(pairs[k][0]);
                    *iz = i;
                    *after = i + strlen(pairs[k][c]);
                    kj_trim_spaces(t, ia, iz);
                    return 1;
                }
        return 0;
    }
    return 0;
}

/* t[a, z) less one bracket around the whole of it, if there is one. */
static void unwrap(const char *t, size_t *a, size_t *z) {
    size_t ia, iz, after;
    if (bracketed(t, *a, *z, &ia, &iz, &after) && kj_skip_spaces(t, after, *z) == *z) {
        *a = ia;
        *z = iz;
    }
}

/* The bytes of one of words (NULL-ended) at t[i, z) when a word's end
 * follows it (the end, or no ASCII letter), else 0. */
static size_t word_at(const char *t, size_t i, size_t z, const char *const *words) {
    for (size_t k = 0; words[k]; k++) {
        size_t n = strlen(words[k]);
        if (kj_has_prefix_at(t, i, z, words[k]) &&
            (i + n == z || (unsigned char)(t[i + n] - 'a') > 'z' - 'a' ||
             (unsigned char)words[k][n - 1] >= 0x80))
            return n;
    }
    return 0;
}

/* Whether t[a, z) (ASCII lower-cased) says an English unit: "millions",
 * "in thousands", "dollars in millions", "$ in millions", "millions of
 * u.s. dollars", what qualifies it after a comma ("in millions, except
 * per share data") aside. */
static int english_unit(const char *t, size_t a, size_t z) {
    static const char *const signs[] = {"$", "\xC2\xA5", "\xE2\x82\xAC", NULL}; /* $ ¥ € */
    static const char *const money[] = {"u.s. dollars", "us dollars", "dollars", "yen",
                                        "euros",        "amounts",    "shares",  NULL};
    static const char *const scale[] = {"millions", "thousands", "billions", "million",
                                        "thousand", "billion",   NULL};
    static const char *const in[] = {"in", NULL};
    static const char *const of[] = {"of", NULL};
    size_t i = a, n;
    if ((n = word_at(t, i, z, signs)) != 0) i = kj_skip_spaces(t, i + n, z);
    if ((n = word_at(t, i, z, money)) != 0) {
        i = kj_skip_spaces(t, i + n, z);
        if (!word_at(t, i, z, in)) return 0;
    }
    if ((n = word_at(t, i, z, in)) != 0) i = kj_skip_spaces(t, i + n, z);
    if ((n = word_at(t, i, z, scale)) == 0) return 0;
    i = kj_skip_spaces(t, i + n, z);
    if ((n = word_at(t, i, z, of)) != 0) {
        i = kj_skip_spaces(t, i + n, z);
        if ((n = word_at(t, i, z, money)) == 0) return 0;
        i = kj_skip_spaces(t, i + n, z);
    }
    return i == z || t[i] == ',' || t[i] == ';';
}

/* The bytes of a Japanese unit at t[i, z): a scale (千 百 万 億 兆 十,
 * any of them) before a currency (円 ドル ユーロ …), a count (台 件 人
 * 株 …; a count needs its scale unless counted (after a figure): （株）
 * alone marks a company) or %. 0 when there is none. */
static size_t japanese_unit(const char *t, size_t i, size_t z, int counted) {
    static const char *const scales[] = {"千", "百", "万", "億", "兆", "十", NULL};
    static const char *const money[] = {"米ドル", "ドル",   "ユーロ", "人民元", "元",
                                        "ポンド", "ウォン", "円",     NULL};
    static const char *const counts[] = {"台", "件", "人",   "名", "株", "個",
                                         "口", "戸", "契約", "社", "店", NULL};
    static const char *const percent[] = {"％", "%", NULL};
    size_t s = i;
    for (int more = 1; more;) {
        more = 0;
        for (size_t k = 0; scales[k]; k++)
            if (kj_has_prefix_at(t, i, z, scales[k])) i += strlen(scales[k]), more = 1;
    }
    for (size_t k = 0; money[k]; k++)
        if (kj_has_prefix_at(t, i, z, money[k])) return i + strlen(money[k]) - s;
    for (size_t k = 0; counts[k] && (i > s || counted); k++)
        if (kj_has_prefix_at(t, i, z, counts[k])) return i + strlen(counts[k]) - s;
    for (size_t k = 0; percent[k] && i == s; k++)
        if (kj_has_prefix_at(t, i, z, percent[k])) return strlen(percent[k]);
    return 0;
}

/* Whether t[a, z) is only Japanese units, listed with ・ 、 ， , / between
 * them: 億円, 百万円・％, 千台; counted as japanese_unit. */
static int japanese_units(const char *t, size_t a, size_t z, int counted) {
    static const char *const seps[] = {"・", "、", "，", ",", "/", NULL};
    size_t i = a, n;
    for (;;) {
        if ((n = japanese_unit(t, i, z, counted)) == 0) return 0;
        i = kj_skip_spaces(t, i + n, z);
        if (i == z) return 1;
        size_t k = 0;
        while (seps[k] && !kj_has_prefix_at(t, i, z, seps[k]))
            k++;
        if (!seps[k]) return 0;
        i = kj_skip_spaces(t, i + strlen(seps[k]), z);
    }
}

/* Whether t[a, z) opens with 単位 and a colon or a space before what the
 * unit is (単位：百万円, 単位 千株). */
static int unit_label(const char *t, size_t a, size_t z) {
    if (!kj_has_prefix_at(t, a, z, "単位")) return 0;
    size_t i = a + strlen("単位"), s = kj_skip_spaces(t, i, z);
    if (kj_has_prefix_at(t, s, z, "：") || kj_has_prefix_at(t, s, z, ":")) return s + 1 < z;
    return s > i && s < z;
}

/* Whether a bracketed text says a unit (unit_label, japanese_units,
 * english_unit). */
static int says_unit(const char *t, size_t a, size_t z) {
    return unit_label(t, a, z) || japanese_units(t, a, z, 0) || english_unit(t, a, z);
}

/* The code point at t[*i] (i moved past it); 0 at the end. */
static int32_t next_cp(const char *t, size_t *i, size_t z) {
    int32_t c = 0;
    size_t k = *i < z ? kj_utf8_decode(t + *i, z - *i, &c) : 0;
    *i += k ? k : z - *i;
    return k ? c : 0;
}

/* Whether t[i, z) may follow a unit in brackets on its line: nothing, or
 * a flattened table's first cells or a note (前期 当期, 490.07 395.18,
 * （注記は末尾）), not the rest of a sentence the bracket is a word of
 * (a wrapped line's "(％）の一定率を乗じて…。": hiragana after it, or a
 * sentence's end anywhere). */
static int after_unit(const char *t, size_t i, size_t z) {
    i = kj_skip_spaces(t, i, z);
    for (size_t k = i; k + 3 <= z; k++)
        if (kj_has_prefix_at(t, k, z, "。")) return 0;
    int32_t c = next_cp(t, &(size_t){i}, z);
    return !kj_cp_in(c, 0x3041, 0x309F);
}

/* Whether line t[a, z) states a unit: it opens with one in brackets and
 * what may follow it (after_unit), or opens with 単位 and a colon, or is a
 * unit and nothing else. */
static int unit_line(const char *t, size_t a, size_t z) {
    size_t ia, iz, after;
    if (bracketed(t, a, z, &ia, &iz, &after))
        return says_unit(t, ia, iz) && after_unit(t, after, z);
    return unit_label(t, a, z) || japanese_units(t, a, z, 0) || english_unit(t, a, z);
}

/* How many digits (ASCII or full width) at t[*i], at most max (i moved
 * past them); 0 when more. */
static int digits(const char *t, size_t *i, size_t z, int max) {
    int n;
    *i += kj_digits_at(t, *i, z, &n);
    return n <= max ? n : 0;
}

/* Whether t[a, z) is a Japanese date to the month at least
 * (kj_read_ja_date, spaces between its parts): a year (four digits, or
 * an era's of one or two: 令和２年, 平成元年), its month, maybe its day,
 * each of one or two digits, and maybe 現在, 時点, 末 or 付 after it
 * (2024年３月31日現在). */
static int japanese_date(const char *t, size_t a, size_t z) {
    static const char *const after[] = {"末日現在", "現在", "時点", "末", "付", NULL};
    kj_ja_date d;
    size_t i = a + kj_read_ja_date(t + a, z - a, KJ_JA_DATE_SPACED, &d);
    if (i == a || (d.era ? d.year > 2 : d.year != 4) || d.month > 2 || d.day > 2) return 0;
    i = kj_skip_spaces(t, i, z);
    for (size_t k = 0; after[k]; k++)
        if (kj_has_prefix_at(t, i, z, after[k])) {
            i += strlen(after[k]);
            break;
        }
    return kj_skip_spaces(t, i, z) == z;
}

/* The bytes of a month's name (lower-cased, whole or cut short, a full
 * stop after a short one aside) at t[i, z), else 0. */
static size_t month_at(const char *t, size_t i, size_t z) {
    static const char *const months[] = {
        "january", "february", "march",    "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "sept",  "jan", "feb",  "mar",  "apr",    "jun",
        "jul",     "aug",      "sep",      "oct",   "nov", "dec",  NULL};
    size_t n = word_at(t, i, z, months);
    if (n && n <= 4 && i + n < z && t[i + n] == '.') n++;
    return n;
}

/* Whether t[a, z) (lower-cased) is an English date: "march 3, 2025",
 * "march 2025", "3 march 2025", maybe "as of" before it. */
static int english_date(const char *t, size_t a, size_t z) {
    static const char *const as[] = {"as of", "as at", NULL};
    size_t i = a, n, j;
    if ((n = word_at(t, i, z, as)) != 0) i = kj_skip_spaces(t, i + n, z);
    j = i;
    if (digits(t, &j, z, 2)) i = kj_skip_spaces(t, j, z); /* the day first */
    if ((n = month_at(t, i, z)) == 0) return 0;
    i = kj_skip_spaces(t, i + n, z);
    j = i;
    if (digits(t, &j, z, 2) && j < z && (t[j] == ',' || t[j] == ' '))
        i = kj_skip_spaces(t, j + (t[j] == ','), z); /* the day after the month */
    j = i;
    return digits(t, &j, z, 4) == 4 && kj_skip_spaces(t, j, z) == z;
}

/* i past a figure at t[i, z): digits (ASCII or full width) with , . and
 * spaces among them, a sign or a currency's mark before them (- + △ ▲ $
 * ¥ € ＝); i itself when there are no digits. */
static size_t figure_end(const char *t, size_t i, size_t z) {
    static const char *const signs[] = {"-",  "+",  "△", "▲",  "$", "\xC2\xA5", "\xE2\x82\xAC",
                                        "＄", "￥", "=", "＝", NULL};
    size_t from = i;
    for (int more = 1; more;) {
        more = 0;
        for (size_t k = 0; signs[k] && !more; k++)
            if (kj_has_prefix_at(t, i, z, signs[k])) {
                i = kj_skip_spaces(t, i + strlen(signs[k]), z);
                more = 1;
            }
    }
    size_t d = i, e = i;
    while (d < z) {
        size_t j = d;
        int32_t c = next_cp(t, &j, z);
        if (kj_is_digit(c))
            e = j;
        else if (c != ',' && c != '.' && c != 0xFF0C && c != 0xFF0E && c != ' ')
            break;
        d = j;
    }
    return e > i ? e : from;
}

/* i past a figure written in parts at t[i, z): figures with the scales
 * that part them (1兆2,345億67百万: 兆 億 万 百万 千 before a digit);
 * i itself when there is no figure. */
static size_t parted_figure_end(const char *t, size_t i, size_t z) {
    static const char *const parts[] = {"百万", "兆", "億", "万", "千", NULL};
    size_t e = figure_end(t, i, z);
    for (size_t k = 0; e > i && parts[k];) {
        size_t n = strlen(parts[k]), f;
        if (kj_has_prefix_at(t, e, z, parts[k]) && (f = figure_end(t, e + n, z)) > e + n) {
            e = f;
            k = 0;
        } else {
            k++;
        }
    }
    return e;
}

/* Whether t[a, z) is a figure and its unit, nothing else: 123,456百万円,
 * △12.5億円, 1兆2,345億67百万円, ＝23億円, 1,000千株, "$1.2 billion",
 * "3,400 million"; or a row of them (27百万円 14百万円, a flattened
 * table's figures); or a table's word for none (n/a, 該当なし). */
static int figure_line(const char *t, size_t a, size_t z) {
    static const char *const scale[] = {"millions", "thousands", "billions", "million",
                                        "thousand", "billion",   NULL};
    static const char *const none[] = {"n/a", "該当なし", NULL};
    for (size_t k = 0; none[k]; k++)
        if (z - a == strlen(none[k]) && kj_has_prefix_at(t, a, z, none[k])) return 1;
    for (size_t i = a; i < z;) {
        size_t e = parted_figure_end(t, i, z), n;
        if (e == i) return 0;
        e = kj_skip_spaces(t, e, z);
        if ((n = japanese_unit(t, e, z, 1)) == 0 && (n = word_at(t, e, z, scale)) == 0) return 0;
        i = kj_skip_spaces(t, e + n, z);
    }
    return 1;
}

/* Whether t[a, z) is a figure with a unit note in brackets after it
 * (1,234,567 (単位：百万円)): a flattened table's last figure and the
 * unit set beside it. */
static int figure_then_unit(const char *t, size_t a, size_t z) {
    size_t i = kj_skip_spaces(t, figure_end(t, a, z), z), ia, iz, after;
    return i > a && bracketed(t, i, z, &ia, &iz, &after) && kj_skip_spaces(t, after, z) == z &&
           says_unit(t, ia, iz);
}

/* Whether t[a, z) is a table's total: 計, 合計, 小計, 総計, "total". */
static int total_line(const char *t, size_t a, size_t z) {
    static const char *const totals[] = {"計",        "合計",        "小計",   "総計",
                                         "総合計",    "total",       "totals", "subtotal",
                                         "sub-total", "grand total", NULL};
    for (size_t k = 0; totals[k]; k++)
        if (z - a == strlen(totals[k]) && kj_has_prefix_at(t, a, z, totals[k])) return 1;
    return 0;
}

/* Whether t[a, z) marks a page that goes on from the last: "continued",
 * "cont'd", "continued from previous page", （続き）, 前頁より続く; a dash
 * before it aside. */
static int continued_line(const char *t, size_t a, size_t z) {
    static const char *const marks[] = {"continued from the previous page",
                                        "continued from previous page",
                                        "continued",
                                        "cont'd",
                                        "cont\xE2\x80\x99"
                                        "d",
                                        "cont.",
                                        "前ページからの続き",
                                        "前ページの続き",
                                        "前頁からの続き",
                                        "前頁より続く",
                                        "前頁から続く",
                                        "前頁の続き",
                                        "続き",
                                        "つづき",
                                        NULL};
    static const char *const dashes[] = {"-", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x95",
                                         NULL}; /* - – — ― */
    size_t n;
    while ((n = word_at(t, a, z, dashes)) != 0)
        a = kj_skip_spaces(t, a + n, z);
    unwrap(t, &a, &z);
    for (size_t k = 0; marks[k]; k++)
        if (z - a == strlen(marks[k]) && kj_has_prefix_at(t, a, z, marks[k])) return 1;
    return 0;
}

kj_annotation kj_annotation_line(const char *s, size_t len) {
    char t[KJ_ANNOT_MAX];
    if (len > sizeof t) return KJ_ANNOT_NONE;
    for (size_t i = 0; i < len; i++) /* ASCII lower-cased: UTF-8 keeps its bytes */
        t[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i]);
    size_t a = 0, z = len;
    kj_trim_spaces(t, &a, &z);
    if (z == a || kj_utf8_count(t + a, z - a) > 60) return KJ_ANNOT_NONE;
    if (unit_line(t, a, z) || figure_then_unit(t, a, z)) return KJ_ANNOT_UNIT;
    if (figure_line(t, a, z)) return KJ_ANNOT_FIGURE;
    if (kj_has_prefix_at(t, a, z, "/s/")) return KJ_ANNOT_SIGNATURE;
    if (continued_line(t, a, z)) return KJ_ANNOT_CONTINUED;
    unwrap(t, &a, &z);
    if (japanese_date(t, a, z) || english_date(t, a, z)) return KJ_ANNOT_DATE;
    return total_line(t, a, z) ? KJ_ANNOT_TOTAL : KJ_ANNOT_NONE;
}
