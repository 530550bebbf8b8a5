/*
 * sentence.c - the sentences of a passage's normalised text, as the
 * principle signals read them: the sentence (or table cell) around a span,
 * the ones before and after it, how many a passage has, and whether a cue
 * is said in a sentence. A signal's words often need what their own
 * sentence says as well (a certification obtained, not a standard followed;
 * a cost supposed, not a measure taken), and a securities report's long
 * passages mix several subjects.
 */
#include "assess_internal.h"

#include <string.h>

/* Whether the bytes of s at i end a sentence or a table's cell: 。, a full
 * stop (not an abbreviation's: "e.g. the firewall", "Inc. and", "approx.
 * two", kj_stop_is_abbreviation), ? or ! before a space, a line break, or
 * the " | " that joins cells.
 * The sentence walks below ask at every byte; most bytes start none of
 * these, and one look in a table says so. */
static inline size_t boundary_at(const char *s, size_t len, size_t i) {
    static const unsigned char may_end[256] = {
        [0xE3] = 1, ['\n'] = 1, ['|'] = 1, ['.'] = 1, ['?'] = 1, ['!'] = 1};
    if (!may_end[(unsigned char)s[i]]) return 0;
    if (i + 3 <= len && !memcmp(s + i, "\xE3\x80\x82", 3)) return 3; /* 。 */
    if (s[i] == '\n' || s[i] == '|') return 1;
    if ((s[i] == '.' || s[i] == '?' || s[i] == '!') && (i + 1 == len || s[i + 1] == ' ') &&
        !kj_stop_is_abbreviation(s, i))
        return 1;
    return 0;
}

/* The bytes of the character that ends just before i, as far as a sentence
 * end is concerned: 3 for 。, else 1. */
static size_t end_mark_before(const char *s, size_t i) {
    return i >= 3 && !memcmp(s + i - 3, "\xE3\x80\x82", 3) ? 3 : 1;
}

void kj_sentence_around(const char *s, size_t len, size_t from, size_t to, size_t *a, size_t *b) {
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

int kj_count_sentences(const char *s, size_t len, int limit) {
    int n = 1;
    for (size_t i = 0; i < len && n <= limit; i++) {
        size_t k = boundary_at(s, len, i);
        if (k && i + k < len) n++;
        if (k) i += k - 1;
    }
    return n;
}

size_t kj_sentence_before(const char *s, size_t len, size_t a) {
    if (a == 0) return a;
    size_t k = end_mark_before(s, a);
    if (s[a - k] == '|') return a;
    size_t a0, b0;
    kj_sentence_around(s, len, a - k, a - k, &a0, &b0);
    return a0;
}

size_t kj_sentence_after(const char *s, size_t len, size_t b) {
    if (b >= len || s[b] == '|') return b;
    size_t k = boundary_at(s, len, b);
    if (!k || b + k >= len) return b;
    size_t a1, b1;
    kj_sentence_around(s, len, b + k, b + k, &a1, &b1);
    return b1;
}

void kj_sentence_window(const kj_passage *p, size_t s, size_t e, int reach, size_t *a, size_t *b) {
    const char *t = p->norm.text;
    size_t len = p->norm.len;
    kj_sentence_around(t, len, s, e, a, b);
    if (reach) {
        *a = kj_sentence_before(t, len, *a);
        *b = kj_sentence_after(t, len, *b);
    }
}

int kj_cue_in_sentence(kj_assess_ctx *c, int cue, const kj_passage *p, size_t s, size_t e,
                       int reach) {
    if (cue < 0 || !p->norm.text) return 0;
    size_t a, b, ms, me;
    kj_sentence_window(p, s, e, reach, &a, &b);
    return kj_cue_match_in(c->cm, cue, p, a, b, &ms, &me);
}
