/*
 * pdf_pagetree.c - the page objects a PDF's page tree holds, each counted
 * once however often the tree lists it. A tree whose every level lists the
 * next level twice counts 2^30 pages in 4 KB; MuPDF believes its counts and
 * would load the one page a billion times (65,536 of them took a second).
 * The walk visits each node once, so it ends also when the tree contains
 * itself, and it does not parse the pages of a node that counts as many
 * pages as it lists (walk_node): it reads the tree, not the pages, which
 * MuPDF parses again as it loads each (pdf_cache.c lets them go).
 */
#include "pdf_internal.h"

#include <mupdf/pdf.h>
#include <stdint.h>
#include <stdlib.h>

/* Nodes deeper than this are not walked (MuPDF's own trees are a few deep). */
#define KJ_PDF_TREE_DEPTH 64

typedef struct {
    unsigned char *seen; /* a bit for each object number */
    int n_objects;
    size_t pages;
} tree_walk;

/* Whether num is the number of an object the file can hold. */
static bool in_file(const tree_walk *w, int num) {
    return num > 0 && num < w->n_objects;
}

/* Whether object num was met before; marks it met. */
static bool met(tree_walk *w, int num) {
    if (!in_file(w, num)) return false; /* direct, or not in the file */
    unsigned char bit = (unsigned char)(1u << (num % 8));
    bool was = w->seen[num / 8] & bit;
    w->seen[num / 8] |= bit;
    return was;
}

static void walk_node(fz_context *ctx, pdf_obj *node, int depth, tree_walk *w) {
    pdf_obj *kids = pdf_dict_get(ctx, node, PDF_NAME(Kids));
    if (!pdf_is_array(ctx, kids)) {
        w->pages += pdf_is_dict(ctx, node);
        return;
    }
    if (depth >= KJ_PDF_TREE_DEPTH) return;
    int n = pdf_array_len(ctx, kids);
    /* a node that counts as many pages as it lists kids lists pages: each
     * is counted by its number, not parsed (a browser's print names a
     * hundred fonts on each page: 13 KB a page, 4,700 pages parsed in 0.3
     * s and held in 63 MB). Listed twice, a page counts once all the same;
     * a node that lies holds at most as many pages as it lists numbers. */
    bool leaves = pdf_dict_get_int(ctx, node, PDF_NAME(Count)) == n;
    for (int i = 0; i < n; i++) {
        pdf_obj *kid = pdf_array_get(ctx, kids, i);
        int num = pdf_to_num(ctx, kid);
        if (met(w, num)) continue;
        if (leaves && in_file(w, num))
            w->pages++;
        else
            walk_node(ctx, kid, depth + 1, w);
    }
}

size_t kj_pdf_page_objects(fz_context *ctx, fz_document *doc) {
    pdf_document *pdf = pdf_specifics(ctx, doc);
    if (!pdf) return SIZE_MAX;
    tree_walk w = {.n_objects = pdf_xref_len(ctx, pdf)};
    w.seen = calloc((size_t)(w.n_objects > 0 ? w.n_objects : 0) / 8 + 1, 1);
    if (!w.seen) return SIZE_MAX;
    volatile size_t pages = SIZE_MAX;
    fz_try(ctx) {
        pdf_obj *root = pdf_dict_getp(ctx, pdf_trailer(ctx, pdf), "Root/Pages");
        met(&w, pdf_to_num(ctx, root));
        walk_node(ctx, root, 0, &w);
        pages = w.pages;
    }
    fz_catch(ctx) pages = SIZE_MAX; /* MuPDF says what is wrong as it loads the pages */
    free(w.seen);                   /* set before the try and not after: defined after a throw */
    return pages;
}
