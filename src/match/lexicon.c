/*
 * lexicon.c - load kaiji's curated bilingual lexicons (the *.tsv files in data/lexicon)
 * and compile every term and pattern into one Vectorscan database, so a
 * passage is scanned once for all of them, and the regexes also into small
 * databases that give their starts.
 *
 * Literal terms are normalised exactly like passages (kj_normalize) and then
 * escaped into the database; `re:` entries are compiled as regular
 * expressions, in the main database reported by their end only (start of
 * match would slow the whole scan down) and in their language's regex
 * database with Vectorscan's leftmost start of match (see match_internal.h).
 * The file format is documented in data/lexicon/README.md.
 */
#include "match_internal.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaiji/classify.h"

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Names of the *.tsv files in dir, sorted (arena memory). */
static kj_status list_tsv(const char *dir, kj_arena *ar, char ***names, size_t *n, kj_error *err) {
    DIR *d = opendir(dir);
    if (!d)
        return kj_error_set(err, KJ_ERR_DATA, "%s: cannot open lexicon directory: %s", dir,
                            strerror(errno));
    size_t cap = 0, k = 0;
    char **v = kj_arena_grow(ar, NULL, 0, &cap, sizeof *v);
    struct dirent *e;
    while (v && (e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".tsv") != 0) continue;
        /* out of memory: no list rather than part of one */
        v = kj_arena_grow(ar, v, k, &cap, sizeof *v);
        if (v && !(v[k++] = kj_arena_strdup(ar, e->d_name))) v = NULL;
    }
    closedir(d);
    if (!v) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory listing %s", dir);
    qsort(v, k, sizeof *v, cmp_str);
    *names = v;
    *n = k;
    if (k == 0) return kj_error_set(err, KJ_ERR_DATA, "%s: no lexicon files (*.tsv)", dir);
    return KJ_OK;
}

static kj_status push_term(kj_lexicon *lex, const kj_term *t, const char *pattern, unsigned flags,
                           int lb, int rb) {
    if (lex->n == lex->cap) {
        size_t cap = lex->cap ? lex->cap * 2 : 1024;
        kj_term *terms = realloc(lex->terms, cap * sizeof *terms);
        kj_term_extra *ex = realloc(lex->extra, cap * sizeof *ex);
        if (terms) lex->terms = terms;
        if (ex) lex->extra = ex;
        if (!terms || !ex) return KJ_ERR_NOMEM;
        lex->cap = cap;
    }
    lex->terms[lex->n] = *t;
    lex->terms[lex->n].id = (unsigned)lex->n;
    lex->extra[lex->n] = (kj_term_extra){pattern, flags, lb, rb, 0, 0, 0, 0, NULL, 0};
    lex->n++;
    return KJ_OK;
}

static int is_word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Escape a normalised literal for Vectorscan: every non-alphanumeric byte as \xHH
 * (in ar, at its exact size: the lexicon keeps every pattern). */
static char *escape_literal(kj_arena *ar, const char *s, size_t len) {
    static const char hex[] = "0123456789abcdef";
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += is_word_byte((unsigned char)s[i]) ? 1 : 4;
    char *out = kj_arena_alloc_bytes(ar, n), *o = out;
    if (!out) return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            *o++ = (char)c;
        } else {
            *o++ = '\\';
            *o++ = 'x';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

/* ---- Regexes of literals only (kj_term_literal) -----------------------
 * A regex that is a sequence of characters and groups of alternatives,
 * each perhaps made optional by a ?, stands for a short list of strings;
 * anything else (a class, a repeat, an escape, \b, a capital, a character
 * with a case) leaves it a regex. */

/* The most strings a regex may stand for, the longest, and the deepest
 * its groups may nest (a lexicon a user edited may nest them without end,
 * and each level takes its sets of strings from the arena). */
#define KJ_LITERALS_MAX 256
#define KJ_LITERAL_LEN 255
#define KJ_LITERAL_DEPTH 8

/* A set of strings (arena memory). */
typedef struct {
    const char *s[KJ_LITERALS_MAX];
    size_t len[KJ_LITERALS_MAX];
    size_t n;
} str_set;

/* Add the len bytes at s to set unless there; 0 when it is full or s too long. */
static int set_add(str_set *set, kj_arena *a, const char *s, size_t len) {
    for (size_t i = 0; i < set->n; i++)
        if (set->len[i] == len && !memcmp(set->s[i], s, len)) return 1;
    if (set->n == KJ_LITERALS_MAX || len > KJ_LITERAL_LEN) return 0;
    char *copy = kj_arena_strndup(a, s, len);
    if (!copy) return 0;
    set->s[set->n] = copy;
    set->len[set->n++] = len;
    return 1;
}

/* The bytes of the character at p when a caseless regex matches normalised
 * text with it exactly as those bytes: ASCII but a control, a capital or a
 * metacharacter (the text has no capitals), or a character of U+3000 to
 * U+9FFF (CJK marks, kana, kanji: none has a case). 0 when it is none. */
static size_t plain_char(const char *p) {
    const unsigned char *u = (const unsigned char *)p;
    if (u[0] >= 0x80)
        return u[0] >= 0xE3 && u[0] <= 0xE9 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80 ? 3
                                                                                              : 0;
    if (u[0] < 0x20 || u[0] == 0x7F || (u[0] >= 'A' && u[0] <= 'Z')) return 0;
    return strchr("\\^$.|?*+()[]{}", u[0]) ? 0 : 1;
}

static int seq_strings(const char **p, kj_arena *a, str_set *out, int depth);

/* The strings the character or (?:...) group at *p, and a ? after it,
 * match, into out; *p moves past them. 0 when it is neither, or they are
 * too many. */
static int atom_strings(const char **p, kj_arena *a, str_set *out, int depth) {
    out->n = 0;
    size_t k;
    if (!strncmp(*p, "(?:", 3)) {
        if (depth >= KJ_LITERAL_DEPTH) return 0;
        *p += 3;
        str_set *alt = kj_arena_alloc(a, sizeof *alt); /* sets live in the arena, not the stack */
        if (!alt) return 0;
        for (;;) {
            if (!seq_strings(p, a, alt, depth + 1)) return 0;
            for (size_t i = 0; i < alt->n; i++)
                if (!set_add(out, a, alt->s[i], alt->len[i])) return 0;
            if (**p == ')') break;
            if (**p != '|') return 0;
            ++*p;
        }
        ++*p;
    } else if ((k = plain_char(*p)) != 0) {
        if (!set_add(out, a, *p, k)) return 0;
        *p += k;
    } else {
        return 0;
    }
    if (**p == '?') {
        ++*p;
        return set_add(out, a, "", 0);
    }
    return 1;
}

/* The strings the sequence at *p matches, up to a | or ) or the end, into
 * out; *p moves to where it ends. 0 when it holds anything but characters
 * and groups, or they are too many. */
static int seq_strings(const char **p, kj_arena *a, str_set *out, int depth) {
    out->n = 0;
    if (!set_add(out, a, "", 0)) return 0;
    str_set *atom = kj_arena_alloc(a, sizeof *atom), *next = kj_arena_alloc(a, sizeof *next);
    if (!atom || !next) return 0;
    while (**p && **p != '|' && **p != ')') {
        next->n = 0;
        if (!atom_strings(p, a, atom, depth)) return 0;
        char buf[2 * KJ_LITERAL_LEN];
        for (size_t i = 0; i < out->n; i++)
            for (size_t j = 0; j < atom->n; j++) {
                memcpy(buf, out->s[i], out->len[i]);
                memcpy(buf + out->len[i], atom->s[j], atom->len[j]);
                if (!set_add(next, a, buf, out->len[i] + atom->len[j])) return 0;
            }
        *out = *next;
    }
    return 1;
}

/* When regex term id is of literals only, list its strings in lex->lits and
 * set its extra's literals; a regex of anything else (or one that could
 * match nothing) stays one. KJ_ERR_NOMEM when out of memory. */
static kj_status add_literals(kj_lexicon *lex, size_t id) {
    kj_arena *tmp = kj_arena_new();
    if (!tmp) return KJ_ERR_NOMEM;
    const char *p = lex->extra[id].pattern;
    str_set *set = kj_arena_alloc(tmp, sizeof *set);
    int ok = set && seq_strings(&p, tmp, set, 0) && *p == '\0';
    for (size_t i = 0; ok && i < set->n; i++)
        ok = set->len[i] > 0;
    kj_status st = KJ_OK;
    for (size_t i = 0; ok && st == KJ_OK && i < set->n; i++) {
        kj_term_literal *grown =
            kj_arena_grow(lex->arena, lex->lits, lex->n_lits, &lex->lits_cap, sizeof *lex->lits);
        const char *pat = escape_literal(lex->arena, set->s[i], set->len[i]);
        if (!grown || !pat) {
            st = KJ_ERR_NOMEM;
            break;
        }
        lex->lits = grown;
        lex->lits[lex->n_lits++] = (kj_term_literal){(unsigned)id, set->len[i], pat};
    }
    if (ok && st == KJ_OK) lex->extra[id].literals = set->n;
    kj_arena_free(tmp);
    return st;
}

/* The kj_term_kind of a category name. */
static kj_term_kind term_kind(const char *category) {
    static const struct {
        const char *name;
        kj_term_kind kind;
    } kinds[] = {{"cyber", KJ_KIND_CYBER},         {"asset", KJ_KIND_ASSET},
                 {"outage", KJ_KIND_OUTAGE},       {"offtopic", KJ_KIND_OFFTOPIC},
                 {"unrelated", KJ_KIND_UNRELATED}, {"xref", KJ_KIND_XREF},
                 {"sense", KJ_KIND_SENSE},         {"physical", KJ_KIND_PHYSICAL},
                 {"named", KJ_KIND_NAMED}};
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        if (strcmp(category, kinds[k].name) == 0) return kinds[k].kind;
    return KJ_KIND_OTHER;
}

/* The lexicon's one copy of category name c (arena memory), so that terms
 * of one category share its pointer and a reader may tell categories apart
 * by pointer. The files list their terms category by category, so the
 * previous term's is tried first, then the few distinct ones so far. NULL
 * when out of memory. */
static const char *category_of(kj_lexicon *lex, const char *c) {
    if (lex->n && strcmp(lex->terms[lex->n - 1].category, c) == 0)
        return lex->terms[lex->n - 1].category;
    for (size_t i = 0; i < lex->n_cats; i++)
        if (strcmp(lex->cats[i], c) == 0) return lex->cats[i];
    const char **grown =
        kj_arena_grow(lex->arena, lex->cats, lex->n_cats, &lex->cats_cap, sizeof *lex->cats);
    const char *copy = kj_arena_strdup(lex->arena, c);
    if (!grown || !copy) return NULL;
    lex->cats = grown;
    return lex->cats[lex->n_cats++] = copy;
}

/* Read one entry of file into lex; its normalised term is made in scratch
 * (only its escaped pattern is kept). */
static kj_status parse_line(kj_lexicon *lex, const char *file, int lineno, char *line,
                            kj_arena *scratch, kj_error *err) {
    char *f[8];
    int n = kj_split_tabs(line, f, 7);
    if (n < 6)
        return kj_error_set(err, KJ_ERR_DATA,
                            "%s:%d: expected at least 6 tab-separated columns, got %d", file,
                            lineno, n);
    /* a misspelt language ("jp") was read as "any" */
    if (strcmp(f[1], "ja") != 0 && strcmp(f[1], "en") != 0 && strcmp(f[1], "any") != 0)
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: language must be ja, en or any, got '%s'",
                            file, lineno, f[1]);
    kj_term t = {0};
    /* the whole column a number: atoi read "7x" as 7 and "abc" as 0 */
    char *end;
    long item = strtol(f[2], &end, 10);
    if (end == f[2] || *end || item < 0 || item > KJ_N_ITEMS)
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: item must be 0-10, got '%s'", file, lineno,
                            f[2]);
    int el = -1;
    if (strcmp(f[3], "-") != 0 && f[3][0]) {
        el = kj_element_parse(f[3]);
        if (el < 0 || kj_element_item(el) != (int)item)
            return kj_error_set(err, KJ_ERR_DATA,
                                "%s:%d: element '%s' is not an element of item %d", file, lineno,
                                f[3], (int)item);
    }
    double w = strtod(f[5], &end);
    /* all of it a number, and one in range (a NaN fails both comparisons) */
    if (end == f[5] || *end || !(w >= 0 && w <= 1))
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: weight must be 0-1, got '%s'", file, lineno,
                            f[5]);
    kj_arena *ar = lex->arena;
    t.category = category_of(lex, f[4]);
    if (!t.category) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    t.kind = term_kind(f[4]);
    t.item = (int)item;
    t.element = el;
    t.weight = (float)w;
    t.note = kj_arena_strdup(ar, n > 6 ? f[6] : "");
    const char *term = f[0];
    if (strncmp(term, "re:", 3) == 0) {
        t.is_regex = 1;
        t.term = kj_arena_strdup(ar, term);
        if (!t.term) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
        if (push_term(lex, &t, t.term + 3, KJ_RE_FLAGS, 0, 0) != KJ_OK ||
            add_literals(lex, lex->n - 1) != KJ_OK)
            return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
        int g = strcmp(f[1], "ja") == 0 ? KJ_RX_JA : strcmp(f[1], "en") == 0 ? KJ_RX_EN : KJ_RX_ANY;
        lex->extra[lex->n - 1].group = g;
        if (!lex->extra[lex->n - 1].literals) lex->n_regex[g]++;
        return KJ_OK;
    }
    size_t tl = strlen(term);
    int prefix = tl > 1 && term[tl - 1] == '*';
    if (prefix) tl--;
    kj_norm nm;
    if (kj_normalize(scratch, term, tl, &nm) != KJ_OK)
        return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    if (nm.len == 0) return kj_error_set(err, KJ_ERR_DATA, "%s:%d: empty term", file, lineno);
    t.term = kj_arena_strndup(ar, term, strlen(term));
    int lb = is_word_byte((unsigned char)nm.text[0]);
    int rb = !prefix && is_word_byte((unsigned char)nm.text[nm.len - 1]);
    char *pat = escape_literal(ar, nm.text, nm.len);
    if (!pat || push_term(lex, &t, pat, 0, lb, rb) != KJ_OK)
        return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    lex->extra[lex->n - 1].lit_len = nm.len;
    lex->extra[lex->n - 1].to_word_end = prefix && is_word_byte((unsigned char)nm.text[nm.len - 1]);
    return KJ_OK;
}

/* The length of line's entry (l bytes): its columns up to the weight,
 * without the note, which explains a term to readers and leaves the
 * version (and the model trained with it) as it is. */
static size_t entry_len(const char *line, size_t l) {
    int tabs = 0;
    for (size_t i = 0; i < l; i++)
        if (line[i] == '\t' && ++tabs == 6) return i;
    return l;
}

static kj_status load_file(kj_lexicon *lex, const char *dir, const char *name, uint64_t *hash,
                           kj_error *err) {
    char path[PATH_MAX + 256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *data;
    size_t len;
    kj_status st = kj_read_file(path, 64u << 20, &data, &len, err);
    if (st != KJ_OK) return st;
    /* line by line, blank ones counted, so an error names the line an editor
     * shows; the version hashes the entries only, so a comment, a note or a
     * blank line changes neither it nor the model trained with it */
    kj_data_cursor cur;
    kj_data_cursor_init(&cur, path, data, len);
    const char *where = kj_arena_strdup(lex->arena, path); /* what its terms were read from */
    kj_arena *scratch = kj_arena_new();                    /* a line's working memory */
    if (!where || !scratch) st = kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    size_t entries = 0;
    while (st == KJ_OK && (st = kj_data_next_entry(&cur, err)) == KJ_OK && cur.line) {
        entries++;
        *hash = kj_fnv1a64(kj_fnv1a64(*hash, cur.line, entry_len(cur.line, cur.len)), "\n", 1);
        size_t before = lex->n;
        st = parse_line(lex, path, cur.lineno, cur.line, scratch, err);
        kj_arena_reset(scratch);
        for (size_t k = before; st == KJ_OK && k < lex->n; k++) { /* the terms the line made */
            lex->extra[k].file = where;
            lex->extra[k].line = cur.lineno;
        }
    }
    kj_arena_free(scratch);
    free(data);
    /* emptied, or cut short to its header comments: it loaded, and its
     * terms were missing without a word (a file meant to hold none is
     * removed, not emptied) */
    if (st == KJ_OK && entries == 0)
        st = kj_error_set(err, KJ_ERR_DATA,
                          "%s: no terms (an empty lexicon file: restore it, or remove it)", path);
    return st;
}

/* Compile every term with its flags (group -1: kj_lexicon.db; a regex of
 * literals only as its strings, kj_term_literal) or the other regexes of
 * one group alone with leftmost start of match (kj_lexicon.som_db[group])
 * into *db, each with its term index as id. The caller owns *db. */
static kj_status compile_some(kj_lexicon *lex, int group, hs_database_t **db, kj_error *err) {
    size_t most = lex->n + lex->n_lits;
    const char **pats = malloc(most * sizeof *pats);
    unsigned *flags = malloc(most * sizeof *flags);
    unsigned *ids = malloc(most * sizeof *ids);
    if (!pats || !flags || !ids) {
        free(pats);
        free(flags);
        free(ids);
        return kj_error_set(err, KJ_ERR_NOMEM, "out of memory compiling lexicon");
    }
    kj_status st = KJ_OK;
    size_t k = 0;
    for (size_t i = 0; i < lex->n; i++) {
        if (lex->extra[i].literals) continue; /* its strings below */
        if (group >= 0 && (!lex->terms[i].is_regex || lex->extra[i].group != group)) continue;
        pats[k] = lex->extra[i].pattern;
        flags[k] = group >= 0 ? KJ_RE_SOM_FLAGS : lex->extra[i].flags;
        ids[k++] = (unsigned)i;
    }
    for (size_t i = 0; group < 0 && i < lex->n_lits; i++) {
        pats[k] = lex->lits[i].pattern;
        flags[k] = 0;
        ids[k++] = (unsigned)(lex->n + i);
    }
    hs_compile_error_t *ce = NULL;
    if (hs_compile_multi(pats, flags, ids, (unsigned)k, HS_MODE_BLOCK, NULL, db, &ce) !=
        HS_SUCCESS) {
        *db = NULL;
        int bad = ce && ce->expression >= 0 && (size_t)ce->expression < k ? ce->expression : -1;
        unsigned id = bad < 0             ? 0
                      : ids[bad] < lex->n ? ids[bad]
                                          : lex->lits[ids[bad] - lex->n].term;
        if (bad >= 0)
            st = kj_error_set(err, KJ_ERR_DATA, "%s:%d: cannot compile term '%s': %s",
                              lex->extra[id].file, lex->extra[id].line, lex->terms[id].term,
                              ce ? ce->message : "unknown");
        else
            st = kj_error_set(err, KJ_ERR_DATA, "lexicon: cannot compile: %s",
                              ce ? ce->message : "unknown");
        hs_free_compile_error(ce);
    }
    free(pats);
    free(flags);
    free(ids);
    return st;
}

static void free_dbs(kj_lexicon *lex) {
    if (lex->db) hs_free_database(lex->db);
    lex->db = NULL;
    for (int g = 0; g < KJ_RX_GROUPS; g++) {
        if (lex->som_db[g]) hs_free_database(lex->som_db[g]);
        lex->som_db[g] = NULL;
    }
}

static kj_status compile_db(kj_lexicon *lex, kj_error *err) {
    kj_status st = compile_some(lex, -1, &lex->db, err);
    for (int g = 0; st == KJ_OK && g < KJ_RX_GROUPS; g++)
        if (lex->n_regex[g]) st = compile_some(lex, g, &lex->som_db[g], err);
    if (st != KJ_OK) free_dbs(lex);
    return st;
}

/* ---- The precompiled databases (`kaiji lexicon compile`) ---------------
 * <lexicon dir>/lexicon.hsdb holds the line
 *   "kaiji-hsdb3 <version> <flags> <n> <n_ja> <n_en> <n_any>\n"
 * and then the serialised Vectorscan databases db, som_db[KJ_RX_JA],
 * som_db[KJ_RX_EN] and som_db[KJ_RX_ANY] of exactly that lexicon, of those
 * byte counts (0 for a group without regexes), compiled with exactly those
 * flags (<flags>: a hash of every term's Vectorscan flags in each database,
 * and of which regexes db holds as their strings, kj_term_literal).
 * It only saves the compile at start-up: a file for another lexicon version,
 * other flags or another layout (an older kaiji's "kaiji-hsdb " with one
 * database, "kaiji-hsdb2" with every regex as one), for another Vectorscan
 * or CPU, or a damaged one is ignored and the terms are compiled. */

#define KJ_HSDB_NAME "lexicon.hsdb"
#define KJ_HSDB_MAGIC "kaiji-hsdb3 "

/* The first line up to the byte counts for lex, into head (64 bytes);
 * returns its length. */
static int hsdb_head(const kj_lexicon *lex, char *head) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < lex->n; i++)
        h = (h ^ lex->extra[i].flags) * 16777619u;
    for (size_t i = 0; i < lex->n; i++)
        if (lex->terms[i].is_regex)
            h = (h ^ (KJ_RE_SOM_FLAGS + (unsigned)lex->extra[i].group)) * 16777619u;
    for (size_t i = 0; i < lex->n_lits; i++) /* which regexes are in db as their strings */
        h = (h ^ (lex->lits[i].term * 256u + (unsigned)lex->lits[i].len)) * 16777619u;
    return snprintf(head, 64, "%s%s %08x", KJ_HSDB_MAGIC, lex->version, (unsigned)h);
}

/* " <decimal>" at *p (before end), into *out; 0 when there is none. */
static int parse_count(const char **p, const char *end, size_t *out) {
    const char *s = *p;
    if (s >= end || *s++ != ' ') return 0;
    size_t v = 0;
    const char *digits = s;
    for (; s < end && *s >= '0' && *s <= '9' && s - digits < 12; s++)
        v = v * 10 + (size_t)(*s - '0');
    if (s == digits) return 0;
    *p = s;
    *out = v;
    return 1;
}

/* Deserialise n bytes at data into *db; 0 (and *db NULL) when they are not a database. */
static int take_db(const char *data, size_t n, hs_database_t **db) {
    if (hs_deserialize_database(data, n, db) == HS_SUCCESS) return 1;
    *db = NULL;
    return 0;
}

static int load_precompiled(kj_lexicon *lex, const char *dir) {
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/%s", dir, KJ_HSDB_NAME);
    char *data;
    size_t len;
    kj_error ignored;
    if (kj_read_file(path, 256u << 20, &data, &len, &ignored) != KJ_OK) return 0;
    char head[64];
    int hl = hsdb_head(lex, head);
    const char *p = data + hl, *end = data + len;
    size_t n[1 + KJ_RX_GROUPS] = {0};
    int ok = len > (size_t)hl && memcmp(data, head, (size_t)hl) == 0;
    for (int i = 0; ok && i < 1 + KJ_RX_GROUPS; i++)
        ok = parse_count(&p, end, &n[i]);
    ok = ok && p < end && *p++ == '\n';
    /* the byte counts add up to the rest of the file, a group has a database when it has regexes */
    size_t rest = ok ? (size_t)(end - p) : 0;
    for (int i = 0; ok && i < 1 + KJ_RX_GROUPS; i++) {
        ok = n[i] <= rest && (i == 0 || (n[i] > 0) == (lex->n_regex[i - 1] > 0));
        rest -= ok ? n[i] : 0;
    }
    ok = ok && rest == 0 && n[0] > 0 && take_db(p, n[0], &lex->db);
    p += ok ? n[0] : 0;
    for (int g = 0; ok && g < KJ_RX_GROUPS; g++) {
        ok = n[1 + g] == 0 || take_db(p, n[1 + g], &lex->som_db[g]);
        p += n[1 + g];
    }
    free(data);
    if (!ok) free_dbs(lex);
    lex->precompiled = ok;
    return ok;
}

kj_status kj_lexicon_save_compiled(const kj_lexicon *lex, const char *dir, kj_error *err) {
    char def[PATH_MAX];
    if (!dir) {
        kj_status st = kj_data_path("lexicon", def, sizeof def, err);
        if (st != KJ_OK) return st;
        dir = def;
    }
    /* db, then som_db[0 .. KJ_RX_GROUPS) */
    char *bytes[1 + KJ_RX_GROUPS] = {NULL};
    size_t n[1 + KJ_RX_GROUPS] = {0};
    kj_status st = KJ_OK;
    for (int i = 0; st == KJ_OK && i < 1 + KJ_RX_GROUPS; i++) {
        const hs_database_t *db = i == 0 ? lex->db : lex->som_db[i - 1];
        if (db && hs_serialize_database(db, &bytes[i], &n[i]) != HS_SUCCESS)
            st = kj_error_set(err, KJ_ERR_INTERNAL, "lexicon: cannot serialise the database");
    }
    char path[PATH_MAX + 32], head[64 + 24 * (1 + KJ_RX_GROUPS)];
    snprintf(path, sizeof path, "%s/%s", dir, KJ_HSDB_NAME);
    hsdb_head(lex, head);
    for (int i = 0; i < 1 + KJ_RX_GROUPS; i++)
        snprintf(head + strlen(head), sizeof head - strlen(head), " %zu", n[i]);
    snprintf(head + strlen(head), sizeof head - strlen(head), "\n");
    /* the head line, then the databases; put in place whole, or the earlier
     * file left */
    const void *parts[2 + KJ_RX_GROUPS] = {head};
    size_t lens[2 + KJ_RX_GROUPS] = {strlen(head)};
    for (int i = 0; i < 1 + KJ_RX_GROUPS; i++) {
        parts[1 + i] = bytes[i];
        lens[1 + i] = n[i];
    }
    if (st == KJ_OK && kj_write_file_replace(path, parts, lens, 2 + KJ_RX_GROUPS) != 0)
        st = kj_error_set(err, KJ_ERR_IO, "%s: write failed: %s; left as it was", path,
                          strerror(errno));
    for (int i = 0; i < 1 + KJ_RX_GROUPS; i++)
        free(bytes[i]);
    return st;
}

int kj_lexicon_precompiled(const kj_lexicon *lex) {
    return lex->precompiled;
}

kj_status kj_lexicon_load(const char *dir, kj_lexicon **out, kj_error *err) {
    *out = NULL;
    char def[PATH_MAX];
    if (!dir) {
        kj_status st = kj_data_path("lexicon", def, sizeof def, err);
        if (st != KJ_OK) return st;
        dir = def;
    }
    kj_lexicon *lex = calloc(1, sizeof *lex);
    if (!lex || !(lex->arena = kj_arena_new())) {
        free(lex);
        return kj_error_set(err, KJ_ERR_NOMEM, "out of memory loading lexicon");
    }
    char **names = NULL;
    size_t n = 0;
    uint64_t hash = 1469598103934665603ULL;
    kj_status st = list_tsv(dir, lex->arena, &names, &n, err);
    for (size_t i = 0; st == KJ_OK && i < n; i++)
        st = load_file(lex, dir, names[i], &hash, err);
    snprintf(lex->version, sizeof lex->version, "%016llx", (unsigned long long)hash);
    if (st == KJ_OK && lex->n == 0)
        st = kj_error_set(err, KJ_ERR_DATA, "%s: no terms in the *.tsv files", dir);
    if (st == KJ_OK && !load_precompiled(lex, dir)) st = compile_db(lex, err);
    if (st != KJ_OK) {
        kj_lexicon_free(lex);
        return st;
    }
    *out = lex;
    return KJ_OK;
}

size_t kj_lexicon_size(const kj_lexicon *lex) {
    return lex->n;
}

const kj_term *kj_lexicon_term(const kj_lexicon *lex, unsigned id) {
    return id < lex->n ? &lex->terms[id] : NULL;
}

const char *kj_lexicon_version(const kj_lexicon *lex) {
    return lex->version;
}

void kj_lexicon_free(kj_lexicon *lex) {
    if (!lex) return;
    free_dbs(lex);
    free(lex->terms);
    free(lex->extra);
    kj_arena_free(lex->arena);
    free(lex);
}
