/*
 * helpers.h - setup shared by the cmocka unit tests (tests/unit/test_*.c,
 * linked with helpers.c): temporary directories and files, a lexicon (and
 * model) with a scanner loaded from a data directory, passages and
 * documents made from strings, classified or analysed, and one text
 * analysed both whole and passage by passage. Every helper fails the
 * running test (or group setup) on an error, so a test reads as the steps
 * it checks.
 */
#ifndef KJ_TEST_HELPERS_H
#define KJ_TEST_HELPERS_H

#include <stddef.h>
#include <stdio.h>

#include "kaiji/classify.h"
#include "kaiji/ingest.h"

/* ---- files -------------------------------------------------------------- */

/* Make a new directory /tmp/<prefix>XXXXXX and put its path in dir (n bytes). */
void kj_test_tmpdir(char *dir, size_t n, const char *prefix);
/* Make the directory dir/rel and those on the way to it. */
void kj_test_mkdir(const char *dir, const char *rel);
/* Open dir/rel for writing, making the directories on the way. */
FILE *kj_test_create(const char *dir, const char *rel);
/* Write body to dir/rel (as kj_test_create). */
void kj_test_write_file(const char *dir, const char *rel, const char *body);
/* Remove dir and everything below it. */
void kj_test_rmtree(const char *dir);

/* ---- lexicon, model, scanner ---------------------------------------------- */

/* A lexicon, optionally its model, and a scanner for the lexicon. */
typedef struct {
    kj_analyzer a;  /* a.lex; a.model is NULL when loaded without the model */
    kj_scanner *sc; /* for a.lex */
} kj_test_analyzer;

/* Load the lexicon of data_dir (data_dir/lexicon; NULL: the repository's
 * data, $KAIJI_DATA) and, when with_model, its model (data_dir/model). */
void kj_test_analyzer_load(kj_test_analyzer *t, const char *data_dir, int with_model);
void kj_test_analyzer_free(kj_test_analyzer *t);

/* ---- passages and documents ---------------------------------------------- */

/* text as one passage in lang (memory from a); with a scanner, its lexicon
 * matches into mt (mt is not touched without). */
void kj_test_passage(kj_arena *a, kj_scanner *sc, const char *text, kj_lang lang, kj_passage *p,
                     kj_matches *mt);
/* text (detected language) as one passage, matched and classified with t's
 * model into c; evidence from a. */
void kj_test_classify(const kj_test_analyzer *t, kj_arena *a, const char *text,
                      kj_classification *c);

/* text ingested as a plain UTF-8 document called name; the caller frees it. */
kj_document *kj_test_document(const char *name, const char *text);
/* text ingested as a document called name and analysed whole with t
 * (kj_analyze_document; so may be NULL) into out; the caller frees the
 * document. */
kj_document *kj_test_analyze(const kj_test_analyzer *t, const char *name, const char *text,
                             const kj_segment_options *so, kj_doc_analysis *out);

/* One text ingested twice and analysed with one analyzer both ways: doc[0]
 * whole into whole (kj_analyze_document), doc[1] passage by passage into
 * each (kj_analyze_document_each), so that a stage run inside the visitor
 * can be checked against the same stage run after the analysis. */
typedef struct {
    const kj_test_analyzer *t;
    const kj_segment_options *so; /* NULL: the defaults */
    kj_document *doc[2];
    kj_doc_analysis whole, each;
} kj_test_pair;

/* Ingest text as doc[0] and doc[1] (named name) and analyse doc[0] whole. */
void kj_test_pair_begin(kj_test_pair *p, const kj_test_analyzer *t, const char *name,
                        const char *text, const kj_segment_options *so);
/* Analyse doc[1] passage by passage, calling visit(ud, ...) on each; the
 * analysis' status (a visitor's error stops it and is returned). */
kj_status kj_test_pair_each(kj_test_pair *p, kj_passage_visitor visit, void *ud, kj_error *err);
void kj_test_pair_free(kj_test_pair *p);

/* ---- assertions ------------------------------------------------------------ */

/* x and y both NULL, or equal strings. */
void kj_test_same_str(const char *x, const char *y);

#endif
