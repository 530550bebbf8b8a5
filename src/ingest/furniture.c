/*
 * furniture.c - the running headers, footers and page numbers of a paged
 * plain text: the text a PDF converter or a browser's print to text writes
 * with a form feed between pages (mutool draw -F txt, pdftotext), each page
 * carrying the same date, title, file name or address and its number. The
 * PDF reader tells such lines by where they sit on the page (pdf.c); a
 * text has no geometry, so here a line counts by its place among its
 * page's lines that are not blank:
 *  - one of the first or last KJ_BAND_LINES whose text (digits folded by
 *    kj_furniture_key when it is short) recurs among those of three pages
 *    in ten (and of KJ_MIN_PAGES at least), when that text has a letter or
 *    reads as a date and time, for a column of figures can end page after
 *    page too;
 *  - one of the first or last KJ_NUMBER_LINES that is a bare page number
 *    (kj_is_page_number), when as many pages have one;
 *  - in a text of one or two pages, where neither rule can tell (a line on
 *    both pages may be a table's heading row continued overleaf), a page
 *    number that says it is one (- 1 -, 1/2, Page 1: decorated_number) in
 *    that place on both pages, the same but for its number, the numbers as
 *    far apart as the pages (pair_numbers); and a bare number that is its
 *    page's very first or last line and is that page's own number, 1 on the
 *    first page, 2 on the second (own_numbers): a figure or a list's mark
 *    seldom stands alone at the very end of a page and counts it too.
 * Each paragraph is also given the page it starts on (kj_furniture_paged).
 * The reader shows the text's lines once, in order, before it splits the
 * text into paragraphs (kj_furniture_line), then asks of each line whether
 * to leave it out (kj_furniture_drop). A text without form feeds has no
 * pages and loses no line.
 */
#include "ingest_internal.h"

#include <stdlib.h>
#include <string.h>

/* Lines at either end of a page that may be a running header or footer. */
#define KJ_BAND_LINES 4
/* Lines at either end of a page that may be its number. */
#define KJ_NUMBER_LINES 2
/* Running headers and footers are short: a longer line is none, and is
 * not looked at. */
#define KJ_BAND_BYTES 240
/* A band line of up to this many bytes recurs with other digits (a date,
 * a page's number); a longer one only as it is. */
#define KJ_FOLD_BYTES 48
/* At most this many band lines are kept (about 40 MB): a text of more
 * pages than a document has loses no line. */
#define KJ_MAX_BAND ((size_t)1 << 20)
/* The fewest pages a running header, footer or page number must be on: on
 * two, a table's heading row continued overleaf would count. */
#define KJ_MIN_PAGES 3

void kj_furniture_key(const char *s, size_t len, char *out, size_t outsz) {
    size_t k = 0;
    for (size_t i = 0; i < len && k + 1 < outsz; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ') continue;
        if (c >= '0' && c <= '9') {
            if (k == 0 || out[k - 1] != '#') out[k++] = '#';
            continue;
        }
        out[k++] = (char)c;
    }
    out[k] = '\0';
}

/* Whether code point c is a letter of a running title: Latin, kana, a
 * kanji (a Kangxi radical too, as PDF text gives some kanji), or a
 * full-width Latin letter; not a digit, a mark or a symbol (△, ％). */
static bool title_letter(int32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F) ||
           (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3040 && c <= 0x30FF) ||
           (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A) ||
           (c >= 0xFF66 && c <= 0xFF9F);
}

/* Whether a folded key may name a running header or footer: it has a
 * letter (title_letter) or reads as a date and a time ("#/#/#,#:#"), not
 * a figure alone ("#,#", "△#.#"), which a table's last row may put at the
 * foot of page after page. */
static bool may_recur(const char *key) {
    bool slash = false, colon = false;
    size_t len = strlen(key);
    for (size_t i = 0; i < len;) {
        int32_t c;
        i += kj_utf8_decode(key + i, len - i, &c);
        if (title_letter(c)) return true;
        slash |= c == '/';
        colon |= c == ':';
    }
    return slash && colon;
}

/* One line near a page's end: its number and page, its key (0 when it may
 * not recur), whether it is a bare page number, and if one that says it is
 * (decorated_number) the hash of its text but its number and the number
 * (deco 0 when none), whether it is a number and nothing else ("12":
 * bare, its value in value too), and its place among the page's lines not
 * blank counted from the top and from the bottom (1 the first or last; 0
 * beyond KJ_BAND_LINES). */
typedef struct {
    int line, page;
    uint64_t key;
    bool number;
    uint32_t deco;
    bool bare;
    int value;
    int top, bottom;
} band_line;

struct kj_text_furniture {
    band_line *v; /* the band lines of the pages so far (malloc'd) */
    size_t n, cap;
    size_t page_from;              /* the page's first entry in v */
    band_line tail[KJ_BAND_LINES]; /* the page's last lines beyond its first ones, a ring */
    int nonblank;                  /* lines not blank on the page so far */
    int line;                      /* the last line's number (1-based) */
    int page;                      /* the page's index (0-based) */
    int pages;                     /* pages with a line not blank */
    int last;                      /* the last of them (0-based) */
    bool failed;                   /* out of memory: then no line is dropped */
    int *drop;                     /* the line numbers to leave out, ascending (malloc'd) */
    size_t n_drop, at;
};

kj_text_furniture *kj_furniture_new(void) {
    return calloc(1, sizeof(kj_text_furniture));
}

void kj_furniture_free(kj_text_furniture *f) {
    if (!f) return;
    free(f->v);
    free(f->drop);
    free(f);
}

static void push(kj_text_furniture *f, const band_line *b) {
    if (f->n == KJ_MAX_BAND) f->failed = true;
    if (f->failed) return;
    band_line *v = kj_grow(f->v, f->n, &f->cap, sizeof *v, 64);
    if (!v) {
        f->failed = true;
        return;
    }
    f->v = v;
    f->v[f->n++] = *b;
}

/* Close the page: its first lines learn their place from the bottom, and
 * its last lines beyond them (the ring) join the band lines. */
static void end_page(kj_text_furniture *f) {
    int nb = f->nonblank;
    for (size_t i = f->page_from; i < f->n; i++)
        if (nb - f->v[i].top < KJ_BAND_LINES) f->v[i].bottom = nb - f->v[i].top + 1;
    int rest = nb - KJ_BAND_LINES; /* lines beyond the first ones */
    if (rest > KJ_BAND_LINES) rest = KJ_BAND_LINES;
    for (int k = rest; k >= 1; k--) { /* the k-th line from the bottom */
        band_line b = f->tail[(nb - k) % KJ_BAND_LINES];
        b.bottom = k;
        push(f, &b);
    }
    f->pages += nb > 0;
    if (nb > 0) f->last = f->page;
    f->page_from = f->n;
    f->nonblank = 0;
    f->page++;
}

/* The key of band line s[0, len) (0 when it may not recur): its text with
 * digits folded when it is short, as a date, a file name or a page's
 * number are; a longer line must recur word for word, for pages of a few
 * lines each can open with sentences that differ only in a number. */
static uint64_t key_hash(const char *s, size_t len) {
    char key[KJ_BAND_BYTES + 1] = {0};
    if (len <= KJ_FOLD_BYTES)
        kj_furniture_key(s, len, key, sizeof key);
    else /* a band line has at most KJ_BAND_BYTES */
        memcpy(key, s, len < KJ_BAND_BYTES ? len : KJ_BAND_BYTES);
    if (!may_recur(key)) return 0;
    return kj_fnv1a64(1469598103934665603ULL, key, strlen(key)) | 1;
}

/* When s[0, len), a page number (kj_is_page_number), says it is one by
 * its marks or words (- 2 -, 2/5, Page 2 of 5, p.2), not a bare number or
 * one in brackets (2, (2), [2], ii: a list's or a note's mark, a figure
 * look the same): its number into *value and a hash (not 0) of its text
 * with that number folded to '#' ("-#-", "#/5", "Page#of5"); else 0. */
static uint32_t decorated_number(const char *s, size_t len, int *value) {
    char key[64], folded[64];
    kj_furniture_key(s, len, key, sizeof key);
    if (!strcmp(key, "#") || !strcmp(key, "(#)") || !strcmp(key, "[#]")) return 0;
    size_t a = 0;
    while (a < len && !(s[a] >= '0' && s[a] <= '9'))
        a++;
    if (a == len) return 0; /* a roman number */
    size_t z = a;
    int v = 0;
    while (z < len && s[z] >= '0' && s[z] <= '9') /* four digits at most */
        v = v * 10 + (s[z++] - '0');
    *value = v;
    size_t k = 0; /* kj_is_page_number: fewer than 64 bytes but spaces */
    for (size_t i = 0; i < len && k + 1 < sizeof folded; i++) {
        if (i == a) folded[k++] = '#';
        if ((i < a || i >= z) && s[i] != ' ' && s[i] != '\t') folded[k++] = s[i];
    }
    return (uint32_t)kj_fnv1a64(1469598103934665603ULL, folded, k) | 1;
}

void kj_furniture_line(kj_text_furniture *f, const char *s, size_t len, bool blank) {
    f->line++;
    bool ff_before = len && s[0] == '\f', ff_after = len && memchr(s + 1, '\f', len - 1);
    if (ff_before && !blank) end_page(f); /* "\fText": the page breaks before it */
    if (!blank) {
        size_t a = 0, z = len; /* the text without form feeds and spaces at its ends */
        while (a < z && (s[a] == '\f' || s[a] == ' ' || s[a] == '\t'))
            a++;
        while (z > a &&
               (s[z - 1] == '\f' || s[z - 1] == ' ' || s[z - 1] == '\t' || s[z - 1] == '\r'))
            z--;
        s += a, len = z - a;
        bool band = len <= KJ_BAND_BYTES;
        band_line b = {.line = f->line,
                       .page = f->page,
                       .key = band ? key_hash(s, len) : 0,
                       .number = band && kj_is_page_number(s, len),
                       .top = ++f->nonblank};
        if (b.number) b.deco = decorated_number(s, len, &b.value);
        if (b.number && !b.deco) b.bare = kj_bare_page_number(s, len, &b.value);
        if (b.top <= KJ_BAND_LINES) {
            push(f, &b);
        } else {
            b.top = 0;
            f->tail[(f->nonblank - 1) % KJ_BAND_LINES] = b;
        }
    }
    if (ff_after || (blank && ff_before)) end_page(f);
}

static int by_key(const void *a, const void *b) {
    const band_line *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (x->page > y->page) - (x->page < y->page);
}

static int by_line(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Whether b may be its page's number: a bare page number first or last on
 * the page, or next to it. */
static bool number_place(const band_line *b) {
    return b->number &&
           ((b->top && b->top <= KJ_NUMBER_LINES) || (b->bottom && b->bottom <= KJ_NUMBER_LINES));
}

/* List in f->drop the band lines (v sorted by key then page) whose key
 * recurs on need pages or more, and those in a page number's place when
 * numbered pages (those with one) are as many. */
static void list_drops(kj_text_furniture *f, int need, int numbered) {
    for (size_t i = 0; i < f->n;) {
        size_t j = i;
        int pages = 0, last = -1;
        for (; j < f->n && f->v[j].key == f->v[i].key; j++)
            if (f->v[j].page != last) pages++, last = f->v[j].page;
        bool recurs = f->v[i].key && pages >= need;
        for (; i < j; i++)
            if (recurs || (numbered >= need && number_place(&f->v[i])))
                f->drop[f->n_drop++] = f->v[i].line;
    }
}

/* Whether band line b, on another page than a, numbers its page as a
 * does: it says it is a page number as a does, but for the number, which
 * is as far from a's as b's page is from a's ("- 1 -" and "- 2 -" on the
 * first and second pages; "Page 5" and "Page 6"), and it is in a page
 * number's place. */
static bool numbers_alike(const band_line *a, const band_line *b) {
    return b->page != a->page && b->deco && b->deco == a->deco && number_place(b) &&
           b->value - a->value == b->page - a->page;
}

/* List in f->drop, for a text of two pages, the page numbers in their
 * place that another page's numbers as they do (numbers_alike). */
static void pair_numbers(kj_text_furniture *f) {
    for (size_t i = 0; i < f->n; i++) {
        if (!f->v[i].deco || !number_place(&f->v[i])) continue;
        for (size_t j = 0; j < f->n; j++)
            if (numbers_alike(&f->v[i], &f->v[j])) {
                f->drop[f->n_drop++] = f->v[i].line;
                break;
            }
    }
}

/* List in f->drop, for a text of one or two pages, the bare numbers
 * (band_line.bare) that are their page's first or last line and number it
 * (1 on the first page, 2 on the second). */
static void own_numbers(kj_text_furniture *f) {
    for (size_t i = 0; i < f->n; i++) {
        const band_line *b = &f->v[i];
        if (b->bare && (b->top == 1 || b->bottom == 1) && b->value == b->page + 1)
            f->drop[f->n_drop++] = b->line;
    }
}

void kj_furniture_finish(kj_text_furniture *f) {
    if (f->nonblank) end_page(f);
    if (f->failed || f->pages < 1) return;
    int need = f->pages * 3 / 10;
    if (need < KJ_MIN_PAGES) need = KJ_MIN_PAGES;
    int numbered = 0, last = -1; /* pages with a number in its place (v in page order) */
    for (size_t i = 0; i < f->n; i++)
        if (number_place(&f->v[i]) && f->v[i].page != last) numbered++, last = f->v[i].page;
    f->drop = malloc((f->n ? f->n : 1) * sizeof *f->drop);
    if (!f->drop) return;
    if (f->pages < KJ_MIN_PAGES) {
        pair_numbers(f);
        own_numbers(f);
    } else {
        qsort(f->v, f->n, sizeof *f->v, by_key);
        list_drops(f, need, numbered);
    }
    qsort(f->drop, f->n_drop, sizeof *f->drop, by_line);
}

bool kj_furniture_drop(kj_text_furniture *f, int line) {
    while (f->at < f->n_drop && f->drop[f->at] < line)
        f->at++;
    return f->at < f->n_drop && f->drop[f->at] == line;
}

bool kj_furniture_paged(const kj_text_furniture *f) {
    return f->pages >= 2;
}

int kj_furniture_pages(const kj_text_furniture *f) {
    return kj_furniture_paged(f) ? f->last + 1 : 0;
}
