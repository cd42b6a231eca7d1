/*
 * pipeline 'CMD [ARGS] [< IN] | CMD ... [> OUT]' — a tiny shell-like runner, on wasi-libc +
 * libwasi_os.a. A WASI process cannot start programs, so the commands are built in (cat, grep
 * [-v] FIXED, tr SET1 SET2, head -n N, sort, wc -l|-w|-c); each reads fd 0 and writes fd 1, and
 * the runner wires them as sh does: pipe() between stages, dup2() of each end onto fd 0 / fd 1,
 * open() + dup2() for < and >, and dup2() of saved copies to restore stdio. The stages run one
 * after another in this one thread, so each stage's output must fit in the pipe (64 KiB, as
 * Linux): a longer one fails with EDEADLK instead of hanging. Exit status: the last stage's.
 *   npx wasi-os run --dir . build/examples/c/pipeline.wasm 'cat README.md | grep wasi | wc -l'
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wasi_os.h"

#define MAX_ARGS 32
#define MAX_STAGES 16

/* ---- the builtins: fd 0 in, fd 1 out ------------------------------------------------------- */

static int put(const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(1, p, n);
    if (w < 0) return 0;
    p += w;
    n -= (size_t)w;
  }
  return 1;
}

/* All of fd into a growing buffer (NUL-terminated); NULL with errno on a read error. */
static char *slurp(int fd, size_t *len) {
  size_t cap = 65536, n = 0;
  char *b = malloc(cap + 1);
  for (;;) {
    if (n == cap) b = realloc(b, (cap *= 2) + 1);
    ssize_t r = read(fd, b + n, cap - n);
    if (r < 0) { free(b); return NULL; }
    if (r == 0) break;
    n += (size_t)r;
  }
  b[n] = 0;
  *len = n;
  return b;
}

static int fail(const char *cmd, const char *what) {
  fprintf(stderr, "%s: %s: %s\n", cmd, what, strerror(errno));
  return 1;
}

static int cat(int argc, char **argv) {
  int status = 0;
  for (int i = argc > 1 ? 1 : 0; i < argc; i++) {
    int fd = argc > 1 ? open(argv[i], O_RDONLY) : 0;
    if (fd < 0) { status = fail("cat", argv[i]); continue; }
    size_t n;
    char *b = slurp(fd, &n);
    if (b == NULL) status = fail("cat", argc > 1 ? argv[i] : "-");
    else if (!put(b, n)) status = fail("cat", "write error");
    free(b);
    if (fd != 0) close(fd);
  }
  return status;
}

/* All of stdin (the builtins that filter lines split it themselves); NULL after reporting an error. */
static char *lines_of_stdin(size_t *n) {
  char *b = slurp(0, n);
  if (b == NULL) fail("pipeline", "standard input");
  return b;
}

static int grep(int argc, char **argv) {
  int invert = argc > 2 && strcmp(argv[1], "-v") == 0;
  if (argc != 2 + invert) { fprintf(stderr, "grep: usage: grep [-v] FIXED-STRING\n"); return 2; }
  const char *pat = argv[1 + invert];
  size_t n;
  char *b = lines_of_stdin(&n);
  if (b == NULL) return 2;
  int matched = 0;
  for (char *p = b; p < b + n;) {
    char *e = memchr(p, '\n', (size_t)(b + n - p));
    size_t len = e ? (size_t)(e - p) : (size_t)(b + n - p);
    char save = p[len];
    p[len] = 0;
    int hit = strstr(p, pat) != NULL;
    p[len] = save;
    if (hit != invert) { matched = 1; put(p, len); put("\n", 1); }
    p += len + (e != NULL);
  }
  free(b);
  return matched ? 0 : 1;
}

/* SET with a-z ranges expanded into out (256 max). */
static size_t expand(const char *set, unsigned char *out) {
  size_t k = 0;
  for (size_t i = 0; set[i] && k < 256; i++) {
    if (set[i + 1] == '-' && set[i + 2]) {
      for (int c = (unsigned char)set[i]; c <= (unsigned char)set[i + 2] && k < 256; c++) out[k++] = (unsigned char)c;
      i += 2;
    } else out[k++] = (unsigned char)set[i];
  }
  return k;
}

static int tr(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "tr: usage: tr SET1 SET2\n"); return 1; }
  unsigned char s1[256], s2[256], map[256];
  size_t n1 = expand(argv[1], s1), n2 = expand(argv[2], s2);
  for (int c = 0; c < 256; c++) map[c] = (unsigned char)c;
  /* As GNU tr, a shorter SET2 is padded with its last character. */
  for (size_t i = 0; i < n1 && n2 > 0; i++) map[s1[i]] = s2[i < n2 ? i : n2 - 1];
  size_t n;
  char *b = lines_of_stdin(&n);
  if (b == NULL) return 1;
  for (size_t i = 0; i < n; i++) b[i] = (char)map[(unsigned char)b[i]];
  int ok = put(b, n);
  free(b);
  return ok ? 0 : 1;
}

static int head(int argc, char **argv) {
  long want = 10;
  if (argc == 3 && strcmp(argv[1], "-n") == 0) want = atol(argv[2]);
  else if (argc != 1) { fprintf(stderr, "head: usage: head [-n N]\n"); return 1; }
  size_t n;
  char *b = lines_of_stdin(&n);
  if (b == NULL) return 1;
  size_t end = 0;
  for (long k = 0; k < want && end < n; k++) {
    char *e = memchr(b + end, '\n', n - end);
    end = e ? (size_t)(e - b) + 1 : n;
  }
  put(b, end);
  free(b);
  return 0;
}

static int cmp_line(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int sort(int argc, char **argv) {
  (void)argv;
  if (argc != 1) { fprintf(stderr, "sort: usage: sort\n"); return 2; }
  size_t n;
  char *b = lines_of_stdin(&n);
  if (b == NULL) return 2;
  size_t count = 0, cap = 64;
  char **lines = malloc(cap * sizeof *lines);
  for (char *p = b; p < b + n;) {
    char *e = memchr(p, '\n', (size_t)(b + n - p));
    if (e) *e = 0;
    if (count == cap) lines = realloc(lines, (cap *= 2) * sizeof *lines);
    lines[count++] = p;
    p = e ? e + 1 : b + n;
  }
  qsort(lines, count, sizeof *lines, cmp_line); /* bytewise: GNU sort under LC_ALL=C */
  for (size_t i = 0; i < count; i++) { put(lines[i], strlen(lines[i])); put("\n", 1); }
  free(lines);
  free(b);
  return 0;
}

static int wc(int argc, char **argv) {
  if (argc != 2 || (strcmp(argv[1], "-l") && strcmp(argv[1], "-w") && strcmp(argv[1], "-c"))) {
    fprintf(stderr, "wc: usage: wc -l|-w|-c\n");
    return 1;
  }
  size_t n;
  char *b = lines_of_stdin(&n);
  if (b == NULL) return 1;
  long long v = 0;
  if (argv[1][1] == 'c') v = (long long)n;
  else if (argv[1][1] == 'l') { for (size_t i = 0; i < n; i++) v += b[i] == '\n'; }
  else {
    int in = 0;
    for (size_t i = 0; i < n; i++) {
      int sp = b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r' || b[i] == '\v' || b[i] == '\f';
      if (!sp && !in) v++;
      in = !sp;
    }
  }
  free(b);
  char line[32];
  int len = snprintf(line, sizeof line, "%lld\n", v);
  return put(line, (size_t)len) ? 0 : 1;
}

static const struct { const char *name; int (*run)(int, char **); } BUILTINS[] = {
  {"cat", cat}, {"grep", grep}, {"tr", tr}, {"head", head}, {"sort", sort}, {"wc", wc},
};

/* ---- the runner ---------------------------------------------------------------------------- */

typedef struct {
  char *argv[MAX_ARGS + 1];
  int argc;
  char *in, *out; /* < and > targets, or NULL */
} Stage;

/* Splits the line into stages: words, 'single quoted' words, |, < and >. 0 on a syntax error. */
static int parse(const char *s, Stage *st, int *nst) {
  int n = 0;
  memset(st, 0, sizeof *st);
  char **redir = NULL;
  while (*s) {
    if (*s == ' ' || *s == '\t') { s++; continue; }
    if (*s == '|') {
      if (st[n].argc == 0 || redir || ++n == MAX_STAGES) return 0;
      memset(&st[n], 0, sizeof st[n]);
      s++;
      continue;
    }
    if (*s == '<' || *s == '>') {
      if (redir) return 0;
      redir = *s == '<' ? &st[n].in : &st[n].out;
      s++;
      continue;
    }
    char *w = malloc(strlen(s) + 1), *o = w;
    while (*s && !strchr(" \t|<>", *s)) {
      if (*s != '\'') { *o++ = *s++; continue; }
      for (s++; *s && *s != '\''; s++) *o++ = *s;
      if (*s++ != '\'') return 0;
    }
    *o = 0;
    if (redir) { *redir = w; redir = NULL; }
    else if (st[n].argc < MAX_ARGS) st[n].argv[st[n].argc++] = w;
  }
  if (redir || st[n].argc == 0) return 0;
  *nst = n + 1;
  return 1;
}

/* fd onto target (dup2) and closes fd; the runner's one way of wiring a stage. */
static int move_fd(int fd, int target) {
  if (fd == target) return 0;
  int r = dup2(fd, target);
  close(fd);
  return r < 0 ? -1 : 0;
}

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: pipeline 'CMD [ARGS] | CMD ...'\n"); return 2; }
  Stage st[MAX_STAGES];
  int n;
  if (!parse(argv[1], st, &n)) { fprintf(stderr, "pipeline: syntax error\n"); return 2; }
  int saved_in = dup(0), saved_out = dup(1);
  int next_in = -1, status = 0;
  for (int i = 0; i < n; i++) {
    int ok = 1;
    /* stdin: the previous stage's pipe, or ours; then a < redirection. */
    if (next_in >= 0) move_fd(next_in, 0);
    else dup2(saved_in, 0);
    next_in = -1;
    if (st[i].in) {
      int fd = open(st[i].in, O_RDONLY);
      if (fd < 0) { fprintf(stderr, "pipeline: %s: %s\n", st[i].in, strerror(errno)); ok = 0; }
      else move_fd(fd, 0);
    }
    /* stdout: a new pipe to the next stage, or ours; then a > redirection. */
    if (i + 1 < n) {
      int p[2];
      if (pipe(p) != 0) { fprintf(stderr, "pipeline: pipe: %s\n", strerror(errno)); return 2; }
      move_fd(p[1], 1);
      next_in = p[0];
    } else dup2(saved_out, 1);
    if (st[i].out) {
      int fd = open(st[i].out, O_WRONLY | O_CREAT | O_TRUNC, 0666);
      if (fd < 0) { fprintf(stderr, "pipeline: %s: %s\n", st[i].out, strerror(errno)); ok = 0; }
      else move_fd(fd, 1);
    }
    status = 127;
    if (!ok) status = 1;
    else {
      for (size_t k = 0; k < sizeof BUILTINS / sizeof BUILTINS[0]; k++)
        if (strcmp(st[i].argv[0], BUILTINS[k].name) == 0) status = BUILTINS[k].run(st[i].argc, st[i].argv);
      if (status == 127) fprintf(stderr, "pipeline: %s: not found\n", st[i].argv[0]);
    }
    /* Closing this stage's write end (dup2 over fd 1) is what lets the next one see EOF. */
    dup2(saved_out, 1);
  }
  dup2(saved_in, 0);
  close(saved_in);
  close(saved_out);
  return status;
}
