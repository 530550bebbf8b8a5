/*
 * topic.c - whether a passage names the cybersecurity topic at all.
 *
 * The classifier learns how disclosures are worded, and much of that wording
 * (risk statements, committees, drills, plans, monitoring, backups) is shared
 * with passages about disasters, pandemics, markets or product quality. On
 * whole filings that wording alone made hundreds of such passages "relevant".
 * A passage is therefore only about cybersecurity when it, or the heading it
 * sits under, names the topic with a term of the cyber lexicon
 * (data/lexicon/cyber.tsv): the rule is explainable and the term is the
 * evidence for it. A light topic term (流出, 脅威, クラウド, "IT systems") has
 * everyday senses as well, so it names the topic only beside a second one
 * in the same sentence (in a long table row or paragraph, "脅威" and
 * "ネットワーク" sentences apart were words of two other subjects);
 * and a light term that names an IT asset (category "asset": クラウド,
 * データセンター, "information systems") only beside a light term of another
 * kind. Two asset terms together are how a cloud or data-centre business, an
 * ERP project or a segment report reads (on the shared corpus such pairs
 * flagged eight passages, none about cybersecurity).
 * A topic word inside a phrase of the offtopic category
 * ("新型コロナウイルス", "food security") does not count: there the word has
 * another sense. Nor does one that is an entry of a list of other subjects
 * (a bank's list of the risks it manages: listed.c): there it is named in
 * passing.
 *
 * How sure the naming is matters under a heading about another subject (a
 * risk section's "（8）自然災害", data/lexicon/unrelated.tsv): there a word of
 * several senses is a passing mention, and only a sure term (weight >= 0.9,
 * or an outage of IT systems, which the labelling convention counts) names
 * the topic (KJ_TOPIC_SURE; the classifier decides, classify.c).
 */

#include <stdint.h>
#include <stdlib.h>

#include "kaiji/match.h"

/* Whether a term of mt's matches is of the kind is tells. */
static int any_match(const kj_lexicon *lex, const kj_matches *mt, int (*is)(const kj_term *)) {
    for (size_t i = 0; i < mt->n; i++)
        if (is(kj_lexicon_term(lex, mt->items[i].term))) return 1;
    return 0;
}

int kj_term_is_asset(const kj_term *t) {
    return t && t->kind == KJ_KIND_ASSET;
}

int kj_term_is_unrelated(const kj_term *t) {
    return t && t->kind == KJ_KIND_UNRELATED;
}

int kj_term_is_xref(const kj_term *t) {
    return t && t->kind == KJ_KIND_XREF;
}

int kj_matches_have_xref(const kj_lexicon *lex, const kj_matches *mt) {
    return any_match(lex, mt, kj_term_is_xref);
}

int kj_matches_name_unrelated(const kj_lexicon *lex, const kj_matches *mt) {
    return any_match(lex, mt, kj_term_is_unrelated);
}

int kj_term_is_outage(const kj_term *t) {
    return t && t->kind == KJ_KIND_OUTAGE;
}

int kj_term_is_sense(const kj_term *t) {
    return t && t->kind == KJ_KIND_SENSE;
}

int kj_term_is_physical(const kj_term *t) {
    return t && t->kind == KJ_KIND_PHYSICAL;
}

int kj_term_is_named(const kj_term *t) {
    return t && t->kind == KJ_KIND_NAMED;
}

int kj_term_is_topic(const kj_term *t) {
    return t && t->weight >= KJ_TOPIC_MIN_WEIGHT &&
           (t->kind == KJ_KIND_CYBER || t->kind == KJ_KIND_SENSE || t->kind == KJ_KIND_NAMED ||
            t->kind == KJ_KIND_ASSET || t->kind == KJ_KIND_OUTAGE);
}

static int is_offtopic(const kj_term *t) {
    return t && t->kind == KJ_KIND_OFFTOPIC;
}

/* How far offtopic phrases reach among the matches before the one asked
 * about (covered): the largest end of an offtopic match starting before
 * matches[pos]. Asked in order of the matches, so the walk is linear. */
typedef struct {
    size_t pos;
    uint32_t reach;
} offtopic_reach;

/* Whether match i lies inside an offtopic phrase among mt's matches (a
 * "virus" inside "coronavirus"): one starting at or before it (matches are
 * sorted by start) that ends at or after it. */
static int covered(const kj_lexicon *lex, const kj_matches *mt, size_t i, offtopic_reach *r) {
    const kj_match *m = &mt->items[i];
    for (; r->pos < mt->n && mt->items[r->pos].nstart < m->nstart; r->pos++)
        if (is_offtopic(kj_lexicon_term(lex, mt->items[r->pos].term)) &&
            mt->items[r->pos].nend > r->reach)
            r->reach = mt->items[r->pos].nend;
    if (r->reach >= m->nend) return 1;
    for (size_t j = r->pos; j < mt->n && mt->items[j].nstart == m->nstart; j++)
        if (j != i && mt->items[j].nend >= m->nend &&
            is_offtopic(kj_lexicon_term(lex, mt->items[j].term)))
            return 1;
    return 0;
}

/* Beside a data centre or information systems, cameras and guards are the
 * physical protection of IT, which is on the topic. */
int kj_matches_speak_of_physical_security(const kj_lexicon *lex, const kj_matches *mt) {
    if (!any_match(lex, mt, kj_term_is_physical)) return 0;
    offtopic_reach reach = {0, 0};
    for (size_t i = 0; i < mt->n; i++)
        if (kj_term_is_asset(kj_lexicon_term(lex, mt->items[i].term)) &&
            !covered(lex, mt, i, &reach))
            return 0;
    return 1;
}

/* A topic term that names security itself, not an IT asset or an outage:
 * what makes an entry of a list one about security (kj_matches_listed). */
static int names_security(const kj_term *t) {
    return kj_term_is_topic(t) && !kj_term_is_asset(t) && !kj_term_is_outage(t);
}

/* Set *why to the n matches of m (n is 1 or 2) that named the topic. */
static void named_by(kj_topic_terms *why, int n, size_t m0, size_t m1) {
    if (!why) return;
    why->n = n;
    why->match[0] = m0;
    why->match[1] = m1;
}

/* Which of mt's matches are entries of a list of other subjects
 * (kj_matches_listed), worked out when first asked: listed (a heap array of
 * mt->n, or NULL when out of memory, and then none counts as listed) holds
 * the answer for the first `decided` matches. The first question reads the
 * text only up to the end of the asking match's sentence or clause (most
 * passages name the topic for sure in their first sentences, and then no
 * later match is asked about); a later one beyond that reads it whole. */
typedef struct {
    unsigned char *listed;
    size_t decided;
    int asked;
} listed_memo;

static int is_listed(listed_memo *lm, const kj_lexicon *lex, const kj_passage *p,
                     const kj_matches *mt, size_t i) {
    if (i >= lm->decided && lm->asked < 2) {
        size_t upto = lm->asked++ ? p->norm.len : mt->items[i].nend;
        if (!lm->listed) lm->listed = malloc(mt->n);
        long decided = lm->listed ? kj_matches_listed(p->norm.text, p->norm.len, lex, mt,
                                                      names_security, upto, lm->listed)
                                  : -1;
        if (decided < 0) {
            free(lm->listed);
            lm->listed = NULL;
            lm->asked = 2;
        } else {
            lm->decided = (size_t)decided;
        }
    }
    return lm->listed && i < lm->decided && lm->listed[i];
}

/* Where the sentence that the byte at from lies in ends in the normalised
 * text s (len bytes): the first 。, ! or ?, full stop before a space (not an
 * abbreviation's, kj_stop_is_abbreviation), line break or table cell mark
 * at or after from, or len. Two light terms name
 * the topic together only within one sentence, not as words of two
 * subjects in a long table or paragraph. */
static size_t sentence_end(const char *s, size_t len, size_t from) {
    for (size_t i = from; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n' || c == '|' || c == '!' || c == '?' ||
            (c == '.' && i + 1 < len && s[i + 1] == ' ' && !kj_stop_is_abbreviation(s, i)))
            return i;
        if (c == 0xE3 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] == 0x82)
            return i; /* 。 */
    }
    return len;
}

/* A match that a later one may pair with (the last light or asset term):
 * its index and where its sentence ends, found when first asked (SIZE_MAX
 * till then), so a run of later terms does not scan the text again. */
typedef struct {
    size_t at, end;
} pair_from;

static void pair_set(pair_from *f, size_t at) {
    f->at = at;
    f->end = SIZE_MAX;
}

/* Whether match b of mt starts in the sentence of f's match (p's text). */
static int near(const kj_passage *p, const kj_matches *mt, pair_from *f, size_t b) {
    if (f->end == SIZE_MAX) f->end = sentence_end(p->norm.text, p->norm.len, mt->items[f->at].nend);
    return mt->items[b].nstart <= f->end;
}

/* kj_matches_have_topic, leaving out the bare words for security
 * (kj_term_is_sense) when skip_sense. */
static int have_topic(const kj_lexicon *lex, const kj_passage *p, const kj_matches *mt,
                      kj_topic_terms *why, int skip_sense) {
    int seen_light = 0, seen_asset = 0, named = 0, sure = 0;
    unsigned light = 0;           /* the light non-asset term seen, when seen_light */
    pair_from light_at, asset_at; /* the last light non-asset and asset matches */
    pair_set(&light_at, 0);
    pair_set(&asset_at, 0);
    listed_memo lm = {NULL, 0, 0};
    offtopic_reach reach = {0, 0};
    named_by(why, 0, 0, 0);
    for (size_t i = 0; i < mt->n && !sure; i++) {
        unsigned id = mt->items[i].term;
        const kj_term *t = kj_lexicon_term(lex, id);
        if (!kj_term_is_topic(t) || (skip_sense && kj_term_is_sense(t)) ||
            covered(lex, mt, i, &reach))
            continue;
        if (kj_term_is_outage(t)) {
            named_by(why, 1, i, i);
            sure = 1;
            continue;
        }
        if (!kj_term_is_asset(t) && is_listed(&lm, lex, p, mt, i)) continue;
        if (t->weight >= KJ_TOPIC_SURE_WEIGHT) {
            named_by(why, 1, i, i);
            sure = 1;
            continue;
        }
        if (named) continue; /* only a sure term can say more */
        if (kj_term_is_asset(t)) {
            named = seen_light && near(p, mt, &light_at, i);
            if (named) named_by(why, 2, light_at.at, i);
            seen_asset = 1;
            pair_set(&asset_at, i);
            continue;
        }
        if (t->weight >= KJ_TOPIC_STRONG_WEIGHT) {
            named = 1;
            named_by(why, 1, i, i);
        } else if (seen_asset && near(p, mt, &asset_at, i)) {
            named = 1;
            named_by(why, 2, asset_at.at, i);
        } else if (seen_light && id != light && near(p, mt, &light_at, i)) {
            named = 1;
            named_by(why, 2, light_at.at, i);
        }
        seen_light = 1;
        light = id;
        pair_set(&light_at, i);
    }
    free(lm.listed);
    return sure ? KJ_TOPIC_SURE : named ? KJ_TOPIC_NAMED : 0;
}

int kj_matches_have_topic(const kj_lexicon *lex, const kj_passage *p, const kj_matches *mt,
                          kj_topic_terms *why) {
    return have_topic(lex, p, mt, why, kj_matches_speak_of_physical_security(lex, mt));
}

int kj_matches_name_more_than_sense(const kj_lexicon *lex, const kj_passage *p,
                                    const kj_matches *mt) {
    return have_topic(lex, p, mt, NULL, 1) != 0;
}
