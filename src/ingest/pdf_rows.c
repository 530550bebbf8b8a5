/*
 * pdf_rows.c - a PDF's blocks set side by side in a row of short blocks: a
 * table's row the reader does not read as cells (a header row of column
 * titles, a row of a post, a name and dates). The reader notes where each
 * block stands on its page (kj_pdf_box) as it makes it; once all are made,
 * a paragraph or heading with another block beside it (on its page, at
 * its height, left or right of it), every such block short, gets a row
 * (kj_block.row, no table), so that analysis reads it as a cell of a grid
 * and not as a heading of what follows. A heading beside a column of text,
 * or a name beside its description, has a long block beside it: no row.
 * A long block set in a narrow column (a subsidiary's business, a few
 * characters a line) beside two short ones or more (its name, address and
 * capital) is a cell of the row all the same. A list item set so (a figure
 * with its note's mark, ※２ 1,200, beside its row's label) is of its row
 * too, so that the label heads it (segment.c), but passes its row to no
 * line stacked on it.
 */
#include "pdf_internal.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>

/* Characters from which a block beside another is no cell of a grid (as
 * analysis joins table cells shorter than this: segment.c's KJ_CELL_SHORT). */
#define KJ_PDF_CELL_SHORT 60

/* How many blocks either side of a block are looked at for those beside
 * it: a tall row of a table (a director's, with a line for each post held)
 * is read cell by cell, a line a block. */
#define KJ_PDF_ROW_BLOCKS 64

kj_status kj_pdf_boxes_set(kj_pdf_boxes *bx, size_t at, kj_pdf_box box) {
    if (at >= bx->cap) {
        size_t cap = bx->cap ? bx->cap : 64;
        while (cap <= at)
            cap *= 2;
        kj_pdf_box *v = realloc(bx->v, cap * sizeof *v);
        if (!v) return KJ_ERR_NOMEM;
        for (size_t k = bx->cap; k < cap; k++)
            v[k] = (kj_pdf_box){0};
        bx->v = v;
        bx->cap = cap;
    }
    bx->v[at] = box;
    if (at >= bx->n) bx->n = at + 1;
    return KJ_OK;
}

void kj_pdf_boxes_free(kj_pdf_boxes *bx) {
    free(bx->v);
    *bx = (kj_pdf_boxes){0};
}

/* Whether boxes a and b stand side by side: on one page, apart across
 * (half a point of overlap allowed), and sharing a quarter of the height
 * of the lower of their lines or more down the page. */
static bool side_by_side(const kj_pdf_box *a, const kj_pdf_box *b) {
    if (!a->known || !b->known || a->page != b->page) return false;
    if (a->x1 > b->x0 + 0.5f && b->x1 > a->x0 + 0.5f) return false;
    float shared = fminf(a->y1, b->y1) - fmaxf(a->y0, b->y0);
    return shared > 0.25f * fminf(a->line_h, b->line_h);
}

/* Whether block k may be a cell of a grid: a paragraph or heading with a
 * box, not a heading wherever it stands (own_line); or, where items is
 * true, a list item (a figure with its note's mark, ※２ 1,200, beside its
 * row's label). */
static bool may_be_cell(const kj_builder *b, const kj_pdf_boxes *bx, size_t k, bool items) {
    const kj_block *c = &b->blocks[k];
    return k < bx->n && !bx->v[k].own_line &&
           (c->kind == KJ_BLOCK_PARAGRAPH || c->kind == KJ_BLOCK_HEADING ||
            (items && c->kind == KJ_BLOCK_LIST_ITEM));
}

/* Whether block c is a cell of a grid whose row the lines stacked on it
 * share (stacked_row): a paragraph or heading with a row, no table's. A
 * list item's row is its own: the label under its figure is the next
 * row's. */
static bool passes_row(const kj_block *c) {
    return c->row && !c->table && c->kind != KJ_BLOCK_LIST_ITEM;
}

/* The blocks [*a, *z) looked at around block k for its row: up to
 * KJ_PDF_ROW_BLOCKS either side, among those with boxes and made. */
static void near_blocks(const kj_builder *b, const kj_pdf_boxes *bx, size_t k, size_t *a,
                        size_t *z) {
    *a = k > KJ_PDF_ROW_BLOCKS ? k - KJ_PDF_ROW_BLOCKS : 0;
    *z = bx->n - k > KJ_PDF_ROW_BLOCKS ? k + KJ_PDF_ROW_BLOCKS + 1 : bx->n;
    if (*z > b->n) *z = b->n;
}

/* Characters (of the height of its first line) a block is narrower than
 * when it is a cell of a table's narrow column and no column of text
 * (pdf.c's columns are fifteen characters wide or more). */
#define KJ_PDF_NARROW 15.0f

/* Short blocks a block needs beside it for a long one beside it, set in a
 * narrow column (narrow_column), not to rule its row out: a row of three
 * cells or more but the long one (a company's name, address and capital
 * beside its business). A name beside its description, or beside a long
 * text and a short remark, is no grid's cell. */
#define KJ_PDF_ROW_SHORTS 2

/* Whether box d is narrower than KJ_PDF_NARROW characters: long, it is a
 * cell set a few characters a line in a narrow column of a table (a
 * business described beside a company's name, address and capital), not a
 * column of text or a risk's description beside a heading. */
static bool narrow_column(const kj_pdf_box *d) {
    return d->x1 - d->x0 < KJ_PDF_NARROW * d->line_h;
}

/* The row of block k (kj_block.row: one more than the index of the first
 * block of its row), or 0 when it is no paragraph or heading, or nothing
 * stands beside it, or something long does: wide, or narrow (narrow_column)
 * beside fewer than KJ_PDF_ROW_SHORTS short blocks. */
static int grid_row(const kj_builder *b, const kj_pdf_boxes *bx, size_t k) {
    if (!may_be_cell(b, bx, k, true)) return 0;
    size_t a, z, first = k;
    near_blocks(b, bx, k, &a, &z);
    int shorts = 0;
    bool beside = false, narrow_long = false;
    for (size_t j = a; j < z; j++) {
        if (j == k || !side_by_side(&bx->v[k], &bx->v[j])) continue;
        const kj_block *d = &b->blocks[j];
        if (kj_utf8_count_past(d->text, d->len, KJ_PDF_CELL_SHORT) < KJ_PDF_CELL_SHORT)
            shorts++;
        else if (narrow_column(&bx->v[j]))
            narrow_long = true;
        else
            return 0;
        beside = true;
        if (j < first) first = j;
    }
    if (!beside || (narrow_long && shorts < KJ_PDF_ROW_SHORTS) || first >= (size_t)INT_MAX)
        return 0;
    return (int)first + 1;
}

/* How box lower stands under box upper in one column of a table, as a
 * cell's next line does (New York Stock Exchange over a second exchange, a
 * title's second half, a director's last post held): on one page, flush
 * left or centred on it (half a line either way), its top within 0.8 of a
 * line of upper's foot (closer than a new paragraph's). TIGHT: within 0.3
 * of a line, as a cell's own lines are; LOOSE: further, as the next row's
 * may be, or a heading set right under a table; NOT: neither. */
typedef enum { STACK_NOT, STACK_LOOSE, STACK_TIGHT } stacking;

static stacking stacked(const kj_pdf_box *upper, const kj_pdf_box *lower) {
    if (!upper->known || !lower->known || upper->page != lower->page) return STACK_NOT;
    float h = fminf(upper->line_h, lower->line_h), gap = lower->y0 - upper->y1;
    bool aligned = fabsf(lower->x0 - upper->x0) <= 0.5f * h ||
                   fabsf((lower->x0 + lower->x1) - (upper->x0 + upper->x1)) <= h;
    if (!aligned || gap <= -0.25f * h || gap > 0.8f * h) return STACK_NOT;
    return gap <= 0.3f * h ? STACK_TIGHT : STACK_LOOSE;
}

/* Whether the blocks right before and after block k, on its page, are
 * both cells of a grid (have a row): k lies inside a table. */
static bool inside_grid(const kj_builder *b, size_t k) {
    const kj_block *c = &b->blocks[k];
    if (k == 0 || k + 1 >= b->n) return false;
    const kj_block *p = &b->blocks[k - 1], *n = &b->blocks[k + 1];
    return passes_row(p) && passes_row(n) && p->page == c->page && n->page == c->page;
}

/* The row of a block with none that stands right over or under a cell of
 * a grid in its column (stacked): tight on it, or loose and inside the
 * grid (inside_grid); else 0. A cell's other line, which nothing is set
 * beside, is of the cell's row; a heading right under a table is none. */
static int stacked_row(const kj_builder *b, const kj_pdf_boxes *bx, size_t k) {
    if (!may_be_cell(b, bx, k, false)) return 0;
    stacking need = inside_grid(b, k) ? STACK_LOOSE : STACK_TIGHT;
    size_t a, z;
    near_blocks(b, bx, k, &a, &z);
    for (size_t j = a; j < z; j++) {
        if (j == k || !passes_row(&b->blocks[j])) continue;
        if (stacked(&bx->v[j], &bx->v[k]) >= need || stacked(&bx->v[k], &bx->v[j]) >= need)
            return b->blocks[j].row;
    }
    return 0;
}

/* How many times the cells of a grid pass their row on to the lines
 * stacked on them, down the blocks and up in turn: a cell of a line a
 * block passes it on a line a pass, down and up. */
#define KJ_PDF_STACK_PASSES 8

void kj_pdf_mark_grid_rows(kj_builder *b, const kj_pdf_boxes *bx) {
    size_t n = b->n < bx->n ? b->n : bx->n;
    for (size_t k = 0; k < n; k++)
        if (!b->blocks[k].table) b->blocks[k].row = grid_row(b, bx, k);
    bool more = true;
    for (int pass = 0; pass < KJ_PDF_STACK_PASSES && more; pass++) {
        more = false;
        for (size_t i = 0; i < n; i++) {
            size_t k = pass % 2 ? n - 1 - i : i;
            if (b->blocks[k].row || b->blocks[k].table) continue;
            b->blocks[k].row = stacked_row(b, bx, k);
            more = more || b->blocks[k].row;
        }
    }
}
