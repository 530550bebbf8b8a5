/*
 * test_classify.c - unit tests of the classify stage: the framework tables,
 * training a small model from labelled passages written here, classifying
 * with it (items, primary, elements, evidence offsets), refusing a model
 * trained with another lexicon, that span learning (kaiji train --spans)
 * moves scores the way it is meant to, and analysing a whole document,
 * whole or passage by passage (kj_analyze_document_each, packed evidence
 * matches).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "classify/model_internal.h"
#include "helpers.h"
#include "kaiji/classify.h"
#include "kaiji/ingest.h"

static char dir[64];

static const char *lexicon = "CSIRT\tany\t7\t7.1\tir\t1.0\n"
                             "incident response\ten\t7\t7.1\tir\t0.9\n"
                             "訓練\tja\t3\t3.1\ttraining\t0.6\n"
                             "training\ten\t3\t3.1\ttraining\t0.6\n"
                             "バックアップ\tja\t8\t8.1\trecovery\t0.9\n"
                             "backup*\ten\t8\t8.1\trecovery\t0.9\n"
                             "サイバー攻撃\tja\t0\t-\tcyber\t1.0\n"
                             /* topic terms: a passage naming none gets no item */
                             "CSIRT\tany\t0\t-\tcyber\t0.9\n"
                             "incident\ten\t0\t-\tcyber\t0.6\n"
                             "データ\tja\t0\t-\tcyber\t0.4\n"
                             "backup*\ten\t0\t-\tcyber\t0.4\n"
                             "security\ten\t0\t-\tcyber\t0.4\n";

/* Our own short labelled passages: incident response, training, recovery, none. */
static const char *train_ja[] = {
    "当社はCSIRTを設置し、事故発生時の初動対応を定めています。|7|7.1",
    "インシデント発生時はCSIRTが原因を調べ再発防止を図ります。|7|7.1",
    "CSIRTが社内外の窓口となり対応を指揮します。|7|7.1",
    "全従業員に年1回の訓練と教育を実施しています。|3|3.1",
    "新入社員向けに情報の扱いに関する訓練を行っています。|3|3.1",
    "標的型メールの訓練を全社で毎年行っています。|3|3.1",
    "重要データは毎日バックアップを取得し、復旧手順を整えています。|8|8.1",
    "バックアップからの復旧を年に一度確認しています。|8|8.1",
    "システム停止に備えバックアップ拠点を用意しています。|8|8.1",
    "当期の売上高は前年同期比で増加しました。||",
    "原材料価格の上昇が利益を圧迫しました。||",
    "新工場の建設を進めています。||",
};
static const char *train_en[] = {
    "Our CSIRT leads incident response and containment.|7|7.1",
    "The incident response team escalates events to the CISO.|7|7.1",
    "We keep an incident response plan and CSIRT on call.|7|7.1",
    "All employees complete annual security training.|3|3.1",
    "We run phishing training for staff every quarter.|3|3.1",
    "Training covers the handling of confidential data.|3|3.1",
    "We keep offline backups and test restoring them.|8|8.1",
    "Critical systems are backed up daily to a second site.|8|8.1",
    "Backups allow us to recover operations after an outage.|8|8.1",
    "Revenue grew because of strong demand.||",
    "Interest rates may affect our borrowing costs.||",
    "We opened two new stores this year.||",
};

static void add_lines(FILE *f, const char **lines, size_t n, const char *lang) {
    for (size_t i = 0; i < n; i++) {
        char text[256], item[8], el[8];
        const char *a = strchr(lines[i], '|'), *b = strchr(a + 1, '|');
        snprintf(text, sizeof text, "%.*s", (int)(a - lines[i]), lines[i]);
        snprintf(item, sizeof item, "%.*s", (int)(b - a - 1), a + 1);
        snprintf(el, sizeof el, "%s", b + 1);
        for (int rep = 0; rep < 3; rep++)
            fprintf(
                f,
                "{\"text\": \"%s\", \"lang\": \"%s\", \"items\": [%s], \"elements\": [%s%s%s]}\n",
                text, lang, item, *el ? "\"" : "", el, *el ? "\"" : "");
    }
}

static int setup(void **state) {
    (void)state;
    kj_test_tmpdir(dir, sizeof dir, "kj-cls-");
    kj_test_mkdir(dir, "model");
    kj_test_write_file(dir, "lexicon/t.tsv", lexicon);
    FILE *f = kj_test_create(dir, "train/t.jsonl");
    add_lines(f, train_ja, sizeof train_ja / sizeof *train_ja, "ja");
    add_lines(f, train_en, sizeof train_en / sizeof *train_en, "en");
    fclose(f);
    char lex[160], tr[160], out[160];
    snprintf(lex, sizeof lex, "%s/lexicon", dir);
    snprintf(tr, sizeof tr, "%s/train", dir);
    snprintf(out, sizeof out, "%s/model", dir);
    kj_train_options o = {tr, lex, out, 1.0, 3, 1e-4, 0, 8, 1, {0, 0}, NULL};
    kj_error err = {0};
    return kj_train(&o, &err) == KJ_OK ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    kj_test_rmtree(dir);
    return 0;
}

static void test_framework(void **state) {
    (void)state;
    assert_string_equal(kj_element_id(0), "1.1");
    assert_string_equal(kj_element_id(20), "10.2");
    assert_int_equal(kj_element_item(kj_element_parse("7.2")), 7);
    assert_int_equal(kj_element_parse("11.1"), -1);
    int per_item[KJ_N_ITEMS + 1] = {0};
    for (int e = 0; e < KJ_N_ELEMENTS; e++)
        per_item[kj_element_item(e)]++;
    for (int it = 1; it <= KJ_N_ITEMS; it++)
        assert_true(per_item[it] >= 1);
    assert_string_equal(kj_item_name_ja(7), "緊急対応体制");
}

/* Classify text with the model as it is now in dir. */
static void classify(const char *text, kj_classification *c, kj_arena *a) {
    kj_test_analyzer t;
    kj_test_analyzer_load(&t, dir, 1);
    kj_test_classify(&t, a, text, c);
    kj_test_analyzer_free(&t);
}

static void test_trained_model_classifies(void **state) {
    (void)state;
    kj_arena *a = kj_arena_new();
    kj_classification c;
    classify("有事にはCSIRTが初動対応にあたります。", &c, a);
    assert_int_equal(c.primary, 7);
    assert_true(c.n_elements >= 1);
    assert_string_equal(kj_element_id(c.elements[0]), "7.1");
    assert_true(c.n_evidence >= 1);
    assert_string_equal(c.evidence[0].term, "CSIRT");
    assert_int_equal(c.evidence[0].start, 4);
    assert_int_equal(c.evidence[0].end, 9);
    classify("We test our backups every month.", &c, a);
    assert_int_equal(c.primary, 0); /* one light topic term ("backup*", 0.4) is not enough */
    classify("For security, we test our backups every month.", &c, a);
    assert_int_equal(c.primary, 8);
    classify("Sales of the new product were strong.", &c, a);
    assert_int_equal(c.primary, 0);
    assert_int_equal(c.n_items, 0);
    for (int it = 1; it <= KJ_N_ITEMS; it++)
        assert_true(c.scores[it] >= 0 && c.scores[it] <= 1);
    kj_arena_free(a);
}

/* An item's explanation adds up: the bias and the features' shares sum to
 * the log-odds, whose probability is the item's score (one sentence: the
 * whole passage is its best sentence); each term is named by its place in
 * the text, words by theirs, and the lexicon features by what they are. */
static void test_explain_item(void **state) {
    (void)state;
    kj_test_analyzer t;
    kj_test_analyzer_load(&t, dir, 1);
    kj_arena *a = kj_arena_new();
    const char *text = "Our CSIRT keeps an incident response plan for every CSIRT call.";
    kj_passage p;
    kj_matches mt;
    kj_test_passage(a, t.sc, text, KJ_LANG_AUTO, &p, &mt);
    kj_classification c;
    kj_error err = {0};
    assert_int_equal(kj_classify(t.a.model, t.a.lex, &p, &mt, a, &c, &err), KJ_OK);
    assert_int_equal(c.primary, 7);
    for (int it = 1; it <= KJ_N_ITEMS; it++) {
        kj_explanation e;
        assert_int_equal(kj_explain_item(t.a.model, t.a.lex, &p, &mt, it, a, &e, &err), KJ_OK);
        assert_int_equal(e.item, it);
        double sum = e.bias;
        for (size_t i = 0; i < e.n; i++) {
            sum += e.features[i].contribution;
            assert_non_null(e.features[i].what);
            if (i) /* larger shares first */
                assert_true(fabsf(e.features[i - 1].contribution) >=
                            fabsf(e.features[i].contribution));
        }
        assert_float_equal(sum, e.logit, 1e-4);
        assert_float_equal(e.score, c.scores[it], 1e-5);
    }
    kj_explanation e;
    assert_int_equal(kj_explain_item(t.a.model, t.a.lex, &p, &mt, 7, a, &e, &err), KJ_OK);
    int csirt = 0, words = 0, hits = 0, lang = 0;
    for (size_t i = 0; i < e.n; i++) {
        const kj_explain_feature *f = &e.features[i];
        if (f->kind == KJ_EXPLAIN_TERM && strcmp(f->what, "CSIRT") == 0) {
            csirt++;
            assert_int_equal(f->start, 4); /* its first place */
            assert_int_equal(f->end, 9);
            assert_int_equal(f->places, 2);
        }
        if (f->kind == KJ_EXPLAIN_TEXT) {
            words++;
            assert_memory_equal(text + f->start, f->what, f->end - f->start);
        }
        hits += f->kind == KJ_EXPLAIN_HITS &&
                strcmp(f->what, "all terms of item 7 together") == 0 && f->item == 7;
        lang +=
            f->kind == KJ_EXPLAIN_LANG && strcmp(f->what, "English") == 0 && f->lang == KJ_LANG_EN;
        if (f->kind == KJ_EXPLAIN_KIND && strcmp(f->what, "ir terms of 7.1") == 0) {
            assert_int_equal(f->item, 7);
            assert_string_equal(kj_element_id(f->element), "7.1");
            assert_string_equal(f->category, "ir");
        }
        if (f->kind == KJ_EXPLAIN_TEXT) assert_int_equal(f->element, -1);
    }
    assert_int_equal(csirt, 2); /* the lexicon has CSIRT as a term of item 7 and of the topic */
    assert_true(words > 0);
    assert_int_equal(hits, 1);
    assert_int_equal(lang, 1);
    assert_int_equal(kj_explain_item(t.a.model, t.a.lex, &p, &mt, 11, a, &e, &err), KJ_ERR_ARG);
    /* several items at once, the features taken once: the same as one by one */
    int items[] = {7, 3, 8};
    kj_explanation three[3];
    assert_int_equal(kj_explain_items(t.a.model, t.a.lex, &p, &mt, items, 3, a, three, &err),
                     KJ_OK);
    for (int k = 0; k < 3; k++) {
        assert_int_equal(kj_explain_item(t.a.model, t.a.lex, &p, &mt, items[k], a, &e, &err),
                         KJ_OK);
        assert_int_equal(three[k].item, items[k]);
        assert_float_equal(three[k].logit, e.logit, 1e-9);
        assert_int_equal(three[k].n, e.n);
        for (size_t i = 0; i < e.n; i++)
            assert_float_equal(three[k].features[i].contribution, e.features[i].contribution, 1e-9);
    }
    kj_arena_free(a);
    kj_test_analyzer_free(&t);
}

/* The empty passage and one without a single lexicon hit (its matches'
 * items are NULL) are about nothing. Regression: fuzz/fuzz_analyze's first
 * input (the empty one) made the span scoring compute NULL + 0 for a span's
 * matches, undefined behaviour that clang's UBSan (make fuzz) reports and
 * GCC's does not. */
static void test_passage_without_matches(void **state) {
    (void)state;
    kj_arena *a = kj_arena_new();
    kj_classification c;
    classify("", &c, a);
    assert_int_equal(c.primary, 0);
    assert_int_equal(c.n_evidence, 0);
    classify("Sales of the new product were strong. Margins held up well.", &c, a);
    assert_int_equal(c.primary, 0);
    kj_matches none = {NULL, 0};
    kj_matches sm = kj_span_matches(&none, 0, 40);
    assert_null(sm.items);
    assert_int_equal(sm.n, 0);
    kj_arena_free(a);
}

static void test_model_refuses_other_lexicon(void **state) {
    (void)state;
    kj_test_write_file(dir, "lexicon/extra.tsv", "ISAC\tany\t10\t10.1\torg\t1.0\n");
    kj_analyzer *an = NULL;
    kj_error err = {0};
    assert_int_equal(kj_analyzer_load(dir, &an, &err), KJ_ERR_DATA);
    assert_non_null(strstr(err.msg, "make model"));
    char path[160];
    snprintf(path, sizeof path, "%s/lexicon/extra.tsv", dir);
    unlink(path);
}

/* The start of the last line of a model's text (its end line). */
static const char *end_line_of(const char *model) {
    size_t n = strlen(model);
    assert_true(n > 1 && model[n - 1] == '\n');
    const char *p = model + n - 1;
    while (p > model && p[-1] != '\n')
        p--;
    return p;
}

/* Add lines (whole lines, or "") to the trained model as the last lines
 * before its end line, whose count grows by as many (the model kept in
 * memory to restore it). */
static char *append_to_model(const char *lines) {
    char path[160];
    snprintf(path, sizeof path, "%s/model/model.tsv", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *saved = calloc(1, (size_t)n + 1);
    assert_non_null(saved);
    assert_int_equal(fread(saved, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    const char *end = end_line_of(saved);
    unsigned long count = 0;
    assert_int_equal(sscanf(end, "end %lu", &count), 1);
    for (const char *p = lines; (p = strchr(p, '\n')) != NULL; p++)
        count++;
    f = fopen(path, "w");
    assert_non_null(f);
    fwrite(saved, 1, (size_t)(end - saved), f);
    fprintf(f, "%send %lu\n", lines, count);
    fclose(f);
    return saved;
}

static void restore_model(char *saved) {
    kj_test_write_file(dir, "model/model.tsv", saved);
    free(saved);
}

/* With line appended to the trained model, loading fails with a message
 * containing msg; the model is restored after. */
static void expect_model_refused(const char *line, const char *msg) {
    char *saved = append_to_model(line);
    kj_analyzer *an = NULL;
    kj_error err = {0};
    assert_int_equal(kj_analyzer_load(dir, &an, &err), KJ_ERR_DATA);
    assert_non_null(strstr(err.msg, msg));
    restore_model(saved);
}

static void test_per_language_thresholds(void **state) {
    (void)state;
    char line[512] = "threshold en";
    for (int l = 0; l < KJ_N_ITEMS + KJ_N_ELEMENTS + 1; l++)
        strcat(line, " 1.00");
    strcat(line, "\n");
    char *saved = append_to_model(line);
    kj_arena *a = kj_arena_new();
    kj_classification c;
    classify("We test our backups every month.", &c, a); /* English: nothing reaches 1.00 */
    assert_int_equal(c.primary, 0);
    assert_int_equal(c.n_items, 0);
    classify("有事にはCSIRTが初動対応にあたります。", &c, a); /* Japanese: as trained */
    assert_int_equal(c.primary, 7);
    kj_arena_free(a);
    restore_model(saved);

    expect_model_refused("threshold en 0.5 oops\n", "per-language thresholds");
}

/* The test lexicon and training directories and a new output directory
 * sub of the test directory, for kj_train (each buffer of 160 bytes). */
static void train_paths(const char *sub, char *lex, char *tr, char *out) {
    snprintf(lex, 160, "%s/lexicon", dir);
    snprintf(tr, 160, "%s/train", dir);
    snprintf(out, 160, "%s/%s", dir, sub);
    kj_test_mkdir(dir, sub);
}

/* A model whose "passage_only" line names a language scores that
 * language's passages by the whole passage only: no item can score above
 * what the whole gives it, so a passage whose one sentence is about
 * recovery among sentences that are not scores lower than when its best
 * sentence counts, while Japanese, not named, scores as before. A line
 * naming no language kaiji knows is refused. Training with whole_only[1] writes
 * the line. */
static void test_passage_only(void **state) {
    (void)state;
    static const char *en = "Revenue grew because of strong demand. We opened two new stores this "
                            "year. For security, we keep offline backups and test restoring them.";
    static const char *ja = "当期の売上高は増加しました。新工場の建設を進めています。"
                            "重要データは毎日バックアップを取得しています。";
    kj_arena *a = kj_arena_new();
    kj_classification best_en, best_ja, whole_en, whole_ja;
    classify(en, &best_en, a);
    classify(ja, &best_ja, a);
    char *saved = append_to_model("passage_only en\n");
    classify(en, &whole_en, a);
    classify(ja, &whole_ja, a);
    restore_model(saved);
    assert_true(whole_en.scores[8] < best_en.scores[8] - 0.01f);
    for (int it = 1; it <= KJ_N_ITEMS; it++) {
        assert_true(whole_en.scores[it] <= best_en.scores[it]);
        assert_true(whole_ja.scores[it] == best_ja.scores[it]);
    }
    kj_arena_free(a);

    expect_model_refused("passage_only en fr\n", "passage_only");

    kj_error err = {0};
    char lex[160], tr[160], out[160], path[200];
    train_paths("whole", lex, tr, out);
    kj_train_options o = {tr, lex, out, 1.0, 3, 1e-4, 0, 0, 1, {0, 1}, NULL};
    assert_int_equal(kj_train(&o, &err), KJ_OK);
    snprintf(path, sizeof path, "%s/model.tsv", out);
    char *model = NULL;
    size_t len = 0;
    assert_int_equal(kj_read_file(path, 1 << 24, &model, &len, &err), KJ_OK);
    assert_non_null(strstr(model, "\npassage_only en\n"));
    free(model);
}

/* The short factor lowers the relevance gate's threshold of a short passage
 * as it does its items': with the English gate at 0.99, above what the short
 * passage scores, it is not about the topic; with a factor of 0.5 it is. */
static void test_short_factor_relevance(void **state) {
    (void)state;
    static const char *short_en = "Our CSIRT handles every security incident.";
    char gate[512] = "threshold en";
    for (int l = 0; l < KJ_LABEL_RELEVANT; l++)
        strcat(gate, " 0.50");
    strcat(gate, " 0.99\n");
    char gate_short[600];
    snprintf(gate_short, sizeof gate_short, "%sshort_factor en 0.50\n", gate);
    kj_arena *a = kj_arena_new();
    kj_classification s0, s1;
    char *saved = append_to_model(gate);
    classify(short_en, &s0, a);
    restore_model(saved);
    saved = append_to_model(gate_short);
    classify(short_en, &s1, a);
    restore_model(saved);
    assert_true(s0.relevance > 0.5f && s0.relevance < 0.99f);
    assert_int_equal(s0.on_topic, 0);
    assert_int_equal(s0.n_items, 0);
    assert_int_not_equal(s1.on_topic, 0);
    assert_true(s1.n_items > 0);
    kj_arena_free(a);
}

/* A model's "short_factor" line lowers the item and element thresholds of
 * a short passage in its language only: with a tiny factor a short English
 * passage gets items the plain thresholds deny it, a long one and a short
 * Japanese one score as before. A factor outside (0, 1] is refused.
 * Training with a calibration directory that does not exist fails naming
 * it; with one, the model written loads. */
static void test_short_factor(void **state) {
    (void)state;
    static const char *short_en = "Our CSIRT handles every security incident.";
    static const char *long_en =
        "Our CSIRT handles every security incident, from the first report to the review "
        "afterwards, and it keeps offline backups of the systems it may need to restore.";
    static const char *short_ja = "有事にはCSIRTが対応します。";
    kj_arena *a = kj_arena_new();
    kj_classification s0, l0, j0, s1, l1, j1;
    classify(short_en, &s0, a);
    classify(long_en, &l0, a);
    classify(short_ja, &j0, a);
    char *saved = append_to_model("short_factor en 0.01\n");
    classify(short_en, &s1, a);
    classify(long_en, &l1, a);
    classify(short_ja, &j1, a);
    restore_model(saved);
    assert_true(s0.n_items < KJ_N_ITEMS);
    assert_true(s1.n_items > s0.n_items);
    assert_int_equal(l1.n_items, l0.n_items);
    assert_int_equal(j1.n_items, j0.n_items);
    kj_arena_free(a);
    expect_model_refused("short_factor en 2\n", "short_factor");
    expect_model_refused("short_factor fr 0.5\n", "short_factor");

    kj_error err = {0};
    char lex[160], tr[160], out[160], cal[160];
    train_paths("calibrated", lex, tr, out);
    snprintf(cal, sizeof cal, "%s/no-such-dir", dir);
    kj_train_options o = {tr, lex, out, 1.0, 3, 1e-4, 0, 0, 1, {0, 0}, cal};
    assert_int_equal(kj_train(&o, &err), KJ_ERR_IO);
    assert_non_null(strstr(err.msg, "no-such-dir"));
    snprintf(cal, sizeof cal, "%s/train", dir); /* the training passages are short */
    o.calibrate_dir = cal;
    assert_int_equal(kj_train(&o, &err), KJ_OK);
    kj_model *m = NULL;
    kj_lexicon *lx = NULL;
    assert_int_equal(kj_lexicon_load(lex, &lx, &err), KJ_OK);
    assert_int_equal(kj_model_load(out, lx, &m, &err), KJ_OK);
    kj_model_free(m);
    kj_lexicon_free(lx);
}

/* The model's version (kept with stored analyses, so a changed model
 * re-analyses a document) follows every byte of its file: whatever is
 * appended, a whole word's worth or a last byte or two, and it is the same
 * again when the file is. Into version (32 bytes). */
static void model_version_with(const char *line, char *version) {
    char *saved = append_to_model(line);
    kj_analyzer *an = NULL;
    kj_error err = {0};
    assert_int_equal(kj_analyzer_load(dir, &an, &err), KJ_OK);
    snprintf(version, 32, "%s", kj_model_version(an->model));
    kj_analyzer_free(an);
    restore_model(saved);
}

static void test_model_version(void **state) {
    (void)state;
    char v0[32], v1[32], v2[32], v3[32], again[32];
    model_version_with("", v0);
    model_version_with("#\n", v1);
    model_version_with("# eight or more bytes\n", v2);
    model_version_with("# eight or more bytez\n", v3);
    model_version_with("", again);
    assert_int_equal(strlen(v0), 16);
    assert_string_equal(v0, again);
    assert_string_not_equal(v0, v1);
    assert_string_not_equal(v0, v2);
    assert_string_not_equal(v1, v2);
    assert_string_not_equal(v2, v3);
}

/* Load dir's model and classify text with it: its scores into scores,
 * whether its weights came from model.bin. */
static int load_and_score(const char *text, float *scores) {
    kj_test_analyzer t;
    kj_test_analyzer_load(&t, dir, 1);
    int cached = t.a.model->from_cache;
    kj_arena *a = kj_arena_new();
    kj_classification c;
    kj_test_classify(&t, a, text, &c);
    memcpy(scores, c.scores, sizeof c.scores);
    kj_arena_free(a);
    kj_test_analyzer_free(&t);
    return cached;
}

static void bin_path_of(char *path, size_t size) {
    snprintf(path, size, "%s/model/model.bin", dir);
}

/* A model whose weights fit one row per feature keeps only those rows (its
 * CSR arrays are freed), and every weight of model.tsv reads back from
 * them; a label a feature has no weight for reads 0. */
static void test_model_weights_dense_only(void **state) {
    (void)state;
    kj_test_analyzer t;
    kj_test_analyzer_load(&t, dir, 1);
    const kj_model *m = t.a.model;
    assert_non_null(m->dense);
    assert_null(m->row);
    assert_null(m->label);
    assert_null(m->w);
    char path[160];
    snprintf(path, sizeof path, "%s/model/model.tsv", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[256];
    unsigned long feat, last = KJ_FEAT_DIM;
    int label, n = 0;
    uint32_t labels = 0;
    double w;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "w %lu %d %lf", &feat, &label, &w) != 3) continue;
        if (feat != last && last < KJ_FEAT_DIM) /* the labels the last feature has none for */
            for (int l = 0; l < KJ_N_LABELS; l++)
                if (!(labels >> l & 1)) assert_true(kj_model_weight(m, (uint32_t)last, l) == 0.0f);
        if (feat != last) labels = 0;
        labels |= 1u << label;
        last = feat;
        assert_float_equal(kj_model_weight(m, (uint32_t)feat, label), w, 1e-6);
        n++;
    }
    fclose(f);
    assert_true(n > 0);
    assert_true(kj_model_weight(m, KJ_FEAT_DIM, 0) == 0.0f);
    assert_true(kj_model_weight(m, 0, KJ_N_LABELS) == 0.0f);
    kj_test_analyzer_free(&t);
}

/* The weights parsed from model.tsv are kept in model.bin and read from it
 * at the next start, with the same scores; a model.bin that is damaged, cut
 * short or for other model.tsv bytes is not used (the text is parsed and the
 * file written again). */
static void test_model_cache(void **state) {
    (void)state;
    const char *text = "有事にはCSIRTが初動対応にあたり、バックアップから復旧します。";
    char bin[200];
    bin_path_of(bin, sizeof bin);
    unlink(bin);
    float parsed[KJ_N_ITEMS + 1], again[KJ_N_ITEMS + 1];
    assert_false(load_and_score(text, parsed));
    assert_int_equal(access(bin, R_OK), 0);
    assert_true(load_and_score(text, again));
    assert_memory_equal(parsed, again, sizeof parsed);
    /* damaged: one byte of the weights changed, then the file cut short */
    char *good;
    size_t len;
    kj_error err = {0};
    assert_int_equal(kj_read_file(bin, 0, &good, &len, &err), KJ_OK);
    char *bad = malloc(len);
    assert_non_null(bad);
    memcpy(bad, good, len);
    bad[len - 3] ^= 0x40;
    size_t cut[] = {len, len / 2, 20, 0};
    for (size_t k = 0; k < sizeof cut / sizeof *cut; k++) {
        FILE *f = fopen(bin, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(bad, 1, cut[k], f), cut[k]);
        fclose(f);
        assert_false(load_and_score(text, again));
        assert_memory_equal(parsed, again, sizeof parsed);
        assert_true(load_and_score(text, again)); /* written again, whole */
    }
    free(bad);
    free(good);
    /* model.tsv changed: its model.bin is for other bytes */
    char *saved = append_to_model("# a comment changes the bytes\n");
    assert_false(load_and_score(text, again));
    assert_memory_equal(parsed, again, sizeof parsed);
    assert_true(load_and_score(text, again));
    restore_model(saved);
    assert_false(load_and_score(text, again));
    assert_memory_equal(parsed, again, sizeof parsed);
}

/* A model trained on another version's features (its first line names
 * another format) is refused with the way out, not used. */
static void test_model_refuses_other_features(void **state) {
    (void)state;
    char *saved = append_to_model("");
    assert_true(strncmp(saved, KJ_MODEL_MAGIC "\n", strlen(KJ_MODEL_MAGIC) + 1) == 0);
    const char *rest = strchr(saved, '\n');
    size_t n = strlen("kaiji-model 1") + strlen(rest) + 1;
    char *older = malloc(n);
    assert_non_null(older);
    snprintf(older, n, "kaiji-model 1%s", rest);
    kj_test_write_file(dir, "model/model.tsv", older);
    free(older);
    kj_analyzer *an = NULL;
    kj_error err = {0};
    assert_int_equal(kj_analyzer_load(dir, &an, &err), KJ_ERR_DATA);
    assert_non_null(strstr(err.msg, "another kaiji version"));
    assert_non_null(strstr(err.msg, "make model"));
    restore_model(saved);
}

/* Load dir's model (expecting it refused) with model.tsv's text set to the
 * first n bytes of model, then the middle of model left out from
 * [skip, skip_end) too when skip_end > skip; the error's message into
 * msg (sizeof kj_error.msg). */
static void load_refused(const char *model, size_t n, size_t skip, size_t skip_end, char *msg) {
    char *text = malloc(n + 1);
    assert_non_null(text);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (i < skip || i >= skip_end) text[k++] = model[i];
    text[k] = '\0';
    kj_test_write_file(dir, "model/model.tsv", text);
    free(text);
    kj_analyzer *an = NULL;
    kj_error err = {0};
    assert_int_equal(kj_analyzer_load(dir, &an, &err), KJ_ERR_DATA);
    assert_null(an);
    assert_non_null(strstr(err.msg, "model.tsv: "));
    assert_non_null(strstr(err.msg, "make model"));
    snprintf(msg, sizeof err.msg, "%s", err.msg);
}

/* A model.tsv cut short is refused, not used with the weights it still
 * has: cut inside a weight line (whose number would still parse), or at
 * the end of any line before its last (the end line, which counts the
 * lines before it): among the label lines, before the "weights" line
 * (which loaded with no weights at all), after the last weight line (the
 * short-passage factors lost), and so on. The model.bin written from the
 * whole file is no way round it. A model with no end line, as an earlier
 * kaiji wrote, and one whose end line counts other lines than it has (a
 * line lost from the middle) are refused too. Training writes the end
 * line, counting the lines before it. */
static void test_model_truncated(void **state) {
    (void)state;
    char *saved = append_to_model("");
    size_t total = strlen(saved);
    kj_analyzer *an = NULL;
    kj_error err = {0};
    assert_int_equal(kj_analyzer_load(dir, &an, &err), KJ_OK); /* model.bin written */
    kj_analyzer_free(an);
    /* training wrote the end line, counting the lines before it */
    const char *end = end_line_of(saved);
    unsigned long count = 0, lines = 0;
    assert_int_equal(sscanf(end, "end %lu", &count), 1);
    for (const char *p = saved; p < end; p++)
        lines += *p == '\n';
    assert_int_equal(count, lines);
    char msg[sizeof err.msg];
    const char *last_w = strstr(saved, "\nw ");
    assert_non_null(last_w);
    for (const char *p; (p = strstr(last_w + 1, "\nw ")) != NULL;)
        last_w = p;
    /* "w FEATURE LABEL 0.0" and the rest of its digits dropped */
    load_refused(saved, (size_t)(strchr(last_w + 1, '.') - saved) + 2, 0, 0, msg);
    assert_non_null(strstr(msg, "model.tsv: truncated"));
    /* cut at the end of a line: of every line up to the first weight line,
     * every 50th weight line and the line before the end line */
    const char *first_w = strstr(saved, "\nw ");
    size_t cuts = 0, lineno = 0;
    for (const char *p = saved; (p = strchr(p, '\n')) != NULL && p < end; p++) {
        if (p > first_w && ++lineno % 50 != 0 && p + 1 != end) continue;
        load_refused(saved, (size_t)(p - saved) + 1, 0, 0, msg);
        assert_non_null(strstr(msg, "model.tsv: truncated"));
        cuts++;
    }
    assert_true(cuts > KJ_N_LABELS + 5);
    /* no end line: a model written by an earlier kaiji */
    load_refused(saved, (size_t)(end - saved), 0, 0, msg);
    assert_non_null(strstr(msg, "no \"end N\" line"));
    /* a line lost from the middle: the label 9 line, then a weight line */
    const char *label = strstr(saved, "\nlabel 9 ");
    assert_non_null(label);
    load_refused(saved, total, (size_t)(label - saved) + 1,
                 (size_t)(strchr(label + 1, '\n') - saved) + 1, msg);
    assert_non_null(strstr(msg, "lines before its end line, which counts"));
    load_refused(saved, total, (size_t)(last_w - saved) + 1,
                 (size_t)(strchr(last_w + 1, '\n') - saved) + 1, msg);
    assert_non_null(strstr(msg, "lines before its end line, which counts"));
    restore_model(saved);
}

/* A model.tsv whose numbers were edited into what no training writes is
 * refused, naming the file and line: a NaN or infinite bias or weight (the
 * scores came out NaN, written as "nan" into JSON), a threshold outside
 * 0-1, a primary_threshold that is no number (read as 0). */
static void test_model_refuses_bad_numbers(void **state) {
    (void)state;
    expect_model_refused("label 3 item 4 element -1 bias nan threshold 0.3\n",
                         "bad bias or threshold of label 3");
    expect_model_refused("label 3 item 4 element -1 bias inf threshold 0.3\n",
                         "bad bias or threshold of label 3");
    expect_model_refused("label 3 item 4 element -1 bias -2.5 threshold 7\n",
                         "bad bias or threshold of label 3");
    expect_model_refused("primary_threshold abc\n", "bad primary_threshold 'abc'");
    /* a label line naming another item or element than its label's */
    expect_model_refused("label 3 item 5 element -1 bias -2.5 threshold 0.3\n",
                         "label 3 is not item 5, element -1");
    expect_model_refused("label 12 item 1 element 3 bias -2.5 threshold 0.3\n",
                         "label 12 is not item 1, element 3");
    expect_model_refused("label 31 item 10 element -1 bias -1 threshold 0.5\n",
                         "label 31 is not item 10, element -1");
    /* a dimension that is not this kaiji's, written whole (atol read the
     * first as 262144 and wrapped the second to it) */
    expect_model_refused("dim 262144x\n", "feature dimension 262144x differs");
    expect_model_refused("dim 4295229440\n", "feature dimension 4295229440 differs");
    /* the last weight line's weight made NaN, then too large for a float */
    static const char *bad[] = {"nan", "1e39"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        char *saved = append_to_model("");
        const char *last_w = strstr(saved, "\nw ");
        assert_non_null(last_w);
        for (const char *p; (p = strstr(last_w + 1, "\nw ")) != NULL;)
            last_w = p;
        const char *end = strchr(last_w + 1, '\n'), *sp = end;
        assert_non_null(end);
        while (sp[-1] != ' ')
            sp--;
        size_t n = strlen(saved) + 8;
        char *edited = malloc(n);
        assert_non_null(edited);
        snprintf(edited, n, "%.*s%s%s", (int)(sp - saved), saved, bad[k], end);
        kj_test_write_file(dir, "model/model.tsv", edited);
        free(edited);
        kj_analyzer *an = NULL;
        kj_error err = {0};
        assert_int_equal(kj_analyzer_load(dir, &an, &err), KJ_ERR_DATA);
        assert_non_null(strstr(err.msg, "model.tsv:"));
        assert_non_null(strstr(err.msg, "bad weight line"));
        restore_model(saved);
    }
}

/* A missing model.tsv is named in the error, which says how to make it
 * (the message of the failed read was lost: it was an argument of the
 * error it was written into). */
static void test_model_missing_named(void **state) {
    (void)state;
    char *saved = append_to_model("");
    char path[160];
    snprintf(path, sizeof path, "%s/model/model.tsv", dir);
    assert_int_equal(remove(path), 0);
    kj_analyzer *an = NULL;
    kj_error err = {0};
    assert_int_equal(kj_analyzer_load(dir, &an, &err), KJ_ERR_DATA);
    assert_non_null(strstr(err.msg, path));
    assert_non_null(strstr(err.msg, "cannot open"));
    assert_non_null(strstr(err.msg, "make model"));
    restore_model(saved);
}

/* A document's passages are classified, but for a table of contents: it
 * names the topics without disclosing them and gets no labels. */
static void test_analyze_document(void **state) {
    (void)state;
    const char *text = "■ 体制\n\nサイバーセキュリティ方針……4\nCSIRTによるインシデント対応……6\n"
                       "情報セキュリティ教育……8\nBCPと復旧……10\n\n"
                       "インシデント発生時はCSIRTが対応します。\n\n当期の売上高は増加しました。";
    kj_test_analyzer t;
    kj_test_analyzer_load(&t, dir, 1);
    kj_doc_analysis r;
    kj_document *doc = kj_test_analyze(&t, "doc.txt", text, NULL, &r);
    assert_int_equal(r.passages.n, 3);
    assert_true(r.passages.items[0].contents);
    assert_int_equal(r.cls[0].primary, 0);
    assert_int_equal(r.cls[0].n_items, 0);
    assert_false(r.passages.items[1].contents);
    assert_int_equal(r.cls[1].primary, 7);
    assert_int_equal(r.cls[2].primary, 0);
    assert_int_equal(r.item_passages[7], 1);
    assert_int_equal(r.relevant_passages, 1);
    kj_test_analyzer_free(&t);
    kj_document_free(doc);
}

/* kj_analyze_document keeps no evidence records: kj_doc_classification()
 * rebuilds the ones kj_classify() gives, from the matches and
 * kj_evidence_terms(); a passage normalisation leaves alone shares its text. */
static void test_doc_classification_rebuilds_evidence(void **state) {
    (void)state;
    const char *text = "インシデント発生時はCSIRTが対応します。\n\n当期の売上高は増加しました。";
    kj_test_analyzer t;
    kj_test_analyzer_load(&t, dir, 1);
    kj_doc_analysis r;
    kj_document *doc = kj_test_analyze(&t, "doc.txt", text, NULL, &r);
    assert_int_equal(r.passages.n, 2);
    assert_null(r.cls[0].evidence);
    assert_non_null(r.ev_terms);
    assert_int_equal(r.n_ev_terms, kj_lexicon_size(t.a.lex));
    /* "CSIRT" is normalised to lower case; the second passage is unchanged */
    assert_ptr_not_equal(r.passages.items[0].norm.text, r.passages.items[0].text);
    assert_ptr_equal(r.passages.items[1].norm.text, r.passages.items[1].text);
    assert_int_equal(r.passages.items[1].norm.len, r.passages.items[1].len);

    kj_arena *a = kj_arena_new();
    kj_classification tmp, direct;
    const kj_classification *c = kj_doc_classification(&r, 0, a, &tmp);
    assert_ptr_equal(c, &tmp);
    classify("インシデント発生時はCSIRTが対応します。", &direct, a);
    assert_int_equal(c->primary, direct.primary);
    assert_int_equal(c->n_evidence, direct.n_evidence);
    assert_true(c->n_evidence >= 1);
    for (size_t k = 0; k < c->n_evidence; k++) {
        assert_int_equal(c->evidence[k].item, direct.evidence[k].item);
        assert_int_equal(c->evidence[k].element, direct.evidence[k].element);
        assert_string_equal(c->evidence[k].term, direct.evidence[k].term);
        assert_int_equal(c->evidence[k].start, direct.evidence[k].start);
        assert_int_equal(c->evidence[k].end, direct.evidence[k].end);
        assert_true(c->evidence[k].weight == direct.evidence[k].weight);
    }
    assert_string_equal(c->evidence[0].term, "CSIRT");
    /* no selected item: the stored classification itself, without evidence */
    assert_ptr_equal(kj_doc_classification(&r, 1, a, &tmp), &r.cls[1]);
    assert_int_equal(r.cls[1].n_evidence, 0);

    /* per-term table: terms tied to no item are never evidence */
    size_t n = 0;
    kj_evidence_term *et = kj_evidence_terms(t.a.model, t.a.lex, a, &n);
    assert_non_null(et);
    assert_int_equal(n, kj_lexicon_size(t.a.lex));
    for (size_t id = 0; id < n; id++) {
        const kj_term *term = kj_lexicon_term(t.a.lex, (unsigned)id);
        if (term->item >= 1 && term->item <= KJ_N_ITEMS) {
            assert_int_equal(et[id].item, term->item);
            assert_int_equal(et[id].element, term->element);
        } else {
            assert_int_equal(et[id].item, 0);
        }
    }
    kj_arena_free(a);
    kj_test_analyzer_free(&t);
    kj_document_free(doc);
}

/* A span's features from the passage's text index equal those of the span
 * indexed on its own (the index drops repeats within the span and merges the
 * rest), with every feature once. */
static void test_span_features(void **state) {
    (void)state;
    const char *text = "訓練と訓練の訓練を行う。csirt csirt training training and csirt。"
                       "訓練は年1回、csirtが訓練の訓練を担う。";
    size_t len = strlen(text);
    kj_arena *a = kj_arena_new();
    kj_text_index ti;
    assert_int_equal(kj_text_index_build(text, len, 1, NULL, 1, a, &ti), KJ_OK);
    kj_matches none = {NULL, 0};
    size_t cuts[] = {0, strstr(text, "csirt") - text, strstr(text, "。訓練は") - text + 3, len};
    for (size_t i = 0; i < 4; i++)
        for (size_t j = i + 1; j < 4; j++) {
            kj_features f, g;
            assert_int_equal(
                kj_span_features(&ti, cuts[i], cuts[j], NULL, NULL, &none, KJ_LANG_JA, &f), KJ_OK);
            kj_text_index sub;
            assert_int_equal(
                kj_text_index_build(text + cuts[i], cuts[j] - cuts[i], 1, NULL, 0, a, &sub), KJ_OK);
            assert_int_equal(kj_span_features(&sub, 0, sub.len, NULL, NULL, &none, KJ_LANG_JA, &g),
                             KJ_OK);
            assert_int_equal(f.n, g.n);
            assert_memory_equal(f.idx, g.idx, f.n * sizeof *f.idx);
            assert_memory_equal(f.val, g.val, f.n * sizeof *f.val);
            for (size_t x = 0; x < f.n; x++)
                for (size_t y = x + 1; y < f.n; y++)
                    assert_true(f.idx[x] != f.idx[y]);
        }
    kj_arena_free(a);
}

/* The features of text a and text b (Japanese when ja), sorted by index,
 * are the same. */
static void assert_same_features(const char *a, const char *b, int ja) {
    kj_arena *ar = kj_arena_new();
    kj_matches none = {NULL, 0};
    kj_features f[2];
    const char *t[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        kj_text_index ti;
        assert_int_equal(kj_text_index_build(t[k], strlen(t[k]), ja, NULL, 0, ar, &ti), KJ_OK);
        assert_int_equal(kj_span_features(&ti, 0, ti.len, NULL, NULL, &none,
                                          ja ? KJ_LANG_JA : KJ_LANG_EN, &f[k]),
                         KJ_OK);
        for (size_t x = 1; x < f[k].n; x++) /* insertion sort by index */
            for (size_t y = x; y > 0 && f[k].idx[y] < f[k].idx[y - 1]; y--) {
                uint32_t i = f[k].idx[y];
                float v = f[k].val[y];
                f[k].idx[y] = f[k].idx[y - 1];
                f[k].val[y] = f[k].val[y - 1];
                f[k].idx[y - 1] = i;
                f[k].val[y - 1] = v;
            }
    }
    assert_int_equal(f[0].n, f[1].n);
    assert_memory_equal(f[0].idx, f[1].idx, f[0].n * sizeof *f[0].idx);
    assert_memory_equal(f[0].val, f[1].val, f[0].n * sizeof *f[0].val);
    kj_arena_free(ar);
}

/* A word bigram joins two words apart by a space or a little punctuation,
 * whatever that is; two Latin words in Japanese text with Japanese between
 * them make none, so a space after a sentence end (。 or 。\u3000, which
 * NFKC makes a space) changes no feature. */
static void test_word_pairs(void **state) {
    (void)state;
    assert_same_features("ciso会議で確認します。グループcisoが議長です。",
                         "ciso会議で確認します。 グループcisoが議長です。", 1);
    assert_same_features("our security, program is reviewed", "our security program is reviewed",
                         0);
    /* words apart by Japanese text make no bigram; side by side they do */
    kj_arena *ar = kj_arena_new();
    kj_text_index ti;
    const char *t = "csirtと会議のcsirt";
    assert_int_equal(kj_text_index_build(t, strlen(t), 1, NULL, 0, ar, &ti), KJ_OK);
    assert_int_equal(ti.words.n, 2);
    t = "security program";
    assert_int_equal(kj_text_index_build(t, strlen(t), 0, NULL, 0, ar, &ti), KJ_OK);
    assert_int_equal(ti.words.n, 3);
    kj_arena_free(ar);
}

/* A word whose feature is also a character trigram's (a hash collision)
 * appears in a span's features once, as the character feature. */
static void test_span_features_cross(void **state) {
    (void)state;
    /* find a trigram of one kanji and a three-letter word with the same
     * feature: list the words by feature, then try kanji until one hits */
    static const char alnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    int32_t *word_of = calloc(KJ_FEAT_DIM, sizeof *word_of); /* word number + 1 */
    assert_non_null(word_of);
    for (int n = 0; n < 26 * 36 * 36; n++) {
        char w[3] = {alnum[n % 26], alnum[n / 26 % 36], alnum[n / 936]};
        word_of[kj_feature_hash('w', w, 3)] = n + 1;
    }
    char kanji[10] = {0}, word[4] = {0};
    for (int32_t cp = 0x4E00; cp < 0x9FA0 && !word[0]; cp++) {
        char k[4];
        kj_utf8_encode(cp, k);
        for (int r = 0; r < 3; r++)
            memcpy(kanji + 3 * r, k, 3);
        uint64_t key = ((uint64_t)cp << 42) | ((uint64_t)cp << 21) | (uint64_t)cp;
        int32_t n = word_of[kj_trigram_feature(key)] - 1;
        if (n >= 0) {
            word[0] = alnum[n % 26];
            word[1] = alnum[n / 26 % 36];
            word[2] = alnum[n / 936];
        }
    }
    free(word_of);
    assert_true(word[0] != 0);
    char text[64];
    snprintf(text, sizeof text, "%s %s。%s %s", kanji, word, word, kanji);
    kj_arena *a = kj_arena_new();
    kj_text_index ti;
    assert_int_equal(kj_text_index_build(text, strlen(text), 1, NULL, 1, a, &ti), KJ_OK);
    assert_true(ti.cross);
    kj_matches none = {NULL, 0};
    size_t cut = (size_t)(strstr(text, "。") - text) + 3;
    size_t spans[3][2] = {{0, strlen(text)}, {0, cut}, {cut, strlen(text)}};
    for (int k = 0; k < 3; k++) {
        kj_features f;
        assert_int_equal(
            kj_span_features(&ti, spans[k][0], spans[k][1], NULL, NULL, &none, KJ_LANG_JA, &f),
            KJ_OK);
        for (size_t x = 0; x < f.n; x++)
            for (size_t y = x + 1; y < f.n; y++)
                assert_true(f.idx[x] != f.idx[y]);
    }
    /* a span with the word but not the character keeps the word */
    kj_features g;
    size_t ws = (size_t)(strstr(text + cut, word) - text);
    assert_int_equal(
        kj_span_features(&ti, ws, ws + strlen(word), NULL, NULL, &none, KJ_LANG_JA, &g), KJ_OK);
    int has = 0;
    for (size_t x = 0; x < g.n; x++)
        has |= g.idx[x] == kj_feature_hash('w', word, strlen(word));
    assert_true(has);
    kj_arena_free(a);
}

/* Spans scored on their own: every sentence, and the clauses of a long
 * Japanese sentence at a comma after a clause-ending kana; short clauses and
 * English sentences are not cut. */
typedef struct {
    size_t start[16], end[16];
    int n;
} span_list;

static void collect_span(size_t start, size_t end, void *ud) {
    span_list *l = ud;
    if (l->n < 16) {
        l->start[l->n] = start;
        l->end[l->n] = end;
    }
    l->n++;
}

static void test_scored_spans(void **state) {
    (void)state;
    const char *ja =
        "当社は顧客の個人情報を多数保有しており、暗号化やアクセス制御などの対策を講じて"
        "おりますが、不正アクセスにより情報が漏えいした場合、業績に影響を及ぼす可能性が"
        "あります。短い文です、はい。";
    kj_arena *a = kj_arena_new();
    kj_passage p;
    assert_int_equal(kj_passage_from_text(a, ja, strlen(ja), KJ_LANG_JA, &p), KJ_OK);
    assert_int_equal(p.norm.len, strlen(ja)); /* normalising changes nothing here */
    span_list l = {0};
    kj_scored_spans(&p, collect_span, &l);
    /* sentence 1, its three clauses (the last comma follows 合 and does not
     * cut), sentence 2 (its clause would be too short) */
    assert_int_equal(l.n, 5);
    assert_int_equal(l.start[0], 0);
    assert_int_equal(l.start[1], 0);
    assert_true(l.end[1] > 0 && !memcmp(ja + l.end[1] - 6, "り、", 6));
    assert_int_equal(l.start[2], l.end[1]);
    assert_true(!memcmp(ja + l.end[2] - 6, "が、", 6));
    assert_int_equal(l.end[3], l.end[0]);
    assert_true(l.start[4] >= l.end[0]);
    assert_int_equal(l.end[4], strlen(ja));

    const char *en = "We encrypt customer data, and we test our controls every year; a breach may "
                     "still harm our results.";
    assert_int_equal(kj_passage_from_text(a, en, strlen(en), KJ_LANG_EN, &p), KJ_OK);
    span_list e = {0};
    kj_scored_spans(&p, collect_span, &e);
    assert_int_equal(e.n, 1);
    kj_arena_free(a);
}

/* The classifier's sentences of English text keep an abbreviation and a
 * word written in lower case after ". " with the sentence before it, as
 * the passage's own letters (not its case-folded form) show: "Bros. and",
 * "approx. two", "ｅ．ｇ． ｔｈｅ" (full-width); ". The", ". Sample" and ". Our"
 * still end one. */
static void test_scored_spans_lower_case(void **state) {
    (void)state;
    const char *en = "Our SOC reviews approx. two hundred alerts a day. The team tunes "
                     "rules, ｅ．ｇ． ｔｈｅ ones for 不正アクセス. Sample Bros. and its units "
                     "share the SOC. Our CISO reports yearly.";
    kj_arena *a = kj_arena_new();
    kj_passage p;
    assert_int_equal(kj_passage_from_text(a, en, strlen(en), KJ_LANG_EN, &p), KJ_OK);
    span_list e = {0};
    kj_scored_spans(&p, collect_span, &e);
    assert_int_equal(e.n, 4);
    static const char *const first[] = {"our soc", "the team", "sample bros", "our ciso"};
    for (int i = 0; i < 4; i++)
        assert_memory_equal(p.norm.text + e.start[i], first[i], strlen(first[i]));
    /* without the passage's own letters, the folded text splits before
     * "and" as before */
    kj_passage folded = p;
    folded.norm.map = NULL;
    span_list f = {0};
    kj_scored_spans(&folded, collect_span, &f);
    assert_int_equal(f.n, 5);
    kj_arena_free(a);
}

/* ---- span vectors (kj_span_vec_in) -------------------------------------- */

typedef struct {
    size_t start[256], end[256];
    int n;
} span_many;

static void collect_many(size_t start, size_t end, void *ud) {
    span_many *l = ud;
    assert_true(l->n < 256);
    l->start[l->n] = start;
    l->end[l->n++] = end;
}

/* The logits of span [start, end) of the indexed passage from its span
 * vector (room carried from span to span) equal, bit for bit, those of its
 * features as kj_span_features gives them. Returns whether it was known. */
static int check_span_vec(const kj_test_analyzer *t, const kj_text_index *ti, const kj_matches *mt,
                          kj_lang lang, kj_feat_room *room, size_t start, size_t end) {
    kj_span_vec sv;
    assert_int_equal(kj_span_vec_in(ti, start, end, t->a.lex, t->a.model, mt, lang, room, &sv),
                     KJ_OK);
    double z[KJ_N_LABELS], want[KJ_N_LABELS];
    kj_model_span_logits(t->a.model, &sv, z);
    kj_matches sm = kj_span_matches(mt, start, end);
    kj_features f;
    assert_int_equal(kj_span_features(ti, start, end, t->a.lex, t->a.model, &sm, lang, &f), KJ_OK);
    kj_model_logits(t->a.model, &f, want);
    assert_memory_equal(z, want, sizeof z);
    return sv.known;
}

/* Scoring a span from its vector gives the logits of its features, for the
 * repository's model: the whole passage, every span classification scores
 * (in order, one room for all), the same again backwards, and spans that
 * cut a character or a word in two (scored from the features themselves). */
static void test_span_vectors(void **state) {
    (void)state;
    kj_test_analyzer t;
    kj_test_analyzer_load(&t, NULL, 1);
    static const char *const texts[] = {
        "当社グループは、サイバー攻撃や不正アクセスにより個人情報が漏えいするリスクを認識しており、"
        "CSIRTを設置して初動対応の体制を整えていますが、想定を超える攻撃を受けた場合には業績に"
        "影響を及ぼす可能性があります。また、全従業員に標的型メール訓練を年1回実施し、訓練の結果を"
        "踏まえて教育を見直しています。重要なデータは毎日バックアップを取得し、復旧手順を定期的に"
        "確認しています。",
        "We maintain an incident response plan and our CSIRT leads containment. Phishing training "
        "is mandatory for all employees; backups are tested every quarter. A cyber attack could "
        "still disrupt our operations and harm our results.",
    };
    static const kj_lang langs[] = {KJ_LANG_JA, KJ_LANG_EN};
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        kj_arena *a = kj_arena_new();
        kj_passage p;
        kj_matches mt;
        kj_test_passage(a, t.sc, texts[k], langs[k], &p, &mt);
        assert_true(mt.n > 2);
        span_many l = {0};
        collect_many(0, p.norm.len, &l);
        kj_scored_spans(&p, collect_many, &l);
        assert_true(l.n >= 4);
        /* an index made for spans knows each of them; one made for the
         * whole only knows the whole, and gives the others as exactly */
        for (int spans = 1; spans >= 0; spans--) {
            kj_text_index ti;
            assert_int_equal(kj_text_index_build(p.norm.text, p.norm.len, langs[k] == KJ_LANG_JA,
                                                 t.a.model->has, spans, a, &ti),
                             KJ_OK);
            assert_int_equal(kj_text_index_prepare(&ti, t.a.model, t.a.lex, &mt), KJ_OK);
            kj_feat_room room = {0};
            int known = 0;
            for (int i = 0; i < l.n; i++)
                known += check_span_vec(&t, &ti, &mt, langs[k], &room, l.start[i], l.end[i]);
            assert_int_equal(known, spans ? l.n : 1);
            for (int i = l.n - 1; i >= 0; i--)
                check_span_vec(&t, &ti, &mt, langs[k], &room, l.start[i], l.end[i]);
            /* one byte into a character (Japanese) or a word (English) at each end */
            assert_false(check_span_vec(&t, &ti, &mt, langs[k], &room, 1, p.norm.len / 2));
            assert_false(check_span_vec(&t, &ti, &mt, langs[k], &room, 4, p.norm.len - 2));
        }
        kj_arena_free(a);
    }
    kj_test_analyzer_free(&t);
}

/* ---- span learning (kj_train_options.spans) ---------------------------- */

/* Training passages for span learning, written for this test: each is four
 * sentences. A labelled passage (item 8, element 8.1: recovery) has one
 * sentence about backups and recovery among three about the business; half
 * of them also tell of a logistics centre's automation, a topic that is not
 * about recovery but comes with it more often than not (it is in a sixth of
 * the unlabelled passages). No term of the test lexicon occurs, so what the
 * models learn is the sentences' own n-grams. */
static const char *const mil_recovery[] = {
    "重要なデータは毎晩別の拠点へ複製し、障害時には半日以内に業務を再開できるようにしています。",
    "基幹システムのデータを日次で複製し、年に一度は復旧の手順を実際に試しています。",
    "停電や災害でサーバが止まった場合に備え、遠隔地に予備のシステムを用意しています。",
    "暗号化されても戻せるよう、書き換えできない媒体にデータの写しを保管しています。",
    "復旧の目標時間を定め、演習でその時間内にシステムを戻せることを確かめています。",
    "システムが止まったときの復旧手順書を整え、担当者が替わっても再開できるようにしています。",
};
static const char *const mil_business[] = {
    "当期の売上高は前年同期比で一割ほど増加しました。",
    "原材料価格の上昇が営業利益を圧迫しました。",
    "新工場の建設は計画どおり来年春に完了する見込みです。",
    "海外の販売子会社を二社新たに設立しました。",
    "配当は一株あたり三十円を予定しています。",
    "従業員の平均年齢は四十一歳で、前年とほぼ同じです。",
    "主力製品の出荷台数は国内向けが堅調に推移しました。",
    "為替の円安が輸出売上を押し上げました。",
};
static const char *const mil_logistics =
    "物流センターの自動化により出荷までの日数が短くなりました。";

/* Training passage i, labelled with recovery or not, as a JSON line. */
static void mil_passage(FILE *f, int labelled, int i) {
    char text[1024] = "";
    int at = i % 4, other = 0;
    int logistics = labelled ? i % 2 == 0 : i % 6 == 0;
    for (int k = 0; k < 4; k++) {
        const char *s;
        if (labelled && k == at)
            s = mil_recovery[i % 6];
        else if (logistics && k == (at + 1) % 4)
            s = mil_logistics;
        else
            s = mil_business[(3 * i + other++) % 8];
        strcat(text, s);
    }
    fprintf(f, "{\"text\": \"%s\", \"lang\": \"ja\", \"items\": [%s], \"elements\": [%s]}\n", text,
            labelled ? "8" : "", labelled ? "\"8.1\"" : "");
}

static double logit_of(float p) {
    return log(p / (1.0 - p));
}

/* Span learning (kaiji train --spans) on passages where recovery is one
 * sentence among others: trained once on the passages only and once with
 * their spans, on the same data. With spans, the best span of a passage
 * about recovery is a positive and every span of one without it a negative,
 * so the model learns what recovery looks like in one sentence and that the
 * logistics sentence, seen on its own in unlabelled passages, is not it.
 * Checked on sentences not in the training data. A recovery sentence's own
 * score is not compared: every span of an unlabelled passage is one more
 * negative, which lowers the bias and every score with it (thresholds are
 * tuned on the same scores). Compared is the gap between the log-odds for
 * recovery of a recovery sentence and of a logistics sentence, which the
 * bias does not move: with spans it must put recovery ahead and be clearly
 * wider than without. And a passage without recovery that mentions the
 * logistics centre must score lower for recovery. */
static void test_span_learning(void **state) {
    (void)state;
    static const char *const text[] = {
        "取引先の注文データは毎日複製し、サーバ障害の際も翌朝には業務を再開できます。",
        "物流センターの自動化を進め、出荷までの日数をさらに短くします。",
        ("今期は営業所を三か所増やしました。物流センターの自動化を進め、出荷までの日数をさらに"
         "短くします。来期も新製品の投入を続けます。"),
    };
    enum { RECOVERY, LOGISTICS, NEGATIVE, N_TEXTS };
    char mil[80], train[128], lex[128], data[128], out[160];
    snprintf(mil, sizeof mil, "%s/mil", dir);
    snprintf(train, sizeof train, "%s/train", mil);
    snprintf(lex, sizeof lex, "%s/passages/lexicon", mil);
    FILE *f = kj_test_create(mil, "train/t.jsonl");
    for (int i = 0; i < 12; i++) {
        mil_passage(f, 1, i);
        mil_passage(f, 0, i);
    }
    fclose(f);
    float score[2][N_TEXTS]; /* [spans][text] */
    for (int spans = 0; spans < 2; spans++) {
        snprintf(data, sizeof data, "%s/%s", mil, spans ? "spans" : "passages");
        kj_test_write_file(data, "lexicon/t.tsv", lexicon);
        kj_test_mkdir(data, "model");
        snprintf(out, sizeof out, "%s/model", data);
        kj_train_options o = {.train_dir = train,
                              .lexicon_dir = lex,
                              .out_dir = out,
                              .C = 1.0,
                              .folds = 2,
                              .min_weight = 1e-4,
                              .spans = spans};
        kj_error err = {0};
        if (kj_train(&o, &err) != KJ_OK) fail_msg("train: %s", err.msg);
        kj_test_analyzer t;
        kj_test_analyzer_load(&t, data, 1);
        for (int k = 0; k < N_TEXTS; k++) {
            /* under a heading that names the topic, so the text is scored */
            char doc_text[512];
            snprintf(doc_text, sizeof doc_text, "■ サイバー攻撃への備え\n\n%s\n", text[k]);
            kj_doc_analysis r;
            kj_document *doc = kj_test_analyze(&t, "doc.txt", doc_text, NULL, &r);
            assert_int_equal(r.passages.n, 1);
            assert_non_null(r.passages.items[0].heading);
            score[spans][k] = r.cls[0].scores[8];
            kj_document_free(doc);
            assert_true(score[spans][k] > 0 && score[spans][k] < 1);
        }
        kj_test_analyzer_free(&t);
    }
    double gap[2]; /* [spans]: recovery's log-odds over logistics' */
    for (int spans = 0; spans < 2; spans++)
        gap[spans] = logit_of(score[spans][RECOVERY]) - logit_of(score[spans][LOGISTICS]);
    if (!(gap[1] > 0 && gap[1] > gap[0] + 0.25 && score[1][NEGATIVE] < score[0][NEGATIVE]))
        fail_msg("span learning: recovery over logistics %.3f log-odds with spans, %.3f without; "
                 "passage without recovery %.3f with spans, %.3f without",
                 gap[1], gap[0], score[1][NEGATIVE], score[0][NEGATIVE]);
}

/* ---- kj_analyze_document_each ----------------------------------------- */

/* Passages about several items, one without any (a match of item 8 among
 * item 7's evidence is dropped when packed), and a long one whose evidence
 * lies past 16383 code points (three-byte varints). サイバー攻撃 (item 0) is
 * never evidence, so packing drops its matches. */
static char *each_text(void) {
    kj_buf b = KJ_BUF_INIT;
    kj_buf_puts(&b, "■ 体制\n\nサイバー攻撃の発生時はCSIRTが対応し、CSIRTが原因を調べます。\n\n"
                    "当期の売上高は増加しました。\n\n"
                    "Our CSIRT leads incident response; backups are kept offline.\n\n"
                    "全従業員に年1回の訓練を実施し、訓練の結果を確認しています。\n\n");
    kj_buf_puts(&b, "CSIRTが対応します。");
    for (int k = 0; k < 1700; k++)
        kj_buf_puts(&b, k == 900 ? "CSIRTは訓練の後に手順を定めます。" : "当社は手順を定めます。");
    kj_buf_puts(&b, "サイバー攻撃の際はCSIRTが初動対応にあたり、CSIRTが再発防止を図ります。\n\n"
                    "We test our backups every month.\n");
    return kj_buf_steal(&b);
}

/* each_text() analysed both ways (both.whole with kj_analyze_document(), the
 * reference; both.each with kj_analyze_document_each() and check_visit),
 * and what the visitor saw: kj_classify()'s own result for each passage
 * (direct). */
typedef struct {
    char *text; /* each_text() */
    kj_test_analyzer t;
    kj_test_pair both;
    kj_arena *keep; /* direct classifications and their evidence */
    kj_classification direct[16];
    size_t calls;
    size_t stop_at; /* the visitor fails on this passage */
} visit_log;

static void assert_same_cls(const kj_classification *x, const kj_classification *y) {
    assert_memory_equal(x->scores, y->scores, sizeof x->scores);
    assert_int_equal(x->mentioned, y->mentioned);
    assert_true(x->relevance == y->relevance);
    assert_int_equal(x->n_items, y->n_items);
    assert_memory_equal(x->items, y->items, (size_t)x->n_items);
    assert_int_equal(x->primary, y->primary);
    assert_int_equal(x->n_elements, y->n_elements);
    assert_memory_equal(x->elements, y->elements, (size_t)x->n_elements);
}

static void assert_same_matches(const kj_matches *x, const kj_matches *y) {
    assert_int_equal(x->n, y->n);
    for (size_t k = 0; k < x->n; k++) {
        assert_int_equal(x->items[k].term, y->items[k].term);
        assert_int_equal(x->items[k].start, y->items[k].start);
        assert_int_equal(x->items[k].end, y->items[k].end);
        assert_int_equal(x->items[k].nstart, y->items[k].nstart);
        assert_int_equal(x->items[k].nend, y->items[k].nend);
    }
}

static kj_status check_visit(void *ud, const kj_doc_analysis *a, size_t i, const kj_matches *mt,
                             kj_arena *scratch, kj_error *err) {
    visit_log *log = ud;
    assert_int_equal(i, log->calls++); /* once each, in order */
    assert_true(i < 16);
    assert_null(a->matches);
    assert_non_null(a->ev_matches);
    assert_non_null(scratch);
    const kj_doc_analysis *ref = &log->both.whole;
    const kj_passage *p = &a->passages.items[i], *rp = &ref->passages.items[i];
    /* this passage's normalised text, with its map, and all its matches */
    assert_non_null(p->norm.text);
    assert_non_null(p->norm.map);
    assert_int_equal(p->norm.len, rp->norm.len);
    assert_memory_equal(p->norm.text, rp->norm.text, p->norm.len);
    assert_same_matches(mt, &ref->matches[i]);
    assert_same_cls(&a->cls[i], &ref->cls[i]);
    for (size_t j = 0; j < i; j++) /* the passages before are done with */
        assert_null(a->passages.items[j].norm.text);
    assert_non_null(kj_arena_alloc(scratch, 64));
    assert_int_equal(
        kj_classify(log->t.a.model, log->t.a.lex, p, mt, log->keep, &log->direct[i], err), KJ_OK);
    if (i == log->stop_at) return kj_error_set(err, KJ_ERR_IO, "visitor stops at passage %zu", i);
    return KJ_OK;
}

/* Analyse each_text() both ways into log->both, with check_visit on the way
 * passage by passage (free_both frees). */
static kj_status analyze_both(visit_log *log, kj_error *err) {
    static const kj_segment_options so = {.max_chars = 40000};
    log->text = each_text();
    kj_test_analyzer_load(&log->t, dir, 1);
    kj_test_pair_begin(&log->both, &log->t, "doc.txt", log->text, &so);
    log->keep = kj_arena_new();
    return kj_test_pair_each(&log->both, check_visit, log, err);
}

static void free_both(visit_log *log) {
    kj_arena_free(log->keep);
    kj_test_pair_free(&log->both);
    kj_test_analyzer_free(&log->t);
    free(log->text);
}

/* The visitor sees each passage once, in order, with its normalised text,
 * matches and classification; the result equals kj_analyze_document()'s. */
static void test_analyze_each_visits(void **state) {
    (void)state;
    visit_log log = {.stop_at = (size_t)-1};
    kj_error err = {0};
    if (analyze_both(&log, &err) != KJ_OK) fail_msg("%s", err.msg);
    const kj_doc_analysis *ref = &log.both.whole, *r = &log.both.each;
    assert_int_equal(r->passages.n, 6);
    assert_int_equal(log.calls, r->passages.n);
    assert_int_equal(ref->passages.n, r->passages.n);
    for (size_t i = 0; i < r->passages.n; i++) {
        const kj_passage *p = &r->passages.items[i], *q = &ref->passages.items[i];
        assert_int_equal(p->len, q->len);
        assert_memory_equal(p->text, q->text, p->len);
        assert_int_equal(p->start, q->start);
        assert_int_equal(p->end, q->end);
        assert_null(p->norm.text); /* forgotten after its visit */
        assert_same_cls(&r->cls[i], &ref->cls[i]);
    }
    assert_null(r->matches);
    assert_int_equal(r->lang, ref->lang);
    assert_memory_equal(r->item_max, ref->item_max, sizeof r->item_max);
    assert_memory_equal(r->item_passages, ref->item_passages, sizeof r->item_passages);
    assert_memory_equal(r->el_passages, ref->el_passages, sizeof r->el_passages);
    assert_int_equal(r->relevant_passages, ref->relevant_passages);
    /* the document is about something: items 7 and 3 and an irrelevant passage */
    assert_true(r->item_passages[7] >= 2 && r->item_passages[3] >= 1);
    assert_true(r->relevant_passages < (int)r->passages.n);
    free_both(&log);
}

/* A visitor's error stops the analysis there and is what it returns. */
static void test_analyze_each_visitor_error(void **state) {
    (void)state;
    visit_log log = {.stop_at = 2};
    kj_error err = {0};
    assert_int_equal(analyze_both(&log, &err), KJ_ERR_IO);
    assert_int_equal(err.code, KJ_ERR_IO);
    assert_string_equal(err.msg, "visitor stops at passage 2");
    assert_int_equal(log.calls, 3); /* none after the failing one */
    free_both(&log);
}

static void assert_same_evidence(const kj_classification *x, const kj_classification *y) {
    assert_int_equal(x->n_evidence, y->n_evidence);
    for (size_t k = 0; k < x->n_evidence; k++) {
        const kj_evidence *e = &x->evidence[k], *f = &y->evidence[k];
        assert_int_equal(e->item, f->item);
        assert_int_equal(e->element, f->element);
        assert_string_equal(e->term, f->term);
        assert_int_equal(e->start, f->start);
        assert_int_equal(e->end, f->end);
        assert_true(e->weight == f->weight);
    }
}

/* Evidence rebuilt from the packed matches equals kj_classify()'s for the
 * passage, and what the unpacked analysis rebuilds. */
static void test_passage_classification_packed(void **state) {
    (void)state;
    visit_log log = {.stop_at = (size_t)-1};
    kj_error err = {0};
    if (analyze_both(&log, &err) != KJ_OK) fail_msg("%s", err.msg);
    const kj_doc_analysis *ref = &log.both.whole, *r = &log.both.each;
    kj_arena *a = kj_arena_new();
    size_t total = 0, dropped = 0, far = 0;
    for (size_t i = 0; i < r->passages.n; i++) {
        kj_classification tmp, tmp2;
        const kj_classification *c = kj_doc_passage_classification(r, i, a, &tmp);
        const kj_classification *d = kj_doc_passage_classification(ref, i, a, &tmp2);
        assert_non_null(c);
        assert_non_null(d);
        assert_same_cls(c, &log.direct[i]);
        assert_same_evidence(c, &log.direct[i]);
        assert_same_evidence(c, d);
        total += c->n_evidence;
        dropped += ref->matches[i].n - c->n_evidence;
        for (size_t k = 0; k < c->n_evidence; k++)
            far += c->evidence[k].start > 16384;
    }
    /* the case packing must get right: many records, some matches not
     * evidence, offsets needing three varint bytes */
    assert_true(total >= 8);
    assert_true(dropped >= 2);
    assert_true(far >= 2);
    kj_arena_free(a);
    free_both(&log);
}

static kj_status visit_nothing(void *ud, const kj_doc_analysis *a, size_t i, const kj_matches *mt,
                               kj_arena *scratch, kj_error *err) {
    (void)ud, (void)a, (void)i, (void)mt, (void)scratch, (void)err;
    return KJ_OK;
}

/* A passage without evidence packs nothing (code NULL) and rebuilds to a
 * classification without evidence. Regression: fuzz/fuzz_analyze's input
 * "," (one such passage, analysed as `kaiji analyze` does) made unpacking
 * compute NULL + 0, undefined behaviour that clang's UBSan reports. */
static void test_packed_without_evidence(void **state) {
    (void)state;
    kj_test_analyzer t;
    kj_test_analyzer_load(&t, dir, 1);
    kj_test_pair p;
    kj_test_pair_begin(&p, &t, "comma.txt", ",", NULL);
    kj_error err = {0};
    if (kj_test_pair_each(&p, visit_nothing, NULL, &err) != KJ_OK) fail_msg("%s", err.msg);
    assert_int_equal(p.each.passages.n, 1);
    assert_null(p.each.matches);
    assert_int_equal(p.each.ev_matches[0].n, 0);
    assert_null(p.each.ev_matches[0].code);
    kj_arena *a = kj_arena_new();
    kj_classification tmp;
    const kj_classification *c = kj_doc_passage_classification(&p.each, 0, a, &tmp);
    assert_non_null(c);
    assert_int_equal(c->primary, 0);
    assert_int_equal(c->n_evidence, 0);
    kj_arena_free(a);
    kj_test_pair_free(&p);
    kj_test_analyzer_free(&t);
}

/* A term's kind feature hashes "category|item|element" exactly as printf
 * writes it, negative element and two-digit item included: the committed
 * weights are keyed by those bytes. */
static void test_term_kind_feature(void **state) {
    (void)state;
    static const struct {
        const char *category;
        int item, element;
        kj_term_kind kind;
    } cases[] = {
        {"measure", 5, 9, KJ_KIND_OTHER}, {"org", 10, 20, KJ_KIND_OTHER},
        {"topic", 0, -1, KJ_KIND_OTHER},  {"asset", 4, -1, KJ_KIND_ASSET},
        {"x", 1, 0, KJ_KIND_OTHER},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        kj_term t = {.term = "word",
                     .category = cases[i].category,
                     .item = cases[i].item,
                     .element = cases[i].element,
                     .kind = cases[i].kind};
        uint32_t ti, ki;
        kj_term_features(&t, &ti, &ki);
        char key[64];
        int n = snprintf(key, sizeof key, "%s|%d|%d",
                         cases[i].kind == KJ_KIND_ASSET ? "cyber" : cases[i].category,
                         cases[i].item, cases[i].element);
        assert_int_equal(ki, kj_feature_hash('k', key, (size_t)n));
        assert_int_equal(ti, kj_feature_term_index(&t));
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_framework),
        cmocka_unit_test(test_term_kind_feature),
        cmocka_unit_test(test_trained_model_classifies),
        cmocka_unit_test(test_explain_item),
        cmocka_unit_test(test_passage_without_matches),
        cmocka_unit_test(test_model_refuses_other_lexicon),
        cmocka_unit_test(test_per_language_thresholds),
        cmocka_unit_test(test_passage_only),
        cmocka_unit_test(test_short_factor),
        cmocka_unit_test(test_short_factor_relevance),
        cmocka_unit_test(test_model_version),
        cmocka_unit_test(test_model_cache),
        cmocka_unit_test(test_model_weights_dense_only),
        cmocka_unit_test(test_model_refuses_other_features),
        cmocka_unit_test(test_model_truncated),
        cmocka_unit_test(test_model_refuses_bad_numbers),
        cmocka_unit_test(test_model_missing_named),
        cmocka_unit_test(test_analyze_document),
        cmocka_unit_test(test_doc_classification_rebuilds_evidence),
        cmocka_unit_test(test_span_features),
        cmocka_unit_test(test_span_features_cross),
        cmocka_unit_test(test_word_pairs),
        cmocka_unit_test(test_scored_spans),
        cmocka_unit_test(test_scored_spans_lower_case),
        cmocka_unit_test(test_span_vectors),
        cmocka_unit_test(test_span_learning),
        cmocka_unit_test(test_analyze_each_visits),
        cmocka_unit_test(test_analyze_each_visitor_error),
        cmocka_unit_test(test_passage_classification_packed),
        cmocka_unit_test(test_packed_without_evidence),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
