/*
 * examples.c - good examples for what a document lacks: the cases of the
 * collection that disclose a given element, so a suggestion ("add 7.2:
 * incident-response exercises") can point to how others have written it.
 * Cases labelled with the element come first, then cases of its item that
 * carry no element labels (the guide's worked examples are filed by item);
 * within each, the guide's own examples before the rest.
 */
#include <string.h>

#include "kaiji/store.h"

/* 1 when the comma-separated list has the element id as one of its entries. */
static int has_element(const char *list, const char *id) {
    size_t n = strlen(id);
    for (const char *p = list; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        while (len && *p == ' ')
            p++, len--;
        if (len == n && strncmp(p, id, n) == 0) return 1;
        p = comma ? comma + 1 : NULL;
    }
    return 0;
}

kj_status kj_store_cases_for_element(kj_store *s, int element, size_t limit, kj_arena *arena,
                                     kj_case **out, size_t *n, kj_error *err) {
    *out = NULL;
    *n = 0;
    int item = kj_element_item(element);
    if (item == 0) return kj_error_set(err, KJ_ERR_ARG, "no element %d", element);
    kj_case *all;
    size_t total;
    kj_status st = kj_store_case_list(s, item, NULL, arena, &all, &total, err);
    if (st != KJ_OK) return st;
    kj_case *pick = kj_arena_alloc(arena, (limit ? limit : 1) * sizeof *pick);
    if (!pick) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    const char *id = kj_element_id(element);
    /* pass 0/1: labelled with the element (guide, others); 2/3: unlabelled */
    for (int pass = 0; pass < 4; pass++)
        for (size_t i = 0; i < total && *n < limit; i++) {
            int guide = all[i].source == KJ_CASE_GUIDE;
            int labelled = all[i].elements && all[i].elements[0];
            int fits = pass < 2 ? has_element(all[i].elements, id) : !labelled;
            if (guide != (pass % 2 == 0) || !fits) continue;
            pick[(*n)++] = all[i];
        }
    *out = pick;
    return KJ_OK;
}
