/*
 * pdf_outline.c - a PDF's outline (its bookmarks) as headings: a line that
 * carries an entry's title on the page the entry points to is a heading
 * at the entry's depth. Designed reports set their titles in the body's
 * font and size, which tells the paragraph rules of pdf.c nothing; the
 * outline does. A title wrapped over two lines is one heading.
 */
#include "pdf_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* At most this many outline entries are looked at, at most this deep; at
 * most this many characters are compared with their titles, about a
 * second's work (a hostile outline of many entries on a page of many
 * lines that nearly carry them marks what it can by then). */
#define KJ_OUTLINE_MAX 20000
#define KJ_OUTLINE_DEPTH 8
#define KJ_OUTLINE_WORK ((size_t)1 << 25)

/* The 0-based page an outline entry's link points to, or -1 (a link out of
 * the document, or one MuPDF cannot resolve). */
static int link_page(fz_context *ctx, fz_document *doc, const char *uri) {
    volatile int page = -1;
    if (!uri) return -1;
    fz_try(ctx) {
        float x, y;
        if (!fz_is_external_link(ctx, uri))
            page = fz_page_number_from_location(ctx, doc, fz_resolve_link(ctx, doc, uri, &x, &y));
    }
    fz_catch(ctx) page = -1;
    return page;
}

static void add_bookmark(lines *l, const char *title, int page, int depth) {
    size_t len = title ? strlen(title) : 0;
    if (page < 0 || page >= l->n_pages || len == 0 || len > 512) return;
    bookmark *v = kj_grow(l->marks, l->n_marks, &l->cap_marks, sizeof *v, 64);
    if (!v) {
        l->nomem = true;
        return;
    }
    l->marks = v;
    size_t off = l->titles.len;
    if (kj_buf_append(&l->titles, title, len) != KJ_OK) {
        l->nomem = true;
        return;
    }
    l->marks[l->n_marks++] = (bookmark){off, len, page, depth};
}

/* The entries from the iterator's place on its level, and those below
 * them, into l->marks; *seen counts the entries looked at. MuPDF's
 * iterator, not the tree fz_load_outline builds: that leaks the entries
 * it had made when an entry further on fails. */
static void walk_outline(fz_context *ctx, fz_document *doc, lines *l, fz_outline_iterator *it,
                         int depth, size_t *seen) {
    do {
        fz_outline_item *item = fz_outline_iterator_item(ctx, it);
        if (!item) return;
        ++*seen;
        add_bookmark(l, item->title, link_page(ctx, doc, item->uri), depth);
        if (depth + 1 >= KJ_OUTLINE_DEPTH) continue;
        int down = fz_outline_iterator_down(ctx, it);
        if (down == 0) walk_outline(ctx, doc, l, it, depth + 1, seen);
        if (down >= 0) fz_outline_iterator_up(ctx, it);
    } while (*seen < KJ_OUTLINE_MAX && !l->nomem && fz_outline_iterator_next(ctx, it) == 0);
}

/* The outline's entries into l->marks; a PDF without one, or whose
 * outline MuPDF cannot read, has none (its pages are read all the same). */
void kj_pdf_outline_read(fz_context *ctx, fz_document *doc, lines *l) {
    fz_outline_iterator *volatile it = NULL;
    size_t seen = 0;
    fz_try(ctx) {
        it = fz_new_outline_iterator(ctx, doc);
        if (it) walk_outline(ctx, doc, l, it, 0, &seen);
    }
    fz_always(ctx) fz_drop_outline_iterator(ctx, it);
    fz_catch(ctx) l->n_marks = 0;
}

/* Code points one source character folds to, at most. */
#define KJ_FOLD_MAX 18

/* A UTF-8 text read as the code points it folds to (compatibility
 * decomposition and case folding), white space left out: a title and its
 * line can differ in what the eye does not see, the line's Kangxi radical
 * (U+2F3F) for the title's 手, a full-width １ for 1, an ideographic space. */
typedef struct {
    const uint8_t *s;
    size_t n, i;
    utf8proc_int32_t cp[KJ_FOLD_MAX];
    utf8proc_ssize_t len, at;
} folded;

static folded folded_of(const char *s, size_t n) {
    return (folded){(const uint8_t *)s, n, 0, {0}, 0, 0};
}

/* The next code point of r's folded text, or -1 at its end. A byte that
 * does not begin a character is itself (it matches only its twin). */
static utf8proc_int32_t folded_next(folded *r) {
    for (;;) {
        while (r->at < r->len) {
            utf8proc_int32_t c = r->cp[r->at++];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return c;
        }
        if (r->i >= r->n) return -1;
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(r->s + r->i, (utf8proc_ssize_t)(r->n - r->i), &c);
        if (k <= 0) {
            c = 0x110000 + r->s[r->i]; /* no code point's twin */
            k = 1;
        }
        r->i += (size_t)k;
        int last = 0;
        r->len = c > 0x10FFFF
                     ? -1
                     : utf8proc_decompose_char(
                           c, r->cp, KJ_FOLD_MAX,
                           UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD, &last);
        if (r->len < 0 || r->len > KJ_FOLD_MAX) {
            r->cp[0] = c;
            r->len = 1;
        }
        r->at = 0;
    }
}

/* How the text of line p stands to title t, folded (folded_next): 1 the
 * same, 2 the first part of it (a title wrapped over lines), else 0.
 * *work counts the characters compared. */
static int title_match(const char *p, size_t pn, const char *t, size_t tn, size_t *work) {
    folded a = folded_of(p, pn), b = folded_of(t, tn);
    for (size_t same = 0;; same++) {
        ++*work;
        utf8proc_int32_t x = folded_next(&a), y = folded_next(&b);
        if (x < 0) return y < 0 ? 1 : same > 0 ? 2 : 0;
        if (x != y) return 0;
    }
}

/* Whether title t (tn bytes) is the text of line p followed by that of q. */
static bool wraps_into(const lines *l, const pline *p, const pline *q, const char *t, size_t tn,
                       size_t *work) {
    char both[1100];
    if (p->len + q->len >= sizeof both) return false;
    memcpy(both, l->pool.data + p->off, p->len);
    memcpy(both + p->len, l->pool.data + q->off, q->len);
    return title_match(both, p->len + q->len, t, tn, work) == 1;
}

/* The first line of page in l->v (lines are kept in page order), or l->n. */
static size_t first_of_page(const lines *l, int page) {
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (l->v[mid].page < page)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/*
 * Give the lines that carry an outline entry's title, on the page it
 * points to, the entry's heading level (1 for a chapter, 2 below it, 3
 * deeper): designed reports set their titles in the body's font and size,
 * which tells the paragraphs nothing. A title wrapped over two lines marks
 * both. Lines already dropped as furniture stay dropped.
 */
void kj_pdf_outline_mark(lines *l) {
    size_t work = 0;
    for (size_t k = 0; k < l->n_marks && work < KJ_OUTLINE_WORK; k++) {
        const bookmark *m = &l->marks[k];
        const char *t = l->titles.data + m->off;
        int level = m->depth < 2 ? m->depth + 1 : 3;
        for (size_t i = first_of_page(l, m->page); i < l->n && l->v[i].page == m->page; i++) {
            pline *p = &l->v[i];
            if (p->furniture || p->outline) continue;
            if (work >= KJ_OUTLINE_WORK) break;
            int r = title_match(l->pool.data + p->off, p->len, t, m->len, &work);
            pline *q = i + 1 < l->n && l->v[i + 1].page == m->page ? &l->v[i + 1] : NULL;
            if (r == 2 && q && !q->furniture && wraps_into(l, p, q, t, m->len, &work)) {
                p->outline = q->outline = level;
                q->title_rest = true;
                break;
            }
            if (r == 1) {
                p->outline = level;
                break;
            }
        }
    }
}
