/*
 * helpers.c - setup shared by the cmocka unit tests (see helpers.h): files
 * in temporary directories, loading a lexicon, model and scanner, and
 * making passages and documents from strings to classify or analyse them.
 * Errors fail the running test with the library's message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"

/* ---- files -------------------------------------------------------------- */

void kj_test_tmpdir(char *dir, size_t n, const char *prefix) {
    int len = snprintf(dir, n, "/tmp/%sXXXXXX", prefix);
    assert_true(len > 0 && (size_t)len < n);
    if (!mkdtemp(dir)) fail_msg("mkdtemp %s: %s", dir, strerror(errno));
}

static void make_dir(const char *path) {
    if (mkdir(path, 0700) != 0 && errno != EEXIST) fail_msg("mkdir %s: %s", path, strerror(errno));
}

/* Make the directories on the way to path and, when all, path itself. */
static void make_dirs(char *path, int all) {
    for (char *s = path + 1; (s = strchr(s, '/')); s++) {
        *s = '\0';
        make_dir(path);
        *s = '/';
    }
    if (all) make_dir(path);
}

static void join(char *path, const char *dir, const char *rel) {
    int len = snprintf(path, PATH_MAX, "%s/%s", dir, rel);
    assert_true(len > 0 && len < PATH_MAX);
}

void kj_test_mkdir(const char *dir, const char *rel) {
    char path[PATH_MAX];
    join(path, dir, rel);
    make_dirs(path, 1);
}

FILE *kj_test_create(const char *dir, const char *rel) {
    char path[PATH_MAX];
    join(path, dir, rel);
    make_dirs(path, 0);
    FILE *f = fopen(path, "w");
    if (!f) fail_msg("%s: %s", path, strerror(errno));
    return f;
}

void kj_test_write_file(const char *dir, const char *rel, const char *body) {
    FILE *f = kj_test_create(dir, rel);
    fputs(body, f);
    assert_int_equal(fclose(f), 0);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

void kj_test_rmtree(const char *dir) {
    if (nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
        fail_msg("cannot remove %s: %s", dir, strerror(errno));
}

/* ---- lexicon, model, scanner ---------------------------------------------- */

void kj_test_analyzer_load(kj_test_analyzer *t, const char *data_dir, int with_model) {
    memset(t, 0, sizeof *t);
    char lexdir[PATH_MAX], modeldir[PATH_MAX];
    if (data_dir) {
        snprintf(lexdir, sizeof lexdir, "%s/lexicon", data_dir);
        snprintf(modeldir, sizeof modeldir, "%s/model", data_dir);
    }
    kj_error err = {0};
    if (kj_lexicon_load(data_dir ? lexdir : NULL, &t->a.lex, &err) != KJ_OK)
        fail_msg("lexicon: %s", err.msg);
    if (with_model &&
        kj_model_load(data_dir ? modeldir : NULL, t->a.lex, &t->a.model, &err) != KJ_OK)
        fail_msg("model: %s", err.msg);
    if (kj_scanner_new(t->a.lex, &t->sc, &err) != KJ_OK) fail_msg("scanner: %s", err.msg);
}

void kj_test_analyzer_free(kj_test_analyzer *t) {
    if (!t) return; /* a group whose setup failed (fail_msg) never set its state */
    kj_scanner_free(t->sc);
    kj_model_free(t->a.model);
    kj_lexicon_free(t->a.lex);
    memset(t, 0, sizeof *t);
}

/* ---- passages and documents ---------------------------------------------- */

void kj_test_passage(kj_arena *a, kj_scanner *sc, const char *text, kj_lang lang, kj_passage *p,
                     kj_matches *mt) {
    assert_int_equal(kj_passage_from_text(a, text, strlen(text), lang, p), KJ_OK);
    if (!sc) return;
    kj_error err = {0};
    if (kj_match_passage(sc, p, a, mt, &err) != KJ_OK) fail_msg("match: %s", err.msg);
}

void kj_test_classify(const kj_test_analyzer *t, kj_arena *a, const char *text,
                      kj_classification *c) {
    kj_passage p;
    kj_matches mt;
    kj_test_passage(a, t->sc, text, KJ_LANG_AUTO, &p, &mt);
    kj_error err = {0};
    if (kj_classify(t->a.model, t->a.lex, &p, &mt, a, c, &err) != KJ_OK)
        fail_msg("classify: %s", err.msg);
}

kj_document *kj_test_document(const char *name, const char *text) {
    kj_document *doc = NULL;
    kj_error err = {0};
    if (kj_ingest_text_utf8(name, text, strlen(text), &doc, &err) != KJ_OK)
        fail_msg("ingest: %s", err.msg);
    return doc;
}

kj_document *kj_test_analyze(const kj_test_analyzer *t, const char *name, const char *text,
                             const kj_segment_options *so, kj_doc_analysis *out) {
    kj_document *doc = kj_test_document(name, text);
    kj_error err = {0};
    if (kj_analyze_document(&t->a, t->sc, doc, so, out, &err) != KJ_OK)
        fail_msg("analyze: %s", err.msg);
    return doc;
}

void kj_test_pair_begin(kj_test_pair *p, const kj_test_analyzer *t, const char *name,
                        const char *text, const kj_segment_options *so) {
    memset(p, 0, sizeof *p);
    p->t = t;
    p->so = so;
    p->doc[0] = kj_test_analyze(t, name, text, so, &p->whole);
    p->doc[1] = kj_test_document(name, text);
}

kj_status kj_test_pair_each(kj_test_pair *p, kj_passage_visitor visit, void *ud, kj_error *err) {
    return kj_analyze_document_each(&p->t->a, p->t->sc, p->doc[1], p->so, visit, ud, &p->each, err);
}

void kj_test_pair_free(kj_test_pair *p) {
    kj_document_free(p->doc[0]);
    kj_document_free(p->doc[1]);
    memset(p, 0, sizeof *p);
}

/* ---- assertions ------------------------------------------------------------ */

void kj_test_same_str(const char *x, const char *y) {
    assert_true((x == NULL) == (y == NULL));
    if (x) assert_string_equal(x, y);
}
