/* fstat and the path stats (stat, lstat, fstatat): wasi-libc's conversion of preview1's
 * filestat, plus the permission bits and the FIFO type from wasi_os_v1.fd_mode_get (preview1's
 * filestat carries neither). Where the base cannot know modes (ENOSYS: node-wasi, wasmer)
 * st_mode has the type bits only, as wasi-libc gives.
 *
 * stat/lstat/fstatat live in one wasi-libc object with open() (so they cannot be replaced), but
 * all three call __wasilibc_nocwd_fstatat (wasi/libc-nocwd.h) after resolving the path against
 * the preopens: this file defines that function, which wasi-libc's own object then never joins. */
#include <string.h>
#include <wasi/api.h>
#include <wasi/libc-nocwd.h>
#include "wasi_os.h"
#include "imports.h"

#define LINUX_S_IFIFO 0010000

static mode_t type_bits(__wasi_filetype_t t) {
  switch (t) {
    case __WASI_FILETYPE_BLOCK_DEVICE: return S_IFBLK;
    case __WASI_FILETYPE_CHARACTER_DEVICE: return S_IFCHR;
    case __WASI_FILETYPE_DIRECTORY: return S_IFDIR;
    case __WASI_FILETYPE_REGULAR_FILE: return S_IFREG;
    case __WASI_FILETYPE_SOCKET_DGRAM:
    case __WASI_FILETYPE_SOCKET_STREAM: return S_IFSOCK;
    case __WASI_FILETYPE_SYMBOLIC_LINK: return S_IFLNK;
    default: return 0;
  }
}

static struct timespec ts(__wasi_timestamp_t t) {
  struct timespec r = {(time_t)(t / 1000000000u), (long)(t % 1000000000u)};
  return r;
}

static void from_filestat(const __wasi_filestat_t *fs, struct stat *out) {
  memset(out, 0, sizeof *out);
  out->st_dev = fs->dev;
  out->st_ino = fs->ino;
  out->st_nlink = fs->nlink;
  out->st_size = (off_t)fs->size;
  out->st_atim = ts(fs->atim);
  out->st_mtim = ts(fs->mtim);
  out->st_ctim = ts(fs->ctim);
  out->st_mode = type_bits(fs->filetype);
}

/* Adds what fd_mode_get knows of fd to out->st_mode. */
static void add_mode(int fd, struct stat *out) {
  uint32_t full;
  if (wasi_os_fd_mode_get(fd, &full) != 0) return;
  /* The ABI's type bits are Linux's; preview1 has no FIFO filetype (a pipe is UNKNOWN there).
   * wasi-libc's S_IFIFO is its S_IFSOCK (0xc000), so S_ISFIFO holds for a pipe. */
  if ((full & 0170000) == LINUX_S_IFIFO) out->st_mode = S_IFIFO;
  out->st_mode |= full & 07777;
}

int fstat(int fd, struct stat *out) {
  __wasi_filestat_t fs;
  int e = __wasi_fd_filestat_get(fd, &fs);
  if (e != 0) return wasi_os_fail(e);
  from_filestat(&fs, out);
  add_mode(fd, out);
  return 0;
}

/* After the lookup, a regular file or folder is opened (no rights asked, nothing created) for
 * fd_mode_get; other types (devices, FIFOs) are never opened, since opening can have effects.
 * A symlink not followed is 0o777, as on Linux. */
int __wasilibc_nocwd_fstatat(int dirfd, const char *restrict path, struct stat *restrict out, int flag) {
  if ((flag & ~AT_SYMLINK_NOFOLLOW) != 0) return wasi_os_fail(EINVAL);
  if (path[0] == 0) return wasi_os_fail(ENOENT); /* no AT_EMPTY_PATH, as Linux without it */
  __wasi_lookupflags_t look = (flag & AT_SYMLINK_NOFOLLOW) ? 0 : __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW;
  __wasi_filestat_t fs;
  int e = __wasi_path_filestat_get(dirfd, look, path, &fs);
  if (e != 0) return wasi_os_fail(e);
  from_filestat(&fs, out);
  if (fs.filetype == __WASI_FILETYPE_SYMBOLIC_LINK) out->st_mode |= 0777;
  if (fs.filetype == __WASI_FILETYPE_REGULAR_FILE || fs.filetype == __WASI_FILETYPE_DIRECTORY) {
    __wasi_oflags_t of = fs.filetype == __WASI_FILETYPE_DIRECTORY ? __WASI_OFLAGS_DIRECTORY : 0;
    __wasi_fd_t fd;
    if (__wasi_path_open(dirfd, look, path, of, 0, 0, 0, &fd) == 0) {
      add_mode((int)fd, out);
      (void)__wasi_fd_close(fd);
    }
  }
  return 0;
}
