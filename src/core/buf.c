/*
 * buf.c - kj_buf, a growable NUL-terminated byte string used to build
 * output (JSON, text reports) and to accumulate extracted text.
 */
#include "kaiji/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static kj_status buf_grow(kj_buf *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap) return KJ_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) return KJ_ERR_NOMEM;
        cap *= 2;
    }
    char *d = realloc(b->data, cap);
    if (!d) return KJ_ERR_NOMEM;
    b->data = d;
    b->cap = cap;
    return KJ_OK;
}

kj_status kj_buf_append(kj_buf *b, const char *s, size_t len) {
    if (buf_grow(b, len) != KJ_OK) return KJ_ERR_NOMEM;
    if (len) memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
    return KJ_OK;
}

kj_status kj_buf_puts(kj_buf *b, const char *s) {
    return kj_buf_append(b, s, strlen(s));
}

kj_status kj_buf_putc(kj_buf *b, char c) {
    return kj_buf_append(b, &c, 1);
}

kj_status kj_buf_printf(kj_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return KJ_ERR_INTERNAL;
    if (buf_grow(b, (size_t)n) != KJ_OK) return KJ_ERR_NOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return KJ_OK;
}

kj_status kj_buf_json_string(kj_buf *b, const char *s, size_t len) {
    kj_status st = kj_buf_putc(b, '"');
    for (size_t i = 0; i < len && st == KJ_OK; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':
            st = kj_buf_append(b, "\\\"", 2);
            break;
        case '\\':
            st = kj_buf_append(b, "\\\\", 2);
            break;
        case '\n':
            st = kj_buf_append(b, "\\n", 2);
            break;
        case '\r':
            st = kj_buf_append(b, "\\r", 2);
            break;
        case '\t':
            st = kj_buf_append(b, "\\t", 2);
            break;
        default:
            if (c < 0x20)
                st = kj_buf_printf(b, "\\u%04x", c);
            else
                st = kj_buf_putc(b, (char)c);
        }
    }
    return st == KJ_OK ? kj_buf_putc(b, '"') : st;
}

void kj_buf_reset(kj_buf *b) {
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

void kj_buf_free(kj_buf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *kj_buf_steal(kj_buf *b) {
    char *d = b->data;
    if (!d) d = calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}
