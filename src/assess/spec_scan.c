/*
 * spec_scan.c - the surface features of a passage that tell how specific it
 * is (LABELING.md levels 1-4): quantities written with a unit or counter,
 * years and dates, stated frequencies, 「」-quoted names, ※ notes, expanded
 * acronyms, plus the lexicon's categories (figure, cert, framework, org, ...).
 *
 * The scanner works on the passage's normalised text (NFKC, ASCII lower
 * case), so full-width digits and ％ are already plain ASCII. The short unit
 * and frequency tables below are part of the method (how Japanese and
 * English write a count, a duration or a recurrence), not vocabulary of any
 * item: item vocabulary lives in data/lexicon.
 */
#include "assess_internal.h"

#include "core/byteset.h"
#include "core/wide.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Units and counters that make a number a checkable quantity (ja). */
static const char *const kj_units_ja[] = {
    "件",   "名",     "人",   "回",   "%",    "パーセント", "円",   "社",     "拠点", "時間",
    "日間", "年間",   "か月", "ヶ月", "カ月", "ヵ月",       "か国", "カ国",   "ヵ国", "ヶ国",
    "ケ国", "種類",   "項目", "台",   "割",   "倍",         "講座", "コース", "部署", "団体",
    "組織", "分以内", "点",   "万",   "億",   "千",         "ドル", NULL};

/* Words after a number that make it a quantity (en). */
static const char *const kj_units_en[] = {
    "%",         "percent",   "per cent",  "employees",     "people",
    "persons",   "members",   "staff",     "professionals", "specialists",
    "engineers", "analysts",  "experts",   "incidents",     "events",
    "attacks",   "hours",     "days",      "weeks",         "months",
    "years",     "countries", "companies", "subsidiaries",  "sites",
    "locations", "vendors",   "suppliers", "courses",       "sessions",
    "times",     "million",   "billion",   "thousand",      "certifications",
    "audits",    "tests",     "exercises", "drills",        "individuals",
    "users",     "devices",   "controls",  "simulations",   NULL};

/* Words and phrases that state how often something is done. */
static const char *const kj_freq[] = {"毎年",
                                      "毎月",
                                      "毎週",
                                      "毎日",
                                      "四半期",
                                      "半期ごと",
                                      "半年ごと",
                                      "年次",
                                      "月次",
                                      "年度ごと",
                                      "annually",
                                      "annual basis",
                                      "quarterly",
                                      "monthly",
                                      "weekly",
                                      "semi-annual",
                                      "semiannual",
                                      "bi-annual",
                                      "biannual",
                                      "twice a year",
                                      "each year",
                                      "every year",
                                      "once a year",
                                      "per year",
                                      "each quarter",
                                      "every quarter",
                                      "at least annually",
                                      NULL};

static int is_digit(char c) {
    return c >= '0' && c <= '9';
}
static int is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int starts(const char *s, size_t len, size_t i, const char *w) {
    /* most calls fail on the first byte: no strlen for them */
    if (i >= len || s[i] != w[0]) return !w[0] && i <= len;
    size_t n = strlen(w);
    return i + n <= len && memcmp(s + i, w, n) == 0;
}

/* Index of the first unit of tab that starts at s[i], or -1. */
static int unit_at(const char *const *tab, const char *s, size_t len, size_t i) {
    for (int k = 0; tab[k]; k++)
        if (starts(s, len, i, tab[k])) return k;
    return -1;
}

/* The bytes a scan stops at; every other byte it would step over doing
 * nothing. A byte is marked when it is a digit (when digits is set), equals
 * one (when not 0), or is a pair's first byte followed by its second (a
 * pair of 0 never matches). */
typedef struct {
    int digits;
    unsigned char one;
    unsigned char pair[2][2];
} kj_marks;

static int marked(const kj_marks *mk, const char *s, size_t len, size_t i) {
    unsigned char a = (unsigned char)s[i], b = i + 1 < len ? (unsigned char)s[i + 1] : 0;
    if (mk->digits && is_digit((char)a)) return 1;
    if (mk->one && a == mk->one) return 1;
    for (int k = 0; k < 2; k++)
        if (mk->pair[k][0] && a == mk->pair[k][0] && b == mk->pair[k][1]) return 1;
    return 0;
}

#ifdef __x86_64__

/* The marked bytes of the 32 at s (s[32] readable) as bits, for CPUs with
 * AVX2: the test the 16-byte step below makes, twice as wide. */
static KJ_WIDE unsigned marked32(const kj_marks *mk, const char *s) {
    __m256i a = _mm256_loadu_si256((const __m256i *)s);
    __m256i b = _mm256_loadu_si256((const __m256i *)(s + 1));
    __m256i m = _mm256_setzero_si256();
    if (mk->digits) {
        __m256i off = _mm256_sub_epi8(a, _mm256_set1_epi8('0')); /* a digit is 0..9 after it */
        m = _mm256_cmpeq_epi8(_mm256_min_epu8(off, _mm256_set1_epi8(9)), off);
    }
    if (mk->one) m = _mm256_or_si256(m, _mm256_cmpeq_epi8(a, _mm256_set1_epi8((char)mk->one)));
    for (int k = 0; k < 2; k++)
        if (mk->pair[k][0])
            m = _mm256_or_si256(
                m, _mm256_and_si256(_mm256_cmpeq_epi8(a, _mm256_set1_epi8((char)mk->pair[k][0])),
                                    _mm256_cmpeq_epi8(b, _mm256_set1_epi8((char)mk->pair[k][1]))));
    return (unsigned)_mm256_movemask_epi8(m);
}

/* next_marked's walk 32 bytes a step while 33 remain: sets *at to the
 * first marked byte at or after i and returns 1, or sets it to the first i
 * from which fewer than 33 bytes remain (none marked before) and returns 0. */
static KJ_WIDE int skip_unmarked32(const kj_marks *mk, const char *s, size_t len, size_t i,
                                   size_t *at) {
    for (; i + 33 <= len; i += 32) {
        unsigned bits = marked32(mk, s + i);
        if (bits) {
            *at = i + (size_t)__builtin_ctz(bits);
            return 1;
        }
    }
    *at = i;
    return 0;
}
#endif

/* The first marked byte at or after i (len when none), 16 bytes a step
 * where the CPU compares bytes in vectors (32 where it has AVX2). */
static size_t next_marked(const kj_marks *mk, const char *s, size_t len, size_t i) {
#ifdef __x86_64__
    if (i + 33 <= len && kj_wide() && skip_unmarked32(mk, s, len, i, &i)) return i;
#endif
#ifdef __SSE2__
    const __m128i zero = _mm_setzero_si128(), d0 = _mm_set1_epi8('0'), d9 = _mm_set1_epi8(9),
                  dig = _mm_set1_epi8(mk->digits ? -1 : 0), one = _mm_set1_epi8((char)mk->one),
                  has_one = _mm_set1_epi8(mk->one ? -1 : 0);
    __m128i p0[2], p1[2], has_p[2];
    for (int k = 0; k < 2; k++) {
        p0[k] = _mm_set1_epi8((char)mk->pair[k][0]);
        p1[k] = _mm_set1_epi8((char)mk->pair[k][1]);
        has_p[k] = _mm_set1_epi8(mk->pair[k][0] ? -1 : 0);
    }
    while (i + 17 <= len) {
        __m128i a = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(s + i + 1));
        __m128i off = _mm_sub_epi8(a, d0); /* a digit is 0..9 after it */
        __m128i m = _mm_and_si128(dig, _mm_cmpeq_epi8(_mm_min_epu8(off, d9), off));
        m = _mm_or_si128(m, _mm_and_si128(has_one, _mm_cmpeq_epi8(a, one)));
        for (int k = 0; k < 2; k++)
            m = _mm_or_si128(m, _mm_and_si128(has_p[k], _mm_and_si128(_mm_cmpeq_epi8(a, p0[k]),
                                                                      _mm_cmpeq_epi8(b, p1[k]))));
        unsigned bits = (unsigned)_mm_movemask_epi8(
            _mm_andnot_si128(_mm_cmpeq_epi8(m, zero), _mm_set1_epi8(-1)));
        if (bits) return i + (size_t)__builtin_ctz(bits);
        i += 16;
    }
#endif
    while (i < len && !marked(mk, s, len, i))
        i++;
    return i;
}

/* Japanese era years: 平成N年 / 令和N年 to the Gregorian year, or 0. */
static int era_year(const char *s, size_t len, size_t i, size_t *end) {
    static const struct {
        const char *era;
        int base;
    } eras[] = {{"平成", 1988}, {"令和", 2018}};
    /* every byte of the text comes here: rule out most by the first byte */
    unsigned char b = (unsigned char)s[i];
    if (b != (unsigned char)eras[0].era[0] && b != (unsigned char)eras[1].era[0]) return 0;
    for (size_t k = 0; k < 2; k++) {
        if (!starts(s, len, i, eras[k].era)) continue;
        size_t j = i + strlen(eras[k].era);
        int n = 0;
        if (starts(s, len, j, "元")) {
            n = 1;
            j += 3;
        }
        while (j < len && is_digit(s[j]) && n < 100)
            n = n * 10 + (s[j++] - '0');
        if (n > 0 && n < 100 && starts(s, len, j, "年")) {
            *end = j + 3;
            return eras[k].base + n;
        }
    }
    return 0;
}

/* Is the 4-digit number at s[b..e) written as a year? */
static int year_context(const char *s, size_t len, size_t b, size_t e) {
    if (starts(s, len, e, "年") || starts(s, len, e, "/") || starts(s, len, e, "月期")) return 1;
    if (b > 0 && (is_alpha(s[b - 1]) || s[b - 1] == ':' || s[b - 1] == '-' || s[b - 1] == '/' ||
                  s[b - 1] == '.' || s[b - 1] == ','))
        return b >= 2 && s[b - 1] == 'y' && s[b - 2] == 'f'; /* fy2024 */
    if (e < len && (is_alpha(s[e]) || s[e] == '%')) return 0;
    if (e < len && s[e] == ',' && e + 1 < len && is_digit(s[e + 1])) return 0; /* 2,000 */
    return 1; /* a standalone 19xx/20xx in running text */
}

void kj_scan_years(const char *s, size_t len, void (*fn)(int, size_t, void *), void *ud) {
    /* digits and the first two bytes of 平成 and 令和: era_year needs those */
    static const kj_marks mk = {1, 0, {{0xE5, 0xB9}, {0xE4, 0xBB}}};
    size_t i = 0;
    while ((i = next_marked(&mk, s, len, i)) < len) {
        size_t end;
        int ey = era_year(s, len, i, &end);
        if (ey) {
            fn(ey, i, ud);
            i = end;
            continue;
        }
        if (!is_digit(s[i]) || (i > 0 && is_digit(s[i - 1]))) {
            i++;
            continue;
        }
        size_t e = i;
        while (e < len && is_digit(s[e]))
            e++;
        if (e - i == 4) {
            int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 +
                    (s[i + 3] - '0');
            if (y >= 1990 && y <= 2099 && year_context(s, len, i, e)) fn(y, i, ud);
        }
        i = e;
    }
}

/* Whether s[b..e) is an English word that dates a year rather than names
 * something (fiscal 2025, FY 2025, in 2025, December 2025). */
static int dating_word(const char *s, size_t b, size_t e) {
    static const char *const dating[] = {
        "fy",      "cy",     "in",       "by",      "of",        "at",       "to",
        "for",     "from",   "since",    "until",   "during",    "through",  "end",
        "year",    "fiscal", "calendar", "january", "jan",       "february", "feb",
        "march",   "mar",    "april",    "apr",     "may",       "june",     "jun",
        "july",    "jul",    "august",   "aug",     "september", "sept",     "sep",
        "october", "oct",    "november", "nov",     "december",  "dec",      NULL};
    for (int w = 0; dating[w]; w++)
        if (e - b == strlen(dating[w]) && !memcmp(s + b, dating[w], e - b)) return 1;
    return 0;
}

/* Whether the year at s[at..] ends a name written in Latin letters inside
 * Japanese text, as a plan's or programme's name is (「WIN 2023」, （NEXT
 * 2025）, 〔NEXT 2025 戦略〕, a table cell "| PLAN 2025 主要施策"): a word
 * of two letters or more just before it (a space between them or none),
 * opening the text, a line or a cell, or after a bracket or a character
 * that is not ASCII; kana or kanji within a few bytes after the year,
 * which is not followed by 年. An English word that dates (fiscal, FY, in,
 * a month) is no name. */
static int names_year(const char *s, size_t len, size_t at) {
    if (starts(s, len, at + 4, "年")) return 0;
    size_t e = at;
    if (e > 0 && s[e - 1] == ' ') e--;
    size_t b = e;
    while (b > 0 && is_alpha(s[b - 1]))
        b--;
    if (e - b < 2 || dating_word(s, b, e)) return 0;
    size_t k = b;
    if (k > 0 && s[k - 1] == ' ') k--;
    if (k > 0 && (unsigned char)s[k - 1] < 0x80 && (!s[k - 1] || !strchr("|(\n\"", s[k - 1])))
        return 0;
    /* kana or kanji after it (UTF-8 lead bytes E3-E9), not a dash or a
     * curly quote of English text */
    size_t j = at + 4, stop = at + 16 < len ? at + 16 : len;
    while (j < stop && (unsigned char)s[j] < 0x80)
        j++;
    return j < stop && (unsigned char)s[j] >= 0xE3 && (unsigned char)s[j] <= 0xE9;
}

/* A plan's or target's year (assess_internal.h): a word for one within its
 * sentence after it, or a plan's name or "by" before it. */
int kj_plans_year(const char *s, size_t len, size_t at) {
    if (names_year(s, len, at)) return 1;
    static const char *const ja[] = {"目標", "めざ",   "目指", "までに", "予定",     "計画",
                                     "見込", "に向け", "目途", "目処",   "ビジョン", NULL};
    size_t end = at + 40 < len ? at + 40 : len;
    const char *stop = memmem(s + at, end - at, "\xE3\x80\x82", 3); /* 。 */
    if (stop) end = (size_t)(stop - s);
    stop = memmem(s + at, end - at, ". ", 2);
    if (stop) end = (size_t)(stop - s);
    for (int w = 0; ja[w]; w++)
        if (memmem(s + at, end - at, ja[w], strlen(ja[w]))) return 1;
    /* the name of a plan or vision ends with its year: 中期経営計画2022,
     * 中計2022, ビジョン2030, "Vision 2030" */
    static const char *const before[] = {
        "by ",  "target ", "targets for ", "goal for ", "goals for ", "plan ", "vision ",
        "計画", "中計",    "ビジョン",     "プラン",    "vision",     "plan",  NULL};
    for (int w = 0; before[w]; w++) {
        size_t n = strlen(before[w]);
        if (at >= n && !memcmp(s + at - n, before[w], n)) return 1;
    }
    return 0;
}

/* A year of the passage s (len bytes) at byte at: counted, and the latest
 * one stated, but for a plan's (a target year is no figure's year). */
static void count_year(int year, size_t at, kj_spec_features *f, const char *s, size_t len) {
    f->years++;
    if (year > f->max_year && !kj_plans_year(s, len, at)) f->max_year = year;
}

/* A number at s[b..e): is it a quantity? Skips list markers, ids (ISO 27001,
 * SOC 2, Item 1C), dates and frequencies ("年1回" counts as a frequency). */
static void number_at(const char *s, size_t len, size_t b, size_t e, kj_spec_features *f) {
    if (b > 0 && (is_alpha(s[b - 1]) || s[b - 1] == ':' || s[b - 1] == '-' || s[b - 1] == '.'))
        return;
    if (b >= 3 && memcmp(s + b - 3, "第", 3) == 0) return;
    if (b >= 2 && s[b - 1] == ' ' && is_alpha(s[b - 2])) {
        /* "iso 27001", "soc 2", "item 1c", "ver 2" - but "over 17 years" is a quantity */
        size_t k = b - 1;
        while (k > 0 && is_alpha(s[k - 1]))
            k--;
        static const char *const lead[] = {
            "over ",    "than ",   "of ",   "about ",     "approximately ", "nearly ",
            "all ",     "some ",   "by ",   "to ",        "and ",           "with ",
            "had ",     "has ",    "have ", "least ",     "for ",           "in ",
            "across ",  "around ", "from ", "conducted ", "completed ",     "trained ",
            "employs ", "the ",    NULL};
        int ok = 0;
        for (int t = 0; lead[t]; t++)
            if (starts(s, len, k, lead[t]) && k + strlen(lead[t]) == b) ok = 1;
        if (!ok) return;
    }
    if (b >= 3 &&
        (memcmp(s + b - 3, "年", 3) == 0 || memcmp(s + b - 3, "月", 3) == 0 ||
         memcmp(s + b - 3, "週", 3) == 0) &&
        starts(s, len, e, "回")) {
        f->frequencies++;
        return;
    }
    size_t u = e;
    while (u < len && (is_digit(s[u]) || s[u] == ',' || s[u] == '.') && u + 1 < len &&
           is_digit(s[u + 1]))
        u++;
    while (u < len && is_digit(s[u]))
        u++;
    if (u < len && s[u] == '+') u++;
    int zero = (e - b == 1 && s[b] == '0');
    int hit = unit_at(kj_units_ja, s, len, u) >= 0;
    if (!hit && b > 0 && s[b - 1] == '$') hit = 1;
    if (!hit) {
        size_t w = u;
        if (w < len && s[w] == ' ') w++;
        int k = unit_at(kj_units_en, s, len, w);
        if (k >= 0) {
            size_t after = w + strlen(kj_units_en[k]);
            hit = after >= len || !is_alpha(s[after]) || strcmp(kj_units_en[k], "%") == 0;
        }
    }
    if (hit) {
        f->quantities++;
        if (zero) f->zero_counts++;
    }
}

static void scan_numbers(const char *s, size_t len, kj_spec_features *f) {
    static const kj_marks mk = {1, 0, {{0, 0}, {0, 0}}};
    size_t i = 0;
    while ((i = next_marked(&mk, s, len, i)) < len) {
        if (!is_digit(s[i])) {
            i++;
            continue;
        }
        size_t e = i;
        while (e < len && is_digit(s[e]))
            e++;
        int year = 0;
        if (e - i == 4) {
            int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 +
                    (s[i + 3] - '0');
            year = y >= 1990 && y <= 2099 && year_context(s, len, i, e);
        }
        if (!year) number_at(s, len, i, e, f);
        i = e;
        while (i < len && (s[i] == ',' || s[i] == '.') && i + 1 < len && is_digit(s[i + 1])) {
            i++;
            while (i < len && is_digit(s[i]))
                i++;
        }
    }
}

/* 「…」 and 『…』 names, and ("…") / (the XYZ) defined terms. */
static void scan_quotes(const char *s, size_t len, kj_spec_features *f) {
    static const kj_marks mk = {0, '(', {{0xE3, 0x80}, {0, 0}}}; /* 「 and 『 start E3 80 */
    for (size_t i = 0; (i = next_marked(&mk, s, len, i)) < len; i++) {
        if (starts(s, len, i, "「") || starts(s, len, i, "『")) {
            const char *close = starts(s, len, i, "「") ? "」" : "』";
            const char *c = strstr(s + i + 3, close);
            if (!c) continue;
            size_t n = kj_utf8_count(s + i + 3, (size_t)(c - (s + i + 3)));
            if (n >= 2 && n <= 40) f->quoted++;
            i = (size_t)(c - s);
        } else if (s[i] == '(' && (starts(s, len, i + 1, "\"") || starts(s, len, i + 1, "“") ||
                                   starts(s, len, i + 1, "the "))) {
            const char *c = memchr(s + i, ')', len - i);
            if (c && c - (s + i) <= 48) f->quoted++;
        }
    }
}

/* Capitals among the n bytes at s. */
static int capitals(const char *s, size_t n) {
    int c = 0;
    for (size_t i = 0; i < n; i++)
        c += s[i] >= 'A' && s[i] <= 'Z';
    return c;
}

/* Whether the 2..8 letters at s[k..a) are an acronym: a whole word, in
 * capitals (two or more) when cased. */
static int acronym_at(const char *s, size_t k, size_t a, int cased) {
    return a - k >= 2 && a - k <= 8 && (k == 0 || !is_alpha(s[k - 1])) &&
           (!cased || capitals(s + k, a - k) >= 2);
}

/* Whether the '(' at s[i] follows an acronym and opens its expansion:
 * "CSIRT (computer security ...)", at least 4 bytes, no note mark, no
 * number. */
static int expansion_after(const char *s, size_t len, size_t i, int cased) {
    size_t a = i > 0 && s[i - 1] == ' ' ? i - 1 : i, k = a;
    while (k > 0 && is_alpha(s[k - 1]))
        k--;
    if (!acronym_at(s, k, a, cased)) return 0;
    size_t e = i + 1;
    while (e < len && s[e] != ')' && e - i - 1 < 80)
        e++;
    return e - i - 1 >= 4 && !starts(s, len, i + 1, "※") && !is_digit(s[i + 1]);
}

/* Whether the '(' at s[i], after a space, holds an acronym alone: the
 * expansion came first, "... response team (CSIRT)". */
static int acronym_inside(const char *s, size_t len, size_t i, int cased) {
    size_t e = i + 1;
    while (e < len && is_alpha(s[e]))
        e++;
    return i > 0 && s[i - 1] == ' ' && e < len && s[e] == ')' && acronym_at(s, i + 1, e, cased);
}

/* Acronyms with their expansion at the '(' bytes of s. With cased, an
 * acronym has two capitals or more, so that "policy (approved ...)" is a
 * word and its aside; s in lower case (the normalised text) counts every
 * candidate. */
static int count_expansions(const char *s, size_t len, int cased) {
    int n = 0;
    for (const char *q = memchr(s, '(', len); q;
         q = memchr(q + 1, '(', len - (size_t)(q + 1 - s))) {
        size_t i = (size_t)(q - s);
        n += expansion_after(s, len, i, cased) || acronym_inside(s, len, i, cased);
    }
    return n;
}

/* ※ notes (in the normalised text), and acronyms with their expansion.
 * Those are found in the normalised text, which has no capitals, and
 * counted again, when there are any, in the passage's own text with its
 * width and white space folded (kj_fold_width), where an acronym shows its
 * capitals. */
static void scan_notes(const kj_passage *p, kj_spec_features *f) {
    const char *s = p->norm.text;
    size_t len = p->norm.len;
    static const kj_marks mk = {0, 0, {{0xE2, 0x80}, {0, 0}}}; /* ※ starts E2 80 */
    for (size_t i = 0; (i = next_marked(&mk, s, len, i)) < len; i++)
        if (starts(s, len, i, "※")) {
            f->notes++;
            i += 2;
        }
    if (!count_expansions(s, len, 0)) return;
    char *buf = malloc(p->len ? p->len : 1);
    if (buf)
        f->expansions =
            count_expansions(buf, kj_fold_width(p->text, p->len, buf, KJ_FOLD_SPACES), 1);
    free(buf);
}

/* Whether kj_freq's word k occurs at s[i] (len bytes): a Japanese word
 * anywhere, an English one as a whole word. */
static int freq_at(const char *s, size_t len, size_t i, int k) {
    const char *w = kj_freq[k];
    if (i >= len || s[i] != w[0]) return 0; /* every word has a first byte */
    size_t n = strlen(w);
    if (i + n > len || memcmp(s + i, w, n) != 0) return 0;
    return !is_alpha(w[0]) ||
           ((i == 0 || !is_alpha(s[i - 1])) && (i + n == len || !is_alpha(s[i + n])));
}

/* The first byte at or after i that may start a Japanese word of kj_freq
 * (毎 四 半 年 月: the first two bytes of their UTF-8), or len. */
static size_t next_freq_ja(const char *s, size_t len, size_t i) {
    const unsigned char *u = (const unsigned char *)s;
#ifdef __SSE2__
#define KJ_EQ(v, c) _mm_cmpeq_epi8(v, _mm_set1_epi8((char)(c)))
    while (i + 17 <= len) {
        __m128i a = _mm_loadu_si128((const __m128i *)(u + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(u + i + 1));
        __m128i e5 = _mm_or_si128(_mm_or_si128(KJ_EQ(b, 0x9B), KJ_EQ(b, 0x8D)), KJ_EQ(b, 0xB9));
        __m128i e6 = _mm_or_si128(KJ_EQ(b, 0xAF), KJ_EQ(b, 0x9C));
        __m128i m =
            _mm_or_si128(_mm_and_si128(KJ_EQ(a, 0xE5), e5), _mm_and_si128(KJ_EQ(a, 0xE6), e6));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits) return i + (size_t)__builtin_ctz(bits);
        i += 16;
    }
#undef KJ_EQ
#endif
    for (; i + 1 < len; i++)
        if ((u[i] == 0xE5 && (u[i + 1] == 0x9B || u[i + 1] == 0x8D || u[i + 1] == 0xB9)) ||
            (u[i] == 0xE6 && (u[i + 1] == 0xAF || u[i + 1] == 0x9C)))
            return i;
    return len;
}

/* The two lower-case letters at s[i] (len bytes) as one number below
 * 26 * 26, or -1 when they are not two such letters. */
static int pair_of(const char *s, size_t len, size_t i) {
    if (i + 1 >= len || s[i] < 'a' || s[i] > 'z' || s[i + 1] < 'a' || s[i + 1] > 'z') return -1;
    return (s[i] - 'a') * 26 + (s[i + 1] - 'a');
}

/* Whether the passage states a frequency in words (kj_freq): only whether
 * it does counts (spec.c), so the search stops at the first, and is not
 * made when a count such as 「年1回」 has already stated one. The Japanese
 * words are looked for where one of their first characters is, the English
 * ones at the start of each word (most Japanese passages have few). */
static void scan_frequencies(const char *s, size_t len, kj_spec_features *f) {
    if (f->frequencies) return;
    for (size_t i = 0; (i = next_freq_ja(s, len, i)) < len; i++)
        for (int k = 0; kj_freq[k]; k++)
            if (!is_alpha(kj_freq[k][0]) && freq_at(s, len, i, k)) {
                f->frequencies++;
                return;
            }
    /* the pairs of lower-case letters the English words start with, set
     * at the first word: a word that starts with none of them (most words)
     * is passed without trying each; a word of kj_freq that does not start
     * so is tried everywhere */
    uint64_t pairs[(26 * 26 + 63) / 64];
    int ready = 0, every = 0;
    for (size_t i = 0; (i = kj_next_ascii_in(s, len, i, 'a', 'z', 'A', 'Z')) < len;) {
        if (!ready) {
            ready = 1;
            memset(pairs, 0, sizeof pairs);
            for (int k = 0; kj_freq[k]; k++) {
                int p = pair_of(kj_freq[k], strlen(kj_freq[k]), 0);
                if (p >= 0)
                    pairs[p >> 6] |= 1ull << (p & 63);
                else
                    every |= is_alpha(kj_freq[k][0]);
            }
        }
        int p = pair_of(s, len, i);
        if ((i == 0 || !is_alpha(s[i - 1])) &&
            (every || (p >= 0 && (pairs[p >> 6] >> (p & 63) & 1))))
            for (int k = 0; kj_freq[k]; k++)
                if (kj_freq[k][0] == s[i] && freq_at(s, len, i, k)) {
                    f->frequencies++;
                    return;
                }
        while (i < len && is_alpha(s[i]))
            i++;
    }
}

/* What a lexicon category counts towards, and what a figure term's note
 * says it is (kj_spec_term_kinds). */
enum {
    CAT_FIGURE = 1,
    CAT_CERT = 2,
    CAT_FRAMEWORK = 4,
    CAT_ORG = 8,
    CAT_JARGON = 16,
    CAT_OUTCOME = 32,    /* incident / kpi terms: what a count can be a count of */
    CAT_MEASURE = 64,    /* terms that name a measure, body or structure */
    FIG_SCOPE = 128,     /* "all employees": scope, not a count */
    FIG_FREQUENCY = 256, /* a stated frequency, not a vague or continuous one */
    FIG_QUANTITY = 512   /* a count, percentage, amount ... (unless a frequency's) */
};

static const struct {
    const char *name;
    unsigned flags;
} kj_cats[] = {
    {"figure", CAT_FIGURE},
    {"cert", CAT_CERT | CAT_MEASURE},
    {"framework", CAT_FRAMEWORK | CAT_MEASURE},
    {"org", CAT_ORG | CAT_MEASURE},
    {"jargon", CAT_JARGON},
    {"incident", CAT_OUTCOME},
    {"kpi", CAT_OUTCOME | CAT_MEASURE},
    {"measure", CAT_MEASURE},
    {"structure", CAT_MEASURE},
    {"policy", CAT_MEASURE},
    {"training", CAT_MEASURE},
    {"staff", CAT_MEASURE},
    {"role", CAT_MEASURE},
    {"monitoring", CAT_MEASURE},
    {"pdca", CAT_MEASURE},
    {"exercise", CAT_MEASURE},
    {"audit", CAT_MEASURE},
    {"budget", CAT_MEASURE},
    {"sharing", CAT_MEASURE},
    {"ir", CAT_MEASURE},
    {"assessment", CAT_MEASURE},
    {"insurance", CAT_MEASURE},
    {"advisory", CAT_MEASURE},
};

static unsigned cat_flags(const char *c) {
    for (size_t k = 0; k < sizeof kj_cats / sizeof *kj_cats; k++)
        if (kj_cats[k].name[0] == c[0] && !strcmp(kj_cats[k].name, c)) return kj_cats[k].flags;
    return 0;
}

/* A term this strong names a measure on its own; weaker ones are generic
 * ("take measures", "build a structure"), but two different ones of at
 * least KJ_MEASURE_PAIR still name measures generically. */
#define KJ_MEASURE_WEIGHT 0.6f
#define KJ_MEASURE_PAIR 0.4f

static int in_list(const char *const *list, const char *s) {
    for (int i = 0; list[i]; i++)
        if (!strcmp(list[i], s)) return 1;
    return 0;
}

/* Does a count start right after 年/月/週/日 ("年1回")? Then it is a frequency. */
static int after_period(const kj_passage *p, size_t at) {
    static const char *const per[] = {"年", "月", "週", "日", NULL};
    if (at < 3 || !p->norm.text) return 0;
    for (int k = 0; per[k]; k++)
        if (!memcmp(p->norm.text + at - 3, per[k], 3)) return 1;
    return 0;
}

/* A figure term's note says its kind: "count", "percent", "percent (all)",
 * "date", "frequency (vague)" ... (data/lexicon/figures.tsv); as a FIG_*
 * flag, 0 for a kind that counts towards nothing. */
static unsigned figure_kind(const kj_term *t) {
    const char *n = t->note ? t->note : "";
    static const char *const qty[] = {"count",    "percent", "money",  "ratio",
                                      "duration", "change",  "target", NULL};
    char kind[16];
    size_t k = strcspn(n, " (");
    if (k >= sizeof kind) k = sizeof kind - 1;
    memcpy(kind, n, k);
    kind[k] = '\0';
    if (strstr(n, "(all")) return FIG_SCOPE;
    if (!strcmp(kind, "frequency") && !strstr(n, "vague") && !strstr(n, "continuous"))
        return FIG_FREQUENCY;
    return in_list(qty, kind) || !*n ? FIG_QUANTITY : 0;
}

/* What term t of a category of flags cat counts towards. */
static unsigned term_kind(const kj_term *t, unsigned cat) {
    return cat & CAT_FIGURE ? cat | figure_kind(t) : cat;
}

unsigned short *kj_spec_term_kinds(kj_arena *arena, const kj_lexicon *lex) {
    size_t n = lex ? kj_lexicon_size(lex) : 0;
    unsigned short *kinds = kj_arena_alloc(arena, (n ? n : 1) * sizeof *kinds);
    if (!kinds) return NULL;
    /* terms come category by category, sharing its name's pointer: the
     * category's flags are looked up once per run of one pointer */
    const char *cat = NULL;
    unsigned flags = 0;
    for (size_t i = 0; i < n; i++) {
        const kj_term *t = kj_lexicon_term(lex, (unsigned)i);
        if (!t) continue;
        const char *c = t->category ? t->category : "";
        if (c != cat) {
            cat = c;
            flags = cat_flags(c);
        }
        kinds[i] = (unsigned short)term_kind(t, flags);
    }
    return kinds;
}

/* Distinct term ids among the weaker measure terms seen so far. */
#define KJ_MAX_WEAK 8

/* kinds: what each term counts towards (kj_spec_term_kinds), or NULL to
 * look it up here. */
static void scan_matches(const kj_passage *p, const kj_matches *mt, const kj_lexicon *lex,
                         const unsigned short *kinds, kj_spec_features *f) {
    if (!mt || !lex) return;
    f->lexicon = 1;
    unsigned weak[KJ_MAX_WEAK];
    int n_weak = 0;
    /* without kinds, the flags of the categories met so far: the lexicon
     * gives each category one pointer, and a passage's terms fall in a few */
    const char *seen_cat[8];
    unsigned seen_flags[8];
    int n_seen = 0;
    for (size_t i = 0; i < mt->n; i++) {
        const kj_term *t = kj_lexicon_term(lex, mt->items[i].term);
        if (!t) continue;
        unsigned cf;
        if (kinds) {
            cf = kinds[mt->items[i].term];
        } else {
            const char *c = t->category ? t->category : "";
            int k = 0;
            while (k < n_seen && seen_cat[k] != c)
                k++;
            cf = k < n_seen ? seen_flags[k] : cat_flags(c);
            if (k == n_seen && n_seen < 8) {
                seen_cat[n_seen] = c;
                seen_flags[n_seen++] = cf;
            }
            cf = term_kind(t, cf);
        }
        if (cf & CAT_FIGURE) {
            if (cf & FIG_SCOPE)
                f->scope++;
            else if (cf & FIG_FREQUENCY)
                f->frequencies++;
            else if ((cf & FIG_QUANTITY) && !after_period(p, mt->items[i].nstart))
                f->figures++;
        } else if (cf & CAT_CERT)
            f->certs++;
        else if (cf & CAT_FRAMEWORK)
            f->frameworks++;
        else if (cf & CAT_ORG)
            f->named++;
        else if (cf & CAT_JARGON)
            f->jargon++;
        if (cf & CAT_OUTCOME) f->outcomes++;
        if (!(cf & CAT_MEASURE)) continue;
        if (t->weight >= KJ_MEASURE_WEIGHT)
            f->measures++;
        else if (t->weight >= KJ_MEASURE_PAIR && n_weak < KJ_MAX_WEAK) {
            int seen = 0;
            for (int k = 0; k < n_weak; k++)
                seen |= weak[k] == mt->items[i].term;
            if (!seen) weak[n_weak++] = mt->items[i].term;
        }
    }
    f->weak_measures = n_weak;
}

/* English names of bodies, roles and programmes: runs of two or more
 * capitalised words ("of", "and", "&" may join them) that do not start a
 * sentence, in the original text as fold_for_names gives it ("the Audit
 * Committee", "our Chief Information Security Officer"). */
static int is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

static size_t word_end(const char *s, size_t len, size_t i) {
    while (i < len && (is_alpha(s[i]) || s[i] == '-' || s[i] == '\''))
        i++;
    return i;
}

static void scan_proper(const char *s, size_t len, kj_spec_features *f) {
    size_t i = 0;
    int sentence_start = 1;
    while (i < len) {
        if (!is_alpha(s[i])) {
            if (s[i] == '.' || s[i] == ':' || s[i] == ';' || s[i] == '?' || s[i] == '!' ||
                (unsigned char)s[i] >= 0x80)
                sentence_start = 1;
            i++;
            continue;
        }
        size_t e = word_end(s, len, i);
        if (!is_upper(s[i]) || sentence_start) {
            sentence_start = 0;
            i = e;
            continue;
        }
        int caps = 1;
        size_t j = e;
        for (;;) {
            size_t k = j;
            while (k < len && s[k] == ' ')
                k++;
            size_t w = word_end(s, len, k);
            if (k < len && w > k && is_upper(s[k]) && k > j) {
                caps++;
                j = w;
                continue;
            }
            if (k > j && ((w - k == 2 && !memcmp(s + k, "of", 2)) ||
                          (w - k == 3 && !memcmp(s + k, "and", 3)) || (k < len && s[k] == '&'))) {
                size_t k2 = (s[k] == '&') ? k + 1 : w;
                while (k2 < len && s[k2] == ' ')
                    k2++;
                if (k2 < len && is_upper(s[k2])) {
                    j = k2;
                    continue;
                }
            }
            break;
        }
        if (caps >= 2) f->named_en++;
        i = j > e ? j : e;
    }
}

/* The original text as scan_proper reads it, whatever its layout: case
 * kept, full-width ASCII as ASCII, each run of white space (line breaks of a
 * wrapped text, tabs, ideographic spaces) one space, every other non-ASCII
 * character one byte 0x80 (which ends a run as a sentence end does). out
 * has room for len bytes; returns the bytes written. */
static size_t fold_for_names(const char *s, size_t len, char *out) {
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        int32_t cp = c;
        if (c < 0x80)
            i++;
        else
            i += kj_utf8_decode(s + i, len - i, &cp);
        if (cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x3000) {
            if (n && out[n - 1] != ' ') out[n++] = ' ';
            continue;
        }
        if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0; /* full-width ASCII */
        out[n++] = cp < 0x80 ? (char)cp : (char)0x80;
    }
    return n;
}

/* scan_proper of s as fold_for_names gives it. */
static void scan_proper_folded(const char *s, size_t len, kj_spec_features *f) {
    char *buf = malloc(len ? len : 1);
    if (!buf) return;
    scan_proper(buf, fold_for_names(s, len, buf), f);
    free(buf);
}

/* What kj_spec_scan_years's year callback adds to: the features, and the
 * list of years (NULL: none kept). */
typedef struct {
    kj_spec_features *f;
    kj_year_hits *years;
    const char *s; /* the text scanned */
    size_t len;
} year_tee;

/* count_year, and the year listed in the tee's list while there is room. */
static void tee_year(int year, size_t at, void *ud) {
    year_tee *t = ud;
    count_year(year, at, t->f, t->s, t->len);
    kj_year_hits *h = t->years;
    if (!h) return;
    if (h->n == KJ_YEAR_HITS_MAX) {
        h->whole = 0;
        return;
    }
    h->year[h->n] = year;
    h->at[h->n++] = at;
}

void kj_spec_scan(const kj_passage *p, const kj_matches *mt, const kj_lexicon *lex,
                  kj_spec_features *f) {
    kj_spec_scan_years(p, mt, lex, NULL, f, NULL);
}

void kj_spec_scan_years(const kj_passage *p, const kj_matches *mt, const kj_lexicon *lex,
                        const unsigned short *kinds, kj_spec_features *f, kj_year_hits *years) {
    memset(f, 0, sizeof *f);
    const char *s = p->norm.text ? p->norm.text : "";
    size_t len = p->norm.text ? p->norm.len : 0;
    if (years) {
        years->n = 0;
        years->whole = 1;
    }
    year_tee tee = {f, years, s, len};
    kj_scan_years(s, len, tee_year, &tee);
    scan_numbers(s, len, f);
    scan_quotes(s, len, f);
    if (p->norm.text) scan_notes(p, f);
    scan_frequencies(s, len, f);
    if (p->lang == KJ_LANG_EN) {
        /* bytes the fold changes: white space but the space, and the lead
         * bytes of the full-width forms (EF) and of U+3000 (E3); a text with
         * none is read as it is */
        static const kj_byteset folded = {{'\t', '\n', '\v', '\f', '\r', 0xEF, 0xE3, '\t'}, {0, 0}};
        if (kj_next_byte_in(&folded, p->text, p->len, 0) == p->len)
            scan_proper(p->text, p->len, f);
        else
            scan_proper_folded(p->text, p->len, f);
    }
    scan_matches(p, mt, lex, kinds, f);
}

void kj_spec_scan_notes(const kj_passage *p, kj_spec_features *f) {
    memset(f, 0, sizeof *f);
    if (p->norm.text) scan_notes(p, f);
}
