/*
 * lang.c - language of a passage (Japanese or English) and the look of a
 * heading. Both are cheap heuristics: the language by the words that carry
 * a text's grammar (hiragana particles and endings, English grammar words),
 * then by the weight of its scripts; a heading by its marks and shape.
 */
#include "kaiji/text.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

const char *kj_lang_name(kj_lang l) {
    switch (l) {
    case KJ_LANG_JA:
        return "ja";
    case KJ_LANG_EN:
        return "en";
    default:
        return "auto";
    }
}

int kj_lang_parse(const char *s) {
    if (!s) return -1;
    if (strcmp(s, "ja") == 0) return KJ_LANG_JA;
    if (strcmp(s, "en") == 0) return KJ_LANG_EN;
    if (strcmp(s, "auto") == 0) return KJ_LANG_AUTO;
    return -1;
}

int kj_lang_list_parse(const char *s, char sep, int langs[2]) {
    while (*s) {
        const char *end = strchr(s, sep);
        size_t n = end ? (size_t)(end - s) : strlen(s);
        char item[8];
        if (n >= sizeof item) return 0;
        memcpy(item, s, n);
        item[n] = '\0';
        int l = kj_lang_parse(item);
        if (l != KJ_LANG_JA && l != KJ_LANG_EN) return 0;
        langs[l == KJ_LANG_EN] = 1;
        if (!end) break;
        s = end + 1;
        if (!*s) return 0; /* a separator ends the list */
    }
    return 1;
}

/* Kana, kanji and the like, but not the voiced and semi-voiced marks
 * U+3099-U+309C (decomposed ダ, タ and U+3099, is one character, as ダ is);
 * bitwise ors so counting them does not branch (kana and kanji alternate
 * unpredictably). */
static int is_cjk(int32_t cp) {
    return kj_cp_in(cp, 0x3040, 0x3098) | kj_cp_in(cp, 0x309D, 0x30FF) |
           kj_cp_in(cp, 0x4E00, 0x9FFF) | kj_cp_in(cp, 0x3400, 0x4DBF) |
           kj_cp_in(cp, 0x2F00, 0x2FDF) | kj_cp_in(cp, 0xFF66, 0xFF9F);
}

/* Whether u starts a well-formed 3-byte sequence of the common kanji
 * (U+5000-U+9FFF: lead byte E5-E9) or of kana (U+3040-U+30FF: E3 81-83, but
 * for the marks U+3099-U+309C, E3 82 99-9C), all of which is_cjk() counts:
 * most Japanese text, told without decoding. */
static int cjk_common3(const unsigned char *u) {
    return kj_utf8_three((const char *)u, 3) &&
           ((u[0] >= 0xE5 && u[0] <= 0xE9) || (u[0] == 0xE3 && u[1] >= 0x81 && u[1] <= 0x83 &&
                                               (u[1] != 0x82 || (unsigned)(u[2] - 0x99) > 3)));
}

/* Whether the well-formed 3-byte sequence at u is hiragana (U+3041-U+309F:
 * E3 81 xx, E3 82 80-9F), the script of a Japanese sentence's endings and
 * particles, which a name or a term written in kanji and katakana lacks;
 * but for the voiced and semi-voiced marks U+3099-U+309C (E3 82 99-9C),
 * which decomposed katakana has too (ダ as タ and U+3099). */
static int hiragana3(const unsigned char *u) {
    return u[0] == 0xE3 &&
           (u[1] == 0x81 || (u[1] == 0x82 && u[2] < 0xA0 && (u[2] < 0x99 || u[2] > 0x9C)));
}

/* What kj_detect_lang counts of a text: its kana and kanji (cjk), its
 * Latin letters and the lower-case ones among them, and its runs of
 * hiragana, the script of a Japanese sentence's particles and endings
 * (当社[は]CSIRT[を]設置[しています]: three), which a name written in
 * kanji and katakana lacks and one with hiragana (株式会社さくら電機) has
 * once or twice. in_hira: the last character was hiragana. */
typedef struct {
    size_t cjk, latin, lower, hira_runs;
    int in_hira;
} script_count;

/* A character that is hiragana (h) or not ends or starts a run. */
static void hira_step(script_count *c, int h) {
    c->hira_runs += (size_t)(h && !c->in_hira);
    c->in_hira = h;
}

/* Count the characters cjk_common3 takes that follow one another from
 * byte *i of u (len bytes); *i moves past them. Returns how many. */
static size_t cjk_run(const unsigned char *u, size_t len, size_t *i, script_count *c) {
    size_t n = 0, k = *i;
    while (len - k >= 3 && cjk_common3(u + k)) {
        hira_step(c, hiragana3(u + k));
        n++;
        k += 3;
    }
    *i = k;
    return n;
}

#ifdef __SSE2__
/* ASCII letters among the 16 bytes at s when all are ASCII, else -1; *lower
 * gets how many of them are lower-case. */
static int ascii_letters16(const char *s, int *lower) {
    __m128i v = _mm_loadu_si128((const __m128i *)s);
    if (_mm_movemask_epi8(v)) return -1;
    const __m128i a = _mm_set1_epi8('a'), span = _mm_set1_epi8('z' - 'a');
    /* letters of either case are 'a'..'z' once 0x20 is set */
    __m128i off = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), a);
    __m128i m = _mm_cmpeq_epi8(_mm_min_epu8(off, span), off);
    __m128i low = _mm_sub_epi8(v, a);
    __m128i ml = _mm_cmpeq_epi8(_mm_min_epu8(low, span), low);
    *lower = __builtin_popcount((unsigned)_mm_movemask_epi8(ml));
    return __builtin_popcount((unsigned)_mm_movemask_epi8(m));
}
#endif

/* Bytes of s (len) that are ASCII white space or control characters (up
 * to 0x20): an English grammar word needs one after it, so a text with
 * more runs of hiragana than these is Japanese whatever else it holds. */
static size_t count_spaces(const char *s, size_t len) {
    size_t n = 0, i = 0;
#ifdef __SSE2__
    const __m128i top = _mm_set1_epi8(0x20);
    for (; len - i >= 16; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i le = _mm_cmpeq_epi8(_mm_min_epu8(v, top), v); /* unsigned v <= 0x20 */
        n += (size_t)__builtin_popcount((unsigned)_mm_movemask_epi8(le));
    }
#endif
    for (; i < len; i++)
        n += (unsigned char)s[i] <= 0x20;
    return n;
}

/* Count the scripts of len bytes of UTF-8 s into *c (zeroed first),
 * stopping once there are more runs of hiragana than enough. */
static void count_scripts(const char *s, size_t len, size_t enough, script_count *c) {
    memset(c, 0, sizeof *c);
    size_t i = 0;
    while (i < len && c->hira_runs <= enough) {
#ifdef __SSE2__
        int n, nl;
        if (len - i >= 16 && (n = ascii_letters16(s + i, &nl)) >= 0) { /* English runs */
            c->latin += (size_t)n;
            c->lower += (size_t)nl;
            c->in_hira = 0;
            i += 16;
            continue;
        }
#endif
        size_t run = cjk_run((const unsigned char *)s, len, &i, c); /* kanji and kana */
        if (run) {
            c->cjk += run;
            continue;
        }
        int32_t cp;
        i += kj_utf8_decode(s + i, len - i, &cp);
        c->cjk += (size_t)is_cjk(cp);
        hira_step(c, kj_cp_in(cp, 0x3041, 0x3098) | kj_cp_in(cp, 0x309D, 0x309F));
        c->lower += (size_t)kj_cp_in(cp, 'a', 'z');
        c->latin += (size_t)(kj_cp_in(cp, 'a', 'z') | kj_cp_in(cp, 'A', 'Z'));
    }
}

/* ---- English grammar words ----------------------------------------------
 * The words that carry an English sentence's grammar (articles,
 * prepositions, pronouns, auxiliaries), which a Japanese text quoting an
 * English name, product or acronym seldom writes between spaces. */

static int is_space(unsigned char b) {
    return b == ' ' || b == '\n' || b == '\t' || b == '\r';
}

static int is_upper(unsigned char b) {
    return b >= 'A' && b <= 'Z';
}

static int is_letter(unsigned char b) {
    return (unsigned char)((b | 0x20) - 'a') <= 'z' - 'a';
}

/* Whether the lower-case word w (n bytes) is an English grammar word. */
static int grammar_word(const char *w, size_t n) {
    static const char *const words[] = {
        "a",    "an",   "the", "of",  "to",   "in",    "on",   "at",    "by",    "for",   "with",
        "from", "and",  "or",  "is",  "are",  "was",   "were", "be",    "been",  "has",   "have",
        "had",  "we",   "our", "its", "it",   "this",  "that", "these", "those", "which", "as",
        "not",  "will", "may", "can", "such", "their", "they", "us"};
    if (n > 5) return 0;
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (strlen(words[k]) == n && memcmp(words[k], w, n) == 0) return 1;
    return 0;
}

/* Whether the word at s[w] opens a sentence: only white space before it,
 * or a full stop, ! or ? and white space. */
static int opens_text_sentence(const char *s, size_t w) {
    while (w > 0 && is_space((unsigned char)s[w - 1]))
        w--;
    return w == 0 || s[w - 1] == '.' || s[w - 1] == '!' || s[w - 1] == '?';
}

/* The most small words between two words of a name ("Department of the
 * Interior", "Center for the Protection of ..."). */
#define KJ_NAME_SMALL_WORDS 2

/* The start of the word of letters that ends at s[q] (q when none). */
static size_t word_start(const char *s, size_t q) {
    while (q > 0 && is_letter((unsigned char)s[q - 1]))
        q--;
    return q;
}

/* The start of the word before the white space that ends at s[w] (a
 * comma, full stop, semicolon or colon after it aside), passing over up to
 * KJ_NAME_SMALL_WORDS lower-case grammar words; w when there is no word
 * there. */
static size_t name_word_before(const char *s, size_t w) {
    for (int small = 0;; small++) {
        size_t q = w;
        while (q > 0 && is_space((unsigned char)s[q - 1]))
            q--;
        if (q > 0 && (s[q - 1] == '.' || s[q - 1] == ',' || s[q - 1] == ';' || s[q - 1] == ':'))
            q--;
        size_t a = word_start(s, q);
        if (a == q) return w;
        if (small == KJ_NAME_SMALL_WORDS || is_upper((unsigned char)s[a]) ||
            !grammar_word(s + a, q - a))
            return a;
        w = a;
    }
}

/* The start of the word after the white space from s[e], passing over up
 * to KJ_NAME_SMALL_WORDS lower-case grammar words; len when there is none. */
static size_t name_word_after(const char *s, size_t len, size_t e) {
    for (int small = 0;; small++) {
        while (e < len && is_space((unsigned char)s[e]))
            e++;
        size_t z = e;
        while (z < len && is_letter((unsigned char)s[z]))
            z++;
        if (z == e) return len;
        if (small == KJ_NAME_SMALL_WORDS || is_upper((unsigned char)s[e]) ||
            !grammar_word(s + e, z - e) || z == len || !is_space((unsigned char)s[z]))
            return e;
        e = z;
    }
}

/* Whether the word before the white space that ends at s[w] (a comma or
 * full stop after it aside) and the word after the white space from s[e]
 * are both capitalised, other small words aside: "Bank of America",
 * "Center for Internet Security", "Bank of the West" name something,
 * whatever the language around them. */
static int inside_name(const char *s, size_t len, size_t w, size_t e) {
    size_t a = name_word_before(s, w);
    if (a == w || !is_upper((unsigned char)s[a])) return 0;
    e = name_word_after(s, len, e);
    return e < len && is_upper((unsigned char)s[e]);
}

/* Whether the letters s[w..e) (white space or the text's start before
 * them, white space after) are a grammar word of an English sentence:
 * lower case, or capitalised where a sentence opens ("Our", "The"), and
 * not a small word inside a name. */
static int counts_as_grammar(const char *s, size_t len, size_t w, size_t e) {
    size_t n = e - w;
    if (n > 5) return 0;
    char low[5];
    for (size_t k = 0; k < n; k++)
        low[k] = (char)(s[w + k] | 0x20);
    for (size_t k = 1; k < n; k++)
        if (is_upper((unsigned char)s[w + k])) return 0; /* "IT", "AND" */
    int start = opens_text_sentence(s, w);
    if (is_upper((unsigned char)s[w]) && !start) return 0;
    if (!grammar_word(low, n)) return 0;
    return start || !inside_name(s, len, w, e);
}

/* Bytes of a web address at s[i] ("http://", "https://" or "www.", not
 * inside a word) up to white space or a non-ASCII byte, else 0; its letters
 * tell no language. */
static size_t web_address(const char *s, size_t len, size_t i) {
    if (i > 0 && is_letter((unsigned char)s[i - 1])) return 0;
    size_t rest = len - i;
    if (!((rest >= 7 && memcmp(s + i, "http://", 7) == 0) ||
          (rest >= 8 && memcmp(s + i, "https://", 8) == 0) ||
          (rest >= 4 && memcmp(s + i, "www.", 4) == 0)))
        return 0;
    size_t e = i;
    while (e < len && !is_space((unsigned char)s[e]) && (unsigned char)s[e] < 0x80)
        e++;
    return e - i;
}

/* What the English side of a text counts: its grammar words, and the
 * letters (all, and lower-case) of its web addresses. */
typedef struct {
    size_t grammar, url_latin, url_lower;
} english_count;

/* Take the letters of the web address s[i..i+n) off the count. */
static void count_address(const char *s, size_t i, size_t n, english_count *c) {
    for (size_t k = i; k < i + n; k++) {
        c->url_latin += (size_t)is_letter((unsigned char)s[k]);
        c->url_lower += (size_t)(s[k] >= 'a' && s[k] <= 'z');
    }
}

/* Count into *c the grammar words and web addresses of bytes [from, to)
 * of s (len bytes, read around them to tell a word's place), stopping once
 * the grammar words are more than enough (their count decides, and the
 * addresses are not needed). */
static void count_english_in(const char *s, size_t len, size_t from, size_t to, size_t enough,
                             english_count *c) {
    size_t i = from;
    while (i < to && c->grammar <= enough) {
        unsigned char b = (unsigned char)s[i];
        size_t n;
        if ((b == 'h' || b == 'w') && (n = web_address(s, to, i)) > 0) {
            count_address(s, i, n, c);
            i += n;
            continue;
        }
        if (!is_letter(b) || (i > 0 && !is_space((unsigned char)s[i - 1]))) {
            i++;
            continue;
        }
        size_t e = i;
        while (e < to && is_letter((unsigned char)s[e]))
            e++;
        if (e < to && is_space((unsigned char)s[e]) && counts_as_grammar(s, len, i, e))
            c->grammar++;
        i = e;
    }
}

/* Count the grammar words and web addresses of len bytes of s into *c
 * (zeroed first), as count_english_in. */
static void count_english(const char *s, size_t len, size_t enough, english_count *c) {
    memset(c, 0, sizeof *c);
    count_english_in(s, len, 0, len, enough, c);
}

/* Lower-case Latin letters that make a text without hiragana English
 * however much kanji and katakana it has: at least KJ_EN_LOWER_MIN of them
 * (a few words), and twice its CJK characters. "Our subsidiary 山田精密工業
 * holds ISO certification" is an English sentence naming a Japanese company;
 * "NIST CSF準拠" and "ISMS認証" (capitals) stay Japanese. */
#define KJ_EN_LOWER_MIN 12

/* The language by the weight of the scripts alone, for a text whose
 * grammar words do not tell: a Japanese sentence has far fewer characters
 * per word than English, so each CJK character weighs as about four Latin
 * letters; but a text without hiragana whose lower-case letters are a few
 * words' worth and twice its CJK characters is English (see above). */
static kj_lang by_weight(size_t cjk, size_t latin, size_t lower, int hira) {
    int english_named = !hira && lower >= KJ_EN_LOWER_MIN && lower >= 2 * cjk;
    return cjk * 4 >= latin && cjk > 0 && !english_named ? KJ_LANG_JA : KJ_LANG_EN;
}

/* The language of the whole text s (len bytes) by its grammar, else by
 * the weight of its scripts (kj_detect_lang, asides and all). */
static kj_lang by_grammar(const char *s, size_t len) {
    size_t spaces = count_spaces(s, len);
    script_count c;
    count_scripts(s, len, spaces, &c);
    /* fewer spaces than runs of hiragana: fewer grammar words too */
    if (c.hira_runs > spaces) return KJ_LANG_JA;
    if (c.cjk == 0) return KJ_LANG_EN;
    if (c.latin == 0) return KJ_LANG_JA; /* as by_weight: no grammar word either */
    english_count e;
    count_english(s, len, c.hira_runs, &e);
    /* the grammar of the text: particles and endings in hiragana, or
     * English grammar words; the other script's words are names */
    if (c.hira_runs != e.grammar) return c.hira_runs > e.grammar ? KJ_LANG_JA : KJ_LANG_EN;
    return by_weight(c.cjk, c.latin - e.url_latin, c.lower - e.url_lower, c.hira_runs > 0);
}

/* ---- Asides ---------------------------------------------------------------
 * A gloss in brackets or a quotation in the other script ("Security
 * Operations Center (セキュリティ運用センター)", 「Protect what matters ...」)
 * is not the grammar of the text around it: the words outside them decide
 * where they tell. */

/* The most bytes of an aside, its marks too: an opening mark that no
 * closing one follows within them hides nothing. */
#define KJ_ASIDE_MAX 1200

/* How many times over the search for asides' ends may read a text (and
 * KJ_ASIDE_MAX bytes more, for a short one): each opening mark that no
 * closing one follows is read past for up to KJ_ASIDE_MAX bytes, so a text
 * of thousands of them ("((((…") would take KJ_ASIDE_MAX times its length.
 * Past the budget the rest of the text has no aside: a text reads as
 * before unless it opens far more asides than it closes. */
#define KJ_ASIDE_READS 4

/* Bytes of the opening mark at s[i] ( （ 「 『 “ " ) and, in *close, the
 * mark that closes it; 0 when there is none. Asked only where
 * maybe_opener stops. */
static size_t aside_opener(const char *s, size_t len, size_t i, const char **close) {
    const unsigned char *u = (const unsigned char *)s + i;
    if (u[0] == '(' || u[0] == '"') {
        *close = u[0] == '(' ? ")" : "\"";
        return 1;
    }
    if (len - i < 3) return 0;
    if (u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0x9C)
        *close = "”";
    else if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x8C)
        *close = "」";
    else if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x8E)
        *close = "』";
    else if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x88)
        *close = "）";
    else
        return 0;
    return 3;
}

/* The end of the aside whose opening mark (n bytes, closed by close) is at
 * s[i]: the byte after its closing mark, the same marks nested inside it
 * counted; 0 when it does not close within KJ_ASIDE_MAX bytes. */
static size_t aside_end(const char *s, size_t len, size_t i, size_t n, const char *close) {
    size_t cn = strlen(close), depth = 1;
    int same = memcmp(s + i, close, cn) == 0 && cn == n; /* "…": no nesting */
    size_t end = len - i > KJ_ASIDE_MAX ? i + KJ_ASIDE_MAX : len;
    for (size_t k = i + n; k + cn <= end; k++) {
        if (!same && memcmp(s + k, s + i, n) == 0) {
            depth++;
            k += n - 1;
        } else if (memcmp(s + k, close, cn) == 0 && --depth == 0) {
            return k + cn;
        }
    }
    return 0;
}

/* The first byte from k of s (len bytes) that may open an aside (as
 * aside_opener reads the bytes: ( " E2 EF, or E3 80), len when none. A
 * Japanese text's kana all start with E3, so 16 bytes at a time are
 * passed over where SSE2 is. */
static size_t maybe_opener(const char *s, size_t len, size_t k) {
#ifdef __SSE2__
    const __m128i paren = _mm_set1_epi8('('), quote = _mm_set1_epi8('"'),
                  e2 = _mm_set1_epi8((char)0xE2), ef = _mm_set1_epi8((char)0xEF),
                  e3 = _mm_set1_epi8((char)0xE3), x80 = _mm_set1_epi8((char)0x80);
    for (; len - k >= 17; k += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + k));
        __m128i next = _mm_loadu_si128((const __m128i *)(s + k + 1));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, paren), _mm_cmpeq_epi8(v, quote)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, e2), _mm_cmpeq_epi8(v, ef)));
        m = _mm_or_si128(m, _mm_and_si128(_mm_cmpeq_epi8(v, e3), _mm_cmpeq_epi8(next, x80)));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits) return k + (size_t)__builtin_ctz(bits);
    }
#endif
    for (; k < len; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c == '(' || c == '"' || c == 0xE2 || c == 0xEF ||
            (c == 0xE3 && k + 1 < len && (unsigned char)s[k + 1] == 0x80))
            return k;
    }
    return len;
}

/* The bytes aside_end reads for the opening mark at s[k] (len bytes):
 * up to the end e of its aside, or as far as it looks when e is 0. */
static size_t aside_reads(size_t len, size_t k, size_t e) {
    return e ? e - k : len - k > KJ_ASIDE_MAX ? KJ_ASIDE_MAX : len - k;
}

/* The next aside of s (len bytes) from byte *i: [*from, *to), its marks
 * included; 0 when there is none (*i then len). *budget: the bytes the
 * search for asides' ends may still read (KJ_ASIDE_READS), counted down;
 * once spent, there is none. */
static int next_aside(const char *s, size_t len, size_t *i, size_t *from, size_t *to,
                      size_t *budget) {
    for (size_t k = *i; *budget > 0 && (k = maybe_opener(s, len, k)) < len; k++) {
        const char *close;
        size_t n = aside_opener(s, len, k, &close), e;
        if (!n) continue;
        e = aside_end(s, len, k, n, close);
        size_t r = aside_reads(len, k, e);
        *budget = r < *budget ? *budget - r : 0;
        if (e > 0) {
            *from = k;
            *to = e;
            *i = e;
            return 1;
        }
    }
    *i = len;
    return 0;
}

/* The next stretch of s (len bytes) outside its asides from byte *i:
 * [*from, *to), *i moved past the aside after it; 0 when none is left. */
static int next_outside(const char *s, size_t len, size_t *i, size_t *from, size_t *to,
                        size_t *budget) {
    if (*i > len) return 0;
    size_t k = *i, a, b;
    *from = k;
    if (next_aside(s, len, &k, &a, &b, budget)) {
        *to = a;
        *i = b;
    } else {
        *to = len;
        *i = len + 1; /* the last stretch */
    }
    return 1;
}

/* The runs of hiragana and the English grammar words of s (len bytes)
 * outside its asides, into *hira and *grammar; once the runs outnumber
 * the text's spaces (each grammar word needs one after it), counting
 * stops, and the grammar words, fewer, count 0. Returns 0, counting
 * nothing, when s has no aside. */
static int count_outside(const char *s, size_t len, size_t *hira, size_t *grammar) {
    size_t i = 0, from, to, budget = KJ_ASIDE_READS * (len + KJ_ASIDE_MAX);
    if (!next_aside(s, len, &i, &from, &to, &budget)) return 0;
    size_t spaces = count_spaces(s, len);
    script_count c;
    english_count e;
    memset(&e, 0, sizeof e);
    *hira = 0;
    /* the text before the first aside, then each stretch after one (i is
     * past the first aside already) */
    to = from;
    from = 0;
    do {
        count_scripts(s + from, to - from, spaces - *hira, &c);
        *hira += c.hira_runs;
        if (*hira > spaces) {
            *grammar = 0;
            return 1;
        }
        count_english_in(s, len, from, to, SIZE_MAX, &e);
    } while (next_outside(s, len, &i, &from, &to, &budget));
    *grammar = e.grammar;
    return 1;
}

kj_lang kj_detect_lang(const char *s, size_t len) {
    size_t hira, grammar;
    /* the grammar outside the asides, where it tells */
    if (count_outside(s, len, &hira, &grammar) && hira != grammar)
        return hira > grammar ? KJ_LANG_JA : KJ_LANG_EN;
    return by_grammar(s, len);
}

/* Markers that open a heading line in Japanese reports. */
static const char *const heading_marks[] = {
    "■",    "□",    "●",     "○",     "◆",     "◇",    "▶",    "▼",    "▲",    "◎",
    "【",   "〔",   "≪",     "《",    "第",    "（1",  "（2",  "（3",  "（4",  "（5",
    "（6",  "（7",  "（8",   "（9",   "(1",    "(2",   "(3",   "(4",   "(5",   "(6",
    "(7",   "(8",   "(9",    "（１",  "（２",  "（３", "（４", "（５", "（６", "（７",
    "（８", "（９", "Item ", "ITEM ", "Part ", "PART "};

/* Whether s opens with a digit, ASCII or full width (０-９). */
static int opens_digit(const char *s, size_t len) {
    int32_t c = 0;
    return len && kj_utf8_decode(s, len, &c) && kj_is_digit(c);
}

/* Whether s opens with the mark of a note (※, （注, (注, 注1, 注：, *1,
 * ＊１): a short note explains a term or a figure, it heads nothing. */
static int is_note_mark(const char *s, size_t len) {
    if (kj_has_prefix(s, len, "※") || kj_has_prefix(s, len, "（注") || kj_has_prefix(s, len, "(注"))
        return 1;
    if (kj_has_prefix(s, len, "注")) {
        size_t k = strlen("注");
        return len > k &&
               ((s[k] >= '0' && s[k] <= '9') || kj_has_prefix(s + k, len - k, "：") ||
                kj_has_prefix(s + k, len - k, ":") || kj_has_prefix(s + k, len - k, "）") ||
                kj_has_prefix(s + k, len - k, ")"));
    }
    size_t k = kj_has_prefix(s, len, "*") ? 1 : kj_has_prefix(s, len, "＊") ? strlen("＊") : 0;
    return k && opens_digit(s + k, len - k);
}

/* Whether s (len bytes, no space before it) opens with a heading's mark
 * (heading_marks), a circled number (① … ⑳ ㉑ … ㊿, ❶) or a number ("1."
 * "2.3" "1)"). */
static int heading_mark(const char *s, size_t len) {
    for (size_t i = 0; i < sizeof heading_marks / sizeof heading_marks[0]; i++)
        if (kj_has_prefix(s, len, heading_marks[i])) return 1;
    int32_t first = 0;
    kj_utf8_decode(s, len, &first);
    if (kj_is_circled_number(first)) return 1;
    size_t d = 0;
    while (d < len && ((s[d] >= '0' && s[d] <= '9') || s[d] == '.'))
        d++;
    return d > 0 && d < len && (s[d] == ' ' || s[d] == ')' || s[d - 1] == '.');
}

int kj_ends_japanese_predicate(const char *s, size_t len) {
    static const char *const ends[] = {"ます", "ました", "ません", "です", "でした", "である"};
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
        size_t n = strlen(ends[i]);
        if (len >= n && memcmp(s + len - n, ends[i], n) == 0) return 1;
    }
    return 0;
}

int kj_looks_like_heading(const char *s, size_t len) {
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n'))
        len--;
    if (len == 0 || len > 4 * 60) return 0; /* over 60 characters of at most 4 bytes */
    size_t chars = kj_utf8_count(s, len);
    if (chars > 60) return 0;
    /* sentence-final punctuation means a sentence, not a heading */
    if (kj_has_prefix(s + len - (len >= 3 ? 3 : len), len >= 3 ? 3 : len, "。")) return 0;
    if (s[len - 1] == '.' && chars > 12) return 0;
    if (s[len - 1] == ',' || s[len - 1] == ';') return 0;
    if (is_note_mark(s, len) || kj_ends_japanese_predicate(s, len)) return 0;
    if (kj_annotation_line(s, len) != KJ_ANNOT_NONE) return 0; /* a unit, a date, a total */
    if (heading_mark(s, len)) return chars <= 50;
    return chars <= 25 && s[len - 1] != '.';
}

int kj_opens_with_mark(const char *s, size_t len) {
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    size_t marker;
    return heading_mark(s, len) || kj_list_numbering(s, len, &marker) != KJ_NUM_NONE;
}

/* Skip "item" or "part" (any case) and the spaces after it at s; the
 * bytes left, or NULL when s does not start so. */
static const char *after_word(const char *s, size_t *len, const char *word) {
    size_t n = strlen(word);
    if (*len <= n) return NULL;
    for (size_t i = 0; i < n; i++)
        if ((s[i] | 0x20) != word[i]) return NULL;
    size_t k = n;
    while (k < *len && (s[k] == ' ' || (unsigned char)s[k] == 0xC2 || (unsigned char)s[k] == 0xA0))
        k++; /* spaces, and no-break spaces (C2 A0) */
    if (k == n) return NULL;
    *len -= k;
    return s + k;
}

int kj_us_filing_heading(const char *s, size_t len) {
    while (len && *s == ' ')
        s++, len--;
    const char *r;
    size_t n = len;
    if ((r = after_word(s, &n, "item")) != NULL) {
        size_t d = 0;
        while (d < n && d < 3 && r[d] >= '0' && r[d] <= '9')
            d++;
        if (d == 0 || d > 2) return 0;
        if (d < n && ((r[d] >= 'A' && r[d] <= 'K') || (r[d] >= 'a' && r[d] <= 'k'))) d++;
        return d == n || memchr(".: |", r[d], 4) ? 1 : 0;
    }
    n = len;
    if ((r = after_word(s, &n, "part")) != NULL) {
        size_t d = 0;
        while (d < n && memchr("IVXivx", r[d], 6))
            d++;
        return d > 0 && d <= 4 && (d == n || memchr(".: ", r[d], 3)) ? 2 : 0;
    }
    return 0;
}

/* ---- Run-in headings ----------------------------------------------------
 * US filings often open a paragraph with its own heading in bold, on the
 * same line: "Monitoring and Mitigation. We maintain …", "UPRR Security
 * Measures – We maintain …". Read by shape: a few capitalised words (small
 * words such as "and", "of" between them), then ". ", ": " or a dash, then
 * a sentence that starts with a capital. */

/* Words that stay lower case inside a title. */
static int minor_word(const char *w, size_t n) {
    static const char *const minor[] = {"a",  "an", "and", "at",  "by",  "for", "from",
                                        "in", "of", "on",  "or",  "the", "to",  "with",
                                        "&",  "vs", "its", "our", "via"};
    for (size_t i = 0; i < sizeof minor / sizeof *minor; i++)
        if (strlen(minor[i]) == n && memcmp(minor[i], w, n) == 0) return 1;
    return 0;
}

/* Abbreviations whose full stop does not end a heading ("Mr. Smith"). */
static int abbreviation(const char *w, size_t n) {
    static const char *const abbr[] = {"Mr", "Mrs", "Ms", "Dr", "Inc", "Corp", "Co", "Ltd",
                                       "No", "St",  "Jr", "Sr", "Nos", "Fig",  "Vol"};
    for (size_t i = 0; i < sizeof abbr / sizeof *abbr; i++)
        if (strlen(abbr[i]) == n && memcmp(abbr[i], w, n) == 0) return 1;
    return 0;
}

/* Bytes of the separator at s[i] (". ", ": ", " – ", " — ", " - "), or 0. */
static size_t run_in_separator(const char *s, size_t len, size_t i) {
    if (i + 1 < len && (s[i] == '.' || s[i] == ':') && s[i + 1] == ' ') return 2;
    if (i + 2 < len && s[i] == ' ' && s[i + 1] == '-' && s[i + 2] == ' ') return 3;
    if (i + 4 < len && s[i] == ' ' && kj_has_prefix(s + i + 1, len - i - 1, "\xE2\x80") &&
        ((unsigned char)s[i + 3] == 0x93 || (unsigned char)s[i + 3] == 0x94) && s[i + 4] == ' ')
        return 5; /* en or em dash */
    return 0;
}

/* Whether the text after a run-in heading opens a sentence: a capital,
 * digit, quote or bracket, and some length. */
static int opens_sentence(const char *s, size_t len) {
    if (len < 20) return 0;
    unsigned char c = (unsigned char)s[0];
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '(' || c == '"' ||
           kj_has_prefix(s, len, "\xE2\x80\x9C"); /* “ */
}

/* The most words and bytes of a run-in heading: a short one, which may
 * be in capitals; a long one (a risk factor's title in US filings runs to
 * thirty words), which must be in title case; and the words read in
 * search of a separator after a title that is not all capitalised. */
#define KJ_RUN_IN_WORDS 16
#define KJ_RUN_IN_BYTES 140
#define KJ_RUN_IN_LONG_WORDS 40
#define KJ_RUN_IN_LONG_BYTES 300

/* The words that open a paragraph, up to the first run-in separator. */
typedef struct {
    size_t start, len; /* where the words start (after any bullet), their bytes */
    size_t sep;        /* bytes of the separator after them */
    int full_stop;     /* whether the separator is ". " */
    int words;
    int capitals; /* words starting with a capital, a digit or "(" and a capital */
    int titled;   /* of those, words in title case ("Risk", not "AI" or "2024") */
    int lower;    /* words in lower case other than small words ("including") */
} title_shape;

/* Bytes of a bullet and the spaces before a run-in heading at s: • · ● ■
 * - * and spaces. */
static size_t bullet_len(const char *s, size_t len) {
    size_t i = 0;
    for (;;) {
        if (i < len && (s[i] == ' ' || s[i] == '*' || s[i] == '-'))
            i++;
        else if (kj_has_prefix(s + i, len - i, "\xE2\x80\xA2") || /* • */
                 kj_has_prefix(s + i, len - i, "\xE2\x97\x8F") || /* ● */
                 kj_has_prefix(s + i, len - i, "\xE2\x96\xA0"))   /* ■ */
            i += 3;
        else if (kj_has_prefix(s + i, len - i, "\xC2\xB7")) /* · */
            i += 2;
        else
            return i;
    }
}

/* Note word w (n bytes) in *t: capitalised ("Risk", "AI", "2024", and
 * after the first word "(SPI)"), a small word, or in lower case. Returns 0
 * for a first word that cannot open a heading (a small or lower-case one). */
static int title_word(title_shape *t, const char *w, size_t n) {
    unsigned char c = (unsigned char)w[0];
    int first = t->words++ == 0;
    if (is_upper(c) || (c >= '0' && c <= '9') || (c == '(' && n > 1 && is_upper(w[1]) && !first)) {
        t->capitals++;
        t->titled += n > 1 && is_upper(c) && w[1] >= 'a' && w[1] <= 'z';
        return 1;
    }
    if (minor_word(w, n)) return !first;
    t->lower++;
    return !first;
}

/* Read the words that open s (len bytes) up to the first run-in
 * separator into *t. Returns 1 when there is one within the longest a
 * heading runs to, or when the words are the whole text and no
 * punctuation ends it (a title set as a paragraph of its own, or its first
 * lines cut off by a blank line); 0 when there is none or what comes
 * before it cannot be a heading: a word of over 30 bytes or none, a first
 * word in lower case, an abbreviation or an initial before a full stop
 * ("Mr. Smith", "Ajay K. Puri"), an item of a US filing ("Item 7A. …"). */
static int read_title(const char *s, size_t len, title_shape *t) {
    memset(t, 0, sizeof *t);
    size_t i = t->start = bullet_len(s, len);
    while (i < len && t->words < KJ_RUN_IN_LONG_WORDS && i - t->start <= KJ_RUN_IN_LONG_BYTES) {
        size_t w = i; /* a word: at most 30 bytes, so a text without spaces is not read on */
        while (i < len && i - w <= 30 && s[i] != ' ' && s[i] != '.' && s[i] != ':' && s[i] != ',')
            i++;
        size_t n = i - w;
        if (n == 0 || n > 30 || !title_word(t, s + w, n)) return 0;
        if (i < len && s[i] == ',') i++; /* "Federal, State, and Local" */
        size_t sep = run_in_separator(s, len, i);
        if (!sep && i + 1 == len && s[i] == ':') sep = 1; /* a title set apart, ending so */
        if (sep) {
            t->len = i - t->start;
            t->sep = sep;
            t->full_stop = s[i] == '.';
            int initial = n == 1 && is_upper((unsigned char)s[w]);
            return !(t->full_stop && (abbreviation(s + w, n) || initial)) &&
                   t->len <= KJ_RUN_IN_LONG_BYTES && !kj_us_filing_heading(s + t->start, t->len);
        }
        if (i == len && s[i - 1] != ',') { /* a title that is the whole paragraph */
            t->len = i - t->start;
            return !kj_us_filing_heading(s + t->start, t->len);
        }
        if (i >= len || s[i] != ' ') return 0;
        i++;
    }
    return 0;
}

/* Whether the words read (t) are shaped as a run-in heading: capitalised
 * words and small words only; over sixteen words or 140 bytes, in title
 * case (mostly words such as "Risk", so a sentence in capitals is none). */
static int heading_shape(const title_shape *t) {
    if (t->lower || t->capitals < 1) return 0;
    if (t->words <= KJ_RUN_IN_WORDS && t->len <= KJ_RUN_IN_BYTES) return 1;
    return t->titled * 2 > t->capitals;
}

size_t kj_run_in_heading(const char *s, size_t len, size_t *from) {
    title_shape t;
    if (!read_title(s, len, &t) || !heading_shape(&t)) return 0;
    size_t after = t.start + t.len + t.sep;
    if (!opens_sentence(s + after, len - after)) return 0;
    if (from) *from = t.start;
    return t.len;
}

int kj_opens_with_title(const char *s, size_t len) {
    title_shape t;
    if (!read_title(s, len, &t)) return 0;
    size_t after = t.start + t.len + t.sep;
    if (t.full_stop) return heading_shape(&t) && opens_sentence(s + after, len - after);
    /* a colon, a dash or none: a title may keep a word or two in lower
     * case ("…, including …"), and what follows may be a cross-reference, or
     * nothing (a title set as a paragraph of its own) */
    if (after < len && len - after < 3) return 0;
    if (heading_shape(&t)) return 1;
    return t.capitals >= 5 && t.lower * 5 <= t.capitals && t.titled * 2 > t.capitals;
}
