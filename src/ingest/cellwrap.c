/*
 * cellwrap.c - whether a line of a table's cell that one <br> cut (or that
 * the cell set as a <p> or <div> of its own) goes on in the next line of
 * the cell: a filing sets a row's label or a column's head over two lines
 * by hand (…に帰属する + 当期純利益, "Net income attributable" + "to
 * shareholders", 取締役 + （社外取締役を除く）), and a long sentence of a
 * cell as its lines. Read apart, the first half would
 * head the second, or the label be read in halves.
 *
 * A <br> in a cell as often parts what is apart: a list's entries (names,
 * countries, dates each with its event, lines that open with a mark ・ ※
 * (注) ① 1. or a date, lines that each end a sentence), a title over the
 * unit of its column. So a line goes on only where something says so:
 *   - next is a remark in brackets, whole (（社外取締役を除く）, (百万円),
 *     "(Principal Executive Officer)"), not a note's mark or a number
 *     ((注), (1), (c)), after a line that ends no sentence;
 *   - in Japanese, the signals of a line cut by hand (kj_goes_on_in_label:
 *     a particle or a conjunction at the line's end, an attributive form
 *     before a noun, hiragana, a small kana or a closing mark first in
 *     next, a bracket the line left open) or a line that ends on a
 *     separator (／ ・); a katakana word before another is not enough,
 *     as a list of countries or products is set so;
 *   - in English, next begins with a lower-case word, or the line ends on
 *     a comma, an ampersand, a slash or a word that needs what follows
 *     (of, and, the, …) and next on a letter.
 * Nothing goes on from a date alone (2020年４月, an event's date over the
 * event), nor into a line that opens an entry (kj_starts_entry) or a date,
 * nor from a numbered title (a line that opens an entry, with no comma:
 * 「２．配当について」) into a sentence, the text under the title.
 * Two <br> or more part paragraphs, which never go on (html.c).
 */
#include <string.h>
#include <strings.h>

#include "ingest_internal.h"

/* Whether s (len bytes) opens with an era's date (令和２年, 平成元年), which
 * opens an entry as a number does. */
static bool opens_with_era_date(const char *s, size_t len) {
    size_t i = kj_era_at(s, len);
    return i && (kj_digits_at(s, i, len, NULL) || kj_has_prefix(s + i, len - i, "元"));
}

/* Whether the len bytes at s are only a date to the month at least
 * (2020年４月, 令和元年５月１日: kj_read_ja_date, no spaces within it) and
 * spaces. */
static bool date_alone(const char *s, size_t len) {
    kj_ja_date d;
    size_t i = kj_read_ja_date(s, len, 0, &d);
    if (!i) return false;
    while (i < len && s[i] == ' ')
        i++;
    return i == len;
}

/* Whether the bracketed text s (len bytes, its brackets left out) is a
 * note's mark or a number: 注, 注１, ※, or up to two digits or letters
 * (1, 12, a, イ, ⅱ), which open an entry. */
static bool mark_inside(const char *s, size_t len) {
    while (len && s[0] == ' ')
        s++, len--;
    while (len && s[len - 1] == ' ')
        len--;
    if (kj_has_prefix(s, len, "注") || kj_has_prefix(s, len, "※")) return true;
    size_t chars = 0;
    for (size_t i = 0; i < len;) {
        int32_t c;
        size_t k = kj_utf8_decode(s + i, len - i, &c);
        if (!k || !(kj_is_digit(c) || kj_is_list_letter(c) || (c >= 0x2160 && c <= 0x217F)))
            return false;
        i += k, chars++;
    }
    return chars <= 2;
}

/* Whether s (len bytes) is one remark in brackets, whole: it opens with (
 * or （ whose closing bracket ends it, and holds no note's mark or number
 * (mark_inside). */
static bool bracketed_remark(const char *s, size_t len) {
    int32_t c;
    size_t k = kj_utf8_decode(s, len, &c);
    if (!k || (c != '(' && c != 0xFF08)) return false;
    int depth = 0;
    for (size_t i = 0; i < len;) {
        size_t n = kj_utf8_decode(s + i, len - i, &c);
        if (!n) return false;
        depth += (c == '(' || c == 0xFF08) - (c == ')' || c == 0xFF09);
        i += n;
        if (depth == 0) return i == len && !mark_inside(s + k, len - k - (c == ')' ? 1 : 3));
    }
    return false;
}

/* English words a label's line does not end on but where it goes on. */
static const char *const open_words[] = {"a",    "an", "and",   "at",   "by", "for",
                                         "from", "in", "of",    "on",   "or", "per",
                                         "the",  "to", "under", "with", "&",  "/"};

/* Whether the English line (len bytes) ends on a comma or on a word of
 * open_words, alone or after a space. */
static bool ends_open_latin(const char *s, size_t len) {
    if (len && s[len - 1] == ',') return true;
    for (size_t i = 0; i < sizeof open_words / sizeof *open_words; i++) {
        size_t n = strlen(open_words[i]);
        if (n <= len && !strncasecmp(s + len - n, open_words[i], n) &&
            (n == len || s[len - n - 1] == ' '))
            return true;
    }
    return false;
}

/* Whether English next goes on from line (kj_goes_on_in_cell). */
static bool latin_goes_on(const char *line, size_t line_len, const char *next, size_t next_len) {
    int32_t last = kj_utf8_last(line, line_len);
    unsigned char first = next_len ? (unsigned char)next[0] : 0;
    if (first >= 'a' && first <= 'z')
        return (last >= 'a' && last <= 'z') || (last >= 'A' && last <= 'Z') ||
               (last >= '0' && last <= '9') || last == ',' || last == '-' || last == ')' ||
               last == '&' || last == '/';
    return ((first >= 'A' && first <= 'Z') || first == '&') && ends_open_latin(line, line_len);
}

/* Endings that make a label's line modify the noun the next line begins
 * with (…攻撃による + 情報漏えい, …事業に係る + 費用), as the attributive
 * する and される do (kj_goes_on_in_label). */
static const char *const modifiers[] = {"による",   "における", "に係る",   "に係わる",
                                        "に関わる", "にかかる", "にわたる", "としての"};

/* Whether line ends on one of modifiers and next begins with a kanji or a
 * katakana letter. */
static bool modifies_noun(const char *line, size_t line_len, int32_t first) {
    if (!((first >= 0x4E00 && first <= 0x9FFF) || (first >= 0x30A1 && first <= 0x30FA)))
        return false;
    for (size_t i = 0; i < sizeof modifiers / sizeof *modifiers; i++) {
        size_t n = strlen(modifiers[i]);
        if (n <= line_len && !memcmp(line + line_len - n, modifiers[i], n)) return true;
    }
    return false;
}

/* Whether s (len bytes) is a numbered title: it opens an entry
 * (kj_starts_entry) and has no comma (、 ， ,), as an entry that is a
 * sentence cut in two would. */
static bool numbered_title(const char *s, size_t len) {
    return kj_starts_entry(s, len) && !memmem(s, len, "、", 3) && !memmem(s, len, "，", 3) &&
           !memchr(s, ',', len);
}

bool kj_goes_on_in_cell(const char *line, size_t line_len, const char *next, size_t next_len) {
    if (!line_len || !next_len) return false;
    int32_t last = kj_utf8_last(line, line_len), first;
    kj_utf8_decode(next, next_len, &first);
    if (kj_ends_sentence(last)) return false;
    if (numbered_title(line, line_len) && kj_ends_sentence(kj_utf8_last(next, next_len)))
        return false; /* 「２．配当について」 over its text */
    if (bracketed_remark(next, next_len)) return true; /* 取締役 + （社外取締役を除く） */
    if (date_alone(line, line_len) || kj_starts_entry(next, next_len) ||
        opens_with_era_date(next, next_len))
        return false;
    if (last < 0x80 && first < 0x80) return latin_goes_on(line, line_len, next, next_len);
    if (last == 0xFF0F || last == 0x30FB) return true; /* 米国／ + フランス */
    return kj_goes_on_in_label(line, line_len, next, next_len) ||
           modifies_noun(line, line_len, first);
}

bool kj_builder_goes_on_in_cell(const kj_builder *b, const char *text, size_t len) {
    if (!b->n || b->blocks[b->n - 1].kind != KJ_BLOCK_TABLE_CELL) return false;
    const kj_block *k = &b->blocks[b->n - 1];
    size_t from = b->last_piece <= k->len ? b->last_piece : 0; /* its last line */
    kj_buf t = KJ_BUF_INIT;
    bool on = kj_collapse_space(&t, text, len) == KJ_OK && t.len &&
              kj_goes_on_in_cell(k->text + from, k->len - from, t.data, t.len);
    kj_buf_free(&t);
    return on;
}
