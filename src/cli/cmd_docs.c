/*
 * cmd_docs.c - `kaiji docs`: the documents kept in the store by `kaiji
 * analyze --store`: list them, show one (metadata, per-item coverage and its
 * passages with their ids, for `kaiji cases add --passage ID`), search their
 * passages, and remove them. The work is in the store stage (kaiji/store.h).
 */
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "kaiji/assess.h"
#include "kaiji/render.h"
#include "kaiji/store.h"

typedef struct {
    kj_cli_store_opts common; /* --db, --format, --item, --year, --doc-type, --limit */
    int all;                  /* --passages */
} docs_opts;

/* "item 7" for a passage's primary item, "no item" for a passage that has
 * none (stored as 0; there is no item 0), into out (outsz bytes). */
static void item_label(int item, char *out, size_t outsz) {
    if (item > 0)
        snprintf(out, outsz, "item %d", item);
    else
        snprintf(out, outsz, "no item");
}

/* Where a stored passage is, as `kaiji analyze` writes it ("p.12 “（3）…”",
 * "§0102010 事業の状況 line 157 “③ …”"), or "" when nothing is known. */
static void stored_location(int page, int line, const char *section, const char *heading,
                            const char *lead, char *out, size_t outsz) {
    kj_passage p;
    memset(&p, 0, sizeof p);
    p.page = page;
    p.line = line;
    p.section = section;
    p.heading = heading;
    p.lead = lead;
    if (page > 0 || line > 0 || (section && *section) || (heading && *heading) || lead)
        kj_render_location(&p, out, outsz);
    else
        *out = '\0';
}

/* A subcommand: its name, the options it uses (getopt values) and the most
 * arguments it takes (-1: any number). */
typedef struct {
    const char *name;
    const char *opts;
    int most;
} docs_sub;

static const docs_sub subs[] = {{"list", "Df", 0},
                                {"show", "Dfa", 1},
                                {"search", "Dfiytk", -1},
                                {"rm", "D", -1},
                                {"check", "D", 0}};

/* Parse options after the subcommand sub (argv[0]); returns the index of
 * the first operand in argv, or -1 after printing a usage error: also for
 * an option sub does not use, or more arguments than it takes. */
static int parse_opts(int argc, char **argv, const docs_sub *sub, docs_opts *o) {
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'D'},       {"format", required_argument, NULL, 'f'},
        {"item", required_argument, NULL, 'i'},     {"year", required_argument, NULL, 'y'},
        {"doc-type", required_argument, NULL, 't'}, {"limit", required_argument, NULL, 'k'},
        {"passages", no_argument, NULL, 'a'},       {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    optind = 0;
    opterr = 0;
    int c;
    kj_cli_optset seen;
    kj_cli_optset_init(&seen, "docs", longopts);
    while ((c = getopt_long(argc, argv, ":f:", longopts, NULL)) != -1) {
        if (kj_cli_opt_take(&seen, c, optarg) != 0) return -1;
        int taken = kj_cli_store_opt(c, optarg, &o->common);
        if (taken < 0) return -1;
        if (!taken && c == 'a') {
            o->all = 1;
        } else if (!taken) {
            kj_cli_bad_option("docs", c, argv, longopts);
            return -1;
        }
    }
    /* a document's type is one analyze names (or null): any other matches
     * no document, and a typo must not read as "no matching passages" */
    if (o->common.doc_type && kj_doctype_parse(o->common.doc_type) < 0) {
        kj_cli_bad_doctype(o->common.doc_type, NULL);
        return -1;
    }
    o->common.json = kj_cli_text_or_json(o->common.format);
    if (o->common.json < 0) return -1;
    if (kj_cli_subcommand_fits(&seen, sub->name, sub->opts, sub->most, argv, optind, argc) != 0)
        return -1;
    return optind;
}

static kj_store *open_store(const docs_opts *o, int flags) {
    return kj_cli_open_store(o->common.db, flags);
}

static json_t *doc_json(const kj_stored_doc *d) {
    json_t *items = json_object();
    for (int i = 1; i <= KJ_N_ITEMS; i++) {
        char k[4];
        snprintf(k, sizeof k, "%d", i);
        json_object_set_new(items, k, json_integer(d->item_passages[i]));
    }
    /* the store's text as given (a source's name, a --company): kj_cli_json_text */
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:i, s:i, s:o}",
                     "id", (json_int_t)d->id, "hash", kj_cli_json_text(d->hash), "company",
                     kj_cli_json_text(d->company), "code", kj_cli_json_text(d->code), "industry",
                     kj_cli_json_text(d->industry), "doc_type", kj_cli_json_text(d->doc_type),
                     "fiscal_year", d->fiscal_year ? json_integer(d->fiscal_year) : json_null(),
                     "source", kj_cli_json_text(d->source), "format", kj_cli_json_text(d->format),
                     "lang", kj_cli_json_text(d->lang), "added_at", kj_cli_json_text(d->added_at),
                     "model_version", kj_cli_json_text(d->model_version), "passages", d->n_passages,
                     "relevant_passages", d->relevant_passages, "item_passages", items);
}

static int docs_list(const docs_opts *o) {
    kj_store *s = open_store(o, KJ_STORE_MUST_EXIST);
    if (!s) return KJ_EXIT_FAIL;
    kj_arena *ar = kj_arena_new();
    kj_stored_doc *d;
    size_t n;
    kj_error err;
    kj_error_clear(&err);
    int rc = KJ_EXIT_OK;
    if (kj_store_doc_list(s, ar, &d, &n, &err) != KJ_OK) {
        kj_cli_report(&err);
        rc = KJ_EXIT_FAIL;
    } else if (o->common.json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, doc_json(&d[i]));
        kj_cli_print_json(arr);
    } else {
        for (size_t i = 0; i < n; i++) { /* columns in columns, not bytes: 株式会社… */
            printf("%5lld  ", (long long)d[i].id);
            /* a long name is cut ("docs show" and the JSON have it whole) */
            kj_term_fit(stdout, d[i].company ? d[i].company : "-", 24);
            putchar(' ');
            kj_term_fit(stdout, d[i].code ? d[i].code : "-", 8);
            putchar(' ');
            kj_term_fit(stdout, d[i].doc_type ? d[i].doc_type : "-", 14);
            printf(" %4d  %4d/%-4d %-8s  ", d[i].fiscal_year, d[i].relevant_passages,
                   d[i].n_passages, d[i].n_passages == 1 ? "passage" : "passages");
            kj_term_puts(stdout, d[i].source);
            putchar('\n');
        }
        printf("%zu document%s\n", n, KJ_PLURAL(n));
    }
    kj_arena_free(ar);
    kj_store_close(s);
    return rc;
}

/* "NAME VALUE" for a terminal (VALUE: "-" when NULL), after sep. */
static void field(const char *sep, const char *name, const char *value) {
    printf("%s%s ", sep, name);
    kj_term_puts(stdout, value ? value : "-");
}

/* The stored text is written with kj_term_write: a document's name and
 * metadata as given may hold escape sequences. */
static void show_text(const kj_stored_doc *d, const kj_stored_passage *p, size_t n, int all) {
    printf("document %lld", (long long)d->id);
    field("  ", "sha256", d->hash);
    field("\n", "company", d->company);
    field("  ", "code", d->code);
    field("  ", "industry", d->industry);
    field("\n", "type", d->doc_type);
    printf("  year %d", d->fiscal_year);
    field("  ", "format", d->format);
    field("  ", "lang", d->lang);
    field("\n", "source", d->source);
    field("\n", "added", d->added_at);
    field("  ", "model", d->model_version);
    printf("\npassages %d, about cybersecurity %d; by item:", d->n_passages, d->relevant_passages);
    for (int i = 1; i <= KJ_N_ITEMS; i++)
        printf(" %d:%d", i, d->item_passages[i]);
    printf("\n\n");
    for (size_t i = 0; i < n; i++) {
        if (!all && !p[i].primary) continue;
        const char *t = p[i].text ? p[i].text : "";
        size_t len = strlen(t), cut = kj_utf8_cut(t, len, 80); /* about 80 characters */
        char loc[KJ_LOCATION_MAX];
        stored_location(p[i].page, p[i].line, p[i].section, p[i].heading, p[i].lead, loc,
                        sizeof loc);
        char item[16];
        item_label(p[i].primary, item, sizeof item);
        printf("passage %lld  [%s] ", (long long)p[i].id, item);
        kj_term_puts(stdout, loc);
        fputs(*loc ? "  " : "", stdout);
        kj_term_write(stdout, t, cut, 1); /* the newlines joining a run of headings kept */
        fputs(cut < len ? "…\n" : "\n", stdout);
    }
}

static int docs_show(int argc, char **argv, const docs_opts *o, int first) {
    int id;
    if (argc - first != 1) {
        kj_cli_error("usage: kaiji docs show [--passages] [--format text|json] ID");
        return KJ_EXIT_USAGE;
    }
    if (kj_cli_parse_int("document ID", argv[first], 1, INT_MAX, &id) != 0) return KJ_EXIT_USAGE;
    kj_store *s = open_store(o, KJ_STORE_MUST_EXIST);
    if (!s) return KJ_EXIT_FAIL;
    kj_arena *ar = kj_arena_new();
    kj_stored_doc d;
    kj_stored_passage *p = NULL;
    size_t n = 0;
    kj_error err;
    kj_error_clear(&err);
    int rc = KJ_EXIT_OK;
    if (kj_store_doc_get(s, id, ar, &d, &err) != KJ_OK ||
        kj_store_passages(s, id, ar, &p, &n, &err) != KJ_OK) {
        kj_cli_report(&err);
        rc = KJ_EXIT_FAIL;
    } else if (o->common.json) {
        json_t *j = doc_json(&d), *arr = json_array();
        for (size_t i = 0; i < n; i++) {
            if (!o->all && !p[i].primary) continue;
            json_t *items = p[i].items_json ? json_loads(p[i].items_json, 0, NULL) : NULL;
            json_t *els = p[i].elements_json ? json_loads(p[i].elements_json, 0, NULL) : NULL;
            json_array_append_new(
                arr, json_pack("{s:I, s:i, s:i, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
                               (json_int_t)p[i].id, "index", p[i].idx, "page", p[i].page, "line",
                               p[i].line, "section", kj_cli_json_text(p[i].section), "heading",
                               kj_cli_json_text(p[i].heading), "run_in_heading",
                               kj_cli_json_text(p[i].lead), "text",
                               kj_cli_json_text(p[i].text ? p[i].text : ""), "primary",
                               p[i].primary ? json_integer(p[i].primary) : json_null(), "items",
                               items ? items : json_array(), "elements", els ? els : json_array()));
        }
        json_object_set_new(j, "passage_list", arr);
        kj_cli_print_json(j);
    } else {
        show_text(&d, p, n, o->all);
    }
    kj_arena_free(ar);
    kj_store_close(s);
    return rc;
}

static int docs_rm(int argc, char **argv, const docs_opts *o, int first) {
    if (first >= argc) {
        kj_cli_error("usage: kaiji docs rm [--db PATH] ID...");
        return KJ_EXIT_USAGE;
    }
    /* every ID is checked before any document is removed: a typo among
     * them leaves the store as it was */
    for (int i = first; i < argc; i++) {
        int id;
        if (kj_cli_parse_int("document ID", argv[i], 1, INT_MAX, &id) != 0) return KJ_EXIT_USAGE;
    }
    kj_store *s = open_store(o, KJ_STORE_MUST_EXIST);
    if (!s) return KJ_EXIT_FAIL;
    int rc = KJ_EXIT_OK;
    for (int i = first; i < argc; i++) {
        int id;
        kj_cli_parse_int("document ID", argv[i], 1, INT_MAX, &id); /* checked above */
        kj_error err;
        kj_error_clear(&err);
        if (kj_store_doc_remove(s, id, &err) != KJ_OK) {
            kj_cli_report(&err);
            rc = KJ_EXIT_FAIL;
        } else {
            printf("removed document %d\n", id);
        }
    }
    kj_store_close(s);
    return rc;
}

static int docs_search(int argc, char **argv, const docs_opts *o, int first) {
    if (first >= argc) {
        kj_cli_error(
            "usage: kaiji docs search QUERY [--item N] [--doc-type T] [--year Y] [--limit K]");
        return KJ_EXIT_USAGE;
    }
    kj_store *s = open_store(o, KJ_STORE_MUST_EXIST);
    if (!s) return KJ_EXIT_FAIL;
    char *query = kj_cli_search_query(argc, argv, first);
    kj_marks m = kj_cli_search_marks(&o->common);
    kj_search_filter f = kj_cli_search_filter(&o->common);
    kj_arena *ar = kj_arena_new();
    kj_hit *h;
    size_t n;
    kj_error err;
    kj_error_clear(&err);
    int rc = KJ_EXIT_OK;
    if (kj_store_passage_search(s, query, &f, &m, ar, &h, &n, &err) != KJ_OK) {
        kj_cli_report(&err);
        rc = err.code == KJ_ERR_ARG ? KJ_EXIT_USAGE : KJ_EXIT_FAIL;
    } else if (o->common.json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(
                arr,
                json_pack("{s:I, s:I, s:i, s:o, s:i, s:i, s:o, s:o, s:o, s:f, s:o}", "passage",
                          (json_int_t)h[i].id, "document", (json_int_t)h[i].doc_id, "item",
                          h[i].item, "company", kj_cli_json_text(h[i].company), "page", h[i].page,
                          "line", h[i].line, "section", kj_cli_json_text(h[i].section), "heading",
                          kj_cli_json_text(h[i].heading), "run_in_heading",
                          kj_cli_json_text(h[i].lead), "score", h[i].score, "snippet",
                          kj_cli_json_text(h[i].snippet)));
        kj_cli_print_json(arr);
    } else {
        for (size_t i = 0; i < n; i++) {
            char loc[KJ_LOCATION_MAX];
            stored_location(h[i].page, h[i].line, h[i].section, h[i].heading, h[i].lead, loc,
                            sizeof loc);
            char item[16];
            item_label(h[i].item, item, sizeof item);
            printf("%zu. passage %lld (document %lld, ", i + 1, (long long)h[i].id,
                   (long long)h[i].doc_id);
            kj_term_puts(stdout, h[i].company ? h[i].company : "-");
            printf(") [%s]%s", item, *loc ? " " : "");
            kj_term_puts(stdout, loc);
            fputs("\n   ", stdout);
            kj_cli_put_snippet(stdout, h[i].snippet, &m);
            putchar('\n');
        }
        if (!n) printf("no matching passages\n");
    }
    free(query);
    kj_arena_free(ar);
    kj_store_close(s);
    return rc;
}

static int docs_check(const docs_opts *o) {
    kj_store *s = open_store(o, KJ_STORE_MUST_EXIST);
    if (!s) return KJ_EXIT_FAIL;
    kj_error err;
    kj_error_clear(&err);
    int rc = KJ_EXIT_OK;
    if (kj_store_check(s, &err) != KJ_OK) {
        kj_cli_report(&err);
        rc = KJ_EXIT_FAIL;
    } else {
        kj_term_puts(stdout, kj_store_path(s));
        printf(": ok (schema %d; integrity and search indexes checked)\n",
               kj_store_schema_version(s));
    }
    kj_store_close(s);
    return rc;
}

int cmd_docs(int argc, char **argv) {
    if (argc < 2) {
        kj_cli_error("docs needs a subcommand (list, show, search, rm, check); see `kaiji help "
                     "docs`");
        return KJ_EXIT_USAGE;
    }
    const char *sub = argv[1];
    const docs_sub *ds = NULL;
    for (size_t i = 0; i < sizeof subs / sizeof subs[0] && !ds; i++)
        if (strcmp(sub, subs[i].name) == 0) ds = &subs[i];
    if (!ds) {
        kj_cli_error("docs: unknown subcommand '%s'; see `kaiji help docs`", sub);
        return KJ_EXIT_USAGE;
    }
    docs_opts o;
    int first = parse_opts(argc - 1, argv + 1, ds, &o);
    if (first < 0) return KJ_EXIT_USAGE;
    first += 1;
    if (strcmp(sub, "list") == 0) return docs_list(&o);
    if (strcmp(sub, "show") == 0) return docs_show(argc, argv, &o, first);
    if (strcmp(sub, "rm") == 0) return docs_rm(argc, argv, &o, first);
    if (strcmp(sub, "search") == 0) return docs_search(argc, argv, &o, first);
    return docs_check(&o);
}
