/*
 * test_grow.c - unit tests of kj_grow (grow.c), the heap array that
 * doubles when full: an empty array gets its first capacity, a full one
 * twice its capacity with its elements kept, one with room is handed back
 * as it is, and a capacity whose doubling or size in bytes would overflow
 * a size_t is refused with the array and its capacity left alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kaiji/common.h"

static void test_grow_from_empty(void **state) {
    (void)state;
    size_t cap = 0;
    int *v = kj_grow(NULL, 0, &cap, sizeof *v, 8);
    assert_non_null(v);
    assert_int_equal(cap, 8);
    v[7] = 1; /* all of the first capacity is there (ASan would tell) */
    free(v);
}

static void test_grow_room_left(void **state) {
    (void)state;
    size_t cap = 8;
    int *v = malloc(cap * sizeof *v);
    assert_non_null(v);
    assert_ptr_equal(kj_grow(v, 7, &cap, sizeof *v, 4), v);
    assert_int_equal(cap, 8);
    free(v);
}

static void test_grow_doubles_and_keeps(void **state) {
    (void)state;
    size_t cap = 0, n = 0;
    unsigned *v = NULL;
    size_t caps[8], grew = 0;
    for (unsigned k = 0; k < 100; k++) {
        size_t was = cap;
        unsigned *w = kj_grow(v, n, &cap, sizeof *v, 4);
        assert_non_null(w);
        if (cap != was) caps[grew++] = cap;
        v = w;
        v[n++] = k * 7u + 3u;
    }
    const size_t want[] = {4, 8, 16, 32, 64, 128};
    assert_int_equal(grew, sizeof want / sizeof *want);
    for (size_t i = 0; i < grew; i++)
        assert_int_equal(caps[i], want[i]);
    for (unsigned k = 0; k < 100; k++)
        assert_int_equal(v[k], k * 7u + 3u);
    free(v);
}

/* Overflows are refused before realloc is asked: the array is untouched. */
static void test_grow_refuses_overflow(void **state) {
    (void)state;
    char *v = malloc(4);
    assert_non_null(v);
    memcpy(v, "abc", 4);

    size_t cap = SIZE_MAX / 2 + 1; /* doubling wraps to 0 */
    assert_null(kj_grow(v, cap, &cap, 1, 4));
    assert_int_equal(cap, SIZE_MAX / 2 + 1);

    cap = 4; /* 8 elements of SIZE_MAX / 4 bytes do not fit */
    assert_null(kj_grow(v, 4, &cap, SIZE_MAX / 4, 4));
    assert_int_equal(cap, 4);

    cap = 0; /* the first capacity in bytes does not fit */
    assert_null(kj_grow(v, 0, &cap, SIZE_MAX / 2, 3));
    assert_int_equal(cap, 0);

    assert_string_equal(v, "abc");
    free(v);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grow_from_empty),
        cmocka_unit_test(test_grow_room_left),
        cmocka_unit_test(test_grow_doubles_and_keeps),
        cmocka_unit_test(test_grow_refuses_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
