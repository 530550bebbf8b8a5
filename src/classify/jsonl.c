/*
 * jsonl.c - the labelled passages kaiji learns from (data/train) and tunes on
 * (data/calibrate): every *.jsonl file of a directory in name order, one
 * JSON object a line with a "text" string, its labels ("items", and
 * optionally "elements") and an optional "lang". Training
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

/* What is wrong with the labels of a line's object obj, into why (n
 * bytes); 0 when nothing is. "items" is an array of the items 1-10,
 * "elements" (optional) one of element ids of those items, "lang"
 * (optional) "ja", "en" or "auto". Labels read otherwise were dropped
 * without a word: the passage then taught that it was about none. */
static int bad_labels(json_t *obj, char *why, size_t n) {
    json_t *items = json_object_get(obj, "items"), *els = json_object_get(obj, "elements");
    json_t *lang = json_object_get(obj, "lang"), *v;
    size_t i;
    unsigned have = 0;
    if (lang && !json_is_null(lang) && kj_lang_parse(json_string_value(lang)) < 0)
        return snprintf(why, n, "\"lang\" must be \"ja\" or \"en\"") > 0;
    if (!json_is_array(items))
        return snprintf(why, n, "no \"items\" array (use [] for a passage about none)") > 0;
    json_array_foreach(items, i, v) {
        json_int_t it = json_is_integer(v) ? json_integer_value(v) : 0;
        if (it < 1 || it > KJ_N_ITEMS)
            return snprintf(why, n, "\"items\" holds something other than an item 1-10") > 0;
        have |= 1u << it;
    }
    if (els && !json_is_null(els) && !json_is_array(els))
        return snprintf(why, n, "\"elements\" is not an array") > 0;
    json_array_foreach(els, i, v) {
        const char *id = json_string_value(v);
        int el = id ? kj_element_parse(id) : -1;
        if (el < 0)
            return snprintf(why, n, "\"elements\" holds something other than an element id") > 0;
        if (!(have >> kj_element_item(el) & 1))
            return snprintf(why, n, "element %s of an item not in \"items\"", id) > 0;
    }
    return 0;
}

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
        json_error_t je;
        json_t *obj = json_loadb(l, n, JSON_REJECT_DUPLICATES, &je);
        const char *text = obj ? json_string_value(json_object_get(obj, "text")) : NULL;
        char why[128];
        if (!obj) {
            st = kj_error_set(err, KJ_ERR_DATA, "%s:%d: not JSON: %s", path, lineno, je.text);
        } else if (!text) {
            st = kj_error_set(err, KJ_ERR_DATA, "%s:%d: not a JSON object with \"text\"", path,
                              lineno);
        } else if (bad_labels(obj, why, sizeof why)) {
            st = kj_error_set(err, KJ_ERR_DATA, "%s:%d: %s", path, lineno, why);
        } else {
            const char *lang = json_string_value(json_object_get(obj, "lang"));
            int lg = lang ? kj_lang_parse(lang) : KJ_LANG_AUTO;
            st = fn(path, lineno, obj, text, lg < 0 ? KJ_LANG_AUTO : (kj_lang)lg, ud, err);
        }
        json_decref(obj);
    }
    /* a read error (a directory named *.jsonl) is no end of the file */
    if (st == KJ_OK && ferror(f))
        st = kj_error_set(err, KJ_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
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

uint32_t kj_jsonl_labels(json_t *obj) {
    uint32_t bits = 0;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(obj, "items"), i, v) {
        json_int_t it = json_integer_value(v);
        if (it >= 1 && it <= KJ_N_ITEMS) bits |= (1u << (it - 1)) | (1u << KJ_LABEL_RELEVANT);
    }
    json_array_foreach(json_object_get(obj, "elements"), i, v) {
        int e = json_is_string(v) ? kj_element_parse(json_string_value(v)) : -1;
        if (e >= 0) bits |= 1u << (KJ_N_ITEMS + e);
    }
    return bits;
}
