/*
 * classify.c - from a passage's features to its labels: item scores, the
 * selected items (each above its tuned threshold, best first), the primary
 * item (or none when the passage is not about cybersecurity), the elements
 * of the selected items, and the evidence (matched terms of those items).
 */
#include "model_internal.h"

#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* The primary item: of the selected items, the one the passage as a whole
 * scores highest (in log-odds). The per-label scores take the best sentence,
 * which saturates near 1 for long multi-topic passages; the whole passage
 * tells which topic it is mostly about. */
static void choose_primary(kj_classification *c, const double *whole_z) {
    double best = -1e300;
    for (int i = 0; i < c->n_items; i++) {
        double s = whole_z[c->items[i] - 1];
        if (s > best) {
            best = s;
            c->primary = c->items[i];
        }
    }
}

static void select_items(const kj_model *m, kj_lang lang, int is_short, kj_classification *c) {
    int best = 0;
    for (int it = 1; it <= KJ_N_ITEMS; it++) {
        if (c->scores[it] >= kj_model_label_threshold(m, lang, it - 1, is_short))
            c->items[c->n_items++] = it;
        if (best == 0 || c->scores[it] > c->scores[best]) best = it;
    }
    /* best first */
    for (int i = 1; i < c->n_items; i++)
        for (int j = i; j > 0 && c->scores[c->items[j]] > c->scores[c->items[j - 1]]; j--) {
            int t = c->items[j];
            c->items[j] = c->items[j - 1];
            c->items[j - 1] = t;
        }
    c->primary = c->n_items > 0 ? c->items[0] : 0;
    if (c->primary == 0 && c->scores[best] >= m->primary_threshold) {
        c->primary = best;
        c->items[c->n_items++] = best;
    }
}

/* The elements of c's items by their scores el (KJ_N_ELEMENTS), and which
 * elements el says are mentioned. */
static void select_elements(const kj_model *m, kj_lang lang, int is_short, const float *el,
                            kj_classification *c) {
    for (int e = 0; e < KJ_N_ELEMENTS; e++)
        if (el[e] >= KJ_MENTION_SCORE) c->mentioned |= (uint32_t)1 << e;
    for (int i = 0; i < c->n_items; i++) {
        int it = c->items[i], best = -1, added = 0;
        for (int e = 0; e < KJ_N_ELEMENTS; e++) {
            if (kj_element_item(e) != it) continue;
            if (best < 0 || el[e] > el[best]) best = e;
            if (el[e] >= kj_model_label_threshold(m, lang, KJ_N_ITEMS + e, is_short)) {
                c->elements[c->n_elements++] = e;
                added = 1;
            }
        }
        if (!added && best >= 0) c->elements[c->n_elements++] = best;
    }
}

/* Byte range [*b, *e) in p's original text of the code points [start, end).
 * *at_b / *at_cp carry a code point and its byte from one call to the next:
 * hits come by start, so the walk goes on from the previous one (and
 * restarts if one does not). */
static void hit_bytes(const kj_passage *p, size_t start, size_t end, size_t *at_b, size_t *at_cp,
                      size_t *b, size_t *e) {
    const char *s = p->text;
    if (start < *at_cp) *at_b = *at_cp = 0;
    size_t k;
    if (*at_cp < start) {
        *at_b += kj_utf8_skip(s + *at_b, p->len - *at_b, start - *at_cp, &k);
        *at_cp += k;
    }
    size_t x_e = *at_b;
    if (*at_cp < end) x_e += kj_utf8_skip(s + x_e, p->len - x_e, end - *at_cp, &k);
    *b = *at_b;
    *e = x_e;
}

static kj_status collect_evidence(const kj_model *m, const kj_lexicon *lex, const kj_passage *p,
                                  const kj_matches *mt, kj_arena *arena, kj_classification *c) {
    c->evidence = kj_arena_alloc(arena, (mt->n ? mt->n : 1) * sizeof *c->evidence);
    if (!c->evidence) return KJ_ERR_NOMEM;
    size_t at_b = 0, at_cp = 0; /* a code point of the text and its byte */
    for (size_t i = 0; i < mt->n; i++) {
        const kj_term *t = kj_lexicon_term(lex, mt->items[i].term);
        int selected = 0;
        for (int k = 0; k < c->n_items; k++)
            selected |= t && t->item == c->items[k];
        if (!selected) continue;
        kj_evidence *ev = &c->evidence[c->n_evidence++];
        ev->item = t->item;
        ev->element = t->element;
        ev->start = mt->items[i].start;
        ev->end = mt->items[i].end;
        unsigned id = mt->items[i].term; /* t is its term, so the cache holds t's weight */
        ev->weight = id < m->n_term_feat
                         ? m->term_w[id]
                         : kj_model_weight(m, kj_feature_term_index(t), t->item - 1);
        size_t b, e;
        hit_bytes(p, ev->start, ev->end, &at_b, &at_cp, &b, &e);
        ev->term = kj_arena_strndup(arena, p->text + b, e - b);
    }
    return KJ_OK;
}

kj_evidence_term *kj_evidence_terms(const kj_model *m, const kj_lexicon *lex, kj_arena *arena,
                                    size_t *n) {
    size_t nt = kj_lexicon_size(lex);
    kj_evidence_term *v = kj_arena_alloc(arena, (nt ? nt : 1) * sizeof *v);
    if (!v) return NULL;
    for (size_t id = 0; id < nt; id++) {
        const kj_term *t = kj_lexicon_term(lex, (unsigned)id);
        if (!t || t->item < 1 || t->item > KJ_N_ITEMS) continue; /* never evidence */
        v[id].item = (signed char)t->item;
        v[id].element = (signed char)t->element;
        uint32_t feat = id < m->n_term_feat ? m->term_feat[2 * id] : kj_feature_term_index(t);
        v[id].weight = kj_model_weight(m, feat, t->item - 1);
    }
    *n = nt;
    return v;
}

const kj_classification *kj_doc_classification(const kj_doc_analysis *a, size_t i, kj_arena *arena,
                                               kj_classification *tmp) {
    const kj_classification *c = &a->cls[i];
    if (c->evidence || !a->ev_terms || !a->matches || c->n_items == 0) return c;
    *tmp = *c;
    const kj_passage *p = &a->passages.items[i];
    const kj_matches *mt = &a->matches[i];
    tmp->evidence = kj_arena_alloc(arena, (mt->n ? mt->n : 1) * sizeof *tmp->evidence);
    if (!tmp->evidence) return NULL;
    tmp->n_evidence = 0;
    size_t at_b = 0, at_cp = 0;
    for (size_t k = 0; k < mt->n; k++) {
        unsigned id = mt->items[k].term;
        if (id >= a->n_ev_terms) continue;
        const kj_evidence_term *t = &a->ev_terms[id];
        int selected = 0;
        for (int j = 0; j < c->n_items; j++)
            selected |= t->item == c->items[j];
        if (!selected) continue;
        kj_evidence *ev = &tmp->evidence[tmp->n_evidence++];
        ev->item = t->item;
        ev->element = t->element;
        ev->start = mt->items[k].start;
        ev->end = mt->items[k].end;
        ev->weight = t->weight;
        size_t b, e;
        hit_bytes(p, ev->start, ev->end, &at_b, &at_cp, &b, &e);
        if (!(ev->term = kj_arena_strndup(arena, p->text + b, e - b))) return NULL;
    }
    return tmp;
}

/* Sigmoid as the model reports it. */
static float prob_of(double z) {
    return (float)(1.0 / (1.0 + exp(-z)));
}

typedef struct {
    const kj_model *m;
    const kj_lexicon *lex;
    const kj_passage *p;
    const kj_matches *mt;
    const kj_text_index *ti;
    kj_feat_room room;         /* every span's features, one after the other */
    float best[KJ_N_LABELS];   /* best sentence probability per label */
    double top_z[KJ_N_LABELS]; /* the largest logit behind best */
    int n;
    int oom;
} sent_ctx;

int kj_span_scored(size_t start, size_t end, size_t len) {
    return end - start >= 12 && !(start == 0 && end + 1 >= len);
}

/* Logits of one span of the passage (bytes of the normalised text) with the
 * matches that lie in it. */
static int score_span(sent_ctx *sc, size_t start, size_t end, double *z) {
    kj_span_vec sv;
    if (kj_span_vec_in(sc->ti, start, end, sc->lex, sc->m, sc->mt, sc->p->lang, &sc->room, &sv) !=
        KJ_OK)
        return -1;
    kj_model_span_logits(sc->m, &sv, z);
    return 0;
}

/* The labels whose logit z could beat the best so far, that of logit top:
 * those not below top by more than the margin, found without a branch for
 * each (two at a time where the CPU compares doubles in vectors). */
static uint64_t may_rise(const double *top, const double *z) {
    uint64_t rise = 0;
#ifdef __SSE2__
    _Static_assert(KJ_N_LABELS % 2 == 0, "labels go two to a vector");
    for (int l = 0; l < KJ_N_LABELS; l += 2) {
        __m128d lim = _mm_sub_pd(_mm_loadu_pd(top + l), _mm_set1_pd(1e-6));
        rise |= (uint64_t)_mm_movemask_pd(_mm_cmpnlt_pd(_mm_loadu_pd(z + l), lim)) << l;
    }
#else
    for (int l = 0; l < KJ_N_LABELS; l++)
        rise |= (uint64_t) !(z[l] < top[l] - 1e-6) << l;
#endif
    return rise;
}

/* Score one sentence of the passage on its own and keep the best per label:
 * a paragraph that turns to a second topic in its last sentence discusses
 * that topic as much as a paragraph about it alone. The probability is
 * computed only for a logit that could beat the best so far (the sigmoid is
 * monotonic; the margin covers rounding), which gives the same maximum. */
static void score_sentence(size_t start, size_t end, void *ud) {
    sent_ctx *sc = ud;
    if (sc->oom || !kj_span_scored(start, end, sc->p->norm.len)) return;
    double z[KJ_N_LABELS];
    if (score_span(sc, start, end, z)) {
        sc->oom = 1;
        return;
    }
    for (uint64_t rise = sc->n ? may_rise(sc->top_z, z) : (uint64_t)-1 >> (64 - KJ_N_LABELS); rise;
         rise &= rise - 1) {
        int l = __builtin_ctzll(rise);
        float prob = prob_of(z[l]);
        if (prob > sc->best[l]) sc->best[l] = prob;
        if (sc->n == 0 || z[l] > sc->top_z[l]) sc->top_z[l] = z[l];
    }
    sc->n++;
}

/* Whether a passage whose whole scores relevance rel is about cybersecurity:
 * under a heading that names the topic it is taken to be (the document says
 * so) and its items decide. Under a heading that names another subject (a
 * risk section's "(8) 自然災害", "Legal Proceedings") a passage that names
 * the topic only with a word of several senses (セキュリティ, 漏洩,
 * "breach") mentions it in passing, as a disaster risk mentions IT systems:
 * it counts only when it names the topic with a sure term (topic
 * KJ_TOPIC_SURE: 情報セキュリティ, ransomware). Otherwise it must name the
 * topic itself (topic) and read as relevant: its relevance at least the
 * gate's threshold, lowered for a short passage (is_short) as its items'
 * are (kj_model_label_threshold: one sentence scores low on every label).
 * A short passage that only
 * points elsewhere (points_away: "See Item 1A …") discloses nothing itself,
 * wherever it stands. */
static int is_relevant(const kj_model *m, kj_lang lang, int is_short, int heading_topic, int topic,
                       int points_away, float rel) {
    if (points_away) return 0;
    if (heading_topic == KJ_HEADING_TOPIC) return 1;
    if (heading_topic == KJ_HEADING_UNRELATED && topic != KJ_TOPIC_SURE) return 0;
    return topic && rel >= kj_model_label_threshold(m, lang, KJ_LABEL_RELEVANT, is_short);
}

/* Scores of every label for the passage: the whole passage (whole, and as
 * log-odds whole_z) and the larger of that and its best sentence (prob).
 * The text is indexed once for the passage and its sentences (for the whole
 * only when the model scores the language by the whole), keeping only
 * features the model weighs.
 * topic: whether the passage names the topic (kj_matches_have_topic);
 * is_short: whether it is short (kj_text_is_short);
 * points_away: whether it is a short cross-reference (is_relevant).
 * A passage that is not relevant (is_relevant) gets no labels whatever its
 * spans score, so they are not scored: its prob is whole, and *relevant
 * says which. Nor are they for a language the model scores by the whole
 * passage only (kj_model.whole_only; make model's model does so for both).
 * Feature vectors are scratch. */
static kj_status score_passage(const kj_model *m, const kj_lexicon *lex, const kj_passage *p,
                               const kj_matches *mt, int heading_topic, int topic, int is_short,
                               int points_away, kj_arena *scratch, double *whole_z, float *whole,
                               float *prob, int *relevant) {
    kj_text_index ti;
    int whole_only = m->whole_only[p->lang == KJ_LANG_EN];
    if (kj_text_index_build(p->norm.text, p->norm.len, p->lang == KJ_LANG_JA, m->has, !whole_only,
                            scratch, &ti) != KJ_OK ||
        kj_text_index_prepare(&ti, m, lex, mt) != KJ_OK)
        return KJ_ERR_NOMEM;
    sent_ctx sc = {m, lex, p, mt, &ti, {0}, {0}, {0}, 0, 0};
    if (score_span(&sc, 0, p->norm.len, whole_z)) return KJ_ERR_NOMEM;
    for (int l = 0; l < KJ_N_LABELS; l++)
        whole[l] = prob_of(whole_z[l]);
    memcpy(prob, whole, KJ_N_LABELS * sizeof *prob);
    *relevant = is_relevant(m, p->lang, is_short, heading_topic, topic, points_away,
                            whole[KJ_LABEL_RELEVANT]);
    if (!*relevant || whole_only) return KJ_OK;
    kj_scored_spans(p, score_sentence, &sc);
    if (sc.oom) return KJ_ERR_NOMEM;
    if (sc.n > 1)
        for (int l = 0; l < KJ_N_LABELS; l++)
            if (sc.best[l] > prob[l]) prob[l] = sc.best[l];
    return KJ_OK;
}

/* Record in out why a relevant passage is about the topic: its heading or
 * the terms why of its matches mt. */
static void say_why_on_topic(const kj_matches *mt, int heading_topic, const kj_topic_terms *why,
                             kj_classification *out) {
    out->on_topic = heading_topic == KJ_HEADING_TOPIC ? KJ_ON_TOPIC_HEADING : KJ_ON_TOPIC_TEXT;
    out->n_topic = why->n;
    for (int k = 0; k < why->n; k++) {
        out->topic_start[k] = mt->items[why->match[k]].start;
        out->topic_end[k] = mt->items[why->match[k]].end;
    }
    /* two terms that match the same words are shown once */
    if (why->n == 2 && out->topic_start[0] == out->topic_start[1] &&
        out->topic_end[0] == out->topic_end[1])
        out->n_topic = 1;
}

kj_status kj_classify_labels(const kj_model *m, const kj_lexicon *lex, const kj_passage *p,
                             const kj_matches *mt, int heading_topic, kj_arena *arena,
                             kj_classification *out, int evidence, kj_error *err) {
    memset(out, 0, sizeof *out);
    /* a heading that names the topic only with a bare word for security is
     * about physical security when the passage under it speaks of that */
    if (heading_topic == KJ_HEADING_SENSE)
        heading_topic =
            kj_matches_speak_of_physical_security(lex, mt) ? KJ_HEADING_NONE : KJ_HEADING_TOPIC;
    /* Off the topic (no topic term in the passage or its heading): no label
     * can be given (is_relevant), so nothing is scored and every score stays
     * 0. Most passages of a whole filing are like this. Nor is a table of
     * contents scored: it names topics without disclosing anything. */
    kj_topic_terms why;
    int topic = kj_matches_have_topic(lex, p, mt, &why);
    if ((heading_topic != KJ_HEADING_TOPIC && !topic) || p->contents) return KJ_OK;
    float whole[KJ_N_LABELS], prob[KJ_N_LABELS];
    double whole_z[KJ_N_LABELS];
    int relevant = 0;
    int is_short = kj_text_is_short(p->norm.text, p->norm.len, p->lang);
    int points_away = is_short && kj_matches_have_xref(lex, mt);
    kj_arena *scratch = kj_arena_new(); /* features die with the call */
    kj_status st = scratch ? score_passage(m, lex, p, mt, heading_topic, topic, is_short,
                                           points_away, scratch, whole_z, whole, prob, &relevant)
                           : KJ_ERR_NOMEM;
    kj_arena_free(scratch);
    if (st != KJ_OK) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory extracting features");
    for (int it = 1; it <= KJ_N_ITEMS; it++)
        out->scores[it] = prob[it - 1];
    out->relevance = whole[KJ_LABEL_RELEVANT];
    if (relevant) {
        select_items(m, p->lang, is_short, out);
        choose_primary(out, whole_z);
        say_why_on_topic(mt, heading_topic, &why, out);
    }
    select_elements(m, p->lang, is_short, prob + KJ_N_ITEMS, out);
    if (evidence && collect_evidence(m, lex, p, mt, arena, out) != KJ_OK)
        return kj_error_set(err, KJ_ERR_NOMEM, "out of memory collecting evidence");
    return KJ_OK;
}

kj_status kj_classify(const kj_model *m, const kj_lexicon *lex, const kj_passage *p,
                      const kj_matches *mt, kj_arena *arena, kj_classification *out,
                      kj_error *err) {
    return kj_classify_labels(m, lex, p, mt, KJ_HEADING_NONE, arena, out, 1, err);
}

kj_status kj_classify_under(const kj_model *m, const kj_lexicon *lex, const kj_passage *p,
                            const kj_matches *mt, int heading_subject, kj_arena *arena,
                            kj_classification *out, kj_error *err) {
    return kj_classify_labels(m, lex, p, mt, heading_subject, arena, out, 1, err);
}

kj_status kj_heading_subject(const kj_lexicon *lex, kj_scanner *sc, const char *heading, size_t len,
                             kj_lang lang, kj_arena *arena, int *subject, kj_error *err) {
    *subject = KJ_HEADING_NONE;
    kj_passage h;
    kj_matches mt;
    kj_status st = kj_passage_from_text(arena, heading, len, lang, &h);
    if (st != KJ_OK) return kj_error_set(err, st, "out of memory");
    st = kj_match_passage(sc, &h, arena, &mt, err);
    if (st != KJ_OK) return st;
    if (kj_matches_have_topic(lex, &h, &mt, NULL))
        *subject =
            kj_matches_name_more_than_sense(lex, &h, &mt) ? KJ_HEADING_TOPIC : KJ_HEADING_SENSE;
    else
        *subject = kj_matches_name_unrelated(lex, &mt) ? KJ_HEADING_UNRELATED : KJ_HEADING_NONE;
    return KJ_OK;
}
