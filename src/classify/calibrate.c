/*
 * calibrate.c - the threshold factor for short passages, tuned on a set of
 * labelled one-sentence statements apart from the training passages
 * (`kaiji train --calibrate DIR`, data/calibrate).
 *
 * A short passage (one sentence, a bullet; kj_text_is_short) has few text
 * features, so it scores lower than a paragraph that says the same: "A
 * cyberattack could disrupt our operations." gets its item at 0.2 where a
 * longer sentence gets 0.97. The thresholds are tuned on the training
 * passages' out-of-fold scores, where short ones fit as well as long ones,
 * so that cannot show it; statements the model has not seen do. The
 * relevance gate scores them low for the same reason, so the factor lowers
 * its threshold too. Each language's factor is the one (0.30 .. 1.00) with
 * the best item micro-F1 on them, averaged over +-0.05 around it as
 * tune_threshold does, the larger on a tie; it is added to the model as
 * "short_factor ja|en F" (only when below 1), and kj_model_label_threshold
 * applies it.
 */
#include "model_internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A short calibration statement as the model scores it: whether it can be
 * relevant at all (it names the topic and is no bare cross-reference), its
 * relevance score (the gate, kj_classification.relevance), its item scores
 * and its gold items (bit it - 1). */
typedef struct {
    float scores[KJ_N_ITEMS + 1];
    float relevance;
    unsigned gold;
    int named;
    int lang; /* 0 Japanese, 1 English */
} calib_row;

typedef struct {
    calib_row *rows;
    size_t n, cap;
} calib_set;

static int calib_push(calib_set *s, const calib_row *r) {
    calib_row *rows = kj_grow(s->rows, s->n, &s->cap, sizeof *rows, 256);
    if (!rows) return -1;
    s->rows = rows;
    s->rows[s->n++] = *r;
    return 0;
}

/* What score_statement scores with and adds to. */
typedef struct {
    const kj_model *m;
    const kj_lexicon *lex;
    kj_scanner *sc;
    calib_set *s;
} scorer;

/* A kj_jsonl_fn: one statement scored with the model, kept when short. */
static kj_status score_statement(const char *path, int lineno, json_t *obj, const char *text,
                                 kj_lang lang, void *ud, kj_error *err) {
    (void)path;
    (void)lineno;
    const scorer *sr = ud;
    kj_arena *ar = kj_arena_new();
    if (!ar) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    kj_passage p;
    kj_matches mt;
    kj_classification c;
    memset(&c, 0, sizeof c);
    kj_status st = kj_passage_from_text(ar, text, strlen(text), lang, &p);
    if (st == KJ_OK) st = kj_match_passage(sr->sc, &p, ar, &mt, err);
    if (st == KJ_OK) st = kj_classify(sr->m, sr->lex, &p, &mt, ar, &c, err);
    if (st == KJ_OK && kj_text_is_short(p.norm.text, p.norm.len, p.lang)) {
        /* scored at all only when it names the topic (relevance 0 otherwise);
         * a short cross-reference never counts, whatever the factor */
        int named = c.relevance > 0 && !kj_matches_have_xref(sr->lex, &mt);
        calib_row r = {
            {0}, c.relevance, kj_jsonl_labels(obj) & KJ_ITEM_BITS, named, p.lang == KJ_LANG_EN};
        for (int it = 1; it <= KJ_N_ITEMS; it++)
            r.scores[it] = c.scores[it];
        if (calib_push(sr->s, &r)) st = kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    }
    kj_arena_free(ar);
    return st;
}

/* Micro-F1 over the items of the statements of lang with every item
 * threshold of m, and the relevance gate's, times f. */
static double micro_f1(const kj_model *m, const calib_set *s, int lang, double f) {
    int tp = 0, fp = 0, fn = 0;
    kj_lang lg = lang ? KJ_LANG_EN : KJ_LANG_JA;
    for (size_t i = 0; i < s->n; i++) {
        const calib_row *r = &s->rows[i];
        if (r->lang != lang) continue;
        int relevant = r->named && r->relevance >= kj_model_threshold(m, lg, KJ_LABEL_RELEVANT) * f;
        for (int it = 1; it <= KJ_N_ITEMS; it++) {
            int y = (r->gold >> (it - 1)) & 1;
            int p = relevant && r->scores[it] >= kj_model_threshold(m, lg, it - 1) * f;
            tp += y && p;
            fp += !y && p;
            fn += y && !p;
        }
    }
    return tp ? 2.0 * tp / (2.0 * tp + fp + fn) : 0;
}

/* Fewest short statements of a language to tune its factor on. */
#define KJ_MIN_CALIB 50

static double tune_factor(const kj_model *m, const calib_set *s, int lang) {
    enum { LO = 25, HI = 105, STEP = 5 }; /* hundredths, a step beyond each end */
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->rows[i].lang == lang;
    if (n < KJ_MIN_CALIB) return 1.0;
    double f1[HI + 1];
    for (int k = LO; k <= HI; k += STEP)
        f1[k] = micro_f1(m, s, lang, k / 100.0);
    double best = 1.0, best_f = -1;
    for (int k = HI - STEP; k >= LO + STEP; k -= STEP) {
        double avg = (f1[k - STEP] + f1[k] + f1[k + STEP]) / 3;
        if (avg > best_f + 1e-9) best_f = avg, best = k / 100.0;
    }
    return best;
}

/* The short calibration statements of the *.jsonl files in dir, scored
 * with m, into s. */
static kj_status load_calib_dir(const char *dir, const kj_model *m, const kj_lexicon *lex,
                                calib_set *s, kj_error *err) {
    kj_scanner *sc;
    kj_status st = kj_scanner_new(lex, &sc, err);
    if (st != KJ_OK) return st;
    scorer sr = {m, lex, sc, s};
    st = kj_jsonl_dir_each(dir, score_statement, &sr, err);
    kj_scanner_free(sc);
    if (st == KJ_OK && s->n == 0)
        st = kj_error_set(err, KJ_ERR_DATA, "%s: no short statements to calibrate on (*.jsonl)",
                          dir);
    return st;
}

/* Add the "short_factor" lines of the factors below 1 to model_dir's
 * model.tsv, before its end line, and count them in a new one: the file
 * is written again whole (kj_model_write), as a cut could fall between the
 * lines added and be told from a whole model by nothing. */
static kj_status add_factors(const char *model_dir, const double factor[2], kj_error *err) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/model.tsv", model_dir);
    char *data, *text = NULL;
    size_t len, body, tlen = 0;
    kj_status st = kj_read_file(path, 512u << 20, &data, &len, err);
    if (st != KJ_OK) return st;
    st = kj_model_body(path, data, len, &body, err);
    FILE *f = st == KJ_OK ? open_memstream(&text, &tlen) : NULL;
    if (st == KJ_OK && !f) st = kj_error_set(err, KJ_ERR_NOMEM, "out of memory writing %s", path);
    if (f) {
        fwrite(data, 1, body, f);
        for (int g = 0; g < 2; g++)
            if (factor[g] < 1.0) fprintf(f, "short_factor %s %.2f\n", g ? "en" : "ja", factor[g]);
        int bad = ferror(f);
        bad |= fclose(f) != 0;
        st = bad ? kj_error_set(err, KJ_ERR_NOMEM, "out of memory writing %s", path)
                 : kj_model_write(path, text, tlen, err);
    }
    free(text);
    free(data);
    return st;
}

kj_status kj_calibrate_short(const char *model_dir, const kj_lexicon *lex, const char *dir,
                             int verbose, kj_error *err) {
    kj_model *m;
    kj_status st = kj_model_load(model_dir, lex, &m, err);
    if (st != KJ_OK) return st;
    calib_set s = {0};
    st = load_calib_dir(dir, m, lex, &s, err);
    double factor[2] = {1.0, 1.0};
    for (int g = 0; st == KJ_OK && g < 2; g++)
        factor[g] = tune_factor(m, &s, g);
    if (st == KJ_OK) st = add_factors(model_dir, factor, err);
    if (st == KJ_OK && verbose)
        fprintf(stderr,
                "kaiji train: short passages' threshold factor ja %.2f en %.2f (%zu short "
                "statements in %s)\n",
                factor[0], factor[1], s.n, dir);
    free(s.rows);
    kj_model_free(m);
    return st;
}
