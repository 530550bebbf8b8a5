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

#endif
