/*
 * db.c - opening the kaiji database: default path, refusing files that are
 * not kaiji databases or are damaged (without touching them), stores kaiji
 * may not write to (read, never migrated or written; one in a directory
 * kaiji may not write to is read as it is, as_is.c), connection settings
 * (WAL, foreign keys, busy timeout, synchronous=FULL so nothing committed is
 * lost, the search tokenizer every connection needs, ngram.c) and the
 * versioned schema with its list of migrations, applied in one transaction
 * each; checking a database. Also the small SQLite helpers the other store
 * files use, whose errors say what SQLite and the system said.
 */
#include "store_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* 'KAIJ' in PRAGMA application_id marks a kaiji database. */
#define KJ_APP_ID 0x4b41494a
#define KJ_BUSY_MS 10000

/* ---- Migrations: index i brings the schema from version i to i + 1. ---- */

/* The SQL that makes T, an FTS5 index of the cases' searched columns with
 * tokenizer TOK, the triggers that keep it, and builds it from the rows. */
#define CASE_FTS_COLS "body, commentary, company, note, tags, title"
#define CASE_FTS_NEW "new.body, new.commentary, new.company, new.note, new.tags, new.title"
#define CASE_FTS_OLD "old.body, old.commentary, old.company, old.note, old.tags, old.title"
#define CASE_INDEX(T, TOK)                                                                         \
    "CREATE VIRTUAL TABLE " T " USING fts5(" CASE_FTS_COLS ", content='cases',"                    \
    " content_rowid='id', tokenize='" TOK "');"                                                    \
    "CREATE TRIGGER " T "_ai AFTER INSERT ON cases BEGIN INSERT INTO " T "(rowid, " CASE_FTS_COLS  \
    ") VALUES (new.id, " CASE_FTS_NEW "); END;"                                                    \
    "CREATE TRIGGER " T "_ad AFTER DELETE ON cases BEGIN INSERT INTO " T "(" T                     \
    ", rowid, " CASE_FTS_COLS ") VALUES ('delete', old.id, " CASE_FTS_OLD "); END;"                \
    "CREATE TRIGGER " T "_au AFTER UPDATE ON cases BEGIN INSERT INTO " T "(" T                     \
    ", rowid, " CASE_FTS_COLS ") VALUES ('delete', old.id, " CASE_FTS_OLD "); INSERT INTO " T      \
    "(rowid, " CASE_FTS_COLS ") VALUES (new.id, " CASE_FTS_NEW "); END;"                           \
    "INSERT INTO " T "(" T ") VALUES ('rebuild');"

/* The SQL that drops T and the triggers CASE_INDEX names for it (those of
 * version 6's cases_ngram have those names too). */
#define DROP_CASE_INDEX(T)                                                                         \
    "DROP TRIGGER IF EXISTS " T "_ai; DROP TRIGGER IF EXISTS " T "_ad;"                            \
    "DROP TRIGGER IF EXISTS " T "_au; DROP TABLE IF EXISTS " T ";"

static const char *const kj_migrations[KJ_STORE_SCHEMA_VERSION] = {
    /* v1: documents, passages, classifications, assessments, cases */
    "CREATE TABLE documents("
    " id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE,"
    " company TEXT, code TEXT, industry TEXT, doc_type TEXT, fiscal_year INTEGER,"
    " source TEXT, format TEXT, lang TEXT, model_version TEXT, lexicon_version TEXT,"
    " n_passages INTEGER NOT NULL DEFAULT 0,"
    " added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE TABLE passages("
    " id INTEGER PRIMARY KEY,"
    " doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " idx INTEGER NOT NULL, text TEXT NOT NULL, page INTEGER, section TEXT, heading TEXT,"
    " char_start INTEGER, char_end INTEGER, kind TEXT, lang TEXT, UNIQUE(doc_id, idx));"
    "CREATE TABLE classifications("
    " passage_id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,"
    " model_version TEXT NOT NULL, lexicon_version TEXT, primary_item INTEGER,"
    " items TEXT, scores TEXT, elements TEXT, spec INTEGER, evidence TEXT);"
    "CREATE TABLE assessments("
    " doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " model_version TEXT NOT NULL, data TEXT NOT NULL,"
    " created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
    " PRIMARY KEY(doc_id, model_version));"
    "CREATE TABLE cases("
    " id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,"
    " item INTEGER NOT NULL CHECK(item BETWEEN 1 AND 10), elements TEXT,"
    " company TEXT, document TEXT, doc_type TEXT, year INTEGER, title TEXT,"
    " body TEXT NOT NULL, commentary TEXT, note TEXT, tags TEXT,"
    " source TEXT NOT NULL CHECK(source IN ('guide','passage','import')),"
    " passage_id INTEGER REFERENCES passages(id) ON DELETE SET NULL,"
    " created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX passages_doc ON passages(doc_id);"
    "CREATE INDEX cases_item ON cases(item);"
    "CREATE INDEX cases_passage ON cases(passage_id);",

    /* v2: FTS5 trigram indexes (Japanese substrings) over cases and passages */
    "CREATE VIRTUAL TABLE cases_fts USING fts5(body, commentary, company, note, tags,"
    " content='cases', content_rowid='id', tokenize='trigram');"
    "CREATE TRIGGER cases_ai AFTER INSERT ON cases BEGIN"
    " INSERT INTO cases_fts(rowid, body, commentary, company, note, tags)"
    " VALUES (new.id, new.body, new.commentary, new.company, new.note, new.tags); END;"
    "CREATE TRIGGER cases_ad AFTER DELETE ON cases BEGIN"
    " INSERT INTO cases_fts(cases_fts, rowid, body, commentary, company, note, tags)"
    " VALUES ('delete', old.id, old.body, old.commentary, old.company, old.note, old.tags); END;"
    "CREATE TRIGGER cases_au AFTER UPDATE ON cases BEGIN"
    " INSERT INTO cases_fts(cases_fts, rowid, body, commentary, company, note, tags)"
    " VALUES ('delete', old.id, old.body, old.commentary, old.company, old.note, old.tags);"
    " INSERT INTO cases_fts(rowid, body, commentary, company, note, tags)"
    " VALUES (new.id, new.body, new.commentary, new.company, new.note, new.tags); END;"
    "INSERT INTO cases_fts(cases_fts) VALUES ('rebuild');"
    "CREATE VIRTUAL TABLE passages_fts USING fts5(text, content='passages',"
    " content_rowid='id', tokenize='trigram');"
    "CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN"
    " INSERT INTO passages_fts(rowid, text) VALUES (new.id, new.text); END;"
    "CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN"
    " INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text); END;"
    "CREATE TRIGGER passages_au AFTER UPDATE OF text ON passages BEGIN"
    " INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text);"
    " INSERT INTO passages_fts(rowid, text) VALUES (new.id, new.text); END;"
    "INSERT INTO passages_fts(passages_fts) VALUES ('rebuild');",

    /* v3: the guide's closing list of reference reports */
    "CREATE TABLE guide_refs("
    " id INTEGER PRIMARY KEY, number INTEGER NOT NULL, title TEXT NOT NULL,"
    " company TEXT NOT NULL, year INTEGER, note TEXT,"
    " UNIQUE(number, title, company));",

    /* v4: a passage's run-in heading ("Vendor Oversight. We assess …"), shown as its place */
    "ALTER TABLE passages ADD COLUMN lead TEXT;",

    /* v5: the line of an HTML or text file a passage starts on, shown as its place */
    "ALTER TABLE passages ADD COLUMN line INTEGER;",

    /* v6: kaiji's own tokenizers (ngram.c), which fold full-width ASCII and case:
     * the trigram indexes again with kaiji_trigram, and FTS5 indexes of characters
     * and character pairs (kaiji_ngram) for the search terms of one or two
     * characters that trigrams cannot serve; built from the stored rows, which
     * stay as they are (the triggers name the indexes, not their tokenizers) */
    "DROP TABLE cases_fts;"
    "CREATE VIRTUAL TABLE cases_fts USING fts5(body, commentary, company, note, tags,"
    " content='cases', content_rowid='id', tokenize='" KJ_TRIGRAM_TOKENIZER "');"
    "INSERT INTO cases_fts(cases_fts) VALUES ('rebuild');"
    "DROP TABLE passages_fts;"
    "CREATE VIRTUAL TABLE passages_fts USING fts5(text, content='passages',"
    " content_rowid='id', tokenize='" KJ_TRIGRAM_TOKENIZER "');"
    "INSERT INTO passages_fts(passages_fts) VALUES ('rebuild');"
    "CREATE VIRTUAL TABLE cases_ngram USING fts5(body, commentary, company, note, tags,"
    " content='cases', content_rowid='id', tokenize='" KJ_NGRAM_TOKENIZER "');"
    "CREATE TRIGGER cases_ngram_ai AFTER INSERT ON cases BEGIN"
    " INSERT INTO cases_ngram(rowid, body, commentary, company, note, tags)"
    " VALUES (new.id, new.body, new.commentary, new.company, new.note, new.tags); END;"
    "CREATE TRIGGER cases_ngram_ad AFTER DELETE ON cases BEGIN"
    " INSERT INTO cases_ngram(cases_ngram, rowid, body, commentary, company, note, tags)"
    " VALUES ('delete', old.id, old.body, old.commentary, old.company, old.note, old.tags); END;"
    "CREATE TRIGGER cases_ngram_au AFTER UPDATE ON cases BEGIN"
    " INSERT INTO cases_ngram(cases_ngram, rowid, body, commentary, company, note, tags)"
    " VALUES ('delete', old.id, old.body, old.commentary, old.company, old.note, old.tags);"
    " INSERT INTO cases_ngram(rowid, body, commentary, company, note, tags)"
    " VALUES (new.id, new.body, new.commentary, new.company, new.note, new.tags); END;"
    "INSERT INTO cases_ngram(cases_ngram) VALUES ('rebuild');"
    "CREATE VIRTUAL TABLE passages_ngram USING fts5(text, content='passages',"
    " content_rowid='id', tokenize='" KJ_NGRAM_TOKENIZER "');"
    "CREATE TRIGGER passages_ngram_ai AFTER INSERT ON passages BEGIN"
    " INSERT INTO passages_ngram(rowid, text) VALUES (new.id, new.text); END;"
    "CREATE TRIGGER passages_ngram_ad AFTER DELETE ON passages BEGIN"
    " INSERT INTO passages_ngram(passages_ngram, rowid, text) VALUES ('delete', old.id, old.text);"
    " END;"
    "CREATE TRIGGER passages_ngram_au AFTER UPDATE OF text ON passages BEGIN"
    " INSERT INTO passages_ngram(passages_ngram, rowid, text) VALUES ('delete', old.id, old.text);"
    " INSERT INTO passages_ngram(rowid, text) VALUES (new.id, new.text); END;"
    "INSERT INTO passages_ngram(passages_ngram) VALUES ('rebuild');",

    /* v7: the tokenizers read text in the form the store searches it in (fold.c:
     * NFKC, so decomposed and half-width kana read as composed, and lower case),
     * queries too: all four indexes built again from the stored rows, which
     * stay as they are */
    "INSERT INTO cases_fts(cases_fts) VALUES ('rebuild');"
    "INSERT INTO passages_fts(passages_fts) VALUES ('rebuild');"
    "INSERT INTO cases_ngram(cases_ngram) VALUES ('rebuild');"
    "INSERT INTO passages_ngram(passages_ngram) VALUES ('rebuild');",

    /* v8: how each document was read (kj_store_reading_hash), so that a
     * newer kaiji that reads the same text otherwise (passages, their
     * places, the cover's title) stores it again; documents stored before
     * have no row. A table of its own, so the migration can run again on a
     * store that has it. */
    "CREATE TABLE IF NOT EXISTS readings("
    " doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,"
    " reading TEXT NOT NULL);",

    /* v9: a case's title (the company and the heading its passage stood
     * under, or the guide's header for its examples) searched too: both
     * case indexes and their triggers made again with it as a sixth column
     * (the other five keep their places), built from the stored rows */
    "DROP TRIGGER IF EXISTS cases_ai; DROP TRIGGER IF EXISTS cases_ad;"
    "DROP TRIGGER IF EXISTS cases_au;" DROP_CASE_INDEX("cases_fts") DROP_CASE_INDEX("cases_ngram")
        CASE_INDEX("cases_fts", KJ_TRIGRAM_TOKENIZER) CASE_INDEX("cases_ngram", KJ_NGRAM_TOKENIZER),
};

/* ---- Helpers ----------------------------------------------------------- */

/* A store kaiji must write to whose file it may not write. */
static kj_status read_only_file(const char *path, kj_error *err) {
    return kj_error_set(err, KJ_ERR_IO, "%s: cannot write to the store: the file is read-only",
                        path);
}

/* What SQLite said of the connection's last error, with what kaiji knows
 * of it, into buf (n bytes): a busy store says that kaiji waited for it,
 * a write that failed says why (io_cause.c: the file size limit, a full
 * disk), another failed system call adds the system's word ("Permission
 * denied") to SQLite's "disk I/O error". */
static const char *db_why(sqlite3 *db, char *buf, size_t n) {
    int code = sqlite3_extended_errcode(db) & 0xff, sys = sqlite3_system_errno(db);
    const char *msg = sqlite3_errmsg(db);
    if (code == SQLITE_BUSY)
        snprintf(buf, n,
                 "%s: another process is writing to it (kaiji waits up to %d seconds); try "
                 "again when it has finished",
                 msg, KJ_BUSY_MS / 1000);
    else if (kj_db_io_cause(db, buf, n))
        ; /* a file size limit, a full disk, or the system's word for a failed write */
    else if ((code == SQLITE_IOERR || code == SQLITE_CANTOPEN || code == SQLITE_FULL) && sys != 0)
        snprintf(buf, n, "%s (%s)", msg, strerror(sys));
    else
        snprintf(buf, n, "%s", msg);
    return buf;
}

kj_status kj_db_fail(kj_store *s, const char *what, kj_error *err) {
    int code = sqlite3_errcode(s->db);
    char why[256];
    if (code == SQLITE_OK || code == SQLITE_ROW || code == SQLITE_DONE)
        snprintf(why, sizeof why, "the query gave no result"); /* not SQLite's "not an error" */
    else
        db_why(s->db, why, sizeof why);
    return kj_error_set(err, KJ_ERR_DB, "%s: %s: %s", s->path, what, why);
}

kj_status kj_db_rows(kj_store *s, sqlite3_stmt *st, kj_arena *ar, size_t elem,
                     kj_db_row_reader read, void **out, size_t *n, const char *what,
                     kj_error *err) {
    size_t cap = 16;
    *n = 0;
    *out = kj_arena_alloc(ar, cap * elem);
    int r = SQLITE_DONE;
    while (*out && (r = sqlite3_step(st)) == SQLITE_ROW) {
        char *g = kj_arena_grow(ar, *out, *n, &cap, elem);
        *out = g; /* NULL when out of memory: reported below */
        if (!g) break;
        read(st, ar, g + (*n)++ * elem);
    }
    kj_status rc = KJ_OK;
    if (!*out)
        rc = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", s->path);
    else if (r != SQLITE_DONE)
        rc = kj_db_fail(s, what, err);
    sqlite3_finalize(st);
    return rc;
}

kj_status kj_db_prepare(kj_store *s, const char *sql, sqlite3_stmt **st, kj_error *err) {
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK) {
        *st = NULL;
        return kj_db_fail(s, "cannot prepare statement", err);
    }
    return KJ_OK;
}

kj_status kj_db_exec(kj_store *s, const char *sql, kj_error *err) {
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return kj_db_fail(s, "write failed", err);
    return KJ_OK;
}

kj_status kj_db_begin(kj_store *s, kj_error *err) {
    return kj_db_exec(s, "BEGIN IMMEDIATE", err);
}

kj_status kj_db_commit(kj_store *s, kj_error *err) {
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        kj_status st = kj_db_fail(s, "commit failed", err);
        kj_db_rollback(s);
        return st;
    }
    return KJ_OK;
}

void kj_db_rollback(kj_store *s) {
    if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

kj_status kj_db_begin_write(kj_store *s, kj_error *err) {
    kj_status rc = kj_db_need_write(s, err);
    return rc == KJ_OK ? kj_db_begin(s, err) : rc;
}

kj_status kj_db_end(kj_store *s, kj_status rc, kj_error *err) {
    if (rc == KJ_OK) return kj_db_commit(s, err);
    kj_db_rollback(s);
    return rc;
}

kj_status kj_db_exec_id(kj_store *s, const char *sql, int64_t id, const char *what, kj_error *err) {
    sqlite3_stmt *st;
    kj_status rc = kj_db_prepare(s, sql, &st, err);
    if (rc != KJ_OK) return rc;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_DONE) rc = kj_db_fail(s, what, err);
    sqlite3_finalize(st);
    return rc;
}

kj_status kj_db_one_int(kj_store *s, const char *sql, const char *arg, int64_t *out,
                        const char *what, kj_error *err) {
    sqlite3_stmt *st;
    kj_status rc = kj_db_prepare(s, sql, &st, err);
    if (rc != KJ_OK) return rc;
    if (arg) sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else
        rc = kj_db_fail(s, what, err);
    sqlite3_finalize(st);
    return rc;
}

int kj_db_bind_text(sqlite3_stmt *st, int i, const char *s) {
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

int kj_db_bind_int_or_null(sqlite3_stmt *st, int i, int64_t v) {
    return v ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i);
}

const char *kj_db_col(sqlite3_stmt *st, int i, kj_arena *arena) {
    const unsigned char *t = sqlite3_column_text(st, i);
    if (!t) return NULL;
    return kj_arena_strndup(arena, (const char *)t, (size_t)sqlite3_column_bytes(st, i));
}

kj_status kj_db_need_write(kj_store *s, kj_error *err) {
    if (s->readonly)
        return kj_error_set(err, KJ_ERR_INTERNAL, "%s: store opened read-only", s->path);
    /* a file kaiji may not write to is named first, as at opening */
    if (s->as_is && access(s->path, W_OK) == 0) return kj_db_dir_read_only(s->path, err);
    if (sqlite3_db_readonly(s->db, "main") == 1) return read_only_file(s->path, err);
    return KJ_OK;
}

const char *kj_store_path(const kj_store *s) {
    return s->path;
}

int kj_store_schema_version(const kj_store *s) {
    return s->version;
}

/* ---- Paths ----------------------------------------------------------- */

kj_status kj_store_default_path(char *out, size_t outsz, kj_error *err) {
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/')
        n = snprintf(out, outsz, "%s/kaiji/kaiji.db", xdg);
    else if (home && home[0])
        n = snprintf(out, outsz, "%s/.local/share/kaiji/kaiji.db", home);
    else
        return kj_error_set(
            err, KJ_ERR_ARG,
            "no database path: neither XDG_DATA_HOME nor HOME is set; use --db PATH");
    if (n < 0 || (size_t)n >= outsz) return kj_error_set(err, KJ_ERR_ARG, "database path too long");
    return KJ_OK;
}

/* mkdir -p of the directory part of path. */
static kj_status make_parent_dirs(const char *path, kj_error *err) {
    char dir[4096];
    size_t len = strlen(path);
    if (len >= sizeof dir) return kj_error_set(err, KJ_ERR_ARG, "%s: path too long", path);
    memcpy(dir, path, len + 1);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) return KJ_OK;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(dir, 0755) != 0 && errno != EEXIST)
            return kj_error_set(err, KJ_ERR_IO, "%s: cannot create directory: %s", dir,
                                strerror(errno));
        *p = '/';
    }
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return kj_error_set(err, KJ_ERR_IO, "%s: cannot create directory: %s", dir,
                            strerror(errno));
    return KJ_OK;
}

/* Look at the file before SQLite does: a non-empty file must start with the
 * SQLite header, else it is refused untouched. *exists tells whether a
 * database is there at all: an empty file holds none yet, so a command that
 * only reads says so and leaves the file as it is, and one that writes
 * makes the database in it. */
static kj_status check_header(const char *path, int *exists, kj_error *err) {
    struct stat st;
    *exists = 0;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT) return KJ_OK;
        return kj_error_set(err, KJ_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    }
    if (!S_ISREG(st.st_mode))
        return kj_error_set(err, KJ_ERR_FORMAT, "%s: not a kaiji database (not a regular file)",
                            path);
    if (st.st_size == 0) return KJ_OK;
    *exists = 1;
    unsigned char head[16] = {0};
    FILE *f = fopen(path, "rb");
    if (!f) return kj_error_set(err, KJ_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    if (got < sizeof head || memcmp(head, "SQLite format 3", 16) != 0)
        return kj_error_set(err, KJ_ERR_FORMAT, "%s: not a kaiji database (file is not a database)",
                            path);
    return KJ_OK;
}

/* ---- Opening ----------------------------------------------------------- */

/* What a database says it is, read in one statement so that all of it
 * comes from one moment: another kaiji creating the same database commits
 * its tables, application id and schema version at once. */
typedef struct {
    int version; /* PRAGMA user_version */
    int app;     /* PRAGMA application_id */
    int objects; /* tables, indexes and triggers */
} db_identity;

/* A database SQLite could not read: not SQLite, or damaged. */
static kj_status unreadable(kj_store *s, kj_error *err) {
    int code = sqlite3_extended_errcode(s->db) & 0xff;
    if (code == SQLITE_NOTADB)
        return kj_error_set(err, KJ_ERR_FORMAT, "%s: not a kaiji database (%s)", s->path,
                            sqlite3_errstr(code));
    if (code == SQLITE_CORRUPT)
        return kj_error_set(err, KJ_ERR_FORMAT, "%s: damaged database, left as it is (%s)", s->path,
                            sqlite3_errstr(code));
    return kj_db_fail(s, "cannot read the database", err);
}

/* sqlite3_open_v2 failed: a new database in a directory kaiji may not
 * write to is named so (SQLite's own word is the last of its attempts,
 * "No such file or directory"). */
static kj_status open_failed(kj_store *s, int exists, kj_error *err) {
    char why[256];
    int dir_errno = kj_db_dir_errno(s->path);
    if (!exists && dir_errno != 0)
        return kj_error_set(err, KJ_ERR_IO,
                            "%s: cannot create the database: its directory cannot be written to "
                            "(%s)",
                            s->path, strerror(dir_errno));
    return kj_error_set(err, KJ_ERR_DB, "%s: cannot open database: %s", s->path,
                        s->db ? db_why(s->db, why, sizeof why) : "out of memory");
}

/* Why SQLite could not read a store: its directory cannot be written to
 * (as_is.c), or the file size limit is too small for PATH-shm
 * (heap_index.c); else 0. */
enum { KJ_DB_DIR_BLOCKED = 1, KJ_DB_SHM_LIMIT = 2 };

/* Read what the database is into *id. When SQLite cannot read it, *blocked
 * (unless NULL) tells why, when kaiji may read it another way (KJ_DB_*
 * above; 0 when not). */
static kj_status read_identity(kj_store *s, db_identity *id, int *blocked, kj_error *err) {
    static const char sql[] = "SELECT (SELECT user_version FROM pragma_user_version),"
                              " (SELECT application_id FROM pragma_application_id),"
                              " (SELECT count(*) FROM sqlite_schema)";
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        id->version = sqlite3_column_int(st, 0);
        id->app = sqlite3_column_int(st, 1);
        id->objects = sqlite3_column_int(st, 2);
    }
    /* before finalize resets the error */
    kj_status out = rc == SQLITE_ROW ? KJ_OK : unreadable(s, err);
    if (blocked)
        *blocked = rc == SQLITE_ROW         ? 0
                   : kj_db_index_blocked(s) ? KJ_DB_DIR_BLOCKED
                   : kj_db_shm_too_big(s)   ? KJ_DB_SHM_LIMIT
                                            : 0;
    sqlite3_finalize(st);
    return out;
}

/* Refuse SQLite files that belong to another application or whose header
 * is damaged (an application id other than kaiji's, or 0, a new file's,
 * in a file that holds something), and schema versions this kaiji does not
 * know: newer ones, and those no kaiji ever wrote (below 0: a damaged
 * header, not a list of migrations to run). */
static kj_status check_identity(kj_store *s, const db_identity *id, kj_error *err) {
    if ((id->app != 0 && id->app != KJ_APP_ID) ||
        (id->app == 0 && (id->version != 0 || id->objects != 0)))
        return kj_error_set(err, KJ_ERR_FORMAT,
                            "%s: not a kaiji database (its header's application id is 0x%08x, not "
                            "kaiji's: another application's database, or a damaged header)",
                            s->path, (unsigned)id->app);
    if (id->version > KJ_STORE_SCHEMA_VERSION)
        return kj_error_set(
            err, KJ_ERR_FORMAT,
            "%s: schema version %d is newer than this kaiji supports (%d); upgrade kaiji", s->path,
            id->version, KJ_STORE_SCHEMA_VERSION);
    if (id->version < 0)
        return kj_error_set(err, KJ_ERR_FORMAT,
                            "%s: damaged database, left as it is (schema version %d, which no "
                            "kaiji writes)",
                            s->path, id->version);
    return KJ_OK;
}

static kj_status migrate(kj_store *s, kj_error *err) {
    kj_status st = kj_db_begin(s, err);
    if (st != KJ_OK) return st;
    /* Re-read inside the write lock: another process may have migrated. */
    db_identity id = {0};
    st = read_identity(s, &id, NULL, err);
    if (st == KJ_OK) st = check_identity(s, &id, err);
    int version = id.version;
    for (int v = version; st == KJ_OK && v < KJ_STORE_SCHEMA_VERSION; v++) {
        if (sqlite3_exec(s->db, kj_migrations[v], NULL, NULL, NULL) != SQLITE_OK) {
            char why[256]; /* a file size limit or a full disk named (db_why) */
            st = kj_error_set(err, KJ_ERR_DB,
                              "%s: migration to schema version %d failed, the database is left "
                              "as it was (schema %d): %s",
                              s->path, v + 1, version, db_why(s->db, why, sizeof why));
        }
    }
    if (st == KJ_OK && version < KJ_STORE_SCHEMA_VERSION) {
        char sql[96];
        snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d", KJ_APP_ID,
                 KJ_STORE_SCHEMA_VERSION);
        st = kj_db_exec(s, sql, err);
    }
    st = kj_db_end(s, st, err);
    if (st == KJ_OK) s->version = KJ_STORE_SCHEMA_VERSION;
    return st;
}

/* Milliseconds since t0 (CLOCK_MONOTONIC). */
static long long ms_since(const struct timespec *t0) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000LL + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Put the database in WAL mode (it stays so in the file). Changing the
 * journal mode takes a lock that SQLite does not wait for while another
 * connection writes to a database that is not yet in WAL mode (another
 * kaiji creating the same new database), so kaiji waits for it here, as
 * long as for any busy store. */
static kj_status set_wal(kj_store *s, kj_error *err) {
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        int rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
        if (rc == SQLITE_OK) break;
        if ((rc & 0xff) != SQLITE_BUSY || ms_since(&t0) >= KJ_BUSY_MS)
            return kj_db_fail(s, "cannot switch the database to WAL", err);
        sqlite3_sleep(20);
    }
    return kj_db_exec(s, "PRAGMA synchronous = FULL", err);
}

/* A store that will not be written to (opened read-only, or a file kaiji
 * may not write to) must already have this kaiji's schema. */
static kj_status check_readable(kj_store *s, const db_identity *id, kj_error *err) {
    if (id->version == KJ_STORE_SCHEMA_VERSION) return KJ_OK;
    if (id->version == 0 && id->objects == 0)
        return kj_error_set(err, KJ_ERR_IO, "%s: no kaiji database here yet (an empty file)",
                            s->path);
    if (s->readonly)
        return kj_error_set(err, KJ_ERR_DB,
                            "%s: schema version %d is older than this kaiji's (%d); open it "
                            "for writing once to migrate (any `kaiji docs` or `kaiji cases` "
                            "command does, such as `kaiji docs list`)",
                            s->path, id->version, KJ_STORE_SCHEMA_VERSION);
    if (s->as_is)
        return kj_error_set(err, KJ_ERR_DB,
                            "%s: schema version %d is older than this kaiji's (%d), and its "
                            "directory cannot be written to, so it cannot be migrated; open it "
                            "once where it can be written to",
                            s->path, id->version, KJ_STORE_SCHEMA_VERSION);
    return kj_error_set(err, KJ_ERR_DB,
                        "%s: schema version %d is older than this kaiji's (%d), and the file is "
                        "read-only, so it cannot be migrated; make it writable and open it once",
                        s->path, id->version, KJ_STORE_SCHEMA_VERSION);
}

/* Read what the database is. A store SQLite cannot read because its
 * directory cannot be written to is read as it is (as_is.c), unless the
 * command would store something (flags 0): that fails at once. One it
 * cannot read because the file size limit is too small for PATH-shm is
 * read with the index in memory (heap_index.c), unless opened read-only. */
static kj_status identify(kj_store *s, int flags, db_identity *id, kj_error *err) {
    /* SQLite is not asked to make a PATH-shm the file size limit forbids */
    int blocked = kj_db_shm_wont_fit(s->path) ? KJ_DB_SHM_LIMIT : 0;
    kj_status st = blocked ? KJ_ERR_IO : read_identity(s, id, &blocked, err);
    if (st == KJ_OK || !blocked) return st;
    if (blocked == KJ_DB_SHM_LIMIT) {
        if (s->readonly) return kj_db_shm_limit(s->path, err);
        st = kj_db_open_heap_index(s, err);
    } else if (!flags) {
        return kj_db_dir_read_only(s->path, err);
    } else {
        st = kj_db_open_as_is(s, err);
    }
    if (st != KJ_OK) return st;
    sqlite3_busy_timeout(s->db, KJ_BUSY_MS);
    sqlite3_extended_result_codes(s->db, 1);
    return read_identity(s, id, NULL, err);
}

static kj_status configure(kj_store *s, int flags, kj_error *err) {
    sqlite3_busy_timeout(s->db, KJ_BUSY_MS);
    sqlite3_extended_result_codes(s->db, 1);
    db_identity id = {0};
    kj_status st = identify(s, flags, &id, err);
    if (st == KJ_OK) st = check_identity(s, &id, err);
    if (st == KJ_OK) st = kj_ngram_register(s, err); /* before anything touches an index */
    if (st != KJ_OK) return st;
    s->version = id.version;
    st = kj_db_exec(s, "PRAGMA foreign_keys = ON", err);
    if (st != KJ_OK) return st;
    if (s->readonly || sqlite3_db_readonly(s->db, "main") == 1) return check_readable(s, &id, err);
    st = set_wal(s, err);
    if (st == KJ_OK && id.version < KJ_STORE_SCHEMA_VERSION) st = migrate(s, err);
    return st;
}

kj_status kj_store_open(const char *path, int flags, kj_store **out, kj_error *err) {
    *out = NULL;
    char defpath[4096];
    if (!path) {
        kj_status st = kj_store_default_path(defpath, sizeof defpath, err);
        if (st != KJ_OK) return st;
        path = defpath;
    }
    int exists = 0;
    kj_status st = check_header(path, &exists, err);
    if (st != KJ_OK) return st;
    int readonly = (flags & KJ_STORE_READONLY) != 0;
    if ((flags & (KJ_STORE_READONLY | KJ_STORE_MUST_EXIST)) && !exists)
        return kj_error_set(
            err, KJ_ERR_IO,
            "%s: no kaiji database here yet (import cases or store an analysis first)", path);
    if (!readonly && !exists && (st = make_parent_dirs(path, err)) != KJ_OK) return st;
    kj_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    }
    s->readonly = readonly;
    int oflags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        st = open_failed(s, exists, err);
        kj_store_close(s);
        return st;
    }
    /* SQLite opens a file it may not write to read-only: a command that
     * would store something stops here, before any work */
    if (!flags && sqlite3_db_readonly(s->db, "main") == 1)
        st = read_only_file(path, err);
    else
        st = configure(s, flags, err);
    if (st != KJ_OK) {
        kj_store_close(s);
        return st;
    }
    *out = s;
    return KJ_OK;
}

void kj_store_close(kj_store *s) {
    if (!s) return;
    sqlite3_close_v2(s->db);
    free(s->path);
    free(s);
}

/* FTS5's own check of the search index named index: 'integrity-check',
 * the index read against the rows it indexes. */
static kj_status check_index(kj_store *s, const char *index, kj_error *err) {
    char sql[160];
    snprintf(sql, sizeof sql, "INSERT INTO %s(%s, rank) VALUES ('integrity-check', 1)", index,
             index);
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
        char why[256];
        return kj_error_set(err, KJ_ERR_DB, "%s: search index %s: %s", s->path, index,
                            db_why(s->db, why, sizeof why));
    }
    return KJ_OK;
}

/* FTS5 checks an index through a write (an INSERT of its command): a
 * store kaiji may not write to is copied into a temporary database, which
 * SQLite deletes when it is closed, and checked there. The copy's
 * connection goes into copy->db (close it when not NULL). */
static kj_status writable_copy(kj_store *s, kj_store *copy, kj_error *err) {
    copy->path = s->path;
    if (sqlite3_open_v2("", &copy->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK)
        return kj_db_fail(copy, "cannot make a temporary copy to check", err);
    sqlite3_backup *b = sqlite3_backup_init(copy->db, "main", s->db, "main");
    if (!b) return kj_db_fail(copy, "cannot make a temporary copy to check", err);
    sqlite3_backup_step(b, -1);
    if (sqlite3_backup_finish(b) != SQLITE_OK)
        return kj_db_fail(copy, "cannot make a temporary copy to check", err);
    return kj_ngram_register(copy, err);
}

kj_status kj_store_check(kj_store *s, kj_error *err) {
    sqlite3_stmt *st;
    kj_status rc = kj_db_prepare(s, "PRAGMA integrity_check", &st, err);
    if (rc != KJ_OK) return rc;
    const char *first =
        sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    if (!first || strcmp(first, "ok") != 0)
        rc = kj_error_set(err, KJ_ERR_DB, "%s: integrity_check: %s", s->path,
                          first ? first : sqlite3_errmsg(s->db));
    sqlite3_finalize(st);
    kj_store copy = {0};
    kj_store *target = s;
    if (rc == KJ_OK && sqlite3_db_readonly(s->db, "main") == 1) {
        rc = writable_copy(s, &copy, err);
        target = &copy;
    }
    static const char *const indexes[] = {"cases_fts", "passages_fts", "cases_ngram",
                                          "passages_ngram"};
    for (size_t i = 0; rc == KJ_OK && i < sizeof indexes / sizeof *indexes; i++)
        rc = check_index(target, indexes[i], err);
    if (copy.db) sqlite3_close(copy.db);
    return rc;
}
