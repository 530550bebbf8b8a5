/*
 * zipfile.c - the zip archives kaiji reads (an EDINET filing's .zip, a
 * DOCX, a PPTX): opening one and reading a member, with errors in a user's
 * words. libzip says "Not a zip archive" of a download cut short, and
 * "Invalid argument" of a member whose data is not where the archive's list
 * of members says; kaiji says what is wrong with the file instead.
 */
#include "ingest_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

/* Whether the file at path starts as a zip archive does (a member's local
 * header): then an archive whose end libzip cannot find was cut short. */
static bool starts_as_zip(const char *path) {
    char head[4];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    ssize_t n = read(fd, head, sizeof head);
    close(fd);
    return n == 4 && !memcmp(head, "PK\x03\x04", 4);
}

kj_status kj_zip_open(const char *path, const char *what, struct zip **out, kj_error *err) {
    int code = 0;
    *out = zip_open(path, ZIP_RDONLY, &code);
    if (*out) return KJ_OK;
    int sys = errno;
    switch (code) {
    case ZIP_ER_NOZIP:
        if (starts_as_zip(path))
            return kj_error_set(
                err, KJ_ERR_FORMAT,
                "%s: not a complete %s (its end, which lists its members, is missing: "
                "truncated?)",
                path, what);
        return kj_error_set(err, KJ_ERR_FORMAT, "%s: not a %s%s", path, what,
                            strcmp(what, "zip archive") ? " (not a zip archive)" : "");
    case ZIP_ER_INCONS:
        return kj_error_set(err, KJ_ERR_FORMAT,
                            "%s: a damaged %s (its list of members does not match its contents)",
                            path, what);
    case ZIP_ER_MEMORY:
        return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory opening the zip archive", path);
    case ZIP_ER_OPEN:
    case ZIP_ER_READ:
    case ZIP_ER_SEEK:
        return kj_error_set(err, KJ_ERR_IO, "%s: cannot read: %s", path, strerror(sys));
    default: {
        zip_error_t ze;
        zip_error_init_with_code(&ze, code);
        kj_status st = kj_error_set(err, KJ_ERR_FORMAT, "%s: not a readable %s (%s)", path, what,
                                    zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return st;
    }
    }
}

/* Why member name of path cannot be read, from libzip's error ze. */
static kj_status member_error(const char *path, const char *name, zip_error_t *ze, kj_error *err) {
    const char *why;
    switch (zip_error_code_zip(ze)) {
    case ZIP_ER_CRC:
        why = "is damaged (its data does not match its checksum)";
        break;
    case ZIP_ER_ZLIB:
    case ZIP_ER_COMPRESSED_DATA:
        why = "is damaged (its compressed data does not decompress)";
        break;
    case ZIP_ER_SEEK:
    case ZIP_ER_READ:
    case ZIP_ER_EOF:
    case ZIP_ER_INCONS:
    case ZIP_ER_INVAL: /* libzip 1.7, of a local header not where the list says */
        why = "is not where the zip archive's list of members says (the archive is damaged or "
              "cut short)";
        break;
    case ZIP_ER_ENCRNOTSUPP:
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
        why = "is encrypted";
        break;
    case ZIP_ER_COMPNOTSUPP:
        why = "is compressed by a method kaiji cannot read";
        break;
    case ZIP_ER_MEMORY:
        return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory reading %s", path, name);
    default:
        return kj_error_set(err, KJ_ERR_FORMAT, "%s: cannot read %s: %s", path, name,
                            zip_error_strerror(ze));
    }
    return kj_error_set(err, KJ_ERR_FORMAT, "%s: %s %s", path, name, why);
}

kj_status kj_zip_read_member(struct zip *z, long long index, const char *path, const char *name,
                             size_t used, size_t max, char **out, size_t *len, kj_error *err) {
    *out = NULL;
    *len = 0;
    zip_file_t *zf = zip_fopen_index(z, (zip_uint64_t)index, 0);
    if (!zf) return member_error(path, name, zip_get_error(z), err);
    kj_buf buf = KJ_BUF_INIT;
    char chunk[65536];
    kj_status st = KJ_OK;
    for (;;) {
        zip_int64_t r = zip_fread(zf, chunk, sizeof chunk);
        if (r < 0) {
            st = member_error(path, name, zip_file_get_error(zf), err);
            break;
        }
        if (r == 0) break;
        if (used > max || buf.len + (size_t)r > max - used) {
            st = used ? kj_error_set(err, KJ_ERR_TOO_LARGE,
                                     "%s: its members decompress to more than the limit of %zu "
                                     "bytes together (%zu bytes before %s)",
                                     path, max, used, name)
                      : kj_error_set(err, KJ_ERR_TOO_LARGE,
                                     "%s: %s decompresses to more than the limit of %zu bytes",
                                     path, name, max);
            break;
        }
        if (kj_buf_append(&buf, chunk, (size_t)r) != KJ_OK) {
            st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
            break;
        }
    }
    zip_fclose(zf);
    if (st != KJ_OK) {
        kj_buf_free(&buf);
        return st;
    }
    *len = buf.len;
    *out = buf.data ? kj_buf_steal(&buf) : strdup("");
    return *out ? KJ_OK : kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
}
