/*
 * builder.c - the block builder every ingest reader feeds, and the rules for
 * white space and line joining that make extracted text read as the author
 * wrote it: CJK text has no spaces between characters, so a line wrap there
 * must vanish, while Latin words need one space and "secu-" + "rity" must
 * become "security" (kj_line_break and kj_join_line, in core/utf8.c for the
 * guide importer's use too). Keeping these rules in one place makes PDF,
 * HTML, text and DOCX output consistent. The stand-ins some texts give for
 * ideographs (⽣ for 生) are mapped here as the text is copied in, so no
 * block holds one and the text stage never needs a folded copy.
 */
#include "ingest_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

kj_status kj_builder_init(kj_builder *b, const char *path, kj_format format, size_t max_bytes,
                          kj_error *err) {
    memset(b, 0, sizeof *b);
    b->max_bytes = max_bytes ? max_bytes : KJ_INGEST_DEFAULT_MAX;
    kj_arena *a = kj_arena_new();
    kj_document *d = a ? kj_arena_alloc(a, sizeof *d) : NULL;
    if (!d) {
        kj_arena_free(a);
        return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    }
    d->arena = a;
    d->path = kj_arena_strdup(a, path);
    d->format = format;
    b->doc = d;
    return KJ_OK;
}

/* Whether the two bytes at s (len bytes left) are U+00A0, a no-break
 * space, or a C1 control (U+0080-U+009F), which a text carries by mistake:
 * read as white space, as the C0 controls are, so no control character
 * reaches a block (nor a terminal that would act on it: ESC [ 31 m). */
static bool c2_space(const char *s, size_t len) {
    unsigned char b = len >= 2 ? (unsigned char)s[1] : 0;
    return (unsigned char)s[0] == 0xC2 && (b == 0xA0 || (b >= 0x80 && b <= 0x9F));
}

/* Is the byte run s[i..j) white space (ASCII, a control character or
 * U+00A0) and does it hold a newline? Returns the end of the run. */
static size_t skip_space(const char *s, size_t len, size_t i, bool *newline) {
    *newline = false;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') {
            *newline = true;
            i++;
        } else if (c <= ' ') { /* space, tab, CR, FF, VT and every other control */
            i++;
        } else if (c2_space(s + i, len - i)) {
            i += 2;
        } else if (c == 0xEF && i + 2 < len && !memcmp(s + i, "\xEF\xBB\xBF", 3)) {
            i += 3; /* a stray byte-order mark (U+FEFF) is invisible */
        } else {
            break;
        }
    }
    return i;
}

/* The first byte at or after i that may start white space or a byte-order
 * mark (a control or space, 0xC2 or 0xEF), else len: every other byte is
 * text. 16 bytes a step where the CPU compares bytes in vectors. */
static size_t next_space_candidate(const char *s, size_t len, size_t i) {
#ifdef __SSE2__
    const __m128i sp = _mm_set1_epi8(' '), c2 = _mm_set1_epi8((char)0xC2),
                  ef = _mm_set1_epi8((char)0xEF);
    while (i + 16 <= len) {
        __m128i a = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i m = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(a, sp), a),
                                 _mm_or_si128(_mm_cmpeq_epi8(a, c2), _mm_cmpeq_epi8(a, ef)));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits) return i + (size_t)__builtin_ctz(bits);
        i += 16;
    }
#endif
    while (i < len && (unsigned char)s[i] > ' ' && (unsigned char)s[i] != 0xC2 &&
           (unsigned char)s[i] != 0xEF)
        i++;
    return i;
}

kj_status kj_collapse_space(kj_buf *out, const char *s, size_t len) {
    size_t i = 0;
    bool nl;
    i = skip_space(s, len, i, &nl);
    while (i < len) {
        size_t j = i;
        while ((j = next_space_candidate(s, len, j)) < len) {
            unsigned char c = (unsigned char)s[j];
            if (c <= ' ' || c2_space(s + j, len - j)) break;
            if (c == 0xEF && j + 2 < len && !memcmp(s + j, "\xEF\xBB\xBF", 3)) break;
            j++;
        }
        kj_status st = kj_buf_append(out, s + i, j - i);
        if (st != KJ_OK) return st;
        /* a stand-in (⽣ for 生, ‧ for ・) read as what it stands for, as
         * the PDF reader reads it, so that no block holds one */
        kj_map_stand_ins(out->data + out->len - (j - i), j - i);
        size_t k = skip_space(s, len, j, &nl);
        if (k < len && k > j) {
            int32_t prev = kj_utf8_last(out->data, out->len), next;
            kj_utf8_decode(s + k, len - k, &next);
            if (!(nl && kj_is_cjk(prev) && kj_is_cjk(next)) && (st = kj_buf_putc(out, ' ')))
                return st;
        }
        i = k;
    }
    return KJ_OK;
}

/* Copy s into out with every invalid UTF-8 sequence replaced by U+FFFD, so
 * block text is always valid UTF-8 whatever a parser let through. */
static kj_status repair_utf8(kj_buf *out, const char *s, size_t len) {
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = kj_utf8_decode(s + i, len - i, &cp);
        kj_status st = cp == 0xFFFD && !kj_utf8_valid(s + i, n)
                           ? kj_buf_append(out, "\xEF\xBF\xBD", 3)
                           : kj_buf_append(out, s + i, n);
        if (st != KJ_OK) return st;
        i += n;
    }
    return KJ_OK;
}

/* The open block's text (kj_builder.open) into the arena, where blocks keep
 * theirs; KJ_ERR_NOMEM when it cannot be copied. */
static kj_status close_open(kj_builder *b) {
    if (!b->open_at) return KJ_OK;
    kj_block *k = &b->blocks[b->open_at - 1];
    b->open_at = 0;
    char *t = kj_arena_strndup(b->doc->arena, b->open.data ? b->open.data : "", b->open.len);
    if (!t) return KJ_ERR_NOMEM;
    k->text = t;
    k->len = b->open.len;
    kj_buf_reset(&b->open);
    return KJ_OK;
}

kj_status kj_builder_add(kj_builder *b, kj_block_kind kind, int level, const char *text, size_t len,
                         int page, int line, kj_error *err) {
    const char *path = b->doc->path;
    if (close_open(b) != KJ_OK) return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    kj_buf_reset(&b->scratch);
    kj_buf fixed = KJ_BUF_INIT;
    if (!kj_utf8_valid(text, len)) {
        if (repair_utf8(&fixed, text, len) != KJ_OK) {
            kj_buf_free(&fixed);
            return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
        }
        text = fixed.data ? fixed.data : "";
        len = fixed.len;
    }
    kj_status cs = kj_collapse_space(&b->scratch, text, len);
    kj_buf_free(&fixed);
    if (cs != KJ_OK) return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    if (b->scratch.len == 0) return KJ_OK;
    if (b->n >= KJ_INGEST_MAX_BLOCKS)
        return kj_error_set(err, KJ_ERR_TOO_LARGE,
                            "%s: more than %d text blocks (paragraphs, headings, list items, "
                            "table cells), more than kaiji reads in one document",
                            path, KJ_INGEST_MAX_BLOCKS);
    kj_block *nb = kj_grow(b->blocks, b->n, &b->cap, sizeof *nb, 64);
    if (!nb) return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    b->blocks = nb;
    kj_block *k = &b->blocks[b->n];
    memset(k, 0, sizeof *k);
    k->kind = kind;
    k->level = level;
    k->text = kj_arena_strndup(b->doc->arena, b->scratch.data, b->scratch.len);
    if (!k->text) return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    k->len = b->scratch.len;
    k->page = page;
    k->line = line;
    k->section = b->section;
    b->last_piece = 0;
    b->by_hand = false;
    if (kind == KJ_BLOCK_TABLE_CELL) {
        k->table = b->cells.table;
        k->row = b->cells.row;
        k->cell = b->cells.cell;
    }
    b->n++;
    return KJ_OK;
}

kj_cell_place kj_builder_open_table(kj_builder *b) {
    kj_cell_place was = b->cells;
    b->cells.table = ++b->tables;
    b->cells.row = ++b->rows;
    b->cells.cell = 0;
    return was;
}

kj_cell_place kj_builder_open_row(kj_builder *b) {
    kj_cell_place was = b->cells;
    b->cells.row = ++b->rows;
    b->cells.cell = 0;
    return was;
}

kj_cell_place kj_builder_open_cell(kj_builder *b) {
    kj_cell_place was = b->cells;
    b->cells.cell = ++b->cells_n;
    return was;
}

void kj_builder_close(kj_builder *b, kj_cell_place was) {
    b->cells = was;
}

/* s with its white space and control characters collapsed and its UTF-8
 * made valid, as blocks are, in arena; NULL when s is NULL or empty, or
 * when out of memory. */
static const char *clean_copy(kj_arena *arena, const char *s) {
    if (!s) return NULL;
    kj_buf t = KJ_BUF_INIT, u = KJ_BUF_INIT;
    const char *r = kj_collapse_space(&t, s, strlen(s)) == KJ_OK && t.data &&
                            repair_utf8(&u, t.data, t.len) == KJ_OK && u.data
                        ? kj_arena_strndup(arena, u.data, u.len)
                        : NULL;
    kj_buf_free(&t);
    kj_buf_free(&u);
    return r;
}

/* Whether title t (white space folded) is only a file's name, as tools
 * that make documents title them when their author gave no title: an
 * EDINET section file's <title> (0102010_honbun_….htm), the metadata of a
 * PDF printed from one (0000000_header_….htm) or from a word processor
 * ("Microsoft Word - report_2024.docx"). One word (after such an
 * application's prefix) ending in a document's extension. */
static bool file_name_title(const char *t) {
    static const char *const apps[] = {"Microsoft Word - ", "Microsoft PowerPoint - ",
                                       "Microsoft Excel - "};
    for (size_t i = 0; i < sizeof apps / sizeof *apps; i++)
        if (strncmp(t, apps[i], strlen(apps[i])) == 0) t += strlen(apps[i]);
    size_t n = strlen(t);
    const char *dot = memrchr(t, '.', n);
    if (!dot || dot == t || memchr(t, ' ', n)) return false;
    static const char *const ext[] = {".htm",  ".html", ".xhtml", ".xml",  ".pdf",
                                      ".doc",  ".docx", ".xls",   ".xlsx", ".ppt",
                                      ".pptx", ".txt",  ".rtf",   ".indd", ".csv"};
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
        if (strcasecmp(dot, ext[i]) == 0) return true;
    return false;
}

/* The date of the time stamp s (14 digits, YYYYMMDDhhmmss) as YYYYMMDD,
 * or 0 when it is no moment of the calendar (month 13, 31 February, 25:00). */
static int stamp_date(const char *s) {
    int v[6], w[6] = {4, 2, 2, 2, 2, 2};
    for (int k = 0, at = 0; k < 6; at += w[k], k++) {
        v[k] = 0;
        for (int j = 0; j < w[k]; j++)
            v[k] = v[k] * 10 + (s[at + j] - '0');
    }
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > days[v[1] - 1] ||
        (v[1] == 2 && v[2] == 29 && !leap) || v[3] > 23 || v[4] > 59 || v[5] > 60)
        return 0;
    return v[0] * 10000 + v[1] * 100 + v[2];
}

/* d's title (arena-owned, white space folded) without the time stamp that
 * EDINET's filing software appends to the name of the document it makes,
 * "有価証券報告書（通常方式）_20200423145006" (an underscore and fourteen
 * digits that are a moment of the calendar, YYYYMMDDhhmmss), and the
 * spaces before it: what is left is the kind of document, or nothing (the
 * title is then none). The stamp's date goes to d->stamped: the assessment
 * dates the report by it. The title stays when it has no stamp. */
static void cut_time_stamp(kj_document *d) {
    const char *t = d->title;
    size_t n = strlen(t);
    const size_t stamp = 15; /* "_" and 14 digits */
    if (n < stamp || t[n - stamp] != '_' || strspn(t + n - stamp + 1, "0123456789") != stamp - 1)
        return;
    int date = stamp_date(t + n - stamp + 1);
    if (!date) return;
    d->stamped = date;
    n -= stamp;
    for (;;) { /* the spaces before it: ASCII, and the ideographic U+3000 */
        if (n >= 1 && t[n - 1] == ' ')
            n--;
        else if (n >= 3 && memcmp(t + n - 3, "\xE3\x80\x80", 3) == 0)
            n -= 3;
        else
            break;
    }
    const char *cut = n ? kj_arena_strndup(d->arena, t, n) : NULL;
    if (cut || !n) d->title = cut; /* out of memory: as it was */
}

/* A title d's reader gave that is missing or only an XBRL document's name
 * (kj_xbrl_document_name: a 10-K's <title>, and the metadata of a PDF
 * printed from it) replaced by the name the SEC cover among its blocks
 * gives (kj_name_by_sec_cover), which also names its company. Without such
 * a cover, or out of memory (as clean_copy), it stays as it was. */
static void name_by_cover(kj_document *d) {
    if (d->title && !kj_xbrl_document_name(d->title)) return;
    bool named;
    (void)kj_name_by_sec_cover(d, d->blocks, d->n_blocks, &named);
}

kj_status kj_builder_finish(kj_builder *b, kj_document **out, kj_error *err) {
    kj_document *d = b->doc;
    *out = NULL;
    d->blocks = close_open(b) == KJ_OK
                    ? kj_arena_alloc(d->arena, (b->n ? b->n : 1) * sizeof *d->blocks)
                    : NULL;
    if (!d->blocks) {
        kj_builder_abort(b);
        return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", "document");
    }
    if (b->n) memcpy(d->blocks, b->blocks, b->n * sizeof *d->blocks);
    d->n_blocks = b->n;
    size_t chars = 0, bytes = 0;
    for (size_t i = 0; i < d->n_blocks; i++) {
        kj_block *k = &d->blocks[i];
        if (i) chars++, bytes++; /* the "\n" separating blocks */
        k->start = chars;
        chars += kj_utf8_count(k->text, k->len);
        bytes += k->len;
        k->end = chars;
    }
    d->text_chars = chars;
    d->text_bytes = bytes;
    /* a reader's title and company as its source gave them (an HTML <title>
     * of bytes in another encoding than the page declares, a PDF's metadata
     * with control characters): valid and spaced as blocks are; a title
     * that is nothing or an XBRL document's name is the SEC cover's name
     * when it gives one (name_by_cover); one that is nothing or a file's
     * name (file_name_title) then is none, and the first heading titles it;
     * a software's time stamp after a name is cut, its date kept (cut_time_stamp) */
    d->title = clean_copy(d->arena, d->title);
    if (d->title && file_name_title(d->title)) d->title = NULL;
    if (d->title) cut_time_stamp(d);
    d->company = clean_copy(d->arena, d->company);
    name_by_cover(d);
    /* a document without a title that opens with an EDINET cover (a PDF
     * printed from a filing) is named by it; out of memory, it stays
     * untitled and the first heading titles it */
    if (!d->title)
        (void)kj_name_by_edinet_cover(d, d->blocks,
                                      d->n_blocks < KJ_COVER_SCAN ? d->n_blocks : KJ_COVER_SCAN);
    for (size_t i = 0; i < d->n_blocks && !d->title; i++)
        if (d->blocks[i].kind == KJ_BLOCK_HEADING) d->title = d->blocks[i].text;
    if (!d->encoding) d->encoding = "UTF-8";
    free(b->blocks);
    kj_buf_free(&b->scratch);
    kj_buf_free(&b->open);
    b->blocks = NULL;
    b->n = b->cap = 0;
    b->doc = NULL;
    *out = d;
    return KJ_OK;
}

void kj_builder_abort(kj_builder *b) {
    free(b->blocks);
    kj_buf_free(&b->scratch);
    kj_buf_free(&b->open);
    b->open_at = 0;
    if (b->doc) kj_arena_free(b->doc->arena);
    b->blocks = NULL;
    b->n = b->cap = 0;
    b->doc = NULL;
}

/* kj_builder_extend_last and kj_builder_extend_by_hand: by_hand says
 * whether the line went on by hand. */
static kj_status extend_block(kj_builder *b, const char *text, size_t len, bool by_hand,
                              kj_error *err) {
    if (b->n == 0)
        return kj_error_set(err, KJ_ERR_INTERNAL, "%s: no block to extend", b->doc->path);
    kj_block *k = &b->blocks[b->n - 1];
    kj_status st = KJ_OK;
    if (b->open_at != b->n) { /* open the last block: its text grows in b->open */
        st = close_open(b);
        if (st == KJ_OK) st = kj_buf_append(&b->open, k->text, k->len);
        if (st == KJ_OK) b->open_at = b->n;
    }
    kj_buf add = KJ_BUF_INIT, valid = KJ_BUF_INIT;
    if (st == KJ_OK && !kj_utf8_valid(text, len)) { /* valid UTF-8, as kj_builder_add makes it */
        st = repair_utf8(&valid, text, len);
        text = valid.data ? valid.data : "";
        len = valid.len;
    }
    if (st == KJ_OK) st = kj_collapse_space(&add, text, len);
    size_t added = add.len;
    if (st == KJ_OK && added) st = kj_join_line(&b->open, add.data, added);
    kj_buf_free(&add);
    kj_buf_free(&valid);
    if (st != KJ_OK) return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", b->doc->path);
    if (added) { /* the joined line ends the block */
        b->hand_line = b->last_piece;
        b->by_hand = by_hand;
        b->last_piece = b->open.len - added;
    }
    k->text = b->open.data ? b->open.data : k->text; /* valid until the next join or block */
    k->len = b->open.len;
    return KJ_OK;
}

kj_status kj_builder_extend_last(kj_builder *b, const char *text, size_t len, kj_error *err) {
    return extend_block(b, text, len, false, err);
}

kj_status kj_builder_extend_by_hand(kj_builder *b, const char *text, size_t len, kj_error *err) {
    return extend_block(b, text, len, true, err);
}

bool kj_is_page_number(const char *s, size_t len) {
    static const char *const pats[] = {"#",    "-#-", "–#–", "—#—",   "#/#", "Page#",    "page#",
                                       "#of#", "(#)", "[#]", "－#－", "―#―", "Page#of#", "p.#"};
    char key[64];
    size_t k = 0;
    int run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n') continue;
        if (k + 2 >= sizeof key) return false;
        if (c >= '0' && c <= '9') {
            if (++run > 4) return false; /* five digits and more: a figure, not a page */
            if (run == 1) key[k++] = '#';
            continue;
        }
        run = 0;
        key[k++] = (char)c;
    }
    key[k] = '\0';
    for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++)
        if (!strcmp(key, pats[i])) return true;
    /* lower-case roman numerals of front matter */
    return k && k <= 5 && strspn(key, "ivxl") == k;
}

bool kj_bare_page_number(const char *s, size_t len, int *value) {
    size_t a = 0, z = len;
    while (a < z && (s[a] == ' ' || s[a] == '\t'))
        a++;
    while (z > a && (s[z - 1] == ' ' || s[z - 1] == '\t'))
        z--;
    if (z == a || z - a > 4) return false; /* five digits and more: a figure */
    int v = 0;
    for (size_t i = a; i < z; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return true;
}

bool kj_list_mark(int32_t c) {
    static const int32_t marks[] = {0x2022, 0x30FB, 0x25CF, 0x25A0, 0x25C6, 0x25AA, 0x25CB,
                                    0x25A1, 0x2023, 0x2043, 0xFF65, 0x203B, 0x2027};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (c == marks[i]) return true;
    return kj_is_circled_number(c) != 0;
}

bool kj_is_kanji_numeral(int32_t c) {
    static const int32_t numerals[] = {0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                       0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341};
    for (size_t i = 0; i < sizeof numerals / sizeof *numerals; i++)
        if (c == numerals[i]) return true;
    return false;
}

/* Whether text s opens an entry of its own: a bullet, a note mark, a bracket or
 * a number (・, ※, ①, （1）, 1., 【), or a letter, kana or kanji numeral
 * numbering it (イ．, a), ア、, 二）). A line that does is no continuation of
 * the line before. */
bool kj_starts_entry(const char *s, size_t len) {
    int32_t c, next = 0;
    size_t k = kj_utf8_decode(s, len, &c);
    if (!k) return true;
    if (k < len) kj_utf8_decode(s + k, len - k, &next);
    if (c > 0 && c < 0x80 && strchr("(-*#[", (int)c)) return true;
    if (kj_is_digit(c)) return true;
    if ((c >= 0x2460 && c <= 0x24FF) || (c >= 0x2160 && c <= 0x217F) || /* ① Ⅰ ⅰ */
        (c >= 0x25A0 && c <= 0x25FF) || (c >= 0x2010 && c <= 0x2015) || /* ■ ● ◆ ― */
        c == 0x30FB || c == 0x203B || c == 0xFF08 || c == 0x3010 || c == 0x3014 || c == 0xFF3B ||
        c == 0x3008 || c == 0x300A) /* ・ ※ （ 【 〔 ［ 〈 《 */
        return true;
    /* イ) a) 二） number an entry; 認） closes a bracket that the line before
     * opened (…総会にて承 + 認）), す． ends its sentence there */
    bool letter = kj_is_list_letter(c);
    if (next == ')' || next == 0xFF09 || next == 0xFF0E) return letter || kj_is_kanji_numeral(c);
    /* イ、 numbers an entry; り、 goes on with a word the wrap cut */
    return letter && (next == '.' || next == 0x3001);
}
