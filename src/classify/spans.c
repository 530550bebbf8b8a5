/*
 * spans.c - the parts of a passage the classifier scores on their own, as
 * well as the whole: its sentences and, in Japanese, the clauses of a long
 * sentence. A Japanese risk statement is often one long sentence whose
 * concessive or conjunctive clause carries a second item (measures are
 * taken, but a leak may still affect results); scored only as a whole
 * sentence, that clause is drowned by the risk language around it.
 * kj_classify and kj_train both enumerate spans here, so the models and
 * thresholds learn from exactly the spans classification scores.
 */
#include "model_internal.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* A clause shorter than this many bytes (about 8 Japanese characters) says
 * too little to be scored on its own. */
#define KJ_CLAUSE_MIN 24

/* Kana that end a conjunctive clause when a comma follows: が (concessive),
 * り (…ており、…あり), し (…し、), て (…して、), え (…に加え、), か (…ほか、),
 * に (…とともに、). Each is three bytes of UTF-8. */
static const char *const clause_end_kana[] = {"が", "り", "し", "て", "え", "か", "に"};

static int ends_clause(const char *s, size_t start, size_t comma) {
    if (comma < start + 3) return 0;
    for (size_t k = 0; k < sizeof clause_end_kana / sizeof *clause_end_kana; k++)
        if (!memcmp(s + comma - 3, clause_end_kana[k], 3)) return 1;
    return 0;
}

/* Bytes of the comma at i (、 or the "," that NFKC makes of ，), or 0. */
static size_t comma_at(const char *s, size_t i, size_t end) {
    if (s[i] == ',') return 1;
    if (i + 3 <= end && !memcmp(s + i, "\xe3\x80\x81", 3)) return 3;
    return 0;
}

/* The first position at or after i, before end, where a comma may start
 * (a ',' or the bytes E3 80 that begin 、), else end; comma_at tells whether
 * one does. 16 bytes a step where the CPU compares bytes in vectors, which
 * also look at the third byte of 、 (E3 80 81): the other marks that begin
 * E3 80 (。「」) are as common in Japanese text as commas. The vectors may
 * read on past end up to len, the length of the text. */
static size_t next_comma(const char *s, size_t i, size_t end, size_t len) {
#ifdef __SSE2__
    const __m128i comma = _mm_set1_epi8(','), e3 = _mm_set1_epi8((char)0xE3),
                  x80 = _mm_set1_epi8((char)0x80), x81 = _mm_set1_epi8((char)0x81);
    while (i < end && i + 18 <= len) {
        __m128i a = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(s + i + 1));
        __m128i c = _mm_loadu_si128((const __m128i *)(s + i + 2));
        __m128i ideo = _mm_and_si128(_mm_cmpeq_epi8(a, e3),
                                     _mm_and_si128(_mm_cmpeq_epi8(b, x80), _mm_cmpeq_epi8(c, x81)));
        __m128i m = _mm_or_si128(_mm_cmpeq_epi8(a, comma), ideo);
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits) {
            size_t at = i + (size_t)__builtin_ctz(bits);
            return at < end ? at : end;
        }
        i += 16;
    }
#endif
    while (i < end && s[i] != ',' && !(s[i] == '\xe3' && i + 1 < end && s[i + 1] == '\x80'))
        i++;
    return i < end ? i : end;
}

typedef struct {
    const char *s;
    size_t len;
    int ja;
    kj_span_fn fn;
    void *ud;
} span_ctx;

/* The clauses of the Japanese sentence [start, end), each ending just
 * after its comma; only when there are two or more of a useful length. */
static void clauses(const span_ctx *c, size_t start, size_t end) {
    if (end - start < 2 * KJ_CLAUSE_MIN) return; /* no room for two */
    size_t cut[64], n = 0, from = start;
    for (size_t i = start;
         (i = next_comma(c->s, i, end, c->len)) < end && n < sizeof cut / sizeof *cut - 1; i++) {
        size_t w = comma_at(c->s, i, end);
        if (!w || !ends_clause(c->s, from, i)) continue;
        if (i + w - from >= KJ_CLAUSE_MIN && end - (i + w) >= KJ_CLAUSE_MIN) {
            cut[n++] = i + w;
            from = i + w;
        }
        i += w - 1;
    }
    if (n == 0) return;
    size_t b = start;
    for (size_t k = 0; k <= n; k++) {
        size_t e = k < n ? cut[k] : end;
        c->fn(b, e, c->ud);
        b = e;
    }
}

static void on_sentence(size_t start, size_t end, void *ud) {
    const span_ctx *c = ud;
    c->fn(start, end, c->ud);
    if (c->ja) clauses(c, start, end);
}

void kj_scored_spans(const kj_passage *p, kj_span_fn fn, void *ud) {
    span_ctx c = {p->norm.text, p->norm.len, p->lang == KJ_LANG_JA, fn, ud};
    kj_split_passage_sentences(p, on_sentence, &c);
}
