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

/* Whether the bytes of s at i end a sentence or a table's cell: 。, a full
 * stop, ? or ! before a space, a line break, or the " | " that joins cells.
 * The sentence walks below ask at every byte; most bytes start none of
 * these, and one look in a table says so. */
static inline size_t boundary_at(const char *s, size_t len, size_t i) {
    static const unsigned char may_end[256] = {
        [0xE3] = 1, ['\n'] = 1, ['|'] = 1, ['.'] = 1, ['?'] = 1, ['!'] = 1};
    if (!may_end[(unsigned char)s[i]]) return 0;
    if (i + 3 <= len && !memcmp(s + i, "\xE3\x80\x82", 3)) return 3; /* 。 */
    if (s[i] == '\n' || s[i] == '|') return 1;
    if ((s[i] == '.' || s[i] == '?' || s[i] == '!') && (i + 1 == len || s[i + 1] == ' ')) return 1;
    return 0;
}

/* The bytes of the character that ends just before i, as far as a sentence
 * end is concerned: 3 for 。, else 1. */
static size_t end_mark_before(const char *s, size_t i) {
    return i >= 3 && !memcmp(s + i - 3, "\xE3\x80\x82", 3) ? 3 : 1;
}

/* The sentence of s (len bytes) around [from, to): *a at its first byte,
 * *b past its last. */
static void sentence_around(const char *s, size_t len, size_t from, size_t to, size_t *a,
                            size_t *b) {
    size_t i = from;
    while (i > 0) {
        size_t k = end_mark_before(s, i);
        if (boundary_at(s, len, i - k)) break;
        i -= k;
    }
    *a = i;
    for (i = to; i < len; i++)
        if (boundary_at(s, len, i)) break;
    *b = i;
}

/* Sentences (or table cells) in s, up to limit. */
static int count_sentences(const char *s, size_t len, int limit) {
    int n = 1;
    for (size_t i = 0; i < len && n <= limit; i++) {
        size_t k = boundary_at(s, len, i);
        if (k && i + k < len) n++;
        if (k) i += k - 1;
    }
    return n;
}

/* The sentence before the one that starts at a (a itself when none or when
 * a table's cell ends there: cells are apart). */
static size_t sentence_before(const char *s, size_t len, size_t a) {
    if (a == 0) return a;
    size_t k = end_mark_before(s, a);
    if (s[a - k] == '|') return a;
    size_t a0, b0;
    sentence_around(s, len, a - k, a - k, &a0, &b0);
    return a0;
}

/* The end of the sentence after the one that ends at b (b itself when none
 * or when a table's cell ends there). */
static size_t sentence_after(const char *s, size_t len, size_t b) {
    if (b >= len || s[b] == '|') return b;
    size_t k = boundary_at(s, len, b);
    if (!k || b + k >= len) return b;
    size_t a1, b1;
    sentence_around(s, len, b + k, b + k, &a1, &b1);
    return b1;
}

int kj_said_of_topic(const kj_assess_ctx *c, const kj_passage *p, size_t s, size_t e) {
    if (!c->mt || !c->lex || !p->norm.text) return 1; /* nothing to tell by */
    const char *t = p->norm.text;
    size_t len = p->norm.len;
    /* a short passage speaks of one thing: the topic it names */
    if (count_sentences(t, len, KJ_SHORT_SENTENCES) <= KJ_SHORT_SENTENCES) return 1;
    /* a sentence goes on about what the one before named, or leads to what
     * the next names, without naming it itself (「…点検しました。今後は…」) */
    size_t a, b;
    sentence_around(t, len, s, e, &a, &b);
    a = sentence_before(t, len, a);
    b = sentence_after(t, len, b);
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
        sentence_around(t, len, *s, *e, &a, &b);
        if (b >= len) return 0;
        size_t ms, me; /* the cue again (in the passage's language), from the next sentence on */
        if (!kj_cue_match_from(c->cm, cue, p, b, &ms, &me)) return 0;
        *s = b + ms;
        *e = b + me;
    }
    return 0;
}
