/*
 * csv.c - one of table.c's tables as CSV (RFC 4180), for programs and for
 * joining runs: a title row in English, then a row per document, passage,
 * finding or suggestion as each document is added, so that a batch is
 * never held whole. Every text field is quoted (its quotes doubled) and
 * records end with CRLF, as the RFC and spreadsheets expect. A text cell
 * that a spreadsheet would run as a formula (=, +, -, @ or a tab first)
 * gets a ' before it: the passages are other people's text.
 */
#include <stdlib.h>
#include <string.h>

#include "table.h"

struct kj_csv {
    kj_table_sink sink; /* first: the sink's callbacks cast it back */
    FILE *f;
    kj_table table;
    kj_buf *field; /* the current row's fields, as written (quoted) */
    int n_field;   /* fields allocated */
};

/* The field for col of the current row, emptied; NULL when out of memory. */
static kj_buf *field_at(kj_csv *c, int col) {
    if (col < 0 || col > 4096) return NULL;
    if (col >= c->n_field) {
        int n = col + 16;
        kj_buf *f = realloc(c->field, (size_t)n * sizeof *f);
        if (!f) return NULL;
        for (int i = c->n_field; i < n; i++)
            f[i] = (kj_buf)KJ_BUF_INIT;
        c->field = f;
        c->n_field = n;
    }
    kj_buf_reset(&c->field[col]);
    return &c->field[col];
}

static int formula_lead(char ch) {
    return ch == '=' || ch == '+' || ch == '-' || ch == '@' || ch == '\t';
}

static void sink_text(kj_table_sink *k, kj_table t, int col, const char *s, size_t len, int style) {
    (void)style;
    kj_csv *c = (kj_csv *)k;
    kj_buf *b = t == c->table ? field_at(c, col) : NULL;
    if (!b) {
        if (t == c->table) k->st = KJ_ERR_NOMEM;
        return;
    }
    int ok = kj_buf_puts(b, formula_lead(s[0]) ? "\"'" : "\"") == KJ_OK;
    for (const char *q; ok && (q = memchr(s, '"', len)) != NULL;
         len -= (size_t)(q + 1 - s), s = q + 1)
        ok = kj_buf_append(b, s, (size_t)(q + 1 - s)) == KJ_OK && kj_buf_puts(b, "\"") == KJ_OK;
    ok = ok && kj_buf_append(b, s, len) == KJ_OK && kj_buf_puts(b, "\"") == KJ_OK;
    if (!ok) k->st = KJ_ERR_NOMEM;
}

static void sink_num(kj_table_sink *k, kj_table t, int col, double v, int style) {
    (void)style;
    kj_csv *c = (kj_csv *)k;
    if (t != c->table) return;
    kj_buf *b = field_at(c, col);
    int ok = b != NULL;
    if (ok && v == (double)(long long)v && v > -1e15 && v < 1e15)
        ok = kj_buf_printf(b, "%lld", (long long)v) == KJ_OK;
    else if (ok)
        ok = kj_buf_printf(b, "%.15g", v) == KJ_OK;
    if (!ok) k->st = KJ_ERR_NOMEM;
}

static void sink_width(kj_table_sink *k, kj_table t, int col, double width) {
    (void)k, (void)t, (void)col, (void)width;
}

/* Write the row's fields, an empty one for each cell not given, and end
 * the record. */
static void sink_end_row(kj_table_sink *k, kj_table t) {
    kj_csv *c = (kj_csv *)k;
    if (t != c->table) return;
    int n = k->cols[t] > c->n_field ? c->n_field : k->cols[t];
    for (int i = 0; i < k->cols[t]; i++) {
        if (i) fputc(',', c->f);
        if (i < n && c->field[i].len) fwrite(c->field[i].data, 1, c->field[i].len, c->f);
    }
    fputs("\r\n", c->f);
    for (int i = 0; i < c->n_field; i++)
        kj_buf_reset(&c->field[i]);
}

kj_status kj_csv_open(FILE *f, kj_table t, int bom, kj_csv **out, kj_error *err) {
    *out = NULL;
    if (!f || t < 0 || t >= KJ_N_TABLES) return kj_error_set(err, KJ_ERR_ARG, "no such table");
    kj_csv *c = calloc(1, sizeof *c);
    if (!c) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    c->sink = (kj_table_sink){.text = sink_text,
                              .num = sink_num,
                              .width = sink_width,
                              .end_row = sink_end_row,
                              .tables = 1u << t,
                              .lang = KJ_LANG_EN,
                              .cell = KJ_BUF_INIT};
    c->f = f;
    c->table = t;
    if (bom) fputs("\xEF\xBB\xBF", f);
    kj_table_titles(&c->sink);
    if (c->sink.st != KJ_OK) {
        kj_csv_close(c);
        return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    }
    *out = c;
    return KJ_OK;
}

kj_status kj_csv_add(kj_csv *c, const kj_doc_analysis *a, const kj_assessment *as,
                     const kj_lint_result *lint, const kj_render_options *o, kj_error *err) {
    if (!c || !a) return kj_error_set(err, KJ_ERR_ARG, "no table or analysis");
    kj_table_add(&c->sink, a, as, lint, o);
    if (c->sink.st != KJ_OK) return kj_error_set(err, c->sink.st, "out of memory writing CSV");
    return KJ_OK;
}

void kj_csv_close(kj_csv *c) {
    if (!c) return;
    for (int i = 0; i < c->n_field; i++)
        kj_buf_free(&c->field[i]);
    free(c->field);
    kj_buf_free(&c->sink.cell);
    free(c);
}
