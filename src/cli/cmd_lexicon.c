/*
 * cmd_lexicon.c - `kaiji lexicon info|compile`: show what the lexicon holds,
 * and precompile its Vectorscan databases (lexicon.hsdb beside the TSV
 * files) so every later run starts without compiling them. `make` runs
 * `kaiji lexicon compile` after building.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "kaiji/match.h"

int cmd_lexicon(int argc, char **argv) {
    static const struct option opts[] = {{"dir", required_argument, 0, 'd'}, {0, 0, 0, 0}};
    const char *dir = NULL;
    int c;
    optind = 1;
    opterr = 0;
    kj_cli_optset seen;
    kj_cli_optset_init(&seen, "lexicon", opts);
    while ((c = getopt_long(argc, argv, ":d:", opts, NULL)) != -1) {
        if (kj_cli_opt_take(&seen, c, optarg) != 0) return KJ_EXIT_USAGE;
        if (c != 'd') return kj_cli_bad_option("lexicon", c, argv, opts);
        dir = optarg;
    }
    const char *sub = optind < argc ? argv[optind] : NULL;
    if (!sub) {
        kj_cli_error("lexicon needs a subcommand, info or compile; see `kaiji help lexicon`");
        return KJ_EXIT_USAGE;
    }
    if (strcmp(sub, "info") != 0 && strcmp(sub, "compile") != 0) {
        kj_cli_error("lexicon: unknown subcommand '%s' (info, compile); see `kaiji help lexicon`",
                     sub);
        return KJ_EXIT_USAGE;
    }
    if (kj_cli_operands_most("lexicon",
                             strcmp(sub, "info") == 0 ? "lexicon info" : "lexicon compile", argv,
                             optind + 1, argc, 0) != 0)
        return KJ_EXIT_USAGE;
    kj_error err = {0};
    kj_lexicon *lex;
    if (kj_lexicon_load(dir, &lex, &err) != KJ_OK) {
        kj_cli_report(&err);
        return KJ_EXIT_FAIL;
    }
    int rc = KJ_EXIT_OK;
    if (strcmp(sub, "compile") == 0) {
        if (kj_lexicon_save_compiled(lex, dir, &err) != KJ_OK) {
            kj_cli_report(&err);
            rc = KJ_EXIT_FAIL;
        } else {
            printf("lexicon %s: %zu term%s compiled\n", kj_lexicon_version(lex),
                   kj_lexicon_size(lex), KJ_PLURAL(kj_lexicon_size(lex)));
        }
    } else {
        size_t per_item[11] = {0};
        for (unsigned i = 0; i < kj_lexicon_size(lex); i++)
            per_item[kj_lexicon_term(lex, i)->item]++;
        printf("lexicon %s: %zu term%s (%s)\n", kj_lexicon_version(lex), kj_lexicon_size(lex),
               KJ_PLURAL(kj_lexicon_size(lex)),
               kj_lexicon_precompiled(lex) ? "precompiled database" : "compiled at load");
        for (int it = 0; it <= 10; it++)
            printf("  item %2d: %zu term%s\n", it, per_item[it], KJ_PLURAL(per_item[it]));
    }
    kj_lexicon_free(lex);
    return rc;
}
