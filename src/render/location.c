/*
 * location.c - how a passage's place in its source is written for people:
 * the section ("§0102010 事業の状況" for EDINET sections, "§footnotes" in a DOCX, or
 * the item of a US filing: "§Item 1C. Cybersecurity"), then "p.12" in a
 * PDF or "line 120" in HTML and text (an HTML filing written on a few long
 * lines has none), then the run-in heading the passage opens with or
 * follows, else the heading it sits under: “③ サイバーセキュリティに関する
 * リスク”, “Governance”. Readers find a passage by its heading. Long names
 * are cut at 40 characters. Shared by every renderer.
 */
#include <stdio.h>
#include <string.h>

#include "render_internal.h"

/* Up to KJ_LOCATION_CHARS characters of s (cut after a whole character,
 * its combining marks kept, with an ellipsis; a trailing colon dropped:
 * "Item 1A. Risk Factors:")
 * between open and close, into out (outsz bytes). */
#define KJ_LOCATION_CHARS 40

/* The largest cut <= at that does not split a character of s. */
static size_t char_boundary(const char *s, size_t at) {
    while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80)
        at--;
    return at;
}

/* A string being written into a fixed buffer of cap bytes (cap > 0): what
 * does not fit is cut off, byte by byte, and it stays NUL-terminated, as
 * snprintf leaves it. Locations are written for every passage output, so
 * they are put together here rather than by snprintf. */
typedef struct {
    char *out;
    size_t n, cap;
} loc_buf;

/* Append the n bytes at s to b (as much as fits). */
static void loc_put(loc_buf *b, const char *s, size_t n) {
    size_t room = b->cap - 1 - b->n;
    if (n > room) n = room;
    memcpy(b->out + b->n, s, n);
    b->n += n;
    b->out[b->n] = '\0';
}

/* Append the NUL-terminated s to b. */
static void loc_puts(loc_buf *b, const char *s) {
    loc_put(b, s, strlen(s));
}

static void clipped(const char *s, const char *open, const char *close, char *out, size_t outsz) {
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == ':' || s[len - 1] == ' '))
        len--;
    size_t cut = kj_utf8_cut(s, len, KJ_LOCATION_CHARS); /* the 40th with its marks */
    size_t room = outsz > 16 ? outsz - 16 : 0;           /* marks, ellipsis, NUL */
    cut = char_boundary(s, cut < room ? cut : room);
    loc_buf b = {out, 0, outsz};
    out[0] = '\0';
    loc_puts(&b, open);
    loc_put(&b, s, cut);
    loc_puts(&b, cut < len ? "…" : "");
    loc_puts(&b, close);
}

/* "<prefix><n>" into at (atsz bytes), as snprintf("%s%d") writes it. */
static void numbered(char *at, size_t atsz, const char *prefix, int n) {
    char digits[KJ_INT_CHARS + 1];
    size_t k = kj_format_int(digits, n);
    loc_buf b = {at, 0, atsz};
    at[0] = '\0';
    loc_puts(&b, prefix);
    loc_put(&b, digits, k);
}

int kj_render_location(const kj_passage *p, char *out, size_t outsz) {
    char sec[160] = "", at[32] = "", hd[160] = "";
    int lead = 0;
    if (p->section) clipped(p->section, "§", "", sec, sizeof sec);
    if (p->page > 0)
        numbered(at, sizeof at, "p.", p->page);
    else if (p->line > 0)
        numbered(at, sizeof at, "line ", p->line);
    if (p->lead) {
        clipped(p->lead, "“", "”", hd, sizeof hd);
        lead = 1;
    } else if (p->heading && *p->heading) {
        clipped(p->heading, "“", "”", hd, sizeof hd);
    }
    if (!*sec && !*at && !*hd) {
        snprintf(out, outsz, "passage %zu", (size_t)p->index + 1);
        return 0;
    }
    if (outsz == 0) return lead;
    char all[sizeof sec + sizeof at + sizeof hd];
    loc_buf b = {all, 0, sizeof all};
    all[0] = '\0';
    loc_puts(&b, sec);
    loc_puts(&b, *sec && (*at || *hd) ? " " : "");
    loc_puts(&b, at);
    loc_puts(&b, *at && *hd ? " " : "");
    loc_puts(&b, hd);
    size_t len = b.n;
    if (len >= outsz) len = char_boundary(all, outsz - 1); /* a short buffer: whole characters */
    memcpy(out, all, len);
    out[len] = '\0';
    return lead;
}

void kj_render_place(const kj_passage *p, char *out, size_t outsz) {
    if (outsz == 0) return;
    loc_buf b = {out, 0, outsz};
    char num[32];
    out[0] = '\0';
    if (p->page > 0) { /* pages are unique across a document */
        numbered(num, sizeof num, "p.", p->page);
        loc_puts(&b, num);
        return;
    }
    if (p->section && p->line > 0) { /* lines restart in each section file */
        char sec[160];
        clipped(p->section, "§", " ", sec, sizeof sec);
        loc_puts(&b, sec);
    }
    numbered(num, sizeof num, p->line > 0 ? "line " : "passage ",
             p->line > 0 ? p->line : (int)p->index + 1);
    loc_puts(&b, num);
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
