/*
 * test_pdf_order.c - unit tests of how the PDF reader puts a page's blocks
 * in the order the page sets them (src/ingest/pdf_order.c): a table MuPDF
 * gives before the text above it moves to its place, its lines marked
 * moved and their text moved in the pool with them; pages set in columns,
 * a note's mark set small and read last, vertical text and a page of more
 * blocks than are looked at keep MuPDF's order. The lines are made here,
 * boxes and fictional text, as MuPDF's structured text would give them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "ingest/pdf_internal.h"

/* Body text's size in the lines made here. */
#define BODY 10.0f

/* Append a line of text to l: on page (0-based), in MuPDF block block, its
 * box x0..x1 across and its top at y (a line BODY high), set at size. */
static void add(lines *l, const char *text, int page, int block, float x0, float x1, float y,
                float size) {
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        assert_non_null(l->v);
    }
    size_t off = l->pool.len;
    assert_int_equal(kj_buf_append(&l->pool, text, strlen(text)), KJ_OK);
    l->v[l->n++] = (pline){.off = off,
                           .len = (uint32_t)strlen(text),
                           .x0 = x0,
                           .y0 = y,
                           .x1 = x1,
                           .y1 = y + BODY,
                           .size = size,
                           .page = page,
                           .block = block,
                           .nchars = (int)strlen(text)};
}

/* The texts of l's lines in order, joined by '|', into out (size n). */
static const char *texts(const lines *l, char *out, size_t n) {
    size_t at = 0;
    out[0] = 0;
    for (size_t i = 0; i < l->n && at < n; i++)
        at += (size_t)snprintf(out + at, n - at, "%s%.*s", i ? "|" : "", (int)l->v[i].len,
                               l->pool.data + l->v[i].off);
    return out;
}

static void drop(lines *l) {
    kj_buf_free(&l->pool);
    free(l->v);
}

/* Each line's text follows the text of the line before it in the pool. */
static void assert_packed(const lines *l) {
    for (size_t i = 1; i < l->n; i++)
        assert_int_equal(l->v[i].off, l->v[i - 1].off + l->v[i - 1].len);
}

/* A table read before the heading and the paragraph above it goes after
 * them, before the note under it: its lines marked moved, the others not,
 * and the text of each line in the pool in the new order. The second page,
 * read in order, keeps it. */
static void test_table_read_first(void **state) {
    (void)state;
    lines l = {.pool = KJ_BUF_INIT};
    add(&l, "Measure", 0, 0, 72, 120, 200, BODY);
    add(&l, "2024", 0, 0, 400, 430, 200, BODY);
    add(&l, "Drills held", 0, 1, 72, 140, 214, BODY);
    add(&l, "6", 0, 1, 424, 430, 214, BODY);
    add(&l, "Training", 0, 2, 72, 200, 100, 16);
    add(&l, "The committee compared the drills", 0, 3, 72, 430, 140, BODY);
    add(&l, "of the two years.", 0, 3, 72, 200, 154, BODY);
    add(&l, "Figures are for the group.", 0, 4, 72, 300, 240, BODY);
    add(&l, "Next page", 1, 0, 72, 300, 100, BODY);
    add(&l, "Its table", 1, 1, 72, 300, 130, BODY);
    assert_true(kj_pdf_follow_page_order(&l, BODY));
    char got[512];
    assert_string_equal(texts(&l, got, sizeof got),
                        "Training|The committee compared the drills|of the two years.|Measure|2024|"
                        "Drills held|6|Figures are for the group.|Next page|Its table");
    static const bool moved[] = {false, false, false, true, true, true, true, false, false, false};
    for (size_t i = 0; i < l.n; i++)
        assert_int_equal(l.v[i].moved, moved[i]);
    assert_packed(&l);
    drop(&l);
}

/* Two tables read first, with a note and a sub-heading between them on the
 * page: each goes to its own place. */
static void test_two_tables(void **state) {
    (void)state;
    lines l = {.pool = KJ_BUF_INIT};
    add(&l, "First table", 0, 0, 72, 300, 150, BODY);
    add(&l, "Second table", 0, 1, 72, 300, 250, BODY);
    add(&l, "Heading", 0, 2, 72, 200, 100, BODY);
    add(&l, "Note under the first table", 0, 3, 72, 400, 180, BODY);
    add(&l, "Sub-heading", 0, 4, 72, 200, 220, BODY);
    add(&l, "Closing paragraph", 0, 5, 72, 400, 300, BODY);
    assert_true(kj_pdf_follow_page_order(&l, BODY));
    char got[512];
    assert_string_equal(texts(&l, got, sizeof got),
                        "Heading|First table|Note under the first table|Sub-heading|Second "
                        "table|Closing paragraph");
    assert_packed(&l);
    drop(&l);
}

/* A page in two columns, the right one read after the left and starting
 * higher than the left one's foot, keeps its order: the columns share no
 * width. So does a page whose note marks, set small, are read last above
 * the text. */
static void test_columns_and_marks_stay(void **state) {
    (void)state;
    lines l = {.pool = KJ_BUF_INIT};
    add(&l, "Left top", 0, 0, 72, 280, 100, BODY);
    add(&l, "Left foot", 0, 1, 72, 280, 700, BODY);
    add(&l, "Right top", 0, 2, 310, 520, 100, BODY);
    add(&l, "Right foot", 0, 3, 310, 520, 700, BODY);
    add(&l, "A row of a table", 1, 0, 72, 400, 300, BODY);
    add(&l, "The text below it", 1, 1, 72, 400, 320, BODY);
    add(&l, "(1)", 1, 2, 200, 210, 296, 6);
    assert_true(kj_pdf_follow_page_order(&l, BODY));
    char got[512];
    assert_string_equal(texts(&l, got, sizeof got), "Left top|Left foot|Right top|Right foot|A "
                                                    "row of a table|The text below it|(1)");
    for (size_t i = 0; i < l.n; i++)
        assert_false(l.v[i].moved);
    drop(&l);
}

/* A page with vertical text, and a page of more blocks than are looked at
 * (each compared with each other), are read as MuPDF gives them, though a
 * block on them is read before the text above it. */
static void test_left_alone(void **state) {
    (void)state;
    lines l = {.pool = KJ_BUF_INIT};
    add(&l, "Table", 0, 0, 72, 300, 300, BODY);
    add(&l, "Heading", 0, 1, 72, 300, 100, BODY);
    add(&l, "縦書き", 0, 2, 500, 510, 100, BODY);
    l.v[2].vertical = true;
    add(&l, "Table", 1, 0, 72, 300, 700, BODY);
    for (int b = 1; b <= 2000; b++)
        add(&l, "x", 1, b, 72, 80, 100 + (float)b * 0.01f, BODY);
    size_t n = l.n;
    assert_true(kj_pdf_follow_page_order(&l, BODY));
    assert_int_equal(l.n, n);
    char got[64];
    assert_true(strncmp(texts(&l, got, sizeof got), "Table|Heading|縦書き|Table|x|x|", 34) == 0);
    drop(&l);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_read_first),
        cmocka_unit_test(test_two_tables),
        cmocka_unit_test(test_columns_and_marks_stay),
        cmocka_unit_test(test_left_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
