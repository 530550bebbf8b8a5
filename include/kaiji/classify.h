/*
 * kaiji/classify.h - the fourth stage: decide which of the guide's ten items
 * and 21 elements a passage substantively discloses, with a score in [0, 1]
 * per label and the evidence (matched terms) behind each label.
 *
 * The model is linear and explainable: features are lexicon hits (by term and
 * by category x item) and hashed character n-grams of the normalised text;
 * one logistic-regression weight vector per item and per element, trained by
 * `kaiji train` (make model) on the labelled sentences in data/train/ and
 * stored in data/model/. The framework tables (item and element ids and
 * names, framework "mic-2019") are here too.
 */
#ifndef KAIJI_CLASSIFY_H
#define KAIJI_CLASSIFY_H

#include "kaiji/common.h"
#include "kaiji/match.h"
#include "kaiji/text.h"

#define KJ_N_ITEMS 10
#define KJ_N_ELEMENTS 21
#define KJ_FRAMEWORK "mic-2019"

/* The most bytes of one line `classify --jsonl` reads (its LF not
 * counted): a passage is some thousands of characters, and a line of 4 MiB
 * holds a whole annual report (the tests' hostile passages for the topic
 * rules are up to 3.6 MB). Classifying one passage takes some 35 bytes of
 * memory per byte of it (its text index, its matches), and getline read a
 * line of any length whole: a line of 21 MB took 780 MB, one of a few
 * hundred MB would take gigabytes. A longer line is read past, not kept,
 * and gives an error line as a bad line does. */
#define KJ_CLASSIFY_MAX_LINE ((size_t)4 << 20)

/* Element ids "1.1" .. "10.2" in order; index 0..20. Static storage. */
const char *kj_element_id(int element);
/* Item (1..10) an element belongs to. */
int kj_element_item(int element);
/* Index of an element id such as "7.1", or -1. */
int kj_element_parse(const char *id);
/* Short item names (Japanese, English), item 1..10. Static storage. */
const char *kj_item_name_ja(int item);
const char *kj_item_name_en(int item);
/* Short element descriptions (English / Japanese). Static storage. */
const char *kj_element_name_en(int element);
const char *kj_element_name_ja(int element);

typedef struct kj_model kj_model;

/*
 * Load the model in dir (NULL = <data dir>/model) for the given lexicon (the
 * model records the lexicon version it was trained with and refuses a
 * different one with KJ_ERR_DATA: run `make model`). Caller frees with
 * kj_model_free().
 */
kj_status kj_model_load(const char *dir, const kj_lexicon *lex, kj_model **out, kj_error *err);
void kj_model_free(kj_model *m);
/* "<model hash>" (lexicon-and-weights version; model-owned). */
const char *kj_model_version(const kj_model *m);

/* Evidence: a matched term supporting an item. */
typedef struct {
    int item;          /* 1..10 */
    int element;       /* -1 when the term is not tied to an element */
    const char *term;  /* the original text of the hit (arena-owned) */
    size_t start, end; /* code points in the passage's original text */
    float weight;      /* contribution to the item's score */
} kj_evidence;

/* An element that scores this much or more in a passage (its probability)
 * is mentioned there, whether or not it is selected: coverage counts it as
 * mentioned under an item the passage is given (kj_classification.mentioned). */
#define KJ_MENTION_SCORE 0.3f

/* A passage's labels. Small (120 bytes): a document analysis keeps one per
 * passage, so the element scores are kept only as the elements they
 * mention, and counts are small integers. */
typedef struct {
    float scores[KJ_N_ITEMS + 1];  /* [1..10]; [0] unused */
    float relevance;               /* probability the passage is about any item */
    uint32_t mentioned;            /* bit e: element e scored KJ_MENTION_SCORE or more */
    signed char items[KJ_N_ITEMS]; /* selected items, best first (small: one per passage) */
    signed char n_items;
    signed char primary;                 /* best item, 0 when not about cybersecurity */
    signed char elements[KJ_N_ELEMENTS]; /* selected element indices, by item then score */
    signed char n_elements;
    /* Why the passage is taken to be about cybersecurity at all (0 when it
     * is not): KJ_ON_TOPIC_HEADING when its heading names the topic, else
     * KJ_ON_TOPIC_TEXT; and the n_topic terms of its own text that name the
     * topic (kj_matches_have_topic), as code points in its original text. */
    signed char on_topic;
    signed char n_topic;
    uint32_t topic_start[2], topic_end[2];
    uint32_t n_evidence;
    kj_evidence *evidence; /* arena-owned; NULL (n_evidence 0) in a kj_doc_analysis,
                              which rebuilds it on demand: kj_doc_classification() */
} kj_classification;
_Static_assert(KJ_N_ELEMENTS <= 32, "kj_classification.mentioned has a bit per element");

/* kj_classification.on_topic */
enum { KJ_ON_TOPIC_HEADING = 1, KJ_ON_TOPIC_TEXT = 2 };

/*
 * Classify a passage given its lexicon matches. Memory for evidence comes
 * from arena. Thread-safe for a shared model. A passage that names no
 * cybersecurity topic (kj_matches_have_topic) gets no item and primary 0,
 * and is not scored: its scores and relevance are 0. A passage under a
 * heading that names the topic is about it without naming it:
 * kj_classify_under(), which kj_analyze_document() uses.
 */
kj_status kj_classify(const kj_model *m, const kj_lexicon *lex, const kj_passage *p,
                      const kj_matches *mt, kj_arena *arena, kj_classification *out, kj_error *err);

/* What the heading a passage sits under is about (kj_heading_subject):
 * only another subject (「（8）自然災害」, "Legal Proceedings"), neither (or
 * no heading), the cybersecurity topic (「情報セキュリティ」, "Item 1C.
 * Cybersecurity"), or the topic named only with a bare word for security
 * (「安全・セキュリティ」, "Security"): the topic, unless the passage under it
 * speaks of physical security (kj_matches_speak_of_physical_security), when
 * it is no heading at all. */
enum { KJ_HEADING_UNRELATED = -1, KJ_HEADING_NONE = 0, KJ_HEADING_TOPIC = 1, KJ_HEADING_SENSE = 2 };

/*
 * What heading (len bytes of UTF-8, in language lang or KJ_LANG_AUTO) is
 * about, into *subject: KJ_HEADING_TOPIC when it names the cybersecurity
 * topic (kj_matches_have_topic), KJ_HEADING_SENSE when it names it only with
 * a bare word for security, KJ_HEADING_UNRELATED when it names only
 * another subject (kj_matches_name_unrelated), else KJ_HEADING_NONE. The
 * heading is normalised and scanned with sc; memory from arena.
 */
kj_status kj_heading_subject(const kj_lexicon *lex, kj_scanner *sc, const char *heading, size_t len,
                             kj_lang lang, kj_arena *arena, int *subject, kj_error *err);

/*
 * kj_classify() for a passage under a heading of that subject
 * (kj_heading_subject): under KJ_HEADING_TOPIC the passage is about the
 * topic without naming it (its item scores decide: a document says so by
 * placing it there), and so under KJ_HEADING_SENSE unless it speaks of
 * physical security; under KJ_HEADING_UNRELATED it counts only when it names
 * the topic with a sure term (KJ_TOPIC_SURE), else it is a passing mention;
 * KJ_HEADING_NONE is kj_classify().
 */
kj_status kj_classify_under(const kj_model *m, const kj_lexicon *lex, const kj_passage *p,
                            const kj_matches *mt, int heading_subject, kj_arena *arena,
                            kj_classification *out, kj_error *err);

/* ---- Explanation ---------------------------------------------------- */

/* What gives a feature of a passage (kj_explain_feature.kind). */
typedef enum {
    KJ_EXPLAIN_TEXT, /* the passage's own words: a character trigram (Japanese) or a
                        word or pair of words (English, Latin words in Japanese) */
    KJ_EXPLAIN_TERM, /* a lexicon term the passage matches */
    KJ_EXPLAIN_KIND, /* the category, item and element of matched terms */
    KJ_EXPLAIN_HITS, /* how much the matched terms name one item (their weights) */
    KJ_EXPLAIN_LANG  /* the passage's language */
} kj_explain_kind;

/* One feature's share of an item's log-odds. */
typedef struct {
    kj_explain_kind kind;
    const char *what;     /* TEXT, TERM: the text as the passage writes it (its first place);
                             else a short description ("measure terms of 5.1"); arena-owned
                             or static */
    size_t start, end;    /* TEXT, TERM: code points of its first place in the passage's
                             original text; 0 otherwise, and when the passage keeps no map */
    unsigned places;      /* TEXT, TERM: how many places of the text give the feature */
    int item;             /* KIND, HITS: the item of the terms (0: terms of no item) */
    int element;          /* KIND: the element of the terms, or -1 */
    const char *category; /* KIND: the terms' category as the models see it ("ir",
                             "cyber"; lexicon-owned or static), else NULL */
    kj_lang lang;         /* LANG: the language */
    float value;          /* the feature's value in the passage */
    float contribution;   /* value times the feature's weight for the item */
} kj_explain_feature;

/* An item's log-odds for a passage taken apart. */
typedef struct {
    int item;                     /* 1..10 */
    double bias;                  /* the item's bias */
    double logit;                 /* bias + every contribution: the whole passage's log-odds */
    float score;                  /* its probability, the item's score for a model that
                                     scores passages whole (make model's) */
    kj_explain_feature *features; /* every feature with a weight for the item, larger
                                     shares first whatever their sign (arena-owned) */
    size_t n;
} kj_explanation;

/*
 * Why the model scores passage p (with its lexicon matches mt) as it does
 * for item (1..10): the bias and each feature's contribution, which add up
 * to the log-odds of the whole passage. The features are those the
 * classifier takes (kj_classify), named by the text, term, category, item
 * or language that gives them. Whether the passage is about the topic at
 * all (kj_classify's gate) is not part of it: an explanation is given for
 * any passage. Memory from arena. KJ_ERR_ARG for an item out of range.
 */
kj_status kj_explain_item(const kj_model *m, const kj_lexicon *lex, const kj_passage *p,
                          const kj_matches *mt, int item, kj_arena *arena, kj_explanation *out,
                          kj_error *err);

/* kj_explain_item for each of the n items (1..10) into out[0..n), the
 * passage's features taken once for all of them. */
kj_status kj_explain_items(const kj_model *m, const kj_lexicon *lex, const kj_passage *p,
                           const kj_matches *mt, const int *items, int n, kj_arena *arena,
                           kj_explanation *out, kj_error *err);

/* ---- Features (shared by training and classification) -------------- */

/* Size of the hashed feature space, and its bits. */
#define KJ_FEAT_BITS 18
#define KJ_FEAT_DIM (1u << KJ_FEAT_BITS)

/* A sparse feature vector: sorted unique indices (< KJ_FEAT_DIM) and values. */
typedef struct {
    uint32_t *idx;
    float *val;
    size_t n;
} kj_features;

/* Extract the features of a passage (arena memory). */
kj_status kj_features_extract(const kj_lexicon *lex, const kj_passage *p, const kj_matches *mt,
                              kj_arena *arena, kj_features *out);

/* ---- Training ------------------------------------------------------- */

typedef struct {
    const char *train_dir;     /* directory of *.jsonl labelled passages */
    const char *lexicon_dir;   /* NULL = <data dir>/lexicon */
    const char *out_dir;       /* where model.tsv is written (atomically) */
    double C;                  /* inverse regularisation strength (e.g. 1.0) */
    int folds;                 /* cross-validation folds for thresholds (e.g. 5) */
    double min_weight;         /* weights smaller in magnitude are not stored */
    int verbose;               /* progress on stderr */
    int mix;                   /* extra passages made by running 2-3 passages of one
                                  language together (0: none); see train.c */
    int spans;                 /* also learn from sentences: the best sentence of a passage
                                  with a label as a positive, every sentence of one
                                  without it as a negative (0: passages only); train.c */
    int whole_only[2];         /* Japanese [0], English [1]: score passages of that language
                                  by the whole passage only, not also by their best sentence
                                  (thresholds are tuned so; written into the model) */
    const char *calibrate_dir; /* labelled one-sentence statements (*.jsonl) apart from the
                                  training passages, on which the threshold factor for short
                                  passages is tuned (NULL: none, factor 1); calibrate.c */
} kj_train_options;

/* Train the item and element models on every *.jsonl in o->train_dir (lines
 * {"text", "lang"?, "items", "elements"}) and write o->out_dir/model.tsv,
 * then, with o->calibrate_dir, tune the short passages' threshold factor. */
kj_status kj_train(const kj_train_options *o, kj_error *err);

/* ---- Whole-document analysis ----------------------------------------- */

/* What evidence needs of a lexicon term: its item (0 = never evidence),
 * element (-1 none) and model weight for its item. */
typedef struct {
    signed char item, element;
    float weight;
} kj_evidence_term;

/* The matches of one passage that evidence is rebuilt from, packed: per
 * match, unsigned LEB128 varints of the term id, the start's distance from
 * the previous match's start (zigzag-coded) and the length, in code points
 * of the passage's original text. */
typedef struct {
    const unsigned char *code; /* doc arena; NULL when n is 0 */
    uint32_t len;              /* bytes of code */
    uint32_t n;                /* matches */
} kj_packed_matches;

/* Everything the later stages need from one analysed document: passages with
 * their matches and classifications, plus document-level coverage. */
typedef struct {
    const kj_document *doc;           /* not owned */
    kj_passages passages;             /* doc arena */
    kj_matches *matches;              /* one per passage (doc arena), or NULL after
                                         kj_analyze_document_each() with a visitor */
    kj_packed_matches *ev_matches;    /* one per passage (doc arena) when matches is
                                         NULL: only those evidence is made of */
    kj_classification *cls;           /* one per passage, without evidence; doc arena */
    const kj_evidence_term *ev_terms; /* per lexicon term id (doc arena), or NULL when
                                         cls[i].evidence is filled in */
    size_t n_ev_terms;
    kj_lang lang;                      /* majority language of the passages */
    float item_max[KJ_N_ITEMS + 1];    /* best passage score per item */
    int item_passages[KJ_N_ITEMS + 1]; /* passages whose items include the item */
    int el_passages[KJ_N_ELEMENTS];    /* passages whose elements include the element */
    int relevant_passages;             /* passages with a primary item */
} kj_doc_analysis;

/* A loaded lexicon and model, ready to analyse many documents. */
typedef struct {
    kj_lexicon *lex;
    kj_model *model;
} kj_analyzer;

/* Load lexicon and model from the data directory (data_dir NULL = default).
 * Caller frees with kj_analyzer_free(). */
kj_status kj_analyzer_load(const char *data_dir, kj_analyzer **out, kj_error *err);
void kj_analyzer_free(kj_analyzer *a);

/*
 * Segment, match and classify every passage of doc. sc is the caller's
 * per-thread scanner for a->lex. Memory comes from doc->arena; out is filled,
 * every passage keeping its normalised text (without offset map) and all its
 * matches. opts may be NULL.
 */
kj_status kj_analyze_document(const kj_analyzer *a, kj_scanner *sc, const kj_document *doc,
                              const kj_segment_options *opts, kj_doc_analysis *out, kj_error *err);

/* A later stage's look at passage i of a while it is being analysed:
 * a->passages.items[i] has its normalised text (with offset map), a->cls[i]
 * its classification, mt all its matches; these, and whatever the visitor
 * allocates from scratch, are valid only during the call. Passages before i
 * are complete as kj_analyze_document_each() leaves them; the document-level
 * fields of a (lang, tallies) are not yet filled in. */
typedef kj_status (*kj_passage_visitor)(void *ud, const kj_doc_analysis *a, size_t i,
                                        const kj_matches *mt, kj_arena *scratch, kj_error *err);

/*
 * kj_analyze_document(), calling visit (when not NULL) on each passage in
 * order. With a visitor, passages keep no normalised text (norm is zeroed),
 * a->matches is NULL and a->ev_matches keeps, packed, only the matches
 * evidence is made of (kj_doc_passage_classification() rebuilds it): the
 * stages that read the normalised text or all matches
 * (assessment, lint) run inside the visitor instead (kj_assess_passage,
 * kj_lint_passage). A visitor's error stops the analysis and is returned.
 */
kj_status kj_analyze_document_each(const kj_analyzer *a, kj_scanner *sc, const kj_document *doc,
                                   const kj_segment_options *opts, kj_passage_visitor visit,
                                   void *ud, kj_doc_analysis *out, kj_error *err);

/* Passage i's classification with its evidence, whichever way a keeps the
 * matches: kj_doc_classification() itself, or on matches unpacked from
 * a->ev_matches[i] into arena. Same result, lifetime and NULL on allocation
 * failure as kj_doc_classification(). */
const kj_classification *kj_doc_passage_classification(const kj_doc_analysis *a, size_t i,
                                                       kj_arena *arena, kj_classification *tmp);

/* The kj_evidence_term of every lexicon term (n gets the lexicon's size), in
 * arena; NULL on allocation failure. */
kj_evidence_term *kj_evidence_terms(const kj_model *m, const kj_lexicon *lex, kj_arena *arena,
                                    size_t *n);

/*
 * Passage i's classification with its evidence: &a->cls[i] itself when that
 * carries its evidence (or has none: no selected item), else *tmp, a copy
 * whose evidence (the same records kj_classify() gives) is rebuilt from the
 * passage's matches into arena (usually a scratch arena the caller resets
 * per passage). NULL on allocation failure. The result is valid while a,
 * *tmp and arena are.
 */
const kj_classification *kj_doc_classification(const kj_doc_analysis *a, size_t i, kj_arena *arena,
                                               kj_classification *tmp);

#endif
