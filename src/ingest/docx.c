/*
 * docx.c - DOCX reader: word/document.xml from the zip (libzip, with the
 * decompressed size capped), parsed by libxml2 without network or entity
 * expansion. Each w:p is a block; its style decides heading (Heading N,
 * 見出し N, Title, or an outline level) and w:numPr makes it a list item;
 * table cells (w:tc) become TABLE_CELL blocks, a table nested in a cell
 * where it stands among the cell's paragraphs. Content controls (w:sdt)
 * are read through wherever they stand: around paragraphs, rows, cells or
 * the paragraphs of a cell, or runs. Style IDs in Japanese Word are
 * often bare numbers ("1" for 見出し 1), so word/styles.xml is read to map
 * IDs to style names (once, into a table sorted by ID: a paragraph's
 * style is looked up there, not by a walk over every style). A text box is
 * read as blocks of its own after the paragraph it is anchored in (once:
 * Word also writes it as VML for older readers, in mc:Fallback), and the
 * footnotes and endnotes (word/footnotes.xml, word/endnotes.xml) as
 * paragraphs after the body. A block's page is where it starts on the
 * pages Word last laid out
 * (w:lastRenderedPageBreak), or, in a draft another program wrote, counted
 * from the page breaks typed in (docx_paging).
 */
#include "ingest_internal.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define MAX_DEPTH 256

/* Where a draft's pages break, as far as its XML tells. */
typedef enum {
    KJ_DOCX_UNPAGED,  /* no page break in it: its blocks have no page */
    KJ_DOCX_RENDERED, /* Word's record of the pages it last laid out
                       * (w:lastRenderedPageBreak): the pages the author saw */
    KJ_DOCX_EXPLICIT  /* none laid out (another program wrote it): the page
                       * breaks typed in (w:br w:type="page", pageBreakBefore) */
} docx_paging;

/* A style of word/styles.xml: its ID and the heading level its name gives
 * (0 when none). */
typedef struct {
    char *id; /* xmlFree */
    int level;
    size_t order; /* its place in styles.xml: the first of an ID counts */
} docx_style;

typedef struct {
    kj_builder *b;
    kj_error *err;
    docx_style *styles; /* word/styles.xml's styles sorted by ID, or NULL */
    size_t n_styles;
    kj_buf text;
    docx_paging paging;
    int page;      /* the page (0-based) the reading has reached */
    int text_page; /* the page d->text started on */
    bool in_notes; /* reading foot- or endnotes: their pages are unknown */
} docx;

static bool is_w(const xmlNode *n, const char *local) {
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           !strcmp((const char *)n->ns->href, W_NS) && !strcmp((const char *)n->name, local);
}

/* mc:Fallback: what a reader that knows mc:Choice's markup skips. Word
 * writes each text box twice, as a DrawingML shape in mc:Choice and as VML
 * in mc:Fallback; the Fallback copy would repeat it. */
static bool is_fallback(const xmlNode *n) {
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           !strcmp((const char *)n->ns->href, MC_NS) && !strcmp((const char *)n->name, "Fallback");
}

static const xmlNode *child(const xmlNode *n, const char *local) {
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_w(c, local)) return c;
    return NULL;
}

/* w:val of an element, malloc'd by libxml2 (xmlFree) or NULL. */
static char *w_val(const xmlNode *n) {
    return n ? (char *)xmlGetNsProp((xmlNode *)n, (const xmlChar *)"val", (const xmlChar *)W_NS)
             : NULL;
}

/* Heading level 1..6 from a style name or ID, 0 when not a heading. */
static int heading_from_name(const char *s) {
    if (!s) return 0;
    if (!strcasecmp(s, "title")) return 1;
    if (!strncasecmp(s, "heading", 7))
        s += 7;
    else if (!strncmp(s, "見出し", strlen("見出し")))
        s += strlen("見出し");
    else
        return 0;
    while (*s == ' ')
        s++;
    return isdigit((unsigned char)*s) && *s >= '1' && *s <= '6' ? *s - '0' : 3;
}

static int cmp_styles(const void *a, const void *b) {
    const docx_style *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : x->order < y->order ? -1 : x->order > y->order;
}

/* The heading level the name of style ID id gives (styles.xml's first
 * style of that ID), 0 when it has none or there is no such style. */
static int style_level(const docx *d, const char *id) {
    const docx_style *s =
        kj_find_by_id(d->styles, d->n_styles, sizeof *d->styles, offsetof(docx_style, id), id);
    return s ? s->level : 0;
}

static void para_style(const docx *d, const xmlNode *p, kj_block_kind *kind, int *level) {
    const xmlNode *ppr = child(p, "pPr");
    *kind = child(ppr, "numPr") ? KJ_BLOCK_LIST_ITEM : KJ_BLOCK_PARAGRAPH;
    *level = 0;
    char *id = w_val(child(ppr, "pStyle"));
    int lv = heading_from_name(id);
    if (!lv && id) lv = style_level(d, id);
    xmlFree(id);
    char *ol = w_val(child(ppr, "outlineLvl"));
    if (!lv && ol && isdigit((unsigned char)ol[0]) && ol[0] <= '5') lv = ol[0] - '0' + 1;
    xmlFree(ol);
    if (lv) *kind = KJ_BLOCK_HEADING, *level = lv;
}

/* Whether on/off property e (w:vanish, w:pageBreakBefore ...) is present
 * and not turned off with w:val="0", "false" or "off". */
static bool is_on(const xmlNode *e) {
    if (!e) return false;
    char *val = w_val(e);
    bool off = val && (!strcmp(val, "0") || !strcmp(val, "false") || !strcmp(val, "off"));
    xmlFree(val);
    return !off;
}

/* Whether n is a content control still showing its placeholder
 * (w:showingPlcHdr in its w:sdtPr): the prompt a template shows where
 * nothing has been entered yet, the template's words, not the document's. */
static bool placeholder(const xmlNode *n) {
    return is_w(n, "sdt") && is_on(child(child(n, "sdtPr"), "showingPlcHdr"));
}

/* Whether run r is hidden text (w:vanish in its properties). */
static bool hidden_run(const xmlNode *r) {
    return is_on(child(child(r, "rPr"), "vanish"));
}

/* Whether w:br b breaks the page (w:type="page"). */
static bool page_break(const xmlNode *b) {
    char *type = (char *)xmlGetNsProp((xmlNode *)b, (const xmlChar *)"type", (const xmlChar *)W_NS);
    bool page = type && !strcmp(type, "page");
    xmlFree(type);
    return page;
}

/* Whether paragraph p starts a page of its own (w:pageBreakBefore in its
 * properties). */
static bool starts_page(const xmlNode *p) {
    return is_on(child(child(p, "pPr"), "pageBreakBefore"));
}

/* The page of the block just read into d->text: 1-based, 0 in an unpaged
 * draft and in its notes. */
static int block_page(const docx *d) {
    return d->paging == KJ_DOCX_UNPAGED || d->in_notes ? 0 : d->text_page + 1;
}

/* Append the visible text of a run container (w:r, w:hyperlink, w:ins ...).
 * Text boxes are blocks of their own (text_boxes), not part of the text of
 * the paragraph they are anchored in. */
static kj_status runs_text(docx *d, const xmlNode *n, int depth) {
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        kj_status st = KJ_OK;
        if (is_w(c, "t")) {
            xmlChar *t = xmlNodeGetContent(c);
            if (t && *t && !d->text.len) d->text_page = d->page;
            if (t) st = kj_buf_puts(&d->text, (const char *)t);
            xmlFree(t);
        } else if (is_w(c, "lastRenderedPageBreak")) {
            d->page += d->paging == KJ_DOCX_RENDERED;
        } else if (is_w(c, "tab") || is_w(c, "ptab")) {
            st = kj_buf_putc(&d->text, '\t');
        } else if (is_w(c, "noBreakHyphen")) {
            st = kj_buf_puts(&d->text, "\u2011"); /* shown as a hyphen */
        } else if (is_w(c, "br") || is_w(c, "cr")) {
            d->page += d->paging == KJ_DOCX_EXPLICIT && page_break(c);
            st = kj_buf_putc(&d->text, '\n');
        } else if (is_w(c, "del") || is_w(c, "instrText") || is_w(c, "pPr") || is_w(c, "rPr") ||
                   is_w(c, "delText") || is_w(c, "moveFrom") || is_w(c, "txbxContent") ||
                   is_fallback(c) || (is_w(c, "r") && hidden_run(c)) || placeholder(c)) {
            continue;
        } else if (depth < MAX_DEPTH) {
            st = runs_text(d, c, depth + 1);
        }
        if (st != KJ_OK)
            return kj_error_set(d->err, KJ_ERR_NOMEM, "%s: out of memory", d->b->doc->path);
    }
    return KJ_OK;
}

static kj_status body(docx *d, const xmlNode *n, int depth);

/* A table (w:tbl) or one of its rows (w:tr) at depth: its cells are
 * numbered as of it (kj_builder_open_table, kj_builder_open_row). */
static kj_status table_part(docx *d, const xmlNode *n, int depth) {
    kj_cell_place was = is_w(n, "tbl") ? kj_builder_open_table(d->b) : kj_builder_open_row(d->b);
    kj_status st = body(d, n, depth);
    kj_builder_close(d->b, was);
    return st;
}

/* The text boxes anchored in n (a paragraph), each read as a body of its
 * own after it: their paragraphs, headings and tables are blocks. */
static kj_status text_boxes(docx *d, const xmlNode *n, int depth) {
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is_fallback(c) || depth >= MAX_DEPTH) continue;
        kj_status st = is_w(c, "txbxContent") ? body(d, c, depth + 1) : text_boxes(d, c, depth + 1);
        if (st != KJ_OK) return st;
    }
    return KJ_OK;
}

/* A paragraph: its text into d->text, and unless it is in a table cell
 * (cell() joins those), a block, followed by its text boxes. */
static kj_status paragraph(docx *d, const xmlNode *p, bool in_cell) {
    kj_buf_reset(&d->text);
    d->page += d->paging == KJ_DOCX_EXPLICIT && starts_page(p);
    d->text_page = d->page;
    kj_status st = runs_text(d, p, 0);
    if (st != KJ_OK || in_cell) return st;
    kj_block_kind kind;
    int level;
    para_style(d, p, &kind, &level);
    if (kind == KJ_BLOCK_PARAGRAPH && kj_builder_goes_on_by_hand(d->b, d->text.data, d->text.len))
        st = kj_builder_extend_by_hand(d->b, d->text.data, d->text.len, d->err);
    else
        st = kj_builder_add(d->b, kind, level, d->text.data, d->text.len, block_page(d), 0, d->err);
    return st == KJ_OK ? text_boxes(d, p, 0) : st;
}

/* A table cell as it is read: the text of its paragraphs since its last
 * block, the page that text starts on (-1 while there is none), and those
 * paragraphs themselves (their xmlNode pointers), whose text boxes come
 * after the block. */
typedef struct {
    kj_buf text;
    int page;
    kj_buf paras;
} cell_acc;

static kj_status docx_nomem(docx *d) {
    return kj_error_set(d->err, KJ_ERR_NOMEM, "%s: out of memory", d->b->doc->path);
}

/* A paragraph of a table cell: its text onto a->text, after a line break
 * when there is text already, and p among a->paras (an empty paragraph
 * may still anchor a text box). */
static kj_status cell_paragraph(docx *d, const xmlNode *p, cell_acc *a) {
    kj_status st = paragraph(d, p, true);
    if (st != KJ_OK) return st;
    if (kj_buf_append(&a->paras, (const char *)&p, sizeof p) != KJ_OK) return docx_nomem(d);
    if (!d->text.len) return KJ_OK;
    if (a->page < 0) a->page = block_page(d);
    if ((a->text.len && kj_buf_putc(&a->text, '\n') != KJ_OK) ||
        kj_buf_append(&a->text, d->text.data, d->text.len) != KJ_OK)
        return docx_nomem(d);
    return KJ_OK;
}

/* The cell's text read so far as a TABLE_CELL block, followed by the text
 * boxes anchored in its paragraphs; a is emptied for what follows. */
static kj_status cell_block(docx *d, cell_acc *a, int depth) {
    kj_status st = kj_builder_add(d->b, KJ_BLOCK_TABLE_CELL, 0, a->text.data ? a->text.data : "",
                                  a->text.len, a->page < 0 ? 0 : a->page, 0, d->err);
    for (size_t i = 0; i + sizeof(xmlNode *) <= a->paras.len && st == KJ_OK;
         i += sizeof(xmlNode *)) {
        const xmlNode *p;
        memcpy(&p, a->paras.data + i, sizeof p);
        st = text_boxes(d, p, depth);
    }
    kj_buf_reset(&a->text);
    kj_buf_reset(&a->paras);
    a->page = -1;
    return st;
}

/* The content of a cell, n (the w:tc, or a content control or other
 * wrapper in it), read into a: paragraphs join the cell's text wherever
 * they stand, so that those of a content control (w:sdt) are not lost;
 * a nested table is read as its own cells where it stands, after the
 * cell's text before it (a block of its own). */
static kj_status cell_content(docx *d, const xmlNode *n, cell_acc *a, int depth) {
    kj_status st = KJ_OK;
    for (const xmlNode *c = n->children; c && st == KJ_OK; c = c->next) {
        if (is_w(c, "p")) {
            st = cell_paragraph(d, c, a);
        } else if (depth >= MAX_DEPTH || c->type != XML_ELEMENT_NODE || is_w(c, "tcPr") ||
                   is_w(c, "sdtPr") || placeholder(c)) {
            continue;
        } else if (is_w(c, "tbl")) {
            st = cell_block(d, a, depth);
            if (st == KJ_OK) st = table_part(d, c, depth + 1);
        } else {
            st = cell_content(d, c, a, depth + 1); /* w:sdt, w:sdtContent, w:customXml ... */
        }
    }
    return st;
}

/* A table cell: its paragraphs joined into one TABLE_CELL block, or, with
 * a table nested in it, as Word shows it: the text before the table, the
 * table's cells, then the text after it. */
static kj_status cell(docx *d, const xmlNode *tc, int depth) {
    cell_acc a = {.text = KJ_BUF_INIT, .page = -1, .paras = KJ_BUF_INIT};
    kj_status st = cell_content(d, tc, &a, depth);
    if (st == KJ_OK) st = cell_block(d, &a, depth);
    kj_buf_free(&a.text);
    kj_buf_free(&a.paras);
    return st;
}

/* One child c of a body (or of a table, a row, a content control) at depth. */
static kj_status body_child(docx *d, const xmlNode *c, int depth) {
    if (is_w(c, "p")) return paragraph(d, c, false);
    if (placeholder(c)) return KJ_OK;
    if (is_w(c, "tc")) return cell(d, c, depth);
    if ((is_w(c, "tbl") || is_w(c, "tr")) && depth < MAX_DEPTH) return table_part(d, c, depth + 1);
    if (c->type == XML_ELEMENT_NODE && depth < MAX_DEPTH && !is_w(c, "sectPr"))
        return body(d, c, depth + 1); /* w:tbl, w:tr, w:sdt, w:sdtContent, ... */
    return KJ_OK;
}

static kj_status body(docx *d, const xmlNode *n, int depth) {
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next) {
        kj_status st = body_child(d, c, depth);
        if (st != KJ_OK) return st;
    }
    return KJ_OK;
}

/* How far kj_read_docx's parser of word/document.xml goes between two reads
 * of the body's finished children. */
#define KJ_DOCX_STEP (64 * 1024)

/* As word/document.xml is parsed (kj_xml_read_part_stepped): the children
 * of w:body the parser has finished (all but the last, which may be open),
 * read in order and freed, so a long draft's tree is never whole. */
static kj_status body_so_far(void *ud, xmlParserCtxtPtr ctxt) {
    docx *d = ud;
    xmlNode *bd = (xmlNode *)child(xmlDocGetRootElement(ctxt->myDoc), "body");
    kj_status st = KJ_OK;
    for (xmlNode *c = bd ? bd->children : NULL; st == KJ_OK && c && c->next;) {
        xmlNode *next = c->next;
        st = body_child(d, c, 0);
        xmlUnlinkNode(c);
        xmlFreeNode(c);
        c = next;
    }
    return st;
}

static kj_status read_member(zip_t *z, kj_builder *b, const char *path, const char *name,
                             char **data, size_t *len, kj_error *err) {
    zip_int64_t idx = zip_name_locate(z, name, 0);
    if (idx < 0)
        return kj_error_set(err, KJ_ERR_FORMAT, "%s: not a DOCX (no %s in the zip)", path, name);
    return kj_zip_read_member(z, idx, path, name, 0, b->max_bytes, data, len, err);
}

static kj_status read_styles(zip_t *z, kj_builder *b, const char *path, docx *d) {
    if (zip_name_locate(z, "word/styles.xml", 0) < 0) return KJ_OK;
    char *data = NULL;
    size_t len = 0;
    kj_error ignored;
    if (read_member(z, b, path, "word/styles.xml", &data, &len, &ignored) != KJ_OK)
        return KJ_OK; /* styles only refine headings */
    xmlDoc *x;
    kj_xml_read_part(path, "DOCX", "word/styles.xml", data, len, &x, &ignored);
    free(data);
    const xmlNode *root = x ? xmlDocGetRootElement(x) : NULL;
    size_t n = 0;
    for (const xmlNode *s = root ? root->children : NULL; s; s = s->next)
        n += is_w(s, "style");
    d->styles = n ? calloc(n, sizeof *d->styles) : NULL;
    for (const xmlNode *s = root ? root->children : NULL; s && d->styles; s = s->next) {
        if (!is_w(s, "style")) continue;
        char *id =
            (char *)xmlGetNsProp((xmlNode *)s, (const xmlChar *)"styleId", (const xmlChar *)W_NS);
        if (!id) continue;
        char *name = w_val(child(s, "name"));
        size_t i = d->n_styles++;
        d->styles[i] = (docx_style){.id = id, .level = heading_from_name(name), .order = i};
        xmlFree(name);
    }
    if (d->n_styles > 1) qsort(d->styles, d->n_styles, sizeof *d->styles, cmp_styles);
    xmlFreeDoc(x);
    return KJ_OK; /* out of memory, the styles are not known: they only refine headings */
}

static void free_styles(docx *d) {
    for (size_t i = 0; i < d->n_styles; i++)
        xmlFree(d->styles[i].id);
    free(d->styles);
}

/* The footnotes or endnotes (kind "footnote", "endnote") of part, after the
 * body, each note's paragraphs as blocks; the separator notes Word keeps
 * there (a w:type other than normal) are no text. A part that is missing
 * or cannot be read leaves the document as it is: the body is what
 * matters. */
static kj_status read_notes(zip_t *z, docx *d, const char *path, const char *part,
                            const char *kind) {
    if (zip_name_locate(z, part, 0) < 0) return KJ_OK;
    char *data = NULL;
    size_t len = 0;
    kj_error ignored;
    if (read_member(z, d->b, path, part, &data, &len, &ignored) != KJ_OK) return KJ_OK;
    xmlDoc *x;
    kj_xml_read_part(path, "DOCX", part, data, len, &x, &ignored);
    free(data);
    kj_status st = KJ_OK;
    const xmlNode *root = x ? xmlDocGetRootElement(x) : NULL;
    /* the notes' blocks are a section of their own ("footnotes", "endnotes"),
     * so they are placed as such and not under the body's last heading */
    d->b->section = kj_arena_strdup(d->b->doc->arena, kind[0] == 'f' ? "footnotes" : "endnotes");
    d->in_notes = true;
    for (const xmlNode *n = root ? root->children : NULL; n && st == KJ_OK; n = n->next) {
        if (!is_w(n, kind)) continue;
        char *type =
            (char *)xmlGetNsProp((xmlNode *)n, (const xmlChar *)"type", (const xmlChar *)W_NS);
        if (!type || !strcmp(type, "normal")) st = body(d, n, 1);
        xmlFree(type);
    }
    d->b->section = NULL;
    d->in_notes = false;
    xmlFreeDoc(x);
    return st;
}

/* How the pages of document.xml's text data[0, len) break: by Word's
 * record of its last layout when it has one, else by the page breaks typed
 * in, when it has those (a look at the bytes, before parsing). */
static docx_paging paging_of(const char *data, size_t len) {
    if (!data) return KJ_DOCX_UNPAGED;
    if (memmem(data, len, "lastRenderedPageBreak", 21)) return KJ_DOCX_RENDERED;
    if (memmem(data, len, "pageBreakBefore", 15) || memmem(data, len, "type=\"page\"", 11))
        return KJ_DOCX_EXPLICIT;
    return KJ_DOCX_UNPAGED;
}

kj_status kj_read_docx(kj_builder *b, const char *path, kj_error *err) {
    return kj_read_docx_stepped(b, path, KJ_DOCX_STEP, err);
}

kj_status kj_read_docx_stepped(kj_builder *b, const char *path, size_t step, kj_error *err) {
    b->doc->format = KJ_FORMAT_DOCX;
    zip_t *z;
    kj_status st = kj_zip_open(path, "DOCX", &z, err);
    if (st != KJ_OK) return st;
    char *data = NULL;
    size_t len = 0;
    docx d = {.b = b, .err = err, .text = KJ_BUF_INIT};
    st = read_member(z, b, path, "word/document.xml", &data, &len, err);
    if (st == KJ_OK) d.paging = paging_of(data, len);
    if (st == KJ_OK) st = read_styles(z, b, path, &d);
    xmlDoc *doc = NULL;
    if (st == KJ_OK)
        st = kj_xml_read_part_stepped(path, "DOCX", "word/document.xml", data, len, step,
                                      body_so_far, &d, &doc, err);
    free(data);
    const xmlNode *bd = doc ? child(xmlDocGetRootElement(doc), "body") : NULL;
    if (st == KJ_OK && !bd)
        st = kj_error_set(err, KJ_ERR_FORMAT, "%s: not a DOCX (no w:body in word/document.xml)",
                          path);
    if (st == KJ_OK) st = body(&d, bd, 0);
    if (st == KJ_OK && d.paging != KJ_DOCX_UNPAGED) b->doc->n_pages = d.page + 1;
    if (st == KJ_OK) st = read_notes(z, &d, path, "word/footnotes.xml", "footnote");
    if (st == KJ_OK) st = read_notes(z, &d, path, "word/endnotes.xml", "endnote");
    zip_discard(z);
    b->doc->encoding = "UTF-8";
    xmlFreeDoc(doc);
    free_styles(&d);
    kj_buf_free(&d.text);
    return st;
}
