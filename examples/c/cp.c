/*
 * cp [-v] SRC DST   |   cp [-v] SRC... DIR — examples/cp.ts in C, on wasi-libc + libwasi_os.a.
 * Copies regular files as GNU cp does (no -r, no -p): a new DST gets SRC's permission bits minus
 * the umask (022: WASI has none), an existing one is truncated and keeps its own. The bytes move
 * with copy_file_range (host-side where the base can) and the fallback rule of mature copiers:
 * read/write only if the FIRST call fails with ENOSYS, EXDEV, EPERM, ENOTSUP, EINVAL or EBADF,
 * or copies 0 bytes; after progress an error is reported. -v prints
 *   'SRC' -> 'DST' (copy_file_range)    or    'SRC' -> 'DST' (fallback)
 * Build: npm run build (build/examples/c/cp.wasm); run: npx wasi-os run --dir . build/examples/c/cp.wasm a b
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "wasi_os.h"

#define UMASK 022
#define CHUNK (1 << 30)

static int falls_back(int e) { return e == ENOSYS || e == EXDEV || e == EPERM || e == ENOTSUP || e == EINVAL || e == EBADF; }

/* src's bytes from its position to dst's; the path taken in *path. -1 with errno on failure. */
static long long copy(int src, int dst, const char **path) {
  long long done = 0;
  *path = "copy_file_range";
  for (;;) {
    ssize_t n = copy_file_range(src, NULL, dst, NULL, CHUNK, 0);
    if (n < 0 && (done > 0 || !falls_back(errno))) return -1;
    if (n < 0 || (n == 0 && done == 0)) break;
    if (n == 0) return done;
    done += n;
  }
  *path = "fallback";
  static char buf[65536];
  for (;;) {
    ssize_t got = read(src, buf, sizeof buf);
    if (got < 0) return -1;
    if (got == 0) return done;
    for (ssize_t put = 0; put < got;) {
      ssize_t w = write(dst, buf + put, (size_t)(got - put));
      if (w < 0) return -1;
      put += w;
      done += w;
    }
  }
}

static const char *base_name(const char *p, char *out, size_t cap) {
  size_t end = strlen(p);
  while (end > 1 && p[end - 1] == '/') end--;
  size_t s = end;
  while (s > 0 && p[s - 1] != '/') s--;
  snprintf(out, cap, "%.*s", (int)(end - s), p + s);
  return out;
}

static int copy_one(const char *src, const char *dst, int verbose) {
  struct stat sst, dst0;
  if (stat(src, &sst) != 0) { fprintf(stderr, "cp: cannot stat '%s': %s\n", src, strerror(errno)); return 0; }
  if (S_ISDIR(sst.st_mode)) { fprintf(stderr, "cp: -r not specified; omitting directory '%s'\n", src); return 0; }
  int existed = stat(dst, &dst0) == 0;
  if (existed && dst0.st_ino == sst.st_ino && dst0.st_dev == sst.st_dev) {
    fprintf(stderr, "cp: '%s' and '%s' are the same file\n", src, dst);
    return 0;
  }
  int s = open(src, O_RDONLY);
  if (s < 0) { fprintf(stderr, "cp: cannot open '%s' for reading: %s\n", src, strerror(errno)); return 0; }
  int d = open(dst, O_WRONLY | O_CREAT | O_TRUNC, sst.st_mode & 07777);
  if (d < 0) {
    fprintf(stderr, "cp: cannot create regular file '%s': %s\n", dst, strerror(errno));
    close(s);
    return 0;
  }
  /* wasi-libc's open drops the mode: apply it to a file this call created, as open(2) would. */
  if (!existed && fchmod(d, sst.st_mode & 07777 & ~UMASK) != 0 && errno != ENOSYS) {
    fprintf(stderr, "cp: setting permissions for '%s': %s\n", dst, strerror(errno));
  }
  const char *path;
  int ok = copy(s, d, &path) >= 0;
  if (!ok) fprintf(stderr, "cp: error copying '%s' to '%s': %s\n", src, dst, strerror(errno));
  else if (verbose) printf("'%s' -> '%s' (%s)\n", src, dst, path);
  close(s);
  if (close(d) != 0 && ok) { fprintf(stderr, "cp: failed to close '%s': %s\n", dst, strerror(errno)); ok = 0; }
  return ok;
}

int main(int argc, char **argv) {
  int verbose = 0, n = 0;
  const char *paths[256];
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0) verbose = 1;
    else if (n < 256) paths[n++] = argv[i];
  }
  if (n < 2) {
    if (n == 0) fprintf(stderr, "cp: missing file operand\n");
    else fprintf(stderr, "cp: missing destination file operand after '%s'\n", paths[0]);
    fprintf(stderr, "Try 'cp --help' for more information.\n");
    return 1;
  }
  const char *target = paths[n - 1];
  struct stat tst;
  int target_dir = stat(target, &tst) == 0 && S_ISDIR(tst.st_mode);
  if (n > 2 && !target_dir) { fprintf(stderr, "cp: target '%s' is not a directory\n", target); return 1; }
  int status = 0;
  for (int i = 0; i < n - 1; i++) {
    char dst[4096], name[1024];
    if (target_dir) {
      size_t tl = strlen(target);
      snprintf(dst, sizeof dst, "%s%s%s", target, tl > 0 && target[tl - 1] == '/' ? "" : "/", base_name(paths[i], name, sizeof name));
    } else snprintf(dst, sizeof dst, "%s", target);
    if (!copy_one(paths[i], dst, verbose)) status = 1;
  }
  return status;
}
