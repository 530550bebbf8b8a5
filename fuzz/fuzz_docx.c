/*
 * fuzz_docx.c - libFuzzer target for the DOCX reader's reading while
 * parsing (docx.c, kj_xml_read_part_stepped in markup.c): the rest of each
 * input, after its first byte, is stored as the word/document.xml of a
 * DOCX and the draft is read twice, once with the tree read whole when the
 * parse is over and once reading (and freeing) the body's finished
 * paragraphs and tables every 0 to 63 bytes the parser goes (the first
 * byte says how many). The two must give the same blocks, pages and error;
 * any difference is reported and aborts, and so does any crash, leak or
 * sanitizer report. fuzz_ingest.c gives whole files to every reader; this
 * target reaches the stepped reading, which small whole files seldom do.
 *
 * Built and run by `make fuzz` (CMake option KJ_FUZZ, clang only) with the
 * word/document.xml of each DOCX of tests/fixtures/ingest and data/sample
 * as seeds; see tools/fuzz.sh and the "Fuzzing" section of README.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "ingest/ingest_internal.h"

/* The DOCX this process writes each input to: made once, removed at exit. */
static char docx_path[] = "/tmp/kj-fuzz-docx-XXXXXX.docx";

static void remove_docx(void) {
    unlink(docx_path);
}

/* Made once: whether the path was made is kept apart from its characters
 * (mkstemps may leave an 'X' where the template had one, which read as
 * "not made yet" asked it to make a path from a name without a template). */
static void make_docx_path(void) {
    static int made;
    if (made) return;
    int fd = mkstemps(docx_path, 5);
    if (fd < 0) abort();
    close(fd);
    made = 1;
    atexit(remove_docx);
}

/* docx_path made a zip holding data as word/document.xml (stored). */
static void write_docx(const uint8_t *data, size_t len) {
    int ze;
    zip_t *z = zip_open(docx_path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    if (!z) abort();
    zip_source_t *src = zip_source_buffer(z, len ? data : (const void *)"", len, 0);
    zip_int64_t idx = src ? zip_file_add(z, "word/document.xml", src, ZIP_FL_OVERWRITE) : -1;
    if (idx < 0 || zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0) != 0 ||
        zip_close(z) != 0)
        abort();
}

/* The draft read in steps of step bytes: status, and *d (NULL on error). */
static kj_status read_draft(size_t step, kj_document **d, kj_error *err) {
    kj_builder b;
    kj_error_clear(err);
    *d = NULL;
    kj_status st = kj_builder_init(&b, docx_path, KJ_FORMAT_DOCX, 0, err);
    if (st == KJ_OK) st = kj_read_docx_stepped(&b, docx_path, step, err);
    if (st == KJ_OK)
        st = kj_builder_finish(&b, d, err);
    else
        kj_builder_abort(&b);
    return st;
}

static void differ(const char *what, size_t step) {
    fprintf(stderr, "fuzz_docx: read in steps of %zu bytes, the draft's %s differs\n", step, what);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    size_t step = data[0] % 64;
    make_docx_path();
    write_docx(data + 1, size - 1);
    kj_document *whole, *parts;
    kj_error e1, e2;
    kj_status s1 = read_draft(SIZE_MAX, &whole, &e1);
    kj_status s2 = read_draft(step, &parts, &e2);
    if (s1 != s2 || strcmp(e1.msg, e2.msg)) differ("error", step);
    if (s1 == KJ_OK) {
        if (whole->n_blocks != parts->n_blocks) differ("number of blocks", step);
        if (whole->n_pages != parts->n_pages) differ("number of pages", step);
        for (size_t i = 0; i < whole->n_blocks; i++) {
            const kj_block *x = &whole->blocks[i], *y = &parts->blocks[i];
            if (strcmp(x->text, y->text) || x->kind != y->kind || x->level != y->level ||
                x->page != y->page || x->line != y->line || x->table != y->table ||
                x->row != y->row || (x->section == NULL) != (y->section == NULL) ||
                (x->section && strcmp(x->section, y->section)))
                differ("blocks", step);
        }
    }
    kj_document_free(whole);
    kj_document_free(parts);
    return 0;
}
