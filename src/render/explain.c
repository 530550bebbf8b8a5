/*
 * explain.c - an item's explanation (kj_explain_item) for programs, as a
 * JSON object in `classify --explain`, and for people, as the lines of
 * `kaiji explain`: the score, its log-odds as the bias plus the features'
 * shares, and the largest shares with what in the passage gives them.
 * Both show the top shares and sum the rest, so what is shown always adds
 * up to the log-odds.
 */
#include <math.h>
#include <string.h>

#include "render_internal.h"

static const char *kind_name(kj_explain_kind k) {
    switch (k) {
    case KJ_EXPLAIN_TEXT:
        return "text";
    case KJ_EXPLAIN_TERM:
        return "term";
    case KJ_EXPLAIN_KIND:
        return "category";
    case KJ_EXPLAIN_HITS:
        return "hits";
    case KJ_EXPLAIN_LANG:
        return "language";
    }
    return "text";
}

/* A number as "%.4f" prints it, or null when not finite (JSON has neither
 * NaN nor infinity). */
static void json_number(kj_buf *b, double x) {
    if (isfinite(x))
        kj_buf_printf(b, "%.4f", x);
    else
        kj_buf_puts(b, "null");
}

/* The sum of the shares of e's features from the top-th on. */
static double rest_of(const kj_explanation *e, size_t top) {
    double rest = 0;
    for (size_t i = top; i < e->n; i++)
        rest += e->features[i].contribution;
    return rest;
}

void kj_render_explanation_json(kj_buf *b, const kj_explanation *e, size_t top) {
    if (top > e->n) top = e->n;
    kj_buf_puts(b, "{\"item\": ");
    kj_buf_put_int(b, e->item);
    kj_buf_puts(b, ", \"score\": ");
    json_number(b, e->score);
    kj_buf_puts(b, ", \"logit\": ");
    json_number(b, e->logit);
    kj_buf_puts(b, ", \"bias\": ");
    json_number(b, e->bias);
    kj_buf_puts(b, ", \"features\": [");
    for (size_t i = 0; i < top; i++) {
        const kj_explain_feature *f = &e->features[i];
        kj_buf_puts(b, i ? ", {\"kind\": \"" : "{\"kind\": \"");
        kj_buf_puts(b, kind_name(f->kind));
        kj_buf_puts(b, "\", \"what\": ");
        kj_buf_json_string(b, f->what, strlen(f->what));
        if (f->kind == KJ_EXPLAIN_TEXT || f->kind == KJ_EXPLAIN_TERM) {
            kj_buf_puts(b, ", \"start\": ");
            kj_buf_put_uint(b, f->start);
            kj_buf_puts(b, ", \"end\": ");
            kj_buf_put_uint(b, f->end);
            kj_buf_puts(b, ", \"places\": ");
            kj_buf_put_uint(b, f->places);
        }
        kj_buf_puts(b, ", \"value\": ");
        json_number(b, f->value);
        kj_buf_puts(b, ", \"contribution\": ");
        json_number(b, f->contribution);
        kj_buf_putc(b, '}');
    }
    kj_buf_puts(b, "], \"rest\": ");
    json_number(b, rest_of(e, top));
    kj_buf_puts(b, ", \"rest_features\": ");
    kj_buf_put_uint(b, e->n - top);
    kj_buf_putc(b, '}');
}

void kj_render_explanation_text(FILE *f, const kj_explanation *e, size_t top) {
    if (top > e->n) top = e->n;
    double feats = e->logit - e->bias;
    fprintf(f, "item %d %s: score %.2f = log-odds %+.3f (bias %+.3f, features %+.3f)\n", e->item,
            kj_item_name_en(e->item), e->score, e->logit, e->bias, feats);
    for (size_t i = 0; i < top; i++) {
        const kj_explain_feature *x = &e->features[i];
        fprintf(f, "  %+8.3f  %-8s ", x->contribution, kind_name(x->kind));
        int quoted = x->kind == KJ_EXPLAIN_TEXT || x->kind == KJ_EXPLAIN_TERM;
        if (quoted) fputs("\"", f);
        kj_term_puts(f, x->what);
        if (quoted) fputs("\"", f);
        if (quoted && x->places > 1) fprintf(f, " (%u places)", x->places);
        fputc('\n', f);
    }
    if (top < e->n) fprintf(f, "  %+8.3f  the other %zu features\n", rest_of(e, top), e->n - top);
}
