/*
 * cmd_lint.c - `kaiji lint FILE...`: the sensitivity lint as a compiler-style
 * checker for disclosure drafts. Each file is ingested, analysed (so that
 * severities can be weighted by the guide item each passage discusses) and
 * linted; findings are printed as "file:loc: severity[rule]: message" with
 * why/how lines, or as JSON. A file that cannot be read is reported as
 * "kaiji: FILE: problem" and the others are still linted (exit status 3).
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
    kj_ingest_options ingest;
    kj_segment_options seg;
} lint_opts;

/* Loaded once for all files; freed by env_free. */
typedef struct {
    kj_analyzer *an;
    kj_scanner *sc;
    kj_linter *linter;
} lint_env;

static void env_free(lint_env *e) {
    kj_linter_free(e->linter);
    kj_scanner_free(e->sc);
    kj_analyzer_free(e->an);
}

/* The rules are required; the analyzer (lexicon and model) only weights
 * severities, so when it cannot be loaded (e.g. a stale model) the lint
 * still runs, unweighted, after a warning. */
static kj_status env_load(lint_env *e, kj_error *err) {
    kj_status st = kj_linter_load(NULL, &e->linter, err);
    if (st != KJ_OK) return st;
    kj_error aerr = {0};
    if (kj_analyzer_load(NULL, &e->an, &aerr) == KJ_OK &&
        kj_scanner_new(e->an->lex, &e->sc, &aerr) == KJ_OK)
        return KJ_OK;
    kj_cli_error("warning: %s; severities are not weighted by item", aerr.msg);
    kj_scanner_free(e->sc);
    kj_analyzer_free(e->an);
    e->sc = NULL;
    e->an = NULL;
    return KJ_OK;
}

/* Lint passage i while the analysis has its normalised text and matches. */
static kj_status lint_passage(void *ud, const kj_doc_analysis *a, size_t i, const kj_matches *mt,
                              kj_arena *scratch, kj_error *err) {
    (void)scratch;
    return kj_lint_passage(ud, &a->passages, i, &a->cls[i], mt, err);
}

/* Analyse (or, without an analyzer, only segment) and lint one document. */
static kj_status lint_doc(const kj_document *doc, const lint_opts *o, const lint_env *e,
                          kj_lint_result *r, kj_error *err) {
    if (e->an) {
        kj_doc_analysis a;
        kj_lint_run *run;
        kj_status st = kj_lint_begin(e->linter, e->an->lex, o->min, doc->arena, &run, err);
        if (st != KJ_OK) return st;
        st = kj_analyze_document_each(e->an, e->sc, doc, &o->seg, lint_passage, run, &a, err);
        if (st != KJ_OK) {
            kj_lint_run_free(run);
            return st;
        }
        return kj_lint_end(run, r, err);
    }
    kj_passages ps;
    kj_status st = kj_segment(doc, &o->seg, doc->arena, &ps, err);
    if (st != KJ_OK) return st;
    return kj_lint_passages(e->linter, &ps, NULL, NULL, NULL, o->min, doc->arena, r, err);
}

/* Lint one file; adds its findings to *findings. Returns 0, or 1 when the
 * file could not be read or analysed. */
static int lint_one(const char *path, const lint_opts *o, const lint_env *e, FILE *out,
                    kj_buf *json, int *first, size_t *findings) {
    kj_error err = {0};
    kj_document *doc = NULL;
    kj_lint_result r = {0};
    kj_status st = kj_cli_ingest(path, &o->ingest, &doc, &err);
    path = kj_cli_name(path);
    if (st == KJ_OK) st = lint_doc(doc, o, e, &r, &err);
    if (st != KJ_OK) {
        kj_cli_report_file(path, &err);
        kj_document_free(doc);
        return 1;
    }
    if (strcmp(o->format, "json") == 0)
        kj_lint_append_json(&r, path, json, first);
    else
        kj_lint_print_text(&r, path, out);
    *findings += r.n;
    kj_document_free(doc);
    return 0;
}

static int parse_opts(int argc, char **argv, lint_opts *o) {
    static const struct option opts[] = {
        {"format", required_argument, 0, 'f'},   {"output", required_argument, 0, 'o'},
        {"strict", no_argument, 0, 's'},         {"min-severity", required_argument, 0, 'm'},
        {"lang", required_argument, 0, 'L'},     {"as", required_argument, 0, 'a'},
        {"encoding", required_argument, 0, 'e'}, {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:o:sm:L:a:e:", opts, NULL)) != -1) {
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
        default:
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
    if (parse_opts(argc, argv, &o) != 0) return KJ_EXIT_USAGE;
    if (optind >= argc) {
        kj_cli_usage(kj_cli_find("lint"), stderr);
        return KJ_EXIT_USAGE;
    }
    if (!kj_cli_stdin_once(argv + optind, argc - optind)) return KJ_EXIT_USAGE;
    lint_env env = {0};
    kj_error err = {0};
    if (env_load(&env, &err) != KJ_OK) {
        kj_cli_report(&err);
        env_free(&env);
        return KJ_EXIT_FAIL;
    }
    FILE *out = kj_cli_open_out(o.output);
    if (!out) {
        env_free(&env);
        return KJ_EXIT_FAIL;
    }
    int failed = 0, first = 1;
    size_t findings = 0;
    kj_buf json = KJ_BUF_INIT;
    for (int i = optind; i < argc; i++)
        failed |= lint_one(argv[i], &o, &env, out, &json, &first, &findings);
    if (strcmp(o.format, "json") == 0)
        fprintf(out, "{\"findings\":[%s],\"count\":%zu}\n", json.data ? json.data : "", findings);
    kj_buf_free(&json);
    kj_cli_close(out);
    env_free(&env);
    if (failed) return KJ_EXIT_FAIL;
    return (o.strict && findings > 0) ? KJ_EXIT_FINDINGS : KJ_EXIT_OK;
}
