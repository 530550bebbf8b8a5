/*
 * fuzz_search.c - libFuzzer target for the store's search: kaiji's own FTS5
 * tokenizers (src/store/ngram.c), which SQLite runs on every text written to
 * cases and passages and on every query, and the snippets cut in C. Each
 * input is split at its first newline into a query and a text (any bytes,
 * often invalid UTF-8); the text is added as a case, then searched for the
 * query, for the text's first characters (so that searches find something:
 * one, two and several characters, through both indexes), and for the
 * query with its letters in the other width. Every so many inputs the
 * store is checked (kj_store_check: each search index against its rows),
 * which fails if a tokenizer ever splits the same text two ways, and then
 * started afresh so that it stays small.
 * Errors the library returns are fine (an empty query is refused); any
 * crash, leak, sanitizer report or failed check is a bug.
 *
 * Built and run by `make fuzz` (CMake option KJ_FUZZ, clang only); see the
 * "Fuzzing" section of README.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaiji/store.h"

#define KJ_FUZZ_CHECK_EVERY 200

/* The store of the current stretch of inputs, at a path of our own. */
static struct {
    char path[64];
    kj_store *s;
    int inputs;
} fz;

static void fresh_store(void) {
    if (fz.s) kj_store_close(fz.s);
    fz.s = NULL;
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        char p[80];
        snprintf(p, sizeof p, "%s%s", fz.path, suffixes[i]);
        unlink(p);
    }
    kj_error err = {0};
    if (kj_store_open(fz.path, 0, &fz.s, &err) != KJ_OK) {
        fprintf(stderr, "fuzz_search: %s\n", err.msg);
        exit(1);
    }
    fz.inputs = 0;
}

static void close_store(void) {
    if (fz.s) kj_store_close(fz.s);
    fz.s = NULL;
    unlink(fz.path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    snprintf(fz.path, sizeof fz.path, "/tmp/kaiji-fuzz-search-%ld.db", (long)getpid());
    fresh_store();
    atexit(close_store);
    return 0;
}

/* Search cases and passages for query; the results are not checked (the
 * unit tests check them against a plain scan), only that nothing breaks. */
static void search(const char *query) {
    kj_arena *ar = kj_arena_new();
    if (!ar) return;
    kj_marks m = {"[[", "]]"};
    kj_search_filter f = {.limit = 5};
    kj_hit *h;
    size_t n;
    kj_error err = {0};
    if (kj_store_case_search(fz.s, query, &f, &m, ar, &h, &n, &err) == KJ_OK)
        for (size_t i = 0; i < n; i++)
            if (h[i].snippet) (void)strlen(h[i].snippet);
    kj_store_passage_search(fz.s, query, &f, &m, ar, &h, &n, &err);
    kj_arena_free(ar);
}

/* The first k characters of s (UTF-8 steps; an invalid byte is one). */
static size_t prefix_bytes(const char *s, size_t len, size_t k) {
    size_t done;
    return kj_utf8_skip(s, len, k, &done);
}

/* s with its ASCII letters and digits in full width (EF BC xx / EF BD xx). */
static char *widened(const char *s) {
    size_t len = strlen(s);
    char *w = malloc(len * 3 + 1), *o = w;
    if (!w) return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c > 0x20 && c < 0x7F) {
            unsigned cp = c + 0xFEE0u;
            *o++ = (char)0xEF;
            *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
            *o++ = (char)(0x80 | (cp & 0x3F));
        } else {
            *o++ = (char)c;
        }
    }
    *o = '\0';
    return w;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 4096) return 0;
    char *buf = malloc(size + 1);
    if (!buf) return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    size_t len = strlen(buf); /* SQLite texts end at a NUL */
    char *nl = memchr(buf, '\n', len);
    char *query = buf, *text = nl ? nl + 1 : buf;
    if (nl) *nl = '\0';
    if (*text) {
        kj_case c = {
            .item = 1 + (int)(size % 10), .body = text, .company = query, .source = KJ_CASE_IMPORT};
        int64_t id;
        int added;
        kj_error err = {0};
        kj_store_case_add(fz.s, &c, &id, &added, &err);
    }
    search(query);
    size_t tl = strlen(text);
    for (size_t k = 1; k <= 4; k++) {
        size_t b = prefix_bytes(text, tl, k);
        char *p = strndup(text, b);
        if (p) search(p);
        free(p);
    }
    char *w = widened(query);
    if (w) search(w);
    free(w);
    if (++fz.inputs >= KJ_FUZZ_CHECK_EVERY) {
        kj_error err = {0};
        if (kj_store_check(fz.s, &err) != KJ_OK) {
            fprintf(stderr, "fuzz_search: %s\n", err.msg);
            abort();
        }
        fresh_store();
    }
    free(buf);
    return 0;
}
