/*
 * assess_render.c - the assessment as JSON (render-friendly: what the HTML
 * report and `kaiji analyze --format json` embed) and as a compact terminal
 * summary (coverage by item, principle scores with their top signals,
 * suggestions). Both read a finished kj_assessment and never change it.
 */
#include "assess_internal.h"

#include <string.h>

static kj_status jstr(kj_buf *b, const char *s) {
    return s ? kj_buf_json_string(b, s, strlen(s)) : kj_buf_puts(b, "null");
}

/* Streaming to f (when not NULL): write out what b holds once it is large,
 * so that the long passage lists are never held whole. */
static void spill(kj_buf *b, FILE *f) {
    if (!f || b->len < 64 * 1024) return;
    fwrite(b->data, 1, b->len, f);
    kj_buf_reset(b);
}

static kj_status json_coverage(kj_buf *b, FILE *f, const kj_coverage *cv) {
    kj_status st =
        kj_buf_printf(b, "\"level\": %d, \"expected\": %d, \"target\": %d, \"passages\": [",
                      cv->level, cv->expected, cv->target);
    for (size_t i = 0; i < cv->n_passages && st == KJ_OK; i++) {
        st = i ? kj_buf_puts(b, ", ") : KJ_OK;
        if (st == KJ_OK) st = kj_buf_put_uint(b, cv->passages[i]);
        spill(b, f);
    }
    return st == KJ_OK ? kj_buf_putc(b, ']') : st;
}

static kj_status json_items(const kj_assessment *as, kj_buf *b, FILE *f) {
    kj_status st = kj_buf_puts(b, "\"items\": [");
    for (int it = 1; it <= KJ_N_ITEMS && st == KJ_OK; it++) {
        st = kj_buf_printf(b, "%s{\"item\": %d, \"name_ja\": ", it > 1 ? ", " : "", it);
        if (st == KJ_OK) st = jstr(b, kj_item_name_ja(it));
        if (st == KJ_OK) st = kj_buf_puts(b, ", \"name_en\": ");
        if (st == KJ_OK) st = jstr(b, kj_item_name_en(it));
        if (st == KJ_OK) st = kj_buf_puts(b, ", ");
        if (st == KJ_OK) st = json_coverage(b, f, &as->items[it]);
        if (st == KJ_OK) st = kj_buf_puts(b, ", \"elements\": [");
        int first = 1;
        for (int e = 0; e < KJ_N_ELEMENTS && st == KJ_OK; e++) {
            if (kj_element_item(e) != it) continue;
            st = kj_buf_printf(b, "%s{\"id\": \"%s\", \"name_ja\": ", first ? "" : ", ",
                               kj_element_id(e));
            first = 0;
            if (st == KJ_OK) st = jstr(b, kj_element_name_ja(e));
            if (st == KJ_OK) st = kj_buf_puts(b, ", \"name_en\": ");
            if (st == KJ_OK) st = jstr(b, kj_element_name_en(e));
            if (st == KJ_OK) st = kj_buf_puts(b, ", ");
            if (st == KJ_OK) st = json_coverage(b, f, &as->elements[e]);
            if (st == KJ_OK) st = kj_buf_putc(b, '}');
        }
        if (st == KJ_OK) st = kj_buf_puts(b, "]}");
    }
    return st == KJ_OK ? kj_buf_puts(b, "]") : st;
}

static kj_status json_principles(const kj_assessment *as, kj_buf *b) {
    kj_status st = kj_buf_puts(b, "\"principles\": [");
    for (int p = 0; p < KJ_N_PRINCIPLES && st == KJ_OK; p++) {
        st = kj_buf_printf(b,
                           "%s{\"id\": \"%s\", \"name_ja\": \"%s\", \"name_en\": \"%s\", "
                           "\"score\": %d, \"signals\": [",
                           p ? ", " : "", kj_principle_id(p), kj_principle_name_ja(p),
                           kj_principle_name_en(p), as->principles[p]);
        int first = 1;
        for (size_t i = 0; i < as->n_signals && st == KJ_OK; i++) {
            const kj_signal *s = &as->signals[i];
            if (s->principle != p) continue;
            st = kj_buf_printf(b, "%s{\"name\": ", first ? "" : ", ");
            first = 0;
            if (st == KJ_OK) st = jstr(b, s->name);
            if (st == KJ_OK)
                st = s->passage >= 0 ? kj_buf_printf(b, ", \"passage\": %ld", s->passage)
                                     : kj_buf_puts(b, ", \"passage\": null");
            if (st == KJ_OK) st = kj_buf_puts(b, ", \"evidence\": ");
            if (st == KJ_OK) st = jstr(b, s->evidence);
            if (st == KJ_OK) st = kj_buf_printf(b, ", \"points\": %d}", s->points);
        }
        if (st == KJ_OK) st = kj_buf_puts(b, "]}");
    }
    return st == KJ_OK ? kj_buf_puts(b, "]") : st;
}

static kj_status json_suggestions(const kj_assessment *as, kj_buf *b) {
    kj_status st = kj_buf_puts(b, "\"suggestions\": [");
    for (size_t i = 0; i < as->n_suggestions && st == KJ_OK; i++) {
        const kj_suggestion *s = &as->suggestions[i];
        st = kj_buf_printf(b, "%s{\"element\": ", i ? ", " : "");
        if (st == KJ_OK)
            st = s->element >= 0 ? jstr(b, kj_element_id(s->element)) : kj_buf_puts(b, "null");
        if (st == KJ_OK)
            st = kj_buf_printf(b,
                               ", \"item\": %d, \"principle\": \"%s\", \"kind\": \"%s\", "
                               "\"level\": %d, \"text\": ",
                               s->item, kj_principle_id(s->principle), s->kind, s->level);
        if (st == KJ_OK) st = jstr(b, s->text);
        if (st == KJ_OK) st = kj_buf_puts(b, ", \"guide_ref\": ");
        if (st == KJ_OK) st = jstr(b, s->guide_ref);
        if (st == KJ_OK) st = kj_buf_puts(b, ", \"caution\": ");
        if (st == KJ_OK) st = jstr(b, s->caution);
        if (st == KJ_OK) st = kj_buf_putc(b, '}');
    }
    return st == KJ_OK ? kj_buf_puts(b, "]") : st;
}

static kj_status json_stakeholders(const kj_assessment *as, kj_buf *b) {
    kj_status st = kj_buf_puts(b, "\"stakeholders\": [");
    for (size_t i = 0; i < as->n_stakeholders && st == KJ_OK; i++) {
        const kj_stakeholder_view *v = &as->stakeholders[i];
        st = kj_buf_printf(b, "%s{\"id\": ", i ? ", " : "");
        if (st == KJ_OK) st = jstr(b, v->id);
        if (st == KJ_OK) st = kj_buf_puts(b, ", \"name\": ");
        if (st == KJ_OK) st = jstr(b, v->name);
        if (st == KJ_OK) st = kj_buf_puts(b, ", \"looks_for\": ");
        if (st == KJ_OK) st = jstr(b, v->looks_for);
        if (st == KJ_OK) st = kj_buf_puts(b, ", \"items\": [");
        for (int k = 0; k < v->n_items && st == KJ_OK; k++)
            st = kj_buf_printf(b, "%s%d", k ? ", " : "", v->items[k]);
        if (st == KJ_OK) st = kj_buf_printf(b, "], \"score\": %d}", v->score);
    }
    return st == KJ_OK ? kj_buf_puts(b, "]") : st;
}

/* The cue searches that could not finish, in the order they gave up. */
static kj_status json_incomplete(const kj_assessment *as, kj_buf *b) {
    kj_status st = kj_buf_puts(b, "\"incomplete\": [");
    for (size_t i = 0; i < as->n_incomplete && st == KJ_OK; i++) {
        const kj_assess_incomplete *g = &as->incomplete[i];
        st = kj_buf_printf(b, "%s{\"cue\": ", i ? ", " : "");
        if (st == KJ_OK) st = jstr(b, g->cue);
        if (st == KJ_OK)
            st = kj_buf_printf(
                b, ", \"reason\": \"%s\", \"passage\": ", kj_lint_reason_name(g->reason));
        if (st == KJ_OK)
            st = g->passage >= 0 ? kj_buf_printf(b, "%ld", g->passage) : kj_buf_puts(b, "null");
        if (st == KJ_OK) st = kj_buf_puts(b, ", \"text\": ");
        if (st == KJ_OK) st = jstr(b, g->text);
        if (st == KJ_OK) st = kj_buf_puts(b, ", \"message\": ");
        if (st == KJ_OK) st = jstr(b, g->message);
        if (st == KJ_OK) st = kj_buf_putc(b, '}');
    }
    return st == KJ_OK ? kj_buf_puts(b, "]") : st;
}

static kj_status json_head(const kj_assessment *as, kj_buf *b, FILE *f) {
    kj_status st =
        kj_buf_printf(b,
                      "{\"framework\": \"%s\", \"lang\": \"%s\", \"doctype\": {\"id\": \"%s\", "
                      "\"name_ja\": \"%s\", \"name_en\": \"%s\", \"detected\": %s, \"evidence\": ",
                      KJ_FRAMEWORK, kj_lang_name(as->lang), kj_doctype_id(as->doctype),
                      kj_doctype_name_ja(as->doctype), kj_doctype_name_en(as->doctype),
                      as->doctype_detected ? "true" : "false");
    if (st == KJ_OK) st = jstr(b, as->doctype_evidence);
    if (st == KJ_OK)
        st = kj_buf_printf(
            b, ", \"class\": \"%s\", \"expectation\": ", as->statutory ? "statutory" : "voluntary");
    if (st == KJ_OK) st = jstr(b, as->expectation);
    if (st == KJ_OK) st = kj_buf_puts(b, "}, \"year\": ");
    if (st == KJ_OK) st = as->year ? kj_buf_printf(b, "%d", as->year) : kj_buf_puts(b, "null");
    if (st == KJ_OK)
        st = kj_buf_printf(b,
                           ", \"year_detected\": %s, \"coverage_score\": %d, \"specificity\": "
                           "{\"1\": %d, \"2\": %d, \"3\": %d, \"4\": %d}, \"spec\": [",
                           as->year_detected ? "true" : "false", as->coverage_score,
                           as->spec_hist[1], as->spec_hist[2], as->spec_hist[3], as->spec_hist[4]);
    for (size_t i = 0; i < as->n_passages && st == KJ_OK; i++) {
        st = i ? kj_buf_puts(b, ", ") : KJ_OK;
        if (st == KJ_OK) st = kj_buf_put_int(b, as->spec[i]);
        spill(b, f);
    }
    if (st == KJ_OK)
        st = kj_buf_printf(
            b, "], \"jargon\": {\"total\": %d, \"unexplained\": %d}, \"mean_sentence\": %d, ",
            as->jargon_total, as->jargon_unexplained, as->mean_sentence);
    return st;
}

kj_status kj_assessment_to_json(const kj_assessment *as, kj_buf *b) {
    return kj_assessment_to_json_file(as, b, NULL);
}

kj_status kj_assessment_to_json_file(const kj_assessment *as, kj_buf *b, FILE *f) {
    kj_status st = json_head(as, b, f);
    if (st == KJ_OK) st = json_items(as, b, f);
    if (st == KJ_OK) st = kj_buf_puts(b, ", ");
    if (st == KJ_OK) st = json_principles(as, b);
    if (st == KJ_OK) st = kj_buf_puts(b, ", ");
    if (st == KJ_OK) st = json_suggestions(as, b);
    if (st == KJ_OK) st = kj_buf_puts(b, ", ");
    if (st == KJ_OK) st = json_stakeholders(as, b);
    if (st == KJ_OK) st = kj_buf_puts(b, ", ");
    if (st == KJ_OK) st = json_incomplete(as, b);
    return st == KJ_OK ? kj_buf_putc(b, '}') : st;
}

/* ---- terminal text ---------------------------------------------------- */

typedef struct {
    const char *bold, *dim, *red, *yellow, *green, *off;
} palette;

static palette colors(int color) {
    if (!color) return (palette){"", "", "", "", "", ""};
    return (palette){"\033[1m", "\033[2m", "\033[31m", "\033[33m", "\033[32m", "\033[0m"};
}

static const char *level_color(const palette *c, int level, int target) {
    if (target && level < target) return level ? c->yellow : c->red;
    return level ? c->green : c->dim;
}

static void print_coverage(const kj_assessment *as, FILE *f, const palette *c, int en) {
    static const char *const bars[] = {"····", "█···", "██··", "███·"};
    fprintf(f, "%s%s%s\n", c->bold,
            en ? "Coverage (0 absent · 1 mentioned · 2 described · 3 substantiated)"
               : "網羅性 (0 記載なし · 1 言及 · 2 記述 · 3 裏付けあり)",
            c->off);
    for (int it = 1; it <= KJ_N_ITEMS; it++) {
        const kj_coverage *cv = &as->items[it];
        fprintf(f, "  %2d %s%s %d%s  %-s", it, level_color(c, cv->level, cv->target),
                bars[cv->level & 3], cv->level, c->off,
                en ? kj_item_name_en(it) : kj_item_name_ja(it));
        for (int e = 0; e < KJ_N_ELEMENTS; e++)
            if (kj_element_item(e) == it)
                fprintf(f, "  %s%s:%d%s",
                        level_color(c, as->elements[e].level, as->elements[e].target),
                        kj_element_id(e), as->elements[e].level, c->off);
        fputc('\n', f);
    }
}

/* Whether signals s and t are the same signal on the same passage (one
 * fired more than once there). */
static int same_signal(const kj_signal *s, const kj_signal *t) {
    return t->principle == s->principle && t->passage == s->passage && !strcmp(t->name, s->name);
}

int kj_signal_shown(const kj_assessment *as, size_t i, int *points, int *times) {
    const kj_signal *s = &as->signals[i];
    if (!strcmp(s->name, "baseline")) return 0;
    for (size_t j = 0; j < i; j++)
        if (same_signal(&as->signals[j], s)) return 0;
    int pts = 0, n = 0;
    for (size_t j = i; j < as->n_signals; j++)
        if (same_signal(s, &as->signals[j])) {
            pts += as->signals[j].points;
            n++;
        }
    *points = pts;
    *times = n;
    return 1;
}

/* One signal with the points and count of its repeats on the same passage,
 * and where that passage is. */
static void print_signal(const kj_signal *s, int points, int times, FILE *f,
                         kj_passage_place_fn place, void *ctx) {
    fprintf(f, "%s%+d", s->name, points);
    if (times > 1) fprintf(f, " ×%d", times);
    if (s->passage < 0) return;
    char at[KJ_PLACE_MAX];
    if (place)
        place(ctx, s->passage, at, sizeof at);
    else
        snprintf(at, sizeof at, "passage %ld", s->passage + 1);
    fputs(" (", f);
    kj_term_puts(f, at); /* a section's name is a file's, as the filing named it */
    fputc(')', f);
}

static void print_principles(const kj_assessment *as, FILE *f, const palette *c, int en,
                             kj_passage_place_fn place, void *ctx) {
    fprintf(f, "%s%s%s\n", c->bold, en ? "Principles" : "開示の5原則", c->off);
    for (int p = 0; p < KJ_N_PRINCIPLES; p++) {
        int sc = as->principles[p];
        fprintf(f, "  %s %-24s %s%3d%s ", kj_principle_id(p),
                en ? kj_principle_name_en(p) : kj_principle_name_ja(p),
                sc >= 60   ? c->green
                : sc >= 40 ? c->yellow
                           : c->red,
                sc, c->off);
        int shown = 0;
        for (size_t i = 0; i < as->n_signals && shown < 4; i++) {
            const kj_signal *s = &as->signals[i];
            int points, times;
            if (s->principle != p || !kj_signal_shown(as, i, &points, &times)) continue;
            fprintf(f, "%s%s", shown++ ? ", " : "", c->dim);
            print_signal(s, points, times, f, place, ctx);
            fputs(c->off, f);
        }
        fputc('\n', f);
    }
}

static void print_suggestions(const kj_assessment *as, FILE *f, const palette *c, int en) {
    if (!as->n_suggestions) return;
    fprintf(f, "%s%s%s\n", c->bold, en ? "Suggestions" : "改善の提案", c->off);
    for (size_t i = 0; i < as->n_suggestions; i++) {
        const kj_suggestion *s = &as->suggestions[i];
        fprintf(f, "  %s[%s %s]%s %s %s(%s)%s\n", c->yellow,
                s->element >= 0 ? kj_element_id(s->element) : kj_principle_id(s->principle),
                s->kind, c->off, s->text, c->dim, s->guide_ref ? s->guide_ref : "", c->off);
        if (s->caution) fprintf(f, "      %s! %s%s\n", c->dim, s->caution, c->off);
    }
}

/* Where a cue search that could not finish read: its passage's place (or
 * "passage N"), or the title. */
static void incomplete_place(const kj_assess_incomplete *g, int en, kj_passage_place_fn place,
                             void *ctx, char *at, size_t n) {
    if (g->passage < 0)
        snprintf(at, n, "%s", en ? "title" : "表題");
    else if (place)
        place(ctx, g->passage, at, n);
    else
        snprintf(at, n, "passage %ld", g->passage + 1);
}

/* The cue searches that could not finish, each at its place with its
 * message; nothing when there are none. */
static void print_incomplete(const kj_assessment *as, FILE *f, const palette *c, int en,
                             kj_passage_place_fn place, void *ctx) {
    if (!as->n_incomplete) return;
    fprintf(f, "%s%s%s\n", c->bold,
            en ? "Incomplete checks (what they look for may be missing there)"
               : "終えられなかった検査（そこでの判定が漏れている可能性があります）",
            c->off);
    for (size_t i = 0; i < as->n_incomplete; i++) {
        const kj_assess_incomplete *g = &as->incomplete[i];
        char at[KJ_PLACE_MAX];
        incomplete_place(g, en, place, ctx, at, sizeof at);
        fprintf(f, "  %s[%s]%s %s: %s\n", c->yellow, g->cue, c->off, at, g->message);
    }
}

void kj_assessment_print_text(const kj_assessment *as, FILE *f, int color,
                              kj_passage_place_fn place, void *ctx) {
    palette c = colors(color);
    int en = as->lang == KJ_LANG_EN;
    /* each says where it comes from: the text, or the caller (--doc-type,
     * --year); an unknown type says nothing */
    const char *detected = en ? " (detected)" : "(検出)", *given = en ? " (given)" : "(指定)";
    fprintf(f, "%s%s%s: %s%s%s", c.bold, en ? "Document" : "文書", c.off,
            en ? kj_doctype_name_en(as->doctype) : kj_doctype_name_ja(as->doctype),
            as->doctype_detected                ? detected
            : as->doctype != KJ_DOCTYPE_UNKNOWN ? given
                                                : "",
            as->year ? "" : "\n");
    if (as->year) fprintf(f, ", %d%s\n", as->year, as->year_detected ? detected : given);
    fprintf(f, "  %s%s%s\n", c.dim, as->expectation ? as->expectation : "", c.off);
    fprintf(f, "  %s %d/100 · %s 1:%d 2:%d 3:%d 4:%d\n", en ? "coverage" : "網羅度",
            as->coverage_score, en ? "specificity" : "具体性", as->spec_hist[1], as->spec_hist[2],
            as->spec_hist[3], as->spec_hist[4]);
    print_coverage(as, f, &c, en);
    print_principles(as, f, &c, en, place, ctx);
    if (as->n_stakeholders) {
        fprintf(f, "%s%s%s\n", c.bold, en ? "Stakeholders" : "ステークホルダー別", c.off);
        for (size_t i = 0; i < as->n_stakeholders; i++) {
            fputs("  ", f);
            kj_term_pad(f, as->stakeholders[i].name, 20); /* columns: 利用者・メディア */
            fprintf(f, " %3d  %s%s%s\n", as->stakeholders[i].score, c.dim,
                    as->stakeholders[i].looks_for, c.off);
        }
    }
    print_suggestions(as, f, &c, en);
    print_incomplete(as, f, &c, en, place, ctx);
}
