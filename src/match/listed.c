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
 * entry is a short stretch of text (at most KJ_LIST_ENTRY_MAX code points,
 * KJ_LIST_ENTRY_MAX_LATIN in ASCII text, whose words are longer: "workplace
 * safety claims", "supplier contract disputes"; KJ_LIST_LONG_ENTRY_MAX
 * beside a semicolon) between list separators
 * (、 , ; ・ and 」「, and the "or" that joins the last entry of a Japanese list
 * of alternatives, 又は or 若しくは in kanji or kana: 「地震、火災、停電又は
 * サイバー攻撃」), and a list ends at a sentence or clause mark, a bracket,
 * or a stretch that is not an entry. A Japanese clause also ends in 、
 * (当社は、…を定め、…), so there an entry must end as a noun does: not in
 * hiragana, unless in など.
 */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "kaiji/match.h"
#include "core/wide.h"

#define KJ_LIST_MIN 4
#define KJ_LIST_ENTRY_MAX 20
#define KJ_LIST_ENTRY_MAX_LATIN 40
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
    KJ_MARK("、", 1),
    KJ_MARK(",", 1),
    KJ_MARK(";", 1),
    KJ_MARK("・", 1),
    KJ_MARK("」「", 1),
    KJ_MARK("』『", 1),
    KJ_MARK("。", 0),
    KJ_MARK("\n", 0),
    KJ_MARK("(", 0),
    KJ_MARK(")", 0),
    KJ_MARK("「", 0),
    KJ_MARK("」", 0),
    KJ_MARK("『", 0),
    KJ_MARK("』", 0),
    KJ_MARK(":", 0),
    KJ_MARK("!", 0),
    KJ_MARK("?", 0),
    KJ_MARK("【", 0),
    KJ_MARK("】", 0),
    /* 「A、B、C又はD」: the "or" before the last of a Japanese list of
     * alternatives (causes, risks). Not 及び or 並びに ("and"): they join the
     * parts of one description (「顧客データの記録・保存並びに…」). */
    KJ_MARK("又は", 1),
    KJ_MARK("または", 1),
    KJ_MARK("若しくは", 1),
    KJ_MARK("もしくは", 1),
};
#undef KJ_MARK

#define N_OF(a) (sizeof(a) / sizeof *(a))

/* The one-byte characters a mark (or an English full stop) can start with;
 * the three-byte ones are told by kj_mark3_lead below. */
static const unsigned char kj_mark_lead[256] = {
    [','] = 1, [';'] = 1, ['\n'] = 1, ['('] = 1, [')'] = 1,
    [':'] = 1, ['!'] = 1, ['?'] = 1,  ['.'] = 1,
};
/* Whether u starts a CJK mark (kj_mark3_lead). */
static inline int cjk_mark(const unsigned char *u) {
    return u[0] == 0xE3 && (u[1] == 0x80 || (u[1] == 0x83 && u[2] == 0xBB));
}

/* The lead bytes of the three-byte characters that can start a mark: E3
 * (the CJK marks, E3 80 xx 、。「」『』【】 and E3 83 BB ・, whose second
 * byte tells them from hiragana and katakana; ま and も), E5 (又) and E8
 * (若). */
static const unsigned char kj_mark3_lead[256] = {[0xE3] = 1, [0xE5] = 1, [0xE8] = 1};

/* Whether one of the conjunctions of the marks (又は, または, 若しくは,
 * もしくは) starts at u (n bytes left): told by the first character's
 * bytes, 又 (E5 8F 88), 若 (E8 8B A5), ま (E3 81 BE), も (E3 82 82), before
 * the whole word is compared, as ま and も start many other words. */
static inline int conj_at(const unsigned char *u, size_t n) {
    static const char mata[] = "または", moshiku[] = "もしくは", mata_k[] = "又は",
                      moshiku_k[] = "若しくは";
#define KJ_IS(w) (n >= sizeof w - 1 && memcmp(u, w, sizeof w - 1) == 0)
    switch (u[0]) {
    case 0xE3:
        return (u[1] == 0x81 && u[2] == 0xBE && KJ_IS(mata)) ||
               (u[1] == 0x82 && u[2] == 0x82 && KJ_IS(moshiku));
    case 0xE5:
        return u[1] == 0x8F && u[2] == 0x88 && KJ_IS(mata_k);
    case 0xE8:
        return u[1] == 0x8B && u[2] == 0xA5 && KJ_IS(moshiku_k);
    default:
        return 0;
    }
#undef KJ_IS
}

/* Whether a mark (or an English full stop) can start at s[i]: the test
 * next_lead makes at each character. */
static inline int lead_at(const char *s, size_t len, size_t i) {
    const unsigned char *u = (const unsigned char *)s;
    if (kj_utf8_three(s + i, len - i))
        return kj_mark3_lead[u[i]] && (cjk_mark(u + i) || conj_at(u + i, len - i));
    return kj_mark_lead[u[i]];
}

#ifdef __x86_64__

/* The bytes of the 32 at u (u[33] readable) that could start a mark, as
 * bits: next_lead's 16-byte test, twice as wide, for CPUs with AVX2. */
static KJ_WIDE unsigned leads32(const unsigned char *u) {
#define KJ_EQ32(v, c) _mm256_cmpeq_epi8(v, _mm256_set1_epi8((char)(c)))
    __m256i a = _mm256_loadu_si256((const __m256i *)u);
    __m256i b = _mm256_loadu_si256((const __m256i *)(u + 1));
    __m256i c = _mm256_loadu_si256((const __m256i *)(u + 2));
    __m256i e3 = _mm256_or_si256(
        _mm256_or_si256(KJ_EQ32(b, 0x80), _mm256_and_si256(KJ_EQ32(b, 0x83), KJ_EQ32(c, 0xBB))),
        _mm256_or_si256(_mm256_and_si256(KJ_EQ32(b, 0x81), KJ_EQ32(c, 0xBE)),
                        _mm256_and_si256(KJ_EQ32(b, 0x82), KJ_EQ32(c, 0x82))));
    __m256i m = _mm256_and_si256(KJ_EQ32(a, 0xE3), e3);
    m = _mm256_or_si256(m, _mm256_and_si256(KJ_EQ32(a, 0xE5),
                                            _mm256_and_si256(KJ_EQ32(b, 0x8F), KJ_EQ32(c, 0x88))));
    m = _mm256_or_si256(m, _mm256_and_si256(KJ_EQ32(a, 0xE8),
                                            _mm256_and_si256(KJ_EQ32(b, 0x8B), KJ_EQ32(c, 0xA5))));
    static const char ascii[] = ",;\n():!?.";
    for (size_t k = 0; k < sizeof ascii - 1; k++)
        m = _mm256_or_si256(m, KJ_EQ32(a, ascii[k]));
    return (unsigned)_mm256_movemask_epi8(m);
#undef KJ_EQ32
}

/* next_lead's walk 32 bytes a step while 34 remain: sets *at to the first
 * byte that starts a mark and returns 1, or sets it to the first i from
 * which fewer than 34 bytes remain (no mark starts before) and returns 0. */
static KJ_WIDE int next_lead32(const char *s, size_t len, size_t i, size_t *at) {
    const unsigned char *u = (const unsigned char *)s;
    for (; i + 34 <= len; i += 32)
        for (unsigned bits = leads32(u + i); bits; bits &= bits - 1) {
            size_t p = i + (size_t)__builtin_ctz(bits);
            if (lead_at(s, len, p)) {
                *at = p;
                return 1;
            }
        }
    *at = i;
    return 0;
}
#endif

/* The first byte at or after i that can start a mark (len when none): a
 * three-byte character that starts no mark is stepped over whole
 * (kj_utf8_three). Sixteen bytes at a time, the bytes that could (the
 * marks' first bytes, the first two or three of a CJK mark or
 * conjunction) are found at once and told by lead_at; none of them is a
 * continuation byte, so none lies inside a character stepped over. */
static size_t next_lead(const char *s, size_t len, size_t i) {
    const unsigned char *u = (const unsigned char *)s;
#ifdef __x86_64__
    if (i + 34 <= len && kj_wide() && next_lead32(s, len, i, &i)) return i;
#endif
#ifdef __SSE2__
#define KJ_EQ(v, c) _mm_cmpeq_epi8(v, _mm_set1_epi8((char)(c)))
    while (i + 18 <= len) {
        __m128i a = _mm_loadu_si128((const __m128i *)(u + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(u + i + 1));
        __m128i c = _mm_loadu_si128((const __m128i *)(u + i + 2));
        __m128i e3 = _mm_or_si128(
            _mm_or_si128(KJ_EQ(b, 0x80), _mm_and_si128(KJ_EQ(b, 0x83), KJ_EQ(c, 0xBB))),
            _mm_or_si128(_mm_and_si128(KJ_EQ(b, 0x81), KJ_EQ(c, 0xBE)),
                         _mm_and_si128(KJ_EQ(b, 0x82), KJ_EQ(c, 0x82))));
        __m128i m = _mm_and_si128(KJ_EQ(a, 0xE3), e3);
        m = _mm_or_si128(
            m, _mm_and_si128(KJ_EQ(a, 0xE5), _mm_and_si128(KJ_EQ(b, 0x8F), KJ_EQ(c, 0x88))));
        m = _mm_or_si128(
            m, _mm_and_si128(KJ_EQ(a, 0xE8), _mm_and_si128(KJ_EQ(b, 0x8B), KJ_EQ(c, 0xA5))));
        static const char ascii[] = ",;\n():!?.";
        for (size_t k = 0; k < sizeof ascii - 1; k++)
            m = _mm_or_si128(m, KJ_EQ(a, ascii[k]));
        for (unsigned bits = (unsigned)_mm_movemask_epi8(m); bits; bits &= bits - 1) {
            size_t p = i + (size_t)__builtin_ctz(bits);
            if (lead_at(s, len, p)) return p;
        }
        i += 16;
    }
#undef KJ_EQ
#endif
    while (i < len) {
        if (kj_utf8_three(s + i, len - i)) {
            if (kj_mark3_lead[u[i]] && (cjk_mark(u + i) || conj_at(u + i, len - i))) return i;
            i += 3;
        } else if (kj_mark_lead[u[i]]) {
            return i;
        } else {
            i++;
        }
    }
    return len;
}

/* The mark that starts at s[i]: its length (0 for none) and, in *sep,
 * whether it separates entries. */
static size_t mark_at(const char *s, size_t len, size_t i, int *sep) {
    const unsigned char *u = (const unsigned char *)s + i;
    if (u[0] >= 0xE3 ? !(len - i >= 3 && (cjk_mark(u) || conj_at(u, len - i)))
                     : !kj_mark_lead[u[0]] || u[0] == '.')
        return 0;
    for (size_t k = 0; k < N_OF(kj_list_marks); k++) {
        size_t l = kj_list_marks[k].len;
        if (l <= len - i && memcmp(s + i, kj_list_marks[k].text, l) == 0) {
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

/* Whether the code point ending just before s[i] is hiragana (U+3041-U+309F:
 * UTF-8 E3 81 81 - E3 82 9F). */
static int hiragana_before(const char *s, size_t i) {
    const unsigned char *u = (const unsigned char *)s + i;
    return i >= 3 && u[-3] == 0xE3 &&
           ((u[-2] == 0x81 && u[-1] >= 0x81) || (u[-2] == 0x82 && u[-1] <= 0x9F));
}

/* Whether the n bytes at s are all ASCII. */
static int ascii_only(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80) return 0;
    return 1;
}

/* Whether [a, b) can be an entry of a list: short, and not ending as a
 * Japanese clause does. Beside a semicolon, which separates the entries of
 * an English enumeration of laws or areas ("taxes; data privacy
 * requirements; competition and antitrust; …"), an entry may be longer. */
static int is_entry(const char *s, size_t len, size_t a, size_t b) {
    int semicolon = (a > 0 && s[a - 1] == ';') || (b < len && s[b] == ';');
    while (a < b && s[a] == ' ')
        a++;
    while (b > a && s[b - 1] == ' ')
        b--;
    size_t max = semicolon                  ? KJ_LIST_LONG_ENTRY_MAX
                 : ascii_only(s + a, b - a) ? KJ_LIST_ENTRY_MAX_LATIN
                                            : KJ_LIST_ENTRY_MAX;
    /* a code point takes 1 to 4 bytes: count them only when the bytes do not tell */
    if (a == b || b - a > 4 * max || (b - a > max && kj_utf8_count(s + a, b - a) > max)) return 0;
    static const char nado[] = "など";
    size_t nl = sizeof nado - 1;
    return !hiragana_before(s, b) || (b - a >= nl && memcmp(s + b - nl, nado, nl) == 0);
}

/* A stretch of text between two marks: [a, b), whether a separator (not
 * an end mark) follows it, whether it can be an entry (is_entry), whether a
 * topic term lies in it, and whether it is an entry of a list of other
 * subjects. */
typedef struct {
    size_t a, b;
    unsigned char sep_after, entry, topical, listed;
} stretch;

/* Cut the text at every mark (kj_list_marks, an English full stop) into
 * *n stretches, *out (heap; the caller frees it), from the start up to the
 * first mark at or after upto that ends a list (not a separator: no list
 * runs on past it), or the end. -1 when out of memory. */
static int cut_stretches(const char *s, size_t len, size_t upto, stretch **out, size_t *n) {
    size_t cap = 0, k = 0, start = 0, i = 0;
    stretch *v = NULL;
    for (;;) {
        i = next_lead(s, len, i);
        int is_sep = 0;
        size_t l = i < len ? mark_at(s, len, i, &is_sep) : 0;
        if (i < len && !l && !stop_at(s, len, i)) {
            i += kj_utf8_three(s + i, len - i) ? 3 : 1; /* a kana or kanji that starts no mark */
            continue;
        }
        stretch *w = kj_grow(v, k, &cap, sizeof *v, 32);
        if (!w) {
            free(v);
            return -1;
        }
        v = w;
        v[k++] = (stretch){start, i, (unsigned char)(l && is_sep), 0, 0, 0};
        if (i >= len || (i >= upto && !v[k - 1].sep_after)) break;
        i += l ? l : 1;
        start = i;
    }
    *out = v;
    *n = k;
    return 0;
}

/* The stretch of v (n of them) that match m lies in, from *k on (matches
 * come by start, so *k only moves forward); n when it spans a mark. */
static size_t stretch_of(const stretch *v, size_t n, size_t *k, const kj_match *m) {
    while (*k + 1 < n && v[*k + 1].a <= m->nstart)
        ++*k;
    return *k < n && v[*k].a <= m->nstart && m->nend <= v[*k].b ? *k : n;
}

/* Mark the stretches of each list of other subjects: a run of at least
 * KJ_LIST_MIN entries joined by separators, at most a quarter topical. */
static void mark_lists(stretch *v, size_t n) {
    for (size_t r = 0; r < n;) {
        if (!v[r].entry) {
            r++;
            continue;
        }
        size_t e = r, topical = v[r].topical;
        while (e + 1 < n && v[e].sep_after && v[e + 1].entry)
            topical += v[++e].topical;
        size_t entries = e - r + 1;
        if (entries >= KJ_LIST_MIN && topical * 4 <= entries)
            for (size_t x = r; x <= e; x++)
                v[x].listed = 1;
        r = e + 1;
    }
}

long kj_matches_listed(const char *text, size_t len, const kj_lexicon *lex, const kj_matches *mt,
                       int (*is_topic)(const kj_term *), size_t upto, unsigned char *listed) {
    if (mt->n) memset(listed, 0, mt->n);
    if (!text || !mt->n) return (long)mt->n;
    stretch *v;
    size_t n;
    if (cut_stretches(text, len, upto, &v, &n)) return -1;
    for (size_t k = 0; k < n; k++)
        v[k].entry = (unsigned char)is_entry(text, len, v[k].a, v[k].b);
    size_t k = 0;
    for (size_t j = 0; j < mt->n; j++) {
        size_t at = stretch_of(v, n, &k, &mt->items[j]);
        if (at < n && is_topic(kj_lexicon_term(lex, mt->items[j].term))) v[at].topical = 1;
    }
    mark_lists(v, n);
    /* every list in the stretches cut has ended by their end: the matches
     * that start before it (all of them when the cut reached the end) are
     * decided, the others are left 0 */
    size_t cut = v[n - 1].b, decided = 0;
    k = 0;
    for (size_t j = 0; j < mt->n && mt->items[j].nstart < cut; j++, decided++) {
        size_t at = stretch_of(v, n, &k, &mt->items[j]);
        listed[j] = at < n && v[at].listed;
    }
    free(v);
    return (long)decided;
}
