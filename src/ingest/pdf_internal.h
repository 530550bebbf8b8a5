/*
 * pdf_internal.h - what the PDF reader's files share: the lines read from
 * the pages (pdf.c), MuPDF's memory held to a limit (pdf_memory.c) and the
 * objects it has parsed let go between pages (pdf_cache.c), the outline's
 * titles made headings (pdf_outline.c) and the page objects of the page
 * tree counted (pdf_pagetree.c). Private to src/ingest.
 */
#ifndef KAIJI_PDF_INTERNAL_H
#define KAIJI_PDF_INTERNAL_H

#include <mupdf/fitz.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ingest_internal.h"

/* One line of a page as MuPDF's structured text gives it: 56 bytes, a
 * large PDF has hundreds of thousands. */
typedef struct {
    size_t off;   /* text in the pool */
    uint32_t len; /* its bytes (a page's text needs far less than 4 GB:
                   * MuPDF's memory is held to KJ_PDF_MEMORY_MAX) */
    float x0, y0, x1, y1, size;
    float bx1;             /* right edge of the MuPDF block holding the line */
    int page;              /* 0-based */
    int block;             /* stext block number on the page */
    int nchars;            /* its characters */
    int col;               /* its column on the page (measure_columns, pdf.c), 0 for none */
    unsigned char outline; /* heading level the PDF's outline gives the line
                            * (pdf_outline.c), or 0 */
    bool bold : 1;         /* its first character's font is bold */
    bool furniture : 1;    /* a running head, a page number: dropped */
    bool italic : 1;       /* every character of it in an italic font (a 10-K's
                            * sub-heading) */
    bool band : 1;         /* where running heads and tabs are (band_of) */
    bool vertical : 1;     /* set top to bottom (tategaki), its box turned
                            * (vertical_box) */
    bool upright : 1;      /* a few characters set across inside a vertical column
                            * (tate-chu-yoko: "12" in 12月), read as part of it */
    bool lead : 1;         /* upright at the top of its column (the 20 that starts
                            * one with 2024年): the column's first line */
    bool title_rest : 1;   /* the rest of an outline title wrapped from the line
                            * before */
    bool stray : 1;        /* a note's mark read out of its place (stray_mark,
                            * pdf.c) */
    bool moved : 1;        /* in a box MuPDF gave before the text above it, moved
                            * to its place on the page (pdf_order.c) */
} pline;
_Static_assert(sizeof(pline) <= 56, "a line's record grows the memory of every large PDF");

/* An entry of the PDF's outline (its bookmarks): a title, the page it
 * points to (0-based) and how deep it sits (0 for a chapter). */
typedef struct {
    size_t off, len; /* the title in lines.titles */
    int page, depth;
} bookmark;

/* The memory MuPDF may take for one PDF: its cache (FZ_STORE_DEFAULT,
 * 256 MB) and what reading a page needs. */
#define KJ_PDF_MEMORY_MAX ((size_t)512 << 20)

/* MuPDF's memory for one PDF, counted by the allocator kaiji gives it. */
typedef struct {
    size_t used;
    bool over;      /* an allocation was refused for the limit */
    size_t settled; /* used when the objects MuPDF had parsed were last let
                     * go (kj_pdf_forget_objects) */
    int pages;      /* pages read since then (kj_pdf_settle) */
} pdf_memory;

/* When kj_pdf_settle lets go of the objects MuPDF has parsed: its memory
 * grown by more than KJ_PDF_CACHE_SLACK since the last time, and
 * KJ_PDF_CACHE_PAGES pages read since; or grown by more than
 * KJ_PDF_CACHE_MAX whatever the pages (pdf_cache.c). */
#define KJ_PDF_CACHE_SLACK ((size_t)1 << 20)
#define KJ_PDF_CACHE_PAGES 256
#define KJ_PDF_CACHE_MAX ((size_t)64 << 20)

/* What is read of one PDF: its lines (their text in pool), its outline,
 * and what the checks after reading ask (garbled text, MuPDF's warning). */
typedef struct {
    kj_buf pool;
    pline *v;
    size_t n, cap;
    int n_pages;
    bool nomem;
    char warning[256]; /* MuPDF's first warning (why a repair happened) */
    pdf_memory mem;    /* MuPDF's memory */
    kj_buf titles;     /* the outline's titles */
    bookmark *marks;   /* the outline's entries */
    size_t n_marks, cap_marks;
    size_t chars;                /* characters read that are not spaces */
    size_t undecodable;          /* those with no meaning in Unicode (undecodable) */
    fz_store_drop_fn *font_drop; /* MuPDF's font descriptions' (pdf_type3.c) */
} lines;

/* The most Type3 fonts kj_pdf_type3_bare loads for a page: its resources
 * may name thousands that it never draws with (MuPDF loads only those it
 * draws with), each some kilobytes once loaded; past them MuPDF loads the
 * fonts the page draws with as it reads it. A browser's print names a few
 * hundred in all. */
#define KJ_T3_FONTS 1024

/* Load the Type3 fonts page names that MuPDF's store does not hold yet,
 * without drawing their glyphs, and store them (pdf_type3.c), up to
 * KJ_T3_FONTS of them. *drop is kept by the caller from page to page, NULL
 * at first. A font that cannot be loaded is left to MuPDF. */
void kj_pdf_type3_bare(fz_context *ctx, fz_page *page, fz_store_drop_fn **drop);

/* The allocator to give fz_new_context so that MuPDF's memory for one PDF
 * is counted in m and held to KJ_PDF_MEMORY_MAX (pdf_memory.c). */
fz_alloc_context kj_pdf_allocator(pdf_memory *m);

/* Drop the objects MuPDF has parsed of doc and that nothing holds but
 * its cross-reference table (the page objects of pages read), unless
 * MuPDF has repaired doc; m->settled becomes m->used and m->pages 0
 * (pdf_cache.c). */
void kj_pdf_forget_objects(fz_context *ctx, fz_document *doc, pdf_memory *m);

/* After a page is read: count it in m, and kj_pdf_forget_objects when
 * MuPDF's memory has grown enough since m->settled (KJ_PDF_CACHE_SLACK,
 * KJ_PDF_CACHE_PAGES, KJ_PDF_CACHE_MAX; pdf_cache.c). */
void kj_pdf_settle(fz_context *ctx, fz_document *doc, pdf_memory *m);

/* The entries of doc's outline (bookmarks) into l->marks and l->titles;
 * none when it has no outline or MuPDF cannot read it; l->nomem when out
 * of memory (pdf_outline.c). */
void kj_pdf_outline_read(fz_context *ctx, fz_document *doc, lines *l);

/* Give the lines that carry an outline entry's title, on the page the
 * entry points to, its heading level (pline.outline, pline.title_rest). */
void kj_pdf_outline_mark(lines *l);

/* The page objects doc's page tree holds, each counted once however often
 * the tree lists it (a node met again is not walked again, so a tree that
 * contains itself ends); SIZE_MAX when doc is not a PDF or MuPDF cannot
 * read the tree (pdf_pagetree.c). */
size_t kj_pdf_page_objects(fz_context *ctx, fz_document *doc);

/* Whether MuPDF gave c for a glyph whose font says nothing of its meaning
 * (no ToUnicode map, glyph names of its own): U+FFFD, a private-use code
 * point, or a control character (pdf.c). */
bool kj_pdf_undecodable(int c);

/* Whether the file at path starts (in its first KiB) with "%PDF-". */
bool kj_pdf_has_header(const char *path);

/* A MuPDF context for reading path: its memory counted in l->mem and held
 * to KJ_PDF_MEMORY_MAX, its first warning kept in l->warning, the document
 * handlers registered. *out is the caller's to fz_drop_context (pdf.c). */
kj_status kj_pdf_start(const char *path, lines *l, fz_context **out, kj_error *err);

/* Open the PDF at path and check it can be read: not encrypted, not cut
 * short, with pages, and a page tree that does not list its pages over and
 * over. *out is the caller's to fz_drop_document, *pages its page count
 * (pdf.c). */
kj_status kj_pdf_open(fz_context *ctx, const char *path, fz_document **out, int *pages, lines *l,
                      kj_error *err);

/* What a reader does with one page's structured text (sp; page 0-based,
 * r its bounds): keep what it needs in l, set l->nomem when out of memory. */
typedef void (*kj_pdf_page_fn)(fz_context *ctx, lines *l, fz_stext_page *sp, int page, fz_rect r);

/* Give the np pages of doc to fn one at a time, each loaded and dropped
 * in turn, and what MuPDF parsed for them let go now and then
 * (kj_pdf_settle). Fails naming path and the page when MuPDF cannot read
 * one or it needs too much memory, and when l->pool outgrows max_bytes
 * (pdf.c). */
kj_status kj_pdf_pages(fz_context *ctx, fz_document *doc, int np, const char *path,
                       size_t max_bytes, lines *l, kj_pdf_page_fn fn, kj_error *err);

/* The lines kj_pdf_give_back_lines gives back at once, at the least (a
 * megabyte or so of their boxes and text). */
#define KJ_PDF_GIVE_BACK_LINES 8192

/* Give the memory of the lines of l before line keep, their boxes and
 * their text, back to the system (kj_mem_discard: they read as zero from
 * then on), when that is KJ_PDF_GIVE_BACK_LINES lines or more past *given,
 * the line before which they were last given back (0 at first), and keep
 * is a line of l; *given becomes keep. For lines made into blocks, while
 * the blocks that hold their text grow (pdf.c). */
void kj_pdf_give_back_lines(lines *l, size_t keep, size_t *given);

/* Put each page's lines of l in the order the page sets its blocks, where
 * MuPDF gives a block before one that lies above it in its column (a
 * browser's print of a floated table, painted before the text above it),
 * the lines moved marked so (pline.moved); body is the size of the
 * document's body text. The lines' text in l->pool moves with them.
 * Returns false when out of memory (pdf_order.c). */
bool kj_pdf_follow_page_order(lines *l, float body);

/* Where a block of a PDF stands on its page (pdf_rows.c): the box of its
 * lines on the page of its first, and the height of that first line. */
typedef struct {
    float x0, y0, x1, y1, line_h;
    int page;
    bool known;    /* set; a block with no box (a note's mark read out of its
                    * place) stands beside nothing */
    bool own_line; /* a heading wherever it stands (an outline's title) */
} kj_pdf_box;

/* The boxes of a document's blocks, by the block's index. */
typedef struct {
    kj_pdf_box *v;
    size_t n, cap;
} kj_pdf_boxes;

/* Note box as that of block at (the boxes between unknown). Returns
 * KJ_ERR_NOMEM when out of memory. */
kj_status kj_pdf_boxes_set(kj_pdf_boxes *bx, size_t at, kj_pdf_box box);

/* Free the boxes; bx is empty after. */
void kj_pdf_boxes_free(kj_pdf_boxes *bx);

/* Give each paragraph, heading or list item of b set side by side with
 * other blocks on its page (by the boxes bx), all of them short, or short
 * but for long ones set in a narrow column beside two short ones or more,
 * the row it stands in (kj_block.row: one more than the index of the
 * first block of the row), a table's row read as lines, and a paragraph
 * or heading stacked on a paragraph's or heading's row in its column that
 * row; 0 to the others. */
void kj_pdf_mark_grid_rows(kj_builder *b, const kj_pdf_boxes *bx);

/* Whether the text read can be analysed: an error naming path when no
 * line holds any (l->n is 0: a scan) or half of its characters or more
 * have no meaning in Unicode (pdf.c). */
kj_status kj_pdf_text_usable(const lines *l, const char *path, kj_error *err);
#endif
