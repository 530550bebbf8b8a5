/*
 * hyphens.c - whether a hyphen at the end of a wrapped line goes or stays
 * when the line is joined to the next: "secu-" + "rity" is one word broken
 * by the typesetter ("security"), "state-" + "sponsored" a compound cut at
 * its own hyphen ("state-sponsored"). As typesetting-aware extractors do,
 * the document itself decides first: a reader shows it every line before
 * it joins any (kj_hyphens_line, twice: once to note the pairs a wrap cut,
 * then, when there are any, to count how the document writes them within
 * a line), and the hyphen stays when the document writes the pair with a
 * hyphen more often than whole. Where it writes neither, a rule decides
 * (keep_by_rule): the hyphen stays after a word that opens compounds
 * (third, state, well, long, real, multi, ...) when the document writes the
 * part after it as a word of its own, and after a short joining word of a
 * compound already hyphenated ("end-to-" + "end"). A capital or a digit
 * after the hyphen is kj_line_break's: it never reaches here.
 * Only ASCII letters make the words compared; anything else falls back to
 * dropping the hyphen, as before there was a choice.
 */
#include "kaiji/common.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The longest word part compared; a longer one is left to the rule. */
#define KJ_HYPHEN_WORD_MAX 48

/* One word or pair the document is asked about, and how often it writes
 * it whole within a line. */
typedef struct {
    uint64_t hash; /* 0: an empty slot */
    uint32_t off, len;
    uint32_t seen;
} hy_entry;

struct kj_hyphens {
    kj_buf keys;                       /* the keys' bytes, lower-case */
    hy_entry *tab;                     /* open addressing, cap a power of two */
    size_t cap, n;                     /* slots, and those used */
    bool counting;                     /* pass two: counting, not noting */
    bool broken;                       /* out of memory: nothing more is noted */
    char frag[KJ_HYPHEN_WORD_MAX + 1]; /* the last line's word cut before its hyphen */
    size_t frag_len;                   /* 0: the last line ended with no cut word */
    size_t key_min, key_max;           /* the shortest and longest key */
};

kj_hyphens *kj_hyphens_new(void) {
    return calloc(1, sizeof(kj_hyphens));
}

void kj_hyphens_free(kj_hyphens *h) {
    if (!h) return;
    kj_buf_free(&h->keys);
    free(h->tab);
    free(h);
}

static bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* FNV-1a of the len bytes at s read lower-case, never 0. */
static uint64_t hash_lower(const char *s, size_t len) {
    uint64_t x = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++)
        x = (x ^ (unsigned char)lower(s[i])) * 1099511628211ULL;
    return x ? x : 1;
}

/* The slot of key s (len bytes, read lower-case) in h: its own, or the
 * empty one where it would go. */
static hy_entry *slot(const kj_hyphens *h, const char *s, size_t len, uint64_t x) {
    size_t m = h->cap - 1;
    for (size_t i = (size_t)x & m;; i = (i + 1) & m) {
        hy_entry *e = &h->tab[i];
        if (!e->hash) return e;
        if (e->hash == x && e->len == len) {
            const char *k = h->keys.data + e->off;
            size_t j = 0;
            while (j < len && k[j] == lower(s[j]))
                j++;
            if (j == len) return e;
        }
    }
}

/* How often the document writes s (len bytes) whole within a line; 0 when
 * it is no key. */
static uint32_t seen(const kj_hyphens *h, const char *s, size_t len) {
    if (!h || !h->n || len < h->key_min || len > h->key_max) return 0;
    hy_entry *e = slot(h, s, len, hash_lower(s, len));
    return e->hash ? e->seen : 0;
}

/* Doubles h's table; false when out of memory. */
static bool grow(kj_hyphens *h) {
    size_t cap = h->cap ? h->cap * 2 : 256;
    hy_entry *old = h->tab, *t = calloc(cap, sizeof *t);
    if (!t) return false;
    size_t was = h->cap;
    h->tab = t;
    h->cap = cap;
    for (size_t i = 0; i < was; i++) {
        if (!old[i].hash) continue;
        size_t m = cap - 1, j = (size_t)old[i].hash & m;
        while (t[j].hash)
            j = (j + 1) & m;
        t[j] = old[i];
    }
    free(old);
    return true;
}

/* Note key a + sep + b (sep '-' or 0: none) in h, lower-case. */
static void note(kj_hyphens *h, const char *a, size_t al, char sep, const char *b, size_t bl) {
    char k[2 * KJ_HYPHEN_WORD_MAX + 2];
    size_t n = 0;
    memcpy(k, a, al), n = al;
    if (sep) k[n++] = sep;
    memcpy(k + n, b, bl), n += bl;
    if (h->broken || n == 0) return;
    if ((h->n + 1) * 2 > h->cap && !grow(h)) {
        h->broken = true;
        return;
    }
    uint64_t x = hash_lower(k, n);
    hy_entry *e = slot(h, k, n, x);
    if (e->hash) return;
    size_t off = h->keys.len;
    if (off > UINT32_MAX - n || kj_buf_append(&h->keys, k, n) != KJ_OK) {
        h->broken = true;
        return;
    }
    for (size_t i = off; i < off + n; i++)
        h->keys.data[i] = lower(h->keys.data[i]);
    *e = (hy_entry){x, (uint32_t)off, (uint32_t)n, 0};
    h->n++;
    if (!h->key_min || n < h->key_min) h->key_min = n;
    if (n > h->key_max) h->key_max = n;
}

/* Whether the code point that ends s[0, len) or opens s[len, ...) (after)
 * goes on a word: a letter, Latin or not, or a digit. */
static bool word_goes_on(const char *s, size_t len, size_t end, bool after) {
    int32_t c = 0;
    if (after && len < end)
        kj_utf8_decode(s + len, end - len, &c);
    else if (!after && len)
        c = kj_utf8_last(s, len);
    return (c >= '0' && c <= '9') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

/* The word of ASCII letters and hyphens between them that ends at s[len]
 * (its start in *start); the text before it must not be a letter, digit or
 * hyphen, else the word is none (false). */
static bool word_before(const char *s, size_t len, size_t *start) {
    size_t i = len;
    while (i && (is_alpha(s[i - 1]) || (s[i - 1] == '-' && i >= 2 && is_alpha(s[i - 2]))))
        i--;
    if (i == len || !is_alpha(s[i]) || len - i > KJ_HYPHEN_WORD_MAX) return false;
    if (word_goes_on(s, i, len, false) || (i && s[i - 1] == '-')) return false;
    *start = i;
    return true;
}

/* The letters s opens with (lower-case ASCII first), up to a letter's end;
 * 0 when it opens otherwise, or the word goes on in a digit or a
 * non-ASCII letter, or is too long. */
static size_t letters_after(const char *s, size_t len) {
    if (!len || s[0] < 'a' || s[0] > 'z') return 0;
    size_t i = 0;
    while (i < len && is_alpha(s[i]))
        i++;
    if (word_goes_on(s, i, len, true)) return 0;
    return i <= KJ_HYPHEN_WORD_MAX ? i : 0;
}

/* Count each word of line s[a, z) that h has a key for: the word whole
 * and, when it has hyphens, each of its parts. The first word is a wrap's
 * second part when the line before was cut (skip_first), the last one's
 * first part when it ends with a hyphen at the line's end: neither counts. */
static void count_words(kj_hyphens *h, const char *s, size_t a, size_t z, bool skip_first) {
    for (size_t i = a; i < z;) {
        if (!is_alpha(s[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < z && (is_alpha(s[j]) || (s[j] == '-' && j + 1 < z && is_alpha(s[j + 1]))))
            j++;
        bool cut = j + 1 == z && s[j] == '-', hy = memchr(s + i, '-', j - i) != NULL;
        hy_entry *e = j - i >= h->key_min && j - i <= h->key_max
                          ? slot(h, s + i, j - i, hash_lower(s + i, j - i))
                          : NULL;
        if (e && !e->hash) e = NULL;
        /* most words are no key and have no hyphen: asked nothing more */
        if ((e || hy) && !cut && !(i == a && skip_first) && (i == a || s[i - 1] != '-') &&
            !word_goes_on(s, i, z, false) && !word_goes_on(s, j, z, true)) {
            if (e && e->seen < UINT32_MAX) e->seen++;
            for (size_t p = i, q; hy && p < j; p = q + 1) {
                for (q = p; q < j && s[q] != '-'; q++) {
                }
                if (q - p < h->key_min || q - p > h->key_max) continue;
                e = slot(h, s + p, q - p, hash_lower(s + p, q - p));
                if (e->hash && e->seen < UINT32_MAX) e->seen++;
            }
        }
        i = j;
    }
}

void kj_hyphens_line(kj_hyphens *h, const char *s, size_t len) {
    if (!h) return;
    size_t a = 0, z = len;
    while (a < z && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' || s[a] == '\f'))
        a++;
    while (z > a && (s[z - 1] == ' ' || s[z - 1] == '\t' || s[z - 1] == '\r' || s[z - 1] == '\f'))
        z--;
    size_t b = letters_after(s + a, z - a), w;
    bool after_cut = h->frag_len && b;
    if (h->counting) {
        if (h->n) count_words(h, s, a, z, after_cut);
    } else if (after_cut) {
        note(h, h->frag, h->frag_len, 0, s + a, b);   /* the pair written whole */
        note(h, h->frag, h->frag_len, '-', s + a, b); /* with its hyphen */
        note(h, s + a, b, 0, "", 0);                  /* the part after it alone */
    }
    h->frag_len = 0;
    if (z - a >= 2 && s[z - 1] == '-' && word_before(s + a, z - a - 1, &w)) {
        h->frag_len = z - a - 1 - w;
        memcpy(h->frag, s + a + w, h->frag_len);
    }
}

int kj_hyphens_count_next(kj_hyphens *h) {
    if (!h) return false;
    h->counting = true;
    h->frag_len = 0;
    return h->n > 0;
}

/* Whether word w (len bytes, lower-case ASCII) is one of words. */
static bool one_of(const char *w, size_t len, const char *const *words, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (strlen(words[i]) == len && !memcmp(words[i], w, len)) return true;
    return false;
}

/* The rule where the document does not say: whether the hyphen after the
 * cut word of flen bytes (its last part last, llen bytes) and before the
 * letters next stays. */
static bool keep_by_rule(const kj_hyphens *h, size_t flen, const char *last, size_t llen,
                         const char *next, size_t nlen) {
    /* words that open compounds kept hyphenated, and rarely the first
     * syllables of one word: not over-, under-, non-, co-, high- (oversight,
     * nonpublic, highlight), which English writes closed */
    static const char *const opens[] = {
        "third", "first", "second", "state", "nation", "well",  "long", "short",
        "real",  "multi", "self",   "cross", "cash",   "one",   "two",  "three",
        "zero",  "full",  "part",   "year",  "open",   "cloud", "risk", "enterprise"};
    /* joining words of a compound already hyphenated: end-to-end, state-of-the-art */
    static const char *const joins[] = {"to", "of", "the", "and", "in", "on", "by", "for", "a"};
    char lw[KJ_HYPHEN_WORD_MAX];
    for (size_t i = 0; i < llen; i++)
        lw[i] = lower(last[i]);
    if (llen < flen && nlen >= 2 && one_of(lw, llen, joins, sizeof joins / sizeof *joins))
        return true;
    return nlen >= 3 && seen(h, next, nlen) > 0 &&
           one_of(lw, llen, opens, sizeof opens / sizeof *opens);
}

int kj_hyphens_keep(const kj_hyphens *h, const char *s, size_t len, const char *next,
                    size_t next_len) {
    size_t w, nl = letters_after(next, next_len);
    if (!nl || len < 2 || s[len - 1] != '-' || !word_before(s, len - 1, &w)) return false;
    const char *frag = s + w;
    size_t flen = len - 1 - w;
    char k[2 * KJ_HYPHEN_WORD_MAX + 2];
    memcpy(k, frag, flen);
    memcpy(k + flen, next, nl);
    uint32_t whole = seen(h, k, flen + nl);
    k[flen] = '-';
    memcpy(k + flen + 1, next, nl);
    uint32_t hyph = seen(h, k, flen + 1 + nl);
    if (whole || hyph) return hyph > whole;
    const char *last = memrchr(frag, '-', flen);
    last = last ? last + 1 : frag;
    return keep_by_rule(h, flen, last, flen - (size_t)(last - frag), next, nl);
}

kj_status kj_join_line_hyphens(kj_buf *out, const char *line, size_t len, const kj_hyphens *h) {
    if (len == 0) return KJ_OK;
    if (out->len == 0) return kj_buf_append(out, line, len);
    int32_t next;
    kj_utf8_decode(line, len, &next);
    kj_break br = kj_line_break(out->data, out->len, next);
    if (br == KJ_BREAK_HYPHEN && !kj_hyphens_keep(h, out->data, out->len, line, len)) {
        out->len--; /* de-hyphenate a word broken across lines */
        out->data[out->len] = '\0';
        return kj_buf_append(out, line, len);
    }
    if (br == KJ_BREAK_SPACE && out->data[out->len - 1] != ' ') {
        kj_status st = kj_buf_putc(out, ' ');
        if (st != KJ_OK) return st;
    }
    return kj_buf_append(out, line, len);
}
