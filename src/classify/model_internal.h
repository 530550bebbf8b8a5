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

struct kj_model {
    uint32_t *row;  /* KJ_FEAT_DIM + 1 offsets into label/w */
    uint8_t *label; /* label of each stored weight */
    float *w;
    size_t n_weights;
    float bias[KJ_N_LABELS];
    float threshold[KJ_N_LABELS];
    float primary_threshold;
    char lexicon_version[64];
    char version[17];
};

/* Probability of every label for a feature vector (prob has KJ_N_LABELS). */
void kj_model_scores(const kj_model *m, const kj_features *f, float *prob);
/* The weight of one feature for one label (0 when absent). */
float kj_model_weight(const kj_model *m, uint32_t feat, int label);

/* The hashed feature index of a lexicon term's own feature (features.c). */
uint32_t kj_feature_term_index(unsigned term_id);

#endif
