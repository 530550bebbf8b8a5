/*
 * features.c - the features the item and element models see, shared by
 * training (`kaiji train`) and classification so the two can never drift:
 *  - lexicon evidence: each matched term, each (category, item, element)
 *    and the count of hits per item;
 *  - the text itself: character trigrams for Japanese, word
 *    unigrams and bigrams for English (and for Latin words inside Japanese),
 *    presence only, scaled so long passages do not dominate.
 * Everything is hashed into KJ_FEAT_DIM buckets: character trigrams by a
 * multiply of their packed code points, the rest by FNV-1a with a namespace.
 *
 * The text features of a passage are indexed once (kj_text_index) with the
 * bytes each one covers, so the passage and each of its sentences take
 * their features from the same index instead of hashing the text again. A
 * model can also filter the index to the features it has weights for.
 *
 * The classifier takes a span's features as span vectors (kj_span_vec_in):
 * the model's weight rows of its text features, all of one value, then of
 * its lexicon and language features, found from an index prepared once for
 * the passage (kj_text_index_prepare). A span whose features could merge
 * otherwise than by repeating (rare) gets its plain feature vector.
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

/* FNV-1a over the namespace byte ns and then the text, modulo KJ_FEAT_DIM. */
uint32_t kj_feature_hash(char ns, const char *s, size_t len) {
    unsigned char b = (unsigned char)ns;
    return kj_fnv1a32(kj_fnv1a32(KJ_FNV32_BASIS, &b, 1), s, len) % KJ_FEAT_DIM;
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

static void add_pos(kj_pos_set *p, size_t pos) {
    p->bits[pos >> 6] |= (uint64_t)1 << (pos & 63);
}

/* Room for the positions of a text of len bytes (zeroed), ranked later. */
static int pos_set_new(kj_arena *a, kj_pos_set *p, size_t len) {
    p->bits = kj_arena_alloc(a, (len / 64 + 1) * sizeof *p->bits);
    p->rank = kj_arena_alloc_raw(a, (len / 64 + 1) * sizeof *p->rank);
    return p->bits && p->rank ? 0 : -1;
}

/* The set bits of x, counted in a few shifts and adds: __builtin_popcountll
 * is a library call where the build cannot assume the CPU's instruction. */
static inline uint32_t bits_set(uint64_t x) {
    x -= (x >> 1) & 0x5555555555555555u;
    x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
    return (uint32_t)((x * 0x0101010101010101u) >> 56);
}

/* Fill p's rank once all positions are in. */
static void pos_set_rank(kj_pos_set *p, size_t len) {
    uint32_t r = 0;
    for (size_t w = 0; p->bits && w <= len / 64; w++) {
        p->rank[w] = r;
        r += bits_set(p->bits[w]);
    }
}

/* Positions of p before pos (at most the text's length). */
static size_t pos_rank(const kj_pos_set *p, size_t pos) {
    if (!p->bits) return 0;
    uint64_t below = ((uint64_t)1 << (pos & 63)) - 1;
    return p->rank[pos >> 6] + bits_set(p->bits[pos >> 6] & below);
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

/* A token list being filled in a hot loop, its end and room held in locals
 * (the loop's stores to the tokens could otherwise alias the list's fields
 * and force reloads). */
typedef struct {
    kj_tok *at, *end; /* the next token's slot; the end of the room */
    const uint64_t *keep;
} tok_fill;

/* Start filling l (keep: the index's kept features, NULL for all); l has
 * room (kj_text_index_build gives every list some before indexing). */
static inline tok_fill tok_fill_begin(const kj_tok_list *l, const uint64_t *keep) {
    return (tok_fill){l->items + l->n, l->items + l->cap, keep};
}

/* Make room for one more token of l, whose next slot is at (kept out of
 * line: rare). */
static __attribute__((noinline)) int tok_fill_grow(kj_tok_list *l, kj_arena *a, const kj_tok *at) {
    l->n = (size_t)(at - l->items);
    return toks_grow(a, l);
}

/* List a text feature as add_tok does: written always, counted when kept. */
static inline int tok_fill_add(tok_fill *f, kj_tok_list *l, kj_arena *a, uint32_t idx, size_t lo,
                               size_t hi) {
    if (f->at == f->end) {
        if (tok_fill_grow(l, a, f->at)) return -1;
        f->at = l->items + l->n;
        f->end = l->items + l->cap;
    }
    *f->at = (kj_tok){idx, (uint32_t)lo, (uint32_t)hi, 0, 0};
    f->at += kept(f->keep, idx);
    return 0;
}

/* A decoded character: its code point and its length in bytes. */
typedef struct {
    int32_t cp;
    uint32_t k;
} cp_len;

/* kj_utf8_decode of the left bytes at s, as a value (kept out of line: the
 * characters decode_at does not take itself are rare in Japanese text). */
static __attribute__((noinline)) cp_len decode_other(const char *s, size_t left) {
    int32_t cp;
    size_t k = kj_utf8_decode(s, left, &cp);
    return (cp_len){cp, (uint32_t)k};
}

/* The character at u (left bytes), as kj_utf8_decode gives it: a valid
 * three-byte character (kana, kanji, CJK marks) with four bytes or more
 * left is taken from one four-byte load, anything else from decode_other. */
static inline cp_len decode_at(const unsigned char *u, size_t left) {
    if (left >= 4) {
        uint32_t w =
            (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
        if ((w & 0xC0C0F0) == 0x8080E0) {
            int32_t v = (int32_t)((w & 0x0F) << 12 | (w & 0x3F00) >> 2 | (w & 0x3F0000) >> 16);
            if (v >= 0x800 && (uint32_t)(v - 0xD800) > 0x7FF) return (cp_len){v, 3};
        }
    }
    return decode_other((const char *)u, left);
}

/* Character trigrams over runs of non-space characters (Japanese); each
 * character counts KJ_CHAR_COUNT towards the scale. The last three code
 * points roll through one packed key (kj_trigram_feature), so a character
 * costs a shift, an or and a multiply; the key restarts at 0 after a
 * character that breaks the run, so it holds three characters of the run
 * exactly when its top code point is not 0 (every counted code point is).
 * Trigrams alone classify as well as unigrams, bigrams and trigrams
 * together did (make eval) at a third of the features. */
static int index_chars(kj_text_index *ti) {
    const unsigned char *u = (const unsigned char *)ti->s;
    size_t len = ti->len;
    uint64_t *at = ti->char_at.bits; /* NULL when the index is for the whole only */
    size_t counted = 0;
    tok_fill f = tok_fill_begin(&ti->chars, ti->keep);
    size_t pos0 = 0, pos1 = 0; /* byte starts of the two characters before this one */
    uint64_t key = 0;          /* the run's last three code points, 21 bits each */
    size_t i = 0;
    while (i < len) {
        cp_len c = decode_at(u + i, len - i);
        if (is_skip_cp(c.cp) || c.cp < 0x80) {
            key = 0;
            i += c.k;
            continue;
        }
        key = ((key << 21) | (uint64_t)c.cp) & ((1ull << 63) - 1);
        if (key >> 42 &&
            tok_fill_add(&f, &ti->chars, ti->arena, kj_trigram_feature(key), pos0, i + c.k))
            return -1;
        if (at) at[i >> 6] |= (uint64_t)1 << (i & 63); /* add_pos */
        counted++;
        pos0 = pos1;
        pos1 = i;
        i += c.k;
    }
    ti->chars.n = (size_t)(f.at - ti->chars.items);
    ti->count += KJ_CHAR_COUNT * counted;
    return 0;
}

/* The most bytes between two words that make a bigram: a space, or
 * punctuation and a space ("policy, and", "team (csirt"). */
#define KJ_PAIR_GAP 4

/* Whether the gap [from, to) of s between two words joins them into a
 * bigram: a few bytes, all ASCII. Words apart in Japanese text (CISO …
 * 会議で確認されます。 グループCISO) make none, so no bigram takes in the
 * Japanese between them, whose spacing (。 or 。　) would change it. */
static int pair_gap(const char *s, size_t from, size_t to) {
    if (to - from > KJ_PAIR_GAP) return 0;
    for (size_t k = from; k < to; k++)
        if ((unsigned char)s[k] >= 0x80) return 0;
    return 1;
}

/* The feature of the bigram of words a (al bytes) and b (bl bytes): the two
 * words apart by one space, whatever the punctuation between them. */
static uint32_t pair_feature(const char *a, size_t al, const char *b, size_t bl) {
    unsigned char ns = 'p';
    uint32_t h = kj_fnv1a32(kj_fnv1a32(KJ_FNV32_BASIS, &ns, 1), a, al);
    return kj_fnv1a32(kj_fnv1a32(h, " ", 1), b, bl) % KJ_FEAT_DIM;
}

/* Word unigrams and bigrams over ASCII alphanumeric runs; each counts 1.
 * Where they start and which are bigrams, only for spans. */
static int index_words(kj_text_index *ti) {
    const char *s = ti->s;
    size_t len = ti->len;
    size_t ps = 0, pe = 0; /* start and end of the previous word */
    int have_prev = 0;
    size_t i = 0;
    while ((i = kj_next_ascii_in(s, len, i, 'a', 'z', '0', '9')) < len) { /* is_word_cp */
        size_t st = i;
        while (i < len && is_word_cp((unsigned char)s[i]))
            i++;
        size_t wl = i - st;
        if (wl > 30) continue;
        if (add_tok(ti, &ti->words, kj_feature_hash('w', s + st, wl), st, i)) return -1;
        if (ti->spans) add_pos(&ti->word_at, st);
        ti->count++;
        if (have_prev && pair_gap(s, pe, st)) {
            if (add_tok(ti, &ti->words, pair_feature(s + ps, pe - ps, s + st, wl), ps, i) ||
                (ti->spans && tok_push(ti->arena, &ti->pairs, 0, ps, i)))
                return -1;
            ti->count++;
        }
        ps = st;
        pe = i;
        have_prev = 1;
    }
    return 0;
}

static size_t idx_hash(uint32_t idx, size_t cap) {
    return (idx * 2654435761u) & (cap - 1);
}

/* The table index_repeats fills: key[h] is a listed idx + 1 (0: empty);
 * lo[h] its 1 + largest lo so far among characters [0] and words [1]. */
typedef struct {
    uint32_t *key;
    uint32_t (*lo)[2];
    size_t mask; /* the table's size - 1 */
} repeat_table;

/* The slot of idx in t, taken (its lo pair zeroed) when idx is not there. */
static inline uint32_t *repeat_slot(repeat_table *t, uint32_t idx) {
    size_t h = idx_hash(idx, t->mask + 1);
    while (t->key[h] && t->key[h] != idx + 1)
        h = (h + 1) & t->mask;
    if (!t->key[h]) {
        t->key[h] = idx + 1;
        t->lo[h][0] = t->lo[h][1] = 0;
    }
    return t->lo[h];
}

/* Link the repeats of list l (w: 0 characters, 1 words) through t, and
 * append to whole (n_whole entries so far; room for every token) the
 * features first listed here; returns the new count. A word whose idx is
 * a character token's is marked cross, and so is *cross. Everything the
 * loop changes is held in locals, written back at the end. */
static size_t repeats_of(repeat_table *t, kj_tok_list *l, int w, uint32_t *whole, size_t n_whole,
                         int *cross) {
    int any_cross = 0;
    for (kj_tok *tok = l->items, *end = l->items + l->n; tok < end; tok++) {
        uint32_t idx = tok->idx, *r = repeat_slot(t, idx);
        uint32_t seen_char = w ? r[0] : 0; /* a word whose feature a character has */
        if (seen_char) any_cross = tok->cross = 1;
        uint32_t dup = r[w];
        tok->dup = dup;
        /* first of its list, and for a word, no character feature has it */
        whole[n_whole] = idx;
        n_whole += (size_t)((dup == 0) & (seen_char == 0));
        if (tok->lo + 1 > dup) r[w] = tok->lo + 1;
    }
    if (any_cross) *cross = 1;
    return n_whole;
}

/* Link repeats within each list (kj_tok.dup) and collect the set of listed
 * features, noting a feature listed both as characters and as words. The
 * set is an open addressing table of idx + 1 (0 = empty); beside each key,
 * 1 + the largest lo so far of a token with that idx among characters and
 * among words. Only the keys are zeroed (a quarter of the memory): a slot's
 * lo pair is written when its key is. */
static int index_repeats(kj_text_index *ti) {
    size_t n = ti->chars.n + ti->words.n, cap = 64;
    /* at most half full: zeroing a table twice as large (a quarter full) cost more
     * than the longer probes it saved, here and in in_set */
    while (cap < n * 2)
        cap *= 2;
    repeat_table t = {kj_arena_alloc(ti->arena, cap * sizeof *t.key), /* zeroed */
                      kj_arena_alloc_raw(ti->arena, cap * sizeof *t.lo), cap - 1};
    ti->whole = kj_arena_alloc(ti->arena, (n ? n : 1) * sizeof *ti->whole);
    if (!t.key || !t.lo || !ti->whole) return -1;
    ti->n_whole = repeats_of(&t, &ti->chars, 0, ti->whole, 0, &ti->cross);
    ti->n_whole = repeats_of(&t, &ti->words, 1, ti->whole, ti->n_whole, &ti->cross);
    ti->set = t.key;
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

kj_status kj_text_index_build(const char *s, size_t len, int ja, const uint64_t *keep, int spans,
                              kj_arena *arena, kj_text_index *out) {
    memset(out, 0, sizeof *out);
    out->s = s;
    out->len = len;
    out->ja = ja;
    out->keep = keep;
    out->spans = spans;
    out->arena = arena;
    /* every token list has room from the start, so none has NULL items for
     * the hot loops' pointer arithmetic (NULL + 0 is undefined behaviour) */
    if (len >= UINT32_MAX || toks_grow(arena, &out->chars) || toks_grow(arena, &out->words) ||
        (spans && ja && pos_set_new(arena, &out->char_at, len)) ||
        (spans && pos_set_new(arena, &out->word_at, len)) || (ja && index_chars(out)) ||
        index_words(out) || index_repeats(out))
        return KJ_ERR_NOMEM;
    pos_set_rank(&out->char_at, len);
    pos_set_rank(&out->word_at, len);
    return KJ_OK;
}

/* First token of l whose end is after pos (tokens are sorted by end). The
 * answer lies in [base, base + n]; each step halves n with a conditional
 * move, not a branch that every span would mispredict half the time. */
static size_t toks_ending_after(const kj_tok_list *l, size_t pos) {
    if (l->n == 0) return 0;
    const kj_tok *base = l->items;
    for (size_t n = l->n; n > 1; n -= n / 2)
        base = base[n / 2 - 1].hi <= pos ? base + n / 2 : base;
    return (size_t)(base - l->items) + (base->hi <= pos);
}

/* Number of positions of p in [start, end). */
static size_t count_in(const kj_pos_set *p, size_t start, size_t end) {
    return pos_rank(p, end) - pos_rank(p, start);
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
    if (start == 0 && end == ti->len) return ti->count;
    size_t count =
        KJ_CHAR_COUNT * count_in(&ti->char_at, start, end) + count_in(&ti->word_at, start, end);
    for (size_t i = toks_ending_after(&ti->pairs, start); i < ti->pairs.n; i++) {
        if (ti->pairs.items[i].hi > end) break;
        count += ti->pairs.items[i].lo >= start;
    }
    return count;
}

/* The value every text feature of [start, end) takes. */
static float span_scale(const kj_text_index *ti, size_t start, size_t end) {
    size_t count = span_count(ti, start, end);
    return count ? 1.0f / sqrtf((float)count) : 0.0f;
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

/* Whether the index lists the tokens of [start, end) as they are when the
 * span is indexed on its own: the whole text, or a span cut cleanly from
 * an index made for spans. */
static int indexed_span(const kj_text_index *ti, size_t start, size_t end) {
    if (start == 0 && end == ti->len) return 1;
    return ti->spans && clean_cut(ti, start) && clean_cut(ti, end);
}

/* The text features of [start, end) with the value they share. *unique
 * is set to 1 when they are distinct and ti can tell which other features
 * are among them (in_set), else 0. */
static int add_text(fvec *v, const kj_text_index *ti, size_t start, size_t end, int *unique) {
    *unique = 0;
    if (!indexed_span(ti, start, end)) {
        /* index the span on its own, as if it were a passage */
        kj_text_index sub;
        int u;
        if (kj_text_index_build(ti->s + start, end - start, ti->ja, ti->keep, 0, ti->arena, &sub) !=
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
    float scale = span_scale(ti, start, end);
    for (size_t i = first; i < v->n; i++)
        v->val[i] = scale;
    return 0;
}

/* ---- lexicon features ------------------------------------------------ */

/* Whether t is evidence for no model: an unrelated subject of a heading or
 * a cross-reference says how a document is arranged, not what it discloses. */
static int makes_no_features(const kj_term *t) {
    return kj_term_is_unrelated(t) || kj_term_is_xref(t) || kj_term_is_physical(t) ||
           kj_term_is_named(t);
}

/* An asset, outage or sense term (kj_term_is_asset, kj_term_is_outage,
 * kj_term_is_sense) differs from the other topic terms only in how it names
 * the topic; the models see it as one of them. */
void kj_term_features(const kj_term *t, uint32_t *term_idx, uint32_t *kind_idx) {
    char key[96];
    *term_idx = kj_feature_term_index(t);
    const char *category =
        kj_term_is_asset(t) || kj_term_is_outage(t) || kj_term_is_sense(t) ? "cyber" : t->category;
    /* the key "%s|%d|%d" of category, item, element, written without
     * snprintf: every start-up hashes it for each of the lexicon's terms */
    size_t n = strlen(category); /* a lexicon term always has a category */
    if (n > sizeof key - 2 * (KJ_INT_CHARS + 1))
        n = sizeof key - 2 * (KJ_INT_CHARS + 1); /* names are short words; room for the numbers */
    memcpy(key, category, n);
    key[n++] = '|';
    n += kj_format_int(key + n, t->item);
    key[n++] = '|';
    n += kj_format_int(key + n, t->element);
    *kind_idx = kj_feature_hash('k', key, n);
}

_Static_assert(KJ_N_ITEMS < 20, "item feature keys are written as one or two digits");

/* The two features of term t (id), cached in m when it has them. */
static void term_feats(const kj_term *t, unsigned id, const kj_model *m, uint32_t *ti,
                       uint32_t *ki) {
    if (m && m->term_feat && id < m->n_term_feat) {
        *ti = m->term_feat[2 * id];
        *ki = m->term_feat[2 * id + 1];
    } else
        kj_term_features(t, ti, ki);
}

/* The feature of the hits on item it (0..KJ_N_ITEMS). */
uint32_t kj_item_feature(int it) {
    char key[2] = {it >= 10 ? '1' : (char)('0' + it), (char)('0' + it % 10)};
    size_t n = it >= 10 ? 2 : 1; /* "%d" of 0..19 */
    return kj_feature_hash('i', key, n);
}

uint32_t kj_lang_feature(kj_lang lang) {
    char lkey[4] = {'L', lang == KJ_LANG_JA ? 'j' : 'e', 0, 0};
    return kj_feature_hash('l', lkey, 2);
}

static int add_lexicon(fvec *v, const kj_lexicon *lex, const kj_model *m, const kj_matches *mt) {
    float per_item[KJ_N_ITEMS + 1] = {0};
    for (size_t i = 0; i < mt->n; i++) {
        unsigned id = mt->items[i].term;
        const kj_term *t = kj_lexicon_term(lex, id);
        if (!t || makes_no_features(t)) continue;
        uint32_t ti, ki;
        term_feats(t, id, m, &ti, &ki);
        if (fvec_add(v, ti, 1.0f) || fvec_add(v, ki, 1.0f)) return -1;
        per_item[t->item] += t->weight;
    }
    for (int it = 0; it <= KJ_N_ITEMS; it++) {
        if (per_item[it] <= 0) continue;
        if (fvec_add(v, kj_item_feature(it), logf(1.0f + per_item[it]))) return -1;
    }
    return 0;
}

/* The term's entry, not its place in the lexicon, names its feature: a term
 * added or removed elsewhere leaves every other term's weight where it was.
 * The entry is the term as written with its item, element and category, which
 * tools/check_lexicon.py keeps unique. */
uint32_t kj_feature_term_index(const kj_term *t) {
    char tail[96];
    int n = snprintf(tail, sizeof tail, "|%d|%d|%s", t->item, t->element, t->category);
    if (n < 0) n = 0;
    if ((size_t)n >= sizeof tail) n = (int)sizeof tail - 1;
    uint32_t h = kj_fnv1a32(kj_fnv1a32(KJ_FNV32_BASIS, "t", 1), t->term, strlen(t->term));
    return kj_fnv1a32(h, tail, (size_t)n) % KJ_FEAT_DIM;
}

/* dedupe() for a short vector: each entry against those kept before it,
 * cheaper than clearing and probing a table for the few lexicon features of
 * a span. */
static size_t dedupe_short(fvec *v) {
    size_t k = 0;
    for (size_t i = 0; i < v->n; i++) {
        size_t j = 0;
        while (j < k && v->idx[j] != v->idx[i])
            j++;
        if (j < k) {
            if (v->val[i] > v->val[j]) v->val[j] = v->val[i];
            continue;
        }
        v->idx[k] = v->idx[i];
        v->val[k++] = v->val[i];
    }
    return k;
}

/* The open-addressing table dedupe() and dedupe_tail() merge repeats
 * through: for each feature kept, its position + 1 (0 = empty). A table of
 * up to 256 slots lives in small, a larger one in the vector's arena. */
typedef struct {
    uint32_t *slot;
    size_t mask;
    uint32_t small[256];
} merge_table;

/* Set t up for n entries (at least twice as many slots); -1 on allocation
 * failure. */
static int merge_table_init(merge_table *t, size_t n, kj_arena *arena) {
    size_t cap = 64;
    while (cap < n * 2)
        cap *= 2;
    t->slot = cap <= 256 ? t->small : kj_arena_alloc(arena, cap * sizeof *t->slot);
    if (!t->slot) return -1;
    if (t->slot == t->small) memset(t->slot, 0, cap * sizeof *t->slot);
    t->mask = cap - 1;
    return 0;
}

/* Keep entry i of v as entry *k (and count it) unless an entry kept before
 * has its feature: then that one takes the larger of the two values. */
static inline void merge_entry(fvec *v, merge_table *t, size_t i, size_t *k) {
    uint32_t idx = v->idx[i];
    size_t h = (idx * 2654435761u) & t->mask;
    while (t->slot[h] && v->idx[t->slot[h] - 1] != idx)
        h = (h + 1) & t->mask;
    if (t->slot[h]) {
        if (v->val[i] > v->val[t->slot[h] - 1]) v->val[t->slot[h] - 1] = v->val[i];
        return;
    }
    v->idx[*k] = idx;
    v->val[*k] = v->val[i];
    *k += 1;
    t->slot[h] = (uint32_t)*k;
}

/* Merge duplicate indices in place (keeping the larger value) with an
 * open-addressing table; order is first occurrence. Returns the new count or
 * (size_t)-1 on allocation failure. */
static size_t dedupe(fvec *v) {
    if (v->n <= 32) return dedupe_short(v);
    merge_table t;
    if (merge_table_init(&t, v->n, v->arena)) return (size_t)-1;
    size_t k = 0;
    for (size_t i = 0; i < v->n; i++)
        merge_entry(v, &t, i, &k);
    return k;
}

/* dedupe() for a vector whose first `text` entries are distinct features of
 * ti: the rest (lexicon and language features, few) are merged among
 * themselves through a small table of their own and, when ti lists them at
 * all, with the text features they repeat. Returns (size_t)-1 on
 * allocation failure. */
static size_t dedupe_tail(fvec *v, size_t text, const kj_text_index *ti) {
    merge_table t;
    if (merge_table_init(&t, v->n - text, v->arena)) return (size_t)-1;
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
        merge_entry(v, &t, i, &k);
    }
    return k;
}

static int add_lang(fvec *v, kj_lang lang) {
    return fvec_add(v, kj_lang_feature(lang), 1.0f);
}

/* The features of [start, end) into v (empty, of any capacity) and out. */
static kj_status fill_span(fvec *v, const kj_text_index *ti, size_t start, size_t end,
                           const kj_lexicon *lex, const kj_model *m, const kj_matches *mt,
                           kj_lang lang, kj_features *out) {
    int unique;
    if (add_text(v, ti, start, end, &unique)) return KJ_ERR_NOMEM;
    size_t text = v->n;
    if (add_lexicon(v, lex, m, mt) || add_lang(v, lang)) return KJ_ERR_NOMEM;
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
    kj_feat_room fresh = {0};
    return kj_span_features_in(ti, start, end, lex, m, mt, lang, &fresh, out);
}

/* ---- preparing an index for span vectors ------------------------------ */

/* The dense rows in m of the n features idx (each weighted in m), from
 * arena. */
static uint32_t *rows_of(kj_arena *a, const kj_model *m, const uint32_t *idx, size_t n) {
    uint32_t *row = kj_arena_alloc_raw(a, (n ? n : 1) * sizeof *row);
    if (!row) return NULL;
    if (n) memcpy(row, idx, n * sizeof *row);
    kj_model_rows(m, row, n);
    return row;
}

/* The kept lexicon features of the matches of L->mt as entries (L->at,
 * L->item, L->weight filled), returned as feature indices (arena), with
 * their count in *n. */
static uint32_t *lex_entries(kj_text_index *ti, kj_lex_rows *L, const kj_lexicon *lex,
                             const kj_model *m, size_t *n) {
    const kj_matches *mt = L->mt;
    uint32_t *idx = kj_arena_alloc_raw(ti->arena, (2 * mt->n + 1) * sizeof *idx);
    L->at = kj_arena_alloc_raw(ti->arena, (mt->n + 1) * sizeof *L->at);
    L->item = kj_arena_alloc_raw(ti->arena, mt->n + 1);
    L->weight = kj_arena_alloc_raw(ti->arena, (mt->n + 1) * sizeof *L->weight);
    if (!idx || !L->at || !L->item || !L->weight) return NULL;
    size_t e = 0;
    for (size_t i = 0; i < mt->n; i++) {
        unsigned id = mt->items[i].term;
        const kj_term *t = kj_lexicon_term(lex, id);
        if (makes_no_features(t)) t = NULL; /* as add_lexicon */
        L->at[i] = (uint32_t)e;
        L->item[i] = t ? (signed char)t->item : -1;
        L->weight[i] = t ? t->weight : 0;
        if (!t) continue;
        uint32_t f[2];
        term_feats(t, id, m, &f[0], &f[1]);
        for (int k = 0; k < 2; k++) {
            idx[e] = f[k];
            e += (size_t)kept(ti->keep, f[k]);
        }
    }
    L->at[mt->n] = (uint32_t)e;
    *n = e;
    return idx;
}

/* A slot of the table that links lexicon entries: feature + 1 (0: empty)
 * and 1 + the last entry with it. */
typedef uint32_t link_slot[2];

/* L->prev of the n entries idx: the same links as kj_tok.dup, through an
 * open addressing table (arena; *cap slots) that is returned for
 * in_links. */
static link_slot *lex_links(kj_arena *a, kj_lex_rows *L, const uint32_t *idx, size_t n,
                            size_t *cap) {
    *cap = 16;
    while (*cap < n * 2)
        *cap *= 2;
    link_slot *slot = kj_arena_alloc(a, *cap * sizeof *slot); /* zeroed */
    L->prev = kj_arena_alloc_raw(a, (n ? n : 1) * sizeof *L->prev);
    if (!slot || !L->prev) return NULL;
    for (size_t e = 0; e < n; e++) {
        size_t h = idx_hash(idx[e], *cap);
        while (slot[h][0] && slot[h][0] != idx[e] + 1)
            h = (h + 1) & (*cap - 1);
        slot[h][0] = idx[e] + 1;
        L->prev[e] = slot[h][1];
        slot[h][1] = (uint32_t)e + 1;
    }
    return slot;
}

/* Is f the feature of an entry of the table? */
static int in_links(const link_slot *slot, size_t cap, uint32_t f) {
    for (size_t h = idx_hash(f, cap); slot[h][0]; h = (h + 1) & (cap - 1))
        if (slot[h][0] == f + 1) return 1;
    return 0;
}

/* The item and language features (kept ones with their rows), and
 * L->plain: whether each is distinct from the others and from the entries
 * (in the table slot), so a span's never merge. Returns whether any is
 * listed in ti. */
static int lex_extras(const kj_text_index *ti, kj_lex_rows *L, const kj_model *m,
                      const link_slot *slot, size_t cap) {
    enum { JA = KJ_N_ITEMS + 1, EN, N_EXTRA };
    uint32_t f[N_EXTRA], row[N_EXTRA];
    unsigned char on[N_EXTRA];
    int listed = 0;
    L->plain = 1;
    for (int k = 0; k < N_EXTRA; k++) {
        f[k] = k < JA ? kj_item_feature(k) : kj_lang_feature(k == JA ? KJ_LANG_JA : KJ_LANG_EN);
        on[k] = (unsigned char)kept(ti->keep, f[k]);
        listed |= in_set(ti, f[k]);
        for (int j = 0; j < k; j++) /* a span has one of the two language features */
            L->plain &= !on[j] || !on[k] || f[j] != f[k] || (j == JA && k == EN);
        L->plain &= !on[k] || !in_links(slot, cap, f[k]);
        row[k] = on[k] ? f[k] : 0; /* the row of feature 0 is never read */
    }
    kj_model_rows(m, row, N_EXTRA);
    memcpy(L->item_row, row, sizeof L->item_row);
    memcpy(L->lang_row, row + JA, sizeof L->lang_row);
    memcpy(L->item_kept, on, sizeof L->item_kept);
    memcpy(L->lang_kept, on + JA, sizeof L->lang_kept);
    return listed;
}

kj_status kj_text_index_prepare(kj_text_index *ti, const kj_model *m, const kj_lexicon *lex,
                                const kj_matches *mt) {
    if (!m->dense || ti->keep != m->has) return KJ_OK; /* else tokens unweighted in m are listed */
    kj_lex_rows *L = &ti->lex;
    L->mt = mt;
    size_t n, cap;
    uint32_t *idx = lex_entries(ti, L, lex, m, &n);
    link_slot *slot = idx ? lex_links(ti->arena, L, idx, n, &cap) : NULL;
    if (!slot || !(L->row = rows_of(ti->arena, m, idx, n)) ||
        !(ti->whole_row = rows_of(ti->arena, m, ti->whole, ti->n_whole)))
        return KJ_ERR_NOMEM;
    int listed = lex_extras(ti, L, m, slot, cap);
    for (size_t e = 0; e < n; e++)
        listed |= in_set(ti, idx[e]);
    ti->tails_apart = !listed;
    return KJ_OK;
}

/* ---- span vectors ----------------------------------------------------- */

/* The first match of mt starting at or after start, searched for: it lies
 * in [base, base + n], which each step halves with a conditional move (no
 * branch that every span would mispredict half the time). */
static size_t first_match_at(const kj_matches *mt, size_t start) {
    if (mt->n == 0) return 0;
    const kj_match *base = mt->items;
    for (size_t n = mt->n; n > 1; n -= n / 2)
        base = base[n / 2 - 1].nstart < start ? base + n / 2 : base;
    return (size_t)(base - mt->items) + (base->nstart < start);
}

/* The matches from the first one of mt starting at or after the span's
 * start (first) that end within it. */
static kj_matches matches_from(const kj_matches *mt, size_t first, size_t end) {
    /* a passage without matches has items NULL, and NULL + 0 is undefined
     * behaviour (UBSan: "applying zero offset to null pointer") */
    if (mt->n == 0) return (kj_matches){NULL, 0};
    size_t last = first;
    while (last < mt->n && mt->items[last].nend <= end)
        last++;
    return (kj_matches){mt->items + first, last - first};
}

kj_matches kj_span_matches(const kj_matches *mt, size_t start, size_t end) {
    return matches_from(mt, first_match_at(mt, start), end);
}

/* kj_span_matches for a span after the one room marks: on from the first
 * match at or after the last span's start when this one starts no earlier
 * (usually a step or two), which room then marks. */
static kj_matches span_matches_after(const kj_matches *mt, kj_feat_room *room, size_t start,
                                     size_t end) {
    size_t first = room->match_first;
    if (start < room->match_pos)
        first = first_match_at(mt, start);
    else
        while (first < mt->n && mt->items[first].nstart < start)
            first++;
    room->match_pos = start;
    room->match_first = first;
    return matches_from(mt, first, end);
}

/* Whether add_toks takes a character token of feature idx within [start,
 * end) (the check a cross word token needs). */
static int char_taken(const kj_text_index *ti, size_t start, size_t end, uint32_t idx) {
    const kj_tok_list *l = &ti->chars;
    for (size_t i = toks_ending_after(l, start); i < l->n && l->items[i].hi <= end; i++) {
        const kj_tok *t = &l->items[i];
        if (t->idx == idx && t->lo >= start && t->dup <= start) return 1;
    }
    return 0;
}

/* add_toks giving the features of the tokens it takes, written to rows
 * after the first n (rows has room for every token walked), from token *i
 * on, which it sets to where the walk stopped. Returns the new count. */
static size_t take_toks(const kj_text_index *ti, const kj_tok_list *l, size_t *i, size_t start,
                        size_t end, uint32_t *rows, size_t n) {
    size_t k = *i; /* the first token ending after start */
    for (; k < l->n && l->items[k].hi <= end; k++) {
        const kj_tok *t = &l->items[k];
        /* written always, counted when taken (no unpredictable branch) */
        int take = (t->lo >= start) & (t->dup <= start);
        if (t->cross && take) take = !char_taken(ti, start, end, t->idx);
        rows[n] = t->idx;
        n += (size_t)take;
    }
    *i = k; /* the first token ending after end */
    return n;
}

/* The text rows of [start, end) into out (rows in room, or the whole's). */
static kj_status text_rows(const kj_text_index *ti, const kj_model *m, size_t start, size_t end,
                           kj_feat_room *room, kj_span_vec *out) {
    out->text_val = span_scale(ti, start, end);
    if (start == 0 && end == ti->len) { /* what take_toks would take, listed by the index */
        out->rows = ti->whole_row;
        out->n_rows = ti->n_whole;
        return KJ_OK;
    }
    size_t need = ti->chars.n + ti->words.n; /* every token a span can walk */
    if (room->rows_cap < need) {
        size_t cap = need < 512 ? 512 : need;
        if (!(room->rows = kj_arena_alloc_raw(ti->arena, cap * sizeof *room->rows)))
            return KJ_ERR_NOMEM;
        room->rows_cap = cap;
    }
    /* the first tokens ending after start: the next clause or sentence
     * starts where the last span started or ended, else they are searched */
    kj_span_mark at = {start, {0, 0}};
    const kj_tok_list *lists[2] = {&ti->chars, &ti->words};
    for (int w = 0; w < 2; w++)
        at.tok[w] = start == room->mark[0].pos   ? room->mark[0].tok[w]
                    : start == room->mark[1].pos ? room->mark[1].tok[w]
                                                 : toks_ending_after(lists[w], start);
    room->mark[0] = room->mark[1] = at;
    room->mark[1].pos = end;
    size_t n = take_toks(ti, &ti->chars, &room->mark[1].tok[0], start, end, room->rows, 0);
    out->n_rows = take_toks(ti, &ti->words, &room->mark[1].tok[1], start, end, room->rows, n);
    /* the features taken become their rows (the model weighs each: the
     * index keeps no other) */
    kj_model_rows(m, room->rows, out->n_rows);
    out->rows = room->rows;
    return KJ_OK;
}

/* The lexicon and language features into v (empty), merged among
 * themselves as dedupe_tail merges them when none is listed in ti. */
static int add_tail(fvec *v, const kj_lexicon *lex, const kj_model *m, const kj_matches *mt,
                    kj_lang lang) {
    if (add_lexicon(v, lex, m, mt) || add_lang(v, lang)) return -1;
    size_t k = dedupe(v);
    if (k == (size_t)-1) return -1;
    v->n = k;
    return 0;
}

/* Whether no feature of v is listed in ti, so none can merge with a text
 * feature of a span. */
static int apart(const fvec *v, const kj_text_index *ti) {
    for (size_t i = 0; i < v->n; i++)
        if (in_set(ti, v->idx[i])) return 0;
    return 1;
}

/* logf(1 + x) for an x > 0, remembered in room: the spans of a passage
 * mostly weigh the same few terms. */
static float log1_memo(kj_feat_room *room, float x) {
    uint32_t key;
    memcpy(&key, &x, sizeof key); /* not 0, the key of an empty slot */
    size_t h = (key * 2654435761u) >> (32 - KJ_LOG_MEMO_BITS);
    if (room->log_key[h] != key) {
        room->log_key[h] = key;
        room->log_val[h] = logf(1.0f + x);
    }
    return room->log_val[h];
}

/* The rows and values of the lexicon, item and language features of the
 * span whose matches are [a, b) of the passage's, as add_tail gives them
 * when L->plain: then only repeats of a term or kind feature merge, all of
 * value 1, so a span keeps the first of each (L->prev). rows and vals have
 * room for every entry of the passage and the extras. Returns the count. */
static size_t lex_tail(const kj_lex_rows *L, size_t a, size_t b, kj_lang lang, kj_feat_room *room,
                       uint32_t *rows, float *vals) {
    size_t n = 0;
    uint32_t from = L->at[a];
    for (uint32_t e = from; e < L->at[b]; e++) {
        rows[n] = L->row[e]; /* written always, counted when first */
        vals[n] = 1.0f;
        n += L->prev[e] <= from;
    }
    float per_item[KJ_N_ITEMS + 1] = {0};
    unsigned hit = 0; /* the items with terms in the span, visited in order below */
    for (size_t i = a; i < b; i++) {
        if (L->item[i] < 0) continue;
        per_item[L->item[i]] += L->weight[i];
        hit |= 1u << L->item[i];
    }
    for (; hit; hit &= hit - 1) {
        int it = __builtin_ctz(hit);
        if (per_item[it] <= 0 || !L->item_kept[it]) continue;
        rows[n] = L->item_row[it];
        vals[n++] = log1_memo(room, per_item[it]);
    }
    int li = lang == KJ_LANG_JA ? 0 : 1;
    if (L->lang_kept[li]) {
        rows[n] = L->lang_row[li];
        vals[n++] = 1.0f;
    }
    return n;
}

/* The tail of out (a known span's lexicon and language features) from the
 * span's matches sm (of the passage's mt), in v: from the prepared entries
 * when no feature can merge but repeats, else merged here. Returns 0 when
 * the span cannot be known (a tail feature is listed in ti, so may merge
 * with a text feature), -1 when out of memory. */
static int span_tail(fvec *v, const kj_text_index *ti, const kj_lexicon *lex, const kj_model *m,
                     const kj_matches *mt, const kj_matches *sm, kj_lang lang, kj_feat_room *room,
                     kj_span_vec *out) {
    const kj_lex_rows *L = &ti->lex;
    if (L->mt == mt && L->plain && ti->tails_apart) {
        size_t a = sm->n ? (size_t)(sm->items - L->mt->items) : 0;
        while (v->cap < L->at[L->mt->n] + KJ_N_ITEMS + 2)
            if (fvec_grow(v)) return -1;
        v->n = lex_tail(L, a, a + sm->n, lang, room, v->idx, v->val);
    } else {
        if (add_tail(v, lex, m, sm, lang)) return -1;
        if (!apart(v, ti)) return 0;
        kj_model_rows(m, v->idx, v->n); /* the tail's features become their rows */
    }
    out->tail_rows = v->idx;
    out->tail_val = v->val;
    out->n_tail = v->n;
    return 1;
}

/* kj_span_vec_in with v (empty) in room's vectors. */
static kj_status fill_span_vec(fvec *v, const kj_text_index *ti, size_t start, size_t end,
                               const kj_lexicon *lex, const kj_model *m, const kj_matches *mt,
                               kj_lang lang, kj_feat_room *room, kj_span_vec *out) {
    kj_matches sm = span_matches_after(mt, room, start, end);
    int known = ti->whole_row && indexed_span(ti, start, end);
    if (known) {
        int r = span_tail(v, ti, lex, m, mt, &sm, lang, room, out);
        if (r < 0) return KJ_ERR_NOMEM;
        known = r;
    }
    out->known = known;
    if (!known) { /* the vector itself, as kj_span_features gives it */
        v->n = 0;
        return fill_span(v, ti, start, end, lex, m, &sm, lang, &out->all);
    }
    return text_rows(ti, m, start, end, room, out);
}

kj_status kj_span_vec_in(const kj_text_index *ti, size_t start, size_t end, const kj_lexicon *lex,
                         const kj_model *m, const kj_matches *mt, kj_lang lang, kj_feat_room *room,
                         kj_span_vec *out) {
    fvec v = {room->idx, room->val, 0, room->cap, ti->arena, ti->keep};
    kj_status st = fill_span_vec(&v, ti, start, end, lex, m, mt, lang, room, out);
    room->idx = v.idx; /* grown or not */
    room->val = v.val;
    room->cap = v.cap;
    return st;
}

kj_status kj_features_extract(const kj_lexicon *lex, const kj_passage *p, const kj_matches *mt,
                              kj_arena *arena, kj_features *out) {
    kj_text_index ti;
    kj_status st =
        kj_text_index_build(p->norm.text, p->norm.len, p->lang == KJ_LANG_JA, NULL, 0, arena, &ti);
    if (st != KJ_OK) return st;
    return kj_span_features(&ti, 0, p->norm.len, lex, NULL, mt, p->lang, out);
}
