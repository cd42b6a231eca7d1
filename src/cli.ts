#!/usr/bin/env node
/**
 * The `wasi-os` command.
 *
 *   wasi-os run [--host NAME] [--dir HOST[::GUEST]]... [--dir-ro HOST[::GUEST]]... [--env K=V]... [--timeout SECONDS] MODULE.wasm [ARGS...]
 *   wasi-os report [--json]
 *
 * Exit codes: the guest's own; 2 for a command-line error; 125 when the module cannot be
 * read, compiled or instantiated; 124 when --timeout ended it (as GNU timeout); 134 when the
 * guest traps (as a shell reports SIGABRT).
 */
import { readFileSync, readSync, writeSync } from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import { BASES, isBaseName, jspiAvailable, runCommand, runIsolated, spawn, TIMEOUT_EXIT, type BaseName, type PreopenSpec, type WasiOsOptions } from "../host/index.ts";
import { DISK_BASES } from "./bases.ts";
import { readHostTree } from "../host/bases/host-tree.ts";
import { reportJson, reportTable } from "./report.ts";

const HELP = `wasi-os — run a WASI preview1 guest with Python's os fd operations on a JavaScript host

Usage:
  wasi-os run [OPTIONS] MODULE.wasm [ARGS...]   run a command module; ARGS go to the guest
  wasi-os report [--json]                      how each base does each guest os function
  wasi-os --help | --version

Options (before MODULE):
  --host NAME        base host: ${BASES.join(" | ")}
                     (default: memory; node when --dir is given)
  --dir HOST[::GUEST] preopen host directory HOST as GUEST (default GUEST = HOST, as wasmtime).
                     On memory and wasmer the tree is copied in: writes are not persisted.
  --dir-ro HOST[::GUEST]
                     the same, read-only: every change below it is EPERM, as wasmtime's
                     read-only preopen (node base only; another --host is a usage error)
  --env K=V          set a guest environment variable (repeatable)
  --timeout SECONDS  end the guest after SECONDS of wall-clock time (exit 124, as GNU
                     timeout), even one spinning without a call: it runs on a worker thread
  --memory-limit SIZE
                     largest guest memory (whole 64 KiB pages): a module declaring more is
                     refused (exit 125), memory.grow past it fails in the guest; runs the
                     guest on a worker thread, as --timeout
  --fd-limit N       guest fd limit (default 1024): opens beyond it give EMFILE
  --fs-max-bytes SIZE
                     memory base: file data all files may hold (default 1G); beyond: ENOSPC
  --fs-max-file-size SIZE
                     memory base: size of one file (default 2^44-4096, ext4's); beyond: EFBIG
  --fs-max-inodes N  memory base: files, directories, symlinks and hard links, each root
                     counting one, as tmpfs's nr_inodes (default 65536); beyond: ENOSPC
                     SIZE: bytes, or a whole number with K, M or G (KiB, MiB, GiB)

Without --dir, memory and wasmer give the guest one empty in-memory directory "/".
Where the runtime has JSPI (Node 25+), the guest runs as a process (host/process.ts): stdin
streams to it as it arrives (from a terminal or another program) and Ctrl-C ends it with 130.

Exit status: the guest's; 2 usage error; 124 ended by --timeout; 125 module cannot be loaded;
130 ended by Ctrl-C (SIGINT); 134 guest trapped.`;

class UsageError extends Error {}

/**
 * Guest output to the host's fd 1 or 2, written synchronously (writeSync): a guest writing in
 * a loop never yields to the event loop, so a stream's asynchronous 'error' event would never
 * arrive. Here EPIPE (the reader is gone, e.g. `| head`) is thrown at once and the guest's
 * write fails (EIO); a non-blocking pipe that is full (EAGAIN) is retried every millisecond.
 */
function sink(fd: 1 | 2): (chunk: Uint8Array) => void {
  return (c) => {
    let at = 0;
    while (at < c.length) {
      try {
        at += writeSync(fd, c, at, c.length - at);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      }
    }
  };
}

/**
 * The guest's fd 0 reads the host's stdin as it asks, synchronously (a single-threaded guest
 * waits as a native program would). A non-blocking stdin (EAGAIN) is polled every 10 ms.
 */
function readStdin(dst: Uint8Array): number {
  for (;;) {
    try {
      return readSync(0, dst, 0, dst.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EOF") return 0;
      if (code !== "EAGAIN") throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

/** Bases that enforce PreopenSpec.readOnly (the others would let the guest write). */
const READ_ONLY_BASES: readonly BaseName[] = ["node"];

interface RunArgs {
  host: BaseName;
  hostGiven: boolean;
  dirs: { host: string; guest: string; readOnly: boolean }[];
  env: Record<string, string>;
  module: string;
  args: string[];
  /** --timeout, in seconds. */
  timeout: number | undefined;
  memoryLimit: number | undefined;
  fdLimit: number | undefined;
  fs: { maxBytes?: number; maxFileSize?: number; maxInodes?: number };
}

const UNITS: Readonly<Record<string, number>> = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** A byte size: digits with an optional K, M or G (binary units); `units` false: a plain count. */
function size(flag: string, v: string, units = true): number {
  const m = (units ? /^(\d+)([KMG]?)$/ : /^(\d+)()$/).exec(v);
  const n = m === null ? NaN : Number(m[1]) * (UNITS[m[2] ?? ""] ?? NaN);
  if (!Number.isSafeInteger(n)) throw new UsageError(`${flag} takes ${units ? "a size (bytes, or with K, M or G)" : "a whole number"}, got "${v}"`);
  return n;
}

function parseRun(argv: string[]): RunArgs {
  const out: RunArgs = { host: "memory", hostGiven: false, dirs: [], env: {}, module: "", args: [], timeout: undefined, memoryLimit: undefined, fdLimit: undefined, fs: {} };
  let i = 0;
  const value = (flag: string): string => {
    const v = argv[++i];
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "--host") {
      const h = value(a);
      if (!isBaseName(h)) throw new UsageError(`unknown host "${h}" (one of ${BASES.join(", ")})`);
      out.host = h;
      out.hostGiven = true;
    } else if (a === "--dir" || a === "--dir-ro") {
      const [host = "", guest] = value(a).split("::");
      out.dirs.push({ host, guest: guest ?? host, readOnly: a === "--dir-ro" });
    } else if (a === "--env") {
      const kv = value(a);
      const eq = kv.indexOf("=");
      if (eq <= 0) throw new UsageError(`--env takes K=V, got "${kv}"`);
      out.env[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else if (a === "--timeout") {
      const v = value(a);
      const t = Number(v);
      if (!/^\d+(\.\d+)?$/.test(v) || !(t > 0)) throw new UsageError(`--timeout takes a positive number of seconds, got "${v}"`);
      out.timeout = t;
    } else if (a === "--memory-limit") {
      out.memoryLimit = size(a, value(a));
    } else if (a === "--fd-limit") {
      out.fdLimit = size(a, value(a), false);
    } else if (a === "--fs-max-bytes") {
      out.fs.maxBytes = size(a, value(a));
    } else if (a === "--fs-max-file-size") {
      out.fs.maxFileSize = size(a, value(a));
    } else if (a === "--fs-max-inodes") {
      out.fs.maxInodes = size(a, value(a), false);
    } else if (a.startsWith("-")) {
      throw new UsageError(`unknown option ${a}`);
    } else {
      out.module = a;
      out.args = argv.slice(i + 1);
      // Users of --dir expect real files: without --host, --dir means the `node` base.
      if (!out.hostGiven && out.dirs.length > 0) out.host = "node";
      if (Object.keys(out.fs).length > 0 && out.host !== "memory") {
        throw new UsageError(`--fs-max-* apply to the memory base only, not to ${out.host}`);
      }
      if (out.dirs.some((d) => d.readOnly) && !READ_ONLY_BASES.includes(out.host)) {
        throw new UsageError(`--dir-ro is enforced only on ${READ_ONLY_BASES.join(", ")}, not on ${out.host}`);
      }
      return out;
    }
  }
  throw new UsageError("no MODULE.wasm given");
}

function preopens(run: RunArgs): PreopenSpec[] {
  const disk = DISK_BASES.includes(run.host);
  if (run.dirs.length === 0) return disk ? [] : [{ guest: "/", tree: {} }];
  return run.dirs.map((d) =>
    disk
      ? { guest: d.guest, host: path.resolve(d.host), ...(d.readOnly ? { readOnly: true } : {}) }
      : { guest: d.guest, tree: readHostTree(d.host) },
  );
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    console.log(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === "--version") {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    console.log(pkg.version);
    return 0;
  }
  if (command === "report") {
    if (rest.some((a) => a !== "--json")) throw new UsageError(`report takes only --json`);
    console.log(rest.includes("--json") ? reportJson() : reportTable());
    return 0;
  }
  if (command !== "run") throw new UsageError(`unknown command "${command}" (try --help)`);
  const run = parseRun(rest);
  let module: WebAssembly.Module;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(run.module));
    module = await WebAssembly.compile(bytes);
  } catch (e) {
    console.error(`wasi-os: cannot load ${run.module}: ${(e as Error).message}`);
    return 125;
  }
  const common: WasiOsOptions = {
    base: run.host,
    args: [path.basename(run.module), ...run.args],
    env: run.env,
    preopens: preopens(run),
    stdout: sink(1),
    stderr: sink(2),
    ...(run.fdLimit === undefined ? {} : { fdLimit: run.fdLimit }),
    memoryLimits: run.fs,
  };
  if (run.timeout !== undefined || run.memoryLimit !== undefined) return runLimited(bytes, common, run.timeout, run.memoryLimit);
  if (jspiAvailable()) return runProcess(module, common);
  try {
    const result = await runCommand(module, { ...common, stdin: readStdin });
    return result.exitCode;
  } catch (e) {
    return failure(e);
  }
}

/** Prints why the guest could not run or trapped; the exit status for it. */
function failure(e: unknown): number {
  const err = e as Error;
  const trapped = err instanceof WebAssembly.RuntimeError;
  console.error(`wasi-os: ${trapped ? "guest trapped" : "cannot run guest"}: ${err.message.replace(/^wasi-os: /, "")}`);
  return trapped ? 134 : 125;
}

/**
 * --timeout, --memory-limit: the guest's wasm on a worker thread (host/isolate.ts), ended at the limit; the
 * same on every Node. Its stdin is read synchronously on this thread as it asks.
 */
async function runLimited(bytes: Uint8Array<ArrayBuffer>, options: WasiOsOptions, seconds: number | undefined, memoryLimit: number | undefined): Promise<number> {
  try {
    const r = await runIsolated(bytes, {
      ...options,
      stdin: readStdin,
      ...(seconds === undefined ? {} : { timeout: seconds * 1000 }),
      ...(memoryLimit === undefined ? {} : { memoryLimit }),
    });
    if (r.timedOut) console.error(`wasi-os: guest timed out after ${seconds} s (exit status ${TIMEOUT_EXIT})`);
    return r.exitCode;
  } catch (e) {
    return failure(e);
  }
}

/**
 * With JSPI: the guest as a process. The host's stdin is pumped in as it arrives (the guest
 * waits for it without blocking the event loop); SIGINT kills the guest (exit 130).
 */
async function runProcess(module: WebAssembly.Module, options: WasiOsOptions): Promise<number> {
  const { stdin: _unused, stdout, stderr, ...rest } = options;
  const p = spawn(module, {
    ...rest,
    stdin: Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>,
    ...(stdout === undefined ? {} : { stdout }),
    ...(stderr === undefined ? {} : { stderr }),
  });
  process.on("SIGINT", () => p.kill("SIGINT"));
  const code = await p.exited;
  if (p.error !== undefined) return failure(p.error);
  return code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`wasi-os: ${e.message}`);
      process.exit(2);
    }
    throw e;
  },
);
