/*
 * ngram.c - the "kaiji_ngram" FTS5 tokenizer behind the indexes that serve
 * search terms of one or two characters (cases_ngram and passages_ngram,
 * schema version 6). FTS5's trigram tokenizer indexes nothing shorter than
 * three characters, so a query with such a term (common in Japanese: 訓練,
 * 監査) used to scan every stored passage. This tokenizer indexes every
 * character (unigram) and, at the same position, the pair it starts (bigram):
 * a one-character term is one unigram token, a two-character term one bigram
 * token, and a longer term the phrase of its bigrams at consecutive positions,
 * each an exact substring match. ASCII letters are folded to lower case only,
 * as the LIKE scan's lower() did. The white space that separates query terms
 * can never be part of a term, so it is not indexed: it takes no position and
 * no bigram spans it.
 * Also the rank function of those indexes, the number of occurrences of the
 * query's terms: the ranking of the LIKE scan they replace, and cheap, where
 * bm25 looks up every match's length.
 * SQLite runs the tokenizer on every write to cases and passages (triggers),
 * so kj_store_open registers both on every connection before anything else.
 */
#include "store_internal.h"

#include <string.h>

size_t kj_ngram_space(const char *p, size_t n) {
    if (n == 0) return 0;
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') return 1;
    /* each test stops at a NUL, so n may be SIZE_MAX for a terminated string */
    if (n >= 3 && (unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 &&
        (unsigned char)p[2] == 0x80)
        return 3; /* U+3000 ideographic space */
    return 0;
}

/* Bytes of the UTF-8 character at p (n > 0 bytes left); a byte that does not
 * start a well-formed sequence counts as one character (kj_utf8_decode). */
static size_t char_len(const unsigned char *p, size_t n) {
    int32_t cp;
    return kj_utf8_decode((const char *)p, n, &cp);
}

typedef int (*token_fn)(void *ctx, int tflags, const char *token, int ntoken, int start, int end);

/* Emit text[start, end) (at most 8 bytes: two characters) with A-Z folded. */
static int emit(token_fn fn, void *ctx, int tflags, const char *text, size_t start, size_t end) {
    char buf[8];
    size_t len = end - start;
    for (size_t i = 0; i < len; i++) {
        char c = text[start + i];
        buf[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    return fn(ctx, tflags, buf, (int)len, (int)start, (int)end);
}

/* Documents: a unigram per character, its bigram colocated. Queries: the
 * bigrams of a term, or its unigram when it has one character. */
static int ngram_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text, int ntext,
                          token_fn fn) {
    (void)tok;
    const unsigned char *u = (const unsigned char *)text;
    size_t n = ntext > 0 ? (size_t)ntext : 0, i = 0;
    int query = (flags & FTS5_TOKENIZE_QUERY) != 0, run_start = 1, rc = SQLITE_OK;
    while (i < n && rc == SQLITE_OK) {
        size_t sp = kj_ngram_space(text + i, n - i);
        if (sp) {
            i += sp;
            run_start = 1;
            continue;
        }
        size_t j = i + char_len(u + i, n - i);
        size_t k = j < n && !kj_ngram_space(text + j, n - j) ? j + char_len(u + j, n - j) : j;
        if (!query) {
            rc = emit(fn, ctx, 0, text, i, j);
            if (rc == SQLITE_OK && k > j) rc = emit(fn, ctx, FTS5_TOKEN_COLOCATED, text, i, k);
        } else if (k > j) {
            rc = emit(fn, ctx, 0, text, i, k);
        } else if (run_start) {
            rc = emit(fn, ctx, 0, text, i, j);
        }
        run_start = 0;
        i = j;
    }
    return rc;
}

/* The tokenizer keeps no state and takes no arguments. */
static int ngram_create(void *ctx, const char **args, int nargs, Fts5Tokenizer **out) {
    static int instance;
    (void)ctx;
    (void)args;
    *out = (Fts5Tokenizer *)&instance;
    return nargs == 0 ? SQLITE_OK : SQLITE_ERROR;
}

static void ngram_delete(Fts5Tokenizer *tok) {
    (void)tok;
}

/* Rank (lower is better): minus the number of the query's term occurrences,
 * overlapping ones included, in all columns. Reads only the positions the
 * match already has. */
static void ngram_rank(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *ctx,
                       int nargs, sqlite3_value **args) {
    (void)nargs;
    (void)args;
    int n = 0;
    int rc = api->xInstCount(fc, &n);
    if (rc == SQLITE_OK)
        sqlite3_result_double(ctx, -(double)n);
    else
        sqlite3_result_error_code(ctx, rc);
}

kj_status kj_ngram_register(kj_store *s, kj_error *err) {
    fts5_api *api = NULL;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return kj_db_fail(s, "SQLite has no FTS5", err);
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (!api || api->iVersion < 2)
        return kj_error_set(err, KJ_ERR_DB, "%s: SQLite's FTS5 is too old for the %s tokenizer",
                            s->path, KJ_NGRAM_TOKENIZER);
    static fts5_tokenizer ngram = {ngram_create, ngram_delete, ngram_tokenize};
    if (api->xCreateTokenizer(api, KJ_NGRAM_TOKENIZER, NULL, &ngram, NULL) != SQLITE_OK ||
        api->xCreateFunction(api, KJ_NGRAM_RANK, NULL, ngram_rank, NULL) != SQLITE_OK)
        return kj_db_fail(s, "cannot register the search tokenizer", err);
    return KJ_OK;
}
