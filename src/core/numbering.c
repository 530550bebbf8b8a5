/*
 * numbering.c - the number that opens a list entry or a numbered heading
 * (1. (1) 1) （１） ５． ①), read the one way by every stage: the PDF reader
 * opens a list item at it, and the segmenter tells a heading numbered one
 * way from the list items under it numbered another; and which code points
 * are circled numbers (kj_is_circled_number), for those and kj_list_mark.
 */
#include "kaiji/common.h"

#include <stdbool.h>

/* The code point at s[*i] (0 past the end), *i moved past it. */
static int32_t next_cp(const char *s, size_t len, size_t *i) {
    int32_t c = 0;
    if (*i < len) *i += kj_utf8_decode(s + *i, len - *i, &c);
    return c;
}

int kj_is_circled_number(int32_t c) {
    return (c >= 0x2460 && c <= 0x24FF) || (c >= 0x2776 && c <= 0x2793); /* ①, ❶ */
}

kj_numbering kj_list_numbering(const char *s, size_t len, size_t *marker) {
    size_t i = 0, digits = 0;
    *marker = 0;
    int32_t c = next_cp(s, len, &i);
    if (kj_is_circled_number(c)) {
        *marker = i;
        return KJ_NUM_CIRCLED;
    }
    bool open = c == '(' || c == 0xFF08; /* ( （ */
    if (open) c = next_cp(s, len, &i);
    for (; kj_is_digit(c) && digits < 3; digits++)
        c = next_cp(s, len, &i);
    if (digits == 0 || digits > 2) return KJ_NUM_NONE; /* 2025年, 100. : a year, a figure */
    bool bracket = c == ')' || c == 0xFF09;
    kj_numbering k = open                      ? (bracket ? KJ_NUM_BRACKETED : KJ_NUM_NONE)
                     : bracket                 ? KJ_NUM_CLOSED
                     : c == '.' || c == 0xFF0E ? KJ_NUM_STOP
                                               : KJ_NUM_NONE;
    if (k == KJ_NUM_NONE) return k;
    size_t end = i;
    if (kj_is_digit(next_cp(s, len, &i))) return KJ_NUM_NONE; /* 5.2: a figure */
    *marker = end;
    return k;
}

int kj_numbering_then_figure(const char *s, size_t len, size_t marker) {
    size_t i = marker;
    int32_t c = next_cp(s, len, &i);
    while (c == ' ' || c == '\t' || c == 0x3000) /* spaces, the ideographic space */
        c = next_cp(s, len, &i);
    return kj_is_digit(c) || c == '$' || c == 0xA5 || c == 0xFFE5 || c == 0x20AC || c == 0xA3 ||
           c == '(' || c == 0xFF08 || c == '-' || c == 0x2212 || c == 0x2013 || c == 0x2014;
}
