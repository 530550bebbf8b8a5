/*
 * handwrap.c - whether a Japanese paragraph goes on from the paragraph
 * before it, where a filing has cut one paragraph into blocks of its own
 * by hand: some EDINET filings set each printed line as a <p>, so that a
 * risk entry reads 「・…納品に影響を」 then 「及ぼすリスク」, and
 * the second half, short and without a sentence end, would read as a
 * heading of its own.
 *
 * A line cut by hand is long (it filled the printed line), ends no
 * sentence, and what follows cannot begin a paragraph: it closes a bracket
 * the line left open (「…差し引いた利」 + 「益」をいいます。」), begins with a
 * small kana, a long-vowel mark or a closing mark (キャ + ッシュ), with the
 * 等 that closes a list (…手順、体制 + 等の…), or with hiragana that is no
 * paragraph's first word (含ま + れております, but not また、 or この); or
 * the line ends on a particle or a conjunction that needs its continuation
 * (…影響を, …第三者から, …及び), or on an adjectival な or an attributive
 * する, される, ない before the noun it modifies (…適切な + 管理体制, …に対する
 * + 監督). A line that ends on a closing mark (」 』 ）) ends its phrase, and
 * goes on only where what follows opens with a particle or a conjunction
 * (『…規程』 + に基づき, 「…」 + 及び), or closes a bracket the line left
 * open. A paragraph that opens an entry (・, ①, （1）, 「; kj_starts_entry)
 * never goes on from the one before.
 *
 * A shorter line that itself went on by hand is looked at with the line
 * before it: as long as that one but for a tenth, it is a full printed line
 * too (kinsoku, which lets no line begin with 、 or a small kana, pushes a
 * character or two down: 「…件数は少な」 + 「く、…」); shorter, it usually ends
 * its paragraph, and the next goes on only when no line could begin so: it
 * closes a bracket the two lines left open, or begins with a small kana or
 * a closing mark (a word cut twice: 「サーバ」 + 「ー」 + 「管理台帳」…).
 *
 * A katakana word is not cut where a paragraph ends: a long line that ends
 * in katakana goes on where the next begins with katakana (…コンプラ +
 * イアンスの…). Nor does a paragraph end on a katakana word before a kanji
 * one where it was cut by hand already: a long line that itself went on by
 * hand from the line before goes on where it ends in katakana and the next
 * begins with a kanji (…サイバーセキュリティ + 対策を…,
 * kj_goes_on_within_hand). A line that no line went on into may end so and
 * be whole: a heading or an entry (…に関するリスク, …フリー・キャッシュ・フロー)
 * before a paragraph that begins with a kanji (当社は…, 営業活動に…).
 *
 * English has fewer signs: a long line that ends on a word, a figure, a
 * comma or a hyphen goes on where the next begins with a lower-case word
 * that numbers no entry (…a written plan for each kind of + incident, and
 * …; kj_latin_goes_on_by_hand).
 *
 * The PDF reader asks these of a line of a paragraph or a list entry that
 * ends short of the column's edge, as such a filing prints it (pdf.c,
 * cut_by_hand). The HTML reader asks the signals alone, of a line of any
 * length but for a katakana word before another (a list of names), of a
 * table cell's line that a <br> cut (kj_goes_on_in_label, cellwrap.c).
 */
#include <string.h>

#include "ingest_internal.h"

/* The shortest line, in characters, that a filing cut by hand: shorter
 * blocks without a sentence end are headings or table entries. */
#define KJ_HAND_LINE 40

/* Words that begin Japanese paragraphs although they are hiragana:
 * connectives and demonstratives. */
static const char *const paragraph_openers[] = {
    "また",     "なお",     "さらに",   "しかし",   "しかしながら", "ただし",   "したがって",
    "そのため", "このため", "これ",     "この",     "こう",         "ここ",     "こちら",
    "その",     "それ",     "そう",     "あわせて", "すなわち",     "まず",     "つまり",
    "ついては", "いずれ",   "なかでも", "とくに",   "とりわけ",     "わが",     "われわれ",
    "いわゆる", "もっとも", "よって",   "なぜ",     "たとえば",     "あらゆる", "いま",
};

/* Endings of a line that need what follows: case particles and
 * conjunctions. (と after こ, as in こと, and の of もの end nouns.) */
static const char *const open_endings[] = {
    "を",   "が",   "に",   "の",     "で",   "と",     "て",       "は",   "も",     "へ", "や",
    "から", "より", "まで", "および", "及び", "並びに", "ならびに", "又は", "または", "、", "，",
};

static bool has_suffix(const char *s, size_t len, const char *suffix) {
    size_t n = strlen(suffix);
    return n <= len && !memcmp(s + len - n, suffix, n);
}

static bool is_hiragana(int32_t c) {
    return c >= 0x3041 && c <= 0x3096;
}

/* Small kana, the long-vowel mark and the marks that close a phrase: no
 * Japanese line begins with one unless a line was cut before it. */
static bool never_first(int32_t c) {
    static const int32_t marks[] = {0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085,
                                    0x3087, 0x308E, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3,
                                    0x30E3, 0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6, 0x30FC, 0x3001,
                                    0x3002, 0xFF09, 0x300D, 0x300F, 0xFF0C, 0xFF0E};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (c == marks[i]) return true;
    return false;
}

bool kj_ends_sentence(int32_t c) {
    return c == 0x3002 || c == 0xFF0E || c == '.' || c == '!' || c == '?' || c == 0xFF01 ||
           c == 0xFF1F || c == ':' || c == 0xFF1A || c == ';' || c == 0xFF1B;
}

/* Closing marks (」 』 ） ) 】 〕 〉 》 ＞ >): a line ending with one is whole
 * but where what follows goes on with the phrase it closes
 * (continues_phrase). */
static bool closes_phrase(int32_t c) {
    return c == 0x300D || c == 0x300F || c == ')' || c == 0xFF09 || c == 0x3011 || c == 0x3015 ||
           c == 0x3009 || c == 0x300B || c == 0xFF1E || c == '>';
}

/* Particles and conjunctions that go on with the word or quotation before
 * them: a line that opens with one after a closing mark (『…規程』 +
 * 「に基づき…」, 「…」 + 「及び…」) continues it. */
static const char *const phrase_continuations[] = {
    "に",   "を",   "は",   "が",     "の",   "と",     "で",       "へ",   "も",     "や", "から",
    "より", "まで", "など", "および", "及び", "並びに", "ならびに", "又は", "または", "等",
};

/* Occurrences of the UTF-8 string mark in the len bytes at s. */
static size_t count_of(const char *s, size_t len, const char *mark) {
    size_t n = 0, m = strlen(mark);
    for (const char *p = s; (p = memmem(p, len - (size_t)(p - s), mark, m)) != NULL; p += m)
        n++;
    return n;
}

/* Whether line leaves a bracket open that next closes before opening one. */
static bool closes_open_bracket(const char *line, size_t line_len, const char *next,
                                size_t next_len) {
    static const char *const pairs[][2] = {{"（", "）"}, {"「", "」"}, {"『", "』"}, {"(", ")"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        if (count_of(line, line_len, pairs[i][0]) <= count_of(line, line_len, pairs[i][1]))
            continue;
        const char *close = memmem(next, next_len, pairs[i][1], strlen(pairs[i][1]));
        const char *open = memmem(next, next_len, pairs[i][0], strlen(pairs[i][0]));
        if (close && (!open || close < open)) return true;
    }
    return false;
}

/* Whether next begins with hiragana that cannot begin a paragraph: not a
 * connective or demonstrative, nor an honorific お/ご before a kanji
 * (お客様, ご案内). */
static bool hiragana_goes_on(const char *next, size_t next_len, int32_t first, size_t k) {
    if (!is_hiragana(first)) return false;
    for (size_t i = 0; i < sizeof paragraph_openers / sizeof paragraph_openers[0]; i++)
        if (kj_has_prefix(next, next_len, paragraph_openers[i])) return false;
    int32_t second = 0;
    if (k < next_len) kj_utf8_decode(next + k, next_len - k, &second);
    return !((first == 0x304A || first == 0x3054) && second && !is_hiragana(second));
}

/* Whether next opens with a particle or conjunction that goes on with the
 * phrase a closing mark ended (phrase_continuations), and not with a
 * paragraph's first word that begins as one does (とりわけ, もっとも). */
static bool continues_phrase(const char *next, size_t next_len) {
    for (size_t i = 0; i < sizeof paragraph_openers / sizeof paragraph_openers[0]; i++)
        if (kj_has_prefix(next, next_len, paragraph_openers[i])) return false;
    for (size_t i = 0; i < sizeof phrase_continuations / sizeof phrase_continuations[0]; i++)
        if (kj_has_prefix(next, next_len, phrase_continuations[i])) return true;
    return false;
}

/* Endings of a line that modify the noun the next line begins with: an
 * adjectival な (適切な + 管理) and the attributive する, される, ない (…に対する
 * + 指導, …が確保されない + リスク). */
static const char *const attributive_endings[] = {"な", "する", "される", "ない"};

/* Whether c begins a noun: a kanji, a katakana letter or a full-width
 * Latin letter. */
static bool noun_first(int32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x30A1 && c <= 0x30FA) || (c >= 0xFF21 && c <= 0xFF5A);
}

/* Whether line ends in a form that modifies a noun (attributive_endings)
 * and next, the line after it, begins with one. */
static bool modifies_next(const char *line, size_t len, int32_t first) {
    if (!noun_first(first)) return false;
    for (size_t i = 0; i < sizeof attributive_endings / sizeof attributive_endings[0]; i++)
        if (has_suffix(line, len, attributive_endings[i])) return true;
    return false;
}

static bool ends_open(const char *line, size_t len) {
    if (has_suffix(line, len, "こと") || has_suffix(line, len, "もの")) return false;
    for (size_t i = 0; i < sizeof open_endings / sizeof open_endings[0]; i++)
        if (has_suffix(line, len, open_endings[i])) return true;
    return false;
}

/* Whether c is a katakana letter or the long-vowel mark (ア ン ヴ ー). */
static bool katakana(int32_t c) {
    return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC;
}

/* Whether line may go on in next at all: it ends no sentence, and next
 * (its first character *first, of *k bytes) opens no entry and no
 * paragraph indented with an ideographic space. */
static bool may_go_on(const char *line, size_t line_len, const char *next, size_t next_len,
                      int32_t *first, size_t *k) {
    int32_t last = kj_utf8_last(line, line_len);
    *k = kj_utf8_decode(next, next_len, first);
    if (!*k || (last < 0x80 && last != ')') || *first < 0x80 || kj_ends_sentence(last))
        return false;
    return !(kj_starts_entry(next, next_len) || *first == 0x300C || *first == 0x300E || /* 「 『 */
             *first == 0x3007 || *first == 0x3000); /* 〇, an indent of an ideographic space */
}

/* Whether c is a kanji, also as the Kangxi radicals some PDF fonts give
 * for one (⼿ for 手). */
static bool kanji(int32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0xF900 && c <= 0xFAFF);
}

/* Whether line ends on a katakana word and next begins with a kanji: a
 * compound cut in two (…セキュリティ + 対策), where the line went on by hand
 * from the one before it. */
static bool kana_into_kanji(const char *line, size_t line_len, int32_t first) {
    return katakana(kj_utf8_last(line, line_len)) && kanji(first);
}

/* Whether next opens with 等 and a particle or a comma after it (等の,
 * 等を, 等、): the "and so on" that closes the list a line cut by hand left
 * open (…手順、体制 + 等の見直し…); no paragraph begins with it. */
static bool opens_with_etc(const char *next, size_t next_len) {
    static const char *const after[] = {"の", "を", "に", "が", "は", "で",
                                        "と", "へ", "も", "、", "，"};
    if (!kj_has_prefix(next, next_len, "等")) return false;
    size_t n = strlen("等");
    for (size_t i = 0; i < sizeof after / sizeof after[0]; i++)
        if (kj_has_prefix(next + n, next_len - n, after[i])) return true;
    return false;
}

/* Whether what next begins with, or what line ends on, says that a long
 * line goes on in it (kj_goes_on_by_hand's signals); with kana_word, also
 * a line that ends in katakana before a next that begins with it. */
static bool signals_going_on(const char *line, size_t line_len, const char *next, size_t next_len,
                             int32_t first, size_t k, bool kana_word) {
    if (closes_open_bracket(line, line_len, next, next_len) || never_first(first) ||
        opens_with_etc(next, next_len))
        return true;
    if (closes_phrase(kj_utf8_last(line, line_len))) /* whole but for a particle after it */
        return continues_phrase(next, next_len);
    /* a katakana word cut in two (…コンプラ + イアンス…): no line that ends
     * a paragraph, a heading or a cell short of its sentence's end runs on
     * into a katakana word */
    if (kana_word && katakana(kj_utf8_last(line, line_len)) && katakana(first)) return true;
    return hiragana_goes_on(next, next_len, first, k) || ends_open(line, line_len) ||
           modifies_next(line, line_len, first);
}

/* Whether a long line goes on in next: its signals say so, or, within a
 * paragraph cut by hand, a katakana word goes on into a kanji one. */
static bool long_line_goes_on(const char *line, size_t line_len, const char *next, size_t next_len,
                              bool within) {
    int32_t first = 0;
    size_t k = 0;
    return may_go_on(line, line_len, next, next_len, &first, &k) &&
           kj_utf8_count_past(line, line_len, KJ_HAND_LINE) >= KJ_HAND_LINE &&
           (signals_going_on(line, line_len, next, next_len, first, k, true) ||
            (within && kana_into_kanji(line, line_len, first)));
}

bool kj_goes_on_by_hand(const char *line, size_t line_len, const char *next, size_t next_len) {
    return long_line_goes_on(line, line_len, next, next_len, false);
}

bool kj_goes_on_after_hand(const char *before, size_t before_len, const char *line, size_t line_len,
                           const char *next, size_t next_len) {
    int32_t first = 0;
    size_t k = 0;
    if (!may_go_on(line, line_len, next, next_len, &first, &k)) return false;
    size_t chars = kj_utf8_count_past(line, line_len, KJ_HAND_LINE);
    if (chars >= KJ_HAND_LINE) return false; /* a long line: kj_goes_on_by_hand's */
    /* a full printed line, but for a tenth: the line before it was one, and
     * it is as long (then it is shorter than KJ_HAND_LINE * 10 / 9) */
    size_t full = kj_utf8_count_past(before, before_len, KJ_HAND_LINE * 10 / 9 + 1);
    if (full >= KJ_HAND_LINE && chars * 10 >= full * 9) /* it went on by hand itself */
        return signals_going_on(line, line_len, next, next_len, first, k, true) ||
               kana_into_kanji(line, line_len, first);
    /* the last, short line of a paragraph cut by hand: only what cannot
     * begin any line says the paragraph goes on */
    return closes_open_bracket(before, before_len + line_len, next, next_len) || never_first(first);
}

bool kj_goes_on_within_hand(const char *line, size_t line_len, const char *next, size_t next_len) {
    return long_line_goes_on(line, line_len, next, next_len, true);
}

bool kj_goes_on_in_label(const char *line, size_t line_len, const char *next, size_t next_len) {
    int32_t first = 0;
    size_t k = 0;
    return may_go_on(line, line_len, next, next_len, &first, &k) &&
           signals_going_on(line, line_len, next, next_len, first, k, false);
}

bool kj_latin_goes_on_by_hand(const char *line, size_t line_len, const char *next,
                              size_t next_len) {
    int32_t last = kj_utf8_last(line, line_len);
    bool open = (last >= 'a' && last <= 'z') || (last >= 'A' && last <= 'Z') ||
                (last >= '0' && last <= '9') || last == ',' || last == '-';
    return open && next_len && next[0] >= 'a' && next[0] <= 'z' &&
           !kj_starts_entry(next, next_len) &&
           kj_utf8_count_past(line, line_len, KJ_HAND_LINE) >= KJ_HAND_LINE;
}

bool kj_builder_goes_on_by_hand(const kj_builder *b, const char *text, size_t len) {
    if (!b->n || b->blocks[b->n - 1].kind != KJ_BLOCK_PARAGRAPH) return false;
    const kj_block *k = &b->blocks[b->n - 1];
    if (k->section != b->section) return false;                /* a section file starts afresh */
    size_t from = b->last_piece <= k->len ? b->last_piece : 0; /* its last printed line */
    kj_buf t = KJ_BUF_INIT;
    bool on = kj_collapse_space(&t, text, len) == KJ_OK && t.len &&
              kj_goes_on_by_hand(k->text + from, k->len - from, t.data, t.len);
    if (!on && t.len && b->by_hand && b->hand_line < from) /* it went on by hand itself */
        on = kj_goes_on_within_hand(k->text + from, k->len - from, t.data, t.len) ||
             kj_goes_on_after_hand(k->text + b->hand_line, from - b->hand_line, k->text + from,
                                   k->len - from, t.data, t.len);
    kj_buf_free(&t);
    return on;
}
