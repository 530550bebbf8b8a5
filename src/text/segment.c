/*
 * segment.c - from a document's blocks to passages, the unit kaiji
 * classifies: one paragraph (or list item, or a table's short cells),
 * with the nearest heading above it as context; the headings are listed too
 * (kj_passages.headings), once each. Very long blocks are split at
 * sentence ends so one passage stays readable as evidence. Also sentence
 * splitting for Japanese and English.
 */
#include "kaiji/text.h"

#include "core/byteset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define KJ_SEG_DEFAULT_MAX 2000
#define KJ_CELL_SHORT 60 /* table cells shorter than this are joined with neighbours */

static int is_ascii_alnum(unsigned char c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Is the '.' at s[i] an abbreviation ("U.S.", "e.g.", "Inc.", "Mr.") rather
 * than a sentence end? Case-insensitive, so it works on normalised text too.
 * The abbreviation is a whole word: at the start of the text or after a
 * space, a bracket or any other mark ("No. 3" opening a line, "(No. 4)"),
 * but not the end of a longer word ("casino."). */
static int is_abbrev(const char *s, size_t i) {
    static const char *const abbr[] = {"mr",  "ms",     "dr",  "no",  "inc",  "co",  "corp",
                                       "ltd", "vs",     "e.g", "i.e", "u.s",  "etc", "jr",
                                       "st",  "approx", "fig", "nos", "incl", "cf"};
    if (i >= 2 && s[i - 2] == '.') return 1;             /* "u.s." */
    if (i == 1 || (i >= 2 && s[i - 2] == ' ')) return 1; /* a single letter */
    for (size_t k = 0; k < sizeof abbr / sizeof *abbr; k++) {
        size_t n = strlen(abbr[k]);
        if (i >= n && strncasecmp(s + i - n, abbr[k], n) == 0 &&
            (i == n || !is_ascii_alnum((unsigned char)s[i - n - 1])))
            return 1;
    }
    return 0;
}

int kj_stop_is_abbreviation(const char *s, size_t i) {
    return s[i] == '.' && is_abbrev(s, i);
}

/* Is the 3-byte sequence a b c at s[i] (within len)? */
static int has3(const char *s, size_t len, size_t i, unsigned a, unsigned b, unsigned c) {
    return i + 3 <= len && (unsigned char)s[i] == a && (unsigned char)s[i + 1] == b &&
           (unsigned char)s[i + 2] == c;
}

/* Is there a closing bracket of Japanese text at s[i]: 」 E3 80 8D,
 * 』 E3 80 8F, 】 E3 80 91 or ） EF BC 89? */
static int is_closer(const char *s, size_t len, size_t i) {
    return has3(s, len, i, 0xE3, 0x80, 0x8D) || has3(s, len, i, 0xE3, 0x80, 0x8F) ||
           has3(s, len, i, 0xE3, 0x80, 0x91) || has3(s, len, i, 0xEF, 0xBC, 0x89);
}

/* Whether there is a decimal digit, ASCII or full-width (EF BC 90-99), at
 * s[i] (ahead) or ending just before i (behind). */
static int digit_ahead(const char *s, size_t len, size_t i) {
    return (i < len && s[i] >= '0' && s[i] <= '9') ||
           (i + 3 <= len && (unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBC &&
            (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99);
}

static int digit_behind(const char *s, size_t i) {
    return (i >= 1 && s[i - 1] >= '0' && s[i - 1] <= '9') || (i >= 3 && digit_ahead(s, i, i - 3));
}

/* Whether the full-width full stop ． at s[i] ends a sentence, as it does
 * in texts that set ．and ， for 。 and 、: not beside a digit, where it
 * numbers an entry (５．) or is a decimal point (３．５％). */
static int wide_full_stop(const char *s, size_t len, size_t i) {
    return has3(s, len, i, 0xEF, 0xBC, 0x8E) && !digit_behind(s, i) && !digit_ahead(s, len, i + 3);
}

/* The bytes at s[i] of a quote or bracket that closes a sentence after
 * its stop ("safe." Then, (see the notes.) The): " ' ) ] ” ’, else 0. */
static size_t closer_len(const char *s, size_t len, size_t i) {
    if (i < len && (s[i] == '"' || s[i] == '\'' || s[i] == ')' || s[i] == ']')) return 1;
    return has3(s, len, i, 0xE2, 0x80, 0x9D) || has3(s, len, i, 0xE2, 0x80, 0x99) ? 3 : 0;
}

/* Where the sentence split learns whether a letter of the text it splits
 * was written in lower case: the text itself (cased), or, for a passage's
 * normalised (case-folded) text, the passage's own text through the
 * normalised text's map (orig), or nowhere (neither: folded text without
 * a map). cp and at are the walk's place in orig: a code point and its
 * byte offset. */
typedef struct {
    int cased;
    const char *orig;
    size_t olen;
    const uint32_t *map;
    size_t cp, at;
} case_src;

/* Whether the character of orig at code point cp is a lower-case letter
 * (ASCII or full-width, the two that normalising folds to a..z). */
static int orig_lower_at(case_src *cs, size_t cp) {
    if (cp < cs->cp) cs->cp = cs->at = 0; /* the split reads forward: seldom */
    int32_t c = 0;
    while (cs->at < cs->olen) {
        size_t n = kj_utf8_decode(cs->orig + cs->at, cs->olen - cs->at, &c);
        if (cs->cp == cp) break;
        cs->at += n;
        cs->cp++;
    }
    if (cs->at >= cs->olen) return 0;
    return kj_cp_in(c, 'a', 'z') || kj_cp_in(c, 0xFF41, 0xFF5A);
}

/* Whether the letter at s[j] is lower case: 1 yes, 0 no (no letter a..z,
 * or a capital where it was written), -1 not known (case-folded text
 * without its original). */
static int lower_at(case_src *cs, const char *s, size_t len, size_t j) {
    if (j >= len || s[j] < 'a' || s[j] > 'z') return 0;
    if (cs->cased) return 1;
    return cs->orig ? orig_lower_at(cs, cs->map[j]) : -1;
}

/* Whether the stop at s[i] ends its sentence with closing quotes or
 * brackets after it, then a space and no lower-case letter ("(see the
 * notes.) and" goes on); *after is past the closers. Case-folded text
 * without its original never splits before a letter here, as it did not
 * before. */
static int closes_after_stop(const char *s, size_t len, size_t i, case_src *cs, size_t *after) {
    size_t j = i + 1, n;
    while ((n = closer_len(s, len, j)) != 0)
        j += n;
    if (j == i + 1 || j + 1 >= len || s[j] != ' ') return 0;
    if (lower_at(cs, s, len, j + 1) != 0 || (s[i] == '.' && is_abbrev(s, i))) return 0;
    *after = j;
    return 1;
}

/* Whether a lower-case letter, where the case is known, follows the space
 * at s[i] ("approx. three", "e.g. the firewall", "Yahoo! services"): no
 * sentence starts so. */
static int lower_follows(const char *s, size_t len, size_t i, case_src *cs) {
    return lower_at(cs, s, len, i + 1) == 1;
}

/* Whether the mark at s[i] ends a sentence; *after is where the next one
 * starts. cs: where the letters' case is learnt. */
static int is_sentence_end(const char *s, size_t len, size_t i, case_src *cs, size_t *after) {
    unsigned char b = (unsigned char)s[i];
    if (b != 0xE3 && b != 0xEF && b != '.' && b != '!' && b != '?' && b != '\n') return 0;
    /* 。 E3 80 82, ！ EF BC 81, ？ EF BC 9F, ． EF BC 8E as a full stop */
    if (b == 0xE3 ? has3(s, len, i, 0xE3, 0x80, 0x82)
                  : b == 0xEF && (has3(s, len, i, 0xEF, 0xBC, 0x81) ||
                                  has3(s, len, i, 0xEF, 0xBC, 0x9F) || wide_full_stop(s, len, i))) {
        *after = i + 3;
        /* keep the closing brackets with their sentence (。」 and 。』）),
         * and a full stop after them (（年2回。）。) */
        size_t closed = *after;
        while (is_closer(s, len, *after))
            *after += 3;
        if (*after > closed && has3(s, len, *after, 0xE3, 0x80, 0x82)) *after += 3;
        /* a quoted sentence that the particle と goes on from is part of
         * the sentence that quotes it (「…。」と述べた。) */
        if (*after > closed && has3(s, len, *after, 0xE3, 0x81, 0xA8)) return 0;
        return 1;
    }
    char c = s[i];
    if ((c == '.' || c == '!' || c == '?') && i + 1 < len && s[i + 1] == ' ') {
        if ((c == '.' && is_abbrev(s, i)) || lower_follows(s, len, i + 1, cs)) return 0;
        *after = i + 1;
        return 1;
    }
    if ((c == '.' || c == '!' || c == '?') && closes_after_stop(s, len, i, cs, after)) return 1;
    if (c == '\n') {
        *after = i + 1;
        return 1;
    }
    return 0;
}

/* Bytes that can start a sentence end (is_sentence_end tests the rest):
 * . ! ? and line breaks, EF (full-width marks), and E3 (the lead of all kana)
 * only when the next byte is 80 (CJK punctuation). */
static const kj_byteset kj_end_bytes = {{'\n', '.', '!', '?', 0xEF, '\n', '\n', '\n'},
                                        {0xE3, 0x80}};

/* The first candidate at or after i (len when none). */
static size_t next_end_candidate(const char *s, size_t len, size_t i) {
    return kj_next_byte_in(&kj_end_bytes, s, len, i);
}

/* How far (bytes) after the 「 or 『 that opened it a quotation may still
 * hold a sentence end that does not end the sentence around it: a bracket
 * left open by mistake does not join the rest of a long text into one. */
#define KJ_QUOTE_MAX 600

/* +1 for a Japanese opening quote at s[i] (「 E3 80 8C, 『 E3 80 8E), -1 for
 * its closing one (」 E3 80 8D, 』 E3 80 8F), 0 for anything else. */
static int quote_at(const char *s, size_t len, size_t i) {
    if (i + 3 > len || (unsigned char)s[i] != 0xE3 || (unsigned char)s[i + 1] != 0x80) return 0;
    unsigned char c = (unsigned char)s[i + 2];
    return c == 0x8C || c == 0x8E ? 1 : c == 0x8D || c == 0x8F ? -1 : 0;
}

/* kj_split_sentences and its kin: cs says where the letters' case is
 * learnt (is_sentence_end). */
static void split_sentences(const char *s, size_t len, case_src *cs,
                            void (*fn)(size_t, size_t, void *), void *ud) {
    size_t start = 0, i = 0;
    size_t opened = 0; /* where the outermost open quotation began */
    int depth = 0;     /* quotations open in the current sentence */
    while ((i = next_end_candidate(s, len, i)) < len) {
        size_t after;
        int q = quote_at(s, len, i);
        if (q) {
            if (q > 0 && depth++ == 0) opened = i;
            if (q < 0 && depth > 0) depth--;
            i += 3;
            continue;
        }
        if (s[i] == '\n') depth = 0;
        if (depth > 0 && is_sentence_end(s, len, i, cs, &after)) {
            /* a sentence quoted inside another (社長は「…。」と述べた。)
             * ends that one only when the quotation opens the sentence */
            size_t b = start;
            while (b < opened && s[b] == ' ')
                b++;
            if (b < opened && i - opened <= KJ_QUOTE_MAX) {
                i++;
                continue;
            }
        }
        if (is_sentence_end(s, len, i, cs, &after)) {
            depth = 0;
            size_t b = start, e = after;
            while (b < e && (s[b] == ' ' || s[b] == '\n'))
                b++;
            while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\n'))
                e--;
            if (e > b) fn(b, e, ud);
            start = i = after;
            continue;
        }
        i++;
    }
    while (start < len && (s[start] == ' ' || s[start] == '\n'))
        start++;
    size_t e = len;
    while (e > start && (s[e - 1] == ' ' || s[e - 1] == '\n'))
        e--;
    if (e > start) fn(start, e, ud);
}

void kj_split_sentences(const char *s, size_t len, void (*fn)(size_t, size_t, void *), void *ud) {
    case_src cs = {0};
    split_sentences(s, len, &cs, fn, ud);
}

void kj_split_sentences_cased(const char *s, size_t len, void (*fn)(size_t, size_t, void *),
                              void *ud) {
    case_src cs = {.cased = 1};
    split_sentences(s, len, &cs, fn, ud);
}

void kj_split_passage_sentences(const kj_passage *p, void (*fn)(size_t, size_t, void *), void *ud) {
    case_src cs = {0};
    if (p->norm.map && p->text) {
        cs.orig = p->text;
        cs.olen = p->len;
        cs.map = p->norm.map;
    }
    split_sentences(p->norm.text ? p->norm.text : "", p->norm.len, &cs, fn, ud);
}

/* Make a passage of text, which the arena already owns (no copy); its
 * normalised form too unless deferred. Its code point range is left for the
 * caller to set. */
static kj_status passage_make(kj_arena *arena, const char *text, size_t len, kj_lang lang, int norm,
                              kj_passage *out) {
    memset(out, 0, sizeof *out);
    out->text = text;
    out->len = len;
    out->kind = KJ_BLOCK_PARAGRAPH;
    out->lang = lang == KJ_LANG_AUTO ? kj_detect_lang(text, len) : lang;
    return norm ? kj_normalize(arena, text, len, &out->norm) : KJ_OK;
}

static kj_status passage_init(kj_arena *arena, const char *text, size_t len, kj_lang lang,
                              kj_passage *out) {
    kj_status st = passage_make(arena, text, len, lang, 1, out);
    out->end = kj_utf8_count(text, len);
    return st;
}

/* What one cheap pass over s finds (a false alarm only costs work): a dot
 * leader of a table of contents (… ‥ or "..."; Japanese text has few of E2
 * bytes or ASCII dots). */
enum { KJ_MARK_LEADER = 2 };
static int text_marks(const char *s, size_t len) {
    const char *p = s, *end = s + len;
    int m = 0;
    while (!m && (p = memchr(p, 0xE2, (size_t)(end - p)))) {
        unsigned char b1 = p + 1 < end ? (unsigned char)p[1] : 0;
        unsigned char b2 = p + 2 < end ? (unsigned char)p[2] : 0;
        if (b1 == 0x80 && (b2 == 0xA6 || b2 == 0xA5)) m |= KJ_MARK_LEADER;
        p++;
    }
    for (p = s; !(m & KJ_MARK_LEADER) && (p = memchr(p, '.', (size_t)(end - p))); p++)
        if (end - p >= 3 && p[1] == '.' && p[2] == '.') m |= KJ_MARK_LEADER;
    return m;
}

/* s as a passage or heading keeps it: a NUL-terminated copy in arena when
 * copy is set (s is a slice of a block, or a buffer about to be freed),
 * else s itself (a block's whole text, which the arena owns). The readers
 * gave no stand-ins (kj_map_stand_ins): blocks hold the ideographs, so
 * none is folded here. NULL when out of memory. */
static const char *own_text(kj_arena *arena, const char *s, size_t len, int copy) {
    return copy ? kj_arena_strndup(arena, s, len) : s;
}

kj_status kj_passage_from_text(kj_arena *arena, const char *text, size_t len, kj_lang lang,
                               kj_passage *out) {
    const char *copy = kj_arena_strndup(arena, text, len);
    if (!copy) return KJ_ERR_NOMEM;
    return passage_init(arena, copy, len, lang, out);
}

/* A growable passage array on the heap (realloc, usually in place), copied
 * into the arena at its final size when segmentation ends: abandoned
 * doubling copies in the arena would cost up to three times the list. */
typedef struct {
    kj_arena *arena;
    kj_passage *items;
    size_t n, cap;
    const kj_segment_options *opts;
    const char *item;   /* the US filing item heading passages sit under, or NULL */
    const char *lead;   /* the last run-in heading under the current heading, or NULL */
    int lead_left;      /* paragraphs after it that may still take it */
    const char *run;    /* the headings since the last passage, one a line (arena) */
    size_t run_len;     /* its bytes */
    char *run_room;     /* the run's own copy, when it has one (arena): lines go on in it */
    size_t run_cap;     /* bytes of run_room */
    int run_n;          /* how many; 0 once a passage has taken them */
    const char *resume; /* the heading before the first of them (NULL: none) */
    kj_heading *heads;  /* the headings read (heap; copied into the arena at the end,
                           as items is), unless kept as passages */
    size_t n_heads, heads_cap;
} plist;

/* The most bytes of headings kept in a run (a contents page or a long list
 * of headings with nothing under them starts a new run). */
#define KJ_HEADING_RUN_MAX 1024

/* Note heading h (len bytes, arena-owned), after the heading before (or
 * NULL), in the run of headings since the last passage. Returns 0, or -1
 * when out of memory. */
static int run_heading(plist *pl, const char *h, size_t len, const char *before) {
    if (pl->run_n > 0 && pl->run_len + 1 + len <= KJ_HEADING_RUN_MAX) {
        size_t need = pl->run_len + 1 + len + 1;
        if (pl->run != pl->run_room || need > pl->run_cap) {
            /* a copy of the run with room to go on in (twice what it needs,
             * up to the most a run keeps): a long run of headings costs its
             * length, not a copy of all of it for each line */
            size_t cap = need * 2 < KJ_HEADING_RUN_MAX + 1 ? need * 2 : KJ_HEADING_RUN_MAX + 1;
            char *r = kj_arena_alloc_raw(pl->arena, cap);
            if (!r) return -1;
            memcpy(r, pl->run, pl->run_len);
            pl->run = pl->run_room = r;
            pl->run_cap = cap;
        }
        /* a passage that took the run took it whole (run_n is 0 since):
         * what goes on here is in no passage's headings yet */
        pl->run_room[pl->run_len] = '\n';
        memcpy(pl->run_room + pl->run_len + 1, h, len);
        pl->run_room[pl->run_len + 1 + len] = '\0';
        pl->run_len += 1 + len;
        pl->run_n++;
    } else {
        if (pl->run_n == 0) pl->resume = before;
        pl->run = h;
        pl->run_len = len;
        pl->run_n = 1;
    }
    return 0;
}

/* How many paragraphs after a run-in heading of several words take it as
 * theirs (a risk factor's title heads its next paragraphs); a one-word one
 * ("Note:", "Source:") heads only its own. */
#define KJ_LEAD_FOLLOWERS 3

static kj_passage *plist_push(plist *pl) {
    kj_passage *items = kj_grow(pl->items, pl->n, &pl->cap, sizeof *items, 64);
    if (!items) return NULL;
    pl->items = items;
    kj_passage *p = &pl->items[pl->n];
    memset(p, 0, sizeof *p);
    p->index = pl->n++;
    return p;
}

static kj_status add_passage(plist *pl, const kj_block *b, const char *text, size_t len,
                             size_t start, size_t end, const char *heading) {
    kj_passage *p = plist_push(pl);
    if (!p) return KJ_ERR_NOMEM;
    size_t index = p->index; /* passage_init starts from a blank passage */
    /* a whole block (arena-owned, NUL-terminated) is shared, a slice copied */
    size_t flen = len;
    int marks = text_marks(text, len);
    const char *folded = own_text(pl->arena, text, len, text != b->text || len != b->len);
    if (!folded) return KJ_ERR_NOMEM;
    kj_status st = passage_make(pl->arena, folded, flen, pl->opts->lang, !pl->opts->defer_norm, p);
    if (st != KJ_OK) return st;
    p->index = index;
    p->kind = b->kind;
    p->heading = heading;
    p->headings = pl->run_n > 1 ? pl->run : NULL;
    pl->run_n = 0;
    if (b->kind == KJ_BLOCK_PARAGRAPH || b->kind == KJ_BLOCK_LIST_ITEM) {
        /* its own run-in heading, else that of a paragraph just before it
         * under the same heading (a run-in heading often heads a few), unless
         * it opens with a title of its own not read as one */
        size_t from = 0, n = kj_run_in_heading(folded, flen, &from);
        if (n) {
            if (!(pl->lead = kj_arena_strndup(pl->arena, folded + from, n))) return KJ_ERR_NOMEM;
            pl->lead_left = memchr(pl->lead, ' ', n) ? KJ_LEAD_FOLLOWERS : 0;
            p->lead = pl->lead;
        } else if (pl->lead_left > 0 && kj_opens_with_title(folded, flen)) {
            pl->lead_left = 0;
        } else if (pl->lead_left > 0) {
            pl->lead_left--;
            p->lead = pl->lead;
        }
    }
    p->page = b->page;
    p->section = b->section ? b->section : pl->item;
    p->line = b->line;
    p->start = start;
    p->end = end;
    /* a table of contents is a run of table cells or text with dot leaders */
    p->contents = (b->kind == KJ_BLOCK_TABLE_CELL || (marks & KJ_MARK_LEADER)) &&
                  kj_looks_like_contents(folded, flen);
    return KJ_OK;
}

/* List block b, with text h (len bytes), among the passages' headings
 * (kj_passages.headings): a heading, or a lone line of figures (lone). */
static kj_status list_heading(plist *pl, const kj_block *b, const char *h, size_t len, int lone) {
    kj_heading *v = kj_grow(pl->heads, pl->n_heads, &pl->heads_cap, sizeof *v, 64);
    if (!v) return KJ_ERR_NOMEM;
    pl->heads = v;
    kj_lang lang = pl->opts->lang;
    pl->heads[pl->n_heads++] =
        (kj_heading){.text = h,
                     .len = len,
                     .kind = b->kind,
                     .lang = lang == KJ_LANG_AUTO ? kj_detect_lang(h, len) : lang,
                     .page = b->page,
                     .section = b->section ? b->section : pl->item,
                     .line = b->line,
                     .start = b->start,
                     .end = b->end,
                     .before = pl->n,
                     .lone = lone};
    return KJ_OK;
}

/* Note block b, whose text as the passages show it is h (len bytes,
 * arena-owned), as a heading of the document: emitted as a passage with
 * keep_headings, else listed (kj_passages.headings). */
static kj_status add_heading(plist *pl, const kj_block *b, const char *h, size_t len) {
    if (pl->opts->keep_headings) return add_passage(pl, b, b->text, b->len, b->start, b->end, NULL);
    return list_heading(pl, b, h, len, 0);
}

/* The sentence ends of a long block (heap: the block's working memory,
 * freed once it is cut, not kept in the arena with every copy doubling
 * left behind; a block of a million sentence ends took 17 MB there). */
typedef struct {
    size_t *ends;
    size_t n, cap;
    int oom;
} sent_ends;

static void collect_end(size_t start, size_t end, void *ud) {
    (void)start;
    sent_ends *se = ud;
    size_t *e = se->oom ? NULL : kj_grow(se->ends, se->n, &se->cap, sizeof *e, 64);
    if (!e) {
        se->oom = 1;
        return;
    }
    se->ends = e;
    se->ends[se->n++] = end;
}

/* The end of a piece of at most max chars from byte from of s, for a run
 * with no sentence end for longer than that (a table flattened into
 * one line, a hostile file): just after the last 、, ， or space in the
 * second half of the piece, else at max chars. Without it such a run
 * becomes one passage whose working memory grows with its length. */
static size_t cut_run(const char *s, size_t from, size_t end, size_t max) {
    size_t i = from, chars = 0, last = 0;
    while (i < end && chars < max) {
        int32_t c;
        i += kj_utf8_decode(s + i, end - i, &c);
        chars++;
        if ((c == 0x3001 || c == ' ' || c == 0xFF0C) && chars * 2 >= max) last = i;
    }
    return last ? last : i;
}

/* Whether s (len bytes) has more than max characters: never when it has
 * no more bytes than that (a character takes a byte at least), so a block
 * of ordinary length is not counted. */
static int longer_than(const char *s, size_t len, size_t max) {
    return len > max && kj_utf8_count_past(s, len, max) > max;
}

/* add_long_block's cuts of block b, at its sentence ends se. */
static kj_status cut_long_block(plist *pl, const kj_block *b, const char *heading, size_t max,
                                const sent_ends *se) {
    size_t from = 0, cp_from = b->start;
    size_t first = 0; /* the first sentence end after from: the ends ascend */
    while (from < b->len) {
        size_t cut = b->len;
        size_t chars_budget = 0;
        size_t at = from, chars = 0; /* chars of [from, at): counted on, not again */
        while (first < se->n && se->ends[first] <= from)
            first++;
        for (size_t k = first; k < se->n; k++) {
            chars += kj_utf8_count_past(b->text + at, se->ends[k] - at, max - chars);
            at = se->ends[k];
            if (chars > max && chars_budget > 0) break;
            cut = se->ends[k];
            chars_budget = chars;
            if (chars >= max) break;
        }
        if (chars_budget > max) cut = cut_run(b->text, from, cut, max);
        size_t s = from;
        while (s < cut && b->text[s] == ' ')
            s++;
        size_t nchars = kj_utf8_count(b->text + from, cut - from);
        size_t skip = kj_utf8_count(b->text + from, s - from);
        if (cut > s) {
            kj_status st =
                add_passage(pl, b, b->text + s, cut - s, cp_from + skip, cp_from + nchars, heading);
            if (st != KJ_OK) return st;
        }
        cp_from += nchars;
        from = cut;
    }
    return KJ_OK;
}

/* Split a long block at sentence ends into chunks of at most max chars (a
 * sentence longer than that is cut within, cut_run). */
static kj_status add_long_block(plist *pl, const kj_block *b, const char *heading, size_t max) {
    sent_ends se = {NULL, 0, 0, 0};
    kj_split_sentences_cased(b->text, b->len, collect_end, &se);
    kj_status st = se.oom ? KJ_ERR_NOMEM : cut_long_block(pl, b, heading, max, &se);
    free(se.ends);
    return st;
}

/* The texts of table cells [i, j) into b, " | " between them (blocks
 * with no text left out). Returns 0, or -1 when out of memory. */
static int join_cells(kj_buf *b, const kj_document *doc, size_t i, size_t j) {
    kj_buf_reset(b);
    for (size_t k = i; k < j; k++) {
        if (!doc->blocks[k].len) continue;
        if (b->len && kj_buf_append(b, " | ", 3) != KJ_OK) return -1;
        if (kj_buf_append(b, doc->blocks[k].text, doc->blocks[k].len) != KJ_OK) return -1;
    }
    return 0;
}

/* Join a run of short table cells [i, j) into one passage, " | " between:
 * a table's (cell_run_end), or a PDF's grid read as lines (grid_run_end),
 * whose passage reads as a table's cells too. */
static kj_status add_cell_run(plist *pl, const kj_document *doc, size_t i, size_t j,
                              const char *heading) {
    kj_buf b = KJ_BUF_INIT;
    if (join_cells(&b, doc, i, j) != 0 || !b.data) {
        kj_buf_free(&b);
        return KJ_ERR_NOMEM;
    }
    kj_block first = doc->blocks[i];
    first.kind = KJ_BLOCK_TABLE_CELL;
    kj_status st =
        add_passage(pl, &first, b.data, b.len, first.start, doc->blocks[j - 1].end, heading);
    kj_buf_free(&b);
    return st;
}

/* The end of the run of short table cells (fewer than KJ_CELL_SHORT
 * characters) that starts at block i, one itself: the cells after it in
 * its table, across its rows (a table reads as a whole: its header row
 * names what the figures below are), up to a longer cell and while the run
 * has fewer than half of max characters. A cell of another table ends the
 * run; a reader that does not number tables leaves them 0, and its cells
 * run on while adjacent. */
static size_t cell_run_end(const kj_document *doc, size_t i, size_t max) {
    size_t j = i + 1;
    size_t total = kj_utf8_count(doc->blocks[i].text, doc->blocks[i].len);
    while (j < doc->n_blocks && doc->blocks[j].kind == KJ_BLOCK_TABLE_CELL &&
           doc->blocks[j].table == doc->blocks[j - 1].table && total < max / 2) {
        size_t c = kj_utf8_count(doc->blocks[j].text, doc->blocks[j].len);
        if (c >= KJ_CELL_SHORT) break;
        total += c + 3;
        j++;
    }
    return j;
}

/* The bullet a line of text opens with (・ • ･), else 0. */
static int32_t bullet_of(const char *s, size_t len) {
    int32_t c = 0;
    kj_utf8_decode(s, len, &c);
    return c == 0x30FB || c == 0x2022 || c == 0xFF65 ? c : 0;
}

/* A table cell that heads the cells after it in its table, as a risk's
 * name in one column heads its description in the next: the table, and the
 * heading it stands in for until the table ends. And a label that says
 * what the long cell after it is (・対応 before a risk's measures): the cell
 * of that text (its row where the reader numbers no cells), which the label
 * heads with the heading above it, and that heading, which heads again when
 * the cell ends. */
typedef struct {
    int active;
    int table;
    const char *outer; /* the heading before the table */
    int labelled;
    int label_table, label_row, label_cell; /* label_cell 0: the reader numbers no cells */
    const char *unlabelled;                 /* the heading without the label */
    int name_row, name_cell;                /* the row and the cell of the name heading the cells */
    const char *row_name; /* that name, which sub-headings in its row's other cells add to */
} cell_heading;

/* The fewest characters of a cell that names a subject: shorter ones
 * (対応, 〔対応策〕) label a row or a column. */
#define KJ_CELL_NAME_MIN 7

static int label_only(const kj_block *c);

/* Whether table cell c only labels its row or column: a bulleted or a
 * short one (・リスク, ・対応), or a word in brackets ([〔戦略の取り組み〕],
 * label_only). */
static int cell_label(const kj_block *c) {
    return bullet_of(c->text, c->len) || kj_utf8_count(c->text, c->len) < KJ_CELL_NAME_MIN ||
           label_only(c);
}

/* The closing bracket of the opening bracket c, else 0: 〔〕 【】 ［］ []
 * （） () ＜＞ <> 〈〉 《》. */
static int32_t closer_of(int32_t c) {
    static const int32_t pairs[][2] = {
        {0x3014, 0x3015}, {0x3010, 0x3011}, {0xFF3B, 0xFF3D}, {'[', ']'},       {0xFF08, 0xFF09},
        {'(', ')'},       {0xFF1C, 0xFF1E}, {'<', '>'},       {0x3008, 0x3009}, {0x300A, 0x300B}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (c == pairs[i][0]) return pairs[i][1];
    return 0;
}

/* The most characters of a label in the brackets a label is set in, and
 * not a name or a figure (〔…〕 【…】 ［…］): a column's label may be a phrase
 * (〔計画している取り組み〕), as long as a heading without a mark
 * (kj_looks_like_heading). */
#define KJ_CELL_LABEL_MAX 25

/* Whether c opens a label whatever its length (label_only): 〔 【 ［. */
static int label_bracket(int32_t c) {
    return c == 0x3014 || c == 0x3010 || c == 0xFF3B;
}

/* Whether table cell c is only a label that says what the cell after it
 * is (・リスク, ・対応, 〔対応策〕, "• Risk"): under KJ_CELL_NAME_MIN
 * characters, a bullet before a word or a word in brackets, the word of
 * two characters or more, with a letter and no digit; in 〔〕, 【】 or ［］
 * a word of up to KJ_CELL_LABEL_MAX characters. A figure (△23.4,
 * (31)), a note mark ((a), （イ）) or a name without a mark (日本, Age) is
 * none: in a table of data it is what the row says. */
static int label_only(const kj_block *c) {
    size_t n = kj_utf8_count_past(c->text, c->len, KJ_CELL_LABEL_MAX);
    if (n < 2 || n >= KJ_CELL_LABEL_MAX) return 0;
    int32_t cp[KJ_CELL_LABEL_MAX];
    size_t at[KJ_CELL_LABEL_MAX + 1] = {0}; /* where each code point starts */
    for (size_t i = 0; i < n; i++)
        at[i + 1] = at[i] + kj_utf8_decode(c->text + at[i], c->len - at[i], &cp[i]);
    if (n >= KJ_CELL_NAME_MIN && !label_bracket(cp[0])) return 0;
    size_t from = 1, to = n; /* the word: code points [from, to) */
    if (!bullet_of(c->text, c->len)) {
        if (!closer_of(cp[0]) || cp[n - 1] != closer_of(cp[0])) return 0;
        to = n - 1;
    }
    while (from < to && cp[from] == ' ')
        from++;
    if (to - from < 2) return 0;
    for (size_t i = from; i < to; i++)
        if (kj_is_digit(cp[i])) return 0;
    return kj_has_letter(c->text + at[from], at[to] - at[from]);
}

/* The most paragraphs of one cell a name is set in (a risk's name over
 * what kind of risk it is: 「…リスク」 over 「（…に関わるリスク）」). */
#define KJ_NAME_LINES 3

/* Bytes of s (len bytes) before the remark in full-width brackets that
 * ends it (（…）, spaces before it left out), when something comes before
 * it; else len. (A name in ASCII brackets after another, "Name (NAME,
 * LLC)", is a name in two languages, no heading's.) */
static size_t before_remark(const char *s, size_t len) {
    if (kj_utf8_last(s, len) != 0xFF09) return len;
    int depth = 0;
    for (size_t i = len; i > 0;) {
        size_t k = 1;
        while (k < i && ((unsigned char)s[i - k] & 0xC0) == 0x80)
            k++;
        i -= k;
        int32_t c = 0;
        kj_utf8_decode(s + i, k, &c);
        depth += (c == 0xFF09) - (c == 0xFF08);
        if (depth == 0) {
            while (i && s[i - 1] == ' ')
                i--;
            return i ? i : len;
        }
    }
    return len;
}

/* Whether table cell c reads as a heading (kj_looks_like_heading), or
 * its text before a remark in brackets that ends it does: a name with a
 * line that qualifies it, which a reader joins to it (地政学リスク +
 * （社会に関わるリスク）, set as a cell's lines), names as its lines
 * did. */
static int cell_reads_as_heading(const kj_block *c) {
    return kj_looks_like_heading(c->text, c->len) ||
           kj_looks_like_heading(c->text, before_remark(c->text, c->len));
}

/* Whether table cell c may name what follows it: no label, with letters,
 * it reads as a heading (cell_reads_as_heading), and it is no row's data
 * (a date, an amount, an address, a company: kj_table_data_cell). */
static int cell_names(const kj_block *c) {
    return !cell_label(c) && kj_has_letter(c->text, c->len) && cell_reads_as_heading(c) &&
           !kj_table_data_cell(c->text, c->len);
}

/* Whether table cell c may be a line of a name set in several lines of its
 * cell: as cell_names, but it may be short (地政学リスク over what kind of
 * risk it is), though no bulleted line or label (label_only). */
static int name_line(const kj_block *c) {
    return !bullet_of(c->text, c->len) && !label_only(c) && kj_has_letter(c->text, c->len) &&
           cell_reads_as_heading(c) && !kj_table_data_cell(c->text, c->len);
}

/* Whether table cell c ends a sentence (。 ． . ! ? ！ ？). */
static int ends_sentence(const kj_block *c) {
    int32_t last = kj_utf8_last(c->text, c->len);
    return last == 0x3002 || last == 0xFF0E || last == '.' || last == '!' || last == '?' ||
           last == 0xFF01 || last == 0xFF1F;
}

/* The first paragraph of the cell of block j, where the reader numbers
 * cells, when it lies in the run of short cells [i, j), may name what
 * follows it (cell_names) and only sentences come between it and block j:
 * a risk's name set over the short sentence that opens its description,
 * in one cell. A list of names and titles set in one cell (a board's
 * members, each with the post they held) is no description. j when there
 * is none. */
static size_t cell_opening_name(const kj_document *doc, size_t i, size_t j) {
    const kj_block *n = &doc->blocks[j];
    if (!n->cell) return j;
    size_t s = j;
    while (s > 0 && doc->blocks[s - 1].cell == n->cell)
        s--;
    if (s < i || s == j || !cell_names(&doc->blocks[s])) return j;
    for (size_t k = s + 1; k < j; k++)
        if (doc->blocks[k].len && !ends_sentence(&doc->blocks[k])) return j;
    return s;
}

/* Whether table cell c (block m) is of its table's first row: no cell of
 * its table in another row comes before it (the cells of a table inside
 * one of its cells, and the blocks in a cell that are no cells, a list's
 * entries, are passed over). */
static int in_first_row(const kj_document *doc, size_t m) {
    const kj_block *c = &doc->blocks[m];
    if (!c->table || !c->row) return 0; /* the reader does not number them */
    for (size_t k = m; k-- > 0;) {
        const kj_block *p = &doc->blocks[k];
        if (p->kind == KJ_BLOCK_TABLE_CELL && p->table < c->table) return 1;
        if (p->kind == KJ_BLOCK_TABLE_CELL && p->table == c->table) {
            if (p->row != c->row) return 0;
        } else if (p->kind != KJ_BLOCK_TABLE_CELL && p->kind != KJ_BLOCK_LIST_ITEM) {
            return 1; /* text before the table */
        }
    }
    return 1;
}

/* Whether block m, a cell, has another cell beside it in its row (the
 * reader numbering cells), among the blocks up to block j. */
static int beside_cells(const kj_document *doc, size_t m, size_t j) {
    const kj_block *c = &doc->blocks[m];
    if (!c->cell) return 0;
    for (size_t k = m; k-- > 0;) {
        const kj_block *p = &doc->blocks[k];
        if (p->kind != KJ_BLOCK_TABLE_CELL || p->table != c->table || p->row != c->row) break;
        if (p->cell != c->cell) return 1;
    }
    for (size_t k = m + 1; k <= j && k < doc->n_blocks; k++) {
        const kj_block *p = &doc->blocks[k];
        if (p->kind != KJ_BLOCK_TABLE_CELL || p->table != c->table || p->row != c->row) break;
        if (p->cell != c->cell) return 1;
    }
    return 0;
}

/* Whether cell m, which would name the long cell j after it, is a
 * column's title in its table's header row (the first, with cells beside
 * it): over a cell of a later row, it names a column, not the text of that
 * row; over a cell of its own row that ends no sentence and is no
 * bulleted line, another column's title ("Business region" before "Number of
 * customer records kept under the retention program"), it names nothing.
 * A risk's name heads the description beside it, which ends a sentence or
 * is a bulleted line. */
static int column_title(const kj_document *doc, size_t m, size_t j) {
    const kj_block *c = &doc->blocks[m], *n = &doc->blocks[j];
    return (n->row != c->row || !(ends_sentence(n) || bullet_of(n->text, n->len))) &&
           in_first_row(doc, m) && beside_cells(doc, m, j);
}

/* The cells of the run of short cells [i, j) that name what the long cell
 * after the run (block j, of its table) says, as a risk's name in one
 * column names its description in the next: the last cell of the run that
 * is no label, when it may name (cell_names) and only labels follow it;
 * else the first paragraph of block j's cell (cell_opening_name); none
 * when that is a column's title (column_title). With the
 * paragraphs of its cell before it that may be lines of a name too
 * (name_line; KJ_NAME_LINES in all: a name set in lines of its own). The
 * name is [return, *end) as offsets from i; the run's length (j - i) when
 * there is none. */
static size_t cell_naming_next(const kj_document *doc, size_t i, size_t j, size_t *end) {
    *end = j - i;
    if (j >= doc->n_blocks) return j - i;
    const kj_block *n = &doc->blocks[j];
    if (n->kind != KJ_BLOCK_TABLE_CELL || n->table != doc->blocks[j - 1].table ||
        kj_utf8_count(n->text, n->len) < KJ_CELL_SHORT)
        return j - i;
    size_t k = j;
    while (k > i && (doc->blocks[k - 1].len == 0 || cell_label(&doc->blocks[k - 1])))
        k--;
    size_t m = k > i && cell_names(&doc->blocks[k - 1]) ? k - 1 : cell_opening_name(doc, i, j);
    if (m == j || column_title(doc, m, j)) return j - i;
    *end = m + 1 - i;
    int cell = doc->blocks[m].cell;
    while (cell && m > i && m + KJ_NAME_LINES > i + *end && doc->blocks[m - 1].cell == cell &&
           name_line(&doc->blocks[m - 1]))
        m--;
    return m - i;
}

/* Whether labels [a, b) of the run of short cells [i, next) say what
 * follows them: text, a long cell of their table after the run (b ==
 * next), or a bulleted line or a sentence of their row (・対応 over a short
 * measure, in its cell or the next); and they begin the run (after a long
 * cell) or follow a cell of another row, a bulleted line, a sentence or
 * the cell that names the table's rows (name; next when none). After a
 * short cell of their row that is none of these they end it (株式会社 over
 * （提出会社）: a name and what qualifies it); before figures or names they
 * are a row's data (〔売上〕 | 1,200). */
static int labels_say(const kj_document *doc, size_t i, size_t a, size_t b, size_t next,
                      size_t name) {
    const kj_block *l = &doc->blocks[a], *f = b < doc->n_blocks ? &doc->blocks[b] : NULL;
    if (!f || f->kind != KJ_BLOCK_TABLE_CELL || f->table != l->table) return 0;
    if (b == next ? kj_utf8_count(f->text, f->len) < KJ_CELL_SHORT
                  : f->row != l->row || !(bullet_of(f->text, f->len) || ends_sentence(f)))
        return 0;
    if (a == i) return 1;
    const kj_block *p = &doc->blocks[a - 1];
    return a - 1 == name || p->row != l->row || bullet_of(p->text, p->len) || ends_sentence(p);
}

/* The first labels [*a, *b) among the cells [from, to) of the run of short
 * cells [i, next) that say what follows them (labels_say); 0 when there
 * are none. */
static int find_labels(const kj_document *doc, size_t i, size_t from, size_t to, size_t next,
                       size_t name, size_t *a, size_t *b) {
    for (size_t k = from; k < to;) {
        size_t e = k;
        while (e < to && label_only(&doc->blocks[e]))
            e++;
        if (e > k && labels_say(doc, i, k, e, next, name)) {
            *a = k;
            *b = e;
            return 1;
        }
        k = e > k ? e : k + 1;
    }
    return 0;
}

/* When labels head their cell with the heading (ch, fold_labels): the
 * heading without them heads again. */
static void end_labels(const char **heading, cell_heading *ch) {
    if (!ch->labelled) return;
    *heading = ch->unlabelled;
    ch->labelled = 0;
}

/* Whether block b is of the cell labels head (ch): of their row, and of
 * their cell where the reader numbers cells (a label in one column does
 * not head the next: 〔対応策〕 over measures, then ④⑤ in the column of
 * the strategies a risk bears on). */
static int in_labels_cell(const kj_block *b, const cell_heading *ch) {
    return b->kind == KJ_BLOCK_TABLE_CELL && b->table == ch->label_table &&
           b->row == ch->label_row && (!ch->label_cell || b->cell == ch->label_cell);
}

/* When block b is of another cell than the one labels head (end_labels),
 * that cell has ended. */
static void leave_labels(const kj_block *b, const char **heading, cell_heading *ch) {
    if (!in_labels_cell(b, ch)) end_labels(heading, ch);
}

/* The labels [a, b) say what follows them (labels_say): headings, no
 * passages (add_heading: but with keep_headings), they head the rest of
 * the cell of block b (its row where the reader numbers no cells) with the
 * heading above them ("① 情報セキュリティに関するリスク ・対応"), which heads
 * again when the cell ends (ch, leave_labels). */
static kj_status fold_labels(plist *pl, const kj_document *doc, size_t a, size_t b,
                             const char **heading, cell_heading *ch) {
    const char *base = ch->labelled ? ch->unlabelled : *heading;
    kj_buf h = KJ_BUF_INIT;
    kj_status st = base ? kj_buf_puts(&h, base) : KJ_OK;
    for (size_t k = a; k < b && st == KJ_OK; k++) {
        const kj_block *c = &doc->blocks[k];
        if (h.len) st = kj_buf_append(&h, " ", 1);
        if (st == KJ_OK) st = kj_buf_append(&h, c->text, c->len);
        size_t llen = c->len;
        const char *l = st == KJ_OK ? c->text : NULL;
        if (st == KJ_OK) st = l ? add_heading(pl, c, l, llen) : KJ_ERR_NOMEM;
    }
    const char *folded = st == KJ_OK && h.data ? own_text(pl->arena, h.data, h.len, 1) : NULL;
    kj_buf_free(&h);
    if (!folded) return st != KJ_OK ? st : KJ_ERR_NOMEM;
    ch->labelled = 1;
    ch->label_table = doc->blocks[b].table;
    ch->label_row = doc->blocks[b].row;
    ch->label_cell = doc->blocks[b].cell;
    ch->unlabelled = base;
    *heading = folded;
    return KJ_OK;
}

/* The cells [from, to) of the run of short cells [i, next) (name as for
 * labels_say): one passage, or one for the cells between labels that say
 * what follows them, which head it (fold_labels) instead; the cells of
 * the labels' cell and those after it are passages apart, under their
 * headings. */
static kj_status add_labelled(plist *pl, const kj_document *doc, size_t i, size_t from, size_t to,
                              size_t next, size_t name, const char **heading, cell_heading *ch) {
    kj_status st = KJ_OK;
    while (st == KJ_OK && from < to) {
        if (doc->blocks[from].len == 0) { /* no passage, as kj_segment skips it */
            from++;
            continue;
        }
        size_t a = to, b = to;
        int found = find_labels(doc, i, from, to, next, name, &a, &b);
        leave_labels(&doc->blocks[from], heading, ch);
        size_t end = from; /* the passage [from, end): up to the labels or their cell's end */
        while (end < a && (!ch->labelled || in_labels_cell(&doc->blocks[end], ch)))
            end++;
        if (end > from) st = add_cell_run(pl, doc, from, end, *heading);
        if (end < a) {
            from = end;
            continue;
        }
        if (st == KJ_OK && found) st = fold_labels(pl, doc, a, b, heading, ch);
        from = b;
    }
    return st;
}

/* The cells [a, b) that name what follows them (cell_naming_next) as
 * headings of the document, each as other headings are (add_heading), and
 * their texts one after another, a space between, as the heading they
 * stand in for: *h (arena) of *hlen bytes. */
static kj_status add_name(plist *pl, const kj_document *doc, size_t a, size_t b, const char **h,
                          size_t *hlen, const char *before) {
    kj_buf t = KJ_BUF_INIT;
    kj_status st = KJ_OK;
    for (size_t k = a; k < b && st == KJ_OK; k++) {
        const kj_block *c = &doc->blocks[k];
        if (!c->len) continue;
        if (t.len) st = kj_buf_append(&t, " ", 1);
        if (st == KJ_OK) st = kj_buf_append(&t, c->text, c->len);
        size_t llen = c->len;
        const char *l = st == KJ_OK ? own_text(pl->arena, c->text, c->len, b - a > 1) : NULL;
        if (st == KJ_OK) st = l ? add_heading(pl, c, l, llen) : KJ_ERR_NOMEM;
        if (st == KJ_OK && b - a == 1) *h = l, *hlen = llen;
    }
    if (st == KJ_OK && b - a > 1) {
        *h = t.data ? own_text(pl->arena, t.data, t.len, 1) : NULL;
        *hlen = t.len;
    }
    kj_buf_free(&t);
    if (st == KJ_OK && !*h) st = KJ_ERR_NOMEM;
    return st == KJ_OK && run_heading(pl, *h, *hlen, before) != 0 ? KJ_ERR_NOMEM : st;
}

/* Whether block a follows text in its cell (where the reader numbers
 * cells): the last paragraph before it in that cell with text ends a
 * sentence or is a bulleted line, as a description's do. A line of a
 * column's title set in several lines follows none. */
static int after_text(const kj_document *doc, size_t a) {
    const kj_block *n = &doc->blocks[a];
    for (size_t k = a; n->cell && k-- > 0 && doc->blocks[k].cell == n->cell;) {
        const kj_block *p = &doc->blocks[k];
        if (p->len) return ends_sentence(p) || bullet_of(p->text, p->len);
    }
    return 0;
}

/* The heading a name h (arena), set from block a on, gives the cells
 * after it, and note it in ch: h, or, when block a lies inside a cell,
 * after text of its cell (after_text), and a
 * name in another cell heads a's row of the same table, that name and h,
 * a space between (arena; NULL when out of memory): a sub-heading in a
 * risk's description adds to the risk's name in the cell before it
 * ("情報漏えい [対策]"). A name that opens its cell (a director's, in a
 * grid of directors, each with the posts they held) stands alone. */
static const char *row_heading(plist *pl, const kj_document *doc, size_t a, const char *h,
                               cell_heading *ch) {
    const kj_block *n = &doc->blocks[a];
    if (!(after_text(doc, a) && ch->active && ch->row_name && ch->table == n->table &&
          ch->name_row == n->row && ch->name_cell != n->cell)) {
        ch->name_row = n->row;
        ch->name_cell = n->cell;
        ch->row_name = h;
        return h;
    }
    kj_buf t = KJ_BUF_INIT;
    kj_status st = kj_buf_puts(&t, ch->row_name);
    if (st == KJ_OK) st = kj_buf_append(&t, " ", 1);
    if (st == KJ_OK) st = kj_buf_puts(&t, h);
    const char *joined = st == KJ_OK ? kj_arena_strndup(pl->arena, t.data, t.len) : NULL;
    kj_buf_free(&t);
    return joined;
}

/* The cells of the run of short cells [i, next) that name what labels of
 * their row say (labels_say), where the reader numbers cells, whether or
 * not a long cell follows the run (asked before cell_naming_next, which
 * would pass over a short name as a label: 為替変動 before 〔取り組み〕):
 * the paragraphs of one cell that may be lines of a name (name_line, at
 * most KJ_NAME_LINES of them, from the cell's first), right before labels
 * that open a cell of their own (a risk's name in the first column,
 * 〔不確実性〕 over bulleted lines in the next). The name is [return, *end)
 * as offsets from i; next - i when there is none. */
static size_t cell_naming_labels(const kj_document *doc, size_t i, size_t next, size_t *end) {
    *end = next - i;
    for (size_t k = i + 1; k < next; k++) {
        const kj_block *l = &doc->blocks[k], *p = &doc->blocks[k - 1];
        if (!l->cell || p->cell == l->cell || p->row != l->row || !label_only(l)) continue;
        size_t m = k;
        while (m > i && k - m < KJ_NAME_LINES && doc->blocks[m - 1].cell == p->cell &&
               name_line(&doc->blocks[m - 1]))
            m--;
        if (m == k || (m > 0 && doc->blocks[m - 1].cell == p->cell)) continue;
        size_t e = k;
        while (e < next && label_only(&doc->blocks[e]))
            e++;
        if (labels_say(doc, i, k, e, next, k - 1)) {
            *end = k - i;
            return m - i;
        }
    }
    return next - i;
}

/* The run of short cells [i, next): one passage, or, when its cells name
 * what follows them (cell_naming_labels, cell_naming_next), the cells
 * before each name and after it as passages, and the name the heading of
 * its table's cells from there on (*heading, with what it was kept in ch),
 * until the next name of the run. Labels that say what follows them
 * (labels_say) are no passages: they head it (add_labelled). */
static kj_status add_cells(plist *pl, const kj_document *doc, size_t i, size_t next,
                           const char **heading, cell_heading *ch) {
    size_t from = i, last = next; /* last: the last cell of the name before from */
    for (;;) {
        size_t end, name = from + cell_naming_labels(doc, from, next, &end);
        if (name == next) name = from + cell_naming_next(doc, from, next, &end);
        end += from;
        if (name == next) return add_labelled(pl, doc, i, from, next, next, last, heading, ch);
        kj_status st = add_labelled(pl, doc, i, from, name, next, last, heading, ch);
        if (st != KJ_OK) return st;
        end_labels(heading, ch); /* a name ends the labels' cell */
        const char *h = NULL;
        size_t hlen = 0;
        st = add_name(pl, doc, name, end, &h, &hlen, *heading);
        if (st != KJ_OK) return st;
        h = row_heading(pl, doc, name, h, ch);
        if (!h) return KJ_ERR_NOMEM;
        if (!ch->active) ch->outer = *heading;
        ch->active = 1;
        ch->table = doc->blocks[name].table;
        *heading = h;
        pl->lead = NULL;
        pl->lead_left = 0;
        from = end;
        while (from < next && doc->blocks[from].len == 0)
            from++;
        last = end - 1;
    }
}

/* The nearest non-empty block before (step -1) or after (+1) block i, or
 * NULL when there is none. */
static const kj_block *near_block(const kj_document *doc, size_t i, int step) {
    for (size_t j = i; step < 0 ? j-- > 0 : ++j < doc->n_blocks;)
        if (doc->blocks[j].len) return &doc->blocks[j];
    return NULL;
}

/* How the text of a list item numbers it (kj_list_numbering), KJ_NUM_NONE
 * for a bullet or a list whose numbers are not in its text (DOCX, HTML). */
static kj_numbering number_style(const char *s, size_t len) {
    size_t marker;
    return kj_list_numbering(s, len, &marker);
}

/* Whether block n is an item of the list of b, a list item: any item when
 * b has no number in its text, else one numbered the same way. A heading
 * numbered (1) over a list of ①, or under one numbered ５．, is not an item
 * of that list. */
static int same_list(const kj_block *b, const kj_block *n) {
    if (!n || n->kind != KJ_BLOCK_LIST_ITEM) return 0;
    kj_numbering style = number_style(b->text, b->len);
    return !style || style == number_style(n->text, n->len);
}

/* Whether block i, a list item, is a heading: it reads as one and stands
 * alone, with no item of its list before or after it, and a paragraph or
 * another list after it. Japanese reports number their headings with the
 * marks lists use ((1) 推進体制, ① 情報セキュリティに関するリスク), and stack
 * them ((1) over ① over the text); a reader that goes by the marks (PDF)
 * makes them list items, and the paragraphs under them would lose their
 * headings. An item of a real list has another item beside it. */
static int lone_item_heading(const kj_document *doc, size_t i) {
    const kj_block *b = &doc->blocks[i], *next = near_block(doc, i, +1);
    return b->kind == KJ_BLOCK_LIST_ITEM && !same_list(b, near_block(doc, i, -1)) && next &&
           (next->kind == KJ_BLOCK_PARAGRAPH ||
            (next->kind == KJ_BLOCK_LIST_ITEM && !same_list(b, next))) &&
           kj_looks_like_heading(b->text, b->len);
}

/* Whether block i is one of a run of bulleted lines: it opens with a bullet
 * and the block before or after it opens with the same one. However short,
 * an entry of such a list (・為替の変動リスク) heads nothing; a lone
 * bulleted line over paragraphs may name what they are about (・電力). */
static int in_bullet_run(const kj_document *doc, size_t i) {
    const kj_block *b = &doc->blocks[i], *p = near_block(doc, i, -1), *n = near_block(doc, i, +1);
    int32_t bullet = bullet_of(b->text, b->len);
    return bullet && ((p && bullet_of(p->text, p->len) == bullet) ||
                      (n && bullet_of(n->text, n->len) == bullet));
}

/* Whether s (len bytes) ends with a colon (: ：), spaces after it aside. */
static int ends_colon(const char *s, size_t len) {
    while (len && s[len - 1] == ' ')
        len--;
    int32_t last = kj_utf8_last(s, len);
    return last == ':' || last == 0xFF1A;
}

/* Whether the next block with text after block i is a line of a date
 * alone (kj_annotation_line). */
static int date_next(const kj_document *doc, size_t i) {
    const kj_block *n = near_block(doc, i, +1);
    return n && (n->kind == KJ_BLOCK_PARAGRAPH || n->kind == KJ_BLOCK_HEADING) &&
           kj_annotation_line(n->text, n->len) == KJ_ANNOT_DATE;
}

/* The name of a US filing's item from its heading, "Item 1C.
 * Cybersecurity:" less the colon and spaces some filings end it with, as
 * passages show their section: cut after KJ_SECTION_MAX characters, as
 * every passage under it repeats it (arena copy; NULL when out of memory). */
static const char *filing_item_name(kj_arena *arena, const char *s, size_t len) {
    while (len && (s[len - 1] == ':' || s[len - 1] == ' '))
        len--;
    return kj_arena_strcut(arena, s, len, KJ_SECTION_MAX);
}

/* Whether blocks a and b lie in the same section (or both in none). */
static int same_section(const kj_block *a, const kj_block *b) {
    return kj_str_same(a->section, b->section);
}

/* Whether block b, a paragraph or a heading, is a cell of a grid: a
 * reader found it set side by side with other blocks on its page, all of
 * them short (kj_block.row without a table: a PDF's table, read as lines),
 * as a table's header row of column titles is, or a row of a post, a name
 * and dates. Such a cell names no rows: the heading over the table heads
 * them; but a row's label heads its figures (labels_figures). */
static int grid_cell(const kj_block *b) {
    return b->row && !b->table && (b->kind == KJ_BLOCK_PARAGRAPH || b->kind == KJ_BLOCK_HEADING);
}

/* Whether block i, a cell of a grid (grid_cell), is the label of a row of
 * figures: the first block of its row (the block with text before it is
 * of another), and the blocks of its row right after it, one or more, are
 * figures and marks (no letter: 1,200, ※２ 1,200, △ 515). Such a label
 * heads its row's passages (a figure with its note's mark), and only
 * those. */
static int labels_figures(const kj_document *doc, size_t i) {
    const kj_block *b = &doc->blocks[i], *p = near_block(doc, i, -1);
    if (p && p->row == b->row && !p->table) return 0;
    size_t figures = 0;
    for (size_t j = i + 1; j < doc->n_blocks; j++) {
        const kj_block *c = &doc->blocks[j];
        if (!c->len) continue;
        if (c->row != b->row || c->table) break;
        if (kj_has_letter(c->text, c->len)) return 0;
        figures++;
    }
    return figures > 0;
}

/* Whether block i, a cell of a grid, is the first of its row (the block
 * with text before it is of another) and a list item stands in its row (a
 * figure with its note's mark, ※２ 1,200): the row's label, which heads
 * the row's items (labels_figures), ends a run of cells (grid_run_end). */
static int labels_items(const kj_document *doc, size_t i) {
    const kj_block *b = &doc->blocks[i], *p = near_block(doc, i, -1);
    if (p && p->row == b->row && !p->table) return 0;
    for (size_t j = i + 1; j < doc->n_blocks; j++) {
        const kj_block *c = &doc->blocks[j];
        if (!c->len) continue;
        if (c->row != b->row || c->table) break;
        if (c->kind == KJ_BLOCK_LIST_ITEM) return 1;
    }
    return 0;
}

/* The end of the run of a PDF's grid cells (grid_cell) that starts at
 * block i: the cells after it on its page and in its section, across their
 * rows (a table read as lines reads as a whole, as a table's cells do:
 * cell_run_end), up to a block of no grid, a cell of KJ_CELL_SHORT
 * characters or more or the label of a row of list items (labels_items),
 * and while the run has fewer than half of max characters; a run that
 * starts inside a row, at its row's end. Returns i + 1 when the run is
 * block i alone; *cells is the run's cells with text. */
static size_t grid_run_end(const kj_document *doc, size_t i, size_t max, size_t *cells) {
    const kj_block *b = &doc->blocks[i], *p = near_block(doc, i, -1);
    /* a run that starts inside a row (after its label, a long cell or a
     * list item) ends with that row: its cells go with their row, and a
     * label heads its own row only */
    int mid_row = p && p->row == b->row && !p->table && p->page == b->page;
    size_t total = 0, end = i + 1;
    *cells = 0;
    for (size_t j = i; j < doc->n_blocks && total < max / 2; j++) {
        const kj_block *c = &doc->blocks[j];
        if (!c->len) continue;
        size_t n = kj_utf8_count(c->text, c->len);
        if (!grid_cell(c) || c->page != b->page || !same_section(b, c) || n >= KJ_CELL_SHORT ||
            labels_items(doc, j) || (mid_row && c->row != b->row))
            break;
        total += n + 3;
        end = j + 1;
        ++*cells;
    }
    return end;
}

/* Whether block i starts a run of two cells of a grid or more
 * (grid_run_end), whose end is then *end. */
static int starts_grid_run(const kj_document *doc, size_t i, size_t max, size_t *end) {
    if (!grid_cell(&doc->blocks[i])) return 0;
    size_t cells;
    *end = grid_run_end(doc, i, max, &cells);
    return cells > 1;
}

kj_status kj_segment(const kj_document *doc, const kj_segment_options *opts, kj_arena *arena,
                     kj_passages *out, kj_error *err) {
    kj_segment_options def = {KJ_LANG_AUTO, KJ_SEG_DEFAULT_MAX, 0, 0};
    if (!opts) opts = &def;
    size_t max = opts->max_chars ? opts->max_chars : KJ_SEG_DEFAULT_MAX;
    plist pl = {.arena = arena, .opts = opts};
    const char *heading = NULL;
    cell_heading ch = {0, 0, NULL, 0, 0, 0, 0, NULL, 0, 0, NULL};
    int label_row = 0;             /* the row a label of figures heads (labels_figures) */
    const char *unlabelled = NULL; /* the heading before that label */
    const kj_block *prev = NULL;   /* the last block with text */
    int after_date = 0;            /* prev is a line of a date alone */
    kj_status st = KJ_OK;
    for (size_t i = 0; i < doc->n_blocks && st == KJ_OK; i++) {
        const kj_block *b = &doc->blocks[i];
        if (b->len == 0) continue;
        if (label_row && (b->row != label_row || b->table)) {
            heading = unlabelled; /* the row its label headed has ended */
            label_row = 0;
        }
        leave_labels(b, &heading, &ch);
        if (ch.active && (b->kind != KJ_BLOCK_TABLE_CELL || b->table != ch.table)) {
            heading = ch.outer; /* the table a cell headed has ended */
            ch.active = 0;
        }
        if (prev && !same_section(prev, b)) {
            /* a new part of the document (an EDINET section, a DOCX's
             * footnotes): the last part's headings do not head it */
            heading = NULL;
            pl.lead = NULL;
            pl.lead_left = 0;
            pl.run_n = 0;
        }
        prev = b;
        int dated = after_date;
        after_date = 0;
        size_t grid_end = i;
        if (starts_grid_run(doc, i, max, &grid_end)) {
            /* a table read as lines (a PDF's): its cells are one passage,
             * however each would read alone (a column's title, a figure) */
            st = add_cell_run(&pl, doc, i, grid_end, heading);
            prev = &doc->blocks[grid_end - 1];
            i = grid_end - 1;
            continue;
        }
        /* a short line of figures and marks (96.1%, 914-555-0100, a page's
         * figure of a flattened table), or one that notes a unit, a date, a
         * total or a continued page: no heading for what follows, and too
         * little to be a passage of its own */
        int line = b->kind == KJ_BLOCK_PARAGRAPH || b->kind == KJ_BLOCK_HEADING;
        int looks = line && kj_looks_like_heading(b->text, b->len);
        kj_annotation note = line ? kj_annotation_line(b->text, b->len) : KJ_ANNOT_NONE;
        if ((looks && !kj_has_letter(b->text, b->len)) || note != KJ_ANNOT_NONE) {
            after_date = note == KJ_ANNOT_DATE;
            if (note == KJ_ANNOT_CONTINUED && pl.run_n > 0) {
                /* the headings just before it are the page's running head:
                 * what follows goes on under the heading before them */
                heading = pl.resume;
                pl.run_n = 0;
            }
            const char *t = kj_arena_strndup(arena, b->text, b->len); /* the lint reads it */
            st = t ? list_heading(&pl, b, t, b->len, 1) : KJ_ERR_NOMEM;
            continue;
        }
        /* a short line beside a date alone is a cell of its row: after
         * it, what the date says (a history's event, a post held since
         * then), before it, a column's title or a signature's place;
         * unless a mark says it is a heading, or a colon that it opens
         * what follows (a letter's "Dear Shareholders:" after its date) */
        int entry = looks && (dated || date_next(doc, i)) && !kj_opens_with_mark(b->text, b->len) &&
                    !ends_colon(b->text, b->len);
        int is_heading =
            b->kind == KJ_BLOCK_HEADING ||
            (b->kind == KJ_BLOCK_PARAGRAPH && looks && !entry && !in_bullet_run(doc, i)) ||
            lone_item_heading(doc, i);
        if (is_heading && grid_cell(b)) {
            /* a cell of a grid (a column's title, a row's post): listed as a
             * line of its own, as a row's figure is, and no heading; but
             * for its row's figures when it is their label */
            const char *t = kj_arena_strndup(arena, b->text, b->len); /* the lint reads it */
            st = t ? list_heading(&pl, b, t, b->len, 1) : KJ_ERR_NOMEM;
            if (t && labels_figures(doc, i)) {
                label_row = b->row;
                unlabelled = heading;
                heading = t;
            }
            continue;
        }
        if (is_heading) {
            /* shown as the passages' place (the readers gave ideographs, not radicals) */
            size_t hlen = b->len;
            const char *before = heading;
            heading = b->text;
            if (!heading || run_heading(&pl, heading, hlen, before) != 0) {
                st = KJ_ERR_NOMEM;
                break;
            }
            pl.lead = NULL;
            pl.lead_left = 0;
            ch.active = ch.labelled = 0;
            int us = kj_us_filing_heading(b->text, b->len);
            if (us == 1 && !(pl.item = filing_item_name(arena, b->text, b->len))) {
                st = KJ_ERR_NOMEM;
                break;
            }
            if (us > 1) pl.item = NULL;
            st = add_heading(&pl, b, heading, hlen);
            continue;
        }
        if (b->kind == KJ_BLOCK_TABLE_CELL && kj_utf8_count(b->text, b->len) < KJ_CELL_SHORT) {
            size_t next = cell_run_end(doc, i, max);
            st = add_cells(&pl, doc, i, next, &heading, &ch);
            i = next - 1;
            continue;
        }
        if (longer_than(b->text, b->len, max))
            st = add_long_block(&pl, b, heading, max);
        else
            st = add_passage(&pl, b, b->text, b->len, b->start, b->end, heading);
    }
    kj_passage *items = NULL;
    kj_heading *heads = NULL;
    if (st == KJ_OK) {
        items = kj_arena_alloc(arena, (pl.n ? pl.n : 1) * sizeof *items);
        heads = pl.n_heads ? kj_arena_alloc(arena, pl.n_heads * sizeof *heads) : NULL;
        if (!items || (pl.n_heads && !heads))
            st = KJ_ERR_NOMEM;
        else {
            if (pl.n) memcpy(items, pl.items, pl.n * sizeof *items);
            if (pl.n_heads) memcpy(heads, pl.heads, pl.n_heads * sizeof *heads);
        }
    }
    free(pl.items);
    free(pl.heads);
    if (st != KJ_OK)
        return kj_error_set(err, st, "%s: out of memory while segmenting",
                            doc->path ? doc->path : "");
    out->items = items;
    out->n = pl.n;
    out->headings = heads;
    out->n_headings = pl.n_heads;
    return KJ_OK;
}

size_t kj_passage_heading_cut(const char *h, int *cut) {
    /* kj_utf8_cut keeps at most the code points asked for and 30 marks
     * after them, of 4 bytes at most: a longer window ends past the cut */
    size_t len = strnlen(h, (KJ_PASSAGE_HEADING_MAX + 32) * 4);
    size_t keep = kj_utf8_cut(h, len, KJ_PASSAGE_HEADING_MAX);
    *cut = keep < len;
    return keep;
}

const uint32_t *kj_passage_norm_map(kj_arena *arena, const kj_passage *p) {
    if (p->norm.map) return p->norm.map;
    kj_norm n;
    /* normalisation is deterministic: the same text gives the same map */
    if (kj_normalize(arena, p->text ? p->text : "", p->len, &n) != KJ_OK || n.len != p->norm.len)
        return NULL;
    return n.map;
}
