/*
 * lint.c - load and compile the sensitivity lint's rules (data/lint/): the
 * rule texts (rules.tsv), the curated list of security products and vendors
 * (products.tsv) and the detection patterns (patterns.tsv). Patterns are
 * PCRE2 (look-around is needed to tell a planted detail from a harmless
 * figure), JIT-compiled. The literals every match of a pattern needs, up to
 * four sets of them (kj_cue_clauses, with the pattern's context's and a
 * product or vendor name by its leading word), go into one Vectorscan
 * literal database, which lint_scan.c runs once per passage so that a
 * pattern runs only on passages with a literal of each of its sets. (A
 * Vectorscan database of the whole expanded patterns, in its prefilter mode
 * too, was tried: its compile took from 18 s to a minute.) A pattern's own
 * clauses of few literals are kept as its anchors, by which lint_scan.c
 * limits where its matches may start; and the literals its matches begin
 * with, when it has such (lint_lead.c), by which it tries only the offsets
 * where one starts. The file formats are in data/lint/README.md.
 */
#include "lint_internal.h"

#include <hs/hs.h>
#include <stdlib.h>
#include <string.h>

#include "assess_internal.h"

#include "kaiji/text.h"

#define KJ_LINT_MAX_FIELDS 10
#define KJ_LINT_MAX_FILE ((size_t)4 << 20)

static const char *const sev_names[] = {"note", "warning", "error"};

const char *kj_severity_name(kj_severity s) {
    return (s >= KJ_SEV_NOTE && s <= KJ_SEV_ERROR) ? sev_names[s] : "note";
}

int kj_severity_parse(const char *s) {
    for (int i = 0; i < 3; i++)
        if (s && strcmp(s, sev_names[i]) == 0) return i;
    return -1;
}

int kj_lint_lang_index(kj_lang lang) {
    return lang == KJ_LANG_EN ? 1 : 0;
}

long kj_lint_rule_find(const kj_linter *l, const char *id) {
    for (size_t i = 0; i < l->n_rules; i++)
        if (strcmp(l->rules[i].id, id) == 0) return (long)i;
    return -1;
}

size_t kj_linter_rule_count(const kj_linter *l) {
    return l ? l->n_rules : 0;
}

const char *kj_linter_rule_id(const kj_linter *l, size_t i) {
    return (l && i < l->n_rules) ? l->rules[i].id : NULL;
}

/* ---- TSV reading --------------------------------------------------------- */

typedef kj_status (*line_fn)(kj_linter *l, char **f, int nf, const char *path, int lineno, void *ud,
                             kj_error *err);

/* Call fn for every non-blank, non-comment line of dir/name. A file of no
 * entries (emptied, or cut short to its header comments) is an error
 * naming it: an empty products.tsv loaded, and the patterns that name
 * {products} or {vendors} quietly found none. */
static kj_status each_line(kj_linter *l, const char *dir, const char *name, line_fn fn, void *ud,
                           kj_error *err) {
    char *path = kj_arena_printf(l->arena, "%s/%s", dir, name);
    if (!path) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    char *data = NULL;
    size_t len = 0;
    kj_error rerr = {0}; /* apart from err: its message is an argument of err's */
    kj_status st = kj_read_file(path, KJ_LINT_MAX_FILE, &data, &len, &rerr);
    if (st != KJ_OK) return kj_error_set(err, KJ_ERR_DATA, "%s", rerr.msg);
    kj_data_cursor cur;
    kj_data_cursor_init(&cur, path, data, len);
    size_t rows = 0;
    while (st == KJ_OK && (st = kj_data_next_entry(&cur, err)) == KJ_OK && cur.line) {
        char *f[KJ_LINT_MAX_FIELDS];
        int nf = kj_split_tabs(cur.line, f, KJ_LINT_MAX_FIELDS);
        st = fn(l, f, nf, path, cur.lineno, ud, err);
        rows++;
    }
    free(data);
    if (st == KJ_OK && rows == 0)
        st = kj_error_set(err, KJ_ERR_DATA, "%s: no entries (a lint file kaiji needs; restore it)",
                          path);
    return st;
}

/* ---- rules.tsv: id, severity, title ja/en, why ja/en, how ja/en ---------- */

static kj_status rule_line(kj_linter *l, char **f, int nf, const char *path, int lineno, void *ud,
                           kj_error *err) {
    size_t *cap = ud;
    if (nf < 8)
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: a rule needs 8 columns, found %d", path,
                            lineno, nf);
    int sev = kj_severity_parse(f[1]);
    if (sev < 0)
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: unknown severity '%s'", path, lineno, f[1]);
    if (kj_lint_rule_find(l, f[0]) >= 0)
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: rule '%s' defined twice", path, lineno, f[0]);
    kj_lint_rule *rules = kj_arena_grow(l->arena, l->rules, l->n_rules, cap, sizeof *rules);
    if (!rules) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    l->rules = rules;
    kj_lint_rule *r = &l->rules[l->n_rules++];
    r->id = kj_arena_strdup(l->arena, f[0]);
    r->sev = (kj_severity)sev;
    for (int k = 0; k < 2; k++) {
        r->title[k] = kj_arena_strdup(l->arena, f[2 + k]);
        r->why[k] = kj_arena_strdup(l->arena, f[4 + k]);
        r->how[k] = kj_arena_strdup(l->arena, f[6 + k]);
    }
    return KJ_OK;
}

/* ---- products.tsv: name, kind (product|vendor) --------------------------- */

#define KJ_MAX_NAMES 1024

typedef struct {
    kj_buf products, vendors; /* regex alternations being built */
    /* The names as normalised (linter arena), products then vendors mixed,
     * kind[i] 0 for a product, 1 for a vendor; and, once all are read
     * (prefilter_lists), the alternations the literal prefilter derives
     * from instead: each name by one word of it (pick_word). */
    const char *name[KJ_MAX_NAMES];
    unsigned char kind[KJ_MAX_NAMES];
    size_t n;
    int overflow; /* more names than KJ_MAX_NAMES: the prefilter takes the full lists */
    kj_buf pf[2];
} product_lists;

/* Append character c of a name to b as a regex literal (escaped). */
static void put_literal(kj_buf *b, char c) {
    if (strchr("\\^$.|?*+()[]{}/", c)) kj_buf_putc(b, '\\');
    kj_buf_putc(b, c);
}

/* Append name (normalised like passages) to b as an escaped alternative;
 * spaces and hyphens in names match a space, a hyphen or nothing. */
static kj_status add_alternative(kj_linter *l, product_lists *pl, int kind, const char *name) {
    kj_buf *b = kind ? &pl->vendors : &pl->products;
    kj_norm n;
    if (kj_normalize(l->arena, name, strlen(name), &n) != KJ_OK) return KJ_ERR_NOMEM;
    if (pl->n < KJ_MAX_NAMES) {
        pl->kind[pl->n] = (unsigned char)kind;
        pl->name[pl->n++] = n.text;
    } else {
        pl->overflow = 1;
    }
    if (b->len) kj_buf_putc(b, '|');
    for (size_t i = 0; i < n.len; i++) {
        char c = n.text[i];
        if (c == ' ' || c == '-')
            kj_buf_puts(b, "[ \\-]?");
        else
            put_literal(b, c);
    }
    return b->data ? KJ_OK : KJ_ERR_NOMEM;
}

static kj_status product_line(kj_linter *l, char **f, int nf, const char *path, int lineno,
                              void *ud, kj_error *err) {
    product_lists *pl = ud;
    if (nf < 2) return kj_error_set(err, KJ_ERR_DATA, "%s:%d: need name and kind", path, lineno);
    int kind = strcmp(f[1], "product") == 0 ? 0 : strcmp(f[1], "vendor") == 0 ? 1 : -1;
    if (kind < 0)
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: kind must be product or vendor", path,
                            lineno);
    if (add_alternative(l, pl, kind, f[0]) != KJ_OK)
        return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    return KJ_OK;
}

/* The words of a name: its runs between spaces and hyphens. */
static int next_word(const char *s, size_t *at, size_t *len) {
    size_t i = *at;
    while (s[i] == ' ' || s[i] == '-')
        i++;
    size_t j = i;
    while (s[j] && s[j] != ' ' && s[j] != '-')
        j++;
    *at = i;
    *len = j - i;
    return j > i;
}

/* The word of name i that its prefilter literal is: every spelling of the
 * name contains it (separators are optional, words are not). Names lead
 * with their maker or brand (Deep Security, CrowdStrike Falcon, ESET
 * PROTECT), which general text seldom has, while the words after are often
 * common ones (security, protect, for); so the first word of three bytes or
 * more, or the first word when none is that long. */
static void pick_word(const product_lists *pl, size_t i, size_t *start, size_t *len) {
    const char *s = pl->name[i];
    size_t at = 0, wl;
    *start = 0;
    *len = 0;
    while (next_word(s, &at, &wl)) {
        if (!*len) *start = at, *len = wl;
        if (wl >= 3) {
            *start = at, *len = wl;
            return;
        }
        at += wl;
    }
}

/* The prefilter's alternations (pl->pf): each name by its pick_word. */
static kj_status prefilter_lists(product_lists *pl) {
    for (size_t i = 0; i < pl->n; i++) {
        size_t st, len;
        pick_word(pl, i, &st, &len);
        kj_buf *b = &pl->pf[pl->kind[i]];
        if (b->len) kj_buf_putc(b, '|');
        for (size_t k = 0; k < len; k++)
            put_literal(b, pl->name[i][st + k]);
        if (!b->data) return KJ_ERR_NOMEM;
    }
    return KJ_OK;
}

/* ---- patterns.tsv: rule, severity, pattern, context, note ---------------- */

/* Replace {products} and {vendors} in src by the alternations, or, for the
 * prefilter (pf), by those of the names' leading words (pick_word). Heap
 * string. */
static char *expand_macros(const char *src, const product_lists *pl, int pf) {
    pf = pf && !pl->overflow; /* every name must be there, or the prefilter would miss one */
    kj_buf out = KJ_BUF_INIT;
    const char *p = src;
    const kj_buf *prod = pf ? &pl->pf[0] : &pl->products, *vend = pf ? &pl->pf[1] : &pl->vendors;
    while (*p) {
        if (strncmp(p, "{products}", 10) == 0) {
            kj_buf_printf(&out, "(?:%s)", prod->data ? prod->data : "(?!)");
            p += 10;
        } else if (strncmp(p, "{vendors}", 9) == 0) {
            kj_buf_printf(&out, "(?:%s)", vend->data ? vend->data : "(?!)");
            p += 9;
        } else
            kj_buf_putc(&out, *p++);
    }
    if (!out.data) kj_buf_puts(&out, "");
    return kj_buf_steal(&out);
}

/* Compile src in UTF mode with the further options opts, JIT too. */
static pcre2_code *compile_re(const char *src, uint32_t opts, const char *path, int lineno,
                              kj_error *err) {
    int ec;
    PCRE2_SIZE off;
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, PCRE2_UTF | opts, &ec, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(ec, msg, sizeof msg);
        kj_error_set(err, KJ_ERR_DATA, "%s:%d: bad pattern at offset %zu: %s", path, lineno,
                     (size_t)off, (const char *)msg);
        return NULL;
    }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* best effort; interpreter otherwise */
    return re;
}

typedef struct {
    const product_lists *pl;
    size_t cap;
    kj_lit_set lits;         /* the prefilter's literals so far (strings in the linter's arena) */
    kj_lint_lead_build lead; /* the literals the patterns' matches begin with (lint_lead.c) */
} pattern_ctx;

/* The body of ctx when it is a plain list of words, "(?:w1|w2|...)" or
 * "w1|w2|...", each word of characters that stand for themselves (no
 * escape, class, group, quantifier, anchor or dot): *len its length. NULL
 * otherwise. Such a context matches a passage exactly when the passage
 * holds one of its words. */
static const char *word_list(const char *ctx, size_t *len) {
    size_t n = strlen(ctx);
    if (n >= 4 && strncmp(ctx, "(?:", 3) == 0 && ctx[n - 1] == ')') ctx += 3, n -= 4;
    for (size_t i = 0; i < n; i++)
        if (strchr("\\^$.?*+()[]{}", ctx[i])) return NULL;
    *len = n;
    return n ? ctx : NULL;
}

/* Whether lit (n bytes) is one of the words of list (len bytes, '|' between). */
static int is_word(const char *list, size_t len, const char *lit, size_t n) {
    for (size_t at = 0; at <= len;) {
        const char *bar = memchr(list + at, '|', len - at);
        size_t end = bar ? (size_t)(bar - list) : len;
        if (end - at == n && memcmp(list + at, lit, n) == 0) return 1;
        at = end + 1;
    }
    return 0;
}

/* Whether ctx, a plain list of words (word_list), derived just one clause,
 * cl (as kj_cue_clauses gives it after the clauses of its pattern's regex),
 * and that clause's literals are all words of the list. Then a passage in
 * which the prefilter saw a literal of that clause holds one of the words,
 * so ctx matches it; and ctx matches no passage without one, as every match
 * contains a literal of the clause. */
static int ctx_by_clause(const char *ctx, const kj_cue_lits *cl) {
    size_t len;
    const char *list = word_list(ctx, &len);
    int ok = list && cl->n > 0;
    for (int k = 0; ok && k < cl->n; k++)
        ok = is_word(list, len, cl->s[k], cl->len[k]);
    return ok;
}

/* Remember the clauses of literals every finding of pattern pat needs: of
 * its regex (cl[0, n), derived by kj_cue_clauses from the regex with the
 * names' leading words for {products} and {vendors}: required pieces, more
 * telling), then of its context, ctx (or NULL), which must match in the
 * passage too. The pattern is filtered by them; one without any always
 * runs. A context whose clause tells exactly whether it matches
 * (ctx_by_clause) is marked so. */
static kj_status add_literals(kj_linter *l, pattern_ctx *pc, const kj_cue_lits *cl, int n,
                              const char *ctx, size_t pat) {
    int r = kj_lit_set_add_clauses(&pc->lits, l->arena, cl, n, (unsigned)pat, 0), have = r;
    if (r >= 0 && r < KJ_LIT_CLAUSES && ctx) {
        kj_cue_lits *cc = malloc(KJ_LIT_CLAUSES * sizeof *cc);
        int nc = cc ? kj_cue_clauses(ctx, cc, KJ_LIT_CLAUSES - have) : -1;
        r = kj_lit_set_add_clauses(&pc->lits, l->arena, cc, nc, (unsigned)pat, have);
        l->pats[pat].ctx_by_filter = nc == 1 && ctx_by_clause(ctx, &cc[0]);
        free(cc);
    }
    if (r < 0) return KJ_ERR_NOMEM;
    l->pats[pat].filtered = r;
    return KJ_OK;
}

/* Whether literal k of clause c is needless as an anchor: another of its
 * literals lies within it (the first of equal ones is kept). Each
 * occurrence of k holds that one at or after its own start, so the last
 * start of the others is as late as with k, and one of them is there
 * whenever k is: start_limit (lint_scan.c) gives the same limit without it. */
static int redundant(const kj_cue_lits *c, int k) {
    const char *sk = c->s[k];
    size_t lk = c->len[k];
    for (int j = 0; j < c->n; j++) {
        if (j == k || c->len[j] > lk || (c->len[j] == lk && j > k)) continue;
        if (memmem(sk, lk, c->s[j], c->len[j])) return 1;
    }
    return 0;
}

/* How common byte c is in passages, roughly (higher = more common): space,
 * then English letters by their frequency, the lead byte of kana and most
 * kanji, other lead bytes, continuation bytes, digits, punctuation. A guess
 * that only makes start_limit faster; any byte finds the same occurrences. */
static int byte_rank(unsigned char c) {
    static const char freq[] = "zqxjkvbpygfwmucldrhsnioate";
    const char *at = c >= 'a' && c <= 'z' ? strchr(freq, c) : NULL;
    if (c == ' ') return 100;
    if (at) return 60 + (int)(at - freq);
    if (c == 0xE3) return 90;
    if (c >= 0xC0) return 55;
    if (c >= 0x80) return 50;
    return (c >= '0' && c <= '9') || c == '.' || c == ',' ? 40 : 30;
}

/* The position in lit (n bytes, n > 0) of its least common byte (byte_rank),
 * the last of equals. */
static unsigned char key_byte(const char *lit, size_t n) {
    size_t best = n - 1;
    for (size_t i = n - 1; i-- > 0;)
        if (byte_rank((unsigned char)lit[i]) < byte_rank((unsigned char)lit[best])) best = i;
    return (unsigned char)best;
}

/* Keep as p's anchors the clauses of its regex, cl[0, n) (as the prefilter
 * derives them, kj_cue_clauses; n -1 when out of memory), of few enough
 * literals to look for in a passage (run_pattern), copied into the linter's
 * arena without the redundant ones. */
static kj_status add_anchors(kj_linter *l, kj_lint_pattern *p, const kj_cue_lits *cl, int n) {
    for (int c = 0; c < n; c++) {
        if (cl[c].n > KJ_LINT_ANCHOR_MAX) continue;
        kj_lint_anchor *a = &p->anchor[p->n_anchor];
        a->lit = kj_arena_alloc(l->arena, (size_t)cl[c].n * sizeof *a->lit);
        a->len = kj_arena_alloc(l->arena, (size_t)cl[c].n);
        a->key = kj_arena_alloc(l->arena, (size_t)cl[c].n);
        int k = 0;
        for (a->n = 0; a->lit && a->len && a->key && k < cl[c].n; k++) {
            if (redundant(&cl[c], k)) continue;
            a->len[a->n] = cl[c].len[k];
            a->key[a->n] = cl[c].len[k] ? key_byte(cl[c].s[k], cl[c].len[k]) : 0;
            a->lit[a->n] = kj_arena_strndup(l->arena, cl[c].s[k], cl[c].len[k]);
            if (!a->lit[a->n++]) break;
        }
        if (k < cl[c].n) n = -1;
        if (n < 0) break;
        p->n_anchor++;
    }
    return n < 0 ? KJ_ERR_NOMEM : KJ_OK;
}

/* Compile the literal database (best effort: without it every pattern runs
 * on every passage, as it would without the literals), kept compiled in
 * dir/patterns.hsdb between runs. */
static void compile_prefilter(kj_linter *l, pattern_ctx *pc, const char *dir) {
    l->lit_db = kj_lit_set_compile_cached(&pc->lits, dir, "patterns.hsdb");
    for (size_t i = 0; !l->lit_db && i < l->n_pats; i++)
        l->pats[i].filtered = 0;
}

static kj_status grow_patterns(kj_linter *l, pattern_ctx *pc) {
    kj_lint_pattern *p = kj_grow(l->pats, l->n_pats, &pc->cap, sizeof *p, 64);
    if (!p) return KJ_ERR_NOMEM;
    l->pats = p;
    return KJ_OK;
}

static kj_status pattern_line(kj_linter *l, char **f, int nf, const char *path, int lineno,
                              void *ud, kj_error *err) {
    pattern_ctx *pc = ud;
    if (nf < 3)
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: need rule, severity, pattern", path, lineno);
    long r = kj_lint_rule_find(l, f[0]);
    if (r < 0)
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: unknown rule '%s' (not in rules.tsv)", path,
                            lineno, f[0]);
    char sevbuf[16];
    snprintf(sevbuf, sizeof sevbuf, "%s", f[1]);
    size_t sl = strlen(sevbuf);
    int fixed = sl > 0 && sevbuf[sl - 1] == '=';
    if (fixed) sevbuf[sl - 1] = '\0';
    int sev = strcmp(sevbuf, "-") == 0 ? (int)l->rules[r].sev : kj_severity_parse(sevbuf);
    if (sev < 0)
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: unknown severity '%s'", path, lineno, f[1]);
    if (grow_patterns(l, pc) != KJ_OK) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    char *src = expand_macros(f[2], pc->pl, 0), *pf = expand_macros(f[2], pc->pl, 1);
    const char *ctx = nf >= 4 && f[3][0] && strcmp(f[3], "-") != 0 ? f[3] : NULL;
    if (!src || !pf) {
        free(src);
        free(pf);
        return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    }
    kj_lint_pattern *p = &l->pats[l->n_pats];
    memset(p, 0, sizeof *p);
    p->rule = (size_t)r;
    p->sev = (kj_severity)sev;
    p->fixed = fixed;
    p->line = lineno;
    /* the clauses of the regex, derived once for its anchors and the
     * prefilter's literals */
    kj_cue_lits *cl = malloc(KJ_LIT_CLAUSES * sizeof *cl);
    int n = cl ? kj_cue_clauses(pf, cl, KJ_LIT_CLAUSES) : -1;
    kj_status lst = add_anchors(l, p, cl, n);
    if (lst == KJ_OK) lst = kj_lint_lead_add(l, &pc->lead, l->n_pats, 0, src);
    if (lst == KJ_OK && ctx) lst = kj_lint_lead_add(l, &pc->lead, l->n_pats, 1, ctx);
    /* with anchors or lead literals, run_pattern limits where a match may start */
    p->re = compile_re(src, p->n_anchor || p->lead ? PCRE2_USE_OFFSET_LIMIT : 0, path, lineno, err);
    if (p->re && lst == KJ_OK) lst = add_literals(l, pc, cl, n, ctx, l->n_pats);
    free(cl);
    free(src);
    free(pf);
    if (!p->re) return err->code;
    l->n_pats++; /* from here on kj_linter_free releases p->re */
    if (lst != KJ_OK) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    if (ctx) {
        p->ctx = compile_re(ctx, 0, path, lineno, err);
        if (!p->ctx) return err->code;
    }
    int g = pcre2_substring_number_from_name(p->re, (PCRE2_SPTR) "hit");
    p->hit_group = g > 0 ? g : 0;
    return KJ_OK;
}

/* ---- public ------------------------------------------------------------- */

kj_status kj_linter_load(const char *dir, kj_linter **out, kj_error *err) {
    *out = NULL;
    char def[4096];
    if (!dir) {
        kj_status st = kj_data_path("lint", def, sizeof def, err);
        if (st != KJ_OK) return st;
        dir = def;
    }
    kj_linter *l = calloc(1, sizeof *l);
    if (!l || !(l->arena = kj_arena_new())) {
        free(l);
        return kj_error_set(err, KJ_ERR_NOMEM, "out of memory loading the lint rules");
    }
    size_t rcap = 0;
    product_lists pl = {KJ_BUF_INIT, KJ_BUF_INIT, {0}, {0}, 0, 0, {KJ_BUF_INIT, KJ_BUF_INIT}};
    pattern_ctx pc = {&pl, 0, {0}, {{0}}};
    kj_status st = each_line(l, dir, "rules.tsv", rule_line, &rcap, err);
    if (st == KJ_OK) st = each_line(l, dir, "products.tsv", product_line, &pl, err);
    if (st == KJ_OK && prefilter_lists(&pl) != KJ_OK)
        st = kj_error_set(err, KJ_ERR_NOMEM, "out of memory loading the lint rules");
    if (st == KJ_OK) st = each_line(l, dir, "patterns.tsv", pattern_line, &pc, err);
    if (st == KJ_OK && l->n_pats == 0)
        st = kj_error_set(err, KJ_ERR_DATA, "%s/patterns.tsv: no patterns", dir);
    if (st == KJ_OK) compile_prefilter(l, &pc, dir);
    if (st == KJ_OK) kj_lint_lead_finish(l, &pc.lead, dir);
    if (st == KJ_OK && !(l->utf_probe = compile_re("", 0, dir, 0, err))) st = err->code;
    kj_lit_set_free(&pc.lits);
    kj_lit_set_free(&pc.lead.lits);
    kj_buf_free(&pl.products);
    kj_buf_free(&pl.vendors);
    kj_buf_free(&pl.pf[0]);
    kj_buf_free(&pl.pf[1]);
    if (st != KJ_OK) {
        kj_linter_free(l);
        return st;
    }
    *out = l;
    return KJ_OK;
}

void kj_linter_free(kj_linter *l) {
    if (!l) return;
    for (size_t i = 0; i < l->n_pats; i++) {
        pcre2_code_free(l->pats[i].re);
        pcre2_code_free(l->pats[i].ctx);
    }
    free(l->pats);
    pcre2_code_free(l->utf_probe);
    hs_free_database(l->lit_db);
    hs_free_database(l->lead_db);
    kj_arena_free(l->arena);
    free(l);
}
