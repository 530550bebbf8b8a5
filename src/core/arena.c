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
    if (need > SIZE_MAX - sizeof(kj_chunk)) return NULL; /* overflow */
    size_t size = need > KJ_ARENA_CHUNK ? need : KJ_ARENA_CHUNK;
    kj_chunk *c = malloc(sizeof(kj_chunk) + size);
    if (!c) return NULL;
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

/* size bytes at the next multiple of align (a power of two) in the head
 * chunk, or in a new chunk when they do not fit. Aligned allocations keep
 * the 16-byte alignment chunk_new's data has; text and bytes (align 1) are
 * packed without padding. */
static void *bump(kj_arena *a, size_t size, size_t align) {
    if (!a) return NULL;
    if (size == 0) size = 1;
    kj_chunk *c = a->head;
    size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
    if (!c || at > c->size || c->size - at < size) {
        c = chunk_new(size);
        if (!c) return NULL;
        c->next = a->head;
        a->head = c;
        at = 0;
    }
    void *p = c->data + at;
    a->total += at + size - c->used;
    c->used = at + size;
    return p;
}

void *kj_arena_alloc_raw(kj_arena *a, size_t size) {
    return bump(a, size, KJ_ARENA_ALIGN);
}

void *kj_arena_alloc_bytes(kj_arena *a, size_t size) {
    return bump(a, size, 1);
}

void *kj_arena_alloc(kj_arena *a, size_t size) {
    void *p = kj_arena_alloc_raw(a, size);
    if (p) memset(p, 0, size ? size : 1);
    return p;
}

char *kj_arena_strndup(kj_arena *a, const char *s, size_t len) {
    if (len == SIZE_MAX) return NULL;
    char *p = kj_arena_alloc_bytes(a, len + 1); /* every byte written below */
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

void kj_arena_release(kj_arena *a, void *p, size_t size) {
    if (!a || !p) return;
    if (size == 0) size = 1;
    for (kj_chunk **at = &a->head; *at; at = &(*at)->next) {
        kj_chunk *c = *at;
        if ((void *)c->data != p) continue;
        if (c->used != size) return; /* the chunk holds more than p */
        *at = c->next;
        a->total -= c->used;
        free(c);
        return;
    }
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
