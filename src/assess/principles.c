/*
 * principles.c - the first three of the guide's five disclosure principles
 * (section 3(2)), scored 0-100 from signals that the guide's commentary on
 * its worked examples praises:
 *   P1 relevance: a top-management message; security tied to strategy and
 *      value; a stated policy and key areas.
 *   P2 faithful representation: KPIs and quantified facts; incidents that
 *      occurred, their counts (including "none serious"), recurrence
 *      prevention.
 *   P3 comparability: change over time, targets against results, PDCA,
 *      third-party certifications and opinions, framework alignment, SOC /
 *      CSIRT, stated focus areas.
 * P4 is in understand.c, P5 in timely.c. Each signal records the passage and
 * the text that fired it; a signal repeated in later passages adds half its
 * points, at most three times, so one theme cannot fill a score alone.
 */
#include "assess_internal.h"

#include <string.h>
#include <strings.h>

#define KJ_SIGNAL_REPEAT 3

/* The signals (and cues) this file awards, by index, so the per-passage
 * checks look names up once per document instead of once per passage. */
enum {
    S_TOP_MESSAGE,
    S_COMMITMENT,
    S_STRATEGY_VALUE,
    S_QUANTIFIED,
    S_KPI,
    S_INCIDENT_ZERO,
    S_INCIDENT_COUNT,
    S_INCIDENT_DISCLOSED,
    S_RECURRENCE,
    S_PRIOR_PERIOD,
    S_TARGET_RESULT,
    S_PDCA,
    S_CERTIFICATION,
    S_THIRD_PARTY,
    S_FRAMEWORK,
    S_SOC_CSIRT,
    S_FOCUS_AREAS,
    S_TIME_SERIES,
    S_COUNT
};

static const char *const kj_sig_names[S_COUNT] = {"top-message",
                                                  "commitment",
                                                  "strategy-value",
                                                  "quantified",
                                                  "kpi",
                                                  "incident-zero",
                                                  "incident-count",
                                                  "incident-disclosed",
                                                  "recurrence-prevention",
                                                  "prior-period",
                                                  "target-vs-result",
                                                  "pdca",
                                                  "certification",
                                                  "third-party-opinion",
                                                  "framework-alignment",
                                                  "soc-csirt",
                                                  "focus-areas",
                                                  "time-series"};

/* The cue each signal comes from (NULL: none). */
static const char *const kj_sig_cues[S_COUNT] = {"top-management",
                                                 "commitment",
                                                 "strategy-value",
                                                 NULL,
                                                 "kpi",
                                                 "incident-zero",
                                                 "incident-count",
                                                 "incident-occurred",
                                                 "recurrence",
                                                 "prior-period",
                                                 "target-result",
                                                 "pdca",
                                                 "certification",
                                                 "third-party",
                                                 "framework",
                                                 "soc-csirt",
                                                 "focus-area",
                                                 NULL};

/* The signals whose words must be said of the topic (kj_said_of_topic):
 * they praise how security is handled, and their words (社長, 注力,
 * 継続的な改善) are as often said of sales or earthquakes in the same
 * passage. A certification, a SOC or an incident is the topic itself; a
 * figure against the prior year or a target seldom repeats what it counts. */
static const unsigned char kj_sig_on_topic[S_COUNT] = {[S_TOP_MESSAGE] = 1,
                                                       [S_COMMITMENT] = 1,
                                                       [S_STRATEGY_VALUE] = 1,
                                                       [S_PDCA] = 1,
                                                       [S_FOCUS_AREAS] = 1};

/* Per-document state of the P1-P3 pass: cue indices and how often each
 * signal has been given (counted from the signal list as it grows). */
struct kj_pr_state {
    kj_assess_ctx *c;
    int cue[S_COUNT];
    int seen[S_COUNT];
    size_t counted;                        /* signals of c->out already counted into seen */
    const unsigned char *cert, *framework; /* per lexicon term: of that category (may be NULL) */
    int cert_held;                         /* the cert-held cue, or -1 */
    int supposition;                       /* the supposition cue, or -1 */
    /* the run of headings over the passage (kj_passage.headings, which only
     * the first passage under them carries) and its last heading */
    const char *run, *run_of;
    /* the last heading (or run) looked at for a message from the top, and
     * whether it names one: the passages under a heading share it, and a
     * long heading searched again for each of them took time that grew
     * with its length times their number (heading_names_top) */
    const char *top_checked;
    int top_hit;
};
typedef kj_pr_state pr_ctx;

/* How many signals called kj_sig_names[sig] there are so far. */
static int times_seen(pr_ctx *pc, int sig) {
    const kj_assessment *o = pc->c->out;
    for (; pc->counted < o->n_signals; pc->counted++) {
        const char *name = o->signals[pc->counted].name;
        for (int k = 0; k < S_COUNT; k++)
            if (name == kj_sig_names[k] || !strcmp(name, kj_sig_names[k])) {
                pc->seen[k]++;
                break;
            }
    }
    return pc->seen[sig];
}

/* Award signal sig for passage i with evidence span [s, e) of its
 * normalised text. */
static kj_status award(pr_ctx *pc, int sig, int pr, size_t i, size_t s, size_t e, int points) {
    kj_assess_ctx *c = pc->c;
    int seen = times_seen(pc, sig);
    if (seen >= KJ_SIGNAL_REPEAT) return KJ_OK;
    size_t len;
    const char *ev = kj_passage_excerpt(c, &c->a->passages.items[i], s, e, &len);
    return kj_add_signal(c, kj_sig_names[sig], pr, (long)i, ev, len, seen ? points / 2 : points);
}

/* Whether bytes [s, e) of p's normalised text name a message or letter. */
static int names_message(const kj_passage *p, size_t s, size_t e) {
    const char *t = p->norm.text + s;
    size_t n = e - s;
    return memmem(t, n, "メッセージ", strlen("メッセージ")) || memmem(t, n, "message", 7) ||
           memmem(t, n, "letter", 6);
}

/* Whether signal sig asks what the sentence of its words says (said_for). */
static int needs_sentence(int sig) {
    return sig == S_CERTIFICATION || sig == S_RECURRENCE;
}

/* Whether the words at [s, e) of passage i are said where they may fire
 * signal sig (one of needs_sentence's; any other, always):
 * - a standard named as a certification needs its sentence to say it is
 *   held (the cert-held cue: 認証を取得, 認定, "certified", "attestation");
 *   one followed or modelled on ("follows processes outlined in ISO 27001"),
 *   or suppliers' conformance to one, is no certification of the company's;
 * - remediation in a sentence that supposes it (the supposition cue: "the
 *   cost of implementing remediation measures could be significant") is a
 *   cost a risk statement foresees, no measure taken after an incident. */
static int said_for(pr_ctx *pc, int sig, size_t i, size_t s, size_t e) {
    const kj_passage *p = &pc->c->a->passages.items[i];
    if (sig == S_CERTIFICATION) return kj_cue_in_sentence(pc->c, pc->cert_held, p, s, e, 0);
    if (sig == S_RECURRENCE) return !kj_cue_in_sentence(pc->c, pc->supposition, p, s, e, 0);
    return 1;
}

/* The hits of a cue a passage is searched for, at most: each try starts
 * past the sentence of the one before. */
#define KJ_CUE_TRIES 16

/* First hit of signal sig's cue in passage i said where it may fire sig
 * (said_for), as a span. */
static int cue_said_for(pr_ctx *pc, int sig, size_t i, size_t *s, size_t *e) {
    kj_assess_ctx *c = pc->c;
    const kj_passage *p = &c->a->passages.items[i];
    int cue = pc->cue[sig];
    if (cue < 0 || !kj_cue_match(c->cm, cue, p, s, e)) return 0;
    for (int tries = 0; tries < KJ_CUE_TRIES; tries++) {
        if (said_for(pc, sig, i, *s, *e)) return 1;
        size_t a, b, ms, me;
        kj_sentence_around(p->norm.text, p->norm.len, *s, *e, &a, &b);
        if (b >= p->norm.len || !kj_cue_match_from(c->cm, cue, p, b, &ms, &me)) return 0;
        *s = b + ms;
        *e = b + me;
    }
    return 0;
}

/* A cue check: when signal sig's cue matches passage i, award it. *hit (may
 * be NULL when the caller does not need it) tells whether the cue matched;
 * without it, a signal given KJ_SIGNAL_REPEAT times already is not looked
 * for, as it could not be awarded again. */
static kj_status cue_signal(pr_ctx *pc, int sig, int pr, size_t i, int points, int *hit) {
    kj_assess_ctx *c = pc->c;
    int cue = pc->cue[sig];
    size_t s, e;
    if (hit) *hit = 0;
    if (!hit && times_seen(pc, sig) >= KJ_SIGNAL_REPEAT) return KJ_OK;
    const kj_passage *p = &c->a->passages.items[i];
    int found;
    if (needs_sentence(sig)) {
        found = cue_said_for(pc, sig, i, &s, &e);
    } else {
        found = cue >= 0 && kj_cue_match(c->cm, cue, p, &s, &e);
        /* a message from the top as a whole (トップメッセージ, "letter to
         * shareholders") is one wherever security comes in it */
        if (found && kj_sig_on_topic[sig] && !names_message(p, s, e))
            found = kj_cue_match_on_topic(c, cue, i, &s, &e);
    }
    if (!found) return KJ_OK;
    if (hit) *hit = 1;
    return award(pc, sig, pr, i, s, e, points);
}

/* The weight below which a term of category cert only hints at a
 * certification ("準拠", "industry standards", "aligned with": what is
 * complied with may be a rule of the company's own): it names none. */
#define KJ_NAMES_CERT 0.6

/* First lexicon match of a category in passage i of weight at least min,
 * said where it may fire sig (said_for), as a span; mask from
 * kj_category_terms (may be NULL). */
static int lex_category(pr_ctx *pc, int sig, size_t i, const char *cat, const unsigned char *mask,
                        double min, size_t *s, size_t *e) {
    kj_assess_ctx *c = pc->c;
    if (!c->mt || !c->lex) return 0;
    const kj_matches *mt = c->mt;
    const kj_passage *p = &c->a->passages.items[i];
    /* said_for reads the whole sentence, the words included: the other
     * terms of a sentence found wanting are not asked about again (a page
     * can repeat a term a million times) */
    size_t wanting_to = 0;
    for (size_t k = 0; k < mt->n; k++) {
        const kj_match *m = &mt->items[k];
        const kj_term *t = kj_lexicon_term(c->lex, m->term);
        if (m->nstart < wanting_to || !t || t->weight < min ||
            !kj_term_in_category(c->lex, mask, m->term, cat))
            continue;
        if (said_for(pc, sig, i, m->nstart, m->nend)) {
            *s = m->nstart;
            *e = m->nend;
            return 1;
        }
        size_t a;
        kj_sentence_around(p->norm.text, p->norm.len, m->nstart, m->nend, &a, &wanting_to);
    }
    return 0;
}

/* A certification or framework: the lexicon category first (a term that
 * names one), else the cue. */
static kj_status lex_or_cue(pr_ctx *pc, const char *cat, int sig, int pr, size_t i, int points) {
    size_t s, e;
    if (times_seen(pc, sig) >= KJ_SIGNAL_REPEAT) return KJ_OK; /* nothing more to award */
    const unsigned char *mask = sig == S_CERTIFICATION ? pc->cert : pc->framework;
    double min = sig == S_CERTIFICATION ? KJ_NAMES_CERT : 0;
    if (lex_category(pc, sig, i, cat, mask, min, &s, &e) || cue_said_for(pc, sig, i, &s, &e))
        return award(pc, sig, pr, i, s, e, points);
    return KJ_OK;
}

/* Whether passage p could carry a message from the top: a list item, or a
 * paragraph that says something in at least one whole sentence. A table
 * cell, or a line without a sentence end (a row of the officers' careers:
 * 「2019年12月 当社代表取締役社長就任」), only names the office. */
static int can_carry_message(const kj_passage *p) {
    if (p->kind == KJ_BLOCK_LIST_ITEM) return 1;
    if (p->kind != KJ_BLOCK_PARAGRAPH || !p->norm.text) return 0;
    const char *s = p->norm.text;
    size_t n = p->norm.len;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n'))
        n--;
    if (n > 0 && s[n - 1] == '.') return 1;
    for (size_t k = 0; k + 1 < n; k++)
        if ((s[k] == '.' && s[k + 1] == ' ') ||
            (k + 2 < n && !memcmp(s + k, "\xE3\x80\x82", 3))) /* 。 */
            return 1;
    return 0;
}

/* Whether heading h (or a run of headings) names a message from the top
 * (the top-management cue), looked up once for all the passages under it. */
static int heading_names_top(pr_ctx *pc, const char *h) {
    kj_assess_ctx *c = pc->c;
    if (h == pc->top_checked) return pc->top_hit;
    int cue = pc->cue[S_TOP_MESSAGE], hit = 0;
    kj_norm n;
    size_t s, e;
    if (cue >= 0 && kj_normalize(c->scratch, h, strlen(h), &n) == KJ_OK)
        hit = kj_cue_match_str(c->cm, cue, KJ_CUE_IN_HEADING, n.text, n.len, &s, &e);
    pc->top_checked = h;
    pc->top_hit = hit;
    return hit;
}

/* P1: top-management message (also from the heading), commitment, value. */
static kj_status p1_passage(pr_ctx *pc, size_t i) {
    kj_assess_ctx *c = pc->c;
    kj_status st = KJ_OK;
    /* once given, the heading check cannot add it again, and the cue can
     * add it only while it has been given fewer than KJ_SIGNAL_REPEAT times */
    if (times_seen(pc, S_TOP_MESSAGE) < KJ_SIGNAL_REPEAT &&
        can_carry_message(&c->a->passages.items[i])) {
        int hit;
        st = cue_signal(pc, S_TOP_MESSAGE, KJ_P_RELEVANCE, i, 35, &hit);
        const kj_passage *p = &c->a->passages.items[i];
        /* the heading, or all of a run of headings over the passage (「トップ
         * メッセージ」 over 「情報セキュリティについて」), also when it is not
         * the first passage under them */
        const char *h = pc->run ? pc->run : p->heading;
        if (st == KJ_OK && !hit && h && !times_seen(pc, S_TOP_MESSAGE) && heading_names_top(pc, h))
            st = kj_add_signal(c, kj_sig_names[S_TOP_MESSAGE], KJ_P_RELEVANCE, (long)i, h,
                               strlen(h), 35);
    }
    if (st == KJ_OK) st = cue_signal(pc, S_COMMITMENT, KJ_P_RELEVANCE, i, 15, NULL);
    if (st == KJ_OK) st = cue_signal(pc, S_STRATEGY_VALUE, KJ_P_RELEVANCE, i, 20, NULL);
    return st;
}

/* P2: figures, KPIs, incidents and what followed. */
static kj_status p2_passage(pr_ctx *pc, size_t i) {
    kj_assess_ctx *c = pc->c;
    const kj_passage *p = &c->a->passages.items[i];
    kj_status st = KJ_OK;
    int q = times_seen(pc, S_QUANTIFIED);
    if (c->out->spec[i] >= 4 && q < KJ_SIGNAL_REPEAT)
        st = kj_add_signal(c, kj_sig_names[S_QUANTIFIED], KJ_P_FAITHFUL, (long)i, p->text, p->len,
                           q ? 7 : 15);
    if (st == KJ_OK) st = cue_signal(pc, S_KPI, KJ_P_FAITHFUL, i, 20, NULL);
    if (st == KJ_OK) st = cue_signal(pc, S_INCIDENT_ZERO, KJ_P_FAITHFUL, i, 30, NULL);
    if (st == KJ_OK) st = cue_signal(pc, S_INCIDENT_COUNT, KJ_P_FAITHFUL, i, 25, NULL);
    if (st == KJ_OK) st = cue_signal(pc, S_INCIDENT_DISCLOSED, KJ_P_FAITHFUL, i, 20, NULL);
    if (st == KJ_OK) st = cue_signal(pc, S_RECURRENCE, KJ_P_FAITHFUL, i, 15, NULL);
    return st;
}

/* P3: comparability over time and with peers. */
static kj_status p3_passage(pr_ctx *pc, size_t i) {
    kj_assess_ctx *c = pc->c;
    const kj_spec_features *f = &c->feat; /* passage i's */
    /* whether prior-period matched matters for the time series only when
     * the passage has one year, figures, and a time series can still be
     * given; otherwise the cue is looked for only to award it */
    int need_prior = f->years == 1 && f->quantities + f->figures >= 2;
    int prior = 0;
    kj_status st =
        cue_signal(pc, S_PRIOR_PERIOD, KJ_P_COMPARABLE, i, 15, need_prior ? &prior : NULL);
    if (st == KJ_OK) st = cue_signal(pc, S_TARGET_RESULT, KJ_P_COMPARABLE, i, 15, NULL);
    if (st == KJ_OK) st = cue_signal(pc, S_PDCA, KJ_P_COMPARABLE, i, 15, NULL);
    if (st == KJ_OK) st = lex_or_cue(pc, "cert", S_CERTIFICATION, KJ_P_COMPARABLE, i, 20);
    if (st == KJ_OK) st = cue_signal(pc, S_THIRD_PARTY, KJ_P_COMPARABLE, i, 10, NULL);
    if (st == KJ_OK) st = lex_or_cue(pc, "framework", S_FRAMEWORK, KJ_P_COMPARABLE, i, 15);
    if (st == KJ_OK) st = cue_signal(pc, S_SOC_CSIRT, KJ_P_COMPARABLE, i, 15, NULL);
    if (st == KJ_OK) st = cue_signal(pc, S_FOCUS_AREAS, KJ_P_COMPARABLE, i, 10, NULL);
    /* figures for two periods side by side: comparable over time */
    int periods = f->years >= 2 || (prior && f->years >= 1);
    int ts = times_seen(pc, S_TIME_SERIES);
    if (st == KJ_OK && periods && f->quantities + f->figures >= 2 && ts < KJ_SIGNAL_REPEAT) {
        const kj_passage *p = &c->a->passages.items[i];
        st = kj_add_signal(c, kj_sig_names[S_TIME_SERIES], KJ_P_COMPARABLE, (long)i, p->text,
                           p->len, ts ? 7 : 15);
    }
    return st;
}

/* Document-level P1 signals from coverage: a stated policy, key areas. */
static kj_status p1_document(kj_assess_ctx *c) {
    kj_assessment *o = c->out;
    int e12 = kj_element_parse("1.2"), e13 = kj_element_parse("1.3");
    kj_status st = KJ_OK;
    if (o->elements[e12].level >= 2)
        st = kj_add_signal(c, "policy-stated", KJ_P_RELEVANCE, (long)o->elements[e12].passages[0],
                           "1.2", 3, 10);
    if (st == KJ_OK && o->elements[e13].level >= 2)
        st = kj_add_signal(c, "key-area-policy", KJ_P_RELEVANCE, (long)o->elements[e13].passages[0],
                           "1.3", 3, 10);
    return st;
}

/* The passages within which a PDCA cycle laid out as sections is looked
 * for: from the one under its Plan to the one under its Act. */
#define KJ_PDCA_SPAN 16

/* The step of the PDCA cycle (0 Plan, 1 Do, 2 Check, 3 Act or Action) that
 * the line at s names first, after the marks and brackets before its first
 * Latin letter (●Plan（…）, 【Do】), or -1. */
static int pdca_step(const char *s) {
    if (!s) return -1;
    size_t i = 0;
    while (s[i] && s[i] != '\n' && i < 16 && !kj_cp_in(s[i] | 0x20, 'a', 'z'))
        i++;
    static const char *const step[] = {"plan", "do", "check", "action", "act"};
    for (int k = 0; k < 5; k++) {
        size_t n = strlen(step[k]);
        if (strncasecmp(s + i, step[k], n) == 0 && !kj_cp_in(s[i + n] | 0x20, 'a', 'z'))
            return k < 4 ? k : 3;
    }
    return -1;
}

/* The line after the one at h in a '\n'-joined run of headings, or NULL. */
static const char *next_heading(const char *h) {
    h = strchr(h, '\n');
    return h ? h + 1 : NULL;
}

/* The steps the headings over passage i (all of a run of them) and its first
 * words name, in order, into step[] (room for max); returns how many. */
static int pdca_steps_at(const kj_passages *ps, size_t i, int *step, int max) {
    const kj_passage *p = &ps->items[i];
    int n = 0;
    if (p->headings) {
        for (const char *h = p->headings; h && n < max; h = next_heading(h))
            if ((step[n] = pdca_step(h)) >= 0) n++;
    } else if (p->heading && (i == 0 || p->heading != ps->items[i - 1].heading) && n < max) {
        if ((step[n] = pdca_step(p->heading)) >= 0) n++;
    }
    if (n < max && (step[n] = pdca_step(p->text)) >= 0) n++;
    return n;
}

/* Award pdca to passage i, p, with the line that names Plan as evidence
 * (the heading of the run, the passage's heading or its text; at most 120
 * bytes, cut at a character's start). */
static kj_status pdca_award(kj_assess_ctx *c, const kj_passage *p, size_t i) {
    const char *ev = p->text;
    if (pdca_step(p->heading) == 0) ev = p->heading;
    for (const char *h = p->headings; h; h = next_heading(h))
        if (pdca_step(h) == 0) {
            ev = h;
            break;
        }
    size_t len = strcspn(ev, "\n");
    if (len > 120) {
        len = 120;
        while (len > 0 && ((unsigned char)ev[len] & 0xC0) == 0x80)
            len--;
    }
    return kj_add_signal(c, kj_sig_names[S_PDCA], KJ_P_COMPARABLE, (long)i, ev, len, 15);
}

/* The PDCA cycle laid out as labelled sections (●Plan … ●Do … ●Check …
 * ●Action …, each a heading or a passage's first word) rather than said in
 * one passage, which is all the pdca cue can see: Plan, Do, Check and Act
 * named in that order within KJ_PDCA_SPAN passages, one of them about the
 * topic. Awarded once, to the passage under Plan, when no passage has said
 * it. */
static kj_status pdca_sections(pr_ctx *pc) {
    kj_assess_ctx *c = pc->c;
    const kj_passages *ps = &c->a->passages;
    if (times_seen(pc, S_PDCA) > 0) return KJ_OK;
    for (size_t i = 0; i < ps->n; i++) {
        int step[8], n = pdca_steps_at(ps, i, step, 8), next = 0, on_topic = 0;
        int k = 0;
        while (k < n && step[k] != 0)
            k++;
        if (k == n) continue; /* no Plan here */
        for (size_t j = i; j < ps->n && j <= i + KJ_PDCA_SPAN && next < 4; j++) {
            if (j > i) {
                n = pdca_steps_at(ps, j, step, 8);
                k = 0;
            }
            for (; k < n && next < 4; k++)
                if (step[k] == next) next++;
            on_topic |= c->relevant[j];
        }
        if (next == 4 && on_topic) return pdca_award(c, &ps->items[i], i);
    }
    return KJ_OK;
}

/* Sum the signals of principle p into 0..100. */
static int total(const kj_assessment *o, int p) {
    int t = 0;
    for (size_t i = 0; i < o->n_signals; i++)
        if (o->signals[i].principle == p) t += o->signals[i].points;
    return t < 0 ? 0 : t > 100 ? 100 : t;
}

kj_status kj_principles_start(kj_assess_ctx *c) {
    pr_ctx *pc = kj_arena_alloc(c->arena, sizeof *pc);
    if (!pc) return KJ_ERR_NOMEM;
    pc->c = c;
    for (int k = 0; k < S_COUNT; k++)
        pc->cue[k] = kj_sig_cues[k] ? kj_cue_find(c->d, kj_sig_cues[k]) : -1;
    pc->cert = kj_category_terms(c->arena, c->lex, "cert");
    pc->framework = kj_category_terms(c->arena, c->lex, "framework");
    pc->cert_held = kj_cue_find(c->d, "cert-held");
    pc->supposition = kj_cue_find(c->d, "supposition");
    c->pr = pc;
    return KJ_OK;
}

/* P1-P3 signals of passage i (relevant passages only). */
kj_status kj_principles_passage(kj_assess_ctx *c, size_t i) {
    const kj_passage *p = &c->a->passages.items[i];
    if (p->headings || p->heading != c->pr->run_of) /* a new heading, or run of them */
        c->pr->run = p->headings, c->pr->run_of = p->heading;
    if (!c->relevant[i]) {
        /* the classifier may place no item on a bare report of an attack
         * (「…サイバー攻撃により一部の工場で生産が停止しました。」), but a
         * passage that names the topic and says an incident occurred, or
         * that none did, still tells readers so */
        const kj_classification *cls = c->a->cls ? &c->a->cls[i] : NULL;
        if (!cls || !cls->on_topic) return KJ_OK;
        kj_status st = cue_signal(c->pr, S_INCIDENT_ZERO, KJ_P_FAITHFUL, i, 30, NULL);
        if (st == KJ_OK) st = cue_signal(c->pr, S_INCIDENT_DISCLOSED, KJ_P_FAITHFUL, i, 20, NULL);
        return st;
    }
    kj_status st = p1_passage(c->pr, i);
    if (st == KJ_OK) st = p2_passage(c->pr, i);
    if (st == KJ_OK) st = p3_passage(c->pr, i);
    return st;
}

kj_status kj_assess_principles(kj_assess_ctx *c) {
    kj_status st = p1_document(c);
    if (st == KJ_OK) st = pdca_sections(c->pr);
    for (int p = 0; p <= KJ_P_COMPARABLE; p++)
        c->out->principles[p] = total(c->out, p);
    return st;
}

int kj_principle_total(const kj_assessment *o, int p) {
    return total(o, p);
}
