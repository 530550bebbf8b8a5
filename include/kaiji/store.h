/*
 * kaiji/store.h - the store stage: an embedded SQLite database (WAL, foreign
 * keys, one transaction per multi-row write) that keeps analysed documents
 * (passages, classifications, assessments, recorded with the model and
 * lexicon version that made them) and the case collection (事例集): the
 * guide's own worked examples (記載例), examples users pick from stored
 * passages, imported ones, and the guide's closing list of reference reports.
 * Cases and passages are searchable in Japanese through FTS5 indexes with
 * kaiji's own tokenizers: trigrams, and characters and character pairs for
 * terms of one or two characters.
 *
 * Ownership: a kj_store is created by kj_store_open() and freed by
 * kj_store_close(). Functions that return records take a caller-supplied
 * kj_arena; every string and array they return lives in that arena and is
 * freed with it. Input strings are copied; the store keeps no pointers.
 * A kj_store is not thread-safe: use one per thread (SQLite's WAL lets many
 * readers and one writer work concurrently, also across processes).
 */
#ifndef KAIJI_STORE_H
#define KAIJI_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "kaiji/classify.h"
#include "kaiji/common.h"
#include "kaiji/ingest.h"

/* Schema version this kaiji creates and understands (PRAGMA user_version). */
#define KJ_STORE_SCHEMA_VERSION 9

typedef struct kj_store kj_store;

enum {
    KJ_STORE_READONLY = 1,  /* open an existing database read-only; never create */
    KJ_STORE_MUST_EXIST = 2 /* open read-write (migrating) but never create */
};

/*
 * The default database path: $XDG_DATA_HOME/kaiji/kaiji.db, else
 * $HOME/.local/share/kaiji/kaiji.db. Writes into out (size outsz). Does not
 * create anything.
 */
kj_status kj_store_default_path(char *out, size_t outsz, kj_error *err);

/*
 * Open (and, unless KJ_STORE_READONLY, create and migrate) the database at
 * path (NULL = default path; its directory is created when writing).
 * Refuses, without touching the file: a file that is not SQLite ("PATH: not
 * a kaiji database (file is not a database)"), a damaged one ("PATH:
 * damaged database, left as it is (database disk image is malformed)", also
 * for a schema version below 0), an SQLite database of another application
 * or with a damaged header (an application id that is not kaiji's: "PATH:
 * not a kaiji database (its header's application id is 0x…, not kaiji's:
 * …)"), and a schema newer than this kaiji ("PATH: schema version N is
 * newer than this kaiji supports (M); upgrade kaiji").
 * SQLite opens a file kaiji may not write to read-only: with flags 0 (a
 * command that stores) that is refused at once ("PATH: cannot write to the
 * store: the file is read-only"); with KJ_STORE_MUST_EXIST the store is
 * read (writes fail so) when it has this kaiji's schema, and refused when
 * it would need migrating.
 * A store in a directory kaiji may not write to (where SQLite cannot make
 * the PATH-shm it reads a WAL store through) is so too, the writes failing
 * with "PATH: cannot write to the store: its directory DIR cannot be
 * written to (…)"; it is read as it is on the disk (SQLite's immutable
 * file), unless a PATH-wal holds changes not yet written into it, which
 * SQLite cannot read there: then opening fails, saying what to do.
 * A store another process is writing to is waited for, up to 10 seconds
 * (SQLite's busy timeout, and kaiji's own wait for the switch to WAL of a
 * new database), then the write fails with "database is locked".
 * On success the caller owns *out and frees it with kj_store_close().
 */
kj_status kj_store_open(const char *path, int flags, kj_store **out, kj_error *err);
void kj_store_close(kj_store *s);

/* The path the store was opened with (store-owned). */
const char *kj_store_path(const kj_store *s);
/* PRAGMA user_version of the open database. */
int kj_store_schema_version(const kj_store *s);

/*
 * Check the database: SQLite's integrity_check, then each full-text index
 * against the rows it indexes (FTS5 'integrity-check'; the indexes use
 * kaiji's own tokenizers, so the sqlite3 shell cannot check them). FTS5
 * checks through a write, so a store whose file kaiji may not write to is
 * copied into a temporary database (deleted after) and its indexes checked
 * there. KJ_OK when all is sound; otherwise err names the database and the
 * first problem.
 */
kj_status kj_store_check(kj_store *s, kj_error *err);

/* SHA-256 of len bytes as 64 lower-case hex digits into hex (65 bytes). */
void kj_sha256_hex(const void *data, size_t len, char hex[65]);

/* ---- Documents ------------------------------------------------------- */

/* What the caller knows about a document besides its text. Any field may be
 * NULL / 0 when unknown. */
typedef struct {
    const char *company;
    const char *code; /* securities code or ticker */
    const char *industry;
    const char *doc_type;        /* "securities", "integrated", ... (see kj_doc_type_of) */
    int fiscal_year;             /* 0 = unknown */
    bool doc_type_given;         /* doc_type / fiscal_year as the user gave them, not as */
    bool fiscal_year_given;      /* detected: one that differs from the stored document's
                                    writes its analysis again (kj_store_save_analysis), as a
                                    new company, code or industry does */
    const char *source;          /* path of the file as given */
    const char *model_version;   /* kj_model_version(), required */
    const char *lexicon_version; /* kj_lexicon_version(), may be NULL */
    const char *assessment_json; /* the assess stage's JSON for the document, may be NULL */
    FILE *assessment_file;       /* or (when not NULL, instead of assessment_json) a stream
                                    holding that JSON from its position to its end, e.g. a
                                    tmpfile() it was rendered to: it is copied into the
                                    database in pieces, never held whole; not closed */
} kj_doc_meta;

typedef enum {
    KJ_SAVE_ADDED = 0, /* a new document */
    KJ_SAVE_UNCHANGED, /* same content and model version: nothing written */
    KJ_SAVE_REANALYSED /* same content, new model/lexicon: analysis replaced */
} kj_save_result;

/* "added", "unchanged", "re-analysed". Static storage. */
const char *kj_save_result_name(kj_save_result r);

/*
 * Save a whole analysed document (its passages, their classifications and
 * the optional assessment) in one transaction: after a crash it is either
 * complete or absent. Documents are identified by the SHA-256 of their text
 * (kj_store_doc_hash); one stored before is left as it is ("unchanged") when
 * it was read the same way (kj_store_reading_hash), with the same model and
 * lexicon and the same metadata given, else stored again ("re-analysed").
 * Writes *doc_id and *result.
 */
kj_status kj_store_save_analysis(kj_store *s, const kj_doc_analysis *a, const kj_doc_meta *meta,
                                 int64_t *doc_id, kj_save_result *result, kj_error *err);

/* SHA-256 hex of a document's text (block texts joined by "\n"). */
void kj_store_doc_hash(const kj_document *doc, char hex[65]);

/* SHA-256 hex of how analysis a read its document: the document's title
 * and company, and each passage's kind, language, page, line, offsets,
 * section, heading (as far as a record keeps it, kj_passage_heading_cut)
 * and run-in heading. The same text read by a kaiji that reads it
 * otherwise (an EDINET section named, passages cut elsewhere) gives
 * another, so kj_store_save_analysis stores it again. */
void kj_store_reading_hash(const kj_doc_analysis *a, char hex[65]);

/* A stored document (all strings arena-owned; NULL when unknown). */
typedef struct {
    int64_t id;
    const char *hash;
    const char *company, *code, *industry, *doc_type;
    int fiscal_year;
    const char *source, *format, *lang, *added_at;
    const char *model_version, *lexicon_version; /* of the stored analysis */
    int n_passages;
    int relevant_passages;             /* passages with a primary item */
    int item_passages[KJ_N_ITEMS + 1]; /* passages whose items include it [1..10] */
} kj_stored_doc;

/* Find a document by content hash: *found 0/1, *doc filled when found. */
kj_status kj_store_doc_find_hash(kj_store *s, const char *hash, kj_arena *arena, kj_stored_doc *doc,
                                 int *found, kj_error *err);
/* Fetch one document; KJ_ERR_ARG "no document ID" when absent. */
kj_status kj_store_doc_get(kj_store *s, int64_t id, kj_arena *arena, kj_stored_doc *doc,
                           kj_error *err);
/* All documents, newest first (array in arena). */
kj_status kj_store_doc_list(kj_store *s, kj_arena *arena, kj_stored_doc **docs, size_t *n,
                            kj_error *err);
/* Remove a document with its passages, classifications and assessments
 * (cases made from its passages stay, unlinked). KJ_ERR_ARG when absent. */
kj_status kj_store_doc_remove(kj_store *s, int64_t id, kj_error *err);

/* A stored passage with its stored classification (arena-owned strings). */
typedef struct {
    int64_t id, doc_id;
    int idx, page;
    const char *text, *section, *heading, *kind, *lang;
    const char *lead; /* the run-in heading it opens with or follows (kj_passage.lead), or NULL */
    int line;         /* the line of HTML or text it starts on (kj_passage.line), 0 when none */
    int64_t start, end;
    int primary; /* 0 = not about cybersecurity */
    const char *items_json, *elements_json, *scores_json, *evidence_json;
} kj_stored_passage;

/* Passages of a document in order (array in arena). */
kj_status kj_store_passages(kj_store *s, int64_t doc_id, kj_arena *arena, kj_stored_passage **out,
                            size_t *n, kj_error *err);
/* One passage by id; KJ_ERR_ARG when absent. */
kj_status kj_store_passage_get(kj_store *s, int64_t id, kj_arena *arena, kj_stored_passage *out,
                               kj_error *err);

/* ---- Search ------------------------------------------------------------ */

/* Markers put around matches in snippets, e.g. "[[" "]]" or ANSI bold. */
typedef struct {
    const char *open, *close;
} kj_marks;

typedef struct {
    int64_t id;     /* case id or passage id */
    int64_t doc_id; /* passages: the document; cases: 0 */
    int item;       /* cases: the item; passages: stored primary item */
    int year;
    const char *key, *company, *title, *doc_type, *source; /* arena-owned, may be NULL */
    const char *snippet;                  /* arena-owned, with the markers around matches */
    double score;                         /* higher is better */
    int page;                             /* passages: the page, 0 when none */
    int line;                             /* passages: the line, 0 when none */
    const char *section, *heading, *lead; /* passages: where it is (arena-owned, may be NULL) */
} kj_hit;

typedef struct {
    int item;             /* 0 = any */
    const char *doc_type; /* NULL = any; matches the canonical type or the document name */
    int year;             /* 0 = any */
    int limit;            /* 0 = 10 */
} kj_search_filter;

/*
 * Search cases (body, commentary, company, note, tags) for query: each
 * white-space separated term must occur as a substring, the text and the
 * query both read in kaiji's matching form (NFKC as kj_normalize reads text,
 * letters in lower case): "IT" finds "ＩＴ", パスワード finds ﾊﾟｽﾜｰﾄﾞ and
 * パスワート + U+3099, and the other way round. Results best first, in arena. Queries
 * whose terms all have three or more characters use the trigram index (bm25
 * ranking); a query with a shorter term uses the index of characters and
 * character pairs (ranked by the number of occurrences). Snippets mark the
 * text as it was written (ﾊﾟｽﾜｰﾄﾞ, not the パスワード it was matched as),
 * matches that overlap or touch as one mark (abab in ababab: [[ababab]]).
 */
kj_status kj_store_case_search(kj_store *s, const char *query, const kj_search_filter *f,
                               const kj_marks *marks, kj_arena *arena, kj_hit **hits, size_t *n,
                               kj_error *err);
/* The same over stored passages (filter: item = stored primary item, doc_type
 * and year = the document's). */
kj_status kj_store_passage_search(kj_store *s, const char *query, const kj_search_filter *f,
                                  const kj_marks *marks, kj_arena *arena, kj_hit **hits, size_t *n,
                                  kj_error *err);

/* ---- Cases ----------------------------------------------------------- */

typedef enum { KJ_CASE_GUIDE = 0, KJ_CASE_PASSAGE, KJ_CASE_IMPORT } kj_case_source;
/* "guide", "passage", "import". Static storage. */
const char *kj_case_source_name(kj_case_source s);

typedef struct {
    int64_t id;           /* set by the store */
    const char *key;      /* stable identity (export/import); NULL = derived from content */
    int item;             /* 1..10 */
    const char *elements; /* comma-separated element ids "7.1,7.2", or NULL */
    const char *company, *document, *doc_type;
    int year;
    const char *title;                           /* the header line ("COMPANY DOCUMENT YEAR") */
    const char *body, *commentary, *note, *tags; /* tags comma-separated */
    kj_case_source source;
    int64_t passage_id; /* 0 = none */
    const char *created_at;
} kj_case;

/*
 * Add a case (strings copied). When a case with the same key exists nothing
 * is written and *added is 0. *id receives the (existing or new) id.
 */
kj_status kj_store_case_add(kj_store *s, const kj_case *c, int64_t *id, int *added, kj_error *err);

/* Whether elements (NULL for none) is a comma list ("7.1,7.2") of the
 * guide's element ids, each once and each under item; KJ_ERR_ARG with err
 * naming the first that is not. Every case stored is checked so. */
kj_status kj_case_elements_check(const char *elements, int item, kj_error *err);

/* Make a case from a stored passage (its text as body; company, year and
 * document type from its document). Key "passage:<doc hash>:<idx>:<item>". */
kj_status kj_store_case_from_passage(kj_store *s, int64_t passage_id, int item,
                                     const char *elements, const char *note, const char *tags,
                                     int64_t *id, int *added, kj_error *err);
/* One case; KJ_ERR_ARG "no case ID" when absent. Strings in arena. */
kj_status kj_store_case_get(kj_store *s, int64_t id, kj_arena *arena, kj_case *out, kj_error *err);
/* Cases ordered by item then id; item 0 = all, source NULL = all. */
kj_status kj_store_case_list(kj_store *s, int item, const char *source, kj_arena *arena,
                             kj_case **out, size_t *n, kj_error *err);
/* Up to limit cases that disclose element (0..20), the guide's worked
 * examples first, then in id order: the examples a suggestion for a missing
 * or weak element points to. Strings and the array in arena. */
kj_status kj_store_cases_for_element(kj_store *s, int element, size_t limit, kj_arena *arena,
                                     kj_case **out, size_t *n, kj_error *err);
/* Number of cases. */
kj_status kj_store_case_count(kj_store *s, int64_t *n, kj_error *err);
/* Whether a case in the collection has doc_type as its document type (an
 * imported case can carry any), or a document whose name contains it,
 * letters in either case (what kj_store_case_search's doc_type filter
 * matches): *used gets 1 or 0. An empty doc_type is used by none. */
kj_status kj_store_case_doc_type_used(kj_store *s, const char *doc_type, int *used, kj_error *err);

/* Write every case as one JSON object per line (key, item, elements, company,
 * document, doc_type, year, title, body, commentary, note, tags, source).
 * Every field is written: a text that is not UTF-8 (a --company or --note
 * given in another encoding) with U+FFFD for each byte that is not, as JSON
 * must be. The caller checks that out was written whole (ferror, fclose). */
kj_status kj_store_cases_export(kj_store *s, FILE *out, size_t *n, kj_error *err);
/* Import such a file in one transaction (all or nothing), skipping keys
 * already present. name is used in error messages ("FILE:LINE: ..."); a
 * text holding a NUL (\u0000) is refused so, as kaiji's texts end at one. */
kj_status kj_store_cases_import_jsonl(kj_store *s, const char *name, FILE *in, size_t *added,
                                      size_t *skipped, kj_error *err);

/* ---- The guide ------------------------------------------------------- */

/* One worked example as the guide prints it (arena-owned strings). */
typedef struct {
    int item;           /* the ①..⑩ section it stands under */
    int number;         /* N of 記載例N within the section */
    const char *header; /* "COMPANY DOCUMENT YEAR" as printed */
    const char *company, *document, *doc_type;
    int year;
    const char *body;       /* quoted text, one source line per "\n" line; a
                             * line wrapped at the margin joined to the next */
    const char *commentary; /* the guide's comment, lines joined */
} kj_guide_example;

/* One entry of the guide's closing list of reference reports. */
typedef struct {
    int number;
    const char *title, *company, *note;
    int year;
} kj_guide_ref;

typedef struct {
    kj_guide_example *examples;
    size_t n_examples;
    kj_guide_ref *refs;
    size_t n_refs;
} kj_guide;

/*
 * Parse the guide's text (as its .txt gives it, or kj_pdf_text_layer with
 * Kangxi radicals folded for a PDF): every 記載例 under section （３）記載例 and the list under
 * ○開示書類の事例集. name is used in errors. KJ_ERR_FORMAT when no example is
 * found; KJ_ERR_NOMEM ("NAME: out of memory reading the guide") when a
 * buffer could not grow, rather than a guide with texts cut short. Memory
 * from arena.
 */
kj_status kj_guide_parse(const char *name, const char *text, size_t len, kj_arena *arena,
                         kj_guide *out, kj_error *err);

/* Store the guide's examples (source "guide", key "mic2019-II-N") and
 * references in one transaction; existing keys are left alone. */
kj_status kj_store_import_guide(kj_store *s, const kj_guide *g, size_t *cases_added,
                                size_t *refs_added, kj_error *err);

/* References as stored, in order (array in arena). */
kj_status kj_store_refs(kj_store *s, kj_arena *arena, kj_guide_ref **out, size_t *n, kj_error *err);

/* Canonical document type of a printed document name, as `kaiji analyze
 * --doc-type` names them: "securities" (有価証券報告書), "governance",
 * "sustainability" (CSR / sustainability), "integrated", "annual",
 * "security" (情報セキュリティ報告書) or "other". Static storage. */
const char *kj_doc_type_of(const char *document);

#endif
