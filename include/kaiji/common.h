/*
 * kaiji/common.h - shared foundations of libkaiji: status codes, the error
 * record every fallible function fills, a per-document arena allocator, a
 * growable byte buffer, UTF-8 primitives and text written for a terminal.
 *
 * Every stage header includes this one. Nothing here knows about documents;
 * it only gives the stages one way to report errors and manage memory.
 */
#ifndef KAIJI_COMMON_H
#define KAIJI_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define KJ_VERSION "0.1.0"

/* Status returned by every fallible libkaiji function. */
typedef enum {
    KJ_OK = 0,
    KJ_ERR_IO,          /* file could not be opened, read or written */
    KJ_ERR_FORMAT,      /* input is malformed, truncated or of the wrong kind */
    KJ_ERR_UNSUPPORTED, /* valid input that kaiji cannot handle (encrypted PDF) */
    KJ_ERR_TOO_LARGE,   /* input exceeds a configured limit */
    KJ_ERR_NOMEM,       /* allocation failed */
    KJ_ERR_ARG,         /* caller passed an invalid argument */
    KJ_ERR_DATA,        /* kaiji's own data files are missing or broken */
    KJ_ERR_DB,          /* the store failed */
    KJ_ERR_INTERNAL     /* a bug: please report */
} kj_status;

/* An error a user can act on: the status and a one-line message naming the
 * file and the problem. */
typedef struct {
    kj_status code;
    char msg[512];
} kj_error;

/* Set err (when not NULL) to code and a printf-style message; returns code so
 * callers can write `return kj_error_set(err, KJ_ERR_IO, ...)`. */
kj_status kj_error_set(kj_error *err, kj_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reset err to KJ_OK with an empty message. */
void kj_error_clear(kj_error *err);

/* A short English name for a status, e.g. "I/O error". Static storage. */
const char *kj_status_name(kj_status code);

/* ---- Arena: all memory of one document, freed at once ---------------- */

typedef struct kj_arena kj_arena;

/* Create an arena. Returns NULL on allocation failure. Caller owns it and
 * frees it with kj_arena_free(). */
kj_arena *kj_arena_new(void);

/* Allocate size bytes, zeroed, aligned for any type. Memory belongs to the
 * arena. Returns NULL only on allocation failure. */
void *kj_arena_alloc(kj_arena *a, size_t size);
/* kj_arena_alloc without the zeroing, for memory the caller fills at once. */
void *kj_arena_alloc_raw(kj_arena *a, size_t size);

/* Allocate size bytes, not zeroed and not aligned, for text and bytes
 * (which need no alignment): they are packed without the padding
 * kj_arena_alloc leaves. Returns NULL only on allocation failure. */
void *kj_arena_alloc_bytes(kj_arena *a, size_t size);

/* Copy len bytes of s into the arena and NUL-terminate (unaligned, as
 * kj_arena_alloc_bytes). Arena-owned. */
char *kj_arena_strndup(kj_arena *a, const char *s, size_t len);

/* Copy a NUL-terminated string into the arena. Arena-owned. */
char *kj_arena_strdup(kj_arena *a, const char *s);

/* printf into the arena. Arena-owned. */
char *kj_arena_printf(kj_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Make room for one more element in an arena array of n elements of elem
 * bytes with capacity *cap: returns items itself when there is room, else a
 * copy with double the capacity (the old block stays in the arena until it
 * is freed). Returns NULL, leaving items and *cap alone, when out of memory. */
void *kj_arena_grow(kj_arena *a, void *items, size_t n, size_t *cap, size_t elem);

/* Give back to the system the memory of p, size bytes that a was asked
 * for, when it has a chunk of its own: an allocation larger than the
 * arena's chunks (64 KiB) that nothing was allocated after in its chunk,
 * such as a whole document's array. Anything else stays until the arena is
 * freed, as without the call. Either way p must not be used again. */
void kj_arena_release(kj_arena *a, void *p, size_t size);

/* Total bytes handed out so far (for memory accounting in benchmarks). */
size_t kj_arena_used(const kj_arena *a);

/* Forget everything allocated from the arena so its memory can be used
 * again: every pointer it handed out becomes invalid. Keeps one chunk and
 * frees the rest (a scratch arena reset per passage stays small). NULL is
 * allowed. */
void kj_arena_reset(kj_arena *a);

/* Free the arena and everything allocated from it. NULL is allowed. */
void kj_arena_free(kj_arena *a);

/* ---- Heap arrays that double when full (grow.c) ---------------------- */

/* kj_arena_grow for a heap array: make room for one more element in items
 * (from malloc or realloc, or NULL with *cap 0), n elements of elem bytes
 * (elem > 0) with room for *cap. Returns items itself when n < *cap; else
 * the array moved by realloc to twice the capacity (to first_cap, > 0,
 * when *cap is 0) with its n elements kept, and *cap updated. The caller
 * stores the result in place of items (the old pointer may be dangling)
 * and still owns and frees it. Returns NULL, leaving items (still the
 * caller's to free) and *cap alone, when out of memory or when the new
 * capacity or its size in bytes would not fit in a size_t. Typical use:
 *     T *v = kj_grow(l->v, l->n, &l->cap, sizeof *v, 64);
 *     if (!v) return KJ_ERR_NOMEM;
 *     l->v = v;
 *     l->v[l->n++] = x; */
void *kj_grow(void *items, size_t n, size_t *cap, size_t elem, size_t first_cap);

/* ---- Buffer: a growable, always NUL-terminated byte string ----------- */

typedef struct {
    char *data; /* heap-owned by the buffer; NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
} kj_buf;

#define KJ_BUF_INIT                                                                                \
    { NULL, 0, 0 }

/* kj_buf_append() when the bytes do not fit: grows the buffer first. */
kj_status kj_buf_append_grow(kj_buf *b, const char *s, size_t len);

/* Append len bytes. Returns KJ_OK or KJ_ERR_NOMEM. Inline: renderers append
 * a few bytes at a time, millions of times for a large document. */
static inline kj_status kj_buf_append(kj_buf *b, const char *s, size_t len) {
    if (!b->data || b->len + len + 1 > b->cap) return kj_buf_append_grow(b, s, len);
    if (len) memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
    return KJ_OK;
}
/* Append a NUL-terminated string (a literal's length is known when compiled). */
static inline kj_status kj_buf_puts(kj_buf *b, const char *s) {
    return kj_buf_append(b, s, strlen(s));
}
/* Append one byte. */
static inline kj_status kj_buf_putc(kj_buf *b, char c) {
    return kj_buf_append(b, &c, 1);
}
/* Append printf-formatted text. */
kj_status kj_buf_printf(kj_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append v in decimal, as printf("%llu") / printf("%lld") would. */
kj_status kj_buf_put_uint(kj_buf *b, unsigned long long v);
kj_status kj_buf_put_int(kj_buf *b, long long v);
/* Write v in decimal, as printf("%lld") would, at out (room for
 * KJ_INT_CHARS bytes; no NUL); returns the bytes written. For keys built
 * where a kj_buf would allocate. */
#define KJ_INT_CHARS 20
size_t kj_format_int(char *out, long long v);
/* Append f as printf("%.3f", f) would, without printf. */
kj_status kj_buf_put_fixed3(kj_buf *b, float f);
/* Append the len bytes of s with each byte that kj_utf8_decode refuses (of
 * an invalid UTF-8 sequence) replaced by U+FFFD: valid UTF-8 whatever s is. */
kj_status kj_buf_append_utf8(kj_buf *b, const char *s, size_t len);
/* Append s as a JSON string literal (with quotes), escaping as JSON requires:
 * quote, backslash and control characters escaped, and each byte of an
 * invalid UTF-8 sequence that kj_utf8_decode refuses written as U+FFFD (a
 * file name in Shift_JIS, a section file's name in a filing), so that the
 * JSON is always valid UTF-8. Valid text is written as it is. */
kj_status kj_buf_json_string(kj_buf *b, const char *s, size_t len);
/* Empty the buffer, keeping its memory. */
void kj_buf_reset(kj_buf *b);
/* Release the buffer's memory. */
void kj_buf_free(kj_buf *b);
/* Hand the data to the caller (who frees it with free()); the buffer is emptied. */
char *kj_buf_steal(kj_buf *b);

/* ---- Files and data ---------------------------------------------------- */

/* Read a whole file into a malloc'd buffer (NUL-terminated; *len excludes
 * the NUL). Refuses files larger than max_bytes (0 = no limit) with
 * KJ_ERR_TOO_LARGE, directories and anything else that is not a regular
 * file (a FIFO, a device, a socket) with KJ_ERR_IO, without blocking on
 * them. Caller frees *out. */
kj_status kj_read_file(const char *path, size_t max_bytes, char **out, size_t *len, kj_error *err);

/* Give the memory pages that lie wholly inside [p, p + len) back to the
 * system: their bytes read as zero from then on, as if overwritten. For a
 * large buffer (one kj_read_file returned) that a reader goes through once,
 * so that what it has read no longer counts towards the memory it takes.
 * p is the caller's own writable memory; nothing is freed. */
void kj_mem_discard(void *p, size_t len);

/* Write the n parts (parts[i] of lens[i] bytes) one after another to path
 * through a temporary file beside it, renamed into place: a reader sees the
 * old file or the new one whole, never a part, and processes writing at once
 * each write their own. Mode 0644. Returns 0, or -1 (nothing changed, errno
 * saying why: EACCES, ENOSPC, EFBIG) when the directory is not writable or a
 * write fails: for caches, whose writer goes on without them, and for files
 * whose writer says "PATH: write failed: why; left as it was". */
int kj_write_file_replace(const char *path, const void *const *parts, const size_t *lens, size_t n);

/* The next line of a buffer read in place (a data file from kj_read_file),
 * from *pos up to end (where the buffer's NUL is): the line is cut there
 * (its newline, and a CR before it, become NUL), *pos moves past it and *len
 * gets its length. Blank lines come too (length 0), so a caller that counts
 * lines counts them as an editor shows them. NULL after the last line. The
 * line points into the buffer. */
char *kj_next_line(char **pos, char *end, size_t *len);

/* KJ_OK when line lineno of the data file path (len bytes, as
 * kj_next_line gave it) holds no NUL byte; else KJ_ERR_DATA and an error
 * naming the file and line (a NUL cut the line short, silently dropping
 * its later columns). */
kj_status kj_data_line_check(const char *path, int lineno, const char *line, size_t len,
                             kj_error *err);

/* A walk over the entries of a data file read whole into a buffer
 * (kj_read_file), cutting it in place as kj_next_line does. Fill it with
 * kj_data_cursor_init; kj_data_next_entry then sets line, len and lineno
 * to each entry in turn. The strings point into the caller's buffer and
 * live as long as it. */
typedef struct {
    char *pos;        /* where the next line starts */
    char *end;        /* the end of the buffer (its NUL) */
    const char *path; /* the file's name, for errors (the caller's string) */
    char *line;       /* the entry last given (NUL-terminated), NULL after the last */
    size_t len;       /* its length: no newline, no CR before it */
    int lineno;       /* its line number, from 1, blank and comment lines counted */
} kj_data_cursor;

/* Start a walk over data (len bytes, data[len] its NUL, as kj_read_file
 * gives it) of the data file path. */
void kj_data_cursor_init(kj_data_cursor *c, const char *path, char *data, size_t len);

/* Move c to the next entry of its file: the next line that is neither
 * blank (nothing, or only a CR, before its newline) nor a comment (its
 * first byte '#'; a '#' after spaces is an entry). KJ_OK with c->line,
 * c->len and c->lineno set, or with c->line NULL when no entry is left (a
 * last line without a newline is a line too); KJ_ERR_DATA and an error
 * naming the file and line when the entry holds a NUL byte
 * (kj_data_line_check). */
kj_status kj_data_next_entry(kj_data_cursor *c, kj_error *err);

/* Locate kaiji's data directory: $KAIJI_DATA when set, else
 * <dir of executable>/../share/kaiji, else <dir of executable>/../data.
 * Writes into out (size outsz). Returns KJ_ERR_DATA when none exists. */
kj_status kj_data_dir(char *out, size_t outsz, kj_error *err);

/* Join the data directory and a relative path into out. */
kj_status kj_data_path(const char *rel, char *out, size_t outsz, kj_error *err);

/* Split a line of a tab-separated data file in place: fields[0..n) point
 * into line, tabs become NULs; at most max fields (the last keeps any further
 * tabs). Returns n. */
int kj_split_tabs(char *line, char **fields, int max);

/* FNV-1a, 32 and 64 bits: the hash h carried on over the n bytes at p.
 * Start from the standard offset basis (KJ_FNV32_BASIS) or from any seed a
 * caller has always used; the results are the byte-wise loop's. */
#define KJ_FNV32_BASIS 2166136261u
static inline uint32_t kj_fnv1a32(uint32_t h, const void *p, size_t n) {
    const unsigned char *u = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ u[i]) * 16777619u;
    return h;
}
static inline uint64_t kj_fnv1a64(uint64_t h, const void *p, size_t n) {
    const unsigned char *u = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ u[i]) * 1099511628211ULL;
    return h;
}

/* Number of Unicode code points in the first len bytes of UTF-8 s
 * (invalid bytes count as one each). */
size_t kj_utf8_count(const char *s, size_t len);

/* The general case of kj_utf8_decode (any length, every error path). */
size_t kj_utf8_decode_slow(const char *s, size_t len, int32_t *cp);

/* Whether s (len bytes) starts with the shape of a three-byte character: a
 * lead byte E0-EF and two continuation bytes (kana, kanji and the CJK marks
 * have it). Such bytes hold no ASCII and start no other character, so a scan
 * for ASCII or for one lead byte can step over them whole. */
static inline int kj_utf8_three(const char *s, size_t len) {
    const unsigned char *u = (const unsigned char *)s;
    return len >= 3 && (u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80;
}

/* Decode one UTF-8 code point at s (at most len bytes). Stores the code point
 * in *cp (U+FFFD when invalid) and returns the bytes consumed (>= 1).
 * Inline for the common ASCII and valid three-byte (Japanese) characters;
 * everything else, including every invalid sequence, goes to the slow path. */
static inline size_t kj_utf8_decode(const char *s, size_t len, int32_t *cp) {
    const unsigned char *u = (const unsigned char *)s;
    if (len > 0 && u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if (kj_utf8_three(s, len)) {
        int32_t v = ((int32_t)(u[0] & 0x0F) << 12) | ((int32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
        if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) {
            *cp = v;
            return 3;
        }
    }
    return kj_utf8_decode_slow(s, len, cp);
}

/* Whether lo <= cp <= hi, in one unsigned comparison (no branch, so tests
 * of many ranges can be or-ed together in hot loops). */
static inline int kj_cp_in(int32_t cp, uint32_t lo, uint32_t hi) {
    return (uint32_t)cp - lo <= hi - lo;
}

/* s (NUL-terminated) past the UTF-8 byte order mark it starts with, if any:
 * the first line of a file saved as "UTF-8 with BOM", as Windows tools save
 * JSON lines. */
static inline const char *kj_after_bom(const char *s) {
    return strncmp(s, "\xEF\xBB\xBF", 3) == 0 ? s + 3 : s;
}

/* One line of a JSON-lines file as getline() gave it, len bytes, lineno
 * counting from 1: its line end (LF, CR LF, any CRs before it) cut off in
 * place and, on the first line, a UTF-8 byte order mark skipped. Returns
 * the text (within line) and its length in *n; 0 for a blank line, which
 * readers skip. Every JSON-lines reader of kaiji reads its lines so. */
static inline const char *kj_jsonl_line(char *line, size_t len, size_t lineno, size_t *n) {
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
    const char *text = lineno == 1 ? kj_after_bom(line) : line;
    *n = len - (size_t)(text - line);
    return text;
}

/* Last code point of the len bytes at s (0 when empty). */
int32_t kj_utf8_last(const char *s, size_t len);

/* Whether cp is a mark that ends a written sentence: 。．！？ . ! ? */
int kj_is_sentence_stop(int32_t cp);

/* Whether cp is a decimal digit, ASCII (0-9) or full-width (０-９). */
int kj_is_digit(int32_t cp);

/* ---- Reading a short line by hand (skim.c) ------------------------------- */

/* Whether the len bytes at s begin with the NUL-terminated prefix. Returns
 * 1 when they do, else 0. */
static inline int kj_has_prefix(const char *s, size_t len, const char *prefix) {
    size_t n = strlen(prefix);
    return n <= len && memcmp(s, prefix, n) == 0;
}

/* Whether the bytes s[i, len) begin with prefix (kj_has_prefix); 0 when i
 * is past len. */
static inline int kj_has_prefix_at(const char *s, size_t i, size_t len, const char *prefix) {
    return i <= len && kj_has_prefix(s + i, len - i, prefix);
}

/* The bytes of the space at s[i] (of len bytes): 1 for an ASCII space or a
 * tab, 2 for a no-break space (U+00A0), 3 for an ideographic space
 * (U+3000); 0 for anything else and past the end. */
size_t kj_space_at(const char *s, size_t i, size_t len);

/* i moved past the spaces (kj_space_at) at s[i, len). */
size_t kj_skip_spaces(const char *s, size_t i, size_t len);

/* Narrows [*a, *z) of s to leave out the spaces (kj_space_at) at either
 * end of it. */
void kj_trim_spaces(const char *s, size_t *a, size_t *z);

/* The bytes of the decimal digits (kj_is_digit: ASCII or full-width) at
 * s[i, len), and in *count (when not NULL) how many digits they are; 0
 * when s[i] is no digit. */
size_t kj_digits_at(const char *s, size_t i, size_t len, int *count);

/* ---- Dates written the Japanese way (jadate.c) --------------------------- */

/* The bytes of the name of an era (令和, 平成, 昭和) that the len bytes at s
 * open with, else 0. */
size_t kj_era_at(const char *s, size_t len);

/* What kj_read_ja_date read: each part as the number of digits (ASCII or
 * full-width) it is written with, which a caller bounds as its text needs
 * (a western year of four, a month of one or two). */
typedef struct {
    size_t era; /* bytes of the era's name the date opens with (kj_era_at);
                   0 for a western year (2024年) */
    int year;   /* digits of the year; 0 for an era's first (令和元年) */
    int month;  /* digits of the month */
    int day;    /* digits of the day; 0 when no day follows the month */
} kj_ja_date;

/* With kj_read_ja_date: spaces (kj_space_at) may stand between the parts
 * of a date (令和 ２ 年 ３ 月; not within 元年). */
#define KJ_JA_DATE_SPACED 1

/* Reads the date to the month at least that s (len bytes) opens with, as
 * Japanese writes it: maybe an era's name (kj_era_at), then the year in
 * digits and 年 (元年 after an era: its first year), the month in digits
 * and 月, and maybe the day in digits and 日 (2024年3月, 令和元年５月１日,
 * 平成３１年４月３０日). flags is 0 (no spaces between the parts) or
 * KJ_JA_DATE_SPACED. Returns the bytes read, to the end of 日 or, with no
 * day, of 月, and fills *d; 0 when s opens with no such date (a year
 * alone: 2030年に), *d then unset. What follows the date (現在, the 期 of
 * 2024年3月期) is the caller's to read. */
size_t kj_read_ja_date(const char *s, size_t len, int flags, kj_ja_date *d);

/* Whether a letter is among the len bytes at s: an ASCII or full-width
 * Latin letter, a kana or a kanji (told by their UTF-8 bytes, without
 * decoding). A line of
 * digits and marks (914-499-1900, 1-2360, - 12 -) has none. Returns 1 when
 * one is, else 0. */
int kj_has_letter(const char *s, size_t len);

/* Whether cp belongs to a CJK script or the full-width forms, where no space
 * separates words (ideographs, kana, CJK punctuation, Kangxi radicals). */
int kj_is_cjk(int32_t cp);

/* What a line break in running text stands for, decided from the two code
 * points before it and the one after it (kj_line_break). */
typedef enum {
    KJ_BREAK_SPACE,   /* a space: between words */
    KJ_BREAK_NOTHING, /* nothing: beside a CJK character, as Japanese wraps
                         with no space ("年1" + "回", "担当の" + "CSIRT"),
                         and after a hyphen that joins capitals or digits
                         ("ACME-" + "CERT") */
    KJ_BREAK_HYPHEN   /* nothing, and the hyphen before it goes too: a Latin
                         word broken across lines ("secu-" + "rity") */
} kj_break;

/* How a line break after the len bytes of text at s (what is written so far)
 * and before code point next reads, the one rule for every reader that joins
 * wrapped lines and for the normaliser of passages that kept their wraps. */
kj_break kj_line_break(const char *s, size_t len, int32_t next);

/* Whether code point c is a circled number that numbers a list's entries:
 * one of the Enclosed Alphanumerics (U+2460..U+24FF: ① ⑳ ⑴ ⒈ ⓐ) or of the
 * dingbats' circled numbers (U+2776..U+2793: ❶ ➀ ➊), or a circled number
 * from 21 to 50 (U+3251..U+325F, U+32B1..U+32BF: ㉑ ㊿). Returns 1 when it
 * is, else 0. The one definition of the range, for kj_list_numbering
 * (KJ_NUM_CIRCLED) and the readers' list marks. */
int kj_is_circled_number(int32_t c);

/* Whether code point c is a letter that numbers a list's entries as a
 * digit does (a) ａ． イ) （ロ） ｱ)): a Latin letter, ASCII or full-width,
 * or a katakana letter of full size, full- or half-width; not a small kana
 * (ッ), ー, hiragana or a kanji, which a line a wrap cut begins with before
 * the bracket it closes (「…総会にて承」 then 「認）」). Returns 1 when it is,
 * else 0. The one rule for the readers' entries (kj_starts_entry). */
int kj_is_list_letter(int32_t c);

/* How a text opens as a numbered entry (kj_list_numbering). */
typedef enum {
    KJ_NUM_NONE = 0,   /* no number with its mark */
    KJ_NUM_CIRCLED,    /* ① ❶ */
    KJ_NUM_BRACKETED,  /* (1) （１） */
    KJ_NUM_STOP,       /* 1. ５． */
    KJ_NUM_CLOSED,     /* 1) ５） */
    KJ_NUM_LETTER,     /* ａ． Ｂ． */
    KJ_NUM_KANA,       /* (イ) （ロ） */
    KJ_NUM_SPACED,     /* ５　, a number set apart by a space */
    KJ_NUM_KANA_CLOSED /* イ） ロ) ｲ), a katakana letter closed by a bracket alone */
} kj_numbering;

/* How the text s opens as a list entry or numbered heading, and in *marker
 * the bytes of its number with the mark (0 with KJ_NUM_NONE): a circled
 * number; one or two digits (ASCII or full-width) in brackets or closed
 * by . ． ) ）, with no digit after the mark; a full-width letter closed by
 * ． (ａ． Ｂ．, no letter or digit after it); a katakana letter, full- or
 * half-width, in brackets ((イ) （ア） (ｲ)) or closed by a bracket alone
 * (イ） ロ) ｲ), KJ_NUM_KANA_CLOSED), but not before a particle of one kana
 * (ロ）の…: a line a wrap cut before a bracket closed, or a reference to
 * an entry, begins so); or one or two digits set apart from a text that
 * opens with no digit by an ideographic space (５　, １　), or by the plain
 * space a PDF's text layer gives for one after full-width digits (５ ;
 * *marker then counts the spaces too). Without its mark a number is none
 * (2025年, 5 percent, an ASCII 5 and a plain space), nor is a figure (5.2,
 * 100.), nor a Latin letter in brackets ((a)). */
kj_numbering kj_list_numbering(const char *s, size_t len, size_t *marker);

/* Whether what follows the number that kj_list_numbering read (marker, its
 * *marker) reads as a table's figures rather than an entry's text: after
 * spaces, a digit, a currency sign ($ ¥ ￥ € £), an opening bracket or a
 * dash or minus. "(2) $ — $ 0" is a row of amounts with a negative one in
 * brackets, "(1) (2)" a row of note marks, "1. 2" a figure's columns; none
 * opens a list entry. Returns 1 when it does, else 0 (also when nothing
 * follows). */
int kj_numbering_then_figure(const char *s, size_t len, size_t marker);

/* Append line to a paragraph being joined in out as kj_line_break reads
 * the wrap: nothing between CJK characters, "secu-" + "rity" ->
 * "security" (but "end-to-" + "end" keeps its hyphen: kj_hyphens_keep with
 * no document), else one space. */
kj_status kj_join_line(kj_buf *out, const char *line, size_t len);

/* What a document says of the hyphens its wraps cut words at (hyphens.c):
 * how often it writes, within a line, each pair a wrap cut ("state-" +
 * "sponsored") whole ("statesponsored") and with its hyphen, and the part
 * after the cut alone ("sponsored"). Owned by the reader that made it. */
typedef struct kj_hyphens kj_hyphens;

/* A new, empty record; NULL when out of memory (a reader then joins as
 * kj_join_line does with no record). Free with kj_hyphens_free. */
kj_hyphens *kj_hyphens_new(void);

/* Frees h and all it holds (NULL is ignored). */
void kj_hyphens_free(kj_hyphens *h);

/* Show h the document's next line s (len bytes, its line break left out)
 * in reading order, every line once before kj_hyphens_count_next (noting
 * the pairs of a line that ends with a cut word's hyphen and the next) and,
 * when that returns 1, every line once more after it (counting how the
 * document writes them). Out of memory, h notes nothing more and its
 * answers are those of what it has. */
void kj_hyphens_line(kj_hyphens *h, const char *s, size_t len);

/* Ends the noting pass of h and starts the counting one; returns 1 when
 * it is needed (a wrap cut some word at a hyphen), else 0 (also for NULL). */
int kj_hyphens_count_next(kj_hyphens *h);

/* Whether the hyphen that ends s (len bytes written so far, a Latin word
 * cut before it) stays when next (next_len bytes, opening with a
 * lower-case letter) is joined to it: 1 when h counted the pair written
 * with its hyphen more often than whole; when it counted neither, 1 when
 * the cut word's last part opens compounds (third, state, well, long,
 * real, multi and a few more) and h counted the part after it as a word,
 * or is a short joining word of a compound hyphenated already ("end-to-" +
 * "end"); else 0. h may be NULL: no document evidence. */
int kj_hyphens_keep(const kj_hyphens *h, const char *s, size_t len, const char *next,
                    size_t next_len);

/* kj_join_line, with h (or NULL) deciding whether the hyphen of a Latin
 * word cut at a line's end stays (kj_hyphens_keep): "state-" + "sponsored"
 * -> "state-sponsored" where the document writes it so, "secu-" + "rity"
 * -> "security". */
kj_status kj_join_line_hyphens(kj_buf *out, const char *line, size_t len, const kj_hyphens *h);

/* The character a PDF text layer's stand-in cp means, or 0 when cp is
 * none: the ideograph of a CJK or Kangxi radical (U+2E80..U+2FDF) that
 * fonts map it to (⽣ for 生), or the katakana middle dot ・ for U+2027
 * HYPHENATION POINT, which Japanese PDFs give for it. A stand-in and what
 * it means are both three bytes in UTF-8. */
int32_t kj_stand_in_for(int32_t cp);

/* Map every stand-in (kj_stand_in_for) in the len bytes of UTF-8 s to what
 * it means, in place: both are three bytes, so s keeps its length and each
 * character its code point offset. A cut or invalid sequence stays as it
 * is. */
void kj_map_stand_ins(char *s, size_t len);

/* Encode cp as UTF-8 into out (at least 4 bytes); returns bytes written. */
size_t kj_utf8_encode(int32_t cp, char *out);

/* Whether strings a and b, either of which may be NULL, are the same
 * (both NULL, or equal). */
static inline int kj_str_same(const char *a, const char *b) {
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* The code points of s[0, len), or, when there are more than limit, some
 * number above limit: for a caller that only compares the count with limit,
 * so that a long text is not counted in full (a code point has at most four
 * bytes: limit + 1 of them lie in the first 4 * (limit + 1) bytes). */
size_t kj_utf8_count_past(const char *s, size_t len, size_t limit);

/* Bytes of the first n code points of s (as kj_utf8_decode steps; fewer when
 * len ends first); *done is the number of code points stepped over. */
size_t kj_utf8_skip(const char *s, size_t len, size_t n, size_t *done);

/* Where to cut s (len bytes) to keep about its first n code points without
 * splitting what a reader sees as one character: the bytes of the first n
 * code points (as kj_utf8_skip steps), and then of the code points that
 * belong to the n-th's grapheme cluster (combining marks, か + U+309A, an
 * emoji's modifier or ZWJ sequence, a flag's second regional indicator),
 * at most 30 of them (a letter under thousands of marks is cut anyway).
 * For snippets and names cut short; 0 when n is 0. */
size_t kj_utf8_cut(const char *s, size_t len, size_t n);

/* s (len bytes) copied into a: whole when kj_utf8_cut keeps all of it at n
 * code points, else cut there with "…" after it. For a name or heading a
 * hostile file can make megabytes long that is repeated for every passage
 * under it. NUL-terminated; NULL when out of memory. */
char *kj_arena_strcut(kj_arena *a, const char *s, size_t len, size_t n);

/* The first byte of s (len bytes) at or after i that lies within lo1..hi1 or
 * lo2..hi2 (ASCII ranges), or len. No byte of a multi-byte character is
 * ASCII, so Japanese text is passed over sixteen bytes at a time: the next
 * letter, digit or word character of mostly Japanese text comes quickly. */
size_t kj_next_ascii_in(const char *s, size_t len, size_t i, unsigned char lo1, unsigned char hi1,
                        unsigned char lo2, unsigned char hi2);

/* True when the len bytes of s are valid UTF-8. */
int kj_utf8_valid(const char *s, size_t len);

/* Whether span [b, e) lies inside the longer span [ob, oe) (offsets of one
 * text): the words "基本方針" inside a match of "情報セキュリティ基本方針". */
static inline int kj_span_inside(size_t b, size_t e, size_t ob, size_t oe) {
    return ob <= b && oe >= e && oe - ob > e - b;
}

/* ---- Text for a terminal (term.c) ---------------------------------------
 * Text from a document, a file's name, a case imported as JSON lines or the
 * command line may hold control characters: ESC ] 0; ... BEL retitles a
 * terminal's window, ESC [ 2J clears it, U+009B is CSI where a terminal
 * takes C1 controls. Written for people, each control character (C0,
 * DEL, C1) is written as '?', visible and one column wide, and so is each
 * bidirectional embedding, override or isolate control (U+202A-U+202E,
 * U+2066-U+2069: U+202E would show the rest of a line backwards); each byte
 * of invalid UTF-8 is written as U+FFFD; all else is written as it is. */

/* Write the len bytes of s to f as above; with lines set, tab and newline
 * are kept (a case's body of several lines), else they are '?' too (a name
 * or a field on one line, where a newline would forge the next line). */
void kj_term_write(FILE *f, const char *s, size_t len, int lines);

/* kj_term_write of the NUL-terminated s on one line (lines 0); NULL writes
 * nothing. */
void kj_term_puts(FILE *f, const char *s);

/* Columns that the len bytes of s take on a terminal as kj_term_write
 * writes them: two for CJK and full-width characters, none for combining
 * marks, one for anything else. */
size_t kj_term_width(const char *s, size_t len);

/* kj_term_puts of s (NULL: nothing), then spaces up to width columns: what
 * printf's %-*s does for ASCII, counted in columns rather than bytes so
 * that a column after Japanese text lines up. Text wider than width is
 * written whole, as printf writes it. */
void kj_term_pad(FILE *f, const char *s, int width);

/* kj_term_pad, but text wider than width columns is cut to width - 1 of
 * them and ends in "…", so that the columns after it stay in line (a
 * listing's long company name); NULL writes width spaces. */
void kj_term_fit(FILE *f, const char *s, int width);

#endif
