/*
 * explain.c - why the model scores a passage as it does for one item: the
 * item's log-odds taken apart into its bias and the share of every feature
 * the passage has (the feature's value times its weight), each feature
 * named by what in the passage gives it.
 *
 * The evidence a classification carries (classify.c) names only the
 * lexicon terms of its items. The model weighs the passage's own words too
 * (character trigrams of Japanese, word unigrams and bigrams of English),
 * and these often decide: a paragraph on a board committee can take item 6
 * from "reviews" and "audit", none of them a term of item 6. A reader who
 * wants to know why an item was given, or why not, needs all of it, and a
 * linear model can give all of it exactly: the shares and the bias add up
 * to the log-odds the classifier computed (kj_explain_item says so, and
 * the tests check it).
 *
 * The features are those of the whole passage, as the classifier takes
 * them (features.c, keeping only the features the model weighs); a
 * feature is named by the first token of the text that hashes to it and
 * counts how many do, or else by the lexicon term, category, item or
 * language it stands for. Features share hashed buckets, so one name can
 * stand for two things; the rare collision is named by its first source.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaiji/match.h"
#include "model_internal.h"

/* What gives each of the passage's features (v, one per feature of the
 * vector f, in its order), found by walking the text index's tokens and the
 * matches; slot finds a feature's entry: an open-addressing table of
 * entry + 1 (0: empty) by feature index (f's order is not sorted). */
typedef struct {
    kj_explain_feature *v;
    const kj_features *f;
    uint32_t *slot;
    size_t mask;
} named;

static size_t slot_of(const named *nm, uint32_t idx) {
    size_t h = (idx * 2654435761u) & nm->mask;
    while (nm->slot[h] && nm->f->idx[nm->slot[h] - 1] != idx)
        h = (h + 1) & nm->mask;
    return h;
}

static int named_init(named *nm, const kj_features *f, kj_arena *arena) {
    size_t cap = 16;
    while (cap < f->n * 2)
        cap *= 2;
    nm->f = f;
    nm->mask = cap - 1;
    nm->v = kj_arena_alloc(arena, (f->n ? f->n : 1) * sizeof *nm->v);
    nm->slot = kj_arena_alloc(arena, cap * sizeof *nm->slot);
    if (!nm->v || !nm->slot) return -1;
    for (size_t i = 0; i < f->n; i++) {
        nm->slot[slot_of(nm, f->idx[i])] = (uint32_t)i + 1;
        nm->v[i].element = -1;
    }
    return 0;
}

/* The entry of feature idx among the vector's, or -1. */
static long find_feature(const named *nm, uint32_t idx) {
    uint32_t e = nm->slot[slot_of(nm, idx)];
    return e ? (long)e - 1 : -1;
}

/* The code points [*start, *end) of p's original text that the normalised
 * bytes [lo, hi) come from, and those bytes of the original as a string
 * (arena). Without a map (a document analysis keeps none) the normalised
 * bytes themselves, at no place. */
static const char *place_of(const kj_passage *p, size_t lo, size_t hi, kj_arena *arena,
                            size_t *start, size_t *end) {
    *start = *end = 0;
    if (!p->norm.map || hi <= lo || hi > p->norm.len)
        return kj_arena_strndup(arena, p->norm.text + lo, hi - lo);
    *start = p->norm.map[lo];
    *end = p->norm.map[hi - 1] + 1;
    size_t k, b = kj_utf8_skip(p->text, p->len, *start, &k);
    size_t e = b + kj_utf8_skip(p->text + b, p->len - b, *end - *start, &k);
    return kj_arena_strndup(arena, p->text + b, e - b);
}

/* Name the features of list's tokens (character or word n-grams). */
static int name_tokens(const kj_passage *p, const kj_tok_list *list, named *nm, kj_arena *arena) {
    for (size_t i = 0; i < list->n; i++) {
        long at = find_feature(nm, list->items[i].idx);
        if (at < 0) continue;
        kj_explain_feature *x = &nm->v[at];
        if (x->what) {
            if (x->kind == KJ_EXPLAIN_TEXT) x->places++;
            continue;
        }
        x->kind = KJ_EXPLAIN_TEXT;
        x->places = 1;
        x->what = place_of(p, list->items[i].lo, list->items[i].hi, arena, &x->start, &x->end);
        if (!x->what) return -1;
    }
    return 0;
}

/* Name feature idx, when f has it and nothing named it yet, as kind what;
 * the entry named, or NULL. */
static kj_explain_feature *name_once(named *nm, uint32_t idx, kj_explain_kind kind,
                                     const char *what) {
    long at = find_feature(nm, idx);
    if (at < 0 || nm->v[at].what) return NULL;
    nm->v[at].kind = kind;
    nm->v[at].what = what;
    nm->v[at].places = 1;
    return &nm->v[at];
}

/* Name the lexicon features of the matches: each term's own feature by the
 * term as the passage writes it (counting its places), its kind feature by
 * its category, item and element, the hits on an item by the item. */
static int name_lexicon(const kj_lexicon *lex, const kj_passage *p, const kj_matches *mt, named *nm,
                        kj_arena *arena) {
    for (size_t i = 0; i < mt->n; i++) {
        const kj_term *t = kj_lexicon_term(lex, mt->items[i].term);
        if (!t) continue;
        uint32_t ti, ki;
        kj_term_features(t, &ti, &ki);
        long at = find_feature(nm, ti);
        if (at >= 0 && nm->v[at].what && nm->v[at].kind == KJ_EXPLAIN_TERM) nm->v[at].places++;
        if (at >= 0 && !nm->v[at].what) {
            kj_explain_feature *x = &nm->v[at];
            x->kind = KJ_EXPLAIN_TERM;
            x->places = 1;
            x->what =
                place_of(p, mt->items[i].nstart, mt->items[i].nend, arena, &x->start, &x->end);
            if (!x->what) return -1;
        }
        long kat = find_feature(nm, ki);
        if (kat < 0 || nm->v[kat].what) continue; /* the kind feature: absent or named */
        /* the models see asset, outage and sense terms as cyber ones
         * (kj_term_features) */
        const char *cat = kj_term_is_asset(t) || kj_term_is_outage(t) || kj_term_is_sense(t)
                              ? "cyber"
                              : t->category;
        char key[128];
        if (t->element >= 0)
            snprintf(key, sizeof key, "%s terms of %s", cat, kj_element_id(t->element));
        else if (t->item > 0)
            snprintf(key, sizeof key, "%s terms of item %d", cat, t->item);
        else
            snprintf(key, sizeof key, "%s terms", cat);
        const char *kw = kj_arena_strndup(arena, key, strlen(key));
        if (!kw) return -1;
        kj_explain_feature *x = name_once(nm, ki, KJ_EXPLAIN_KIND, kw);
        if (x) {
            x->item = t->item;
            x->element = t->element;
            x->category = cat;
        }
    }
    for (int it = 0; it <= KJ_N_ITEMS; it++) {
        char key[48];
        if (it)
            snprintf(key, sizeof key, "all terms of item %d together", it);
        else
            snprintf(key, sizeof key, "all topic terms together");
        const char *kw = kj_arena_strndup(arena, key, strlen(key));
        if (!kw) return -1;
        kj_explain_feature *x = name_once(nm, kj_item_feature(it), KJ_EXPLAIN_HITS, kw);
        if (x) x->item = it;
    }
    static const kj_lang langs[] = {KJ_LANG_JA, KJ_LANG_EN};
    for (int k = 0; k < 2; k++) {
        kj_explain_feature *x = name_once(nm, kj_lang_feature(langs[k]), KJ_EXPLAIN_LANG,
                                          langs[k] == KJ_LANG_JA ? "Japanese" : "English");
        if (x) x->lang = langs[k];
    }
    return 0;
}

/* Larger shares first, whatever their sign; then in text order. */
static int by_share(const void *a, const void *b) {
    const kj_explain_feature *x = a, *y = b;
    float ax = fabsf(x->contribution), ay = fabsf(y->contribution);
    if (ax != ay) return ax > ay ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* One item's explanation from the passage's features f, named in nm (its
 * entries copied, so nm serves the next item too), and their logits z. */
static kj_status explain_one(const kj_model *m, const kj_features *f, const named *nm,
                             const double *z, int item, kj_arena *arena, kj_explanation *out) {
    int label = item - 1;
    out->item = item;
    out->bias = m->bias[label];
    out->logit = z[label];
    out->score = (float)(1.0 / (1.0 + exp(-z[label])));
    out->features = kj_arena_alloc_raw(arena, (f->n ? f->n : 1) * sizeof *out->features);
    if (!out->features) return KJ_ERR_NOMEM;
    size_t k = 0;
    for (size_t i = 0; i < f->n; i++) {
        float w = kj_model_weight(m, f->idx[i], label);
        if (w == 0) continue;
        kj_explain_feature *x = &out->features[k++];
        *x = nm->v[i];
        x->value = f->val[i];
        x->contribution = f->val[i] * w;
        if (!x->what) x->what = "(a feature of the text)";
    }
    qsort(out->features, k, sizeof *out->features, by_share);
    out->n = k;
    return KJ_OK;
}

kj_status kj_explain_items(const kj_model *m, const kj_lexicon *lex, const kj_passage *p,
                           const kj_matches *mt, const int *items, int n, kj_arena *arena,
                           kj_explanation *out, kj_error *err) {
    for (int k = 0; k < n; k++) {
        memset(&out[k], 0, sizeof out[k]);
        if (items[k] < 1 || items[k] > KJ_N_ITEMS)
            return kj_error_set(err, KJ_ERR_ARG, "no item %d: items are 1-10", items[k]);
    }
    kj_text_index ti;
    kj_features f;
    named nm;
    if (kj_text_index_build(p->norm.text, p->norm.len, p->lang == KJ_LANG_JA, m->has, 0, arena,
                            &ti) != KJ_OK ||
        kj_span_features(&ti, 0, p->norm.len, lex, m, mt, p->lang, &f) != KJ_OK ||
        named_init(&nm, &f, arena) || name_tokens(p, &ti.chars, &nm, arena) ||
        name_tokens(p, &ti.words, &nm, arena) || name_lexicon(lex, p, mt, &nm, arena))
        return kj_error_set(err, KJ_ERR_NOMEM, "out of memory explaining a passage");
    double z[KJ_N_LABELS];
    kj_model_logits(m, &f, z);
    for (int k = 0; k < n; k++)
        if (explain_one(m, &f, &nm, z, items[k], arena, &out[k]) != KJ_OK)
            return kj_error_set(err, KJ_ERR_NOMEM, "out of memory explaining a passage");
    return KJ_OK;
}

kj_status kj_explain_item(const kj_model *m, const kj_lexicon *lex, const kj_passage *p,
                          const kj_matches *mt, int item, kj_arena *arena, kj_explanation *out,
                          kj_error *err) {
    return kj_explain_items(m, lex, p, mt, &item, 1, arena, out, err);
}
