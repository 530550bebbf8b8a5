/*
 * scan.c - one Vectorscan pass over a passage's normalised text, collecting
 * lexicon hits with word-boundary checks for English terms, merging
 * overlapping reports of the same term (leftmost-longest), and mapping each
 * hit back to code-point offsets in the original passage text.
 */
#include "match_internal.h"

#include <stdlib.h>
#include <string.h>

struct kj_scanner {
    const kj_lexicon *lex;
    hs_scratch_t *scratch;
    kj_match *hits; /* heap, reused between scans */
    kj_match *tmp;  /* heap, cap entries: scratch for sorting hits */
    size_t n, cap;
    const char *text;
    size_t len;
    int oom;
};

kj_status kj_scanner_new(const kj_lexicon *lex, kj_scanner **out, kj_error *err) {
    kj_scanner *sc = calloc(1, sizeof *sc);
    if (!sc) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    sc->lex = lex;
    if (hs_alloc_scratch(lex->db, &sc->scratch) != HS_SUCCESS) {
        free(sc);
        return kj_error_set(err, KJ_ERR_NOMEM, "cannot allocate Vectorscan scratch space");
    }
    *out = sc;
    return KJ_OK;
}

void kj_scanner_free(kj_scanner *sc) {
    if (!sc) return;
    hs_free_scratch(sc->scratch);
    free(sc->hits);
    free(sc->tmp);
    free(sc);
}

static int word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int on_hit(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                  void *ctx) {
    (void)flags;
    kj_scanner *sc = ctx;
    const kj_term_extra *ex = &sc->lex->extra[id];
    if (ex->lit_len) from = to - ex->lit_len;
    if (ex->left_boundary && from > 0 && word_byte((unsigned char)sc->text[from - 1])) return 0;
    if (ex->right_boundary && to < sc->len && word_byte((unsigned char)sc->text[to])) return 0;
    if (to <= from) return 0;
    if (sc->n == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 256;
        kj_match *h = realloc(sc->hits, cap * sizeof *h);
        if (h) sc->hits = h;
        kj_match *t = h ? realloc(sc->tmp, cap * sizeof *t) : NULL;
        if (t) sc->tmp = t;
        if (!h || !t) {
            sc->oom = 1;
            return 1; /* stop scanning */
        }
        sc->cap = cap;
    }
    sc->hits[sc->n++] = (kj_match){id, (size_t)from, (size_t)to, 0, 0};
    return 0;
}

/* Order for merging: by term, then start, then longest first. */
static int before_by_term(const kj_match *x, const kj_match *y) {
    if (x->term != y->term) return x->term < y->term;
    if (x->nstart != y->nstart) return x->nstart < y->nstart;
    return x->nend > y->nend;
}

/* Order of the result: by start, then longest first, then term. */
static int before_by_pos(const kj_match *x, const kj_match *y) {
    if (x->nstart != y->nstart) return x->nstart < y->nstart;
    if (x->nend != y->nend) return x->nend > y->nend;
    return x->term < y->term;
}

/* Stable merge sort of h[0, n) with tmp (n entries) as scratch; the
 * comparison is inlined, unlike qsort's. Both orders are total except
 * between equal hits, so the result is the one qsort gave. */
static void sort_hits(kj_match *h, size_t n, kj_match *tmp, int by_pos) {
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            kj_match x = h[i];
            size_t j = i;
            while (j > 0 &&
                   (by_pos ? before_by_pos(&x, &h[j - 1]) : before_by_term(&x, &h[j - 1]))) {
                h[j] = h[j - 1];
                j--;
            }
            h[j] = x;
        }
        return;
    }
    size_t m = n / 2;
    sort_hits(h, m, tmp, by_pos);
    sort_hits(h + m, n - m, tmp, by_pos);
    memcpy(tmp, h, m * sizeof *h);
    size_t i = 0, j = m, k = 0;
    while (i < m && j < n) {
        int right = by_pos ? before_by_pos(&h[j], &tmp[i]) : before_by_term(&h[j], &tmp[i]);
        h[k++] = right ? h[j++] : tmp[i++];
    }
    while (i < m)
        h[k++] = tmp[i++];
}

/* Merge overlapping hits of the same term into one (sorted by term, start). */
static size_t merge_same_term(kj_match *h, size_t n, kj_match *tmp) {
    if (n == 0) return 0;
    sort_hits(h, n, tmp, 0);
    size_t k = 0;
    for (size_t i = 1; i < n; i++) {
        if (h[i].term == h[k].term && h[i].nstart < h[k].nend) {
            if (h[i].nend > h[k].nend) h[k].nend = h[i].nend;
        } else {
            h[++k] = h[i];
        }
    }
    return k + 1;
}

kj_status kj_match_passage(kj_scanner *sc, const kj_passage *p, kj_arena *arena, kj_matches *out,
                           kj_error *err) {
    out->items = NULL;
    out->n = 0;
    sc->n = 0;
    sc->oom = 0;
    sc->text = p->norm.text;
    sc->len = p->norm.len;
    if (p->norm.len == 0) return KJ_OK;
    hs_error_t rc =
        hs_scan(sc->lex->db, p->norm.text, (unsigned)p->norm.len, 0, sc->scratch, on_hit, sc);
    if (sc->oom) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory while matching");
    if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED)
        return kj_error_set(err, KJ_ERR_INTERNAL, "Vectorscan scan failed (%d)", (int)rc);
    size_t n = merge_same_term(sc->hits, sc->n, sc->tmp);
    if (n > 1) sort_hits(sc->hits, n, sc->tmp, 1);
    kj_match *m = kj_arena_alloc(arena, (n ? n : 1) * sizeof *m);
    if (!m) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory while matching");
    for (size_t i = 0; i < n; i++) {
        m[i] = sc->hits[i];
        m[i].start = p->norm.map[m[i].nstart];
        /* the end maps past the last original code point of the hit */
        size_t last = m[i].nend > 0 ? m[i].nend - 1 : 0;
        m[i].end = p->norm.map[last] + 1;
        if (m[i].end < m[i].start) m[i].end = m[i].start;
    }
    out->items = m;
    out->n = n;
    return KJ_OK;
}
