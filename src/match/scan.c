/*
 * scan.c - a Vectorscan pass over a passage's normalised text, collecting
 * lexicon hits with word-boundary checks for English terms, merging
 * overlapping reports of the same term (leftmost-longest), and mapping each
 * hit back to code-point offsets in the original passage text.
 *
 * The main database reports regex hits by their end only. Their leftmost
 * starts are found by PCRE2 (regex_starts): one search of each term's regex
 * from the start of the text, whose callout takes the first start that
 * reaches each of the term's hit ends. This gives what a start-of-match
 * Vectorscan database gives, without the cost such a scan has on every
 * passage it runs over (about an eighth of the whole analysis of Japanese
 * text). When PCRE2 cannot say (a regex it does not compile, a hit it finds
 * no start for, a passage whose searches would cost more than sixteen
 * scans of it), the passage's regex hits come from the start-of-match
 * databases instead (regex_hits; see match_internal.h).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "match_internal.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A regex hit of the main database: its term and end, and the start
 * regex_starts finds for it (UINT32_MAX until then). */
typedef struct {
    unsigned term;
    uint32_t end, start;
} rx_hit;

struct kj_scanner {
    const kj_lexicon *lex; /* not owned; the databases scratch was allocated for */
    hs_scratch_t *scratch; /* owned; fits lex->db and every lex->som_db[g] */
    kj_match *hits;        /* heap, reused between scans */
    kj_match *tmp;         /* heap, cap entries: scratch for sorting hits */
    size_t n, cap;
    const char *text;
    size_t len;
    uint32_t rx_end[KJ_RX_GROUPS]; /* the last end of a group's regex hit in db; 0 = none */
    uint32_t rx_limit;             /* of the group being scanned: hits past it are not real */
    rx_hit *rx;                    /* heap, reused: the passage's regex hits in db */
    size_t n_rx, rx_cap;
    pcre2_code **re; /* heap, lex->n entries, each compiled when first needed (owned);
                      * NULL where not yet; re_bad[i] set where PCRE2 cannot */
    unsigned char *re_bad;
    pcre2_match_data *md;      /* owned */
    pcre2_match_context *mctx; /* owned: its callout is ends_at */
    int oom;
};

kj_status kj_scanner_new(const kj_lexicon *lex, kj_scanner **out, kj_error *err) {
    kj_scanner *sc = calloc(1, sizeof *sc);
    if (!sc) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    sc->lex = lex;
    /* one scratch for all of lex's databases: allocated for the first, grown to fit each other */
    int ok = hs_alloc_scratch(lex->db, &sc->scratch) == HS_SUCCESS;
    for (int g = 0; ok && g < KJ_RX_GROUPS; g++)
        ok = !lex->som_db[g] || hs_alloc_scratch(lex->som_db[g], &sc->scratch) == HS_SUCCESS;
    if (!ok) {
        hs_free_scratch(sc->scratch);
        free(sc);
        return kj_error_set(err, KJ_ERR_NOMEM, "cannot allocate Vectorscan scratch space");
    }
    sc->re = calloc(lex->n ? lex->n : 1, sizeof *sc->re);
    sc->re_bad = calloc(lex->n ? lex->n : 1, 1);
    sc->md = pcre2_match_data_create(1, NULL);
    sc->mctx = pcre2_match_context_create(NULL);
    if (!sc->re || !sc->re_bad || !sc->md || !sc->mctx) {
        kj_scanner_free(sc);
        return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    }
    *out = sc;
    return KJ_OK;
}

void kj_scanner_free(kj_scanner *sc) {
    if (!sc) return;
    hs_free_scratch(sc->scratch);
    for (size_t i = 0; sc->re && i < sc->lex->n; i++)
        pcre2_code_free(sc->re[i]);
    free(sc->re);
    free(sc->re_bad);
    pcre2_match_data_free(sc->md);
    pcre2_match_context_free(sc->mctx);
    free(sc->rx);
    free(sc->hits);
    free(sc->tmp);
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

/* Note a regex hit of the main database; 0 (and sc->oom set) when out of memory. */
static int push_rx(kj_scanner *sc, unsigned id, uint32_t to) {
    rx_hit *r = kj_grow(sc->rx, sc->n_rx, &sc->rx_cap, sizeof *r, 64);
    if (!r) {
        sc->oom = 1;
        return 0;
    }
    sc->rx = r;
    sc->rx[sc->n_rx++] = (rx_hit){id, to, UINT32_MAX};
    return 1;
}

/* A hit of the main database. */
static int on_hit(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                  void *ctx) {
    (void)flags;
    kj_scanner *sc = ctx;
    if (id >= sc->lex->n) { /* a string of a regex of literals only */
        const kj_term_literal *l = &sc->lex->lits[id - sc->lex->n];
        return push_hit(sc, l->term, (size_t)to - l->len, (size_t)to) ? 0 : 1;
    }
    const kj_term_extra *ex = &sc->lex->extra[id];
    if (!ex->lit_len) { /* a regex, reported without its start: see regex_starts() */
        if (to > sc->rx_end[ex->group]) sc->rx_end[ex->group] = (uint32_t)to;
        return push_rx(sc, id, (uint32_t)to) ? 0 : 1;
    }
    from = to - ex->lit_len;
    if (ex->left_boundary && from > 0 && word_byte((unsigned char)sc->text[from - 1])) return 0;
    if (ex->right_boundary && to < sc->len && word_byte((unsigned char)sc->text[to])) return 0;
    if (to <= from) return 0;
    if (ex->to_word_end) /* the whole word is what a reader sees matched */
        while (to < sc->len && word_byte((unsigned char)sc->text[to]))
            to++;
    return push_hit(sc, id, (size_t)from, (size_t)to) ? 0 : 1; /* 1 stops scanning */
}

/* A hit of a start-of-match database, with its leftmost start. */
static int on_regex_hit(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                        void *ctx) {
    (void)flags;
    kj_scanner *sc = ctx;
    if (to > sc->rx_limit || to <= from) return 0;
    return push_hit(sc, id, (size_t)from, (size_t)to) ? 0 : 1;
}

/*
 * How much of the text a search for regex hits ending at or before e needs:
 * up to the character after e. Whether a hit that ends at e or before
 * matches, and where it starts, depends only on the bytes before its end
 * and the character after it (\b, \B), except for end-of-data anchors ($,
 * \z, \Z). Those hold only at the cut, past e, or just before it when the
 * character there is a newline: so the whole text when the character at e
 * is one.
 */
static size_t cut_after(const kj_scanner *sc, size_t e) {
    size_t cut = e < sc->len ? e + 1 : sc->len;
    while (cut < sc->len && ((unsigned char)sc->text[cut] & 0xC0) == 0x80)
        cut++;
    if (e < sc->len && sc->text[e] == '\n') cut = sc->len;
    return cut;
}

/*
 * The hits of the regexes of each group that db reported a hit of, from the
 * group's start-of-match database, scanned up to cut_after the group's last
 * end e in db (no hit of the group ends later); hits past e are dropped.
 */
static hs_error_t regex_hits(kj_scanner *sc) {
    hs_error_t rc = HS_SUCCESS;
    for (int g = 0; g < KJ_RX_GROUPS && rc == HS_SUCCESS && !sc->oom; g++) {
        size_t e = sc->rx_end[g];
        if (!e || !sc->lex->som_db[g]) continue;
        sc->rx_limit = (uint32_t)e;
        rc = hs_scan(sc->lex->som_db[g], sc->text, (unsigned)cut_after(sc, e), 0, sc->scratch,
                     on_regex_hit, sc);
    }
    return rc;
}

/* One term's hits (by end, ascending and distinct) whose starts the
 * callout of its search (regex_starts) fills in. */
typedef struct {
    rx_hit *hit;
    size_t n, left; /* left: hits without a start yet */
} end_starts;

/* The callout that ends every pattern of regex_of(): a path of the match
 * that reaches the end of a hit gives that hit its start, if it has none
 * yet; then the path fails (1), so that PCRE2 tries every other path from
 * this start, and then the next start. PCRE2 tries starts in ascending
 * order, so the start a hit gets is its leftmost. Once every hit has one,
 * the search stops (PCRE2_ERROR_CALLOUT). */
static int ends_at(pcre2_callout_block *cb, void *ud) {
    end_starts *es = ud;
    size_t lo = 0, hi = es->n, pos = cb->current_position;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (es->hit[mid].end < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < es->n && es->hit[lo].end == pos && es->hit[lo].start == UINT32_MAX) {
        es->hit[lo].start = (uint32_t)cb->start_match;
        if (--es->left == 0) return PCRE2_ERROR_CALLOUT;
    }
    return 1;
}

/* Term id's regex as PCRE2 reads it the way Vectorscan does (UTF-8,
 * caseless), followed by the ends_at callout, or NULL when PCRE2 cannot
 * compile it. No auto-possessification: it would take a run whole where
 * the callout needs a shorter one. */
static pcre2_code *regex_of(kj_scanner *sc, unsigned id) {
    if (sc->re[id] || sc->re_bad[id]) return sc->re[id];
    const char *pat = sc->lex->extra[id].pattern;
    size_t n = strlen(pat) + 16;
    char *wrapped = malloc(n);
    if (wrapped) {
        snprintf(wrapped, n, "(?:%s)(?C1)", pat);
        int ec;
        PCRE2_SIZE off;
        sc->re[id] =
            pcre2_compile((PCRE2_SPTR)wrapped, PCRE2_ZERO_TERMINATED,
                          PCRE2_UTF | PCRE2_CASELESS | PCRE2_NO_AUTO_POSSESS, &ec, &off, NULL);
        free(wrapped);
    }
    if (!sc->re[id]) {
        sc->re_bad[id] = 1;
        return NULL;
    }
    /* best effort: without JIT, PCRE2's interpreter runs it */
    pcre2_jit_compile(sc->re[id], PCRE2_JIT_COMPLETE);
    return sc->re[id];
}

/* Order of regex hits: by term, then end. */
static int rx_before(const void *a, const void *b) {
    const rx_hit *x = a, *y = b;
    if (x->term != y->term) return x->term < y->term ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

/*
 * The hits of the regexes db reported, each with its leftmost start: for
 * each term, one PCRE2 search of its regex over the text up to cut_after its
 * last end (as regex_hits scans it), with the ends_at callout, which gives
 * every hit of the term the first start from which the regex reaches its
 * end exactly. Returns 0 when every hit got its start, -1 when the caller
 * must fall back to the start-of-match databases (the hits pushed here are
 * then to be dropped): a regex PCRE2 cannot compile or run, a hit it finds
 * no start for, or terms whose searches would cost more than sixteen scans.
 */
static int regex_starts(kj_scanner *sc) {
    qsort(sc->rx, sc->n_rx, sizeof *sc->rx, rx_before);
    size_t m = 0; /* a term's hits, each end once */
    for (size_t k = 0; k < sc->n_rx; k++)
        if (!m || sc->rx[m - 1].term != sc->rx[k].term || sc->rx[m - 1].end != sc->rx[k].end)
            sc->rx[m++] = sc->rx[k];
    sc->n_rx = m;
    uint64_t work = 0;
    for (size_t k = 0; k < sc->n_rx; k++) /* a term's search runs to its last end */
        if (k + 1 == sc->n_rx || sc->rx[k + 1].term != sc->rx[k].term) work += sc->rx[k].end;
    /* not when that costs more than sixteen scans of the text */
    if (work > 16 * (uint64_t)sc->len + 65536) return -1;
    for (size_t k = 0; k < sc->n_rx && !sc->oom;) {
        rx_hit *hit = &sc->rx[k];
        size_t n = 0;
        while (k + n < sc->n_rx && sc->rx[k + n].term == hit->term)
            n++;
        k += n;
        pcre2_code *re = regex_of(sc, hit->term);
        if (!re) return -1;
        end_starts es = {hit, n, n};
        pcre2_set_callout(sc->mctx, ends_at, &es);
        int rc = pcre2_match(re, (PCRE2_SPTR)sc->text, cut_after(sc, hit[n - 1].end), 0,
                             PCRE2_NO_UTF_CHECK, sc->md, sc->mctx);
        if (rc != PCRE2_ERROR_CALLOUT && rc != PCRE2_ERROR_NOMATCH) return -1;
        if (es.left) return -1; /* a hit with no start found */
        for (size_t i = 0; i < n; i++)
            if (hit[i].start < hit[i].end && !push_hit(sc, hit[i].term, hit[i].start, hit[i].end))
                return 0;
    }
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
    memset(sc->rx_end, 0, sizeof sc->rx_end);
    sc->n_rx = 0;
    sc->oom = 0;
    sc->text = p->norm.text;
    sc->len = p->norm.len;
    if (p->norm.len == 0) return KJ_OK;
    hs_error_t rc =
        hs_scan(sc->lex->db, p->norm.text, (unsigned)p->norm.len, 0, sc->scratch, on_hit, sc);
    if (rc == HS_SUCCESS && !sc->oom && sc->n_rx) {
        size_t literal_hits = sc->n;
        if (regex_starts(sc) < 0) {
            sc->n = literal_hits;
            rc = regex_hits(sc);
        }
    }
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
