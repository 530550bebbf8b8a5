/*
 * kaiji/ingest.h - the first pipeline stage: turn a file on disk (plain text
 * in any common Japanese or Unicode encoding, HTML/XHTML including EDINET
 * inline XBRL and SEC 10-K filings, an EDINET filing directory or .zip, PDF,
 * DOCX) into a kj_document: an ordered list of text blocks, each remembering
 * where it came from (page, section, offsets).
 *
 * Ingest does not normalise or classify; it only extracts faithful UTF-8
 * text with its structure. Later stages read kj_document and never call back
 * into ingest.
 */
#ifndef KAIJI_INGEST_H
#define KAIJI_INGEST_H

#include "kaiji/common.h"

typedef enum {
    KJ_FORMAT_AUTO = 0,
    KJ_FORMAT_TEXT,
    KJ_FORMAT_HTML,
    KJ_FORMAT_PDF,
    KJ_FORMAT_DOCX,
    KJ_FORMAT_EDINET, /* a directory or .zip of EDINET section files */
    KJ_FORMAT_PPTX    /* PowerPoint slides, each a page */
} kj_format;

/* "text", "html", "pdf", "docx", "edinet" (or "auto"). Static storage. */
const char *kj_format_name(kj_format f);
/* Parse a format name; returns KJ_FORMAT_AUTO for unknown names. */
kj_format kj_format_parse(const char *name);

typedef enum {
    KJ_BLOCK_PARAGRAPH = 0,
    KJ_BLOCK_HEADING,
    KJ_BLOCK_LIST_ITEM,
    KJ_BLOCK_TABLE_CELL
} kj_block_kind;

/* "paragraph", "heading", "list_item", "table_cell". Static storage. */
const char *kj_block_kind_name(kj_block_kind k);

/* One block of text as the source presents it. */
typedef struct {
    kj_block_kind kind;
    int level;           /* heading level 1..6 when known, else 0 */
    const char *text;    /* UTF-8, original characters, runs of white space
                            collapsed, wrapped lines joined; arena-owned */
    size_t len;          /* bytes in text */
    int page;            /* 1-based page for PDF, text with form feeds between pages, DOCX
                          * (as Word laid it out) and PPTX (the slide); for paginated HTML
                          * (a 10-K) the number printed on the page; 0 when unknown */
    const char *section; /* EDINET section: its code and name ("0102010 事業の状況"), or
                            the code alone; a DOCX's "footnotes" or "endnotes"; or
                            NULL; arena-owned */
    int line;            /* 1-based source line where the block starts (HTML, text), else 0 */
    int table;           /* a table cell's table, numbered from 1 in the document (a table
                          * inside a cell has a number of its own); 0 for other blocks, and
                          * for cells when the reader does not know */
    int row;             /* a table cell's row, numbered from 1 in the document across all
                          * tables: cells of one row share it; 0 as table. A PDF's
                          * paragraph, heading or list item set side by side with
                          * other short blocks on its page (a table's row read as
                          * lines: a header row of column titles, a row of a post, a
                          * name and dates, a label and its figures; a long cell in a
                          * narrow column beside two short ones or more),
                          * or stacked on such a block as its cell's other line, has
                          * one too, with table 0: one more than the index of the
                          * first block of its row (pdf_rows.c); else 0 */
    int cell;            /* a table cell's cell, numbered from 1 in the document, where a
                          * reader sets one cell's text as several blocks (HTML: a <td>'s
                          * paragraphs share it); 0 when the reader does not say (each
                          * block is then a cell of its own or the reader does not know) */
    size_t start;        /* code-point offset of the block in the document text (see below) */
    size_t end;          /* one past the last code point */
} kj_block;

/*
 * A document: the blocks in reading order. The "document text" is the
 * concatenation of all block texts separated by one "\n"; block.start/end
 * are code-point offsets into it, so every passage can be located again.
 * Everything hangs off one arena.
 */
typedef struct {
    const char *path;     /* the path given to kj_ingest_file; arena-owned */
    kj_format format;     /* detected or forced format */
    const char *encoding; /* detected or given ("UTF-8", "CP932", "EUC-JP-MS", ...) */
    const char *title;    /* <title>, PDF title or first heading, or a plain text's first
                           * line when it reads as a title; may be NULL */
    const char *company;  /* the company the document is of, as its cover names it (an
                           * EDINET filing's 【会社名】, an inline-XBRL filing's registrant);
                           * NULL when it does not say */
    int n_pages;          /* PDF pages, or a text's pages split by form feeds, else 0 */
    int stamped;          /* the date (YYYYMMDD) the software that made the document stamped
                           * on its title, as EDINET's filing software does (an underscore and
                           * a valid YYYYMMDDhhmmss after it, cut from title); 0 when none */
    kj_block *blocks;
    size_t n_blocks;
    size_t text_chars; /* code points in the document text */
    size_t text_bytes; /* UTF-8 bytes of the document text */
    kj_arena *arena;   /* owns all of the above */
} kj_document;

typedef struct {
    kj_format format;     /* KJ_FORMAT_AUTO to detect from content and name */
    const char *encoding; /* force a text encoding (iconv name), NULL to detect */
    size_t max_bytes;     /* refuse inputs larger than this; 0 = default (256 MiB) */
} kj_ingest_options;

#define KJ_INGEST_DEFAULT_MAX ((size_t)256 << 20)

/* The most text blocks (paragraphs, headings, list items, table cells) a
 * document may have: a securities report or a 10-K has a few thousand. A
 * file of millions of one-word lines or cells would take the analysis some
 * hundreds of bytes each, gigabytes in all, so it is refused with
 * KJ_ERR_TOO_LARGE instead. */
#define KJ_INGEST_MAX_BLOCKS 1000000

/* The most characters of a section name (kj_block.section; a passage's
 * section, which may also be a US filing's item heading) kept: every
 * passage, extracted line and stored row of the section repeats it, and a
 * zip member's name of 60 KB or an "Item 1C." heading of megabytes made
 * gigabytes of output and of database. Longer names are cut with "…"
 * (kj_arena_strcut); real ones are a section code or a short title. */
#define KJ_SECTION_MAX 200

/*
 * Prepare the libraries the readers use for documents read by several
 * threads at once: libxml2's parser state and the C library's time zone
 * (libzip reads file times) are set up here, once, instead of racing in the
 * first readers. Call it from one thread before starting the others; once
 * is enough, more calls do nothing harmful. Reading from one thread needs
 * no call.
 */
void kj_ingest_prepare_threads(void);

/*
 * Read the file or EDINET directory at path into a new document.
 * opts may be NULL for defaults. On success *out is a new document the caller
 * frees with kj_document_free(). On failure *out is NULL and err names the
 * file and the problem (empty file, not a PDF, encrypted PDF, truncated,
 * invalid encoding, directory without EDINET sections, too large, ...).
 */
kj_status kj_ingest_file(const char *path, const kj_ingest_options *opts, kj_document **out,
                         kj_error *err);

/*
 * What kj_ingest_file would read the file or directory at path as, found
 * the same way (its first bytes and its name; a directory is an EDINET
 * filing) without reading the rest. Fails, with err naming the file, on
 * what kj_ingest_file refuses before reading: a path that does not exist
 * or cannot be read, a device, FIFO or socket (never blocking on one), an
 * empty file.
 */
kj_status kj_detect_format(const char *path, kj_format *out, kj_error *err);

/*
 * Build a document from UTF-8 text in memory (one paragraph per blank-line
 * separated block, headings detected by the text stage later). name is used
 * as the path. Caller frees with kj_document_free().
 */
kj_status kj_ingest_text_utf8(const char *name, const char *text, size_t len, kj_document **out,
                              kj_error *err);

/*
 * The text layer of the PDF at path as MuPDF sets it out, for readers that
 * parse a document's own layout rather than its paragraphs: each line of
 * each page as set, its spaces kept (a line set in from its block's left
 * edge by half a character or more, without a space, gets one), then "\n";
 * one more "\n" after each block of lines; pages in order; nothing dropped (running heads, page
 * numbers) and no wrap joined. max_bytes as in kj_ingest_options (0 for
 * the default). On success *out is malloc'd and NUL-terminated, *len its
 * bytes; the caller frees it. On failure *out is NULL and err names the
 * file and the problem, as kj_ingest_file does for a PDF.
 */
kj_status kj_pdf_text_layer(const char *path, size_t max_bytes, char **out, size_t *len,
                            kj_error *err);

/* Free a document and its arena. NULL is allowed. */
void kj_document_free(kj_document *doc);

/*
 * Give back the memory of doc's block array once nothing will read the
 * blocks again (after kj_segment and what reads blocks while passages are
 * analysed; not before kj_store_save_analysis, which hashes them): blocks
 * becomes NULL and n_blocks 0. Their text stays, with everything else in
 * the arena: passages and headings share it. A large document's array is
 * a tenth of its text; a small one's stays in the arena until
 * kj_document_free (kj_arena_release). NULL is allowed.
 */
void kj_document_release_blocks(kj_document *doc);

#endif
