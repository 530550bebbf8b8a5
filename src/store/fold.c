/*
 * fold.c - the form the store searches text in (schema version 7): the
 * matching form kaiji's analysis reads (kj_normalize: NFKC, so that
 * decomposed パスワート + U+3099, half-width ﾊﾟｽﾜｰﾄﾞ and full-width ＩＳＭＳ read
 * as パスワード and isms; white space folded to single spaces, a line break
 * inside a Japanese or hyphenated Latin word taken out, controls dropped)
 * with every letter, not only ASCII, in lower case. Both tokenizers
 * (ngram.c) index it and queries are split and matched in it (search.c), so
 * that every form finds every other; what users see stays the text as
 * written, which the folded form maps back to, byte for byte.
 */
#include "store_internal.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "kaiji/text.h"

/* The lower case of cp, as kj_normalize already gave it for ASCII: kana,
 * kanji and the CJK marks have none, the rest is utf8proc's. */
static int32_t lower(int32_t cp) {
    if (cp < 0x80 || kj_cp_in(cp, 0x3000, 0x9FFF)) return cp;
    return utf8proc_tolower(cp);
}

/* Whether lower() changes any character of s (len bytes). */
static int needs_lower(const char *s, size_t len) {
    for (size_t i = 0; i < len;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        i += kj_utf8_decode(s + i, len - i, &cp);
        if (lower(cp) != cp) return 1;
    }
    return 0;
}

/* n in lower case (lower()), in new arena memory; each character's bytes
 * come from where its normalised form's came from (the first byte from its
 * first code point, the last from its last, as in kj_norm). */
static kj_status lower_norm(kj_arena *ar, kj_norm *n) {
    /* a character grows by at most one byte in lower case (Ⱥ: 2 -> 3) */
    char *text = kj_arena_alloc_raw(ar, n->len * 2 + 1);
    uint32_t *map = kj_arena_alloc_raw(ar, (n->len * 2 + 1) * sizeof *map);
    if (!text || !map) return KJ_ERR_NOMEM;
    size_t o = 0;
    for (size_t i = 0; i < n->len;) {
        int32_t cp;
        size_t k = kj_utf8_decode(n->text + i, n->len - i, &cp);
        size_t w = kj_utf8_encode(lower(cp), text + o);
        for (size_t j = 0; j < w; j++)
            map[o + j] = n->map[i];
        map[o + w - 1] = n->map[i + k - 1];
        o += w;
        i += k;
    }
    text[o] = '\0';
    map[o] = n->map[n->len];
    n->text = text;
    n->map = map;
    n->len = o;
    return KJ_OK;
}

/* The byte of s (len bytes) at which each of its code points starts, as
 * kj_normalize counts them (one per ASCII byte, else kj_utf8_decode's
 * steps), and len after the last: n + 1 entries (arena). */
static uint32_t *point_bytes(kj_arena *ar, const char *s, size_t len, size_t n) {
    uint32_t *at = kj_arena_alloc_raw(ar, (n + 1) * sizeof *at);
    if (!at) return NULL;
    size_t i = 0, c = 0;
    while (i < len && c < n) {
        at[c++] = (uint32_t)i;
        int32_t cp;
        i += (unsigned char)s[i] < 0x80 ? 1 : kj_utf8_decode(s + i, len - i, &cp);
    }
    while (c <= n) /* never short, but a map past the end must not read past at */
        at[c++] = (uint32_t)len;
    return at;
}

kj_status kj_fold_search(kj_arena *ar, const char *s, size_t len, kj_folded *out) {
    memset(out, 0, sizeof *out);
    if (len > UINT32_MAX - 1) return KJ_ERR_ARG; /* the maps hold 32-bit offsets */
    kj_norm n;
    kj_status st = kj_normalize(ar, s, len, &n);
    if (st == KJ_OK && needs_lower(n.text, n.len)) st = lower_norm(ar, &n);
    if (st != KJ_OK) return st;
    out->points = n.map[n.len];
    out->bytes = point_bytes(ar, s, len, out->points);
    if (!out->bytes) return KJ_ERR_NOMEM;
    out->text = n.text;
    out->len = n.len;
    out->map = n.map;
    return KJ_OK;
}

size_t kj_folded_start(const kj_folded *f, size_t from) {
    uint32_t p = f->map[from];
    return f->bytes[p < f->points ? p : f->points];
}

size_t kj_folded_end(const kj_folded *f, size_t to) {
    if (to == 0) return f->bytes[0];
    uint32_t p = f->map[to - 1] + 1;
    return f->bytes[p < f->points ? p : f->points];
}
