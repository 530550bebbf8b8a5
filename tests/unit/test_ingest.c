/*
 * test_ingest.c - unit tests of the ingest stage (src/ingest): every format
 * and encoding on the fixtures in tests/fixtures/ingest (made by
 * tools/make-ingest-fixtures.py from fictional text), the errors a user can
 * meet (empty, junk, wrong extension, encrypted, truncated, scanned, too
 * large, zip bomb) and the offsets later stages rely on.
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

#include "kaiji/ingest.h"

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

static void test_text_encodings(void **state) {
    (void)state;
    check_sample_text("sample-utf8.txt", "UTF-8");
    check_sample_text("sample-utf8-bom.txt", "UTF-8");
    check_sample_text("sample-sjis.txt", "CP932");
    check_sample_text("sample-eucjp.txt", "EUC-JP");
    check_sample_text("sample-utf16le-bom.txt", "UTF-16LE");
    check_sample_text("sample-utf16be.txt", "UTF-16BE");
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

static void test_html(void **state) {
    (void)state;
    kj_document *d = ingest_ok("sample.html", NULL);
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

/* Write nested <div><b> depth levels, a text and a huge attribute; ingest it. */
static kj_document *nested_html(int depth) {
    char path[] = "/tmp/kj-test-deepXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("<html><body>", f);
    for (int i = 0; i < depth; i++)
        fputs("<div><b>", f);
    fputs("deep text<p title=\"", f);
    for (int i = 0; i < 300000; i++)
        fputc('a', f);
    fputs("\">after</p></body></html>", f);
    fclose(f);
    kj_ingest_options o = {.format = KJ_FORMAT_HTML};
    kj_document *d = NULL;
    kj_error err;
    kj_status st = kj_ingest_file(path, &o, &d, &err);
    unlink(path);
    assert_int_equal(st, KJ_OK); /* libxml2 stops at its depth limit; we must not crash */
    return d;
}

static void test_html_hostile(void **state) {
    (void)state;
    kj_document *d = nested_html(100);
    assert_true(find(d, "deep text") >= 0);
    assert_true(find(d, "after") >= 0);
    kj_document_free(d);
    kj_document_free(nested_html(50000));
}

static void check_edinet(const char *name) {
    kj_document *d = ingest_ok(name, NULL);
    assert_int_equal(d->format, KJ_FORMAT_EDINET);
    assert_int_equal(d->n_blocks, 6);
    assert_string_equal(d->blocks[0].section, "0000000");
    assert_string_equal(d->blocks[2].section, "0101010");
    assert_string_equal(d->blocks[5].section, "0102010");
    assert_string_equal(d->blocks[5].text, "当社はサイバー攻撃に備え、CSIRTを設置しています。");
    assert_int_equal(d->blocks[4].kind, KJ_BLOCK_HEADING);
    assert_string_equal(d->title, "【表紙】");
    assert_int_equal(find(d, "JUNK"), -1);
    assert_int_equal(find(d, "AUDITTEXT"), -1);
    kj_document_free(d);
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
    kj_error err;
    assert_int_equal(ingest_err("not-a-docx.docx", NULL, &err), KJ_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "not a DOCX"));
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

int main(void) {
    /* fixtures are found relative to this source tree, wherever the test runs */
    const char *src = __FILE__;
    const char *cut = strstr(src, "tests/unit/");
    if (cut && src[0] == '/')
        snprintf(fixdir, sizeof fixdir, "%.*stests/fixtures/ingest", (int)(cut - src), src);
    else
        snprintf(fixdir, sizeof fixdir, "%s", FIXDIR);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_encodings), cmocka_unit_test(test_text_forced_encoding),
        cmocka_unit_test(test_offsets),        cmocka_unit_test(test_text_utf8_memory),
        cmocka_unit_test(test_html),           cmocka_unit_test(test_html_sjis_and_wrong_extension),
        cmocka_unit_test(test_html_hostile),   cmocka_unit_test(test_edinet),
        cmocka_unit_test(test_zip_bomb),       cmocka_unit_test(test_pdf),
        cmocka_unit_test(test_pdf_errors),     cmocka_unit_test(test_docx),
        cmocka_unit_test(test_bad_inputs),     cmocka_unit_test(test_too_large),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
