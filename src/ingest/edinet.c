/*
 * edinet.c - EDINET filings: a directory of section files
 * (S100J2FA-0102010.html ...) or an EDINET download zip
 * (XBRL/PublicDoc/0101010_honbun_....htm ...). The sections are read in
 * section-code order as one document, each block tagged with its section
 * code and name ("0102010 事業の状況"), so later stages can tell
 * 第2【事業の状況】 from the rest and readers see which section a passage is in.
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

/* How many of a section's first blocks are looked at for its name. */
#define KJ_SECTION_NAME_SCAN 8

/* The brackets a filing's headings set a section's name in (【事業の状況】),
 * and their length in bytes. */
static const char name_open[] = "【", name_close[] = "】";
#define KJ_NAME_BRACKET (sizeof name_open - 1)
_Static_assert(sizeof name_open == sizeof name_close, "both brackets are one length");

/* Whether block k can name its section: a heading, or a block that is
 * only a bracketed label (the cover's 【表紙】 is a table cell). */
static bool names_section(const kj_block *k) {
    size_t w = KJ_NAME_BRACKET;
    if (!k->text || !k->len) return false;
    if (k->kind == KJ_BLOCK_HEADING) return true;
    return k->len > 2 * w && memcmp(k->text, name_open, w) == 0 &&
           memcmp(k->text + k->len - w, name_close, w) == 0;
}

/* Whether text (len) heads a part of the filing (第一部 【企業情報】), over
 * the chapter that names its first section (第１ 【企業の概況】): 第, a
 * number in digits or kanji, then 部. */
static bool part_heading(const char *text, size_t len) {
    static const char dai[] = "第", bu[] = "部";
    size_t d = sizeof dai - 1, k = sizeof bu - 1;
    if (len < d || memcmp(text, dai, d) != 0) return false;
    size_t i = d;
    while (i < len) {
        int32_t c;
        size_t n = kj_utf8_decode(text + i, len - i, &c);
        if (!n || !(kj_is_digit(c) || kj_is_kanji_numeral(c))) break;
        i += n;
    }
    return i > d && i + k <= len && memcmp(text + i, bu, k) == 0;
}

/* The name of the section whose blocks start at first: the text in 【】
 * of its first heading (or label), else that heading; a part's heading
 * gives way to the chapter heading after it. *bracketed says which. NULL
 * (*len 0) when its first blocks have none. */
static const char *section_name(const kj_builder *b, size_t first, size_t *len, bool *bracketed) {
    const kj_block *pick = NULL;
    size_t end = b->n < first + KJ_SECTION_NAME_SCAN ? b->n : first + KJ_SECTION_NAME_SCAN;
    for (size_t i = first; i < end; i++) {
        const kj_block *k = &b->blocks[i];
        if (i + 1 == b->open_at || !names_section(k)) continue; /* open: text not yet there */
        if (pick && !part_heading(pick->text, pick->len)) break;
        pick = k;
    }
    if (!pick) return NULL;
    const char *s = pick->text;
    size_t n = pick->len;
    size_t w = KJ_NAME_BRACKET;
    const char *o = memmem(s, n, name_open, w);
    const char *c = o ? memmem(o + w, n - (size_t)(o + w - s), name_close, w) : NULL;
    *bracketed = c && c > o + w;
    if (*bracketed) {
        s = o + w;
        n = (size_t)(c - s);
    }
    *len = n;
    return s;
}

/* "CODE NAME" (0102010 事業の状況) of the section code and name (n bytes),
 * in the document's arena, as a US filing's sections are named "Item 1C.
 * Cybersecurity": readers know a section by its name, and the code finds
 * its file. NULL when out of memory. */
static const char *section_tag(kj_builder *b, const char *code, const char *name, size_t n) {
    kj_buf t = KJ_BUF_INIT;
    kj_status st = kj_buf_printf(&t, "%s %.*s", code, (int)n, name);
    const char *tag =
        st == KJ_OK ? kj_arena_strcut(b->doc->arena, t.data, t.len, KJ_SECTION_MAX) : NULL;
    kj_buf_free(&t);
    return tag;
}

/* Tag the blocks of the section that starts at first (all tagged with
 * b->section, its code) with its code and name (section_tag). */
static kj_status name_section(kj_builder *b, size_t first) {
    size_t n = 0;
    bool bracketed;
    const char *name = section_name(b, first, &n, &bracketed);
    if (!name) return KJ_OK;
    const char *tag = section_tag(b, b->section, name, n);
    if (!tag) return KJ_ERR_NOMEM;
    for (size_t i = first; i < b->n; i++)
        if (b->blocks[i].section == b->section) b->blocks[i].section = tag;
    b->section = tag;
    return KJ_OK;
}

/* Parse one section's HTML into the builder under its section code, then
 * name it (name_section). */
static kj_status add_section(kj_builder *b, const section_file *f, char *data, size_t len,
                             kj_error *err) {
    const char *name = f->code[0] ? f->code : f->name;
    b->section = kj_arena_strcut(b->doc->arena, name, strlen(name), KJ_SECTION_MAX);
    if (!b->section) return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", f->name);
    const char *title = b->doc->title;
    size_t first = b->n;
    kj_status st = kj_read_html(b, data, len, NULL, err);
    b->doc->title = title; /* section titles are file names; the first heading is better */
    if (st == KJ_OK && f->code[0] && name_section(b, first) != KJ_OK)
        st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", f->name);
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

/* Whether directory path holds nothing (but . and ..); false when it
 * cannot be read (its error is said elsewhere). */
static bool dir_is_empty(const char *path) {
    DIR *d = opendir(path);
    if (!d) return false;
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)))
        empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    closedir(d);
    return empty;
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
    if (dir_is_empty(path))
        return kj_error_set(err, KJ_ERR_FORMAT, "%s: an empty folder (nothing to analyse)", path);
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

/* The filing is named by its cover when the builder finishes the document
 * (kj_name_by_edinet_cover): its sections leave it untitled. */
kj_status kj_read_edinet(kj_builder *b, const char *path, bool is_dir, bool forced, kj_error *err) {
    b->doc->format = KJ_FORMAT_EDINET;
    kj_status st = is_dir ? read_dir(b, path, forced, err) : read_zip(b, path, forced, err);
    b->section = NULL;
    return st;
}

kj_status kj_name_edinet_section_file(kj_builder *b, const char *path, kj_error *err) {
    char code[8];
    section_code(path, code);
    size_t n = 0;
    bool bracketed = false;
    const char *name = code[0] == '0' ? section_name(b, 0, &n, &bracketed) : NULL;
    if (!name || !bracketed) return KJ_OK;
    const char *tag = section_tag(b, code, name, n);
    if (!tag) return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    for (size_t i = 0; i < b->n; i++)
        b->blocks[i].section = tag;
    return KJ_OK;
}
