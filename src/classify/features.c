/*
 * features.c - the features the item and element models see, shared by
 * training (`kaiji train`) and classification so the two can never drift:
 *  - lexicon evidence: each matched term, each (category, item, element)
 *    and the count of hits per item;
 *  - the text itself: character trigrams for Japanese, word
 *    unigrams and bigrams for English (and for Latin words inside Japanese),
 *    presence only, scaled so long passages do not dominate.
 * Everything is hashed into KJ_FEAT_DIM buckets (FNV-1a with a namespace).
 *
 * The text features of a passage are indexed once (kj_text_index) with the
 * bytes each one covers, so the passage and each of its sentences take
 * their features from the same index instead of hashing the text again. A
 * model can also filter the index to the features it has weights for.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"

/* A growable feature list; memory from arena. Features whose index is not
 * in keep (when keep is not NULL) are dropped on entry. */
typedef struct {
    uint32_t *idx;
    float *val;
    size_t n, cap;
    kj_arena *arena;
    const uint64_t *keep;
} fvec;

#define KJ_FNV_PRIME 16777619u

/* The FNV-1a state h carried on over the k bytes at s, written out for the
 * lengths of UTF-8 characters (kj_feature_hash is this over a namespace
 * byte and the text, modulo KJ_FEAT_DIM; index_chars carries it on). */
static inline uint32_t fnv_on(uint32_t h, const char *s, size_t k) {
    const unsigned char *u = (const unsigned char *)s;
    switch (k) {
    case 3:
        return ((((h ^ u[0]) * KJ_FNV_PRIME) ^ u[1]) * KJ_FNV_PRIME ^ u[2]) * KJ_FNV_PRIME;
    case 2:
        return (((h ^ u[0]) * KJ_FNV_PRIME) ^ u[1]) * KJ_FNV_PRIME;
    default:
        for (size_t i = 0; i < k; i++)
            h = (h ^ u[i]) * KJ_FNV_PRIME;
        return h;
    }
}

/* The FNV-1a state after the namespace byte ns alone. */
static inline uint32_t fnv_ns(char ns) {
    return (2166136261u ^ (unsigned char)ns) * KJ_FNV_PRIME;
}

uint32_t kj_feature_hash(char ns, const char *s, size_t len) {
    return fnv_on(fnv_ns(ns), s, len) % KJ_FEAT_DIM;
}

static int kept(const uint64_t *keep, uint32_t idx) {
    return !keep || (keep[idx >> 6] >> (idx & 63)) & 1;
}

static int fvec_grow(fvec *v) {
    size_t cap = v->cap ? v->cap * 2 : 512;
    /* not zeroed: an entry is written before it is counted in n */
    uint32_t *i = kj_arena_alloc_raw(v->arena, cap * sizeof *i);
    float *f = kj_arena_alloc_raw(v->arena, cap * sizeof *f);
    if (!i || !f) return -1;
    if (v->n) {
        memcpy(i, v->idx, v->n * sizeof *i);
        memcpy(f, v->val, v->n * sizeof *f);
    }
    v->idx = i;
    v->val = f;
    v->cap = cap;
    return 0;
}

static int fvec_add(fvec *v, uint32_t idx, float val) {
    if (!kept(v->keep, idx)) return 0;
    if (v->n == v->cap && fvec_grow(v)) return -1;
    v->idx[v->n] = idx;
    v->val[v->n++] = val;
    return 0;
}

/* ---- the text index ------------------------------------------------- */

/* Double l's room (kept out of line: the callers are hot loops). */
static __attribute__((noinline)) int toks_grow(kj_arena *a, kj_tok_list *l) {
    size_t cap = l->cap ? l->cap * 2 : 32;
    /* not zeroed: a token is written whole before it is counted in n */
    kj_tok *grown = kj_arena_alloc_raw(a, cap * sizeof *grown);
    if (!grown) return -1;
    if (l->n) memcpy(grown, l->items, l->n * sizeof *grown);
    l->items = grown;
    l->cap = cap;
    return 0;
}

static int tok_push(kj_arena *a, kj_tok_list *l, uint32_t idx, size_t lo, size_t hi) {
    if (l->n == l->cap && toks_grow(a, l)) return -1;
    l->items[l->n++] = (kj_tok){idx, (uint32_t)lo, (uint32_t)hi, 0, 0};
    return 0;
}

/* List a text feature when the index keeps it. */
static inline int add_tok(kj_text_index *ti, kj_tok_list *l, uint32_t idx, size_t lo, size_t hi) {
    if (!ti->keep) return tok_push(ti->arena, l, idx, lo, hi);
    /* written always, counted when kept: whether the model weighs an n-gram
     * is a coin toss the branch predictor keeps losing */
    if (l->n == l->cap && toks_grow(ti->arena, l)) return -1;
    l->items[l->n] = (kj_tok){idx, (uint32_t)lo, (uint32_t)hi, 0, 0};
    l->n += (size_t)kept(ti->keep, idx);
    return 0;
}

static int add_pos(kj_text_index *ti, kj_pos_list *l, size_t pos) {
    if (l->n == l->cap) {
        uint32_t *grown = kj_arena_grow(ti->arena, l->items, l->n, &l->cap, sizeof *grown);
        if (!grown) return -1;
        l->items = grown;
    }
    l->items[l->n++] = (uint32_t)pos;
    return 0;
}

/* What a character counts towards the scale of a span's text features (a
 * word counts 1): the weight of Japanese text against the lexicon features
 * the model was trained with. */
#define KJ_CHAR_COUNT 3

static int is_word_cp(int32_t cp) {
    return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9');
}

static int is_skip_cp(int32_t cp) {
    return cp == ' ' || cp == 0x3001 || cp == 0x3002 || cp == ',' || cp == '.' || cp == 0x30FB;
}

/* Character trigrams over runs of non-space characters (Japanese); each
 * character counts KJ_CHAR_COUNT towards the scale. A trigram's hash is
 * that of the bigram before it carried on over the new character, so every
 * byte is hashed twice. Trigrams alone classify as well as unigrams,
 * bigrams and trigrams together did (make eval) at a third of the features. */
static int index_chars(kj_text_index *ti) {
    const char *s = ti->s;
    size_t len = ti->len;
    size_t pos[3] = {0, 0, 0}; /* byte starts of the last three characters */
    /* states of the namespace 'c' over the last character and the last two */
    uint32_t c1 = 0, c2 = 0;
    const uint32_t hc = fnv_ns('c');
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
        uint32_t c3 = fnv_on(c2, s + i, k);
        c2 = fnv_on(c1, s + i, k);
        c1 = fnv_on(hc, s + i, k);
        if (have >= 3 && add_tok(ti, &ti->chars, c3 % KJ_FEAT_DIM, pos[0], i + k)) return -1;
        if (add_pos(ti, &ti->char_at, i)) return -1;
        i += k;
    }
    return 0;
}

/* Word unigrams and bigrams over ASCII alphanumeric runs; each counts 1. */
static int index_words(kj_text_index *ti) {
    const char *s = ti->s;
    size_t len = ti->len;
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
        if (add_tok(ti, &ti->words, kj_feature_hash('w', s + st, wl), st, i) ||
            add_pos(ti, &ti->word_at, st))
            return -1;
        if (have_prev && i - ps < 64) {
            if (add_tok(ti, &ti->words, kj_feature_hash('p', s + ps, i - ps), ps, i) ||
                tok_push(ti->arena, &ti->pairs, 0, ps, i))
                return -1;
        }
        ps = st;
        have_prev = 1;
    }
    return 0;
}

static size_t idx_hash(uint32_t idx, size_t cap) {
    return (idx * 2654435761u) & (cap - 1);
}

/* Link repeats within each list (kj_tok.dup) and collect the set of listed
 * features, noting a feature listed both as characters and as words. The
 * set is an open addressing table of idx + 1 (0 = empty); beside each key,
 * 1 + the largest lo so far of a token with that idx among characters and
 * among words. Only the keys are zeroed (a quarter of the memory): a slot's
 * lo pair is written when its key is. */
static int index_repeats(kj_text_index *ti) {
    size_t n = ti->chars.n + ti->words.n, cap = 64;
    while (cap < n * 4) /* a quarter full: lookups of absent features (in_set) stop soon */
        cap *= 2;
    uint32_t *key = kj_arena_alloc(ti->arena, cap * sizeof *key); /* zeroed */
    uint32_t(*lo)[2] = kj_arena_alloc_raw(ti->arena, cap * sizeof *lo);
    ti->whole = kj_arena_alloc(ti->arena, (n ? n : 1) * sizeof *ti->whole);
    if (!key || !lo || !ti->whole) return -1;
    kj_tok_list *lists[2] = {&ti->chars, &ti->words};
    for (int w = 0; w < 2; w++) {
        for (size_t i = 0; i < lists[w]->n; i++) {
            kj_tok *t = &lists[w]->items[i];
            size_t h = idx_hash(t->idx, cap);
            while (key[h] && key[h] != t->idx + 1)
                h = (h + 1) & (cap - 1);
            uint32_t *r = lo[h];
            if (!key[h]) {
                key[h] = t->idx + 1;
                r[0] = r[1] = 0;
            }
            if (w && r[0]) ti->cross = t->cross = 1;
            t->dup = r[w];
            /* first of its list, and for a word, no character feature has it */
            ti->whole[ti->n_whole] = t->idx; /* n >= every token: room to write */
            ti->n_whole += (size_t)((t->dup == 0) & !(w && r[0]));
            if (t->lo + 1 > r[w]) r[w] = t->lo + 1;
        }
    }
    ti->set = key;
    ti->set_cap = cap;
    return 0;
}

/* Is idx one of the index's listed features? */
static int in_set(const kj_text_index *ti, uint32_t idx) {
    const uint32_t *key = ti->set;
    size_t h = idx_hash(idx, ti->set_cap);
    while (key[h]) {
        if (key[h] == idx + 1) return 1;
        h = (h + 1) & (ti->set_cap - 1);
    }
    return 0;
}

kj_status kj_text_index_build(const char *s, size_t len, int ja, const uint64_t *keep,
                              kj_arena *arena, kj_text_index *out) {
    memset(out, 0, sizeof *out);
    out->s = s;
    out->len = len;
    out->ja = ja;
    out->keep = keep;
    out->arena = arena;
    if (len >= UINT32_MAX || (ja && index_chars(out)) || index_words(out) || index_repeats(out))
        return KJ_ERR_NOMEM;
    return KJ_OK;
}

/* First token of l whose end is after pos (tokens are sorted by end). */
static size_t toks_ending_after(const kj_tok_list *l, size_t pos) {
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->items[mid].hi <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Number of positions of l in [start, end) (positions are sorted). */
static size_t count_in(const kj_pos_list *l, size_t start, size_t end) {
    size_t a = 0, b = l->n;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (l->items[mid] < start)
            a = mid + 1;
        else
            b = mid;
    }
    size_t first = a;
    b = l->n;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (l->items[mid] < end)
            a = mid + 1;
        else
            b = mid;
    }
    return a - first;
}

/* Add the tokens of l lying within [start, end) to v in index order, less
 * the repeats of a token already added (they share its value, so merging
 * them later would keep the first anyway) and the cross tokens whose idx is
 * among v's n features from prior (the span's character features, added
 * just before). Listed tokens are kept ones. */
static int add_toks(fvec *v, const kj_tok_list *l, size_t start, size_t end, size_t prior,
                    size_t n) {
    for (size_t i = toks_ending_after(l, start); i < l->n && l->items[i].hi <= end; i++) {
        const kj_tok *t = &l->items[i];
        /* written always, counted when taken (no unpredictable branch) */
        int take = (t->lo >= start) & (t->dup <= start);
        if (t->cross && take && n) {
            size_t j = 0;
            while (j < n && v->idx[prior + j] != t->idx)
                j++;
            take = j == n;
        }
        if (v->n == v->cap && fvec_grow(v)) return -1;
        v->idx[v->n] = t->idx;
        v->val[v->n] = 1.0f;
        v->n += (size_t)take;
    }
    return 0;
}

/* The count behind the scale of the text features within [start, end). */
static size_t span_count(const kj_text_index *ti, size_t start, size_t end) {
    size_t count =
        KJ_CHAR_COUNT * count_in(&ti->char_at, start, end) + count_in(&ti->word_at, start, end);
    for (size_t i = toks_ending_after(&ti->pairs, start); i < ti->pairs.n; i++) {
        if (ti->pairs.items[i].hi > end) break;
        count += ti->pairs.items[i].lo >= start;
    }
    return count;
}

static int is_word_byte(const char *s, size_t i) {
    return is_word_cp((unsigned char)s[i]);
}

/* Whether [start, end) of the indexed text would give exactly the index's
 * tokens within it when indexed on its own: both ends fall on character
 * boundaries and cut no word in two. */
static int clean_cut(const kj_text_index *ti, size_t pos) {
    const char *s = ti->s;
    if (pos == 0 || pos >= ti->len) return 1;
    if (((unsigned char)s[pos] & 0xC0) == 0x80) return 0;
    return !(is_word_byte(s, pos - 1) && is_word_byte(s, pos));
}

/* The text features of [start, end) with the value they share. *unique
 * is set to 1 when they are distinct and ti can tell which other features
 * are among them (in_set), else 0. */
static int add_text(fvec *v, const kj_text_index *ti, size_t start, size_t end, int *unique) {
    *unique = 0;
    if (!clean_cut(ti, start) || !clean_cut(ti, end)) {
        /* index the span on its own, as if it were a passage */
        kj_text_index sub;
        int u;
        if (kj_text_index_build(ti->s + start, end - start, ti->ja, ti->keep, ti->arena, &sub) !=
            KJ_OK)
            return -1;
        return add_text(v, &sub, 0, sub.len, &u);
    }
    *unique = 1;
    size_t first = v->n;
    if (start == 0 && end == ti->len) { /* what add_toks would take, listed by the index */
        while (v->cap - v->n < ti->n_whole)
            if (fvec_grow(v)) return -1;
        if (ti->n_whole) memcpy(v->idx + v->n, ti->whole, ti->n_whole * sizeof *v->idx);
        v->n += ti->n_whole;
    } else {
        if (add_toks(v, &ti->chars, start, end, 0, 0)) return -1;
        if (add_toks(v, &ti->words, start, end, first, v->n - first)) return -1;
    }
    size_t count = span_count(ti, start, end);
    float scale = count ? 1.0f / sqrtf((float)count) : 0.0f;
    for (size_t i = first; i < v->n; i++)
        v->val[i] = scale;
    return 0;
}

/* ---- lexicon features ------------------------------------------------ */

void kj_term_features(const kj_term *t, uint32_t *term_idx, uint32_t *kind_idx) {
    char key[96];
    int n = snprintf(key, sizeof key, "%u", t->id);
    *term_idx = kj_feature_hash('t', key, (size_t)n);
    n = snprintf(key, sizeof key, "%s|%d|%d", t->category, t->item, t->element);
    *kind_idx = kj_feature_hash('k', key, (size_t)n);
}

_Static_assert(KJ_N_ITEMS < 20, "item feature keys are written as one or two digits");

static int add_lexicon(fvec *v, const kj_lexicon *lex, const kj_model *m, const kj_matches *mt) {
    float per_item[KJ_N_ITEMS + 1] = {0};
    for (size_t i = 0; i < mt->n; i++) {
        unsigned id = mt->items[i].term;
        const kj_term *t = kj_lexicon_term(lex, id);
        if (!t) continue;
        uint32_t ti, ki;
        if (m && m->term_feat && id < m->n_term_feat) {
            ti = m->term_feat[2 * id];
            ki = m->term_feat[2 * id + 1];
        } else
            kj_term_features(t, &ti, &ki);
        if (fvec_add(v, ti, 1.0f) || fvec_add(v, ki, 1.0f)) return -1;
        per_item[t->item] += t->weight;
    }
    for (int it = 0; it <= KJ_N_ITEMS; it++) {
        if (per_item[it] <= 0) continue;
        char key[2] = {it >= 10 ? '1' : (char)('0' + it), (char)('0' + it % 10)};
        size_t n = it >= 10 ? 2 : 1; /* "%d" of 0..19 */
        if (fvec_add(v, kj_feature_hash('i', key, n), logf(1.0f + per_item[it]))) return -1;
    }
    return 0;
}

uint32_t kj_feature_term_index(unsigned term_id) {
    char key[16];
    int n = snprintf(key, sizeof key, "%u", term_id);
    return kj_feature_hash('t', key, (size_t)n);
}

/* Merge duplicate indices in place (keeping the larger value) with an
 * open-addressing table; order is first occurrence. Returns the new count or
 * (size_t)-1 on allocation failure. */
static size_t dedupe(fvec *v) {
    uint32_t small[256];
    size_t cap = 64;
    while (cap < v->n * 2)
        cap *= 2;
    /* position + 1, 0 = empty */
    uint32_t *slot = cap <= 256 ? small : kj_arena_alloc(v->arena, cap * sizeof *slot);
    if (!slot) return (size_t)-1;
    if (slot == small) memset(slot, 0, cap * sizeof *slot);
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
    return k;
}

/* dedupe() for a vector whose first `text` entries are distinct features of
 * ti: the rest (lexicon and language features, few) are merged among
 * themselves through a small table of their own and, when ti lists them at
 * all, with the text features they repeat. Returns (size_t)-1 on
 * allocation failure. */
static size_t dedupe_tail(fvec *v, size_t text, const kj_text_index *ti) {
    uint32_t small[256];
    size_t cap = 64;
    while (cap < (v->n - text) * 2)
        cap *= 2;
    /* position + 1 among the kept tail entries, 0 = empty */
    uint32_t *slot = cap <= 256 ? small : kj_arena_alloc(v->arena, cap * sizeof *slot);
    if (!slot) return (size_t)-1;
    if (slot == small) memset(slot, 0, cap * sizeof *slot);
    size_t k = text;
    for (size_t i = text; i < v->n; i++) {
        uint32_t idx = v->idx[i];
        if (in_set(ti, idx)) {
            size_t j = 0;
            while (j < text && v->idx[j] != idx)
                j++;
            if (j < text) {
                if (v->val[i] > v->val[j]) v->val[j] = v->val[i];
                continue;
            }
        }
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
    return k;
}

/* The features of [start, end) into v (empty, of any capacity) and out. */
static kj_status fill_span(fvec *v, const kj_text_index *ti, size_t start, size_t end,
                           const kj_lexicon *lex, const kj_model *m, const kj_matches *mt,
                           kj_lang lang, kj_features *out) {
    int unique;
    if (add_text(v, ti, start, end, &unique)) return KJ_ERR_NOMEM;
    size_t text = v->n;
    if (add_lexicon(v, lex, m, mt)) return KJ_ERR_NOMEM;
    char lkey[4] = {'L', lang == KJ_LANG_JA ? 'j' : 'e', 0, 0};
    if (fvec_add(v, kj_feature_hash('l', lkey, 2), 1.0f)) return KJ_ERR_NOMEM;
    size_t k = unique ? dedupe_tail(v, text, ti) : dedupe(v);
    if (k == (size_t)-1) return KJ_ERR_NOMEM;
    out->idx = v->idx;
    out->val = v->val;
    out->n = k;
    return KJ_OK;
}

kj_status kj_span_features_in(const kj_text_index *ti, size_t start, size_t end,
                              const kj_lexicon *lex, const kj_model *m, const kj_matches *mt,
                              kj_lang lang, kj_feat_room *room, kj_features *out) {
    fvec v = {room->idx, room->val, 0, room->cap, ti->arena, ti->keep};
    kj_status st = fill_span(&v, ti, start, end, lex, m, mt, lang, out);
    room->idx = v.idx; /* grown or not */
    room->val = v.val;
    room->cap = v.cap;
    return st;
}

kj_status kj_span_features(const kj_text_index *ti, size_t start, size_t end, const kj_lexicon *lex,
                           const kj_model *m, const kj_matches *mt, kj_lang lang,
                           kj_features *out) {
    kj_feat_room fresh = {NULL, NULL, 0};
    return kj_span_features_in(ti, start, end, lex, m, mt, lang, &fresh, out);
}

kj_status kj_features_extract(const kj_lexicon *lex, const kj_passage *p, const kj_matches *mt,
                              kj_arena *arena, kj_features *out) {
    kj_text_index ti;
    kj_status st =
        kj_text_index_build(p->norm.text, p->norm.len, p->lang == KJ_LANG_JA, NULL, arena, &ti);
    if (st != KJ_OK) return st;
    return kj_span_features(&ti, 0, p->norm.len, lex, NULL, mt, p->lang, out);
}
