/*
 * html_text.c - the only way document text enters the HTML report: escaping
 * (element content and quoted attributes alike) and a passage rendered with
 * its evidence terms and sensitive findings marked. Text is walked code
 * point by code point so that invalid UTF-8, control characters and the
 * bidirectional overrides never reach the page and markup can only come
 * from kaiji, never from the document.
 */
#include <stdlib.h>
#include <string.h>

#include "html_internal.h"

/* Append one code point, escaped. */
static void put_cp(kj_buf *b, int32_t cp) {
    char u[4];
    switch (cp) {
    case '&':
        kj_buf_puts(b, "&amp;");
        return;
    case '<':
        kj_buf_puts(b, "&lt;");
        return;
    case '>':
        kj_buf_puts(b, "&gt;");
        return;
    case '"':
        kj_buf_puts(b, "&quot;");
        return;
    case '\'':
        kj_buf_puts(b, "&#39;");
        return;
    case '`':
        kj_buf_puts(b, "&#96;");
        return;
    default:
        break;
    }
    if (cp == '\n' || cp == '\t')
        cp = ' ';
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xd800 && cp <= 0xdfff) ||
             (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
        cp = 0xFFFD; /* the last two ranges: bidirectional embeddings,
                      * overrides and isolates, which would show the rest
                      * of a name or passage backwards */
    kj_buf_append(b, u, kj_utf8_encode(cp, u));
}

kj_status kj_html_escape(kj_buf *b, const char *s, size_t len) {
    if (!s) return KJ_OK;
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t n = kj_utf8_decode(s + i, len - i, &cp);
        put_cp(b, cp);
        i += n ? n : 1;
    }
    return b->data || len == 0 ? KJ_OK : KJ_ERR_NOMEM;
}

void kj_html_puts(kj_buf *b, const char *s) {
    if (s) kj_html_escape(b, s, strlen(s));
}

/* Per code point: the evidence item (0 none), whether a finding covers it,
 * and whether it is in a term that names the topic. */
typedef struct {
    unsigned char *item;
    unsigned char *sens;
    unsigned char *topic;
    size_t n;
} marks;

static int marks_init(marks *m, size_t n) {
    m->n = n;
    m->item = calloc(n + 1, 1);
    m->sens = calloc(n + 1, 1);
    m->topic = calloc(n + 1, 1);
    return m->item && m->sens && m->topic;
}

static void marks_free(marks *m) {
    free(m->item);
    free(m->sens);
    free(m->topic);
}

static void mark_range(unsigned char *v, size_t n, size_t s, size_t e, unsigned char val) {
    for (size_t k = s; k < e && k < n; k++)
        v[k] = val;
}

/* The state of one code point: its marks. */
typedef struct {
    int item, sens, topic;
} run;

/* Open the spans for state r at a run boundary (topic_title: the title of a
 * topic mark). */
static void open_run(kj_buf *b, run r, const char *topic_title) {
    if (r.sens) kj_buf_puts(b, "<mark class=\"sens\" title=\"sensitive detail\">");
    if (r.topic) {
        kj_buf_puts(b, "<mark class=\"topic\" title=\"");
        kj_html_puts(b, topic_title);
        kj_buf_puts(b, "\">");
    }
    if (r.item) kj_buf_printf(b, "<mark class=\"ev i%d\">", r.item);
}

static void close_run(kj_buf *b, run r) {
    if (r.item) kj_buf_puts(b, "</mark>");
    if (r.topic) kj_buf_puts(b, "</mark>");
    if (r.sens) kj_buf_puts(b, "</mark>");
}

void kj_html_passage(kj_buf *b, const kj_passage *p, size_t index, const kj_classification *c,
                     const kj_lint_result *lint, const char *topic_title) {
    size_t n = kj_utf8_count(p->text, p->len);
    marks m;
    if (!marks_init(&m, n)) {
        marks_free(&m);
        kj_html_escape(b, p->text, p->len);
        return;
    }
    for (size_t k = 0; c && k < c->n_evidence; k++) {
        const kj_evidence *ev = &c->evidence[k];
        if (ev->item >= 1 && ev->item <= KJ_N_ITEMS)
            mark_range(m.item, n, ev->start, ev->end, (unsigned char)ev->item);
    }
    for (size_t k = 0; lint && k < lint->n; k++) {
        const kj_lint_finding *f = &lint->items[k];
        if (f->passage == index && !f->heading) /* a heading's lie in the heading */
            mark_range(m.sens, n, f->start, f->end, 1);
    }
    for (int k = 0; c && k < c->n_topic; k++)
        mark_range(m.topic, n, c->topic_start[k], c->topic_end[k], 1);
    size_t i = 0, cp_i = 0;
    run at = {0, 0, 0};
    while (i < p->len) {
        int32_t cp;
        size_t len = kj_utf8_decode(p->text + i, p->len - i, &cp);
        run next = {0, 0, 0};
        if (cp_i < n) next = (run){m.item[cp_i], m.sens[cp_i], m.topic[cp_i]};
        if (next.item != at.item || next.sens != at.sens || next.topic != at.topic) {
            close_run(b, at);
            open_run(b, next, topic_title);
            at = next;
        }
        put_cp(b, cp);
        i += len ? len : 1;
        cp_i++;
    }
    close_run(b, at);
    marks_free(&m);
}
