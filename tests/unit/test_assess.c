/*
 * test_assess.c - unit tests of the assessment (Section A of assess.h):
 * specificity per passage, each principle signal, document type and year,
 * coverage levels and targets, suggestions with the guide's caution,
 * the stakeholder view and both renderings, and that assessing passage by
 * passage (kj_assess_begin/passage/end, also inside kj_analyze_document_each)
 * judges as kj_assess does. Every text here is written for
 * the test; documents are built by hand (passages from kj_passage_from_text,
 * classifications set directly, matches from the repository's lexicon when
 * a test needs lexicon categories), so nothing depends on ../shared.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hs/hs.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assess/assess_internal.h"
#include "helpers.h"
#include "kaiji/assess.h"
#include "kaiji/ingest.h"

#define MAXP 16

/* A hand-built analysed document. */
typedef struct {
    kj_arena *arena;
    kj_passage p[MAXP];
    kj_matches m[MAXP];
    kj_classification c[MAXP];
    kj_doc_analysis a;
    size_t n;
} doc;

typedef struct {
    kj_assess_data *data;
    kj_test_analyzer t; /* the repository's lexicon (no model) and a scanner */
    const kj_lexicon *lex;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    kj_error err;
    if (kj_assess_data_load(NULL, &f->data, &err) != KJ_OK) {
        fprintf(stderr, "assess data: %s\n", err.msg);
        return -1;
    }
    kj_test_analyzer_load(&f->t, NULL, 0);
    f->lex = f->t.a.lex;
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    kj_test_analyzer_free(&f->t);
    kj_assess_data_free(f->data);
    free(f);
    return 0;
}

static void doc_init(doc *d) {
    memset(d, 0, sizeof *d);
    d->arena = kj_arena_new();
    assert_non_null(d->arena);
}

/* Add a passage classified with items (0-terminated list) and elements
 * ("5.1", ...; NULL-terminated); scan it with the lexicon when f is given. */
static size_t doc_add(doc *d, fixture *f, const char *text, const char *heading, const int *items,
                      const char *const *elements) {
    size_t i = d->n++;
    assert_true(i < MAXP);
    kj_test_passage(d->arena, f ? f->t.sc : NULL, text, KJ_LANG_AUTO, &d->p[i], &d->m[i]);
    d->p[i].index = i;
    d->p[i].heading = heading;
    kj_classification *c = &d->c[i];
    for (int k = 0; items && items[k]; k++)
        c->items[c->n_items++] = items[k];
    c->primary = c->n_items ? c->items[0] : 0;
    for (int k = 0; elements && elements[k]; k++) {
        int e = kj_element_parse(elements[k]);
        c->elements[c->n_elements++] = e;
        c->mentioned |= 1u << e;
    }
    return i;
}

static const kj_doc_analysis *doc_analysis(doc *d, kj_lang lang) {
    d->a.passages.items = d->p;
    d->a.passages.n = d->n;
    d->a.matches = d->m;
    d->a.cls = d->c;
    d->a.lang = lang;
    return &d->a;
}

static void assess(fixture *f, doc *d, kj_lang lang, kj_doctype t, int year, kj_assessment *out) {
    kj_assess_options o = {.doctype = t, .year = year, .data = f->data};
    kj_error err;
    kj_status st = kj_assess(doc_analysis(d, lang), f->lex, &o, d->arena, out, &err);
    if (st != KJ_OK) fail_msg("kj_assess: %s", err.msg);
}

static int has_signal(const kj_assessment *as, const char *name, int positive) {
    for (size_t i = 0; i < as->n_signals; i++)
        if (!strcmp(as->signals[i].name, name) && (positive ? as->signals[i].points > 0 : 1))
            return 1;
    return 0;
}

/* Specificity of one free-standing passage with the given items. */
static int spec_of(fixture *f, const char *text, const int *items) {
    doc d;
    doc_init(&d);
    size_t i = doc_add(&d, f, text, NULL, items, NULL);
    int s = kj_passage_spec(&d.p[i], &d.m[i], f->lex, &d.c[i]);
    kj_arena_free(d.arena);
    return s;
}

static const int I1[] = {1, 0}, I4[] = {4, 0}, I5[] = {5, 0}, I3[] = {3, 0}, I6[] = {6, 0},
                 I7[] = {7, 0}, I2[] = {2, 0}, NONE[] = {0};

/* ---- specificity ------------------------------------------------------ */

static void test_spec_levels(void **state) {
    fixture *f = *state;
    /* a bare risk statement: boilerplate */
    assert_int_equal(
        spec_of(
            f, "不正アクセスにより顧客情報が流出した場合、当社の業績に影響が及ぶ可能性があります。",
            I4),
        1);
    /* names a measure generically */
    assert_int_equal(
        spec_of(f, "当社は情報セキュリティ委員会を設け、従業員への教育を行っています。", I2), 2);
    /* company-specific: a named programme and a stated frequency */
    assert_int_equal(
        spec_of(
            f,
            "当社は「星空セキュリティ規程」を定め、全従業員を対象とした研修を年1回実施しています。",
            I3),
        3);
    /* quantified: how many took part */
    assert_int_equal(
        spec_of(f, "2023年度は従業員1,250名が情報セキュリティ研修を受講し、受講率は98%でした。",
                I3),
        4);
    /* English: years of experience are a checkable figure */
    assert_int_equal(spec_of(f,
                             "Our Chief Information Security Officer has over 18 years of "
                             "experience and leads a team of security specialists.",
                             I2),
                     4);
    /* not about cybersecurity at all: boilerplate whatever its numbers */
    assert_int_equal(spec_of(f, "当社の従業員数は1,200名で、拠点は12か所です。", NONE), 1);
}

/* The sentences the signals read in a passage's normalised text: an
 * abbreviation's full stop ("e.g.", "inc.", "approx.") ends none, so the
 * sentence around a word after it reaches back over it; other full stops,
 * 。, ? and ! before a space, line breaks and table cells do. */
static void test_sentences_keep_abbreviations(void **state) {
    (void)state;
    const char *s = "we deploy layered controls, e.g. the firewall. sample inc. and its units "
                    "review approx. two hundred alerts. staff are trained.";
    assert_int_equal(kj_count_sentences(s, strlen(s), 10), 3);
    const char *w = strstr(s, "firewall"), *r = strstr(s, "review");
    size_t a, b;
    kj_sentence_around(s, strlen(s), (size_t)(w - s), (size_t)(w - s) + 8, &a, &b);
    assert_int_equal(a, 0);
    assert_memory_equal(s + b - 8, "firewall", 8);
    kj_sentence_around(s, strlen(s), (size_t)(r - s), (size_t)(r - s) + 6, &a, &b);
    assert_memory_equal(s + a, " sample inc.", 12);
    assert_memory_equal(s + b - 6, "alerts", 6);
    const char *ja = "方針を定めた。体制は e.g. の通り | 次の表";
    assert_int_equal(kj_count_sentences(ja, strlen(ja), 10), 3);
}

/* An excerpt of a hit ends after the last character the hit's text came
 * from: a hit that ends inside ㍿'s 株式会社 takes ㍿ (it was cut before it),
 * and one before a zero-width space leaves the space out. */
static void test_passage_excerpt_end(void **state) {
    (void)state;
    kj_arena *a = kj_arena_new();
    kj_passage p;
    kj_test_passage(a, NULL, "当社㍿は監査を行う。", KJ_LANG_JA, &p, NULL);
    const char *hit = strstr(p.norm.text, "株式");
    assert_non_null(hit);
    size_t ns = 0, ne = (size_t)(hit - p.norm.text) + strlen("株式"), len;
    const char *ex = kj_passage_excerpt(NULL, &p, ns, ne, &len);
    assert_int_equal(len, strlen("当社㍿"));
    assert_memory_equal(ex, "当社㍿", len);
    kj_test_passage(a, NULL, "監査\u200bを行う。", KJ_LANG_JA, &p, NULL);
    hit = strstr(p.norm.text, "監査");
    assert_non_null(hit);
    ns = (size_t)(hit - p.norm.text);
    ex = kj_passage_excerpt(NULL, &p, ns, ns + strlen("監査"), &len);
    assert_int_equal(len, strlen("監査"));
    kj_arena_free(a);
}

static void test_spec_scan_features(void **state) {
    (void)state;
    kj_arena *a = kj_arena_new();
    kj_passage p;
    const char *t =
        "2018年6月にISO/IEC 27001の認証を取得し、年2回の内部監査を行っています。第3章を参照。";
    kj_test_passage(a, NULL, t, KJ_LANG_JA, &p, NULL);
    kj_spec_features fe;
    kj_spec_scan(&p, NULL, NULL, &fe);
    assert_int_equal(fe.years, 1);
    assert_int_equal(fe.max_year, 2018);
    assert_int_equal(fe.frequencies, 1); /* 年2回 */
    assert_int_equal(fe.quantities, 0);  /* 27001, 6月, 第3章 are not quantities */
    const char *e = "The CSIRT (computer security incident response team) meets quarterly; 3 "
                    "incidents were handled.";
    kj_test_passage(a, NULL, e, KJ_LANG_EN, &p, NULL);
    kj_spec_scan(&p, NULL, NULL, &fe);
    assert_int_equal(fe.expansions, 1);
    assert_int_equal(fe.frequencies, 1);
    assert_int_equal(fe.quantities, 1);
    /* an acronym is in capitals (full-width too); a word before an aside
     * in parentheses is none */
    static const struct {
        const char *text;
        int expansions;
    } ex[] = {
        {"The policy (approved by the board last spring) applies to every employee.", 0},
        {"Each report goes to the team (staff) on duty.", 0},
        {"Alerts go to our incident response team (CSIRT) at once.", 1},
        {"当社は SOC（監視センター）を設けています。", 1},
        {"当社はＣＳＩＲＴ（シーサート）を設けています。", 1},
        {"当社は年2回、訓練（全社員が対象）を行っています。", 0},
        /* white space the normaliser folds: a no-break space, a thin space */
        {"Alerts go to our CSIRT\u00A0(computer security incident response team).", 1},
        {"Alerts go to our incident response team\u2009(CSIRT) at once.", 1},
    };
    for (size_t i = 0; i < sizeof ex / sizeof *ex; i++) {
        kj_test_passage(a, NULL, ex[i].text, KJ_LANG_AUTO, &p, NULL);
        kj_spec_scan(&p, NULL, NULL, &fe);
        if (fe.expansions != ex[i].expansions)
            fail_msg("'%s': expansions %d, want %d", ex[i].text, fe.expansions, ex[i].expansions);
    }
    /* frequency words: Japanese anywhere (the last at the text's very end, past
     * the sixteen-byte steps), English as whole words only */
    static const struct {
        const char *text;
        int freq;
    } fq[] = {
        {"サイバー攻撃への備えとして、情報システム部門が中心となって訓練を毎月", 1},
        {"サイバー攻撃への備えとして、情報システム部門が中心となって訓練を年次で実施", 1},
        {"サイバー攻撃への備えとして、情報システム部門が中心となって訓練を月に一度", 0},
        {"訓練はannuallyに見直す", 1},
        {"annually, the board reviews the programme", 1},
        {"the board reviews the programme twice a year", 1},
        {"the board reviews the programme biannually", 0},
        {"the board reviews the programme at each yearly meeting", 0},
    };
    for (size_t i = 0; i < sizeof fq / sizeof *fq; i++) {
        kj_test_passage(a, NULL, fq[i].text, KJ_LANG_AUTO, &p, NULL);
        kj_spec_scan(&p, NULL, NULL, &fe);
        if (fe.frequencies != fq[i].freq)
            fail_msg("'%s': frequencies %d, want %d", fq[i].text, fe.frequencies, fq[i].freq);
    }
    kj_arena_free(a);
}

/* kj_spec_scan_notes counts notes and expansions as kj_spec_scan does and
 * leaves every other feature zero. */
static void test_spec_scan_notes(void **state) {
    (void)state;
    kj_arena *a = kj_arena_new();
    static const char *const texts[] = {
        "※1 2023年度に年2回、全従業員1,200名を対象に訓練を行いました。",
        "The SOC (security operations centre) reviewed 40 alerts in 2024; see note ※2.",
        "年2回、全従業員1,200名を対象に訓練を行いました。",
        "",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        kj_passage p;
        kj_test_passage(a, NULL, texts[i], KJ_LANG_AUTO, &p, NULL);
        kj_spec_features all, notes, want;
        kj_spec_scan(&p, NULL, NULL, &all);
        kj_spec_scan_notes(&p, &notes);
        memset(&want, 0, sizeof want);
        want.notes = all.notes;
        want.expansions = all.expansions;
        if (memcmp(&notes, &want, sizeof want))
            fail_msg("'%s': notes %d/%d expansions %d/%d, or another feature set", texts[i],
                     notes.notes, all.notes, notes.expansions, all.expansions);
    }
    kj_passage p;
    kj_test_passage(a, NULL, texts[0], KJ_LANG_JA, &p, NULL);
    kj_spec_features fe;
    kj_spec_scan_notes(&p, &fe);
    assert_int_equal(fe.notes, 1);
    kj_arena_free(a);
}

/* The kinds of a lexicon's terms, looked up once for a document
 * (kj_spec_term_kinds), give each passage the features that looking up each
 * of its terms gives: figures that count, state a scope or a frequency
 * (their notes say which), vague frequencies, certifications and measures. */
static void test_spec_term_kinds(void **state) {
    fixture *f = *state;
    kj_arena *a = kj_arena_new();
    const unsigned short *kinds = kj_spec_term_kinds(a, f->lex);
    assert_non_null(kinds);
    static const char *const texts[] = {
        "全従業員を対象に年2回の標的型メール訓練を実施し、受講率は98%でした。",
        "毎月、脆弱性診断を行い、ISO/IEC 27001の認証を取得しています。定期的に規程を見直します。",
        "当社はCSIRTを設置し、24時間365日の監視体制を整えています。",
        ("In 2024 we ran phishing simulations quarterly for all employees; 12 incidents were "
         "reported to the Audit Committee."),
        "当社の事業はテーマパークの運営です。",
    };
    kj_spec_features sum = {0};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        kj_passage p;
        kj_matches mt;
        kj_test_passage(a, f->t.sc, texts[i], KJ_LANG_AUTO, &p, &mt);
        kj_spec_features each, once;
        kj_spec_scan(&p, &mt, f->lex, &each);
        kj_spec_scan_years(&p, &mt, f->lex, kinds, &once, NULL);
        if (memcmp(&each, &once, sizeof each))
            fail_msg("'%s': the kinds looked up once give other features", texts[i]);
        sum.figures += each.figures;
        sum.scope += each.scope;
        sum.frequencies += each.frequencies;
        sum.certs += each.certs;
        sum.measures += each.measures;
    }
    assert_true(sum.figures > 0 && sum.scope > 0 && sum.frequencies > 0);
    assert_true(sum.certs > 0 && sum.measures > 0);
    kj_arena_free(a);
}

/* A passage with no item is of specificity 1 whatever figures it states,
 * and a note in it still counts for the document (the notes signal). */
static void test_spec_of_passage_without_item(void **state) {
    fixture *f = *state;
    doc d;
    doc_init(&d);
    doc_add(&d, f, "当社はCSIRTを設置し、年2回の訓練を実施しています。", "緊急対応体制",
            (const int[]){7, 0}, NULL);
    size_t i =
        doc_add(&d, f, "※ 2024年3月31日現在の従業員数1,200名、拠点数12か所。", NULL, NONE, NULL);
    kj_assessment as;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SUSTAINABILITY, 2024, &as);
    assert_int_equal(as.spec[i], 1);
    assert_true(has_signal(&as, "notes", 1));
    kj_arena_free(d.arena);
}

/* ---- principles ------------------------------------------------------- */

static void test_p1_relevance(void **state) {
    fixture *f = *state;
    doc d;
    doc_init(&d);
    static const char *const e11[] = {"1.1", NULL};
    doc_add(&d, f,
            "代表取締役社長として、サイバーセキュリティを経営の最重要課題と位置づけ、企業価値の向上"
            "に欠かせない投資と考えています。",
            "トップメッセージ", (const int[]){1, 0}, e11);
    kj_assessment as;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_INTEGRATED, 2024, &as);
    assert_true(has_signal(&as, "top-message", 1));
    assert_true(has_signal(&as, "commitment", 1));
    assert_true(has_signal(&as, "strategy-value", 1));
    assert_true(as.principles[KJ_P_RELEVANCE] >= 60);
    kj_arena_free(d.arena);

    doc_init(&d);
    doc_add(&d, f, "当社はセキュリティ対策を行っています。", NULL, I5, NULL);
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_INTEGRATED, 2024, &as);
    assert_false(has_signal(&as, "top-message", 0));
    assert_int_equal(as.principles[KJ_P_RELEVANCE], 0);
    kj_arena_free(d.arena);
}

/* The message from the top is read from all of a run of headings over a
 * passage, also when the passage is not the first under them: a section
 * 「トップメッセージ」 with a subheading of its own, whose first paragraph
 * is about the business and whose second about security. A passage under
 * another heading after them is no longer under the run. */
static void test_p1_heading_run(void **state) {
    fixture *f = *state;
    static const char sub[] = "■ ものづくりと信頼";
    static const char run[] = "トップメッセージ\n■ ものづくりと信頼";
    static const char said[] =
        "工場の制御システムを狙う攻撃に備え、監視と訓練を一層強化していきます。";
    for (int later = 0; later < 2; later++) {
        doc d;
        doc_init(&d);
        size_t first = doc_add(&d, f, "当社は創業以来、精密な部品づくりで社会に貢献してきました。",
                               sub, NONE, NULL);
        d.p[first].headings = run;
        if (later) doc_add(&d, f, "次の章では事業の概要を述べます。", "事業の概要", NONE, NULL);
        doc_add(&d, f, said, later ? "事業の概要" : sub, I1, NULL);
        kj_assessment as;
        assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_INTEGRATED, 2024, &as);
        if (has_signal(&as, "top-message", 1) == later)
            fail_msg("top-message %s under %s", later ? "given" : "missing",
                     later ? "another heading" : "the run's last heading");
        kj_arena_free(d.arena);
    }
}

/* Assess text as a securities report of year of one passage classified
 * with items, into *as; its memory is d's arena (kj_arena_free after). */
static void assess_text(fixture *f, doc *d, const char *text, const int *items, kj_lang lang,
                        int year, kj_assessment *as) {
    doc_init(d);
    doc_add(d, f, text, NULL, items, NULL);
    assess(f, d, lang, KJ_DOCTYPE_SECURITIES, year, as);
}

/* One passage's signals in a report of year: whether signal name is given
 * for text. */
static int signal_in_year(fixture *f, const char *text, const int *items, kj_lang lang, int year,
                          const char *name) {
    doc d;
    kj_assessment as;
    assess_text(f, &d, text, items, lang, year, &as);
    int has = has_signal(&as, name, 1);
    kj_arena_free(d.arena);
    return has;
}

/* signal_in_year for a report of 2024. */
static int signal_for(fixture *f, const char *text, const int *items, kj_lang lang,
                      const char *name) {
    return signal_in_year(f, text, items, lang, 2024, name);
}

/* A case of a signal's test: text, its items and language, the report's
 * year (0: 2024), the signal and whether it is given. */
typedef struct {
    const char *text;
    const int *items;
    kj_lang lang;
    int year;
    const char *signal;
    int given;
} signal_case;

/* Check each of n cases, naming every one that fails. */
static void check_cases(fixture *f, const signal_case *cases, size_t n) {
    int bad = 0;
    for (size_t k = 0; k < n; k++) {
        const signal_case *c = &cases[k];
        int year = c->year ? c->year : 2024;
        if (signal_in_year(f, c->text, c->items, c->lang, year, c->signal) != c->given) {
            print_error("%s %s on: %s\n", c->signal, c->given ? "missing" : "given", c->text);
            bad++;
        }
    }
    if (bad) fail_msg("%d of %zu cases failed", bad, n);
}

/* A message from the top needs top management to speak, commit, lead or be
 * quoted; the office named as a committee's chair, as the head of a unit
 * under it or as the one reported to is none, in either language. */
static void test_p1_top_speaks(void **state) {
    fixture *f = *state;
    static const signal_case cases[] = {
        {"代表取締役社長が委員長を務める情報セキュリティ委員会で、対策の進み具合を確認しています。",
         I2, KJ_LANG_JA, 0, "top-message", 0},
        {"セキュリティ推進室は社長直轄の組織として、グループ全体の対策を取りまとめています。", I2,
         KJ_LANG_JA, 0, "top-message", 0},
        {"重大な情報漏えいのおそれがあるときは、CISOが直ちに社長へ報告します。", I2, KJ_LANG_JA, 0,
         "top-message", 0},
        {"ＣＥＯを議長とする経営会議で、サイバー攻撃への備えを年に二度審議しています。", I2,
         KJ_LANG_JA, 0, "top-message", 0},
        {"Our head of information security reports directly to our Chief Executive Officer "
         "on cybersecurity matters.",
         I2, KJ_LANG_EN, 0, "top-message", 0},
        {"A cybersecurity steering group chaired by our CEO meets every quarter.", I2, KJ_LANG_EN,
         0, "top-message", 0},
        {"代表取締役社長は全従業員に向けて、情報セキュリティを何より優先すると宣言しました。", I2,
         KJ_LANG_JA, 0, "top-message", 1},
        {"社長自らが、サイバー攻撃への備えは経営の仕事だと社内外に発信しています。", I2, KJ_LANG_JA,
         0, "top-message", 1},
        {"社長のリーダーシップのもと、グループ全社で情報セキュリティ対策を進めています。", I2,
         KJ_LANG_JA, 0, "top-message", 1},
        {"代表取締役社長が最高情報セキュリティ責任者を任命し、全社の対策を委ねています。", I2,
         KJ_LANG_JA, 0, "top-message", 1},
        {"Our CEO has emphasized to every employee that protecting customer data from cyber "
         "attacks comes first.",
         I2, KJ_LANG_EN, 0, "top-message", 1},
        {"\"Every one of us guards our customers' data,\" said our chief executive at the "
         "launch of the security programme.",
         I2, KJ_LANG_EN, 0, "top-message", 1},
    };
    check_cases(f, cases, sizeof cases / sizeof cases[0]);
}

/* An office named where no one speaks is no message from the top: a line of
 * an officer's career, a table cell, a vice-president, the chair of a
 * committee. */
static void test_p1_office_is_not_message(void **state) {
    fixture *f = *state;
    static const char *const no_message[] = {
        "2020年4月 当社代表取締役社長 兼 情報セキュリティ統括責任者就任（現在に至る）",
        "取締役副社長を委員長とする情報セキュリティ委員会を設置し、対策を審議しています。",
        "代表取締役専務を委員長とする情報セキュリティ委員会を設置し、対策を審議しています。", NULL};
    for (int k = 0; no_message[k]; k++)
        if (signal_for(f, no_message[k], I2, KJ_LANG_JA, "top-message"))
            fail_msg("top-message from: %s", no_message[k]);
    doc d;
    doc_init(&d);
    size_t i = doc_add(&d, f, "代表取締役社長 | 情報セキュリティ委員会 | 委員長", NULL, I2, NULL);
    d.p[i].kind = KJ_BLOCK_TABLE_CELL;
    kj_assessment as;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SECURITIES, 2024, &as);
    assert_false(has_signal(&as, "top-message", 0));
    kj_arena_free(d.arena);

    doc_init(&d);
    doc_add(&d, f,
            "代表取締役社長を委員長とする情報セキュリティ委員会を設置し、対策を審議しています。",
            NULL, I2, NULL);
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SECURITIES, 2024, &as);
    assert_false(has_signal(&as, "top-message", 0));
    kj_arena_free(d.arena);
}

static void test_p2_faithful(void **state) {
    fixture *f = *state;
    doc d;
    doc_init(&d);
    static const char *const e62[] = {"6.2", NULL};
    doc_add(&d, f, "2024年度の情報セキュリティ重大事故の発生件数は0件でした。", NULL, I6, e62);
    doc_add(&d, f,
            "昨年度に発生した不正アクセスを受け、再発防止策として多要素認証を全社に導入しました。",
            NULL, I6, e62);
    doc_add(&d, f, "KPIとして標的型メール訓練の開封率を設定し、目標値を5%以下としています。", NULL,
            I6, NULL);
    kj_assessment as;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SUSTAINABILITY, 2024, &as);
    assert_true(has_signal(&as, "incident-zero", 1));
    assert_true(has_signal(&as, "incident-count", 1));
    assert_true(has_signal(&as, "recurrence-prevention", 1));
    assert_true(has_signal(&as, "kpi", 1));
    assert_true(has_signal(&as, "quantified", 1));
    assert_true(as.principles[KJ_P_FAITHFUL] >= 80);
    kj_arena_free(d.arena);

    doc_init(&d);
    doc_add(&d, f, "We have not experienced any material cybersecurity incidents to date.", NULL,
            I6, NULL);
    assess(f, &d, KJ_LANG_EN, KJ_DOCTYPE_SECURITIES, 2024, &as);
    assert_true(has_signal(&as, "incident-zero", 1));
    kj_arena_free(d.arena);
}

/* What a risk statement supposes is not what happened or what the company
 * values: an incident (also one told as a scenario in the present tense), a
 * harm to value or a rule of the company's own complied with gives no
 * signal; the same words stating a fact do, as do a 10-K's ways of saying
 * that no incident was serious. */
static void test_signals_not_from_supposition(void **state) {
    fixture *f = *state;
    static const struct {
        const char *text;
        const int *items;
        kj_lang lang;
        const char *signal;
        int given;
    } cases[] = {
        {"サイバー攻撃により不正アクセスが発生し、顧客情報が流出した場合、"
         "当社グループの業績に影響を及ぼす可能性があります。",
         I4, KJ_LANG_JA, "incident-disclosed", 0},
        {"システム障害や不正アクセスが発生し、サービスが停止することがあります。", I4, KJ_LANG_JA,
         "incident-disclosed", 0},
        {"2023年5月、当社の受注システムが不正アクセスを受けました。", I6, KJ_LANG_JA,
         "incident-disclosed", 1},
        {"不正アクセスにより受注システムの停止が発生し、出荷業務が長く滞る。", I4, KJ_LANG_JA,
         "incident-disclosed", 0},
        {"2024年6月、サイバー攻撃により当社の業務システムで障害が広範囲に発生し、"
         "一部の店舗で営業を停止しました。",
         I6, KJ_LANG_JA, "incident-disclosed", 1},
        {"If we experienced a significant breach of our systems, our "
         "operations could be disrupted.",
         I4, KJ_LANG_EN, "incident-disclosed", 0},
        {"So far we have not experienced any material disruption caused by a cyberattack on "
         "our plants.",
         I6, KJ_LANG_EN, "incident-zero", 1},
        {"Attackers target our networks daily, but no attacks have had a material effect on "
         "our results.",
         I6, KJ_LANG_EN, "incident-zero", 1},
        {"In 2023, we experienced a ransomware incident at one of our "
         "distribution centers.",
         I6, KJ_LANG_EN, "incident-disclosed", 1},
        /* what an attack caused, and a count of incidents, are incidents told */
        {"昨年度、サイバー攻撃により一部の工場で生産が停止しました。", I4, KJ_LANG_JA,
         "incident-disclosed", 1},
        {"ランサムウェアにより一部のサーバーが暗号化されました。", I6, KJ_LANG_JA,
         "incident-disclosed", 1},
        {"当期は情報セキュリティインシデントが2件発生しました。", I6, KJ_LANG_JA,
         "incident-disclosed", 1},
        {"サイバー攻撃により生産が停止した場合、業績に影響する可能性があります。", I4, KJ_LANG_JA,
         "incident-disclosed", 0},
        {"情報漏洩が発生した場合、当社のブランド価値が毀損されるおそれがあります。", I4, KJ_LANG_JA,
         "strategy-value", 0},
        {"情報漏洩は当社の企業価値を損なうことになりかねません。", I4, KJ_LANG_JA, "strategy-value",
         0},
        {"情報セキュリティを企業価値の向上を支える基盤と位置付けています。", I1, KJ_LANG_JA,
         "strategy-value", 1},
        {"個人データは当社のプライバシーポリシーに準拠して取り扱っています。", I6, KJ_LANG_JA,
         "certification", 0},
        {"Our controls are designed to follow industry standards.", I6, KJ_LANG_EN, "certification",
         0},
        {"国内の全拠点でISMS認証を取得しています。", I6, KJ_LANG_JA, "certification", 1},
        {"今後、サイバー攻撃が高度化した場合、対策費用が増加する可能性があります。", I4, KJ_LANG_JA,
         "plans-ahead", 0},
        {"今後は多要素認証の適用範囲を全社に広げる計画です。", I5, KJ_LANG_JA, "plans-ahead", 1},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        if (signal_for(f, cases[k].text, cases[k].items, cases[k].lang, cases[k].signal) !=
            cases[k].given)
            fail_msg("%s %s on: %s", cases[k].signal, cases[k].given ? "missing" : "given",
                     cases[k].text);
}

/* A certification is a standard the company is held to by an outside body:
 * its sentence says it is certified, obtained or audited. A standard
 * followed, complied with or asked of suppliers is none, nor is the 認証 of
 * users; a third party that certifies the company's practices is one. */
static void test_certification_held(void **state) {
    fixture *f = *state;
    static const signal_case cases[] = {
        {"Our security program follows the processes set out in ISO 27001.", I6, KJ_LANG_EN, 0,
         "certification", 0},
        {"We ask our key suppliers to show that their controls conform to ISO 27001.", I6,
         KJ_LANG_EN, 0, "certification", 0},
        {"情報セキュリティ規程はISO/IEC 27001に準拠して定めています。", I6, KJ_LANG_JA, 0,
         "certification", 0},
        {"ISMSの考え方に沿って、社外からの接続には多要素認証を必須としました。", I6, KJ_LANG_JA, 0,
         "certification", 0},
        {"Our cloud platform is certified to ISO 27001 by an accredited body.", I6, KJ_LANG_EN, 0,
         "certification", 1},
        {"Each year an independent third party audits our data centres and has certified them "
         "since 2019.",
         I6, KJ_LANG_EN, 0, "certification", 1},
        {"東日本の二工場は、ISO/IEC 27001の認証を今年度新たに取得しました。", I6, KJ_LANG_JA, 0,
         "certification", 1},
    };
    check_cases(f, cases, sizeof cases / sizeof cases[0]);
}

/* Security tied to the strategy or to value, not a strategy kept as
 * information, nor one a threat could affect beside the results; and a
 * remediation that a sentence supposes is a cost, no measure taken. */
static void test_strategy_and_remediation(void **state) {
    fixture *f = *state;
    static const signal_case cases[] = {
        {"当社は、経営戦略、顧客情報、製造ノウハウ等を重要な情報資産と位置付け、情報セキュリティ"
         "規程に基づいて管理しています。",
         I1, KJ_LANG_JA, 0, "strategy-value", 0},
        {"Cyber threats have not materially affected our business strategy, results of "
         "operations or financial condition.",
         I1, KJ_LANG_EN, 0, "strategy-value", 0},
        {"情報セキュリティを経営戦略の柱の一つと位置付けています。", I1, KJ_LANG_JA, 0,
         "strategy-value", 1},
        {"Protecting customer data from cyber attacks is part of our business strategy.", I1,
         KJ_LANG_EN, 0, "strategy-value", 1},
        {"Responding to a breach and implementing remediation measures could cost us a great "
         "deal.",
         I6, KJ_LANG_EN, 0, "recurrence-prevention", 0},
        {"After an attack we might have to spend heavily on remediation measures.", I6, KJ_LANG_EN,
         0, "recurrence-prevention", 0},
        {"After last year's phishing incident we carried out a root-cause analysis and changed "
         "our mail filters.",
         I6, KJ_LANG_EN, 0, "recurrence-prevention", 1},
    };
    check_cases(f, cases, sizeof cases / sizeof cases[0]);
}

/* A plan ahead is a step still to be taken: one said to be new but taken
 * already is a change made. */
static void test_plans_ahead_to_come(void **state) {
    fixture *f = *state;
    static const signal_case cases[] = {
        {"昨年度に新たに設置したCSIRTが、グループ全体のインシデント対応を担っています。", I7,
         KJ_LANG_JA, 0, "plans-ahead", 0},
        {"We newly appointed a chief information security officer in March.", I2, KJ_LANG_EN, 0,
         "plans-ahead", 0},
        {"This year we launched a security awareness course for every employee.", I3, KJ_LANG_EN, 0,
         "plans-ahead", 0},
        {"新たにEDRを全拠点のパソコンへ導入する計画です。", I5, KJ_LANG_JA, 0, "plans-ahead", 1},
        {"We plan to extend multi-factor authentication to all contractors.", I5, KJ_LANG_EN, 0,
         "plans-ahead", 1},
    };
    check_cases(f, cases, sizeof cases / sizeof cases[0]);
}

/* A topic of the day counts where it is discussed as one of security's: a
 * topic that is not security's own (a pandemic, an AI law) beside security,
 * and one that alone hardly marks the day (phishing, COVID-19) said to be
 * rising or new; not phishing among the measures taken, a pandemic beside a
 * disaster that stops information systems, or one risk of a list. */
static void test_topic_of_day_discussed(void **state) {
    fixture *f = *state;
    static const signal_case cases[] = {
        {"大規模な地震や新型コロナウイルス感染症の流行により、情報システムが長く停止するおそれが"
         "あります。",
         I4, KJ_LANG_JA, 2021, "topic-current", 0},
        {"メールのフィルタリングやフィッシング対策、ウイルス対策ソフトの更新など、各種の対策を"
         "講じています。",
         I5, KJ_LANG_JA, 2021, "topic-current", 0},
        {"リスク管理委員会では、新型コロナウイルス感染症への対応、大規模地震への備え、情報"
         "セキュリティの強化について審議しました。",
         I2, KJ_LANG_JA, 2021, "topic-current", 0},
        {"The EU AI Act will apply to some of our products from 2026.", I4, KJ_LANG_EN, 2025,
         "topic-current", 0},
        /* nor does an outage of IT systems make remote work a topic of security */
        {"大型の台風で停電が続くと、テレワーク中の社員が使う業務システムの停止につながるおそれが"
         "あります。",
         I4, KJ_LANG_JA, 2021, "topic-current", 0},
        /* the virus of 新型コロナウイルス is no computer's */
        {"新型コロナウイルス感染症の拡大を受け、多くの店舗で営業時間を短くしました。", I4,
         KJ_LANG_JA, 2021, "topic-current", 0},
        {"新型コロナウイルス感染症の拡大で在宅勤務が広がり、社外から社内システムへの接続を狙う"
         "サイバー攻撃が増えています。",
         I4, KJ_LANG_JA, 2021, "topic-current", 1},
        {"昨年度はフィッシングメールが急増したため、全従業員を対象に訓練を行いました。", I3,
         KJ_LANG_JA, 2024, "topic-current", 1},
        /* a term found wanting in one sentence is still read in a later one */
        {"フィッシング対策のソフトを全端末に入れています。総務部が端末の台帳を管理しています。"
         "台帳は毎月更新します。昨年はフィッシングメールが急増したため、訓練の回数を倍に"
         "しました。",
         I3, KJ_LANG_JA, 2024, "topic-current", 1},
        {"Attackers now use generative AI to write convincing phishing emails, and we updated "
         "our training accordingly.",
         I3, KJ_LANG_EN, 2025, "topic-current", 1},
    };
    check_cases(f, cases, sizeof cases / sizeof cases[0]);
}

/* A passage that names the topic but that the classifier placed under no
 * item still discloses an incident that occurred, and covers element 6.2. */
static void test_incident_without_item(void **state) {
    fixture *f = *state;
    doc d;
    doc_init(&d);
    size_t i =
        doc_add(&d, f,
                "2024年6月、サイバー攻撃により当社の業務システムで障害が広範囲に発生し、一部の"
                "店舗で営業を停止しました。",
                NULL, NONE, NULL);
    kj_assessment as;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SECURITIES, 2024, &as);
    assert_false(has_signal(&as, "incident-disclosed", 0)); /* not on the topic: no signal */
    kj_arena_free(d.arena);
    doc_init(&d);
    i = doc_add(&d, f,
                "2024年6月、サイバー攻撃により当社の業務システムで障害が広範囲に発生し、一部の店舗"
                "で営業を停止しました。",
                NULL, NONE, NULL);
    d.c[i].on_topic = KJ_ON_TOPIC_TEXT;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SECURITIES, 2024, &as);
    assert_true(has_signal(&as, "incident-disclosed", 1));
    /* and it covers element 6.2: no advice to disclose incidents */
    int e62 = kj_element_parse("6.2");
    assert_true(as.elements[e62].level >= 1);
    assert_int_equal(as.items[6].n_passages, 1);
    for (size_t k = 0; k < as.n_suggestions; k++)
        if (as.suggestions[k].element == e62) fail_msg("6.2 suggested: %s", as.suggestions[k].text);
    kj_arena_free(d.arena);
    /* one that says an incident occurred and that none other did gives
     * both signals, and is still one passage of item 6 and of 6.2 */
    doc_init(&d);
    i = doc_add(
        &d, f,
        "2024年6月、サイバー攻撃により当社の業務システムで障害が発生し、一部の店舗で営業を停止"
        "しました。なお、個人情報の漏えい被害は発生していません。",
        NULL, NONE, NULL);
    d.c[i].on_topic = KJ_ON_TOPIC_TEXT;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SECURITIES, 2024, &as);
    assert_true(has_signal(&as, "incident-disclosed", 1));
    assert_true(has_signal(&as, "incident-zero", 1));
    assert_int_equal(as.items[6].n_passages, 1);
    assert_int_equal(as.elements[e62].n_passages, 1);
    kj_arena_free(d.arena);
}

/* A passage that counts the incidents of the year covers element 6.2 as
 * one that says an incident occurred does, though the classifier placed it
 * under protection only: kaiji must not advise disclosing incidents. */
static void test_incident_count_covers(void **state) {
    fixture *f = *state;
    doc d;
    doc_init(&d);
    doc_add(&d, f,
            "Our security operations center watches every server around the clock. In fiscal "
            "2024 it handled 9 incidents, none of which disrupted our operations.",
            NULL, I5, NULL);
    kj_assessment as;
    assess(f, &d, KJ_LANG_EN, KJ_DOCTYPE_SECURITIES, 2024, &as);
    assert_true(has_signal(&as, "incident-count", 1));
    int e62 = kj_element_parse("6.2");
    assert_true(as.elements[e62].level >= 1);
    assert_int_equal(as.elements[e62].n_passages, 1);
    for (size_t k = 0; k < as.n_suggestions; k++)
        if (as.suggestions[k].element == e62) fail_msg("6.2 suggested: %s", as.suggestions[k].text);
    kj_arena_free(d.arena);
}

/* A passage of item 6 that mentions element 6.2 (scored, not selected) and
 * says an incident occurred is one passage of 6.2, listed once: the
 * incident signal did not add it a second time. */
static void test_incident_mentioned_once(void **state) {
    fixture *f = *state;
    doc d;
    doc_init(&d);
    size_t i = doc_add(&d, f,
                       "In fiscal 2024 we experienced a ransomware attack on one plant; our CSIRT "
                       "contained it within a day.",
                       NULL, I6, NULL);
    int e62 = kj_element_parse("6.2");
    d.c[i].mentioned |= 1u << e62; /* mentioned, not selected */
    kj_assessment as;
    assess(f, &d, KJ_LANG_EN, KJ_DOCTYPE_SECURITIES, 2024, &as);
    assert_true(has_signal(&as, "incident-disclosed", 1));
    assert_true(as.elements[e62].level >= 1);
    assert_int_equal(as.elements[e62].n_passages, 1);
    assert_int_equal(as.items[6].n_passages, 1);
    kj_arena_free(d.arena);
}

/* A target's year is no figure's: a report whose latest figures are five
 * years old does not read as current for naming its 2030 goal. */
static void test_recency_not_plans(void **state) {
    fixture *f = *state;
    doc d;
    doc_init(&d);
    doc_add(&d, f, "2019年度には全従業員500名を対象に情報セキュリティ研修を実施しました。", NULL,
            I3, NULL);
    doc_add(&d, f, "当社は2030年度までに情報セキュリティ研修の受講率100%を目指します。", NULL, I3,
            NULL);
    kj_assessment as;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_INTEGRATED, 2024, &as);
    assert_true(has_signal(&as, "stale-figures", 0));
    assert_false(has_signal(&as, "recent-figures", 0));
    kj_arena_free(d.arena);
}

/* Figures for two periods side by side (time-series) count as every
 * repeated signal does: full points once, half after, three at most. */
static void test_time_series_repeats(void **state) {
    fixture *f = *state;
    doc d;
    doc_init(&d);
    static const char *const texts[] = {
        "In 2024 we trained 3,100 employees in security awareness, against 2,600 in 2023.",
        "We ran 30 phishing exercises in 2024, against 18 exercises in 2023.",
        "Our security team reviewed 410 vendors in 2024, against 350 vendors in 2023.",
        "We patched 96% of critical flaws within 10 days in 2024, against 88% in 2023."};
    for (size_t k = 0; k < 4; k++)
        doc_add(&d, f, texts[k], NULL, I6, NULL);
    kj_assessment as;
    assess(f, &d, KJ_LANG_EN, KJ_DOCTYPE_SECURITIES, 2024, &as);
    int n = 0, first = 0, later = 0;
    for (size_t i = 0; i < as.n_signals; i++) {
        if (strcmp(as.signals[i].name, "time-series")) continue;
        if (n++ == 0)
            first = as.signals[i].points;
        else if (!later)
            later = as.signals[i].points;
    }
    assert_int_equal(n, 3);
    assert_int_equal(first, 15);
    assert_int_equal(later, 7);
    kj_arena_free(d.arena);
}

/* In a passage of several sentences, a signal's words count when they are
 * said of the topic: in a sentence that names it, or next to one. */
static void test_signals_said_of_topic(void **state) {
    fixture *f = *state;
    static const char *const far =
        "当社グループは、サイバー攻撃による情報漏洩のリスクを認識しています。"
        "また、地震や台風などの自然災害が発生した場合、生産拠点が被害を受けるおそれがあります。"
        "当社は主要拠点の耐震化を進めています。"
        "今後も大規模地震への備えを強化してまいります。"
        "なお、代表取締役社長は年頭に、地震への備えの徹底を全社に指示しました。";
    assert_false(signal_for(f, far, I4, KJ_LANG_JA, "plans-ahead"));
    assert_false(signal_for(f, far, I4, KJ_LANG_JA, "top-message"));
    static const char *const near =
        "当社は生産拠点の耐震化を進めています。"
        "代表取締役社長は、一人ひとりの心構えが大切だと全従業員に繰り返し発信しています。"
        "情報セキュリティについては、全従業員を対象に標的型メール訓練を実施しました。"
        "今後は訓練の対象を海外子会社にも広げてまいります。"
        "また、主要な物流拠点の分散を図っています。";
    assert_true(signal_for(f, near, I3, KJ_LANG_JA, "plans-ahead"));
    assert_true(signal_for(f, near, I3, KJ_LANG_JA, "top-message"));
}

static void test_p3_comparability(void **state) {
    fixture *f = *state;
    doc d;
    doc_init(&d);
    doc_add(
        &d, f,
        "受講率は前年度の85%から2024年度は97%に向上し、目標に対する達成状況を毎年評価しています。",
        NULL, I3, NULL);
    doc_add(&d, f,
            "PDCAサイクルに沿って対策を見直しています。国内12拠点でISMS認証を取得しています。",
            NULL, I6, NULL);
    doc_add(&d, f, "NISTサイバーセキュリティフレームワークに基づき、SOCとCSIRTを設置しています。",
            NULL, (const int[]){5, 7, 0}, NULL);
    doc_add(&d, f, "当社の重点分野は工場の制御システムで、第三者機関による評価を受けています。",
            NULL, (const int[]){1, 6, 0}, NULL);
    kj_assessment as;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SUSTAINABILITY, 2024, &as);
    const char *want[] = {"prior-period",  "target-vs-result",    "pdca",
                          "certification", "framework-alignment", "soc-csirt",
                          "focus-areas",   "third-party-opinion", "time-series"};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        if (!has_signal(&as, want[k], 1)) fail_msg("missing signal %s", want[k]);
    assert_int_equal(as.principles[KJ_P_COMPARABLE], 100);
    kj_arena_free(d.arena);
}

/* The text of the "explain" suggestion (fails when there is none). */
static const char *explain_text(const kj_assessment *as) {
    for (size_t i = 0; i < as->n_suggestions; i++)
        if (!strcmp(as->suggestions[i].kind, "explain")) return as->suggestions[i].text;
    fail_msg("no explain suggestion");
    return NULL;
}

/* An acronym that names a company or group (a word for one follows it, or
 * 株式会社 precedes it) is a name, not jargon; the same letters alone are. */
static void test_p4_company_is_not_jargon(void **state) {
    fixture *f = *state;
    static const char *const named[] = {
        "QXRグループでは、グループ各社の情報セキュリティ対策を統括しています。",
        "株式会社QXRと共同で、情報セキュリティ対策の点検を行っています。",
        "QXRソリューションズ株式会社と共同で、情報セキュリティ対策の点検を行っています。",
        "ＱＸＲデータグループ各社の情報セキュリティ対策を統括しています。",
        "Our parent, QXR Corporation, audits our information security program each year.",
        NULL};
    for (int k = 0; named[k]; k++) {
        doc d;
        kj_assessment as;
        assess_text(f, &d, named[k], I6, KJ_LANG_AUTO, 2024, &as);
        if (as.jargon_unexplained != 0) fail_msg("jargon in: %s", named[k]);
        kj_arena_free(d.arena);
    }
    doc d;
    doc_init(&d);
    doc_add(&d, f, "当社はQXRを導入し、情報セキュリティ対策を強化しています。", NULL, I5, NULL);
    kj_assessment as;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SECURITIES, 2024, &as);
    assert_int_equal(as.jargon_unexplained, 1);
    kj_arena_free(d.arena);
}

/* An acronym is a word of its own: capitals inside a word that begins in
 * lower case ("eQXR", "x/QZV") are none, the same capitals after a space,
 * a slash or an ampersand that begins nothing are one. */
static void test_p4_acronym_is_a_word(void **state) {
    fixture *f = *state;
    static const struct {
        const char *text;
        int unexplained;
    } cases[] = {
        {"We run the eQXR portal and the x/QZV gateway under our information security program.", 0},
        {"We run the QXR portal and the /QZV gateway under our information security program.", 2},
        {"We run the mQXR&QZV portal under our information security program.", 0},
        {"We run the QXR&QZV portal under our information security program.", 1},
        /* a hyphen between capitals joins one name (QX-TZV, not QX and TZV);
         * one before a lone capital and a dot joins nothing (QX of QX-Z.V.) */
        {"We take part in the QX-TZV programme under our information security program.", 1},
        {"We follow the QX-Z.V. framework under our information security program.", 1},
        {"We take part in the QX-tzv programme under our information security program.", 1},
        /* full-width, as Japanese filings set acronyms; a name is still none */
        {"当社はＱＸＲとＱＺＶを導入し、情報セキュリティ対策を強化しています。", 2},
        {"株式会社ＱＸＲと共同で、情報セキュリティ対策の点検を行っています。", 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        doc d;
        kj_assessment as;
        assess_text(f, &d, cases[k].text, I5, KJ_LANG_EN, 2024, &as);
        if (as.jargon_unexplained != cases[k].unexplained)
            fail_msg("%d unexplained, not %d, in: %s", as.jargon_unexplained, cases[k].unexplained,
                     cases[k].text);
        kj_arena_free(d.arena);
    }
    /* the suggestion names the joined acronym as written */
    doc d;
    kj_assessment as;
    assess_text(f, &d, cases[4].text, I5, KJ_LANG_EN, 2024, &as); /* the QX-TZV programme */
    assert_non_null(strstr(explain_text(&as), "QX-TZV"));
    kj_arena_free(d.arena);
    /* ISO, as in an ISO certification, is known to any reader */
    assess_text(f, &d, "We hold ISO certificates for our data centres and review them yearly.", I6,
                KJ_LANG_EN, 2024, &as);
    assert_int_equal(as.jargon_unexplained, 0);
    kj_arena_free(d.arena);
}

/* The mean sentence length reads written sentences: a table's cells of
 * labels and figures are no sentence (a row of them read as one moved the
 * mean by the table's width), while a cell that holds a written sentence
 * counts. */
static void test_p4_sentence_length_skips_table_labels(void **state) {
    fixture *f = *state;
    const char *prose[] = {"当社は年に一度、全社員に情報セキュリティの研修を行っています。",
                           "委員会は四半期ごとに対策の進み具合を確かめています。"};
    long units = 0;
    for (int k = 0; k < 2; k++)
        units += (long)kj_utf8_count(prose[k], strlen(prose[k]));
    doc d;
    doc_init(&d);
    for (int k = 0; k < 2; k++)
        doc_add(&d, f, prose[k], NULL, I4, NULL);
    size_t t = doc_add(&d, f,
                       "区分 | 前年度 | 当年度 | 研修の受講者数 | 1,200名 | 1,350名 | 訓練の回数 | "
                       "2回 | 3回 | 重大な事故 | 0件 | 0件 | 外部の診断 | 1回 | 2回",
                       NULL, I4, NULL);
    d.p[t].kind = KJ_BLOCK_TABLE_CELL;
    kj_assessment as;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SUSTAINABILITY, 2024, &as);
    assert_int_equal(as.mean_sentence, (int)(units / 2));
    kj_arena_free(d.arena);

    doc_init(&d);
    doc_add(&d, f, prose[0], NULL, I4, NULL);
    const char *cell = "研修 | 新任の管理職には着任の月に個別の講習を行います。";
    t = doc_add(&d, f, cell, NULL, I4, NULL);
    d.p[t].kind = KJ_BLOCK_TABLE_CELL;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SUSTAINABILITY, 2024, &as);
    long both =
        (long)kj_utf8_count(prose[0], strlen(prose[0])) + (long)kj_utf8_count(cell, strlen(cell));
    assert_int_equal(as.mean_sentence, (int)(both / 2));
    kj_arena_free(d.arena);
}

static void test_p4_understandability(void **state) {
    fixture *f = *state;
    doc d;
    doc_init(&d);
    doc_add(&d, f, "QXRグループはCSIRT(※1)を設置しています。", "緊急対応体制", (const int[]){7, 0},
            NULL);
    /* an EDINET cover page: 【英訳名】 gives the company's name, QXR */
    kj_block jcover[] = {{.text = "【英訳名】", .len = strlen("【英訳名】")},
                         {.text = "QXR Corporation", .len = 15}};
    kj_document jdoc = {.blocks = jcover, .n_blocks = 2};
    d.a.doc = &jdoc;
    doc_add(&d, f, "※1 セキュリティ事故に対応する社内の専門チーム。", "緊急対応体制",
            (const int[]){7, 0}, NULL);
    doc_add(&d, f,
            "監視は外部の専門事業者のセキュリティ監視センター(以下「SOC」)に委託しています。", NULL,
            I5, NULL);
    kj_assessment good;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SUSTAINABILITY, 2024, &good);
    assert_true(has_signal(&good, "jargon-explained", 1));
    assert_true(has_signal(&good, "notes", 1));
    assert_true(has_signal(&good, "headings", 1));
    assert_int_equal(good.jargon_unexplained, 0);
    int good_score = good.principles[KJ_P_UNDERSTANDABLE];
    kj_arena_free(d.arena);

    doc_init(&d);
    doc_add(&d, f,
            "当社はSIEMとEDRとWAFを導入し、XDRやSOARの活用も検討しており、MDRの外部委託や脆弱性への"
            "対応も含めて、グループ全体でさまざまな対策を継続的に強化しつつ、今後も状況の変化に応じ"
            "て必要な見直しを行っていく方針であり、引き続き取り組みを進めてまいります。",
            NULL, I5, NULL);
    kj_assessment bad;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SUSTAINABILITY, 2024, &bad);
    assert_true(has_signal(&bad, "jargon-unexplained", 0));
    assert_true(bad.jargon_unexplained >= 5);
    assert_true(has_signal(&bad, "long-sentences", 0) || has_signal(&bad, "sentence-length", 0));
    assert_true(bad.principles[KJ_P_UNDERSTANDABLE] < good_score);
    /* the suggestion lists the terms as written, each with the lexicon's
     * plain gloss in the document's language */
    const char *text = explain_text(&bad);
    assert_non_null(strstr(text, "SIEM("));
    assert_null(strstr(text, "Security Information"));
    kj_arena_free(d.arena);

    /* in English the English gloss; an acronym is listed as written, but
     * not the one in the document's title (the company's own name), nor
     * those an earlier passage off the topic spells out (OEMs, AIBs, USG) */
    doc_init(&d);
    doc_add(&d, f,
            "We sell to original equipment manufacturers, or OEMs, to add-in board makers "
            "(AIBs) and to the U.S. government, or the USG.",
            NULL, NULL, NULL);
    doc_add(&d, f, "Our OEM, AIB and USG customers expect us to protect their data.", NULL, I5,
            NULL);
    /* an ampersand joins an acronym: E&QS is spelt out, R&D any reader knows,
     * and neither leaves a bare "QS" to explain */
    doc_add(&d, f,
            "Our Engineering & Quality Security (“E&QS”) group protects R&D systems; E&QS "
            "reports to the CISO.",
            NULL, I5, NULL);
    doc_add(&d, f,
            "ACME monitors its network with a SIEM, and the QZX team of our HORIZON programme "
            "reviews the alerts it raises every day. ZYXW, our parent, audits it. Our card "
            "systems meet PCI DSS.",
            NULL, I5, NULL);
    /* the cover page names the registrant ZYXW */
    kj_block cover[] = {
        {.text = "ZYXW CORPORATION", .len = 16},
        {.text = "(Exact name of registrant as specified in its charter)", .len = 54}};
    kj_document title = {.title = "acme-20241231", .blocks = cover, .n_blocks = 2};
    d.a.doc = &title;
    assess(f, &d, KJ_LANG_EN, KJ_DOCTYPE_SECURITIES, 2024, &bad);
    text = explain_text(&bad);
    assert_non_null(strstr(text, "SIEM (Security Information"));
    assert_non_null(strstr(text, "QZX"));
    assert_null(strstr(text, "ACME"));
    assert_null(strstr(text, "acme"));
    assert_null(strstr(text, "ZYXW"));
    assert_null(strstr(text, "OEM"));
    assert_null(strstr(text, "AIB"));
    assert_null(strstr(text, "USG"));
    assert_null(strstr(text, "QS"));
    assert_null(strstr(text, "HORIZON")); /* a name in capitals, not letters to spell out */
    /* PCI DSS is one term: listed once, not again as PCI and DSS */
    const char *dss = strstr(text, "DSS");
    assert_non_null(dss);
    assert_null(strstr(dss + 3, "DSS"));
    assert_null(strstr(text, "; PCI;"));
    assert_null(strstr(text, "R&D"));
    kj_arena_free(d.arena);
}

/* Only the start of a long title names the company: an acronym in the
 * title's first kilobyte is its own name, one past it is jargon (the whole
 * title was searched for every acronym of the document, which made a page
 * with a <title> of megabytes take minutes). */
static void test_title_start_only(void **state) {
    fixture *f = *state;
    kj_buf t = KJ_BUF_INIT;
    kj_buf_puts(&t, "qzxw annual report ");
    for (int k = 0; k < 100; k++)
        kj_buf_puts(&t, "and more words "); /* 1,500 bytes */
    kj_buf_puts(&t, "vxqz");
    doc d;
    doc_init(&d);
    doc_add(&d, f, "Our QZXW and VXQZ teams watch the network for attacks every day.", NULL, I5,
            NULL);
    kj_document title = {.title = t.data};
    d.a.doc = &title;
    kj_assessment as;
    assess(f, &d, KJ_LANG_EN, KJ_DOCTYPE_SECURITIES, 2024, &as);
    const char *text = explain_text(&as);
    assert_non_null(text);
    assert_null(strstr(text, "QZXW"));
    assert_non_null(strstr(text, "VXQZ"));
    kj_arena_free(d.arena);
    kj_buf_free(&t);
}

/* A cue looked for again in the rest of a passage (its first hit was not
 * said of the topic) keeps to the passage's language: a Japanese passage's
 * later English word is no hit of the English pattern, as it would not be
 * without the first hit. */
static void test_on_topic_keeps_language(void **state) {
    fixture *f = *state;
    static const char *const texts[] = {
        /* the first sentence's hit is not said of the topic */
        "当社は売上拡大を最重要課題としています。新店舗を十店開きました。物流網も広げました。"
        "人材の採用も進めました。情報セキュリティ委員会は「Security First commitment」を掲げて"
        "います。",
        /* the same without it */
        "当社は売上拡大を進めています。新店舗を十店開きました。物流網も広げました。"
        "人材の採用も進めました。情報セキュリティ委員会は「Security First commitment」を掲げて"
        "います。"};
    for (int k = 0; k < 2; k++) {
        doc d;
        doc_init(&d);
        doc_add(&d, f, texts[k], NULL, I2, NULL);
        kj_assessment as;
        assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SECURITIES, 2024, &as);
        if (has_signal(&as, "commitment", 1)) fail_msg("commitment in text %d", k);
        kj_arena_free(d.arena);
    }
}

static void test_p5_timeliness(void **state) {
    fixture *f = *state;
    doc d;
    doc_init(&d);
    doc_add(&d, f,
            "ランサムウェアへの対策として、2024年度は全拠点でバックアップの点検を120回実施しました"
            "。今後はさらなる強化を図ります。",
            NULL, (const int[]){5, 8, 0}, NULL);
    kj_assessment now, old;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SUSTAINABILITY, 2024, &now);
    assert_true(has_signal(&now, "topic-current", 1));
    assert_true(has_signal(&now, "recent-figures", 1));
    assert_true(has_signal(&now, "plans-ahead", 1));
    /* the same text judged as a 2030 document: figures are stale */
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SUSTAINABILITY, 2030, &old);
    assert_true(has_signal(&old, "stale-figures", 0));
    assert_true(old.principles[KJ_P_TIMELY] < now.principles[KJ_P_TIMELY]);
    /* a topic not yet current earns nothing */
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SUSTAINABILITY, 2012, &old);
    assert_false(has_signal(&old, "topic-current", 0));
    kj_arena_free(d.arena);
}

/* ---- document type, year, coverage, suggestions, stakeholders ---------- */

/* A plan's year is read within the text's bytes: a name's year at the
 * very end of an exactly sized buffer (no NUL after it) is read without
 * looking past it, whatever follows the year (AddressSanitizer checks). */
static void test_plans_year_at_end(void **state) {
    (void)state;
    static const struct {
        const char *text;
        int plans;
    } cases[] = {
        {"win 2025", 0},     /* no Japanese after it */
        {"win 2025x", 0},    /* nor here */
        {"| abc 2025年", 0}, /* a year (年 after it, read to the last byte) */
        {"| abc 2025 計画", 1},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        size_t n = strlen(cases[k].text);
        char *s = malloc(n);
        assert_non_null(s);
        memcpy(s, cases[k].text, n);
        const char *y = memmem(s, n, "2025", 4);
        if (kj_plans_year(s, n, (size_t)(y - s)) != cases[k].plans) fail_msg("%s", cases[k].text);
        free(s);
    }
}

static void test_doctype_and_year(void **state) {
    fixture *f = *state;
    doc d;
    doc_init(&d);
    doc_add(&d, f, "星空工業 統合報告書2023", NULL, NONE, NULL);
    doc_add(&d, f, "当社は情報セキュリティ委員会を設けています。", NULL, I2, NULL);
    kj_assessment as;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_UNKNOWN, 0, &as);
    assert_int_equal(as.doctype, KJ_DOCTYPE_INTEGRATED);
    assert_true(as.doctype_detected);
    assert_false(as.statutory);
    assert_int_equal(as.year, 2023);
    assert_true(as.year_detected);
    kj_arena_free(d.arena);

    doc_init(&d);
    doc_add(&d, f, "Item 1C. Cybersecurity", NULL, NONE, NULL);
    doc_add(&d, f, "Our Audit Committee oversees cybersecurity risk.", NULL, I2, NULL);
    assess(f, &d, KJ_LANG_EN, KJ_DOCTYPE_UNKNOWN, 0, &as);
    assert_int_equal(as.doctype, KJ_DOCTYPE_SECURITIES);
    assert_true(as.statutory);
    assert_non_null(strstr(as.expectation, "Statutory"));
    /* given type wins */
    assess(f, &d, KJ_LANG_EN, KJ_DOCTYPE_SECURITY, 2025, &as);
    assert_int_equal(as.doctype, KJ_DOCTYPE_SECURITY);
    assert_false(as.doctype_detected);
    assert_int_equal(as.year, 2025);
    kj_arena_free(d.arena);
    assert_int_equal(kj_doctype_parse("10-k"), KJ_DOCTYPE_SECURITIES);

    /* the type named only by the heading the passages sit under */
    static const struct {
        const char *heading, *text;
        kj_lang lang;
        kj_doctype want;
    } under[] = {
        {"統合報告書2024 リスクマネジメント", "当社は情報セキュリティ委員会を設けています。",
         KJ_LANG_JA, KJ_DOCTYPE_INTEGRATED},
        {"Item 1C. Cybersecurity", "Our Audit Committee oversees cybersecurity risk.", KJ_LANG_EN,
         KJ_DOCTYPE_SECURITIES},
    };
    for (size_t k = 0; k < sizeof under / sizeof *under; k++) {
        doc_init(&d);
        doc_add(&d, f, under[k].text, under[k].heading, I2, NULL);
        doc_add(&d, f, under[k].text, under[k].heading, I2, NULL);
        assess(f, &d, under[k].lang, KJ_DOCTYPE_UNKNOWN, 0, &as);
        if (as.doctype != under[k].want || !as.doctype_detected || !as.doctype_evidence)
            fail_msg("under '%s': doctype %d, want %d", under[k].heading, (int)as.doctype,
                     (int)under[k].want);
        kj_arena_free(d.arena);
    }

    /* a plan's year is not the report's: neither a year a target or plan
     * follows nor one that ends a plan's name */
    doc_init(&d);
    doc_add(&d, f, "中期経営計画2022", NULL, NONE, NULL);
    doc_add(&d, f, "2022年度末の完成をめざしています。", NULL, NONE, NULL);
    doc_add(&d, f, "2019年度は情報セキュリティ委員会を4回開催しました。", NULL, I2, NULL);
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_UNKNOWN, 0, &as);
    assert_int_equal(as.year, 2019);
    kj_arena_free(d.arena);

    /* nor one that ends a name in Latin letters set in Japanese text, in a
     * sentence or a table's cell (the year in 「BRIGHT 2027」 is a plan's);
     * a year in an English phrase that dates stays a year */
    static const struct {
        const char *named[2]; /* each named twice, after a cover of no year */
        int want;
    } names[] = {
        {{"当社は経営戦略「BRIGHT 2027」のもとで、事業の基盤を固めています。",
          "| BRIGHT 2027 重点施策 | 関連するリスク |"},
         2024},
        {{"当社の「FY 2025」の業績は、前年を上回りました。",
          "当社の「FY 2025」の売上高は伸びました。"},
         2025},
        /* in full-width brackets, which NFKC makes ASCII, or on a line of its own */
        {{"中期経営計画（NEXT 2027）では、事業の基盤を固めます。",
          "NEXT 2027の重点施策を進めています。"},
         2024},
        /* a word that only begins as a dating one does ("in", "by") */
        {{"当社は「INNOVATION 2027」のもとで事業の基盤を固めています。",
          "当社は「BYTEWAVE 2027」の計画を進めています。"},
         2024},
        /* English text around it, a dash after it: a year */
        {{"| total 2025 | — | 5 |", "| total 2025 | — | 7 |"}, 2025},
    };
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        doc_init(&d);
        doc_add(&d, f, "経営方針", NULL, NONE, NULL);
        doc_add(&d, f, "事業の状況", NULL, NONE, NULL);
        for (int r = 0; r < 4; r++)
            doc_add(&d, f, names[k].named[r % 2], NULL, NONE, NULL);
        doc_add(&d, f, "2024年度は情報セキュリティ委員会を4回開催しました。", NULL, I2, NULL);
        assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_UNKNOWN, 0, &as);
        if (as.year != names[k].want) fail_msg("%s: year %d", names[k].named[0], as.year);
        kj_arena_free(d.arena);
    }

    /* an EDINET title's filing timestamp (which ingest cuts from the title
     * and keeps as the date stamped) bounds the year to the filing year and
     * the one before, however often history or plans are named */
    doc_init(&d);
    kj_document filed = {.title = "有価証券報告書（通常方式）", .stamped = 20200624};
    d.a.doc = &filed;
    for (int k = 0; k < 3; k++)
        doc_add(&d, f, "2015年に発生した事故の教訓を、安全への取り組みに生かしています。", NULL,
                NONE, NULL);
    doc_add(&d, f, "2019年度は情報セキュリティ委員会を4回開催しました。", NULL, I2, NULL);
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_UNKNOWN, 0, &as);
    assert_int_equal(as.year, 2019);
    kj_arena_free(d.arena);
    assert_int_equal(kj_doctype_parse("nonsense"), -1);
}

static void test_coverage_and_suggestions(void **state) {
    fixture *f = *state;
    doc d;
    doc_init(&d);
    static const char *const e51[] = {"5.1", NULL}, *const e31[] = {"3.1", NULL},
                             *const e71[] = {"7.1", NULL};
    doc_add(&d, f, "当社は不正アクセス対策を講じています。", NULL, I5, e51);
    doc_add(&d, f, "全従業員1,500名が年1回の研修を受講しました。", NULL, I3, e31);
    doc_add(&d, f, "当社はCSIRTを設置しています。", NULL, (const int[]){7, 0}, e71);
    kj_assessment as;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SUSTAINABILITY, 2024, &as);
    int e31i = kj_element_parse("3.1"), e71i = kj_element_parse("7.1"),
        e101 = kj_element_parse("10.1");
    assert_int_equal(as.elements[e31i].level, 3);
    assert_int_equal(as.elements[e31i].passages[0], 1);
    assert_int_equal(as.elements[e71i].level, 2);
    assert_int_equal(as.elements[e101].level, 0);
    assert_int_equal(as.items[3].level, 3);
    assert_int_equal(as.elements[e71i].target, 3); /* core for a voluntary report */
    int weak71 = 0, missing101 = 0, caution7 = 0;
    for (size_t i = 0; i < as.n_suggestions; i++) {
        const kj_suggestion *s = &as.suggestions[i];
        if (s->element == e71i && !strcmp(s->kind, "weak"))
            weak71 = 1, caution7 = s->caution != NULL;
        if (s->element == e101 && !strcmp(s->kind, "missing")) missing101 = 1;
        if (s->element == e31i) fail_msg("3.1 is substantiated; no suggestion expected");
        if (s->item == 10) assert_null(s->caution);
        if (s->element >= 0) assert_non_null(strstr(s->guide_ref, "記載のイメージ"));
    }
    assert_true(weak71 && missing101 && caution7);
    /* statutory documents expect less */
    kj_assessment st;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SECURITIES, 2024, &st);
    assert_int_equal(st.elements[e101].target, 0);
    assert_true(st.n_suggestions < as.n_suggestions);
    /* English documents get English suggestions */
    kj_assessment en;
    assess(f, &d, KJ_LANG_EN, KJ_DOCTYPE_SUSTAINABILITY, 2024, &en);
    assert_true(en.n_suggestions > 0);
    assert_true((unsigned char)en.suggestions[0].text[0] < 0x80);
    kj_arena_free(d.arena);
}

static void test_stakeholders(void **state) {
    fixture *f = *state;
    doc d;
    doc_init(&d);
    static const char *const e91[] = {"9.1", NULL};
    doc_add(&d, f, "当社は委託先の情報セキュリティ状況を年1回の調査票で確認しています。", NULL,
            (const int[]){9, 0}, e91);
    kj_assessment as;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_SUSTAINABILITY, 2024, &as);
    assert_int_equal(as.n_stakeholders, 3);
    int partners = -1, investors = -1;
    for (size_t i = 0; i < as.n_stakeholders; i++) {
        if (!strcmp(as.stakeholders[i].id, "partners")) partners = as.stakeholders[i].score;
        if (!strcmp(as.stakeholders[i].id, "investors")) investors = as.stakeholders[i].score;
    }
    /* supplier management serves business partners more than investors */
    assert_true(partners > investors);
    kj_arena_free(d.arena);
}

static void test_render(void **state) {
    fixture *f = *state;
    doc d;
    doc_init(&d);
    doc_add(&d, f, "当社は\"CSIRT\"を設置し、<script>年1回の演習を行っています。", NULL,
            (const int[]){7, 0}, NULL);
    kj_assessment as;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_UNKNOWN, 2024, &as);
    kj_buf b = KJ_BUF_INIT;
    assert_int_equal(kj_assessment_to_json(&as, &b), KJ_OK);
    json_error_t je;
    json_t *j = json_loads(b.data, 0, &je);
    if (!j) fail_msg("bad JSON: %s", je.text);
    assert_int_equal(json_array_size(json_object_get(j, "principles")), 5);
    assert_int_equal(json_array_size(json_object_get(j, "items")), 10);
    assert_non_null(json_object_get(j, "suggestions"));
    json_decref(j);
    kj_buf_free(&b);
    char *text = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&text, &len);
    kj_assessment_print_text(&as, mf, 0, NULL, NULL);
    fclose(mf);
    assert_non_null(strstr(text, "P1"));
    assert_non_null(strstr(text, "P5"));
    assert_null(strstr(text, "\033["));
    free(text);
    kj_arena_free(d.arena);
}

/* A kj_passage_place_fn that writes "p.<passage index * 10>". */
static void tens_place(void *ctx, long passage, char *out, size_t outsz) {
    (void)ctx;
    snprintf(out, outsz, "p.%ld", passage * 10);
}

/* The terminal summary names where a signal's passage is and shows a signal
 * fired more than once on one passage once, with its points summed. */
static void test_print_signal_places(void **state) {
    fixture *f = *state;
    doc d;
    doc_init(&d);
    doc_add(&d, f, "当社はCSIRTを設置しています。", NULL, (const int[]){7, 0}, NULL);
    kj_assessment as;
    assess(f, &d, KJ_LANG_JA, KJ_DOCTYPE_UNKNOWN, 2024, &as);
    kj_signal sig[] = {
        {.principle = 3, .name = "jargon-explained", .passage = 2, .points = 4},
        {.principle = 3, .name = "headings", .passage = -1, .points = 20},
        {.principle = 3, .name = "jargon-explained", .passage = 2, .points = 4},
        {.principle = 3, .name = "jargon-explained", .passage = 5, .points = 4},
        {.principle = 0, .name = "jargon-explained", .passage = 2, .points = 1},
        {.principle = 3, .name = "jargon-explained", .passage = 2, .points = 4},
    };
    as.signals = sig;
    as.n_signals = sizeof sig / sizeof *sig;
    char *text = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&text, &len);
    kj_assessment_print_text(&as, mf, 0, tens_place, NULL);
    kj_assessment_print_text(&as, mf, 0, NULL, NULL);
    fclose(mf);
    assert_non_null(
        strstr(text, "jargon-explained+12 ×3 (p.20), headings+20, jargon-explained+4 (p.50)\n"));
    assert_non_null(strstr(text, "jargon-explained+1 (p.20)\n")); /* another principle's */
    assert_non_null(strstr(text, "jargon-explained+12 ×3 (passage 3), headings+20, "
                                 "jargon-explained+4 (passage 6)\n"));
    free(text);
    /* the grouping the HTML report shares: the first of a kind on a passage
     * sums its repeats; later ones, and baselines, are not shown */
    int points = -1, times = -1;
    assert_true(kj_signal_shown(&as, 0, &points, &times));
    assert_int_equal(points, 12);
    assert_int_equal(times, 3);
    assert_true(kj_signal_shown(&as, 4, &points, &times));
    assert_int_equal(points, 1);
    assert_int_equal(times, 1);
    points = times = -1;
    assert_false(kj_signal_shown(&as, 2, &points, &times));
    assert_false(kj_signal_shown(&as, 5, &points, &times));
    assert_int_equal(points, -1);
    sig[1].name = "baseline";
    assert_false(kj_signal_shown(&as, 1, &points, &times));
    kj_arena_free(d.arena);
}

static void test_data_errors(void **state) {
    (void)state;
    char dir[] = "/tmp/kj_assess_testXXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/cues.tsv", dir);
    FILE *fp = fopen(path, "w");
    fputs("# a broken cue\nbad\tja\t(unclosed\n", fp);
    fclose(fp);
    kj_assess_data *d = NULL;
    kj_error err;
    assert_int_equal(kj_assess_data_load(dir, &d, &err), KJ_ERR_DATA);
    assert_non_null(strstr(err.msg, "cues.tsv:2"));
    assert_null(d);
    remove(path);
    assert_int_equal(kj_assess_data_load(dir, &d, &err), KJ_ERR_DATA); /* missing file */
    /* the message says which file and why, not only that it was not read */
    assert_non_null(strstr(err.msg, "cues.tsv: cannot open: No such file"));
    fp = fopen(path, "w"); /* over the limit of 4 MB */
    for (int k = 0; k < 70000; k++)
        fputs("# a comment line of sixty-four bytes, written over and over ...\n", fp);
    fclose(fp);
    assert_int_equal(kj_assess_data_load(dir, &d, &err), KJ_ERR_DATA);
    assert_non_null(strstr(err.msg, "cues.tsv: file is 4480000 bytes, over the limit of"));
    remove(path);
    rmdir(dir);
}

/* data/assess's file name, copied into dir, with extra appended. */
static void copy_assess_file(const char *dir, const char *name, const char *extra) {
    char rel[64], path[4096];
    kj_error err;
    snprintf(rel, sizeof rel, "assess/%s", name);
    assert_int_equal(kj_data_path(rel, path, sizeof path, &err), KJ_OK);
    char *data;
    size_t len;
    assert_int_equal(kj_read_file(path, 1 << 20, &data, &len, &err), KJ_OK);
    kj_buf b = KJ_BUF_INIT;
    assert_int_equal(kj_buf_append(&b, data, len), KJ_OK);
    assert_int_equal(kj_buf_puts(&b, extra), KJ_OK);
    kj_test_write_file(dir, name, b.data);
    kj_buf_free(&b);
    free(data);
}

/* A table of no entries, emptied or cut short to its header comments, is
 * refused naming it: it loaded, and the assessment went on without it. */
static void test_data_empty_table(void **state) {
    (void)state;
    static const char *const names[] = {"cues.tsv", "doctypes.tsv", "suggestions.tsv",
                                        "stakeholders.tsv"};
    static const char *const bodies[] = {"", "# a header comment\n\n"};
    char dir[64];
    kj_test_tmpdir(dir, sizeof dir, "kaiji-assess-empty-");
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        for (size_t b = 0; b < sizeof bodies / sizeof *bodies; b++) {
            for (size_t n = 0; n < sizeof names / sizeof *names; n++)
                copy_assess_file(dir, names[n], "");
            kj_test_write_file(dir, names[k], bodies[b]);
            kj_assess_data *d = NULL;
            kj_error err = {0};
            assert_int_equal(kj_assess_data_load(dir, &d, &err), KJ_ERR_DATA);
            assert_null(d);
            char want[96];
            snprintf(want, sizeof want, "%s: no entries", names[k]);
            if (!strstr(err.msg, want)) fail_msg("%s: %s", names[k], err.msg);
        }
    for (size_t n = 0; n < sizeof names / sizeof *names; n++)
        copy_assess_file(dir, names[n], "");
    kj_assess_data *d = NULL;
    kj_error err = {0};
    assert_int_equal(kj_assess_data_load(dir, &d, &err), KJ_OK); /* whole again */
    kj_assess_data_free(d);
    kj_test_rmtree(dir);
}

/* A later line of a document type in doctypes.tsv only adds a pattern, as
 * the file's header says: it left the type's expectation "-" before. */
static void test_doctype_more_patterns(void **state) {
    (void)state;
    char dir[64];
    kj_test_tmpdir(dir, sizeof dir, "kj-doctypes-");
    copy_assess_file(dir, "cues.tsv", "");
    copy_assess_file(dir, "stakeholders.tsv", "");
    copy_assess_file(dir, "suggestions.tsv", "");
    copy_assess_file(dir, "doctypes.tsv", "securities\t-\tannual securities filing\t-\t-\t-\t-\n");
    kj_assess_data *d = NULL;
    kj_error err;
    assert_int_equal(kj_assess_data_load(dir, &d, &err), KJ_OK);
    const kj_doctype_row *r = &d->doctypes[KJ_DOCTYPE_SECURITIES];
    assert_true(r->statutory);
    assert_string_not_equal(r->expect_en, "-");
    assert_string_not_equal(r->core, "-");
    kj_assess_data_free(d);
    kj_test_rmtree(dir);
}

/* A cue that backtracks without end on a long word (no match: a word of
 * letters followed by a figure, tried every way of splitting the word). */
#define KJ_TEST_BAD_CUE "(?:[a-z]+[a-z]+)+[0-9]"
#define KJ_TEST_LONG_WORD "abcdefghijklmnopqrstuvwxyzab"

/* data/assess copied into dir, with the extra lines of cues.tsv and
 * doctypes.tsv, loaded. */
static kj_assess_data *load_with(const char *dir, const char *cues, const char *doctypes) {
    copy_assess_file(dir, "cues.tsv", cues);
    copy_assess_file(dir, "stakeholders.tsv", "");
    copy_assess_file(dir, "suggestions.tsv", "");
    copy_assess_file(dir, "doctypes.tsv", doctypes);
    kj_assess_data *d = NULL;
    kj_error err;
    if (kj_assess_data_load(dir, &d, &err) != KJ_OK) fail_msg("load: %s", err.msg);
    return d;
}

/* A cue search that gives up is no match, and the matcher remembers it:
 * once per cue, passage and kind of text, also for a short string it
 * would otherwise remember the result of. */
static void test_cue_match_gives_up(void **state) {
    (void)state;
    char dir[64];
    kj_test_tmpdir(dir, sizeof dir, "kj-badcue-");
    kj_assess_data *d = load_with(dir, "kpi\tany\t" KJ_TEST_BAD_CUE "\n", "");
    kj_cue_matcher *cm = kj_cue_matcher_new(d);
    assert_non_null(cm);
    int kpi = kj_cue_find(d, "kpi");
    assert_true(kpi >= 0);
    const char *w = KJ_TEST_LONG_WORD;
    size_t s, e, n = strlen(w);
    const kj_cue_failure *f;
    size_t nf = 99;
    assert_int_equal(kj_cue_matcher_failures(cm, &f, &nf), 1);
    assert_int_equal(nf, 0);
    kj_cue_matcher_at(cm, 3);
    assert_int_equal(kj_cue_match_str(cm, kpi, KJ_CUE_IN_PASSAGE, w, n, &s, &e), 0);
    assert_int_equal(kj_cue_match_str(cm, kpi, KJ_CUE_IN_PASSAGE, w, n, &s, &e), 0); /* again */
    assert_int_equal(kj_cue_match_str(cm, kpi, KJ_CUE_IN_HEADING, w, n, &s, &e), 0);
    kj_cue_matcher_at(cm, 4);
    assert_int_equal(kj_cue_match_str(cm, kpi, KJ_CUE_IN_PASSAGE, w, n, &s, &e), 0);
    /* a text the cue's other patterns match is no failure */
    assert_int_equal(kj_cue_match_str(cm, kpi, KJ_CUE_IN_PASSAGE, "kpi", 3, &s, &e), 1);
    assert_int_equal(kj_cue_matcher_failures(cm, &f, &nf), 1);
    assert_int_equal(nf, 3);
    static const struct {
        long passage;
        kj_cue_text text;
    } want[] = {{3, KJ_CUE_IN_PASSAGE}, {3, KJ_CUE_IN_HEADING}, {4, KJ_CUE_IN_PASSAGE}};
    for (size_t k = 0; k < nf; k++) {
        assert_int_equal(f[k].cue, kpi);
        assert_int_equal(f[k].passage, want[k].passage);
        assert_int_equal(f[k].text, want[k].text);
        assert_int_equal(kj_search_reason(f[k].code), KJ_LINT_TOO_COMPLEX);
    }
    kj_cue_matcher_free(cm);
    kj_assess_data_free(d);
    kj_test_rmtree(dir);
}

/* The assessment lists the cue searches that could not finish, in the
 * title, a heading and a passage, with messages in its language; the
 * shipped cues finish on the same document. */
static void test_assess_incomplete(void **state) {
    fixture *f = *state;
    char dir[64];
    kj_test_tmpdir(dir, sizeof dir, "kj-badcue-");
    kj_assess_data *bad = load_with(dir, "kpi\tany\t" KJ_TEST_BAD_CUE "\n",
                                    "annual\t-\t" KJ_TEST_BAD_CUE "\t-\t-\t-\t-\n");
    doc d;
    doc_init(&d);
    kj_document doc = {.title = "Report " KJ_TEST_LONG_WORD " 2024"};
    d.a.doc = &doc;
    doc_add(&d, f, "Our CSIRT kept the word " KJ_TEST_LONG_WORD " in its incident log in 2024.",
            "Log " KJ_TEST_LONG_WORD " 2024", I6, NULL);
    kj_assessment as;
    assess(f, &d, KJ_LANG_EN, KJ_DOCTYPE_UNKNOWN, 0, &as); /* the shipped cues */
    assert_int_equal(as.n_incomplete, 0);
    assert_null(as.incomplete);
    kj_assess_options o = {.data = bad};
    kj_error err;
    assert_int_equal(kj_assess(doc_analysis(&d, KJ_LANG_EN), f->lex, &o, d.arena, &as, &err),
                     KJ_OK);
    static const struct {
        const char *cue;
        long passage;
        const char *text;
    } want[] = {{"doctype:annual", -1, "title"},
                {"doctype:annual", 0, "passage"},
                {"doctype:annual", 0, "heading"},
                {"kpi", 0, "passage"}};
    assert_int_equal(as.n_incomplete, sizeof want / sizeof *want);
    for (size_t k = 0; k < as.n_incomplete; k++) {
        const kj_assess_incomplete *g = &as.incomplete[k];
        assert_string_equal(g->cue, want[k].cue);
        assert_int_equal(g->passage, want[k].passage);
        assert_string_equal(g->text, want[k].text);
        assert_int_equal(g->reason, KJ_LINT_TOO_COMPLEX);
        assert_true(g->code < 0);
    }
    assert_string_equal(as.incomplete[0].message,
                        "the text is too complex for this check; the document type that "
                        "doctype:annual recognises may be missed here (in the title)");
    assert_string_equal(as.incomplete[3].message,
                        "the text is too complex for this check; signals that use the cue kpi "
                        "may be missing here");
    /* in JSON and in the terminal summary */
    kj_buf b = KJ_BUF_INIT;
    assert_int_equal(kj_assessment_to_json(&as, &b), KJ_OK);
    json_error_t je;
    json_t *root = json_loads(b.data, 0, &je);
    assert_non_null(root);
    json_t *inc = json_object_get(root, "incomplete");
    assert_int_equal(json_array_size(inc), 4);
    assert_true(json_is_null(json_object_get(json_array_get(inc, 0), "passage")));
    assert_string_equal(json_string_value(json_object_get(json_array_get(inc, 3), "reason")),
                        "too-complex");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(inc, 3), "passage")), 0);
    json_decref(root);
    kj_buf_free(&b);
    char *text = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&text, &len);
    kj_assessment_print_text(&as, mf, 0, NULL, NULL);
    fclose(mf);
    assert_non_null(strstr(text, "\n  [doctype:annual] title: the text is too complex"));
    assert_non_null(strstr(text, "\n  [kpi] passage 1: the text is too complex"));
    free(text);
    /* Japanese */
    o.lang = KJ_LANG_JA;
    assert_int_equal(kj_assess(doc_analysis(&d, KJ_LANG_EN), f->lex, &o, d.arena, &as, &err),
                     KJ_OK);
    assert_string_equal(as.incomplete[2].message,
                        "文が複雑すぎてこの検査を終えられませんでした。ここでは doctype:annual "
                        "による文書の種類の判定が漏れている可能性があります（見出し）");
    kj_arena_free(d.arena);
    kj_assess_data_free(bad);
    kj_test_rmtree(dir);
}

/* stakeholders.tsv's weights are read whole or refused with the file and
 * line: an item or principle out of range or given twice, a negative or
 * huge weight (which made scores outside 0-100), anything but ITEM:WEIGHT
 * pairs. */
static void test_stakeholder_weights(void **state) {
    (void)state;
    static const struct {
        const char *items, *principles;
        int ok;
    } rows[] = {
        {"9:3,5:2", "P2:1,P3:2", 1}, {"", "", 1},
        {"10:100", "P5:0", 1},       {"11:3", "P1:1", 0}, /* no item 11 */
        {"0:3", "P1:1", 0},                               /* no item 0 */
        {"9:-2", "P1:1", 0},                              /* a negative weight */
        {"9:2147483648", "P1:1", 0},                      /* read as int: -2^31 */
        {"9:1,9:2", "P1:1", 0},                           /* twice */
        {"9:1,", "P1:1", 0},                              /* nothing after the comma */
        {"9:1;5:2", "P1:1", 0},      {"9", "P1:1", 0},
        {"9:3", "P6:1", 0},                             /* no P6 */
        {"9:3", "P1:-1", 0},         {"9:3", "1:2", 0}, /* P missing */
        {"9:3", "PP1:2", 0},         {"9:3", "P1:2,P1:3", 0},
    };
    for (size_t k = 0; k < sizeof rows / sizeof *rows; k++) {
        char dir[64], line[256];
        kj_test_tmpdir(dir, sizeof dir, "kj-stake-");
        snprintf(line, sizeof line, "test\tテスト\tTest\t%s\t%s\t見る\tlooks\n", rows[k].items,
                 rows[k].principles);
        copy_assess_file(dir, "cues.tsv", "");
        copy_assess_file(dir, "stakeholders.tsv", line);
        copy_assess_file(dir, "suggestions.tsv", "");
        copy_assess_file(dir, "doctypes.tsv", "");
        kj_assess_data *d = NULL;
        kj_error err = {0};
        kj_status st = kj_assess_data_load(dir, &d, &err);
        if (rows[k].ok && st != KJ_OK)
            fail_msg("%s %s refused: %s", rows[k].items, rows[k].principles, err.msg);
        if (!rows[k].ok && st == KJ_OK)
            fail_msg("%s %s read: %d items", rows[k].items, rows[k].principles,
                     d->stake[d->n_stake - 1].n_items);
        if (!rows[k].ok && (!strstr(err.msg, "stakeholders.tsv:") || !strstr(err.msg, "weights")))
            fail_msg("%s %s: %s", rows[k].items, rows[k].principles, err.msg);
        kj_assess_data_free(d);
        kj_test_rmtree(dir);
    }
}

/* A suggestions.tsv row whose when or class suggest.c never asks for is
 * refused with the file and line: it would never be given. */
static void test_suggestion_rows(void **state) {
    (void)state;
    static const struct {
        const char *row;
        int ok;
    } rows[] = {
        {"1.1\tweak\tvoluntary\tP1\tref\tja\ten\n", 1},
        {"1.1\tmising\tany\tP1\tref\tja\ten\n", 0},
        {"P2\tLow\tany\tP2\tref\tja\ten\n", 0},
        {"1.1\tmissing\tstatuary\tP1\tref\tja\ten\n", 0},
        {"1.1\tmissing\t\tP1\tref\tja\ten\n", 0},
    };
    for (size_t k = 0; k < sizeof rows / sizeof *rows; k++) {
        char dir[64];
        kj_test_tmpdir(dir, sizeof dir, "kj-sugg-");
        copy_assess_file(dir, "cues.tsv", "");
        copy_assess_file(dir, "stakeholders.tsv", "");
        copy_assess_file(dir, "suggestions.tsv", rows[k].row);
        copy_assess_file(dir, "doctypes.tsv", "");
        kj_assess_data *d = NULL;
        kj_error err = {0};
        kj_status st = kj_assess_data_load(dir, &d, &err);
        if (rows[k].ok != (st == KJ_OK)) fail_msg("%s: %s", rows[k].row, err.msg);
        if (!rows[k].ok && !strstr(err.msg, "suggestions.tsv:")) fail_msg("%s", err.msg);
        kj_assess_data_free(d);
        kj_test_rmtree(dir);
    }
}

/* A cue's language other than ja, en or any, and a document type's class
 * or element lists that name no such thing, are refused with the file and
 * line (a misspelt language made a cue "any", a misspelt class voluntary,
 * a misspelt element none expected). */
static void test_cue_doctype_rows(void **state) {
    (void)state;
    static const struct {
        const char *file, *row;
        int ok;
    } rows[] = {
        {"cues.tsv", "extra\tany\tword\n", 1},
        {"cues.tsv", "extra\tjp\tword\n", 0},
        {"cues.tsv", "extra\tEN\tword\n", 0},
        {"doctypes.tsv", "annual\t-\tmore words\t-\t-\t-\t-\n", 1}, /* a later line */
        {"doctypes.tsv", "unknown\tstatuary\t-\t1.2\t\tja\ten\n", 0},
        {"doctypes.tsv", "unknown\tvoluntary\t-\t1.2,1.4\t-\tja\ten\n", 0},
        {"doctypes.tsv", "unknown\tvoluntary\t-\t1.2\t2.1,\tja\ten\n", 0},
    };
    for (size_t k = 0; k < sizeof rows / sizeof *rows; k++) {
        char dir[64];
        kj_test_tmpdir(dir, sizeof dir, "kj-rows-");
        /* doctypes.tsv's unknown line comes first, in place of the shipped one */
        int first = !strcmp(rows[k].file, "doctypes.tsv") && !strncmp(rows[k].row, "unknown", 7);
        if (first) kj_test_write_file(dir, "doctypes.tsv", rows[k].row);
        static const char *const names[] = {"cues.tsv", "stakeholders.tsv", "suggestions.tsv",
                                            "doctypes.tsv"};
        for (int n = 0; n < 4; n++)
            if (!(first && !strcmp(names[n], "doctypes.tsv")))
                copy_assess_file(dir, names[n], strcmp(names[n], rows[k].file) ? "" : rows[k].row);
        kj_assess_data *d = NULL;
        kj_error err = {0};
        kj_status st = kj_assess_data_load(dir, &d, &err);
        if (rows[k].ok != (st == KJ_OK)) fail_msg("%s: %s", rows[k].row, err.msg);
        if (!rows[k].ok && !strstr(err.msg, rows[k].file)) fail_msg("%s", err.msg);
        kj_assess_data_free(d);
        kj_test_rmtree(dir);
    }
}

/* The tables' rows take memory in proportion to their number: each row
 * copied all the rows before it into a new array (a cues.tsv of 3,000 cues
 * took 180 MB). */
static void test_table_memory(void **state) {
    (void)state;
    char dir[64];
    kj_test_tmpdir(dir, sizeof dir, "kj-rows-");
    kj_buf cues = KJ_BUF_INIT, sugg = KJ_BUF_INIT;
    for (int k = 0; k < 3000; k++) {
        kj_buf_printf(&cues, "extra-%d\tany\tunheard-of word %d\n", k, k);
        kj_buf_printf(&sugg, "P%d\tlow\tany\tP%d\tguide\tja %d\ten %d\n", k % 5 + 1, k % 5 + 1, k,
                      k);
    }
    copy_assess_file(dir, "cues.tsv", cues.data);
    copy_assess_file(dir, "stakeholders.tsv", "");
    copy_assess_file(dir, "suggestions.tsv", sugg.data);
    copy_assess_file(dir, "doctypes.tsv", "");
    kj_assess_data *d = NULL;
    kj_error err;
    assert_int_equal(kj_assess_data_load(dir, &d, &err), KJ_OK);
    assert_true(d->n_cues > 3000 && d->n_sugg > 3000);
    size_t used = kj_arena_used(d->arena);
    if (used > (8u << 20)) fail_msg("the tables took %zu bytes", used);
    kj_assess_data_free(d);
    kj_buf_free(&cues);
    kj_buf_free(&sugg);
    kj_test_rmtree(dir);
}

/* The heading over several passages is searched for a message from the
 * top once, not again for each passage under it (a heading of 1 MB over
 * 5,000 passages took a minute): with a top-management cue that gives up
 * on it, one search is said to have given up, not one per passage. */
static void test_heading_searched_once(void **state) {
    fixture *f = *state;
    char dir[64];
    kj_test_tmpdir(dir, sizeof dir, "kj-badcue-");
    kj_assess_data *bad = load_with(dir, "top-management\tany\t" KJ_TEST_BAD_CUE "\n", "");
    doc d;
    doc_init(&d);
    const char *heading = "Log " KJ_TEST_LONG_WORD " 2024";
    for (int k = 0; k < 3; k++)
        doc_add(&d, f, "Our security team reviews the logs each week.", heading, I1, NULL);
    kj_assess_options o = {.data = bad, .doctype = KJ_DOCTYPE_SECURITIES, .year = 2024};
    kj_assessment as;
    kj_error err;
    assert_int_equal(kj_assess(doc_analysis(&d, KJ_LANG_EN), f->lex, &o, d.arena, &as, &err),
                     KJ_OK);
    size_t in_heading = 0;
    for (size_t k = 0; k < as.n_incomplete; k++)
        if (!strcmp(as.incomplete[k].cue, "top-management") &&
            !strcmp(as.incomplete[k].text, "heading"))
            in_heading++;
    assert_int_equal(in_heading, 1);
    kj_arena_free(d.arena);
    kj_assess_data_free(bad);
    kj_test_rmtree(dir);
}

/* Does lits hold exactly the literals in want (NULL-terminated), in order? */
static void expect_lits(const char *pattern, const char *const *want) {
    kj_cue_lits l;
    int n = kj_cue_literals(pattern, &l);
    int k = 0;
    for (; want[k]; k++) {
        assert_true(k < n);
        assert_int_equal(l.len[k], strlen(want[k]));
        assert_memory_equal(l.s[k], want[k], l.len[k]);
    }
    assert_int_equal(n, k);
}

/* Does pattern give exactly the clauses in want (each a NULL-terminated
 * list of literals; the list of clauses NULL-terminated), in order? */
static void expect_clauses(const char *pattern, const char *const *const *want) {
    kj_cue_lits c[KJ_LIT_CLAUSES];
    int n = kj_cue_clauses(pattern, c, KJ_LIT_CLAUSES), k = 0;
    for (; want[k]; k++) {
        assert_true(k < n);
        int i = 0;
        for (; want[k][i]; i++) {
            assert_true(i < c[k].n);
            assert_int_equal(c[k].len[i], strlen(want[k][i]));
            assert_memory_equal(c[k].s[i], want[k][i], c[k].len[i]);
        }
        assert_int_equal(c[k].n, i);
    }
    assert_int_equal(n, k);
}

#define CL(...) ((const char *const[]){__VA_ARGS__, NULL})
#define CLAUSES(...) ((const char *const *const[]){__VA_ARGS__, NULL})

/* A pattern that is one sequence needs each of its required pieces: the
 * most selective first, then the others worth scanning for; pieces inside a
 * branch, an optional group or a look-around are not required. */
static void test_cue_clauses(void **state) {
    (void)state;
    expect_clauses("firewall[^.]{0,20}managed by", CLAUSES(CL("managed by"), CL("firewall")));
    expect_clauses("abc|def", CLAUSES(CL("abc", "def")));
    expect_clauses("(?:alpha beta|gamma)xyz", CLAUSES(CL("alpha beta", "gamma"), CL("xyz")));
    expect_clauses("abcd(?:efghij)?klm", CLAUSES(CL("abcd"), CL("klm")));
    expect_clauses("abcd(?!wxyzuv)", CLAUSES(CL("abcd")));
    expect_clauses("(?<hit>[a-z]+@[a-z]+\\.com)", CLAUSES(CL(".com"), CL("@")));
    expect_clauses("abcd[0-9]\\.[0-9]", CLAUSES(CL("abcd")));            /* "." tells nothing */
    expect_clauses("(?:ab|cd)efg on (?:xy|zw)", CLAUSES(CL("efg on "))); /* 2-letter sets: no */
    expect_clauses("監視を(?:委託|依頼)", CLAUSES(CL("監視を"), CL("委託", "依頼")));
    expect_clauses("[a-z]{2,9}社?製の?(?:ファイアウォール|edr)",
                   CLAUSES(CL("ファイアウォール", "edr"), CL("製"))); /* one kanji tells */
    expect_clauses("\\d+", CLAUSES(NULL));
}

static void test_cue_literals(void **state) {
    (void)state;
    expect_lits("社長|\\bceo\\b", (const char *const[]){"社長", "ceo", NULL});
    /* the most selective required piece of each branch */
    expect_lits("our (chairman|president) ", (const char *const[]){"chairman", "president", NULL});
    expect_lits("root[- ]cause", (const char *const[]){"cause", NULL});
    expect_lits("item 1a\\.? risk", (const char *const[]){"item 1a", NULL});
    expect_lits("annual report(?! on form)", (const char *const[]){"annual report", NULL});
    expect_lits("経営の(最)?重要(課題|事項)", (const char *const[]){"経営の", NULL});
    expect_lits("https?://", (const char *const[]){"http", NULL});
    expect_lits("ab+c", (const char *const[]){"ab", NULL});
    expect_lits("x{2,3}yz", (const char *const[]){"yz", NULL});
    /* a quantifier after a multi-byte character covers all of it */
    expect_lits("あい?う", (const char *const[]){"あ", NULL});
    /* selectivity counts characters, not bytes: の (three bytes) is one
     * common character, less telling than any of three letters */
    expect_lits("(?:nec|lac|ntt)の", (const char *const[]){"nec", "lac", "ntt", NULL});
    /* no literal in some branch, an optional group, or unknown syntax */
    const char *const none[] = {NULL};
    expect_lits("abc|\\d+", none);
    expect_lits("(abc)?", none);
    expect_lits("(abc)*d", (const char *const[]){"d", NULL});
    expect_lits("(?i)abc", none);
    expect_lits("\\p{L}abc", none);
    expect_lits("a\\1", none);
    expect_lits("abc)", none);
    expect_lits("(abc", none);
    expect_lits("[abc", none);
    expect_lits("ab{x}", none);
    expect_lits("", none);
    expect_lits(NULL, none);
    /* classes and escapes are not literals; escaped punctuation is */
    expect_lits("[a-z]+\\.com", (const char *const[]){".com", NULL});
    expect_lits("(?:foo|bar)[^\\]]{0,3}", (const char *const[]){"foo", "bar", NULL});
    /* a named group is a group; a look-behind is still skipped */
    expect_lits("(?<![a-z])(?<hit>vlan|ポート)\\d", (const char *const[]){"vlan", "ポート", NULL});
    expect_lits("(?<hit>(?:ab)?)", none);
    expect_lits("(?<1x>abc)", none);
}

/* The ids a literal database reports in text (bit per id), one scan. */
static int on_lit_id(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                     void *ctx) {
    (void)from, (void)to, (void)flags;
    *(unsigned *)ctx |= 1u << id;
    return 0;
}

static unsigned lit_ids(hs_database_t *db, const char *text) {
    hs_scratch_t *scratch = NULL;
    assert_int_equal(hs_alloc_scratch(db, &scratch), HS_SUCCESS);
    unsigned ids = 0;
    assert_int_equal(hs_scan(db, text, (unsigned)strlen(text), 0, scratch, on_lit_id, &ids),
                     HS_SUCCESS);
    hs_free_scratch(scratch);
    return ids;
}

/* The first bytes of file path (NUL-terminated, n - 1 at most) into buf. */
static void file_start(const char *path, char *buf, size_t n) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t got = fread(buf, 1, n - 1, f);
    buf[got] = '\0';
    fclose(f);
}

/* kj_lit_set_compile_cached writes the compiled database beside the data
 * and reads it back on the next load; a file that is damaged or was made
 * from other literals is not used but replaced, and the database matches
 * the same either way. */
static void test_lit_set_cache(void **state) {
    (void)state;
    char tmp[64], path[128], head[32], now[32];
    ino_t ino[4];
    kj_test_tmpdir(tmp, sizeof tmp, "kj-lits-");
    snprintf(path, sizeof path, "%s/cues.hsdb", tmp);
    kj_arena *a = kj_arena_new();
    kj_lit_set ls = {0}, ls2 = {0};
    assert_int_equal(kj_lit_set_add(&ls, a, "社長|\\bceo\\b", 0, 0), 1);
    assert_int_equal(kj_lit_set_add(&ls, a, "root[- ]cause", 1, 0), 2); /* root and cause */
    assert_int_equal(kj_lit_set_add(&ls2, a, "annual report", 0, 0), 1);
    const char *text = "our ceo asked for the root cause.";
    /* 0: compiled and written; 1: read back; 2: a damaged file is replaced;
     * 3: a file for other literals is replaced */
    for (int round = 0; round < 4; round++) {
        if (round == 2) kj_test_write_file(tmp, "cues.hsdb", "kaiji-lits1 0123456789abcdef\nxx");
        hs_database_t *db = kj_lit_set_compile_cached(round == 3 ? &ls2 : &ls, tmp, "cues.hsdb");
        assert_non_null(db);
        /* clause c of pattern p is id p * KJ_LIT_CLAUSES + c */
        unsigned want = 1u << 0 | 1u << KJ_LIT_CLAUSES | 1u << (KJ_LIT_CLAUSES + 1);
        assert_int_equal(lit_ids(db, text), round == 3 ? 0u : want);
        uint64_t bits = lit_ids(db, text);
        assert_true(round == 3 || kj_lit_clauses_met(&bits, 1, 2));
        hs_free_database(db);
        file_start(path, round ? now : head, sizeof head);
        assert_memory_equal(round ? now : head, "kaiji-lits2 ", 12);
        if (round == 1 || round == 2) assert_string_equal(now, head);
        if (round == 3) assert_string_not_equal(now, head);
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        ino[round] = st.st_ino;
    }
    assert_true(ino[1] == ino[0]);                     /* read, not written again */
    assert_true(ino[2] != ino[1] && ino[3] != ino[2]); /* each replaced by a new file */
    kj_lit_set_free(&ls);
    kj_lit_set_free(&ls2);
    kj_arena_free(a);
    kj_test_rmtree(tmp);
}

/* The per-term category mask agrees with the terms' categories, and the
 * lookup falls back to comparing names without a mask. */
static void test_category_terms(void **state) {
    fixture *f = *state;
    kj_arena *a = kj_arena_new();
    unsigned char *jargon = kj_category_terms(a, f->lex, "jargon");
    assert_non_null(jargon);
    size_t n = kj_lexicon_size(f->lex), hits = 0;
    for (size_t i = 0; i < n; i++) {
        const kj_term *t = kj_lexicon_term(f->lex, (unsigned)i);
        int want = t->category && !strcmp(t->category, "jargon");
        assert_int_equal(jargon[i], want);
        assert_int_equal(kj_term_in_category(f->lex, jargon, (unsigned)i, "jargon"), want);
        assert_int_equal(kj_term_in_category(f->lex, NULL, (unsigned)i, "jargon"), want);
        hits += (size_t)want;
    }
    assert_true(hits > 0);
    assert_int_equal(kj_term_in_category(f->lex, jargon, (unsigned)n, "jargon"), 0);
    assert_null(kj_category_terms(a, NULL, "jargon"));
    kj_arena_free(a);
}

/* kj_cue_match_str remembers short strings: repeated and interleaved calls
 * give what a fresh match gives, spans included. */
static void test_cue_match_str_memo(void **state) {
    fixture *f = *state;
    kj_cue_matcher *cm = kj_cue_matcher_new(f->data);
    assert_non_null(cm);
    int plain = kj_cue_find(f->data, "plain-acronym");
    int top = kj_cue_find(f->data, "top-management");
    assert_true(plain >= 0 && top >= 0);
    for (int round = 0; round < 3; round++) {
        size_t s = 99, e = 99;
        assert_int_equal(kj_cue_match_str(cm, plain, KJ_CUE_IN_PASSAGE, "it", 2, &s, &e), 1);
        assert_int_equal(s, 0);
        assert_int_equal(e, 2);
        s = e = 99;
        assert_int_equal(kj_cue_match_str(cm, plain, KJ_CUE_IN_PASSAGE, "csirt", 5, &s, &e), 0);
        assert_int_equal(s, 99); /* untouched without a match */
        assert_int_equal(kj_cue_match_str(cm, top, KJ_CUE_IN_PASSAGE, "it", 2, &s, &e), 0);
        assert_int_equal(kj_cue_match_str(cm, top, KJ_CUE_IN_PASSAGE, "our ceo said", 12, &s, &e),
                         1);
        assert_int_equal(s, 4);
        assert_int_equal(e, 12); /* the chief executive and what was said */
    }
    kj_cue_matcher_free(cm);
}

/* The cues asked only of one sentence in a rare context (a rising topic, a
 * certification held, an English modal) are left out of the literal
 * prefilter every passage is scanned with, and still find what they find in
 * the sentence they are asked of; the other cues keep their prefilter. */
static void test_cue_rare_unfiltered(void **state) {
    fixture *f = *state;
    assert_non_null(f->data->lit_db);
    static const char *const rare[] = {"topic-now", "cert-held", "supposition"};
    for (size_t k = 0; k < sizeof rare / sizeof *rare; k++) {
        int i = kj_cue_find(f->data, rare[k]);
        assert_true(i >= 0);
        for (; i >= 0; i = f->data->cues[i].next)
            if (f->data->cues[i].filtered) fail_msg("%s is prefiltered", rare[k]);
    }
    int top = kj_cue_find(f->data, "top-management");
    assert_true(top >= 0);
    assert_true(f->data->cues[top].filtered > 0);
    kj_cue_matcher *cm = kj_cue_matcher_new(f->data);
    assert_non_null(cm);
    static const struct {
        const char *cue, *text; /* normalised; the cue is asked of the second sentence */
        kj_lang lang;
        int found;
    } cases[] = {
        {"topic-now", "当社は工場を持つ。架空の攻撃が新たに広がっている。", KJ_LANG_JA, 1},
        {"topic-now", "当社は工場を持つ。架空の攻撃を防いでいる。", KJ_LANG_JA, 0},
        {"cert-held", "we build ships. our yard holds an iso 27001 certification.", KJ_LANG_EN, 1},
        {"supposition", "we build ships. a storm may delay them.", KJ_LANG_EN, 1},
        {"supposition", "we build ships. storms delay them.", KJ_LANG_EN, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        kj_passage p = {0};
        p.norm.text = (char *)cases[k].text;
        p.norm.len = strlen(cases[k].text);
        p.lang = cases[k].lang;
        const char *dot = strstr(p.norm.text, cases[k].lang == KJ_LANG_JA ? "。" : ". ");
        assert_non_null(dot);
        size_t from = (size_t)(dot - p.norm.text) + (cases[k].lang == KJ_LANG_JA ? 3 : 2), s, e;
        int got =
            kj_cue_match_in(cm, kj_cue_find(f->data, cases[k].cue), &p, from, p.norm.len, &s, &e);
        if (got != cases[k].found) fail_msg("%s in '%s': %d", cases[k].cue, p.norm.text, got);
        if (got) assert_true(s >= from && e <= p.norm.len);
        kj_cue_matcher_forget(cm);
    }
    kj_cue_matcher_free(cm);
}

/* The document-type gate never turns away a text a type's cue matches, and
 * does turn away one that names no type. */
static void test_cue_doctype_gate(void **state) {
    fixture *f = *state;
    assert_non_null(f->data->doctype_db); /* the shipped types all have literals */
    kj_cue_matcher *cm = kj_cue_matcher_new(f->data);
    assert_non_null(cm);
    static const struct {
        const char *text; /* normalised: NFKC, lower case */
        int names_type;
    } texts[] = {
        {"星空工業 統合報告書2024", 1},
        {"有価証券報告書(第12期)", 1},
        {"annual report on form 10-k", 1},
        {"item 1c. cybersecurity", 1},
        {"sustainability report 2023", 1},
        {"コーポレート・ガバナンス報告書", 1},
        {"当期の売上高は前年同期比で増加しました。", 0},
        {"we opened two new stores this year.", 0},
        {"", 0},
    };
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        const char *t = texts[k].text;
        size_t n = strlen(t), s, e;
        int matched = 0;
        for (size_t i = 0; i < f->data->n_cues; i++)
            if (!strncmp(f->data->cues[i].name, "doctype:", 8))
                matched |= kj_cue_match_str(cm, (int)i, KJ_CUE_IN_PASSAGE, t, n, &s, &e);
        if (matched != texts[k].names_type) fail_msg("'%s': a type's cue matched: %d", t, matched);
        if (kj_cue_doctype_possible(cm, t, n) != texts[k].names_type)
            fail_msg("'%s': the gate says %d", t, !texts[k].names_type);
    }
    kj_cue_matcher_free(cm);
}

/* ---- passage by passage (kj_assess_begin / passage / end) -------------- */

static void assert_same_coverage(const kj_coverage *x, const kj_coverage *y) {
    assert_int_equal(x->level, y->level);
    assert_int_equal(x->expected, y->expected);
    assert_int_equal(x->target, y->target);
    assert_int_equal(x->n_passages, y->n_passages);
    if (x->n_passages)
        assert_memory_equal(x->passages, y->passages, x->n_passages * sizeof *x->passages);
}

static void assert_same_signals(const kj_assessment *x, const kj_assessment *y) {
    assert_int_equal(x->n_signals, y->n_signals);
    for (size_t i = 0; i < x->n_signals; i++) {
        const kj_signal *s = &x->signals[i], *t = &y->signals[i];
        assert_string_equal(s->name, t->name);
        assert_int_equal(s->principle, t->principle);
        assert_int_equal(s->passage, t->passage);
        kj_test_same_str(s->evidence, t->evidence);
        assert_int_equal(s->points, t->points);
    }
}

static void assert_same_suggestions(const kj_assessment *x, const kj_assessment *y) {
    assert_int_equal(x->n_suggestions, y->n_suggestions);
    for (size_t i = 0; i < x->n_suggestions; i++) {
        const kj_suggestion *s = &x->suggestions[i], *t = &y->suggestions[i];
        assert_int_equal(s->element, t->element);
        assert_int_equal(s->item, t->item);
        assert_int_equal(s->principle, t->principle);
        assert_int_equal(s->level, t->level);
        assert_string_equal(s->kind, t->kind);
        kj_test_same_str(s->text, t->text);
        kj_test_same_str(s->guide_ref, t->guide_ref);
        kj_test_same_str(s->caution, t->caution);
    }
    assert_int_equal(x->n_stakeholders, y->n_stakeholders);
    for (size_t i = 0; i < x->n_stakeholders; i++) {
        assert_string_equal(x->stakeholders[i].id, y->stakeholders[i].id);
        assert_int_equal(x->stakeholders[i].score, y->stakeholders[i].score);
    }
}

/* Everything an assessment says, compared field by field. */
static void assert_same_assessment(const kj_assessment *x, const kj_assessment *y) {
    assert_int_equal(x->lang, y->lang);
    assert_int_equal(x->doctype, y->doctype);
    assert_int_equal(x->doctype_detected, y->doctype_detected);
    kj_test_same_str(x->doctype_evidence, y->doctype_evidence);
    assert_int_equal(x->statutory, y->statutory);
    kj_test_same_str(x->expectation, y->expectation);
    assert_int_equal(x->year, y->year);
    assert_int_equal(x->year_detected, y->year_detected);
    assert_int_equal(x->n_passages, y->n_passages);
    assert_memory_equal(x->spec, y->spec, x->n_passages * sizeof *x->spec);
    assert_memory_equal(x->spec_hist, y->spec_hist, sizeof x->spec_hist);
    for (int it = 1; it <= KJ_N_ITEMS; it++)
        assert_same_coverage(&x->items[it], &y->items[it]);
    for (int e = 0; e < KJ_N_ELEMENTS; e++)
        assert_same_coverage(&x->elements[e], &y->elements[e]);
    assert_int_equal(x->coverage_score, y->coverage_score);
    assert_memory_equal(x->principles, y->principles, sizeof x->principles);
    assert_same_signals(x, y);
    assert_int_equal(x->jargon_total, y->jargon_total);
    assert_int_equal(x->jargon_unexplained, y->jargon_unexplained);
    assert_int_equal(x->mean_sentence, y->mean_sentence);
    assert_same_suggestions(x, y);
}

/* A hand-built document with many signals: a cover line naming the type
 * and year, a top message, incidents, figures for two years, jargon with
 * and without notes, a framework, plans. */
static void doc_many(doc *d, fixture *f) {
    static const char *const e11[] = {"1.1", NULL}, *const e62[] = {"6.2", NULL},
                             *const e31[] = {"3.1", NULL}, *const e71[] = {"7.1", NULL};
    doc_add(d, f, "星空工業 統合報告書2023", NULL, NONE, NULL);
    doc_add(d, f,
            "代表取締役社長として、サイバーセキュリティを経営の最重要課題と位置づけ、企業価値の向上"
            "に欠かせない投資と考えています。",
            "トップメッセージ", (const int[]){1, 0}, e11);
    doc_add(d, f, "2023年度の情報セキュリティ重大事故の発生件数は0件でした。", NULL, I6, e62);
    doc_add(
        d, f,
        "受講率は前年度の85%から2023年度は97%に向上し、目標に対する達成状況を毎年評価しています。",
        "人材育成", I3, e31);
    doc_add(d, f, "当社はCSIRT(※1)を設置しています。", "緊急対応体制", (const int[]){7, 0}, e71);
    doc_add(d, f, "※1 セキュリティ事故に対応する社内の専門チーム。", "緊急対応体制",
            (const int[]){7, 0}, NULL);
    doc_add(d, f,
            "当社はSIEMとEDRとWAFを導入し、NISTサイバーセキュリティフレームワークに基づき対策を"
            "整理しています。今後はさらなる強化を図ります。",
            NULL, I5, NULL);
    doc_add(d, f,
            "ランサムウェアへの対策として、2023年度は全拠点でバックアップの点検を120回実施しました"
            "。",
            NULL, (const int[]){5, 8, 0}, NULL);
    doc_add(d, f, "当期の売上高は前年同期比で増加しました。", NULL, NONE, NULL);
}

/* Assess d passage by passage the way kj_analyze_document_each lets one:
 * each passage's normalised text and matches only during its own call
 * (scratch reset after it), none left for kj_assess_end. */
static void assess_streamed(fixture *f, doc *d, const kj_assess_options *o, kj_assessment *out) {
    kj_doc_analysis a = d->a;
    a.matches = NULL;
    kj_passage saved[MAXP];
    memcpy(saved, d->p, sizeof saved);
    for (size_t i = 0; i < d->n; i++)
        memset(&d->p[i].norm, 0, sizeof d->p[i].norm);
    kj_arena *scratch = kj_arena_new();
    kj_assess_run *r;
    kj_error err;
    assert_int_equal(kj_assess_begin(f->lex, o, d->arena, &r, &err), KJ_OK);
    for (size_t i = 0; i < d->n; i++) {
        d->p[i].norm = saved[i].norm;
        if (kj_assess_passage(r, &a, i, &d->m[i], scratch, &err) != KJ_OK)
            fail_msg("kj_assess_passage %zu: %s", i, err.msg);
        memset(&d->p[i].norm, 0, sizeof d->p[i].norm);
        kj_arena_reset(scratch);
    }
    if (kj_assess_end(r, &a, out, &err) != KJ_OK) fail_msg("kj_assess_end: %s", err.msg);
    kj_arena_free(scratch);
    memcpy(d->p, saved, sizeof saved);
}

static void test_assess_by_passage(void **state) {
    fixture *f = *state;
    doc d;
    doc_init(&d);
    doc_many(&d, f);
    const kj_doc_analysis *a = doc_analysis(&d, KJ_LANG_JA);
    kj_assess_options opts[] = {{.data = f->data},
                                {.doctype = KJ_DOCTYPE_SECURITIES, .year = 2030, .data = f->data},
                                {.lang = KJ_LANG_EN, .data = f->data}};
    for (size_t k = 0; k < sizeof opts / sizeof *opts; k++) {
        kj_assessment whole, streamed;
        kj_error err;
        assert_int_equal(kj_assess(a, f->lex, &opts[k], d.arena, &whole, &err), KJ_OK);
        assess_streamed(f, &d, &opts[k], &streamed);
        assert_same_assessment(&streamed, &whole);
        /* a document that gives the steps something to compare */
        assert_true(whole.n_signals >= 10);
        assert_true(whole.n_suggestions >= 3);
        if (k == 0) assert_true(whole.doctype_detected && whole.year_detected);
    }
    /* out of order, and an end with passages missing, are refused */
    kj_assess_run *r;
    kj_error err;
    kj_assessment as;
    assert_int_equal(kj_assess_begin(f->lex, opts, d.arena, &r, &err), KJ_OK);
    assert_int_equal(kj_assess_passage(r, a, 1, &d.m[1], NULL, &err), KJ_ERR_ARG);
    assert_int_equal(kj_assess_passage(r, a, 0, &d.m[0], NULL, &err), KJ_OK);
    assert_int_equal(kj_assess_end(r, a, &as, &err), KJ_ERR_ARG);
    kj_arena_free(d.arena);
}

static kj_status assess_visit(void *ud, const kj_doc_analysis *a, size_t i, const kj_matches *mt,
                              kj_arena *scratch, kj_error *err) {
    return kj_assess_passage(ud, a, i, mt, scratch, err);
}

/* Assessed inside kj_analyze_document_each's visitor, a real analysis gives
 * what kj_assess gives after kj_analyze_document. */
static void test_assess_in_analysis(void **state) {
    fixture *f = *state;
    const char *text =
        "星空工業 統合報告書2024\n\n■ サイバーセキュリティ\n\n"
        "代表取締役社長として、サイバーセキュリティを経営の最重要課題と位置づけています。\n\n"
        "当社は情報セキュリティ委員会を設け、CISOが年4回委員会を主宰しています。\n\n"
        "2024年度は従業員1,250名が情報セキュリティ研修を受講し、受講率は98%でした。\n\n"
        "当社はCSIRT(※1)を設置し、SIEMとEDRで監視しています。\n\n"
        "※1 セキュリティ事故に対応する社内の専門チーム。\n\n"
        "重要データは毎日バックアップを取得し、復旧手順を年1回確認しています。\n\n"
        "当期の売上高は前年同期比で増加しました。\n";
    kj_test_analyzer t;
    kj_test_analyzer_load(&t, NULL, 1);
    kj_test_pair d;
    kj_test_pair_begin(&d, &t, "a.txt", text, NULL);
    kj_assess_options o = {.data = f->data};
    kj_assessment whole, each;
    kj_error err = {0};
    assert_int_equal(kj_assess(&d.whole, t.a.lex, &o, d.doc[0]->arena, &whole, &err), KJ_OK);
    kj_assess_run *r;
    assert_int_equal(kj_assess_begin(t.a.lex, &o, d.doc[1]->arena, &r, &err), KJ_OK);
    if (kj_test_pair_each(&d, assess_visit, r, &err) != KJ_OK) fail_msg("%s", err.msg);
    assert_int_equal(kj_assess_end(r, &d.each, &each, &err), KJ_OK);
    assert_same_assessment(&each, &whole);
    assert_true(whole.n_signals >= 5);
    assert_true(whole.items[7].level > 0);
    kj_test_pair_free(&d);
    kj_test_analyzer_free(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_levels),
        cmocka_unit_test(test_sentences_keep_abbreviations),
        cmocka_unit_test(test_spec_scan_features),
        cmocka_unit_test(test_passage_excerpt_end),
        cmocka_unit_test(test_spec_scan_notes),
        cmocka_unit_test(test_spec_term_kinds),
        cmocka_unit_test(test_spec_of_passage_without_item),
        cmocka_unit_test(test_p1_relevance),
        cmocka_unit_test(test_p1_office_is_not_message),
        cmocka_unit_test(test_p1_top_speaks),
        cmocka_unit_test(test_certification_held),
        cmocka_unit_test(test_strategy_and_remediation),
        cmocka_unit_test(test_plans_ahead_to_come),
        cmocka_unit_test(test_topic_of_day_discussed),
        cmocka_unit_test(test_p1_heading_run),
        cmocka_unit_test(test_p2_faithful),
        cmocka_unit_test(test_signals_not_from_supposition),
        cmocka_unit_test(test_signals_said_of_topic),
        cmocka_unit_test(test_incident_without_item),
        cmocka_unit_test(test_incident_count_covers),
        cmocka_unit_test(test_time_series_repeats),
        cmocka_unit_test(test_recency_not_plans),
        cmocka_unit_test(test_doctype_more_patterns),
        cmocka_unit_test(test_p3_comparability),
        cmocka_unit_test(test_p4_understandability),
        cmocka_unit_test(test_p4_sentence_length_skips_table_labels),
        cmocka_unit_test(test_p4_acronym_is_a_word),
        cmocka_unit_test(test_p4_company_is_not_jargon),
        cmocka_unit_test(test_p5_timeliness),
        cmocka_unit_test(test_doctype_and_year),
        cmocka_unit_test(test_plans_year_at_end),
        cmocka_unit_test(test_coverage_and_suggestions),
        cmocka_unit_test(test_stakeholders),
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_print_signal_places),
        cmocka_unit_test(test_data_errors),
        cmocka_unit_test(test_data_empty_table),
        cmocka_unit_test(test_cue_literals),
        cmocka_unit_test(test_cue_clauses),
        cmocka_unit_test(test_lit_set_cache),
        cmocka_unit_test(test_category_terms),
        cmocka_unit_test(test_cue_match_str_memo),
        cmocka_unit_test(test_cue_rare_unfiltered),
        cmocka_unit_test(test_cue_doctype_gate),
        cmocka_unit_test(test_cue_match_gives_up),
        cmocka_unit_test(test_stakeholder_weights),
        cmocka_unit_test(test_table_memory),
        cmocka_unit_test(test_suggestion_rows),
        cmocka_unit_test(test_cue_doctype_rows),
        cmocka_unit_test(test_heading_searched_once),
        cmocka_unit_test(test_title_start_only),
        cmocka_unit_test(test_on_topic_keeps_language),
        cmocka_unit_test(test_incident_mentioned_once),
        cmocka_unit_test(test_assess_incomplete),
        cmocka_unit_test(test_assess_by_passage),
        cmocka_unit_test(test_assess_in_analysis),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
