/*
 * render_internal.h - helpers shared by the renderers. Not a public header.
 */
#ifndef KAIJI_RENDER_INTERNAL_H
#define KAIJI_RENDER_INTERNAL_H

#include "kaiji/render.h"

/* "p.12 “(3) 情報セキュリティ”", "§0102010 line 40 “③ …”", "line 120",
 * "§Item 1C. Cybersecurity “Governance”" or "passage 7" (see location.c). Returns 1 when the
 * location names the passage's own run-in heading (p->lead), which an excerpt then need not repeat.
 */
int kj_render_location(const kj_passage *p, char *out, size_t outsz);

/* Room for any location kj_render_location writes: a section and a heading
 * of 40 characters each (up to 4 bytes a character), marks and a page. */
#define KJ_LOCATION_MAX 400

/* Byte offset in p->text just past its run-in heading and the separator
 * after it (". ", ": ", a dash and spaces), or 0 when p has none. */
size_t kj_render_after_lead(const kj_passage *p);

#endif
