// The wasi-os extension ABI, version 1 (docs/abi.md is the contract, src/abi/ext.ts the same
// table in code; tests/abi.test.ts checks these declarations against it). What preview1 lacks:
// dup, dup2, close_range, chmod, the full st_mode, the inheritable flag, copy_file_range, pipe,
// and a way to ask the host how it does a function.
//
// Every function returns a WASI errno (0 = success; WASI numbers, see ../errno.ts); results go
// through out-pointers. fds are the guest fds preview1 calls take. Offsets and counts are i64;
// "use and advance the fd's own position" (Python's None) is a flag bit, never a magic offset.
// The adapter always supplies every function; one a base cannot do answers ENOSYS or ENOTSUP.

/** Import namespace of this ABI version. */
export const EXT_MODULE = "wasi_os_v1";
/** The ABI version this guest library is built against. */
// @ts-ignore: decorator
@inline export const EXT_VERSION: u32 = 1;

/** `fd_copy_range` flag: read at fd_src's position and advance it (offset_src is ignored). */
// @ts-ignore: decorator
@inline export const COPY_USE_POS_SRC: i32 = 1;
/** `fd_copy_range` flag: write at fd_dst's position and advance it (offset_dst is ignored). */
// @ts-ignore: decorator
@inline export const COPY_USE_POS_DST: i32 = 2;
/** `fd_dup2` flag: the new fd is inheritable (Python's default for dup2). */
// @ts-ignore: decorator
@inline export const DUP2_INHERITABLE: i32 = 1;
/** `pipe` flag: both ends non-blocking (EAGAIN instead of EDEADLK). */
// @ts-ignore: decorator
@inline export const PIPE_NONBLOCK: i32 = 1;

/** Availability levels written by `availability` (index = the number). */
export namespace LEVEL {
  // @ts-ignore: decorator
  @inline export const NATIVE: u32 = 0;
  // @ts-ignore: decorator
  @inline export const EMULATED: u32 = 1;
  // @ts-ignore: decorator
  @inline export const FALLBACK: u32 = 2;
  // @ts-ignore: decorator
  @inline export const NOT_AVAILABLE: u32 = 3;
}

/** Writes the namespace's version (1) -> *version. Errors: EFAULT. */
// @ts-ignore: decorator
@external("wasi_os_v1", "abi_version")
export declare function abi_version(version: usize): i32;

/**
 * Duplicates fd onto the lowest free guest fd -> *new_fd. Both share one open description
 * (offset, status flags); the new fd is not inheritable. Errors: EBADF, EMFILE, EFAULT.
 */
// @ts-ignore: decorator
@external("wasi_os_v1", "fd_dup")
export declare function fd_dup(fd: u32, new_fd: usize): i32;

/**
 * Makes fd2 refer to fd's open description, closing what fd2 referred to first; fd2 -> *new_fd.
 * flags: DUP2_INHERITABLE. fd2 == fd: unchanged with DUP2_INHERITABLE, else EINVAL (dup3).
 * Errors: EBADF (fd not open, fd2 stays open; fd2 negative or beyond the fd limit), EINVAL, EFAULT.
 */
// @ts-ignore: decorator
@external("wasi_os_v1", "fd_dup2")
export declare function fd_dup2(fd: u32, fd2: i32, flags: i32, new_fd: usize): i32;

/** Closes every open guest fd in [fd_low, fd_high), ignoring errors of single closes. Returns 0. */
// @ts-ignore: decorator
@external("wasi_os_v1", "fd_close_range")
export declare function fd_close_range(fd_low: i32, fd_high: i32): i32;

/**
 * Sets the permission bits (mode & 0o7777) of fd's file, whatever fd's access mode. Stored and
 * reported, never enforced. Errors: EBADF; ENOSYS where the base cannot reach the mode.
 */
// @ts-ignore: decorator
@external("wasi_os_v1", "fd_chmod")
export declare function fd_chmod(fd: u32, mode: i32): i32;

/**
 * The full st_mode (S_IF* type bits and permission bits) -> *mode; pipes are S_IFIFO | 0o600.
 * Errors: EBADF; ENOSYS where the base cannot know the bits; EFAULT.
 */
// @ts-ignore: decorator
@external("wasi_os_v1", "fd_mode_get")
export declare function fd_mode_get(fd: u32, mode: usize): i32;

/**
 * lseek SEEK_DATA (whence 3) / SEEK_HOLE (4): the next offset at or after `offset` in data / in
 * a hole (the end of the file is one) -> *new_offset (u64), and the position moves there.
 * Errors: EBADF; ENXIO at or past the end (negative offsets too); EINVAL other whences or a
 * directory; ESPIPE pipes; ENOSYS on opaque bases (the caller answers from fstat: all data).
 */
// @ts-ignore: decorator
@external("wasi_os_v1", "fd_seek_data")
export declare function fd_seek_data(fd: u32, offset: i64, whence: i32, new_offset: usize): i32;

/** The largest file size of fd's file system (Linux's s_maxbytes) -> *max (u64). Errors: EBADF, EFAULT. */
// @ts-ignore: decorator
@external("wasi_os_v1", "fd_size_max_get")
export declare function fd_size_max_get(fd: u32, max: usize): i32;

/** fd's inheritable flag (1 or 0) -> *inheritable (u32). Errors: EBADF, EFAULT. */
// @ts-ignore: decorator
@external("wasi_os_v1", "fd_inheritable_get")
export declare function fd_inheritable_get(fd: u32, inheritable: usize): i32;

/** Sets fd's inheritable flag (nonzero = inheritable). Stored and reported only. Errors: EBADF. */
// @ts-ignore: decorator
@external("wasi_os_v1", "fd_inheritable_set")
export declare function fd_inheritable_set(fd: u32, inheritable: i32): i32;

/**
 * Linux copy_file_range(2): copies up to count bytes from fd_src to fd_dst; bytes copied -> *copied
 * (u64; 0 at or past the source's end). flags: COPY_USE_POS_SRC / COPY_USE_POS_DST (use and
 * advance the fd's position; the offset argument is ignored), otherwise the offset is used and
 * the position stays. scratch[0..scratch_len) is guest memory lent for this call only (at least
 * 4096 bytes; a host on an opaque base moves bytes through it, and through nothing else).
 * Errors in Linux's order: EBADF, EISDIR, EINVAL (not regular), EBADF (access, O_APPEND),
 * EOVERFLOW/EINVAL (negative positions), EFBIG, EINVAL (overlap in one file), EXDEV, ENOSYS, EFAULT.
 */
// @ts-ignore: decorator
@external("wasi_os_v1", "fd_copy_range")
export declare function fd_copy_range(
  fd_src: u32, fd_dst: u32, count: i64, offset_src: i64, offset_dst: i64, flags: i32,
  scratch: usize, scratch_len: i32, copied: usize,
): i32;

/**
 * Creates an in-memory pipe (capacity 65536): read end then write end -> fds[0], fds[1] (u32 each),
 * lowest free fds, not inheritable. flags: PIPE_NONBLOCK. A blocking read of an empty pipe with
 * a writer left (or a write to a full one) answers EDEADLK instead of hanging.
 */
// @ts-ignore: decorator
@external("wasi_os_v1", "pipe")
export declare function pipe(flags: i32, fds: usize): i32;

/**
 * How this host does the guest os function name[0..name_len) (UTF-8): level (LEVEL.*) -> *level,
 * the errno it gives when not available (0 otherwise) -> *errno. Errors: ENOENT (unknown name), EFAULT.
 */
// @ts-ignore: decorator
@external("wasi_os_v1", "availability")
export declare function availability(name: usize, name_len: i32, level: usize, errno: usize): i32;
