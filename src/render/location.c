/*
 * location.c - how a passage's place in its source is written for people:
 * "p.12" for PDF pages, "§0102010" for EDINET sections (or DOCX/HTML part
 * names, or the item of a US filing: "§Item 1C. Cybersecurity"), "line 120"
 * for HTML and text, and where the source has none of these (an HTML filing
 * written on a few long lines) the run-in heading the passage opens with
 * or follows, else the heading it sits under: “Governance”. Long names are
 * cut at 40 characters. Shared by every renderer.
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

int kj_render_location(const kj_passage *p, char *out, size_t outsz) {
    char sec[160] = "", at[160] = "";
    int lead = 0;
    if (p->section) clipped(p->section, "§", "", sec, sizeof sec);
    if (p->page > 0) {
        snprintf(at, sizeof at, "p.%d", p->page);
    } else if (p->line > 0) {
        snprintf(at, sizeof at, "line %d", p->line);
    } else if (p->lead) {
        clipped(p->lead, "“", "”", at, sizeof at);
        lead = 1;
    } else if (p->heading && *p->heading) {
        clipped(p->heading, "“", "”", at, sizeof at);
    }
    if (*sec || *at)
        snprintf(out, outsz, "%s%s%s", sec, *sec && *at ? " " : "", at);
    else
        snprintf(out, outsz, "passage %zu", p->index + 1);
    return lead;
}

size_t kj_render_after_lead(const kj_passage *p) {
    if (!p->lead || !p->text) return 0;
    size_t n = strlen(p->lead);
    const char *at = NULL;
    for (size_t i = 0; i + n <= p->len && i < 8 && !at; i++)
        if (memcmp(p->text + i, p->lead, n) == 0) at = p->text + i;
    if (!at) return 0;
    size_t k = (size_t)(at - p->text) + n;
    /* the separator: spaces, full stop, colon, hyphen, en or em dash */
    while (k < p->len) {
        if (p->text[k] == ' ' || p->text[k] == '.' || p->text[k] == ':' || p->text[k] == '-')
            k++;
        else if (k + 2 < p->len && memcmp(p->text + k, "\xE2\x80", 2) == 0 &&
                 ((unsigned char)p->text[k + 2] == 0x93 || (unsigned char)p->text[k + 2] == 0x94))
            k += 3;
        else
            break;
    }
    return k < p->len ? k : 0;
}
