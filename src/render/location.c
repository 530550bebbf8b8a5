/*
 * location.c - how a passage's place in its source is written for people:
 * "p.12" for PDF pages, "§0102010" for EDINET sections (or DOCX/HTML part
 * names, or the item of a US filing: "§Item 1C. Cybersecurity"), "line 120"
 * for HTML and text, and where the source has none of these (an HTML filing
 * written on a few long lines) the heading the passage sits under:
 * “Governance”. Long names are cut at 40 characters. Shared by every
 * renderer.
 */
#include <stdio.h>
#include <string.h>

#include "render_internal.h"

/* Up to KJ_LOCATION_CHARS characters of s (cut at a character boundary,
 * with an ellipsis; a trailing colon dropped: "Item 1A. Risk Factors:")
 * between open and close, into out (outsz bytes). */
#define KJ_LOCATION_CHARS 40
static void clipped(const char *s, const char *open, const char *close, char *out, size_t outsz) {
    size_t len = strlen(s), done;
    while (len > 0 && (s[len - 1] == ':' || s[len - 1] == ' '))
        len--;
    size_t cut = kj_utf8_skip(s, len, KJ_LOCATION_CHARS, &done);
    size_t room = outsz > 16 ? outsz - 16 : 0; /* marks, ellipsis, NUL */
    while (cut > room)
        cut--;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    snprintf(out, outsz, "%s%.*s%s%s", open, (int)cut, s, cut < len ? "…" : "", close);
}

void kj_render_location(const kj_passage *p, char *out, size_t outsz) {
    char sec[160] = "", at[160] = "";
    if (p->section) clipped(p->section, "§", "", sec, sizeof sec);
    if (p->page > 0)
        snprintf(at, sizeof at, "p.%d", p->page);
    else if (p->line > 0)
        snprintf(at, sizeof at, "line %d", p->line);
    else if (p->heading && *p->heading)
        clipped(p->heading, "“", "”", at, sizeof at);
    if (*sec || *at)
        snprintf(out, outsz, "%s%s%s", sec, *sec && *at ? " " : "", at);
    else
        snprintf(out, outsz, "passage %zu", p->index + 1);
}
