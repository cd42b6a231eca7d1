// Static scratch memory: out-parameters, iovec arrays and the copy buffer live here, so the
// byte-moving calls never allocate. Single-threaded guests only (wasm32 without threads).

/** 64 bytes for out-params (a FILESTAT is 64, an FDSTAT 24, a size 4/8). */
export const OUT: usize = memory.data(64, 8);
/** A second out-param slot, for calls that need one while OUT holds an fdstat. */
export const OUT2: usize = memory.data(16, 8);
/** How many iovecs fit in IOVS; longer buffer lists are moved in chunks of this many. */
// @ts-ignore: decorator
@inline export const IOV_CHUNK: i32 = 64;
/** iovec array: IOV_CHUNK entries of {buf: u32, len: u32}. */
export const IOVS: usize = memory.data(IOV_CHUNK * 8, 8);
/** Bounce buffer for sendfile's read/write loop. */
// @ts-ignore: decorator
@inline export const COPY_SIZE: i32 = 65536;
export const COPY_BUF: usize = memory.data(COPY_SIZE, 16);
/** NUL-free UTF-8 path bytes for path_open; longer paths get ENAMETOOLONG as Linux's PATH_MAX. */
// @ts-ignore: decorator
@inline export const PATH_MAX: i32 = 4096;
export const PATH_BUF: usize = memory.data(PATH_MAX, 8);
/** A second path buffer, for the calls that name two paths (rename, symlink). */
export const PATH_BUF2: usize = memory.data(PATH_MAX, 8);
