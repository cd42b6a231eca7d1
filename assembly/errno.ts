// The one errno table: WASI preview1 errno numbers, their names and glibc's messages.
// Generated once from CPython on Linux (errno.* / os.strerror); ENOTCAPABLE has no Linux
// counterpart and uses wasi-libc's text. Names are the WASI (POSIX) spellings: Python's
// errno.errorcode says EDEADLOCK for EDEADLK; ENOTSUP is Linux's EOPNOTSUPP (same number).

/** WASI preview1 errno numbers (not Linux numbers: WASI EXDEV is 75, Linux EOVERFLOW is 75). */
export namespace errno {
  // @ts-ignore: decorator
  @inline export const ESUCCESS: i32 = 0;
  // @ts-ignore: decorator
  @inline export const E2BIG: i32 = 1;
  // @ts-ignore: decorator
  @inline export const EACCES: i32 = 2;
  // @ts-ignore: decorator
  @inline export const EADDRINUSE: i32 = 3;
  // @ts-ignore: decorator
  @inline export const EADDRNOTAVAIL: i32 = 4;
  // @ts-ignore: decorator
  @inline export const EAFNOSUPPORT: i32 = 5;
  // @ts-ignore: decorator
  @inline export const EAGAIN: i32 = 6;
  // @ts-ignore: decorator
  @inline export const EALREADY: i32 = 7;
  // @ts-ignore: decorator
  @inline export const EBADF: i32 = 8;
  // @ts-ignore: decorator
  @inline export const EBADMSG: i32 = 9;
  // @ts-ignore: decorator
  @inline export const EBUSY: i32 = 10;
  // @ts-ignore: decorator
  @inline export const ECANCELED: i32 = 11;
  // @ts-ignore: decorator
  @inline export const ECHILD: i32 = 12;
  // @ts-ignore: decorator
  @inline export const ECONNABORTED: i32 = 13;
  // @ts-ignore: decorator
  @inline export const ECONNREFUSED: i32 = 14;
  // @ts-ignore: decorator
  @inline export const ECONNRESET: i32 = 15;
  // @ts-ignore: decorator
  @inline export const EDEADLK: i32 = 16;
  // @ts-ignore: decorator
  @inline export const EDESTADDRREQ: i32 = 17;
  // @ts-ignore: decorator
  @inline export const EDOM: i32 = 18;
  // @ts-ignore: decorator
  @inline export const EDQUOT: i32 = 19;
  // @ts-ignore: decorator
  @inline export const EEXIST: i32 = 20;
  // @ts-ignore: decorator
  @inline export const EFAULT: i32 = 21;
  // @ts-ignore: decorator
  @inline export const EFBIG: i32 = 22;
  // @ts-ignore: decorator
  @inline export const EHOSTUNREACH: i32 = 23;
  // @ts-ignore: decorator
  @inline export const EIDRM: i32 = 24;
  // @ts-ignore: decorator
  @inline export const EILSEQ: i32 = 25;
  // @ts-ignore: decorator
  @inline export const EINPROGRESS: i32 = 26;
  // @ts-ignore: decorator
  @inline export const EINTR: i32 = 27;
  // @ts-ignore: decorator
  @inline export const EINVAL: i32 = 28;
  // @ts-ignore: decorator
  @inline export const EIO: i32 = 29;
  // @ts-ignore: decorator
  @inline export const EISCONN: i32 = 30;
  // @ts-ignore: decorator
  @inline export const EISDIR: i32 = 31;
  // @ts-ignore: decorator
  @inline export const ELOOP: i32 = 32;
  // @ts-ignore: decorator
  @inline export const EMFILE: i32 = 33;
  // @ts-ignore: decorator
  @inline export const EMLINK: i32 = 34;
  // @ts-ignore: decorator
  @inline export const EMSGSIZE: i32 = 35;
  // @ts-ignore: decorator
  @inline export const EMULTIHOP: i32 = 36;
  // @ts-ignore: decorator
  @inline export const ENAMETOOLONG: i32 = 37;
  // @ts-ignore: decorator
  @inline export const ENETDOWN: i32 = 38;
  // @ts-ignore: decorator
  @inline export const ENETRESET: i32 = 39;
  // @ts-ignore: decorator
  @inline export const ENETUNREACH: i32 = 40;
  // @ts-ignore: decorator
  @inline export const ENFILE: i32 = 41;
  // @ts-ignore: decorator
  @inline export const ENOBUFS: i32 = 42;
  // @ts-ignore: decorator
  @inline export const ENODEV: i32 = 43;
  // @ts-ignore: decorator
  @inline export const ENOENT: i32 = 44;
  // @ts-ignore: decorator
  @inline export const ENOEXEC: i32 = 45;
  // @ts-ignore: decorator
  @inline export const ENOLCK: i32 = 46;
  // @ts-ignore: decorator
  @inline export const ENOLINK: i32 = 47;
  // @ts-ignore: decorator
  @inline export const ENOMEM: i32 = 48;
  // @ts-ignore: decorator
  @inline export const ENOMSG: i32 = 49;
  // @ts-ignore: decorator
  @inline export const ENOPROTOOPT: i32 = 50;
  // @ts-ignore: decorator
  @inline export const ENOSPC: i32 = 51;
  // @ts-ignore: decorator
  @inline export const ENOSYS: i32 = 52;
  // @ts-ignore: decorator
  @inline export const ENOTCONN: i32 = 53;
  // @ts-ignore: decorator
  @inline export const ENOTDIR: i32 = 54;
  // @ts-ignore: decorator
  @inline export const ENOTEMPTY: i32 = 55;
  // @ts-ignore: decorator
  @inline export const ENOTRECOVERABLE: i32 = 56;
  // @ts-ignore: decorator
  @inline export const ENOTSOCK: i32 = 57;
  // @ts-ignore: decorator
  @inline export const ENOTSUP: i32 = 58;
  // @ts-ignore: decorator
  @inline export const ENOTTY: i32 = 59;
  // @ts-ignore: decorator
  @inline export const ENXIO: i32 = 60;
  // @ts-ignore: decorator
  @inline export const EOVERFLOW: i32 = 61;
  // @ts-ignore: decorator
  @inline export const EOWNERDEAD: i32 = 62;
  // @ts-ignore: decorator
  @inline export const EPERM: i32 = 63;
  // @ts-ignore: decorator
  @inline export const EPIPE: i32 = 64;
  // @ts-ignore: decorator
  @inline export const EPROTO: i32 = 65;
  // @ts-ignore: decorator
  @inline export const EPROTONOSUPPORT: i32 = 66;
  // @ts-ignore: decorator
  @inline export const EPROTOTYPE: i32 = 67;
  // @ts-ignore: decorator
  @inline export const ERANGE: i32 = 68;
  // @ts-ignore: decorator
  @inline export const EROFS: i32 = 69;
  // @ts-ignore: decorator
  @inline export const ESPIPE: i32 = 70;
  // @ts-ignore: decorator
  @inline export const ESRCH: i32 = 71;
  // @ts-ignore: decorator
  @inline export const ESTALE: i32 = 72;
  // @ts-ignore: decorator
  @inline export const ETIMEDOUT: i32 = 73;
  // @ts-ignore: decorator
  @inline export const ETXTBSY: i32 = 74;
  // @ts-ignore: decorator
  @inline export const EXDEV: i32 = 75;
  // @ts-ignore: decorator
  @inline export const ENOTCAPABLE: i32 = 76;
}

// Indexed by WASI errno number.
const NAMES: StaticArray<string> = [
  "ESUCCESS",
  "E2BIG",
  "EACCES",
  "EADDRINUSE",
  "EADDRNOTAVAIL",
  "EAFNOSUPPORT",
  "EAGAIN",
  "EALREADY",
  "EBADF",
  "EBADMSG",
  "EBUSY",
  "ECANCELED",
  "ECHILD",
  "ECONNABORTED",
  "ECONNREFUSED",
  "ECONNRESET",
  "EDEADLK",
  "EDESTADDRREQ",
  "EDOM",
  "EDQUOT",
  "EEXIST",
  "EFAULT",
  "EFBIG",
  "EHOSTUNREACH",
  "EIDRM",
  "EILSEQ",
  "EINPROGRESS",
  "EINTR",
  "EINVAL",
  "EIO",
  "EISCONN",
  "EISDIR",
  "ELOOP",
  "EMFILE",
  "EMLINK",
  "EMSGSIZE",
  "EMULTIHOP",
  "ENAMETOOLONG",
  "ENETDOWN",
  "ENETRESET",
  "ENETUNREACH",
  "ENFILE",
  "ENOBUFS",
  "ENODEV",
  "ENOENT",
  "ENOEXEC",
  "ENOLCK",
  "ENOLINK",
  "ENOMEM",
  "ENOMSG",
  "ENOPROTOOPT",
  "ENOSPC",
  "ENOSYS",
  "ENOTCONN",
  "ENOTDIR",
  "ENOTEMPTY",
  "ENOTRECOVERABLE",
  "ENOTSOCK",
  "ENOTSUP",
  "ENOTTY",
  "ENXIO",
  "EOVERFLOW",
  "EOWNERDEAD",
  "EPERM",
  "EPIPE",
  "EPROTO",
  "EPROTONOSUPPORT",
  "EPROTOTYPE",
  "ERANGE",
  "EROFS",
  "ESPIPE",
  "ESRCH",
  "ESTALE",
  "ETIMEDOUT",
  "ETXTBSY",
  "EXDEV",
  "ENOTCAPABLE",
];

const MESSAGES: StaticArray<string> = [
  "Success",
  "Argument list too long",
  "Permission denied",
  "Address already in use",
  "Cannot assign requested address",
  "Address family not supported by protocol",
  "Resource temporarily unavailable",
  "Operation already in progress",
  "Bad file descriptor",
  "Bad message",
  "Device or resource busy",
  "Operation canceled",
  "No child processes",
  "Software caused connection abort",
  "Connection refused",
  "Connection reset by peer",
  "Resource deadlock avoided",
  "Destination address required",
  "Numerical argument out of domain",
  "Disk quota exceeded",
  "File exists",
  "Bad address",
  "File too large",
  "No route to host",
  "Identifier removed",
  "Invalid or incomplete multibyte or wide character",
  "Operation now in progress",
  "Interrupted system call",
  "Invalid argument",
  "Input/output error",
  "Transport endpoint is already connected",
  "Is a directory",
  "Too many levels of symbolic links",
  "Too many open files",
  "Too many links",
  "Message too long",
  "Multihop attempted",
  "File name too long",
  "Network is down",
  "Network dropped connection on reset",
  "Network is unreachable",
  "Too many open files in system",
  "No buffer space available",
  "No such device",
  "No such file or directory",
  "Exec format error",
  "No locks available",
  "Link has been severed",
  "Cannot allocate memory",
  "No message of desired type",
  "Protocol not available",
  "No space left on device",
  "Function not implemented",
  "Transport endpoint is not connected",
  "Not a directory",
  "Directory not empty",
  "State not recoverable",
  "Socket operation on non-socket",
  "Operation not supported",
  "Inappropriate ioctl for device",
  "No such device or address",
  "Value too large for defined data type",
  "Owner died",
  "Operation not permitted",
  "Broken pipe",
  "Protocol error",
  "Protocol not supported",
  "Protocol wrong type for socket",
  "Numerical result out of range",
  "Read-only file system",
  "Illegal seek",
  "No such process",
  "Stale file handle",
  "Connection timed out",
  "Text file busy",
  "Invalid cross-device link",
  "Capabilities insufficient",
];

/** The errno's name ("EBADF"), or "E?<n>" for a number outside the table. */
export function errnoName(code: i32): string {
  if (<u32>code < <u32>NAMES.length) return unchecked(NAMES[code]);
  return "E?" + code.toString();
}

/** glibc's strerror text for a WASI errno ("Bad file descriptor"); "Unknown error <n>" otherwise. */
export function errnoMessage(code: i32): string {
  if (<u32>code < <u32>MESSAGES.length) return unchecked(MESSAGES[code]);
  return "Unknown error " + code.toString();
}

/** The WASI errno number for a name ("EBADF" -> 8), or -1. Used to resolve names given as text. */
export function errnoFromName(name: string): i32 {
  for (let i = 0; i < NAMES.length; i++) if (unchecked(NAMES[i]) == name) return i;
  return -1;
}
