/*
 * heap_index.c - reading a store under a file size limit (ulimit -f) below
 * 32 KiB. A store in WAL mode is read through its shared index, PATH-shm,
 * which SQLite makes beside the store and sizes to 32 KiB at once: under a
 * smaller limit that write fails (EFBIG) and SQLite cannot read the store
 * at all ("disk I/O error"), however small the store. A connection in
 * SQLite's exclusive locking mode keeps that index in its own memory and
 * makes no PATH-shm; it holds the store's lock while it is open, so another
 * process waits for the store meanwhile, as it would for a writer. A store
 * opened read-only cannot take that lock: it is refused, naming the limit
 * it needs. SQLite is not asked to make PATH-shm where it cannot (it would
 * leave an empty one behind); where PATH-shm cannot grow as the WAL does,
 * its failure is seen and the store read the same way.
 */
#include "store_internal.h"

#include <errno.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>

/* The size SQLite gives PATH-shm at once: one region of the index. */
#define KJ_SHM_BYTES 32768

int kj_db_shm_wont_fit(const char *path) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_FSIZE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY ||
        rl.rlim_cur >= KJ_SHM_BYTES)
        return 0;
    char shm[4200];
    struct stat st;
    snprintf(shm, sizeof shm, "%s-shm", path);
    return stat(shm, &st) != 0 || st.st_size < KJ_SHM_BYTES;
}

int kj_db_shm_too_big(kj_store *s) {
    return sqlite3_extended_errcode(s->db) == SQLITE_IOERR_SHMSIZE &&
           sqlite3_system_errno(s->db) == EFBIG;
}

kj_status kj_db_open_heap_index(kj_store *s, kj_error *err) {
    sqlite3_close_v2(s->db);
    s->db = NULL;
    if (sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
            SQLITE_OK ||
        sqlite3_exec(s->db, "PRAGMA locking_mode = EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK)
        return kj_error_set(err, KJ_ERR_DB,
                            "%s: cannot open the database without its -shm file: %s", s->path,
                            s->db ? sqlite3_errmsg(s->db) : "out of memory");
    return KJ_OK;
}

kj_status kj_db_shm_limit(const char *path, kj_error *err) {
    struct rlimit rl;
    char limit[64] = "";
    if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        snprintf(limit, sizeof limit, " of %llu bytes", (unsigned long long)rl.rlim_cur);
    return kj_error_set(err, KJ_ERR_IO,
                        "%s: cannot read the store: SQLite needs a file size limit (ulimit -f) of "
                        "at least %d KiB to make its -shm file (%d bytes), past the limit%s",
                        path, KJ_SHM_BYTES / 1024, KJ_SHM_BYTES, limit);
}
