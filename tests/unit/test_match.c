/*
 * test_match.c - unit tests of the match stage: lexicon loading and its
 * errors, word boundaries for English terms, '*' prefixes, regex patterns,
 * offsets mapped back to the original text, the precompiled databases
 * (lexicon.hsdb, and older or damaged files ignored), regex hits (their
 * starts found by PCRE2, or from the per-language start-of-match databases
 * when it cannot tell) agreeing with one database of all regexes with start
 * of match, and long passages through every database of the shipped lexicon.
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
#include "match/match_internal.h"
#include "unit/helpers.h"

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
    /* a '*' term's hit is the whole word it begins, as a reader would
     * quote it, in the original text's code points; "Vulnerability-scan"
     * ends at the hyphen */
    kj_matches mt;
    scan("Ｖｕｌｎｅｒａｂｉｌｉｔｉｅｓ are patched. Vulnerability-scan.", got, sizeof got, &mt,
         a);
    assert_string_equal(got, "vulnerabilit*|vulnerabilit*|");
    assert_int_equal(mt.items[0].start, 0);
    assert_int_equal(mt.items[0].end, 15);
    assert_int_equal(mt.items[1].start, 29);
    assert_int_equal(mt.items[1].end, 42);
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

/* Terms of one category share one copy of its name, even when other
 * categories come between them. */
static void test_category_shared(void **state) {
    (void)state;
    write_lexicon("CSIRT\tany\t7\t7.1\tir\t1.0\n"
                  "soc\ten\t5\t5.1\tmonitoring\t0.8\n"
                  "psirt\ten\t7\t7.1\tir\t0.9\n");
    kj_lexicon *lex;
    kj_error err = {0};
    assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_OK);
    const kj_term *csirt = kj_lexicon_term(lex, 0), *soc = kj_lexicon_term(lex, 1),
                  *psirt = kj_lexicon_term(lex, 2);
    assert_string_equal(csirt->category, "ir");
    assert_string_equal(soc->category, "monitoring");
    assert_ptr_equal(csirt->category, psirt->category);
    kj_lexicon_free(lex);
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
    /* a term Vectorscan refuses is named by its file and line too */
    write_lexicon("# figures\nCSIRT\tany\t7\t7.1\tir\t1.0\n\nre:x*\ten\t0\t-\tfigure\t0.5\n");
    assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_ERR_DATA);
    assert_non_null(strstr(err.msg, "test.tsv:4: cannot compile term 're:x*'"));
    /* a file of no terms, emptied or cut short to its comments, by its
     * name (it loaded, its terms missing without a word) */
    static const char *const empty[] = {"# nothing yet\n", "", "\n# header\n\n"};
    for (size_t i = 0; i < sizeof empty / sizeof *empty; i++) {
        write_lexicon(empty[i]);
        assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_ERR_DATA);
        assert_non_null(strstr(err.msg, "test.tsv: no terms (an empty lexicon file"));
        assert_non_null(strstr(err.msg, dir));
    }
    assert_int_equal(kj_lexicon_load("/nonexistent-kaiji", &lex, &err), KJ_ERR_DATA);
    /* the line an editor shows: blank lines and comments are counted */
    write_lexicon("# comment\n\nCSIRT\tany\t7\t7.1\tir\t1.0\n\r\nsoc\ten\t5\n");
    assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_ERR_DATA);
    assert_non_null(strstr(err.msg, "test.tsv:5:"));
    /* a damaged number column is refused, not read in part or as 0 */
    static const char *const damaged[][2] = {
        {"CSIRT\tany\t7x\t7.1\tir\t1.0\n", "item must be 0-10, got '7x'"},
        {"CSIRT\tany\tir\t-\tir\t1.0\n", "item must be 0-10, got 'ir'"},
        {"CSIRT\tany\t7\t7.1\tir\tnan\n", "weight must be 0-1, got 'nan'"},
        {"CSIRT\tany\t7\t7.1\tir\t0.5x\tnote\n", "weight must be 0-1, got '0.5x'"},
        {"CSIRT\tjp\t7\t7.1\tir\t1.0\n", "language must be ja, en or any, got 'jp'"},
        {"re:csirt\tEN\t7\t7.1\tir\t1.0\n", "language must be ja, en or any, got 'EN'"},
    };
    for (size_t i = 0; i < sizeof damaged / sizeof *damaged; i++) {
        write_lexicon(damaged[i][0]);
        assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_ERR_DATA);
        assert_non_null(strstr(err.msg, damaged[i][1]));
    }
    /* a line end of CR LF is no part of the weight */
    write_lexicon("CSIRT\tany\t7\t7.1\tir\t1.0\r\n");
    assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_OK);
    kj_lexicon_free(lex);
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
    kj_lexicon_free(b);
    /* comments and blank lines are not entries: the version (and so the model
     * trained with it) stays */
    char *edited = malloc(strlen(lex_body) + 64);
    assert_non_null(edited);
    sprintf(edited, "# another comment\n\n%s\n# the end\n", lex_body);
    write_lexicon(edited);
    free(edited);
    assert_int_equal(kj_lexicon_load(dir, &b, &err), KJ_OK);
    assert_string_equal(kj_lexicon_version(a), kj_lexicon_version(b));
    kj_lexicon_free(b);
    /* nor is a note: the same entries with "incident team" reworded */
    const char *was = "\tincident team\n";
    const char *at = strstr(lex_body, was);
    assert_non_null(at);
    edited = malloc(strlen(lex_body) + 64);
    assert_non_null(edited);
    sprintf(edited, "%.*s\tthe team that handles incidents\n%s", (int)(at - lex_body), lex_body,
            at + strlen(was));
    write_lexicon(edited);
    free(edited);
    assert_int_equal(kj_lexicon_load(dir, &b, &err), KJ_OK);
    assert_string_equal(kj_lexicon_version(a), kj_lexicon_version(b));
    kj_lexicon_free(b);
    /* a weight is part of the entry */
    write_lexicon("# comment\nCSIRT\tany\t7\t7.1\tir\t0.9\tincident team\n");
    assert_int_equal(kj_lexicon_load(dir, &b, &err), KJ_OK);
    write_lexicon("# comment\nCSIRT\tany\t7\t7.1\tir\t1.0\tincident team\n");
    kj_lexicon *c;
    assert_int_equal(kj_lexicon_load(dir, &c, &err), KJ_OK);
    assert_string_not_equal(kj_lexicon_version(b), kj_lexicon_version(c));
    kj_lexicon_free(a);
    kj_lexicon_free(b);
    kj_lexicon_free(c);
}

/* The whole of dir/lexicon.hsdb (heap, *len bytes), or NULL. */
static char *read_hsdb(size_t *len) {
    char path[128];
    snprintf(path, sizeof path, "%s/lexicon.hsdb", dir);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc(1 << 22);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 22, f);
    fclose(f);
    return buf;
}

static void write_hsdb(const char *head, const char *bytes, size_t n) {
    char path[128];
    snprintf(path, sizeof path, "%s/lexicon.hsdb", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(head, f);
    fwrite(bytes, 1, n, f);
    fclose(f);
}

/* Load the lexicon of dir; whether it came precompiled; that it matches (and, with check,
 * matches right). */
static int load_precompiled_and_match(int check) {
    kj_lexicon *lex;
    kj_error err = {0};
    assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_OK);
    int pre = kj_lexicon_precompiled(lex);
    kj_lexicon_free(lex);
    kj_arena *a = kj_arena_new();
    char got[512];
    scan("Our SOC watches; ＣＳＩＲＴ counted 98%.", got, sizeof got, NULL, a);
    if (check) assert_string_equal(got, "soc|CSIRT|re:[0-9][0-9,.]*\\s*(件|名|%)|");
    kj_arena_free(a);
    return pre;
}

static void test_precompiled(void **state) {
    (void)state;
    write_lexicon(lex_body);
    kj_lexicon *lex;
    kj_error err = {0};
    assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_OK);
    assert_false(kj_lexicon_precompiled(lex));
    assert_int_equal(kj_lexicon_save_compiled(lex, dir, &err), KJ_OK);
    kj_lexicon_free(lex);
    size_t len = 0;
    char *file = read_hsdb(&len);
    assert_non_null(file);
    /* "kaiji-hsdb3 <version> <flags> <n> <n_ja> <n_en> <n_any>\n": one regex, of lang any */
    char *nl = memchr(file, '\n', len);
    assert_non_null(nl);
    size_t hl = (size_t)(nl - file) + 1;
    char head[128];
    assert_true(hl < sizeof head);
    memcpy(head, file, hl);
    head[hl] = '\0';
    char ver[32];
    unsigned flags;
    size_t n[4];
    assert_int_equal(sscanf(head, "kaiji-hsdb3 %31s %x %zu %zu %zu %zu", ver, &flags, &n[0], &n[1],
                            &n[2], &n[3]),
                     6);
    assert_true(n[0] > 0 && n[1] == 0 && n[2] == 0 && n[3] > 0);
    assert_int_equal(hl + n[0] + n[3], len);
    /* the next load takes the precompiled databases and matches the same */
    assert_true(load_precompiled_and_match(1));
    /* a changed lexicon ignores the stale file */
    write_lexicon("soc\ten\t5\t5.1\tmonitoring\t0.8\n");
    assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_OK);
    assert_false(kj_lexicon_precompiled(lex));
    assert_int_equal(kj_lexicon_size(lex), 1);
    kj_lexicon_free(lex);
    write_lexicon(lex_body);
    /* an older kaiji's file (one database, without start of match) is ignored */
    char old[128];
    snprintf(old, sizeof old, "kaiji-hsdb %s %08x\n", ver, flags);
    write_hsdb(old, file + hl, n[0]);
    assert_false(load_precompiled_and_match(1));
    /* so is a file whose databases are cut short, swapped or damaged, or whose counts lie */
    write_hsdb(head, file + hl, len - hl - 1);
    assert_false(load_precompiled_and_match(1));
    char swapped[128];
    snprintf(swapped, sizeof swapped, "kaiji-hsdb3 %s %08x %zu 0 0 %zu\n", ver, flags, n[3], n[0]);
    char *sw = malloc(len);
    assert_non_null(sw);
    memcpy(sw, file + hl + n[0], n[3]);
    memcpy(sw + n[3], file + hl, n[0]);
    write_hsdb(swapped, sw, n[0] + n[3]);
    /* well-formed, so read and used, wrongly but safely: the scratch fits every database */
    assert_true(load_precompiled_and_match(0));
    free(sw);
    char *bad = malloc(len);
    assert_non_null(bad);
    memcpy(bad, file + hl, len - hl);
    bad[n[0] + n[3] / 2] ^= 0x55;
    write_hsdb(head, bad, len - hl);
    assert_false(load_precompiled_and_match(1));
    free(bad);
    char lie[128];
    snprintf(lie, sizeof lie, "kaiji-hsdb3 %s %08x %zu 0 %zu 0\n", ver, flags, n[0], n[3]);
    write_hsdb(lie, file + hl, len - hl);
    assert_false(load_precompiled_and_match(1));
    write_hsdb(head, "not a database", 14);
    assert_false(load_precompiled_and_match(1));
    /* and the file that was written is taken again */
    write_hsdb(head, file + hl, len - hl);
    assert_true(load_precompiled_and_match(1));
    free(file);
    char path[128];
    snprintf(path, sizeof path, "%s/lexicon.hsdb", dir);
    unlink(path);
}

/* Regexes for the start test, each with every lang (so in each start-of-match
 * database), and the figures lexicon's patterns with their own lang
 * ($KAIJI_DATA/lexicon/figures.tsv) when at hand. Some end in anchors that the
 * scan's cut after a group's last hit must not fool. */
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
    "[0-9]+$",
    "[0-9]\\b\\z",
    "^[0-9]+",
    "\\b[0-9]+ (?:years|days)\\B",
    "(?:[0-9]+$|9)",
    /* literals only (kj_term_literal): scanned as their strings */
    "(?:ab|b)c?",
    "(?:(?:a|ss)b?|x)c",
    "(?:毎年度?|年次)回?",
    "全(?:従業員|拠点)(?:の)?",
    /* a capital: a caseless regex matches the text's lower case, so it stays a regex */
    "(?:ABc|x)",
    /* groups nested deeper than kj_term_literal lists: a regex */
    "(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:ab|ss))))))))))c",
};

static uint32_t rnd_next(uint64_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return (uint32_t)(*s >> 11);
}

typedef struct {
    kj_match *h;
    size_t n, cap;
} hit_list;

static int on_som(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                  void *ctx) {
    (void)flags;
    hit_list *l = ctx;
    if (to <= from) return 0;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 256;
        l->h = realloc(l->h, l->cap * sizeof *l->h);
        assert_non_null(l->h);
    }
    l->h[l->n++] = (kj_match){id, (uint32_t)from, (uint32_t)to, 0, 0};
    return 0;
}

static int cmp_hit(const void *a, const void *b) {
    const kj_match *x = a, *y = b;
    if (x->term != y->term) return x->term < y->term ? -1 : 1;
    if (x->nstart != y->nstart) return x->nstart < y->nstart ? -1 : 1;
    return x->nend > y->nend ? -1 : x->nend < y->nend;
}

/* Sort l's hits by term and start and merge overlapping hits of a term, as scan.c does. */
static void merge_hits(hit_list *l) {
    if (!l->n) return;
    qsort(l->h, l->n, sizeof *l->h, cmp_hit);
    size_t k = 0;
    for (size_t i = 1; i < l->n; i++) {
        if (l->h[i].term == l->h[k].term && l->h[i].nstart < l->h[k].nend) {
            if (l->h[i].nend > l->h[k].nend) l->h[k].nend = l->h[i].nend;
        } else {
            l->h[++k] = l->h[i];
        }
    }
    l->n = k + 1;
}

/* Every regex of lex in one database with leftmost start of match (the
 * reference), term index as id; the caller frees it. */
static hs_database_t *reference_db(const kj_lexicon *lex) {
    const char **pats = malloc(lex->n * sizeof *pats);
    unsigned *flags = malloc(lex->n * sizeof *flags), *ids = malloc(lex->n * sizeof *ids);
    assert_true(pats && flags && ids);
    unsigned k = 0;
    for (size_t i = 0; i < lex->n; i++) {
        if (!lex->terms[i].is_regex) continue;
        pats[k] = lex->extra[i].pattern;
        flags[k] = HS_FLAG_UTF8 | HS_FLAG_CASELESS | HS_FLAG_SOM_LEFTMOST;
        ids[k++] = (unsigned)i;
    }
    hs_database_t *db = NULL;
    hs_compile_error_t *ce = NULL;
    assert_int_equal(hs_compile_multi(pats, flags, ids, k, HS_MODE_BLOCK, NULL, &db, &ce),
                     HS_SUCCESS);
    free(pats);
    free(flags);
    free(ids);
    return db;
}

static void test_regex_starts(void **state) {
    (void)state;
    static char body[1 << 16];
    static const char *const langs[] = {"ja", "en", "any"};
    body[0] = '\0';
    size_t l = 0;
    for (size_t i = 0; i < sizeof own_regexes / sizeof *own_regexes; i++)
        for (int g = 0; g < 3; g++)
            l += (size_t)snprintf(body + l, sizeof body - l, "re:%s\t%s\t0\t-\tfigure\t0.5\n",
                                  own_regexes[i], langs[g]);
    l += (size_t)snprintf(body + l, sizeof body - l,
                          "件\tja\t0\t-\tfigure\t0.5\nyears\ten\t0\t-\tfigure\t0.5\n");
    const char *data = getenv("KAIJI_DATA");
    char path[512];
    snprintf(path, sizeof path, "%s/lexicon/figures.tsv", data ? data : "data");
    FILE *f = fopen(path, "r");
    char line[1024];
    int from_file = 0;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "re:", 3) == 0 && l + strlen(line) < sizeof body) {
            memcpy(body + l, line, strlen(line) + 1);
            l += strlen(line);
            from_file++;
        }
    if (f) fclose(f);
    assert_true(from_file > 40);
    write_lexicon(body);
    kj_lexicon *lex;
    kj_error err = {0};
    assert_int_equal(kj_lexicon_load(dir, &lex, &err), KJ_OK);
    for (int g = 0; g < KJ_RX_GROUPS; g++)
        assert_non_null(lex->som_db[g]);
    /* the regexes of literals only are held as their strings, the others not */
    size_t as_strings = 0;
    for (size_t i = 0; i < lex->n; i++) {
        as_strings += lex->extra[i].literals > 0;
        if (!strcmp(lex->terms[i].term, "re:(?:ABc|x)") ||
            !strncmp(lex->terms[i].term, "re:(?:(?:(?:(?:", 15))
            assert_int_equal(lex->extra[i].literals, 0);
    }
    assert_true(as_strings >= 4 * 3);
    kj_scanner *sc;
    assert_int_equal(kj_scanner_new(lex, &sc, &err), KJ_OK);
    hs_database_t *ref = reference_db(lex);
    hs_scratch_t *scratch = NULL;
    assert_int_equal(hs_alloc_scratch(ref, &scratch), HS_SUCCESS);
    static const char *const tok[] = {"0",         "1",          "9",          ",",
                                      ".",         ".5",         " ",          "件",
                                      "名",        "%",          "万",         "千",
                                      "人",        "年",         "月",         "日",
                                      "回",        "一",         "十",         "2024",
                                      "19",        "20",         "$",          "million",
                                      "m",         "k",          "more than ", "over ",
                                      " people",   " years",     " days",      "a",
                                      "b",         "c",          "abc",        "ss",
                                      "株式会社",  "。",         "\n",         "_",
                                      "x",         "within ",    "fy",         "fiscal year ",
                                      "january ",  "15, ",       "24時間",     "毎月",
                                      "前年度",    "比",         "目標",       "kpi",
                                      "：",        "は",         "-",          "/",
                                      "employees", " employees", "percent",    "annually",
                                      "quarterly", "2,000",      "3.5",        "件以上",
                                      "毎",        "度",         "年次",       "全",
                                      "従業員",    "拠点",       "の"};
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    kj_arena *a = kj_arena_new();
    size_t hits = 0, long_ones = 0;
    hit_list want = {0}, got = {0};
    for (int it = 0; it < 4000; it++) {
        static char text[32768];
        size_t tl = 0;
        /* mostly short passages, one in eight long enough for scans past 255 bytes, one
         * in a hundred with so many regex hits that scan.c gives up finding each one's
         * start with PCRE2 and scans the start-of-match databases instead */
        int k = 1 + (int)(rnd_next(&seed) % (it % 100 == 0 ? 8000 : it % 8 == 0 ? 400 : 80));
        for (int j = 0; j < k; j++) {
            const char *t = tok[rnd_next(&seed) % (sizeof tok / sizeof *tok)];
            size_t n = strlen(t);
            if (tl + n >= sizeof text) break;
            memcpy(text + tl, t, n);
            tl += n;
        }
        text[tl] = '\0';
        kj_passage p;
        kj_matches mt;
        assert_int_equal(kj_passage_from_text(a, text, tl, KJ_LANG_AUTO, &p), KJ_OK);
        assert_int_equal(kj_match_passage(sc, &p, a, &mt, &err), KJ_OK);
        long_ones += p.norm.len > 300;
        got.n = 0;
        for (size_t i = 0; i < mt.n; i++)
            if (lex->terms[mt.items[i].term].is_regex) {
                on_som(mt.items[i].term, mt.items[i].nstart, mt.items[i].nend, 0, &got);
                got.h[got.n - 1].start = got.h[got.n - 1].end = 0;
            }
        qsort(got.h, got.n, sizeof *got.h, cmp_hit);
        want.n = 0;
        if (p.norm.len)
            assert_int_equal(
                hs_scan(ref, p.norm.text, (unsigned)p.norm.len, 0, scratch, on_som, &want),
                HS_SUCCESS);
        merge_hits(&want);
        for (size_t i = 0; i < want.n || i < got.n; i++)
            if (i >= want.n || i >= got.n || cmp_hit(&want.h[i], &got.h[i]) != 0)
                fail_msg("'%s': hit %zu: term %u at %u-%u, want term %u at %u-%u", p.norm.text, i,
                         i < got.n ? got.h[i].term : 0, i < got.n ? got.h[i].nstart : 0,
                         i < got.n ? got.h[i].nend : 0, i < want.n ? want.h[i].term : 0,
                         i < want.n ? want.h[i].nstart : 0, i < want.n ? want.h[i].nend : 0);
        hits += got.n;
        kj_arena_reset(a);
    }
    assert_true(hits > 10000);
    assert_true(long_ones > 300);
    free(want.h);
    free(got.h);
    hs_free_scratch(scratch);
    hs_free_database(ref);
    kj_arena_free(a);
    kj_scanner_free(sc);
    kj_lexicon_free(lex);
}

/* The shipped lexicon's databases over long passages with hits of every
 * group's regexes near their end, so that each start-of-match database is
 * scanned over more than 255 bytes: Vectorscan 5.4.9 aborts the process
 * ("buffer overflow detected", its rvermicelliDoubleExecReal) on such a scan
 * with some databases, such as the figures' money regex alone with start of
 * match; this fails when a lexicon change compiles into one of them. */
static void test_long_passages(void **state) {
    (void)state;
    kj_test_analyzer t;
    kj_test_analyzer_load(&t, NULL, 0);
    const kj_lexicon *lex = t.a.lex;
    kj_arena *a = kj_arena_new();
    static char text[16384];
    static const char *const tails[] = {
        "当社は2024年度に3件の訓練を実施し、従業員の95%が受講した。",
        "We trained 500 employees in 2024 and review access quarterly; 95% completed it.",
        ("年次の点検で100万円と5,000ドルの費用、前年度比10%増、$5 million, 30 days, at least once "
         "a "
         "year.")};
    /* the tails in each order after 40 sentences of filler */
    for (int k = 0; k < 3; k++) {
        size_t l = 0;
        for (int i = 0; i < 40; i++)
            l += (size_t)snprintf(text + l, sizeof text - l, "%s",
                                  i % 2 ? "当社は情報セキュリティ対策を継続的に実施しています。"
                                        : "The company keeps its security measures up to date. ");
        for (int j = 0; j < 3; j++)
            l += (size_t)snprintf(text + l, sizeof text - l, "%s", tails[(k + j) % 3]);
        kj_passage p;
        kj_matches mt;
        kj_test_passage(a, t.sc, text, KJ_LANG_AUTO, &p, &mt);
        assert_true(p.norm.len > 2000);
        uint32_t last[KJ_RX_GROUPS] = {0}; /* of each group's regex hits */
        for (size_t i = 0; i < mt.n; i++) {
            const kj_match *m = &mt.items[i];
            int g = lex->extra[m->term].group;
            if (lex->terms[m->term].is_regex && m->nend > last[g]) last[g] = m->nend;
        }
        for (int g = 0; g < KJ_RX_GROUPS; g++)
            if (lex->som_db[g]) assert_true(last[g] > 1500);
        kj_arena_reset(a);
    }
    kj_arena_free(a);
    kj_test_analyzer_free(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boundaries_and_width), cmocka_unit_test(test_regex_and_offsets),
        cmocka_unit_test(test_category_shared),      cmocka_unit_test(test_bad_lexicon),
        cmocka_unit_test(test_version_changes),      cmocka_unit_test(test_precompiled),
        cmocka_unit_test(test_regex_starts),         cmocka_unit_test(test_long_passages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
