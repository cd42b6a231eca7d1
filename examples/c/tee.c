/*
 * tee [-a] FILE... — examples/tee.ts in C, on wasi-libc + libwasi_os.a: copies stdin to stdout
 * and to every FILE (truncated, or appended to with -a), as GNU tee. A FILE that cannot be
 * opened is reported ("tee: NAME: <strerror>"), the others still get the data, exit status 1.
 * stdout is written through dup(1), so every output is an fd of ours and closing them all never
 * closes fd 1 itself.
 *   echo hi | npx wasi-os run build/examples/c/tee.wasm out.txt
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "wasi_os.h"

#define MAX_OUTS 64

static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) return 0;
    p += w;
    n -= (size_t)w;
  }
  return 1;
}

int main(int argc, char **argv) {
  int append = 0, status = 0, n = 0;
  int outs[MAX_OUTS], failed[MAX_OUTS] = {0};
  const char *names[MAX_OUTS];
  int so = dup(1);
  outs[n] = so < 0 ? 1 : so;
  names[n++] = "standard output";
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-a") == 0 || strcmp(argv[i], "--append") == 0) { append = 1; continue; }
  }
  int flags = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC);
  for (int i = 1; i < argc && n < MAX_OUTS; i++) {
    if (strcmp(argv[i], "-a") == 0 || strcmp(argv[i], "--append") == 0) continue;
    int fd = open(argv[i], flags, 0666);
    if (fd < 0) { fprintf(stderr, "tee: %s: %s\n", argv[i], strerror(errno)); status = 1; continue; }
    outs[n] = fd;
    names[n++] = argv[i];
  }
  static char buf[65536];
  for (;;) {
    ssize_t got = read(0, buf, sizeof buf);
    if (got < 0) { fprintf(stderr, "tee: standard input: %s\n", strerror(errno)); status = 1; break; }
    if (got == 0) break;
    for (int k = 0; k < n; k++) {
      if (failed[k] || write_all(outs[k], buf, (size_t)got)) continue;
      fprintf(stderr, "tee: %s: %s\n", names[k], strerror(errno));
      failed[k] = 1;
      status = 1;
    }
  }
  for (int k = 0; k < n; k++) if (outs[k] != 1) close(outs[k]);
  return status;
}
