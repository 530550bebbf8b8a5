/*
 * pdf.c - PDF reader on MuPDF's structured text. Pages are loaded one at a
 * time and only their lines (text, box, font size) are kept, so memory is
 * bounded by the text, not the PDF. Then two passes over the lines:
 *   1. page furniture: lines in the top/bottom margin band whose text (digits
 *      folded) repeats on many pages, and bare page numbers ("- 12 -", "12",
 *      "12/75", "Page 3"), are dropped;
 *   2. paragraphs: consecutive lines are joined when the previous one runs to
 *      the right edge of the text column (its line wrapped) and nothing marks
 *      a new paragraph (gap, size change, indent, list marker). Paragraphs
 *      continue across page breaks the same way. Joining follows the script
 *      rules of kj_join_line (no space in CJK, de-hyphenation in English).
 * Every MuPDF call runs under fz_try so a hostile PDF becomes an error.
 */
#include "ingest_internal.h"

#include <math.h>
#include <mupdf/fitz.h>
#include <mupdf/pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t off, len; /* text in the pool */
    float x0, y0, x1, y1, size;
    float bx1; /* right edge of the MuPDF block holding the line */
    int page;  /* 0-based */
    int block; /* stext block number on the page */
    int nchars;
    bool bold, furniture;
} pline;

typedef struct {
    kj_buf pool;
    pline *v;
    size_t n, cap;
    float *page_h; /* height of each page */
    int n_pages;
    bool nomem;
    char warning[256]; /* MuPDF's first warning (why a repair happened) */
} lines;

static void on_warning(void *user, const char *msg) {
    lines *l = user;
    if (!l->warning[0]) snprintf(l->warning, sizeof l->warning, "%s", msg);
}

static void ignore_error(void *user, const char *msg) {
    (void)user;
    (void)msg;
}

static bool is_space_cp(int c) {
    return c == ' ' || c == '\t' || c == 0xA0 || c == 0x3000 || c == '\n' || c == '\r';
}

/* Append one stext line to l (trimmed; whitespace-only lines skipped). */
static void add_line(fz_context *ctx, lines *l, fz_stext_line *ln, int page, int block, float bx1) {
    size_t off = l->pool.len;
    int n = 0;
    float size = 0;
    bool bold = false;
    for (fz_stext_char *ch = ln->first_char; ch; ch = ch->next) {
        if (n == 0 && is_space_cp(ch->c)) continue;
        if (n == 0) {
            size = ch->size;
            bold = ch->font && fz_font_is_bold(ctx, ch->font);
        }
        char u[8];
        size_t k = kj_utf8_encode(ch->c > 0 && ch->c < 0x110000 ? ch->c : 0xFFFD, u);
        if (kj_buf_append(&l->pool, u, k) != KJ_OK) {
            l->nomem = true;
            return;
        }
        n++;
    }
    while (l->pool.len > off && l->pool.data[l->pool.len - 1] == ' ')
        l->pool.len--;
    if (l->pool.len == off) return;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 1024;
        pline *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->nomem = true;
            return;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = (pline){.off = off,
                           .len = l->pool.len - off,
                           .x0 = ln->bbox.x0,
                           .y0 = ln->bbox.y0,
                           .x1 = ln->bbox.x1,
                           .y1 = ln->bbox.y1,
                           .size = size,
                           .bx1 = bx1,
                           .page = page,
                           .block = block,
                           .nchars = n,
                           .bold = bold};
}

static void collect_page(fz_context *ctx, lines *l, fz_stext_page *sp, int page) {
    int bno = 0;
    for (fz_stext_block *b = sp->first_block; b && !l->nomem; b = b->next, bno++) {
        if (b->type != FZ_STEXT_BLOCK_TEXT) continue;
        for (fz_stext_line *ln = b->u.t.first_line; ln && !l->nomem; ln = ln->next)
            if (ln->wmode == 0) add_line(ctx, l, ln, page, bno, b->bbox.x1);
    }
}

/* Load, extract and drop one page. Returns MuPDF's message on failure. */
static bool extract_page(fz_context *ctx, fz_document *doc, lines *l, int i, char *why,
                         size_t whysz) {
    fz_page *volatile page = NULL;
    fz_stext_page *volatile sp = NULL;
    bool ok = true;
    fz_stext_options opts = {.flags = FZ_STEXT_MEDIABOX_CLIP};
    fz_try(ctx) {
        page = fz_load_page(ctx, doc, i);
        fz_rect r = fz_bound_page(ctx, page);
        if (l->page_h) l->page_h[i] = r.y1 - r.y0; /* NULL only when out of memory */
        sp = fz_new_stext_page_from_page(ctx, page, &opts);
        collect_page(ctx, l, sp, i);
    }
    fz_always(ctx) {
        fz_drop_stext_page(ctx, sp);
        fz_drop_page(ctx, page);
    }
    fz_catch(ctx) {
        snprintf(why, whysz, "%s", fz_caught_message(ctx));
        ok = false;
    }
    return ok;
}

/* ---- furniture ---------------------------------------------------------- */

/* The line's text with digit runs folded to '#' and spaces removed. */
static void furniture_key(const char *s, size_t len, char *out, size_t outsz) {
    size_t k = 0;
    for (size_t i = 0; i < len && k + 1 < outsz; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ') continue;
        if (c >= '0' && c <= '9') {
            if (k == 0 || out[k - 1] != '#') out[k++] = '#';
            continue;
        }
        out[k++] = (char)c;
    }
    out[k] = '\0';
}

static bool in_band(const lines *l, const pline *p) {
    float h = l->page_h[p->page];
    return h > 0 && (p->y1 <= h * 0.10f || p->y0 >= h * 0.90f);
}

static uint64_t hash_str(const char *s) {
    return kj_fnv1a64(1469598103934665603ULL, s, strlen(s));
}

typedef struct {
    uint64_t h;
    int count, last_page;
} slot;

/* Count on how many pages each band key occurs; mark repeating ones. */
static bool mark_furniture(lines *l) {
    size_t nb = 0;
    for (size_t i = 0; i < l->n; i++)
        nb += in_band(l, &l->v[i]);
    size_t cap = 64;
    while (cap < nb * 2)
        cap *= 2;
    slot *t = calloc(cap, sizeof *t);
    uint64_t *hs = calloc(l->n ? l->n : 1, sizeof *hs);
    if (!t || !hs) {
        free(t);
        free(hs);
        return false;
    }
    char key[256];
    for (size_t i = 0; i < l->n; i++) {
        pline *p = &l->v[i];
        if (!in_band(l, p)) continue;
        furniture_key(l->pool.data + p->off, p->len, key, sizeof key);
        if (kj_is_page_number(l->pool.data + p->off, p->len)) {
            p->furniture = true;
            continue;
        }
        uint64_t h = hash_str(key) | 1;
        hs[i] = h;
        size_t j = h & (cap - 1);
        while (t[j].h && t[j].h != h)
            j = (j + 1) & (cap - 1);
        t[j].h = h;
        if (t[j].last_page != p->page + 1) t[j].count++, t[j].last_page = p->page + 1;
    }
    int need = l->n_pages * 3 / 10;
    if (need < 2) need = 2;
    for (size_t i = 0; l->n_pages >= 2 && i < l->n; i++) {
        if (!hs[i]) continue;
        size_t j = hs[i] & (cap - 1);
        while (t[j].h != hs[i])
            j = (j + 1) & (cap - 1);
        if (t[j].count >= need) l->v[i].furniture = true;
    }
    free(t);
    free(hs);
    return true;
}

/* ---- paragraphs --------------------------------------------------------- */

typedef struct {
    float body;   /* the most common font size */
    float *right; /* right edge of the text column per page */
} layout;

static int cmp_float(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

static bool measure(const lines *l, layout *lay) {
    lay->right = calloc((size_t)l->n_pages + 1, sizeof *lay->right);
    float *sizes = malloc((l->n ? l->n : 1) * sizeof *sizes);
    if (!lay->right || !sizes) {
        free(sizes);
        return false;
    }
    size_t ns = 0;
    for (size_t i = 0; i < l->n; i++)
        if (!l->v[i].furniture) sizes[ns++] = roundf(l->v[i].size * 2) / 2;
    qsort(sizes, ns, sizeof *sizes, cmp_float);
    float best = ns ? sizes[0] : 10;
    for (size_t i = 0, run = 0, bestrun = 0; i < ns; i++) {
        run = i && sizes[i] == sizes[i - 1] ? run + 1 : 1;
        if (run > bestrun) bestrun = run, best = sizes[i];
    }
    free(sizes);
    lay->body = best > 0 ? best : 10;
    /* the text column's right edge: the 95th percentile of line ends over the
     * document (one wide line or a short last page must not move it); a page
     * laid out wider (landscape table) keeps its own */
    float *ends = malloc((l->n ? l->n : 1) * sizeof *ends);
    if (!ends) return false;
    size_t ne = 0;
    for (size_t i = 0; i < l->n; i++)
        if (!l->v[i].furniture) ends[ne++] = l->v[i].x1;
    qsort(ends, ne, sizeof *ends, cmp_float);
    float edge = ne ? ends[(ne - 1) * 95 / 100] : 0;
    free(ends);
    for (size_t i = 0; i < l->n; i++) {
        const pline *p = &l->v[i];
        if (!p->furniture && p->x1 > lay->right[p->page]) lay->right[p->page] = p->x1;
    }
    for (int i = 0; i < l->n_pages; i++)
        if (lay->right[i] <= edge * 1.1f) lay->right[i] = edge;
    return true;
}

static int first_cp(const lines *l, const pline *p) {
    int32_t cp;
    kj_utf8_decode(l->pool.data + p->off, p->len, &cp);
    return cp;
}

static bool starts_list(const lines *l, const pline *p) {
    static const int32_t marks[] = {0x2022, 0x30FB, 0x25CF, 0x25A0, 0x25C6, 0x25AA, 0x25CB,
                                    0x25A1, 0x2023, 0x2043, 0xFF65, 0x203B, 0x2027};
    int32_t c = first_cp(l, p);
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (c == marks[i]) return true;
    return (c >= 0x2460 && c <= 0x24FF) || (c >= 0x2776 && c <= 0x2793); /* ①, ❶ */
}

/* Width the first word of p would take at the end of the previous line. */
static float first_word_width(const lines *l, const pline *p) {
    const char *s = l->pool.data + p->off;
    float per = p->nchars ? (p->x1 - p->x0) / p->nchars : p->size;
    if (kj_is_cjk(first_cp(l, p))) return p->size;
    int n = 0;
    for (size_t i = 0; i < p->len && s[i] != ' ';) {
        int32_t cp;
        i += kj_utf8_decode(s + i, p->len - i, &cp);
        if (kj_is_cjk(cp)) break;
        n++;
    }
    return n * per + per; /* the word and a space */
}

static int heading_level(const layout *lay, const pline *p, const lines *l) {
    float r = p->size / lay->body;
    if (r >= 1.8f) return 1;
    if (r >= 1.4f) return 2;
    if (r >= 1.15f) return 3;
    if (p->bold && p->nchars <= 80) {
        int32_t last = kj_utf8_last(l->pool.data + p->off, p->len);
        if (last != '.' && last != 0x3002 && last != ',' && last != 0x3001) return 4;
    }
    return 0;
}

/* Does line cur continue the paragraph whose last line is prev? first is
 * true when prev is the paragraph's first line. */
static bool continues(const lines *l, const layout *lay, const pline *prev, const pline *cur,
                      bool first) {
    float size = cur->size > prev->size ? cur->size : prev->size;
    if (fabsf(cur->size - prev->size) > 0.15f * size) return false;
    if (heading_level(lay, prev, l) != heading_level(lay, cur, l)) return false;
    if (starts_list(l, cur)) return false;
    if (cur->page == prev->page) {
        float overlap = fminf(prev->y1, cur->y1) - fmaxf(prev->y0, cur->y0);
        float h = fminf(prev->y1 - prev->y0, cur->y1 - cur->y0);
        if (overlap > 0.5f * h) /* same row: a fragment of the same line, or a table */
            return cur->x0 >= prev->x1 - 1 && cur->x0 - prev->x1 < 1.5f * size;
        if (cur->y0 < prev->y0) return false; /* moved up: a new column */
        float lh = fmaxf(prev->y1 - prev->y0, cur->y1 - cur->y0);
        if (cur->y0 - prev->y1 > 0.8f * lh) return false; /* paragraph spacing */
    } else if (cur->page != prev->page + 1) {
        return false;
    }
    if (!first && cur->x0 > prev->x0 + 0.5f * size) return false; /* indented first line */
    /* within one MuPDF block the block's own right edge is the column's */
    bool same = cur->page == prev->page && cur->block == prev->block;
    float right = same ? prev->bx1 : lay->right[prev->page];
    return prev->x1 + first_word_width(l, cur) >= right - 0.2f * size;
}

static kj_block_kind para_kind(const lines *l, const pline *p) {
    return starts_list(l, p) ? KJ_BLOCK_LIST_ITEM : KJ_BLOCK_PARAGRAPH;
}

static kj_status build_blocks(kj_builder *b, lines *l, kj_error *err) {
    layout lay = {0};
    if (!measure(l, &lay)) {
        free(lay.right);
        return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", b->doc->path);
    }
    kj_buf para = KJ_BUF_INIT;
    kj_status st = KJ_OK;
    const pline *start = NULL, *prev = NULL;
    for (size_t i = 0; i <= l->n && st == KJ_OK; i++) {
        const pline *cur = i < l->n ? &l->v[i] : NULL;
        if (cur && cur->furniture) continue;
        bool join = cur && prev && continues(l, &lay, prev, cur, prev == start);
        if (!join && start) {
            int lvl = heading_level(&lay, start, l);
            kj_block_kind k = lvl ? KJ_BLOCK_HEADING : para_kind(l, start);
            st = kj_builder_add(b, k, lvl == 4 ? 0 : lvl, para.data, para.len, start->page + 1, 0,
                                err);
            kj_buf_reset(&para);
            start = NULL;
        }
        if (!cur) break;
        if (!start) start = cur;
        if (kj_join_line(&para, l->pool.data + cur->off, cur->len) != KJ_OK)
            st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", b->doc->path);
        prev = cur;
    }
    kj_buf_free(&para);
    free(lay.right);
    return st;
}

/* ---- the document --------------------------------------------------------- */

static bool has_pdf_header(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char head[1024];
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    return n >= 5 && memmem(head, n, "%PDF-", 5) != NULL;
}

static bool has_eof_marker(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char tail[4096];
    if (fseek(f, -(long)sizeof tail, SEEK_END) != 0) rewind(f);
    size_t n = fread(tail, 1, sizeof tail, f);
    fclose(f);
    return memmem(tail, n, "%%EOF", 5) != NULL;
}

static void metadata_title(fz_context *ctx, fz_document *doc, kj_builder *b) {
    char t[512] = "";
    volatile int n = -1;
    fz_try(ctx) n = fz_lookup_metadata(ctx, doc, FZ_META_INFO_TITLE, t, sizeof t);
    fz_catch(ctx) n = -1;
    if (n > 0 && t[0] && kj_utf8_valid(t, strlen(t)))
        b->doc->title = kj_arena_strdup(b->doc->arena, t);
}

/* Open doc and check it can be read (password, pages). */
static kj_status open_pdf(fz_context *ctx, const char *path, fz_document **out, int *pages,
                          lines *l, kj_error *err) {
    fz_document *volatile doc = NULL;
    volatile int np = 0;
    char why[256] = "";
    fz_try(ctx) {
        doc = fz_open_document(ctx, path);
        if (!(fz_needs_password(ctx, doc) && !fz_authenticate_password(ctx, doc, "")))
            np = fz_count_pages(ctx, doc);
        else
            np = -1;
    }
    fz_catch(ctx) snprintf(why, sizeof why, "%s", fz_caught_message(ctx));
    fz_flush_warnings(ctx);
    if (why[0] || np < 0) fz_drop_document(ctx, doc);
    if (why[0])
        return kj_error_set(err, KJ_ERR_FORMAT, "%s: truncated or corrupt PDF: %s", path, why);
    if (np < 0)
        return kj_error_set(err, KJ_ERR_UNSUPPORTED, "%s: encrypted PDF (password required)", path);
    if (!has_eof_marker(path)) {
        fz_drop_document(ctx, doc);
        return kj_error_set(err, KJ_ERR_FORMAT,
                            "%s: truncated or corrupt PDF (no %%%%EOF at the end)%s%s", path,
                            l->warning[0] ? ": " : "", l->warning);
    }
    if (np == 0) {
        fz_drop_document(ctx, doc);
        return kj_error_set(err, KJ_ERR_FORMAT, "%s: PDF has no pages%s%s", path,
                            l->warning[0] ? ": " : "", l->warning);
    }
    *out = doc;
    *pages = np;
    return KJ_OK;
}

static kj_status read_pages(fz_context *ctx, kj_builder *b, const char *path, lines *l,
                            kj_error *err) {
    fz_document *doc = NULL;
    int np = 0;
    kj_status st = open_pdf(ctx, path, &doc, &np, l, err);
    if (st != KJ_OK) return st;
    metadata_title(ctx, doc, b);
    b->doc->n_pages = np;
    l->n_pages = np;
    l->page_h = calloc(np > 0 ? (size_t)np : 1, sizeof *l->page_h);
    if (!l->page_h) st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    char why[256];
    for (int i = 0; i < np && st == KJ_OK; i++) {
        if (!extract_page(ctx, doc, l, i, why, sizeof why))
            st = kj_error_set(err, KJ_ERR_FORMAT, "%s: corrupt PDF: page %d: %s", path, i + 1, why);
        else if (l->nomem)
            st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
        else if (l->pool.len > b->max_bytes)
            st = kj_error_set(err, KJ_ERR_TOO_LARGE,
                              "%s: extracted text exceeds the limit of %zu bytes", path,
                              b->max_bytes);
    }
    fz_drop_document(ctx, doc);
    return st;
}

kj_status kj_read_pdf(kj_builder *b, const char *path, kj_error *err) {
    b->doc->format = KJ_FORMAT_PDF;
    if (!has_pdf_header(path))
        return kj_error_set(err, KJ_ERR_FORMAT, "%s: not a PDF (no %%PDF header)", path);
    fz_context *ctx = fz_new_context(NULL, NULL, FZ_STORE_DEFAULT);
    if (!ctx) return kj_error_set(err, KJ_ERR_NOMEM, "%s: cannot start MuPDF", path);
    lines l = {.pool = KJ_BUF_INIT};
    fz_set_warning_callback(ctx, on_warning, &l);
    fz_set_error_callback(ctx, ignore_error, NULL);
    kj_status st = KJ_OK;
    fz_try(ctx) fz_register_document_handlers(ctx);
    fz_catch(ctx) st = kj_error_set(err, KJ_ERR_INTERNAL, "%s: cannot start MuPDF", path);
    if (st == KJ_OK) st = read_pages(ctx, b, path, &l, err);
    if (st == KJ_OK && l.n == 0)
        st =
            kj_error_set(err, KJ_ERR_FORMAT,
                         "%s: no text layer (scanned PDF?); kaiji reads the text layer only", path);
    if (st == KJ_OK && !mark_furniture(&l))
        st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    if (st == KJ_OK) st = build_blocks(b, &l, err);
    kj_buf_free(&l.pool);
    free(l.v);
    free(l.page_h);
    fz_drop_context(ctx);
    return st;
}
