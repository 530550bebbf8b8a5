/*
 * features.c - the features the item and element models see, shared by
 * training (`kaiji train`) and classification so the two can never drift:
 *  - lexicon evidence: each matched term, each (category, item, element)
 *    and the count of hits per item;
 *  - the text itself: character bigrams and trigrams for Japanese, word
 *    unigrams and bigrams for English (and for Latin words inside Japanese),
 *    presence only, scaled so long passages do not dominate.
 * Everything is hashed into KJ_FEAT_DIM buckets (FNV-1a with a namespace).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"

typedef struct {
    uint32_t *idx;
    float *val;
    size_t n, cap;
    kj_arena *arena;
} fvec;

static uint32_t fnv(char ns, const char *s, size_t len) {
    uint32_t h = 2166136261u;
    h = (h ^ (unsigned char)ns) * 16777619u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h % KJ_FEAT_DIM;
}

static int fvec_add(fvec *v, uint32_t idx, float val) {
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 512;
        uint32_t *i = kj_arena_alloc(v->arena, cap * sizeof *i);
        float *f = kj_arena_alloc(v->arena, cap * sizeof *f);
        if (!i || !f) return -1;
        if (v->n) {
            memcpy(i, v->idx, v->n * sizeof *i);
            memcpy(f, v->val, v->n * sizeof *f);
        }
        v->idx = i;
        v->val = f;
        v->cap = cap;
    }
    v->idx[v->n] = idx;
    v->val[v->n++] = val;
    return 0;
}

static int is_word_cp(int32_t cp) {
    return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9');
}

static int is_skip_cp(int32_t cp) {
    return cp == ' ' || cp == 0x3001 || cp == 0x3002 || cp == ',' || cp == '.' || cp == 0x30FB;
}

/* Character 2- and 3-grams over non-space characters (Japanese). */
static int add_char_ngrams(fvec *v, const char *s, size_t len, size_t *count) {
    size_t pos[3] = {0, 0, 0}; /* byte starts of the last three characters */
    int have = 0;
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t k = kj_utf8_decode(s + i, len - i, &cp);
        if (is_skip_cp(cp) || cp < 0x80) {
            have = 0;
            i += k;
            continue;
        }
        pos[0] = pos[1];
        pos[1] = pos[2];
        pos[2] = i;
        have++;
        size_t end = i + k;
        if (have >= 2 && fvec_add(v, fnv('b', s + pos[1], end - pos[1]), 1.0f)) return -1;
        if (have >= 3 && fvec_add(v, fnv('c', s + pos[0], end - pos[0]), 1.0f)) return -1;
        if (fvec_add(v, fnv('u', s + i, k), 1.0f)) return -1;
        *count += 3;
        i += k;
    }
    return 0;
}

/* Word unigrams and bigrams over ASCII alphanumeric runs. */
static int add_words(fvec *v, const char *s, size_t len, size_t *count) {
    size_t ps = 0; /* start of the previous word */
    int have_prev = 0;
    size_t i = 0;
    while (i < len) {
        if (!is_word_cp((unsigned char)s[i])) {
            i++;
            continue;
        }
        size_t st = i;
        while (i < len && is_word_cp((unsigned char)s[i]))
            i++;
        size_t wl = i - st;
        if (wl > 30) continue;
        if (fvec_add(v, fnv('w', s + st, wl), 1.0f)) return -1;
        (*count)++;
        if (have_prev && i - ps < 64) {
            if (fvec_add(v, fnv('p', s + ps, i - ps), 1.0f)) return -1;
            (*count)++;
        }
        ps = st;
        have_prev = 1;
    }
    return 0;
}

static int add_lexicon(fvec *v, const kj_lexicon *lex, const kj_matches *mt) {
    float per_item[KJ_N_ITEMS + 1] = {0};
    for (size_t i = 0; i < mt->n; i++) {
        const kj_term *t = kj_lexicon_term(lex, mt->items[i].term);
        if (!t) continue;
        char key[96];
        int n = snprintf(key, sizeof key, "%u", t->id);
        if (fvec_add(v, fnv('t', key, (size_t)n), 1.0f)) return -1;
        n = snprintf(key, sizeof key, "%s|%d|%d", t->category, t->item, t->element);
        if (fvec_add(v, fnv('k', key, (size_t)n), 1.0f)) return -1;
        per_item[t->item] += t->weight;
    }
    for (int it = 0; it <= KJ_N_ITEMS; it++) {
        if (per_item[it] <= 0) continue;
        char key[8];
        int n = snprintf(key, sizeof key, "%d", it);
        if (fvec_add(v, fnv('i', key, (size_t)n), logf(1.0f + per_item[it]))) return -1;
    }
    return 0;
}

uint32_t kj_feature_term_index(unsigned term_id) {
    char key[16];
    int n = snprintf(key, sizeof key, "%u", term_id);
    return fnv('t', key, (size_t)n);
}

/* Merge duplicate indices in place (keeping the larger value) with an
 * open-addressing table; order is first occurrence. Returns the new count or
 * (size_t)-1 on allocation failure. */
static size_t dedupe(fvec *v) {
    size_t cap = 64;
    while (cap < v->n * 2)
        cap *= 2;
    uint32_t *slot = malloc(cap * sizeof *slot); /* position + 1, 0 = empty */
    if (!slot) return (size_t)-1;
    memset(slot, 0, cap * sizeof *slot);
    size_t k = 0;
    for (size_t i = 0; i < v->n; i++) {
        uint32_t idx = v->idx[i];
        size_t h = (idx * 2654435761u) & (cap - 1);
        while (slot[h] && v->idx[slot[h] - 1] != idx)
            h = (h + 1) & (cap - 1);
        if (slot[h]) {
            if (v->val[i] > v->val[slot[h] - 1]) v->val[slot[h] - 1] = v->val[i];
            continue;
        }
        v->idx[k] = idx;
        v->val[k] = v->val[i];
        slot[h] = (uint32_t)++k;
    }
    free(slot);
    return k;
}

kj_status kj_features_extract(const kj_lexicon *lex, const kj_passage *p, const kj_matches *mt,
                              kj_arena *arena, kj_features *out) {
    fvec text = {NULL, NULL, 0, 0, arena};
    size_t count = 0;
    const char *s = p->norm.text;
    size_t len = p->norm.len;
    if ((p->lang == KJ_LANG_JA && add_char_ngrams(&text, s, len, &count)) ||
        add_words(&text, s, len, &count))
        return KJ_ERR_NOMEM;
    float scale = count ? 1.0f / sqrtf((float)count) : 0.0f;
    for (size_t i = 0; i < text.n; i++)
        text.val[i] = scale;
    if (add_lexicon(&text, lex, mt)) return KJ_ERR_NOMEM;
    char lkey[4] = {'L', p->lang == KJ_LANG_JA ? 'j' : 'e', 0, 0};
    if (fvec_add(&text, fnv('l', lkey, 2), 1.0f)) return KJ_ERR_NOMEM;
    size_t k = dedupe(&text);
    if (k == (size_t)-1) return KJ_ERR_NOMEM;
    out->idx = text.idx;
    out->val = text.val;
    out->n = k;
    return KJ_OK;
}
