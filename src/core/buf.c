/*
 * buf.c - kj_buf, a growable NUL-terminated byte string used to build
 * output (JSON, text reports) and to accumulate extracted text.
 */
#include "kaiji/common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static kj_status buf_grow(kj_buf *b, size_t extra) {
    if (b->data && b->len + extra + 1 <= b->cap) return KJ_OK;
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

kj_status kj_buf_append_grow(kj_buf *b, const char *s, size_t len) {
    if (buf_grow(b, len) != KJ_OK) return KJ_ERR_NOMEM;
    if (len) memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
    return KJ_OK;
}

/* Formats into the free space first and only measures (and formats again)
 * when the text does not fit: one vsnprintf for most calls. */
kj_status kj_buf_printf(kj_buf *b, const char *fmt, ...) {
    if (buf_grow(b, 64) != KJ_OK) return KJ_ERR_NOMEM;
    size_t room = b->cap - b->len;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->data + b->len, room, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->data[b->len] = '\0';
        return KJ_ERR_INTERNAL;
    }
    if ((size_t)n >= room) {
        if (buf_grow(b, (size_t)n) != KJ_OK) {
            b->data[b->len] = '\0';
            return KJ_ERR_NOMEM;
        }
        va_start(ap, fmt);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
    return KJ_OK;
}

/* The decimal digits of v, written backward so that they end at end, two
 * at a time from a table of "00".."99"; returns where they start. */
static char *digits_before(char *end, unsigned long long v) {
    static const char pairs[201] = "00010203040506070809101112131415161718192021222324252627282930"
                                   "31323334353637383940414243444546474849505152535455565758596061"
                                   "62636465666768697071727374757677787980818283848586878889909192"
                                   "93949596979899";
    char *p = end;
    while (v >= 100) {
        unsigned d = (unsigned)(v % 100);
        v /= 100;
        p -= 2;
        memcpy(p, pairs + 2 * d, 2);
    }
    if (v >= 10) {
        p -= 2;
        memcpy(p, pairs + 2 * v, 2);
    } else {
        *--p = (char)('0' + v);
    }
    return p;
}

/* How many decimal digits v has (1 for 0). */
static size_t digit_count(unsigned long long v) {
    size_t n = 1;
    for (unsigned long long t = 10; v >= t; t *= 10) {
        n++;
        if (n == 20) break; /* 10^19 is the last power below 2^64 */
    }
    return n;
}

/* Room for n more bytes (and the NUL) at the end of b: where they go, or
 * NULL when out of memory. The caller writes them, then counts them in
 * (done_number). */
static inline char *number_room(kj_buf *b, size_t n) {
    if (b->data && b->len + n + 1 <= b->cap) return b->data + b->len;
    return buf_grow(b, n) == KJ_OK ? b->data + b->len : NULL;
}

/* Count the n bytes written at number_room's place into b. */
static inline kj_status done_number(kj_buf *b, size_t n) {
    b->len += n;
    b->data[b->len] = '\0';
    return KJ_OK;
}

/* Append the digits of v, with a minus sign before them when neg. */
static inline kj_status put_digits(kj_buf *b, int neg, unsigned long long v) {
    size_t n = (size_t)neg + digit_count(v);
    char *p = number_room(b, n);
    if (!p) return KJ_ERR_NOMEM;
    if (neg) *p = '-';
    digits_before(p + n, v);
    return done_number(b, n);
}

kj_status kj_buf_put_uint(kj_buf *b, unsigned long long v) {
    return put_digits(b, 0, v);
}

/* |v|, LLONG_MIN's included. */
static unsigned long long magnitude(long long v) {
    return v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
}

kj_status kj_buf_put_int(kj_buf *b, long long v) {
    return put_digits(b, v < 0, magnitude(v));
}

size_t kj_format_int(char *out, long long v) {
    size_t n = (size_t)(v < 0) + digit_count(magnitude(v));
    if (v < 0) out[0] = '-';
    digits_before(out + n, magnitude(v));
    return n;
}

/* A float times 1000 is exact in a double (24 + 10 bits), so rounding it to
 * an integer (to nearest, ties to even, as printf rounds) gives the digits
 * printf("%.3f") prints; the sign is printed whenever it is set, "-0.000"
 * included. Values too large or not finite go through printf. */
kj_status kj_buf_put_fixed3(kj_buf *b, float f) {
    double x = (double)f * 1000.0;
    if (!isfinite(x) || fabs(x) >= 1e15) return kj_buf_printf(b, "%.3f", (double)f);
    unsigned long long r = (unsigned long long)nearbyint(fabs(x));
    unsigned frac = (unsigned)(r % 1000);
    int neg = signbit(f) ? 1 : 0;
    size_t n = (size_t)neg + digit_count(r / 1000) + 4;
    char *p = number_room(b, n);
    if (!p) return KJ_ERR_NOMEM;
    if (neg) *p = '-';
    char *dot = p + n - 4;
    digits_before(dot, r / 1000);
    dot[0] = '.';
    dot[1] = (char)('0' + frac / 100);
    dot[2] = (char)('0' + frac / 10 % 10);
    dot[3] = (char)('0' + frac % 10);
    return done_number(b, n);
}

/* Bytes that go into a JSON string as they are. */
static int json_plain(unsigned char c) {
    return c >= 0x20 && c != '"' && c != '\\';
}

/* The end of the run of plain bytes from i (16 bytes a step where the CPU
 * compares bytes in vectors; the last few bytes of a text of 16 or more in
 * one step too, from the 16 bytes that end it). */
static size_t plain_run(const unsigned char *u, size_t i, size_t len) {
#ifdef __SSE2__
    const __m128i ctl = _mm_set1_epi8(0x1F), quote = _mm_set1_epi8('"'),
                  bslash = _mm_set1_epi8('\\');
    while (i + 16 <= len) {
        __m128i v = _mm_loadu_si128((const __m128i *)(u + i));
        __m128i m = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits) return i + (size_t)__builtin_ctz(bits);
        i += 16;
    }
    if (i < len && len >= 16) {
        /* the last bytes: the 16 that end the text, those before i dropped */
        __m128i v = _mm_loadu_si128((const __m128i *)(u + len - 16));
        __m128i m = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)));
        unsigned bits = (unsigned)_mm_movemask_epi8(m) >> (i - (len - 16));
        return bits ? i + (size_t)__builtin_ctz(bits) : len;
    }
#endif
    while (i < len && json_plain(u[i]))
        i++;
    return i;
}

static kj_status json_escape(kj_buf *b, unsigned char c) {
    static const char hex[] = "0123456789abcdef";
    switch (c) {
    case '"':
        return kj_buf_append(b, "\\\"", 2);
    case '\\':
        return kj_buf_append(b, "\\\\", 2);
    case '\n':
        return kj_buf_append(b, "\\n", 2);
    case '\r':
        return kj_buf_append(b, "\\r", 2);
    case '\t':
        return kj_buf_append(b, "\\t", 2);
    default: {
        char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        return kj_buf_append(b, u, 6);
    }
    }
}

kj_status kj_buf_append_utf8(kj_buf *b, const char *s, size_t len) {
    kj_status st = KJ_OK;
    for (size_t i = 0; i < len && st == KJ_OK;) {
        int32_t cp;
        size_t n = kj_utf8_decode(s + i, len - i, &cp);
        int bad = cp == 0xFFFD && n == 1; /* a literal U+FFFD has three bytes */
        st = bad ? kj_buf_append(b, "\xEF\xBF\xBD", 3) : kj_buf_append(b, s + i, n);
        i += n;
    }
    return st;
}

/* Runs of plain bytes are copied whole; the rest are escaped one by one.
 * Text that is not valid UTF-8 is repaired first (the check is a fast scan;
 * a document's text is valid, a file name may not be). */
kj_status kj_buf_json_string(kj_buf *b, const char *s, size_t len) {
    if (len && !kj_utf8_valid(s, len)) {
        kj_buf fixed = KJ_BUF_INIT;
        kj_status st = kj_buf_append_utf8(&fixed, s, len);
        if (st == KJ_OK) st = kj_buf_json_string(b, fixed.data, fixed.len);
        kj_buf_free(&fixed);
        return st;
    }
    if (buf_grow(b, len + 2) != KJ_OK) return KJ_ERR_NOMEM;
    b->data[b->len++] = '"';
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    kj_status st = KJ_OK;
    while (i < len && st == KJ_OK) {
        size_t j = plain_run(u, i, len);
        if (j > i) st = kj_buf_append(b, s + i, j - i);
        if (j < len && st == KJ_OK) st = json_escape(b, u[j++]);
        i = j;
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
