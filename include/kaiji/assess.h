/*
 * kaiji/assess.h - the fifth stage: judge an analysed document the way a
 * reviewer applying the MIC 2019 guide would: coverage per item and element,
 * specificity per passage, the five disclosure principles with the signals
 * that moved them, the document type and what it is expected to carry,
 * suggestions, a stakeholder view, and the sensitivity lint (details that
 * help an attacker, weighted toward items 4, 5, 7, 8 and 9).
 *
 * Input is a kj_doc_analysis (classify.h); nothing here reaches back into
 * ingest or match internals.
 */
#ifndef KAIJI_ASSESS_H
#define KAIJI_ASSESS_H

#include "kaiji/classify.h"

#include <stdio.h>

/* ==== Section A: coverage, specificity, principles, suggestions ======= */
/*
 * Owned by the assessment work (src/assess/ except lint*.c, data/assess/).
 * Memory: everything a kj_assessment points to lives in the arena given to
 * kj_assess(); the assessment needs no freeing of its own. Static strings
 * (ids, names) are marked as such. Tables in data/assess/ (cues, document
 * types, suggestions, stakeholders) are read at run time into a
 * kj_assess_data, which callers may load once and share between threads.
 */

/* Specificity of one passage, 1..4 (LABELING.md):
 * 1 boilerplate · 2 names a measure generically · 3 company-specific detail
 * (named bodies or programmes, scope, frequency, dates, named frameworks) ·
 * 4 quantified, checkable facts (counts, percentages, amounts, durations).
 * Uses the passage's normalised text, its lexicon matches (figure, cert,
 * framework, org, ... categories; mt and lex may be NULL) and its
 * classification (cls may be NULL: then only the text and matches count).
 * Pure function; thread-safe. */
int kj_passage_spec(const kj_passage *p, const kj_matches *mt, const kj_lexicon *lex,
                    const kj_classification *cls);

/* The guide's document types (section 2 of the guide). */
typedef enum {
    KJ_DOCTYPE_UNKNOWN = 0,
    KJ_DOCTYPE_SECURITIES,     /* 有価証券報告書, also US Form 10-K (statutory) */
    KJ_DOCTYPE_GOVERNANCE,     /* コーポレート・ガバナンス報告書 (statutory) */
    KJ_DOCTYPE_SUSTAINABILITY, /* CSR / sustainability report (voluntary) */
    KJ_DOCTYPE_INTEGRATED,     /* 統合報告書 (voluntary) */
    KJ_DOCTYPE_ANNUAL,         /* annual report, disclosure magazine (voluntary) */
    KJ_DOCTYPE_SECURITY,       /* 情報セキュリティ報告書 (voluntary) */
    KJ_DOCTYPE_COUNT
} kj_doctype;

/* "securities", "governance", "sustainability", "integrated", "annual",
 * "security" or "unknown". Static storage. */
const char *kj_doctype_id(kj_doctype t);
/* Display names. Static storage. */
const char *kj_doctype_name_ja(kj_doctype t);
const char *kj_doctype_name_en(kj_doctype t);
/* Parse an id (also "10-k", "csr", "yuho"); -1 for anything else. */
int kj_doctype_parse(const char *s);
/* 1 for the statutory types (securities, governance), else 0. */
int kj_doctype_statutory(kj_doctype t);

/* The five principles of the guide's section 3(2), index 0..4. */
#define KJ_N_PRINCIPLES 5
enum { KJ_P_RELEVANCE = 0, KJ_P_FAITHFUL, KJ_P_COMPARABLE, KJ_P_UNDERSTANDABLE, KJ_P_TIMELY };
/* "P1".."P5", and names in Japanese and English. Static storage. */
const char *kj_principle_id(int p);
const char *kj_principle_name_ja(int p);
const char *kj_principle_name_en(int p);

/* Why a search of a pattern could not finish on a text: an assessment cue's
 * (kj_assess_incomplete.reason) or a lint pattern's (kj_lint_incomplete.reason). */
typedef enum {
    KJ_LINT_TOO_COMPLEX = 0, /* too much backtracking: PCRE2's match, depth, heap or JIT
                                stack limit (the first two set by kaiji, the same for the
                                cues and the lint's patterns) */
    KJ_LINT_OUT_OF_MEMORY,   /* PCRE2 ran out of memory */
    KJ_LINT_BAD_TEXT,        /* the text is not valid UTF-8 */
    KJ_LINT_MATCH_ERROR,     /* any other error of pcre2_match */
    KJ_LINT_TOO_MANY         /* the document's findings reached KJ_LINT_MAX_FINDINGS: the
                                rest are not listed (the lint only) */
} kj_lint_reason;

/* The most findings the lint lists for one document. A draft has a few; a
 * file of a million addresses would have a million, each some hundreds of
 * bytes, so past this many the lint lists no more and records once, at the
 * text where it stopped, a check that could not finish (KJ_LINT_TOO_MANY). */
#define KJ_LINT_MAX_FINDINGS 10000

/* "too-complex", "out-of-memory", "invalid-text", "error", "too-many-findings".
 * Static storage. */
const char *kj_lint_reason_name(kj_lint_reason r);

/* A cue search of the assessment that could not finish: the pattern of a
 * cue (data/assess/cues.tsv, or a document type's in doctypes.tsv) gave up
 * on a text for another reason than finding no match, so the signals that
 * cue fires, or the document type it recognises, may be missing there. One
 * per cue and text, in the order the texts were read. */
typedef struct {
    const char *cue;       /* the cue's name, "doctype:<id>" for a document type's (arena) */
    kj_lint_reason reason; /* why */
    int code;              /* the negative code pcre2_match returned */
    long passage;          /* index of the passage searched, or of the passage under the
                              heading searched; -1 for the document's title */
    const char *text;      /* what was searched: "passage" (its text, or a word or
                              sentence of it), "heading" or "title" (static) */
    const char *message;   /* one line in the assessment's language: why the search
                              stopped and what may be missing (arena) */
} kj_assess_incomplete;

/* One reason a principle's score moved. */
typedef struct {
    const char *name;     /* signal id, e.g. "top-message", "incident-count" (static or arena) */
    int principle;        /* 0..4 */
    long passage;         /* passage index, or -1 for a document-level signal */
    const char *evidence; /* the text that fired it, or a short summary (arena) */
    int points;           /* contribution to the score (negative for penalties) */
} kj_signal;

/* Coverage of one item or element. */
typedef struct {
    int level;          /* 0 absent · 1 mentioned · 2 described · 3 substantiated */
    int expected;       /* for elements: 0 optional, 1 expected, 2 core for the doc type */
    int target;         /* level the document type calls for (0 when optional) */
    uint32_t *passages; /* passage indices that give it, strongest first (arena; 32-bit,
                           as kj_passage.index: a large document has long lists) */
    size_t n_passages;
} kj_coverage;

/* What to add for a missing or weak element, or a weak principle. */
typedef struct {
    int element;           /* 0..20, or -1 for a principle-level suggestion */
    int item;              /* 1..10, or 0 */
    int principle;         /* principle it serves, 0..4 */
    int level;             /* current coverage level (elements) or score (principles) */
    const char *kind;      /* "missing", "weak", "low" (principle) or "explain" (jargon); static */
    const char *text;      /* in the document's language (arena) */
    const char *guide_ref; /* where in the guide, e.g. "guide §3(3)⑥ 記載のイメージ" (arena) */
    const char *caution; /* the guide's caution for items 4, 5, 7, 8, 9, else NULL (arena) */
} kj_suggestion;

/* How well the document serves one outside stakeholder group. */
typedef struct {
    const char *id;        /* "partners", "users-media", "investors" (arena) */
    const char *name;      /* in the document's language (arena) */
    const char *looks_for; /* what this group looks for, one line (arena) */
    int items[KJ_N_ITEMS]; /* the items it weighs, most important first */
    int n_items;
    int score; /* 0..100 */
} kj_stakeholder_view;

/* The whole judgement of one document. */
typedef struct {
    kj_lang lang; /* language of the texts below */
    kj_doctype doctype;
    int doctype_detected;         /* 1 when found in the text, 0 when given or unknown */
    const char *doctype_evidence; /* what identified it (arena), or NULL */
    int statutory;           /* expectation class used: 1 statutory brief, 0 voluntary detailed */
    const char *expectation; /* one line stating the expectation used (arena) */
    int year;                /* document year, 0 when unknown */
    int year_detected;       /* 1 when found in the text */

    size_t n_passages;
    int *spec;        /* per passage 1..4 (arena) */
    int spec_hist[5]; /* [1..4]: passages per specificity among relevant passages */

    kj_coverage items[KJ_N_ITEMS + 1];   /* [1..10] */
    kj_coverage elements[KJ_N_ELEMENTS]; /* [0..20] */
    int coverage_score;                  /* 0..100: levels against the doc type's targets */

    int principles[KJ_N_PRINCIPLES]; /* 0..100 each */
    kj_signal *signals;              /* arena; grouped by principle, in detection order */
    size_t n_signals;
    int jargon_total, jargon_unexplained; /* distinct jargon terms / acronyms (P4) */
    int mean_sentence;                    /* mean sentence length: characters (ja) or words (en) */

    kj_suggestion *suggestions; /* arena; by item, then principles */
    size_t n_suggestions;
    kj_stakeholder_view *stakeholders; /* arena */
    size_t n_stakeholders;
    kj_assess_incomplete *incomplete; /* cue searches that could not finish (arena), NULL
                                         when none */
    size_t n_incomplete;
} kj_assessment;

/* The run-time tables of data/assess/. Immutable once loaded. */
typedef struct kj_assess_data kj_assess_data;

/* Load data/assess (dir NULL = <data dir>/assess). Errors name the file and
 * line of a bad entry. Caller frees with kj_assess_data_free(). */
kj_status kj_assess_data_load(const char *dir, kj_assess_data **out, kj_error *err);
void kj_assess_data_free(kj_assess_data *d);

typedef struct {
    kj_doctype doctype;         /* KJ_DOCTYPE_UNKNOWN = detect from the text */
    int year;                   /* 0 = detect from the text */
    kj_lang lang;               /* language of suggestions; KJ_LANG_AUTO = the document's */
    const kj_assess_data *data; /* preloaded tables, or NULL to load them for this call */
    const char *data_dir;       /* where to load them from when data is NULL (NULL = default) */
} kj_assess_options;

/*
 * Judge an analysed document. lex is the lexicon the analysis used (for term
 * categories and notes: jargon, topic, cert ...). opts may be NULL. All
 * memory of *out comes from arena (usually a->doc->arena or the caller's).
 * Thread-safe with a shared kj_assess_data.
 */
kj_status kj_assess(const kj_doc_analysis *a, const kj_lexicon *lex, const kj_assess_options *opts,
                    kj_arena *arena, kj_assessment *out, kj_error *err);

/*
 * The same judgement passage by passage, so that a document's normalised
 * texts and matches need not all be kept (kj_analyze_document_each):
 * kj_assess_begin(), then kj_assess_passage() for each passage i = 0, 1, ...
 * in order while a->passages.items[i] has its normalised text, a->cls[i] its
 * classification and mt its matches (scratch: memory that may be freed after
 * the call, or NULL), then kj_assess_end() once the analysis is complete
 * (a's passages may by then have dropped their normalised text). The
 * document's blocks are read with the first passage (a cover page's
 * names), or by kj_assess_end() when there is none: after the first
 * kj_assess_passage() they may be released (kj_document_release_blocks). Output
 * memory comes from arena; the run itself is heap memory that
 * kj_assess_end() frees, or kj_assess_run_free() when abandoned.
 */
typedef struct kj_assess_run kj_assess_run;
kj_status kj_assess_begin(const kj_lexicon *lex, const kj_assess_options *opts, kj_arena *arena,
                          kj_assess_run **out, kj_error *err);
kj_status kj_assess_passage(kj_assess_run *r, const kj_doc_analysis *a, size_t i,
                            const kj_matches *mt, kj_arena *scratch, kj_error *err);
kj_status kj_assess_end(kj_assess_run *r, const kj_doc_analysis *a, kj_assessment *out,
                        kj_error *err);
void kj_assess_run_free(kj_assess_run *r);

/* Append the assessment as one JSON object (render-friendly: arrays of
 * objects with ids, names in both languages, levels, scores, signals,
 * suggestions, stakeholders, and the cue searches that could not finish:
 * "incomplete", always there, empty when there are none). */
kj_status kj_assessment_to_json(const kj_assessment *as, kj_buf *b);
/* The same, writing what b holds to f (when not NULL) whenever it grows
 * large, so the long passage lists are not held whole; the rest stays in b. */
kj_status kj_assessment_to_json_file(const kj_assessment *as, kj_buf *b, FILE *f);

/* Write where passage `passage` (an index into the analysed document's
 * passages) is, for people, into out (outsz bytes, NUL-terminated): "p.12",
 * "line 40". ctx is what the caller passed along with it. */
typedef void (*kj_passage_place_fn)(void *ctx, long passage, char *out, size_t outsz);
#define KJ_PLACE_MAX 200 /* bytes that hold any place kaiji writes */

/* Whether as->signals[i] is the first of its kind on its passage (no signal
 * before it has the same principle, name and passage), and so the one to
 * show for them all: then *points gets the points of it and of every later
 * signal the same, and *times how many they are (1 or more). Returns 0, and
 * leaves *points and *times alone, for a signal shown with an earlier one
 * or one called "baseline" (every principle's starting points, no reason of
 * the document's). The terminal summary and the HTML report show signals
 * so ("jargon-explained+12 ×3"). */
int kj_signal_shown(const kj_assessment *as, size_t i, int *points, int *times);

/* Print a compact terminal summary: coverage by item with levels, principle
 * scores with their top signals, suggestions, and at the end, only when
 * there are any, the cue searches that could not finish, each at its place
 * ("[kpi] p.4: ..."; "title" for the document's title). color: ANSI colours
 * when 1.
 * A signal about a passage names where it is, as place (called with ctx)
 * writes it, or "passage N" (1-based) when place is NULL; the same signal
 * fired more than once on one passage is shown once with its points summed
 * and the count ("jargon-explained+12 ×3 (p.4)"). */
void kj_assessment_print_text(const kj_assessment *as, FILE *f, int color,
                              kj_passage_place_fn place, void *ctx);

/* ==== Section B: sensitivity lint ===================================== */
/*
 * Owned by the lint work (src/assess/lint*.c, data/lint/). The guide warns
 * that disclosing the response plans, protections, incident response,
 * recovery and supplier measures (items 4, 5, 7, 8, 9) in detail can invite
 * attacks. The lint finds such details (product names and versions, hosts,
 * addresses, network layout, named defence vendors, monitoring gaps,
 * unpatched weaknesses, CVE ids, responders' direct contacts, backup
 * locations and schedules) and says, for each, why it matters and how to say
 * it at a safe level of detail.
 *
 * Rules are data: data/lint/rules.tsv (rule id, default severity, why and
 * how in Japanese and English), data/lint/patterns.tsv (PCRE2 patterns on the
 * normalised passage text, prefiltered together by one Vectorscan database)
 * and data/lint/products.tsv (security products and vendors, expanded into
 * the patterns' {products} and {vendors} macros). Lexicon entries of category
 * "sensitive" whose note is a rule id (data/lexicon/) count as findings too.
 *
 * Headings (kj_passages.headings: no passages, but they can name a product
 * and its version as well as a paragraph can) are linted too, each once, by
 * the patterns (lexicon entries are matched in passages only). A heading is
 * read as the head of the passage after it, when it heads that passage (the
 * passage follows in the same section): that passage's text counts for the
 * patterns' contexts, its language gives the messages', and its items weight
 * the findings' severities. So is a lone line of figures and marks that is
 * no passage (kj_heading.lone: an address alone on a line); its findings
 * carry it as their heading and say "on a line of its own".
 *
 * Memory: a kj_linter is immutable once loaded and may be shared between
 * threads (each call makes its own PCRE2 match data). Everything a
 * kj_lint_result points to lives in the arena given to the lint call.
 */

typedef enum { KJ_SEV_NOTE = 0, KJ_SEV_WARNING = 1, KJ_SEV_ERROR = 2 } kj_severity;

/* "note", "warning", "error". Static storage. */
const char *kj_severity_name(kj_severity s);
/* Parse a severity name; -1 for anything else. */
int kj_severity_parse(const char *s);

/* One sensitive detail, in a passage or in a heading. */
typedef struct {
    const char *rule;     /* rule id, e.g. "ip-address" (arena) */
    kj_severity severity; /* after weighting by the passage's items */
    kj_severity base;     /* before weighting */
    size_t passage;       /* passage index in the analysis / passage list; for a
                             detail in a heading, the first passage after the
                             heading (the passage count when none follows) */
    const char *heading;  /* the text of the heading the detail is in (arena), or
                             of the lone line of figures (kj_heading.lone): whole,
                             or its first 200 characters and "…" when longer;
                             NULL for a detail in a passage. In a heading, start,
                             end and col count in the heading's text, and page,
                             section, line and para are the heading's own */
    size_t heading_index; /* that heading's index in kj_passages.headings; 0 when
                             heading is NULL */
    size_t start, end;    /* code points in the passage's (heading's) original text */
    const char *text;     /* the flagged original text (arena) */
    int item;             /* sensitive item (4,5,7,8,9) that raised it, else the
                             passage's primary item, 0 when unclassified */
    int page;             /* from the passage (PDF), else 0 */
    const char *section;  /* from the passage (EDINET, DOCX), or NULL */
    int line;             /* source line of the passage (HTML, text), else 0 */
    int para;             /* 1-based paragraph number within its page or section
                             (or within the document when it has neither); a
                             heading's is that of the passage after it in its page
                             or section (one more than the passages before it there) */
    int col;              /* 1-based column (code points) of start in the passage */
    const char *message;  /* one line: what was found (arena) */
    const char *why;      /* why it helps an attacker, in the passage's language (arena) */
    const char *how;      /* how to say it at a safe level of detail (arena) */
} kj_lint_finding;

/* A check that could not finish: a pattern of a rule (or its context) gave
 * up on a passage or heading for another reason than finding no match, so
 * that rule's findings there may be incomplete (those found before it gave
 * up are reported). One per rule and text, in document order. Not a
 * finding: --min-severity leaves it alone. */
typedef struct {
    const char *rule;      /* rule id (linter-owned) */
    kj_lint_reason reason; /* why */
    int code;              /* the negative code pcre2_match returned */
    size_t passage;        /* as kj_lint_finding.passage */
    const char *heading;   /* as kj_lint_finding.heading: the heading's text, or NULL
                              for a passage (arena) */
    size_t heading_index;  /* as kj_lint_finding.heading_index */
    int page;              /* the passage's (heading's) place, as a finding's */
    const char *section;
    int line;
    int para;
    const char *message; /* one line in the text's language: why the check stopped and
                            that the rule's findings there may be incomplete (arena) */
} kj_lint_incomplete;

typedef struct {
    kj_lint_finding *items; /* arena; in document order */
    size_t n;
    size_t by_severity[3];          /* counts per kj_severity */
    kj_lint_incomplete *incomplete; /* checks that could not finish (arena), in document
                                       order; NULL when none */
    size_t n_incomplete;
} kj_lint_result;

typedef struct kj_linter kj_linter;

/* Load the rules from dir (NULL = <data dir>/lint) and compile them. Errors
 * name the file and line of a bad entry. Caller frees with kj_linter_free(). */
kj_status kj_linter_load(const char *dir, kj_linter **out, kj_error *err);
void kj_linter_free(kj_linter *l);

/* Number of rules, and the id of rule i (linter-owned). */
size_t kj_linter_rule_count(const kj_linter *l);
const char *kj_linter_rule_id(const kj_linter *l, size_t i);

/*
 * Lint passages and the headings among them (ps->headings). cls (one per
 * passage, may be NULL) weights severities by the items each passage is
 * classified into; matches + lex (may be NULL) add lexicon hits of category
 * "sensitive". Findings below min are dropped. Memory from arena.
 * Thread-safe for a shared linter.
 */
kj_status kj_lint_passages(const kj_linter *l, const kj_passages *ps, const kj_classification *cls,
                           const kj_matches *matches, const kj_lexicon *lex, kj_severity min,
                           kj_arena *arena, kj_lint_result *out, kj_error *err);

/* Lint an analysed document (its passages, classifications and matches). */
kj_status kj_lint_analysis(const kj_linter *l, const kj_doc_analysis *a, const kj_lexicon *lex,
                           kj_severity min, kj_arena *arena, kj_lint_result *out, kj_error *err);

/*
 * The same lint passage by passage (kj_analyze_document_each): kj_lint_begin(),
 * kj_lint_passage() for each passage i = 0, 1, ... in order while it has its
 * normalised text (cls and mt may be NULL), which lints the headings before
 * passage i too, then kj_lint_end() with the same passages (ps, every one
 * of them linted: KJ_ERR_ARG otherwise; NULL lints no heading), which lints
 * the headings after the last passage (all of them when there is no
 * passage), sorts and merges the findings into *out and frees the run
 * (kj_lint_run_free when abandoned). Findings live in arena.
 */
typedef struct kj_lint_run kj_lint_run;
kj_status kj_lint_begin(const kj_linter *l, const kj_lexicon *lex, kj_severity min, kj_arena *arena,
                        kj_lint_run **out, kj_error *err);
kj_status kj_lint_passage(kj_lint_run *r, const kj_passages *ps, size_t i,
                          const kj_classification *cls, const kj_matches *mt, kj_error *err);
kj_status kj_lint_end(kj_lint_run *r, const kj_passages *ps, kj_lint_result *out, kj_error *err);
void kj_lint_run_free(kj_lint_run *r);

/* The location of a finding as the diagnostics print it (documented in
 * `kaiji help lint`): "p<page>:<para>" for paged documents, "<section>:<para>"
 * for sectioned ones, "<line>:<col>" for HTML and text, "<para>:<col>"
 * otherwise. Writes into out (always NUL-terminated). */
void kj_lint_location(const kj_lint_finding *f, char *out, size_t outsz);

/* The location of a check that could not finish, as kj_lint_location's of a
 * finding at the start of its passage or heading (column 1). */
void kj_lint_incomplete_location(const kj_lint_incomplete *g, char *out, size_t outsz);

/* Print findings as compiler-style diagnostics
 * "path:loc: severity[rule]: message" followed by indented why/how lines,
 * and among them, in document order (after the findings of their passage or
 * heading), the checks that could not finish as "path:loc:
 * incomplete[rule]: message" (kj_lint_print_incomplete). */
void kj_lint_print_text(const kj_lint_result *r, const char *path, FILE *f);

/* Print only the checks of r that could not finish, as kj_lint_print_text. */
void kj_lint_print_incomplete(const kj_lint_result *r, const char *path, FILE *f);

/* Append findings as JSON objects (comma-separated, no brackets; *first
 * tracks whether a comma is needed across calls). */
kj_status kj_lint_append_json(const kj_lint_result *r, const char *path, kj_buf *b, int *first);

/* Append the checks of r that could not finish as JSON objects (file, loc,
 * rule, reason, passage, heading, page, section, line, para, message), as
 * kj_lint_append_json. */
kj_status kj_lint_append_incomplete_json(const kj_lint_result *r, const char *path, kj_buf *b,
                                         int *first);

#endif
