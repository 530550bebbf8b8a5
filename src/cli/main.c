/*
 * main.c - the kaiji command-line entry point: dispatches to one cmd_*.c
 * file per subcommand (git style) and prints help and version.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "kaiji/assess.h"
#include "commands.h"

static const kj_command commands[] = {
#define KJ_COMMAND(name, fn, summary, usage) {name, fn, summary, usage},
#include "commands.def"
#undef KJ_COMMAND
};
static const size_t n_commands = sizeof commands / sizeof commands[0];

const kj_command *kj_cli_find(const char *name) {
    for (size_t i = 0; i < n_commands; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

void kj_cli_usage(const kj_command *c, FILE *f) {
    fprintf(f, "%s", c->usage);
}

/* The message is written with kj_term_write: it names files, whose names
 * (and a document's words quoted in it) may hold escape sequences. */
void kj_cli_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    int n = vasprintf(&msg, fmt, ap);
    va_end(ap);
    fputs("kaiji: ", stderr);
    if (n >= 0) {
        kj_term_write(stderr, msg, (size_t)n, 0);
        free(msg);
    } else {
        fputs("out of memory writing an error", stderr);
    }
    fputc('\n', stderr);
}

void kj_cli_report(const kj_error *err) {
    kj_cli_error("%s", err->msg[0] ? err->msg : kj_status_name(err->code));
}

void kj_cli_report_file(const char *name, const kj_error *err) {
    if (!strstr(err->msg, name))
        kj_cli_error("%s: %s", name, err->msg);
    else
        kj_cli_report(err);
}

const char *kj_cli_name(const char *path) {
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

int kj_cli_stdin_once(char *const *paths, int n) {
    int seen = 0;
    for (int i = 0; i < n; i++)
        seen += strcmp(paths[i], "-") == 0;
    if (seen > 1)
        kj_cli_error("standard input (-) can be read only once, but is given %d times", seen);
    return seen <= 1;
}

/* Copy standard input to path, at most limit bytes; *copied gets how many.
 * A read that fails (standard input closed) is said as such, with why. */
static kj_status copy_stdin(const char *path, size_t limit, size_t *copied, kj_error *err) {
    FILE *f = fopen(path, "wb");
    if (!f)
        return kj_error_set(err, KJ_ERR_IO, "<stdin>: cannot make a temporary file: %s",
                            strerror(errno));
    char buf[65536];
    size_t n, total = 0;
    int read_err = 0, write_err = 0;
    while (total < limit && (n = fread(buf, 1, sizeof buf, stdin)) > 0) {
        if (n > limit - total) n = limit - total;
        if (fwrite(buf, 1, n, f) != n) {
            write_err = errno ? errno : EIO;
            break;
        }
        total += n;
    }
    if (!write_err && ferror(stdin)) read_err = errno ? errno : EIO;
    *copied = total;
    if (fclose(f) != 0 && !write_err) write_err = errno ? errno : EIO;
    if (read_err)
        return kj_error_set(err, KJ_ERR_IO, "<stdin>: cannot read: %s", strerror(read_err));
    if (write_err)
        return kj_error_set(err, KJ_ERR_IO,
                            "<stdin>: cannot copy standard input to a temporary file: %s",
                            strerror(write_err));
    return KJ_OK;
}

/* Replace every from in s (NUL-terminated, cap bytes of room) with to. */
static void replace_all(char *s, size_t cap, const char *from, const char *to) {
    size_t fl = strlen(from), tl = strlen(to);
    for (char *p = strstr(s, from); p; p = strstr(p + tl, from)) {
        size_t rest = strlen(p + fl);
        if ((size_t)(p - s) + tl + rest + 1 > cap) break;
        memmove(p + tl, p + fl, rest + 1);
        memcpy(p, to, tl);
    }
}

const char *kj_cli_tmpdir(void) {
    const char *tmp = getenv("TMPDIR");
    return tmp && *tmp ? tmp : "/tmp";
}

kj_status kj_cli_ingest(const char *path, const kj_ingest_options *o, kj_document **out,
                        kj_error *err) {
    if (strcmp(path, "-") != 0) return kj_ingest_file(path, o, out, err);
    *out = NULL;
    const char *tmp = kj_cli_tmpdir();
    char dir[4096], file[4200];
    snprintf(dir, sizeof dir, "%s/kaiji-stdin-XXXXXX", tmp);
    if (!mkdtemp(dir))
        return kj_error_set(err, KJ_ERR_IO, "<stdin>: cannot make a temporary directory in %s: %s",
                            tmp, strerror(errno));
    snprintf(file, sizeof file, "%s/stdin", dir);
    size_t max = o && o->max_bytes ? o->max_bytes : KJ_INGEST_DEFAULT_MAX;
    size_t copied = 0;
    kj_status st = copy_stdin(file, max + 1, &copied, err);
    if (st == KJ_OK && copied > max)
        st = kj_error_set(err, KJ_ERR_TOO_LARGE,
                          "<stdin>: more than %zu bytes (%.1f MiB), the limit", max,
                          max / 1048576.0);
    if (st == KJ_OK) st = kj_ingest_file(file, o, out, err);
    if (st == KJ_OK && !((*out)->path = kj_arena_strdup((*out)->arena, "<stdin>"))) {
        kj_document_free(*out);
        *out = NULL;
        st = kj_error_set(err, KJ_ERR_NOMEM, "<stdin>: out of memory");
    }
    if (st != KJ_OK) replace_all(err->msg, sizeof err->msg, file, "<stdin>");
    unlink(file);
    rmdir(dir);
    return st;
}

int kj_cli_parse_lang(const char *arg, kj_lang *lang) {
    int l = kj_lang_parse(arg);
    if (l < 0) {
        kj_cli_error("--lang must be ja, en or auto, not '%s'", arg);
        return -1;
    }
    *lang = (kj_lang)l;
    return 0;
}

/* Whether arg is, whole, a decimal number in lo..hi; then *out gets it.
 * Nothing else may be around it, white space neither (strtol would skip
 * what leads). */
static int whole_in(const char *arg, int lo, int hi, int *out) {
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (!*arg || isspace((unsigned char)*arg) || *end || errno || v < lo || v > hi) return 0;
    *out = (int)v;
    return 1;
}

int kj_cli_parse_int(const char *opt, const char *arg, int lo, int hi, int *out) {
    if (whole_in(arg, lo, hi, out)) return 0;
    kj_cli_error("%s must be a whole number %d..%d, not '%s'", opt, lo, hi, arg);
    return -1;
}

int kj_cli_parse_jobs(const char *arg, int *jobs) {
    if (strcmp(arg, "auto") == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        *jobs = n < 1 ? 1 : n > KJ_MAX_JOBS ? KJ_MAX_JOBS : (int)n;
        return 0;
    }
    if (whole_in(arg, 1, KJ_MAX_JOBS, jobs)) return 0;
    kj_cli_error("--jobs must be a whole number 1..%d or auto, not '%s'", KJ_MAX_JOBS, arg);
    return -1;
}

int kj_cli_parse_real(const char *opt, const char *arg, double lo, double hi, double *out) {
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    /* digits, a point and an exponent only: strtod also reads what leads
     * (white space), hexadecimal, "inf" and "nan" */
    int decimal = arg[strspn(arg, "0123456789.eE+-")] == '\0';
    if (!*arg || !decimal || *end || errno || !(v > lo && v <= hi)) {
        kj_cli_error("%s must be a number above %g and at most %g, not '%s'", opt, lo, hi, arg);
        return -1;
    }
    *out = v;
    return 0;
}

int kj_cli_parse_format(const char *arg, kj_format *format) {
    kj_format f = kj_format_parse(arg);
    if (f == KJ_FORMAT_AUTO && strcmp(arg, "auto") != 0) {
        kj_cli_error("unknown --as format '%s' (text, html, pdf, docx, pptx, edinet)", arg);
        return -1;
    }
    *format = f;
    return 0;
}

void kj_cli_bad_doctype(const char *arg, const char *more) {
    kj_buf list = KJ_BUF_INIT;
    for (int t = 1; t < KJ_DOCTYPE_COUNT; t++)
        kj_buf_printf(&list, "%s%s", t > 1 ? ", " : "", kj_doctype_id((kj_doctype)t));
    kj_cli_error("unknown --doc-type '%s' (%s%s%s)", arg, list.data ? list.data : "",
                 more ? ", " : "", more ? more : "");
    kj_buf_free(&list);
}

int kj_cli_text_or_json(const char *format) {
    if (!format || strcmp(format, "text") == 0) return 0;
    if (strcmp(format, "json") == 0) return 1;
    kj_cli_error("--format must be text or json, not '%s'", format);
    return -1;
}

/* How many of longopts have a name that word (n bytes) begins (all of it:
 * an exact match counts alone); *val gets the last one's value. */
static int long_matches(const struct option *longopts, const char *word, size_t n, int *val) {
    int found = 0;
    for (const struct option *o = longopts; o && o->name; o++) {
        if (strncmp(o->name, word, n) != 0) continue;
        *val = o->val;
        if (strlen(o->name) == n) return 1;
        found++;
    }
    return found;
}

/* Whether arg, which getopt_long took for an option unknown to a command,
 * asks for its help: --help, or -h alone or in a cluster (-sh). */
static int asks_help(const char *arg) {
    if (strcmp(arg, "--help") == 0) return 1;
    return arg[0] == '-' && arg[1] != '-' && optopt == 'h';
}

int kj_cli_bad_option(const char *command, int c, char *const *argv,
                      const struct option *longopts) {
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    if (c == '?' && asks_help(arg)) {
        /* here, where getopt_long has told options from their values, and
         * not before: in `cases add --note -h` the -h is a note */
        kj_cli_usage(kj_cli_find(command), stdout);
        exit(kj_cli_flush(stdout) == 0 ? KJ_EXIT_OK : KJ_EXIT_FAIL);
    }
    char name[128];
    const char *what = c == ':' ? "option '%s' needs a value" : "unknown option '%s'";
    int val = 0, n = 0;
    size_t len = 0;
    if (strncmp(arg, "--", 2) == 0) {
        len = strcspn(arg + 2, "=");
        n = long_matches(longopts, arg + 2, len, &val);
    }
    /* the word typed is a long option when getopt names none (optopt 0: not
     * one of ours, or ambiguous) or names the one it begins; else optopt is
     * a short option, on its own (-x) or in a cluster (-sx) */
    if (len && (!optopt || (n == 1 && val == optopt))) {
        snprintf(name, sizeof name, "--%.*s", (int)(len > 100 ? 100 : len), arg + 2);
        if (c == '?' && n > 1)
            what = "option '%s' is ambiguous";
        else if (c == '?' && optopt)
            what = "option '%s' takes no value";
    } else if (optopt) {
        snprintf(name, sizeof name, "-%c", optopt);
    } else {
        snprintf(name, sizeof name, "%.100s", arg);
    }
    char msg[192];
    snprintf(msg, sizeof msg, what, name);
    kj_cli_error("%s; see `kaiji help %s`", msg, command);
    return KJ_EXIT_USAGE;
}

static void main_usage(FILE *f) {
    fprintf(f, "usage: kaiji [--version] [--help] COMMAND [ARGS]\n\n"
               "kaiji reads cybersecurity disclosures (securities reports, integrated and\n"
               "sustainability reports, security reports, 10-K filings) and says what they\n"
               "disclose against the MIC 2019 guide's ten items and 21 elements.\n\n"
               "Commands:\n");
    for (size_t i = 0; i < n_commands; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nRun `kaiji help COMMAND` for a command's options.\n");
}

/* KJ_EXIT_OK once what was written to standard output is out; else, after
 * "kaiji: <stdout>: write failed: why" (a full disk, a closed pipe),
 * KJ_EXIT_FAIL. */
static int written(void) {
    return kj_cli_flush(stdout) == 0 ? KJ_EXIT_OK : KJ_EXIT_FAIL;
}

int cmd_help(int argc, char **argv) {
    if (argc < 2) {
        main_usage(stdout);
        return written();
    }
    if (kj_cli_operands_most("help", "help", argv, 1, argc, 1) != 0) return KJ_EXIT_USAGE;
    const kj_command *c = kj_cli_find(argv[1]);
    if (!c) {
        kj_cli_error("no such command '%s'; see `kaiji --help`", argv[1]);
        return KJ_EXIT_USAGE;
    }
    kj_cli_usage(c, stdout);
    return written();
}

/* Run the command line argv (its command, or help and version) and return
 * its exit status. */
static int run(int argc, char **argv) {
    if (argc < 2) {
        main_usage(stderr);
        return KJ_EXIT_USAGE;
    }
    int asks_usage = strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0;
    int asks_version = strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0;
    if ((asks_usage || asks_version) && argc > 2) {
        kj_cli_error("'%s' takes no arguments, not '%s'; see `kaiji --help`", argv[1], argv[2]);
        return KJ_EXIT_USAGE;
    }
    if (asks_usage) {
        main_usage(stdout);
        return written();
    }
    if (asks_version) {
        printf("kaiji %s (framework mic-2019)\n", KJ_VERSION);
        return written();
    }
    const kj_command *c = kj_cli_find(argv[1]);
    if (!c) {
        kj_cli_error("'%s' is not a kaiji command; see `kaiji --help`", argv[1]);
        return KJ_EXIT_USAGE;
    }
    /* `kaiji docs --help`: asked before a subcommand, or of a command that
     * takes no options (help). Later on the line, the command's own option
     * parsing answers --help and -h (kj_cli_bad_option), for only it knows
     * which words are the values of options. */
    if (argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
        kj_cli_usage(c, stdout);
        return written();
    }
    return c->run(argc - 1, argv + 1);
}

int main(int argc, char **argv) {
    /* past a file size limit (ulimit -f) a write fails with EFBIG, and to a
     * pipe whose reader has gone with EPIPE, which kaiji reports naming the
     * output, rather than the signal killing it without a word (a store's
     * transaction is then rolled back, a temporary file beside -o FILE
     * removed) */
    signal(SIGXFSZ, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    kj_cli_std_fds();
    kj_cli_out std;
    if (kj_cli_stdout_watch(&std) != 0) return KJ_EXIT_FAIL;
    int rc = run(argc, argv);
    /* what a command printed and did not check (a list, an export) is
     * checked here: standard output that could not be written (a full
     * disk) fails the command instead of leaving the user an empty file and
     * exit status 0; it has been said when the write failed */
    if (kj_cli_out_close(&std) != 0 && rc != KJ_EXIT_USAGE) rc = KJ_EXIT_FAIL;
    return rc;
}
