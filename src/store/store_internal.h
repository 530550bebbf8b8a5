/*
 * store_internal.h - what the files of the store stage share: the kj_store
 * struct, SQLite statement helpers that turn SQLite failures into kj_error
 * messages naming the database file, and transactions.
 */
#ifndef KJ_STORE_INTERNAL_H
#define KJ_STORE_INTERNAL_H

#include <sqlite3.h>

#include "kaiji/store.h"

struct kj_store {
    sqlite3 *db;
    char *path;
    int version;
    int readonly;
    int as_is; /* read as it is on the disk: its directory cannot be written to (as_is.c) */
};

/* Report the connection's last error as "PATH: what: sqlite message"; after
 * a statement that ended without error (a query that found no row), the
 * message says the query gave no result. */
kj_status kj_db_fail(kj_store *s, const char *what, kj_error *err);
/* Why the connection's last write failed, when SQLite said only "disk I/O
 * error" or "database or disk is full" (io_cause.c): into buf (n bytes)
 * SQLite's words and the cause, "disk I/O error: the store cannot grow past
 * the file size limit (ulimit -f) of N bytes", or that the disk is full, or
 * the system's word for the failure. Returns 1 when it wrote buf, 0 when
 * the error is of another kind or its cause is unknown. */
int kj_db_io_cause(sqlite3 *db, char *buf, size_t n);
/* Prepare sql; on failure reports and returns the error. */
kj_status kj_db_prepare(kj_store *s, const char *sql, sqlite3_stmt **st, kj_error *err);
/* Run statements without results. */
kj_status kj_db_exec(kj_store *s, const char *sql, kj_error *err);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK (rollback never fails the caller). */
kj_status kj_db_begin(kj_store *s, kj_error *err);
kj_status kj_db_commit(kj_store *s, kj_error *err);
void kj_db_rollback(kj_store *s);
/* kj_db_need_write, then kj_db_begin: the start of a write transaction. */
kj_status kj_db_begin_write(kj_store *s, kj_error *err);
/* End the transaction by what its work returned: commit when rc is KJ_OK
 * (the commit's failure is returned), else roll back and return rc. */
kj_status kj_db_end(kj_store *s, kj_status rc, kj_error *err);
/* Run sql, a statement without results, with ?1 bound to id; a failure is
 * reported as "PATH: what: sqlite message". sqlite3_changes tells the rows. */
kj_status kj_db_exec_id(kj_store *s, const char *sql, int64_t id, const char *what, kj_error *err);
/* Run sql, a query of one row, with ?1 bound to arg unless arg is NULL, and
 * set *out to the row's first column. No row, or a failure, is reported as
 * "PATH: what: sqlite message". */
kj_status kj_db_one_int(kj_store *s, const char *sql, const char *arg, int64_t *out,
                        const char *what, kj_error *err);
/* Bind text, or NULL when s is NULL; same for ints where 0 means NULL. */
int kj_db_bind_text(sqlite3_stmt *st, int i, const char *s);
int kj_db_bind_int_or_null(sqlite3_stmt *st, int i, int64_t v);
/* Column text copied into the arena (NULL stays NULL). */
const char *kj_db_col(sqlite3_stmt *st, int i, kj_arena *arena);
/* Fill one entry of an array from the current row of st (kj_db_rows). */
typedef void (*kj_db_row_reader)(sqlite3_stmt *st, kj_arena *ar, void *entry);
/* Step st (prepared and bound) to its end, each row read by read into a new
 * entry of elem bytes of an array from ar: *out (arena-owned) and *n. st is
 * finalised. Errors name the store and what ("cannot read documents"). */
kj_status kj_db_rows(kj_store *s, sqlite3_stmt *st, kj_arena *ar, size_t elem,
                     kj_db_row_reader read, void **out, size_t *n, const char *what, kj_error *err);
/* Refuse writes on a read-only store. */
kj_status kj_db_need_write(kj_store *s, kj_error *err);

/* A store in a directory kaiji may not write to (as_is.c). */
/* The directory part of path into out, n bytes ("." when it has none). */
void kj_db_dir_of(const char *path, char *out, size_t n);
/* 0 when the directory of path can be written to, else why not (errno). */
int kj_db_dir_errno(const char *path);
/* 1 when SQLite failed to read the store because it cannot make the files
 * it keeps beside it (PATH-shm, PATH-wal): its directory cannot be written
 * to. Call it before the failed statement is finalised. */
int kj_db_index_blocked(kj_store *s);
/* "PATH: cannot write to the store: its directory DIR cannot be written to
 * (why), where SQLite keeps the store's -wal and -shm files". */
kj_status kj_db_dir_read_only(const char *path, kj_error *err);
/* Open s->path again as SQLite's immutable file (read-only, without the
 * shared index or locks) and set s->as_is; refused, naming what to do,
 * when PATH-wal holds changes that reading so would leave out. The old
 * connection is closed; on failure s->db may be NULL or a failed one. */
kj_status kj_db_open_as_is(kj_store *s, kj_error *err);

/* A store under a file size limit below 32 KiB (heap_index.c). */
/* 1 when the file size limit is below the 32 KiB SQLite sizes PATH-shm to
 * and PATH-shm is not there at that size already: SQLite cannot read the
 * store through it. */
int kj_db_shm_wont_fit(const char *path);
/* 1 when SQLite failed to read the store because it could not size
 * PATH-shm: the file size limit (EFBIG). Call it before the failed
 * statement is finalised. */
int kj_db_shm_too_big(kj_store *s);
/* Open s->path again, read-write, in SQLite's exclusive locking mode, which
 * keeps the WAL index in memory and makes no PATH-shm (other processes wait
 * for the store while it is open). The old connection is closed; on
 * failure s->db may be NULL or a failed one. */
kj_status kj_db_open_heap_index(kj_store *s, kj_error *err);
/* "PATH: cannot read the store: SQLite needs a file size limit (ulimit -f)
 * of at least 32 KiB to make its -shm file (32768 bytes), past the limit
 * of N bytes", for a store opened read-only. Returns KJ_ERR_IO. */
kj_status kj_db_shm_limit(const char *path, kj_error *err);

/* Names of kaiji's FTS5 tokenizers (ngram.c): of the indexes for short terms
 * and of those for terms of three or more characters; and of the short-term
 * indexes' rank function, minus the number of occurrences. */
#define KJ_NGRAM_TOKENIZER "kaiji_ngram"
#define KJ_TRIGRAM_TOKENIZER "kaiji_trigram"
#define KJ_NGRAM_RANK "kaiji_occurrences"
/* A text in the form the store searches it in (fold.c): kj_normalize's
 * matching form (NFKC, white space runs as one space, controls dropped)
 * with every letter in lower case, and the way back to the text as
 * written. The only white space in it is ' '. */
typedef struct {
    const char *text;      /* NUL-terminated UTF-8 (arena) */
    size_t len;            /* bytes */
    const uint32_t *map;   /* len + 1 entries: the code point of the original text each
                              byte comes from (as kj_norm.map) (arena) */
    const uint32_t *bytes; /* points + 1 entries: the byte each code point of the
                              original starts at, its length last (arena) */
    uint32_t points;       /* code points in the original */
} kj_folded;
/* Fold len bytes of UTF-8 s (any bytes: invalid ones read as U+FFFD) into
 * out, memory from ar; s must outlive nothing (out refers only to ar).
 * Returns KJ_ERR_NOMEM when memory runs out, KJ_ERR_ARG for 4 GiB or more. */
kj_status kj_fold_search(kj_arena *ar, const char *s, size_t len, kj_folded *out);
/* The byte of the original at which the characters at f's bytes from on
 * start (from <= f->len, at a character's start). */
size_t kj_folded_start(const kj_folded *f, size_t from);
/* The byte of the original just past the characters before f's byte to
 * (to <= f->len, at a character's end): a character of several code points
 * (ﾄﾞ, ト + U+3099, both ド) ends past its last. */
size_t kj_folded_end(const kj_folded *f, size_t to);
/* Register the tokenizers and the rank function on the store's connection;
 * every connection needs them before it writes to cases or passages or
 * searches them. */
kj_status kj_ngram_register(kj_store *s, kj_error *err);
/* Fold a user query (kj_fold_search) and split it on white space into
 * terms (arena), each in the folded form. *short_term is 1 when a term has
 * fewer than three characters (trigram cannot index it). A query of white
 * space and invisible characters only is KJ_ERR_ARG, "empty search query". */
kj_status kj_query_terms(const char *query, kj_arena *arena, char ***terms, size_t *n,
                         int *short_term, kj_error *err);
/* '"t1" "t2"' with quotes doubled (arena). */
char *kj_query_match_expr(char **terms, size_t n, kj_arena *arena);
/* A snippet of text around the first occurrence of any of the folded terms
 * (kj_query_terms) in text's folded form: the text as written, about
 * max_chars code points of it (a quarter before the first match), with its
 * matches wrapped in marks m, ellipses where cut (arena). Every occurrence
 * is marked, overlapping ones too, and matches that overlap or touch are
 * one marked span (abab in ababab, "abc" and "cde" in abcdefgh), never
 * cut by the window's end; marks and cuts fall between characters of the
 * text as written. A text without a match gives its start, or NULL when
 * matched_only; NULL too when text is NULL or memory runs out. */
char *kj_snippet(const char *text, char **terms, size_t n, const kj_marks *m, size_t max_chars,
                 int matched_only, kj_arena *arena);

/* Insert a case inside the caller's transaction (or autocommit); a case
 * whose key exists is left alone (*added 0, *id the existing one). */
kj_status kj_case_insert(kj_store *s, const kj_case *c, int64_t *id, int *added, kj_error *err);

#endif
