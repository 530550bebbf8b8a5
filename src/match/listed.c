/*
 * listed.c - whether a topic word is only one entry of a list of other
 * subjects.
 *
 * Filings name cybersecurity in passing inside enumerations: a bank's list
 * of the risks it manages (信用リスク、市場リスク、…、情報セキュリティリスク、…),
 * the laws a company must follow (製品安全、…、データプライバシー、環境、…),
 * the causes of a stoppage ("an earthquake, a pandemic, a cyberattack,
 * terrorism or war"). LABELING.md counts such a passage as not about
 * cybersecurity: it names the subject without saying anything about it. A
 * list whose entries are themselves about security (ファイアウォール、
 * 暗号化、多要素認証、…) is the opposite, a list of measures.
 *
 * So a topic term is "listed" when it lies in one entry of a list of at
 * least KJ_LIST_MIN entries of which at most a quarter name the topic. An
 * entry is a short stretch of text (at most KJ_LIST_ENTRY_MAX code points;
 * KJ_LIST_LONG_ENTRY_MAX beside a semicolon) between list separators
 * (、 , ; ・ and 」「), and a list ends at a sentence or clause mark, a
 * bracket, or a stretch that is not an entry. A Japanese clause also ends
 * in 、 (当社は、…を定め、…), so there an entry must end as a noun does: not
 * in hiragana, unless in など.
 */
#include <string.h>

#include "kaiji/match.h"

#define KJ_LIST_MIN 5
#define KJ_LIST_ENTRY_MAX 20
#define KJ_LIST_LONG_ENTRY_MAX 80

/* The marks that separate the entries of a list (sep 1; normalised text:
 * "，" is ",") and those that end a list (sep 0: sentence and clause ends,
 * brackets). A two-bracket separator comes before its single brackets. */
#define KJ_MARK(m, sep)                                                                            \
    { m, sizeof m - 1, sep }
static const struct {
    const char *text;
    size_t len;
    int sep;
} kj_list_marks[] = {
    KJ_MARK("、", 1),   KJ_MARK(",", 1),  KJ_MARK(";", 1),  KJ_MARK("・", 1), KJ_MARK("」「", 1),
    KJ_MARK("』『", 1), KJ_MARK("。", 0), KJ_MARK("\n", 0), KJ_MARK("(", 0),  KJ_MARK(")", 0),
    KJ_MARK("「", 0),   KJ_MARK("」", 0), KJ_MARK("『", 0), KJ_MARK("』", 0), KJ_MARK(":", 0),
    KJ_MARK("!", 0),    KJ_MARK("?", 0),  KJ_MARK("【", 0), KJ_MARK("】", 0),
};
#undef KJ_MARK

#define N_OF(a) (sizeof(a) / sizeof *(a))

/* Whether c is an ASCII mark. The others are 3-byte UTF-8 sequences, E3 80
 * xx (CJK punctuation: 、。「」『』【】) or E3 83 BB (・), so a byte that
 * could not start or end one is passed over without comparing (hiragana and
 * katakana share the lead byte E3: the second byte tells them apart). */
static int ascii_mark(unsigned char c) {
    return c == ',' || c == ';' || c == '\n' || c == '(' || c == ')' || c == ':' || c == '!' ||
           c == '?';
}
static int cjk_mark(const unsigned char *u) {
    return u[0] == 0xE3 && (u[1] == 0x80 || (u[1] == 0x83 && u[2] == 0xBB));
}

/* The mark that starts at s[i]: its length (0 for none) and, in *sep,
 * whether it separates entries. */
static size_t mark_at(const char *s, size_t len, size_t i, int *sep) {
    const unsigned char *u = (const unsigned char *)s + i;
    if (!ascii_mark(u[0]) && !(len - i >= 3 && cjk_mark(u))) return 0;
    for (size_t k = 0; k < N_OF(kj_list_marks); k++) {
        size_t l = kj_list_marks[k].len;
        if (l <= len - i && memcmp(s + i, kj_list_marks[k].text, l) == 0) {
            *sep = kj_list_marks[k].sep;
            return l;
        }
    }
    return 0;
}

/* The mark that ends just before s[i]: its length (0 for none) and, in
 * *sep, whether it separates entries. */
static size_t mark_before(const char *s, size_t i, int *sep) {
    const unsigned char *u = (const unsigned char *)s + i;
    if (!(i >= 1 && ascii_mark(u[-1])) && !(i >= 3 && cjk_mark(u - 3))) return 0;
    for (size_t k = 0; k < N_OF(kj_list_marks); k++) {
        size_t l = kj_list_marks[k].len;
        if (l <= i && memcmp(s + i - l, kj_list_marks[k].text, l) == 0) {
            *sep = kj_list_marks[k].sep;
            return l;
        }
    }
    return 0;
}

/* An English full stop ends a list when a space or the end follows it. */
static int stop_at(const char *s, size_t len, size_t i) {
    return s[i] == '.' && (i + 1 == len || s[i + 1] == ' ');
}

/* The end of the stretch starting at a: the next separator or end mark (or
 * the end of the text); *sep is the separator's length there, 0 for an end. */
static size_t stretch_end(const char *s, size_t len, size_t a, size_t *sep) {
    size_t i = a;
    int is_sep = 0;
    for (; i < len; i++) {
        size_t l = mark_at(s, len, i, &is_sep);
        if (l && is_sep) {
            *sep = l;
            return i;
        }
        if (l || stop_at(s, len, i)) break;
    }
    *sep = 0;
    return i;
}

/* The start of the stretch ending at b: just after the previous separator or
 * end mark (or the start); *sep is that separator's length, 0 for an end. */
static size_t stretch_start(const char *s, size_t len, size_t b, size_t *sep) {
    size_t i = b;
    int is_sep = 0;
    for (; i > 0; i--) {
        size_t l = mark_before(s, i, &is_sep);
        if (l && is_sep) {
            *sep = l;
            return i;
        }
        if (l || stop_at(s, len, i - 1)) break;
    }
    *sep = 0;
    return i;
}

/* Whether the code point ending just before s[i] is hiragana (U+3041-U+309F:
 * UTF-8 E3 81 81 - E3 82 9F). */
static int hiragana_before(const char *s, size_t i) {
    const unsigned char *u = (const unsigned char *)s + i;
    return i >= 3 && u[-3] == 0xE3 &&
           ((u[-2] == 0x81 && u[-1] >= 0x81) || (u[-2] == 0x82 && u[-1] <= 0x9F));
}

/* Whether [a, b) can be an entry of a list: short, and not ending as a
 * Japanese clause does. Beside a semicolon, which separates the entries of
 * an English enumeration of laws or areas ("taxes; data privacy
 * requirements; competition and antitrust; …"), an entry may be longer. */
static int is_entry(const char *s, size_t len, size_t a, size_t b) {
    size_t max = (a > 0 && s[a - 1] == ';') || (b < len && s[b] == ';') ? KJ_LIST_LONG_ENTRY_MAX
                                                                        : KJ_LIST_ENTRY_MAX;
    while (a < b && s[a] == ' ')
        a++;
    while (b > a && s[b - 1] == ' ')
        b--;
    if (a == b || kj_utf8_count(s + a, b - a) > max) return 0;
    static const char nado[] = "など";
    size_t nl = sizeof nado - 1;
    return !hiragana_before(s, b) || (b - a >= nl && memcmp(s + b - nl, nado, nl) == 0);
}

/* Whether one of mt's topic terms that count (is_topic) lies in [a, b). */
static int names_topic(const kj_lexicon *lex, const kj_matches *mt, size_t a, size_t b,
                       int (*is_topic)(const kj_term *)) {
    for (size_t j = 0; j < mt->n && mt->items[j].nstart < b; j++)
        if (mt->items[j].nstart >= a && mt->items[j].nend <= b &&
            is_topic(kj_lexicon_term(lex, mt->items[j].term)))
            return 1;
    return 0;
}

/* Count into *entries and *topical the entries of the list on one side of
 * a stretch: from its edge (its start when before, else its end) across the
 * separator of sep bytes there (0: the list ends at the edge), entry by
 * entry until one is not an entry. */
static void count_side(const char *text, size_t len, const kj_lexicon *lex, const kj_matches *mt,
                       int (*is_topic)(const kj_term *), size_t edge, size_t sep, int before,
                       int *entries, int *topical) {
    while (sep) {
        size_t a, b, next;
        if (before) {
            b = edge - sep;
            a = stretch_start(text, len, b, &next);
        } else {
            a = edge + sep;
            b = stretch_end(text, len, a, &next);
        }
        if (!is_entry(text, len, a, b)) break;
        ++*entries;
        *topical += names_topic(lex, mt, a, b, is_topic);
        edge = before ? a : b;
        sep = next;
    }
}

int kj_match_is_listed(const char *text, size_t len, const kj_lexicon *lex, const kj_matches *mt,
                       size_t i, int (*is_topic)(const kj_term *)) {
    const kj_match *m = &mt->items[i];
    if (!text || m->nend > len) return 0;
    size_t lsep, rsep;
    size_t a = stretch_start(text, len, m->nstart, &lsep);
    size_t b = stretch_end(text, len, m->nend, &rsep);
    if (!is_entry(text, len, a, b)) return 0;
    int entries = 1, topical = 1;
    count_side(text, len, lex, mt, is_topic, a, lsep, 1, &entries, &topical);
    count_side(text, len, lex, mt, is_topic, b, rsep, 0, &entries, &topical);
    return entries >= KJ_LIST_MIN && topical * 4 <= entries;
}
