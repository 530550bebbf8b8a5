/*
 * text.c - plain-text reader: decides the encoding (BOM, UTF-8 validity,
 * UTF-16 by its zero bytes or, for Japanese text without them, by which
 * byte order gives characters documents use, then uchardet for Shift_JIS /
 * EUC-JP), converts to UTF-8 with iconv, and splits paragraphs into blocks,
 * joining wrapped lines the way the script needs (a hyphen a wrap cut a
 * compound at kept where the text's lines say so: text_hyphens). A blank
 * line ends a paragraph; Japanese plain text often starts one with an
 * ideographic space or a heading mark instead, so such a line also starts
 * a new block; and a
 * text without blank lines (one line to a paragraph, or copied from a PDF
 * viewer) is split where a line that ends a sentence is too wide to be
 * wrapped or ends short (ends_paragraph). A short line that ends no
 * sentence, written right above running text with no blank line between,
 * is its heading and a block of its own (heads_paragraph). All the lines
 * of a text are looked at before it is split (layout_line): one whose
 * lines end where its sentences do, not at a margin, gives each paragraph
 * one line, and each of its lines is a block from the first
 * (layout_decide). Double-spaced text,
 * a blank line after every line as some converters write a PDF's text, is
 * told from its opening lines (shows_double_spaced) and read with one blank
 * line as a wrap (spaced_gap). Markdown's list marks start entries and its
 * # headings stand alone. A large file that is plain UTF-8 is read a piece
 * at a time (kj_read_text_file) rather than whole, so it and the
 * document's text are never both in memory.
 */
#include "ingest_internal.h"

#include "core/byteset.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <uchardet/uchardet.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Map a detector or user name to the iconv name we convert with. */
static const char *iconv_name(const char *det) {
    if (!det || !*det) return NULL;
    if (!strcasecmp(det, "SHIFT_JIS") || !strcasecmp(det, "SJIS") || !strcasecmp(det, "CP932") ||
        !strcasecmp(det, "WINDOWS-31J") || !strcasecmp(det, "MS_KANJI"))
        return "CP932";
    /* as CP932 for Shift_JIS: EUC-JP with the NEC and IBM extensions (①,
     * Ⅰ, ㈱) that a file written on Windows has; plain EUC-JP reads the same
     * but for a few marks mapped as CP932 maps them (〜 as U+FF5E) */
    if (!strcasecmp(det, "EUC-JP") || !strcasecmp(det, "EUCJP") || !strcasecmp(det, "EUC-JP-MS") ||
        !strcasecmp(det, "EUCJP-MS"))
        return "EUC-JP-MS";
    if (!strcasecmp(det, "ISO-2022-JP")) return "ISO-2022-JP";
    if (!strcasecmp(det, "UTF-16LE")) return "UTF-16LE";
    if (!strcasecmp(det, "UTF-16BE")) return "UTF-16BE";
    if (!strcasecmp(det, "UTF-16")) return "UTF-16";
    if (!strcasecmp(det, "UTF-8") || !strcasecmp(det, "ASCII")) return "UTF-8";
    return NULL; /* a non-Japanese legacy code page: not trusted for our inputs */
}

/* UTF-16 without BOM shows as zero bytes on one side of each pair. */
static const char *utf16_by_zeros(const unsigned char *p, size_t len) {
    size_t n = len < 4096 ? len : 4096, even = 0, odd = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        even += p[i] == 0;
        odd += p[i + 1] == 0;
    }
    size_t pairs = n / 2;
    if (pairs < 2) return NULL;
    if (odd * 10 >= pairs * 3 && even * 20 < pairs) return "UTF-16LE";
    if (even * 10 >= pairs * 3 && odd * 20 < pairs) return "UTF-16BE";
    return NULL;
}

/* Whether UTF-16 code unit u is one a Japanese or English document is
 * made of: white space, ASCII and Latin-1, general punctuation, arrows,
 * circled numbers, box and shape marks (■ ● ◆), CJK marks, kana, kanji,
 * full-width forms. */
static int plain_unit(unsigned u) {
    return u == '\t' || u == '\n' || u == '\r' || (u >= 0x20 && u <= 0x7E) ||
           (u >= 0xA0 && u <= 0xFF) || (u >= 0x2000 && u <= 0x21FF) ||
           (u >= 0x2460 && u <= 0x25FF) || (u >= 0x3000 && u <= 0x30FF) ||
           (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0xFF00 && u <= 0xFFEF);
}

/* UTF-16 without BOM and with too few ASCII characters to show zero bytes
 * (Japanese text): read one way, nearly every code unit is such a
 * character; read the other way round, kanji and kana fall in blocks no
 * document uses (株 U+682A read backwards is U+2A68). Shift_JIS and EUC-JP
 * read as UTF-16 land there too. */
static const char *utf16_by_units(const unsigned char *p, size_t len) {
    size_t n = (len < 8192 ? len : 8192) & ~(size_t)1, le = 0, be = 0;
    if (n < 16) return NULL;
    for (size_t i = 0; i < n; i += 2) {
        le += (size_t)plain_unit((unsigned)p[i] | (unsigned)p[i + 1] << 8);
        be += (size_t)plain_unit((unsigned)p[i] << 8 | (unsigned)p[i + 1]);
    }
    size_t units = n / 2;
    if (le * 100 >= units * 97 && be * 2 < units) return "UTF-16LE";
    if (be * 100 >= units * 97 && le * 2 < units) return "UTF-16BE";
    return NULL;
}

const char *kj_bom_encoding(const char *data, size_t len) {
    const unsigned char *p = (const unsigned char *)data;
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) return "UTF-8";
    if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE) return "UTF-16LE";
    if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF) return "UTF-16BE";
    return NULL;
}

const char *kj_guess_encoding(const char *data, size_t len) {
    const unsigned char *p = (const unsigned char *)data;
    const char *bom = kj_bom_encoding(data, len);
    if (bom) return bom;
    const char *z = utf16_by_zeros(p, len);
    if (z) return z;
    if (!memchr(data, 0, len) && kj_utf8_valid(data, len)) return "UTF-8";
    if ((z = utf16_by_units(p, len)) != NULL) return z;
    uchardet_t ud = uchardet_new();
    if (!ud) return NULL;
    const char *res = NULL;
    if (uchardet_handle_data(ud, data, len) == 0) {
        uchardet_data_end(ud);
        res = iconv_name(uchardet_get_charset(ud));
    }
    uchardet_delete(ud);
    return res;
}

/* Byte offset of the first invalid UTF-8 sequence. */
static size_t first_invalid_utf8(const char *s, size_t len) {
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t n = kj_utf8_decode(s + i, len - i, &cp);
        if (cp == 0xFFFD && !kj_utf8_valid(s + i, n)) return i;
        i += n;
    }
    return len;
}

/* Room for n more bytes at *op in *buf (cap bytes, *ol of them left, one
 * more kept for the NUL), doubling it as needed. */
static int make_room(char **buf, size_t *cap, char **op, size_t *ol, size_t n) {
    while (*ol < n) {
        size_t used = (size_t)(*op - *buf);
        char *nb = realloc(*buf, *cap * 2 + 1);
        if (!nb) return -1;
        *buf = nb;
        *op = nb + used;
        *ol += *cap;
        *cap *= 2;
    }
    return 0;
}

/* kj_iconv_to_utf8, or, when replaced is not NULL, its lenient form
 * (kj_iconv_to_utf8_lenient). */
static kj_status to_utf8(const char *path, const char *enc, const char *in, size_t len, char **out,
                         size_t *outlen, size_t *replaced, kj_error *err) {
    *out = NULL;
    *outlen = 0;
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1)
        return kj_error_set(err, KJ_ERR_ARG, "%s: unknown encoding '%s'", path, enc);
    size_t cap = len * 2 + 16;
    char *buf = malloc(cap + 1);
    if (!buf) {
        iconv_close(cd);
        return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    }
    char *ip = (char *)in, *op = buf;
    size_t il = len, ol = cap;
    kj_status st = KJ_OK;
    while (il > 0) {
        if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1) break;
        if (errno == E2BIG || (replaced && ol < 3)) {
            if (make_room(&buf, &cap, &op, &ol, ol + 3) != 0) {
                st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
                break;
            }
            continue;
        }
        if (!replaced) {
            st = kj_error_set(err, KJ_ERR_FORMAT, "%s: invalid %s at byte %zu", path, enc,
                              (size_t)(ip - in));
            break;
        }
        /* a byte that does not decode (EILSEQ), or a character cut off by
         * the end (EINVAL): U+FFFD in its place, and on from the next byte */
        memcpy(op, "\xEF\xBF\xBD", 3);
        op += 3, ol -= 3;
        ip++, il--;
        ++*replaced;
        iconv(cd, NULL, NULL, NULL, NULL); /* back to the initial shift state */
    }
    iconv_close(cd);
    if (st != KJ_OK) {
        free(buf);
        return st;
    }
    *op = '\0';
    *out = buf;
    *outlen = (size_t)(op - buf);
    return KJ_OK;
}

kj_status kj_iconv_to_utf8(const char *path, const char *enc, const char *in, size_t len,
                           char **out, size_t *outlen, kj_error *err) {
    return to_utf8(path, enc, in, len, out, outlen, NULL, err);
}

kj_status kj_iconv_to_utf8_lenient(const char *path, const char *enc, const char *in, size_t len,
                                   char **out, size_t *outlen, size_t *replaced, kj_error *err) {
    *replaced = 0;
    return to_utf8(path, enc, in, len, out, outlen, replaced, err);
}

const char *kj_iconv_name(const char *name) {
    const char *n = iconv_name(name);
    return n ? n : name;
}

static bool blank_line(const char *s, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f') {
            if (len - i >= 3 && !memcmp(s + i, "\xE3\x80\x80", 3)) { /* U+3000 */
                i += 2;
                continue;
            }
            return false;
        }
    return true;
}

/* The paragraph being gathered from the lines of a text. */
typedef struct {
    kj_builder *b;
    kj_buf para;
    int line, start_line;
    size_t widest;           /* columns of the paragraph's widest line so far */
    size_t lines, unwrapped; /* the text's lines so far that are not blank,
                              * and those wider than any wrapped line */
    bool one_line;           /* the text gives each paragraph one line (layout_decide) */
    bool spaced;             /* it has a blank line after every line */
    size_t full;             /* the columns of a full line of its opening */
    kj_block_kind kind;      /* the paragraph's: a list item when it opens with a mark */
    int para_lines;          /* the paragraph's lines so far */
    size_t last_cols;        /* columns of its last line */
    size_t last_wide;        /* and those of them taken by wide characters */
    uint32_t one_liners;     /* of the text's first 32 blocks, the paragraphs of one line */
    int blanks;              /* blank lines just read (spaced text) */
    bool after_end;          /* the last line that was not blank ended a sentence */
    bool after_colon;        /* it ended with a colon (ends_colon) */
    kj_text_furniture *furn; /* its pages' headers and footers, or NULL (no form feed) */
    kj_hyphens *hy;          /* what its lines say of hyphens at wraps, or NULL */
    int page, start_page;    /* the line's and the paragraph's page (0-based) */
    /* the paragraph's first line, which may be a heading over the rest
     * (heads_paragraph), and where the rest starts */
    bool lead_heads;                      /* it reads as one (lead_reads_as_heading) */
    size_t lead_len;                      /* its bytes in para */
    size_t lead_cols, lead_wide;          /* its columns, and those taken by wide characters */
    size_t rest_widest;                   /* the columns of the widest line after it */
    size_t rest_last, rest_last_wide;     /* the columns of the last line after it (wide ones) */
    bool rest_last_ends;                  /* and whether that line ends a sentence */
    size_t rest_narrow, rest_narrow_wide; /* those of the narrowest before that which ends no
                                           * sentence (SIZE_MAX: none) */
    int rest_line, rest_page;             /* the line and page of the line after it */
} para_state;

/* Columns a line takes: two for a character of three or four bytes in
 * UTF-8 (CJK, and a few wide marks), one for others; *wide gets those of
 * the wide ones. A byte count, not a decoding (only a width is wanted):
 * characters are the bytes that are no continuation byte (80..BF), wide
 * ones those from E0 up; sixteen bytes a step where the CPU has SSE2. */
static size_t line_columns(const char *s, size_t len, size_t *wide) {
    size_t chars = 0, w = 0, i = 0;
#ifdef __SSE2__
    const __m128i zero = _mm_setzero_si128(), one = _mm_set1_epi8(1);
    __m128i n_cont = zero, n_wide = zero; /* per 8-byte half, by _mm_sad_epu8 */
    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        /* as signed bytes: continuation bytes are below -64 (C0), and the
         * bytes from E0 up are above -33 (DF) and below 0 */
        __m128i cont = _mm_cmplt_epi8(v, _mm_set1_epi8((char)0xC0));
        __m128i high =
            _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char)0xDF)), _mm_cmplt_epi8(v, zero));
        n_cont = _mm_add_epi64(n_cont, _mm_sad_epu8(_mm_and_si128(cont, one), zero));
        n_wide = _mm_add_epi64(n_wide, _mm_sad_epu8(_mm_and_si128(high, one), zero));
    }
    uint64_t c[2], h[2];
    _mm_storeu_si128((__m128i *)c, n_cont);
    _mm_storeu_si128((__m128i *)h, n_wide);
    chars = i - (size_t)(c[0] + c[1]);
    w = (size_t)(h[0] + h[1]);
#endif
    for (; i < len; i++) {
        unsigned char b = (unsigned char)s[i];
        chars += (b & 0xC0) != 0x80;
        w += b >= 0xE0;
    }
    *wide = 2 * w;
    return chars + w;
}

/* Does a line of text end with a colon (: ：)? Over a numbered line, a
 * full line that does leads into a list ("the steps below:"), a short one
 * is a label over its value (目標： / ２．…の実施), whose number is the
 * value's own (number_starts_entry). */
static bool ends_colon(const char *s, size_t len) {
    int32_t cp = kj_utf8_last(s, len);
    return cp == ':' || cp == 0xFF1A;
}

/* Does a line of text end a sentence: 。．！？ or . ! ? at its end, maybe
 * followed by closing brackets or quotes? */
static bool ends_sentence(const char *s, size_t len) {
    while (len) {
        int32_t cp = kj_utf8_last(s, len);
        if (kj_is_sentence_stop(cp)) return true;
        /* 」 』 ） ) " ’ ” */
        if (cp != 0x300D && cp != 0x300F && cp != 0xFF09 && cp != ')' && cp != '"' &&
            cp != 0x2019 && cp != 0x201D)
            return false;
        do /* step back over the bracket's bytes */
            len--;
        while (len && ((unsigned char)s[len] & 0xC0) == 0x80);
    }
    return false;
}

/* Does a line start with an ASCII bullet of Markdown and plain-text lists:
 * "- ", "* " or "+ "? */
static bool markdown_bullet(const char *s, size_t len) {
    return len >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && (s[1] == ' ' || s[1] == '\t');
}

/* Does a line start with a mark that begins a heading or a list entry (■ ●
 * ◆ ▼ ★ and their outlines, ・ and its stand-ins ‧ ･, the bullets • ▪ ‣ ⁃,
 * and the ASCII bullets "- ", "* ", "+ " of Markdown and plain-text
 * lists)? None of them starts a wrapped line of running text (Japanese line
 * breaking keeps ・ off a line's start; a dash set apart by spaces in
 * English would need the break right before it). Not ▲ or △: Japanese
 * tables write a negative number with them. Narrower than kj_starts_entry,
 * which also takes digits, brackets and ①: those start many wrapped lines
 * of plain text, where no <br> says a line ended (starts_with_number). */
static bool starts_with_mark(const char *s, size_t len) {
    if (markdown_bullet(s, len)) return true;
    unsigned char c = len ? (unsigned char)s[0] : 0;
    if (c != 0xE2 && c != 0xE3 && c != 0xEF) return false;
    static const char *const marks[] = {"■", "□",  "●", "○", "◆", "◇", "▼", "▽", "★",
                                        "☆", "・", "‧", "･", "•", "▪", "‣", "⁃"};
    for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
        size_t n = strlen(marks[k]);
        if (len >= n && !memcmp(s, marks[k], n)) return true;
    }
    return false;
}

/* Does a line start with a list number (kj_list_numbering): a circled
 * number (① ❶ and their kin), or a number or letter with its mark and
 * some text after it (1. 2) (3) （４） ５． ａ． (イ))? Such a number numbers
 * a list's entries but also things within a sentence (対策は①…、②…;
 * 前記(1)のとおり), where a wrap may bring one to a line's start. A year, a
 * share or a figure (2025年, 5%, 3.5倍) is none, nor is a number alone on
 * its line (bare_number), whose text follows on the next line, nor one
 * before a table's figures ("(2) $ — $ 0", kj_numbering_then_figure). Nor
 * is a number set apart by a space (５　): Japanese reports number their
 * section headings so (４　【…】 stacked over ５　【…】), which a plain text
 * shows by nothing else (a PDF sets them in a size of their own); read as
 * list items of one list, they would head nothing. */
static bool starts_with_number(const char *s, size_t len) {
    size_t marker;
    kj_numbering k = kj_list_numbering(s, len, &marker);
    return k == KJ_NUM_CIRCLED || (k != KJ_NUM_NONE && k != KJ_NUM_SPACED && marker < len &&
                                   !kj_numbering_then_figure(s, len, marker));
}

/* Whether c is a mark Japanese reports set before their headings as often
 * as before list entries (■ ● ◆): a line it opens stays a paragraph, and
 * the text stage reads whether it is a heading (kj_looks_like_heading), as
 * it reads a run of them stacked over their section. */
static bool heading_mark(int32_t c) {
    return c == 0x25A0 || c == 0x25CF || c == 0x25C6;
}

/* Does line s[0, len) (trimmed) open a list entry, and so its block a
 * list item: with a mark the PDF reader takes for one (kj_list_mark: ・ •
 * ① ※ and others, but not heading_mark's), a Markdown bullet ("- ", "* ",
 * "+ ") or a list number with text after it (starts_with_number: 1. (2)
 * ３．), as the PDF reader also takes? */
static bool starts_list(const char *s, size_t len) {
    if (markdown_bullet(s, len) || starts_with_number(s, len)) return true;
    if (len < 3 || (unsigned char)s[0] < 0xE2) return false; /* the marks are U+2000 and up */
    int32_t c;
    kj_utf8_decode(s, len, &c);
    return kj_list_mark(c) && !heading_mark(c);
}

/* Is line s[0, len) a Markdown heading: one to six # and a space? It is a
 * block of its own, whatever follows it. */
static bool markdown_heading(const char *s, size_t len) {
    size_t k = 0;
    while (k < len && k < 7 && s[k] == '#')
        k++;
    return k >= 1 && k <= 6 && k < len && (s[k] == ' ' || s[k] == '\t');
}

/* The width beyond which a line is no line of wrapped text: a file with
 * lines this long gives each paragraph one line. Wrapped Japanese runs to
 * about 45 characters a line (90 columns), English from a wide page to
 * about 190 characters. */
#define KJ_WRAP_COLUMNS 200

/* Whether the text so far gives each paragraph one line: at least three of
 * its lines, and a fifth of them, are wider than any wrapped line. Then
 * every line is a block of its own: a short paragraph, or a heading. */
static bool shows_one_per_line(size_t lines, size_t unwrapped) {
    return unwrapped >= 3 && unwrapped * 5 >= lines;
}

static bool one_per_line(const para_state *ps) {
    return ps->one_line || shows_one_per_line(ps->lines, ps->unwrapped);
}

/* The bytes [*a, *z) of line s[0, len) without the spaces and tabs at
 * either end. */
static void trim_line(const char *s, size_t len, size_t *a, size_t *z) {
    *a = 0, *z = len;
    while (*a < *z && (s[*a] == ' ' || s[*a] == '\t'))
        ++*a;
    while (*z > *a && (s[*z - 1] == ' ' || s[*z - 1] == '\t'))
        --*z;
}

/* Where the line from s[i] ends (len when no line break follows) and, in
 * *next, where the next one starts: a line ends at LF, at CRs before an LF,
 * or at a CR alone (the line breaks of old Macintosh files and of some
 * spreadsheet exports). The lines of s are asked for in order, i the start
 * of the first or the *next of the one before. */
static size_t line_end(const char *s, size_t len, size_t i, size_t *next) {
    /* one scan for either byte: a search for LF alone would run to the end
     * of a CR-only file from every line */
    static const kj_byteset breaks = {{'\n', '\r', '\n', '\n', '\n', '\n', '\n', '\n'}, {0, 0}};
    size_t e = kj_next_byte_in(&breaks, s, len, i), k = e;
    /* an empty line between two CRs: the line before ended at a CR alone,
     * so no LF follows this run of CRs either. Looking for one again from
     * every CR of a run would take time that grows with the square of its
     * length (a file of nothing but CRs). */
    bool alone = e == i && i > 0 && s[i - 1] == '\r' && e < len && s[e] == '\r';
    while (!alone && k < len && s[k] == '\r')
        k++;
    /* LF; CRs before an LF (CR LF, or CR CR LF from a twice-converted
     * file); a CR alone; or the end */
    *next = e == len ? len : s[e] == '\n' ? e + 1 : k < len && s[k] == '\n' ? k + 1 : e + 1;
    return e;
}

/* What each_line calls with a line s[0, len) of a text, without its line
 * break; ud is the caller's. A status other than KJ_OK stops the walk. */
typedef kj_status (*line_fn)(void *ud, const char *s, size_t len, kj_error *err);

/* Call fn on the lines of s[0, len) in order, as line_end splits them, the
 * one walk of every pass over a text (its layout, its pages' furniture,
 * its paragraphs): the last line (after the last line break, maybe empty)
 * only when last is set, for a piece of a file read a piece at a time ends
 * after a line break and its next line is the next piece's. Returns fn's
 * first status other than KJ_OK, else KJ_OK. */
static kj_status each_line(const char *s, size_t len, int last, line_fn fn, void *ud,
                           kj_error *err) {
    size_t i = 0;
    for (;;) {
        size_t next, e = i < len ? line_end(s, len, i, &next) : (next = len);
        bool broken = next > e; /* a line break ends it */
        if (!broken && !last) return KJ_OK;
        kj_status st = fn(ud, s + i, e - i, err);
        if (st != KJ_OK || !broken) return st;
        i = next;
    }
}

/* Whether a line of cols columns ends short of full, a full line's
 * columns: in Japanese (ja), set a character to a cell, short of four
 * fifths; English, set in proportional type and broken before a word that
 * does not fit, varies more, and must end short of three fifths. */
static bool short_of(size_t cols, bool ja, size_t full) {
    return ja ? cols * 5 < full * 4 : cols * 5 < full * 3;
}

/* short_of for a line of cols columns, wide of them taken by wide
 * characters: Japanese when they are more than half. */
static bool short_line(size_t cols, size_t wide, size_t full) {
    return short_of(cols, wide * 2 > cols, full);
}

/* Whether line s[0, len) (trimmed) is a list entry's number alone ("1.",
 * "(2)", "３．"), its text on the next line: its full stop ends no
 * sentence. */
static bool bare_number(const char *s, size_t len) {
    size_t marker;
    return kj_list_numbering(s, len, &marker) != KJ_NUM_NONE && marker == len;
}

/* Whether c is a dash a page number is set between: - ‐ ‒ – — ― − －. */
static bool page_dash(int32_t c) {
    return c == '-' || c == 0x2010 || (c >= 0x2012 && c <= 0x2015) || c == 0x2212 || c == 0xFF0D;
}

/* Whether c is a space around or within a page number: ASCII, a form
 * feed (a page break before or after it) or ideographic. */
static bool page_space(int32_t c) {
    return c == ' ' || c == '\t' || c == '\f' || c == 0x3000;
}

/* The most bytes of a line folded for kj_is_page_number (its own limit). */
#define KJ_PAGE_FOLD_MAX 64

/* Line s[0, len) in the ASCII kj_is_page_number reads, into out (cap
 * bytes): a dash a page number is set between (page_dash) as '-', a
 * digit of full width as its ASCII one, a space (page_space) dropped, but
 * one between digits kept as '_' (groups of a figure, "1 2", make no page
 * number). Returns the bytes written; 0 when the line holds anything else
 * or folds to more than cap bytes. */
static size_t fold_page_number(const char *s, size_t len, char *out, size_t cap) {
    size_t n = 0, i = 0, k;
    int32_t c = 0;
    bool gap = false; /* a space after a digit */
    while (i < len && (k = kj_utf8_decode(s + i, len - i, &c)) != 0) {
        i += k;
        if (page_space(c)) {
            gap = gap || (n && out[n - 1] >= '0' && out[n - 1] <= '9');
            continue;
        }
        bool digit = kj_is_digit(c);
        if (!digit && !page_dash(c)) return 0;
        if (n + 2 > cap) return 0;
        if (gap && digit) out[n++] = '_';
        gap = false;
        out[n++] = digit ? (char)('0' + (c >= 0xFF10 ? c - 0xFF10 : c - '0')) : '-';
    }
    return i == len ? n : 0;
}

/*
 * Whether line s[0, len) is a page number set between dashes and nothing
 * else ("- 2 -", "－１２－", "— 3 —"; one to four digits, ASCII or full
 * width, spaces around them or not): kj_is_page_number's "-#-", read in
 * the widths and dashes a text sets (fold_page_number). Such a line is no
 * content, whether or not the text has pages to tell its furniture by
 * (kj_furniture_drop): a text without form feeds, or of two pages whose
 * numbers the furniture's rules cannot pair, would make it a list item
 * ("- " opens one) or a paragraph's first words. A bare number ("2") or one
 * in brackets ("(2)") may be a figure or a list's mark, and stays.
 */
static bool dashed_page_number(const char *s, size_t len) {
    char folded[KJ_PAGE_FOLD_MAX];
    size_t n = fold_page_number(s, len, folded, sizeof folded);
    return n && folded[0] == '-' && kj_is_page_number(folded, n);
}

/* The fewest columns a full line of a text's opening (full_columns) has
 * for a line to be measured against it. */
#define KJ_FULL_MIN 20

/* Lines of a text's opening that layout_decide looks at one by one. */
#define KJ_OPENING_LINES 64

/* What the opening lines of a text show of its layout. */
typedef struct {
    size_t lines, unwrapped;       /* lines not blank; those wider than any wrapped line */
    size_t gaps, single;           /* breaks between two such lines; those of one blank line */
    size_t cols[KJ_OPENING_LINES]; /* each line's columns */
    bool ends[KJ_OPENING_LINES];   /* whether it ends a sentence */
} opening;

/* The columns of a full line of the opening: the widest but a tenth of
 * its lines, so that one wide line (a table's row, a long address) does
 * not set the width that the lines of running text are measured by. */
static size_t full_columns(const opening *o) {
    size_t sorted[KJ_OPENING_LINES], n = o->lines;
    for (size_t i = 0; i < n; i++) { /* insertion sort: at most 64 */
        size_t k = i, c = o->cols[i];
        for (; k && sorted[k - 1] > c; k--)
            sorted[k] = sorted[k - 1];
        sorted[k] = c;
    }
    return n ? sorted[n * 9 / 10 < n ? n * 9 / 10 : n - 1] : 0;
}

/*
 * Whether the opening is double-spaced text: a blank line after every
 * line, wrapped lines of a paragraph and paragraphs alike, as a PDF's text
 * comes out of some converters (mutool's when each line is a block of its
 * own) and viewers. At least eight lines, nine in ten of the breaks between
 * them exactly one blank line, and a third of them full lines that end in
 * the middle of a sentence: a text whose paragraphs are one line each, set
 * apart by blank lines, has lines that end sentences and vary in width.
 * *full gets the columns of a full line.
 */
static bool shows_double_spaced(const opening *o, size_t *full) {
    *full = full_columns(o);
    if (o->lines < 8 || o->single * 10 < o->gaps * 9 || *full > KJ_WRAP_COLUMNS ||
        *full < KJ_FULL_MIN)
        return false;
    size_t wrapped = 0;
    for (size_t i = 0; i < o->lines; i++)
        wrapped += !o->ends[i] && o->cols[i] * 5 >= *full * 4;
    return wrapped * 3 >= o->lines;
}

/* Bins of the histograms of line widths: a bin for each width a wrapped
 * line can have, and the last for every line wider. */
#define KJ_WIDTH_BINS (KJ_WRAP_COLUMNS + 2)

/* What the lines of a whole text show of its layout, gathered line by line
 * (layout_line) before it is split into paragraphs: its opening's lines
 * one by one, and the widths of all. */
typedef struct {
    opening o;                     /* its first lines */
    size_t lines, unwrapped;       /* its lines not blank; those wider than any wrapped line */
    size_t blank_run;              /* blank lines just read */
    uint32_t width[KJ_WIDTH_BINS]; /* its lines not blank by their columns */
    /* those another line follows right after (no blank line between), by
     * [set in Japanese][ends a sentence][columns] */
    uint32_t joined[2][2][KJ_WIDTH_BINS];
    int last_bin; /* the bin of the last line not blank while none has followed it, else -1 */
    bool last_ja, last_ends; /* and whether it is Japanese and ends a sentence */
} layout;

/* An empty layout, to be shown a text's lines from its first. */
static void layout_start(layout *l) {
    memset(l, 0, sizeof *l);
    l->last_bin = -1;
}

/* Add a line that is not blank (cols columns; ends if it ends a sentence),
 * after blanks blank lines, to the opening while it has room. */
static void opening_line(opening *o, size_t cols, bool ends, size_t blanks) {
    if (o->lines == KJ_OPENING_LINES) return;
    if (o->lines) {
        o->gaps++;
        o->single += blanks == 1;
    }
    o->unwrapped += cols > KJ_WRAP_COLUMNS;
    o->ends[o->lines] = ends;
    o->cols[o->lines++] = cols;
}

/* Show l the text's next line s[0, len) (without its line break). */
static void layout_line(layout *l, const char *s, size_t len) {
    size_t a, z, wide;
    trim_line(s, len, &a, &z);
    if (blank_line(s + a, z - a)) {
        l->blank_run++;
        l->last_bin = -1;
        return;
    }
    size_t cols = line_columns(s + a, z - a, &wide);
    bool ends = ends_sentence(s + a, z - a);
    if (l->last_bin >= 0) l->joined[l->last_ja][l->last_ends][l->last_bin]++;
    opening_line(&l->o, cols, ends, l->blank_run);
    l->blank_run = 0;
    l->lines++;
    l->unwrapped += cols > KJ_WRAP_COLUMNS;
    l->last_bin = cols < KJ_WIDTH_BINS - 1 ? (int)cols : KJ_WIDTH_BINS - 1;
    l->width[l->last_bin]++;
    l->last_ja = wide * 2 > cols;
    l->last_ends = ends;
}

/* layout_line as each_line calls it: ud is the layout. */
static kj_status layout_line_of(void *ud, const char *s, size_t len, kj_error *err) {
    (void)err;
    layout_line(ud, s, len);
    return KJ_OK;
}

/* The columns of a full line of the whole text, as full_columns takes them
 * of the opening: the widest but a tenth of its lines (the last bin for
 * lines wider than any wrapped line). */
static size_t text_full_columns(const layout *l) {
    size_t k = l->lines * 9 / 10, seen = 0;
    for (size_t c = 0; c < KJ_WIDTH_BINS; c++)
        if ((seen += l->width[c]) > k) return c;
    return 0;
}

/*
 * Whether the text's lines end where its paragraphs do, not at a margin,
 * though none is too wide to be a wrapped line: of its lines that run
 * about the full width (not short_of the text's full columns) and have
 * another line right after them, two in three or more end a sentence. The
 * full lines of a wrapped text end where the margin fell, nearly always
 * within a sentence; those of a text that gives each paragraph one line
 * are paragraphs, which end sentences, and its headings are short. A line
 * with a blank line after it ends its paragraph either way and is not
 * counted, so that a wrapped text whose paragraphs are set apart by blank
 * lines is told by its wrapped lines alone. One such line tells nothing
 * (a short text, a table set as lines of figures under one full line of
 * notes: read as wrapped) unless a line too wide to be a wrapped one
 * shows the text has no margin.
 */
#define KJ_UNWRAPPED_MIN 2

static bool shows_unwrapped(const layout *l) {
    size_t full = text_full_columns(l), lines = 0, ends = 0;
    for (int ja = 0; ja < 2; ja++)
        for (size_t c = 0; c < KJ_WIDTH_BINS; c++) {
            if (short_of(c, ja, full)) continue;
            lines += l->joined[ja][0][c] + l->joined[ja][1][c];
            ends += l->joined[ja][1][c];
        }
    return (lines >= KJ_UNWRAPPED_MIN || l->unwrapped) && lines && ends * 3 >= lines * 2;
}

/* Set how ps reads the text whose lines l has been shown:
 * - one_line when the text gives each paragraph one line: by one_per_line's
 *   rule on its opening lines or on all of them, or because its lines end
 *   where sentences do, not at a margin (shows_unwrapped). Then every line
 *   is a block from the first: a text saved from a word processor opens
 *   with a title and headings, short lines that would otherwise run into
 *   the paragraph after them.
 * - spaced when the opening shows double-spaced text (shows_double_spaced),
 *   which is not read as one_line even when its lines end sentences;
 * - full, the columns of a full line of the opening. */
static void layout_decide(const layout *l, para_state *ps) {
    bool wide_lines = shows_one_per_line(l->o.lines, l->o.unwrapped) ||
                      shows_one_per_line(l->lines, l->unwrapped);
    ps->full = full_columns(&l->o);
    ps->spaced = !wide_lines && shows_double_spaced(&l->o, &ps->full);
    ps->one_line = wide_lines || (!ps->spaced && shows_unwrapped(l));
}

/* Whether a line of double-spaced text ends short, against the columns of
 * a full line of the text's opening or of the paragraph's widest line if
 * wider. A Japanese line that ends a sentence ends its paragraph if a tenth
 * short: Japanese is set to a grid, so a full line differs from another
 * only by its half-width characters and a character pushed to the next
 * line, and a paragraph's last line that runs nearly to the end is no
 * rarer than one that stops at half. */
static bool spaced_short_line(const para_state *ps, size_t cols, size_t wide, bool ends) {
    size_t full = ps->widest > ps->full ? ps->widest : ps->full;
    if (ends && wide * 2 > cols) return cols * 10 < full * 9;
    return short_line(cols, wide, full);
}

/*
 * Whether a line (trimmed; cols columns, wide of them taken by wide
 * characters; ends if it ends a sentence) ends its paragraph though no
 * blank line follows: the text
 * gives each paragraph one line (one_per_line), or the line ends a sentence
 * and either is wider than any wrapped line or is the short last line of a
 * wrapped paragraph (short_line against the paragraph's widest line so
 * far). A wrapped line that happens to end a sentence runs about the full
 * width and stays joined. In double-spaced text, where the blank lines say
 * nothing, any short line ends its paragraph, a heading's too, measured
 * against a full line of the text's opening.
 */
static bool ends_paragraph(const para_state *ps, bool ends, size_t cols, size_t wide) {
    if (one_per_line(ps)) return true;
    if (ps->spaced) return spaced_short_line(ps, cols, wide, ends);
    if (!ends) return false;
    if (cols > KJ_WRAP_COLUMNS) return true;
    /* a paragraph's first line has no widest line before it to fall short
     * of: against a full line of the text's opening, a short one that ends
     * a sentence is a paragraph of one line, not a wrap */
    if (!ps->para.len) return ps->full >= KJ_FULL_MIN && short_line(cols, wide, ps->full);
    return short_line(cols, wide, ps->widest);
}

/* The state for a text's first line, to be read into builder b. */
static para_state para_start(kj_builder *b) {
    return (para_state){.b = b, .para = KJ_BUF_INIT, .line = 1};
}

/*
 * Whether the first block of a text, the one line s[0, len) (trimmed),
 * reads as the text's title, as a word processor's or a converter's text
 * opens with one: a Markdown heading, or a line of at most 60 characters
 * (a heading's length) with a letter in it that ends no sentence and no
 * clause (、 ， , ; : ：) and is no page number. A list item is none.
 */
static bool reads_as_title(const char *s, size_t len) {
    if (markdown_heading(s, len)) return true;
    size_t wide, cols = line_columns(s, len, &wide);
    if (!len || cols - wide / 2 > 60 || ends_sentence(s, len) || kj_is_page_number(s, len))
        return false;
    int32_t c = kj_utf8_last(s, len);
    if (c == 0x3001 || c == 0xFF0C || c == ',' || c == ';' || c == ':' || c == 0xFF1A) return false;
    return kj_has_letter(s, len);
}

/* Whether line s[0, len) (trimmed), though it reads as a title
 * (reads_as_title), breaks off within a sentence: Japanese that ends with
 * a particle that a heading does not end with (は が を の で も へ や と:
 * 「当社グループは」 goes on in the next line; はじめに, について do end
 * headings), English with an article, a preposition, a conjunction or a
 * possessive ("of the", "and"), or a hyphen. */
static bool breaks_off(const char *s, size_t len) {
    int32_t c = kj_utf8_last(s, len);
    if (c == 0x306F || c == 0x304C || c == 0x3092 || c == 0x306E || c == 0x3067 || c == 0x3082 ||
        c == 0x3078 || c == 0x3084 || c == 0x3068 || c == '-')
        return true;
    static const char *const words[] = {"a",  "an",  "the", "of",    "and", "or",   "to",
                                        "in", "on",  "at",  "by",    "for", "with", "from",
                                        "as", "our", "its", "their", "that"};
    size_t w = len;
    while (w && ((s[w - 1] >= 'a' && s[w - 1] <= 'z') || (s[w - 1] >= 'A' && s[w - 1] <= 'Z')))
        w--;
    if (w == len || (w && s[w - 1] != ' ')) return false;
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (len - w == strlen(words[k]) && !strncasecmp(s + w, words[k], len - w)) return true;
    return false;
}

/* Whether a paragraph's first line s[0, len) (trimmed) may head the lines
 * after it: it reads as a title (short, with a letter, ending no sentence
 * or clause) and does not break off within a sentence (breaks_off). */
static bool lead_reads_as_heading(const char *s, size_t len) {
    return reads_as_title(s, len) && !markdown_heading(s, len) && !breaks_off(s, len);
}

/*
 * Whether the first line of the paragraph being flushed, set in Latin
 * letters, was broken off by hand, not wrapped: it ends short of the widest
 * of the lines after it by a fifth, and the first word of the line after it
 * would have fitted on it within that width. A text wrapped at a margin
 * puts on a line every word that fits there; a long English heading
 * ("Cybersecurity Risk Management and Strategy") over lines of 70 or 80
 * columns ends short by less than short_line's two fifths.
 */
static bool lead_broken_off(const para_state *ps) {
    if (ps->lead_wide * 2 > ps->lead_cols || ps->lead_cols * 5 >= ps->rest_widest * 4) return false;
    const char *rest = ps->para.data + ps->lead_len;
    size_t n = ps->para.len - ps->lead_len;
    if (n && rest[0] == ' ') rest++, n--; /* the space kj_join_line put */
    const char *sp = memchr(rest, ' ', n);
    size_t wide, word = line_columns(rest, sp ? (size_t)(sp - rest) : n, &wide);
    return ps->lead_cols + 1 + word <= ps->rest_widest;
}

/* Whether the lines after a paragraph's first, s[0, len) as joined,
 * open within a sentence, so that the first line cannot head them: with a
 * lower-case Latin letter ("A plan we wrote" over "by hand and ..."), or
 * with a Japanese particle or mark no sentence opens with (を が へ 、 。
 * ， ． ） 」 』: "…基本方針" over "を定め、…"). Not は に の で と も,
 * which open words too (はじめに, もっとも). */
static bool rest_goes_on(const char *s, size_t len) {
    if (len && s[0] == ' ') s++, len--; /* the space kj_join_line put */
    int32_t c;
    if (!len || !kj_utf8_decode(s, len, &c)) return false;
    return (c >= 'a' && c <= 'z') || c == 0x3092 || c == 0x304C || c == 0x3078 || c == 0x3001 ||
           c == 0x3002 || c == 0xFF0C || c == 0xFF0E || c == 0xFF09 || c == 0x300D || c == 0x300F;
}

/*
 * Whether the paragraph being flushed is a heading over a paragraph,
 * written on the line right above it with no blank line between
 * ("サイバーセキュリティ" over "当社は…。"; "Cybersecurity" over "We
 * maintain …"): its first line may head one (lead_reads_as_heading) and
 * ends short of the widest of the lines after it (short_line, or in Latin
 * letters lead_broken_off: a wrapped paragraph's first line runs to the
 * margin), and those lines are running text: every one but the last that
 * ends no sentence runs to their margin too, as a wrapped paragraph's do (a
 * text may give each sentence a line of its own), and they end a sentence
 * or are longer than a title's 60 characters. Short lines stacked under it
 * are no paragraph: a company's name over a report's title, a cover's
 * letterhead, the lines of a table. Nor do lines that open within a
 * sentence (rest_goes_on): the first line was cut by hand. Not in
 * double-spaced text, where spaced_title tells its titles.
 */
static bool heads_paragraph(const para_state *ps) {
    if (ps->para_lines < 2 || !ps->lead_heads || ps->spaced) return false;
    if (rest_goes_on(ps->para.data + ps->lead_len, ps->para.len - ps->lead_len)) return false;
    if (!short_line(ps->lead_cols, ps->lead_wide, ps->rest_widest) && !lead_broken_off(ps))
        return false;
    if (ps->rest_narrow != SIZE_MAX &&
        short_line(ps->rest_narrow, ps->rest_narrow_wide, ps->rest_widest))
        return false;
    size_t wide,
        cols = line_columns(ps->para.data + ps->lead_len, ps->para.len - ps->lead_len, &wide);
    return ps->after_end || cols - wide / 2 > 60;
}

/* Add s[0, len) of lines lines as a block of kind on page (0-based) from
 * line, noting whether it is a paragraph of one line (one_liners). */
static kj_status para_add(para_state *ps, kj_block_kind kind, const char *s, size_t len, int page,
                          int line, int lines, kj_error *err) {
    size_t n = ps->b->n;
    page = ps->furn && kj_furniture_paged(ps->furn) ? page + 1 : 0;
    kj_status st = kj_builder_add(ps->b, kind, 0, s, len, page, line, err);
    if (ps->b->n > n && n < 32 && lines == 1 && kind == KJ_BLOCK_PARAGRAPH)
        ps->one_liners |= (uint32_t)1 << n;
    return st;
}

/* The paragraph gathered so far as a block of ps's kind, or two when its
 * first line heads the rest (heads_paragraph): the first of ps's kind (a
 * numbered heading, "(1) 推進体制", is a list item as the PDF reader makes
 * it), the rest a paragraph; then none. */
static kj_status para_flush(para_state *ps, kj_error *err) {
    kj_status st = KJ_OK;
    if (ps->para.len) {
        const char *s = ps->para.data;
        size_t len = ps->para.len;
        if (heads_paragraph(ps)) {
            st = para_add(ps, ps->kind, s, ps->lead_len, ps->start_page, ps->start_line, 1, err);
            size_t k = ps->lead_len + (s[ps->lead_len] == ' '); /* the space kj_join_line put */
            if (st == KJ_OK)
                st = para_add(ps, KJ_BLOCK_PARAGRAPH, s + k, len - k, ps->rest_page, ps->rest_line,
                              ps->para_lines - 1, err);
        } else {
            st =
                para_add(ps, ps->kind, s, len, ps->start_page, ps->start_line, ps->para_lines, err);
        }
    }
    kj_buf_reset(&ps->para);
    ps->widest = 0;
    ps->para_lines = 0;
    return st;
}

/* Whether a line that starts with a list number (starts_with_number)
 * starts an entry of its own: after a line of an entry (the paragraph is a
 * list item), one that ended a sentence (a list under the sentence that
 * leads into it), a full line that ended with a colon ("the steps
 * below:"), or one that ended short of the margin (short_line against
 * the columns of a full line of the text's opening, or of the paragraph's
 * widest line if wider). After a line of running text that ran to the
 * margin within a sentence it goes on with the sentence, and after a short
 * line that ends with a colon (a label: 目標：) it is the label's value. */
static bool number_starts_entry(const para_state *ps) {
    size_t full = ps->widest > ps->full ? ps->widest : ps->full;
    bool short_last = short_line(ps->last_cols, ps->last_wide, full);
    if (ps->after_colon && ps->kind != KJ_BLOCK_LIST_ITEM) /* a lead-in, or a label (ends_colon) */
        return ps->para.len && !short_last;
    return ps->para.len && (ps->kind == KJ_BLOCK_LIST_ITEM || ps->after_end || short_last);
}

/* Whether blank line s[0, ll) keeps the paragraph open (false for a line
 * that is not blank, blank unset): in double-spaced text one blank line
 * after a line is the spacing, a second one a paragraph's end, and a form
 * feed a page's end, which a paragraph runs across. Counts the blank lines
 * in a row. */
static bool spaced_gap(para_state *ps, bool blank, const char *s, size_t ll) {
    if (!ps->spaced || !blank) {
        ps->blanks = 0;
        return false;
    }
    if (!memchr(s, '\f', ll)) ps->blanks++;
    return ps->blanks < 2;
}

/* Whether, in double-spaced text, line s[0, len) (trimmed; cols columns,
 * wide of them wide; ends if it ends a sentence) is a title, a caption or
 * a signature, and so starts a block: it ends short, ends no sentence, and
 * either follows a line that ended one or is numbered (kj_starts_entry:
 * （1）, 第2, ①, 3.), for the line before it may end no sentence when a
 * converter lost the end of a full line. The last line of a paragraph ends
 * a sentence, and a full line before it that ended one is no paragraph's
 * end: there the blank lines do not tell. */
static bool spaced_title(const para_state *ps, const char *s, size_t len, bool ends, size_t cols,
                         size_t wide) {
    return ps->spaced && len && !ends && spaced_short_line(ps, cols, wide, false) &&
           (ps->after_end || kj_starts_entry(s, len));
}

/* Whether line s[0, len) (trimmed, not blank; cols columns, wide of them
 * taken by wide characters; ends if it ends a sentence) opens an entry or
 * a title, and so ends the paragraph before it: it starts with an entry
 * mark (starts_with_mark), or with a list number after an entry, a
 * sentence's end or a short line (number_starts_entry), or is a title of
 * double-spaced text (spaced_title). */
static bool opens_entry(const para_state *ps, const char *s, size_t len, bool ends, size_t cols,
                        size_t wide) {
    return starts_with_mark(s, len) || (starts_with_number(s, len) && number_starts_entry(ps)) ||
           spaced_title(ps, s, len, ends, cols, wide);
}

/* Open a paragraph with the line being read, s[0, len) (trimmed; cols
 * columns, wide of them wide): its line, page and kind (a list item when
 * the line opens with a list mark or number, starts_list), and whether the
 * line may head the lines after it (heads_paragraph): one that is no list
 * item, or a numbered one, as Japanese reports number their headings
 * ("(1) 推進体制") as they number entries. */
static void para_open(para_state *ps, const char *s, size_t len, size_t cols, size_t wide) {
    ps->start_line = ps->line, ps->start_page = ps->page;
    ps->kind = starts_list(s, len) ? KJ_BLOCK_LIST_ITEM : KJ_BLOCK_PARAGRAPH;
    ps->lead_heads = (ps->kind == KJ_BLOCK_PARAGRAPH || starts_with_number(s, len)) &&
                     lead_reads_as_heading(s, len);
    ps->lead_len = len;
    ps->lead_cols = cols, ps->lead_wide = wide;
    ps->rest_widest = 0;
}

/* Note a line after a paragraph's first (cols columns, wide of them wide;
 * ends if it ends a sentence) for heads_paragraph: where the lines after
 * the first start, the widest of them, the last, and the narrowest of
 * those before the last that end no sentence. */
static void para_rest(para_state *ps, size_t cols, size_t wide, bool ends) {
    if (ps->para_lines == 2) {
        ps->rest_line = ps->line, ps->rest_page = ps->page;
        ps->rest_narrow = SIZE_MAX;
    } else if (!ps->rest_last_ends && ps->rest_last < ps->rest_narrow) {
        ps->rest_narrow = ps->rest_last, ps->rest_narrow_wide = ps->rest_last_wide;
    }
    ps->rest_last = cols, ps->rest_last_wide = wide, ps->rest_last_ends = ends;
    if (cols > ps->rest_widest) ps->rest_widest = cols;
}

/* Leave out the line being read (a page's furniture or number), the page
 * it leaves being page_after: the paragraph goes on across it, and the
 * blank lines around it are one page break. */
static kj_status skip_line(para_state *ps, int page_after) {
    ps->blanks = 0;
    ps->page = page_after;
    ps->line++;
    return KJ_OK;
}

/* One line s[0, ll) without its line break (line_end leaves no CR in it): a blank line (but
 * in double-spaced text, spaced_gap), or one starting with an ideographic space, or one that
 * opens an entry or a title (opens_entry), ends the paragraph before it; a line that ends it
 * (ends_paragraph) ends it after; a Markdown heading is a block of its own; others join it. */
static kj_status para_line(para_state *ps, const char *s, size_t ll, kj_error *err) {
    kj_status st = KJ_OK;
    bool blank = blank_line(s, ll);
    int page_after = ps->page;
    if (ps->furn) { /* a text with form feeds: pages, and their furniture */
        bool ff_before = ll && s[0] == '\f', ff_after = ll > 1 && memchr(s + 1, '\f', ll - 1);
        ps->page += ff_before && !blank; /* "\fText" starts a page; "\f" alone ends one */
        page_after = ps->page + (ff_after || (blank && ff_before));
        if (kj_furniture_drop(ps->furn, ps->line)) return skip_line(ps, page_after);
    }
    if (!blank && dashed_page_number(s, ll)) return skip_line(ps, page_after);
    bool indent = ll >= 3 && !memcmp(s, "\xE3\x80\x80", 3);
    size_t a, z;
    trim_line(s, ll, &a, &z);
    size_t wide = 0, cols = blank ? 0 : line_columns(s + a, z - a, &wide);
    bool ends = !blank && ends_sentence(s + a, z - a) && !bare_number(s + a, z - a);
    bool kept = spaced_gap(ps, blank, s, ll);
    bool own = !blank && markdown_heading(s + a, z - a);
    if (blank ? !kept : own || indent || opens_entry(ps, s + a, z - a, ends, cols, wide))
        st = para_flush(ps, err);
    if (!blank && st == KJ_OK) {
        if (!ps->para.len) para_open(ps, s + a, z - a, cols, wide);
        if (++ps->para_lines > 1) para_rest(ps, cols, wide, ends);
        ps->last_cols = cols, ps->last_wide = wide;
        ps->lines++;
        ps->unwrapped += cols > KJ_WRAP_COLUMNS;
        bool last = own || ends_paragraph(ps, ends, cols, wide);
        ps->after_end = ends;
        ps->after_colon = !blank && ends_colon(s + a, z - a);
        if (cols > ps->widest) ps->widest = cols;
        if (kj_join_line_hyphens(&ps->para, s + a, z - a, ps->hy) != KJ_OK)
            st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", ps->b->doc->path);
        else if (last)
            st = para_flush(ps, err);
    }
    ps->page = page_after;
    ps->line++;
    return st;
}

/* para_line as each_line calls it: ud is the paragraph state. */
static kj_status para_line_of(void *ud, const char *s, size_t len, kj_error *err) {
    return para_line(ud, s, len, err);
}

/* The title of a text whose block b reads as one (reads_as_title): its
 * text, without a Markdown heading's # marks. */
static const char *title_of(const kj_block *b) {
    const char *t = b->text;
    if (*t == '#') {
        while (*t == '#')
            t++;
        while (*t == ' ' || *t == '\t')
            t++;
    }
    return *t ? t : NULL;
}

/* Whether s[0, len) ends with a US postal address's ZIP code (five digits,
 * or five and four) after a comma and a place: "Springfield, IL 62701",
 * "Washington, D.C. 20549". A year has four digits. */
static bool ends_with_zip(const char *s, size_t len) {
    size_t k = len;
    while (k && s[k - 1] >= '0' && s[k - 1] <= '9')
        k--;
    if (len - k == 4 && k > 6 && s[k - 1] == '-') { /* ZIP+4 */
        len = k - 1;
        for (k = len; k && s[k - 1] >= '0' && s[k - 1] <= '9';)
            k--;
    }
    return len - k == 5 && k > 1 && s[k - 1] == ' ' && memchr(s, ',', k);
}

/* Whether c is a hyphen a Japanese postal code is written with (- ‐ − －). */
static bool postal_hyphen(int32_t c) {
    return c == '-' || c == 0x2010 || c == 0x2212 || c == 0xFF0D;
}

/* Where a Japanese postal code that starts at s[i] ends: three digits, a
 * hyphen and four digits (100-0001, １００－０００１), or seven digits in
 * a row, with no digit after them; 0 when there is none. */
static size_t postal_code_end(const char *s, size_t len, size_t i) {
    int digits = 0, hyphens = 0;
    int32_t c = 0;
    while (i < len) {
        size_t k = kj_utf8_decode(s + i, len - i, &c);
        if (kj_is_digit(c) && digits < 7)
            digits++;
        else if (postal_hyphen(c) && digits == 3 && !hyphens)
            hyphens++;
        else
            break;
        i += k;
        c = 0;
    }
    return digits == 7 && !kj_is_digit(c) ? i : 0;
}

/* Whether s[0, len) holds a Japanese postal address: the postal mark 〒
 * and a postal code after it (〒100-0001, a space between or not), or a
 * postal code at its end that is no part of a longer number (a telephone
 * number's 0120-123-4567 is none). */
static bool japanese_address(const char *s, size_t len) {
    int32_t before = 0;
    for (size_t i = 0; i < len;) {
        int32_t c;
        size_t k = kj_utf8_decode(s + i, len - i, &c);
        if (c == 0x3012) { /* 〒 */
            size_t j = i + k;
            while (j < len && s[j] == ' ')
                j++;
            if (postal_code_end(s, len, j)) return true;
        }
        if (!kj_is_digit(before) && !postal_hyphen(before) && postal_code_end(s, len, i) == len)
            return true;
        before = c;
        i += k;
    }
    return false;
}

/* Whether s[0, len) opens with two words in capitals, as a letterhead
 * sets the name of whom a filing comes from or goes to ("UNITED STATES",
 * "SECURITIES AND EXCHANGE COMMISSION"): Latin letters, none lower case. */
static bool opens_in_capitals(const char *s, size_t len) {
    size_t i = 0;
    for (int words = 0; words < 2; words++) {
        size_t from = i;
        while (i < len && s[i] >= 'A' && s[i] <= 'Z')
            i++;
        if (i - from < 2 || (words == 0 && (i == len || s[i] != ' '))) return false;
        i++;
    }
    return true;
}

/* The blocks a letterhead and the document's name after it may take at
 * the opening of a text. */
#define KJ_COVER_BLOCKS 6

/*
 * Where a text's own name may be among its first blocks: after the
 * letterhead it opens with, if any, else its first block. A cover that
 * opens like a letter, with the name of whom the document comes from or
 * goes to set in capitals and closed by an address (a 10-K's "UNITED
 * STATES / SECURITIES AND EXCHANGE COMMISSION / Washington, D.C. 20549",
 * stacked as one block or a block a line), names the document after it
 * ("FORM 10-K"); the letterhead is the same on every such filing and says
 * nothing of what the document is. A letterhead is short lines that end no
 * sentence, up to one that ends with an address (ends_with_zip), one of
 * them opening in capitals (opens_in_capitals): a title over its author's
 * address ("Security Report 2025 / Hoshizora Instruments, Inc. / 12
 * Orchard Lane, Springfield, IL 62701") is none. A Japanese letterhead
 * ends the same way with a Japanese address (japanese_address: 〒100-0001
 * 東京都…), but sets no capitals: its address is in its first block or
 * the second, under a name ("ほしぞら精機株式会社 / 〒100-0001 …"), where a
 * title over its author's name and address puts the address third. Blocks
 * without a letter after it (a rule of underscores) are passed over.
 */
static size_t title_block(const kj_builder *b) {
    bool capitals = false;
    for (size_t i = 0; i < b->n && i < KJ_COVER_BLOCKS; i++) {
        const kj_block *k = &b->blocks[i];
        size_t wide, cols = line_columns(k->text, k->len, &wide);
        if (k->kind != KJ_BLOCK_PARAGRAPH || cols - wide / 2 > 100 ||
            ends_sentence(k->text, k->len))
            return 0;
        capitals = capitals || opens_in_capitals(k->text, k->len);
        if (ends_with_zip(k->text, k->len)) {
            if (!capitals) return 0;
        } else if (japanese_address(k->text, k->len)) {
            if (i > 1) return 0;
        } else {
            continue;
        }
        size_t t = i + 1;
        while (t < b->n && t < i + 3 && !kj_has_letter(b->blocks[t].text, b->blocks[t].len))
            t++;
        return t;
    }
    return 0;
}

/* The title of the text ps has read: the block where its name may be
 * (title_block) when that is a paragraph of one line that reads as a
 * title (reads_as_title) and some text follows it; else none. */
static const char *text_title(const para_state *ps) {
    size_t i = title_block(ps->b);
    if (i + 1 >= ps->b->n || i >= 32 || !(ps->one_liners >> i & 1)) return NULL;
    const kj_block *k = &ps->b->blocks[i];
    return reads_as_title(k->text, k->len) ? title_of(k) : NULL;
}

/* The last paragraph flushed, the document's page count, and its title:
 * an SEC filing's by its cover (kj_name_by_sec_cover: its registrant and
 * form, not its letterhead), else text_title's. */
static kj_status para_finish(para_state *ps, kj_status st, kj_error *err) {
    if (st == KJ_OK) st = para_flush(ps, err);
    bool named = false;
    if (st == KJ_OK && kj_name_by_sec_cover(ps->b->doc, ps->b->blocks, ps->b->n, &named) != KJ_OK)
        st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", ps->b->doc->path);
    const char *title = st == KJ_OK && !named ? text_title(ps) : NULL;
    if (title) ps->b->doc->title = title;
    if (ps->furn) ps->b->doc->n_pages = kj_furniture_pages(ps->furn);
    kj_buf_free(&ps->para);
    kj_furniture_free(ps->furn);
    ps->furn = NULL;
    kj_hyphens_free(ps->hy);
    ps->hy = NULL;
    return st;
}

/* kj_furniture_line as each_line calls it: ud is the furniture. */
static kj_status furniture_line_of(void *ud, const char *s, size_t len, kj_error *err) {
    (void)err;
    kj_furniture_line(ud, s, len, blank_line(s, len));
    return KJ_OK;
}

/* The page furniture of the whole text s[0, len) when it has form feeds,
 * else NULL (also when out of memory: then nothing is left out). */
static kj_text_furniture *text_furniture(const char *s, size_t len) {
    if (!s || !memchr(s, '\f', len)) return NULL;
    kj_text_furniture *f = kj_furniture_new();
    if (!f) return NULL;
    each_line(s, len, 1, furniture_line_of, f, NULL);
    kj_furniture_finish(f);
    return f;
}

/* kj_hyphens_line as each_line calls it: ud is the record. */
static kj_status hyphens_line_of(void *ud, const char *s, size_t len, kj_error *err) {
    (void)err;
    kj_hyphens_line(ud, s, len);
    return KJ_OK;
}

/* What the whole text s[0, len) says of the hyphens its wraps cut words at
 * (kj_hyphens_line, both passes), or NULL when out of memory (then its
 * wraps are joined as kj_join_line joins them). */
static kj_hyphens *text_hyphens(const char *s, size_t len) {
    kj_hyphens *h = kj_hyphens_new();
    if (h) each_line(s, len, 1, hyphens_line_of, h, NULL);
    if (kj_hyphens_count_next(h)) each_line(s, len, 1, hyphens_line_of, h, NULL);
    return h;
}

kj_status kj_text_paragraphs(kj_builder *b, const char *s, size_t len, kj_error *err) {
    para_state ps = para_start(b);
    ps.furn = text_furniture(s, len);
    ps.hy = text_hyphens(s, len);
    layout l;
    layout_start(&l);
    each_line(s, len, 1, layout_line_of, &l, NULL);
    layout_decide(&l, &ps);
    return para_finish(&ps, each_line(s, len, 1, para_line_of, &ps, err), err);
}

bool kj_looks_binary(const char *data, size_t len) {
    size_t n = len < 8192 ? len : 8192, ctl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == 0) return true;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B) ctl++;
    }
    return ctl * 20 > n;
}

kj_status kj_read_text(kj_builder *b, const char *data, size_t len, const char *encoding,
                       kj_error *err) {
    const char *path = b->doc->path;
    const char *enc = encoding ? (iconv_name(encoding) ? iconv_name(encoding) : encoding)
                               : kj_guess_encoding(data, len);
    if (!enc) {
        if (kj_looks_binary(data, len))
            return kj_error_set(err, KJ_ERR_FORMAT, "%s: not a text document (binary data)", path);
        return kj_error_set(err, KJ_ERR_FORMAT,
                            "%s: invalid UTF-8 at byte %zu (and not Shift_JIS, EUC-JP or "
                            "UTF-16; use --encoding to force one)",
                            path, first_invalid_utf8(data, len));
    }
    if (!encoding && !strcmp(enc, "UTF-8") && !strncmp(data, "\xEF\xBB\xBF", len < 3 ? len : 3))
        data += 3, len -= 3;
    if (!encoding && !strcmp(enc, "UTF-8")) {
        if (kj_looks_binary(data, len))
            return kj_error_set(err, KJ_ERR_FORMAT, "%s: not a text document (binary data)", path);
        if (!kj_utf8_valid(data, len))
            return kj_error_set(err, KJ_ERR_FORMAT, "%s: invalid UTF-8 at byte %zu", path,
                                first_invalid_utf8(data, len));
        b->doc->encoding = "UTF-8";
        return kj_text_paragraphs(b, data, len, err);
    }
    char *u = NULL;
    size_t ul = 0;
    kj_status st = kj_iconv_to_utf8(path, enc, data, len, &u, &ul, err);
    if (st != KJ_OK) return st;
    b->doc->encoding = kj_arena_strdup(b->doc->arena, enc);
    const char *p = u;
    if (ul >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3, ul -= 3; /* BOM kept by iconv */
    if (ul && memchr(p, 0, ul))
        st = kj_error_set(err, KJ_ERR_FORMAT, "%s: not a text document (binary data)", path);
    else
        st = kj_text_paragraphs(b, p, ul, err);
    free(u);
    return st;
}

/* ---- Large UTF-8 files, a piece at a time ------------------------------
 * A large file that is plainly UTF-8 is read twice a piece at a time (to
 * check it, then to split it; three times when it has pages, to find their
 * headers and footers first) instead of whole, so that the file and the
 * document's text are not both in memory. Pieces end after a newline, which
 * never falls inside a UTF-8 sequence. */

#define KJ_TEXT_PIECE ((size_t)1 << 20)

/* Calls fn on successive pieces of f ending after a newline, then on the
 * rest (last = 1). Returns fn's first error, KJ_ERR_IO on a read error. */
typedef kj_status (*piece_fn)(void *ud, const char *s, size_t len, int last, kj_error *err);

static kj_status each_piece(FILE *f, piece_fn fn, void *ud, kj_error *err) {
    size_t cap = 0, n = 0;
    char *buf = NULL;
    kj_status st = KJ_OK;
    for (;;) {
        char *nb = kj_grow(buf, n, &cap, 1, KJ_TEXT_PIECE); /* a piece at first */
        if (!nb) {
            st = KJ_ERR_NOMEM;
            break;
        }
        buf = nb;
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) {
            st = ferror(f) ? KJ_ERR_IO : fn(ud, buf, n, 1, err);
            break;
        }
        const char *nl = memrchr(buf, '\n', n);
        if (!nl) continue;
        size_t piece = (size_t)(nl - buf) + 1;
        if ((st = fn(ud, buf, piece, 0, err)) != KJ_OK) break;
        memmove(buf, buf + piece, n - piece);
        n -= piece;
    }
    free(buf);
    return st;
}

/* Pass one: is the file plain UTF-8 as kj_read_text would take it (no
 * encoding given, not UTF-16, no NUL, valid, not binary-looking)? Its
 * lines are shown to the layout on the way (the BOM skipped, as the
 * paragraphs skip it). */
typedef struct {
    size_t seen;
    int bom;
    bool ff;    /* a form feed was seen: the text has pages */
    layout lay; /* what its lines show of its layout */
} check_state;

static kj_status check_piece(void *ud, const char *s, size_t len, int last, kj_error *err) {
    (void)err;
    check_state *cs = ud;
    if (!cs->seen) {
        const unsigned char *u = (const unsigned char *)s;
        if (len < KJ_TEXT_PIECE / 2) return KJ_ERR_UNSUPPORTED; /* small: read it whole */
        cs->bom = u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
        if (!cs->bom && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF) ||
                         utf16_by_zeros(u, len)))
            return KJ_ERR_UNSUPPORTED;
        if (kj_looks_binary(s + (cs->bom ? 3 : 0), len - (cs->bom ? 3 : 0)))
            return KJ_ERR_UNSUPPORTED;
    }
    size_t k = !cs->seen && cs->bom ? 3 : 0;
    cs->seen += len;
    if (memchr(s, 0, len) || !kj_utf8_valid(s, len)) return KJ_ERR_UNSUPPORTED;
    cs->ff = cs->ff || memchr(s, '\f', len);
    return each_line(s + k, len - k, last, layout_line_of, &cs->lay, NULL);
}

/* The passes after the check: each piece's lines given to fn with ud, the
 * BOM skipped (as the paragraphs skip it). */
typedef struct {
    line_fn fn;
    void *ud;
    int skip; /* BOM bytes still to skip */
} piece_lines;

static kj_status lines_of_piece(void *ud, const char *s, size_t len, int last, kj_error *err) {
    piece_lines *pl = ud;
    size_t k = (size_t)pl->skip < len ? (size_t)pl->skip : len;
    pl->skip = 0;
    return each_line(s + k, len - k, last, pl->fn, pl->ud, err);
}

/* The page furniture of file f (read from where it is) whose first piece
 * starts with bom bytes of BOM, or NULL when out of memory or on a read
 * error (then nothing is left out). */
static kj_text_furniture *file_furniture(FILE *f, int bom) {
    kj_text_furniture *furn = kj_furniture_new();
    piece_lines pl = {furniture_line_of, furn, bom};
    if (furn && each_piece(f, lines_of_piece, &pl, NULL) == KJ_OK) {
        kj_furniture_finish(furn);
        return furn;
    }
    kj_furniture_free(furn);
    return NULL;
}

/* What file f (read from its start) whose first piece starts with bom
 * bytes of BOM says of the hyphens its wraps cut words at, as
 * text_hyphens; NULL when out of memory or on a read error. */
static kj_hyphens *file_hyphens(FILE *f, int bom) {
    kj_hyphens *h = kj_hyphens_new();
    for (int pass = 0; h && pass < 2; pass++) {
        piece_lines pl = {hyphens_line_of, h, bom};
        if (fseek(f, 0, SEEK_SET) != 0 || each_piece(f, lines_of_piece, &pl, NULL) != KJ_OK) {
            kj_hyphens_free(h);
            return NULL;
        }
        if (pass == 0 && !kj_hyphens_count_next(h)) break;
    }
    return h;
}

kj_status kj_read_text_file(kj_builder *b, const char *path, int *done, kj_error *err) {
    *done = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return KJ_OK; /* the whole-file reader reports it */
    /* a small file is read whole; so is one whose size is not known (a
     * file of /proc says 0), as that reader stops at the size limit, where
     * a piece without a newline would grow without end */
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || (size_t)sb.st_size < KJ_TEXT_PIECE / 2) {
        fclose(f);
        return KJ_OK;
    }
    check_state cs = {.seen = 0};
    layout_start(&cs.lay);
    kj_status st = each_piece(f, check_piece, &cs, NULL);
    kj_text_furniture *furn = NULL;
    if (st == KJ_OK && cs.seen <= b->max_bytes && cs.ff && fseek(f, 0, SEEK_SET) == 0)
        furn = file_furniture(f, cs.bom ? 3 : 0);
    kj_hyphens *hy =
        st == KJ_OK && cs.seen <= b->max_bytes ? file_hyphens(f, cs.bom ? 3 : 0) : NULL;
    if (st != KJ_OK || cs.seen > b->max_bytes || fseek(f, 0, SEEK_SET) != 0) {
        kj_furniture_free(furn);
        kj_hyphens_free(hy);
        fclose(f);
        return KJ_OK;
    }
    b->doc->encoding = "UTF-8";
    para_state ps = para_start(b); /* the last pass: the paragraphs */
    ps.furn = furn;
    ps.hy = hy;
    layout_decide(&cs.lay, &ps);
    piece_lines pl = {para_line_of, &ps, cs.bom ? 3 : 0};
    st = each_piece(f, lines_of_piece, &pl, err);
    if (st == KJ_ERR_IO) kj_error_set(err, st, "%s: read error", path);
    st = para_finish(&ps, st, err);
    fclose(f);
    *done = 1;
    return st;
}
