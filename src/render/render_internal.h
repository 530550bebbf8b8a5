/*
 * render_internal.h - helpers shared by the renderers. Not a public header.
 */
#ifndef KAIJI_RENDER_INTERNAL_H
#define KAIJI_RENDER_INTERNAL_H

#include "kaiji/render.h"

/* "p.12", "§0102010 line 40", "line 120", "“Governance”" or "passage 7"
 * (see location.c). Returns 1 when the location names the passage's own
 * run-in heading (p->lead), which an excerpt then need not repeat. */
int kj_render_location(const kj_passage *p, char *out, size_t outsz);

/* Byte offset in p->text just past its run-in heading and the separator
 * after it (". ", ": ", a dash and spaces), or 0 when p has none. */
size_t kj_render_after_lead(const kj_passage *p);

#endif
