/*
 * cmd_classify.c - `kaiji classify --jsonl [FILE]`: the evaluation contract.
 * Reads JSON lines {"id", "text", "lang"?, "heading"?} from FILE or standard
 * input ("body" stands for "text" in a line without one) and writes, in
 * input order, one line per input:
 *   {"id", "primary", "items", "scores", "elements", "evidence", "spec", "topic"}
 * A line's heading (or --heading for lines without one) is the heading the
 * passage sits under, read as kj_analyze_document() reads a document's: a
 * statement under 「情報セキュリティ」 is about the topic without naming it.
 * A bad input line yields {"id": ..., "error": "..."} on its line and a
 * message on stderr, so the output stays aligned with the input.
 *
 * With --jobs N, the CLI's ordered thread pool (pool.c) has N threads
 * (each with its own scanner; the model and lexicon are shared read-only)
 * classify the lines while the main thread writes their results and
 * messages in input order, so the output is exactly what one thread gives.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "kaiji/assess.h"
#include "kaiji/classify.h"
#include "kaiji/render.h"

/* What --explain and --explain-items ask: the top features shown per
 * item (0: no explanation) and the items asked besides the passage's. */
typedef struct {
    int top;
    unsigned items;
} explain_opts;

/* Write cp's result line; with ex->top, its "explain" array too. */
static kj_status write_result(kj_buf *b, json_t *id, const kj_analyzer *a, const kj_cli_passage *cp,
                              const char *text, const explain_opts *ex, kj_arena *ar,
                              kj_error *err) {
    kj_explanation why[KJ_N_ITEMS];
    int n = 0;
    if (ex->top) {
        kj_status st = kj_cli_explain(a, cp, ex->items, ar, why, &n, err);
        if (st != KJ_OK) return st;
    }
    char *ids = id ? json_dumps(id, JSON_ENCODE_ANY) : NULL;
    kj_buf_printf(b, "{\"id\": %s, ", ids ? ids : "null");
    free(ids);
    kj_render_classification_json(b, &cp->c);
    kj_buf_printf(b, ", \"spec\": %d", cp->spec);
    kj_render_topic_json(b, &cp->c, text, strlen(text));
    if (ex->top) {
        kj_buf_puts(b, ", \"explain\": [");
        for (int i = 0; i < n; i++) {
            if (i) kj_buf_puts(b, ", ");
            kj_render_explanation_json(b, &why[i], (size_t)ex->top);
        }
        kj_buf_putc(b, ']');
    }
    kj_buf_puts(b, "}\n");
    return KJ_OK;
}

static void write_error(kj_buf *b, json_t *id, const char *msg) {
    char *ids = id ? json_dumps(id, JSON_ENCODE_ANY) : NULL;
    kj_buf_printf(b, "{\"id\": %s, \"error\": ", ids ? ids : "null");
    free(ids);
    kj_buf_json_string(b, msg, strlen(msg));
    kj_buf_puts(b, "}\n");
}

/* The line's "heading" (NULL when absent or JSON null), else dflt; *bad
 * when it is there but not a string. */
static const char *line_heading(json_t *obj, const char *dflt, int *bad) {
    json_t *h = json_object_get(obj, "heading");
    *bad = h && !json_is_string(h) && !json_is_null(h);
    return json_is_string(h) ? json_string_value(h) : dflt;
}

/* The passage of a line's object: its "text", or, when it has no "text" at
 * all, its "body", as the files of the guide's worked examples name the
 * quoted disclosure (../shared/eval/seed-cases.jsonl): such a file can be
 * classified as it is. *key is set to the key it was found under; NULL
 * (both) when obj is NULL or has neither key. */
static json_t *line_text(json_t *obj, const char **key) {
    json_t *t = NULL;
    *key = NULL;
    if (obj && (t = json_object_get(obj, "text")))
        *key = "text";
    else if (obj && (t = json_object_get(obj, "body")))
        *key = "body";
    return t;
}

/* Why a line whose passage is under key (NULL: neither key) gives no text. */
static const char *no_text_reason(const char *key) {
    if (!key) return "no \"text\" (nor \"body\") key";
    return strcmp(key, "text") == 0 ? "\"text\" is not a string" : "\"body\" is not a string";
}

/* Classify one input line (len bytes at line) into b, and the message for
 * stderr of a bad one into msg. Returns 0 on success, 1 on a bad line. */
static int classify_line(const kj_analyzer *a, kj_scanner *sc, const char *line, size_t len,
                         int lineno, const char *name, kj_lang force, const char *dflt_heading,
                         const explain_opts *ex, kj_buf *b, kj_buf *msg) {
    json_error_t je;
    /* all len bytes: a NUL byte inside is no end of the line, but a bad one */
    int nul = memchr(line, '\0', len) != NULL;
    json_t *obj = nul ? NULL : json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
    /* a key given twice makes a bad line (which value would count?); its id
     * is still read for the error record */
    json_t *loose = !obj && !nul && json_error_code(&je) == json_error_duplicate_key
                        ? json_loadb(line, len, 0, NULL)
                        : NULL;
    json_t *id = json_object_get(obj ? obj : loose, "id");
    const char *key;
    const char *text = json_string_value(line_text(obj, &key));
    int bad_heading = 0;
    const char *heading = obj ? line_heading(obj, dflt_heading, &bad_heading) : NULL;
    json_t *lv = obj ? json_object_get(obj, "lang") : NULL;
    const char *ls = json_string_value(lv); /* NULL: none, null or no string */
    int bad_lang = lv && !json_is_null(lv) && (!ls || kj_lang_parse(ls) < 0);
    if (!text || bad_heading || bad_lang) {
        const char *why = nul                    ? "the line holds a NUL byte"
                          : !obj                 ? je.text
                          : !json_is_object(obj) ? "not a JSON object"
                          : !text                ? no_text_reason(key)
                          : bad_heading          ? "\"heading\" is not a string"
                                                 : "\"lang\" must be \"ja\", \"en\" or \"auto\"";
        char what[256];
        snprintf(what, sizeof what, "line %d: %s", lineno, why);
        kj_buf_printf(msg, "%s:%d: %s", name, lineno, why);
        write_error(b, id, what);
        json_decref(obj);
        json_decref(loose);
        return 1;
    }
    kj_lang lang = force;
    if (force == KJ_LANG_AUTO && ls && kj_lang_parse(ls) > 0) lang = (kj_lang)kj_lang_parse(ls);
    kj_arena *ar = kj_arena_new();
    kj_cli_passage cp;
    kj_error err = {0};
    int bad = 0;
    if (!ar ||
        kj_cli_classify_text(a, sc, text, strlen(text), lang, heading, ar, &cp, &err) != KJ_OK ||
        write_result(b, id, a, &cp, text, ex, ar, &err) != KJ_OK) {
        kj_buf_printf(msg, "%s:%d: %s", name, lineno, err.msg[0] ? err.msg : "out of memory");
        write_error(b, id, err.msg[0] ? err.msg : "out of memory");
        bad = 1;
    }
    kj_arena_free(ar);
    json_decref(obj);
    return bad;
}

/* Lines taken and not yet written, per thread: enough to keep the threads
 * busy while the main thread writes, few enough that results stay small. */
#define KJ_CLASSIFY_WINDOW 256

/* One input line and what classifying it gave. */
typedef struct {
    char *line; /* heap, the line without its line end (and BOM), NUL-terminated;
                   its first KJ_CLASSIFY_MAX_LINE bytes when too_long */
    size_t len; /* its bytes: a NUL byte inside is the line's, and no JSON */
    int lineno;
    int too_long; /* longer than KJ_CLASSIFY_MAX_LINE: not classified */
    int bad;
    kj_buf out; /* its output line */
    kj_buf msg; /* its message for stderr, empty when none */
} input_line;

/* The input and output of one run, as the thread pool sees them. */
typedef struct {
    const kj_analyzer *a;
    const char *name, *heading;
    kj_lang force;
    explain_opts explain;
    FILE *in, *out;
    char *buf; /* the line read (line_read) */
    size_t cap;
    int lineno;
    int oom;      /* a line could not be copied: reading stopped */
    int read_err; /* errno of a failed read (FILE a directory, an I/O error), else 0 */
} line_run;

static void *line_thread_new(void *ctx) {
    return kj_cli_scanner_new(((line_run *)ctx)->a->lex);
}

/* The next line of lr->in into lr->buf as getline gives it (its LF kept,
 * NUL-terminated), but of a line of more than KJ_CLASSIFY_MAX_LINE bytes
 * before its LF only the first that many and one more, the rest read past
 * (*over set): its length, -1 at the end of input, on a read error or out
 * of memory (lr->oom). */
static ssize_t line_read(line_run *lr, int *over) {
    size_t n = 0;
    int c = 0;
    *over = 0;
    while ((c = getc_unlocked(lr->in)) != EOF) {
        if (n > KJ_CLASSIFY_MAX_LINE) { /* past the limit: dropped */
            *over = 1;
            if (c == '\n') break;
            continue;
        }
        /* room for this byte and a NUL after it: n + 2 bytes */
        char *buf = kj_grow(lr->buf, n + 1, &lr->cap, 1, 4096);
        if (!buf) {
            lr->oom = 1;
            return -1;
        }
        lr->buf = buf;
        lr->buf[n++] = (char)c;
        if (c == '\n') break;
    }
    if (n == 0) return -1;
    /* a line of exactly the limit's bytes and then its end is whole */
    if (n > KJ_CLASSIFY_MAX_LINE && lr->buf[n - 1] != '\n') *over = 1;
    lr->buf[n] = '\0';
    return (ssize_t)n;
}

/* The next line that is not blank, without its line end. */
static int line_take(void *ctx, void *slot) {
    line_run *lr = ctx;
    input_line *l = slot;
    ssize_t len;
    int over;
    /* (output that could not be written ends the run: the pool takes no
     * more lines) */
    while (!lr->oom && (len = line_read(lr, &over)) > 0) {
        size_t n;
        const char *text = kj_jsonl_line(lr->buf, (size_t)len, (size_t)++lr->lineno, &n);
        if (n == 0 && !over) continue;
        char *copy = malloc((size_t)len + 1); /* the line as read holds its text (n <= len) */
        if (copy) {
            memcpy(copy, text, n);
            copy[n] = '\0';
        }
        *l = (input_line){copy, n, lr->lineno, over, 0, KJ_BUF_INIT, KJ_BUF_INIT};
        if (l->line) return 1;
        kj_cli_error("%s:%d: out of memory", lr->name, lr->lineno);
        lr->oom = 1;
    }
    /* the end of input and a read error both end line_read: a directory given
     * as FILE read as an empty file, exit 0 */
    if (!lr->read_err && ferror(lr->in)) lr->read_err = errno ? errno : EIO;
    return 0;
}

static void line_work(void *ctx, void *state, void *slot) {
    line_run *lr = ctx;
    input_line *l = slot;
    if (l->too_long) {
        char what[256];
        snprintf(what, sizeof what, "line %d: longer than %zu bytes, the most a line may hold",
                 l->lineno, KJ_CLASSIFY_MAX_LINE);
        kj_buf_printf(&l->msg, "%s:%d: a line longer than %zu bytes, the most classify reads",
                      lr->name, l->lineno, KJ_CLASSIFY_MAX_LINE);
        write_error(&l->out, NULL, what);
        l->bad = 1;
        return;
    }
    l->bad = classify_line(lr->a, state, l->line, l->len, l->lineno, lr->name, lr->force,
                           lr->heading, &lr->explain, &l->out, &l->msg);
}

/* Write the line's result and its message, and free them. */
static int line_emit(void *ctx, void *slot) {
    line_run *lr = ctx;
    input_line *l = slot;
    if (l->msg.len) kj_cli_error("%s", l->msg.data);
    fwrite(l->out.data, 1, l->out.len, lr->out);
    free(l->line);
    kj_buf_free(&l->out);
    kj_buf_free(&l->msg);
    return l->bad;
}

/* Classify every line of lr->in into lr->out with jobs threads. Returns
 * whether a line was bad or could not be read. */
static int classify_lines(line_run *lr, int jobs) {
    kj_cli_pool p = {.ctx = lr,
                     .slot_size = sizeof(input_line),
                     .threads = jobs,
                     .window = jobs * KJ_CLASSIFY_WINDOW,
                     .thread_new = line_thread_new,
                     .thread_free = kj_cli_scanner_free,
                     .take = line_take,
                     .work = line_work,
                     .emit = line_emit,
                     .out = lr->out};
    int bad = kj_cli_pool_run(&p);
    if (bad < 0) kj_cli_error("out of memory");
    if (lr->read_err) kj_cli_error("%s: cannot read: %s", lr->name, strerror(lr->read_err));
    free(lr->buf);
    return bad != 0 || lr->oom || lr->read_err;
}

int cmd_classify(int argc, char **argv) {
    static const struct option opts[] = {{"jsonl", no_argument, 0, 'j'},
                                         {"lang", required_argument, 0, 'L'},
                                         {"output", required_argument, 0, 'o'},
                                         {"heading", required_argument, 0, 'H'},
                                         {"jobs", required_argument, 0, 'J'},
                                         {"explain", required_argument, 0, 'x'},
                                         {"explain-items", required_argument, 0, 'X'},
                                         {0, 0, 0, 0}};
    int c, jsonl = 0, jobs = 1;
    explain_opts explain = {0, 0};
    kj_lang force = KJ_LANG_AUTO;
    const char *out_path = NULL, *heading = NULL;
    optind = 1;
    opterr = 0;
    kj_cli_optset seen;
    kj_cli_optset_init(&seen, "classify", opts);
    while ((c = getopt_long(argc, argv, ":jL:o:H:", opts, NULL)) != -1) {
        if (kj_cli_opt_take(&seen, c, optarg) != 0) return KJ_EXIT_USAGE;
        switch (c) {
        case 'j':
            jsonl = 1;
            break;
        case 'L':
            if (kj_cli_parse_lang(optarg, &force) != 0) return KJ_EXIT_USAGE;
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'H':
            heading = optarg;
            break;
        case 'J':
            if (kj_cli_parse_jobs(optarg, &jobs) != 0) return KJ_EXIT_USAGE;
            break;
        case 'x':
            if (kj_cli_parse_int("--explain", optarg, 1, 1000, &explain.top) != 0)
                return KJ_EXIT_USAGE;
            break;
        case 'X':
            if (kj_cli_parse_items("--explain-items", optarg, &explain.items) != 0)
                return KJ_EXIT_USAGE;
            break;
        default:
            return kj_cli_bad_option("classify", c, argv, opts);
        }
    }
    if (!jsonl) {
        kj_cli_error("classify reads JSON lines only: give --jsonl; see `kaiji help classify`");
        return KJ_EXIT_USAGE;
    }
    if (explain.items && !explain.top) explain.top = KJ_EXPLAIN_TOP;
    if (kj_cli_operands_most("classify", "classify", argv, optind, argc, 1) != 0)
        return KJ_EXIT_USAGE;
    const char *name = kj_cli_name(optind < argc ? argv[optind] : "-");
    FILE *in = optind < argc && strcmp(argv[optind], "-") != 0 ? fopen(argv[optind], "r") : stdin;
    if (!in) {
        kj_cli_error("%s: cannot open: %m", name);
        return KJ_EXIT_FAIL;
    }
    kj_error err = {0};
    kj_analyzer *a = NULL;
    kj_cli_out output = {0};
    FILE *out = NULL;
    if (kj_analyzer_load(NULL, &a, &err) != KJ_OK)
        kj_cli_report(&err);
    else if (kj_cli_out_open(&output, out_path) == 0)
        out = output.f;
    json_object_seed(0); /* jansson's hash seed, set before any thread uses it */
    line_run lr = {.a = a,
                   .name = name,
                   .heading = heading,
                   .force = force,
                   .explain = explain,
                   .in = in,
                   .out = out};
    int bad = out ? classify_lines(&lr, jobs) : 1;
    if (in != stdin) fclose(in);
    bad |= kj_cli_out_close(&output) != 0;
    kj_analyzer_free(a);
    return !out ? KJ_EXIT_FAIL : bad ? KJ_EXIT_FAIL : KJ_EXIT_OK;
}
