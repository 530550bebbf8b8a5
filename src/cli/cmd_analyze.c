/*
 * cmd_analyze.c - `kaiji analyze FILE...`: the main job. Each file goes
 * through the whole pipeline (ingest, segment, match, classify, assess,
 * lint) and is rendered as a terminal summary, JSON, an HTML report, an
 * Excel workbook or one table as CSV (the last two for the whole batch). In a
 * batch a bad file is reported ("kaiji: FILE: problem") and the others are
 * still analysed; the exit status is then 3. Assessment and lint look at
 * each passage during the analysis (kj_analyze_document_each), so a
 * document's normalised text and matches are never all held at once.
 * With --jobs N, N files are analysed at once by the CLI's ordered thread
 * pool (pool.c) and written in the order given. The model and lexicon are
 * loaded once the first file is read (kj_cli_data_ready, data_load.c), since
 * a large PDF's reading, which needs neither, is when memory peaks.
 */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "kaiji/assess.h"
#include "kaiji/ingest.h"
#include "kaiji/render.h"
#include "kaiji/store.h"

typedef struct {
    const char *format; /* text, json, html, xlsx, csv */
    const char *output;
    kj_table table; /* --table: the table --format csv writes */
    int bom;        /* --bom: CSV starts with a byte order mark */
    kj_ingest_options ingest;
    kj_segment_options seg;
    kj_assess_options assess;
    kj_render_options render;
    int lint;
    int store; /* --store: keep the analysis */
    int jobs;  /* --jobs: files analysed at once (1..KJ_MAX_JOBS) */
    const char *db, *company, *code, *industry, *doc_type;
} analyze_opts;

/* Shared by the batch. The store and the case collection are opened
 * before any file is read, so that a store kaiji may not use stops the run
 * at once. The model, lexicon, assessment tables and lint patterns (about
 * 10 MB) are loaded once the first file has been read (data: env_load, by
 * kj_cli_data_ready): reading needs none of them, and a large PDF's
 * reading is when memory peaks. */
typedef struct {
    kj_analyzer *an;
    kj_assess_data *ad;
    kj_linter *linter;
    kj_store *store;
    kj_store *cases;        /* where examples for suggestions come from: the store, or
                               an existing database opened read-only; may be NULL */
    int lint;               /* load the linter too (--lint, the default) */
    kj_cli_data data;       /* loads an, ad and linter (env_load) */
    kj_scanner *explain_sc; /* --explain: the main thread's scanner, made when first needed */
    kj_xlsx *xlsx;          /* --format xlsx: the batch's workbook */
    kj_csv *csv;            /* --format csv: the batch's table */
} analyze_env;

static void env_free(analyze_env *e) {
    kj_scanner_free(e->explain_sc);
    kj_xlsx_discard(e->xlsx);
    kj_csv_close(e->csv);
    kj_cli_data_destroy(&e->data);
    if (e->cases != e->store) kj_store_close(e->cases);
    kj_store_close(e->store);
    kj_linter_free(e->linter);
    kj_assess_data_free(e->ad);
    kj_analyzer_free(e->an);
}

/* The case collection for examples: the store when --store, else the
 * database at --db or the default path when one exists. A missing database
 * only means no examples; an unusable one is reported once. */
static void open_cases(analyze_env *e, const analyze_opts *o) {
    if (e->store) {
        e->cases = e->store;
        return;
    }
    char path[4096];
    kj_error err = {0};
    if (o->db)
        snprintf(path, sizeof path, "%s", o->db);
    else if (kj_store_default_path(path, sizeof path, &err) != KJ_OK)
        return;
    if (access(path, F_OK) != 0) return;
    if (kj_store_open(path, KJ_STORE_READONLY, &e->cases, &err) != KJ_OK)
        kj_cli_error("note: no examples from the case collection: %s", err.msg);
}

/* Examples for every element the assessment suggests adding or
 * strengthening (two each at most), in the document's arena. */
static void find_examples(const analyze_env *e, const kj_assessment *as, kj_arena *arena,
                          kj_render_options *ro) {
    if (!e->cases) return;
    kj_example *ex = kj_arena_alloc(arena, (as->n_suggestions * 2 + 1) * sizeof *ex);
    if (!ex) return;
    size_t n = 0;
    for (size_t i = 0; i < as->n_suggestions; i++) {
        int el = as->suggestions[i].element;
        if (el < 0) continue;
        kj_case *cs;
        size_t k = 0;
        kj_error err = {0};
        if (kj_store_cases_for_element(e->cases, el, 2, arena, &cs, &k, &err) != KJ_OK) continue;
        for (size_t j = 0; j < k; j++)
            ex[n++] = (kj_example){el, (long long)cs[j].id, cs[j].title};
    }
    ro->examples = ex;
    ro->n_examples = n;
}

/* Load the model, lexicon, assessment tables and linter (the env, ud):
 * e->data's loader, run once the first file has been read. */
static kj_status env_load(void *ud, kj_error *err) {
    analyze_env *e = ud;
    kj_status st = kj_analyzer_load(NULL, &e->an, err);
    if (st == KJ_OK) st = kj_assess_data_load(NULL, &e->ad, err);
    if (st == KJ_OK && e->lint) st = kj_linter_load(NULL, &e->linter, err);
    return st;
}

/* Open what the batch needs before its first file is read: the store
 * (--store) and the case collection. The data directory is looked for
 * here too (kj_cli_data_init), so that a missing one is said before any
 * file is read; the data is loaded later (env_load). */
static kj_status env_open(analyze_env *e, const analyze_opts *o, kj_error *err) {
    e->lint = o->lint;
    kj_status st = kj_cli_data_init(&e->data, env_load, e, err);
    if (st == KJ_OK && o->store) st = kj_store_open(o->db, 0, &e->store, err);
    if (st == KJ_OK) open_cases(e, o);
    return st;
}

/* --store: save the document, its passages and classifications, and the
 * JSON result as its assessment (one transaction; unchanged documents with
 * the same model are left alone). Returns 0 or 1 (failed). */
static int store_one(const char *path, const analyze_opts *o, const analyze_env *e,
                     const kj_doc_analysis *a, const kj_assessment *as,
                     const kj_lint_result *lint) {
    kj_error err = {0};
    kj_buf js = KJ_BUF_INIT;
    /* the JSON goes to a temporary file and from there into the database in
     * pieces (it is several times the document's text); in memory only when
     * no temporary file can be made */
    FILE *tmp = tmpfile();
    if (tmp && (kj_render_json_file(tmp, NULL, a, as, lint, &o->render) != KJ_OK ||
                fflush(tmp) != 0 || ferror(tmp) || fseek(tmp, 0, SEEK_SET) != 0)) {
        fclose(tmp);
        tmp = NULL;
    }
    if (!tmp) kj_render_json(&js, a, as, lint, &o->render);
    kj_doc_meta m = {.company =
                         o->company ? o->company : a->doc->company, /* given, else the cover's */
                     .code = o->code,
                     .industry = o->industry,
                     /* given, else what the assessment detected */
                     .doc_type = o->doc_type                         ? o->doc_type
                                 : as->doctype != KJ_DOCTYPE_UNKNOWN ? kj_doctype_id(as->doctype)
                                                                     : NULL,
                     .fiscal_year = o->assess.year ? o->assess.year : as->year,
                     .doc_type_given = o->doc_type != NULL,
                     .fiscal_year_given = o->assess.year != 0,
                     .source = path,
                     .model_version = kj_model_version(e->an->model),
                     .lexicon_version = kj_lexicon_version(e->an->lex),
                     .assessment_json = js.data,
                     .assessment_file = tmp};
    int64_t id = 0;
    kj_save_result r;
    kj_status st = kj_store_save_analysis(e->store, a, &m, &id, &r, &err);
    kj_buf_free(&js);
    if (tmp) fclose(tmp);
    if (st != KJ_OK) {
        kj_cli_error("%s: not stored: %s", path, err.msg);
        return 1;
    }
    kj_cli_error("%s: stored as document %lld (%s) in %s", path, (long long)id,
                 kj_save_result_name(r), kj_store_path(e->store)); /* a note, not an error */
    return 0;
}

/* The stages that read each passage's normalised text and matches
 * (assessment, lint) run while the analysis has them at hand, so those
 * need not be kept for the whole document. */
typedef struct {
    kj_assess_run *as;
    kj_lint_run *lint; /* NULL without --lint */
    kj_document *doc;  /* whose blocks go after the first passage, or NULL to keep them */
} passage_stages;

static kj_status visit_passage(void *ud, const kj_doc_analysis *a, size_t i, const kj_matches *mt,
                               kj_arena *scratch, kj_error *err) {
    passage_stages *ps = ud;
    kj_status st = kj_assess_passage(ps->as, a, i, mt, scratch, err);
    if (st == KJ_OK && ps->lint)
        st = kj_lint_passage(ps->lint, &a->passages, i, &a->cls[i], mt, err);
    /* the passages are made and the assessment has read the blocks (with
     * the first passage): nothing reads them again */
    if (st == KJ_OK && i == 0) kj_document_release_blocks(ps->doc);
    return st;
}

/* Analyse, assess and (with a linter) lint one document, matching with sc
 * (the calling thread's scanner). The document's block array is given back
 * once the first passage is analysed, unless --store is to hash the
 * blocks. */
static kj_status analyze_doc(const analyze_opts *o, const analyze_env *e, kj_scanner *sc,
                             kj_document *doc, kj_doc_analysis *a, kj_assessment *as,
                             kj_lint_result *lint, kj_error *err) {
    kj_assess_options ao = o->assess;
    ao.data = e->ad;
    passage_stages ps = {.doc = o->store ? NULL : doc};
    kj_status st = kj_assess_begin(e->an->lex, &ao, doc->arena, &ps.as, err);
    if (st == KJ_OK && e->linter)
        st = kj_lint_begin(e->linter, e->an->lex, KJ_SEV_NOTE, doc->arena, &ps.lint, err);
    if (st == KJ_OK)
        st = kj_analyze_document_each(e->an, sc, doc, &o->seg, visit_passage, &ps, a, err);
    if (st == KJ_OK) {
        st = kj_assess_end(ps.as, a, as, err);
        ps.as = NULL;
    }
    if (st == KJ_OK && ps.lint) {
        st = kj_lint_end(ps.lint, &a->passages, lint, err);
        ps.lint = NULL;
    }
    kj_assess_run_free(ps.as);
    kj_lint_run_free(ps.lint);
    return st;
}

/* One file's analysis, from reading it to what its output needs. */
typedef struct {
    const char *path;
    kj_document *doc; /* NULL when it could not be read */
    kj_doc_analysis a;
    kj_assessment as;
    kj_lint_result lint;
    kj_status st;
    kj_error err;
    int unloaded; /* the data could not be loaded: err is about it, not the file */
} file_result;

/* Read and analyse path into r, matching with t's scanner. Touches nothing
 * shared but read-only data and the loading of it (kj_cli_data_ready), so
 * several run at once (--jobs). */
static void analyze_file(const char *path, const analyze_opts *o, analyze_env *e,
                         kj_cli_data_thread *t, file_result *r) {
    r->path = kj_cli_name(path);
    r->st = kj_cli_data_read(&e->data, path, &o->ingest, &r->doc, &r->unloaded, &r->err);
    if (r->st == KJ_OK) r->st = kj_cli_data_scanner(t, e->an->lex, &r->err);
    if (r->st == KJ_OK) r->st = analyze_doc(o, e, t->sc, r->doc, &r->a, &r->as, &r->lint, &r->err);
}

/* kj_render_explain_fn of `analyze --explain` and the HTML report, ud the
 * env: passage i read again as `kaiji explain` reads a passage (its text
 * normalised and matched with the main thread's scanner), with the
 * document's classification. */
static kj_status explain_passage(void *ud, const kj_doc_analysis *a, size_t i, int item,
                                 kj_arena *scratch, kj_explanation *out, int *n) {
    analyze_env *e = ud;
    const kj_passage *dp = &a->passages.items[i];
    kj_cli_passage cp;
    kj_error err = {0};
    if (!e->explain_sc && !(e->explain_sc = kj_cli_scanner_new(e->an->lex))) return KJ_ERR_NOMEM;
    kj_status st = kj_passage_from_text(scratch, dp->text, dp->len, dp->lang, &cp.p);
    if (st == KJ_OK) st = kj_match_passage(e->explain_sc, &cp.p, scratch, &cp.mt, &err);
    if (st != KJ_OK) return st;
    if (item) { /* that item alone */
        *n = 0;
        st =
            kj_explain_items(e->an->model, e->an->lex, &cp.p, &cp.mt, &item, 1, scratch, out, &err);
        if (st == KJ_OK) *n = 1;
        return st;
    }
    cp.c = a->cls[i];
    return kj_cli_explain(e->an, &cp, 0, scratch, out, n, &err);
}

/* Report, store and print r (files are emitted one at a time, in the order
 * given), then free its document. Returns 0 or 1 (failed). */
static int emit_file(file_result *r, const analyze_opts *o, analyze_env *e, FILE *out, int *first) {
    const char *path = r->path;
    kj_document *doc = r->doc;
    kj_error err = {0};
    kj_lint_result *lint = e->linter ? &r->lint : NULL;
    if (r->st != KJ_OK) { /* the data's failure is said once: it is every file's */
        kj_cli_data_report(&e->data, path, &r->err, r->unloaded);
        kj_document_free(doc);
        return 1;
    }
    if (e->store && store_one(path, o, e, &r->a, &r->as, lint) != 0) {
        kj_document_free(doc);
        return 1;
    }
    kj_render_options ro = o->render;
    find_examples(e, &r->as, doc->arena, &ro);
    /* --explain, and always in the HTML report: the output only, not what
     * --store keeps */
    if (ro.explain_top || strcmp(o->format, "html") == 0) {
        ro.explain = explain_passage;
        ro.explain_ud = e;
    }
    if (strcmp(o->format, "html") == 0) {
        if (kj_render_html(out, &r->a, &r->as, lint, &ro, &err) != KJ_OK) {
            kj_cli_error("%s: %s", path, err.msg);
            kj_document_free(doc);
            return 1;
        }
        *first = 0;
    } else if (e->xlsx) {
        if (kj_xlsx_add(e->xlsx, &r->a, &r->as, lint, &ro, &err) != KJ_OK) {
            kj_cli_error("%s: %s", path, err.msg);
            kj_document_free(doc);
            return 1;
        }
        *first = 0;
    } else if (e->csv) {
        if (kj_csv_add(e->csv, &r->a, &r->as, lint, &ro, &err) != KJ_OK) {
            kj_cli_error("%s: %s", path, err.msg);
            kj_document_free(doc);
            return 1;
        }
        *first = 0;
    } else if (strcmp(o->format, "json") == 0) {
        /* streamed: not even one document's result is held whole */
        if (kj_render_json_file(out, *first ? NULL : ",\n", &r->a, &r->as, lint, &ro) != KJ_OK) {
            kj_cli_error("%s: out of memory writing JSON", path);
            kj_document_free(doc);
            return 1;
        }
        *first = 0;
    } else {
        if (!*first) fputc('\n', out);
        kj_render_text(out, &r->a, &r->as, lint, &ro);
        *first = 0;
    }
    kj_document_free(doc);
    return 0;
}

/* The files of one run of the command, as the thread pool sees them. */
typedef struct {
    const analyze_opts *o;
    analyze_env *e;
    char **paths;
    int n, next;
    FILE *out;
    int first; /* nothing emitted yet */
} file_run;

/* The next file, until there are none or the data could not be loaded (no
 * file can be analysed then; the pool stops too once the output could not
 * be written). */
static int file_take(void *ctx, void *slot) {
    file_run *fr = ctx;
    if (fr->next >= fr->n || kj_cli_data_failed(&fr->e->data)) return 0;
    ((file_result *)slot)->path = fr->paths[fr->next++];
    return 1;
}

static void file_work(void *ctx, void *state, void *slot) {
    file_run *fr = ctx;
    file_result *r = slot;
    analyze_file(r->path, fr->o, fr->e, state, r);
}

static int file_emit(void *ctx, void *slot) {
    file_run *fr = ctx;
    return emit_file(slot, fr->o, fr->e, fr->out, &fr->first);
}

/* Analyse and emit the n files paths, o->jobs at once (--jobs: each thread
 * with its own scanner; at most that many documents held at a time); *first
 * stays set when nothing was written. Returns whether any failed. */
static int analyze_files(char **paths, int n, const analyze_opts *o, analyze_env *e, FILE *out,
                         int *first) {
    file_run fr = {.o = o, .e = e, .paths = paths, .n = n, .out = out, .first = 1};
    kj_cli_pool p = {.ctx = &fr,
                     .slot_size = sizeof(file_result),
                     .thread_new = kj_cli_data_thread_new,
                     .thread_free = kj_cli_data_thread_free,
                     .take = file_take,
                     .work = file_work,
                     .emit = file_emit,
                     .out = out};
    int failed = kj_cli_pool_files(&p, n, o->jobs);
    *first = fr.first;
    return failed;
}

/* 0, or -1 after a usage error for an option given that would change
 * nothing: document metadata without --store, --passages beyond the text
 * summary, --all-passages where no JSON is written (nor stored). */
static int unused_opts(const kj_cli_optset *seen, const analyze_opts *o) {
    static const struct {
        int c;
        const char *name;
    } meta[] = {{'C', "company"}, {'K', "code"}, {'I', "industry"}};
    for (size_t i = 0; i < sizeof meta / sizeof meta[0]; i++)
        if (!o->store && kj_cli_opt_given(seen, meta[i].c)) {
            kj_cli_error("option '--%s' is stored with the document: it needs --store (or --db); "
                         "see `kaiji help analyze`",
                         meta[i].name);
            return -1;
        }
    if (kj_cli_opt_given(seen, 'p') && strcmp(o->format, "text") != 0) {
        kj_cli_error("option '--passages' applies to the text summary, not --format %s; see "
                     "`kaiji help analyze`",
                     o->format);
        return -1;
    }
    if (kj_cli_opt_given(seen, 'x') && strcmp(o->format, "json") != 0 &&
        strcmp(o->format, "html") != 0) {
        kj_cli_error("option '--explain' applies to JSON and the HTML report (--format json or "
                     "html), not --format %s; for one passage, see `kaiji help explain`",
                     o->format);
        return -1;
    }
    if (kj_cli_opt_given(seen, 'A') && strcmp(o->format, "json") != 0 &&
        strcmp(o->format, "xlsx") != 0 && strcmp(o->format, "csv") != 0 && !o->store) {
        kj_cli_error("option '--all-passages' applies to JSON, the workbook and CSV (--format "
                     "json, xlsx or csv, or the analysis --store keeps), not --format %s; see "
                     "`kaiji help analyze`",
                     o->format);
        return -1;
    }
    static const struct {
        int c;
        const char *name;
    } csv_only[] = {{'T', "table"}, {'B', "bom"}};
    for (size_t i = 0; i < sizeof csv_only / sizeof csv_only[0]; i++)
        if (kj_cli_opt_given(seen, csv_only[i].c) && strcmp(o->format, "csv") != 0) {
            kj_cli_error("option '--%s' applies to CSV (--format csv), not --format %s; see "
                         "`kaiji help analyze`",
                         csv_only[i].name, o->format);
            return -1;
        }
    return 0;
}

/* Whether o's --format is one analyze writes, and can write for n_files
 * files where its output goes. Returns 0, or -1 after saying why. */
static int check_format(const analyze_opts *o, int n_files) {
    static const char *const formats[] = {"text", "json", "html", "xlsx", "csv"};
    int known = 0;
    for (size_t k = 0; k < sizeof formats / sizeof *formats; k++)
        known |= strcmp(o->format, formats[k]) == 0;
    if (!known) {
        kj_cli_error("unknown --format '%s' (text, json, html, xlsx, csv)", o->format);
        return -1;
    }
    if (strcmp(o->format, "xlsx") == 0 && (!o->output || strcmp(o->output, "-") == 0) &&
        isatty(STDOUT_FILENO)) {
        kj_cli_error("--format xlsx writes a workbook, not text for a terminal: name it with "
                     "-o FILE.xlsx (or redirect standard output)");
        return -1;
    }
    if (strcmp(o->format, "html") == 0 && n_files > 1) {
        kj_cli_error("--format html writes one report: give one FILE");
        return -1;
    }
    return 0;
}

static int parse_opts(int argc, char **argv, analyze_opts *o) {
    static const struct option opts[] = {{"format", required_argument, 0, 'f'},
                                         {"output", required_argument, 0, 'o'},
                                         {"lang", required_argument, 0, 'L'},
                                         {"doc-type", required_argument, 0, 'd'},
                                         {"year", required_argument, 0, 'y'},
                                         {"as", required_argument, 0, 'a'},
                                         {"encoding", required_argument, 0, 'e'},
                                         {"passages", required_argument, 0, 'p'},
                                         {"all-passages", no_argument, 0, 'A'},
                                         {"no-lint", no_argument, 0, 'N'},
                                         {"store", no_argument, 0, 'S'},
                                         {"db", required_argument, 0, 'D'},
                                         {"company", required_argument, 0, 'C'},
                                         {"code", required_argument, 0, 'K'},
                                         {"industry", required_argument, 0, 'I'},
                                         {"jobs", required_argument, 0, 'j'},
                                         {"explain", required_argument, 0, 'x'},
                                         {"table", required_argument, 0, 'T'},
                                         {"bom", no_argument, 0, 'B'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    opterr = 0;
    kj_cli_optset seen;
    kj_cli_optset_init(&seen, "analyze", opts);
    while ((c = getopt_long(argc, argv, ":f:o:L:d:y:a:e:p:ANj:", opts, NULL)) != -1) {
        if (kj_cli_opt_take(&seen, c, optarg) != 0) return -1;
        switch (c) {
        case 'f':
            o->format = optarg;
            break;
        case 'o':
            o->output = optarg;
            break;
        case 'L':
            if (kj_cli_parse_lang(optarg, &o->seg.lang) != 0) return -1;
            break;
        case 'd':
            if (kj_doctype_parse(optarg) < 0) {
                kj_cli_bad_doctype(optarg, NULL);
                return -1;
            }
            o->assess.doctype = (kj_doctype)kj_doctype_parse(optarg);
            o->doc_type = kj_doctype_id(o->assess.doctype); /* "csr" is "sustainability" */
            break;
        case 'y':
            if (kj_cli_parse_int("--year", optarg, 1900, 2100, &o->assess.year) != 0) return -1;
            break;
        case 'a':
            if (kj_cli_parse_format(optarg, &o->ingest.format) != 0) return -1;
            break;
        case 'e':
            o->ingest.encoding = optarg;
            break;
        case 'p':
            if (kj_cli_parse_int("--passages", optarg, 1, KJ_RENDER_MAX_PASSAGES,
                                 &o->render.max_passages) != 0)
                return -1;
            break;
        case 'A':
            o->render.all_passages = 1;
            break;
        case 'j':
            if (kj_cli_parse_jobs(optarg, &o->jobs) != 0) return -1;
            break;
        case 'x':
            if (kj_cli_parse_int("--explain", optarg, 1, 1000, &o->render.explain_top) != 0)
                return -1;
            break;
        case 'T': {
            int t = kj_table_parse(optarg);
            if (t < 0) {
                kj_cli_error("unknown --table '%s' (documents, coverage, passages, sensitive, "
                             "suggestions)",
                             optarg);
                return -1;
            }
            o->table = (kj_table)t;
            break;
        }
        case 'B':
            o->bom = 1;
            break;
        case 'N':
            o->lint = 0;
            break;
        case 'S':
            o->store = 1;
            break;
        case 'D':
            o->db = optarg;
            o->store = 1;
            break;
        case 'C':
            o->company = optarg;
            break;
        case 'K':
            o->code = optarg;
            break;
        case 'I':
            o->industry = optarg;
            break;
        default:
            kj_cli_bad_option("analyze", c, argv, opts);
            return -1;
        }
    }
    if (check_format(o, argc - optind) != 0) return -1;
    return unused_opts(&seen, o);
}

/* --format xlsx: the workbook is assembled in a temporary directory (in
 * $TMPDIR, else /tmp) and then copied to the output, so that -o FILE is
 * replaced only by a whole workbook and standard output can take one. */
#define KJ_XLSX_TEMP_MAX 4200

/* Remove the workbook book and its directory. */
static void xlsx_remove(char book[KJ_XLSX_TEMP_MAX]) {
    unlink(book);
    char *slash = strrchr(book, '/');
    if (slash) {
        *slash = '\0';
        rmdir(book);
    }
    book[0] = '\0';
}

/* Begin the batch's workbook in a temporary directory, its file's name
 * into book; messages call it name (the output's). Returns 0, or -1 after
 * saying why. */
static int xlsx_begin(analyze_env *e, const char *name, char book[KJ_XLSX_TEMP_MAX]) {
    const char *tmp = kj_cli_tmpdir();
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/kaiji-xlsx-XXXXXX", tmp);
    if (!mkdtemp(dir)) {
        kj_cli_error("cannot make a temporary directory for the workbook in %s: %s", tmp,
                     strerror(errno));
        return -1;
    }
    snprintf(book, KJ_XLSX_TEMP_MAX, "%s/analysis.xlsx", dir);
    kj_error err = {0};
    if (kj_xlsx_open(book, name, KJ_LANG_AUTO, &e->xlsx, &err) == KJ_OK) return 0;
    kj_cli_report(&err);
    xlsx_remove(book);
    return -1;
}

/* What messages call the workbook written to path (-o; NULL or "-":
 * standard output). */
static const char *xlsx_name(const char *path) {
    return path && strcmp(path, "-") != 0 ? path : "standard output";
}

/* Copy the file at path to f; 0, or -1 with errno set. */
static int copy_to(const char *path, FILE *f) {
    FILE *in = fopen(path, "rb");
    if (!in) return -1;
    char buf[1 << 16];
    size_t n;
    int bad = 0;
    while (!bad && (n = fread(buf, 1, sizeof buf, in)) > 0)
        bad = fwrite(buf, 1, n, f) != n;
    bad |= ferror(in) != 0;
    int saved = errno;
    fclose(in);
    errno = saved ? saved : EIO;
    return bad ? -1 : 0;
}

/* Write the workbook, copy it to the output and remove it. Returns 0, or
 * -1 after saying why (the output discarded: -o FILE is left as it was). */
static int xlsx_end(analyze_env *e, char book[KJ_XLSX_TEMP_MAX], kj_cli_out *output) {
    kj_error err = {0};
    kj_status st = kj_xlsx_close(e->xlsx, &err);
    e->xlsx = NULL;
    if (st == KJ_OK && copy_to(book, output->f) != 0)
        st = kj_error_set(&err, KJ_ERR_IO, "%s: cannot write the workbook: %s",
                          xlsx_name(output->path), strerror(errno));
    xlsx_remove(book);
    if (st == KJ_OK) return 0;
    kj_cli_report(&err);
    kj_cli_out_discard(output);
    return -1;
}

int cmd_analyze(int argc, char **argv) {
    analyze_opts o;
    memset(&o, 0, sizeof o);
    o.format = "text";
    o.render.max_passages = 2;
    o.lint = 1;
    o.jobs = 1;
    o.table = KJ_TABLE_PASSAGES;
    if (parse_opts(argc, argv, &o) != 0) return KJ_EXIT_USAGE;
    if (optind >= argc) {
        kj_cli_error("no FILE given; see `kaiji help analyze`");
        return KJ_EXIT_USAGE;
    }
    if (!kj_cli_stdin_once(argv + optind, argc - optind)) return KJ_EXIT_USAGE;
    analyze_env env = {0};
    kj_error err = {0};
    /* a fixed trim threshold: glibc otherwise raises it (and the mmap
     * threshold) to twice the largest block freed so far, e.g. after a
     * model file read at start-up, and then keeps ~10 MB of freed per-passage
     * memory instead of returning it (measured: 59.8 -> 57.7 MB peak on 20 MB) */
    mallopt(M_TRIM_THRESHOLD, 1 << 20);
    if (env_open(&env, &o, &err) != KJ_OK) {
        kj_cli_report(&err);
        env_free(&env);
        return KJ_EXIT_FAIL;
    }
    kj_cli_out output;
    if (kj_cli_out_open(&output, o.output) != 0) {
        env_free(&env);
        return KJ_EXIT_FAIL;
    }
    FILE *out = output.f;
    o.render.color = out == stdout && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    char book[KJ_XLSX_TEMP_MAX] = "";
    if (strcmp(o.format, "xlsx") == 0 && xlsx_begin(&env, xlsx_name(o.output), book) != 0) {
        kj_cli_out_discard(&output);
        env_free(&env);
        return KJ_EXIT_FAIL;
    }
    if (strcmp(o.format, "csv") == 0 && kj_csv_open(out, o.table, o.bom, &env.csv, &err) != KJ_OK) {
        kj_cli_report(&err);
        kj_cli_out_discard(&output);
        env_free(&env);
        return KJ_EXIT_FAIL;
    }
    int many = argc - optind > 1;
    int is_json = strcmp(o.format, "json") == 0;
    if (is_json && many) fputc('[', out);
    int first = 1;
    int failed = analyze_files(argv + optind, argc - optind, &o, &env, out, &first);
    if (failed && first && kj_cli_out_replaces(&output)) { /* no file read: -o FILE is kept */
        if (book[0]) xlsx_remove(book); /* the workbook itself is env_free's to discard */
        kj_cli_out_abandon(&output);
        env_free(&env);
        return KJ_EXIT_FAIL;
    }
    if (is_json && many) fputc(']', out);
    if (is_json && (many || !first)) fputc('\n', out);
    if (book[0] && xlsx_end(&env, book, &output) != 0) {
        env_free(&env);
        return KJ_EXIT_FAIL;
    }
    failed |= kj_cli_out_close(&output) != 0;
    env_free(&env);
    return failed ? KJ_EXIT_FAIL : KJ_EXIT_OK;
}
