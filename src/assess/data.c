/*
 * data.c - load the assessment's run-time tables from data/assess/ (cues,
 * document types, suggestion templates, stakeholder groups) into one
 * immutable kj_assess_data, and match cues (PCRE2 on normalised text).
 *
 * Keeping these tables in data files lets reviewers change wording and
 * expectations without touching C; errors name the file and the line.
 * Ownership: everything hangs off d->arena except the compiled patterns and
 * the literal database, which kj_assess_data_free() releases.
 *
 * Prefilter: the literals each cue's matches must contain, up to four sets of
 * them (kj_cue_clauses), go into one Vectorscan literal database; a matcher
 * scans a passage once for all of them and runs a cue's regular expression
 * only when a literal of each of its sets is there (cues without derivable
 * literals always run).
 *
 * Every search runs under the limits of kj_search_context_new. One that
 * gives up (at a limit, out of memory, on text that is not UTF-8) is no
 * match to its caller, but it found no "no match" either: the matcher
 * remembers it (kj_cue_matcher_failures), and the assessment reports it
 * (kj_assessment.incomplete) rather than passing the text as without the
 * cue.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "assess_internal.h"

#include <hs/hs.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define KJ_MAX_FIELDS 10

/* The largest table read (bytes). */
#define KJ_ASSESS_MAX_TABLE (1 << 22)

typedef kj_status (*kj_row_fn)(kj_assess_data *d, char **f, int n, const char *file, int line,
                               kj_error *err);

/* Read dir/name and call fn for every non-comment, non-blank line. A table
 * of no entries (emptied, or cut short to its header comments) is an
 * error naming it: it loaded, and the assessment went on without its cues,
 * document types, suggestions or stakeholders. */
static kj_status read_table(kj_assess_data *d, const char *dir, const char *name, kj_row_fn fn,
                            kj_error *err) {
    char path[4096];
    int pl = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (pl < 0 || (size_t)pl >= sizeof path)
        return kj_error_set(err, KJ_ERR_DATA, "%s/%s: path too long", dir, name);
    char *text;
    size_t len;
    kj_error rerr = {0}; /* its message names the file and why: kept as it is */
    kj_status st = kj_read_file(path, KJ_ASSESS_MAX_TABLE, &text, &len, &rerr);
    if (st != KJ_OK)
        return kj_error_set(err, KJ_ERR_DATA, "cannot read an assessment table: %s", rerr.msg);
    kj_data_cursor cur;
    kj_data_cursor_init(&cur, path, text, len);
    size_t rows = 0;
    while (st == KJ_OK && (st = kj_data_next_entry(&cur, err)) == KJ_OK && cur.line) {
        rows++;
        char *copy = kj_arena_strdup(d->arena, cur.line);
        if (!copy) {
            st = KJ_ERR_NOMEM;
            break;
        }
        char *f[KJ_MAX_FIELDS];
        int n = kj_split_tabs(copy, f, KJ_MAX_FIELDS);
        st = fn(d, f, n, path, cur.lineno, err);
    }
    free(text);
    if (st == KJ_OK && rows == 0)
        st = kj_error_set(err, KJ_ERR_DATA,
                          "%s: no entries (an assessment table kaiji needs; restore it)", path);
    return st;
}

/* A cue's language, "ja", "en" or "any" (KJ_LANG_AUTO); -1 for anything
 * else. */
static int parse_lang(const char *s) {
    if (!strcmp(s, "ja")) return KJ_LANG_JA;
    if (!strcmp(s, "en")) return KJ_LANG_EN;
    if (!strcmp(s, "any")) return KJ_LANG_AUTO;
    return -1;
}

/* Whether csv is a list of element ids ("1.2,2.1"), or empty or "-". */
static int element_list(const char *csv) {
    char id[8];
    if (!strcmp(csv, "-")) return 1;
    while (*csv) {
        size_t n = strcspn(csv, ",");
        if (n == 0 || n >= sizeof id) return 0;
        memcpy(id, csv, n);
        id[n] = '\0';
        if (kj_element_parse(id) < 0) return 0;
        csv += n;
        if (*csv == ',' && !*++csv) return 0; /* a comma, and an id after it */
    }
    return 1;
}

static kj_status compile(const char *pattern, void **code, const char *file, int line,
                         kj_error *err) {
    int ec;
    PCRE2_SIZE off;
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[128];
        pcre2_get_error_message(ec, msg, sizeof msg);
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: bad pattern at offset %zu: %s", file, line,
                            (size_t)off, (const char *)msg);
    }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* best effort: the interpreter is the fallback */
    *code = re;
    return KJ_OK;
}

static kj_status cue_row(kj_assess_data *d, char **f, int n, const char *file, int line,
                         kj_error *err) {
    if (n != 3)
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: want 3 columns, got %d", file, line, n);
    kj_cue *c = kj_arena_grow(d->arena, d->cues, d->n_cues, &d->cues_cap, sizeof *c);
    if (!c) return KJ_ERR_NOMEM;
    d->cues = c;
    int lang = parse_lang(f[1]);
    if (lang < 0)
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: bad language \"%s\": want ja, en or any",
                            file, line, f[1]);
    kj_cue *cue = &c[d->n_cues];
    cue->name = f[0];
    cue->lang = (kj_lang)lang;
    cue->pattern = f[2];
    cue->next = -1;
    cue->filtered = 0;
    kj_status st = compile(f[2], &cue->code, file, line, err);
    if (st == KJ_OK) d->n_cues++;
    return st;
}

static kj_status doctype_row(kj_assess_data *d, char **f, int n, const char *file, int line,
                             kj_error *err) {
    if (n != 7)
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: want 7 columns, got %d", file, line, n);
    int t = !strcmp(f[0], "unknown") ? KJ_DOCTYPE_UNKNOWN : kj_doctype_parse(f[0]);
    if (t < 0)
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: unknown document type %s", file, line, f[0]);
    kj_doctype_row *r = &d->doctypes[t];
    if (!r->expect_ja) { /* the type's first line carries its expectation; later ones
                            only add patterns (the file's header says so) */
        if (strcmp(f[1], "statutory") && strcmp(f[1], "voluntary"))
            return kj_error_set(err, KJ_ERR_DATA,
                                "%s:%d: bad class \"%s\": want statutory or voluntary", file, line,
                                f[1]);
        for (int k = 3; k <= 4; k++)
            if (!element_list(f[k]))
                return kj_error_set(err, KJ_ERR_DATA,
                                    "%s:%d: bad element list \"%s\": want ids such as 1.2,2.1",
                                    file, line, f[k]);
        r->type = (kj_doctype)t;
        r->statutory = !strcmp(f[1], "statutory");
        r->core = f[3];
        r->expected = f[4];
        r->expect_ja = f[5];
        r->expect_en = f[6];
    }
    if (strcmp(f[2], "-") == 0) return KJ_OK;
    /* the recognising pattern becomes a cue named doctype:<id> */
    char *cue[3] = {kj_arena_printf(d->arena, "doctype:%s", f[0]), "any", f[2]};
    if (!cue[0]) return KJ_ERR_NOMEM;
    return cue_row(d, cue, 3, file, line, err);
}

static int parse_principle(const char *s) {
    if (s[0] == 'P' && s[1] >= '1' && s[1] <= '5' && !s[2]) return s[1] - '1';
    return -1;
}

static kj_status sugg_row(kj_assess_data *d, char **f, int n, const char *file, int line,
                          kj_error *err) {
    if (n != 7)
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: want 7 columns, got %d", file, line, n);
    int p = parse_principle(f[3]);
    if (p < 0) return kj_error_set(err, KJ_ERR_DATA, "%s:%d: bad principle %s", file, line, f[3]);
    if (kj_element_parse(f[0]) < 0 && parse_principle(f[0]) < 0 && strcmp(f[0], "caution"))
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: bad key %s", file, line, f[0]);
    /* a value suggest.c never asks for would leave the row unused, unsaid */
    if (strcmp(f[1], "missing") && strcmp(f[1], "weak") && strcmp(f[1], "low") &&
        strcmp(f[1], "any"))
        return kj_error_set(err, KJ_ERR_DATA,
                            "%s:%d: bad when \"%s\": want missing, weak, low or any", file, line,
                            f[1]);
    if (strcmp(f[2], "statutory") && strcmp(f[2], "voluntary") && strcmp(f[2], "any"))
        return kj_error_set(err, KJ_ERR_DATA,
                            "%s:%d: bad class \"%s\": want statutory, voluntary or any", file, line,
                            f[2]);
    kj_suggest_row *r = kj_arena_grow(d->arena, d->sugg, d->n_sugg, &d->sugg_cap, sizeof *r);
    if (!r) return KJ_ERR_NOMEM;
    d->sugg = r;
    d->sugg[d->n_sugg++] = (kj_suggest_row){f[0], f[1], f[2], p, f[4], f[5], f[6]};
    return KJ_OK;
}

/* The most a stakeholder weight may be: weights are relative, and a score
 * sums weight * level * 100 in a long. */
#define KJ_MAX_WEIGHT 100

/* The number of at most three digits at *s, moving *s past them; -1 when
 * there is none or a fourth digit follows (a weight or key out of range). */
static int small_number(const char **s) {
    int v = 0, k = 0;
    while (**s >= '0' && **s <= '9') {
        if (++k > 3) return -1;
        v = v * 10 + (*(*s)++ - '0');
    }
    return k ? v : -1;
}

/* "9:3,5:2" (prefix "") or "P2:1,P3:2" (prefix "P") into keys and weights
 * (room for max): each key in 1..max and given once, each weight in
 * 0..KJ_MAX_WEIGHT. Returns how many, or -1 when s is not so. */
static int parse_weights(const char *s, const char *prefix, int *keys, int *w, int max) {
    int n = 0;
    size_t pl = strlen(prefix);
    while (*s) {
        if (strncmp(s, prefix, pl) != 0) return -1;
        s += pl;
        int key = small_number(&s);
        if (key < 1 || key > max || *s++ != ':') return -1;
        int wt = small_number(&s);
        if (wt < 0 || wt > KJ_MAX_WEIGHT) return -1;
        for (int k = 0; k < n; k++)
            if (keys[k] == key) return -1; /* given twice */
        keys[n] = key;
        w[n++] = wt;
        if (*s && (*s++ != ',' || !*s)) return -1; /* a comma, and another after it */
    }
    return n;
}

static kj_status stake_row(kj_assess_data *d, char **f, int n, const char *file, int line,
                           kj_error *err) {
    if (n != 7)
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: want 7 columns, got %d", file, line, n);
    kj_stakeholder_row row = {
        .id = f[0], .name_ja = f[1], .name_en = f[2], .looks_ja = f[5], .looks_en = f[6]};
    row.n_items = parse_weights(f[3], "", row.items, row.item_w, KJ_N_ITEMS);
    if (row.n_items < 0)
        return kj_error_set(err, KJ_ERR_DATA,
                            "%s:%d: bad item weights \"%s\": want ITEM:WEIGHT,... with items 1-%d, "
                            "each once, and weights 0-%d",
                            file, line, f[3], KJ_N_ITEMS, KJ_MAX_WEIGHT);
    int pi[KJ_N_PRINCIPLES], pw[KJ_N_PRINCIPLES];
    int np = parse_weights(f[4], "P", pi, pw, KJ_N_PRINCIPLES);
    if (np < 0)
        return kj_error_set(err, KJ_ERR_DATA,
                            "%s:%d: bad principle weights \"%s\": want PN:WEIGHT,... with P1-P%d, "
                            "each once, and weights 0-%d",
                            file, line, f[4], KJ_N_PRINCIPLES, KJ_MAX_WEIGHT);
    for (int i = 0; i < np; i++)
        row.principle_w[pi[i] - 1] = pw[i];
    kj_stakeholder_row *r = kj_arena_grow(d->arena, d->stake, d->n_stake, &d->stake_cap, sizeof *r);
    if (!r) return KJ_ERR_NOMEM;
    d->stake = r;
    d->stake[d->n_stake++] = row;
    return KJ_OK;
}

/* Compile the literals of every document-type cue's first clause (one of
 * which each of its matches holds) into d->doctype_db, for
 * kj_cue_doctype_possible, kept in dir/doctypes.hsdb between runs; none when
 * a type's cue has no clause (it must always run). Which literal occurs does
 * not matter, only whether any does. */
static kj_status prepare_doctype_gate(kj_assess_data *d, const char *dir) {
    kj_lit_set ls = {0};
    int always = 0, r = 0;
    for (size_t i = 0; i < d->n_cues && !always && r >= 0; i++) {
        if (strncmp(d->cues[i].name, "doctype:", 8) != 0) continue;
        r = kj_lit_set_add(&ls, d->arena, d->cues[i].pattern, (unsigned)i, KJ_LIT_CLAUSES - 1);
        always = r == KJ_LIT_CLAUSES - 1; /* no clause added */
    }
    if (r >= 0 && !always) d->doctype_db = kj_lit_set_compile_cached(&ls, dir, "doctypes.hsdb");
    kj_lit_set_free(&ls);
    return r < 0 ? KJ_ERR_NOMEM : KJ_OK;
}

/* Whether cue c is one the assessment asks only in a rare context, in one
 * sentence: a rising topic's words beside a topic of the day (timely.c), a
 * certification held beside a named standard, a modal beside a remedy
 * (principles.c). Their literals (新た, 取得, "may") are frequent: every
 * passage's prefilter scan would report them, for a cue asked of a few
 * sentences. Left out of the prefilter, such a cue runs on the sentence it
 * is asked of; what it finds is the same. */
static int asked_rarely(const kj_cue *c) {
    static const char *const names[] = {"topic-now", "cert-held", "supposition"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(c->name, names[i])) return 1;
    return 0;
}

/* Link the cues of one name, and compile the literal prefilter (best
 * effort: without it every cue runs on every passage), kept compiled in
 * dir/cues.hsdb between runs; cues asked rarely (asked_rarely) always run. */
static kj_status prepare_cues(kj_assess_data *d, const char *dir) {
    for (size_t i = 0; i < d->n_cues; i++)
        for (size_t j = i + 1; j < d->n_cues; j++)
            if (!strcmp(d->cues[i].name, d->cues[j].name)) {
                d->cues[i].next = (int)j;
                break;
            }
    kj_lit_set ls = {0};
    kj_status st = KJ_OK;
    for (size_t i = 0; i < d->n_cues && st == KJ_OK; i++) {
        if (asked_rarely(&d->cues[i])) continue; /* filtered 0: always runs */
        int r = kj_lit_set_add(&ls, d->arena, d->cues[i].pattern, (unsigned)i, 0);
        if (r < 0) st = KJ_ERR_NOMEM;
        d->cues[i].filtered = r > 0 ? r : 0;
    }
    d->lit_db = st == KJ_OK ? kj_lit_set_compile_cached(&ls, dir, "cues.hsdb") : NULL;
    if (!d->lit_db)
        for (size_t i = 0; i < d->n_cues; i++)
            d->cues[i].filtered = 0;
    kj_lit_set_free(&ls);
    return st == KJ_OK ? prepare_doctype_gate(d, dir) : st;
}

kj_status kj_assess_data_load(const char *dir, kj_assess_data **out, kj_error *err) {
    char def[4096];
    *out = NULL;
    if (!dir) {
        kj_status st = kj_data_path("assess", def, sizeof def, err);
        if (st != KJ_OK) return st;
        dir = def;
    }
    kj_assess_data *d = calloc(1, sizeof *d);
    if (!d || !(d->arena = kj_arena_new())) {
        free(d);
        return kj_error_set(err, KJ_ERR_NOMEM, "out of memory loading %s", dir);
    }
    kj_status st = read_table(d, dir, "cues.tsv", cue_row, err);
    if (st == KJ_OK) st = read_table(d, dir, "doctypes.tsv", doctype_row, err);
    if (st == KJ_OK) st = read_table(d, dir, "suggestions.tsv", sugg_row, err);
    if (st == KJ_OK) st = read_table(d, dir, "stakeholders.tsv", stake_row, err);
    if (st == KJ_OK) st = prepare_cues(d, dir);
    if (st != KJ_OK) {
        if (st == KJ_ERR_NOMEM) kj_error_set(err, st, "out of memory loading %s", dir);
        kj_assess_data_free(d);
        return st;
    }
    *out = d;
    return KJ_OK;
}

void kj_assess_data_free(kj_assess_data *d) {
    if (!d) return;
    for (size_t i = 0; i < d->n_cues; i++)
        pcre2_code_free(d->cues[i].code);
    hs_free_database(d->lit_db);
    hs_free_database(d->doctype_db);
    kj_arena_free(d->arena);
    free(d);
}

unsigned char *kj_category_terms(kj_arena *arena, const kj_lexicon *lex, const char *cat) {
    if (!lex) return NULL;
    size_t n = kj_lexicon_size(lex);
    unsigned char *mask = kj_arena_alloc(arena, n + 1);
    if (!mask) return NULL;
    /* terms come category by category, sharing its name's pointer: compare
     * the name once per run of one pointer */
    const char *seen = NULL;
    int seen_is_cat = 0;
    for (size_t i = 0; i < n; i++) {
        const kj_term *t = kj_lexicon_term(lex, (unsigned)i);
        const char *tc = t ? t->category : NULL;
        if (tc && tc != seen) {
            seen = tc;
            seen_is_cat = !strcmp(tc, cat);
        }
        mask[i] = tc && seen_is_cat;
    }
    mask[n] = 0;
    return mask;
}

int kj_term_in_category(const kj_lexicon *lex, const unsigned char *mask, unsigned id,
                        const char *cat) {
    if (mask && id < kj_lexicon_size(lex)) return mask[id];
    const kj_term *t = kj_lexicon_term(lex, id);
    return t && t->category && !strcmp(t->category, cat);
}

int kj_cue_find(const kj_assess_data *d, const char *name) {
    for (size_t i = 0; i < d->n_cues; i++)
        if (!strcmp(d->cues[i].name, name)) return (int)i;
    return -1;
}

/* A remembered kj_cue_match_str result for a short string (acronyms and
 * headings repeat): cue + 1 (0 = empty), the string, the result. */
#define KJ_MEMO_SLOTS 256
#define KJ_MEMO_KEY 32
typedef struct {
    int cue1;
    int hit;
    size_t len, ms, me;
    char key[KJ_MEMO_KEY];
} memo_slot;

/* A passage's prefilter result: bit i set when cue i may match. */
typedef struct {
    const char *text;
    size_t len;
    size_t bits; /* offset into kj_cue_matcher.bits */
} lit_entry;

struct kj_cue_matcher {
    const kj_assess_data *d;
    pcre2_match_data *md;
    pcre2_match_context *mc; /* the searches' limits */
    /* the last passage text checked for valid UTF-8 (passages do not change
     * until kj_cue_matcher_forget), so each is checked once, not per cue */
    const char *checked;
    size_t checked_len;
    int checked_valid;
    /* prefilter results by passage text (open addressing, cap a power of 2) */
    hs_scratch_t *scratch;
    lit_entry *tab;
    size_t cap, used;
    size_t slot[8]; /* where the first entries went, so forgetting a few is cheap */
    uint64_t *bits;
    size_t n_bits, bits_cap;
    size_t words;               /* per passage */
    memo_slot *memo;            /* KJ_MEMO_SLOTS, allocated on first use (NULL: none) */
    hs_scratch_t *gate_scratch; /* for d->doctype_db (NULL: no gate) */
    long at;                    /* the passage being read (kj_cue_matcher_at) */
    kj_cue_failure *failed;     /* the searches that gave up (heap) */
    size_t n_failed, failed_cap;
    int failed_lost; /* 1 when one could not be remembered (out of memory) */
};

kj_cue_matcher *kj_cue_matcher_new(const kj_assess_data *d) {
    kj_cue_matcher *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->d = d;
    m->at = -1;
    m->md = pcre2_match_data_create(4, NULL);
    m->mc = kj_search_context_new();
    if (!m->md || !m->mc) {
        kj_cue_matcher_free(m);
        return NULL;
    }
    m->words = (d->n_cues * KJ_LIT_CLAUSES + 63) / 64;
    if (d->lit_db && hs_alloc_scratch(d->lit_db, &m->scratch) != HS_SUCCESS)
        m->scratch = NULL; /* no prefilter: every cue runs */
    if (d->doctype_db && hs_alloc_scratch(d->doctype_db, &m->gate_scratch) != HS_SUCCESS)
        m->gate_scratch = NULL; /* no gate: every text votes */
    return m;
}

void kj_cue_matcher_free(kj_cue_matcher *m) {
    if (!m) return;
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mc);
    hs_free_scratch(m->scratch);
    hs_free_scratch(m->gate_scratch);
    free(m->tab);
    free(m->bits);
    free(m->memo);
    free(m->failed);
    free(m);
}

void kj_cue_matcher_at(kj_cue_matcher *m, long passage) {
    if (m) m->at = passage;
}

int kj_cue_matcher_failures(const kj_cue_matcher *m, const kj_cue_failure **out, size_t *n) {
    *out = m->failed;
    *n = m->n_failed;
    return !m->failed_lost;
}

/* Remember that a search for cue (the first of its name) in text of kind
 * in gave up with code rc, unless it already did for this cue and text. */
static void note_failure(kj_cue_matcher *m, int cue, int rc, kj_cue_text in) {
    for (size_t k = m->n_failed; k-- > 0;) { /* this passage's failures are the last */
        const kj_cue_failure *f = &m->failed[k];
        if (f->passage != m->at) break;
        if (f->cue == cue && f->text == in) return;
    }
    kj_cue_failure *v = kj_grow(m->failed, m->n_failed, &m->failed_cap, sizeof *v, 16);
    if (!v) {
        m->failed_lost = 1;
        return;
    }
    m->failed = v;
    m->failed[m->n_failed++] = (kj_cue_failure){cue, rc, m->at, in};
}

void kj_cue_matcher_forget(kj_cue_matcher *m) {
    if (!m) return;
    m->checked = NULL;
    m->checked_len = 0;
    if (m->used > sizeof m->slot / sizeof *m->slot) {
        memset(m->tab, 0, m->cap * sizeof *m->tab);
    } else {
        for (size_t i = 0; i < m->used; i++)
            m->tab[m->slot[i]] = (lit_entry){0};
    }
    m->used = 0;
    m->n_bits = 0;
}

static size_t ptr_hash(const char *p, size_t cap) {
    uint64_t h = (uint64_t)(uintptr_t)p * 0x9e3779b97f4a7c15ull;
    return (size_t)(h >> 32) & (cap - 1);
}

static int grow_tab(kj_cue_matcher *m) {
    size_t cap = m->cap ? m->cap * 2 : 256;
    lit_entry *t = calloc(cap, sizeof *t);
    if (!t) return 0;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->tab[i].text) continue;
        size_t h = ptr_hash(m->tab[i].text, cap);
        while (t[h].text)
            h = (h + 1) & (cap - 1);
        t[h] = m->tab[i];
    }
    free(m->tab);
    m->tab = t;
    m->cap = cap;
    return 1;
}

/* The prefilter bits of passage text s (scanned on first use), or NULL when
 * there is no prefilter (then every cue runs). */
static const uint64_t *passage_bits(kj_cue_matcher *m, const char *s, size_t len) {
    if (!m->scratch || len > 0xffffffffu) return NULL;
    if (m->used * 2 >= m->cap && !grow_tab(m)) return NULL;
    size_t h = ptr_hash(s, m->cap);
    while (m->tab[h].text) {
        if (m->tab[h].text == s && m->tab[h].len == len) return m->bits + m->tab[h].bits;
        h = (h + 1) & (m->cap - 1);
    }
    if (m->n_bits + m->words > m->bits_cap) {
        size_t cap = m->bits_cap ? m->bits_cap * 2 : 1024;
        while (cap < m->n_bits + m->words)
            cap *= 2;
        uint64_t *b = realloc(m->bits, cap * sizeof *b);
        if (!b) return NULL;
        m->bits = b;
        m->bits_cap = cap;
    }
    uint64_t *b = m->bits + m->n_bits;
    memset(b, 0, m->words * sizeof *b);
    if (hs_scan(m->d->lit_db, s, (unsigned)len, 0, m->scratch, kj_lit_mark, b) != HS_SUCCESS)
        return NULL;
    m->tab[h] = (lit_entry){s, len, m->n_bits};
    m->n_bits += m->words;
    if (m->used < sizeof m->slot / sizeof *m->slot) m->slot[m->used] = h;
    m->used++;
    return b;
}

/* 1 and the span of the first match of c in s, 0 when there is none, or
 * the negative code of a search that gave up. */
static int match_one(kj_cue_matcher *m, const kj_cue *c, const char *s, size_t len,
                     uint32_t options, size_t *ms, size_t *me) {
    int rc = pcre2_match(c->code, (PCRE2_SPTR)s, len, 0, options, m->md, m->mc);
    if (rc == PCRE2_ERROR_NOMATCH) return 0;
    if (rc < 0) return rc;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    *ms = ov[0];
    *me = ov[1];
    return 1;
}

/* Try every cue with the name of cue idx (and a fitting language), skipping
 * those the prefilter bits (may be NULL) rule out. passage: s is a passage's
 * text, validated once as UTF-8 so that PCRE2 need not check it per cue.
 * Returns 1 when one matched, 0 when none did, or the negative code of a
 * search that gave up when none matched and one did (note_failure). */
static int match_named(kj_cue_matcher *m, int idx, kj_lang lang, const char *s, size_t len,
                       int passage, const uint64_t *bits, size_t *ms, size_t *me) {
    if (idx < 0 || (size_t)idx >= m->d->n_cues || !s) return 0;
    int gave_up = 0;
    for (int i = idx; i >= 0; i = m->d->cues[i].next) {
        const kj_cue *c = &m->d->cues[i];
        if (lang != KJ_LANG_AUTO && c->lang != KJ_LANG_AUTO && c->lang != lang) continue;
        if (bits && c->filtered && !kj_lit_clauses_met(bits, (unsigned)i, c->filtered)) continue;
        uint32_t options = 0;
        if (passage) {
            if (m->checked != s || m->checked_len != len) {
                m->checked = s;
                m->checked_len = len;
                m->checked_valid = kj_utf8_valid(s, len);
            }
            options = m->checked_valid ? PCRE2_NO_UTF_CHECK : 0;
        }
        int r = match_one(m, c, s, len, options, ms, me);
        if (r > 0) return 1;
        if (r < 0 && !gave_up) gave_up = r;
    }
    return gave_up;
}

/* What a caller of match_named is told of its result r: whether the cue
 * matched; a search that gave up is remembered (note_failure) as one on a
 * text of kind in. */
static int told(kj_cue_matcher *m, int idx, int r, kj_cue_text in) {
    if (r < 0) note_failure(m, idx, r, in);
    return r > 0;
}

int kj_cue_match(kj_cue_matcher *m, int cue, const kj_passage *p, size_t *s, size_t *e) {
    if (!p->norm.text) return 0;
    const uint64_t *bits = passage_bits(m, p->norm.text, p->norm.len);
    int r = match_named(m, cue, p->lang, p->norm.text, p->norm.len, 1, bits, s, e);
    return told(m, cue, r, KJ_CUE_IN_PASSAGE);
}

int kj_cue_match_from(kj_cue_matcher *m, int cue, const kj_passage *p, size_t from, size_t *s,
                      size_t *e) {
    if (!p->norm.text || from > p->norm.len) return 0;
    /* the whole text's bits: a literal the rest holds, the whole holds */
    const uint64_t *bits = passage_bits(m, p->norm.text, p->norm.len);
    int r = match_named(m, cue, p->lang, p->norm.text + from, p->norm.len - from, 0, bits, s, e);
    return told(m, cue, r, KJ_CUE_IN_PASSAGE);
}

int kj_cue_match_in(kj_cue_matcher *m, int cue, const kj_passage *p, size_t from, size_t to,
                    size_t *s, size_t *e) {
    if (!p->norm.text || from > to || to > p->norm.len) return 0;
    /* the whole text's bits: a literal the part holds, the whole holds */
    const uint64_t *bits = passage_bits(m, p->norm.text, p->norm.len);
    int r = match_named(m, cue, p->lang, p->norm.text + from, to - from, 0, bits, s, e);
    if (r > 0) *s += from, *e += from;
    return told(m, cue, r, KJ_CUE_IN_PASSAGE);
}

/* Stop at the first literal: that one occurs is all the gate asks. */
static int gate_hit(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *found) {
    (void)id, (void)from, (void)to, (void)flags;
    *(int *)found = 1;
    return 1;
}

int kj_cue_doctype_possible(kj_cue_matcher *m, const char *s, size_t len) {
    if (!m->d->doctype_db || !m->gate_scratch || len > 0xffffffffu) return 1;
    int found = 0;
    hs_error_t rc =
        hs_scan(m->d->doctype_db, s ? s : "", (unsigned)len, 0, m->gate_scratch, gate_hit, &found);
    return found || (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED);
}

int kj_cue_match_text(kj_cue_matcher *m, int cue, kj_cue_text in, const char *s, size_t len,
                      size_t *ms, size_t *me) {
    if (!s) return 0;
    const uint64_t *bits = passage_bits(m, s, len);
    return told(m, cue, match_named(m, cue, KJ_LANG_AUTO, s, len, 1, bits, ms, me), in);
}

int kj_cue_match_str(kj_cue_matcher *m, int cue, kj_cue_text in, const char *s, size_t len,
                     size_t *ms, size_t *me) {
    if (!s || len >= KJ_MEMO_KEY || cue < 0)
        return told(m, cue, match_named(m, cue, KJ_LANG_AUTO, s, len, 0, NULL, ms, me), in);
    if (!m->memo) m->memo = calloc(KJ_MEMO_SLOTS, sizeof *m->memo);
    if (!m->memo)
        return told(m, cue, match_named(m, cue, KJ_LANG_AUTO, s, len, 0, NULL, ms, me), in);
    uint32_t h = kj_fnv1a32(KJ_FNV32_BASIS ^ (uint32_t)cue, s, len);
    memo_slot *e = &m->memo[h % KJ_MEMO_SLOTS];
    if (e->cue1 == cue + 1 && e->len == len && !memcmp(e->key, s, len)) {
        if (e->hit) {
            *ms = e->ms;
            *me = e->me;
        }
        return e->hit;
    }
    size_t a = 0, b = 0;
    int hit = match_named(m, cue, KJ_LANG_AUTO, s, len, 0, NULL, &a, &b);
    if (hit < 0) /* not remembered: each text it gives up in is told */
        return told(m, cue, hit, in);
    e->cue1 = cue + 1;
    e->len = len;
    memcpy(e->key, s, len);
    e->hit = hit;
    e->ms = a;
    e->me = b;
    if (hit) {
        *ms = a;
        *me = b;
    }
    return hit;
}
