/*
 * markup.c - a look at the bytes of XML or HTML before libxml2 parses them
 * into a tree, refusing what the tree cannot hold or libxml2 cannot parse
 * in time: a 180 KB DOCX can unzip to 64 MB of empty elements, whose tree
 * takes a gigabyte (130 bytes an element or attribute); libxml2 2.9 checks
 * an element's attributes for a repeated name against each other, and
 * looks up each namespace prefix declared, in time that grows with the
 * square of their number (40,000 attributes on one element took 2.4 s,
 * 1.5 million over an hour; a thousand elements of 4,000 attributes 18 s). Real documents stay far
 * below each limit. Also the XML reader of the zip formats (DOCX, PPTX),
 * which says why a part is not XML.
 */
#include "ingest_internal.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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

xmlDoc *kj_xml_read(const char *data, size_t len) {
    xmlResetLastError();
    if (len > (size_t)INT32_MAX) return NULL;
    return xmlReadMemory(data, (int)len, NULL, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

bool kj_xml_too_deep(int *line) {
    const xmlError *e = xmlGetLastError();
    if (!e || !e->message || !strstr(e->message, "Excessive depth")) return false;
    *line = e->line;
    return true;
}

void kj_xml_why(char *why, size_t n) {
    const xmlError *e = xmlGetLastError();
    int line;
    if (kj_xml_too_deep(&line)) {
        snprintf(why, n, "elements nested more than 256 deep, line %d", line);
        return;
    }
    if (!e || !e->message) {
        snprintf(why, n, "too large for libxml2");
        return;
    }
    size_t m = strcspn(e->message, "\n");
    snprintf(why, n, "%.*s, line %d", (int)(m < 200 ? m : 200), e->message, e->line);
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
