/*
 * spec.c - specificity of one passage, 1..4, as LABELING.md defines it:
 *   1 boilerplate (could be pasted into any company's report),
 *   2 names a measure, body or structure generically,
 *   3 company-specific detail (named bodies or programmes, scope, frequency,
 *     dates, named frameworks and certifications),
 *   4 quantified, checkable facts (counts, percentages, amounts, durations).
 * The level is the highest one whose evidence is present, counted only when
 * the passage names a measure (a lexicon term of a measure, body or
 * structure category strong enough to be specific): a risk statement with a
 * date or a head count still describes nothing the company does. A passage
 * that is not about cybersecurity at all (per its classification) is
 * boilerplate for the purpose of the disclosure. Features come from
 * spec_scan.c.
 */
#include "assess_internal.h"

/* Does the classification say the passage describes a measure (any item but
 * the bare risk statement of item 4, or 4's risk-assessment element)? */
static int names_measure(const kj_classification *cls) {
    for (int i = 0; i < cls->n_items; i++)
        if (cls->items[i] != 4) return 1;
    int e42 = kj_element_parse("4.2");
    for (int i = 0; i < cls->n_elements; i++)
        if (cls->elements[i] == e42) return 1;
    return 0;
}

/* Points of company-specific detail; 2 points make level 3. */
static int detail_points(const kj_spec_features *f) {
    int pts = 0;
    pts += 2 * (f->quoted > 0) + (f->quoted > 1);
    pts += 2 * (f->frequencies > 0);
    pts += 2 * (f->certs > 0) + 2 * (f->frameworks > 0);
    pts += 2 * (f->named > 0) + (f->named_en > 0) + (f->named_en > 2);
    pts += (f->notes + f->expansions > 0) + (f->notes + f->expansions > 1);
    pts += (f->years > 0) + (f->years > 1);
    pts += f->scope > 0;
    return pts;
}

int kj_spec_from_features(const kj_spec_features *f, const kj_passage *p,
                          const kj_classification *cls) {
    (void)p;
    int relevant = cls ? (cls->n_items > 0 || cls->primary > 0) : 1;
    if (!relevant) return 1;
    /* a measure is named when a specific lexicon term names it; without
     * lexicon matches, when the classifier finds more than a risk statement */
    int measure =
        f->measures > 0 || f->weak_measures >= 2 || (!f->lexicon && cls && names_measure(cls));
    int quantified = f->quantities > 0 || f->figures > 0;
    /* counts of incidents or KPI results are checkable facts in themselves */
    if (quantified && (measure || f->outcomes > 0)) return 4;
    if (!measure) return 1; /* a risk statement, however detailed, describes no measure */
    if (detail_points(f) >= 2) return 3;
    return 2;
}

int kj_passage_spec(const kj_passage *p, const kj_matches *mt, const kj_lexicon *lex,
                    const kj_classification *cls) {
    if (!p) return 1;
    kj_spec_features f;
    kj_spec_scan(p, mt, lex, &f);
    return kj_spec_from_features(&f, p, cls);
}
