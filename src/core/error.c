/*
 * error.c - the kj_error record: one status and one line a user can act on.
 */
#include "kaiji/common.h"

#include <stdio.h>
#include <string.h>

kj_status kj_error_set(kj_error *err, kj_status code, const char *fmt, ...) {
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

void kj_error_clear(kj_error *err) {
    if (err) {
        err->code = KJ_OK;
        err->msg[0] = '\0';
    }
}

const char *kj_status_name(kj_status code) {
    switch (code) {
    case KJ_OK:
        return "ok";
    case KJ_ERR_IO:
        return "I/O error";
    case KJ_ERR_FORMAT:
        return "bad format";
    case KJ_ERR_UNSUPPORTED:
        return "unsupported";
    case KJ_ERR_TOO_LARGE:
        return "too large";
    case KJ_ERR_NOMEM:
        return "out of memory";
    case KJ_ERR_ARG:
        return "invalid argument";
    case KJ_ERR_DATA:
        return "data files missing or broken";
    case KJ_ERR_DB:
        return "database error";
    case KJ_ERR_INTERNAL:
        return "internal error";
    }
    return "unknown error";
}
