/*
 * cmd_lint.c - `kaiji lint FILE...`: the sensitivity lint as a compiler-style
 * checker for disclosure drafts. Each file is ingested, analysed (so that
 * severities can be weighted by the guide item each passage discusses) and
 * linted; findings are printed as "file:loc: severity[rule]: message" with
 * why/how lines, or as JSON. A file that cannot be read is reported as
 * "kaiji: FILE: problem" and the others are still linted (exit status 3).
 * A check that could not finish on a passage (a pattern that gave up) is
 * printed after the file's findings as "file:loc: incomplete[rule]: ...", or
 * listed in the JSON's "incomplete"; with --strict and no finding it makes
 * the exit status 4, as the text is then not known to be clean.
 * With --jobs N, N files are linted at once by the CLI's ordered thread
 * pool (pool.c) and reported in the order given. The rules and the
 * lexicon and model are loaded once the first file has been read
 * (kj_cli_data_ready, data_load.c, as analyze does): reading needs none of
 * them, and a large PDF's reading is when memory peaks. Rules that cannot
 * be loaded are reported once, after any file before that could not be read.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "kaiji/assess.h"
#include "kaiji/ingest.h"

typedef struct {
    const char *format; /* "text" or "json" */
    const char *output;
    int strict;
    kj_severity min;
    int jobs; /* --jobs: files linted at once (1..KJ_MAX_JOBS) */
    kj_ingest_options ingest;
    kj_segment_options seg;
} lint_opts;

/* Shared by the batch, loaded once the first file has been read (data:
 * env_load); freed by env_free. */
typedef struct {
    kj_analyzer *an; /* NULL when it could not be loaded */
    kj_linter *linter;
    kj_error an_err; /* why the analyzer could not be loaded, when it could not */
    int an_warn;     /* 1: an_err is to be said (lint_emit), 2: it has been */
    kj_cli_data data;
} lint_env;

static void env_free(lint_env *e) {
    kj_cli_data_destroy(&e->data);
    kj_linter_free(e->linter);
    kj_analyzer_free(e->an);
}

/* Load the rules and the analyzer (the env, ud): e->data's loader. The
 * rules are required; the analyzer (lexicon and model) only weights
 * severities, so when it cannot be loaded (e.g. a stale model) the lint
 * still runs, unweighted, after a warning (said by lint_emit, in the
 * order of the output). */
static kj_status env_load(void *ud, kj_error *err) {
    lint_env *e = ud;
    kj_status st = kj_linter_load(NULL, &e->linter, err);
    if (st != KJ_OK) return st;
    if (kj_analyzer_load(NULL, &e->an, &e->an_err) == KJ_OK) return KJ_OK;
    kj_analyzer_free(e->an);
    e->an = NULL;
    e->an_warn = 1;
    return KJ_OK;
}

/* Lint passage i while the analysis has its normalised text and matches. */
static kj_status lint_passage(void *ud, const kj_doc_analysis *a, size_t i, const kj_matches *mt,
                              kj_arena *scratch, kj_error *err) {
    (void)scratch;
    return kj_lint_passage(ud, &a->passages, i, &a->cls[i], mt, err);
}

/* Analyse (or, without an analyzer, only segment) and lint one document,
 * matching with sc (the calling thread's scanner). */
static kj_status lint_doc(const kj_document *doc, const lint_opts *o, const lint_env *e,
                          kj_scanner *sc, kj_lint_result *r, kj_error *err) {
    if (e->an) {
        kj_doc_analysis a;
        kj_lint_run *run;
        kj_status st = kj_lint_begin(e->linter, e->an->lex, o->min, doc->arena, &run, err);
        if (st != KJ_OK) return st;
        st = kj_analyze_document_each(e->an, sc, doc, &o->seg, lint_passage, run, &a, err);
        if (st != KJ_OK) {
            kj_lint_run_free(run);
            return st;
        }
        return kj_lint_end(run, &a.passages, r, err);
    }
    kj_passages ps;
    kj_status st = kj_segment(doc, &o->seg, doc->arena, &ps, err);
    if (st != KJ_OK) return st;
    return kj_lint_passages(e->linter, &ps, NULL, NULL, NULL, o->min, doc->arena, r, err);
}

/* One file's lint, from reading it to what its output needs. */
typedef struct {
    const char *path;
    kj_document *doc; /* NULL when it could not be read */
    kj_lint_result r;
    kj_status st;
    kj_error err;
    int unloaded; /* the data could not be loaded: err is about it, not the file */
} file_lint;

/* The files of one run of the command, as the thread pool sees them. */
typedef struct {
    const lint_opts *o;
    lint_env *e;
    char **paths;
    int n, next;
    FILE *out;
    kj_buf json;    /* --format json: the findings so far */
    int first;      /* no finding in json yet */
    kj_buf gaps;    /* --format json: the checks that could not finish so far */
    int gaps_first; /* none in gaps yet */
    size_t findings;
    size_t incomplete; /* checks that could not finish */
    int linted;        /* files linted */
} lint_run;

/* The next file, until there are none or the data could not be loaded (no
 * file can be linted then; the pool stops too once the output could not be
 * written). */
static int lint_take(void *ctx, void *slot) {
    lint_run *lr = ctx;
    if (lr->next >= lr->n || kj_cli_data_failed(&lr->e->data)) return 0;
    ((file_lint *)slot)->path = lr->paths[lr->next++];
    return 1;
}

/* Read and lint one file with the thread's scanner (state, made once the
 * lexicon is loaded; none without an analyzer). Touches nothing shared but
 * read-only data and the loading of it (kj_cli_data_ready). */
static void lint_work(void *ctx, void *state, void *slot) {
    lint_run *lr = ctx;
    file_lint *f = slot;
    kj_cli_data_thread *t = state;
    const lint_env *e = lr->e;
    f->st = kj_cli_data_read(&lr->e->data, f->path, &lr->o->ingest, &f->doc, &f->unloaded, &f->err);
    f->path = kj_cli_name(f->path);
    if (f->st == KJ_OK && e->an) f->st = kj_cli_data_scanner(t, e->an->lex, &f->err);
    if (f->st == KJ_OK) f->st = lint_doc(f->doc, lr->o, e, t->sc, &f->r, &f->err);
}

/* Report or print one file's findings (adding them to the count), then
 * free its document. Returns 0, or 1 when it could not be read or linted. */
static int lint_emit(void *ctx, void *slot) {
    lint_run *lr = ctx;
    file_lint *f = slot;
    if (f->st != KJ_OK) { /* the data's failure is said once: it is every file's */
        kj_cli_data_report(&lr->e->data, f->path, &f->err, f->unloaded);
        kj_document_free(f->doc);
        return 1;
    }
    if (lr->e->an_warn == 1) { /* once, after the files before it */
        kj_cli_error("warning: %s; severities are not weighted by item", lr->e->an_err.msg);
        lr->e->an_warn = 2;
    }
    if (strcmp(lr->o->format, "json") == 0) {
        kj_lint_append_json(&f->r, f->path, &lr->json, &lr->first);
        kj_lint_append_incomplete_json(&f->r, f->path, &lr->gaps, &lr->gaps_first);
    } else
        kj_lint_print_text(&f->r, f->path, lr->out);
    lr->findings += f->r.n;
    lr->incomplete += f->r.n_incomplete;
    lr->linted++;
    kj_document_free(f->doc);
    return 0;
}

/* Lint the files of lr, o->jobs at once. Returns whether any failed. */
static int lint_files(lint_run *lr, int jobs) {
    kj_cli_pool p = {.ctx = lr,
                     .slot_size = sizeof(file_lint),
                     .thread_new = kj_cli_data_thread_new,
                     .thread_free = kj_cli_data_thread_free,
                     .take = lint_take,
                     .work = lint_work,
                     .emit = lint_emit,
                     .out = lr->out};
    return kj_cli_pool_files(&p, lr->n, jobs);
}

static int parse_opts(int argc, char **argv, lint_opts *o) {
    static const struct option opts[] = {{"format", required_argument, 0, 'f'},
                                         {"output", required_argument, 0, 'o'},
                                         {"strict", no_argument, 0, 's'},
                                         {"min-severity", required_argument, 0, 'm'},
                                         {"lang", required_argument, 0, 'L'},
                                         {"as", required_argument, 0, 'a'},
                                         {"encoding", required_argument, 0, 'e'},
                                         {"jobs", required_argument, 0, 'j'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    opterr = 0;
    kj_cli_optset seen;
    kj_cli_optset_init(&seen, "lint", opts);
    while ((c = getopt_long(argc, argv, ":f:o:sm:L:a:e:j:", opts, NULL)) != -1) {
        if (kj_cli_opt_take(&seen, c, optarg) != 0) return -1;
        switch (c) {
        case 'f':
            o->format = optarg;
            break;
        case 'o':
            o->output = optarg;
            break;
        case 's':
            o->strict = 1;
            break;
        case 'm':
            if (kj_severity_parse(optarg) < 0) {
                kj_cli_error("--min-severity must be note, warning or error, not '%s'", optarg);
                return -1;
            }
            o->min = (kj_severity)kj_severity_parse(optarg);
            break;
        case 'L':
            if (kj_cli_parse_lang(optarg, &o->seg.lang) != 0) return -1;
            break;
        case 'a':
            if (kj_cli_parse_format(optarg, &o->ingest.format) != 0) return -1;
            break;
        case 'e':
            o->ingest.encoding = optarg;
            break;
        case 'j':
            if (kj_cli_parse_jobs(optarg, &o->jobs) != 0) return -1;
            break;
        default:
            kj_cli_bad_option("lint", c, argv, opts);
            return -1;
        }
    }
    if (strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0) {
        kj_cli_error("unknown --format '%s' (text, json)", o->format);
        return -1;
    }
    return 0;
}

int cmd_lint(int argc, char **argv) {
    lint_opts o;
    memset(&o, 0, sizeof o);
    o.format = "text";
    o.min = KJ_SEV_NOTE;
    o.jobs = 1;
    if (parse_opts(argc, argv, &o) != 0) return KJ_EXIT_USAGE;
    if (optind >= argc) {
        kj_cli_error("no FILE given; see `kaiji help lint`");
        return KJ_EXIT_USAGE;
    }
    if (!kj_cli_stdin_once(argv + optind, argc - optind)) return KJ_EXIT_USAGE;
    lint_env env = {0};
    kj_error err = {0};
    if (kj_cli_data_init(&env.data, env_load, &env, &err) != KJ_OK) {
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
    lint_run lr = {.o = &o,
                   .e = &env,
                   .paths = argv + optind,
                   .n = argc - optind,
                   .out = out,
                   .json = KJ_BUF_INIT,
                   .first = 1,
                   .gaps = KJ_BUF_INIT,
                   .gaps_first = 1};
    int failed = lint_files(&lr, o.jobs);
    if (failed && !lr.linted && kj_cli_out_replaces(&output)) { /* no file read: FILE is kept */
        kj_buf_free(&lr.json);
        kj_buf_free(&lr.gaps);
        kj_cli_out_abandon(&output);
        env_free(&env);
        return KJ_EXIT_FAIL;
    }
    /* no findings are written when the rules could not be loaded: none
     * were looked for */
    if (strcmp(o.format, "json") == 0 && !kj_cli_data_failed(&env.data))
        fprintf(out, "{\"findings\":[%s],\"count\":%zu,\"incomplete\":[%s]}\n",
                lr.json.data ? lr.json.data : "", lr.findings, lr.gaps.data ? lr.gaps.data : "");
    kj_buf_free(&lr.json);
    kj_buf_free(&lr.gaps);
    failed |= kj_cli_out_close(&output) != 0;
    env_free(&env);
    if (failed) return KJ_EXIT_FAIL;
    if (o.strict && lr.findings > 0) return KJ_EXIT_FINDINGS;
    return (o.strict && lr.incomplete > 0) ? KJ_EXIT_INCOMPLETE : KJ_EXIT_OK;
}
