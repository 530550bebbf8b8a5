/*
 * render_internal.h - helpers shared by the renderers. Not a public header.
 */
#ifndef KAIJI_RENDER_INTERNAL_H
#define KAIJI_RENDER_INTERNAL_H

#include "kaiji/render.h"

/* Byte offset in p->text just past its run-in heading and the separator
 * after it (". ", ": ", a dash and spaces), or 0 when p has none (or does
 * not open with it). An excerpt starts there when kj_render_location named
 * the run-in heading. */
size_t kj_render_after_lead(const kj_passage *p);

/* How many of the ten items a covers: those with a passage (the summary's
 * "items covered: N of 10"). */
static inline int kj_render_items_covered(const kj_doc_analysis *a) {
    int covered = 0;
    for (int it = 1; it <= KJ_N_ITEMS; it++)
        covered += a->item_passages[it] > 0;
    return covered;
}

#endif
