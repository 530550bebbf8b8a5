/*
 * lint_out.c - write sensitivity-lint findings as compiler-style
 * diagnostics ("path:loc: severity[rule]: message" plus why/how lines) or as
 * JSON objects, and so the checks that could not finish
 * ("path:loc: incomplete[rule]: message"). Document text and file names
 * are untrusted: control characters are replaced before they reach a
 * terminal, and JSON strings are escaped (and made valid UTF-8).
 */
#include "lint_internal.h"

#include <string.h>

/* The location of what lies at column col of paragraph para of a text on
 * page (or in section, or at line), as kj_lint_location documents it. */
static void location(int page, const char *section, int line, int para, int col, char *out,
                     size_t outsz) {
    if (!out || outsz == 0) return;
    if (page > 0)
        snprintf(out, outsz, "p%d:%d", page, para);
    else if (section && section[0])
        snprintf(out, outsz, "%s:%d", section, para);
    else if (line > 0)
        snprintf(out, outsz, "%d:%d", line, col);
    else
        snprintf(out, outsz, "%d:%d", para, col);
}

void kj_lint_location(const kj_lint_finding *f, char *out, size_t outsz) {
    location(f->page, f->section, f->line, f->para, f->col, out, outsz);
}

void kj_lint_incomplete_location(const kj_lint_incomplete *g, char *out, size_t outsz) {
    location(g->page, g->section, g->line, g->para, 1, out, outsz);
}

/* Print s for a terminal: control characters (C0, DEL, C1) written as
 * '?', invalid UTF-8 as U+FFFD (kj_term_puts). */
static void put_clean(const char *s, FILE *out) {
    kj_term_puts(out, s);
}

/* Print a diagnostic's first line up to its end: "path:loc: kind[rule]:
 * message". */
static void print_head(const char *path, const char *loc, const char *kind, const char *rule,
                       const char *message, FILE *out) {
    put_clean(path, out);
    fputc(':', out);
    put_clean(loc, out);
    fprintf(out, ": %s[%s]: ", kind, rule);
    put_clean(message, out);
}

/* Print finding f as a diagnostic with its why and how lines. */
static void print_finding(const kj_lint_finding *f, const char *path, FILE *out) {
    char loc[300];
    kj_lint_location(f, loc, sizeof loc);
    print_head(path, loc, kj_severity_name(f->severity), f->rule, f->message, out);
    if (f->item > 0) fprintf(out, " (item %d)", f->item);
    fputs("\n    why: ", out);
    put_clean(f->why, out);
    fputs("\n    how: ", out);
    put_clean(f->how, out);
    fputc('\n', out);
}

/* Print g, a check that could not finish, as a diagnostic line. */
static void print_gap(const kj_lint_incomplete *g, const char *path, FILE *out) {
    char loc[300];
    kj_lint_incomplete_location(g, loc, sizeof loc);
    print_head(path, loc, "incomplete", g->rule, g->message, out);
    fputc('\n', out);
}

/* Whether the text of check g comes before that of finding f in the
 * document: an earlier passage, or a heading before f's passage or heading. */
static int gap_before(const kj_lint_incomplete *g, const kj_lint_finding *f) {
    if (g->passage != f->passage) return g->passage < f->passage;
    if (!g->heading != !f->heading) return g->heading != NULL;
    return g->heading && g->heading_index < f->heading_index;
}

/* Findings and checks that could not finish in document order, a text's
 * findings before its checks. */
void kj_lint_print_text(const kj_lint_result *r, const char *path, FILE *out) {
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++) {
        for (; k < r->n_incomplete && gap_before(&r->incomplete[k], &r->items[i]); k++)
            print_gap(&r->incomplete[k], path, out);
        print_finding(&r->items[i], path, out);
    }
    for (; k < r->n_incomplete; k++)
        print_gap(&r->incomplete[k], path, out);
}

void kj_lint_print_incomplete(const kj_lint_result *r, const char *path, FILE *out) {
    for (size_t i = 0; i < r->n_incomplete; i++)
        print_gap(&r->incomplete[i], path, out);
}

static void json_field(kj_buf *b, const char *key, const char *val) {
    kj_buf_printf(b, ",\"%s\":", key);
    if (val)
        kj_buf_json_string(b, val, strlen(val));
    else
        kj_buf_puts(b, "null");
}

/* Open a JSON record of b's list (a comma before it unless *first) with
 * the fields every record of the lint has: file (path, "" when NULL), loc
 * and rule. */
static void json_record_start(kj_buf *b, int *first, const char *path, const char *loc,
                              const char *rule) {
    if (!*first) kj_buf_putc(b, ',');
    *first = 0;
    kj_buf_puts(b, "{\"file\":");
    kj_buf_json_string(b, path ? path : "", path ? strlen(path) : 0);
    json_field(b, "loc", loc);
    json_field(b, "rule", rule);
}

kj_status kj_lint_append_json(const kj_lint_result *r, const char *path, kj_buf *b, int *first) {
    for (size_t i = 0; i < r->n; i++) {
        const kj_lint_finding *f = &r->items[i];
        char loc[300];
        kj_lint_location(f, loc, sizeof loc);
        json_record_start(b, first, path, loc, f->rule);
        json_field(b, "severity", kj_severity_name(f->severity));
        json_field(b, "base_severity", kj_severity_name(f->base));
        kj_buf_printf(b, ",\"item\":%d,\"passage\":%zu", f->item, f->passage);
        json_field(b, "heading", f->heading);
        kj_buf_printf(b, ",\"page\":%d", f->page);
        json_field(b, "section", f->section);
        kj_buf_printf(b, ",\"line\":%d,\"para\":%d,\"col\":%d,\"start\":%zu,\"end\":%zu", f->line,
                      f->para, f->col, f->start, f->end);
        json_field(b, "text", f->text);
        json_field(b, "message", f->message);
        json_field(b, "why", f->why);
        json_field(b, "how", f->how);
        kj_buf_putc(b, '}');
    }
    return b->data || r->n == 0 ? KJ_OK : KJ_ERR_NOMEM;
}

kj_status kj_lint_append_incomplete_json(const kj_lint_result *r, const char *path, kj_buf *b,
                                         int *first) {
    for (size_t i = 0; i < r->n_incomplete; i++) {
        const kj_lint_incomplete *g = &r->incomplete[i];
        char loc[300];
        kj_lint_incomplete_location(g, loc, sizeof loc);
        json_record_start(b, first, path, loc, g->rule);
        json_field(b, "reason", kj_lint_reason_name(g->reason));
        kj_buf_printf(b, ",\"passage\":%zu", g->passage);
        json_field(b, "heading", g->heading);
        kj_buf_printf(b, ",\"page\":%d", g->page);
        json_field(b, "section", g->section);
        kj_buf_printf(b, ",\"line\":%d,\"para\":%d", g->line, g->para);
        json_field(b, "message", g->message);
        kj_buf_putc(b, '}');
    }
    return b->data || r->n_incomplete == 0 ? KJ_OK : KJ_ERR_NOMEM;
}
