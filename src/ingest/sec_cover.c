/*
 * sec_cover.c - the name an SEC filing's cover page gives it (a 10-K,
 * 10-Q, 20-F as filed on EDGAR), read from a document's first blocks
 * whatever reader made them: the registrant's name is printed right above
 * "(Exact name of registrant as specified in its charter)", the form
 * ("FORM 10-K") and the period ("For the fiscal year ended December 31,
 * 2024") above that. Such a cover opens with the same letterhead on every
 * filing ("UNITED STATES / SECURITIES AND EXCHANGE COMMISSION / ..."),
 * which names the commission, not the filing; and an inline-XBRL filing's
 * <title>, which a PDF printed from it keeps as its own, is mostly its
 * XBRL document's name ("abc-20241231"). When the cover's facts are
 * tagged, html.c titles the filing by them (ixbrl.c) in the same words.
 */
#include "ingest_internal.h"

#include <string.h>
#include <strings.h>

/* The bytes of a block the label is looked for in: a cover's lines that a
 * text stacked into one block are a few hundred, and a long block (a text
 * of one paragraph) is not searched whole. */
#define KJ_COVER_BLOCK_BYTES 2048

/* The longest registrant's name, form line and period line read (bytes). */
#define KJ_NAME_MAX 160

/* What names the registrant's name on a cover, in any case. */
static const char registrant_label[] = "exact name of registrant";

/* Where needle (lower case ASCII) starts in s[0, len), in any case, or
 * NULL. */
static const char *find_nocase(const char *s, size_t len, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (!strncasecmp(s + i, needle, n)) return s + i;
    return NULL;
}

/* s[0, *len) without the spaces at its ends, and a bracket or a colon
 * left before the label ("NAME (Exact name…" joined into one block). */
static const char *trim(const char *s, size_t *len) {
    while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '(' || s[*len - 1] == ':'))
        --*len;
    while (*len && s[0] == ' ')
        s++, --*len;
    return s;
}

/* Whether a digit is among s[0, len). */
static bool has_digit(const char *s, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (s[i] >= '0' && s[i] <= '9') return true;
    return false;
}

/* Whether s[0, len) may be a registrant's name: short, with a letter,
 * no label of the cover's in brackets ("(Commission file number)"). */
static bool name_like(const char *s, size_t len) {
    return len && len <= KJ_NAME_MAX && kj_has_letter(s, len) && s[0] != '(';
}

/* The form a block names ("FORM 10-K", "Form 20-F", "FORM 10-K/A": the
 * word and a code with a digit, alone in the block), its code in *code;
 * false when it names none. */
static bool form_of(const kj_block *k, const char **code, size_t *n) {
    if (k->len < 6 || k->len > 20 || strncasecmp(k->text, "form ", 5)) return false;
    *code = k->text + 5, *n = k->len - 5;
    return !memchr(*code, ' ', *n) && has_digit(*code, *n);
}

/* The period a block names ("For the fiscal year ended December 31, 2024",
 * "FOR THE QUARTERLY PERIOD ENDED MARCH 31, 2025": "for the", words, and
 * "ended" and a date with a year), from "for" on in *p; false when none. */
static bool period_of(const kj_block *k, const char **p, size_t *n) {
    if (k->len > KJ_NAME_MAX || strncasecmp(k->text, "for the ", 8)) return false;
    const char *ended = find_nocase(k->text, k->len, " ended ");
    if (!ended || !has_digit(ended, k->len - (size_t)(ended - k->text))) return false;
    *p = k->text, *n = k->len;
    return true;
}

/* Whether c is a Latin letter (ASCII). */
static bool latin_letter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Append period line s[0, len) (period_of) to out as a title's words:
 * in lower case up to "ended", each Latin word after it with its first
 * letter as printed and the rest in lower case ("FOR THE YEAR ENDED
 * DECEMBER 31, 2024" as "for the year ended December 31, 2024"). */
static kj_status put_period(kj_buf *out, const char *s, size_t len) {
    char c[KJ_NAME_MAX];
    size_t date = (size_t)(find_nocase(s, len, " ended ") - s) + 7;
    for (size_t i = 0; i < len; i++) {
        bool first = i >= date && !latin_letter(s[i - 1]);
        c[i] = s[i] >= 'A' && s[i] <= 'Z' && !first ? (char)(s[i] + 32) : s[i];
    }
    return kj_buf_append(out, c, len);
}

kj_status kj_sec_cover_name(const kj_block *blocks, size_t n, kj_buf *title, kj_buf *company) {
    const char *form = NULL, *period = NULL, *name = NULL;
    size_t nf = 0, np = 0, nn = 0;
    for (size_t i = 0; i < n && i < KJ_COVER_SCAN && !name; i++) {
        const kj_block *k = &blocks[i];
        size_t len = k->len < KJ_COVER_BLOCK_BYTES ? k->len : KJ_COVER_BLOCK_BYTES;
        const char *label = find_nocase(k->text, len, registrant_label);
        if (!label) {
            if (!form) form_of(k, &form, &nf);
            if (form && !period) period_of(k, &period, &np);
            continue;
        }
        /* the name before the label in its block, after a label of the
         * cover's before it ("(Commission file number) NAME (Exact…") */
        const char *from = k->text;
        for (const char *p = k->text; p < label; p++)
            if (*p == ')') from = p + 1;
        nn = (size_t)(label - from);
        name = trim(from, &nn);
        if (!nn && i) {
            nn = blocks[i - 1].len;
            name = trim(blocks[i - 1].text, &nn);
        }
        if (!name_like(name, nn)) return KJ_OK;
    }
    if (!name) return KJ_OK;
    kj_status st = kj_buf_append(company, name, nn);
    if (st == KJ_OK) st = kj_buf_append(title, name, nn);
    if (st == KJ_OK && form) st = kj_buf_printf(title, " Form %.*s", (int)nf, form);
    if (st == KJ_OK && period) st = kj_buf_puts(title, " ");
    if (st == KJ_OK && period) st = put_period(title, period, np);
    return st;
}

bool kj_xbrl_document_name(const char *t) {
    size_t n = strlen(t), ext = 0;
    static const char *const exts[] = {".htm", ".html", ".xhtml"};
    for (size_t e = 0; e < sizeof exts / sizeof *exts; e++) {
        size_t m = strlen(exts[e]);
        if (n > m && !strcasecmp(t + n - m, exts[e])) ext = m;
    }
    n -= ext;
    if (n < 10 || t[n - 9] != '-' || strspn(t + n - 8, "0123456789") < 8) return false;
    return strspn(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") >= n;
}

kj_status kj_name_by_sec_cover(kj_document *d, const kj_block *blocks, size_t n, bool *named) {
    *named = false;
    kj_buf t = KJ_BUF_INIT, c = KJ_BUF_INIT;
    kj_status st = kj_sec_cover_name(blocks, n, &t, &c);
    if (st == KJ_OK && t.len) {
        const char *title = kj_arena_strndup(d->arena, t.data, t.len);
        const char *company = d->company ? d->company : kj_arena_strndup(d->arena, c.data, c.len);
        if (!title || !company) {
            st = KJ_ERR_NOMEM;
        } else {
            d->title = title, d->company = company;
            *named = true;
        }
    }
    kj_buf_free(&t);
    kj_buf_free(&c);
    return st;
}
