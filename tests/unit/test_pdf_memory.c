/*
 * test_pdf_memory.c - unit tests of what the PDF reader (src/ingest/pdf*.c)
 * keeps in memory: the page tree counted without parsing the pages, the
 * objects MuPDF has parsed let go after the count and between pages
 * (pdf_cache.c) but not in a PDF MuPDF has repaired, the lines made
 * into blocks given back, and Type3 fonts loaded without their glyphs
 * drawn (pdf_type3.c). The PDFs are written here, a few pages of
 * fictional text each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <mupdf/fitz.h>
#include <mupdf/pdf.h>

#include "helpers.h"
#include "ingest/pdf_internal.h"

static char tmpdir[4096];

static int setup(void **state) {
    (void)state;
    kj_test_tmpdir(tmpdir, sizeof tmpdir, "kj_pdfmem_");
    return 0;
}

static int teardown(void **state) {
    (void)state;
    kj_test_rmtree(tmpdir);
    return 0;
}

/* Write the PDF whose objects 1..n are objs[0..n-1] (object 1 the catalog)
 * as name in tmpdir, with its cross-reference table; a broken one (every
 * offset wrong) when broken. Its path into path. */
static void write_pdf(const char *name, const char *const *objs, int n, bool broken, char *path,
                      size_t pn) {
    kj_buf b = KJ_BUF_INIT;
    long *offs = calloc((size_t)n, sizeof *offs);
    assert_non_null(offs);
    assert_int_equal(kj_buf_printf(&b, "%%PDF-1.4\n"), KJ_OK);
    for (int i = 0; i < n; i++) {
        offs[i] = (long)b.len;
        assert_int_equal(kj_buf_printf(&b, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]), KJ_OK);
    }
    long xref = (long)b.len;
    assert_int_equal(kj_buf_printf(&b, "xref\n0 %d\n0000000000 65535 f \n", n + 1), KJ_OK);
    for (int i = 0; i < n; i++)
        assert_int_equal(kj_buf_printf(&b, "%010ld 00000 n \n", broken ? offs[i] + 3 : offs[i]),
                         KJ_OK);
    assert_int_equal(kj_buf_printf(&b,
                                   "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n",
                                   n + 1, xref),
                     KJ_OK);
    snprintf(path, pn, "%s/%s", tmpdir, name);
    FILE *f = kj_test_create(tmpdir, name);
    assert_int_equal(fwrite(b.data, 1, b.len, f), b.len);
    fclose(f);
    kj_buf_free(&b);
    free(offs);
}

#define PAGE                                                                                       \
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> "    \
    ">> /Contents 4 0 R >>"
#define FONT "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
#define TEXT "<< /Length 46 >>stream\nBT /F1 12 Tf 72 720 Td (Hoshizora notes) Tj ET\nendstream"

/* A PDF of three pages, objects 5, 6 and 7, under a root that counts
 * count pages: 3, as many as it lists, or another number. */
static void three_pages(const char *name, int count, bool broken, char *path, size_t pn) {
    char root[128];
    snprintf(root, sizeof root, "<< /Type /Pages /Kids [5 0 R 6 0 R 7 0 R] /Count %d >>", count);
    const char *objs[] = {"<< /Type /Catalog /Pages 2 0 R >>", root, FONT, TEXT, PAGE, PAGE, PAGE};
    write_pdf(name, objs, 7, broken, path, pn);
}

/* A context and the document at path, opened as kaiji opens it (l's
 * memory counted) or, when plain, with MuPDF alone. */
typedef struct {
    lines l;
    fz_context *ctx;
    fz_document *doc;
    int np;
} opened;

static void open_pdf(opened *o, const char *path, bool plain) {
    memset(o, 0, sizeof *o);
    o->l.pool = (kj_buf)KJ_BUF_INIT;
    kj_error err = {0};
    assert_int_equal(kj_pdf_start(path, &o->l, &o->ctx, &err), KJ_OK);
    if (plain) {
        o->doc = fz_open_document(o->ctx, path);
        o->np = fz_count_pages(o->ctx, o->doc);
    } else {
        assert_int_equal(kj_pdf_open(o->ctx, path, &o->doc, &o->np, &o->l, &err), KJ_OK);
    }
}

static void close_pdf(opened *o) {
    fz_drop_document(o->ctx, o->doc);
    fz_drop_context(o->ctx);
    kj_buf_free(&o->l.pool);
}

/* Whether MuPDF holds object num of o's document parsed. */
static bool held(const opened *o, int num) {
    pdf_document *pdf = pdf_specifics(o->ctx, o->doc);
    return pdf_get_xref_entry(o->ctx, pdf, num)->obj != NULL;
}

/* Load page i of o and drop it again: MuPDF parses its object. */
static void load_page(opened *o, int i) {
    fz_page *p = fz_load_page(o->ctx, o->doc, i);
    fz_drop_page(o->ctx, p);
}

/* The page tree is counted without parsing the pages of a node that
 * counts as many as it lists; those of one that counts otherwise are. */
static void test_count_leaves_unparsed(void **state) {
    (void)state;
    char path[4200];
    opened o;
    three_pages("leaves.pdf", 3, false, path, sizeof path);
    open_pdf(&o, path, true);
    assert_int_equal(kj_pdf_page_objects(o.ctx, o.doc), 3);
    for (int num = 5; num <= 7; num++)
        assert_false(held(&o, num));
    close_pdf(&o);

    three_pages("count-off.pdf", 4, false, path, sizeof path);
    open_pdf(&o, path, true);
    assert_int_equal(kj_pdf_page_objects(o.ctx, o.doc), 3);
    assert_true(held(&o, 5)); /* walked: the count tells nothing */
    close_pdf(&o);
}

/* What opening parsed (here the pages, under a root that miscounts them)
 * is let go. */
static void test_open_lets_go(void **state) {
    (void)state;
    char path[4200];
    three_pages("open.pdf", 4, false, path, sizeof path);
    opened o;
    open_pdf(&o, path, false);
    assert_int_equal(o.np, 4);
    for (int num = 5; num <= 7; num++)
        assert_false(held(&o, num));
    assert_int_equal(o.l.mem.settled, o.l.mem.used);
    close_pdf(&o);
}

/* Count n bytes more (grow) or fewer (shrink) in m than MuPDF holds, as
 * if it had taken them (the counts of what it frees stay right). */
static void grow(pdf_memory *m, size_t n) {
    m->used += n;
}

static void shrink(pdf_memory *m, size_t n) {
    m->used -= n;
    m->settled = m->settled > n ? m->settled - n : 0;
}

/* Between pages, what MuPDF parsed is let go once its memory has grown by
 * KJ_PDF_CACHE_SLACK over KJ_PDF_CACHE_PAGES pages, or by
 * KJ_PDF_CACHE_MAX at once; not before. */
static void test_settle(void **state) {
    (void)state;
    char path[4200];
    three_pages("settle.pdf", 3, false, path, sizeof path);
    opened o;
    open_pdf(&o, path, false);
    pdf_memory *m = &o.l.mem;

    load_page(&o, 0); /* grown by less than the slack: kept */
    m->pages = KJ_PDF_CACHE_PAGES;
    kj_pdf_settle(o.ctx, o.doc, m);
    assert_true(held(&o, 5));

    grow(m, KJ_PDF_CACHE_SLACK + 1); /* grown, too few pages */
    m->pages = KJ_PDF_CACHE_PAGES - 2;
    kj_pdf_settle(o.ctx, o.doc, m);
    assert_true(held(&o, 5));
    assert_int_equal(m->pages, KJ_PDF_CACHE_PAGES - 1);

    kj_pdf_settle(o.ctx, o.doc, m); /* and pages enough */
    assert_false(held(&o, 5));
    assert_int_equal(m->settled, m->used);
    assert_int_equal(m->pages, 0);
    shrink(m, KJ_PDF_CACHE_SLACK + 1);

    load_page(&o, 1); /* grown by much at once: let go whatever the pages */
    grow(m, KJ_PDF_CACHE_MAX + 1);
    kj_pdf_settle(o.ctx, o.doc, m);
    assert_false(held(&o, 6));
    shrink(m, KJ_PDF_CACHE_MAX + 1);

    /* the pages read after it are read as before */
    fz_page *p = fz_load_page(o.ctx, o.doc, 2);
    fz_stext_page *sp = fz_new_stext_page_from_page(o.ctx, p, NULL);
    fz_buffer *text = fz_new_buffer_from_stext_page(o.ctx, sp);
    assert_non_null(strstr(fz_string_from_buffer(o.ctx, text), "Hoshizora notes"));
    fz_drop_buffer(o.ctx, text);
    fz_drop_stext_page(o.ctx, sp);
    fz_drop_page(o.ctx, p);
    close_pdf(&o);
}

/* A PDF MuPDF repaired keeps what it parsed (repairing set /Length in it). */
static void test_repaired_kept(void **state) {
    (void)state;
    char path[4200];
    three_pages("broken.pdf", 3, true, path, sizeof path);
    opened o;
    open_pdf(&o, path, true);
    load_page(&o, 0);
    assert_true(pdf_was_repaired(o.ctx, pdf_specifics(o.ctx, o.doc)));
    assert_true(held(&o, 5));
    kj_pdf_forget_objects(o.ctx, o.doc, &o.l.mem);
    assert_true(held(&o, 5));
    close_pdf(&o);
}

/* The lines before the one given are given back, a megabyte or more at a
 * time; the rest are as they were. */
static void test_give_back_lines(void **state) {
    (void)state;
    lines l = {.pool = KJ_BUF_INIT};
    l.n = l.cap = 4 * KJ_PDF_GIVE_BACK_LINES;
    l.v = calloc(l.n, sizeof *l.v);
    assert_non_null(l.v);
    for (size_t i = 0; i < l.n; i++) {
        l.v[i] = (pline){.off = l.pool.len, .len = 25, .page = (int)i / 40 + 1, .size = 10};
        assert_int_equal(kj_buf_printf(&l.pool, "Hoshizora line %010zu", i), KJ_OK);
    }
    size_t given = 0, keep = KJ_PDF_GIVE_BACK_LINES - 1;
    kj_pdf_give_back_lines(&l, keep, &given); /* too few yet */
    assert_int_equal(given, 0);
    assert_int_equal(l.v[keep / 2].page, (int)(keep / 2) / 40 + 1);

    keep = 3 * KJ_PDF_GIVE_BACK_LINES;
    size_t mid = keep / 2, off = l.v[mid].off;
    kj_pdf_give_back_lines(&l, keep, &given);
    assert_int_equal(given, keep);
    assert_int_equal(l.v[mid].page, 0);
    assert_int_equal(l.v[mid].len, 0);
    assert_int_equal(l.pool.data[off], 0);
    for (size_t i = keep; i < l.n; i++) {
        assert_int_equal(l.v[i].page, (int)i / 40 + 1);
        char want[48];
        snprintf(want, sizeof want, "Hoshizora line %010zu", i);
        assert_memory_equal(l.pool.data + l.v[i].off, want, 25);
    }
    free(l.v);
    kj_buf_free(&l.pool);
}

/* A stream object of content, its dictionary dict (without /Length). The
 * text is static: one object at a time. */
static const char *stream(const char *dict, const char *content) {
    static char s[16384];
    snprintf(s, sizeof s, "<< %s /Length %zu >>stream\n%s\nendstream", dict, strlen(content),
             content);
    return s;
}

/* A Type3 font of two glyphs, k and j (codes 65 and 66), drawn by
 * object procs, and whose dictionary has extra in it. */
#define T3FONT(procs, extra)                                                                       \
    "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 750 750] /FontMatrix [0.001 0 0 0.001 0 0] "    \
    "/CharProcs << /k " procs " /j " procs " >> /Encoding << /Type /Encoding /Differences [65 /k " \
    "/j] >> /FirstChar 65 /LastChar 66 /Widths [600 500] " extra ">>"

/* Three pages: the first shows kjkj in a Type3 font (object 3), the
 * second the same through a form (object 10) in another one (object 12),
 * the form naming itself among its forms; the third in a Type3 font
 * without glyphs or a matrix (object 13). */
static void type3_pages(char *path, size_t pn) {
    char s[7][16384];
    snprintf(s[0], sizeof s[0], "%s", stream("", "BT /T3 12 Tf 72 720 Td (ABAB) Tj ET"));
    snprintf(s[1], sizeof s[1], "%s", stream("", "600 0 0 0 500 700 d1 0 0 m 500 0 l 500 700 l f"));
    snprintf(s[2], sizeof s[2], "%s",
             stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /T3 "
                    "12 0 R >> /XObject << /X1 10 0 R >> >>",
                    "BT /T3 12 Tf 72 700 Td (ABAB) Tj ET"));
    snprintf(s[3], sizeof s[3], "%s", stream("", "/X1 Do"));
    snprintf(s[4], sizeof s[4], "%s", stream("", "BT /T3 12 Tf 72 680 Td (AB) Tj ET"));
    const char *objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [5 0 R 9 0 R 14 0 R] /Count 3 >>",
        T3FONT("8 0 R", ""),
        s[0],
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /T3 3 0 R >> "
        ">> /Contents 4 0 R >>",
        "null",
        "null",
        s[1],
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X1 10 0 "
        "R >> >> /Contents 11 0 R >>",
        s[2],
        s[3],
        T3FONT("8 0 R", ""),
        "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 750 750] /Widths [600 500] >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /T3 13 0 R >> "
        ">> /Contents 15 0 R >>",
        s[4],
    };
    write_pdf("type3.pdf", objs, 15, false, path, pn);
}

/* The font MuPDF loads from object num, named in rdb. */
static pdf_font_desc *load_font(opened *o, int num, pdf_obj *rdb) {
    pdf_document *pdf = pdf_specifics(o->ctx, o->doc);
    pdf_obj *ref = pdf_new_indirect(o->ctx, pdf, num, 0);
    pdf_font_desc *f = pdf_load_font(o->ctx, pdf, rdb, ref);
    pdf_drop_obj(o->ctx, ref);
    return f;
}

/* Whether glyph k (code 65) of the font of object num has been drawn, or
 * its drawing kept. */
static bool glyph_drawn(opened *o, int num, pdf_obj *rdb) {
    pdf_font_desc *f = load_font(o, num, rdb);
    assert_non_null(f->font->t3procs);
    bool drawn = f->font->t3lists[65] != NULL;
    assert_true(drawn == (f->font->t3procs[65] != NULL));
    pdf_drop_font(o->ctx, f);
    return drawn;
}

/* Page i of o's text, each character and its quad, into out. */
static void page_chars(opened *o, int i, bool bare, kj_buf *out) {
    fz_page *p = fz_load_page(o->ctx, o->doc, i);
    if (bare) kj_pdf_type3_bare(o->ctx, p, &o->l.font_drop);
    fz_stext_page *sp = fz_new_stext_page_from_page(o->ctx, p, NULL);
    for (fz_stext_block *b = sp->first_block; b; b = b->next)
        for (fz_stext_line *ln = b->type == FZ_STEXT_BLOCK_TEXT ? b->u.t.first_line : NULL; ln;
             ln = ln->next)
            for (fz_stext_char *ch = ln->first_char; ch; ch = ch->next)
                assert_int_equal(kj_buf_printf(out, "%c %.2f %.2f %.2f %.2f;", ch->c, ch->quad.ll.x,
                                               ch->quad.ll.y, ch->quad.ur.x, ch->quad.ur.y),
                                 KJ_OK);
    fz_drop_stext_page(o->ctx, sp);
    fz_drop_page(o->ctx, p);
}

/* A page's Type3 fonts, and those of the forms it draws, are loaded with
 * their glyphs undrawn; MuPDF alone draws them. */
static void test_type3_glyphs_undrawn(void **state) {
    (void)state;
    char path[4200];
    type3_pages(path, sizeof path);
    for (int bare = 0; bare <= 1; bare++) {
        opened o;
        open_pdf(&o, path, false);
        for (int i = 0; i < 2; i++) {
            fz_page *p = fz_load_page(o.ctx, o.doc, i);
            if (bare) kj_pdf_type3_bare(o.ctx, p, &o.l.font_drop);
            fz_drop_page(o.ctx, p);
        }
        assert_true(!bare || o.l.font_drop);
        pdf_obj *rdb = pdf_new_dict(o.ctx, pdf_specifics(o.ctx, o.doc), 1);
        assert_true(glyph_drawn(&o, 3, rdb) == !bare);
        assert_true(glyph_drawn(&o, 12, rdb) == !bare);
        pdf_drop_obj(o.ctx, rdb);
        close_pdf(&o);
    }
}

/* The text read with the glyphs undrawn is MuPDF's: the same characters
 * in the same places, in a page of its own font, of a form, and of a
 * broken Type3 font. */
static void test_type3_same_text(void **state) {
    (void)state;
    char path[4200];
    type3_pages(path, sizeof path);
    for (int i = 0; i < 3; i++) {
        kj_buf plain = KJ_BUF_INIT, bare = KJ_BUF_INIT;
        opened o;
        open_pdf(&o, path, false);
        page_chars(&o, i, false, &plain);
        close_pdf(&o);
        open_pdf(&o, path, false);
        page_chars(&o, i, true, &bare);
        close_pdf(&o);
        assert_string_equal(bare.data ? bare.data : "", plain.data ? plain.data : "");
        if (i < 2) assert_non_null(strstr(plain.data, "k ") && strstr(plain.data, "j "));
        kj_buf_free(&plain);
        kj_buf_free(&bare);
    }
}

/* A page whose forms name the next form a thousand times, four deep (a
 * walk of every name would take a billion visits): its fonts' walk ends
 * and the page reads as MuPDF reads it. */
static void test_type3_many_forms(void **state) {
    (void)state;
    kj_buf names[4] = {KJ_BUF_INIT, KJ_BUF_INIT, KJ_BUF_INIT, KJ_BUF_INIT};
    const char *objs[10];
    char forms[4][16384];
    objs[0] = "<< /Type /Catalog /Pages 2 0 R >>";
    objs[1] = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
    objs[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /A "
              "5 0 R >> /Font << /T3 9 0 R >> >> /Contents 4 0 R >>";
    char text[16384];
    snprintf(text, sizeof text, "%s", stream("", "/A Do BT /T3 12 Tf 72 700 Td (AB) Tj ET"));
    objs[3] = text;
    for (int f = 0; f < 4; f++) { /* objects 5..8, each naming the next 1000 times */
        for (int k = 0; k < 1000; k++)
            assert_int_equal(kj_buf_printf(&names[f], "/X%d %d 0 R ", k, f < 3 ? 6 + f : 5), KJ_OK);
        char dict[16000];
        snprintf(dict, sizeof dict,
                 "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << "
                 "%s>> >>",
                 names[f].data);
        snprintf(forms[f], sizeof forms[f], "%s", stream(dict, "q Q"));
        objs[4 + f] = forms[f];
    }
    objs[8] = "null";
    objs[9] = T3FONT("8 0 R", "");
    char path[4200];
    write_pdf("forms.pdf", objs, 10, false, path, sizeof path);
    kj_buf plain = KJ_BUF_INIT, bare = KJ_BUF_INIT;
    opened o;
    open_pdf(&o, path, false);
    page_chars(&o, 0, false, &plain);
    close_pdf(&o);
    open_pdf(&o, path, false);
    page_chars(&o, 0, true, &bare);
    close_pdf(&o);
    assert_string_equal(bare.data ? bare.data : "", plain.data ? plain.data : "");
    for (int f = 0; f < 4; f++)
        kj_buf_free(&names[f]);
    kj_buf_free(&plain);
    kj_buf_free(&bare);
}

/* A page whose resources name more Type3 fonts than KJ_T3_FONTS, which it
 * never draws with: no more than KJ_T3_FONTS of them are loaded (each
 * takes some kilobytes, and a file of a few megabytes can name tens of
 * thousands), and the page's text is MuPDF's. */
static void test_type3_many_fonts(void **state) {
    (void)state;
    enum { N = KJ_T3_FONTS + 200, FIRST = 6 };
    const char **objs = calloc(FIRST - 1 + N, sizeof *objs);
    assert_non_null(objs);
    kj_buf page = KJ_BUF_INIT;
    assert_int_equal(kj_buf_printf(&page, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                                          "/Resources << /Font << "),
                     KJ_OK);
    for (int i = 0; i < N; i++)
        assert_int_equal(kj_buf_printf(&page, "/F%d %d 0 R ", i, FIRST + i), KJ_OK);
    assert_int_equal(kj_buf_printf(&page, ">> >> /Contents 4 0 R >>"), KJ_OK);
    char text[16384], glyph[16384];
    snprintf(text, sizeof text, "%s", stream("", "BT /F0 12 Tf 72 720 Td (ABAB) Tj ET"));
    snprintf(glyph, sizeof glyph, "%s",
             stream("", "600 0 0 0 500 700 d1 0 0 m 500 0 l 500 700 l f"));
    objs[0] = "<< /Type /Catalog /Pages 2 0 R >>";
    objs[1] = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
    objs[2] = page.data;
    objs[3] = text;
    objs[4] = glyph;
    for (int i = 0; i < N; i++)
        objs[FIRST - 1 + i] = T3FONT("5 0 R", "");
    char path[4200];
    write_pdf("fonts.pdf", objs, FIRST - 1 + N, false, path, sizeof path);
    opened o;
    open_pdf(&o, path, false);
    fz_page *p = fz_load_page(o.ctx, o.doc, 0);
    kj_pdf_type3_bare(o.ctx, p, &o.l.font_drop);
    fz_drop_page(o.ctx, p);
    assert_non_null(o.l.font_drop);
    pdf_document *pdf = pdf_specifics(o.ctx, o.doc);
    int held = 0;
    for (int i = 0; i < N; i++) {
        pdf_obj *ref = pdf_new_indirect(o.ctx, pdf, FIRST + i, 0);
        pdf_font_desc *f = pdf_find_item(o.ctx, o.l.font_drop, ref);
        held += f != NULL;
        if (f) pdf_drop_font(o.ctx, f);
        pdf_drop_obj(o.ctx, ref);
    }
    assert_int_equal(held, KJ_T3_FONTS);
    close_pdf(&o);
    kj_buf plain = KJ_BUF_INIT, bare = KJ_BUF_INIT;
    open_pdf(&o, path, false);
    page_chars(&o, 0, false, &plain);
    close_pdf(&o);
    open_pdf(&o, path, false);
    page_chars(&o, 0, true, &bare);
    close_pdf(&o);
    assert_non_null(plain.data);
    assert_string_equal(bare.data ? bare.data : "", plain.data);
    kj_buf_free(&plain);
    kj_buf_free(&bare);
    kj_buf_free(&page);
    free(objs);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_leaves_unparsed),
        cmocka_unit_test(test_open_lets_go),
        cmocka_unit_test(test_settle),
        cmocka_unit_test(test_repaired_kept),
        cmocka_unit_test(test_give_back_lines),
        cmocka_unit_test(test_type3_glyphs_undrawn),
        cmocka_unit_test(test_type3_same_text),
        cmocka_unit_test(test_type3_many_forms),
        cmocka_unit_test(test_type3_many_fonts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
