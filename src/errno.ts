/**
 * The one host-side errno table: WASI preview1 errno numbers and their names.
 *
 * Names are the POSIX names without the leading `E` removed (`EBADF`), so they compare
 * directly with CPython's `errno.errorcode` on Linux. Numbers are WASI's, which differ
 * from Linux's (WASI EXDEV is 75, Linux EOVERFLOW is 75): never compare numbers across.
 */
const NAMES = [
  "ESUCCESS", "E2BIG", "EACCES", "EADDRINUSE", "EADDRNOTAVAIL", "EAFNOSUPPORT", "EAGAIN",
  "EALREADY", "EBADF", "EBADMSG", "EBUSY", "ECANCELED", "ECHILD", "ECONNABORTED",
  "ECONNREFUSED", "ECONNRESET", "EDEADLK", "EDESTADDRREQ", "EDOM", "EDQUOT", "EEXIST",
  "EFAULT", "EFBIG", "EHOSTUNREACH", "EIDRM", "EILSEQ", "EINPROGRESS", "EINTR", "EINVAL",
  "EIO", "EISCONN", "EISDIR", "ELOOP", "EMFILE", "EMLINK", "EMSGSIZE", "EMULTIHOP",
  "ENAMETOOLONG", "ENETDOWN", "ENETRESET", "ENETUNREACH", "ENFILE", "ENOBUFS", "ENODEV",
  "ENOENT", "ENOEXEC", "ENOLCK", "ENOLINK", "ENOMEM", "ENOMSG", "ENOPROTOOPT", "ENOSPC",
  "ENOSYS", "ENOTCONN", "ENOTDIR", "ENOTEMPTY", "ENOTRECOVERABLE", "ENOTSOCK", "ENOTSUP",
  "ENOTTY", "ENXIO", "EOVERFLOW", "EOWNERDEAD", "EPERM", "EPIPE", "EPROTO",
  "EPROTONOSUPPORT", "EPROTOTYPE", "ERANGE", "EROFS", "ESPIPE", "ESRCH", "ESTALE",
  "ETIMEDOUT", "ETXTBSY", "EXDEV", "ENOTCAPABLE",
] as const;

export type ErrnoName = (typeof NAMES)[number];

/** WASI errno numbers by name: `Errno.EBADF === 8`. */
export const Errno = Object.freeze(
  Object.fromEntries(NAMES.map((name, i) => [name, i])) as { readonly [K in ErrnoName]: number },
);

/** The name of a WASI errno number (`errnoName(8) === "EBADF"`), or `E#<n>` for unknown numbers. */
export function errnoName(errno: number): string {
  return NAMES[errno] ?? `E#${errno}`;
}

/** The WASI number of an errno name, or undefined. */
export function errnoNumber(name: string): number | undefined {
  const i = (NAMES as readonly string[]).indexOf(name);
  return i < 0 ? undefined : i;
}

/** Every errno name, in WASI number order. */
export const ERRNO_NAMES: readonly ErrnoName[] = NAMES;
