/*
 * model_internal.h - the in-memory layout of the linear model, shared by
 * model.c (loading, scoring), classify.c and train.c. Not a public header.
 */
#ifndef KAIJI_MODEL_INTERNAL_H
#define KAIJI_MODEL_INTERNAL_H

#include <jansson.h>

#include "kaiji/classify.h"

/* Labels: 0..9 are items 1..10, 10..30 are elements 0..20, and 31 is
 * "relevant": the passage discusses any item at all (a gate that keeps
 * passing mentions of security words from being labelled). */
#define KJ_LABEL_RELEVANT (KJ_N_ITEMS + KJ_N_ELEMENTS)
#define KJ_N_LABELS (KJ_LABEL_RELEVANT + 1)

#define KJ_DENSE_STRIDE 32 /* floats per row of kj_model.dense: KJ_N_LABELS and padding */
_Static_assert(KJ_N_LABELS <= KJ_DENSE_STRIDE, "a dense row holds every label");

struct kj_model {
    /* The weights as CSR rows, as read; freed (NULL) once a loaded model
     * has them in dense, which scoring and kj_model_weight then read. */
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
    float short_factor[2]; /* Japanese [0], English [1]: kj_model_label_threshold's factor for a
                              short passage ("short_factor ja|en F" lines; 1 without) */
    int whole_only[2];     /* Japanese [0], English [1]: scored by the whole passage only
                              (the model's "passage_only" line), not also by its best sentence */
    float primary_threshold;
    char lexicon_version[64];
    char version[17];
    int from_cache; /* 1 when the weights came from model.bin, not a parse of model.tsv */
};

/* The decision threshold of a label for a passage in lang: the one tuned on
 * that language's training passages when the model has it, else the one
 * tuned on all of them. */
float kj_model_threshold(const kj_model *m, kj_lang lang, int label);

/* A passage of fewer code points than these (one sentence, a bullet) is
 * short: its text features are few, so its scores run lower than a
 * paragraph's that says the same, and its item and element thresholds are
 * lowered by the factor tuned for short training passages. */
#define KJ_SHORT_CHARS_JA 70
#define KJ_SHORT_CHARS_EN 140

/* Whether the normalised text s (len bytes) in lang is short. */
int kj_text_is_short(const char *s, size_t len, kj_lang lang);

/* One labelled passage of a JSON-lines file (kj_jsonl_dir_each): its line's
 * object, its "text" and its "lang" (KJ_LANG_AUTO when absent or unknown);
 * path and lineno say where it is, for errors. */
typedef kj_status (*kj_jsonl_fn)(const char *path, int lineno, json_t *obj, const char *text,
                                 kj_lang lang, void *ud, kj_error *err);

/* Hand every line of every *.jsonl file of dir, in name order, to fn; a
 * line that is not a JSON object with a "text" string and well-formed
 * labels (an "items" array of items 1-10, "elements" of those items, a
 * "lang" of "ja" or "en") is an error naming the file and the line
 * (jsonl.c). Stops at the first error. */
kj_status kj_jsonl_dir_each(const char *dir, kj_jsonl_fn fn, void *ud, kj_error *err);

/* The labels of a line kj_jsonl_dir_each handed over (its labels checked
 * there): bit it - 1 for each item of "items" (and KJ_LABEL_RELEVANT when
 * there is any), bit KJ_N_ITEMS + e for each element e of "elements". */
uint32_t kj_jsonl_labels(json_t *obj);

/* The bits of the items among labels (kj_jsonl_labels). */
#define KJ_ITEM_BITS ((1u << KJ_N_ITEMS) - 1)

/* Tune the threshold factor for short passages of the model in model_dir
 * on the labelled statements of the *.jsonl files in dir and add it to
 * model_dir/model.tsv, before its end line (calibrate.c). */
kj_status kj_calibrate_short(const char *model_dir, const kj_lexicon *lex, const char *dir,
                             int verbose, kj_error *err);

/* The last line of model.tsv: "end N", N the number of lines before it
 * (model_file.c). */
#define KJ_MODEL_END "end"

/* Write body (len bytes of whole lines: a model without its end line) and
 * the end line that counts them to path, through a temporary file renamed
 * into place, so a reader sees the old model or the new one whole. */
kj_status kj_model_write(const char *path, const char *body, size_t len, kj_error *err);

/* Into *body the length of the lines of model file path (data, len bytes)
 * before its end line, when its last line is the end line and counts them;
 * else KJ_ERR_DATA and an error naming path that says to retrain (a file
 * cut short, even at a line's end, or that lost or gained lines). */
kj_status kj_model_body(const char *path, const char *data, size_t len, size_t *body,
                        kj_error *err);

/* kj_model_threshold of a label (an item, an element or the relevance gate)
 * for a passage that is short (kj_text_is_short) or not: times the
 * language's short factor for a short one. */
float kj_model_label_threshold(const kj_model *m, kj_lang lang, int label, int is_short);

/* Whether kj_classify scores the sentence [start, end) of a passage whose
 * normalised text is len bytes on its own: at least 12 bytes and not the
 * whole passage. Training tunes thresholds on the same spans. */
int kj_span_scored(size_t start, size_t end, size_t len);

/* A callback for one span [start, end) of bytes of a text. */
typedef void (*kj_span_fn)(size_t start, size_t end, void *ud);

/* Call fn for every span of passage p's normalised text (bytes of p->norm)
 * that the classifier scores on its own besides the whole: each sentence
 * (kj_split_passage_sentences: the passage's own text tells a lower-case
 * continuation where p->norm.map is there) and, when p is Japanese, each
 * clause of a sentence that has two or more (spans.c). fn still applies
 * kj_span_scored. */
void kj_scored_spans(const kj_passage *p, kj_span_fn fn, void *ud);

/* The matches of mt that lie inside the bytes [start, end) of the normalised
 * text (a view into mt; mt is sorted by nstart). */
kj_matches kj_span_matches(const kj_matches *mt, size_t start, size_t end);

/* Probability of every label for a feature vector (prob has KJ_N_LABELS). */
void kj_model_scores(const kj_model *m, const kj_features *f, float *prob);

/* kj_classify_under(), with the evidence collected only when evidence is
 * nonzero (kj_analyze_document rebuilds it on demand:
 * kj_doc_classification()); heading_topic is a KJ_HEADING_* (classify.h).
 * Under KJ_HEADING_TOPIC the passage needs neither to name the topic nor to
 * pass the relevance model; under KJ_HEADING_SENSE likewise, unless it speaks
 * of physical security (then as under no heading). */
kj_status kj_classify_labels(const kj_model *m, const kj_lexicon *lex, const kj_passage *p,
                             const kj_matches *mt, int heading_topic, kj_arena *arena,
                             kj_classification *out, int evidence, kj_error *err);

/* The weight of one feature for one label (0 when absent). */
float kj_model_weight(const kj_model *m, uint32_t feat, int label);

/* Raw logits (bias + weighted features, summed in feature order) of every
 * label (z has KJ_N_LABELS). */
void kj_model_logits(const kj_model *m, const kj_features *f, double *z);

/* The hashed index of a feature: FNV-1a over a namespace byte and the
 * feature's bytes, modulo KJ_FEAT_DIM (features.c). */
uint32_t kj_feature_hash(char ns, const char *s, size_t len);

/* The feature of how much a passage's matched terms name item it (1..10;
 * 0: terms tied to no item), and that of language lang (features.c). */
uint32_t kj_item_feature(int it);
uint32_t kj_lang_feature(kj_lang lang);

/* The hashed feature index of a lexicon term's own feature, from its entry
 * (term, item, element, category), not its id (features.c). */
uint32_t kj_feature_term_index(const kj_term *t);

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

/* A set of byte positions of a text with constant-time rank, so a span's
 * count of them is two lookups (not two binary searches a span). */
typedef struct {
    uint64_t *bits; /* bit p: position p is in the set (len + 1 bits, arena; NULL: empty) */
    uint32_t *rank; /* set bits before each word of bits */
} kj_pos_set;

/* The lexicon features of a passage's matches, ready for its spans
 * (kj_text_index_prepare): entries are each match's term feature then kind
 * feature, those the index keeps, in match order. */
typedef struct {
    const kj_matches *mt; /* the passage's matches (not owned) */
    uint32_t *at;         /* per match, and one more: its first entry */
    uint32_t *row;        /* per entry: the dense row of its feature */
    uint32_t *prev;    /* per entry: 1 + the last entry before it with its feature, 0 when none */
    signed char *item; /* per match: its term's item, -1 when the lexicon has no such term */
    float *weight;     /* per match: its term's weight */
    uint32_t item_row[KJ_N_ITEMS + 1], lang_row[2]; /* [0] Japanese, [1] English */
    unsigned char item_kept[KJ_N_ITEMS + 1], lang_kept[2];
    int plain; /* no kept item or language feature is another's or an entry's, so a span's
                  lexicon features merge only where an entry repeats */
} kj_lex_rows;

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
    int spans;            /* indexed for spans other than the whole too (the next three) */
    kj_pos_set char_at;   /* start of every counted character (KJ_CHAR_COUNT each) */
    kj_pos_set word_at;   /* start of every counted word (count 1 each) */
    kj_tok_list pairs;    /* every word bigram (count 1 each; idx unused) */
    size_t count;         /* what the whole text's characters, words and bigrams count */
    uint32_t *set;        /* open addressing table of every listed token's idx + 1 (features.c) */
    size_t set_cap;       /* a power of two, or 0 when set is NULL */
    int cross;            /* some idx is both a character and a word feature (kj_tok.cross) */
    uint32_t *whole;      /* the distinct listed features of the whole text, in the order
                             kj_span_features takes them (arena) */
    size_t n_whole;
    /* set by kj_text_index_prepare (zero until then): */
    uint32_t *whole_row; /* the dense row of each of whole */
    kj_lex_rows lex;
    int tails_apart; /* no lexicon, item or language feature a span can have is listed */
} kj_text_index;

/* The first line of a model file. The number changes whenever the features
 * change (hashing, n-grams, scaling): a model trained on other features
 * would load and quietly give wrong scores, so it is refused instead.
 * 2: Japanese text as character trigrams of packed code points. */
#define KJ_MODEL_MAGIC "kaiji-model 2"

/* The feature of a character trigram whose code points are packed, 21
 * bits each, into key ((a << 42) | (b << 21) | c): the key mixed by one
 * multiply (Fibonacci hashing), its top KJ_FEAT_BITS bits. */
static inline uint32_t kj_trigram_feature(uint64_t key) {
    return (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> (64 - KJ_FEAT_BITS));
}

/* Index len bytes of s (ja: with character n-grams), keeping only features
 * in keep (NULL: all). spans: whether spans other than the whole text will
 * be asked of the index (kj_span_features, kj_span_vec_in); where they
 * start and how they repeat is indexed only then. An index for the whole
 * only gives another span as exactly, from an index of that span alone.
 * Memory from arena. */
kj_status kj_text_index_build(const char *s, size_t len, int ja, const uint64_t *keep, int spans,
                              kj_arena *arena, kj_text_index *out);

/* The features of bytes [start, end) of the indexed text with the lexicon
 * matches mt (those of the span), exactly as kj_features_extract gives for
 * that span as a passage of language lang, less the features ti drops. m
 * (may be NULL) supplies cached term features. Memory from ti's arena. */
kj_status kj_span_features(const kj_text_index *ti, size_t start, size_t end, const kj_lexicon *lex,
                           const kj_model *m, const kj_matches *mt, kj_lang lang, kj_features *out);

/* kj_feat_room remembers logf(1 + x) of 2^KJ_LOG_MEMO_BITS item weights. */
#define KJ_LOG_MEMO_BITS 4

/* Where a byte position of an indexed text falls: the first character and
 * word token ending after it. */
typedef struct {
    size_t pos;
    size_t tok[2];
} kj_span_mark;

/* Room for feature vectors that one caller reuses span after span of one
 * index (memory from the index's arena; zero-initialise it before the first
 * use). */
typedef struct {
    uint32_t *idx;
    float *val;
    size_t cap;
    uint32_t *rows; /* kj_span_vec_in's text rows */
    size_t rows_cap;
    /* the start and end of the last span kj_span_vec_in walked, and the
     * first match of the passage at or after the last start of all: the
     * next span mostly starts at one of them, and need not search */
    kj_span_mark mark[2];
    size_t match_pos, match_first;
    /* logf(1 + x) of item features by the bits of x (kj_span_vec_in) */
    uint32_t log_key[1 << KJ_LOG_MEMO_BITS];
    float log_val[1 << KJ_LOG_MEMO_BITS];
} kj_feat_room;

/* kj_span_features written into room, which grows as needed: the features
 * stay valid until the next call with the same room. Reusing one room keeps
 * the vectors in cache instead of taking fresh memory for every span. */
kj_status kj_span_features_in(const kj_text_index *ti, size_t start, size_t end,
                              const kj_lexicon *lex, const kj_model *m, const kj_matches *mt,
                              kj_lang lang, kj_feat_room *room, kj_features *out);

/* Replace each of the n features idx (every one weighted in m, which has
 * dense rows) by its dense row: the weighted features before it. */
void kj_model_rows(const kj_model *m, uint32_t *idx, size_t n);

/* Make ti (built keeping m->has) ready for kj_span_vec_in over spans of the
 * passage whose lexicon matches are mt (kept by pointer): note the dense
 * row of every listed token, every feature of the whole and every lexicon
 * feature, and whether any lexicon, item or language feature a span can
 * have is listed. Does nothing when m has no dense rows. */
kj_status kj_text_index_prepare(kj_text_index *ti, const kj_model *m, const kj_lexicon *lex,
                                const kj_matches *mt);

/* A span's features in the form scoring takes them fastest (known): the
 * text features as dense rows of the model, in order, all with the value
 * text_val, then the lexicon and language features as rows with their
 * values, each feature once, as in kj_span_features' vector. Otherwise
 * (not known) that vector itself, all. */
typedef struct {
    int known;
    const uint32_t *rows;
    size_t n_rows;
    float text_val;
    const uint32_t *tail_rows;
    const float *tail_val;
    size_t n_tail;
    kj_features all;
} kj_span_vec;

/* kj_span_features_in as a kj_span_vec, with mt the passage's matches (the
 * span's are chosen here, as kj_span_matches does). Known when ti is
 * prepared, the span is cut cleanly and none of its lexicon and language
 * features is listed in ti (so none merges with a text feature). Valid
 * until the next call with room; spans in text order go fastest. */
kj_status kj_span_vec_in(const kj_text_index *ti, size_t start, size_t end, const kj_lexicon *lex,
                         const kj_model *m, const kj_matches *mt, kj_lang lang, kj_feat_room *room,
                         kj_span_vec *out);

/* Raw logits of a span vector: kj_model_logits of its features (the same
 * sums in the same order). */
void kj_model_span_logits(const kj_model *m, const kj_span_vec *sv, double *z);

#endif
