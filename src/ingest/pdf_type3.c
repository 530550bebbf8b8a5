/*
 * pdf_type3.c - a page's Type3 fonts loaded without drawing their glyphs.
 * A Type3 font's glyphs are small PDF drawings. MuPDF draws every glyph of
 * such a font into a display list when it loads the font, to know its
 * bounds and whether it may be cached, and keeps those lists as long as
 * the font is in its store. Text needs none of it: a character's code,
 * its Unicode (ToUnicode) and its advance (Widths) come from the font's
 * dictionary. A browser sets Japanese in Type3 fonts, 256 glyphs a font:
 * a print of 21 MB of Japanese text names 147 of them, whose drawn glyphs
 * took 52 MB, more than twice the text.
 * So before a page is read, each Type3 font its resources name (and those
 * of the forms it draws) that MuPDF's store does not hold yet is loaded
 * here without its glyphs (pdf_load_type3_font, without
 * pdf_load_type3_glyphs) and put in the store under the font's object, as
 * pdf_load_font would: reading the page then finds it there. If the store
 * lets it go, MuPDF loads it again the usual way, glyphs and all.
 */
#include "pdf_internal.h"

#include <mupdf/pdf.h>

/* How deep forms within forms are followed for their fonts, and how many
 * forms of a page at most: a hostile page can name one form thousands of
 * times at each depth, and MuPDF loads a font this walk leaves when the
 * page draws with it. */
#define KJ_T3_FORM_DEPTH 4
#define KJ_T3_FORMS 256

/* What the walk of a page's resources may still do: forms to look into,
 * fonts to load; each counted down. */
typedef struct {
    int forms, fonts;
} t3_budget;

/* Whether MuPDF's store holds a font loaded from font (an indirect
 * object). drop is the drop function of MuPDF's font descriptions, which
 * is the store's key with the object. */
static bool font_held(fz_context *ctx, pdf_obj *font, fz_store_drop_fn *drop) {
    pdf_font_desc *held = pdf_find_item(ctx, drop, font);
    if (!held) return false;
    pdf_drop_font(ctx, held);
    return true;
}

/* Drop the drawings of font's glyphs (their content streams), which
 * loading it read: text needs none of them, and a glyph with none is
 * drawn as nothing. */
static void let_go_of_glyphs(fz_context *ctx, fz_font *font) {
    if (!font->t3procs) return;
    for (int i = 0; i < 256; i++) {
        fz_drop_buffer(ctx, font->t3procs[i]);
        font->t3procs[i] = NULL;
    }
}

/* Load the Type3 font font (an indirect object of rdb's Font) without its
 * glyphs and store it, unless the store holds it; counted in b. */
static void load_bare(fz_context *ctx, pdf_document *doc, pdf_obj *rdb, pdf_obj *font, t3_budget *b,
                      fz_store_drop_fn **drop) {
    if (!pdf_is_indirect(ctx, font) || !pdf_is_dict(ctx, font)) return;
    if (!pdf_name_eq(ctx, pdf_dict_get(ctx, font, PDF_NAME(Subtype)), PDF_NAME(Type3))) return;
    if (*drop && font_held(ctx, font, *drop)) return;
    b->fonts--;
    pdf_font_desc *desc = pdf_load_type3_font(ctx, doc, rdb, font);
    let_go_of_glyphs(ctx, desc->font);
    fz_try(ctx) {
        if (!*drop) *drop = desc->storable.drop;
        if (!font_held(ctx, font, *drop)) pdf_store_item(ctx, font, desc, desc->size);
    }
    fz_always(ctx) pdf_drop_font(ctx, desc);
    fz_catch(ctx) fz_rethrow(ctx);
}

/* The Type3 fonts of rdb's Font, and of the forms its XObject draw, down
 * to depth forms and while b lasts (the walk ends once its fonts are
 * spent). */
static void load_resources(fz_context *ctx, pdf_document *doc, pdf_obj *rdb, int depth,
                           t3_budget *b, fz_store_drop_fn **drop) {
    if (b->fonts <= 0 || !pdf_is_dict(ctx, rdb) || pdf_mark_obj(ctx, rdb)) return;
    fz_try(ctx) {
        pdf_obj *fonts = pdf_dict_get(ctx, rdb, PDF_NAME(Font));
        int n = pdf_dict_len(ctx, fonts);
        for (int i = 0; i < n && b->fonts > 0; i++)
            load_bare(ctx, doc, rdb, pdf_dict_get_val(ctx, fonts, i), b, drop);
        pdf_obj *xobjects = pdf_dict_get(ctx, rdb, PDF_NAME(XObject));
        n = depth > 0 ? pdf_dict_len(ctx, xobjects) : 0;
        for (int i = 0; i < n; i++) {
            pdf_obj *x = pdf_dict_get_val(ctx, xobjects, i);
            if (b->forms <= 0) break;
            if (!pdf_name_eq(ctx, pdf_dict_get(ctx, x, PDF_NAME(Subtype)), PDF_NAME(Form)))
                continue;
            b->forms--;
            load_resources(ctx, doc, pdf_dict_get(ctx, x, PDF_NAME(Resources)), depth - 1, b, drop);
        }
    }
    fz_always(ctx) pdf_unmark_obj(ctx, rdb);
    fz_catch(ctx) fz_rethrow(ctx);
}

void kj_pdf_type3_bare(fz_context *ctx, fz_page *page, fz_store_drop_fn **drop) {
    pdf_page *pp = pdf_page_from_fz_page(ctx, page);
    if (!pp) return;
    t3_budget b = {KJ_T3_FORMS, KJ_T3_FONTS};
    fz_try(ctx)
        load_resources(ctx, pp->doc, pdf_page_resources(ctx, pp), KJ_T3_FORM_DEPTH, &b, drop);
    fz_catch(ctx) {
        /* a font that cannot be loaded here fails the page's reading the
         * same way, with MuPDF's message, or is skipped there too */
    }
}
