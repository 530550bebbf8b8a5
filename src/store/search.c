/*
 * search.c - full-text search over cases and passages. Queries are folded as
 * the indexes fold text (kj_fold_search: NFKC and lower case, so ﾊﾟｽﾜｰﾄﾞ and
 * パスワード are one term) and split into terms that must all occur as
 * substrings of the folded text. Terms of three or more characters
 * go through the FTS5 trigram indexes (bm25 ranking). The trigram tokenizer
 * cannot index shorter strings, so a query with a one- or two-character term
 * (common in Japanese: "訓練", "監査") goes through the indexes of characters
 * and character pairs (ngram.c), ranked by the number of occurrences as the
 * LIKE scan they replace was (bm25 needs each match's length, a lookup per
 * match that made a frequent term take three times as long).
 * Snippets are made here, alike for both (kj_snippet), from the best hits'
 * texts: the terms are found in the folded text and marked where they came
 * from in the text as written, matches that overlap or touch as one span.
 * FTS5's highlight() cannot do it: it takes tokens for disjoint stretches of
 * text, and these tokens overlap (a trigram starts at every character), so
 * two matches less than three characters apart had it write text twice.
 */
#include "store_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define KJ_SNIPPET_CHARS 64

/* ---- Query terms ------------------------------------------------------- */

kj_status kj_query_terms(const char *query, kj_arena *ar, char ***terms, size_t *n, int *short_term,
                         kj_error *err) {
    kj_folded f;
    *terms = NULL;
    *n = 0;
    *short_term = 0;
    kj_status st = kj_fold_search(ar, query, strlen(query), &f);
    if (st != KJ_OK)
        return kj_error_set(err, st,
                            st == KJ_ERR_NOMEM ? "out of memory" : "search query too long");
    size_t cap = f.len / 2 + 2;
    *terms = kj_arena_alloc(ar, cap * sizeof **terms);
    if (!*terms) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    for (const char *p = f.text, *end = f.text + f.len; p < end;) {
        const char *sp = memchr(p, ' ', (size_t)(end - p));
        size_t len = (size_t)((sp ? sp : end) - p);
        if (len) {
            if (!((*terms)[(*n)++] = kj_arena_strndup(ar, p, len)))
                return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
            if (kj_utf8_count(p, len) < 3) *short_term = 1;
        }
        p += len + (sp != NULL);
    }
    if (*n == 0) return kj_error_set(err, KJ_ERR_ARG, "empty search query");
    return KJ_OK;
}

char *kj_query_match_expr(char **terms, size_t n, kj_arena *ar) {
    kj_buf b = KJ_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        kj_buf_puts(&b, i ? " \"" : "\"");
        for (const char *p = terms[i]; *p; p++)
            kj_buf_append(&b, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
        kj_buf_putc(&b, '"');
    }
    char *r = b.data ? kj_arena_strdup(ar, b.data) : NULL;
    kj_buf_free(&b);
    return r;
}

/* ---- Snippets ------------------------------------------------------------- */

/* Step back k code points from p (not before start). */
static const char *back_chars(const char *start, const char *p, size_t k) {
    while (p > start && k > 0) {
        p--;
        while (p > start && ((unsigned char)*p & 0xC0) == 0x80)
            p--;
        k--;
    }
    return p;
}

static const char *fwd_chars(const char *p, size_t k) {
    while (*p && k > 0) {
        p++;
        while (*p && ((unsigned char)*p & 0xC0) == 0x80)
            p++;
        k--;
    }
    return p;
}

/* A stretch of the text as written that matches cover, in bytes. */
typedef struct {
    size_t from, to;
} span;

/* The spans found so far, first to last, none overlapping or touching. */
typedef struct {
    span *items;
    size_t n, cap;
    kj_arena *ar;
} spans;

/* Add s to v, found no earlier in the folded text than the spans before
 * it: one span with the last when they overlap or touch (abab twice in
 * ababab, "abc" and "cde" in abcdefgh, "ab" and "cd" in abcd), so that no
 * text is marked, or written, twice. Returns 0 when memory runs out. */
static int add_span(spans *v, span s) {
    span *last = v->n ? &v->items[v->n - 1] : NULL;
    if (last && s.from <= last->to) {
        if (s.from < last->from) last->from = s.from; /* marks reordered within a character */
        if (s.to > last->to) last->to = s.to;
        return 1;
    }
    span *g = kj_arena_grow(v->ar, v->items, v->n, &v->cap, sizeof *g);
    if (!g) return 0;
    v->items = g;
    g[v->n++] = s;
    return 1;
}

/* Bytes of the longest of the n terms (len: their lengths) that occurs at
 * byte at of the folded text, or 0. */
static size_t term_at(const kj_folded *f, size_t at, char **terms, const size_t *len, size_t n) {
    const char *p = f->text + at;
    size_t rest = f->len - at, tl = 0;
    for (size_t i = 0; i < n; i++)
        if (len[i] > tl && len[i] <= rest && *p == *terms[i] && !memcmp(p, terms[i], len[i]))
            tl = len[i];
    return tl;
}

/* Where a snippet of text is cut, in its bytes: [from, to), max_chars code
 * points of which a quarter come before first; a span that the end crosses
 * goes on to its end, as far as hard (max_chars code points more), or
 * further when one match does. */
typedef struct {
    size_t from, to, hard;
} window;

static window window_at(const char *text, size_t first, size_t max_chars) {
    const char *from = back_chars(text, text + first, max_chars / 4);
    const char *to = fwd_chars(from, max_chars);
    return (window){(size_t)(from - text), (size_t)(to - text),
                    (size_t)(fwd_chars(to, max_chars) - text)};
}

/* The spans of the matches of the folded terms in f (of text) that a
 * snippet shows, in v (add_span: every occurrence, overlapping ones too,
 * one span where they overlap or touch; a match that maps to part of one
 * character, 株式 of ㍿, marks all of it), and the window around the first
 * (w; from the start of text when nothing matches). Returns 0 when memory
 * runs out. */
static int find_spans(const kj_folded *f, const char *text, char **terms, size_t n,
                      size_t max_chars, spans *v, window *w) {
    size_t *len = kj_arena_alloc(v->ar, (n ? n : 1) * sizeof *len);
    if (!len) return 0;
    for (size_t i = 0; i < n; i++)
        len[i] = strlen(terms[i]);
    for (size_t at = 0; at < f->len;) {
        size_t tl = term_at(f, at, terms, len, n);
        if (tl) {
            span s = {kj_folded_start(f, at), kj_folded_end(f, at + tl)};
            if (v->n == 0)
                *w = window_at(text, s.from, max_chars);
            else if (s.from >= w->to && (s.from >= v->items[v->n - 1].to || s.to > w->hard))
                return 1; /* past the window, and not the rest of a span it cuts */
            if (!add_span(v, s)) return 0;
        }
        int32_t cp;
        at += kj_utf8_decode(f->text + at, f->len - at, &cp);
    }
    if (v->n == 0) *w = window_at(text, 0, max_chars);
    return 1;
}

static void put_plain(kj_buf *b, const char *p, size_t len) {
    for (size_t i = 0; i < len; i++)
        kj_buf_putc(b, p[i] == '\n' || p[i] == '\r' ? ' ' : p[i]);
}

/* Write text[from, to) with the spans in it marked (m), a span that the
 * window's end crosses whole; returns where the written text ends. */
static size_t put_window(kj_buf *b, const char *text, size_t from, size_t to, const spans *v,
                         const kj_marks *m) {
    size_t at = from;
    for (size_t i = 0; i < v->n && v->items[i].from < to; i++) {
        const span *s = &v->items[i];
        if (s->from < from) continue;
        put_plain(b, text + at, s->from - at);
        kj_buf_puts(b, m->open);
        put_plain(b, text + s->from, s->to - s->from);
        kj_buf_puts(b, m->close);
        at = s->to;
    }
    if (at < to) put_plain(b, text + at, to - at);
    return at > to ? at : to;
}

char *kj_snippet(const char *text, char **terms, size_t n, const kj_marks *m, size_t max_chars,
                 int matched_only, kj_arena *ar) {
    if (!text) return NULL;
    kj_arena *scratch = kj_arena_new();
    kj_folded f;
    spans v = {NULL, 0, 0, scratch};
    window w = {0, 0, 0};
    if (!scratch || kj_fold_search(scratch, text, strlen(text), &f) != KJ_OK ||
        !find_spans(&f, text, terms, n, max_chars, &v, &w) || (matched_only && v.n == 0)) {
        kj_arena_free(scratch);
        return NULL;
    }
    kj_buf b = KJ_BUF_INIT;
    if (w.from > 0) kj_buf_puts(&b, "…");
    size_t end = put_window(&b, text, w.from, w.to, &v, m);
    if (text[end]) kj_buf_puts(&b, "…");
    char *r = kj_arena_strdup(ar, b.data ? b.data : "");
    kj_buf_free(&b);
    kj_arena_free(scratch);
    return r;
}

/* ---- Result collection ---------------------------------------------------- */

typedef struct {
    kj_hit *items;
    size_t n, cap;
    kj_arena *ar;
} hitvec;

static kj_hit *hit_push(hitvec *v) {
    kj_hit *g = kj_arena_grow(v->ar, v->items, v->n, &v->cap, sizeof *g);
    if (!g) return NULL;
    v->items = g;
    kj_hit *h = &v->items[v->n++];
    memset(h, 0, sizeof *h);
    return h;
}

static void bind_filter(sqlite3_stmt *st, const kj_search_filter *f, int first) {
    sqlite3_bind_int(st, first, f ? f->item : 0);
    kj_db_bind_text(st, first + 1, f && f->doc_type && *f->doc_type ? f->doc_type : NULL);
    sqlite3_bind_int(st, first + 2, f ? f->year : 0);
}

static int limit_of(const kj_search_filter *f) {
    return f && f->limit > 0 ? f->limit : 10;
}

/* What the rows of a search are read with: the query's terms, the caller's
 * marks, the arena of the hits, and whether the statement is the trigram one
 * or the ngram one (which give different texts to cut snippets from). */
typedef struct {
    char **terms;
    size_t n;
    const kj_marks *m;
    kj_arena *ar;
    int trigram;
} hit_query;

/* The snippet (KJ_SNIPPET_CHARS) of the first of the n texts in which a
 * term occurs, else of texts[whole] from its start; NULL when that is NULL. */
static char *snippet_of_first(const char *const *texts, size_t n, size_t whole,
                              const hit_query *q) {
    for (size_t i = 0; i < n; i++) {
        char *sn = kj_snippet(texts[i], q->terms, q->n, q->m, KJ_SNIPPET_CHARS, 1, q->ar);
        if (sn) return sn;
    }
    return kj_snippet(texts[whole], q->terms, q->n, q->m, KJ_SNIPPET_CHARS, 0, q->ar);
}

/* Fill h from the current row of a search statement. */
typedef void (*hit_reader)(sqlite3_stmt *st, const hit_query *q, kj_hit *h);

/* Bind ?1 (the MATCH expression), the filter (?2-?4) and the limit (?5). */
static void bind_search(sqlite3_stmt *st, const char *match, const kj_search_filter *f) {
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    bind_filter(st, f, 2);
    sqlite3_bind_int(st, 5, limit_of(f));
}

/* Step st to its end, each row read by read into a new hit of v. */
static kj_status read_hits(kj_store *s, sqlite3_stmt *st, hitvec *v, hit_reader read,
                           const hit_query *q, kj_error *err) {
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        kj_hit *h = hit_push(v);
        if (!h) return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", s->path);
        read(st, q, h);
    }
    return r == SQLITE_DONE ? KJ_OK : kj_db_fail(s, "search failed", err);
}

/* What case and passage search share: split query into terms, run sql_trigram
 * or, when a term is too short for trigrams, sql_ngram (both bound by
 * bind_search), each row read by read into a hit; *hits (arena) and *n. */
static kj_status run_search(kj_store *s, const char *query, const kj_search_filter *f,
                            const kj_marks *m, const char *sql_trigram, const char *sql_ngram,
                            hit_reader read, kj_arena *ar, kj_hit **hits, size_t *n,
                            kj_error *err) {
    hit_query q = {NULL, 0, m, ar, 0};
    int short_term;
    kj_status rc = kj_query_terms(query, ar, &q.terms, &q.n, &short_term, err);
    if (rc != KJ_OK) return rc;
    q.trigram = !short_term;
    sqlite3_stmt *st;
    if ((rc = kj_db_prepare(s, q.trigram ? sql_trigram : sql_ngram, &st, err)) != KJ_OK) return rc;
    bind_search(st, kj_query_match_expr(q.terms, q.n, ar), f);
    hitvec v = {NULL, 0, 0, ar};
    rc = read_hits(s, st, &v, read, &q, err);
    sqlite3_finalize(st);
    *hits = v.items;
    *n = v.n;
    return rc;
}

/* ---- Cases ---------------------------------------------------------------- */

#define CASE_HIT_COLS                                                                              \
    "SELECT c.id, c.item, c.year, c.key, c.company, c.title, c.doc_type, c.source, "
#define CASE_FILTER                                                                                \
    " (?2 = 0 OR c.item = ?2) AND (?3 IS NULL OR c.doc_type = ?3 OR"                               \
    " instr(lower(c.document), lower(?3)) > 0) AND (?4 = 0 OR c.year = ?4)"

/* The six searched columns, to cut a snippet from the first with a match
 * (else from the body's start). */
#define CASE_TEXT_COLS " c.body, c.commentary, c.company, c.note, c.tags, c.title, "
#define CASE_N_TEXTS 6

/* A title's match, as a company's, weighs twice a body's. */
static const char case_sql_trigram[] = CASE_HIT_COLS CASE_TEXT_COLS
    "rank FROM cases_fts JOIN cases c ON c.id = cases_fts.rowid WHERE cases_fts MATCH ?1 AND"
    " rank MATCH 'bm25(1.0, 0.5, 2.0, 1.0, 1.0, 2.0)' AND " CASE_FILTER " ORDER BY rank LIMIT ?5";

static const char case_sql_ngram[] = CASE_HIT_COLS CASE_TEXT_COLS
    "rank FROM cases_ngram JOIN cases c ON c.id = cases_ngram.rowid WHERE cases_ngram MATCH ?1"
    " AND rank MATCH '" KJ_NGRAM_RANK "()' AND " CASE_FILTER " ORDER BY rank LIMIT ?5";

static void read_case_hit(sqlite3_stmt *st, const hit_query *q, kj_hit *h) {
    h->id = sqlite3_column_int64(st, 0);
    h->item = sqlite3_column_int(st, 1);
    h->year = sqlite3_column_int(st, 2);
    h->key = kj_db_col(st, 3, q->ar);
    h->company = kj_db_col(st, 4, q->ar);
    h->title = kj_db_col(st, 5, q->ar);
    h->doc_type = kj_db_col(st, 6, q->ar);
    h->source = kj_db_col(st, 7, q->ar);
    const char *texts[CASE_N_TEXTS];
    for (int i = 0; i < CASE_N_TEXTS; i++)
        texts[i] = (const char *)sqlite3_column_text(st, 8 + i);
    h->snippet = snippet_of_first(texts, CASE_N_TEXTS, 0, q);
    h->score = -sqlite3_column_double(st, 8 + CASE_N_TEXTS);
}

kj_status kj_store_case_search(kj_store *s, const char *query, const kj_search_filter *f,
                               const kj_marks *m, kj_arena *ar, kj_hit **hits, size_t *n,
                               kj_error *err) {
    return run_search(s, query, f, m, case_sql_trigram, case_sql_ngram, read_case_hit, ar, hits, n,
                      err);
}

/* ---- Passages --------------------------------------------------------------- */

#define PASSAGE_HIT_COLS                                                                           \
    "SELECT p.id, p.doc_id, ifnull(c.primary_item, 0), d.fiscal_year,"                             \
    " d.company, d.source, d.doc_type, p.page, p.section, p.heading, p.lead,"                      \
    " ifnull(p.line, 0), "
#define PASSAGE_JOINS                                                                              \
    "JOIN documents d ON d.id = p.doc_id LEFT JOIN classifications c"                              \
    " ON c.passage_id = p.id"
#define PASSAGE_FILTER                                                                             \
    " (?2 = 0 OR c.primary_item = ?2) AND (?3 IS NULL OR d.doc_type = ?3) AND"                     \
    " (?4 = 0 OR d.fiscal_year = ?4)"

static const char passage_sql_trigram[] =
    PASSAGE_HIT_COLS " p.text, rank FROM passages_fts"
                     " JOIN passages p ON p.id = passages_fts.rowid " PASSAGE_JOINS " WHERE"
                     " passages_fts MATCH ?1 AND" PASSAGE_FILTER " ORDER BY rank LIMIT ?5";

static const char passage_sql_ngram[] = PASSAGE_HIT_COLS
    " p.text, rank FROM passages_ngram JOIN passages p"
    " ON p.id = passages_ngram.rowid " PASSAGE_JOINS " WHERE passages_ngram"
    " MATCH ?1 AND rank MATCH '" KJ_NGRAM_RANK "()' AND" PASSAGE_FILTER " ORDER BY rank LIMIT ?5";

static void read_passage_hit(sqlite3_stmt *st, const hit_query *q, kj_hit *h) {
    h->id = sqlite3_column_int64(st, 0);
    h->doc_id = sqlite3_column_int64(st, 1);
    h->item = sqlite3_column_int(st, 2);
    h->year = sqlite3_column_int(st, 3);
    h->company = kj_db_col(st, 4, q->ar);
    h->title = kj_db_col(st, 5, q->ar);
    h->doc_type = kj_db_col(st, 6, q->ar);
    h->page = sqlite3_column_int(st, 7);
    h->section = kj_db_col(st, 8, q->ar);
    h->heading = kj_db_col(st, 9, q->ar);
    h->lead = kj_db_col(st, 10, q->ar);
    h->line = sqlite3_column_int(st, 11);
    const char *text = (const char *)sqlite3_column_text(st, 12);
    h->snippet = snippet_of_first(&text, 1, 0, q);
    h->score = -sqlite3_column_double(st, 13);
}

kj_status kj_store_passage_search(kj_store *s, const char *query, const kj_search_filter *f,
                                  const kj_marks *m, kj_arena *ar, kj_hit **hits, size_t *n,
                                  kj_error *err) {
    return run_search(s, query, f, m, passage_sql_trigram, passage_sql_ngram, read_passage_hit, ar,
                      hits, n, err);
}
