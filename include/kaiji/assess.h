/*
 * kaiji/assess.h - the fifth stage: judge an analysed document the way a
 * reviewer applying the MIC 2019 guide would: coverage per item and element,
 * specificity per passage, the five disclosure principles with the signals
 * that moved them, the document type and what it is expected to carry,
 * suggestions, a stakeholder view, and the sensitivity lint (details that
 * help an attacker, weighted toward items 4, 5, 7, 8 and 9).
 *
 * Input is a kj_doc_analysis (classify.h); nothing here reaches back into
 * ingest or match internals.
 */
#ifndef KAIJI_ASSESS_H
#define KAIJI_ASSESS_H

#include "kaiji/classify.h"

/* ==== Section A: coverage, specificity, principles, suggestions ======= */
/* (owned by the assessment work; declarations go here) */

/* ==== Section B: sensitivity lint ===================================== */
/* (owned by the lint work; declarations go here) */

#endif
