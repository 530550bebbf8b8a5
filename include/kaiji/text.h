/*
 * kaiji/text.h - the second stage: normalise and segment.
 *
 * Normalisation (NFKC via utf8proc, ASCII lower-casing, white space folded)
 * gives the string that lexicons and models see, with a map back to the
 * original code points so evidence can be shown in the original text.
 * Segmentation turns a kj_document's blocks into passages (paragraphs with
 * their heading context), detects headings in unstructured text and the
 * language of each passage, and splits sentences.
 */
#ifndef KAIJI_TEXT_H
#define KAIJI_TEXT_H

#include "kaiji/common.h"
#include "kaiji/ingest.h"

typedef enum { KJ_LANG_AUTO = 0, KJ_LANG_JA, KJ_LANG_EN } kj_lang;

/* "ja", "en" or "auto". Static storage. */
const char *kj_lang_name(kj_lang l);
/* Parse "ja", "en", "auto"; returns -1 for anything else. */
int kj_lang_parse(const char *s);
/* Parse a list of "ja" and "en" separated by sep into langs[0] (Japanese)
 * and langs[1] (English), setting each named. Returns 1, or 0 when an item
 * is anything else (also "auto" or an empty item). An empty list names none. */
int kj_lang_list_parse(const char *s, char sep, int langs[2]);

/* A normalised string and, for each of its bytes, the code-point offset in
 * the original string it came from (map[len] == original length). A
 * character composed of several code points (half-width ﾄﾞ, e + U+0301)
 * comes from the first of them, but its last byte maps to the last, so the
 * bytes [s, e) of characters come from the code points [map[s],
 * map[e - 1] + 1). */
typedef struct {
    char *text;    /* NUL-terminated UTF-8; owned by the arena given */
    size_t len;    /* bytes */
    uint32_t *map; /* len + 1 entries; owned by the arena given (inputs are < 4 GiB) */
} kj_norm;

/*
 * Normalise len bytes of UTF-8 s: NFKC (full-width ASCII to ASCII, half-width
 * kana to full-width, Kangxi radicals to ideographs, circled digits to
 * digits, decomposed text composed: ト + U+3099 is ド, e + U+0301 é),
 * ASCII lower case, every run of white space (including U+3000) to one
 * space, control characters dropped. The spacing marks ゛ ゜ (U+309B,
 * U+309C) after a kana that has a voiced or semi-voiced form make that form
 * (カ゛ is ガ), as a reader sees them. Invalid UTF-8 becomes U+FFFD.
 * Memory comes from arena. Returns KJ_ERR_NOMEM on allocation failure.
 */
kj_status kj_normalize(kj_arena *arena, const char *s, size_t len, kj_norm *out);

/* How kj_fold_width treats white space and invisible code points. */
typedef enum {
    KJ_FOLD_POINTS, /* keep every code point: offsets in code points stay s's */
    KJ_FOLD_SPACES  /* as kj_normalize: each run of white space one space (a line
                       break as kj_line_break reads it), invisible ones dropped */
} kj_fold_mode;

/*
 * Write len bytes of UTF-8 s into out (room for len bytes; the result is
 * never longer) with the full-width forms of ASCII (U+FF01..U+FF5E) made
 * ASCII and, by mode, white space folded as kj_normalize folds it, but case
 * and everything else kept: for scans that need an acronym's capitals
 * (ＳＯＡＲ reads as SOAR), which the normalised text has lost. Returns the
 * bytes written.
 */
size_t kj_fold_width(const char *s, size_t len, char *out, kj_fold_mode mode);

/* Copy len bytes of UTF-8 s with the stand-ins that PDF text extraction
 * produces replaced by what they stand for: CJK and Kangxi radicals
 * (U+2E80..U+2FDF, e.g. ⽅ for 方) by their ideographs, and U+2027 ‧ by the
 * katakana middle dot ・; nothing else changes (unlike kj_normalize, case,
 * width and white space are kept). Arena memory; *out_len gets the length. */
char *kj_fold_radicals(kj_arena *arena, const char *s, size_t len, size_t *out_len);

/* Guess the language of UTF-8 text by the words that carry its grammar:
 * Japanese when it has more runs of hiragana (particles and endings:
 * 当社[は]SOC[を]運用[しています]) than English grammar words (the, of,
 * we, is, ... between spaces; not a small word between two capitalised
 * ones, as in "Center for Internet Security" or "Bank of the West"),
 * English when it has fewer;
 * so an English sentence naming a Japanese company (even one with hiragana
 * in its name) is English, and a Japanese one full of English names and
 * acronyms Japanese. When they tie (as with none of either), by the weight
 * of the scripts, web addresses left out: Japanese when kana/kanji make up
 * a noticeable share of letters (each weighs as four Latin letters), else
 * English; but a text without hiragana whose lower-case Latin letters are
 * a few words' worth and twice its kana/kanji is English. A text without
 * kana/kanji is English. A gloss in brackets or a quotation in the other
 * script (( ) （ ） 「 」 『 』 “ ” "…", closed within 1,200 bytes) does not
 * decide: where the hiragana and grammar words outside them differ in
 * number, they decide; else the whole text, as above. */
kj_lang kj_detect_lang(const char *s, size_t len);

/* Whether the text of a table cell (len bytes) is a row's data rather than
 * a name for what follows it: it opens with a date (a year and its month,
 * 1999年4月; 2012.08; "March 3, 2024"), holds an amount (1,234,500) or
 * an address's block numbers (3-4-5, ２丁目, 11番地), or names a company by
 * its legal form (株式会社, ㈱, Inc, Ltd, Corporation, GmbH, …, katakana
 * before 社), a place, or only countries or regions (kj_names_countries).
 * Over 120 characters, no. Returns 1 or 0. */
int kj_table_data_cell(const char *s, size_t len);

/* Whether the text (len bytes) names only countries or regions: one
 * (ドイツ, アメリカ合衆国, "United Kingdom", 欧州, "North America"), or a
 * list of them (日本、米国、フランス; "Japan and Korea"), maybe in brackets
 * ("(スウェーデン)") and with 等 or 他 after it. A table of contracts or
 * subsidiaries gives each row's country in a cell of its own: the row's
 * data, no name of what follows it. Over 120 characters, no. Returns 1 or
 * 0. */
int kj_names_countries(const char *s, size_t len);

/* What a short line that reads as a heading notes instead
 * (kj_annotation_line). */
typedef enum {
    KJ_ANNOT_NONE,      /* nothing of these: it may head what follows */
    KJ_ANNOT_UNIT,      /* the unit of a table's figures: （単位：百万円）, (In millions),
                           （億円）, "Millions of U.S. dollars"; a line that opens with one
                           in brackets (a flattened table's first cells after it), or
                           a figure and one in brackets (1,200 (単位：百万円)) */
    KJ_ANNOT_DATE,      /* a date alone: 2024年６月30日, 令和２年３月31日現在,
                           "March 3, 2025" (to the month at least) */
    KJ_ANNOT_TOTAL,     /* a table's total: 計, 合計, 小計, "Total" */
    KJ_ANNOT_FIGURE,    /* a figure and its unit: 365,485百万円, "$1.2 billion"; N/A */
    KJ_ANNOT_SIGNATURE, /* a filing's signature: "/s/ Jane Doe" */
    KJ_ANNOT_CONTINUED  /* a page goes on from the last: "(Continued)", （続き） */
} kj_annotation;

/* Whether a line (len bytes; up to 60 characters, spaces around it aside)
 * notes the unit of a table, a date, a total, a figure, a signature or a
 * page that goes on from the last rather than naming what follows it:
 * such a line heads nothing.
 * Returns the kind, KJ_ANNOT_NONE for any other line. */
kj_annotation kj_annotation_line(const char *s, size_t len);

/* True when a line of text looks like a heading in Japanese or English
 * disclosure documents: ■●◆【】 markers, (1) （１） ① 第N, "1." numbering,
 * or a short line without sentence-final punctuation. A line that ends as
 * a Japanese sentence does (ます, です, である: a draft that leaves out the
 * 。) is none, nor a note (※, 注1, *1, ＊１) or a line that notes a unit, a
 * date, a total or a continued page (kj_annotation_line). */
int kj_looks_like_heading(const char *s, size_t len);

/* Whether a line (len bytes) opens with a mark that numbers or marks a
 * heading or an entry (■ 【 第 (1) ① "1." "Item ", or a list's number as
 * kj_list_numbering reads one: ａ． イ） (ア)), spaces before it aside: a
 * heading that says it is one, not only by being short. Returns 1 or 0. */
int kj_opens_with_mark(const char *s, size_t len);

/* Whether s (len bytes, trimmed) ends as a Japanese sentence in the polite
 * or written style (ます ました ません です でした である), as a heading or a
 * title does not; a draft that leaves out the final 。 still writes
 * sentences (サイバー攻撃に備えています). Returns 1 or 0. */
int kj_ends_japanese_predicate(const char *s, size_t len);

/* Whether a heading opens an item of a US filing (Form 10-K, 10-Q, 20-F):
 * 1 for "Item 1C. Cybersecurity", "ITEM 7A", "Item 16K"; 2 for a part
 * ("PART II"), which ends the item before it; 0 otherwise. kj_segment
 * gives the passages under an item its heading as their section. */
int kj_us_filing_heading(const char *s, size_t len);

/* A run-in heading that opens a paragraph of English text ("Monitoring and
 * Mitigation. We maintain …", "• Education and Awareness. The Company …",
 * "UPRR Security Measures – We …"): up to sixteen capitalised words (small
 * words such as "and" between them), or up to forty in title case (a risk
 * factor's title), followed by ". ", ": " or a dash and a sentence starting
 * with a capital. Returns the heading's length in bytes
 * (0 when there is none) and sets *from (may be NULL) to where it starts,
 * after any bullet. */
size_t kj_run_in_heading(const char *s, size_t len, size_t *from);

/* Whether s (len bytes) opens with a title of its own before ". ", ": " or
 * a dash, recognised as a run-in heading or not: what kj_run_in_heading
 * takes, and after a colon or dash also a title that keeps a word in lower
 * case ("The Use of AI, including Its Offerings, Could Harm Us: We …") or
 * that a cross-reference follows ("Competition – see …"); and a title that
 * is the whole of s, without punctuation at its end or with a colon. A
 * paragraph so opened takes no run-in heading of a paragraph before it. */
int kj_opens_with_title(const char *s, size_t len);

/* True when text (UTF-8; table cells joined by " | ", lines by newlines)
 * is a table of contents: four or more entries each followed by a page
 * number, in its own cell or after a dot leader (…… ・・・ ....), the page
 * numbers mostly rising. kj_segment asks it of table cells and of text
 * with a leader of … ‥ or "..." (one cheap pass finds those; a passage
 * whose only leaders are ・・・ is not asked). */
int kj_looks_like_contents(const char *s, size_t len);

/* One passage: the unit that is classified and assessed. A document
 * analysis holds one per passage, so the fields are in an order that
 * leaves no padding, with 32-bit offsets (inputs are < 4 GiB, as for
 * kj_norm's map). */
typedef struct {
    const char *text;     /* original text (arena-owned) */
    size_t len;           /* bytes */
    kj_norm norm;         /* normalised text with map back to text (kj_analyze_document
                             keeps no map, and norm.text is text itself when
                             normalising changed nothing) */
    const char *heading;  /* nearest preceding heading text, or NULL */
    const char *headings; /* when several headings follow one another with no
                             passage between them (●Plan, ●Do, ●Check, ●Act
                             lines), all of them, one a line, the last being
                             heading; arena-owned; NULL for the passages after
                             the first under them and when there is one */
    const char *lead;     /* the run-in heading the passage opens with
                             (kj_run_in_heading), else that of one of the
                             three paragraphs before it under the same
                             heading (one of several words); arena-owned,
                             or NULL */
    const char *section;  /* from the block; else the US filing item it sits under
                             ("Item 1C. Cybersecurity", kj_us_filing_heading) */
    uint32_t index;       /* 0-based position in the passage list */
    uint32_t start, end;  /* code-point offsets in the document text */
    kj_block_kind kind;   /* kind of the first block it came from */
    kj_lang lang;
    int page;     /* from the block */
    int line;     /* from the block */
    int contents; /* a table of contents (kj_looks_like_contents): names
                     topics, discloses nothing; never classified */
} kj_passage;

/* The most characters of a passage's heading that a record of the passage
 * (its JSON, its row in the store) repeats; longer ones are cut there with
 * "…" (kj_arena_strcut). A page can make a heading of megabytes, and each
 * passage under it repeated it whole (a 1.8 MB <h2> over a few thousand
 * passages wrote gigabytes). Real headings are far shorter; the lint's
 * findings cut theirs at 200 too. */
#define KJ_PASSAGE_HEADING_MAX 200

/* How a record of a passage keeps its heading h (NUL-terminated): the bytes
 * of h it keeps, and *cut 1 when that is less than all of h (a record then
 * writes "…" after them), else 0. The first KJ_PASSAGE_HEADING_MAX code
 * points and the marks of the last one's cluster (kj_utf8_cut) are kept;
 * only the first bytes of h are looked at, so a heading of megabytes,
 * repeated for every passage under it, costs no more than a short one. */
size_t kj_passage_heading_cut(const char *h, int *cut);

/* A heading kj_segment read: no passage, but the context of the passages
 * below it (their heading). Kept so that what reads text for itself (the
 * sensitivity lint) reads headings too, each once. So is a lone line of
 * figures and marks (lone set: 192.0.2.10, 96.1%, a page's figure of a
 * flattened table) or one that notes a unit, a date, a total, a figure, a
 * signature or a continued page (kj_annotation_line), which heads nothing
 * and is too little for a passage. */
typedef struct {
    const char *text;    /* as the passages under it show it (arena-owned, NUL-terminated) */
    size_t len;          /* bytes */
    kj_block_kind kind;  /* kind of its block: a heading, or a paragraph, list item or
                            table cell that reads as one (a row's name heads its
                            table's cells, a label such as ・対応 its row's) */
    kj_lang lang;        /* the language forced (kj_segment_options), else detected */
    int page;            /* from the block */
    const char *section; /* as a passage's section */
    int line;            /* from the block */
    size_t start, end;   /* code-point offsets in the document text */
    size_t before;       /* index of the first passage after it: the passage count
                            when none follows */
    int lone;            /* a lone line of figures and marks, or a note (kj_annotation_line),
                            not a heading */
} kj_heading;

typedef struct {
    kj_passage *items; /* arena-owned array */
    size_t n;
    kj_heading *headings; /* arena-owned array of the headings and lone lines of
                             figures (kj_heading.lone), in document order; NULL when
                             there is none; with keep_headings (whose headings are
                             passages) only the lone lines */
    size_t n_headings;
} kj_passages;

typedef struct {
    kj_lang lang;      /* force a language, or KJ_LANG_AUTO per passage */
    size_t max_chars;  /* split longer blocks at sentence ends (0 = 2000) */
    int keep_headings; /* also emit headings as passages */
    int defer_norm;    /* leave each passage's norm empty (text NULL): the caller
                          normalises passages one at a time, e.g. into a scratch
                          arena, to keep memory down */
} kj_segment_options;

/*
 * Turn a document's blocks into passages. Headings become context of the
 * passages below them; a line that notes rather than names (a unit, a date,
 * a total: kj_annotation_line) heads nothing, and a "continued" mark gives
 * back the heading before the page's running head; a short line beside a
 * date alone is a passage, no heading, unless a mark or a colon says it
 * heads (kj_opens_with_mark); short adjacent table cells of one table are joined,
 * across its rows (kj_block.table; cells without a table number are joined
 * while adjacent), never with another table's.
 * Memory comes from arena (usually doc->arena). opts may be NULL. A passage
 * made of exactly one block without radicals to fold shares the block's
 * text (doc->arena) instead of copying it.
 */
kj_status kj_segment(const kj_document *doc, const kj_segment_options *opts, kj_arena *arena,
                     kj_passages *out, kj_error *err);

/*
 * Make a single passage from free text (as `kaiji classify` does for each
 * input line). lang KJ_LANG_AUTO detects.
 */
kj_status kj_passage_from_text(kj_arena *arena, const char *text, size_t len, kj_lang lang,
                               kj_passage *out);

/* The offset map of p's normalised text (norm byte -> original code point,
 * p->norm.len + 1 entries): p->norm.map when the passage has it, else
 * recomputed from p->text into arena (kj_analyze_document keeps passages
 * without maps). NULL on allocation failure. */
const uint32_t *kj_passage_norm_map(kj_arena *arena, const kj_passage *p);

/* Sentence boundaries in UTF-8 text: calls fn(start, end, ud) with byte
 * offsets for each sentence (。！？． and ". " "! " "? ", newlines between
 * list items; not after an abbreviation such as "e.g." or "No."). For
 * case-folded text, such as a passage's normalised form. */
void kj_split_sentences(const char *s, size_t len, void (*fn)(size_t start, size_t end, void *ud),
                        void *ud);

/* Whether the '.' at s[i] ends an abbreviation rather than a sentence, as
 * the sentence splits here read it: "e.g.", "i.e.", "U.S.", "Inc.", "No.",
 * "approx.", a single letter or digit ("J. Smith"), in any case. s must
 * hold the bytes before i; 0 when s[i] is no '.'. For the scans that find
 * a sentence's end for themselves (the assessment's sentence windows, the
 * topic's pairs of terms). */
int kj_stop_is_abbreviation(const char *s, size_t i);

/* kj_split_sentences for text that keeps its case, such as a passage as
 * written: ". " "! " "? " before a lower-case letter end no sentence
 * ("approx. three", "Yahoo! services"). */
void kj_split_sentences_cased(const char *s, size_t len,
                              void (*fn)(size_t start, size_t end, void *ud), void *ud);

/* kj_split_sentences for a passage's normalised text (p->norm; offsets are
 * its bytes), which has lost its capitals: where p->norm.map is there, the
 * passage's own text tells whether a letter after ". " "! " "? " (or a
 * closing quote or bracket after one) was written in lower case, and one
 * that was ends no sentence, as in kj_split_sentences_cased ("e.g. the
 * firewall", "approx. two hundred", "Sample Inc. and its subsidiaries");
 * without the map, as kj_split_sentences. */
void kj_split_passage_sentences(const kj_passage *p, void (*fn)(size_t start, size_t end, void *ud),
                                void *ud);

#endif
