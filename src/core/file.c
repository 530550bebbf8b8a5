/*
 * file.c - reading whole files with clear errors (regular files only: a
 * FIFO or a device could block or never end), walking the lines of a data
 * file in place and its entries (the lines that are neither blank nor
 * comments: kj_data_next_entry, which the loaders of data/ tables use),
 * replacing a cache file whole, giving back the memory of what a reader has
 * been through (kj_mem_discard), and finding kaiji's data directory
 * (lexicons, model, templates) at run time.
 */
#include "kaiji/common.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* f read to its end into a buffer of cap bytes at first, grown as needed
 * (*out NUL-terminated, the caller frees it), stopping once past max_bytes
 * (0: no limit), also for a file whose size stat() does not know (a file
 * of /proc says 0): the buffer grows to one byte past the limit at most.
 * Returns KJ_ERR_TOO_LARGE, KJ_ERR_NOMEM or KJ_ERR_IO without a message. */
static kj_status read_to_end(FILE *f, size_t cap, size_t max_bytes, char **out, size_t *len) {
    char *data = malloc(cap);
    size_t n = 0;
    kj_status st = data ? KJ_OK : KJ_ERR_NOMEM;
    while (st == KJ_OK) {
        if (max_bytes && n > max_bytes) {
            st = KJ_ERR_TOO_LARGE;
            break;
        }
        if (n + 1 >= cap) {
            size_t grown = max_bytes && cap > (max_bytes + 2) / 2 ? max_bytes + 2 : cap * 2;
            char *d = realloc(data, grown);
            if (!d) {
                st = KJ_ERR_NOMEM;
                break;
            }
            data = d;
            cap = grown;
        }
        size_t r = fread(data + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0) break;
    }
    if (st == KJ_OK && ferror(f)) st = KJ_ERR_IO;
    if (st != KJ_OK) {
        free(data);
        return st;
    }
    data[n] = '\0';
    *out = data;
    *len = n;
    return KJ_OK;
}

kj_status kj_read_file(const char *path, size_t max_bytes, char **out, size_t *len, kj_error *err) {
    *out = NULL;
    *len = 0;
    /* opened without waiting (a FIFO without a writer would block open()
     * for ever) and then asked what it is: only a regular file is read. A
     * FIFO, a device (/dev/zero never ends) or a socket named where a
     * document, section file or guide is expected is an error, also when
     * it took the place of a regular file after the caller looked. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return kj_error_set(err, KJ_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    const char *what = fstat(fd, &st) != 0    ? strerror(errno)
                       : S_ISDIR(st.st_mode)  ? "is a directory"
                       : !S_ISREG(st.st_mode) ? "not a regular file (a device, FIFO or socket)"
                                              : NULL;
    if (what) {
        close(fd);
        return kj_error_set(err, KJ_ERR_IO, "%s: %s", path, what);
    }
    if (max_bytes && (size_t)st.st_size > max_bytes) {
        close(fd);
        return kj_error_set(err, KJ_ERR_TOO_LARGE,
                            "%s: file is %lld bytes, over the limit of %zu bytes", path,
                            (long long)st.st_size, max_bytes);
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl != -1) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        int e = errno;
        close(fd);
        return kj_error_set(err, KJ_ERR_IO, "%s: cannot open: %s", path, strerror(e));
    }
    /* the file's size, its terminating NUL and one byte more: the read that
     * finds the end of the file then fits without doubling the buffer (a
     * file that grew since stat() still grows it) */
    kj_status s =
        read_to_end(f, st.st_size > 0 ? (size_t)st.st_size + 2 : 4096, max_bytes, out, len);
    fclose(f);
    switch (s) {
    case KJ_OK:
        return KJ_OK;
    case KJ_ERR_TOO_LARGE:
        return kj_error_set(err, s, "%s: over the limit of %zu bytes", path, max_bytes);
    case KJ_ERR_NOMEM:
        return kj_error_set(err, s, "%s: out of memory reading file", path);
    default:
        return kj_error_set(err, KJ_ERR_IO, "%s: read error", path);
    }
}

void kj_mem_discard(void *p, size_t len) {
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0 || len < 2 * (size_t)page) return;
    uintptr_t from = ((uintptr_t)p + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
    uintptr_t to = ((uintptr_t)p + len) & ~((uintptr_t)page - 1);
    /* private anonymous memory reads as zero after MADV_DONTNEED; advice
     * refused (other memory) changes nothing */
    if (to > from) (void)madvise((void *)from, to - from, MADV_DONTNEED);
}

/* Write the n bytes of p to fd whole; 0, or -1 with errno saying why. */
static int write_all(int fd, const char *p, size_t n) {
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            if (w == 0) errno = EIO;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int kj_write_file_replace(const char *path, const void *const *parts, const size_t *lens,
                          size_t n) {
    char tmp[PATH_MAX + 16];
    int tl = snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
    if (tl < 0 || (size_t)tl >= sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) return -1;
    fchmod(fd, 0644); /* readable as the data beside it (mkstemp: 0600) */
    int bad = 0;
    for (size_t i = 0; i < n && !bad; i++)
        bad = write_all(fd, parts[i], lens[i]) != 0;
    int why = bad ? errno : 0;
    if (close(fd) != 0 && !bad) bad = 1, why = errno;
    if (!bad && rename(tmp, path) != 0) bad = 1, why = errno;
    if (bad) {
        remove(tmp);
        errno = why;
        return -1;
    }
    return 0;
}

static int is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

kj_status kj_data_dir(char *out, size_t outsz, kj_error *err) {
    const char *env = getenv("KAIJI_DATA");
    if (env && *env) {
        if (!is_dir(env))
            return kj_error_set(err, KJ_ERR_DATA, "KAIJI_DATA=%s: not a directory", env);
        snprintf(out, outsz, "%s", env);
        return KJ_OK;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
        const char *cands[] = {"%s/../share/kaiji", "%s/../data", "%s/data"};
        for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++) {
            char p[PATH_MAX + 32];
            snprintf(p, sizeof p, cands[i], exe);
            char probe[PATH_MAX + 64];
            snprintf(probe, sizeof probe, "%s/lexicon", p);
            if (is_dir(probe)) {
                char *r = realpath(p, NULL);
                snprintf(out, outsz, "%s", r ? r : p);
                free(r);
                return KJ_OK;
            }
        }
    }
    return kj_error_set(err, KJ_ERR_DATA,
                        "cannot find kaiji's data directory (lexicon, model); set KAIJI_DATA or "
                        "run `make install`");
}

kj_status kj_data_path(const char *rel, char *out, size_t outsz, kj_error *err) {
    char dir[PATH_MAX];
    kj_status st = kj_data_dir(dir, sizeof dir, err);
    if (st != KJ_OK) return st;
    int n = snprintf(out, outsz, "%s/%s", dir, rel);
    if (n < 0 || (size_t)n >= outsz) return kj_error_set(err, KJ_ERR_ARG, "data path too long");
    return KJ_OK;
}

kj_status kj_data_line_check(const char *path, int lineno, const char *line, size_t len,
                             kj_error *err) {
    if (!memchr(line, '\0', len)) return KJ_OK;
    return kj_error_set(err, KJ_ERR_DATA, "%s:%d: the line holds a NUL byte", path, lineno);
}

char *kj_next_line(char **pos, char *end, size_t *len) {
    char *line = *pos;
    if (line >= end) return NULL;
    char *nl = memchr(line, '\n', (size_t)(end - line));
    size_t l = nl ? (size_t)(nl - line) : (size_t)(end - line);
    line[l] = '\0'; /* the newline, or the buffer's own NUL at end */
    *pos = line + l + 1;
    if (l && line[l - 1] == '\r') line[--l] = '\0';
    *len = l;
    return line;
}

void kj_data_cursor_init(kj_data_cursor *c, const char *path, char *data, size_t len) {
    *c = (kj_data_cursor){.pos = data, .end = data + len, .path = path};
}

kj_status kj_data_next_entry(kj_data_cursor *c, kj_error *err) {
    while ((c->line = kj_next_line(&c->pos, c->end, &c->len))) {
        c->lineno++;
        if (c->len && c->line[0] != '#')
            return kj_data_line_check(c->path, c->lineno, c->line, c->len, err);
    }
    return KJ_OK;
}
