/*
 * json.c - the full machine-readable result of `kaiji analyze --format
 * json`: the document, per-item and per-element coverage, each passage with
 * its location, labels, scores and evidence, and (when given) the assessment
 * and the lint findings. Written with kj_buf so large documents stream into
 * one buffer without a DOM, or (kj_render_json_file) straight to a file a
 * few passages at a time so a large document's result is never held whole.
 */
#include <math.h>
#include <string.h>

#include "render_internal.h"

static void json_str(kj_buf *b, const char *s) {
    if (s)
        kj_buf_json_string(b, s, strlen(s));
    else
        kj_buf_puts(b, "null");
}

/* s (NULL: null) as a JSON string, as a passage's record keeps its heading
 * (kj_passage_heading_cut): cut with "…" when longer. */
static void json_heading(kj_buf *b, const char *s) {
    int cut = 0;
    size_t keep = s ? kj_passage_heading_cut(s, &cut) : 0;
    if (!cut) {
        json_str(b, s);
        return;
    }
    kj_buf t = KJ_BUF_INIT; /* the cut text and its ellipsis, escaped as one */
    kj_buf_append(&t, s, keep);
    kj_buf_puts(&t, "…");
    kj_buf_json_string(b, t.data ? t.data : "", t.data ? t.len : 0);
    kj_buf_free(&t);
}

/* A score as "%.3f" prints it, or null when it is not a finite number:
 * JSON has no NaN or infinity, and one would make the whole result
 * unreadable. */
static void json_score(kj_buf *b, float f) {
    if (isfinite(f))
        kj_buf_put_fixed3(b, f);
    else
        kj_buf_puts(b, "null");
}

/* The classification and each passage are written with kj_buf_put_* rather
 * than printf: they are most of a large document's output, and the text is
 * the same as printf's ("%d", "%zu", "%.3f"). */
void kj_render_classification_json(kj_buf *b, const kj_classification *c) {
    kj_buf_puts(b, "\"primary\": ");
    if (c->primary)
        kj_buf_put_int(b, c->primary);
    else
        kj_buf_puts(b, "null");
    kj_buf_puts(b, ", \"items\": [");
    for (int i = 0; i < c->n_items; i++) {
        if (i) kj_buf_puts(b, ", ");
        kj_buf_put_int(b, c->items[i]);
    }
    kj_buf_puts(b, "], \"scores\": {");
    /* each item's key as a literal: what the separator, the number and the
     * colon would print */
#define KJ_SCORE_KEY(s)                                                                            \
    { s, sizeof s - 1 }
    static const struct {
        const char *s;
        size_t n;
    } score_key[] = {
        KJ_SCORE_KEY(""),          KJ_SCORE_KEY("\"1\": "),   KJ_SCORE_KEY(", \"2\": "),
        KJ_SCORE_KEY(", \"3\": "), KJ_SCORE_KEY(", \"4\": "), KJ_SCORE_KEY(", \"5\": "),
        KJ_SCORE_KEY(", \"6\": "), KJ_SCORE_KEY(", \"7\": "), KJ_SCORE_KEY(", \"8\": "),
        KJ_SCORE_KEY(", \"9\": "), KJ_SCORE_KEY(", \"10\": ")};
#undef KJ_SCORE_KEY
    _Static_assert(sizeof score_key / sizeof *score_key == KJ_N_ITEMS + 1, "one key per item");
    for (int it = 1; it <= KJ_N_ITEMS; it++) {
        kj_buf_append(b, score_key[it].s, score_key[it].n);
        json_score(b, c->scores[it]);
    }
    kj_buf_puts(b, "}, \"elements\": [");
    for (int i = 0; i < c->n_elements; i++) {
        kj_buf_puts(b, i ? ", \"" : "\"");
        kj_buf_puts(b, kj_element_id(c->elements[i]));
        kj_buf_putc(b, '"');
    }
    kj_buf_puts(b, "], \"evidence\": [");
    for (size_t i = 0; i < c->n_evidence; i++) {
        const kj_evidence *e = &c->evidence[i];
        kj_buf_puts(b, i ? ", {\"item\": " : "{\"item\": ");
        kj_buf_put_int(b, e->item);
        /* an element id ("7.1") needs no escaping */
        if (e->element >= 0) {
            kj_buf_puts(b, ", \"element\": \"");
            kj_buf_puts(b, kj_element_id(e->element));
            kj_buf_puts(b, "\", \"term\": ");
        } else {
            kj_buf_puts(b, ", \"element\": null, \"term\": ");
        }
        json_str(b, e->term);
        kj_buf_puts(b, ", \"start\": ");
        kj_buf_put_uint(b, e->start);
        kj_buf_puts(b, ", \"end\": ");
        kj_buf_put_uint(b, e->end);
        kj_buf_puts(b, ", \"weight\": ");
        json_score(b, e->weight);
        kj_buf_putc(b, '}');
    }
    kj_buf_puts(b, "]");
}

/* Passage i; its evidence is rebuilt in scratch (reset by the caller). */
/* The "explain" field of passage i (with c its classification), when o
 * asks for it and the passage has items. */
static kj_status json_explain(kj_buf *b, const kj_doc_analysis *a, size_t i,
                              const kj_classification *c, const kj_render_options *o,
                              kj_arena *scratch) {
    if (!o || !o->explain || c->n_items == 0) return KJ_OK;
    kj_explanation why[KJ_N_ITEMS];
    int n = 0;
    kj_status st = o->explain(o->explain_ud, a, i, 0, scratch, why, &n);
    if (st != KJ_OK) return st;
    kj_buf_puts(b, ", \"explain\": [");
    for (int k = 0; k < n; k++) {
        if (k) kj_buf_puts(b, ", ");
        kj_render_explanation_json(b, &why[k], (size_t)o->explain_top);
    }
    return kj_buf_putc(b, ']');
}

static kj_status json_passage(kj_buf *b, const kj_doc_analysis *a, size_t i,
                              const kj_assessment *as, const kj_render_options *o,
                              kj_arena *scratch) {
    kj_classification tmp;
    const kj_classification *c = kj_doc_passage_classification(a, i, scratch, &tmp);
    if (!c) return KJ_ERR_NOMEM;
    const kj_passage *p = &a->passages.items[i];
    char loc[KJ_LOCATION_MAX];
    kj_render_location(p, loc, sizeof loc);
    kj_buf_puts(b, "{\"index\": ");
    kj_buf_put_uint(b, i);
    kj_buf_puts(b, ", \"kind\": \"");
    kj_buf_puts(b, kj_block_kind_name(p->kind));
    kj_buf_puts(b, "\", \"lang\": \"");
    kj_buf_puts(b, kj_lang_name(p->lang));
    kj_buf_puts(b, "\", \"location\": ");
    json_str(b, loc);
    kj_buf_puts(b, ", \"page\": ");
    kj_buf_put_int(b, p->page);
    kj_buf_puts(b, ", \"section\": ");
    json_str(b, p->section);
    kj_buf_puts(b, ", \"line\": ");
    kj_buf_put_int(b, p->line);
    kj_buf_puts(b, ", \"start\": ");
    kj_buf_put_uint(b, p->start);
    kj_buf_puts(b, ", \"end\": ");
    kj_buf_put_uint(b, p->end);
    kj_buf_puts(b, ", \"heading\": ");
    json_heading(b, p->heading);
    kj_buf_puts(b, ", \"run_in_heading\": ");
    json_heading(b, p->lead);
    kj_buf_puts(b, ", \"text\": ");
    kj_buf_json_string(b, p->text, p->len);
    if (as && as->spec) {
        kj_buf_puts(b, ", \"spec\": ");
        kj_buf_put_int(b, as->spec[i]);
    }
    kj_buf_puts(b, ", \"relevance\": ");
    json_score(b, c->relevance);
    kj_buf_puts(b, ", ");
    kj_render_classification_json(b, c);
    kj_render_topic_json(b, c, p->text, p->len);
    kj_status st = json_explain(b, a, i, c, o, scratch);
    if (st != KJ_OK) return st;
    return kj_buf_puts(b, "}");
}

void kj_render_topic_json(kj_buf *b, const kj_classification *c, const char *text, size_t len) {
    kj_buf_puts(b, ", \"topic\": ");
    if (!c->on_topic) {
        kj_buf_puts(b, "null");
        return;
    }
    kj_buf_puts(b, c->on_topic == KJ_ON_TOPIC_HEADING ? "{\"by\": \"heading\", \"terms\": ["
                                                      : "{\"by\": \"text\", \"terms\": [");
    for (int k = 0; k < c->n_topic; k++) {
        size_t done, from = kj_utf8_skip(text, len, c->topic_start[k], &done);
        size_t to = from + kj_utf8_skip(text + from, len - from,
                                        c->topic_end[k] - c->topic_start[k], &done);
        kj_buf_puts(b, k ? ", {\"term\": " : "{\"term\": ");
        kj_buf_json_string(b, text + from, to - from);
        kj_buf_puts(b, ", \"start\": ");
        kj_buf_put_uint(b, c->topic_start[k]);
        kj_buf_puts(b, ", \"end\": ");
        kj_buf_put_uint(b, c->topic_end[k]);
        kj_buf_putc(b, '}');
    }
    kj_buf_puts(b, "]}");
}

static void json_coverage(kj_buf *b, const kj_doc_analysis *a) {
    kj_buf_puts(b, "\"items\": [");
    for (int it = 1; it <= KJ_N_ITEMS; it++) {
        kj_buf_printf(b, "%s{\"item\": %d, \"name_ja\": ", it > 1 ? ", " : "", it);
        json_str(b, kj_item_name_ja(it));
        kj_buf_puts(b, ", \"name_en\": ");
        json_str(b, kj_item_name_en(it));
        kj_buf_printf(b, ", \"covered\": %s, \"passages\": %d, \"max_score\": ",
                      a->item_passages[it] ? "true" : "false", a->item_passages[it]);
        json_score(b, a->item_max[it]);
        kj_buf_puts(b, ", \"elements\": [");
        int first = 1;
        for (int e = 0; e < KJ_N_ELEMENTS; e++) {
            if (kj_element_item(e) != it) continue;
            kj_buf_printf(b, "%s{\"element\": \"%s\", \"name_en\": ", first ? "" : ", ",
                          kj_element_id(e));
            json_str(b, kj_element_name_en(e));
            kj_buf_puts(b, ", \"name_ja\": ");
            json_str(b, kj_element_name_ja(e));
            kj_buf_printf(b, ", \"passages\": %d}", a->el_passages[e]);
            first = 0;
        }
        kj_buf_puts(b, "]}");
    }
    kj_buf_puts(b, "]");
}

/* When streaming to f, write out what b holds once it is large. */
#define KJ_JSON_FLUSH (64 * 1024)
static void flush(kj_buf *b, FILE *f, size_t at_least) {
    if (!f || b->len < at_least) return;
    fwrite(b->data, 1, b->len, f);
    kj_buf_reset(b);
}

/* The whole object into b; with f, b is flushed to f passage by passage. */
static kj_status render_json(kj_buf *b, FILE *f, const kj_doc_analysis *a, const kj_assessment *as,
                             const kj_lint_result *lint, const kj_render_options *o) {
    const kj_document *d = a->doc;
    kj_buf_puts(b, "{\"framework\": \"" KJ_FRAMEWORK "\", \"path\": ");
    json_str(b, d->path);
    kj_buf_printf(b, ", \"format\": \"%s\", \"encoding\": ", kj_format_name(d->format));
    json_str(b, d->encoding);
    kj_buf_puts(b, ", \"title\": ");
    json_str(b, d->title);
    kj_buf_puts(b, ", \"company\": ");
    json_str(b, d->company);
    kj_buf_printf(b,
                  ", \"pages\": %d, \"lang\": \"%s\", \"text_chars\": %zu, \"passage_count\": %zu, "
                  "\"relevant_passages\": %d, ",
                  d->n_pages, kj_lang_name(a->lang), d->text_chars, a->passages.n,
                  a->relevant_passages);
    json_coverage(b, a);
    kj_buf_puts(b, ", \"passages\": [");
    int first = 1;
    kj_arena *scratch = kj_arena_new();
    if (!scratch) return KJ_ERR_NOMEM;
    for (size_t i = 0; i < a->passages.n; i++) {
        if (!(o && o->all_passages) && a->cls[i].primary == 0) continue;
        if (!first) kj_buf_puts(b, ", ");
        kj_status st = json_passage(b, a, i, as, o, scratch);
        kj_arena_reset(scratch);
        if (st != KJ_OK) {
            kj_arena_free(scratch);
            return st;
        }
        first = 0;
        flush(b, f, KJ_JSON_FLUSH);
    }
    kj_arena_free(scratch);
    kj_buf_puts(b, "]");
    if (as) {
        kj_buf_puts(b, ", \"assessment\": ");
        kj_assessment_to_json_file(as, b, f);
    }
    if (o && o->n_examples) {
        kj_buf_puts(b, ", \"examples\": [");
        for (size_t i = 0; i < o->n_examples; i++) {
            kj_buf_printf(b, "%s{\"element\": \"%s\", \"case\": %lld, \"title\": ", i ? ", " : "",
                          kj_element_id(o->examples[i].element), o->examples[i].case_id);
            json_str(b, o->examples[i].title);
            kj_buf_puts(b, "}");
        }
        kj_buf_puts(b, "]");
    }
    if (lint) {
        kj_buf_puts(b, ", \"sensitive\": [");
        int f1 = 1;
        kj_lint_append_json(lint, d->path, b, &f1);
        kj_buf_puts(b, "], \"sensitive_incomplete\": [");
        f1 = 1;
        kj_lint_append_incomplete_json(lint, d->path, b, &f1);
        kj_buf_puts(b, "]");
    }
    return kj_buf_puts(b, "}");
}

kj_status kj_render_json(kj_buf *b, const kj_doc_analysis *a, const kj_assessment *as,
                         const kj_lint_result *lint, const kj_render_options *o) {
    return render_json(b, NULL, a, as, lint, o);
}

kj_status kj_render_json_file(FILE *f, const char *prefix, const kj_doc_analysis *a,
                              const kj_assessment *as, const kj_lint_result *lint,
                              const kj_render_options *o) {
    kj_buf b = KJ_BUF_INIT;
    if (prefix) kj_buf_puts(&b, prefix);
    kj_status st = render_json(&b, f, a, as, lint, o);
    if (b.len) fwrite(b.data, 1, b.len, f);
    if (st == KJ_OK && !b.data) st = KJ_ERR_NOMEM;
    kj_buf_free(&b);
    return st;
}
