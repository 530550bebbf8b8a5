/*
 * pdf_cache.c - what MuPDF keeps of a PDF between pages, and when kaiji
 * has it let go. MuPDF keeps each object it parses in the document's
 * cross-reference table for the document's life: read page by page, a PDF
 * ends up held whole, every page's object with it. A browser's print names
 * each page's resources on the page (a hundred fonts on each page of a
 * Japanese one): 13 KB a page, 63 MB for 4,700 pages of 21 MB of text.
 * The objects nothing else holds are dropped (pdf_clear_xref) once MuPDF's
 * memory has grown by KJ_PDF_CACHE_SLACK over KJ_PDF_CACHE_PAGES pages or
 * more, or by KJ_PDF_CACHE_MAX at once. Not after each page: a page parses
 * again each object it needs that was dropped, and the dictionaries of the
 * fonts it names are among them (the fonts themselves stay in MuPDF's
 * store): 8 to 30 ms for a hundred fonts. Dropped after every page, the
 * print above took six times as long; a 75-page filing 7% more work when
 * dropped each time MuPDF's memory grew by 4 MB as it loaded its fonts.
 */
#include "pdf_internal.h"

#include <mupdf/pdf.h>

/* Drop the objects of doc's cross-reference table that nothing but the
 * table holds. Not in a PDF MuPDF has repaired: repairing sets the right
 * /Length in the objects it has parsed, which parsing them again would
 * lose. */
void kj_pdf_forget_objects(fz_context *ctx, fz_document *doc, pdf_memory *m) {
    pdf_document *pdf = pdf_specifics(ctx, doc);
    if (pdf && !pdf_was_repaired(ctx, pdf)) pdf_clear_xref(ctx, pdf);
    m->settled = m->used;
    m->pages = 0;
}

void kj_pdf_settle(fz_context *ctx, fz_document *doc, pdf_memory *m) {
    size_t grown = m->used > m->settled ? m->used - m->settled : 0;
    m->pages++;
    if ((grown > KJ_PDF_CACHE_SLACK && m->pages >= KJ_PDF_CACHE_PAGES) || grown > KJ_PDF_CACHE_MAX)
        kj_pdf_forget_objects(ctx, doc, m);
}
