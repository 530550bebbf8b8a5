/*
 * ingest_internal.h - what the format readers of the ingest stage share: a
 * block builder that collects blocks while a reader walks its source, the
 * white-space and line-joining rules (no space between CJK characters, one
 * space between Latin words, de-hyphenation) and each reader's entry point.
 *
 * Private to src/ingest; the public contract is include/kaiji/ingest.h.
 */
#ifndef KAIJI_INGEST_INTERNAL_H
#define KAIJI_INGEST_INTERNAL_H

#include <stdbool.h>

#include "kaiji/ingest.h"

/* Where new table cells are: the table, row and cell kj_builder_add gives
 * a block of kind KJ_BLOCK_TABLE_CELL (kj_block.table, .row, .cell); 0, 0
 * outside any table a reader has told the builder of, and cell 0 outside
 * any cell it has told of. */
typedef struct {
    int table, row, cell;
} kj_cell_place;

/* Collects blocks for one document. Blocks live in a malloc'd vector until
 * kj_builder_finish() copies them into the document's arena. */
typedef struct {
    kj_document *doc; /* the document under construction (owns the arena) */
    kj_block *blocks; /* malloc'd; freed by finish or kj_builder_abort */
    size_t n, cap;
    size_t max_bytes;    /* the input limit, also used to cap decompressed data */
    const char *section; /* section applied to new blocks (arena-owned) or NULL */
    kj_buf scratch;      /* reused by kj_builder_add for white-space collapsing */
    /* The last block while lines are joined to it (kj_builder_extend_last):
     * its text lives here, growing, until the next block is added or the
     * document finished, so that joining n lines costs O(n), not O(n^2). */
    kj_buf open;
    size_t open_at;      /* that block's index + 1; 0 when no block is open */
    size_t last_piece;   /* byte where the last line joined to the last block starts */
    size_t hand_line;    /* byte where the line before it starts, when by_hand */
    bool by_hand;        /* that last line went on by hand (kj_builder_extend_by_hand) */
    kj_cell_place cells; /* where new table cells are (kj_builder_open_table) */
    int tables, rows;    /* the tables and rows numbered so far */
    int cells_n;         /* the cells numbered so far (kj_builder_open_cell) */
} kj_builder;

/* Start a document for path in format; allocates the document and arena. */
kj_status kj_builder_init(kj_builder *b, const char *path, kj_format format, size_t max_bytes,
                          kj_error *err);

/* Add a block: text (UTF-8, len bytes) has its white space collapsed and
 * trimmed (runs containing a newline between CJK characters vanish) and
 * its stand-ins mapped (⽣ reads as 生: kj_map_stand_ins, which keeps every
 * character's offset); empty text adds nothing. The text is copied into
 * the arena. */
kj_status kj_builder_add(kj_builder *b, kj_block_kind kind, int level, const char *text, size_t len,
                         int page, int line, kj_error *err);

/* A table starts, and in it a row (for cells a table holds outside any row):
 * the table cells added until kj_builder_close are of it. Returns where
 * cells were, for kj_builder_close. */
kj_cell_place kj_builder_open_table(kj_builder *b);

/* A row of the current table starts: the table cells added until
 * kj_builder_close are of it. Returns where cells were, for
 * kj_builder_close. */
kj_cell_place kj_builder_open_row(kj_builder *b);

/* A cell of the current row starts (a reader that sets a cell's text as
 * several blocks, such as HTML's <p> in a <td>, says where each cell
 * starts): the table cells added until kj_builder_close are of it.
 * Returns where cells were, for kj_builder_close. */
kj_cell_place kj_builder_open_cell(kj_builder *b);

/* The table, row or cell opened last has ended: cells are where they were
 * (was, as kj_builder_open_table or kj_builder_open_row returned it), as in
 * a cell holding a table once that table has ended. */
void kj_builder_close(kj_builder *b, kj_cell_place was);

/* Append text (collapsed like kj_builder_add) to the last block, joined
 * by the kj_join_line rules: a paragraph split by a page break. */
kj_status kj_builder_extend_last(kj_builder *b, const char *text, size_t len, kj_error *err);

/* kj_builder_extend_last for a paragraph that goes on by hand from the last
 * block (kj_builder_goes_on_by_hand): the builder remembers that the line
 * went on by hand, and where the line it went on from starts. */
kj_status kj_builder_extend_by_hand(kj_builder *b, const char *text, size_t len, kj_error *err);

/* Collapse and trim white space of s into out (see kj_builder_add), with
 * its stand-ins mapped to what they mean (kj_map_stand_ins). */
kj_status kj_collapse_space(kj_buf *out, const char *s, size_t len);

/* Is this (collapsed) text a bare page number: "12", "- 12 -", "12/75",
 * "Page 3", "iv"? */
bool kj_is_page_number(const char *s, size_t len);

/* Is this text a number and nothing else, as a bare page number is ("12",
 * spaces or tabs around it; not "- 12 -", "(12)", "xii", "１２", "1 2" or
 * a figure of five digits)? Its value into *value when it is. */
bool kj_bare_page_number(const char *s, size_t len, int *value);

/* The text of a line as the page-furniture tests compare it: digit runs
 * folded to '#', spaces removed, into out (outsz bytes, NUL-terminated,
 * cut short when longer). */
void kj_furniture_key(const char *s, size_t len, char *out, size_t outsz);

/* The running headers, footers and page numbers of a text whose pages are
 * split by form feeds (furniture.c). Opaque; kj_furniture_new gives one
 * (NULL when out of memory), kj_furniture_free frees it. */
typedef struct kj_text_furniture kj_text_furniture;
kj_text_furniture *kj_furniture_new(void);
void kj_furniture_free(kj_text_furniture *f);
/* Show f the text's next line s[0, len) (without its line break; blank
 * when it has nothing but white space and form feeds). Every line, in
 * order, before kj_furniture_finish. */
void kj_furniture_line(kj_text_furniture *f, const char *s, size_t len, bool blank);
/* Decide which lines are page furniture. Out of memory, none is. */
void kj_furniture_finish(kj_text_furniture *f);
/* Whether the text has two pages or more with text (after finish). */
bool kj_furniture_paged(const kj_text_furniture *f);
/* The text's pages up to its last with text, when it is paged (after
 * finish); else 0. */
int kj_furniture_pages(const kj_text_furniture *f);
/* Whether line number line (1-based; ascending from call to call) is page
 * furniture, to be left out. */
bool kj_furniture_drop(kj_text_furniture *f, int line);

/* The cover facts of an inline-XBRL filing that title it (ixbrl.c), in
 * the order their values are kept in kj_ix_facts. */
typedef enum {
    KJ_IX_NAME,   /* dei:EntityRegistrantName */
    KJ_IX_TYPE,   /* dei:DocumentType: 10-K */
    KJ_IX_YEAR,   /* dei:DocumentFiscalYearFocus: 2024 */
    KJ_IX_PERIOD, /* dei:DocumentFiscalPeriodFocus: FY, Q2 */
    KJ_IX_END,    /* dei:DocumentPeriodEndDate as printed */
    KJ_IX_FACTS
} kj_ix_fact;

/* Bytes a fact's value may have (white space folded) and its NUL: a
 * longer one is no value. */
#define KJ_IX_VALUE_MAX 256

/* One fact's value as it is read. */
typedef struct {
    char v[KJ_IX_VALUE_MAX]; /* NUL-terminated */
    size_t len;
    int depth; /* the element's depth (kj_ix_facts.depth) while it is read, else 0 */
    bool done; /* read, with a value: the first one counts */
    bool over; /* longer than KJ_IX_VALUE_MAX */
} kj_ix_value;

/* The facts read so far, fed the parser's events in order (kj_ix_start,
 * kj_ix_text, kj_ix_end); zero-initialise before the first. Fixed size:
 * nothing to free. */
typedef struct {
    kj_ix_value f[KJ_IX_FACTS];
    int depth;      /* elements open */
    int exclude;    /* depth of the ix:exclude whose text is left out, or 0 */
    bool word_open; /* the name just ended within a word (kj_ix_text) */
} kj_ix_facts;

/* An element named name (as the HTML parser gives it, prefix and all)
 * opens, with attributes atts (name, value pairs, NULL-terminated; may be
 * NULL). */
void kj_ix_start(kj_ix_facts *x, const char *name, const char *const *atts);

/* Text s[0, len) (UTF-8, entities decoded) is read in the open element. */
void kj_ix_text(kj_ix_facts *x, const char *s, size_t len);

/* The element opened last and still open closes. */
void kj_ix_end(kj_ix_facts *x);

/* Append to out the title the facts give: the registrant's name, then
 * "Form 10-K" and "for fiscal year 2024" (or "for Q2 of fiscal year 2024",
 * or "for the period ended December 31, 2024" without a fiscal year) as
 * far as the page has them; nothing when it names no registrant. Returns
 * KJ_ERR_NOMEM when out of memory. */
kj_status kj_ix_title(const kj_ix_facts *x, kj_buf *out);

/* Whether a page's <title> t is no title but a name: empty, or one word of
 * ASCII letters, digits, '.', '_' and '-' (an XBRL document's name such
 * as "abc-20241231", a file name, "Document"), which the facts' title
 * replaces. */
bool kj_ix_name_title(const char *t);

/* The name an SEC filing's cover among blocks[0, n) gives it (sec_cover.c):
 * the registrant's name, the block right above "(Exact name of registrant
 * as specified in its charter)" or before it in the same block, appended
 * to company; and to title that name, the form the cover names before it
 * and the period ("INTERNATIONAL WIDGETS CORP Form 10-K for the fiscal
 * year ended December 31, 2024"). Appends nothing when the opening has no
 * such cover. Returns KJ_ERR_NOMEM when out of memory. */
kj_status kj_sec_cover_name(const kj_block *blocks, size_t n, kj_buf *title, kj_buf *company);

/* Title document d by the SEC cover among blocks[0, n) (kj_sec_cover_name),
 * and name its company by it when none is named, in d's arena; *named
 * says whether it had such a cover. Returns KJ_ERR_NOMEM when out of
 * memory (d as it was). */
kj_status kj_name_by_sec_cover(kj_document *d, const kj_block *blocks, size_t n, bool *named);

/* Blocks of a document's opening in which its cover is looked for (an SEC
 * cover, kj_name_by_sec_cover; an EDINET one, kj_name_by_edinet_cover): a
 * cover sets each of its lines apart, and a 10-K's runs to about 40 before
 * the registrant's name, a checkbox or a table cell each, an EDINET
 * cover's labels and values to about 40. */
#define KJ_COVER_SCAN 80

/* Name d by the EDINET cover among blocks (n), in d's arena: its company
 * (【会社名】) and a title of company, document and the fiscal year's
 * number, "ほしぞら電機株式会社 有価証券報告書 第58期" (【提出書類】 or
 * 【書類名】, 【事業年度】 up to its dates). Without it an EDINET filing
 * was titled by the cover's own heading, 【表紙】, the same for every
 * filing; a PDF printed from one, by a file name or that heading. d as it
 * was when the blocks name no company; KJ_ERR_NOMEM (d as it was) when out
 * of memory. */
kj_status kj_name_by_edinet_cover(kj_document *d, const kj_block *blocks, size_t n);

/* Whether title t is an XBRL document's name ("abc-20241231",
 * "abc-20241231.htm": ASCII letters, digits, '.', '_' and '-', ending with
 * '-' and a date's eight digits), as an inline-XBRL filing's <title> and a
 * PDF printed from it are mostly titled: no title for a reader. */
bool kj_xbrl_document_name(const char *t);

/* Append the registrant's name the facts x give (white space folded) to
 * out; nothing when the page has none. KJ_ERR_NOMEM when out cannot grow. */
kj_status kj_ix_company(const kj_ix_facts *x, kj_buf *out);

/* Does text s open an entry of its own: a bullet, a note mark, a bracket
 * or a number (・, ※, ①, （1）, 1., 【), or a letter, katakana or kanji
 * numeral numbering it (イ．, a), ア、, 二）; kj_is_list_letter)? A line
 * that does may be no continuation of the line before; one that opens with
 * another character before ） or ． (認）, す．) closes a bracket or a
 * sentence a wrap cut, and may be. The HTML, PDF and plain-text readers
 * all go by it (and kj_goes_on_by_hand). */
bool kj_starts_entry(const char *s, size_t len);

/* Whether c is a kanji numeral (一 to 十, 〇), which numbers entries as
 * 一） 二． do, and a filing's parts as 第一部. */
bool kj_is_kanji_numeral(int32_t c);

/* Whether the Japanese paragraph next (next_len bytes) goes on from line
 * (line_len bytes), the paragraph before it, which a filing cut from it by
 * hand, setting each printed line as a block of its own: line is long (40
 * characters or more) and ends no sentence, next opens no entry, and either
 * next closes a bracket line left open, begins with what no line can begin
 * with (a small kana, ー, 、, a closing mark) or with hiragana that is no
 * paragraph's first word (not また, この, お客様), or line ends on a
 * particle or conjunction (…を, …から, …及び), or on an adjectival な or
 * an attributive する, される, ない before a kanji or katakana (…適切な +
 * 管理), or line ends in katakana and next begins with it (a word cut
 * in two: …コンプラ + イアンス). After a closing mark (…規程』) only a
 * bracket closed or a particle or conjunction (に基づき, 及び, など) goes
 * on. See handwrap.c. */
bool kj_goes_on_by_hand(const char *line, size_t line_len, const char *next, size_t next_len);

/* Whether the English paragraph next (next_len bytes) goes on from line
 * (line_len bytes), the paragraph before it, which a filing cut from it by
 * hand: line is long (40 characters or more) and ends on a letter, a digit,
 * a comma or a hyphen, and next begins with a lower-case letter and opens
 * no entry (a), e.g.; kj_starts_entry). See handwrap.c. */
bool kj_latin_goes_on_by_hand(const char *line, size_t line_len, const char *next, size_t next_len);

/* Whether the Japanese paragraph next (next_len bytes) goes on from line
 * (line_len bytes), a line shorter than kj_goes_on_by_hand asks for that
 * itself went on by hand from the line before (before_len bytes, just
 * before line in memory): a line as long as the line before but for a
 * tenth (a full printed line that kinsoku, which lets no line begin with 、
 * or a small kana, made a character or two short) goes on as a long one
 * does; a shorter one, which usually ends its paragraph, only when next
 * closes a bracket the two lines left open or begins with a small kana, ー
 * or a closing mark, which no paragraph begins with. See handwrap.c. */
bool kj_goes_on_after_hand(const char *before, size_t before_len, const char *line, size_t line_len,
                           const char *next, size_t next_len);

/* Whether the Japanese paragraph next (next_len bytes) goes on from line
 * (line_len bytes), a long line (40 characters or more) that itself went on
 * by hand from the line before it, inside a paragraph a filing cut so: as
 * kj_goes_on_by_hand says, or where line ends in katakana and next begins
 * with a kanji (a compound cut in two: …セキュリティ + 対策を…). A line no
 * line went on into is not asked so: a heading or an entry may end on a
 * katakana word (…に関するリスク) before a paragraph that begins with a
 * kanji. See handwrap.c. */
bool kj_goes_on_within_hand(const char *line, size_t line_len, const char *next, size_t next_len);

/* Whether the Japanese text next (next_len bytes) goes on from line
 * (line_len bytes) of any length by the signals kj_goes_on_by_hand reads,
 * but for a katakana word before another (a list of names is set so):
 * line ends no sentence, next opens no entry, and next closes a bracket
 * line left open, begins with a small kana, ー, a closing mark, 等 or
 * hiragana that is no paragraph's first word, or line ends on a particle,
 * a conjunction or an attributive form before a noun. The line of a
 * table's cell that a <br> cut (kj_goes_on_in_cell). See handwrap.c. */
bool kj_goes_on_in_label(const char *line, size_t line_len, const char *next, size_t next_len);

/* Whether c ends a sentence, or a clause a list's entry ends with (。 ． .
 * ! ? ！ ？ : ： ; ；): a line ending with one is whole (handwrap.c). */
bool kj_ends_sentence(int32_t c);

/* Whether next (next_len bytes), a line of a table's cell after a single
 * <br> (or in a <p> or <div> of its own after another), goes on from line
 * (line_len bytes), the line before it in the cell: a label or a sentence
 * set over lines by hand (…に帰属する + 当期純利益, "Net income
 * attributable" + "to shareholders", 取締役 + （社外取締役を除く）), not a
 * list's entries (names, dates and their events, lines that open with a
 * mark or end a sentence) nor a numbered title over its text. See
 * cellwrap.c. */
bool kj_goes_on_in_cell(const char *line, size_t line_len, const char *next, size_t next_len);

/* Whether the text (len bytes, its white space not yet collapsed) of a
 * table's cell after a single <br> (or of a <p> or <div> of the cell after
 * another) goes on from the last block b holds, a
 * table cell, by kj_goes_on_in_cell: the line it would go on from is the
 * last line joined to that block (or the whole block). Running out of
 * memory answers false. */
bool kj_builder_goes_on_in_cell(const kj_builder *b, const char *text, size_t len);

/* Whether the paragraph text (len bytes, its white space not yet
 * collapsed) goes on from the last block b holds, a paragraph of the same
 * section, by kj_goes_on_by_hand: the line it would go on from is the last
 * line joined to that block (or the whole block); when that line went on
 * by hand itself, by kj_goes_on_within_hand and kj_goes_on_after_hand too.
 * Running out of memory answers false. */
bool kj_builder_goes_on_by_hand(const kj_builder *b, const char *text, size_t len);

/* Whether code point c, first in a block, makes it a list item: a bullet
 * (• ・ ● ■ ◆ ▪ ○ □ ‣ ⁃ ･ ‧), a note mark (※) or a circled number (① ❶,
 * kj_is_circled_number). The PDF and plain-text readers go by it, so that
 * the same lines are list items in either. Both also go by
 * kj_list_numbering: a line that opens with a number and its mark (1. (2)
 * ３． ａ． (イ) ５　) opens a list item too; in plain text only with some
 * text after the mark on its line, and not a number set apart by a space
 * (５　), which numbers a text's section headings as often. */
bool kj_list_mark(int32_t c);

/* Compute offsets, counts and a fallback title, and hand the document to
 * *out (caller owns it). The builder is emptied either way. */
kj_status kj_builder_finish(kj_builder *b, kj_document **out, kj_error *err);

/* Discard everything built so far (safe after finish). */
void kj_builder_abort(kj_builder *b);

/* Convert len bytes from encoding enc to UTF-8 with iconv. On success *out is
 * malloc'd (NUL-terminated; caller frees). Errors name path and the byte
 * offset of the first undecodable byte. */
kj_status kj_iconv_to_utf8(const char *path, const char *enc, const char *in, size_t len,
                           char **out, size_t *outlen, kj_error *err);

/* kj_iconv_to_utf8, but a byte that does not decode (or a character cut
 * off by the end) becomes U+FFFD and the conversion goes on, as a browser
 * reads a page; *replaced counts them. Fails only for an encoding iconv
 * does not know (KJ_ERR_ARG) or for memory. */
kj_status kj_iconv_to_utf8_lenient(const char *path, const char *enc, const char *in, size_t len,
                                   char **out, size_t *outlen, size_t *replaced, kj_error *err);

/* The iconv name kaiji converts a user's or a detector's encoding name
 * with (Shift_JIS and its aliases are CP932), or name itself. */
const char *kj_iconv_name(const char *name);

/* The encoding the byte order mark that the len bytes of data open with
 * names ("UTF-8", "UTF-16LE" or "UTF-16BE"), or NULL when they open with
 * none (text.c). */
const char *kj_bom_encoding(const char *data, size_t len);

/* Guess the encoding of len bytes (kj_bom_encoding, UTF-8 validity, UTF-16 zero-byte
 * pattern, uchardet). Returns a static iconv name or NULL when undecidable. */
const char *kj_guess_encoding(const char *data, size_t len);

/* Do the first 8 KiB of data look like binary data rather than text in a
 * byte-oriented encoding: a NUL byte, or more than one byte in twenty a
 * control character other than tab, line feed, carriage return, form feed
 * and escape? (UTF-16 and UTF-32 text has NUL bytes: check it decoded.) */
bool kj_looks_binary(const char *data, size_t len);

/* ---- readers: each fills b from its source ---------------------------- */

/* Plain text already read into memory. */
kj_status kj_read_text(kj_builder *b, const char *data, size_t len, const char *encoding,
                       kj_error *err);
/* Paragraph-split UTF-8 text (no decoding). */
kj_status kj_text_paragraphs(kj_builder *b, const char *s, size_t len, kj_error *err);
/* Read a large file that is plainly UTF-8 (as kj_read_text would find it
 * without an encoding given) a piece at a time into paragraphs, never
 * holding it whole. *done is 0, with nothing added to b, when the file is
 * not such a file (small, another encoding, invalid, unreadable): then read
 * it whole with kj_read_text. */
kj_status kj_read_text_file(kj_builder *b, const char *path, int *done, kj_error *err);
/* One HTML/XHTML document in memory; encoding NULL to detect. data[len]
 * is the buffer's own (a NUL): the buffer is rewritten in place, each
 * attribute value over 64 KiB emptied (kj_markup_trim_values), and what
 * the parser has read of it is given back to the system (kj_mem_discard):
 * the caller can only free it. */
kj_status kj_read_html(kj_builder *b, char *data, size_t len, const char *encoding, kj_error *err);
/* kj_read_html reading what the parser has finished each time it has gone
 * step bytes further (0: at every element's end; kj_read_html's step is 64
 * KiB; a step past len reads the whole tree once parsed). The blocks are
 * the same for every step: tests read a page with many to show it. */
kj_status kj_read_html_stepped(kj_builder *b, char *data, size_t len, const char *encoding,
                               size_t step, kj_error *err);
/* An EDINET directory or zip at path. Unless forced (the user named the
 * format: --as edinet), its HTML files must be a download's XBRL/PublicDoc
 * or include a section file, one whose name holds a section code
 * (S100J2FA-0102010.html, 0102010_honbun_….htm): a folder or zip of other
 * pages (three 10-Ks) is several documents, not one filing, and is refused
 * with an error. */
kj_status kj_read_edinet(kj_builder *b, const char *path, bool is_dir, bool forced, kj_error *err);
/* Tag the blocks b has read from the HTML file at path with its EDINET
 * section, "0102010 事業の状況", as a filing's sections are
 * (kj_read_edinet): a section file read alone is one when its name holds
 * a section code (seven digits from 0, S100J2FA-0102010.html,
 * 0102010_honbun_….htm) and its first heading a name in 【】 (第２【事業
 * の状況】). Other files are left as they are. KJ_ERR_NOMEM (err set, the
 * blocks untagged) when out of memory. */
kj_status kj_name_edinet_section_file(kj_builder *b, const char *path, kj_error *err);
/* A PDF file at path. */
kj_status kj_read_pdf(kj_builder *b, const char *path, kj_error *err);
/* A DOCX file at path. */
kj_status kj_read_docx(kj_builder *b, const char *path, kj_error *err);
/* kj_read_docx reading the body's finished paragraphs and tables each time
 * the parser of word/document.xml has gone step bytes further (0: at every
 * element's end; kj_read_docx's step is 64 KiB). The blocks are the same
 * for every step: tests read a draft with many to show it. */
kj_status kj_read_docx_stepped(kj_builder *b, const char *path, size_t step, kj_error *err);
/* A PPTX file at path: its slides, each a page. */
kj_status kj_read_pptx(kj_builder *b, const char *path, kj_error *err);

/* Refuse XML or HTML text data[0, len) (of part part of path, or NULL for
 * the file itself) that would take libxml2 too much memory or time to
 * parse into a tree: more than four million tree nodes (an element one, an
 * attribute two), an element with more than 256 attributes, more than
 * 100,000 namespace declarations (markup.c). A look at the bytes, before parsing. */
kj_status kj_markup_check(const char *path, const char *part, const char *data, size_t len,
                          kj_error *err);

/* Empty, in place, each attribute value of HTML data[0, len) (in an
 * encoding where ASCII bytes are ASCII characters) longer than 64 KiB, as
 * libxml2's HTML parser would read it, keeping the value's newlines so that
 * lines are counted as before: libxml2 takes four times a value's size to
 * parse it, and kaiji reads no value as long. Returns the new length, and
 * NUL-terminates the data when it shrank (markup.c). */
size_t kj_markup_trim_values(char *data, size_t len);

/* An error handler for xmlSetGenericErrorFunc that says nothing: libxml2
 * reports some errors (encoding problems, a huge text node) through it
 * even when asked for none, and kaiji says what is wrong in one line of
 * its own (markup.c). */
void kj_xml_silent(void *ctx, const char *msg, ...);

/* XML part part of path (a DOCX's or PPTX's member, named by format),
 * data[0, len), parsed into *out (the caller frees it with xmlFreeDoc),
 * without the network, errors or warnings (none printed). An error when it
 * holds more markup than kaiji parses into a tree (kj_markup_check), and
 * when it is not XML: "not a FORMAT (PART is not XML: why)", with
 * libxml2's message and line, or "elements nested more than 256 deep"
 * (markup.c). *out is NULL on every error. */
struct _xmlDoc;
kj_status kj_xml_read_part(const char *path, const char *format, const char *part, const char *data,
                           size_t len, struct _xmlDoc **out, kj_error *err);
/* Reading while libxml2 parses: each time the parser ctxt has gone step
 * bytes further, at an element's end (after libxml2's own handler has
 * built it), kj_xml_step calls progress(ud, ctxt), which may read and free
 * the subtrees the parser has finished (the last child of an element may
 * still grow; no element the parser has closed gets another). An error it
 * returns stops the parser and stays in status. */
struct _xmlParserCtxt;
typedef kj_status (*kj_xml_progress)(void *ud, struct _xmlParserCtxt *ctxt);
typedef struct {
    size_t step;
    kj_xml_progress progress;
    void *ud;
    size_t read_at;   /* the parser's offset at the last call */
    kj_status status; /* what progress returned last */
} kj_xml_steps;
void kj_xml_step(kj_xml_steps *s, struct _xmlParserCtxt *ctxt);

/* kj_xml_read_part for a large part, read while parsed with progress every
 * step bytes (kj_xml_step); an error progress returns is returned. The
 * parser takes data a piece at a time, and what it has taken is given back
 * (kj_xml_source): the caller can only free data afterwards. */
kj_status kj_xml_read_part_stepped(const char *path, const char *format, const char *part,
                                   char *data, size_t len, size_t step, kj_xml_progress progress,
                                   void *ud, struct _xmlDoc **out, kj_error *err);

/* Bytes handed to libxml2 as it asks for more (kj_xml_source_read, an
 * xmlInputReadCallback over data; kj_xml_source_close its close callback),
 * each megabyte it has taken given back (kj_mem_discard), so that what it
 * has parsed no longer counts towards memory: data reads as zeros after. */
typedef struct {
    char *data;
    size_t len, at, given;
} kj_xml_source;
int kj_xml_source_read(void *ctx, char *out, int n);
int kj_xml_source_close(void *ctx);

/* How many bytes of its input libxml2's parser ctx has gone through. */
size_t kj_xml_parsed(const void *ctx);

/* Whether libxml2's last parse of this thread stopped at elements nested
 * past its limit of 256, and at which line (*line). */
bool kj_xml_too_deep(int *line);

/* The first of the n entries at base (each size bytes) whose ID is id:
 * each entry holds a char * at offset off, and the entries are sorted by
 * it (strcmp), ties in their order in the source; NULL when none is.
 * A DOCX's styles and a PPTX's relationships are looked up so. */
const void *kj_find_by_id(const void *base, size_t n, size_t size, size_t off, const char *id);

/* Open the zip archive at path (a what: "DOCX", "PPTX", "zip archive")
 * into *out, which the caller closes with zip_discard; an error says what
 * is wrong in a user's words: cut short, damaged, not a zip (zipfile.c). */
struct zip;
kj_status kj_zip_open(const char *path, const char *what, struct zip **out, kj_error *err);

/* Read one member of an open libzip archive into a malloc'd NUL-terminated
 * buffer, refusing more than max bytes of decompressed data together with
 * the used bytes read from the archive before it (the error says which
 * limit was met: the member's own, or that of the members together; a
 * damaged member is named and what is wrong said) (zipfile.c). */
kj_status kj_zip_read_member(struct zip *z, long long index, const char *path, const char *name,
                             size_t used, size_t max, char **out, size_t *len, kj_error *err);

#endif
