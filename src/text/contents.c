/*
 * contents.c - is a passage a table of contents? A 10-K's contents table
 * ("Item 1A. Risk Factors | 13 | Item 1C. Cybersecurity | 30 | ...") or a
 * report's 目次 ("情報セキュリティ……12") names the topics of the document
 * without disclosing anything about them, yet its words are the very words
 * the classifier looks for. The segmenter marks such passages so that
 * later stages leave them out.
 *
 * The test is the shape, not the words: entries each followed by a page
 * number (a table cell of its own, or after a dot leader), four or more of
 * them, with page numbers that mostly go up. A table of figures (counts by
 * year, a KPI per row) does not have that shape: its numbers do not follow
 * one entry each, or do not rise page by page.
 */
#include "kaiji/text.h"

#include "core/byteset.h"

#include <string.h>

/* The value of a page number cell s[0..n) (after trimming): 1-3 digits,
 * ASCII or full width, an optional "F-"/"A-"/"S-" appendix prefix, or a
 * lower- or upper-case roman numeral of up to six letters (front matter,
 * valued 0 so it never breaks the rising order). -1 when s is not one. */
static int page_number(const char *s, size_t n) {
    if (n >= 2 && (s[0] == 'F' || s[0] == 'A' || s[0] == 'S') && s[1] == '-') s += 2, n -= 2;
    int v = 0, digits = 0;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c >= '0' && c <= '9') {
            v = v * 10 + (c - '0');
            i++;
        } else if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBC &&
                   (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99) {
            v = v * 10 + ((unsigned char)s[i + 2] - 0x90); /* ０-９ */
            i += 3;
        } else {
            break;
        }
        if (++digits > 3) return -1; /* no page numbers of four digits (and no overflow) */
    }
    if (digits > 0) return i == n ? v : -1;
    if (n == 0 || n > 6) return -1;
    for (i = 0; i < n; i++)
        if (!strchr("ivxlcIVXLC", s[i])) return -1;
    return 0;
}

static int is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Length of a dot leader at s (at least three dots: . … ・ ･ · and spaces
 * between them), 0 when there is none. */
static size_t leader_len(const char *s, size_t n) {
    size_t i = 0, dots = 0;
    while (i < n) {
        const unsigned char *u = (const unsigned char *)s + i;
        size_t k = 0;
        if (u[0] == '.')
            k = 1;
        else if (n - i >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA6 || u[2] == 0xA5))
            k = 3, dots++; /* … ‥ count as more than one dot */
        else if (n - i >= 3 && u[0] == 0xE3 && u[1] == 0x83 && u[2] == 0xBB)
            k = 3; /* ・ */
        else if (n - i >= 3 && u[0] == 0xEF && u[1] == 0xBD && u[2] == 0xA5)
            k = 3; /* ･ */
        else if (n - i >= 2 && u[0] == 0xC2 && u[1] == 0xB7)
            k = 2; /* · */
        else if (is_space(u[0]) && dots > 0)
            k = 1, dots--; /* a space inside a leader; undone below if no dot follows */
        else
            break;
        dots++;
        i += k;
    }
    while (i > 0 && is_space((unsigned char)s[i - 1]))
        i--;
    return dots >= 3 ? i : 0;
}

/* Whether cell s[0..n) is a figure of a table rather than a title: only
 * digits, signs and separators (1,475  (82)  △ 91,040  12.5%  —), with at
 * least one digit or a dash standing for none. */
static int is_figure(const char *s, size_t n) {
    int digit = 0;
    for (size_t i = 0; i < n;) {
        const unsigned char *u = (const unsigned char *)s + i;
        if (*u >= '0' && *u <= '9') {
            digit = 1;
            i++;
        } else if (strchr(" ,.()%$-+*", *u)) {
            i++;
        } else if (n - i >= 3 &&
                   (!memcmp(u, "△", 3) || !memcmp(u, "▲", 3) || !memcmp(u, "—", 3) ||
                    !memcmp(u, "–", 3) || !memcmp(u, "－", 3) || !memcmp(u, "％", 3))) {
            digit |= !memcmp(u, "—", 3) && n == 3;
            i += 3;
        } else {
            return 0;
        }
    }
    return digit;
}

typedef struct {
    int figures;        /* cells of figures that are not page numbers */
    size_t entry_bytes; /* bytes of the entry cells */
    int entries;        /* entry cells read */
    int follows;        /* page numbers right after an entry */
    int pages;          /* page numbers read */
    int rising;         /* page numbers not below the one before */
    int last;           /* the last page number, -1 before the first */
    int after_entry;    /* the cell before was an entry */
} toc_shape;

static void take_cell(toc_shape *t, const char *s, size_t n) {
    while (n > 0 && is_space((unsigned char)*s))
        s++, n--;
    while (n > 0 && is_space((unsigned char)s[n - 1]))
        n--;
    if (n == 0) return;
    int v = page_number(s, n);
    if (v < 0 && is_figure(s, n)) {
        t->figures++;
        t->after_entry = 0;
        return;
    }
    if (v < 0) {
        t->entries++;
        t->entry_bytes += n;
        t->after_entry = 1;
        return;
    }
    t->follows += t->after_entry;
    t->rising += t->last >= 0 && v >= t->last;
    t->pages++;
    t->last = v > t->last ? v : t->last;
    t->after_entry = 0;
}

/* Length of the page number token after a dot leader at s (spaces, then
 * digits up to a space or the end), 0 when none: a wrapped contents page
 * joined into one line goes on with the next entry after it. */
static size_t page_after_leader(const char *s, size_t n) {
    size_t i = 0;
    while (i < n && is_space((unsigned char)s[i]))
        i++;
    size_t b = i;
    while (i < n && !is_space((unsigned char)s[i]) && s[i] != '|')
        i++;
    return page_number(s + b, i - b) >= 0 ? i : 0;
}

/* The bytes that may end a cell: a cell mark (| or a line break) or the
 * first byte of a dot leader's dot (. · … ‥ ･, and ・ by its first two). */
static const kj_byteset kj_cut_bytes = {{'|', '\n', '.', 0xC2, 0xE2, 0xEF, '|', '|'}, {0xE3, 0x83}};

int kj_looks_like_contents(const char *s, size_t len) {
    toc_shape t = {0, 0, 0, 0, 0, 0, -1, 0};
    size_t cell = 0;
    for (size_t i = 0; i <= len; i++) {
        i = kj_next_byte_in(&kj_cut_bytes, s, len, i); /* no other byte ends a cell */
        size_t lead = i < len ? leader_len(s + i, len - i) : 0;
        if (i < len && s[i] != '|' && s[i] != '\n' && !lead) continue;
        take_cell(&t, s + cell, i - cell);
        cell = i + 1;
        if (!lead) continue;
        size_t page = page_after_leader(s + i + lead, len - i - lead);
        t.after_entry = 1; /* a leader leads to a page number */
        take_cell(&t, s + i + lead, page);
        i += lead + page - 1;
        cell = i + 1;
    }
    /* entries each followed by a page number, the numbers mostly rising; an
     * entry is a title (short), a page has one or two of them, and there
     * are hardly any other figures: a table's rows have long cells, many
     * cells a row and figures of all kinds */
    return t.follows >= 4 && t.pages >= 4 && 4 * t.rising >= 3 * (t.pages - 1) &&
           t.entry_bytes <= 80 * (size_t)t.entries && t.entries <= 3 * t.pages &&
           10 * t.figures <= t.entries + t.pages;
}
