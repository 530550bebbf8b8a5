/*
 * lint_lead.c - where a lint pattern's matches may start. Most patterns
 * begin with one of a set of literals (a rule's watch words, a product's
 * name, "do not", "backup"), which kj_lead_literals derives from the regex
 * at load time; PCRE2, searching, tries nearly every position of a passage
 * instead (its own start-up optimisation looks at one byte), and that was
 * much of the English lint's cost. The literals of all such patterns go
 * into one Vectorscan literal database that reports each occurrence; one
 * scan of a passage gives every pattern the offsets at which its literals
 * start, and lint_scan.c tries the pattern there only (each try a search
 * limited to start at that offset): the matches it finds are those a
 * search from each offset on would find, as no match starts anywhere else.
 */
#include "lint_internal.h"

#include <hs/hs.h>
#include <stdlib.h>
#include <string.h>

/* The fewest bytes each of a pattern's lead literals must have for it to
 * be tried at their starts only: a one-byte literal (a digit, "+") starts
 * nearly as often as PCRE2's own first-byte check lets a search try. */
#define KJ_LEAD_MIN_LEN 2

kj_status kj_lint_lead_add(kj_linter *l, kj_lint_lead_build *b, size_t pat, int ctx,
                           const char *src) {
    kj_lead_lit *v = NULL;
    int n = kj_lead_literals(src, &v);
    if (n < 0) return KJ_ERR_NOMEM;
    int worth = n > 0;
    for (int k = 0; k < n; k++)
        if (v[k].len < KJ_LEAD_MIN_LEN) worth = 0;
    kj_cue_lits *one = worth ? malloc(sizeof *one) : NULL; /* added a literal at a time */
    kj_status st = worth && !one ? KJ_ERR_NOMEM : KJ_OK;
    for (int k = 0; one && k < n && st == KJ_OK; k++) {
        one->n = 1;
        one->len[0] = v[k].len;
        memcpy(one->s[0], v[k].s, v[k].len);
        if (kj_lit_set_add_clauses(&b->lits, l->arena, one, 1, (unsigned)(2 * pat + !!ctx), 0) < 0)
            st = KJ_ERR_NOMEM;
    }
    if (worth && st == KJ_OK) *(ctx ? &l->pats[pat].ctx_lead : &l->pats[pat].lead) = 1;
    free(one);
    free(v);
    return st;
}

void kj_lint_lead_finish(kj_linter *l, kj_lint_lead_build *b, const char *dir) {
    kj_lit_set *s = &b->lits;
    /* the set's ids are slot * KJ_LIT_CLAUSES (clause 0; a slot is a
     * pattern's regex or context, lead_pat); the database's are the
     * literals', by which the scan finds a start's slot and length */
    l->lead_pat = s->n ? kj_arena_alloc(l->arena, s->n * sizeof *l->lead_pat) : NULL;
    l->lead_len = s->n ? kj_arena_alloc(l->arena, s->n) : NULL;
    if (l->lead_pat && l->lead_len) {
        for (size_t k = 0; k < s->n; k++) {
            l->lead_pat[k] = s->ids[k] / KJ_LIT_CLAUSES;
            l->lead_len[k] = (unsigned char)s->lens[k];
            s->ids[k] = (unsigned)k;
        }
        l->lead_db = kj_lit_set_compile_each_cached(s, dir, "patterns-lead.hsdb");
    }
    for (size_t i = 0; !l->lead_db && i < l->n_pats; i++)
        l->pats[i].lead = l->pats[i].ctx_lead = 0;
    kj_lit_set_free(s);
}

/* One start of a lead literal, of a slot (a pattern's regex or context). */
typedef struct {
    size_t slot, at;
} lead_hit;

struct kj_lint_starts {
    const kj_linter *l;
    hs_scratch_t *scratch;
    lead_hit *hits; /* as the scan reports them */
    size_t *at;     /* their offsets by slot, ascending: slot k's are
                       at[first[k] .. first[k + 1]) */
    size_t *first;  /* n_slots + 1 */
    size_t *next;   /* n_slots: where the next of each slot's goes */
    size_t n_slots; /* 2 * l->n_pats */
    size_t n, cap;
    int nomem;
};

kj_lint_starts *kj_lint_starts_new(const kj_linter *l) {
    if (!l || !l->lead_db) return NULL;
    kj_lint_starts *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    st->l = l;
    st->n_slots = 2 * l->n_pats;
    st->first = calloc(st->n_slots + 1, sizeof *st->first);
    st->next = calloc(st->n_slots + 1, sizeof *st->next);
    if (!st->first || !st->next || hs_alloc_scratch(l->lead_db, &st->scratch) != HS_SUCCESS) {
        kj_lint_starts_free(st);
        return NULL;
    }
    return st;
}

void kj_lint_starts_free(kj_lint_starts *st) {
    if (!st) return;
    hs_free_scratch(st->scratch);
    free(st->hits);
    free(st->at);
    free(st->first);
    free(st->next);
    free(st);
}

/* Room for one more hit. */
static int grow(kj_lint_starts *st) {
    if (st->n < st->cap) return 1;
    size_t nc = st->cap ? st->cap * 2 : 256;
    lead_hit *h = realloc(st->hits, nc * sizeof *h);
    if (h) st->hits = h;
    size_t *a = realloc(st->at, nc * sizeof *a);
    if (a) st->at = a;
    if (!h || !a) return 0;
    st->cap = nc;
    return 1;
}

/* The scan's match handler: literal id ends at to. */
static int on_lead(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                   void *ctx) {
    (void)from, (void)flags;
    kj_lint_starts *st = ctx;
    if (!grow(st)) {
        st->nomem = 1;
        return 1; /* stop the scan */
    }
    st->hits[st->n++] = (lead_hit){st->l->lead_pat[id], (size_t)to - st->l->lead_len[id]};
    return 0;
}

int kj_lint_starts_scan(kj_lint_starts *st, const char *s, size_t len) {
    if (!st || len > 0xffffffffu) return 0;
    size_t np = st->n_slots;
    st->n = 0;
    st->nomem = 0;
    if (hs_scan(st->l->lead_db, s, (unsigned)len, 0, st->scratch, on_lead, st) != HS_SUCCESS ||
        st->nomem)
        return 0;
    /* by slot (a counting sort, stable), then each slot's by offset:
     * the scan reports them by where they end */
    memset(st->first, 0, (np + 1) * sizeof *st->first);
    for (size_t k = 0; k < st->n; k++)
        st->first[st->hits[k].slot + 1]++;
    for (size_t p = 0; p < np; p++)
        st->first[p + 1] += st->first[p];
    memcpy(st->next, st->first, np * sizeof *st->next);
    for (size_t k = 0; k < st->n; k++) {
        size_t p = st->hits[k].slot, i = st->next[p]++, at = st->hits[k].at;
        for (; i > st->first[p] && st->at[i - 1] > at; i--)
            st->at[i] = st->at[i - 1];
        st->at[i] = at;
    }
    return 1;
}

const size_t *kj_lint_starts_of(const kj_lint_starts *st, size_t pat, int ctx, size_t *n) {
    *n = 0;
    if (!st || pat >= st->l->n_pats) return NULL;
    size_t k = 2 * pat + !!ctx;
    *n = st->first[k + 1] - st->first[k];
    return *n ? st->at + st->first[k] : NULL;
}
