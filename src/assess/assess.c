/*
 * assess.c - kj_assess(): judge an analysed document the way a reviewer
 * applying the MIC 2019 guide would. Runs the steps in order (specificity
 * per passage, document type and year, coverage, the five principles,
 * suggestions, stakeholder view) over one shared context, and keeps the
 * helpers they share (signals, evidence excerpts, principle names).
 *
 * The steps see the passages one at a time (kj_assess_passage, also run
 * inside kj_analyze_document_each's visitor while a passage's normalised text
 * and matches are at hand), then the document (kj_assess_end); kj_assess()
 * does both for an analysis that kept everything.
 *
 * Ownership: all output memory comes from the caller's arena; a kj_assess_data
 * loaded here (when the caller gave none) and the cue matcher belong to the
 * run and are freed with it.
 */
#include "assess_internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const kj_p_ids[KJ_N_PRINCIPLES] = {"P1", "P2", "P3", "P4", "P5"};
static const char *const kj_p_ja[KJ_N_PRINCIPLES] = {"目的適合性", "表現真正性", "比較可能性",
                                                     "理解容易性", "適時公表性"};
static const char *const kj_p_en[KJ_N_PRINCIPLES] = {
    "relevance", "faithful representation", "comparability", "understandability", "timeliness"};

const char *kj_principle_id(int p) {
    return p >= 0 && p < KJ_N_PRINCIPLES ? kj_p_ids[p] : "?";
}
const char *kj_principle_name_ja(int p) {
    return p >= 0 && p < KJ_N_PRINCIPLES ? kj_p_ja[p] : "?";
}
const char *kj_principle_name_en(int p) {
    return p >= 0 && p < KJ_N_PRINCIPLES ? kj_p_en[p] : "?";
}

/* Shorten to at most max code points, on a character boundary. */
static size_t clip_utf8(const char *s, size_t len, size_t max) {
    size_t i = 0, n = 0;
    while (i < len && n < max) {
        int32_t cp;
        i += kj_utf8_decode(s + i, len - i, &cp);
        n++;
    }
    return i;
}

kj_status kj_add_signal(kj_assess_ctx *c, const char *name, int principle, long passage,
                        const char *evidence, size_t evidence_len, int points) {
    kj_assessment *o = c->out;
    kj_signal *grown =
        kj_arena_grow(c->arena, o->signals, o->n_signals, &c->sig_cap, sizeof *o->signals);
    if (!grown) return KJ_ERR_NOMEM;
    o->signals = grown;
    size_t n = evidence ? clip_utf8(evidence, evidence_len, 80) : 0;
    kj_signal *s = &o->signals[o->n_signals++];
    s->name = name;
    s->principle = principle;
    s->passage = passage;
    s->evidence = kj_arena_strndup(c->arena, evidence ? evidence : "", n);
    s->points = points;
    return s->evidence ? KJ_OK : KJ_ERR_NOMEM;
}

/* Byte offset in the original text of code point cp. */
static size_t cp_to_byte(const char *s, size_t len, size_t cp) {
    size_t i = 0;
    while (i < len && cp > 0) {
        int32_t c;
        i += kj_utf8_decode(s + i, len - i, &c);
        cp--;
    }
    return i;
}

const char *kj_passage_excerpt(kj_assess_ctx *c, const kj_passage *p, size_t ns, size_t ne,
                               size_t *len) {
    (void)c;
    if (ne > p->norm.len || ns > ne) {
        *len = 0;
        return "";
    }
    /* passages usually come without their offset map: recompute it in a
     * throw-away arena (only for the few passages that give evidence) */
    kj_arena *tmp = p->norm.map ? NULL : kj_arena_new();
    const uint32_t *map = p->norm.map ? p->norm.map : kj_passage_norm_map(tmp, p);
    if (!map) {
        kj_arena_free(tmp);
        *len = 0;
        return "";
    }
    size_t b = cp_to_byte(p->text, p->len, map[ns]);
    /* the code point after the last one the hit's last byte came from
     * (map[ne] may lie past characters the normaliser dropped) */
    size_t e = cp_to_byte(p->text, p->len, ne > ns ? map[ne - 1] + 1 : map[ns]);
    kj_arena_free(tmp);
    if (e <= b) e = b + clip_utf8(p->text + b, p->len - b, 20);
    *len = e - b;
    return p->text + b;
}

/* Room for every passage's specificity, features and relevance. */
static kj_status score_start(kj_assess_ctx *c) {
    kj_assessment *o = c->out;
    size_t n = c->a->passages.n;
    o->n_passages = n;
    o->spec = kj_arena_alloc(c->arena, (n + 1) * sizeof *o->spec);
    c->brief = kj_arena_alloc(c->arena, (n + 1) * sizeof *c->brief);
    c->relevant = kj_arena_alloc(c->arena, (n + 1) * sizeof *c->relevant);
    if (!o->spec || !c->brief || !c->relevant) return KJ_ERR_NOMEM;
    if (c->lex && !(c->spec_kinds = kj_spec_term_kinds(c->arena, c->lex))) return KJ_ERR_NOMEM;
    return KJ_OK;
}

/* Specificity and features of passage i; relevance from classification. */
static void score_passage(kj_assess_ctx *c, size_t i) {
    const kj_doc_analysis *a = c->a;
    kj_assessment *o = c->out;
    const kj_passage *p = &a->passages.items[i];
    const kj_classification *cls = a->cls ? &a->cls[i] : NULL;
    int relevant = cls ? (cls->n_items > 0 || cls->primary > 0) : 1;
    /* a passage with no item is of specificity 1 and the document steps
     * take only its notes (most passages of a whole filing are such) */
    c->years_of = 0;
    if (relevant) {
        kj_spec_scan_years(p, c->mt, c->lex, c->spec_kinds, &c->feat, &c->years);
        c->years_of = i + 1;
    } else {
        kj_spec_scan_notes(p, &c->feat);
    }
    c->relevant[i] = relevant;
    o->spec[i] = kj_spec_from_features(&c->feat, p, cls);
    c->brief[i] = (kj_spec_brief){c->feat.max_year, c->feat.quantities > 0, c->feat.notes > 0};
    if (relevant) o->spec_hist[o->spec[i]]++;
}

static kj_lang doc_lang(const kj_doc_analysis *a, kj_lang want) {
    if (want != KJ_LANG_AUTO) return want;
    if (a->lang != KJ_LANG_AUTO) return a->lang;
    return a->passages.n ? a->passages.items[0].lang : KJ_LANG_JA;
}

/* Group the signals by principle, keeping detection order within each. */
static kj_status sort_signals(kj_assess_ctx *c) {
    kj_assessment *o = c->out;
    if (!o->n_signals) return KJ_OK;
    kj_signal *s = kj_arena_alloc(c->arena, o->n_signals * sizeof *s);
    if (!s) return KJ_ERR_NOMEM;
    size_t n = 0;
    for (int p = 0; p < KJ_N_PRINCIPLES; p++)
        for (size_t i = 0; i < o->n_signals; i++)
            if (o->signals[i].principle == p) s[n++] = o->signals[i];
    o->signals = s;
    c->sig_cap = n;
    return KJ_OK;
}

/* An assessment under way (kj_assess_begin .. kj_assess_end). */
struct kj_assess_run {
    kj_assess_ctx c;
    kj_assessment out;
    kj_assess_options opts;
    kj_assess_data *own; /* loaded here when the caller gave no tables */
    int started;
    /* what starting the steps gave: a run that failed to start stays failed */
    kj_status start_status;
    size_t next; /* the passage expected next */
};

void kj_assess_run_free(kj_assess_run *r) {
    if (!r) return;
    kj_cue_matcher_free(r->c.cm);
    kj_assess_data_free(r->own);
    free(r);
}

kj_status kj_assess_begin(const kj_lexicon *lex, const kj_assess_options *opts, kj_arena *arena,
                          kj_assess_run **out, kj_error *err) {
    *out = NULL;
    if (!arena) return kj_error_set(err, KJ_ERR_ARG, "kj_assess: missing argument");
    kj_assess_run *r = calloc(1, sizeof *r);
    if (!r) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory assessing the document");
    if (opts) r->opts = *opts;
    const kj_assess_data *d = r->opts.data;
    if (!d) {
        kj_status st = kj_assess_data_load(r->opts.data_dir, &r->own, err);
        if (st != KJ_OK) {
            free(r);
            return st;
        }
        d = r->own;
    }
    r->c = (kj_assess_ctx){.lex = lex, .d = d, .arena = arena, .out = &r->out};
    r->c.cm = kj_cue_matcher_new(d);
    if (!r->c.cm) {
        kj_assess_run_free(r);
        return kj_error_set(err, KJ_ERR_NOMEM, "out of memory assessing the document");
    }
    *out = r;
    return KJ_OK;
}

/* Before the first passage (or the end, for a document without any). */
static kj_status start_steps(kj_assess_run *r, const kj_doc_analysis *a) {
    kj_assess_ctx *c = &r->c;
    c->a = a;
    if (r->started) return r->start_status;
    r->started = 1;
    kj_status st = score_start(c);
    if (st == KJ_OK) st = kj_doctype_start(c, r->opts.doctype);
    if (st == KJ_OK) st = kj_year_start(c, r->opts.year);
    if (st == KJ_OK) st = kj_principles_start(c);
    if (st == KJ_OK) st = kj_understand_start(c);
    if (st == KJ_OK) st = kj_timely_start(c);
    r->start_status = st;
    return st;
}

static kj_status report(kj_status st, kj_error *err) {
    if (st == KJ_ERR_NOMEM) return kj_error_set(err, st, "out of memory assessing the document");
    if (st != KJ_OK && err && err->code == KJ_OK)
        kj_error_set(err, st, "assessment failed: %s", kj_status_name(st));
    return st;
}

kj_status kj_assess_passage(kj_assess_run *r, const kj_doc_analysis *a, size_t i,
                            const kj_matches *mt, kj_arena *scratch, kj_error *err) {
    if (!r || !a || i != r->next || i >= a->passages.n)
        return kj_error_set(err, KJ_ERR_ARG, "kj_assess_passage: passage out of order");
    kj_status st = start_steps(r, a);
    if (st != KJ_OK) return report(st, err);
    kj_assess_ctx *c = &r->c;
    c->mt = mt;
    c->scratch = scratch ? scratch : c->arena;
    kj_cue_matcher_forget(c->cm); /* the last passage's text may be gone */
    kj_cue_matcher_at(c->cm, (long)i);
    score_passage(c, i);
    kj_doctype_passage(c, i);
    kj_year_passage(c, i);
    st = kj_principles_passage(c, i);
    if (st == KJ_OK) st = kj_understand_passage(c, i);
    if (st == KJ_OK) st = kj_timely_passage(c, i);
    kj_cue_matcher_forget(c->cm);
    c->mt = NULL;
    c->scratch = c->arena;
    r->next++;
    return report(st, err);
}

kj_status kj_assess_end(kj_assess_run *r, const kj_doc_analysis *a, kj_assessment *out,
                        kj_error *err) {
    memset(out, 0, sizeof *out);
    if (!r || !a) {
        kj_assess_run_free(r);
        return kj_error_set(err, KJ_ERR_ARG, "kj_assess: missing argument");
    }
    if (r->next != a->passages.n) {
        kj_assess_run_free(r);
        return kj_error_set(err, KJ_ERR_ARG, "kj_assess_end: passages missing");
    }
    kj_assess_ctx *c = &r->c;
    kj_status st = start_steps(r, a);
    c->scratch = c->arena;
    r->out.lang = doc_lang(a, r->opts.lang);
    if (st == KJ_OK) st = kj_assess_doctype(c, r->opts.doctype);
    if (st == KJ_OK) st = kj_assess_year(c, r->opts.year);
    if (st == KJ_OK) st = kj_assess_coverage(c);
    if (st == KJ_OK) st = kj_assess_principles(c);
    if (st == KJ_OK) st = kj_assess_understandability(c);
    if (st == KJ_OK) st = kj_assess_timeliness(c);
    if (st == KJ_OK) st = kj_assess_suggestions(c);
    if (st == KJ_OK) st = kj_assess_stakeholders(c);
    if (st == KJ_OK) st = kj_assess_list_incomplete(c);
    if (st == KJ_OK) st = sort_signals(c);
    if (st == KJ_OK) *out = r->out;
    kj_assess_run_free(r);
    return report(st, err);
}

kj_status kj_assess(const kj_doc_analysis *a, const kj_lexicon *lex, const kj_assess_options *opts,
                    kj_arena *arena, kj_assessment *out, kj_error *err) {
    if (!a || !arena || !out) return kj_error_set(err, KJ_ERR_ARG, "kj_assess: missing argument");
    memset(out, 0, sizeof *out);
    kj_assess_run *r;
    kj_status st = kj_assess_begin(lex, opts, arena, &r, err);
    if (st != KJ_OK) return st;
    /* the passages one at a time, as kj_analyze_document_each() would give
     * them; their normalised texts stay, so no scratch arena is needed */
    for (size_t i = 0; i < a->passages.n && st == KJ_OK; i++)
        st = kj_assess_passage(r, a, i, a->matches ? &a->matches[i] : NULL, NULL, err);
    if (st != KJ_OK) {
        kj_assess_run_free(r);
        return st;
    }
    return kj_assess_end(r, a, out, err);
}
