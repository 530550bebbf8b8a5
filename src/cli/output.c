/*
 * output.c - where a command writes what it makes (-o FILE, or standard
 * output), and how a write that fails is said: every output is a stream of
 * kaiji's own over its file descriptor, which says the first write that
 * fails the moment it fails, once, naming the output and why ("kaiji:
 * <stdout>: write failed: No space left on device", "kaiji: out.json: write
 * failed: File too large; left as it was"), and writes nothing more. Every
 * command thus reports a full disk, a file size limit, a closed standard
 * output or a pipe whose reader has gone the same way, and the commands
 * only need ferror to stop and fail.
 *
 * A file is written whole or not at all: kaiji writes a temporary file
 * beside it (.NAME.kaiji-PID-N, made with the permissions a new file gets,
 * or the mode of the file it replaces) and renames it over FILE only once
 * every byte is written. So a full disk, a file size limit or a failure
 * part way leaves an earlier report at FILE as it was, never cut short, and
 * FILE may also be one of the command's inputs (it is read before it is
 * replaced). What is not a regular file (/dev/null, a pipe, a terminal) or
 * a name that cannot be resolved, and a directory kaiji may not make the
 * temporary file in, is written directly, as before.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The name o goes by in messages: "<stdout>", or the file as given. */
static const char *out_name(const kj_cli_out *o) {
    return !o->path || strcmp(o->path, "-") == 0 ? "<stdout>" : o->path;
}

/* Say, once, that writing o failed with errno why (0: not known), and
 * that a file given is left as it was when it is. */
static void say_failed(kj_cli_out *o, int why) {
    if (o->said) return;
    o->said = 1;
    if (!o->err) o->err = why ? why : EIO;
    kj_cli_error("%s: write failed%s%s%s", out_name(o), why ? ": " : "", why ? strerror(why) : "",
                 o->tmp[0] ? "; left as it was" : "");
}

/* The stream's write: all n bytes to o->fd, or (after saying why) fewer,
 * which stdio takes for an error. A descriptor that would block (standard
 * output made non-blocking by another program) is waited for. Nothing is
 * written once a write has failed. */
static ssize_t out_write(void *cookie, const char *buf, size_t n) {
    kj_cli_out *o = cookie;
    size_t done = 0;
    while (!o->err && done < n) {
        ssize_t w = write(o->fd, buf + done, n - done);
        if (w > 0) {
            done += (size_t)w;
        } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd p = {.fd = o->fd, .events = POLLOUT};
            if (poll(&p, 1, -1) < 0 && errno != EINTR) say_failed(o, errno);
        } else if (!(w < 0 && errno == EINTR)) {
            say_failed(o, w < 0 ? errno : EIO);
        }
    }
    return (ssize_t)done;
}

/* The stream's close: closes the descriptor when it is o's own (a file's,
 * not standard output's). */
static int out_close(void *cookie) {
    kj_cli_out *o = cookie;
    return o->std ? 0 : close(o->fd);
}

/* Make o->f the stream over o->fd. 0, or -1 (out of memory). */
static int wrap(kj_cli_out *o) {
    cookie_io_functions_t io = {.read = NULL, .write = out_write, .seek = NULL, .close = out_close};
    o->f = fopencookie(o, "w", io);
    if (!o->f) return -1;
    /* a terminal sees each line as it is written, as with stdout */
    if (isatty(o->fd)) setvbuf(o->f, NULL, _IOLBF, 0);
    return 0;
}

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
 * target's) and open it into o->fd; 0 when none can be made there. */
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
        o->fd = fd;
        return 1;
    }
    o->tmp[0] = '\0';
    return 0;
}

int kj_cli_out_open(kj_cli_out *o, const char *path) {
    memset(o, 0, sizeof *o);
    o->path = path;
    o->fd = -1;
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        return 0;
    }
    int mode;
    if (!(replaceable(path, o->target, sizeof o->target, &mode) && open_temp(o, o->target, mode)))
        o->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (o->fd < 0) {
        kj_cli_error("%s: cannot write: %s", path, strerror(errno));
        return -1;
    }
    if (wrap(o) == 0) return 0;
    kj_cli_error("%s: cannot write: out of memory", path);
    close(o->fd);
    if (o->tmp[0]) unlink(o->tmp);
    o->f = NULL;
    return -1;
}

/* Finish standard output watched by o (kj_cli_stdout_watch): flush it,
 * put back the stdout it replaced, and free its stream. */
static int stdout_close(kj_cli_out *o) {
    int bad = fflush(o->f) != 0 || ferror(o->f);
    stdout = o->std;
    fclose(o->f);
    o->f = NULL;
    if (bad) say_failed(o, o->err);
    return bad ? -1 : 0;
}

int kj_cli_out_close(kj_cli_out *o) {
    if (!o->f) return 0;
    if (o->std) return stdout_close(o);
    if (o->fd < 0) { /* standard output: said by its own stream, if it failed */
        o->f = NULL;
        return kj_cli_flush(stdout);
    }
    /* the error of the flush, sync or close, when the stream has not said one */
    int bad = fflush(o->f) != 0 || ferror(o->f), why = bad ? o->err : 0;
    if (!bad && o->tmp[0] && fsync(o->fd) != 0) bad = why = errno;
    if (fclose(o->f) != 0 && !bad) bad = why = errno;
    o->f = NULL;
    if (bad) {
        say_failed(o, why);
        if (o->tmp[0]) unlink(o->tmp);
        return -1;
    }
    if (o->tmp[0] && rename(o->tmp, o->target) != 0) {
        kj_cli_error("%s: cannot replace it with what was written: %s", o->path, strerror(errno));
        unlink(o->tmp);
        return -1;
    }
    return 0;
}

void kj_cli_out_discard(kj_cli_out *o) {
    if (!o->f) return;
    if (o->std) {
        (void)stdout_close(o);
        return;
    }
    if (o->fd >= 0) fclose(o->f);
    if (o->tmp[0]) unlink(o->tmp);
    o->f = NULL;
}

int kj_cli_out_replaces(const kj_cli_out *o) {
    return o->f && o->tmp[0];
}

void kj_cli_out_abandon(kj_cli_out *o) {
    kj_cli_error("%s: not written: no FILE could be read", o->path);
    kj_cli_out_discard(o);
}

int kj_cli_flush(FILE *f) {
    return fflush(f) != 0 || ferror(f) ? -1 : 0;
}

void kj_cli_std_fds(void) {
    for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
        if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF) continue;
        /* open the other way round: reading or writing it still fails
         * with EBADF, as on a closed descriptor */
        int got = open("/dev/null", (fd == STDIN_FILENO ? O_WRONLY : O_RDONLY) | O_NOCTTY);
        if (got >= 0 && got != fd) close(got);
    }
}

int kj_cli_stdout_watch(kj_cli_out *o) {
    memset(o, 0, sizeof *o);
    o->fd = STDOUT_FILENO;
    if (wrap(o) != 0) {
        kj_cli_error("out of memory");
        return -1;
    }
    o->std = stdout;
    stdout = o->f;
    return 0;
}
