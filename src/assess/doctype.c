/*
 * doctype.c - the guide's six document types and the document's year: names
 * and parsing, detection from the text (title, cover and headings weigh
 * more; EDINET section codes mark a securities report), and the expectation
 * each type sets (data/assess/doctypes.tsv: which elements are core or
 * expected, statutory brief vs voluntary detailed).
 */
#include "assess_internal.h"

#include <string.h>

static const char *const kj_dt_ids[KJ_DOCTYPE_COUNT] = {
    "unknown", "securities", "governance", "sustainability", "integrated", "annual", "security"};
static const char *const kj_dt_ja[KJ_DOCTYPE_COUNT] = {"種類不明",
                                                       "有価証券報告書",
                                                       "コーポレート・ガバナンス報告書",
                                                       "CSR・サステナビリティ報告書",
                                                       "統合報告書",
                                                       "アニュアルレポート",
                                                       "情報セキュリティ報告書"};
static const char *const kj_dt_en[KJ_DOCTYPE_COUNT] = {"unknown type",
                                                       "securities report (incl. Form 10-K)",
                                                       "corporate governance report",
                                                       "CSR / sustainability report",
                                                       "integrated report",
                                                       "annual report",
                                                       "information security report"};

const char *kj_doctype_id(kj_doctype t) {
    return (unsigned)t < KJ_DOCTYPE_COUNT ? kj_dt_ids[t] : "unknown";
}
const char *kj_doctype_name_ja(kj_doctype t) {
    return (unsigned)t < KJ_DOCTYPE_COUNT ? kj_dt_ja[t] : kj_dt_ja[0];
}
const char *kj_doctype_name_en(kj_doctype t) {
    return (unsigned)t < KJ_DOCTYPE_COUNT ? kj_dt_en[t] : kj_dt_en[0];
}

int kj_doctype_parse(const char *s) {
    static const struct {
        const char *alias;
        kj_doctype t;
    } aliases[] = {{"10-k", KJ_DOCTYPE_SECURITIES}, {"10k", KJ_DOCTYPE_SECURITIES},
                   {"yuho", KJ_DOCTYPE_SECURITIES}, {"csr", KJ_DOCTYPE_SUSTAINABILITY},
                   {"cg", KJ_DOCTYPE_GOVERNANCE},   {"infosec", KJ_DOCTYPE_SECURITY}};
    if (!s) return -1;
    for (int t = 1; t < KJ_DOCTYPE_COUNT; t++)
        if (!strcmp(s, kj_dt_ids[t])) return t;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (!strcmp(s, aliases[i].alias)) return (int)aliases[i].t;
    return -1;
}

int kj_doctype_statutory(kj_doctype t) {
    return t == KJ_DOCTYPE_SECURITIES || t == KJ_DOCTYPE_GOVERNANCE;
}

/* An EDINET section code ("0102010"): seven digits starting with 0. */
static int edinet_code(const char *s) {
    if (!s || strlen(s) < 7) return 0;
    for (int i = 0; i < 7; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return s[0] == '0';
}

typedef struct {
    int score[KJ_DOCTYPE_COUNT];
    const char *evidence[KJ_DOCTYPE_COUNT];
    int cue[KJ_DOCTYPE_COUNT]; /* the cue "doctype:<id>" of each type, or -1 */
} dt_votes;

/* Vote for every type whose pattern matches s (normalised), with weight w;
 * p (may be NULL) is the passage whose normalised text s is, so the cue
 * matcher can use what it knows of it. Without p, s is text of kind in (a
 * heading or the title), which must stay unchanged until the matcher next
 * forgets (kj_cue_match_text): a heading normalised in the passage's
 * scratch, the title in the run's arena. */
static void vote(kj_assess_ctx *c, dt_votes *v, const kj_passage *p, kj_cue_text in, const char *s,
                 size_t len, int w) {
    if (!kj_cue_doctype_possible(c->cm, s, len)) return; /* names no type */
    for (int t = 1; t < KJ_DOCTYPE_COUNT; t++) {
        int cue = v->cue[t];
        size_t ms, me;
        if (cue < 0) continue;
        if (!(p ? kj_cue_match(c->cm, cue, p, &ms, &me)
                : kj_cue_match_text(c->cm, cue, in, s, len, &ms, &me)))
            continue;
        v->score[t] += w;
        if (!v->evidence[t]) v->evidence[t] = kj_arena_strndup(c->arena, s + ms, me - ms);
    }
}

/* Normalise original text s of kind in (in arena ar) and vote with it. */
static void vote_raw(kj_assess_ctx *c, dt_votes *v, kj_arena *ar, kj_cue_text in, const char *s,
                     int w) {
    kj_norm n;
    if (s && kj_normalize(ar, s, strlen(s), &n) == KJ_OK) vote(c, v, NULL, in, n.text, n.len, w);
}

struct kj_dt_state {
    dt_votes v;
    const char *last_heading;
};

kj_status kj_doctype_start(kj_assess_ctx *c, kj_doctype given) {
    if (given != KJ_DOCTYPE_UNKNOWN) return KJ_OK; /* no votes needed */
    kj_dt_state *s = kj_arena_alloc(c->arena, sizeof *s);
    if (!s) return KJ_ERR_NOMEM;
    for (int t = 1; t < KJ_DOCTYPE_COUNT; t++) {
        char name[32];
        snprintf(name, sizeof name, "doctype:%s", kj_dt_ids[t]);
        s->v.cue[t] = kj_cue_find(c->d, name);
    }
    if (c->a->doc) vote_raw(c, &s->v, c->arena, KJ_CUE_IN_TITLE, c->a->doc->title, 5);
    c->dt = s;
    return KJ_OK;
}

/* Passage i's votes: its text (the first three and headings weigh more),
 * its heading (or run of headings) when new, its EDINET section code. */
void kj_doctype_passage(kj_assess_ctx *c, size_t i) {
    kj_dt_state *s = c->dt;
    if (!s) return;
    const kj_passage *p = &c->a->passages.items[i];
    int w = i < 3 || p->kind == KJ_BLOCK_HEADING ? 3 : 1;
    vote(c, &s->v, p, KJ_CUE_IN_PASSAGE, p->norm.text, p->norm.len, w);
    /* all of a run of headings with no passage between them (a cover's
     * 「統合報告書 2023」 over 「1. 情報セキュリティ」), else the one */
    const char *h = p->headings ? p->headings : p->heading;
    if (h && p->heading != s->last_heading) vote_raw(c, &s->v, c->scratch, KJ_CUE_IN_HEADING, h, 2);
    s->last_heading = p->heading;
    if (edinet_code(p->section)) {
        s->v.score[KJ_DOCTYPE_SECURITIES] += 2;
        if (!s->v.evidence[KJ_DOCTYPE_SECURITIES])
            s->v.evidence[KJ_DOCTYPE_SECURITIES] =
                kj_arena_printf(c->arena, "EDINET section %s", p->section);
    }
}

kj_status kj_assess_doctype(kj_assess_ctx *c, kj_doctype given) {
    kj_assessment *o = c->out;
    if (given != KJ_DOCTYPE_UNKNOWN || !c->dt) {
        o->doctype = given;
    } else {
        const dt_votes *v = &c->dt->v;
        int best = 0;
        for (int t = 1; t < KJ_DOCTYPE_COUNT; t++)
            if (v->score[t] > v->score[best]) best = t;
        o->doctype = (kj_doctype)best;
        o->doctype_detected = best != 0;
        o->doctype_evidence = best ? v->evidence[best] : NULL;
    }
    const kj_doctype_row *r = &c->d->doctypes[o->doctype];
    o->statutory = r->core ? r->statutory : kj_doctype_statutory(o->doctype);
    const char *e = o->lang == KJ_LANG_EN ? r->expect_en : r->expect_ja;
    o->expectation = kj_arena_strdup(c->arena, e ? e : ""); /* tables may be freed first */
    if (!o->expectation) return KJ_ERR_NOMEM;
    return KJ_OK;
}

/* ---- year -------------------------------------------------------------- */

typedef struct {
    int count[110]; /* 1990..2099 */
    int max;
    const char *s; /* the text being scanned (normalised) and its length */
    size_t len;
    int lo, hi; /* when hi > 0, only years in [lo, hi] can be chosen: others are not counted */
} year_votes;

static void add_year(int y, size_t at, void *ud) {
    year_votes *v = ud;
    if (y < 1990 || y > 2099 || (v->hi && (y < v->lo || y > v->hi))) return;
    if (v->s && kj_plans_year(v->s, v->len, at)) return;
    v->count[y - 1990]++;
    if (y > v->max) v->max = y;
}

/* Scan n bytes of normalised text t for the years of v. */
static void scan_years_into(year_votes *v, const char *t, size_t n) {
    v->s = t;
    v->len = n;
    kj_scan_years(t, n, add_year, v);
    v->s = NULL;
}

/* Scan passage i's normalised text for the years of v, or take them from
 * the list the specificity step made of them (c->years) when it lists them
 * all. */
static void passage_years_into(const kj_assess_ctx *c, size_t i, year_votes *v) {
    const kj_passage *p = &c->a->passages.items[i];
    if (c->years_of != i + 1 || !c->years.whole || !p->norm.text) {
        scan_years_into(v, p->norm.text, p->norm.len);
        return;
    }
    v->s = p->norm.text;
    v->len = p->norm.len;
    for (size_t k = 0; k < c->years.n; k++)
        add_year(c->years.year[k], c->years.at[k], v);
    v->s = NULL;
}

struct kj_yr_state {
    year_votes cover, all;
    int filed; /* year an EDINET title's timestamp says it was filed, or 0 */
};

/* The year an EDINET document was filed, as its filing software stamped it
 * on its title (「有価証券報告書（通常方式）_20200624094726」: filed in 2020;
 * ingest keeps the date in d->stamped), or 0. */
static int edinet_filed_year(const kj_document *d) {
    int y = d->stamped / 10000;
    return y >= 1990 && y <= 2099 ? y : 0;
}

kj_status kj_year_start(kj_assess_ctx *c, int given) {
    if (given > 0) return KJ_OK; /* no votes needed */
    kj_yr_state *s = kj_arena_alloc(c->arena, sizeof *s);
    if (!s) return KJ_ERR_NOMEM;
    /* the cover: title and the first passages name the report's year */
    const kj_document *d = c->a->doc;
    s->filed = d ? edinet_filed_year(d) : 0;
    s->all.lo = s->filed - 1;
    s->all.hi = s->filed; /* 0: no bound */
    kj_norm n;
    if (!s->filed && d && d->title &&
        kj_normalize(c->arena, d->title, strlen(d->title), &n) == KJ_OK)
        scan_years_into(&s->cover, n.text, n.len);
    c->yr = s;
    return KJ_OK;
}

/* Passage i's years: the first two (when short) are the cover; the years of
 * the whole text count only when the cover names none, which is known once
 * the first two passages have been seen, or when the filing year bounds
 * them (kj_assess_year). */
void kj_year_passage(kj_assess_ctx *c, size_t i) {
    kj_yr_state *s = c->yr;
    if (!s) return;
    const kj_passage *p = &c->a->passages.items[i];
    if (i < 2 && p->norm.len < 200) passage_years_into(c, i, &s->cover);
    if (i < 2 || !s->cover.max || s->filed) passage_years_into(c, i, &s->all);
}

/* The year of v named most often within [lo, hi] (the later on a tie), or
 * 0 when none is. */
static int most_named(const year_votes *v, int lo, int hi) {
    int best = 0, n = 0;
    for (int y = lo; y <= hi; y++)
        if (y >= 1990 && y <= 2099 && v->count[y - 1990] && v->count[y - 1990] >= n) {
            n = v->count[y - 1990];
            best = y;
        }
    return best;
}

/* The report's year: a filed EDINET document's is the one it names most of
 * the filing year and the year before (a securities report is filed within
 * three months of its year's end; years named further off are of plans and
 * history), else the filing year; otherwise the latest year on the cover,
 * else the year the text names most. */
kj_status kj_assess_year(kj_assess_ctx *c, int given) {
    kj_assessment *o = c->out;
    if (given > 0 || !c->yr) {
        o->year = given > 0 ? given : 0;
        return KJ_OK;
    }
    const kj_yr_state *s = c->yr;
    if (s->filed) {
        o->year = most_named(&s->all, s->filed - 1, s->filed);
        if (!o->year) o->year = s->filed;
    } else if (s->cover.max) {
        o->year = s->cover.max;
    } else if (s->all.max) {
        o->year = most_named(&s->all, 1990, 2099);
    }
    o->year_detected = o->year != 0;
    return KJ_OK;
}
