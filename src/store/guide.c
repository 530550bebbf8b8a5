/*
 * guide.c - reading the MIC 2019 guide's worked examples (記載例) and its
 * closing list of reference reports out of the guide's own text.
 *
 * Layout (as the guide's text layer gives it): section "（３）記載例" has item
 * headings "① … に関する情報開示" .. "⑩ …"; under each, examples start with a
 * header line "記載例N COMPANY DOCUMENT YEAR", followed by the quoted
 * disclosure (single-spaced lines) and then the guide's commentary (its own
 * voice: the first sentence says "…に関する情報開示である" / "…事例である";
 * usually set off by a line holding only a space, double-spaced). Footnotes
 * intrude (a long run of spaces, then "4日経 …" lines) and page numbers stand
 * alone on lines; both are dropped. The commentary ends at the next header or
 * heading, or where a new indented paragraph starts after a full stop (the
 * guide's closing text follows the last example without a heading).
 * The reference list follows "○開示書類の事例集": numbered entries 1..11 whose
 * cells (name, company, year, note) wrap over several lines.
 */
#include "store_internal.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *p;
    size_t len;
} kj_line;

/* ---- Line helpers -------------------------------------------------------- */

static size_t ws_at(const char *p, size_t len) {
    if (len >= 1 && (p[0] == ' ' || p[0] == '\t' || p[0] == '\r' || p[0] == '\f')) return 1;
    if (len >= 3 && (unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 &&
        (unsigned char)p[2] == 0x80)
        return 3;
    return 0;
}

static size_t ws_before(const char *p, size_t len) {
    if (len >= 1 &&
        (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r' || p[len - 1] == '\f'))
        return 1;
    if (len >= 3 && (unsigned char)p[len - 3] == 0xE3 && (unsigned char)p[len - 2] == 0x80 &&
        (unsigned char)p[len - 1] == 0x80)
        return 3;
    return 0;
}

static kj_line trim(kj_line l) {
    size_t k;
    while (l.len && (k = ws_at(l.p, l.len)) > 0)
        l.p += k, l.len -= k;
    while (l.len && (k = ws_before(l.p, l.len)) > 0)
        l.len -= k;
    return l;
}

static int is_blank(kj_line l) {
    return trim(l).len == 0;
}

static int starts_ws(kj_line l) {
    return ws_at(l.p, l.len) > 0;
}

static int starts_with(kj_line l, const char *s) {
    size_t n = strlen(s);
    return l.len >= n && memcmp(l.p, s, n) == 0;
}

static int ends_with(kj_line l, const char *s) {
    size_t n = strlen(s);
    return l.len >= n && memcmp(l.p + l.len - n, s, n) == 0;
}

/* ① .. ⑩ (U+2460..U+2469) at p: 1..10, else 0. */
static int circled_at(const char *p, size_t len) {
    if (len >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x91 &&
        (unsigned char)p[2] >= 0xA0 && (unsigned char)p[2] <= 0xA9)
        return (unsigned char)p[2] - 0xA0 + 1;
    return 0;
}

/* A number in ASCII or full-width digits at p; *used bytes consumed. */
static int number_at(const char *p, size_t len, size_t *used) {
    int v = 0, digits = 0;
    size_t i = 0;
    while (i < len) {
        if (isdigit((unsigned char)p[i])) {
            v = v * 10 + (p[i] - '0');
            i++;
        } else if (i + 3 <= len && (unsigned char)p[i] == 0xEF && (unsigned char)p[i + 1] == 0xBC &&
                   (unsigned char)p[i + 2] >= 0x90 && (unsigned char)p[i + 2] <= 0x99) {
            v = v * 10 + ((unsigned char)p[i + 2] - 0x90);
            i += 3;
        } else {
            break;
        }
        if (++digits > 6) break;
    }
    *used = i;
    return digits ? v : -1;
}

static kj_line *split_lines(const char *text, size_t len, kj_arena *ar, size_t *n) {
    size_t count = 1;
    for (size_t i = 0; i < len; i++)
        count += text[i] == '\n';
    kj_line *lines = kj_arena_alloc(ar, count * sizeof *lines);
    if (!lines) return NULL;
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || text[i] == '\n') {
            lines[k].p = text + start;
            lines[k].len = i - start;
            if (lines[k].len && lines[k].p[lines[k].len - 1] == '\r') lines[k].len--;
            k++;
            start = i + 1;
        }
    }
    *n = k;
    return lines;
}

/* ---- Markers ---------------------------------------------------------------- */

/* "① … に関する情報開示": the item number, else 0. */
static int item_heading(kj_line l) {
    kj_line t = trim(l);
    int c = circled_at(t.p, t.len);
    if (!c || !ws_at(t.p + 3, t.len - 3) || !ends_with(t, "に関する情報開示")) return 0;
    return c;
}

/* "記載例N <header>": N (circled or digits), *rest the header; else 0. */
static int example_header(kj_line l, kj_line *rest) {
    kj_line t = trim(l);
    const char *kw = "記載例";
    if (!starts_with(t, kw)) return 0;
    const char *p = t.p + strlen(kw);
    size_t len = t.len - strlen(kw), used = 3;
    int n = circled_at(p, len);
    if (!n) n = number_at(p, len, &used);
    if (n <= 0 || !ws_at(p + used, len - used)) return 0;
    rest->p = p + used;
    rest->len = len - used;
    *rest = trim(*rest);
    return rest->len ? n : 0;
}

static int section_start(kj_line l) {
    kj_line t = trim(l);
    return (starts_with(t, "（３）") || starts_with(t, "(3)")) && ends_with(t, "記載例") &&
           t.len <= strlen("（３） 記載例");
}

static int section_end(kj_line l) {
    return starts_with(trim(l), "Ⅱ．") || starts_with(trim(l), "Ⅱ.");
}

/* ---- Cleaning a region ------------------------------------------------------ */

static int digits_only(kj_line l) {
    kj_line t = trim(l);
    size_t used;
    return t.len && number_at(t.p, t.len, &used) >= 0 && used == t.len;
}

/* Drop footnote blocks and page numbers; returns the kept lines (arena). */
static kj_line *clean_region(const kj_line *in, size_t n, kj_arena *ar, size_t *out_n) {
    kj_line *out = kj_arena_alloc(ar, (n + 1) * sizeof *out);
    size_t k = 0;
    for (size_t j = 0; out && j < n;) {
        if (in[j].len >= 10 && is_blank(in[j])) { /* footnote: a long run of spaces */
            j++;
            while (j < n && in[j].len && !starts_ws(in[j]))
                j++;
            continue;
        }
        if (digits_only(in[j])) {
            j++;
            continue;
        }
        out[k++] = in[j++];
    }
    *out_n = k;
    return out;
}

/* ---- Body and commentary ------------------------------------------------------ */

static const char *const kj_voice[] = {"開示である", "事例である", "開示した事例"};

/* Index of the line where the commentary starts (n when none); SIZE_MAX
 * when out of memory. */
static size_t commentary_start(const kj_line *l, size_t n, kj_arena *ar) {
    /* Join the trimmed non-blank lines, remembering each byte's line. */
    size_t total = 0;
    for (size_t j = 0; j < n; j++)
        total += trim(l[j]).len;
    char *joined = kj_arena_alloc(ar, total + 1);
    size_t *owner = kj_arena_alloc(ar, (total + 1) * sizeof *owner);
    if (!joined || !owner) return SIZE_MAX;
    size_t pos = 0;
    for (size_t j = 0; j < n; j++) {
        kj_line t = trim(l[j]);
        memcpy(joined + pos, t.p, t.len);
        for (size_t b = 0; b < t.len; b++)
            owner[pos + b] = j;
        pos += t.len;
    }
    joined[pos] = '\0';
    const char *best = NULL;
    for (size_t v = 0; v < sizeof kj_voice / sizeof kj_voice[0]; v++) {
        const char *hit = strstr(joined, kj_voice[v]);
        if (hit && (!best || hit < best)) best = hit;
    }
    if (best) {
        size_t k = owner[best - joined];
        for (;;) { /* back to the start of the paragraph holding that sentence */
            if (starts_ws(l[k])) break;
            size_t m = k;
            while (m > 0 && l[m - 1].len == 0)
                m--;
            if (m == 0) break;
            m--;
            if (is_blank(l[m]) || ends_with(trim(l[m]), "。")) break;
            k = m;
        }
        return k;
    }
    /* No sentence in the guide's voice: after the last separator line
     * (white space only, not empty), else the last paragraph. */
    for (size_t j = n; j-- > 0;)
        if (l[j].len && is_blank(l[j])) return j + 1;
    size_t j = n;
    while (j > 0 && is_blank(l[j - 1]))
        j--;
    while (j > 0 && !is_blank(l[j - 1]))
        j--;
    return j;
}

/* Columns a line takes as set, its indent counted, white space after its
 * text not: two for a CJK or full-width character. */
static size_t columns(kj_line l) {
    size_t k, w = 0;
    while (l.len && (k = ws_before(l.p, l.len)) > 0)
        l.len -= k;
    for (size_t i = 0; i < l.len;) {
        int32_t cp;
        i += kj_utf8_decode(l.p + i, l.len - i, &cp);
        w += kj_is_cjk(cp) ? 2 : 1;
    }
    return w;
}

/* Whether t starts with a number in a list's style: "1." "１．" "1)" "（1）"
 * "(1)". */
static int numbered(kj_line t) {
    size_t open = starts_with(t, "（") ? 3 : starts_with(t, "(") ? 1 : 0, used;
    if (number_at(t.p + open, t.len - open, &used) < 0) return 0;
    kj_line r = {t.p + open + used, t.len - open - used};
    if (open) return starts_with(r, "）") || starts_with(r, ")");
    return starts_with(r, ".") || starts_with(r, "．") || starts_with(r, ")") ||
           starts_with(r, "）");
}

/* Marks that open a new line of their own: bullets, dashes, notes, circled
 * and list numbers, a bracketed title. */
static int opens_line(kj_line t) {
    static const char *const marks[] = {"■",  "□", "●", "○",  "◆",  "◇",  "▲",  "△", "▼", "▽",
                                        "・", "※", "★", "☆",  "►",  "▶",  "➢",  "•", "◦", "‣",
                                        "－", "-", "―", "【", "〔", "［", "＜", "<"};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (starts_with(t, marks[i])) return 1;
    return circled_at(t.p, t.len) > 0 || numbered(t);
}

/* Narrowest a line may be, in hundredths of the body's widest line, and
 * still have wrapped at the right margin; and how wide that widest line
 * must be for the body to have a margin at all (not a list of short lines). */
#define KJ_WRAP_PERCENT 75
#define KJ_WRAP_MIN_COLUMNS 40

/* Whether line a wrapped into line b: a ran to the margin (as wide as the
 * body's widest, near enough), ends no sentence, and b starts no paragraph
 * (indent) and no item of its own (opens_line). */
static int wraps_into(kj_line a, kj_line b, size_t widest) {
    kj_line ta = trim(a), tb = trim(b);
    if (widest < KJ_WRAP_MIN_COLUMNS || columns(a) * 100 < widest * KJ_WRAP_PERCENT) return 0;
    if (ends_with(ta, "。") || ends_with(ta, "．") || ends_with(ta, "！") || ends_with(ta, "？") ||
        ends_with(ta, "."))
        return 0;
    return !starts_ws(b) && !opens_line(tb);
}

/*
 * Append line t to the guide's text being joined in b as kj_join_line
 * joins a wrap, except that a hyphen at the end of the line before stays
 * ("risk-" + "based" -> "risk-based", not "riskbased"). kj_join_line takes
 * a hyphen between two Latin letters at a line's end for a word broken by
 * English typesetting ("secu-" + "rity") and drops it, as the readers of
 * English PDFs must. The guide and the reports it quotes are set in
 * Japanese, whose typesetting as a rule moves a Latin word whole to the
 * next line rather than break it with a hyphen, so a hyphen there is the
 * word's own (a compound's), and a quotation must keep the company's words
 * as written. The guide's own commentary is joined the same way.
 * Returns KJ_ERR_NOMEM when b cannot grow.
 */
static kj_status join_guide_line(kj_buf *b, kj_line t) {
    int32_t next;
    kj_utf8_decode(t.p, t.len, &next);
    if (b->len && kj_line_break(b->data, b->len, next) == KJ_BREAK_HYPHEN)
        return kj_buf_append(b, t.p, t.len);
    return kj_join_line(b, t.p, t.len);
}

/* Whether trimmed line t ends with a closing quote, 」 or 』. */
static int ends_quote(kj_line t) {
    return ends_with(t, "」") || ends_with(t, "』");
}

/*
 * The quoted text: one line per line of the source, except that a line
 * wrapped at the margin goes on in the next (wraps_into), joined as the
 * guide's lines are (join_guide_line), so that a search finds a phrase
 * across it. Blank lines are passed over, for the guide's text layer puts
 * them inside paragraphs, but not after a line that closes a quote (」 or
 * 』): a line can end there without a full stop (a quoted name, title or
 * slogan that stands as the passage's last words), and a blank line after
 * it ends the passage though the line runs to the margin. With no blank
 * line after it, a line at the margin that closes a quote still wraps
 * into the next: a quote closes within a sentence as often as at its end
 * (「方針」 / を全社に周知し…). NULL when out of memory.
 */
static char *join_body(const kj_line *l, size_t n, kj_arena *ar) {
    size_t widest = 0;
    for (size_t j = 0; j < n; j++) {
        size_t w = columns(l[j]);
        if (w > widest) widest = w;
    }
    kj_buf b = KJ_BUF_INIT;
    kj_line prev = {"", 0};
    int blank = 0; /* whether a blank line was passed over since prev */
    kj_status st = KJ_OK;
    for (size_t j = 0; j < n && st == KJ_OK; j++) {
        kj_line t = trim(l[j]);
        if (!t.len) {
            blank = 1;
            continue;
        }
        if (b.len && wraps_into(prev, l[j], widest) && !(blank && ends_quote(trim(prev))))
            st = join_guide_line(&b, t);
        else {
            if (b.len) st = kj_buf_putc(&b, '\n');
            if (st == KJ_OK) st = kj_buf_append(&b, t.p, t.len);
        }
        prev = l[j];
        blank = 0;
    }
    char *r = st == KJ_OK ? kj_arena_strdup(ar, b.data ? b.data : "") : NULL;
    kj_buf_free(&b);
    return r;
}

/* The commentary: its lines joined as wrapped (join_guide_line), up to a
 * new indented paragraph after a full stop. NULL when out of memory. */
static char *join_commentary(const kj_line *l, size_t n, kj_arena *ar) {
    kj_buf b = KJ_BUF_INIT;
    kj_line prev = {"", 0};
    kj_status st = KJ_OK;
    for (size_t j = 0; j < n && st == KJ_OK; j++) {
        kj_line t = trim(l[j]);
        if (!t.len) continue;
        if (b.len && starts_ws(l[j]) && ends_with(prev, "。")) break; /* a new indented paragraph */
        st = join_guide_line(&b, t);
        prev = t;
    }
    char *r = st == KJ_OK ? kj_arena_strdup(ar, b.data ? b.data : "") : NULL;
    kj_buf_free(&b);
    return r;
}

/* ---- Header: COMPANY DOCUMENT YEAR ------------------------------------------- */

static const char *const kj_doc_words[] = {
    "報告書",     "レポート", "REPORT", "Report",  "データブック", "ディスクロージャー",
    "アニュアル", "CSR",      "統合",   "有価証券"};

static int year_token(const char *t) {
    if (strlen(t) < 4 || !isdigit((unsigned char)t[0]) || !isdigit((unsigned char)t[1]) ||
        !isdigit((unsigned char)t[2]) || !isdigit((unsigned char)t[3]))
        return 0;
    int y = atoi(t);
    return (y >= 1900 && y <= 2099 && !isdigit((unsigned char)t[4])) ? y : 0;
}

static int is_doc_token(const char *t) {
    for (size_t i = 0; i < sizeof kj_doc_words / sizeof kj_doc_words[0]; i++)
        if (strstr(t, kj_doc_words[i])) return 1;
    return 0;
}

static int short_latin(const char *t) {
    size_t n = strlen(t);
    if (n == 0 || n > 4) return 0;
    for (size_t i = 0; i < n; i++)
        if (!isupper((unsigned char)t[i])) return 0;
    return 1;
}

static char **tokens_of(kj_line l, kj_arena *ar, size_t *n) {
    char **tok = kj_arena_alloc(ar, (l.len / 2 + 2) * sizeof *tok);
    *n = 0;
    size_t i = 0, k;
    while (tok && i < l.len) {
        while (i < l.len && (k = ws_at(l.p + i, l.len - i)) > 0)
            i += k;
        size_t b = i;
        while (i < l.len && ws_at(l.p + i, l.len - i) == 0)
            i++;
        if (i > b && (tok[(*n)++] = kj_arena_strndup(ar, l.p + b, i - b)) == NULL) return NULL;
    }
    return tok;
}

/* Tokens t[from, to) joined by spaces into *out (in ar; NULL when there
 * are none). Returns KJ_ERR_NOMEM when out of memory. */
static kj_status join_tokens(char **t, size_t from, size_t to, kj_arena *ar, const char **out) {
    kj_buf b = KJ_BUF_INIT;
    kj_status st = KJ_OK;
    for (size_t i = from; i < to && st == KJ_OK; i++)
        st = kj_buf_printf(&b, "%s%s", i > from ? " " : "", t[i]);
    *out = st == KJ_OK && b.data ? kj_arena_strdup(ar, b.data) : NULL;
    if (st == KJ_OK && b.data && !*out) st = KJ_ERR_NOMEM;
    kj_buf_free(&b);
    return st;
}

/* Header h, "COMPANY DOCUMENT YEAR", into the fields of e. Returns
 * KJ_ERR_NOMEM when out of memory. */
static kj_status parse_header(kj_line h, kj_arena *ar, kj_guide_example *e) {
    size_t n;
    char **t = tokens_of(h, ar, &n);
    e->header = kj_arena_strndup(ar, h.p, h.len);
    if (!t || !e->header) return KJ_ERR_NOMEM;
    if (n == 0) return KJ_OK;
    size_t d = 1;
    while (d < n && !is_doc_token(t[d]) && !year_token(t[d]))
        d++;
    if (d >= n || !is_doc_token(t[d])) d = n > 1 ? 1 : n;
    if (d > 1 && short_latin(t[d - 1])) d--;
    size_t y = d;
    while (y < n && !year_token(t[y]))
        y++;
    kj_status st = join_tokens(t, 0, d, ar, &e->company);
    if (st == KJ_OK) st = join_tokens(t, d, y, ar, &e->document);
    if (st != KJ_OK) return st;
    e->year = y < n ? year_token(t[y]) : 0;
    e->doc_type = kj_doc_type_of(e->document);
    return KJ_OK;
}

/* ---- Examples ---------------------------------------------------------------- */

typedef struct {
    size_t line;
    int item;   /* heading: item; example: 0 */
    int number; /* example: N */
    kj_line rest;
} kj_marker;

static kj_status add_example(const kj_line *l, const kj_marker *m, size_t end, int item,
                             kj_arena *ar, kj_guide_example *e) {
    memset(e, 0, sizeof *e);
    e->item = item;
    e->number = m->number;
    if (parse_header(m->rest, ar, e) != KJ_OK) return KJ_ERR_NOMEM;
    size_t n;
    kj_line *c = clean_region(l + m->line + 1, end - m->line - 1, ar, &n);
    if (!c) return KJ_ERR_NOMEM;
    size_t cs = commentary_start(c, n, ar);
    if (cs == SIZE_MAX) return KJ_ERR_NOMEM;
    e->body = join_body(c, cs, ar);
    e->commentary = join_commentary(c + cs, n - cs, ar);
    return e->body && e->commentary ? KJ_OK : KJ_ERR_NOMEM;
}

static kj_status parse_examples(const kj_line *l, size_t n, kj_arena *ar, kj_guide *g) {
    size_t from = 0, to = n;
    for (size_t i = 0; i < n; i++)
        if (section_start(l[i])) {
            from = i + 1;
            break;
        }
    for (size_t i = from; i < n; i++)
        if (section_end(l[i])) {
            to = i;
            break;
        }
    kj_marker *mk = kj_arena_alloc(ar, (to - from + 1) * sizeof *mk);
    if (!mk) return KJ_ERR_NOMEM;
    size_t nm = 0, nex = 0;
    for (size_t i = from; i < to; i++) {
        kj_marker m = {i, item_heading(l[i]), 0, {NULL, 0}};
        if (!m.item && (m.number = example_header(l[i], &m.rest)) == 0) continue;
        mk[nm++] = m;
        nex += m.item == 0;
    }
    g->examples = kj_arena_alloc(ar, (nex + 1) * sizeof *g->examples);
    if (!g->examples) return KJ_ERR_NOMEM;
    int item = 0;
    for (size_t k = 0; k < nm; k++) {
        if (mk[k].item) {
            item = mk[k].item;
            continue;
        }
        if (!item) continue; /* an example before any item heading: not the section */
        size_t end = k + 1 < nm ? mk[k + 1].line : to;
        kj_status st = add_example(l, &mk[k], end, item, ar, &g->examples[g->n_examples]);
        if (st != KJ_OK) return st;
        g->n_examples++;
    }
    return KJ_OK;
}

/* ---- References ------------------------------------------------------------- */

/* s with each run of white space and line breaks one space (in ar), none
 * at its start; NULL when out of memory. */
static char *collapse_ws(const char *s, kj_arena *ar) {
    kj_buf b = KJ_BUF_INIT;
    size_t len = strlen(s), k;
    int space = 0;
    kj_status st = KJ_OK;
    for (size_t i = 0; i < len && st == KJ_OK;) {
        if ((k = ws_at(s + i, len - i)) > 0 || s[i] == '\n') {
            space = 1;
            i += k ? k : 1;
            continue;
        }
        if (space && b.len) st = kj_buf_putc(&b, ' ');
        space = 0;
        if (st == KJ_OK) st = kj_buf_putc(&b, s[i++]);
    }
    char *r = st == KJ_OK ? kj_arena_strdup(ar, b.data ? b.data : "") : NULL;
    kj_buf_free(&b);
    return r;
}

/* "NAME… YEAR… COMPANY… YEAR NOTE…" into the fields of r. Returns
 * KJ_ERR_NOMEM when out of memory. */
static kj_status parse_ref(const char *entry, kj_arena *ar, kj_guide_ref *r) {
    kj_line l = {entry, strlen(entry)};
    size_t n;
    char **t = tokens_of(l, ar, &n);
    if (!t) return KJ_ERR_NOMEM;
    size_t i = 0, j;
    while (i < n && !year_token(t[i]))
        i++;
    for (j = n; j-- > i + 1;)
        if (year_token(t[j]) && strlen(t[j]) == 4) break;
    if (i >= n || j <= i + 1 || j >= n) { /* not the expected columns: keep it whole */
        r->title = entry;
        return KJ_OK;
    }
    r->year = year_token(t[j]);
    kj_status st = join_tokens(t, 0, i + 1, ar, &r->title);
    if (st == KJ_OK) st = join_tokens(t, i + 1, j, ar, &r->company);
    if (st == KJ_OK) st = join_tokens(t, j + 1, n, ar, &r->note);
    return st;
}

/* An entry starts with the number expected next followed by white space. */
static int ref_start(kj_line l, int want) {
    kj_line t = trim(l);
    size_t used;
    int v = number_at(t.p, t.len, &used);
    return v == want && used < t.len && ws_at(t.p + used, t.len - used) > 0;
}

/* Whether line l opens the list of references: "○" and the title of the
 * collection of disclosure examples. Sets *nomem when out of memory. */
static int refs_heading(kj_line l, kj_arena *ar, int *nomem) {
    if (!starts_with(trim(l), "○")) return 0;
    const char *s = kj_arena_strndup(ar, l.p, l.len);
    if (!s) *nomem = 1;
    return s && strstr(s, "開示書類の事例集");
}

static kj_status parse_refs(const kj_line *l, size_t n, kj_arena *ar, kj_guide *g) {
    size_t i = 0;
    int nomem = 0;
    while (i < n && !refs_heading(l[i], ar, &nomem) && !nomem)
        i++;
    if (nomem) return KJ_ERR_NOMEM;
    if (i == n) return KJ_OK;
    g->refs = kj_arena_alloc(ar, 64 * sizeof *g->refs);
    if (!g->refs) return KJ_ERR_NOMEM;
    kj_buf cur = KJ_BUF_INIT;
    int want = 1;
    kj_status st = KJ_OK;
    for (i++; i <= n && g->n_refs < 64 && st == KJ_OK; i++) {
        int stop = i == n || starts_with(trim(l[i]), "○") || starts_with(trim(l[i]), "Ⅲ");
        if (stop || ref_start(l[i], want)) {
            if (cur.len) {
                kj_guide_ref *r = &g->refs[g->n_refs];
                memset(r, 0, sizeof *r);
                r->number = want - 1;
                const char *entry = collapse_ws(cur.data, ar);
                st = entry ? parse_ref(entry, ar, r) : KJ_ERR_NOMEM;
                if (st != KJ_OK) break;
                g->n_refs++;
                kj_buf_reset(&cur);
            }
            if (stop) break;
            kj_line t = trim(l[i]);
            size_t used;
            number_at(t.p, t.len, &used);
            st = kj_buf_append(&cur, t.p + used, l[i].len - (size_t)(t.p + used - l[i].p));
            want++;
        } else if (want > 1) {
            st = kj_buf_append(&cur, l[i].p, l[i].len);
        }
    }
    kj_buf_free(&cur);
    return st;
}

/* ---- Entry points --------------------------------------------------------------- */

kj_status kj_guide_parse(const char *name, const char *text, size_t len, kj_arena *ar,
                         kj_guide *out, kj_error *err) {
    memset(out, 0, sizeof *out);
    size_t n;
    kj_line *l = split_lines(text, len, ar, &n);
    kj_status st = l ? parse_examples(l, n, ar, out) : KJ_ERR_NOMEM;
    if (st == KJ_OK) st = parse_refs(l, n, ar, out);
    if (st != KJ_OK) return kj_error_set(err, st, "%s: out of memory reading the guide", name);
    if (out->n_examples == 0)
        return kj_error_set(
            err, KJ_ERR_FORMAT,
            "%s: no worked examples found (expected \"記載例N COMPANY DOCUMENT YEAR\" "
            "lines under item headings \"① … に関する情報開示\")",
            name);
    return KJ_OK;
}
