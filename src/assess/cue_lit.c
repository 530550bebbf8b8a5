/*
 * cue_lit.c - derive, from a cue's PCRE2 pattern, a set of literal strings
 * at least one of which every match must contain (kj_cue_literals). The cue
 * matcher (data.c) scans each passage once for all cues' literals and runs a
 * cue's regular expression only on passages that contain one of them, so the
 * result must be sound: when in doubt (a construct this small parser does not
 * know) no set is derived and the cue always runs.
 *
 * Understood: literal characters (UTF-8), escaped punctuation, groups
 * "(...)", "(?:...)" and named "(?<name>...)", alternation, classes "[...]", ".", "\d"-style
 * classes, anchors and "\b", look-arounds (skipped), and the quantifiers
 * "? * + {n} {n,} {n,m}" with lazy or possessive suffixes. Anything else
 * (option settings, back references, \p, \x, \Q ...) gives up.
 */
#include "assess_internal.h"

#include <ctype.h>
#include <hs/hs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *p;
    int bad; /* an unsupported construct was seen: derive nothing */
    /* When not NULL (kj_cue_clauses), room for KJ_CLAUSE_ROOM candidate
     * sets: each required piece of the pattern, found in the sequences that
     * every match goes through (not inside a branch of an alternation, an
     * optional group or a look-around; those are dropped again). */
    kj_cue_lits *clause;
    int n_clause;
} lit_parser;

#define KJ_CLAUSE_ROOM 16

/* Characters (not bytes) in literal i of s: a kana such as の is as common
 * as a Latin letter although it takes three bytes. */
static size_t lit_chars(const kj_cue_lits *s, int i) {
    size_t n = 0;
    for (int k = 0; k < s->len[i]; k++)
        n += ((unsigned char)s->s[i][k] & 0xC0) != 0x80;
    return n;
}

/* Candidate sets: a literal set and its weakest (shortest) member, in
 * characters. */
static size_t set_min_len(const kj_cue_lits *s) {
    size_t m = (size_t)-1;
    for (int i = 0; i < s->n; i++) {
        size_t c = lit_chars(s, i);
        if (c < m) m = c;
    }
    return s->n ? m : 0;
}

/* Whether set a is more selective than b (longer shortest literal, then
 * fewer literals). */
static int more_selective(const kj_cue_lits *a, const kj_cue_lits *b) {
    size_t am = set_min_len(a), bm = set_min_len(b);
    return am > bm || (am == bm && a->n < b->n);
}

/* Whether a required set is worth a clause of its own beside the best one:
 * each of its literals three bytes or more (one kanji such as 製, or three
 * letters; not "on"), or a lone uncommon mark ("@", not "."), so that it
 * tells passages apart. A clause costs the scan one report per passage. */
static int clause_worth(const kj_cue_lits *c) {
    if (c->n == 1 && c->len[0] == 1)
        return ispunct((unsigned char)c->s[0][0]) && !strchr(".,-:;()/'\"", c->s[0][0]);
    for (int i = 0; i < c->n; i++)
        if (c->len[i] < 3) return 0;
    return 1;
}

/* Copy the n literals of src to dst: a set's rows past n are never read,
 * and the whole struct is 8 KB however few literals it holds. */
static void lits_copy(kj_cue_lits *dst, const kj_cue_lits *src) {
    dst->n = src->n;
    memcpy(dst->len, src->len, (size_t)src->n * sizeof *src->len);
    memcpy(dst->s, src->s, (size_t)src->n * sizeof *src->s);
}

/* Keep cand in best when it is more selective, and note it as a candidate
 * clause while there is room. */
static void consider(lit_parser *st, const kj_cue_lits *cand, kj_cue_lits *best, int *have) {
    if (!cand->n) return;
    if (st->clause && st->n_clause < KJ_CLAUSE_ROOM) lits_copy(&st->clause[st->n_clause++], cand);
    if (*have && !more_selective(cand, best)) return;
    lits_copy(best, cand);
    *have = 1;
}

static void consider_run(lit_parser *st, const char *run, size_t len, kj_cue_lits *best,
                         int *have) {
    if (!len) return;
    kj_cue_lits one; /* one literal: only row 0 is read (lits_copy) */
    one.n = 1;
    one.len[0] = (unsigned char)len;
    memset(one.s[0], 0, sizeof one.s[0]);
    memcpy(one.s[0], run, len);
    consider(st, &one, best, have);
}

/* Skip a quantifier if one follows; *min gets its lower bound (1 if none).
 * Returns 1 when a quantifier was present. */
static int quantifier(lit_parser *st, long *min) {
    const char *p = st->p;
    *min = 1;
    if (*p == '?' || *p == '*') {
        *min = 0;
        p++;
    } else if (*p == '+') {
        p++;
    } else if (*p == '{') {
        const char *q = p + 1;
        long lo = 0;
        int digits = 0;
        while (*q >= '0' && *q <= '9' && digits < 6) {
            lo = lo * 10 + (*q++ - '0');
            digits++;
        }
        if (!digits) {
            st->bad = 1; /* "{" as a literal or "{,n}": not handled */
            return 0;
        }
        if (*q == ',') {
            q++;
            while (*q >= '0' && *q <= '9')
                q++;
        }
        if (*q != '}') {
            st->bad = 1;
            return 0;
        }
        *min = lo;
        p = q + 1;
    } else {
        return 0;
    }
    if (*p == '?' || *p == '+') p++; /* lazy or possessive */
    st->p = p;
    return 1;
}

/* Skip a character class starting at '['. */
static void skip_class(lit_parser *st) {
    const char *p = st->p + 1;
    if (*p == '^') p++;
    if (*p == ']') p++;
    while (*p && *p != ']') {
        if (*p == '\\' && p[1]) {
            p += 2;
        } else if (*p == '[' && p[1] == ':') {
            const char *e = strstr(p + 2, ":]");
            if (!e) break;
            p = e + 2;
        } else {
            p++;
        }
    }
    if (*p != ']') {
        st->bad = 1;
        st->p = p;
        return;
    }
    st->p = p + 1;
}

static int parse_alt(lit_parser *st, kj_cue_lits *out, int depth);

enum { ATOM_BAD = -1, ATOM_LIT, ATOM_GROUP, ATOM_OTHER, ATOM_ZERO };

/* After a group's '(' at p: past its opening ("?:", a look-around's "?=",
 * "?!", "?<=", "?<!", a name's "?<name>"), *look set for a look-around.
 * NULL for any other "(?". */
static const char *group_body(const char *p, int *look) {
    *look = 0;
    if (*p != '?') return p;
    if (p[1] == ':') return p + 2;
    if (p[1] == '=' || p[1] == '!') {
        *look = 1;
        return p + 2;
    }
    if (p[1] == '<' && (p[2] == '=' || p[2] == '!')) {
        *look = 1;
        return p + 3;
    }
    if (p[1] == '<' && (isalpha((unsigned char)p[2]) || p[2] == '_')) {
        /* a named group, e.g. the lint's (?<hit>...): a group */
        const char *e = p + 2;
        while (isalnum((unsigned char)*e) || *e == '_')
            e++;
        return *e == '>' ? e + 1 : NULL;
    }
    return NULL;
}

/* The group at st->p ('('), its required set into g (*g_ok when it has
 * one). ATOM_GROUP, ATOM_ZERO for a look-around, or ATOM_BAD. */
static int parse_group(lit_parser *st, kj_cue_lits *g, int *g_ok, int depth) {
    int look;
    const char *p = group_body(st->p + 1, &look);
    if (!p) return ATOM_BAD;
    st->p = p;
    *g_ok = parse_alt(st, g, depth + 1);
    if (st->bad || *st->p != ')') return ATOM_BAD;
    st->p++;
    return look ? ATOM_ZERO : ATOM_GROUP;
}

/* The escape at st->p ('\'): an anchor, a class, or an escaped mark (its
 * byte into lit, *ln 1). ATOM_BAD for any other escape. */
static int parse_escape(lit_parser *st, char lit[4], size_t *ln) {
    char e = st->p[1];
    int kind;
    if (e && strchr("bBAzZG", e)) {
        kind = ATOM_ZERO;
    } else if (e && strchr("dDwWsShHvVNR", e)) {
        kind = ATOM_OTHER;
    } else if (e && (unsigned char)e < 0x80 && strchr("\\.^$|?*+()[]{}-/&#:<>=!,'\"%@~` ", e)) {
        lit[0] = e;
        *ln = 1;
        kind = ATOM_LIT;
    } else {
        return ATOM_BAD;
    }
    st->p += 2;
    return kind;
}

/* The literal character (UTF-8) at st->p into lit (*ln bytes): ATOM_LIT,
 * or ATOM_BAD when its bytes are not one. */
static int parse_char(lit_parser *st, char lit[4], size_t *ln) {
    const char *p = st->p;
    unsigned char c = (unsigned char)*p;
    size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
    for (size_t k = 0; k < n; k++) {
        if (!p[k] || (k && ((unsigned char)p[k] & 0xc0) != 0x80)) return ATOM_BAD;
        lit[k] = p[k];
    }
    if (!n) return ATOM_BAD;
    *ln = n;
    st->p = p + n;
    return ATOM_LIT;
}

/* One atom at st->p, its quantifier not yet read: a literal character
 * (into lit, *ln bytes), a group (its required set into g, *g_ok), a
 * class or '.', an anchor or look-around. ATOM_BAD (st->bad set) for what
 * this parser does not know. */
static int parse_atom(lit_parser *st, char lit[4], size_t *ln, kj_cue_lits *g, int *g_ok,
                      int depth) {
    int kind;
    switch (*st->p) {
    case '(':
        kind = parse_group(st, g, g_ok, depth);
        break;
    case '[':
        skip_class(st);
        kind = ATOM_OTHER;
        break;
    case '\\':
        kind = parse_escape(st, lit, ln);
        break;
    case '.':
        st->p++;
        kind = ATOM_OTHER;
        break;
    case '^':
    case '$':
        st->p++;
        kind = ATOM_ZERO;
        break;
    case '*':
    case '+':
    case '?':
    case '{':
        kind = ATOM_BAD;
        break;
    default:
        kind = parse_char(st, lit, ln);
    }
    if (kind == ATOM_BAD) st->bad = 1;
    return kind;
}

/* Append the literal lit (ln bytes) to the run, which is considered and
 * begun again first when it would grow past a literal's room. */
static void run_append(lit_parser *st, char *run, size_t *rlen, const char *lit, size_t ln,
                       kj_cue_lits *best, int *have) {
    if (*rlen + ln > KJ_CUE_LIT_LEN) {
        consider_run(st, run, *rlen, best, have);
        *rlen = 0;
    }
    memcpy(run + *rlen, lit, ln);
    *rlen += ln;
}

/* One sequence (a branch of an alternation): the best required set among
 * its literal runs and mandatory groups. Returns 1 when one was found. */
static int parse_seq(lit_parser *st, kj_cue_lits *best, int depth) {
    char run[KJ_CUE_LIT_LEN];
    size_t rlen = 0;
    int have = 0;
    kj_cue_lits g;
    best->n = 0;
    while (*st->p && *st->p != '|' && *st->p != ')' && !st->bad) {
        char lit[4];
        size_t ln = 0;
        int g_ok = 0, mark = st->n_clause;
        int kind = parse_atom(st, lit, &ln, &g, &g_ok, depth);
        if (st->bad) break;
        long min;
        int quant = quantifier(st, &min);
        if (st->bad) break;
        if (kind == ATOM_ZERO || (kind == ATOM_GROUP && min < 1))
            st->n_clause = mark; /* nothing inside is required */
        if (kind == ATOM_LIT && !quant) {
            run_append(st, run, &rlen, lit, ln, best, &have);
            continue;
        }
        /* a repeated literal: the run so far plus one copy is required;
         * what follows is separated by the repeats */
        if (kind == ATOM_LIT && min >= 1) run_append(st, run, &rlen, lit, ln, best, &have);
        consider_run(st, run, rlen, best, &have);
        rlen = 0;
        if (kind == ATOM_GROUP && g_ok && min >= 1) consider(st, &g, best, &have);
    }
    consider_run(st, run, rlen, best, &have);
    return have && !st->bad;
}

/* An alternation up to ')' or the end: the union of its branches' sets,
 * or nothing when any branch has none. */
static int parse_alt(lit_parser *st, kj_cue_lits *out, int depth) {
    int ok = depth < 8, mark = st->n_clause, branches = 1;
    out->n = 0;
    if (!ok) st->bad = 1;
    while (!st->bad) {
        kj_cue_lits br;
        int has = parse_seq(st, &br, depth);
        if (!has) ok = 0;
        if (ok && out->n + br.n <= KJ_CUE_LIT_MAX) {
            for (int i = 0; i < br.n; i++) {
                out->len[out->n] = br.len[i];
                memcpy(out->s[out->n], br.s[i], br.len[i]);
                out->n++;
            }
        } else {
            ok = 0;
        }
        if (*st->p != '|') break;
        st->p++;
        branches++;
    }
    if (branches > 1) st->n_clause = mark; /* a branch's pieces are not required */
    if (!ok || st->bad) out->n = 0;
    return out->n > 0;
}

/* Whether sets a and b hold the same literals in the same order. */
static int same_set(const kj_cue_lits *a, const kj_cue_lits *b) {
    if (a->n != b->n) return 0;
    for (int i = 0; i < a->n; i++)
        if (a->len[i] != b->len[i] || memcmp(a->s[i], b->s[i], a->len[i]) != 0) return 0;
    return 1;
}

int kj_cue_clauses(const char *pattern, kj_cue_lits *out, int max) {
    if (!pattern || max < 1) return 0;
    kj_cue_lits *got = malloc((KJ_CLAUSE_ROOM + 1) * sizeof *got); /* [ROOM]: the best */
    if (!got) return -1;
    lit_parser st = {pattern, 0, got, 0};
    kj_cue_lits *best = &got[KJ_CLAUSE_ROOM];
    int n = 0;
    if (parse_alt(&st, best, 0) && !st.bad && *st.p == '\0') {
        lits_copy(&out[n++], best);
        /* then the most selective other required pieces worth a clause */
        while (n < max) {
            int pick = -1;
            for (int k = 0; k < st.n_clause; k++) {
                int taken = 0;
                for (int j = 0; j < n; j++)
                    taken |= same_set(&got[k], &out[j]);
                if (!taken && clause_worth(&got[k]) &&
                    (pick < 0 || more_selective(&got[k], &got[pick])))
                    pick = k;
            }
            if (pick < 0) break;
            lits_copy(&out[n++], &got[pick]);
        }
    }
    free(got);
    return n;
}

int kj_cue_literals(const char *pattern, kj_cue_lits *out) {
    out->n = 0;
    return kj_cue_clauses(pattern, out, 1) > 0 ? out->n : 0; /* its first, best set */
}

/* Room for extra more literals in s. */
static int lit_set_reserve(kj_lit_set *s, size_t extra) {
    if (s->n + extra <= s->cap) return 1;
    size_t nc = s->cap ? s->cap * 2 : 128;
    while (nc < s->n + extra)
        nc *= 2;
    const char **a = realloc(s->lits, nc * sizeof *a);
    if (a) s->lits = a;
    size_t *b = realloc(s->lens, nc * sizeof *b);
    if (b) s->lens = b;
    unsigned *c = realloc(s->ids, nc * sizeof *c);
    if (c) s->ids = c;
    if (!a || !b || !c) return 0;
    s->cap = nc;
    return 1;
}

int kj_lit_set_add_clauses(kj_lit_set *s, kj_arena *arena, const kj_cue_lits *cl, int n,
                           unsigned id, int have) {
    for (int c = 0; c < n; c++) {
        if (!lit_set_reserve(s, (size_t)cl[c].n)) return -1;
        for (int k = 0; k < cl[c].n; k++) {
            char *lit = kj_arena_strndup(arena, cl[c].s[k], cl[c].len[k]);
            if (!lit) return -1;
            s->lits[s->n] = lit;
            s->lens[s->n] = cl[c].len[k];
            s->ids[s->n++] = id * KJ_LIT_CLAUSES + (unsigned)(have + c);
        }
    }
    return n < 0 ? -1 : have + n;
}

int kj_lit_set_add(kj_lit_set *s, kj_arena *arena, const char *pattern, unsigned id, int have) {
    if (have < 0 || have >= KJ_LIT_CLAUSES) return have;
    kj_cue_lits *cl = malloc(KJ_LIT_CLAUSES * sizeof *cl);
    if (!cl) return -1;
    int r = kj_lit_set_add_clauses(s, arena, cl, kj_cue_clauses(pattern, cl, KJ_LIT_CLAUSES - have),
                                   id, have);
    free(cl);
    return r;
}

int kj_lit_mark(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                void *bits) {
    (void)from, (void)to, (void)flags;
    uint64_t *b = bits;
    b[id / 64] |= (uint64_t)1 << (id % 64);
    return 0;
}

/* s compiled with flag on each literal (HS_FLAG_SINGLEMATCH, or 0: every
 * occurrence reported), or NULL. */
static hs_database_t *compile_flagged(const kj_lit_set *s, unsigned flag) {
    if (!s->n || s->n > 0xffffffffu) return NULL;
    unsigned *flags = malloc(s->n * sizeof *flags);
    if (!flags) return NULL;
    for (size_t i = 0; i < s->n; i++)
        flags[i] = flag;
    hs_database_t *db = NULL;
    hs_compile_error_t *ce = NULL;
    if (hs_compile_lit_multi(s->lits, flags, s->ids, s->lens, (unsigned)s->n, HS_MODE_BLOCK, NULL,
                             &db, &ce) != HS_SUCCESS) {
        hs_free_compile_error(ce);
        db = NULL;
    }
    free(flags);
    return db;
}

void *kj_lit_set_compile(const kj_lit_set *s) {
    return compile_flagged(s, HS_FLAG_SINGLEMATCH);
}

/* The first line of a cache file for s: its magic and a 64-bit FNV-1a hash
 * of the Vectorscan version and every literal with its length and id, into
 * head (40 bytes); returns its length. The magic's number changes with the
 * way kj_lit_set_compile compiles (its flags and mode). */
#define KJ_LITS_MAGIC "kaiji-lits2 "
#define KJ_LITS_MAGIC_EACH "kaiji-litsE "
static int lits_head(const kj_lit_set *s, unsigned flag, char *head) {
    uint64_t h = 14695981039346656037ull;
    const char *v = hs_version();
    h = kj_fnv1a64(h, v, strlen(v));
    for (size_t i = 0; i < s->n; i++) {
        h = (h ^ (uint64_t)s->lens[i]) * 1099511628211ull;
        h = (h ^ (uint64_t)s->ids[i]) * 1099511628211ull;
        h = kj_fnv1a64(h, s->lits[i], s->lens[i]);
    }
    return snprintf(head, 40, "%s%016llx\n", flag ? KJ_LITS_MAGIC : KJ_LITS_MAGIC_EACH,
                    (unsigned long long)h);
}

/* The database in the cache file path for head, or NULL (none, another
 * head, damaged, or made for another CPU). */
static hs_database_t *read_cached(const char *path, const char *head, size_t hl) {
    char *data;
    size_t len;
    kj_error ignored;
    if (kj_read_file(path, 64u << 20, &data, &len, &ignored) != KJ_OK) return NULL;
    hs_database_t *db = NULL;
    if (len <= hl || memcmp(data, head, hl) != 0 ||
        hs_deserialize_database(data + hl, len - hl, &db) != HS_SUCCESS)
        db = NULL;
    free(data);
    /* scratch is refused for a database made for another CPU */
    hs_scratch_t *scratch = NULL;
    if (db && hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
        hs_free_database(db);
        db = NULL;
    }
    hs_free_scratch(scratch);
    return db;
}

/* Write db to path after head, through a temporary file renamed into place
 * (processes starting at once each write their own); errors are ignored. */
static void write_cached(const char *path, const char *head, const hs_database_t *db) {
    char *bytes = NULL;
    size_t n = 0;
    if (hs_serialize_database(db, &bytes, &n) != HS_SUCCESS) return;
    const void *parts[] = {head, bytes};
    size_t lens[] = {strlen(head), n};
    kj_write_file_replace(path, parts, lens, 2);
    free(bytes);
}

/* compile_flagged(s, flag), cached in dir/name (kj_lit_set_compile_cached). */
static void *compile_cached(const kj_lit_set *s, unsigned flag, const char *dir, const char *name) {
    char path[4200];
    int pl = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!s->n || pl <= 0 || (size_t)pl >= sizeof path) /* no cache for a path too long */
        return compile_flagged(s, flag);
    char head[40];
    int hl = lits_head(s, flag, head);
    hs_database_t *db = read_cached(path, head, (size_t)hl);
    if (db) return db;
    db = compile_flagged(s, flag);
    if (db) write_cached(path, head, db);
    return db;
}

void *kj_lit_set_compile_cached(const kj_lit_set *s, const char *dir, const char *name) {
    return compile_cached(s, HS_FLAG_SINGLEMATCH, dir, name);
}

void *kj_lit_set_compile_each_cached(const kj_lit_set *s, const char *dir, const char *name) {
    return compile_cached(s, 0, dir, name);
}

void kj_lit_set_free(kj_lit_set *s) {
    free(s->lits);
    free(s->lens);
    free(s->ids);
    *s = (kj_lit_set){0};
}
