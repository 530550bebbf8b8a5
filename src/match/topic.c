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
 * evidence for it.
 */
#include <string.h>

#include "kaiji/match.h"

int kj_term_is_topic(const kj_term *t) {
    return t && t->weight >= KJ_TOPIC_MIN_WEIGHT && strcmp(t->category, "cyber") == 0;
}

int kj_matches_have_topic(const kj_lexicon *lex, const kj_matches *mt) {
    for (size_t i = 0; i < mt->n; i++)
        if (kj_term_is_topic(kj_lexicon_term(lex, mt->items[i].term))) return 1;
    return 0;
}
