/*
 * match_internal.h - the lexicon's private layout, shared by lexicon.c
 * (loading, compiling, the precompiled file) and scan.c (scanning). Not a
 * public header.
 */
#ifndef KAIJI_MATCH_INTERNAL_H
#define KAIJI_MATCH_INTERNAL_H

#include <hs/hs.h>

#include "kaiji/match.h"

/* Vectorscan flags of a regex term in kj_lexicon.db (hits by their end only)
 * and in its kj_lexicon.som_db (hits with their leftmost start). */
#define KJ_RE_FLAGS (HS_FLAG_UTF8 | HS_FLAG_CASELESS)
#define KJ_RE_SOM_FLAGS (KJ_RE_FLAGS | HS_FLAG_SOM_LEFTMOST)

/* The regexes' start-of-match databases, one per value of the lexicon's
 * lang column: Japanese text seldom matches an English regex, so its
 * database is seldom scanned there, and the other way round. */
enum { KJ_RX_JA, KJ_RX_EN, KJ_RX_ANY, KJ_RX_GROUPS };

/* What the scanner needs to know about a term beyond kj_term. */
typedef struct {
    const char *pattern; /* what was given to Vectorscan (arena memory) */
    unsigned flags;      /* Vectorscan flags in kj_lexicon.db */
    int left_boundary;   /* literal starts with [a-z0-9]: require a word boundary */
    int right_boundary;  /* literal ends with [a-z0-9] and has no '*' */
    size_t lit_len;      /* bytes of a literal (start = end - lit_len); 0 for regexes */
    int group;           /* a regex's KJ_RX_* (the som_db it is in) */
    int to_word_end;     /* a literal given with '*' that ends in [a-z0-9]: its hit runs
                          * on to the end of the word (vulnerabilit* -> "vulnerabilities") */
    size_t literals;     /* a regex of literals only: the kj_lexicon.lits it stands for
                          * (0: none, a regex searched as one) */
    const char *file;    /* the file (arena memory) and line the term was read from, */
    int line;            /* which an error compiling it names */
} kj_term_extra;

/* One of the strings a regex term of literals only matches (a run of kana,
 * kanji, digits and lower-case letters, alternatives in (?:...|...), a ?
 * after a character or a group: (?:毎年度?|毎月|毎週)): such a regex is in
 * kj_lexicon.db as its strings, each a literal under the id n + its index
 * in kj_lexicon.lits, so that a hit comes with its start (end - len) as a
 * literal term's does. Where a regex hit ends at e, its leftmost start is
 * that of the longest of its strings that ends at e, which merging a term's
 * overlapping hits (scan.c) keeps. */
typedef struct {
    unsigned term;       /* the regex term */
    size_t len;          /* bytes */
    const char *pattern; /* the string escaped for Vectorscan (arena memory) */
} kj_term_literal;

/*
 * Vectorscan databases, all with the term index as pattern id:
 *   db          every term: literals (a literal's start is end - lit_len),
 *               the strings of regexes of literals only (kj_term_literal)
 *               and other regexes without start-of-match tracking, which would
 *               slow the scan of all ~3,300 terms down. Such a regex hit
 *               only says where some match of it ends.
 *   som_db[g]   the other regexes of group g alone (NULL when there are none),
 *               compiled with KJ_RE_SOM_FLAGS: their hits with Vectorscan's
 *               leftmost start. The scanner finds a regex hit's start with
 *               PCRE2 (scan.c, regex_starts); these are scanned only when
 *               it cannot, over a passage in which db reported a hit of one
 *               of them, and only up to the last such hit (the same pattern
 *               matches at the same ends with or without start of match).
 * A scanner's one scratch space is allocated for every one of them
 * (kj_scanner_new), so that any of them may be scanned with it.
 */
struct kj_lexicon {
    kj_term *terms; /* heap array of n */
    kj_term_extra *extra;
    size_t n, cap;
    size_t n_regex[KJ_RX_GROUPS]; /* regex terms per group, but those of literals only */
    kj_term_literal *lits;        /* arena: the strings of regexes of literals only */
    size_t n_lits, lits_cap;
    hs_database_t *db;                   /* owned */
    hs_database_t *som_db[KJ_RX_GROUPS]; /* owned, or NULL */
    kj_arena *arena;                     /* strings */
    const char **cats;                   /* arena: the distinct category names */
    size_t n_cats, cats_cap;
    char version[17];
    int precompiled; /* 1 when the databases came from lexicon.hsdb */
};

#endif
