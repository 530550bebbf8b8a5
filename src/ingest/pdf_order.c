/*
 * pdf_order.c - a page's blocks read in the order the page sets them, where
 * MuPDF gives a table before the text set above it. A browser paints a
 * floated box before the text around it (CSS's order of painting: floats
 * before the inline content of the normal flow), and an EDINET filing
 * floats its tables: printed from HTML, a page's content stream holds the
 * cells of a table first, then the heading and the paragraph set above it,
 * and MuPDF's structured text follows the stream. Read so, a table came
 * before the paragraph that introduces it.
 *
 * A block is out of its place when a block MuPDF gives after it lies wholly
 * above it in the same column (the two share some width): text is read
 * down a column, and a block that comes before a higher one in the same
 * column was painted out of turn. The blocks given after it are out of
 * their place with it up to the first that lies above them all or above
 * one of them in its column (there the text painted in its place begins),
 * and so are those given just before it that lie below that text and
 * share some of their width (a table's head, where the text above is
 * narrower than the table's body). Such blocks are one box (a table's
 * cells), unless a block read in its place lies between two of them (two
 * tables with a paragraph between them). A box goes before the first block
 * read in its place that lies below it and shares some of its width, else
 * after the last that lies above it so; failing both, it stays where it
 * was read. Its blocks keep the order MuPDF gives them, and so do all
 * others. A column to the right starts higher than the foot of the one
 * before it but shares none of its width, so pages set in columns keep
 * their order.
 *
 * Only blocks with a line of the body's size or near it count
 * (KJ_ORDER_SIZE): a note's mark set small above the text and read last
 * (stray_mark, pdf.c) moves nothing. Running heads and page numbers are
 * left out of the blocks' boxes; pages with vertical text, and pages of
 * more than KJ_ORDER_BLOCKS blocks (each is compared with each other), are
 * read as MuPDF gives them.
 *
 * The lines and their text in l->pool are both put in the new order, so
 * that a line's text still follows the text of the line before it in the
 * pool (kj_pdf_give_back_lines gives back the pool up to a line's text).
 */
#include "pdf_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The most MuPDF blocks a page may have for its order to be looked at. */
#define KJ_ORDER_BLOCKS 1024

/* The size, against the body's, of a line that counts in a block's place:
 * a note's mark set small (0.6 of the body) does not. */
#define KJ_ORDER_SIZE 0.7f

/* Where text lies on a page: its left, top, right and bottom edges. */
typedef struct {
    float x0, y0, x1, y1;
} box;

/* A run of a page's lines from one MuPDF block: its first line and how
 * many, the box of those that are not furniture, whether it counts (a line
 * of KJ_ORDER_SIZE or more), whether it is out of its place, and then the
 * first run of its box (group); for that first run, the run the box goes
 * before (before true) or after (at; -1: it stays where it was read). */
typedef struct {
    size_t first, n;
    box b;
    bool counts, out, before;
    int group, at;
} run;

/* How much of their width a and b share (negative: none). */
static float shared_width(box a, box b) {
    return fminf(a.x1, b.x1) - fmaxf(a.x0, b.x0);
}

/* Whether upper lies wholly above lower: its foot at lower's top, within
 * a quarter of the body's size. */
static bool above(box upper, box lower, float body) {
    return upper.y1 <= lower.y0 + 0.25f * body;
}

/* Whether b lies wholly above a in a's column: the two share some width. */
static bool above_in_column(box a, box b, float body) {
    return above(b, a, body) && shared_width(a, b) > 0;
}

/* The box that holds a and b. */
static box join(box a, box b) {
    return (box){fminf(a.x0, b.x0), fminf(a.y0, b.y0), fmaxf(a.x1, b.x1), fmaxf(a.y1, b.y1)};
}

/* The runs of page lines l->v[a, z) into r (room for KJ_ORDER_BLOCKS),
 * their count into *m. Returns false when the page has vertical lines or
 * more than KJ_ORDER_BLOCKS runs: its order is left alone. */
static bool page_runs(const lines *l, size_t a, size_t z, float body, run *r, size_t *m) {
    size_t n = 0;
    for (size_t i = a; i < z; i++) {
        const pline *p = &l->v[i];
        if (p->vertical) return false;
        if (i == a || p->block != l->v[i - 1].block) {
            if (n == KJ_ORDER_BLOCKS) return false;
            r[n++] = (run){i,  0, {INFINITY, INFINITY, -INFINITY, -INFINITY}, false, false, false,
                           -1, -1};
        }
        run *c = &r[n - 1];
        c->n++;
        if (p->furniture) continue;
        c->b = join(c->b, (box){p->x0, p->y0, p->x1, p->y1});
        c->counts = c->counts || p->size >= KJ_ORDER_SIZE * body;
    }
    *m = n;
    return true;
}

/* Whether a run of r[0, m) read in its place lies between runs a and b
 * (one wholly above it, the other wholly below) and shares some of the
 * width of g. */
static bool text_between(const run *r, size_t m, const run *a, const run *b, box g, float body) {
    const run *upper = a->b.y0 <= b->b.y0 ? a : b, *lower = upper == a ? b : a;
    for (size_t k = 0; k < m; k++)
        if (r[k].counts && !r[k].out && above(upper->b, r[k].b, body) &&
            above(r[k].b, lower->b, body) && shared_width(r[k].b, g) > 0)
            return true;
    return false;
}

/* Where the box g of runs out of their place, whose first run is r[i], goes (r[i].at, .before):
 * before the first run read in its place below it that shares some of its
 * width, else after the last one above it so. */
static void place_box(run *r, size_t m, size_t i, box g, float body) {
    for (size_t k = 0; k < m; k++) {
        if (r[k].counts && !r[k].out && above(g, r[k].b, body) && shared_width(r[k].b, g) > 0) {
            r[i].at = (int)k, r[i].before = true;
            return;
        }
    }
    for (size_t k = m; k-- > 0;) {
        if (r[k].counts && !r[k].out && above(r[k].b, g, body) && shared_width(r[k].b, g) > 0) {
            r[i].at = (int)k, r[i].before = false;
            return;
        }
    }
}

/* The first run MuPDF gives after r[i] that lies wholly above it in its
 * column, both counting (r[i] is out of its place); -1 when there is none. */
static int first_above(const run *r, size_t m, size_t i, float body) {
    for (size_t j = i + 1; j < m && r[i].counts; j++)
        if (r[j].counts && above_in_column(r[i].b, r[j].b, body)) return (int)j;
    return -1;
}

/* Whether r[k] lies wholly above the runs r[from, to), whose box is g, or
 * above one of them in its column. */
static bool above_any(const run *r, size_t from, size_t to, box g, size_t k, float body) {
    if (above(r[k].b, g, body)) return true;
    for (size_t i = from; i < to; i++)
        if (above_in_column(r[i].b, r[k].b, body)) return true;
    return false;
}

/* Gather the runs r[from, to), out of their place, into boxes, split where
 * a run read in its place lies between two of them (text_between), and
 * place each box (place_box). Returns whether any box moves. */
static bool place_boxes(run *r, size_t m, size_t from, size_t to, float body) {
    bool moved = false;
    for (size_t i = from, z; i < to; i = z) {
        box g = r[i].b;
        r[i].group = (int)i;
        for (z = i + 1; z < to && !text_between(r, m, &r[z - 1], &r[z], join(g, r[z].b), body);
             z++) {
            g = join(g, r[z].b);
            r[z].group = (int)i;
        }
        place_box(r, m, i, g, body);
        moved = moved || r[i].at >= 0;
    }
    return moved;
}

/* Find the runs of r[0, m) out of their place: from one read before a run
 * above it (first_above) forward up to the first run that lies above them
 * all or above one of them in its column (where the text painted in its
 * place begins), and back over the runs given before it that lie below
 * that run above it and share some of their width (a table's head, when
 * the text above is narrower than its body); gather them into boxes and
 * place each (place_boxes). end has room for 2 m: the first run of each
 * stretch of them and the run after its last. Returns whether any box
 * moves. */
static bool place_runs(run *r, size_t m, float body, size_t *end) {
    size_t stretches = 0;
    for (size_t i = 0, z; i < m; i = z) {
        z = i + 1;
        int w = first_above(r, m, i, body);
        if (w < 0) continue;
        box g = r[i].b;
        for (; z < m && !above_any(r, i, z, g, z, body); z++)
            g = join(g, r[z].b);
        size_t a = i;
        for (; a > 0 && !r[a - 1].out && above(r[w].b, r[a - 1].b, body) &&
               shared_width(r[a - 1].b, g) > 0;
             a--)
            g = join(g, r[a - 1].b);
        for (size_t k = a; k < z; k++)
            r[k].out = true;
        end[stretches++] = a, end[stretches++] = z;
    }
    bool moved = false;
    for (size_t k = 0; k < stretches; k += 2)
        moved = place_boxes(r, m, end[k], end[k + 1], body) || moved;
    return moved;
}

/* Append the lines of run c to v at *at, marked moved or not, and their
 * text to text at *off. */
static void put_run(const lines *l, const run *c, bool moved, pline *v, size_t *at, char *text,
                    size_t *off) {
    for (size_t i = c->first; i < c->first + c->n; i++) {
        pline p = l->v[i];
        p.moved = moved;
        memcpy(text + *off, l->pool.data + p.off, p.len);
        p.off = *off;
        *off += p.len;
        v[(*at)++] = p;
    }
}

/* Append the runs of the box of r whose first run is r[i]. */
static void put_box(const lines *l, const run *r, size_t m, size_t i, pline *v, size_t *at,
                    char *text, size_t *off) {
    for (size_t k = i; k < m && r[k].group == (int)i; k++)
        put_run(l, &r[k], true, v, at, text, off);
}

/* Append the boxes of r placed before (before true) or after run i. */
static void put_boxes(const lines *l, const run *r, size_t m, size_t i, bool before, pline *v,
                      size_t *at, char *text, size_t *off) {
    for (size_t k = 0; k < m; k++)
        if (r[k].at == (int)i && r[k].before == before) put_box(l, r, m, k, v, at, text, off);
}

/* Put page lines l->v[a, z) and their text in the order r (m runs, placed
 * by place_runs) gives them; not when their text does not follow each other
 * in the pool, one line's after the line's before it (add_line writes it
 * so). Returns false when out of memory. */
static bool reorder(lines *l, size_t a, size_t z, const run *r, size_t m) {
    size_t base = l->v[a].off, bytes = 0;
    for (size_t i = a; i < z; i++) {
        if (l->v[i].off != base + bytes) return true; /* its text is not whole between its lines */
        bytes += l->v[i].len;
    }
    pline *v = malloc((z - a) * sizeof *v);
    char *text = malloc(bytes ? bytes : 1);
    if (!v || !text) {
        free(v);
        free(text);
        return false;
    }
    size_t at = 0, off = 0;
    for (size_t i = 0; i < m; i++) {
        if (r[i].out && r[r[i].group].at >= 0) continue; /* its box moves */
        put_boxes(l, r, m, i, true, v, &at, text, &off);
        put_run(l, &r[i], false, v, &at, text, &off);
        put_boxes(l, r, m, i, false, v, &at, text, &off);
    }
    for (size_t i = 0; i < at; i++)
        v[i].off += base;
    memcpy(l->v + a, v, at * sizeof *v);
    memcpy(l->pool.data + base, text, bytes);
    free(v);
    free(text);
    return true;
}

bool kj_pdf_follow_page_order(lines *l, float body) {
    run *r = malloc(KJ_ORDER_BLOCKS * sizeof *r);
    size_t *ends = malloc(2 * KJ_ORDER_BLOCKS * sizeof *ends);
    bool ok = r && ends;
    for (size_t a = 0, z; a < l->n && ok; a = z) {
        for (z = a; z < l->n && l->v[z].page == l->v[a].page; z++)
            ;
        size_t m = 0;
        if (page_runs(l, a, z, body, r, &m) && place_runs(r, m, body, ends))
            ok = reorder(l, a, z, r, m);
    }
    free(r);
    free(ends);
    return ok;
}
