/*
 * fuzz_analyze.c - libFuzzer target for the stages after ingest: segment,
 * normalise, match, classify, assess, lint and render. The lexicon, model,
 * scanner, assessment tables and lint rules are loaded once (from
 * $KAIJI_DATA) in LLVMFuzzerInitialize; each input is then
 *   (a) a UTF-8 text document (often invalid: the library must refuse it
 *       cleanly) analysed whole with kj_analyze_document, then assessed and
 *       linted, and analysed again passage by passage with assessment and
 *       lint in the visitor as `kaiji analyze` does; both rendered as JSON,
 *       text, HTML and an Excel workbook (which must always be written), and
 *   (b) one lone passage (kj_passage_from_text, detected language) matched,
 *       classified, explained for every item and rendered, as `kaiji
 *       classify --explain` does with each line, and
 *   (c) each line as a table cell told a row's data or not
 *       (kj_table_data_cell), which a text document never asks.
 * Errors the library returns are fine; any crash, leak, hang or sanitizer
 * report is a bug, and so is JSON output that jansson cannot read. Ingest
 * itself (file formats) is fuzz_ingest.c's job.
 *
 * Built and run by `make fuzz` (CMake option KJ_FUZZ, clang only); see the
 * "Fuzzing" section of README.md.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaiji/assess.h"
#include "kaiji/classify.h"
#include "kaiji/ingest.h"
#include "kaiji/render.h"
#include "kaiji/text.h"

/* Everything loaded once for all inputs. */
static struct {
    kj_analyzer an;
    kj_scanner *sc;
    kj_assess_data *ad;
    kj_linter *linter;
    FILE *sink; /* /dev/null: renderers write here */
} fz;

static void die(const char *what, const kj_error *err) {
    fprintf(stderr, "fuzz_analyze: %s: %s (is KAIJI_DATA set and the lexicon compiled?)\n", what,
            err->msg);
    exit(1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    kj_error err = {0};
    if (kj_lexicon_load(NULL, &fz.an.lex, &err) != KJ_OK) die("lexicon", &err);
    if (kj_model_load(NULL, fz.an.lex, &fz.an.model, &err) != KJ_OK) die("model", &err);
    if (kj_scanner_new(fz.an.lex, &fz.sc, &err) != KJ_OK) die("scanner", &err);
    if (kj_assess_data_load(NULL, &fz.ad, &err) != KJ_OK) die("assess data", &err);
    if (kj_linter_load(NULL, &fz.linter, &err) != KJ_OK) die("lint rules", &err);
    fz.sink = fopen("/dev/null", "w");
    if (!fz.sink) exit(1);
    return 0;
}

/* The Excel workbook of the document: whatever its text, the workbook can
 * be written (a cell refused for its text would lose the batch). */
static void render_xlsx(const kj_doc_analysis *a, const kj_assessment *as,
                        const kj_lint_result *lint, const kj_render_options *ro) {
    char path[64];
    snprintf(path, sizeof path, "/tmp/kj-fuzz-%d.xlsx", (int)getpid());
    kj_xlsx *x = NULL;
    kj_error err = {0};
    if (kj_xlsx_open(path, NULL, KJ_LANG_AUTO, &x, &err) != KJ_OK) return;
    kj_status st = kj_xlsx_add(x, a, as, lint, ro, &err);
    if (st == KJ_OK)
        st = kj_xlsx_close(x, &err);
    else
        kj_xlsx_discard(x);
    unlink(path);
    if (st != KJ_OK && st != KJ_ERR_NOMEM) {
        fprintf(stderr, "fuzz_analyze: workbook not written: %s\n", err.msg);
        abort();
    }
}

/* Fields of each record of CSV text (n bytes), read as RFC 4180 does;
 * -1 when two records differ in fields or a quote is left open. */
static int csv_fields(const char *s, size_t n) {
    int want = -1, fields = 1, quoted = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            quoted = !quoted; /* a doubled quote toggles twice */
        else if (!quoted && s[i] == ',')
            fields++;
        else if (!quoted && s[i] == '\n') {
            if (want >= 0 && fields != want) return -1;
            want = fields;
            fields = 1;
        }
    }
    return quoted ? -1 : want;
}

/* Every table of the document as CSV: whatever its text, each record has
 * as many fields as the title row, and the text is valid UTF-8. */
static void render_csv(const kj_doc_analysis *a, const kj_assessment *as,
                       const kj_lint_result *lint, const kj_render_options *ro) {
    for (int t = 0; t < KJ_N_TABLES; t++) {
        char *out = NULL;
        size_t n = 0;
        FILE *f = open_memstream(&out, &n);
        if (!f) return;
        kj_csv *c = NULL;
        kj_error err = {0};
        kj_status st = kj_csv_open(f, (kj_table)t, 0, &c, &err);
        if (st == KJ_OK) st = kj_csv_add(c, a, as, lint, ro, &err);
        kj_csv_close(c);
        fclose(f);
        if (st == KJ_OK && (csv_fields(out, n) < 1 || !kj_utf8_valid(out, n))) {
            fprintf(stderr, "fuzz_analyze: malformed CSV for table %s\n", kj_table_id((kj_table)t));
            abort();
        }
        free(out);
    }
}

/* Render an analysed, assessed and linted document every way kaiji can. */
static void render(const kj_doc_analysis *a, const kj_assessment *as, const kj_lint_result *lint) {
    kj_render_options ro = {.max_passages = 2, .all_passages = 1};
    kj_buf js = KJ_BUF_INIT;
    if (kj_render_json(&js, a, as, lint, &ro) == KJ_OK) {
        /* what kaiji writes must be JSON a reader accepts (valid UTF-8 too) */
        json_error_t je;
        json_t *j = json_loadb(js.data, js.len, JSON_ALLOW_NUL, &je); /* \u0000 is JSON */
        if (!j) {
            fprintf(stderr, "fuzz_analyze: invalid JSON output: %s at %d\n", je.text, je.position);
            abort();
        }
        json_decref(j);
    }
    kj_buf_free(&js);
    kj_render_text(fz.sink, a, as, lint, &ro);
    kj_error err = {0};
    kj_render_html(fz.sink, a, as, lint, NULL, &err);
    render_xlsx(a, as, lint, &ro);
    render_csv(a, as, lint, &ro);
}

/* Analyse doc whole (kj_analyze_document), then assess, lint and render. */
static void analyze_whole(const kj_document *doc) {
    kj_error err = {0};
    kj_doc_analysis a;
    if (kj_analyze_document(&fz.an, fz.sc, doc, NULL, &a, &err) != KJ_OK) return;
    kj_assess_options ao = {.data = fz.ad};
    kj_assessment as;
    if (kj_assess(&a, fz.an.lex, &ao, doc->arena, &as, &err) != KJ_OK) return;
    kj_lint_result lint = {0};
    if (kj_lint_analysis(fz.linter, &a, fz.an.lex, KJ_SEV_NOTE, doc->arena, &lint, &err) != KJ_OK)
        return;
    render(&a, &as, &lint);
}

/* The assessment and lint runs of analyze_each. */
typedef struct {
    kj_assess_run *as;
    kj_lint_run *lint;
} stage_runs;

static kj_status visit_passage(void *ud, const kj_doc_analysis *a, size_t i, const kj_matches *mt,
                               kj_arena *scratch, kj_error *err) {
    stage_runs *r = ud;
    kj_status st = kj_assess_passage(r->as, a, i, mt, scratch, err);
    if (st == KJ_OK) st = kj_lint_passage(r->lint, &a->passages, i, &a->cls[i], mt, err);
    return st;
}

/* Analyse doc passage by passage with assessment and lint inside the
 * visitor, as `kaiji analyze` does (packed evidence matches), and render. */
static void analyze_each(const kj_document *doc) {
    kj_error err = {0};
    stage_runs r = {0};
    kj_assess_options ao = {.data = fz.ad};
    kj_doc_analysis a;
    kj_assessment as;
    kj_lint_result lint = {0};
    kj_status st = kj_assess_begin(fz.an.lex, &ao, doc->arena, &r.as, &err);
    if (st == KJ_OK)
        st = kj_lint_begin(fz.linter, fz.an.lex, KJ_SEV_NOTE, doc->arena, &r.lint, &err);
    if (st == KJ_OK)
        st = kj_analyze_document_each(&fz.an, fz.sc, doc, NULL, visit_passage, &r, &a, &err);
    if (st == KJ_OK) {
        st = kj_assess_end(r.as, &a, &as, &err);
        r.as = NULL;
    }
    if (st == KJ_OK) {
        st = kj_lint_end(r.lint, &a.passages, &lint, &err);
        r.lint = NULL;
    }
    kj_assess_run_free(r.as);
    kj_lint_run_free(r.lint);
    if (st == KJ_OK) render(&a, &as, &lint);
}

/* The bytes as a text document, or NULL when the library refuses them. */
static kj_document *ingest(const char *text, size_t len) {
    kj_document *doc = NULL;
    kj_error err = {0};
    if (kj_ingest_text_utf8("fuzz.txt", text, len, &doc, &err) == KJ_OK) return doc;
    if (doc) abort(); /* failure must leave *out NULL */
    return NULL;
}

/* (a) the bytes as a whole text document, analysed both ways (each
 * analysis on a document of its own, as both fill its arena). */
static void fuzz_document(const char *text, size_t len) {
    kj_document *doc = ingest(text, len);
    if (!doc) return;
    analyze_whole(doc);
    kj_document_free(doc);
    doc = ingest(text, len);
    if (!doc) abort(); /* refused the second time only */
    analyze_each(doc);
    kj_document_free(doc);
}

/* (b) the bytes as one lone passage: classified, specificity, JSON. */
static void fuzz_passage(const char *text, size_t len) {
    kj_arena *arena = kj_arena_new();
    if (!arena) return;
    kj_passage p;
    kj_matches mt;
    kj_classification c;
    kj_error err = {0};
    if (kj_passage_from_text(arena, text, len, KJ_LANG_AUTO, &p) == KJ_OK &&
        kj_match_passage(fz.sc, &p, arena, &mt, &err) == KJ_OK &&
        kj_classify(fz.an.model, fz.an.lex, &p, &mt, arena, &c, &err) == KJ_OK) {
        if (c.primary < 0 || c.primary > KJ_N_ITEMS) abort();
        kj_passage_spec(&p, &mt, fz.an.lex, &c);
        kj_buf js = KJ_BUF_INIT; /* as `kaiji classify --jsonl` writes it */
        kj_render_classification_json(&js, &c);
        /* and as --explain adds it: the shares must add up to the log-odds */
        for (int it = 1; it <= KJ_N_ITEMS; it++) {
            kj_explanation e;
            if (kj_explain_item(fz.an.model, fz.an.lex, &p, &mt, it, arena, &e, &err) != KJ_OK)
                continue;
            double sum = e.bias;
            for (size_t i = 0; i < e.n; i++) {
                sum += e.features[i].contribution;
                if (e.features[i].end < e.features[i].start || !e.features[i].what) abort();
            }
            if (sum - e.logit > 1e-3 || e.logit - sum > 1e-3) abort();
            kj_render_explanation_json(&js, &e, 5);
            kj_render_explanation_text(fz.sink, &e, 5);
        }
        kj_buf_free(&js);
    }
    kj_arena_free(arena);
}

/* (c) each line of the bytes as a table cell: whether it is a row's data
 * (kj_table_data_cell), which a text document's segmenting never asks, as
 * it has no tables. */
static void fuzz_cells(const char *text, size_t len) {
    for (size_t i = 0; i <= len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        int d = kj_table_data_cell(text + i, e - i);
        if (d != 0 && d != 1) abort();
        i = e + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_document((const char *)data, size);
    fuzz_passage((const char *)data, size);
    fuzz_cells((const char *)data, size);
    return 0;
}
