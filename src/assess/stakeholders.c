/*
 * stakeholders.c - the stakeholder view (guide §1(2), its stakeholder
 * figure): for each outside group in data/assess/stakeholders.tsv (business
 * partners, users and media, investors and brokers), which items it weighs
 * and a 0-100 score of how well the document serves it: three quarters from
 * the coverage levels of its items (weighted), one quarter from the
 * principles it cares about most.
 */
#include "assess_internal.h"

#include <string.h>

static int group_score(const kj_assessment *o, const kj_stakeholder_row *r) {
    long got = 0, want = 0;
    for (int k = 0; k < r->n_items; k++) {
        int it = r->items[k];
        if (it < 1 || it > KJ_N_ITEMS) continue;
        got += (long)r->item_w[k] * o->items[it].level * 100 / 3;
        want += r->item_w[k];
    }
    long pg = 0, pw = 0;
    for (int p = 0; p < KJ_N_PRINCIPLES; p++) {
        pg += (long)r->principle_w[p] * o->principles[p];
        pw += r->principle_w[p];
    }
    long items = want ? got / want : 0, princ = pw ? pg / pw : 0;
    return (int)((items * 3 + princ) / 4);
}

kj_status kj_assess_stakeholders(kj_assess_ctx *c) {
    kj_assessment *o = c->out;
    size_t n = c->d->n_stake;
    o->stakeholders = kj_arena_alloc(c->arena, (n + 1) * sizeof *o->stakeholders);
    if (!o->stakeholders) return KJ_ERR_NOMEM;
    int en = o->lang == KJ_LANG_EN;
    for (size_t i = 0; i < n; i++) {
        const kj_stakeholder_row *r = &c->d->stake[i];
        kj_stakeholder_view *v = &o->stakeholders[i];
        /* copied: the tables may be freed before the assessment */
        v->id = kj_arena_strdup(c->arena, r->id);
        v->name = kj_arena_strdup(c->arena, en ? r->name_en : r->name_ja);
        v->looks_for = kj_arena_strdup(c->arena, en ? r->looks_en : r->looks_ja);
        if (!v->id || !v->name || !v->looks_for) return KJ_ERR_NOMEM;
        v->n_items = r->n_items;
        memcpy(v->items, r->items, sizeof v->items);
        v->score = group_score(o, r);
    }
    o->n_stakeholders = n;
    return KJ_OK;
}
