/*
 * jsonl.c - the labelled passages kaiji learns from (data/train) and tunes on
 * (data/calibrate): every *.jsonl file of a directory in name order, one
 * JSON object a line with a "text" string and an optional "lang". Training
 * and calibration read them the same way, so a file that one accepts the
 * other does too, and a bad line is reported by file and line number.
 */
#include "model_internal.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The objects of the lines of path, each handed to fn. */
static kj_status each_line(const char *path, kj_jsonl_fn fn, void *ud, kj_error *err) {
    FILE *f = fopen(path, "r");
    if (!f) return kj_error_set(err, KJ_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    int lineno = 0;
    kj_status st = KJ_OK;
    ssize_t len;
    while (st == KJ_OK && (len = getline(&line, &cap, f)) > 0) {
        size_t n;
        const char *l = kj_jsonl_line(line, (size_t)len, (size_t)++lineno, &n);
        if (n == 0) continue;
        json_t *obj = json_loadb(l, n, 0, NULL);
        const char *text = obj ? json_string_value(json_object_get(obj, "text")) : NULL;
        if (!text) {
            st = kj_error_set(err, KJ_ERR_DATA, "%s:%d: not a JSON object with \"text\"", path,
                              lineno);
        } else {
            const char *lang = json_string_value(json_object_get(obj, "lang"));
            int lg = lang ? kj_lang_parse(lang) : KJ_LANG_AUTO;
            st = fn(path, lineno, obj, text, lg < 0 ? KJ_LANG_AUTO : (kj_lang)lg, ud, err);
        }
        json_decref(obj);
    }
    free(line);
    fclose(f);
    return st;
}

kj_status kj_jsonl_dir_each(const char *dir, kj_jsonl_fn fn, void *ud, kj_error *err) {
    struct dirent **ents;
    int n = scandir(dir, &ents, NULL, alphasort);
    if (n < 0)
        return kj_error_set(err, KJ_ERR_IO, "%s: cannot read directory: %s", dir, strerror(errno));
    kj_status st = KJ_OK;
    for (int i = 0; i < n; i++) {
        size_t l = strlen(ents[i]->d_name);
        if (st == KJ_OK && l > 6 && strcmp(ents[i]->d_name + l - 6, ".jsonl") == 0) {
            char path[PATH_MAX];
            snprintf(path, sizeof path, "%s/%s", dir, ents[i]->d_name);
            st = each_line(path, fn, ud, err);
        }
        free(ents[i]);
    }
    free(ents);
    return st;
}
