/*
 * docs.c - analysed documents in the store: saving a whole kj_doc_analysis
 * (document, passages, classifications, assessment) in one transaction,
 * recognising unchanged documents by content hash, how they were read and
 * model version, and listing, showing and removing them.
 */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

/* Element ids by index, as classify.h numbers them (kept here so the store
 * does not need the classifier linked in). */
static const char *const kj_el_ids[KJ_N_ELEMENTS] = {
    "1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "3.3", "4.1",  "4.2", "5.1",
    "6.1", "6.2", "6.3", "7.1", "7.2", "8.1", "9.1", "9.2", "10.1", "10.2"};

static const char *el_id(int e) {
    return e >= 0 && e < KJ_N_ELEMENTS ? kj_el_ids[e] : NULL;
}

static const char *format_name(kj_format f) {
    static const char *const names[] = {"auto", "text", "html", "pdf", "docx", "edinet", "pptx"};
    return (unsigned)f < sizeof names / sizeof names[0] ? names[f] : "auto";
}

static const char *lang_name(kj_lang l) {
    return l == KJ_LANG_JA ? "ja" : l == KJ_LANG_EN ? "en" : NULL;
}

static const char *kind_name(kj_block_kind k) {
    static const char *const names[] = {"paragraph", "heading", "list_item", "table_cell"};
    return (unsigned)k < 4 ? names[k] : "paragraph";
}

const char *kj_save_result_name(kj_save_result r) {
    return r == KJ_SAVE_UNCHANGED ? "unchanged" : r == KJ_SAVE_REANALYSED ? "re-analysed" : "added";
}

/* ---- JSON of one classification -------------------------------------- */

static kj_status cls_json(const kj_classification *c, kj_buf *items, kj_buf *scores,
                          kj_buf *elements, kj_buf *evidence) {
    kj_status st = kj_buf_putc(items, '[');
    for (int i = 0; i < c->n_items && st == KJ_OK; i++)
        st = kj_buf_printf(items, "%s%d", i ? "," : "", c->items[i]);
    if (st == KJ_OK) st = kj_buf_putc(items, ']');
    if (st == KJ_OK) st = kj_buf_putc(scores, '{');
    for (int i = 1; i <= KJ_N_ITEMS && st == KJ_OK; i++)
        st = kj_buf_printf(scores, "%s\"%d\":%.4f", i > 1 ? "," : "", i, (double)c->scores[i]);
    if (st == KJ_OK) st = kj_buf_putc(scores, '}');
    if (st == KJ_OK) st = kj_buf_putc(elements, '[');
    for (int i = 0; i < c->n_elements && st == KJ_OK; i++)
        if (el_id(c->elements[i]))
            st = kj_buf_printf(elements, "%s\"%s\"", elements->len > 1 ? "," : "",
                               el_id(c->elements[i]));
    if (st == KJ_OK) st = kj_buf_putc(elements, ']');
    if (st == KJ_OK) st = kj_buf_putc(evidence, '[');
    for (size_t i = 0; i < c->n_evidence && st == KJ_OK; i++) {
        const kj_evidence *e = &c->evidence[i];
        st = kj_buf_printf(evidence, "%s{\"item\":%d,\"element\":", i ? "," : "", e->item);
        if (st == KJ_OK)
            st = el_id(e->element) ? kj_buf_printf(evidence, "\"%s\"", el_id(e->element))
                                   : kj_buf_puts(evidence, "null");
        if (st == KJ_OK) st = kj_buf_puts(evidence, ",\"term\":");
        if (st == KJ_OK)
            st =
                kj_buf_json_string(evidence, e->term ? e->term : "", e->term ? strlen(e->term) : 0);
        if (st == KJ_OK)
            st = kj_buf_printf(evidence, ",\"start\":%zu,\"end\":%zu,\"weight\":%.4f}", e->start,
                               e->end, (double)e->weight);
    }
    if (st == KJ_OK) st = kj_buf_putc(evidence, ']');
    return st;
}

/* ---- Saving ------------------------------------------------------------ */

/* A passage's heading h (NULL: none) as its row keeps it, as the JSON
 * shows it (kj_passage_heading_cut: an <h1> of 200 KB over 20,000 passages
 * made a database of 4 GB): h itself, or its cut copy with "…" in scratch.
 * Sets *nomem when out of memory. */
static const char *stored_heading(const char *h, kj_arena *scratch, int *nomem) {
    int cut = 0;
    size_t keep = h ? kj_passage_heading_cut(h, &cut) : 0;
    if (!cut) return h;
    const char *r = kj_arena_printf(scratch, "%.*s…", (int)keep, h);
    if (!r) *nomem = 1;
    return r;
}

static kj_status insert_passage(kj_store *s, sqlite3_stmt *ps, sqlite3_stmt *cs,
                                const kj_doc_analysis *a, size_t i, const kj_doc_meta *m,
                                int64_t doc_id, kj_arena *scratch, kj_error *err) {
    const kj_passage *p = &a->passages.items[i];
    int nomem = 0;
    const char *heading = stored_heading(p->heading, scratch, &nomem);
    if (nomem) return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", s->path);
    sqlite3_reset(ps);
    sqlite3_bind_int64(ps, 1, doc_id);
    sqlite3_bind_int64(ps, 2, (int64_t)i);
    sqlite3_bind_text(ps, 3, p->text ? p->text : "", (int)p->len, SQLITE_STATIC);
    sqlite3_bind_int(ps, 4, p->page);
    kj_db_bind_text(ps, 5, p->section);
    kj_db_bind_text(ps, 6, heading);
    sqlite3_bind_int64(ps, 7, (int64_t)p->start);
    sqlite3_bind_int64(ps, 8, (int64_t)p->end);
    sqlite3_bind_text(ps, 9, kind_name(p->kind), -1, SQLITE_STATIC);
    kj_db_bind_text(ps, 10, lang_name(p->lang));
    kj_db_bind_text(ps, 11, p->lead);
    kj_db_bind_int_or_null(ps, 12, p->line);
    if (sqlite3_step(ps) != SQLITE_DONE) return kj_db_fail(s, "cannot store passage", err);
    if (!a->cls) return KJ_OK;
    int64_t pid = sqlite3_last_insert_rowid(s->db);
    kj_buf items = KJ_BUF_INIT, scores = KJ_BUF_INIT, els = KJ_BUF_INIT, ev = KJ_BUF_INIT;
    kj_classification tmp; /* the evidence is rebuilt in scratch */
    const kj_classification *c = kj_doc_passage_classification(a, i, scratch, &tmp);
    kj_status st = c ? cls_json(c, &items, &scores, &els, &ev) : KJ_ERR_NOMEM;
    if (st != KJ_OK) {
        st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", s->path);
    } else {
        sqlite3_reset(cs);
        sqlite3_bind_int64(cs, 1, pid);
        sqlite3_bind_text(cs, 2, m->model_version, -1, SQLITE_STATIC);
        kj_db_bind_text(cs, 3, m->lexicon_version);
        kj_db_bind_int_or_null(cs, 4, a->cls[i].primary);
        sqlite3_bind_text(cs, 5, items.data, (int)items.len, SQLITE_STATIC);
        sqlite3_bind_text(cs, 6, scores.data, (int)scores.len, SQLITE_STATIC);
        sqlite3_bind_text(cs, 7, els.data, (int)els.len, SQLITE_STATIC);
        sqlite3_bind_text(cs, 8, ev.data, (int)ev.len, SQLITE_STATIC);
        if (sqlite3_step(cs) != SQLITE_DONE) st = kj_db_fail(s, "cannot store classification", err);
        sqlite3_reset(cs);
    }
    kj_buf_free(&items);
    kj_buf_free(&scores);
    kj_buf_free(&els);
    kj_buf_free(&ev);
    return st;
}

static kj_status insert_passages(kj_store *s, const kj_doc_analysis *a, const kj_doc_meta *m,
                                 int64_t doc_id, kj_error *err) {
    sqlite3_stmt *ps = NULL, *cs = NULL;
    kj_status st = kj_db_prepare(s,
                                 "INSERT INTO passages(doc_id, idx, text, page, section, heading,"
                                 " char_start, char_end, kind, lang, lead, line)"
                                 " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                                 &ps, err);
    if (st == KJ_OK)
        st = kj_db_prepare(
            s,
            "INSERT INTO classifications(passage_id, model_version, lexicon_version,"
            " primary_item, items, scores, elements, evidence) VALUES (?,?,?,?,?,?,?,?)",
            &cs, err);
    kj_arena *scratch = kj_arena_new();
    if (st == KJ_OK && !scratch) st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", s->path);
    for (size_t i = 0; st == KJ_OK && i < a->passages.n; i++) {
        st = insert_passage(s, ps, cs, a, i, m, doc_id, scratch, err);
        kj_arena_reset(scratch);
    }
    kj_arena_free(scratch);
    sqlite3_finalize(ps);
    sqlite3_finalize(cs);
    return st;
}

/* Record how document doc_id was read (kj_store_reading_hash). */
static kj_status write_reading(kj_store *s, int64_t doc_id, const char *reading, kj_error *err) {
    sqlite3_stmt *st;
    kj_status rc = kj_db_prepare(
        s, "INSERT OR REPLACE INTO readings(doc_id, reading) VALUES (?1, ?2)", &st, err);
    if (rc != KJ_OK) return rc;
    sqlite3_bind_int64(st, 1, doc_id);
    sqlite3_bind_text(st, 2, reading, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) rc = kj_db_fail(s, "cannot store document", err);
    sqlite3_finalize(st);
    return rc;
}

/* Insert or update the documents row and how the document was read;
 * *doc_id in/out (0 = insert). */
static kj_status write_doc_row(kj_store *s, const kj_doc_analysis *a, const kj_doc_meta *m,
                               const char *hash, const char *reading, int64_t *doc_id,
                               kj_error *err) {
    const char *sql_ins =
        "INSERT INTO documents(company, code, industry, doc_type, fiscal_year, source, format,"
        " lang, model_version, lexicon_version, n_passages, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
    const char *sql_upd =
        "UPDATE documents SET company=coalesce(?1,company), code=coalesce(?2,code),"
        " industry=coalesce(?3,industry), doc_type=coalesce(?4,doc_type),"
        " fiscal_year=coalesce(?5,fiscal_year), source=coalesce(?6,source), format=?7, lang=?8,"
        " model_version=?9, lexicon_version=?10, n_passages=?11 WHERE id=?12";
    sqlite3_stmt *st;
    kj_status rc = kj_db_prepare(s, *doc_id ? sql_upd : sql_ins, &st, err);
    if (rc != KJ_OK) return rc;
    kj_db_bind_text(st, 1, m->company);
    kj_db_bind_text(st, 2, m->code);
    kj_db_bind_text(st, 3, m->industry);
    kj_db_bind_text(st, 4, m->doc_type);
    kj_db_bind_int_or_null(st, 5, m->fiscal_year);
    kj_db_bind_text(st, 6, m->source ? m->source : (a->doc ? a->doc->path : NULL));
    kj_db_bind_text(st, 7, a->doc ? format_name(a->doc->format) : NULL);
    kj_db_bind_text(st, 8, lang_name(a->lang));
    kj_db_bind_text(st, 9, m->model_version);
    kj_db_bind_text(st, 10, m->lexicon_version);
    sqlite3_bind_int64(st, 11, (int64_t)a->passages.n);
    if (*doc_id)
        sqlite3_bind_int64(st, 12, *doc_id);
    else
        sqlite3_bind_text(st, 12, hash, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = kj_db_fail(s, "cannot store document", err);
    else if (!*doc_id)
        *doc_id = sqlite3_last_insert_rowid(s->db);
    sqlite3_finalize(st);
    if (rc == KJ_OK) rc = write_reading(s, *doc_id, reading, err);
    return rc;
}

/* Bytes from f's position to its end (f is left where it was), or -1. */
static long long stream_left(FILE *f) {
    long pos = ftell(f);
    if (pos < 0 || fseek(f, 0, SEEK_END) != 0) return -1;
    long end = ftell(f);
    if (end < pos || fseek(f, pos, SEEK_SET) != 0) return -1;
    return (long long)(end - pos);
}

/* Copy len bytes of f into the row's data value (a TEXT of that length)
 * 64 KB at a time. */
static kj_status copy_into_row(kj_store *s, sqlite3_int64 rowid, FILE *f, long long len,
                               kj_error *err) {
    sqlite3_blob *bl = NULL;
    if (sqlite3_blob_open(s->db, "main", "assessments", "data", rowid, 1, &bl) != SQLITE_OK) {
        sqlite3_blob_close(bl);
        return kj_db_fail(s, "cannot store assessment", err);
    }
    char chunk[64 * 1024];
    kj_status rc = KJ_OK;
    for (long long off = 0; off < len && rc == KJ_OK;) {
        size_t want = len - off < (long long)sizeof chunk ? (size_t)(len - off) : sizeof chunk;
        size_t got = fread(chunk, 1, want, f);
        if (got != want)
            rc = kj_error_set(err, KJ_ERR_IO, "%s: cannot read the assessment back", s->path);
        else if (sqlite3_blob_write(bl, chunk, (int)got, (int)off) != SQLITE_OK)
            rc = kj_db_fail(s, "cannot store assessment", err);
        off += (long long)got;
    }
    if (sqlite3_blob_close(bl) != SQLITE_OK && rc == KJ_OK)
        rc = kj_db_fail(s, "cannot store assessment", err);
    return rc;
}

/* The assessment row. From m->assessment_file the value is first inserted
 * as a TEXT of the right length from untouched zeroed memory (calloc: not
 * resident until written), then overwritten in place from the stream, so
 * the JSON is never in memory whole next to SQLite's copy of the row. */
static kj_status write_assessment(kj_store *s, int64_t doc_id, const kj_doc_meta *m,
                                  kj_error *err) {
    if (!m->assessment_json && !m->assessment_file) return KJ_OK;
    long long len = 0;
    char *zeros = NULL;
    if (m->assessment_file) {
        len = stream_left(m->assessment_file);
        if (len < 0 || len > 0x7fffffffLL)
            return kj_error_set(err, KJ_ERR_IO, "%s: cannot read the assessment back", s->path);
        if (!(zeros = calloc((size_t)len + 1, 1)))
            return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", s->path);
    }
    sqlite3_stmt *st;
    kj_status rc = kj_db_prepare(s,
                                 "INSERT OR REPLACE INTO assessments(doc_id, model_version, data)"
                                 " VALUES (?,?,?)",
                                 &st, err);
    if (rc != KJ_OK) {
        free(zeros);
        return rc;
    }
    sqlite3_bind_int64(st, 1, doc_id);
    sqlite3_bind_text(st, 2, m->model_version, -1, SQLITE_STATIC);
    if (zeros)
        sqlite3_bind_text64(st, 3, zeros, (sqlite3_uint64)len, SQLITE_STATIC, SQLITE_UTF8);
    else
        sqlite3_bind_text(st, 3, m->assessment_json, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) rc = kj_db_fail(s, "cannot store assessment", err);
    sqlite3_finalize(st);
    free(zeros);
    if (rc == KJ_OK && m->assessment_file && len > 0)
        rc = copy_into_row(s, sqlite3_last_insert_rowid(s->db), m->assessment_file, len, err);
    return rc;
}

/* Existing document with this hash: id and whether it is stored as m
 * would store it: read the same way (reading, kj_store_reading_hash), with
 * the same model and lexicon versions, and every field the user gave
 * (company, code, industry, and type and year when given, not detected) as
 * stored; a new type or year changes the assessment, so the analysis is
 * written again. */
static kj_status lookup_hash(kj_store *s, const char *hash, const char *reading,
                             const kj_doc_meta *m, int64_t *id, int *same, kj_error *err) {
    sqlite3_stmt *st;
    kj_status rc =
        kj_db_prepare(s,
                      "SELECT id, model_version IS ?2 AND lexicon_version IS ?3"
                      " AND (?4 IS NULL OR company IS ?4) AND (?5 IS NULL OR code IS ?5)"
                      " AND (?6 IS NULL OR industry IS ?6) AND (?7 IS NULL OR doc_type IS ?7)"
                      " AND (?8 IS NULL OR fiscal_year IS ?8)"
                      " AND (SELECT reading FROM readings WHERE doc_id = documents.id) IS ?9"
                      " FROM documents WHERE hash = ?1",
                      &st, err);
    if (rc != KJ_OK) return rc;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    kj_db_bind_text(st, 2, m->model_version);
    kj_db_bind_text(st, 3, m->lexicon_version);
    kj_db_bind_text(st, 4, m->company);
    kj_db_bind_text(st, 5, m->code);
    kj_db_bind_text(st, 6, m->industry);
    kj_db_bind_text(st, 7, m->doc_type_given ? m->doc_type : NULL);
    kj_db_bind_int_or_null(st, 8, m->fiscal_year_given ? m->fiscal_year : 0);
    sqlite3_bind_text(st, 9, reading, -1, SQLITE_STATIC);
    *id = 0;
    *same = 0;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        *same = sqlite3_column_int(st, 1);
    } else if (r != SQLITE_DONE) {
        rc = kj_db_fail(s, "cannot look up document", err);
    }
    sqlite3_finalize(st);
    return rc;
}

static kj_status clear_analysis(kj_store *s, int64_t doc_id, kj_error *err) {
    kj_status rc = kj_db_exec_id(s, "DELETE FROM passages WHERE doc_id = ?", doc_id,
                                 "cannot replace passages", err);
    if (rc != KJ_OK) return rc;
    return kj_db_exec_id(s, "DELETE FROM assessments WHERE doc_id = ?", doc_id,
                         "cannot replace assessment", err);
}

static kj_status save_in_tx(kj_store *s, const kj_doc_analysis *a, const kj_doc_meta *m,
                            const char *hash, const char *reading, int64_t *doc_id,
                            kj_save_result *res, kj_error *err) {
    int same = 0;
    kj_status st = lookup_hash(s, hash, reading, m, doc_id, &same, err);
    if (st != KJ_OK) return st;
    if (*doc_id && same) {
        *res = KJ_SAVE_UNCHANGED;
        return KJ_OK;
    }
    *res = *doc_id ? KJ_SAVE_REANALYSED : KJ_SAVE_ADDED;
    if (*doc_id) st = clear_analysis(s, *doc_id, err);
    if (st == KJ_OK) st = write_doc_row(s, a, m, hash, reading, doc_id, err);
    if (st == KJ_OK) st = insert_passages(s, a, m, *doc_id, err);
    if (st == KJ_OK) st = write_assessment(s, *doc_id, m, err);
    return st;
}

kj_status kj_store_save_analysis(kj_store *s, const kj_doc_analysis *a, const kj_doc_meta *m,
                                 int64_t *doc_id, kj_save_result *res, kj_error *err) {
    kj_status st = kj_db_need_write(s, err);
    if (st != KJ_OK) return st;
    if (!a || !a->doc || !m || !m->model_version)
        return kj_error_set(err, KJ_ERR_ARG,
                            "%s: save needs a document, metadata and model version", s->path);
    char hash[65], reading[65];
    kj_store_doc_hash(a->doc, hash);
    kj_store_reading_hash(a, reading);
    if ((st = kj_db_begin(s, err)) != KJ_OK) return st;
    st = save_in_tx(s, a, m, hash, reading, doc_id, res, err);
    if (st == KJ_OK && *res == KJ_SAVE_UNCHANGED) {
        kj_db_rollback(s); /* nothing was written */
        return KJ_OK;
    }
    return kj_db_end(s, st, err);
}

/* ---- Reading ----------------------------------------------------------- */

#define DOC_COLS                                                                                   \
    "d.id, d.hash, d.company, d.code, d.industry, d.doc_type, d.fiscal_year, d.source,"            \
    " d.format, d.lang, d.added_at, d.model_version, d.lexicon_version, d.n_passages"

static void read_doc_row(sqlite3_stmt *st, kj_arena *ar, void *entry) {
    kj_stored_doc *d = entry;
    memset(d, 0, sizeof *d);
    d->id = sqlite3_column_int64(st, 0);
    d->hash = kj_db_col(st, 1, ar);
    d->company = kj_db_col(st, 2, ar);
    d->code = kj_db_col(st, 3, ar);
    d->industry = kj_db_col(st, 4, ar);
    d->doc_type = kj_db_col(st, 5, ar);
    d->fiscal_year = sqlite3_column_int(st, 6);
    d->source = kj_db_col(st, 7, ar);
    d->format = kj_db_col(st, 8, ar);
    d->lang = kj_db_col(st, 9, ar);
    d->added_at = kj_db_col(st, 10, ar);
    d->model_version = kj_db_col(st, 11, ar);
    d->lexicon_version = kj_db_col(st, 12, ar);
    d->n_passages = sqlite3_column_int(st, 13);
}

/* The passages about cybersecurity (those with a primary item) and, per item,
 * the passages whose items include it, as `kaiji analyze` counts them. */
static kj_status doc_coverage(kj_store *s, kj_stored_doc *d, kj_error *err) {
    sqlite3_stmt *st;
    kj_status rc = kj_db_prepare(s,
                                 "SELECT 0, count(*) FROM passages p JOIN classifications c"
                                 " ON c.passage_id = p.id WHERE p.doc_id = ?1"
                                 " AND c.primary_item BETWEEN 1 AND 10"
                                 " UNION ALL SELECT j.value, count(*) FROM passages p JOIN"
                                 " classifications c ON c.passage_id = p.id,"
                                 " json_each(CASE WHEN json_valid(c.items) THEN c.items"
                                 " ELSE '[]' END) j WHERE p.doc_id = ?1"
                                 " AND j.value BETWEEN 1 AND 10 GROUP BY j.value",
                                 &st, err);
    if (rc != KJ_OK) return rc;
    sqlite3_bind_int64(st, 1, d->id);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        int item = sqlite3_column_int(st, 0), n = sqlite3_column_int(st, 1);
        if (item == 0)
            d->relevant_passages = n;
        else
            d->item_passages[item] = n;
    }
    if (r != SQLITE_DONE) rc = kj_db_fail(s, "cannot read classifications", err);
    sqlite3_finalize(st);
    return rc;
}

static kj_status doc_query(kj_store *s, const char *where, int64_t id, const char *text,
                           kj_arena *ar, kj_stored_doc **docs, size_t *n, kj_error *err) {
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT " DOC_COLS " FROM documents d %s", where);
    sqlite3_stmt *st;
    kj_status rc = kj_db_prepare(s, sql, &st, err);
    if (rc != KJ_OK) return rc;
    if (text)
        sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    else if (id)
        sqlite3_bind_int64(st, 1, id);
    void *rows = NULL;
    rc = kj_db_rows(s, st, ar, sizeof **docs, read_doc_row, &rows, n, "cannot read documents", err);
    *docs = rows;
    for (size_t i = 0; rc == KJ_OK && i < *n; i++)
        rc = doc_coverage(s, &(*docs)[i], err);
    return rc;
}

kj_status kj_store_doc_find_hash(kj_store *s, const char *hash, kj_arena *ar, kj_stored_doc *doc,
                                 int *found, kj_error *err) {
    kj_stored_doc *docs;
    size_t n;
    kj_status st = doc_query(s, "WHERE d.hash = ?1", 0, hash, ar, &docs, &n, err);
    *found = st == KJ_OK && n > 0;
    if (*found) *doc = docs[0];
    return st;
}

kj_status kj_store_doc_get(kj_store *s, int64_t id, kj_arena *ar, kj_stored_doc *doc,
                           kj_error *err) {
    kj_stored_doc *docs;
    size_t n;
    kj_status st = doc_query(s, "WHERE d.id = ?1", id, NULL, ar, &docs, &n, err);
    if (st != KJ_OK) return st;
    if (n == 0)
        return kj_error_set(err, KJ_ERR_ARG, "%s: no document %lld", s->path, (long long)id);
    *doc = docs[0];
    return KJ_OK;
}

kj_status kj_store_doc_list(kj_store *s, kj_arena *ar, kj_stored_doc **docs, size_t *n,
                            kj_error *err) {
    return doc_query(s, "ORDER BY d.id DESC", 0, NULL, ar, docs, n, err);
}

kj_status kj_store_doc_remove(kj_store *s, int64_t id, kj_error *err) {
    kj_status rc = kj_db_begin_write(s, err);
    if (rc != KJ_OK) return rc;
    rc = kj_db_exec_id(s, "DELETE FROM documents WHERE id = ?", id, "cannot remove document", err);
    if (rc == KJ_OK && sqlite3_changes(s->db) == 0)
        rc = kj_error_set(err, KJ_ERR_ARG, "%s: no document %lld", s->path, (long long)id);
    return kj_db_end(s, rc, err);
}

/* ---- Passages ---------------------------------------------------------- */

#define PASSAGE_COLS                                                                               \
    "p.id, p.doc_id, p.idx, p.page, p.text, p.section, p.heading, p.kind, p.lang,"                 \
    " p.char_start, p.char_end, c.primary_item, c.items, c.elements, c.scores, c.evidence,"        \
    " p.lead, ifnull(p.line, 0)"

static void read_passage_row(sqlite3_stmt *st, kj_arena *ar, void *entry) {
    kj_stored_passage *p = entry;
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    p->doc_id = sqlite3_column_int64(st, 1);
    p->idx = sqlite3_column_int(st, 2);
    p->page = sqlite3_column_int(st, 3);
    p->text = kj_db_col(st, 4, ar);
    p->section = kj_db_col(st, 5, ar);
    p->heading = kj_db_col(st, 6, ar);
    p->kind = kj_db_col(st, 7, ar);
    p->lang = kj_db_col(st, 8, ar);
    p->start = sqlite3_column_int64(st, 9);
    p->end = sqlite3_column_int64(st, 10);
    p->primary = sqlite3_column_int(st, 11);
    p->items_json = kj_db_col(st, 12, ar);
    p->elements_json = kj_db_col(st, 13, ar);
    p->scores_json = kj_db_col(st, 14, ar);
    p->evidence_json = kj_db_col(st, 15, ar);
    p->lead = kj_db_col(st, 16, ar);
    p->line = sqlite3_column_int(st, 17);
}

static kj_status passage_query(kj_store *s, const char *where, int64_t id, kj_arena *ar,
                               kj_stored_passage **out, size_t *n, kj_error *err) {
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT " PASSAGE_COLS " FROM passages p LEFT JOIN classifications c"
             " ON c.passage_id = p.id %s",
             where);
    sqlite3_stmt *st;
    kj_status rc = kj_db_prepare(s, sql, &st, err);
    if (rc != KJ_OK) return rc;
    sqlite3_bind_int64(st, 1, id);
    void *rows = NULL;
    rc = kj_db_rows(s, st, ar, sizeof **out, read_passage_row, &rows, n, "cannot read passages",
                    err);
    *out = rows;
    return rc;
}

kj_status kj_store_passages(kj_store *s, int64_t doc_id, kj_arena *ar, kj_stored_passage **out,
                            size_t *n, kj_error *err) {
    return passage_query(s, "WHERE p.doc_id = ?1 ORDER BY p.idx", doc_id, ar, out, n, err);
}

kj_status kj_store_passage_get(kj_store *s, int64_t id, kj_arena *ar, kj_stored_passage *out,
                               kj_error *err) {
    kj_stored_passage *ps;
    size_t n;
    kj_status st = passage_query(s, "WHERE p.id = ?1", id, ar, &ps, &n, err);
    if (st != KJ_OK) return st;
    if (n == 0) return kj_error_set(err, KJ_ERR_ARG, "%s: no passage %lld", s->path, (long long)id);
    *out = ps[0];
    return KJ_OK;
}
