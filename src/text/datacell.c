/*
 * datacell.c - is a table cell a row's data rather than a name? Tables of
 * data in a securities report (its history, its major contracts, its major
 * shareholders, its subsidiaries) have short cells that read as headings
 * (a month of its history, a shareholder's address, a count of shares, a
 * company's name) beside a long one; the segmenter lets a short cell name
 * the long cell after it, as a risk's name names its description, and
 * such a cell would head the rest of its table. A risk's name is none of
 * them: a date, an amount, an address, a company named by its legal form
 * or a country (kj_names_countries) is what a row says, not what it is
 * about. Told by the text alone.
 */
#include "kaiji/text.h"

#include <string.h>

/* The most characters of a cell this reads: a name is short. */
#define KJ_DATA_CELL_MAX 120

/* Digits from cp[i] on (n code points in all); how many. */
static size_t digits_at(const int32_t *cp, size_t n, size_t i) {
    size_t d = 0;
    while (i + d < n && kj_is_digit(cp[i + d]))
        d++;
    return d;
}

/* Whether a date opens the text at code point i (byte b): a year of four
 * digits and its month (kj_read_ja_date, no era: 1999年4月, ２００７年１０月
 * ～…), a year and a month in figures (2012.08より, 2016/3), or an English
 * month's name and a day ("March 26, 2025"). A year alone (2030年に向けた…)
 * is none. */
static int date_at(const char *s, size_t len, size_t b, const int32_t *cp, size_t n, size_t i) {
    kj_ja_date d;
    if (kj_read_ja_date(s + b, len - b, 0, &d) && !d.era && d.year == 4) return 1; /* 年 月 */
    if (digits_at(cp, n, i) == 4) {
        size_t j = i + 4, m = digits_at(cp, n, j + 1);
        return j < n && (cp[j] == '.' || cp[j] == '/') && m > 0 && m <= 2;
    }
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    for (size_t k = 0; k < sizeof months / sizeof *months; k++) {
        size_t w = strlen(months[k]);
        if (len > b + w + 1 && memcmp(s + b, months[k], w) == 0 && s[b + w] == ' ' &&
            s[b + w + 1] >= '0' && s[b + w + 1] <= '9')
            return 1;
    }
    return 0;
}

/* Whether c is a dash between the numbers of an address: - ‐ − － ー. */
static int address_dash(int32_t c) {
    return c == '-' || c == 0x2010 || c == 0x2212 || c == 0xFF0D || c == 0x30FC;
}

/* Whether code point i starts an amount (digits grouped by a comma:
 * 1,234,500; "2 ,345,600" as a justified cell sets it) or an address's
 * block numbers (3－４－５: three numbers between dashes). */
static int amount_or_block_at(const int32_t *cp, size_t n, size_t i) {
    size_t d = digits_at(cp, n, i);
    if (!d) return 0;
    size_t j = i + d;
    if (j < n && cp[j] == ' ') j++;
    if (j < n && (cp[j] == ',' || cp[j] == 0xFF0C) && digits_at(cp, n, j + 1) == 3) return 1;
    j = i + d;
    if (j >= n || !address_dash(cp[j])) return 0;
    size_t d2 = digits_at(cp, n, j + 1);
    j += 1 + d2;
    return d2 && j < n && address_dash(cp[j]) && digits_at(cp, n, j + 1);
}

/* The code points [from, to) of the name in cp[0, n): less spaces, and a
 * note in brackets after it ("（口座）", "(ドイツ)"), and the 、 or ，
 * that lists it with others ("…㈱、"). */
static void name_span(const int32_t *cp, size_t n, size_t *from, size_t *to) {
    size_t a = 0, z = n;
    for (;;) {
        while (a < z && (cp[a] == ' ' || cp[a] == 0x3000))
            a++;
        while (z > a && (cp[z - 1] == ' ' || cp[z - 1] == 0x3000 || cp[z - 1] == 0x3001 ||
                         cp[z - 1] == 0xFF0C))
            z--;
        if (z == a || (cp[z - 1] != ')' && cp[z - 1] != 0xFF09)) break;
        size_t o = z - 1; /* the note's opening bracket */
        while (o > a && cp[o] != '(' && cp[o] != 0xFF08)
            o--;
        if (o == a) break;
        z = o;
    }
    *from = a;
    *to = z;
}

/* Whether byte b is an ASCII letter. */
static int ascii_letter(unsigned char b) {
    return (unsigned char)((b | 0x20) - 'a') <= 'z' - 'a';
}

static int closing_legal_form(const char *s, size_t a, size_t z);

/* Whether s[a, z) is words of ASCII letters, digits and . & - ' each
 * opening with a capital or a digit, one space apart: a name as Latin
 * script writes it ("Aoba Nordic", not "Support for"). */
static int capitalised_words(const char *s, size_t a, size_t z) {
    int start = 1;
    for (size_t i = a; i < z; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ') {
            if (start) return 0; /* two spaces, or one first */
            start = 1;
        } else if (start) {
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '&')) return 0;
            start = 0;
        } else if (!ascii_letter(c) && !(c >= '0' && c <= '9') && !(c && strchr(".&-'", c))) {
            return 0;
        }
    }
    return !start;
}

/* Whether a mark of a company's legal form opens or closes the bytes
 * s[a, z): 株式会社 ㈱ (株) （株） 有限会社 合同会社, or as a word of its own
 * Inc Ltd LLC GmbH plc Limited Corporation S.A. N.V. (a full stop after
 * one aside: not "Incident"), or a short mark closes them
 * (closing_legal_form). */
static int legal_form(const char *s, size_t a, size_t z) {
    static const char *const marks[] = {"株式会社", "㈱",   "(株)", "（株）",      "有限会社",
                                        "合同会社", "Inc",  "INC",  "Ltd",         "LTD",
                                        "LLC",      "GmbH", "plc",  "PLC",         "Limited",
                                        "LIMITED",  "S.A",  "N.V",  "Corporation", "CORPORATION"};
    for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
        size_t w = strlen(marks[k]);
        int latin = (unsigned char)marks[k][0] < 0x80 && marks[k][0] != '(';
        if (z - a >= w && memcmp(s + a, marks[k], w) == 0 &&
            (!latin || a + w == z || !ascii_letter((unsigned char)s[a + w])))
            return 1;
        size_t e = latin && z > a && s[z - 1] == '.' ? z - 1 : z;
        if (e - a >= w && memcmp(s + e - w, marks[k], w) == 0 &&
            (!latin || e - w == a || !ascii_letter((unsigned char)s[e - w - 1])))
            return 1;
    }
    return closing_legal_form(s, a, z);
}

/* Whether s[a, z) closes with a short mark of a legal form that is a word
 * of its own after a space: AB AG SE SA NV BV AS ASA Oy SpA SAS KK (and
 * with full stops: S.p.A. K.K. B.V.). Such short marks name a company only
 * as a name's last word ("Aoba Nordic AB"); at the start or inside a cell
 * they are other words ("SE" for a systems engineer: SEの育成). */
static int closing_legal_form(const char *s, size_t a, size_t z) {
    static const char *const marks[] = {"AB",    "AG",  "SE",  "SA",  "NV",  "BV",
                                        "AS",    "ASA", "Oy",  "SpA", "SAS", "KK",
                                        "S.p.A", "K.K", "B.V", "A.G", "Pte"};
    size_t e = z > a && s[z - 1] == '.' ? z - 1 : z;
    for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
        size_t w = strlen(marks[k]);
        if (e - a > w + 1 && memcmp(s + e - w, marks[k], w) == 0 && s[e - w - 1] == ' ' &&
            capitalised_words(s, a, e - w - 1))
            return 1;
    }
    return 0;
}

/* Whether the cell's text s, its code points cp[0, n) starting at bytes
 * at[0, n] (at[n]: its length), is a company's name: a mark of its legal
 * form opens or closes it (legal_form), or 社 after katakana closes it
 * (…ホシゾラ社); a note in brackets after it, or the 、 that lists it,
 * aside (name_span). A company named inside a sentence or a phrase
 * (…あおば㈱との…の契約) is no name of the cell. */
static int names_company(const char *s, const size_t *at, const int32_t *cp, size_t n) {
    size_t a, z;
    name_span(cp, n, &a, &z);
    if (z == a) return 0;
    if (legal_form(s, at[a], at[z])) return 1;
    return z - a >= 2 && cp[z - 1] == 0x793E && kj_cp_in(cp[z - 2], 0x30A1, 0x30FA);
}

/* Whether c is a kanji, the script of a Japanese place's name. */
static int kanji(int32_t c) {
    return kj_cp_in(c, 0x4E00, 0x9FFF);
}

/* Whether the text (code points cp[0, n)) is a place: a Japanese address
 * that opens with its prefecture (東京都架空区, 架空県架空郡…: 都 道 府 県,
 * then a city, ward, county, town or village within ten characters), or
 * a country and a region after a space (ドイツ　架空州, 架空国　架空省:
 * the last word ends in 州 省 道 県 市 区). */
static int names_place(const int32_t *cp, size_t n) {
    size_t k = 0;
    while (k < n && k < 4 && kanji(cp[k]) && cp[k] != 0x90FD && cp[k] != 0x9053 &&
           cp[k] != 0x5E9C && cp[k] != 0x770C)
        k++;
    if (k >= 2 && k < n &&
        (cp[k] == 0x90FD || cp[k] == 0x9053 || cp[k] == 0x5E9C || cp[k] == 0x770C)) /* 都道府県 */
        for (size_t j = k + 1; j < n && j <= k + 10 && kanji(cp[j]); j++)
            if (cp[j] == 0x5E02 || cp[j] == 0x533A || cp[j] == 0x90E1 || cp[j] == 0x753A ||
                cp[j] == 0x6751) /* 市区郡町村 */
                return 1;
    size_t z = n;
    while (z > 0 && (cp[z - 1] == ' ' || cp[z - 1] == 0x3000))
        z--;
    size_t w = z; /* the last word */
    while (w > 0 && cp[w - 1] != ' ' && cp[w - 1] != 0x3000)
        w--;
    if (w == 0 || z - w < 2 || z > 30) return 0;
    for (size_t i = 0; i < z; i++)
        if (kj_cp_in(cp[i], 0x3041, 0x309F)) return 0; /* hiragana: words of a phrase */
    int32_t e = cp[z - 1];
    return e == 0x5DDE || e == 0x7701 || e == 0x9053 || e == 0x770C || e == 0x5E02 || e == 0x533A;
}

int kj_table_data_cell(const char *s, size_t len) {
    int32_t cp[KJ_DATA_CELL_MAX];
    size_t n = 0, at[KJ_DATA_CELL_MAX + 1], i = 0;
    while (i < len && n < KJ_DATA_CELL_MAX) {
        size_t k = kj_utf8_decode(s + i, len - i, &cp[n]);
        if (!k) break;
        at[n++] = i;
        i += k;
    }
    if (i < len) return 0; /* longer: a description, no name */
    at[n] = len;
    size_t first = 0;
    while (first < n && (cp[first] == ' ' || cp[first] == 0x3000))
        first++;
    if (first < n && date_at(s, len, at[first], cp, n, first)) return 1;
    for (size_t k = 0; k < n; k++)
        if ((k == 0 || !kj_is_digit(cp[k - 1])) && amount_or_block_at(cp, n, k)) return 1;
    if (memmem(s, len, "丁目", strlen("丁目")) || memmem(s, len, "番地", strlen("番地"))) return 1;
    return names_company(s, at, cp, n) || names_place(cp, n) || kj_names_countries(s, len);
}
