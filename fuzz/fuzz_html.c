/*
 * fuzz_html.c - libFuzzer target for the HTML reader's reading while
 * parsing (html.c): the rest of each input, after its first byte, is read
 * as a page twice, once with the tree read whole when the parse is over and
 * once reading (and freeing) what the parser has finished every 0 to 63
 * bytes it goes (the first byte says how many), and the two must give the
 * same blocks, title and error. Wherever an element ends while others are
 * still open (inside a hidden subtree, a list, a note mark, the title), the
 * reading must change nothing. Any difference is reported and aborts; so
 * does any crash, leak or sanitizer report. fuzz_ingest.c gives whole
 * files to every reader.
 *
 * Built and run by `make fuzz` (CMake option KJ_FUZZ, clang only) with the
 * HTML files of tests/fixtures/ingest and data/sample as seeds; see
 * tools/fuzz.sh and the "Fuzzing" section of README.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest_internal.h"

/* The page read in steps of step bytes: status, and *d (NULL on error). */
static kj_status read_page(const uint8_t *data, size_t len, size_t step, kj_document **d,
                           kj_error *err) {
    char *copy = malloc(len + 1); /* the reader rewrites its buffer */
    if (!copy) abort();
    memcpy(copy, data, len);
    copy[len] = '\0';
    kj_builder b;
    kj_error_clear(err);
    *d = NULL;
    kj_status st = kj_builder_init(&b, "fuzz.html", KJ_FORMAT_HTML, 0, err);
    if (st == KJ_OK) st = kj_read_html_stepped(&b, copy, len, NULL, step, err);
    if (st == KJ_OK)
        st = kj_builder_finish(&b, d, err);
    else
        kj_builder_abort(&b);
    free(copy);
    return st;
}

static void differ(const char *what, size_t step) {
    fprintf(stderr, "fuzz_html: read in steps of %zu bytes, the page's %s differs\n", step, what);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    size_t step = data[0] % 64;
    data++, size--;
    kj_document *whole, *parts;
    kj_error e1, e2;
    kj_status s1 = read_page(data, size, size + 1, &whole, &e1);
    kj_status s2 = read_page(data, size, step, &parts, &e2);
    if (s1 != s2 || strcmp(e1.msg, e2.msg)) differ("error", step);
    if (s1 == KJ_OK) {
        if (whole->n_blocks != parts->n_blocks) differ("number of blocks", step);
        for (size_t i = 0; i < whole->n_blocks; i++) {
            const kj_block *x = &whole->blocks[i], *y = &parts->blocks[i];
            if (strcmp(x->text, y->text) || x->kind != y->kind || x->level != y->level ||
                x->page != y->page || x->line != y->line || x->table != y->table ||
                x->row != y->row)
                differ("blocks", step);
        }
        if ((whole->title == NULL) != (parts->title == NULL) ||
            (whole->title && strcmp(whole->title, parts->title)))
            differ("title", step);
    }
    kj_document_free(whole);
    kj_document_free(parts);
    return 0;
}
