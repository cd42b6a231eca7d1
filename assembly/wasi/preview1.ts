// WASI preview1 imports used by wasi-os, declared directly (no wasi-shim), with the layouts
// and flag bits they take. Every function returns a WASI errno (see ../errno.ts); results go
// through out-pointers. Struct offsets are from the preview1 witx.

export { errno } from "../errno";

/** Read from fd into the iovecs; bytes read -> *nread. */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_read")
export declare function fd_read(fd: u32, iovs: usize, iovs_len: usize, nread: usize): u16;

/** Write the ciovecs to fd (at its position, or at the end with FDFLAGS.APPEND); bytes -> *nwritten. */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_write")
export declare function fd_write(fd: u32, iovs: usize, iovs_len: usize, nwritten: usize): u16;

/** Read at offset without moving the position (needs FD_READ and FD_SEEK). */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_pread")
export declare function fd_pread(fd: u32, iovs: usize, iovs_len: usize, offset: u64, nread: usize): u16;

/** Write at offset without moving the position (needs FD_WRITE and FD_SEEK). */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_pwrite")
export declare function fd_pwrite(fd: u32, iovs: usize, iovs_len: usize, offset: u64, nwritten: usize): u16;

/** Move the position; new position -> *newoffset. whence: WHENCE.* */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_seek")
export declare function fd_seek(fd: u32, offset: i64, whence: u8, newoffset: usize): u16;

/** Current position -> *offset (needs FD_TELL). */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_tell")
export declare function fd_tell(fd: u32, offset: usize): u16;

/** Close fd (preopens included). */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_close")
export declare function fd_close(fd: u32): u16;

/** fd's filetype, fdflags and rights -> *FDSTAT (24 bytes). */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_fdstat_get")
export declare function fd_fdstat_get(fd: u32, buf: usize): u16;

/** Replace fd's fdflags (APPEND, NONBLOCK, ...). */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_fdstat_set_flags")
export declare function fd_fdstat_set_flags(fd: u32, flags: u16): u16;

/** fd's attributes -> *FILESTAT (64 bytes). */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_filestat_get")
export declare function fd_filestat_get(fd: u32, buf: usize): u16;

/** Set the file's size (needs FD_FILESTAT_SET_SIZE). */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_filestat_set_size")
export declare function fd_filestat_set_size(fd: u32, size: u64): u16;

/** Flush data and metadata (needs FD_SYNC). */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_sync")
export declare function fd_sync(fd: u32): u16;

/** Flush data (needs FD_DATASYNC). */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_datasync")
export declare function fd_datasync(fd: u32): u16;

/** Ensure [offset, offset+len) is allocated (needs FD_ALLOCATE; many hosts answer NOTSUP). */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_allocate")
export declare function fd_allocate(fd: u32, offset: u64, len: u64): u16;

/** Access-pattern advice; advice: ADVICE.* (WASI numbering, not Linux's). */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_advise")
export declare function fd_advise(fd: u32, offset: u64, len: u64, advice: u8): u16;

/** Preopen description of fd -> *PRESTAT (8 bytes); EBADF past the last preopen. */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_prestat_get")
export declare function fd_prestat_get(fd: u32, buf: usize): u16;

/** Preopen's directory name (not NUL-terminated) -> buf[0..len). */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_prestat_dir_name")
export declare function fd_prestat_dir_name(fd: u32, path: usize, path_len: usize): u16;

/** Open path relative to directory fd; new fd -> *fd_out. */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "path_open")
export declare function path_open(
  dirfd: u32, dirflags: u32, path: usize, path_len: usize, oflags: u16,
  rights_base: u64, rights_inheriting: u64, fdflags: u16, fd_out: usize,
): u16;

/** Attributes of path (relative to directory fd) -> *FILESTAT (64 bytes). flags: LOOKUP_SYMLINK_FOLLOW. */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "path_filestat_get")
export declare function path_filestat_get(fd: u32, flags: u32, path: usize, path_len: usize, buf: usize): u16;

/**
 * Directory entries of directory fd from `cookie` on, packed as DIRENT headers each followed by
 * its name (not NUL-terminated) -> buf[0..buf_len); bytes written -> *bufused. bufused == buf_len
 * means the buffer filled up (the last entry may be cut): read on from the last whole entry's d_next.
 */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_readdir")
export declare function fd_readdir(fd: u32, buf: usize, buf_len: usize, cookie: u64, bufused: usize): u16;

/** Create a directory at path (relative to directory fd). */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "path_create_directory")
export declare function path_create_directory(fd: u32, path: usize, path_len: usize): u16;

/** Remove the empty directory at path (relative to directory fd). */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "path_remove_directory")
export declare function path_remove_directory(fd: u32, path: usize, path_len: usize): u16;

/** Remove the file or symbolic link at path (not a directory). */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "path_unlink_file")
export declare function path_unlink_file(fd: u32, path: usize, path_len: usize): u16;

/** Rename old_path (relative to fd) to new_path (relative to new_fd), replacing what is there. */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "path_rename")
export declare function path_rename(fd: u32, old_path: usize, old_path_len: usize, new_fd: u32, new_path: usize, new_path_len: usize): u16;

/** Create a symbolic link new_path (relative to fd) whose target is the string old_path, stored as given. */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "path_symlink")
export declare function path_symlink(old_path: usize, old_path_len: usize, fd: u32, new_path: usize, new_path_len: usize): u16;

/** The target of the symbolic link at path -> buf[0..buf_len) (cut if longer); bytes written -> *bufused. */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "path_readlink")
export declare function path_readlink(fd: u32, path: usize, path_len: usize, buf: usize, buf_len: usize, bufused: usize): u16;

/** Sizes of the argument vector -> *argc, *argv_buf_size. */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "args_sizes_get")
export declare function args_sizes_get(argc: usize, argv_buf_size: usize): u16;

/** Argument pointers -> argv[], NUL-terminated strings -> argv_buf. */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "args_get")
export declare function args_get(argv: usize, argv_buf: usize): u16;

/** Sizes of the environment -> *count, *environ_buf_size. */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "environ_sizes_get")
export declare function environ_sizes_get(count: usize, buf_size: usize): u16;

/** Environment pointers -> environ[], NUL-terminated "NAME=value" strings -> environ_buf. */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "environ_get")
export declare function environ_get(environ: usize, environ_buf: usize): u16;

/** End the process with the exit code. */
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "proc_exit")
export declare function proc_exit(code: u32): void;

/** filetype values (FDSTAT.filetype, FILESTAT.filetype). No FIFO: pipes show as UNKNOWN or CHR. */
export namespace FILETYPE {
  // @ts-ignore: decorator
  @inline export const UNKNOWN: u8 = 0;
  // @ts-ignore: decorator
  @inline export const BLOCK_DEVICE: u8 = 1;
  // @ts-ignore: decorator
  @inline export const CHARACTER_DEVICE: u8 = 2;
  // @ts-ignore: decorator
  @inline export const DIRECTORY: u8 = 3;
  // @ts-ignore: decorator
  @inline export const REGULAR_FILE: u8 = 4;
  // @ts-ignore: decorator
  @inline export const SOCKET_DGRAM: u8 = 5;
  // @ts-ignore: decorator
  @inline export const SOCKET_STREAM: u8 = 6;
  // @ts-ignore: decorator
  @inline export const SYMBOLIC_LINK: u8 = 7;
}

/** fdflags bits. */
export namespace FDFLAGS {
  // @ts-ignore: decorator
  @inline export const APPEND: u16 = 1;
  // @ts-ignore: decorator
  @inline export const DSYNC: u16 = 2;
  // @ts-ignore: decorator
  @inline export const NONBLOCK: u16 = 4;
  // @ts-ignore: decorator
  @inline export const RSYNC: u16 = 8;
  // @ts-ignore: decorator
  @inline export const SYNC: u16 = 16;
}

/** path_open oflags bits. */
export namespace OFLAGS {
  // @ts-ignore: decorator
  @inline export const CREAT: u16 = 1;
  // @ts-ignore: decorator
  @inline export const DIRECTORY: u16 = 2;
  // @ts-ignore: decorator
  @inline export const EXCL: u16 = 4;
  // @ts-ignore: decorator
  @inline export const TRUNC: u16 = 8;
}

/** lookupflags bits. */
// @ts-ignore: decorator
@inline export const LOOKUP_SYMLINK_FOLLOW: u32 = 1;

/** fd_seek whence (same numbers as Linux SEEK_*). */
export namespace WHENCE {
  // @ts-ignore: decorator
  @inline export const SET: u8 = 0;
  // @ts-ignore: decorator
  @inline export const CUR: u8 = 1;
  // @ts-ignore: decorator
  @inline export const END: u8 = 2;
}

/** fd_advise advice (WASI order: SEQUENTIAL=1, RANDOM=2; Linux swaps those two). */
export namespace ADVICE {
  // @ts-ignore: decorator
  @inline export const NORMAL: u8 = 0;
  // @ts-ignore: decorator
  @inline export const SEQUENTIAL: u8 = 1;
  // @ts-ignore: decorator
  @inline export const RANDOM: u8 = 2;
  // @ts-ignore: decorator
  @inline export const WILLNEED: u8 = 3;
  // @ts-ignore: decorator
  @inline export const DONTNEED: u8 = 4;
  // @ts-ignore: decorator
  @inline export const NOREUSE: u8 = 5;
}

/** Rights bits (only the ones wasi-os asks about or requests). */
export namespace RIGHTS {
  // @ts-ignore: decorator
  @inline export const FD_DATASYNC: u64 = 1 << 0;
  // @ts-ignore: decorator
  @inline export const FD_READ: u64 = 1 << 1;
  // @ts-ignore: decorator
  @inline export const FD_SEEK: u64 = 1 << 2;
  // @ts-ignore: decorator
  @inline export const FD_FDSTAT_SET_FLAGS: u64 = 1 << 3;
  // @ts-ignore: decorator
  @inline export const FD_SYNC: u64 = 1 << 4;
  // @ts-ignore: decorator
  @inline export const FD_TELL: u64 = 1 << 5;
  // @ts-ignore: decorator
  @inline export const FD_WRITE: u64 = 1 << 6;
  // @ts-ignore: decorator
  @inline export const FD_ADVISE: u64 = 1 << 7;
  // @ts-ignore: decorator
  @inline export const FD_ALLOCATE: u64 = 1 << 8;
  // @ts-ignore: decorator
  @inline export const FD_READDIR: u64 = 1 << 14;
  // @ts-ignore: decorator
  @inline export const FD_FILESTAT_GET: u64 = 1 << 21;
  // @ts-ignore: decorator
  @inline export const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
}

/** FDSTAT layout (24 bytes): filetype u8 @0, flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16. */
export namespace FDSTAT {
  // @ts-ignore: decorator
  @inline export const SIZE: usize = 24;
  // @ts-ignore: decorator
  @inline export const FILETYPE: usize = 0;
  // @ts-ignore: decorator
  @inline export const FLAGS: usize = 2;
  // @ts-ignore: decorator
  @inline export const RIGHTS_BASE: usize = 8;
  // @ts-ignore: decorator
  @inline export const RIGHTS_INHERITING: usize = 16;
}

/** FILESTAT layout (64 bytes): dev, ino, filetype (u8), nlink, size, atim, mtim, ctim. */
export namespace FILESTAT {
  // @ts-ignore: decorator
  @inline export const SIZE: usize = 64;
  // @ts-ignore: decorator
  @inline export const DEV: usize = 0;
  // @ts-ignore: decorator
  @inline export const INO: usize = 8;
  // @ts-ignore: decorator
  @inline export const FILETYPE: usize = 16;
  // @ts-ignore: decorator
  @inline export const NLINK: usize = 24;
  // @ts-ignore: decorator
  @inline export const FSIZE: usize = 32;
  // @ts-ignore: decorator
  @inline export const ATIM: usize = 40;
  // @ts-ignore: decorator
  @inline export const MTIM: usize = 48;
  // @ts-ignore: decorator
  @inline export const CTIM: usize = 56;
}

/** DIRENT layout (24-byte header, then d_namlen name bytes): d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20. */
export namespace DIRENT {
  // @ts-ignore: decorator
  @inline export const SIZE: usize = 24;
  // @ts-ignore: decorator
  @inline export const NEXT: usize = 0;
  // @ts-ignore: decorator
  @inline export const INO: usize = 8;
  // @ts-ignore: decorator
  @inline export const NAMLEN: usize = 16;
  // @ts-ignore: decorator
  @inline export const TYPE: usize = 20;
}
