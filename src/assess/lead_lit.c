/*
 * lead_lit.c - derive, from a PCRE2 pattern, the literal strings one of
 * which every match of it begins with (kj_lead_literals): "backups?|back
 * up" begins with "backup" or "back up", "(?<![a-z])(?:do|does) not"
 * with "do" or "does". The lint (lint_lead.c) tries such a pattern only
 * where one of them starts in a passage instead of at every position. The
 * result must be sound, so when in doubt (a construct this small parser
 * does not know, a branch or a match that may begin with a class, a dot or
 * nothing) none is derived and the pattern is searched as before.
 *
 * Understood, as in cue_lit.c: literal characters (UTF-8), escaped
 * punctuation, groups "(...)", "(?:...)", "(?<name>...)", alternation,
 * classes (a class of a few listed characters is those characters;
 * another, like ".", "\d" and the rest, ends the literals there), "\b",
 * "\B", "^", "$" and look-arounds (zero width: skipped), and the
 * quantifiers "? * + {n} {n,} {n,m}" with lazy or possessive suffixes.
 * Anything else (option settings such as (?i), back references, \G, \K,
 * \p, \x, \Q, verbs ...) gives up.
 */
#include "assess_internal.h"

#include <stdlib.h>
#include <string.h>

/* A set of strings being derived (heap), and whether the element it was
 * derived from matches exactly those strings (exact) or only strings that
 * begin with one of them. */
typedef struct {
    int n, cap;
    unsigned char *len;
    char (*s)[KJ_LEAD_LEN];
    int exact;
} lset;

typedef struct {
    const char *p;
    int bad; /* an unsupported construct, or out of room: derive nothing */
} lead_parser;

static void lset_free(lset *a) {
    free(a->len);
    free(a->s);
    *a = (lset){0};
}

/* Add string s (n <= KJ_LEAD_LEN bytes) to a; sets bad when a would hold
 * more than KJ_LEAD_MAX strings or memory runs out. */
static void lset_add(lead_parser *st, lset *a, const char *s, size_t n) {
    if (st->bad) return;
    if (a->n == KJ_LEAD_MAX) {
        st->bad = 1;
        return;
    }
    if (a->n == a->cap) {
        int nc = a->cap ? a->cap * 2 : 8;
        unsigned char *l = realloc(a->len, (size_t)nc);
        if (l) a->len = l;
        char(*v)[KJ_LEAD_LEN] = realloc(a->s, (size_t)nc * sizeof *v);
        if (v) a->s = v;
        if (!l || !v) {
            st->bad = 1;
            return;
        }
        a->cap = nc;
    }
    memcpy(a->s[a->n], s, n);
    a->len[a->n++] = (unsigned char)n;
}

/* The set of the empty string: exact for a zero-width element, not for one
 * whose matches begin with anything (a class, a dot). */
static void lset_empty(lead_parser *st, lset *a, int exact) {
    a->n = 0;
    lset_add(st, a, "", 0);
    a->exact = exact;
}

/* a becomes a followed by b, when a is exact (else a stays: its strings
 * already begin every match). Exact when both are. When a string would be
 * longer than KJ_LEAD_LEN, or there would be too many, a stays as it is,
 * no longer exact: its strings still begin every match. */
static void lset_concat(lead_parser *st, lset *a, const lset *b) {
    if (!a->exact || st->bad) return;
    int fits = (long)a->n * b->n <= KJ_LEAD_MAX;
    for (int i = 0; fits && i < a->n; i++)
        for (int j = 0; fits && j < b->n; j++)
            fits = a->len[i] + b->len[j] <= KJ_LEAD_LEN;
    if (!fits) {
        a->exact = 0;
        return;
    }
    if (b->n == 1) { /* a literal character, mostly: in place */
        for (int i = 0; i < a->n; i++) {
            memcpy(a->s[i] + a->len[i], b->s[0], b->len[0]);
            a->len[i] = (unsigned char)(a->len[i] + b->len[0]);
        }
        a->exact = b->exact;
        return;
    }
    lset out = {0};
    for (int i = 0; i < a->n; i++)
        for (int j = 0; j < b->n; j++) {
            char buf[KJ_LEAD_LEN];
            memcpy(buf, a->s[i], a->len[i]);
            memcpy(buf + a->len[i], b->s[j], b->len[j]);
            lset_add(st, &out, buf, (size_t)a->len[i] + b->len[j]);
        }
    out.exact = b->exact;
    lset_free(a);
    *a = out;
}

/* a becomes a and b (the branches of an alternation). */
static void lset_union(lead_parser *st, lset *a, const lset *b) {
    for (int j = 0; j < b->n; j++)
        lset_add(st, a, b->s[j], b->len[j]);
    a->exact = a->exact && b->exact;
}

/* Length of the UTF-8 character at p (1-4), 0 when it is not one. */
static size_t utf8_char(const char *p) {
    unsigned char c = (unsigned char)*p;
    size_t n = c < 0x80 ? 1 : c >= 0xf8 ? 0 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
    for (size_t k = 1; k < n; k++)
        if (((unsigned char)p[k] & 0xc0) != 0x80) return 0;
    return c ? n : 0;
}

/* Whether escaped character e stands for itself (punctuation). */
static int escaped_self(char e) {
    return e && (unsigned char)e < 0x80 && strchr("\\.^$|?*+()[]{}-/&#:<>=!,'\"%@~` ", e);
}

/* A class at '[': into a its listed characters when it lists at most 8
 * characters without a range or negation (exact); else the empty string,
 * not exact (it may stand for many). */
static void parse_class(lead_parser *st, lset *a) {
    const char *p = st->p + 1;
    int simple = *p != '^';
    a->n = 0;
    a->exact = 1;
    if (*p == '^') p++;
    if (*p == ']') { /* a ']' first is a character */
        lset_add(st, a, "]", 1);
        p++;
    }
    while (*p && *p != ']' && !st->bad) {
        size_t n = 0;
        const char *c = p;
        if (*p == '\\') {
            if (!escaped_self(p[1])) simple = 0; /* \d, \w ...: a class of its own */
            if (!p[1]) break;
            c = p + 1;
            n = 1;
            p += 2;
        } else if (*p == '[' && p[1] == ':') {
            const char *e = strstr(p + 2, ":]");
            if (!e) break;
            simple = 0;
            p = e + 2;
            continue;
        } else {
            n = utf8_char(p);
            if (!n) break;
            p += n;
            if (*p == '-' && p[1] && p[1] != ']') simple = 0; /* a range */
        }
        if (simple) lset_add(st, a, c, n);
    }
    if (*p != ']') {
        st->bad = 1;
        return;
    }
    st->p = p + 1;
    if (!simple || a->n == 0 || a->n > 8) lset_empty(st, a, 0);
}

/* Skip a quantifier if one follows: *min and *max its bounds (*max -1 for
 * none), 1 and 1 without one. */
static void quantifier(lead_parser *st, long *min, long *max) {
    const char *p = st->p;
    *min = *max = 1;
    if (*p == '?' || *p == '*' || *p == '+') {
        *min = *p == '+';
        *max = *p == '?' ? 1 : -1;
        p++;
    } else if (*p == '{') {
        const char *q = p + 1;
        long lo = 0, hi;
        int digits = 0;
        while (*q >= '0' && *q <= '9' && digits < 6)
            lo = lo * 10 + (*q++ - '0'), digits++;
        if (!digits) {
            st->bad = 1; /* "{" as a literal or "{,n}": not handled */
            return;
        }
        hi = lo;
        if (*q == ',') {
            q++;
            hi = *q == '}' ? -1 : 0;
            for (digits = 0; *q >= '0' && *q <= '9' && digits < 6; digits++)
                hi = hi * 10 + (*q++ - '0');
        }
        if (*q != '}') {
            st->bad = 1;
            return;
        }
        *min = lo;
        *max = hi;
        p = q + 1;
    } else {
        return;
    }
    if (*p == '?' || *p == '+') p++; /* lazy or possessive */
    st->p = p;
}

static void parse_alt(lead_parser *st, lset *out, int depth);

/* A group at '(': into a its alternation's strings, or the empty string
 * for a look-around (zero width). */
static void parse_group(lead_parser *st, lset *a, int depth) {
    const char *p = st->p + 1;
    int look = 0;
    if (*p == '?') {
        if (p[1] == ':') {
            p += 2;
        } else if (p[1] == '=' || p[1] == '!') {
            p += 2, look = 1;
        } else if (p[1] == '<' && (p[2] == '=' || p[2] == '!')) {
            p += 3, look = 1;
        } else if (p[1] == '<' && ((p[2] >= 'a' && p[2] <= 'z') || (p[2] >= 'A' && p[2] <= 'Z'))) {
            const char *e = p + 2;
            while ((*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z') ||
                   (*e >= '0' && *e <= '9') || *e == '_')
                e++;
            if (*e != '>') {
                st->bad = 1;
                return;
            }
            p = e + 1;
        } else {
            st->bad = 1; /* options such as (?i), atomic groups, conditions ... */
            return;
        }
    } else if (*p == '*') {
        st->bad = 1; /* a verb: (*SKIP), (*COMMIT) ... */
        return;
    }
    st->p = p;
    parse_alt(st, a, depth + 1);
    if (st->bad || *st->p != ')') {
        st->bad = 1;
        return;
    }
    st->p++;
    if (look) {
        lset_free(a);
        lset_empty(st, a, 1);
    }
}

/* One element of a sequence at st->p, with its quantifier: into a the
 * strings its matches are or begin with. */
static void parse_atom(lead_parser *st, lset *a, int depth) {
    const char *p = st->p;
    unsigned char c = (unsigned char)*p;
    if (c == '(') {
        parse_group(st, a, depth);
    } else if (c == '[') {
        parse_class(st, a);
    } else if (c == '\\') {
        char e = p[1];
        if (e == 'b' || e == 'B') {
            lset_empty(st, a, 1);
        } else if (e && strchr("dDwWsShHvVN", e)) {
            lset_empty(st, a, 0);
        } else if (escaped_self(e)) {
            lset_add(st, a, p + 1, 1);
            a->exact = 1;
        } else {
            st->bad = 1; /* \G, \K, \A, \z, \R, \x, \p, back references ... */
        }
        st->p = p + 2;
    } else if (c == '^' || c == '$') {
        lset_empty(st, a, 1);
        st->p = p + 1;
    } else if (c == '.') {
        lset_empty(st, a, 0);
        st->p = p + 1;
    } else if (c == '*' || c == '+' || c == '?' || c == '{') {
        st->bad = 1;
    } else {
        size_t n = utf8_char(p);
        if (!n) {
            st->bad = 1;
            return;
        }
        lset_add(st, a, p, n);
        a->exact = 1;
        st->p = p + n;
    }
    long min = 1, max = 1;
    if (!st->bad) quantifier(st, &min, &max);
    if (st->bad || (min == 1 && max == 1)) return;
    if (min == 0) lset_add(st, a, "", 0); /* it may be left out */
    /* one copy exactly, or none: still exact; more copies: what follows
     * the first is not known here */
    a->exact = a->exact && max == 1;
}

/* One sequence (a branch of an alternation) into out. */
static void parse_seq(lead_parser *st, lset *out, int depth) {
    lset a = {0}; /* each element's, its room kept from one to the next */
    lset_empty(st, out, 1);
    while (*st->p && *st->p != '|' && *st->p != ')' && !st->bad) {
        a.n = 0;
        parse_atom(st, &a, depth);
        lset_concat(st, out, &a);
    }
    lset_free(&a);
}

/* An alternation up to ')' or the end into out: its branches' strings. */
static void parse_alt(lead_parser *st, lset *out, int depth) {
    if (depth > 16) st->bad = 1;
    parse_seq(st, out, depth);
    while (!st->bad && *st->p == '|') {
        st->p++;
        lset br = {0};
        parse_seq(st, &br, depth);
        lset_union(st, out, &br);
        lset_free(&br);
    }
}

/* Order of strings: bytewise, a prefix before the strings it begins. */
static int cmp_lead(const void *x, const void *y) {
    const kj_lead_lit *a = x, *b = y;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->s, b->s, n);
    return c ? c : (int)a->len - (int)b->len;
}

int kj_lead_literals(const char *pattern, kj_lead_lit **out) {
    *out = NULL;
    if (!pattern) return 0;
    lead_parser st = {pattern, 0};
    lset all = {0};
    parse_alt(&st, &all, 0);
    int ok = !st.bad && *st.p == '\0' && all.n > 0;
    for (int i = 0; ok && i < all.n; i++)
        ok = all.len[i] > 0; /* a match that may begin with anything */
    kj_lead_lit *v = ok ? malloc((size_t)all.n * sizeof *v) : NULL;
    int n = 0;
    if (v) {
        for (int i = 0; i < all.n; i++) {
            v[i].len = all.len[i];
            memcpy(v[i].s, all.s[i], all.len[i]);
        }
        qsort(v, (size_t)all.n, sizeof *v, cmp_lead);
        /* keep the shortest of those that begin alike: a string that
         * begins with a kept one starts where that one does */
        for (int i = 0; i < all.n; i++)
            if (!n || v[i].len < v[n - 1].len || memcmp(v[i].s, v[n - 1].s, v[n - 1].len) != 0)
                v[n++] = v[i];
    }
    lset_free(&all);
    if (!n) {
        free(v);
        return ok ? -1 : 0;
    }
    *out = v;
    return n;
}
