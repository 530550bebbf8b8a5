/*
 * render_internal.h - helpers shared by the renderers. Not a public header.
 */
#ifndef KAIJI_RENDER_INTERNAL_H
#define KAIJI_RENDER_INTERNAL_H

#include "kaiji/render.h"

/* "p.12", "§0102010 line 40", "line 120", "“Governance”" or "passage 7"
 * (see location.c). */
void kj_render_location(const kj_passage *p, char *out, size_t outsz);

#endif
