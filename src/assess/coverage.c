/*
 * coverage.c - coverage per item and per element (0 absent · 1 mentioned ·
 * 2 described · 3 substantiated) with the passages that give it, and what
 * the document type expects of each element (core / expected / optional and
 * the target level), summed into a coverage score.
 *
 * A passage selected for an element covers it at the level its specificity
 * supports (spec 1 -> mentioned, 2 -> described, 3-4 -> substantiated); an
 * element the classifier scored but did not select, inside a selected item,
 * counts as mentioned. A passage that says an incident occurred, or that
 * none did, covers element 6.2 (cover_incidents).
 */
#include "assess_internal.h"

#include <stdbool.h>
#include <string.h>

static int spec_level(int spec) {
    return spec >= 3 ? 3 : spec;
}

/* Append passage i to cov's list, or only count it in the counting pass
 * (the lists are then allocated at their exact size). */
static void add_passage(kj_assess_ctx *c, kj_coverage *cov, size_t i) {
    if (c->cov_counting)
        cov->n_passages++;
    else
        cov->passages[cov->n_passages++] = i;
}

static void cover(kj_assess_ctx *c, kj_coverage *cov, size_t i, int level) {
    if (level > cov->level) cov->level = level;
    add_passage(c, cov, i);
}

static int has_element(const kj_classification *cls, int e) {
    for (int k = 0; k < cls->n_elements; k++)
        if (cls->elements[k] == e) return 1;
    return 0;
}

static int has_item(const kj_classification *cls, int item) {
    for (int k = 0; k < cls->n_items; k++)
        if (cls->items[k] == item) return 1;
    return 0;
}

/* Whether a passage classified cls (about cybersecurity) mentions element
 * e without being given it: it is given e's item and scores on e
 * (KJ_MENTION_SCORE). */
static int mentions_element(const kj_classification *cls, int e) {
    return !has_element(cls, e) && has_item(cls, kj_element_item(e)) && (cls->mentioned >> e & 1);
}

static void cover_passage(kj_assess_ctx *c, size_t i) {
    const kj_classification *cls = &c->a->cls[i];
    int lvl = spec_level(c->out->spec[i]);
    for (int k = 0; k < cls->n_items; k++) {
        int item = cls->items[k];
        if (item >= 1 && item <= KJ_N_ITEMS) cover(c, &c->out->items[item], i, lvl);
    }
    for (int e = 0; e < KJ_N_ELEMENTS; e++) {
        if (has_element(cls, e))
            cover(c, &c->out->elements[e], i, lvl);
        else if (mentions_element(cls, e))
            cover(c, &c->out->elements[e], i, 1);
    }
}

/* Sort each list by the passages' specificity, strongest first (stable).
 * Specificity takes a handful of values, so a stable counting sort gives the
 * order an insertion sort would, in linear time; a value outside the range
 * falls back to the insertion sort. */
#define KJ_SPEC_VALUES 8
static void sort_passages(const int *spec, kj_coverage *cov, uint32_t *tmp, size_t tmp_n) {
    size_t n = cov->n_passages, count[KJ_SPEC_VALUES + 1] = {0};
    if (n < 2) return;
    int counting = tmp != NULL && n <= tmp_n;
    for (size_t i = 0; i < n && counting; i++) {
        int v = spec[cov->passages[i]];
        if (v < 0 || v >= KJ_SPEC_VALUES)
            counting = 0;
        else
            count[KJ_SPEC_VALUES - 1 - v + 1]++;
    }
    if (counting) {
        for (int k = 1; k <= KJ_SPEC_VALUES; k++)
            count[k] += count[k - 1];
        for (size_t i = 0; i < n; i++)
            tmp[count[KJ_SPEC_VALUES - 1 - spec[cov->passages[i]]]++] = cov->passages[i];
        memcpy(cov->passages, tmp, n * sizeof *tmp);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        uint32_t v = cov->passages[i];
        size_t j = i;
        while (j > 0 && spec[cov->passages[j - 1]] < spec[v]) {
            cov->passages[j] = cov->passages[j - 1];
            j--;
        }
        cov->passages[j] = v;
    }
}

/* Mark elements listed in csv ("1.2,2.1") with expectation ex. */
static void mark_expected(kj_assessment *o, const char *csv, int ex) {
    char id[8];
    while (csv && *csv) {
        size_t n = strcspn(csv, ",");
        if (n < sizeof id) {
            memcpy(id, csv, n);
            id[n] = '\0';
            int e = kj_element_parse(id);
            if (e >= 0 && o->elements[e].expected < ex) o->elements[e].expected = ex;
        }
        csv += n + (csv[n] == ',');
    }
}

static void set_targets(kj_assess_ctx *c) {
    kj_assessment *o = c->out;
    const kj_doctype_row *r = &c->d->doctypes[o->doctype];
    mark_expected(o, r->expected, 1);
    mark_expected(o, r->core, 2);
    long got = 0, want = 0;
    for (int e = 0; e < KJ_N_ELEMENTS; e++) {
        kj_coverage *cv = &o->elements[e];
        if (cv->expected == 2)
            cv->target = o->statutory ? 2 : 3;
        else if (cv->expected == 1)
            cv->target = o->statutory ? 1 : 2;
        if (!cv->target) continue;
        int w = cv->expected; /* core counts double */
        got += (long)w * (cv->level < cv->target ? cv->level : cv->target) * 100 / cv->target;
        want += (long)w * 100;
    }
    o->coverage_score = want ? (int)(got * 100 / want) : 0;
    for (int it = 1; it <= KJ_N_ITEMS; it++)
        for (int e = 0; e < KJ_N_ELEMENTS; e++) {
            if (kj_element_item(e) != it) continue;
            if (o->elements[e].target > o->items[it].target)
                o->items[it].target = o->elements[e].target;
            if (o->elements[e].expected > o->items[it].expected)
                o->items[it].expected = o->elements[e].expected;
            if (o->elements[e].level > o->items[it].level)
                o->items[it].level = o->elements[e].level;
        }
}

/* Whether signal sg says an incident occurred, how many did, or that none
 * serious did, of a passage of the analysis a. */
static bool incident_signal(const kj_signal *sg, const kj_doc_analysis *a) {
    return sg->passage >= 0 && (size_t)sg->passage < a->passages.n &&
           (!strcmp(sg->name, "incident-disclosed") || !strcmp(sg->name, "incident-zero") ||
            !strcmp(sg->name, "incident-count"));
}

/* A passage that says an incident occurred, how many did, or that none
 * serious did (the principles' incident-disclosed, incident-count and
 * incident-zero signals), covers
 * element 6.2 and item 6 even where the classifier did not place it there:
 * a bare report of an attack (「…サイバー攻撃により一部の工場で生産が停止
 * しました。」) is what 6.2 asks for, and advice to disclose incidents would
 * be wrong for a document that did. A passage that gives two of them is
 * one passage of each: the signals are still in the order they were found,
 * passage by passage (sort_signals groups them later), so those of one
 * passage are next to each other among the incident signals. */
static void cover_incidents(kj_assess_ctx *c) {
    int e62 = kj_element_parse("6.2");
    const kj_assessment *o = c->out;
    long last = -1; /* the passage of the last incident signal */
    for (size_t k = 0; k < o->n_signals && e62 >= 0; k++) {
        const kj_signal *sg = &o->signals[k];
        if (!incident_signal(sg, c->a) || sg->passage == last) continue;
        last = sg->passage;
        size_t i = (size_t)sg->passage;
        const kj_classification *cls = c->a->cls ? &c->a->cls[i] : NULL;
        if (cls && c->relevant[i] && has_element(cls, e62)) continue; /* counted already */
        int lvl = spec_level(o->spec[i]);
        if (!cls || !c->relevant[i] || !has_item(cls, 6)) cover(c, &c->out->items[6], i, lvl);
        kj_coverage *cv = &c->out->elements[e62];
        if (cls && c->relevant[i] && mentions_element(cls, e62)) {
            /* listed already as a mention: what it discloses raises its level */
            if (lvl > cv->level) cv->level = lvl;
        } else {
            cover(c, cv, i, lvl);
        }
    }
}

static void cover_all(kj_assess_ctx *c) {
    if (c->a->cls)
        for (size_t i = 0; i < c->a->passages.n; i++)
            if (c->relevant[i]) cover_passage(c, i);
    cover_incidents(c);
}

/* Size a list counted by the first pass, to be filled by the second. */
static kj_status size_list(kj_assess_ctx *c, kj_coverage *cov) {
    size_t n = cov->n_passages;
    cov->n_passages = 0;
    if (!n) return KJ_OK;
    cov->passages = kj_arena_alloc(c->arena, n * sizeof *cov->passages);
    return cov->passages ? KJ_OK : KJ_ERR_NOMEM;
}

kj_status kj_assess_coverage(kj_assess_ctx *c) {
    kj_status st = KJ_OK;
    c->cov_counting = 1; /* count, size each list exactly, then fill */
    cover_all(c);
    c->cov_counting = 0;
    for (int it = 1; it <= KJ_N_ITEMS && st == KJ_OK; it++)
        st = size_list(c, &c->out->items[it]);
    for (int e = 0; e < KJ_N_ELEMENTS && st == KJ_OK; e++)
        st = size_list(c, &c->out->elements[e]);
    if (st != KJ_OK) return st;
    cover_all(c);
    /* scratch for the sort: no list is longer than the passages */
    uint32_t *tmp = kj_arena_alloc(c->arena, (c->a->passages.n + 1) * sizeof *tmp);
    for (int it = 1; it <= KJ_N_ITEMS; it++)
        sort_passages(c->out->spec, &c->out->items[it], tmp, c->a->passages.n);
    for (int e = 0; e < KJ_N_ELEMENTS; e++)
        sort_passages(c->out->spec, &c->out->elements[e], tmp, c->a->passages.n);
    kj_arena_release(c->arena, tmp, (c->a->passages.n + 1) * sizeof *tmp); /* a large one */
    set_targets(c);
    return KJ_OK;
}
