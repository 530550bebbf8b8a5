/*
 * markup.c - a look at the bytes of XML or HTML before libxml2 parses them
 * into a tree, refusing what the tree cannot hold or libxml2 cannot parse
 * in time: a 180 KB DOCX can unzip to 64 MB of empty elements, whose tree
 * takes a gigabyte (130 bytes an element or attribute); libxml2 2.9 checks
 * an element's attributes for a repeated name against each other, and
 * looks up each namespace prefix declared, in time that grows with the
 * square of their number (40,000 attributes on one element took 2.4 s,
 * 1.5 million over an hour; a thousand elements of 4,000 attributes 18 s). Real documents stay far
 * below each limit. Also the emptying of HTML attribute values too long to
 * be anything kaiji reads (a 100 MB value took libxml2 400 MB: its copy of
 * the input, the copy converted to UTF-8, the value as parsed and the
 * value in the tree), and the XML reader of the zip formats (DOCX, PPTX),
 * which says why a part is not XML.
 */
#include "ingest_internal.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/byteset.h"

/* Nodes of the tree of one part (an element one, an attribute two: it and
 * its value): a tree of about 500 MB at most. */
#define KJ_MARKUP_MAX_NODES 4000000
/* Attributes of one element (Word writes a few dozen at most): the check
 * for a repeated name compares each with those before it. */
#define KJ_MARKUP_MAX_ATTRS 256
/* Namespace declarations (xmlns) in one part. */
#define KJ_MARKUP_MAX_NS 100000

kj_status kj_markup_check(const char *path, const char *part, const char *data, size_t len,
                          kj_error *err) {
    /* the bytes that matter: tag ends, attributes, quotes and xmlns */
    static const kj_byteset marks = {{'<', '>', '=', '"', '\'', 'x', '<', '<'}, {0, 0}};
    const unsigned char *u = (const unsigned char *)data;
    size_t nodes = 0, attrs = 0, ns = 0;
    bool in_tag = false;
    unsigned char quote = 0; /* the quote of an attribute value the scan is in */
    for (size_t i = 0; (i = kj_next_byte_in(&marks, data, len, i)) < len; i++) {
        unsigned char c = u[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '<') {
            in_tag = true;
            attrs = 0;
            nodes++;
        } else if (!in_tag) {
            continue;
        } else if (c == '>') {
            in_tag = false;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '=') {
            attrs++;
            nodes += 2;
        } else if (c == 'x' && len - i >= 5 && !memcmp(u + i, "xmlns", 5)) {
            ns++;
        }
        const char *sep = part ? ": " : "";
        if (nodes > KJ_MARKUP_MAX_NODES)
            return kj_error_set(err, KJ_ERR_TOO_LARGE,
                                "%s%s%s: more than %d tree nodes (elements, attributes and "
                                "their values), more than kaiji reads in one part",
                                path, sep, part ? part : "", KJ_MARKUP_MAX_NODES);
        if (attrs > KJ_MARKUP_MAX_ATTRS)
            return kj_error_set(err, KJ_ERR_FORMAT,
                                "%s%s%s: an element with more than %d attributes (byte %zu)", path,
                                sep, part ? part : "", KJ_MARKUP_MAX_ATTRS, i);
        if (ns > KJ_MARKUP_MAX_NS)
            return kj_error_set(err, KJ_ERR_FORMAT,
                                "%s%s%s: more than %d XML namespace declarations", path, sep,
                                part ? part : "", KJ_MARKUP_MAX_NS);
    }
    return KJ_OK;
}

/* ---- over-long HTML attribute values ----------------------------------
 * Read as libxml2's HTML parser reads them: a tag is '<' and a letter; in
 * it, a value follows '=' and blanks, quoted (to the same quote, or to the
 * end of the input when there is none) or not (to a blank or '>');
 * comments are passed over, and the text of script and style to their end
 * tag. The values kaiji reads (style, class, role) are short; a longer
 * one is an embedded image (src="data:...") or a hostile file. */

/* The longest attribute value kept. */
#define KJ_MARKUP_MAX_VALUE (64 * 1024)

/* data being squeezed in place: [0, w) is written, [r, len) not yet moved. */
typedef struct {
    char *d;
    size_t len, w, r;
} squeeze;

static bool html_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Drop bytes [from, to) of the value there but its newlines, so that
 * libxml2 counts the lines after it as before. */
static void drop_value(squeeze *s, size_t from, size_t to) {
    memmove(s->d + s->w, s->d + s->r, from - s->r);
    s->w += from - s->r;
    for (const char *nl = s->d + from; (nl = memchr(nl, '\n', (size_t)(s->d + to - nl))); nl++)
        s->d[s->w++] = '\n';
    s->r = to;
}

/* The attributes of the tag whose name ends at i: each value over the
 * limit dropped. Returns where the tag ends (after its '>'). */
static size_t tag_values(squeeze *s, size_t i) {
    const char *d = s->d;
    size_t len = s->len;
    while (i < len && d[i] != '>') {
        if (d[i++] != '=') continue;
        while (i < len && html_blank(d[i]))
            i++;
        size_t from = i, to = i, next;
        if (i < len && (d[i] == '"' || d[i] == '\'')) {
            const char *q = memchr(d + i + 1, d[i], len - i - 1);
            from = i + 1;
            to = q ? (size_t)(q - d) : len;
            next = q ? to + 1 : len;
        } else {
            while (to < len && !html_blank(d[to]) && d[to] != '>')
                to++;
            next = to;
        }
        if (to - from > KJ_MARKUP_MAX_VALUE) drop_value(s, from, to);
        i = next;
    }
    return i < len ? i + 1 : len;
}

/* Where the text of a script or style element named name (n bytes) that
 * starts at i ends: at its end tag, or the end of the input. */
static size_t raw_text_end(const char *d, size_t len, size_t i, const char *name, size_t n) {
    for (const char *lt; i < len && (lt = memchr(d + i, '<', len - i)); i = (size_t)(lt - d) + 1)
        if ((size_t)(d + len - lt) > n + 1 && lt[1] == '/' && !strncasecmp(lt + 2, name, n))
            return (size_t)(lt - d);
    return len;
}

/* "script" or "style" when the tag name (n bytes) is one, else NULL. */
static const char *raw_text_name(const char *name, size_t n) {
    if (n == 6 && !strncasecmp(name, "script", 6)) return "script";
    return n == 5 && !strncasecmp(name, "style", 5) ? "style" : NULL;
}

size_t kj_markup_trim_values(char *data, size_t len) {
    squeeze s = {data, len, 0, 0};
    for (size_t i = 0; i < len;) {
        const char *lt = memchr(data + i, '<', len - i);
        if (!lt) break;
        i = (size_t)(lt - data);
        if (len - i >= 4 && !memcmp(lt, "<!--", 4)) {
            const char *end = memmem(lt + 4, len - i - 4, "-->", 3);
            i = end ? (size_t)(end - data) + 3 : len;
            continue;
        }
        unsigned char c = i + 1 < len ? (unsigned char)lt[1] : 0;
        if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
            i++;
            continue;
        }
        size_t n = i + 1;
        while (n < len && !html_blank(data[n]) && data[n] != '>' && data[n] != '/')
            n++;
        /* the name as a constant: the squeeze may move bytes over it */
        const char *raw = raw_text_name(lt + 1, n - i - 1);
        i = tag_values(&s, n);
        if (raw) i = raw_text_end(data, len, i, raw, strlen(raw));
    }
    if (s.r == 0) return len; /* nothing dropped */
    memmove(data + s.w, data + s.r, len - s.r);
    s.w += len - s.r;
    data[s.w] = '\0';
    return s.w;
}

void kj_xml_silent(void *ctx, const char *msg, ...) {
    (void)ctx;
    (void)msg;
}

/* XML data[0, len) parsed into a tree (the caller frees it with
 * xmlFreeDoc), without the network, errors or warnings (none printed);
 * NULL when it is not XML, and then xml_why says why. */
static xmlDoc *xml_read(const char *data, size_t len) {
    xmlResetLastError();
    if (len > (size_t)INT32_MAX) return NULL;
    xmlGenericErrorFunc old_fn = xmlGenericError;
    void *old_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, kj_xml_silent);
    xmlDoc *doc = xmlReadMemory(data, (int)len, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSetGenericErrorFunc(old_ctx, old_fn);
    return doc;
}

int kj_xml_source_read(void *ctx, char *out, int n) {
    kj_xml_source *src = ctx;
    size_t k = src->len - src->at < (size_t)n ? src->len - src->at : (size_t)n;
    memcpy(out, src->data + src->at, k);
    src->at += k;
    if (src->at - src->given >= (1u << 20) || src->at == src->len) {
        kj_mem_discard(src->data + src->given, src->at - src->given);
        src->given = src->at;
    }
    return (int)k;
}

int kj_xml_source_close(void *ctx) {
    (void)ctx;
    return 0;
}

size_t kj_xml_parsed(const void *ctx) {
    const xmlParserInput *in = ((const xmlParserCtxt *)ctx)->input;
    return in && in->cur && in->base ? in->consumed + (size_t)(in->cur - in->base) : 0;
}

static void why_of(const xmlError *e, char *why, size_t n);

void kj_xml_step(kj_xml_steps *s, xmlParserCtxtPtr ctxt) {
    size_t at = kj_xml_parsed(ctxt);
    if (s->status != KJ_OK || at < s->read_at + s->step || !ctxt->myDoc) return;
    s->read_at = at;
    s->status = s->progress(s->ud, ctxt);
    if (s->status != KJ_OK) xmlStopParser(ctxt);
}

/* What xml_read_stepped's hook needs. */
typedef struct {
    endElementNsSAX2Func end_element; /* libxml2's own, which builds the tree */
    kj_xml_steps steps;
    xmlError first; /* the parse's first error (a copy; xmlResetError frees it) */
} stepping;

/* Keep the first error of the parse: the one that says why a part is not
 * XML (read from its pieces, libxml2 may go on to report others after). */
static void keep_first_error(void *ctx, xmlErrorPtr e) {
    stepping *sp = ((xmlParserCtxtPtr)ctx)->_private;
    if (e && e->level >= XML_ERR_ERROR && !sp->first.message) xmlCopyError(e, &sp->first);
}

static void end_element_ns(void *ctx, const xmlChar *local, const xmlChar *prefix,
                           const xmlChar *uri) {
    stepping *sp = ((xmlParserCtxtPtr)ctx)->_private;
    if (sp->end_element) sp->end_element(ctx, local, prefix, uri);
    kj_xml_step(&sp->steps, ctx);
}

/* xml_read, calling progress every step bytes as the tree grows (see
 * kj_xml_read_part_stepped); *status is what progress returned, and why
 * (n bytes) why_of the parse's first error when there is no tree. */
static xmlDoc *xml_read_stepped(char *data, size_t len, size_t step, kj_xml_progress progress,
                                void *ud, kj_status *status, char *why, size_t n) {
    *status = KJ_OK;
    xmlResetLastError();
    if (len > (size_t)INT32_MAX) return NULL;
    kj_xml_source src = {.data = data, .len = len};
    xmlGenericErrorFunc old_fn = xmlGenericError;
    void *old_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, kj_xml_silent);
    xmlParserCtxtPtr ctxt = xmlCreateIOParserCtxt(
        NULL, NULL, kj_xml_source_read, kj_xml_source_close, &src, XML_CHAR_ENCODING_NONE);
    if (!ctxt) {
        xmlSetGenericErrorFunc(old_ctx, old_fn);
        return NULL;
    }
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    stepping sp = {.end_element = ctxt->sax->endElementNs,
                   .steps = {.step = step, .progress = progress, .ud = ud}};
    ctxt->sax->endElementNs = end_element_ns;
    ctxt->sax->serror = keep_first_error;
    ctxt->_private = &sp;
    xmlParseDocument(ctxt);
    xmlDoc *doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    if (!ctxt->wellFormed || sp.steps.status != KJ_OK) { /* as xmlReadMemory: no tree */
        xmlFreeDoc(doc);
        doc = NULL;
        why_of(sp.first.message ? &sp.first : xmlGetLastError(), why, n);
    }
    xmlResetError(&sp.first);
    xmlFreeParserCtxt(ctxt);
    xmlSetGenericErrorFunc(old_ctx, old_fn);
    *status = sp.steps.status;
    return doc;
}

/* Whether e is libxml2's error for elements nested past its limit. */
static bool too_deep(const xmlError *e) {
    return e && e->message && strstr(e->message, "Excessive depth");
}

bool kj_xml_too_deep(int *line) {
    const xmlError *e = xmlGetLastError();
    if (!too_deep(e)) return false;
    *line = e->line;
    return true;
}

/* Why libxml2 did not parse a part, in words for the user, from its error
 * e (NULL if none; libxml2's message and line; "elements nested more than
 * 256 deep" for its depth limit), into why (n bytes). */
static void why_of(const xmlError *e, char *why, size_t n) {
    if (too_deep(e)) {
        snprintf(why, n, "elements nested more than 256 deep, line %d", e->line);
        return;
    }
    if (!e || !e->message) {
        snprintf(why, n, "too large for libxml2");
        return;
    }
    if (strstr(e->message, "huge text node") || strstr(e->message, "too long")) {
        snprintf(why, n, "a text or attribute value over libxml2's limit of 10 MB, line %d",
                 e->line);
        return;
    }
    size_t m = strcspn(e->message, "\n");
    snprintf(why, n, "%.*s, line %d", (int)(m < 200 ? m : 200), e->message, e->line);
}

/* Why the last xml_read of this thread gave NULL (why_of its last error). */
static void xml_why(char *why, size_t n) {
    why_of(xmlGetLastError(), why, n);
}

kj_status kj_xml_read_part(const char *path, const char *format, const char *part, const char *data,
                           size_t len, xmlDoc **out, kj_error *err) {
    *out = NULL;
    kj_status st = kj_markup_check(path, part, data, len, err);
    if (st != KJ_OK || (*out = xml_read(data, len))) return st;
    char why[256];
    xml_why(why, sizeof why);
    return kj_error_set(err, KJ_ERR_FORMAT, "%s: not a %s (%s is not XML: %s)", path, format, part,
                        why);
}

kj_status kj_xml_read_part_stepped(const char *path, const char *format, const char *part,
                                   char *data, size_t len, size_t step, kj_xml_progress progress,
                                   void *ud, xmlDoc **out, kj_error *err) {
    *out = NULL;
    char why[256] = "too large for libxml2";
    kj_status st = kj_markup_check(path, part, data, len, err);
    if (st != KJ_OK ||
        (*out = xml_read_stepped(data, len, step, progress, ud, &st, why, sizeof why)))
        return st;
    if (st != KJ_OK) return st; /* progress's own error, in err */
    return kj_error_set(err, KJ_ERR_FORMAT, "%s: not a %s (%s is not XML: %s)", path, format, part,
                        why);
}

const void *kj_find_by_id(const void *base, size_t n, size_t size, size_t off, const char *id) {
    const char *v = base;
    size_t lo = 0, hi = n;
    while (lo < hi) { /* the first entry whose ID is not below id */
        size_t mid = lo + (hi - lo) / 2;
        const char *mid_id;
        memcpy(&mid_id, v + mid * size + off, sizeof mid_id);
        if (strcmp(mid_id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    const char *found;
    if (lo == n) return NULL;
    memcpy(&found, v + lo * size + off, sizeof found);
    return strcmp(found, id) ? NULL : v + lo * size;
}
