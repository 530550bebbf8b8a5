/*
 * lint_scan.c - run the sensitivity lint over passages: the PCRE2 patterns
 * (and their context conditions), plus lexicon hits of category "sensitive".
 * Each hit becomes a finding located in the passage's original text, its
 * severity raised when the passage is classified into one of the items the
 * guide singles out (4, 5, 7, 8, 9), overlapping hits of one rule merged.
 * Passages can be given one at a time (kj_lint_begin / kj_lint_passage /
 * kj_lint_end), while an analysis still has their normalised text. The
 * headings before a passage are linted with it, each once, as passages of
 * their own whose patterns' contexts read the passage they head too
 * (lint_headings); those after the last passage by kj_lint_end.
 * A pattern's search tries no start position after the last literal of one
 * of its anchors (lint.c) in the passage: no match can start there, and a
 * search without hope was most of the lint's cost. A pattern whose matches
 * begin with one of its lead literals (lint_lead.c) is tried only at the
 * offsets where one starts, which one scan of the passage finds for all such
 * patterns: PCRE2 would try nearly every position. PCRE2 checks that the
 * subject is valid UTF-8 on every call, which across some 60 patterns cost
 * more than most searches; a passage is checked once (match_opts) instead and,
 * when valid, searched with PCRE2_NO_UTF_CHECK.
 * Every search runs under match and depth limits (search_limits.c, shared
 * with the assessment's cues), low enough that no pattern can spend long on
 * one passage. A search that gives
 * up (at a limit, out of memory, on invalid text) found no "no match": the
 * rule's findings there may be incomplete, and the run records so
 * (kj_lint_incomplete) rather than passing the text as clean.
 */
#include "lint_internal.h"

#include "assess_internal.h"

#include <hs/hs.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Growable finding list in the caller's arena. */
typedef struct {
    kj_arena *arena;
    kj_lint_finding *items;
    size_t n, cap;
    bool full; /* KJ_LINT_MAX_FINDINGS reached, and recorded (record_too_many) */
} flist;

static kj_lint_finding *flist_push(flist *fl) {
    kj_lint_finding *v = kj_arena_grow(fl->arena, fl->items, fl->n, &fl->cap, sizeof *v);
    if (!v) return NULL;
    fl->items = v;
    kj_lint_finding *f = &fl->items[fl->n++];
    memset(f, 0, sizeof *f);
    return f;
}

/* Growable list of the checks that could not finish, in the caller's arena. */
typedef struct {
    kj_lint_incomplete *items;
    size_t n, cap;
} glist;

/* Byte offset of code point cp in UTF-8 s (len bytes). */
static size_t cp_to_byte(const char *s, size_t len, size_t cp) {
    size_t b = 0;
    for (size_t k = 0; k < cp && b < len; k++) {
        int32_t c;
        b += kj_utf8_decode(s + b, len - b, &c);
    }
    return b;
}

static int is_sensitive_item(int item) {
    return item == 4 || item == 5 || item == 7 || item == 8 || item == 9;
}

/* The item that weights a finding: the best sensitive item among the
 * passage's selected items, else its primary item (0 when unclassified). */
static int weighting_item(const kj_classification *c, int *sensitive) {
    *sensitive = 0;
    if (!c) return 0;
    for (int k = 0; k < c->n_items && k < KJ_N_ITEMS; k++)
        if (is_sensitive_item(c->items[k])) {
            *sensitive = 1;
            return c->items[k];
        }
    return c->primary;
}

typedef struct {
    const kj_linter *l;
    const kj_passage *p;          /* the passage, or a heading made one (heading_passage) */
    const kj_classification *cls; /* of this passage, or NULL */
    size_t index;
    int para;
    flist *fl;
    kj_arena *tmp;             /* for the recomputed offset map, or NULL */
    const uint32_t *map;       /* the passage's offset map once needed */
    int utf;                   /* the context text is valid UTF-8: 1 yes, 0 no, -1 not checked */
    int filter;                /* the prefilter ran: a filtered pattern runs only when it met
                                  all its clauses in the passage (lint_one) */
    int ctx_only;              /* run only the patterns with a context (lint_title) */
    size_t ctx_len;            /* bytes of p->norm.text that contexts and the prefilter read:
                                  p->norm.len, or more for a heading, whose text is followed
                                  there by that of the passage it heads */
    const kj_heading *heading; /* the heading p is made of, or NULL */
    size_t heading_index;      /* its index in the passages' headings */
    const char *heading_copy;  /* its text in the findings' arena (heading_text), once needed */
    glist *gl;                 /* the checks that could not finish */
    kj_lint_starts *starts;    /* where the lead patterns' literals start (lint_lead.c),
                                  or NULL */
    int starts_ok;             /* starts holds those of p's text: 1 yes, 0 no (the scan
                                  failed), -1 not scanned yet (lead_scanned) */
} scan_ctx;

/* The most characters of a heading that its findings carry
 * (kj_lint_finding.heading). Nothing cuts a heading to the passages' limit,
 * and each finding in it carries it: whole, a long one (an <h2> of 90 KB of
 * addresses) made the JSON of its findings grow with the square of its
 * length (725 MB). */
#define KJ_LINT_HEADING_MAX 200

/* Heading text s (len bytes) as its findings carry it, in arena: whole, or
 * its first KJ_LINT_HEADING_MAX characters and "…"; NULL when out of
 * memory. */
static const char *heading_text(kj_arena *arena, const char *s, size_t len) {
    size_t done, cut = kj_utf8_skip(s, len, KJ_LINT_HEADING_MAX, &done);
    if (cut >= len) return kj_arena_strndup(arena, s, len);
    return kj_arena_printf(arena, "%.*s…", (int)cut, s);
}

/* The heading the passage is made of as findings carry it (heading_text),
 * copied once; NULL for a passage. Sets *nomem when out of memory. */
static const char *heading_of(scan_ctx *sc, int *nomem) {
    if (!sc->heading) return NULL;
    if (!sc->heading_copy) sc->heading_copy = heading_text(sc->fl->arena, sc->p->text, sc->p->len);
    if (!sc->heading_copy) *nomem = 1;
    return sc->heading_copy;
}

/* What follows a message about a heading or a lone line, in language li. */
static const char *heading_note(const scan_ctx *sc, int li) {
    if (!sc->heading) return "";
    if (sc->heading->lone) return li ? " (on a line of its own)" : "（単独の行）";
    return li ? " (in a heading)" : "（見出し）";
}

static kj_status record_too_many(scan_ctx *sc, size_t rule);

/* Add one finding for norm bytes [ns, ne) of the passage; past
 * KJ_LINT_MAX_FINDINGS for the document, none (record_too_many). */
static kj_status add_finding(scan_ctx *sc, size_t rule, kj_severity base, int fixed, size_t ns,
                             size_t ne) {
    const kj_passage *p = sc->p;
    const kj_lint_rule *r = &sc->l->rules[rule];
    if (ne > p->norm.len) ne = p->norm.len;
    if (ns >= ne) return KJ_OK;
    if (sc->fl->n >= KJ_LINT_MAX_FINDINGS) return record_too_many(sc, rule);
    if (!sc->map) {
        /* analysed passages come without their map: recompute it once */
        if (!p->norm.map && !sc->tmp && !(sc->tmp = kj_arena_new())) return KJ_ERR_NOMEM;
        sc->map = kj_passage_norm_map(sc->tmp, p);
        if (!sc->map) return KJ_ERR_NOMEM;
    }
    /* the hit ends after the original character of its last byte */
    size_t start = sc->map[ns], end = sc->map[ne - 1] + 1;
    if (end <= start) end = start + 1;
    size_t bs = cp_to_byte(p->text, p->len, start), be = cp_to_byte(p->text, p->len, end);
    kj_lint_finding *f = flist_push(sc->fl);
    if (!f) return KJ_ERR_NOMEM;
    int sens = 0, li = kj_lint_lang_index(p->lang);
    f->rule = r->id;
    f->base = base;
    f->item = weighting_item(sc->cls, &sens);
    f->severity = (!fixed && sens && base < KJ_SEV_ERROR) ? base + 1 : base;
    f->passage = sc->index;
    f->start = start;
    f->end = end;
    f->text = kj_arena_strndup(sc->fl->arena, p->text + bs, be > bs ? be - bs : 0);
    f->page = p->page;
    f->section = p->section;
    f->line = p->line;
    f->para = sc->para;
    f->col = (int)start + 1;
    int nomem = 0;
    f->heading = heading_of(sc, &nomem);
    if (nomem) return KJ_ERR_NOMEM;
    f->heading_index = sc->heading ? sc->heading_index : 0;
    f->message = kj_arena_printf(sc->fl->arena, li ? "%s: \"%s\"%s" : "%s：「%s」%s", r->title[li],
                                 f->text ? f->text : "", heading_note(sc, li));
    f->why = r->why[li];
    f->how = r->how[li];
    return (f->text && f->message) ? KJ_OK : KJ_ERR_NOMEM;
}

/* The message of a check of rule that could not finish with code rc, in
 * language li (0 Japanese, 1 English), in arena. */
static const char *incomplete_message(kj_arena *arena, const char *rule, int rc, int li,
                                      const char *in) {
    char why[KJ_SEARCH_WHY_MAX];
    kj_search_why(rc, li, why, sizeof why);
    return kj_arena_printf(arena,
                           li ? "%s; findings of %s here may be incomplete%s"
                              : "%s。ここでの %s の指摘は漏れている可能性があります%s",
                           why, rule, in);
}

/* Record that a search of rule's pattern (or of its context) gave up on the
 * text with rc (negative, not PCRE2_ERROR_NOMATCH): once per rule and text. */
static kj_status note_incomplete(scan_ctx *sc, const char *id, kj_lint_reason reason, int rc,
                                 const char *msg);

static kj_status record_incomplete(scan_ctx *sc, size_t rule, int rc) {
    glist *gl = sc->gl;
    const char *id = sc->l->rules[rule].id;
    /* this text's records are the last ones */
    for (size_t k = gl->n; k-- > 0;) {
        const kj_lint_incomplete *g = &gl->items[k];
        if (g->passage != sc->index || !g->heading != !sc->heading ||
            g->heading_index != (sc->heading ? sc->heading_index : 0))
            break;
        if (strcmp(g->rule, id) == 0) return KJ_OK;
    }
    int li = kj_lint_lang_index(sc->p->lang);
    const char *msg = incomplete_message(sc->fl->arena, id, rc, li, heading_note(sc, li));
    return msg ? note_incomplete(sc, id, kj_search_reason(rc), rc, msg) : KJ_ERR_NOMEM;
}

/* Record, once for the document, that its findings reached
 * KJ_LINT_MAX_FINDINGS at this text with a finding of rule: no more are
 * listed. */
static kj_status record_too_many(scan_ctx *sc, size_t rule) {
    if (sc->fl->full) return KJ_OK;
    sc->fl->full = true;
    int li = kj_lint_lang_index(sc->p->lang);
    const char *msg = kj_arena_printf(
        sc->fl->arena,
        li ? "more than %d findings in this document: those from here on are not listed%s"
           : "この文書の指摘が %d 件を超えたため、ここから後の指摘は示していません%s",
        KJ_LINT_MAX_FINDINGS, heading_note(sc, li));
    return msg ? note_incomplete(sc, sc->l->rules[rule].id, KJ_LINT_TOO_MANY, 0, msg)
               : KJ_ERR_NOMEM;
}

/* Append a check of rule id that could not finish on this text, for reason
 * (rc: pcre2_match's code, or 0), with message msg (arena). */
static kj_status note_incomplete(scan_ctx *sc, const char *id, kj_lint_reason reason, int rc,
                                 const char *msg) {
    glist *gl = sc->gl;
    int nomem = 0;
    const char *heading = heading_of(sc, &nomem);
    if (nomem) return KJ_ERR_NOMEM;
    kj_lint_incomplete *v = kj_arena_grow(sc->fl->arena, gl->items, gl->n, &gl->cap, sizeof *v);
    if (!v) return KJ_ERR_NOMEM;
    gl->items = v;
    gl->items[gl->n++] = (kj_lint_incomplete){.rule = id,
                                              .reason = reason,
                                              .code = rc,
                                              .passage = sc->index,
                                              .heading = heading,
                                              .heading_index = sc->heading ? sc->heading_index : 0,
                                              .page = sc->p->page,
                                              .section = sc->p->section,
                                              .line = sc->p->line,
                                              .para = sc->para,
                                              .message = msg};
    return KJ_OK;
}

/* Start of the last occurrence of lit (n bytes) in s (len bytes), or -1:
 * found by its byte at key (< n; the rarest in text, lint.c), whose place
 * in an occurrence lies within [key, len - n + key]. */
static long last_at(const char *s, size_t len, const char *lit, size_t n, size_t key) {
    if (n == 0) return (long)len;
    if (n > len) return -1;
    size_t end = len - n + key + 1; /* the key byte of an occurrence lies before end */
    while (end > key) {
        const char *q = memrchr(s + key, lit[key], end - key);
        if (!q) return -1;
        size_t at = (size_t)(q - s) - key;
        if (memcmp(s + at, lit, n) == 0) return (long)at;
        end = (size_t)(q - s);
    }
    return -1;
}

/* Into *limit the last offset at which a match of pt may start in s: each
 * match holds a literal of each anchor (a clause of its regex), so it starts
 * at or before the last occurrence of one; PCRE2_UNSET without anchors.
 * Returns 0 when an anchor has no literal in s, so that nothing can match. */
static int start_limit(const kj_lint_pattern *pt, const char *s, size_t len, size_t *limit) {
    *limit = PCRE2_UNSET;
    for (int c = 0; c < pt->n_anchor; c++) {
        const kj_lint_anchor *a = &pt->anchor[c];
        long last = -1;
        for (int k = 0; k < a->n; k++) {
            long at = last_at(s, len, a->lit[k], a->len[k], a->key[k]);
            if (at > last) last = at;
        }
        if (last < 0) return 0;
        if ((size_t)last < *limit) *limit = (size_t)last;
    }
    return 1;
}

/* Options for pcre2_match on the passage: PCRE2_NO_UTF_CHECK when its
 * text is valid UTF-8 as PCRE2 judges it (the linter's empty pattern
 * matches it; found once per passage). Every search starts at a character
 * boundary (run_pattern), so each call's own check, of the text from its
 * start (less any look-behind, still at a boundary) to the end, would pass:
 * the results are the same. An invalid text keeps the checks, and the errors
 * that end its searches. */
static uint32_t match_opts(scan_ctx *sc, pcre2_match_data *md) {
    if (sc->utf < 0) /* the context text, of which the passage's is the start */
        sc->utf = pcre2_match(sc->l->utf_probe, (PCRE2_SPTR)sc->p->norm.text, sc->ctx_len, 0, 0, md,
                              NULL) >= 0;
    return sc->utf ? PCRE2_NO_UTF_CHECK : 0;
}

/* Whether sc->starts holds where the lead literals start in the passage:
 * scanned the first time a pattern asks, as on most passages none that
 * would does (the prefilter and the anchors skip it first). */
static int lead_scanned(scan_ctx *sc) {
    if (sc->starts_ok < 0)
        sc->starts_ok = kj_lint_starts_scan(sc->starts, sc->p->norm.text, sc->p->norm.len);
    return sc->starts_ok;
}

/* What is known of whether pt's context matches the passage before it is
 * searched: 1 it does (it has none, or it is one of the pattern's filtered
 * clauses, ctx_by_filter, and the prefilter let the pattern run: that holds
 * on valid UTF-8 only, as PCRE2 matches nothing in invalid text), 0 it does
 * not (its matches begin with a lead literal, ctx_lead, and none is in the
 * text), -1 it must be searched, from *from: the first of its lead literals
 * in the text, or 0. The scan of the passage found the lead literals; a
 * heading's or a title's context text reads on into the passage after it,
 * which the scan did not cover, and is searched from 0. */
static int ctx_known(scan_ctx *sc, const kj_lint_pattern *pt, size_t *from) {
    *from = 0;
    if (!pt->ctx) return 1;
    if (sc->filter && pt->filtered && pt->ctx_by_filter && sc->utf == 1) return 1;
    if (pt->ctx_lead && sc->utf == 1 && sc->ctx_len == sc->p->norm.len && lead_scanned(sc)) {
        size_t n;
        const size_t *at = kj_lint_starts_of(sc->starts, (size_t)(pt - sc->l->pats), 1, &n);
        if (!n) return 0;
        *from = at[0];
    }
    return -1;
}

/* Whether pt's context matches the passage, given what was known
 * (ctx_known: known, from): 1 yes, 0 no, or the negative code of a search
 * that gave up (not PCRE2_ERROR_NOMATCH). mc holds the lint's limits, and
 * no offset limit. */
static int ctx_met(scan_ctx *sc, const kj_lint_pattern *pt, pcre2_match_data *md, uint32_t opts,
                   pcre2_match_context *mc, int known, size_t from) {
    if (known >= 0) return known;
    int rc = pcre2_match(pt->ctx, (PCRE2_SPTR)sc->p->norm.text, sc->ctx_len, from, opts, md, mc);
    return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : rc;
}

/* Add the match pcre2_match found (rc > 0, its offsets in md) as a hit of
 * pt, and move *off past it (to a character boundary) for the next search. */
static kj_status take_match(scan_ctx *sc, const kj_lint_pattern *pt, pcre2_match_data *md, int rc,
                            size_t *off) {
    const kj_passage *p = sc->p;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    size_t ms = ov[0], me = ov[1];
    size_t hs = ms, he = me;
    if (pt->hit_group > 0 && pt->hit_group < rc && ov[2 * pt->hit_group] != PCRE2_UNSET) {
        hs = ov[2 * pt->hit_group];
        he = ov[2 * pt->hit_group + 1];
    }
    kj_status st = add_finding(sc, pt->rule, pt->sev, pt->fixed, hs, he);
    *off = me > ms ? me : ms + 1;
    while (*off < p->norm.len && (p->norm.text[*off] & 0xC0) == 0x80)
        (*off)++; /* stay on a character */
    return st;
}

/* The offsets at which pt's lead literals start in the passage (*n of
 * them), when the search may try those only: the pattern is lead, the
 * starts were found, and the text is valid UTF-8 (an invalid one keeps
 * PCRE2's checks, and the errors that end its searches); else NULL, *n 0,
 * with *use 0. */
static const size_t *lead_starts(scan_ctx *sc, const kj_lint_pattern *pt, uint32_t opts, size_t *n,
                                 int *use) {
    *n = 0;
    *use = pt->lead && (opts & PCRE2_NO_UTF_CHECK) && lead_scanned(sc);
    return *use ? kj_lint_starts_of(sc->starts, (size_t)(pt - sc->l->pats), 0, n) : NULL;
}

/* Search pt at each of the n offsets at (ascending) not before a hit it
 * found and not after limit, and add its hits. Each search may start at its
 * offset only (mc's offset limit): the first that matches finds what a
 * search from the previous hit on would find, as every match begins with
 * a lead literal, so starts at none of the offsets skipped. */
static kj_status search_at(scan_ctx *sc, const kj_lint_pattern *pt, pcre2_match_data *md,
                           pcre2_match_context *mc, uint32_t opts, const size_t *at, size_t n,
                           size_t limit) {
    const kj_passage *p = sc->p;
    size_t off = 0;
    for (size_t k = 0; k < n && (limit == PCRE2_UNSET || at[k] <= limit); k++) {
        if (at[k] < off) continue;
        pcre2_set_offset_limit(mc, at[k]);
        int rc = pcre2_match(pt->re, (PCRE2_SPTR)p->norm.text, p->norm.len, at[k], opts, md, mc);
        if (rc == PCRE2_ERROR_NOMATCH) continue;
        if (rc < 0) return record_incomplete(sc, pt->rule, rc);
        kj_status st = take_match(sc, pt, md, rc, &off);
        if (st != KJ_OK) return st;
    }
    return KJ_OK;
}

/* Run one PCRE2 pattern over the passage and add its hits. Start positions
 * after start_limit are not tried (mc carries the limit): no match starts
 * there, so the hits are those of an unlimited search; nor, for a lead
 * pattern, those where none of its lead literals starts (search_at). mc
 * carries the lint's match and depth limits too: a search that gives up is
 * recorded (record_incomplete), the hits before it kept. */
static kj_status run_pattern(scan_ctx *sc, const kj_lint_pattern *pt, pcre2_match_data *md,
                             pcre2_match_context *mc) {
    const kj_passage *p = sc->p;
    PCRE2_SPTR subj = (PCRE2_SPTR)p->norm.text;
    size_t limit, n_at, from;
    int lead;
    uint32_t opts = match_opts(sc, md);
    const size_t *at = lead_starts(sc, pt, opts, &n_at, &lead);
    /* none where a match may start, or a context that cannot match, as when
     * an anchor has no literal there (start_limit): asked first, as they
     * cost less */
    if (lead && n_at == 0) return KJ_OK;
    int known = ctx_known(sc, pt, &from);
    if (known == 0) return KJ_OK;
    if (!start_limit(pt, p->norm.text, p->norm.len, &limit)) return KJ_OK;
    if (lead && limit != PCRE2_UNSET && at[0] > limit) return KJ_OK;
    pcre2_set_offset_limit(mc, PCRE2_UNSET); /* the context is compiled without one */
    int met = ctx_met(sc, pt, md, opts, mc, known, from);
    if (met < 0) return record_incomplete(sc, pt->rule, met);
    if (!met) return KJ_OK;
    if (lead) return search_at(sc, pt, md, mc, opts, at, n_at, limit);
    pcre2_set_offset_limit(mc, limit); /* PCRE2_UNSET without anchors */
    size_t off = 0;
    while (off <= p->norm.len && (limit == PCRE2_UNSET || off <= limit)) {
        int rc = pcre2_match(pt->re, subj, p->norm.len, off, opts, md, mc);
        if (rc == PCRE2_ERROR_NOMATCH) break;
        if (rc < 0) return record_incomplete(sc, pt->rule, rc);
        kj_status st = take_match(sc, pt, md, rc, &off);
        if (st != KJ_OK) return st;
    }
    return KJ_OK;
}

/* Lexicon hits of category "sensitive" whose note names a known rule. */
static kj_status add_lexicon_hits(scan_ctx *sc, const kj_matches *mt, const kj_lexicon *lex) {
    if (!mt || !lex) return KJ_OK;
    for (size_t k = 0; k < mt->n; k++) {
        const kj_term *t = kj_lexicon_term(lex, mt->items[k].term);
        if (!t || !t->category || strcmp(t->category, "sensitive") != 0 || !t->note) continue;
        long r = kj_lint_rule_find(sc->l, t->note);
        if (r < 0) continue;
        kj_status st = add_finding(sc, (size_t)r, sc->l->rules[r].sev, 0, mt->items[k].nstart,
                                   mt->items[k].nend);
        if (st != KJ_OK) return st;
    }
    return KJ_OK;
}

/* Words of the clause bits of a linter's patterns (kj_lit_clauses_met). */
static size_t present_words(const kj_linter *l) {
    return (l->n_pats * KJ_LIT_CLAUSES + 63) / 64;
}

/* Mark in present the clauses of l's patterns that the len bytes at s hold
 * a literal of (the prefilter), over the bits of also (another text's, or
 * NULL: none). Returns whether it could: without scratch and present, or
 * when the scan fails, every pattern runs. */
static int prefilter(const kj_linter *l, hs_scratch_t *scratch, uint64_t *present, const char *s,
                     size_t len, const uint64_t *also) {
    if (!scratch || !present || len > 0xffffffffu) return 0;
    size_t n = present_words(l) * sizeof *present;
    if (also)
        memcpy(present, also, n);
    else
        memset(present, 0, n);
    return hs_scan(l->lit_db, s, (unsigned)len, 0, scratch, kj_lit_mark, present) == HS_SUCCESS;
}

/* Run the patterns over the passage; with the prefilter's clause bits
 * (filter set: present), a filtered pattern runs only when a literal of
 * each of its clauses is in the passage (or in the text of its context). */
static kj_status lint_one(scan_ctx *sc, pcre2_match_data *md, pcre2_match_context *mc, int filter,
                          const uint64_t *present) {
    const kj_linter *l = sc->l;
    sc->filter = filter;
    sc->starts_ok = -1; /* scanned when a lead pattern first needs it */
    for (size_t i = 0; i < l->n_pats; i++) {
        if (sc->ctx_only && !l->pats[i].ctx) continue;
        if (filter && l->pats[i].filtered &&
            !kj_lit_clauses_met(present, (unsigned)i, l->pats[i].filtered))
            continue;
        kj_status st = run_pattern(sc, &l->pats[i], md, mc);
        if (st != KJ_OK) return st;
    }
    return KJ_OK;
}

/* Whether findings x and y are in the same text: one passage, or one heading. */
static int same_text(const kj_lint_finding *x, const kj_lint_finding *y) {
    return x->passage == y->passage && !x->heading == !y->heading &&
           x->heading_index == y->heading_index;
}

/* In document order: the headings before a passage, in order, then the passage. */
static int cmp_finding(const void *a, const void *b) {
    const kj_lint_finding *x = a, *y = b;
    if (x->passage != y->passage) return x->passage < y->passage ? -1 : 1;
    if (!x->heading != !y->heading) return x->heading ? -1 : 1;
    if (x->heading_index != y->heading_index) return x->heading_index < y->heading_index ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end > y->end ? -1 : 1; /* longer first */
    return strcmp(x->rule, y->rule);
}

/* Sort, merge overlapping findings of one rule in one text (keep the one that starts
 * first, the longest of those starting there, with the highest severity of
 * them all: its text is what is shown), drop those below min, count by
 * severity. */
static void finish(flist *fl, kj_severity min, kj_lint_result *out) {
    if (fl->n) qsort(fl->items, fl->n, sizeof *fl->items, cmp_finding);
    size_t w = 0;
    for (size_t i = 0; i < fl->n; i++) {
        kj_lint_finding *f = &fl->items[i];
        int merged = 0;
        for (size_t k = w; k-- > 0;) {
            kj_lint_finding *g = &fl->items[k];
            if (!same_text(g, f)) break;
            if (strcmp(g->rule, f->rule) != 0 || f->start >= g->end) continue;
            if (f->severity > g->severity) g->severity = f->severity, g->base = f->base;
            merged = 1;
            break;
        }
        if (!merged) fl->items[w++] = *f;
    }
    size_t k = 0;
    memset(out->by_severity, 0, sizeof out->by_severity);
    for (size_t i = 0; i < w; i++) {
        if (fl->items[i].severity < min) continue;
        out->by_severity[fl->items[i].severity]++;
        fl->items[k++] = fl->items[i];
    }
    out->items = fl->items;
    out->n = k;
}

/* Paragraph number of what lies on page in section after passage prev
 * (NULL at the start), whose number was para. */
static int next_para(const kj_passage *prev, int page, const char *section, int para) {
    if (!prev || page != prev->page || !kj_str_same(section, prev->section)) return 1;
    return para + 1;
}

/* A lint under way (kj_lint_begin .. kj_lint_end). */
struct kj_lint_run {
    const kj_linter *l;
    const kj_lexicon *lex;
    kj_severity min;
    flist fl;
    pcre2_match_data *md;
    pcre2_match_context *mc; /* for run_pattern's start limit */
    hs_scratch_t *scratch;   /* no prefilter without it: every pattern runs */
    kj_lint_starts *starts;  /* where lead literals start, or NULL: no pattern is limited to them */
    uint64_t *present;       /* clause bits of the patterns' literals in the passage */
    int present_ok;          /* present holds the passage's bits (the prefilter ran) */
    uint64_t *present_h;     /* a heading's, with those of the passage it heads */
    glist gl;                /* the checks that could not finish */
    int para;
    size_t next;         /* the passage expected next */
    size_t next_heading; /* the first heading not linted yet */
    kj_arena *tmp;       /* a heading's working memory (lint_headings), or NULL */
    /* the passage before, when it reads as a title (reads_as_title): its
     * patterns' contexts read the passage after it too (lint_title) */
    int title;
    int title_para;
    int title_has_cls;
    kj_classification title_cls;
};

void kj_lint_run_free(kj_lint_run *r) {
    if (!r) return;
    pcre2_match_data_free(r->md);
    pcre2_match_context_free(r->mc);
    hs_free_scratch(r->scratch);
    kj_lint_starts_free(r->starts);
    free(r->present);
    free(r->present_h);
    kj_arena_free(r->tmp);
    free(r);
}

kj_status kj_lint_begin(const kj_linter *l, const kj_lexicon *lex, kj_severity min, kj_arena *arena,
                        kj_lint_run **out, kj_error *err) {
    *out = NULL;
    if (!l || !arena) return kj_error_set(err, KJ_ERR_ARG, "lint: missing linter or arena");
    kj_lint_run *r = calloc(1, sizeof *r);
    if (!r) return kj_error_set(err, KJ_ERR_NOMEM, "lint: out of memory");
    *r = (kj_lint_run){.l = l, .lex = lex, .min = min, .fl = {.arena = arena}};
    r->md = pcre2_match_data_create(32, NULL);
    r->mc = kj_search_context_new();
    r->present = l->lit_db ? malloc(present_words(l) * sizeof *r->present) : NULL;
    r->present_h = l->lit_db ? malloc(present_words(l) * sizeof *r->present_h) : NULL;
    if (r->present && r->present_h && hs_alloc_scratch(l->lit_db, &r->scratch) != HS_SUCCESS)
        r->scratch = NULL;
    r->starts = kj_lint_starts_new(l); /* best effort */
    if (!r->md || !r->mc) {
        kj_lint_run_free(r);
        return kj_error_set(err, KJ_ERR_NOMEM, "lint: out of memory");
    }
    *out = r;
    return KJ_OK;
}

/* Heading k of ps made a passage in tmp (*hp) for lint_one: its text
 * normalised, followed in the same buffer, after a space, by the
 * normalised text of the passage it heads, when it heads one (the passage
 * after it, in its section, still with its normalised text): that is the
 * context its patterns' contexts read (*ctx_len bytes). A heading read as
 * Japanese is so; another (of Latin letters, figures and marks: 【ExampleOS
 * 9.2】 in a Japanese report) takes that passage's language, or the one
 * before it when it heads none. Returns the passage it heads, or
 * NULL; *hp's norm.text is NULL when out of memory. */
static const kj_passage *heading_passage(const kj_passages *ps, size_t k, kj_arena *tmp,
                                         kj_passage *hp, size_t *ctx_len) {
    const kj_heading *h = &ps->headings[k];
    const kj_passage *next = h->before < ps->n ? &ps->items[h->before] : NULL;
    if (next && (!next->norm.text || !kj_str_same(h->section, next->section))) next = NULL;
    memset(hp, 0, sizeof *hp);
    /* whose language a heading without Japanese letters takes: the passage
     * it heads, else the one before it (a line at the document's end) */
    const kj_passage *near = next ? next : h->before ? &ps->items[h->before - 1] : NULL;
    kj_norm n;
    if (kj_normalize(tmp, h->text, h->len, &n) != KJ_OK) return NULL;
    size_t extra = next ? 1 + next->norm.len : 0;
    char *buf = kj_arena_alloc_raw(tmp, n.len + extra + 1);
    if (!buf) return NULL;
    memcpy(buf, n.text, n.len);
    if (next) {
        buf[n.len] = ' ';
        memcpy(buf + n.len + 1, next->norm.text, next->norm.len);
    }
    buf[n.len + extra] = '\0';
    *hp = (kj_passage){.kind = h->kind,
                       .text = h->text,
                       .len = h->len,
                       .norm = {buf, n.len, n.map},
                       .lang = h->lang != KJ_LANG_JA && near ? near->lang : h->lang,
                       .page = h->page,
                       .section = h->section,
                       .line = h->line,
                       .start = h->start,
                       .end = h->end};
    *ctx_len = n.len + extra;
    return next;
}

/* Lint the headings of ps before passage upto (all that are left when upto
 * is ps->n), which, when it is a passage, has classification cls (or NULL)
 * and the prefilter's bits in r->present when r->present_ok. A heading's
 * context text is scanned by the prefilter as its heading, with the bits of
 * the passage it heads: that passage is scanned once, not again for each
 * heading over it. By the patterns only: the lexicon's matches are a
 * passage's. */
static kj_status lint_headings(kj_lint_run *r, const kj_passages *ps, size_t upto,
                               const kj_classification *cls) {
    kj_status st = KJ_OK;
    for (; st == KJ_OK && r->next_heading < ps->n_headings &&
           (upto >= ps->n || ps->headings[r->next_heading].before <= upto);
         r->next_heading++) {
        size_t k = r->next_heading;
        const kj_heading *h = &ps->headings[k];
        if (!r->tmp && !(r->tmp = kj_arena_new())) return KJ_ERR_NOMEM;
        kj_arena *tmp = r->tmp;
        kj_passage hp;
        size_t ctx_len = 0;
        const kj_passage *next = heading_passage(ps, k, tmp, &hp, &ctx_len);
        const kj_passage *prev = h->before ? &ps->items[h->before - 1] : NULL;
        scan_ctx sc = {.l = r->l,
                       .p = &hp,
                       .cls = next ? cls : NULL,
                       .index = h->before,
                       .para = next_para(prev, h->page, h->section, r->para),
                       .fl = &r->fl,
                       .tmp = tmp,
                       .map = hp.norm.map,
                       .utf = -1,
                       .ctx_len = ctx_len,
                       .heading = h,
                       .heading_index = k,
                       .gl = &r->gl,
                       .starts = r->starts};
        /* with a passage to read, only when its own bits are there */
        int filter =
            (!next || r->present_ok) && prefilter(r->l, r->scratch, r->present_h, hp.norm.text,
                                                  hp.norm.len, next ? r->present : NULL);
        st = hp.norm.text ? lint_one(&sc, r->md, r->mc, filter, r->present_h) : KJ_ERR_NOMEM;
        kj_arena_reset(tmp);
    }
    return st;
}

/* The most characters of a passage that reads as a title (reads_as_title),
 * as kj_looks_like_heading allows a heading. */
#define KJ_LINT_TITLE_MAX 60

/* Whether paragraph p reads as the title of what follows it: one line of at
 * most KJ_LINT_TITLE_MAX characters that ends no sentence ("Network
 * Perimeter (ExampleOS 9.4)" on a line of its own: a plain text's line over
 * 25 characters without a heading's mark is a passage, not a heading). A
 * line that ends with a sentence's mark (。 . ! ? : , ;) or as a Japanese
 * sentence does (ます, です, である …) is none. */
static int reads_as_title(const kj_passage *p) {
    static const char *const ends[] = {"。", "．", "！", "？", "：", "、", "，"};
    const char *s = p->text;
    size_t len = p->len;
    if (p->kind != KJ_BLOCK_PARAGRAPH || p->contents || !s) return 0;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    /* at most 4 bytes a character: a longer text is no title, and is not read */
    if (!len || len > 4 * KJ_LINT_TITLE_MAX || memchr(s, '\n', len) ||
        kj_utf8_count(s, len) > KJ_LINT_TITLE_MAX)
        return 0;
    if (strchr(".!?:;,", s[len - 1])) return 0;
    for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
        size_t n = strlen(ends[k]);
        if (len >= n && memcmp(s + len - n, ends[k], n) == 0) return 0;
    }
    return !kj_ends_japanese_predicate(s, len);
}

/* Lint again, passage t (which reads as a title, reads_as_title) with the
 * passage after it, next, which now has its normalised text and the
 * prefilter's bits in r->present: the patterns with a context only, their
 * contexts reading t's text followed by next's, as a heading's do
 * (lint_headings). Its own text is normalised again: an analysis keeps a
 * passage's only while it is read. What it found alone is found again and
 * merged (finish). */
static kj_status lint_title(kj_lint_run *r, const kj_passage *t, size_t ti,
                            const kj_passage *next) {
    if (!r->tmp && !(r->tmp = kj_arena_new())) return KJ_ERR_NOMEM;
    kj_norm n;
    kj_status st = kj_normalize(r->tmp, t->text, t->len, &n);
    char *buf = st == KJ_OK ? kj_arena_alloc_raw(r->tmp, n.len + 1 + next->norm.len + 1) : NULL;
    if (!buf) {
        kj_arena_reset(r->tmp);
        return KJ_ERR_NOMEM;
    }
    memcpy(buf, n.text, n.len);
    buf[n.len] = ' ';
    memcpy(buf + n.len + 1, next->norm.text, next->norm.len);
    buf[n.len + 1 + next->norm.len] = '\0';
    kj_passage tp = *t;
    tp.norm = (kj_norm){buf, n.len, n.map};
    scan_ctx sc = {.l = r->l,
                   .p = &tp,
                   .cls = r->title_has_cls ? &r->title_cls : NULL,
                   .index = ti,
                   .para = r->title_para,
                   .fl = &r->fl,
                   .tmp = r->tmp,
                   .map = n.map,
                   .utf = -1,
                   .ctx_only = 1,
                   .ctx_len = n.len + 1 + next->norm.len,
                   .gl = &r->gl,
                   .starts = r->starts};
    int filter = r->present_ok && prefilter(r->l, r->scratch, r->present_h, buf, n.len, r->present);
    st = lint_one(&sc, r->md, r->mc, filter, r->present_h);
    kj_arena_reset(r->tmp);
    return st;
}

/* Whether passage i - 1, which read as a title, heads passage i: i follows
 * it in its section with no heading between them, and has its text. */
static int title_heads(const kj_lint_run *r, const kj_passages *ps, size_t i) {
    if (!r->title || i == 0) return 0;
    const kj_passage *t = &ps->items[i - 1], *p = &ps->items[i];
    int heading_between =
        r->next_heading < ps->n_headings && ps->headings[r->next_heading].before <= i;
    return !heading_between && p->norm.text && kj_str_same(t->section, p->section) &&
           t->page == p->page;
}

kj_status kj_lint_passage(kj_lint_run *r, const kj_passages *ps, size_t i,
                          const kj_classification *cls, const kj_matches *mt, kj_error *err) {
    if (!r || !ps || i != r->next || i >= ps->n)
        return kj_error_set(err, KJ_ERR_ARG, "lint: passage out of order");
    const kj_passage *p = &ps->items[i];
    r->present_ok = prefilter(r->l, r->scratch, r->present, p->norm.text, p->norm.len, NULL);
    kj_status st = KJ_OK;
    if (title_heads(r, ps, i)) st = lint_title(r, &ps->items[i - 1], i - 1, p);
    if (st == KJ_OK) st = lint_headings(r, ps, i, cls);
    r->para = next_para(i ? &ps->items[i - 1] : NULL, p->page, p->section, r->para);
    scan_ctx sc = {.l = r->l,
                   .p = p,
                   .cls = cls,
                   .index = i,
                   .para = r->para,
                   .fl = &r->fl,
                   .utf = -1,
                   .ctx_len = p->norm.len,
                   .gl = &r->gl,
                   .starts = r->starts};
    if (st == KJ_OK) st = lint_one(&sc, r->md, r->mc, r->present_ok, r->present);
    if (st == KJ_OK && mt) st = add_lexicon_hits(&sc, mt, r->lex);
    kj_arena_free(sc.tmp);
    r->title = reads_as_title(p);
    if (r->title) {
        r->title_para = r->para;
        r->title_has_cls = cls != NULL;
        if (cls) r->title_cls = *cls;
    }
    r->next++;
    if (st != KJ_OK) return kj_error_set(err, st, "lint: out of memory");
    return KJ_OK;
}

kj_status kj_lint_end(kj_lint_run *r, const kj_passages *ps, kj_lint_result *out, kj_error *err) {
    memset(out, 0, sizeof *out);
    if (!r) return kj_error_set(err, KJ_ERR_ARG, "lint: no run");
    if (ps && r->next != ps->n) {
        kj_lint_run_free(r);
        return kj_error_set(err, KJ_ERR_ARG, "lint: ended before its last passage");
    }
    r->present_ok = 0; /* no passage to read */
    kj_status st = ps ? lint_headings(r, ps, ps->n, NULL) : KJ_OK;
    if (st != KJ_OK) {
        kj_lint_run_free(r);
        return kj_error_set(err, st, "lint: out of memory");
    }
    finish(&r->fl, r->min, out);
    out->incomplete = r->gl.items;
    out->n_incomplete = r->gl.n;
    kj_lint_run_free(r);
    return KJ_OK;
}

kj_status kj_lint_passages(const kj_linter *l, const kj_passages *ps, const kj_classification *cls,
                           const kj_matches *matches, const kj_lexicon *lex, kj_severity min,
                           kj_arena *arena, kj_lint_result *out, kj_error *err) {
    memset(out, 0, sizeof *out);
    if (!l || !ps || !arena)
        return kj_error_set(err, KJ_ERR_ARG, "lint: missing linter, passages or arena");
    kj_lint_run *r;
    kj_status st = kj_lint_begin(l, lex, min, arena, &r, err);
    for (size_t i = 0; i < ps->n && st == KJ_OK; i++)
        st = kj_lint_passage(r, ps, i, cls ? &cls[i] : NULL, matches ? &matches[i] : NULL, err);
    if (st != KJ_OK) {
        kj_lint_run_free(r);
        return st;
    }
    return kj_lint_end(r, ps, out, err);
}

kj_status kj_lint_analysis(const kj_linter *l, const kj_doc_analysis *a, const kj_lexicon *lex,
                           kj_severity min, kj_arena *arena, kj_lint_result *out, kj_error *err) {
    if (!a) return kj_error_set(err, KJ_ERR_ARG, "lint: no analysis");
    return kj_lint_passages(l, &a->passages, a->cls, a->matches, lex, min, arena, out, err);
}
