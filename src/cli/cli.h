/*
 * cli.h - what the subcommands of the kaiji CLI share: the command table,
 * error reporting in one format ("kaiji: FILE: problem"), output files, and
 * what the store's subcommands have in common.
 * Each subcommand lives in its own cmd_<name>.c and is listed in main.c.
 */
#ifndef KAIJI_CLI_H
#define KAIJI_CLI_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "kaiji/classify.h"
#include "kaiji/common.h"
#include "kaiji/ingest.h"
#include "kaiji/match.h"
#include "kaiji/store.h"
#include "kaiji/text.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
    const char *summary;               /* one line for `kaiji --help` */
    const char *usage;                 /* full help for `kaiji help NAME` */
} kj_command;

/* Print "kaiji: <message>" to stderr, the message as kj_term_puts writes
 * it (no control character, one line). */
void kj_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "kaiji: <err->msg>" to stderr. */
void kj_cli_report(const kj_error *err);
/* The same for an error reading or analysing file name: "kaiji: name: msg"
 * when the message does not name the file itself. */
void kj_cli_report_file(const char *name, const kj_error *err);
/* A command's output (output.c): standard output, or a file written whole
 * or not at all (through a temporary file beside it, renamed over it once
 * all is written). Each is a stream that says its first write that fails
 * when it fails, once, naming the output ("<stdout>" or the file as given)
 * and why: "kaiji: out.json: write failed: No space left on device; left as
 * it was". It writes nothing more after that, and ferror is set: commands
 * stop on ferror and fail (KJ_EXIT_FAIL) without saying it again. */
typedef struct {
    FILE *f;             /* where to write: stdout, or the file's stream (owned) */
    const char *path;    /* as given (not owned); NULL or "-" for stdout */
    char target[4096];   /* the file a temporary file replaces */
    char tmp[4096 + 64]; /* that temporary file, or "" when written directly */
    int fd;              /* the descriptor f writes to; -1 for stdout */
    int err;             /* errno of the first write that failed, else 0 */
    int said;            /* that failure has been said */
    FILE *std;           /* kj_cli_stdout_watch: the stdout f stands in for */
} kj_cli_out;
/* Open o for path ("-" or NULL = stdout). Returns 0, or -1 after printing
 * an error naming path. Close with kj_cli_out_close or kj_cli_out_discard.
 * o must stay where it is until then (its stream points to it). */
int kj_cli_out_open(kj_cli_out *o, const char *path);
/* Finish o: flush standard output, or put the file in place. Returns 0, or
 * -1 when anything written was lost (said, naming the output, by then): a
 * file given is then left as it was before. */
int kj_cli_out_close(kj_cli_out *o);
/* Give up o without putting anything in place (a file given is left as it
 * was; what went to standard output has gone). */
void kj_cli_out_discard(kj_cli_out *o);
/* Whether o writes a file given through a temporary file beside it (not
 * standard output, nor a device written directly). */
int kj_cli_out_replaces(const kj_cli_out *o);
/* Give up o, which replaces a file (kj_cli_out_replaces), when none of a
 * command's input files could be read, so that an earlier file stays as it
 * was rather than becoming an empty report; says so ("kaiji: out.json: not
 * written: no FILE could be read"). */
void kj_cli_out_abandon(kj_cli_out *o);
/* Flush f, standard output or an output's stream: 0, or -1 when anything
 * written to it was lost (the stream has said why). */
int kj_cli_flush(FILE *f);
/* Make stdout a stream of kaiji's own over descriptor 1, kept in o (which
 * must stay where it is), so that its write errors are said like a file's:
 * called once by main before a command runs, and finished by
 * kj_cli_out_close(o), which puts back the stdout it replaced. Returns 0, or
 * -1 after saying it is out of memory. */
int kj_cli_stdout_watch(kj_cli_out *o);
/* Open /dev/null on whichever of descriptors 0, 1 and 2 is closed, the
 * other way round (reading standard input, writing standard output or error
 * still fail, with EBADF): so that no file kaiji opens takes their place,
 * and what it writes to standard output or error never lands in a report
 * or an input. Called first by main. */
void kj_cli_std_fds(void);
/* Print the usage of one command to f. */
void kj_cli_usage(const kj_command *c, FILE *f);
/* Find a command by name, or NULL. */
const kj_command *kj_cli_find(const char *name);

/* The most threads --jobs runs (analyze, lint: files at once; classify:
 * lines). */
#define KJ_MAX_JOBS 64

/* An ordered pool of threads over a run of independent items (pool.c):
 * items are taken one after another, worked on by up to `threads` threads
 * at once, and emitted by the calling thread in the order taken, so the
 * output is what one thread gives. Each item has a slot of slot_size bytes,
 * zeroed before it is taken; at most `window` (>= threads) items are taken
 * and not yet emitted, which bounds memory. */
typedef struct {
    void *ctx; /* passed to every callback */
    size_t slot_size;
    int threads; /* 1..KJ_MAX_JOBS; 1 runs everything in the calling thread */
    int window;
    /* One thread's own state (e.g. a scanner), or NULL when it cannot be
     * made; freed with thread_free. Called in the calling thread. */
    void *(*thread_new)(void *ctx);
    void (*thread_free)(void *ctx, void *state);
    /* Fill slot with the next item; 0 when there is none. Called under the
     * pool's lock, one at a time, in order. */
    int (*take)(void *ctx, void *slot);
    /* Work on the item in slot with a thread's state; runs in parallel with
     * other items, so it may only read what is shared. */
    void (*work)(void *ctx, void *state, void *slot);
    /* Write the worked item and free what it holds, in the calling thread,
     * in order; nonzero when the item failed. */
    int (*emit)(void *ctx, void *slot);
    /* What emit writes to, or NULL: once writing it has failed (ferror,
     * said by the output itself), no more items are taken; those taken are
     * still emitted. Read only by the calling thread. */
    FILE *out;
} kj_cli_pool;

/* Run the pool until take() says there are no more items. Returns 1 when
 * an item failed (emit returned nonzero), 0 when none did, -1 when not even
 * one thread's state could be made (nothing was taken). When no thread can
 * be started, the items are worked on in the calling thread. */
int kj_cli_pool_run(const kj_cli_pool *p);
/* The thread state of a pool whose work matches text: a scanner of lex
 * (Vectorscan scratch space is one thread's), or NULL when it cannot be
 * made; kj_cli_scanner_free is its thread_free. */
void *kj_cli_scanner_new(const kj_lexicon *lex);
void kj_cli_scanner_free(void *ctx, void *state);
/* kj_cli_pool_run over the n files of a command line, jobs (at most n) at
 * once and no more documents held than that: sets p's threads and window,
 * prepares the readers for threads, and reports running out of memory.
 * Returns 1 when a file failed, else 0. */
int kj_cli_pool_files(kj_cli_pool *p, int n, int jobs);

/* A batch command's data (data_load.c: analyze's model, lexicon, tables and
 * lint patterns; lint's patterns and lexicon), loaded once the first file has
 * been read, by whichever thread has one first (kj_cli_data_ready): reading
 * needs none of it, and a large file's reading is when memory peaks. Its
 * fields are the module's own. */
typedef struct {
    kj_status (*load)(void *ud, kj_error *err); /* loads the data, its error in err */
    void *ud;
    pthread_mutex_t mu;
    int inited;        /* mu is initialised */
    int tried;         /* under mu: loading was tried */
    kj_status st;      /* under mu: how it went */
    kj_error err;      /* under mu: why it failed */
    atomic_int failed; /* it failed: no more files are taken */
    int said;          /* the failure has been reported (kj_cli_data_report) */
} kj_cli_data;

/* Prepare d to load with load(ud, err) when kj_cli_data_ready is first
 * called, and look for the data directory now, so that a missing one is
 * said before any file is read: KJ_OK, or that error in err. Whatever it
 * returns, d is freed with kj_cli_data_destroy. */
kj_status kj_cli_data_init(kj_cli_data *d, kj_status (*load)(void *ud, kj_error *err), void *ud,
                           kj_error *err);
/* Load d's data unless that was tried already (by any thread; the others
 * wait for it). Returns how loading went, with its error in *err. */
kj_status kj_cli_data_ready(kj_cli_data *d, kj_error *err);
/* Whether loading was tried and failed: a batch then takes no more files. */
int kj_cli_data_failed(kj_cli_data *d);
/* Report a file that failed, from the thread that writes the results, in
 * their order: with unloaded set, because d's data could not be loaded
 * (err is about the data: reported once for the batch); else because of
 * the file itself ("kaiji: path: problem", kj_cli_report_file). */
void kj_cli_data_report(kj_cli_data *d, const char *path, const kj_error *err, int unloaded);
/* Free what kj_cli_data_init made (not the data, which load made). */
void kj_cli_data_destroy(kj_cli_data *d);
/* Read the file path (kj_cli_ingest, with o) into *doc, then make sure d's
 * data is loaded (kj_cli_data_ready): KJ_OK, or the error in err, with
 * *unloaded set when it is the data's rather than the file's. *doc is the
 * caller's to free whenever it was read. */
kj_status kj_cli_data_read(kj_cli_data *d, const char *path, const kj_ingest_options *o,
                           kj_document **doc, int *unloaded, kj_error *err);
/* A pool thread's own state in a batch whose data comes later: its scanner
 * (Vectorscan scratch space is one thread's), made for its first document,
 * once the lexicon is loaded (kj_cli_data_scanner); NULL until then. */
typedef struct {
    kj_scanner *sc;
} kj_cli_data_thread;
/* A pool's thread_new and thread_free for kj_cli_data_thread states
 * (a new one is zeroed; NULL when out of memory). */
void *kj_cli_data_thread_new(void *ctx);
void kj_cli_data_thread_free(void *ctx, void *state);
/* Make t's scanner of lex unless it has one: KJ_OK, or the error in err. */
kj_status kj_cli_data_scanner(kj_cli_data_thread *t, const kj_lexicon *lex, kj_error *err);

struct option;
/* The usage error for getopt_long's result c on a bad option of command
 * (its `kaiji help` name): '?' for an option it does not have, ':' for one
 * given without its value. Prints one line naming the option as typed,
 * "kaiji: unknown option '--bogus'; see `kaiji help analyze`" (or "option
 * '--format' needs a value", "option '--strict' takes no value", "option
 * '--f' is ambiguous"; a short option in a cluster, -sx, is named -x) and
 * returns KJ_EXIT_USAGE; but an unknown --help or -h (alone or in a
 * cluster) is a request: the command's usage is written to standard output
 * and the process exits with KJ_EXIT_OK. argv and longopts are those given to getopt_long,
 * which must be called with opterr 0 and an optstring that begins with ':'. */
int kj_cli_bad_option(const char *command, int c, char *const *argv, const struct option *longopts);

/* What a command's option loop has been given so far (options.c), for the
 * checks getopt_long does not make. */
typedef struct {
    const char *command;           /* its `kaiji help` name: "analyze", "cases" */
    const struct option *longopts; /* its options, as given to getopt_long */
    unsigned char seen[256];       /* by getopt value: whether given */
} kj_cli_optset;

/* Start s for command with its options longopts (kept, not copied). */
void kj_cli_optset_init(kj_cli_optset *s, const char *command, const struct option *longopts);
/* Take getopt_long's result c with its value arg (optarg) into s, before the
 * command looks at it: 0, or -1 after a one-line usage error when an option
 * that takes a value is given a second time ("option '--format' given
 * twice") or with an empty value ("option '--db' has an empty value"). A
 * flag may be repeated; a c that is none of s's options ('?', ':') is
 * left to the command (kj_cli_bad_option). */
int kj_cli_opt_take(kj_cli_optset *s, int c, const char *arg);
/* Whether the option with getopt value c was given (taken into s). */
int kj_cli_opt_given(const kj_cli_optset *s, int c);
/* 0 when every option given is one of allowed (getopt values, "Df"); else
 * -1 after "option '--year' does not apply to `kaiji cases list`" (what: the
 * command and subcommand). */
int kj_cli_opts_only(const kj_cli_optset *s, const char *what, const char *allowed);
/* 0 when the arguments argv[first..argc) number at most most; else -1 after
 * a one-line usage error naming the first one too many ("`kaiji cases
 * list` takes no arguments, not 'x'"). */
int kj_cli_operands_most(const char *command, const char *what, char *const *argv, int first,
                         int argc, int most);
/* kj_cli_opts_only and kj_cli_operands_most for the subcommand sub of s's
 * command (`kaiji docs list`): every option given is one of allowed, and
 * argv[first..argc) are at most most arguments (most < 0: any number). 0,
 * or -1 after the usage error. */
int kj_cli_subcommand_fits(const kj_cli_optset *s, const char *sub, const char *allowed, int most,
                           char *const *argv, int first, int argc);

/* Parse a --lang value (ja, en, auto) into *lang; 0, or -1 after an error
 * message. */
int kj_cli_parse_lang(const char *arg, kj_lang *lang);
/* Parse an --as value (text, html, pdf, docx, edinet, auto) into *format; 0,
 * or -1 after an error message. */
int kj_cli_parse_format(const char *arg, kj_format *format);

/* Parse the value arg of option opt as a whole decimal number in lo..hi
 * into *out; 0, or -1 after an error message naming the option and the
 * range ("--year must be a whole number 1900..2100, not 'abc'"). */
int kj_cli_parse_int(const char *opt, const char *arg, int lo, int hi, int *out);
/* Parse a --jobs value: a whole number 1..KJ_MAX_JOBS, or "auto" for the
 * processors online (at most KJ_MAX_JOBS); 0, or -1 after an error message. */
int kj_cli_parse_jobs(const char *arg, int *jobs);
/* The same for a decimal number (12, 0.05, 1e-3) above lo and at most hi. */
int kj_cli_parse_real(const char *opt, const char *arg, double lo, double hi, double *out);

/* Print the usage error for a --doc-type value arg that names no document
 * type: "unknown --doc-type 'arg' (securities, governance, ...)", the ids
 * kj_doctype_parse reads, then more when not NULL (what else the command
 * takes). */
void kj_cli_bad_doctype(const char *arg, const char *more);

/* Check a --format value that must be "text" or "json" (NULL = text).
 * Returns 1 for json, 0 for text, -1 (after an error message) otherwise. */
int kj_cli_text_or_json(const char *format);

/* The name path goes by in messages and results: "<stdin>" for "-". */
const char *kj_cli_name(const char *path);
/* kj_ingest_file, where path "-" reads standard input: it is copied to a
 * temporary file (in $TMPDIR, else /tmp; removed before returning; at most
 * one byte over the size limit, so that the limit is reported), read like
 * any file, and named "<stdin>" in the document and in err. Standard input
 * can be read once: callers refuse "-" given twice (kj_cli_stdin_once). */
kj_status kj_cli_ingest(const char *path, const kj_ingest_options *o, kj_document **out,
                        kj_error *err);
/* The directory temporary files go in: $TMPDIR when set and not empty,
 * else /tmp. Not owned by the caller. */
const char *kj_cli_tmpdir(void);
/* Whether "-" is among the n paths at most once; else prints an error. */
int kj_cli_stdin_once(char *const *paths, int n);

/* ---- What the store's subcommands (cases, docs) share: store_common.c ---- */

/* Open the database at db (NULL = default path) with kj_store_open flags;
 * on failure prints the error and returns NULL. */
kj_store *kj_cli_open_store(const char *db, int flags);

/* The options cases and docs have in common. */
typedef struct {
    const char *db;        /* --db PATH (NULL = default path) */
    const char *format;    /* --format text|json */
    const char *doc_type;  /* --doc-type T */
    int item, year, limit; /* --item N, --year Y, --limit K (0 = not given) */
    int json;              /* set by the caller from format (kj_cli_text_or_json) */
} kj_cli_store_opts;

/* Take getopt_long's result c and its arg into o when c is one of the
 * common options ('D' --db, 'f' --format, 't' --doc-type, 'i' --item,
 * 'y' --year, 'k' --limit): returns 1, or -1 after an error message for a
 * number out of range; 0 when c is none of them. A --doc-type that
 * kj_doctype_parse reads is taken as its type's id ("csr" as
 * "sustainability"); any other value as given, for the command to judge. */
int kj_cli_store_opt(int c, const char *arg, kj_cli_store_opts *o);
/* The query of a search subcommand: the operands argv[first..argc-1] joined
 * by single spaces. malloc'd: the caller frees it. */
char *kj_cli_search_query(int argc, char **argv, int first);
/* The search filter of the options (item, document type, year, limit). */
kj_search_filter kj_cli_search_filter(const kj_cli_store_opts *o);
/* The marks around matches in snippets: bold when text goes to a terminal,
 * else "[[" "]]" (always in JSON). */
kj_marks kj_cli_search_marks(const kj_cli_store_opts *o);

struct json_t;
/* Print j to stdout, indented by two, keys in order, and a newline; takes
 * the reference (j is decref'd). NULL (a json_pack that failed) prints an
 * error instead. */
void kj_cli_print_json(struct json_t *j);
/* A JSON string of s, or null when s is NULL, for json_pack's "o" (which
 * takes the reference): text that is not valid UTF-8 (a source file's
 * name, a --company, stored as given) has each bad byte as U+FFFD, where
 * "s" would fail the whole json_pack and the record would be lost. NULL
 * only when out of memory. */
struct json_t *kj_cli_json_text(const char *s);
/* Print the snippet s of a search for a terminal (kj_term_write) with the
 * marks m around its matches written as they are (bold on a terminal:
 * escape sequences of kaiji's own). NULL prints nothing. */
void kj_cli_put_snippet(FILE *f, const char *s, const kj_marks *m);

/* The "s" of a count's noun: "" for 1 ("1 case"), else "s" ("0 cases", "2
 * cases"). Text output only: JSON gives the number. */
#define KJ_PLURAL(n) ((n) == 1 ? "" : "s")

/* ---- One passage of free text (passage.c) ---------------------------- */

/* A passage read from free text with its matches, classification and
 * specificity (memory from the arena given to kj_cli_classify_text). */
typedef struct {
    kj_passage p;
    kj_matches mt;
    kj_classification c;
    int spec;
} kj_cli_passage;

/* Classify len bytes of text (in lang, or KJ_LANG_AUTO to detect; under
 * heading when it is neither NULL nor empty, as kj_heading_subject reads
 * it) into *out, as `classify --jsonl` reads each line. */
kj_status kj_cli_classify_text(const kj_analyzer *a, kj_scanner *sc, const char *text, size_t len,
                               kj_lang lang, const char *heading, kj_arena *ar, kj_cli_passage *out,
                               kj_error *err);

/* The features an explanation shows per item unless told (--top, or
 * --explain-items without --explain). */
#define KJ_EXPLAIN_TOP 12

/* Explain cp's items (kj_explain_item) into out (room for KJ_N_ITEMS) and
 * their number into *n: its selected items, best first, then those of
 * asked (bit N for item N) not among them; when that is none, the one item
 * the model scores highest (why the passage was given nothing). Memory
 * from ar. */
kj_status kj_cli_explain(const kj_analyzer *a, const kj_cli_passage *cp, unsigned asked,
                         kj_arena *ar, kj_explanation *out, int *n, kj_error *err);

/* Parse option opt's argument arg, a comma-separated list of items 1-10 or
 * "all", into *mask (bit N for item N, added to what it holds). Returns 0,
 * or -1 after saying what is wrong. */
int kj_cli_parse_items(const char *opt, const char *arg, unsigned *mask);

/* Exit codes shared by all commands. KJ_EXIT_INCOMPLETE: `lint --strict`
 * found nothing, but some check could not finish (kj_lint_incomplete), so
 * the text is not known to be clean. */
enum {
    KJ_EXIT_OK = 0,
    KJ_EXIT_FINDINGS = 1,
    KJ_EXIT_USAGE = 2,
    KJ_EXIT_FAIL = 3,
    KJ_EXIT_INCOMPLETE = 4
};

#endif
