/*
 * understand.c - P4 understandability (guide §3(2)④): can a reader without
 * special knowledge follow the disclosure? Signals:
 *   - jargon and acronyms explained at first use (a parenthesised gloss, a
 *     ※ note, "…とは") or in a ※ note passage, against those left
 *     unexplained (jargon = lexicon category "jargon", plus upper-case
 *     acronyms in the original text that are not everyday words per the
 *     "plain-acronym" cue);
 *   - ※ annotations at all;
 *   - mean sentence length (characters in Japanese, words in English);
 *   - structure: passages sitting under headings, lists;
 *   - references that point readers to the full policy or details (a URL).
 * A readable text starts from a baseline of 30 points; the signals move it.
 */
#include "assess_internal.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define KJ_MAX_JARGON 64

typedef struct {
    const char *key;   /* lower-case term (arena) */
    const char *shown; /* the term as a reader writes it: "PSIRT", not "psirt" (arena) */
    uint32_t hash;     /* of key (key_hash) */
    const char *note;  /* lexicon note (plain explanation) or NULL */
    size_t passage;
    int explained;
} jterm;

#define KJ_DEFINED_SLOTS 512 /* a power of two */

typedef struct {
    jterm t[KJ_MAX_JARGON];
    int n;
    const unsigned char *jargon; /* per lexicon term: category jargon (may be NULL) */
    /* Terms the document explains in passages that are not about
     * cybersecurity (an acronym spelt out in the business section), by
     * key_hash + 1 (0: empty); a relevant passage using one later needs no
     * gloss of its own. */
    uint32_t defined[KJ_DEFINED_SLOTS];
    int n_defined;
    int defining;      /* the passage being read is not relevant: only note definitions */
    const char *title; /* the document's title in lower case (arena), or NULL (in_title) */
} jlist;

/* What the passages leave for the document-level signals: the jargon, and
 * the first relevant passage pointing readers to details (a reference). */
struct kj_un_state {
    jlist l;
    int ref_cue;        /* the "reference" cue, or -1 */
    int plain_cue;      /* the "plain-acronym" cue, or -1 */
    long ref_at;        /* passage of the reference, -1 while none */
    const char *ref_ev; /* its excerpt (in the passage's original text) */
    size_t ref_len;
};

static uint32_t key_hash_n(const char *key, size_t n) {
    return kj_fnv1a32(KJ_FNV32_BASIS, key, n);
}

static uint32_t key_hash(const char *key) {
    return key_hash_n(key, strlen(key));
}

/* Remember (defined 1) or look up (0) hash h among the defined terms. */
static int defined_slot(jlist *l, uint32_t h, int define) {
    uint32_t v = h + 1 ? h + 1 : 1;
    for (uint32_t k = h & (KJ_DEFINED_SLOTS - 1);; k = (k + 1) & (KJ_DEFINED_SLOTS - 1)) {
        if (l->defined[k] == v) return 1;
        if (l->defined[k] == 0) {
            if (!define || l->n_defined >= KJ_DEFINED_SLOTS / 2) return 0;
            l->defined[k] = v;
            l->n_defined++;
            return 1;
        }
    }
}

static jterm *jfind(jlist *l, const char *key, uint32_t h) {
    for (int i = 0; i < l->n; i++)
        if (l->t[i].hash == h && !strcmp(l->t[i].key, key)) return &l->t[i];
    return NULL;
}

/* Is the occurrence [s, e) of a term in normalised text glossed right there? */
static int glossed(const char *s, size_t len, size_t b, size_t e) {
    size_t j = e;
    while (j < len && s[j] == ' ')
        j++;
    if (j + 3 <= len && !memcmp(s + j, "※", 3)) return 1;
    if (j + 6 <= len && !memcmp(s + j, "とは", 6)) return 1;
    if (j < len && s[j] == '(' && j + 1 < len && !(s[j + 1] >= '0' && s[j + 1] <= '9')) return 1;
    /* the expansion first: "... center (soc)", ("soc"), "manufacturers, or
     * oems", "the u.s. government, or the usg", "... company, which we refer
     * to as “uprr”", "…チーム(以下「csirt」)" */
    size_t k = b;
    int quoted = 0;
    if (k >= 1 && s[k - 1] == '"')
        k--, quoted = 1;
    else if (k >= 3 && (!memcmp(s + k - 3, "“", 3) || !memcmp(s + k - 3, "「", 3)))
        k -= 3, quoted = 1;
    while (k > 0 && s[k - 1] == ' ')
        k--;
    if (k >= 2 && s[k - 1] == '(') return 1;
    if (k >= 4 && !memcmp(s + k - 4, ", or", 4)) return 1;
    if (k >= 8 && !memcmp(s + k - 8, ", or the", 8)) return 1;
    if (quoted && k >= 6 && !memcmp(s + k - 6, "以下", 6)) return 1; /* (以下「csirt」) */
    return quoted && k >= 3 && !memcmp(s + k - 3, " as", 3);
}

/* Position of word key in s (ASCII word boundaries when key is ASCII). */
static const char *find_word(const char *s, const char *key) {
    size_t n = strlen(key);
    for (const char *p = strstr(s, key); p; p = strstr(p + 1, key)) {
        int ascii = isalnum((unsigned char)key[0]);
        if (!ascii) return p;
        if ((p == s || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[n])) return p;
    }
    return NULL;
}

/* Whether passage p glosses key (lower case) where it first uses it. */
static int glossed_in(const kj_passage *p, const char *key) {
    const char *at = find_word(p->norm.text, key);
    if (!at) return 0;
    size_t b = (size_t)(at - p->norm.text);
    return glossed(p->norm.text, p->norm.len, b, b + strlen(key));
}

static void add_term(kj_assess_ctx *c, jlist *l, const char *key, const char *shown,
                     const char *note, size_t i) {
    const kj_passage *p = &c->a->passages.items[i];
    uint32_t h = key_hash(key);
    if (l->defining) { /* a passage off the topic: does it explain the term? */
        size_t n = strlen(key);
        if (glossed_in(p, key)) {
            defined_slot(l, h, 1);
            if (n > 2 && key[n - 1] == 's') /* "AIBs" spelt out explains "AIB" */
                defined_slot(l, key_hash_n(key, n - 1), 1);
        }
        return;
    }
    jterm *t = jfind(l, key, h);
    if (t) {
        /* a ※ note passage later on explains it too */
        if (!t->explained && p->norm.len >= 3 && !memcmp(p->norm.text, "※", 3)) t->explained = 1;
        return;
    }
    if (l->n == KJ_MAX_JARGON) return;
    int here = glossed_in(p, key) || defined_slot(l, h, 0);
    const char *k = kj_arena_strdup(c->arena, key), *sh = kj_arena_strdup(c->arena, shown);
    if (!k || !sh) return; /* out of memory: the term goes unlisted, never half-listed */
    l->t[l->n++] = (jterm){k, sh, h, note, i, here};
}

/* Whether lower-case key is a word of the document's title: a company's
 * own name or ticker ("IBM" in "ibm-20241231") is not jargon to explain. */
static int in_title(const jlist *l, const char *key) {
    return l->title && find_word(l->title, key) != NULL;
}

/* The bytes of a title in_title reads: a document's own name or ticker
 * comes first in it. Every acronym of the document is looked for in it: a
 * whole title of 8 MB (a hostile page's <title>) took 40 s over 100,000
 * acronyms. */
#define KJ_TITLE_READ 1024

/* The document's title in lower case for in_title, its first
 * KJ_TITLE_READ bytes at most, cut at a character's start (arena), or
 * NULL. */
static const char *lower_title(kj_arena *a, const kj_document *doc) {
    if (!doc || !doc->title || !*doc->title) return NULL;
    size_t n = strlen(doc->title);
    if (n > KJ_TITLE_READ) {
        n = KJ_TITLE_READ;
        while (n > 0 && ((unsigned char)doc->title[n] & 0xC0) == 0x80)
            n--;
    }
    char *t = kj_arena_strndup(a, doc->title, n);
    for (char *q = t; q && *q; q++)
        *q = (char)tolower((unsigned char)*q);
    return t;
}

/* Whether byte j of s continues a word (next_acronym): a letter, a slash,
 * an ampersand before a capital, or a hyphen after a capital and before
 * two (C-TPAT, US-CERT: one name, not TPAT and CERT alone; not the U of
 * EU-U.S.). */
static int in_word(const char *s, size_t len, size_t j) {
    int capital_next = j + 1 < len && isupper((unsigned char)s[j + 1]);
    return isalpha((unsigned char)s[j]) || s[j] == '/' || (s[j] == '&' && capital_next) ||
           (s[j] == '-' && capital_next && j + 2 < len && isupper((unsigned char)s[j + 2]) &&
            j > 0 && isupper((unsigned char)s[j - 1]));
}

/* The next acronym of s (len bytes) at or after *k: a word of 2-8 letters
 * (hyphens aside) with at least two capitals ("EDR", "OEMs", "E&TS", "R&D": an ampersand
 * before a capital joins), its lower-case form into key
 * (16 bytes) and its bytes into [*b, *e). Returns 0 when there is none.
 * A word starts at a letter and runs while in_word. One that starts with a
 * lower-case letter has one before its last, so it is no acronym: the
 * search goes from capital to capital and passes over the word a capital
 * lies inside when that word began with a lower-case letter ("eCRM"). */
static int next_acronym(const char *s, size_t len, size_t *k, size_t *b, size_t *e, char *key) {
    size_t u;
    while ((u = kj_next_ascii_in(s, len, *k, 'A', 'Z', 'A', 'Z')) < len) {
        /* where the word that u lies in starts: no capital lies in [*k, u) */
        size_t i = u;
        while (i > *k && in_word(s, len, i - 1))
            i--;
        while (i < u && !isalpha((unsigned char)s[i]))
            i++;
        size_t j = u;
        int caps = 0, lower = 0, hyphens = 0;
        if (i < u) { /* it starts with a lower-case letter */
            while (j < len && in_word(s, len, j))
                j++;
            *k = j;
            continue;
        }
        while (j < len && in_word(s, len, j)) {
            caps += isupper((unsigned char)s[j]) != 0;
            lower += islower((unsigned char)s[j]) != 0;
            hyphens += s[j] == '-';
            j++;
        }
        *k = j;
        if (caps >= 2 && (lower == 0 || (lower == 1 && s[j - 1] == 's')) &&
            j - i - (size_t)hyphens <= 8) {
            size_t n = 0;
            for (size_t x = i; x < j && n < 15; x++)
                key[n++] = (char)tolower((unsigned char)s[x]);
            key[n] = '\0';
            *b = i, *e = j;
            return 1;
        }
    }
    *k = len;
    return 0;
}

/* Whether acronym key (lower case) reads as a word written in capitals
 * rather than letters to spell out: five or more letters, two or more of
 * them vowels and at least two in five (JAPAN, PEOPLE, ADVANCE, a product
 * or programme name; not CSIRT, JPCERT, NASDAQ). Such a word in capitals
 * is a name, not jargon; the pronounceable acronyms a reader does need
 * explained (CEPTOAR, OSINT, SCADA) are in the lexicon's jargon. */
static int reads_as_word(const char *key) {
    int letters = 0, vowels = 0;
    for (const char *q = key; *q; q++) {
        if (!islower((unsigned char)*q)) return 0; /* E&TS, I/O: not one word */
        letters++;
        vowels += strchr("aeiou", *q) != NULL;
    }
    return letters >= 5 && vowels >= 2 && 5 * vowels >= 2 * letters;
}

/* Whether the code points [b, e) of the passage lie inside a longer
 * lexicon match of mt: "PCI" in "PCI DSS", "ISO/IEC" in "ISO/IEC 27001"
 * are parts of that term, which is explained (or listed) as a whole. */
static int inside_term(const kj_matches *mt, size_t b, size_t e) {
    for (size_t k = 0; mt && k < mt->n; k++)
        if (kj_span_inside(b, e, mt->items[k].start, mt->items[k].end)) return 1;
    return 0;
}

/* Whether a word for a company or a group begins at s[i]. */
static int company_word_at(const char *s, size_t len, size_t i) {
    static const char *const words[] = {
        "グループ", "株式会社", "ホールディングス", " Group", " Inc", " Corporation",
        " Co.",     " Ltd",     "（株）",           "(株)",   NULL};
    for (int k = 0; words[k]; k++) {
        size_t n = strlen(words[k]);
        if (i + n <= len && !memcmp(s + i, words[k], n)) return 1;
    }
    return 0;
}

/* Most katakana of a company's name between its acronym and the word for
 * a company (ABCコミュニケーションズ株式会社: 10). */
#define KJ_NAME_KANA_MAX 16

/* Whether the acronym at bytes [b, e) of s names a company or a group: a
 * word for one follows it, at once or after up to KJ_NAME_KANA_MAX katakana
 * of the name (NTTグループ, XYZ株式会社, ABCシステムズ株式会社, ABCデータ
 * グループ, "ABC Inc."), or 株式会社 comes just before it. A name is not
 * jargon to explain. */
static int names_company(const char *s, size_t len, size_t b, size_t e) {
    size_t i = e;
    for (int n = 0; n <= KJ_NAME_KANA_MAX && i < len; n++) {
        if (company_word_at(s, len, i)) return 1;
        int32_t cp;
        size_t k = kj_utf8_decode(s + i, len - i, &cp);
        if (!(cp >= 0x30A1 && cp <= 0x30FC)) break; /* ァ .. ー: the name goes on */
        i += k;
    }
    static const char before[] = "株式会社";
    size_t n = sizeof before - 1;
    return b >= n && !memcmp(s + b - n, before, n);
}

/* Whether the n bytes at s hold a full-width capital (Ａ..Ｚ: EF BC A1..BA),
 * without which a text has no full-width acronym. */
static int has_fullwidth_capital(const char *s, size_t n) {
    for (const char *p = memchr(s, 0xEF, n); p; p = memchr(p + 1, 0xEF, n - (size_t)(p + 1 - s)))
        if ((size_t)(p - s) + 2 < n && (unsigned char)p[1] == 0xBC && (unsigned char)p[2] >= 0xA1 &&
            (unsigned char)p[2] <= 0xBA)
            return 1;
    return 0;
}

/* A copy of the *len bytes at s with the full-width forms of ASCII made
 * ASCII (ＳＯＡＲ, Ｒ＆Ｄ, as Japanese filings set acronyms), *len set to its
 * bytes; each code point stays one code point. NULL when s has no
 * full-width capital (read s itself) or memory runs out. The caller frees
 * it. */
static char *fold_fullwidth(const char *s, size_t *len) {
    size_t n = *len;
    if (!has_fullwidth_capital(s, n)) return NULL;
    char *out = malloc(n + 1);
    if (out) *len = kj_fold_width(s, n, out, KJ_FOLD_POINTS);
    return out;
}

/* The acronyms of passage i's original text (its full-width letters read
 * as ASCII: fold_fullwidth), but for those any reader
 * knows (the plain-acronym cue), the document's own name (in_title), words
 * in capitals (reads_as_word), names of companies (names_company) and parts
 * of a longer lexicon term (inside_term). */
static void collect_acronyms(kj_assess_ctx *c, jlist *l, size_t i) {
    const kj_passage *p = &c->a->passages.items[i];
    int plain = c->un->plain_cue;
    size_t len = p->len;
    char *folded = fold_fullwidth(p->text, &len);
    const char *t = folded ? folded : p->text;
    size_t k = 0, b, e, ms, me, at_b = 0, at_cp = 0, ob = 0, done;
    char key[16];
    while (next_acronym(t, len, &k, &b, &e, key)) {
        size_t cps = kj_utf8_count(t + at_b, b - at_b); /* acronyms come in order */
        at_cp += cps;
        at_b = b;
        ob += kj_utf8_skip(p->text + ob, p->len - ob, cps, &done); /* b in p->text */
        /* the cheap tests first; the plain-acronym cue runs a regex */
        if (!reads_as_word(key) && !in_title(l, key) && !names_company(t, len, b, e) &&
            !inside_term(c->mt, at_cp, at_cp + (e - b)) &&
            !(plain >= 0 &&
              kj_cue_match_str(c->cm, plain, KJ_CUE_IN_PASSAGE, key, e - b, &ms, &me))) {
            size_t n = kj_utf8_skip(p->text + ob, p->len - ob, e - b, &done);
            add_term(c, l, key, kj_arena_strndup(c->scratch, p->text + ob, n), NULL, i);
        }
    }
    free(folded);
}

/* The company's own name is not jargon: a cover page gives it in the block
 * before "(Exact name of registrant as specified in its charter)" (a 10-K:
 * NVIDIA CORPORATION) or in the block of 【会社名】 or 【英訳名】 and the next
 * (an EDINET filing: TDK株式会社); their acronyms count as explained. Only
 * the first blocks, where a cover page is, are looked at. */
static void names_on_cover(const kj_document *doc, jlist *l) {
    size_t n = !doc ? 0 : doc->n_blocks < 80 ? doc->n_blocks : 80;
    for (size_t i = 0; i < n; i++) {
        const char *t = doc->blocks[i].text;
        size_t from, to;
        if (t && (strstr(t, "Exact name of registrant") || strstr(t, "exact name of registrant")))
            from = to = i ? i - 1 : i;
        else if (t && (strstr(t, "【会社名】") || strstr(t, "【英訳名】")))
            from = i, to = i + 1 < doc->n_blocks ? i + 1 : i;
        else
            continue;
        for (size_t j = from; j <= to; j++) {
            size_t k = 0, b, e;
            char key[16];
            while (doc->blocks[j].text &&
                   next_acronym(doc->blocks[j].text, doc->blocks[j].len, &k, &b, &e, key))
                defined_slot(l, key_hash(key), 1);
        }
    }
}

static void collect_lexicon(kj_assess_ctx *c, jlist *l, size_t i) {
    if (!c->mt || !c->lex) return;
    const kj_matches *mt = c->mt;
    const kj_passage *p = &c->a->passages.items[i];
    for (size_t k = 0; k < mt->n; k++) {
        if (!kj_term_in_category(c->lex, l->jargon, mt->items[k].term, "jargon")) continue;
        const kj_term *t = kj_lexicon_term(c->lex, mt->items[k].term);
        char *key = kj_arena_strndup(c->scratch, p->norm.text + mt->items[k].nstart,
                                     mt->items[k].nend - mt->items[k].nstart);
        if (key) add_term(c, l, key, t->term, t->note && *t->note ? t->note : NULL, i);
    }
}

static kj_status jargon_signals(kj_assess_ctx *c, jlist *l) {
    kj_assessment *o = c->out;
    int good = 0, bad = 0;
    kj_status st = KJ_OK;
    for (int k = 0; k < l->n && st == KJ_OK; k++) {
        jterm *t = &l->t[k];
        const char *key = t->shown ? t->shown : t->key;
        if (t->explained && good++ < 5)
            st = kj_add_signal(c, "jargon-explained", KJ_P_UNDERSTANDABLE, (long)t->passage, key,
                               strlen(key), 4);
        else if (!t->explained && bad++ < 6)
            st = kj_add_signal(c, "jargon-unexplained", KJ_P_UNDERSTANDABLE, (long)t->passage, key,
                               strlen(key), -5);
        if (!t->explained && c->n_unexplained < KJ_MAX_UNEXPLAINED) {
            c->unexplained[c->n_unexplained] = key;
            c->unexplained_note[c->n_unexplained++] = t->note;
        }
    }
    o->jargon_total = l->n;
    o->jargon_unexplained = 0;
    for (int k = 0; k < l->n; k++)
        o->jargon_unexplained += !l->t[k].explained;
    return st;
}

typedef struct {
    const char *s;
    int en;
    int table; /* the passage is a table's cells: only written sentences count */
    long units, sentences;
} slen;

/* A table's cells are labels and figures, not sentences: a row of them
 * read as one sentence would move the mean by the table's width, so in a
 * table only a cell's written sentences are counted. */
static void count_sentence(size_t b, size_t e, void *ud) {
    slen *x = ud;
    if (x->table && !kj_is_sentence_stop(kj_utf8_last(x->s + b, e - b))) return;
    x->sentences++;
    if (!x->en) {
        x->units += (long)kj_utf8_count(x->s + b, e - b);
        return;
    }
    int in = 0;
    for (size_t i = b; i < e; i++) {
        int sp = x->s[i] == ' ';
        if (!sp && !in) x->units++;
        in = !sp;
    }
}

static kj_status sentence_signal(kj_assess_ctx *c) {
    slen x = {0};
    x.en = c->out->lang == KJ_LANG_EN;
    for (size_t i = 0; i < c->a->passages.n; i++) {
        const kj_passage *p = &c->a->passages.items[i];
        if (!c->relevant[i] || p->kind == KJ_BLOCK_HEADING) continue;
        x.s = p->text;
        x.table = p->kind == KJ_BLOCK_TABLE_CELL;
        kj_split_sentences_cased(p->text, p->len, count_sentence, &x);
    }
    if (!x.sentences) return KJ_OK;
    int mean = (int)(x.units / x.sentences);
    c->out->mean_sentence = mean;
    /* thresholds: Japanese characters or English words per sentence */
    static const int ja[] = {60, 90, 120, 150}, en[] = {20, 28, 35, 45};
    const int *t = x.en ? en : ja;
    int pts = mean <= t[0] ? 25 : mean <= t[1] ? 15 : mean <= t[2] ? 5 : mean <= t[3] ? 0 : -10;
    char ev[64];
    snprintf(ev, sizeof ev, x.en ? "mean %d words per sentence" : "mean %d characters per sentence",
             mean);
    return kj_add_signal(c, pts >= 0 ? "sentence-length" : "long-sentences", KJ_P_UNDERSTANDABLE,
                         -1, ev, strlen(ev), pts);
}

static kj_status structure_signals(kj_assess_ctx *c) {
    int rel = 0, under = 0, lists = 0, notes = 0;
    long note_at = -1;
    for (size_t i = 0; i < c->a->passages.n; i++) {
        const kj_passage *p = &c->a->passages.items[i];
        if (p->kind == KJ_BLOCK_LIST_ITEM) lists++;
        if (c->brief[i].notes && note_at < 0) note_at = (long)i;
        notes += c->brief[i].notes;
        if (!c->relevant[i]) continue;
        rel++;
        under += p->heading != NULL;
    }
    char ev[64];
    kj_status st = KJ_OK;
    if (rel) {
        int share = under * 100 / rel;
        int pts = share >= 60 ? 20 : share >= 30 ? 10 : rel >= 4 ? -5 : 0;
        snprintf(ev, sizeof ev, "%d of %d passages under a heading", under, rel);
        st = kj_add_signal(c, pts >= 0 ? "headings" : "no-headings", KJ_P_UNDERSTANDABLE, -1, ev,
                           strlen(ev), pts);
    }
    if (st == KJ_OK && lists) {
        snprintf(ev, sizeof ev, "%d list items", lists);
        st = kj_add_signal(c, "lists", KJ_P_UNDERSTANDABLE, -1, ev, strlen(ev), 5);
    }
    const kj_un_state *u = c->un;
    if (st == KJ_OK && u->ref_at >= 0)
        st = kj_add_signal(c, "references", KJ_P_UNDERSTANDABLE, u->ref_at, u->ref_ev, u->ref_len,
                           5);
    if (st == KJ_OK && notes) {
        snprintf(ev, sizeof ev, "%d passages with ※ notes", notes);
        st = kj_add_signal(c, "notes", KJ_P_UNDERSTANDABLE, note_at, ev, strlen(ev), 10);
    }
    return st;
}

kj_status kj_understand_start(kj_assess_ctx *c) {
    kj_un_state *u = kj_arena_alloc(c->arena, sizeof *u);
    if (!u) return KJ_ERR_NOMEM;
    u->l.n = 0;
    u->l.jargon = kj_category_terms(c->arena, c->lex, "jargon");
    u->ref_cue = kj_cue_find(c->d, "reference");
    u->plain_cue = kj_cue_find(c->d, "plain-acronym");
    u->ref_at = -1;
    u->l.title = lower_title(c->arena, c->a->doc);
    names_on_cover(c->a->doc, &u->l);
    c->un = u;
    return KJ_OK;
}

/* Passage i's jargon and acronyms, and whether it is the first to give a
 * reference (relevant passages only); of a passage that is not relevant,
 * the terms it explains. */
kj_status kj_understand_passage(kj_assess_ctx *c, size_t i) {
    kj_un_state *u = c->un;
    u->l.defining = !c->relevant[i];
    collect_lexicon(c, &u->l, i);
    collect_acronyms(c, &u->l, i);
    if (u->l.defining) return KJ_OK;
    size_t s, e;
    const kj_passage *p = &c->a->passages.items[i];
    if (u->ref_at < 0 && u->ref_cue >= 0 && kj_cue_match(c->cm, u->ref_cue, p, &s, &e)) {
        /* once: pointing readers to the policy or details */
        u->ref_ev = kj_passage_excerpt(c, p, s, e, &u->ref_len);
        u->ref_at = (long)i;
    }
    return KJ_OK;
}

kj_status kj_assess_understandability(kj_assess_ctx *c) {
    kj_status st = kj_add_signal(c, "baseline", KJ_P_UNDERSTANDABLE, -1, "", 0, 30);
    if (st == KJ_OK) st = jargon_signals(c, &c->un->l);
    if (st == KJ_OK) st = sentence_signal(c);
    if (st == KJ_OK) st = structure_signals(c);
    c->out->principles[KJ_P_UNDERSTANDABLE] = kj_principle_total(c->out, KJ_P_UNDERSTANDABLE);
    return st;
}
