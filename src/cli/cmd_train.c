/*
 * cmd_train.c - `kaiji train`: retrain the item and element models from the
 * labelled passages in data/train (what `make model` runs).
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "commands.h"
#include "kaiji/classify.h"
#include "kaiji/text.h"

int cmd_train(int argc, char **argv) {
    kj_train_options o = {NULL, NULL, NULL, 1.0, 5, 1e-3, 1, 0, 0, {0, 0}, NULL};
    static const struct option opts[] = {{"train", required_argument, 0, 't'},
                                         {"out", required_argument, 0, 'o'},
                                         {"lexicon", required_argument, 0, 'l'},
                                         {"C", required_argument, 0, 'C'},
                                         {"folds", required_argument, 0, 'f'},
                                         {"mix", required_argument, 0, 'm'},
                                         {"spans", no_argument, 0, 's'},
                                         {"whole", required_argument, 0, 'w'},
                                         {"calibrate", required_argument, 0, 'k'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    opterr = 0;
    kj_cli_optset seen;
    kj_cli_optset_init(&seen, "train", opts);
    while ((c = getopt_long(argc, argv, ":t:o:l:C:f:m:sw:k:q", opts, NULL)) != -1) {
        if (kj_cli_opt_take(&seen, c, optarg) != 0) return KJ_EXIT_USAGE;
        switch (c) {
        case 't':
            o.train_dir = optarg;
            break;
        case 'o':
            o.out_dir = optarg;
            break;
        case 'l':
            o.lexicon_dir = optarg;
            break;
        case 'C':
            if (kj_cli_parse_real("--C", optarg, 0, 1e6, &o.C) != 0) return KJ_EXIT_USAGE;
            break;
        case 'f':
            if (kj_cli_parse_int("--folds", optarg, 2, 100, &o.folds) != 0) return KJ_EXIT_USAGE;
            break;
        case 'm':
            if (kj_cli_parse_int("--mix", optarg, 0, 1000000, &o.mix) != 0) return KJ_EXIT_USAGE;
            break;
        case 's':
            o.spans = 1;
            break;
        case 'w':
            if (!kj_lang_list_parse(optarg, ',', o.whole_only)) {
                kj_cli_error("--whole takes ja, en or ja,en, not '%s'", optarg);
                return KJ_EXIT_USAGE;
            }
            break;
        case 'k':
            o.calibrate_dir = optarg;
            break;
        case 'q':
            o.verbose = 0;
            break;
        default:
            return kj_cli_bad_option("train", c, argv, opts);
        }
    }
    if (!o.train_dir || !o.out_dir) {
        kj_cli_error("train needs --%s DIR; see `kaiji help train`",
                     !o.train_dir ? "train" : "out");
        return KJ_EXIT_USAGE;
    }
    if (kj_cli_operands_most("train", "train", argv, optind, argc, 0) != 0) return KJ_EXIT_USAGE;
    kj_error err = {0};
    if (kj_train(&o, &err) != KJ_OK) {
        kj_cli_report(&err);
        return KJ_EXIT_FAIL;
    }
    return KJ_EXIT_OK;
}
