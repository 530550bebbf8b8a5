/*
 * analyze.c - run the forward pipeline over one document: segment its
 * blocks into passages, match the lexicon, classify each passage, and sum up
 * which items and elements the document covers. The result
 * (kj_doc_analysis) is what assessment, storage and rendering consume.
 *
 * Memory: a passage's normalised text and lexicon matches are made in a
 * scratch arena reset per passage. kj_analyze_document() copies them into
 * the document's arena for later stages; kj_analyze_document_each() instead
 * hands each passage to the caller's visitor while they are at hand and
 * keeps only the matches that evidence is rebuilt from, packed into a few
 * bytes each, so a document's peak memory does not grow with its
 * normalised text and match offsets.
 */
#include "model_internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

kj_status kj_analyzer_load(const char *data_dir, kj_analyzer **out, kj_error *err) {
    *out = NULL;
    kj_analyzer *a = calloc(1, sizeof *a);
    if (!a) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    char lexdir[PATH_MAX], modeldir[PATH_MAX];
    if (data_dir) {
        snprintf(lexdir, sizeof lexdir, "%s/lexicon", data_dir);
        snprintf(modeldir, sizeof modeldir, "%s/model", data_dir);
    }
    kj_status st = kj_lexicon_load(data_dir ? lexdir : NULL, &a->lex, err);
    if (st == KJ_OK) st = kj_model_load(data_dir ? modeldir : NULL, a->lex, &a->model, err);
    if (st != KJ_OK) {
        kj_analyzer_free(a);
        return st;
    }
    *out = a;
    return KJ_OK;
}

void kj_analyzer_free(kj_analyzer *a) {
    if (!a) return;
    kj_model_free(a->model);
    kj_lexicon_free(a->lex);
    free(a);
}

static void tally(kj_doc_analysis *r) {
    int ja = 0, en = 0;
    for (size_t i = 0; i < r->passages.n; i++) {
        const kj_classification *c = &r->cls[i];
        if (r->passages.items[i].lang == KJ_LANG_JA)
            ja++;
        else
            en++;
        if (c->primary) r->relevant_passages++;
        for (int k = 0; k < c->n_items; k++)
            r->item_passages[c->items[k]]++;
        for (int k = 0; k < c->n_elements; k++)
            r->el_passages[c->elements[k]]++;
        for (int it = 1; it <= KJ_N_ITEMS; it++)
            if (c->scores[it] > r->item_max[it]) r->item_max[it] = c->scores[it];
    }
    r->lang = ja >= en ? KJ_LANG_JA : KJ_LANG_EN;
}

/* Copy what later stages keep of passage p's analysis out of the scratch
 * arena into the document's: the normalised text (without its offset map,
 * 4 bytes a byte; shared with the original when equal) and the matches, each at its exact size. The
 * evidence is not kept: kj_doc_classification() rebuilds it from the matches. */
static kj_status keep_passage(kj_arena *arena, kj_passage *p, kj_matches *mt) {
    const char *nt = p->norm.text ? p->norm.text : "";
    if (p->text && p->norm.len == p->len && p->text[p->len] == '\0' &&
        !memcmp(nt, p->text, p->len)) {
        /* normalisation changed nothing (often so in Japanese prose): share
         * the original text, which is NUL-terminated too */
        p->norm.text = (char *)p->text;
    } else if (!(p->norm.text = kj_arena_strndup(arena, nt, p->norm.len))) {
        return KJ_ERR_NOMEM;
    }
    p->norm.map = NULL;
    kj_match *m = kj_arena_alloc(arena, (mt->n ? mt->n : 1) * sizeof *m);
    if (!m) return KJ_ERR_NOMEM;
    if (mt->n) memcpy(m, mt->items, mt->n * sizeof *m);
    mt->items = m;
    return KJ_OK;
}

/* Whether kj_doc_classification() makes evidence of match m of a passage
 * classified as c (the same test it applies). */
static int evidence_match(const kj_doc_analysis *r, const kj_classification *c, const kj_match *m) {
    if (m->term >= r->n_ev_terms) return 0;
    int item = r->ev_terms[m->term].item;
    for (int j = 0; j < c->n_items; j++)
        if (item == c->items[j]) return 1;
    return 0;
}

static size_t put_varint(unsigned char *out, uint64_t v) {
    size_t n = 0;
    do {
        unsigned char byte = v & 0x7f;
        v >>= 7;
        out[n++] = byte | (v ? 0x80 : 0);
    } while (v);
    return n;
}

static uint64_t get_varint(const unsigned char **at, const unsigned char *end) {
    uint64_t v = 0;
    for (int shift = 0; *at < end && shift < 64; shift += 7) {
        unsigned char byte = *(*at)++;
        v |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80)) break;
    }
    return v;
}

/* After the visitor has seen passage i (matches mt): forget its normalised
 * text and keep, packed in the document's arena, only the matches evidence
 * is made of. */
static kj_status keep_evidence(kj_arena *arena, kj_doc_analysis *r, size_t i, const kj_matches *mt,
                               kj_arena *scratch) {
    kj_passage *p = &r->passages.items[i];
    const kj_classification *c = &r->cls[i];
    memset(&p->norm, 0, sizeof p->norm);
    kj_packed_matches *pm = &r->ev_matches[i];
    unsigned char *buf = kj_arena_alloc(scratch, mt->n * 30 + 1); /* 3 varints of <= 10 bytes */
    if (!buf) return KJ_ERR_NOMEM;
    size_t len = 0;
    int64_t prev = 0;
    for (size_t k = 0; k < mt->n; k++) {
        const kj_match *m = &mt->items[k];
        if (!evidence_match(r, c, m)) continue;
        int64_t d = (int64_t)m->start - prev;
        prev = m->start;
        len += put_varint(buf + len, m->term);
        len += put_varint(buf + len, d < 0 ? ((uint64_t)(-d) << 1) - 1 : (uint64_t)d << 1);
        len += put_varint(buf + len, (uint64_t)m->end - m->start);
        pm->n++;
    }
    if (!pm->n) return KJ_OK;
    unsigned char *code = kj_arena_alloc_bytes(arena, len); /* bytes: packed unaligned */
    if (!code) return KJ_ERR_NOMEM;
    memcpy(code, buf, len);
    pm->code = code;
    pm->len = (uint32_t)len;
    return KJ_OK;
}

/* Unpack passage i's evidence matches into arena (term, start, end only). */
static kj_match *unpack_evidence(const kj_packed_matches *pm, kj_arena *arena) {
    kj_match *m = kj_arena_alloc(arena, (pm->n ? pm->n : 1) * sizeof *m);
    if (!m) return NULL;
    /* nothing packed: code is NULL, and NULL + 0 below would be undefined
     * behaviour (UBSan: "applying zero offset to null pointer") */
    if (!pm->n) return m;
    const unsigned char *at = pm->code, *end = pm->code + pm->len;
    int64_t start = 0;
    for (uint32_t k = 0; k < pm->n; k++) {
        m[k].term = (unsigned)get_varint(&at, end);
        uint64_t z = get_varint(&at, end);
        start += z & 1 ? -(int64_t)((z + 1) >> 1) : (int64_t)(z >> 1);
        m[k].start = (uint32_t)start;
        m[k].end = (uint32_t)(start + (int64_t)get_varint(&at, end));
    }
    return m;
}

const kj_classification *kj_doc_passage_classification(const kj_doc_analysis *a, size_t i,
                                                       kj_arena *arena, kj_classification *tmp) {
    if (a->matches || !a->ev_matches) return kj_doc_classification(a, i, arena, tmp);
    const kj_packed_matches *pm = &a->ev_matches[i];
    kj_matches mt = {unpack_evidence(pm, arena), pm->n};
    if (!mt.items) return NULL;
    /* a view of passage i alone, with its matches unpacked */
    kj_doc_analysis v = *a;
    v.passages.items = &a->passages.items[i];
    v.passages.n = 1;
    v.cls = &a->cls[i];
    v.matches = &mt;
    return kj_doc_classification(&v, 0, arena, tmp);
}

/* What the headings passages sit under are about (kj_classify_labels'
 * heading): the last heading looked at, the language it was read in (the
 * passage's: its terms are matched by language) and its answer (passages
 * under one heading share its text, so each heading is scanned once in a
 * row). */
typedef struct {
    const char *heading;
    kj_lang lang;
    int topic;
} heading_topic;

/* Set *topic to what p's heading is about (kj_heading_subject): a
 * KJ_HEADING_* value, KJ_HEADING_NONE without a heading. The heading is
 * normalised and scanned in scratch. */
static kj_status heading_names_topic(const kj_analyzer *a, kj_scanner *sc, const kj_passage *p,
                                     heading_topic *memo, kj_arena *scratch, int *topic,
                                     kj_error *err) {
    *topic = KJ_HEADING_NONE;
    if (!p->heading) return KJ_OK;
    if (p->heading == memo->heading && p->lang == memo->lang) {
        *topic = memo->topic;
        return KJ_OK;
    }
    kj_status st = kj_heading_subject(a->lex, sc, p->heading, strlen(p->heading), p->lang, scratch,
                                      topic, err);
    if (st != KJ_OK) return st;
    memo->heading = p->heading;
    memo->lang = p->lang;
    memo->topic = *topic;
    return KJ_OK;
}

/* Normalise, match and classify passage i in scratch, then hand it to the
 * visitor (when given) and keep what later stages need. */
static kj_status analyze_passage(const kj_analyzer *a, kj_scanner *sc, kj_doc_analysis *r, size_t i,
                                 kj_arena *scratch, heading_topic *memo, kj_passage_visitor visit,
                                 void *ud, kj_error *err) {
    const kj_document *doc = r->doc;
    kj_passage *p = &r->passages.items[i];
    kj_status st = kj_normalize(scratch, p->text, p->len, &p->norm);
    if (st != KJ_OK) return kj_error_set(err, st, "%s: out of memory", doc->path);
    kj_matches local = {0}, *mt = r->matches ? &r->matches[i] : &local;
    st = kj_match_passage(sc, p, scratch, mt, err);
    int in_topic = 0;
    if (st == KJ_OK) st = heading_names_topic(a, sc, p, memo, scratch, &in_topic, err);
    if (st == KJ_OK)
        st = kj_classify_labels(a->model, a->lex, p, mt, in_topic, scratch, &r->cls[i], 0, err);
    if (st != KJ_OK) return st;
    if (visit) {
        st = visit(ud, r, i, mt, scratch, err);
        if (st != KJ_OK) return st;
        st = keep_evidence(doc->arena, r, i, mt, scratch);
    } else {
        st = keep_passage(doc->arena, p, mt);
    }
    if (st != KJ_OK) return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", doc->path);
    return KJ_OK;
}

kj_status kj_analyze_document(const kj_analyzer *a, kj_scanner *sc, const kj_document *doc,
                              const kj_segment_options *opts, kj_doc_analysis *out, kj_error *err) {
    return kj_analyze_document_each(a, sc, doc, opts, NULL, NULL, out, err);
}

kj_status kj_analyze_document_each(const kj_analyzer *a, kj_scanner *sc, const kj_document *doc,
                                   const kj_segment_options *opts, kj_passage_visitor visit,
                                   void *ud, kj_doc_analysis *out, kj_error *err) {
    memset(out, 0, sizeof *out);
    out->doc = doc;
    /* passages are normalised one at a time below, into a scratch arena that
     * also takes the matcher's and classifier's working memory */
    kj_segment_options so = {0};
    if (opts) so = *opts;
    so.defer_norm = 1;
    kj_status st = kj_segment(doc, &so, doc->arena, &out->passages, err);
    if (st != KJ_OK) return st;
    size_t n = out->passages.n;
    /* with a visitor, the packed evidence matches instead of all matches */
    if (visit)
        out->ev_matches = kj_arena_alloc(doc->arena, (n ? n : 1) * sizeof *out->ev_matches);
    else
        out->matches = kj_arena_alloc(doc->arena, (n ? n : 1) * sizeof *out->matches);
    out->cls = kj_arena_alloc(doc->arena, (n ? n : 1) * sizeof *out->cls);
    out->ev_terms = kj_evidence_terms(a->model, a->lex, doc->arena, &out->n_ev_terms);
    kj_arena *scratch = kj_arena_new();
    if (!(out->matches || out->ev_matches) || !out->cls || !out->ev_terms || !scratch) {
        kj_arena_free(scratch);
        return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", doc->path);
    }
    heading_topic memo = {0};
    for (size_t i = 0; i < n && st == KJ_OK; i++) {
        st = analyze_passage(a, sc, out, i, scratch, &memo, visit, ud, err);
        kj_arena_reset(scratch);
    }
    kj_arena_free(scratch);
    if (st == KJ_OK) tally(out);
    return st;
}
