/*
 * test_text.c - unit tests of the text stage: NFKC normalisation and its
 * offset map, language and heading detection, sentence splitting and
 * segmentation of a document into passages.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <ctype.h>
#include <string.h>

#include <cmocka.h>
#include <stdlib.h>
#include <stdio.h>
#include <unistd.h>
#include <utf8proc.h>

#include "helpers.h"
#include "kaiji/text.h"

static void norm_eq(const char *in, const char *want) {
    kj_arena *a = kj_arena_new();
    kj_norm n;
    assert_int_equal(kj_normalize(a, in, strlen(in), &n), KJ_OK);
    assert_string_equal(n.text, want);
    kj_arena_free(a);
}

static void test_normalize_width_and_case(void **state) {
    (void)state;
    norm_eq("ＣＳＩＲＴを設置", "csirtを設置");
    norm_eq("ISO/IEC　27001", "iso/iec 27001");
    norm_eq("ｾｷｭﾘﾃｨ ｶﾞｲﾄﾞ", "セキュリティ ガイド");
    norm_eq("受講率９８％", "受講率98%");
}

/* kj_fold_width: full-width ASCII made ASCII with case kept; with
 * KJ_FOLD_SPACES white space folded as the normaliser folds it, with
 * KJ_FOLD_POINTS every code point kept. */
static void test_fold_width(void **state) {
    (void)state;
    static const struct {
        const char *in;
        kj_fold_mode mode;
        const char *want;
    } cases[] = {
        {"当社のＳＯＡＲ（Ｒ＆Ｄ）", KJ_FOLD_POINTS, "当社のSOAR(R&D)"},
        {"CSIRT\u00A0\u2009 (team)\u200B.", KJ_FOLD_SPACES, "CSIRT (team)."},
        {"CSIRT\u00A0(team)", KJ_FOLD_POINTS, "CSIRT\u00A0(team)"},
        {"  lead\tand\n trail  ", KJ_FOLD_SPACES, "lead and trail"},
        {"情報セキュ\nリティ", KJ_FOLD_SPACES, "情報セキュリティ"},
        {"secu-\nrity Team", KJ_FOLD_SPACES, "security Team"},
        {"\xFF\xFEＡ", KJ_FOLD_POINTS,
         "\xFF\xFE"
         "A"},
        {"", KJ_FOLD_SPACES, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t len = strlen(cases[i].in);
        char out[64];
        size_t n = kj_fold_width(cases[i].in, len, out, cases[i].mode);
        assert_true(n <= len);
        out[n] = '\0';
        if (strcmp(out, cases[i].want) != 0)
            fail_msg("'%s' folded to '%s', want '%s'", cases[i].in, out, cases[i].want);
    }
}

static void test_normalize_kangxi_and_space(void **state) {
    (void)state;
    /* U+2F3F (Kangxi radical hand) and U+2FBC (high) as PDF text gives them */
    norm_eq("\xe2\xbc\xbf\xe9\xa0\x86\xe3\x81\xae\xe2\xbe\xbc\xe5\xba\xa6\xe5\x8c\x96",
            "手順の高度化");
    norm_eq("  a\t\n b  ", "a b");
    norm_eq("x\xe2\x80\x8by", "xy"); /* zero-width space dropped */
}

static void test_normalize_map(void **state) {
    (void)state;
    kj_arena *a = kj_arena_new();
    kj_norm n;
    const char *s = "ＡＢ　ｃ";
    assert_int_equal(kj_normalize(a, s, strlen(s), &n), KJ_OK);
    assert_string_equal(n.text, "ab c");
    assert_int_equal(n.map[0], 0);
    assert_int_equal(n.map[1], 1);
    assert_int_equal(n.map[2], 2); /* the space came from U+3000 at 2 */
    assert_int_equal(n.map[3], 3);
    assert_int_equal(n.map[n.len], 4);
    kj_arena_free(a);
}

/* Runs of kana and kanji and of printable ASCII, taken a run at a time,
 * map each byte back to its own character. */
static void test_normalize_runs(void **state) {
    (void)state;
    kj_arena *a = kj_arena_new();
    kj_norm n;
    const char *s = "情報　Security対策ｶ";
    assert_int_equal(kj_normalize(a, s, strlen(s), &n), KJ_OK);
    assert_string_equal(n.text, "情報 security対策カ");
    for (size_t b = 0; b < 6; b++)
        assert_int_equal(n.map[b], b / 3); /* 情 報 */
    assert_int_equal(n.map[6], 2);         /* the space of U+3000 */
    for (size_t b = 7; b < 15; b++)
        assert_int_equal(n.map[b], b - 4); /* s e c u r i t y */
    for (size_t b = 15; b < 21; b++)
        assert_int_equal(n.map[b], 11 + (b - 15) / 3); /* 対 策 */
    assert_int_equal(n.map[21], 13);                   /* カ of half-width ｶ */
    assert_int_equal(n.map[n.len], 14);
    kj_arena_free(a);
}

/* A character composed of several code points comes from the first, and
 * its last byte from the last, so a hit that ends with it covers them all:
 * ﾄﾞ is ド, whose bytes map to ﾄ, ﾄ and ﾞ; a lone ｶ keeps its one; Á made
 * of full-width Ａ and U+0301 ends at the accent. */
static void test_normalize_map_composed(void **state) {
    (void)state;
    kj_arena *a = kj_arena_new();
    kj_norm n;
    const char *s = "ｶﾄﾞＡ\xcc\x81x";
    assert_int_equal(kj_normalize(a, s, strlen(s), &n), KJ_OK);
    assert_string_equal(n.text, "カド\xc3\x81x");
    static const uint32_t want[] = {0, 0, 0, 1, 1, 2, 3, 4, 5};
    for (size_t b = 0; b < sizeof want / sizeof *want; b++)
        assert_int_equal(n.map[b], want[b]);
    assert_int_equal(n.map[n.len], 6);
    kj_arena_free(a);
}

/* kj_normalize of in is want, and its map is map[0..n) (n == want's bytes)
 * then the code points of in. */
static void norm_map_eq(const char *in, const char *want, const uint32_t *map, size_t n) {
    kj_arena *a = kj_arena_new();
    kj_norm out;
    assert_int_equal(kj_normalize(a, in, strlen(in), &out), KJ_OK);
    assert_string_equal(out.text, want);
    assert_int_equal(out.len, n);
    for (size_t b = 0; b < n; b++)
        if (out.map[b] != map[b])
            fail_msg("'%s' byte %zu: map %u, want %u", in, b, out.map[b], map[b]);
    assert_int_equal(out.map[n], kj_utf8_count(in, strlen(in)));
    kj_arena_free(a);
}

/* Decomposed text (NFD, as macOS writes it) comes out composed, as the
 * composed text does, though the fast paths for kana, kanji and ASCII wrote
 * the base character before the mark was seen: the voiced mark U+3099
 * after a katakana, U+309A after ハ, an acute accent after an ASCII letter
 * (after a run of 16 that the SSE step writes whole, too; a capital stays
 * a capital, as precomposed É does). The composed character maps to its
 * base, its last byte to the mark. */
static void test_normalize_decomposed(void **state) {
    (void)state;
    static const uint32_t pw[] = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6, 6, 6};
    norm_map_eq("パスワート\u3099を", "パスワードを", pw, sizeof pw / sizeof *pw);
    static const uint32_t pa[] = {0, 0, 1, 2, 2, 2, 3, 3, 3};
    norm_map_eq("ハ\u309Aス管", "パス管", pa, sizeof pa / sizeof *pa);
    static const uint32_t ca[] = {0, 1, 2, 3, 4, 5, 6, 7};
    norm_map_eq("cafe\u0301 E\u0301", "caf\u00e9 \u00c9", ca, sizeof ca / sizeof *ca);
    norm_eq("abcdefghijklmnoe\u0301x", "abcdefghijklmno\u00e9x");
    norm_eq("abcdefghijklmnopq\u0301", "abcdefghijklmnopq\u0301"); /* q has no accented form */
    norm_eq("認証\u3099", "認証\u3099"); /* a mark that composes with nothing stays */
    static const uint32_t kj[] = {0, 0, 0, 1, 1, 1};
    norm_map_eq("字\u3099", "字\u3099", kj, sizeof kj / sizeof *kj);
    /* after half-width kana, a stand-in radical, a kana already voiced */
    norm_eq("ｶ\u3099ﾊ\u309A", "ガパ");
    norm_eq("\u2ED1\u0301", "長\u0301");
    norm_eq("ガ\u3099", "ガ\u3099");
}

/* The spacing marks ゛゜ (U+309B, U+309C), as some PDF text layers give a
 * kana's marks drawn apart, make the voiced kana after a kana that has
 * that form, as a reader sees it (NFKC alone gives a space and a lone
 * mark); anywhere else they stay as NFKC gives them. */
static void test_normalize_spacing_marks(void **state) {
    (void)state;
    static const uint32_t ga[] = {0, 0, 1, 2, 2, 3, 4, 4, 5};
    norm_map_eq("カ゛ﾊ゜ほ゜", "ガパぽ", ga, sizeof ga / sizeof *ga);
    norm_eq("パスワート゛", "パスワード");
    norm_eq("字゛", "字 \u3099");     /* no kana */
    norm_eq("ア゛", "ア \u3099");     /* ア has no voiced form */
    norm_eq("ハ゛゜", "バ \u309A");   /* one mark to a kana */
    norm_eq("カ ゛", "カ \u3099");    /* after a space */
    norm_eq("「゛」", "「 \u3099」"); /* the mark named */
}

/* A mark first in the text, or after white space, has no character to
 * join: it stays as NFKC leaves it, mapped to itself. */
static void test_normalize_mark_first(void **state) {
    (void)state;
    static const uint32_t first[] = {0, 0, 0, 1, 1, 1};
    norm_map_eq("\u3099カ", "\u3099カ", first, sizeof first / sizeof *first);
    static const uint32_t acute[] = {0, 0, 1};
    norm_map_eq("\u0301a", "\u0301a", acute, sizeof acute / sizeof *acute);
    static const uint32_t spaced[] = {0, 1, 2, 2, 2, 3};
    norm_map_eq("a \u3099b", "a \u3099b", spaced, sizeof spaced / sizeof *spaced);
    norm_eq("\u200B\u0301", "\u0301"); /* after a dropped character */
}

/* A long run of marks after a character (more than a cluster holds): the
 * text is NFKC's, and the map never goes back and ends at the text's end. */
static void test_normalize_long_marks(void **state) {
    (void)state;
    kj_arena *a = kj_arena_new();
    char in[256];
    size_t n = 0;
    memcpy(in, "ア", 3);
    n = 3;
    in[n++] = 'e';
    for (int i = 0; i < 40; i++) {
        memcpy(in + n, i % 2 ? "\u0301" : "\u0308", 2);
        n += 2;
    }
    memcpy(in + n, "ト\u3099", 7);
    n += 6;
    in[n] = '\0';
    char *want = (char *)utf8proc_NFKC((const utf8proc_uint8_t *)in);
    assert_non_null(want);
    kj_norm out;
    assert_int_equal(kj_normalize(a, in, n, &out), KJ_OK);
    assert_string_equal(out.text, want);
    for (size_t b = 1; b <= out.len; b++)
        assert_true(out.map[b - 1] <= out.map[b]);
    assert_int_equal(out.map[out.len], 1 + 1 + 40 + 2);
    assert_int_equal(out.map[out.len - 1], 1 + 1 + 40 + 1); /* ド ends at its mark */
    free(want);
    kj_arena_free(a);
}

/* Random mixes of ASCII letters, kana (full- and half-width), kanji and
 * marks (combining and spacing, in runs, first in the text): the text is
 * NFKC's, but for ゛゜ after a kana that takes them, which read as its
 * voiced form; the map never goes back and ends at the text's end. */
static void test_normalize_marks_random(void **state) {
    (void)state;
    static const char *const piece[] = {"a",      "e",      "Q",  "カ", "は",     "ア",
                                        "ｶ",      "ﾊ",      "字", "ー", "\u3099", "\u309A",
                                        "\u0301", "\u0323", "ﾞ",  "゛", "゜"};
    kj_arena *a = kj_arena_new();
    uint32_t seed = 777;
    for (int round = 0; round < 3000; round++) {
        char in[128];
        size_t n = 0, pieces = (size_t)(round % 24);
        for (size_t k = 0; k < pieces; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = piece[(seed >> 16) % (sizeof piece / sizeof *piece)];
            memcpy(in + n, p, strlen(p));
            n += strlen(p);
        }
        in[n] = '\0';
        /* the reference: ゛゜ after a kana with that form made combining */
        char ref[128];
        size_t rn = 0;
        int32_t prev = -1;
        for (size_t i = 0; i < n;) {
            int32_t cp;
            size_t k = kj_utf8_decode(in + i, n - i, &cp);
            int32_t c = cp;
            if ((cp == 0x309B || cp == 0x309C) && prev >= 0) {
                utf8proc_int32_t d[4];
                int bc = 0;
                if (utf8proc_decompose_char(prev, d, 4, UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE,
                                            &bc) == 1) {
                    d[1] = cp - 2;
                    if (utf8proc_normalize_utf32(d, 2, UTF8PROC_COMPOSE) == 1) c = cp - 2;
                }
            }
            rn += kj_utf8_encode(c, ref + rn);
            prev = cp;
            i += k;
        }
        ref[rn] = '\0';
        char *want = (char *)utf8proc_NFKC((const utf8proc_uint8_t *)ref);
        assert_non_null(want);
        /* kaiji lower-cases ASCII only, and folds NFKC's spaces (of a lone
         * ゛) into runs: compare with the same done to the reference */
        for (char *q = want; *q; q++)
            if (*q >= 'A' && *q <= 'Z') *q += 32;
        kj_norm out;
        assert_int_equal(kj_normalize(a, in, n, &out), KJ_OK);
        char *w = want, *o = want;
        for (; *w; w++)
            if (!(*w == ' ' && (o == want || o[-1] == ' '))) *o++ = *w;
        if (o > want && o[-1] == ' ') o--;
        *o = '\0';
        if (strcmp(out.text, want) != 0) fail_msg("'%s': '%s', want '%s'", in, out.text, want);
        for (size_t b = 1; b <= out.len; b++)
            assert_true(out.map[b - 1] <= out.map[b]);
        assert_int_equal(out.map[out.len], kj_utf8_count(in, n));
        free(want);
    }
    kj_arena_free(a);
}

/* The characters on either side of the edges of kj_normalize's fast path
 * for kana and kanji (the CJK marks and kana block, the first and last
 * unified ideographs) come out as NFKC gives them, each inside a run of
 * kanji: whether the fast path takes a character or not, it must not
 * change what it becomes. Characters NFKC turns into a space are left
 * out (spaces are collapsed); combining marks stay, after 字. */
static void test_normalize_fast_path_edges(void **state) {
    (void)state;
    static const int32_t ranges[][2] = {{0x3000, 0x3100}, {0x4DF0, 0x4E10}, {0x9FF0, 0xA010}};
    kj_arena *a = kj_arena_new();
    int checked = 0;
    for (size_t r = 0; r < sizeof ranges / sizeof *ranges; r++)
        for (int32_t cp = ranges[r][0]; cp < ranges[r][1]; cp++) {
            char in[16];
            size_t n = 0;
            memcpy(in, "字", 3);
            n = 3 + (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)in + 3);
            memcpy(in + n, "字", 4);
            char *want = (char *)utf8proc_NFKC((const utf8proc_uint8_t *)in);
            assert_non_null(want);
            if (!strchr(want, ' ')) {
                kj_norm out;
                assert_int_equal(kj_normalize(a, in, strlen(in), &out), KJ_OK);
                if (strcmp(out.text, want) != 0)
                    fail_msg("U+%04X: '%s', NFKC '%s'", cp, out.text, want);
                checked++;
            }
            free(want);
        }
    assert_true(checked > 250);
    kj_arena_free(a);
}

/* A line break kept inside a word, as PDF text extraction leaves a wrap
 * (the evaluation's passages keep them), joins the word, so the lexicon
 * still finds the term; between English words it is a space. */
static void test_normalize_line_break_joins(void **state) {
    (void)state;
    kj_arena *a = kj_arena_new();
    kj_norm n;
    const char *s = "情報セキュ\nリティ\r\n方針";
    assert_int_equal(kj_normalize(a, s, strlen(s), &n), KJ_OK);
    assert_string_equal(n.text, "情報セキュリティ方針");
    assert_int_equal(n.map[15], 6); /* リ, after the line break */
    assert_int_equal(n.map[n.len], 13);
    /* as the readers join wrapped lines (kj_line_break): between English
     * words a space, beside Japanese nothing (a wrap there is no space: 年1
     * and 回 are 年1回), a word broken with a hyphen whole, a line break
     * after spaces as the spaces are; tabs are spaces */
    s = "The\r\nBoard's secu-\nrity\tteam\nISO\n認証\nCSIRT 情報 \n 管理 年1\n回";
    assert_int_equal(kj_normalize(a, s, strlen(s), &n), KJ_OK);
    assert_string_equal(n.text, "the board's security team iso認証csirt 情報管理 年1回");
    assert_int_equal(n.map[3], 3);   /* the space: the wrap's \r */
    assert_int_equal(n.map[16], 19); /* r of "rity" after the hyphen */
    /* but a table of contents' page number ends its entry */
    s = "情報セキュリティ教育……8\n復旧体制 12\n連携";
    assert_int_equal(kj_normalize(a, s, strlen(s), &n), KJ_OK);
    assert_string_equal(n.text, "情報セキュリティ教育......8 復旧体制 12 連携");
    /* a hyphen that joins capitals or digits stays, with no space: names
     * and numbers; one after a space is a dash */
    s = "ACME-\nCERT, Wi-\nFi, COVID-\n19, 2019-\n2020, e-\nmail, A -\nB";
    assert_int_equal(kj_normalize(a, s, strlen(s), &n), KJ_OK);
    assert_string_equal(n.text, "acme-cert, wi-fi, covid-19, 2019-2020, email, a - b");
    /* the Unicode hyphens match as ASCII's: multi-factor, e-mail, and a word
     * broken with one is whole */
    s = "multi\u2011factor e\u2010mail secu\u2010\nrity";
    assert_int_equal(kj_normalize(a, s, strlen(s), &n), KJ_OK);
    assert_string_equal(n.text, "multi-factor e-mail security");
    /* a compound cut at its own hyphen keeps it where the text itself
     * writes it so, as the readers keep it (kj_hyphens): state-sponsored,
     * and end-to-end by the rule; the kept hyphen maps to itself */
    s = "Attacks by state-\nsponsored groups; state-sponsored actors, end-to-\nend.";
    assert_int_equal(kj_normalize(a, s, strlen(s), &n), KJ_OK);
    assert_string_equal(n.text,
                        "attacks by state-sponsored groups; state-sponsored actors, end-to-end.");
    assert_int_equal(n.map[16], 16); /* the hyphen of state- */
    assert_int_equal(n.map[17], 18); /* s of sponsored, after the wrap */
    s = "Whole words: secu-\nrity, a state-\nment.";
    assert_int_equal(kj_normalize(a, s, strlen(s), &n), KJ_OK);
    assert_string_equal(n.text, "whole words: security, a statement.");
    kj_arena_free(a);
}

/* ASCII as kj_normalize must give it, one byte at a time: printable bytes
 * lower-cased, each run of white space one space mapped to where the run
 * began (none at the start or end) except that a run holding a line break
 * (\n \v \f \r) after a hyphen that follows a letter, and before a small
 * letter, takes the hyphen away and writes nothing, and one after a hyphen
 * that follows a letter or digit, before a capital or digit, writes
 * nothing; other controls and DEL dropped. (A compound that the text also
 * writes with its hyphen keeps it, kj_hyphens; these random words never
 * make one.) */
static size_t ascii_norm_ref(const char *s, size_t len, char *out, uint32_t *map) {
    size_t n = 0, space_at = 0;
    int pending = 0, line_break = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            if (n == 0) continue;
            if (!pending) space_at = i;
            pending = 1;
            line_break |= c != ' ' && c != '\t';
        } else if (c > 0x20 && c < 0x7F) {
            if (pending && line_break && n >= 2 && out[n - 1] == '-' &&
                isalpha((unsigned char)out[n - 2]) && c >= 'a' && c <= 'z') {
                n--;
                pending = 0;
            }
            if (pending && line_break && n >= 2 && out[n - 1] == '-' &&
                isalnum((unsigned char)out[n - 2]) && (isupper(c) || isdigit(c)))
                pending = 0;
            if (pending) {
                out[n] = ' ';
                map[n++] = (uint32_t)space_at;
            }
            pending = line_break = 0;
            out[n] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            map[n++] = (uint32_t)i;
        }
    }
    return n;
}

/* Random ASCII (letters of both cases, digits, punctuation, single and
 * repeated spaces, tabs, line ends, controls, DEL), at every alignment of
 * kj_normalize's 16-byte steps: text and map as the byte-at-a-time rule
 * gives them. */
static void test_normalize_ascii_random(void **state) {
    (void)state;
    static const char alphabet[] = "aZq9.-/ \t\n\r\x01\x7f  Ee";
    kj_arena *a = kj_arena_new();
    uint32_t seed = 12345;
    char in[96], want[96];
    uint32_t want_map[96];
    for (int round = 0; round < 4000; round++) {
        size_t len = (size_t)(round % 90);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            /* mostly letters, so that long runs without spaces occur too */
            in[i] = (seed >> 16) % 4 ? (char)('a' + (seed >> 20) % 26 - ((seed >> 8) & 32))
                                     : alphabet[(seed >> 20) % (sizeof alphabet - 1)];
        }
        kj_norm n;
        assert_int_equal(kj_normalize(a, in, len, &n), KJ_OK);
        size_t wn = ascii_norm_ref(in, len, want, want_map);
        assert_int_equal(n.len, wn);
        assert_memory_equal(n.text, want, wn);
        for (size_t i = 0; i < wn; i++)
            assert_int_equal(n.map[i], want_map[i]);
        assert_int_equal(n.map[n.len], len);
    }
    kj_arena_free(a);
}

static void test_normalize_invalid_utf8(void **state) {
    (void)state;
    kj_arena *a = kj_arena_new();
    kj_norm n;
    const char bad[] = {'a', (char)0xff, (char)0xc3, 'b', 0};
    assert_int_equal(kj_normalize(a, bad, 4, &n), KJ_OK);
    assert_true(kj_utf8_valid(n.text, n.len));
    kj_arena_free(a);
}

/* kj_fold_radicals copies what lies between stand-ins whole: on random
 * mixes of stand-ins, characters that share their first byte, ASCII, kana,
 * kanji, cut and invalid sequences, the result is each piece folded alone. */
static void test_fold_radicals_mixed(void **state) {
    (void)state;
    static const struct {
        const char *in, *out;
    } piece[] = {
        {"abc ", "abc "},
        {"情報", "情報"},
        {"\xe2\xbd\xb0", "示"},           /* U+2F70 radical spirit */
        {"\xe2\xbb\x91", "長"},           /* U+2ED1, kaiji's own table */
        {"\xe2\x80\xa7", "・"},           /* U+2027 hyphenation point */
        {"\xe2\x80\x94", "\xe2\x80\x94"}, /* em dash: E2, no stand-in */
        {"\xe2\xbd", "\xe2\xbd"},         /* cut short */
        {"\xff", "\xff"},
        {"ロボット", "ロボット"},
    };
    const size_t np = sizeof piece / sizeof *piece;
    kj_arena *a = kj_arena_new();
    unsigned seed = 7;
    for (int t = 0; t < 2000; t++) {
        kj_buf in = KJ_BUF_INIT, want = KJ_BUF_INIT;
        int n = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 40;
        for (int k = 0; k < n; k++) {
            size_t i = ((seed = seed * 1103515245u + 12345u) >> 16) % np;
            kj_buf_puts(&in, piece[i].in);
            kj_buf_puts(&want, piece[i].out);
        }
        size_t len;
        char *out = kj_fold_radicals(a, in.data ? in.data : "", in.len, &len);
        assert_non_null(out);
        assert_int_equal(len, want.len);
        assert_memory_equal(out, want.data ? want.data : "", len);
        assert_int_equal(out[len], 0);
        kj_buf_free(&in);
        kj_buf_free(&want);
    }
    kj_arena_free(a);
}

static void test_fold_radicals(void **state) {
    (void)state;
    kj_arena *a = kj_arena_new();
    size_t n;
    /* U+2F45 (Kangxi radical square) and U+2F70 (radical spirit) as PDF text gives them */
    const char *in = "情報開\xe2\xbd\xb0の\xe2\xbd\x85針 ＡＢＣ Mixed";
    char *out = kj_fold_radicals(a, in, strlen(in), &n);
    assert_string_equal(out, "情報開示の方針 ＡＢＣ Mixed");
    assert_int_equal(n, strlen(out));
    /* U+2ED1 (radical long one) has no NFKC mapping: folded by kaiji's table */
    out = kj_fold_radicals(a, "\xe2\xbb\x91\xe6\x9c\x9f", 6, &n);
    assert_string_equal(out, "長期");
    kj_norm nm;
    assert_int_equal(kj_normalize(a, "\xe2\xbb\x91\xe6\x9c\x9f", 6, &nm), KJ_OK);
    assert_string_equal(nm.text, "長期");
    /* U+2027 HYPHENATION POINT, which Japanese PDFs give for the middle dot */
    out = kj_fold_radicals(a, "FA\xe2\x80\xa7ロボット", 17, &n);
    assert_string_equal(out, "FA・ロボット");
    assert_int_equal(kj_normalize(a, "FA\xe2\x80\xa7ロボット", 17, &nm), KJ_OK);
    assert_string_equal(nm.text, "fa・ロボット");
    kj_arena_free(a);
}

static void test_detect_lang(void **state) {
    (void)state;
    const char *ja = "当社はCSIRTを設置し、インシデントに備えています。";
    const char *en = "We maintain an incident response plan overseen by our CISO.";
    assert_int_equal(kj_detect_lang(ja, strlen(ja)), KJ_LANG_JA);
    assert_int_equal(kj_detect_lang(en, strlen(en)), KJ_LANG_EN);
    /* two CJK characters weigh as eight Latin letters; runs of 16 ASCII
     * bytes or more are counted a block at a time, either case, no
     * punctuation or digits */
    const char *tie = "日本 AbCd[efG@h 0123456789`{}";
    const char *over = "日本 AbCd[efG@h 0123456789`{}z";
    assert_int_equal(kj_detect_lang(tie, strlen(tie)), KJ_LANG_JA);
    assert_int_equal(kj_detect_lang(over, strlen(over)), KJ_LANG_EN);
    assert_int_equal(kj_lang_parse("ja"), KJ_LANG_JA);
    assert_int_equal(kj_lang_parse("xx"), -1);
    /* an English sentence naming a Japanese company: no hiragana, and its
     * lower-case letters outweigh the kanji; Japanese with hiragana, and a
     * Japanese heading whose Latin letters are capitals, stay Japanese */
    const char *named = "Our subsidiary 山田精密工業株式会社 holds ISO/IEC 27001 certification.";
    const char *ja_named = "山田精密工業株式会社はISO/IEC 27001 certificationを取得しています。";
    const char *ja_heading = "NIST CSF準拠のセキュリティ管理体制";
    assert_int_equal(kj_detect_lang(named, strlen(named)), KJ_LANG_EN);
    assert_int_equal(kj_detect_lang(ja_named, strlen(ja_named)), KJ_LANG_JA);
    assert_int_equal(kj_detect_lang(ja_heading, strlen(ja_heading)), KJ_LANG_JA);
    /* the voiced mark of decomposed katakana (ダ as タ and U+3099, ズ as
     * ス and U+3099) is no hiragana: the company name stays a name */
    const char *nfd_named = "Our unit \u30e4\u30de\u30bf\u3099\u30b7\u30b9\u30c6\u30e0\u30b9\u3099 "
                            "reported it.";
    assert_int_equal(kj_detect_lang(nfd_named, strlen(nfd_named)), KJ_LANG_EN);
}

/* Language lists (kaiji train --whole, a model's passage_only line): each
 * item ja or en, one separator between items, nothing else. */
static void test_lang_list(void **state) {
    (void)state;
    static const struct {
        const char *s;
        char sep;
        int ok, ja, en;
    } cases[] = {
        {"ja,en", ',', 1, 1, 1},  {"en", ',', 1, 0, 1},     {"ja en", ' ', 1, 1, 1},
        {"", ',', 1, 0, 0},       {"ja,", ',', 0, 0, 0},    {",en", ',', 0, 0, 0},
        {"ja,,en", ',', 0, 0, 0}, {"ja  en", ' ', 0, 0, 0}, {"ja en", ',', 0, 0, 0},
        {"auto", ',', 0, 0, 0},   {"fr", ',', 0, 0, 0},     {"jaen", ',', 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int langs[2] = {0, 0};
        int ok = kj_lang_list_parse(cases[i].s, cases[i].sep, langs);
        if (ok != cases[i].ok || (ok && (langs[0] != cases[i].ja || langs[1] != cases[i].en)))
            fail_msg("\"%s\": got %d (ja %d, en %d)", cases[i].s, ok, langs[0], langs[1]);
    }
}

/* kj_detect_lang stops once the runs of hiragana outnumber the text's
 * spaces (an English grammar word needs one after it) and otherwise counts
 * every character; on random mixes of kanji, kana, Latin letters, spaces
 * and other bytes without a grammar word (x, not a, is the lone letter) it
 * gives what counting every character gives: Japanese with any hiragana,
 * else by weight (each kana or kanji four letters, unless no hiragana and
 * twice as many lower-case letters, twelve or more). */
static void test_detect_lang_stops_early_exactly(void **state) {
    (void)state;
    static const char *const parts[] = {"漢", "カ", "x", "Z", " ", "7", "。", "abcdefghijklmnop",
                                        "か"};
    uint32_t rng = 12345;
    for (int round = 0; round < 2000; round++) {
        char text[512];
        size_t len = 0, cjk = 0, latin = 0, lower = 0;
        int hira = 0, n = (int)(rng % 40);
        for (int k = 0; k < n; k++) {
            rng = rng * 1103515245u + 12345u;
            /* hiragana only in even rounds, so that the lower-case rule
             * of texts without it (english_named) is met often */
            int pick = (int)((rng >> 16) % (round % 2 ? 8 : 9));
            const char *p = parts[pick];
            size_t pl = strlen(p);
            memcpy(text + len, p, pl);
            len += pl;
            cjk += pick < 2 || pick == 8;
            hira |= pick == 8;
            latin += pick == 2 || pick == 3 ? 1 : pick == 7 ? 16 : 0;
            lower += pick == 2 ? 1 : pick == 7 ? 16 : 0;
        }
        int english_named = !hira && lower >= 12 && lower >= 2 * cjk;
        kj_lang want =
            hira || (cjk * 4 >= latin && cjk > 0 && !english_named) ? KJ_LANG_JA : KJ_LANG_EN;
        if (kj_detect_lang(text, len) != want)
            fail_msg("round %d: %zu CJK, %zu Latin: wrong language", round, cjk, latin);
    }
    /* the end turns the answer round: four kana and kanji after sixteen
     * letters tie (Japanese), one kanji before eight letters is outweighed
     * (English); six kanji tie with 24 letters, English once twelve of them
     * are lower-case (and there is no hiragana), Japanese with eleven */
    const char *late_ja = "abcdefghijklmnop漢漢漢か", *early_cjk = "漢abcdefgh";
    const char *late_lower = "漢漢漢漢漢漢ABCDEFGHIJKLabcdefghijkl";
    const char *late_upper = "漢漢漢漢漢漢ABCDEFGHIJKLMabcdefghijk";
    assert_int_equal(kj_detect_lang(late_ja, strlen(late_ja)), KJ_LANG_JA);
    assert_int_equal(kj_detect_lang(early_cjk, strlen(early_cjk)), KJ_LANG_EN);
    assert_int_equal(kj_detect_lang(late_lower, strlen(late_lower)), KJ_LANG_EN);
    assert_int_equal(kj_detect_lang(late_upper, strlen(late_upper)), KJ_LANG_JA);
    /* two runs of hiragana, then grammar words at the end: three outvote
     * them (English), two tie and leave it to the weight (Japanese) */
    const char *late_words = "当社は運用を and we use the tools ";
    const char *tied_words = "当社は運用を and we use tools ";
    assert_int_equal(kj_detect_lang(late_words, strlen(late_words)), KJ_LANG_EN);
    assert_int_equal(kj_detect_lang(tied_words, strlen(tied_words)), KJ_LANG_JA);
}

/* The words that carry a text's grammar tell its language, not the
 * weight of its scripts: runs of hiragana (Japanese particles and
 * endings) against English grammar words (articles, prepositions,
 * pronouns, auxiliaries) between spaces. An English sentence naming a
 * Japanese company, even one with hiragana in its name, is English; a
 * Japanese sentence full of English names, acronyms and addresses is
 * Japanese. All names are made up. */
static void test_detect_lang_by_grammar(void **state) {
    (void)state;
    static const struct {
        kj_lang want;
        const char *text;
    } cases[] = {
        {KJ_LANG_EN, "Our subsidiary 株式会社サンプル工業 operates the SOC for the group."},
        {KJ_LANG_EN, "Its SOC is run by 東京サンプル情報システム株式会社."},
        {KJ_LANG_EN, "We acquired さくらネット株式会社 in May."},
        {KJ_LANG_EN, "The CISO of 北海道みらい電機株式会社 chairs the committee."},
        {KJ_LANG_EN, "Employees of 株式会社あおば商事 and 株式会社つばさ物流 take part in drills."},
        {KJ_LANG_EN, "See 有価証券報告書 for details."},
        {KJ_LANG_EN, "The policy is called セキュリティポリシー."},
        {KJ_LANG_EN, "A policy titled 情報セキュリティに関する基本方針 was adopted in April."},
        {KJ_LANG_JA, "当社はISO/IEC 27001、NIST CSF 2.0に基づきSOCとCSIRTを運用しています。"},
        {KJ_LANG_JA, "SOC（Security Operation Center）とCSIRT（Computer Security Incident "
                     "Response Team）を設置しています。"},
        {KJ_LANG_JA,
         "米国のNIST Framework for Improving Critical Infrastructureを参照しています。"},
        {KJ_LANG_JA, "本報告書はthe Board of Directorsの承認を得ています。"},
        {KJ_LANG_JA,
         "当社は、Security Operation Center as a Serviceを提供する会社と契約しています。"},
        {KJ_LANG_JA, "詳細はhttps://www.example.co.jp/security/policy/index.htmlをご覧ください。"},
        {KJ_LANG_JA,
         "参考：https://www.example.jp/a/b/c?id=1, https://www.example.com/en/security/"},
        {KJ_LANG_JA, "SAMPLE ROBOTICS EUROPE GmbHを子会社化"},
        {KJ_LANG_JA, "（a）当社は基本方針を定めています。（b）当社はCSIRTを設置しています。"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (kj_detect_lang(cases[i].text, strlen(cases[i].text)) != cases[i].want)
            fail_msg("\"%s\": not %s", cases[i].text, kj_lang_name(cases[i].want));
}

/* A gloss in brackets or a quotation in the other script does not decide
 * a passage's language: the grammar outside them does ("The committee
 * (…に関する委員会) meets monthly." is English, a Japanese sentence quoting
 * an English motto Japanese); with no grammar outside them the whole text
 * decides, as before. A small word between words of a name ("Bank of the
 * West") is none of an English sentence's grammar either. All names and
 * texts are made up. */
static void test_detect_lang_asides(void **state) {
    (void)state;
    static const struct {
        kj_lang want;
        const char *text;
    } cases[] = {
        {KJ_LANG_EN, "Our Security Operations Center (セキュリティ運用センター) watches alerts "
                     "around the clock."},
        {KJ_LANG_EN, "The committee (情報セキュリティに関する委員会) meets every month."},
        {KJ_LANG_EN, "Staff take a short course called 「情報を守るための基礎」 each spring."},
        {KJ_LANG_EN, "Drills are held twice a year （年に二回の訓練を行っています）."},
        {KJ_LANG_EN, "The unit is known as \"あおばの見守り班\" in the group."},
        {KJ_LANG_JA, "当社は、英国の子会社が掲げる「Protect what matters to the people we serve "
                     "and to the places in which we work」という方針を採用しています。"},
        {KJ_LANG_JA, "当社は“We keep the data of our customers safe at all times”を行動指針と"
                     "しています。"},
        {KJ_LANG_JA, "海外拠点では（as required by the laws of the country in which the site "
                     "is located）現地の規制に従います。"},
        {KJ_LANG_JA, "Bank of the Westと提携"},
        {KJ_LANG_JA, "Department of the Interiorの指針"},
        /* nothing outside the brackets tells: the whole text decides */
        {KJ_LANG_JA, "「情報を守るための基礎」"},
        {KJ_LANG_EN, "(see the note on the data of the partners)"},
        /* brackets that do not close hide nothing */
        {KJ_LANG_JA, "The committee (情報セキュリティに関する委員会の運営について"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (kj_detect_lang(cases[i].text, strlen(cases[i].text)) != cases[i].want)
            fail_msg("\"%s\": not %s", cases[i].text, kj_lang_name(cases[i].want));
}

/* The search for asides' ends reads a text a few times over at most
 * (lang.c's KJ_ASIDE_READS): a text opening thousands of brackets that
 * never close took KJ_ASIDE_MAX reads a bracket (minutes for some
 * megabytes); past that budget no aside is found and the whole text
 * decides, so the Japanese in brackets after them counts. Asides that
 * close cost only their length: after thousands of them a gloss is still
 * an aside. The texts are made up. */
static void test_detect_lang_aside_budget(void **state) {
    (void)state;
    static const char tail[] = " we hold the drill (年に一度、全ての部署で訓練を行い、その結果を"
                               "取締役会に報告しています) at the plant.";
    kj_buf b = KJ_BUF_INIT;
    for (int i = 0; i < 5000; i++)
        assert_int_equal(kj_buf_append(&b, "(", 1), KJ_OK);
    assert_int_equal(kj_buf_append(&b, tail, strlen(tail)), KJ_OK);
    assert_int_equal(kj_detect_lang(b.data, b.len), KJ_LANG_JA);
    /* the tail alone: its gloss an aside, the English around it decides */
    assert_int_equal(kj_detect_lang(tail + 1, strlen(tail + 1)), KJ_LANG_EN);
    b.len = 0;
    for (int i = 0; i < 5000; i++)
        assert_int_equal(kj_buf_append(&b, "(x) ", 4), KJ_OK);
    assert_int_equal(kj_buf_append(&b, tail, strlen(tail)), KJ_OK);
    assert_int_equal(kj_detect_lang(b.data, b.len), KJ_LANG_EN);
    kj_buf_free(&b);
}

/* A table cell that is a row's data, not a name for what follows it: a
 * date, an amount, an address, a company named by its legal form, a
 * place; a risk's name is none, nor a phrase that names a company inside
 * it, nor a year alone. All names and places are made up. */
static void test_table_data_cell(void **state) {
    (void)state;
    static const char *const data[] = {
        "1979年４月", "２００７年１０月～期間の定めなし（日本）", "2012.08より", "2016/3",
        "March 3, 2024", "株式 1,234,500", "2 ,345,600", "東京都架空区本町1－２－３",
        "大阪府架空市北区２丁目11番３号", "架空県架空郡架空村", "東京都架空区",
        "つばさ信託銀行株式会社（口座）", "㈱あおば製作所", "あおば精工㈱、つばさ電機㈱、",
        "株式会社みどり商事", "Aoba Precision Inc.", "AOBA TRADING CORPORATION",
        "Tsubasa Europe GmbH", "Midori Holdings Ltd. (英国)", "Aoba Nordic AB", "Tsubasa Pharma AG",
        "Midori Chemicals SE", "Aoba Italia S.p.A.", "Tsubasa Benelux B.V.", "アオバ・ファーマ社",
        "ドイツ　架空州", "韓国　架空南道",
        /* countries and regions, alone or listed */
        "日本、米国、フランス、シンガポール", "(スウェーデン)", "アメリカ合衆国", "United Kingdom",
        "Switzerland", "北米・欧州・アジア", "欧州他", "Japan and the Netherlands"};
    static const char *const names[] = {
        "情報セキュリティに関するリスク", "① 情報漏えいリスク",
        "12.　情報セキュリティに関連するリスク", "新型コロナウイルス感染症（COVID-19）",
        "2030年に向けた取り組み", "物流の2024年問題", "ISO/IEC 27001の認証",
        "①　あおば㈱に対する技術の許諾", "Incident Response", "Incorporated Services", "風評・報道",
        "為替変動", "中期経営計画（2019－2021）", "子会社の管理",
        /* a short mark of a legal form that does not close a name */
        "SEの育成", "AG Series", "技術者 SE", "Support for SE",
        /* a country in a name, or beside one */
        "中国市場の減速", "米国の通商政策", "Europe Data Rules", "日本、米国の規制強化"};
    for (size_t i = 0; i < sizeof data / sizeof *data; i++)
        if (!kj_table_data_cell(data[i], strlen(data[i]))) fail_msg("not data: %s", data[i]);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (kj_table_data_cell(names[i], strlen(names[i]))) fail_msg("data: %s", names[i]);
}

/* Short lines that note something beside them, not what follows: a
 * table's unit, a date alone, a total, a figure with its unit, a
 * signature, a continued page; and headings that look like some of them
 * but name what follows. All text made up. */
static void test_annotation_line(void **state) {
    (void)state;
    static const struct {
        const char *text;
        kj_annotation kind;
    } lines[] = {
        {"（単位：百万円）", KJ_ANNOT_UNIT},
        {"(単位：千円）", KJ_ANNOT_UNIT},
        {"（単位:億円）", KJ_ANNOT_UNIT},
        {"単位：千株", KJ_ANNOT_UNIT},
        {"（単位：千契約）", KJ_ANNOT_UNIT},
        {"（単位：億円）（注記は末尾）", KJ_ANNOT_UNIT},
        {"（単位：百万円）　前期　当期", KJ_ANNOT_UNIT},
        {"（億円）", KJ_ANNOT_UNIT},
        {"（百万米ドル）", KJ_ANNOT_UNIT},
        {"（百万円・％）", KJ_ANNOT_UNIT},
        {"（千台）", KJ_ANNOT_UNIT},
        {"千ユーロ", KJ_ANNOT_UNIT},
        {"(In millions)", KJ_ANNOT_UNIT},
        {"(in millions of yen)", KJ_ANNOT_UNIT},
        {"(Millions of U.S. dollars)", KJ_ANNOT_UNIT},
        {"(Dollars in Millions)", KJ_ANNOT_UNIT},
        {"($ in thousands)", KJ_ANNOT_UNIT},
        {"(In millions, except per share data)", KJ_ANNOT_UNIT},
        {"Millions", KJ_ANNOT_UNIT},
        {"4,210 (単位：百万円)", KJ_ANNOT_UNIT},
        {"2024年６月30日", KJ_ANNOT_DATE},
        {"２０２３年４月", KJ_ANNOT_DATE},
        {"2025年3月31日現在", KJ_ANNOT_DATE},
        {"（2024年３月31日）", KJ_ANNOT_DATE},
        {"令和６年５月", KJ_ANNOT_DATE},
        {"平成元年４月１日", KJ_ANNOT_DATE},
        {"令和 ５ 年 １２ 月 末", KJ_ANNOT_DATE},
        {"令和123年4月", KJ_ANNOT_NONE},   /* an era's year has one or two digits */
        {"20245年3月", KJ_ANNOT_NONE},     /* a western one four */
        {"2024年3月123日", KJ_ANNOT_NONE}, /* a day one or two */
        {"March 3, 2025", KJ_ANNOT_DATE},
        {"FEBRUARY 14, 2024", KJ_ANNOT_DATE},
        {"As of Dec. 31, 2024", KJ_ANNOT_DATE},
        {"7 June 2023", KJ_ANNOT_DATE},
        {"計", KJ_ANNOT_TOTAL},
        {"合計", KJ_ANNOT_TOTAL},
        {"Total", KJ_ANNOT_TOTAL},
        {"12,345百万円", KJ_ANNOT_FIGURE},
        {"△1.5億円", KJ_ANNOT_FIGURE},
        {"1,200人", KJ_ANNOT_FIGURE},
        {"1兆2,345億67百万円", KJ_ANNOT_FIGURE},
        {"＝23億５百万円", KJ_ANNOT_FIGURE},
        {"27百万円 14百万円", KJ_ANNOT_FIGURE},
        {"3,456百万円2,789百万円", KJ_ANNOT_FIGURE},
        {"$2.4 billion", KJ_ANNOT_FIGURE},
        {"N/A", KJ_ANNOT_FIGURE},
        {"該当なし", KJ_ANNOT_FIGURE},
        {"/s/ Jane Q. Example", KJ_ANNOT_SIGNATURE},
        {"(Continued)", KJ_ANNOT_CONTINUED},
        {"- continued", KJ_ANNOT_CONTINUED},
        {"（続き）", KJ_ANNOT_CONTINUED},
        {"前頁からの続き", KJ_ANNOT_CONTINUED},
        /* headings, though some look alike */
        {"（セグメントの業績）（単位：百万円）", KJ_ANNOT_NONE},
        {"キャッシュ・フローの推移（単位：億円）", KJ_ANNOT_NONE},
        {"単位株制度の見直し", KJ_ANNOT_NONE},
        {"（株）", KJ_ANNOT_NONE},
        /* a wrapped sentence whose line opens with a unit in brackets */
        {"（％）の一定率を乗じて算出した額とします", KJ_ANNOT_NONE},
        {"(百万円) を上限とする。", KJ_ANNOT_NONE},
        {"Millions of Customers", KJ_ANNOT_NONE},
        {"In Thousands of Homes", KJ_ANNOT_NONE},
        {"2030年に向けた取り組み", KJ_ANNOT_NONE},
        {"2024年度", KJ_ANNOT_NONE},
        {"2024年3月期の業績", KJ_ANNOT_NONE},
        {"March Results", KJ_ANNOT_NONE},
        {"Total Rewards", KJ_ANNOT_NONE},
        {"12百万円の投資", KJ_ANNOT_NONE},
        {"3 million users", KJ_ANNOT_NONE},
        {"計画の進捗", KJ_ANNOT_NONE},
        {"Continued Investment in Security", KJ_ANNOT_NONE},
        {"続きは次のとおり", KJ_ANNOT_NONE},
        {"① 情報セキュリティ", KJ_ANNOT_NONE},
        {"", KJ_ANNOT_NONE},
    };
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        kj_annotation got = kj_annotation_line(lines[i].text, strlen(lines[i].text));
        if (got != lines[i].kind)
            fail_msg("%s: %d, not %d", lines[i].text, (int)got, (int)lines[i].kind);
    }
    /* a long line is none, whatever it opens with */
    const char *longer = "（単位：百万円）前期 当期 前期 当期 前期 当期 前期 当期 前期 当期 "
                         "前期 当期 前期 当期 前期 当期 前期 当期 前期 当期";
    assert_int_equal(kj_annotation_line(longer, strlen(longer)), KJ_ANNOT_NONE);
}

/* kj_read_ja_date: the date a text opens with, era or western, digits
 * ASCII or full-width, with its parts' digits counted; spaces between the
 * parts only when asked for; what follows a date is left unread. */
static void test_read_ja_date(void **state) {
    (void)state;
    static const struct {
        const char *text;
        int flags;
        size_t read; /* bytes read, 0 for no date */
        size_t era;
        int year, month, day;
    } cases[] = {
        {"令和元年５月１日", 0, 24, 6, 0, 1, 1},
        {"平成元年4月", 0, 16, 6, 0, 1, 0},
        {"昭和６３年１２月", 0, 24, 6, 2, 2, 0},
        {"令和2年10月31日の取締役会", 0, 20, 6, 1, 2, 2},
        {"２０２４年３月３１日", 0, 30, 0, 4, 1, 2},
        {"2024年6月30日現在", 0, 16, 0, 4, 1, 2},
        {"2024年3月期", 0, 11, 0, 4, 1, 0}, /* 期 is the caller's */
        {"1999年12月", 0, 12, 0, 4, 2, 0},
        {"2025年３月 31日", 0, 13, 0, 4, 1, 0}, /* no spaces asked for: no day */
        {"2025年 ３月", 0, 0, 0, 0, 0, 0},
        {"令和 元年", 0, 0, 0, 0, 0, 0},
        {"令和 元年 ７月 ８日", KJ_JA_DATE_SPACED, 27, 6, 0, 1, 1},
        {"平成\xE3\x80\x80３\xC2\xA0年\t４ 月", KJ_JA_DATE_SPACED, 25, 6, 1, 1, 0},
        {"2025 年 3 月 31 日 現在", KJ_JA_DATE_SPACED, 21, 0, 4, 1, 2},
        {"2025年3月 ", KJ_JA_DATE_SPACED, 11, 0, 4, 1, 0}, /* a space after: not read */
        {"12345年1月", 0, 12, 0, 5, 1, 0},                 /* digits counted, not bounded */
        {"2030年に向けて", 0, 0, 0, 0, 0, 0},
        {"2024年度", 0, 0, 0, 0, 0, 0},
        {"令和の時代", 0, 0, 0, 0, 0, 0},
        {"元年４月", 0, 0, 0, 0, 0, 0}, /* 元年 needs its era */
        {"令和元５月", 0, 0, 0, 0, 0, 0},
        {"March 3, 2025", 0, 0, 0, 0, 0, 0},
        {"年月日", 0, 0, 0, 0, 0, 0},
        {" 2024年3月", KJ_JA_DATE_SPACED, 0, 0, 0, 0, 0}, /* opens with it, no space before */
        {"", 0, 0, 0, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        kj_ja_date d = {0};
        size_t n = kj_read_ja_date(cases[i].text, strlen(cases[i].text), cases[i].flags, &d);
        if (n != cases[i].read) fail_msg("%s: read %zu, not %zu", cases[i].text, n, cases[i].read);
        if (n && (d.era != cases[i].era || d.year != cases[i].year || d.month != cases[i].month ||
                  d.day != cases[i].day))
            fail_msg("%s: era %zu year %d month %d day %d", cases[i].text, d.era, d.year, d.month,
                     d.day);
    }
    /* a date cut short anywhere reads no further than the bytes it is given */
    const char *whole = "令和元年５月１日";
    for (size_t len = 0; len < strlen(whole); len++) {
        kj_ja_date d;
        size_t n = kj_read_ja_date(whole, len, 0, &d);
        assert_true(n <= len);
        assert_int_equal(n != 0, len >= strlen("令和元年５月"));
    }
    assert_int_equal(kj_era_at("平成", 6), 6);
    assert_int_equal(kj_era_at("平成", 5), 0);
    assert_int_equal(kj_era_at("大正３年", strlen("大正３年")), 0);
}

/* The scanning steps the line classifiers share: spaces of four kinds,
 * digits of two widths, a prefix at an offset. */
static void test_scan_steps(void **state) {
    (void)state;
    const char *s = " \t\xC2\xA0\xE3\x80\x80x";
    assert_int_equal(kj_space_at(s, 0, 8), 1);
    assert_int_equal(kj_space_at(s, 1, 8), 1);
    assert_int_equal(kj_space_at(s, 2, 8), 2);
    assert_int_equal(kj_space_at(s, 4, 8), 3);
    assert_int_equal(kj_space_at(s, 4, 6), 0); /* cut short */
    assert_int_equal(kj_space_at(s, 7, 8), 0);
    assert_int_equal(kj_skip_spaces(s, 0, 8), 7);
    const char *t = "\xE3\x80\x80 年 \t\xC2\xA0";
    size_t a = 0, z = strlen(t);
    kj_trim_spaces(t, &a, &z);
    assert_int_equal(a, 4);
    assert_int_equal(z, 7);
    int n = -1;
    assert_int_equal(kj_digits_at("x1２3y", 1, 7, &n), 5);
    assert_int_equal(n, 3);
    assert_int_equal(kj_digits_at("x1２3y", 0, 7, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(kj_digits_at("１２", 0, 4, NULL), 3); /* a digit cut short is none */
    assert_true(kj_has_prefix_at("ab年", 2, 5, "年"));
    assert_false(kj_has_prefix_at("ab年", 2, 4, "年"));
    assert_false(kj_has_prefix_at("ab", 3, 2, ""));
    assert_true(kj_has_prefix("ab", 2, ""));
}

/* Countries and regions, alone or listed, in Japanese and English; a
 * phrase with one in it is none. */
static void test_names_countries(void **state) {
    (void)state;
    static const char *const yes[] = {"ドイツ",
                                      "米国、英国",
                                      "日本・中国・韓国",
                                      "(スウェーデン)",
                                      "（アメリカ合衆国）",
                                      "アジア等",
                                      "United States",
                                      "U.S.",
                                      "EMEA",
                                      "Japan, China and Korea",
                                      "  欧州  "};
    static const char *const no[] = {"",           "ドイツ市場",         "米国子会社",
                                     "日本の規制", "Europe Data Rules",  "中国、物流",
                                     "(注)",       "Japanese customers", "日本、"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (!kj_names_countries(yes[i], strlen(yes[i]))) fail_msg("not countries: %s", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (kj_names_countries(no[i], strlen(no[i]))) fail_msg("countries: %s", no[i]);
}

static void test_heading(void **state) {
    (void)state;
    const char *yes[] = {"■ 情報セキュリティ体制", "【リスク管理】", "（１）基本方針", "① 教育",
                         "第2【事業の状況】", "Item 1C. Cybersecurity", "2.3 Governance",
                         "情報セキュリティ",
                         /* a circled number past ⑫ opens a heading as ① does, also one too long
                          * to be a heading unmarked */
                         "⑬ 取引先の事業継続と情報管理に関わるリスク（海外拠点を含む）",
                         "⑳ 製品の脆弱性対応と出荷後のソフトウェア更新に関するリスク",
                         "㉑ 外部委託先における個人情報の取扱いと監督の体制について"};
    /* a note explains, it heads nothing: ※, (注), 注1, *1; nor does a
     * Japanese sentence whose 。 was left out */
    const char *no[] = {
        "当社は情報セキュリティ基本方針を定めています。",
        "We maintain a program designed to protect our systems and data from threats.", "",
        "※1 CSIRT：事故対応チーム", "（注）対象は国内拠点", "(注)数値は年度末時点",
        "注1 年度末時点", "注：対象は国内の全拠点", "*1 Scope: domestic sites",
        /* a sentence without its 。 */
        "サイバー攻撃に備えています", "CSIRTを設置しました", "委員会の長は社長である",
        /* a note marked by a full-width asterisk, or by one before a
         * full-width digit */
        "＊1 KPI（重要業績評価指標）", "＊２ 対象は国内", "*３ 年度末時点",
        /* a line that notes a unit, a date or a total (kj_annotation_line) */
        "（単位：百万円）", "(In millions)", "2024年６月30日", "合計"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        assert_true(kj_looks_like_heading(yes[i], strlen(yes[i])));
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        assert_false(kj_looks_like_heading(no[i], strlen(no[i])));
}

typedef struct {
    size_t n;
    size_t starts[8], ends[8];
} sents;

static void on_sent(size_t s, size_t e, void *ud) {
    sents *x = ud;
    if (x->n < 8) {
        x->starts[x->n] = s;
        x->ends[x->n] = e;
    }
    x->n++;
}

static void test_sentences(void **state) {
    (void)state;
    const char *ja = "方針を定めました。教育を行っています！ 訓練も実施";
    sents s = {0};
    kj_split_sentences(ja, strlen(ja), on_sent, &s);
    assert_int_equal(s.n, 3);
    const char *en = "We train staff. The U.S. team reports to Mr. Smith. Done";
    sents t = {0};
    kj_split_sentences(en, strlen(en), on_sent, &t);
    assert_int_equal(t.n, 3);
    assert_memory_equal(en + t.starts[1], "The U.S.", 8);
}

/* s splits into the n sentences want (at most 8). */
static void expect_sentences(const char *s, size_t n, const char *const *want) {
    sents x = {0};
    kj_split_sentences(s, strlen(s), on_sent, &x);
    assert_int_equal(x.n, n);
    for (size_t k = 0; k < n; k++) {
        assert_int_equal(x.ends[k] - x.starts[k], strlen(want[k]));
        assert_memory_equal(s + x.starts[k], want[k], strlen(want[k]));
    }
}

/* Text that keeps its case (kj_split_sentences_cased): a stop before a
 * lower-case word ends no sentence ("approx. three", "Yahoo! services"),
 * one before a capital does; the case-folded form splits at each but the
 * abbreviation "approx.". */
static void test_sentences_cased(void **state) {
    (void)state;
    const char *s = "We run approx. three drills a year. Staff join Yahoo! services "
                    "training. Is it done? yes.";
    sents x = {0};
    kj_split_sentences_cased(s, strlen(s), on_sent, &x);
    assert_int_equal(x.n, 3);
    assert_memory_equal(s + x.starts[1], "Staff join Yahoo! services training.",
                        strlen("Staff join Yahoo! services training."));
    assert_memory_equal(s + x.starts[2], "Is it done? yes.", strlen("Is it done? yes."));
    sents folded = {0};
    kj_split_sentences(s, strlen(s), on_sent, &folded);
    assert_int_equal(folded.n, 5);
}

/* A passage's normalised text split as its own text reads (its map back
 * to it): a word written in lower case after ". " goes on the sentence,
 * full-width letters too (ｍｏｓｔｌｙ folds to mostly); a capital starts a
 * new one. Without the map, as kj_split_sentences. The abbreviations
 * "approx." and "Fig." end none either way. */
static void test_sentences_of_passage(void **state) {
    (void)state;
    const char *s = "当社 SOC runs drills. twice a year (Fig. 2 shows them). Logs are kept approx. "
                    "one year. ｍｏｓｔｌｙ offline! Backups are tested.";
    kj_arena *a = kj_arena_new();
    kj_passage p;
    assert_int_equal(kj_passage_from_text(a, s, strlen(s), KJ_LANG_EN, &p), KJ_OK);
    sents x = {0};
    kj_split_passage_sentences(&p, on_sent, &x);
    assert_int_equal(x.n, 3);
    assert_memory_equal(p.norm.text + x.starts[1], "logs are kept approx. one year. mostly",
                        strlen("logs are kept approx. one year. mostly"));
    assert_memory_equal(p.norm.text + x.starts[2], "backups", 7);
    p.norm.map = NULL;
    sents folded = {0};
    kj_split_passage_sentences(&p, on_sent, &folded);
    assert_int_equal(folded.n, 5);
    kj_arena_free(a);
}

/* Abbreviations at the start of a text or after a bracket, and quotations
 * that hold a full stop, do not end a sentence. */
static void test_sentences_abbrev_and_quotes(void **state) {
    (void)state;
    const char *no[] = {"No. 2 of our rules applies.", "(No. 5) is the rule."};
    expect_sentences("No. 2 of our rules applies. (No. 5) is the rule.", 2, no);
    const char *casino[] = {"We sold the casino.", "Now we build."};
    expect_sentences("We sold the casino. Now we build.", 2, casino);
    const char *said[] = {"部長は「対策を進める。」と話した。", "次に移る。"};
    expect_sentences("部長は「対策を進める。」と話した。次に移る。", 2, said);
    const char *within[] = {"方針に「手順を守る。記録を残す。」を加えた。", "以上。"};
    expect_sentences("方針に「手順を守る。記録を残す。」を加えた。以上。", 2, within);
    const char *whole[] = {"『手順を守る。』", "次に移る。"};
    expect_sentences("『手順を守る。』次に移る。", 2, whole);
    const char *paren[] = {"点検した（年２回。）。", "次に移る。"};
    expect_sentences("点検した（年２回。）。次に移る。", 2, paren);
    /* a quotation left open does not swallow what follows it for long */
    char open[2048] = "前に「開いたまま。";
    for (int k = 0; k < 60; k++)
        strcat(open, "文が続く。");
    sents x = {0};
    kj_split_sentences(open, strlen(open), on_sent, &x);
    assert_true(x.n > 20);
}

/* A stop inside closing quotes or brackets ends its sentence when a
 * capital follows: "safe." Then, (see the notes.) The; not before a
 * lower-case word, nor after an abbreviation ("U.S.") or mid-word quote. */
static void test_sentences_closers(void **state) {
    (void)state;
    const char *quoted[] = {"We call the plan \"safe.\"", "Then we test it."};
    expect_sentences("We call the plan \"safe.\" Then we test it.", 2, quoted);
    const char *curly[] = {"Staff read \u201cthe policy.\u201d", "They sign it."};
    expect_sentences("Staff read \u201cthe policy.\u201d They sign it.", 2, curly);
    const char *note[] = {"Risks are listed (see the notes.)", "The board reviews them."};
    expect_sentences("Risks are listed (see the notes.) The board reviews them.", 2, note);
    const char *on[] = {"Risks are listed (see the notes.) and the board reviews them."};
    expect_sentences(on[0], 1, on);
    const char *us[] = {"Our teams (in the U.S.) Report to the CISO."};
    expect_sentences(us[0], 1, us);
}

/* A text that sets ． for 。 splits at it, except beside a digit, where it
 * numbers an entry or is a decimal point. */
static void test_sentences_wide_full_stop(void **state) {
    (void)state;
    const char *stops[] = {"委員会を設けた．", "訓練を行う．"};
    expect_sentences("委員会を設けた．訓練を行う．", 2, stops);
    const char *digits[] = {"５．受講率は９８．５％に上がった．", "次に移る．"};
    expect_sentences("５．受講率は９８．５％に上がった．次に移る．", 2, digits);
    const char *ascii[] = {"2．率は3．5倍になった．"};
    expect_sentences("2．率は3．5倍になった．", 1, ascii);
}

/* The items and parts of a US filing's headings. */
static void test_us_filing_heading(void **state) {
    (void)state;
    const char *item[] = {"Item 1C. Cybersecurity",
                          "ITEM 1A. RISK FACTORS",
                          "Item 7A",
                          "Item 16K.",
                          "Item\u00a01C. Cybersecurity", /* a no-break space */
                          "Item 1. Business:",
                          "item 9b"};
    const char *part[] = {"PART II", "Part I", "Part IV."};
    const char *no[] = {"Items 1 and 2. Business and Properties",
                        "Item 123",
                        "Itemized costs",
                        "Item",
                        "Partners",
                        "Part of our program",
                        "Governance",
                        "Item 1CC"};
    for (size_t i = 0; i < sizeof item / sizeof *item; i++)
        assert_int_equal(kj_us_filing_heading(item[i], strlen(item[i])), 1);
    for (size_t i = 0; i < sizeof part / sizeof *part; i++)
        assert_int_equal(kj_us_filing_heading(part[i], strlen(part[i])), 2);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        assert_int_equal(kj_us_filing_heading(no[i], strlen(no[i])), 0);
}

/* A run-in heading is a few capitalised words, a full stop, colon or dash,
 * and a sentence; a sentence that merely starts with capitals is not. */
static void test_run_in_heading(void **state) {
    (void)state;
    static const struct {
        const char *text, *lead;
    } cases[] = {
        {"Monitoring and Mitigation. We maintain a range of tools and services.",
         "Monitoring and Mitigation"},
        {"\xE2\x80\xA2"
         "Education and Awareness. The Company regularly trains employees.",
         "Education and Awareness"},
        {"UPRR Security Measures \xE2\x80\x93 We maintain a comprehensive security plan.",
         "UPRR Security Measures"},
        {"Cooperation with Federal, State, and Local Agencies - We work with the FBI on threats.",
         "Cooperation with Federal, State, and Local Agencies"},
        {"Governance: The Audit Committee oversees cybersecurity risk.", "Governance"},
        {"We Are Dependent on Certain Key Suppliers of Locomotives and Rail \xE2\x80\x93 Due to "
         "the capital intensity of the industry, we rely on few suppliers.",
         "We Are Dependent on Certain Key Suppliers of Locomotives and Rail"},
        {"We maintain a range of tools. They help us monitor threats every day.", NULL},
        {"Mr. Smith leads the security team and reports to the CIO.", NULL},
        {"Item 7A. Quantitative and Qualitative Disclosures About Market Risk", NULL},
        {"The Company. it has a lower-case sentence after the stop here.", NULL},
        {"Governance. short", NULL},
        {"for Employees. Everyone takes the training course every year.", NULL},
        {"当社は情報セキュリティ委員会を設置しています。", NULL},
        {"U.S. Operations. Our network spans the country from coast to coast.", NULL},
        /* a risk factor's long title in title case */
        {"The Loss of Key Suppliers, Partners and Contractors Could Delay the Delivery of Our "
         "Products and Services and Harm Our Relations with Customers and Regulators in Each of "
         "Our Markets: We depend on a small number of firms.",
         "The Loss of Key Suppliers, Partners and Contractors Could Delay the Delivery of Our "
         "Products and Services and Harm Our Relations with Customers and Regulators in Each of "
         "Our Markets"},
        {"Our Mobile Application Platform (MAP) \xE2\x80\x93 The platform serves our clients.",
         "Our Mobile Application Platform (MAP)"},
        /* a long sentence in capitals is no title; nor is a name's initial an end */
        {"THE SHARES ARE OFFERED WITHOUT ANY WARRANTY OF ANY KIND AND THE COMPANY AND ITS AGENTS "
         "ACCEPT NO LIABILITY TO ANY PERSON. You should read on.",
         NULL},
        {"Jane Q. Example joined the company in 2019 as its chief information officer.", NULL},
        {"(MAP) Platform \xE2\x80\x93 The platform serves our clients every day.", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t from = 99, n = kj_run_in_heading(cases[i].text, strlen(cases[i].text), &from);
        if (!cases[i].lead) {
            assert_int_equal(n, 0);
            continue;
        }
        assert_int_equal(n, strlen(cases[i].lead));
        assert_memory_equal(cases[i].text + from, cases[i].lead, n);
    }
}

/* A paragraph opens with a title of its own when it opens with a run-in
 * heading, or after a colon or dash with a title that keeps a word in lower
 * case, that a cross-reference follows or that ends the paragraph; a
 * sentence that merely has capitals before a colon does not. */
static void test_opens_with_title(void **state) {
    (void)state;
    const char *yes[] = {
        "Monitoring and Mitigation. We maintain a range of tools and services.",
        "The Growing Use of Automated Tools, including the Tools We Sell to Our Customers, Could "
        "Expose Us to Claims and Harm Our Standing: We rely on such tools.",
        "Supplier Risk \xE2\x80\x93 see \xE2\x80\x9CRisks of Our Supply Chain\xE2\x80\x9D "
        "below.",
        "The Growing Use of Automated Tools, including the Tools We Sell to Our Customers, Could "
        "Expose Us to Claims and Harm Our Standing:",
        "Governance:",
        /* the first lines of a title that a blank line cut off */
        "The Growing Use of Automated Tools, including the Tools We Sell to Our Customers",
    };
    const char *no[] = {
        "We maintain a range of tools. They help us monitor threats every day.",
        "Our program covers the following: Risk assessment, Incident response and Training.",
        "The CISO and the CIO meet regularly with the Audit Committee of the Board of Directors "
        "and the Chief Executive Officer. They review threats.",
        "Jane Q. Example joined the company in 2019 as its chief information officer.",
        "Our program covers the following, among other things",
        "of accounting principles generally accepted in the U.S. (GAAP)",
        "Item 1C. Cybersecurity",
        "当社は情報セキュリティ委員会を設置しています。",
        "",
    };
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        assert_true(kj_opens_with_title(yes[i], strlen(yes[i])));
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        assert_false(kj_opens_with_title(no[i], strlen(no[i])));
}

/* A table of contents is told by its shape: entries each followed by a
 * page number, rising. Tables of figures and numbered rows are not. */
static void test_looks_like_contents(void **state) {
    (void)state;
    const char *yes[] = {
        "PART I | 1 | Item 1. Business | 2 | Item 1A. Risk Factors | 9 | Item 1C. Cybersecurity | "
        "21 | Item 2. Properties | 22",
        "Page | Part I | Item 1. | Business | 4 | Item 1A. | Risk Factors | 12 | Item 1C | "
        "Cybersecurity | 30 | Item 7. | Management's Discussion | 41",
        "トップメッセージ……2\n価値創造の歩み……６\n情報セキュリティ……18\nリスクマネジメント……20\n"
        "会社概要……34",
        "Our approach ........ 3\nGovernance .... 5\nSecurity programme . . . . 9\nData ........ "
        "12",
        /* each kind of dot, after entries long enough to pass the 16-byte steps */
        "サステナビリティ基本方針・・・・・4\n情報セキュリティ推進体制・・・・・7\n"
        "人材育成と研修の取り組み・・・・・11\nデータ保護とプライバシー・・・・・15",
        "Sustainability framework ‥‥‥ 4 | Information security governance ‥‥‥ 7 | "
        "Training and awareness programme ‥‥‥ 11 | Data protection and privacy ‥‥‥ 15",
        "Sustainability framework ··· 4 Information security governance ··· 7 "
        "Training and awareness programme ··· 11 Data protection and privacy ··· 15",
        "Sustainability framework ･･･ 4 Information security governance ･･･ 7 "
        "Training and awareness programme ･･･ 11 Data protection and privacy ･･･ 15",
    };
    const char *no[] = {
        /* numbered rows of a risk table: long cells, several a row */
        "No | Category | Risk | Measures | 1 | Information security | A cyber attack could stop "
        "our "
        "plants and leak data we hold for customers | We monitor networks and train staff | 2 | "
        "Disasters | An earthquake could damage our main plant | We keep a continuity plan | 3 | "
        "Suppliers | A supplier could fail | We audit key suppliers | 4 | Laws | New rules | We "
        "watch changes",
        /* a statement of figures */
        ("Balance | Shares | Amount | Capital | 12 | 5 | (1,475) | 3,210 | Repurchased | (8) | — | "
         "(10,034) | Dividends | — | — | (395) | Total | 17 | 9 | 2,104"),
        /* KPI by year */
        "Indicator | 2022 | 2023 | 2024 | Drills held | 2 | 4 | 4 | Serious incidents | 0 | 0 | 1",
        "当社はCSIRTを設置し、年2回の訓練を行っています。",
        /* long runs of digits are no page numbers (nor an overflow) */
        "A | 88888888888888 | B | 99999999999999 | C | 77777777777777 | D | 66666666666666 | E | 1",
        "",
    };
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        assert_true(kj_looks_like_contents(yes[i], strlen(yes[i])));
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        assert_false(kj_looks_like_contents(no[i], strlen(no[i])));
}

/* The passages of UTF-8 text read as a plain-text file (opts may be NULL);
 * the caller frees *doc. */
static kj_passages segment_text(const char *text, size_t len, const kj_segment_options *opts,
                                kj_document **doc) {
    kj_error err = {0};
    assert_int_equal(kj_ingest_text_utf8("t.txt", text, len, doc, &err), KJ_OK);
    kj_passages ps;
    assert_int_equal(kj_segment(*doc, opts, (*doc)->arena, &ps, &err), KJ_OK);
    return ps;
}

static void test_segment(void **state) {
    (void)state;
    const char *text =
        "■ 情報セキュリティ\n\n当社はCSIRTを設置しています。\n\n年に2回の訓練を行っています。";
    kj_document *doc;
    kj_passages ps = segment_text(text, strlen(text), NULL, &doc);
    assert_int_equal(ps.n, 2);
    assert_non_null(ps.items[0].heading);
    assert_true(strstr(ps.items[0].heading, "情報セキュリティ") != NULL);
    assert_int_equal(ps.items[0].lang, KJ_LANG_JA);
    assert_int_equal(ps.items[0].index, 0);
    assert_int_equal(ps.items[1].index, 1);
    /* offsets point back into the document text */
    assert_true(ps.items[1].start > ps.items[0].end);
    kj_document_free(doc);
}

/* A short line of figures and marks (a KPI table's 98.7%, a cover's
 * telephone number) heads nothing and is no passage: the paragraph after it
 * stays under the heading above it. A draft's sentence left without its 。
 * is a passage, not a heading. */
static void test_segment_figures_and_bare_sentences(void **state) {
    (void)state;
    const char *text = "■ 教育の受講率\n\n98.7%\n\n全従業員が年に一度の研修を受けています。\n\n"
                       "標的型メールの訓練を行っています\n\n当社はCSIRTを設置しています";
    kj_document *doc;
    kj_passages ps = segment_text(text, strlen(text), NULL, &doc);
    assert_int_equal(ps.n, 3);
    assert_string_equal(ps.items[0].heading, "■ 教育の受講率");
    assert_memory_equal(ps.items[1].text, "標的型メール", strlen("標的型メール"));
    assert_string_equal(ps.items[2].heading, "■ 教育の受講率");
    kj_document_free(doc);
}

/* A line that only notes the unit of the table below it, a total or a
 * figure heads nothing and is no passage (it is listed as a lone line):
 * what follows stays under the heading above it. */
static void test_segment_unit_notes(void **state) {
    (void)state;
    const char *text = "■ 売上の推移\n\n（単位：百万円）\n\n"
                       "前期の売上は前の年より一割増えました。\n\n(In millions)\n\n"
                       "当期の売上も同じ程度に増えました。\n\n合計\n\n"
                       "12,345百万円\n\n海外の売上が伸びました。";
    kj_document *doc;
    kj_passages ps = segment_text(text, strlen(text), NULL, &doc);
    assert_int_equal(ps.n, 3);
    for (size_t i = 0; i < ps.n; i++)
        assert_string_equal(ps.items[i].heading, "■ 売上の推移");
    assert_int_equal(ps.n_headings, 5);
    assert_int_equal(ps.headings[0].lone, 0);
    for (size_t i = 1; i < 5; i++)
        assert_int_equal(ps.headings[i].lone, 1);
    assert_string_equal(ps.headings[1].text, "（単位：百万円）");
    kj_document_free(doc);
}

/* A page's running head (headings) and a "(Continued)" line after it: what
 * follows goes on under the heading before the running head, which heads
 * nothing. A continued mark with no headings before it changes nothing. */
static void test_segment_continued(void **state) {
    (void)state;
    const char *text = "Note 4 - Leases\n\n"
                       "We lease offices in four cities under terms of up to ten years.\n\n"
                       "Example Corp\n\nFinancial Notes\n\n"
                       "(Continued)\n\n"
                       "and the rent of each office rises by a fixed rate every year.\n\n"
                       "Financial Notes\n\nCONTINUED\n\n"
                       "We hold no debt that falls due within the coming year.";
    kj_document *doc;
    kj_passages ps = segment_text(text, strlen(text), NULL, &doc);
    assert_int_equal(ps.n, 3);
    assert_string_equal(ps.items[0].heading, "Note 4 - Leases");
    assert_string_equal(ps.items[1].heading, "Note 4 - Leases");
    assert_null(ps.items[1].headings); /* the running head is no run of its headings */
    assert_string_equal(ps.items[2].heading, "Note 4 - Leases");
    kj_document_free(doc);
    text = "■ 体制\n\n当社は委員会を置いています。\n\n（続き）\n\n委員会は年に四回開きます。";
    ps = segment_text(text, strlen(text), NULL, &doc);
    assert_int_equal(ps.n, 2);
    assert_string_equal(ps.items[1].heading, "■ 体制");
    kj_document_free(doc);
}

/* A date alone heads nothing and is no passage; a short line beside it is
 * a cell of its row (a history's event after it, a column's title or a
 * place before it): a passage, no heading, unless a mark or a colon says
 * it heads what follows. */
static void test_segment_dates(void **state) {
    (void)state;
    const char *text = "■ 沿革\n\n年月\n\n2001年４月\n\n架空精機を設立\n\n2010年10月\n\n"
                       "本社を架空市に移し、あわせて研究所を新設して開発の体制を強めました\n\n"
                       "2015年１月\n\n(1) 情報セキュリティ\n\n当社はCSIRTを設置しています。\n\n"
                       "March 3, 2025\n\nDear Shareholders:\n\n"
                       "We had a good year and thank you for your support.";
    kj_document *doc;
    kj_passages ps = segment_text(text, strlen(text), NULL, &doc);
    assert_int_equal(ps.n, 5);
    assert_string_equal(ps.items[0].text, "年月");
    assert_string_equal(ps.items[0].heading, "■ 沿革");
    assert_string_equal(ps.items[1].text, "架空精機を設立");
    assert_string_equal(ps.items[1].heading, "■ 沿革");
    assert_string_equal(ps.items[2].heading, "■ 沿革");
    assert_string_equal(ps.items[3].heading, "(1) 情報セキュリティ");
    assert_string_equal(ps.items[4].heading, "Dear Shareholders:");
    kj_document_free(doc);
}

/* Paragraphs a reader found set side by side in a row of short blocks (a
 * PDF's table read as lines: kj_block.row, no table) are cells of a grid:
 * a column's title or a post that reads as a heading heads nothing; the
 * cells are one passage across their rows, " | " between them, as a
 * table's short cells are, under the heading over the table. Without a
 * row the same lines head what follows them. */
static void test_segment_grid_rows(void **state) {
    (void)state;
    const char *text = "■ 経営陣\n\n役職\n\n略歴\n\n代表取締役\n\n"
                       "架空精機に入社し、品質部長を務めました。\n\n監査役\n\n"
                       "監査法人に勤め、独立しました。";
    static const int rows[] = {0, 2, 2, 4, 4, 6, 6};
    kj_document *doc;
    kj_error err = {0};
    assert_int_equal(kj_ingest_text_utf8("t.txt", text, strlen(text), &doc, &err), KJ_OK);
    assert_int_equal(doc->n_blocks, 7);
    kj_passages ps;
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 2);
    assert_string_equal(ps.items[0].heading, "代表取締役");
    assert_string_equal(ps.items[1].heading, "監査役");
    for (size_t i = 0; i < 7; i++)
        doc->blocks[i].row = rows[i];
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 1);
    assert_string_equal(ps.items[0].text, "役職 | 略歴 | 代表取締役 | "
                                          "架空精機に入社し、品質部長を務めました。 | 監査役 | "
                                          "監査法人に勤め、独立しました。");
    assert_string_equal(ps.items[0].heading, "■ 経営陣");
    assert_int_equal(ps.items[0].kind, KJ_BLOCK_TABLE_CELL);
    assert_int_equal(ps.items[0].start, doc->blocks[1].start);
    assert_int_equal(ps.items[0].end, doc->blocks[6].end);
    assert_int_equal(ps.n_headings, 1);
    kj_document_free(doc);
}

/* A PDF's table of figures read as lines (kj_block.row, no table), every
 * cell of it a figure or a title that would be no passage alone (96.1%, a
 * column's title): its cells are one passage all the same, not lost. A
 * row's label before a figure with its note's mark (a list item) heads
 * that row's items, as before: it ends the run of cells. */
static void test_segment_grid_figures(void **state) {
    (void)state;
    const char *text = "情報セキュリティの主な指標\n\n指標\n\n2023年度\n\n2024年度\n\n"
                       "教育の受講率\n\n96.1%\n\n98.7%\n\nインシデント\n\n0件\n\n1件\n\n"
                       "売掛金\n\n※２ 1,200\n\n※２ 1,100";
    static const int rows[] = {0, 2, 2, 2, 5, 5, 5, 8, 8, 8, 11, 11, 11};
    kj_document *doc;
    kj_error err = {0};
    assert_int_equal(kj_ingest_text_utf8("t.txt", text, strlen(text), &doc, &err), KJ_OK);
    assert_int_equal(doc->n_blocks, 13);
    for (size_t i = 0; i < 13; i++) {
        doc->blocks[i].row = rows[i];
        if (i > 10) doc->blocks[i].kind = KJ_BLOCK_LIST_ITEM;
    }
    kj_passages ps;
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 3);
    assert_string_equal(ps.items[0].text, "指標 | 2023年度 | 2024年度 | 教育の受講率 | 96.1% | "
                                          "98.7% | インシデント | 0件 | 1件");
    assert_string_equal(ps.items[0].heading, "情報セキュリティの主な指標");
    assert_string_equal(ps.items[1].heading, "売掛金");
    assert_string_equal(ps.items[2].heading, "売掛金");
    kj_document_free(doc);
}

/* A run of a grid's cells that starts inside a row (after the row's label
 * of figures with notes' marks, or after a cell too long for a run) ends
 * with that row: its cells stay with their row, and the label heads its
 * own row only, the rows after it going back under the table's heading. */
static void test_segment_grid_mid_row(void **state) {
    (void)state;
    const char *text =
        "貸借対照表の注記\n\n区分\n\n前期\n\n当期\n\n売掛金\n\n※２ 1,200\n\n1,100\n\n△100\n\n"
        "買掛金\n\n500\n\n600\n\n"
        "取締役会の議長として全社の情報セキュリティ体制を監督し、年に四回の報告を受けるほか、"
        "外部の専門家による評価と改善の提案も毎年求めている\n\n"
        "62\n\n2020\n\n監査役\n\n64\n\n2021";
    static const int rows[] = {0, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6};
    kj_document *doc;
    kj_error err = {0};
    assert_int_equal(kj_ingest_text_utf8("t.txt", text, strlen(text), &doc, &err), KJ_OK);
    assert_int_equal(doc->n_blocks, 17);
    for (size_t i = 0; i < 17; i++)
        doc->blocks[i].row = rows[i];
    doc->blocks[5].kind = KJ_BLOCK_LIST_ITEM; /* ※２ 1,200 */
    kj_passages ps;
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    static const struct {
        const char *text, *heading;
    } want[] = {
        {"区分 | 前期 | 当期", "貸借対照表の注記"},
        {"※２ 1,200", "売掛金"},
        {"1,100 | △100", "売掛金"}, /* the rest of the label's row, and no more */
        {"買掛金 | 500 | 600", "貸借対照表の注記"},
        {NULL, NULL},        /* the long cell */
        {"62 | 2020", NULL}, /* the rest of the long cell's row */
        {"監査役 | 64 | 2021", NULL},
    };
    if (ps.n != sizeof want / sizeof *want) {
        for (size_t k = 0; k < ps.n; k++)
            print_message("passage %zu: %s [%s]\n", k, ps.items[k].text,
                          ps.items[k].heading ? ps.items[k].heading : "-");
        fail_msg("%zu passages", ps.n);
    }
    for (size_t k = 0; k < ps.n; k++) {
        if (want[k].text && strcmp(ps.items[k].text, want[k].text) != 0)
            fail_msg("passage %zu: %s", k, ps.items[k].text);
        if (want[k].heading &&
            (!ps.items[k].heading || strcmp(ps.items[k].heading, want[k].heading) != 0))
            fail_msg("passage %zu: heading %s", k, ps.items[k].heading ? ps.items[k].heading : "-");
    }
    kj_document_free(doc);
}

/* A new section of the document (an EDINET section file, a DOCX's notes)
 * is not headed by the last section's heading. */
static void test_segment_section_resets_heading(void **state) {
    (void)state;
    const char *text = "■ 情報セキュリティ\n\n当社はCSIRTを設置しています。\n\n"
                       "訓練を年に二回行っています。\n\n事故は報告されていません。";
    kj_document *doc;
    kj_error err = {0};
    assert_int_equal(kj_ingest_text_utf8("t.txt", text, strlen(text), &doc, &err), KJ_OK);
    assert_int_equal(doc->n_blocks, 4);
    doc->blocks[2].section = "footnotes";
    doc->blocks[3].section = "footnotes";
    kj_passages ps;
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 3);
    assert_string_equal(ps.items[0].heading, "■ 情報セキュリティ");
    assert_null(ps.items[1].heading);
    assert_string_equal(ps.items[1].section, "footnotes");
    assert_null(ps.items[2].heading);
    /* the same section's blocks keep their heading */
    doc->blocks[2].section = doc->blocks[3].section = NULL;
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_string_equal(ps.items[2].heading, "■ 情報セキュリティ");
    kj_document_free(doc);
}

/* Short bulleted lines set as paragraphs (HTML filings) in a run are the
 * entries of a list, not headings; a lone bulleted line over paragraphs
 * may name what they are about and heads them. */
static void test_segment_bullet_run(void **state) {
    (void)state;
    const char *text = "■ 主なリスク\n\n当社は次のリスクを認識しています。\n\n"
                       "・為替の変動リスク\n\n・取引先の倒産リスク\n\n"
                       "これらに備えています。\n\n・電力\n\n発電所の運転を続けています。";
    kj_document *doc;
    kj_error err = {0};
    assert_int_equal(kj_ingest_text_utf8("t.txt", text, strlen(text), &doc, &err), KJ_OK);
    assert_int_equal(doc->n_blocks, 7);
    for (size_t i = 1; i < doc->n_blocks; i++)
        doc->blocks[i].kind = KJ_BLOCK_PARAGRAPH;
    kj_passages ps;
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 5);
    assert_memory_equal(ps.items[1].text, "・為替の変動リスク", strlen("・為替の変動リスク"));
    assert_string_equal(ps.items[1].heading, "■ 主なリスク");
    assert_string_equal(ps.items[2].heading, "■ 主なリスク");
    assert_string_equal(ps.items[3].heading, "■ 主なリスク");
    assert_string_equal(ps.items[4].heading, "・電力");
    kj_document_free(doc);
}

/* A short table cell that reads as a heading names the long cell after it
 * (a risk's name beside its description) and heads its table's cells from
 * there; a label cell (・対応) names nothing, and says what the long cell
 * after it is: no passage, it heads that cell's row with the name; after
 * the table the heading before it heads again. */
static void test_segment_cell_heading(void **state) {
    (void)state;
    const char *text =
        "■ 事業等のリスク\n\n主なリスクは次の表のとおりです。\n\n情報漏えいに関するリスク\n\n"
        "当社の設計情報や取引先から預かった図面が、外部からの不正な侵入や従業員の誤った操作によって"
        "社外に流出するおそれがあります。\n\n・対応\n\n"
        "通信の監視と端末の暗号化を進め、全従業員に年に一度の研修を行い、委託先には契約で"
        "安全管理の措置を求め、その実施の状況を毎年確かめています。\n\n為替に関するリスク\n\n"
        "海外での売上が全体の半分を占めるため、円高が進んだ場合には円に換算した売上と利益が"
        "想定よりも大きく減るおそれがあります。\n\n以上のリスクに備えています。";
    kj_document *doc;
    kj_error err = {0};
    assert_int_equal(kj_ingest_text_utf8("t.txt", text, strlen(text), &doc, &err), KJ_OK);
    assert_int_equal(doc->n_blocks, 9);
    for (size_t i = 2; i <= 7; i++) {
        doc->blocks[i].kind = KJ_BLOCK_TABLE_CELL;
        doc->blocks[i].table = 1;
        doc->blocks[i].row = (int)i / 2;
    }
    kj_passages ps;
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 5);
    assert_string_equal(ps.items[0].heading, "■ 事業等のリスク");
    assert_string_equal(ps.items[1].heading, "情報漏えいに関するリスク");
    assert_string_equal(ps.items[2].heading, "情報漏えいに関するリスク ・対応");
    assert_int_equal(ps.items[2].start, doc->blocks[5].start);
    assert_string_equal(ps.items[3].heading, "為替に関するリスク");
    assert_string_equal(ps.items[4].heading, "■ 事業等のリスク");
    /* the headings are listed, each once: a cell that names others and a
     * label too, with the passage after each */
    assert_int_equal(ps.n_headings, 4);
    assert_string_equal(ps.headings[0].text, "■ 事業等のリスク");
    assert_int_equal(ps.headings[0].before, 0);
    assert_string_equal(ps.headings[1].text, "情報漏えいに関するリスク");
    assert_int_equal(ps.headings[1].kind, KJ_BLOCK_TABLE_CELL);
    assert_int_equal(ps.headings[1].before, 1);
    assert_string_equal(ps.headings[2].text, "・対応");
    assert_int_equal(ps.headings[2].before, 2);
    assert_string_equal(ps.headings[3].text, "為替に関するリスク");
    assert_int_equal(ps.headings[3].before, 3);
    kj_document_free(doc);
}

/* A list item that reads as a heading and stands alone between paragraphs
 * heads the paragraphs after it (a PDF reader makes ① 〜に関するリスク a list
 * item by its mark); items of a real list stay passages of their own. */
static void test_segment_lone_item_heading(void **state) {
    (void)state;
    const char *text = "当社の事業のリスクは次のとおりです。\n\n"
                       "① 取引に関するリスク\n\n"
                       "取引先の経営が悪化した場合、売上が減る可能性があります。\n\n"
                       "① 与信の管理\n\n"
                       "② 取引先の分散\n\n"
                       "以上の対策を続けます。";
    kj_document *doc;
    kj_error err = {0};
    assert_int_equal(kj_ingest_text_utf8("t.txt", text, strlen(text), &doc, &err), KJ_OK);
    assert_int_equal(doc->n_blocks, 6);
    doc->blocks[1].kind = doc->blocks[3].kind = doc->blocks[4].kind = KJ_BLOCK_LIST_ITEM;
    kj_passages ps;
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 5);
    assert_null(ps.items[0].heading);
    assert_string_equal(ps.items[1].heading, "① 取引に関するリスク");
    assert_int_equal(ps.items[2].kind, KJ_BLOCK_LIST_ITEM); /* ① 与信の管理 */
    assert_int_equal(ps.items[3].kind, KJ_BLOCK_LIST_ITEM);
    assert_string_equal(ps.items[4].heading, "① 取引に関するリスク");
    /* with no paragraph between it and the next item it is the first item
     * of a list (empty blocks are passed over) */
    doc->blocks[2].len = 0;
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 5);
    assert_int_equal(ps.items[1].kind, KJ_BLOCK_LIST_ITEM);
    assert_null(ps.items[1].heading);
    assert_null(ps.items[4].heading);
    kj_document_free(doc);
}

/* Numbered headings stacked over their text ((1) over ①) are headings
 * though each is a list item beside another (a PDF reader makes a line
 * that opens with a number and its mark a list item): an item is one of a
 * list only beside items numbered the same way. A heading over a bulleted
 * list heads it; items of a numbered list stay passages. */
static void test_segment_stacked_item_headings(void **state) {
    (void)state;
    const char *text = "当社の体制は次のとおりです。\n\n"
                       "(1) 推進体制\n\n"
                       "① 委員会\n\n"
                       "委員会は四半期ごとに開きます。\n\n"
                       "(2) 教育\n\n"
                       "・新入社員の研修\n\n"
                       "・年に一度の研修\n\n"
                       "研修の結果は委員会に報告します。\n\n"
                       "1. 訓練の実施\n\n"
                       "2. 診断の実施\n\n"
                       "以上の取り組みを続けます。";
    kj_document *doc;
    kj_error err = {0};
    assert_int_equal(kj_ingest_text_utf8("t.txt", text, strlen(text), &doc, &err), KJ_OK);
    assert_int_equal(doc->n_blocks, 11);
    static const size_t items[] = {1, 2, 4, 5, 6, 8, 9};
    for (size_t k = 0; k < sizeof items / sizeof *items; k++)
        doc->blocks[items[k]].kind = KJ_BLOCK_LIST_ITEM;
    kj_passages ps;
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 8);
    assert_null(ps.items[0].heading);
    assert_string_equal(ps.items[1].heading, "① 委員会");
    assert_string_equal(ps.items[1].headings, "(1) 推進体制\n① 委員会");
    assert_string_equal(ps.items[2].text, "・新入社員の研修");
    assert_string_equal(ps.items[2].heading, "(2) 教育");
    assert_int_equal(ps.items[3].kind, KJ_BLOCK_LIST_ITEM); /* ・年に一度の研修 */
    assert_string_equal(ps.items[4].heading, "(2) 教育");
    assert_string_equal(ps.items[5].text, "1. 訓練の実施");
    assert_int_equal(ps.items[5].kind, KJ_BLOCK_LIST_ITEM);
    assert_int_equal(ps.items[6].kind, KJ_BLOCK_LIST_ITEM);
    assert_string_equal(ps.items[7].heading, "(2) 教育");
    kj_document_free(doc);
}

/* Headings that follow one another with no passage between them are kept
 * as a run, one a line, on the first passage after them; a single heading
 * gives no run, and the next passage under the same heading none. */
static void test_segment_heading_run(void **state) {
    (void)state;
    const char *text = "■ 情報セキュリティ\n\n"
                       "●Plan：体制の強化\n\n●Do：訓練の実施\n\n"
                       "当社は年に二回、全従業員を対象に訓練を行っています。\n\n"
                       "訓練の結果は委員会に報告しています。\n\n"
                       "●Check：結果の確認\n\n"
                       "開封率は前年より下がりました。";
    kj_document *doc;
    kj_passages ps = segment_text(text, strlen(text), NULL, &doc);
    assert_int_equal(ps.n, 3);
    assert_string_equal(ps.items[0].headings,
                        "■ 情報セキュリティ\n●Plan：体制の強化\n●Do：訓練の実施");
    assert_string_equal(ps.items[0].heading, "●Do：訓練の実施");
    assert_null(ps.items[1].headings);
    assert_null(ps.items[2].headings);
    assert_string_equal(ps.items[2].heading, "●Check：結果の確認");
    /* listed once each, however many passages they head, with their
     * own lines and the passage after each */
    assert_int_equal(ps.n_headings, 4);
    static const int line[] = {1, 3, 5, 11};
    static const size_t before[] = {0, 0, 0, 2};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(ps.headings[i].line, line[i]);
        assert_int_equal(ps.headings[i].before, before[i]);
        assert_int_equal(ps.headings[i].lang, KJ_LANG_JA);
    }
    assert_string_equal(ps.headings[3].text, "●Check：結果の確認");
    kj_document_free(doc);
    /* kept as passages, they are passages only */
    kj_segment_options keep = {.keep_headings = 1};
    ps = segment_text(text, strlen(text), &keep, &doc);
    assert_int_equal(ps.n, 7);
    assert_int_equal(ps.n_headings, 0);
    assert_null(ps.headings);
    kj_document_free(doc);
}

/* A paragraph that opens with a run-in heading carries it, and so do the
 * next three paragraphs before another heading or run-in heading; a
 * one-word run-in heading ("Note:") heads only its own paragraph. */
static void test_segment_run_in_heading(void **state) {
    (void)state;
    const char *text = "Risk Management\n\n"
                       "Vendor Oversight. We assess every supplier before we engage it.\n\n"
                       "We review the largest suppliers again every year.\n\n"
                       "Incident Response: Our team follows a written plan for incidents.\n\n"
                       "Governance\n\n"
                       "The Audit Committee oversees the program and meets quarterly.";
    kj_document *doc;
    kj_passages ps = segment_text(text, strlen(text), NULL, &doc);
    assert_int_equal(ps.n, 4);
    assert_string_equal(ps.items[0].lead, "Vendor Oversight");
    assert_string_equal(ps.items[1].lead, "Vendor Oversight");
    assert_string_equal(ps.items[2].lead, "Incident Response");
    assert_null(ps.items[3].lead);
    assert_string_equal(ps.items[3].heading, "Governance");
    kj_document_free(doc);
    text = "Note: The figures below are unaudited and rounded.\n\n"
           "We employ forty security staff in three countries.\n\n"
           "Third Party Risk. We assess each supplier before we engage it.\n\n"
           "We review them yearly.\n\nWe audit some.\n\nWe rank them.\n\n"
           "Revenue grew by a tenth over the year.";
    ps = segment_text(text, strlen(text), NULL, &doc);
    assert_int_equal(ps.n, 7);
    assert_string_equal(ps.items[0].lead, "Note");
    assert_null(ps.items[1].lead);
    for (size_t i = 2; i <= 5; i++)
        assert_string_equal(ps.items[i].lead, "Third Party Risk");
    assert_null(ps.items[6].lead);
    kj_document_free(doc);
    /* a paragraph that opens with its own title never takes the run-in
     * heading of one before it: a long title is its run-in heading, one
     * not read as a heading (a word in lower case) or set as a paragraph
     * of its own ends the one before it */
    text = "Risk Factors\n\n"
           "Supply Risks Could Hurt Us. We buy parts from a few makers.\n\n"
           "Changes in Trade Rules, Tariffs and Export Controls in the Markets Where We Buy, Build "
           "and Sell Our Products Could Raise Our Costs: New duties may apply.\n\n"
           "Any new duty would take effect within the year.\n\n"
           "Supply Risks Could Hurt Us. We buy parts from a few makers.\n\n"
           "The Growing Use of Automated Tools, including the Tools We Sell to Our Customers, "
           "Could Expose Us to Claims and Harm Our Standing: We rely on such tools.\n\n"
           "Claims could be costly to defend.\n\n"
           "Supply Risks Could Hurt Us. We buy parts from a few makers.\n\n"
           "The Growing Use of Automated Tools, including the Tools We Sell to Our Customers, "
           "Could Expose Us to Claims and Harm Our Standing:\n\n"
           "We rely on such tools every day.";
    ps = segment_text(text, strlen(text), NULL, &doc);
    assert_int_equal(ps.n, 9);
    assert_string_equal(ps.items[0].lead, "Supply Risks Could Hurt Us");
    assert_non_null(ps.items[1].lead);
    assert_true(kj_has_prefix(ps.items[1].lead, strlen(ps.items[1].lead), "Changes in Trade"));
    assert_string_equal(ps.items[2].lead, ps.items[1].lead);
    assert_string_equal(ps.items[3].lead, "Supply Risks Could Hurt Us");
    for (size_t i = 4; i <= 5; i++)
        assert_null(ps.items[i].lead);
    assert_string_equal(ps.items[6].lead, "Supply Risks Could Hurt Us");
    for (size_t i = 7; i <= 8; i++)
        assert_null(ps.items[i].lead);
    kj_document_free(doc);
}

/* A document of table cells, one block each: texts[i] in table tables[i],
 * row rows[i], as a reader numbers them (0: a reader that does not). The
 * caller frees it. */
static kj_document *cells_doc(const char *const *texts, const int *tables, const int *rows,
                              size_t n) {
    kj_buf b = KJ_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(kj_buf_puts(&b, i ? "\n\n" : ""), KJ_OK);
        assert_int_equal(kj_buf_puts(&b, texts[i]), KJ_OK);
    }
    kj_document *doc;
    kj_error err = {0};
    assert_int_equal(kj_ingest_text_utf8("t.txt", b.data, b.len, &doc, &err), KJ_OK);
    kj_buf_free(&b);
    assert_int_equal(doc->n_blocks, n);
    for (size_t i = 0; i < n; i++) {
        doc->blocks[i].kind = KJ_BLOCK_TABLE_CELL;
        doc->blocks[i].table = tables[i];
        doc->blocks[i].row = rows[i];
    }
    return doc;
}

/* In a table of contracts, a cell that holds only the countries of the
 * row's counterparties is the row's data: it names nothing, and the long
 * cell after it stays under the heading before the table. */
static void test_segment_country_cell(void **state) {
    (void)state;
    static const char contract[] =
        "発電設備の保守について、当社が部品を供給し、相手方が各国の拠点で点検と修理を行う"
        "ことを定めた契約で、期間は十年とし、以後は一年ごとに更新します。";
    static const char *const texts[] = {
        "相手方", "国名", "契約の内容", "架空電機㈱、つばさ工業㈱", "日本、米国、シンガポール",
        contract};
    static const int tables[] = {1, 1, 1, 1, 1, 1}, rows[] = {1, 1, 1, 2, 2, 2};
    kj_document *doc = cells_doc(texts, tables, rows, 6);
    kj_passages ps;
    kj_error err = {0};
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 2);
    assert_null(ps.items[1].heading);
    assert_int_equal(ps.n_headings, 0);
    kj_document_free(doc);
}

/* An empty cell (a document made by hand; readers give none) after a
 * label's row is skipped as the main loop skips one: it is no passage, and
 * no error. */
static void test_segment_cell_labels_empty(void **state) {
    (void)state;
    static const char *const texts[] = {
        "・対応",
        "・委託先の年次点検",
        "空",
        ("通信の監視と端末の暗号化を進め、全従業員に年に一度の研修を行い、"
         "委託先には契約で安全管理の措置を求め、その実施の状況を毎年確かめています。"),
    };
    static const int tables[] = {1, 1, 1, 1}, rows[] = {1, 1, 2, 2};
    kj_document *doc = cells_doc(texts, tables, rows, 4);
    doc->blocks[2].len = 0;
    kj_passages ps;
    kj_error err = {0};
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 2);
    assert_string_equal(ps.items[0].text, "・委託先の年次点検");
    assert_string_equal(ps.items[0].heading, "・対応");
    assert_string_equal(ps.items[1].text, texts[3]);
    assert_null(ps.items[1].heading);
    kj_document_free(doc);
}

/* A sub-heading inside a risk's description cell, after text of that cell,
 * adds to the risk's name in the cell before it in its row ("name
 * sub-heading"), and a second one replaces the first under the same name;
 * a name that opens a cell of its own (a grid of people, each with posts)
 * stands alone. */
static void test_segment_cell_subheading(void **state) {
    (void)state;
    static const char *const texts[] = {
        "架空の物流網が止まるリスク",
        "〔対応策〕",
        ("・倉庫を三つの地域に分けて置き、一つが止まってもほかの倉庫から二日のうちに"
         "届けられる体制を整え、その手順を年に二度の訓練で確かめています。"),
        "［燃料］（Fuel）",
        ("・燃料の仕入れ先を四社に広げ、どの一社が止まっても半年は運べる量の契約を"
         "毎年結び直し、三か月分の燃料を自社の油槽に蓄えています。"),
        "［人員］（Staff）",
        ("・運転手の交代要員を各営業所に置き、急な欠員があっても翌日には代わりの者が"
         "運べるよう備え、交代の手順を毎月の訓練で確かめています。"),
        "山田 花子 取締役",
        ("架空の運輸会社で十年にわたり営業部長を務め、その後は物流の企画部門を率いて"
         "新しい配送の仕組みを作り、各地の営業所の立て直しにも携わりました。"),
        "佐藤 一郎 取締役",
        ("架空の商社で長く財務を担当し、海外の子会社の経営にも携わってから"
         "当社の経理部門を率い、決算の早期化と管理会計の見直しを進めてきました。"),
    };
    static const int tables[] = {1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2};
    static const int rows[] = {1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2};
    static const int cells[] = {1, 2, 2, 2, 2, 2, 2, 3, 3, 4, 4};
    size_t n = sizeof texts / sizeof texts[0];
    kj_document *doc = cells_doc(texts, tables, rows, n);
    for (size_t i = 0; i < n; i++)
        doc->blocks[i].cell = cells[i];
    kj_passages ps;
    kj_error err = {0};
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    const char *fuel = NULL, *staff = NULL, *second = NULL;
    for (size_t i = 0; i < ps.n; i++) {
        if (ps.items[i].text == NULL) continue;
        if (strstr(ps.items[i].text, "燃料の仕入れ先")) fuel = ps.items[i].heading;
        if (strstr(ps.items[i].text, "運転手の交代要員")) staff = ps.items[i].heading;
        if (strstr(ps.items[i].text, "架空の商社")) second = ps.items[i].heading;
    }
    assert_non_null(fuel);
    assert_string_equal(fuel, "架空の物流網が止まるリスク ［燃料］（Fuel）");
    assert_non_null(staff);
    assert_string_equal(staff, "架空の物流網が止まるリスク ［人員］（Staff）");
    assert_non_null(second);
    assert_string_equal(second, "佐藤 一郎 取締役");
    kj_document_free(doc);
}

/* Labels in a table (a bullet or brackets around a short word) that say
 * what follows them, a long cell or bulleted lines of their row, are no
 * passages: they head it, with the heading above them, until their row
 * ends; with keep_headings they are kept as headings are. A bracketed
 * word after a name in its cell qualifies the name, and one before figures
 * is a row's data: both stay in their passages, as figures and note marks
 * do. */
static void test_segment_cell_labels(void **state) {
    (void)state;
    static const char *const texts[] = {
        "情報漏えいに関するリスク",
        "・リスク",
        "取引先から預かった図面や設計情報が、外部からの不正な侵入や従業員の誤った操作によって社外に"
        "流出し、取引先の信頼を失うおそれがあります。",
        "・対応",
        ("通信の監視と端末の暗号化を進め、全従業員に年に一度の研修を行い、"
         "委託先には契約で安全管理の措置を求め、その実施の状況を毎年確かめています。"),
        "〔懸念〕",
        "・委託先での紛失",
        "・私物端末の持込み",
        "〔対策〕",
        "・委託先の年次点検",
        "・持込みの申請制",
        "あおば精工",
        "（提出会社）",
        "あおば精工が部品の製造を委託している海外の二社と結んだ、図面の取扱いと秘密の保持に関する"
        "契約で、三年ごとに見直しています。",
        "〔売上〕",
        "1,200",
        "1,350",
        "(31)",
        "あおば精工が部品の製造を委託している海外の二社と結んだ、図面の取扱いと秘密の保持に関する"
        "契約で、三年ごとに見直しています。",
    };
    static const int tables[] = {1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3};
    static const int rows[] = {1, 2, 2, 3, 3, 4, 4, 4, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7};
    size_t n = sizeof texts / sizeof *texts;
    kj_document *doc = cells_doc(texts, tables, rows, n);
    kj_passages ps;
    kj_error err = {0};
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 8);
    for (size_t i = 0; i < ps.n; i++)
        if (strlen(ps.items[i].text) < 16) fail_msg("a label as a passage: %s", ps.items[i].text);
    assert_string_equal(ps.items[0].text, texts[2]);
    assert_string_equal(ps.items[0].heading, "情報漏えいに関するリスク ・リスク");
    assert_int_equal(ps.items[0].start, doc->blocks[2].start);
    assert_int_equal(ps.items[0].end, doc->blocks[2].end);
    assert_string_equal(ps.items[1].text, texts[4]);
    assert_string_equal(ps.items[1].heading, "情報漏えいに関するリスク ・対応");
    assert_int_equal(ps.items[1].start, doc->blocks[4].start);
    /* the table has ended: the name heads no more, nor its label */
    assert_string_equal(ps.items[2].text, "・委託先での紛失 | ・私物端末の持込み");
    assert_string_equal(ps.items[2].heading, "〔懸念〕");
    assert_int_equal(ps.items[2].start, doc->blocks[6].start);
    assert_string_equal(ps.items[3].text, "・委託先の年次点検 | ・持込みの申請制");
    assert_string_equal(ps.items[3].heading, "〔対策〕");
    assert_string_equal(ps.items[4].text, "あおば精工 | （提出会社）");
    assert_null(ps.items[4].heading);
    assert_null(ps.items[5].heading);
    assert_string_equal(ps.items[6].text, "〔売上〕 | 1,200 | 1,350 | (31)");
    assert_null(ps.items[6].heading);
    kj_document_free(doc);

    doc = cells_doc(texts, tables, rows, n);
    kj_segment_options keep = {KJ_LANG_AUTO, 0, 1, 0};
    assert_int_equal(kj_segment(doc, &keep, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 13); /* the name and the four labels too */
    assert_string_equal(ps.items[1].text, "・リスク");
    assert_null(ps.items[1].heading);
    kj_document_free(doc);
}

/* Short table cells are joined into a passage table by table: across the
 * rows of one table, not with the next table (two tables ran together into
 * one passage). Cells whose reader does not number tables are joined while
 * they are next to each other, as before. */
static void test_segment_tables_apart(void **state) {
    (void)state;
    static const char *const texts[] = {"委員会", "年4回", "訓練", "年1回", "Budget", "5%"};
    static const int tables[] = {1, 1, 1, 1, 2, 2}, rows[] = {1, 1, 2, 2, 3, 3},
                     none[] = {0, 0, 0, 0, 0, 0};
    kj_document *doc = cells_doc(texts, tables, rows, 6);
    kj_passages ps;
    kj_error err = {0};
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 2);
    assert_string_equal(ps.items[0].text, "委員会 | 年4回 | 訓練 | 年1回");
    assert_string_equal(ps.items[1].text, "Budget | 5%");
    assert_int_equal(ps.items[1].kind, KJ_BLOCK_TABLE_CELL);
    assert_int_equal(ps.items[1].start, doc->blocks[4].start);
    assert_int_equal(ps.items[1].end, doc->blocks[5].end);
    kj_document_free(doc);
    doc = cells_doc(texts, none, none, 6);
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 1);
    assert_string_equal(ps.items[0].text, "委員会 | 年4回 | 訓練 | 年1回 | Budget | 5%");
    kj_document_free(doc);
}

/* A table of contents, an entry and its page a row, is one passage of all
 * its rows, which kj_looks_like_contents knows by its shape (a row alone
 * is not one); a table after it is not part of it. */
static void test_segment_contents_table(void **state) {
    (void)state;
    static const char *const texts[] = {"Governance",
                                        "3",
                                        "Risk Management",
                                        "5",
                                        "Incident Response",
                                        "8",
                                        "Recovery",
                                        "11",
                                        "CISO",
                                        "Chief Information Security Officer"};
    static const int tables[] = {1, 1, 1, 1, 1, 1, 1, 1, 2, 2},
                     rows[] = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
    kj_document *doc = cells_doc(texts, tables, rows, 10);
    kj_passages ps;
    kj_error err = {0};
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 2);
    assert_string_equal(ps.items[0].text, "Governance | 3 | Risk Management | 5 | Incident "
                                          "Response | 8 | Recovery | 11");
    assert_true(ps.items[0].contents);
    assert_string_equal(ps.items[1].text, "CISO | Chief Information Security Officer");
    assert_false(ps.items[1].contents);
    kj_document_free(doc);
}

static void test_segment_long_block_split(void **state) {
    (void)state;
    kj_buf b = KJ_BUF_INIT;
    for (int i = 0; i < 200; i++)
        kj_buf_puts(&b, "当社は情報資産を守るための対策を継続して実施しています。");
    kj_document *doc;
    kj_segment_options o = {KJ_LANG_AUTO, 500, 0, 0};
    kj_passages ps = segment_text(b.data, b.len, &o, &doc);
    assert_true(ps.n >= 10);
    size_t total = 0;
    for (size_t i = 0; i < ps.n; i++) {
        size_t n = kj_utf8_count(ps.items[i].text, ps.items[i].len);
        assert_true(n <= 500);
        /* each piece ends a sentence, and the next starts where it ends */
        assert_true(!memcmp(ps.items[i].text + ps.items[i].len - 3, "。", 3));
        assert_int_equal(ps.items[i].start, total);
        total += n;
    }
    assert_int_equal(total, kj_utf8_count(b.data, b.len));
    kj_document_free(doc);
    kj_buf_free(&b);
}

/* A run with no sentence end far longer than max is cut within (after a
 * comma when there is one), and the passages still cover the whole text. */
static void test_segment_run_without_sentence_end(void **state) {
    (void)state;
    kj_buf b = KJ_BUF_INIT;
    for (int i = 0; i < 400; i++)
        kj_buf_puts(&b, "売上高は1,234百万円で前年比5.6%増加し、");
    kj_document *doc;
    kj_segment_options o = {KJ_LANG_AUTO, 500, 0, 0};
    kj_passages ps = segment_text(b.data, b.len, &o, &doc);
    assert_true(ps.n >= 16);
    size_t total = 0;
    for (size_t i = 0; i < ps.n; i++) {
        size_t n = kj_utf8_count(ps.items[i].text, ps.items[i].len);
        assert_true(n <= 500);
        if (i + 1 < ps.n) assert_true(!memcmp(ps.items[i].text + ps.items[i].len - 3, "、", 3));
        assert_int_equal(ps.items[i].start, total);
        total += n;
    }
    assert_int_equal(total, kj_utf8_count(b.data, b.len));
    kj_document_free(doc);
    kj_buf_free(&b);
}

/* defer_norm leaves passages without their normalised text; the offset map
 * recomputed by kj_passage_norm_map is the one kj_segment would have made. */
static void test_segment_deferred_norm_map(void **state) {
    (void)state;
    const char *text = "■体制\nＣＳＩＲＴを設置し、年２回の訓練を実施しています。\n"
                       "We run a SOC 24/7.\n";
    kj_document *doc;
    kj_error err = {0};
    assert_int_equal(kj_ingest_text_utf8("d.txt", text, strlen(text), &doc, &err), KJ_OK);
    kj_passages full, lazy;
    kj_segment_options o = {KJ_LANG_AUTO, 0, 0, 0};
    assert_int_equal(kj_segment(doc, &o, doc->arena, &full, &err), KJ_OK);
    o.defer_norm = 1;
    assert_int_equal(kj_segment(doc, &o, doc->arena, &lazy, &err), KJ_OK);
    assert_int_equal(full.n, lazy.n);
    assert_true(full.n >= 1);
    kj_arena *scratch = kj_arena_new();
    for (size_t i = 0; i < full.n; i++) {
        kj_passage *p = &lazy.items[i];
        assert_null(p->norm.text);
        assert_null(p->norm.map);
        assert_int_equal(kj_normalize(scratch, p->text, p->len, &p->norm), KJ_OK);
        assert_string_equal(p->norm.text, full.items[i].norm.text);
        p->norm.map = NULL; /* as kj_analyze_document keeps it */
        const uint32_t *map = kj_passage_norm_map(scratch, p);
        assert_non_null(map);
        assert_memory_equal(map, full.items[i].norm.map, (p->norm.len + 1) * sizeof *map);
        /* with a map, it is returned as is */
        assert_ptr_equal(kj_passage_norm_map(scratch, &full.items[i]), full.items[i].norm.map);
    }
    kj_arena_free(scratch);
    kj_document_free(doc);
}

/* A reset arena forgets its allocations and can be used again. */
static void test_arena_reset(void **state) {
    (void)state;
    kj_arena *a = kj_arena_new();
    kj_arena_reset(a); /* empty: nothing to do */
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 100; i++)
            assert_non_null(kj_arena_alloc(a, 4096));
        assert_non_null(kj_arena_alloc(a, 1 << 20));
        assert_true(kj_arena_used(a) >= 100 * 4096 + (1 << 20));
        kj_arena_reset(a);
        assert_int_equal(kj_arena_used(a), 0);
        char *s = kj_arena_strdup(a, "again");
        assert_string_equal(s, "again");
    }
    kj_arena_reset(NULL);
    kj_arena_free(a);
}

/* kj_next_line cuts a buffer into its lines in place: blank lines come too
 * (so line numbers are an editor's), a CR before the newline goes, and a last
 * line without a newline is a line. */
static void test_next_line(void **state) {
    (void)state;
    char buf[] = "a\tb\r\n\n# c\nlast";
    char *pos = buf, *end = buf + sizeof buf - 1, *line;
    size_t len;
    const char *want[] = {"a\tb", "", "# c", "last"};
    int n = 0;
    while ((line = kj_next_line(&pos, end, &len))) {
        assert_true(n < 4);
        assert_string_equal(line, want[n]);
        assert_int_equal(len, strlen(want[n]));
        n++;
    }
    assert_int_equal(n, 4);
    char empty[] = "";
    pos = empty;
    assert_null(kj_next_line(&pos, empty, &len));
    char one[] = "\n";
    pos = one;
    assert_non_null(line = kj_next_line(&pos, one + 1, &len));
    assert_int_equal(len, 0);
    assert_null(kj_next_line(&pos, one + 1, &len));
}

/* kj_data_next_entry gives a data file's entries with their line numbers
 * as an editor shows them: blank lines (a lone CR too) and lines starting
 * with '#' are counted and skipped, a '#' after a space starts an entry, a
 * CR before the newline goes, and a last line without a newline is an
 * entry. */
static void test_data_next_entry(void **state) {
    (void)state;
    char buf[] = "# head\n\nalpha\tone\r\n\r\n #indented\n#\tlast comment\nomega";
    kj_data_cursor c;
    kj_data_cursor_init(&c, "t.tsv", buf, sizeof buf - 1);
    const char *want[] = {"alpha\tone", " #indented", "omega"};
    const int want_line[] = {3, 5, 7};
    kj_error err = {0};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(kj_data_next_entry(&c, &err), KJ_OK);
        assert_non_null(c.line);
        assert_string_equal(c.line, want[i]);
        assert_int_equal(c.len, strlen(want[i]));
        assert_int_equal(c.lineno, want_line[i]);
    }
    assert_int_equal(kj_data_next_entry(&c, &err), KJ_OK);
    assert_null(c.line);
    assert_int_equal(kj_data_next_entry(&c, &err), KJ_OK); /* still at the end */
    assert_null(c.line);

    char empty[] = "";
    kj_data_cursor_init(&c, "e.tsv", empty, 0);
    assert_int_equal(kj_data_next_entry(&c, &err), KJ_OK);
    assert_null(c.line);

    char comments[] = "# a\n\n#b\n";
    kj_data_cursor_init(&c, "c.tsv", comments, sizeof comments - 1);
    assert_int_equal(kj_data_next_entry(&c, &err), KJ_OK);
    assert_null(c.line);
    assert_int_equal(c.lineno, 3);
}

/* An entry holding a NUL byte is an error naming the file and its line; a
 * comment holding one is skipped as any comment is. */
static void test_data_next_entry_nul(void **state) {
    (void)state;
    char buf[] = "#x\0y\nfine\nbad\0tail\nnever\n";
    kj_data_cursor c;
    kj_data_cursor_init(&c, "d/n.tsv", buf, sizeof buf - 1);
    kj_error err = {0};
    assert_int_equal(kj_data_next_entry(&c, &err), KJ_OK);
    assert_string_equal(c.line, "fine");
    assert_int_equal(c.lineno, 2);
    assert_int_equal(kj_data_next_entry(&c, &err), KJ_ERR_DATA);
    assert_int_equal(c.lineno, 3);
    assert_string_equal(err.msg, "d/n.tsv:3: the line holds a NUL byte");
}

/* kj_utf8_count, kj_utf8_valid and kj_utf8_skip agree with decoding one
 * code point at a time, on valid text and on random bytes (long enough for
 * the 32-byte steps, and mostly Japanese so the steps get far). */
static void test_utf8_count_valid(void **state) {
    (void)state;
    static const char *const texts[] = {"",
                                        "a",
                                        "abcdefgh",
                                        "abcdefghi",
                                        "日本語のテキスト。ascii mixed 123456789",
                                        "\xed\xa0\x80 surrogate",
                                        "\xe0\x80\x80 overlong",
                                        "\xef\xbf\xbd literal fffd",
                                        "\xe3\x81",
                                        "trail \xe3",
                                        "\x80\x80\x80 stray",
                                        "\xf0\x9f\x98\x80 emoji \xc3\xa9"};
    char buf[200];
    uint32_t r = 12345;
    for (size_t t = 0; t < sizeof texts / sizeof *texts + 2000; t++) {
        const char *s;
        size_t len;
        if (t < sizeof texts / sizeof *texts) {
            s = texts[t];
            len = strlen(s);
        } else { /* random bytes biased to UTF-8 leads and continuations, or
                    mostly kana with a stray byte now and then */
            len = (r >> 8) % sizeof buf;
            int kana = t % 2;
            for (size_t i = 0; i < len; i++) {
                r = r * 1103515245u + 12345u;
                static const unsigned char pick[] = {'a',  ' ',  0x80, 0x81, 0xBF, 0xC3,
                                                     0xE0, 0xE3, 0xED, 0xEF, 0xF0, 0xFF};
                if (kana && (r >> 16) % 64 && i + 3 <= len) {
                    memcpy(buf + i, "\xe3\x81\x82", 3);
                    i += 2;
                    continue;
                }
                buf[i] = (char)pick[(r >> 16) % sizeof pick];
            }
            s = buf;
        }
        size_t n = 0, i = 0;
        int valid = 1;
        while (i < len) {
            int32_t cp;
            size_t k = kj_utf8_decode_slow(s + i, len - i, &cp);
            if (cp == 0xFFFD && !(k == 3 && !memcmp(s + i, "\xef\xbf\xbd", 3))) valid = 0;
            i += k;
            n++;
        }
        assert_int_equal(kj_utf8_count(s, len), n);
        assert_int_equal(kj_utf8_valid(s, len), valid);
        for (size_t from = 0; from <= len; from++) { /* the next 'a'..'z' or ' ', byte by byte */
            size_t at = from;
            while (at < len && !((s[at] >= 'a' && s[at] <= 'z') || s[at] == ' '))
                at++;
            assert_int_equal(kj_next_ascii_in(s, len, from, 'a', 'z', ' ', ' '), at);
        }
        for (size_t want = 0; want <= n + 1; want += 1 + want / 4) {
            size_t at = 0, k = 0, done;
            while (at < len && k < want) {
                int32_t cp;
                at += kj_utf8_decode_slow(s + at, len - at, &cp);
                k++;
            }
            assert_int_equal(kj_utf8_skip(s, len, want, &done), at);
            assert_int_equal(done, k);
        }
    }
}

/* kj_format_int and kj_buf_put_int write what printf("%lld") writes, at
 * both ends of the range too. */
static void test_format_int(void **state) {
    (void)state;
    static const long long vals[] = {0, 7, -1, 10, -20, 123456789, LLONG_MAX, LLONG_MIN};
    for (size_t k = 0; k < sizeof vals / sizeof *vals; k++) {
        char want[32], got[KJ_INT_CHARS + 1];
        int wn = snprintf(want, sizeof want, "%lld", vals[k]);
        size_t n = kj_format_int(got, vals[k]);
        assert_int_equal(n, (size_t)wn);
        assert_memory_equal(got, want, n);
        kj_buf b = KJ_BUF_INIT;
        assert_int_equal(kj_buf_put_int(&b, vals[k]), KJ_OK);
        assert_int_equal(b.len, (size_t)wn);
        assert_memory_equal(b.data, want, b.len);
        kj_buf_free(&b);
    }
}

/* kj_write_file_replace writes its parts whole, replacing the file, and
 * leaves nothing behind where it cannot write. */
static void test_write_file_replace(void **state) {
    (void)state;
    char dir[64], path[128];
    kj_test_tmpdir(dir, sizeof dir, "kj-wfr-");
    snprintf(path, sizeof path, "%s/f.bin", dir);
    const void *parts[] = {"head\n", "", "body"};
    size_t lens[] = {5, 0, 4};
    assert_int_equal(kj_write_file_replace(path, parts, lens, 3), 0);
    assert_int_equal(kj_write_file_replace(path, parts, lens, 3), 0); /* over the first */
    char *got;
    size_t len;
    kj_error err = {0};
    assert_int_equal(kj_read_file(path, 0, &got, &len, &err), KJ_OK);
    assert_int_equal(len, 9);
    assert_memory_equal(got, "head\nbody", 9);
    free(got);
    snprintf(path, sizeof path, "%s/missing/f.bin", dir);
    assert_int_equal(kj_write_file_replace(path, parts, lens, 3), -1);
    assert_int_not_equal(access(path, F_OK), 0);
    kj_test_rmtree(dir);
}

/* kj_mem_discard zeroes the whole pages inside its range (giving them back)
 * and leaves every byte outside them, the range's partial pages included,
 * as it was; a range under two pages changes nothing. */
/* Text and bytes are packed without padding, and the aligned allocations
 * after them are still aligned; an allocation with a chunk of its own is
 * given back (the arena's count drops by it), a small one stays; a size
 * too large to add a chunk's header to is refused. */
/* A record keeps a passage's heading whole when short, else its first
 * KJ_PASSAGE_HEADING_MAX code points (and the marks of the last one's
 * cluster), whatever the heading's length. */
static void test_passage_heading_cut(void **state) {
    (void)state;
    int cut = -1;
    assert_int_equal(kj_passage_heading_cut("Cybersecurity", &cut), 13);
    assert_int_equal(cut, 0);
    kj_buf h = KJ_BUF_INIT;
    for (int i = 0; i < KJ_PASSAGE_HEADING_MAX; i++)
        kj_buf_puts(&h, "\xe3\x81\x82"); /* あ: exactly the most kept */
    assert_int_equal(kj_passage_heading_cut(h.data, &cut), h.len);
    assert_int_equal(cut, 0);
    size_t at_max = h.len;
    kj_buf_puts(&h, "e\xcc\x81"); /* one more: cut before it */
    assert_int_equal(kj_passage_heading_cut(h.data, &cut), at_max);
    assert_int_equal(cut, 1);
    kj_buf_reset(&h);
    for (int i = 0; i < KJ_PASSAGE_HEADING_MAX - 1; i++)
        kj_buf_puts(&h, "x");
    kj_buf_puts(&h, "e\xcc\x81\xcc\x82"); /* the 200th with two marks: kept whole */
    size_t cluster = h.len;
    for (int i = 0; i < 100000; i++) /* a heading of megabytes */
        kj_buf_puts(&h, "long heading ");
    assert_int_equal(kj_passage_heading_cut(h.data, &cut), cluster);
    assert_int_equal(cut, 1);
    kj_buf_free(&h);
}

static void test_arena_bytes_and_release(void **state) {
    (void)state;
    kj_arena *a = kj_arena_new();
    assert_non_null(a);
    char *x = kj_arena_strndup(a, "abc", 3), *y = kj_arena_strndup(a, "de", 2);
    assert_ptr_equal(y, x + 4); /* "abc" and its NUL, then "de" */
    unsigned char *z = kj_arena_alloc_bytes(a, 5);
    assert_ptr_equal(z, (unsigned char *)y + 3);
    double *d = kj_arena_alloc(a, sizeof *d);
    assert_int_equal((uintptr_t)d % 16, 0);
    assert_string_equal(x, "abc");
    assert_string_equal(y, "de");
    size_t used = kj_arena_used(a), big = 200 * 1024;
    char *b = kj_arena_alloc(a, big);
    assert_non_null(b);
    memset(b, 'b', big);
    char *after = kj_arena_strndup(a, "after", 5); /* in another chunk */
    assert_int_equal(kj_arena_used(a), used + big + 6);
    kj_arena_release(a, b, big);
    assert_int_equal(kj_arena_used(a), used + 6);
    assert_string_equal(after, "after");
    kj_arena_release(a, y, 3); /* shares its chunk: stays */
    assert_int_equal(kj_arena_used(a), used + 6);
    assert_string_equal(x, "abc");
    kj_arena_release(a, NULL, 10);
    kj_arena_release(NULL, x, 4);
    /* a size that the chunk's header would wrap around is refused */
    assert_null(kj_arena_alloc_raw(a, SIZE_MAX - 20));
    assert_null(kj_arena_alloc_bytes(a, SIZE_MAX));
    assert_null(kj_arena_strndup(a, "x", SIZE_MAX));
    kj_arena_free(a);
}

static void test_mem_discard(void **state) {
    (void)state;
    long page = sysconf(_SC_PAGESIZE);
    assert_true(page > 0);
    size_t n = 8 * (size_t)page;
    char *buf = malloc(n);
    assert_non_null(buf);
    memset(buf, 'x', n);
    size_t from = 100, to = n - 100; /* the range: [buf + from, buf + to) */
    kj_mem_discard(buf + from, to - from);
    uintptr_t lo = ((uintptr_t)(buf + from) + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
    uintptr_t hi = (uintptr_t)(buf + to) & ~((uintptr_t)page - 1);
    assert_true(hi > lo);
    size_t zeros = 0;
    for (size_t i = 0; i < n; i++) {
        uintptr_t at = (uintptr_t)(buf + i);
        if (at >= lo && at < hi) {
            assert_int_equal(buf[i], 0);
            zeros++;
        } else {
            assert_int_equal(buf[i], 'x');
        }
    }
    assert_int_equal(zeros, hi - lo);
    memset(buf, 'y', n);                   /* the memory is the caller's still */
    kj_mem_discard(buf + 1, (size_t)page); /* under two pages: nothing */
    for (size_t i = 0; i < n; i++)
        assert_int_equal(buf[i], 'y');
    free(buf);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_lang_stops_early_exactly),
        cmocka_unit_test(test_detect_lang_by_grammar),
        cmocka_unit_test(test_detect_lang_asides),
        cmocka_unit_test(test_detect_lang_aside_budget),
        cmocka_unit_test(test_table_data_cell),
        cmocka_unit_test(test_annotation_line),
        cmocka_unit_test(test_read_ja_date),
        cmocka_unit_test(test_scan_steps),
        cmocka_unit_test(test_names_countries),
        cmocka_unit_test(test_write_file_replace),
        cmocka_unit_test(test_mem_discard),
        cmocka_unit_test(test_arena_bytes_and_release),
        cmocka_unit_test(test_fold_width),
        cmocka_unit_test(test_format_int),
        cmocka_unit_test(test_normalize_width_and_case),
        cmocka_unit_test(test_normalize_kangxi_and_space),
        cmocka_unit_test(test_normalize_map),
        cmocka_unit_test(test_normalize_map_composed),
        cmocka_unit_test(test_normalize_decomposed),
        cmocka_unit_test(test_normalize_spacing_marks),
        cmocka_unit_test(test_normalize_mark_first),
        cmocka_unit_test(test_normalize_long_marks),
        cmocka_unit_test(test_normalize_marks_random),
        cmocka_unit_test(test_normalize_runs),
        cmocka_unit_test(test_normalize_fast_path_edges),
        cmocka_unit_test(test_normalize_line_break_joins),
        cmocka_unit_test(test_normalize_ascii_random),
        cmocka_unit_test(test_normalize_invalid_utf8),
        cmocka_unit_test(test_fold_radicals),
        cmocka_unit_test(test_fold_radicals_mixed),
        cmocka_unit_test(test_detect_lang),
        cmocka_unit_test(test_lang_list),
        cmocka_unit_test(test_heading),
        cmocka_unit_test(test_us_filing_heading),
        cmocka_unit_test(test_run_in_heading),
        cmocka_unit_test(test_opens_with_title),
        cmocka_unit_test(test_looks_like_contents),
        cmocka_unit_test(test_segment_tables_apart),
        cmocka_unit_test(test_segment_contents_table),
        cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_sentences_cased),
        cmocka_unit_test(test_sentences_of_passage),
        cmocka_unit_test(test_sentences_abbrev_and_quotes),
        cmocka_unit_test(test_sentences_wide_full_stop),
        cmocka_unit_test(test_sentences_closers),
        cmocka_unit_test(test_segment),
        cmocka_unit_test(test_segment_figures_and_bare_sentences),
        cmocka_unit_test(test_segment_unit_notes),
        cmocka_unit_test(test_segment_continued),
        cmocka_unit_test(test_segment_dates),
        cmocka_unit_test(test_segment_grid_rows),
        cmocka_unit_test(test_segment_grid_figures),
        cmocka_unit_test(test_segment_grid_mid_row),
        cmocka_unit_test(test_segment_section_resets_heading),
        cmocka_unit_test(test_segment_bullet_run),
        cmocka_unit_test(test_segment_cell_heading),
        cmocka_unit_test(test_segment_country_cell),
        cmocka_unit_test(test_segment_cell_labels),
        cmocka_unit_test(test_segment_cell_labels_empty),
        cmocka_unit_test(test_segment_cell_subheading),
        cmocka_unit_test(test_segment_lone_item_heading),
        cmocka_unit_test(test_segment_stacked_item_headings),
        cmocka_unit_test(test_segment_heading_run),
        cmocka_unit_test(test_segment_run_in_heading),
        cmocka_unit_test(test_segment_long_block_split),
        cmocka_unit_test(test_segment_run_without_sentence_end),
        cmocka_unit_test(test_segment_deferred_norm_map),
        cmocka_unit_test(test_arena_reset),
        cmocka_unit_test(test_utf8_count_valid),
        cmocka_unit_test(test_next_line),
        cmocka_unit_test(test_data_next_entry),
        cmocka_unit_test(test_data_next_entry_nul),
        cmocka_unit_test(test_passage_heading_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
