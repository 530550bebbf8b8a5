/*
 * rx.c - where a lexicon regex's matches start, found from where they end.
 *
 * Start-of-match tracking slows Vectorscan's scan of the whole lexicon down
 * (about 2x on Japanese text), so the main database reports a regex's hits by
 * their end only and scan.c asks kj_rx_starts() for the starts. It runs the
 * regex's Thompson NFA backwards from the reported ends over the passage's
 * normalised text, once for all ends of one term: a state carries the largest
 * end it was reached from (two paths in one state at one position have the
 * same past, so the larger end stands for both), and every position where the
 * NFA's start state is reached is the start of a match to that end. The
 * matches reported are not Vectorscan's (one leftmost start per end) but
 * they cover and straddle exactly the same positions, so merging overlapping
 * hits of a term (scan.c) gives the same hits. Work is linear in the bytes
 * that live matches span.
 *
 * Only the syntax the lexicon uses is compiled, with Vectorscan's meaning in
 * UTF-8 mode without UCP: literals, classes ([...], [^...], \d, \s, '.'),
 * groups ((...), (?:...)), alternation, the quantifiers ? * + {m,n} (lazy or
 * not), and \b \B with ASCII word characters. Caseless matching adds the
 * other ASCII case, and U+212A for k and U+017F for s as Vectorscan does. For
 * anything else (anchors, \w, cased non-ASCII letters, ...) kj_rx_compile()
 * returns NULL and the regex keeps Vectorscan's start of match.
 */
#include "match_internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define RX_MAX_NODES 4096 /* NFA states; larger expansions keep Vectorscan's starts */
#define RX_NO_CP (-1)     /* an invalid byte: matches no class */

enum { RX_CHAR, RX_SPLIT, RX_ASSERT, RX_MATCH };
enum { RX_WORDB, RX_NOT_WORDB };

typedef struct {
    uint8_t op;    /* RX_* */
    uint8_t asrt;  /* RX_ASSERT: RX_WORDB or RX_NOT_WORDB */
    uint32_t cls;  /* RX_CHAR: index in classes */
    uint32_t out;  /* next state (RX_CHAR after the character) */
    uint32_t out1; /* RX_SPLIT: the other next state */
} rx_node;

typedef struct {
    uint64_t ascii[2]; /* code points 0-127 */
    uint32_t off, n;   /* ranges[off, off + n): non-ASCII code points, sorted */
    int neg;           /* for non-ASCII code points: match those outside the ranges */
} rx_class;

struct kj_rx {
    rx_node *nodes; /* heap, n entries */
    uint32_t n, start, match;
    rx_class *classes; /* heap */
    uint32_t *ranges;  /* heap, lo/hi pairs */
    /* predecessors, compressed rows: cpred[cpred_off[q] .. cpred_off[q + 1]) are the
     * RX_CHAR states whose out is q; epred likewise the RX_SPLIT and RX_ASSERT ones */
    uint32_t *cpred_off, *cpred, *epred_off, *epred; /* heap */
};

/* ---- Parsing into a syntax tree ----------------------------------------- */

enum { A_CLS, A_CAT, A_ALT, A_REP, A_ASSERT, A_EMPTY };

typedef struct {
    int type;
    int a, b;     /* children (A_CAT, A_ALT; A_REP uses a) */
    int min, max; /* A_REP; max -1 = unbounded */
    int cls;      /* A_CLS: class index; A_ASSERT: RX_WORDB or RX_NOT_WORDB */
} ast;

typedef struct {
    const unsigned char *p, *end;
    int caseless, bad;
    ast *t;
    size_t nt, capt;
    rx_class *cls;
    size_t ncls, capc;
    uint32_t *rg; /* lo/hi pairs */
    size_t nrg, caprg;
    int depth;
} parser;

/* v with room for need entries (at least one, so NULL means out of memory). */
static void *grow(void *v, size_t *cap, size_t need, size_t size) {
    if (need <= *cap && v) return v;
    size_t cap2 = *cap ? *cap * 2 : 16;
    while (cap2 < need)
        cap2 *= 2;
    void *nv = realloc(v, cap2 * size);
    if (nv) *cap = cap2;
    return nv;
}

static int node(parser *ps, int type, int a, int b) {
    ast *t = grow(ps->t, &ps->capt, ps->nt + 1, sizeof *t);
    if (!t) {
        ps->bad = 1;
        return 0;
    }
    ps->t = t;
    t[ps->nt] = (ast){type, a, b, 0, 0, 0};
    return (int)ps->nt++;
}

/* A class under construction: ASCII bits and a list of non-ASCII ranges. */
typedef struct {
    uint64_t ascii[2];
    uint32_t r[64]; /* lo/hi pairs */
    int nr;
    int neg;
} cls_tmp;

static void add_range(parser *ps, cls_tmp *c, int32_t lo, int32_t hi) {
    if (lo > hi || lo < 0) {
        ps->bad = 1;
        return;
    }
    for (; lo <= hi && lo < 128; lo++)
        c->ascii[lo >> 6] |= 1ULL << (lo & 63);
    if (lo > hi) return;
    if (c->nr == 32) {
        ps->bad = 1;
        return;
    }
    c->r[2 * c->nr] = (uint32_t)lo;
    c->r[2 * c->nr + 1] = (uint32_t)hi;
    c->nr++;
}

static int has_bit(const uint64_t *a, int c) {
    return (a[c >> 6] >> (c & 63)) & 1;
}

/* Caseless: ASCII letters gain their other case (and k U+212A, s U+017F, as
 * Vectorscan's Unicode case folding has it); a cased non-ASCII letter is not
 * supported. */
static void fold_case(parser *ps, cls_tmp *c) {
    int kelvin = 0, long_s = 0;
    for (int ch = 'a'; ch <= 'z'; ch++) {
        int up = ch - 'a' + 'A';
        if (has_bit(c->ascii, ch) || has_bit(c->ascii, up)) {
            c->ascii[ch >> 6] |= 1ULL << (ch & 63);
            c->ascii[up >> 6] |= 1ULL << (up & 63);
            kelvin |= ch == 'k';
            long_s |= ch == 's';
        }
    }
    uint32_t checked = 0;
    for (int i = 0; i < c->nr; i++)
        for (uint32_t cp = c->r[2 * i]; cp <= c->r[2 * i + 1]; cp++) {
            if (++checked > 70000) {
                ps->bad = 1;
                return;
            }
            utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
            if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
                cat == UTF8PROC_CATEGORY_LT ||
                utf8proc_tolower((utf8proc_int32_t)cp) != (utf8proc_int32_t)cp ||
                utf8proc_toupper((utf8proc_int32_t)cp) != (utf8proc_int32_t)cp) {
                ps->bad = 1;
                return;
            }
        }
    if (kelvin) add_range(ps, c, 0x212A, 0x212A);
    if (long_s) add_range(ps, c, 0x17F, 0x17F);
}

static int cmp_range(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Store c (folded when caseless) as a new class; returns an A_CLS node. */
static int finish_class(parser *ps, cls_tmp *c) {
    if (ps->caseless) {
        /* the case closure of a negated class is not Vectorscan-checked here */
        if (c->neg && (c->ascii[1] & 0x07fffffe07fffffeULL)) ps->bad = 1;
        fold_case(ps, c);
    }
    if (ps->bad) return 0;
    qsort(c->r, (size_t)c->nr, 2 * sizeof *c->r, cmp_range);
    rx_class *cl = grow(ps->cls, &ps->capc, ps->ncls + 1, sizeof *cl);
    uint32_t *rg = cl ? grow(ps->rg, &ps->caprg, ps->nrg + 2 * (size_t)c->nr, sizeof *rg) : NULL;
    if (cl) ps->cls = cl;
    if (!cl || !rg) {
        ps->bad = 1;
        return 0;
    }
    ps->rg = rg;
    rx_class *k = &ps->cls[ps->ncls];
    k->ascii[0] = c->neg ? ~c->ascii[0] : c->ascii[0];
    k->ascii[1] = c->neg ? ~c->ascii[1] : c->ascii[1];
    k->off = (uint32_t)ps->nrg;
    k->n = (uint32_t)c->nr;
    k->neg = c->neg;
    memcpy(rg + ps->nrg, c->r, 2 * (size_t)c->nr * sizeof *rg);
    ps->nrg += 2 * (size_t)c->nr;
    int t = node(ps, A_CLS, 0, 0);
    if (!ps->bad) ps->t[t].cls = (int)ps->ncls++;
    return t;
}

/* One UTF-8 code point of the pattern. */
static int32_t next_cp(parser *ps) {
    if (ps->p >= ps->end) {
        ps->bad = 1;
        return 0;
    }
    int32_t cp;
    size_t k = kj_utf8_decode((const char *)ps->p, (size_t)(ps->end - ps->p), &cp);
    if (cp == 0xFFFD && k == 1 && *ps->p >= 0x80) ps->bad = 1;
    ps->p += k;
    return cp;
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* An escape after '\' that stands for one code point, or -1 when it is
 * something else (a class, an assertion) or not supported. */
static int32_t escaped_cp(parser *ps, int c) {
    switch (c) {
    case 't':
        return '\t';
    case 'n':
        return '\n';
    case 'r':
        return '\r';
    case 'f':
        return '\f';
    case 'v':
        return '\v';
    case 'e':
        return 0x1B;
    case 'x': {
        int32_t v = 0;
        if (ps->p < ps->end && *ps->p == '{') {
            ps->p++;
            int digits = 0;
            while (ps->p < ps->end && *ps->p != '}' && hexval(*ps->p) >= 0 && digits < 6)
                v = v * 16 + hexval(*ps->p++), digits++;
            if (ps->p >= ps->end || *ps->p != '}' || !digits) return -1;
            ps->p++;
            return v;
        }
        for (int i = 0; i < 2 && ps->p < ps->end && hexval(*ps->p) >= 0; i++)
            v = v * 16 + hexval(*ps->p++);
        return v;
    }
    default:
        /* an escaped punctuation character is itself */
        if (c < 128 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '_'))
            return c;
        return -1;
    }
}

/* \d and \s (ASCII, as without UCP) into c; returns 0 for other letters. */
static int class_escape(parser *ps, cls_tmp *c, int e) {
    if (e == 'd') {
        add_range(ps, c, '0', '9');
    } else if (e == 's') {
        add_range(ps, c, '\t', '\r');
        add_range(ps, c, ' ', ' ');
    } else {
        return 0;
    }
    return 1;
}

static int parse_bracket(parser *ps) {
    cls_tmp c = {0};
    if (ps->p < ps->end && *ps->p == '^') {
        c.neg = 1;
        ps->p++;
    }
    int first = 1;
    while (!ps->bad) {
        if (ps->p >= ps->end) {
            ps->bad = 1;
            break;
        }
        if (*ps->p == ']' && !first) {
            ps->p++;
            break;
        }
        if (*ps->p == '[') { /* POSIX classes and the like */
            ps->bad = 1;
            break;
        }
        first = 0;
        int32_t lo;
        if (*ps->p == '\\') {
            ps->p++;
            if (ps->p >= ps->end) {
                ps->bad = 1;
                break;
            }
            int e = *ps->p++;
            if (class_escape(ps, &c, e)) continue;
            lo = e == 'b' ? 0x08 : escaped_cp(ps, e);
            if (lo < 0) {
                ps->bad = 1;
                break;
            }
        } else {
            lo = next_cp(ps);
        }
        int32_t hi = lo;
        if (ps->p + 1 < ps->end && *ps->p == '-' && ps->p[1] != ']') {
            ps->p++;
            if (*ps->p == '\\') {
                ps->p++;
                if (ps->p >= ps->end) {
                    ps->bad = 1;
                    break;
                }
                hi = escaped_cp(ps, *ps->p++);
                if (hi < 0) ps->bad = 1;
            } else {
                hi = next_cp(ps);
            }
        }
        add_range(ps, &c, lo, hi);
    }
    return ps->bad ? 0 : finish_class(ps, &c);
}

static int parse_alt(parser *ps);

static int parse_atom(parser *ps) {
    unsigned char ch = *ps->p;
    cls_tmp c = {0};
    if (ch == '(') {
        ps->p++;
        if (ps->p + 1 < ps->end && ps->p[0] == '?') {
            if (ps->p[1] != ':') {
                ps->bad = 1; /* flags, look-around, named groups */
                return 0;
            }
            ps->p += 2;
        }
        if (++ps->depth > 64) {
            ps->bad = 1;
            return 0;
        }
        int t = parse_alt(ps);
        ps->depth--;
        if (ps->p >= ps->end || *ps->p != ')') {
            ps->bad = 1;
            return 0;
        }
        ps->p++;
        return t;
    }
    if (ch == '[') {
        ps->p++;
        return parse_bracket(ps);
    }
    if (ch == '.') {
        ps->p++;
        c.neg = 1;
        add_range(ps, &c, '\n', '\n');
        return finish_class(ps, &c);
    }
    if (ch == '^' || ch == '$' || ch == ')' || ch == '*' || ch == '+' || ch == '?' || ch == '{') {
        ps->bad = 1;
        return 0;
    }
    if (ch == '\\') {
        ps->p++;
        if (ps->p >= ps->end) {
            ps->bad = 1;
            return 0;
        }
        int e = *ps->p++;
        if (e == 'b' || e == 'B') {
            int t = node(ps, A_ASSERT, 0, 0);
            if (!ps->bad) ps->t[t].cls = e == 'b' ? RX_WORDB : RX_NOT_WORDB;
            return t;
        }
        if (class_escape(ps, &c, e)) return finish_class(ps, &c);
        int32_t cp = escaped_cp(ps, e);
        if (cp < 0) {
            ps->bad = 1;
            return 0;
        }
        add_range(ps, &c, cp, cp);
        return finish_class(ps, &c);
    }
    int32_t cp = next_cp(ps);
    add_range(ps, &c, cp, cp);
    return finish_class(ps, &c);
}

static int parse_number(parser *ps, int *v) {
    int digits = 0;
    *v = 0;
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9' && digits < 4) {
        *v = *v * 10 + (*ps->p++ - '0');
        digits++;
    }
    return digits > 0;
}

static int parse_repeat(parser *ps) {
    int t = parse_atom(ps);
    while (!ps->bad && ps->p < ps->end) {
        int min, max;
        unsigned char q = *ps->p;
        if (q == '?') {
            min = 0, max = 1;
        } else if (q == '*') {
            min = 0, max = -1;
        } else if (q == '+') {
            min = 1, max = -1;
        } else if (q == '{') {
            ps->p++;
            if (!parse_number(ps, &min)) {
                ps->bad = 1; /* a literal '{' */
                return 0;
            }
            max = min;
            if (ps->p < ps->end && *ps->p == ',') {
                ps->p++;
                if (!parse_number(ps, &max)) max = -1;
            }
            if (ps->p >= ps->end || *ps->p != '}' || (max >= 0 && max < min)) {
                ps->bad = 1;
                return 0;
            }
        } else {
            break;
        }
        ps->p++;
        if (ps->p < ps->end && *ps->p == '?') ps->p++; /* lazy: the same matches */
        if (ps->p < ps->end && *ps->p == '+') {        /* possessive */
            ps->bad = 1;
            return 0;
        }
        if (ps->t[t].type == A_ASSERT) {
            ps->bad = 1;
            return 0;
        }
        int r = node(ps, A_REP, t, 0);
        if (ps->bad) return 0;
        ps->t[r].min = min;
        ps->t[r].max = max;
        t = r;
    }
    return t;
}

static int parse_concat(parser *ps) {
    int t = -1;
    while (!ps->bad && ps->p < ps->end && *ps->p != '|' && *ps->p != ')') {
        int r = parse_repeat(ps);
        t = t < 0 ? r : node(ps, A_CAT, t, r);
    }
    return t < 0 ? node(ps, A_EMPTY, 0, 0) : t;
}

static int parse_alt(parser *ps) {
    int t = parse_concat(ps);
    while (!ps->bad && ps->p < ps->end && *ps->p == '|') {
        ps->p++;
        int r = parse_concat(ps);
        t = node(ps, A_ALT, t, r);
    }
    return t;
}

/* ---- The NFA ------------------------------------------------------------- */

typedef struct {
    kj_rx *rx;
    size_t cap;
    const ast *t;
    int bad;
} builder;

static uint32_t add_node(builder *b, rx_node nd) {
    if (b->bad || b->rx->n >= RX_MAX_NODES) {
        b->bad = 1;
        return 0;
    }
    rx_node *v = grow(b->rx->nodes, &b->cap, (size_t)b->rx->n + 1, sizeof *v);
    if (!v) {
        b->bad = 1;
        return 0;
    }
    b->rx->nodes = v;
    v[b->rx->n] = nd;
    return b->rx->n++;
}

/* The states of tree node i, leading to next; returns the entry state. */
static uint32_t emit(builder *b, int i, uint32_t next) {
    if (b->bad) return 0;
    const ast *a = &b->t[i];
    switch (a->type) {
    case A_CLS:
        return add_node(b, (rx_node){RX_CHAR, 0, (uint32_t)a->cls, next, 0});
    case A_ASSERT:
        return add_node(b, (rx_node){RX_ASSERT, (uint8_t)a->cls, 0, next, 0});
    case A_EMPTY:
        return next;
    case A_CAT:
        return emit(b, a->a, emit(b, a->b, next));
    case A_ALT: {
        uint32_t x = emit(b, a->a, next), y = emit(b, a->b, next);
        return add_node(b, (rx_node){RX_SPLIT, 0, 0, x, y});
    }
    case A_REP: {
        uint32_t t = next;
        if (a->max < 0) { /* a loop: split -> body -> split, or on */
            uint32_t s = add_node(b, (rx_node){RX_SPLIT, 0, 0, 0, next});
            uint32_t body = emit(b, a->a, s);
            if (b->bad) return 0;
            b->rx->nodes[s].out = body;
            t = s;
        } else {
            for (int k = a->min; k < a->max && !b->bad; k++) { /* optional copies */
                uint32_t body = emit(b, a->a, t);
                t = add_node(b, (rx_node){RX_SPLIT, 0, 0, body, next});
            }
        }
        for (int k = 0; k < a->min && !b->bad; k++)
            t = emit(b, a->a, t);
        return t;
    }
    }
    b->bad = 1;
    return 0;
}

/* Predecessor rows: for each state q, the RX_CHAR states (chars) or else the
 * RX_SPLIT and RX_ASSERT states that move to q. Returns 0 when out of memory. */
static int pred_rows(kj_rx *rx, int chars, uint32_t **off_out, uint32_t **rows_out) {
    uint32_t *off = calloc((size_t)rx->n + 1, sizeof *off);
    uint32_t *rows = malloc(((size_t)rx->n * 2 + 1) * sizeof *rows);
    if (!off || !rows) {
        free(off);
        free(rows);
        return 0;
    }
    for (int pass = 0; pass < 2; pass++) {
        uint32_t *fill = pass ? calloc((size_t)rx->n, sizeof *fill) : NULL;
        if (pass && !fill) {
            free(off);
            free(rows);
            return 0;
        }
        for (uint32_t s = 0; s < rx->n; s++) {
            const rx_node *nd = &rx->nodes[s];
            int is_char = nd->op == RX_CHAR;
            if (nd->op == RX_MATCH || is_char != chars) continue;
            uint32_t outs[2] = {nd->out, nd->out1};
            int nouts = nd->op == RX_SPLIT ? 2 : 1;
            for (int k = 0; k < nouts; k++) {
                if (!pass)
                    off[outs[k] + 1]++;
                else
                    rows[off[outs[k]] + fill[outs[k]]++] = s;
            }
        }
        if (!pass)
            for (uint32_t q = 0; q < rx->n; q++)
                off[q + 1] += off[q];
        free(fill);
    }
    *off_out = off;
    *rows_out = rows;
    return 1;
}

void kj_rx_free(kj_rx *rx) {
    if (!rx) return;
    free(rx->nodes);
    free(rx->classes);
    free(rx->ranges);
    free(rx->cpred_off);
    free(rx->cpred);
    free(rx->epred_off);
    free(rx->epred);
    free(rx);
}

kj_rx *kj_rx_compile(const char *pattern, int caseless) {
    if (strlen(pattern) > 4096) return NULL; /* bounds the recursion of parse and emit */
    parser ps = {0};
    ps.p = (const unsigned char *)pattern;
    ps.end = ps.p + strlen(pattern);
    ps.caseless = caseless;
    int root = parse_alt(&ps);
    if (ps.p != ps.end) ps.bad = 1; /* an unmatched ')' */
    kj_rx *rx = ps.bad ? NULL : calloc(1, sizeof *rx);
    if (rx) {
        builder b = {rx, 0, ps.t, 0};
        rx->match = add_node(&b, (rx_node){RX_MATCH, 0, 0, 0, 0});
        rx->start = emit(&b, root, rx->match);
        rx->classes = ps.cls;
        rx->ranges = ps.rg;
        ps.cls = NULL;
        ps.rg = NULL;
        if (b.bad || rx->start == rx->match || !pred_rows(rx, 1, &rx->cpred_off, &rx->cpred) ||
            !pred_rows(rx, 0, &rx->epred_off, &rx->epred)) {
            kj_rx_free(rx);
            rx = NULL;
        }
    }
    free(ps.t);
    free(ps.cls);
    free(ps.rg);
    return rx;
}

size_t kj_rx_states(const kj_rx *rx) {
    return rx->n;
}

/* ---- Running it backwards ---------------------------------------------- */

static int class_has(const kj_rx *rx, const rx_class *c, int32_t cp) {
    if (cp < 0) return 0;
    if (cp < 128) return has_bit(c->ascii, cp);
    const uint32_t *r = rx->ranges + c->off;
    int in = 0;
    for (uint32_t i = 0; i < c->n && !in; i++)
        in = kj_cp_in(cp, r[2 * i], r[2 * i + 1]);
    return in != c->neg;
}

static int word_at(const char *s, size_t len, size_t i) {
    if (i >= len) return 0;
    unsigned char c = (unsigned char)s[i];
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int assert_holds(const rx_node *nd, const char *s, size_t len, size_t x) {
    int b = (x > 0 && word_at(s, len, x - 1)) != word_at(s, len, x);
    return nd->asrt == RX_WORDB ? b : !b;
}

/* The code point that ends at byte x (> 0); *start is where it begins.
 * An invalid sequence is one byte that matches nothing. */
static int32_t cp_before(const char *s, size_t x, size_t *start) {
    const unsigned char *u = (const unsigned char *)s;
    *start = x - 1;
    if (u[x - 1] < 0x80) return u[x - 1];
    size_t k = x - 1;
    while (k > 0 && x - k < 4 && (u[k] & 0xC0) == 0x80)
        k--;
    int32_t cp;
    if (kj_utf8_decode(s + k, x - k, &cp) != x - k || (cp == 0xFFFD && x - k == 1)) return RX_NO_CP;
    /* the decoder reads only complete, shortest forms: a match is one character */
    *start = k;
    return cp;
}

size_t kj_rx_work_size(size_t states) {
    return 6 * states;
}

int kj_rx_starts(const kj_rx *rx, const char *text, size_t len, const uint32_t *ends, size_t n_ends,
                 uint32_t *work, int (*emit_fn)(void *ud, uint32_t start, uint32_t end), void *ud) {
    /* work: lab[n] (largest end each state is reached from, 0 = not), nlab[n],
     * act[n] and nact[n] (the states with a label), stk[n] and on[n] (closure) */
    uint32_t nst = rx->n;
    uint32_t *lab = work, *nlab = work + nst, *act = work + 2 * (size_t)nst,
             *nact = work + 3 * (size_t)nst, *stk = work + 4 * (size_t)nst,
             *on = work + 5 * (size_t)nst;
    memset(lab, 0, 2 * (size_t)nst * sizeof *lab);
    memset(on, 0, (size_t)nst * sizeof *on);
    size_t na = 0, ie = 0;
    size_t x = n_ends ? ends[0] : 0;
    /* pending interval: starts come in decreasing order; one that overlaps the
     * last is merged into it (the merged hit is the same), others flushed */
    uint32_t ps = 0, pe = 0;
    int have = 0;
    while (ie < n_ends || na > 0) {
        if (na == 0) x = ends[ie]; /* nothing alive: on to the next end */
        if (x > len) {             /* not from a scan of this text */
            ie++;
            na = 0;
            continue;
        }
        while (ie < n_ends && ends[ie] >= x) {
            if (ends[ie] == x && x > 0) {
                if (!lab[rx->match]) act[na++] = rx->match;
                if (lab[rx->match] < x) lab[rx->match] = (uint32_t)x;
            }
            ie++;
        }
        /* epsilon closure backwards at x: a state whose next state is live
         * (and whose assertion holds here) is live with the same end */
        size_t top = 0;
        for (size_t i = 0; i < na; i++) {
            stk[top++] = act[i];
            on[act[i]] = 1;
        }
        while (top > 0) { /* each state is on the stack at most once */
            uint32_t q = stk[--top];
            on[q] = 0;
            for (uint32_t k = rx->epred_off[q]; k < rx->epred_off[q + 1]; k++) {
                uint32_t p = rx->epred[k];
                const rx_node *nd = &rx->nodes[p];
                if (lab[p] >= lab[q]) continue;
                if (nd->op == RX_ASSERT && !assert_holds(nd, text, len, x)) continue;
                if (!lab[p]) act[na++] = p;
                lab[p] = lab[q];
                if (!on[p]) {
                    stk[top++] = p;
                    on[p] = 1;
                }
            }
        }
        uint32_t e = lab[rx->start];
        if (e > x) {
            if (have && e > ps) {
                ps = (uint32_t)x;
                if (e > pe) pe = e;
            } else {
                if (have && emit_fn(ud, ps, pe)) return -1;
                ps = (uint32_t)x;
                pe = e;
                have = 1;
            }
        }
        /* one character back */
        size_t nn = 0, from = x;
        int32_t cp = RX_NO_CP;
        if (x > 0) cp = cp_before(text, x, &from);
        if (ie < n_ends && ends[ie] > from && ends[ie] < x) { /* an end inside it */
            from = ends[ie];
            cp = RX_NO_CP;
        }
        for (size_t i = 0; i < na && x > 0; i++) {
            uint32_t q = act[i];
            for (uint32_t k = rx->cpred_off[q]; k < rx->cpred_off[q + 1]; k++) {
                uint32_t c = rx->cpred[k];
                if (nlab[c] >= lab[q] || !class_has(rx, &rx->classes[rx->nodes[c].cls], cp))
                    continue;
                if (!nlab[c]) nact[nn++] = c;
                nlab[c] = lab[q];
            }
        }
        for (size_t i = 0; i < na; i++)
            lab[act[i]] = 0;
        uint32_t *t = lab;
        lab = nlab;
        nlab = t;
        t = act;
        act = nact;
        nact = t;
        na = nn;
        if (x == 0) break;
        x = from;
    }
    return have && emit_fn(ud, ps, pe) ? -1 : 0;
}
