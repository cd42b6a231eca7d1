#!/usr/bin/env python3
"""CPython oracle for the wasi-os conformance scenarios (docs/conformance.md).

Reads ONE JSON document on stdin:
    {"scenarios": [{"name": str,
                    "setup": [{"kind": "file", "path": str, "hex": str} | {"kind": "dir", "path": str}],
                    "tty": bool,                    # optional: the scenario's @tty
                    "steps": [str, ...]}]}          # each step in the guest encoding (BIND\\tFUNC\\tARG...)
and writes ONE JSON document on stdout:
    {"python": str, "results": [{"lines": [str, ...], "error": str | null}]}   # same order

Each scenario runs in a forked child (so an fd table, a cwd, closerange, ... never leak into the
next scenario) whose cwd is a fresh temp directory holding the scenario's @file/@dir setup.
In the child: umask is 0o022, fds 0 and 1 are /dev/null, fd 2 is inherited, every other fd is
closed before the first step. With "tty" (the scenario's @tty), fds 0 and 1 are instead the slave
side of a fresh pty (os.openpty()); its master is kept open on a high fd (the soft RLIMIT_NOFILE
minus one, so that fd:lowest is unaffected; closing the master would hang up the slave, which
then answers EIO to the terminal ioctls isatty uses). Results use the "Result lines" format of
docs/conformance.md.

Emulations, documented:
- readinto FD N: Python 3.11 has no os.readinto (3.14 adds it); emulated as
  os.readv(fd, [bytearray(N)]) (N, an int, is the buffer size).
  The result is the count, as os.readinto returns.
- readv/preadv take a list of buffer sizes; the result is Python's (the count).
- contents PATH: open O_RDONLY, read to EOF, close; result is the bytes.
- fstat FD [FIELD...]: a projection of os.fstat (default fields: type, st_size).
- stat PATH [FOLLOW_SYMLINKS] [FIELD...] / lstat PATH [FIELD...]: the fstat projection of
  os.stat / os.lstat; fields are quoted strings ("st_mode"); an int right after stat's path is
  follow_symlinks.
- listdir [PATH]: the names sorted (code point order), printed ["a", "b"]; scandir [PATH]: the
  entries sorted by name, each ("name", "KIND") with KIND LNK if is_symlink(), else DIR / REG by
  is_dir / is_file(follow_symlinks=False), else OTHER.
- pipe / pipe2: the tuple's fds print as fd:lowest / fd:high (both judged after the call); a
  tuple binding `r, w = pipe` (BIND "r,w") takes the elements, or -1 each on an error.
"""
import errno
import json
import os
import re
import resource
import shutil
import signal
import stat
import sys
import tempfile

ALIASES = {"EOPNOTSUPP": "ENOTSUP", "EWOULDBLOCK": "EAGAIN", "EDEADLOCK": "EDEADLK"}
NEW_FD_FUNCS = {"open", "dup", "dup2"}
NEW_FD_TUPLE_FUNCS = {"pipe", "pipe2"}
STEP_TIMEOUT_S = 10


class Ident:
    def __init__(self, name):
        self.name = name


class StatProjection:
    def __init__(self, text):
        self.text = text


class NewFd:
    """An fd returned by open/dup/dup2: printed as fd:lowest / fd:high."""

    def __init__(self, fd, lowest):
        self.fd = fd
        self.lowest = lowest


def errname(n):
    name = errno.errorcode.get(n, "E%d" % n)
    return ALIASES.get(name, name)


def const(name):
    if hasattr(os, name):
        return getattr(os, name)
    if hasattr(errno, name):
        return getattr(errno, name)
    raise KeyError("unknown constant %s" % name)


FD_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)([+-][0-9]+)?$")


def decode(arg, env):
    tag, sep, rest = arg.partition(":")
    if not sep:
        raise ValueError("bad encoded argument %r" % arg)
    if tag == "i":
        return int(rest)
    if tag == "n":
        return None
    if tag == "b":
        return bytes.fromhex(rest)
    if tag == "s":
        return bytes.fromhex(rest).decode("utf-8")
    if tag == "k":
        v = 0
        for name in rest.split("|"):
            v |= const(name)
        return v
    if tag == "f":
        m = FD_RE.match(rest)
        if not m:
            raise ValueError("bad fd variable %r" % rest)
        return env.get(m.group(1), -1) + int(m.group(2) or 0)
    if tag == "L":
        return [] if rest == "" else [decode(x, env) for x in rest.split(",")]
    if tag == "a":
        return Ident(rest)
    raise ValueError("bad encoded argument %r" % arg)


def is_open(fd):
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False


TYPES = [(stat.S_ISREG, "REG"), (stat.S_ISDIR, "DIR"), (stat.S_ISCHR, "CHR"), (stat.S_ISBLK, "BLK"),
         (stat.S_ISFIFO, "FIFO"), (stat.S_ISLNK, "LNK"), (stat.S_ISSOCK, "SOCK")]


def project(st, fields):
    out = []
    for f in fields or ["type", "st_size"]:
        if f == "type":
            out.append("type=" + next(n for test, n in TYPES if test(st.st_mode)))
        elif f == "st_mode":
            out.append("st_mode=" + oct(st.st_mode))
        else:
            out.append("%s=%s" % (f, fmt(getattr(st, f))))
    return StatProjection("stat(" + ", ".join(out) + ")")


def call(func, args):
    if func == "contents":
        (path,) = args
        fd = os.open(path, os.O_RDONLY)
        try:
            chunks = []
            while True:
                b = os.read(fd, 65536)
                if not b:
                    break
                chunks.append(b)
            return b"".join(chunks)
        finally:
            os.close(fd)
    if func == "fstat":
        fd, fields = args[0], args[1:]
        if not all(isinstance(f, Ident) for f in fields):
            raise TypeError("fstat fields must be names")
        return project(os.fstat(fd), [f.name for f in fields])
    if func in ("stat", "lstat"):
        # stat PATH [FOLLOW_SYMLINKS] [FIELD ...] / lstat PATH [FIELD ...]: fields are str (or names)
        path, rest = args[0], list(args[1:])
        kw = {}
        if func == "stat" and rest and isinstance(rest[0], int):
            kw["follow_symlinks"] = bool(rest.pop(0))
        if not all(isinstance(f, (str, Ident)) for f in rest):
            raise TypeError("stat fields must be names")
        fields = [f.name if isinstance(f, Ident) else f for f in rest]
        return project(getattr(os, func)(path, **kw), fields)
    if func == "listdir":
        return SortedList(os.listdir(*args))
    if func == "scandir":
        with os.scandir(*args) as it:
            entries = sorted(it, key=lambda e: e.name)
            return SortedList([(e.name, "LNK" if e.is_symlink() else "DIR" if e.is_dir(follow_symlinks=False)
                                else "REG" if e.is_file(follow_symlinks=False) else "OTHER") for e in entries], presorted=True)
    if func == "readinto":
        fd, size = args
        if not isinstance(size, int):
            raise TypeError("readinto takes a buffer size")
        return os.readv(fd, [bytearray(size)])  # emulates os.readinto (Python 3.14), see the module docstring
    if func in ("readv", "preadv"):
        fd, sizes = args[0], args[1]
        return getattr(os, func)(fd, [bytearray(n) for n in sizes], *args[2:])
    fn = getattr(os, func, None)
    if func.startswith("_") or not callable(fn):
        return Unsupported(func)
    result = fn(*args)
    if func in NEW_FD_FUNCS and isinstance(result, int) and result >= 0:
        return NewFd(result, all(is_open(k) for k in range(result)))
    if func in NEW_FD_TUPLE_FUNCS and isinstance(result, tuple):
        return tuple(NewFd(fd, all(is_open(k) for k in range(fd))) for fd in result)
    return result


class SortedList:
    """listdir / scandir results: printed sorted by name, `["a", "b"]` (directory order is the file
    system's, so both sides sort before printing)."""

    def __init__(self, items, presorted=False):
        self.items = items if presorted else sorted(items)


class Unsupported:
    def __init__(self, func):
        self.func = func


def esc(bs):
    out = []
    for b in bs:
        if b == 0x22:
            out.append('\\"')
        elif b == 0x5C:
            out.append("\\\\")
        elif 0x20 <= b <= 0x7E:
            out.append(chr(b))
        else:
            out.append("\\x%02x" % b)
    return "".join(out)


def fmt(v):
    if isinstance(v, Unsupported):
        return "Unsupported " + v.func
    if isinstance(v, NewFd):
        return "fd:lowest" if v.lowest else "fd:high"
    if isinstance(v, StatProjection):
        return v.text
    if v is None:
        return "None"
    if v is True:
        return "True"
    if v is False:
        return "False"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (bytes, bytearray)):
        return 'b"' + esc(bytes(v)) + '"'
    if isinstance(v, str):
        return '"' + esc(v.encode("utf-8", "surrogateescape")) + '"'
    if isinstance(v, SortedList):
        return "[" + ", ".join(fmt(x) for x in v.items) + "]"
    if isinstance(v, tuple):
        return "(" + ", ".join(fmt(x) for x in v) + ")"
    return "<%s %r>" % (type(v).__name__, v)


def bind_value(v):
    if isinstance(v, NewFd):
        return v.fd
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return v
    return -1


def run_steps(steps):
    env = {}
    lines = []
    for enc in steps:
        parts = enc.split("\t")
        bind, func, raw = parts[0], parts[1], parts[2:]
        try:
            args = [decode(a, env) for a in raw]
            signal.alarm(STEP_TIMEOUT_S)
            try:
                v = call(func, args)
            finally:
                signal.alarm(0)
            line = fmt(v)
            b = bind_value(v)
        except OSError as e:
            line = "OSError " + (errname(e.errno) if e.errno is not None else "None")
            v, b = None, -1
        except (ValueError, OverflowError, TypeError) as e:
            line = type(e).__name__
            v, b = None, -1
        if "," in bind:
            names = bind.split(",")
            ok = isinstance(v, tuple) and len(v) == len(names)
            for k, n in enumerate(names):
                env[n] = bind_value(v[k]) if ok else -1
        elif bind:
            env[bind] = b
        lines.append(line)
    return lines


def setup_dir(d, setup):
    for s in setup:
        p = os.path.join(d, s["path"])
        if s["kind"] == "dir":
            os.makedirs(p, mode=0o755, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(p), mode=0o755, exist_ok=True)
            with open(p, "wb") as f:
                f.write(bytes.fromhex(s["hex"]))
            os.chmod(p, 0o644)


def run_scenario(sc, resdir):
    d = tempfile.mkdtemp(prefix="wasi-os-oracle-")
    resfile = os.path.join(resdir, "result.json")
    try:
        setup_dir(d, sc["setup"])
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                os.chdir(d)
                os.umask(0o022)
                keep = None
                if sc.get("tty"):
                    master, slave = os.openpty()
                    os.dup2(slave, 0)
                    os.dup2(slave, 1)
                    keep = min(resource.getrlimit(resource.RLIMIT_NOFILE)[0], 1 << 16) - 1
                    os.dup2(master, keep)
                else:
                    null = os.open(os.devnull, os.O_RDWR)
                    os.dup2(null, 0)
                    os.dup2(null, 1)
                if keep is None:
                    os.closerange(3, 1 << 16)
                else:
                    os.closerange(3, keep)
                    os.closerange(keep + 1, 1 << 16)
                signal.signal(signal.SIGALRM, signal.SIG_DFL)
                out = {"lines": run_steps(sc["steps"]), "error": None}
            except BaseException as e:  # report, never hang the batch
                out = {"lines": [], "error": "%s: %s" % (type(e).__name__, e)}
                code = 1
            with open(resfile, "w") as f:
                json.dump(out, f)
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        try:
            with open(resfile) as f:
                return json.load(f)
        except FileNotFoundError:
            return {"lines": [], "error": "oracle child died (wait status %d)" % status}
    finally:
        shutil.rmtree(d, ignore_errors=True)
        if os.path.exists(resfile):
            os.unlink(resfile)


def pin_locale():
    """Run in the C.UTF-8 locale with UTF-8 mode off, whatever the caller's environment.

    os.device_encoding on a terminal is the locale's codeset: "UTF-8" from nl_langinfo in a
    UTF-8 locale, but "utf-8" in UTF-8 mode (which CPython turns on by itself in the C/POSIX
    locale) and "ANSI_X3.4-1968" in a non-UTF-8 one. Re-executes once (stdin is not read yet)."""
    if os.environ.get("WASI_OS_ORACLE_PINNED") == "1":
        return
    env = dict(os.environ, LC_ALL="C.UTF-8", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0", WASI_OS_ORACLE_PINNED="1")
    os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)], env)


def main():
    pin_locale()
    req = json.load(sys.stdin)
    resdir = tempfile.mkdtemp(prefix="wasi-os-oracle-res-")
    try:
        results = [run_scenario(sc, resdir) for sc in req["scenarios"]]
    finally:
        shutil.rmtree(resdir, ignore_errors=True)
    json.dump({"python": sys.version.split()[0], "results": results}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
