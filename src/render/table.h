/*
 * table.h - a batch's analyses as five tables (documents, coverage,
 * passages, sensitive findings, suggestions), written cell by cell to a
 * sink: the Excel workbook (xlsx.c) or CSV (csv.c). table.c says what goes
 * in each cell, once for both; a sink says how a cell is kept. Not a
 * public header.
 */
#ifndef KAIJI_RENDER_TABLE_H
#define KAIJI_RENDER_TABLE_H

#include "render_internal.h"

/* How a cell looks in a workbook (CSV ignores it). */
enum {
    KJ_CELL_PLAIN,
    KJ_CELL_HEAD,   /* a column title */
    KJ_CELL_SCORE,  /* a score in [0, 1], to three decimals */
    KJ_CELL_LEVEL0, /* a coverage level 0..3 is KJ_CELL_LEVEL0 + level */
    KJ_CELL_STYLES = KJ_CELL_LEVEL0 + 4
};

typedef struct kj_table_sink kj_table_sink;

/* What a sink does with the cells table.c gives it. A cell's col is
 * counted from 0 in its table; the cells of a row come in any order, and a
 * cell left empty is not given. */
struct kj_table_sink {
    /* s (len bytes, not empty, NUL after it): valid UTF-8 without control
     * characters but tab and newline, cut to max_chars */
    void (*text)(kj_table_sink *k, kj_table t, int col, const char *s, size_t len, int style);
    /* a number (finite) */
    void (*num)(kj_table_sink *k, kj_table t, int col, double v, int style);
    /* the width of col in characters, given with its title */
    void (*width)(kj_table_sink *k, kj_table t, int col, double width);
    /* the current row of t is complete */
    void (*end_row)(kj_table_sink *k, kj_table t);
    unsigned tables;       /* which tables the sink takes: bit (1u << t) */
    kj_lang lang;          /* of the titles and named values: KJ_LANG_JA or KJ_LANG_EN */
    size_t max_chars;      /* the most characters of a cell (0: no limit) */
    kj_status st;          /* the first failure: nothing more is written after it */
    int cols[KJ_N_TABLES]; /* each table's columns, set by kj_table_titles */
    kj_buf cell;           /* table.c's: one cell's text, made safe */
};

/* Each table's title row (in k's lang), and its columns' widths. */
void kj_table_titles(kj_table_sink *k);

/* One analysed document's rows in each table k takes; as and lint may be
 * NULL (their cells and rows are then left out); o (may be NULL) gives
 * all_passages. Failures are kept in k->st. */
void kj_table_add(kj_table_sink *k, const kj_doc_analysis *a, const kj_assessment *as,
                  const kj_lint_result *lint, const kj_render_options *o);

#endif
