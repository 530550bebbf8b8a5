/*
 * test_store.c - unit tests of the store stage: schema creation, migration
 * from a version-1 database, refusal of newer schemas and of files that are
 * not kaiji databases (left byte-for-byte untouched), the guide importer on
 * the fixture guide (tests/fixtures/store/mini-guide.txt, invented text) and
 * its report of running out of memory at any buffer's growth,
 * idempotent imports, search ranking and highlighted snippets with Japanese
 * substring queries (trigram, and the index of characters and character pairs
 * for terms of one or two characters, checked hit for hit against a plain
 * substring scan), every form of a word (composed, decomposed, half and full
 * width) finding every other with snippets marked as written (fold.c),
 * matches that overlap or touch marked as one span on both paths, the text
 * written once (kj_snippet), the
 * upgrade of a version-5 database to the index of characters and pairs and
 * of a version-6 one, indexed by the tokenizers of then, to the folded
 * indexes (and a failed upgrade leaving it as it was), the
 * JSONL round trip, saving analysed documents (added / unchanged /
 * re-analysed), and documents staying complete or absent when the saving
 * process is killed, and a one-row query that finds no row reported as
 * such. Each test's temporary directories are removed by its teardown,
 * also when it fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kaiji/store.h"
#include "kaiji/text.h"
#include "store/store_internal.h"

/* ---- Helpers ------------------------------------------------------------- */

typedef struct {
    char dir[256];
    char db[300];
} tmpdb;

/* A test's state (tmp_setup): the temporary directories it made, which
 * tmp_teardown removes whether the test passed or failed, in the process
 * that ran the setup only (a forked child that fails leaves them). */
typedef struct {
    char dirs[4][256];
    int n;
    pid_t owner;
} tmpdirs;

static int tmp_setup(void **state) {
    tmpdirs *d = calloc(1, sizeof *d);
    if (!d) return -1;
    d->owner = getpid();
    *state = d;
    return 0;
}

static int tmp_teardown(void **state) {
    tmpdirs *d = *state;
    int rc = 0;
    for (int i = 0; d && getpid() == d->owner && i < d->n; i++) {
        char cmd[320];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", d->dirs[i]);
        if (system(cmd) != 0) rc = -1;
    }
    free(d);
    *state = NULL;
    return rc;
}

/* A new temporary directory t, removed after the test (state: tmpdirs). */
static void tmp_make(void **state, tmpdb *t) {
    tmpdirs *d = *state;
    assert_true(d->n < (int)(sizeof d->dirs / sizeof d->dirs[0]));
    snprintf(t->dir, sizeof t->dir, "/tmp/kj-store-test-XXXXXX");
    assert_non_null(mkdtemp(t->dir));
    snprintf(d->dirs[d->n++], sizeof d->dirs[0], "%s", t->dir);
    snprintf(t->db, sizeof t->db, "%s/kaiji.db", t->dir);
}

static kj_store *open_ok(const char *path) {
    kj_store *s = NULL;
    kj_error err;
    kj_error_clear(&err);
    kj_status st = kj_store_open(path, 0, &s, &err);
    if (st != KJ_OK) fail_msg("open %s: %s", path, err.msg);
    return s;
}

/* A new database in a new temporary directory t (tmp_make), open. */
static kj_store *tmp_store(void **state, tmpdb *t) {
    tmp_make(state, t);
    return open_ok(t->db);
}

static void sql(const char *path, const char *q) {
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, q, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", q, msg);
    sqlite3_close(db);
}

/* Open the database at path and step q to its first row, which must be
 * there; finalise *st and close *db after reading it. */
static void first_row(const char *path, const char *q, sqlite3 **db, sqlite3_stmt **st) {
    assert_int_equal(sqlite3_open(path, db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(*db, q, -1, st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(*st), SQLITE_ROW);
}

static long long sql_int(const char *path, const char *q) {
    sqlite3 *db;
    sqlite3_stmt *st;
    first_row(path, q, &db, &st);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* The first column of q's first row as text (malloc'd, NUL-terminated: free
 * it); its length in bytes in *len unless len is NULL. */
static char *sql_text(const char *path, const char *q, size_t *len) {
    sqlite3 *db;
    sqlite3_stmt *st;
    first_row(path, q, &db, &st);
    const unsigned char *t = sqlite3_column_text(st, 0);
    assert_non_null(t);
    size_t n = (size_t)sqlite3_column_bytes(st, 0);
    char *v = malloc(n + 1);
    assert_non_null(v);
    memcpy(v, t, n);
    v[n] = '\0';
    if (len) *len = n;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static char *slurp(const char *path, size_t *len) {
    char *d;
    kj_error err;
    assert_int_equal(kj_read_file(path, 0, &d, len, &err), KJ_OK);
    return d;
}

static const char *fixture(const char *name, char *buf, size_t n) {
    const char *f = __FILE__; /* .../tests/unit/test_store.c */
    const char *cut = strstr(f, "tests/unit/");
    snprintf(buf, n, "%.*stests/fixtures/store/%s", (int)(cut ? cut - f : 0), f, name);
    return buf;
}

static const kj_marks marks = {"[[", "]]"};

static int64_t add_case(kj_store *s, const char *key, int item, const char *company, int year,
                        const char *doc, const char *body) {
    kj_case c = {.key = key,
                 .item = item,
                 .company = company,
                 .year = year,
                 .document = doc,
                 .title = company,
                 .body = body,
                 .source = KJ_CASE_IMPORT};
    int64_t id = 0;
    int added = 0;
    kj_error err;
    if (kj_store_case_add(s, &c, &id, &added, &err) != KJ_OK) fail_msg("%s", err.msg);
    assert_true(added);
    return id;
}

/* ---- SHA-256 ------------------------------------------------------------- */

static void test_sha256(void **state) {
    (void)state;
    char hex[65];
    kj_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    kj_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    kj_sha256_hex(m, strlen(m), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* ---- Schema ---------------------------------------------------------------- */

static void test_schema_created(void **state) {
    tmpdb t;
    tmp_make(state, &t);
    char nested[400];
    snprintf(nested, sizeof nested, "%s/a/b/kaiji.db", t.dir); /* directories are created */
    kj_store *s = open_ok(nested);
    assert_int_equal(kj_store_schema_version(s), KJ_STORE_SCHEMA_VERSION);
    kj_store_close(s);
    assert_int_equal(sql_int(nested, "PRAGMA user_version"), KJ_STORE_SCHEMA_VERSION);
    assert_int_equal(sql_int(nested, "SELECT count(*) FROM sqlite_schema WHERE name IN"
                                     " ('documents','passages','classifications','assessments',"
                                     "'cases','cases_fts','passages_fts','guide_refs')"),
                     8);
    char *mode = sql_text(nested, "PRAGMA journal_mode", NULL);
    assert_string_equal(mode, "wal");
    free(mode);
    /* reopening an up-to-date database changes nothing */
    s = open_ok(nested);
    assert_int_equal(kj_store_schema_version(s), KJ_STORE_SCHEMA_VERSION);
    kj_store_close(s);
}

/* The version-1 schema exactly as kaiji 0.1 created it. */
static const char *v1_schema =
    "CREATE TABLE documents(id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, company TEXT,"
    " code TEXT, industry TEXT, doc_type TEXT, fiscal_year INTEGER, source TEXT, format TEXT,"
    " lang TEXT, model_version TEXT, lexicon_version TEXT, n_passages INTEGER NOT NULL DEFAULT 0,"
    " added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE TABLE passages(id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL REFERENCES"
    " documents(id) ON DELETE CASCADE, idx INTEGER NOT NULL, text TEXT NOT NULL, page INTEGER,"
    " section TEXT, heading TEXT, char_start INTEGER, char_end INTEGER, kind TEXT, lang TEXT,"
    " UNIQUE(doc_id, idx));"
    "CREATE TABLE classifications(passage_id INTEGER PRIMARY KEY REFERENCES passages(id) ON"
    " DELETE CASCADE, model_version TEXT NOT NULL, lexicon_version TEXT, primary_item INTEGER,"
    " items TEXT, scores TEXT, elements TEXT, spec INTEGER, evidence TEXT);"
    "CREATE TABLE assessments(doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE"
    " CASCADE, model_version TEXT NOT NULL, data TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT"
    " (strftime('%Y-%m-%dT%H:%M:%SZ','now')), PRIMARY KEY(doc_id, model_version));"
    "CREATE TABLE cases(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, item INTEGER NOT NULL"
    " CHECK(item BETWEEN 1 AND 10), elements TEXT, company TEXT, document TEXT, doc_type TEXT,"
    " year INTEGER, title TEXT, body TEXT NOT NULL, commentary TEXT, note TEXT, tags TEXT,"
    " source TEXT NOT NULL CHECK(source IN ('guide','passage','import')), passage_id INTEGER"
    " REFERENCES passages(id) ON DELETE SET NULL, created_at TEXT NOT NULL DEFAULT"
    " (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX passages_doc ON passages(doc_id);CREATE INDEX cases_item ON cases(item);"
    "CREATE INDEX cases_passage ON cases(passage_id);"
    "INSERT INTO cases(key, item, company, body, source) VALUES ('old-1', 7, '古い会社',"
    " '旧版で登録したインシデント対応の事例です。', 'import');"
    "PRAGMA application_id = 1262569802; PRAGMA user_version = 1;";

static void test_migrate_v1(void **state) {
    tmpdb t;
    tmp_make(state, &t);
    sql(t.db, v1_schema);
    assert_int_equal(sql_int(t.db, "PRAGMA user_version"), 1);
    kj_store *s = open_ok(t.db);
    assert_int_equal(kj_store_schema_version(s), KJ_STORE_SCHEMA_VERSION);
    /* the old case is now searchable (FTS index rebuilt during migration) */
    kj_arena *ar = kj_arena_new();
    kj_hit *h;
    size_t n;
    kj_error err;
    assert_int_equal(kj_store_case_search(s, "インシデント", NULL, &marks, ar, &h, &n, &err),
                     KJ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].key, "old-1");
    /* and through the short-term index (v6), built from the stored rows */
    assert_int_equal(kj_store_case_search(s, "旧版", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].key, "old-1");
    /* and the v3 table exists and works */
    kj_guide_ref *r;
    assert_int_equal(kj_store_refs(s, ar, &r, &n, &err), KJ_OK);
    assert_int_equal(n, 0);
    kj_arena_free(ar);
    kj_store_close(s);
    assert_int_equal(sql_int(t.db, "PRAGMA user_version"), KJ_STORE_SCHEMA_VERSION);
}

/* Another kaiji creating the same new database while this one opens it:
 * the other's whole creation (tables, application id, schema version,
 * committed at once) happens just before this one's statement that counts
 * the schema's objects runs. Set by an SQLite auto extension on every new
 * connection, which traces its statements. */
static const char *race_path; /* the database both open */
static int race_done;

static int race_trace(unsigned type, void *ctx, void *stmt, void *sql) {
    (void)ctx;
    (void)stmt;
    if (type != SQLITE_TRACE_STMT || race_done || !strstr((const char *)sql, "sqlite_schema"))
        return 0;
    race_done = 1;
    kj_store_close(open_ok(race_path)); /* the other kaiji, from start to end */
    return 0;
}

static int race_hook(sqlite3 *db, const char **msg, const struct sqlite3_api_routines *api) {
    (void)msg;
    (void)api;
    sqlite3_trace_v2(db, SQLITE_TRACE_STMT, race_trace, NULL);
    return SQLITE_OK;
}

/* What a database says it is (its schema version, application id and
 * objects) is read at one moment, so another kaiji creating it between two
 * reads does not make it look like another application's database. */
static void test_open_while_created(void **state) {
    tmpdb t;
    tmp_make(state, &t);
    race_path = t.db;
    race_done = 0;
    sqlite3_auto_extension((void (*)(void))race_hook);
    kj_store *s = NULL;
    kj_error err;
    kj_error_clear(&err);
    kj_status st = kj_store_open(t.db, 0, &s, &err);
    sqlite3_cancel_auto_extension((void (*)(void))race_hook);
    assert_true(race_done);
    if (st != KJ_OK) fail_msg("open while another creates it: %s", err.msg);
    assert_int_equal(kj_store_schema_version(s), KJ_STORE_SCHEMA_VERSION);
    kj_store_close(s);
}

static void test_newer_schema_refused(void **state) {
    tmpdb t;
    tmp_make(state, &t);
    kj_store_close(open_ok(t.db));
    sql(t.db, "PRAGMA user_version = 99");
    kj_store *s = NULL;
    kj_error err;
    kj_error_clear(&err);
    assert_int_not_equal(kj_store_open(t.db, 0, &s, &err), KJ_OK);
    assert_null(s);
    char want[512];
    snprintf(want, sizeof want,
             "%s: schema version 99 is newer than this kaiji supports (%d); upgrade kaiji", t.db,
             KJ_STORE_SCHEMA_VERSION);
    assert_string_equal(err.msg, want);
    assert_int_equal(sql_int(t.db, "PRAGMA user_version"), 99);
}

static void expect_refused_untouched(const char *path, const char *want_part) {
    size_t len0, len1;
    char *before = slurp(path, &len0);
    kj_store *s = NULL;
    kj_error err;
    kj_error_clear(&err);
    assert_int_not_equal(kj_store_open(path, 0, &s, &err), KJ_OK);
    assert_null(s);
    if (!strstr(err.msg, want_part)) fail_msg("message '%s' lacks '%s'", err.msg, want_part);
    assert_non_null(strstr(err.msg, path));
    char *after = slurp(path, &len1);
    assert_int_equal(len0, len1);
    assert_memory_equal(before, after, len0);
    char wal[400];
    snprintf(wal, sizeof wal, "%s-wal", path);
    struct stat st;
    assert_int_not_equal(stat(wal, &st), 0);
    free(before);
    free(after);
}

static void test_not_a_database(void **state) {
    tmpdb t;
    tmp_make(state, &t);
    FILE *f = fopen(t.db, "wb");
    fputs("これはデータベースではありません。just some text, long enough to matter\n", f);
    fclose(f);
    expect_refused_untouched(t.db, "not a kaiji database (file is not a database)");
    /* a real SQLite database whose first page is corrupt */
    unlink(t.db);
    kj_store_close(open_ok(t.db));
    sql(t.db, "PRAGMA journal_mode = DELETE");
    f = fopen(t.db, "r+b");
    fseek(f, 100, SEEK_SET);
    for (int i = 0; i < 3000; i++)
        fputc(0xA5, f);
    fclose(f);
    expect_refused_untouched(t.db, "damaged database, left as it is (database disk image is "
                                   "malformed)");
    /* an SQLite database of another application */
    unlink(t.db);
    sql(t.db, "CREATE TABLE notes(x); INSERT INTO notes VALUES (1)");
    expect_refused_untouched(t.db, "another application");
}

/* ---- The guide ---------------------------------------------------------------- */

static void test_guide_parse(void **state) {
    (void)state;
    char path[512];
    size_t len;
    char *text = slurp(fixture("mini-guide.txt", path, sizeof path), &len);
    kj_arena *ar = kj_arena_new();
    kj_guide g;
    kj_error err;
    assert_int_equal(kj_guide_parse(path, text, len, ar, &g, &err), KJ_OK);
    assert_int_equal(g.n_examples, 5);
    static const int items[] = {1, 1, 3, 7, 9};
    for (int i = 0; i < 5; i++)
        assert_int_equal(g.examples[i].item, items[i]);
    kj_guide_example *e = &g.examples[0];
    assert_string_equal(e->header, "株式会社つばめ精工 統合報告書 2023");
    assert_string_equal(e->company, "株式会社つばめ精工");
    assert_string_equal(e->document, "統合報告書");
    assert_string_equal(e->doc_type, "integrated");
    assert_int_equal(e->year, 2023);
    /* the footnote is dropped; a line wrapped at the margin goes on in the
     * next, short lines (a title, a bulleted heading) stay lines; commentary
     * joined */
    assert_null(strstr(e->body, "脚注"));
    assert_string_equal(e->body,
                        "社長メッセージ\n■ 守りを経営の柱に\n当社は、工場の制御ネットワークを含む"
                        "すべての情報資産の防御を経営の柱と位置づけ、取締役会が毎年その進み具合を"
                        "確かめています。");
    /* a line ending a sentence stays a line although it runs to the margin */
    assert_string_equal(
        g.examples[1].body,
        "情報セキュリティ基本方針\n青嵐グループは、お客様からお預かりした設計図面を"
        "守るため、暗号化と持ち出し制限をグループ全社で徹底しています。\n方針の全文は"
        "ウェブサイトで公開しています。");
    assert_string_equal(e->commentary,
                        "社長自らの言葉で守りの方針を示した事例である。取締役会による確認の"
                        "仕組みまで書かれており、経営層の関与がわかる内容となっている。");
    /* a commentary without the guide's stock phrase (after the separator line) */
    e = &g.examples[2];
    assert_int_equal(e->year, 2021);
    assert_string_equal(e->document, "有価証券報告書");
    assert_string_equal(e->commentary,
                        "訓練の回数と成果を数値で示しており、取組の効果を読み手が確かめられる。");
    assert_null(strstr(e->body, "訓練の回数"));
    /* a commentary starting right after the body, without a blank line */
    e = &g.examples[3];
    assert_non_null(strstr(e->body, "①初動対応の手順書の整備"));
    assert_true(
        strncmp(e->commentary, "インシデント対応の体制と演習に関する情報開示である。", 30) == 0);
    /* the closing text after the last example is not commentary; page numbers gone */
    e = &g.examples[4];
    assert_null(strstr(e->commentary, "はじめに"));
    assert_null(strstr(g.examples[1].commentary, "41"));
    assert_int_equal(g.n_refs, 3);
    assert_string_equal(g.refs[0].title, "統合報告書 2023");
    assert_string_equal(g.refs[0].company, "株式会社つばめ精工");
    assert_string_equal(g.refs[1].title, "サステナビリティ報告書 2022");
    assert_string_equal(g.refs[1].note, "方針が具体的。");
    assert_int_equal(g.refs[2].year, 2024);
    /* text that is not the guide */
    kj_guide g2;
    kj_error_clear(&err);
    assert_int_equal(kj_guide_parse("x.txt", "ただの文章です。\n", 22, ar, &g2, &err),
                     KJ_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "x.txt: no worked examples"));
    kj_arena_free(ar);
    free(text);
}

/* Reallocations to let through before one fails, or -1 when none is to:
 * test_store is linked with -Wl,--wrap=realloc (CMakeLists.txt), so every
 * realloc the library makes (a kj_buf growing) comes here. */
static long realloc_fails_in = -1;

void *__real_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n);

void *__wrap_realloc(void *p, size_t n) {
    if (realloc_fails_in >= 0 && realloc_fails_in-- == 0) return NULL;
    return __real_realloc(p, n);
}

/* The same for malloc (-Wl,--wrap=malloc): the arena's chunks. */
static long malloc_fails_in = -1;

void *__real_malloc(size_t n);
void *__wrap_malloc(size_t n);

void *__wrap_malloc(size_t n) {
    if (malloc_fails_in >= 0 && malloc_fails_in-- == 0) return NULL;
    return __real_malloc(n);
}

/* Read the guide text (len bytes, named path) into a fresh arena, first
 * filled by fill bytes, with the k+1st call counted by *fails_in (the
 * realloc or malloc counter above) made to fail. Returns the number of
 * failures that happened (0 when the reading made no k+1st call, and then
 * it must have succeeded); a failure must give KJ_ERR_NOMEM and say so. */
static int parse_failing(long *fails_in, long k, size_t fill, const char *path, const char *text,
                         size_t len) {
    kj_arena *ar = kj_arena_new();
    assert_true(fill == 0 || kj_arena_alloc(ar, fill) != NULL);
    kj_guide g;
    kj_error err;
    kj_error_clear(&err);
    *fails_in = k;
    kj_status st = kj_guide_parse(path, text, len, ar, &g, &err);
    bool failed = *fails_in < 0; /* the k+1st call came and failed */
    *fails_in = -1;
    kj_arena_free(ar);
    if (!failed)
        assert_int_equal(st, KJ_OK);
    else if (st != KJ_ERR_NOMEM || !strstr(err.msg, "out of memory"))
        fail_msg("fill %zu, allocation %ld of the guide's failed: status %d, \"%s\"", fill, k + 1,
                 (int)st, err.msg);
    return failed;
}

/* Out of memory while the guide is read, at any of its buffers' growths:
 * kj_guide_parse says so (KJ_ERR_NOMEM and the file's name), never a
 * guide whose texts were cut short where a buffer could not grow. */
static void test_guide_out_of_memory(void **state) {
    (void)state;
    char path[512];
    size_t len;
    char *text = slurp(fixture("mini-guide.txt", path, sizeof path), &len);
    long k = 0;
    while (parse_failing(&realloc_fails_in, k, 0, path, text, len))
        k++;
    assert_true(k > 0); /* reading the guide grows some buffer */
    free(text);
}

/* Out of memory while the guide is read, at any new chunk of its arena:
 * KJ_ERR_NOMEM, never a crash on a token or a header that could not be
 * copied. The arena is filled first by a varying amount, so that the chunk
 * runs out at a different allocation of the reading each time. */
static void test_guide_arena_out_of_memory(void **state) {
    (void)state;
    char path[512];
    size_t len;
    char *text = slurp(fixture("mini-guide.txt", path, sizeof path), &len);
    int failures = 0;
    for (size_t fill = 0; fill < 64 * 1024; fill += 128)
        for (long k = 0; parse_failing(&malloc_fails_in, k, fill, path, text, len); k++)
            failures++;
    assert_true(failures > 100);
    free(text);
}

/* A line of the invented guide below that runs to its margin. */
#define KJ_FULL_LINE                                                                               \
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"

/* Which lines of a quoted body are wraps: a line that runs to the margin
 * goes on in the next, unless it ends a sentence or the next line is
 * indented or opens with a bullet or a list number; a body of short lines
 * has no margin, however many spaces end a line. */
static void test_guide_wraps(void **state) {
    (void)state;
    static const char text[] = "（３）記載例\n"
                               "① 試験の項目に関する情報開示\n"
                               "記載例① 架空株式会社 統合報告書 2024\n"
                               "見出しの行\n" KJ_FULL_LINE "アイウ\n"
                               "エオカキクケコ。\n" KJ_FULL_LINE "。\n"
                               "続く文の行である。\n" KJ_FULL_LINE "ア\n"
                               " 字下げで始まる段落。\n" KJ_FULL_LINE "ア\n"
                               "■ 箇条の見出し\n" KJ_FULL_LINE "ア\n"
                               "• 点の箇条\n" KJ_FULL_LINE "ア\n"
                               "（１）番号の見出し\n" KJ_FULL_LINE "ア\n"
                               "2. 番号の箇条\n"
                               " 試験のための事例である。\n"
                               "記載例② 架空商事株式会社 統合報告書 2024\n"
                               "短い行です                                                  \n"
                               "続きの行です\n"
                               " 試験のための事例である。\n";
    kj_arena *ar = kj_arena_new();
    kj_guide g;
    kj_error err;
    assert_int_equal(kj_guide_parse("wraps.txt", text, strlen(text), ar, &g, &err), KJ_OK);
    assert_int_equal(g.n_examples, 2);
    assert_string_equal(g.examples[0].body,
                        "見出しの行\n" KJ_FULL_LINE "アイウエオカキクケコ。\n" KJ_FULL_LINE "。\n"
                        "続く文の行である。\n" KJ_FULL_LINE
                        "ア\n字下げで始まる段落。\n" KJ_FULL_LINE
                        "ア\n■ 箇条の見出し\n" KJ_FULL_LINE "ア\n• 点の箇条\n" KJ_FULL_LINE
                        "ア\n（１）番号の見出し\n" KJ_FULL_LINE "ア\n2. 番号の箇条");
    assert_string_equal(g.examples[0].commentary, "試験のための事例である。");
    assert_string_equal(g.examples[1].body, "短い行です\n続きの行です");
    kj_arena_free(ar);
}

/* A hyphen at the end of a wrapped line of the guide stays: the guide and
 * the reports it quotes are Japanese, which breaks no English word with
 * one, so "risk-" over "based" is the compound risk-based, in a quoted
 * body and in the commentary alike. A hyphen before a capital stayed
 * already. */
static void test_guide_hyphens(void **state) {
    (void)state;
    static const char text[] = "（３）記載例\n"
                               "① 試験の項目に関する情報開示\n"
                               "記載例① 架空株式会社 統合報告書 2024\n" KJ_FULL_LINE " risk-\n"
                               "based の考え方で対策を選んでいます。\n" KJ_FULL_LINE " e-\n"
                               "learning の研修を続けています。\n" KJ_FULL_LINE " ACME-\n"
                               "CERT と連携しています。\n"
                               " 試験のための事例である。end-\n"
                               "to-end の監視を評価した。\n";
    kj_arena *ar = kj_arena_new();
    kj_guide g;
    kj_error err;
    assert_int_equal(kj_guide_parse("hyphens.txt", text, strlen(text), ar, &g, &err), KJ_OK);
    assert_int_equal(g.n_examples, 1);
    assert_string_equal(g.examples[0].body,
                        KJ_FULL_LINE " risk-based の考え方で対策を選んでいます。\n" KJ_FULL_LINE
                                     " e-learning の研修を続けています。\n" KJ_FULL_LINE
                                     " ACME-CERT と連携しています。");
    assert_string_equal(g.examples[0].commentary,
                        "試験のための事例である。end-to-end の監視を評価した。");
    kj_arena_free(ar);
}

/* A quoted line that closes a quote (」 or 』) at the margin ends its
 * passage when a blank line follows, though it ends no sentence; right
 * above the next line, with no blank line, it wraps into it as any line
 * at the margin does. A line that closes no quote still wraps across a
 * blank line (the guide's text layer puts them inside paragraphs). */
static void test_guide_quotes(void **state) {
    (void)state;
    static const char text[] =
        "（３）記載例\n"
        "① 試験の項目に関する情報開示\n"
        "記載例① 架空株式会社 統合報告書 2024\n" KJ_FULL_LINE "「守りの方針」\n"
        "\n"
        "続く段落の行です。\n" KJ_FULL_LINE "『安全の手引き』\n"
        "\n"
        "次の段落の行です。\n" KJ_FULL_LINE "「方針」\n"
        "を全社に周知しています。\n" KJ_FULL_LINE "アイ\n"
        "\n"
        "ウエオの続きです。\n"
        " 試験のための事例である。\n";
    kj_arena *ar = kj_arena_new();
    kj_guide g;
    kj_error err;
    assert_int_equal(kj_guide_parse("quotes.txt", text, strlen(text), ar, &g, &err), KJ_OK);
    assert_int_equal(g.n_examples, 1);
    assert_string_equal(g.examples[0].body, KJ_FULL_LINE
                        "「守りの方針」\n続く段落の行です。\n" KJ_FULL_LINE
                        "『安全の手引き』\n次の段落の行です。\n" KJ_FULL_LINE
                        "「方針」を全社に周知しています。\n" KJ_FULL_LINE "アイウエオの続きです。");
    kj_arena_free(ar);
}

static void test_guide_import_idempotent(void **state) {
    tmpdb t;
    tmp_make(state, &t);
    char path[512];
    size_t len;
    char *text = slurp(fixture("mini-guide.txt", path, sizeof path), &len);
    kj_arena *ar = kj_arena_new();
    kj_guide g;
    kj_error err;
    assert_int_equal(kj_guide_parse(path, text, len, ar, &g, &err), KJ_OK);
    kj_store *s = open_ok(t.db);
    size_t c1, r1, c2, r2;
    assert_int_equal(kj_store_import_guide(s, &g, &c1, &r1, &err), KJ_OK);
    assert_int_equal(c1, 5);
    assert_int_equal(r1, 3);
    assert_int_equal(kj_store_import_guide(s, &g, &c2, &r2, &err), KJ_OK);
    assert_int_equal(c2, 0);
    assert_int_equal(r2, 0);
    int64_t n;
    assert_int_equal(kj_store_case_count(s, &n, &err), KJ_OK);
    assert_int_equal(n, 5);
    kj_case *cs;
    size_t nc;
    assert_int_equal(kj_store_case_list(s, 1, "guide", ar, &cs, &nc, &err), KJ_OK);
    assert_int_equal(nc, 2);
    assert_string_equal(cs[0].key, "mic2019-01-1");
    assert_string_equal(cs[1].key, "mic2019-01-2");
    kj_store_close(s);
    kj_arena_free(ar);
    free(text);
}

/* ---- Search ------------------------------------------------------------------- */

static void fill_search_cases(kj_store *s) {
    add_case(s, "a", 7, "株式会社あおぞら", 2020, "統合報告書",
             "インシデント発生時にはCSIRTが初動対応を行います。インシデントの記録を残し、"
             "インシデント対応の訓練を毎年行っています。");
    add_case(s, "b", 7, "株式会社いなほ", 2021, "CSRレポート",
             "当社は情報セキュリティ委員会を設け、方針を定めています。重大なインシデントは"
             "取締役会に報告します。そのほか多くの取組を進めています。");
    add_case(s, "c", 3, "株式会社うみかぜ", 2021, "有価証券報告書",
             "全従業員に年2回の標的型メール訓練を実施しています。");
    add_case(s, "d", 9, "株式会社えにし", 2022, "統合報告書",
             "委託先には毎年アンケートを行い、監査で確認しています。");
}

static void test_search_ranking_snippets(void **state) {
    tmpdb t;
    kj_store *s = tmp_store(state, &t);
    fill_search_cases(s);
    kj_arena *ar = kj_arena_new();
    kj_hit *h;
    size_t n;
    kj_error err;
    /* ranking: three mentions in a short text beat one in a longer one */
    assert_int_equal(kj_store_case_search(s, "インシデント", NULL, &marks, ar, &h, &n, &err),
                     KJ_OK);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].key, "a");
    assert_string_equal(h[1].key, "b");
    assert_true(h[0].score > h[1].score);
    assert_non_null(strstr(h[0].snippet, "[[インシデント]]"));
    /* a substring inside a word (trigram) */
    assert_int_equal(kj_store_case_search(s, "シデン", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 2);
    assert_non_null(strstr(h[1].snippet, "[[シデン]]"));
    /* two terms must both occur */
    assert_int_equal(
        kj_store_case_search(s, "インシデント 取締役会", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].key, "b");
    /* filters */
    kj_search_filter f = {.year = 2020};
    assert_int_equal(kj_store_case_search(s, "インシデント", &f, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].key, "a");
    kj_search_filter f2 = {.doc_type = "sustainability"};
    assert_int_equal(kj_store_case_search(s, "インシデント", &f2, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].key, "b");
    /* short terms (fewer than three characters) use the scan */
    assert_int_equal(kj_store_case_search(s, "訓練", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 2);
    assert_non_null(strstr(h[0].snippet, "[[訓練]]"));
    kj_search_filter f3 = {.item = 3};
    assert_int_equal(kj_store_case_search(s, "訓練", &f3, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].key, "c");
    assert_int_equal(kj_store_case_search(s, "監査", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].key, "d");
    /* company names are searched too; nothing found is not an error */
    assert_int_equal(kj_store_case_search(s, "うみかぜ", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(kj_store_case_search(s, "存在しない語句", NULL, &marks, ar, &h, &n, &err),
                     KJ_OK);
    assert_int_equal(n, 0);
    /* quotes in a query are taken literally */
    assert_int_equal(kj_store_case_search(s, "\"CSIRT\"", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(kj_store_case_search(s, "  ", NULL, &marks, ar, &h, &n, &err), KJ_ERR_ARG);
    kj_arena_free(ar);
    kj_store_close(s);
}

/* ---- JSONL ------------------------------------------------------------------------ */

static char *export_str(kj_store *s, size_t *count) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    kj_error err;
    assert_int_equal(kj_store_cases_export(s, f, count, &err), KJ_OK);
    fclose(f);
    return buf;
}

static void test_jsonl_round_trip(void **state) {
    tmpdb t, u;
    tmp_make(state, &t);
    tmp_make(state, &u);
    kj_store *s = open_ok(t.db);
    fill_search_cases(s);
    kj_case c = {.key = "with-all",
                 .item = 10,
                 .elements = "10.1,10.2",
                 .company = "架空\"社\"",
                 .document = "アニュアルレポート",
                 .year = 2019,
                 .title = "題\n名",
                 .body = "ISAC に加盟し\tJPCERT/CC の情報を使っています。",
                 .commentary = "注釈",
                 .note = "メモ",
                 .tags = "共有,isac",
                 .source = KJ_CASE_GUIDE};
    int64_t id;
    int added;
    kj_error err;
    assert_int_equal(kj_store_case_add(s, &c, &id, &added, &err), KJ_OK);
    size_t n1, n2, a, sk;
    char *out1 = export_str(s, &n1);
    assert_int_equal(n1, 5);
    kj_store *s2 = open_ok(u.db);
    FILE *in = fmemopen(out1, strlen(out1), "r");
    assert_int_equal(kj_store_cases_import_jsonl(s2, "mem.jsonl", in, &a, &sk, &err), KJ_OK);
    fclose(in);
    assert_int_equal(a, 5);
    assert_int_equal(sk, 0);
    char *out2 = export_str(s2, &n2);
    assert_string_equal(out1, out2);
    /* again: nothing added */
    in = fmemopen(out1, strlen(out1), "r");
    assert_int_equal(kj_store_cases_import_jsonl(s2, "mem.jsonl", in, &a, &sk, &err), KJ_OK);
    fclose(in);
    assert_int_equal(a, 0);
    assert_int_equal(sk, 5);
    /* a bad line rolls the whole file back and names the line */
    const char *bad =
        "{\"key\":\"n1\",\"item\":2,\"body\":\"よい行\"}\n{\"item\":11,\"body\":\"x\"}\n";
    in = fmemopen((void *)bad, strlen(bad), "r");
    kj_error_clear(&err);
    assert_int_equal(kj_store_cases_import_jsonl(s2, "bad.jsonl", in, &a, &sk, &err),
                     KJ_ERR_FORMAT);
    fclose(in);
    assert_non_null(strstr(err.msg, "bad.jsonl:2:"));
    int64_t count;
    assert_int_equal(kj_store_case_count(s2, &count, &err), KJ_OK);
    assert_int_equal(count, 5);
    free(out1);
    free(out2);
    kj_store_close(s);
    kj_store_close(s2);
}

/* ---- Documents -------------------------------------------------------------------- */

typedef struct {
    kj_document doc;
    kj_block blocks[64];
    kj_passage passages[64];
    kj_classification cls[64];
    kj_evidence ev[64];
    kj_doc_analysis a;
    char texts[64][96];
} fake_doc;

/* A synthetic analysed document of n passages (no other stage needed). */
static void fake_make(fake_doc *f, int n, const char *tag, int primary) {
    memset(f, 0, sizeof *f);
    f->doc.path = "fake.txt";
    f->doc.format = KJ_FORMAT_TEXT;
    f->doc.blocks = f->blocks;
    f->doc.n_blocks = (size_t)n;
    size_t off = 0;
    for (int i = 0; i < n; i++) {
        int w = snprintf(f->texts[i], sizeof f->texts[i], "%s 第%d段落：CSIRT を設置し訓練を行う。",
                         tag, i);
        assert_true(w > 0 && (size_t)w < sizeof f->texts[i]);
        size_t len = strlen(f->texts[i]), chars = kj_utf8_count(f->texts[i], len);
        f->blocks[i] =
            (kj_block){.text = f->texts[i], .len = len, .start = off, .end = off + chars};
        f->passages[i] = (kj_passage){.index = (size_t)i,
                                      .text = f->texts[i],
                                      .len = len,
                                      .lang = KJ_LANG_JA,
                                      .heading = "体制",
                                      .lead = i == 3 ? "Vendor Oversight" : NULL,
                                      .page = 1 + i / 10,
                                      .line = i == 3 ? 157 : 0,
                                      .start = off,
                                      .end = off + chars};
        off += chars + 1;
        kj_classification *c = &f->cls[i];
        c->primary = primary;
        c->items[0] = primary;
        c->n_items = primary ? 1 : 0;
        c->scores[primary ? primary : 1] = 0.8f;
        c->elements[0] = 14; /* 7.1 */
        c->n_elements = primary ? 1 : 0;
        f->ev[i] = (kj_evidence){
            .item = 7, .element = 14, .term = "CSIRT", .start = 10, .end = 15, .weight = 0.5f};
        c->evidence = &f->ev[i];
        c->n_evidence = 1;
    }
    f->a.doc = &f->doc;
    f->a.passages.items = f->passages;
    f->a.passages.n = (size_t)n;
    f->a.cls = f->cls;
    f->a.lang = KJ_LANG_JA;
}

/* fake_make into a new fake_doc (free it). */
static fake_doc *fake_new(int n, const char *tag, int primary) {
    fake_doc *f = malloc(sizeof *f);
    assert_non_null(f);
    fake_make(f, n, tag, primary);
    return f;
}

/* ---- Short terms ------------------------------------------------------------------ */

/* Texts of the short-term tests: terms at the very start and end of a text,
 * one-character texts, Latin letters in either case, separators between
 * letters (no match across them), full-width letters (found by their ASCII
 * form and the other way round). */
static const char *const short_texts_a[] = {
    "監査を毎年行っています。",
    "年に一度、全社で訓練",
    "訓練と監査の結果を取締役会に報告します。",
    "IT部門がAIを使った監視を行います。",
    "it and Ai, in any case: iT aI",
    "I T と a i は離れています",
    "訓\n練と改行で分かれた語",
    "監",
    "ＩＴ全角の文字",
    "情報セキュリティ訓練計画",
    "訓練、訓練、また訓練",
    "ab\u3000cd ideographic space", /* U+3000, E3 80 80 */
};
static const char *const short_texts_b[] = {
    "訓練を実施しています。",
    "インシデント対応の演習",
    "ITガバナンスと訓練",
    "年間計画の監",
};
#define N_SHORT_A (sizeof short_texts_a / sizeof *short_texts_a)
#define N_SHORT_B (sizeof short_texts_b / sizeof *short_texts_b)

/* Save texts as one analysed document (primary item, year, type). */
static int64_t save_texts(kj_store *s, const char *const *texts, size_t n, int primary, int year,
                          const char *doc_type, const char *company) {
    fake_doc *f = fake_new((int)n, "x", primary);
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(texts[i]), chars = kj_utf8_count(texts[i], len);
        f->blocks[i].text = f->passages[i].text = texts[i];
        f->blocks[i].len = f->passages[i].len = len;
        f->blocks[i].start = f->passages[i].start = off;
        f->blocks[i].end = f->passages[i].end = off + chars;
        off += chars + 1;
    }
    kj_doc_meta m = {
        .company = company, .fiscal_year = year, .doc_type = doc_type, .model_version = "m1"};
    int64_t id;
    kj_save_result r;
    kj_error err;
    if (kj_store_save_analysis(s, &f->a, &m, &id, &r, &err) != KJ_OK) fail_msg("%s", err.msg);
    free(f);
    return id;
}

/* Whether every space-separated term of query occurs in text, both in
 * kaiji's matching form (kj_normalize: NFKC, so full-width letters and
 * half-width or decomposed kana read as the others; ASCII in lower case; a
 * line break inside a Japanese word taken out): the reference for the
 * index, a plain substring scan. */
static int text_matches(const char *text, const char *query) {
    kj_arena *ar = kj_arena_new();
    kj_norm t, q;
    assert_int_equal(kj_normalize(ar, text, strlen(text), &t), KJ_OK);
    assert_int_equal(kj_normalize(ar, query, strlen(query), &q), KJ_OK);
    int all = 1;
    for (char *save = NULL, *w = strtok_r(q.text, " ", &save); w && all;
         w = strtok_r(NULL, " ", &save))
        all = strstr(t.text, w) != NULL;
    kj_arena_free(ar);
    return all;
}

/* Passage search for query must return exactly the texts the reference finds
 * (a and/or b as the filter allows), each once, best first; returns the hits. */
static kj_hit *expect_passages(kj_store *s, const char *query, const kj_search_filter *f, int in_a,
                               int in_b, kj_arena *ar, size_t *n) {
    kj_hit *h;
    kj_error err;
    kj_search_filter all = {.limit = 100};
    if (!f) f = &all;
    if (kj_store_passage_search(s, query, f, &marks, ar, &h, n, &err) != KJ_OK)
        fail_msg("%s: %s", query, err.msg);
    size_t want = 0;
    for (size_t i = 0; in_a && i < N_SHORT_A; i++)
        want += (size_t)text_matches(short_texts_a[i], query);
    for (size_t i = 0; in_b && i < N_SHORT_B; i++)
        want += (size_t)text_matches(short_texts_b[i], query);
    if (*n != want) fail_msg("%s: %zu hits, want %zu", query, *n, want);
    for (size_t i = 0; i < *n; i++) {
        kj_stored_passage p;
        assert_int_equal(kj_store_passage_get(s, h[i].id, ar, &p, &err), KJ_OK);
        if (!text_matches(p.text, query)) fail_msg("%s: wrong hit %s", query, p.text);
        for (size_t j = 0; j < i; j++)
            assert_true(h[j].id != h[i].id);
        if (i) assert_true(h[i - 1].score >= h[i].score);
        assert_non_null(h[i].snippet);
        assert_non_null(strstr(h[i].snippet, "[["));
    }
    return h;
}

/* The snippet of the hit whose passage text is text. */
static const char *snippet_of(kj_store *s, kj_hit *h, size_t n, const char *text, kj_arena *ar) {
    kj_error err;
    for (size_t i = 0; i < n; i++) {
        kj_stored_passage p;
        assert_int_equal(kj_store_passage_get(s, h[i].id, ar, &p, &err), KJ_OK);
        if (strcmp(p.text, text) == 0) return h[i].snippet;
    }
    fail_msg("no hit for %s", text);
    return NULL;
}

/* Terms of three or more characters (the trigram index) match across width
 * and case too, and the snippet marks the text as written. */
static void test_search_width_folded(void **state) {
    tmpdb t;
    kj_store *s = tmp_store(state, &t);
    static const char *const texts[] = {"当社はＣＳＩＲＴを設置しています。",
                                        "The CSIRT meets every week.",
                                        "２０２４年度に訓練を実施しました。", "関係のない文です。"};
    save_texts(s, texts, 4, 7, 2024, "integrated", "株式会社かすみ");
    kj_arena *ar = kj_arena_new();
    kj_error err;
    kj_search_filter all = {.limit = 10};
    static const struct {
        const char *query;
        size_t hits;
        const char *mark; /* in some hit's snippet */
    } cases[] = {
        {"CSIRT", 2, "[[ＣＳＩＲＴ]]"},      {"csirt", 2, "[[CSIRT]]"},
        {"ＣＳＩＲＴ", 2, "[[CSIRT]]"},      {"ｃｓｉｒｔ", 2, "[[ＣＳＩＲＴ]]"},
        {"2024年度", 1, "[[２０２４年度]]"}, {"ＣＳＩＲＴを設置", 1, "[[ＣＳＩＲＴを設置]]"},
        {"CSIRT 設置", 1, "[[設置]]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        kj_hit *h;
        size_t n;
        if (kj_store_passage_search(s, cases[i].query, &all, &marks, ar, &h, &n, &err) != KJ_OK)
            fail_msg("%s: %s", cases[i].query, err.msg);
        if (n != cases[i].hits)
            fail_msg("%s: %zu hits, want %zu", cases[i].query, n, cases[i].hits);
        int marked = 0;
        for (size_t k = 0; k < n; k++)
            marked |= strstr(h[k].snippet, cases[i].mark) != NULL;
        if (!marked) fail_msg("%s: no snippet with %s", cases[i].query, cases[i].mark);
    }
    kj_arena_free(ar);
    kj_store_close(s);
}

static void test_search_short_terms(void **state) {
    tmpdb t;
    kj_store *s = tmp_store(state, &t);
    save_texts(s, short_texts_a, N_SHORT_A, 3, 2020, "integrated", "株式会社あおぞら");
    int64_t doc_b =
        save_texts(s, short_texts_b, N_SHORT_B, 7, 2021, "sustainability", "株式会社いなほ");
    kj_arena *ar = kj_arena_new();
    size_t n;
    kj_hit *h;
    /* every query, hit for hit, against the plain substring scan */
    static const char *const queries[] = {
        "訓練",
        "監査",
        "訓",
        "練",
        "監",
        "査",
        "演習",
        "改行",
        "計画",
        "画",
        "IT",
        "it",
        "It",
        "ai",
        "AI",
        "iT",
        "I",
        "t",
        "ＩＴ",
        "Ｉ",
        "訓練 監査",
        "監査 訓練",
        "訓練 情報セキュリティ",
        "IT 訓練",
        "ai 監視",
        "訓練 存在しない",
        "練と",
        "a",
        "ab",
        "cd",
        "b c",
        "bc",
        "「",
        "訓練訓練",
    };
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++)
        expect_passages(s, queries[q], NULL, 1, 1, ar, &n);
    /* a term at the very start and at the very end of a text */
    h = expect_passages(s, "監査", NULL, 1, 1, ar, &n);
    assert_int_equal(n, 2);
    assert_non_null(strstr(snippet_of(s, h, n, short_texts_a[0], ar), "[[監査]]を毎年"));
    h = expect_passages(s, "訓練", NULL, 1, 1, ar, &n);
    const char *sn = snippet_of(s, h, n, short_texts_a[1], ar);
    assert_string_equal(sn + strlen(sn) - strlen("で[[訓練]]"), "で[[訓練]]");
    /* one-character texts and terms at both ends */
    h = expect_passages(s, "監", NULL, 1, 1, ar, &n);
    assert_int_equal(n, 5); /* a0, a2, a3, a7 and b3 (its last character) */
    assert_string_equal(snippet_of(s, h, n, "監", ar), "[[監]]");
    assert_non_null(strstr(snippet_of(s, h, n, short_texts_b[3], ar), "の[[監]]"));
    /* Latin letters in either case and in full width, never across a separator */
    h = expect_passages(s, "IT", NULL, 1, 1, ar, &n);
    assert_int_equal(n, 4); /* a3, a4, a8 (ＩＴ), b2: not "I T" */
    assert_non_null(strstr(snippet_of(s, h, n, short_texts_a[8], ar), "[[ＩＴ]]全角"));
    assert_non_null(strstr(snippet_of(s, h, n, short_texts_a[3], ar), "[[IT]]部門"));
    assert_non_null(strstr(snippet_of(s, h, n, short_texts_a[4], ar), "[[it]] and"));
    assert_non_null(strstr(snippet_of(s, h, n, short_texts_a[4], ar), "[[iT]]"));
    h = expect_passages(s, "ai", NULL, 1, 1, ar, &n);
    assert_int_equal(n, 2); /* a3, a4 */
    assert_non_null(strstr(snippet_of(s, h, n, short_texts_a[3], ar), "[[AI]]を"));
    expect_passages(s, "訓練", NULL, 1, 1, ar, &n);
    h = expect_passages(s, "ＩＴ", NULL, 1, 1, ar, &n);
    assert_int_equal(n, 4);
    assert_non_null(strstr(snippet_of(s, h, n, short_texts_a[3], ar), "[[IT]]部門"));
    /* a line break inside a Japanese word is a wrap, as the analysis reads
     * it (訓\n練 is 訓練: marked as written, the snippet one line); an
     * ideographic space separates */
    h = expect_passages(s, "訓練", NULL, 1, 1, ar, &n);
    assert_non_null(strstr(snippet_of(s, h, n, short_texts_a[6], ar), "[[訓 練]]と改行"));
    expect_passages(s, "bc", NULL, 1, 1, ar, &n);
    assert_int_equal(n, 0);
    /* short and long terms together: both must occur */
    h = expect_passages(s, "訓練 情報セキュリティ", NULL, 1, 1, ar, &n);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].snippet, "[[情報セキュリティ訓練]]計画"); /* touching: one span */
    expect_passages(s, "IT 訓練", NULL, 1, 1, ar, &n);
    assert_int_equal(n, 1);
    /* best first: three occurrences, then fewer */
    h = expect_passages(s, "訓練", NULL, 1, 1, ar, &n);
    assert_int_equal(n, 7);
    assert_string_equal(h[0].snippet, "[[訓練]]、[[訓練]]、また[[訓練]]");
    assert_true(h[0].score > h[1].score);
    /* filters: item, year, document type; and the limit */
    kj_search_filter fi = {.item = 7, .limit = 100};
    expect_passages(s, "訓練", &fi, 0, 1, ar, &n);
    assert_int_equal(n, 2);
    kj_search_filter fy = {.year = 2020, .limit = 100};
    expect_passages(s, "IT", &fy, 1, 0, ar, &n);
    assert_int_equal(n, 3);
    kj_search_filter ft = {.doc_type = "sustainability", .limit = 100};
    expect_passages(s, "監", &ft, 0, 1, ar, &n);
    assert_int_equal(n, 1);
    kj_search_filter fl = {.limit = 2};
    kj_error err;
    assert_int_equal(kj_store_passage_search(s, "訓練", &fl, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].snippet, "[[訓練]]、[[訓練]]、また[[訓練]]");
    /* a removed document leaves the index */
    assert_int_equal(kj_store_doc_remove(s, doc_b, &err), KJ_OK);
    expect_passages(s, "演習", NULL, 1, 0, ar, &n);
    assert_int_equal(n, 0);
    expect_passages(s, "訓練", NULL, 1, 0, ar, &n);
    assert_int_equal(n, 5);
    kj_arena_free(ar);
    kj_store_close(s);
}

/* ---- Forms of one word (NFKC) ------------------------------------------------------ */

/* The search form of text: NFKC (half-width kana, decomposed kana and
 * full-width letters read as the others), lower case, and each of its
 * characters traced back to the bytes it was written with. */
static void test_fold_search(void **state) {
    (void)state;
    kj_arena *ar = kj_arena_new();
    kj_folded f;
    const char *src = "ﾊﾟｽﾜｰﾄﾞとＩＳＭＳとパスワート\u3099とÉ";
    assert_int_equal(kj_fold_search(ar, src, strlen(src), &f), KJ_OK);
    assert_string_equal(f.text, "パスワードとismsとパスワードとé");
    /* ド of ﾊﾟｽﾜｰﾄﾞ: from its ﾄ to past its ﾞ */
    const char *d = strstr(f.text, "ド");
    size_t at = (size_t)(d - f.text);
    assert_int_equal(kj_folded_start(&f, at), strlen("ﾊﾟｽﾜｰ"));
    assert_int_equal(kj_folded_end(&f, at + strlen("ド")), strlen("ﾊﾟｽﾜｰﾄﾞ"));
    /* ド of パスワート + U+3099: past the mark */
    d = strstr(d + 1, "ド");
    at = (size_t)(d - f.text);
    const char *t = strstr(src, "ト\u3099");
    assert_int_equal(kj_folded_start(&f, at), (size_t)(t - src));
    assert_int_equal(kj_folded_end(&f, at + strlen("ド")), (size_t)(t - src) + strlen("ト\u3099"));
    /* isms is ＩＳＭＳ, twelve bytes */
    at = (size_t)(strstr(f.text, "isms") - f.text);
    t = strstr(src, "ＩＳＭＳ");
    assert_int_equal(kj_folded_start(&f, at), (size_t)(t - src));
    assert_int_equal(kj_folded_end(&f, at + 4), (size_t)(t - src) + strlen("ＩＳＭＳ"));
    assert_int_equal(kj_folded_end(&f, f.len), strlen(src));
    /* invalid UTF-8 and white space of every kind */
    const char bad[] = "a\xff\xfe b\xe3\x80\x80\t c\n\nd";
    assert_int_equal(kj_fold_search(ar, bad, sizeof bad - 1, &f), KJ_OK);
    assert_string_equal(f.text, "a\uFFFD\uFFFD b c d");
    assert_int_equal(kj_folded_end(&f, f.len), sizeof bad - 1);
    kj_arena_free(ar);
}

/* パスワード composed, decomposed (ト + U+3099, as macOS and some PDF text
 * layers give it) and in half width; ISMS in full width and in ASCII. */
static const char *const form_texts[] = {
    "当社は社員のパスワート\u3099を年に一度変えさせています。",
    "委託先のﾊﾟｽﾜｰﾄﾞ管理も点検しています。",
    "本社のパスワード規程はＩＳＭＳ認証の範囲です。",
    "ISMS の審査を毎年受けています。",
    "関係のない段落です。",
};

/* Every form finds every other, through both indexes, and the snippets
 * mark the text as it was written. */
static void test_search_forms(void **state) {
    tmpdb t;
    kj_store *s = tmp_store(state, &t);
    save_texts(s, form_texts, sizeof form_texts / sizeof *form_texts, 4, 2024, "integrated",
               "株式会社みなと");
    kj_arena *ar = kj_arena_new();
    kj_error err;
    kj_search_filter all = {.limit = 10};
    static const struct {
        const char *query;
        size_t hits;
        const char *marks[3]; /* each in some hit's snippet */
    } cases[] = {
        {"パスワード", 3, {"[[パスワート\u3099]]を", "[[ﾊﾟｽﾜｰﾄﾞ]]管理", "[[パスワード]]規程"}},
        {"パスワート\u3099", 3, {"[[パスワート\u3099]]", "[[ﾊﾟｽﾜｰﾄﾞ]]", "[[パスワード]]"}},
        {"ﾊﾟｽﾜｰﾄﾞ", 3, {"[[パスワート\u3099]]", "[[ﾊﾟｽﾜｰﾄﾞ]]", "[[パスワード]]"}},
        {"ワート\u3099を", 1, {"パス[[ワート\u3099を]]年"}},
        {"ﾜｰﾄﾞ管理", 1, {"ﾊﾟｽ[[ﾜｰﾄﾞ管理]]も"}},
        {"ド", 3, {"ワー[[ト\u3099]]を", "ﾜｰ[[ﾄﾞ]]管理", "ワー[[ド]]規程"}},
        {"ﾄﾞ", 3, {"ワー[[ト\u3099]]を", "ﾜｰ[[ﾄﾞ]]管理", "ワー[[ド]]規程"}},
        {"ト\u3099", 3, {"ワー[[ト\u3099]]を", "ﾜｰ[[ﾄﾞ]]管理", "ワー[[ド]]規程"}},
        {"ード", 3, {"ワ[[ート\u3099]]を", "ﾜ[[ｰﾄﾞ]]管理", "ワ[[ード]]規程"}},
        {"ﾊﾟｽ", 3, {"の[[パス]]ワート\u3099", "の[[ﾊﾟｽ]]ﾜ", "の[[パス]]ワード"}},
        {"ISMS", 2, {"[[ＩＳＭＳ]]認証", "[[ISMS]] の"}},
        {"ｉｓｍｓ", 2, {"[[ＩＳＭＳ]]認証", "[[ISMS]] の"}},
        {"IS", 2, {"[[ＩＳ]]ＭＳ", "[[IS]]MS"}},
        {"isms 審査", 1, {"[[ISMS]] の[[審査]]"}},
        {"ﾊﾟｽﾜｰﾄﾞ 委託先", 1, {"[[委託先]]の[[ﾊﾟｽﾜｰﾄﾞ]]"}},
        {"ド 委託先", 1, {"[[委託先]]のﾊﾟｽﾜｰ[[ﾄﾞ]]"}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        kj_hit *h;
        size_t n;
        if (kj_store_passage_search(s, cases[i].query, &all, &marks, ar, &h, &n, &err) != KJ_OK)
            fail_msg("%s: %s", cases[i].query, err.msg);
        if (n != cases[i].hits)
            fail_msg("%s: %zu hits, want %zu", cases[i].query, n, cases[i].hits);
        for (size_t m = 0; m < 3 && cases[i].marks[m]; m++) {
            int marked = 0;
            for (size_t k = 0; k < n; k++)
                marked |= strstr(h[k].snippet, cases[i].marks[m]) != NULL;
            if (!marked) fail_msg("%s: no snippet with %s", cases[i].query, cases[i].marks[m]);
        }
    }
    kj_arena_free(ar);
    kj_store_close(s);
}

/* A match deep in a long text: the snippet's window is cut around it in the
 * text as written (half-width kana before it take a code point each), on
 * both paths, and cases are searched in their forms too. */
static void test_search_forms_window(void **state) {
    tmpdb t;
    kj_store *s = tmp_store(state, &t);
    char text[1024] = "";
    for (int i = 0; i < 12; i++)
        strcat(text, "ｱｲｳｴｵ"); /* 60 half-width characters */
    strcat(text, "のﾊﾟｽﾜｰﾄﾞを");
    for (int i = 0; i < 30; i++)
        strcat(text, "いろ");
    const char *texts[] = {text};
    save_texts(s, texts, 1, 4, 2024, "integrated", "株式会社みなと");
    kj_arena *ar = kj_arena_new();
    kj_error err;
    kj_hit *h;
    size_t n;
    static const char *const queries[] = {"パスワード", "ド", "ﾊﾟｽﾜｰﾄﾞ"};
    static const char *const want[] = {"ｴｵの[[ﾊﾟｽﾜｰﾄﾞ]]をいろ", "ﾜｰ[[ﾄﾞ]]をいろ",
                                       "ｴｵの[[ﾊﾟｽﾜｰﾄﾞ]]をいろ"};
    for (size_t q = 0; q < 3; q++) {
        assert_int_equal(kj_store_passage_search(s, queries[q], NULL, &marks, ar, &h, &n, &err),
                         KJ_OK);
        assert_int_equal(n, 1);
        if (strncmp(h[0].snippet, "…", strlen("…")) != 0 || !strstr(h[0].snippet, want[q]) ||
            strcmp(h[0].snippet + strlen(h[0].snippet) - strlen("…"), "…") != 0 ||
            !kj_utf8_valid(h[0].snippet, strlen(h[0].snippet)))
            fail_msg("%s: snippet %s", queries[q], h[0].snippet);
    }
    /* cases: the body and the company, in any form */
    kj_case c = {.key = "forms",
                 .item = 4,
                 .company = "ﾐﾅﾄ商事",
                 .body = "全社員のパスワート\u3099を管理しています。",
                 .source = KJ_CASE_IMPORT};
    int64_t id;
    int added;
    assert_int_equal(kj_store_case_add(s, &c, &id, &added, &err), KJ_OK);
    assert_int_equal(kj_store_case_search(s, "パスワード", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_non_null(strstr(h[0].snippet, "の[[パスワート\u3099]]を"));
    assert_int_equal(kj_store_case_search(s, "ミナト", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(kj_store_case_search(s, "ド 社員", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_non_null(strstr(h[0].snippet, "[[社員]]のパスワー[[ト\u3099]]を"));
    assert_int_equal(kj_store_check(s, &err), KJ_OK);
    kj_arena_free(ar);
    kj_store_close(s);
}

/* ---- Overlapping matches ------------------------------------------------------------ */

/* Texts of the overlapping-match tests (test_search_overlaps adds a long one). */
static const char *const overlap_texts[] = {
    "前の文章ababab後ろの文章",         /* abab twice, overlapping */
    "記号abcdefghの並び",               /* abc and cde share c */
    "訓練ではインシデントの報告を行う", /* インシデ and シデント share シデ */
    "当社はサイバー攻撃対策を進める",   /* サイバー and 攻撃対策 touch */
    "社員のﾊﾟｽﾜｰﾄﾞを管理", /* パスワ and ワード share ﾜ, ﾊﾟ and ﾄﾞ two code points */
};
#define N_OVERLAP (sizeof overlap_texts / sizeof *overlap_texts)

/* s without its marks [[ and ]] (malloc'd: free it). */
static char *unmarked(const char *s) {
    char *r = malloc(strlen(s) + 1), *o = r;
    assert_non_null(r);
    while (*s) {
        if (strncmp(s, marks.open, 2) == 0 || strncmp(s, marks.close, 2) == 0)
            s += 2;
        else
            *o++ = *s++;
    }
    *o = '\0';
    return r;
}

/* One query of test_search_overlaps: the text it is checked on, and the
 * snippet wanted. */
typedef struct {
    const char *query;
    const char *text;
    const char *want;
} overlap_case;

/* Whether the snippet of c's text (among the n hits h) is c->want, and its
 * text without marks the text itself unless the window cut it; says why
 * not. */
static int overlap_ok(kj_store *s, const overlap_case *c, kj_hit *h, size_t n, kj_arena *ar) {
    const char *sn = snippet_of(s, h, n, c->text, ar);
    if (strcmp(sn, c->want) != 0) {
        print_message("%s: snippet %s, want %s\n", c->query, sn, c->want);
        return 0;
    }
    char *plain = unmarked(sn);
    int same = strncmp(plain, "…", strlen("…")) == 0 || strcmp(plain, c->text) == 0;
    if (!same) print_message("%s: %s is not the text %s\n", c->query, plain, c->text);
    free(plain);
    return same;
}

/* Matches that overlap (one term twice, as abab in ababab; two terms that
 * share characters) or touch are one marked span, through both indexes
 * (terms of three characters or more, and shorter ones), in passages and
 * in cases: the snippet is the text as written, none of it repeated or left
 * out, with the marks where its characters start and end (half-width ﾊﾟ is
 * two code points), and a long text's window is cut around the span. */
static void test_search_overlaps(void **state) {
    tmpdb t;
    kj_store *s = tmp_store(state, &t);
    char long_text[512] = "", long_want[512] = "…";
    for (int i = 0; i < 40; i++)
        strcat(long_text, "いろ");
    strcat(long_text, "ababab");
    for (int i = 0; i < 40; i++)
        strcat(long_text, "はに");
    for (int i = 0; i < 8; i++) /* 16 characters before the span, 64 in all */
        strcat(long_want, "いろ");
    strcat(long_want, "[[ababab]]");
    for (int i = 0; i < 21; i++)
        strcat(long_want, "はに");
    strcat(long_want, "…");
    const char *texts[N_OVERLAP + 1];
    for (size_t i = 0; i < N_OVERLAP; i++)
        texts[i] = overlap_texts[i];
    texts[N_OVERLAP] = long_text;
    save_texts(s, texts, N_OVERLAP + 1, 4, 2024, "integrated", "株式会社みなと");
    const overlap_case cases[] = {
        {"abab", overlap_texts[0], "前の文章[[ababab]]後ろの文章"},
        {"ab ba", overlap_texts[0], "前の文章[[ababab]]後ろの文章"},
        {"abc cde", overlap_texts[1], "記号[[abcde]]fghの並び"},
        {"bc cd", overlap_texts[1], "記号a[[bcd]]efghの並び"},
        {"インシデ シデント", overlap_texts[2], "訓練では[[インシデント]]の報告を行う"},
        {"インシ シデ", overlap_texts[2], "訓練では[[インシデ]]ントの報告を行う"},
        {"サイバー 攻撃対策", overlap_texts[3], "当社は[[サイバー攻撃対策]]を進める"},
        {"攻撃 対策", overlap_texts[3], "当社はサイバー[[攻撃対策]]を進める"},
        {"パスワ ワード", overlap_texts[4], "社員の[[ﾊﾟｽﾜｰﾄﾞ]]を管理"},
        {"ワー ード", overlap_texts[4], "社員のﾊﾟｽ[[ﾜｰﾄﾞ]]を管理"},
        {"abab", long_text, long_want},
        {"ab ba", long_text, long_want},
    };
    kj_arena *ar = kj_arena_new();
    kj_error err;
    kj_hit *h;
    size_t n;
    int bad = 0;
    kj_search_filter all = {.limit = 100};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        if (kj_store_passage_search(s, cases[i].query, &all, &marks, ar, &h, &n, &err) != KJ_OK)
            fail_msg("%s: %s", cases[i].query, err.msg);
        bad += !overlap_ok(s, &cases[i], h, n, ar);
    }
    /* cases (their own index): bodies of the first three texts */
    add_case(s, "ov-1", 4, "株式会社みなと", 2024, "統合報告書", overlap_texts[0]);
    add_case(s, "ov-2", 4, "株式会社みなと", 2024, "統合報告書", overlap_texts[1]);
    add_case(s, "ov-3", 4, "株式会社みなと", 2024, "統合報告書", overlap_texts[2]);
    for (size_t i = 0; i < 6; i++) {
        if (kj_store_case_search(s, cases[i].query, NULL, &marks, ar, &h, &n, &err) != KJ_OK)
            fail_msg("%s: %s", cases[i].query, err.msg);
        if (n != 1 || strcmp(h[0].snippet, cases[i].want) != 0) {
            print_message("case search %s: %zu hits, snippet %s, want %s\n", cases[i].query, n,
                          n ? h[0].snippet : "-", cases[i].want);
            bad++;
        }
    }
    if (bad) fail_msg("%d snippets wrong", bad);
    kj_arena_free(ar);
    kj_store_close(s);
}

/* kj_snippet(text, the terms of query, 64 characters) (arena). */
static const char *snippet64(const char *text, const char *query, int matched_only, kj_arena *ar) {
    char **terms;
    size_t n;
    int short_term;
    kj_error err;
    assert_int_equal(kj_query_terms(query, ar, &terms, &n, &short_term, &err), KJ_OK);
    return kj_snippet(text, terms, n, &marks, 64, matched_only, ar);
}

/* The snippet maker both indexes share: overlapping matches of a term over
 * characters written in several code points are one span; a span longer
 * than the window goes on past its end no more than a window's length,
 * ending where a match ends; a text without a match. */
static void test_snippet_spans(void **state) {
    (void)state;
    kj_arena *ar = kj_arena_new();
    assert_string_equal(snippet64("前ﾄﾞﾄﾞﾄﾞ後", "ドド", 0, ar), "前[[ﾄﾞﾄﾞﾄﾞ]]後");
    assert_string_equal(snippet64("前ト\u3099ト\u3099後", "ド ドド", 0, ar),
                        "前[[ト\u3099ト\u3099]]後");
    assert_string_equal(snippet64("㍿と株式", "式会 株式", 0, ar), "[[㍿]]と[[株式]]");
    char text[1024] = "", want[1024] = "";
    for (int i = 0; i < 16; i++)
        strcat(text, "い");
    strcat(want, text);
    strcat(want, "[[");
    for (int i = 0; i < 100; i++)
        strcat(text, "ab");
    for (int i = 0; i < 56; i++) /* to 128 characters: twice the window */
        strcat(want, "ab");
    strcat(text, "ろ");
    strcat(want, "]]…");
    assert_string_equal(snippet64(text, "ab ba", 0, ar), want);
    assert_string_equal(snippet64(text, "abab", 0, ar), want);
    assert_null(snippet64("関係のない文", "abab", 1, ar));
    assert_string_equal(snippet64("関係のない文", "abab", 0, ar), "関係のない文");
    kj_arena_free(ar);
}

static void test_search_short_cases(void **state) {
    tmpdb t;
    kj_store *s = tmp_store(state, &t);
    fill_search_cases(s);
    kj_case c = {.key = "e",
                 .item = 2,
                 .company = "ITホールディングス",
                 .year = 2023,
                 .document = "統合報告書",
                 .body = "経営層がAIの活用を監督する",
                 .tags = "ガバナンス 監督",
                 .source = KJ_CASE_IMPORT};
    int64_t id;
    int added;
    kj_error err;
    assert_int_equal(kj_store_case_add(s, &c, &id, &added, &err), KJ_OK);
    kj_arena *ar = kj_arena_new();
    kj_hit *h;
    size_t n;
    /* the company, in either case; the snippet comes from all the text */
    assert_int_equal(kj_store_case_search(s, "it", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].key, "e");
    assert_non_null(strstr(h[0].snippet, "[[IT]]ホールディングス"));
    assert_int_equal(kj_store_case_search(s, "ai 監督", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_non_null(strstr(h[0].snippet, "[[AI]]の活用を[[監督]]"));
    /* CSIRT is in one case only; "CS" too; not across cases' fields */
    assert_int_equal(kj_store_case_search(s, "cs", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].key, "a");
    assert_int_equal(kj_store_case_search(s, "るI", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 0);
    /* filters */
    kj_search_filter fy = {.year = 2021};
    assert_int_equal(kj_store_case_search(s, "訓練", &fy, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].key, "c");
    kj_search_filter fd = {.doc_type = "統合"};
    assert_int_equal(kj_store_case_search(s, "監", &fd, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 2);
    kj_search_filter fi = {.item = 9};
    assert_int_equal(kj_store_case_search(s, "監", &fi, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].key, "d");
    /* ranking: three occurrences first */
    assert_int_equal(kj_store_case_search(s, "シ", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].key, "a");
    kj_arena_free(ar);
    kj_store_close(s);
}

/* Schema versions 2 to 5 exactly as kaiji created them (applied on v1_schema). */
static const char *v2_to_v5_schema =
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
    "INSERT INTO passages_fts(passages_fts) VALUES ('rebuild');"
    "CREATE TABLE guide_refs(id INTEGER PRIMARY KEY, number INTEGER NOT NULL, title TEXT NOT NULL,"
    " company TEXT NOT NULL, year INTEGER, note TEXT, UNIQUE(number, title, company));"
    "ALTER TABLE passages ADD COLUMN lead TEXT;"
    "ALTER TABLE passages ADD COLUMN line INTEGER;"
    "PRAGMA user_version = 5;";

/* A version-5 database with a document, passages and cases is upgraded in
 * place: nothing stored changes, and short terms find the old rows. */
static void test_migrate_v5(void **state) {
    tmpdb t;
    tmp_make(state, &t);
    sql(t.db, v1_schema);
    sql(t.db, v2_to_v5_schema);
    sql(t.db, "INSERT INTO documents(id, hash, company, doc_type, fiscal_year, n_passages)"
              " VALUES (1, 'h1', '旧社', 'integrated', 2019, 3);"
              "INSERT INTO passages(doc_id, idx, text, line) VALUES"
              " (1, 0, '監査で始まる段落', 4), (1, 1, '段落の最後に訓練', NULL),"
              " (1, 2, 'IT統制とai', 9);"
              "INSERT INTO classifications(passage_id, model_version, primary_item)"
              " SELECT id, 'old', 5 FROM passages;"
              "INSERT INTO cases(key, item, company, body, source) VALUES"
              " ('old-2', 3, '旧社', '年次の訓練', 'import');");
    assert_int_equal(sql_int(t.db, "PRAGMA user_version"), 5);
    const char *digest =
        "SELECT (SELECT group_concat(id || text || ifnull(line, ''), '|') FROM passages"
        " WHERE doc_id = 1) || (SELECT group_concat(key || body, '|') FROM cases) ||"
        " (SELECT count(*) FROM classifications WHERE model_version = 'old')";
    char *before = sql_text(t.db, digest, NULL);
    kj_store *s = open_ok(t.db);
    assert_int_equal(kj_store_schema_version(s), KJ_STORE_SCHEMA_VERSION);
    kj_arena *ar = kj_arena_new();
    kj_hit *h;
    size_t n;
    kj_error err;
    assert_int_equal(kj_store_passage_search(s, "監査", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].snippet, "[[監査]]で始まる段落");
    assert_int_equal(h[0].line, 4);
    assert_int_equal(h[0].item, 5);
    assert_int_equal(kj_store_passage_search(s, "訓練", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].snippet, "段落の最後に[[訓練]]");
    assert_int_equal(kj_store_passage_search(s, "it AI", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].snippet, "[[IT]]統制と[[ai]]");
    assert_int_equal(kj_store_passage_search(s, "段", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 2);
    assert_int_equal(kj_store_case_search(s, "訓練", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].key, "old-2");
    assert_int_equal(kj_store_passage_search(s, "始まる段落", NULL, &marks, ar, &h, &n, &err),
                     KJ_OK); /* trigram as before */
    assert_int_equal(n, 1);
    /* new rows are indexed too */
    save_texts(s, short_texts_b, N_SHORT_B, 7, 2021, "sustainability", "株式会社いなほ");
    assert_int_equal(kj_store_passage_search(s, "訓練", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 3);
    kj_arena_free(ar);
    kj_store_close(s);
    assert_int_equal(sql_int(t.db, "PRAGMA user_version"), KJ_STORE_SCHEMA_VERSION);
    assert_int_equal(sql_int(t.db, "SELECT count(*) FROM passages WHERE doc_id = 1"), 3);
    char *after = sql_text(t.db, digest, NULL);
    assert_string_equal(after, before);
    free(after);
    free(before);
}

/* ---- Schema version 6: search indexes without NFKC ------------------------------- */

/* The tokenizers of schema version 6, to build a store as the previous kaiji
 * left it: kaiji's own (ngram.c) as they were, reading each character folded
 * alone (full-width ASCII as ASCII, letters in lower case: the texts below
 * have no other letters), with no NFKC, so that ト + U+3099 stayed two
 * characters and ﾄﾞ two half-width ones. Their user data is 3 for the
 * trigram tokenizer, 2 for the one of characters and pairs. */
typedef int (*v6_token_fn)(void *ctx, int tflags, const char *token, int ntoken, int start,
                           int end);

static int32_t v6_fold(int32_t cp) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
    return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
}

/* Emit text[start, end), each character folded, as one token. */
static int v6_emit(v6_token_fn fn, void *ctx, int tflags, const char *text, int start, int end) {
    char buf[16];
    size_t len = 0;
    for (int i = start; i < end;) {
        int32_t cp;
        i += (int)kj_utf8_decode(text + i, (size_t)(end - i), &cp);
        len += kj_utf8_encode(v6_fold(cp), buf + len);
    }
    return fn(ctx, tflags, buf, (int)len, start, end);
}

/* Bytes of the separator at text[i] (space, tab, CR, LF, U+3000), or 0. */
static int v6_space(const char *text, int n, int i) {
    if (strchr(" \t\r\n", text[i]) && text[i]) return 1;
    return n - i >= 3 && memcmp(text + i, "\u3000", 3) == 0 ? 3 : 0;
}

static int v6_char(const char *text, int n, int i) {
    int32_t cp;
    return (int)kj_utf8_decode(text + i, (size_t)(n - i), &cp);
}

static int v6_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text, int n,
                       v6_token_fn fn) {
    int rc = SQLITE_OK, query = (flags & FTS5_TOKENIZE_QUERY) != 0;
    if (*(const int *)tok == 3) { /* every run of three characters */
        int at[3] = {0, 0, 0}, have = 0;
        for (int i = 0; i < n && rc == SQLITE_OK;) {
            at[0] = at[1];
            at[1] = at[2];
            at[2] = i;
            i += v6_char(text, n, i);
            if (++have >= 3) rc = v6_emit(fn, ctx, 0, text, at[0], i);
        }
        return rc;
    }
    int run_start = 1; /* characters, pairs colocated; a query's pairs, or its one character */
    for (int i = 0; i < n && rc == SQLITE_OK;) {
        int sp = v6_space(text, n, i);
        if (sp) {
            i += sp;
            run_start = 1;
            continue;
        }
        int j = i + v6_char(text, n, i);
        int k = j < n && !v6_space(text, n, j) ? j + v6_char(text, n, j) : j;
        if (!query) {
            rc = v6_emit(fn, ctx, 0, text, i, j);
            if (rc == SQLITE_OK && k > j) rc = v6_emit(fn, ctx, FTS5_TOKEN_COLOCATED, text, i, k);
        } else if (k > j || run_start) {
            rc = v6_emit(fn, ctx, 0, text, i, k);
        }
        run_start = 0;
        i = j;
    }
    return rc;
}

static int v6_create(void *ud, const char **args, int nargs, Fts5Tokenizer **out) {
    (void)args;
    (void)nargs;
    *out = (Fts5Tokenizer *)ud;
    return SQLITE_OK;
}

static void v6_delete(Fts5Tokenizer *tok) {
    (void)tok;
}

/* Open path with the version-6 tokenizers under kaiji's names. */
static sqlite3 *v6_open(const char *path) {
    static int three = 3, two = 2;
    static fts5_tokenizer tok = {v6_create, v6_delete, v6_tokenize};
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    fts5_api *api = NULL;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    assert_non_null(api);
    assert_int_equal(api->xCreateTokenizer(api, "kaiji_trigram", &three, &tok, NULL), SQLITE_OK);
    assert_int_equal(api->xCreateTokenizer(api, "kaiji_ngram", &two, &tok, NULL), SQLITE_OK);
    return db;
}

static void db_exec(sqlite3 *db, const char *q) {
    char *msg = NULL;
    if (sqlite3_exec(db, q, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", q, msg);
}

static long long db_int(sqlite3 *db, const char *q) {
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Schema version 6 exactly as kaiji created it (applied on version 5). */
static const char *v6_schema =
    "DROP TABLE cases_fts;"
    "CREATE VIRTUAL TABLE cases_fts USING fts5(body, commentary, company, note, tags,"
    " content='cases', content_rowid='id', tokenize='kaiji_trigram');"
    "INSERT INTO cases_fts(cases_fts) VALUES ('rebuild');"
    "DROP TABLE passages_fts;"
    "CREATE VIRTUAL TABLE passages_fts USING fts5(text, content='passages',"
    " content_rowid='id', tokenize='kaiji_trigram');"
    "INSERT INTO passages_fts(passages_fts) VALUES ('rebuild');"
    "CREATE VIRTUAL TABLE cases_ngram USING fts5(body, commentary, company, note, tags,"
    " content='cases', content_rowid='id', tokenize='kaiji_ngram');"
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
    " content_rowid='id', tokenize='kaiji_ngram');"
    "CREATE TRIGGER passages_ngram_ai AFTER INSERT ON passages BEGIN"
    " INSERT INTO passages_ngram(rowid, text) VALUES (new.id, new.text); END;"
    "CREATE TRIGGER passages_ngram_ad AFTER DELETE ON passages BEGIN"
    " INSERT INTO passages_ngram(passages_ngram, rowid, text) VALUES ('delete', old.id, old.text);"
    " END;"
    "CREATE TRIGGER passages_ngram_au AFTER UPDATE OF text ON passages BEGIN"
    " INSERT INTO passages_ngram(passages_ngram, rowid, text) VALUES ('delete', old.id, old.text);"
    " INSERT INTO passages_ngram(rowid, text) VALUES (new.id, new.text); END;"
    "INSERT INTO passages_ngram(passages_ngram) VALUES ('rebuild');"
    "PRAGMA user_version = 6;";

/* A version-6 store at path as the previous kaiji left it: a document of
 * the passages form_texts (the forms of パスワード and ISMS) with their
 * classifications and assessment, a reference report and cases (one
 * decomposed), all indexed by the version-6 tokenizers. */
static void make_v6_store(const char *path) {
    sql(path, v1_schema);
    sql(path, v2_to_v5_schema);
    sqlite3 *db = v6_open(path);
    db_exec(db, v6_schema);
    db_exec(db,
            "PRAGMA journal_mode = WAL;"
            "INSERT INTO documents(id, hash, company, doc_type, fiscal_year, n_passages, source)"
            " VALUES (1, 'h6', '株式会社みなと', 'integrated', 2024, 5, 'minato.txt');"
            "INSERT INTO guide_refs(number, title, company, year) VALUES"
            " (1, '統合報告書 2024', '株式会社みなと', 2024);"
            "INSERT INTO assessments(doc_id, model_version, data) VALUES (1, 'old', '{}');"
            "INSERT INTO cases(key, item, company, title, body, source) VALUES ('old-6', 4,"
            " 'ﾐﾅﾄ商事', 'ﾐﾅﾄ商事 （3）取引先の管理', '全社員のパスワート\u3099を管理しています。',"
            " 'import');");
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "INSERT INTO passages(doc_id, idx, text, line, lead)"
                                        " VALUES (1, ?1, ?2, ?3, NULL)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    for (size_t i = 0; i < sizeof form_texts / sizeof *form_texts; i++) {
        sqlite3_bind_int(st, 1, (int)i);
        sqlite3_bind_text(st, 2, form_texts[i], -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, 3 + 2 * (int)i);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    db_exec(db, "INSERT INTO classifications(passage_id, model_version, primary_item, items)"
                " SELECT id, 'old', 4, '[4]' FROM passages");
    /* what the previous kaiji found: the composed form only */
    assert_int_equal(db_int(db, "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH"
                                " '\"パスワード\"'"),
                     1);
    assert_int_equal(db_int(db, "SELECT count(*) FROM passages_ngram WHERE passages_ngram MATCH"
                                " '\"ド\"'"),
                     1);
    assert_int_equal(db_int(db, "SELECT count(*) FROM cases_fts WHERE cases_fts MATCH"
                                " '\"パスワード\"'"),
                     0);
    sqlite3_close(db);
}

/* A digest of the store at path: its schema, user_version and the rows of
 * every table, with the search indexes' own tables when with_index (and,
 * without, the schema of the cases' indexes left out). */
static uint64_t store_digest(const char *path, int with_index) {
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    uint64_t h = 1469598103934665603ULL;
    long long v = db_int(db, "PRAGMA user_version");
    h = kj_fnv1a64(h, &v, sizeof v);
    sqlite3_stmt *tables;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT name FROM sqlite_schema WHERE type = 'table' AND"
                                        " sql NOT LIKE 'CREATE VIRTUAL%' UNION ALL SELECT"
                                        " 'sqlite_schema' ORDER BY 1",
                                        -1, &tables, NULL),
                     SQLITE_OK);
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        if (!with_index && (strstr(name, "_fts_") || strstr(name, "_ngram_"))) continue;
        char q[300];
        if (!with_index && !strcmp(name, "sqlite_schema"))
            /* the cases' indexes and their triggers as well: version 9 made
             * them again with the title */
            snprintf(q, sizeof q,
                     "SELECT * FROM sqlite_schema WHERE name NOT LIKE 'cases\\_fts%%' ESCAPE '\\'"
                     " AND name NOT LIKE 'cases\\_ngram%%' ESCAPE '\\' AND name NOT IN"
                     " ('cases_ai', 'cases_ad', 'cases_au')");
        else
            snprintf(q, sizeof q, "SELECT * FROM \"%s\"", name);
        h = kj_fnv1a64(h, q, strlen(q));
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW)
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                int type = sqlite3_column_type(st, c);
                const void *b = sqlite3_column_blob(st, c);
                h = kj_fnv1a64(h, &type, sizeof type);
                if (b) h = kj_fnv1a64(h, b, (size_t)sqlite3_column_bytes(st, c));
            }
        sqlite3_finalize(st);
    }
    sqlite3_finalize(tables);
    sqlite3_close(db);
    return h;
}

/* A store of the previous kaiji is migrated on its first opening: its
 * indexes are built again, so that every form finds every other, and
 * nothing else changes. */
static void test_migrate_v6(void **state) {
    tmpdb t;
    tmp_make(state, &t);
    make_v6_store(t.db);
    uint64_t before = store_digest(t.db, 0);
    kj_store *s = open_ok(t.db);
    assert_int_equal(kj_store_schema_version(s), KJ_STORE_SCHEMA_VERSION);
    kj_arena *ar = kj_arena_new();
    kj_hit *h;
    size_t n;
    kj_error err;
    static const struct {
        const char *query;
        size_t hits;
    } passages[] = {{"パスワード", 3}, {"ﾊﾟｽﾜｰﾄﾞ", 3},  {"ド", 3},       {"ード", 3},
                    {"ISMS", 2},       {"ｉｓｍｓ", 2}, {"段落です", 1}, {"関係", 1}};
    for (size_t i = 0; i < sizeof passages / sizeof *passages; i++) {
        assert_int_equal(
            kj_store_passage_search(s, passages[i].query, NULL, &marks, ar, &h, &n, &err), KJ_OK);
        if (n != passages[i].hits)
            fail_msg("%s: %zu hits, want %zu", passages[i].query, n, passages[i].hits);
        for (size_t k = 0; k < n; k++) {
            assert_int_equal(h[k].item, 4);
            assert_true(h[k].line >= 3);
        }
    }
    assert_int_equal(kj_store_passage_search(s, "パスワード", NULL, &marks, ar, &h, &n, &err),
                     KJ_OK);
    int decomposed = 0;
    for (size_t k = 0; k < n; k++)
        decomposed |= strstr(h[k].snippet, "[[パスワート\u3099]]を") != NULL;
    assert_true(decomposed);
    assert_int_equal(kj_store_case_search(s, "パスワード", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].key, "old-6");
    assert_int_equal(kj_store_case_search(s, "ミナト", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(kj_store_case_search(s, "旧版", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1); /* the case of version 1 */
    /* a case's title is searched since version 9, with terms of three
     * characters or more and of fewer */
    static const char *const in_title[] = {"取引先", "取引", "（3）取引"};
    for (size_t i = 0; i < sizeof in_title / sizeof *in_title; i++) {
        assert_int_equal(kj_store_case_search(s, in_title[i], NULL, &marks, ar, &h, &n, &err),
                         KJ_OK);
        if (n != 1 || strcmp(h[0].key, "old-6") != 0)
            fail_msg("%s: %zu hits, want old-6 by its title", in_title[i], n);
        assert_non_null(strstr(h[0].snippet, "[["));
    }
    assert_int_equal(kj_store_check(s, &err), KJ_OK);
    kj_arena_free(ar);
    kj_store_close(s);
    assert_int_equal(sql_int(t.db, "PRAGMA user_version"), KJ_STORE_SCHEMA_VERSION);
    /* the schema and every stored row are as they were, the indexes and the
     * table of how each document was read (v8, empty until one is stored
     * again) aside */
    assert_int_equal(sql_int(t.db, "SELECT count(*) FROM readings"), 0);
    sql(t.db, "DROP TABLE readings; PRAGMA user_version = 6");
    assert_true(store_digest(t.db, 0) == before);
}

/* A migration that fails leaves the store as it was, indexes and all, and
 * says so naming the file; the store opens once the cause is gone. */
static void test_migrate_v6_fails(void **state) {
    tmpdb t;
    tmp_make(state, &t);
    make_v6_store(t.db);
    /* the last index rebuilt loses a table of its own: the other three are
     * rebuilt before the failure, inside the migration's transaction */
    sqlite3 *db = v6_open(t.db);
    db_exec(db, "ALTER TABLE passages_ngram_docsize RENAME TO lost_docsize");
    sqlite3_close(db);
    uint64_t before = store_digest(t.db, 1);
    kj_store *s = NULL;
    kj_error err;
    kj_error_clear(&err);
    assert_int_equal(kj_store_open(t.db, 0, &s, &err), KJ_ERR_DB);
    assert_null(s);
    char want[512];
    snprintf(want, sizeof want,
             "%s: migration to schema version 7 failed, the database is left as it was (schema "
             "6): ",
             t.db);
    if (strncmp(err.msg, want, strlen(want)) != 0) fail_msg("message: %s", err.msg);
    assert_true(store_digest(t.db, 1) == before);
    /* read-only, it is refused as an older store */
    kj_error_clear(&err);
    assert_int_equal(kj_store_open(t.db, KJ_STORE_READONLY, &s, &err), KJ_ERR_DB);
    assert_non_null(strstr(err.msg, "open it for writing once to migrate"));
    db = v6_open(t.db);
    db_exec(db, "ALTER TABLE lost_docsize RENAME TO passages_ngram_docsize");
    sqlite3_close(db);
    s = open_ok(t.db);
    kj_arena *ar = kj_arena_new();
    kj_hit *h;
    size_t n;
    assert_int_equal(kj_store_passage_search(s, "ﾄﾞ", NULL, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 3);
    assert_int_equal(kj_store_check(s, &err), KJ_OK);
    kj_arena_free(ar);
    kj_store_close(s);
}

static void test_save_analysis(void **state) {
    tmpdb t;
    kj_store *s = tmp_store(state, &t);
    fake_doc *f = fake_new(12, "星空電機", 7);
    for (int i = 0; i < 3; i++) { /* three passages are about item 9 as well */
        f->cls[i].items[1] = 9;
        f->cls[i].n_items = 2;
    }
    kj_doc_meta m = {.company = "星空電機株式会社",
                     .code = "9999",
                     .industry = "電気機器",
                     .doc_type = "integrated",
                     .fiscal_year = 2024,
                     .model_version = "m1",
                     .lexicon_version = "l1",
                     .assessment_json = "{\"coverage\":1}"};
    int64_t id, id2;
    kj_save_result r;
    kj_error err;
    assert_int_equal(kj_store_save_analysis(s, &f->a, &m, &id, &r, &err), KJ_OK);
    assert_int_equal(r, KJ_SAVE_ADDED);
    assert_int_equal(kj_store_save_analysis(s, &f->a, &m, &id2, &r, &err), KJ_OK);
    assert_int_equal(r, KJ_SAVE_UNCHANGED);
    assert_int_equal(id2, id);
    assert_string_equal(kj_save_result_name(r), "unchanged");
    kj_arena *ar = kj_arena_new();
    kj_stored_doc d;
    assert_int_equal(kj_store_doc_get(s, id, ar, &d, &err), KJ_OK);
    assert_string_equal(d.company, "星空電機株式会社");
    assert_int_equal(d.n_passages, 12);
    assert_int_equal(d.item_passages[7], 12); /* any of a passage's items counts, */
    assert_int_equal(d.item_passages[9], 3);  /* as `kaiji analyze` counts them */
    assert_int_equal(d.relevant_passages, 12);
    assert_string_equal(d.model_version, "m1");
    char hash[65];
    kj_store_doc_hash(&f->doc, hash);
    assert_string_equal(d.hash, hash);
    /* a new model version re-analyses: classifications replaced */
    for (int i = 0; i < 12; i++)
        f->cls[i].primary = f->cls[i].items[0] = 5;
    m.model_version = "m2";
    assert_int_equal(kj_store_save_analysis(s, &f->a, &m, &id2, &r, &err), KJ_OK);
    assert_int_equal(r, KJ_SAVE_REANALYSED);
    assert_int_equal(id2, id);
    assert_int_equal(kj_store_doc_get(s, id, ar, &d, &err), KJ_OK);
    assert_int_equal(d.item_passages[7], 0);
    assert_int_equal(d.item_passages[5], 12);
    assert_int_equal(d.item_passages[9], 3);
    assert_int_equal(d.relevant_passages, 12);
    assert_int_equal(sql_int(t.db, "SELECT count(*) FROM classifications"), 12);
    assert_int_equal(sql_int(t.db, "SELECT count(*) FROM assessments"), 1);
    /* passages, their search, a case from a passage */
    kj_stored_passage *ps;
    size_t n;
    assert_int_equal(kj_store_passages(s, id, ar, &ps, &n, &err), KJ_OK);
    assert_int_equal(n, 12);
    assert_string_equal(ps[3].elements_json, "[\"7.1\"]");
    assert_non_null(strstr(ps[3].evidence_json, "\"term\":\"CSIRT\""));
    assert_string_equal(ps[3].lead, "Vendor Oversight"); /* the place it is shown by */
    assert_null(ps[4].lead);
    assert_int_equal(ps[3].line, 157); /* a line is kept; none is 0 */
    assert_int_equal(ps[4].line, 0);
    assert_string_equal(ps[3].heading, "体制");
    kj_hit *h;
    kj_search_filter flt = {.limit = 5};
    assert_int_equal(kj_store_passage_search(s, "第3段落", &flt, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(h[0].doc_id, id);
    assert_non_null(strstr(h[0].snippet, "[[第3段落]]"));
    assert_int_equal(h[0].page, 1); /* a hit knows where it is */
    assert_string_equal(h[0].heading, "体制");
    assert_string_equal(h[0].lead, "Vendor Oversight");
    assert_int_equal(h[0].line, 157);
    int64_t cid;
    int added;
    assert_int_equal(
        kj_store_case_from_passage(s, ps[3].id, 7, "7.1", "良い例", "csirt", &cid, &added, &err),
        KJ_OK);
    assert_true(added);
    assert_int_equal(
        kj_store_case_from_passage(s, ps[3].id, 7, NULL, NULL, NULL, &id2, &added, &err), KJ_OK);
    assert_false(added);
    assert_int_equal(id2, cid);
    kj_case c;
    assert_int_equal(kj_store_case_get(s, cid, ar, &c, &err), KJ_OK);
    assert_int_equal(c.source, KJ_CASE_PASSAGE);
    assert_int_equal(c.passage_id, ps[3].id);
    assert_int_equal(c.year, 2024);
    /* removing the document keeps the case, unlinked, and clears the index */
    assert_int_equal(kj_store_doc_remove(s, id, &err), KJ_OK);
    assert_int_equal(kj_store_doc_remove(s, id, &err), KJ_ERR_ARG);
    assert_int_equal(kj_store_case_get(s, cid, ar, &c, &err), KJ_OK);
    assert_int_equal(c.passage_id, 0);
    assert_int_equal(kj_store_passage_search(s, "段落", &flt, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 0);
    assert_int_equal(kj_store_passage_search(s, "第3段落", &flt, &marks, ar, &h, &n, &err), KJ_OK);
    assert_int_equal(n, 0);
    assert_int_equal(sql_int(t.db, "SELECT count(*) FROM classifications"), 0);
    kj_arena_free(ar);
    free(f);
    kj_store_close(s);
}

/* The same text read otherwise by a newer kaiji (a section named, a
 * passage cut elsewhere, another title) is stored again with the same
 * model, and its rows say what it reads now; read the same way again, it
 * is left as it is. */
static void test_save_reading(void **state) {
    tmpdb t;
    kj_store *s = tmp_store(state, &t);
    fake_doc *f = fake_new(6, "星空電機", 7);
    kj_doc_meta m = {.model_version = "m1", .lexicon_version = "l1"};
    int64_t id, id2;
    kj_save_result r;
    kj_error err;
    assert_int_equal(kj_store_save_analysis(s, &f->a, &m, &id, &r, &err), KJ_OK);
    assert_int_equal(r, KJ_SAVE_ADDED);
    char before[65];
    kj_store_reading_hash(&f->a, before);
    f->passages[2].section = "0102010 事業の状況";
    char after[65];
    kj_store_reading_hash(&f->a, after);
    assert_string_not_equal(before, after);
    assert_int_equal(kj_store_save_analysis(s, &f->a, &m, &id2, &r, &err), KJ_OK);
    assert_int_equal(r, KJ_SAVE_REANALYSED);
    assert_int_equal(id2, id);
    char *sec = sql_text(t.db, "SELECT section FROM passages WHERE idx = 2", NULL);
    assert_string_equal(sec, "0102010 事業の状況");
    free(sec);
    assert_int_equal(kj_store_save_analysis(s, &f->a, &m, &id2, &r, &err), KJ_OK);
    assert_int_equal(r, KJ_SAVE_UNCHANGED);
    f->passages[4].end--; /* the text is the same, a passage is cut elsewhere */
    assert_int_equal(kj_store_save_analysis(s, &f->a, &m, &id2, &r, &err), KJ_OK);
    assert_int_equal(r, KJ_SAVE_REANALYSED);
    f->doc.title = "星空電機株式会社 有価証券報告書 第12期";
    assert_int_equal(kj_store_save_analysis(s, &f->a, &m, &id2, &r, &err), KJ_OK);
    assert_int_equal(r, KJ_SAVE_REANALYSED);
    assert_int_equal(kj_store_save_analysis(s, &f->a, &m, &id2, &r, &err), KJ_OK);
    assert_int_equal(r, KJ_SAVE_UNCHANGED);
    assert_int_equal(sql_int(t.db, "SELECT count(*) FROM documents"), 1);
    assert_int_equal(sql_int(t.db, "SELECT count(*) FROM readings"), 1);
    assert_int_equal(kj_store_doc_remove(s, id, &err), KJ_OK); /* and it goes with the document */
    assert_int_equal(sql_int(t.db, "SELECT count(*) FROM readings"), 0);
    /* a heading of megabytes is read only as far as a record keeps it */
    static char big[1 << 20];
    memset(big, 'h', sizeof big - 1);
    f->passages[0].heading = big;
    kj_store_reading_hash(&f->a, before);
    big[sizeof big - 2] = 'x'; /* beyond what is kept: the same reading */
    kj_store_reading_hash(&f->a, after);
    assert_string_equal(before, after);
    free(f);
    kj_store_close(s);
}

/* An assessment given as a stream is stored from the stream's position to
 * its end, as the same TEXT value the string would give (here larger than
 * the 64 KB pieces it is copied in); an empty stream stores "". */
static void test_save_assessment_file(void **state) {
    tmpdb t;
    kj_store *s = tmp_store(state, &t);
    fake_doc *f = fake_new(3, "流れ", 7);
    size_t n = 200000;
    char *json = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        json[i] = (char)('a' + i % 26);
    memcpy(json, "{\"x\":\"", 6);
    memcpy(json + n - 2, "\"}", 2);
    json[n] = '\0';
    FILE *tf = tmpfile();
    assert_non_null(tf);
    fputs("skipped", tf);
    long at = ftell(tf);
    fwrite(json, 1, n, tf);
    fflush(tf);
    fseek(tf, at, SEEK_SET);
    kj_doc_meta m = {.model_version = "m1", .assessment_file = tf};
    int64_t id;
    kj_save_result r;
    kj_error err = {0};
    assert_int_equal(kj_store_save_analysis(s, &f->a, &m, &id, &r, &err), KJ_OK);
    fclose(tf);
    kj_store_close(s);
    assert_int_equal(sql_int(t.db, "SELECT typeof(data) = 'text' FROM assessments"), 1);
    assert_int_equal(sql_int(t.db, "SELECT length(data) FROM assessments"), (long long)n);
    size_t len;
    char *data = sql_text(t.db, "SELECT data FROM assessments", &len);
    assert_int_equal(len, n);
    assert_memory_equal(data, json, n);
    free(data);
    /* an empty stream (new model version: the row is replaced) */
    s = open_ok(t.db);
    tf = tmpfile();
    m.model_version = "m2";
    m.assessment_file = tf;
    assert_int_equal(kj_store_save_analysis(s, &f->a, &m, &id, &r, &err), KJ_OK);
    assert_int_equal(r, KJ_SAVE_REANALYSED);
    fclose(tf);
    kj_store_close(s);
    assert_int_equal(sql_int(t.db, "SELECT count(*) FROM assessments WHERE data = ''"), 1);
    free(json);
    free(f);
}

/* A child saves documents of 64 passages until killed at a random moment;
 * afterwards every document must be complete (all passages and
 * classifications) and the database must pass integrity_check. In every
 * other round the kill comes only after the child has saved a first
 * document (it says so through a pipe), so that some documents are saved
 * however slow the machine or the build (ASan) is. */
static void test_save_killed(void **state) {
    tmpdb t;
    tmp_make(state, &t);
    kj_store_close(open_ok(t.db));
    srand((unsigned)time(NULL));
    for (int round = 0; round < 12; round++) {
        int saved[2];
        assert_int_equal(pipe(saved), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(saved[0]);
            kj_store *s = open_ok(t.db);
            fake_doc *f = malloc(sizeof *f);
            for (int k = 0;; k++) {
                char tag[48];
                snprintf(tag, sizeof tag, "r%d-k%d", round, k);
                fake_make(f, 64, tag, 7);
                kj_doc_meta m = {.company = tag, .model_version = "m"};
                int64_t id;
                kj_save_result r;
                kj_error err;
                if (kj_store_save_analysis(s, &f->a, &m, &id, &r, &err) != KJ_OK) _exit(3);
                if (k == 0 && write(saved[1], "s", 1) != 1) _exit(4);
            }
        }
        close(saved[1]);
        char c;
        if (round % 2) assert_int_equal(read(saved[0], &c, 1), 1);
        usleep((useconds_t)(2000 + rand() % 40000));
        kill(pid, SIGKILL);
        close(saved[0]);
        int status;
        waitpid(pid, &status, 0);
        assert_true(WIFSIGNALED(status));
    }
    assert_int_equal(sql_int(t.db, "SELECT count(*) FROM documents d WHERE d.n_passages !="
                                   " (SELECT count(*) FROM passages p JOIN classifications c"
                                   " ON c.passage_id = p.id WHERE p.doc_id = d.id)"),
                     0);
    assert_true(sql_int(t.db, "SELECT count(*) FROM documents") > 0);
    char *check = sql_text(t.db, "PRAGMA integrity_check", NULL);
    assert_string_equal(check, "ok");
    free(check);
}

/* A one-row query that finds no row is reported as such, with the store's
 * path, not with SQLite's "not an error". */
static void test_one_int_no_row(void **state) {
    tmpdb u;
    tmp_make(state, &u);
    kj_store *s = open_ok(u.db);
    int64_t id = -1;
    kj_error err;
    kj_error_clear(&err);
    assert_int_equal(kj_db_one_int(s, "SELECT id FROM cases WHERE key = ?", "no-such-key", &id,
                                   "cannot find case", &err),
                     KJ_ERR_DB);
    assert_int_equal(id, -1);
    assert_non_null(strstr(err.msg, u.db));
    assert_non_null(strstr(err.msg, "cannot find case: the query gave no result"));
    assert_null(strstr(err.msg, "not an error"));
    kj_store_close(s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sha256, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_schema_created, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_migrate_v1, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_open_while_created, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema_refused, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_not_a_database, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_guide_parse, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_guide_wraps, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_guide_out_of_memory, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_guide_arena_out_of_memory, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_guide_hyphens, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_guide_quotes, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_guide_import_idempotent, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_search_ranking_snippets, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_search_short_terms, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_search_width_folded, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_search_short_cases, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_fold_search, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_search_forms, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_search_forms_window, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_search_overlaps, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_snippet_spans, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_migrate_v5, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_migrate_v6, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_migrate_v6_fails, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_jsonl_round_trip, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_save_analysis, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_save_reading, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_save_assessment_file, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_save_killed, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_one_int_no_row, tmp_setup, tmp_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
