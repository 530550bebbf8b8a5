/*
 * test_topic.c - unit tests of the topic rule with the shipped lexicon and
 * model: a passage is about cybersecurity only when it, or the heading it
 * sits under, names the topic with a cyber lexicon term. Measure and risk
 * wording alone (drills, response procedures, continuity plans) gets no
 * item, alone or under an unrelated heading; the same wording under a
 * security heading, or with a topic term of its own, does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "classify/model_internal.h"
#include "kaiji/classify.h"
#include "kaiji/ingest.h"

/* Generic incident-response wording: no cyber lexicon term in it. */
#define KJ_TEST_DRILL                                                                              \
    "事故が発生した場合の初動対応と報告の手順を定め、年1回、全社で対応訓練を実施しています。"

typedef struct {
    kj_analyzer *an;
    kj_scanner *sc;
} fixture;

static int setup(void **state) {
    static fixture f;
    kj_error err = {0};
    if (kj_analyzer_load(NULL, &f.an, &err) != KJ_OK) return -1;
    if (kj_scanner_new(f.an->lex, &f.sc, &err) != KJ_OK) return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    kj_scanner_free(f->sc);
    kj_analyzer_free(f->an);
    return 0;
}

/* The classification of text as one lone passage. */
static kj_classification classify(const fixture *f, const char *text, kj_arena *a) {
    kj_passage p;
    kj_matches mt;
    kj_classification c;
    kj_error err = {0};
    assert_int_equal(kj_passage_from_text(a, text, strlen(text), KJ_LANG_AUTO, &p), KJ_OK);
    assert_int_equal(kj_match_passage(f->sc, &p, a, &mt, &err), KJ_OK);
    assert_int_equal(kj_classify(f->an->model, f->an->lex, &p, &mt, a, &c, &err), KJ_OK);
    return c;
}

/* The primary item of the last passage of a document analysed whole. */
static int last_primary(const fixture *f, const char *text) {
    kj_document *doc;
    kj_doc_analysis r;
    kj_error err = {0};
    assert_int_equal(kj_ingest_text_utf8("doc.txt", text, strlen(text), &doc, &err), KJ_OK);
    assert_int_equal(kj_analyze_document(f->an, f->sc, doc, NULL, &r, &err), KJ_OK);
    assert_true(r.passages.n >= 1);
    int primary = r.cls[r.passages.n - 1].primary;
    assert_true(r.cls[r.passages.n - 1].n_items > 0 || primary == 0);
    kj_document_free(doc);
    return primary;
}

static void test_topic_terms(void **state) {
    fixture *f = *state;
    size_t n = kj_lexicon_size(f->an->lex), topic = 0, weak = 0;
    for (unsigned id = 0; id < n; id++) {
        const kj_term *t = kj_lexicon_term(f->an->lex, id);
        if (kj_term_is_topic(t)) topic++;
        if (strcmp(t->category, "cyber") == 0 && !kj_term_is_topic(t)) weak++;
        if (kj_term_is_topic(t)) assert_true(t->weight >= KJ_TOPIC_MIN_WEIGHT);
    }
    assert_true(topic > 100); /* the cyber lexicon */
    assert_true(weak > 0);    /* "認証", "networks": too common outside the topic */
    assert_int_equal(kj_term_is_topic(NULL), 0);
}

static void test_lone_passage_needs_a_topic_term(void **state) {
    fixture *f = *state;
    kj_arena *a = kj_arena_new();
    kj_classification c = classify(f, KJ_TEST_DRILL, a);
    assert_int_equal(c.primary, 0);
    assert_int_equal(c.n_items, 0);
    assert_int_equal(c.n_elements, 0);
    c = classify(f, "情報セキュリティ" KJ_TEST_DRILL, a);
    assert_int_not_equal(c.primary, 0);
    c = classify(f,
                 "We maintain business continuity plans for our plants and run evacuation drills "
                 "at every site each year.",
                 a);
    assert_int_equal(c.primary, 0);
    kj_arena_free(a);
}

static void test_heading_gives_the_topic(void **state) {
    fixture *f = *state;
    assert_int_not_equal(last_primary(f, "■ 情報セキュリティへの対応\n\n" KJ_TEST_DRILL "\n"), 0);
    assert_int_equal(last_primary(f, "■ 自然災害への対応\n\n" KJ_TEST_DRILL "\n"), 0);
    assert_int_equal(last_primary(f, KJ_TEST_DRILL "\n"), 0);
    /* a topic term in the passage itself needs no heading */
    assert_int_not_equal(
        last_primary(f, "■ 自然災害への対応\n\n情報セキュリティ" KJ_TEST_DRILL "\n"), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_topic_terms),
        cmocka_unit_test(test_lone_passage_needs_a_topic_term),
        cmocka_unit_test(test_heading_gives_the_topic),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
