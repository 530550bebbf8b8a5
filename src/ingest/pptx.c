/*
 * pptx.c - PowerPoint (PPTX) reader: integrated reports and their security
 * pages are often laid out as slides. The slides are read in the order the
 * presentation lists them (ppt/presentation.xml's slide list, resolved
 * through its relationships), each slide a page; a hidden slide is skipped.
 * On a slide, each shape's paragraphs (a:p) are blocks, in the order of the
 * shape tree, groups read through: a title placeholder's are headings, a
 * table's cells (a:tc) table cells, a SmartArt diagram's boxes paragraphs
 * (from its data part). The footer, date and slide-number
 * placeholders and fields (a:fld) are page furniture, not read; nor are the
 * speaker notes, which the audience does not see. A slide listed twice, or
 * a diagram's data part named twice, is read once. Parsed by libxml2
 * without network or entity expansion; members are read through
 * kj_zip_read_member, all of them together within the input limit.
 */
#include "ingest_internal.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define P_NS "http://schemas.openxmlformats.org/presentationml/2006/main"
#define A_NS "http://schemas.openxmlformats.org/drawingml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define DGM_NS "http://schemas.openxmlformats.org/drawingml/2006/diagram"
#define MAX_DEPTH 128

/* A part's relationships (a .rels member), sorted by ID for lookup: a
 * presentation can list tens of thousands of slides, each found by its
 * relationship, and a slide as many diagrams; a walk over every
 * relationship for each would take time that grows with the square of
 * their number. */
typedef struct {
    struct rel {
        char *id, *target; /* xmlFree; target NULL when it has none */
        size_t order;      /* its place in the part: the first of an ID counts */
    } * v;
    size_t n;
} rel_index;

/* The reading of one presentation. */
typedef struct {
    zip_t *z;
    kj_builder *b;
    const char *path;
    kj_error *err;
    kj_buf text;         /* the paragraph being read */
    int page;            /* the slide's number among those shown (1-based) */
    rel_index rels;      /* the slide's relationships (SmartArt's parts) */
    char dir[512];       /* the slide's folder ("ppt/slides"), which they are relative to */
    size_t total;        /* bytes decompressed so far: all members share the limit */
    unsigned char *seen; /* a bit for each member of the zip: slides and
                          * diagrams read, each read once */
    size_t n_members;
} pptx;

static bool is_ns(const xmlNode *n, const char *ns, const char *local) {
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           !strcmp((const char *)n->ns->href, ns) && !strcmp((const char *)n->name, local);
}

/* The first child of n in namespace ns named local, or NULL. */
static const xmlNode *kid(const xmlNode *n, const char *ns, const char *local) {
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_ns(c, ns, local)) return c;
    return NULL;
}

/* Member name of the zip parsed as XML into *out (xmlFreeDoc); an error
 * when it is missing, too large or not XML. */
static kj_status read_xml(pptx *p, const char *name, xmlDoc **out) {
    *out = NULL;
    zip_int64_t idx = zip_name_locate(p->z, name, 0);
    if (idx < 0)
        return kj_error_set(p->err, KJ_ERR_FORMAT, "%s: not a PPTX (no %s in the zip)", p->path,
                            name);
    char *data = NULL;
    size_t len = 0;
    kj_status st = kj_zip_read_member(p->z, idx, p->path, name, p->total, p->b->max_bytes, &data,
                                      &len, p->err);
    if (st != KJ_OK) return st;
    p->total += len;
    st = kj_xml_read_part(p->path, "PPTX", name, data, len, out, p->err);
    free(data);
    return st;
}

/* The placeholder type of shape sp (p:nvSpPr/p:nvPr/p:ph type; xmlFree),
 * "body" for a placeholder without one, NULL for a shape that is none. */
static char *placeholder(const xmlNode *sp) {
    const xmlNode *ph = kid(kid(kid(sp, P_NS, "nvSpPr"), P_NS, "nvPr"), P_NS, "ph");
    if (!ph) return NULL;
    char *type = (char *)xmlGetProp((xmlNode *)ph, (const xmlChar *)"type");
    return type ? type : (char *)xmlStrdup((const xmlChar *)"body");
}

/* The text of paragraph a:p into p->text: its runs' a:t, a line break as
 * a newline; a field (slide number, date) is furniture and left out. */
static kj_status para_text(pptx *p, const xmlNode *ap) {
    kj_buf_reset(&p->text);
    for (const xmlNode *c = ap->children; c; c = c->next) {
        kj_status st = KJ_OK;
        if (is_ns(c, A_NS, "r")) {
            xmlChar *t = xmlNodeGetContent(kid(c, A_NS, "t"));
            if (t) st = kj_buf_puts(&p->text, (const char *)t);
            xmlFree(t);
        } else if (is_ns(c, A_NS, "br")) {
            st = kj_buf_putc(&p->text, '\n');
        }
        if (st != KJ_OK) return kj_error_set(p->err, KJ_ERR_NOMEM, "%s: out of memory", p->path);
    }
    return KJ_OK;
}

/* The paragraphs of text body tx as blocks of kind (a heading of level 1,
 * else its kind), or, for a table cell, joined into one block. */
static kj_status text_body(pptx *p, const xmlNode *tx, kj_block_kind kind, int level) {
    kj_buf cell = KJ_BUF_INIT;
    kj_status st = KJ_OK;
    for (const xmlNode *c = tx ? tx->children : NULL; c && st == KJ_OK; c = c->next) {
        if (!is_ns(c, A_NS, "p")) continue;
        st = para_text(p, c);
        if (st != KJ_OK || !p->text.len) continue;
        if (kind != KJ_BLOCK_TABLE_CELL) {
            st = kj_builder_add(p->b, kind, level, p->text.data, p->text.len, p->page, 0, p->err);
        } else if ((cell.len && kj_buf_putc(&cell, '\n') != KJ_OK) ||
                   kj_buf_append(&cell, p->text.data, p->text.len) != KJ_OK) {
            st = kj_error_set(p->err, KJ_ERR_NOMEM, "%s: out of memory", p->path);
        }
    }
    if (st == KJ_OK && cell.len)
        st = kj_builder_add(p->b, kind, 0, cell.data, cell.len, p->page, 0, p->err);
    kj_buf_free(&cell);
    return st;
}

/* A shape p:sp: its text unless it is the footer, date or slide number; a
 * title's paragraphs are headings. */
static kj_status shape(pptx *p, const xmlNode *sp) {
    char *ph = placeholder(sp);
    bool furniture = ph && (!strcmp(ph, "ftr") || !strcmp(ph, "dt") || !strcmp(ph, "sldNum"));
    bool title = ph && (!strcmp(ph, "title") || !strcmp(ph, "ctrTitle"));
    bool subtitle = ph && !strcmp(ph, "subTitle");
    xmlFree(ph);
    if (furniture) return KJ_OK;
    kj_block_kind kind = title || subtitle ? KJ_BLOCK_HEADING : KJ_BLOCK_PARAGRAPH;
    return text_body(p, kid(sp, P_NS, "txBody"), kind, title ? 1 : subtitle ? 2 : 0);
}

static const char *rel_target(const rel_index *rels, const char *id);

/* Whether member name is a slide or diagram not read before (and mark it
 * read). A presentation that lists one slide a million times (or a slide
 * one diagram as often) would have it read as often: each is read once. */
static bool first_read(pptx *p, const char *name) {
    zip_int64_t idx = zip_name_locate(p->z, name, 0);
    if (idx < 0 || !p->seen || (zip_uint64_t)idx >= p->n_members)
        return true; /* read_xml says what is wrong */
    unsigned char bit = (unsigned char)(1u << (idx % 8));
    if (p->seen[idx / 8] & bit) return false;
    p->seen[idx / 8] |= bit;
    return true;
}
static bool member_of(const char *dir, const char *target, char *out, size_t outsz);

/* The text of a SmartArt diagram (a:graphicData's dgm:relIds): its data
 * part's points (dgm:pt) with text, each a paragraph, in the data's order
 * (an organisation chart's boxes: 取締役会, CISO, CSIRT). The data part is
 * named by the slide's relationship r:dm. A diagram whose part is missing
 * is left out, as the slide shows no text of it. */
static kj_status diagram(pptx *p, const xmlNode *ids) {
    char *rid = (char *)xmlGetNsProp((xmlNode *)ids, (const xmlChar *)"dm", (const xmlChar *)R_NS);
    const char *target = rid ? rel_target(&p->rels, rid) : NULL;
    char name[512];
    kj_status st = KJ_OK;
    if (target && member_of(p->dir, target, name, sizeof name) &&
        zip_name_locate(p->z, name, 0) >= 0 && first_read(p, name)) {
        xmlDoc *x;
        st = read_xml(p, name, &x);
        const xmlNode *list = st == KJ_OK ? kid(xmlDocGetRootElement(x), DGM_NS, "ptLst") : NULL;
        for (const xmlNode *pt = list ? list->children : NULL; pt && st == KJ_OK; pt = pt->next)
            if (is_ns(pt, DGM_NS, "pt"))
                st = text_body(p, kid(pt, DGM_NS, "t"), KJ_BLOCK_PARAGRAPH, 0);
        xmlFreeDoc(x);
    }
    xmlFree(rid);
    return st;
}

static kj_status tables(pptx *p, const xmlNode *n, int depth);

/* A table (a:tbl) or one of its rows (a:tr) at depth: its cells are
 * numbered as of it (kj_builder_open_table, kj_builder_open_row). */
static kj_status table_part(pptx *p, const xmlNode *n, int depth) {
    kj_cell_place was =
        is_ns(n, A_NS, "tbl") ? kj_builder_open_table(p->b) : kj_builder_open_row(p->b);
    kj_status st = tables(p, n, depth);
    kj_builder_close(p->b, was);
    return st;
}

/* The cells of every table under n (a p:graphicFrame), row by row, and the
 * text of a SmartArt diagram in it. */
static kj_status tables(pptx *p, const xmlNode *n, int depth) {
    for (const xmlNode *c = n->children; c && depth < MAX_DEPTH; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        kj_status st = is_ns(c, A_NS, "tc")
                           ? text_body(p, kid(c, A_NS, "txBody"), KJ_BLOCK_TABLE_CELL, 0)
                       : is_ns(c, DGM_NS, "relIds")                    ? diagram(p, c)
                       : is_ns(c, A_NS, "tbl") || is_ns(c, A_NS, "tr") ? table_part(p, c, depth + 1)
                                                                       : tables(p, c, depth + 1);
        if (st != KJ_OK) return st;
    }
    return KJ_OK;
}

/* The shapes of a shape tree (p:spTree) or group (p:grpSp), in order. */
static kj_status shapes(pptx *p, const xmlNode *tree, int depth) {
    for (const xmlNode *c = tree ? tree->children : NULL; c; c = c->next) {
        kj_status st = KJ_OK;
        if (is_ns(c, P_NS, "sp"))
            st = shape(p, c);
        else if (is_ns(c, P_NS, "graphicFrame"))
            st = tables(p, c, 0);
        else if (is_ns(c, P_NS, "grpSp") && depth < MAX_DEPTH)
            st = shapes(p, c, depth + 1);
        if (st != KJ_OK) return st;
    }
    return KJ_OK;
}

/* Whether slide root sld is hidden (show="0"). */
static bool hidden_slide(const xmlNode *sld) {
    char *show = (char *)xmlGetProp((xmlNode *)sld, (const xmlChar *)"show");
    bool hidden = show && (!strcmp(show, "0") || !strcmp(show, "false"));
    xmlFree(show);
    return hidden;
}

static kj_status index_rels(pptx *p, const xmlDoc *x, rel_index *out);
static void free_rels(rel_index *r);

/* The relationships of slide member name ("ppt/slides/slideN.xml" ->
 * "ppt/slides/_rels/slideN.xml.rels") into p->rels, none when it has
 * none. p->dir gets the slide's folder. */
static kj_status slide_rels(pptx *p, const char *name) {
    const char *base = strrchr(name, '/');
    if (!base) return KJ_OK; /* a slide at the package root: no such package */
    snprintf(p->dir, sizeof p->dir, "%.*s", (int)(base - name), name);
    char rels[600];
    int n = snprintf(rels, sizeof rels, "%.*s/_rels/%s.rels", (int)(base - name), name, base + 1);
    if (n <= 0 || (size_t)n >= sizeof rels || zip_name_locate(p->z, rels, 0) < 0) return KJ_OK;
    xmlDoc *x;
    kj_status st = read_xml(p, rels, &x);
    if (st == KJ_OK) st = index_rels(p, x, &p->rels);
    xmlFreeDoc(x);
    return st;
}

/* One slide, member name: its shapes' text, on the next page. */
static kj_status slide(pptx *p, const char *name) {
    xmlDoc *x;
    kj_status st = read_xml(p, name, &x);
    if (st != KJ_OK) return st;
    const xmlNode *sld = xmlDocGetRootElement(x);
    if (sld && !hidden_slide(sld)) {
        p->page++;
        st = slide_rels(p, name);
        if (st == KJ_OK) st = shapes(p, kid(kid(sld, P_NS, "cSld"), P_NS, "spTree"), 0);
        free_rels(&p->rels);
    }
    xmlFreeDoc(x);
    return st;
}

/* The member a relationship's target names, into out: relative to the
 * folder dir of the part whose relationship it is ("ppt", "ppt/slides";
 * each leading "../" one folder up), or from the package root when it
 * starts with '/'. False when it does not fit or climbs out of the
 * package. */
static bool member_of(const char *dir, const char *target, char *out, size_t outsz) {
    size_t keep = strlen(dir);
    if (target[0] == '/') {
        keep = 0;
        target++;
    }
    while (!strncmp(target, "../", 3)) {
        const char *slash = keep ? memrchr(dir, '/', keep) : NULL;
        if (!keep) return false;
        keep = slash ? (size_t)(slash - dir) : 0;
        target += 3;
    }
    if (strstr(target, "..")) return false;
    int n = snprintf(out, outsz, "%.*s%s%s", (int)keep, dir, keep ? "/" : "", target);
    return n > 0 && (size_t)n < outsz;
}

static int cmp_rels(const void *a, const void *b) {
    const struct rel *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : x->order < y->order ? -1 : x->order > y->order;
}

static void free_rels(rel_index *r) {
    for (size_t i = 0; i < r->n; i++) {
        xmlFree(r->v[i].id);
        xmlFree(r->v[i].target);
    }
    free(r->v);
    *r = (rel_index){0};
}

/* The relationships of .rels document x (its Relationship elements with
 * an Id) into *out, sorted by ID. */
static kj_status index_rels(pptx *p, const xmlDoc *x, rel_index *out) {
    *out = (rel_index){0};
    const xmlNode *root = xmlDocGetRootElement((xmlDoc *)x);
    size_t n = 0;
    for (const xmlNode *r = root ? root->children : NULL; r; r = r->next)
        n += r->type == XML_ELEMENT_NODE && !strcmp((const char *)r->name, "Relationship");
    if (!n) return KJ_OK;
    if (!(out->v = calloc(n, sizeof *out->v)))
        return kj_error_set(p->err, KJ_ERR_NOMEM, "%s: out of memory", p->path);
    for (const xmlNode *r = root->children; r; r = r->next) {
        if (r->type != XML_ELEMENT_NODE || strcmp((const char *)r->name, "Relationship")) continue;
        char *id = (char *)xmlGetProp((xmlNode *)r, (const xmlChar *)"Id");
        if (!id) continue;
        size_t i = out->n++;
        out->v[i] =
            (struct rel){.id = id,
                         .target = (char *)xmlGetProp((xmlNode *)r, (const xmlChar *)"Target"),
                         .order = i};
    }
    if (out->n > 1) qsort(out->v, out->n, sizeof *out->v, cmp_rels);
    return KJ_OK;
}

/* The target of relationship id in rels (the first of that ID), or NULL. */
static const char *rel_target(const rel_index *rels, const char *id) {
    const struct rel *r =
        kj_find_by_id(rels->v, rels->n, sizeof *rels->v, offsetof(struct rel, id), id);
    return r ? r->target : NULL;
}

/* The slides in the presentation's order: p:sldIdLst's r:id through
 * ppt/_rels/presentation.xml.rels. */
static kj_status slides(pptx *p) {
    xmlDoc *pres, *x = NULL;
    rel_index rels = {0};
    kj_status st = read_xml(p, "ppt/presentation.xml", &pres);
    if (st == KJ_OK) st = read_xml(p, "ppt/_rels/presentation.xml.rels", &x);
    if (st == KJ_OK) st = index_rels(p, x, &rels);
    xmlFreeDoc(x);
    if (st != KJ_OK) {
        xmlFreeDoc(pres);
        return st;
    }
    const xmlNode *list = kid(xmlDocGetRootElement(pres), P_NS, "sldIdLst");
    for (const xmlNode *s = list ? list->children : NULL; s && st == KJ_OK; s = s->next) {
        if (!is_ns(s, P_NS, "sldId")) continue;
        char *rid =
            (char *)xmlGetNsProp((xmlNode *)s, (const xmlChar *)"id", (const xmlChar *)R_NS);
        const char *target = rid ? rel_target(&rels, rid) : NULL;
        char name[512];
        if (target && member_of("ppt", target, name, sizeof name) && first_read(p, name))
            st = slide(p, name);
        xmlFree(rid);
    }
    free_rels(&rels);
    xmlFreeDoc(pres);
    return st;
}

kj_status kj_read_pptx(kj_builder *b, const char *path, kj_error *err) {
    b->doc->format = KJ_FORMAT_PPTX;
    b->doc->encoding = "UTF-8";
    zip_t *z;
    kj_status st = kj_zip_open(path, "PPTX", &z, err);
    if (st != KJ_OK) return st;
    pptx p = {.z = z, .b = b, .path = path, .err = err, .text = KJ_BUF_INIT};
    zip_int64_t n = zip_get_num_entries(z, 0);
    p.n_members = n > 0 ? (size_t)n : 0;
    p.seen = calloc(p.n_members / 8 + 1, 1);
    st = p.seen ? slides(&p) : kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    free(p.seen);
    if (st == KJ_OK) b->doc->n_pages = p.page;
    kj_buf_free(&p.text);
    zip_discard(z);
    return st;
}
