/*
 * fuzz_ingest.c - libFuzzer target for the ingest stage: writes each input
 * to a temporary file and runs kj_ingest_file on it with format detection,
 * so every reader (text encodings, HTML, PDF, DOCX/PPTX/EDINET zip) sees hostile
 * bytes; a PDF is read a second time as its text layer (kj_pdf_text_layer,
 * what the guide importer reads), which must be valid UTF-8 when it is read,
 * as must every document's title and section names. The file is named as
 * an EDINET section file (…-0102010), as a user may name one read alone. Any crash, leak or
 * sanitizer report is a bug.
 *
 * Built and run by `make fuzz` (CMake option KJ_FUZZ, clang only) with the
 * files of tests/fixtures/ingest as seeds, copied to build-fuzz/fuzz/; see
 * tools/fuzz.sh and the "Fuzzing" section of README.md. To go on by hand
 * once `make fuzz` has built it (or to replay a crash-* file instead of the
 * corpus directory):
 *   KAIJI_DATA=data build-fuzz/fuzz_ingest -max_total_time=120 \
 *     -rss_limit_mb=2048 -timeout=10 build-fuzz/fuzz/fuzz_ingest/corpus
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kaiji/ingest.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* named as an EDINET section file, so that an HTML page whose first
     * heading has a name in 【】 is also named as its section */
    char path[] = "/tmp/kj-fuzz-XXXXXX-0102010";
    int fd = mkstemps(path, 8);
    if (fd < 0) return 0;
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);
        if (w <= 0) break;
        off += (size_t)w;
    }
    close(fd);
    kj_ingest_options o = {.max_bytes = 8 << 20};
    kj_document *d = NULL;
    kj_error err;
    if (kj_ingest_file(path, &o, &d, &err) == KJ_OK) {
        size_t n = 0;
        for (size_t i = 0; i < d->n_blocks; i++)
            n += d->blocks[i].len;
        if (n + (d->n_blocks ? d->n_blocks - 1 : 0) != d->text_bytes) abort();
        /* every title and section name is valid UTF-8, whatever bytes its
         * source held */
        if (d->title && !kj_utf8_valid(d->title, strlen(d->title))) abort();
        for (size_t i = 0; i < d->n_blocks; i++)
            if (d->blocks[i].section &&
                !kj_utf8_valid(d->blocks[i].section, strlen(d->blocks[i].section)))
                abort();
        kj_document_free(d);
    } else if (d) {
        abort(); /* failure must leave *out NULL */
    }
    if (size >= 5 && memcmp(data, "%PDF-", 5) == 0) {
        char *layer = NULL;
        size_t len;
        if (kj_pdf_text_layer(path, 8 << 20, &layer, &len, &err) == KJ_OK) {
            if (!kj_utf8_valid(layer, len) || strlen(layer) != len) abort();
        } else if (layer) {
            abort();
        }
        free(layer);
    }
    unlink(path);
    return 0;
}
