/*
 * lint_out.c - write sensitivity-lint findings as compiler-style
 * diagnostics ("path:loc: severity[rule]: message" plus why/how lines) or as
 * JSON objects. Document text is untrusted: control characters are replaced
 * before they reach a terminal, and JSON strings are escaped.
 */
#include "lint_internal.h"

#include <string.h>

void kj_lint_location(const kj_lint_finding *f, char *out, size_t outsz) {
    if (!out || outsz == 0) return;
    if (f->page > 0)
        snprintf(out, outsz, "p%d:%d", f->page, f->para);
    else if (f->section && f->section[0])
        snprintf(out, outsz, "%s:%d", f->section, f->para);
    else if (f->line > 0)
        snprintf(out, outsz, "%d:%d", f->line, f->col);
    else
        snprintf(out, outsz, "%d:%d", f->para, f->col);
}

/* Print s with C0 controls and DEL replaced by '?' (terminal safety). */
static void put_clean(const char *s, FILE *out) {
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        fputc((*p < 0x20 || *p == 0x7f) ? '?' : *p, out);
}

void kj_lint_print_text(const kj_lint_result *r, const char *path, FILE *out) {
    for (size_t i = 0; i < r->n; i++) {
        const kj_lint_finding *f = &r->items[i];
        char loc[300];
        kj_lint_location(f, loc, sizeof loc);
        put_clean(path, out);
        fputc(':', out);
        put_clean(loc, out);
        fprintf(out, ": %s[%s]: ", kj_severity_name(f->severity), f->rule);
        put_clean(f->message, out);
        if (f->item > 0) fprintf(out, " (item %d)", f->item);
        fputs("\n    why: ", out);
        put_clean(f->why, out);
        fputs("\n    how: ", out);
        put_clean(f->how, out);
        fputc('\n', out);
    }
}

static void json_field(kj_buf *b, const char *key, const char *val) {
    kj_buf_printf(b, ",\"%s\":", key);
    if (val)
        kj_buf_json_string(b, val, strlen(val));
    else
        kj_buf_puts(b, "null");
}

kj_status kj_lint_append_json(const kj_lint_result *r, const char *path, kj_buf *b, int *first) {
    for (size_t i = 0; i < r->n; i++) {
        const kj_lint_finding *f = &r->items[i];
        char loc[300];
        kj_lint_location(f, loc, sizeof loc);
        if (!*first) kj_buf_putc(b, ',');
        *first = 0;
        kj_buf_puts(b, "{\"file\":");
        kj_buf_json_string(b, path ? path : "", path ? strlen(path) : 0);
        json_field(b, "loc", loc);
        json_field(b, "rule", f->rule);
        json_field(b, "severity", kj_severity_name(f->severity));
        json_field(b, "base_severity", kj_severity_name(f->base));
        kj_buf_printf(b, ",\"item\":%d,\"passage\":%zu", f->item, f->passage);
        json_field(b, "heading", f->heading);
        kj_buf_printf(b, ",\"page\":%d", f->page);
        json_field(b, "section", f->section);
        kj_buf_printf(b, ",\"line\":%d,\"para\":%d,\"col\":%d,\"start\":%zu,\"end\":%zu", f->line,
                      f->para, f->col, f->start, f->end);
        json_field(b, "text", f->text);
        json_field(b, "message", f->message);
        json_field(b, "why", f->why);
        json_field(b, "how", f->how);
        kj_buf_putc(b, '}');
    }
    return b->data || r->n == 0 ? KJ_OK : KJ_ERR_NOMEM;
}
