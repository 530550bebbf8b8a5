/*
 * location.c - how a passage's place in its source is written for people:
 * "p.12" for PDF pages, "§0102010" for EDINET sections (or DOCX/HTML part
 * names), "line 120" for HTML and text, and where the source has none of
 * these (an HTML filing written on a few long lines) the heading the
 * passage sits under: “Governance”. Shared by every renderer.
 */
#include <stdio.h>
#include <string.h>

#include "render_internal.h"

/* The heading in curly quotes, cut after KJ_LOCATION_HEADING characters
 * (at a character boundary, with an ellipsis) and to fit outsz. */
#define KJ_LOCATION_HEADING 40
static void heading_location(const char *h, char *out, size_t outsz) {
    size_t len = strlen(h), done;
    size_t cut = kj_utf8_skip(h, len, KJ_LOCATION_HEADING, &done);
    size_t room = outsz > 16 ? outsz - 16 : 0; /* quotes, ellipsis, NUL */
    while (cut > room)
        cut--;
    while (cut > 0 && ((unsigned char)h[cut] & 0xC0) == 0x80)
        cut--;
    snprintf(out, outsz, "“%.*s%s”", (int)cut, h, cut < len ? "…" : "");
}

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
    else if (p->heading && *p->heading)
        heading_location(p->heading, out, outsz);
    else
        snprintf(out, outsz, "passage %zu", p->index + 1);
}
