/*
 * test_render.c - how a passage's place is written for people
 * (render/location.c): section, page or line, and the heading it sits
 * under or the run-in heading it opens with; long names cut at a character
 * boundary, and a location cut short by a small buffer still valid UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_location_parts),
        cmocka_unit_test(test_location_run_in_heading),
        cmocka_unit_test(test_location_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
