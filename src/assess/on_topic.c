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
    /* matches are sorted by start: look only at those that start in [a, b)
     * (a page of one repeated topic word has millions, and each cue asks) */
    size_t lo = 0, hi = mt->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (mt->items[mid].nstart < a)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k < mt->n && mt->items[k].nstart < b; k++) {
        if (mt->items[k].nend > b) continue;
        const kj_term *term = kj_lexicon_term(c->lex, mt->items[k].term);
        if (term && kj_term_is_topic(term) && !kj_term_is_asset(term)) return 1;
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
