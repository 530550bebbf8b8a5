/*
 * as_is.c - reading a store in a directory kaiji may not write to (a
 * read-only share, a CD, a directory of another user). A store in WAL mode
 * is read through its shared index, PATH-shm, which SQLite makes beside the
 * store when it is not there; where it cannot, SQLite cannot read the store
 * at all. The store is then opened as SQLite's "immutable" file, read as it
 * is on the disk without the index or locks, when that is all there is to
 * read: no PATH-wal holding changes not yet written into the store, which
 * only the index can read (and which reading without it would silently
 * leave out). Writing there is refused: SQLite would need to make PATH-wal.
 */
#include "store_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void kj_db_dir_of(const char *path, char *out, size_t n) {
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(out, n, ".");
    else if (slash == path)
        snprintf(out, n, "/");
    else
        snprintf(out, n, "%.*s", (int)(slash - path), path);
}

int kj_db_dir_errno(const char *path) {
    char dir[4096];
    kj_db_dir_of(path, dir, sizeof dir);
    return access(dir, W_OK) == 0 ? 0 : errno;
}

int kj_db_index_blocked(kj_store *s) {
    int code = sqlite3_extended_errcode(s->db) & 0xff;
    return (code == SQLITE_READONLY || code == SQLITE_CANTOPEN) && kj_db_dir_errno(s->path) != 0;
}

kj_status kj_db_dir_read_only(const char *path, kj_error *err) {
    char dir[4096];
    kj_db_dir_of(path, dir, sizeof dir);
    int e = kj_db_dir_errno(path);
    return kj_error_set(err, KJ_ERR_IO,
                        "%s: cannot write to the store: its directory %s cannot be written to "
                        "(%s), where SQLite keeps the store's -wal and -shm files",
                        path, dir, strerror(e ? e : EACCES));
}

/* "file:" and path as an SQLite URI (its bytes other than letters, digits,
 * '/', '.', '-', '_' and '~' as %XX; an absolute path after an empty
 * authority, so that "//host/x" stays a path), "?immutable=1" after it.
 * Returned malloc'd, NULL when out of memory. */
static char *immutable_uri(const char *path) {
    static const char hex[] = "0123456789ABCDEF";
    static const char tail[] = "?immutable=1";
    size_t len = strlen(path), size = len * 3 + 32;
    char *uri = malloc(size);
    if (!uri) return NULL;
    char *o = uri + snprintf(uri, size, "%s", path[0] == '/' ? "file://" : "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/.-_~", *p)) {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    memcpy(o, tail, sizeof tail); /* 12 bytes and its NUL: 32 were kept for it and the scheme */
    return uri;
}

/* A PATH-wal that holds anything: changes that may not yet be in the
 * store (a writer was stopped before it wrote them back, or is writing). */
static int wal_holds_changes(const char *path, char *wal, size_t n) {
    struct stat st;
    snprintf(wal, n, "%s-wal", path);
    return stat(wal, &st) == 0 && st.st_size > 0;
}

kj_status kj_db_open_as_is(kj_store *s, kj_error *err) {
    char wal[4200], dir[4096];
    if (wal_holds_changes(s->path, wal, sizeof wal)) {
        kj_db_dir_of(s->path, dir, sizeof dir);
        int e = kj_db_dir_errno(s->path);
        return kj_error_set(err, KJ_ERR_IO,
                            "%s: cannot read the store: %s holds changes not yet written into it, "
                            "which SQLite reads only through a -shm file it cannot make in %s "
                            "(%s); open the store once where its directory can be written to, or "
                            "copy it with %s to a directory you may write to",
                            s->path, wal, dir, strerror(e ? e : EACCES), wal);
    }
    char *uri = immutable_uri(s->path);
    if (!uri) return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", s->path);
    sqlite3_close_v2(s->db);
    s->db = NULL;
    int rc = sqlite3_open_v2(uri, &s->db,
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    free(uri);
    if (rc != SQLITE_OK)
        return kj_error_set(err, KJ_ERR_DB, "%s: cannot open the database as it is: %s", s->path,
                            s->db ? sqlite3_errmsg(s->db) : "out of memory");
    s->as_is = 1;
    return KJ_OK;
}
