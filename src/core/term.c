/*
 * term.c - the one way text kaiji did not write itself reaches a terminal:
 * a document's words, a file's or section's name, metadata from the
 * command line, a case imported as JSON lines. Control characters (C0,
 * DEL, C1) are written as '?' so that no escape sequence retitles, clears
 * or recolours the user's terminal, and so are the bidirectional embedding,
 * override and isolate controls (U+202A-U+202E, U+2066-U+2069), so that no
 * name can make the rest of its line read backwards and show other text
 * than it holds; invalid UTF-8 is written as U+FFFD, and columns
 * are counted as a terminal shows them (CJK characters take two) so that
 * aligned output lines up. See kaiji/common.h, "Text for a terminal".
 */
#include "kaiji/common.h"

#include <utf8proc.h>

/* Whether code point cp is a bidirectional embedding, override or isolate
 * control (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): each changes the order in
 * which a terminal shows what follows it on the line. The marks LRM, RLM
 * and ALM change no order of their own and are kept. */
static int bidi_control(int32_t cp) {
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Whether code point cp (n bytes, as kj_utf8_decode gave it) is written
 * otherwise than as it is: a control character (tab and newline kept when
 * lines), a bidirectional control, or a byte of invalid UTF-8 (U+FFFD from
 * one byte; a literal U+FFFD has three). */
static int replaced(int32_t cp, size_t n, int lines) {
    if (lines && (cp == '\t' || cp == '\n')) return 0;
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || bidi_control(cp) || (cp == 0xFFFD && n == 1);
}

void kj_term_write(FILE *f, const char *s, size_t len, int lines) {
    size_t run = 0, i = 0; /* s[run, i) is written as it is */
    while (i < len) {
        int32_t cp;
        size_t n = kj_utf8_decode(s + i, len - i, &cp);
        if (!replaced(cp, n, lines)) {
            i += n;
            continue;
        }
        fwrite(s + run, 1, i - run, f);
        fputs(cp == 0xFFFD ? "\xEF\xBF\xBD" : "?", f);
        i += n;
        run = i;
    }
    fwrite(s + run, 1, i - run, f);
}

void kj_term_puts(FILE *f, const char *s) {
    if (s) kj_term_write(f, s, strlen(s), 0);
}

/* Columns code point cp (n bytes, as kj_utf8_decode gave it) takes as
 * kj_term_write writes it: one for what it replaces with '?' or U+FFFD. */
static size_t columns(int32_t cp, size_t n) {
    return replaced(cp, n, 0) ? 1 : (size_t)utf8proc_charwidth(cp);
}

size_t kj_term_width(const char *s, size_t len) {
    size_t w = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = kj_utf8_decode(s + i, len - i, &cp);
        w += columns(cp, n);
        i += n;
    }
    return w;
}

void kj_term_pad(FILE *f, const char *s, int width) {
    size_t w = s ? kj_term_width(s, strlen(s)) : 0;
    kj_term_puts(f, s);
    for (; width > 0 && w < (size_t)width; w++)
        fputc(' ', f);
}

void kj_term_fit(FILE *f, const char *s, int width) {
    size_t len = s ? strlen(s) : 0;
    if (width <= 0 || kj_term_width(s ? s : "", len) <= (size_t)width) {
        kj_term_pad(f, s, width);
        return;
    }
    /* the characters that fit in width - 1 columns, then … (one column) */
    size_t w = 0, i = 0;
    while (i < len) {
        int32_t cp;
        size_t n = kj_utf8_decode(s + i, len - i, &cp);
        size_t cw = columns(cp, n);
        if (w + cw > (size_t)width - 1) break;
        w += cw;
        i += n;
    }
    kj_term_write(f, s, i, 0);
    fputs("\xE2\x80\xA6", f);
    for (w++; w < (size_t)width; w++)
        fputc(' ', f);
}
