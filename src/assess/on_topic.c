/*
 * on_topic.c - whether the words that fire a principle signal are said of
 * cybersecurity. A passage is about the topic when it names it anywhere
 * (match/topic.c), but a long passage of a securities report often speaks
 * of several things: 「今後」 in its sentence on earthquakes, COVID-19 beside
 * a disaster, 「注力」 in a sentence on sales, a CEO who chairs the general
 * risk committee. A signal that praises how security is disclosed (a plan,
 * a current topic, a focus, management's involvement) counts in a passage
 * of several sentences only when the sentence it stands in, the one before
 * or the one after names the topic itself.
 */
#include "assess_internal.h"

#include <string.h>

/* A passage of at most this many sentences speaks of one thing. */
#define KJ_SHORT_SENTENCES 3

/* The first of c->mt's matches that starts at or after byte a: matches are
 * sorted by start (a page of one repeated topic word has millions, and each
 * cue asks). */
static size_t first_from(const kj_matches *mt, size_t a) {
    size_t lo = 0, hi = mt->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (mt->items[mid].nstart < a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* How many matches before one an offtopic phrase that covers it is looked
 * for among: such a phrase starts at most a few words earlier. */
#define KJ_OFFTOPIC_BACK 8

/* Whether match k of mt lies inside a match of a phrase in which a topic
 * word has another sense (category offtopic: "ウイルス" in
 * 「新型コロナウイルス」). */
static int in_offtopic(const kj_assess_ctx *c, const kj_matches *mt, size_t k) {
    const kj_match *m = &mt->items[k];
    size_t from = k > KJ_OFFTOPIC_BACK ? k - KJ_OFFTOPIC_BACK : 0;
    for (size_t j = from; j < mt->n && mt->items[j].nstart <= m->nstart; j++) {
        const kj_term *t = kj_lexicon_term(c->lex, mt->items[j].term);
        if (j != k && t && t->kind == KJ_KIND_OFFTOPIC && mt->items[j].nend >= m->nend) return 1;
    }
    return 0;
}

/* Whether match k of mt is a topic term that names security: not an IT
 * asset; when strict, not an outage of IT systems either (a disaster or a
 * pandemic that stops them is no subject of security) and not inside an
 * offtopic phrase. */
static int names_security(const kj_assess_ctx *c, const kj_matches *mt, size_t k, int strict) {
    const kj_term *term = kj_lexicon_term(c->lex, mt->items[k].term);
    return term && kj_term_is_topic(term) && !kj_term_is_asset(term) &&
           (!strict || (!kj_term_is_outage(term) && !in_offtopic(c, mt, k)));
}

int kj_said_of_topic(const kj_assess_ctx *c, const kj_passage *p, size_t s, size_t e) {
    if (!c->mt || !c->lex || !p->norm.text) return 1; /* nothing to tell by */
    const char *t = p->norm.text;
    size_t len = p->norm.len;
    /* a short passage speaks of one thing: the topic it names */
    if (kj_count_sentences(t, len, KJ_SHORT_SENTENCES) <= KJ_SHORT_SENTENCES) return 1;
    /* a sentence goes on about what the one before named, or leads to what
     * the next names, without naming it itself (「…点検しました。今後は…」) */
    size_t a, b;
    kj_sentence_window(p, s, e, 1, &a, &b);
    const kj_matches *mt = c->mt;
    for (size_t k = first_from(mt, a); k < mt->n && mt->items[k].nstart < b; k++)
        if (mt->items[k].nend <= b && names_security(c, mt, k, 0)) return 1;
    return 0;
}

int kj_names_security_itself(const kj_assess_ctx *c, size_t s, size_t e) {
    const kj_matches *mt = c->mt;
    if (!mt || !c->lex) return 1; /* nothing to tell by */
    for (size_t k = first_from(mt, s); k < mt->n && mt->items[k].nstart < e; k++)
        if (mt->items[k].nend <= e && names_security(c, mt, k, 1)) return 1;
    return 0;
}

int kj_security_named_near(const kj_assess_ctx *c, const kj_passage *p, size_t s, size_t e) {
    const kj_matches *mt = c->mt;
    if (!mt || !c->lex || !p->norm.text) return 1; /* nothing to tell by */
    size_t a, b;
    kj_sentence_window(p, s, e, 1, &a, &b);
    for (size_t k = first_from(mt, a); k < mt->n && mt->items[k].nstart < b; k++) {
        const kj_match *m = &mt->items[k];
        if (m->nend > b || (m->nstart < e && m->nend > s)) continue; /* out, or the words' own */
        if (names_security(c, mt, k, 1)) return 1;
    }
    return 0;
}

int kj_cue_match_on_topic(kj_assess_ctx *c, int cue, size_t i, size_t *s, size_t *e) {
    const kj_passage *p = &c->a->passages.items[i];
    if (cue < 0 || !kj_cue_match(c->cm, cue, p, s, e)) return 0;
    const char *t = p->norm.text;
    size_t len = p->norm.len;
    for (int tries = 0; tries < 16; tries++) {
        if (kj_said_of_topic(c, p, *s, *e)) return 1;
        size_t a, b;
        kj_sentence_around(t, len, *s, *e, &a, &b);
        if (b >= len) return 0;
        size_t ms, me; /* the cue again (in the passage's language), from the next sentence on */
        if (!kj_cue_match_from(c->cm, cue, p, b, &ms, &me)) return 0;
        *s = b + ms;
        *e = b + me;
    }
    return 0;
}
