/* fchmod through wasi_os_v1.fd_chmod; fchmodat/chmod open the path read-only (a directory with
 * O_DIRECTORY) and chmod that fd, since the ABI has no path form. */
#include "wasi_os.h"
#include "imports.h"

int fchmod(int fd, mode_t mode) {
  int e = wasi_os_fd_chmod(fd, (int32_t)(mode & 07777));
  return e != 0 ? wasi_os_fail(e) : 0;
}

int fchmodat(int dirfd, const char *path, mode_t mode, int flags) {
  if ((flags & ~AT_SYMLINK_NOFOLLOW) != 0) return wasi_os_fail(EINVAL);
  struct stat st;
  if (fstatat(dirfd, path, &st, flags) != 0) return -1;
  /* glibc with AT_SYMLINK_NOFOLLOW: a symlink's own mode cannot be changed (ENOTSUP). */
  if (S_ISLNK(st.st_mode)) return wasi_os_fail(ENOTSUP);
  int oflags = O_RDONLY | (S_ISDIR(st.st_mode) ? O_DIRECTORY : 0);
  int fd = dirfd == AT_FDCWD ? open(path, oflags) : openat(dirfd, path, oflags);
  if (fd < 0) return -1;
  int r = fchmod(fd, mode);
  int saved = errno;
  close(fd);
  errno = saved;
  return r;
}

int chmod(const char *path, mode_t mode) { return fchmodat(AT_FDCWD, path, mode, 0); }
