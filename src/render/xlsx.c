/*
 * xlsx.c - the analyses of one or more documents as one Excel workbook
 * (libxlsxwriter), for the people who compare disclosures in a
 * spreadsheet: IR and security staff checking a draft against last year's,
 * analysts and auditors setting companies side by side. Each of table.c's
 * five tables is a sheet, its title row frozen and filtered, a coverage
 * level shaded by level.
 *
 * The workbook is written row by row (libxlsxwriter's constant_memory: a
 * batch of filings is not held in memory) to a file at kj_xlsx_close.
 * Text from a document is written as strings, never formulas, cut to what
 * a cell holds.
 */
#include <errno.h>
#include <string.h>
#include <xlsxwriter.h>

#include "table.h"

/* Excel keeps at most 32,767 characters in a cell; a passage's text is cut
 * well before, at whole characters, with "…" after it. */
#define KJ_XLSX_CELL_CHARS 32000

struct kj_xlsx {
    kj_table_sink sink; /* first: the sink's callbacks cast it back */
    lxw_workbook *wb;
    lxw_worksheet *ws[KJ_N_TABLES];
    lxw_row_t row[KJ_N_TABLES]; /* each sheet's current row */
    lxw_format *style[KJ_CELL_STYLES];
    int started; /* the sheets and their titles are made */
    char *name;  /* what messages call the workbook */
};

static const char *const sheet_name[KJ_N_TABLES][2] = {
    {"文書", "Documents"},     {"網羅性", "Coverage"},      {"パッセージ", "Passages"},
    {"機微情報", "Sensitive"}, {"改善提案", "Suggestions"},
};

static void fail(kj_xlsx *x, lxw_error e) {
    if (e == LXW_NO_ERROR || x->sink.st != KJ_OK) return;
    x->sink.st = e == LXW_ERROR_MEMORY_MALLOC_FAILED ? KJ_ERR_NOMEM : KJ_ERR_IO;
}

static void sink_text(kj_table_sink *k, kj_table t, int col, const char *s, size_t len, int style) {
    (void)len;
    kj_xlsx *x = (kj_xlsx *)k;
    fail(x, worksheet_write_string(x->ws[t], x->row[t], (lxw_col_t)col, s, x->style[style]));
}

static void sink_num(kj_table_sink *k, kj_table t, int col, double v, int style) {
    kj_xlsx *x = (kj_xlsx *)k;
    lxw_format *f = style == KJ_CELL_PLAIN ? NULL : x->style[style];
    fail(x, worksheet_write_number(x->ws[t], x->row[t], (lxw_col_t)col, v, f));
}

static void sink_width(kj_table_sink *k, kj_table t, int col, double width) {
    kj_xlsx *x = (kj_xlsx *)k;
    fail(x, worksheet_set_column(x->ws[t], (lxw_col_t)col, (lxw_col_t)col, width, NULL));
}

static void sink_end_row(kj_table_sink *k, kj_table t) {
    ((kj_xlsx *)k)->row[t]++;
}

/* Each sheet and its title row, frozen, in lang (the first document's). */
static void start(kj_xlsx *x, kj_lang lang) {
    x->started = 1;
    x->sink.lang = lang == KJ_LANG_EN ? KJ_LANG_EN : KJ_LANG_JA;
    int en = x->sink.lang == KJ_LANG_EN;
    for (int t = 0; t < KJ_N_TABLES && x->sink.st == KJ_OK; t++) {
        x->ws[t] = workbook_add_worksheet(x->wb, sheet_name[t][en]);
        if (!x->ws[t]) {
            x->sink.st = KJ_ERR_NOMEM;
            return;
        }
        worksheet_freeze_panes(x->ws[t], 1, 1);
    }
    kj_table_titles(&x->sink);
}

static lxw_format *new_format(lxw_workbook *wb, int bold, uint32_t bg) {
    lxw_format *f = workbook_add_format(wb);
    if (!f) return NULL;
    format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (bold) format_set_bold(f);
    if (bg) format_set_bg_color(f, bg);
    return f;
}

/* The cells' formats; 0, or -1 when one could not be made. */
static int make_styles(kj_xlsx *x) {
    /* light to strong for levels 0..3: absent, mentioned, described, substantiated */
    static const uint32_t shade[4] = {0xF2F2F2, 0xFCE4D6, 0xC6E0B4, 0x70AD47};
    x->style[KJ_CELL_PLAIN] = new_format(x->wb, 0, 0);
    x->style[KJ_CELL_HEAD] = new_format(x->wb, 1, 0xDDEBF7);
    x->style[KJ_CELL_SCORE] = new_format(x->wb, 0, 0);
    if (x->style[KJ_CELL_SCORE]) format_set_num_format(x->style[KJ_CELL_SCORE], "0.000");
    for (int l = 0; l < 4; l++) {
        lxw_format *f = x->style[KJ_CELL_LEVEL0 + l] = new_format(x->wb, 0, shade[l]);
        if (f) format_set_align(f, LXW_ALIGN_CENTER);
    }
    for (int s = 0; s < KJ_CELL_STYLES; s++)
        if (!x->style[s]) return -1;
    return 0;
}

kj_status kj_xlsx_open(const char *path, const char *name, kj_lang lang, kj_xlsx **out,
                       kj_error *err) {
    *out = NULL;
    if (!name) name = path;
    kj_xlsx *x = calloc(1, sizeof *x);
    if (!x || !(x->name = strdup(name))) {
        free(x);
        return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", name);
    }
    x->sink = (kj_table_sink){.text = sink_text,
                              .num = sink_num,
                              .width = sink_width,
                              .end_row = sink_end_row,
                              .tables = (1u << KJ_N_TABLES) - 1,
                              .max_chars = KJ_XLSX_CELL_CHARS,
                              .cell = KJ_BUF_INIT};
    lxw_workbook_options wo = {.constant_memory = LXW_TRUE};
    x->wb = workbook_new_opt(path, &wo);
    if (!x->wb || make_styles(x) != 0) {
        kj_xlsx_discard(x);
        return kj_error_set(err, KJ_ERR_NOMEM, "%s: cannot start a workbook (out of memory)", name);
    }
    if (lang != KJ_LANG_AUTO) start(x, lang);
    *out = x;
    return KJ_OK;
}

kj_status kj_xlsx_add(kj_xlsx *x, const kj_doc_analysis *a, const kj_assessment *as,
                      const kj_lint_result *lint, const kj_render_options *o, kj_error *err) {
    if (!x || !a) return kj_error_set(err, KJ_ERR_ARG, "no workbook or analysis");
    if (!x->started) start(x, as ? as->lang : a->lang);
    kj_table_add(&x->sink, a, as, lint, o);
    kj_status st = x->sink.st;
    if (st != KJ_OK)
        return kj_error_set(err, st, "%s: %s", x->name,
                            st == KJ_ERR_NOMEM ? "out of memory writing the workbook"
                                               : "cannot write the workbook's sheets");
    return KJ_OK;
}

kj_status kj_xlsx_close(kj_xlsx *x, kj_error *err) {
    if (!x) return KJ_OK;
    if (!x->started) start(x, KJ_LANG_JA); /* no document: the titles alone */
    for (int t = 0; t < KJ_N_TABLES && x->sink.st == KJ_OK; t++)
        if (x->row[t] > 1)
            fail(x, worksheet_autofilter(x->ws[t], 0, 0, x->row[t] - 1,
                                         (lxw_col_t)(x->sink.cols[t] - 1)));
    kj_status st = x->sink.st;
    errno = 0;
    lxw_error e = workbook_close(x->wb);
    int why = errno;
    x->wb = NULL;
    if (st == KJ_OK && e != LXW_NO_ERROR) st = KJ_ERR_IO;
    if (st != KJ_OK && e != LXW_NO_ERROR && why)
        kj_error_set(err, st, "%s: cannot write the workbook: %s (%s)", x->name, strerror(why),
                     lxw_strerror(e));
    else if (st != KJ_OK)
        kj_error_set(err, st, "%s: cannot write the workbook: %s", x->name,
                     e != LXW_NO_ERROR ? lxw_strerror(e) : "out of memory");
    kj_xlsx_discard(x);
    return st;
}

void kj_xlsx_discard(kj_xlsx *x) {
    if (!x) return;
    if (x->wb) lxw_workbook_free(x->wb);
    kj_buf_free(&x->sink.cell);
    free(x->name);
    free(x);
}
