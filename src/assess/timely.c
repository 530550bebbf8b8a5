/*
 * timely.c - P5 timeliness (guide §3(2)⑤): does the disclosure take up the
 * topics that matter in its year, promptly? Signals:
 *   - topics from the lexicon (category "topic", note "FROM-TO label", e.g.
 *     "2017-2020 GDPR"; "2023-" open-ended) that are current in the
 *     document's year (dated topics earn nothing);
 *   - recency of stated figures: the latest year given with quantified facts
 *     (or any year) against the document's year;
 *   - rules that just changed and plans ahead ("law-change", "forward" cues).
 */
#include "assess_internal.h"

#include <stdlib.h>
#include <string.h>

/* Parse "2017-2020 label", "2023- label", "2019 label" into a range and the
 * label. Returns 0 when the note has no leading year. */
static int topic_range(const char *note, int *from, int *to, const char **label) {
    char *end;
    if (!note) return 0;
    long a = strtol(note, &end, 10);
    if (a < 1990 || a > 2099) return 0;
    *from = (int)a;
    *to = (int)a;
    if (*end == '-') {
        char *e2;
        long b = strtol(end + 1, &e2, 10);
        *to = e2 == end + 1 ? 9999 : (int)b;
        end = e2;
    }
    while (*end == ' ' || *end == '\t' || *end == ';' || *end == ',' || *end == ':')
        end++;
    *label = end;
    return 1;
}

static int seen_topic(const kj_assessment *o, const char *label) {
    for (size_t i = 0; i < o->n_signals; i++)
        if (!strcmp(o->signals[i].name, "topic-current") && !strcmp(o->signals[i].evidence, label))
            return 1;
    return 0;
}

static kj_status topic_signals(kj_assess_ctx *c, size_t i, const unsigned char *topic,
                               int *n_topics) {
    if (!c->a->matches || !c->lex) return KJ_OK;
    const kj_matches *mt = &c->a->matches[i];
    int year = c->out->year;
    kj_status st = KJ_OK;
    for (size_t k = 0; k < mt->n && st == KJ_OK && *n_topics < 3; k++) {
        if (!kj_term_in_category(c->lex, topic, mt->items[k].term, "topic")) continue;
        const kj_term *t = kj_lexicon_term(c->lex, mt->items[k].term);
        int from, to;
        const char *label;
        if (!topic_range(t->note, &from, &to, &label)) label = t->term, from = 0, to = 9999;
        if (!*label) label = t->term;
        if (year && (year < from || year > to)) continue;
        if (seen_topic(c->out, label)) continue;
        st = kj_add_signal(c, "topic-current", KJ_P_TIMELY, (long)i, label, strlen(label), 20);
        (*n_topics)++;
    }
    return st;
}

static int cue_in(kj_assess_ctx *c, const char *name, size_t i, size_t *s, size_t *e) {
    int cue = kj_cue_find(c->d, name);
    return cue >= 0 && kj_cue_match(c->cm, cue, &c->a->passages.items[i], s, e);
}

/* The latest year stated with figures (else any year) against the doc year. */
static kj_status recency_signal(kj_assess_ctx *c) {
    int year = c->out->year, latest_q = 0, latest = 0;
    long at_q = -1, at = -1;
    for (size_t i = 0; i < c->a->passages.n; i++) {
        if (!c->relevant[i]) continue;
        const kj_spec_features *f = &c->feat[i];
        if (f->max_year > latest) latest = f->max_year, at = (long)i;
        if (f->quantities && f->max_year > latest_q) latest_q = f->max_year, at_q = (long)i;
    }
    if (!year || (!latest && !latest_q)) return KJ_OK;
    char ev[64];
    if (latest_q) {
        int pts = latest_q >= year - 1 ? 25 : latest_q >= year - 2 ? 10 : -10;
        snprintf(ev, sizeof ev, "figures for %d (document %d)", latest_q, year);
        return kj_add_signal(c, pts > 0 ? "recent-figures" : "stale-figures", KJ_P_TIMELY, at_q, ev,
                             strlen(ev), pts);
    }
    int pts = latest >= year - 1 ? 10 : 0;
    snprintf(ev, sizeof ev, "latest year stated %d (document %d)", latest, year);
    return kj_add_signal(c, pts ? "recent-dates" : "dated-references", KJ_P_TIMELY, at, ev,
                         strlen(ev), pts);
}

kj_status kj_assess_timeliness(kj_assess_ctx *c) {
    kj_status st = KJ_OK;
    int n_topics = 0, law = 0, fwd = 0;
    const unsigned char *topic = kj_category_terms(c->arena, c->lex, "topic");
    for (size_t i = 0; i < c->a->passages.n && st == KJ_OK; i++) {
        if (!c->relevant[i]) continue;
        st = topic_signals(c, i, topic, &n_topics);
        size_t s, e, len;
        if (st == KJ_OK && law < 2 && cue_in(c, "law-change", i, &s, &e)) {
            const char *ev = kj_passage_excerpt(c, &c->a->passages.items[i], s, e, &len);
            st = kj_add_signal(c, "new-rules", KJ_P_TIMELY, (long)i, ev, len, law++ ? 7 : 15);
        }
        if (st == KJ_OK && !fwd && cue_in(c, "forward", i, &s, &e)) {
            const char *ev = kj_passage_excerpt(c, &c->a->passages.items[i], s, e, &len);
            st = kj_add_signal(c, "plans-ahead", KJ_P_TIMELY, (long)i, ev, len, 10);
            fwd = 1;
        }
    }
    if (st == KJ_OK) st = recency_signal(c);
    c->out->principles[KJ_P_TIMELY] = kj_principle_total(c->out, KJ_P_TIMELY);
    return st;
}
