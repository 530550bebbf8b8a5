/*
 * location.c - how a passage's place in its source is written for people:
 * "p.12" for PDF pages, "§0102010" for EDINET sections (or DOCX/HTML part
 * names), "line 120" for HTML and text, shared by every renderer.
 */
#include <stdio.h>

#include "render_internal.h"

void kj_render_location(const kj_passage *p, char *out, size_t outsz) {
    if (p->page > 0 && p->section)
        snprintf(out, outsz, "§%s p.%d", p->section, p->page);
    else if (p->page > 0)
        snprintf(out, outsz, "p.%d", p->page);
    else if (p->section && p->line > 0)
        snprintf(out, outsz, "§%s line %d", p->section, p->line);
    else if (p->section)
        snprintf(out, outsz, "§%s", p->section);
    else if (p->line > 0)
        snprintf(out, outsz, "line %d", p->line);
    else
        snprintf(out, outsz, "passage %zu", p->index + 1);
}
