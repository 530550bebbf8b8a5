/*
 * train.c - train the linear model from labelled passages (the *.jsonl files in data/train,
 * kaiji's own sentences) with liblinear: one L2-regularised logistic
 * regression per item and per element over the features of features.c, a
 * decision threshold per label tuned on out-of-fold predictions (k-fold
 * cross-validation), written as data/model/model.tsv.
 */
#include "model_internal.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <linear.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The samples: each passage as a whole (x, what the models learn from) and,
 * for passages of more than one sentence, each sentence on its own (sx; the
 * sentences of sample i are sx[sent[i]] .. sx[sent[i + 1] - 1]). The
 * classifier scores a passage as the larger of the whole and its best
 * sentence, so thresholds are tuned on that same score. */
typedef struct {
    struct feature_node **x; /* heap; each terminated by index -1 */
    uint32_t *labels;        /* bit l set when label l applies */
    uint8_t *lang;           /* 0 Japanese, 1 English */
    int *fold;               /* cross-validation fold */
    char **text;             /* heap copy of each passage's text (for mixing) */
    size_t *sent;            /* n + 1 offsets into sx */
    size_t n, cap;
    struct feature_node **sx; /* heap; sentence vectors */
    size_t ns, scap;
} dataset;

static void dataset_free(dataset *d) {
    for (size_t i = 0; i < d->n; i++)
        free(d->x[i]);
    for (size_t i = 0; i < d->ns; i++)
        free(d->sx[i]);
    free(d->x);
    free(d->sx);
    free(d->sent);
    for (size_t i = 0; i < d->n; i++)
        free(d->text[i]);
    free(d->text);
    free(d->fold);
    free(d->labels);
    free(d->lang);
}

static int cmp_node(const void *a, const void *b) {
    const struct feature_node *x = a, *y = b;
    return x->index < y->index ? -1 : (x->index > y->index);
}

/* A liblinear vector of f (heap): ascending indices, the bias, then -1. */
static struct feature_node *to_nodes(const kj_features *f) {
    struct feature_node *nodes = malloc((f->n + 2) * sizeof *nodes);
    if (!nodes) return NULL;
    for (size_t i = 0; i < f->n; i++)
        nodes[i] = (struct feature_node){(int)f->idx[i] + 1, f->val[i]};
    qsort(nodes, f->n, sizeof *nodes, cmp_node); /* liblinear wants ascending indices */
    nodes[f->n] = (struct feature_node){(int)KJ_FEAT_DIM + 1, 1.0}; /* bias */
    nodes[f->n + 1] = (struct feature_node){-1, 0};
    return nodes;
}

static kj_status add_sample(dataset *d, const kj_features *f, uint32_t labels, kj_lang lang,
                            int fold, const char *text) {
    if (d->n + 1 >= d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 1024;
        struct feature_node **x = realloc(d->x, cap * sizeof *x);
        if (x) d->x = x;
        uint32_t *l = realloc(d->labels, cap * sizeof *l);
        if (l) d->labels = l;
        size_t *s = realloc(d->sent, (cap + 1) * sizeof *s);
        if (s) d->sent = s;
        uint8_t *g = realloc(d->lang, cap * sizeof *g);
        if (g) d->lang = g;
        int *k = realloc(d->fold, cap * sizeof *k);
        if (k) d->fold = k;
        char **t = realloc(d->text, cap * sizeof *t);
        if (t) d->text = t;
        if (!x || !l || !s || !g || !k || !t) return KJ_ERR_NOMEM;
        d->cap = cap;
    }
    if (!(d->text[d->n] = strdup(text))) return KJ_ERR_NOMEM;
    if (!(d->x[d->n] = to_nodes(f))) {
        free(d->text[d->n]);
        return KJ_ERR_NOMEM;
    }
    d->sent[d->n] = d->ns;
    d->fold[d->n] = fold;
    d->lang[d->n] = lang == KJ_LANG_EN;
    d->labels[d->n++] = labels;
    d->sent[d->n] = d->ns;
    return KJ_OK;
}

/* Add a sentence vector to the last sample. */
static kj_status add_sentence(dataset *d, const kj_features *f) {
    struct feature_node **x = kj_grow(d->sx, d->ns, &d->scap, sizeof *x, 4096);
    if (!x) return KJ_ERR_NOMEM;
    d->sx = x;
    if (!(d->sx[d->ns] = to_nodes(f))) return KJ_ERR_NOMEM;
    d->ns++;
    d->sent[d->n] = d->ns;
    return KJ_OK;
}

typedef struct {
    const kj_lexicon *lex;
    const kj_passage *p;
    const kj_matches *mt;
    kj_arena *arena;
    dataset *d;
    size_t first; /* first sentence of this sample in d->sx */
    int oom;
} sent_ctx;

/* The same spans kj_classify scores on their own: sentences of at least 12
 * bytes that are not the whole passage. */
static void add_span(size_t start, size_t end, void *ud) {
    sent_ctx *c = ud;
    if (c->oom || !kj_span_scored(start, end, c->p->norm.len)) return;
    kj_passage sp = *c->p;
    sp.norm.text = c->p->norm.text + start;
    sp.norm.len = end - start;
    kj_matches sm = kj_span_matches(c->mt, start, end);
    kj_features f;
    if (kj_features_extract(c->lex, &sp, &sm, c->arena, &f) != KJ_OK || add_sentence(c->d, &f))
        c->oom = 1;
}

/* Sentence vectors of the last sample; a single sentence is the whole and is
 * dropped, as kj_classify ignores it. */
static kj_status add_sentences(dataset *d, const kj_lexicon *lex, const kj_passage *p,
                               const kj_matches *mt, kj_arena *arena) {
    sent_ctx c = {lex, p, mt, arena, d, d->ns, 0};
    kj_scored_spans(p, add_span, &c);
    if (c.oom) return KJ_ERR_NOMEM;
    if (d->ns - c.first == 1) {
        free(d->sx[--d->ns]);
        d->sent[d->n] = d->ns;
    }
    return KJ_OK;
}

/* Add one labelled passage: its features, its sentences' and its text. */
static kj_status add_text(dataset *d, const kj_lexicon *lex, kj_scanner *sc, const char *text,
                          kj_lang lang, uint32_t labels, int fold, kj_error *err) {
    kj_arena *ar = kj_arena_new();
    kj_passage p;
    kj_matches mt;
    kj_features ft;
    kj_status st = KJ_ERR_NOMEM;
    if (ar && kj_passage_from_text(ar, text, strlen(text), lang, &p) == KJ_OK &&
        kj_match_passage(sc, &p, ar, &mt, err) == KJ_OK &&
        kj_features_extract(lex, &p, &mt, ar, &ft) == KJ_OK &&
        add_sample(d, &ft, labels, p.lang, fold, text) == KJ_OK &&
        add_sentences(d, lex, &p, &mt, ar) == KJ_OK)
        st = KJ_OK;
    kj_arena_free(ar);
    return st;
}

/* What load_sample adds to. */
typedef struct {
    dataset *d;
    const kj_lexicon *lex;
    kj_scanner *sc;
    int folds;
} loader;

/* A kj_jsonl_fn: one labelled passage into the dataset. */
static kj_status load_sample(const char *path, int lineno, json_t *obj, const char *text,
                             kj_lang lang, void *ud, kj_error *err) {
    loader *l = ud;
    int fold = (int)((l->d->n * 2654435761u) % (unsigned)l->folds);
    if (add_text(l->d, l->lex, l->sc, text, lang, kj_jsonl_labels(obj), fold, err) != KJ_OK)
        return kj_error_set(err, KJ_ERR_NOMEM, "%s:%d: cannot process sample", path, lineno);
    return KJ_OK;
}

/* A small deterministic generator (xorshift64*) so a model retrains the same. */
static uint32_t next_rand(uint64_t *state) {
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return (uint32_t)((x * 2685821657736338717ULL) >> 32);
}

/* A random passage of language g in fold k among the first n (SIZE_MAX when
 * none turns up). */
static size_t pick(const dataset *d, size_t n, int g, int k, uint64_t *rng) {
    for (int tries = 0; tries < 200; tries++) {
        size_t i = next_rand(rng) % n;
        if (d->lang[i] == g && d->fold[i] == k) return i;
    }
    return SIZE_MAX;
}

/* Add o->mix passages, each two or three passages of one language and one
 * fold run together into one paragraph, labelled with the union of their
 * labels. Real paragraphs are longer and cover more topics than most
 * training passages; this teaches the models (and the thresholds, tuned on
 * the same scores) what a topic looks like inside a longer text. Passages
 * are only mixed within a fold, so out-of-fold scores stay out of fold. */
static kj_status add_mixed(dataset *d, const kj_lexicon *lex, kj_scanner *sc,
                           const kj_train_options *o, kj_error *err) {
    size_t n = d->n;
    uint64_t rng = 0x9E3779B97F4A7C15ULL;
    for (int m = 0; m < o->mix && n > 0; m++) {
        size_t first = next_rand(&rng) % n;
        int g = d->lang[first], k = d->fold[first], parts = 2 + (int)(next_rand(&rng) % 2);
        kj_buf text = KJ_BUF_INIT;
        uint32_t labels = 0;
        for (int j = 0; j < parts; j++) {
            size_t i = j == 0 ? first : pick(d, n, g, k, &rng);
            if (i == SIZE_MAX) continue;
            if (j > 0 && g == 1) kj_buf_append(&text, " ", 1);
            kj_buf_append(&text, d->text[i], strlen(d->text[i]));
            labels |= d->labels[i];
        }
        kj_status st =
            text.data ? add_text(d, lex, sc, text.data, g ? KJ_LANG_EN : KJ_LANG_JA, labels, k, err)
                      : KJ_ERR_NOMEM;
        kj_buf_free(&text);
        if (st != KJ_OK) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory mixing passages");
    }
    return KJ_OK;
}

static kj_status load_dir(const kj_train_options *o, const kj_lexicon *lex, dataset *d,
                          kj_error *err) {
    kj_scanner *sc;
    kj_status st = kj_scanner_new(lex, &sc, err);
    if (st != KJ_OK) return st;
    loader l = {d, lex, sc, o->folds};
    st = kj_jsonl_dir_each(o->train_dir, load_sample, &l, err);
    if (st == KJ_OK && o->mix > 0 && d->n > 0) st = add_mixed(d, lex, sc, o, err);
    kj_scanner_free(sc);
    if (st == KJ_OK && d->n == 0)
        st = kj_error_set(err, KJ_ERR_DATA, "%s: no training samples (*.jsonl)", o->train_dir);
    return st;
}

static void quiet(const char *s) {
    (void)s;
}

static double score_vec(const double *w, const struct feature_node *x);

/* The liblinear problem of label: the passages with fold != skip (skip < 0:
 * all) and, when pick is given (weights of a model trained on the same
 * passages), their spans (sentences and clauses, kj_scored_spans): the
 * best-scoring span of each passage with the label as one more positive,
 * and every span of each passage without it as a negative. A passage
 * without a label has no span about it; a passage with it has at least one,
 * most likely its best. So the model learns what the label looks like in
 * one span, which is what the classifier's best-span score asks of it.
 * prob's arrays are heap. */
static int build_problem(const dataset *d, int label, const int *fold, int skip, const double *pick,
                         struct problem *prob) {
    size_t cap = d->n + (pick ? d->ns : 0);
    prob->x = malloc((cap ? cap : 1) * sizeof *prob->x);
    prob->y = malloc((cap ? cap : 1) * sizeof *prob->y);
    if (!prob->x || !prob->y) return -1;
    int pos = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (skip >= 0 && fold[i] == skip) continue;
        int y = (d->labels[i] >> label) & 1;
        prob->x[prob->l] = d->x[i];
        prob->y[prob->l++] = y ? 1 : -1;
        pos += y;
        if (!pick) continue;
        size_t best = SIZE_MAX;
        double best_s = -1;
        for (size_t k = d->sent[i]; k < d->sent[i + 1]; k++) {
            if (!y) {
                prob->x[prob->l] = d->sx[k];
                prob->y[prob->l++] = -1;
                continue;
            }
            double sk = score_vec(pick, d->sx[k]);
            if (sk > best_s) best_s = sk, best = k;
        }
        if (best != SIZE_MAX) {
            prob->x[prob->l] = d->sx[best];
            prob->y[prob->l++] = 1;
            pos++;
        }
    }
    return pos;
}

/* Train one binary model on the samples with fold != skip (skip < 0: all),
 * with their spans when pick is given (build_problem).
 * Returns a dense weight vector of KJ_FEAT_DIM + 1 (last = bias), heap. */
static double *train_label(const dataset *d, int label, const int *fold, int skip,
                           const double *pick, double C) {
    struct problem prob = {0};
    prob.n = (int)KJ_FEAT_DIM + 1;
    prob.bias = -1; /* the bias feature is already in every sample */
    double *w = calloc(KJ_FEAT_DIM + 1, sizeof *w);
    int pos = build_problem(d, label, fold, skip, pick, &prob);
    if (pos < 0 || !w) {
        free(prob.x);
        free(prob.y);
        free(w);
        return NULL;
    }
    if (pos == 0 || pos == prob.l) { /* degenerate: constant bias */
        w[KJ_FEAT_DIM] = pos ? 4.0 : -4.0;
    } else {
        struct parameter par = {0};
        par.solver_type = L2R_LR;
        par.eps = 0.01;
        par.C = C;
        struct model *m = train(&prob, &par);
        double sign = m->label[0] == 1 ? 1.0 : -1.0;
        for (int k = 0; k < m->nr_feature && k <= (int)KJ_FEAT_DIM; k++)
            w[k] = sign * m->w[k];
        free_and_destroy_model(&m);
    }
    free(prob.x);
    free(prob.y);
    return w;
}

/* train_label, and with o->spans (not for the relevance gate, which scores
 * the whole passage only) again with spans picked by the first model. */
static double *train_label_spans(const dataset *d, int label, const int *fold, int skip,
                                 const kj_train_options *o) {
    double *w = train_label(d, label, fold, skip, NULL, o->C);
    if (!w || !o->spans || label == KJ_LABEL_RELEVANT) return w;
    double *w2 = train_label(d, label, fold, skip, w, o->C);
    free(w);
    return w2;
}

static double score_vec(const double *w, const struct feature_node *x) {
    double z = 0;
    for (; x->index != -1; x++)
        z += w[x->index - 1] * x->value;
    return 1.0 / (1.0 + exp(-z));
}

/* Sample i's score for label as kj_classify computes it: the larger of the
 * whole passage and its best sentence (the relevance gate, and a passage in
 * a language of o->whole_only: the whole). */
static double oof_predict(const double *w, const dataset *d, size_t i, int label,
                          const kj_train_options *o) {
    double p = score_vec(w, d->x[i]);
    if (label == KJ_LABEL_RELEVANT || o->whole_only[d->lang[i]]) return p;
    for (size_t k = d->sent[i]; k < d->sent[i + 1]; k++) {
        double q = score_vec(w, d->sx[k]);
        if (q > p) p = q;
    }
    return p;
}

/* F1 of label at threshold t on the out-of-fold probabilities of the samples
 * in lang (0 Japanese, 1 English, -1 all). */
static double f1_at(const double *prob, const dataset *d, int label, int lang, double t) {
    int tp = 0, fp = 0, fn = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (lang >= 0 && d->lang[i] != lang) continue;
        int y = (d->labels[i] >> label) & 1, p = prob[i] >= t;
        tp += y && p;
        fp += !y && p;
        fn += y && !p;
    }
    return tp ? 2.0 * tp / (2.0 * tp + fp + fn) : 0;
}

/* The threshold (0.20 .. 0.80) with the best F1 averaged over a window of
 * +-0.05 around it: a single best point on a few thousand samples moves
 * with every change of the data, the middle of a good plateau does not. */
static double tune_threshold(const double *prob, const dataset *d, int label, int lang) {
    enum { LO = 15, HI = 85, HALF = 5 }; /* in hundredths */
    double f[HI + 1];
    for (int t = LO; t <= HI; t++)
        f[t] = f1_at(prob, d, label, lang, t / 100.0);
    double best_t = 0.5, best_f = -1;
    for (int t = LO + HALF; t <= HI - HALF; t++) {
        double sum = 0;
        for (int k = t - HALF; k <= t + HALF; k++)
            sum += f[k];
        double avg = sum / (2 * HALF + 1);
        if (avg > best_f + 1e-9 ||
            (fabs(avg - best_f) < 1e-9 && fabs(t / 100.0 - 0.5) < fabs(best_t - 0.5))) {
            best_f = avg;
            best_t = t / 100.0;
        }
    }
    return best_t;
}

/* At most this many weights are written (about 20 bytes a line keeps model.tsv
 * near 3 MB): the smallest in magnitude contribute least and are dropped. */
#define KJ_MAX_WEIGHTS 140000

static size_t count_at_least(double **w, double t) {
    size_t n = 0;
    for (int l = 0; l < KJ_N_LABELS; l++)
        for (uint32_t k = 0; k < KJ_FEAT_DIM; k++)
            n += fabs(w[l][k]) >= t;
    return n;
}

/* The smallest cut-off >= min that keeps at most KJ_MAX_WEIGHTS weights. */
static double weight_cutoff(double **w, double min) {
    if (count_at_least(w, min) <= KJ_MAX_WEIGHTS) return min;
    double lo = min, hi = 1.0;
    while (count_at_least(w, hi) > KJ_MAX_WEIGHTS)
        hi *= 2;
    for (int i = 0; i < 30; i++) {
        double mid = 0.5 * (lo + hi);
        if (count_at_least(w, mid) > KJ_MAX_WEIGHTS)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

/* A language gets its own thresholds when it has at least this many samples. */
#define KJ_MIN_LANG_SAMPLES 100

static size_t count_lang(const dataset *d, int lang) {
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += d->lang[i] == lang;
    return n;
}

static void write_lang_thresholds(FILE *f, const dataset *d, double thr[3][KJ_N_LABELS]) {
    static const char *names[2] = {"ja", "en"};
    for (int g = 0; g < 2; g++) {
        if (count_lang(d, g) < KJ_MIN_LANG_SAMPLES) continue;
        fprintf(f, "threshold %s", names[g]);
        for (int l = 0; l < KJ_N_LABELS; l++)
            fprintf(f, " %.2f", thr[g + 1][l]);
        fputc('\n', f);
    }
}

/* Write the model to path: its lines are made in memory, then written
 * whole with the end line that counts them (kj_model_write), renamed into
 * place. */
static kj_status write_model(const char *path, const kj_lexicon *lex, double **w,
                             double thr[3][KJ_N_LABELS], const dataset *d,
                             const kj_train_options *o, kj_error *err) {
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory writing %s", path);
    fprintf(f, KJ_MODEL_MAGIC "\n# trained by `kaiji train` on %zu samples; C=%g; do not edit\n",
            d->n, o->C);
    fprintf(f, "lexicon %s\ndim %u\nprimary_threshold 1.01\n", kj_lexicon_version(lex),
            KJ_FEAT_DIM);
    for (int l = 0; l < KJ_N_LABELS; l++)
        fprintf(f, "label %d item %d element %d bias %.6f threshold %.2f\n", l,
                l < KJ_N_ITEMS ? l + 1 : kj_element_item(l - KJ_N_ITEMS),
                l < KJ_N_ITEMS || l == KJ_LABEL_RELEVANT ? -1 : l - KJ_N_ITEMS, w[l][KJ_FEAT_DIM],
                thr[0][l]);
    write_lang_thresholds(f, d, thr);
    if (o->whole_only[0] || o->whole_only[1])
        fprintf(f, "passage_only%s%s\n", o->whole_only[0] ? " ja" : "",
                o->whole_only[1] ? " en" : "");
    double cut = weight_cutoff(w, o->min_weight);
    size_t kept = 0; /* the count lets the loader tell weights lost */
    for (uint32_t k = 0; k < KJ_FEAT_DIM; k++)
        for (int l = 0; l < KJ_N_LABELS; l++)
            kept += fabs(w[l][k]) >= cut;
    fprintf(f, "weights %zu\n", kept);
    for (uint32_t k = 0; k < KJ_FEAT_DIM; k++)
        for (int l = 0; l < KJ_N_LABELS; l++)
            if (fabs(w[l][k]) >= cut) fprintf(f, "w %u %d %.4g\n", k, l, w[l][k]);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    kj_status st = bad ? kj_error_set(err, KJ_ERR_NOMEM, "out of memory writing %s", path)
                       : kj_model_write(path, text, len, err);
    free(text);
    return st;
}

kj_status kj_train(const kj_train_options *o, kj_error *err) {
    set_print_string_function(quiet);
    DIR *cal = o->calibrate_dir ? opendir(o->calibrate_dir) : NULL;
    if (o->calibrate_dir && !cal) /* before the minutes of training, not after */
        return kj_error_set(err, KJ_ERR_IO, "%s: cannot read directory: %s", o->calibrate_dir,
                            strerror(errno));
    if (cal) closedir(cal);
    DIR *out = opendir(o->out_dir); /* where the model goes: also before the training */
    if (!out)
        return kj_error_set(err, KJ_ERR_IO, "%s: cannot open directory: %s", o->out_dir,
                            strerror(errno));
    closedir(out);
    kj_lexicon *lex;
    kj_status st = kj_lexicon_load(o->lexicon_dir, &lex, err);
    if (st != KJ_OK) return st;
    dataset d = {0};
    st = load_dir(o, lex, &d, err);
    double *w[KJ_N_LABELS] = {0};
    double thr[3][KJ_N_LABELS]; /* all, Japanese, English */
    int *fold = malloc((d.n ? d.n : 1) * sizeof *fold);
    double *prob = calloc(d.n ? d.n : 1, sizeof *prob); /* zeroed: every sample is in a fold */
    if (st == KJ_OK && (!fold || !prob)) {
        kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
        st = KJ_ERR_NOMEM;
    }
    for (size_t i = 0; st == KJ_OK && i < d.n; i++)
        fold[i] = d.fold[i];
    for (int l = 0; st == KJ_OK && l < KJ_N_LABELS; l++) {
        for (int k = 0; k < o->folds && st == KJ_OK; k++) {
            double *wk = train_label_spans(&d, l, fold, k, o);
            if (!wk) st = kj_error_set(err, KJ_ERR_NOMEM, "out of memory training");
            for (size_t i = 0; wk && i < d.n; i++)
                if (fold[i] == k) prob[i] = oof_predict(wk, &d, i, l, o);
            free(wk);
        }
        for (int g = 0; g < 3; g++)
            thr[g][l] = st == KJ_OK ? tune_threshold(prob, &d, l, g - 1) : 0.5;
        if (st == KJ_OK && !(w[l] = train_label_spans(&d, l, fold, -1, o)))
            st = kj_error_set(err, KJ_ERR_NOMEM, "out of memory training");
        if (st == KJ_OK && o->verbose)
            fprintf(stderr, "kaiji train: label %s threshold %.2f\n",
                    l < KJ_N_ITEMS ? kj_item_name_en(l + 1) : kj_element_id(l - KJ_N_ITEMS),
                    thr[0][l]);
    }
    if (st == KJ_OK) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/model.tsv", o->out_dir);
        st = write_model(path, lex, w, thr, &d, o, err);
        if (st == KJ_OK && o->calibrate_dir)
            st = kj_calibrate_short(o->out_dir, lex, o->calibrate_dir, o->verbose, err);
        if (st == KJ_OK && o->verbose)
            fprintf(stderr, "kaiji train: %zu samples -> %s\n", d.n, path);
    }
    for (int l = 0; l < KJ_N_LABELS; l++)
        free(w[l]);
    free(fold);
    free(prob);
    dataset_free(&d);
    kj_lexicon_free(lex);
    return st;
}
