/*
 * xlsx.c - the analyses of one or more documents as one Excel workbook
 * (libxlsxwriter), for the people who compare disclosures in a
 * spreadsheet: IR and security staff checking a draft against last year's,
 * analysts and auditors setting companies side by side. One row per
 * document in "Documents" (its type, year, coverage score, the five
 * principles, specificity, sensitive findings) and in "Coverage" (the
 * level of each item and element, shaded by level), one row per passage in
 * "Passages" (place, items, elements, specificity, each item's score,
 * evidence, text), and the lint's findings and the assessment's
 * suggestions in sheets of their own. Every sheet starts with the
 * document's file, so that a filter or pivot table finds a company's rows.
 *
 * The workbook is written row by row (libxlsxwriter's constant_memory: a
 * batch of filings is not held in memory) to a file at kj_xlsx_close.
 * Text from a document is written as strings, never formulas, made valid
 * UTF-8 without control characters, and cut to what a cell holds.
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <xlsxwriter.h>

#include "render_internal.h"

/* Excel keeps at most 32,767 characters in a cell; a passage's text is cut
 * well before, at whole characters, with "…" after it. */
#define KJ_XLSX_CELL_CHARS 32000

/* The most evidence terms listed for a passage. */
#define KJ_XLSX_EVIDENCE 16

enum { SHEET_DOCS, SHEET_COVERAGE, SHEET_PASSAGES, SHEET_SENSITIVE, SHEET_SUGGESTIONS, N_SHEETS };

/* A column: its title in Japanese and English, and its width. */
typedef struct {
    const char *ja, *en;
    double width;
} column;

struct kj_xlsx {
    lxw_workbook *wb;
    lxw_worksheet *ws[N_SHEETS];
    lxw_row_t row[N_SHEETS]; /* the next row of each sheet */
    lxw_col_t cols[N_SHEETS];
    lxw_format *head, *wrap, *score, *level[4];
    kj_lang lang; /* of the titles; KJ_LANG_AUTO until the first document */
    kj_buf cell;  /* one cell's text, made safe */
    kj_status st; /* the first failure */
    char *name;   /* what messages call the workbook */
};

static const char *const sheet_name[N_SHEETS][2] = {
    {"文書", "Documents"},     {"網羅性", "Coverage"},      {"パッセージ", "Passages"},
    {"機微情報", "Sensitive"}, {"改善提案", "Suggestions"},
};

static const column docs_cols[] = {
    {"ファイル", "File", 36},
    {"表題", "Title", 36},
    {"会社", "Company", 24},
    {"形式", "Format", 8},
    {"言語", "Language", 8},
    {"ページ", "Pages", 7},
    {"パッセージ数", "Passages", 9},
    {"サイバー関連", "On topic", 9},
    {"文書の種類", "Document type", 18},
    {"年", "Year", 7},
    {"開示された項目", "Items covered", 9},
    {"網羅度", "Coverage score", 9},
    {"P1 目的適合性", "P1 Relevance", 9},
    {"P2 表現真正性", "P2 Faithful representation", 9},
    {"P3 比較可能性", "P3 Comparability", 9},
    {"P4 理解容易性", "P4 Understandability", 9},
    {"P5 適時公表性", "P5 Timeliness", 9},
    {"具体性1", "Specificity 1", 8},
    {"具体性2", "Specificity 2", 8},
    {"具体性3", "Specificity 3", 8},
    {"具体性4", "Specificity 4", 8},
    {"機微情報 error", "Sensitive: error", 9},
    {"機微情報 warning", "Sensitive: warning", 9},
    {"機微情報 note", "Sensitive: note", 9},
};

static const column passage_cols[] = {
    {"ファイル", "File", 30},     {"位置", "Location", 30},   {"ページ", "Page", 6},
    {"節", "Section", 14},        {"行", "Line", 6},          {"見出し", "Heading", 24},
    {"主な項目", "Primary", 7},   {"項目", "Items", 10},      {"要素", "Elements", 14},
    {"具体性", "Specificity", 8}, {"関連度", "Relevance", 8},
};

static const column sensitive_cols[] = {
    {"ファイル", "File", 30}, {"位置", "Location", 14}, {"重大度", "Severity", 9},
    {"規則", "Rule", 18},     {"項目", "Item", 6},      {"該当箇所", "Flagged text", 24},
    {"内容", "Message", 40},  {"理由", "Why", 40},      {"書き方", "How to say it", 40},
};

static const column suggestion_cols[] = {
    {"ファイル", "File", 30}, {"要素・原則", "Element or principle", 10},
    {"項目", "Item", 6},      {"種類", "Kind", 9},
    {"水準", "Level", 6},     {"提案", "Suggestion", 70},
    {"ガイド", "Guide", 28},  {"注意", "Caution", 40},
};

#define N_OF(a) (sizeof(a) / sizeof(a)[0])

static int is_ja(const kj_xlsx *x) {
    return x->lang == KJ_LANG_JA;
}

static void fail(kj_xlsx *x, lxw_error e) {
    if (e == LXW_NO_ERROR || x->st != KJ_OK) return;
    x->st = e == LXW_ERROR_MEMORY_MALLOC_FAILED ? KJ_ERR_NOMEM : KJ_ERR_IO;
}

/* s (len bytes; s may be NULL) into sheet's cell at col of its current row,
 * as a string: valid UTF-8, each control character but tab and newline a
 * space, the non-characters XML refuses U+FFFD, cut to KJ_XLSX_CELL_CHARS
 * characters. Nothing for an empty s. */
static void put_text(kj_xlsx *x, int sheet, lxw_col_t col, const char *s, size_t len,
                     lxw_format *f) {
    if (!s || !len || x->st != KJ_OK) return;
    size_t cut = kj_utf8_cut(s, len, KJ_XLSX_CELL_CHARS);
    kj_buf_reset(&x->cell);
    if (kj_buf_append_utf8(&x->cell, s, cut) != KJ_OK ||
        (cut < len && kj_buf_puts(&x->cell, "…") != KJ_OK)) {
        x->st = KJ_ERR_NOMEM;
        return;
    }
    unsigned char *t = (unsigned char *)x->cell.data;
    for (size_t i = 0; i < x->cell.len; i++) {
        if ((t[i] < 0x20 && t[i] != '\t' && t[i] != '\n') || t[i] == 0x7f) t[i] = ' ';
        /* U+FFFE and U+FFFF are no characters XML may hold: U+FFFD */
        if (t[i] == 0xef && i + 2 < x->cell.len && t[i + 1] == 0xbf && t[i + 2] >= 0xbe)
            t[i + 2] = 0xbd;
    }
    fail(x, worksheet_write_string(x->ws[sheet], x->row[sheet], col, x->cell.data, f));
}

static void put_str(kj_xlsx *x, int sheet, lxw_col_t col, const char *s) {
    put_text(x, sheet, col, s, s ? strlen(s) : 0, x->wrap);
}

static void put_num(kj_xlsx *x, int sheet, lxw_col_t col, double v, lxw_format *f) {
    if (x->st == KJ_OK) fail(x, worksheet_write_number(x->ws[sheet], x->row[sheet], col, v, f));
}

/* A score, to three decimals as the JSON gives it (a float's 0.91 is not
 * 0.910000026 in a spreadsheet's cell); nothing when it is not finite. */
static void put_score(kj_xlsx *x, int sheet, lxw_col_t col, float v) {
    if (isfinite(v)) put_num(x, sheet, col, round((double)v * 1000) / 1000, x->score);
}

/* A sheet's title row and column widths from cols (n); put_title adds
 * more after them. */
static void put_titles(kj_xlsx *x, int sheet, const column *cols, size_t n) {
    for (size_t c = 0; c < n; c++) {
        const char *t = is_ja(x) ? cols[c].ja : cols[c].en;
        fail(x,
             worksheet_set_column(x->ws[sheet], (lxw_col_t)c, (lxw_col_t)c, cols[c].width, NULL));
        put_text(x, sheet, (lxw_col_t)c, t, strlen(t), x->head);
    }
    x->cols[sheet] = (lxw_col_t)n;
}

/* A column title written with the head format after the fixed ones. */
static void put_title(kj_xlsx *x, int sheet, const char *title, double width) {
    lxw_col_t c = x->cols[sheet]++;
    fail(x, worksheet_set_column(x->ws[sheet], c, c, width, NULL));
    put_text(x, sheet, c, title, strlen(title), x->head);
}

static const char *item_name(const kj_xlsx *x, int it) {
    return is_ja(x) ? kj_item_name_ja(it) : kj_item_name_en(it);
}

static void coverage_titles(kj_xlsx *x) {
    static const column fixed[] = {
        {"ファイル", "File", 30}, {"会社", "Company", 20}, {"網羅度", "Coverage score", 9}};
    put_titles(x, SHEET_COVERAGE, fixed, N_OF(fixed));
    char t[256];
    for (int it = 1; it <= KJ_N_ITEMS; it++) {
        snprintf(t, sizeof t, "%d %s", it, item_name(x, it));
        put_title(x, SHEET_COVERAGE, t, 11);
    }
    for (int e = 0; e < KJ_N_ELEMENTS; e++)
        put_title(x, SHEET_COVERAGE, kj_element_id(e), 6);
}

static void passage_titles(kj_xlsx *x) {
    put_titles(x, SHEET_PASSAGES, passage_cols, N_OF(passage_cols));
    char t[256];
    for (int it = 1; it <= KJ_N_ITEMS; it++) {
        snprintf(t, sizeof t, is_ja(x) ? "スコア %d" : "Score %d", it);
        put_title(x, SHEET_PASSAGES, t, 8);
    }
    put_title(x, SHEET_PASSAGES, is_ja(x) ? "根拠の語" : "Evidence", 30);
    put_title(x, SHEET_PASSAGES, is_ja(x) ? "本文" : "Text", 80);
}

/* Each sheet's title row, frozen, in the language of the first document. */
static void start(kj_xlsx *x, kj_lang lang) {
    x->lang = lang == KJ_LANG_EN ? KJ_LANG_EN : KJ_LANG_JA;
    int en = !is_ja(x);
    for (int s = 0; s < N_SHEETS && x->st == KJ_OK; s++) {
        x->ws[s] = workbook_add_worksheet(x->wb, sheet_name[s][en]);
        if (!x->ws[s]) {
            x->st = KJ_ERR_NOMEM;
            return;
        }
        worksheet_freeze_panes(x->ws[s], 1, 1);
    }
    if (x->st != KJ_OK) return;
    put_titles(x, SHEET_DOCS, docs_cols, N_OF(docs_cols));
    coverage_titles(x);
    passage_titles(x);
    put_titles(x, SHEET_SENSITIVE, sensitive_cols, N_OF(sensitive_cols));
    put_titles(x, SHEET_SUGGESTIONS, suggestion_cols, N_OF(suggestion_cols));
    for (int s = 0; s < N_SHEETS; s++)
        x->row[s] = 1;
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

kj_status kj_xlsx_open(const char *path, const char *name, kj_lang lang, kj_xlsx **out,
                       kj_error *err) {
    *out = NULL;
    if (!name) name = path;
    kj_xlsx *x = calloc(1, sizeof *x);
    if (!x || !(x->name = strdup(name))) {
        free(x);
        return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", name);
    }
    lxw_workbook_options wo = {.constant_memory = LXW_TRUE};
    x->wb = workbook_new_opt(path, &wo);
    /* light to strong for levels 0..3: absent, mentioned, described, substantiated */
    static const uint32_t shade[4] = {0xF2F2F2, 0xFCE4D6, 0xC6E0B4, 0x70AD47};
    if (x->wb) {
        x->head = new_format(x->wb, 1, 0xDDEBF7);
        x->wrap = new_format(x->wb, 0, 0);
        x->score = new_format(x->wb, 0, 0);
        if (x->score) format_set_num_format(x->score, "0.000");
        for (int l = 0; l < 4; l++) {
            x->level[l] = new_format(x->wb, 0, shade[l]);
            if (x->level[l]) format_set_align(x->level[l], LXW_ALIGN_CENTER);
        }
    }
    int formats = x->wb && x->head && x->wrap && x->score;
    for (int l = 0; l < 4; l++)
        formats &= x->level[l] != NULL;
    if (!formats) {
        kj_xlsx_discard(x);
        return kj_error_set(err, KJ_ERR_NOMEM, "%s: cannot start a workbook (out of memory)", name);
    }
    x->lang = KJ_LANG_AUTO;
    if (lang != KJ_LANG_AUTO) start(x, lang);
    *out = x;
    return KJ_OK;
}

static void doc_row(kj_xlsx *x, const kj_doc_analysis *a, const kj_assessment *as,
                    const kj_lint_result *lint) {
    const kj_document *d = a->doc;
    int s = SHEET_DOCS, c = 0;
    put_str(x, s, c++, d->path);
    put_str(x, s, c++, d->title);
    put_str(x, s, c++, d->company);
    put_str(x, s, c++, kj_format_name(d->format));
    put_str(x, s, c++, kj_lang_name(a->lang));
    put_num(x, s, c++, d->n_pages, NULL);
    put_num(x, s, c++, (double)a->passages.n, NULL);
    put_num(x, s, c++, a->relevant_passages, NULL);
    if (as) {
        put_str(x, s, c,
                is_ja(x) ? kj_doctype_name_ja(as->doctype) : kj_doctype_name_en(as->doctype));
        if (as->year) put_num(x, s, c + 1, as->year, NULL);
    }
    c += 2;
    put_num(x, s, c++, kj_render_items_covered(a), NULL);
    if (as) {
        put_num(x, s, c, as->coverage_score, NULL);
        for (int p = 0; p < KJ_N_PRINCIPLES; p++)
            put_num(x, s, c + 1 + p, as->principles[p], NULL);
        for (int k = 1; k <= 4; k++)
            put_num(x, s, c + KJ_N_PRINCIPLES + k, as->spec_hist[k], NULL);
    }
    c += 1 + KJ_N_PRINCIPLES + 4;
    if (lint)
        for (int v = KJ_SEV_ERROR; v >= KJ_SEV_NOTE; v--)
            put_num(x, s, c++, (double)lint->by_severity[v], NULL);
    x->row[s]++;
}

/* A coverage level 0..3, shaded by it. */
static void put_level(kj_xlsx *x, int sheet, lxw_col_t col, int level) {
    put_num(x, sheet, col, level, x->level[level >= 0 && level <= 3 ? level : 0]);
}

static void coverage_row(kj_xlsx *x, const kj_doc_analysis *a, const kj_assessment *as) {
    int s = SHEET_COVERAGE;
    put_str(x, s, 0, a->doc->path);
    put_str(x, s, 1, a->doc->company);
    if (as) {
        put_num(x, s, 2, as->coverage_score, NULL);
        for (int it = 1; it <= KJ_N_ITEMS; it++)
            put_level(x, s, (lxw_col_t)(2 + it), as->items[it].level);
        for (int e = 0; e < KJ_N_ELEMENTS; e++)
            put_level(x, s, (lxw_col_t)(3 + KJ_N_ITEMS + e), as->elements[e].level);
    }
    x->row[s]++;
}

/* "4, 5" of c's items, "4.1, 5.1" of its elements, into b. */
static void list_labels(kj_buf *b, const kj_classification *c, int elements) {
    int n = elements ? c->n_elements : c->n_items;
    for (int k = 0; k < n; k++) {
        if (k) kj_buf_puts(b, ", ");
        if (elements)
            kj_buf_puts(b, kj_element_id(c->elements[k]));
        else
            kj_buf_printf(b, "%d", c->items[k]);
    }
}

/* The distinct terms of c's evidence, at most KJ_XLSX_EVIDENCE, into b. */
static void list_evidence(kj_buf *b, const kj_classification *c) {
    int shown = 0;
    for (uint32_t k = 0; k < c->n_evidence && shown < KJ_XLSX_EVIDENCE; k++) {
        const char *t = c->evidence[k].term;
        int seen = 0;
        for (uint32_t j = 0; j < k && !seen; j++)
            seen = strcmp(c->evidence[j].term, t) == 0;
        if (seen) continue;
        if (shown++) kj_buf_puts(b, ", ");
        kj_buf_puts(b, t);
    }
}

/* A cell whose text is built in a buffer of its own (x->cell is put_text's). */
static void put_built(kj_xlsx *x, int sheet, lxw_col_t col, kj_buf *b) {
    if (b->len) put_text(x, sheet, col, b->data, b->len, x->wrap);
    kj_buf_reset(b);
}

static void passage_row(kj_xlsx *x, const kj_doc_analysis *a, const kj_assessment *as, size_t i,
                        const kj_classification *c, kj_buf *b) {
    const kj_passage *p = &a->passages.items[i];
    int s = SHEET_PASSAGES;
    char loc[KJ_LOCATION_MAX];
    kj_render_location(p, loc, sizeof loc);
    put_str(x, s, 0, a->doc->path);
    put_str(x, s, 1, loc);
    if (p->page > 0) put_num(x, s, 2, p->page, NULL);
    put_str(x, s, 3, p->section);
    if (p->line > 0) put_num(x, s, 4, p->line, NULL);
    put_str(x, s, 5, p->heading);
    if (c->primary) put_num(x, s, 6, c->primary, NULL);
    list_labels(b, c, 0);
    put_built(x, s, 7, b);
    list_labels(b, c, 1);
    put_built(x, s, 8, b);
    if (as && as->spec && c->primary) put_num(x, s, 9, as->spec[i], NULL);
    put_score(x, s, 10, c->relevance);
    lxw_col_t col = (lxw_col_t)N_OF(passage_cols);
    for (int it = 1; it <= KJ_N_ITEMS; it++)
        put_score(x, s, col++, c->scores[it]);
    list_evidence(b, c);
    put_built(x, s, col++, b);
    put_text(x, s, col, p->text, p->len, x->wrap);
    x->row[s]++;
}

static kj_status passage_rows(kj_xlsx *x, const kj_doc_analysis *a, const kj_assessment *as,
                              const kj_render_options *o) {
    kj_arena *scratch = kj_arena_new();
    kj_buf b = KJ_BUF_INIT;
    if (!scratch) return KJ_ERR_NOMEM;
    for (size_t i = 0; i < a->passages.n && x->st == KJ_OK; i++) {
        if (!(o && o->all_passages) && a->cls[i].primary == 0) continue;
        kj_classification tmp;
        const kj_classification *c = kj_doc_passage_classification(a, i, scratch, &tmp);
        if (!c) {
            x->st = KJ_ERR_NOMEM;
            break;
        }
        passage_row(x, a, as, i, c, &b);
        kj_arena_reset(scratch);
    }
    kj_buf_free(&b);
    kj_arena_free(scratch);
    return x->st;
}

static void sensitive_rows(kj_xlsx *x, const kj_document *d, const kj_lint_result *lint) {
    int s = SHEET_SENSITIVE;
    for (size_t k = 0; lint && k < lint->n && x->st == KJ_OK; k++) {
        const kj_lint_finding *f = &lint->items[k];
        char loc[KJ_LOCATION_MAX];
        kj_lint_location(f, loc, sizeof loc);
        put_str(x, s, 0, d->path);
        put_str(x, s, 1, loc);
        put_str(x, s, 2, kj_severity_name(f->severity));
        put_str(x, s, 3, f->rule);
        if (f->item) put_num(x, s, 4, f->item, NULL);
        put_str(x, s, 5, f->text);
        put_str(x, s, 6, f->message);
        put_str(x, s, 7, f->why);
        put_str(x, s, 8, f->how);
        x->row[s]++;
    }
}

static void suggestion_rows(kj_xlsx *x, const kj_document *d, const kj_assessment *as) {
    int s = SHEET_SUGGESTIONS;
    for (size_t k = 0; as && k < as->n_suggestions && x->st == KJ_OK; k++) {
        const kj_suggestion *g = &as->suggestions[k];
        char what[16];
        if (g->element >= 0)
            snprintf(what, sizeof what, "%s", kj_element_id(g->element));
        else
            snprintf(what, sizeof what, "P%d", g->principle + 1);
        put_str(x, s, 0, d->path);
        put_str(x, s, 1, what);
        if (g->item) put_num(x, s, 2, g->item, NULL);
        put_str(x, s, 3, g->kind);
        put_num(x, s, 4, g->level, NULL);
        put_str(x, s, 5, g->text);
        put_str(x, s, 6, g->guide_ref);
        put_str(x, s, 7, g->caution);
        x->row[s]++;
    }
}

kj_status kj_xlsx_add(kj_xlsx *x, const kj_doc_analysis *a, const kj_assessment *as,
                      const kj_lint_result *lint, const kj_render_options *o, kj_error *err) {
    if (!x || !a) return kj_error_set(err, KJ_ERR_ARG, "no workbook or analysis");
    if (x->lang == KJ_LANG_AUTO) start(x, as ? as->lang : a->lang);
    if (x->st == KJ_OK) doc_row(x, a, as, lint);
    if (x->st == KJ_OK) coverage_row(x, a, as);
    if (x->st == KJ_OK) passage_rows(x, a, as, o);
    if (x->st == KJ_OK) sensitive_rows(x, a->doc, lint);
    if (x->st == KJ_OK) suggestion_rows(x, a->doc, as);
    if (x->st != KJ_OK)
        return kj_error_set(err, x->st, "%s: %s", x->name,
                            x->st == KJ_ERR_NOMEM ? "out of memory writing the workbook"
                                                  : "cannot write the workbook's sheets");
    return KJ_OK;
}

kj_status kj_xlsx_close(kj_xlsx *x, kj_error *err) {
    if (!x) return KJ_OK;
    if (x->lang == KJ_LANG_AUTO) start(x, KJ_LANG_JA); /* no document: the titles alone */
    for (int s = 0; s < N_SHEETS && x->st == KJ_OK; s++)
        if (x->row[s] > 1)
            fail(x, worksheet_autofilter(x->ws[s], 0, 0, x->row[s] - 1, x->cols[s] - 1));
    kj_status st = x->st;
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
    kj_buf_free(&x->cell);
    free(x->name);
    free(x);
}
