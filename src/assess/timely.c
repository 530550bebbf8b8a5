/*
 * timely.c - P5 timeliness (guide §3(2)⑤): does the disclosure take up the
 * topics that matter in its year, promptly? Signals:
 *   - topics from the lexicon (category "topic", note "FROM-TO label", e.g.
 *     "2017-2020 GDPR"; "2023-" open-ended) that are current in the
 *     document's year (dated topics earn nothing) and discussed as topics of
 *     security and of the day (topic_discussed);
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

/* What a relevant passage gave, kept until the document's year is known: a
 * topic term, or the excerpt of a rule change or plan. */
enum { EV_TOPIC, EV_LAW, EV_FORWARD };
typedef struct {
    size_t passage;
    int kind;
    unsigned term;  /* EV_TOPIC */
    const char *ev; /* EV_LAW, EV_FORWARD: excerpt in the passage's original text */
    size_t len;
    int points;
} tm_event;

struct kj_tm_state {
    tm_event *ev; /* in passage order */
    size_t n, cap;
    int law, fwd;
    int now;                    /* the topic-now cue, or -1 */
    const unsigned char *topic; /* per lexicon term: category topic (may be NULL) */
    unsigned char *seen_term;   /* per lexicon term: already an EV_TOPIC (may be NULL) */
    size_t n_terms;
};

static kj_status push_event(kj_assess_ctx *c, tm_event e) {
    kj_tm_state *t = c->tm;
    tm_event *v = kj_arena_grow(c->arena, t->ev, t->n, &t->cap, sizeof *v);
    if (!v) return KJ_ERR_NOMEM;
    t->ev = v;
    v[t->n++] = e;
    return KJ_OK;
}

/* The weight below which a topic term alone hardly marks the topic of the
 * day (data/lexicon/topics.tsv): a threat that is always with us, whose news
 * is its surge (フィッシング, DDoS攻撃), or a word of wide sense (DX,
 * COVID-19, the Olympics). */
#define KJ_TOPIC_OF_DAY 0.6f

/* Whether topic term t at bytes [s, e) of passage p is discussed as a topic
 * of security and of the day, as the guide asks (§3(2)⑤: the recent topics
 * that matter, what they mean for the company and what it does about them):
 * - a topic that is not security's own (a pandemic, remote work, a sporting
 *   event, an AI law) is one where security is named beside it, in its
 *   sentence or the one before or after, however short the passage: a
 *   passage on a disaster that names information systems, or a list of risks
 *   beside security, does not make it one;
 * - a term that alone hardly marks the topic of the day (KJ_TOPIC_OF_DAY)
 *   is one where its sentence, or one beside it, says it is rising or new
 *   (the topic-now cue: 急増, 拡大, 新たな, "heightened"): phishing among
 *   the measures taken or the means of a fraud is no surge of phishing. */
static int topic_discussed(kj_assess_ctx *c, const kj_passage *p, const kj_term *t, size_t s,
                           size_t e) {
    if (!kj_names_security_itself(c, s, e) && !kj_security_named_near(c, p, s, e)) return 0;
    return t->weight >= KJ_TOPIC_OF_DAY || kj_cue_in_sentence(c, c->tm->now, p, s, e, 1);
}

/* The topic terms of passage i. A term already seen is left out: whether
 * it earns a signal was settled where it was first seen (its label is then
 * taken, or its years do not fit the document's, or three topics are in). */
/* Topic terms of a passage found not discussed (topic_discussed), each with
 * the end of its sentence: the same term again in that sentence would be
 * read with the same sentences, and is not asked about again. A few are
 * remembered, in turn. */
#define KJ_TOPIC_WANTING 8
typedef struct {
    unsigned id[KJ_TOPIC_WANTING];
    size_t to[KJ_TOPIC_WANTING];
    int n, next;
} topic_wanting;

/* Whether topic term id at byte s was found wanting in its sentence already. */
static int wanting_already(const topic_wanting *w, unsigned id, size_t s) {
    for (int k = 0; k < w->n; k++)
        if (w->id[k] == id && s < w->to[k]) return 1;
    return 0;
}

/* Remember that topic term id at [s, e) of p is not discussed there. */
static void remember_wanting(topic_wanting *w, const kj_passage *p, unsigned id, size_t s,
                             size_t e) {
    size_t a, b;
    kj_sentence_window(p, s, e, 0, &a, &b);
    w->id[w->next] = id;
    w->to[w->next] = b;
    w->next = (w->next + 1) % KJ_TOPIC_WANTING;
    if (w->n < KJ_TOPIC_WANTING) w->n++;
}

static kj_status topic_events(kj_assess_ctx *c, size_t i) {
    kj_tm_state *t = c->tm;
    if (!c->mt || !c->lex) return KJ_OK;
    const kj_matches *mt = c->mt;
    const kj_passage *p = &c->a->passages.items[i];
    topic_wanting wanting = {.n = 0};
    kj_status st = KJ_OK;
    for (size_t k = 0; k < mt->n && st == KJ_OK; k++) {
        unsigned id = mt->items[k].term;
        if (!kj_term_in_category(c->lex, t->topic, id, "topic")) continue;
        /* settled already: asked first, as a page can repeat a term a million times */
        int tracked = t->seen_term && id < t->n_terms;
        if (tracked && t->seen_term[id]) continue;
        size_t s = mt->items[k].nstart, e = mt->items[k].nend;
        if (wanting_already(&wanting, id, s)) continue;
        /* a topic of the day beside a disaster or a market is not one of security's */
        if (!kj_said_of_topic(c, p, s, e)) continue;
        if (!topic_discussed(c, p, kj_lexicon_term(c->lex, id), s, e)) {
            remember_wanting(&wanting, p, id, s, e);
            continue;
        }
        if (tracked) t->seen_term[id] = 1;
        st = push_event(c, (tm_event){.passage = i, .kind = EV_TOPIC, .term = id});
    }
    return st;
}

/* A signal for topic term id of passage i when current in the document's year. */
static kj_status topic_signal(kj_assess_ctx *c, size_t i, unsigned id, int *n_topics) {
    int year = c->out->year;
    const kj_term *t = kj_lexicon_term(c->lex, id);
    int from, to;
    const char *label;
    if (!topic_range(t->note, &from, &to, &label)) label = t->term, from = 0, to = 9999;
    if (!*label) label = t->term;
    if (year && (year < from || year > to)) return KJ_OK;
    if (seen_topic(c->out, label)) return KJ_OK;
    (*n_topics)++;
    return kj_add_signal(c, "topic-current", KJ_P_TIMELY, (long)i, label, strlen(label), 20);
}

/* Cue name in passage i, in a sentence said of the topic (kj_said_of_topic). */
static int cue_in(kj_assess_ctx *c, const char *name, size_t i, size_t *s, size_t *e) {
    return kj_cue_match_on_topic(c, kj_cue_find(c->d, name), i, s, e);
}

kj_status kj_timely_start(kj_assess_ctx *c) {
    kj_tm_state *t = kj_arena_alloc(c->arena, sizeof *t);
    if (!t) return KJ_ERR_NOMEM;
    t->topic = kj_category_terms(c->arena, c->lex, "topic");
    t->n_terms = c->lex ? kj_lexicon_size(c->lex) : 0;
    t->seen_term = t->n_terms ? kj_arena_alloc(c->arena, t->n_terms) : NULL;
    t->now = kj_cue_find(c->d, "topic-now");
    c->tm = t;
    return KJ_OK;
}

/* Passage i's topics, and the first rule changes and plan (relevant
 * passages only). */
kj_status kj_timely_passage(kj_assess_ctx *c, size_t i) {
    kj_tm_state *t = c->tm;
    if (!c->relevant[i]) return KJ_OK;
    kj_status st = topic_events(c, i);
    size_t s, e;
    const kj_passage *p = &c->a->passages.items[i];
    if (st == KJ_OK && t->law < 2 && cue_in(c, "law-change", i, &s, &e)) {
        tm_event ev = {.passage = i, .kind = EV_LAW, .points = t->law++ ? 7 : 15};
        ev.ev = kj_passage_excerpt(c, p, s, e, &ev.len);
        st = push_event(c, ev);
    }
    if (st == KJ_OK && !t->fwd && cue_in(c, "forward", i, &s, &e)) {
        tm_event ev = {.passage = i, .kind = EV_FORWARD, .points = 10};
        ev.ev = kj_passage_excerpt(c, p, s, e, &ev.len);
        st = push_event(c, ev);
        t->fwd = 1;
    }
    return st;
}

/* The latest year stated with figures (else any year) against the doc year. */
static kj_status recency_signal(kj_assess_ctx *c) {
    int year = c->out->year, latest_q = 0, latest = 0;
    long at_q = -1, at = -1;
    for (size_t i = 0; i < c->a->passages.n; i++) {
        if (!c->relevant[i]) continue;
        const kj_spec_brief *f = &c->brief[i];
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
    int n_topics = 0;
    const kj_tm_state *t = c->tm;
    for (size_t k = 0; k < t->n && st == KJ_OK; k++) {
        const tm_event *e = &t->ev[k];
        if (e->kind == EV_TOPIC) {
            if (n_topics < 3) st = topic_signal(c, e->passage, e->term, &n_topics);
        } else {
            st = kj_add_signal(c, e->kind == EV_LAW ? "new-rules" : "plans-ahead", KJ_P_TIMELY,
                               (long)e->passage, e->ev, e->len, e->points);
        }
    }
    if (st == KJ_OK) st = recency_signal(c);
    c->out->principles[KJ_P_TIMELY] = kj_principle_total(c->out, KJ_P_TIMELY);
    return st;
}
