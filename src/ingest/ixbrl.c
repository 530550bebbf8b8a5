/*
 * ixbrl.c - the title of an inline-XBRL filing (an SEC 10-K, 10-Q, 20-F as
 * EDGAR takes it) from the facts on its cover: the registrant's name, the
 * form and the fiscal year (dei:EntityRegistrantName, dei:DocumentType,
 * dei:DocumentFiscalYearFocus, dei:DocumentFiscalPeriodFocus,
 * dei:DocumentPeriodEndDate). Such a filing's <title> is mostly its XBRL
 * document's name ("abc-20241231"), which tells a reader nothing; html.c
 * hands the facts' elements and text here as libxml2's parser reads them
 * (the hidden ix:header's too, where the fiscal year mostly is) and titles
 * the page by them when its <title> is missing or such a name.
 *
 * A fact's value is the text of its element, nested elements' included and
 * an ix:exclude's left out, as a browser shows it (entities decoded by the
 * parser); the first of each name with a value counts. Values are held in
 * fixed buffers: a longer one (KJ_IX_VALUE_MAX) is no value, so a hostile
 * page can make a fact neither large nor slow.
 */
#include "ingest_internal.h"

#include <string.h>
#include <strings.h>

/* The facts' names after their "dei:" prefix, in kj_ix_fact order. */
static const char *const fact_names[KJ_IX_FACTS] = {
    "EntityRegistrantName", "DocumentType", "DocumentFiscalYearFocus", "DocumentFiscalPeriodFocus",
    "DocumentPeriodEndDate"};

/* Whether element name (the HTML parser gives it in lower case, prefix and
 * all) is local, whatever its prefix: "ix:nonnumeric" is nonNumeric. */
static bool local_is(const char *name, const char *local) {
    const char *colon = strrchr(name, ':');
    return !strcasecmp(colon ? colon + 1 : name, local);
}

/* Which fact an ix:nonNumeric with attributes atts (name, value pairs,
 * NULL-terminated, as libxml2 gives them) holds, or KJ_IX_FACTS for none
 * of those titles are made of. */
static kj_ix_fact fact_of(const char *const *atts) {
    for (size_t i = 0; atts && atts[i]; i += 2) {
        const char *v = atts[i + 1];
        if (strcasecmp(atts[i], "name") || !v || strncmp(v, "dei:", 4)) continue;
        for (int f = 0; f < KJ_IX_FACTS; f++)
            if (!strcmp(v + 4, fact_names[f])) return (kj_ix_fact)f;
    }
    return KJ_IX_FACTS;
}

void kj_ix_start(kj_ix_facts *x, const char *name, const char *const *atts) {
    x->depth++;
    x->word_open = false;
    if (!name) return;
    if (local_is(name, "exclude")) {
        if (!x->exclude) x->exclude = x->depth;
        return;
    }
    if (!local_is(name, "nonnumeric")) return;
    kj_ix_fact f = fact_of(atts);
    if (f == KJ_IX_FACTS || x->f[f].done || x->f[f].depth) return;
    x->f[f].depth = x->depth;
    x->f[f].len = 0;
    x->f[f].over = false;
}

/* Append s[0, len) to value v, white space and control characters folded
 * to one space; past KJ_IX_VALUE_MAX the value is over. */
static void put(kj_ix_value *v, const char *s, size_t len) {
    for (size_t i = 0; i < len && !v->over; i++) {
        char c = s[i];
        bool space = (unsigned char)c <= ' ' || c == 0x7F;
        if (space && (!v->len || v->v[v->len - 1] == ' ')) continue;
        if (v->len + 1 >= KJ_IX_VALUE_MAX)
            v->over = true;
        else
            v->v[v->len++] = space ? ' ' : c;
    }
    v->v[v->len] = '\0';
}

static bool ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void kj_ix_text(kj_ix_facts *x, const char *s, size_t len) {
    if (x->word_open) { /* "CORP</ix:nonNumeric>ORATION": the word goes on */
        size_t k = 0;
        while (k < len && ascii_letter(s[k]))
            k++;
        put(&x->f[KJ_IX_NAME], s, k);
        x->word_open = false;
    }
    if (x->exclude) return;
    for (int f = 0; f < KJ_IX_FACTS; f++)
        if (x->f[f].depth) put(&x->f[f], s, len);
}

void kj_ix_end(kj_ix_facts *x) {
    x->word_open = false;
    if (x->exclude == x->depth) x->exclude = 0;
    for (int f = 0; f < KJ_IX_FACTS; f++) {
        kj_ix_value *v = &x->f[f];
        if (v->depth != x->depth) continue;
        v->depth = 0;
        while (v->len && v->v[v->len - 1] == ' ')
            v->v[--v->len] = '\0';
        v->done = v->len && !v->over; /* an empty or too long one: the next may do */
        /* the name tagged short of its word's end, as filers' tools do:
         * the letters after it are still the name's */
        x->word_open = f == KJ_IX_NAME && v->done && ascii_letter(v->v[v->len - 1]);
    }
    if (x->depth) x->depth--;
}

/* Fact f's value (NUL-terminated, white space folded) or NULL when the
 * page has none. */
static const char *value(const kj_ix_facts *x, kj_ix_fact f, size_t *len) {
    const kj_ix_value *v = &x->f[f];
    if (!v->done) return NULL;
    *len = v->len;
    return v->v;
}

/* Whether s[0, n) is made only of the bytes in set (and has one). */
static bool only(const char *s, size_t n, const char *set) {
    if (!n) return false;
    for (size_t i = 0; i < n; i++)
        if (!s[i] || !strchr(set, s[i])) return false;
    return true;
}

#define KJ_DIGITS "0123456789"
#define KJ_UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

/* The form (10-K, 10-K/A, 20-F, DEF 14A), or NULL for none or "Other". */
static const char *form(const kj_ix_facts *x, size_t *n) {
    const char *t = value(x, KJ_IX_TYPE, n);
    if (!t || *n > 16 || !only(t, *n, KJ_UPPER KJ_DIGITS "abcdefghijklmnopqrstuvwxyz-/. ") ||
        !strcasecmp(t, "other"))
        return NULL;
    return t;
}

/* The fiscal year (four digits), or NULL. */
static const char *fiscal_year(const kj_ix_facts *x) {
    size_t n;
    const char *y = value(x, KJ_IX_YEAR, &n);
    return y && n == 4 && only(y, n, KJ_DIGITS) ? y : NULL;
}

/* The part of the fiscal year the report covers (Q1, H1) when not the
 * whole year (FY), or NULL. */
static const char *year_part(const kj_ix_facts *x) {
    size_t n;
    const char *p = value(x, KJ_IX_PERIOD, &n);
    return p && n == 2 && strchr("QH", p[0]) && only(p + 1, 1, "1234") ? p : NULL;
}

/* The date the period ends as the cover prints it ("December 31, 2024"),
 * or NULL: short, with a digit. */
static const char *period_end(const kj_ix_facts *x, size_t *n) {
    const char *d = value(x, KJ_IX_END, n);
    return d && *n <= 40 && strpbrk(d, KJ_DIGITS) ? d : NULL;
}

kj_status kj_ix_title(const kj_ix_facts *x, kj_buf *out) {
    size_t nn, nt = 0, ne = 0;
    const char *name = value(x, KJ_IX_NAME, &nn);
    if (!name) return KJ_OK;
    const char *type = form(x, &nt), *year = fiscal_year(x), *part = year_part(x);
    const char *end = year ? NULL : period_end(x, &ne);
    kj_status st = kj_collapse_space(out, name, nn); /* a no-break space too */
    if (st == KJ_OK && type) st = kj_buf_printf(out, " Form %.*s", (int)nt, type);
    if (st == KJ_OK && (year || end)) st = kj_buf_puts(out, type ? " for " : ", ");
    if (st == KJ_OK && year && part) st = kj_buf_printf(out, "%s of ", part);
    if (st == KJ_OK && year) st = kj_buf_printf(out, "fiscal year %s", year);
    if (st == KJ_OK && end) st = kj_buf_puts(out, type ? "the period ended " : "period ended ");
    if (st == KJ_OK && end) st = kj_collapse_space(out, end, ne);
    return st;
}

kj_status kj_ix_company(const kj_ix_facts *x, kj_buf *out) {
    size_t n;
    const char *name = value(x, KJ_IX_NAME, &n);
    return name ? kj_collapse_space(out, name, n) : KJ_OK;
}

bool kj_ix_name_title(const char *t) {
    t += strspn(t, " \t\r\n\f\v");
    size_t n = strcspn(t, " \t\r\n\f\v");
    if (t[n + strspn(t + n, " \t\r\n\f\v")]) return false; /* more than one word */
    return !n || only(t, n, KJ_UPPER KJ_DIGITS "abcdefghijklmnopqrstuvwxyz._-");
}
