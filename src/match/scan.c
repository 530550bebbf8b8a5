/*
 * scan.c - one Vectorscan pass over a passage's normalised text, collecting
 * lexicon hits with word-boundary checks for English terms, merging
 * overlapping reports of the same term (leftmost-longest), and mapping each
 * hit back to code-point offsets in the original passage text. A regex's
 * hits come by their end only; after the scan rx.c finds their starts, once
 * per regex for all its ends (find_starts).
 */
#include "match_internal.h"

#include <stdlib.h>
#include <string.h>

/* A regex hit waiting for its start. */
typedef struct {
    uint32_t term, end;
} kj_pending;

struct kj_scanner {
    const kj_lexicon *lex;
    hs_scratch_t *scratch;
    kj_match *hits; /* heap, reused between scans */
    kj_match *tmp;  /* heap, cap entries: scratch for sorting hits */
    size_t n, cap;
    kj_pending *pend; /* heap, reused: regex hits of this scan */
    size_t npend, cappend;
    uint32_t *ends;    /* heap, cappend entries: one regex's ends */
    uint32_t *rx_work; /* heap: kj_rx_starts' work for the lexicon's largest regex */
    const char *text;
    size_t len;
    int oom;
};

kj_status kj_scanner_new(const kj_lexicon *lex, kj_scanner **out, kj_error *err) {
    kj_scanner *sc = calloc(1, sizeof *sc);
    if (!sc) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    sc->lex = lex;
    if (lex->rx_max_states &&
        !(sc->rx_work = malloc(kj_rx_work_size(lex->rx_max_states) * sizeof *sc->rx_work))) {
        free(sc);
        return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    }
    if (hs_alloc_scratch(lex->db, &sc->scratch) != HS_SUCCESS) {
        free(sc->rx_work);
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
    free(sc->pend);
    free(sc->ends);
    free(sc->rx_work);
    free(sc);
}

static int word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Append a hit; 0 (and sc->oom set) when out of memory. */
static int push_hit(kj_scanner *sc, unsigned id, size_t from, size_t to) {
    if (sc->n == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 256;
        kj_match *h = realloc(sc->hits, cap * sizeof *h);
        if (h) sc->hits = h;
        kj_match *t = h ? realloc(sc->tmp, cap * sizeof *t) : NULL;
        if (t) sc->tmp = t;
        if (!h || !t) {
            sc->oom = 1;
            return 0;
        }
        sc->cap = cap;
    }
    sc->hits[sc->n++] = (kj_match){id, (uint32_t)from, (uint32_t)to, 0, 0};
    return 1;
}

static int on_hit(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                  void *ctx) {
    (void)flags;
    kj_scanner *sc = ctx;
    const kj_term_extra *ex = &sc->lex->extra[id];
    if (ex->rx) { /* a regex reported without its start */
        if (sc->npend == sc->cappend) {
            size_t cap = sc->cappend ? sc->cappend * 2 : 64;
            kj_pending *p = realloc(sc->pend, cap * sizeof *p);
            if (p) sc->pend = p;
            uint32_t *e = p ? realloc(sc->ends, cap * sizeof *e) : NULL;
            if (e) sc->ends = e;
            if (!p || !e) {
                sc->oom = 1;
                return 1; /* stop scanning */
            }
            sc->cappend = cap;
        }
        sc->pend[sc->npend++] = (kj_pending){id, (uint32_t)to};
        return 0;
    }
    if (ex->lit_len) from = to - ex->lit_len;
    if (ex->left_boundary && from > 0 && word_byte((unsigned char)sc->text[from - 1])) return 0;
    if (ex->right_boundary && to < sc->len && word_byte((unsigned char)sc->text[to])) return 0;
    if (to <= from) return 0;
    return push_hit(sc, id, (size_t)from, (size_t)to) ? 0 : 1; /* 1 stops scanning */
}

/* Pending hits by term, then end, largest first. */
static int pend_before(const kj_pending *x, const kj_pending *y) {
    if (x->term != y->term) return x->term < y->term;
    return x->end > y->end;
}

static int cmp_pending(const void *a, const void *b) {
    const kj_pending *x = a, *y = b;
    return pend_before(x, y) ? -1 : pend_before(y, x);
}

typedef struct {
    kj_scanner *sc;
    unsigned term;
} emit_ctx;

static int emit_start(void *ud, uint32_t start, uint32_t end) {
    emit_ctx *c = ud;
    return start < end && !push_hit(c->sc, c->term, start, end);
}

/* Hits for the pending regex ends, one kj_rx_starts() per regex. */
static void find_starts(kj_scanner *sc) {
    kj_pending *p = sc->pend;
    size_t n = sc->npend;
    if (n < 16) {
        for (size_t i = 1; i < n; i++) {
            kj_pending x = p[i];
            size_t j = i;
            for (; j > 0 && pend_before(&x, &p[j - 1]); j--)
                p[j] = p[j - 1];
            p[j] = x;
        }
    } else {
        qsort(p, n, sizeof *p, cmp_pending);
    }
    for (size_t i = 0; i < n && !sc->oom;) {
        size_t k = 0;
        unsigned term = p[i].term;
        for (; i < n && p[i].term == term; i++)
            sc->ends[k++] = p[i].end;
        emit_ctx c = {sc, term};
        kj_rx_starts(sc->lex->extra[term].rx, sc->text, sc->len, sc->ends, k, sc->rx_work,
                     emit_start, &c);
    }
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
    sc->npend = 0;
    sc->oom = 0;
    sc->text = p->norm.text;
    sc->len = p->norm.len;
    if (p->norm.len == 0) return KJ_OK;
    hs_error_t rc =
        hs_scan(sc->lex->db, p->norm.text, (unsigned)p->norm.len, 0, sc->scratch, on_hit, sc);
    if (sc->npend && !sc->oom) find_starts(sc);
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
