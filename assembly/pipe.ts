// pipe and pipe2: in-memory pipes the adapter owns on every base (docs/abi.md, `pipe`).
import { errno } from "./wasi/preview1";
import { pipe as ext_pipe, fd_inheritable_set, PIPE_NONBLOCK } from "./wasi/ext";
import { OUT2 } from "./scratch";
import { reset, setOSError } from "./error";
import { close } from "./open";
import { O_NONBLOCK, O_CLOEXEC } from "./constants";

/**
 * The two ends of a pipe, as os.pipe()'s tuple (r, w): read from `r`, write to `w`. Plain fds:
 * close each with os.close. Capacity 65536 bytes (Linux's default). Reading an empty pipe gives
 * b"" (EOF) once no write end is open; writing with no read end open: EPIPE. A blocking read of
 * an empty pipe whose write end is still open (or a blocking write to a full one) cannot wait in
 * a single-threaded guest: the host answers EDEADLK instead of hanging (non-blocking fds: EAGAIN).
 * lseek/pread/pwrite: ESPIPE; fstat: S_IFIFO | 0o600, size 0.
 */
export class Pipe {
  constructor(public r: i32, public w: i32) {}
}

function makePipe(func: string, flags: i32): Pipe | null {
  const e = ext_pipe(flags, OUT2);
  if (e != 0) { setOSError(func, e); return null; }
  return new Pipe(load<i32>(OUT2), load<i32>(OUT2, 4));
}

/** os.pipe(): a Pipe whose ends are the lowest free fds, not inheritable; null on error (EMFILE). */
export function pipe(): Pipe | null {
  reset();
  return makePipe("pipe", 0);
}

/**
 * os.pipe2(flags) (Linux): flags O_NONBLOCK and O_CLOEXEC. As pipe2(2), the ends are inheritable
 * unless O_CLOEXEC is given (os.pipe() is pipe2(O_CLOEXEC)). Other bits (Linux's O_DIRECT packet
 * mode included, which wasi-os pipes do not have): EINVAL.
 */
export function pipe2(flags: i32): Pipe | null {
  reset();
  if ((flags & ~(O_NONBLOCK | O_CLOEXEC)) != 0) { setOSError("pipe2", errno.EINVAL); return null; }
  const p = makePipe("pipe2", (flags & O_NONBLOCK) ? PIPE_NONBLOCK : 0);
  if (p === null) return null;
  if ((flags & O_CLOEXEC) == 0) {
    let e = fd_inheritable_set(<u32>p.r, 1);
    if (e == 0) e = fd_inheritable_set(<u32>p.w, 1);
    if (e != 0) { close(p.r); close(p.w); reset(); setOSError("pipe2", e); return null; }
  }
  return p;
}
