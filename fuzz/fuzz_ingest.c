/*
 * fuzz_ingest.c - libFuzzer target for the ingest stage: writes each input
 * to a temporary file and runs kj_ingest_file on it with format detection,
 * so every reader (text encodings, HTML, PDF, DOCX/EDINET zip) sees hostile
 * bytes. Any crash, leak or sanitizer report is a bug.
 *
 * Build (from the repository root, after a normal CMake build for the deps):
 *   clang -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
 *     -Iinclude -Isrc $(pkg-config --cflags libxml-2.0 libzip uchardet) \
 *     src/core/[a-z]*.c src/ingest/[a-z]*.c fuzz/fuzz_ingest.c -o fuzz_ingest \
 *     $(pkg-config --libs libxml-2.0 libzip uchardet freetype2 harfbuzz) \
 *     /usr/lib/libmupdf.a /usr/lib/libmupdf-third.a -lmujs -lgumbo -lopenjp2 \
 *     -ljbig2dec -ljpeg -lz -llinear -lm -lpthread
 * Run on the fixtures as seed corpus:
 *   mkdir -p /tmp/fz && cp tests/fixtures/ingest/[a-z]*.[a-z]* /tmp/fz/
 *   ./fuzz_ingest -max_total_time=120 -rss_limit_mb=2048 /tmp/fz
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kaiji/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[] = "/tmp/kj-fuzz-XXXXXX";
    int fd = mkstemp(path);
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
        kj_document_free(d);
    } else if (d) {
        abort(); /* failure must leave *out NULL */
    }
    unlink(path);
    return 0;
}
