// The guest of the process tests (tests/process*.test.ts, tests/support/runtimes/jspi.mjs):
// small programs that wait on pipes, stdin and clocks, chosen by argv[1]:
//   yes                 write "y\n" until a write fails; then "yes: <errno name>" on stderr, exit 1
//   head-c N            copy the first N bytes of stdin to stdout, exit 0
//   lines               read stdin; for each line print "line: <text>"; at EOF print "eof"
//   count               read stdin to EOF; print the byte count
//   sleep MS            poll_oneoff on a relative monotonic clock of MS ms; print "slept"
//   poll-stdin MS       poll_oneoff on stdin readable and a MS ms clock; print which came first
//   yield N             call sched_yield N times; print "yielded N"
//   copy SRC DST        copy_file_range SRC to a new DST, all of it; print the byte count
//   write N             one os.write of N bytes to stdout; then "wrote <count>" on stderr
//   spin                loop forever without an import (only a Worker can stop it)
import * as os from "../../assembly/index";
import { argv, err, exit, out, writeAll } from "../../assembly/cli";

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "poll_oneoff")
declare function poll_oneoff(subs: usize, events: usize, n: u32, nevents: usize): u16;
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "sched_yield")
declare function sched_yield(): u16;

const BUF = new Uint8Array(65536);
const SUBS = new ArrayBuffer(96);
const EVENTS = new ArrayBuffer(64);
const NEVENTS = new ArrayBuffer(4);

/** poll_oneoff on a monotonic clock (userdata 1) and, when fd >= 0, fd readable (userdata 2); the first event's userdata. */
function poll(ms: i64, fd: i32): u64 {
  const s = changetype<usize>(SUBS);
  memory.fill(s, 0, 96);
  store<u64>(s, 1); // userdata
  store<u8>(s + 8, 0); // clock
  store<u32>(s + 16, 1); // monotonic
  store<u64>(s + 24, <u64>ms * 1_000_000); // timeout, relative
  let n: u32 = 1;
  if (fd >= 0) {
    store<u64>(s + 48, 2);
    store<u8>(s + 56, 1); // fd_read
    store<u32>(s + 64, <u32>fd);
    n = 2;
  }
  const e = poll_oneoff(s, changetype<usize>(EVENTS), n, changetype<usize>(NEVENTS));
  if (e != 0) { err("poll_oneoff: errno " + e.toString() + "\n"); exit(2); }
  return load<u64>(changetype<usize>(EVENTS));
}

function fail(what: string): void {
  err(what + ": " + os.last_error().name + "\n");
  exit(1);
}

const args = argv();
const cmd = args.length > 1 ? args[1] : "";
if (cmd == "yes") {
  const line = new Uint8Array(8192);
  for (let i = 0; i < line.length; i += 2) { line[i] = 0x79; line[i + 1] = 0x0a; }
  while (true) if (!writeAll(1, line)) fail("yes");
} else if (cmd == "head-c") {
  let left = I64.parseInt(args[2]);
  while (left > 0) {
    const n = os.readinto(0, left < BUF.length ? BUF.subarray(0, <i32>left) : BUF);
    if (n < 0) fail("head-c");
    if (n == 0) break;
    if (!writeAll(1, BUF.subarray(0, <i32>n))) fail("head-c");
    left -= n;
  }
} else if (cmd == "lines") {
  let pending = "";
  while (true) {
    const n = os.readinto(0, BUF);
    if (n < 0) fail("lines");
    if (n == 0) break;
    pending += String.UTF8.decode(BUF.buffer.slice(0, <i32>n));
    let at = pending.indexOf("\n");
    while (at >= 0) {
      out("line: " + pending.slice(0, at) + "\n");
      pending = pending.slice(at + 1);
      at = pending.indexOf("\n");
    }
  }
  if (pending.length > 0) out("line: " + pending + "\n");
  out("eof\n");
} else if (cmd == "count") {
  let total: i64 = 0;
  while (true) {
    const n = os.readinto(0, BUF);
    if (n < 0) fail("count");
    if (n == 0) break;
    total += n;
  }
  out(total.toString() + "\n");
} else if (cmd == "sleep") {
  poll(I64.parseInt(args[2]), -1);
  out("slept\n");
} else if (cmd == "poll-stdin") {
  out(poll(I64.parseInt(args[2]), 0) == 2 ? "stdin\n" : "clock\n");
} else if (cmd == "yield") {
  const n = I32.parseInt(args[2]);
  for (let i = 0; i < n; i++) sched_yield();
  out("yielded " + n.toString() + "\n");
} else if (cmd == "copy") {
  const src = os.open(args[2], os.O_RDONLY);
  if (src < 0) fail("copy");
  const dst = os.open(args[3], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644);
  if (dst < 0) fail("copy");
  let total: i64 = 0;
  while (true) {
    const n = os.copy_file_range(src, dst, 1 << 30);
    if (n < 0) fail("copy");
    if (n == 0) break;
    total += n;
  }
  out(total.toString() + "\n");
} else if (cmd == "write") {
  const n = os.write(1, new Uint8Array(I32.parseInt(args[2])));
  if (n < 0) fail("write");
  err("wrote " + n.toString() + "\n");
} else if (cmd == "spin") {
  let x: i64 = 1;
  while (x != 0) x = x * 3 + 1; // never 0 for an odd start: spins forever
  out(x.toString());
} else {
  err("jspi: unknown command " + cmd + "\n");
  exit(2);
}
