/*
 * model_internal.h - the in-memory layout of the linear model, shared by
 * model.c (loading, scoring), classify.c and train.c. Not a public header.
 */
#ifndef KAIJI_MODEL_INTERNAL_H
#define KAIJI_MODEL_INTERNAL_H

#include "kaiji/classify.h"

/* Labels: 0..9 are items 1..10, 10..30 are elements 0..20, and 31 is
 * "relevant": the passage discusses any item at all (a gate that keeps
 * passing mentions of security words from being labelled). */
#define KJ_LABEL_RELEVANT (KJ_N_ITEMS + KJ_N_ELEMENTS)
#define KJ_N_LABELS (KJ_LABEL_RELEVANT + 1)

#define KJ_DENSE_STRIDE 32 /* floats per row of kj_model.dense: KJ_N_LABELS and padding */
_Static_assert(KJ_N_LABELS <= KJ_DENSE_STRIDE, "a dense row holds every label");

struct kj_model {
    uint32_t *row;  /* KJ_FEAT_DIM + 1 offsets into label/w */
    uint8_t *label; /* label of each stored weight */
    float *w;
    size_t n_weights;
    uint64_t *has;        /* KJ_FEAT_DIM bits: features with any weight */
    float *dense;         /* KJ_N_LABELS weights (0 when absent) per weighted feature, in
                             rows of KJ_DENSE_STRIDE floats (aligned_alloc, 64),
                             feature order, when no feature has two weights for one label;
                             else NULL and scoring walks the CSR rows */
    uint32_t *dense_rank; /* KJ_FEAT_DIM / 64: weighted features before each word of has, so
                             a feature's row in dense is that plus the set bits below it */
    uint32_t *term_feat;  /* per lexicon term id: its 't' and 'k' feature (NULL: none) */
    size_t n_term_feat;   /* term ids in term_feat */
    float *term_w;        /* per term id: the weight of its 't' feature for its item (0: none) */
    float bias[KJ_N_LABELS];
    float threshold[KJ_N_LABELS];         /* tuned on all training passages */
    float lang_threshold[2][KJ_N_LABELS]; /* tuned on Japanese [0] and English [1] passages */
    int has_lang_threshold[2];
    float primary_threshold;
    char lexicon_version[64];
    char version[17];
};

/* The decision threshold of a label for a passage in lang: the one tuned on
 * that language's training passages when the model has it, else the one
 * tuned on all of them. */
float kj_model_threshold(const kj_model *m, kj_lang lang, int label);

/* Whether kj_classify scores the sentence [start, end) of a passage whose
 * normalised text is len bytes on its own: at least 12 bytes and not the
 * whole passage. Training tunes thresholds on the same spans. */
int kj_span_scored(size_t start, size_t end, size_t len);

/* A callback for one span [start, end) of bytes of a text. */
typedef void (*kj_span_fn)(size_t start, size_t end, void *ud);

/* Call fn for every span of the normalised text s (len bytes) that the
 * classifier scores on its own besides the whole: each sentence and, when
 * ja, each clause of a sentence that has two or more (spans.c). fn still
 * applies kj_span_scored. */
void kj_scored_spans(const char *s, size_t len, int ja, kj_span_fn fn, void *ud);

/* The matches of mt that lie inside the bytes [start, end) of the normalised
 * text (a view into mt; mt is sorted by nstart). */
kj_matches kj_span_matches(const kj_matches *mt, size_t start, size_t end);

/* Probability of every label for a feature vector (prob has KJ_N_LABELS). */
void kj_model_scores(const kj_model *m, const kj_features *f, float *prob);
/* The weight of one feature for one label (0 when absent). */
/* kj_classify(), with the evidence collected only when evidence is nonzero
 * (kj_analyze_document rebuilds it on demand: kj_doc_classification()), and
 * heading_topic nonzero when the passage's heading names the cybersecurity
 * topic (kj_matches_have_topic): the passage is then taken to be about the topic
 * (its items decide) without naming it or passing the relevance model. */
kj_status kj_classify_labels(const kj_model *m, const kj_lexicon *lex, const kj_passage *p,
                             const kj_matches *mt, int heading_topic, kj_arena *arena,
                             kj_classification *out, int evidence, kj_error *err);
float kj_model_weight(const kj_model *m, uint32_t feat, int label);

/* Raw logits (bias + weighted features, summed in feature order) of every
 * label (z has KJ_N_LABELS). */
void kj_model_logits(const kj_model *m, const kj_features *f, double *z);

/* The hashed index of a feature: FNV-1a over a namespace byte and the
 * feature's bytes, modulo KJ_FEAT_DIM (features.c). */
uint32_t kj_feature_hash(char ns, const char *s, size_t len);

/* The hashed feature index of a lexicon term's own feature (features.c). */
uint32_t kj_feature_term_index(unsigned term_id);

/* The term's own feature and its (category, item, element) feature. */
void kj_term_features(const kj_term *t, uint32_t *term_idx, uint32_t *kind_idx);

/* ---- the text index (features.c) -------------------------------------- */

/* A hashed text feature and the bytes [lo, hi) of text it covers. dup:
 * 1 + the largest lo of an earlier token of its list with the same idx, 0
 * when none (so within a span from start the token repeats one already
 * there exactly when dup > start). */
typedef struct {
    uint32_t idx, lo, hi, dup;
    uint32_t cross; /* a word token whose idx is also a character token's */
} kj_tok;

typedef struct {
    kj_tok *items; /* arena-owned, sorted by hi */
    size_t n, cap;
} kj_tok_list;

typedef struct {
    uint32_t *items; /* arena-owned, sorted */
    size_t n, cap;
} kj_pos_list;

/* The text features of one normalised passage, computed once and shared by
 * the passage and each of its sentences. */
typedef struct {
    const char *s; /* not owned */
    size_t len;
    int ja;               /* character n-grams too */
    const uint64_t *keep; /* only features with their bit set are listed (NULL: all) */
    kj_arena *arena;      /* where the lists (and later feature vectors) live */
    kj_tok_list chars;    /* kept character n-grams, in text order */
    kj_tok_list words;    /* kept word unigrams and bigrams, in text order */
    kj_pos_list char_at;  /* start of every counted character (KJ_CHAR_COUNT each) */
    kj_pos_list word_at;  /* start of every counted word (count 1 each) */
    kj_tok_list pairs;    /* every word bigram (count 1 each; idx unused) */
    uint32_t *set;        /* open addressing table of every listed token's idx + 1 (features.c) */
    size_t set_cap;       /* a power of two, or 0 when set is NULL */
    int cross;            /* some idx is both a character and a word feature (kj_tok.cross) */
    uint32_t *whole;      /* the distinct listed features of the whole text, in the order
                             kj_span_features takes them (arena) */
    size_t n_whole;
} kj_text_index;

/* Index len bytes of s (ja: with character n-grams), keeping only features
 * in keep (NULL: all). Memory from arena. */
kj_status kj_text_index_build(const char *s, size_t len, int ja, const uint64_t *keep,
                              kj_arena *arena, kj_text_index *out);

/* The features of bytes [start, end) of the indexed text with the lexicon
 * matches mt (those of the span), exactly as kj_features_extract gives for
 * that span as a passage of language lang, less the features ti drops. m
 * (may be NULL) supplies cached term features. Memory from ti's arena. */
kj_status kj_span_features(const kj_text_index *ti, size_t start, size_t end, const kj_lexicon *lex,
                           const kj_model *m, const kj_matches *mt, kj_lang lang, kj_features *out);

/* Room for feature vectors that one caller reuses span after span (memory
 * from the index's arena; zero-initialise it before the first use). */
typedef struct {
    uint32_t *idx;
    float *val;
    size_t cap;
} kj_feat_room;

/* kj_span_features written into room, which grows as needed: the features
 * stay valid until the next call with the same room. Reusing one room keeps
 * the vectors in cache instead of taking fresh memory for every span. */
kj_status kj_span_features_in(const kj_text_index *ti, size_t start, size_t end,
                              const kj_lexicon *lex, const kj_model *m, const kj_matches *mt,
                              kj_lang lang, kj_feat_room *room, kj_features *out);

#endif
