/*
 * store_common.c - what the store's subcommands (`kaiji cases`, `kaiji docs`)
 * share: opening the database, the options they have in common (--db,
 * --format, --item, --year, --doc-type, --limit), the query, filter and
 * match marks of their searches, JSON output, and text that came from the
 * store written for a terminal or as JSON whatever it holds (a source
 * file's name or a --company that is not UTF-8, a case imported with
 * escape sequences).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "kaiji/assess.h"

kj_store *kj_cli_open_store(const char *db, int flags) {
    kj_store *s = NULL;
    kj_error err;
    kj_error_clear(&err);
    if (kj_store_open(db, flags, &s, &err) != KJ_OK) kj_cli_report(&err);
    return s;
}

int kj_cli_store_opt(int c, const char *arg, kj_cli_store_opts *o) {
    switch (c) {
    case 'D':
        o->db = arg;
        return 1;
    case 'f':
        o->format = arg;
        return 1;
    case 't': {
        /* a type's alias is its id, as analyze --store stores it ("csr" is
         * "sustainability"); the command judges any other value */
        int t = kj_doctype_parse(arg);
        o->doc_type = t >= 0 ? kj_doctype_id((kj_doctype)t) : arg;
        return 1;
    }
    case 'i':
        return kj_cli_parse_int("--item", arg, 1, KJ_N_ITEMS, &o->item) == 0 ? 1 : -1;
    case 'y':
        return kj_cli_parse_int("--year", arg, 1900, 2100, &o->year) == 0 ? 1 : -1;
    case 'k':
        return kj_cli_parse_int("--limit", arg, 1, 100000, &o->limit) == 0 ? 1 : -1;
    default:
        return 0;
    }
}

char *kj_cli_search_query(int argc, char **argv, int first) {
    kj_buf b = KJ_BUF_INIT;
    for (int i = first; i < argc; i++)
        kj_buf_printf(&b, "%s%s", i > first ? " " : "", argv[i]);
    return kj_buf_steal(&b);
}

kj_search_filter kj_cli_search_filter(const kj_cli_store_opts *o) {
    kj_search_filter f = {o->item, o->doc_type, o->year, o->limit};
    return f;
}

kj_marks kj_cli_search_marks(const kj_cli_store_opts *o) {
    int tty = !o->json && isatty(STDOUT_FILENO);
    kj_marks m = {tty ? "\033[1m" : "[[", tty ? "\033[0m" : "]]"};
    return m;
}

void kj_cli_print_json(json_t *j) {
    if (!j) { /* a json_pack that failed: out of memory */
        kj_cli_error("out of memory writing JSON");
        return;
    }
    json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    putchar('\n');
    json_decref(j);
}

json_t *kj_cli_json_text(const char *s) {
    if (!s) return json_null();
    size_t n = strlen(s);
    if (kj_utf8_valid(s, n)) return json_stringn(s, n);
    kj_buf b = KJ_BUF_INIT;
    json_t *j = kj_buf_append_utf8(&b, s, n) == KJ_OK ? json_stringn(b.data, b.len) : NULL;
    kj_buf_free(&b);
    return j;
}

/* Whether s opens with the mark (not empty); then its length in *n. */
static int opens_with(const char *s, const char *mark, size_t *n) {
    *n = strlen(mark);
    return *n && strncmp(s, mark, *n) == 0;
}

void kj_cli_put_snippet(FILE *f, const char *s, const kj_marks *m) {
    if (!s) return;
    const char *run = s; /* s[run, p) is written by kj_term_write */
    const char *p = s;
    while (*p) {
        size_t n;
        if (opens_with(p, m->open, &n) || opens_with(p, m->close, &n)) {
            kj_term_write(f, run, (size_t)(p - run), 0);
            fwrite(p, 1, n, f);
            p += n;
            run = p;
        } else {
            p++;
        }
    }
    kj_term_write(f, run, (size_t)(p - run), 0);
}
