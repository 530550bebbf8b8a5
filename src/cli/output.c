/*
 * output.c - where a command writes what it makes (-o FILE, or standard
 * output). A file is written whole or not at all: kaiji writes a temporary
 * file beside it (.NAME.kaiji-PID-N, made with the permissions a new file
 * gets, or the mode of the file it replaces) and renames it over FILE only
 * once every byte is written. So a full disk, a file size limit or a
 * failure part way leaves an earlier report at FILE as it was, never cut
 * short, and FILE may also be one of the command's inputs (it is read
 * before it is replaced). What is not a regular file (/dev/null, a pipe, a
 * terminal) or a name that cannot be resolved, and a directory kaiji may not
 * make the temporary file in, is written directly, as before.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The regular file that writing to path replaces, resolved through
 * symbolic links into target (so that a link stays a link); *mode gets its
 * permissions, or -1 when there is no file there yet. 0 when path names
 * something else (a device, a pipe, a directory, a dangling link). */
static int replaceable(const char *path, char *target, size_t n, int *mode) {
    struct stat st;
    if (lstat(path, &st) != 0) {
        *mode = -1;
        return errno == ENOENT && snprintf(target, n, "%s", path) < (int)n;
    }
    if (S_ISLNK(st.st_mode)) {
        char real[PATH_MAX];
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || !realpath(path, real)) return 0;
        if (snprintf(target, n, "%s", real) >= (int)n) return 0;
    } else if (!S_ISREG(st.st_mode) || snprintf(target, n, "%s", path) >= (int)n)
        return 0;
    *mode = (int)(st.st_mode & 07777);
    return 1;
}

/* Make a temporary file beside target into o->tmp (its name hidden, after
 * target's) and open it; 0 when none can be made there. */
static int open_temp(kj_cli_out *o, const char *target, int mode) {
    const char *slash = strrchr(target, '/');
    int dirlen = slash ? (int)(slash - target + 1) : 0;
    const char *base = slash ? slash + 1 : target;
    for (int i = 0; i < 100; i++) {
        if (snprintf(o->tmp, sizeof o->tmp, "%.*s.%s.kaiji-%ld-%d", dirlen, target, base,
                     (long)getpid(), i) >= (int)sizeof o->tmp)
            break;
        int fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno == EEXIST) continue;
        if (fd < 0) break;
        if (mode >= 0) (void)fchmod(fd, (mode_t)mode);
        o->f = fdopen(fd, "wb");
        if (o->f) return 1;
        close(fd);
        unlink(o->tmp);
        break;
    }
    o->tmp[0] = '\0';
    return 0;
}

int kj_cli_out_open(kj_cli_out *o, const char *path) {
    memset(o, 0, sizeof *o);
    o->path = path;
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        return 0;
    }
    int mode;
    if (replaceable(path, o->target, sizeof o->target, &mode) && open_temp(o, o->target, mode))
        return 0;
    o->f = fopen(path, "wb");
    if (o->f) return 0;
    kj_cli_error("%s: cannot write: %s", path, strerror(errno));
    return -1;
}

int kj_cli_out_close(kj_cli_out *o) {
    if (!o->f) return 0;
    if (!o->tmp[0]) {
        int r = kj_cli_close(o->f, o->f == stdout ? NULL : o->path);
        o->f = NULL;
        return r;
    }
    int bad = ferror(o->f), why = 0; /* the error of the flush, sync or close */
    if (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0) bad = why = errno;
    if (fclose(o->f) != 0 && !why) bad = why = errno;
    o->f = NULL;
    if (bad) {
        kj_cli_error("%s: write failed%s%s; left as it was", o->path, why ? ": " : "",
                     why ? strerror(why) : "");
        unlink(o->tmp);
        return -1;
    }
    if (rename(o->tmp, o->target) != 0) {
        kj_cli_error("%s: cannot replace it with what was written: %s", o->path, strerror(errno));
        unlink(o->tmp);
        return -1;
    }
    return 0;
}

void kj_cli_out_discard(kj_cli_out *o) {
    if (!o->f) return;
    if (o->f != stdout) fclose(o->f);
    if (o->tmp[0]) unlink(o->tmp);
    o->f = NULL;
}
