/*
 * match_internal.h - the lexicon's private layout, shared by lexicon.c
 * (loading, compiling) and scan.c (scanning). Not a public header.
 */
#ifndef KAIJI_MATCH_INTERNAL_H
#define KAIJI_MATCH_INTERNAL_H

#include <hs/hs.h>

#include "kaiji/match.h"

/* What the scanner needs to know about a term beyond kj_term. */
typedef struct {
    const char *pattern; /* what was given to Vectorscan */
    unsigned flags;      /* Vectorscan flags */
    int left_boundary;   /* literal starts with [a-z0-9]: require a word boundary */
    int right_boundary;  /* literal ends with [a-z0-9] and has no '*' */
    size_t lit_len;      /* bytes of a literal (start = end - lit_len); 0 for regexes */
} kj_term_extra;

struct kj_lexicon {
    kj_term *terms; /* heap array of n */
    kj_term_extra *extra;
    size_t n, cap;
    hs_database_t *db;
    kj_arena *arena; /* strings */
    char version[17];
    int precompiled; /* 1 when the database came from lexicon.hsdb */
};

#endif
