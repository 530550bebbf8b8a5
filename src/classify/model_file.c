/*
 * model_file.c - model.tsv's last line, "end N", N the number of lines
 * before it. `kaiji train` writes it, and its calibration writes it again
 * after the lines it adds; kj_model_load refuses a model without it or
 * whose count differs from its lines. A model cut short at a line's end (a
 * copy or a disk that filled up) or one that lost lines loaded before with
 * the weights, thresholds and short-passage factors it still had, and
 * scored quietly wrong.
 */
#include "model_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Newlines in len bytes at s. */
static size_t newlines(const char *s, size_t len) {
    size_t n = 0;
    for (const char *p = s, *end = s + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
        n++;
    return n;
}

kj_status kj_model_write(const char *path, const char *body, size_t len, kj_error *err) {
    if (len && body[len - 1] != '\n')
        return kj_error_set(err, KJ_ERR_ARG, "%s: a model's lines end with a newline", path);
    char end[48];
    int n = snprintf(end, sizeof end, KJ_MODEL_END " %zu\n", newlines(body, len));
    const void *parts[2] = {body, end};
    size_t lens[2] = {len, (size_t)n};
    if (kj_write_file_replace(path, parts, lens, 2) != 0)
        return kj_error_set(err, KJ_ERR_IO, "%s: write failed: %s; left as it was", path,
                            strerror(errno));
    return KJ_OK;
}

/* The count of the end line at line (its bytes up to its newline), or -1
 * when it is no end line: "end", one space, decimal digits only. */
static long long end_count(const char *line, size_t len) {
    size_t k = sizeof KJ_MODEL_END; /* "end" and the space */
    if (len <= k || memcmp(line, KJ_MODEL_END " ", k) != 0 || len - k > 12) return -1;
    long long v = 0;
    for (; k < len; k++) {
        if (line[k] < '0' || line[k] > '9') return -1;
        v = v * 10 + (line[k] - '0');
    }
    return v;
}

kj_status kj_model_body(const char *path, const char *data, size_t len, size_t *body,
                        kj_error *err) {
    if (len == 0 || data[len - 1] != '\n')
        return kj_error_set(
            err, KJ_ERR_DATA,
            "%s: truncated (its last line is incomplete); retrain it (`make model`)", path);
    size_t start = len - 1; /* of the last line */
    while (start > 0 && data[start - 1] != '\n')
        start--;
    long long said = end_count(data + start, len - 1 - start);
    if (said < 0)
        return kj_error_set(err, KJ_ERR_DATA,
                            "%s: truncated (no \"" KJ_MODEL_END
                            " N\" line at its end, which `kaiji train` writes); retrain it "
                            "(`make model`)",
                            path);
    size_t lines = newlines(data, start);
    if ((unsigned long long)said != lines)
        return kj_error_set(err, KJ_ERR_DATA,
                            "%s: %zu lines before its end line, which counts %lld: lines were "
                            "lost or added; retrain it (`make model`)",
                            path, lines, said);
    *body = start;
    return KJ_OK;
}
