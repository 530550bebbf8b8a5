/*
 * jsonl.c - exporting the case collection as JSON lines and importing such a
 * file back (jansson). An import is one transaction, so a crash leaves the
 * whole file imported or none of it, and it is idempotent by case key.
 */
#include "store_internal.h"

#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Set o's field k to the text v (NULL: null). JSON holds only UTF-8: a
 * text that is not (a --company or --note given in Shift_JIS, copied into
 * a case from a stored passage) is written with U+FFFD for each byte that
 * is not, as kaiji's other JSON is, rather than dropped. Returns 0, or -1
 * when memory ran out. */
static int set_str(json_t *o, const char *k, const char *v) {
    if (!v) return json_object_set_new(o, k, json_null());
    size_t n = strlen(v);
    if (kj_utf8_valid(v, n)) return json_object_set_new(o, k, json_stringn(v, n));
    kj_buf b = KJ_BUF_INIT;
    json_t *j = kj_buf_append_utf8(&b, v, n) == KJ_OK ? json_stringn(b.data, b.len) : NULL;
    kj_buf_free(&b);
    return json_object_set_new(o, k, j);
}

/* The case as one JSON object, or NULL when memory ran out. */
static json_t *case_json(const kj_case *c) {
    json_t *o = json_object(), *els = json_array();
    int bad = !o || !els;
    if (!bad && c->elements) {
        char *dup = strdup(c->elements), *save = NULL;
        bad = !dup;
        for (char *t = dup ? strtok_r(dup, ",", &save) : NULL; t; t = strtok_r(NULL, ",", &save))
            bad |= json_array_append_new(els, json_string(t));
        free(dup);
    }
    if (bad) {
        json_decref(o);
        json_decref(els);
        return NULL;
    }
    bad |= set_str(o, "key", c->key);
    bad |= json_object_set_new(o, "item", json_integer(c->item));
    bad |= json_object_set_new(o, "elements", els);
    bad |= set_str(o, "company", c->company);
    bad |= set_str(o, "document", c->document);
    bad |= set_str(o, "doc_type", c->doc_type);
    bad |= json_object_set_new(o, "year", c->year ? json_integer(c->year) : json_null());
    bad |= set_str(o, "title", c->title);
    bad |= set_str(o, "body", c->body);
    bad |= set_str(o, "commentary", c->commentary);
    bad |= set_str(o, "note", c->note);
    bad |= set_str(o, "tags", c->tags);
    bad |= set_str(o, "source", kj_case_source_name(c->source));
    if (!bad) return o;
    json_decref(o);
    return NULL;
}

kj_status kj_store_cases_export(kj_store *s, FILE *out, size_t *n, kj_error *err) {
    kj_arena *ar = kj_arena_new();
    if (!ar) return kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
    kj_case *cs;
    kj_status rc = kj_store_case_list(s, 0, NULL, ar, &cs, n, err);
    for (size_t i = 0; rc == KJ_OK && i < *n; i++) {
        json_t *o = case_json(&cs[i]);
        char *line = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        if (!line)
            rc = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory writing the export", s->path);
        else if (fprintf(out, "%s\n", line) < 0)
            rc = kj_error_set(err, KJ_ERR_IO, "cannot write the export: %s", strerror(errno));
        free(line);
        json_decref(o);
    }
    kj_arena_free(ar);
    return rc;
}

static const char *get_str(json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* elements as ["7.1","7.2"] or "7.1,7.2" into a comma list (arena). */
static const char *get_elements(json_t *o, kj_arena *ar) {
    json_t *v = json_object_get(o, "elements");
    if (json_is_string(v)) return kj_arena_strdup(ar, json_string_value(v));
    if (!json_is_array(v) || json_array_size(v) == 0) return NULL;
    kj_buf b = KJ_BUF_INIT;
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) if (json_is_string(e))
        kj_buf_printf(&b, "%s%s", b.len ? "," : "", json_string_value(e));
    const char *r = b.data ? kj_arena_strdup(ar, b.data) : NULL;
    kj_buf_free(&b);
    return r;
}

/* Whether v is a string holding a NUL (\u0000): kaiji's texts end at one,
 * so the rest would be lost without a word. */
static bool holds_nul(json_t *v) {
    return json_is_string(v) && strlen(json_string_value(v)) != json_string_length(v);
}

static kj_status nul_error(const char *name, size_t line, const char *field, kj_error *err) {
    return kj_error_set(err, KJ_ERR_FORMAT,
                        "%s:%zu: \"%s\" holds a NUL character (\\u0000), which a case cannot "
                        "hold",
                        name, line, field);
}

/* Whether the fields of a case line have the types the export writes: a
 * text field a string (or null), elements a string or an array of strings,
 * the year an integer 1000..9999 (or null); and no text holds a NUL. A
 * field of another type would be dropped or changed without a word, so the
 * line is refused. */
static kj_status check_types(json_t *o, const char *name, size_t line, kj_error *err) {
    static const char *const text[] = {"key",      "id",    "company", "document",
                                       "doc_type", "title", "header",  "commentary",
                                       "note",     "tags",  "source",  NULL};
    for (int k = 0; text[k]; k++) {
        json_t *v = json_object_get(o, text[k]);
        if (v && !json_is_null(v) && !json_is_string(v))
            return kj_error_set(err, KJ_ERR_FORMAT, "%s:%zu: \"%s\" must be a string", name, line,
                                text[k]);
        if (holds_nul(v)) return nul_error(name, line, text[k], err);
    }
    if (holds_nul(json_object_get(o, "body"))) return nul_error(name, line, "body", err);
    json_t *v = json_object_get(o, "elements");
    bool ok = !v || json_is_null(v) || json_is_string(v) || json_is_array(v);
    bool nul = holds_nul(v);
    size_t i;
    json_t *e;
    if (ok && json_is_array(v)) json_array_foreach(v, i, e) {
            ok = ok && json_is_string(e);
            nul = nul || holds_nul(e);
        }
    if (!ok)
        return kj_error_set(err, KJ_ERR_FORMAT,
                            "%s:%zu: \"elements\" must be a string or an array of strings", name,
                            line);
    if (nul) return nul_error(name, line, "elements", err);
    v = json_object_get(o, "year");
    if (v && !json_is_null(v) &&
        (!json_is_integer(v) || json_integer_value(v) < 1000 || json_integer_value(v) > 9999))
        return kj_error_set(err, KJ_ERR_FORMAT, "%s:%zu: \"year\" must be an integer year", name,
                            line);
    return KJ_OK;
}

static kj_status case_from_json(json_t *o, const char *name, size_t line, kj_arena *ar, kj_case *c,
                                kj_error *err) {
    memset(c, 0, sizeof *c);
    if (!json_is_object(o))
        return kj_error_set(err, KJ_ERR_FORMAT, "%s:%zu: not a JSON object", name, line);
    kj_status st = check_types(o, name, line, err);
    if (st != KJ_OK) return st;
    json_t *item = json_object_get(o, "item");
    if (!json_is_integer(item) || json_integer_value(item) < 1 || json_integer_value(item) > 10)
        return kj_error_set(err, KJ_ERR_FORMAT, "%s:%zu: \"item\" must be an integer 1..10", name,
                            line);
    c->item = (int)json_integer_value(item);
    c->body = get_str(o, "body");
    if (!c->body || !*c->body)
        return kj_error_set(err, KJ_ERR_FORMAT, "%s:%zu: \"body\" is missing or empty", name, line);
    c->key = get_str(o, "key");
    if (!c->key) c->key = get_str(o, "id");
    c->elements = get_elements(o, ar);
    c->company = get_str(o, "company");
    c->document = get_str(o, "document");
    c->doc_type = get_str(o, "doc_type");
    json_t *year = json_object_get(o, "year");
    c->year = json_is_integer(year) ? (int)json_integer_value(year) : 0;
    c->title = get_str(o, "title");
    if (!c->title) c->title = get_str(o, "header");
    c->commentary = get_str(o, "commentary");
    c->note = get_str(o, "note");
    c->tags = get_str(o, "tags");
    const char *src = get_str(o, "source");
    c->source = src && strcmp(src, "guide") == 0     ? KJ_CASE_GUIDE
                : src && strcmp(src, "passage") == 0 ? KJ_CASE_PASSAGE
                                                     : KJ_CASE_IMPORT;
    return KJ_OK;
}

static kj_status import_lines(kj_store *s, const char *name, FILE *in, size_t *added,
                              size_t *skipped, kj_error *err) {
    char *buf = NULL;
    size_t cap = 0, line = 0;
    ssize_t len;
    kj_status rc = KJ_OK;
    while (rc == KJ_OK && (len = getline(&buf, &cap, in)) >= 0) {
        size_t n;
        const char *l = kj_jsonl_line(buf, (size_t)len, ++line, &n);
        if (n == 0) continue;
        json_error_t je;
        json_t *o = json_loadb(l, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
        if (!o) {
            rc = kj_error_set(err, KJ_ERR_FORMAT, "%s:%zu: invalid JSON: %s", name, line, je.text);
            break;
        }
        kj_arena *ar = kj_arena_new();
        kj_case c;
        rc = ar ? case_from_json(o, name, line, ar, &c, err)
                : kj_error_set(err, KJ_ERR_NOMEM, "out of memory");
        int64_t id;
        int was_added = 0;
        if (rc == KJ_OK) rc = kj_case_insert(s, &c, &id, &was_added, err);
        if (rc == KJ_ERR_ARG) { /* a field the case refuses: say where */
            char why[sizeof err->msg];
            snprintf(why, sizeof why, "%s", err->msg);
            kj_error_set(err, KJ_ERR_FORMAT, "%s:%zu: %s", name, line, why);
            rc = KJ_ERR_FORMAT;
        }
        if (rc == KJ_OK) *(was_added ? added : skipped) += 1;
        kj_arena_free(ar);
        json_decref(o);
    }
    int why = errno; /* of the getline that ended the loop, when it failed */
    free(buf);
    if (rc == KJ_OK && ferror(in))
        rc = kj_error_set(err, KJ_ERR_IO, "%s: cannot read: %s", name, strerror(why));
    return rc;
}

kj_status kj_store_cases_import_jsonl(kj_store *s, const char *name, FILE *in, size_t *added,
                                      size_t *skipped, kj_error *err) {
    *added = *skipped = 0;
    kj_status rc = kj_db_begin_write(s, err);
    if (rc != KJ_OK) return rc;
    rc = import_lines(s, name, in, added, skipped, err);
    if (rc != KJ_OK) *added = *skipped = 0;
    return kj_db_end(s, rc, err);
}
