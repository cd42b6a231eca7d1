#!/usr/bin/env python3
"""Dev check for the conformance guest: run the same steps with CPython's real os module (the
oracle), the guest under wasmtime, and the guest under node:wasi; print the three columns.

    python3 tests/guest-smoke.py [build/conformance.wasm]

Not the harness (src/conformance is): a few hand-picked steps with a tiny encoder and oracle.
"""
import errno, os, subprocess, sys, tempfile, shutil

WASM = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/conformance.wasm")

class K(str): pass          # constant names, "O_RDWR|O_CREAT"
class F:                    # fd variable
    def __init__(self, name, delta=0): self.name, self.delta = name, delta
class A(str): pass          # bare identifier (fstat field)

SETUP = {"a.txt": b"hello world", "big": b"x" * 70000}
DIRS = ["d"]
STEPS = [
    ("f", "open", ["a.txt", K("O_RDWR")]),
    ("", "read", [F("f"), 5]),
    ("", "lseek", [F("f"), 0, K("SEEK_CUR")]),
    ("", "pread", [F("f"), 5, 6]),
    ("", "lseek", [F("f"), 0, K("SEEK_CUR")]),
    ("", "write", [F("f"), b"!\x00\n\"\\"]),
    ("", "pwrite", [F("f"), b"HE", 0]),
    ("", "readv", [F("f"), [2, 3]]),
    ("", "lseek", [F("f"), -3, K("SEEK_END")]),
    ("", "writev", [F("f"), [b"ab", b"cd"]]),
    ("", "preadv", [F("f"), [2, 3], 1]),
    ("", "preadv", [F("f"), [2], -1]),
    ("", "preadv", [F("f"), [2], -2]),
    ("", "pwritev", [F("f"), [b"Q"], 3]),
    ("", "fstat", [F("f")]),
    ("", "fstat", [F("f"), A("type"), A("st_size"), A("st_nlink")]),
    ("", "ftruncate", [F("f"), 4]),
    ("", "ftruncate", [F("f"), -1]),
    ("", "contents", ["a.txt"]),
    ("", "read", [F("f"), -1]),
    ("", "pread", [F("f"), 1, -1]),
    ("", "lseek", [F("f"), 0, 7]),
    ("", "lseek", [F("f"), -10, K("SEEK_SET")]),
    ("", "isatty", [F("f")]),
    ("", "device_encoding", [F("f")]),
    ("", "get_blocking", [F("f")]),
    ("", "set_blocking", [F("f"), 0]),
    ("", "get_blocking", [F("f")]),
    ("", "fsync", [F("f")]),
    ("", "fdatasync", [F("f")]),
    ("", "posix_fadvise", [F("f"), 0, 0, K("POSIX_FADV_DONTNEED")]),
    ("", "posix_fadvise", [F("f"), 0, 0, 9]),
    ("", "posix_fallocate", [F("f"), 0, 100]),
    ("", "fstat", [F("f"), A("st_size")]),
    ("", "posix_fallocate", [F("f"), 0, 0]),
    ("r", "open", ["a.txt", K("O_RDONLY")]),
    ("", "write", [F("r"), b"x"]),
    ("", "pwrite", [F("r"), b"x", 0]),
    ("", "ftruncate", [F("r"), 0]),
    ("", "fsync", [F("r")]),
    ("", "fdatasync", [F("r")]),
    ("", "posix_fallocate", [F("r"), 0, 5]),
    ("w", "open", ["a.txt", K("O_WRONLY")]),
    ("", "read", [F("w"), 1]),
    ("", "pread", [F("w"), 1, 0]),
    ("o", "open", ["out.txt", K("O_WRONLY|O_CREAT|O_TRUNC")]),
    ("", "sendfile", [F("o"), F("r"), 2, 3]),
    ("", "lseek", [F("r"), 0, K("SEEK_CUR")]),
    ("", "sendfile", [F("o"), F("r"), None, 4]),
    ("", "lseek", [F("r"), 0, K("SEEK_CUR")]),
    ("", "sendfile", [F("o"), F("r"), -1, 4]),
    ("", "sendfile", [F("o"), F("r"), 0, -1]),
    ("", "sendfile", [F("r"), F("r"), 0, 1]),
    ("", "sendfile", [F("o"), F("w"), 0, 1]),
    ("", "contents", ["out.txt"]),
    ("b", "open", ["big", K("O_RDONLY")]),
    ("", "sendfile", [F("o"), F("b"), 0, 100000]),
    ("", "fstat", [F("o"), A("st_size")]),
    ("", "read", [F("b"), 100000]),
    ("", "read", [F("b"), 100000]),
    ("d", "open", ["d", K("O_RDONLY")]),
    ("", "fstat", [F("d"), A("type")]),
    ("", "read", [F("d"), 1]),
    ("", "pread", [F("d"), 1, 0]),
    ("", "write", [F("d"), b"x"]),
    ("", "ftruncate", [F("d"), 0]),
    ("", "open", ["d", K("O_WRONLY")]),
    ("", "open", ["a.txt", K("O_RDONLY|O_DIRECTORY")]),
    ("", "open", ["nope", K("O_RDONLY")]),
    ("", "open", ["", K("O_RDONLY")]),
    ("", "open", ["a.txt", K("O_WRONLY|O_CREAT|O_EXCL")]),
    ("", "open", ["a.txt/x", K("O_RDONLY")]),
    ("", "open", ["./d/../a.txt", K("O_RDONLY")]),
    ("", "truncate", ["a.txt", 2]),
    ("", "contents", ["a.txt"]),
    ("", "truncate", ["d", 0]),
    ("", "truncate", ["nope", 0]),
    ("", "truncate", ["nope", -1]),
    ("", "close", [F("f")]),
    ("", "close", [F("f")]),
    ("", "read", [F("f"), 1]),
    ("", "fstat", [F("f")]),
    ("", "isatty", [F("f")]),
    ("", "get_blocking", [F("f")]),
    ("", "close", [2 ** 40]),
    ("", "closerange", [100, 2 ** 31]),
    ("", "closerange", [100, 200]),
    ("", "strerror", [K("EBADF")]),
    ("", "strerror", [K("ENOENT")]),
    ("", "copy_file_range", [F("r"), F("o"), -1]),
    ("", "readv", [F("r"), [1] * 1025]),
    ("", "write", [F("r"), None]),
    ("", "nosuchfunc", [1]),
]

def enc(a):
    if isinstance(a, K): return "k:" + a
    if isinstance(a, A): return "a:" + a
    if isinstance(a, F): return "f:" + a.name + ("" if not a.delta else ("+%d" % a.delta if a.delta > 0 else "%d" % a.delta))
    if a is None: return "n:"
    if isinstance(a, bool) or isinstance(a, int): return "i:%d" % a
    if isinstance(a, bytes): return "b:" + a.hex()
    if isinstance(a, str): return "s:" + a.encode().hex()
    if isinstance(a, list): return "L:" + ",".join(enc(x) for x in a)
    raise TypeError(a)

def esc(b):
    out = ""
    for c in b:
        if c == 0x22: out += '\\"'
        elif c == 0x5c: out += "\\\\"
        elif 0x20 <= c <= 0x7e: out += chr(c)
        else: out += "\\x%02x" % c
    return out

TYPES = {0o100000: "REG", 0o040000: "DIR", 0o020000: "CHR", 0o060000: "BLK", 0o010000: "FIFO", 0o120000: "LNK", 0o140000: "SOCK"}

def oracle(tmp):
    """CPython's os on Linux, in tmp; result lines per the protocol."""
    os.chdir(tmp)
    env, lines, first = {}, [], None
    def val(a):
        if isinstance(a, K):
            v = 0
            for n in a.split("|"): v |= getattr(os, n) if hasattr(os, n) else getattr(errno, n)
            return v
        if isinstance(a, F): return env.get(a.name, -1) + a.delta
        if isinstance(a, list): return [bytearray(x) if isinstance(x, int) else x for x in a]
        return a
    def newfd(fd):
        for i in range(fd):
            try: os.fstat(i)
            except OSError: return "fd:high"
        return "fd:lowest"
    for bind, func, args in STEPS:
        bound = -1
        try:
            v = [val(a) for a in args]
            if func == "contents":
                with open(v[0], "rb") as fh: r = "b\"%s\"" % esc(fh.read())
            elif func == "fstat":
                st = os.fstat(v[0]); fields = [str(x) for x in args[1:]] or ["type", "st_size"]
                r = "stat(%s)" % ", ".join("%s=%s" % (f, TYPES.get(st.st_mode & 0o170000, "UNKNOWN") if f == "type" else oct(st.st_mode) if f == "st_mode" else getattr(st, f)) for f in fields)
            elif func == "readinto": r = os.readinto(v[0], bytearray(v[1])); bound = r; r = str(r)
            elif func == "set_blocking": os.set_blocking(v[0], bool(v[1])); r = "None"
            else:
                fn = getattr(os, func, None)
                if fn is None: lines.append("Unsupported " + func); continue
                r = fn(*v)
                if func in ("open", "dup", "dup2"): bound = r; r = newfd(r)
                elif isinstance(r, bool): bound = int(r); r = str(r)
                elif isinstance(r, int): bound = r; r = str(r)
                elif isinstance(r, bytes): r = 'b"%s"' % esc(r)
                elif isinstance(r, str): r = '"%s"' % esc(r.encode())
                elif r is None: r = "None"
        except OSError as e: r = "OSError " + errno.errorcode[e.errno]
        except (ValueError, OverflowError, TypeError) as e: r = type(e).__name__
        if bind: env[bind] = bound
        lines.append(r)
    return lines

def setup(tmp):
    for d in DIRS: os.mkdir(os.path.join(tmp, d))
    for p, b in SETUP.items():
        with open(os.path.join(tmp, p), "wb") as fh: fh.write(b)

def argv():
    return ["conformance"] + ["\t".join([b, f] + [enc(a) for a in args]) for b, f, args in STEPS]

def run_wasmtime(tmp):
    import wasmtime
    engine = wasmtime.Engine(); store = wasmtime.Store(engine)
    linker = wasmtime.Linker(engine); linker.define_wasi()
    cfg = wasmtime.WasiConfig(); cfg.argv = argv(); cfg.preopen_dir(tmp, "/")
    out = os.path.join(tmp, "..", os.path.basename(tmp) + ".out"); cfg.stdout_file = out; cfg.inherit_stderr()
    store.set_wasi(cfg)
    inst = linker.instantiate(store, wasmtime.Module.from_file(engine, WASM))
    try: inst.exports(store)["_start"](store)
    except wasmtime.ExitTrap as e: print("wasmtime exit", e.code)
    return open(out).read().splitlines()

NODE = r"""
const { WASI } = require("node:wasi"); const fs = require("node:fs");
const [wasm, dir, out, ...args] = process.argv.slice(1);
const fd = fs.openSync(out, "w");
const wasi = new WASI({ version: "preview1", args, preopens: { "/": dir }, stdout: fd, returnOnExit: true });
WebAssembly.instantiate(fs.readFileSync(wasm), wasi.getImportObject()).then(({ instance }) => {
  const code = wasi.start(instance); if (code) console.error("node exit", code);
});
"""

def run_node(tmp):
    out = tmp + ".out"
    subprocess.run(["node", "--no-warnings", "-e", NODE, WASM, tmp, out] + argv(), check=True)
    return open(out).read().splitlines()

def main():
    cols = {}
    for name, fn in (("cpython", oracle), ("wasmtime", run_wasmtime), ("node:wasi", run_node)):
        tmp = tempfile.mkdtemp(prefix="wasi-os-smoke-")
        setup(tmp)
        cwd = os.getcwd()
        try: cols[name] = fn(tmp)
        finally: os.chdir(cwd); shutil.rmtree(tmp, ignore_errors=True)
    diffs = 0
    for i, (b, f, args) in enumerate(STEPS):
        row = [cols[n][i] if i < len(cols[n]) else "<missing>" for n in cols]
        mark = "  " if len(set(row)) == 1 else "!!"
        diffs += mark == "!!"
        step = ("%s = " % b if b else "") + f + " " + " ".join(enc(a)[:24] for a in args)
        print("%s %-48s %s" % (mark, step[:48], " | ".join(r[:40] for r in row)))
    print("columns:", " | ".join(cols), "- rows differing:", diffs)

if __name__ == "__main__":
    main()
