/*
 * cases.c - the case collection (事例集): adding cases (from the guide, from
 * stored passages, from imports), each identified by a stable key so that
 * importing the same thing twice adds nothing; reading and listing them; the
 * canonical document types; the guide's reference list.
 */
#include "store_internal.h"

#include <string.h>

const char *kj_case_source_name(kj_case_source s) {
    return s == KJ_CASE_PASSAGE ? "passage" : s == KJ_CASE_IMPORT ? "import" : "guide";
}

const char *kj_doc_type_of(const char *doc) {
    static const struct {
        const char *needle, *type;
    } map[] = {
        {"情報セキュリティ報告書", "security"},
        {"セキュリティ報告書", "security"},
        {"security report", "security"},
        {"有価証券報告書", "securities"},
        {"10-K", "securities"},
        {"ガバナンス報告書", "governance"},
        {"統合報告書", "integrated"},
        {"integrated report", "integrated"},
        {"アニュアル", "annual"},
        {"annual report", "annual"},
        {"サステナビリティ", "sustainability"},
        {"CSR", "sustainability"},
        {"sustainability", "sustainability"},
    };
    if (!doc) return "other";
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcasestr(doc, map[i].needle)) return map[i].type;
    return "other";
}

/* Key from content when the caller gives none. */
static const char *derived_key(const kj_case *c, char *buf, size_t bufsz) {
    kj_buf b = KJ_BUF_INIT;
    kj_buf_printf(&b, "%d\x1f%s\x1f%s\x1f%s", c->item, c->company ? c->company : "",
                  c->title ? c->title : "", c->body ? c->body : "");
    char hex[65];
    kj_sha256_hex(b.data ? b.data : "", b.len, hex);
    kj_buf_free(&b);
    snprintf(buf, bufsz, "sha256:%.32s", hex);
    return buf;
}

static kj_status existing_id(kj_store *s, const char *key, int64_t *id, kj_error *err) {
    return kj_db_one_int(s, "SELECT id FROM cases WHERE key = ?", key, id, "cannot find case", err);
}

kj_status kj_case_elements_check(const char *elements, int item, kj_error *err) {
    unsigned seen = 0; /* bit per element */
    if (!elements) return KJ_OK;
    for (const char *p = elements; *p;) {
        size_t n = strcspn(p, ",");
        char id[16];
        int e = -1;
        if (n < sizeof id) {
            memcpy(id, p, n);
            id[n] = '\0';
            e = kj_element_parse(id);
        }
        if (e < 0)
            return kj_error_set(err, KJ_ERR_ARG,
                                "element \"%.*s\" is not one of the guide's elements (%s .. %s, "
                                "comma-separated)",
                                (int)(n < 40 ? n : 40), p, kj_element_id(0),
                                kj_element_id(KJ_N_ELEMENTS - 1));
        if (kj_element_item(e) != item)
            return kj_error_set(err, KJ_ERR_ARG, "element %s stands under item %d, not item %d", id,
                                kj_element_item(e), item);
        if (seen & (1u << e))
            return kj_error_set(err, KJ_ERR_ARG, "element %s is listed twice", id);
        seen |= 1u << e;
        p += n;
        if (*p == ',' && !*++p)
            return kj_error_set(err, KJ_ERR_ARG, "element list \"%s\" ends with a comma", elements);
    }
    return KJ_OK;
}

kj_status kj_case_insert(kj_store *s, const kj_case *c, int64_t *id, int *added, kj_error *err) {
    if (c->item < 1 || c->item > KJ_N_ITEMS)
        return kj_error_set(err, KJ_ERR_ARG, "case item %d is not 1..10", c->item);
    kj_status bad = kj_case_elements_check(c->elements, c->item, err);
    if (bad != KJ_OK) return bad;
    if (!c->body || !*c->body) return kj_error_set(err, KJ_ERR_ARG, "case has no body text");
    char kbuf[80];
    const char *key = c->key && *c->key ? c->key : derived_key(c, kbuf, sizeof kbuf);
    sqlite3_stmt *st;
    kj_status rc = kj_db_prepare(
        s,
        "INSERT OR IGNORE INTO cases(key, item, elements, company, document, doc_type, year,"
        " title, body, commentary, note, tags, source, passage_id) VALUES"
        " (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        &st, err);
    if (rc != KJ_OK) return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, c->item);
    kj_db_bind_text(st, 3, c->elements && *c->elements ? c->elements : NULL);
    kj_db_bind_text(st, 4, c->company);
    kj_db_bind_text(st, 5, c->document);
    kj_db_bind_text(st, 6,
                    c->doc_type   ? c->doc_type
                    : c->document ? kj_doc_type_of(c->document)
                                  : NULL);
    kj_db_bind_int_or_null(st, 7, c->year);
    kj_db_bind_text(st, 8, c->title);
    kj_db_bind_text(st, 9, c->body);
    kj_db_bind_text(st, 10, c->commentary);
    kj_db_bind_text(st, 11, c->note);
    kj_db_bind_text(st, 12, c->tags && *c->tags ? c->tags : NULL);
    sqlite3_bind_text(st, 13, kj_case_source_name(c->source), -1, SQLITE_STATIC);
    kj_db_bind_int_or_null(st, 14, c->passage_id);
    if (sqlite3_step(st) != SQLITE_DONE) rc = kj_db_fail(s, "cannot add case", err);
    sqlite3_finalize(st);
    if (rc != KJ_OK) return rc;
    *added = sqlite3_changes(s->db) > 0;
    if (*added)
        *id = sqlite3_last_insert_rowid(s->db);
    else
        rc = existing_id(s, key, id, err);
    return rc;
}

kj_status kj_store_case_add(kj_store *s, const kj_case *c, int64_t *id, int *added, kj_error *err) {
    kj_status rc = kj_db_need_write(s, err);
    if (rc != KJ_OK) return rc;
    return kj_case_insert(s, c, id, added, err);
}

kj_status kj_store_case_from_passage(kj_store *s, int64_t passage_id, int item,
                                     const char *elements, const char *note, const char *tags,
                                     int64_t *id, int *added, kj_error *err) {
    kj_arena *ar = kj_arena_new();
    if (!ar) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    kj_stored_passage p;
    kj_stored_doc d;
    kj_status rc = kj_store_passage_get(s, passage_id, ar, &p, err);
    if (rc == KJ_OK) rc = kj_store_doc_get(s, p.doc_id, ar, &d, err);
    if (rc == KJ_OK) {
        kj_case c = {0};
        c.key = kj_arena_printf(ar, "passage:%s:%d:%d", d.hash, p.idx, item);
        c.item = item;
        c.elements = elements;
        c.company = d.company;
        c.document = d.doc_type;
        c.doc_type = d.doc_type;
        c.year = d.fiscal_year;
        c.title = kj_arena_printf(ar, "%s%s%s", d.company ? d.company : "",
                                  d.company && p.heading ? " " : "", p.heading ? p.heading : "");
        c.body = p.text;
        c.note = note;
        c.tags = tags;
        c.source = KJ_CASE_PASSAGE;
        c.passage_id = passage_id;
        rc = kj_store_case_add(s, &c, id, added, err);
    }
    kj_arena_free(ar);
    return rc;
}

#define CASE_COLS                                                                                  \
    "id, key, item, elements, company, document, doc_type, year, title, body, commentary,"         \
    " note, tags, source, passage_id, created_at"

static void read_case_row(sqlite3_stmt *st, kj_arena *ar, void *entry) {
    kj_case *c = entry;
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(st, 0);
    c->key = kj_db_col(st, 1, ar);
    c->item = sqlite3_column_int(st, 2);
    c->elements = kj_db_col(st, 3, ar);
    c->company = kj_db_col(st, 4, ar);
    c->document = kj_db_col(st, 5, ar);
    c->doc_type = kj_db_col(st, 6, ar);
    c->year = sqlite3_column_int(st, 7);
    c->title = kj_db_col(st, 8, ar);
    c->body = kj_db_col(st, 9, ar);
    c->commentary = kj_db_col(st, 10, ar);
    c->note = kj_db_col(st, 11, ar);
    c->tags = kj_db_col(st, 12, ar);
    const char *src = (const char *)sqlite3_column_text(st, 13);
    c->source = src && strcmp(src, "passage") == 0  ? KJ_CASE_PASSAGE
                : src && strcmp(src, "import") == 0 ? KJ_CASE_IMPORT
                                                    : KJ_CASE_GUIDE;
    c->passage_id = sqlite3_column_int64(st, 14);
    c->created_at = kj_db_col(st, 15, ar);
}

kj_status kj_store_case_get(kj_store *s, int64_t id, kj_arena *ar, kj_case *out, kj_error *err) {
    sqlite3_stmt *st;
    kj_status rc = kj_db_prepare(s, "SELECT " CASE_COLS " FROM cases WHERE id = ?", &st, err);
    if (rc != KJ_OK) return rc;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        read_case_row(st, ar, out);
    else if (r == SQLITE_DONE)
        rc = kj_error_set(err, KJ_ERR_ARG, "%s: no case %lld", s->path, (long long)id);
    else
        rc = kj_db_fail(s, "cannot read case", err);
    sqlite3_finalize(st);
    return rc;
}

kj_status kj_store_case_list(kj_store *s, int item, const char *source, kj_arena *ar, kj_case **out,
                             size_t *n, kj_error *err) {
    sqlite3_stmt *st;
    kj_status rc = kj_db_prepare(s,
                                 "SELECT " CASE_COLS " FROM cases WHERE (?1 = 0 OR item = ?1)"
                                 " AND (?2 IS NULL OR source = ?2) ORDER BY item, id",
                                 &st, err);
    if (rc != KJ_OK) return rc;
    sqlite3_bind_int(st, 1, item);
    kj_db_bind_text(st, 2, source);
    void *rows = NULL;
    rc = kj_db_rows(s, st, ar, sizeof **out, read_case_row, &rows, n, "cannot list cases", err);
    *out = rows;
    return rc;
}

kj_status kj_store_case_count(kj_store *s, int64_t *n, kj_error *err) {
    return kj_db_one_int(s, "SELECT count(*) FROM cases", NULL, n, "cannot count cases", err);
}

kj_status kj_store_case_doc_type_used(kj_store *s, const char *doc_type, int *used, kj_error *err) {
    *used = 0;
    if (!doc_type || !*doc_type) return KJ_OK;
    int64_t any = 0;
    kj_status rc = kj_db_one_int(s,
                                 "SELECT EXISTS(SELECT 1 FROM cases c WHERE c.doc_type = ?1 OR"
                                 " instr(lower(c.document), lower(?1)) > 0)",
                                 doc_type, &any, "cannot read cases", err);
    *used = any != 0;
    return rc;
}

/* ---- The guide -------------------------------------------------------------- */

static kj_status insert_ref(kj_store *s, const kj_guide_ref *r, size_t *added, kj_error *err) {
    sqlite3_stmt *st;
    kj_status rc =
        kj_db_prepare(s,
                      "INSERT OR IGNORE INTO guide_refs(number, title, company, year, note)"
                      " VALUES (?,?,?,?,?)",
                      &st, err);
    if (rc != KJ_OK) return rc;
    sqlite3_bind_int(st, 1, r->number);
    sqlite3_bind_text(st, 2, r->title ? r->title : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, r->company ? r->company : "", -1, SQLITE_STATIC);
    kj_db_bind_int_or_null(st, 4, r->year);
    kj_db_bind_text(st, 5, r->note);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = kj_db_fail(s, "cannot add reference", err);
    else
        *added += (size_t)sqlite3_changes(s->db);
    sqlite3_finalize(st);
    return rc;
}

static kj_status import_guide_tx(kj_store *s, const kj_guide *g, size_t *cases_added,
                                 size_t *refs_added, kj_error *err) {
    kj_status rc = KJ_OK;
    for (size_t i = 0; rc == KJ_OK && i < g->n_examples; i++) {
        const kj_guide_example *e = &g->examples[i];
        char key[48];
        snprintf(key, sizeof key, "mic2019-%02d-%d", e->item, e->number);
        kj_case c = {.key = key,
                     .item = e->item,
                     .company = e->company,
                     .document = e->document,
                     .doc_type = e->doc_type,
                     .year = e->year,
                     .title = e->header,
                     .body = e->body,
                     .commentary = e->commentary,
                     .source = KJ_CASE_GUIDE};
        int64_t id;
        int added = 0;
        rc = kj_case_insert(s, &c, &id, &added, err);
        *cases_added += (size_t)added;
    }
    for (size_t i = 0; rc == KJ_OK && i < g->n_refs; i++)
        rc = insert_ref(s, &g->refs[i], refs_added, err);
    return rc;
}

kj_status kj_store_import_guide(kj_store *s, const kj_guide *g, size_t *cases_added,
                                size_t *refs_added, kj_error *err) {
    *cases_added = *refs_added = 0;
    kj_status rc = kj_db_begin_write(s, err);
    if (rc != KJ_OK) return rc;
    rc = import_guide_tx(s, g, cases_added, refs_added, err);
    if (rc != KJ_OK) *cases_added = *refs_added = 0;
    return kj_db_end(s, rc, err);
}

/* One guide reference from a row of kj_store_refs' statement. */
static void read_ref_row(sqlite3_stmt *st, kj_arena *ar, void *entry) {
    kj_guide_ref *x = entry;
    x->number = sqlite3_column_int(st, 0);
    x->title = kj_db_col(st, 1, ar);
    x->company = kj_db_col(st, 2, ar);
    x->year = sqlite3_column_int(st, 3);
    x->note = kj_db_col(st, 4, ar);
}

kj_status kj_store_refs(kj_store *s, kj_arena *ar, kj_guide_ref **out, size_t *n, kj_error *err) {
    sqlite3_stmt *st;
    kj_status rc = kj_db_prepare(s,
                                 "SELECT number, title, company, year, note FROM guide_refs"
                                 " ORDER BY number, id",
                                 &st, err);
    if (rc != KJ_OK) return rc;
    void *rows = NULL;
    rc = kj_db_rows(s, st, ar, sizeof **out, read_ref_row, &rows, n, "cannot read references", err);
    *out = rows;
    return rc;
}
