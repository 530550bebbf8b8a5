/*
 * test_match.c - unit tests of the match stage: lexicon loading and its
 * errors, word boundaries for English terms, '*' prefixes, regex patterns,
 * offsets mapped back to the original text, and regex starts found by rx.c
 * agreeing with Vectorscan's own start of match.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "kaiji/match.h"

static char dir[64];

static void write_lexicon(const char *body) {
    char path[128];
    snprintf(path, sizeof path, "%s/test.tsv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(body, f);
    fclose(f);
}

static int setup(void **state) {
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/kj-match-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static const char *lex_body = "# comment\n"
                              "CSIRT\tany\t7\t7.1\tir\t1.0\tincident team\n"
                              "soc\ten\t5\t5.1\tmonitoring\t0.8\n"
                              "vulnerabilit*\ten\t5\t5.1\tmeasure\t0.6\n"
                              "情報セキュリティ委員会\tja\t2\t2.1\tstructure\t0.9\n"
                              "re:[0-9][0-9,.]*\\s*(件|名|%)\tany\t0\t-\tfigure\t0.5\tcount\n";

/* Scan text and return the matched terms (as written in the lexicon) joined by '|'. */
static void scan(const char *text, char *out, size_t outsz, kj_matches *keep, kj_arena *a) {
    kj_lexicon *lex;
    kj_error err = {0};
    assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_OK);
    kj_scanner *sc;
    assert_int_equal(kj_scanner_new(lex, &sc, &err), KJ_OK);
    kj_passage p;
    assert_int_equal(kj_passage_from_text(a, text, strlen(text), KJ_LANG_AUTO, &p), KJ_OK);
    kj_matches mt;
    assert_int_equal(kj_match_passage(sc, &p, a, &mt, &err), KJ_OK);
    out[0] = '\0';
    for (size_t i = 0; i < mt.n; i++) {
        strncat(out, kj_lexicon_term(lex, mt.items[i].term)->term, outsz - strlen(out) - 2);
        strcat(out, "|");
    }
    if (keep) *keep = mt;
    kj_scanner_free(sc);
    kj_lexicon_free(lex);
}

static void test_boundaries_and_width(void **state) {
    (void)state;
    write_lexicon(lex_body);
    kj_arena *a = kj_arena_new();
    char got[512];
    scan("Our SOC watches; society is not a soc-term. ＣＳＩＲＴ responds.", got, sizeof got, NULL,
         a);
    assert_string_equal(got, "soc|soc|CSIRT|");
    scan("Vulnerabilities are patched.", got, sizeof got, NULL, a);
    assert_string_equal(got, "vulnerabilit*|");
    kj_arena_free(a);
}

static void test_regex_and_offsets(void **state) {
    (void)state;
    write_lexicon(lex_body);
    kj_arena *a = kj_arena_new();
    char got[512];
    kj_matches mt;
    const char *text = "当社の情報セキュリティ委員会は、受講率９８％を確認しました。";
    scan(text, got, sizeof got, &mt, a);
    assert_int_equal(mt.n, 2);
    /* 情報セキュリティ委員会 starts at code point 3 and spans 11 characters */
    assert_int_equal(mt.items[0].start, 3);
    assert_int_equal(mt.items[0].end, 14);
    /* the figure ９８％ (full width) is found after normalisation, located in the original */
    assert_int_equal(mt.items[1].start, 19);
    assert_int_equal(mt.items[1].end, 22);
    kj_arena_free(a);
}

static void test_bad_lexicon(void **state) {
    (void)state;
    kj_lexicon *lex;
    kj_error err = {0};
    write_lexicon("CSIRT\tany\t7\n");
    assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_ERR_DATA);
    assert_non_null(strstr(err.msg, "test.tsv:1"));
    write_lexicon("CSIRT\tany\t7\t5.1\tir\t1.0\n");
    assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_ERR_DATA);
    assert_non_null(strstr(err.msg, "not an element of item 7"));
    write_lexicon("CSIRT\tany\t7\t7.1\tir\t3\n");
    assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_ERR_DATA);
    write_lexicon("re:(unclosed\tany\t0\t-\tfigure\t0.5\n");
    assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_ERR_DATA);
    assert_non_null(strstr(err.msg, "cannot compile"));
    assert_int_equal(kj_lexicon_load("/nonexistent-kaiji", &lex, &err), KJ_ERR_DATA);
}

static void test_version_changes(void **state) {
    (void)state;
    kj_lexicon *a, *b;
    kj_error err = {0};
    write_lexicon(lex_body);
    assert_int_equal(kj_lexicon_load(dir, &a, &err), KJ_OK);
    write_lexicon("soc\ten\t5\t5.1\tmonitoring\t0.8\n");
    assert_int_equal(kj_lexicon_load(dir, &b, &err), KJ_OK);
    assert_string_not_equal(kj_lexicon_version(a), kj_lexicon_version(b));
    assert_int_equal(kj_lexicon_size(b), 1);
    kj_lexicon_free(a);
    kj_lexicon_free(b);
}

static void test_precompiled(void **state) {
    (void)state;
    write_lexicon(lex_body);
    kj_lexicon *lex;
    kj_error err = {0};
    assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_OK);
    assert_false(kj_lexicon_precompiled(lex));
    assert_int_equal(kj_lexicon_save_compiled(lex, dir, &err), KJ_OK);
    char path[128], head[128] = "";
    snprintf(path, sizeof path, "%s/lexicon.hsdb", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    assert_non_null(fgets(head, sizeof head, f)); /* "kaiji-hsdb <version> <flags>\n" */
    fclose(f);
    assert_true(strncmp(head, "kaiji-hsdb ", 11) == 0 && strchr(head, '\n'));
    *strchr(head, '\n') = '\0';
    kj_lexicon_free(lex);
    /* the next load takes the precompiled database and matches the same */
    assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_OK);
    assert_true(kj_lexicon_precompiled(lex));
    kj_lexicon_free(lex);
    kj_arena *a = kj_arena_new();
    char got[512];
    scan("Our SOC watches; ＣＳＩＲＴ responds.", got, sizeof got, NULL, a);
    assert_string_equal(got, "soc|CSIRT|");
    kj_arena_free(a);
    /* a changed lexicon ignores the stale file */
    write_lexicon("soc\ten\t5\t5.1\tmonitoring\t0.8\n");
    assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_OK);
    assert_false(kj_lexicon_precompiled(lex));
    assert_int_equal(kj_lexicon_size(lex), 1);
    kj_lexicon_free(lex);
    /* a damaged file with the right header is ignored too */
    write_lexicon(lex_body);
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "%s\nnot a database", head);
    fclose(f);
    assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_OK);
    assert_false(kj_lexicon_precompiled(lex));
    kj_lexicon_free(lex);
    unlink(path);
}

/* Regexes whose starts rx.c finds, each also as "(?i)" + itself, which rx.c
 * does not compile, so Vectorscan reports its start (the flag changes
 * nothing: terms are caseless anyway). The figures lexicon's patterns
 * ($KAIJI_DATA/lexicon/figures.tsv) when at hand, and these. */
static const char *const own_regexes[] = {
    "[0-9][0-9,.]*\\s*(件|名|%)",
    "\\b(?:more than|over) [0-9][0-9,]*\\b",
    "[0-9][0-9,]*(?:\\.[0-9]+)? ?(?:万|千)?(?:件|人)",
    "(?:19|20)[0-9]{2} ?年 ?(?:[0-9]{1,2} ?月)?(?: ?[0-9]{1,2} ?日)?",
    "\\$[0-9][0-9,]*(?:\\.[0-9]+)?(?: ?(?:million|m|k)\\b)?",
    "[^ 。]+株式会社",
    "a.c",
    "\\Bss\\b",
    "(?:ab|a)(?:bc|c)+\\b",
    "[一二三四五六七八九十]+(?:件|回)",
};

static void add_regex_pair(char *body, size_t cap, const char *re) {
    size_t l = strlen(body);
    snprintf(body + l, cap - l,
             "re:%s\tany\t0\t-\tfigure\t0.5\nre:(?i)%s\tany\t0\t-\tfigure\t0.5\n", re, re);
}

static uint32_t rnd_next(uint64_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return (uint32_t)(*s >> 11);
}

static void test_regex_starts(void **state) {
    (void)state;
    static char body[1 << 16];
    body[0] = '\0';
    for (size_t i = 0; i < sizeof own_regexes / sizeof *own_regexes; i++)
        add_regex_pair(body, sizeof body, own_regexes[i]);
    const char *data = getenv("KAIJI_DATA");
    char path[512];
    snprintf(path, sizeof path, "%s/lexicon/figures.tsv", data ? data : "data");
    FILE *f = fopen(path, "r");
    char line[1024];
    while (f && fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t');
        if (strncmp(line, "re:", 3) != 0 || !tab) continue;
        *tab = '\0';
        add_regex_pair(body, sizeof body, line + 3);
    }
    if (f) fclose(f);
    write_lexicon(body);
    kj_lexicon *lex;
    kj_error err = {0};
    assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_OK);
    kj_scanner *sc;
    assert_int_equal(kj_scanner_new(lex, &sc, &err), KJ_OK);
    static const char *const tok[] = {"0",        "1",      "9",          ",",
                                      ".",        ".5",     " ",          "件",
                                      "名",       "%",      "万",         "千",
                                      "人",       "年",     "月",         "日",
                                      "回",       "一",     "十",         "2024",
                                      "19",       "20",     "$",          "million",
                                      "m",        "k",      "more than ", "over ",
                                      " people",  " years", "a",          "b",
                                      "c",        "abc",    "ss",         "株式会社",
                                      "。",       "\n",     "_",          "x",
                                      "within ",  " days",  "fy",         "fiscal year ",
                                      "january ", "15, ",   "24時間",     "毎月",
                                      "前年度",   "比",     "目標",       "kpi",
                                      "：",       "は",     "-",          "/"};
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    kj_arena *a = kj_arena_new();
    size_t hits = 0;
    for (int it = 0; it < 4000; it++) {
        char text[1024];
        size_t l = 0;
        int k = 1 + (int)(rnd_next(&seed) % 80);
        for (int j = 0; j < k; j++) {
            const char *t = tok[rnd_next(&seed) % (sizeof tok / sizeof *tok)];
            size_t tl = strlen(t);
            if (l + tl >= sizeof text) break;
            memcpy(text + l, t, tl);
            l += tl;
        }
        text[l] = '\0';
        kj_passage p;
        kj_matches mt;
        assert_int_equal(kj_passage_from_text(a, text, l, KJ_LANG_AUTO, &p), KJ_OK);
        assert_int_equal(kj_match_passage(sc, &p, a, &mt, &err), KJ_OK);
        /* each hit of term 2i (rx.c's start) has one of term 2i+1 (Vectorscan's) */
        size_t n_rx = 0, n_vs = 0;
        for (size_t i = 0; i < mt.n; i++) {
            const kj_match *m = &mt.items[i];
            if (m->term % 2) {
                n_vs++;
                continue;
            }
            n_rx++;
            int found = 0;
            for (size_t j = 0; j < mt.n && !found; j++)
                found = mt.items[j].term == m->term + 1 && mt.items[j].nstart == m->nstart &&
                        mt.items[j].nend == m->nend;
            if (!found)
                fail_msg("'%s': term %u at %u-%u differs", text, m->term, m->nstart, m->nend);
        }
        assert_int_equal(n_rx, n_vs);
        hits += n_rx;
        kj_arena_reset(a);
    }
    assert_true(hits > 10000);
    kj_arena_free(a);
    kj_scanner_free(sc);
    kj_lexicon_free(lex);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boundaries_and_width), cmocka_unit_test(test_regex_and_offsets),
        cmocka_unit_test(test_bad_lexicon),          cmocka_unit_test(test_version_changes),
        cmocka_unit_test(test_precompiled),          cmocka_unit_test(test_regex_starts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
