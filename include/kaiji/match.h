/*
 * kaiji/match.h - the third stage: find lexicon terms and figures in
 * normalised passages with one Vectorscan scan (and, for the starts of
 * regular-expression hits, a short one of a small database).
 *
 * The lexicon lives in data/lexicon/ (*.tsv files, one term a line, see
 * data/lexicon/README.md for the columns). kj_lexicon_load() compiles every
 * term (literals) and every pattern (regular expressions for figures,
 * identifiers and the like) into one Vectorscan database, and the patterns
 * also into start-of-match databases; each scan then reports all hits with
 * their category, item and element so that the classifier and the
 * assessment can explain themselves.
 */
#ifndef KAIJI_MATCH_H
#define KAIJI_MATCH_H

#include "kaiji/common.h"
#include "kaiji/text.h"

/* The categories kaiji's rules look for (kj_term.kind); every other
 * category is KJ_KIND_OTHER. */
typedef enum {
    KJ_KIND_OTHER,
    KJ_KIND_CYBER,     /* "cyber": names the topic (kj_term_is_topic) */
    KJ_KIND_ASSET,     /* "asset": an IT asset (kj_term_is_asset) */
    KJ_KIND_OUTAGE,    /* "outage": an outage or backup of IT (kj_term_is_outage) */
    KJ_KIND_OFFTOPIC,  /* "offtopic": a topic word in another sense */
    KJ_KIND_UNRELATED, /* "unrelated": another subject (kj_term_is_unrelated) */
    KJ_KIND_XREF,      /* "xref": a cross-reference (kj_term_is_xref) */
    KJ_KIND_SENSE,     /* "sense": names the topic unless the passage speaks of
                          physical security (kj_term_is_sense) */
    KJ_KIND_PHYSICAL,  /* "physical": physical security or safety (kj_term_is_physical) */
    KJ_KIND_NAMED      /* "named": names the topic; no evidence for any model (kj_term_is_named) */
} kj_term_kind;

/* What a term is evidence of. */
typedef struct {
    unsigned id;          /* index in the lexicon */
    const char *term;     /* as written in the TSV (literal or regex) */
    const char *category; /* e.g. "org", "cert", "structure", "measure", "risk",
                             "figure", "topic", "sensitive", "jargon"; terms of one
                             category share this pointer (owned by the lexicon) */
    int item;             /* 1..10, or 0 when the term is not tied to one item */
    int element;          /* element index 0..20 (see classify.h), or -1 */
    float weight;         /* how strongly it indicates its item, 0..1 */
    int is_regex;         /* 1 when term is a regular expression */
    const char *note;     /* free text from the TSV (e.g. rule id, advice), may be "" */
    kj_term_kind kind;    /* category, for the categories rules look for */
} kj_term;

typedef struct kj_lexicon kj_lexicon;

/*
 * Load every *.tsv file in dir (NULL = <data dir>/lexicon) and compile them.
 * On success *out is a new lexicon the caller frees with kj_lexicon_free().
 * Errors name the file and line of a bad entry.
 */
kj_status kj_lexicon_load(const char *dir, kj_lexicon **out, kj_error *err);

/* Number of terms, and term i (lexicon-owned). */
size_t kj_lexicon_size(const kj_lexicon *lex);
const kj_term *kj_lexicon_term(const kj_lexicon *lex, unsigned id);

/* A content hash of the loaded lexicon, for recording which lexicon made a
 * result (16 hex digits; lexicon-owned). */
const char *kj_lexicon_version(const kj_lexicon *lex);

void kj_lexicon_free(kj_lexicon *lex);

/* Write the compiled databases to dir/lexicon.hsdb (dir NULL = <data
 * dir>/lexicon), tagged with the lexicon version, so later loads skip the
 * compile. A stale, foreign or older kaiji's file is ignored by
 * kj_lexicon_load(). Written whole or not at all (kj_write_file_replace):
 * KJ_ERR_IO "PATH: write failed: why; left as it was" when it cannot be. */
kj_status kj_lexicon_save_compiled(const kj_lexicon *lex, const char *dir, kj_error *err);

/* 1 when the loaded lexicon's databases came from lexicon.hsdb. */
int kj_lexicon_precompiled(const kj_lexicon *lex);

/* One hit. Offsets are byte offsets in the normalised text and code-point
 * offsets in the passage's original text; 32 bits, like kj_norm's map
 * (inputs are < 4 GiB), so a document's matches take half the memory. */
typedef struct {
    unsigned term;         /* kj_term id */
    uint32_t nstart, nend; /* in passage->norm.text (bytes) */
    uint32_t start, end;   /* in passage->text (code points) */
} kj_match;

typedef struct {
    kj_match *items; /* arena-owned */
    size_t n;
} kj_matches;

/* Per-thread scan state. Create one per thread with kj_scanner_new(). */
typedef struct kj_scanner kj_scanner;
kj_status kj_scanner_new(const kj_lexicon *lex, kj_scanner **out, kj_error *err);
void kj_scanner_free(kj_scanner *sc);

/*
 * Scan a passage's normalised text. Overlapping hits of the same term are
 * reported once (leftmost-longest); hits of different terms may overlap.
 * Sorted by nstart. Memory from arena.
 */
kj_status kj_match_passage(kj_scanner *sc, const kj_passage *p, kj_arena *arena, kj_matches *out,
                           kj_error *err);

/* The least weight of a topic term (kj_term_is_topic). Weaker cyber terms
 * ("認証", "networks") are common outside the topic. */
#define KJ_TOPIC_MIN_WEIGHT 0.3f

/* The least weight of a topic term that names the topic on its own
 * (kj_matches_have_topic). Lighter topic terms ("流出", "脅威", "クラウド",
 * "IT systems") have everyday senses too: the outflow of staff, a competitor's
 * threat, a cloud business, an upgrade of systems. */
#define KJ_TOPIC_STRONG_WEIGHT 0.5f

/* The least weight of a topic term that leaves no doubt ("情報セキュリティ",
 * "ransomware", CSIRT): kj_matches_have_topic returns KJ_TOPIC_SURE for a
 * passage naming one, which then counts even under a heading about another
 * subject (a compliance risk that names ransomware); a word of several
 * senses (セキュリティ, "breach") there is a passing mention. */
#define KJ_TOPIC_SURE_WEIGHT 0.9f

/* What kj_matches_have_topic returns when the topic is named. */
enum { KJ_TOPIC_NAMED = 1, KJ_TOPIC_SURE = 2 };

/*
 * True when t names the cybersecurity topic: a term of the cyber lexicon
 * (category "cyber", "sense", "asset" or "outage") weighing at least
 * KJ_TOPIC_MIN_WEIGHT. A passage that
 * names no such term, and whose heading names none either, is not about
 * cybersecurity however its wording reads: risk and measure language is
 * shared with disasters, pandemics and markets.
 */
int kj_term_is_topic(const kj_term *t);

/* True when t is a topic term that names an IT asset (category "asset":
 * クラウド, データセンター, "information systems"): kj_matches_have_topic
 * counts it only beside a light term of another kind. */
int kj_term_is_asset(const kj_term *t);

/* True when t names an outage of IT systems or a backup of data or systems
 * (category "outage": システム障害, "data backups"): on the topic by the
 * labelling convention (risk: item 4; redundancy and backups: item 8), and
 * not a passing mention even under another risk's heading, as a natural
 * disaster that stops IT systems. kj_matches_have_topic counts it as sure. */
int kj_term_is_outage(const kj_term *t);

/* True when t is a bare word for security (category "sense": セキュリティ,
 * "security"), which names the topic as a cyber term does unless the passage
 * speaks of physical security or safety (kj_term_is_physical): then it is the
 * security of stations, premises or goods. */
int kj_term_is_sense(const kj_term *t);

/* True when t is a word of physical security or safety (category
 * "physical": 防犯カメラ, 警備, patrols, trespassing). Beside one, in a passage
 * that names no IT asset (kj_term_is_asset), a bare word for security
 * (kj_term_is_sense) does not name the topic; any other topic term still
 * does. No evidence for any model. */
int kj_term_is_physical(const kj_term *t);

/* True when t is a word of the item vocabulary that also names the topic on
 * its own (category "named": 特権ID, secure coding, threat hunting): a topic
 * term like those of category "cyber", but no evidence for any model, which
 * weighs the same word as an item term (items.tsv). */
int kj_term_is_named(const kj_term *t);

/* Whether mt's matches (of one passage) speak of physical security: a word
 * of physical security or safety (kj_term_is_physical) and no IT asset
 * (kj_term_is_asset, outside an offtopic phrase). A bare word for security
 * (kj_term_is_sense) there means the security of stations, premises or
 * goods. */
int kj_matches_speak_of_physical_security(const kj_lexicon *lex, const kj_matches *mt);

/* Whether passage p names the topic (kj_matches_have_topic) with more than
 * a bare word for security (kj_term_is_sense): a heading that names it only
 * with one (「安全・セキュリティ」) is about the topic unless the passage under
 * it speaks of physical security (KJ_HEADING_SENSE, classify.h). */
int kj_matches_name_more_than_sense(const kj_lexicon *lex, const kj_passage *p,
                                    const kj_matches *mt);

/* True when t names a subject other than cybersecurity, as the heading of a
 * risk or a section does ("自然災害", "知的財産", "Legal Proceedings"; the
 * category "unrelated", data/lexicon/unrelated.tsv). Such terms are no
 * evidence for any model; they say what a heading is about. */
int kj_term_is_unrelated(const kj_term *t);

/* True when t is a cross-reference ("see Item 1A", 「…をご参照ください」;
 * category "xref", data/lexicon/xref.tsv): a short passage made of one
 * points to a disclosure elsewhere and discloses nothing itself. No
 * evidence for any model. */
int kj_term_is_xref(const kj_term *t);

/* True when one of mt's matches is a cross-reference (kj_term_is_xref). */
int kj_matches_have_xref(const kj_lexicon *lex, const kj_matches *mt);

/* True when one of mt's matches is an unrelated term (kj_term_is_unrelated). */
int kj_matches_name_unrelated(const kj_lexicon *lex, const kj_matches *mt);

/* The matches that named the topic (kj_matches_have_topic): one sure or
 * strong term, or the two lighter ones that named it together. */
typedef struct {
    size_t match[2]; /* indices into the kj_matches */
    int n;           /* 0 when the topic is not named */
} kj_topic_terms;

/* Nonzero when mt's matches name the topic (and, when why is not NULL,
 * which matches named it): KJ_TOPIC_SURE when one topic
 * term weighs at least KJ_TOPIC_SURE_WEIGHT or is an outage term
 * (kj_term_is_outage); else KJ_TOPIC_NAMED for one topic term weighing at
 * least KJ_TOPIC_STRONG_WEIGHT, or two different lighter ones ("情報システム"
 * and "流出" together) in one sentence, of which at least one is not an asset
 * term (kj_term_is_asset: "クラウド" and "データセンター" together are not enough).
 * A match inside a match of an offtopic phrase (category "offtopic": a topic
 * word in another sense, as "virus" in "coronavirus") does not count. */
int kj_matches_have_topic(const kj_lexicon *lex, const kj_passage *p, const kj_matches *mt,
                          kj_topic_terms *why);

/* Set listed[i] (mt->n bytes) to 1 for each of mt's matches (of a
 * normalised text of len bytes) that lies in one entry of a list of at
 * least four short entries of which at most a quarter hold a match that
 * is_topic() tells names the topic ("信用リスク、市場リスク、…、情報
 * セキュリティリスク、…", "earthquakes, floods, pandemics, cyberattacks,
 * terrorism or war"), else 0. Such a mention names the subject without
 * saying anything about it (listed.c tells what an entry is).
 * Only the text from its start to the end of the sentence or clause that
 * holds the byte at upto is read (upto >= len: the whole text), as no list
 * runs on past such an end; the matches that start before that end are
 * decided, and their number is returned (mt->n when the whole text was
 * read). The flags of the others are left 0. Linear in what is read and
 * mt->n. Returns -1 when out of memory (listed all 0). */
long kj_matches_listed(const char *text, size_t len, const kj_lexicon *lex, const kj_matches *mt,
                       int (*is_topic)(const kj_term *), size_t upto, unsigned char *listed);

#endif
