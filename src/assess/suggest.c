/*
 * suggest.c - suggestions: for every element the document type expects that
 * is missing or below its target level, what to add (data/assess/
 * suggestions.tsv, kaiji's paraphrase of the guide's 記載のイメージ, with the
 * place in the guide), adjusted to the document type (statutory rows win
 * for statutory documents), citing the principle it serves, with the guide's
 * caution on items 4, 5, 7, 8 and 9; then one for each principle scoring
 * low, and for jargon left unexplained (with the lexicon's plain gloss).
 */
#include "assess_internal.h"

#include <string.h>

#define KJ_LOW_PRINCIPLE 40

static int cautious_item(int item) {
    return item == 4 || item == 5 || item == 7 || item == 8 || item == 9;
}

/* Best row for key and kind: exact class beats "any", exact kind beats "any". */
static const kj_suggest_row *find_row(const kj_assess_data *d, const char *key, const char *kind,
                                      int statutory) {
    const char *cls = statutory ? "statutory" : "voluntary";
    const kj_suggest_row *best = NULL;
    int best_score = -1;
    for (size_t i = 0; i < d->n_sugg; i++) {
        const kj_suggest_row *r = &d->sugg[i];
        if (strcmp(r->key, key)) continue;
        int kind_ok = !strcmp(r->when, kind), kind_any = !strcmp(r->when, "any");
        int cls_ok = !strcmp(r->cls, cls), cls_any = !strcmp(r->cls, "any");
        if ((!kind_ok && !kind_any) || (!cls_ok && !cls_any)) continue;
        int score = 2 * cls_ok + kind_ok;
        if (score > best_score) best = r, best_score = score;
    }
    return best;
}

static kj_suggestion *push(kj_assess_ctx *c, size_t *cap) {
    kj_assessment *o = c->out;
    if (o->n_suggestions == *cap) {
        size_t n = *cap ? *cap * 2 : 16;
        kj_suggestion *s = kj_arena_alloc(c->arena, n * sizeof *s);
        if (!s) return NULL;
        if (o->n_suggestions) memcpy(s, o->suggestions, o->n_suggestions * sizeof *s);
        o->suggestions = s;
        *cap = n;
    }
    kj_suggestion *s = &o->suggestions[o->n_suggestions++];
    memset(s, 0, sizeof *s);
    return s;
}

/* Texts are copied into the output arena: the tables may be freed first. */
static const char *pick(kj_assess_ctx *c, const kj_suggest_row *r) {
    return kj_arena_strdup(c->arena, c->out->lang == KJ_LANG_EN ? r->en : r->ja);
}

static kj_status element_suggestions(kj_assess_ctx *c, size_t *cap) {
    kj_assessment *o = c->out;
    const kj_suggest_row *caution = find_row(c->d, "caution", "any", o->statutory);
    for (int e = 0; e < KJ_N_ELEMENTS; e++) {
        const kj_coverage *cv = &o->elements[e];
        if (!cv->target || cv->level >= cv->target) continue;
        const char *kind = cv->level == 0 ? "missing" : "weak";
        const kj_suggest_row *r = find_row(c->d, kj_element_id(e), kind, o->statutory);
        if (!r) continue;
        kj_suggestion *s = push(c, cap);
        if (!s) return KJ_ERR_NOMEM;
        s->element = e;
        s->item = kj_element_item(e);
        s->principle = r->principle;
        s->level = cv->level;
        s->kind = kind;
        s->text = pick(c, r);
        s->guide_ref = kj_arena_strdup(c->arena, r->ref);
        s->caution = caution && cautious_item(s->item) ? pick(c, caution) : NULL;
        if (!s->text || !s->guide_ref || (caution && cautious_item(s->item) && !s->caution))
            return KJ_ERR_NOMEM;
    }
    return KJ_OK;
}

static kj_status principle_suggestions(kj_assess_ctx *c, size_t *cap) {
    kj_assessment *o = c->out;
    for (int p = 0; p < KJ_N_PRINCIPLES; p++) {
        if (o->principles[p] >= KJ_LOW_PRINCIPLE) continue;
        const kj_suggest_row *r = find_row(c->d, kj_principle_id(p), "low", o->statutory);
        if (!r) continue;
        kj_suggestion *s = push(c, cap);
        if (!s) return KJ_ERR_NOMEM;
        *s = (kj_suggestion){.element = -1,
                             .principle = p,
                             .level = o->principles[p],
                             .kind = "low",
                             .text = pick(c, r),
                             .guide_ref = kj_arena_strdup(c->arena, r->ref)};
        if (!s->text || !s->guide_ref) return KJ_ERR_NOMEM;
    }
    return KJ_OK;
}

/* The part of a jargon note for a document in English (en) or Japanese: a
 * note shared by both languages is "English gloss | 日本語の説明"; a note
 * without the separator serves either. *len gets the part's length. */
static const char *gloss_part(const char *note, int en, int *len) {
    const char *bar = strstr(note, " | ");
    if (!bar) {
        *len = (int)strlen(note);
        return note;
    }
    if (en) {
        *len = (int)(bar - note);
        return note;
    }
    *len = (int)strlen(bar + 3);
    return bar + 3;
}

/* One suggestion listing the unexplained jargon, with glosses where known. */
static kj_status jargon_suggestion(kj_assess_ctx *c, size_t *cap) {
    if (!c->n_unexplained) return KJ_OK;
    int en = c->out->lang == KJ_LANG_EN;
    kj_buf b = KJ_BUF_INIT;
    kj_status st = kj_buf_puts(&b, en ? "Explain at first use or in a note: "
                                      : "次の用語・略語に初出時の説明か※注を付けてください: ");
    for (int k = 0; k < c->n_unexplained && st == KJ_OK; k++) {
        st = kj_buf_printf(&b, "%s%s", k ? (en ? "; " : "、") : "", c->unexplained[k]);
        int gl = 0;
        const char *g = c->unexplained_note[k] ? gloss_part(c->unexplained_note[k], en, &gl) : NULL;
        if (st == KJ_OK && g && gl > 0) st = kj_buf_printf(&b, en ? " (%.*s)" : "(%.*s)", gl, g);
    }
    kj_suggestion *s = st == KJ_OK ? push(c, cap) : NULL;
    if (s)
        *s = (kj_suggestion){.element = -1,
                             .principle = KJ_P_UNDERSTANDABLE,
                             .level = c->out->jargon_unexplained,
                             .kind = "explain",
                             .text = kj_arena_strdup(c->arena, b.data),
                             .guide_ref = "guide §3(2)④ 理解容易性"};
    kj_buf_free(&b);
    return s && s->text ? KJ_OK : KJ_ERR_NOMEM;
}

kj_status kj_assess_suggestions(kj_assess_ctx *c) {
    size_t cap = 0;
    kj_status st = element_suggestions(c, &cap);
    if (st == KJ_OK) st = principle_suggestions(c, &cap);
    if (st == KJ_OK) st = jargon_suggestion(c, &cap);
    return st;
}
