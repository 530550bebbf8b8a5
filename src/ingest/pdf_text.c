/*
 * pdf_text.c - a PDF's text layer as MuPDF sets it out, line by line, for
 * readers that parse a document's own layout rather than its paragraphs.
 * The guide importer (`kaiji cases import`) finds a worked example by its
 * header line, its commentary by an indent, and a footnote by the line of
 * spaces above it; the paragraph reader (pdf.c) folds all of these away,
 * as analysis wants. Here each line keeps its spaces (and gets one when it
 * is set in from its block's left edge without any: placed_indent), a
 * blank line follows each block, and nothing is dropped or joined.
 * Opening, page by page reading, memory limits and the checks of the text
 * are pdf.c's.
 */
#include "pdf_internal.h"

#include <stdlib.h>
#include <string.h>

static bool is_blank_cp(int c) {
    return c == ' ' || c == '\t' || c == 0xA0 || c == 0x3000;
}

static void put(lines *l, const char *s, size_t n) {
    if (!l->nomem && kj_buf_append(&l->pool, s, n) != KJ_OK) l->nomem = true;
}

/* Whether line ln, set across, starts half a character or more right of
 * its block's left edge without a space character: an indent made by
 * placing the text, which a text file shows with spaces. */
static bool placed_indent(const fz_stext_block *b, const fz_stext_line *ln) {
    const fz_stext_char *c = ln->first_char;
    return c && ln->wmode == 0 && ln->dir.x > 0.99f && !is_blank_cp(c->c) &&
           ln->bbox.x0 - b->bbox.x0 >= 0.5f * c->size;
}

/* Append the lines of one page to l->pool (a kj_pdf_page_fn); l->n counts
 * the lines that hold more than white space. */
static void layer_page(fz_context *ctx, lines *l, fz_stext_page *sp, int page, fz_rect r) {
    (void)ctx, (void)page, (void)r;
    for (fz_stext_block *b = sp->first_block; b && !l->nomem; b = b->next) {
        if (b->type != FZ_STEXT_BLOCK_TEXT) continue;
        for (fz_stext_line *ln = b->u.t.first_line; ln; ln = ln->next) {
            bool text = false;
            if (placed_indent(b, ln)) put(l, " ", 1);
            for (fz_stext_char *ch = ln->first_char; ch; ch = ch->next) {
                int c = ch->c == '\n' || ch->c == '\r' ? ' ' : ch->c;
                if (c <= 0 || c >= 0x110000) c = 0xFFFD;
                if (!is_blank_cp(c)) {
                    text = true;
                    l->chars++;
                    l->undecodable += kj_pdf_undecodable(c);
                }
                char u[8];
                put(l, u, kj_utf8_encode(c, u));
            }
            l->n += text;
            put(l, "\n", 1);
        }
        put(l, "\n", 1);
    }
}

kj_status kj_pdf_text_layer(const char *path, size_t max_bytes, char **out, size_t *len,
                            kj_error *err) {
    *out = NULL;
    *len = 0;
    if (!kj_pdf_has_header(path))
        return kj_error_set(err, KJ_ERR_FORMAT, "%s: not a PDF (no %%PDF header)", path);
    lines l = {.pool = KJ_BUF_INIT, .titles = KJ_BUF_INIT};
    fz_context *ctx = NULL;
    fz_document *doc = NULL;
    int np = 0;
    kj_status st = kj_pdf_start(path, &l, &ctx, err);
    if (st == KJ_OK) st = kj_pdf_open(ctx, path, &doc, &np, &l, err);
    if (st == KJ_OK) {
        st = kj_pdf_pages(ctx, doc, np, path, max_bytes ? max_bytes : KJ_INGEST_DEFAULT_MAX, &l,
                          layer_page, err);
        fz_drop_document(ctx, doc);
    }
    if (st == KJ_OK) st = kj_pdf_text_usable(&l, path, err);
    if (st == KJ_OK) {
        *len = l.pool.len;
        *out = kj_buf_steal(&l.pool);
        if (!*out) st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    }
    kj_buf_free(&l.pool);
    if (ctx) fz_drop_context(ctx);
    return st;
}
