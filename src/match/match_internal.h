/*
 * match_internal.h - the lexicon's private layout, shared by lexicon.c
 * (loading, compiling), scan.c (scanning) and rx.c (regex starts). Not a
 * public header.
 */
#ifndef KAIJI_MATCH_INTERNAL_H
#define KAIJI_MATCH_INTERNAL_H

#include <hs/hs.h>

#include "kaiji/match.h"

/* A regex's NFA for finding where its matches start (rx.c). */
typedef struct kj_rx kj_rx;

/* Compile a Vectorscan pattern (UTF-8 mode, caseless when asked) for
 * kj_rx_starts(); NULL when it uses syntax rx.c does not support (or on
 * allocation failure): the regex then keeps Vectorscan's start of match.
 * The caller owns the result and frees it with kj_rx_free(). */
kj_rx *kj_rx_compile(const char *pattern, int caseless);
void kj_rx_free(kj_rx *rx);

/* NFA states of rx, and the uint32_t words of work kj_rx_starts() needs for
 * an NFA of that many states. */
size_t kj_rx_states(const kj_rx *rx);
size_t kj_rx_work_size(size_t states);

/*
 * The matches of rx in text[0, len) that end at ends[0, n_ends) (sorted
 * largest first, repeats allowed; each the end of a match, as Vectorscan
 * reported it): calls emit(ud, start, end) for match intervals whose union
 * and overlaps are those of the leftmost-start match of every end, so that
 * merging overlapping ones gives the same hits. Returns 0, or -1 when emit
 * returned nonzero (which stops it). work: kj_rx_work_size() words.
 */
int kj_rx_starts(const kj_rx *rx, const char *text, size_t len, const uint32_t *ends, size_t n_ends,
                 uint32_t *work, int (*emit)(void *ud, uint32_t start, uint32_t end), void *ud);

/* What the scanner needs to know about a term beyond kj_term. */
typedef struct {
    const char *pattern; /* what was given to Vectorscan */
    unsigned flags;      /* Vectorscan flags */
    int left_boundary;   /* literal starts with [a-z0-9]: require a word boundary */
    int right_boundary;  /* literal ends with [a-z0-9] and has no '*' */
    size_t lit_len;      /* bytes of a literal (start = end - lit_len); 0 for regexes */
    kj_rx *rx;           /* a regex whose hits come without start (owned), or NULL */
} kj_term_extra;

struct kj_lexicon {
    kj_term *terms; /* heap array of n */
    kj_term_extra *extra;
    size_t n, cap;
    hs_database_t *db;
    kj_arena *arena; /* strings */
    char version[17];
    int precompiled;      /* 1 when the database came from lexicon.hsdb */
    size_t rx_max_states; /* the largest kj_rx among the terms */
};

#endif
