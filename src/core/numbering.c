/*
 * numbering.c - the number that opens a list entry or a numbered heading
 * (1. (1) 1) （１） ５． ① ａ． (イ) イ） ５　), read the one way by every
 * stage: the PDF reader opens a list item at it, and the segmenter tells a
 * heading numbered one way from the list items under it numbered another;
 * and which code points are circled numbers (kj_is_circled_number), for
 * those and kj_list_mark.
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
    return (c >= 0x2460 && c <= 0x24FF) || (c >= 0x2776 && c <= 0x2793) || /* ①, ❶ */
           (c >= 0x3251 && c <= 0x325F) || (c >= 0x32B1 && c <= 0x32BF);   /* ㉑ … ㊿ */
}

/* Whether c is a full-width Latin letter (ａ Ｚ), which numbers entries as
 * ａ． ｂ． do. */
static bool full_width_letter(int32_t c) {
    return (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A);
}

/* Whether c is a katakana letter of full size (ア イ ロ ン), as a list numbers
 * its entries (ア) (イ) or (イ) (ロ); not a small one (ッ ャ) nor ー. */
static bool katakana_letter(int32_t c) {
    static const int32_t small[] = {0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9,
                                    0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE};
    if (c < 0x30A1 || c > 0x30F4) return false;
    for (size_t i = 0; i < sizeof small / sizeof *small; i++)
        if (c == small[i]) return false;
    return true;
}

/* Whether c is a half-width katakana letter (ｱ ｲ ﾛ), as a text converted
 * to half-width numbers entries ｲ) ﾛ); none of them is small. */
static bool half_width_kana(int32_t c) {
    return c >= 0xFF71 && c <= 0xFF9D;
}

int kj_is_list_letter(int32_t c) {
    bool latin = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || full_width_letter(c);
    return latin || katakana_letter(c) || half_width_kana(c);
}

/* A katakana letter in brackets, (イ) （ロ） (ｲ): its numbering, *marker
 * past the closing bracket. s opens with the bracket. */
static kj_numbering bracketed_kana(const char *s, size_t len, size_t *marker) {
    size_t i = 0;
    next_cp(s, len, &i);
    int32_t c = next_cp(s, len, &i);
    if (!katakana_letter(c) && !half_width_kana(c)) return KJ_NUM_NONE;
    c = next_cp(s, len, &i);
    if (c != ')' && c != 0xFF09) return KJ_NUM_NONE;
    *marker = i;
    return KJ_NUM_KANA;
}

/* Whether c is a particle of one kana that goes on with the word before it
 * (の に を は が で と も へ や): a line that opens 「ロ）の…」 closes a bracket
 * or refers to an entry (前記イ）のとおり), where no entry's text begins. */
static bool particle(int32_t c) {
    static const int32_t particles[] = {0x306E, 0x306B, 0x3092, 0x306F, 0x304C,
                                        0x3067, 0x3068, 0x3082, 0x3078, 0x3084};
    for (size_t i = 0; i < sizeof particles / sizeof *particles; i++)
        if (c == particles[i]) return true;
    return false;
}

/* A katakana letter closed by a bracket alone, イ） ロ) ｲ): its numbering,
 * *marker past the bracket; none when a particle follows (ロ）の…: a word a
 * wrap cut before its bracket closed, or a reference to an entry). */
static kj_numbering closed_kana(const char *s, size_t len, size_t *marker) {
    size_t i = 0;
    int32_t c = next_cp(s, len, &i);
    if (!katakana_letter(c) && !half_width_kana(c)) return KJ_NUM_NONE;
    c = next_cp(s, len, &i);
    if (c != ')' && c != 0xFF09) return KJ_NUM_NONE;
    size_t end = i;
    if (particle(next_cp(s, len, &i))) return KJ_NUM_NONE;
    *marker = end;
    return KJ_NUM_KANA_CLOSED;
}

/* A full-width letter and its full stop, ａ． Ｂ．: its numbering, *marker
 * past the stop; none with a letter or digit after it (Ａ．Ｂ．, a figure). */
static kj_numbering lettered(const char *s, size_t len, size_t *marker) {
    size_t i = 0;
    int32_t c = next_cp(s, len, &i);
    if (!full_width_letter(c)) return KJ_NUM_NONE;
    c = next_cp(s, len, &i);
    if (c != '.' && c != 0xFF0E) return KJ_NUM_NONE;
    size_t end = i;
    c = next_cp(s, len, &i);
    if (kj_is_digit(c) || full_width_letter(c)) return KJ_NUM_NONE;
    *marker = end;
    return KJ_NUM_LETTER;
}

/* After a number's digits at s[*i] (their first code point after them c,
 * all of them full-width when wide): whether a space sets the number apart
 * as its mark, an ideographic one (５　), or, after full-width digits, the
 * plain one a PDF's text layer gives for it (５ ); *i is moved past the
 * spaces. */
static bool spaced_apart(const char *s, size_t len, size_t *i, int32_t c, bool wide) {
    if (c != 0x3000 && !(wide && c == ' ')) return false;
    for (;;) {
        size_t j = *i;
        c = next_cp(s, len, &j);
        if (c != 0x3000 && c != ' ') break;
        *i = j;
    }
    return c != 0 && !kj_is_digit(c);
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
    if (open && bracketed_kana(s, len, marker)) return KJ_NUM_KANA;
    if (full_width_letter(c)) return lettered(s, len, marker);
    if (katakana_letter(c) || half_width_kana(c)) return closed_kana(s, len, marker);
    if (open) c = next_cp(s, len, &i);
    bool wide = true; /* its digits are full-width */
    for (; kj_is_digit(c) && digits < 3; digits++) {
        wide = wide && c > 0x7F;
        c = next_cp(s, len, &i);
    }
    if (digits == 0 || digits > 2) return KJ_NUM_NONE; /* 2025年, 100. : a year, a figure */
    if (!open && spaced_apart(s, len, &i, c, wide)) {
        *marker = i;
        return KJ_NUM_SPACED;
    }
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
