/*
 * pdf.c - PDF reader on MuPDF's structured text. Pages are loaded one at a
 * time and only their lines (text, box, font size) are kept, so memory is
 * bounded by the text, not the PDF: what MuPDF parsed for them is let go
 * as they are read (pdf_cache.c), MuPDF is done with before the lines are
 * made blocks, and the lines made blocks are given back as the blocks grow
 * (kj_pdf_give_back_lines). Then three passes over the lines, and one over the blocks:
 *   1. page furniture: lines in the top/bottom margin band (the left/right
 *      one for a line that runs down or up the page: a chapter's tab) whose
 *      text (digits folded) repeats on many pages, and bare page numbers
 *      ("- 12 -", "12", "12/75", "Page 3") but those in a row of text or
 *      figures (a table's at a page's foot), are dropped; so is a page's own
 *      number set beyond the band, alone as its lowest or highest line
 *      (mark_own_numbers), in a document of any length;
 *   2. order: a table MuPDF gives before the text set above it on its page
 *      (a browser's print of a floated table) is put in its place
 *      (pdf_order.c), apart from the text around it;
 *   3. paragraphs: consecutive lines are joined when the previous one runs to
 *      the right edge of the text column, or of a box inset in it
 *      (wraps_in_block), or of its MuPDF block, but for a block whose edge
 *      a line ending a sentence alone sets over an entry (edge_of_its_own),
 *      so its line wrapped, and nothing marks a new
 *      paragraph (gap, size change, indent, list marker: a bullet, or
 *      a number with its mark, 1. (1) ５． ａ． (イ) イ） ５　). A bullet set apart
 *      from its text (a tab, a size of its own) joins the text beside it
 *      (text_after_mark), as a number set apart from it does; a mark
 *      with no text beside it ("(1)" after a table's cell) opens no list
 *      item. A paragraph's or a list entry's line cut by hand short of the
 *      edge goes on where handwrap.c's signs say so, on its page or at the
 *      top of the next (cut_by_hand: …影響を + 及ぼす, …コンプラ + イアンス,
 *      …セキュリティ + 対策 within a paragraph cut so, …for each kind of +
 *      incident). Paragraphs continue across page breaks the same way,
 *      over pages that hold nothing but furniture (bare_between), past a
 *      note's mark read out of its place (stray_mark),
 *      and on a page set in columns from the foot of one column to the top
 *      of the next (measure_columns, next_column). A paragraph that starts
 *      right of other text on its row (a table's cell) goes on only right
 *      of where that text ends (row_before), on its page and at the top of
 *      the next: a row's last figure at the edge does not run on into the
 *      next row's label, nor into the next page's first line. Lines read one after
 *      the other on one row less than 1.5 characters apart are one line's
 *      pieces, but for two cells of a table's row, whose gap opens on other
 *      rows in the same place, where a justified line's wide spaces do not
 *      (column_gap). A cell's text set on two lines or more, flush left
 *      (or hanging a character in), its lines closer than the table's
 *      rows, joins where the row's other cells stand
 *      midway down its lines, as a browser sets a table's cells
 *      (wraps_in_cell): a table of a row per line has its figures on each
 *      row, and its labels stay apart. A cell's text centred on two lines
 *      or more (a post over a title, a column's title over its unit) joins
 *      the same way. Joining follows the
 *      script rules of kj_join_line (no space in CJK, de-hyphenation in
 *      English), the hyphen of a compound cut at it kept where the
 *      document's lines say so (hyphens_of, kj_hyphens_keep).
 *      Japanese set vertically is read with its boxes turned a quarter
 *      (vertical_box), so that the same rules join its columns.
 *      A line of a mark or a number alone is no heading
 *      however it is set (has_words).
 *      A line that carries the title of an outline entry (a bookmark) on
 *      the page the entry points to is a heading (pdf_outline.c).
 *   4. rows: a paragraph set side by side with other short blocks (a
 *      table's row read as lines), or with a long one in a narrow column
 *      and two short ones or more, gets that row's number, which says it
 *      is a cell and no heading (pdf_rows.c); so does a list item set so
 *      (a figure with its note's mark beside its row's label).
 * A PDF whose text is mostly glyphs its fonts give no meaning to (no
 * Unicode mapping: MuPDF yields U+FFFD or private-use code points) is an
 * error, as one with no text layer is: analysed, it would say nothing.
 * Every MuPDF call runs under fz_try so a hostile PDF becomes an error, and
 * MuPDF's memory for a PDF is counted and held to KJ_PDF_MEMORY_MAX (its
 * cache of decoded objects gives way first; pdf_memory.c): a 20 KB PDF whose one string
 * is 20 MB of text once decompressed took 355 MB, 200 MB of it would take
 * gigabytes.
 */
#include "pdf_internal.h"

#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <mupdf/fitz.h>
#include <mupdf/pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uchar.h>

static void on_warning(void *user, const char *msg) {
    lines *l = user;
    if (!l->warning[0]) snprintf(l->warning, sizeof l->warning, "%s", msg);
}

static void ignore_error(void *user, const char *msg) {
    (void)user;
    (void)msg;
}

static bool is_space_cp(int c) {
    return c == ' ' || c == '\t' || c == 0xA0 || c == 0x3000 || c == '\n' || c == '\r';
}

bool kj_pdf_undecodable(int c) {
    return c <= 0 || c < 0x20 || c == 0xFFFD || (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000;
}

/* Whether cp is a kana or an ideograph (with the Kangxi radicals that
 * PDF fonts give for some: ⼭ for 山), the letters of Japanese words. */
static bool kana_kanji(int32_t cp) {
    return (cp >= 0x3041 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x2E80 && cp <= 0x2FDF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF66 && cp <= 0xFF9F);
}

/* Whether cp is written in Japanese text without spaces around it: a kana
 * or kanji, or a mark of Japanese punctuation (、 。 「 」 【 】 （ ）). */
static bool japanese_unspaced(int32_t cp) {
    return kana_kanji(cp) || (cp >= 0x3001 && cp <= 0x303F) || cp == 0xFF08 || cp == 0xFF09;
}

/* Whether ch is a space that letter-spacing put between two characters of
 * Japanese text (japanese_unspaced), as when a table cell is set justified
 * across its width (情 報 セ キ ュ リ テ ィ （ 委 員 会 ）): one beside a character that
 * stands alone between two spaces. A space between two words of several
 * characters (チーフ インフォメーション) is the writer's, and stays, also
 * when the line ends one character after it (セキュリティ オ / フィサー): a
 * line's start or end does not count as a space. prev is the code point
 * before ch in the line, before2 the one before that (0 at the line's
 * start). Dropping such spaces makes the words whole again, to be
 * matched. */
static bool spaced_cjk(int32_t before2, int32_t prev, const fz_stext_char *ch) {
    if ((ch->c != ' ' && ch->c != 0xA0) || !japanese_unspaced(prev) || !ch->next ||
        !japanese_unspaced(ch->next->c))
        return false;
    const fz_stext_char *after2 = ch->next->next;
    return is_space_cp(before2) || (after2 && is_space_cp(after2->c));
}

/* Append one stext line to l (trimmed; whitespace-only lines skipped, and
 * the spaces of letter-spaced Japanese, spaced_cjk), with box as its box
 * and bx1 as the right edge of its block. Its size and weight are its
 * first character's; after a list mark that opens it (• ・ ●, kj_list_mark)
 * its size is that of the text after the mark, and it is bold only when
 * both are: a bullet set larger, smaller or bolder than its entry's text
 * makes no heading of the entry, nor parts it from its wrapped lines. */
static void add_line(fz_context *ctx, lines *l, fz_stext_line *ln, int page, int block, fz_rect box,
                     float bx1, bool vertical, bool upright) {
    size_t off = l->pool.len;
    int n = 0;
    float size = 0;
    bool bold = false, italic = true;
    bool marked = false;           /* it opens with a list mark, and no text has followed yet */
    int32_t prev = 0, before2 = 0; /* the code points before ch in the line */
    for (fz_stext_char *ch = ln->first_char; ch; before2 = prev, prev = ch->c, ch = ch->next) {
        if ((n == 0 && is_space_cp(ch->c)) || spaced_cjk(before2, prev, ch)) continue;
        if (n == 0) {
            size = ch->size;
            bold = ch->font && fz_font_is_bold(ctx, ch->font);
            marked = kj_list_mark(ch->c);
        } else if (marked && !is_space_cp(ch->c)) {
            size = ch->size;
            bold = bold && ch->font && fz_font_is_bold(ctx, ch->font);
            marked = false;
        }
        if (!is_space_cp(ch->c)) {
            l->chars++;
            l->undecodable += kj_pdf_undecodable(ch->c);
            italic = italic && ch->font && fz_font_is_italic(ctx, ch->font);
        }
        /* a radical the font gave for an ideograph is read as it */
        int32_t c = ch->c > 0 && ch->c < 0x110000 ? ch->c : 0xFFFD, ideo = kj_stand_in_for(c);
        char u[8];
        size_t k = kj_utf8_encode(ideo ? ideo : c, u);
        if (kj_buf_append(&l->pool, u, k) != KJ_OK) {
            l->nomem = true;
            return;
        }
        n++;
    }
    while (l->pool.len > off && l->pool.data[l->pool.len - 1] == ' ')
        l->pool.len--;
    if (l->pool.len == off) return;
    if (l->pool.len - off > UINT32_MAX) { /* not from a page MuPDF can read */
        l->nomem = true;
        return;
    }
    pline *v = kj_grow(l->v, l->n, &l->cap, sizeof *v, 1024);
    if (!v) {
        l->nomem = true;
        return;
    }
    l->v = v;
    l->v[l->n++] = (pline){.off = off,
                           .len = (uint32_t)(l->pool.len - off),
                           .x0 = box.x0,
                           .y0 = box.y0,
                           .x1 = box.x1,
                           .y1 = box.y1,
                           .size = size,
                           .bx1 = bx1,
                           .page = page,
                           .block = block,
                           .nchars = n,
                           .bold = bold,
                           .italic = italic,
                           .vertical = vertical,
                           .upright = upright};
}

/*
 * Whether a line is set top to bottom: in a font of vertical writing mode
 * (Japanese tategaki), or turned so that it reads downwards. Its columns
 * follow each other right to left.
 */
static bool is_vertical(const fz_stext_line *ln) {
    return ln->wmode == 1 || (fabsf(ln->dir.x) < 0.05f && ln->dir.y > 0.95f);
}

/*
 * A vertical line's box turned a quarter to the left on a page of width w,
 * so that it reads as a horizontal one: down the column becomes left to
 * right, and the columns, right to left, become lines top to bottom. The
 * paragraph rules then hold as they are: a column that stops short of the
 * text's foot ends its paragraph, an indented first column (字下げ) starts
 * one, a wider gap between columns parts paragraphs.
 */
static fz_rect vertical_box(fz_rect r, float w) {
    return (fz_rect){r.y0, w - r.x1, r.y1, w - r.x0};
}

/* The most characters set across in a vertical column (tate-chu-yoko). */
#define KJ_UPRIGHT_MAX 4

/*
 * Whether horizontal line ln, on a page of width w, is set upright inside
 * the vertical column last (the line read before it, on the same page):
 * KJ_UPRIGHT_MAX characters or fewer, no wider than one and a half columns,
 * its centre within the column and its top where the column stops.
 */
static bool upright_in(const pline *last, const fz_stext_line *ln, int page, float w) {
    if (!last->vertical || last->page != page) return false;
    int n = 0;
    for (const fz_stext_char *ch = ln->first_char; ch; ch = ch->next)
        if (!is_space_cp(ch->c) && ++n > KJ_UPRIGHT_MAX) return false;
    float left = w - last->y1, right = w - last->y0, mid = (ln->bbox.x0 + ln->bbox.x1) / 2;
    return n > 0 && ln->bbox.x1 - ln->bbox.x0 <= 1.5f * (right - left) && mid >= left &&
           mid <= right && ln->bbox.y0 >= last->x1 - 0.5f * last->size &&
           ln->bbox.y0 <= last->x1 + last->size;
}

/* The most lines set upright, one below the other, that can open a column. */
#define KJ_UPRIGHT_RUN 4

/* Whether horizontal line p, read before a vertical line whose column is
 * col, is set upright at the column's head, above top (where the column's
 * text, or the upright line below p, starts): KJ_UPRIGHT_MAX characters
 * or fewer, no wider than one and a half columns, its centre within the
 * column and its foot where top is. */
static bool upright_above(const pline *p, fz_rect col, float top, int page) {
    float mid = (p->x0 + p->x1) / 2;
    return !p->vertical && !p->band && p->page == page && p->nchars <= KJ_UPRIGHT_MAX &&
           p->x1 - p->x0 <= 1.5f * (col.x1 - col.x0) && mid >= col.x0 && mid <= col.x1 &&
           top >= p->y1 - 0.5f * p->size && top <= p->y1 + p->size;
}

/*
 * Take the horizontal lines read just before vertical line ln (block
 * block, whose foot is bx1, on a page of width w) that are set upright at
 * the head of its column (the 20 and 24 opening a column with 2024年度)
 * into the column: turned like it, as wide across as it, the first of them
 * its lead (pline.lead). A number set upright mid-column follows the
 * vertical text before it and is found as it is read (upright_in).
 */
static void take_upright_head(lines *l, const fz_stext_line *ln, int page, int block, float bx1,
                              float w) {
    float top = ln->bbox.y0;
    size_t i = l->n;
    while (i > 0 && l->n - i < KJ_UPRIGHT_RUN && upright_above(&l->v[i - 1], ln->bbox, top, page))
        top = l->v[--i].y0;
    for (size_t k = i; k < l->n; k++) {
        pline *p = &l->v[k];
        fz_rect r = vertical_box((fz_rect){ln->bbox.x0, p->y0, ln->bbox.x1, p->y1}, w);
        p->x0 = r.x0, p->y0 = r.y0, p->x1 = r.x1, p->y1 = r.y1;
        p->block = block;
        p->bx1 = bx1;
        p->vertical = p->upright = true;
        p->lead = k == i;
    }
}

/* Whether line ln lies where running heads, footers and tabs are: the top
 * or bottom tenth of page r, or, when it runs up or down the page (a
 * chapter's tab at the edge of an integrated report's pages), its left or
 * right tenth. */
static bool band_of(const fz_stext_line *ln, fz_rect r) {
    fz_rect b = ln->bbox;
    float w = r.x1, h = r.y1 - r.y0;
    if (ln->wmode == 1 || fabsf(ln->dir.x) < 0.05f)
        return w > 0 && (b.x1 <= w * 0.10f || b.x0 >= w * 0.90f);
    return h > 0 && (b.y1 <= h * 0.10f || b.y0 >= h * 0.90f);
}

/* Append the lines of page number page, whose bounds are r, to l. */
static void collect_page(fz_context *ctx, lines *l, fz_stext_page *sp, int page, fz_rect r) {
    float w = r.x1;
    int bno = 0;
    for (fz_stext_block *b = sp->first_block; b && !l->nomem; b = b->next, bno++) {
        if (b->type != FZ_STEXT_BLOCK_TEXT) continue;
        for (fz_stext_line *ln = b->u.t.first_line; ln && !l->nomem; ln = ln->next) {
            const pline *last = l->n ? &l->v[l->n - 1] : NULL;
            size_t before = l->n;
            if (is_vertical(ln)) {
                take_upright_head(l, ln, page, bno, b->bbox.y1, w);
                add_line(ctx, l, ln, page, bno, vertical_box(ln->bbox, w), b->bbox.y1, true, false);
            } else if (ln->wmode == 0 && last && upright_in(last, ln, page, w))
                add_line(ctx, l, ln, page, last->block, vertical_box(ln->bbox, w), last->bx1, true,
                         true);
            else if (ln->wmode == 0)
                add_line(ctx, l, ln, page, bno, ln->bbox, b->bbox.x1, false, false);
            if (l->n > before) l->v[before].band = band_of(ln, r);
        }
    }
}

/* Load one page, give its structured text to fn, drop it. Returns MuPDF's
 * message on failure. */
static bool extract_page(fz_context *ctx, fz_document *doc, lines *l, int i, kj_pdf_page_fn fn,
                         char *why, size_t whysz) {
    fz_page *volatile page = NULL;
    fz_stext_page *volatile sp = NULL;
    bool ok = true;
    fz_stext_options opts = {.flags = FZ_STEXT_MEDIABOX_CLIP};
    fz_try(ctx) {
        page = fz_load_page(ctx, doc, i);
        kj_pdf_type3_bare(ctx, page, &l->font_drop);
        fz_rect r = fz_bound_page(ctx, page);
        sp = fz_new_stext_page_from_page(ctx, page, &opts);
        fn(ctx, l, sp, i, r);
    }
    fz_always(ctx) {
        fz_drop_stext_page(ctx, sp);
        fz_drop_page(ctx, page);
    }
    fz_catch(ctx) {
        snprintf(why, whysz, "%s", fz_caught_message(ctx));
        ok = false;
    }
    return ok;
}

kj_status kj_pdf_pages(fz_context *ctx, fz_document *doc, int np, const char *path,
                       size_t max_bytes, lines *l, kj_pdf_page_fn fn, kj_error *err) {
    char why[256];
    kj_status st = KJ_OK;
    for (int i = 0; i < np && st == KJ_OK; i++) {
        l->mem.over = false; /* a refusal MuPDF got over (its cache gave way) is none */
        bool read = extract_page(ctx, doc, l, i, fn, why, sizeof why);
        kj_pdf_settle(ctx, doc, &l->mem);
        if (!read && l->mem.over)
            st = kj_error_set(err, KJ_ERR_TOO_LARGE,
                              "%s: page %d needs more than %zu MiB of memory to read, more than "
                              "kaiji gives a PDF",
                              path, i + 1, KJ_PDF_MEMORY_MAX >> 20);
        else if (!read)
            st = kj_error_set(err, KJ_ERR_FORMAT, "%s: corrupt PDF: page %d: %s", path, i + 1, why);
        else if (l->nomem)
            st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
        else if (l->pool.len > max_bytes)
            st = kj_error_set(err, KJ_ERR_TOO_LARGE,
                              "%s: extracted text exceeds the limit of %zu bytes", path, max_bytes);
    }
    return st;
}

/* ---- furniture ---------------------------------------------------------- */

static uint64_t hash_str(const char *s) {
    return kj_fnv1a64(1469598103934665603ULL, s, strlen(s));
}

typedef struct {
    uint64_t h;
    int count, last_page;
} slot;

/* Whether line k of page lines l->v[a, z) stands alone on its row: no
 * other line of the page that is not furniture shares half its height. */
static bool alone_on_row(const lines *l, size_t a, size_t z, size_t k) {
    const pline *p = &l->v[k];
    for (size_t i = a; i < z; i++) {
        const pline *q = &l->v[i];
        if (i == k || q->furniture || q->vertical) continue;
        float overlap = fminf(p->y1, q->y1) - fmaxf(p->y0, q->y0);
        if (overlap > 0.5f * fminf(p->y1 - p->y0, q->y1 - q->y0)) return false;
    }
    return true;
}

/* Whether line k of page lines l->v[a, z), its lowest or highest line set
 * across that is not furniture, is the page's own number where the margin
 * band does not reach (a page number set higher or lower than the tenth
 * band_of looks at, as a wide bottom margin sets it): a number and nothing
 * else (kj_bare_page_number) that is the page's, 1 on the first page, alone
 * on its row. */
static bool own_page_number(const lines *l, size_t a, size_t z, size_t k) {
    const pline *p = &l->v[k];
    int value;
    return kj_bare_page_number(l->pool.data + p->off, p->len, &value) && value == p->page + 1 &&
           alone_on_row(l, a, z, k);
}

/* Mark as furniture each page's own number beyond the margin band
 * (own_page_number), on a document of any length: a page's first or last
 * line that gives its number counts it whether or not other pages do. Only
 * the lowest and the highest line of a page are looked at: time linear in
 * the lines however many of them are numbers. */
static void mark_own_numbers(lines *l) {
    for (size_t a = 0, z; a < l->n; a = z) {
        size_t low = SIZE_MAX, high = SIZE_MAX;
        for (z = a; z < l->n && l->v[z].page == l->v[a].page; z++) {
            const pline *q = &l->v[z];
            if (q->furniture || q->vertical) continue;
            if (low == SIZE_MAX || q->y1 > l->v[low].y1) low = z;
            if (high == SIZE_MAX || q->y0 < l->v[high].y0) high = z;
        }
        bool drop_low = low != SIZE_MAX && own_page_number(l, a, z, low);
        bool drop_high = high != SIZE_MAX && high != low && own_page_number(l, a, z, high);
        if (drop_low) l->v[low].furniture = true;
        if (drop_high) l->v[high].furniture = true;
    }
}

/* Whether lines a and b, on one page, share half the height of the lower
 * of them: they stand on one row. */
static bool same_row(const pline *a, const pline *b) {
    float overlap = fminf(a->y1, b->y1) - fmaxf(a->y0, b->y0);
    return a->page == b->page && overlap > 0.5f * fminf(a->y1 - a->y0, b->y1 - b->y0);
}

/* The lines read within this many of a bare number in the margin band are
 * those looked at for a row it shares (numbers_in_row). */
#define KJ_ROW_REACH 48

/* Whether the bare number l->v[k] in the margin band, which reads as a
 * page's number (kj_is_page_number), stands in a row of figures or text: a
 * line of its page within KJ_ROW_REACH of it that shares half its height
 * is not furniture (a table's row at a page's foot: 12 | (3,456) | 78 |
 * 9,012 | 34). A page's number sits alone on its row, or beside other
 * furniture: a running footer, a browser's footer giving the page's
 * address, the number again as "1/2". */
static bool numbers_in_row(const lines *l, size_t k) {
    const pline *p = &l->v[k];
    size_t a = k > KJ_ROW_REACH ? k - KJ_ROW_REACH : 0;
    size_t z = l->n - k > KJ_ROW_REACH ? k + KJ_ROW_REACH + 1 : l->n;
    for (size_t i = a; i < z; i++) {
        const pline *q = &l->v[i];
        if (i != k && !q->vertical && !q->furniture && same_row(p, q)) return true;
    }
    return false;
}

/* Count on how many pages each band key occurs; mark repeating ones, the
 * bare page numbers of the band but those in a row of figures or text
 * (numbers_in_row), and each page's own number beyond the band
 * (mark_own_numbers). */
static bool mark_furniture(lines *l) {
    size_t nb = 0;
    for (size_t i = 0; i < l->n; i++)
        nb += l->v[i].band;
    size_t cap = 64;
    while (cap < nb * 2)
        cap *= 2;
    slot *t = calloc(cap, sizeof *t);
    uint64_t *hs = calloc(l->n ? l->n : 1, sizeof *hs);
    bool *numbered = calloc(l->n ? l->n : 1, sizeof *numbered);
    if (!t || !hs || !numbered) {
        free(t);
        free(hs);
        free(numbered);
        return false;
    }
    char key[256];
    for (size_t i = 0; i < l->n; i++) {
        pline *p = &l->v[i];
        if (!p->band) continue;
        kj_furniture_key(l->pool.data + p->off, p->len, key, sizeof key);
        if (kj_is_page_number(l->pool.data + p->off, p->len)) {
            p->furniture = numbered[i] = true;
            continue;
        }
        uint64_t h = hash_str(key) | 1;
        hs[i] = h;
        size_t j = h & (cap - 1);
        while (t[j].h && t[j].h != h)
            j = (j + 1) & (cap - 1);
        t[j].h = h;
        if (t[j].last_page != p->page + 1) t[j].count++, t[j].last_page = p->page + 1;
    }
    int need = l->n_pages * 3 / 10;
    if (need < 2) need = 2;
    for (size_t i = 0; l->n_pages >= 2 && i < l->n; i++) {
        if (!hs[i]) continue;
        size_t j = hs[i] & (cap - 1);
        while (t[j].h != hs[i])
            j = (j + 1) & (cap - 1);
        if (t[j].count >= need) l->v[i].furniture = true;
    }
    for (size_t i = 0; i < l->n; i++)
        if (numbered[i] && numbers_in_row(l, i)) l->v[i].furniture = false;
    free(t);
    free(hs);
    free(numbered);
    mark_own_numbers(l);
    return true;
}

/* ---- paragraphs --------------------------------------------------------- */

/* A column of a page's lines (measure_columns): its left and right edge,
 * its top and bottom, and how many lines it has. */
typedef struct {
    float x0, x1, top, bottom;
    int lines;
} page_column;

typedef struct {
    float body;        /* the most common font size */
    float left;        /* left edge of the document's text column */
    float *right;      /* right edge of the text column per page */
    float *foot;       /* per page, how far down its vertical text reaches (the
                        * right edge of its turned boxes, vertical_box) */
    bool *bare;        /* per page, whether no line of it is left once its
                        * furniture is dropped (a page of running heads and
                        * its number only, or none at all) */
    page_column *cols; /* the columns of the pages, pline.col; cols[0] none */
    size_t n_cols, cap_cols;
} layout;

static int cmp_float(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* The lines a column needs before its right edge counts: the last line of
 * a short paragraph alone would seem to run to its own edge. */
#define KJ_COLUMN_LINES 4

/* A line's left edge and place in l, for sorting a page's lines by it. */
typedef struct {
    float x0;
    size_t i;
} by_x;

static int cmp_by_x(const void *a, const void *b) {
    float x = ((const by_x *)a)->x0, y = ((const by_x *)b)->x0;
    return (x > y) - (x < y);
}

/* Give the lines of one page, v[0, n) sorted by left edge, their column
 * in lay->cols: lines whose left edges lie within two body sizes of the
 * first of their run share one (an indented first line is in its
 * paragraph's column; a second column, a side box or a table's column
 * starts further right). A column of fewer than KJ_COLUMN_LINES lines
 * tells no edge. Returns false when out of memory. */
static bool group_columns(lines *l, layout *lay, const by_x *v, size_t n) {
    for (size_t a = 0, z; a < n; a = z) {
        float x0 = v[a].x0, x1 = 0, top = 1e30f, bottom = 0;
        for (z = a; z < n && v[z].x0 <= x0 + 2 * lay->body; z++) {
            const pline *p = &l->v[v[z].i];
            x1 = fmaxf(x1, p->x1);
            top = fminf(top, p->y0);
            bottom = fmaxf(bottom, p->y1);
        }
        if (lay->n_cols > INT_MAX / 2) return false; /* a line's column is an int */
        page_column *c = kj_grow(lay->cols, lay->n_cols, &lay->cap_cols, sizeof *c, 64);
        if (!c) return false;
        lay->cols = c;
        lay->cols[lay->n_cols] = (page_column){x0, x1, top, bottom, (int)(z - a)};
        for (size_t k = a; k < z; k++)
            l->v[v[k].i].col = (int)lay->n_cols;
        lay->n_cols++;
    }
    return true;
}

/* Find each line's column (group_columns), page by page: where a paragraph
 * runs off the foot of one column and on at the top of the next, it is the
 * column's right edge, not the page's, that its last line runs to. */
static bool measure_columns(lines *l, layout *lay) {
    by_x *v = malloc((l->n ? l->n : 1) * sizeof *v);
    lay->cols = malloc(64 * sizeof *lay->cols);
    if (!v || !lay->cols) {
        free(v);
        return false;
    }
    lay->cols[0] = (page_column){0, 0, 0, 0, 0};
    lay->n_cols = 1;
    lay->cap_cols = 64;
    bool ok = true;
    for (size_t a = 0, z; a < l->n && ok; a = z) {
        size_t n = 0;
        for (z = a; z < l->n && l->v[z].page == l->v[a].page; z++)
            if (!l->v[z].furniture && !l->v[z].vertical) v[n++] = (by_x){l->v[z].x0, z};
        qsort(v, n, sizeof *v, cmp_by_x);
        ok = group_columns(l, lay, v, n);
    }
    free(v);
    return ok;
}

/* The pct-th percentile of the left (right false) or right edges of the
 * horizontal lines that are not furniture, 0 when there are none, into
 * *out. Returns false when out of memory. */
static bool edge_percentile(const lines *l, bool right, int pct, float *out) {
    float *v = malloc((l->n ? l->n : 1) * sizeof *v);
    if (!v) return false;
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        if (!l->v[i].furniture && !l->v[i].vertical) v[n++] = right ? l->v[i].x1 : l->v[i].x0;
    qsort(v, n, sizeof *v, cmp_float);
    *out = n ? v[(n - 1) * (size_t)pct / 100] : 0;
    free(v);
    return true;
}

/* The left and right edges of the document's text column: where the 5th
 * percentile of its lines start and the 95th end. */
static bool column_edges(const lines *l, float *left, float *right) {
    return edge_percentile(l, false, 5, left) && edge_percentile(l, true, 95, right);
}

static bool measure(lines *l, layout *lay) {
    lay->right = calloc((size_t)l->n_pages + 1, sizeof *lay->right);
    lay->foot = calloc((size_t)l->n_pages + 1, sizeof *lay->foot);
    lay->bare = malloc(((size_t)l->n_pages + 1) * sizeof *lay->bare);
    float *sizes = malloc((l->n ? l->n : 1) * sizeof *sizes);
    if (!lay->right || !lay->foot || !lay->bare || !sizes) {
        free(sizes);
        return false;
    }
    for (int i = 0; i <= l->n_pages; i++)
        lay->bare[i] = true;
    for (size_t i = 0; i < l->n; i++)
        if (!l->v[i].furniture) lay->bare[l->v[i].page] = false;
    size_t ns = 0;
    for (size_t i = 0; i < l->n; i++)
        if (!l->v[i].furniture) sizes[ns++] = roundf(l->v[i].size * 2) / 2;
    qsort(sizes, ns, sizeof *sizes, cmp_float);
    float best = ns ? sizes[0] : 10;
    for (size_t i = 0, run = 0, bestrun = 0; i < ns; i++) {
        run = i && sizes[i] == sizes[i - 1] ? run + 1 : 1;
        if (run > bestrun) bestrun = run, best = sizes[i];
    }
    free(sizes);
    lay->body = best > 0 ? best : 10;
    /* the text column's edges: the 5th percentile of line starts and the
     * 95th of line ends over the document (one wide line or a short last
     * page must not move them); a page laid out wider (landscape table)
     * keeps its own right edge */
    float edge = 0;
    if (!column_edges(l, &lay->left, &edge)) return false;
    for (size_t i = 0; i < l->n; i++) {
        const pline *p = &l->v[i];
        float *edge_of = p->vertical ? lay->foot : lay->right;
        if (!p->furniture && p->x1 > edge_of[p->page]) edge_of[p->page] = p->x1;
    }
    for (int i = 0; i < l->n_pages; i++)
        if (lay->right[i] <= edge * 1.1f) lay->right[i] = edge;
    return measure_columns(l, lay);
}

static int first_cp(const lines *l, const pline *p) {
    int32_t cp;
    kj_utf8_decode(l->pool.data + p->off, p->len, &cp);
    return cp;
}

/* Whether line p opens a list entry: a bullet or circled number
 * (kj_list_mark), or a number with its mark, 5． 1) （１） ａ． (イ) イ） ５　
 * (kj_list_numbering),
 * alone on its line (its entry's text set apart) or before text that is not
 * a table's figures ("(2) $ — $ 0", kj_numbering_then_figure). */
static bool starts_list(const lines *l, const pline *p) {
    size_t marker;
    const char *s = l->pool.data + p->off;
    return kj_list_mark(first_cp(l, p)) || (kj_list_numbering(s, p->len, &marker) != KJ_NUM_NONE &&
                                            !kj_numbering_then_figure(s, p->len, marker));
}

/* Whether c may not start a line in Japanese (kinsoku): closing
 * punctuation and brackets, the prolonged sound mark, small kana. A line
 * breaker moves the character before it to the next line with it. */
static bool no_line_start(int32_t c) {
    static const char32_t marks[] =
        U"、。，．・：；？！ー）」』】〕〉》’”々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ";
    for (size_t i = 0; marks[i]; i++)
        if ((int32_t)marks[i] == c) return true;
    return false;
}

/* Width the first character of a Japanese line would take at the end of
 * the line before, with the characters that may not start a line after it
 * (kinsoku: a break before 「け、」 moves both). */
static float first_cjk_width(const lines *l, const pline *p) {
    const char *s = l->pool.data + p->off;
    int32_t cp;
    size_t i = kj_utf8_decode(s, p->len, &cp);
    int n = 1;
    while (i < p->len && n < 4) {
        size_t k = kj_utf8_decode(s + i, p->len - i, &cp);
        if (!k || !no_line_start(cp)) break;
        i += k, n++;
    }
    return n * p->size;
}

/* Whether line p ends a sentence: 。．！？ . ! ? */
static bool ends_sentence(const lines *l, const pline *p) {
    return kj_is_sentence_stop(kj_utf8_last(l->pool.data + p->off, p->len));
}

/* Width the first word of p would take at the end of the previous line;
 * with kinsoku set, a Japanese line's first character with the ones that
 * may not start a line after it (first_cjk_width). Not after a line that
 * ended a sentence: a paragraph's last line ending a character or two
 * short of the edge is no rarer than a break moved by kinsoku. */
static float first_word_width(const lines *l, const pline *p, bool kinsoku) {
    const char *s = l->pool.data + p->off;
    float per = p->nchars ? (p->x1 - p->x0) / p->nchars : p->size;
    if (kj_is_cjk(first_cp(l, p))) return kinsoku ? first_cjk_width(l, p) : p->size;
    int n = 0;
    for (size_t i = 0; i < p->len && s[i] != ' ';) {
        int32_t cp;
        i += kj_utf8_decode(s + i, p->len - i, &cp);
        if (kj_is_cjk(cp)) break;
        n++;
    }
    return n * per + per; /* the word and a space */
}

/* Whether line p is a list mark alone: a bullet (• ・ ● ①, kj_list_mark)
 * or a number with its mark ((1) 2. （３） イ）, kj_list_numbering) and
 * nothing after it: a mark set apart from its entry's text by a tab, or in
 * a font or size of its own, which MuPDF gives as a line of its own; or a
 * note's mark with no text beside it (a footnote reference set small after
 * a table's cell, which MuPDF reads at the page's end). */
static bool mark_alone(const lines *l, const pline *p) {
    int32_t cp;
    size_t marker = 0;
    const char *s = l->pool.data + p->off;
    if (p->vertical) return false;
    if (kj_utf8_decode(s, p->len, &cp) == p->len && kj_list_mark(cp)) return true;
    return kj_list_numbering(s, p->len, &marker) != KJ_NUM_NONE && marker >= p->len;
}

/* Whether line p has words to head anything with: a letter (kj_has_letter)
 * and not only a list mark or a number with its mark (mark_alone). A
 * line of a note's mark ("(1)"), a figure or a page's number alone, set
 * bold or large, is no heading. */
static bool has_words(const lines *l, const pline *p) {
    return kj_has_letter(l->pool.data + p->off, p->len) && !mark_alone(l, p);
}

/* The heading level p's setting gives it (its outline entry's, else by
 * its size against the body's, else 4 for a short line in bold or
 * italics), 0 for body text: lines set apart so do not run on into body
 * text, whether or not they head anything (heading_level). */
static int set_apart_level(const layout *lay, const pline *p, const lines *l) {
    if (p->outline) return p->outline;
    float r = p->size / lay->body;
    if (r >= 1.8f) return 1;
    if (r >= 1.4f) return 2;
    if (r >= 1.15f) return 3;
    if ((p->bold || p->italic) && p->nchars <= 80) { /* a line in bold or in italics */
        int32_t last = kj_utf8_last(l->pool.data + p->off, p->len);
        if (last != '.' && last != 0x3002 && last != ',' && last != 0x3001) return 4;
    }
    return 0;
}

/* The heading level of a paragraph whose first line of text is p: the one
 * its setting gives it (set_apart_level) when it has words (has_words) or
 * an outline entry names it, else 0. */
static int heading_level(const layout *lay, const pline *p, const lines *l) {
    return p->outline || has_words(l, p) ? set_apart_level(lay, p, l) : 0;
}

/* Whether p is in a column of text (measure_columns): of KJ_COLUMN_LINES
 * lines or more and at least fifteen characters wide, as a page's
 * columns are and a table's seldom (in_columns, which also asks that text
 * run on to its right). */
static bool wide_column(const layout *lay, const pline *p, float size) {
    const page_column *c = &lay->cols[p->col];
    return c->lines >= KJ_COLUMN_LINES && c->x1 - c->x0 >= 15 * size;
}

/* Whether p is in a column of a page set in columns: a column of
 * KJ_COLUMN_LINES lines or more, at least fifteen characters wide, that
 * ends short of the page's text edge (text runs on to its right). A table's
 * column is narrow or has few rows; a page of one column ends at the edge. */
static bool in_columns(const layout *lay, const pline *p, float size) {
    return wide_column(lay, p, size) && lay->cols[p->col].x1 < lay->right[p->page] - 2 * size;
}

/* Whether cur, above prev on the same page, is the top of the next column
 * after the foot of prev's: prev the lowest line of its column, cur the
 * highest of its own, wholly right of prev, and the columns as wide
 * (within a sixth). A side box or a table beside the text is narrower, or
 * its top is not its column's. */
static bool next_column(const layout *lay, const pline *prev, const pline *cur, float size) {
    const page_column *pc = &lay->cols[prev->col], *cc = &lay->cols[cur->col];
    float wp = pc->x1 - pc->x0, wc = cc->x1 - cc->x0;
    return in_columns(lay, prev, size) && cc->lines >= KJ_COLUMN_LINES && cur->x0 >= prev->x1 &&
           prev->y1 >= pc->bottom - 0.5f * size && cur->y0 <= cc->top + 0.5f * size &&
           fabsf(wc - wp) <= wp / 6;
}

/* Whether cur goes on down the vertical column of prev, one of them set
 * upright in it (tate-chu-yoko): its middle across the column and its top
 * where prev stops (turned boxes, vertical_box). */
static bool down_the_column(const pline *prev, const pline *cur) {
    float mid = (cur->y0 + cur->y1) / 2, size = fmaxf(prev->size, cur->size);
    return cur->page == prev->page && mid >= prev->y0 && mid <= prev->y1 &&
           cur->x0 >= prev->x1 - 0.5f * size && cur->x0 <= prev->x1 + size;
}

/* The most lines looked at on either side of a line for the edge of its
 * block (block_edge): a box on a page is seldom longer. The lines further
 * back than twice this are given back while blocks are built
 * (KJ_LINES_BEHIND): a rule that looks further back must move that. */
#define KJ_BLOCK_REACH 48

/* Whether line q, met walking from line near (the last one found in the
 * block, read before it when after is true), is in the same block: on the
 * page of near and set the same way, not left of the block's left edge
 * left (the text around an inset box starts further left) and, read on,
 * not above near (a line higher up starts another column). */
static bool in_block(const pline *near, const pline *q, bool after, float left, float size) {
    const pline *upper = after ? near : q, *lower = after ? q : near;
    return q->page == near->page && q->vertical == near->vertical && q->x0 >= left - 0.1f * size &&
           lower->y0 >= upper->y0 - 0.5f * size;
}

/* Walk from l->v[at] one way (step 1 or -1), at most KJ_BLOCK_REACH lines,
 * through the lines of its block (in_block; furniture passed over).
 * Returns the index of the last line of the block that way. */
static size_t walk_block(const lines *l, size_t at, int step, float left, float size) {
    size_t last = at;
    for (size_t k = at, seen = 0; seen < KJ_BLOCK_REACH; seen++) {
        if (step < 0 ? k == 0 : k + 1 >= l->n) break;
        k = step < 0 ? k - 1 : k + 1;
        if (l->v[k].furniture) continue;
        if (!in_block(&l->v[last], &l->v[k], step > 0, left, size)) break;
        last = k;
    }
    return last;
}

/* The right edge of the block of l->v[at] whose left edge is left (where
 * its widest line ends): the run of lines read before and after it that
 * stay in the block (in_block), or 0 when the run tells no edge: fewer
 * than KJ_COLUMN_LINES lines, narrower than fifteen characters (a table's
 * column), or fewer than three lines ending within a character of its
 * widest one (ragged short lines). */
static float block_edge(const lines *l, size_t at, float left, float size) {
    size_t a = walk_block(l, at, -1, left, size), z = walk_block(l, at, 1, left, size) + 1;
    float edge = 0;
    int n = 0, full = 0;
    for (size_t k = a; k < z; k++)
        if (!l->v[k].furniture) edge = fmaxf(edge, l->v[k].x1), n++;
    for (size_t k = a; k < z; k++)
        full += !l->v[k].furniture && l->v[k].x1 >= edge - size;
    return n >= KJ_COLUMN_LINES && edge - left >= 15 * size && full >= 3 ? edge : 0;
}

/*
 * Whether prev wraps into cur at the right edge of the block the two stand
 * in (block_edge), short of the page's: an inset box (a message set on a
 * tint, a quotation) ends short of the text column's right edge by about
 * as much as it starts right of its left one, and a line wrapped in it
 * ends short too. A block set in further on the right than on the left
 * (a list of dates beside nothing, text beside a figure) is no box. prev
 * must start at the block's left edge (within an indent: a table's cell
 * further right does not), and cur's first word (its first character in
 * Japanese) must not fit after it: the widest line seen is where the
 * block's edge is at the least, so a word that would end within it would
 * have been set on prev's line. No kinsoku here: an item that ends a
 * character short of the edge is no rarer than a break moved by it
 * ("５．... 体制" before "イ）..."). Lines set horizontally only.
 */
static bool wraps_in_block(const lines *l, const layout *lay, const pline *prev, const pline *cur,
                           float size) {
    float left = fminf(prev->x0, cur->x0);
    if (prev->vertical || cur->vertical || prev->x0 > left + 2 * size) return false;
    float edge = block_edge(l, (size_t)(prev - l->v), left, size);
    return edge > 0 && lay->right[prev->page] - edge <= left - lay->left + 2 * size &&
           prev->x1 + first_word_width(l, cur, false) > edge + 0.1f * size;
}

/* The paragraph being gathered: its first line, and the line whose size
 * and weight it takes (head): the first, or after a list mark alone on the
 * first line (mark_alone), the entry's text beside it; the line before its
 * last (NULL while it has only one), whether its last line went on by hand
 * from it (cut_by_hand), and where the lines set before its first line on
 * that line's row end (row_before: a cell's row before it), -INFINITY when
 * none are. */
typedef struct {
    const pline *start, *head, *before;
    bool by_hand;
    float row_left;
} para_lines;

/* The right edge of the lines set before l->v[at] on its row, on its page:
 * those that end where it starts or left of it and share half its height
 * (the label of a table's row and the cells before it, the left column's
 * line beside a right column's), among the KJ_BLOCK_REACH lines read
 * before and after it; -INFINITY when there are none. */
static float row_before(const lines *l, size_t at) {
    const pline *p = &l->v[at];
    float edge = -INFINITY;
    if (p->vertical) return edge;
    size_t a = at > KJ_BLOCK_REACH ? at - KJ_BLOCK_REACH : 0;
    size_t z = l->n - at > KJ_BLOCK_REACH ? at + KJ_BLOCK_REACH + 1 : l->n;
    for (size_t k = a; k < z; k++) {
        const pline *q = &l->v[k];
        if (k == at || q->page != p->page || q->furniture || q->vertical || q->x1 > p->x0 + 1)
            continue;
        float overlap = fminf(p->y1, q->y1) - fmaxf(p->y0, q->y0);
        if (overlap > 0.5f * fminf(p->y1 - p->y0, q->y1 - q->y0)) edge = fmaxf(edge, q->x1);
    }
    return edge;
}

/* Whether line p is one kana or kanji alone: a character of Japanese set
 * spread across a cell (代　　表), whose columns of characters line up
 * from row to row as a table's do. */
static bool lone_japanese(const lines *l, const pline *p) {
    int32_t c;
    return p->nchars == 1 && kj_utf8_decode(l->pool.data + p->off, p->len, &c) && kana_kanji(c);
}

/* The widest gap that parts cells of a table's row (KJ_CELL_GAP_MIN, in
 * the row's font size, up to the 1.5 within which fragments of a line are
 * joined): MuPDF itself joins what is set closer than 0.8 of the size. */
#define KJ_CELL_GAP_MIN 0.5f

/* The first and last index of the lines read within KJ_BLOCK_REACH of
 * l->v[at], into *a and *z (one past). */
static void reach(const lines *l, size_t at, size_t *a, size_t *z) {
    *a = at > KJ_BLOCK_REACH ? at - KJ_BLOCK_REACH : 0;
    *z = l->n - at > KJ_BLOCK_REACH ? at + KJ_BLOCK_REACH + 1 : l->n;
}

/* Whether the row of cur (the lines on it within reach of it) has two
 * other gaps than the one after prev between two of its lines read one
 * after the other from left to right, as wide as gap within a tenth of a
 * character: the spaces a line is justified with are all alike, and a line
 * split at them (MuPDF splits one where a space is wider than 0.8 of its
 * size) is split so at each; the gaps between a table's cells are seldom
 * alike, but for two columns of figures as wide as each other (12,345 |
 * 1,234,567 ... 345,678 | 2,345,678). */
static bool row_gap_alike(const lines *l, const pline *prev, const pline *cur, float gap,
                          float size) {
    size_t a, z;
    reach(l, (size_t)(cur - l->v), &a, &z);
    int alike = 0;
    for (size_t i = a; i + 1 < z; i++) {
        const pline *r = &l->v[i], *next = r + 1;
        if (r == prev || r->furniture || next->furniture || !same_row(r, cur) ||
            !same_row(next, cur) || next->x0 < r->x1 - 1)
            continue;
        if (fabsf(next->x0 - r->x1 - gap) <= 0.1f * size && ++alike == 2) return true;
    }
    return false;
}

/*
 * Whether line q, on another row than prev and cur, stands in a column of
 * theirs with a gap of its row in the gap between them: it starts or ends
 * where cur does (a quarter of a character either way: a column set flush
 * left or right), and the line before it on its row ends left of cur; or
 * it starts or ends where prev does, and the line after it on its row
 * starts right of prev. tol is that quarter.
 */
static bool lines_up(const lines *l, size_t k, const pline *prev, const pline *cur, float tol) {
    const pline *q = &l->v[k];
    const pline *before = k > 0 ? q - 1 : NULL, *after = k + 1 < l->n ? q + 1 : NULL;
    if (before && (before->furniture || !same_row(before, q) || before->x1 > q->x0 + 1))
        before = NULL;
    if (after && (after->furniture || !same_row(after, q) || after->x0 < q->x1 - 1)) after = NULL;
    bool as_cur = fabsf(q->x0 - cur->x0) <= tol || fabsf(q->x1 - cur->x1) <= tol;
    bool as_prev = fabsf(q->x0 - prev->x0) <= tol || fabsf(q->x1 - prev->x1) <= tol;
    return (as_cur && before && before->x1 < cur->x0 && q->x0 > prev->x1) ||
           (as_prev && after && after->x0 > prev->x1 && q->x1 < cur->x0);
}

/*
 * Whether the gap between prev and cur, read one after the other on one
 * row less than 1.5 characters apart, parts two cells of a table rather
 * than two words of a line justified wide. A table's columns line up from
 * row to row: a line on another row near it (among the KJ_BLOCK_REACH
 * lines read before and after cur, on its page) stands in the column of
 * prev or cur with a gap of its own row in this one (lines_up). A
 * justified line's wide spaces are all alike (row_gap_alike), and where
 * one of them lines up with a gap of another row (the same words justified
 * the same way in two cells, the first words of two lines) the line is
 * still no row of cells. A lone kana or kanji on either side (text spread
 * across a cell, whose characters line up too) is no cell; nor is what is
 * closer than KJ_CELL_GAP_MIN.
 */
static bool column_gap(const lines *l, const pline *prev, const pline *cur, float size) {
    float gap = cur->x0 - prev->x1;
    if (gap < KJ_CELL_GAP_MIN * size || prev->vertical || cur->vertical || lone_japanese(l, prev) ||
        lone_japanese(l, cur))
        return false;
    size_t a, z;
    reach(l, (size_t)(cur - l->v), &a, &z);
    bool lined_up = false;
    for (size_t k = a; k < z && !lined_up; k++) {
        const pline *q = &l->v[k];
        lined_up = q->page == cur->page && !q->furniture && !q->vertical && !same_row(q, cur) &&
                   lines_up(l, k, prev, cur, 0.25f * size);
    }
    return lined_up && !row_gap_alike(l, prev, cur, gap, size);
}

/*
 * Whether prev, which ends a sentence, alone sets the right edge of its
 * MuPDF block (no other line of the block read within KJ_BLOCK_REACH of it
 * ends within a fifth of a character of it), and cur, of the same block,
 * opens an entry of its own (kj_starts_entry: a bracket, a number or a
 * letter with its mark). Then that edge says nothing of a wrap: the block
 * is only as wide as prev ("(注) …を示しています。" over "b. 受注の状況",
 * "…はありません。" over "(追加情報)"), and prev is read against
 * the page's edge as a line of another block is.
 */
static bool edge_of_its_own(const lines *l, const pline *prev, const pline *cur, float size) {
    if (!ends_sentence(l, prev) || !kj_starts_entry(l->pool.data + cur->off, cur->len))
        return false;
    size_t at = (size_t)(prev - l->v), a, z;
    reach(l, at, &a, &z);
    for (size_t k = a; k < z; k++) {
        const pline *q = &l->v[k];
        if (k != at && q->page == prev->page && q->block == prev->block && !q->furniture &&
            q->x1 >= prev->bx1 - 0.2f * size)
            return false;
    }
    return true;
}

/* How a line goes on from the one before it (continues): not at all, as
 * the layout wraps it, or cut by hand short of the edge (cut_by_hand). */
typedef enum { GOES_NOT = 0, GOES_WRAPPED, GOES_BY_HAND } goes_on;

/* Whether cur is the text of the entry whose mark stands alone on line
 * prev (mark_alone): on the same row, right of the mark by no more than a
 * tab stop (four of cur's characters), whatever its size. */
static bool text_after_mark(const lines *l, const pline *prev, const pline *cur) {
    if (!mark_alone(l, prev) || cur->vertical || cur->page != prev->page) return false;
    float overlap = fminf(prev->y1, cur->y1) - fmaxf(prev->y0, cur->y0);
    float h = fminf(prev->y1 - prev->y0, cur->y1 - cur->y0);
    return overlap > 0.5f * h && cur->x0 >= prev->x1 - 1 && cur->x0 - prev->x1 <= 4 * cur->size;
}

/* Whether the text of cur goes on from prev, a line a filing cut by hand
 * (handwrap.c): the Japanese of the two says prev broke off
 * (kj_goes_on_by_hand: prev is long and ends no sentence, and cur closes a
 * bracket prev left open, begins with what no line begins with, or prev
 * ends on a particle), or the English does (kj_latin_goes_on_by_hand: prev
 * is long and ends on a word or a comma, cur begins with a lower-case
 * word); or prev went on by hand itself from the line before it: long, it
 * may end on a katakana word that runs into a kanji one (…セキュリティ +
 * 対策を…, kj_goes_on_within_hand); shorter, set just before it, it is
 * read with that line (kj_goes_on_after_hand). */
static bool text_cut_by_hand(const lines *l, const para_lines *para, const pline *prev,
                             const pline *cur) {
    const char *s = l->pool.data;
    if (kj_goes_on_by_hand(s + prev->off, prev->len, s + cur->off, cur->len) ||
        kj_latin_goes_on_by_hand(s + prev->off, prev->len, s + cur->off, cur->len))
        return true;
    const pline *b = para->by_hand ? para->before : NULL;
    if (b && kj_goes_on_within_hand(s + prev->off, prev->len, s + cur->off, cur->len)) return true;
    return b && b->off + b->len == prev->off &&
           kj_goes_on_after_hand(s + b->off, b->len, s + prev->off, prev->len, s + cur->off,
                                 cur->len);
}

/*
 * Whether cur goes on the paragraph or list entry para, from prev, a line
 * that a filing cut by hand short of the column's edge (each printed line
 * set apart, printed as it stands), on the same page or at the top of the
 * next (a paragraph cut by hand on a page's last line goes on there as a
 * wrapped one does): in a list entry (it opens with a list mark or number,
 * starts_list) cur stands not left of the entry's mark; in a paragraph
 * prev is no heading, and cur starts where
 * prev does (under an indented first line up to two characters left of it,
 * under a first line that opens with a mark, （注） or ※, kj_starts_entry,
 * up to four right of it); and the text of the two says prev broke off
 * (text_cut_by_hand). Otherwise a line that ends short ends its paragraph
 * or entry.
 */
static bool cut_by_hand(const lines *l, const layout *lay, const para_lines *para,
                        const pline *prev, const pline *cur, float size) {
    if (starts_list(l, para->start)) {
        if (cur->x0 < para->start->x0 - 0.5f * size) return false;
    } else {
        bool first = prev == para->head;
        /* under a note's first line, its mark's width in: （注）, ※ */
        float in =
            first && kj_starts_entry(l->pool.data + prev->off, prev->len) ? 4 * size : 0.5f * size;
        float out = first ? 2 * size : 0.5f * size;
        if (set_apart_level(lay, prev, l) || cur->x0 > prev->x0 + in || cur->x0 < prev->x0 - out)
            return false;
    }
    return text_cut_by_hand(l, para, prev, cur);
}

/* Whether line cur opens a list entry after prev (starts_list), and does
 * not close a bracket that prev left open with a katakana letter (…（マク
 * then ロ）…, not an entry numbered ロ）). */
static bool opens_entry_after(const lines *l, const pline *prev, const pline *cur) {
    if (!starts_list(l, cur)) return false;
    size_t marker;
    const char *s = l->pool.data;
    if (kj_list_numbering(s + cur->off, cur->len, &marker) != KJ_NUM_KANA_CLOSED) return true;
    int open = 0;
    for (size_t i = prev->off; i < prev->off + prev->len;) {
        int32_t c;
        size_t k = kj_utf8_decode(s + i, prev->off + prev->len - i, &c);
        if (!k) break;
        open += (c == '(' || c == 0xFF08) - (c == ')' || c == 0xFF09);
        i += k;
    }
    return open <= 0;
}

/* Whether every page after page from and before page to is bare
 * (layout.bare): a paragraph cut at the foot of one page within a sentence
 * goes on at the top of the next page that has text, over a page that only
 * its running heads and number are printed on (a browser's print of a
 * filing may leave such a page). A line that ends a sentence does not go
 * on so: an entry of a list that runs to its column's edge at a page's
 * foot, over a bare page, is no paragraph with the entry that opens the
 * page after. Time linear in the pages passed over: each is passed over
 * once, for the lines are read in page order. */
static bool bare_between(const layout *lay, int from, int to) {
    if (to <= from) return false;
    for (int p = from + 1; p < to; p++)
        if (!lay->bare[p]) return false;
    return true;
}

/* The most lines one under the other that find_run gathers on either
 * side of a pair of a cell's lines. */
#define KJ_CELL_LINES 6

/* The gap between line upper and line lower right under it. */
static float gap_under(const pline *upper, const pline *lower) {
    return lower->y0 - upper->y1;
}

/* Whether lower stands right under upper in one cell of a table: on its
 * page, set across, starting where upper starts (a quarter of a character
 * either way: flush left) or up to a character and a quarter right of it
 * (a hanging indent, a centred line a little shorter), or, centred, with
 * its middle where upper's is (a quarter of a character either way: a
 * post's two lines, 代表取締役 over 会長, a column's title over its unit),
 * as large (within the 15% continues allows) and in the same weight, and
 * close: its top within a third of a line of upper's foot, and not on
 * upper's row. */
static bool under_in_cell(const pline *upper, const pline *lower, float size, bool centred) {
    float h = fminf(upper->y1 - upper->y0, lower->y1 - lower->y0), gap = gap_under(upper, lower);
    bool aligned =
        centred ? fabsf((lower->x0 + lower->x1) - (upper->x0 + upper->x1)) / 2 <= 0.25f * size
                : lower->x0 >= upper->x0 - 0.25f * size && lower->x0 <= upper->x0 + 1.25f * size;
    return lower->page == upper->page && !lower->furniture && !lower->vertical &&
           !upper->vertical && aligned && fabsf(lower->size - upper->size) <= 0.15f * size &&
           lower->bold == upper->bold && lower->italic == upper->italic && gap > -0.25f * h &&
           gap <= 0.3f * h;
}

/* The line within reach of l->v[at] (reach) right under it
 * (under_in_cell, centred or not), or over it when up is true; NULL when
 * there is none. */
static const pline *cell_neighbour(const lines *l, size_t at, bool up, float size, bool centred) {
    size_t a, z;
    reach(l, at, &a, &z);
    const pline *p = &l->v[at];
    for (size_t k = a; k < z; k++)
        if (k != at && (up ? under_in_cell(&l->v[k], p, size, centred)
                           : under_in_cell(p, &l->v[k], size, centred)))
            return &l->v[k];
    return NULL;
}

/* The lines one under the other in one column around prev and cur (cur right
 * under prev, under_in_cell), top to bottom: up to KJ_CELL_LINES over prev
 * and as many under cur. A cell's lines are among them, and may be all. */
typedef struct {
    const pline *v[2 * KJ_CELL_LINES + 2];
    size_t n, prev;    /* how many; where prev is (cur is after it) */
    bool capped_above; /* KJ_CELL_LINES found over prev: there may be more */
    bool capped_below; /* and under cur */
} cell_run;

/* Gather the run of prev and cur (cell_run) into r, its lines flush left
 * or centred one under the other (under_in_cell). */
static void find_run(const lines *l, const pline *prev, const pline *cur, float size, bool centred,
                     cell_run *r) {
    const pline *up[KJ_CELL_LINES], *q = prev;
    size_t nu = 0;
    while (nu < KJ_CELL_LINES && (q = cell_neighbour(l, (size_t)(q - l->v), true, size, centred)))
        up[nu++] = q;
    r->capped_above = nu == KJ_CELL_LINES;
    r->n = 0;
    while (nu > 0)
        r->v[r->n++] = up[--nu];
    r->prev = r->n;
    r->v[r->n++] = prev;
    r->v[r->n++] = cur;
    for (q = cur, nu = 0;
         nu < KJ_CELL_LINES && (q = cell_neighbour(l, (size_t)(q - l->v), false, size, centred));
         nu++)
        r->v[r->n++] = q;
    r->capped_below = nu == KJ_CELL_LINES;
}

/* Whether line q shares a quarter of a line or more (the lower of q's
 * height and h) of the height from top to foot. */
static bool shares_quarter(const pline *q, float top, float foot, float h) {
    float shared = fminf(q->y1, foot) - fmaxf(q->y0, top);
    return shared > 0.25f * fminf(q->y1 - q->y0, h);
}

/* The most lines beside a run (lines_beside) that wraps_in_cell weighs. */
#define KJ_CELL_BESIDE 64

/* The lines within reach of cur (reach) on its page, not of the run r,
 * that share a quarter of a line or more of its height, into beside (room
 * for KJ_CELL_BESIDE). Returns how many, or SIZE_MAX when there are more. */
static size_t lines_beside(const lines *l, const pline *cur, const cell_run *r,
                           const pline **beside) {
    float top = r->v[0]->y0, foot = r->v[r->n - 1]->y1;
    size_t a, z, n = 0;
    reach(l, (size_t)(cur - l->v), &a, &z);
    for (size_t k = a; k < z; k++) {
        const pline *q = &l->v[k];
        bool in_run = false;
        for (size_t i = 0; i < r->n && !in_run; i++)
            in_run = r->v[i] == q;
        if (in_run || q->page != cur->page || q->furniture || q->vertical ||
            !shares_quarter(q, top, foot, cur->y1 - cur->y0))
            continue;
        if (n == KJ_CELL_BESIDE) return SIZE_MAX;
        beside[n++] = q;
    }
    return n;
}

/* Whether lines r->v[i..j] are a cell's set apart from the run's lines
 * over and under them (a table's rows are parted by the cells' padding):
 * the gap over v[i] and the one under v[j] (when the run has lines there)
 * wider than every gap between them. Where the run was cut at
 * KJ_CELL_LINES nothing is known of what lies past it. */
static bool cell_bounded(const cell_run *r, size_t i, size_t j) {
    float inner = -INFINITY;
    for (const pline *const *v = r->v + i; v < r->v + j; v++)
        inner = fmaxf(inner, gap_under(v[0], v[1]));
    if (i == 0 ? r->capped_above : gap_under(r->v[i - 1], r->v[i]) <= inner) return false;
    return j == r->n - 1 ? !r->capped_below : gap_under(r->v[j], r->v[j + 1]) > inner;
}

/* Whether the lines beside (n of them) that share a quarter of a line or
 * more of the height of cell lines r->v[i..j] stand wholly left or right
 * of them with their middle where the cell's is (within a third of a
 * character), one at least right of them. */
static bool set_midway(const cell_run *r, size_t i, size_t j, const pline **beside, size_t n,
                       float size) {
    float top = r->v[i]->y0, foot = r->v[j]->y1, x0 = INFINITY, x1 = -INFINITY;
    for (size_t k = i; k <= j; k++)
        x0 = fminf(x0, r->v[k]->x0), x1 = fmaxf(x1, r->v[k]->x1);
    int right = 0;
    for (size_t k = 0; k < n; k++) {
        const pline *q = beside[k];
        if (!shares_quarter(q, top, foot, r->v[i]->y1 - r->v[i]->y0)) continue;
        if ((q->x1 > x0 && q->x0 < x1) || fabsf((q->y0 + q->y1) - (top + foot)) / 2 > size / 3)
            return false;
        right += q->x0 >= x1;
    }
    return right > 0;
}

/*
 * Whether cur, right under prev, goes on prev's text within one cell of a
 * table, the cell's text wrapped or cut by hand (<br>) onto two lines or
 * more (親会社株主に帰属する + 当期純利益, "Net income attributable" + "to
 * shareholders"). The cell's lines are some of the lines flush left one
 * under the other around the two (find_run) that hold them: set apart
 * from the others by wider gaps (cell_bounded), as a table's rows are by
 * the cells' padding, and beside them the row's other cells set in the
 * middle of their height, as a browser sets a table's cells (set_midway:
 * the row's unit or figures right of them, nothing on their rows alone).
 * A table of a row per line has its figures on each row, none between
 * two: its labels stay apart; so do a cell's lines beside a cell set on
 * their rows, or at the top or the foot of the row (no wrap is told from
 * a row of its own there).
 */
static bool wraps_in_cell(const lines *l, const pline *prev, const pline *cur, float size,
                          bool centred) {
    if (!under_in_cell(prev, cur, size, centred)) return false;
    cell_run r;
    find_run(l, prev, cur, size, centred, &r);
    const pline *beside[KJ_CELL_BESIDE];
    size_t n = lines_beside(l, cur, &r, beside);
    if (n == SIZE_MAX) return false;
    for (size_t i = 0; i <= r.prev; i++)
        for (size_t j = r.prev + 1; j < r.n; j++)
            if (cell_bounded(&r, i, j) && set_midway(&r, i, j, beside, n, size)) return true;
    return false;
}

/* How line cur goes on from prev, the last line of the paragraph para
 * (goes_on): as the layout wraps it, cut by hand, or not at all. */
static goes_on continues(const lines *l, const layout *lay, const para_lines *para,
                         const pline *prev, const pline *cur) {
    float size = cur->size > prev->size ? cur->size : prev->size;
    bool first = prev == para->head; /* prev is the paragraph's first line of text */
    if (cur->vertical != prev->vertical) return GOES_NOT;
    /* a box moved to its place on the page (a floated table) is apart from
     * the text around it there */
    if (cur->page == prev->page && cur->moved != prev->moved) return GOES_NOT;
    if (prev == para->start && text_after_mark(l, prev, cur)) return GOES_WRAPPED;
    /* a column's lead wraps from the column before as a line does */
    if ((cur->upright && !cur->lead) || prev->upright)
        return down_the_column(prev, cur) ? GOES_WRAPPED : GOES_NOT;
    if (cur->title_rest) return GOES_WRAPPED;
    if (fabsf(cur->size - prev->size) > 0.15f * size) return GOES_NOT;
    if (set_apart_level(lay, prev, l) != set_apart_level(lay, cur, l)) return GOES_NOT;
    if (opens_entry_after(l, prev, cur)) return GOES_NOT;
    bool column = false; /* at the top of the next column of the page */
    if (cur->page == prev->page) {
        float overlap = fminf(prev->y1, cur->y1) - fmaxf(prev->y0, cur->y0);
        float h = fminf(prev->y1 - prev->y0, cur->y1 - cur->y0);
        if (overlap > 0.5f * h) /* same row: a fragment of the same line, or a table */
            return cur->x0 >= prev->x1 - 1 && cur->x0 - prev->x1 < 1.5f * size &&
                           !column_gap(l, prev, cur, size)
                       ? GOES_WRAPPED
                       : GOES_NOT;
        if (cur->y0 < prev->y0) { /* moved up */
            if (!next_column(lay, prev, cur, size)) return GOES_NOT;
            column = true;
        } else {
            float lh = fmaxf(prev->y1 - prev->y0, cur->y1 - cur->y0);
            if (cur->y0 - prev->y1 > 0.8f * lh) return GOES_NOT; /* paragraph spacing */
            /* a cell of a table's row goes on only within its column, not
             * back under the cells before it on its row (…| 6 + Staff
             * trained |…): there the next row begins */
            if (cur->x0 < para->row_left - 0.1f * size) return GOES_NOT;
        }
    } else if (cur->page != prev->page + 1 &&
               (ends_sentence(l, prev) || !bare_between(lay, prev->page, cur->page))) {
        return GOES_NOT; /* over a bare page only where prev's sentence goes on */
    } else if (cur->x0 < para->row_left - 0.1f * size && !wide_column(lay, prev, size)) {
        /* a cell of a table's row at a page's foot goes on at the top of
         * the next page only within its column, as it does on its page (a
         * page set in columns goes on from the foot of its right column
         * to the top of the next page's left one) */
        return GOES_NOT;
    }
    /* a cell's lines centred one under the other (wraps_in_cell), however
     * wide each is */
    if (!column && wraps_in_cell(l, prev, cur, size, true)) return GOES_WRAPPED;
    /* an indented first line: against the line before, or at the top of a
     * column against the column's left edge */
    if (column ? cur->x0 > lay->cols[cur->col].x0 + 0.5f * size
               : !first && cur->x0 > prev->x0 + 0.5f * size)
        return GOES_NOT;
    /* the edge prev would run to if it wrapped: its column's at a column's
     * foot; within one MuPDF block the block's own; else the page's, or
     * that of an inset block short of it (wraps_in_block) */
    bool same = cur->page == prev->page && cur->block == prev->block &&
                !edge_of_its_own(l, prev, cur, size);
    float right = column ? lay->cols[prev->col].x1
                  : same ? prev->bx1
                         : (prev->vertical ? lay->foot : lay->right)[prev->page];
    if (prev->x1 + first_word_width(l, cur, !ends_sentence(l, prev)) >= right - 0.2f * size)
        return GOES_WRAPPED;
    if (column) return GOES_NOT;
    if (wraps_in_cell(l, prev, cur, size, false)) return GOES_WRAPPED;
    if (!same && wraps_in_block(l, lay, prev, cur, size)) return GOES_WRAPPED;
    return cut_by_hand(l, lay, para, prev, cur, size) ? GOES_BY_HAND : GOES_NOT;
}

/* How far behind the paragraph being gathered (or the line read, between
 * paragraphs) the paragraph rules look: block_edge walks KJ_BLOCK_REACH
 * lines back from the line before the one read, row_before as many from
 * the paragraph's first line, the rest look only at the lines of the
 * paragraph. Twice that, to spare. */
#define KJ_LINES_BEHIND (2 * KJ_BLOCK_REACH)

void kj_pdf_give_back_lines(lines *l, size_t keep, size_t *given) {
    if (keep < *given + KJ_PDF_GIVE_BACK_LINES || keep >= l->n) return;
    kj_mem_discard(l->v, keep * sizeof *l->v);
    kj_mem_discard(l->pool.data, l->v[keep].off);
    *given = keep;
}

/* The box of the lines [s, end) on the page of line s, strays and
 * furniture aside (kj_pdf_box); unknown for a line set down the page. */
static kj_pdf_box box_of(const lines *l, size_t s, size_t end) {
    const pline *p = &l->v[s];
    kj_pdf_box box = {p->x0,         p->y0,   p->x1,        p->y1,
                      p->y1 - p->y0, p->page, !p->vertical, p->outline != 0};
    for (size_t k = s + 1; k < end; k++) {
        const pline *q = &l->v[k];
        if (q->page != p->page || q->stray || q->furniture || q->vertical) continue;
        box.x0 = fminf(box.x0, q->x0), box.y0 = fminf(box.y0, q->y0);
        box.x1 = fmaxf(box.x1, q->x1), box.y1 = fmaxf(box.y1, q->y1);
    }
    return box;
}

/* Whether cur, read after prev, the last line of a paragraph being
 * gathered, is a note's mark read out of its place: a mark alone
 * (mark_alone: "(1)") set smaller than prev (a reference set small and
 * high after a table's cell) and wholly above it on its page, which a
 * browser's print shows after the page's text. It does not end the
 * paragraph, which may go on at the top of the next page; it is a
 * paragraph of its own after it (add_strays). */
static bool stray_mark(const lines *l, const pline *prev, const pline *cur) {
    return cur->page == prev->page && !prev->vertical && cur->size < 0.8f * prev->size &&
           cur->y1 <= prev->y0 && mark_alone(l, cur);
}

/* The kind of the paragraph of len bytes whose first line is p: a list
 * item when p opens one (starts_list) and the entry has text, not when it
 * is a mark alone that nothing joined (mark_alone: "(1)" after a table's
 * cell, a bullet with no text beside it), which opens no entry. */
static kj_block_kind para_kind(const lines *l, const pline *p, size_t len) {
    if (len <= p->len && mark_alone(l, p)) return KJ_BLOCK_PARAGRAPH;
    return starts_list(l, p) ? KJ_BLOCK_LIST_ITEM : KJ_BLOCK_PARAGRAPH;
}

/* Add each note's mark read out of its place (pline.stray) among lines
 * l->v[from, to) as a paragraph of its own, after the paragraph they were
 * read within: as they were read. */
static kj_status add_strays(kj_builder *b, const lines *l, size_t from, size_t to, kj_error *err) {
    kj_status st = KJ_OK;
    for (size_t k = from; k < to && st == KJ_OK; k++) {
        const pline *p = &l->v[k];
        if (p->stray)
            st = kj_builder_add(b, KJ_BLOCK_PARAGRAPH, 0, l->pool.data + p->off, p->len,
                                p->page + 1, 0, err);
    }
    return st;
}

/* What the document's lines (its furniture left out) say of the hyphens
 * its wraps cut words at (kj_hyphens_line, both passes), for joining them;
 * NULL when out of memory (joined then as kj_join_line joins). */
static kj_hyphens *hyphens_of(const lines *l) {
    kj_hyphens *h = kj_hyphens_new();
    for (int pass = 0; h && pass < 2; pass++) {
        for (size_t i = 0; i < l->n; i++)
            if (!l->v[i].furniture) kj_hyphens_line(h, l->pool.data + l->v[i].off, l->v[i].len);
        if (pass == 0 && !kj_hyphens_count_next(h)) break;
    }
    return h;
}

static kj_status build_blocks(kj_builder *b, lines *l, kj_pdf_boxes *boxes, kj_error *err) {
    layout lay = {0};
    if (!measure(l, &lay) || !kj_pdf_follow_page_order(l, lay.body)) {
        free(lay.right);
        free(lay.foot);
        free(lay.bare);
        free(lay.cols);
        return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", b->doc->path);
    }
    kj_buf para = KJ_BUF_INIT;
    kj_status st = KJ_OK;
    kj_hyphens *hy = hyphens_of(l);
    para_lines pl = {NULL, NULL, NULL, false, -INFINITY};
    const pline *prev = NULL;
    size_t given = 0;
    size_t strays = SIZE_MAX; /* the first note's mark read out of its place
                               * while the paragraph was gathered (stray_mark) */
    for (size_t i = 0; i <= l->n && st == KJ_OK; i++) {
        pline *cur = i < l->n ? &l->v[i] : NULL;
        /* the lines well behind the paragraph are blocks: their memory goes */
        size_t from = pl.start ? (size_t)(pl.start - l->v) : i;
        if (cur && from > KJ_LINES_BEHIND)
            kj_pdf_give_back_lines(l, from - KJ_LINES_BEHIND, &given);
        if (cur && cur->furniture) continue;
        if (cur && pl.start && stray_mark(l, prev, cur)) {
            cur->stray = true; /* a paragraph once the one gathered is */
            if (strays == SIZE_MAX) strays = i;
            continue;
        }
        goes_on how = cur && prev ? continues(l, &lay, &pl, prev, cur) : GOES_NOT;
        bool join = how != GOES_NOT;
        if (!join && pl.start) {
            int lvl = heading_level(&lay, pl.head, l);
            kj_block_kind k = lvl ? KJ_BLOCK_HEADING : para_kind(l, pl.start, para.len);
            size_t had = b->n;
            st = kj_builder_add(b, k, lvl == 4 ? 0 : lvl, para.data, para.len, pl.start->page + 1,
                                0, err);
            if (st == KJ_OK && b->n > had &&
                kj_pdf_boxes_set(boxes, had, box_of(l, (size_t)(pl.start - l->v), i)) != KJ_OK)
                st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", b->doc->path);
            kj_buf_reset(&para);
            pl.start = NULL;
            if (st == KJ_OK && strays != SIZE_MAX) st = add_strays(b, l, strays, i, err);
            strays = SIZE_MAX;
        }
        if (!cur) break;
        pl.before = join ? prev : NULL;
        pl.by_hand = how == GOES_BY_HAND;
        if (!pl.start) {
            pl.start = pl.head = cur;
            pl.row_left = row_before(l, i);
        } else if (prev == pl.start && text_after_mark(l, prev, cur)) {
            /* the entry's text beside its mark: bold or italic only when
             * the mark is too, as when the two share a line (add_line) */
            cur->bold = cur->bold && prev->bold;
            cur->italic = cur->italic && prev->italic;
            pl.head = cur;
        }
        /* within a vertical column, characters set upright join without a space */
        bool upright = join && (cur->upright || prev->upright);
        if ((upright ? kj_buf_append(&para, l->pool.data + cur->off, cur->len)
                     : kj_join_line_hyphens(&para, l->pool.data + cur->off, cur->len, hy)) != KJ_OK)
            st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", b->doc->path);
        prev = cur;
    }
    kj_buf_free(&para);
    kj_hyphens_free(hy);
    free(lay.right);
    free(lay.foot);
    free(lay.bare);
    free(lay.cols);
    return st;
}

/* ---- the document --------------------------------------------------------- */

bool kj_pdf_has_header(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char head[1024];
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    return n >= 5 && memmem(head, n, "%PDF-", 5) != NULL;
}

static bool has_eof_marker(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char tail[4096];
    if (fseek(f, -(long)sizeof tail, SEEK_END) != 0) rewind(f);
    size_t n = fread(tail, 1, sizeof tail, f);
    fclose(f);
    return memmem(tail, n, "%%EOF", 5) != NULL;
}

static void metadata_title(fz_context *ctx, fz_document *doc, kj_builder *b) {
    char t[512] = "";
    volatile int n = -1;
    fz_try(ctx) n = fz_lookup_metadata(ctx, doc, FZ_META_INFO_TITLE, t, sizeof t);
    fz_catch(ctx) n = -1;
    if (n > 0 && t[0] && kj_utf8_valid(t, strlen(t)))
        b->doc->title = kj_arena_strdup(b->doc->arena, t);
}

kj_status kj_pdf_start(const char *path, lines *l, fz_context **out, kj_error *err) {
    fz_alloc_context alloc = kj_pdf_allocator(&l->mem);
    fz_context *ctx = fz_new_context(&alloc, NULL, FZ_STORE_DEFAULT);
    *out = NULL;
    if (!ctx) return kj_error_set(err, KJ_ERR_NOMEM, "%s: cannot start MuPDF", path);
    fz_set_warning_callback(ctx, on_warning, l);
    fz_set_error_callback(ctx, ignore_error, NULL);
    kj_status st = KJ_OK;
    fz_try(ctx) fz_register_document_handlers(ctx);
    fz_catch(ctx) st = kj_error_set(err, KJ_ERR_INTERNAL, "%s: cannot start MuPDF", path);
    if (st == KJ_OK)
        *out = ctx;
    else
        fz_drop_context(ctx);
    return st;
}

kj_status kj_pdf_open(fz_context *ctx, const char *path, fz_document **out, int *pages, lines *l,
                      kj_error *err) {
    fz_document *volatile doc = NULL;
    fz_stream *volatile stm = NULL;
    volatile int np = 0;
    char why[256] = "";
    fz_try(ctx) {
        /* opened as a PDF whatever its name: fz_open_document picks its
         * reader by the file's extension, and a PDF named .html or .xhtml
         * was read as an HTML page of its raw bytes, one named .jpg, .svg
         * or .epub refused as corrupt (kaiji reads a file's format from
         * its first bytes, kj_detect_format) */
        stm = fz_open_file(ctx, path);
        doc = fz_open_document_with_stream(ctx, "application/pdf", stm);
        if (!(fz_needs_password(ctx, doc) && !fz_authenticate_password(ctx, doc, "")))
            np = fz_count_pages(ctx, doc);
        else
            np = -1;
    }
    fz_always(ctx) fz_drop_stream(ctx, stm); /* the document keeps its own reference */
    fz_catch(ctx) snprintf(why, sizeof why, "%s", fz_caught_message(ctx));
    fz_flush_warnings(ctx);
    if (why[0] || np < 0) fz_drop_document(ctx, doc);
    if (why[0] && l->mem.over)
        return kj_error_set(err, KJ_ERR_TOO_LARGE,
                            "%s: opening it needs more than %zu MiB of memory, more than kaiji "
                            "gives a PDF",
                            path, KJ_PDF_MEMORY_MAX >> 20);
    if (why[0])
        return kj_error_set(err, KJ_ERR_FORMAT, "%s: truncated or corrupt PDF: %s", path, why);
    if (np < 0)
        return kj_error_set(err, KJ_ERR_UNSUPPORTED, "%s: encrypted PDF (password required)", path);
    if (!has_eof_marker(path)) {
        fz_drop_document(ctx, doc);
        return kj_error_set(err, KJ_ERR_FORMAT,
                            "%s: truncated or corrupt PDF (no %%%%EOF at the end: it may have "
                            "been cut short; copy or download it again)%s%s%s",
                            path, l->warning[0] ? " [MuPDF: " : "", l->warning,
                            l->warning[0] ? "]" : "");
    }
    if (np == 0) {
        fz_drop_document(ctx, doc);
        return kj_error_set(err, KJ_ERR_FORMAT, "%s: PDF has no pages%s%s", path,
                            l->warning[0] ? ": " : "", l->warning);
    }
    /* each page is loaded by its number: a tree that lists its page objects
     * over and over (more than twice each) would have one loaded for ever */
    size_t objects = kj_pdf_page_objects(ctx, doc);
    kj_pdf_forget_objects(ctx, doc, &l->mem); /* what the walk parsed */
    if ((size_t)np / 2 > objects) {
        fz_drop_document(ctx, doc);
        return kj_error_set(err, KJ_ERR_FORMAT,
                            "%s: corrupt PDF: its page tree counts %d pages but holds only %zu "
                            "page object%s (it lists them over and over)",
                            path, np, objects, objects == 1 ? "" : "s");
    }
    *out = doc;
    *pages = np;
    return KJ_OK;
}

static kj_status read_pages(fz_context *ctx, kj_builder *b, const char *path, lines *l,
                            kj_error *err) {
    fz_document *doc = NULL;
    int np = 0;
    kj_status st = kj_pdf_open(ctx, path, &doc, &np, l, err);
    if (st != KJ_OK) return st;
    metadata_title(ctx, doc, b);
    b->doc->n_pages = np;
    l->n_pages = np;
    st = kj_pdf_pages(ctx, doc, np, path, b->max_bytes, l, collect_page, err);
    /* the fonts the pages needed are not needed for the outline, which has
     * MuPDF parse every page's object again */
    fz_empty_store(ctx);
    if (st == KJ_OK) kj_pdf_outline_read(ctx, doc, l);
    if (st == KJ_OK && l->nomem) st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    fz_drop_document(ctx, doc);
    return st;
}

/* Characters a text must have before it is judged garbled. */
#define KJ_GARBLED_MIN 20

kj_status kj_pdf_text_usable(const lines *l, const char *path, kj_error *err) {
    if (l->n == 0)
        return kj_error_set(err, KJ_ERR_FORMAT,
                            "%s: no text layer (scanned PDF?); kaiji reads the text layer only",
                            path);
    if (l->chars >= KJ_GARBLED_MIN && l->undecodable * 2 >= l->chars)
        return kj_error_set(err, KJ_ERR_FORMAT,
                            "%s: its text cannot be decoded (%zu of %zu characters have no "
                            "Unicode meaning: its fonts do not say which character each glyph "
                            "is); kaiji reads the text layer only",
                            path, l->undecodable, l->chars);
    return KJ_OK;
}

kj_status kj_read_pdf(kj_builder *b, const char *path, kj_error *err) {
    b->doc->format = KJ_FORMAT_PDF;
    if (!kj_pdf_has_header(path))
        return kj_error_set(err, KJ_ERR_FORMAT, "%s: not a PDF (no %%PDF header)", path);
    lines l = {.pool = KJ_BUF_INIT, .titles = KJ_BUF_INIT};
    fz_context *ctx = NULL;
    kj_status st = kj_pdf_start(path, &l, &ctx, err);
    if (st == KJ_OK) st = read_pages(ctx, b, path, &l, err);
    if (ctx) fz_drop_context(ctx); /* all MuPDF held: what follows reads l */
    if (st == KJ_OK) st = kj_pdf_text_usable(&l, path, err);
    if (st == KJ_OK && !mark_furniture(&l))
        st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    if (st == KJ_OK) kj_pdf_outline_mark(&l);
    kj_pdf_boxes boxes = {0};
    if (st == KJ_OK) st = build_blocks(b, &l, &boxes, err);
    if (st == KJ_OK) kj_pdf_mark_grid_rows(b, &boxes);
    kj_pdf_boxes_free(&boxes);
    kj_buf_free(&l.pool);
    kj_buf_free(&l.titles);
    free(l.marks);
    free(l.v);
    return st;
}
