/*
 * edinet.c - EDINET filings: a directory of section files
 * (S100J2FA-0102010.html ...) or an EDINET download zip
 * (XBRL/PublicDoc/0101010_honbun_....htm ...). The sections are read in
 * section-code order as one document, each block tagged with its section
 * code, so later stages can tell 第2【事業の状況】 (0102010) from the rest.
 * Zip members are decompressed with a cap (kj_zip_read_member, zipfile.c)
 * so a zip bomb cannot exhaust memory.
 */
#include "ingest_internal.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

typedef struct {
    char *name;      /* malloc'd: file name in the dir, or member name in the zip */
    char code[8];    /* the 7-digit section code, or "" */
    long long index; /* zip member index, or -1 */
} section_file;

typedef struct {
    section_file *v;
    size_t n, cap;
    bool public_doc; /* the files are an EDINET download's XBRL/PublicDoc */
} file_list;

static bool html_name(const char *name) {
    const char *dot = strrchr(name, '.');
    return dot &&
           (!strcasecmp(dot, ".htm") || !strcasecmp(dot, ".html") || !strcasecmp(dot, ".xhtml"));
}

/* The section code: 7 digits after a '-' or '_', or at the start of the
 * base name ("0102010_honbun_...", "S100J2FA-0102010.html"). */
static void section_code(const char *name, char code[8]) {
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    code[0] = '\0';
    for (const char *p = base; *p; p++) {
        if (p != base && p[-1] != '-' && p[-1] != '_') continue;
        size_t k = 0;
        while (k < 7 && isdigit((unsigned char)p[k]))
            k++;
        if (k == 7 && !isdigit((unsigned char)p[7])) {
            memcpy(code, p, 7);
            code[7] = '\0';
            return;
        }
    }
}

static int cmp_files(const void *a, const void *b) {
    const section_file *x = a, *y = b;
    if (x->code[0] && !y->code[0]) return -1;
    if (!x->code[0] && y->code[0]) return 1;
    int c = strcmp(x->code, y->code);
    return c ? c : strcmp(x->name, y->name);
}

static bool list_add(file_list *l, const char *name, long long index) {
    section_file *v = kj_grow(l->v, l->n, &l->cap, sizeof *v, 32);
    if (!v) return false;
    l->v = v;
    section_file *f = &l->v[l->n];
    f->name = strdup(name);
    if (!f->name) return false;
    section_code(name, f->code);
    f->index = index;
    l->n++;
    return true;
}

/* Whether l is a filing's: the files of a download's PublicDoc, or files
 * of which one at least has a section code. */
static bool is_filing(const file_list *l) {
    if (l->public_doc) return true;
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].code[0]) return true;
    return false;
}

/* The error for the n HTML files of the folder (is_dir) or zip at path,
 * none of which is named as a section file. */
static kj_status not_a_filing(const char *path, bool is_dir, size_t n, kj_error *err) {
    const char *them = n == 1 ? "it" : "them";
    if (is_dir)
        return kj_error_set(err, KJ_ERR_FORMAT,
                            "%s: a folder of %zu HTML file%s, none named as an EDINET section "
                            "file (with a section code such as 0102010 in its name); to analyse "
                            "each file, name %s (%s/*), or read %s as one filing with --as edinet",
                            path, n, n == 1 ? "" : "s", them, path, them);
    return kj_error_set(err, KJ_ERR_FORMAT,
                        "%s: a zip of %zu HTML file%s, none named as an EDINET section file (with "
                        "a section code such as 0102010 in its name); to analyse each file, unzip "
                        "it and name %s, or read %s as one filing with --as edinet",
                        path, n, n == 1 ? "" : "s", them, them);
}

static void list_free(file_list *l) {
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].name);
    free(l->v);
}

/* Parse one section's HTML into the builder under its section code. */
static kj_status add_section(kj_builder *b, const section_file *f, char *data, size_t len,
                             kj_error *err) {
    const char *name = f->code[0] ? f->code : f->name;
    b->section = kj_arena_strcut(b->doc->arena, name, strlen(name), KJ_SECTION_MAX);
    const char *title = b->doc->title;
    kj_status st = kj_read_html(b, data, len, NULL, err);
    b->doc->title = title; /* section titles are file names; the first heading is better */
    return st;
}

/* The HTML files of directory dir into l; none when dir is not there, an
 * error when it cannot be read. */
static kj_status list_dir(const char *dir, file_list *l, kj_error *err) {
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT || errno == ENOTDIR
                   ? KJ_OK
                   : kj_error_set(err, KJ_ERR_IO, "%s: %s", dir, strerror(errno));
    kj_status st = KJ_OK;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.' && html_name(e->d_name) && !list_add(l, e->d_name, -1)) {
            st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", dir);
            break;
        }
    closedir(d);
    return st;
}

/* The directory of path's section files into *dir (malloc'd) and them into
 * l: path itself, or, for an EDINET download unzipped as it comes, its
 * XBRL/PublicDoc (the audit report and the XBRL beside it are not read). */
static kj_status find_sections(const char *path, char **dir, file_list *l, kj_error *err) {
    static const char *const under[] = {"", "/XBRL/PublicDoc", "/PublicDoc"};
    for (size_t k = 0; k < sizeof under / sizeof under[0]; k++) {
        if (asprintf(dir, "%s%s", path, under[k]) < 0) {
            *dir = NULL;
            return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
        }
        kj_status st = list_dir(*dir, l, err);
        l->public_doc = k > 0;
        if (st != KJ_OK || l->n > 0) return st;
        free(*dir);
        *dir = NULL;
    }
    return kj_error_set(err, KJ_ERR_FORMAT,
                        "%s: no EDINET section files (*.htm, *.html) in it or in its "
                        "XBRL/PublicDoc; to analyse each file of a folder, name them (%s/*)",
                        path, path);
}

static kj_status read_dir(kj_builder *b, const char *path, bool forced, kj_error *err) {
    file_list l = {0};
    char *dir = NULL;
    kj_status st = find_sections(path, &dir, &l, err);
    if (st == KJ_OK && !forced && !is_filing(&l)) st = not_a_filing(path, true, l.n, err);
    if (st == KJ_OK && l.n > 1) qsort(l.v, l.n, sizeof *l.v, cmp_files);
    size_t total = 0;
    for (size_t i = 0; i < l.n && st == KJ_OK; i++) {
        char *fp = NULL, *data = NULL;
        size_t len = 0;
        if (asprintf(&fp, "%s/%s", dir, l.v[i].name) < 0) {
            st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
            break;
        }
        st = total < b->max_bytes ? kj_read_file(fp, b->max_bytes - total, &data, &len, err)
                                  : KJ_ERR_TOO_LARGE;
        if (st == KJ_ERR_TOO_LARGE)
            kj_error_set(err, st, "%s: the sections together exceed the limit of %zu bytes", path,
                         b->max_bytes);
        total += len;
        if (st == KJ_OK) st = add_section(b, &l.v[i], data, len, err);
        free(data);
        free(fp);
    }
    free(dir);
    list_free(&l);
    return st;
}

/* What zip archive z, which holds no section files, is instead, for the
 * kinds users have at hand (NULL for others): said rather than "no EDINET
 * section files". */
static const char *other_zip(zip_t *z) {
    if (zip_name_locate(z, "xl/workbook.xml", 0) >= 0) return "an Excel workbook (XLSX)";
    if (zip_name_locate(z, "mimetype", 0) >= 0 && zip_name_locate(z, "content.xml", 0) >= 0)
        return "an OpenDocument file (ODT, ODS, ODP)";
    return NULL;
}

/* Member names to read: the PublicDoc part when present, else every HTML. */
static kj_status list_zip(zip_t *z, const char *path, file_list *l, kj_error *err) {
    zip_int64_t n = zip_get_num_entries(z, 0);
    bool public_doc = false;
    for (zip_int64_t i = 0; i < n; i++) {
        const char *nm = zip_get_name(z, (zip_uint64_t)i, 0);
        if (nm && html_name(nm) && strstr(nm, "PublicDoc/")) public_doc = true;
    }
    l->public_doc = public_doc;
    for (zip_int64_t i = 0; i < n; i++) {
        const char *nm = zip_get_name(z, (zip_uint64_t)i, 0);
        if (!nm || !html_name(nm) || strstr(nm, "__MACOSX")) continue;
        if (public_doc && !strstr(nm, "PublicDoc/")) continue;
        if (!list_add(l, nm, i)) return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    }
    const char *other = l->n == 0 ? other_zip(z) : NULL;
    if (other)
        return kj_error_set(err, KJ_ERR_UNSUPPORTED,
                            "%s: %s, which kaiji does not read (it reads PDF, HTML, DOCX, PPTX, "
                            "plain text and EDINET filings)",
                            path, other);
    if (l->n == 0)
        return kj_error_set(err, KJ_ERR_FORMAT, "%s: no EDINET section files (*.htm, *.html) in %s",
                            path, path);
    qsort(l->v, l->n, sizeof *l->v, cmp_files);
    return KJ_OK;
}

static kj_status read_zip(kj_builder *b, const char *path, bool forced, kj_error *err) {
    zip_t *z;
    kj_status st = kj_zip_open(path, "zip archive", &z, err);
    if (st != KJ_OK) return st;
    file_list l = {0};
    st = list_zip(z, path, &l, err);
    if (st == KJ_OK && !forced && !is_filing(&l)) st = not_a_filing(path, false, l.n, err);
    size_t total = 0;
    for (size_t i = 0; i < l.n && st == KJ_OK; i++) {
        char *data;
        size_t len;
        st = kj_zip_read_member(z, l.v[i].index, path, l.v[i].name, total, b->max_bytes, &data,
                                &len, err);
        if (st != KJ_OK) break;
        total += len;
        st = add_section(b, &l.v[i], data, len, err);
        free(data);
    }
    list_free(&l);
    zip_discard(z);
    return st;
}

/* The text of the block of blocks (n) after the cover's block that reads
 * label (【会社名】), and its length; NULL when the cover has no such label. */
static const char *cover_value(const kj_block *blocks, size_t n, const char *label, size_t *len) {
    size_t k = strlen(label);
    for (size_t i = 0; i + 1 < n; i++)
        if (blocks[i].len == k && blocks[i].text && memcmp(blocks[i].text, label, k) == 0) {
            *len = blocks[i + 1].len;
            return blocks[i + 1].text;
        }
    return NULL;
}

kj_status kj_name_by_edinet_cover(kj_document *d, const kj_block *blocks, size_t n) {
    size_t nc, nd = 0, ny = 0;
    const char *company = cover_value(blocks, n, "【会社名】", &nc);
    const char *doc = cover_value(blocks, n, "【提出書類】", &nd);
    if (!doc) doc = cover_value(blocks, n, "【書類名】", &nd);
    const char *year = cover_value(blocks, n, "【事業年度】", &ny);
    if (!company || !nc) return KJ_OK;
    const char *name = kj_arena_strndup(d->arena, company, nc);
    if (!name) return KJ_ERR_NOMEM;
    const char *paren = year ? strstr(year, "（") : NULL; /* 第58期（自 … 至 …） */
    if (paren && paren < year + ny) ny = (size_t)(paren - year);
    kj_buf t = KJ_BUF_INIT;
    kj_status st = kj_buf_append(&t, company, nc);
    if (st == KJ_OK && doc && nd) st = kj_buf_printf(&t, " %.*s", (int)nd, doc);
    if (st == KJ_OK && year && ny) st = kj_buf_printf(&t, " %.*s", (int)ny, year);
    const char *title = st == KJ_OK ? kj_arena_strndup(d->arena, t.data, t.len) : NULL;
    kj_buf_free(&t);
    if (!title) return KJ_ERR_NOMEM;
    d->company = name;
    d->title = title;
    return KJ_OK;
}

kj_status kj_read_edinet(kj_builder *b, const char *path, bool is_dir, bool forced, kj_error *err) {
    b->doc->format = KJ_FORMAT_EDINET;
    kj_status st = is_dir ? read_dir(b, path, forced, err) : read_zip(b, path, forced, err);
    b->section = NULL;
    if (st == KJ_OK && kj_name_by_edinet_cover(b->doc, b->blocks, b->n) != KJ_OK)
        st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    return st;
}
