/*
 * kaiji/render.h - the last stage: present an analysed (and assessed)
 * document to people and programs: a terminal summary, the full JSON result,
 * the self-contained HTML report, and a workbook of a batch for Excel.
 *
 * Renderers only read; they never change or re-run earlier stages.
 */
#ifndef KAIJI_RENDER_H
#define KAIJI_RENDER_H

#include <stdio.h>

#include "kaiji/assess.h"

/* ==== Section A: terminal text and JSON =============================== */

/* A good example from the case collection for an element the document
 * lacks or covers weakly (see kj_store_cases_for_element). */
typedef struct {
    int element;       /* 0..20 */
    long long case_id; /* `kaiji cases show ID` */
    const char *title; /* "COMPANY DOCUMENT YEAR" (not owned) */
} kj_example;

/* The most passages the text summary shows for one item. */
#define KJ_RENDER_MAX_PASSAGES 8

/* Explains passage i of a: item's explanation (kj_explain_item), or with
 * item 0 those of all its selected items, into out (room for KJ_N_ITEMS)
 * and their number into *n, memory from scratch (the JSON writer resets it
 * after each passage). The writer calls it; the caller supplies it, so
 * that rendering computes nothing of an earlier stage itself. */
typedef kj_status (*kj_render_explain_fn)(void *ud, const kj_doc_analysis *a, size_t i, int item,
                                          kj_arena *scratch, kj_explanation *out, int *n);

typedef struct {
    int color;                  /* ANSI colours (only when writing to a terminal) */
    int max_passages;           /* best passages shown per item (text), 1..KJ_RENDER_MAX_PASSAGES;
                                 * anything else shows 2 */
    int all_passages;           /* JSON: include passages that are not about security */
    const kj_example *examples; /* examples for suggested elements, or NULL */
    size_t n_examples;
    /* JSON: each passage with items gets "explain" (kj_render_explanation_json
     * with explain_top features) when explain is not NULL */
    kj_render_explain_fn explain;
    void *explain_ud;
    int explain_top;
} kj_render_options;

/* Print a readable summary of one document: for each item covered or not,
 * the elements found, the best passages with page/section/line, then the
 * assessment when as is not NULL and the lint findings when lint is not
 * NULL (and the lint's checks that could not finish: kj_lint_print_text).
 * Whatever comes from the document, its name or the case collection is
 * written with kj_term_write (no control character reaches the terminal)
 * and cut after whole characters (kj_utf8_cut). */
void kj_render_text(FILE *f, const kj_doc_analysis *a, const kj_assessment *as,
                    const kj_lint_result *lint, const kj_render_options *o);

/* Append the full result for one document as one JSON object: document
 * metadata, coverage per item and element, every (relevant) passage with its
 * location, items, scores, elements and evidence, the assessment and the
 * lint findings when given ("sensitive", and "sensitive_incomplete": the
 * checks that could not finish). Always valid JSON: strings are made valid
 * UTF-8 (kj_buf_json_string) and a score that is not finite is null. */
kj_status kj_render_json(kj_buf *b, const kj_doc_analysis *a, const kj_assessment *as,
                         const kj_lint_result *lint, const kj_render_options *o);

/* Write the same JSON object as kj_render_json to f, preceded by prefix
 * (e.g. ",\n" between the documents of a batch; NULL for none), without
 * holding it whole: it is flushed every few passages. Returns KJ_OK or
 * KJ_ERR_NOMEM (write errors show in ferror(f)). */
kj_status kj_render_json_file(FILE *f, const char *prefix, const kj_doc_analysis *a,
                              const kj_assessment *as, const kj_lint_result *lint,
                              const kj_render_options *o);

/* Write where passage p is, for people, into out (outsz bytes, always
 * NUL-terminated, never a split character): the section, the page or line,
 * and the heading it sits under, or the run-in heading it opens with or
 * follows: "p.12 “（3）情報セキュリティ”", "§0102010 事業の状況 line 157 “③ …”",
 * "§Item 1C. Cybersecurity “Governance”", or "passage 7" when nothing is
 * known. Names are cut at 40 characters. Only p's page, line, section,
 * heading, lead and index are read. Returns 1 when the run-in heading is
 * named. KJ_LOCATION_MAX bytes hold any location. */
int kj_render_location(const kj_passage *p, char *out, size_t outsz);
#define KJ_LOCATION_MAX 400

/* Write the short form of where passage p is into out (outsz bytes, always
 * NUL-terminated): "p.12" in a PDF, "line 40" in HTML and text, with the
 * section when lines restart in each section file ("§0102010 事業の状況 line 253"),
 * or "passage 7" when nothing is known. What the terminal summary cites a
 * principle's signals by; only p's page, line, section and index are read. */
void kj_render_place(const kj_passage *p, char *out, size_t outsz);

/* Append the fields of one classification, without braces: "primary",
 * "items", "scores", "elements" and "evidence" (item, element, term, start,
 * end, weight). Shared by `analyze --format json` and `classify --jsonl`. */
void kj_render_classification_json(kj_buf *b, const kj_classification *c);

/* Append an item's explanation (kj_explain_item) as one JSON object: "item",
 * "score", "logit", "bias", the top largest "features" (each "kind": text,
 * term, category, hits or language; "what"; for text and terms "start",
 * "end" in code points and "places"; "value"; "contribution"), and the sum
 * of the other features' contributions ("rest") with their number
 * ("rest_features"): bias + contributions + rest = logit. */
void kj_render_explanation_json(kj_buf *b, const kj_explanation *e, size_t top);

/* Write an item's explanation for people: a line with its score, log-odds,
 * bias and the features' sum, then a line per top feature (its share, its
 * kind, what gives it), then the sum of the others. Text from the passage
 * is written with kj_term_puts. */
void kj_render_explanation_text(FILE *f, const kj_explanation *e, size_t top);

/* Append ", \"topic\": ..." for a classification of the passage text (len
 * bytes): why it is taken to be about cybersecurity, null when it is not:
 * {"by": "heading" or "text", "terms": [{"term", "start", "end"}]}, the
 * terms of text that name the topic (code-point offsets; none may be listed
 * when the heading alone does). */
void kj_render_topic_json(kj_buf *b, const kj_classification *c, const char *text, size_t len);

/* ==== Section B: HTML report ========================================== */
/*
 * One self-contained HTML page a reviewer can show a board: header (document
 * name, type, year), item coverage as an inline-SVG radar chart, the five
 * principle scores as bars, the item x element coverage table with levels,
 * the passages highlighted by item with their evidence terms marked, the
 * sensitive findings, suggestions and the stakeholder view. No scripts, no
 * external resources; a Content-Security-Policy meta forbids them anyway
 * (default-src 'none'; style-src 'unsafe-inline'; img-src data:). Every piece
 * of document text is HTML-escaped, in attributes too, so a hostile document
 * cannot run script in the report. as and lint may be NULL (those sections
 * then say so). With o's explain (o may be NULL), each passage shown under
 * an item carries why it has the item: a <details> table of the item's
 * largest shares (o's explain_top, else 8), which opens without a script.
 * Returns KJ_OK, KJ_ERR_ARG (no f or a) or KJ_ERR_NOMEM; a write that fails
 * shows in ferror(f), for whoever opened f to say (it knows what f is
 * called), as with kj_render_json_file.
 */
kj_status kj_render_html(FILE *f, const kj_doc_analysis *a, const kj_assessment *as,
                         const kj_lint_result *lint, const kj_render_options *o, kj_error *err);

/* Append s (len bytes of UTF-8) to b with &, <, >, " and ' escaped and
 * control characters and invalid UTF-8 replaced: safe in element content
 * and in quoted attribute values. */
kj_status kj_html_escape(kj_buf *b, const char *s, size_t len);

/* ==== Section C: tables (Excel workbook, CSV) ========================= */
/*
 * A batch's analyses as five tables, the same in the workbook and in CSV:
 * "documents" (a row per document: file, title, company, format, language,
 * pages, passages, passages on topic, document type, year, items covered,
 * coverage score, the five principles, passages per specificity, sensitive
 * findings per severity), "coverage" (a row per document: the level 0-3 of
 * each item and element), "passages" (a row per passage about
 * cybersecurity, or every passage with the options' all_passages: file,
 * place, page, section, line, heading, primary item, items, elements,
 * specificity, relevance, each item's score, evidence terms, text),
 * "sensitive" (the lint's findings) and "suggestions" (the assessment's).
 * Each row starts with the document's file.
 */
typedef enum {
    KJ_TABLE_DOCUMENTS,
    KJ_TABLE_COVERAGE,
    KJ_TABLE_PASSAGES,
    KJ_TABLE_SENSITIVE,
    KJ_TABLE_SUGGESTIONS,
    KJ_N_TABLES
} kj_table;

/* A table's name ("documents", "coverage", "passages", "sensitive",
 * "suggestions"; static), or "" for no table. */
const char *kj_table_id(kj_table t);

/* The table whose kj_table_id is name, or -1. */
int kj_table_parse(const char *name);

/*
 * One workbook (.xlsx) for a batch of analysed documents, for comparing
 * them in a spreadsheet: sheets "Documents" (a row per document: file,
 * title, company, format, language, pages, passages, passages on topic,
 * document type, year, items covered, coverage score, the five principles,
 * passages per specificity, sensitive findings per severity), "Coverage"
 * (a row per document: the level 0-3 of each item and element, shaded by
 * level), "Passages" (a row per passage about cybersecurity, or every
 * passage with o's all_passages: place, heading, primary item, items,
 * elements, specificity, relevance, each item's score, evidence terms,
 * text), "Sensitive" (the lint's findings) and "Suggestions" (the
 * assessment's). The titles are in Japanese or English (the lang given to
 * kj_xlsx_open, else the first document's). Each sheet's first column is
 * the document's file. Document text is written as strings (never as
 * formulas), as valid UTF-8 without control characters but tab and
 * newline, and cut to 32,000 characters, which a cell holds.
 *
 * The sheets are written row by row to temporary files (libxlsxwriter's
 * constant_memory), so a batch is not held in memory; the workbook is
 * assembled at path by kj_xlsx_close, and nothing is written there before.
 */
typedef struct kj_xlsx kj_xlsx;

/* Begin a workbook to be written to path, called name in messages (NULL:
 * path; a caller that copies the workbook elsewhere names that), its
 * titles in lang (KJ_LANG_AUTO: the first document's). *out is the
 * caller's, to end with kj_xlsx_close or kj_xlsx_discard. KJ_ERR_NOMEM
 * when out of memory. */
kj_status kj_xlsx_open(const char *path, const char *name, kj_lang lang, kj_xlsx **out,
                       kj_error *err);

/* Add one analysed document's rows to every sheet; as and lint may be NULL
 * (their columns and sheets stay empty for it); o (may be NULL) gives
 * all_passages. On failure (KJ_ERR_NOMEM, KJ_ERR_IO) the workbook can only
 * be discarded. */
kj_status kj_xlsx_add(kj_xlsx *x, const kj_doc_analysis *a, const kj_assessment *as,
                      const kj_lint_result *lint, const kj_render_options *o, kj_error *err);

/* Write the workbook to its path and free x (NULL: nothing). KJ_ERR_IO
 * with the reason when it cannot be written, or when an earlier
 * kj_xlsx_add failed. */
kj_status kj_xlsx_close(kj_xlsx *x, kj_error *err);

/* Free x without writing anything (NULL: nothing). */
void kj_xlsx_discard(kj_xlsx *x);

/*
 * One of the tables as CSV (RFC 4180: fields separated by commas, records
 * ended by CRLF, every text field quoted with its quotes doubled; numbers
 * bare), for programs and for joining runs: a title row in English whatever the documents'
 * language, then each document's rows as it is added, so that a batch is
 * never held whole. Text is valid UTF-8 without control characters but
 * tab and newline; a text cell that starts with =, +, -, @ or a tab (which
 * a spreadsheet would run as a formula) gets a ' before it. Numbers are
 * written as numbers, scores to three decimals.
 */
typedef struct kj_csv kj_csv;

/* Begin table t as CSV on f (the caller's, left open), with a UTF-8 byte
 * order mark first when bom (which Excel needs to read UTF-8). The title
 * row is written at once. *out is the caller's, to end with kj_csv_close.
 * KJ_ERR_ARG for no such table, KJ_ERR_NOMEM. */
kj_status kj_csv_open(FILE *f, kj_table t, int bom, kj_csv **out, kj_error *err);

/* Write one analysed document's rows of the table; as and lint may be
 * NULL (their cells and rows are left out); o (may be NULL) gives
 * all_passages. KJ_ERR_NOMEM; a write that fails shows in ferror(f), as
 * with kj_render_json_file. */
kj_status kj_csv_add(kj_csv *c, const kj_doc_analysis *a, const kj_assessment *as,
                     const kj_lint_result *lint, const kj_render_options *o, kj_error *err);

/* Free c (NULL: nothing); f is not closed or flushed. */
void kj_csv_close(kj_csv *c);

#endif
