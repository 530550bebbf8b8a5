/*
 * grow.c - the heap counterpart of kj_arena_grow: room for one more
 * element at the end of a heap array that doubles its capacity when full,
 * so that each growing array of libkaiji does not write the loop itself.
 */
#include "kaiji/common.h"

#include <stdint.h>
#include <stdlib.h>

void *kj_grow(void *items, size_t n, size_t *cap, size_t elem, size_t first_cap) {
    if (n < *cap) return items;
    size_t nc = *cap ? *cap * 2 : first_cap;
    if (nc <= *cap || nc > SIZE_MAX / elem) return NULL; /* doubling or nc * elem overflows */
    void *v = realloc(items, nc * elem);
    if (!v) return NULL;
    *cap = nc;
    return v;
}
