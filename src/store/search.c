/*
 * search.c - full-text search over cases and passages. Queries are folded as
 * the indexes fold text (kj_fold_search: NFKC and lower case, so ﾊﾟｽﾜｰﾄﾞ and
 * パスワード are one term) and split into terms that must all occur as
 * substrings of the folded text. Terms of three or more characters
 * go through the FTS5 trigram indexes (bm25 ranking; highlight() with the
 * caller's markers, cut here to a window around the first match so that no
 * match is cut in half). The trigram tokenizer cannot index shorter strings, so a
 * query with a one- or two-character term (common in Japanese: "訓練", "監査")
 * goes through the indexes of characters and character pairs (ngram.c), ranked
 * by the number of occurrences as the LIKE scan they replace was (bm25 needs
 * each match's length, a lookup per match that made a frequent term take
 * three times as long), with snippets made here from the best hits' texts
 * (highlight() would mark whole tokens, and these overlap): the terms are
 * found in the folded text and marked where they came from in the text as
 * written.
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

/* ---- Snippets for the short-term path ------------------------------------ */

/* Bytes of the folded term at p (up to end) when it occurs there, or 0. */
static size_t match_at(const char *p, const char *end, const char *term) {
    size_t tl = strlen(term);
    return tl && (size_t)(end - p) >= tl && memcmp(p, term, tl) == 0 ? tl : 0;
}

size_t kj_count_terms(const char *text, char **terms, size_t n) {
    kj_arena *ar = text ? kj_arena_new() : NULL;
    kj_folded f;
    size_t count = 0;
    if (ar && kj_fold_search(ar, text, strlen(text), &f) == KJ_OK)
        for (size_t i = 0; i < n; i++) {
            size_t tl = strlen(terms[i]);
            for (const char *p = f.text, *end = f.text + f.len;
                 tl && (p = memmem(p, (size_t)(end - p), terms[i], tl)) != NULL; p += tl)
                count++;
        }
    kj_arena_free(ar);
    return count;
}

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

/* A stretch of the text as written that a term matched, in bytes. */
typedef struct {
    size_t from, to;
} span;

/* The matches of the folded terms in f, first to last, each at the first
 * place no earlier match covers (the first term that matches there), in
 * the text as written: *spans (arena) and *n. Matches that map to one
 * character of the original (㍿ read as 株式会社) are one span. Returns 0
 * when memory runs out. */
static int find_spans(const kj_folded *f, char **terms, size_t n, kj_arena *ar, span **spans,
                      size_t *count) {
    size_t cap = 8;
    *count = 0;
    *spans = kj_arena_alloc(ar, cap * sizeof **spans);
    const char *end = f->text + f->len;
    for (const char *p = f->text; *spans && p < end;) {
        size_t tl = 0;
        for (size_t i = 0; i < n && !tl; i++)
            tl = match_at(p, end, terms[i]);
        if (!tl) {
            int32_t cp;
            p += kj_utf8_decode(p, (size_t)(end - p), &cp);
            continue;
        }
        size_t at = (size_t)(p - f->text);
        span s = {kj_folded_start(f, at), kj_folded_end(f, at + tl)};
        p += tl;
        if (*count && s.from < (*spans)[*count - 1].to) {
            if (s.to > (*spans)[*count - 1].to) (*spans)[*count - 1].to = s.to;
            continue;
        }
        span *g = kj_arena_grow(ar, *spans, *count, &cap, sizeof *g);
        if (!g) return 0;
        *spans = g;
        g[(*count)++] = s;
    }
    return *spans != NULL;
}

static void put_plain(kj_buf *b, const char *p, size_t len) {
    for (size_t i = 0; i < len; i++)
        kj_buf_putc(b, p[i] == '\n' || p[i] == '\r' ? ' ' : p[i]);
}

/* Write text[from, to) with the spans in it marked (m), a span that the
 * window's end crosses whole; returns where the written text ends. */
static size_t put_window(kj_buf *b, const char *text, size_t from, size_t to, const span *sp,
                         size_t n, const kj_marks *m) {
    size_t at = from;
    for (size_t i = 0; i < n && sp[i].from < to; i++) {
        if (sp[i].from < from) continue;
        put_plain(b, text + at, sp[i].from - at);
        kj_buf_puts(b, m->open);
        put_plain(b, text + sp[i].from, sp[i].to - sp[i].from);
        kj_buf_puts(b, m->close);
        at = sp[i].to;
    }
    if (at < to) put_plain(b, text + at, to - at);
    return at > to ? at : to;
}

char *kj_snippet_like(const char *text, char **terms, size_t n, const kj_marks *m, size_t max_chars,
                      kj_arena *ar) {
    if (!text) return NULL;
    kj_arena *scratch = kj_arena_new();
    kj_folded f;
    span *sp = NULL;
    size_t nsp = 0;
    if (!scratch || kj_fold_search(scratch, text, strlen(text), &f) != KJ_OK ||
        !find_spans(&f, terms, n, scratch, &sp, &nsp)) {
        kj_arena_free(scratch);
        return NULL;
    }
    const char *first = text + (nsp ? sp[0].from : 0);
    const char *from = back_chars(text, first, max_chars / 4);
    const char *to = fwd_chars(from, max_chars);
    kj_buf b = KJ_BUF_INIT;
    if (from > text) kj_buf_puts(&b, "…");
    size_t end = put_window(&b, text, (size_t)(from - text), (size_t)(to - text), sp, nsp, m);
    if (text[end]) kj_buf_puts(&b, "…");
    char *r = kj_arena_strdup(ar, b.data ? b.data : "");
    kj_buf_free(&b);
    kj_arena_free(scratch);
    return r;
}

/* A snippet is one line. */
static char *one_line(char *s) {
    for (char *p = s; p && *p; p++)
        if (*p == '\n' || *p == '\r') *p = ' ';
    return s;
}

/* The marks highlight() is asked for: control characters, which a
 * disclosure's text does not hold (a file that does shows a stray mark in
 * a snippet, no more), so a passage's own "[[" is not taken for a match;
 * and one byte each, so a window's edge cannot cut one in two (half a
 * terminal's escape sequence left the rest of the output bold). The
 * caller's marks go in as the window is written (put_marked). */
static const kj_marks hl_marks = {"\x01", "\x02"};

/* put_plain, with hl_marks written as the caller's marks m. */
static void put_marked(kj_buf *b, const char *p, size_t len, const kj_marks *m) {
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && p[j] != hl_marks.open[0] && p[j] != hl_marks.close[0])
            j++;
        put_plain(b, p + i, j - i);
        if (j < len) kj_buf_puts(b, p[j] == hl_marks.open[0] ? m->open : m->close);
        i = j + 1;
    }
}

/* Cut a window of highlight() output (marked with hl_marks) around its
 * first match: about KJ_SNIPPET_CHARS code points, never ending inside a
 * marked match; written with the caller's marks out. */
static char *window_of(const char *hl, const kj_marks *out, kj_arena *ar) {
    const kj_marks *m = &hl_marks;
    const char *first = strstr(hl, m->open);
    if (!first) return NULL;
    const char *from = back_chars(hl, first, KJ_SNIPPET_CHARS / 4);
    const char *to = fwd_chars(from, KJ_SNIPPET_CHARS);
    /* extend over a match the window would cut */
    const char *o = from, *last_open = NULL, *last_close = NULL;
    while ((o = strstr(o, m->open)) && o < to)
        last_open = o++;
    o = from;
    while ((o = strstr(o, m->close)) && o < to)
        last_close = o++;
    if (last_open && (!last_close || last_close < last_open)) {
        const char *c = strstr(last_open, m->close);
        if (c) to = c + strlen(m->close);
    }
    kj_buf b = KJ_BUF_INIT;
    if (from > hl) kj_buf_puts(&b, "…");
    put_marked(&b, from, (size_t)(to - from), out);
    if (*to) kj_buf_puts(&b, "…");
    char *r = kj_arena_strdup(ar, b.data ? b.data : "");
    kj_buf_free(&b);
    return r;
}

/* The snippet of the first of ncol highlight() columns (from col) with a match. */
static const char *snippet_of_cols(sqlite3_stmt *st, int col, int ncol, const kj_marks *m,
                                   kj_arena *ar) {
    for (int i = 0; i < ncol; i++) {
        const char *hl = (const char *)sqlite3_column_text(st, col + i);
        char *w = hl ? window_of(hl, m, ar) : NULL;
        if (w) return w;
    }
    const char *hl = (const char *)sqlite3_column_text(st, col);
    return hl ? one_line(kj_arena_strndup(ar, hl, strlen(hl) > 200 ? 200 : strlen(hl))) : NULL;
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
 * (highlight() columns) or the ngram one (the texts to cut snippets from). */
typedef struct {
    char **terms;
    size_t n;
    const kj_marks *m;
    kj_arena *ar;
    int trigram;
} hit_query;

/* Fill h from the current row of a search statement. */
typedef void (*hit_reader)(sqlite3_stmt *st, const hit_query *q, kj_hit *h);

/* Bind ?1 (the MATCH expression), the filter (?2-?4), hl_marks (?5, ?6,
 * which only the trigram statements use) and the limit (?7). */
static void bind_search(sqlite3_stmt *st, const char *match, const kj_search_filter *f) {
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    bind_filter(st, f, 2);
    if (sqlite3_bind_parameter_name(st, 5)) {
        sqlite3_bind_text(st, 5, hl_marks.open, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, hl_marks.close, -1, SQLITE_STATIC);
    }
    sqlite3_bind_int(st, 7, limit_of(f));
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

static const char case_sql_trigram[] = CASE_HIT_COLS
    " highlight(cases_fts, 0, ?5, ?6), highlight(cases_fts, 1, ?5, ?6),"
    " highlight(cases_fts, 2, ?5, ?6), highlight(cases_fts, 3, ?5, ?6),"
    " highlight(cases_fts, 4, ?5, ?6), rank FROM cases_fts JOIN cases c"
    " ON c.id = cases_fts.rowid WHERE cases_fts MATCH ?1 AND"
    " rank MATCH 'bm25(1.0, 0.5, 2.0, 1.0, 1.0)' AND " CASE_FILTER " ORDER BY rank LIMIT ?7";

/* All the searched text, to cut a snippet from when the body has no match. */
static const char case_sql_ngram[] =
    CASE_HIT_COLS " (c.body || char(10) || ifnull(c.commentary,'') || char(10) ||"
                  " ifnull(c.company,'') || char(10) || ifnull(c.note,'') || char(10) ||"
                  " ifnull(c.tags,'')), c.body, rank FROM cases_ngram JOIN cases c"
                  " ON c.id = cases_ngram.rowid WHERE cases_ngram MATCH ?1 AND"
                  " rank MATCH '" KJ_NGRAM_RANK "()' AND " CASE_FILTER " ORDER BY rank LIMIT ?7";

static void read_case_hit(sqlite3_stmt *st, const hit_query *q, kj_hit *h) {
    h->id = sqlite3_column_int64(st, 0);
    h->item = sqlite3_column_int(st, 1);
    h->year = sqlite3_column_int(st, 2);
    h->key = kj_db_col(st, 3, q->ar);
    h->company = kj_db_col(st, 4, q->ar);
    h->title = kj_db_col(st, 5, q->ar);
    h->doc_type = kj_db_col(st, 6, q->ar);
    h->source = kj_db_col(st, 7, q->ar);
    if (q->trigram) {
        h->snippet = snippet_of_cols(st, 8, 5, q->m, q->ar);
        h->score = -sqlite3_column_double(st, 13);
    } else {
        const char *all = (const char *)sqlite3_column_text(st, 8);
        const char *body = (const char *)sqlite3_column_text(st, 9);
        h->snippet = kj_snippet_like(kj_count_terms(body, q->terms, q->n) ? body : all, q->terms,
                                     q->n, q->m, KJ_SNIPPET_CHARS, q->ar);
        h->score = -sqlite3_column_double(st, 10);
    }
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
    PASSAGE_HIT_COLS " highlight(passages_fts, 0, ?5, ?6), rank FROM passages_fts"
                     " JOIN passages p ON p.id = passages_fts.rowid " PASSAGE_JOINS " WHERE"
                     " passages_fts MATCH ?1 AND" PASSAGE_FILTER " ORDER BY rank LIMIT ?7";

static const char passage_sql_ngram[] = PASSAGE_HIT_COLS
    " p.text, rank FROM passages_ngram JOIN passages p"
    " ON p.id = passages_ngram.rowid " PASSAGE_JOINS " WHERE passages_ngram"
    " MATCH ?1 AND rank MATCH '" KJ_NGRAM_RANK "()' AND" PASSAGE_FILTER " ORDER BY rank LIMIT ?7";

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
    if (q->trigram)
        h->snippet = snippet_of_cols(st, 12, 1, q->m, q->ar);
    else
        h->snippet = kj_snippet_like((const char *)sqlite3_column_text(st, 12), q->terms, q->n,
                                     q->m, KJ_SNIPPET_CHARS, q->ar);
    h->score = -sqlite3_column_double(st, 13);
}

kj_status kj_store_passage_search(kj_store *s, const char *query, const kj_search_filter *f,
                                  const kj_marks *m, kj_arena *ar, kj_hit **hits, size_t *n,
                                  kj_error *err) {
    return run_search(s, query, f, m, passage_sql_trigram, passage_sql_ngram, read_passage_hit, ar,
                      hits, n, err);
}
