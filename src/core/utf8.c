/*
 * utf8.c - the few UTF-8 primitives every stage needs: decode one code
 * point, encode, count, skip, validate, cut at a whole character (grapheme
 * cluster, by utf8proc), and the rule for what a line break
 * in running text stands for (and joining a wrapped line by it). Invalid sequences decode to U+FFFD
 * one byte at a time so hostile input never stalls a loop. Counting, skipping
 * and validating take 16-byte blocks of ASCII and plain three-byte
 * (Japanese) characters at once where the CPU has SSE2 (32-byte blocks where
 * it has AVX2), and agree with the one-at-a-time decoder on every input.
 */
#include "kaiji/common.h"
#include "core/wide.h"

#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

size_t kj_utf8_decode_slow(const char *str, size_t len, int32_t *cp) {
    const unsigned char *s = (const unsigned char *)str;
    if (len == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    int32_t v, min;
    if ((c & 0xE0) == 0xC0) {
        n = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (len < n) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return n;
}

int32_t kj_utf8_last(const char *s, size_t len) {
    if (len == 0) return 0;
    size_t i = len - 1;
    while (i > 0 && len - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    int32_t cp;
    kj_utf8_decode(s + i, len - i, &cp);
    return cp;
}

int kj_is_sentence_stop(int32_t cp) {
    return cp == 0x3002 || cp == 0xFF0E || cp == 0xFF01 || cp == 0xFF1F || cp == '.' || cp == '!' ||
           cp == '?';
}

int kj_is_digit(int32_t cp) {
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

int kj_is_cjk(int32_t cp) {
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
           (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

static int is_latin_letter(int32_t cp) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0x24F);
}

/* Whether the len bytes at s end with digits after a dot leader or a space:
 * the page number of a table of contents' entry (「教育……8」, "Policy 4"),
 * which the next entry does not go on from. */
static int ends_page_number(const char *s, size_t len) {
    size_t n = len;
    while (n && s[n - 1] >= '0' && s[n - 1] <= '9')
        n--;
    if (n == len || n == 0) return 0;
    int32_t c = kj_utf8_last(s, n);
    return c == '.' || c == ' ' || c == 0x2026 || c == 0x2025 || c == 0x30FB || c == 0x3000;
}

kj_break kj_line_break(const char *s, size_t len, int32_t next) {
    int32_t last = kj_utf8_last(s, len);
    int32_t before = last == '-' && len >= 2 ? kj_utf8_last(s, len - 1) : 0;
    if (last == '-' && next >= 'a' && next <= 'z' && is_latin_letter(before))
        return KJ_BREAK_HYPHEN;
    /* a hyphen that joins names, numbers or capitals stays, and the two
     * halves with it: ACME-CERT, Wi-Fi, COVID-19, 2019-2020 */
    if (last == '-' && (is_latin_letter(before) || (before >= '0' && before <= '9')) &&
        ((next >= 'A' && next <= 'Z') || (next >= '0' && next <= '9')))
        return KJ_BREAK_NOTHING;
    /* Japanese wraps its lines anywhere and never means a space by it, also
     * beside a digit or a Latin word: 年1 / 回, 担当の / CSIRT; but a table
     * of contents' page number ends its entry (「教育……8」 / 「復旧……10」) */
    if (kj_is_cjk(next) && ends_page_number(s, len)) return KJ_BREAK_SPACE;
    if (kj_is_cjk(last) || kj_is_cjk(next)) return KJ_BREAK_NOTHING;
    return KJ_BREAK_SPACE;
}

kj_status kj_join_line(kj_buf *out, const char *line, size_t len) {
    return kj_join_line_hyphens(out, line, len, NULL);
}

size_t kj_utf8_encode(int32_t cp, char *out) {
    unsigned char *o = (unsigned char *)out;
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length of a sequence kj_utf8_decode certainly accepts whole at u (within
 * len): 8 for eight ASCII bytes, 3 for a three-byte character whose lead
 * rules out overlong forms and surrogates (E1..EC, EE, EF), 1 for one ASCII
 * byte; 0 when the full decoder must look. */
static size_t easy_run(const unsigned char *u, size_t len) {
    if (len >= 8) {
        uint64_t x;
        memcpy(&x, u, 8);
        if (!(x & 0x8080808080808080ull)) return 8;
    }
    if (u[0] < 0x80) return 1;
    if (len >= 3 && ((u[0] >= 0xE1 && u[0] <= 0xEC) || u[0] == 0xEE || u[0] == 0xEF) &&
        (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80)
        return 3;
    return 0;
}

/* Where easy_block and easy_block32 cut a block of n bytes (16 or 32),
 * from its bit masks of continuation bytes (cont), three-byte leads E1..EC,
 * EE, EF (l3) and other non-ASCII leads (other): the last q > 0 with a
 * non-continuation byte at q, nothing owed to q, and every byte before q
 * good; 0 when there is none. */
static inline __attribute__((always_inline)) unsigned block_cut(uint64_t cont, uint64_t l3,
                                                                uint64_t other, unsigned n) {
    uint64_t all = (1ull << n) - 1;
    uint64_t expect = ((l3 << 1) | (l3 << 2)) & all; /* the two bytes after a lead */
    uint64_t mism = cont ^ expect, bad = mism | other;
    unsigned first_bad = bad ? (unsigned)__builtin_ctzll(bad) : n;
    uint64_t cand = ~cont & ~mism & all & ~1ull & ((2ull << first_bad) - 1);
    return cand ? 63u - (unsigned)__builtin_clzll(cand) : 0;
}

#ifdef __SSE2__
/* Bytes of u[0, 16) within lo..hi, as a vector mask. */
static __m128i in_range(__m128i u, unsigned char lo, unsigned char hi) {
    __m128i c = _mm_min_epu8(_mm_max_epu8(u, _mm_set1_epi8((char)lo)), _mm_set1_epi8((char)hi));
    return _mm_cmpeq_epi8(c, u);
}

/* Set bits of a 16-bit mask (__builtin_popcount is a library call on
 * CPUs without popcnt, the baseline). */
static unsigned bits16(unsigned x) {
    x = x - ((x >> 1) & 0x5555u);
    x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
    x = (x + (x >> 4)) & 0x0F0Fu;
    return (x + (x >> 8)) & 0x1Fu;
}

/* The longest prefix [0, q) of the 16 bytes at u (q <= 15, or 16 when all
 * are ASCII) that is made of
 * ASCII and three-byte characters easy_run() would accept (leads E1..EC, EE,
 * EF, each followed by exactly two continuation bytes), cut at a character
 * boundary; *chars is its number of characters. u starts a character.
 * Returns 0 when there is no such prefix of one byte or more. */
static inline __attribute__((always_inline)) size_t easy_block(const unsigned char *u,
                                                               size_t *chars) {
    __m128i v = _mm_loadu_si128((const __m128i *)u);
    if (!_mm_movemask_epi8(v)) { /* all ASCII */
        *chars = 16;
        return 16;
    }
    unsigned cont = (unsigned)_mm_movemask_epi8(in_range(v, 0x80, 0xBF));
    __m128i l3v = _mm_or_si128(in_range(v, 0xE1, 0xEC), in_range(v, 0xEE, 0xEF));
    unsigned l3 = (unsigned)_mm_movemask_epi8(l3v);
    unsigned other = (unsigned)_mm_movemask_epi8(in_range(v, 0xC0, 0xFF)) & ~l3;
    unsigned q = block_cut(cont, l3, other, 16);
    if (q) *chars = q - bits16(cont & ((1u << q) - 1));
    return q;
}
#endif

size_t kj_next_ascii_in(const char *s, size_t len, size_t i, unsigned char lo1, unsigned char hi1,
                        unsigned char lo2, unsigned char hi2) {
    const unsigned char *u = (const unsigned char *)s;
#ifdef __SSE2__
    while (i + 16 <= len) {
        __m128i v = _mm_loadu_si128((const __m128i *)(u + i));
        unsigned bits =
            (unsigned)_mm_movemask_epi8(_mm_or_si128(in_range(v, lo1, hi1), in_range(v, lo2, hi2)));
        if (bits) return i + (size_t)__builtin_ctz(bits);
        i += 16;
    }
#endif
    while (i < len && !((u[i] >= lo1 && u[i] <= hi1) || (u[i] >= lo2 && u[i] <= hi2)))
        i++;
    return i;
}

#ifdef __x86_64__

/* Bytes of u[0, 32) within lo..hi, as a bit mask. */
static inline KJ_WIDE uint64_t in_range32(__m256i u, unsigned char lo, unsigned char hi) {
    __m256i c =
        _mm256_min_epu8(_mm256_max_epu8(u, _mm256_set1_epi8((char)lo)), _mm256_set1_epi8((char)hi));
    return (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, u));
}

/* easy_block over 32 bytes (q <= 31, or 32 when all are ASCII), for CPUs
 * with AVX2. */
static inline KJ_WIDE size_t easy_block32(const unsigned char *u, size_t *chars) {
    __m256i v = _mm256_loadu_si256((const __m256i *)u);
    if (!_mm256_movemask_epi8(v)) { /* all ASCII */
        *chars = 32;
        return 32;
    }
    uint64_t cont = in_range32(v, 0x80, 0xBF);
    uint64_t l3 = in_range32(v, 0xE1, 0xEC) | in_range32(v, 0xEE, 0xEF);
    uint64_t other = in_range32(v, 0xC0, 0xFF) & ~l3;
    unsigned q = block_cut(cont, l3, other, 32);
    if (q) *chars = q - (size_t)__builtin_popcountll(cont & ((1ull << q) - 1));
    return q;
}
#endif

/* The walks below take one step at a time: the wide versions (AVX2) try a
 * 32-byte block first and otherwise take the same step as the narrow ones,
 * which is written once here and inlined into both (KJ_UTF8_STEP), so each
 * is compiled for its own instruction set. */
#define KJ_UTF8_STEP static inline __attribute__((always_inline))

/* One step of counting from u[i]: a 16-byte block (SSE2), an ASCII run or
 * one character; adds the characters to *n, returns the next i. */
KJ_UTF8_STEP size_t count_step(const unsigned char *u, size_t len, size_t i, size_t *n) {
#ifdef __SSE2__
    if (len - i >= 16) {
        size_t c, q = easy_block(u + i, &c);
        if (q) {
            *n += c;
            return i + q;
        }
    }
#endif
    size_t k = easy_run(u + i, len - i);
    if (k) {
        *n += k == 8 ? 8 : 1;
        return i + k;
    }
    int32_t cp;
    (*n)++;
    return i + kj_utf8_decode((const char *)u + i, len - i, &cp);
}

/* One step of validating from s[i]: the next i, or 0 at an invalid sequence
 * (a step always moves forward, so 0 is never a next i). */
KJ_UTF8_STEP size_t valid_step(const char *s, size_t len, size_t i) {
#ifdef __SSE2__
    if (len - i >= 16) {
        size_t c, q = easy_block((const unsigned char *)s + i, &c);
        if (q) return i + q;
    }
#endif
    size_t e = easy_run((const unsigned char *)s + i, len - i);
    if (e) return i + e;
    int32_t cp;
    size_t k = kj_utf8_decode(s + i, len - i, &cp);
    /* a literal U+FFFD is valid; anything else decoding to it is not */
    if (cp == 0xFFFD && !(k == 3 && (unsigned char)s[i] == 0xEF &&
                          (unsigned char)s[i + 1] == 0xBF && (unsigned char)s[i + 2] == 0xBD))
        return 0;
    return i + k;
}

/* One step of skipping from s[i] with *k of n characters skipped so far;
 * *near set once a block held more characters than are left to skip: the
 * rest is then stepped one character at a time. */
KJ_UTF8_STEP size_t skip_step(const char *s, size_t len, size_t n, size_t i, size_t *k, int *near) {
#ifdef __SSE2__
    if (!*near && len - i >= 16) { /* taken when its characters are all to be skipped */
        size_t c, q = easy_block((const unsigned char *)s + i, &c);
        if (q && c <= n - *k) {
            *k += c;
            return i + q;
        }
        *near = q != 0;
    }
#else
    (void)near;
#endif
    int32_t cp;
    (*k)++;
    return i + kj_utf8_decode(s + i, len - i, &cp);
}

static size_t count_narrow(const char *s, size_t len) {
    size_t n = 0;
    for (size_t i = 0; i < len;)
        i = count_step((const unsigned char *)s, len, i, &n);
    return n;
}

static int valid_narrow(const char *s, size_t len) {
    for (size_t i = 0; i < len;)
        if (!(i = valid_step(s, len, i))) return 0;
    return 1;
}

static size_t skip_narrow(const char *s, size_t len, size_t n, size_t *done) {
    size_t i = 0, k = 0;
    int near = 0;
    while (i < len && k < n)
        i = skip_step(s, len, n, i, &k, &near);
    *done = k;
    return i;
}

#ifdef __x86_64__
static KJ_WIDE size_t count_wide(const char *s, size_t len) {
    const unsigned char *u = (const unsigned char *)s;
    size_t n = 0, i = 0;
    while (i < len) {
        size_t c, q = len - i >= 32 ? easy_block32(u + i, &c) : 0;
        if (q) {
            i += q;
            n += c;
        } else {
            i = count_step(u, len, i, &n);
        }
    }
    return n;
}

static KJ_WIDE int valid_wide(const char *s, size_t len) {
    size_t i = 0;
    while (i < len) {
        size_t c, q = len - i >= 32 ? easy_block32((const unsigned char *)s + i, &c) : 0;
        if (q)
            i += q;
        else if (!(i = valid_step(s, len, i)))
            return 0;
    }
    return 1;
}

/* The byte of the 32 at u (u starts a character) where character r
 * (0-based) of the first q starts, given that easy_block32 took q bytes
 * holding more than r characters: its r-th byte that is no continuation
 * byte, as every character of such a prefix is ASCII or three bytes. */
static inline KJ_WIDE size_t easy_char_at(const unsigned char *u, size_t q, size_t r) {
    __m256i v = _mm256_loadu_si256((const __m256i *)u);
    uint64_t starts = ~in_range32(v, 0x80, 0xBF) & ((1ull << q) - 1);
    for (; r; r--)
        starts &= starts - 1;
    return (size_t)__builtin_ctzll(starts);
}

static KJ_WIDE size_t skip_wide(const char *s, size_t len, size_t n, size_t *done) {
    size_t i = 0, k = 0;
    while (i < len && k < n) {
        const unsigned char *u = (const unsigned char *)s + i;
        size_t c, q = len - i >= 32 ? easy_block32(u, &c) : 0;
        if (q && c <= n - k) {
            i += q;
            k += c;
        } else if (q) { /* the last character to skip ends inside the block */
            i += easy_char_at(u, q, n - k);
            k = n;
        } else {
            int near = 1; /* one character: no block */
            i = skip_step(s, len, n, i, &k, &near);
        }
    }
    *done = k;
    return i;
}
#endif

/* The public walks: 32 bytes a step where the CPU has AVX2. */
#ifdef __x86_64__
#define KJ_UTF8_DISPATCH(wide, narrow) (kj_wide() ? (wide) : (narrow))
#else
#define KJ_UTF8_DISPATCH(wide, narrow) (narrow)
#endif

size_t kj_utf8_count(const char *s, size_t len) {
    return KJ_UTF8_DISPATCH(count_wide(s, len), count_narrow(s, len));
}

int kj_utf8_valid(const char *s, size_t len) {
    return KJ_UTF8_DISPATCH(valid_wide(s, len), valid_narrow(s, len));
}

size_t kj_utf8_count_past(const char *s, size_t len, size_t limit) {
    size_t bytes = limit < SIZE_MAX / 4 - 1 ? (limit + 1) * 4 : len;
    return kj_utf8_count(s, len < bytes ? len : bytes);
}

size_t kj_utf8_skip(const char *s, size_t len, size_t n, size_t *done) {
    return KJ_UTF8_DISPATCH(skip_wide(s, len, n, done), skip_narrow(s, len, n, done));
}

/* The most code points a cut goes on past the n-th to end its cluster (a
 * letter buried under thousands of marks is cut anyway): Unicode's
 * stream-safe text has at most 30 marks in a row. */
#define KJ_CUT_MARKS_MAX 30

size_t kj_utf8_cut(const char *s, size_t len, size_t n) {
    /* the clusters are followed from the start: whether two regional
     * indicators pair up depends on how many came before them */
    utf8proc_int32_t state = 0, prev = -1;
    size_t i = 0, k = 0;
    while (i < len) {
        int32_t cp;
        size_t step = kj_utf8_decode(s + i, len - i, &cp);
        int starts = prev < 0 || utf8proc_grapheme_break_stateful(prev, cp, &state);
        if (k >= n && (starts || k >= n + KJ_CUT_MARKS_MAX))
            break; /* cp starts the cluster after the n-th code point's */
        prev = cp;
        i += step;
        k++;
    }
    return i;
}

char *kj_arena_strcut(kj_arena *a, const char *s, size_t len, size_t n) {
    size_t cut = kj_utf8_cut(s, len, n);
    if (cut >= len) return kj_arena_strndup(a, s, len);
    return kj_arena_printf(a, "%.*s…", (int)cut, s);
}

int kj_has_letter(const char *s, size_t len) {
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return 1;
        if (i + 1 < len && ((c == 0xE3 && (unsigned char)s[i + 1] >= 0x81) ||
                            (c >= 0xE4 && c <= 0xE9))) /* kana, kanji */
            return 1;
        if (c == 0xEF && i + 2 < len) { /* full-width Ａ-Ｚ (EF BC A1-BA), ａ-ｚ (EF BD 81-9A) */
            unsigned char c1 = (unsigned char)s[i + 1], c2 = (unsigned char)s[i + 2];
            if ((c1 == 0xBC && c2 >= 0xA1 && c2 <= 0xBA) ||
                (c1 == 0xBD && c2 >= 0x81 && c2 <= 0x9A))
                return 1;
        }
    }
    return 0;
}
