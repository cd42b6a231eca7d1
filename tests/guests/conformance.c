/*
 * The C conformance guest: the same interpreter as tests/guests/conformance.ts (docs/conformance.md,
 * "Guest encoding" in, "Result lines" out), written against wasi-libc plus libwasi_os.a (c/), so
 * every scenario also runs through the C library and wasi-libc. Each step does what CPython's os
 * function does on Linux with the same C calls (os.dup is fcntl(F_DUPFD_CLOEXEC), os.pipe is
 * pipe2(O_CLOEXEC), os.open adds O_CLOEXEC, ...), including CPython's own argument checks.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <wasi/api.h>
#include "wasi_os.h"

/* ---- errno names (wasi-libc's numbers, Linux's names) ------------------------------------ */

#define ERRNOS(X) X(E2BIG) X(EACCES) X(EADDRINUSE) X(EADDRNOTAVAIL) X(EAFNOSUPPORT) X(EAGAIN) X(EALREADY) \
  X(EBADF) X(EBADMSG) X(EBUSY) X(ECANCELED) X(ECHILD) X(ECONNABORTED) X(ECONNREFUSED) X(ECONNRESET) \
  X(EDEADLK) X(EDESTADDRREQ) X(EDOM) X(EDQUOT) X(EEXIST) X(EFAULT) X(EFBIG) X(EHOSTUNREACH) X(EIDRM) \
  X(EILSEQ) X(EINPROGRESS) X(EINTR) X(EINVAL) X(EIO) X(EISCONN) X(EISDIR) X(ELOOP) X(EMFILE) X(EMLINK) \
  X(EMSGSIZE) X(EMULTIHOP) X(ENAMETOOLONG) X(ENETDOWN) X(ENETRESET) X(ENETUNREACH) X(ENFILE) X(ENOBUFS) \
  X(ENODEV) X(ENOENT) X(ENOEXEC) X(ENOLCK) X(ENOLINK) X(ENOMEM) X(ENOMSG) X(ENOPROTOOPT) X(ENOSPC) \
  X(ENOSYS) X(ENOTCONN) X(ENOTDIR) X(ENOTEMPTY) X(ENOTRECOVERABLE) X(ENOTSOCK) X(ENOTSUP) X(ENOTTY) \
  X(ENXIO) X(EOVERFLOW) X(EOWNERDEAD) X(EPERM) X(EPIPE) X(EPROTO) X(EPROTONOSUPPORT) X(EPROTOTYPE) \
  X(ERANGE) X(EROFS) X(ESPIPE) X(ESRCH) X(ESTALE) X(ETIMEDOUT) X(ETXTBSY) X(EXDEV) X(ENOTCAPABLE)

static const char *errno_name(int e) {
#define NAME(n) if (e == n) return #n;
  ERRNOS(NAME)
#undef NAME
  return "E?";
}

static int errno_of(const char *s) {
#define NUM(n) if (strcmp(s, #n) == 0) return n;
  ERRNOS(NUM)
#undef NUM
  if (strcmp(s, "EOPNOTSUPP") == 0) return EOPNOTSUPP;
  if (strcmp(s, "EWOULDBLOCK") == 0) return EWOULDBLOCK;
  return -1;
}

/* ---- output -------------------------------------------------------------------------------- */

/* One growing line buffer per step. */
static char *out;
static size_t out_len, out_cap;

static void put(const char *s, size_t n) {
  if (out_len + n + 1 > out_cap) {
    out_cap = (out_len + n + 1) * 2;
    out = realloc(out, out_cap);
  }
  memcpy(out + out_len, s, n);
  out_len += n;
  out[out_len] = 0;
}
static void puts_(const char *s) { put(s, strlen(s)); }
static void putf(const char *fmt, long long v) {
  char b[32];
  snprintf(b, sizeof b, fmt, v);
  puts_(b);
}

static void escaped(const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned c = p[i];
    char b[5];
    if (c == '"' || c == '\\') { b[0] = '\\'; b[1] = (char)c; put(b, 2); }
    else if (c >= 0x20 && c <= 0x7e) { b[0] = (char)c; put(b, 1); }
    else { snprintf(b, sizeof b, "\\x%02x", c); put(b, 4); }
  }
}
static void bytes_out(const unsigned char *p, size_t n) { puts_("b\""); escaped(p, n); puts_("\""); }
static void str_out(const char *s) { puts_("\""); escaped((const unsigned char *)s, strlen(s)); puts_("\""); }

/* fd:lowest when every fd below it is open. */
static void newfd_out(int fd) {
  __wasi_fdstat_t st;
  for (int i = 0; i < fd; i++)
    if (__wasi_fd_fdstat_get(i, &st) != 0) { puts_("fd:high"); return; }
  puts_("fd:lowest");
}

/* ---- arguments ----------------------------------------------------------------------------- */

enum { A_INT = 'i', A_NONE = 'n', A_BYTES = 'b', A_STR = 's', A_LIST = 'L', A_ID = 'a', A_BAD = '?' };
typedef struct Arg {
  int kind;
  long long i;
  unsigned char *b; /* bytes, or the string (NUL-terminated; has_nul if it held one) */
  size_t len;
  int has_nul;
  struct Arg *list;
  int n;
} Arg;

#define MAX_VARS 256
static char *var_names[MAX_VARS];
static long long var_vals[MAX_VARS];
static int nvars;

static long long var_get(const char *name) {
  for (int i = 0; i < nvars; i++) if (strcmp(var_names[i], name) == 0) return var_vals[i];
  return -1;
}
static void var_set(const char *name, long long v) {
  for (int i = 0; i < nvars; i++) if (strcmp(var_names[i], name) == 0) { var_vals[i] = v; return; }
  if (nvars < MAX_VARS) { var_names[nvars] = strdup(name); var_vals[nvars++] = v; }
}

static int const_ok;
static long long constant(const char *n) {
#define K(c) if (strcmp(n, #c) == 0) return c;
  K(O_RDONLY) K(O_WRONLY) K(O_RDWR) K(O_ACCMODE) K(O_CREAT) K(O_EXCL) K(O_NOCTTY) K(O_TRUNC) K(O_APPEND)
  K(O_NONBLOCK) K(O_DSYNC) K(O_DIRECTORY) K(O_NOFOLLOW) K(O_CLOEXEC) K(O_SYNC) K(O_RSYNC)
  K(SEEK_SET) K(SEEK_CUR) K(SEEK_END) K(SEEK_DATA) K(SEEK_HOLE)
  K(POSIX_FADV_NORMAL) K(POSIX_FADV_RANDOM) K(POSIX_FADV_SEQUENTIAL) K(POSIX_FADV_WILLNEED)
  K(POSIX_FADV_DONTNEED) K(POSIX_FADV_NOREUSE)
  K(S_IFMT) K(S_IFREG) K(S_IFDIR) K(S_IFCHR) K(S_IFIFO)
#undef K
  int e = errno_of(n);
  if (e >= 0) return e;
  const_ok = 0;
  return 0;
}

static int nib(int c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

static long long parse_i64(const char *s) {
  int neg = *s == '-';
  if (*s == '-' || *s == '+') s++;
  unsigned long long v = 0;
  for (; *s; s++) v = v * 10 + (unsigned)(*s - '0');
  return neg ? -(long long)v : (long long)v;
}

static void parse_arg(char *enc, Arg *a) {
  memset(a, 0, sizeof *a);
  char tag = enc[0];
  char *body = enc[0] ? enc + 2 : enc;
  a->kind = A_BAD;
  if (tag == 'i') { a->kind = A_INT; a->i = parse_i64(body); }
  else if (tag == 'n') a->kind = A_NONE;
  else if (tag == 'b' || tag == 's') {
    a->kind = tag;
    a->len = strlen(body) / 2;
    a->b = malloc(a->len + 1);
    for (size_t k = 0; k < a->len; k++) {
      a->b[k] = (unsigned char)(nib(body[2 * k]) << 4 | nib(body[2 * k + 1]));
      if (a->b[k] == 0) a->has_nul = 1;
    }
    a->b[a->len] = 0;
  } else if (tag == 'k') {
    a->kind = A_INT;
    for (char *save, *t = strtok_r(body, "|", &save); t; t = strtok_r(NULL, "|", &save)) a->i |= constant(t);
  } else if (tag == 'f') {
    a->kind = A_INT;
    long long delta = 0;
    char *op = strpbrk(body + 1, "+-");
    if (op) { delta = parse_i64(op + 1) * (*op == '-' ? -1 : 1); *op = 0; }
    a->i = var_get(body) + delta;
  } else if (tag == 'L') {
    a->kind = A_LIST;
    if (*body) {
      int n = 1;
      for (char *p = body; *p; p++) n += *p == ',';
      a->list = calloc((size_t)n, sizeof(Arg));
      for (char *save, *t = strtok_r(body, ",", &save); t; t = strtok_r(NULL, ",", &save)) parse_arg(t, &a->list[a->n++]);
    }
  } else if (tag == 'a') { a->kind = A_ID; a->b = (unsigned char *)strdup(body); a->len = strlen(body); }
}

/* Conversion errors come before the call, as CPython's argument parsing. */
static const char *conv;
static Arg *args;
static int nargs;

#define REQUIRED ((long long)INT64_MIN)
static long long i64arg(int i, long long dflt) {
  if (i >= nargs) { if (dflt == REQUIRED && !conv) conv = "TypeError"; return dflt; }
  if (args[i].kind != A_INT) { if (!conv) conv = "TypeError"; return 0; }
  return args[i].i;
}
static int cint(int i, long long dflt) {
  long long v = i64arg(i, dflt);
  if (!conv && (v < INT32_MIN || v > INT32_MAX)) conv = "OverflowError";
  return (int)v;
}
/* An fd taken as CPython's PyObject_AsFileDescriptor does (fsync, fdatasync): a negative one is ValueError. */
static int fdarg(int i) {
  int fd = cint(i, REQUIRED);
  if (!conv && fd < 0) conv = "ValueError";
  return fd;
}
/* An offset that may be None (absent is None too): has = 0. */
static long long offarg(int i, int *has) {
  *has = 0;
  if (i >= nargs || args[i].kind == A_NONE) return 0;
  *has = 1;
  return i64arg(i, REQUIRED);
}
static Arg *typed(int i, int kind) {
  if (i >= nargs || args[i].kind != kind) { if (!conv) conv = "TypeError"; return NULL; }
  return &args[i];
}
/* A path (str); embedded NUL: ValueError, raised by CPython's converter. */
static const char *patharg(int i) {
  Arg *a = typed(i, A_STR);
  if (!a) return "";
  if (a->has_nul && !conv) conv = "ValueError";
  return (const char *)a->b;
}

/* A list of buffers: bytes as given, ints as zeroed buffers of that size. */
static struct iovec *bufsarg(int i, int *n) {
  *n = 0;
  Arg *a = typed(i, A_LIST);
  if (!a) return NULL;
  struct iovec *v = calloc((size_t)a->n + 1, sizeof *v);
  for (int k = 0; k < a->n; k++) {
    Arg *e = &a->list[k];
    if (e->kind == A_BYTES) { v[k].iov_base = e->b; v[k].iov_len = e->len; }
    else if (e->kind == A_INT && e->i >= 0 && e->i <= 0x7fffffff) { v[k].iov_base = calloc((size_t)e->i + 1, 1); v[k].iov_len = (size_t)e->i; }
    else if (!conv) conv = "TypeError";
  }
  *n = a->n;
  return v;
}

/* ---- results ------------------------------------------------------------------------------- */

static long long bound;
static long long bound_tuple[2];
static int bound_tuple_n;

static void oserror(void) { puts_("OSError "); puts_(errno_name(errno)); }
static void int_result(long long v) { if (v < 0) { oserror(); return; } bound = v; putf("%lld", v); }
static void fd_result(int fd) { if (fd < 0) { oserror(); return; } bound = fd; newfd_out(fd); }
static void none_result(int r) { if (r != 0) oserror(); else puts_("None"); }
static void bool_result(int b) { if (b < 0) { oserror(); return; } bound = b; puts_(b ? "True" : "False"); }
static void pipe_result(int r, int fds[2]) {
  if (r != 0) { oserror(); return; }
  bound = -1;
  bound_tuple[0] = fds[0]; bound_tuple[1] = fds[1]; bound_tuple_n = 2;
  puts_("("); newfd_out(fds[0]); puts_(", "); newfd_out(fds[1]); puts_(")");
}

static const char *type_name(mode_t m) {
  switch (m & S_IFMT) {
    case S_IFREG: return "REG";
    case S_IFDIR: return "DIR";
    case S_IFCHR: return "CHR";
    case S_IFBLK: return "BLK";
    /* wasi-libc's S_IFIFO is S_IFSOCK (0xc000); wasi-os has pipes and no sockets. */
    case S_IFIFO: return "FIFO";
    case S_IFLNK: return "LNK";
  }
  return "UNKNOWN";
}

/* st_mode in Linux's numbering, as CPython prints it (only the FIFO type bits differ). */
static long long linux_mode(mode_t m) { return S_ISFIFO(m) ? (m & 07777) | 0010000 : m; }

static void stat_out(const struct stat *st, int first) {
  static const char *dflt[] = {"type", "st_size"};
  int n = nargs - first;
  puts_("stat(");
  for (int k = 0; k < (n > 0 ? n : 2); k++) {
    const char *f = n > 0 ? (const char *)args[first + k].b : dflt[k];
    if (k) puts_(", ");
    puts_(f);
    puts_("=");
    if (strcmp(f, "type") == 0) puts_(type_name(st->st_mode));
    else if (strcmp(f, "st_mode") == 0) putf("0o%llo", (long long)linux_mode(st->st_mode));
    else if (strcmp(f, "st_size") == 0) putf("%lld", (long long)st->st_size);
    else if (strcmp(f, "st_nlink") == 0) putf("%lld", (long long)st->st_nlink);
    else if (strcmp(f, "st_ino") == 0) putf("%llu", (long long)st->st_ino);
    else if (strcmp(f, "st_dev") == 0) putf("%llu", (long long)st->st_dev);
    else if (strcmp(f, "st_uid") == 0) putf("%lld", (long long)st->st_uid);
    else if (strcmp(f, "st_gid") == 0) putf("%lld", (long long)st->st_gid);
    else puts_("?");
  }
  puts_(")");
}

static void fstat_step(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) { oserror(); return; }
  stat_out(&st, 1);
}

/* stat PATH [FOLLOW] [FIELD...] / lstat PATH [FIELD...]. */
static void path_stat_step(int l) {
  const char *p = patharg(0);
  int follow = 1, first = 1;
  if (!l && nargs > 1 && args[1].kind == A_INT) { follow = args[1].i != 0; first = 2; }
  for (int k = first; k < nargs; k++) if (args[k].kind != A_STR && args[k].kind != A_ID && !conv) conv = "TypeError";
  if (conv) return;
  struct stat st;
  int r = (l || !follow) ? lstat(p, &st) : stat(p, &st);
  if (r != 0) { oserror(); return; }
  /* A symlink's permission bits on Linux are 0o777. */
  if (S_ISLNK(st.st_mode)) st.st_mode |= 0777;
  stat_out(&st, first);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void dir_step(int with_kinds) {
  const char *p = nargs > 0 ? patharg(0) : ".";
  if (conv) return;
  DIR *d = opendir(p);
  if (!d) { oserror(); return; }
  char **names = NULL;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    names = realloc(names, sizeof(char *) * (size_t)(n + 1));
    const char *kind = e->d_type == DT_LNK ? "LNK" : e->d_type == DT_DIR ? "DIR" : e->d_type == DT_REG ? "REG" : "OTHER";
    size_t len = strlen(e->d_name);
    names[n] = malloc(len + 8);
    memcpy(names[n], e->d_name, len + 1);
    strcpy(names[n] + len + 1, kind);
    n++;
  }
  closedir(d);
  qsort(names, (size_t)n, sizeof(char *), cmp_str);
  puts_("[");
  for (int k = 0; k < n; k++) {
    if (k) puts_(", ");
    if (with_kinds) { puts_("("); str_out(names[k]); puts_(", "); str_out(names[k] + strlen(names[k]) + 1); puts_(")"); }
    else str_out(names[k]);
  }
  puts_("]");
}

static void contents_step(const char *p) {
  int fd = open(p, O_RDONLY);
  if (fd < 0) { oserror(); return; }
  unsigned char *all = NULL;
  size_t n = 0;
  for (;;) {
    all = realloc(all, n + 65536);
    ssize_t r = read(fd, all + n, 65536);
    if (r < 0) { oserror(); close(fd); return; }
    if (r == 0) break;
    n += (size_t)r;
  }
  close(fd);
  bytes_out(all, n);
}

/* os.read / os.pread: CPython refuses a negative size with EINVAL itself. */
static void read_step(int fd, long long n, int positional, long long off) {
  if (n < 0) { errno = EINVAL; oserror(); return; }
  if (n > 1 << 26) n = 1 << 26; /* the guest's cap; scenarios read far less */
  unsigned char *b = malloc((size_t)n + 1);
  ssize_t r = positional ? pread(fd, b, (size_t)n, off) : read(fd, b, (size_t)n);
  if (r < 0) oserror();
  else bytes_out(b, (size_t)r);
  free(b);
}

/* Python's boolean/blocking helpers over fcntl. */
static int get_blocking(int fd) { int f = fcntl(fd, F_GETFL); return f < 0 ? -1 : !(f & O_NONBLOCK); }
static int set_blocking(int fd, int blocking) {
  int f = fcntl(fd, F_GETFL);
  if (f < 0) return -1;
  int nf = blocking ? f & ~O_NONBLOCK : f | O_NONBLOCK;
  return nf == f ? 0 : fcntl(fd, F_SETFL, nf);
}
static int get_inheritable(int fd) { int f = fcntl(fd, F_GETFD); return f < 0 ? -1 : !(f & FD_CLOEXEC); }
static int set_inheritable(int fd, int inh) {
  int f = fcntl(fd, F_GETFD);
  if (f < 0) return -1;
  int nf = inh ? f & ~FD_CLOEXEC : f | FD_CLOEXEC;
  return nf == f ? 0 : fcntl(fd, F_SETFD, nf);
}
/* posix_fadvise/posix_fallocate return the error number. */
static int ret_errno(int e) { if (e != 0) { errno = e; return -1; } return 0; }

static void step(const char *f) {
  int fd, fd2, n, has1, has2;
  long long a, b;
  const char *p, *q;
  Arg *x;
  struct iovec *v;
  if (strcmp(f, "open") == 0) {
    p = patharg(0); int fl = cint(1, REQUIRED); int m = cint(2, 0777);
    if (!conv) fd_result(open(p, fl & ~O_CLOEXEC, m));
  } else if (strcmp(f, "close") == 0) {
    fd = cint(0, REQUIRED); if (!conv) none_result(close(fd));
  } else if (strcmp(f, "closerange") == 0) {
    fd = cint(0, REQUIRED); fd2 = cint(1, REQUIRED);
    if (!conv) { if (fd < 0) fd = 0; if (fd < fd2) close_range((unsigned)fd, (unsigned)fd2 - 1, 0); puts_("None"); }
  } else if (strcmp(f, "read") == 0) {
    fd = cint(0, REQUIRED); a = i64arg(1, REQUIRED); if (!conv) read_step(fd, a, 0, 0);
  } else if (strcmp(f, "pread") == 0) {
    fd = cint(0, REQUIRED); a = i64arg(1, REQUIRED); b = i64arg(2, REQUIRED); if (!conv) read_step(fd, a, 1, b);
  } else if (strcmp(f, "readinto") == 0 || strcmp(f, "preadinto") == 0) {
    int pos = f[1] == 'r';
    fd = cint(0, REQUIRED); a = i64arg(1, REQUIRED); b = pos ? i64arg(2, REQUIRED) : 0;
    /* N is the buffer's size: the oracle's bytearray(N) raises ValueError for a negative one. */
    if (!conv && !pos && a < 0) conv = "ValueError";
    if (!conv) {
      if (a < 0) a = 0;
      struct iovec one = {calloc((size_t)a + 1, 1), (size_t)a};
      int_result(pos ? preadv(fd, &one, 1, b) : readv(fd, &one, 1));
    }
  } else if (strcmp(f, "write") == 0 || strcmp(f, "pwrite") == 0) {
    int pos = f[0] == 'p';
    fd = cint(0, REQUIRED); x = typed(1, A_BYTES); b = pos ? i64arg(2, REQUIRED) : 0;
    if (!conv) int_result(pos ? pwrite(fd, x->b, x->len, b) : write(fd, x->b, x->len));
  } else if (strcmp(f, "readv") == 0 || strcmp(f, "writev") == 0) {
    fd = cint(0, REQUIRED); v = bufsarg(1, &n);
    if (!conv) int_result(f[0] == 'r' ? readv(fd, v, n) : writev(fd, v, n));
  } else if (strcmp(f, "preadv") == 0 || strcmp(f, "pwritev") == 0) {
    /* CPython calls preadv2/pwritev2: offset -1 uses and advances the position. */
    fd = cint(0, REQUIRED); v = bufsarg(1, &n); b = i64arg(2, REQUIRED);
    if (!conv) {
      int rd = f[1] == 'r';
      int_result(b == -1 ? (rd ? readv(fd, v, n) : writev(fd, v, n)) : (rd ? preadv(fd, v, n, b) : pwritev(fd, v, n, b)));
    }
  } else if (strcmp(f, "lseek") == 0) {
    fd = cint(0, REQUIRED); a = i64arg(1, REQUIRED); n = cint(2, REQUIRED); if (!conv) int_result(lseek(fd, a, n));
  } else if (strcmp(f, "fstat") == 0) {
    fd = cint(0, REQUIRED); if (!conv) fstat_step(fd);
  } else if (strcmp(f, "fsync") == 0) {
    fd = fdarg(0); if (!conv) none_result(fsync(fd));
  } else if (strcmp(f, "fdatasync") == 0) {
    fd = fdarg(0); if (!conv) none_result(fdatasync(fd));
  } else if (strcmp(f, "ftruncate") == 0) {
    fd = cint(0, REQUIRED); a = i64arg(1, REQUIRED); if (!conv) none_result(ftruncate(fd, a));
  } else if (strcmp(f, "truncate") == 0) {
    p = patharg(0); a = i64arg(1, REQUIRED); if (!conv) none_result(truncate(p, a));
  } else if (strcmp(f, "isatty") == 0) {
    fd = cint(0, REQUIRED); if (!conv) bool_result(isatty(fd));
  } else if (strcmp(f, "device_encoding") == 0) {
    fd = cint(0, REQUIRED); if (!conv) { if (isatty(fd)) str_out("UTF-8"); else puts_("None"); }
  } else if (strcmp(f, "posix_fallocate") == 0) {
    fd = cint(0, REQUIRED); a = i64arg(1, REQUIRED); b = i64arg(2, REQUIRED);
    if (!conv) none_result(ret_errno(posix_fallocate(fd, a, b)));
  } else if (strcmp(f, "posix_fadvise") == 0) {
    fd = cint(0, REQUIRED); a = i64arg(1, REQUIRED); b = i64arg(2, REQUIRED); n = cint(3, REQUIRED);
    if (!conv) none_result(ret_errno(posix_fadvise(fd, a, b, n)));
  } else if (strcmp(f, "get_blocking") == 0) {
    fd = cint(0, REQUIRED); if (!conv) bool_result(get_blocking(fd));
  } else if (strcmp(f, "set_blocking") == 0) {
    fd = cint(0, REQUIRED); n = cint(1, REQUIRED); if (!conv) none_result(set_blocking(fd, n != 0)); /* a C int in CPython */
  } else if (strcmp(f, "get_inheritable") == 0) {
    fd = cint(0, REQUIRED); if (!conv) bool_result(get_inheritable(fd));
  } else if (strcmp(f, "set_inheritable") == 0) {
    fd = cint(0, REQUIRED); n = cint(1, REQUIRED); if (!conv) none_result(set_inheritable(fd, n != 0)); /* a C int in CPython */
  } else if (strcmp(f, "sendfile") == 0) {
    fd = cint(0, REQUIRED); fd2 = cint(1, REQUIRED); a = offarg(2, &has1); b = i64arg(3, REQUIRED);
    if (!conv) {
      off_t off = a;
      /* CPython passes count to Linux as a 64-bit size_t; wasm32's is 32 bits. A negative count
       * stays negative (Linux: EINVAL), as does one whose narrowing would hide Linux's overflow
       * check (position + count past 2^63-1: EINVAL); a larger one is clamped to MAX_RW, as Linux
       * clamps it anyway. */
      size_t c = (size_t)b;
      if (b < 0) c = (size_t)-1;
      else if (b > 0x7ffff000) {
        long long pos = has1 ? a : lseek(fd2, 0, SEEK_CUR);
        c = pos >= 0 && b > INT64_MAX - pos ? (size_t)-1 : 0x7ffff000;
      }
      int_result(sendfile(fd, fd2, has1 ? &off : NULL, c));
    }
  } else if (strcmp(f, "copy_file_range") == 0) {
    fd = cint(0, REQUIRED); fd2 = cint(1, REQUIRED); a = i64arg(2, REQUIRED);
    off_t os_ = offarg(3, &has1), od = offarg(4, &has2);
    if (!conv) {
      if (a < 0) { puts_("ValueError"); return; } /* CPython: "negative value" before the call */
      int_result(copy_file_range(fd, has1 ? &os_ : NULL, fd2, has2 ? &od : NULL, (size_t)(a > 0x7fffffff ? 0x7fffffff : a), 0));
    }
  } else if (strcmp(f, "strerror") == 0) {
    n = cint(0, REQUIRED); if (!conv) str_out(strerror(n));
  } else if (strcmp(f, "dup") == 0) {
    fd = cint(0, REQUIRED); if (!conv) fd_result(fcntl(fd, F_DUPFD_CLOEXEC, 0));
  } else if (strcmp(f, "dup2") == 0) {
    fd = cint(0, REQUIRED); fd2 = cint(1, REQUIRED); a = i64arg(2, 1);
    if (!conv) fd_result(a ? dup2(fd, fd2) : dup3(fd, fd2, O_CLOEXEC));
  } else if (strcmp(f, "fchmod") == 0) {
    fd = cint(0, REQUIRED); n = cint(1, REQUIRED); if (!conv) none_result(fchmod(fd, (mode_t)n));
  } else if (strcmp(f, "pipe") == 0 || strcmp(f, "pipe2") == 0) {
    int fds[2];
    if (f[4] == 0) { if (nargs > 0) conv = "TypeError"; else pipe_result(pipe2(fds, O_CLOEXEC), fds); }
    else { n = cint(0, REQUIRED); if (!conv) pipe_result(pipe2(fds, n), fds); }
  } else if (strcmp(f, "stat") == 0 || strcmp(f, "lstat") == 0) {
    path_stat_step(f[0] == 'l');
  } else if (strcmp(f, "listdir") == 0 || strcmp(f, "scandir") == 0) {
    dir_step(f[0] == 's');
  } else if (strcmp(f, "mkdir") == 0) {
    p = patharg(0); n = cint(1, 0777); if (!conv) none_result(mkdir(p, (mode_t)n));
  } else if (strcmp(f, "rmdir") == 0) {
    p = patharg(0); if (!conv) none_result(rmdir(p));
  } else if (strcmp(f, "unlink") == 0 || strcmp(f, "remove") == 0) {
    p = patharg(0); if (!conv) none_result(unlink(p));
  } else if (strcmp(f, "rename") == 0 || strcmp(f, "replace") == 0) {
    p = patharg(0); q = patharg(1); if (!conv) none_result(rename(p, q));
  } else if (strcmp(f, "symlink") == 0) {
    p = patharg(0); q = patharg(1); if (!conv) none_result(symlink(p, q));
  } else if (strcmp(f, "readlink") == 0) {
    p = patharg(0);
    if (!conv) {
      char buf[4097];
      ssize_t r = readlink(p, buf, sizeof buf - 1);
      if (r < 0) oserror();
      else { buf[r] = 0; str_out(buf); }
    }
  } else if (strcmp(f, "contents") == 0) {
    p = patharg(0); if (!conv) contents_step(p);
  } else {
    puts_("Unsupported "); puts_(f);
  }
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    char *fields[64];
    int nf = 0;
    /* Split on tabs, keeping empty fields (BIND may be empty). */
    for (char *s = argv[i];; ) {
      char *t = strchr(s, '\t');
      if (nf < 64) fields[nf++] = s;
      if (!t) break;
      *t = 0;
      s = t + 1;
    }
    const char *bind = nf > 0 ? fields[0] : "";
    const char *func = nf > 1 ? fields[1] : "";
    nargs = nf > 2 ? nf - 2 : 0;
    args = calloc((size_t)nargs + 1, sizeof(Arg));
    conv = NULL;
    const_ok = 1;
    for (int k = 0; k < nargs; k++) {
      parse_arg(fields[k + 2], &args[k]);
      if (args[k].kind == A_BAD) conv = "TypeError";
    }
    bound = -1;
    bound_tuple_n = 0;
    out_len = 0;
    puts_("");
    errno = 0;
    step(func);
    if (!const_ok) { out_len = 0; puts_("Unsupported "); puts_(func); }
    else if (conv) { out_len = 0; puts_(conv); }
    if (strchr(bind, ',')) {
      char *names = strdup(bind);
      int k = 0, count = 1;
      for (const char *c = bind; *c; c++) count += *c == ',';
      for (char *save, *t = strtok_r(names, ",", &save); t; t = strtok_r(NULL, ",", &save), k++)
        var_set(t, count == bound_tuple_n ? bound_tuple[k] : -1);
    } else if (*bind) var_set(bind, bound);
    puts_("\n");
    fwrite(out, 1, out_len, stdout);
    fflush(stdout);
  }
  return 0;
}
