/*
 * cmd_explain.c - `kaiji explain [TEXT...]`: why kaiji gives a passage the
 * items it does, or none. The passage (the operands joined by spaces, or
 * standard input) is read as `classify --jsonl` reads a line; then the
 * terminal shows whether it is taken to be about cybersecurity and why,
 * its items, and for each (and each item asked with --items) the model's
 * log-odds taken apart into the features that make it (kj_explain_item):
 * the words and terms of the passage that raise or lower the item. It is
 * for the people who write a disclosure and those who check kaiji's
 * reading of one: which words carry an item, and what to say so that a
 * measure the text means is read as meant.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "kaiji/render.h"

/* The most bytes of text explain takes: a passage, not a document. */
#define KJ_EXPLAIN_MAX_BYTES (1u << 20)

/* Read the passage into b: the operands argv[first..argc) joined by single
 * spaces, or standard input when there are none or the one operand is "-".
 * Returns 0, or -1 after saying what is wrong. */
static int read_passage(char **argv, int first, int argc, kj_buf *b) {
    int oom = 0;
    if (first < argc && !(argc - first == 1 && strcmp(argv[first], "-") == 0)) {
        for (int i = first; i < argc; i++) {
            if (i > first) oom |= kj_buf_putc(b, ' ') != KJ_OK;
            oom |= kj_buf_puts(b, argv[i]) != KJ_OK;
        }
    } else {
        char chunk[65536];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
            if (b->len + got > KJ_EXPLAIN_MAX_BYTES) {
                kj_cli_error("<stdin>: more than %u bytes: explain takes one passage; "
                             "`kaiji analyze` reads documents",
                             KJ_EXPLAIN_MAX_BYTES);
                return -1;
            }
            oom |= kj_buf_append(b, chunk, got) != KJ_OK;
        }
        if (ferror(stdin)) {
            kj_cli_error("<stdin>: cannot read: %m");
            return -1;
        }
    }
    if (oom) {
        kj_cli_error("out of memory");
        return -1;
    }
    const char *what = first < argc && strcmp(argv[first], "-") != 0 ? "the text" : "<stdin>";
    const char *d = b->data ? b->data : "";
    size_t n = b->data ? b->len : 0;
    if (!kj_utf8_valid(d, n) || memchr(d, 0, n)) {
        kj_cli_error("%s: not UTF-8 text", what);
        return -1;
    }
    size_t k = 0;
    while (k < n && strchr(" \t\r\n", d[k]))
        k++;
    if (k == n) {
        kj_cli_error("%s: no text to explain", what);
        return -1;
    }
    return 0;
}

/* Say whether the passage is taken to be about cybersecurity, and why. */
static void say_topic(const kj_cli_passage *cp) {
    const kj_classification *c = &cp->c;
    if (c->on_topic == KJ_ON_TOPIC_HEADING) {
        puts("about cybersecurity: yes, by the heading it sits under");
    } else if (c->on_topic == KJ_ON_TOPIC_TEXT) {
        fputs("about cybersecurity: yes, its text names it:", stdout);
        for (int k = 0; k < c->n_topic; k++) {
            size_t done, from = kj_utf8_skip(cp->p.text, cp->p.len, c->topic_start[k], &done);
            size_t to = from + kj_utf8_skip(cp->p.text + from, cp->p.len - from,
                                            c->topic_end[k] - c->topic_start[k], &done);
            fputs(k ? ", \"" : " \"", stdout);
            kj_term_write(stdout, cp->p.text + from, to - from, 0);
            fputc('"', stdout);
        }
        fputc('\n', stdout);
    } else {
        puts("about cybersecurity: no: it names no cybersecurity term that counts here, or\n"
             "  reads as a passing mention (give --heading when it sits under one); the\n"
             "  scores below are the model's, and no item is given");
    }
    fputs("items:", stdout);
    if (c->n_items == 0) fputs(" none", stdout);
    for (int i = 0; i < c->n_items; i++)
        printf("%s %d%s", i ? "," : "", c->items[i], c->items[i] == c->primary ? " (primary)" : "");
    fputc('\n', stdout);
}

int cmd_explain(int argc, char **argv) {
    static const struct option opts[] = {{"lang", required_argument, 0, 'L'},
                                         {"heading", required_argument, 0, 'H'},
                                         {"items", required_argument, 0, 'i'},
                                         {"top", required_argument, 0, 't'},
                                         {0, 0, 0, 0}};
    int c, top = KJ_EXPLAIN_TOP;
    unsigned asked = 0;
    kj_lang lang = KJ_LANG_AUTO;
    const char *heading = NULL;
    optind = 1;
    opterr = 0;
    kj_cli_optset seen;
    kj_cli_optset_init(&seen, "explain", opts);
    while ((c = getopt_long(argc, argv, ":L:H:i:t:", opts, NULL)) != -1) {
        if (kj_cli_opt_take(&seen, c, optarg) != 0) return KJ_EXIT_USAGE;
        switch (c) {
        case 'L':
            if (kj_cli_parse_lang(optarg, &lang) != 0) return KJ_EXIT_USAGE;
            break;
        case 'H':
            heading = optarg;
            break;
        case 'i':
            if (kj_cli_parse_items("--items", optarg, &asked) != 0) return KJ_EXIT_USAGE;
            break;
        case 't':
            if (kj_cli_parse_int("--top", optarg, 1, 1000, &top) != 0) return KJ_EXIT_USAGE;
            break;
        default:
            return kj_cli_bad_option("explain", c, argv, opts);
        }
    }
    kj_buf text = KJ_BUF_INIT;
    if (read_passage(argv, optind, argc, &text) != 0) {
        kj_buf_free(&text);
        return KJ_EXIT_FAIL;
    }
    kj_error err = {0};
    kj_analyzer *a = NULL;
    kj_arena *ar = kj_arena_new();
    kj_scanner *sc = NULL;
    kj_cli_passage cp;
    kj_explanation why[KJ_N_ITEMS];
    int n = 0, rc = KJ_EXIT_FAIL;
    if (!ar) {
        kj_cli_error("out of memory");
    } else if (kj_analyzer_load(NULL, &a, &err) != KJ_OK) {
        kj_cli_report(&err);
    } else if (!(sc = kj_cli_scanner_new(a->lex))) {
        kj_cli_error("out of memory");
    } else if (kj_cli_classify_text(a, sc, text.data, text.len, lang, heading, ar, &cp, &err) !=
                   KJ_OK ||
               kj_cli_explain(a, &cp, asked, ar, why, &n, &err) != KJ_OK) {
        kj_cli_report(&err);
    } else {
        say_topic(&cp);
        for (int i = 0; i < n; i++) {
            fputc('\n', stdout);
            kj_render_explanation_text(stdout, &why[i], (size_t)top);
        }
        rc = kj_cli_flush(stdout) == 0 ? KJ_EXIT_OK : KJ_EXIT_FAIL;
    }
    kj_cli_scanner_free(NULL, sc);
    kj_arena_free(ar);
    kj_analyzer_free(a);
    kj_buf_free(&text);
    return rc;
}
