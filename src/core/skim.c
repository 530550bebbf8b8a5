/*
 * skim.c - the small steps of reading a short line by hand, byte offsets
 * in and out: the spaces a line may hold between its words (ASCII, tab,
 * no-break, ideographic) and a run of digits, ASCII or full-width. The
 * line classifiers of the text stage (annotation.c, country.c) and the
 * Japanese date reader (jadate.c) read with them; the prefix tests are
 * inline in kaiji/common.h.
 */
#include "kaiji/common.h"

size_t kj_space_at(const char *s, size_t i, size_t len) {
    if (i < len && (s[i] == ' ' || s[i] == '\t')) return 1;
    if (kj_has_prefix_at(s, i, len, "\xC2\xA0")) return 2;
    return kj_has_prefix_at(s, i, len, "\xE3\x80\x80") ? 3 : 0;
}

size_t kj_skip_spaces(const char *s, size_t i, size_t len) {
    size_t k;
    while ((k = kj_space_at(s, i, len)) != 0)
        i += k;
    return i;
}

void kj_trim_spaces(const char *s, size_t *a, size_t *z) {
    *a = kj_skip_spaces(s, *a, *z);
    for (int more = 1; more && *z > *a;) {
        more = 0;
        if (s[*z - 1] == ' ' || s[*z - 1] == '\t')
            *z -= 1, more = 1;
        else if (*z - *a >= 2 && kj_has_prefix_at(s, *z - 2, *z, "\xC2\xA0"))
            *z -= 2, more = 1;
        else if (*z - *a >= 3 && kj_has_prefix_at(s, *z - 3, *z, "\xE3\x80\x80"))
            *z -= 3, more = 1;
    }
}

size_t kj_digits_at(const char *s, size_t i, size_t len, int *count) {
    size_t j = i;
    int n = 0;
    while (j < len) {
        int32_t c;
        size_t k = kj_utf8_decode(s + j, len - j, &c);
        if (!kj_is_digit(c)) break;
        j += k;
        n++;
    }
    if (count) *count = n;
    return j - i;
}
