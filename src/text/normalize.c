/*
 * normalize.c - the matching form of a text: NFKC (utf8proc), ASCII lower
 * case, the Unicode hyphens (U+2010, U+2011) as ASCII '-', white space
 * folded, controls dropped, with a byte-to-code-point map
 * back to the original so evidence can be located in the text users see;
 * and the same folding of width and white space with case kept
 * (kj_fold_width), for scans that read capitals.
 *
 * Most disclosure text is kana, kanji and ASCII, which NFKC leaves alone, so
 * those ranges take a fast path (ASCII 16 bytes a step where it is words
 * and single spaces); everything else goes through utf8proc one cluster (a
 * character and its combining marks) at a time. The fast paths write a
 * character without looking at what follows it: when a combining mark does
 * (decomposed text, パスワート + U+3099, e + U+0301, as macOS and some PDFs
 * give it), the character is taken back and normalised with its marks as
 * one cluster (take_back), so パスワード and é come out composed. The
 * spacing marks ゛゜ (U+309B, U+309C), which some PDF text layers give for
 * the marks of a kana drawn apart, are read as the combining ones after a
 * kana with a voiced or semi-voiced form: the reader sees ガ in カ゛, where
 * NFKC alone gives カ, a space and a lone mark.
 */
#include "kaiji/text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

typedef struct {
    char *out; /* heap while writing; copied to the arena at the end */
    uint32_t *map;
    size_t len, cap;
    int pending_space; /* a white-space run seen, not yet written */
    int pending_break; /* that run holds a line break */
    size_t space_orig; /* where the run started */
    int oom;
    const kj_hyphens *hy; /* what the text says of hyphens at its wraps (NULL: none cut) */
} norm_writer;

/* Make room for at least need more bytes (NFKC may expand a character to
 * many, e.g. U+FDFA to 18 code points). */
static int reserve(norm_writer *w, size_t need) {
    if (w->out && w->map && w->len + need + 1 <= w->cap) return 1;
    size_t cap = w->cap * 2 + need + 16;
    char *o = realloc(w->out, cap);
    if (o) w->out = o;
    uint32_t *m = realloc(w->map, (cap + 1) * sizeof *m);
    if (m) w->map = m;
    if (!o || !m) {
        w->oom = 1;
        return 0;
    }
    w->cap = cap;
    return 1;
}

static int is_space_cp(int32_t cp) {
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v') return 1;
    if (cp == 0x3000 || cp == 0x00A0 || cp == 0x2028 || cp == 0x2029) return 1;
    if (cp >= 0x2000 && cp <= 0x200A) return 1;
    return 0;
}

static int is_dropped_cp(int32_t cp) {
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 1; /* controls */
    return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF || cp == 0x00AD;
}

/* NFKC-stable ranges that need no utf8proc call (bitwise ors: kana and
 * kanji alternate unpredictably). */
static int is_stable_cp(int32_t cp) {
    return kj_cp_in(cp, 0x3041, 0x3096) | kj_cp_in(cp, 0x30A1, 0x30FA) |
           kj_cp_in(cp, 0x4E00, 0x9FFF) | (cp == 0x30FC) | kj_cp_in(cp, 0x3001, 0x3002) |
           kj_cp_in(cp, 0x300C, 0x3011);
}

/* Whether u (len bytes left) starts with a three-byte character that
 * is_stable_cp() accepts: the same answer as decoding it, read from the
 * bytes (kanji U+4E00..9FFF are E4 B8 80 .. E9 BF BF; the kana and marks
 * lie under E3 80..83). */
static inline int stable_three(const unsigned char *u, size_t len) {
    if (len < 3 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80) return 0;
    unsigned b = u[1], c = u[2];
    if (u[0] >= 0xE4 && u[0] <= 0xE9) return u[0] != 0xE4 || b >= 0xB8;
    if (u[0] != 0xE3) return 0;
    switch (b) {
    case 0x80: /* 、。 and 「」『』【】 */
        return c == 0x81 || c == 0x82 || (c >= 0x8C && c <= 0x91);
    case 0x81: /* ぁ .. U+307F */
        return c >= 0x81;
    case 0x82: /* U+3080 .. ゖ, ァ .. U+30BF */
        return c <= 0x96 || c >= 0xA1;
    case 0x83: /* U+30C0 .. ヺ, ー */
        return c <= 0xBA || c == 0xBC;
    default:
        return 0;
    }
}

static int is_combining(int32_t cp) {
    if (cp == 0x3099 || cp == 0x309A || cp == 0xFF9E || cp == 0xFF9F) return 1;
    if (cp < 0x300) return 0;
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    return p->combining_class != 0;
}

/* The combining voiced or semi-voiced mark (U+3099, U+309A) that mark
 * stands for after the character base: itself when it is combining
 * (is_combining), U+3099 for the spacing ゛ (U+309B) and U+309A for ゜
 * (U+309C) when base is a kana that takes that mark (カ, ｶ, は; not ガ, ア or
 * 漢), else 0 (a mark of its own). */
static int32_t mark_after(int32_t base, int32_t mark) {
    if (is_combining(mark)) return mark;
    if (mark != 0x309B && mark != 0x309C) return 0;
    if (!kj_cp_in(base, 0x3041, 0x30FF) && !kj_cp_in(base, 0xFF66, 0xFF9D)) return 0;
    int32_t d[4];
    int bc = 0;
    utf8proc_ssize_t r =
        utf8proc_decompose_char(base, d, 3, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &bc);
    if (r != 1) return 0; /* already voiced (ガ: カ + U+3099), or no kana */
    d[1] = mark - 2;      /* U+309B -> U+3099, U+309C -> U+309A */
    return utf8proc_normalize_utf32(d, 2, UTF8PROC_COMPOSE) == 1 ? d[1] : 0;
}

/* The code point that ends before byte i of s, when it is a whole, valid
 * character (the fast paths wrote it as it is), else -1. */
static int32_t cp_before(const char *s, size_t i) {
    size_t j = i;
    while (j > 0 && i - j < 4 && ((unsigned char)s[j - 1] & 0xC0) == 0x80)
        j--;
    if (j == 0) return -1;
    j--;
    int32_t cp;
    if (kj_utf8_decode(s + j, i - j, &cp) != i - j || (cp == 0xFFFD && i - j != 3)) return -1;
    return cp;
}

/* Before a cluster that starts with mark, at code point cpi and byte i of
 * s: take back what the character before it (code point cpi - 1) wrote, so
 * that it is normalised with the mark as one cluster, when it is no mark
 * itself and wrote something (not white space or an invisible character):
 * its code point (as kj_stand_in_for reads it) becomes cl[0] and the mark
 * cl[1], as mark_after reads it. Returns the code points put in cl: 2, or 0
 * (nothing taken back). Only decomposed text comes here: a mark is never
 * first in a cluster otherwise. */
static size_t take_back(norm_writer *w, const char *s, size_t i, size_t cpi, int32_t mark,
                        int32_t cl[2]) {
    if (!is_combining(mark) && mark != 0x309B && mark != 0x309C) return 0;
    if (cpi == 0 || w->len == 0 || w->map[w->len - 1] != cpi - 1) return 0;
    int32_t base = cp_before(s, i);
    if (base < 0 || is_combining(base) || base == 0x309B || base == 0x309C) return 0;
    int32_t ideo = kj_stand_in_for(base);
    if (ideo) base = ideo;
    int32_t m = mark_after(base, mark);
    if (!m) return 0;
    size_t t = w->len;
    while (t > 0 && w->map[t - 1] == cpi - 1)
        t--;
    if (((unsigned char)w->out[t] & 0xC0) == 0x80) return 0; /* not a character's start */
    w->len = t;
    cl[0] = base;
    cl[1] = m;
    return 2;
}

/* Write the white space seen before character next (not yet lower-cased)
 * as one space mapped to where the run began; room for it must have been
 * reserved. A run holding a line break is a wrap kept in the text and reads
 * as kj_line_break says: nothing beside a CJK character, and a Latin word
 * broken with a hyphen loses the hyphen, unless the text says the word is
 * a compound cut at its own hyphen (kj_hyphens_keep: "state-" +
 * "sponsored" where the text writes state-sponsored). rest (rest_len
 * bytes, NULL when unknown) is the source from next on. */
static void put_pending_space(norm_writer *w, int32_t next, const char *rest, size_t rest_len) {
    if (!w->pending_space) return;
    w->pending_space = 0;
    if (w->pending_break) {
        w->pending_break = 0;
        switch (kj_line_break(w->out, w->len, next)) {
        case KJ_BREAK_HYPHEN:
            if (!rest || !kj_hyphens_keep(w->hy, w->out, w->len, rest, rest_len)) w->len--;
            return;
        case KJ_BREAK_NOTHING:
            return;
        case KJ_BREAK_SPACE:
            break;
        }
    }
    w->out[w->len] = ' ';
    w->map[w->len++] = (uint32_t)w->space_orig;
}

/* Note white space at orig (a line break when line_break): a run starts
 * there unless one has. */
static void see_space(norm_writer *w, size_t orig, int line_break) {
    if (w->len == 0) return;
    if (!w->pending_space) {
        w->pending_space = 1;
        w->space_orig = orig;
    }
    w->pending_break |= line_break;
}

static void emit(norm_writer *w, int32_t cp, size_t orig) {
    if (is_dropped_cp(cp)) return;
    if (is_space_cp(cp)) {
        see_space(w, orig, cp == 0x2028 || cp == 0x2029);
        return;
    }
    if (!reserve(w, 5)) return;
    if (cp == 0x2010 || cp == 0x2011) cp = '-'; /* HYPHEN, NON-BREAKING HYPHEN (Word's) */
    put_pending_space(w, cp, NULL, 0);
    if (cp >= 'A' && cp <= 'Z') cp += 32;
    char tmp[4];
    size_t k = kj_utf8_encode(cp, tmp);
    for (size_t i = 0; i < k; i++) {
        w->out[w->len] = tmp[i];
        w->map[w->len++] = (uint32_t)orig;
    }
}

#ifdef __SSE2__
/* Write 16 ASCII bytes at s as emit() would write them, when they are
 * printable (0x21..0x7E) or single spaces between printable ones: lower
 * case, each space written as it is and mapped to itself. Their code points
 * are cpi..; room is reserved. Returns 0 (nothing written) for any other
 * 16 bytes. */
static int ascii16(norm_writer *w, const char *s, size_t cpi) {
    __m128i v = _mm_loadu_si128((const __m128i *)s);
    /* bytes 0x20..0x7E, less 0x20 and offset by 0x80, are the signed bytes
     * up to 0x80 + 0x5E */
    __m128i off = _mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - 0x20)));
    unsigned bad =
        (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(off, _mm_set1_epi8((char)(0x80 + 0x7E - 0x20))));
    unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
    /* no space first or last, none beside another */
    if (bad | (sp & 0x8001u) | (sp & (sp >> 1))) return 0;
    __m128i up = _mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - 'A')));
    __m128i is_up = _mm_cmplt_epi8(up, _mm_set1_epi8((char)(0x80 + 26)));
    v = _mm_add_epi8(v, _mm_and_si128(is_up, _mm_set1_epi8(32)));
    _mm_storeu_si128((__m128i *)(w->out + w->len), v);
    __m128i at = _mm_add_epi32(_mm_set1_epi32((int)cpi), _mm_setr_epi32(0, 1, 2, 3));
    for (int k = 0; k < 4; k++) {
        _mm_storeu_si128((__m128i *)(w->map + w->len + 4 * (size_t)k), at);
        at = _mm_add_epi32(at, _mm_set1_epi32(4));
    }
    w->len += 16;
    return 1;
}
#endif

/* Normalise the ASCII bytes from s[i] on (room for the rest of the text
 * reserved): printable ones lower-cased, white space folded as emit()
 * folds it (line breaks as put_pending_space reads them, so that a word
 * wrapped across lines, 情報セキュ\nリティ or secu-\nrity, is one word
 * again), other controls and DEL dropped. Returns where they end; *cpi
 * counts the code points passed. */
static size_t ascii_run(norm_writer *w, const char *s, size_t len, size_t i, size_t *cpi) {
    size_t cp = *cpi;
    while (i < len && (unsigned char)s[i] < 0x80) {
        unsigned char c = (unsigned char)s[i];
        if (c > 0x20 && c < 0x7F) {
            put_pending_space(w, c, s + i, len - i);
#ifdef __SSE2__
            while (len - i >= 16 && ascii16(w, s + i, cp)) {
                i += 16;
                cp += 16;
            }
#endif
            for (; i < len && (c = (unsigned char)s[i]) > 0x20 && c < 0x7F; i++, cp++) {
                w->out[w->len] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
                w->map[w->len++] = (uint32_t)cp;
            }
            continue;
        }
        if (c == ' ' || c == '\t')
            see_space(w, cp, 0);
        else if (c >= '\n' && c <= '\r') /* \n \v \f \r */
            see_space(w, cp, 1);
        i++;
        cp++;
    }
    *cpi = cp;
    return i;
}

/* Put the combining marks of cps[0..n) in canonical order (by combining
 * class, stably, within each run of marks), as NFKC does before composing:
 * ヘ U+0323 U+309A is ペ U+0323, whatever the order of its marks. */
static void canonical_order(int32_t *cps, utf8proc_ssize_t n) {
    for (utf8proc_ssize_t i = 1; i < n; i++) {
        int32_t c = cps[i];
        int cc = utf8proc_get_property(c)->combining_class;
        utf8proc_ssize_t j = i;
        for (; cc && j > 0; j--) {
            int prev = utf8proc_get_property(cps[j - 1])->combining_class;
            if (prev <= cc) break;
            cps[j] = cps[j - 1];
        }
        cps[j] = c;
    }
}

/* Normalise one cluster of code points cps[0..n) starting at orig. When
 * NFKC changes none of them (a kanji and a mark that does not compose with
 * it), each maps to its own code point. Otherwise its bytes map to orig, but
 * the last byte of a character of several bytes that ends it maps to its
 * last code point (orig + n - 1): a hit ending there ends past that point
 * (map[end - 1] + 1), as ﾄﾞ composed into ド does after its ﾞ. A start is
 * never such a byte. */
static void emit_cluster(norm_writer *w, const int32_t *cps, size_t n, size_t orig) {
    int32_t buf[64];
    utf8proc_ssize_t m = 0;
    for (size_t i = 0; i < n; i++) {
        int bc = 0;
        utf8proc_ssize_t r =
            utf8proc_decompose_char(cps[i], buf + m, (utf8proc_ssize_t)(64 - m),
                                    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STABLE, &bc);
        if (r < 0 || r > 64 - m) { /* unassigned or absurdly long: keep as is */
            if (m < 64) buf[m++] = cps[i];
            continue;
        }
        m += r;
    }
    canonical_order(buf, m);
    m = utf8proc_normalize_utf32(buf, m, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (m == (utf8proc_ssize_t)n && memcmp(buf, cps, n * sizeof *cps) == 0) {
        for (size_t i = 0; i < n; i++)
            emit(w, cps[i], orig + i);
        return;
    }
    size_t before = w->len;
    for (utf8proc_ssize_t i = 0; i < m; i++)
        emit(w, buf[i], orig);
    if (n > 1 && w->len > before && ((unsigned char)w->out[w->len - 1] & 0xC0) == 0x80)
        w->map[w->len - 1] = (uint32_t)(orig + n - 1);
}

/* Normalise the character at s[i] (code point *cpi), which no fast path
 * takes: alone when NFKC leaves it as it is, else with the combining marks
 * after it as one cluster (at most 16 code points) or, when it is a mark,
 * with the character before it too (take_back). Returns where it ends;
 * *cpi counts its code points. Out of line, so that kj_normalize's loop
 * over the fast paths stays as small as it was. */
static __attribute__((noinline)) size_t other_char(norm_writer *w, const char *s, size_t len,
                                                   size_t i, size_t *cpi) {
    int32_t cp;
    size_t k = kj_utf8_decode(s + i, len - i, &cp);
    int32_t ideo = kj_stand_in_for(cp);
    if (ideo) cp = ideo;
    if (cp < 0x80 || is_stable_cp(cp)) {
        emit(w, cp, *cpi);
        ++*cpi;
        return i + k;
    }
    int32_t cl[16];
    size_t at = *cpi;
    size_t n = take_back(w, s, i, at, cp, cl), start = n ? at - 1 : at;
    if (!n) cl[n++] = cp;
    i += k;
    at++;
    while (i < len && n < 16) {
        int32_t nx;
        size_t k2 = kj_utf8_decode(s + i, len - i, &nx);
        if (!is_combining(nx)) break;
        cl[n++] = nx;
        i += k2;
        at++;
    }
    emit_cluster(w, cl, n, start);
    *cpi = at;
    return i;
}

size_t kj_fold_width(const char *s, size_t len, char *out, kj_fold_mode mode) {
    size_t n = 0;
    int space = 0, brk = 0; /* a run of white space pending, holding a line break */
    for (size_t i = 0; i < len;) {
        int32_t cp = (unsigned char)s[i];
        size_t k = cp < 0x80 ? 1 : kj_utf8_decode(s + i, len - i, &cp);
        if (mode == KJ_FOLD_SPACES && (is_space_cp(cp) || is_dropped_cp(cp))) {
            if (is_space_cp(cp) && n) {
                space = 1;
                brk |= (cp >= '\n' && cp <= '\r') || cp == 0x2028 || cp == 0x2029;
            }
            i += k;
            continue;
        }
        if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
        if (space) {
            kj_break b = brk ? kj_line_break(out, n, cp) : KJ_BREAK_SPACE;
            if (b == KJ_BREAK_HYPHEN) n--;
            if (b == KJ_BREAK_SPACE) out[n++] = ' ';
            space = brk = 0;
        }
        if (cp < 0x80) {
            out[n++] = (char)cp;
        } else {
            memcpy(out + n, s + i, k);
            n += k;
        }
        i += k;
    }
    return n;
}

/* Show h every line of the len bytes at s (split at line breaks, a
 * carriage return before one left out), in order. */
static void hyphens_lines(kj_hyphens *h, const char *s, size_t len) {
    for (size_t a = 0; a <= len;) {
        const char *nl = memchr(s + a, '\n', len - a);
        size_t z = nl ? (size_t)(nl - s) : len, e = z;
        if (e > a && s[e - 1] == '\r') e--;
        kj_hyphens_line(h, s + a, e - a);
        a = z + 1;
    }
}

/* What the text s (len bytes) says of the hyphens its wraps cut words at
 * (kj_hyphens: each line shown once to note the cut pairs, then once more
 * to count how the text writes them), or NULL when no line ends on a
 * hyphen (nearly every text) or memory runs out. Free with
 * kj_hyphens_free. */
static kj_hyphens *hyphens_of(const char *s, size_t len) {
    const char *d = s, *end = s + len;
    while ((d = memchr(d, '-', (size_t)(end - d))) && d + 1 < end && d[1] != '\n' &&
           !(d[1] == '\r' && d + 2 < end && d[2] == '\n'))
        d++;
    if (!d || d + 1 >= end) return NULL; /* no hyphen ends a line */
    kj_hyphens *h = kj_hyphens_new();
    if (!h) return NULL;
    hyphens_lines(h, s, len);
    if (kj_hyphens_count_next(h)) hyphens_lines(h, s, len);
    return h;
}

kj_status kj_normalize(kj_arena *arena, const char *s, size_t len, kj_norm *out) {
    norm_writer w = {0};
    if (!reserve(&w, len + 8)) {
        free(w.out);
        free(w.map);
        return KJ_ERR_NOMEM;
    }
    kj_hyphens *hy = hyphens_of(s, len);
    w.hy = hy;
    size_t i = 0, cpi = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (!reserve(&w, len - i + 1)) break;
            i = ascii_run(&w, s, len, i, &cpi);
            continue;
        }
        const unsigned char *u = (const unsigned char *)s;
        if (stable_three(u + i, len - i)) {
            /* a run of kana and kanji: as they are (emit would encode the same
             * bytes); room for the rest of the text at that rate at once */
            if (!reserve(&w, len - i + 1)) break;
            put_pending_space(&w, 0x3000, NULL, 0); /* any CJK character */
            do {
                memcpy(w.out + w.len, s + i, 3);
                w.map[w.len] = w.map[w.len + 1] = w.map[w.len + 2] = (uint32_t)cpi;
                w.len += 3;
                i += 3;
                cpi++;
            } while (stable_three(u + i, len - i));
            continue;
        }
        size_t next = cpi; /* not &cpi: the loops above keep cpi in a register */
        i = other_char(&w, s, len, i, &next);
        cpi = next;
    }
    kj_status st = KJ_ERR_NOMEM;
    if (!w.oom) {
        out->text = kj_arena_strndup(arena, w.out, w.len);
        out->map = kj_arena_alloc_raw(arena, (w.len + 1) * sizeof *out->map); /* filled here */
        if (out->text && out->map) {
            if (w.len) memcpy(out->map, w.map, w.len * sizeof *out->map);
            out->map[w.len] = cpi;
            out->len = w.len;
            st = KJ_OK;
        }
    }
    free(w.out);
    free(w.map);
    kj_hyphens_free(hy);
    return st;
}

char *kj_fold_radicals(kj_arena *arena, const char *s, size_t len, size_t *out_len) {
    char *out = kj_arena_strndup(arena, s, len);
    if (!out) return NULL;
    kj_map_stand_ins(out, len); /* stand-ins and what they stand for are all 3 bytes */
    if (out_len) *out_len = len;
    return out;
}
