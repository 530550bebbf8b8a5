/*
 * search_limits.c - what every PCRE2 search of data-driven patterns on a
 * document's text runs under, and what one that gives up tells: the match
 * and depth limits that the assessment's cues (data.c) and the lint's
 * patterns (lint_scan.c) share, why a search stopped (kj_search_reason) and
 * the words that say so (kj_search_why). A search that gives up found
 * no "no match": both record it for the user rather than read it as one.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "assess_internal.h"

#include <pcre2.h>

/* The most steps (PCRE2's match limit) and the deepest backtracking (its
 * depth limit, heeded by the interpreter only, which runs when JIT cannot)
 * that one search of a pattern may take at one start position. PCRE2's
 * defaults (10 million each) let a pattern that backtracks badly take
 * 10-100 ms at each start position it tries, of thousands in a long
 * passage or heading. The lint's own patterns need far less on real text:
 * on the shared corpus and the hostile fixture, under 150 steps with JIT,
 * under 10,000 steps and 100 levels without. So do the assessment's cues:
 * with limits of 1,000 steps (JIT), or 10,000 steps and 100 levels (the
 * interpreter), none gave up on the corpus, the sample or the fixtures. */
#define KJ_SEARCH_MATCH_LIMIT 100000
#define KJ_SEARCH_DEPTH_LIMIT 10000

void *kj_search_context_new(void) {
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    if (!mc) return NULL;
    pcre2_set_match_limit(mc, KJ_SEARCH_MATCH_LIMIT);
    pcre2_set_depth_limit(mc, KJ_SEARCH_DEPTH_LIMIT);
    return mc;
}

kj_lint_reason kj_search_reason(int rc) {
    switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT:
    case PCRE2_ERROR_DEPTHLIMIT:
    case PCRE2_ERROR_HEAPLIMIT:
    case PCRE2_ERROR_JIT_STACKLIMIT:
        return KJ_LINT_TOO_COMPLEX;
    case PCRE2_ERROR_NOMEMORY:
        return KJ_LINT_OUT_OF_MEMORY;
    default:
        return rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21 ? KJ_LINT_BAD_TEXT
                                                                           : KJ_LINT_MATCH_ERROR;
    }
}

void kj_search_why(int rc, int li, char *out, size_t outsz) {
    static const char *const why[][2] = {
        [KJ_LINT_TOO_COMPLEX] = {"文が複雑すぎてこの検査を終えられませんでした",
                                 "the text is too complex for this check"},
        [KJ_LINT_OUT_OF_MEMORY] = {"メモリが足りずこの検査を終えられませんでした",
                                   "the check ran out of memory"},
        [KJ_LINT_BAD_TEXT] = {"文字コードが UTF-8 として正しくないため、この検査で読めませんでした",
                              "the text is not valid UTF-8, so this check could not read it"},
        [KJ_LINT_MATCH_ERROR] = {"この検査はエラーで止まりました",
                                 "the check stopped on an error"}};
    kj_lint_reason r = kj_search_reason(rc);
    li = li ? 1 : 0;
    if (r == KJ_LINT_MATCH_ERROR) /* no reason a reader could act on: the code, for a report */
        snprintf(out, outsz, li ? "%s (PCRE2 %d)" : "%s（PCRE2 %d）", why[r][li], rc);
    else
        snprintf(out, outsz, "%s", why[r][li]);
}

const char *kj_lint_reason_name(kj_lint_reason r) {
    switch (r) {
    case KJ_LINT_TOO_COMPLEX:
        return "too-complex";
    case KJ_LINT_OUT_OF_MEMORY:
        return "out-of-memory";
    case KJ_LINT_BAD_TEXT:
        return "invalid-text";
    case KJ_LINT_TOO_MANY:
        return "too-many-findings";
    default:
        return "error";
    }
}
