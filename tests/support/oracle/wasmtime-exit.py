#!/usr/bin/env python3
"""wasmtime oracle: runs the WAT command module read on stdin (no preopens, no args) and prints
its exit status: 0 when _start returns, the proc_exit code, or "trap" when it traps."""
import sys

import wasmtime

engine = wasmtime.Engine()
module = wasmtime.Module(engine, sys.stdin.read())
linker = wasmtime.Linker(engine)
linker.define_wasi()
store = wasmtime.Store(engine)
store.set_wasi(wasmtime.WasiConfig())
try:
    linker.instantiate(store, module).exports(store)["_start"](store)
    print(0)
except wasmtime.ExitTrap as e:
    print(e.code)
except wasmtime.Trap:
    print("trap")
