/*
 * html.c - HTML/XHTML reader (EDINET inline XBRL, SEC 10-K filings, plain
 * web pages) on libxml2's forgiving HTML parser. It walks the tree once,
 * turning block elements into blocks and inline content into their text, and
 * drops what a reader never sees: script, style, head, display:none subtrees
 * and the inline-XBRL header (ix:header, which the HTML parser keeps as an
 * element literally named "ix:header"), and a ruby's reading; and a web
 * page's own navigation (site_chrome: menus, the site's footer). A note's mark
 * in <sup> is kept apart from the word before it (note_mark_after_word).
 * Filings mark headings in many ways (h1-h6, classes such as smt_head1, bold
 * spans in 10-Ks), so headings are also recognised from short, entirely bold
 * blocks. A <br> ends a block: EDINET separates its paragraphs with <br>
 * inside one <p>; but a long line that a <br> cuts mid-sentence goes on in
 * the next (wraps_line), and in a table's cell a label or a sentence that
 * one <br> cut goes on in its next line (cell_line_goes_on, cellwrap.c: a
 * row's label set over two lines), as one that the cell set as <p> or
 * <div> elements of their own, a line each, does in the next of them
 * (cell_paragraph_goes_on), a <br> last in such an element counting for
 * nothing (br_ends_block). A table cell says which table, row and cell
 * (<td>, whose paragraphs are blocks of their own but where a line goes
 * on) it is in. A block's line is that of its first text (see "the line a
 * text starts on"). An inline-XBRL filing whose <title> is only a name
 * ("abc-20241231") is titled by its cover facts (ixbrl.c), which the
 * parser's events show it, hidden or not (set_title).
 * Elements nested deeper than libxml2 parses (256) are an error, not
 * a file read up to them. The page is read while libxml2 parses it, and
 * what has been read is freed (see "reading while the parser builds the
 * tree"), so a large page takes little more memory than its text.
 */
#include "ingest_internal.h"

#include <ctype.h>
#include <stddef.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DEPTH 512 /* deeper nesting is flattened into its ancestor's text */

typedef struct {
    kj_builder *b;
    kj_error *err;
    kj_buf text;  /* inline text of the block being collected */
    size_t bold;  /* bytes of non-space text inside bold markup */
    size_t plain; /* bytes of non-space text outside it */
    int line;     /* source line of the block's first text */
    int bold_depth;
    size_t linked; /* bytes of non-space text inside <a href> */
    int link_depth;
    int links;        /* <a href> elements in the block */
    bool after_break; /* page furniture was dropped since the last block */
    size_t page_from; /* the first block since the last page number (printed_page) */
    int last_page;    /* the last page number given to blocks */
    bool br_wrap;     /* a <br> just ended a long line mid-sentence (wraps_line) */
    bool cell_br;     /* a single <br> just cut a line of a table's cell (cell_line_goes_on) */
    /* A <p> or <div> of a table's cell just ended, its text read into the
     * last block, and since then nothing but markup without text: the
     * text of the next <p> or <div> in the cell may go on from it
     * (cell_paragraph_goes_on). */
    bool cell_par;
    int par_depth;     /* <p> and <div> elements open */
    int par_floor;     /* par_depth after the <p> or <div> that set cell_par ended */
    size_t texts;      /* flushes that read text into the blocks, counted */
    size_t line_chars; /* characters the last flush added to the blocks */
    kj_block_kind kind;
    int level;
    const char *title; /* arena-owned <title> text */
    kj_buf ix_title;   /* an inline-XBRL filing's title by its cover facts (kj_ix_title) */
    kj_buf ix_company; /* and its registrant's name (kj_ix_company) */
    /* A bare number read as a block, held until it is known whether it is
     * a page's printed number (a page break follows) or text of its own
     * (a figure, a year of a timeline): see hold_number. */
    kj_buf held;
    int held_line;
    kj_block_kind held_kind;
    int held_level;
    bool paginated;  /* a page break (<hr>, page-break CSS) has been read */
    bool heading_br; /* a <br> has cut the heading being read into lines */
} walker;

static bool name_is(const xmlNode *n, const char *name) {
    return n->name && !strcasecmp((const char *)n->name, name);
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether n's name, in lower case, is one of the count names of sorted (in
 * strcmp order): a binary search, as every element of a filing asks. */
static bool name_in(const xmlNode *n, const char *const *sorted, size_t count) {
    char low[16];
    const char *nm = (const char *)n->name;
    size_t k = 0;
    for (; nm && nm[k]; k++) {
        if (k + 1 >= sizeof low) return false; /* longer than any listed name */
        low[k] = (char)tolower((unsigned char)nm[k]);
    }
    low[k] = '\0';
    const char *key = low;
    return nm && bsearch(&key, sorted, count, sizeof *sorted, cmp_names) != NULL;
}

static char *attr(const xmlNode *n, const char *name) {
    return (char *)xmlGetProp((xmlNode *)n, (const xmlChar *)name);
}

/* What an element's style attribute says of its text (KJ_STYLE_*). */
enum { KJ_STYLE_HIDDEN = 1, KJ_STYLE_SET_APART = 2, KJ_STYLE_PAGE_BREAK = 4 };

/* The flag one declaration gives: prop and value in lower case without
 * white space; a value counts by its start ("bolder" is bold). */
static int declaration_flag(const char *prop, const char *value) {
    static const struct {
        const char *prop, *value;
        int flag;
    } flags[] = {{"display", "none", KJ_STYLE_HIDDEN},
                 {"visibility", "hidden", KJ_STYLE_HIDDEN},
                 {"font-weight", "bold", KJ_STYLE_SET_APART},
                 {"font-weight", "700", KJ_STYLE_SET_APART},
                 {"font-weight", "800", KJ_STYLE_SET_APART},
                 {"font-weight", "900", KJ_STYLE_SET_APART},
                 {"text-decoration", "underline", KJ_STYLE_SET_APART},
                 {"font-style", "italic", KJ_STYLE_SET_APART},
                 {"page-break-after", "always", KJ_STYLE_PAGE_BREAK},
                 {"page-break-before", "always", KJ_STYLE_PAGE_BREAK},
                 {"break-after", "page", KJ_STYLE_PAGE_BREAK},
                 {"break-before", "page", KJ_STYLE_PAGE_BREAK}};
    size_t n = strlen(prop);
    if (n != 7 && n != 10 && n != 11 && n != 12 && n != 15 && n != 16 && n != 17)
        return 0; /* none of the properties */
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (!strcmp(prop, flags[i].prop) && !strncmp(value, flags[i].value, strlen(flags[i].value)))
            return flags[i].flag;
    return 0;
}

/* The KJ_STYLE_* flags of n's style attribute, read once in one pass over
 * its declarations, case and white space ignored: filings give most
 * elements a long style. */
static int style_flags(const xmlNode *n) {
    char *st = attr(n, "style");
    if (!st) return 0;
    size_t k = 0;
    for (const char *p = st; *p; p++)
        if (!isspace((unsigned char)*p)) st[k++] = (char)tolower((unsigned char)*p);
    st[k] = '\0';
    int flags = 0;
    for (char *d = st; d && *d;) {
        char *next = strchr(d, ';');
        if (next) *next++ = '\0';
        char *colon = strchr(d, ':');
        if (colon) {
            *colon = '\0';
            flags |= declaration_flag(d, colon + 1);
        }
        d = next;
    }
    xmlFree(st);
    return flags;
}

static bool hidden(const xmlNode *n, int style) {
    /* rt and rp: a ruby's reading (かんじ over 漢字), not the text */
    static const char *const drop[] = {/* sorted */
                                       "head", "header:ix", "ix:header", "noscript", "object", "rp",
                                       "rt",   "script",    "style",     "template", "title"};
    if (name_in(n, drop, sizeof drop / sizeof drop[0])) return true;
    /* HTML's hidden attribute: not rendered, as display:none */
    return (style & KJ_STYLE_HIDDEN) || xmlHasProp(n, (const xmlChar *)"hidden");
}

/* ---- a web page's own navigation ---------------------------------------
 * A report published as a web page comes with the site around it: menus,
 * breadcrumbs, a search box and the site's footer. They name the site's
 * other pages (情報セキュリティ基本方針, Privacy) and would read as passages
 * about the topic, so they are not read. */

/* Whether n's role attribute names site navigation (navigation, search,
 * contentinfo: the site's footer). Its attributes are looked through
 * without a copy: every block of a filing asks. */
static bool chrome_role(const xmlNode *n) {
    static const char *const roles[] = {"contentinfo", "navigation", "search"};
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (!a->name || strcasecmp((const char *)a->name, "role")) continue;
        const xmlNode *v = a->children;
        if (!v || v->type != XML_TEXT_NODE || !v->content) return false;
        for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
            if (!strcasecmp((const char *)v->content, roles[i])) return true;
        return false;
    }
    return false;
}

/* Whether <footer> n is the page's own: no article, section, aside, nav or
 * main holds it (a footer inside one of those is that part's). */
static bool page_footer(const xmlNode *n) {
    static const char *const scopes[] = {/* sorted */
                                         "article", "aside", "main", "nav", "section"};
    if (!name_is(n, "footer")) return false;
    for (const xmlNode *a = n->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent)
        if (name_in(a, scopes, sizeof scopes / sizeof scopes[0])) return false;
    return true;
}

/* Whether n is a link (<a href>), whose text the walker counts apart. */
static bool is_link(const xmlNode *n) {
    return name_is(n, "a") && xmlHasProp((xmlNode *)n, (const xmlChar *)"href");
}

/* Characters of text in n outside links (*loose) and inside them
 * (*linked), not counting white space; stops counting past limit. */
static void link_text(const xmlNode *n, bool in_link, size_t *loose, size_t *linked, size_t limit,
                      int depth) {
    for (const xmlNode *c = n->children; c && *loose + *linked <= limit; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content) {
            size_t k = 0;
            for (const unsigned char *t = c->content; *t; t++)
                k += !isspace(*t) && (*t & 0xC0) != 0x80;
            *(in_link ? linked : loose) += k;
        } else if (c->type == XML_ELEMENT_NODE && depth < MAX_DEPTH) {
            link_text(c, in_link || is_link(c), loose, linked, limit, depth + 1);
        }
    }
}

/* Entries of a link menu: each a short link and nothing else. */
#define KJ_MENU_ENTRIES 4
#define KJ_MENU_CHARS 40

/* Whether list n (ul, ol) is a menu: KJ_MENU_ENTRIES or more entries, each
 * a link of at most KJ_MENU_CHARS characters with no text outside it. */
static bool link_menu(const xmlNode *n) {
    if (!name_is(n, "ul") && !name_is(n, "ol")) return false;
    int entries = 0;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (!name_is(c, "li")) return false;
        size_t loose = 0, linked = 0;
        link_text(c, false, &loose, &linked, KJ_MENU_CHARS, 0);
        if (loose || !linked || linked > KJ_MENU_CHARS) return false;
        entries++;
    }
    return entries >= KJ_MENU_ENTRIES;
}

/* Whether n is the site's navigation around a page, not read: <nav>, an
 * element whose role names navigation, the page's own <footer>, or a
 * list of links (link_menu). */
static bool site_chrome(const xmlNode *n) {
    switch (n->name ? tolower(n->name[0]) : 0) { /* the names asked of below */
    case 'n':
        if (name_is(n, "nav")) return true;
        break;
    case 'f':
        if (page_footer(n)) return true;
        break;
    case 'o':
    case 'u':
        if (link_menu(n)) return true;
        break;
    default:
        break;
    }
    return n->properties && chrome_role(n);
}

static bool is_block_tag(const xmlNode *n) {
    static const char *const tags[] = {
        /* sorted */
        "address", "article", "aside",   "blockquote", "body",     "caption",    "center", "dd",
        "details", "div",     "dl",      "dt",         "fieldset", "figcaption", "figure", "footer",
        "form",    "h1",      "h2",      "h3",         "h4",       "h5",         "h6",     "header",
        "hr",      "html",    "legend",  "li",         "main",     "nav",        "ol",     "p",
        "pre",     "section", "summary", "table",      "tbody",    "td",         "tfoot",  "th",
        "thead",   "tr",      "ul"};
    return name_in(n, tags, sizeof tags / sizeof tags[0]);
}

/* Bold, underlined or italic: how filings set their sub-headings apart.
 * style: style_flags(n). */
static bool is_bold(const xmlNode *n, int style) {
    return name_is(n, "b") || name_is(n, "strong") || name_is(n, "u") || name_is(n, "i") ||
           name_is(n, "em") || (style & KJ_STYLE_SET_APART);
}

/* Kind and level a block element gives its text. */
static void block_kind(const xmlNode *n, kj_block_kind *kind, int *level) {
    const char *nm = (const char *)n->name;
    if ((nm[0] == 'h' || nm[0] == 'H') && nm[1] >= '1' && nm[1] <= '6' && !nm[2]) {
        *kind = KJ_BLOCK_HEADING;
        *level = nm[1] - '0';
        return;
    }
    if (name_is(n, "li") || name_is(n, "dt") || name_is(n, "dd")) {
        *kind = KJ_BLOCK_LIST_ITEM;
    } else if (name_is(n, "td") || name_is(n, "th")) {
        *kind = KJ_BLOCK_TABLE_CELL;
    } else if (name_is(n, "caption")) {
        *kind = KJ_BLOCK_HEADING;
        *level = 0;
        return;
    }
    char *cls = attr(n, "class");
    if (cls) {
        const char *h = strstr(cls, "head");
        if (!h) h = strstr(cls, "title");
        if (h && !strstr(cls, "header")) {
            *kind = KJ_BLOCK_HEADING;
            const char *d = h;
            while (*d && !isdigit((unsigned char)*d) && !isspace((unsigned char)*d))
                d++;
            *level = isdigit((unsigned char)*d) && d[0] >= '1' && d[0] <= '6' ? d[0] - '0' : 0;
        }
    }
    xmlFree(cls);
}

/* Sentence-final punctuation means a bold run is emphasis, not a heading. */
static bool ends_sentence(const kj_buf *t) {
    size_t n = t->len;
    while (n && (t->data[n - 1] == ' ' || t->data[n - 1] == '\n' || t->data[n - 1] == '\t'))
        n--;
    int32_t c = kj_utf8_last(t->data, n);
    return c == '.' || c == 0x3002 || c == ':' || c == ';' || c == ',';
}

/* Running page furniture of paginated HTML (10-K): a "Table of Contents"
 * back-link at each page break. (A bare page number is held: hold_number.) */
static bool furniture(const walker *w, const kj_buf *t) {
    if (w->kind != KJ_BLOCK_PARAGRAPH) return false;
    return w->linked && !w->plain && !w->bold &&
           (!strcasecmp(t->data, "Table of Contents") || !strcasecmp(t->data, "Index") ||
            !strcmp(t->data, "目次"));
}

/* Whether the block is a row of three or more links and nothing else but
 * separators between them (｜, /, ・): a site's menu set without <nav>
 * (「会社情報｜採用情報｜お問い合わせ」). */
static bool link_row(const walker *w) {
    return w->kind == KJ_BLOCK_PARAGRAPH && w->links >= 3 && !w->bold && w->linked &&
           w->plain <= 3 * (size_t)(w->links - 1);
}

/* A page number dropped as furniture (t; paginated HTML such as a 10-K
 * prints it at each page's foot) labels the blocks read since the last
 * one: they are on that page. Only a number greater than the last counts
 * (a roman one of the front matter, or one out of order, labels nothing),
 * so a page's blocks carry the number printed on it. */
static void printed_page(walker *w, const kj_buf *t) {
    if (!kj_is_page_number(t->data, t->len)) return;
    size_t i = strcspn(t->data, "0123456789");
    long n = i < t->len ? strtol(t->data + i, NULL, 10) : 0;
    if (n > w->last_page && n < 100000) {
        for (size_t k = w->page_from; k < w->b->n; k++)
            w->b->blocks[k].page = (int)n;
        w->last_page = (int)n;
    }
    w->page_from = w->b->n;
}

static bool starts_lower(const kj_buf *t) {
    return t->len && t->data[0] >= 'a' && t->data[0] <= 'z';
}

static bool last_open(const walker *w) {
    const kj_builder *b = w->b;
    if (!b->n || b->blocks[b->n - 1].kind != KJ_BLOCK_PARAGRAPH) return false;
    const kj_block *k = &b->blocks[b->n - 1];
    int32_t c = kj_utf8_last(k->text, k->len);
    return c != '.' && c != 0x3002 && c != ':' && c != '!' && c != '?';
}

/* Whether the last block is a line that a <br> cut mid-sentence: some
 * filings wrap their paragraphs by hand, a <br> every 40-60 characters
 * (「…当社の規程に定める免<br>責事項の範囲で…」). A long line that ends no sentence
 * goes on in the next line of its block; a short one may be a heading or a
 * table's entry, and a numbered one without a comma a title: they stay
 * apart. */
#define KJ_WRAPPED_LINE 40

static bool wraps_line(const walker *w) {
    if (w->line_chars < KJ_WRAPPED_LINE || !last_open(w)) return false;
    const kj_block *k = &w->b->blocks[w->b->n - 1];
    /* a numbered line with no comma is a title (「４．…に関する基本的な事項」) */
    if (kj_starts_entry(k->text, k->len) && !memmem(k->text, k->len, "、", 3) &&
        !memmem(k->text, k->len, "，", 3) && !memchr(k->text, ',', k->len))
        return false;
    int32_t c = kj_utf8_last(k->text, k->len); /* the full-width ends last_open does not know */
    return c != 0xFF1A && c != 0xFF01 && c != 0xFF1F;
}

/* Whether a <br> just read may cut a line of a table's cell that goes on
 * in the next (kj_builder_goes_on_in_cell): the cell's text before it was
 * read into its last block. A second <br> reads nothing, and the lines it
 * parts stay apart, as paragraphs do. */
static bool cell_line_goes_on(const walker *w) {
    return w->kind == KJ_BLOCK_TABLE_CELL && w->line_chars > 0;
}

/* Whether the text being flushed is of a <p> or <div> of a table's cell
 * that came after another one, whose text the last block ends with, with
 * nothing between them but markup without text (cell_par): a cell whose
 * lines are each a <p> or a <div> of their own (as inline-XBRL filings
 * set a cell's lines), which may go on as a line a single <br> cut does
 * (kj_builder_goes_on_in_cell). Text of the cell outside any such element
 * after the first (<td><p>…</p>text</td>) does not. */
static bool cell_paragraph_goes_on(const walker *w) {
    return w->cell_par && w->kind == KJ_BLOCK_TABLE_CELL && w->par_depth > w->par_floor;
}

/* Whether n is a <p> or a <div>, which set a cell's lines apart. */
static bool paragraph_tag(const xmlNode *n) {
    return name_is(n, "p") || name_is(n, "div");
}

/* The number held by hold_number, now that what follows it is known: at a
 * page break (at_break) or anywhere in a paginated page, the page's printed
 * number, dropped, labelling its blocks (printed_page); else a block of its
 * own, where it stood (a figure: 「1,200」, a year heading a timeline). */
static kj_status release_held(walker *w, bool at_break) {
    if (!w->held.len) return KJ_OK;
    kj_status st = KJ_OK;
    if (at_break || w->paginated) {
        w->after_break = true;
        printed_page(w, &w->held);
    } else {
        st = kj_builder_add(w->b, w->held_kind, w->held_level, w->held.data, w->held.len, 0,
                            w->held_line, w->err);
    }
    kj_buf_reset(&w->held);
    return st;
}

/* Hold the bare number t (a block of its own) until the next block or page
 * break says what it is (release_held): a paginated filing prints each
 * page's number at its foot, just before the break, and a web page sets
 * figures and years as paragraphs of their own. */
static kj_status hold_number(walker *w, const kj_buf *t) {
    kj_status st = release_held(w, false);
    if (st == KJ_OK && kj_buf_append(&w->held, t->data, t->len) != KJ_OK)
        st = kj_error_set(w->err, KJ_ERR_NOMEM, "%s: out of memory", w->b->doc->path);
    w->held_line = w->line;
    w->held_kind = w->kind;
    w->held_level = w->level;
    return st;
}

/* A page break (an <hr>, or a block whose style breaks the page): the page
 * is paginated, and a number held before the break was its page's. */
static kj_status page_break(walker *w) {
    w->paginated = true;
    return release_held(w, true);
}

static kj_status flush(walker *w) {
    kj_status st = KJ_OK;
    kj_buf t = KJ_BUF_INIT;
    if (w->text.len && kj_collapse_space(&t, w->text.data, w->text.len) != KJ_OK)
        st = kj_error_set(w->err, KJ_ERR_NOMEM, "%s: out of memory", w->b->doc->path);
    bool wrapped = w->br_wrap, cell_cut = w->cell_br || (t.len && cell_paragraph_goes_on(w));
    w->br_wrap = w->cell_br = false;
    if (t.len) w->cell_par = false; /* set again by the <p> or <div> this ends (leave) */
    w->line_chars = 0;
    bool number =
        st == KJ_OK && t.len && w->kind == KJ_BLOCK_PARAGRAPH && kj_is_page_number(t.data, t.len);
    if (st == KJ_OK && t.len && !number) st = release_held(w, false); /* a block follows it */
    if (number) {
        st = hold_number(w, &t);
    } else if (st == KJ_OK && t.len && furniture(w, &t)) {
        w->after_break = true;
    } else if (st == KJ_OK && t.len && link_row(w)) {
        /* a site's menu set as a row of links: not read */
    } else if (st == KJ_OK && t.len && w->after_break && w->kind == KJ_BLOCK_PARAGRAPH &&
               starts_lower(&t) && last_open(w)) {
        st = kj_builder_extend_last(w->b, t.data, t.len, w->err);
        w->after_break = false;
    } else if (st == KJ_OK && t.len && w->kind == KJ_BLOCK_PARAGRAPH &&
               (wrapped ? !kj_starts_entry(t.data, t.len)
                        : kj_builder_goes_on_by_hand(w->b, t.data, t.len))) {
        st = wrapped ? kj_builder_extend_last(w->b, t.data, t.len, w->err)
                     : kj_builder_extend_by_hand(w->b, t.data, t.len, w->err);
        w->after_break = false;
        w->line_chars = kj_utf8_count(t.data, t.len);
    } else if (st == KJ_OK && t.len && cell_cut && w->kind == KJ_BLOCK_TABLE_CELL &&
               kj_builder_goes_on_in_cell(w->b, t.data, t.len)) {
        st = kj_builder_extend_last(w->b, t.data, t.len, w->err);
        w->after_break = false;
        w->line_chars = kj_utf8_count(t.data, t.len);
    } else if (st == KJ_OK && t.len) {
        w->after_break = false;
        kj_block_kind kind = w->kind;
        int level = w->level;
        size_t chars = kj_utf8_count(t.data, t.len);
        if (kind == KJ_BLOCK_PARAGRAPH && w->bold > 0 && w->plain == 0 && chars <= 120 &&
            !ends_sentence(&t) && kj_has_letter(t.data, t.len)) /* not 914-499-1900 */
            kind = KJ_BLOCK_HEADING;
        bool heading_goes_on = false;
        if (kind == KJ_BLOCK_HEADING && w->heading_br) {
            /* a line of a heading that <br> cut: a sentence is text under
             * the heading (EDINET's 「(1) 設備の新設<br>該当事項はありません。」),
             * another line goes on from the heading line before it ("Risk
             * Management<br>and Strategy") */
            const kj_builder *b = w->b;
            if (ends_sentence(&t))
                kind = KJ_BLOCK_PARAGRAPH, level = 0;
            else
                heading_goes_on = b->n && b->blocks[b->n - 1].kind == KJ_BLOCK_HEADING;
        }
        if (heading_goes_on)
            st = kj_builder_extend_last(w->b, t.data, t.len, w->err);
        else
            st = kj_builder_add(w->b, kind, level, t.data, t.len, 0, w->line, w->err);
        w->line_chars = chars;
    }
    w->texts += w->line_chars > 0;
    kj_buf_free(&t);
    kj_buf_reset(&w->text);
    w->bold = w->plain = w->linked = 0;
    w->links = 0;
    w->line = 0;
    return st;
}

static kj_status add_text(walker *w, const xmlNode *n) {
    const char *s = (const char *)n->content;
    if (!s) return KJ_OK;
    size_t len = strlen(s), nonspace = 0;
    for (size_t i = 0; i < len; i++)
        if (!isspace((unsigned char)s[i])) nonspace++;
    /* the line of n's first character that is not white space (characters) */
    if (nonspace && !w->line) w->line = (int)xmlGetLineNo(n);
    if (w->link_depth)
        w->linked += nonspace;
    else if (w->bold_depth)
        w->bold += nonspace;
    else
        w->plain += nonspace;
    if (kj_buf_append(&w->text, s, len) != KJ_OK)
        return kj_error_set(w->err, KJ_ERR_NOMEM, "%s: out of memory", w->b->doc->path);
    return KJ_OK;
}

static kj_status walk(walker *w, const xmlNode *n, int depth);

static kj_status walk_children(walker *w, const xmlNode *n, int depth) {
    for (const xmlNode *c = n->children; c; c = c->next) {
        kj_status st = walk(w, c, depth + 1);
        if (st != KJ_OK) return st;
    }
    return KJ_OK;
}

/* How an element's children are read: by walk() for an element the tree
 * has whole, and by read_progress for one the parser still has open. */
typedef enum {
    OPEN_FLAT,   /* walked, with no effect of its own (the document; past MAX_DEPTH) */
    OPEN_BLOCK,  /* a block: its kind while its children are read */
    OPEN_INLINE, /* inline markup: bold or a link around its children */
    OPEN_SKIP    /* hidden or the site's chrome: its children are not read */
} open_how;

typedef struct {
    xmlNode *node;
    int depth; /* walk()'s depth of node */
    open_how how;
    bool bold, link;     /* OPEN_INLINE */
    kj_block_kind okind; /* OPEN_BLOCK: the kind and level to restore */
    int olevel;
    bool table; /* OPEN_BLOCK: a table, row or cell, which ocells restores */
    kj_cell_place ocells;
    bool par;        /* OPEN_BLOCK: a <p> or <div> (paragraph_tag) */
    size_t texts_at; /* OPEN_BLOCK: the walker's texts once it was entered */
} open_frame;

/* Enter element n (its style flags style; block: is_block_tag) before its
 * children are read, recording in f how to leave it (leave): a block ends
 * the text before it and gives its own kind and level (a block inside a
 * table cell or list item keeps that kind), a table, a row or a cell
 * numbering the cells in it (kj_builder_open_table, _row, _cell); inline markup adds to the bold
 * and link depths. Not for what is not read (hidden, the site's chrome), a <br> or an element past
 * MAX_DEPTH, which the callers tell apart. */
static kj_status enter(walker *w, const xmlNode *n, int style, bool block, open_frame *f) {
    if (!block) {
        f->how = OPEN_INLINE;
        f->bold = is_bold(n, style);
        f->link = is_link(n);
        w->bold_depth += f->bold;
        w->link_depth += f->link;
        w->links += f->link;
        return KJ_OK;
    }
    f->how = OPEN_BLOCK;
    kj_status st = flush(w);
    w->heading_br = false;
    if (st == KJ_OK && (name_is(n, "hr") || (style & KJ_STYLE_PAGE_BREAK))) st = page_break(w);
    if (st != KJ_OK) return st;
    w->br_wrap = w->cell_br = false; /* a line goes on only within its own block */
    f->par = paragraph_tag(n);
    f->texts_at = w->texts;
    if (f->par)
        w->par_depth++;
    else
        w->cell_par = false; /* a cell's lines go on only from <p> or <div> to the next */
    f->okind = w->kind;
    f->olevel = w->level;
    kj_block_kind kind = KJ_BLOCK_PARAGRAPH;
    int level = 0;
    block_kind(n, &kind, &level);
    if (kind == KJ_BLOCK_PARAGRAPH && f->okind != KJ_BLOCK_HEADING)
        kind = f->okind, level = f->olevel;
    w->kind = kind;
    w->level = level;
    f->table = name_is(n, "table") || name_is(n, "tr") || name_is(n, "td") || name_is(n, "th");
    if (name_is(n, "table"))
        f->ocells = kj_builder_open_table(w->b);
    else if (name_is(n, "tr"))
        f->ocells = kj_builder_open_row(w->b);
    else if (f->table)
        f->ocells = kj_builder_open_cell(w->b);
    return KJ_OK;
}

/* Whether the block being left ends with a single <br> that cut a line of
 * a table's cell (cell_br), nothing but white space after it: a <br> last
 * in its block (<p>…<br></p>, as Word and EDINET's tools write a cell's
 * lines) separates nothing a reader sees, and the line it ended is the
 * block's last, as if the block's own end had read it (leave_paragraph).
 * After two <br> (a blank line) cell_br is not set; a line of its own
 * after the <br>, blank (&nbsp;) or not, is text of the block. */
static bool br_ends_block(const walker *w) {
    if (!w->cell_br) return false;
    for (size_t i = 0; i < w->text.len; i++)
        if (!isspace((unsigned char)w->text.data[i])) return false;
    return true;
}

/* After the flush that ends block f: a <p> or <div> whose text the flush
 * read into a table's cell, or whose last line a <br> ending it did
 * (br_last: br_ends_block), sets cell_par, and one with no text at all (a
 * blank line, <p>&nbsp;</p>, <p><br></p>) parts the cell's lines before
 * and after it, as two <br> do; any other block parts them too. */
static void leave_paragraph(walker *w, const open_frame *f, bool br_last) {
    if (!f->par) {
        w->cell_par = false;
        return;
    }
    w->par_depth--;
    if ((w->line_chars > 0 || br_last) && w->kind == KJ_BLOCK_TABLE_CELL) {
        w->cell_par = true;
        w->par_floor = w->par_depth;
    } else if (w->texts == f->texts_at) {
        w->cell_par = false;
    }
}

/* Leave the element f entered, its children read. */
static kj_status leave(walker *w, const open_frame *f) {
    kj_status st = KJ_OK;
    if (f->how == OPEN_BLOCK) {
        bool br_last = br_ends_block(w);
        st = flush(w);
        w->br_wrap = w->cell_br = false;
        w->heading_br = false;
        leave_paragraph(w, f, br_last);
        w->kind = f->okind;
        w->level = f->olevel;
        if (f->table) kj_builder_close(w->b, f->ocells);
    } else if (f->how == OPEN_INLINE) {
        w->bold_depth -= f->bold;
        w->link_depth -= f->link;
    }
    return st;
}

/* Whether n is a <sup> holding a note's mark right after a word: its text
 * is one to four of 0-9 * † ‡ § and brackets, and the text before it ends
 * in a word of three or more ASCII letters ("CISO<sup>1</sup>"). Glued to
 * the word ("CISO1") the mark would hide it from the lexicon, so it is
 * read after a space. An exponent after a number or a unit (10<sup>6</sup>,
 * km<sup>2</sup>) stays as it is. */
static bool note_mark_after_word(const walker *w, const xmlNode *n) {
    if (!name_is(n, "sup")) return false;
    size_t letters = 0, len = w->text.len;
    while (letters < len && isalpha((unsigned char)w->text.data[len - 1 - letters]))
        letters++;
    if (letters < 3) return false;
    char *t = (char *)xmlNodeGetContent(n);
    if (!t) return false;
    size_t k = 0, marks = 0;
    for (; t[k]; k++) {
        if (strchr("0123456789*()", t[k]))
            marks++;
        else if (!strncmp(t + k, "†", 3) || !strncmp(t + k, "‡", 3))
            marks++, k += 2;
        else if (!strncmp(t + k, "§", 2))
            marks++, k += 1;
        else
            break;
    }
    bool mark = !t[k] && marks >= 1 && marks <= 4;
    xmlFree(t);
    return mark;
}

static kj_status walk(walker *w, const xmlNode *n, int depth) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) return add_text(w, n);
    if (n->type != XML_ELEMENT_NODE) return KJ_OK;
    int style = style_flags(n);
    if (hidden(n, style)) return KJ_OK;
    if (name_is(n, "br")) {
        bool heading = w->kind == KJ_BLOCK_HEADING;
        kj_status st = flush(w);
        w->br_wrap = st == KJ_OK && wraps_line(w);
        w->cell_br = st == KJ_OK && cell_line_goes_on(w);
        w->cell_par = false; /* the line after a <br> goes on by cell_br */
        w->heading_br |= heading;
        return st;
    }
    if (depth > MAX_DEPTH) return walk_children(w, n, depth);
    bool block = is_block_tag(n);
    if (block && site_chrome(n)) return KJ_OK;
    if (!block && note_mark_after_word(w, n) && kj_buf_puts(&w->text, " ") != KJ_OK)
        return kj_error_set(w->err, KJ_ERR_NOMEM, "%s: out of memory", w->b->doc->path);
    open_frame f;
    kj_status st = enter(w, n, style, block, &f);
    if (st == KJ_OK) st = walk_children(w, n, depth);
    return st == KJ_OK ? leave(w, &f) : st;
}

/* Find charset=NAME in the first bytes (meta charset, http-equiv, xml decl). */
static const char *declared_charset(const char *data, size_t len, char *out, size_t outsz) {
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 8 < n; i++) {
        const char *p = data + i;
        size_t skip;
        if (!strncasecmp(p, "charset", 7))
            skip = 7;
        else if (!strncasecmp(p, "encoding", 8))
            skip = 8;
        else
            continue;
        size_t j = i + skip;
        while (j < n && isspace((unsigned char)data[j]))
            j++;
        if (j >= n || data[j] != '=') continue;
        j++;
        while (j < n && (isspace((unsigned char)data[j]) || data[j] == '"' || data[j] == '\''))
            j++;
        size_t k = 0;
        while (j < n && k + 1 < outsz &&
               (isalnum((unsigned char)data[j]) || data[j] == '-' || data[j] == '_'))
            out[k++] = data[j++];
        out[k] = '\0';
        if (k) return out;
    }
    return NULL;
}

static bool has_byte_over_127(const char *data, size_t len) {
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)data[i] > 127) return true;
    return false;
}

/* The encoding the page is in: the user's, a BOM's, the one it declares,
 * or a guess. */
static const char *pick_encoding(const char *data, size_t len, const char *forced, char *tmp,
                                 size_t tmpsz) {
    if (forced) return forced;
    const char *bom = kj_bom_encoding(data, len);
    if (bom) return bom;
    const char *d = declared_charset(data, len, tmp, tmpsz);
    /* a page saved again as UTF-8 often keeps the charset it was written
     * in; Japanese text in Shift_JIS or EUC-JP is never valid UTF-8 (but
     * text in a 7-bit encoding, ISO-2022-JP, is: it has no byte over 127) */
    bool wide = d && (!strncasecmp(d, "utf-16", 6) || !strncasecmp(d, "utf-32", 6));
    if (d && !wide && has_byte_over_127(data, len) && kj_utf8_valid(data, len)) return "UTF-8";
    if (d) {
        if (!strcasecmp(d, "shift_jis") || !strcasecmp(d, "sjis") || !strcasecmp(d, "x-sjis") ||
            !strcasecmp(d, "windows-31j") || !strcasecmp(d, "ms932"))
            return "CP932";
        if (!strcasecmp(d, "ascii") || !strcasecmp(d, "us-ascii") || !strcasecmp(d, "utf8"))
            return "UTF-8";
        if (wide && memchr(data, 0, len < 4096 ? len : 4096)) return d;
        return wide ? "UTF-8" : d; /* UTF-16 declared by a byte-oriented file */
    }
    const char *g = kj_guess_encoding(data, len);
    return g ? g : "UTF-8";
}

/* Title the document by the page: by its <title> (arena-owned); but an inline-XBRL filing whose
 * <title> is missing or a name (kj_ix_name_title: "abc-20241231") by its cover facts,
 * "<registrant> Form 10-K for fiscal year 2024". kj_builder_finish spaces
 * the title as blocks are (a title may wrap), and a document without one
 * takes its first heading. */
static kj_status set_title(walker *w) {
    kj_document *d = w->b->doc;
    const char *t = w->title;
    if (w->ix_title.len && (!t || kj_ix_name_title(t))) {
        t = kj_arena_strndup(d->arena, w->ix_title.data, w->ix_title.len);
        if (!t) return kj_error_set(w->err, KJ_ERR_NOMEM, "%s: out of memory", d->path);
    }
    d->title = t; /* one that is only a file's name kj_builder_finish drops */
    return KJ_OK;
}

/* The first <title> near the top of the tree (in head, or in body where
 * re-serialised EDINET files put it). Arena-owned copy or NULL. */
static const char *find_title(kj_builder *b, const xmlNode *n, int depth) {
    for (; n && depth < 4; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (name_is(n, "title")) {
            xmlChar *t = xmlNodeGetContent(n);
            const char *r = t ? kj_arena_strdup(b->doc->arena, (const char *)t) : NULL;
            xmlFree(t);
            return r;
        }
        const char *r = find_title(b, n->children, depth + 1);
        if (r) return r;
    }
    return NULL;
}

/* A source line is worth showing only when lines tell blocks apart. SEC
 * filings are often written as a handful of very long lines ("line 8" for
 * every paragraph of a 10-K): when the blocks from first on average more
 * than four to a line, their lines are dropped, and a passage is placed by
 * its section and heading instead. */
static void drop_shared_lines(kj_builder *b, size_t first) {
    size_t n = b->n - first, lines = 0;
    int last = -1;
    for (size_t i = first; i < b->n; i++) {
        lines += b->blocks[i].line != last;
        last = b->blocks[i].line;
    }
    if (n < 8 || lines * 4 >= n) return;
    for (size_t i = first; i < b->n; i++)
        b->blocks[i].line = 0;
}

/*
 * The page's bytes as UTF-8: *data as it is when enc is UTF-8, else
 * converted into *u8 (malloc'd; the caller frees it), with *data and *len
 * pointed at it. kaiji converts, not libxml2, because libxml2 stops
 * reading at the first byte that does not decode and keeps what it had: a
 * Shift_JIS page lost all after one stray byte, without a word. Such a
 * byte becomes U+FFFD, as a browser shows it (libxml2 does so for UTF-8).
 * A page that mostly does not decode is an error; so is an encoding the
 * user gave (forced) that iconv does not know, while one a page declares
 * is read as UTF-8, as libxml2 did.
 */
static kj_status page_as_utf8(const char *path, char **data, size_t *len, const char *enc,
                              bool forced, char **u8, kj_error *err) {
    *u8 = NULL;
    if (!strcasecmp(enc, "UTF-8") || !strcasecmp(enc, "UTF8")) return KJ_OK;
    size_t n, bad;
    kj_status st =
        kj_iconv_to_utf8_lenient(path, kj_iconv_name(enc), *data, *len, u8, &n, &bad, err);
    if (st == KJ_ERR_ARG && !forced) {
        kj_error_clear(err);
        return KJ_OK;
    }
    if (st != KJ_OK) return st;
    if (bad >= 20 && bad * 2 > *len) {
        free(*u8);
        *u8 = NULL;
        return kj_error_set(err, KJ_ERR_FORMAT, "%s: not %s (%zu of its %zu bytes do not decode)",
                            path, enc, bad, *len);
    }
    *data = *u8;
    *len = n;
    return KJ_OK;
}

/* The HTML parser's options: forgiving, silent, never on the network. */
#define KJ_HTML_OPTIONS                                                                            \
    (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET)

/* ---- reading while the parser builds the tree ---------------------------
 * libxml2 builds the tree as it parses; each time it has gone a step
 * further (64 KiB), at the end of an element, the walker reads the subtrees
 * it has finished (an element it has closed never gets another child) and
 * frees them, so the tree holds little more than the elements still open: a
 * 20 MB page no longer needs a tree of two to three times its size besides
 * its blocks. The parser takes the page a piece at a time, as it would a
 * file, and the pieces it has taken are given back (kj_xml_source): the parse
 * itself is the same as of the page whole.
 * The elements still open are entered as walk() enters an element before its
 * children (a block's kind, bold and link depths), each with a frame to
 * leave it by when the parser closes it. An open element whose reading
 * needs all of its content is not entered but read whole once closed: a
 * list (link_menu counts its entries), a <sup> (note_mark_after_word reads
 * its text) and a <title>. Every element is read by the same walk() in the
 * same order as a whole tree would be, so the blocks are the same. */

/* libxml2 opens at most 256 elements (deeper is an error, kj_xml_too_deep);
 * an element past the frames is read whole once closed. */
#define KJ_OPEN_FRAMES 300

typedef struct {
    walker *w;
    open_frame f[KJ_OPEN_FRAMES]; /* f[0]: the document; f[i + 1] an element below f[i] */
    int n;
} stream;

/* A <title> in n itself or below it, n being at depth (find_title's depth)
 * and not yet searched. */
static const char *title_in(kj_builder *b, const xmlNode *n, int depth) {
    if (depth >= 4 || n->type != XML_ELEMENT_NODE) return NULL;
    if (name_is(n, "title")) return find_title(b, n, depth);
    return find_title(b, n->children, depth + 1);
}

/* Enter open element n (depth) into frame f as walk() enters an element
 * before its children. Returns false for one to be read whole once closed
 * (nothing done). */
static bool enter_open(walker *w, xmlNode *n, int depth, open_frame *f, kj_status *st) {
    *st = KJ_OK;
    if (n->type != XML_ELEMENT_NODE || name_is(n, "title") || name_is(n, "sup") ||
        name_is(n, "ul") || name_is(n, "ol") || name_is(n, "br"))
        return false;
    *f = (open_frame){.node = n, .depth = depth, .how = OPEN_FLAT};
    int style = style_flags(n);
    bool block = is_block_tag(n);
    if (hidden(n, style) || (depth <= MAX_DEPTH && block && site_chrome(n)))
        f->how = OPEN_SKIP;
    else if (depth <= MAX_DEPTH)
        *st = enter(w, n, style, block, f);
    return true;
}

/* Read and free the children of f's element that the parser has finished:
 * those before open (its child still open), or, with no child open, all
 * but the last (whose text may yet grow) unless closed says the element
 * itself is finished. A DTD is left to the document (and read again, as
 * nothing). */
static kj_status read_finished(stream *s, open_frame *f, const xmlNode *open, bool closed) {
    walker *w = s->w;
    kj_status st = KJ_OK;
    xmlNode *c = f->node->children;
    while (st == KJ_OK && c && c != open && (closed || open || c->next)) {
        xmlNode *next = c->next;
        if (!w->title) w->title = title_in(w->b, c, f->depth + 1);
        if (f->how != OPEN_SKIP) st = walk(w, c, f->depth + 1);
        if (c->type != XML_DTD_NODE) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        }
        c = next;
    }
    return st;
}

/* Read what the parser has finished since the last call: leave (and free)
 * the entered elements it has closed, then read down the elements still
 * open, entering those that can be. final: the parse is over. */
static kj_status read_progress(stream *s, htmlParserCtxtPtr ctxt, bool final) {
    if (!s->n) { /* the first read: the document is the walk's frame 0 */
        s->f[0] = (open_frame){.node = (xmlNode *)ctxt->myDoc, .depth = -1};
        s->n = 1;
    }
    int open = final ? 0 : ctxt->nodeNr; /* ctxt->nodeTab[0 .. open): root first */
    int k = 1;
    while (k < s->n && k - 1 < open && s->f[k].node == ctxt->nodeTab[k - 1])
        k++;
    kj_status st = KJ_OK;
    /* closed: its children are all there; but for the root element, which
     * stays: with no element open, libxml2 puts the next under it */
    while (st == KJ_OK && s->n > k && (final || s->n > 2)) {
        open_frame *f = &s->f[s->n - 1];
        st = read_finished(s, f, NULL, true);
        if (st == KJ_OK) st = leave(s->w, f);
        s->n--;
        xmlUnlinkNode(f->node);
        xmlFreeNode(f->node);
    }
    while (st == KJ_OK) {
        open_frame *f = &s->f[s->n - 1];
        xmlNode *child = s->n - 1 < open ? ctxt->nodeTab[s->n - 1] : NULL;
        if (child && child->parent != f->node) break; /* not as expected: read when final */
        st = read_finished(s, f, child, final);
        if (st != KJ_OK || !child || s->n == KJ_OPEN_FRAMES) break;
        if (child->prev && child->prev->type != XML_DTD_NODE) break; /* a child before it waits */
        if (f->how == OPEN_SKIP && !name_is(child, "title"))         /* inside what is not read */
            s->f[s->n] = (open_frame){.node = child, .depth = f->depth + 1, .how = OPEN_SKIP};
        else if (!enter_open(s->w, child, f->depth + 1, &s->f[s->n], &st))
            break;
        s->n++;
    }
    return st;
}

/* How far kj_read_html's parser goes between two reads of what it has
 * finished. */
#define KJ_HTML_STEP (64 * 1024)

/* Whether the parser's open elements are a line of parent and child down
 * from doc, as read_progress takes them to be; if ever not, nothing is read
 * (or freed) until the parse is over. */
static bool open_chain(htmlParserCtxtPtr ctxt) {
    const xmlNode *up = (const xmlNode *)ctxt->myDoc;
    for (int i = 0; i < ctxt->nodeNr; up = ctxt->nodeTab[i++])
        if (!ctxt->nodeTab[i] || ctxt->nodeTab[i]->parent != up) return false;
    return true;
}

/* A page being parsed and read: what parse_and_walk's hooks need. */
typedef struct {
    stream s;
    startElementSAXFunc start_element; /* libxml2's own, which builds the tree */
    endElementSAXFunc end_element;     /* the same */
    charactersSAXFunc characters;      /* libxml2's own, which adds text to it */
    xmlNode *blank;                    /* the text node added last, while all white space */
    kj_xml_steps steps;
    kj_ix_facts facts; /* the cover facts of an inline-XBRL filing, hidden ones too */
} parsing;

/* What the parser has finished, read (kj_xml_progress): while its open
 * elements are the line read_progress takes them to be. */
static kj_status page_so_far(void *ud, xmlParserCtxtPtr ctxt) {
    parsing *p = ud;
    return open_chain(ctxt) ? read_progress(&p->s, ctxt, false) : KJ_OK;
}

/* ---- the line a text starts on ----------------------------------------
 * libxml2 stamps a text node with the line its parser is on when it hands
 * over the node's first piece (at most 1000 bytes, cut short at an entity),
 * which is the line where that piece ends: a paragraph wrapped over several
 * source lines was placed on its last line. The hook below stamps the node
 * instead with the line of its first character that is not white space,
 * the line a block takes from its first text (add_text). It works as the
 * pieces come, so reading while parsing sees what reading whole does. */

/* Stamp text node n with line, as libxml2 keeps a line past 65535 (in
 * psvi, where xmlGetLineNo finds it). */
static void set_line(xmlNode *n, int line) {
    n->line = (unsigned short)(line < 65535 ? line : 65535);
    if (line >= 65535) n->psvi = (void *)(ptrdiff_t)line;
}

/* The source line of ch[at], in the piece ch[0, len) of text libxml2's
 * parser ctxt has just handed over: the parser's line less the line breaks
 * from ch[at] on; but a piece cut because the parser's buffer is full ends
 * with a character the parser is still at, and a line break there is not
 * counted yet. */
static int piece_line(const xmlParserCtxt *ctxt, const xmlChar *ch, int at, int len) {
    int line = ctxt->input->line;
    for (int k = at; k < len; k++)
        line -= ch[k] == '\n';
    const xmlChar *cur = ctxt->input->cur;
    if (ch[len - 1] == '\n' && cur && *cur == '\n') line++;
    return line > 0 ? line : 1;
}

/* libxml2's characters handler, which adds the piece ch[0, len) of text to
 * the last text node of the element being parsed or starts a new one; then,
 * the first time the node gets a character other than white space, the node
 * is stamped with that character's line. */
static void characters(void *ctx, const xmlChar *ch, int len) {
    htmlParserCtxtPtr ctxt = ctx;
    parsing *p = ctxt->_private;
    kj_ix_text(&p->facts, (const char *)ch, len > 0 ? (size_t)len : 0);
    const xmlNode *before = ctxt->node ? ctxt->node->last : NULL;
    if (p->characters) p->characters(ctx, ch, len);
    xmlNode *n = ctxt->node ? ctxt->node->last : NULL;
    if (!n || n->type != XML_TEXT_NODE || !ctxt->input) return;
    if (n != before) p->blank = n; /* a new node: nothing in it but this piece */
    if (n != p->blank) return;     /* stamped already */
    int at = 0;
    while (at < len && isspace(ch[at]))
        at++;
    if (at == len) return;
    set_line(n, piece_line(ctxt, ch, at, len));
    p->blank = NULL;
}

/* libxml2's startElement; the element is also shown to the cover facts,
 * which are read whether a browser shows them or not. */
static void start_element(void *ctx, const xmlChar *name, const xmlChar **atts) {
    parsing *p = ((htmlParserCtxtPtr)ctx)->_private;
    if (p->start_element) p->start_element(ctx, name, atts);
    kj_ix_start(&p->facts, (const char *)name, (const char *const *)atts);
}

/* libxml2's endElement, then a step of reading while parsing: an
 * element's end is where a subtree is finished. */
static void end_element(void *ctx, const xmlChar *name) {
    parsing *p = ((htmlParserCtxtPtr)ctx)->_private;
    if (p->end_element) p->end_element(ctx, name);
    kj_ix_end(&p->facts);
    kj_xml_step(&p->steps, ctx);
}

/*
 * Parse data (len bytes of UTF-8) and read its blocks with w as the tree
 * grows: every step bytes the parser goes, at an element's end, what it has
 * finished is read and freed (read_progress), and what is left once it is
 * done. *doc is what is left of the tree (the caller frees it with
 * xmlFreeDoc), or NULL if none was built. libxml2 takes the page a piece at
 * a time, as from a file, and keeps only what it has yet to parse; the
 * pieces it has taken are given back (kj_xml_source), so data is all
 * zeros afterwards.
 */
static kj_status parse_and_walk(walker *w, char *data, size_t len, size_t step, htmlDocPtr *doc) {
    *doc = NULL;
    const char *path = w->b->doc->path;
    parsing *p = calloc(1, sizeof *p);
    kj_xml_source src = {.data = data, .len = len};
    htmlParserCtxtPtr ctxt = p ? htmlNewParserCtxt() : NULL;
    xmlParserInputBufferPtr buf =
        ctxt ? xmlParserInputBufferCreateIO(kj_xml_source_read, kj_xml_source_close, &src,
                                            XML_CHAR_ENCODING_NONE)
             : NULL;
    xmlParserInputPtr in = buf ? xmlNewIOInputStream(ctxt, buf, XML_CHAR_ENCODING_NONE) : NULL;
    if (!in) {
        if (buf) xmlFreeParserInputBuffer(buf);
        if (ctxt) htmlFreeParserCtxt(ctxt);
        free(p);
        return kj_error_set(w->err, KJ_ERR_NOMEM, "%s: out of memory", path);
    }
    inputPush(ctxt, in);
    htmlCtxtUseOptions(ctxt, KJ_HTML_OPTIONS);
    /* the page is UTF-8 (page_as_utf8): a meta charset must not switch it */
    xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler("UTF-8");
    if (h) {
        xmlSwitchToEncoding(ctxt, h);
        xmlFree((xmlChar *)ctxt->input->encoding);
        ctxt->input->encoding = xmlStrdup((const xmlChar *)"UTF-8");
    }
    p->s.w = w;
    p->steps = (kj_xml_steps){.step = step, .progress = page_so_far, .ud = p};
    p->start_element = ctxt->sax->startElement;
    ctxt->sax->startElement = start_element;
    p->end_element = ctxt->sax->endElement;
    ctxt->sax->endElement = end_element;
    p->characters = ctxt->sax->characters;
    ctxt->sax->characters = characters;
    ctxt->_private = p;
    htmlParseDocument(ctxt);
    kj_status st = p->steps.status;
    if (st == KJ_OK && ctxt->myDoc) st = read_progress(&p->s, ctxt, true);
    if (st == KJ_OK && (kj_ix_title(&p->facts, &w->ix_title) != KJ_OK ||
                        kj_ix_company(&p->facts, &w->ix_company) != KJ_OK))
        st = kj_error_set(w->err, KJ_ERR_NOMEM, "%s: out of memory", path);
    *doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    /* as htmlReadMemory leaves it: the tree keeps the names' dictionary */
    if (ctxt->dictNames && *doc && (*doc)->dict == ctxt->dict) ctxt->dict = NULL;
    htmlFreeParserCtxt(ctxt);
    free(p);
    return st;
}

kj_status kj_read_html(kj_builder *b, char *data, size_t len, const char *encoding, kj_error *err) {
    return kj_read_html_stepped(b, data, len, encoding, KJ_HTML_STEP, err);
}

kj_status kj_read_html_stepped(kj_builder *b, char *data, size_t len, const char *encoding,
                               size_t step, kj_error *err) {
    const char *path = b->doc->path;
    if (len > (size_t)INT32_MAX)
        return kj_error_set(err, KJ_ERR_TOO_LARGE, "%s: HTML over 2 GiB", path);
    kj_status st = kj_markup_check(path, b->section, data, len, err);
    if (st != KJ_OK) return st;
    char tmp[64], *u8;
    const char *enc = pick_encoding(data, len, encoding, tmp, sizeof tmp);
    /* a file of binary data named .html (an image, an archive, a program)
     * is no page: libxml2 would read its bytes as one paragraph of junk */
    if (!encoding && strncasecmp(enc, "UTF-16", 6) && strncasecmp(enc, "UTF-32", 6) &&
        kj_looks_binary(data, len))
        return kj_error_set(err, KJ_ERR_FORMAT, "%s%s%s: not an HTML page (binary data)", path,
                            b->section ? ": " : "", b->section ? b->section : "");
    st = page_as_utf8(path, &data, &len, enc, encoding != NULL, &u8, err);
    if (st != KJ_OK) return st;
    len = kj_markup_trim_values(data, len);
    xmlGenericErrorFunc old_fn = xmlGenericError;
    void *old_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, kj_xml_silent);
    xmlResetLastError();
    walker w = {.b = b,
                .err = err,
                .text = KJ_BUF_INIT,
                .held = KJ_BUF_INIT,
                .ix_title = KJ_BUF_INIT,
                .ix_company = KJ_BUF_INIT,
                .kind = KJ_BLOCK_PARAGRAPH};
    size_t first = b->n; /* an EDINET filing's sections come one file at a time */
    w.page_from = first;
    htmlDocPtr doc;
    st = parse_and_walk(&w, data, len, step, &doc);
    free(u8);
    xmlSetGenericErrorFunc(old_ctx, old_fn);
    /* libxml2 stops at an element nested deeper than 256 (xmlParserMaxDepth)
     * and keeps the tree it has: the rest of the file would be lost without
     * a word */
    int deep;
    if (st == KJ_OK && kj_xml_too_deep(&deep))
        st = kj_error_set(err, KJ_ERR_FORMAT,
                          "%s%s%s: elements nested more than 256 deep (line %d); kaiji cannot "
                          "read past them",
                          path, b->section ? ": " : "", b->section ? b->section : "", deep);
    if (st == KJ_OK && !doc) st = kj_error_set(err, KJ_ERR_FORMAT, "%s: cannot parse HTML", path);
    if (st == KJ_OK && !b->doc->encoding) b->doc->encoding = kj_arena_strdup(b->doc->arena, enc);
    if (st == KJ_OK) st = flush(&w);
    if (st == KJ_OK) st = release_held(&w, false);
    if (st == KJ_OK) drop_shared_lines(b, first);
    if (st == KJ_OK && !b->doc->title) st = set_title(&w);
    if (st == KJ_OK && w.ix_company.len && !b->doc->company &&
        !(b->doc->company = kj_arena_strndup(b->doc->arena, w.ix_company.data, w.ix_company.len)))
        st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    kj_buf_free(&w.text);
    kj_buf_free(&w.ix_title);
    kj_buf_free(&w.ix_company);
    kj_buf_free(&w.held);
    xmlFreeDoc(doc);
    return st;
}
