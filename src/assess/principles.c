/*
 * principles.c - the first three of the guide's five disclosure principles
 * (section 3(2)), scored 0-100 from signals that the guide's commentary on
 * its worked examples praises:
 *   P1 relevance: a top-management message; security tied to strategy and
 *      value; a stated policy and key areas.
 *   P2 faithful representation: KPIs and quantified facts; incidents that
 *      occurred, their counts (including "none serious"), recurrence
 *      prevention.
 *   P3 comparability: change over time, targets against results, PDCA,
 *      third-party certifications and opinions, framework alignment, SOC /
 *      CSIRT, stated focus areas.
 * P4 is in understand.c, P5 in timely.c. Each signal records the passage and
 * the text that fired it; a signal repeated in later passages adds half its
 * points, at most three times, so one theme cannot fill a score alone.
 */
#include "assess_internal.h"

#include <string.h>

#define KJ_SIGNAL_REPEAT 3

static int times_seen(const kj_assessment *o, const char *name) {
    int n = 0;
    for (size_t i = 0; i < o->n_signals; i++)
        if (!strcmp(o->signals[i].name, name)) n++;
    return n;
}

/* Award a signal for passage i with evidence span [s, e) of its normalised text. */
static kj_status award(kj_assess_ctx *c, const char *name, int pr, size_t i, size_t s, size_t e,
                       int points) {
    int seen = times_seen(c->out, name);
    if (seen >= KJ_SIGNAL_REPEAT) return KJ_OK;
    size_t len;
    const char *ev = kj_passage_excerpt(c, &c->a->passages.items[i], s, e, &len);
    return kj_add_signal(c, name, pr, (long)i, ev, len, seen ? points / 2 : points);
}

/* A cue check: when cue `name` matches passage i, award it. */
static kj_status cue_signal(kj_assess_ctx *c, const char *cue_name, const char *signal, int pr,
                            size_t i, int points, int *hit) {
    int cue = kj_cue_find(c->d, cue_name);
    size_t s, e;
    *hit = 0;
    if (cue < 0 || !kj_cue_match(c->cm, cue, &c->a->passages.items[i], &s, &e)) return KJ_OK;
    *hit = 1;
    return award(c, signal, pr, i, s, e, points);
}

/* First lexicon match of a category in passage i, as a span. */
static int lex_category(kj_assess_ctx *c, size_t i, const char *cat, size_t *s, size_t *e) {
    if (!c->a->matches || !c->lex) return 0;
    const kj_matches *mt = &c->a->matches[i];
    for (size_t k = 0; k < mt->n; k++) {
        const kj_term *t = kj_lexicon_term(c->lex, mt->items[k].term);
        if (t && t->category && !strcmp(t->category, cat)) {
            *s = mt->items[k].nstart;
            *e = mt->items[k].nend;
            return 1;
        }
    }
    return 0;
}

/* A certification or framework: the lexicon category first, else the cue. */
static kj_status lex_or_cue(kj_assess_ctx *c, const char *cat, const char *cue_name,
                            const char *signal, int pr, size_t i, int points) {
    size_t s, e;
    if (lex_category(c, i, cat, &s, &e)) return award(c, signal, pr, i, s, e, points);
    int hit;
    return cue_signal(c, cue_name, signal, pr, i, points, &hit);
}

/* P1: top-management message (also from the heading), commitment, value. */
static kj_status p1_passage(kj_assess_ctx *c, size_t i) {
    int hit;
    kj_status st = cue_signal(c, "top-management", "top-message", KJ_P_RELEVANCE, i, 35, &hit);
    if (st == KJ_OK && !hit && c->a->passages.items[i].heading) {
        const char *h = c->a->passages.items[i].heading;
        kj_norm n;
        int cue = kj_cue_find(c->d, "top-management");
        size_t s, e;
        if (kj_normalize(c->arena, h, strlen(h), &n) == KJ_OK && cue >= 0 &&
            kj_cue_match_str(c->cm, cue, n.text, n.len, &s, &e) &&
            !times_seen(c->out, "top-message"))
            st = kj_add_signal(c, "top-message", KJ_P_RELEVANCE, (long)i, h, strlen(h), 35);
    }
    if (st == KJ_OK) st = cue_signal(c, "commitment", "commitment", KJ_P_RELEVANCE, i, 15, &hit);
    if (st == KJ_OK)
        st = cue_signal(c, "strategy-value", "strategy-value", KJ_P_RELEVANCE, i, 20, &hit);
    return st;
}

/* P2: figures, KPIs, incidents and what followed. */
static kj_status p2_passage(kj_assess_ctx *c, size_t i) {
    const kj_passage *p = &c->a->passages.items[i];
    kj_status st = KJ_OK;
    int hit;
    int q = times_seen(c->out, "quantified");
    if (c->out->spec[i] >= 4 && q < KJ_SIGNAL_REPEAT)
        st = kj_add_signal(c, "quantified", KJ_P_FAITHFUL, (long)i, p->text, p->len, q ? 7 : 15);
    if (st == KJ_OK) st = cue_signal(c, "kpi", "kpi", KJ_P_FAITHFUL, i, 20, &hit);
    if (st == KJ_OK)
        st = cue_signal(c, "incident-zero", "incident-zero", KJ_P_FAITHFUL, i, 30, &hit);
    if (st == KJ_OK)
        st = cue_signal(c, "incident-count", "incident-count", KJ_P_FAITHFUL, i, 25, &hit);
    if (st == KJ_OK)
        st = cue_signal(c, "incident-occurred", "incident-disclosed", KJ_P_FAITHFUL, i, 20, &hit);
    if (st == KJ_OK)
        st = cue_signal(c, "recurrence", "recurrence-prevention", KJ_P_FAITHFUL, i, 15, &hit);
    return st;
}

/* P3: comparability over time and with peers. */
static kj_status p3_passage(kj_assess_ctx *c, size_t i) {
    int hit, prior;
    kj_status st = cue_signal(c, "prior-period", "prior-period", KJ_P_COMPARABLE, i, 15, &prior);
    if (st == KJ_OK)
        st = cue_signal(c, "target-result", "target-vs-result", KJ_P_COMPARABLE, i, 15, &hit);
    if (st == KJ_OK) st = cue_signal(c, "pdca", "pdca", KJ_P_COMPARABLE, i, 15, &hit);
    if (st == KJ_OK)
        st = lex_or_cue(c, "cert", "certification", "certification", KJ_P_COMPARABLE, i, 20);
    if (st == KJ_OK)
        st = cue_signal(c, "third-party", "third-party-opinion", KJ_P_COMPARABLE, i, 10, &hit);
    if (st == KJ_OK)
        st = lex_or_cue(c, "framework", "framework", "framework-alignment", KJ_P_COMPARABLE, i, 15);
    if (st == KJ_OK) st = cue_signal(c, "soc-csirt", "soc-csirt", KJ_P_COMPARABLE, i, 15, &hit);
    if (st == KJ_OK) st = cue_signal(c, "focus-area", "focus-areas", KJ_P_COMPARABLE, i, 10, &hit);
    const kj_spec_features *f = &c->feat[i];
    /* figures for two periods side by side: comparable over time */
    int periods = f->years >= 2 || (prior && f->years >= 1);
    if (st == KJ_OK && periods && f->quantities + f->figures >= 2 &&
        times_seen(c->out, "time-series") < 2) {
        const kj_passage *p = &c->a->passages.items[i];
        st = kj_add_signal(c, "time-series", KJ_P_COMPARABLE, (long)i, p->text, p->len, 15);
    }
    return st;
}

/* Document-level P1 signals from coverage: a stated policy, key areas. */
static kj_status p1_document(kj_assess_ctx *c) {
    kj_assessment *o = c->out;
    int e12 = kj_element_parse("1.2"), e13 = kj_element_parse("1.3");
    kj_status st = KJ_OK;
    if (o->elements[e12].level >= 2)
        st = kj_add_signal(c, "policy-stated", KJ_P_RELEVANCE, (long)o->elements[e12].passages[0],
                           "1.2", 3, 10);
    if (st == KJ_OK && o->elements[e13].level >= 2)
        st = kj_add_signal(c, "key-area-policy", KJ_P_RELEVANCE, (long)o->elements[e13].passages[0],
                           "1.3", 3, 10);
    return st;
}

/* Sum the signals of principle p into 0..100. */
static int total(const kj_assessment *o, int p) {
    int t = 0;
    for (size_t i = 0; i < o->n_signals; i++)
        if (o->signals[i].principle == p) t += o->signals[i].points;
    return t < 0 ? 0 : t > 100 ? 100 : t;
}

kj_status kj_assess_principles(kj_assess_ctx *c) {
    kj_status st = KJ_OK;
    for (size_t i = 0; i < c->a->passages.n && st == KJ_OK; i++) {
        if (!c->relevant[i]) continue;
        st = p1_passage(c, i);
        if (st == KJ_OK) st = p2_passage(c, i);
        if (st == KJ_OK) st = p3_passage(c, i);
    }
    if (st == KJ_OK) st = p1_document(c);
    for (int p = 0; p <= KJ_P_COMPARABLE; p++)
        c->out->principles[p] = total(c->out, p);
    return st;
}

int kj_principle_total(const kj_assessment *o, int p) {
    return total(o, p);
}
