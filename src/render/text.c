/*
 * text.c - the terminal summary of `kaiji analyze`: per item covered or not,
 * the elements found, and the best passages (location, opening words and the
 * matched evidence), followed by the assessment and lint when present.
 * Everything that comes from the document or its name is written with
 * kj_term_write (no control character reaches the terminal) and cut at
 * whole characters (kj_utf8_cut).
 */
#include <stdio.h>
#include <string.h>

#include "render_internal.h"

#define SNIPPET_CHARS 70

/* Print about the first n code points of s (len bytes; the n-th with its
 * combining marks), then an ellipsis if cut. A passage's text may hold the
 * newlines that join a run of headings (lines). */
static void print_snippet(FILE *f, const char *s, size_t len, size_t n, int lines) {
    size_t i = kj_utf8_cut(s, len, n);
    kj_term_write(f, s, i, lines);
    if (i < len) fputs("…", f);
}

/* Indices of the passages that include item it, by descending score. */
static size_t best_passages(const kj_doc_analysis *a, int it, size_t *out, size_t max) {
    size_t n = 0;
    for (size_t i = 0; i < a->passages.n; i++) {
        const kj_classification *c = &a->cls[i];
        int has = 0;
        for (int k = 0; k < c->n_items; k++)
            has |= c->items[k] == it;
        if (!has) continue;
        size_t pos = n < max ? n++ : max;
        if (pos == max) {
            if (c->scores[it] <= a->cls[out[max - 1]].scores[it]) continue;
            pos = max - 1;
        }
        out[pos] = i;
        while (pos > 0 && a->cls[out[pos]].scores[it] > a->cls[out[pos - 1]].scores[it]) {
            size_t t = out[pos];
            out[pos] = out[pos - 1];
            out[--pos] = t;
        }
    }
    return n;
}

/* Whether evidence e of item it repeats what the reader already sees: the
 * same words shown before it, or words inside a longer match of the item
 * (セキュリティ基本方針 and 基本方針 inside 情報セキュリティ基本方針). */
static int evidence_repeats(const kj_classification *c, size_t e, int it) {
    const kj_evidence *x = &c->evidence[e];
    for (size_t k = 0; k < c->n_evidence; k++) {
        const kj_evidence *y = &c->evidence[k];
        if (k == e || y->item != it) continue;
        if (k < e && strcmp(y->term, x->term) == 0) return 1;
        if (kj_span_inside(x->start, x->end, y->start, y->end)) return 1;
    }
    return 0;
}

static void print_evidence(FILE *f, const kj_classification *c, int it) {
    int shown = 0;
    for (size_t e = 0; e < c->n_evidence && shown < 6; e++) {
        if (c->evidence[e].item != it || evidence_repeats(c, e, it)) continue;
        fputs(shown ? ", " : " [evidence: ", f);
        kj_term_puts(f, c->evidence[e].term);
        shown++;
    }
    if (shown) fputc(']', f);
}

static void print_item(FILE *f, const kj_doc_analysis *a, int it, const kj_render_options *o) {
    int ja = a->lang == KJ_LANG_JA;
    int covered = a->item_passages[it] > 0;
    const char *on = o->color ? (covered ? "\033[32m" : "\033[31m") : "";
    const char *off = o->color ? "\033[0m" : "";
    fprintf(f, "%s%s%s %2d %s (%s): %d passage%s\n", on, covered ? "[x]" : "[ ]", off, it,
            ja ? kj_item_name_ja(it) : kj_item_name_en(it),
            ja ? kj_item_name_en(it) : kj_item_name_ja(it), a->item_passages[it],
            a->item_passages[it] == 1 ? "" : "s");
    if (!covered) return;
    fputs("       elements:", f);
    for (int e = 0; e < KJ_N_ELEMENTS; e++)
        if (kj_element_item(e) == it)
            fprintf(f, " %s%s", kj_element_id(e), a->el_passages[e] ? "✓" : "✗");
    fputc('\n', f);
    size_t best[KJ_RENDER_MAX_PASSAGES];
    size_t max = o->max_passages > 0 && o->max_passages <= KJ_RENDER_MAX_PASSAGES
                     ? (size_t)o->max_passages
                     : 2;
    size_t n = best_passages(a, it, best, max);
    for (size_t k = 0; k < n; k++) {
        const kj_passage *p = &a->passages.items[best[k]];
        char loc[KJ_LOCATION_MAX];
        size_t skip = kj_render_location(p, loc, sizeof loc) ? kj_render_after_lead(p) : 0;
        fprintf(f, "       %.2f ", a->cls[best[k]].scores[it]);
        kj_term_puts(f, loc);
        fputs(": ", f);
        print_snippet(f, p->text + skip, p->len - skip, SNIPPET_CHARS, 1);
        kj_arena *scratch = kj_arena_new();
        kj_classification tmp;
        const kj_classification *c =
            scratch ? kj_doc_passage_classification(a, best[k], scratch, &tmp) : NULL;
        if (c) print_evidence(f, c, it);
        kj_arena_free(scratch);
        fputc('\n', f);
    }
}

/* Where a principle's signal passage is (a kj_passage_place_fn over the
 * analysis a). */
static void signal_place(void *a, long passage, char *out, size_t outsz) {
    const kj_doc_analysis *da = a;
    if (passage >= 0 && (size_t)passage < da->passages.n)
        kj_render_place(&da->passages.items[passage], out, outsz);
    else
        snprintf(out, outsz, "passage %ld", passage + 1);
}

void kj_render_text(FILE *f, const kj_doc_analysis *a, const kj_assessment *as,
                    const kj_lint_result *lint, const kj_render_options *o) {
    kj_render_options def = {.color = 0, .max_passages = 2};
    if (!o) o = &def;
    const kj_document *d = a->doc;
    int covered = kj_render_items_covered(a);
    fputs(o->color ? "\033[1m" : "", f);
    kj_term_puts(f, d->path);
    fputs(o->color ? "\033[0m\n" : "\n", f);
    if (d->title && *d->title) { /* the title, cut at 120 characters */
        fputs("  ", f);
        print_snippet(f, d->title, strlen(d->title), 120, 0);
        fputc('\n', f);
    }
    fprintf(f, "  %s, %s", kj_format_name(d->format), kj_lang_name(a->lang));
    if (d->n_pages) fprintf(f, ", %d page%s", d->n_pages, d->n_pages == 1 ? "" : "s");
    fprintf(f, ", %zu passage%s (%d about cybersecurity); items covered: %d of %d\n", a->passages.n,
            a->passages.n == 1 ? "" : "s", a->relevant_passages, covered, KJ_N_ITEMS);
    for (int it = 1; it <= KJ_N_ITEMS; it++)
        print_item(f, a, it, o);
    if (as) {
        fputc('\n', f);
        kj_assessment_print_text(as, f, o->color, signal_place, (void *)a);
    }
    if (o->n_examples) {
        fprintf(f, "\nexamples from the case collection (`kaiji cases show ID`):\n");
        for (size_t i = 0; i < o->n_examples; i++) {
            fprintf(f, "  %-4s #%lld ", kj_element_id(o->examples[i].element),
                    o->examples[i].case_id);
            kj_term_puts(f, o->examples[i].title); /* a case's, imported from anywhere */
            fputc('\n', f);
        }
    }
    if (lint && lint->n) {
        fprintf(f, "\nsensitive details (%zu; see `kaiji lint` for advice):\n", lint->n);
        kj_lint_print_text(lint, d->path, f); /* the checks that could not finish too */
    } else if (lint && lint->n_incomplete) {
        fputs("\nsensitive details: none found, but some checks could not finish:\n", f);
        kj_lint_print_incomplete(lint, d->path, f);
    }
}
