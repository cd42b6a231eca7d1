#!/usr/bin/env python3
"""wasmtime oracle for raw preview1 call sequences (tests/sandbox.test.ts, tests/fs-node.test.ts).

Reads ONE JSON document on stdin:
    {"wat": str,                       # the probe guest (tests/support/wasmtime-oracle.ts builds it)
     "cases": [{"name": str,
                "preopens": [{"host": str, "guest": str, "readOnly": bool?}],
                "calls": [Call, ...]}]}
and writes ONE JSON document on stdout:
    {"wasmtime": str, "results": [{"calls": [{"errno": int, "outs": [hex, ...]}], "error": str|null}]}

A Call is {"fn": name, "args": [Arg, ...], "bind": name?}. The probe exports every preview1
import as p_<name>, so each Call is exactly one preview1 call. An Arg is:
    int                  an i32/i64 parameter as is (i32 wraps to signed; i64 too)
    {"i64": "decimal"}   an i64 too big for a JSON number
    {"var": name}        a value bound by an earlier call's "bind"
    {"str": text}        TWO parameters: pointer to the UTF-8 bytes, and their length
    {"out": n}           pointer to n zeroed bytes; read back into "outs" after the call
    {"iov": hex}         TWO parameters: pointer to one ciovec holding these bytes, and 1
    {"iovout": n}        TWO parameters: pointer to one iovec of n zeroed bytes, and 1; read back
"bind": after a successful call, the u32 at the call's first "out" becomes variable `name`;
a variable whose binding call failed reads as 0x7FFFFFF0 (an fd nobody has: EBADF).
Each case gets a fresh Store/instance; the module is compiled once. The TypeScript side
(tests/support/node-probe.ts) interprets the same Calls against the `node` base.
"""
import json
import sys

import wasmtime

SCRATCH = 1024
UNBOUND = 0x7FFFFFF0  # an fd no guest has: what {"var"} means when its binding call failed


def wrap(v, bits):
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >= 1 << (bits - 1) else v


def run_case(engine, module, case, linker):
    cfg = wasmtime.WasiConfig()
    for p in case["preopens"]:
        # wasmtime 49's Python API: fs_mutable=False is DirPerms::READ + FilePerms::READ,
        # what the wasmtime CLI gives a read-only --dir.
        cfg.preopen_dir(p["host"], p["guest"], not p.get("readOnly", False))
    store = wasmtime.Store(engine)
    store.set_wasi(cfg)
    inst = linker.instantiate(store, module)
    exports = inst.exports(store)
    mem = exports["memory"]
    env = {}
    out = []
    for call in case["calls"]:
        fn = exports["p_" + call["fn"]]
        ptypes = fn.type(store).params
        at = SCRATCH
        flat = []
        reads = []  # (ptr, n)

        def put(data):
            nonlocal at
            ptr = at
            if data:
                mem.write(store, bytes(data), ptr)
            at += (len(data) + 15) // 16 * 16 + 16
            return ptr

        for a in call["args"]:
            if isinstance(a, int):
                flat.append(a)
            elif "i64" in a:
                flat.append(int(a["i64"]))
            elif "var" in a:
                flat.append(env.get(a["var"], UNBOUND))
            elif "str" in a:
                b = a["str"].encode()
                flat += [put(b), len(b)]
            elif "out" in a:
                ptr = put(bytes(a["out"]))
                reads.append((ptr, a["out"]))
                flat.append(ptr)
            elif "iov" in a:
                b = bytes.fromhex(a["iov"])
                ptr = put(b)
                iov = put(ptr.to_bytes(4, "little") + len(b).to_bytes(4, "little"))
                flat += [iov, 1]
            elif "iovout" in a:
                n = a["iovout"]
                ptr = put(bytes(n))
                reads.append((ptr, n))
                iov = put(ptr.to_bytes(4, "little") + n.to_bytes(4, "little"))
                flat += [iov, 1]
            else:
                raise ValueError("bad arg %r" % (a,))
        if len(flat) != len(ptypes):
            raise ValueError("%s: %d args for %d params" % (call["fn"], len(flat), len(ptypes)))
        args = [wrap(v, 64 if str(t) == "i64" else 32) for v, t in zip(flat, ptypes)]
        errno = fn(store, *args)
        outs = [mem.read(store, p, p + n).hex() for p, n in reads]
        if call.get("bind") and errno == 0:
            env[call["bind"]] = int.from_bytes(mem.read(store, reads[0][0], reads[0][0] + 4), "little")
        out.append({"errno": errno, "outs": outs})
    return out


def main():
    req = json.load(sys.stdin)
    engine = wasmtime.Engine()
    module = wasmtime.Module(engine, req["wat"])
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    results = []
    for case in req["cases"]:
        try:
            results.append({"calls": run_case(engine, module, case, linker), "error": None})
        except Exception as e:  # noqa: BLE001 - reported per case, never hides the others
            results.append({"calls": [], "error": "%s: %s" % (type(e).__name__, e)})
    json.dump({"wasmtime": getattr(wasmtime, "__version__", "?"), "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
