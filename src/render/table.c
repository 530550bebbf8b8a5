/*
 * table.c - what each cell of the batch tables holds: a row per document
 * in "documents" (its type, year, coverage score, the five principles,
 * specificity, sensitive findings) and in "coverage" (the level of each
 * item and element), a row per passage in "passages" (place, items,
 * elements, specificity, each item's score, evidence, text), and the
 * lint's findings and the assessment's suggestions in tables of their own.
 * Every row starts with the document's file, so that a filter or pivot
 * table finds a company's rows.
 *
 * The workbook (xlsx.c) and CSV (csv.c) are sinks for the same cells, so
 * that a column means the same in both. Text from a document is made valid
 * UTF-8 without control characters here, once for both.
 */
#include <math.h>
#include <string.h>

#include "table.h"

/* The most evidence terms listed for a passage. */
#define KJ_TABLE_EVIDENCE 16

/* A column: its title in Japanese and English, and its width. */
typedef struct {
    const char *ja, *en;
    double width;
} column;

static const char *const table_id[KJ_N_TABLES] = {"documents", "coverage", "passages", "sensitive",
                                                  "suggestions"};

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

const char *kj_table_id(kj_table t) {
    return t >= 0 && t < KJ_N_TABLES ? table_id[t] : "";
}

int kj_table_parse(const char *name) {
    for (int t = 0; name && t < KJ_N_TABLES; t++)
        if (strcmp(name, table_id[t]) == 0) return t;
    return -1;
}

static int is_ja(const kj_table_sink *k) {
    return k->lang == KJ_LANG_JA;
}

static int takes(const kj_table_sink *k, kj_table t) {
    return k->st == KJ_OK && (k->tables & (1u << t));
}

/* s (len bytes; s may be NULL) as the text of cell col of t's current row:
 * valid UTF-8, each control character but tab and newline a space, the
 * non-characters XML refuses (U+FFFE, U+FFFF) U+FFFD, cut to the sink's
 * max_chars with "…" after it. Nothing for an empty s. */
static void put_text(kj_table_sink *k, kj_table t, int col, const char *s, size_t len, int style) {
    if (!s || !len || k->st != KJ_OK) return;
    size_t cut = k->max_chars ? kj_utf8_cut(s, len, k->max_chars) : len;
    kj_buf_reset(&k->cell);
    if (kj_buf_append_utf8(&k->cell, s, cut) != KJ_OK ||
        (cut < len && kj_buf_puts(&k->cell, "…") != KJ_OK)) {
        k->st = KJ_ERR_NOMEM;
        return;
    }
    unsigned char *c = (unsigned char *)k->cell.data;
    for (size_t i = 0; i < k->cell.len; i++) {
        if ((c[i] < 0x20 && c[i] != '\t' && c[i] != '\n') || c[i] == 0x7f) c[i] = ' ';
        if (c[i] == 0xef && i + 2 < k->cell.len && c[i + 1] == 0xbf && c[i + 2] >= 0xbe)
            c[i + 2] = 0xbd;
    }
    if (k->cell.len) k->text(k, t, col, k->cell.data, k->cell.len, style);
}

static void put_str(kj_table_sink *k, kj_table t, int col, const char *s) {
    put_text(k, t, col, s, s ? strlen(s) : 0, KJ_CELL_PLAIN);
}

static void put_num(kj_table_sink *k, kj_table t, int col, double v) {
    if (k->st == KJ_OK && isfinite(v)) k->num(k, t, col, v, KJ_CELL_PLAIN);
}

/* A score, to three decimals as the JSON gives it (a float's 0.91 is not
 * 0.910000026 in a cell); nothing when it is not finite. */
static void put_score(kj_table_sink *k, kj_table t, int col, float v) {
    if (k->st == KJ_OK && isfinite(v))
        k->num(k, t, col, round((double)v * 1000) / 1000, KJ_CELL_SCORE);
}

/* A coverage level 0..3, shaded by it. */
static void put_level(kj_table_sink *k, kj_table t, int col, int level) {
    if (k->st != KJ_OK) return;
    k->num(k, t, col, level, KJ_CELL_LEVEL0 + (level >= 0 && level <= 3 ? level : 0));
}

static void end_row(kj_table_sink *k, kj_table t) {
    if (k->st == KJ_OK) k->end_row(k, t);
}

/* A title after the ones already in t's row. */
static void put_title(kj_table_sink *k, kj_table t, const char *title, double width) {
    int c = k->cols[t]++;
    if (k->st != KJ_OK) return;
    k->width(k, t, c, width);
    put_text(k, t, c, title, strlen(title), KJ_CELL_HEAD);
}

static void put_titles(kj_table_sink *k, kj_table t, const column *cols, size_t n) {
    for (size_t c = 0; c < n; c++)
        put_title(k, t, is_ja(k) ? cols[c].ja : cols[c].en, cols[c].width);
}

static const char *item_name(const kj_table_sink *k, int it) {
    return is_ja(k) ? kj_item_name_ja(it) : kj_item_name_en(it);
}

static void coverage_titles(kj_table_sink *k) {
    static const column fixed[] = {
        {"ファイル", "File", 30}, {"会社", "Company", 20}, {"網羅度", "Coverage score", 9}};
    put_titles(k, KJ_TABLE_COVERAGE, fixed, N_OF(fixed));
    char t[256];
    for (int it = 1; it <= KJ_N_ITEMS; it++) {
        snprintf(t, sizeof t, "%d %s", it, item_name(k, it));
        put_title(k, KJ_TABLE_COVERAGE, t, 11);
    }
    for (int e = 0; e < KJ_N_ELEMENTS; e++)
        put_title(k, KJ_TABLE_COVERAGE, kj_element_id(e), 6);
}

static void passage_titles(kj_table_sink *k) {
    put_titles(k, KJ_TABLE_PASSAGES, passage_cols, N_OF(passage_cols));
    char t[256];
    for (int it = 1; it <= KJ_N_ITEMS; it++) {
        snprintf(t, sizeof t, is_ja(k) ? "スコア %d" : "Score %d", it);
        put_title(k, KJ_TABLE_PASSAGES, t, 8);
    }
    put_title(k, KJ_TABLE_PASSAGES, is_ja(k) ? "根拠の語" : "Evidence", 30);
    put_title(k, KJ_TABLE_PASSAGES, is_ja(k) ? "本文" : "Text", 80);
}

void kj_table_titles(kj_table_sink *k) {
    for (int t = 0; t < KJ_N_TABLES; t++) {
        k->cols[t] = 0;
        if (!takes(k, (kj_table)t)) continue;
        switch ((kj_table)t) {
        case KJ_TABLE_DOCUMENTS:
            put_titles(k, KJ_TABLE_DOCUMENTS, docs_cols, N_OF(docs_cols));
            break;
        case KJ_TABLE_COVERAGE:
            coverage_titles(k);
            break;
        case KJ_TABLE_PASSAGES:
            passage_titles(k);
            break;
        case KJ_TABLE_SENSITIVE:
            put_titles(k, KJ_TABLE_SENSITIVE, sensitive_cols, N_OF(sensitive_cols));
            break;
        case KJ_TABLE_SUGGESTIONS:
            put_titles(k, KJ_TABLE_SUGGESTIONS, suggestion_cols, N_OF(suggestion_cols));
            break;
        default:
            break;
        }
        end_row(k, (kj_table)t);
    }
}

static void doc_row(kj_table_sink *k, const kj_doc_analysis *a, const kj_assessment *as,
                    const kj_lint_result *lint) {
    const kj_document *d = a->doc;
    kj_table t = KJ_TABLE_DOCUMENTS;
    int c = 0;
    put_str(k, t, c++, d->path);
    put_str(k, t, c++, d->title);
    put_str(k, t, c++, d->company);
    put_str(k, t, c++, kj_format_name(d->format));
    put_str(k, t, c++, kj_lang_name(a->lang));
    put_num(k, t, c++, d->n_pages);
    put_num(k, t, c++, (double)a->passages.n);
    put_num(k, t, c++, a->relevant_passages);
    if (as) {
        put_str(k, t, c,
                is_ja(k) ? kj_doctype_name_ja(as->doctype) : kj_doctype_name_en(as->doctype));
        if (as->year) put_num(k, t, c + 1, as->year);
    }
    c += 2;
    put_num(k, t, c++, kj_render_items_covered(a));
    if (as) {
        put_num(k, t, c, as->coverage_score);
        for (int p = 0; p < KJ_N_PRINCIPLES; p++)
            put_num(k, t, c + 1 + p, as->principles[p]);
        for (int s = 1; s <= 4; s++)
            put_num(k, t, c + KJ_N_PRINCIPLES + s, as->spec_hist[s]);
    }
    c += 1 + KJ_N_PRINCIPLES + 4;
    if (lint)
        for (int v = KJ_SEV_ERROR; v >= KJ_SEV_NOTE; v--)
            put_num(k, t, c++, (double)lint->by_severity[v]);
    end_row(k, t);
}

static void coverage_row(kj_table_sink *k, const kj_doc_analysis *a, const kj_assessment *as) {
    kj_table t = KJ_TABLE_COVERAGE;
    put_str(k, t, 0, a->doc->path);
    put_str(k, t, 1, a->doc->company);
    if (as) {
        put_num(k, t, 2, as->coverage_score);
        for (int it = 1; it <= KJ_N_ITEMS; it++)
            put_level(k, t, 2 + it, as->items[it].level);
        for (int e = 0; e < KJ_N_ELEMENTS; e++)
            put_level(k, t, 3 + KJ_N_ITEMS + e, as->elements[e].level);
    }
    end_row(k, t);
}

/* "4, 5" of c's items, "4.1, 5.1" of its elements, into b. */
static void list_labels(kj_buf *b, const kj_classification *c, int elements) {
    int n = elements ? c->n_elements : c->n_items;
    for (int i = 0; i < n; i++) {
        if (i) kj_buf_puts(b, ", ");
        if (elements)
            kj_buf_puts(b, kj_element_id(c->elements[i]));
        else
            kj_buf_printf(b, "%d", c->items[i]);
    }
}

/* The distinct terms of c's evidence, at most KJ_TABLE_EVIDENCE, into b. */
static void list_evidence(kj_buf *b, const kj_classification *c) {
    int shown = 0;
    for (uint32_t i = 0; i < c->n_evidence && shown < KJ_TABLE_EVIDENCE; i++) {
        const char *term = c->evidence[i].term;
        int seen = 0;
        for (uint32_t j = 0; j < i && !seen; j++)
            seen = strcmp(c->evidence[j].term, term) == 0;
        if (seen) continue;
        if (shown++) kj_buf_puts(b, ", ");
        kj_buf_puts(b, term);
    }
}

/* A cell whose text is built in a buffer of its own (k->cell is put_text's). */
static void put_built(kj_table_sink *k, kj_table t, int col, kj_buf *b) {
    if (b->len) put_text(k, t, col, b->data, b->len, KJ_CELL_PLAIN);
    kj_buf_reset(b);
}

static void passage_row(kj_table_sink *k, const kj_doc_analysis *a, const kj_assessment *as,
                        size_t i, const kj_classification *c, kj_buf *b) {
    const kj_passage *p = &a->passages.items[i];
    kj_table t = KJ_TABLE_PASSAGES;
    char loc[KJ_LOCATION_MAX];
    kj_render_location(p, loc, sizeof loc);
    put_str(k, t, 0, a->doc->path);
    put_str(k, t, 1, loc);
    if (p->page > 0) put_num(k, t, 2, p->page);
    put_str(k, t, 3, p->section);
    if (p->line > 0) put_num(k, t, 4, p->line);
    put_str(k, t, 5, p->heading);
    if (c->primary) put_num(k, t, 6, c->primary);
    list_labels(b, c, 0);
    put_built(k, t, 7, b);
    list_labels(b, c, 1);
    put_built(k, t, 8, b);
    if (as && as->spec && c->primary) put_num(k, t, 9, as->spec[i]);
    put_score(k, t, 10, c->relevance);
    int col = (int)N_OF(passage_cols);
    for (int it = 1; it <= KJ_N_ITEMS; it++)
        put_score(k, t, col++, c->scores[it]);
    list_evidence(b, c);
    put_built(k, t, col++, b);
    put_text(k, t, col, p->text, p->len, KJ_CELL_PLAIN);
    end_row(k, t);
}

static void passage_rows(kj_table_sink *k, const kj_doc_analysis *a, const kj_assessment *as,
                         const kj_render_options *o) {
    kj_arena *scratch = kj_arena_new();
    kj_buf b = KJ_BUF_INIT;
    if (!scratch) k->st = KJ_ERR_NOMEM;
    for (size_t i = 0; i < a->passages.n && k->st == KJ_OK; i++) {
        if (!(o && o->all_passages) && a->cls[i].primary == 0) continue;
        kj_classification tmp;
        const kj_classification *c = kj_doc_passage_classification(a, i, scratch, &tmp);
        if (!c) {
            k->st = KJ_ERR_NOMEM;
            break;
        }
        passage_row(k, a, as, i, c, &b);
        kj_arena_reset(scratch);
    }
    kj_buf_free(&b);
    kj_arena_free(scratch);
}

static void sensitive_rows(kj_table_sink *k, const kj_document *d, const kj_lint_result *lint) {
    kj_table t = KJ_TABLE_SENSITIVE;
    for (size_t i = 0; lint && i < lint->n && k->st == KJ_OK; i++) {
        const kj_lint_finding *f = &lint->items[i];
        char loc[KJ_LOCATION_MAX];
        kj_lint_location(f, loc, sizeof loc);
        put_str(k, t, 0, d->path);
        put_str(k, t, 1, loc);
        put_str(k, t, 2, kj_severity_name(f->severity));
        put_str(k, t, 3, f->rule);
        if (f->item) put_num(k, t, 4, f->item);
        put_str(k, t, 5, f->text);
        put_str(k, t, 6, f->message);
        put_str(k, t, 7, f->why);
        put_str(k, t, 8, f->how);
        end_row(k, t);
    }
}

static void suggestion_rows(kj_table_sink *k, const kj_document *d, const kj_assessment *as) {
    kj_table t = KJ_TABLE_SUGGESTIONS;
    for (size_t i = 0; as && i < as->n_suggestions && k->st == KJ_OK; i++) {
        const kj_suggestion *g = &as->suggestions[i];
        char what[16];
        if (g->element >= 0)
            snprintf(what, sizeof what, "%s", kj_element_id(g->element));
        else
            snprintf(what, sizeof what, "P%d", g->principle + 1);
        put_str(k, t, 0, d->path);
        put_str(k, t, 1, what);
        if (g->item) put_num(k, t, 2, g->item);
        put_str(k, t, 3, g->kind);
        put_num(k, t, 4, g->level);
        put_str(k, t, 5, g->text);
        put_str(k, t, 6, g->guide_ref);
        put_str(k, t, 7, g->caution);
        end_row(k, t);
    }
}

void kj_table_add(kj_table_sink *k, const kj_doc_analysis *a, const kj_assessment *as,
                  const kj_lint_result *lint, const kj_render_options *o) {
    if (takes(k, KJ_TABLE_DOCUMENTS)) doc_row(k, a, as, lint);
    if (takes(k, KJ_TABLE_COVERAGE)) coverage_row(k, a, as);
    if (takes(k, KJ_TABLE_PASSAGES)) passage_rows(k, a, as, o);
    if (takes(k, KJ_TABLE_SENSITIVE)) sensitive_rows(k, a->doc, lint);
    if (takes(k, KJ_TABLE_SUGGESTIONS)) suggestion_rows(k, a->doc, as);
}
