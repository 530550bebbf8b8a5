/*
 * test_lint_lead.c - unit tests of the lint's lead literals: the literals
 * every match of a pattern begins with (kj_lead_literals, lead_lit.c) are
 * derived exactly where they can be and not at all where they cannot (an
 * option such as (?i), a branch that begins with a wide class, a match
 * that may be empty); one scan finds where each pattern's literals start
 * (kj_lint_starts, lint_lead.c); and a pattern tried only there finds what
 * its twin searched at every position finds, or nothing where its
 * literals are absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "assess/lint_internal.h"
#include "helpers.h"

/* Whether pattern derives exactly the literals of want (NULL-ended, in
 * bytewise order); a want of {NULL} is none derived. */
static void derives(const char *pattern, const char *const *want) {
    kj_lead_lit *v = NULL;
    int n = kj_lead_literals(pattern, &v), k = 0;
    for (; want[k]; k++) {
        if (k >= n) fail_msg("%s: %d literals, wanted more (%s)", pattern, n, want[k]);
        if (v[k].len != strlen(want[k]) || memcmp(v[k].s, want[k], v[k].len) != 0)
            fail_msg("%s: literal %d is \"%.*s\", wanted \"%s\"", pattern, k, v[k].len, v[k].s,
                     want[k]);
    }
    if (n != k) fail_msg("%s: %d literals, wanted %d", pattern, n, k);
    if (!n) assert_null(v);
    free(v);
}

static void test_lead_literals(void **state) {
    (void)state;
    derives("backups?|back up", (const char *[]){"back up", "backup", NULL});
    /* look-arounds and \b are zero width; a group's branches multiply */
    derives("(?<![a-z])(?:do|does) not\\b", (const char *[]){"do not", "does not", NULL});
    derives("(?=x)(?<hit>ab)", (const char *[]){"ab", NULL});
    /* an optional piece: with and without it */
    derives("(?:foo )?bar", (const char *[]){"bar", "foo bar", NULL});
    derives("deep[ \\-]?guard", (const char *[]){"deep guard", "deep-guard", "deepguard", NULL});
    /* a class of a few characters is those; a repeat ends the literals */
    derives("[(\\[【]v\\d", (const char *[]){"(v", "[v", "【v", NULL});
    derives("ab+c", (const char *[]){"ab", NULL});
    derives("abc\\d+x", (const char *[]){"abc", NULL});
    /* the shorter of two that begin alike */
    derives("logs?|log review|login", (const char *[]){"log", NULL});
    /* none: a branch or a match that may begin with anything */
    derives("a|[a-z]x", (const char *[]){NULL});
    derives("[^a]b", (const char *[]){NULL});
    derives("x*y", (const char *[]){NULL});
    derives("(?:ab)?", (const char *[]){NULL});
    derives("(?=ab)", (const char *[]){NULL});
    derives(".ab", (const char *[]){NULL});
    /* none: what the derivation does not know */
    derives("(?i)abc", (const char *[]){NULL});
    derives("ab(?i)c", (const char *[]){NULL});
    derives("(?i:ab)c", (const char *[]){NULL});
    derives("\\Gab", (const char *[]){NULL});
    derives("(a)\\1", (const char *[]){NULL});
    derives("ab(*SKIP)c", (const char *[]){NULL});
    derives("\\x41b", (const char *[]){NULL});
    derives("ab{", (const char *[]){NULL});
    derives("(ab", (const char *[]){NULL});
}

/* A lint data directory: rule lead's pattern is tried where its literals
 * start (lead literals "backup", "snapshot"); rule twin's is the same
 * pattern after a comment, which the derivations do not know, so it is
 * searched at every position, unfiltered; rule caseless's has (?i); rule
 * inner's literal "ab" may start inside its other, "xabcy", and so be
 * found before it; rule ctxlead's context begins with "vault room",
 * "archive site" ... (whose words, which the prefilter looks for, may be
 * apart), and ctxtwin's is the same after a comment. */
static void write_lead_rules(const char *dir) {
    kj_test_write_file(dir, "rules.tsv",
                       "lead\twarning\t先頭\tLead\t理由\tWhy\t方法\tHow\n"
                       "twin\twarning\t双子\tTwin\t理由\tWhy\t方法\tHow\n"
                       "caseless\twarning\t大小\tCaseless\t理由\tWhy\t方法\tHow\n"
                       "inner\twarning\t内側\tInner\t理由\tWhy\t方法\tHow\n"
                       "ctxlead\twarning\t文脈\tCtx\t理由\tWhy\t方法\tHow\n"
                       "ctxtwin\twarning\t文脈双子\tCtx twin\t理由\tWhy\t方法\tHow\n");
    kj_test_write_file(dir, "products.tsv", "ExampleGuard\tproduct\n");
    kj_test_write_file(
        dir, "patterns.tsv",
        "lead\t-\t(?<![a-z])(?:backups?|snapshots?)(?: [a-z]+){0,2}? (?:in|at) (?<hit>[a-z]+)\t-\t"
        "x\n"
        "twin\t-\t(?#same)(?<![a-z])(?:backups?|snapshots?)(?: [a-z]+){0,2}? (?:in|at) "
        "(?<hit>[a-z]+)\t-\tx\n"
        "caseless\t-\t(?i)vault\\d\t-\tx\n"
        "inner\t-\txabcy|ab\t-\tx\n"
        "ctxlead\t-\tbackups? (?:in|at) (?<hit>[a-z]+)\t(?:vault|archive)s? (?:room|site)\\b\tx\n"
        "ctxtwin\t-\tbackups? (?:in|at) (?<hit>[a-z]+)\t(?#same)(?:vault|archive)s? "
        "(?:room|site)\\b\tx\n");
}

/* The findings of rule in r, as "start-end" spans. */
static void spans(const kj_lint_result *r, const char *rule, char *out, size_t n) {
    size_t at = 0;
    out[0] = '\0';
    for (size_t i = 0; i < r->n && at < n; i++)
        if (strcmp(r->items[i].rule, rule) == 0)
            at +=
                (size_t)snprintf(out + at, n - at, "%zu-%zu ", r->items[i].start, r->items[i].end);
}

static void test_lead_search(void **state) {
    (void)state;
    char dir[64];
    kj_test_tmpdir(dir, sizeof dir, "kaiji-lint-lead-");
    write_lead_rules(dir);
    kj_linter *l = NULL;
    kj_error err = {0};
    if (kj_linter_load(dir, &l, &err) != KJ_OK) fail_msg("%s", err.msg);
    assert_int_equal(l->n_pats, 6);
    assert_true(l->pats[0].lead && l->pats[3].lead && l->pats[4].ctx_lead);
    assert_false(l->pats[1].lead || l->pats[2].lead || l->pats[5].ctx_lead);
    assert_non_null(l->lead_db);
    /* texts with the literals near one another, overlapping, at the ends,
     * inside words, after multibyte text; and without them */
    static const char *const texts[] = {
        "Backups in tokyo and snapshots at osaka, backup kept at nagoya.",
        "snapshot at a backups at b backup in c snapshots in d",
        "The backup snapshot was taken at night, then a backup at dawn",
        "xbackups in tokyo; rebackup at osaka; backup in",
        "東京のバックアップ backup in sendai とスナップショット snapshot at kobe",
        "backupbackup at x snapshotsnapshot in y",
        "Tapes in the vault room; backups at osaka and a backup in kobe.",
        "The archive site: backup at sendai",
        "Our vault is in the room, backup at sendai",
        "Nothing here is stored anywhere in particular."};
    int lead_found = 0, ctx_found = 0;
    kj_arena *ar = kj_arena_new();
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        kj_passage p;
        kj_test_passage(ar, NULL, texts[t], KJ_LANG_EN, &p, NULL);
        kj_passages ps = {.items = &p, .n = 1};
        kj_lint_result r;
        assert_int_equal(kj_lint_passages(l, &ps, NULL, NULL, NULL, KJ_SEV_NOTE, ar, &r, &err),
                         KJ_OK);
        char a[512], b[512], c[512], d[512];
        spans(&r, "lead", a, sizeof a);
        spans(&r, "twin", b, sizeof b);
        if (strcmp(a, b) != 0) fail_msg("\"%s\": lead %s, twin %s", texts[t], a, b);
        lead_found += a[0] != '\0';
        spans(&r, "ctxlead", c, sizeof c);
        spans(&r, "ctxtwin", d, sizeof d);
        if (strcmp(c, d) != 0) fail_msg("\"%s\": ctxlead %s, ctxtwin %s", texts[t], c, d);
        ctx_found += c[0] != '\0';
        if (t + 1 == sizeof texts / sizeof *texts) assert_string_equal(a, "");
    }
    assert_int_equal(lead_found, 7); /* all but 3, 5 and the last: in 3 and 5 each is in a word
                                        or ends it */
    assert_int_equal(ctx_found, 2);  /* 6 and 7; in 8 the words are apart */
    /* a heading's context reads the passage it heads too */
    kj_passage hp;
    kj_test_passage(ar, NULL, "The vault room is offsite.", KJ_LANG_EN, &hp, NULL);
    static const char h0[] = "Backup at Nagoya";
    kj_heading h = {.text = h0, .len = sizeof h0 - 1, .lang = KJ_LANG_EN, .line = 1, .before = 0};
    kj_passages hps = {.items = &hp, .n = 1, .headings = &h, .n_headings = 1};
    kj_lint_result hr;
    assert_int_equal(kj_lint_passages(l, &hps, NULL, NULL, NULL, KJ_SEV_NOTE, ar, &hr, &err),
                     KJ_OK);
    char hc[64], hd[64];
    spans(&hr, "ctxlead", hc, sizeof hc);
    spans(&hr, "ctxtwin", hd, sizeof hd);
    assert_string_equal(hc, "10-16 ");
    assert_string_equal(hd, "10-16 ");
    /* a caseless pattern is searched everywhere and finds its word */
    kj_passage p;
    kj_test_passage(ar, NULL, "The VAULT7 and vault8 keys.", KJ_LANG_EN, &p, NULL);
    kj_passages ps = {.items = &p, .n = 1};
    kj_lint_result r;
    assert_int_equal(kj_lint_passages(l, &ps, NULL, NULL, NULL, KJ_SEV_NOTE, ar, &r, &err), KJ_OK);
    char c[128];
    spans(&r, "caseless", c, sizeof c);
    assert_string_equal(c, "4-10 15-21 ");
    kj_arena_free(ar);
    kj_linter_free(l);
    kj_test_rmtree(dir);
}

/* The scan gives each lead pattern its literals' starts, ascending (though
 * reported by their ends), one inside another too; the rest none. */
static void test_lead_starts(void **state) {
    (void)state;
    char dir[64];
    kj_test_tmpdir(dir, sizeof dir, "kaiji-lint-starts-");
    write_lead_rules(dir);
    kj_linter *l = NULL;
    kj_error err = {0};
    if (kj_linter_load(dir, &l, &err) != KJ_OK) fail_msg("%s", err.msg);
    kj_lint_starts *st = kj_lint_starts_new(l);
    assert_non_null(st);
    static const char text[] = "a snapshotbackup, snapshot backupsnapshot xabcy";
    assert_int_equal(kj_lint_starts_scan(st, text, sizeof text - 1), 1);
    size_t n;
    const size_t *at = kj_lint_starts_of(st, 0, 0, &n);
    static const size_t want[] = {2, 10, 18, 27, 33};
    assert_int_equal(n, 5);
    for (size_t k = 0; k < n; k++)
        assert_int_equal(at[k], want[k]);
    assert_null(kj_lint_starts_of(st, 1, 0, &n));
    assert_int_equal(n, 0);
    /* "ab" ends before "xabcy" does, and starts after it */
    at = kj_lint_starts_of(st, 3, 0, &n);
    assert_int_equal(n, 2);
    assert_int_equal(at[0], 42);
    assert_int_equal(at[1], 43);
    assert_null(kj_lint_starts_of(st, 6, 0, &n)); /* no such pattern */
    /* a text without them: none */
    assert_int_equal(kj_lint_starts_scan(st, "nothing", 7), 1);
    assert_null(kj_lint_starts_of(st, 0, 0, &n));
    assert_int_equal(n, 0);
    kj_lint_starts_free(st);
    kj_linter_free(l);
    kj_test_rmtree(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lead_literals),
        cmocka_unit_test(test_lead_search),
        cmocka_unit_test(test_lead_starts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
