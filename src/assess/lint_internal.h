/*
 * lint_internal.h - what the three parts of the sensitivity lint share:
 * the loaded rule table (lint.c), the per-passage scanner (lint_scan.c) and
 * the diagnostics writers (lint_out.c). Private to src/assess/lint*.c.
 */
#ifndef KAIJI_LINT_INTERNAL_H
#define KAIJI_LINT_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "kaiji/assess.h"

#include "assess_internal.h"

/* Texts of one rule; index 0 is Japanese, 1 English. All linter-arena. */
typedef struct {
    const char *id;
    kj_severity sev; /* default severity */
    const char *title[2];
    const char *why[2];
    const char *how[2];
} kj_lint_rule;

/* Literals one of which every match of a pattern holds (one of its clauses,
 * kj_cue_clauses). No match starts after the last of them in a passage, so
 * the scan stops trying start positions there (run_pattern). Linter arena. */
#define KJ_LINT_ANCHOR_MAX 16
typedef struct {
    const char **lit;
    unsigned char *len;
    unsigned char *key; /* the byte of each literal looked for first: its rarest in
                           text (lint.c, key_byte) */
    int n;
} kj_lint_anchor;

/* One pattern line of patterns.tsv, compiled. */
typedef struct {
    size_t rule;     /* index into rules */
    kj_severity sev; /* base severity */
    int fixed;       /* 1: not raised by the passage's item */
    pcre2_code *re;  /* on normalised text; owned by the linter */
    pcre2_code *ctx; /* must match somewhere in the passage, or NULL */
    int hit_group;   /* number of the (?<hit>...) group, 0 = whole match */
    int line;        /* line in patterns.tsv, for messages */
    int filtered;    /* clauses (kj_cue_clauses) of which every match contains a
                        literal, which the linter's literal database finds; 0: none */
    kj_lint_anchor anchor[KJ_LIT_CLAUSES]; /* the regex's own clauses of at most
                                              KJ_LINT_ANCHOR_MAX literals */
    int n_anchor;
    int ctx_by_filter; /* 1: ctx is a plain list of words which is one of the
                          filtered clauses, so a passage the prefilter lets
                          through matches it (lint.c, ctx_by_clause) */
    int lead;          /* 1: every match begins with one of the pattern's literals in
                          the linter's lead database, and is tried only where one
                          starts (lint_lead.c) */
    int ctx_lead;      /* 1: so does every match of its context, which is searched
                          from the first of them, and not at all without one */
} kj_lint_pattern;

struct kj_linter {
    kj_arena *arena; /* owns rules, strings */
    kj_lint_rule *rules;
    size_t n_rules;
    kj_lint_pattern *pats; /* malloc'd; pcre2 codes freed in kj_linter_free */
    size_t n_pats;
    void *lit_db;            /* hs_database_t * of the patterns' literals (id = pattern), or NULL */
    pcre2_code *utf_probe;   /* the empty pattern: matches exactly when a subject is valid
                                UTF-8 (lint_scan.c checks each passage once by it) */
    void *lead_db;           /* hs_database_t * of the patterns' lead literals, each
                                occurrence reported (id = literal), or NULL (lint_lead.c) */
    unsigned *lead_pat;      /* of each lead literal: its pattern's regex (2 * pattern) or
                                context (2 * pattern + 1) (linter arena) */
    unsigned char *lead_len; /* and its length */
};

/* ---- lead literals (lint_lead.c) ---------------------------------------- */

/* The lead literals of the patterns being loaded (kj_lint_lead_add). */
typedef struct {
    kj_lit_set lits; /* id = slot * KJ_LIT_CLAUSES (lead_pat); strings in the linter's arena */
} kj_lint_lead_build;

/* Derive the literals every match of pattern pat's regex (src, as compiled,
 * after {products} and {vendors}), or of its context when ctx is 1 (src its
 * context), begins with (kj_lead_literals) into b, and mark the pattern
 * lead (or ctx_lead) when there are some worth looking for. Returns
 * KJ_ERR_NOMEM when out of memory, else KJ_OK (a regex or context without
 * them is searched at every position, as before). */
kj_status kj_lint_lead_add(kj_linter *l, kj_lint_lead_build *b, size_t pat, int ctx,
                           const char *src);

/* Compile b's literals into l->lead_db (kept in dir/patterns-lead.hsdb
 * between runs, as the prefilter's are), best effort: without it no
 * pattern is lead and every one is searched at every position. Frees b. */
void kj_lint_lead_finish(kj_linter *l, kj_lint_lead_build *b, const char *dir);

/* Where the lead literals start in one text (kj_lint_starts_scan). */
typedef struct kj_lint_starts kj_lint_starts;

/* New, empty, for linter l (heap; kj_lint_starts_free). NULL when l has no
 * lead database or out of memory: then every pattern is searched at every
 * position. */
kj_lint_starts *kj_lint_starts_new(const kj_linter *l);

/* Find in the len bytes at s where each lead pattern's literals start.
 * Returns 1 when done, 0 when not (no starts, or out of memory): then no
 * pattern may be limited to them. */
int kj_lint_starts_scan(kj_lint_starts *st, const char *s, size_t len);

/* The offsets in the text last scanned at which a lead literal of pattern
 * pat's regex (ctx 0) or context (ctx 1) starts, ascending (*n of them;
 * none is NULL, *n 0). */
const size_t *kj_lint_starts_of(const kj_lint_starts *st, size_t pat, int ctx, size_t *n);

void kj_lint_starts_free(kj_lint_starts *st);

/* Index of a rule id, or -1. */
long kj_lint_rule_find(const kj_linter *l, const char *id);

/* Language index of the texts for a passage: 0 Japanese, 1 English. */
int kj_lint_lang_index(kj_lang lang);

#endif
