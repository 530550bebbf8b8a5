/*
 * cmd_cases.c - `kaiji cases`: the case collection (事例集). Imports the
 * guide's worked examples and reference list from the guide's text or PDF,
 * adds cases from stored passages, searches them in Japanese with
 * highlighted snippets, shows, lists, exports and imports them as JSON lines.
 * All the work is in the store stage (kaiji/store.h); this file parses
 * options and prints.
 */
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "commands.h"
#include "kaiji/assess.h"
#include "kaiji/ingest.h"
#include "kaiji/store.h"

typedef struct {
    kj_cli_store_opts common; /* --db, --format, --item, --year, --doc-type, --limit */
    const char *out, *element, *note, *tags, *source;
    int64_t passage;
} cases_opts;

/* A subcommand: its name, the options it uses (getopt values) and the most
 * arguments it takes (-1: any number). */
typedef struct {
    const char *name;
    const char *opts;
    int most;
} cases_sub;

static const cases_sub subs[] = {
    {"import", "D", 1}, {"refs", "Df", 0},   {"add", "Dpieng", 0}, {"search", "Dfiytk", -1},
    {"show", "Df", 1},  {"list", "Dfis", 0}, {"export", "Do", 0},  {"import-jsonl", "D", 1}};

/* Parse options after the subcommand sub (argv[0]); returns the index of
 * the first operand in argv, or -1 after printing a usage error: also for
 * an option sub does not use, or more arguments than it takes. */
static int parse_opts(int argc, char **argv, const cases_sub *sub, cases_opts *o) {
    static const struct option longopts[] = {{"db", required_argument, NULL, 'D'},
                                             {"format", required_argument, NULL, 'f'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"item", required_argument, NULL, 'i'},
                                             {"doc-type", required_argument, NULL, 't'},
                                             {"year", required_argument, NULL, 'y'},
                                             {"limit", required_argument, NULL, 'k'},
                                             {"passage", required_argument, NULL, 'p'},
                                             {"element", required_argument, NULL, 'e'},
                                             {"note", required_argument, NULL, 'n'},
                                             {"tags", required_argument, NULL, 'g'},
                                             {"source", required_argument, NULL, 's'},
                                             {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    optind = 0;
    opterr = 0;
    int c, p = 0;
    kj_cli_optset seen;
    kj_cli_optset_init(&seen, "cases", longopts);
    while ((c = getopt_long(argc, argv, ":o:f:", longopts, NULL)) != -1) {
        if (kj_cli_opt_take(&seen, c, optarg) != 0) return -1;
        int taken = kj_cli_store_opt(c, optarg, &o->common);
        if (taken < 0) return -1;
        if (taken) continue;
        int ok = 1;
        switch (c) {
        case 'o':
            o->out = optarg;
            break;
        case 'p':
            ok = kj_cli_parse_int("--passage", optarg, 1, INT_MAX, &p) == 0;
            o->passage = p;
            break;
        case 'e':
            o->element = optarg;
            break;
        case 'n':
            o->note = optarg;
            break;
        case 'g':
            o->tags = optarg;
            break;
        case 's':
            o->source = optarg;
            /* a source the store never writes would list no case: a typo
             * (--source guides) must not read as an empty collection */
            ok = !strcmp(optarg, kj_case_source_name(KJ_CASE_GUIDE)) ||
                 !strcmp(optarg, kj_case_source_name(KJ_CASE_PASSAGE)) ||
                 !strcmp(optarg, kj_case_source_name(KJ_CASE_IMPORT));
            if (!ok) kj_cli_error("--source must be guide, passage or import, not '%s'", optarg);
            break;
        default:
            kj_cli_bad_option("cases", c, argv, longopts);
            return -1;
        }
        if (!ok) return -1;
    }
    o->common.json = kj_cli_text_or_json(o->common.format);
    if (o->common.json < 0) return -1;
    if (kj_cli_subcommand_fits(&seen, sub->name, sub->opts, sub->most, argv, optind, argc) != 0)
        return -1;
    return optind;
}

static kj_store *open_store(const cases_opts *o, int flags) {
    return kj_cli_open_store(o->common.db, flags);
}

static int fail(const kj_error *err, kj_store *s) {
    kj_cli_report(err);
    kj_store_close(s);
    return KJ_EXIT_FAIL;
}

/* ---- import GUIDE ------------------------------------------------------ */

/* The text layer of the guide's PDF, laid out as its text file is (arena). */
static const char *guide_pdf_text(const char *path, kj_arena *ar, kj_error *err) {
    char *layer;
    size_t n;
    if (kj_pdf_text_layer(path, 0, &layer, &n, err) != KJ_OK) return NULL;
    const char *text = kj_fold_radicals(ar, layer, n, &n);
    if (!text) kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    free(layer);
    return text;
}

/* The guide's text: the file itself (UTF-8) or its PDF's text layer (arena).
 * A PDF is known by its first KiB or its name, so it is not read whole
 * here: MuPDF reads what it needs. */
static const char *guide_text(const char *path, kj_arena *ar, kj_error *err) {
    kj_format f;
    if (kj_detect_format(path, &f, err) != KJ_OK) return NULL;
    if (f == KJ_FORMAT_PDF) return guide_pdf_text(path, ar, err);
    char *data;
    size_t len;
    if (kj_read_file(path, KJ_INGEST_DEFAULT_MAX, &data, &len, err) != KJ_OK) return NULL;
    const char *text = NULL;
    if (!kj_utf8_valid(data, len)) {
        kj_error_set(err, KJ_ERR_FORMAT, "%s: not UTF-8 text; give the guide as UTF-8 .txt or PDF",
                     path);
    } else {
        text = kj_arena_strndup(ar, data, len);
    }
    free(data);
    return text;
}

static int cases_import(int argc, char **argv, const cases_opts *o, int first) {
    if (argc - first != 1) {
        kj_cli_error("usage: kaiji cases import [--db PATH] GUIDE(.txt|.pdf)");
        return KJ_EXIT_USAGE;
    }
    const char *path = argv[first];
    kj_error err;
    kj_error_clear(&err);
    kj_arena *ar = kj_arena_new();
    kj_guide g;
    const char *text = guide_text(path, ar, &err);
    if (!text || kj_guide_parse(path, text, strlen(text), ar, &g, &err) != KJ_OK) {
        kj_arena_free(ar);
        return fail(&err, NULL);
    }
    kj_store *s = open_store(o, 0);
    size_t added = 0, refs = 0;
    int rc = KJ_EXIT_OK;
    if (!s)
        rc = KJ_EXIT_FAIL;
    else if (kj_store_import_guide(s, &g, &added, &refs, &err) != KJ_OK)
        rc = fail(&err, NULL);
    else {
        kj_term_puts(stdout, path); /* names as given, for a terminal */
        printf(": %zu worked example%s and %zu reference%s in the guide; %zu example%s and %zu "
               "reference%s added to ",
               g.n_examples, KJ_PLURAL(g.n_examples), g.n_refs, KJ_PLURAL(g.n_refs), added,
               KJ_PLURAL(added), refs, KJ_PLURAL(refs));
        kj_term_puts(stdout, kj_store_path(s));
        putchar('\n');
    }
    kj_store_close(s);
    kj_arena_free(ar);
    return rc;
}

/* ---- refs ----------------------------------------------------------------- */

static int cases_refs(const cases_opts *o) {
    kj_store *s = open_store(o, KJ_STORE_MUST_EXIST);
    if (!s) return KJ_EXIT_FAIL;
    kj_arena *ar = kj_arena_new();
    kj_guide_ref *r;
    size_t n;
    kj_error err;
    kj_error_clear(&err);
    if (kj_store_refs(s, ar, &r, &n, &err) != KJ_OK) {
        kj_arena_free(ar);
        return fail(&err, s);
    }
    json_t *arr = o->common.json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        if (arr) {
            json_array_append_new(arr,
                                  json_pack("{s:i, s:o, s:o, s:i, s:o}", "number", r[i].number,
                                            "title", kj_cli_json_text(r[i].title ? r[i].title : ""),
                                            "company", kj_cli_json_text(r[i].company), "year",
                                            r[i].year, "note", kj_cli_json_text(r[i].note)));
        } else {
            printf("%2d. ", r[i].number);
            kj_term_puts(stdout, r[i].title);
            fputs(" — ", stdout);
            kj_term_puts(stdout, r[i].company);
            printf(" (%d)\n", r[i].year);
            if (r[i].note && *r[i].note) {
                fputs("    ", stdout);
                kj_term_puts(stdout, r[i].note);
                putchar('\n');
            }
        }
    }
    if (arr)
        kj_cli_print_json(arr);
    else if (n == 0) /* as list says "0 cases": an empty answer is said, not left blank */
        printf("no reference reports: import the guide first (kaiji cases import GUIDE.pdf)\n");
    kj_arena_free(ar);
    kj_store_close(s);
    return KJ_EXIT_OK;
}

/* ---- add --passage ID --item N --------------------------------------------- */

static int cases_add(const cases_opts *o) {
    if (!o->passage || !o->common.item) {
        kj_cli_error("usage: kaiji cases add --passage ID --item N [--element E] [--note TEXT] "
                     "[--tags a,b]");
        return KJ_EXIT_USAGE;
    }
    kj_error err;
    kj_error_clear(&err);
    if (kj_case_elements_check(o->element, o->common.item, &err) != KJ_OK) {
        kj_cli_report(&err);
        return KJ_EXIT_USAGE;
    }
    kj_store *s = open_store(o, KJ_STORE_MUST_EXIST);
    if (!s) return KJ_EXIT_FAIL;
    int64_t id;
    int added;
    if (kj_store_case_from_passage(s, o->passage, o->common.item, o->element, o->note, o->tags, &id,
                                   &added, &err) != KJ_OK)
        return fail(&err, s);
    printf("%s case %lld (item %d) from passage %lld\n", added ? "added" : "already have",
           (long long)id, o->common.item, (long long)o->passage);
    kj_store_close(s);
    return KJ_EXIT_OK;
}

/* ---- search ------------------------------------------------------------------ */

/* The cases' text as the store holds it (imported from JSON lines: any
 * text) goes out through kj_cli_json_text and kj_term_write. */
static void print_hits_json(const char *query, const kj_hit *h, size_t n) {
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack("{s:I, s:o, s:i, s:o, s:o, s:o, s:o, s:o, s:f, s:o}", "id",
                           (json_int_t)h[i].id, "key", kj_cli_json_text(h[i].key), "item",
                           h[i].item, "company", kj_cli_json_text(h[i].company), "title",
                           kj_cli_json_text(h[i].title), "year",
                           h[i].year ? json_integer(h[i].year) : json_null(), "doc_type",
                           kj_cli_json_text(h[i].doc_type), "source", kj_cli_json_text(h[i].source),
                           "score", h[i].score, "snippet", kj_cli_json_text(h[i].snippet)));
    kj_cli_print_json(json_pack("{s:o, s:I, s:o}", "query", kj_cli_json_text(query), "count",
                                (json_int_t)n, "results", arr));
}

static void print_hits_text(const kj_hit *h, size_t n, const kj_marks *m) {
    for (size_t i = 0; i < n; i++) {
        printf("%zu. #%lld [item %d] ", i + 1, (long long)h[i].id, h[i].item);
        kj_term_puts(stdout, h[i].title ? h[i].title : h[i].company);
        fputs("  (", stdout);
        kj_term_puts(stdout, h[i].key);
        printf(", score %.2f)\n   ", h[i].score);
        kj_cli_put_snippet(stdout, h[i].snippet, m);
        putchar('\n');
    }
    if (n == 0) printf("no matching cases\n");
}

/* Whether doc_type (NULL: none given) is one a case can have: a type analyze
 * names, "other" (a document kj_doc_type_of does not know), or what a case
 * in s carries: an imported type, or a part of its document's name, which
 * the search also matches. *known gets 1 or 0; returns 0 (closing s) after
 * an error reading the store. */
static int known_doc_type(kj_store *s, const char *doc_type, int *known) {
    *known = 1;
    if (!doc_type || kj_doctype_parse(doc_type) >= 0 || !strcmp(doc_type, "other")) return 1;
    kj_error err;
    kj_error_clear(&err);
    if (kj_store_case_doc_type_used(s, doc_type, known, &err) != KJ_OK) {
        kj_cli_report(&err);
        kj_store_close(s);
        return 0;
    }
    return 1;
}

static int cases_search(int argc, char **argv, const cases_opts *o, int first) {
    if (first >= argc) {
        kj_cli_error("usage: kaiji cases search QUERY [--item N] [--doc-type T] [--year Y] "
                     "[--limit K] [--format text|json]");
        return KJ_EXIT_USAGE;
    }
    kj_store *s = open_store(o, KJ_STORE_MUST_EXIST);
    if (!s) return KJ_EXIT_FAIL;
    int known = 0;
    if (!known_doc_type(s, o->common.doc_type, &known)) return KJ_EXIT_FAIL;
    if (!known) {
        kj_cli_bad_doctype(o->common.doc_type, "other, or a type or part of a document's name "
                                               "that a case in the collection has");
        kj_store_close(s);
        return KJ_EXIT_USAGE;
    }
    char *query = kj_cli_search_query(argc, argv, first);
    kj_marks marks = kj_cli_search_marks(&o->common);
    kj_search_filter f = kj_cli_search_filter(&o->common);
    kj_arena *ar = kj_arena_new();
    kj_hit *hits;
    size_t n;
    kj_error err;
    kj_error_clear(&err);
    int rc = KJ_EXIT_OK;
    if (kj_store_case_search(s, query, &f, &marks, ar, &hits, &n, &err) != KJ_OK) {
        kj_cli_report(&err);
        rc = err.code == KJ_ERR_ARG ? KJ_EXIT_USAGE : KJ_EXIT_FAIL;
    } else if (o->common.json) {
        print_hits_json(query, hits, n);
    } else {
        print_hits_text(hits, n, &marks);
    }
    free(query);
    kj_arena_free(ar);
    kj_store_close(s);
    return rc;
}

/* ---- show / list --------------------------------------------------------------- */

/* The comma-separated element ids as a JSON array of strings, as `cases
 * export` writes them: [] for NULL. NULL only when out of memory. */
static json_t *elements_json(const char *csv) {
    json_t *arr = json_array();
    for (const char *p = csv; arr && p && *p;) {
        size_t n = strcspn(p, ",");
        if (n) {
            char *id = strndup(p, n);
            json_t *v = id ? kj_cli_json_text(id) : NULL;
            free(id);
            if (!v || json_array_append_new(arr, v) != 0) {
                json_decref(arr);
                return NULL;
            }
        }
        p += n + (p[n] == ',');
    }
    return arr;
}

static json_t *case_to_json(const kj_case *c) {
    return json_pack(
        "{s:I, s:o, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
        "s:s, s:o, s:o}",
        "id", (json_int_t)c->id, "key", kj_cli_json_text(c->key ? c->key : ""), "item", c->item,
        "elements", elements_json(c->elements), "company", kj_cli_json_text(c->company), "document",
        kj_cli_json_text(c->document), "doc_type", kj_cli_json_text(c->doc_type), "year",
        c->year ? json_integer(c->year) : json_null(), "title", kj_cli_json_text(c->title), "body",
        kj_cli_json_text(c->body ? c->body : ""), "commentary", kj_cli_json_text(c->commentary),
        "note", kj_cli_json_text(c->note), "tags", kj_cli_json_text(c->tags), "source",
        kj_case_source_name(c->source), "passage_id",
        c->passage_id ? json_integer(c->passage_id) : json_null(), "created_at",
        kj_cli_json_text(c->created_at));
}

/* "label" and the one-line value v for a terminal, when v is not NULL. */
static void show_field(const char *label, const char *v) {
    if (!v) return;
    fputs(label, stdout);
    kj_term_puts(stdout, v);
    putchar('\n');
}

static void show_text(const kj_case *c) {
    printf("case %lld  ", (long long)c->id);
    kj_term_puts(stdout, c->key);
    printf("\nitem:       %d%s", c->item, c->elements ? "  elements " : "");
    kj_term_puts(stdout, c->elements);
    putchar('\n');
    show_field("title:      ", c->title);
    show_field("company:    ", c->company);
    if (c->document) {
        fputs("document:   ", stdout);
        kj_term_puts(stdout, c->document);
        fputs(" (", stdout);
        kj_term_puts(stdout, c->doc_type ? c->doc_type : "other");
        fputs(")\n", stdout);
    }
    if (c->year) printf("year:       %d\n", c->year);
    printf("source:     %s", kj_case_source_name(c->source));
    if (c->passage_id) printf(" (passage %lld)", (long long)c->passage_id);
    printf("\n");
    show_field("tags:       ", c->tags);
    show_field("note:       ", c->note);
    putchar('\n'); /* the body and commentary keep their lines */
    if (c->body) kj_term_write(stdout, c->body, strlen(c->body), 1);
    putchar('\n');
    if (c->commentary && *c->commentary) {
        fputs("\ncommentary:\n", stdout);
        kj_term_write(stdout, c->commentary, strlen(c->commentary), 1);
        putchar('\n');
    }
}

static int cases_show(int argc, char **argv, const cases_opts *o, int first) {
    int id;
    if (argc - first != 1) {
        kj_cli_error("usage: kaiji cases show [--format text|json] ID");
        return KJ_EXIT_USAGE;
    }
    if (kj_cli_parse_int("case ID", argv[first], 1, INT_MAX, &id) != 0) return KJ_EXIT_USAGE;
    kj_store *s = open_store(o, KJ_STORE_MUST_EXIST);
    if (!s) return KJ_EXIT_FAIL;
    kj_arena *ar = kj_arena_new();
    kj_case c;
    kj_error err;
    kj_error_clear(&err);
    int rc = KJ_EXIT_OK;
    if (kj_store_case_get(s, id, ar, &c, &err) != KJ_OK) {
        kj_cli_report(&err);
        rc = KJ_EXIT_FAIL;
    } else if (o->common.json) {
        kj_cli_print_json(case_to_json(&c));
    } else {
        show_text(&c);
    }
    kj_arena_free(ar);
    kj_store_close(s);
    return rc;
}

static int cases_list(const cases_opts *o) {
    kj_store *s = open_store(o, KJ_STORE_MUST_EXIST);
    if (!s) return KJ_EXIT_FAIL;
    kj_arena *ar = kj_arena_new();
    kj_case *cs;
    size_t n;
    kj_error err;
    kj_error_clear(&err);
    if (kj_store_case_list(s, o->common.item, o->source, ar, &cs, &n, &err) != KJ_OK) {
        kj_arena_free(ar);
        return fail(&err, s);
    }
    json_t *arr = o->common.json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        if (arr)
            json_array_append_new(arr, case_to_json(&cs[i]));
        else {
            printf("%5lld  item %-2d %-8s ", (long long)cs[i].id, cs[i].item,
                   kj_case_source_name(cs[i].source));
            kj_term_pad(stdout, cs[i].key, 16); /* columns, not bytes: a key in kanji */
            putchar(' ');
            kj_term_puts(stdout, cs[i].title ? cs[i].title : cs[i].company);
            putchar('\n');
        }
    }
    if (arr)
        kj_cli_print_json(arr);
    else
        printf("%zu case%s\n", n, KJ_PLURAL(n));
    kj_arena_free(ar);
    kj_store_close(s);
    return KJ_EXIT_OK;
}

/* ---- export / import-jsonl ------------------------------------------------------ */

static int cases_export(const cases_opts *o) {
    kj_store *s = open_store(o, KJ_STORE_MUST_EXIST);
    if (!s) return KJ_EXIT_FAIL;
    kj_cli_out output;
    if (kj_cli_out_open(&output, o->out) != 0) {
        kj_store_close(s);
        return KJ_EXIT_FAIL;
    }
    FILE *f = output.f;
    size_t n = 0;
    kj_error err;
    kj_error_clear(&err);
    /* an export that could not be written whole (a full disk) fails, naming
     * where it went (the output said so when the write failed): it may be
     * the collection's only copy elsewhere */
    kj_status st = kj_store_cases_export(s, f, &n, &err);
    if (st != KJ_OK) {
        if (!ferror(f)) kj_cli_report(&err);
        kj_cli_out_discard(&output);
        kj_store_close(s);
        return KJ_EXIT_FAIL;
    }
    if (kj_cli_out_close(&output) != 0) {
        kj_store_close(s);
        return KJ_EXIT_FAIL;
    }
    if (o->out && strcmp(o->out, "-"))
        kj_cli_error("%zu case%s written to %s", n, KJ_PLURAL(n), o->out); /* a note */
    kj_store_close(s);
    return KJ_EXIT_OK;
}

static int cases_import_jsonl(int argc, char **argv, const cases_opts *o, int first) {
    if (argc - first != 1) {
        kj_cli_error("usage: kaiji cases import-jsonl [--db PATH] FILE");
        return KJ_EXIT_USAGE;
    }
    const char *path = argv[first];
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!in) {
        kj_cli_error("%s: cannot open: %m", path);
        return KJ_EXIT_FAIL;
    }
    kj_store *s = open_store(o, 0);
    int rc = KJ_EXIT_OK;
    size_t added = 0, skipped = 0;
    kj_error err;
    kj_error_clear(&err);
    if (!s)
        rc = KJ_EXIT_FAIL;
    else if (kj_store_cases_import_jsonl(s, path, in, &added, &skipped, &err) != KJ_OK) {
        kj_cli_report(&err);
        rc = KJ_EXIT_FAIL;
    } else {
        kj_term_puts(stdout, path);
        printf(": %zu case%s added, %zu already present\n", added, KJ_PLURAL(added), skipped);
    }
    if (in != stdin) fclose(in);
    kj_store_close(s);
    return rc;
}

int cmd_cases(int argc, char **argv) {
    if (argc < 2) {
        kj_cli_error("cases needs a subcommand (import, refs, add, search, show, list, export, "
                     "import-jsonl); see `kaiji help cases`");
        return KJ_EXIT_USAGE;
    }
    const char *sub = argv[1];
    const cases_sub *cs = NULL;
    for (size_t i = 0; i < sizeof subs / sizeof subs[0] && !cs; i++)
        if (strcmp(sub, subs[i].name) == 0) cs = &subs[i];
    if (!cs) {
        kj_cli_error("cases: unknown subcommand '%s'; see `kaiji help cases`", sub);
        return KJ_EXIT_USAGE;
    }
    cases_opts o;
    int first = parse_opts(argc - 1, argv + 1, cs, &o);
    if (first < 0) return KJ_EXIT_USAGE;
    first += 1; /* index into argv */
    if (strcmp(sub, "import") == 0) return cases_import(argc, argv, &o, first);
    if (strcmp(sub, "refs") == 0) return cases_refs(&o);
    if (strcmp(sub, "add") == 0) return cases_add(&o);
    if (strcmp(sub, "search") == 0) return cases_search(argc, argv, &o, first);
    if (strcmp(sub, "show") == 0) return cases_show(argc, argv, &o, first);
    if (strcmp(sub, "list") == 0) return cases_list(&o);
    if (strcmp(sub, "export") == 0) return cases_export(&o);
    return cases_import_jsonl(argc, argv, &o, first);
}
