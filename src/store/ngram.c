/*
 * ngram.c - kaiji's FTS5 tokenizers, behind every search index (schema
 * version 7):
 *  - "kaiji_trigram" (cases_fts, passages_fts): every run of three
 *    characters, as FTS5's own trigram tokenizer, for terms of three or more
 *    characters (a term is the phrase of its trigrams);
 *  - "kaiji_ngram" (cases_ngram, passages_ngram): every character
 *    (unigram) and, at the same position, the pair it starts (bigram), for
 *    terms of one or two characters (common in Japanese: 訓練, 監査), which
 *    trigrams cannot serve: a one-character term is one unigram, a
 *    two-character term one bigram.
 * Both read the text in the form the store searches it in (kj_fold_search,
 * fold.c: NFKC and lower case), so that "IT", "it" and "ＩＴ", or パスワード
 * written composed, decomposed (パスワート + U+3099) or in half width
 * (ﾊﾟｽﾜｰﾄﾞ) find one another; the offsets they report are the original
 * text's (search.c marks snippets itself: these tokens overlap, which
 * FTS5's highlight() does not expect).
 * The ngram tokenizer leaves out the white space that separates query terms
 * (in the folded form, a space): it can never be part of a term, so it takes
 * no position and no bigram spans it.
 * Also the rank function of the ngram indexes, the number of occurrences of
 * the query's terms: cheap, where bm25 looks up every match's length.
 * SQLite runs the tokenizers on every write to cases and passages (triggers),
 * so kj_store_open registers them on every connection before anything else.
 */
#include "store_internal.h"

#include <string.h>

typedef int (*token_fn)(void *ctx, int tflags, const char *token, int ntoken, int start, int end);

/* What a tokenizer emits tokens to: FTS5's callback and the folded text. */
typedef struct {
    token_fn fn;
    void *ctx;
    const kj_folded *f;
} token_sink;

/* Emit the folded characters at bytes [start, end) as one token, placed
 * where they came from in the original text. */
static int emit(const token_sink *k, int tflags, size_t start, size_t end) {
    return k->fn(k->ctx, tflags, k->f->text + start, (int)(end - start),
                 (int)kj_folded_start(k->f, start), (int)kj_folded_end(k->f, end));
}

/* Bytes of the character at byte i of the folded text (i < its length). */
static size_t char_len(const kj_folded *f, size_t i) {
    int32_t cp;
    return kj_utf8_decode(f->text + i, f->len - i, &cp);
}

/* Documents: a unigram per character, its bigram colocated. Queries: the
 * bigrams of a term, or its unigram when it has one character. */
static int ngram_tokens(const token_sink *k, int query) {
    const kj_folded *f = k->f;
    size_t n = f->len, i = 0;
    int run_start = 1, rc = SQLITE_OK;
    while (i < n && rc == SQLITE_OK) {
        if (f->text[i] == ' ') {
            i++;
            run_start = 1;
            continue;
        }
        size_t j = i + char_len(f, i);
        size_t e = j < n && f->text[j] != ' ' ? j + char_len(f, j) : j;
        if (!query) {
            rc = emit(k, 0, i, j);
            if (rc == SQLITE_OK && e > j) rc = emit(k, FTS5_TOKEN_COLOCATED, i, e);
        } else if (e > j) {
            rc = emit(k, 0, i, e);
        } else if (run_start) {
            rc = emit(k, 0, i, j);
        }
        run_start = 0;
        i = j;
    }
    return rc;
}

/* Every run of three characters, documents and queries alike (a term of
 * fewer gives no token, as with FTS5's trigram tokenizer). */
static int trigram_tokens(const token_sink *k, int query) {
    (void)query;
    size_t n = k->f->len, at[3] = {0, 0, 0};
    int have = 0, rc = SQLITE_OK;
    for (size_t i = 0; i < n && rc == SQLITE_OK;) {
        at[0] = at[1];
        at[1] = at[2];
        at[2] = i;
        i += char_len(k->f, i);
        if (++have >= 3) rc = emit(k, 0, at[0], i);
    }
    return rc;
}

/* Fold text (ntext bytes) and hand it to tokens. */
static int tokenize_folded(int (*tokens)(const token_sink *, int), void *ctx, int flags,
                           const char *text, int ntext, token_fn fn) {
    kj_arena *ar = kj_arena_new();
    if (!ar) return SQLITE_NOMEM;
    kj_folded f;
    kj_status st = kj_fold_search(ar, text, ntext > 0 ? (size_t)ntext : 0, &f);
    int rc = st == KJ_OK ? SQLITE_OK : st == KJ_ERR_ARG ? SQLITE_TOOBIG : SQLITE_NOMEM;
    if (rc == SQLITE_OK) {
        token_sink k = {fn, ctx, &f};
        rc = tokens(&k, (flags & FTS5_TOKENIZE_QUERY) != 0);
    }
    kj_arena_free(ar);
    return rc;
}

static int ngram_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text, int ntext,
                          token_fn fn) {
    (void)tok;
    return tokenize_folded(ngram_tokens, ctx, flags, text, ntext, fn);
}

static int trigram_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text, int ntext,
                            token_fn fn) {
    (void)tok;
    return tokenize_folded(trigram_tokens, ctx, flags, text, ntext, fn);
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
