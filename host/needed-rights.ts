/**
 * The rights each preview1 call needs, per fd argument (the preview1 spec's table, as uvwasi
 * enforces it: measured by dropping each right of a node:wasi fd in turn). The adapter refuses a
 * call with ENOTCAPABLE when one of them was dropped with fd_fdstat_set_rights
 * (Base.droppedRights). Rights never granted at path_open are not checked here: wasmtime 49
 * ignores requested rights (it derives them from the open mode) and the bases answer those
 * cases as it does (BADF for reads/writes against the open mode).
 */
const bit = (n: number): bigint => 1n << BigInt(n);
export const R = {
  FD_DATASYNC: bit(0), FD_READ: bit(1), FD_SEEK: bit(2), FD_FDSTAT_SET_FLAGS: bit(3), FD_SYNC: bit(4),
  FD_TELL: bit(5), FD_WRITE: bit(6), FD_ADVISE: bit(7), FD_ALLOCATE: bit(8), PATH_CREATE_DIRECTORY: bit(9),
  PATH_CREATE_FILE: bit(10), PATH_LINK_SOURCE: bit(11), PATH_LINK_TARGET: bit(12), PATH_OPEN: bit(13),
  FD_READDIR: bit(14), PATH_READLINK: bit(15), PATH_RENAME_SOURCE: bit(16), PATH_RENAME_TARGET: bit(17),
  PATH_FILESTAT_GET: bit(18), PATH_FILESTAT_SET_SIZE: bit(19), PATH_FILESTAT_SET_TIMES: bit(20),
  FD_FILESTAT_GET: bit(21), FD_FILESTAT_SET_SIZE: bit(22), FD_FILESTAT_SET_TIMES: bit(23), PATH_SYMLINK: bit(24),
  PATH_REMOVE_DIRECTORY: bit(25), PATH_UNLINK_FILE: bit(26), POLL_FD_READWRITE: bit(27), SOCK_SHUTDOWN: bit(28),
} as const;

const O_CREAT = 1;
const O_TRUNC = 8;

/** For a call: the rights each of its fd arguments needs, in the order the fds appear. */
export type Needed = (args: readonly (number | bigint)[]) => readonly bigint[];

const one = (r: bigint): Needed => () => [r];

export const NEEDED_RIGHTS: Readonly<Record<string, Needed>> = {
  fd_advise: one(R.FD_ADVISE),
  fd_allocate: one(R.FD_ALLOCATE),
  fd_datasync: one(R.FD_DATASYNC),
  fd_sync: one(R.FD_SYNC),
  fd_fdstat_set_flags: one(R.FD_FDSTAT_SET_FLAGS),
  fd_filestat_get: one(R.FD_FILESTAT_GET),
  fd_filestat_set_size: one(R.FD_FILESTAT_SET_SIZE),
  fd_filestat_set_times: one(R.FD_FILESTAT_SET_TIMES),
  fd_read: one(R.FD_READ),
  fd_pread: one(R.FD_READ | R.FD_SEEK),
  fd_write: one(R.FD_WRITE),
  fd_pwrite: one(R.FD_WRITE | R.FD_SEEK),
  fd_readdir: one(R.FD_READDIR),
  fd_seek: one(R.FD_SEEK),
  fd_tell: one(R.FD_TELL),
  path_create_directory: one(R.PATH_CREATE_DIRECTORY),
  path_filestat_get: one(R.PATH_FILESTAT_GET),
  path_filestat_set_times: one(R.PATH_FILESTAT_SET_TIMES),
  path_link: () => [R.PATH_LINK_SOURCE, R.PATH_LINK_TARGET],
  // path_open(fd, dirflags, path, path_len, oflags, ...): oflags is argument 4.
  path_open: (args) => {
    const oflags = Number(args[4]);
    return [R.PATH_OPEN | ((oflags & O_CREAT) !== 0 ? R.PATH_CREATE_FILE : 0n) | ((oflags & O_TRUNC) !== 0 ? R.PATH_FILESTAT_SET_SIZE : 0n)];
  },
  path_readlink: one(R.PATH_READLINK),
  path_remove_directory: one(R.PATH_REMOVE_DIRECTORY),
  path_rename: () => [R.PATH_RENAME_SOURCE, R.PATH_RENAME_TARGET],
  path_symlink: one(R.PATH_SYMLINK),
  path_unlink_file: one(R.PATH_UNLINK_FILE),
};
