/*
 * arena.c - a bump allocator for everything that belongs to one document:
 * blocks, passages, normalised text, matches, evidence. Allocation is a
 * pointer increment; the whole arena is freed at once when the document is.
 */
#include "kaiji/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KJ_ARENA_CHUNK (64 * 1024)
#define KJ_ARENA_ALIGN 16

typedef struct kj_chunk {
    struct kj_chunk *next;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
} kj_chunk;

struct kj_arena {
    kj_chunk *head;
    size_t total;
};

kj_arena *kj_arena_new(void) {
    return calloc(1, sizeof(kj_arena));
}

static kj_chunk *chunk_new(size_t need) {
    size_t size = need > KJ_ARENA_CHUNK ? need : KJ_ARENA_CHUNK;
    kj_chunk *c = malloc(sizeof(kj_chunk) + size);
    if (!c) return NULL;
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

void *kj_arena_alloc_raw(kj_arena *a, size_t size) {
    if (!a) return NULL;
    if (size == 0) size = 1;
    size_t asize = (size + KJ_ARENA_ALIGN - 1) & ~(size_t)(KJ_ARENA_ALIGN - 1);
    if (asize < size) return NULL; /* overflow */
    kj_chunk *c = a->head;
    if (!c || c->size - c->used < asize) {
        c = chunk_new(asize);
        if (!c) return NULL;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += asize;
    a->total += asize;
    return p;
}

void *kj_arena_alloc(kj_arena *a, size_t size) {
    void *p = kj_arena_alloc_raw(a, size);
    if (p) memset(p, 0, size ? size : 1);
    return p;
}

char *kj_arena_strndup(kj_arena *a, const char *s, size_t len) {
    char *p = kj_arena_alloc_raw(a, len + 1); /* every byte written below */
    if (!p) return NULL;
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *kj_arena_strdup(kj_arena *a, const char *s) {
    return s ? kj_arena_strndup(a, s, strlen(s)) : NULL;
}

char *kj_arena_printf(kj_arena *a, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    char *p = kj_arena_alloc(a, (size_t)n + 1);
    if (!p) return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void *kj_arena_grow(kj_arena *a, void *items, size_t n, size_t *cap, size_t elem) {
    if (n < *cap) return items;
    size_t nc = *cap ? *cap * 2 : 32;
    if (nc < *cap || nc > SIZE_MAX / elem) return NULL;
    void *v = kj_arena_alloc(a, nc * elem);
    if (!v) return NULL;
    if (n) memcpy(v, items, n * elem);
    *cap = nc;
    return v;
}

void kj_arena_reset(kj_arena *a) {
    if (!a || !a->head) return;
    /* keep the oldest chunk (usually one ordinary 64 KiB chunk) for reuse */
    kj_chunk *c = a->head;
    while (c->next) {
        kj_chunk *n = c->next;
        free(c);
        c = n;
    }
    c->used = 0;
    a->head = c;
    a->total = 0;
}

size_t kj_arena_used(const kj_arena *a) {
    return a ? a->total : 0;
}

void kj_arena_free(kj_arena *a) {
    if (!a) return;
    kj_chunk *c = a->head;
    while (c) {
        kj_chunk *n = c->next;
        free(c);
        c = n;
    }
    free(a);
}
