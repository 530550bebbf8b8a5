/*
 * ngram.c - kaiji's FTS5 tokenizers, behind every search index (schema
 * version 6):
 *  - "kaiji_trigram" (cases_fts, passages_fts): every run of three
 *    characters, as FTS5's own trigram tokenizer, for terms of three or more
 *    characters (a term is the phrase of its trigrams);
 *  - "kaiji_ngram" (cases_ngram, passages_ngram): every character
 *    (unigram) and, at the same position, the pair it starts (bigram), for
 *    terms of one or two characters (common in Japanese: 訓練, 監査), which
 *    trigrams cannot serve: a one-character term is one unigram, a
 *    two-character term one bigram.
 * Both fold each character before it becomes part of a token (kj_search_fold):
 * full-width ASCII to ASCII and letters to lower case, so "IT", "it" and
 * "ＩＴ" (as Japanese filings write it) find one another; the offsets they
 * report are the original text's, so highlight() marks what was written.
 * The ngram tokenizer leaves out the white space that separates query terms:
 * it can never be part of a term, so it takes no position and no bigram
 * spans it.
 * Also the rank function of the ngram indexes, the number of occurrences of
 * the query's terms: cheap, where bm25 looks up every match's length.
 * SQLite runs the tokenizers on every write to cases and passages (triggers),
 * so kj_store_open registers them on every connection before anything else.
 */
#include "store_internal.h"

#include <string.h>
#include <utf8proc.h>

size_t kj_ngram_space(const char *p, size_t n) {
    if (n == 0) return 0;
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') return 1;
    /* each test stops at a NUL, so n may be SIZE_MAX for a terminated string */
    if (n >= 3 && (unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 &&
        (unsigned char)p[2] == 0x80)
        return 3; /* U+3000 ideographic space */
    return 0;
}

int32_t kj_search_fold(int32_t cp) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0; /* full-width ASCII */
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp;
    return utf8proc_tolower(cp);
}

size_t kj_search_fold_at(const char *p, size_t n, int32_t *folded) {
    size_t k = kj_utf8_decode(p, n, folded);
    *folded = kj_search_fold(*folded);
    return k;
}

typedef int (*token_fn)(void *ctx, int tflags, const char *token, int ntoken, int start, int end);

/* Emit the folded characters of text[start, end) (at most three) as one token. */
static int emit(token_fn fn, void *ctx, int tflags, const char *text, size_t start, size_t end) {
    char buf[16];
    size_t len = 0;
    for (size_t i = start; i < end;) {
        int32_t cp;
        i += kj_search_fold_at(text + i, end - i, &cp);
        len += kj_utf8_encode(cp, buf + len);
    }
    return fn(ctx, tflags, buf, (int)len, (int)start, (int)end);
}

/* Bytes of the character at text[i] (n bytes in all, i < n). */
static size_t char_len(const char *text, size_t n, size_t i) {
    int32_t cp;
    return kj_utf8_decode(text + i, n - i, &cp);
}

/* Documents: a unigram per character, its bigram colocated. Queries: the
 * bigrams of a term, or its unigram when it has one character. */
static int ngram_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text, int ntext,
                          token_fn fn) {
    (void)tok;
    size_t n = ntext > 0 ? (size_t)ntext : 0, i = 0;
    int query = (flags & FTS5_TOKENIZE_QUERY) != 0, run_start = 1, rc = SQLITE_OK;
    while (i < n && rc == SQLITE_OK) {
        size_t sp = kj_ngram_space(text + i, n - i);
        if (sp) {
            i += sp;
            run_start = 1;
            continue;
        }
        size_t j = i + char_len(text, n, i);
        size_t k = j < n && !kj_ngram_space(text + j, n - j) ? j + char_len(text, n, j) : j;
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

/* Every run of three characters, documents and queries alike (a term of
 * fewer gives no token, as with FTS5's trigram tokenizer). */
static int trigram_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text, int ntext,
                            token_fn fn) {
    (void)tok;
    (void)flags;
    size_t n = ntext > 0 ? (size_t)ntext : 0, at[3] = {0, 0, 0};
    int have = 0, rc = SQLITE_OK;
    for (size_t i = 0; i < n && rc == SQLITE_OK;) {
        at[0] = at[1];
        at[1] = at[2];
        at[2] = i;
        i += char_len(text, n, i);
        if (++have >= 3) rc = emit(fn, ctx, 0, text, at[0], i);
    }
    return rc;
}

/* The tokenizers keep no state and take no arguments. */
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
    static fts5_tokenizer trigram = {ngram_create, ngram_delete, trigram_tokenize};
    if (api->xCreateTokenizer(api, KJ_NGRAM_TOKENIZER, NULL, &ngram, NULL) != SQLITE_OK ||
        api->xCreateTokenizer(api, KJ_TRIGRAM_TOKENIZER, NULL, &trigram, NULL) != SQLITE_OK ||
        api->xCreateFunction(api, KJ_NGRAM_RANK, NULL, ngram_rank, NULL) != SQLITE_OK)
        return kj_db_fail(s, "cannot register the search tokenizer", err);
    return KJ_OK;
}
