/*
 * io_cause.c - what lies behind SQLite's "disk I/O error" and "database or
 * disk is full" when a store cannot be written: the system's error as the
 * file that failed kept it (the store's file or its write-ahead log), told
 * in words a user can act on: the process's file size limit (ulimit -f,
 * EFBIG) or a full disk (ENOSPC). SQLite's own sqlite3_system_errno() reads
 * errno after the failure, when later calls (the rollback) have changed it.
 */
#include "store_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

/* The last system error of the store's file and of its journal or
 * write-ahead log, as each kept it; 0 for none. The log's comes first: in
 * WAL mode a transaction's pages are written there. */
static int last_file_errno(sqlite3 *db) {
    int e = 0;
    sqlite3_file *log = NULL;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &log) == SQLITE_OK && log &&
        log->pMethods &&
        log->pMethods->xFileControl(log, SQLITE_FCNTL_LAST_ERRNO, &e) == SQLITE_OK && e != 0)
        return e;
    e = 0;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_LAST_ERRNO, &e) != SQLITE_OK) return 0;
    return e;
}

/* The file size limit in words: "the file size limit (ulimit -f) of N
 * bytes", or without the number when the limit cannot be read. */
static void size_limit(char *buf, size_t n) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        snprintf(buf, n, "the file size limit (ulimit -f) of %llu bytes",
                 (unsigned long long)rl.rlim_cur);
    else
        snprintf(buf, n, "the file size limit (ulimit -f)");
}

int kj_db_io_cause(sqlite3 *db, char *buf, size_t n) {
    int code = sqlite3_extended_errcode(db) & 0xff;
    if (code != SQLITE_IOERR && code != SQLITE_FULL) return 0;
    int e = last_file_errno(db);
    /* a file whose errno SQLite keeps nowhere (a temporary file, or a
     * write made while the schema is built): the system's word, when it is
     * the file size limit's */
    if (e == 0 && sqlite3_system_errno(db) == EFBIG) e = EFBIG;
    if (e == EFBIG) {
        char limit[96];
        size_limit(limit, sizeof limit);
        snprintf(buf, n, "%s: the store cannot grow past %s", sqlite3_errmsg(db), limit);
        return 1;
    }
    if (code == SQLITE_FULL || e == ENOSPC) {
        snprintf(buf, n,
                 "%s: no space is left on the disk that holds the store (or SQLite's temporary "
                 "files)",
                 sqlite3_errmsg(db));
        return 1;
    }
    if (e != 0) {
        snprintf(buf, n, "%s (%s)", sqlite3_errmsg(db), strerror(e));
        return 1;
    }
    return 0;
}
