/*
 * options.c - the checks of a command line that every subcommand's option
 * parsing shares, beyond what getopt_long checks: an option that takes a
 * value given twice (the first value would be dropped unseen), an empty
 * value (a path, a name or a number that is no such thing), an option that
 * the subcommand at hand does not use (docs, cases: `cases search --source`
 * would otherwise search every source) and arguments a subcommand does not
 * take. Each mistake is one line naming the option or argument, "; see
 * `kaiji help CMD`", and exit status 2.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

void kj_cli_optset_init(kj_cli_optset *s, const char *command, const struct option *longopts) {
    memset(s, 0, sizeof *s);
    s->command = command;
    s->longopts = longopts;
}

/* The option of s whose getopt value is c, or NULL (not one of them: a
 * '?' or ':' of getopt_long). */
static const struct option *option_of(const kj_cli_optset *s, int c) {
    for (const struct option *o = s->longopts; o && o->name; o++)
        if (o->val == c) return o;
    return NULL;
}

int kj_cli_opt_take(kj_cli_optset *s, int c, const char *arg) {
    const struct option *o = option_of(s, c);
    if (!o || c < 0 || c > UCHAR_MAX) return 0;
    /* a flag given twice loses nothing; a value given twice, the first */
    if (s->seen[c] && o->has_arg != no_argument) {
        kj_cli_error("option '--%s' given twice; see `kaiji help %s`", o->name, s->command);
        return -1;
    }
    s->seen[c] = 1;
    if (arg && !*arg) {
        kj_cli_error("option '--%s' has an empty value; see `kaiji help %s`", o->name, s->command);
        return -1;
    }
    return 0;
}

int kj_cli_opt_given(const kj_cli_optset *s, int c) {
    return c >= 0 && c <= UCHAR_MAX && s->seen[c];
}

int kj_cli_opts_only(const kj_cli_optset *s, const char *what, const char *allowed) {
    for (const struct option *o = s->longopts; o && o->name; o++) {
        if (!kj_cli_opt_given(s, o->val) || strchr(allowed, o->val)) continue;
        kj_cli_error("option '--%s' does not apply to `kaiji %s`; see `kaiji help %s`", o->name,
                     what, s->command);
        return -1;
    }
    return 0;
}

int kj_cli_operands_most(const char *command, const char *what, char *const *argv, int first,
                         int argc, int most) {
    if (argc - first <= most) return 0;
    if (most == 0)
        kj_cli_error("`kaiji %s` takes no arguments, not '%s'; see `kaiji help %s`", what,
                     argv[first], command);
    else
        kj_cli_error("`kaiji %s` takes at most %d argument%s, not also '%s'; see `kaiji help %s`",
                     what, most, KJ_PLURAL(most), argv[first + most], command);
    return -1;
}

int kj_cli_subcommand_fits(const kj_cli_optset *s, const char *sub, const char *allowed, int most,
                           char *const *argv, int first, int argc) {
    char what[64];
    snprintf(what, sizeof what, "%s %s", s->command, sub);
    if (kj_cli_opts_only(s, what, allowed) != 0) return -1;
    if (most >= 0 && kj_cli_operands_most(s->command, what, argv, first, argc, most) != 0)
        return -1;
    return 0;
}
