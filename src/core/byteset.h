/*
 * byteset.h - finding the next byte of a small set in text, sixteen bytes a
 * step where the CPU has SSE2: the segmenter's sentence-end candidates, the
 * contents test's cell ends. Inline, so that each caller's set (a static
 * const) folds into its compares as if written out there.
 */
#ifndef KJ_CORE_BYTESET_H
#define KJ_CORE_BYTESET_H

#include <stddef.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Bytes a scan stops at: any of the KJ_BYTESET_ONE bytes in one (a set of
 * fewer repeats one of its bytes in the spare places), or pair[0] when the
 * byte after it is pair[1] (a lead byte of UTF-8 told by its second;
 * pair[0] 0 for none). */
#define KJ_BYTESET_ONE 8
typedef struct {
    unsigned char one[KJ_BYTESET_ONE];
    unsigned char pair[2];
} kj_byteset;

/* Whether u[i] (of len bytes) is a byte of set. */
static inline int kj_in_byteset(const kj_byteset *set, const unsigned char *u, size_t len,
                                size_t i) {
    for (int k = 0; k < KJ_BYTESET_ONE; k++)
        if (u[i] == set->one[k]) return 1;
    return set->pair[0] && u[i] == set->pair[0] && i + 1 < len && u[i + 1] == set->pair[1];
}

/* The first i' >= i at which s (len bytes) holds a byte of set, or len. */
static inline size_t kj_next_byte_in(const kj_byteset *set, const char *s, size_t len, size_t i) {
    const unsigned char *u = (const unsigned char *)s;
#ifdef __SSE2__
    /* the set's bytes broadcast once, outside the loop (written out: a loop
     * over them is left a loop, each byte broadcast again every step) */
    const unsigned char *o = set->one;
    const __m128i o0 = _mm_set1_epi8((char)o[0]), o1 = _mm_set1_epi8((char)o[1]),
                  o2 = _mm_set1_epi8((char)o[2]), o3 = _mm_set1_epi8((char)o[3]),
                  o4 = _mm_set1_epi8((char)o[4]), o5 = _mm_set1_epi8((char)o[5]),
                  o6 = _mm_set1_epi8((char)o[6]), o7 = _mm_set1_epi8((char)o[7]),
                  p0 = _mm_set1_epi8((char)set->pair[0]), p1 = _mm_set1_epi8((char)set->pair[1]),
                  has_pair = _mm_set1_epi8(set->pair[0] ? -1 : 0);
    _Static_assert(KJ_BYTESET_ONE == 8, "the compares below are written out for eight bytes");
    while (i + 17 <= len) {
        __m128i a = _mm_loadu_si128((const __m128i *)(u + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(u + i + 1));
        __m128i m =
            _mm_and_si128(has_pair, _mm_and_si128(_mm_cmpeq_epi8(a, p0), _mm_cmpeq_epi8(b, p1)));
        m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(a, o0), _mm_cmpeq_epi8(a, o1)));
        m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(a, o2), _mm_cmpeq_epi8(a, o3)));
        m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(a, o4), _mm_cmpeq_epi8(a, o5)));
        m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(a, o6), _mm_cmpeq_epi8(a, o7)));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits) return i + (size_t)__builtin_ctz(bits);
        i += 16;
    }
#endif
    while (i < len && !kj_in_byteset(set, u, len, i))
        i++;
    return i;
}

#endif
