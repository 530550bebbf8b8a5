/*
 * ingest.c - the ingest stage's front door: checks the path (exists,
 * readable, within the size limit - before reading a byte of it - and not
 * empty), detects the format from the content (magic bytes first, the file
 * extension only as a fallback, so a PDF named .txt is still read as a PDF)
 * and hands the file to the reader for that format. Also the small public
 * helpers: format and block-kind names, kj_document_free,
 * kj_document_release_blocks, kj_ingest_text_utf8 and
 * kj_ingest_prepare_threads.
 */
#include "ingest_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include <libxml/parser.h>

void kj_ingest_prepare_threads(void) {
    xmlInitParser();
    tzset();
}

static const char *const format_names[] = {"auto", "text", "html", "pdf", "docx", "edinet", "pptx"};

const char *kj_format_name(kj_format f) {
    return (unsigned)f < sizeof format_names / sizeof format_names[0] ? format_names[f] : "auto";
}

kj_format kj_format_parse(const char *name) {
    if (!name) return KJ_FORMAT_AUTO;
    for (size_t i = 1; i < sizeof format_names / sizeof format_names[0]; i++)
        if (!strcasecmp(name, format_names[i])) return (kj_format)i;
    if (!strcasecmp(name, "txt")) return KJ_FORMAT_TEXT;
    if (!strcasecmp(name, "xhtml") || !strcasecmp(name, "htm")) return KJ_FORMAT_HTML;
    return KJ_FORMAT_AUTO;
}

const char *kj_block_kind_name(kj_block_kind k) {
    switch (k) {
    case KJ_BLOCK_HEADING:
        return "heading";
    case KJ_BLOCK_LIST_ITEM:
        return "list_item";
    case KJ_BLOCK_TABLE_CELL:
        return "table_cell";
    default:
        return "paragraph";
    }
}

void kj_document_free(kj_document *doc) {
    if (doc) kj_arena_free(doc->arena);
}

void kj_document_release_blocks(kj_document *doc) {
    if (!doc || !doc->blocks) return;
    /* kj_builder_finish allocates the array at its exact size */
    kj_arena_release(doc->arena, doc->blocks,
                     (doc->n_blocks ? doc->n_blocks : 1) * sizeof *doc->blocks);
    doc->blocks = NULL;
    doc->n_blocks = 0;
}

kj_status kj_ingest_text_utf8(const char *name, const char *text, size_t len, kj_document **out,
                              kj_error *err) {
    *out = NULL;
    if (!name) name = "<text>";
    if (!text && len) return kj_error_set(err, KJ_ERR_ARG, "%s: no text given", name);
    if (!kj_utf8_valid(text ? text : "", len))
        return kj_error_set(err, KJ_ERR_FORMAT, "%s: invalid UTF-8", name);
    kj_builder b;
    kj_status st = kj_builder_init(&b, name, KJ_FORMAT_TEXT, 0, err);
    if (st != KJ_OK) return st;
    b.doc->encoding = "UTF-8";
    st = kj_text_paragraphs(&b, text ? text : "", len, err);
    if (st == KJ_OK) return kj_builder_finish(&b, out, err);
    kj_builder_abort(&b);
    return st;
}

static const char *extension(const char *path) {
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    return dot ? dot + 1 : "";
}

/* Skip a BOM and white space; true when what follows starts with word. */
static bool starts_with_ci(const char *s, size_t n, const char *word) {
    size_t i = 0;
    if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) i = 3;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    size_t wl = strlen(word);
    return n - i >= wl && !strncasecmp(s + i, word, wl);
}

static bool contains_ci(const char *s, size_t n, const char *word) {
    size_t wl = strlen(word);
    for (size_t i = 0; i + wl <= n; i++)
        if (!strncasecmp(s + i, word, wl)) return true;
    return false;
}

static bool looks_html(const char *head, size_t n) {
    if (starts_with_ci(head, n, "<!doctype html") || starts_with_ci(head, n, "<html")) return true;
    if (starts_with_ci(head, n, "<?xml") || starts_with_ci(head, n, "<!--") ||
        starts_with_ci(head, n, "<!doctype"))
        return contains_ci(head, n, "<html") || contains_ci(head, n, "xhtml");
    return starts_with_ci(head, n, "<head") || starts_with_ci(head, n, "<body");
}

/* A zip is DOCX when it holds word/document.xml, PPTX when it holds
 * ppt/presentation.xml, else an EDINET filing. */
static kj_format zip_kind(const char *path) {
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
    if (!z) return KJ_FORMAT_AUTO;
    kj_format f = zip_name_locate(z, "word/document.xml", 0) >= 0      ? KJ_FORMAT_DOCX
                  : zip_name_locate(z, "ppt/presentation.xml", 0) >= 0 ? KJ_FORMAT_PPTX
                                                                       : KJ_FORMAT_EDINET;
    zip_discard(z);
    return f;
}

static kj_format by_extension(const char *path) {
    const char *e = extension(path);
    if (!strcasecmp(e, "pdf")) return KJ_FORMAT_PDF;
    if (!strcasecmp(e, "docx")) return KJ_FORMAT_DOCX;
    if (!strcasecmp(e, "pptx")) return KJ_FORMAT_PPTX;
    if (!strcasecmp(e, "zip")) return KJ_FORMAT_EDINET;
    if (!strcasecmp(e, "htm") || !strcasecmp(e, "html") || !strcasecmp(e, "xhtml"))
        return KJ_FORMAT_HTML;
    return KJ_FORMAT_TEXT;
}

/* Detect a regular file's format from its first bytes, then its name. */
static kj_format detect(const char *path, const char *head, size_t n) {
    if (n >= 5 && memmem(head, n < 1024 ? n : 1024, "%PDF-", 5)) return KJ_FORMAT_PDF;
    if (n >= 4 && !memcmp(head, "PK\x03\x04", 4)) {
        kj_format z = zip_kind(path);
        if (z != KJ_FORMAT_AUTO) return z;
        /* a zip that libzip cannot open (cut short, damaged): the reader
         * its name asks for, or the EDINET one, says what is wrong */
        z = by_extension(path);
        return z == KJ_FORMAT_DOCX || z == KJ_FORMAT_PPTX ? z : KJ_FORMAT_EDINET;
    }
    if (looks_html(head, n)) return KJ_FORMAT_HTML;
    kj_format e = by_extension(path);
    /* a .zip / .docx that is not a zip, or a .pdf without %PDF: the reader
     * for that format explains what is wrong */
    return e;
}

static kj_status read_head(const char *path, char *buf, size_t cap, size_t *n, kj_error *err) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return kj_error_set(err, KJ_ERR_IO, "%s: %s", path, strerror(errno));
    ssize_t r = read(fd, buf, cap);
    int e = errno;
    close(fd);
    if (r < 0) return kj_error_set(err, KJ_ERR_IO, "%s: %s", path, strerror(e));
    *n = (size_t)r;
    return KJ_OK;
}

/* Readers that work on bytes in memory (text, HTML). */
static kj_status read_in_memory(kj_builder *b, const char *path, kj_format f,
                                const kj_ingest_options *o, kj_error *err) {
    char *data;
    size_t len;
    const char *enc = o ? o->encoding : NULL;
    if (f == KJ_FORMAT_TEXT && !enc) {
        int done;
        kj_status st = kj_read_text_file(b, path, &done, err);
        if (done) return st;
    }
    kj_status st = kj_read_file(path, b->max_bytes, &data, &len, err);
    if (st != KJ_OK) return st;
    st = f == KJ_FORMAT_HTML ? kj_read_html(b, data, len, enc, err)
                             : kj_read_text(b, data, len, enc, err);
    free(data);
    if (st == KJ_OK && f == KJ_FORMAT_HTML) st = kj_name_edinet_section_file(b, path, err);
    return st;
}

/* The error for a document from which no text was read: analysed, it
 * would say that it discloses nothing, which is not what its reader
 * should hear. (A PDF without a text layer gets its own in pdf.c.) */
static kj_status no_text(const char *path, kj_format f, kj_error *err) {
    const char *why = f == KJ_FORMAT_HTML ? " (a page whose text a script writes, or images only?)"
                      : f == KJ_FORMAT_TEXT ? " (white space only)"
                                            : "";
    return kj_error_set(err, KJ_ERR_FORMAT, "%s: no text to read%s", path, why);
}

static kj_status dispatch(kj_builder *b, const char *path, kj_format f, bool is_dir,
                          const kj_ingest_options *o, kj_error *err) {
    switch (f) {
    case KJ_FORMAT_PDF:
        return kj_read_pdf(b, path, err);
    case KJ_FORMAT_DOCX:
        return kj_read_docx(b, path, err);
    case KJ_FORMAT_PPTX:
        return kj_read_pptx(b, path, err);
    case KJ_FORMAT_EDINET:
        return kj_read_edinet(b, path, is_dir, o && o->format == KJ_FORMAT_EDINET, err);
    default:
        return read_in_memory(b, path, f, o, err);
    }
}

/* What the file or directory at path is, read from its first bytes and its
 * name unless f is given; the checks that come before any reading (a
 * regular file or a directory, readable, within max bytes, not empty). */
static kj_status format_of(const char *path, size_t max, kj_format f, bool *is_dir, kj_format *out,
                           kj_error *err) {
    struct stat st;
    if (stat(path, &st) != 0) return kj_error_set(err, KJ_ERR_IO, "%s: %s", path, strerror(errno));
    *is_dir = S_ISDIR(st.st_mode);
    *out = f;
    if (*is_dir) {
        if (access(path, R_OK | X_OK) != 0)
            return kj_error_set(err, KJ_ERR_IO, "%s: %s", path, strerror(errno));
        if (f != KJ_FORMAT_AUTO && f != KJ_FORMAT_EDINET)
            return kj_error_set(err, KJ_ERR_ARG, "%s: is a directory, not a %s file", path,
                                kj_format_name(f));
        *out = KJ_FORMAT_EDINET;
        return KJ_OK;
    }
    if (!S_ISREG(st.st_mode)) return kj_error_set(err, KJ_ERR_IO, "%s: not a regular file", path);
    if (max && (unsigned long long)st.st_size > max)
        return kj_error_set(err, KJ_ERR_TOO_LARGE,
                            "%s: file is %lld bytes (%.1f MiB), over the limit of %zu bytes "
                            "(%.1f MiB)",
                            path, (long long)st.st_size, st.st_size / 1048576.0, max,
                            max / 1048576.0);
    if (access(path, R_OK) != 0)
        return kj_error_set(err, KJ_ERR_IO, "%s: %s", path, strerror(errno));
    /* a file of /proc or /sys says it is of size 0 and has bytes: it is
     * empty only when a read finds none (the readers keep to the size
     * limit as they read) */
    if (f != KJ_FORMAT_AUTO && st.st_size != 0) return KJ_OK;
    char head[4096];
    size_t n = 0;
    kj_status s = read_head(path, head, sizeof head, &n, err);
    if (s != KJ_OK) return s;
    if (n == 0) return kj_error_set(err, KJ_ERR_FORMAT, "%s: empty file", path);
    if (f == KJ_FORMAT_AUTO) *out = detect(path, head, n);
    return KJ_OK;
}

kj_status kj_detect_format(const char *path, kj_format *out, kj_error *err) {
    *out = KJ_FORMAT_AUTO;
    if (!path || !*path) return kj_error_set(err, KJ_ERR_ARG, "no file name given");
    bool is_dir = false;
    return format_of(path, 0, KJ_FORMAT_AUTO, &is_dir, out, err);
}

kj_status kj_ingest_file(const char *path, const kj_ingest_options *opts, kj_document **out,
                         kj_error *err) {
    *out = NULL;
    if (!path || !*path) return kj_error_set(err, KJ_ERR_ARG, "no file name given");
    size_t max = opts && opts->max_bytes ? opts->max_bytes : KJ_INGEST_DEFAULT_MAX;
    bool is_dir = false;
    kj_format f = KJ_FORMAT_AUTO;
    kj_status fs = format_of(path, max, opts ? opts->format : KJ_FORMAT_AUTO, &is_dir, &f, err);
    if (fs != KJ_OK) return fs;
    kj_builder b;
    kj_status s = kj_builder_init(&b, path, f, max, err);
    if (s != KJ_OK) return s;
    s = dispatch(&b, path, f, is_dir, opts, err);
    if (s == KJ_OK && b.n == 0) s = no_text(path, f, err);
    if (s != KJ_OK) {
        kj_builder_abort(&b);
        return s;
    }
    return kj_builder_finish(&b, out, err);
}
