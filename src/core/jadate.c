/*
 * jadate.c - a date as Japanese text writes it (2024年3月31日, 令和元年５月,
 * 平成 ３ 年 ４ 月), read the one way by every stage: the HTML reader keeps
 * a table cell's line that is a date alone apart from the next, and the
 * segmenter tells a line that is only a date (when a report was signed)
 * from a heading. Each caller bounds the digits of each part and reads
 * what may follow the date (現在, 時点, 期) itself.
 */
#include "kaiji/common.h"

/* The eras a date in a report may be written in, the latest first. */
static const char *const eras[] = {"令和", "平成", "昭和"};

size_t kj_era_at(const char *s, size_t len) {
    for (size_t k = 0; k < sizeof eras / sizeof *eras; k++)
        if (kj_has_prefix(s, len, eras[k])) return strlen(eras[k]);
    return 0;
}

/* i past the spaces at s[i, len) when spaced, else i. */
static size_t gap(const char *s, size_t i, size_t len, int spaced) {
    return spaced ? kj_skip_spaces(s, i, len) : i;
}

/* Whether s[*i, len) reads a number in digits and then unit (年 月 日),
 * spaces between them when spaced; *i moved past the unit and the
 * number's digits counted in *n. */
static int number_then(const char *s, size_t *i, size_t len, int spaced, const char *unit, int *n) {
    size_t k = kj_digits_at(s, *i, len, n);
    if (!k) return 0;
    size_t j = gap(s, *i + k, len, spaced);
    if (!kj_has_prefix_at(s, j, len, unit)) return 0;
    *i = j + strlen(unit);
    return 1;
}

size_t kj_read_ja_date(const char *s, size_t len, int flags, kj_ja_date *d) {
    int spaced = (flags & KJ_JA_DATE_SPACED) != 0;
    size_t i = d->era = kj_era_at(s, len);
    if (d->era) i = gap(s, i, len, spaced);
    if (d->era && kj_has_prefix_at(s, i, len, "元年")) {
        d->year = 0;
        i += strlen("元年");
    } else if (!number_then(s, &i, len, spaced, "年", &d->year)) {
        return 0;
    }
    i = gap(s, i, len, spaced);
    if (!number_then(s, &i, len, spaced, "月", &d->month)) return 0;
    size_t j = gap(s, i, len, spaced); /* the day, if one follows */
    if (number_then(s, &j, len, spaced, "日", &d->day))
        i = j;
    else
        d->day = 0;
    return i;
}
