/*
 * assess_internal.h - what the files of src/assess/ (Section A: coverage,
 * specificity, principles, suggestions, stakeholders) share with each other
 * and with their unit tests: the surface features of a passage that
 * specificity and the principles are computed from, the run-time cue and
 * suggestion tables of data/assess/, and the signal list being built.
 *
 * Not a public header: the lint (Section B) and the CLI use
 * include/kaiji/assess.h only.
 */
#ifndef KAIJI_ASSESS_INTERNAL_H
#define KAIJI_ASSESS_INTERNAL_H

#include "kaiji/assess.h"

/* ---- Surface features of one passage (spec_scan.c) -------------------- */

/* Counts of the kinds of detail LABELING.md names, found in the passage's
 * normalised text and its lexicon matches. */
typedef struct {
    int quantities; /* counts, percentages, amounts, durations ("120件", "95%", "15 years") */
    int zero_counts; /* quantities that are zero ("0件", "ゼロ件", "no ... incidents" is a cue) */
    int years;       /* years and dates ("2018年6月", "FY2024", "since 2019") */
    int max_year;    /* the latest year mentioned, but a plan's (kj_plans_year); 0 when none */
    int frequencies; /* "年1回", "毎月", "annually", "quarterly" (words: only whether one is) */
    int quoted;      /* 「」-quoted names of programmes and rules, ("IRP")-style defined terms */
    int notes;       /* ※ annotation marks */
    int expansions;  /* acronyms expanded in parentheses: "CSIRT(computer security ...)" */
    int certs;       /* lexicon matches of category cert */
    int frameworks;  /* lexicon matches of category framework */
    int named;       /* lexicon matches naming a body or programme (org) */
    int named_en;    /* capitalised multi-word names in English text ("Audit Committee") */
    int measures;    /* lexicon matches naming a measure, body or structure specifically */
    int figures;     /* lexicon figure matches that are quantities (count, percent, money ...) */
    int jargon;      /* lexicon matches of category jargon */
    int weak_measures; /* distinct weaker measure terms (two name measures generically) */
    int scope;         /* lexicon scope figures ("all employees", "every site") */
    int outcomes;      /* lexicon incident / kpi terms: what a count can be a count of */
    int lexicon;       /* 1 when lexicon matches were given (mt and lex) */
} kj_spec_features;

/* Fill f from the passage (mt, lex may be NULL). */
void kj_spec_scan(const kj_passage *p, const kj_matches *mt, const kj_lexicon *lex,
                  kj_spec_features *f);

/* The years of one passage's normalised text, in the order kj_scan_years
 * finds them, as kj_spec_scan_years keeps them for the year step. */
#define KJ_YEAR_HITS_MAX 32
typedef struct {
    int year[KJ_YEAR_HITS_MAX];
    size_t at[KJ_YEAR_HITS_MAX];
    size_t n;
    int whole; /* 1 when every year of the text is listed (not more than fit) */
} kj_year_hits;

/* What specificity counts each term of lex as (its category's and, for a
 * figure, its note's kind), looked up once for a document's passages: an
 * array of kj_lexicon_size(lex) entries from arena, NULL when out of
 * memory. */
unsigned short *kj_spec_term_kinds(kj_arena *arena, const kj_lexicon *lex);

/* kj_spec_scan that also lists the years it scans in *years (so the year
 * step need not scan the text again); kinds: lex's kj_spec_term_kinds, or
 * NULL to look each term up. */
void kj_spec_scan_years(const kj_passage *p, const kj_matches *mt, const kj_lexicon *lex,
                        const unsigned short *kinds, kj_spec_features *f, kj_year_hits *years);

/* Fill only f's notes and expansions (the rest zero): what the document
 * steps take from a passage no item was found in (kj_spec_brief.notes),
 * whose specificity is 1 whatever else it states. */
void kj_spec_scan_notes(const kj_passage *p, kj_spec_features *f);

/* What the document-level steps need of a passage's features. */
typedef struct {
    int max_year;             /* kj_spec_features.max_year */
    unsigned char quantities; /* 1 when kj_spec_features.quantities > 0 */
    unsigned char notes;      /* 1 when kj_spec_features.notes > 0 */
} kj_spec_brief;

/* Specificity from features and classification (cls may be NULL). */
int kj_spec_from_features(const kj_spec_features *f, const kj_passage *p,
                          const kj_classification *cls);

/* Whether the year at byte at of normalised text s (len bytes) is a plan's:
 * a word for a target or a plan follows it in its sentence, within a dozen
 * characters (「2025年度末の稼働をめざす」, 「2025年度目標」), or it ends a
 * plan's name or a target ("by 2030", "targets for 2030", 中期経営計画2022).
 * A plan's year is neither the report's nor that of its latest figures. */
int kj_plans_year(const char *s, size_t len, size_t at);

/* Years mentioned in normalised text s: calls fn(year, offset, ud) for each
 * (1990..2099 written as a year: "2018年", "fy2024", "in 2023", "2024/3"). */
void kj_scan_years(const char *s, size_t len, void (*fn)(int year, size_t at, void *ud), void *ud);

/* ---- Limits of the PCRE2 searches (search_limits.c) ------------------- */

/* A new pcre2_match_context * holding the match and depth limits that every
 * search of the cues and of the lint's patterns runs under, so that none
 * can spend long on one text; the caller frees it with
 * pcre2_match_context_free. NULL when out of memory. */
void *kj_search_context_new(void);

/* Why pcre2_match returned rc (negative, not PCRE2_ERROR_NOMATCH). */
kj_lint_reason kj_search_reason(int rc);

/* Into out (outsz bytes, always NUL-terminated) why a search gave up with
 * rc, as one clause in language li (0 Japanese, 1 English): "the text is
 * too complex for this check", ...; the code too for another error than
 * those kj_search_reason names. KJ_SEARCH_WHY_MAX bytes hold any. */
#define KJ_SEARCH_WHY_MAX 160
void kj_search_why(int rc, int li, char *out, size_t outsz);

/* ---- Run-time tables (data.c) ----------------------------------------- */

/* A cue: a named regular expression on normalised text (data/assess/cues.tsv). */
typedef struct {
    const char *name; /* e.g. "top-management" */
    kj_lang lang;     /* KJ_LANG_AUTO = any */
    const char *pattern;
    void *code;   /* pcre2_code * */
    int next;     /* index of the next cue with this name, or -1 */
    int filtered; /* the pattern's clauses (kj_cue_clauses; only passages with a
                   * literal of each can match), 0 when it has none */
} kj_cue;

/* Literals one of which every match of a cue pattern contains. */
#define KJ_CUE_LIT_MAX 128
#define KJ_CUE_LIT_LEN 64
typedef struct {
    int n;
    unsigned char len[KJ_CUE_LIT_MAX];
    char s[KJ_CUE_LIT_MAX][KJ_CUE_LIT_LEN];
} kj_cue_lits;

/* Derive from PCRE2 pattern (no options other than UTF) a set of literal
 * strings such that every match contains at least one of them (cue_lit.c).
 * Returns out->n, 0 when no such set could be derived (the pattern uses a
 * construct the derivation does not know, or can match without a literal). */
int kj_cue_literals(const char *pattern, kj_cue_lits *out);

/* Up to max literal sets ("clauses") of PCRE2 pattern each of which every
 * match contains a literal of: the set kj_cue_literals gives, then, when
 * the pattern is one sequence (no top-level '|'), its other required pieces
 * worth scanning for (literals of two characters or more, or one
 * punctuation mark), most selective first kept. A passage that lacks a
 * literal of any one clause cannot match. Returns the number of sets in
 * out, 0 when there is none (the pattern must always run), -1 when out of
 * memory. */
#define KJ_LIT_CLAUSES 4
int kj_cue_clauses(const char *pattern, kj_cue_lits *out, int max);

/* A literal a match may begin with (lead_lit.c). */
#define KJ_LEAD_LEN 32   /* bytes of one; longer ones are cut: a match begins with the cut too */
#define KJ_LEAD_MAX 4096 /* the most derived for one pattern */
typedef struct {
    unsigned char len;
    char s[KJ_LEAD_LEN];
} kj_lead_lit;

/* Derive from PCRE2 pattern (no options other than UTF) the literals one of
 * which every match of it begins with, none of them beginning with another
 * (the shorter is kept): into *out (heap, the caller frees it), their
 * number returned. 0 and *out NULL when no such set could be derived (a
 * construct the derivation does not know, a match that may begin with a
 * class, a dot or nothing, more than KJ_LEAD_MAX of them), -1 when out of
 * memory. */
int kj_lead_literals(const char *pattern, kj_lead_lit **out);

/* The literals of a set of patterns, gathered for one Vectorscan literal
 * database that prefilters them: a passage is scanned once for every
 * pattern's literals, and a pattern runs only on passages with a literal of
 * each of its clauses (kj_cue_clauses). The database reports clause c of
 * pattern p as id p * KJ_LIT_CLAUSES + c; kj_lit_clauses_met tells from
 * those whether p may match. Used for the assessment's cues (data.c) and
 * the lint's patterns (lint.c). The arrays are heap (kj_lit_set_free); the
 * strings live in the arena given to kj_lit_set_add. */
typedef struct {
    const char **lits;
    size_t *lens;
    unsigned *ids; /* the pattern each literal belongs to */
    size_t n, cap;
} kj_lit_set;

/* Add the clauses of pattern (kj_cue_clauses) under id, after the have
 * clauses id already has (0 for a new id; another pattern every match of
 * id must meet too, such as a lint context, adds its own after). Returns
 * how many id has now (1 .. KJ_LIT_CLAUSES: it may be filtered; 0 when it
 * has none and must always run), -1 when out of memory. */
int kj_lit_set_add(kj_lit_set *s, kj_arena *arena, const char *pattern, unsigned id, int have);

/* kj_lit_set_add with the clauses already derived: cl[0, n) from
 * kj_cue_clauses(pattern, cl, KJ_LIT_CLAUSES - have) (n -1: out of memory),
 * for a caller that uses them for more than the set. Returns as
 * kj_lit_set_add does. */
int kj_lit_set_add_clauses(kj_lit_set *s, kj_arena *arena, const kj_cue_lits *cl, int n,
                           unsigned id, int have);

/* The match handler for scanning a passage with a kj_lit_set's database:
 * sets bit id of the uint64_t words at bits (zeroed by the caller). */
int kj_lit_mark(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                void *bits);

/* Whether all n clauses of pattern id were seen, given the clause bits the
 * scan set (bit id * KJ_LIT_CLAUSES + c of bits, 64 to a word). */
static inline int kj_lit_clauses_met(const uint64_t *bits, unsigned id, int n) {
    uint64_t want = ((uint64_t)1 << n) - 1;
    size_t at = (size_t)id * KJ_LIT_CLAUSES;
    return ((bits[at / 64] >> (at % 64)) & want) == want;
}

/* Compile s into a literal database (an hs_database_t *, the caller frees
 * it with hs_free_database): each id reported at most once per scan. NULL
 * when s is empty or compilation fails; then every pattern must run. */
void *kj_lit_set_compile(const kj_lit_set *s);

/* kj_lit_set_compile, saving the compile at start-up: the database is read
 * from dir/name when that file holds one made from exactly s by this
 * Vectorscan (its first line names a hash of both); else it is compiled and
 * then written there for the next run, best effort (a data directory that
 * cannot be written, as an installed one may not be, just compiles at every
 * start). A damaged or foreign file is ignored and replaced. */
void *kj_lit_set_compile_cached(const kj_lit_set *s, const char *dir, const char *name);

/* kj_lit_set_compile_cached for a database that reports every occurrence of
 * each literal, with its end (not each id once): one that finds where the
 * literals are (lint_lead.c). Its cache file's first line differs from
 * kj_lit_set_compile_cached's, so neither takes the other's. */
void *kj_lit_set_compile_each_cached(const kj_lit_set *s, const char *dir, const char *name);

void kj_lit_set_free(kj_lit_set *s);

typedef struct {
    kj_doctype type;
    int statutory;
    const char *core;                  /* element ids, comma separated */
    const char *expected;              /* element ids, comma separated */
    const char *expect_ja, *expect_en; /* the expectation, one line */
} kj_doctype_row;

typedef struct {
    const char *key;  /* element id "1.1".., or "P1".."P5", or "caution" */
    const char *when; /* "missing", "weak", "low" or "any" */
    const char *cls;  /* "statutory", "voluntary" or "any" */
    int principle;    /* 0..4 */
    const char *ref;  /* guide reference */
    const char *ja, *en;
} kj_suggest_row;

typedef struct {
    const char *id, *name_ja, *name_en, *looks_ja, *looks_en;
    int items[KJ_N_ITEMS];
    int item_w[KJ_N_ITEMS];
    int n_items;
    int principle_w[KJ_N_PRINCIPLES];
} kj_stakeholder_row;

struct kj_assess_data {
    kj_arena *arena;
    kj_cue *cues;
    size_t n_cues, cues_cap;                   /* cap: room while loading (kj_arena_grow) */
    kj_doctype_row doctypes[KJ_DOCTYPE_COUNT]; /* by type; [0] unknown */
    kj_suggest_row *sugg;
    size_t n_sugg, sugg_cap;
    kj_stakeholder_row *stake;
    size_t n_stake, stake_cap;
    void *lit_db;     /* hs_database_t *: every filtered cue's literals (kj_lit_set) */
    void *doctype_db; /* hs_database_t *: the literals one of which every match of a
                         document-type cue ("doctype:*") holds; NULL when a type's cue has
                         none (kj_cue_doctype_possible then always says maybe) */
};

/* One byte per lexicon term id: 1 when the term's category is cat (arena).
 * NULL when there is no lexicon or no memory; callers then compare names. */
unsigned char *kj_category_terms(kj_arena *arena, const kj_lexicon *lex, const char *cat);
/* Whether match term id has category cat, through mask (from
 * kj_category_terms) when there is one. */
int kj_term_in_category(const kj_lexicon *lex, const unsigned char *mask, unsigned id,
                        const char *cat);

/* Index of the cue called name, or -1. */
int kj_cue_find(const kj_assess_data *d, const char *name);

/* Per-call matcher state for the cues (pcre2 match data). Every search runs
 * under the limits of kj_search_context_new; one that gives up is no match,
 * and the matcher remembers it (kj_cue_matcher_failures). */
typedef struct kj_cue_matcher kj_cue_matcher;
kj_cue_matcher *kj_cue_matcher_new(const kj_assess_data *d);
void kj_cue_matcher_free(kj_cue_matcher *m);
/* Forget what the matcher remembers of passage texts (their prefilter bits
 * and UTF-8 check, looked up by address): call it before a passage's text
 * may be freed and its memory reused for another's. */
void kj_cue_matcher_forget(kj_cue_matcher *m);

/* What a cue search read: a passage's text (or a word or sentence of it),
 * a heading, or the document's title. */
typedef enum { KJ_CUE_IN_PASSAGE = 0, KJ_CUE_IN_HEADING, KJ_CUE_IN_TITLE } kj_cue_text;

/* A cue search that gave up (kj_cue_matcher_failures). */
typedef struct {
    int cue;          /* the cue asked for (the first of its name) */
    int code;         /* the negative code pcre2_match returned */
    long passage;     /* the passage being read then (kj_cue_matcher_at) */
    kj_cue_text text; /* what the search read */
} kj_cue_failure;

/* Tell the matcher that the searches from now on read passage (its text,
 * heading or words; -1, as at first: the document before its passages), for
 * the failures it remembers. */
void kj_cue_matcher_at(kj_cue_matcher *m, long passage);

/* The searches of m that gave up, one per cue, passage and kind of text, in
 * the order they did: *out (owned by m, valid until its next search) and *n.
 * Returns 0 when one could not be remembered for want of memory. */
int kj_cue_matcher_failures(const kj_cue_matcher *m, const kj_cue_failure **out, size_t *n);

/* Find cue `cue` in passage p (language-filtered). Returns 1 and the byte
 * span in p->norm.text of the first hit, else 0. */
int kj_cue_match(kj_cue_matcher *m, int cue, const kj_passage *p, size_t *s, size_t *e);
/* kj_cue_match on the rest of p's normalised text from byte from (a
 * character's start): the first hit there, its span counted from from. */
int kj_cue_match_from(kj_cue_matcher *m, int cue, const kj_passage *p, size_t from, size_t *s,
                      size_t *e);
/* kj_cue_match on bytes [from, to) of p's normalised text (from and to at
 * characters' starts): the first hit there, its span counted from the start
 * of the text. */
int kj_cue_match_in(kj_cue_matcher *m, int cue, const kj_passage *p, size_t from, size_t to,
                    size_t *s, size_t *e);
/* Same on a whole string (any language) of the kind `in`. */
int kj_cue_match_str(kj_cue_matcher *m, int cue, kj_cue_text in, const char *s, size_t len,
                     size_t *ms, size_t *me);
/* Whether s (normalised, len bytes) may match a document-type cue: 0 only
 * when it holds none of the literals every such match holds, so a passage
 * without one (most of a filing) is not scanned for all the cues just to
 * vote on the type. */
int kj_cue_doctype_possible(kj_cue_matcher *m, const char *s, size_t len);
/* kj_cue_match_str for a string that, like a passage's text, stays where it
 * is unchanged until the next kj_cue_matcher_forget: its prefilter bits are
 * remembered by address, so the cues tried on it after the first run only
 * where their literals occur (a heading tried for each document type). */
int kj_cue_match_text(kj_cue_matcher *m, int cue, kj_cue_text in, const char *s, size_t len,
                      size_t *ms, size_t *me);

/* ---- Building the assessment (assess.c, principles.c, ...) ------------- */

/* Each step's state while the passages go by (defined in its own file). */
typedef struct kj_dt_state kj_dt_state; /* doctype.c: type votes */
typedef struct kj_yr_state kj_yr_state; /* doctype.c: year votes */
typedef struct kj_pr_state kj_pr_state; /* principles.c: P1-P3 */
typedef struct kj_un_state kj_un_state; /* understand.c: jargon, references */
typedef struct kj_tm_state kj_tm_state; /* timely.c: topics, rules, plans */

/* The state shared by the steps of kj_assess(). The steps see the passages
 * one at a time, in order (kj_assess_passage: each step's *_passage
 * function, while the passage's normalised text and its matches mt are at
 * hand), then the whole document once (the kj_assess_* functions below,
 * which see no normalised text and no matches). */
typedef struct {
    const kj_doc_analysis *a;
    const kj_lexicon *lex;
    const kj_assess_data *d;
    kj_cue_matcher *cm;
    kj_arena *arena;
    kj_arena *scratch;    /* per passage: freed after it (the arena when none) */
    const kj_matches *mt; /* the current passage's matches (NULL: none) */
    kj_assessment *out;
    kj_spec_features feat;            /* of the current passage */
    kj_year_hits years;               /* of the current passage when years_of is 1 + its index */
    size_t years_of;                  /* 0: years lists no passage's years */
    kj_spec_brief *brief;             /* per passage: what the document steps need of feat */
    const unsigned short *spec_kinds; /* per lexicon term: kj_spec_term_kinds (NULL: none) */
    int *relevant;                    /* per passage: 1 when about cybersecurity */
    int cov_counting;                 /* coverage.c: the first pass only counts each list */
    size_t sig_cap;
#define KJ_MAX_UNEXPLAINED 8
    const char *unexplained[KJ_MAX_UNEXPLAINED];      /* jargon left unexplained (P4) */
    const char *unexplained_note[KJ_MAX_UNEXPLAINED]; /* its lexicon note, or NULL */
    int n_unexplained;
    kj_dt_state *dt;
    kj_yr_state *yr;
    kj_pr_state *pr;
    kj_un_state *un;
    kj_tm_state *tm;
} kj_assess_ctx;

/* Add a signal (evidence copied into the arena; at most ~80 characters). */
kj_status kj_add_signal(kj_assess_ctx *c, const char *name, int principle, long passage,
                        const char *evidence, size_t evidence_len, int points);
/* Evidence excerpt around a byte span of a passage's normalised text, taken
 * from the original text through the offset map (arena). */
const char *kj_passage_excerpt(kj_assess_ctx *c, const kj_passage *p, size_t ns, size_t ne,
                               size_t *len);

/* ---- Sentences of a passage (sentence.c) -------------------------------- */

/* The sentence (or table cell) of s (len bytes) around bytes [from, to):
 * *a at its first byte, *b past its last. */
void kj_sentence_around(const char *s, size_t len, size_t from, size_t to, size_t *a, size_t *b);
/* Sentences (or table cells) in s, counted up to limit + 1. */
int kj_count_sentences(const char *s, size_t len, int limit);
/* The start of the sentence before the one that starts at a (a itself when
 * there is none or a table's cell ends there: cells are apart). */
size_t kj_sentence_before(const char *s, size_t len, size_t a);
/* The end of the sentence after the one that ends at b (b itself when there
 * is none or a table's cell ends there). */
size_t kj_sentence_after(const char *s, size_t len, size_t b);
/* The sentence of p's normalised text around bytes [s, e), with, when reach
 * is 1, the sentence before and the one after: *a at its first byte, *b past
 * its last. */
void kj_sentence_window(const kj_passage *p, size_t s, size_t e, int reach, size_t *a, size_t *b);
/* Whether cue is said in the sentence of p around bytes [s, e) of its
 * normalised text (reach 1: or in the sentence before or after it), in p's
 * language. */
int kj_cue_in_sentence(kj_assess_ctx *c, int cue, const kj_passage *p, size_t s, size_t e,
                       int reach);

/* Whether the words at bytes [s, e) of passage p's normalised text are said
 * of the topic: p is short (three sentences or fewer), or the sentence (or
 * table cell) they stand in, the sentence before or the one after holds a
 * lexicon match that names it, other than an IT asset (kj_term_is_topic,
 * kj_term_is_asset). c->mt must be p's matches; without matches, 1. */
int kj_said_of_topic(const kj_assess_ctx *c, const kj_passage *p, size_t s, size_t e);
/* Whether bytes [s, e) of the current passage's normalised text (c->mt its
 * matches) name security themselves: a topic term that is not an IT asset
 * or an outage lies within them, outside a phrase in which it has another sense
 * (category offtopic: "ウイルス" in 「新型コロナウイルス」). Ransomware or
 * phishing are security's own topics; a pandemic or remote work are not.
 * Without matches, 1. */
int kj_names_security_itself(const kj_assess_ctx *c, size_t s, size_t e);
/* Whether the sentence of passage p (c->mt its matches) around bytes
 * [s, e), the one before or the one after names security with a term other
 * than the words at [s, e): a topic term that is not an IT asset or an
 * outage, outside an offtopic phrase. Unlike kj_said_of_topic, a short passage is not taken to
 * speak of one thing. Without matches, 1. */
int kj_security_named_near(const kj_assess_ctx *c, const kj_passage *p, size_t s, size_t e);
/* The first hit of cue in passage i (c->mt its matches) that is said of the
 * topic (kj_said_of_topic), as kj_cue_match gives it: 1 and its byte span,
 * else 0. */
int kj_cue_match_on_topic(kj_assess_ctx *c, int cue, size_t i, size_t *s, size_t *e);

/* Per-passage steps: *_start once before the first passage, *_passage for
 * passage i (in order). */
kj_status kj_doctype_start(kj_assess_ctx *c, kj_doctype given);
void kj_doctype_passage(kj_assess_ctx *c, size_t i);
kj_status kj_year_start(kj_assess_ctx *c, int given);
void kj_year_passage(kj_assess_ctx *c, size_t i);
kj_status kj_principles_start(kj_assess_ctx *c);
kj_status kj_principles_passage(kj_assess_ctx *c, size_t i);
kj_status kj_understand_start(kj_assess_ctx *c);
kj_status kj_understand_passage(kj_assess_ctx *c, size_t i);
kj_status kj_timely_start(kj_assess_ctx *c);
kj_status kj_timely_passage(kj_assess_ctx *c, size_t i);

/* Document steps, after the last passage. */
kj_status kj_assess_doctype(kj_assess_ctx *c, kj_doctype given);
kj_status kj_assess_year(kj_assess_ctx *c, int given);
kj_status kj_assess_coverage(kj_assess_ctx *c);
kj_status kj_assess_principles(kj_assess_ctx *c);
/* Sum of the signals of principle p, clamped to 0..100. */
int kj_principle_total(const kj_assessment *o, int p);
kj_status kj_assess_suggestions(kj_assess_ctx *c);
/* The cue searches that could not finish (the matcher's failures) into
 * c->out->incomplete, with messages in c->out->lang (incomplete.c). */
kj_status kj_assess_list_incomplete(kj_assess_ctx *c);
kj_status kj_assess_stakeholders(kj_assess_ctx *c);

/* P4 helpers (understand.c): distinct jargon and acronyms, explained or not. */
kj_status kj_assess_understandability(kj_assess_ctx *c);
/* P5 (timely.c). */
kj_status kj_assess_timeliness(kj_assess_ctx *c);

#endif
