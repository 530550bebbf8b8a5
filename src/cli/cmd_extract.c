/*
 * cmd_extract.c - `kaiji extract`: run the ingest stage on files and print
 * the blocks, to check what kaiji reads from a document before analysing it
 * (page furniture gone, paragraphs whole, headings separate). The stand-ins
 * a text gives for kanji (Kangxi radicals such as ⽅, and ‧) are shown as
 * the ideographs they stand for, as the readers read them
 * (kj_map_stand_ins). A bad file in a batch is reported and the rest are
 * still processed.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kaiji/ingest.h"
#include "kaiji/text.h"

/* The blocks of d as text for a terminal: names (the file's, a section
 * file's) and text are written with kj_term_write, so that no escape
 * sequence in them reaches the terminal. */
static void print_text(const kj_document *d, bool header, FILE *f) {
    if (header) {
        fputs("# ", f);
        kj_term_puts(f, d->path);
        fprintf(f, " (%s, ", kj_format_name(d->format));
        kj_term_puts(f, d->encoding ? d->encoding : "-");
        fprintf(f, ", %zu block%s%s)\n", d->n_blocks, KJ_PLURAL(d->n_blocks),
                d->n_pages ? ", paged" : "");
    }
    for (size_t i = 0; i < d->n_blocks; i++) {
        const kj_block *b = &d->blocks[i];
        fputs(kj_block_kind_name(b->kind), f);
        if (b->level) fprintf(f, "/%d", b->level);
        if (b->page) fprintf(f, " p%d", b->page);
        if (b->section) {
            fputc(' ', f);
            kj_term_puts(f, b->section);
        }
        fputc('\t', f);
        kj_term_write(f, b->text, b->len, 0);
        fputc('\n', f);
    }
}

static kj_status json_str(kj_buf *o, const char *s) {
    if (!s) return kj_buf_puts(o, "null");
    return kj_buf_json_string(o, s, strlen(s));
}

static kj_status to_json(const kj_document *d, kj_buf *o) {
    kj_status st = kj_buf_puts(o, "{\"path\":");
    if (!st) st = json_str(o, d->path);
    if (!st) st = kj_buf_printf(o, ",\"format\":\"%s\",\"encoding\":", kj_format_name(d->format));
    if (!st) st = json_str(o, d->encoding);
    if (!st) st = kj_buf_puts(o, ",\"title\":");
    if (!st) st = json_str(o, d->title);
    if (!st) st = kj_buf_puts(o, ",\"company\":");
    if (!st) st = json_str(o, d->company);
    if (!st)
        st = kj_buf_printf(o, ",\"pages\":%d,\"chars\":%zu,\"bytes\":%zu,\"blocks\":[", d->n_pages,
                           d->text_chars, d->text_bytes);
    for (size_t i = 0; i < d->n_blocks && !st; i++) {
        const kj_block *b = &d->blocks[i];
        st = kj_buf_printf(o, "%s{\"kind\":\"%s\",\"level\":%d,\"text\":", i ? "," : "",
                           kj_block_kind_name(b->kind), b->level);
        if (!st) st = kj_buf_json_string(o, b->text, b->len);
        if (!st) st = kj_buf_printf(o, ",\"page\":%d,\"section\":", b->page);
        if (!st) st = json_str(o, b->section);
        if (!st)
            st = kj_buf_printf(o, ",\"line\":%d,\"start\":%zu,\"end\":%zu}", b->line, b->start,
                               b->end);
    }
    if (!st) st = kj_buf_puts(o, "]}\n");
    return st;
}

static int usage_error(const char *msg) {
    kj_cli_error("%s; see `kaiji help extract`", msg);
    return KJ_EXIT_USAGE;
}

int cmd_extract(int argc, char **argv) {
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                             {"encoding", required_argument, NULL, 'e'},
                                             {"as", required_argument, NULL, 'a'},
                                             {NULL, 0, NULL, 0}};
    kj_ingest_options opts = {0};
    bool json = false;
    int c;
    optind = 1;
    opterr = 0;
    kj_cli_optset seen;
    kj_cli_optset_init(&seen, "extract", longopts);
    while ((c = getopt_long(argc, argv, ":f:e:a:", longopts, NULL)) != -1) {
        if (kj_cli_opt_take(&seen, c, optarg) != 0) return KJ_EXIT_USAGE;
        if (c == 'f') {
            if (!strcmp(optarg, "json"))
                json = true;
            else if (strcmp(optarg, "text"))
                return usage_error("--format is text or json");
        } else if (c == 'e') {
            opts.encoding = optarg;
        } else if (c == 'a') {
            opts.format = kj_format_parse(optarg);
            if (opts.format == KJ_FORMAT_AUTO && strcmp(optarg, "auto"))
                return usage_error("--as is one of text, html, pdf, docx, pptx, edinet, auto");
        } else {
            return kj_cli_bad_option("extract", c, argv, longopts);
        }
    }
    if (optind >= argc) return usage_error("no FILE given");
    if (!kj_cli_stdin_once(argv + optind, argc - optind)) return KJ_EXIT_USAGE;
    int failed = 0;
    bool many = argc - optind > 1;
    /* output that could not be written (said by it) ends the run */
    for (int i = optind; i < argc && !ferror(stdout); i++) {
        kj_document *d = NULL;
        kj_error err;
        kj_error_clear(&err);
        if (kj_cli_ingest(argv[i], &opts, &d, &err) != KJ_OK) {
            kj_cli_report(&err);
            failed++;
            continue;
        }
        if (json) {
            kj_buf o = KJ_BUF_INIT;
            if (to_json(d, &o) == KJ_OK)
                fwrite(o.data, 1, o.len, stdout);
            else
                kj_cli_error("%s: out of memory", kj_cli_name(argv[i])), failed++;
            kj_buf_free(&o);
        } else {
            print_text(d, many, stdout);
        }
        kj_document_free(d);
    }
    if (kj_cli_flush(stdout) != 0) failed++; /* a full disk, a closed pipe */
    return failed ? KJ_EXIT_FAIL : KJ_EXIT_OK;
}
