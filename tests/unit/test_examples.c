/*
 * test_examples.c - unit tests of kj_store_cases_for_element: cases
 * labelled with the element come first, then unlabelled cases of its item;
 * the guide's worked examples before others; cases of other items never.
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

#include "kaiji/store.h"

static void add(kj_store *s, const char *key, int item, const char *els, kj_case_source src,
                const char *title) {
    kj_case c = {0};
    c.key = key;
    c.item = item;
    c.elements = els;
    c.source = src;
    c.title = title;
    c.body = "本文";
    int64_t id;
    int added;
    kj_error err = {0};
    assert_int_equal(kj_store_case_add(s, &c, &id, &added, &err), KJ_OK);
    assert_int_equal(added, 1);
}

static void test_cases_for_element(void **state) {
    (void)state;
    char path[] = "/tmp/kj-examples-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    kj_store *s;
    kj_error err = {0};
    assert_int_equal(kj_store_open(path, 0, &s, &err), KJ_OK);
    add(s, "a", 7, NULL, KJ_CASE_GUIDE, "guide item 7, unlabelled");
    add(s, "b", 7, "7.2", KJ_CASE_IMPORT, "imported, labelled 7.2");
    add(s, "c", 7, "7.1,7.2", KJ_CASE_GUIDE, "guide, labelled 7.1 and 7.2");
    add(s, "d", 3, "3.1", KJ_CASE_GUIDE, "other item");
    add(s, "e", 7, "7.1", KJ_CASE_IMPORT, "imported, labelled 7.1 only");
    kj_arena *a = kj_arena_new();
    kj_case *cs;
    size_t n;
    assert_int_equal(kj_store_cases_for_element(s, kj_element_parse("7.2"), 5, a, &cs, &n, &err),
                     KJ_OK);
    assert_int_equal(n, 3);
    assert_string_equal(cs[0].title, "guide, labelled 7.1 and 7.2");
    assert_string_equal(cs[1].title, "imported, labelled 7.2");
    assert_string_equal(cs[2].title, "guide item 7, unlabelled");
    assert_int_equal(kj_store_cases_for_element(s, kj_element_parse("7.2"), 1, a, &cs, &n, &err),
                     KJ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(kj_store_cases_for_element(s, kj_element_parse("10.1"), 5, a, &cs, &n, &err),
                     KJ_OK);
    assert_int_equal(n, 0);
    assert_int_equal(kj_store_cases_for_element(s, 99, 5, a, &cs, &n, &err), KJ_ERR_ARG);
    kj_arena_free(a);
    kj_store_close(s);
    unlink(path);
    char side[64];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_cases_for_element)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
