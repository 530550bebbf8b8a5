/*
 * pdf_memory.c - the allocator kaiji gives MuPDF for one PDF: it counts
 * what MuPDF holds and refuses more than KJ_PDF_MEMORY_MAX, so that a small
 * PDF built to need gigabytes (a page showing a string of 200 million
 * characters, a glyph kept for each) is an error, not a machine out of
 * memory. MuPDF first empties its cache of decoded objects and asks again.
 */
#include "pdf_internal.h"

#include <stdlib.h>

/* Each block MuPDF gets has its size before it, kept aligned. */
typedef union {
    size_t size;
    max_align_t align;
} mem_head;

static void *mem_malloc(void *user, size_t size) {
    pdf_memory *m = user;
    if (size > KJ_PDF_MEMORY_MAX - m->used) {
        m->over = true; /* MuPDF empties its cache and asks again, or throws */
        return NULL;
    }
    mem_head *h = malloc(sizeof *h + size);
    if (!h) return NULL;
    h->size = size;
    m->used += size;
    return h + 1;
}

static void mem_free(void *user, void *p) {
    pdf_memory *m = user;
    if (!p) return;
    mem_head *h = (mem_head *)p - 1;
    m->used -= h->size;
    free(h);
}

static void *mem_realloc(void *user, void *p, size_t size) {
    pdf_memory *m = user;
    if (!p) return mem_malloc(user, size);
    if (!size) {
        mem_free(user, p);
        return NULL;
    }
    mem_head *h = (mem_head *)p - 1;
    size_t old = h->size;
    if (size > old && size - old > KJ_PDF_MEMORY_MAX - m->used) {
        m->over = true;
        return NULL;
    }
    mem_head *n = realloc(h, sizeof *n + size);
    if (!n) return NULL;
    n->size = size;
    m->used = m->used - old + size;
    return n + 1;
}

fz_alloc_context kj_pdf_allocator(pdf_memory *m) {
    return (fz_alloc_context){m, mem_malloc, mem_realloc, mem_free};
}
