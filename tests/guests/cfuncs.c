/*
 * The C library's functions with Linux's C semantics, one line per call. The same source runs
 * natively on Linux (glibc: the oracle) and as a wasi-os guest linked with libwasi_os.a;
 * tests/c-library.test.ts compares the two outputs line by line. Setup: a.txt = "hello world",
 * cwd = the setup folder. fds are printed relative to `fd` (the numbering differs: a preopen).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __wasi__
#include "wasi_os.h"
#else
#include <sys/sendfile.h>
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#endif

static const char *ename(int e) {
#define N(x) if (e == x) return #x;
  N(EBADF) N(EINVAL) N(EAGAIN) N(ENOENT) N(EMFILE) N(ENOTSUP) N(EISDIR) N(EXDEV) N(ESPIPE) N(ENOSYS)
#undef N
  return "E?";
}

static int fd; /* the base all printed fds are relative to */

static void r(const char *what, long long v) {
  if (v < 0) printf("%s -> -1 %s\n", what, ename(errno));
  else printf("%s -> %lld\n", what, v);
}
static void rfd(const char *what, int v) {
  if (v < 0) printf("%s -> -1 %s\n", what, ename(errno));
  else printf("%s -> fd%+d cloexec=%d\n", what, v - fd, fcntl(v, F_GETFD));
}
static long long pos(int f) { return (long long)lseek(f, 0, SEEK_CUR); }
static void mode_of(const char *what, const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) printf("%s -> -1 %s\n", what, ename(errno));
  else printf("%s -> %o\n", what, (unsigned)(st.st_mode & 07777));
}
static void contents(const char *path) {
  char b[64];
  int f = open(path, O_RDONLY);
  ssize_t n = read(f, b, sizeof b);
  close(f);
  printf("%s = \"%.*s\"\n", path, (int)(n < 0 ? 0 : n), b);
}

int main(void) {
  fd = open("a.txt", O_RDONLY);
  /* wasi-libc's open() gives close-on-exec fds whatever the flags (wasi_os.h); Linux's are not. */
  fcntl(fd, F_SETFD, 0);
  /* dup family */
  rfd("dup(fd)", dup(fd));
  rfd("dup(-1)", dup(-1));
  rfd("dup2(fd, fd)", dup2(fd, fd));
  rfd("dup2(fd, fd+10)", dup2(fd, fd + 10));
  rfd("dup2(fd+40, fd+10)", dup2(fd + 40, fd + 10));
  rfd("dup2(fd, -1)", dup2(fd, -1));
  rfd("dup3(fd, fd, 0)", dup3(fd, fd, 0));
  rfd("dup3(fd, fd+11, O_CLOEXEC)", dup3(fd, fd + 11, O_CLOEXEC));
  rfd("dup3(fd, fd+12, 0)", dup3(fd, fd + 12, 0));
  rfd("dup3(fd, fd+13, O_NONBLOCK)", dup3(fd, fd + 13, O_NONBLOCK));
  /* fcntl */
  r("fcntl(fd, F_SETFD, FD_CLOEXEC)", fcntl(fd, F_SETFD, FD_CLOEXEC));
  r("fcntl(fd, F_GETFD)", fcntl(fd, F_GETFD));
  r("fcntl(fd, F_SETFD, 0)", fcntl(fd, F_SETFD, 0));
  r("fcntl(fd, F_GETFD)", fcntl(fd, F_GETFD));
  r("fcntl(fd+40, F_GETFD)", fcntl(fd + 40, F_GETFD));
  r("fcntl(fd, F_GETFL) & O_ACCMODE == O_RDONLY", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY);
  rfd("fcntl(fd, F_DUPFD, fd+20)", fcntl(fd, F_DUPFD, fd + 20));
  rfd("fcntl(fd, F_DUPFD_CLOEXEC, fd+20)", fcntl(fd, F_DUPFD_CLOEXEC, fd + 20));
  rfd("fcntl(fd, F_DUPFD, -1)", fcntl(fd, F_DUPFD, -1));
  /* pipes */
  int p[2];
  r("pipe(p)", pipe(p));
  printf("pipe ends cloexec=%d,%d\n", fcntl(p[0], F_GETFD), fcntl(p[1], F_GETFD));
  r("write(p[1], \"abc\", 3)", write(p[1], "abc", 3));
  char b[8] = {0};
  r("read(p[0], b, 8)", read(p[0], b, 8));
  printf("b = \"%s\"\n", b);
  close(p[0]); close(p[1]);
  r("pipe2(p, O_CLOEXEC)", pipe2(p, O_CLOEXEC));
  printf("pipe2 ends cloexec=%d,%d\n", fcntl(p[0], F_GETFD), fcntl(p[1], F_GETFD));
  close(p[0]); close(p[1]);
  r("pipe2(p, O_NONBLOCK)", pipe2(p, O_NONBLOCK));
  r("read(empty nonblocking pipe)", read(p[0], b, 8));
  close(p[0]); close(p[1]);
  r("pipe2(p, O_APPEND)", pipe2(p, O_APPEND));
  /* modes */
  int w = open("b.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
  r("fchmod(w, 0600)", fchmod(w, 0600));
  struct stat st;
  fstat(w, &st);
  printf("fstat(w) mode -> %o regular=%d\n", (unsigned)(st.st_mode & 07777), S_ISREG(st.st_mode));
  r("fchmod(fd+40, 0600)", fchmod(fd + 40, 0600));
  r("chmod(\"a.txt\", 0640)", chmod("a.txt", 0640));
  mode_of("stat(\"a.txt\") mode", "a.txt");
  r("chmod(\"missing\", 0640)", chmod("missing", 0640));
  r("mkdir(\"d\")", mkdir("d", 0755));
  r("chmod(\"d\", 0700)", chmod("d", 0700));
  mode_of("stat(\"d\") mode", "d");
  r("fchmodat(AT_FDCWD, \"a.txt\", 0604, AT_SYMLINK_NOFOLLOW)", fchmodat(AT_FDCWD, "a.txt", 0604, AT_SYMLINK_NOFOLLOW));
  mode_of("stat(\"a.txt\") mode", "a.txt");
  r("fchmodat(AT_FDCWD, \"a.txt\", 0644, 0x4000)", fchmodat(AT_FDCWD, "a.txt", 0644, 0x4000));
  r("pipe(p)", pipe(p));
  r("fstat(pipe) S_ISFIFO", fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode));
  close(p[0]); close(p[1]);
  /* copy_file_range */
  off_t in = 6, out = 0;
  r("copy_file_range(fd, &6, w, NULL, 5, 0)", copy_file_range(fd, &in, w, NULL, 5, 0));
  printf("off_in -> %lld, pos(fd) -> %lld, pos(w) -> %lld\n", (long long)in, pos(fd), pos(w));
  r("copy_file_range(fd, NULL, w, &out, 5, 0)", copy_file_range(fd, NULL, w, &out, 5, 0));
  printf("off_out -> %lld, pos(fd) -> %lld, pos(w) -> %lld\n", (long long)out, pos(fd), pos(w));
  contents("b.txt");
  r("copy_file_range(fd, NULL, w, NULL, 5, 1)", copy_file_range(fd, NULL, w, NULL, 5, 1));
  r("copy_file_range(fd+40, NULL, w, NULL, 5, 0)", copy_file_range(fd + 40, NULL, w, NULL, 5, 0));
  r("copy_file_range(w, NULL, fd, NULL, 5, 0)", copy_file_range(w, NULL, fd, NULL, 5, 0));
  r("copy_file_range(at EOF)", copy_file_range(fd, &(off_t){100}, w, NULL, 5, 0));
  /* sendfile */
  int s = open("c.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  off_t so = 2;
  r("sendfile(s, fd, &2, 4)", sendfile(s, fd, &so, 4));
  printf("offset -> %lld, pos(fd) -> %lld\n", (long long)so, pos(fd));
  r("sendfile(s, fd, NULL, 3)", sendfile(s, fd, NULL, 3));
  printf("pos(fd) -> %lld\n", pos(fd));
  contents("c.txt");
  r("sendfile(fd, s, NULL, 3)", sendfile(fd, s, NULL, 3));
  r("sendfile(s, fd, &-1, 3)", sendfile(s, fd, &(off_t){-1}, 3));
  r("sendfile(s, fd, NULL, (size_t)-1)", sendfile(s, fd, NULL, (size_t)-1));
  /* close_range */
  r("close_range(fd+10, fd+12, 0)", close_range((unsigned)fd + 10, (unsigned)fd + 12, 0));
  r("fcntl(fd+10, F_GETFD)", fcntl(fd + 10, F_GETFD));
  r("fcntl(fd+12, F_GETFD)", fcntl(fd + 12, F_GETFD));
  r("close_range(fd+5, fd+4, 0)", close_range((unsigned)fd + 5, (unsigned)fd + 4, 0));
  r("close_range(fd+20, fd+21, CLOSE_RANGE_CLOEXEC)", close_range((unsigned)fd + 20, (unsigned)fd + 21, CLOSE_RANGE_CLOEXEC));
  r("fcntl(fd+20, F_GETFD)", fcntl(fd + 20, F_GETFD));
  r("close_range(fd+20, ~0U, 0)", close_range((unsigned)fd + 20, ~0U, 0));
  r("fcntl(fd+21, F_GETFD)", fcntl(fd + 21, F_GETFD));
  return 0;
}
