/*
 * scan.c - one Vectorscan pass over a passage's normalised text, collecting
 * lexicon hits with word-boundary checks for English terms, merging
 * overlapping reports of the same term (leftmost-longest), and mapping each
 * hit back to code-point offsets in the original passage text. A regex hit
 * comes with its end only; its leftmost start is found afterwards by that
 * regex's own start-of-match database (regex_start).
 */
#include "match_internal.h"

#include <limits.h>
#include <stdint.h>
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
    int ok = hs_alloc_scratch(lex->db, &sc->scratch) == HS_SUCCESS;
    for (size_t i = 0; ok && i < lex->n; i++) /* grows the one scratch to fit each database */
        if (lex->extra[i].som_db)
            ok = hs_alloc_scratch(lex->extra[i].som_db, &sc->scratch) == HS_SUCCESS;
    if (!ok) {
        hs_free_scratch(sc->scratch);
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

/* kj_match.nstart of a regex hit whose start is not known yet. */
#define START_PENDING UINT32_MAX

static int word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int on_hit(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                  void *ctx) {
    (void)flags;
    kj_scanner *sc = ctx;
    const kj_term_extra *ex = &sc->lex->extra[id];
    if (ex->lit_len) from = to - ex->lit_len;
    if (ex->som_db) from = START_PENDING; /* found after the scan (resolve_starts) */
    if (ex->left_boundary && from > 0 && word_byte((unsigned char)sc->text[from - 1])) return 0;
    if (ex->right_boundary && to < sc->len && word_byte((unsigned char)sc->text[to])) return 0;
    if (to <= from && from != START_PENDING) return 0;
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
    /* a pending start: its start field holds the leftmost found so far */
    uint32_t found = from == START_PENDING ? UINT32_MAX : 0;
    sc->hits[sc->n++] = (kj_match){id, (uint32_t)from, (uint32_t)to, found, 0};
    return 0;
}

static int is_cont(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

/* The start of the character before byte i (0 stays 0). */
static size_t char_before(const char *s, size_t i) {
    if (i > 0) i--;
    while (i > 0 && is_cont((unsigned char)s[i]))
        i--;
    return i;
}

/* The first byte of the window scanned for a hit of ex ending at to: as
 * many bytes back as such a hit can span and one character more, so that
 * assertions such as \b see the same neighbours as in the whole passage
 * (a match starting at the window's first byte, which sees none, is too
 * long to end at to). */
static size_t window_start(const kj_scanner *sc, const kj_term_extra *ex, size_t to) {
    size_t ws = ex->max_width == KJ_WIDTH_UNBOUNDED || ex->max_width >= to ? 0 : to - ex->max_width;
    while (ws > 0 && is_cont((unsigned char)sc->text[ws]))
        ws--;
    return char_before(sc->text, ws);
}

/* The end of that window: one character past to. */
static size_t window_end(const kj_scanner *sc, size_t to) {
    size_t we = to;
    if (we < sc->len) we++;
    while (we < sc->len && is_cont((unsigned char)sc->text[we]))
        we++;
    return we;
}

typedef struct {
    kj_match *hits;     /* the scanner's, from first to last: those of term */
    size_t first, last; /* that can be pending */
    size_t next;        /* no pending hit of term before it ends at or after the last report */
    size_t last_end;    /* where the last report ended */
    int sorted;         /* the term's pending hits come in order of their end */
    unsigned term;
    size_t ws; /* where the window starts in the passage */
} som_ctx;

/* A match of the regex alone: the leftmost start so far of the pending hit
 * of the term that ends where it does (kept in kj_match.start). Reports
 * come in order of their end, so with sorted hits a cursor finds it; were
 * one out of order, the search starts over. */
static int on_som(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                  void *ctx) {
    (void)id;
    (void)flags;
    som_ctx *c = ctx;
    size_t end = c->ws + (size_t)to, start = c->ws + (size_t)from;
    if (end < c->last_end || !c->sorted) c->next = c->first;
    c->last_end = end;
    for (size_t j = c->next; j < c->last; j++) {
        kj_match *h = &c->hits[j];
        if (h->term != c->term || h->nstart != START_PENDING) continue;
        if (c->sorted && h->nend > end) break;
        if (c->sorted && h->nend < end) c->next = j + 1;
        if (h->nend == end && start < h->start) h->start = (uint32_t)start;
    }
    return 0;
}

/* Scan the regex of the pending hit at index first alone, with start of
 * match, once over the windows of all its pending hits (marked scanned by
 * kj_match.end = 1). */
static void scan_term(kj_scanner *sc, size_t first) {
    unsigned t = sc->hits[first].term;
    const kj_term_extra *ex = &sc->lex->extra[t];
    size_t ws = SIZE_MAX, we = 0, last = first, prev_end = 0;
    int sorted = 1;
    for (size_t j = first; j < sc->n; j++) {
        kj_match *h = &sc->hits[j];
        if (h->term != t || h->nstart != START_PENDING) continue;
        size_t a = window_start(sc, ex, h->nend), b = window_end(sc, h->nend);
        if (a < ws) ws = a;
        if (b > we) we = b;
        if (h->nend < prev_end) sorted = 0;
        prev_end = h->nend;
        h->end = 1;
        last = j + 1;
    }
    som_ctx c = {sc->hits, first, last, first, 0, sorted, t, ws};
    hs_scan(ex->som_db, sc->text + ws, (unsigned)(we - ws), 0, sc->scratch, on_som, &c);
}

/* Give every regex hit its start; drops a hit whose start is not found
 * (which the two databases agreeing makes impossible). */
static void resolve_starts(kj_scanner *sc) {
    for (size_t i = 0; i < sc->n; i++)
        if (sc->hits[i].nstart == START_PENDING && !sc->hits[i].end) scan_term(sc, i);
    size_t k = 0;
    for (size_t i = 0; i < sc->n; i++) {
        kj_match h = sc->hits[i];
        if (h.nstart == START_PENDING) {
            h.nstart = h.start; /* UINT32_MAX when not found */
            h.start = h.end = 0;
        }
        if (h.nstart >= h.nend) continue;
        sc->hits[k++] = h;
    }
    sc->n = k;
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
    resolve_starts(sc);
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
