/*
 * model.c - load the trained linear model (data/model/model.tsv, written by
 * `kaiji train`) and classify passages with it.
 *
 * The file holds one logistic-regression weight vector per label (10 items
 * then 21 elements) over the hashed features of features.c, its bias and a
 * decision threshold tuned by cross-validation (on all passages, and on each
 * language's own when there were enough of them: `threshold ja|en T0..T31`),
 * and ends with a line counting the lines before it (model_file.c).
 * In memory the weights are kept by feature (a CSR layout) so a passage with a few hundred features
 * needs a few hundred lookups for all 31 labels at once, and again as one
 * dense row of all labels per feature, which span vectors (kj_span_vec)
 * name by row.
 */
#include "model_internal.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __x86_64__
#include <immintrin.h>
#endif

/* The language a per-language line names at s ("ja " or "en "): 0
 * Japanese, 1 English, -1 neither. */
static int line_lang(const char *s) {
    return strncmp(s, "ja ", 3) == 0 ? 0 : strncmp(s, "en ", 3) == 0 ? 1 : -1;
}

/* "threshold ja|en T0 ... T31": the thresholds tuned on one language. */
static kj_status parse_lang_thresholds(kj_model *m, const char *path, const char *line, int lineno,
                                       kj_error *err) {
    int lang = line_lang(line + 10);
    const char *s = line + 13;
    for (int l = 0; lang >= 0 && l < KJ_N_LABELS; l++) {
        char *end;
        double t = strtod(s, &end);
        if (end == s || t < 0 || t > 1) lang = -1;
        m->lang_threshold[lang < 0 ? 0 : lang][l] = (float)t;
        s = end;
    }
    if (lang < 0)
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: bad per-language thresholds", path, lineno);
    m->has_lang_threshold[lang] = 1;
    return KJ_OK;
}

/* "primary_threshold T": all of T a finite number (atof read "abc" as 0,
 * which gave every passage about the topic its best item however low
 * it scored). */
static kj_status parse_primary_threshold(kj_model *m, const char *path, const char *val, int lineno,
                                         kj_error *err) {
    char *end;
    double t = strtod(val, &end);
    if (end == val || *end || !isfinite((float)t))
        return kj_error_set(err, KJ_ERR_DATA, "%s:%d: bad primary_threshold '%s'", path, lineno,
                            val);
    m->primary_threshold = (float)t;
    return KJ_OK;
}

/* Whether label li is the one item and element name (as make model
 * writes them): an item's label (element -1), an element's (its item), or
 * relevance (item 0, element -1). A label line that names another would
 * give one label's bias and threshold to another. */
static int label_is(int li, int item, int el) {
    if (li < KJ_N_ITEMS) return item == li + 1 && el == -1;
    if (li < KJ_LABEL_RELEVANT)
        return el == li - KJ_N_ITEMS && item == kj_element_item(li - KJ_N_ITEMS);
    return item == 0 && el == -1;
}

/* Whether s is the feature dimension this kaiji hashes into, written out
 * whole in decimal (atol read "262144x" and wrapped 2^32 + 262144). */
static int dim_is_ours(const char *s) {
    char want[16];
    snprintf(want, sizeof want, "%u", (unsigned)KJ_FEAT_DIM);
    return strcmp(s, want) == 0;
}

static kj_status parse_header(kj_model *m, const char *path, char *line, int lineno,
                              uint32_t *labels, kj_error *err) {
    if (strncmp(line, "threshold ", 10) == 0)
        return parse_lang_thresholds(m, path, line, lineno, err);
    if (strncmp(line, "short_factor ", 13) == 0) { /* "short_factor ja|en F" */
        int lang = line_lang(line + 13);
        char *end;
        double f = lang < 0 ? 0 : strtod(line + 16, &end);
        if (lang < 0 || end == line + 16 || !(f > 0 && f <= 1))
            return kj_error_set(err, KJ_ERR_DATA, "%s:%d: bad short_factor line", path, lineno);
        m->short_factor[lang] = (float)f;
        return KJ_OK;
    }
    int li, item, el;
    double bias, thr;
    char key[32], val[64];
    if (sscanf(line, "label %d item %d element %d bias %lf threshold %lf", &li, &item, &el, &bias,
               &thr) == 5) {
        if (li < 0 || li >= KJ_N_LABELS)
            return kj_error_set(err, KJ_ERR_DATA, "%s:%d: bad label index %d", path, lineno, li);
        if (!label_is(li, item, el))
            return kj_error_set(err, KJ_ERR_DATA,
                                "%s:%d: label %d is not item %d, element %d; run `make model`",
                                path, lineno, li, item, el);
        /* a NaN or infinite bias made every score of the label NaN, written
         * out as "nan", which is no JSON number */
        if (!isfinite((float)bias) || !(thr >= 0 && thr <= 1))
            return kj_error_set(err, KJ_ERR_DATA, "%s:%d: bad bias or threshold of label %d", path,
                                lineno, li);
        m->bias[li] = (float)bias;
        m->threshold[li] = (float)thr;
        *labels |= (uint32_t)1 << li;
        return KJ_OK;
    }
    if (sscanf(line, "%31s %63s", key, val) == 2) {
        if (strcmp(key, "lexicon") == 0)
            snprintf(m->lexicon_version, sizeof m->lexicon_version, "%s", val);
        else if (strcmp(key, "primary_threshold") == 0)
            return parse_primary_threshold(m, path, val, lineno, err);
        else if (strcmp(key, "passage_only") == 0 && /* "passage_only ja en" */
                 !kj_lang_list_parse(line + strlen("passage_only "), ' ', m->whole_only))
            return kj_error_set(err, KJ_ERR_DATA, "%s:%d: bad language in the passage_only line",
                                path, lineno);
        else if (strcmp(key, "dim") == 0 && !dim_is_ours(val))
            return kj_error_set(
                err, KJ_ERR_DATA,
                "%s: feature dimension %s differs from this kaiji's %u; run `make model`", path,
                val, KJ_FEAT_DIM);
    }
    return KJ_OK;
}

/* "FEATURE LABEL WEIGHT" with strtoul/strtol/strtod (sscanf is several
 * times slower on the ~140,000 lines of a model). Returns 1 when all three
 * parse and nothing but white space follows. */
/* Digits at *s as a number, at most max of them (0 when none or more). */
static int plain_digits(const char **s, int max, uint64_t *v) {
    const char *p = *s; /* locals, so the loop keeps them in registers */
    uint64_t x = 0;
    int n = 0;
    for (unsigned d; (d = (unsigned char)p[n] - '0') < 10; n++) {
        if (n == max) return 0;
        x = x * 10 + d;
    }
    *s = p + n;
    *v = x;
    return n;
}

/* parse_weight for the plain lines `kaiji train` writes ("12 3 -0.004947"):
 * a weight of at most 15 significant digits is that integer over a power of
 * ten, both exact in a double, so the one rounding of the division gives the
 * double strtod would (Clinger's fast path). Returns 0 for anything else. */
static int parse_weight_fast(const char *s, unsigned long *f, int *label, double *w) {
    static const double pow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    uint64_t fv, lv, ip, fp = 0;
    if (!plain_digits(&s, 9, &fv) || *s++ != ' ' || !plain_digits(&s, 3, &lv) || lv > 255 ||
        *s++ != ' ')
        return 0;
    int neg = *s == '-';
    s += neg;
    int ni = plain_digits(&s, 15, &ip), nf = 0;
    if (!ni) return 0;
    if (*s == '.') {
        s++;
        nf = plain_digits(&s, 15 - ni, &fp);
        if (!nf) return 0;
    }
    while (*s == ' ' || *s == '\r')
        s++;
    if (*s != '\0') return 0;
    double v = (double)(ip * (uint64_t)pow10[nf] + fp) / pow10[nf];
    *f = (unsigned long)fv;
    *label = (int)lv;
    *w = neg ? -v : v;
    return 1;
}

static int parse_weight(const char *s, unsigned long *f, int *label, double *w) {
    if (parse_weight_fast(s, f, label, w)) return 1;
    char *e1, *e2, *e3;
    *f = strtoul(s, &e1, 10);
    long l = strtol(e1, &e2, 10);
    *w = strtod(e2, &e3);
    /* a NaN or infinite weight made the scores of every passage with the
     * feature NaN */
    if (e1 == s || e2 == e1 || e3 == e2 || l < 0 || l > 255 || !isfinite((float)*w)) return 0;
    while (*e3 == ' ' || *e3 == '\r')
        e3++;
    *label = (int)l;
    return *e3 == '\0';
}

/* Count then fill the CSR arrays from the "w FEATURE LABEL WEIGHT" lines. */
static kj_status load_weights(kj_model *m, char *data, size_t nlines, const char *path,
                              kj_error *err) {
    m->row = calloc(KJ_FEAT_DIM + 1, sizeof *m->row);
    m->label = malloc((nlines ? nlines : 1) * sizeof *m->label);
    m->w = malloc((nlines ? nlines : 1) * sizeof *m->w);
    if (!m->row || !m->label || !m->w)
        return kj_error_set(err, KJ_ERR_NOMEM, "out of memory loading model");
    size_t k = 0, declared = 0;
    uint32_t last = 0, labels = 0;
    int lineno = 0, has_count = 0;
    for (char *p = data; p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        lineno++;
        if (p[0] == 'w' && p[1] == ' ') {
            unsigned long f;
            int li;
            double w;
            if (!parse_weight(p + 2, &f, &li, &w) || f >= KJ_FEAT_DIM || li < 0 ||
                li >= KJ_N_LABELS || f < last)
                return kj_error_set(err, KJ_ERR_DATA, "%s:%d: bad weight line", path, lineno);
            for (uint32_t r = last + 1; r <= f; r++)
                m->row[r] = (uint32_t)k;
            last = (uint32_t)f;
            m->label[k] = (uint8_t)li;
            m->w[k++] = (float)w;
            m->row[f + 1] = (uint32_t)k;
        } else if (strncmp(p, "weights ", 8) == 0) { /* how many "w" lines follow */
            const char *q = p + 8;
            uint64_t v;
            if (!plain_digits(&q, 12, &v) || *q)
                return kj_error_set(err, KJ_ERR_DATA, "%s:%d: bad weights line", path, lineno);
            declared = (size_t)v;
            has_count = 1;
        } else if (p[0] && p[0] != '#' && p[0] != 'w') {
            kj_status st = parse_header(m, path, p, lineno, &labels, err);
            if (st != KJ_OK) return st;
        }
        p = nl ? nl + 1 : NULL;
    }
    /* every label has its line in a file `kaiji train` wrote whole */
    for (int l = 0; l < KJ_N_LABELS; l++)
        if (!(labels >> l & 1))
            return kj_error_set(err, KJ_ERR_DATA,
                                "%s: no line for label %d; retrain it (`make model`)", path, l);
    /* fewer weights than the file says: lost from the middle (a file cut
     * short has no end line, kj_model_body) */
    if (has_count && k != declared)
        return kj_error_set(err, KJ_ERR_DATA,
                            "%s: truncated (%zu of its %zu weights); retrain it (`make model`)",
                            path, k, declared);
    for (uint32_t r = last + 1; r <= KJ_FEAT_DIM; r++)
        m->row[r] = (uint32_t)k;
    m->n_weights = k;
    return KJ_OK;
}

/* The bitmap of features with any weight, so scoring can drop the (many)
 * hashed n-grams the model never saw before looking them up. */
static kj_status mark_weighted(kj_model *m) {
    m->has = calloc(KJ_FEAT_DIM / 64, sizeof *m->has);
    if (!m->has) return KJ_ERR_NOMEM;
    for (uint32_t f = 0; f < KJ_FEAT_DIM; f++)
        if (m->row[f + 1] > m->row[f]) m->has[f >> 6] |= (uint64_t)1 << (f & 63);
    return KJ_OK;
}

/* The weights again as one row of all labels per weighted feature, so
 * scoring is a fixed-length loop the compiler vectorises. Rows are
 * KJ_DENSE_STRIDE floats (128 bytes; padded if there are fewer labels) and
 * 64-byte aligned, so each takes exactly two cache lines instead of up to
 * three. Adding a zero
 * weight leaves a sum as it was, so the scores are the same as from the CSR
 * rows; a model with two weights for one (feature, label) keeps CSR only. */
static kj_status densify(kj_model *m) {
    size_t n = 0;
    for (uint32_t f = 0; f < KJ_FEAT_DIM; f++) {
        uint32_t seen = 0;
        for (uint32_t k = m->row[f]; k < m->row[f + 1]; k++) {
            if (seen & (1u << m->label[k])) return KJ_OK; /* not representable */
            seen |= 1u << m->label[k];
        }
        n += m->row[f + 1] > m->row[f];
    }
    size_t bytes = (n ? n : 1) * KJ_DENSE_STRIDE * sizeof *m->dense;
    m->dense = aligned_alloc(64, bytes);
    if (m->dense) memset(m->dense, 0, bytes);
    m->dense_rank = malloc(KJ_FEAT_DIM / 64 * sizeof *m->dense_rank);
    if (!m->dense || !m->dense_rank) return KJ_ERR_NOMEM;
    uint32_t d = 0;
    for (uint32_t f = 0; f < KJ_FEAT_DIM; f++) {
        if (f % 64 == 0) m->dense_rank[f / 64] = d;
        if (m->row[f + 1] == m->row[f]) continue;
        for (uint32_t k = m->row[f]; k < m->row[f + 1]; k++)
            m->dense[(size_t)d * KJ_DENSE_STRIDE + m->label[k]] = m->w[k];
        d++;
    }
    return KJ_OK;
}

/* With the dense rows made, the CSR rows say nothing more: scoring and
 * kj_model_weight read the dense rows, so the CSR arrays (1.7 MB for a
 * model of 3 MB) are freed rather than held for the whole run. */
static void drop_csr(kj_model *m) {
    free(m->row);
    free(m->label);
    free(m->w);
    m->row = NULL;
    m->label = NULL;
    m->w = NULL;
}

/* The two feature indices of every lexicon term, hashed once here rather
 * than for every hit, and the weight of its own feature for its item
 * (evidence reports it). */
static kj_status cache_term_features(kj_model *m, const kj_lexicon *lex) {
    size_t n = kj_lexicon_size(lex);
    m->term_feat = malloc((n ? n : 1) * 2 * sizeof *m->term_feat);
    m->term_w = malloc((n ? n : 1) * sizeof *m->term_w);
    if (!m->term_feat || !m->term_w) return KJ_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const kj_term *t = kj_lexicon_term(lex, (unsigned)i);
        uint32_t ti = 0, ki = 0;
        if (t) kj_term_features(t, &ti, &ki);
        m->term_feat[2 * i] = ti;
        m->term_feat[2 * i + 1] = ki;
        m->term_w[i] =
            t && t->item >= 1 && t->item <= KJ_N_ITEMS ? kj_model_weight(m, ti, t->item - 1) : 0;
    }
    m->n_term_feat = n;
    return KJ_OK;
}

/* The model's version: FNV-1a over the file taken eight bytes at a time
 * (in this machine's byte order), then its last bytes one at a time, so a
 * 3 MB model hashes in a fraction of the time a byte-wise hash takes at
 * every start. Stored analyses name it: a changed model re-analyses. */
static uint64_t model_hash(const char *data, size_t len) {
    uint64_t h = 1469598103934665603ULL, w;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        memcpy(&w, data + i, 8);
        h = (h ^ w) * 1099511628211ULL;
    }
    return kj_fnv1a64(h, data + i, len - i);
}

/* ---- model.bin: the parsed weights, kept beside model.tsv --------------
 * Parsing model.tsv's ~140,000 weight lines is most of kaiji's start-up.
 * After a parse, kj_model_load writes what the parse gave (the header
 * fields, the CSR rows, labels and weights) to model.bin in the same
 * directory, after a line naming the model's version (the hash of
 * model.tsv's bytes), this build's layout and the hash of the bytes that
 * follow; a later load of a model.tsv with that hash reads them from there.
 * A file for other bytes or another layout, or a damaged one, is ignored
 * and replaced; where model.bin cannot be written (an install its user may
 * not write to) every start parses. */

#define KJ_MODEL_BIN_MAGIC "kaiji-modelbin1"
#define KJ_MODEL_BIN_ORDER 0x01020304u /* as this machine stores it */

/* The fields of kj_model that model.tsv's header lines set. */
typedef struct {
    float bias[KJ_N_LABELS];
    float threshold[KJ_N_LABELS];
    float lang_threshold[2][KJ_N_LABELS];
    int has_lang_threshold[2];
    float short_factor[2];
    int whole_only[2];
    float primary_threshold;
    char lexicon_version[64];
} model_head;

/* The fields model_head shares with kj_model, by name: one list, so that
 * the two copies below cannot disagree (a field a line; clang-format would
 * reflow them). */
/* clang-format off */
#define KJ_MODEL_HEAD_FIELDS(X) \
    X(bias)                     \
    X(threshold)                \
    X(lang_threshold)           \
    X(has_lang_threshold)       \
    X(short_factor)             \
    X(whole_only)               \
    X(primary_threshold)        \
    X(lexicon_version)
/* clang-format on */

#define KJ_SAME_SIZE(f)                                                                            \
    _Static_assert(sizeof(((kj_model *)0)->f) == sizeof(((model_head *)0)->f), #f " differs");
KJ_MODEL_HEAD_FIELDS(KJ_SAME_SIZE)
#undef KJ_SAME_SIZE

static void head_of(const kj_model *m, model_head *h) {
    memset(h, 0, sizeof *h); /* padding too: the file's bytes are all defined */
#define KJ_COPY_TO_HEAD(f) memcpy(&h->f, &m->f, sizeof h->f);
    KJ_MODEL_HEAD_FIELDS(KJ_COPY_TO_HEAD)
#undef KJ_COPY_TO_HEAD
}

static void head_to(const model_head *h, kj_model *m) {
#define KJ_COPY_FROM_HEAD(f) memcpy(&m->f, &h->f, sizeof h->f);
    KJ_MODEL_HEAD_FIELDS(KJ_COPY_FROM_HEAD)
#undef KJ_COPY_FROM_HEAD
    m->lexicon_version[sizeof m->lexicon_version - 1] = '\0';
}

/* model.bin's first line for model m of n weights whose bytes after the
 * line hash to sum, into line (96 bytes); returns its length. */
static int bin_line(const kj_model *m, size_t n, uint64_t sum, char *line) {
    return snprintf(line, 96, "%s %s %u %d %zu %016llx %zu\n", KJ_MODEL_BIN_MAGIC, m->version,
                    KJ_FEAT_DIM, KJ_N_LABELS, sizeof(model_head), (unsigned long long)sum, n);
}

/* The hash of the parts after the line (model_hash's, chained). */
static uint64_t parts_hash(const void *const *parts, const size_t *lens, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ model_hash((const char *)parts[i], lens[i])) * 1099511628211ULL;
    return h;
}

/* The path of model.bin beside model.tsv's path into out (PATH_MAX). */
static int bin_path(const char *tsv, char *out) {
    size_t n = strlen(tsv);
    if (n < 9 || n >= PATH_MAX || strcmp(tsv + n - 9, "model.tsv") != 0) return 0;
    memcpy(out, tsv, n - 3);
    memcpy(out + n - 3, "bin", 4);
    return 1;
}

/* Rows that a parse could have given for n weights: from 0, never falling,
 * ending at n, every label in range. */
static int rows_sound(const kj_model *m, size_t n) {
    if (m->row[0] != 0 || m->row[KJ_FEAT_DIM] != n) return 0;
    for (uint32_t f = 0; f < KJ_FEAT_DIM; f++)
        if (m->row[f + 1] < m->row[f]) return 0;
    for (size_t k = 0; k < n; k++)
        if (m->label[k] >= KJ_N_LABELS) return 0;
    return 1;
}

/* The lengths of model.bin's parts after its line for n weights: byte
 * order mark, header fields, rows, labels, weights. */
static void part_lens(size_t n, size_t lens[5]) {
    lens[0] = sizeof(uint32_t);
    lens[1] = sizeof(model_head);
    lens[2] = (KJ_FEAT_DIM + 1) * sizeof(uint32_t);
    lens[3] = n * sizeof(uint8_t);
    lens[4] = n * sizeof(float);
}

/* Fill m's header fields and weights from model.bin at path when it holds
 * m's version in this layout, undamaged; returns 1 then, else 0 (m as it
 * was). */
static int read_bin(kj_model *m, const char *path) {
    char *data;
    size_t len;
    kj_error ignored;
    if (kj_read_file(path, 256u << 20, &data, &len, &ignored) != KJ_OK) return 0;
    /* the line's last two fields: the hash of what follows, the count */
    const char *nl = memchr(data, '\n', len < 96 ? len : 96);
    unsigned long long sum = 0, n = 0;
    int ok = nl && sscanf(data, KJ_MODEL_BIN_MAGIC " %*s %*u %*d %*u %16llx %llu", &sum, &n) == 2 &&
             n < UINT32_MAX;
    char want[96];
    ok = ok && bin_line(m, (size_t)n, sum, want) == (int)(nl - data) + 1 &&
         !memcmp(data, want, (size_t)(nl - data) + 1);
    size_t lens[5], total = 0;
    part_lens((size_t)n, lens);
    const void *parts[5];
    const char *p = ok ? nl + 1 : data;
    for (int k = 0; k < 5; k++) {
        parts[k] = p + total;
        total += lens[k];
    }
    ok = ok && (size_t)(data + len - p) == total && parts_hash(parts, lens, 5) == sum;
    uint32_t order = 0;
    if (ok) memcpy(&order, parts[0], sizeof order);
    ok = ok && order == KJ_MODEL_BIN_ORDER;
    if (ok) {
        m->row = malloc(lens[2]);
        m->label = malloc(lens[3] ? lens[3] : 1);
        m->w = malloc(lens[4] ? lens[4] : 1);
        ok = m->row && m->label && m->w;
    }
    model_head h;
    if (ok) {
        memcpy(&h, parts[1], sizeof h);
        memcpy(m->row, parts[2], lens[2]);
        memcpy(m->label, parts[3], lens[3]);
        memcpy(m->w, parts[4], lens[4]);
        ok = rows_sound(m, (size_t)n);
    }
    free(data);
    if (!ok) {
        free(m->row), free(m->label), free(m->w);
        m->row = NULL, m->label = NULL, m->w = NULL;
        return 0;
    }
    head_to(&h, m);
    m->n_weights = (size_t)n;
    return 1;
}

/* Write m's header fields and weights to model.bin at path for the next
 * start (kj_write_file_replace; a failure only means no cache). */
static void write_bin(const kj_model *m, const char *path) {
    uint32_t order = KJ_MODEL_BIN_ORDER;
    model_head h;
    head_of(m, &h);
    size_t lens[6];
    part_lens(m->n_weights, lens + 1);
    const void *parts[6] = {NULL, &order, &h, m->row, m->label, m->w};
    char line[96];
    lens[0] = (size_t)bin_line(m, m->n_weights, parts_hash(parts + 1, lens + 1, 5), line);
    parts[0] = line;
    kj_write_file_replace(path, parts, lens, 6);
}

/* Lines in data (the last one need not end in a newline). */
static size_t count_lines(const char *data, size_t len) {
    size_t n = 1;
    for (const char *p = data, *end = data + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
        n++;
    return n;
}

kj_status kj_model_load(const char *dir, const kj_lexicon *lex, kj_model **out, kj_error *err) {
    *out = NULL;
    char path[PATH_MAX];
    if (dir)
        snprintf(path, sizeof path, "%s/model.tsv", dir);
    else {
        kj_status st = kj_data_path("model/model.tsv", path, sizeof path, err);
        if (st != KJ_OK) return st;
    }
    char *data;
    size_t len;
    kj_error rerr = {0}; /* apart from err: its message is an argument of err's */
    kj_status st = kj_read_file(path, 512u << 20, &data, &len, &rerr);
    if (st != KJ_OK)
        return kj_error_set(err, KJ_ERR_DATA, "%s (run `make model` to train it)", rerr.msg);
    if (strncmp(data, KJ_MODEL_MAGIC "\n", sizeof KJ_MODEL_MAGIC) != 0) {
        int older = strncmp(data, "kaiji-model ", 12) == 0;
        free(data);
        if (older)
            return kj_error_set(err, KJ_ERR_DATA,
                                "%s: trained by another kaiji version, whose text features differ "
                                "from this one's; retrain it (`make model`, or `kaiji train`)",
                                path);
        return kj_error_set(err, KJ_ERR_DATA, "%s: not a kaiji model file", path);
    }
    /* a file cut short (a copy or a disk that filled up), inside a line
     * (whose weight would still parse as a shorter number) or at a line's
     * end, has no end line counting its lines: checked before model.bin is
     * read, so a cache of a cut file is no way round it */
    size_t body;
    st = kj_model_body(path, data, len, &body, err);
    if (st != KJ_OK) {
        free(data);
        return st;
    }
    kj_model *m = calloc(1, sizeof *m);
    if (!m) {
        free(data);
        return kj_error_set(err, KJ_ERR_NOMEM, "out of memory loading model");
    }
    m->primary_threshold = 0.5f;
    m->short_factor[0] = m->short_factor[1] = 1.0f;
    for (int i = 0; i < KJ_N_LABELS; i++)
        m->threshold[i] = 0.5f;
    m->threshold[KJ_LABEL_RELEVANT] = 0.0f; /* a model without the gate lets everything through */
    snprintf(m->version, sizeof m->version, "%016llx", (unsigned long long)model_hash(data, len));
    data[body] = '\0'; /* the end line checked, the lines before it are the model */
    char bin[PATH_MAX];
    int cached = bin_path(path, bin) && read_bin(m, bin);
    m->from_cache = cached;
    st = cached ? KJ_OK : load_weights(m, data, count_lines(data, body), path, err);
    free(data);
    if (st == KJ_OK && !cached && bin_path(path, bin)) write_bin(m, bin);
    if (st == KJ_OK && (mark_weighted(m) != KJ_OK || densify(m) != KJ_OK ||
                        (lex && cache_term_features(m, lex) != KJ_OK)))
        st = kj_error_set(err, KJ_ERR_NOMEM, "out of memory loading model");
    if (st == KJ_OK && m->dense) drop_csr(m);
    if (st == KJ_OK && lex && strcmp(m->lexicon_version, kj_lexicon_version(lex)) != 0)
        st = kj_error_set(err, KJ_ERR_DATA,
                          "%s: trained with lexicon %s but the lexicon is now %s; run `make model`",
                          path, m->lexicon_version, kj_lexicon_version(lex));
    if (st != KJ_OK) {
        kj_model_free(m);
        return st;
    }
    *out = m;
    return KJ_OK;
}

void kj_model_free(kj_model *m) {
    if (!m) return;
    free(m->row);
    free(m->label);
    free(m->w);
    free(m->has);
    free(m->dense);
    free(m->dense_rank);
    free(m->term_feat);
    free(m->term_w);
    free(m);
}

float kj_model_threshold(const kj_model *m, kj_lang lang, int label) {
    int k = lang == KJ_LANG_EN ? 1 : 0;
    return m->has_lang_threshold[k] ? m->lang_threshold[k][label] : m->threshold[label];
}

int kj_text_is_short(const char *s, size_t len, kj_lang lang) {
    size_t limit = lang == KJ_LANG_EN ? KJ_SHORT_CHARS_EN : KJ_SHORT_CHARS_JA, cps;
    kj_utf8_skip(s, len, limit, &cps);
    return cps < limit;
}

float kj_model_label_threshold(const kj_model *m, kj_lang lang, int label, int is_short) {
    float t = kj_model_threshold(m, lang, label);
    return is_short ? t * m->short_factor[lang == KJ_LANG_EN ? 1 : 0] : t;
}

const char *kj_model_version(const kj_model *m) {
    return m->version;
}

/* How many features ahead add_rows asks for a weight row: the rows are
 * scattered over megabytes, so most are cache misses worth overlapping. */
#define KJ_ROW_AHEAD 8

/* Start loading feature r's dense weight row (when the model has one). */
static inline void prefetch_row(const kj_model *m, uint32_t r) {
    uint64_t word = m->has[r >> 6], below = ((uint64_t)1 << (r & 63)) - 1;
    uint32_t d = m->dense_rank[r >> 6] + (uint32_t)__builtin_popcountll(word & below);
    const float *w = m->dense + (size_t)d * KJ_DENSE_STRIDE;
    __builtin_prefetch(w);
    __builtin_prefetch(w + 16);
}

/* Versions of a function for newer CPUs, chosen at load time by a resolver
 * function. Under ThreadSanitizer (make check's build-tsan) the resolver
 * would run instrumented before the sanitizer is set up, so that build
 * keeps the default version only. */
#ifdef __SANITIZE_THREAD__
#define KJ_CLONES(...)
#else
#define KJ_CLONES(...) __attribute__((target_clones(__VA_ARGS__)))
#endif

/* z[l] += w[l] * v for every label of every weighted feature of f, in
 * feature order: float products added to double sums, the same operations
 * as the scalar loop, in wider registers where the CPU has them (and the
 * sums stay in registers across features). */
KJ_CLONES("arch=x86-64-v4", "arch=x86-64-v3", "default")
static void add_rows(double *restrict z, const kj_model *m, const kj_features *f) {
    double acc[KJ_N_LABELS];
    for (int l = 0; l < KJ_N_LABELS; l++)
        acc[l] = z[l];
    for (size_t i = 0; i < f->n; i++) {
        if (i + KJ_ROW_AHEAD < f->n) prefetch_row(m, f->idx[i + KJ_ROW_AHEAD]);
        uint32_t r = f->idx[i];
        uint64_t word = m->has[r >> 6], below = ((uint64_t)1 << (r & 63)) - 1;
        if (!((word >> (r & 63)) & 1)) continue;
        uint32_t d = m->dense_rank[r >> 6] + (uint32_t)__builtin_popcountll(word & below);
        const float *restrict w = m->dense + (size_t)d * KJ_DENSE_STRIDE;
        float v = f->val[i];
#pragma GCC unroll 32
        for (int l = 0; l < KJ_N_LABELS; l++)
            acc[l] += w[l] * v;
    }
    for (int l = 0; l < KJ_N_LABELS; l++)
        z[l] = acc[l];
}

/* Start loading the dense row r. */
static inline void prefetch_known(const kj_model *m, uint32_t r) {
    const float *w = m->dense + (size_t)r * KJ_DENSE_STRIDE;
    __builtin_prefetch(w);
    __builtin_prefetch(w + 16);
}

#ifdef __x86_64__
_Static_assert(KJ_DENSE_STRIDE == 32 && KJ_N_LABELS == 32,
               "span_logits_512 takes a row and the sums as four vectors of 8");

#define KJ_AVX512 __attribute__((target("avx512f")))

/* a[] += the row w times x, label by label: float products widened to
 * double sums, as the plain loop does. */
static inline KJ_AVX512 void add_row_512(__m512d *a, const float *w, __m256 x) {
#pragma GCC unroll 4
    for (int k = 0; k < 4; k++)
        a[k] = _mm512_add_pd(a[k], _mm512_cvtps_pd(_mm256_mul_ps(_mm256_load_ps(w + 8 * k), x)));
}

/* kj_model_span_logits of a known span vector with AVX-512, written out:
 * the compiler's vectorisation of the plain loop widens the float products
 * to doubles in narrower pieces, at half the speed. The same products and
 * sums, in the same order. */
static KJ_AVX512 void span_logits_512(const kj_model *m, const kj_span_vec *sv, double *z) {
    __m512d a[4];
#pragma GCC unroll 4
    for (int k = 0; k < 4; k++)
        a[k] = _mm512_cvtps_pd(_mm256_loadu_ps(m->bias + 8 * k));
    __m256 x = _mm256_set1_ps(sv->text_val);
    for (size_t i = 0; i < sv->n_rows; i++) {
        if (i + KJ_ROW_AHEAD < sv->n_rows) prefetch_known(m, sv->rows[i + KJ_ROW_AHEAD]);
        add_row_512(a, m->dense + (size_t)sv->rows[i] * KJ_DENSE_STRIDE, x);
    }
    for (size_t i = 0; i < sv->n_tail; i++) {
        if (i + KJ_ROW_AHEAD < sv->n_tail) prefetch_known(m, sv->tail_rows[i + KJ_ROW_AHEAD]);
        x = _mm256_broadcast_ss(&sv->tail_val[i]);
        add_row_512(a, m->dense + (size_t)sv->tail_rows[i] * KJ_DENSE_STRIDE, x);
    }
#pragma GCC unroll 4
    for (int k = 0; k < 4; k++)
        _mm512_storeu_pd(z + 8 * k, a[k]);
}
#endif

/* acc[l] += w[l] * v for the n dense rows of m, v each row's value in
 * vals or, when vals is NULL, v for all (as add_rows). */
static inline void add_known_any(double *restrict acc, const kj_model *m, const uint32_t *rows,
                                 const float *vals, float v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (i + KJ_ROW_AHEAD < n) prefetch_known(m, rows[i + KJ_ROW_AHEAD]);
        const float *restrict w = m->dense + (size_t)rows[i] * KJ_DENSE_STRIDE;
        float x = vals ? vals[i] : v;
#pragma GCC unroll 32
        for (int l = 0; l < KJ_N_LABELS; l++)
            acc[l] += w[l] * x;
    }
}

/* span_logits_512 for any CPU. */
KJ_CLONES("arch=x86-64-v3", "default")
static void span_logits_any(const kj_model *m, const kj_span_vec *sv, double *restrict z) {
    double acc[KJ_N_LABELS];
    for (int l = 0; l < KJ_N_LABELS; l++)
        acc[l] = m->bias[l];
    add_known_any(acc, m, sv->rows, NULL, sv->text_val, sv->n_rows);
    add_known_any(acc, m, sv->tail_rows, sv->tail_val, 0, sv->n_tail);
    for (int l = 0; l < KJ_N_LABELS; l++)
        z[l] = acc[l];
}

/* Cloned for CPUs with a popcount instruction (a library call otherwise).
 * Static: clang emits the clones of an external function only where it is
 * called in the same file. */
KJ_CLONES("arch=x86-64-v4", "arch=x86-64-v3", "default")
static void rows_of_features(const kj_model *m, uint32_t *idx, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint32_t r = idx[i];
        uint64_t below = ((uint64_t)1 << (r & 63)) - 1;
        idx[i] = m->dense_rank[r >> 6] + (uint32_t)__builtin_popcountll(m->has[r >> 6] & below);
    }
}

void kj_model_rows(const kj_model *m, uint32_t *idx, size_t n) {
    rows_of_features(m, idx, n);
}

/* z[l] += the weighted features of f, in order. */
static void add_features(const kj_model *m, const kj_features *f, double *z) {
    if (m->dense) {
        add_rows(z, m, f);
        return;
    }
    for (size_t i = 0; i < f->n; i++) {
        uint32_t r = f->idx[i];
        for (uint32_t k = m->row[r]; k < m->row[r + 1]; k++)
            z[m->label[k]] += m->w[k] * f->val[i];
    }
}

void kj_model_logits(const kj_model *m, const kj_features *f, double *z) {
    for (int l = 0; l < KJ_N_LABELS; l++)
        z[l] = m->bias[l];
    add_features(m, f, z);
}

/* For a known span vector, the bias then w[l] * v for its text rows and
 * then its tail rows: the sums add_rows makes of the vector it stands for,
 * without looking the rows up. */
void kj_model_span_logits(const kj_model *m, const kj_span_vec *sv, double *z) {
    if (!sv->known) {
        kj_model_logits(m, &sv->all, z);
        return;
    }
#ifdef __x86_64__
    if (__builtin_cpu_supports("avx512f")) {
        span_logits_512(m, sv, z);
        return;
    }
#endif
    span_logits_any(m, sv, z);
}

void kj_model_scores(const kj_model *m, const kj_features *f, float *prob) {
    double z[KJ_N_LABELS];
    kj_model_logits(m, f, z);
    for (int l = 0; l < KJ_N_LABELS; l++)
        prob[l] = (float)(1.0 / (1.0 + exp(-z[l])));
}

float kj_model_weight(const kj_model *m, uint32_t feat, int label) {
    if (feat >= KJ_FEAT_DIM || label < 0 || label >= KJ_N_LABELS) return 0;
    if (m->dense) {
        uint64_t word = m->has[feat >> 6], below = ((uint64_t)1 << (feat & 63)) - 1;
        if (!((word >> (feat & 63)) & 1)) return 0;
        uint32_t d = m->dense_rank[feat >> 6] + (uint32_t)__builtin_popcountll(word & below);
        return m->dense[(size_t)d * KJ_DENSE_STRIDE + label];
    }
    for (uint32_t k = m->row[feat]; k < m->row[feat + 1]; k++)
        if (m->label[k] == label) return m->w[k];
    return 0;
}
