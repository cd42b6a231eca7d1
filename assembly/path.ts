// Path resolution against preopens, as wasi-libc does: a relative path is joined to the process
// cwd ("/" until os.chdir, as wasi-libc's __wasilibc_cwd), preopen names
// and paths lose leading "/" and "./", the longest preopen prefix on a component boundary wins,
// and "" (a preopen named "/" or ".") matches every path.
import { fd_prestat_get, fd_prestat_dir_name, errno } from "./wasi/preview1";
import { OUT, PATH_BUF, PATH_MAX } from "./scratch";

class Preopen {
  constructor(public fd: i32, public prefix: string) {}
}

let preopens: Preopen[] | null = null;

/** The working directory, absolute; relative paths are joined to it (wasi-libc keeps one too). */
let cwd = "/";

/** Sets the working directory (absolute, already checked to be a directory by os.chdir). */
export function setCwd(path: string): void { cwd = path; }

/** The working directory. */
export function getCwd(): string { return cwd; }

/** wasi-libc's strip_prefixes: drop leading "/", "./" and a lone ".". */
function strip(p: string): string {
  let i = 0;
  const n = p.length;
  while (i < n) {
    const c = p.charCodeAt(i);
    if (c == 0x2f) { i++; continue; }
    if (c == 0x2e && i + 1 < n && p.charCodeAt(i + 1) == 0x2f) { i += 2; continue; }
    if (c == 0x2e && i + 1 == n) { i++; continue; }
    break;
  }
  return p.substring(i);
}

/** The preopens, enumerated once from fd 3 up until fd_prestat_get says EBADF. */
function list(): Preopen[] {
  let l = preopens;
  if (l !== null) return l;
  l = [];
  for (let fd = 3; ; fd++) {
    const e = fd_prestat_get(<u32>fd, OUT);
    if (e == errno.EBADF) break;
    if (e != 0 || load<u8>(OUT) != 0) continue; // not a directory preopen
    const len = load<u32>(OUT, 4);
    const name = new Uint8Array(len);
    if (fd_prestat_dir_name(<u32>fd, name.dataStart, len) != 0) continue;
    l.push(new Preopen(fd, strip(String.UTF8.decode(name.buffer))));
  }
  preopens = l;
  return l;
}

function prefixMatches(prefix: string, path: string): bool {
  if (prefix.length == 0) return true;
  if (!path.startsWith(prefix)) return false;
  let i = prefix.length;
  while (i > 0 && prefix.charCodeAt(i - 1) == 0x2f) i--;
  return i >= path.length || path.charCodeAt(i) == 0x2f;
}

/** Result of resolve(): the directory fd, and the relative path's UTF-8 bytes in PATH_BUF. */
export let resolvedLen: i32 = 0;

/**
 * Resolve `path` to (directory fd, relative path in buf[0..resolvedLen)); buf is PATH_BUF unless
 * given (PATH_BUF2 for a call's second path). Returns the fd, or -errno: ENOENT for "" or no
 * matching preopen (as wasi-libc), ENAMETOOLONG past PATH_MAX.
 */
export function resolve(path: string, buf: usize = PATH_BUF): i32 {
  if (path.length == 0) return -errno.ENOENT;
  // Relative paths join the cwd; then stripped: with cwd "/", "a", "/a", "./a" all become "a".
  const p = strip(path.charCodeAt(0) == 0x2f || cwd == "/" ? path : cwd + "/" + path);
  const l = list();
  let best = -1;
  let bestLen = -1;
  for (let i = 0; i < l.length; i++) {
    const pre = unchecked(l[i]);
    if (pre.prefix.length > bestLen && prefixMatches(pre.prefix, p)) {
      best = pre.fd;
      bestLen = pre.prefix.length;
    }
  }
  if (best < 0) return -errno.ENOENT;
  let rel = p.substring(bestLen);
  let k = 0;
  while (k < rel.length && rel.charCodeAt(k) == 0x2f) k++;
  rel = rel.substring(k);
  if (rel.length == 0) rel = "."; // *at calls take no empty path
  const n = String.UTF8.byteLength(rel);
  if (n >= PATH_MAX) return -errno.ENAMETOOLONG;
  resolvedLen = <i32>String.UTF8.encodeUnsafe(changetype<usize>(rel), rel.length, buf, false);
  return best;
}
