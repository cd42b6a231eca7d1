// Python's os constants with their Linux values (CPython on Linux is the oracle). They are
// translated to WASI oflags/fdflags/advice inside the calls, never passed through raw.

// @ts-ignore: decorator
@inline export const O_RDONLY: i32 = 0;
// @ts-ignore: decorator
@inline export const O_WRONLY: i32 = 1;
// @ts-ignore: decorator
@inline export const O_RDWR: i32 = 2;
// @ts-ignore: decorator
@inline export const O_ACCMODE: i32 = 3;
// @ts-ignore: decorator
@inline export const O_CREAT: i32 = 0o100;
// @ts-ignore: decorator
@inline export const O_EXCL: i32 = 0o200;
// @ts-ignore: decorator
@inline export const O_NOCTTY: i32 = 0o400;
// @ts-ignore: decorator
@inline export const O_TRUNC: i32 = 0o1000;
// @ts-ignore: decorator
@inline export const O_APPEND: i32 = 0o2000;
// @ts-ignore: decorator
@inline export const O_NONBLOCK: i32 = 0o4000;
// @ts-ignore: decorator
@inline export const O_DSYNC: i32 = 0o10000;
// @ts-ignore: decorator
@inline export const O_DIRECTORY: i32 = 0o200000;
// @ts-ignore: decorator
@inline export const O_NOFOLLOW: i32 = 0o400000;
// @ts-ignore: decorator
@inline export const O_CLOEXEC: i32 = 0o2000000;
// @ts-ignore: decorator
@inline export const O_SYNC: i32 = 0o4010000;
/** Linux defines O_RSYNC as O_SYNC. */
// @ts-ignore: decorator
@inline export const O_RSYNC: i32 = 0o4010000;

// @ts-ignore: decorator
@inline export const SEEK_SET: i32 = 0;
// @ts-ignore: decorator
@inline export const SEEK_CUR: i32 = 1;
// @ts-ignore: decorator
@inline export const SEEK_END: i32 = 2;
// Linux's lseek whences for sparse files (preview1 lacks them: the extension's fd_seek_data).
// @ts-ignore: decorator
@inline export const SEEK_DATA: i32 = 3;
// @ts-ignore: decorator
@inline export const SEEK_HOLE: i32 = 4;

// @ts-ignore: decorator
@inline export const S_IFMT: i32 = 0o170000;
// @ts-ignore: decorator
@inline export const S_IFSOCK: i32 = 0o140000;
// @ts-ignore: decorator
@inline export const S_IFLNK: i32 = 0o120000;
// @ts-ignore: decorator
@inline export const S_IFREG: i32 = 0o100000;
// @ts-ignore: decorator
@inline export const S_IFBLK: i32 = 0o060000;
// @ts-ignore: decorator
@inline export const S_IFDIR: i32 = 0o040000;
// @ts-ignore: decorator
@inline export const S_IFCHR: i32 = 0o020000;
// @ts-ignore: decorator
@inline export const S_IFIFO: i32 = 0o010000;

/** Linux numbering (RANDOM=1, SEQUENTIAL=2), mapped to WASI's order in posix_fadvise. */
// @ts-ignore: decorator
@inline export const POSIX_FADV_NORMAL: i32 = 0;
// @ts-ignore: decorator
@inline export const POSIX_FADV_RANDOM: i32 = 1;
// @ts-ignore: decorator
@inline export const POSIX_FADV_SEQUENTIAL: i32 = 2;
// @ts-ignore: decorator
@inline export const POSIX_FADV_WILLNEED: i32 = 3;
// @ts-ignore: decorator
@inline export const POSIX_FADV_DONTNEED: i32 = 4;
// @ts-ignore: decorator
@inline export const POSIX_FADV_NOREUSE: i32 = 5;

/**
 * Python's `None` for an offset argument (pread/pwrite-style "use and advance the position"):
 * i64.MIN_VALUE, which no caller passes as a real offset (negative offsets are errors anyway).
 */
// @ts-ignore: decorator
@inline export const NONE: i64 = i64.MIN_VALUE;
