/*
 * test_ingest.c - unit tests of the ingest stage (src/ingest): every format
 * and encoding on the fixtures in tests/fixtures/ingest (made by
 * tools/make-ingest-fixtures.py from fictional text), the errors a user can
 * meet (empty, junk, wrong extension, encrypted, truncated, scanned, too
 * large, zip bomb) and the offsets later stages rely on; and that large
 * UTF-8 text read a piece at a time gives exactly what reading it whole does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "ingest/ingest_internal.h"
#include "kaiji/ingest.h"
#include "kaiji/text.h"

#ifndef FIXDIR
#define FIXDIR "tests/fixtures/ingest"
#endif

static char fixdir[4096];

static const char *fx(const char *name) {
    static char path[8192];
    snprintf(path, sizeof path, "%s/%s", fixdir, name);
    return path;
}

static kj_document *ingest_ok(const char *name, const kj_ingest_options *o) {
    kj_document *d = NULL;
    kj_error err;
    kj_error_clear(&err);
    kj_status st = kj_ingest_file(fx(name), o, &d, &err);
    if (st != KJ_OK) fail_msg("%s: %s", name, err.msg);
    assert_non_null(d);
    return d;
}

static kj_status ingest_err(const char *name, const kj_ingest_options *o, kj_error *err) {
    kj_document *d = (kj_document *)1;
    kj_error_clear(err);
    kj_status st = kj_ingest_file(fx(name), o, &d, err);
    assert_null(d);
    assert_int_not_equal(st, KJ_OK);
    assert_non_null(strstr(err->msg, name)); /* the message names the file */
    return st;
}

/* Index of the first block containing needle, or -1. */
static int find(const kj_document *d, const char *needle) {
    for (size_t i = 0; i < d->n_blocks; i++)
        if (strstr(d->blocks[i].text, needle)) return (int)i;
    return -1;
}

static void check_sample_text(const char *name, const char *enc) {
    kj_document *d = ingest_ok(name, NULL);
    assert_int_equal(d->format, KJ_FORMAT_TEXT);
    assert_string_equal(d->encoding, enc);
    assert_int_equal(d->n_blocks, 5);
    assert_string_equal(d->blocks[0].text, "ほしぞら精機株式会社 情報セキュリティ報告");
    /* CJK lines joined without a space, Latin lines with one */
    assert_true(find(d, "最高情報セキュリティ責任者（CISO）のもとで全社的な対策") >= 0);
    assert_true(find(d, "every quarter and reports to the board") >= 0);
    /* an ideographic-space indent starts a new paragraph */
    assert_true(strncmp(d->blocks[4].text, "　インシデント", strlen("　インシデント")) == 0);
    assert_int_equal(d->blocks[1].line, 3);
    kj_document_free(d);
}

/* kj_detect_format says what kj_ingest_file would read a path as, and
 * refuses what it refuses before reading, naming the file. */
static void test_detect_format(void **state) {
    (void)state;
    static const struct {
        const char *name;
        kj_format f;
    } known[] = {{"sample.pdf", KJ_FORMAT_PDF},       {"sample.html", KJ_FORMAT_HTML},
                 {"sample-utf8.txt", KJ_FORMAT_TEXT}, {"sample.docx", KJ_FORMAT_DOCX},
                 {"pdf-named.txt", KJ_FORMAT_PDF},    {"edinet", KJ_FORMAT_EDINET},
                 {"junk.pdf", KJ_FORMAT_PDF}};
    kj_error err;
    for (size_t k = 0; k < sizeof known / sizeof *known; k++) {
        kj_format f = KJ_FORMAT_AUTO;
        kj_error_clear(&err);
        if (kj_detect_format(fx(known[k].name), &f, &err) != KJ_OK)
            fail_msg("%s: %s", known[k].name, err.msg);
        if (f != known[k].f) fail_msg("%s read as %s", known[k].name, kj_format_name(f));
    }
    static const char *const refused[] = {"empty.txt", "no-such-file.pdf"};
    for (size_t k = 0; k < 2; k++) {
        kj_format f;
        kj_error_clear(&err);
        assert_int_not_equal(kj_detect_format(fx(refused[k]), &f, &err), KJ_OK);
        assert_non_null(strstr(err.msg, refused[k]));
    }
    char fifo[] = "/tmp/kj-detect-XXXXXX";
    assert_non_null(mkdtemp(fifo));
    char path[sizeof fifo + 16];
    snprintf(path, sizeof path, "%s/g.pdf", fifo);
    assert_int_equal(mkfifo(path, 0600), 0);
    kj_format f;
    kj_error_clear(&err);
    assert_int_equal(kj_detect_format(path, &f, &err), KJ_ERR_IO);
    assert_non_null(strstr(err.msg, "not a regular file"));
    unlink(path);
    rmdir(fifo);
}

static void test_text_encodings(void **state) {
    (void)state;
    check_sample_text("sample-utf8.txt", "UTF-8");
    check_sample_text("sample-utf8-bom.txt", "UTF-8");
    check_sample_text("sample-sjis.txt", "CP932");
    check_sample_text("sample-eucjp.txt", "EUC-JP-MS");
    check_sample_text("sample-utf16le-bom.txt", "UTF-16LE");
    check_sample_text("sample-utf16be.txt", "UTF-16BE");
}

/* EUC-JP written on Windows has the NEC extensions (①, Ⅱ, ㈱), which
 * plain EUC-JP has no code for: detected or named as EUC-JP, it is read with
 * them, as Shift_JIS is read as CP932 (the file was refused at ①). */
static void test_text_eucjp_extensions(void **state) {
    (void)state;
    kj_ingest_options o = {.encoding = "EUC-JP"};
    for (int k = 0; k < 2; k++) {
        kj_document *d = ingest_ok("sample-eucjp-ms.txt", k ? &o : NULL);
        assert_string_equal(d->encoding, "EUC-JP-MS");
        assert_true(find(d, "ほしぞら精機㈱　情報セキュリティ報告　第Ⅱ部") >= 0);
        assert_true(find(d, "①　情報セキュリティ委員会を四半期ごとに開いています。") >= 0);
        assert_true(find(d, "②　全従業員を対象とした研修を毎年実施しています。") >= 0);
        kj_document_free(d);
    }
}

/* kj_bom_encoding: the encoding a byte order mark names, which both the
 * text and the HTML readers take before any guess; none when cut short. */
static void test_bom_encoding(void **state) {
    (void)state;
    assert_string_equal(kj_bom_encoding("\xEF\xBB\xBF<p>", 6), "UTF-8");
    assert_string_equal(kj_bom_encoding("\xFF\xFE<", 3), "UTF-16LE");
    assert_string_equal(kj_bom_encoding("\xFE\xFF", 2), "UTF-16BE");
    assert_null(kj_bom_encoding("\xEF\xBB", 2));
    assert_null(kj_bom_encoding("\xFF", 1));
    assert_null(kj_bom_encoding("<html>", 6));
    assert_null(kj_bom_encoding("", 0));
    assert_string_equal(kj_guess_encoding("\xFE\xFF\x00<", 4), "UTF-16BE");
}

/* Japanese UTF-16 without a BOM has too few zero bytes to show its byte
 * order; its code units show it (kana and kanji one way, blocks no document
 * uses the other). Shift_JIS, EUC-JP and binary junk are not taken for it. */
static void test_text_utf16_japanese_no_bom(void **state) {
    (void)state;
    static const char *const files[] = {"sample-ja-utf16le.txt", "sample-ja-utf16be.txt"};
    static const char *const encs[] = {"UTF-16LE", "UTF-16BE"};
    for (int k = 0; k < 2; k++) {
        kj_document *d = ingest_ok(files[k], NULL);
        assert_string_equal(d->encoding, encs[k]);
        assert_int_equal(d->n_blocks, 3);
        assert_true(find(d, "情報セキュリティ委員会を四半期ごとに開き、取締役会へ報告") >= 0);
        kj_document_free(d);
    }
    kj_document *d = ingest_ok("sample-sjis.txt", NULL);
    assert_string_equal(d->encoding, "CP932");
    kj_document_free(d);
    d = ingest_ok("sample-eucjp.txt", NULL);
    assert_string_equal(d->encoding, "EUC-JP-MS");
    kj_document_free(d);
    kj_error err;
    assert_int_equal(ingest_err("junk.bin", NULL, &err), KJ_ERR_FORMAT);
}

/* Lines end at LF, CR LF, CR CR LF or a CR alone: the same text with each
 * gives the same blocks (wrapped lines joined, a blank line a paragraph's
 * end). */
static void test_text_line_ends(void **state) {
    (void)state;
    static const char *const ends[] = {"\n", "\r\n", "\r\r\n", "\r"};
    static const char *const lines[] = {"当社は情報セキュ",
                                        "リティ委員会を設置し",
                                        "ています。",
                                        "",
                                        "The committee meets",
                                        "every quarter. Our ACME-",
                                        "CERT team and the Wi-",
                                        "Fi secu-",
                                        "rity staff report."};
    for (int k = 0; k < 4; k++) {
        char text[512] = "";
        for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
            strcat(text, lines[i]);
            strcat(text, ends[k]);
        }
        kj_document *d;
        kj_error err = {0};
        assert_int_equal(kj_ingest_text_utf8("t.txt", text, strlen(text), &d, &err), KJ_OK);
        assert_int_equal(d->n_blocks, 2);
        assert_string_equal(d->blocks[0].text, "当社は情報セキュリティ委員会を設置しています。");
        /* a hyphen joining capitals stays, a word broken with one is whole */
        assert_string_equal(d->blocks[1].text, "The committee meets every quarter. Our ACME-CERT "
                                               "team and the Wi-Fi security staff report.");
        assert_int_equal(d->blocks[1].line, 5);
        kj_document_free(d);
    }
}

static void test_text_forced_encoding(void **state) {
    (void)state;
    kj_ingest_options o = {.encoding = "SHIFT_JIS"};
    kj_document *d = ingest_ok("sample-sjis.txt", &o);
    assert_string_equal(d->encoding, "CP932");
    assert_true(find(d, "標的型メール訓練") >= 0);
    kj_document_free(d);
    kj_error err;
    o.encoding = "no-such-encoding";
    assert_int_equal(ingest_err("sample-utf8.txt", &o, &err), KJ_ERR_ARG);
}

static void test_offsets(void **state) {
    (void)state;
    kj_document *d = ingest_ok("sample-utf8.txt", NULL);
    size_t pos = 0, bytes = 0;
    for (size_t i = 0; i < d->n_blocks; i++) {
        const kj_block *b = &d->blocks[i];
        assert_int_equal(b->start, pos);
        assert_int_equal(b->end - b->start, kj_utf8_count(b->text, b->len));
        assert_int_equal(strlen(b->text), b->len);
        pos = b->end + 1;
        bytes += b->len + (i ? 1 : 0);
    }
    assert_int_equal(d->text_chars, d->blocks[d->n_blocks - 1].end);
    assert_int_equal(d->text_bytes, bytes);
    kj_document_free(d);
}

static void test_text_utf8_memory(void **state) {
    (void)state;
    const char *t = "第一段落の\n続きです。\n\nSecond para-\ngraph here.\n";
    kj_document *d = NULL;
    kj_error err;
    assert_int_equal(kj_ingest_text_utf8("mem", t, strlen(t), &d, &err), KJ_OK);
    assert_int_equal(d->n_blocks, 2);
    assert_string_equal(d->blocks[0].text, "第一段落の続きです。");
    assert_string_equal(d->blocks[1].text, "Second paragraph here.");
    assert_string_equal(d->path, "mem");
    kj_document_free(d);
    assert_int_equal(kj_ingest_text_utf8("bad", "\xff\xfe", 2, &d, &err), KJ_ERR_FORMAT);
    assert_null(d);
}

/* The blocks of UTF-8 text t (the caller frees the document). */
static kj_document *text_blocks(const char *t) {
    kj_document *d = NULL;
    kj_error err;
    assert_int_equal(kj_ingest_text_utf8("mem", t, strlen(t), &d, &err), KJ_OK);
    return d;
}

/* A document's block array is given back once segmented: blocks NULL,
 * n_blocks 0, the arena smaller by the array; the passages keep their text,
 * which the blocks shared. */
static void test_document_release_blocks(void **state) {
    (void)state;
    kj_buf t = KJ_BUF_INIT;
    for (int i = 0; i < 2000; i++) /* an array larger than an arena chunk */
        kj_buf_printf(&t, "Paragraph %d of a made-up report.\n\n", i);
    kj_document *d = NULL;
    kj_error err = {0};
    assert_int_equal(kj_ingest_text_utf8("mem", t.data, t.len, &d, &err), KJ_OK);
    kj_buf_free(&t);
    assert_int_equal(d->n_blocks, 2000);
    kj_passages ps;
    assert_int_equal(kj_segment(d, NULL, d->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 2000);
    size_t used = kj_arena_used(d->arena);
    kj_document_release_blocks(d);
    assert_null(d->blocks);
    assert_int_equal(d->n_blocks, 0);
    assert_int_equal(kj_arena_used(d->arena), used - 2000 * sizeof(kj_block));
    assert_string_equal(ps.items[1999].text, "Paragraph 1999 of a made-up report.");
    kj_document_release_blocks(d); /* again: nothing to do */
    kj_document_release_blocks(NULL);
    kj_document_free(d);
    /* a small document's array stays in its chunk until the document goes */
    d = text_blocks("One paragraph.\n\nAnother one.\n");
    used = kj_arena_used(d->arena);
    kj_document_release_blocks(d);
    assert_null(d->blocks);
    assert_int_equal(kj_arena_used(d->arena), used);
    kj_document_free(d);
}

/* Paragraphs with no blank line between them: a text that gives each one
 * line, wrapped Japanese and English whose last lines end short, and lines
 * that start with a heading or list mark. */
static void test_text_paragraph_ends(void **state) {
    (void)state;
    /* one line each, wider than any wrapped line */
    kj_buf b = KJ_BUF_INIT;
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 6; k++)
            kj_buf_puts(&b, "当社は社内の端末とサーバを定期的に点検しています。");
        kj_buf_puts(&b, "\n");
    }
    kj_document *d = text_blocks(b.data);
    assert_int_equal(d->n_blocks, 3);
    assert_int_equal(d->blocks[1].line, 2);
    kj_document_free(d);
    /* after them, a text known to give each paragraph one line keeps a
     * short one apart too, and a heading without a mark */
    kj_buf_puts(&b, "監視の体制\n"
                    "侵入の検知は外部の専門会社に委託しています。\n"
                    "結果は毎月取締役会に報告します。\n");
    d = text_blocks(b.data);
    assert_int_equal(d->n_blocks, 6);
    assert_string_equal(d->blocks[3].text, "監視の体制");
    assert_string_equal(d->blocks[5].text, "結果は毎月取締役会に報告します。");
    kj_document_free(d);
    /* a text that opens with its title and headings, short lines, before
     * its third long line: its opening lines show the layout, so the short
     * lines are blocks of their own from the first */
    kj_buf_reset(&b);
    kj_buf_puts(&b, "ほしぞら精機 情報セキュリティ報告\n■ 推進体制\n【基本方針】\n");
    for (int i = 0; i < 4; i++) {
        if (i == 2) kj_buf_puts(&b, "（1）教育\n");
        for (int k = 0; k < 6; k++)
            kj_buf_puts(&b, "当社は社内の端末とサーバを定期的に点検しています。");
        kj_buf_puts(&b, "\n");
    }
    d = text_blocks(b.data);
    assert_int_equal(d->n_blocks, 8);
    assert_string_equal(d->blocks[0].text, "ほしぞら精機 情報セキュリティ報告");
    assert_string_equal(d->blocks[2].text, "【基本方針】");
    assert_string_equal(d->blocks[5].text, "（1）教育");
    kj_document_free(d);
    /* the width that tells an unwrapped line, counted exactly: 200 columns
     * (a CJK character two) are still a wrapped line's, 201 are not (after
     * two full lines that end within a sentence, as a wrapped text's do) */
    for (int cjk = 0; cjk < 2; cjk++)
        for (int extra = 0; extra < 2; extra++) {
            kj_buf_reset(&b);
            for (int line = 0; line < 3; line++) {
                for (int k = 0; k < (cjk ? 99 : 199) + (line == 2 ? extra : 0); k++)
                    kj_buf_puts(&b, cjk ? (k % 2 ? "情" : "報") : "a");
                kj_buf_puts(&b, line < 2 ? (cjk ? "の\n" : "a\n")
                                : cjk    ? "。\n次の行\n"
                                         : ".\nnext line\n");
            }
            d = text_blocks(b.data);
            assert_int_equal(d->n_blocks, 1 + (size_t)extra);
            kj_document_free(d);
        }
    kj_buf_free(&b);
    /* wrapped Japanese: a full line that happens to end a sentence stays
     * joined; the short last line ends the paragraph */
    d = text_blocks("取締役会は年に二回、情報管理の状況について報告\n"
                    "を受け、対策の方針を決めています。担当役員は、\n"
                    "各部門の責任者を集めた会議を毎月開いています。\n"
                    "その結果は翌月に公表します。\n"
                    "委託先には年に一度、自己点検の結果を求めてい\n"
                    "ます。\n");
    assert_int_equal(d->n_blocks, 2);
    assert_true(strstr(d->blocks[0].text, "開いています。その結果は") != NULL);
    assert_string_equal(d->blocks[1].text, "委託先には年に一度、自己点検の結果を求めています。");
    kj_document_free(d);
    /* wrapped English, broken before a word that does not fit: a line short
     * by a word stays joined, one ending well short ends the paragraph */
    d = text_blocks("Our security team reviews the access rights of every employee twice a\n"
                    "year and removes those no longer needed. The results go to the audit\n"
                    "committee each quarter.\n"
                    "We also test our backups of the main business systems every month and\n"
                    "keep a copy offline.\n");
    assert_int_equal(d->n_blocks, 2);
    assert_string_equal(d->blocks[1].text,
                        "We also test our backups of the main business systems every month and "
                        "keep a copy offline.");
    kj_document_free(d);
    /* a heading mark starts a block (the lines after it join it, as the
     * lines of a wrapped list entry would, with nothing between as a wrap
     * beside Japanese is nothing); a negative number's triangle does not */
    d = text_blocks("方針を定めて\n■ 推進体制\n専門の部署を置き\n△12.5\n");
    assert_int_equal(d->n_blocks, 2);
    assert_string_equal(d->blocks[0].text, "方針を定めて");
    assert_string_equal(d->blocks[1].text, "■ 推進体制専門の部署を置き△12.5");
    kj_document_free(d);
}

/* Markdown and plain-text lists: an ASCII bullet ("- ", "* ", "+ ") starts
 * an entry, a # heading is a block of its own; a hyphen that joins words
 * or a # that starts a word does neither. */
static void test_text_markdown(void **state) {
    (void)state;
    kj_document *d = text_blocks("# Security at ACME\n"
                                 "## Governance\n"
                                 "The board oversees\n"
                                 "cyber risk.\n"
                                 "- Audits each year\n"
                                 "* Drills each quarter\n"
                                 "+ Backups each day,\n"
                                 "kept offline\n"
                                 "-and no more\n"
                                 "#tags stay\n");
    assert_int_equal(d->n_blocks, 6);
    assert_string_equal(d->blocks[0].text, "# Security at ACME");
    assert_string_equal(d->blocks[1].text, "## Governance");
    assert_string_equal(d->blocks[2].text, "The board oversees cyber risk.");
    assert_string_equal(d->blocks[3].text, "- Audits each year");
    assert_string_equal(d->blocks[4].text, "* Drills each quarter");
    assert_string_equal(d->blocks[5].text,
                        "+ Backups each day, kept offline -and no more #tags stay");
    kj_document_free(d);
}

/* A text that gives each heading and each paragraph one line, with no
 * blank line between and no line too wide to be a wrapped one: its lines
 * end where sentences do, not at a margin, so each is a block from the
 * first. The same words wrapped at a margin are still joined. */
static void test_text_one_line_short(void **state) {
    (void)state;
    kj_document *d =
        text_blocks("ACME精工 情報セキュリティ報告\n"
                    "基本方針\n"
                    "当社は、お客様から預かる情報を守ることを経営の務めと考えています。\n"
                    "推進体制\n"
                    "担当の役員が委員会を率い、各部門の対策を年に四回確かめています。\n"
                    "委員会の結果は、取締役会に毎回報告しています。\n"
                    "教育\n"
                    "全従業員が毎年研修を受けています。\n");
    assert_int_equal(d->n_blocks, 8);
    assert_string_equal(d->blocks[0].text, "ACME精工 情報セキュリティ報告");
    assert_string_equal(d->blocks[1].text, "基本方針");
    assert_string_equal(d->blocks[3].text, "推進体制");
    assert_int_equal(d->blocks[3].line, 4);
    assert_string_equal(d->blocks[5].text, "委員会の結果は、取締役会に毎回報告しています。");
    assert_string_equal(d->blocks[6].text, "教育");
    kj_document_free(d);
    /* English, with two lines too wide to be wrapped ones: fewer than the
     * three that once had to be read before the layout showed */
    kj_buf b = KJ_BUF_INIT;
    kj_buf_puts(&b, "Security Report\nGovernance\n");
    for (int k = 0; k < 5; k++)
        kj_buf_puts(&b, "The board hears from the security team every quarter. ");
    kj_buf_puts(&b, "\nTraining\n");
    for (int k = 0; k < 5; k++)
        kj_buf_puts(&b, "Every employee takes a course on phishing each spring. ");
    kj_buf_puts(&b, "\n");
    d = text_blocks(b.data);
    assert_int_equal(d->n_blocks, 5);
    assert_string_equal(d->blocks[0].text, "Security Report");
    assert_string_equal(d->blocks[1].text, "Governance");
    assert_string_equal(d->blocks[3].text, "Training");
    kj_document_free(d);
    kj_buf_free(&b);
    /* a single full line that ends a sentence, among short ones, is too
     * little to tell a text has no margin: read as wrapped, as before */
    d = text_blocks("指標：重大な情報セキュリティ事故の件数\n"
                    "対象：当社と国内の子会社\n"
                    "2022年度 0\n"
                    "備考：外部への公表を要する重大な事故の件数を数えています。\n"
                    "2023年度：委託先での記録媒体の紛失が一件\n");
    assert_int_equal(d->n_blocks, 1);
    kj_document_free(d);
    /* wrapped at a margin: full lines end within a sentence and join */
    d = text_blocks("当社は、お客様から預かる情報を守ることを経営の務めと\n"
                    "考えています。担当の役員が委員会を率い、各部門の対\n"
                    "策を年に四回確かめています。委員会の結果は、取締役\n"
                    "会に毎回報告しています。\n"
                    "全従業員が毎年研修を受けています。\n");
    assert_int_equal(d->n_blocks, 2);
    assert_string_equal(
        d->blocks[0].text,
        "当社は、お客様から預かる情報を守ることを経営の務めと考えています。担当の役員"
        "が委員会を率い、各部門の対策を年に四回確かめています。委員会の結果は、取締役"
        "会に毎回報告しています。");
    kj_document_free(d);
}

/* The texts of d's blocks, one a line, for a test's message. */
static const char *block_texts(const kj_document *d, kj_buf *b) {
    kj_buf_reset(b);
    for (size_t i = 0; i < d->n_blocks; i++)
        kj_buf_printf(b, "[%zu] %s\n", i, d->blocks[i].text);
    return b->data ? b->data : "";
}

/* Whether text t is read into exactly the blocks want (NULL-terminated);
 * fails the test with both when not. */
static void expect_blocks(const char *t, const char *const *want) {
    kj_document *d = text_blocks(t);
    size_t n = 0;
    while (want[n])
        n++;
    bool same = d->n_blocks == n;
    for (size_t i = 0; same && i < n; i++)
        same = !strcmp(d->blocks[i].text, want[i]);
    if (!same) {
        kj_buf b = KJ_BUF_INIT;
        fail_msg("text:\n%s\nblocks:\n%s", t, block_texts(d, &b));
    }
    kj_document_free(d);
}

/* A paragraph of one short line that ends a sentence ends there, though
 * it has no wider line of its own to fall short of: measured against a
 * full line of the text, it is no wrap, and the heading and paragraph
 * below it keep apart. A list number alone on its line ("1.") ends no
 * sentence and joins the text after it. */
static void test_text_one_line_paragraph(void **state) {
    (void)state;
    expect_blocks("当社は方針を定めています。\n"
                  "推進体制\n"
                  "当社は情報管理の責任者を置き、その下の専門の担当者が社内の端末とサーバの点検を\n"
                  "毎月行っています。点検の結果は委員会が確かめます。\n",
                  (const char *const[]){"当社は方針を定めています。", "推進体制",
                                        "当社は情報管理の責任者を置き、その下の専門の担当者が社内"
                                        "の端末とサーバの点検を毎月行っています。点検の結果は委員"
                                        "会が確かめます。",
                                        NULL});
    expect_blocks(
        "1.\n"
        "The documents filed with this report are listed on the next pages.\n",
        (const char *const[]){
            "1. The documents filed with this report are listed on the next pages.", NULL});
}

/* A heading written on the line right above its paragraph, with no blank
 * line between them, is a block of its own: a short line that ends no
 * sentence over running text, Japanese or English, also a long English
 * heading after which the next word would have fitted, and over a
 * paragraph that gives each sentence a line. A wrapped paragraph whose
 * first line runs to the margin still joins, as does one whose first line
 * ends short because the next word did not fit; so do short lines stacked
 * under one another (a name over a title, a letterhead, a table's lines),
 * a first line that breaks off within a sentence, and one whose next line
 * goes on within it (a lower-case word, を、…). */
static void test_text_heading_over_paragraph(void **state) {
    (void)state;
    kj_document *d = text_blocks("はじめに\n\n"
                                 "本書では当社の情報管理の取り組みを説明します。\n\n"
                                 "サイバーセキュリティ\n"
                                 "当社は情報管理の委員会を置き、社内の端末とサーバの点検を毎月"
                                 "行っています。点検の結果は委員会が確かめます。\n\n"
                                 "ガバナンス\n"
                                 "取締役会は委員会から年に二回報告を受けます。\n");
    static const char *const ja[] = {
        "はじめに",
        "本書では当社の情報管理の取り組みを説明します。",
        "サイバーセキュリティ",
        ("当社は情報管理の委員会を置き、社内の端末とサーバの点検を毎月行っています。点検の結果は"
         "委員会が確かめます。"),
        "ガバナンス",
        "取締役会は委員会から年に二回報告を受けます。"};
    assert_int_equal(d->n_blocks, 6);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(d->blocks[i].text, ja[i]);
    assert_int_equal(d->blocks[2].line, 5);
    assert_int_equal(d->blocks[3].line, 6);
    assert_int_equal(d->blocks[5].line, 9);
    kj_document_free(d);
    /* English, over a wrapped paragraph */
    expect_blocks(
        "Cybersecurity\n"
        "We keep a program to find, weigh and manage the risks that threats to our\n"
        "systems pose, and the audit committee of our board looks after it.\n",
        (const char *const[]){"Cybersecurity",
                              "We keep a program to find, weigh and manage the risks that threats "
                              "to our systems pose, and the audit committee of our board looks "
                              "after it.",
                              NULL});
    /* a heading after a wrapped paragraph's short last line, with no blank
     * line between */
    expect_blocks("取締役会は情報管理の委員会から年に二回、点検の結果について報\n"
                  "告を受けます。\n"
                  "人材の育成\n"
                  "全従業員が毎年研修を受けています。\n",
                  (const char *const[]){"取締役会は情報管理の委員会から年に二回、点検の結果に"
                                        "ついて報告を受けます。",
                                        "人材の育成", "全従業員が毎年研修を受けています。", NULL});
    /* a wrapped paragraph whose first line runs to the margin joins */
    expect_blocks(
        "Our security team checks the access rights of every employee twice a\n"
        "year and removes those no longer needed.\n",
        (const char *const[]){"Our security team checks the access rights of every employee "
                              "twice a year and removes those no longer needed.",
                              NULL});
    expect_blocks("当社は情報管理の委員会を置き、社内の端末とサーバの点検を毎月\n"
                  "行っています。\n",
                  (const char *const[]){"当社は情報管理の委員会を置き、社内の端末とサーバの点"
                                        "検を毎月行っています。",
                                        NULL});
    /* short lines stacked: a name over a title, a letterhead, a table */
    expect_blocks("ほしぞら精機\n情報セキュリティへの取り組み\n",
                  (const char *const[]){"ほしぞら精機情報セキュリティへの取り組み", NULL});
    expect_blocks("UNITED STATES\nSECURITIES AND EXCHANGE COMMISSION\nWashington, D.C. 20549\n",
                  (const char *const[]){"UNITED STATES SECURITIES AND EXCHANGE COMMISSION "
                                        "Washington, D.C. 20549",
                                        NULL});
    expect_blocks("事故の件数\n"
                  "対象：当社と国内の子会社\n"
                  "2024年度 0\n"
                  "注記：外部へ公表した事故だけを数え、社内で処理したものは数えていません。\n",
                  (const char *const[]){"事故の件数対象：当社と国内の子会社2024年度 0 注記：外部"
                                        "へ公表した事故だけを数え、社内で処理したものは数えて"
                                        "いません。",
                                        NULL});
    /* a long English heading over lines of about 80 columns: short of
     * them by less than two fifths, but the next line's first word would
     * have fitted after it, as no wrapped line leaves it */
    expect_blocks(
        "Cybersecurity Risk Management and Strategy Overview\n"
        "Our program follows a recognised framework and an outside firm reviews it every\n"
        "year; the committee tracks each finding until it is closed.\n",
        (const char *const[]){"Cybersecurity Risk Management and Strategy Overview",
                              "Our program follows a recognised framework and an outside firm "
                              "reviews it every year; the committee tracks each finding until it "
                              "is closed.",
                              NULL});
    /* over a paragraph that gives each of its sentences a line */
    expect_blocks("Training\n"
                  "We run a phishing exercise.\n"
                  "Staff who open the link take a short course again before the next one.\n",
                  (const char *const[]){"Training",
                                        "We run a phishing exercise. Staff who open the link take "
                                        "a short course again before the next one.",
                                        NULL});
    expect_blocks("訓練\n"
                  "当社は訓練を行っています。\n"
                  "不審なメールを開いた従業員は、次の訓練の前に短い研修をもう一度受けます。\n",
                  (const char *const[]){"訓練",
                                        "当社は訓練を行っています。不審なメールを開いた従業員は、"
                                        "次の訓練の前に短い研修をもう一度受けます。",
                                        NULL});
    /* a wrapped first line a fifth short, whose next word did not fit */
    expect_blocks("The committee reviews every test result and so assigns\n"
                  "responsibilities for every open finding to a named owner who reports\n"
                  "back to it within a month.\n",
                  (const char *const[]){"The committee reviews every test result and so assigns "
                                        "responsibilities for every open finding to a named "
                                        "owner who reports back to it within a month.",
                                        NULL});
    /* a first line that breaks off within a sentence */
    expect_blocks("ほしぞら精機グループは\n"
                  "情報管理の委員会を置き、社内の端末とサーバの点検を毎月行っています。\n",
                  (const char *const[]){"ほしぞら精機グループは情報管理の委員会を置き、社内の"
                                        "端末とサーバの点検を毎月行っています。",
                                        NULL});
    expect_blocks("Our program is led by the\n"
                  "chief information security officer, who reports to the audit committee "
                  "each quarter.\n",
                  (const char *const[]){"Our program is led by the chief information security "
                                        "officer, who reports to the audit committee each "
                                        "quarter.",
                                        NULL});
    /* a first line cut by hand whose next line goes on within its sentence:
     * a lower-case word, a particle no sentence opens with */
    expect_blocks("A written plan for the plants\n"
                  "sets out who restores each line after an attack and in what order, and we\n"
                  "test it once a year with the plant managers.\n",
                  (const char *const[]){"A written plan for the plants sets out who restores each "
                                        "line after an attack and in what order, and we test it "
                                        "once a year with the plant managers.",
                                        NULL});
    expect_blocks("ほしぞら精機は情報管理の基本方針\n"
                  "を定め、全従業員に周知しています。委員会が年に二回その運用を確かめ、取締役会\n"
                  "に報告しています。\n",
                  (const char *const[]){"ほしぞら精機は情報管理の基本方針を定め、全従業員に周知"
                                        "しています。委員会が年に二回その運用を確かめ、取締役会"
                                        "に報告しています。",
                                        NULL});
}

/* Lines that open with a list mark are list items, as the PDF reader makes
 * them: bullets, the marks of headings (■ ●), Markdown's and circled
 * numbers. A circled number starts an entry after an entry or a short line;
 * brought to a line's start by a wrap within a sentence it goes on. */
static void test_text_list_items(void **state) {
    (void)state;
    kj_document *d = text_blocks("主な取り組み\n"
                                 "・不正な通信の監視\n"
                                 "● 委員会の設置\n"
                                 "■ 外部機関との連携\n"
                                 "- nightly backups\n"
                                 "* two-factor sign-in\n"
                                 "① 規程の整備\n"
                                 "② 訓練の実施\n"
                                 "‧ 年一回の診断\n"
                                 "※ 対象は国内の拠点です\n"
                                 "以上の取り組みを続けます。\n");
    static const char *const items[] = {
        "・不正な通信の監視",   "● 委員会の設置", "■ 外部機関との連携", "- nightly backups",
        "* two-factor sign-in", "① 規程の整備",   "② 訓練の実施"};
    assert_int_equal(d->n_blocks, 9);
    assert_int_equal(d->blocks[0].kind, KJ_BLOCK_PARAGRAPH);
    for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
        assert_string_equal(d->blocks[i + 1].text, items[i]);
        /* ● and ■ head sections as often as entries: the text stage reads them */
        int heading_mark = i == 1 || i == 2;
        assert_int_equal(d->blocks[i + 1].kind,
                         heading_mark ? KJ_BLOCK_PARAGRAPH : KJ_BLOCK_LIST_ITEM);
    }
    /* a note mark after a short line does not start an entry (the line
     * after an entry may go on with it); ‧, a stand-in, reads as ・ */
    assert_string_equal(d->blocks[8].text,
                        "・ 年一回の診断※ 対象は国内の拠点です以上の取り組みを続けます。");
    assert_int_equal(d->blocks[8].kind, KJ_BLOCK_LIST_ITEM);
    kj_document_free(d);
    /* wrapped text: ② after a full line goes on; ① after a short one
     * starts an entry */
    d = text_blocks("当社は対策として、社内の規程を定めて全部署に周知し、\n"
                    "②年に一度の研修を行っています。\n"
                    "主な規程\n"
                    "① 情報の取扱規程\n");
    assert_int_equal(d->n_blocks, 3);
    assert_int_equal(d->blocks[0].kind, KJ_BLOCK_PARAGRAPH);
    assert_true(strstr(d->blocks[0].text, "周知し、②年に一度の研修を") != NULL);
    assert_string_equal(d->blocks[2].text, "① 情報の取扱規程");
    assert_int_equal(d->blocks[2].kind, KJ_BLOCK_LIST_ITEM);
    kj_document_free(d);
}

/* A block's kind and text, as a test wants it. */
typedef struct {
    kj_block_kind kind;
    const char *text;
} want_block;

/* Whether text t is read into exactly the n blocks want, kind and text;
 * fails the test with the blocks read when not. */
static void expect_kinds(const char *t, const want_block *want, size_t n) {
    kj_document *d = text_blocks(t);
    bool same = d->n_blocks == n;
    for (size_t i = 0; same && i < n; i++)
        same = d->blocks[i].kind == want[i].kind && !strcmp(d->blocks[i].text, want[i].text);
    if (!same) {
        kj_buf b = KJ_BUF_INIT;
        for (size_t i = 0; i < d->n_blocks; i++)
            kj_buf_printf(&b, "[%zu] %s %s\n", i,
                          d->blocks[i].kind == KJ_BLOCK_LIST_ITEM ? "item" : "para",
                          d->blocks[i].text);
        fail_msg("text:\n%s\nblocks:\n%s", t, b.data ? b.data : "");
    }
    kj_document_free(d);
}

/* Lines that open with a list number and some text after it (1. (3) （４）
 * ５． 6) イ） ) are list items, one an entry, as bulleted lines are and as the
 * PDF reader makes them: after the sentence that leads into the list, and
 * after another entry though that ran to the margin. A wrapped entry's
 * next line joins it. A year, a share or a figure (2025年度, 5%, 3.5倍)
 * that a wrap brings to a line's start goes on with its sentence, as does
 * a number referred to within a sentence after a line that ran to the
 * margin. A numbered heading over its paragraph stays apart from it. */
static void test_text_numbered_items(void **state) {
    (void)state;
    expect_kinds(
        "当社は情報セキュリティについて、次の七つの取り組みを進めています。\n"
        "1. 情報セキュリティの基本方針を定め、全ての役員と従業員に研修で\n"
        "その要点を説明する。\n"
        "2. 委員会の下に事故対応の専門のチームを置いて、夜間も連絡が取\n"
        "れる体制を整える。\n"
        "(3) 外部の専門の会社に重要なシステムの脆弱性診断を年に一度委託\n"
        "し、見つかった弱点は期限を決めて直す。\n"
        "（４）年に二回、全従業員を対象に標的型メールの訓練を行い、結果を\n"
        "部署ごとに集計する。\n"
        "５．バックアップを別の拠点に保管し、復旧の手順を毎年試して、その\n"
        "結果を委員会に報告する。\n"
        "6) 取引先には調査票を送り、その回答を毎年確かめて評価に生かしている\n"
        "7) 委託先の選定では調査の結果を評価の項目の一つとして取り入れている\n",
        (const want_block[]){
            {KJ_BLOCK_PARAGRAPH,
             "当社は情報セキュリティについて、次の七つの取り組みを進めています。"},
            {KJ_BLOCK_LIST_ITEM,
             "1. 情報セキュリティの基本方針を定め、全ての役員と従業員に研修でその要点を説明する。"},
            {KJ_BLOCK_LIST_ITEM,
             "2. 委員会の下に事故対応の専門のチームを置いて、夜間も連絡が取れる体制を整える。"},
            {KJ_BLOCK_LIST_ITEM, "(3) 外部の専門の会社に重要なシステムの脆弱性診断を年に一度委託"
                                 "し、見つかった弱点は期限を決めて直す。"},
            {KJ_BLOCK_LIST_ITEM, "（４）年に二回、全従業員を対象に標的型メールの訓練を行い、結果を"
                                 "部署ごとに集計する。"},
            {KJ_BLOCK_LIST_ITEM, "５．バックアップを別の拠点に保管し、復旧の手順を毎年試して、その"
                                 "結果を委員会に報告する。"},
            {KJ_BLOCK_LIST_ITEM,
             "6) 取引先には調査票を送り、その回答を毎年確かめて評価に生かしている"},
            {KJ_BLOCK_LIST_ITEM,
             "7) 委託先の選定では調査の結果を評価の項目の一つとして取り入れている"},
        },
        8);
    /* entries numbered by full-width letters and by katakana in brackets;
     * section headings numbered by a number set apart by an ideographic
     * space, stacked over their paragraph, stay paragraphs (the text stage
     * reads them as headings): as list items of one list they would head
     * nothing */
    expect_kinds(
        "当社は次の二つの段階に分けて、情報の管理を進めています。\n"
        "ａ．方針の段階では、取締役会の定めた基本方針を全部署に周知する。\n"
        "ｂ．点検の段階では、内部監査室が年に一度すべての部署を点検する。\n"
        "（イ）外部からの攻撃に備えて、通信の監視を専門の会社に委託する。\n"
        "(ロ) 内部からの持ち出しに備えて、記録媒体の利用を許可制とする。\n"
        "\n"
        "４\u3000【情報管理の体制】\n"
        "５\u3000【事故への備え】\n"
        "当社は事故に備えて、対応の手順を定め、年に一度の訓練で見直しています。\n",
        (const want_block[]){
            {KJ_BLOCK_PARAGRAPH, "当社は次の二つの段階に分けて、情報の管理を進めています。"},
            {KJ_BLOCK_LIST_ITEM,
             "ａ．方針の段階では、取締役会の定めた基本方針を全部署に周知する。"},
            {KJ_BLOCK_LIST_ITEM,
             "ｂ．点検の段階では、内部監査室が年に一度すべての部署を点検する。"},
            {KJ_BLOCK_LIST_ITEM,
             "（イ）外部からの攻撃に備えて、通信の監視を専門の会社に委託する。"},
            {KJ_BLOCK_LIST_ITEM, "(ロ) 内部からの持ち出しに備えて、記録媒体の利用を許可制とする。"},
            {KJ_BLOCK_PARAGRAPH, "４\u3000【情報管理の体制】"},
            {KJ_BLOCK_PARAGRAPH, "５\u3000【事故への備え】"},
            {KJ_BLOCK_PARAGRAPH,
             "当社は事故に備えて、対応の手順を定め、年に一度の訓練で見直しています。"},
        },
        8);
    /* English, a line a paragraph */
    expect_kinds(
        "Each year we take the following steps to keep our systems safe.\n"
        "1) Every employee completes a course on phishing and on handling data.\n"
        "2) An outside firm tests our networks and reports to the audit committee.\n",
        (const want_block[]){
            {KJ_BLOCK_PARAGRAPH, "Each year we take the following steps to keep our systems safe."},
            {KJ_BLOCK_LIST_ITEM,
             "1) Every employee completes a course on phishing and on handling data."},
            {KJ_BLOCK_LIST_ITEM,
             "2) An outside firm tests our networks and reports to the audit committee."},
        },
        3);
    /* numbers that number no entry, at the start of wrapped lines */
    expect_kinds("当社は社内の規程を見直し、改定した規程を取締役会で決議しました。\n"
                 "2025年度からは全ての子会社にも同じ規程を適用しています。訓練では\n"
                 "5%の従業員が不審なメールの添付ファイルを開きましたが、前年度の\n"
                 "3.5倍に増えた報告の件数は、従業員の意識の高まりを示しています。\n"
                 "委託先は、情報の取扱いについて定めた社内の規程のうち、前記の\n"
                 "(2)の規程に従い、年に一度の点検を受けています。\n",
                 (const want_block[]){
                     {KJ_BLOCK_PARAGRAPH,
                      "当社は社内の規程を見直し、改定した規程を取締役会で決議しました。2025年度"
                      "からは全ての子会社にも同じ規程を適用しています。訓練では5%の従業員が不審な"
                      "メールの添付ファイルを開きましたが、前年度の3.5倍に増えた報告の件数は、従業"
                      "員の意識の高まりを示しています。委託先は、情報の取扱いについて定めた社内の"
                      "規程のうち、前記の(2)の規程に従い、年に一度の点検を受けています。"},
                 },
                 1);
    /* entries numbered by a katakana letter and a bracket that closes only
     * (イ）); one before a particle is an entry referred to in a sentence */
    expect_kinds("当社は、次の二つの体制を整えています。\n"
                 "イ）取締役が監査役に報告するための体制\n"
                 "ロ）子会社の取締役が当社に報告するための体制\n"
                 "\n"
                 "監査役は、取締役会の決議で定められた前記の\n"
                 "イ）の体制により、取締役から報告を受けています。\n",
                 (const want_block[]){
                     {KJ_BLOCK_PARAGRAPH, "当社は、次の二つの体制を整えています。"},
                     {KJ_BLOCK_LIST_ITEM, "イ）取締役が監査役に報告するための体制"},
                     {KJ_BLOCK_LIST_ITEM, "ロ）子会社の取締役が当社に報告するための体制"},
                     {KJ_BLOCK_PARAGRAPH, "監査役は、取締役会の決議で定められた前記のイ）の体制"
                                          "により、取締役から報告を受けています。"},
                 },
                 4);
    /* a numbered heading over its paragraph */
    expect_kinds("(1) 推進体制\n"
                 "当社は情報管理の委員会を置き、社内の端末とサーバの点検を毎月行っています。\n",
                 (const want_block[]){
                     {KJ_BLOCK_LIST_ITEM, "(1) 推進体制"},
                     {KJ_BLOCK_PARAGRAPH,
                      "当社は情報管理の委員会を置き、社内の端末とサーバの点検を毎月行っています。"},
                 },
                 2);
    /* entries under a full line that leads into them with a colon */
    expect_kinds(
        "Our security program has three parts, which the committee reviews each year and\n"
        "which every business unit of the company and its subsidiaries follows as below:\n"
        "1) Every employee completes a course on phishing and on handling data.\n"
        "2) An outside firm tests our networks and reports to the audit committee.\n",
        (const want_block[]){
            {KJ_BLOCK_PARAGRAPH,
             "Our security program has three parts, which the committee reviews each year "
             "and which every business unit of the company and its subsidiaries follows as "
             "below:"},
            {KJ_BLOCK_LIST_ITEM,
             "1) Every employee completes a course on phishing and on handling data."},
            {KJ_BLOCK_LIST_ITEM,
             "2) An outside firm tests our networks and reports to the audit committee."},
        },
        3);
    /* a short label that ends with a colon over its numbered value: the
     * number is the value's, no entry */
    expect_kinds(
        "今年度の計画と、その進み具合を次の表にまとめています。各部門の責任者が確認しました\n"
        "計画：\n"
        "２．全ての拠点の端末に新しい監視の仕組みを入れて、その運用を始めること。\n",
        (const want_block[]){
            {KJ_BLOCK_PARAGRAPH,
             "今年度の計画と、その進み具合を次の表にまとめています。各部門の責任者が確認しま"
             "した計画：２．全ての拠点の端末に新しい監視の仕組みを入れて、その運用を始めるこ"
             "と。"},
        },
        1);
    /* a table's row wrapped before a negative amount in brackets, under a
     * paragraph that sets the text's full line: no entry
     * (kj_numbering_then_figure) */
    expect_kinds("The table below shows how the allowance for credit losses moved during\n"
                 "the year, with the write-offs of each kind of receivable shown apart.\n"
                 "\n"
                 "Noncurrent $ 28 $\n"
                 "(2) $ — $ 0 $ 27\n",
                 (const want_block[]){
                     {KJ_BLOCK_PARAGRAPH,
                      "The table below shows how the allowance for credit losses moved during the "
                      "year, with the write-offs of each kind of receivable shown apart."},
                     {KJ_BLOCK_PARAGRAPH, "Noncurrent $ 28 $ (2) $ — $ 0 $ 27"},
                 },
                 2);
}

/* A text's title: its first block when that is one line that reads as a
 * title (short, with a letter, ending no sentence or clause, no page
 * number, no list item, and some text after it), without a Markdown
 * heading's marks; else none. A cover that opens with a letterhead (a
 * name in capitals, closed by an address) is named after it, whether the
 * letterhead's lines are stacked or each set apart, and so is a Japanese
 * one, a name over an address with its postal code (〒100-0001); a title
 * over its author's address keeps its place. */
static void test_text_title(void **state) {
    (void)state;
    static const struct {
        const char *text, *title;
    } cases[] = {
        {"情報セキュリティ報告書 2025\n\n当社は対策を進めています。\n",
         "情報セキュリティ報告書 2025"},
        {"# Security at ACME\n\nThe board oversees cyber risk.\n", "Security at ACME"},
        {"ACME精工\nサイバーセキュリティへの取り組み\n\n当社は対策を進めています。\n", NULL},
        {"当社は対策を進めています。\n\n次の段落です。\n", NULL},
        {"当社の方針は次のとおりです：\n\n方針を定めています。\n", NULL},
        {"・監視の強化\n・研修の実施\n", NULL},
        {"Page 3\n\n当社は対策を進めています。\n", NULL},
        {"情報セキュリティ報告書\n", NULL},
        {"情報セキュリティに関する当社の取り組みとその成果および今後の課題についての詳しい報告書の"
         "全文と、その要約および用語の解説の一覧\n\n本文です。\n",
         NULL},
        {"UNITED STATES\n\nSECURITIES AND EXCHANGE COMMISSION\n\nWashington, D.C. 20549\n\n"
         "FORM 10-K\n\nHoshizora Instruments, Inc.\n\nWe make measuring instruments.\n",
         "FORM 10-K"},
        {"        UNITED STATES\n  SECURITIES AND EXCHANGE COMMISSION\n"
         "       WASHINGTON, D.C. 20549\n\n   ____________\n\n         FORM 10-K\n\n"
         "We make measuring instruments.\n",
         "FORM 10-K"},
        {"HOSHIZORA INSTRUMENTS, INC.\n12 Orchard Lane\nSpringfield, IL 62701-4410\n\n"
         "Security Report 2025\n\nWe make measuring instruments.\n",
         "Security Report 2025"},
        {"Hoshizora Security Report 2025\n\nHoshizora Instruments, Inc.\n\n"
         "12 Orchard Lane, Springfield, IL 62701\n\nWe make measuring instruments.\n",
         "Hoshizora Security Report 2025"},
        {"UNITED STATES\n\nSECURITIES AND EXCHANGE COMMISSION\n\nWashington, D.C. 20549\n\n"
         "We make measuring instruments.\n",
         NULL},
        /* a Japanese letterhead: a name over its address, stacked or a
         * block each, the postal code after the postal mark or at the end */
        {"ほしぞら精機株式会社\n〒100-0001 東京都千代田区千代田一丁目1番1号\n\n"
         "情報セキュリティ報告書 2025\n\n当社は計測機器を作っています。\n",
         "情報セキュリティ報告書 2025"},
        {"ほしぞら精機株式会社\n\n〒１００－０００１　東京都千代田区千代田一丁目1番1号\n\n"
         "情報セキュリティ報告書 2025\n\n当社は計測機器を作っています。\n",
         "情報セキュリティ報告書 2025"},
        {"ほしぞら精機株式会社\n東京都千代田区千代田一丁目1番1号 100-0001\n\n"
         "サイバーセキュリティへの取り組み\n\n当社は計測機器を作っています。\n",
         "サイバーセキュリティへの取り組み"},
        /* a title over its author's name and address; a telephone number
         * is no address */
        {"情報セキュリティ報告書 2025\n\nほしぞら精機株式会社\n\n"
         "〒100-0001 東京都千代田区千代田一丁目1番1号\n\nはじめに\n\n"
         "当社は計測機器を作っています。\n",
         "情報セキュリティ報告書 2025"},
        {"ほしぞら精機株式会社\n\n電話 0120-123-4567\n\n情報セキュリティ報告書 2025\n\n"
         "当社は計測機器を作っています。\n",
         "ほしぞら精機株式会社"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        kj_document *d = text_blocks(cases[i].text);
        if (!cases[i].title != !d->title || (d->title && strcmp(d->title, cases[i].title)))
            fail_msg("case %zu: title \"%s\", wanted \"%s\"", i, d->title ? d->title : "(none)",
                     cases[i].title ? cases[i].title : "(none)");
        kj_document_free(d);
    }
    /* a 10-K saved from a browser: a line a paragraph, some of them wider
     * than any wrapped line, under a link's text */
    kj_buf b = KJ_BUF_INIT;
    kj_buf_puts(&b, "Table of Contents\nUNITED STATES\nSECURITIES AND EXCHANGE COMMISSION\n"
                    "Washington, D.C. 20549\nFORM 10-K\n");
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 5; k++)
            kj_buf_puts(&b, "Check here whether the registrant has filed every report it had to. ");
        kj_buf_puts(&b, "\n");
    }
    kj_document *d = text_blocks(b.data);
    assert_int_equal(d->n_blocks, 8);
    assert_string_equal(d->title ? d->title : "(none)", "FORM 10-K");
    kj_document_free(d);
    kj_buf_free(&b);
}

/* Append text t to b wrapped at width characters a line (a character of
 * UTF-8, not a byte), each line followed by a blank one, as a converter
 * writes double-spaced text. */
static void put_double_spaced(kj_buf *b, const char *t, size_t width) {
    size_t n = 0;
    for (const char *p = t; *p; p++) {
        kj_buf_append(b, p, 1);
        if (((unsigned char)p[1] & 0xC0) == 0x80) continue; /* mid-character */
        if (++n == width && p[1]) {
            kj_buf_puts(b, "\n\n");
            n = 0;
        }
    }
    kj_buf_puts(b, "\n\n");
}

static void test_text_double_spaced(void **state) {
    (void)state;
    static const char para1[] = "当社は情報セキュリティ委員会を設け、社長が委員長を務めています。"
                                "委員会は四半期ごとに開き、各部門の対策の進み具合を確かめて、"
                                "その結果を取締役会に報告しています。";
    static const char para2[] =
        "全従業員を対象に、年に一度の研修と年二回の訓練メールを行っています。"
        "訓練の結果は部署ごとに集計して、次の研修の内容に生かしています。";
    kj_buf b = KJ_BUF_INIT;
    kj_buf_puts(&b, "■ 情報セキュリティの取り組み\n\n（1）推進体制\n\n");
    put_double_spaced(&b, para1, 30);
    kj_buf_puts(&b, "（2）教育と訓練\n\n");
    put_double_spaced(&b, para2, 30);
    kj_document *d = text_blocks(b.data);
    assert_int_equal(d->n_blocks, 5);
    assert_string_equal(d->blocks[0].text, "■ 情報セキュリティの取り組み");
    assert_string_equal(d->blocks[1].text, "（1）推進体制");
    assert_string_equal(d->blocks[2].text, para1);
    assert_int_equal(d->blocks[2].line, 5);
    assert_string_equal(d->blocks[3].text, "（2）教育と訓練");
    assert_string_equal(d->blocks[4].text, para2);
    kj_document_free(d);

    /* a form feed (a page's end) does not end the paragraph; two blank
     * lines do; a numbered title after a line whose end a converter lost
     * starts a block of its own */
    kj_buf_reset(&b);
    put_double_spaced(&b, para1, 30);
    size_t cut = b.len - 2; /* before the last line's blank line */
    put_double_spaced(&b, para2, 30);
    kj_buf c = KJ_BUF_INIT;
    kj_buf_append(&c, b.data, cut);
    kj_buf_puts(&c, "\n\f\n");
    kj_buf_puts(&c, b.data + cut + 2);
    kj_buf_puts(&c, "\n");
    kj_buf_puts(&c, "外部の専門会社による診断を年に一度受け、見つかった弱点は期限を決めて直し\n\n");
    kj_buf_puts(&c, "（3）委託先の管理\n\n");
    put_double_spaced(&c, para1, 30);
    d = text_blocks(c.data);
    assert_int_equal(d->n_blocks, 5);
    assert_string_equal(d->blocks[0].text, para1);
    assert_string_equal(d->blocks[1].text, para2);
    assert_string_equal(d->blocks[2].text,
                        "外部の専門会社による診断を年に一度受け、見つかった弱点は期限を決めて直し");
    assert_string_equal(d->blocks[3].text, "（3）委託先の管理");
    kj_document_free(d);
    kj_buf_free(&c);

    /* English, hyphenated at a wrap */
    kj_buf_reset(&b);
    kj_buf_puts(&b, "Governance\n\n"
                    "Our board reviews the security program each quarter and hears from the\n\n"
                    "chief information security officer, who leads a team of twenty-two ana-\n\n"
                    "lysts and engineers and reports to the chief executive officer.\n\n"
                    "Training\n\n"
                    "Every employee takes a course on phishing and the handling of customer\n\n"
                    "data when they join and again each year, and managers take a second one\n\n"
                    "on how to escalate a suspected incident to the response team at once.\n\n");
    d = text_blocks(b.data);
    assert_int_equal(d->n_blocks, 4);
    assert_string_equal(d->blocks[0].text, "Governance");
    assert_true(strstr(d->blocks[1].text, "twenty-two analysts and engineers") != NULL);
    assert_string_equal(d->blocks[2].text, "Training");
    kj_document_free(d);

    /* paragraphs of one line each, set apart by blank lines, are no
     * double-spaced text: every line stays a block */
    kj_buf_reset(&b);
    for (int i = 0; i < 5; i++)
        kj_buf_puts(&b, "当社は社内の端末を点検しています。\n\n"
                        "結果は毎月報告します。\n\n");
    d = text_blocks(b.data);
    assert_int_equal(d->n_blocks, 10);
    kj_document_free(d);
    kj_buf_free(&b);
}

/* Append page k (1-based) of n of a paged text to b as a browser's print
 * to text gives it: a date and title at the head, the page's body, the
 * address and "k/n" at the foot, then a form feed on a line of its own. */
static void put_page(kj_buf *b, int k, int n, const char *body) {
    kj_buf_printf(b, "2026/12/03 10:%02d\nACME精工 セキュリティ報告書\n\n%s\n", 10 + k, body);
    kj_buf_printf(b, "file:///home/user/acme-report.html\n%d/%d\n\n", k, n);
    if (k < n) kj_buf_puts(b, "\f\n");
}

/* A text whose pages are split by form feeds loses its running headers,
 * footers and page numbers, and each block gets its page; figures that end
 * page after page and lines that recur on two pages only stay. */
static void test_text_paged(void **state) {
    (void)state;
    kj_buf b = KJ_BUF_INIT;
    put_page(&b, 1, 5, "■ 情報セキュリティ\n\n当社は委員会を設けています。\n");
    put_page(&b, 2, 5, "訓練を年二回行いました。\n\n前年比\n△12.5\n");
    put_page(&b, 3, 5, "診断を外部に委ねています。\n\n前年比\n△3.1\n");
    put_page(&b, 4, 5, "委託先を毎年評価しています。\n\n前年比 増減\n△0.4\n");
    put_page(&b, 5, 5, "以上\n");
    kj_document *d = text_blocks(b.data);
    for (size_t i = 0; i < d->n_blocks; i++) {
        const char *t = d->blocks[i].text;
        if (strstr(t, "2026/12/03") || strstr(t, "ACME精工") || strstr(t, "file:") ||
            strstr(t, "/5"))
            fail_msg("page furniture kept in block %zu: %s", i, t);
    }
    int i = find(d, "当社は委員会");
    assert_true(i >= 0);
    assert_int_equal(d->blocks[i].page, 1);
    assert_int_equal(d->blocks[find(d, "診断を外部")].page, 3);
    assert_int_equal(d->blocks[find(d, "以上")].page, 5);
    assert_int_equal(d->n_pages, 5);
    assert_true(find(d, "△12.5") >= 0); /* a figure is no running footer */
    assert_true(find(d, "前年比") >= 0);
    kj_document_free(d);

    /* double-spaced: a paragraph runs on over the page break and its
     * furniture; a form feed at the start of the next page's first line
     * (as pdftotext writes it) breaks the page there */
    static const char para[] =
        "全従業員を対象に、年に一度の研修と年二回の訓練メールを行っています。"
        "訓練の結果は部署ごとに集計して、次の研修の内容に生かしています。"
        "新しく入った社員には、入社の月に別の研修を設けています。";
    static const char split[] = "当社は情報セキュリティ委員会を設け、社長が委員長を務めています。"
                                "委員会は四半期ごとに開き、各部門の対策の進み具合を確かめて、その"
                                "結果を取締役会に報告しています。報告の内容は翌月の経営会議で"
                                "も確かめています。";
    size_t cut = 0; /* split's first 90 characters (of 104): three full lines */
    for (int n = 0; n < 90; n++) {
        assert_true(split[cut] != '\0');
        cut += kj_utf8_decode(split + cut, strlen(split + cut), &(int32_t){0});
    }
    kj_buf_reset(&b);
    for (int k = 1; k <= 4; k++) {
        kj_buf_printf(&b, "%s2026/12/03 10:00\n\nACME精工 セキュリティ報告書\n\n",
                      k > 1 ? "\f" : "");
        if (k == 2) {
            kj_buf wrapped = KJ_BUF_INIT;
            kj_buf_append(&wrapped, split, cut);
            put_double_spaced(&b, wrapped.data, 30);
            kj_buf_free(&wrapped);
        } else {
            put_double_spaced(&b, k == 3 ? split + cut : para, 30);
        }
        kj_buf_printf(&b, "- %d -\n\n", k);
    }
    d = text_blocks(b.data);
    i = find(d, "当社は情報セキュリティ委員会");
    assert_true(i >= 0);
    assert_string_equal(d->blocks[i].text, split);
    assert_int_equal(d->blocks[i].page, 2);
    assert_int_equal(d->blocks[find(d, "新しく入った")].page, 1);
    assert_int_equal(find(d, "- 3 -"), -1);
    assert_int_equal(find(d, "ACME精工"), -1);
    assert_int_equal(find(d, "2026/12/03"), -1);
    kj_document_free(d);

    /* without a form feed there are no pages: nothing is left out */
    kj_buf_reset(&b);
    for (int k = 1; k <= 4; k++)
        kj_buf_printf(&b, "ACME精工 セキュリティ報告書\n\n委員会を開きました。\n\n%d/4\n\n", k);
    d = text_blocks(b.data);
    assert_true(find(d, "3/4") >= 0);
    assert_true(find(d, "ACME精工") >= 0);
    assert_int_equal(d->blocks[0].page, 0);
    assert_int_equal(d->n_pages, 0);
    kj_document_free(d);
    kj_buf_free(&b);
}

/* Control characters (C0 and C1: ESC [ 31 m, U+009B) reach no block and no
 * title: they are read as white space, so that text printed to a terminal
 * cannot drive it. */
static void test_control_characters_dropped(void **state) {
    (void)state;
    const char *text = "Risk \x1b[31mreport\n\n当社は\x1b[2JCSIRTを\xc2\x9b"
                       "1m設置しています。\x07\x7f\n";
    kj_document *d;
    kj_error err = {0};
    assert_int_equal(kj_ingest_text_utf8("t.txt", text, strlen(text), &d, &err), KJ_OK);
    assert_int_equal(d->n_blocks, 2);
    for (size_t i = 0; i < d->n_blocks; i++)
        for (size_t k = 0; k < d->blocks[i].len; k++) {
            unsigned char c = (unsigned char)d->blocks[i].text[k];
            assert_true(c >= ' ' || c == '\n');
            if (c == 0xC2) assert_false((unsigned char)d->blocks[i].text[k + 1] < 0xA0);
        }
    assert_string_equal(d->blocks[0].text, "Risk [31mreport");
    assert_non_null(d->title);
    assert_null(strchr(d->title, 0x1b));
    kj_document_free(d);
}

/* A text of two pages split by a form feed: too few pages to tell a
 * running footer by recurring, so a page number is left out only when both
 * pages carry one that says it is one (- 1 -, 1/2, Page 1, p.5), the same
 * but for its number, the numbers as far apart as the pages, or when it is
 * a bare number that is its page's first or last line and its page's own
 * number (1 on the first page, 2 on the second); one in brackets (a list's
 * or a note's mark) and numbers that do not count the pages (a figure)
 * stay. A bare number at the foot of the first page, the next page's text
 * right after it, was read as that text's first word. A text of one page,
 * ended by a form feed, loses its number too. A number between dashes
 * alone on its line (- 1 -) is left out whatever the other page carries,
 * and in a text without form feeds too (kj_text_paragraphs'
 * dashed_page_number): it was a list item ("- " opens one). */
static void test_text_two_pages(void **state) {
    (void)state;
    static const struct {
        const char *first, *second, *between;
        bool head; /* the numbers head their pages, not foot them */
        bool dropped;
    } cases[] = {
        {"- 1 -", "- 2 -", "\f", false, true},
        {"1/2", "2 / 2", "\f", false, true},
        {"Page 1", "Page 2", "\f", true, true},
        {"Page 1 of 2", "Page 2 of 2", "\f", false, true},
        {"p.5", "p.6", "\f", false, true},
        {"－ 1 －", "－ 2 －", "\f", false, true},
        {"- 1 -", "- 3 -", "\f\n\f", false, true}, /* a blank page between */
        {"- 1 -", "- 3 -", "\f", false, true},
        {"1/2", "2/3", "\f", false, false},
        {"- 1 -", "Page 2", "\f", false, true},
        {"1", "2", "\f", false, true},
        {"1", "2", "\f", true, true},
        {"1", "", "\f", false, true},
        {"1", "3", "\f\n\f", false, true}, /* a blank page between */
        {"2", "3", "\f", false, false},
        {"1", "2", "\n", false, false},
        {"12345", "12346", "\f", false, false},
        {"(1)", "(2)", "\f", false, false},
        {"- 1 -", "", "\f", false, true},
        {"- 1 -", "- 2 -", "\n", false, true}, /* no form feed, no pages */
    };
    static const char one[] = "We review our controls every quarter and report the results.\n\n";
    static const char two[] = "The security team trains every employee once a year.\n\n";
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        kj_buf b = KJ_BUF_INIT;
        if (cases[i].head)
            kj_buf_printf(&b, "%s\n\n%s%s%s\n\n%s", cases[i].first, one, cases[i].between,
                          cases[i].second, two);
        else
            kj_buf_printf(&b, "%s%s\n\n%s%s%s\n", one, cases[i].first, cases[i].between, two,
                          cases[i].second);
        kj_document *d = text_blocks(b.data);
        bool kept = find(d, cases[i].first) >= 0;
        if (kept == cases[i].dropped)
            fail_msg("case %zu (%s, %s): the page number %s", i, cases[i].first, cases[i].second,
                     kept ? "is kept" : "is dropped");
        int at = find(d, "The security team");
        assert_true(at >= 0);
        if (cases[i].dropped) {
            assert_string_equal(d->blocks[at].text,
                                "The security team trains every employee once a year.");
            int pages = !strchr(cases[i].between, '\f')  ? 0
                        : strchr(cases[i].between, '\n') ? 3
                                                         : 2;
            assert_int_equal(d->blocks[find(d, "We review")].page, pages ? 1 : 0);
            assert_int_equal(d->blocks[at].page, pages);
        }
        kj_document_free(d);
        kj_buf_free(&b);
    }
    /* no blank line around the numbers (as pdftotext writes a page): the
     * first page's number is not the second page's first word */
    kj_document *d = text_blocks("We review our controls every quarter and report the results.\n"
                                 "1\n\fThe security team trains every employee once a year.\n"
                                 "2\n");
    assert_int_equal(find(d, "1"), -1);
    assert_int_equal(find(d, "2"), -1);
    assert_int_equal(d->blocks[find(d, "The security team")].page, 2);
    kj_document_free(d);
    /* one page */
    d = text_blocks("We review our controls every quarter and report the results.\n\n1\n\f");
    assert_int_equal(d->n_blocks, 1);
    assert_string_equal(d->blocks[0].text,
                        "We review our controls every quarter and report the results.");
    kj_document_free(d);
}

/* A page number between dashes alone on its line is no content, in a
 * text without form feeds too: "- 2 -" was a list item ("- " opens one)
 * and took the next paragraph's first line into it, "－２－" became that
 * paragraph's first words. A list entry, a bare number and a dash in a
 * sentence stay. */
static void test_text_dashed_page_numbers(void **state) {
    (void)state;
    expect_blocks("We review our controls every quarter and report the results to the\n"
                  "board.\n"
                  "- 1 -\n"
                  "The security team trains every employee once a year and tests them.\n"
                  "\n"
                  "  －２－  \n"
                  "当社は委員会を設けています。\n"
                  "— 3 —\n",
                  (const char *const[]){"We review our controls every quarter and report the "
                                        "results to the board.",
                                        "The security team trains every employee once a year and "
                                        "tests them.",
                                        "当社は委員会を設けています。", NULL});
    /* a list's entries, a bare number, a figure between dashes in a line */
    kj_document *d = text_blocks("Steps we take:\n\n- 2 factor sign-in\n- 3 backups\n\n2\n\n"
                                 "- 12345 -\n\nThe count went from - 2 - to 4.\n");
    assert_true(find(d, "2 factor sign-in") >= 0);
    assert_int_equal(d->blocks[find(d, "2 factor sign-in")].kind, KJ_BLOCK_LIST_ITEM);
    assert_true(find(d, "3 backups") >= 0);
    assert_true(find(d, "- 12345 -") >= 0);
    assert_true(find(d, "from - 2 - to 4") >= 0);
    bool bare = false;
    for (size_t i = 0; i < d->n_blocks; i++)
        bare = bare || !strcmp(d->blocks[i].text, "2");
    assert_true(bare);
    kj_document_free(d);
}

/* A report published as a web page: the site's menus (in <nav>, as a list
 * or a row of links), breadcrumbs, search box, side navigation and footer
 * are not read; the page's own lists, links within its text and an
 * article's footer are. */
static void test_html_site_chrome(void **state) {
    (void)state;
    kj_document *d = ingest_ok("webpage.html", NULL);
    static const char *const gone[] = {"製品情報",         "サイト内検索",     "ホーム",
                                       "個人情報保護方針", "環境への取り組み", "サイトマップ",
                                       "ACME Seiko",       "採用情報"};
    for (size_t k = 0; k < sizeof gone / sizeof gone[0]; k++)
        if (find(d, gone[k]) >= 0) fail_msg("site navigation read: %s", gone[k]);
    /* the only mention of the policy left is the page's own news */
    int i = find(d, "情報セキュリティ基本方針");
    assert_true(i >= 0);
    assert_string_equal(d->blocks[i].text, "2025年4月に情報セキュリティ基本方針を改定しました。");
    assert_int_equal(d->blocks[0].kind, KJ_BLOCK_HEADING);
    assert_true(find(d, "標的型メール訓練（年二回）") >= 0);       /* a list of text */
    assert_true(find(d, "ISO/IEC 27001 認証（登録証）") >= 0);     /* links within text */
    assert_true(find(d, "情報セキュリティ委員会事務局") >= 0);     /* an article's footer */
    assert_true(find(d, "詳しくは情報セキュリティ報告書と") >= 0); /* links in a sentence */
    assert_int_equal(d->n_blocks, 14);
    kj_document_free(d);
}

static void test_html(void **state) {
    (void)state;
    kj_document *d = ingest_ok("sample.html", NULL);
    /* the page number printed at the page's foot, dropped, labels the blocks
     * of its page; the paragraph running on past it starts there too */
    assert_int_equal(d->blocks[0].page, 12);
    assert_int_equal(d->blocks[d->n_blocks - 1].page, 12);
    assert_int_equal(d->format, KJ_FORMAT_HTML);
    assert_string_equal(d->title, "Hoshizora Security Report 2025");
    assert_int_equal(d->blocks[0].kind, KJ_BLOCK_HEADING);
    assert_int_equal(d->blocks[0].level, 1);
    assert_string_equal(d->blocks[1].text,
                        "当社は、サイバーセキュリティを経営の重要課題と位置付けています。");
    assert_string_equal(d->blocks[2].text, "CISOが委員会を主宰します。"); /* <br> splits */
    int h = find(d, "Incident Response");
    assert_true(h >= 0);
    assert_int_equal(d->blocks[h].kind, KJ_BLOCK_HEADING); /* bold-only short block */
    int li = find(d, "ISO/IEC 27001");
    assert_int_equal(d->blocks[li].kind, KJ_BLOCK_LIST_ITEM);
    int td = find(d, "security policy");
    assert_int_equal(d->blocks[td].kind, KJ_BLOCK_TABLE_CELL);
    /* hidden content and page furniture are gone; the split paragraph is whole */
    assert_int_equal(find(d, "XBRLJUNK"), -1);
    assert_int_equal(find(d, "script text"), -1);
    assert_int_equal(find(d, "noscript"), -1);
    assert_int_equal(find(d, "Table of Contents"), -1);
    assert_int_equal(find(d, "12"), -1);
    assert_true(find(d, "The committee met four times and reviewed the training results.") >= 0);
    assert_true(d->blocks[1].line > 1);
    kj_document_free(d);
}

static void test_html_sjis_and_wrong_extension(void **state) {
    (void)state;
    kj_document *d = ingest_ok("sample-sjis.html", NULL);
    assert_string_equal(d->encoding, "CP932");
    assert_true(find(d, "情報セキュリティ委員会") >= 0);
    kj_document_free(d);
    d = ingest_ok("html-named.txt", NULL);
    assert_int_equal(d->format, KJ_FORMAT_HTML);
    kj_document_free(d);
}

/* Ingest HTML text body (written to a temporary file) as HTML. */
static kj_document *html_of(const char *body) {
    char path[] = "/tmp/kj-test-brXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(body, f);
    fclose(f);
    kj_ingest_options o = {.format = KJ_FORMAT_HTML};
    kj_document *d = NULL;
    kj_error err;
    kj_status st = kj_ingest_file(path, &o, &d, &err);
    unlink(path);
    if (st != KJ_OK) fail_msg("%s", err.msg);
    return d;
}

/* The page read from data (len bytes), what the parser has finished read
 * each time it has gone step bytes further (kj_read_html_stepped). */
static kj_document *html_stepped(const char *data, size_t len, size_t step) {
    char *copy = malloc(len + 1); /* the reader rewrites its buffer */
    assert_non_null(copy);
    memcpy(copy, data, len);
    copy[len] = '\0';
    kj_builder b;
    kj_error err;
    kj_error_clear(&err);
    kj_document *d = NULL;
    kj_status st = kj_builder_init(&b, "chunks.html", KJ_FORMAT_HTML, 0, &err);
    if (st == KJ_OK) st = kj_read_html_stepped(&b, copy, len, NULL, step, &err);
    if (st == KJ_OK)
        st = kj_builder_finish(&b, &d, &err);
    else
        kj_builder_abort(&b);
    free(copy);
    if (st != KJ_OK) fail_msg("steps of %zu: %s", step, err.msg);
    return d;
}

/* Whether a and b have the same blocks, title and encoding; says how not. */
static void same_blocks(const kj_document *a, const kj_document *b, size_t step) {
    if (a->n_blocks != b->n_blocks)
        fail_msg("steps of %zu: %zu blocks, not %zu", step, b->n_blocks, a->n_blocks);
    for (size_t i = 0; i < a->n_blocks; i++) {
        const kj_block *x = &a->blocks[i], *y = &b->blocks[i];
        if (strcmp(x->text, y->text) || x->kind != y->kind || x->level != y->level ||
            x->page != y->page || x->line != y->line || x->table != y->table || x->row != y->row)
            fail_msg("steps of %zu: block %zu is \"%s\" (kind %d, level %d, page %d, line %d, "
                     "table %d, row %d), not \"%s\" (%d, %d, %d, %d, %d, %d)",
                     step, i, y->text, (int)y->kind, y->level, y->page, y->line, y->table, y->row,
                     x->text, (int)x->kind, x->level, x->page, x->line, x->table, x->row);
    }
    assert_string_equal(a->title ? a->title : "", b->title ? b->title : "");
    assert_string_equal(a->encoding, b->encoding);
}

/* kaiji reads a page while libxml2 parses it, freeing what it has read (a
 * 20 MB page took a tree of twice its size besides its blocks). However
 * often it reads, the blocks are those of the tree read whole: hidden
 * subtrees and the site's menus are still dropped when the parser has only
 * begun them, a list, a note mark and the title are read once complete, a
 * block's bold run still makes it a heading, and a paragraph still goes on
 * past a page number and a hand-wrapped line. */
static void test_html_stepped(void **state) {
    (void)state;
    static const char part[] =
        "<div style=\"display:none\"><ix:header><ix:hidden><ix:nonNumeric name=\"a\">HIDDENFACT"
        "</ix:nonNumeric><span><b>HIDDENBOLD</b></span></ix:hidden></ix:header></div>\n"
        "<nav><ul><li><a href=\"/\">ホーム</a></li><li><a href=\"/p\">製品</a></li></ul></nav>\n"
        "<ul><li><a href=\"/a\">会社案内</a></li><li><a href=\"/b\">採用</a></li>"
        "<li><a href=\"/c\">投資家</a></li><li><a href=\"/d\">お問い合わせ</a></li></ul>\n"
        "<h1>情報セキュリティ</h1><div class=\"smt_head2\">推進体制</div>\n"
        "<p>当社は<b>CISO</b><sup>1</sup>を任命し、<a href=\"#c\">委員会</a>を置いています。<br>"
        "取締役会に年4回報告します。</p>\n"
        "<p><b>Incident Response</b></p><div><p>Our CSIRT answers around the clock<span "
        "style=\"font-weight:bold\"> and</span> reports to the board.</p>\n"
        "<table><tr><th>項目</th><td>内容<ruby>漢字<rt>かんじ</rt></ruby></td></tr></table>\n"
        "<ol><li>年二回の訓練</li><li>委託先の点検</li></ol>\n"
        "<p>"
        "この行は手で折り返された段落の一行目で、四十文字を超える長さになるまで言葉を足したまま文の"
        "途中で<br>"
        "切れていますが、次の行に続きます。</p>\n"
        "<p><span hidden>not shown</span>見える文です。</p><p>The plan covers</p><p>12</p>"
        "<hr style=\"page-break-after: always\"><p>recovery of the systems, tested each year.</p>"
        "</div>\n"
        "<footer><p>Copyright ACME</p></footer>\n";
    kj_buf page = KJ_BUF_INIT;
    assert_int_equal(kj_buf_puts(&page, "<!DOCTYPE html>\n<!-- a comment -->\n<html><head>"
                                        "<meta charset=\"utf-8\"><title> Chunks </title>"
                                        "<style>p { color: red }</style></head><body>\n"),
                     KJ_OK);
    for (int k = 0; k < 3; k++)
        assert_int_equal(kj_buf_puts(&page, part), KJ_OK);
    assert_int_equal(kj_buf_puts(&page, "</body></html>\n"), KJ_OK);
    kj_document *whole = html_stepped(page.data, page.len, page.len + 1);
    /* what the page is read as (test_html and others test each rule) */
    assert_string_equal(whole->title, "Chunks");
    assert_int_equal(find(whole, "HIDDEN"), -1);
    assert_int_equal(find(whole, "ホーム"), -1);
    assert_int_equal(find(whole, "会社案内"), -1);
    assert_int_equal(find(whole, "not shown"), -1);
    assert_int_equal(find(whole, "Copyright"), -1);
    assert_true(find(whole, "CISO 1を任命") >= 0);
    assert_true(find(whole, "年二回の訓練") >= 0);
    assert_true(find(whole, "The plan covers recovery") >= 0);
    assert_true(find(whole, "文の途中で切れていますが") >= 0);
    assert_int_equal(whole->blocks[find(whole, "Incident Response")].kind, KJ_BLOCK_HEADING);
    static const size_t steps[] = {0, 1, 2, 3, 7, 64, 500, 4096};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        kj_document *d = html_stepped(page.data, page.len, steps[i]);
        same_blocks(whole, d, steps[i]);
        kj_document_free(d);
    }
    kj_document_free(whole);
    /* odd pages the fuzzer found: content after the root's end (libxml2 puts
     * it under the root it has closed), an end tag inside a style, text
     * over lines, a title that is not the page's (too deep) */
    static const char *const odd[] = {
        "d</html>><e><title>z</title>", "<style></htmdy</html>\nh", "</t\n>\nt\n",
        "<p>a</p></body></html><p>after</p><div><title>t</title></div>"};
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        whole = html_stepped(odd[i], strlen(odd[i]), strlen(odd[i]) + 1);
        for (size_t c = 0; c <= 3; c++) {
            kj_document *d = html_stepped(odd[i], strlen(odd[i]), c);
            same_blocks(whole, d, c);
            kj_document_free(d);
        }
        kj_document_free(whole);
    }
    /* and the fixtures, a page from a site, a filing's page and Shift_JIS */
    static const char *const files[] = {"webpage.html", "sample.html", "sample-sjis.html"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        FILE *in = fopen(fx(files[f]), "rb");
        assert_non_null(in);
        kj_buf_reset(&page);
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, in)) > 0)
            assert_int_equal(kj_buf_append(&page, buf, n), KJ_OK);
        fclose(in);
        whole = html_stepped(page.data, page.len, page.len + 1);
        for (size_t c = 0; c <= 12; c += 3) {
            kj_document *d = html_stepped(page.data, page.len, c);
            same_blocks(whole, d, c);
            kj_document_free(d);
        }
        kj_document_free(whole);
    }
    kj_buf_free(&page);
}

/* The draft at path read with the body's finished children read every step
 * bytes (kj_read_docx_stepped): the document, or NULL and *st and err. */
static kj_document *docx_stepped(const char *path, size_t step, kj_status *st, kj_error *err) {
    kj_builder b;
    kj_document *d = NULL;
    kj_error_clear(err);
    *st = kj_builder_init(&b, path, KJ_FORMAT_DOCX, 0, err);
    if (*st == KJ_OK) *st = kj_read_docx_stepped(&b, path, step, err);
    if (*st == KJ_OK)
        *st = kj_builder_finish(&b, &d, err);
    else
        kj_builder_abort(&b);
    return d;
}

/* kaiji reads a draft's paragraphs and tables while libxml2 parses
 * word/document.xml, freeing them (a 20 MB draft took a tree of four times
 * its text). However often it reads, the blocks are those of the whole
 * tree, and a draft that is not XML, or too deep, fails as it did. */
static void test_docx_stepped(void **state) {
    (void)state;
    static const char *const files[] = {"sample.docx",      "boxes.docx",       "pages.docx",
                                        "pages-typed.docx", "styles-many.docx", "deep.docx",
                                        "attr-bomb.docx",   "nested.docx",      "table.docx",
                                        "sdt.docx",         "placeholder.docx"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        kj_status s1, s2;
        kj_error e1, e2;
        kj_document *whole = docx_stepped(fx(files[f]), SIZE_MAX, &s1, &e1);
        for (size_t step = 0; step <= 200; step += 50) {
            kj_document *d = docx_stepped(fx(files[f]), step, &s2, &e2);
            assert_int_equal(s1, s2);
            assert_string_equal(e1.msg, e2.msg);
            if (whole) same_blocks(whole, d, step);
            kj_document_free(d);
        }
        kj_document_free(whole);
    }
}

/* A bare number is a page's printed number only in a paginated page (a
 * page break after it, or anywhere once one was read); on a web page it
 * is text: a figure, the years of a timeline. It used to be dropped as page
 * furniture there, numbering the blocks before it as a page and joining
 * the paragraphs around it. */
static void test_html_bare_numbers(void **state) {
    (void)state;
    kj_document *d = html_of("<html><body><h2>Training</h2><p>Tabletop exercises held</p><p>4</p>"
                             "<p>drills were also run at each plant.</p>"
                             "<p>2016</p><p>基本方針を制定</p><p>2019</p><p>CSIRTを設置</p>"
                             "</body></html>");
    assert_int_equal(d->n_blocks, 8);
    assert_string_equal(d->blocks[2].text, "4");
    assert_string_equal(d->blocks[3].text, "drills were also run at each plant.");
    assert_string_equal(d->blocks[4].text, "2016");
    assert_string_equal(d->blocks[6].text, "2019");
    for (size_t i = 0; i < d->n_blocks; i++)
        assert_int_equal(d->blocks[i].page, 0);
    kj_document_free(d);
    /* a filing's page: the number at its foot, before the break, is its page's */
    d = html_of("<html><body><p>The plan covers</p><p>7</p><hr style=\"page-break-after:always\">"
                "<p>recovery of systems.</p><p>Other text.</p><p>8</p>"
                "<div style=\"page-break-before: always\"><p>Next page.</p></div></body></html>");
    assert_int_equal(d->n_blocks, 3);
    assert_string_equal(d->blocks[0].text, "The plan covers recovery of systems.");
    assert_int_equal(d->blocks[0].page, 7);
    assert_int_equal(d->blocks[1].page, 8);
    kj_document_free(d);
}

/* A bold paragraph is a heading when it reads as one: with a letter (Latin,
 * full-width Latin, kana or kanji). A bold telephone or file number on a
 * 10-K's cover (914-555-0100, 1-2345) is a paragraph. */
static void test_html_bold_figures(void **state) {
    (void)state;
    kj_document *d = html_of("<html><body><p><b>914-555-0100</b></p><p>(telephone)</p>"
                             "<p><b>Cybersecurity</b></p><p><b>ＡＢＣ</b></p></body></html>");
    assert_int_equal(d->n_blocks, 4);
    assert_int_equal(d->blocks[0].kind, KJ_BLOCK_PARAGRAPH);
    assert_int_equal(d->blocks[2].kind, KJ_BLOCK_HEADING);
    assert_int_equal(d->blocks[3].kind, KJ_BLOCK_HEADING);
    kj_document_free(d);
}

/* A heading set on two lines with <br> is one heading, read as a wrap:
 * a space between English words, nothing between Japanese. It was two
 * headings, and the passages under it took the second line as theirs. */
static void test_html_heading_br(void **state) {
    (void)state;
    kj_document *d =
        html_of("<html><body><h3>Risk Management<br>and Strategy</h3><p>Text.</p>"
                "<h2>情報セキュリティ<br/>推進体制</h2><p>本文です。</p></body></html>");
    assert_int_equal(d->n_blocks, 4);
    assert_int_equal(d->blocks[0].kind, KJ_BLOCK_HEADING);
    assert_string_equal(d->blocks[0].text, "Risk Management and Strategy");
    assert_string_equal(d->blocks[2].text, "情報セキュリティ推進体制");
    kj_document_free(d);
    /* but a line after the <br> that is a sentence is a paragraph under it */
    d = html_of("<html><body><h4>(1) 設備の新設<br>該当事項はありません。</h4></body></html>");
    assert_int_equal(d->n_blocks, 2);
    assert_int_equal(d->blocks[0].kind, KJ_BLOCK_HEADING);
    assert_string_equal(d->blocks[0].text, "(1) 設備の新設");
    assert_int_equal(d->blocks[1].kind, KJ_BLOCK_PARAGRAPH);
    assert_string_equal(d->blocks[1].text, "該当事項はありません。");
    kj_document_free(d);
    /* each line decides: titles and sentences in turn in one element */
    d = html_of("<html><body><h5>(資産)<br>資産は前年より減りました。<br>(負債)<br>"
                "負債は増えました。</h5></body></html>");
    assert_int_equal(d->n_blocks, 4);
    assert_int_equal(d->blocks[0].kind, KJ_BLOCK_HEADING);
    assert_int_equal(d->blocks[1].kind, KJ_BLOCK_PARAGRAPH);
    assert_int_equal(d->blocks[2].kind, KJ_BLOCK_HEADING);
    assert_string_equal(d->blocks[2].text, "(負債)");
    assert_int_equal(d->blocks[3].kind, KJ_BLOCK_PARAGRAPH);
    kj_document_free(d);
}

/* An inline-XBRL fact named name (after "dei:") holding value. */
#define IX(name, value)                                                                            \
    "<ix:nonNumeric contextRef=\"c-1\" name=\"dei:" name "\">" value "</ix:nonNumeric>"

/* The title of a page whose <title> is title (none when NULL) and whose
 * body is body (malloc'd; the caller frees it), "(none)" for none. */
/* The title of a page titled title (NULL: none) with body, malloc'd; the
 * date stamped on its title into *stamped when stamped is not NULL. */
static char *title_of(const char *title, const char *body, int *stamped) {
    kj_buf b = KJ_BUF_INIT;
    kj_buf_puts(&b, "<html><head>");
    if (title) kj_buf_printf(&b, "<title>%s</title>", title);
    kj_buf_printf(&b, "</head><body>%s<p>Our board oversees cybersecurity.</p></body></html>",
                  body);
    kj_document *d = html_of(b.data);
    char *t = strdup(d->title ? d->title : "(none)");
    if (stamped) *stamped = d->stamped;
    kj_document_free(d);
    kj_buf_free(&b);
    return t;
}

/* A <title> that software made up rather than a person wrote: a file's
 * name is none, so the first heading titles the page, and the time stamp
 * EDINET's filing software puts after the kind of document is cut, with
 * the spaces before it, its date kept (a stamp alone leaves no title).
 * Digits that are no moment of the calendar are no stamp. A title a person
 * wrote stays, digits and file-like words in it too. */
static void test_generated_titles(void **state) {
    (void)state;
    static const char body[] = "<h2>第２【事業の状況】</h2>";
    static const struct {
        const char *title, *want;
        int stamped; /* the date kept */
    } cases[] = {
        {"有価証券報告書（通常方式）_20200423145006", "有価証券報告書（通常方式）", 20200423},
        {"0102010_honbun_0738000103204.htm", "第２【事業の状況】", 0},
        {"report-2024.PDF", "第２【事業の状況】", 0},
        {"Microsoft Word - 開示案_v3.docx", "第２【事業の状況】", 0},
        {"mini.html", "第２【事業の状況】", 0},
        {"Security Report 2024", "Security Report 2024", 0},
        {"About report.pdf files", "About report.pdf files", 0},
        {"Acme.io", "Acme.io", 0},
        /* a stamp alone: no title, the first heading titles the page */
        {" _20200423145006 ", "第２【事業の状況】", 20200423},
        /* the spaces before a stamp go with it, ideographic ones too */
        {"有価証券報告書 _20200624094726", "有価証券報告書", 20200624},
        {"四半期報告書\u3000_20200814100000", "四半期報告書", 20200814},
        {"報告書_20200229120000", "報告書", 20200229}, /* a leap day */
        /* digits that are no moment of the calendar are no stamp: kept */
        {"報告書_20201324094726", "報告書_20201324094726", 0},
        {"報告書_20200231120000", "報告書_20200231120000", 0},
        {"報告書_20190229120000", "報告書_20190229120000", 0},
        {"報告書_20200624250000", "報告書_20200624250000", 0},
        {"報告書_2020042314500", "報告書_2020042314500", 0},     /* 13 digits */
        {"報告書_202004231450061", "報告書_202004231450061", 0}, /* 15 digits */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int stamped = -1;
        char *t = title_of(cases[i].title, body, &stamped);
        if (strcmp(t, cases[i].want))
            fail_msg("case %zu: title \"%s\", wanted \"%s\"", i, t, cases[i].want);
        /* the stamp's date is kept: the assessment dates the report by it */
        if (stamped != cases[i].stamped)
            fail_msg("case %zu: stamped %d, wanted %d", i, stamped, cases[i].stamped);
        free(t);
    }
}

/* An inline-XBRL filing (a 10-K as EDGAR takes it) whose <title> is its
 * XBRL document's name is titled by its cover facts: the registrant, the
 * form and the fiscal year, read in the hidden header too, with nested
 * elements, entities and an ix:exclude as a browser reads them; a real
 * <title> stays, and a value too long to be one is none. */
static void test_html_ixbrl_title(void **state) {
    (void)state;
    /* clang-format off */
    static const char hidden[] =
        "<div style=\"display:none\"><ix:header><ix:hidden>"
        IX("DocumentFiscalYearFocus", "2024") IX("DocumentFiscalPeriodFocus", "FY")
        "</ix:hidden></ix:header></div>";
    static const char cover[] =
        "<div>FORM " IX("DocumentType", "10-K") "</div>"
        "<div>For the fiscal year ended <ix:nonNumeric name=\"dei:DocumentPeriodEndDate\">"
        IX("CurrentFiscalYearEndDate", "November&#160;30") ", 2024</ix:nonNumeric></div>"
        "<div><b>" IX("EntityRegistrantName", "LARKSPUR &amp; WREN  INSTRUMENTS CORP")
        "ORATION</b></div>";
    /* clang-format on */
    char body[4096];
    struct {
        const char *title, *body, *want;
    } cases[] = {
        {"lrkw-20241130", "%s%s",
         "LARKSPUR & WREN INSTRUMENTS CORPORATION Form 10-K for fiscal year 2024"},
        {NULL, "%s%s", "LARKSPUR & WREN INSTRUMENTS CORPORATION Form 10-K for fiscal year 2024"},
        {"Document", "%s%s",
         "LARKSPUR & WREN INSTRUMENTS CORPORATION Form 10-K for fiscal year 2024"},
        {"lrkw10k.htm", "%s%s",
         "LARKSPUR & WREN INSTRUMENTS CORPORATION Form 10-K for fiscal year 2024"},
        /* a title a person wrote stays */
        {"Larkspur Annual Report 2024", "%s%s", "Larkspur Annual Report 2024"},
        {"ラークスパー年次報告書", "%s%s", "ラークスパー年次報告書"},
        /* no fiscal year: the period's end as the cover prints it */
        {"lrkw-20241130", "%.0s%s",
         "LARKSPUR & WREN INSTRUMENTS CORPORATION Form 10-K for the period ended November 30, "
         "2024"},
        /* no registrant: the <title> as before */
        {"lrkw-20241130", "%s" IX("DocumentType", "10-K"), "lrkw-20241130"},
        /* a quarter's report */
        {"x-20240630",
         "%.0s%.0s" IX("DocumentType", "10-Q") IX("DocumentFiscalYearFocus", "2024")
             IX("DocumentFiscalPeriodFocus", "Q2") IX("EntityRegistrantName", "Wren Labs Inc."),
         "Wren Labs Inc. Form 10-Q for Q2 of fiscal year 2024"},
        /* the name alone; a form that is none; a year that is none */
        {"x",
         "%.0s%.0s" IX("EntityRegistrantName", "Wren Labs Inc.") IX("DocumentType", "Other")
             IX("DocumentFiscalYearFocus", "24"),
         "Wren Labs Inc."},
        {NULL,
         "%.0s%.0s" IX("EntityRegistrantName", "Wren Labs Inc.")
             IX("DocumentFiscalYearFocus", "2023"),
         "Wren Labs Inc., fiscal year 2023"},
        /* an ix:exclude is no part of the value; nor is a word after a space */
        {NULL,
         "%.0s%.0s<ix:nonNumeric name=\"dei:EntityRegistrantName\">Wren<ix:exclude> (see note)"
         "</ix:exclude> Labs</ix:nonNumeric> Inc",
         "Wren Labs"},
        /* the first with a value counts: an empty one, then one */
        {NULL,
         "%.0s%.0s" IX("EntityRegistrantName", " ") IX("EntityRegistrantName", "Wren Labs")
             IX("EntityRegistrantName", "Other Co"),
         "Wren Labs"},
        /* another taxonomy's fact of the same name is none */
        {NULL, "%.0s%.0s<ix:nonNumeric name=\"abc:EntityRegistrantName\">Wren Labs</ix:nonNumeric>",
         "(none)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(body, sizeof body, cases[i].body, hidden, cover);
        char *t = title_of(cases[i].title, body, NULL);
        if (strcmp(t, cases[i].want))
            fail_msg("case %zu: title \"%s\", wanted \"%s\"", i, t, cases[i].want);
        free(t);
    }
    /* hostile: a name of 100 KB is none, and the next one counts; a fact
     * never closed takes the page to its end */
    kj_buf big = KJ_BUF_INIT;
    kj_buf_puts(&big, "<ix:nonNumeric name=\"dei:EntityRegistrantName\">");
    for (int k = 0; k < 10000; k++)
        kj_buf_puts(&big, "<b>Wren&amp;</b>");
    kj_buf_puts(&big, "</ix:nonNumeric>" IX("EntityRegistrantName", "Wren Labs"));
    char *t = title_of("w-1", big.data, NULL);
    assert_string_equal(t, "Wren Labs");
    free(t);
    kj_buf_reset(&big);
    kj_buf_puts(&big, "<div><ix:nonNumeric name=\"dei:EntityRegistrantName\">Wren <p>");
    for (int k = 0; k < 100; k++)
        kj_buf_puts(&big, "<div>text of the page</div>");
    t = title_of("w-1", big.data, NULL);
    assert_string_equal(t, "w-1");
    free(t);
    kj_buf_free(&big);
    /* the facts are read as the parser goes, whatever it has freed */
    snprintf(body, sizeof body,
             "<html><head><title>lrkw-20241130</title></head><body>%s%s<p>Text.</p></body></html>",
             hidden, cover);
    kj_document *whole = html_stepped(body, strlen(body), strlen(body) + 1);
    for (size_t step = 0; step < 64; step += 7) {
        kj_document *d = html_stepped(body, strlen(body), step);
        same_blocks(whole, d, step);
        kj_document_free(d);
    }
    kj_document_free(whole);
}

/* Which <title> is a name, not a title, for an inline-XBRL filing's facts
 * to replace. */
static void test_ix_name_title(void **state) {
    (void)state;
    assert_true(kj_ix_name_title("abc-20241231"));
    assert_true(kj_ix_name_title(" lrkw10k.htm \n"));
    assert_true(kj_ix_name_title("Document"));
    assert_true(kj_ix_name_title(""));
    assert_true(kj_ix_name_title(" \t"));
    assert_false(kj_ix_name_title("Annual Report 2024"));
    assert_false(kj_ix_name_title("年次報告書"));
    assert_false(kj_ix_name_title("10-K:2024"));
}

/* An SEC filing's cover names it: the registrant's name above "(Exact
 * name of registrant …)", the form and the period above that, whatever
 * the reader; not the letterhead ("UNITED STATES") a text opened with, nor
 * a <title> (or a PDF's) that is only its XBRL document's name when its
 * facts are not tagged. A <title> a person wrote stays, and so does an
 * XBRL name with no such cover. */
static void test_sec_cover_title(void **state) {
    (void)state;
    static const char cover[] =
        "<div>UNITED STATES</div><div>SECURITIES AND EXCHANGE COMMISSION</div>"
        "<div>Washington, D.C. 20549</div><div><b>FORM 10-K</b></div>"
        "<div>FOR THE FISCAL YEAR ENDED JUNE 30, 2025</div><div>Commission file number 0-0000</div>"
        "<table><tr><td><b>WREN &amp; FINCH LABS, INC.</b></td></tr>"
        "<tr><td>(Exact name of registrant as specified in its charter)</td></tr></table>"
        "<p>We make field sensors.</p>";
    static const char want[] =
        "WREN & FINCH LABS, INC. Form 10-K for the fiscal year ended June 30, 2025";
    static const struct {
        const char *title, *body, *want;
    } cases[] = {
        {"wfl-20250630", cover, want},
        {"wfl-20250630.htm", cover, want},
        {NULL, cover, want},
        {"Wren and Finch annual report", cover, "Wren and Finch annual report"},
        {"wfl-20250630", "<p>We make field sensors.</p>", "wfl-20250630"},
        /* a label in brackets above the label is no name */
        {"wfl-20250630",
         "<p>FORM 10-Q</p><p>(Commission file number)</p>"
         "<p>(Exact name of registrant as specified in its charter)</p>",
         "wfl-20250630"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *t = title_of(cases[i].title, cases[i].body, NULL);
        if (strcmp(t, cases[i].want))
            fail_msg("case %zu: title \"%s\", wanted \"%s\"", i, t, cases[i].want);
        free(t);
    }
    /* a text, its cover's lines set apart, or stacked into one block */
    static const char *const texts[] = {
        "UNITED STATES\n\nSECURITIES AND EXCHANGE COMMISSION\n\nWashington, D.C. 20549\n\n"
        "FORM 10-K\n\nFor the fiscal year ended June 30, 2025\n\nWREN & FINCH LABS, INC.\n\n"
        "(Exact name of registrant as specified in its charter)\n\nWe make field sensors.\n",
        "UNITED STATES\nSECURITIES AND EXCHANGE COMMISSION\nWashington, D.C. 20549\n\n"
        "FORM 10-K\n\nFor the fiscal year ended June 30, 2025\n\n"
        "Commission file number 0-0000\n(Commission file number)\nWREN & FINCH LABS, INC.\n"
        "(Exact name of registrant as specified in its charter)\n\nWe make field sensors.\n"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        kj_document *d = text_blocks(texts[i]);
        if (!d->title || strcmp(d->title, want))
            fail_msg("text %zu: title \"%s\"", i, d->title ? d->title : "(none)");
        assert_string_equal(d->company ? d->company : "(none)", "WREN & FINCH LABS, INC.");
        kj_document_free(d);
    }
    assert_true(kj_xbrl_document_name("abc-20241231"));
    assert_true(kj_xbrl_document_name("abc_x.1-20241231.HTM"));
    assert_false(kj_xbrl_document_name("Document"));
    assert_false(kj_xbrl_document_name("abc-2024123"));
    assert_false(kj_xbrl_document_name("-20241231"));
    assert_false(kj_xbrl_document_name("Annual report-20241231"));
}

/* A title that wraps in the source reads as one line, as blocks do. */
static void test_html_title_spaces(void **state) {
    (void)state;
    kj_document *d = html_of("<html><head><title>\n   Hoshizora   Security\n   Report\t2025\n"
                             "</title></head><body><p>Text.</p></body></html>");
    assert_string_equal(d->title, "Hoshizora Security Report 2025");
    kj_document_free(d);
}

/* A byte that does not decode in a page's legacy encoding is read as
 * U+FFFD, as a browser shows it, and the page goes on; libxml2 stopped
 * there and kept what it had read, so the rest was lost without a word. */
static void test_html_stray_byte(void **state) {
    (void)state;
    kj_document *d = html_of("<html><head><meta charset=\"Shift_JIS\"></head><body>"
                             "<p>First.</p><p>Before \xA0 after.</p><p>Third.</p></body></html>");
    assert_string_equal(d->encoding, "CP932");
    assert_int_equal(d->n_blocks, 3);
    assert_string_equal(d->blocks[1].text, "Before \xEF\xBF\xBD after.");
    assert_string_equal(d->blocks[2].text, "Third.");
    kj_document_free(d);
}

/* A page saved again as UTF-8 that still declares Shift_JIS is read as
 * UTF-8 (its text is valid UTF-8, which Shift_JIS text with kanji never
 * is); a page in ISO-2022-JP, 7-bit and so valid UTF-8 too, is read as it
 * declares. */
static void test_html_stale_charset(void **state) {
    (void)state;
    kj_document *d = html_of("<html><head><meta charset=\"Shift_JIS\"></head><body>"
                             "<p>当社は情報セキュリティ委員会を設けています。</p></body></html>");
    assert_string_equal(d->encoding, "UTF-8");
    assert_string_equal(d->blocks[0].text, "当社は情報セキュリティ委員会を設けています。");
    kj_document_free(d);
    d = html_of("<html><head><meta charset=\"iso-2022-jp\"></head><body>"
                "<p>\x1b$BEv<R$O>pJs\x1b(B</p></body></html>");
    assert_string_equal(d->blocks[0].text, "当社は情報");
    kj_document_free(d);
}

/* What a browser does not show is not read: display:none, visibility:
 * hidden, the hidden attribute, scripts and templates. */
static void test_html_hidden(void **state) {
    (void)state;
    kj_document *d = html_of("<html><body><p>Shown.</p><div hidden><p>HIDDEN ATTR</p></div>"
                             "<p style=\"display: none\">HIDDEN STYLE</p>"
                             "<p style=\"visibility:hidden\">HIDDEN VIS</p>"
                             "<template><p>TEMPLATE</p></template><script>var x;</script>"
                             "<p>Also shown.</p></body></html>");
    assert_int_equal(d->n_blocks, 2);
    assert_string_equal(d->blocks[0].text, "Shown.");
    assert_string_equal(d->blocks[1].text, "Also shown.");
    kj_document_free(d);
}

/* A note's mark set as <sup> after a word is read apart from it, so the
 * word still matches ("CISO 1", not "CISO1"); exponents after numbers and
 * short units stay as they are; a ruby's reading is not read. */
static void test_html_sup_ruby(void **state) {
    (void)state;
    kj_document *d =
        html_of("<html><body><p>The CISO<sup>1</sup> reports to the Board<sup>(12)</sup> and "
                "Committee<sup>*</sup>; area 40 km<sup>2</sup>, 10<sup>6</sup> logs, "
                "Version<sup>beta</sup>.</p>"
                "<p><ruby>情報<rp>(</rp><rt>じょうほう</rt><rp>)</rp></ruby>セキュリティ"
                "<ruby>委員会<rt>いいんかい</rt></ruby>を置く。</p></body></html>");
    assert_int_equal(d->n_blocks, 2);
    assert_string_equal(d->blocks[0].text,
                        "The CISO 1 reports to the Board (12) and Committee *; area 40 km2, 106 "
                        "logs, Versionbeta.");
    assert_string_equal(d->blocks[1].text, "情報セキュリティ委員会を置く。");
    kj_document_free(d);
}

/* A long line that a <br> cuts mid-sentence goes on in the next line of its
 * block (a filing that wraps its paragraphs by hand); paragraphs that a
 * <br> separates, a numbered title and short lines stay apart. */
static void test_html_hand_wrapped(void **state) {
    (void)state;
    kj_document *d = html_of(
        "<html><body><p><span>①　当社の決済サービスにおいて、何らかの要因によりシステム障害や不正"
        "アクセスが発生し、約款に定める免</span><br/><span>責事項では補えない損失がお客様に生じた"
        "場合、お客様の機会損失や当社グループの信用の低下などにより業績に影響を与える</span><br/>"
        "<span>可能性があります。</span></p>"
        "<p>当社は情報セキュリティ委員会を設置しています。<br/>委員会は年4回開催しています。</p>"
        "<p>４．当社グループにおける情報資産の管理及び国内外の外部委託先の監督に関する基本的な事項<"
        "br/>"
        "取締役会は、法令遵守の方針を定め、その実施状況を監督しています。</p>"
        "<p>情報セキュリティ<br/>委員会</p>"
        "<p>当社グループは、国内外の業務委託先における情報の取扱状況を年に一度点検し、その結果によ<"
        "br/>"
        "り、契約の見直しや改善の要請を行っています。</p></body></html>");
    assert_int_equal(d->n_blocks, 8);
    assert_string_equal(
        d->blocks[0].text,
        "①　当社の決済サービスにおいて、何らかの要因によりシステム障害や不正ア"
        "クセスが発生し、約款に定める免責事項では補えない損失がお客様に生じた場合、"
        "お客様の機会損失や当社グループの信用の低下などにより業績に影響を与える可能性が"
        "あります。");
    assert_string_equal(d->blocks[1].text, "当社は情報セキュリティ委員会を設置しています。");
    assert_string_equal(d->blocks[2].text, "委員会は年4回開催しています。");
    assert_non_null(strstr(d->blocks[3].text, "監督に関する基本的な事項"));
    assert_null(strstr(d->blocks[3].text, "取締役会"));
    assert_string_equal(d->blocks[5].text, "情報セキュリティ");
    assert_string_equal(d->blocks[6].text, "委員会");
    /* a wrap inside a word: 「によ」 then 「り、」 is no numbered entry */
    assert_string_equal(
        d->blocks[7].text,
        "当社グループは、国内外の業務委託先における情報の取扱状況を年に一度点検し、その結果によ"
        "り、契約の見直しや改善の要請を行っています。");
    kj_document_free(d);
}

/* The text of document d from code point start to end (the blocks joined
 * with newlines, as offsets count them) into b. */
static const char *doc_span(const kj_document *d, size_t start, size_t end, kj_buf *b) {
    kj_buf all = KJ_BUF_INIT;
    for (size_t i = 0; i < d->n_blocks; i++) {
        if (i) kj_buf_puts(&all, "\n");
        kj_buf_append(&all, d->blocks[i].text, d->blocks[i].len);
    }
    size_t a = 0, n = 0;
    for (size_t i = 0; i <= all.len; i++) {
        if (i == all.len || ((unsigned char)all.data[i] & 0xC0) != 0x80) {
            if (n == start) a = i;
            if (n == end) {
                kj_buf_reset(b);
                kj_buf_append(b, all.data + a, i - a);
                break;
            }
            n++;
        }
    }
    kj_buf_free(&all);
    return b->data ? b->data : "";
}

/* A label or a sentence of a table's cell that one <br> cut (a row's label
 * over two lines) is one text, joined as a wrap is (no space between
 * Japanese characters, one in English): a line that ends on a particle or
 * an attributive form, one before hiragana or a lower-case word, or before
 * a remark in brackets. What a <br> in a cell parts stays apart: names,
 * countries, a date over its event, lines that open with a mark (・ ※ ①
 * 1. (注)) or a date, or that each end a sentence, and lines two <br>
 * part. */
static void test_html_cell_br(void **state) {
    (void)state;
    kj_document *d = html_of(
        "<html><body><table>"
        "<tr><td>親会社株主に帰属する<br>当期純利益</td><td>120</td></tr>"
        "<tr><td>Net income attributable<br/>to shareholders</td><td>45</td></tr>"
        "<tr><td>取締役<br>（社外取締役を除く）</td><td>Board members<br>(excluding outside "
        "directors)</td></tr>"
        "<tr><td>事業部門<br>の名称</td><td>報酬等の<br>総額<br>（百万円）</td></tr>"
        "<tr><td>山川 一郎<br>谷口 花子</td><td>ドイツ<br>フランス</td></tr>"
        "<tr><td>2019年６月<br>定時株主総会</td><td>令和２年４月<br>ほしぞら銀行と提携</td></tr>"
        "<tr><td>・監視の強化<br>・訓練の実施</td><td>①外部の監査<br>②内部の点検</td></tr>"
        "<tr><td>1. Scope<br>2. Review</td><td>監査役<br>(注)１</td></tr>"
        "<tr><td>対策を強化しました。<br>訓練を行いました。</td><td>Backups were tested.<br>logs "
        "were kept</td></tr>"
        "<tr><td>Balance at<br>End of Period</td><td>Acme &amp; Co.,<br>Inc.</td></tr>"
        "<tr><td>Estimated<br>Useful Life</td><td>当社／<br>子会社</td></tr>"
        "<tr><td>情報セキュリティに関する<br><br>方針</td><td>The plan of<br><br>the year</td></tr>"
        "</table></body></html>");
    static const char *const want[] = {
        "親会社株主に帰属する当期純利益",
        "120",
        "Net income attributable to shareholders",
        "45",
        "取締役（社外取締役を除く）",
        "Board members (excluding outside directors)",
        "事業部門の名称",
        "報酬等の総額（百万円）",
        "山川 一郎",
        "谷口 花子",
        "ドイツ",
        "フランス",
        "2019年６月",
        "定時株主総会",
        "令和２年４月",
        "ほしぞら銀行と提携",
        "・監視の強化",
        "・訓練の実施",
        "①外部の監査",
        "②内部の点検",
        "1. Scope",
        "2. Review",
        "監査役",
        "(注)１",
        "対策を強化しました。",
        "訓練を行いました。",
        "Backups were tested.",
        "logs were kept",
        "Balance at End of Period",
        "Acme & Co., Inc.",
        "Estimated",
        "Useful Life",
        "当社／子会社",
        "情報セキュリティに関する",
        "方針",
        "The plan of",
        "the year",
    };
    bool same = d->n_blocks == sizeof want / sizeof *want;
    for (size_t i = 0; same && i < d->n_blocks; i++)
        same = !strcmp(d->blocks[i].text, want[i]) && d->blocks[i].kind == KJ_BLOCK_TABLE_CELL;
    if (!same) {
        kj_buf b = KJ_BUF_INIT;
        fail_msg("%zu blocks:\n%s", d->n_blocks, block_texts(d, &b));
    }
    assert_int_equal(d->blocks[1].row, d->blocks[0].row); /* the label and its figure */
    assert_int_not_equal(d->blocks[1].cell, d->blocks[0].cell);
    kj_document_free(d);
}

/* A risk's name that one <br> cut in its cell (…による then 情報漏えいの
 * リスク) heads the description in the next cell as one name, and every
 * passage's offsets still point at its text in the document. */
static void test_html_cell_br_offsets(void **state) {
    (void)state;
    kj_document *d = html_of(
        "<html><body><h2>事業等のリスク</h2><table><tr>"
        "<td><p>不正な侵入による<br>設計情報の流出</p></td>"
        "<td><p>当社は、外部からの不正な侵入により取引先から預かった設計情報が流出した場合、"
        "取引先の信頼を損ない、受注が減るおそれがあります。</p></td></tr></table>"
        "<p>当社は、侵入の検知の仕組みを毎年見直しています。</p></body></html>");
    assert_int_equal(d->n_blocks, 4);
    assert_string_equal(d->blocks[1].text, "不正な侵入による設計情報の流出");
    kj_buf b = KJ_BUF_INIT;
    for (size_t i = 0; i < d->n_blocks; i++) /* the blocks' offsets, the joined one's too */
        assert_string_equal(doc_span(d, d->blocks[i].start, d->blocks[i].end, &b),
                            d->blocks[i].text);
    assert_int_equal(d->blocks[2].start, d->blocks[1].end + 1);
    kj_passages ps;
    kj_error err = {0};
    assert_int_equal(kj_segment(d, NULL, d->arena, &ps, &err), KJ_OK);
    size_t found = 0;
    for (size_t i = 0; i < ps.n; i++) {
        const kj_passage *p = &ps.items[i];
        char *text = strndup(p->text, p->len);
        assert_string_equal(doc_span(d, p->start, p->end, &b), text);
        if (strstr(text, "受注が減るおそれ")) {
            found++;
            assert_string_equal(p->heading, "不正な侵入による設計情報の流出");
            assert_int_equal(p->start, d->blocks[2].start);
            assert_int_equal(p->end, d->blocks[2].end);
        }
        if (strstr(text, "侵入の検知の仕組み")) {
            found++;
            assert_int_equal(p->start, d->blocks[3].start);
            assert_int_equal(p->end, d->text_chars);
        }
        free(text);
    }
    assert_int_equal(found, 2);
    kj_buf_free(&b);
    kj_document_free(d);
}

/* What opens an entry of its own (kj_starts_entry): a mark, a bracket, a
 * number, or a letter, katakana or kanji numeral before ） ) ． or 、 as a
 * list numbers its entries; not any other character before ）, which
 * closes a bracket a wrap cut (…総会にて承 + 認）), nor one before ．, which
 * ends a sentence there. */
static void test_starts_entry(void **state) {
    (void)state;
    static const struct {
        const char *s;
        bool entry;
    } cases[] = {
        {"・方針", true},        {"※１　注記", true}, {"①方針", true},     {"（1）方針", true},
        {"1) 方針", true},       {"２．方針", true},  {"【方針】", true},  {"イ）方針", true},
        {"ロ. 方針", true},      {"ア、方針", true},  {"a) policy", true}, {"Ｂ）方針", true},
        {"ｃ．方針", true},      {"ｲ)方針", true},    {"一）方針", true},  {"十．方針", true},
        {"ⅱ）方針", true},       {"認）", false},     {"承認）", false},   {"す．", false},
        {"た）をいう。", false}, {"ッ）", false},     {"ー）", false},     {"り、契約", false},
        {"益」を指す。", false}, {"方針", false},     {"」）", false},     {"円）", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (kj_starts_entry(cases[i].s, strlen(cases[i].s)) != cases[i].entry)
            fail_msg("\"%s\": not %d", cases[i].s, cases[i].entry);
}

/* Blocks of kind and text, the whole document's in order (want, n of
 * them); fails with the blocks it has when they differ. */
static void expect_doc(const kj_document *d, const want_block *want, size_t n) {
    bool same = d->n_blocks == n;
    for (size_t i = 0; same && i < n; i++)
        same = d->blocks[i].kind == want[i].kind && !strcmp(d->blocks[i].text, want[i].text);
    if (!same) {
        kj_buf b = KJ_BUF_INIT;
        fail_msg("%zu blocks:\n%s", d->n_blocks, block_texts(d, &b));
    }
}

/* A note that a filing cut by hand inside its bracket, after a kanji
 * (…総会にて承 then 認）), goes on in the next line, whether a <br> or a
 * <p> of its own cut it: 認） numbers no entry. Entries numbered by
 * katakana and kanji numerals (イ） 一）) still stay apart from a line
 * that ends on a comma. A long line cut by hand after a closing mark goes
 * on in a line that opens with a particle or a conjunction (『…規程』 then
 * に基づき, 「…」 then 及び), not in one that opens a paragraph (当社は, or
 * とりわけ, which opens as と does); one cut after an adjectival な or an
 * attributive form (する, されない) goes on in the noun it modifies (適切な
 * then 管理体制, 確保されない then リスク), not in a paragraph's first word
 * (これらの). */
static void test_html_hand_cut(void **state) {
    (void)state;
    kj_document *d = ingest_ok("hand-cut.html", NULL);
    static const want_block want[] = {
        {KJ_BLOCK_PARAGRAPH, "※１　委員会の委員の報酬の上限は、年額三千万円です。（2019年５月20日開"
                             "催の第12回定時株主総会にて承認）"},
        {KJ_BLOCK_PARAGRAPH, "※２　監査の担当者の報酬の上限は、年額二千万円です。（2020年５月18日"
                             "開催の第13回定時株主総会にて承認）"},
        {KJ_BLOCK_PARAGRAPH,
         "当社は、情報の管理に関する次の二つの体制を、取締役会の決議に基づいて整"
         "え、その運用を毎年見直し、"},
        {KJ_BLOCK_PARAGRAPH,
         "イ）当社の取締役と使用人が、情報の管理の状況を監査役に報告するための体制"},
        {KJ_BLOCK_PARAGRAPH,
         "ロ）当社の子会社の取締役が、情報の管理の状況を当社に報告するための体制"},
        {KJ_BLOCK_PARAGRAPH,
         "当社は、子会社の情報の管理についても、取締役会の決議に基づいて次の二つ"
         "の事項を定め、その点検を毎年行い、"},
        {KJ_BLOCK_PARAGRAPH, "一）子会社の情報の管理の責任者を定め、その者が当社に報告する事項"},
        {KJ_BLOCK_PARAGRAPH, "二）子会社の情報の管理の状況を、当社の監査部が点検する事項"},
        {KJ_BLOCK_PARAGRAPH,
         "当社は、子会社の情報資産の扱いについて、取締役会の定めた『ほしぞらグループ情報管理規"
         "程』に基づき、当社への報告を求める。また、各子会社がそれぞれの事業の規模に応じて適切"
         "な管理体制を整える一方で、当社は親会社として、情報管理部を含む関係部署にて子会社に対"
         "する監督を行う。"},
        {KJ_BLOCK_PARAGRAPH, "情報管理委員会は、規程の改定の案を毎年まとめ、取締役会の定めた『ほし"
                             "ぞらグループ情報管理規程』"},
        {KJ_BLOCK_PARAGRAPH, "当社は、その改定を毎年見直す。"},
        {KJ_BLOCK_PARAGRAPH, "当社の主なリスクは、外部からの攻撃により顧客の設計情報の機密性と完全"
                             "性が確保されないリスク"},
        {KJ_BLOCK_PARAGRAPH, "当社は、取引先から預かった情報の管理について、規程の要点を「取引先向"
                             "けの手引き」及び社内の研修資料にまとめ、毎年見直している。"},
        {KJ_BLOCK_PARAGRAPH, "当社の研究所は、次の世代の製品に用いる制御の技術と、その試験の方法の"
                             "開発に集中する"},
        {KJ_BLOCK_PARAGRAPH, "これらの開発の成果は、毎年の技術報告会で社内に示している。"},
        {KJ_BLOCK_PARAGRAPH, "情報セキュリティ委員会の運営については、取締役会が定めた「情報セキュ"
                             "リティ委員会規程」"},
        {KJ_BLOCK_PARAGRAPH, "とりわけ、委員の選び方と任期について、細かな定めを置いている。"},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    kj_document_free(d);
}

/* A table's cell whose lines are each a <p> or a <div> of their own (as
 * inline-XBRL filings set them, a <div> inside a <div> too) reads as one
 * text where the text shows it goes on, as a cell's lines cut by one <br>
 * do (test_html_cell_br): a label over two lines, a name over its remark
 * in brackets, a <br> and a <p> in one cell. A list's names or entries, a
 * date over its event, a note's mark, sentences, a numbered title over its
 * text, lines a blank paragraph parts and the lines of two cells stay
 * apart. */
static void test_html_cell_paragraphs(void **state) {
    (void)state;
    kj_document *d = ingest_ok("cell-paragraphs.html", NULL);
    static const want_block want[] = {
        {KJ_BLOCK_HEADING, "役員の報酬等"},
        {KJ_BLOCK_TABLE_CELL, "親会社株主に帰属する当期純利益"},
        {KJ_BLOCK_TABLE_CELL, "120"},
        {KJ_BLOCK_TABLE_CELL, "取締役（社外取締役を除く）"},
        {KJ_BLOCK_TABLE_CELL, "監査役"},
        {KJ_BLOCK_TABLE_CELL, "(注)１"},
        {KJ_BLOCK_TABLE_CELL, "山川 一郎"},
        {KJ_BLOCK_TABLE_CELL, "谷口 花子"},
        {KJ_BLOCK_TABLE_CELL, "2019年６月"},
        {KJ_BLOCK_TABLE_CELL, "定時株主総会"},
        {KJ_BLOCK_TABLE_CELL, "・監視の強化"},
        {KJ_BLOCK_TABLE_CELL, "・訓練の実施"},
        {KJ_BLOCK_TABLE_CELL, "対策を強化しました。"},
        {KJ_BLOCK_TABLE_CELL, "訓練を行いました。"},
        {KJ_BLOCK_TABLE_CELL, "１．監視について"},
        {KJ_BLOCK_TABLE_CELL, "常時の監視を行います。"},
        {KJ_BLOCK_TABLE_CELL, "情報セキュリティに関する"},
        {KJ_BLOCK_TABLE_CELL, "方針"},
        {KJ_BLOCK_TABLE_CELL, "不正な侵入による設計情報の流出"},
        {KJ_BLOCK_TABLE_CELL, "当社の"},
        {KJ_BLOCK_TABLE_CELL, "方針"},
        {KJ_BLOCK_TABLE_CELL, "Net income attributable to shareholders"},
        {KJ_BLOCK_TABLE_CELL, "Balance at End of Period"},
        {KJ_BLOCK_TABLE_CELL, "Backups were tested."},
        {KJ_BLOCK_TABLE_CELL, "logs were kept"},
        {KJ_BLOCK_TABLE_CELL, "Estimated"},
        {KJ_BLOCK_TABLE_CELL, "Useful Life"},
        {KJ_BLOCK_PARAGRAPH, "当社は、報酬の方針を毎年見直しています。"},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    kj_buf b = KJ_BUF_INIT;
    for (size_t i = 0; i < d->n_blocks; i++) /* the joined blocks' offsets too */
        assert_string_equal(doc_span(d, d->blocks[i].start, d->blocks[i].end, &b),
                            d->blocks[i].text);
    assert_int_equal(d->blocks[2].start, d->blocks[1].end + 1);
    kj_buf_free(&b);
    kj_document_free(d);
}

/* The heading each passage of a page's text gets, in order, into out
 * (one "heading | text" a line). */
static const char *passage_headings(const kj_document *d, kj_buf *out) {
    kj_passages ps;
    kj_error err = {0};
    assert_int_equal(kj_segment(d, NULL, d->arena, &ps, &err), KJ_OK);
    kj_buf_reset(out);
    for (size_t i = 0; i < ps.n; i++) {
        kj_buf_puts(out, ps.items[i].heading ? ps.items[i].heading : "(none)");
        kj_buf_puts(out, " | ");
        kj_buf_append(out, ps.items[i].text, ps.items[i].len);
        kj_buf_puts(out, "\n");
    }
    return out->data;
}

/* A column's title in a table's header row, set in lines of <div>s that
 * read as one (test_html_cell_paragraphs), names no passages: neither the
 * title before a long one in its row (Business region) nor one over a long
 * cell of a later row, though that cell ends a sentence (金額（百万円）),
 * heads what follows; the heading above the table does. A risk's name
 * set over a remark in brackets in its cell still heads its measures, the
 * two lines as one name, though the name with its remark is longer than a
 * heading without a mark. */
static void test_html_cell_paragraph_headings(void **state) {
    (void)state;
    kj_document *d = html_of(
        "<html><body><h2>Retention of customer records</h2><table>"
        "<tr><td><div>Business region</div></td><td><div>Number of customer records</div>"
        "<div>kept under the retention</div><div>program and its archive (1)</div></td>"
        "<td><div>(a)</div></td></tr>"
        "<tr><td><div>Northern offices</div></td><td><div>1,200</div></td><td><div>40</div></td>"
        "</tr></table>"
        "<p>(1) The archive is reviewed every year by the records committee.</p>"
        "<h2>区分ごとの費用</h2><table>"
        "<tr><td><p>区分の名称</p></td><td><p>金額</p><p>（百万円）</p></td><td><p>内容</p></td></"
        "tr>"
        "<tr><td><p>製品事業</p></td><td><p>1,200</p></td><td><p>次の世代の製品に用いる制御の技術"
        "と、その試験の方法の開発、及び既存の製品の保守に用いる部品の設計の見直しと、その評価の仕組"
        "みの"
        "整備に充てました。</p></td></tr></table>"
        "<h2>事業等のリスク</h2><table>"
        "<tr><td><p>海外の生産拠点における部品調達の停滞</p>"
        "<p>（主要な取引先の事業継続に関わるリスク）</p></td>"
        "<td><p>〔対応策〕</p><p>・部品の調達先を複数の地域に分けて確保し、その状況を毎月点検してい"
        "ます。</p><p>・主要な部品の在庫の水準を、需要の見通しに応じて四半期ごとに見直しています。"
        "</p></td></tr></table></body></html>");
    kj_buf b = KJ_BUF_INIT;
    assert_string_equal(
        passage_headings(d, &b),
        "Retention of customer records | Business region\n"
        "Retention of customer records | Number of customer records kept under the retention "
        "program and its archive (1)\n"
        "Retention of customer records | (a) | Northern offices | 1,200 | 40\n"
        "Retention of customer records | (1) The archive is reviewed every year by the records "
        "committee.\n"
        "区分ごとの費用 | 区分の名称 | 金額（百万円） | 内容 | 製品事業 | 1,200\n"
        "区分ごとの費用 | "
        "次の世代の製品に用いる制御の技術と、その試験の方法の開発、及び既存の製品の"
        "保守に用いる部品の設計の見直しと、その評価の仕組みの整備に充てました。\n"
        "海外の生産拠点における部品調達の停滞（主要な取引先の事業継続に関わるリスク） 〔対応策〕 | "
        "・部品の調達先を複数の地域に分けて確保し、その状況を毎月点検しています。 | "
        "・主要な部品の在庫の水準を、需要の見通しに応じて四半期ごとに見直しています。\n");
    kj_buf_free(&b);
    kj_document_free(d);
}

/* A katakana word that a filing cut by hand across two <p> (…インシデント
 * レスポ then ンス…) is whole again: a long line that ends in katakana goes
 * on where the next begins with it; where the next begins with a kanji
 * (当社は…), the two stay apart. */
static void test_html_katakana_cut(void **state) {
    (void)state;
    kj_document *d = html_of(
        "<html><body>"
        "<p>当社は、事故が起きた時に備えて、各部門の責任者が定めた手順に従い、インシデントレスポ</"
        "p>"
        "<p>ンスの訓練を年に二回行っています。</p>"
        "<p>"
        "本年度の主な対策：全ての拠点の端末への多要素認証の導入、通信の暗号化、エンドポイントセキュ"
        "リティ</p>"
        "<p>当社は、これらの対策の効果を毎年確かめています。</p>"
        "</body></html>");
    assert_int_equal(d->n_blocks, 3);
    assert_string_equal(d->blocks[0].text,
                        "当社は、事故が起きた時に備えて、各部門の責任者が定めた手順に従い、イン"
                        "シデントレスポンスの訓練を年に二回行っています。");
    assert_string_equal(d->blocks[2].text, "当社は、これらの対策の効果を毎年確かめています。");
    kj_document_free(d);
}

/* English lines a filing cut by hand (kj_latin_goes_on_by_hand): a long
 * line that ends on a word, a figure, a comma or a hyphen goes on in a
 * line that begins with a lower-case word, not in one that begins with a
 * capital, a number or an entry's letter (a), e.g.), nor after a sentence
 * or a short line. */
static void test_latin_goes_on_by_hand(void **state) {
    (void)state;
    static const char *const long_line = "Hoshizora Robotics keeps a written plan for each kind of";
    static const struct {
        const char *line, *next;
        bool on;
    } cases[] = {
        {long_line, "incident, and tests it.", true},
        {"Hoshizora Robotics keeps a written plan for each kind of re-", "sponse.", true},
        {"Hoshizora Robotics keeps a written plan for each kind,", "and tests it.", true},
        {long_line, "Incidents are rare.", false},
        {long_line, "2025 plans", false},
        {long_line, "a) the first kind", false},
        {"Hoshizora Robotics keeps a written plan for each kind.", "and tests it.", false},
        {"Hoshizora Robotics keeps a written plan:", "and tests it.", false},
        {"A written plan for each kind of", "incident.", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (kj_latin_goes_on_by_hand(cases[i].line, strlen(cases[i].line), cases[i].next,
                                     strlen(cases[i].next)) != cases[i].on)
            fail_msg("\"%s\" + \"%s\": not %d", cases[i].line, cases[i].next, cases[i].on);
}

/* A paragraph a filing set as one <p> per printed line goes on from the
 * line before it when what follows cannot begin a paragraph: it closes a
 * bracket the line left open, begins with a small kana or with hiragana
 * that begins no paragraph, or the line ends on a particle. Paragraphs
 * that end no sentence but are whole, and entries, stay apart. */
static void test_html_lines_as_paragraphs(void **state) {
    (void)state;
    kj_document *d = html_of(
        "<html><body>"
        "<p>・取引先のシステムが停止した場合、部品の調達が滞って生産が遅れ、お客様への納品に影響を<"
        "/p>"
        "<p>及ぼすリスク</p>"
        "<p>"
        "・当社の設計情報が外部に流出するリスク（当社の従業員が誤って送信する場合、および第三者が"
        "不正に</p>"
        "<p>取得する場合）</p>"
        "<p>・為替の変動リスク</p>"
        "<p>"
        "（注）本書における「営業利益」は、連結損益計算書の「売上高から売上原価と販売費及び一般管理"
        "費を差し引いた利</p>"
        "<p>益」を指します。</p>"
        "<p>当社グループの情報システムは、基幹業務のほか工場の生産設備の制御にも使われており、その"
        "停止が続いた場合、キャ</p>"
        "<p>ッシュ・フローに影響が生じる可能性があります。</p>"
        "<p>当社は、社内外の情報資産を守るための体制を整え、監視の仕組みを段階的に導入してきまし</"
        "p>"
        "<p>た。</p>"
        "<p>"
        "当社は、全拠点のネットワーク機器を更新し、各拠点の通信を本社で一元的に監視する体制を整備</"
        "p>"
        "<p>また、委員会は年に一度、体制の見直しを行っています。</p>"
        "<p>"
        "当社は、全拠点のネットワーク機器を更新し、各拠点の通信を本社で一元的に監視する体制を整備</"
        "p>"
        "<p>「情報セキュリティ基本方針」を改定しました。</p>"
        "<p>"
        "ほしぞら精機の事業は部品の加工と組立てで、国内の三つの工場と海外の二つの工場で生産していま"
        "す</p>"
        "<p>お客様の情報は暗号化して保管しています。</p>"
        "</body></html>");
    assert_int_equal(d->n_blocks, 12);
    assert_string_equal(d->blocks[0].text,
                        "・取引先のシステムが停止した場合、部品の調達が滞って生産が"
                        "遅れ、お客様への納品に影響を及ぼすリスク");
    assert_string_equal(d->blocks[1].text,
                        "・当社の設計情報が外部に流出するリスク（当社の従業員が誤っ"
                        "て送信する場合、および第三者が不正に取得する場合）");
    assert_string_equal(d->blocks[2].text, "・為替の変動リスク");
    assert_non_null(strstr(d->blocks[3].text, "差し引いた利益」を指します。"));
    assert_non_null(strstr(d->blocks[4].text, "キャッシュ・フロー"));
    assert_non_null(strstr(d->blocks[5].text, "導入してきました。"));
    /* a connective, a quotation and an honorific begin paragraphs */
    assert_string_equal(d->blocks[7].text, "また、委員会は年に一度、体制の見直しを行っています。");
    assert_string_equal(d->blocks[9].text, "「情報セキュリティ基本方針」を改定しました。");
    assert_string_equal(d->blocks[10].text,
                        "ほしぞら精機の事業は部品の加工と組立てで、国内の三つの工場"
                        "と海外の二つの工場で生産しています");
    assert_string_equal(d->blocks[11].text, "お客様の情報は暗号化して保管しています。");
    kj_document_free(d);
}

/* Lines joined by hand: many in a row make one block, whose text is the
 * lines' in order (the block grows in the builder, not copied per line);
 * the line a paragraph goes on from is the last one joined, so a short
 * last line ends the paragraph. */
static void test_html_lines_joined_many(void **state) {
    (void)state;
    static const char line[] =
        "当社は全拠点の通信を本社で一元的に監視し、各拠点の端末の暗号化と年に一度の定期的な点検を";
    kj_buf page = KJ_BUF_INIT;
    assert_int_equal(kj_buf_puts(&page, "<html><body>"), KJ_OK);
    for (int i = 0; i < 500; i++)
        assert_int_equal(kj_buf_printf(&page, "<p>%s</p>", line), KJ_OK);
    assert_int_equal(kj_buf_puts(&page,
                                 "<p>進めています</p><p>ほか、委員会は年に一度集まります。</p>"
                                 "</body></html>"),
                     KJ_OK);
    kj_document *d = html_of(page.data);
    kj_buf_free(&page);
    assert_int_equal(d->n_blocks, 2);
    assert_int_equal(d->blocks[0].len, 500 * strlen(line) + strlen("進めています"));
    for (int i = 0; i < 500; i++)
        assert_memory_equal(d->blocks[0].text + (size_t)i * strlen(line), line, strlen(line));
    assert_string_equal(d->blocks[1].text, "ほか、委員会は年に一度集まります。");
    kj_document_free(d);
}

/* A line that went on by hand and is shorter than a long line: when it is
 * as long as the line before it but for a tenth (a full printed line that
 * kinsoku left a character or two short), the next goes on from it as from
 * a long one (め、 begins no paragraph); a line of a character or two, a
 * word's middle, goes on in the next when that closes a bracket the lines
 * before left open (「サーバ / ー / 管理台帳」). A connective still begins
 * a paragraph after either. */
static void test_html_lines_after_short(void **state) {
    (void)state;
    kj_document *d = html_of(
        "<html><body>"
        "<p>当社は、全従業員を対象に年二回の標的型メール訓練を行い、開封した者には研修を受けさせて<"
        "/p>"
        "<p>います。訓練の結果は部門ごとに集計して翌期の教育計画に反映しますが、件数は少な</p>"
        "<p>く、公表はしておりません。</p>"
        "<p>"
        "当社は、取引先から預かった図面を守るため、全拠点の端末を年に二度点検し、その結果を「サーバ"
        "</p>"
        "<p>ー</p>"
        "<p>管理台帳」に記録しています。</p>"
        "<p>当社は、全従業員を対象に年二回の標的型メール訓練を行い、開封した者には研修を受けさせて<"
        "/p>"
        "<p>います。訓練の結果は部門ごとに集計して翌期の教育計画の見直しに使う基礎的な資料</p>"
        "<p>また、訓練の手順は毎年改めています。</p>"
        "</body></html>");
    assert_int_equal(d->n_blocks, 4);
    assert_string_equal(
        d->blocks[0].text,
        "当社は、全従業員を対象に年二回の標的型メール訓練を行い、開封した者には研修を"
        "受けさせています。訓練の結果は部門ごとに集計して翌期の教育計画に反映しますが"
        "、件数は少なく、公表はしておりません。");
    assert_string_equal(
        d->blocks[1].text,
        "当社は、取引先から預かった図面を守るため、全拠点の端末を年に二度点検し、その"
        "結果を「サーバー管理台帳」に記録しています。");
    assert_string_equal(d->blocks[3].text, "また、訓練の手順は毎年改めています。");
    kj_document_free(d);
}

/* Append string t to b (the test fails when memory runs out). */
static void put(kj_buf *b, const char *t) {
    assert_int_equal(kj_buf_append(b, t, strlen(t)), KJ_OK);
}

/* The page read whole, and read while parsed in steps of 0 to 5 bytes and
 * of 64 (test_html_stepped), giving the same blocks. The caller frees it. */
static kj_document *html_every_step(const kj_buf *page) {
    kj_document *whole = html_stepped(page->data, page->len, page->len + 1);
    static const size_t steps[] = {0, 1, 2, 3, 5, 64};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        kj_document *d = html_stepped(page->data, page->len, steps[i]);
        same_blocks(whole, d, steps[i]);
        kj_document_free(d);
    }
    return whole;
}

/* The lines of a cell read as one (test_html_cell_paragraphs) read the
 * same however far the parser has gone when the page is read (reading
 * while parsing: a <p> or <div> entered open, left once closed). */
static void test_html_cell_paragraphs_stepped(void **state) {
    (void)state;
    kj_buf page = KJ_BUF_INIT;
    put(&page, "<html><body><table><tr>"
               "<td><div><div>Balance at</div></div><div><div>End of Period</div></div></td>"
               "<td><p>親会社株主に帰属する</p><p>&nbsp;</p><p>当期純利益</p></td>"
               "<td><p>取締役</p><p>（社外取締役を除く）</p></td>"
               "</tr></table></body></html>");
    kj_document *d = html_every_step(&page);
    static const want_block want[] = {
        {KJ_BLOCK_TABLE_CELL, "Balance at End of Period"},
        {KJ_BLOCK_TABLE_CELL, "親会社株主に帰属する"},
        {KJ_BLOCK_TABLE_CELL, "当期純利益"},
        {KJ_BLOCK_TABLE_CELL, "取締役（社外取締役を除く）"},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    kj_document_free(d);
    kj_buf_free(&page);
}

/* A <br> that is the last thing in a cell's <p> or <div> (<p>…<br></p>,
 * as Word and EDINET's tools write a cell's lines, inside a <span> too)
 * separates nothing a reader sees: the line before it goes on in the next
 * <p> or <div> where it would without the <br> (a <div> in a <div> too).
 * Two <br>, a <br> and a blank line after it in the same <p> (&nbsp;), a
 * blank <p><br></p> between, a <br> between the elements and the end of
 * the cell keep the lines apart, as a line that ends a sentence does; a
 * <br> with text after it in its block is a break, which goes on only
 * where the text says so. The same whether read whole or while parsed. */
static void test_html_cell_paragraph_br_end(void **state) {
    (void)state;
    kj_buf page = KJ_BUF_INIT;
    put(&page, "<html><body><table>"
               "<tr><td><p>委託先との<br></p><p>連絡の手順</p></td>"
               "<td><div>Amounts payable<br/></div><div>to the vendors</div></td>"
               "<td><p><span>点検の範囲と<br></span></p>\n<p><span>その頻度</span></p></td></tr>"
               "<tr><td><p>保守の<br>記録を<br></p><p>残す方法</p></td>"
               "<td><p>机上の訓練と<br></p><p>実地の訓練</p><p>年二回の<br></p></td>"
               "<td><p>手順を定めました。<br></p><p>点検を行いました。</p></td></tr>"
               "<tr><td><p>委託先との<br><br></p><p>連絡の手順</p></td>"
               "<td><p>委託先との<br>&nbsp;</p><p>連絡の手順</p></td>"
               "<td><p>委託先との</p><p><br></p><p>連絡の手順</p></td>"
               "<td><p>委託先との</p><br><p>連絡の手順</p></td></tr>"
               "<tr><td><p>委託先との<br></p></td><td><p>連絡の手順</p></td>"
               "<td><p>委託先との<br>・連絡の手順<br></p><p>・報告の様式</p></td>"
               "<td><div><div>Amounts payable<br></div></div><div><div>to the vendors</div></div>"
               "</td></tr>"
               "</table></body></html>");
    kj_document *d = html_every_step(&page);
    static const want_block want[] = {
        {KJ_BLOCK_TABLE_CELL, "委託先との連絡の手順"},
        {KJ_BLOCK_TABLE_CELL, "Amounts payable to the vendors"},
        {KJ_BLOCK_TABLE_CELL, "点検の範囲とその頻度"},
        {KJ_BLOCK_TABLE_CELL, "保守の記録を残す方法"},
        {KJ_BLOCK_TABLE_CELL, "机上の訓練と実地の訓練"},
        {KJ_BLOCK_TABLE_CELL, "年二回の"},
        {KJ_BLOCK_TABLE_CELL, "手順を定めました。"},
        {KJ_BLOCK_TABLE_CELL, "点検を行いました。"},
        {KJ_BLOCK_TABLE_CELL, "委託先との"},
        {KJ_BLOCK_TABLE_CELL, "連絡の手順"},
        {KJ_BLOCK_TABLE_CELL, "委託先との"},
        {KJ_BLOCK_TABLE_CELL, "連絡の手順"},
        {KJ_BLOCK_TABLE_CELL, "委託先との"},
        {KJ_BLOCK_TABLE_CELL, "連絡の手順"},
        {KJ_BLOCK_TABLE_CELL, "委託先との"},
        {KJ_BLOCK_TABLE_CELL, "連絡の手順"},
        {KJ_BLOCK_TABLE_CELL, "委託先との"},
        {KJ_BLOCK_TABLE_CELL, "連絡の手順"},
        {KJ_BLOCK_TABLE_CELL, "委託先との"},
        {KJ_BLOCK_TABLE_CELL, "・連絡の手順"},
        {KJ_BLOCK_TABLE_CELL, "・報告の様式"},
        {KJ_BLOCK_TABLE_CELL, "Amounts payable to the vendors"},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    kj_document_free(d);
    kj_buf_free(&page);
}

/* Outside a table, a paragraph's or a <div>'s line that a <br> ends goes on
 * in the next paragraph as it does without the <br> (kj_builder_goes_on_by_hand
 * reads the lines, whatever parts them): the <br> last in its block changes
 * nothing there. */
static void test_html_body_paragraph_br_end(void **state) {
    (void)state;
    static const char *const pages[] = {
        "<html><body><p>"
        "当社の情報システム部門は、外部の専門家の助言を受けながら、社内の各部署と委託先との"
        "</p><p>連絡の手順を毎年見直しております。</p>"
        "<div>当社の情報システム部門は、外部の専門家の助言を受けながら、社内の各部署と委託先との</"
        "div>"
        "<div>連絡の手順を毎年見直しております。</div>"
        "<p>手順は文書にまとめました。</p><p>点検は年二回行います。</p></body></html>",
        "<html><body><p>"
        "当社の情報システム部門は、外部の専門家の助言を受けながら、社内の各部署と委託先との"
        "<br></p><p>連絡の手順を毎年見直しております。</p>"
        "<div>当社の情報システム部門は、外部の専門家の助言を受けながら、社内の各部署と委託先との<"
        "br/>"
        "</div><div>連絡の手順を毎年見直しております。</div>"
        "<p>手順は文書にまとめました。<br></p><p>点検は年二回行います。</p></body></html>",
    };
    static const want_block want[] = {
        {KJ_BLOCK_PARAGRAPH,
         "当社の情報システム部門は、外部の専門家の助言を受けながら、社内の各部署と委託"
         "先との連絡の手順を毎年見直しております。"},
        {KJ_BLOCK_PARAGRAPH,
         "当社の情報システム部門は、外部の専門家の助言を受けながら、社内の各部署と委託"
         "先との連絡の手順を毎年見直しております。"},
        {KJ_BLOCK_PARAGRAPH, "手順は文書にまとめました。"},
        {KJ_BLOCK_PARAGRAPH, "点検は年二回行います。"},
    };
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        kj_document *d = html_of(pages[i]);
        expect_doc(d, want, sizeof want / sizeof *want);
        kj_document_free(d);
    }
}

/* A block's line is the line its text starts on. libxml2 stamps a text
 * node with the line where the first piece of it that its parser hands
 * over ends (a piece is at most 1000 bytes, and cut at each entity): a
 * paragraph wrapped over several lines was placed on its last line, and a
 * long one on the line where its first 1000 bytes end. Nor may the line
 * depend on how often the page is read while parsed. */
static void test_html_block_lines(void **state) {
    (void)state;
    kj_buf page = KJ_BUF_INIT;
    put(&page, "<html><body>\n"                 /* 1 */
               "<p>This paragraph is wrapped\n" /* 2 */
               "over two lines.</p>\n"          /* 3 */
               "<p>\n"                          /* 4 */
               "  段落の本文は次の行から\n"     /* 5 */
               "  始まります。</p>\n"           /* 6 */
               "<p>一行目です。<br>\n"          /* 7 */
               "二行目は改行の後で\n"           /* 8 */
               "続きます。</p>\n"               /* 9 */
               "<p>&amp; an entity\r\n"         /* 10 */
               "opens this one.</p>\r\n"        /* 11 */
               "<p>\r\n"                        /* 12 */
               "A long paragraph:\n");          /* 13 */
    for (int i = 0; i < 60; i++)                /* 14 to 73: 1200 bytes */
        put(&page, "it goes on and on.\r\n");
    put(&page, "<table><tr><td>\n"                       /* 74 */
               "<p>セルの段落</p></td></tr></table>\n"); /* 75 */
    for (int i = 0; i < 66000; i++)                      /* 76 to 66075 */
        put(&page, "\n");
    put(&page, "<p>Far down.</p></body></html>\n"); /* 66076 */
    kj_document *d = html_every_step(&page);
    static const int lines[] = {2, 5, 7, 8, 10, 13, 75, 66076};
    assert_int_equal(d->n_blocks, sizeof lines / sizeof lines[0]);
    for (size_t i = 0; i < d->n_blocks; i++)
        if (d->blocks[i].line != lines[i])
            fail_msg("block %zu (%.20s) on line %d, not %d", i, d->blocks[i].text,
                     d->blocks[i].line, lines[i]);
    kj_document_free(d);
    kj_buf_free(&page);
}

/* A table cell says which table and row it is in, for kj_segment to join
 * the short cells of one table but not those of two tables one after the
 * other. Its paragraphs and lines are blocks of their own, as EDINET sets
 * running text in tables (but a line one <br> cut that goes on in the next:
 * test_html_cell_br); a table inside a cell is a table of its own; a
 * list inside a cell is list items, as outside. */
static void test_html_table_cells(void **state) {
    (void)state;
    kj_buf page = KJ_BUF_INIT;
    put(&page, "<html><body><table>"
               "<tr><th>項目</th><th>内容</th></tr>"
               "<tr><td><p>第一の段落です。</p><p>第二の段落です。</p></td>"
               "<td>Backups<br>Restores <p>each month.</p></td></tr>"
               "<tr><td><div>外側</div><table><tr><td>内側</td></tr></table>後ろ</td>"
               "<td><ul><li>項目A</li><li>項目B</li></ul></td></tr></table>"
               "<table><tr><td>Budget</td><td>5%</td></tr></table>"
               "<p>本文です。</p></body></html>");
    kj_document *d = html_every_step(&page);
    static const char *const want[] = {"項目",
                                       "内容",
                                       "第一の段落です。",
                                       "第二の段落です。",
                                       "Backups",
                                       "Restores",
                                       "each month.",
                                       "外側",
                                       "内側",
                                       "後ろ",
                                       "項目A",
                                       "項目B",
                                       "Budget",
                                       "5%",
                                       "本文です。"};
    assert_int_equal(d->n_blocks, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < d->n_blocks; i++)
        assert_string_equal(d->blocks[i].text, want[i]);
    const kj_block *b = d->blocks;
    for (size_t i = 0; i < 10; i++) {
        assert_int_equal(b[i].kind, KJ_BLOCK_TABLE_CELL);
        assert_true(b[i].table > 0 && b[i].row > 0);
    }
    assert_int_equal(b[1].row, b[0].row); /* a row's cells */
    assert_int_equal(b[6].row, b[2].row);
    assert_int_not_equal(b[2].row, b[0].row); /* the next row, */
    assert_int_equal(b[2].table, b[0].table); /* of the same table */
    assert_int_equal(b[7].table, b[0].table);
    assert_int_not_equal(b[8].table, b[7].table); /* the table in a cell */
    assert_int_not_equal(b[8].row, b[7].row);
    assert_int_equal(b[9].row, b[7].row); /* and the cell's text after it */
    assert_int_equal(b[9].table, b[7].table);
    assert_int_equal(b[10].kind, KJ_BLOCK_LIST_ITEM);
    assert_int_equal(b[10].row, 0);
    assert_int_not_equal(b[12].table, b[0].table); /* the next table */
    assert_int_not_equal(b[12].table, b[8].table);
    assert_int_equal(b[13].row, b[12].row);
    assert_int_equal(b[14].kind, KJ_BLOCK_PARAGRAPH);
    assert_int_equal(b[14].table, 0);
    /* and which cell: a cell's paragraphs and lines share it */
    assert_true(b[0].cell > 0);
    assert_int_not_equal(b[1].cell, b[0].cell);
    assert_int_equal(b[3].cell, b[2].cell);
    assert_int_not_equal(b[4].cell, b[2].cell);
    assert_int_equal(b[6].cell, b[4].cell);
    assert_int_not_equal(b[8].cell, b[7].cell); /* the table in a cell */
    assert_int_equal(b[9].cell, b[7].cell);     /* and the cell's text after it */
    assert_int_not_equal(b[13].cell, b[12].cell);
    assert_int_equal(b[14].cell, 0);
    kj_document_free(d);
    kj_buf_free(&page);
}

/* A risk table as securities reports set it: a risk's name in the first
 * column (in a line or two of its cell, which read as one name: a name
 * over its remark in brackets), its measures and uncertainties in
 * the next under labels (〔不確実性〕, of any length in 〔〕), and the
 * strategies it bears on in the third. The name heads the cells of its row
 * with the label above them; a label heads its own cell only, not the
 * third column's; a short name (為替の変動) is no label. A name in the
 * first line of the cell that describes it heads the description. */
static void test_html_risk_table(void **state) {
    (void)state;
    kj_document *d = html_of(
        "<html><body><h2>事業等のリスク</h2><table>"
        "<tr><td><p>リスク</p></td><td><p>取り組みと不確実性</p></td><td><p>関連</p></td></tr>"
        "<tr><td><p>基幹システム停止リスク</p><p>（事業基盤のリスク）</p></td>"
        "<td><p>〔計画している主な取り組み〕</p><p>・受注システムの二重化。</p>"
        "<p>〔不確実性〕</p>"
        "<p>・外部からの不正な侵入や設備の故障で受注システムが止まり、取引先への出荷が数日にわたり"
        "遅れる可能性。</p>"
        "<p>〔対応策〕</p><p>・復旧手順の年二回の訓練。</p></td>"
        "<td><p>③④</p></td></tr>"
        "<tr><td><p>為替の変動</p></td><td><p>〔対応策〕</p><p>・為替予約の活用。</p>"
        "<p>・外貨建て取引の抑制。</p></td><td><p>②</p></td></tr>"
        "<tr><td><p>取引先の評判に関するリスク</p><p>評判は取引の前提です。</p>"
        "<p>当社の製品の不具合や不適切な発信が広く知られると、長く付き合ってきた取引先からの信頼を"
        "損ない、翌年度以降の受注が大きく減るおそれがあります。</p></td><td><p>③</p></td></tr>"
        "</table></body></html>");
    kj_passages ps;
    kj_error err = {0};
    assert_int_equal(kj_segment(d, NULL, d->arena, &ps, &err), KJ_OK);
    static const struct {
        const char *text, *heading;
    } want[] = {
        {"・受注システムの二重化。",
         "基幹システム停止リスク（事業基盤のリスク） 〔計画している主な取り組み〕"},
        {"・外部からの不正な侵入や設備の故障で受注システムが止まり、取引先への出荷が数日にわたり"
         "遅れる可能性。",
         "基幹システム停止リスク（事業基盤のリスク） 〔不確実性〕"},
        {"・復旧手順の年二回の訓練。", "基幹システム停止リスク（事業基盤のリスク） 〔対応策〕"},
        {"③④", "基幹システム停止リスク（事業基盤のリスク）"},
        {"・為替予約の活用。 | ・外貨建て取引の抑制。", "為替の変動 〔対応策〕"},
        {"評判は取引の前提です。", "取引先の評判に関するリスク"},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        size_t i = 0;
        while (i < ps.n && strcmp(ps.items[i].text, want[k].text) != 0)
            i++;
        if (i == ps.n) fail_msg("no passage: %s", want[k].text);
        if (!ps.items[i].heading || strcmp(ps.items[i].heading, want[k].heading) != 0)
            fail_msg("%s: headed %s, not %s", want[k].text,
                     ps.items[i].heading ? ps.items[i].heading : "(none)", want[k].heading);
    }
    for (size_t i = 0; i < ps.n; i++)
        if (strncmp(ps.items[i].text, "〔", strlen("〔")) == 0)
            fail_msg("a label as a passage: %s", ps.items[i].text);
    kj_document_free(d);
}

/* Tables of data in a securities report (its history, its major
 * shareholders, its subsidiaries) name nothing with their cells: a date,
 * an address, an amount or a company's name before a long cell does not
 * head that cell, nor the rest of its table, as a risk's name heads its
 * description; the heading before the table heads them all. All names,
 * places and figures are made up. */
static void test_html_data_tables(void **state) {
    (void)state;
    kj_document *d = html_of(
        "<html><body><h2>沿革</h2><table>"
        "<tr><td><p>年月</p></td><td><p>事項</p></td></tr>"
        "<tr><td><p>1979年４月</p></"
        "td><td><p>架空県架空市においてあおば精工の前身である工房を設立し、"
        "計測機器の設計と製造を始め、のちに県内の二か所に工場を建てて生産を広げる。</p></td></tr>"
        "<tr><td><p>1985年10月</p></td><td><p>本社を移転</p></td></tr>"
        "</table><h2>大株主の状況</h2><table>"
        "<tr><td><p>氏名又は名称</p></td><td><p>住所</p></td><td><p>所有株式数</p></td>"
        "<td><p>割合</p></td></tr>"
        "<tr><td><p>つばさ信託銀行株式会社（口座）</p></td><td><p>東京都架空区本町1－２－３</p></"
        "td>"
        "<td><p>4,321</p></td><td><p>5.12</p></td></tr>"
        "<tr><td><p>EXAMPLE NOMINEE BANK FOR THE CLIENTS OF THE FICTIONAL GLOBAL CUSTODY SERVICE "
        "(ACCOUNT 0001)</p></td><td><p>1 SAMPLE STREET, EXAMPLE CITY</p></td>"
        "<td><p>株式 1,234,500</p></td><td><p>1.46</p></td></tr>"
        "<tr><td><p>みどり商事㈱</p></td><td><p>架空県架空市</p></td><td><p>2,100</p></td>"
        "<td><p>2.49</p></td></tr>"
        "</table><h2>関係会社の状況</h2><table>"
        "<tr><td><p>名称</p></td><td><p>住所</p></td><td><p>主要な事業の内容</p></td></tr>"
        "<tr><td><p>AOBA PRECISION EUROPE GmbH</p></td><td><p>ドイツ　架空州</p></td>"
        "<td><p>計測機器の販売と保守のサービス、部品の組立、取引先への技術の支援、研修の運営、"
        "ならびに域内の代理店の管理を行っています。</p></td></tr>"
        "</table></body></html>");
    kj_passages ps;
    kj_error err = {0};
    assert_int_equal(kj_segment(d, NULL, d->arena, &ps, &err), KJ_OK);
    static const struct {
        const char *text, *heading;
    } want[] = {
        {"計測機器の設計と製造を始め", "沿革"},
        {"EXAMPLE NOMINEE BANK", "大株主の状況"},
        {"みどり商事㈱", "大株主の状況"},
        {"計測機器の販売と保守", "関係会社の状況"},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        size_t i = 0;
        while (i < ps.n && !strstr(ps.items[i].text, want[k].text))
            i++;
        if (i == ps.n) fail_msg("no passage: %s", want[k].text);
        if (!ps.items[i].heading || strcmp(ps.items[i].heading, want[k].heading) != 0)
            fail_msg("%s: headed %s, not %s", want[k].text,
                     ps.items[i].heading ? ps.items[i].heading : "(none)", want[k].heading);
    }
    kj_document_free(d);
}

/* Nested <div><b> depth levels, a text and a huge attribute, ingested
 * (NULL, with the error in *err, when it cannot be read). */
static kj_document *nested_html(int depth, kj_error *err) {
    kj_buf b = KJ_BUF_INIT;
    put(&b, "<html><body>");
    for (int i = 0; i < depth; i++)
        put(&b, "<div><b>");
    put(&b, "deep text<p title=\"");
    for (int i = 0; i < 300000; i++)
        put(&b, "a");
    put(&b, "\">after</p></body></html>");
    assert_int_equal(kj_buf_append(&b, "", 1), KJ_OK); /* the NUL html_of writes up to */
    char path[] = "/tmp/kj-test-nestXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(b.data, f);
    fclose(f);
    kj_buf_free(&b);
    kj_ingest_options o = {.format = KJ_FORMAT_HTML};
    kj_document *d = NULL;
    kj_status st = kj_ingest_file(path, &o, &d, err);
    unlink(path);
    assert_true((st == KJ_OK) == (d != NULL));
    return d;
}

static void test_html_hostile(void **state) {
    (void)state;
    kj_error err;
    kj_document *d = nested_html(100, &err); /* 200 deep: read */
    assert_non_null(d);
    assert_true(find(d, "deep text") >= 0);
    assert_true(find(d, "after") >= 0);
    kj_document_free(d);
    /* libxml2 stops at its depth limit (256) and keeps what it had: an
     * error, not the text up to there read as if it were all */
    assert_null(nested_html(50000, &err));
    assert_non_null(strstr(err.msg, "elements nested more than 256 deep"));
}

static void check_edinet(const char *name) {
    kj_document *d = ingest_ok(name, NULL);
    assert_int_equal(d->format, KJ_FORMAT_EDINET);
    assert_int_equal(d->n_blocks, 6);
    /* each section named by its code and its heading's 【】 */
    assert_string_equal(d->blocks[0].section, "0000000 表紙");
    assert_string_equal(d->blocks[2].section, "0101010 企業の概況");
    assert_string_equal(d->blocks[5].section, "0102010 事業の状況");
    assert_ptr_equal(d->blocks[4].section, d->blocks[5].section);
    assert_string_equal(d->blocks[5].text, "当社はサイバー攻撃に備え、CSIRTを設置しています。");
    assert_int_equal(d->blocks[4].kind, KJ_BLOCK_HEADING);
    assert_string_equal(d->title, "【表紙】");
    assert_int_equal(find(d, "JUNK"), -1);
    assert_int_equal(find(d, "AUDITTEXT"), -1);
    kj_document_free(d);
}

/* A filing's cover names it: company, document and fiscal year's number
 * (its labels 【会社名】 【提出書類】 【事業年度】, each over its value), not
 * the cover's heading 【表紙】; a section file titled by its file name takes
 * its first heading. */
static void test_edinet_cover_title(void **state) {
    (void)state;
    char dir[256];
    kj_test_tmpdir(dir, sizeof dir, "kj-edinet");
    static const char *const page =
        "<html><head><title>%s_honbun_x.htm</title></head><body>%s</body></html>";
    char cover[1024], business[512];
    snprintf(cover, sizeof cover, page, "0000000",
             "<h3>【表紙】</h3><p>【提出書類】</p><p>有価証券報告書</p><p>【事業年度】</p>"
             "<p>第12期（自 2024年4月1日 至 2025年3月31日）</p><p>【会社名】</p>"
             "<p>あおば精工株式会社</p>");
    snprintf(business, sizeof business, page, "0102010",
             "<h3>第２【事業の状況】</h3><p>当社はCSIRTを設置しています。</p>");
    kj_test_write_file(dir, "X1-0000000.html", cover);
    kj_test_write_file(dir, "X1-0102010.html", business);
    kj_document *d = NULL;
    kj_error err;
    assert_int_equal(kj_ingest_file(dir, NULL, &d, &err), KJ_OK);
    assert_string_equal(d->title, "あおば精工株式会社 有価証券報告書 第12期");
    assert_string_equal(d->company, "あおば精工株式会社");
    kj_document_free(d);
    char one[300];
    snprintf(one, sizeof one, "%s/X1-0102010.html", dir);
    assert_int_equal(kj_ingest_file(one, NULL, &d, &err), KJ_OK);
    assert_string_equal(d->title, "第２【事業の状況】");
    assert_null(d->company); /* a section file alone has no cover */
    kj_document_free(d);
    kj_test_rmtree(dir);
}

/* The section of a passage in a filing is named as readers know it: its
 * code, then its first heading's 【】 (a part's heading, 第一部【企業情報】,
 * gives way to the chapter heading under it), or the heading itself when
 * it has none; a section without a heading keeps its code alone. */
static void test_edinet_section_names(void **state) {
    (void)state;
    char dir[256];
    kj_test_tmpdir(dir, sizeof dir, "kj-edinet");
    static const char *const page = "<html><body>%s</body></html>";
    static const struct {
        const char *file, *body, *section;
    } cases[] = {
        {"X1-0101010.html", "<h2>第一部【企業情報】</h2><h3>第１【企業の概況】</h3><p>沿革。</p>",
         "0101010 企業の概況"},
        {"X1-0102010.html", "<h3>(2) その他の事項</h3><p>該当なし。</p>",
         "0102010 (2) その他の事項"},
        {"X1-0103010.html", "<p>本文だけの節。</p>", "0103010"},
        {"X1-0104010.html", "<h3>第４【部門別の状況】</h3><h4>１【概要】</h4><p>概要。</p>",
         "0104010 部門別の状況"}, /* 部 in its name: no part's heading */
        {"X1-0201010.html", "<h2>第二部【提出会社の保証会社等の情報】</h2><p>該当事項なし。</p>",
         "0201010 提出会社の保証会社等の情報"},
    };
    size_t n = sizeof cases / sizeof cases[0];
    for (size_t i = 0; i < n; i++) {
        char html[512];
        snprintf(html, sizeof html, page, cases[i].body);
        kj_test_write_file(dir, cases[i].file, html);
    }
    kj_document *d = NULL;
    kj_error err;
    assert_int_equal(kj_ingest_file(dir, NULL, &d, &err), KJ_OK);
    size_t seen = 0;
    for (size_t b = 0; b < d->n_blocks; b++)
        for (size_t i = 0; i < n; i++)
            if (strncmp(d->blocks[b].section, cases[i].section, 7) == 0) {
                assert_string_equal(d->blocks[b].section, cases[i].section);
                seen |= (size_t)1 << i;
            }
    assert_int_equal(seen, ((size_t)1 << n) - 1);
    kj_document_free(d);
    kj_test_rmtree(dir);
}

/* A section file read alone is tagged with its section as it would be in
 * its filing, when its name holds a section code and its first heading a
 * name in 【】; other pages with seven digits in their names are not. */
static void test_edinet_section_file_alone(void **state) {
    (void)state;
    char dir[256];
    kj_test_tmpdir(dir, sizeof dir, "kj-edinet-alone");
    static const struct {
        const char *file, *body, *section; /* section NULL: none */
    } cases[] = {
        {"X1-0102010.html", "<h2>第２【事業の状況】</h2><h3>１【経営方針】</h3><p>方針。</p>",
         "0102010 事業の状況"},
        {"0105010_honbun_x.htm", "<h2>第５ 【経理の状況】</h2><p>連結財務諸表。</p>",
         "0105010 経理の状況"},
        {"notes-2024001.html", "<h2>第２【事業の状況】</h2><p>方針。</p>", NULL},
        {"X1-0102010-plain.html", "<h2>事業の状況</h2><p>方針。</p>", NULL},
        {"report.html", "<h2>第２【事業の状況】</h2><p>方針。</p>", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char html[512], path[512];
        snprintf(html, sizeof html, "<html><body>%s</body></html>", cases[i].body);
        kj_test_write_file(dir, cases[i].file, html);
        snprintf(path, sizeof path, "%s/%s", dir, cases[i].file);
        kj_document *d = NULL;
        kj_error err;
        assert_int_equal(kj_ingest_file(path, NULL, &d, &err), KJ_OK);
        assert_true(d->n_blocks >= 2);
        for (size_t b = 0; b < d->n_blocks; b++) {
            if (cases[i].section)
                assert_string_equal(d->blocks[b].section, cases[i].section);
            else
                assert_null(d->blocks[b].section);
        }
        kj_document_free(d);
    }
    kj_test_rmtree(dir);
}

static void test_edinet(void **state) {
    (void)state;
    check_edinet("edinet");
    check_edinet("edinet.zip");
    kj_error err;
    assert_int_equal(ingest_err("nosections", NULL, &err), KJ_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "no EDINET section files"));
    assert_int_equal(ingest_err("plain.zip", NULL, &err), KJ_ERR_FORMAT);
}

static void test_zip_bomb(void **state) {
    (void)state;
    kj_ingest_options o = {.max_bytes = 1 << 20};
    kj_error err;
    assert_int_equal(ingest_err("bomb.zip", &o, &err), KJ_ERR_TOO_LARGE);
    assert_non_null(strstr(err.msg, "limit"));
}

/* Two sections that each pass the limit and not together: the error says
 * the limit is that of the members together, not a member's own (it named
 * what was left of the limit as if it were the limit). */
static void test_zip_limit_together(void **state) {
    (void)state;
    kj_ingest_options o = {.max_bytes = 30000};
    kj_error err;
    assert_int_equal(ingest_err("sections-together.zip", &o, &err), KJ_ERR_TOO_LARGE);
    assert_non_null(strstr(err.msg, "more than the limit of 30000 bytes together"));
    assert_non_null(strstr(err.msg, "0102010_honbun_x.htm"));
}

/* A hyphen a wrap cut a compound at stays where the document writes the
 * pair with it within a line (state- + sponsored), or where its first part
 * opens compounds and the document writes the part after it as a word
 * (third- + party, cash- + settled); a word the typesetter cut loses it
 * (secu- + rity, written whole elsewhere; state- + ment, whose second part
 * is no word of the document). */
static void test_pdf_hyphens(void **state) {
    (void)state;
    kj_document *d = ingest_ok("hyphens.pdf", NULL);
    assert_int_equal(d->n_blocks, 3);
    const char *t = d->blocks[1].text;
    assert_non_null(strstr(t, "report to the board on the state-sponsored groups,"));
    assert_non_null(strstr(t, "acts for it as a third-party agent,"));
    assert_non_null(strstr(t, "marked as cash-settled, on the people"));
    assert_non_null(strstr(t, "keep up the security of each"));
    assert_non_null(strstr(t, "the annual statement of the risk team."));
    kj_document_free(d);
}

/* The text reader decides each hyphen at a wrap as the PDF reader does,
 * from the whole text: the hyphen stays where the text writes the pair with
 * it more often than whole (e-mail), goes where it writes it whole more
 * often (cyberattacks) or as a typesetter cuts a word (mana- + gers), and
 * stays after a word that opens compounds (real- + time, long- + term); the
 * blocks' and passages' offsets count the hyphens kept. */
static void test_text_hyphens(void **state) {
    (void)state;
    const char *t = "Marlow Tiles answers every e-mail about a cyberattack and keeps a\n"
                    "list of cyberattacks on its kilns. Its mana-\n"
                    "gers read each e-\n"
                    "mail and note the cyber-\n"
                    "attacks with a real-\n"
                    "time log, which runs all the time, and an end-to-\n"
                    "end check.\n"
                    "\n"
                    "The long-\n"
                    "term plan of the e-mail team names the term of each manager.\n";
    kj_document *d = text_blocks(t);
    assert_int_equal(d->n_blocks, 2);
    const char *one = "Marlow Tiles answers every e-mail about a cyberattack and keeps a list of "
                      "cyberattacks on its kilns. Its managers read each e-mail and note the "
                      "cyberattacks with a real-time log, which runs all the time, and an "
                      "end-to-end check.";
    assert_string_equal(d->blocks[0].text, one);
    /* long- + term: "long" opens compounds, and "term" is a word of the text */
    assert_string_equal(d->blocks[1].text,
                        "The long-term plan of the e-mail team names the term of each manager.");
    /* offsets: the blocks' characters, the second after the first and the
     * line between them; the passages' the same */
    assert_int_equal(d->blocks[0].start, 0);
    assert_int_equal(d->blocks[0].end, strlen(one));
    assert_int_equal(d->blocks[1].start, strlen(one) + 1);
    kj_passages ps;
    kj_error err;
    assert_int_equal(kj_segment(d, NULL, d->arena, &ps, &err), KJ_OK);
    assert_true(ps.n >= 2);
    assert_int_equal(ps.items[0].start, 0);
    assert_int_equal(ps.items[ps.n - 1].start, strlen(one) + 1);
    assert_int_equal(ps.items[ps.n - 1].end, d->text_chars);
    kj_document_free(d);
}

/* kj_hyphens_keep and kj_join_line_hyphens, from the counts of the lines
 * shown and with no document. */
static void test_join_line_hyphens(void **state) {
    (void)state;
    const char *lines[] = {"The self-",    "assessment and the self-assessment form", "A multi-",
                           "ple of cases", "One self-assessment, one selfassessment", "Re-",
                           "hearsal"};
    kj_hyphens *h = kj_hyphens_new();
    assert_non_null(h);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
            kj_hyphens_line(h, lines[i], strlen(lines[i]));
        if (pass == 0) assert_int_equal(kj_hyphens_count_next(h), 1);
    }
    /* self-assessment: twice with its hyphen within a line, once whole */
    assert_int_equal(kj_hyphens_keep(h, "The self-", 9, "assessment", 10), 1);
    /* multi- + ple: "ple" is no word of the lines */
    assert_int_equal(kj_hyphens_keep(h, "A multi-", 8, "ple of", 6), 0);
    assert_int_equal(kj_hyphens_keep(h, "Re-", 3, "hearsal", 7), 0);
    kj_buf b = KJ_BUF_INIT;
    assert_int_equal(kj_join_line_hyphens(&b, "The self-", 9, h), KJ_OK);
    assert_int_equal(kj_join_line_hyphens(&b, "assessment", 10, h), KJ_OK);
    assert_string_equal(b.data, "The self-assessment");
    kj_buf_reset(&b);
    /* no document: a joining word of a hyphenated compound keeps it, a
     * first part that opens compounds alone does not */
    assert_int_equal(kj_join_line(&b, "peer-to-", 8), KJ_OK);
    assert_int_equal(kj_join_line(&b, "peer links", 10), KJ_OK);
    assert_string_equal(b.data, "peer-to-peer links");
    kj_buf_reset(&b);
    assert_int_equal(kj_join_line(&b, "third-", 6), KJ_OK);
    assert_int_equal(kj_join_line(&b, "party", 5), KJ_OK);
    assert_string_equal(b.data, "thirdparty");
    kj_buf_free(&b);
    kj_hyphens_free(h);
    /* a record that noted nothing needs no second pass */
    h = kj_hyphens_new();
    kj_hyphens_line(h, "no cut here", 11);
    assert_int_equal(kj_hyphens_count_next(h), 0);
    kj_hyphens_free(h);
    assert_int_equal(kj_hyphens_count_next(NULL), 0);
}

static void test_pdf(void **state) {
    (void)state;
    kj_document *d = ingest_ok("sample.pdf", NULL);
    assert_int_equal(d->format, KJ_FORMAT_PDF);
    assert_int_equal(d->n_pages, 3);
    assert_int_equal(d->blocks[0].kind, KJ_BLOCK_HEADING);
    assert_string_equal(d->blocks[0].text, "Cybersecurity Governance");
    /* wrapped lines joined, "secu-" + "rity" de-hyphenated */
    assert_true(find(d, "through the audit committee, which receives") >= 0);
    assert_true(find(d, "the security awareness training.") >= 0);
    assert_true(find(d, "A second paragraph starts here.") >= 0);
    assert_true(find(d, "全社のサイバーセキュリティ対策を推進しています。") >= 0);
    /* a paragraph continuing on the next page keeps its first page */
    int x = find(d, "委託先の選定に反映しています。");
    assert_true(x >= 0);
    assert_int_equal(d->blocks[x].page, 1);
    int y = find(d, "ISAC");
    assert_int_equal(d->blocks[y].page, 3);
    /* running header, page numbers dropped */
    assert_int_equal(find(d, "Hoshizora Security Report 2025"), -1);
    assert_int_equal(find(d, "- 1 -"), -1);
    assert_int_equal(find(d, "/3"), -1);
    kj_document_free(d);
    d = ingest_ok("pdf-named.txt", NULL); /* content wins over the extension */
    assert_int_equal(d->format, KJ_FORMAT_PDF);
    kj_document_free(d);
}

/* A PDF's metadata Title that is only a file's name is no title: a
 * securities report printed from its EDINET files (Title 0000000_header_
 * ….htm) is named by its cover as the filing is, and a draft whose Title a
 * word processor wrote ("Microsoft Word - draft_v3.docx") takes its first
 * heading; a Title a person wrote stays. */
static void test_pdf_file_titles(void **state) {
    (void)state;
    kj_document *d = ingest_ok("cover-titled.pdf", NULL);
    assert_string_equal(d->title, "みなと計測株式会社 有価証券報告書 第２３期");
    assert_string_equal(d->company, "みなと計測株式会社");
    kj_document_free(d);
    d = ingest_ok("word-titled.pdf", NULL);
    assert_string_equal(d->title, "サイバーセキュリティへの取り組み");
    assert_null(d->company);
    kj_document_free(d);
    /* a Title a person wrote stays */
    d = ingest_ok("meta-titled.pdf", NULL);
    assert_string_equal(d->title, "Minato Security Report 2025");
    kj_document_free(d);
}

/* A page set in two columns: a paragraph runs on from the foot of the left
 * column to the top of the right one, and from the foot of a page to the
 * next; a narrow box beside the text that follows in the content stream
 * the full last line of a column stays apart;
 * a Japanese line that a break before 「け、」 left two characters short is
 * joined. */
static void test_pdf_columns(void **state) {
    (void)state;
    kj_document *d = ingest_ok("columns.pdf", NULL);
    assert_int_equal(d->n_blocks, 7);
    assert_string_equal(d->blocks[1].text,
                        "Governance. The risk committee of the board meets four times a year.");
    int b =
        find(d, "An outside firm tests the perimeter each quarter and the committee tracks each "
                "finding until it is closed.");
    assert_int_equal(b, 2);
    assert_true(strstr(d->blocks[b].text, "Our security operations centre") == d->blocks[b].text);
    int c = find(d, "those who do not pass it repeat the course");
    assert_int_equal(c, 3);
    assert_int_equal(d->blocks[c].page, 1);
    assert_non_null(strstr(d->blocks[c].text, "by telephone when the mail system is down."));
    assert_string_equal(d->blocks[4].text,
                        "当社は情報の管理を経営の課題と位置付け、委員会を設けて毎月の"
                        "会議で対策の進み具合を確かめています。");
    assert_int_equal(find(d, "on the day of each rehearsal."), 5);
    assert_string_equal(
        d->blocks[6].text,
        "Box: ACME-CERT was set up in 2019 and joins two industry exercises a year.");
    kj_document_free(d);
}

/* Pages set vertically (tategaki): their columns, right to left, make
 * paragraphs as lines do, no space where a column wraps; a column that
 * stops short ends a paragraph and an indented one starts the next; two
 * digits set across a column (tate-chu-yoko) are read in their place, also
 * at the head of a column (the 20 and 24 of 2024年度, one above the other,
 * which the column before wraps into). The
 * horizontal heading above stays apart, and the chapter's tab set
 * vertically at the right edge of every page is furniture. */
static void test_pdf_vertical(void **state) {
    (void)state;
    kj_document *d = ingest_ok("vertical.pdf", NULL);
    assert_int_equal(d->n_blocks, 5);
    assert_int_equal(d->blocks[0].kind, KJ_BLOCK_HEADING);
    assert_string_equal(d->blocks[0].text, "トップメッセージ");
    assert_string_equal(d->blocks[1].text,
                        "当社は、情報セキュリティを経営の重要な課題と位置付けています。"
                        "取締役会は毎年、対策の進み具合と次の年度の計画を確かめ、"
                        "必要な予算と人員を認めています。");
    assert_string_equal(d->blocks[2].text,
                        "また、毎年12月には全ての役員と従業員が研修を受けています。"
                        "2024年度からは不審なメールを見分ける訓練も始めました。");
    assert_int_equal(d->blocks[2].kind, KJ_BLOCK_PARAGRAPH);
    assert_int_equal(d->blocks[2].page, 1);
    assert_int_equal(d->blocks[3].page, 2);
    assert_true(strstr(d->blocks[3].text, "取引先には") == d->blocks[3].text);
    assert_string_equal(
        d->blocks[4].text,
        "万一の事故に備えて対応の手順を定め、年に一度、経営陣も加わる訓練を行っています。");
    assert_int_equal(d->blocks[4].page, 3);
    assert_int_equal(find(d, "価値創造の基盤"), -1);
    kj_document_free(d);
}

/* Section titles set like the body text are headings when the PDF's
 * outline names them, at the outline's depth: a chapter's title wrapped
 * over two lines is one heading, and no paragraph runs on into a title.
 * A title matches its line through folding (the line's full-width １．
 * for the entry's "1. "), and the heading keeps the line's own text, the
 * Kangxi radical ⼿ its font gives for 手 read as 手 (test_pdf_stand_ins). */
static void test_pdf_outline(void **state) {
    (void)state;
    kj_document *d = ingest_ok("outline.pdf", NULL);
    assert_int_equal(d->n_blocks, 6);
    static const struct {
        kj_block_kind kind;
        int level, page;
        const char *text;
    } want[] = {
        {KJ_BLOCK_HEADING, 1, 1, "１．情報セキュリティへの取り組み"},
        {KJ_BLOCK_PARAGRAPH, 0, 1,
         "当社は情報セキュリティ委員会を設け、対策の進み具合を四半期ごとに確かめています。"},
        {KJ_BLOCK_HEADING, 1, 2, "サイバー攻撃に備えた事業継続の体制"},
        {KJ_BLOCK_PARAGRAPH, 0, 2, NULL},
        {KJ_BLOCK_HEADING, 2, 2, "インシデント対応の手順"},
        {KJ_BLOCK_PARAGRAPH, 0, 2, "専門チームが初動対応から再発防止までを担っています。"},
    };
    for (int i = 0; i < 6; i++) {
        assert_int_equal(d->blocks[i].kind, want[i].kind);
        assert_int_equal(d->blocks[i].level, want[i].level);
        assert_int_equal(d->blocks[i].page, want[i].page);
        if (want[i].text) assert_string_equal(d->blocks[i].text, want[i].text);
    }
    kj_document_free(d);
}

/* A box inset from the text column on both sides, each line a MuPDF block
 * of its own as browsers print them: a line wrapped at the box's edge,
 * short of the page's, runs on (a Japanese one stopping half a character
 * short, an English one a short word short), while a box's short last
 * line ends its paragraph though the next starts without an indent, and
 * a list set in from the left only, its long lines all of a length, is
 * no box: an entry does not run on into the next. */
static void test_pdf_inset(void **state) {
    (void)state;
    kj_document *d = ingest_ok("inset.pdf", NULL);
    assert_int_equal(d->n_blocks, 15);
    assert_int_equal(d->blocks[0].kind, KJ_BLOCK_HEADING);
    assert_string_equal(d->blocks[2].text,
                        "昨年度は海外の拠点で不審なメールが相次ぎ、取引先の皆様に大変なご心配を"
                        "おかけしました。社内の専門チームであるCSIRTが初動を担い、半日で送信を"
                        "止めましたが、連絡の手順には改めるべき点が見つかりました。今年度はこの"
                        "反省を生かし、全ての拠点で同じ手順の訓練を行います。");
    assert_string_equal(d->blocks[3].text, "取締役会はこの取り組みの進み具合を四半期ごとに確かめ、"
                                           "必要な人と予算を毎年度の初めに認めています。");
    assert_true(strstr(d->blocks[4].text, "囲みの外の本文です。") == d->blocks[4].text);
    assert_string_equal(d->blocks[5].text,
                        "In the same year we asked every supplier that handles the records of our "
                        "customers to answer a questionnaire on encryption, backups and access "
                        "reviews; those whose answers raised doubts had a visit from our auditors "
                        "within three months, and two of them changed how they keep their backups "
                        "as a result.");
    assert_string_equal(d->blocks[8].text, "Q1 report (1 April to 30 June 2025)");
    assert_string_equal(d->blocks[9].text, "filed on 7 August 2025");
    assert_string_equal(d->blocks[13].text, "filed on 5 February 2026");
    kj_document_free(d);
}

/* The circled numbers (① ⑳ ⑴ ⓐ, ❶ ➀ ➊) are one range, read the one way
 * by kj_list_numbering and kj_list_mark (kj_is_circled_number): its first
 * and last code points are in, those either side of it are not, and over
 * the blocks around it the three agree on every code point. */
static void test_circled_number(void **state) {
    (void)state;
    static const struct {
        int32_t c;
        int in;
    } edges[] = {{0x245F, 0}, {0x2460, 1}, {0x24FF, 1}, {0x2500, 0},
                 {0x2775, 0}, {0x2776, 1}, {0x2793, 1}, {0x2794, 0}};
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++)
        if (kj_is_circled_number(edges[i].c) != edges[i].in)
            fail_msg("U+%04X: %d, not %d", (unsigned)edges[i].c, kj_is_circled_number(edges[i].c),
                     edges[i].in);
    for (int32_t c = 0x2400; c < 0x2800; c++) {
        char s[8];
        size_t n = kj_utf8_encode(c, s), marker;
        bool numbered = kj_list_numbering(s, n, &marker) == KJ_NUM_CIRCLED;
        bool in = kj_is_circled_number(c) == 1;
        /* kj_list_mark also takes bullets (U+25xx) as marks */
        if (numbered != in || (in && !kj_list_mark(c)))
            fail_msg("U+%04X: circled %d, numbered %d, list mark %d", (unsigned)c, in, numbered,
                     kj_list_mark(c));
    }
}

/* A number with its mark opens a list entry, as a bullet does: a number
 * or two, ASCII or full-width, closed by . ． ) or ）, or in brackets, and
 * no digit after it; a full-width letter closed by ． (ａ．); a katakana
 * letter, full- or half-width, in brackets ((イ) (ｲ)) or closed by one
 * alone (イ） ｲ)), but not before a particle (ロ）の…, a bracket a wrap cut
 * or a reference to an entry); a number set apart from its text by an
 * ideographic space (５　), or full-width by a plain one (５ ). A number
 * without its mark, three digits or more, or a figure with a decimal point
 * opens none, nor do a word of letters, a katakana word in brackets, a
 * small kana, or an ASCII number and a plain space. */
static void test_list_number(void **state) {
    (void)state;
    static const struct {
        const char *s;
        size_t marker; /* its bytes, 0 for none */
    } cases[] = {
        {"1. 方針", 2},
        {"12. 方針", 3},
        {"５．方針", 6},
        {"1) 方針", 2},
        {"５）方針", 6},
        {"(1) 方針", 3},
        {"（１）方針", 9},
        {"(1）方針", 5},
        {"(10)", 4},
        {"2.", 2},
        {"2025年度から", 0},
        {"5 percent", 0},
        {"5%の従業員", 0},
        {"3.5倍に", 0},
        {"100. 方針", 0},
        {"(1", 0},
        {"（１方針", 0},
        {"(a) 方針", 0},
        {"1.5", 0},
        {"1）2", 0},
        {"", 0},
        {"方針", 0},
        {"①方針", 3},
        {"(123) 方針", 0},
        /* full-width letters, katakana in brackets, a number set apart */
        {"ａ．方針", 6},
        {"Ｂ．方針", 6},
        {"ｃ.方針", 4},
        {"Ａ．Ｂ．方針", 0},
        {"ａ．5", 0},
        {"Ｗｅｂ", 0},
        {"ａ方針", 0},
        {"a. 方針", 0},
        {"（イ）方針", 9},
        {"(ロ) 方針", 5},
        {"（ア)方針", 7},
        {"（アクセス権）", 0},
        /* a katakana letter closed by a bracket alone, full- or half-width */
        {"イ）方針", 6},
        {"ロ) 方針", 4},
        {"ｲ)方針", 4},
        {"(ｲ)方針", 5},
        {"ロ）の方針", 0},
        {"ロ）に記載", 0},
        {"ッ）方針", 0},
        {"ー）", 0},
        {"認）", 0},
        {"（ッ）方針", 0},
        {"(ー)", 0},
        {"５\u3000方針", 6},
        {"1\u3000方針", 4},
        {"１２\u3000\u3000方針", 12},
        {"５ 方針", 4},
        {"12 方針", 0},
        {"５\u3000１２", 0},
        {"５\u3000", 0},
        {"５ 1", 0},
        {"１億円", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t got;
        kj_numbering k = kj_list_numbering(cases[i].s, strlen(cases[i].s), &got);
        if (got != cases[i].marker || (k == KJ_NUM_NONE) != (got == 0))
            fail_msg("\"%s\": %zu, not %zu", cases[i].s, got, cases[i].marker);
    }
}

/* What follows a number's mark reads as a table's figures (amounts, a
 * negative one in brackets, note marks, a dash) or as an entry's text. */
static void test_numbering_then_figure(void **state) {
    (void)state;
    static const struct {
        const char *s;
        int figure;
    } cases[] = {
        {"(2) $ — $ 0 $ 27", 1},
        {"(1) (2)", 1},
        {"1. 2 3", 1},
        {"(4) ¥120", 1},
        {"(3) — 5", 1},
        {"(5)\u3000１２", 1},
        {"(6) -12", 1},
        {"(2) Other reserves", 0},
        {"１．方針を定める", 0},
        {"(1)「方針」を定める", 0},
        {"(2)", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t marker;
        const char *s = cases[i].s;
        assert_int_not_equal(kj_list_numbering(s, strlen(s), &marker), KJ_NUM_NONE);
        if (kj_numbering_then_figure(s, strlen(s), marker) != cases[i].figure)
            fail_msg("\"%s\": not %d", s, cases[i].figure);
    }
}

/* A line set wholly in italics on its own, short and ending no sentence,
 * is a heading (a 10-K's "Risk Management and Strategy"), as a bold one
 * is; a line that only opens in italics is text. */
static void test_pdf_italic_heading(void **state) {
    (void)state;
    kj_document *d = ingest_ok("italic-heading.pdf", NULL);
    assert_int_equal(d->n_blocks, 3);
    assert_int_equal(d->blocks[0].kind, KJ_BLOCK_HEADING);
    assert_string_equal(d->blocks[0].text, "Risk Management and Strategy");
    assert_int_equal(d->blocks[1].kind, KJ_BLOCK_PARAGRAPH);
    assert_int_equal(d->blocks[2].kind, KJ_BLOCK_PARAGRAPH);
    assert_string_equal(d->blocks[2].text, "Tabletop exercises are held twice a year.");
    kj_document_free(d);
}

/* Japanese set letter-spaced (a justified table cell: MuPDF gives a space
 * between each two characters) reads as its words; spaces a writer put
 * between katakana words of several characters stay, also one a line's
 * end follows a character after. */
static void test_pdf_letterspaced(void **state) {
    (void)state;
    kj_document *d = ingest_ok("letterspaced.pdf", NULL);
    assert_int_equal(d->n_blocks, 2);
    assert_string_equal(d->blocks[0].text, "情報セキュリティ委員会");
    /* the line wraps after "セキュリティ オ": the line's end is no space */
    assert_string_equal(d->blocks[1].text,
                        "当社の情報セキュリティの責任者はチーフ セキュリティ オフィサーです。");
    kj_document_free(d);
}

/* A text layer's stand-ins (a radical for the ideograph it looks like, U+2027
 * for ・) are read as what they stand for, so blocks hold the text that
 * passages show and need no folded copy; the paragraph wrapped after one
 * is joined as any Japanese wrap is. */
static void test_pdf_stand_ins(void **state) {
    (void)state;
    kj_document *d = ingest_ok("stand-ins.pdf", NULL);
    assert_int_equal(d->n_blocks, 1);
    assert_string_equal(d->blocks[0].text,
                        "当社の工場では、FA・ロボットと生産管理の仕組みを点検しています。");
    assert_int_equal(d->blocks[0].end - d->blocks[0].start, 33);
    kj_document_free(d);
}

/* Documents a and b have the same blocks and passages, at the same
 * offsets; each passage of a that is a whole block shares that block's text
 * (no folded copy of it was made). Frees both. */
static void same_reading(kj_document *a, kj_document *b) {
    assert_int_equal(a->n_blocks, b->n_blocks);
    for (size_t i = 0; i < a->n_blocks; i++) {
        assert_string_equal(a->blocks[i].text, b->blocks[i].text);
        assert_int_equal(a->blocks[i].start, b->blocks[i].start);
        assert_int_equal(a->blocks[i].end, b->blocks[i].end);
    }
    assert_int_equal(a->text_chars, b->text_chars);
    kj_passages pa, pb;
    kj_error err = {0};
    assert_int_equal(kj_segment(a, NULL, a->arena, &pa, &err), KJ_OK);
    assert_int_equal(kj_segment(b, NULL, b->arena, &pb, &err), KJ_OK);
    assert_int_equal(pa.n, pb.n);
    size_t shared = 0;
    for (size_t i = 0; i < pa.n; i++) {
        const kj_passage *p = &pa.items[i];
        assert_string_equal(p->text, pb.items[i].text);
        assert_int_equal(p->start, pb.items[i].start);
        assert_int_equal(p->end, pb.items[i].end);
        for (size_t k = 0; k < a->n_blocks; k++)
            if (a->blocks[k].start == p->start && a->blocks[k].end == p->end) {
                assert_ptr_equal(p->text, a->blocks[k].text);
                shared++;
            }
    }
    assert_true(shared > 0);
    kj_document_free(a);
    kj_document_free(b);
}

/* The text of an HTML page, a DOCX and a plain text with stand-ins (STAND
 * marks where: ⽣ for 生, ⼯ for 工, ‧ for ・) or with what they mean. */
#define STAND_TEXT(SEI, KOU, DOT)                                                                  \
    "<html><body><h2>" SEI "産の管理</h2>"                                                     \
    "<p>当社の" KOU "場では、FA" DOT "ロボットを点検しています。</p>"                 \
    "<p>拠点は三か所で、<b>" SEI "産</b>の記録を残しています。</p>"                    \
    "<table><tr><td>" SEI "産拠点</td><td>三か所</td></tr></table></body></html>"
#define STAND_PLAIN(SEI, KOU, DOT)                                                                 \
    "当社の" KOU "場では、FA" DOT "ロボットを点検しています。\n\n"                    \
    "拠点は三か所で、" SEI "産の記録を残しています。\n"

/* HTML, DOCX and plain text map the stand-ins some texts carry (a draft
 * pasted from a PDF's text layer: ⽣ for 生, ‧ for ・) as they are read,
 * as the PDF reader does: their blocks and passages are those of the same
 * text written with the ideographs, at the same offsets (each stand-in one
 * code point, as what it means), and a passage of a whole block shares its
 * text, with no folded copy made at segmentation. */
static void test_stand_ins_read(void **state) {
    (void)state;
    same_reading(html_of(STAND_TEXT("\xe2\xbd\xa3", "\xe2\xbc\xaf", "\xe2\x80\xa7")),
                 html_of(STAND_TEXT("生", "工", "・")));
    const char *stand = STAND_PLAIN("\xe2\xbd\xa3", "\xe2\xbc\xaf", "\xe2\x80\xa7"),
               *plain = STAND_PLAIN("生", "工", "・");
    kj_document *a = NULL, *b = NULL;
    kj_error err = {0};
    assert_int_equal(kj_ingest_text_utf8("a", stand, strlen(stand), &a, &err), KJ_OK);
    assert_int_equal(kj_ingest_text_utf8("b", plain, strlen(plain), &b, &err), KJ_OK);
    same_reading(a, b);
    kj_document *d = ingest_ok("stand-ins.docx", NULL);
    assert_int_equal(d->n_blocks, 3);
    assert_string_equal(d->blocks[0].text,
                        "当社の工場では、FA・ロボットと生産管理の仕組みを点検しています。");
    assert_int_equal(d->blocks[0].end - d->blocks[0].start, 33);
    assert_string_equal(d->blocks[1].text, "生産拠点");
    assert_int_equal(d->blocks[1].start, 34);
    kj_passages ps;
    assert_int_equal(kj_segment(d, NULL, d->arena, &ps, &err), KJ_OK);
    assert_ptr_equal(ps.items[0].text, d->blocks[0].text);
    kj_document_free(d);
}

/* Lines of a PDF that open with a number and its mark (1. (1) 1) （１）
 * ５．) are list entries, one item a number, as bulleted lines are: each
 * of them runs to the column's edge, where the next line used to be read as
 * the same paragraph's. A line that opens with a number without its mark
 * (2025年度, 5%, 3.5倍) goes on with its sentence. Headings numbered the
 * same way, stacked over a paragraph (５． over （１）), still head it. */
static void test_pdf_numbered(void **state) {
    (void)state;
    kj_document *d = ingest_ok("numbered.pdf", NULL);
    static const want_block want[] = {
        {KJ_BLOCK_LIST_ITEM, "５．推進体制"},
        {KJ_BLOCK_LIST_ITEM, "（１）委員会の運営"},
        {KJ_BLOCK_PARAGRAPH, "当社は情報セキュリティ委員会を設けて、委員会は四半期ごとに開いて"
                             "対策の進み具合を確かめています。"},
        {KJ_BLOCK_LIST_ITEM, "1. 情報セキュリティ基本方針を定め全ての役員と従業員に周知する"},
        {KJ_BLOCK_LIST_ITEM,
         "2. 委員会の下に事故対応の専門のチームを置いて、夜間も連絡が取れる体制を整える"},
        {KJ_BLOCK_LIST_ITEM, "3. 重要な情報システムの脆弱性診断を外部の専門の会社に委託する"},
        {KJ_BLOCK_LIST_ITEM, "(1) 標的型メールを模した訓練を全従業員を対象に年に二回行う。"},
        {KJ_BLOCK_LIST_ITEM, "(2) 新たに入社した従業員には研修で規程の要点を説明している。"},
        {KJ_BLOCK_LIST_ITEM, "1) 取引先にはセキュリティの調査票を送って、回答を毎年確かめる"},
        {KJ_BLOCK_LIST_ITEM, "2) 委託先の選定では調査の結果を評価の項目として取り入れている"},
        {KJ_BLOCK_LIST_ITEM, "（１）事故が起きた時には初動の手順に従って影響の範囲を確かめる。"},
        {KJ_BLOCK_LIST_ITEM, "（２）重大な事故は経営会議に報告し、必要に応じて外部に公表する。"},
        {KJ_BLOCK_LIST_ITEM, "５．事業を継続するための計画を定め、年に一度の訓練で見直している"},
        {KJ_BLOCK_LIST_ITEM, "６．バックアップは別の拠点に保管し、復旧の手順を半年ごとに試す。"},
        {KJ_BLOCK_PARAGRAPH,
         "当社は社内の規程を見直して、規程の改定を取締役会で決議しました。2025年度から全ての子会"
         "社にも同じ規程を適用しています。訓練で5%の従業員が不審なメールの添付ファイルを開きまし"
         "たが、前年度の3.5倍に増えた報告件数は従業員の意識が高まったことを示します。"},
    };
    assert_int_equal(d->n_blocks, sizeof want / sizeof *want);
    for (size_t i = 0; i < d->n_blocks; i++) {
        assert_int_equal(d->blocks[i].kind, want[i].kind);
        assert_string_equal(d->blocks[i].text, want[i].text);
    }
    kj_passages ps;
    kj_error err;
    assert_int_equal(kj_segment(d, NULL, d->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, d->n_blocks - 2); /* all but the two headings */
    assert_string_equal(ps.items[0].heading, "（１）委員会の運営");
    assert_string_equal(ps.items[0].headings, "５．推進体制\n（１）委員会の運営");
    for (size_t i = 1; i + 1 < ps.n; i++)
        assert_int_equal(ps.items[i].kind, KJ_BLOCK_LIST_ITEM);
    kj_document_free(d);
}

/* Lines of a PDF numbered as Japanese reports also number a list's
 * entries, by a full-width letter (ａ．), a katakana letter in brackets
 * ((イ) （ロ）) or a number set apart from its text by a space (１　, ３ ),
 * are list entries, one item a number, as ５． and (1) are: each runs to
 * the column's edge, where they were read as one paragraph. A wrapped
 * line that opens with a katakana word in brackets, a word of full-width
 * letters or a full-width number and its counter goes on with its
 * sentence. */
static void test_pdf_marked(void **state) {
    (void)state;
    kj_document *d = ingest_ok("marked.pdf", NULL);
    static const want_block want[] = {
        {KJ_BLOCK_PARAGRAPH, "当社は情報の管理を三つの段階に分けて、段階ごとに責任者を置き、"
                             "それぞれの段階の手順を定めています。"},
        {KJ_BLOCK_LIST_ITEM, "ａ．方針の段階では、取締役会の定めた基本方針を全部署に周知する"},
        {KJ_BLOCK_LIST_ITEM, "ｂ．運用の段階では、各部署の責任者が手順書に従って対策を進める"},
        {KJ_BLOCK_LIST_ITEM, "ｃ．点検の段階では、内部監査室が年に一度すべての部署を点検する"},
        {KJ_BLOCK_LIST_ITEM, "（イ）外部からの攻撃に備え、通信の監視を専門の会社に委託している"},
        {KJ_BLOCK_LIST_ITEM, "（ロ）内部からの持ち出しに備え、記録媒体の利用を許可制としている"},
        {KJ_BLOCK_LIST_ITEM, "(ハ) 委託先には年に一度、管理の状況を書面で報告するよう求める"},
        {KJ_BLOCK_LIST_ITEM, "１ 重要な情報システムは二つの拠点に置いて、停止に備えている"},
        {KJ_BLOCK_LIST_ITEM, "２ 事故が起きた時には、対応の手順に従い経営会議に報告する。"},
        {KJ_BLOCK_LIST_ITEM, "３ 復旧の手順は半年ごとに試して、その結果を委員会に報告している"},
        {KJ_BLOCK_PARAGRAPH,
         "当社は取引先との契約の見直しを進めていて、新しい契約の書面には（アクセス権）の管理に関"
         "する条項を加えています。条項の見本は、Ｗｅｂサイトで取引先に示しています。見直しの対象"
         "となるのは、１億円以上の取引がある取引先です。"},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    kj_document_free(d);
}

/* A page's own number (1 on the first page, 2 on the second) alone at
 * its foot is left out also where it stands above the bottom tenth of the
 * page, where running footers are looked for, as a wide bottom margin sets
 * it: it was a paragraph of its own, and cut the paragraph that runs from
 * one page to the next in two. */
static void test_pdf_page_numbers(void **state) {
    (void)state;
    kj_document *d = ingest_ok("page-numbers.pdf", NULL);
    static const char *const want[] = {
        "The audit committee of the board reviews the security plan of Hoshizora Robotics "
        "every quarter and reports to the full board.",
        "Our response team keeps a written playbook for each kind of incident and rehearses it "
        "with the business owners twice a year, and the vendors that hold customer records "
        "answer a survey on their controls before a contract is signed.",
        "Backups of the order system are copied to a second site every night."};
    assert_int_equal(d->n_blocks, 3);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(d->blocks[i].text, want[i]);
    assert_int_equal(d->blocks[1].page, 1);
    assert_int_equal(d->blocks[2].page, 2);
    kj_document_free(d);
}

/* A bulleted entry whose text wraps to a second line is one list item:
 * with its bullet set apart from the text by a tab, or set smaller or
 * larger than the text (each was a list item of the bullet alone and a
 * paragraph of the text, or a heading of the first line and a paragraph of
 * the second), and, in Japanese, a line a filing cut by hand short of the
 * column's edge, when what follows closes the bracket it left open or it
 * ends on a particle. An entry's short line without such a sign ends it,
 * and the paragraph after the list stays apart. */
static void test_pdf_bullets(void **state) {
    (void)state;
    kj_document *d = ingest_ok("bullets.pdf", NULL);
    static const want_block want[] = {
        {KJ_BLOCK_PARAGRAPH, "Hoshizora Robotics keeps the following measures in place, each of "
                             "them reviewed by the security committee once a year:"},
        {KJ_BLOCK_LIST_ITEM, "• Every employee takes a phishing exercise twice a year, and the "
                             "results of each exercise go to the security committee."},
        {KJ_BLOCK_LIST_ITEM, "• An outside firm tests the network and the main systems once a "
                             "year and reports each finding to the committee."},
        {KJ_BLOCK_LIST_ITEM, "• Suppliers that hold customer records answer a survey on their "
                             "controls before a contract is signed."},
        {KJ_BLOCK_PARAGRAPH,
         "The committee reports to the board on each of these measures at its next meeting."},
        {KJ_BLOCK_PARAGRAPH,
         "当社は情報の管理を経営の最も重要な課題の一つと位置付けて、社長を委員"
         "長とする情報管理の委員会を設けています。委員会は四半期ごとに開かれ、"
         "各部門の対策の進み具合を確かめたうえで、次の取り組みを続けています。"},
        {KJ_BLOCK_LIST_ITEM,
         "・取引先には調査票を送り回答を毎年確かめ、その結果を社内の情報管理委員"
         "会（四半期ごとに開く会議）に報告しています。"},
        {KJ_BLOCK_LIST_ITEM,
         "・全従業員を対象とした標的型メールの訓練を年に二回行い、集計した部署ご"
         "との結果を次の研修の内容に反映しています。"},
        {KJ_BLOCK_LIST_ITEM,
         "・委託先の選定では、取引先から得た調査票の結果を評価の項目の一つとして"
         "取り入れる方針"},
        {KJ_BLOCK_PARAGRAPH, "以上の取り組みは、取締役会が毎年見直しています。"},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    kj_document_free(d);
}

/* A PDF's note whose first line a filing cut by hand inside its bracket,
 * after a kanji (…総会にて承), goes on in the next line that closes it
 * (認）), as the same filing's HTML reads it: 認） numbers no entry. So
 * does an entry's line cut after a closing mark before a particle (…規程』
 * then に基づき) or after an adjectival な before its noun (適切な then
 * 管理体制). */
static void test_pdf_hand_cut(void **state) {
    (void)state;
    kj_document *d = ingest_ok("hand-cut.pdf", NULL);
    static const want_block want[] = {
        {KJ_BLOCK_PARAGRAPH,
         "当社は役員の報酬の上限を株主総会の決議で定めたうえで、その範囲内で各役員の個別の報酬の額"
         "を取締役会が決めています。各役員の報酬の額は、社外の委員を含む報酬委員会が案をまとめて、"
         "取締役会に示しています。"},
        {KJ_BLOCK_LIST_ITEM, "・子会社の情報資産の扱いは、当社の取締役会が定めた『ほしぞらグループ"
                             "情報管理規程』に基づき、当社の情報管理部に報告する。"},
        {KJ_BLOCK_LIST_ITEM, "・各子会社は、事業の規模と扱う情報の量に応じて、当社の監査部の助言の"
                             "もとで適切な管理体制を整えている。"},
        {KJ_BLOCK_LIST_ITEM,
         "※１委員会委員の報酬の上限は、年額三千万円です。（２０１９年の定時株主総会にて承認）"},
        {KJ_BLOCK_LIST_ITEM,
         "※２監査の担当者の報酬の上限は年額二千万円です。（２０２０年の臨時株主総会にて承認）"},
        {KJ_BLOCK_LIST_ITEM,
         "※３上限の見直しの案は、社外の委員を含む報酬委員会が毎年まとめて取締役会に示します。"},
        {KJ_BLOCK_PARAGRAPH, "以上の上限は、取締役会が毎年見直しています。"},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    kj_document_free(d);
}

/* A paragraph that a filing cut by hand, each printed line set apart short
 * of the column's edge, is one paragraph where its Japanese says a line
 * broke off: it ends on a particle (…情報資産を), the next begins with
 * hiragana no paragraph begins with (と閲覧…), or a katakana word runs on
 * (…インシデントレスポ + ンス…: on a line shorter than 40 characters, but as
 * long as the one before it but for a tenth, which went on by hand itself),
 * also under a note's mark (（注）); a long line
 * that ends no sentence before one that begins afresh (当社は…), a line
 * that ended its sentence and the heading stay apart. Entries numbered
 * イ） ロ） ハ）, by a bracket that closes only, are list entries, one cut by
 * hand before の体制; ロ） that closes a bracket a full line left open
 * (…（ミク) goes on with its sentence. */
static void test_pdf_hand_cut_paragraphs(void **state) {
    (void)state;
    kj_document *d = ingest_ok("hand-cut-paragraphs.pdf", NULL);
    static const want_block want[] = {
        {KJ_BLOCK_HEADING, "情報管理の体制"},
        {KJ_BLOCK_PARAGRAPH,
         "当社は、情報管理規程に基づいて各部門の責任者を定め、責任者が年に一度、部門の情報資産を"
         "洗い出しています。洗い出した情報資産は重要度に応じて三つに分類し、分類ごとに保管の方法"
         "と閲覧できる者の範囲を定めています。また、情報資産の持ち出しは責任者の許可を得たうえで"
         "記録に残す手順とし、事故が起きた時には、当社の各部門が定めたインシデントレスポンスの手"
         "順書に従って対応します。"},
        {KJ_BLOCK_PARAGRAPH,
         "委員会は四半期ごとに開かれ、各部門の対策の進み具合を確かめて、次の四半期の計画を定めま"
         "す。"},
        {KJ_BLOCK_PARAGRAPH,
         "当社は事業への影響を二つの段階で分析して、その結果を記録しています。各部門ごとの分析（"
         "ミクロ）、全社の分析（マクロ）の結果は、いずれも取締役会に報告しています。"},
        {KJ_BLOCK_PARAGRAPH, "（注）情報資産の分類の基準は、情報管理委員会が毎年見直して、見直し"
                             "た基準を全部署に通知しています。"},
        {KJ_BLOCK_PARAGRAPH,
         "第三者による不正なアクセスと内部からの情報の持ち出しに備える当社の主な二つの取り組み"},
        {KJ_BLOCK_PARAGRAPH, "当社は二つの取り組みを進めています。"},
        {KJ_BLOCK_LIST_ITEM, "イ）外部からの攻撃に備えて、通信の監視を専門の会社に委託している"},
        {KJ_BLOCK_LIST_ITEM, "ロ）委託先の選定では、調査票の回答と過去の事故の記録を確かめたうえ"
                             "で契約を決めるための体制"},
        {KJ_BLOCK_LIST_ITEM, "ハ）事故が起きた時に、経営会議へ速やかに報告するための連絡網"},
        {KJ_BLOCK_PARAGRAPH, "以上の取り組みは、取締役会が毎年見直しています。"},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    kj_document_free(d);
}

/* English cut by hand so: a long line that ends within its sentence goes
 * on where the next begins with a lower-case word, with a space, or
 * without its hyphen (re- + hearsal); so does a numbered entry's line; a
 * long line before one that begins with a capital stays apart. */
static void test_pdf_hand_cut_english(void **state) {
    (void)state;
    kj_document *d = ingest_ok("hand-cut-en.pdf", NULL);
    static const want_block want[] = {
        {KJ_BLOCK_PARAGRAPH, "Hoshizora Robotics reviews its security measures every year and "
                             "the results of each review are reported to the board of directors."},
        {KJ_BLOCK_PARAGRAPH,
         "Hoshizora Robotics keeps a written response plan for each kind of incident, and the "
         "team rehearses the plan with the business owners twice a year. The findings of each "
         "rehearsal go to the security committee."},
        {KJ_BLOCK_PARAGRAPH, "Measures the security committee approved during the year"},
        {KJ_BLOCK_PARAGRAPH, "The committee met four times and approved two new policies."},
        {KJ_BLOCK_LIST_ITEM, "1. Each plan names an owner for every system it covers and is "
                             "kept on a shared drive that the whole response team can read."},
        {KJ_BLOCK_LIST_ITEM, "2. Outside counsel reviews the plans once a year."},
        {KJ_BLOCK_PARAGRAPH, "The committee reports to the board on each of these measures at "
                             "its next meeting, together with the results of the annual "
                             "exercise."},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    kj_document_free(d);
}

/* A paragraph cut by hand goes on across a page break as a wrapped one
 * does: its line cut on a particle at the foot of a page (…一覧を) joins
 * the top of the next (情報セキュリティ委員会に…), the page's number between
 * them dropped. Within a paragraph cut by hand, a line that ends on a
 * katakana word goes on in a line that begins with a kanji (…サイバーセキュ
 * リティ + 対策の…); an entry and a paragraph of one long line that end on a
 * katakana word (…流出するリスク, …確かめるテスト) stay apart from the
 * paragraph after them (当社は…), and so does a long line that ends a page
 * on a noun from the paragraph that opens the next. */
static void test_pdf_hand_cut_pages(void **state) {
    (void)state;
    kj_document *d = ingest_ok("hand-cut-pages.pdf", NULL);
    static const want_block want[] = {
        {KJ_BLOCK_PARAGRAPH,
         "当社は、情報セキュリティ委員会を設けて、全社の情報資産を管理する方針を毎年定めています。"
         "委員会は社長を委員長として、四半期ごとに必ず開かれ、各部門の対策の進み具合を確かめてい"
         "ます。委員会の議事は、取締役会に毎回報告しています。"},
        {KJ_BLOCK_PARAGRAPH,
         "各部門の責任者は、年に一度、部門が扱う顧客の情報と取引先の情報をすべて洗い出して、その"
         "情報の重要度を三つの段階に分けたうえで、段階ごとにまとめた洗い出した情報の一覧を情報セ"
         "キュリティ委員会に提出しています。"},
        {KJ_BLOCK_PARAGRAPH,
         "当社は、外部からの攻撃に備えて、専門の会社に通信の監視を委託するとともに、全従業員に向"
         "けた研修を毎年行い、その結果を踏まえて、各部門の責任者が部門のサイバーセキュリティ対策"
         "の計画を見直しています。"},
        {KJ_BLOCK_LIST_ITEM,
         "・取引先から預かった設計の情報が、外部からの攻撃によって当社の社外に流出するリスク"},
        {KJ_BLOCK_PARAGRAPH,
         "当社は、設計の情報を扱う端末を社内の専用の回線につなぎ、外部との通信を止めています。"},
        {KJ_BLOCK_PARAGRAPH,
         "当社の情報システムの弱点を、外部の専門の会社が毎年攻撃者の立場から確かめるテスト"},
        {KJ_BLOCK_PARAGRAPH,
         "当社は、テストで見つかった弱点を、三か月以内に直すことを社内の規程で定めています。"},
        {KJ_BLOCK_PARAGRAPH,
         "取引先と結ぶ契約の中で、預かった情報の扱いを定めるために当社が用いる契約書のひな形"},
        {KJ_BLOCK_PARAGRAPH, "当社は、契約書のひな形を、法務部と情報管理部が毎年見直しています。"},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    assert_int_equal(d->blocks[1].page, 1);
    kj_document_free(d);
}

/* A note mark with no text beside it ("(1)" set small after a table's
 * cell, which the page shows last) opens no list item: it is a paragraph of
 * its own. Entries numbered (1) (2) whose numbers stand apart from their
 * text by a tab are list items of the number and the text. */
static void test_pdf_note_marks(void **state) {
    (void)state;
    kj_document *d = ingest_ok("note-marks.pdf", NULL);
    int marks = 0;
    for (size_t i = 0; i < d->n_blocks; i++) {
        if (strcmp(d->blocks[i].text, "(1)")) continue;
        assert_int_equal(d->blocks[i].kind, KJ_BLOCK_PARAGRAPH);
        marks++;
    }
    assert_int_equal(marks, 2);
    int one = find(d, "(1) Each plan names an owner for every system it covers.");
    int two = find(d, "(2) Each owner reviews the plan once a year.");
    assert_true(one >= 0 && two == one + 1);
    assert_int_equal(d->blocks[one].kind, KJ_BLOCK_LIST_ITEM);
    assert_int_equal(d->blocks[two].kind, KJ_BLOCK_LIST_ITEM);
    kj_document_free(d);
}

/* A paragraph cut within a sentence at the foot of a page goes on at the
 * top of the next page that has text, over a page that holds only its
 * running head and number: where its last line wraps at the edge (past a
 * note's mark set small in a table above it, which the page shows last and
 * which stays a paragraph of its own after it), and where it is cut by
 * hand (…with the + committee…). A line that runs to the edge and ends its
 * sentence does not go on over a bare page into the paragraph after it. */
static void test_pdf_bare_pages(void **state) {
    (void)state;
    kj_document *d = ingest_ok("bare-pages.pdf", NULL);
    static const want_block want[] = {
        {KJ_BLOCK_PARAGRAPH, "Incident response plan"},
        {KJ_BLOCK_PARAGRAPH, "2021"},
        {KJ_BLOCK_PARAGRAPH, "Supplier review plan"},
        {KJ_BLOCK_PARAGRAPH, "2023"},
        {KJ_BLOCK_PARAGRAPH,
         "Hoshizora Robotics keeps a written plan for each part of its security program, and the "
         "security committee reviews each plan once a year with the owners of the systems it "
         "covers, who report on the tests they ran and on the weaknesses those tests found "
         "during the year."},
        {KJ_BLOCK_PARAGRAPH, "(1)"},
        {KJ_BLOCK_PARAGRAPH,
         "The response team rehearses the incident plan twice a year with the owners, and each "
         "one reads it with the committee every spring. Backups of the order system are copied "
         "to a second site every night and restored in a test once a month, so that the team "
         "knows how long a restore takes."},
        {KJ_BLOCK_PARAGRAPH, "The committee reports to the board on the results of these "
                             "reviews at its next meeting, and the board then approves it."},
        {KJ_BLOCK_PARAGRAPH,
         "The board also hears the chief information security officer once a quarter."},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    static const int pages[] = {1, 1, 1, 1, 1, 1, 3, 5, 7};
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++)
        assert_int_equal(d->blocks[i].page, pages[i]);
    kj_document_free(d);
}

/* A line set in bold that holds no words, a note's mark alone ("(1)") or a
 * year alone, is no heading; a bold line that opens with a number and
 * has words ("(2) Response plan") still is. A bold year is still set apart
 * from the roman figure beside it on its row: the two do not run on. */
static void test_pdf_bold_marks(void **state) {
    (void)state;
    kj_document *d = ingest_ok("bold-marks.pdf", NULL);
    static const want_block want[] = {
        {KJ_BLOCK_PARAGRAPH, "(1)"},
        {KJ_BLOCK_PARAGRAPH, "The plan was adopted by the board in the spring."},
        {KJ_BLOCK_PARAGRAPH, "2024"},
        {KJ_BLOCK_PARAGRAPH, "12 reviews"},
        {KJ_BLOCK_HEADING, "(2) Response plan"},
        {KJ_BLOCK_PARAGRAPH, "The response team keeps a written playbook for each kind of "
                             "incident."},
        {KJ_BLOCK_PARAGRAPH, "2023"},
        {KJ_BLOCK_PARAGRAPH, "14 reviews"},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    kj_document_free(d);
}

#define PA KJ_BLOCK_PARAGRAPH

/* A table laid out as text whose last figure of each row ends at the text
 * column's edge, where a wrapped line would end: a row's last figure does
 * not run on into the next row's label (…6 + Staff trained…), in a table
 * of figures and in a table of contents; the paragraph above it, wrapped
 * at the same edge, still joins. */
static void test_pdf_table_rows(void **state) {
    (void)state;
    kj_document *d = ingest_ok("table-rows.pdf", NULL);
    static const want_block want[] = {
        {KJ_BLOCK_HEADING, "Security training"},
        {PA, "Staff took part in several drills during the year, and the results of each drill "
             "went to the security committee at its next meeting."},
        {PA, "Measure"},
        {PA, "2023"},
        {PA, "2024"},
        {PA, "Phishing drills held"},
        {PA, "4"},
        {PA, "6"},
        {PA, "Staff trained"},
        {PA, "1,200"},
        {PA, "1,350"},
        {PA, "Incidents reported by staff"},
        {PA, "31"},
        {PA, "44"},
        {PA, "The committee expects more drills next year."},
        {KJ_BLOCK_HEADING, "Contents"},
        {PA, "Governance of cyber risk"},
        {PA, "3"},
        {PA, "Incident response"},
        {PA, "7"},
        {PA, "Training and awareness"},
        {PA, "12"},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    kj_document_free(d);
}

/* Cells of a table's row set closer than 1.5 characters (a character and
 * a fifth) are cells apart, not one, where their columns line up with
 * other rows' (flush left, or figures flush right); a paragraph justified
 * so loose that MuPDF splits its lines at every space stays whole, its
 * lines' first words lined up or not (each line's spaces are alike), and
 * so does Japanese spread one character in every two across a cell, whose
 * characters line up from row to row. */
static void test_pdf_cell_gaps(void **state) {
    (void)state;
    kj_document *d = ingest_ok("cell-gaps.pdf", NULL);
    static const want_block want[] = {
        {KJ_BLOCK_HEADING, "Training figures"},
        {PA, "Measure"},
        {PA, "2023"},
        {PA, "2024"},
        {PA, "Phishing drills held"},
        {PA, "4"},
        {PA, "6"},
        {PA, "Staff trained"},
        {PA, "1,200"},
        {PA, "1,350"},
        {PA, "Incidents reported by staff"},
        {PA, "31"},
        {PA, "44"},
        {PA, "Our drills ran late this spring"},
        {PA, "so the teams met again twice"},
        {PA, "and wrote new notes."},
        {PA, "代表取"},
        {PA, "締役会"},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    kj_document_free(d);
}

/* A table's cell whose text is set on two lines or three, flush left, with
 * the row's unit and figures set midway down them (as a browser sets a
 * table's cells) is one passage: an English row label, a Japanese one on
 * two lines and one on three, English labels of two lines in rows
 * parted by thin padding, and one whose second line hangs a character in. A row's two lines whose
 * figures stand on each of them (the unit alone midway) stay apart, as do the labels of a table of
 * a row per line, flush left one under the other, each with its figures, and its section labels
 * without figures around a row with them (Assets: | Cash 1,000 900 | Liabilities:). (The figures of
 * a cell that end at their block's edge join as wrapped lines, as before.) */
static void test_pdf_cell_wraps(void **state) {
    (void)state;
    kj_document *d = ingest_ok("cell-wraps.pdf", NULL);
    static const want_block want[] = {
        {KJ_BLOCK_HEADING, "Results by year"},
        {PA, "Revenue"},
        {PA, "(USD m)"},
        {PA, "12,480"},
        {PA, "11,905"},
        {PA, "Net income attributable to shareholders"},
        {PA, "(USD m)"},
        {PA, "1,310"},
        {PA, "1,122"},
        {PA, "Total assets"},
        {PA, "(USD m)"},
        {PA, "40,215"},
        {PA, "38,790"},
        {PA, "Employees"},
        {PA, "[temporary staff]"},
        {PA, "(persons)"},
        {PA, "5,210 [380]"},
        {PA, "5,032 [412]"},
        {PA, "Staff"},
        {PA, "212"},
        {PA, "198"},
        {PA, "Contractors"},
        {PA, "35"},
        {PA, "41"},
        {PA, "Interns"},
        {PA, "6"},
        {PA, "4"},
        {PA, "The figures above are unaudited."},
        {PA, "売上収益"},
        {PA, "（件）"},
        {PA, "52,100"},
        {PA, "48,700"},
        {PA, "情報セキュリティ関連の設備投資額"},
        {PA, "（件）"},
        {PA, "3,210"},
        {PA, "2,980"},
        {PA, "外部委託先への監査の実施件数"},
        {PA, "（件）"},
        {PA, "14"},
        {PA, "11"},
        {PA, "研修受講者数"},
        {PA, "（件）"},
        {PA, "1,820"},
        {PA, "1,640"},
        {PA, "本社"},
        {PA, "8"},
        {PA, "7"},
        {PA, "支社"},
        {PA, "5"},
        {PA, "6"},
        {PA, "工場"},
        {PA, "3"},
        {PA, "3"},
        {PA, "Cash from operating activities"},
        {PA, "(USD m)"},
        {PA, "2,904"},
        {PA, "2,611"},
        {PA, "Cash used in investing activities"},
        {PA, "(USD m)"},
        {PA, "(870)"},
        {PA, "(655)"},
        {PA, "Loss on the sale of old servers"},
        {PA, "(USD m)"},
        {PA, "(12)"},
        {PA, "(31)"},
        {PA, "Assets:"},
        {PA, "Cash"},
        {PA, "1,000"},
        {PA, "900"},
        {PA, "Liabilities:"},
        {PA, "Loans"},
        {PA, "400"},
        {PA, "300"},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    kj_document_free(d);
}

/* The block of d whose text is t (the test fails without one). */
static const kj_block *block_of(const kj_document *d, const char *t) {
    for (size_t i = 0; i < d->n_blocks; i++)
        if (strcmp(d->blocks[i].text, t) == 0) return &d->blocks[i];
    fail_msg("no block reads %s", t);
    return NULL;
}

/* The passage of ps whose text is t (the test fails without one). */
static const kj_passage *passage_of(const kj_passages *ps, const char *t) {
    for (size_t i = 0; i < ps->n; i++)
        if (strcmp(ps->items[i].text, t) == 0) return &ps->items[i];
    fail_msg("no passage reads %s", t);
    return NULL;
}

/* The passage of ps whose text holds t (the test fails without one). */
static const kj_passage *passage_with(const kj_passages *ps, const char *t) {
    for (size_t i = 0; i < ps->n; i++)
        if (strstr(ps->items[i].text, t)) return &ps->items[i];
    fail_msg("no passage holds %s", t);
    return NULL;
}

/* Tables printed by a browser and read as lines (grid-rows.pdf): a cell's
 * text centred on two lines joins (a column's title over its unit, a post
 * set on two lines), and the blocks set side by side with other short
 * blocks, a row of a table, share a row (kj_block.row, table 0): the
 * header rows of column titles, the rows under them, a career's second
 * line alone on its row, stacked under the line before. A paragraph over
 * the table, the heading under it, and a risk's name beside its long
 * description have none. Segmented, the cells of a table are one passage,
 * " | " between them, as a table's short cells are (no cell is lost for
 * reading as a column's title, a post or a date alone), and no column
 * title, post or date heads the passages of the rows: the heading over the
 * table does; the heading under the table and the risk's name head what
 * follows them. */
static void test_pdf_grid_rows(void **state) {
    (void)state;
    kj_document *d = ingest_ok("grid-rows.pdf", NULL);
    static const char risk[] =
        "部品の多くを海外の少数の取引先から調達しているため、災害や紛争で取引先の操業が止まると、"
        "製品の出荷が遅れ、売上が減るおそれがあります。当社は調達先を分けています。";
    static const want_block want[] = {
        {KJ_BLOCK_LIST_ITEM, "２ 【会社のあゆみ】"},
        {PA, "時期"},
        {PA, "できごと"},
        {PA, "2 0 0 1 年４月"},
        {PA, "架空精機として創業"},
        {PA, "2 0 0 8 年1 0 月"},
        {PA, "高原工場を新設"},
        {PA, "2 0 1 5 年６月"},
        {PA, "本社を架空市に移し、研究所を新設しました。"},
        {KJ_BLOCK_LIST_ITEM, "３ 【経営陣】"},
        {PA, "当社の取締役と監査役は次のとおりです。"},
        {PA, "役職"},
        {PA, "氏名"},
        {PA, "略歴"},
        {PA, "保有する株式の数（千株）"},
        {PA, "代表取締役社長"},
        {PA, "星野 一郎"},
        {PA, "架空精機に入社"},
        {PA, "同社取締役就任"},
        {PA, "同社代表取締役社長に就任し現在に至る"},
        {PA, "取締役"},
        {PA, "月岡 二葉"},
        {PA, "架空電機に入社"},
        {PA, "架空精機に入社し品質部長"},
        {PA, "監査役"},
        {PA, "日向 三郎"},
        {PA, "監査法人に勤め、独立しました。"},
        {PA, "情報管理の体制"},
        {PA, "当社は情報管理の委員会を置き、年に四回開いています。"},
        {PA, "供給網の途絶"},
        {PA, risk},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    for (size_t i = 0; i < d->n_blocks; i++)
        assert_int_equal(d->blocks[i].table, 0);
    int titles = block_of(d, "時期")->row;
    assert_int_not_equal(titles, 0);
    assert_int_equal(block_of(d, "できごと")->row, titles);
    assert_int_not_equal(block_of(d, "架空精機として創業")->row, 0);
    assert_int_not_equal(block_of(d, "架空精機として創業")->row, titles);
    int board = block_of(d, "役職")->row;
    assert_int_not_equal(board, 0);
    assert_int_equal(block_of(d, "略歴")->row, board);
    assert_int_equal(block_of(d, "保有する株式の数（千株）")->row, board);
    assert_int_not_equal(block_of(d, "代表取締役社長")->row, 0);
    assert_int_equal(block_of(d, "架空精機に入社し品質部長")->row,
                     block_of(d, "架空電機に入社")->row);
    assert_int_equal(block_of(d, "当社の取締役と監査役は次のとおりです。")->row, 0);
    assert_int_equal(block_of(d, "情報管理の体制")->row, 0);
    assert_int_equal(block_of(d, "供給網の途絶")->row, 0);
    kj_passages ps;
    kj_error err = {0};
    assert_int_equal(kj_segment(d, NULL, d->arena, &ps, &err), KJ_OK);
    const kj_passage *history = passage_of(
        &ps, "時期 | できごと | 2 0 0 1 年４月 | 架空精機として創業 | 2 0 0 8 年1 0 月 | "
             "高原工場を新設 | 2 0 1 5 年６月 | 本社を架空市に移し、研究所を新設しました。");
    assert_string_equal(history->heading, "２ 【会社のあゆみ】");
    assert_int_equal(history->kind, KJ_BLOCK_TABLE_CELL);
    const kj_passage *officers = passage_with(&ps, "役職 | 氏名 | 略歴");
    assert_string_equal(officers->heading, "３ 【経営陣】");
    assert_non_null(strstr(officers->text, "監査役 | 日向 三郎 | 監査法人に勤め、独立しました。"));
    assert_string_equal(
        passage_of(&ps, "当社は情報管理の委員会を置き、年に四回開いています。")->heading,
        "情報管理の体制");
    assert_string_equal(passage_of(&ps, risk)->heading, "供給網の途絶");
    kj_document_free(d);
}

/* A table read as lines one of whose columns holds long text set in a
 * narrow column (grid-narrow.pdf: a subsidiary's business, eight
 * characters a line, beside its name, address, capital, share and
 * relation): its rows are a grid's all the same, the long cell's too, so
 * that no address or relation heads the next cells, and the heading over
 * the table heads them and the sentence under it. A risk's name beside its
 * long description set in a narrow column, with one short remark beside
 * them, has no row and heads the description. */
static void test_pdf_grid_narrow_column(void **state) {
    (void)state;
    kj_document *d = ingest_ok("grid-narrow.pdf", NULL);
    static const char first[] =
        "精密部品の設計と製造、産業用機械の組立と保守、制御装置の開発と販売、"
        "それらの交換部品の輸入と国内の代理店への卸売、修理の受託";
    static const char second[] =
        "当社製品の国内外への販売と据付、保守と修理の受託、交換部品の"
        "在庫管理と配送、顧客向けの操作研修と安全講習の企画と実施、その記録";
    static const char risk[] =
        "主な原材料の価格が市況により大きく上がると、製造原価が増え、"
        "利益が減るおそれがあります。当社は複数の調達先と長期契約を結んでいます。";
    int row = block_of(d, "北星電機株式会社")->row;
    assert_int_not_equal(row, 0);
    static const char *const cells[] = {
        "架空県星野市", "百万円", "450", first, "100", "製品の販売", "役員を派遣しています。"};
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++)
        assert_int_equal(block_of(d, cells[i])->row, row);
    int next = block_of(d, "架空県風見町")->row;
    assert_int_not_equal(next, 0);
    assert_int_not_equal(next, row);
    assert_int_equal(block_of(d, second)->row, next);
    assert_int_equal(block_of(d, "資金を貸し付けています。")->row, next);
    assert_int_equal(block_of(d, "子会社の株式はいずれも上場していません。")->row, 0);
    assert_int_equal(block_of(d, "原材料の高騰")->row, 0);
    kj_passages ps;
    kj_error err = {0};
    assert_int_equal(kj_segment(d, NULL, d->arena, &ps, &err), KJ_OK);
    static const char *const under[] = {first, "役員を派遣しています。", second,
                                        "資金を貸し付けています。",
                                        "子会社の株式はいずれも上場していません。"};
    for (size_t i = 0; i < sizeof under / sizeof *under; i++)
        assert_string_equal(passage_with(&ps, under[i])->heading, "４ 【関係会社】");
    assert_string_equal(passage_of(&ps, risk)->heading, "原材料の高騰");
    kj_document_free(d);
}

/* A balance sheet read as lines (grid-figures.pdf): an item's figures
 * that carry a note's mark (※１ 3,400), list items, share their label's
 * row, and the label heads them, as no cell of a grid heads otherwise;
 * only them: the note under the table goes back to the section's label
 * (固定資産) that heads the rows. */
static void test_pdf_grid_row_label(void **state) {
    (void)state;
    kj_document *d = ingest_ok("grid-figures.pdf", NULL);
    int row = block_of(d, "売掛金")->row;
    assert_int_not_equal(row, 0);
    assert_int_equal(block_of(d, "※１ 3,400")->kind, KJ_BLOCK_LIST_ITEM);
    assert_int_equal(block_of(d, "※１ 3,400")->row, row);
    assert_int_equal(block_of(d, "※１ 3,100")->row, row);
    assert_int_equal(block_of(d, "流動資産")->row, 0);
    assert_int_equal(block_of(d, "固定資産")->row, 0);
    kj_passages ps;
    kj_error err = {0};
    assert_int_equal(kj_segment(d, NULL, d->arena, &ps, &err), KJ_OK);
    assert_string_equal(passage_of(&ps, "※１ 3,400")->heading, "売掛金");
    assert_string_equal(passage_of(&ps, "※１ 3,100")->heading, "売掛金");
    assert_string_equal(passage_of(&ps, "※２ 4,800")->heading, "建物及び構築物");
    assert_string_equal(passage_of(&ps, "※１ 子会社への売掛金を含みます。")->heading, "固定資産");
    kj_document_free(d);
}

/* A table's row whose figures fall in the bottom tenth of a page, where
 * running footers are looked for, keeps its figures, bare numbers as a
 * page's number is (59, 145): a page's number stands alone on its row. The
 * row's last figure, at the column's edge, does not run on into the first
 * line of the next page, at the left margin: a cell goes on only within
 * its column, as on its page. The pages' numbers are still dropped. */
static void test_pdf_foot_figures(void **state) {
    (void)state;
    kj_document *d = ingest_ok("foot-figures.pdf", NULL);
    static const want_block want[] = {
        {PA, "The branch offices below keep their own servers, and each of them reports its "
             "floor space and staff to the security team every year."},
        {PA, "Office"},
        {PA, "Floor m2"},
        {PA, "Servers"},
        {PA, "Staff"},
        {PA, "Hillside branch"},
        {PA, "59"},
        {PA, "1,808"},
        {PA, "145"},
        {PA, "Harbour branch"},
        {PA, "231"},
        {PA, "2,839"},
        {PA, "81"},
        {PA, "River branch"},
        {PA, "32"},
        {PA, "259"},
        {PA, "54"},
        {PA, "Northgate office opened in the spring and follows the same rules as the branches."},
        {PA, "The review of all offices ends in the autumn."},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    assert_int_equal(d->blocks[17].page, 2);
    kj_document_free(d);
}

/* A line that ends its sentence and is the widest of its MuPDF block (the
 * block only as wide as it) does not run on into the line under it that
 * opens an entry ("c. Sales by region"): that edge shows no wrap. Under
 * the same kind of line a line that opens no entry still goes on. */
static void test_pdf_edge_note(void **state) {
    (void)state;
    kj_document *d = ingest_ok("edge-note.pdf", NULL);
    static const want_block want[] = {
        {PA, "The tables below give the orders and the sales of the year for each of the regions "
             "where the company sells its machines."},
        {PA, "(Note) The figures above do not include tax."},
        {PA, "c. Sales by region"},
        {PA, "Orders grew in two of the three regions."},
        {PA, "(Note) The figures were checked twice. The finance team kept a log."},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    kj_document_free(d);
}

/* Tables whose cells a page's content stream shows before the text set
 * above them (a browser's print of floated tables) are read in their
 * places: after the heading and the paragraph that introduces the first,
 * and after the note and the sub-heading over the second. The paragraph's
 * last line, which runs nearly to the edge, does not run on into the
 * table's first cell, nor a table's last cell into the text after it. */
static void test_pdf_float_table(void **state) {
    (void)state;
    kj_document *d = ingest_ok("float-table.pdf", NULL);
    static const want_block want[] = {
        {KJ_BLOCK_HEADING, "Training results"},
        {PA, "Staff took part in several drills during the year, and the committee compared the "
             "results of each one with those of the year before, as the table below shows for "
             "each of its teams"},
        {PA, "Measure"},
        {PA, "2023"},
        {PA, "2024"},
        {PA, "Phishing drills held"},
        {PA, "4"},
        {PA, "6"},
        {PA, "Staff trained"},
        {PA, "1,200"},
        {PA, "1,350"},
        {PA, "Incidents reported by staff"},
        {PA, "31"},
        {PA, "44"},
        {PA, "Figures are for the whole group."},
        {KJ_BLOCK_HEADING, "Response drills"},
        {PA, "Drill"},
        {PA, "Spring"},
        {PA, "Autumn"},
        {PA, "Desk exercise"},
        {PA, "1"},
        {PA, "1"},
        {PA, "Restore from backup"},
        {PA, "2"},
        {PA, "2"},
        {PA, "Each drill ends with a written review."},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    kj_document_free(d);
}
#undef PA

/* An HTML filing that sets each printed line as a paragraph: within a
 * paragraph cut so, a line that ends on a katakana word goes on in one
 * that begins with a kanji (…サイバーセキュリティ + 対策の…); a heading-like
 * line of its own (…に関するリスク) and an entry stay apart from the
 * paragraph after them, though they are long and end in katakana. */
static void test_html_hand_cut_katakana(void **state) {
    (void)state;
    char dir[256], path[512];
    kj_test_tmpdir(dir, sizeof dir, "kj-handkana-");
    kj_test_write_file(
        dir, "f.html",
        "<html><body>"
        "<p>当社は、外部からの攻撃に備えて、専門の会社に通信の監視を委託するとともに、全従業員に</"
        "p>"
        "<p>向けた研修を毎年行い、その結果を踏まえて、各部門の責任者が部門のサイバーセキュリティ</"
        "p>"
        "<p>対策の計画を見直しています。</p>"
        "<p>取引先から預かった設計の情報が、外部からの攻撃によって当社の社外に流出するリスク</p>"
        "<p>当社は、設計の情報を扱う端末を社内の専用の回線につないでいます。</p>"
        "<p>・当社の情報システムの弱点を、外部の専門の会社が毎年攻撃者の立場から確かめるテスト</p>"
        "<p>当社は、見つかった弱点を三か月以内に直しています。</p>"
        "</body></html>");
    snprintf(path, sizeof path, "%s/f.html", dir);
    kj_document *d = NULL;
    kj_error err;
    kj_error_clear(&err);
    if (kj_ingest_file(path, NULL, &d, &err) != KJ_OK) fail_msg("%s", err.msg);
    static const want_block want[] = {
        {KJ_BLOCK_PARAGRAPH,
         "当社は、外部からの攻撃に備えて、専門の会社に通信の監視を委託するとともに、全従業員に向"
         "けた研修を毎年行い、その結果を踏まえて、各部門の責任者が部門のサイバーセキュリティ対策"
         "の計画を見直しています。"},
        {KJ_BLOCK_PARAGRAPH,
         "取引先から預かった設計の情報が、外部からの攻撃によって当社の社外に流出するリスク"},
        {KJ_BLOCK_PARAGRAPH, "当社は、設計の情報を扱う端末を社内の専用の回線につないでいます。"},
        {KJ_BLOCK_PARAGRAPH,
         "・当社の情報システムの弱点を、外部の専門の会社が毎年攻撃者の立場から確かめるテスト"},
        {KJ_BLOCK_PARAGRAPH, "当社は、見つかった弱点を三か月以内に直しています。"},
    };
    expect_doc(d, want, sizeof want / sizeof *want);
    kj_document_free(d);
    kj_test_rmtree(dir);
}

/* A risk table whose first column holds the risk and the next its label
 * cells (・リスク, ・対応), over the text in the same cell or in a cell of
 * their own (the risk's name spanning two rows): the label heads its text
 * with the risk's name, a short text as well as a long one, and is no
 * passage of its own, nor joined to the text. */
static void test_html_risk_labels(void **state) {
    (void)state;
    kj_document *d = html_of(
        "<html><body><h2>事業等のリスク</h2><table>"
        "<tr><td><p>情報漏えいに関するリスク</p></td><td><p>・リスク</p>"
        "<p>取引先から預かった図面が、外部からの侵入や従業員の誤った操作で社外に流出し、取引先の"
        "信頼を失い、その後の受注にも影響が及ぶおそれがあります。</p>"
        "<p>・対応</p>"
        "<p>通信の監視と端末の暗号化を進め、全従業員に年に一度の研修を行い、委託先にも契約で安全"
        "管理の措置を求め、その実施の状況を毎年確かめています。</p></td></tr>"
        "<tr><td rowspan=\"2\"><p>設備停止に関するリスク</p></td><td><p>・リスク</p></td>"
        "<td><p>工場の制御装置が不正な侵入や故障で止まると、納期に遅れて取引先に迷惑をかけ、その"
        "年度の売上が大きく減るおそれがあります。</p></td></tr>"
        "<tr><td><p>・対応</p></td>"
        "<td><p>制御装置の通信を社内の他の通信から切り離し、保守の作業を記録して、毎月その記録を"
        "担当の部署が確かめています。</p></td></tr>"
        "<tr><td><p>委託先に関するリスク</p></td><td><p>・リスク</p>"
        "<p>委託先の事故で業務が止まるおそれ。</p><p>・対応</p><p>年一回の点検。</p></td></tr>"
        "</table></body></html>");
    kj_passages ps;
    kj_error err = {0};
    assert_int_equal(kj_segment(d, NULL, d->arena, &ps, &err), KJ_OK);
    static const char *const want[] = {
        "情報漏えいに関するリスク ・リスク", "情報漏えいに関するリスク ・対応",
        "設備停止に関するリスク ・リスク",   "設備停止に関するリスク ・対応",
        "委託先に関するリスク ・リスク",     "委託先に関するリスク ・対応",
    };
    assert_int_equal(ps.n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < ps.n; i++) {
        if (!ps.items[i].heading || strcmp(ps.items[i].heading, want[i]) != 0)
            fail_msg("%s: headed %s, not %s", ps.items[i].text,
                     ps.items[i].heading ? ps.items[i].heading : "(none)", want[i]);
        if (strstr(ps.items[i].text, "・") || strstr(ps.items[i].text, " | "))
            fail_msg("a label or two cells in a passage: %s", ps.items[i].text);
    }
    kj_document_free(d);
}

/* handwrap.c's signs for a katakana word before a kanji one: a long line
 * that went on by hand itself goes on (kj_goes_on_within_hand); a line no
 * line went on into does not (kj_goes_on_by_hand: a heading or an entry
 * may end so), nor one that ends a sentence, nor before an entry. */
static void test_handwrap_katakana_kanji(void **state) {
    (void)state;
    static const char line[] =
        "向けた研修を毎年行い、その結果を踏まえて、各部門の責任者が部門のサイバーセキュリティ";
    static const char next[] = "対策の計画を見直しています。";
    assert_true(kj_goes_on_within_hand(line, strlen(line), next, strlen(next)));
    assert_false(kj_goes_on_by_hand(line, strlen(line), next, strlen(next)));
    static const char entry[] = "・外部への流出";
    assert_false(kj_goes_on_within_hand(line, strlen(line), entry, strlen(entry)));
    static const char shortline[] = "部門のサイバーセキュリティ";
    assert_false(kj_goes_on_within_hand(shortline, strlen(shortline), next, strlen(next)));
    static const char whole[] =
        "各部門の責任者が部門の計画を見直して、その結果を委員会に報告しています。"
        "サイバーセキュリティ。";
    assert_false(kj_goes_on_within_hand(whole, strlen(whole), next, strlen(next)));
}

/* A long line cut by hand before the 等 that closes its list goes on
 * (…手順、体制 + 等の…); a line that ends its sentence does not, nor one
 * before a word that begins with 等 (等級). */
static void test_handwrap_etc(void **state) {
    (void)state;
    static const char line[] = "・取引先との間で交わす図面の受け渡しについて、暗号化した経路の利用"
                               "、保管期間の管理、廃棄の手順、体制";
    static const char next[] = "等の見直し。また、委託先の点検";
    assert_true(kj_goes_on_by_hand(line, strlen(line), next, strlen(next)));
    static const char grade[] = "等級ごとの見直し。";
    assert_false(kj_goes_on_by_hand(line, strlen(line), grade, strlen(grade)));
    static const char whole[] = "・取引先との間で交わす図面の受け渡しについて、暗号化した経路の利用"
                                "と保管期間の管理を定めた。";
    assert_false(kj_goes_on_by_hand(whole, strlen(whole), next, strlen(next)));
}

static void test_pdf_errors(void **state) {
    (void)state;
    kj_error err;
    assert_int_equal(ingest_err("encrypted.pdf", NULL, &err), KJ_ERR_UNSUPPORTED);
    assert_non_null(strstr(err.msg, "encrypted PDF (password required)"));
    assert_int_equal(ingest_err("truncated.pdf", NULL, &err), KJ_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "PDF"));
    assert_int_equal(ingest_err("scanned.pdf", NULL, &err), KJ_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "no text layer"));
    assert_int_equal(ingest_err("junk.pdf", NULL, &err), KJ_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "not a PDF (no %PDF header)"));
    kj_ingest_options o = {.format = KJ_FORMAT_PDF};
    assert_int_equal(ingest_err("sample.html", &o, &err), KJ_ERR_FORMAT);
}

/* A draft's pages: where Word last laid them out (its record, even where a
 * page breaks mid-paragraph), or, written by another program, counted
 * from the page breaks typed in; a draft without breaks has none. */
static void test_docx_pages(void **state) {
    (void)state;
    static const char *const files[] = {"pages.docx", "pages-typed.docx"};
    for (size_t k = 0; k < 2; k++) {
        kj_document *d = ingest_ok(files[k], NULL);
        assert_int_equal(d->n_pages, 3);
        assert_int_equal(d->blocks[0].page, 1);
        int i = find(d, "四半期ごとに開いています。委員会の結果は"); /* runs on to page 2 */
        assert_true(i >= 0);
        assert_int_equal(d->blocks[i].page, 1);
        assert_int_equal(d->blocks[find(d, "インシデント対応")].page, 3);
        assert_int_equal(d->blocks[find(d, "CSIRT")].page, 3);
        if (k == 0) assert_int_equal(d->blocks[find(d, "年2回")].page, 3); /* a cell */
        kj_document_free(d);
    }
    kj_document *d = ingest_ok("sample.docx", NULL);
    assert_int_equal(d->n_pages, 0);
    assert_int_equal(d->blocks[0].page, 0);
    kj_document_free(d);
}

/* Slides, each a page, in the order the presentation lists them (not the
 * files' numbers); a hidden slide, the footer, the slide number and
 * fields are not read; titles are headings, a table's cells cells, a
 * group's shapes read through, a SmartArt diagram's boxes paragraphs. */
static void test_pptx(void **state) {
    (void)state;
    kj_document *d = ingest_ok("sample.pptx", NULL);
    assert_int_equal(d->format, KJ_FORMAT_PPTX);
    assert_int_equal(d->n_pages, 2);
    assert_int_equal(d->n_blocks, 12);
    assert_string_equal(d->blocks[0].text, "サイバーセキュリティ");
    assert_int_equal(d->blocks[0].kind, KJ_BLOCK_HEADING);
    assert_int_equal(d->blocks[0].level, 1);
    assert_int_equal(d->blocks[1].level, 2); /* the subtitle */
    assert_int_equal(d->blocks[0].page, 1);
    int i = find(d, "インシデント対応");
    assert_int_equal(d->blocks[i].page, 2);
    assert_int_equal(d->blocks[i].kind, KJ_BLOCK_HEADING);
    assert_string_equal(d->blocks[i + 1].text, "CSIRTが初動を担い、経営会議に報告します。");
    assert_true(find(d, "グループ会社も同じ手順") >= 0);
    i = find(d, "年2回");
    assert_int_equal(d->blocks[i].kind, KJ_BLOCK_TABLE_CELL);
    /* the cells of a table's row say so */
    assert_int_equal(d->blocks[i - 1].kind, KJ_BLOCK_TABLE_CELL);
    assert_true(d->blocks[i].table > 0 && d->blocks[i].row > 0);
    assert_int_equal(d->blocks[i - 1].table, d->blocks[i].table);
    assert_int_equal(d->blocks[i - 1].row, d->blocks[i].row);
    assert_int_equal(find(d, "非表示"), -1);
    i = find(d, "取締役会"); /* a SmartArt organisation chart's boxes */
    assert_true(i >= 0);
    assert_int_equal(d->blocks[i].page, 2);
    assert_string_equal(d->blocks[i + 2].text, "ACME-CSIRT");
    assert_int_equal(find(d, "統合報告書2025"), -1);
    kj_document_free(d);

    /* the slides together share the input limit: three of 700 KB are over
     * 1 MB, though each alone is under it */
    kj_ingest_options o = {.max_bytes = 1 << 20};
    kj_error err;
    assert_int_equal(ingest_err("wide.pptx", &o, &err), KJ_ERR_TOO_LARGE);
    assert_non_null(strstr(err.msg, "decompress to more than the limit of 1048576 bytes together"));
    kj_document *w = ingest_ok("wide.pptx", NULL);
    assert_int_equal(w->n_pages, 3);
    kj_document_free(w);
}

static void test_docx(void **state) {
    (void)state;
    kj_document *d = ingest_ok("sample.docx", NULL);
    assert_int_equal(d->format, KJ_FORMAT_DOCX);
    assert_int_equal(d->n_blocks, 7);
    assert_int_equal(d->blocks[0].kind, KJ_BLOCK_HEADING); /* Title */
    assert_int_equal(d->blocks[1].kind, KJ_BLOCK_HEADING); /* style "1" = heading 1 */
    assert_int_equal(d->blocks[1].level, 1);
    assert_string_equal(d->blocks[2].text, "当社はCISOを任命しています。 Tabbed next line");
    assert_int_equal(d->blocks[3].level, 2);
    assert_int_equal(d->blocks[4].kind, KJ_BLOCK_LIST_ITEM);
    assert_int_equal(d->blocks[6].kind, KJ_BLOCK_TABLE_CELL);
    assert_string_equal(d->blocks[6].text, "IT予算の10%");
    assert_int_equal(find(d, "DELETED"), -1);
    kj_document_free(d);
    /* a text box is blocks of its own after its anchor paragraph, read
     * once though Word writes it twice (DrawingML, and VML in mc:Fallback),
     * as is an old document's VML-only box; text moved with tracked changes
     * is read where it went, hidden text not at all; notes come after the
     * body, the separator notes left out */
    d = ingest_ok("boxes.docx", NULL);
    static const char *const want[] = {"Text boxes",
                                       "本文の段落です。段落の続きです。",
                                       "囲み：当社のCSIRTは年2回の訓練を行っています。",
                                       "Our SOC watches alerts.",
                                       "VML only box text.",
                                       "Moved and hidden: new place.",
                                       "We use multi\u2011factor authentication.",
                                       "A statement with a note.",
                                       "※1 CSIRT: 事故に対応する社内の専門チーム",
                                       "Endnote text."};
    assert_int_equal(d->n_blocks, sizeof want / sizeof *want);
    for (size_t i = 0; i < d->n_blocks; i++)
        assert_string_equal(d->blocks[i].text, want[i]);
    /* the notes are sections of their own, the body none */
    assert_null(d->blocks[d->n_blocks - 3].section);
    assert_string_equal(d->blocks[d->n_blocks - 2].section, "footnotes");
    assert_string_equal(d->blocks[d->n_blocks - 1].section, "endnotes");
    kj_document_free(d);
    /* a table's cells say which table and row they are in: two tables, the
     * first of two rows, a cell of two paragraphs, and a table in a cell */
    d = ingest_ok("table.docx", NULL);
    static const char *const cells[] = {"推進体制", "委員会", "年4回",  "訓練", "全従業員年1回",
                                        "内側の表", "外側",   "Budget", "5%"};
    assert_int_equal(d->n_blocks, sizeof cells / sizeof *cells);
    for (size_t i = 0; i < d->n_blocks; i++)
        assert_string_equal(d->blocks[i].text, cells[i]);
    const kj_block *b = d->blocks;
    assert_int_equal(b[0].table, 0);
    assert_true(b[1].table > 0 && b[1].row > 0);
    assert_int_equal(b[2].row, b[1].row);
    assert_int_equal(b[3].table, b[1].table);
    assert_int_not_equal(b[3].row, b[1].row);
    assert_int_equal(b[4].row, b[3].row);
    assert_int_not_equal(b[5].table, b[1].table); /* the table in a cell */
    assert_int_equal(b[6].row, b[3].row);         /* that cell itself */
    assert_int_not_equal(b[7].table, b[1].table);
    assert_int_not_equal(b[7].table, b[5].table);
    assert_int_equal(b[8].row, b[7].row);
    kj_document_free(d);
    kj_error err;
    assert_int_equal(ingest_err("not-a-docx.docx", NULL, &err), KJ_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "not a DOCX"));
    /* a part libxml2 will not parse says why: here nested past its limit */
    assert_int_equal(ingest_err("deep.docx", NULL, &err), KJ_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "word/document.xml is not XML: elements nested more than 256 "
                                    "deep, line 1"));
}

/* A table nested in a table cell comes where it stands among the cell's
 * paragraphs, as Word shows it: after the cell's text before it (and the
 * text box anchored there), before the cell's text after it. It used to
 * come before the whole cell. */
static void test_docx_nested_table(void **state) {
    (void)state;
    kj_document *d = ingest_ok("nested.docx", NULL);
    static const want_block want[] = {
        {KJ_BLOCK_PARAGRAPH, "委託先の管理"},
        {KJ_BLOCK_TABLE_CELL, "主な委託先には年1回の調査を行います。"},
        {KJ_BLOCK_PARAGRAPH, "囲み：調査票は20問です。"},
        {KJ_BLOCK_TABLE_CELL, "調査項目"},
        {KJ_BLOCK_TABLE_CELL, "回数"},
        {KJ_BLOCK_TABLE_CELL, "暗号化"},
        {KJ_BLOCK_TABLE_CELL, "年1回"},
        {KJ_BLOCK_TABLE_CELL, "調査の結果は委員会に報告します。"},
        {KJ_BLOCK_TABLE_CELL, "担当：情報セキュリティ部"},
        {KJ_BLOCK_PARAGRAPH, "以上"},
    };
    assert_int_equal(d->n_blocks, sizeof want / sizeof *want);
    for (size_t i = 0; i < d->n_blocks; i++) {
        assert_int_equal(d->blocks[i].kind, want[i].kind);
        assert_string_equal(d->blocks[i].text, want[i].text);
    }
    kj_document_free(d);
}

/* A draft pasted from a PDF, a paragraph per printed line: a line that goes
 * on from the one before it (kj_goes_on_by_hand) joins it; an indented
 * paragraph and one opening with a connective stay apart. */
static void test_docx_lines(void **state) {
    (void)state;
    kj_document *d = ingest_ok("lines.docx", NULL);
    assert_int_equal(d->n_blocks, 5);
    assert_string_equal(d->blocks[1].text,
                        "当社は、取引先から預かった図面や設計情報を守るため、全拠点の通"
                        "信を本社で一元的に監視する体制を整え、端末の暗号化を進めています"
                        "。");
    assert_non_null(strstr(d->blocks[2].text, "委員会に報告しています。"));
    assert_int_equal(d->blocks[3].kind, KJ_BLOCK_PARAGRAPH);
    assert_non_null(strstr(d->blocks[3].text, "委託先には"));
    assert_string_equal(d->blocks[4].text, "以上");
    kj_document_free(d);
}

/* A content control still showing its prompt (w:showingPlcHdr) gives no
 * text, at body level, in a cell or inline; one filled in gives its own. */
static void test_docx_placeholders(void **state) {
    (void)state;
    kj_document *d = ingest_ok("placeholder.docx", NULL);
    static const char *const want[] = {
        "推進体制", "当社はCSIRTを設けています。", "責任者", "頻度", "年2回", "報告先：取締役会"};
    size_t n = sizeof want / sizeof *want;
    for (size_t i = 0; i < d->n_blocks; i++)
        if (strstr(d->blocks[i].text, "クリック")) fail_msg("a prompt read: %s", d->blocks[i].text);
    for (size_t k = 0; k < n; k++)
        if (find(d, want[k]) < 0) fail_msg("not read: %s", want[k]);
    kj_document_free(d);
}

/* Content controls (w:sdt) hide no text: around body paragraphs, around
 * a cell's paragraphs (one with a text box, one with a table of its own),
 * around a whole row or one cell, and inline, each gives its text where it
 * stands. The paragraphs of a control inside a cell used to be dropped,
 * and the cell with them when they were all it held. */
static void test_docx_content_controls(void **state) {
    (void)state;
    kj_document *d = ingest_ok("sdt.docx", NULL);
    static const want_block want[] = {
        {KJ_BLOCK_PARAGRAPH, "推進体制"},
        {KJ_BLOCK_PARAGRAPH, "当社はCSIRTを設けています。"},
        {KJ_BLOCK_PARAGRAPH, "委員会を四半期ごとに開きます。"},
        {KJ_BLOCK_TABLE_CELL, "項目"},
        {KJ_BLOCK_TABLE_CELL, "内容"},
        {KJ_BLOCK_TABLE_CELL, "責任者"},
        {KJ_BLOCK_TABLE_CELL, "最高情報セキュリティ責任者（CISO）"},
        {KJ_BLOCK_TABLE_CELL, "診断"},
        {KJ_BLOCK_TABLE_CELL, "脆弱性診断は外部の専門会社に委託します。結果は委員会に報告します。"},
        {KJ_BLOCK_PARAGRAPH, "囲み：診断は年2回です。"},
        {KJ_BLOCK_TABLE_CELL, "委託先"},
        {KJ_BLOCK_TABLE_CELL, "A社"},
        {KJ_BLOCK_TABLE_CELL, "年1回"},
        {KJ_BLOCK_TABLE_CELL, "調査票で確認"},
        {KJ_BLOCK_TABLE_CELL, "訓練"},
        {KJ_BLOCK_TABLE_CELL, "全従業員に年1回"},
        {KJ_BLOCK_TABLE_CELL, "予算"},
        {KJ_BLOCK_TABLE_CELL, "IT予算の8%"},
        {KJ_BLOCK_PARAGRAPH, "報告先：取締役会（年4回）"},
        {KJ_BLOCK_PARAGRAPH, "以上"},
    };
    assert_int_equal(d->n_blocks, sizeof want / sizeof *want);
    for (size_t i = 0; i < d->n_blocks; i++) {
        assert_int_equal(d->blocks[i].kind, want[i].kind);
        assert_string_equal(d->blocks[i].text, want[i].text);
    }
    const kj_block *b = d->blocks;
    assert_int_equal(b[4].row, b[3].row);           /* a cell's control stays in its row */
    assert_int_not_equal(b[11].table, b[10].table); /* the table in a control in a cell */
    assert_int_equal(b[13].table, b[10].table);     /* and the cell's text after it */
    assert_int_equal(b[15].row, b[14].row);         /* a row inside a control */
    assert_int_not_equal(b[14].row, b[13].row);
    assert_int_equal(b[16].table, b[3].table); /* a cell inside a control, in its row */
    assert_int_equal(b[17].row, b[16].row);
    kj_document_free(d);
}

static void test_bad_inputs(void **state) {
    (void)state;
    kj_error err;
    assert_int_equal(ingest_err("empty.txt", NULL, &err), KJ_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "empty file"));
    assert_int_equal(ingest_err("junk.bin", NULL, &err), KJ_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "not a text document (binary data)"));
    assert_int_equal(ingest_err("invalid-utf8.txt", NULL, &err), KJ_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "invalid UTF-8 at byte 31"));
    assert_int_equal(ingest_err("no-such-file.txt", NULL, &err), KJ_ERR_IO);
    assert_non_null(strstr(err.msg, "No such file"));
}

static void test_too_large(void **state) {
    (void)state;
    kj_ingest_options o = {.max_bytes = 100};
    kj_error err;
    assert_int_equal(ingest_err("sample-utf8.txt", &o, &err), KJ_ERR_TOO_LARGE);
    assert_non_null(strstr(err.msg, "limit"));
    assert_int_equal(ingest_err("sample.pdf", &o, &err), KJ_ERR_TOO_LARGE);
}

/* Text made from pattern with each '@' replaced by a value of 70,000 bytes
 * (over the 64 KiB kept) holding two newlines, each '#' by those newlines
 * alone, each '%' by 70,000 bytes without a newline: the caller frees it. */
static char *expand(const char *pattern) {
    size_t n = strlen(pattern), cap = n * 70000 + 1, k = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    for (const char *p = pattern; *p; p++) {
        if (*p == '@') {
            for (int i = 0; i < 70000; i++)
                s[k++] = i == 100 || i == 50000 ? '\n' : 'v';
        } else if (*p == '%') {
            memset(s + k, 'v', 70000);
            k += 70000;
        } else if (*p == '#') {
            s[k++] = '\n';
            s[k++] = '\n';
        } else {
            s[k++] = *p;
        }
    }
    s[k] = '\0';
    return s;
}

/* kj_markup_trim_values on pattern (expand: '@' a long value) gives want
 * ('#' the long value's newlines; want NULL: the input unchanged). */
static void check_trim(const char *pattern, const char *want) {
    char *in = expand(pattern);
    char *out = want ? expand(want) : expand(pattern);
    size_t len = kj_markup_trim_values(in, strlen(in));
    assert_int_equal(len, strlen(out));
    assert_memory_equal(in, out, len);
    free(in);
    free(out);
}

/* Attribute values over 64 KiB are emptied as libxml2's HTML parser would
 * read them, their newlines kept; nothing else is touched: short values,
 * quotes outside tags, comments, and the text of script and style. */
static void test_markup_trim_values(void **state) {
    (void)state;
    check_trim("<p title=\"@\">CISO</p>", "<p title=\"#\">CISO</p>");
    check_trim("<P Title = '@' class=x>CISO", "<P Title = '#' class=x>CISO");
    check_trim("<img src=% alt=x>CISO", "<img src= alt=x>CISO");
    check_trim("<img src=@ alt=x>", NULL); /* unquoted: to the first blank */
    check_trim("<a href=\"@\">1</a><p>x</p><a href=\"@\">2</a>",
               "<a href=\"#\">1</a><p>x</p><a href=\"#\">2</a>");
    check_trim("<p title=\"@", "<p title=\"#"); /* libxml2 reads to the end */
    check_trim("<p class=\"short\" id=x>CISO</p>", NULL);
    check_trim("a < b = \"@\" and a<=\"@\"", NULL);          /* not tags */
    check_trim("<!-- <p title=\"@\"> --><p>CISO</p>", NULL); /* a comment */
    check_trim("<script>if (a<b) s = \"<p title='\";</script><p>@'</p>", NULL);
    check_trim("<STYLE>p[title=\"@\"]{}</style><p title=\"@\">",
               "<STYLE>p[title=\"@\"]{}</style><p title=\"#\">");
}

static void test_names(void **state) {
    (void)state;
    assert_string_equal(kj_format_name(KJ_FORMAT_PDF), "pdf");
    assert_string_equal(kj_format_name(KJ_FORMAT_EDINET), "edinet");
    assert_int_equal(kj_format_parse("docx"), KJ_FORMAT_DOCX);
    assert_int_equal(kj_format_parse("HTML"), KJ_FORMAT_HTML);
    assert_int_equal(kj_format_parse("bogus"), KJ_FORMAT_AUTO);
    assert_string_equal(kj_block_kind_name(KJ_BLOCK_TABLE_CELL), "table_cell");
    assert_string_equal(kj_block_kind_name(KJ_BLOCK_LIST_ITEM), "list_item");
    kj_document_free(NULL);
}

/* ---- large UTF-8 text read a piece at a time ----------------------------
 * kj_read_text_file (src/ingest/text.c) reads a plain UTF-8 file in pieces
 * of KJ_TEXT_PIECE (1 MiB) bytes, each ending after its last newline, when
 * its first piece is at least half that; the files below are written just
 * over that size, with the awkward case placed at the first 1 MiB read. */

#define PIECE ((size_t)1 << 20) /* KJ_TEXT_PIECE in src/ingest/text.c */

/* Append paragraphs of Latin (ja 0) or Japanese lines ending in eol until b
 * holds exactly upto bytes (upto - b->len must exceed 300). */
static void gen_lines(kj_buf *b, size_t upto, const char *eol, int ja) {
    size_t el = strlen(eol);
    assert_true(upto > b->len + 300);
    for (size_t k = 0; upto - b->len > 300; k++) {
        if (k % 6 == 5 && !(ja && k % 12 == 11)) {
            kj_buf_puts(b, eol); /* a blank line ends the paragraph */
            continue;
        }
        if (ja) /* every other paragraph starts with an ideographic space instead */
            kj_buf_printf(b, "%s当社は第%zu回の情報セキュリティ委員会で訓練の結果を確認し%s",
                          k % 12 == 11 ? "　" : "", k, eol);
        else
            kj_buf_printf(b, "Line %zu of a paragraph about our security controls,%s", k, eol);
    }
    size_t pad = upto - b->len - el;
    for (size_t k = 0; k < pad; k++)
        kj_buf_putc(b, k % 7 == 6 ? ' ' : 'z');
    kj_buf_puts(b, eol);
    assert_int_equal(b->len, upto);
}

/* Write b to a new file in tmpdir; returns its path (static buffer). */
static const char *write_big(const char *tmpdir, const char *name, const kj_buf *b) {
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b->data, 1, b->len, f), b->len);
    fclose(f);
    return path;
}

/* The whole-file path: the file's bytes in memory through kj_read_text. */
static kj_status read_whole(const char *path, const kj_buf *b, kj_document **out, kj_error *err) {
    kj_builder bl;
    kj_error_clear(err);
    assert_int_equal(kj_builder_init(&bl, path, KJ_FORMAT_TEXT, 0, err), KJ_OK);
    kj_status st = kj_read_text(&bl, b->data, b->len, NULL, err);
    if (st == KJ_OK) return kj_builder_finish(&bl, out, err);
    kj_builder_abort(&bl);
    *out = NULL;
    return st;
}

/* The piecewise reader on its own; *done says whether it took the file. */
static kj_document *read_pieces(const char *path, int *done) {
    kj_builder bl;
    kj_error err;
    kj_error_clear(&err);
    assert_int_equal(kj_builder_init(&bl, path, KJ_FORMAT_TEXT, 0, &err), KJ_OK);
    kj_status st = kj_read_text_file(&bl, path, done, &err);
    if (st != KJ_OK) fail_msg("%s: %s", path, err.msg);
    if (!*done) {
        assert_int_equal(bl.n, 0); /* nothing added when it declines */
        kj_builder_abort(&bl);
        return NULL;
    }
    kj_document *d = NULL;
    assert_int_equal(kj_builder_finish(&bl, &d, &err), KJ_OK);
    return d;
}

static void assert_same_doc(const kj_document *x, const kj_document *y) {
    assert_int_equal(x->format, y->format);
    assert_string_equal(x->encoding, y->encoding);
    assert_true((x->title == NULL) == (y->title == NULL));
    if (x->title) assert_string_equal(x->title, y->title);
    assert_int_equal(x->text_chars, y->text_chars);
    assert_int_equal(x->text_bytes, y->text_bytes);
    assert_int_equal(x->n_blocks, y->n_blocks);
    for (size_t i = 0; i < x->n_blocks; i++) {
        const kj_block *a = &x->blocks[i], *b = &y->blocks[i];
        if (a->len != b->len || memcmp(a->text, b->text, a->len) != 0)
            fail_msg("block %zu differs: \"%.60s\" vs \"%.60s\"", i, a->text, b->text);
        assert_int_equal(a->kind, b->kind);
        assert_int_equal(a->level, b->level);
        assert_int_equal(a->page, b->page);
        assert_true(a->section == NULL && b->section == NULL);
        assert_int_equal(a->line, b->line);
        assert_int_equal(a->start, b->start);
        assert_int_equal(a->end, b->end);
    }
}

/* Write b as name: the piecewise reader must take it (when pieces is set)
 * and give what the whole-file path gives, and so must kj_ingest_file.
 * Returns the number of blocks. */
static size_t check_pieces(const char *tmpdir, const char *name, kj_buf *b, int pieces) {
    const char *path = write_big(tmpdir, name, b);
    kj_document *whole = NULL, *front = NULL;
    kj_error err;
    if (read_whole(path, b, &whole, &err) != KJ_OK) fail_msg("%s: %s", name, err.msg);
    int done = -1;
    kj_document *piecewise = read_pieces(path, &done);
    assert_int_equal(done, pieces);
    if (piecewise) assert_same_doc(piecewise, whole);
    kj_error_clear(&err);
    if (kj_ingest_file(path, NULL, &front, &err) != KJ_OK) fail_msg("%s: %s", name, err.msg);
    assert_same_doc(front, whole);
    size_t n = whole->n_blocks;
    kj_document_free(piecewise);
    kj_document_free(front);
    kj_document_free(whole);
    unlink(path);
    kj_buf_reset(b);
    return n;
}

/* Ordinary text, CRLF line ends, a BOM, no final newline, pages, a text of
 * one line a paragraph, a file just over the threshold (one piece) and one
 * below it (read whole). */
static void test_text_pieces_line_ends(void **state) {
    const char *tmp = *state;
    kj_buf b = KJ_BUF_INIT;
    gen_lines(&b, PIECE + PIECE / 4, "\n", 0);
    assert_true(check_pieces(tmp, "plain.txt", &b, 1) > 1000);
    /* CRLF, with the first 1 MiB read ending between a CR and its LF */
    gen_lines(&b, PIECE + 1, "\r\n", 0);
    assert_int_equal(b.data[PIECE - 1], '\r');
    gen_lines(&b, PIECE + PIECE / 4, "\r\n", 0);
    check_pieces(tmp, "crlf.txt", &b, 1);
    /* a BOM before Japanese text with ideographic-space indents */
    kj_buf_puts(&b, "\xEF\xBB\xBF");
    gen_lines(&b, PIECE + PIECE / 3, "\n", 1);
    check_pieces(tmp, "bom.txt", &b, 1);
    /* no newline at the end */
    gen_lines(&b, PIECE + PIECE / 5, "\n", 0);
    kj_buf_puts(&b, "\nThe last paragraph has no final newline.");
    check_pieces(tmp, "no-final-newline.txt", &b, 1);
    /* pages split by form feeds, with running headers and footers that
     * read the same in pieces as whole (the first page's after a BOM) */
    kj_buf_puts(&b, "\xEF\xBB\xBF");
    for (int k = 1; b.len < PIECE + PIECE / 3; k++) {
        kj_buf_puts(&b, "ACME Security Report 2025\n\n");
        for (int j = 0; j < 40; j++)
            kj_buf_printf(&b, "Line %d of page %d about our security controls,\n%s", j, k,
                          j % 8 == 7 ? "\n" : "");
        kj_buf_printf(&b, "\nPage %d\n\f\n", k);
    }
    int done = 0;
    kj_document *d = read_pieces(write_big(tmp, "paged.txt", &b), &done);
    assert_int_equal(done, 1);
    assert_int_equal(find(d, "ACME Security Report"), -1);
    assert_int_equal(find(d, "Page "), -1);
    assert_true(d->blocks[d->n_blocks - 1].page > 100);
    kj_document_free(d);
    check_pieces(tmp, "paged.txt", &b, 1);
    /* a short paragraph a line, with its heading on the line before and no
     * blank line: what the layout is, the pass that checks the file finds
     * from all its lines, so each line is a block read in pieces as whole */
    int heads = 0;
    for (; b.len < PIECE + PIECE / 4; heads++)
        kj_buf_printf(&b, "見出し%d\n当社は第%d項の対策を定め、年に一度見直しています。\n", heads,
                      heads);
    assert_int_equal(check_pieces(tmp, "one-line.txt", &b, 1), 2 * (size_t)heads);
    /* just over the threshold: the whole file is one piece */
    gen_lines(&b, PIECE / 2 + 4096, "\n", 1);
    check_pieces(tmp, "just-over.txt", &b, 1);
    /* below it: left to the whole-file reader */
    gen_lines(&b, PIECE / 2 - 4096, "\n", 0);
    check_pieces(tmp, "below.txt", &b, 0);
    kj_buf_free(&b);
}

/* A paragraph whose wrapped lines run across the first piece's end, and
 * multi-byte characters cut by the first 1 MiB read. */
static void test_text_pieces_boundaries(void **state) {
    const char *tmp = *state;
    kj_buf b = KJ_BUF_INIT;
    /* Latin and Japanese wrapped lines of one paragraph around 1 MiB */
    gen_lines(&b, PIECE - 3000, "\n", 0);
    kj_buf_puts(&b, "\n");
    for (int k = 0; b.len < PIECE + 3000; k++)
        kj_buf_printf(&b, k % 2 ? "情報を守る体制%d\n" : "secu-\nrity %d\n", k);
    kj_buf_puts(&b, "\n");
    gen_lines(&b, PIECE + PIECE / 4, "\n", 0);
    size_t n = check_pieces(tmp, "paragraph-across.txt", &b, 1);
    assert_true(n > 100);
    /* a 3-byte character cut 1 | 2 and a 4-byte one cut 3 | 1 */
    const char *chars[] = {"情", "\xF0\x9F\x94\x92"}; /* U+1F512 */
    const size_t before[] = {1, 3};
    for (int c = 0; c < 2; c++) {
        gen_lines(&b, PIECE - 1000, "\n", 1);
        size_t cl = strlen(chars[c]);
        while (b.len < PIECE - before[c] - 50 * cl) /* the 51st character starts there */
            kj_buf_putc(&b, 'a');
        for (int k = 0; k < 200; k++)
            kj_buf_puts(&b, chars[c]);
        assert_memory_equal(b.data + PIECE - before[c], chars[c], cl);
        kj_buf_puts(&b, "\n");
        gen_lines(&b, PIECE + PIECE / 4, "\n", 1);
        check_pieces(tmp, c ? "four-byte-across.txt" : "three-byte-across.txt", &b, 1);
    }
    kj_buf_free(&b);
}

/* One line longer than a piece (the buffer grows): after the first piece,
 * and as the file's first line. */
static void test_text_pieces_long_line(void **state) {
    const char *tmp = *state;
    kj_buf b = KJ_BUF_INIT;
    for (int first = 0; first < 2; first++) {
        if (!first) gen_lines(&b, PIECE * 3 / 4, "\n", 0);
        size_t end = b.len + PIECE + PIECE / 5;
        for (int k = 0; b.len < end; k++)
            kj_buf_puts(&b, k % 3 ? "長い行の続き " : "word ");
        kj_buf_puts(&b, "\n\n");
        gen_lines(&b, b.len + 100000, "\n", 1);
        size_t n = check_pieces(tmp, first ? "long-first-line.txt" : "long-line.txt", &b, 1);
        assert_true(n > 10);
    }
    kj_buf_free(&b);
}

/* Invalid UTF-8 after the first piece: the same error as reading the file
 * whole, naming the file and the byte. */
static void test_text_pieces_invalid(void **state) {
    const char *tmp = *state;
    kj_buf b = KJ_BUF_INIT;
    const char *bad[] = {"\xFF", "\xE6\x83 "}; /* a stray byte; a cut sequence */
    for (int k = 0; k < 4; k++) {
        if (k >= 2) kj_buf_puts(&b, "\xEF\xBB\xBF");
        gen_lines(&b, PIECE + PIECE / 8, "\n", k % 2);
        size_t at = b.len;
        kj_buf_puts(&b, bad[k % 2]);
        gen_lines(&b, PIECE + PIECE / 3, "\n", k % 2);
        char name[32];
        snprintf(name, sizeof name, "invalid-%d.txt", k);
        const char *path = write_big(tmp, name, &b);
        kj_document *d = NULL;
        kj_error whole, front;
        assert_int_equal(read_whole(path, &b, &d, &whole), KJ_ERR_FORMAT);
        int done = -1;
        assert_null(read_pieces(path, &done));
        assert_int_equal(done, 0);
        kj_error_clear(&front);
        assert_int_equal(kj_ingest_file(path, NULL, &d, &front), KJ_ERR_FORMAT);
        assert_null(d);
        assert_string_equal(front.msg, whole.msg);
        char want[64];
        snprintf(want, sizeof want, "invalid UTF-8 at byte %zu", k >= 2 ? at - 3 : at);
        if (!strstr(front.msg, path) || !strstr(front.msg, want))
            fail_msg("%s: \"%s\" lacks \"%s\"", name, front.msg, want);
        unlink(path);
        kj_buf_reset(&b);
    }
    kj_buf_free(&b);
}

static int pieces_setup(void **state) {
    static char tmp[32];
    snprintf(tmp, sizeof tmp, "/tmp/kj-pieces-XXXXXX");
    if (!mkdtemp(tmp)) return -1;
    *state = tmp;
    return 0;
}

static int pieces_teardown(void **state) {
    return rmdir(*state);
}

int main(void) {
    /* fixtures are found relative to this source tree, wherever the test runs */
    const char *src = __FILE__;
    const char *cut = strstr(src, "tests/unit/");
    if (cut && src[0] == '/')
        snprintf(fixdir, sizeof fixdir, "%.*stests/fixtures/ingest", (int)(cut - src), src);
    else
        snprintf(fixdir, sizeof fixdir, "%s", FIXDIR);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_format),
        cmocka_unit_test(test_text_encodings),
        cmocka_unit_test(test_text_eucjp_extensions),
        cmocka_unit_test(test_bom_encoding),
        cmocka_unit_test(test_text_utf16_japanese_no_bom),
        cmocka_unit_test(test_text_line_ends),
        cmocka_unit_test(test_text_forced_encoding),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_text_utf8_memory),
        cmocka_unit_test(test_document_release_blocks),
        cmocka_unit_test(test_text_paragraph_ends),
        cmocka_unit_test(test_text_double_spaced),
        cmocka_unit_test(test_text_paged),
        cmocka_unit_test(test_text_two_pages),
        cmocka_unit_test(test_text_dashed_page_numbers),
        cmocka_unit_test(test_control_characters_dropped),
        cmocka_unit_test(test_html_site_chrome),
        cmocka_unit_test(test_text_markdown),
        cmocka_unit_test(test_text_one_line_short),
        cmocka_unit_test(test_text_heading_over_paragraph),
        cmocka_unit_test(test_text_one_line_paragraph),
        cmocka_unit_test(test_text_list_items),
        cmocka_unit_test(test_text_numbered_items),
        cmocka_unit_test(test_text_title),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_html_stepped),
        cmocka_unit_test(test_docx_stepped),
        cmocka_unit_test(test_html_hand_wrapped),
        cmocka_unit_test(test_html_cell_br),
        cmocka_unit_test(test_html_cell_br_offsets),
        cmocka_unit_test(test_html_cell_paragraphs),
        cmocka_unit_test(test_html_cell_paragraphs_stepped),
        cmocka_unit_test(test_html_cell_paragraph_br_end),
        cmocka_unit_test(test_html_body_paragraph_br_end),
        cmocka_unit_test(test_html_cell_paragraph_headings),
        cmocka_unit_test(test_starts_entry),
        cmocka_unit_test(test_html_hand_cut),
        cmocka_unit_test(test_html_lines_as_paragraphs),
        cmocka_unit_test(test_html_katakana_cut),
        cmocka_unit_test(test_latin_goes_on_by_hand),
        cmocka_unit_test(test_html_lines_joined_many),
        cmocka_unit_test(test_html_lines_after_short),
        cmocka_unit_test(test_html_block_lines),
        cmocka_unit_test(test_html_table_cells),
        cmocka_unit_test(test_html_risk_table),
        cmocka_unit_test(test_html_risk_labels),
        cmocka_unit_test(test_html_data_tables),
        cmocka_unit_test(test_html_hidden),
        cmocka_unit_test(test_html_sup_ruby),
        cmocka_unit_test(test_html_sjis_and_wrong_extension),
        cmocka_unit_test(test_html_stray_byte),
        cmocka_unit_test(test_html_title_spaces),
        cmocka_unit_test(test_html_ixbrl_title),
        cmocka_unit_test(test_generated_titles),
        cmocka_unit_test(test_ix_name_title),
        cmocka_unit_test(test_sec_cover_title),
        cmocka_unit_test(test_html_heading_br),
        cmocka_unit_test(test_html_bold_figures),
        cmocka_unit_test(test_html_bare_numbers),
        cmocka_unit_test(test_html_stale_charset),
        cmocka_unit_test(test_html_hostile),
        cmocka_unit_test(test_edinet),
        cmocka_unit_test(test_edinet_cover_title),
        cmocka_unit_test(test_edinet_section_names),
        cmocka_unit_test(test_edinet_section_file_alone),
        cmocka_unit_test(test_zip_bomb),
        cmocka_unit_test(test_zip_limit_together),
        cmocka_unit_test(test_pdf),
        cmocka_unit_test(test_pdf_file_titles),
        cmocka_unit_test(test_pdf_hyphens),
        cmocka_unit_test(test_text_hyphens),
        cmocka_unit_test(test_join_line_hyphens),
        cmocka_unit_test(test_pdf_columns),
        cmocka_unit_test(test_pdf_vertical),
        cmocka_unit_test(test_pdf_outline),
        cmocka_unit_test(test_pdf_inset),
        cmocka_unit_test(test_circled_number),
        cmocka_unit_test(test_list_number),
        cmocka_unit_test(test_numbering_then_figure),
        cmocka_unit_test(test_pdf_letterspaced),
        cmocka_unit_test(test_pdf_stand_ins),
        cmocka_unit_test(test_stand_ins_read),
        cmocka_unit_test(test_pdf_italic_heading),
        cmocka_unit_test(test_pdf_numbered),
        cmocka_unit_test(test_pdf_page_numbers),
        cmocka_unit_test(test_pdf_bullets),
        cmocka_unit_test(test_pdf_marked),
        cmocka_unit_test(test_pdf_hand_cut),
        cmocka_unit_test(test_pdf_hand_cut_paragraphs),
        cmocka_unit_test(test_pdf_hand_cut_english),
        cmocka_unit_test(test_pdf_hand_cut_pages),
        cmocka_unit_test(test_pdf_note_marks),
        cmocka_unit_test(test_pdf_bare_pages),
        cmocka_unit_test(test_pdf_bold_marks),
        cmocka_unit_test(test_pdf_table_rows),
        cmocka_unit_test(test_pdf_cell_gaps),
        cmocka_unit_test(test_pdf_foot_figures),
        cmocka_unit_test(test_pdf_cell_wraps),
        cmocka_unit_test(test_pdf_grid_rows),
        cmocka_unit_test(test_pdf_grid_narrow_column),
        cmocka_unit_test(test_pdf_grid_row_label),
        cmocka_unit_test(test_pdf_edge_note),
        cmocka_unit_test(test_pdf_float_table),
        cmocka_unit_test(test_html_hand_cut_katakana),
        cmocka_unit_test(test_handwrap_katakana_kanji),
        cmocka_unit_test(test_handwrap_etc),
        cmocka_unit_test(test_pdf_errors),
        cmocka_unit_test(test_docx),
        cmocka_unit_test(test_docx_pages),
        cmocka_unit_test(test_docx_nested_table),
        cmocka_unit_test(test_docx_lines),
        cmocka_unit_test(test_docx_content_controls),
        cmocka_unit_test(test_docx_placeholders),
        cmocka_unit_test(test_pptx),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_too_large),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_markup_trim_values),
        cmocka_unit_test_setup_teardown(test_text_pieces_line_ends, pieces_setup, pieces_teardown),
        cmocka_unit_test_setup_teardown(test_text_pieces_boundaries, pieces_setup, pieces_teardown),
        cmocka_unit_test_setup_teardown(test_text_pieces_long_line, pieces_setup, pieces_teardown),
        cmocka_unit_test_setup_teardown(test_text_pieces_invalid, pieces_setup, pieces_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
