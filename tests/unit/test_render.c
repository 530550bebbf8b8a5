/*
 * test_render.c - how output is written: a passage's place for people
 * (render/location.c: section, page or line, and the heading it sits under
 * or the run-in heading it opens with; long names cut at a character
 * boundary, never inside a character or between a letter and its marks, and
 * a location cut short by a small buffer still valid UTF-8); JSON strings
 * and numbers that stay valid JSON whatever the text (core/buf.c,
 * render/json.c); and text for a terminal (core/term.c): no control
 * character written raw, widths in columns for CJK, cuts at whole
 * characters; and the Excel workbook (render/xlsx.c): its sheets and rows,
 * text from the document written as strings, never formulas, without
 * control characters, cut to what a cell holds.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <unistd.h>
#include <zip.h>

#include "helpers.h"
#include "kaiji/common.h"
#include "render/render_internal.h"

static kj_passage passage(const char *text, int page, int line, const char *section,
                          const char *heading, const char *lead) {
    kj_passage p;
    memset(&p, 0, sizeof p);
    p.text = text;
    p.len = strlen(text);
    p.page = page;
    p.line = line;
    p.section = section;
    p.heading = heading;
    p.lead = lead;
    p.index = 6;
    return p;
}

static void test_location_parts(void **state) {
    (void)state;
    char loc[KJ_LOCATION_MAX];
    kj_passage p = passage("本文", 12, 0, NULL, "（3）情報セキュリティ", NULL);
    assert_int_equal(kj_render_location(&p, loc, sizeof loc), 0);
    assert_string_equal(loc, "p.12 “（3）情報セキュリティ”");
    p = passage("本文", 0, 157, "0102010", "③ サイバーセキュリティに関するリスク", NULL);
    kj_render_location(&p, loc, sizeof loc);
    assert_string_equal(loc, "§0102010 line 157 “③ サイバーセキュリティに関するリスク”");
    p = passage("Text.", 0, 0, "Item 1C. Cybersecurity:", "Governance", NULL);
    kj_render_location(&p, loc, sizeof loc);
    assert_string_equal(loc, "§Item 1C. Cybersecurity “Governance”");
    p = passage("Text.", 0, 40, NULL, NULL, NULL);
    kj_render_location(&p, loc, sizeof loc);
    assert_string_equal(loc, "line 40");
    p = passage("Text.", 0, 0, NULL, NULL, NULL);
    kj_render_location(&p, loc, sizeof loc);
    assert_string_equal(loc, "passage 7");
}

/* A run-in heading is named instead of the heading above it, and the
 * excerpt may start after it and its separator. */
static void test_location_run_in_heading(void **state) {
    (void)state;
    char loc[KJ_LOCATION_MAX];
    const char *text = "Vendor Oversight \xE2\x80\x93 We assess every supplier.";
    kj_passage p =
        passage(text, 0, 0, "Item 1C. Cybersecurity", "Risk Management", "Vendor Oversight");
    assert_int_equal(kj_render_location(&p, loc, sizeof loc), 1);
    assert_string_equal(loc, "§Item 1C. Cybersecurity “Vendor Oversight”");
    assert_string_equal(text + kj_render_after_lead(&p), "We assess every supplier.");
    /* a paragraph that follows the run-in heading does not open with it */
    p = passage("We review them yearly.", 0, 0, NULL, NULL, "Vendor Oversight");
    assert_int_equal(kj_render_location(&p, loc, sizeof loc), 1);
    assert_int_equal(kj_render_after_lead(&p), 0);
}

/* Whether s is valid UTF-8 with no split character at its end. */
static int whole_utf8(const char *s) {
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
        if (k == 0 || i + k > n) return 0;
        for (size_t j = 1; j < k; j++)
            if (((unsigned char)s[i + j] & 0xC0) != 0x80) return 0;
        i += k;
    }
    return 1;
}

/* Long names are cut at 40 characters with an ellipsis; a buffer too small
 * for the whole location gets a shorter one, never a split character. */
static void test_location_cut(void **state) {
    (void)state;
    const char *heading =
        "情報セキュリティに関するリスクとその対応策についての当社グループの基本的な考え方"
        "と具体的な取組みの内容";
    kj_passage p = passage("本文", 3, 0, "0102010", heading, NULL);
    char loc[KJ_LOCATION_MAX];
    kj_render_location(&p, loc, sizeof loc);
    assert_non_null(strstr(loc, "…”"));
    assert_true(whole_utf8(loc));
    for (size_t size = 1; size < 64; size++) {
        char small[64];
        memset(small, 'x', sizeof small);
        kj_render_location(&p, small, size);
        assert_true(strlen(small) < size);
        assert_true(whole_utf8(small));
    }
}

/* A heading cut at 40 characters keeps the marks of its 40th: か and the
 * combining semi-voiced mark (U+309A, which has no precomposed form) stay
 * together, as do an emoji and its modifier. */
static void test_location_cut_keeps_marks(void **state) {
    (void)state;
    char loc[KJ_LOCATION_MAX];
    /* 39 characters, then か゚ and more */
    const char *heading =
        "情報セキュリティに関するリスクとその対応策についての当社グループの基本的なあい"
        "\xE3\x81\x8B\xE3\x82\x9A"
        "の取組み";
    kj_passage p = passage("本文", 3, 0, NULL, heading, NULL);
    kj_render_location(&p, loc, sizeof loc);
    assert_string_equal(
        loc, "p.3 “情報セキュリティに関するリスクとその対応策についての当社グループの基本的なあい"
             "\xE3\x81\x8B\xE3\x82\x9A…”");
    /* a thumbs-up with its skin tone (U+1F44D U+1F3FD) as the 40th */
    const char *emoji = "0123456789012345678901234567890123456789"; /* 40 ASCII */
    char h[128];
    snprintf(h, sizeof h, "%.39s\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD tail", emoji);
    p = passage("本文", 3, 0, NULL, h, NULL);
    kj_render_location(&p, loc, sizeof loc);
    assert_non_null(strstr(loc, "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD…”"));
}

/* ---- JSON ------------------------------------------------------------- */

static char *json_of(const char *s, size_t len) {
    kj_buf b = KJ_BUF_INIT;
    assert_int_equal(kj_buf_json_string(&b, s, len), KJ_OK);
    return kj_buf_steal(&b);
}

/* Invalid UTF-8 (a file name in Shift_JIS or Latin-1, a section file's
 * name in a filing) is written as U+FFFD, one for each byte the decoder
 * refuses, so that the JSON is valid UTF-8; valid text, U+2028 and
 * four-byte characters included, is written as it is; controls escaped. */
static void test_json_string_invalid_utf8(void **state) {
    (void)state;
    static const char in[] = "a\xFF"
                             "b\xED\xA0\x80"
                             "c\xC0\xAF"
                             "d\xF0\x9F\x98";
    char *j = json_of(in, sizeof in - 1);
    assert_true(kj_utf8_valid(j, strlen(j)));
    assert_string_equal(j, "\"a\xEF\xBF\xBD"
                           "b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                           "c\xEF\xBF\xBD\xEF\xBF\xBD"
                           "d\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
    free(j);
    /* a long text with one bad byte at its end (past the 16-byte steps) */
    char longer[100];
    memset(longer, 'x', sizeof longer);
    longer[98] = '\x9B';
    longer[99] = '"';
    j = json_of(longer, sizeof longer);
    assert_true(kj_utf8_valid(j, strlen(j)));
    assert_non_null(strstr(j, "x\xEF\xBF\xBD\\\"\""));
    free(j);
    static const char ok[] =
        "\xE6\x83\x85\xE5\xA0\xB1\xE2\x80\xA8\xF0\x9F\x98\x80 \x1B[2J\x07\x00z";
    j = json_of(ok, sizeof ok - 1);
    assert_string_equal(j, "\"\xE6\x83\x85\xE5\xA0\xB1\xE2\x80\xA8\xF0\x9F\x98\x80 "
                           "\\u001b[2J\\u0007\\u0000z\"");
    free(j);
}

/* JSON has no NaN or infinity: a score that is not a number is null. */
static void test_json_numbers_finite(void **state) {
    (void)state;
    kj_classification c;
    memset(&c, 0, sizeof c);
    c.primary = 2;
    c.items[0] = 2;
    c.n_items = 1;
    c.scores[2] = 0.5f;
    c.scores[3] = NAN;
    c.scores[4] = INFINITY;
    c.scores[5] = -INFINITY;
    kj_evidence ev = {
        .item = 2, .element = -1, .term = "CISO", .start = 0, .end = 4, .weight = NAN};
    c.evidence = &ev;
    c.n_evidence = 1;
    kj_buf b = KJ_BUF_INIT;
    kj_buf_putc(&b, '{');
    kj_render_classification_json(&b, &c);
    kj_buf_putc(&b, '}');
    assert_null(strstr(b.data, "nan"));
    assert_null(strstr(b.data, "inf"));
    assert_non_null(strstr(b.data, "\"2\": 0.500, \"3\": null, \"4\": null, \"5\": null"));
    assert_non_null(strstr(b.data, "\"weight\": null}"));
    kj_buf_free(&b);
}

/* ---- terminal --------------------------------------------------------- */

/* What kj_term_write writes of the len bytes at s (lines as given). */
static char *term_of(const char *s, size_t len, int lines) {
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    assert_non_null(f);
    kj_term_write(f, s, len, lines);
    fclose(f);
    return out;
}

/* Escape sequences (retitle the window, clear the screen), BEL, DEL and
 * the C1 controls (U+009B is CSI) never reach the terminal: each is '?';
 * invalid UTF-8 is U+FFFD; tab and newline are kept only where lines may
 * break (lines). */
static void test_term_write_controls(void **state) {
    (void)state;
    static const char in[] = "a\x1B]0;pwned\x07"
                             "b\x1B[2J\tc\nd\x7F\xC2\x9B"
                             "e\xFF\xE6\x83\x85\r";
    char *t = term_of(in, sizeof in - 1, 0);
    assert_string_equal(t, "a?]0;pwned?b?[2J?c?d??e\xEF\xBF\xBD\xE6\x83\x85?");
    free(t);
    t = term_of(in, sizeof in - 1, 1);
    assert_string_equal(t, "a?]0;pwned?b?[2J\tc\nd??e\xEF\xBF\xBD\xE6\x83\x85?");
    free(t);
    /* the bidirectional overrides, embeddings and isolates are '?' too (a
     * name holding U+202E shows the rest of its line backwards); the marks
     * LRM and RLM, which reorder nothing of their own, are kept */
    static const char bidi[] = "x\xE2\x80\xAE"
                               "fdp.exe\xE2\x80\xAC|\xE2\x81\xA6"
                               "a\xE2\x81\xA9\xE2\x80\xAA\xE2\x80\x8E"
                               "b\xE2\x80\x8F";
    t = term_of(bidi, sizeof bidi - 1, 1);
    assert_string_equal(t, "x?fdp.exe?|?a??\xE2\x80\x8E"
                           "b\xE2\x80\x8F");
    free(t);
    /* ordinary text is written as it is, byte for byte */
    static const char plain[] = "情報セキュリティ委員会 (CISO) か\xE3\x82\x9A 😀 “引用” – ①";
    t = term_of(plain, sizeof plain - 1, 0);
    assert_string_equal(t, plain);
    free(t);
}

/* Columns: CJK and full-width characters take two, combining marks none,
 * what kj_term_write replaces one. */
static void test_term_width(void **state) {
    (void)state;
    assert_int_equal(kj_term_width("abc", 3), 3);
    assert_int_equal(kj_term_width("日本語", strlen("日本語")), 6);
    assert_int_equal(kj_term_width("利用者・メディア", strlen("利用者・メディア")), 16);
    assert_int_equal(kj_term_width("ＡＢ１", strlen("ＡＢ１")), 6);
    assert_int_equal(kj_term_width("e\xCC\x81", 3), 1);
    assert_int_equal(kj_term_width("\xE3\x81\x8B\xE3\x82\x9A", 6), 2);
    assert_int_equal(kj_term_width("\x1B\xFF", 2), 2);
    assert_int_equal(kj_term_width("\xE2\x80\xAE", 3), 1); /* written as '?' */
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    kj_term_pad(f, "日本", 6);
    fputc('|', f);
    kj_term_pad(f, "ab", 6);
    fputc('|', f);
    kj_term_pad(f, "abcdefgh", 4); /* too wide: all of it, as %-4s */
    fputc('|', f);
    kj_term_pad(f, NULL, 2);
    fputc('|', f);
    fclose(f);
    assert_string_equal(out, "日本  |ab    |abcdefgh|  |");
    free(out);
    /* kj_term_fit: cut to the width with "…" where too wide, a wide
     * character that would cross the edge left out and its column padded */
    f = open_memstream(&out, &n);
    kj_term_fit(f, "abcdefgh", 4);
    fputc('|', f);
    kj_term_fit(f, "株式会社日本", 6);
    fputc('|', f);
    kj_term_fit(f, "株式会社日本", 7);
    fputc('|', f);
    kj_term_fit(f, "ab", 4);
    fputc('|', f);
    kj_term_fit(f, "\x1B[2Jabcdef", 4); /* an escape still written as '?' */
    fputc('|', f);
    kj_term_fit(f, NULL, 2);
    fputc('|', f);
    fclose(f);
    assert_string_equal(out, "abc…|株式… |株式会…|ab  |?[2…|  |");
    free(out);
}

/* A cut after n code points goes on to the end of the character the
 * reader sees: combining marks, an emoji's modifier and ZWJ sequence, a
 * flag's second regional indicator; never inside a UTF-8 sequence. */
static void test_utf8_cut(void **state) {
    (void)state;
    const char *ka = "abc\xE3\x81\x8B\xE3\x82\x9AX"; /* abcか゚X */
    assert_int_equal(kj_utf8_cut(ka, strlen(ka), 4), 9);
    assert_int_equal(kj_utf8_cut(ka, strlen(ka), 3), 3);
    assert_int_equal(kj_utf8_cut(ka, strlen(ka), 5), 9);
    assert_int_equal(kj_utf8_cut(ka, strlen(ka), 6), 10);
    assert_int_equal(kj_utf8_cut(ka, strlen(ka), 60), 10);
    assert_int_equal(kj_utf8_cut(ka, strlen(ka), 0), 0);
    const char *e = "e\xCC\x81\xCC\x82"
                    "f";
    assert_int_equal(kj_utf8_cut(e, strlen(e), 1), 5);
    const char *faces = "😀😀😀";
    assert_int_equal(kj_utf8_cut(faces, strlen(faces), 2), 8);
    /* 👩‍👩‍👧: one character of five code points */
    const char *family =
        "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7!";
    assert_int_equal(kj_utf8_cut(family, strlen(family), 1), 18);
    /* 🇯🇵🇺🇸: two flags of two regional indicators each */
    const char *flags = "\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8";
    assert_int_equal(kj_utf8_cut(flags, 16, 1), 8);
    assert_int_equal(kj_utf8_cut(flags, 16, 2), 8);
    assert_int_equal(kj_utf8_cut(flags, 16, 3), 16);
    /* a letter under 100 marks: cut after 30 of them */
    char zalgo[1 + 200 + 1];
    zalgo[0] = 'e';
    for (int i = 0; i < 100; i++)
        memcpy(zalgo + 1 + 2 * i, "\xCC\x81", 2);
    zalgo[201] = 'z';
    assert_int_equal(kj_utf8_cut(zalgo, sizeof zalgo, 1), 1 + 2 * 30);
    /* invalid bytes are characters of one byte each, as kj_utf8_decode steps */
    assert_int_equal(kj_utf8_cut("\xFF\xFE\xCC\x81z", 5, 1), 1);
    assert_int_equal(kj_utf8_cut("\xE6\x83", 2, 1), 1);
}

/* n letters 'a' and a NUL, in arena: a passage longer than a cell holds. */
static char *letters(kj_arena *arena, size_t n) {
    char *t = kj_arena_alloc(arena, n + 1);
    assert_non_null(t);
    memset(t, 'a', n);
    t[n] = '\0';
    return t;
}

/* The text of member name of the zip at path, NUL-terminated (malloc'd). */
static char *zip_member(const char *path, const char *name) {
    int ze = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &ze);
    assert_non_null(z);
    zip_stat_t st;
    assert_int_equal(zip_stat(z, name, 0, &st), 0);
    char *buf = malloc(st.size + 1);
    assert_non_null(buf);
    zip_file_t *f = zip_fopen(z, name, 0);
    assert_non_null(f);
    assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
    buf[st.size] = '\0';
    zip_fclose(f);
    zip_close(z);
    return buf;
}

/* A batch of two documents written as a workbook: a row per document in
 * "Documents" and "Coverage", a row per passage about the topic (and with
 * all_passages every passage), the lint's findings and the suggestions;
 * text that starts like a formula stays a string, control characters
 * become spaces, a passage longer than a cell holds is cut with "…", and
 * a failed batch leaves no file. */
static void test_xlsx_workbook(void **state) {
    (void)state;
    char dir[256], path[300];
    kj_test_tmpdir(dir, sizeof dir, "kj-xlsx");
    snprintf(path, sizeof path, "%s/book.xlsx", dir);
    kj_arena *arena = kj_arena_new();
    assert_non_null(arena);
    char *longtext = letters(arena, 40000);
    kj_document d = {.path = "reports/acme.pdf",
                     .title = "Acme\x01Report\xef\xbf\xbf",
                     .company = "Acme",
                     .format = KJ_FORMAT_PDF,
                     .n_pages = 3,
                     .arena = arena};
    kj_passage ps[3] = {passage("=HYPERLINK(\"http://x\")", 1, 0, NULL, "Risk", NULL),
                        passage("Lunch menu.", 2, 0, NULL, NULL, NULL),
                        passage(longtext, 3, 0, NULL, NULL, NULL)};
    kj_classification cls[3];
    memset(cls, 0, sizeof cls);
    kj_evidence ev = {.item = 4, .element = 8, .term = "ransomware", .start = 0, .end = 10};
    cls[0].primary = 4;
    cls[0].items[0] = 4;
    cls[0].n_items = 1;
    cls[0].scores[4] = 0.91f;
    cls[0].evidence = &ev;
    cls[0].n_evidence = 1;
    cls[2].primary = 5;
    cls[2].items[0] = 5;
    cls[2].n_items = 1;
    kj_doc_analysis a = {.doc = &d, .passages = {ps, 3, NULL, 0}, .cls = cls, .lang = KJ_LANG_EN};
    a.item_passages[4] = a.item_passages[5] = 1;
    a.relevant_passages = 2;
    int spec[3] = {2, 1, 1};
    kj_suggestion sug = {.element = 0,
                         .item = 1,
                         .kind = "missing",
                         .text = "State a policy.",
                         .guide_ref = "guide 3(3)"};
    kj_assessment as = {.lang = KJ_LANG_EN,
                        .year = 2024,
                        .spec = spec,
                        .n_passages = 3,
                        .coverage_score = 42,
                        .suggestions = &sug,
                        .n_suggestions = 1};
    as.items[4].level = 2;
    as.elements[8].level = 3;
    kj_lint_finding fd = {.rule = "ip-address",
                          .severity = KJ_SEV_ERROR,
                          .text = "192.0.2.1",
                          .message = "an address",
                          .line = 7};
    kj_lint_result lint = {.items = &fd, .n = 1};
    lint.by_severity[KJ_SEV_ERROR] = 1;

    kj_xlsx *x = NULL;
    kj_error err;
    assert_int_equal(kj_xlsx_open(path, NULL, KJ_LANG_AUTO, &x, &err), KJ_OK);
    assert_int_equal(access(path, F_OK), -1); /* nothing written before the end */
    assert_int_equal(kj_xlsx_add(x, &a, &as, &lint, NULL, &err), KJ_OK);
    kj_render_options all = {.all_passages = 1};
    d.path = "reports/beta.pdf";
    assert_int_equal(kj_xlsx_add(x, &a, NULL, NULL, &all, &err), KJ_OK);
    assert_int_equal(kj_xlsx_close(x, &err), KJ_OK);

    char *book = zip_member(path, "xl/workbook.xml");
    assert_non_null(strstr(book, "name=\"Documents\"")); /* the first document's language */
    assert_non_null(strstr(book, "name=\"Suggestions\""));
    free(book);
    char *docs = zip_member(path, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(docs, "reports/acme.pdf"));
    assert_non_null(strstr(docs, "reports/beta.pdf"));
    assert_non_null(strstr(docs, "Acme Report\xef\xbf\xbd")); /* a space, U+FFFD */
    xmlDoc *xml = xmlReadMemory(docs, (int)strlen(docs), "sheet1.xml", NULL, XML_PARSE_NONET);
    assert_non_null(xml); /* XML a spreadsheet can read */
    xmlFreeDoc(xml);
    assert_non_null(strstr(docs, "<v>2024</v>"));
    free(docs);
    char *cov = zip_member(path, "xl/worksheets/sheet2.xml");
    assert_non_null(strstr(cov, "4 Risk identification"));
    free(cov);
    char *pass = zip_member(path, "xl/worksheets/sheet3.xml");
    assert_null(strstr(pass, "<f>")); /* no formula, ever */
    assert_non_null(strstr(pass, "=HYPERLINK"));
    assert_non_null(strstr(pass, "ransomware"));
    assert_non_null(strstr(pass, "<v>0.91</v>"));
    /* the lunch menu only in the second document's rows (all passages) */
    const char *lunch = strstr(pass, "Lunch menu.");
    assert_non_null(lunch);
    assert_null(strstr(lunch + 1, "Lunch menu."));
    assert_true(lunch > strstr(pass, "reports/beta.pdf"));
    /* the long passage cut to a cell's room, twice (one per document) */
    const char *cut = strstr(pass, "aaaa…");
    assert_non_null(cut);
    assert_null(strstr(pass, "aaaaaaaaaa…aaaa"));
    free(pass);
    char *sens = zip_member(path, "xl/worksheets/sheet4.xml");
    assert_non_null(strstr(sens, "192.0.2.1"));
    assert_non_null(strstr(sens, "ip-address"));
    free(sens);
    char *sugg = zip_member(path, "xl/worksheets/sheet5.xml");
    assert_non_null(strstr(sugg, "State a policy."));
    assert_non_null(strstr(sugg, "1.1"));
    free(sugg);

    /* discarded: no file */
    unlink(path);
    assert_int_equal(kj_xlsx_open(path, NULL, KJ_LANG_JA, &x, &err), KJ_OK);
    assert_int_equal(kj_xlsx_add(x, &a, &as, &lint, NULL, &err), KJ_OK);
    kj_xlsx_discard(x);
    assert_int_equal(access(path, F_OK), -1);
    /* a directory that is not there: an error naming the file */
    snprintf(path, sizeof path, "%s/no/such/book.xlsx", dir);
    assert_int_equal(kj_xlsx_open(path, NULL, KJ_LANG_JA, &x, &err), KJ_OK);
    assert_int_not_equal(kj_xlsx_close(x, &err), KJ_OK);
    assert_non_null(strstr(err.msg, "book.xlsx"));
    kj_arena_free(arena);
    kj_test_rmtree(dir);
}

/* A document's passages as CSV: a title row in English, every text field
 * quoted with its quotes doubled, records ended by CRLF with a line break
 * kept inside its field, numbers bare, a text that a spreadsheet would run
 * as a formula given a ' first, control characters spaces, invalid UTF-8
 * U+FFFD, no cut; only the table asked for; and a byte order mark when
 * asked. */
static void test_csv_table(void **state) {
    (void)state;
    kj_arena *arena = kj_arena_new();
    assert_non_null(arena);
    char *longtext = letters(arena, 40000);
    kj_document d = {.path = "in \"q\".pdf", .format = KJ_FORMAT_PDF, .arena = arena};
    kj_passage ps[4] = {passage("=HYPERLINK(\"http://x\")", 1, 0, NULL, "Risk, plan", NULL),
                        passage("one\ntwo\x01three\xff", 2, 0, NULL, NULL, NULL),
                        passage("-list", 2, 0, NULL, NULL, NULL),
                        passage(longtext, 3, 0, NULL, NULL, NULL)};
    kj_classification cls[4];
    memset(cls, 0, sizeof cls);
    for (int i = 0; i < 4; i++) {
        cls[i].primary = i == 2 ? 0 : 4;
        cls[i].items[0] = 4;
        cls[i].n_items = i == 2 ? 0 : 1;
    }
    cls[0].scores[4] = 0.91f;
    kj_doc_analysis a = {.doc = &d, .passages = {ps, 4, NULL, 0}, .cls = cls, .lang = KJ_LANG_JA};
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    assert_non_null(f);
    kj_csv *c = NULL;
    kj_error err;
    assert_int_equal(kj_csv_open(f, KJ_TABLE_PASSAGES, 0, &c, &err), KJ_OK);
    assert_int_equal(kj_csv_add(c, &a, NULL, NULL, NULL, &err), KJ_OK);
    kj_csv_close(c);
    fclose(f);
    assert_memory_equal(out, "\"File\",\"Location\",\"Page\",", 25);
    assert_non_null(strstr(out, "\"Evidence\",\"Text\"\r\n\"in \"\"q\"\".pdf\",\"p.1 "));
    assert_non_null(strstr(out, ",\"Risk, plan\",4,\"4\",,,0,0,0,0,0.91,"));
    assert_non_null(strstr(out, ",\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"));
    assert_non_null(strstr(out, ",\"one\ntwo three\xef\xbf\xbd\"\r\n"));
    assert_null(strstr(out, "-list")); /* not about the topic: with all_passages only */
    assert_non_null(strstr(out, "aaa\"\r\n"));
    assert_null(strstr(out, "…"));
    /* 23 fields on every record: 22 commas outside quotes */
    int fields = 1, quoted = 0, records = 0;
    for (size_t i = 0; i < n; i++) {
        if (out[i] == '"') quoted = !quoted;
        if (!quoted && out[i] == ',') fields++;
        if (!quoted && out[i] == '\n') {
            assert_int_equal(fields, 23);
            fields = 1;
            records++;
        }
    }
    assert_int_equal(records, 4);
    free(out);

    /* all passages, the coverage table, a byte order mark */
    kj_render_options all = {.all_passages = 1};
    f = open_memstream(&out, &n);
    assert_int_equal(kj_csv_open(f, KJ_TABLE_PASSAGES, 1, &c, &err), KJ_OK);
    assert_int_equal(kj_csv_add(c, &a, NULL, NULL, &all, &err), KJ_OK);
    kj_csv_close(c);
    fclose(f);
    assert_memory_equal(out, "\xEF\xBB\xBF\"File\"", 9);
    assert_non_null(strstr(out, ",\"'-list\"\r\n"));
    free(out);
    kj_assessment as = {.coverage_score = 42};
    as.items[4].level = 2;
    f = open_memstream(&out, &n);
    assert_int_equal(kj_csv_open(f, KJ_TABLE_COVERAGE, 0, &c, &err), KJ_OK);
    assert_int_equal(kj_csv_add(c, &a, &as, NULL, NULL, &err), KJ_OK);
    kj_csv_close(c);
    fclose(f);
    assert_non_null(strstr(out, "\"4 Risk identification and planning\""));
    assert_non_null(strstr(out, "\r\n\"in \"\"q\"\".pdf\",,42,0,0,0,2,0,"));
    assert_null(strstr(out, "HYPERLINK")); /* the passages are another table's */
    free(out);
    assert_int_equal(kj_table_parse("suggestions"), KJ_TABLE_SUGGESTIONS);
    assert_int_equal(kj_table_parse("passage"), -1);
    assert_int_not_equal(kj_csv_open(stdout, KJ_N_TABLES, 0, &c, &err), KJ_OK);
    kj_arena_free(arena);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_location_parts),
        cmocka_unit_test(test_location_run_in_heading),
        cmocka_unit_test(test_location_cut),
        cmocka_unit_test(test_location_cut_keeps_marks),
        cmocka_unit_test(test_json_string_invalid_utf8),
        cmocka_unit_test(test_json_numbers_finite),
        cmocka_unit_test(test_term_write_controls),
        cmocka_unit_test(test_term_width),
        cmocka_unit_test(test_utf8_cut),
        cmocka_unit_test(test_xlsx_workbook),
        cmocka_unit_test(test_csv_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
