// The process checks (host/process.ts) that must give the same lines on every runtime with JSPI:
// Node 26, Deno, Bun, Chromium page and Worker (tests/process.test.ts, tests/process-browser.test.ts).
// Web APIs only, the package imported by its name, so one file runs everywhere.
//
// runChecks(module, log): `module` is build/jspi.wasm (tests/guests/jspi.ts) compiled; `log`
// receives one line per check, "<name>: <what happened>", deterministic (no timings).
import { asyncStatus, spawn } from "wasi-os";

const enc = new TextEncoder();
const text = (s) => new Response(s).text();
const later = (ms) => new Promise((r) => setTimeout(r, ms));

/** Reads a stream chunk by chunk, resolving `until` once the text so far includes `want`. */
function collector(stream) {
  const reader = stream.getReader();
  const dec = new TextDecoder();
  let got = "";
  const waiting = [];
  const done = (async () => {
    for (;;) {
      const { done: end, value } = await reader.read();
      if (end) break;
      got += dec.decode(value, { stream: true });
      for (const w of waiting.splice(0)) if (got.includes(w.want)) w.resolve(true);
        else waiting.push(w);
    }
    for (const w of waiting.splice(0)) w.resolve(false);
    return got;
  })();
  return {
    done,
    until: (want) => (got.includes(want) ? Promise.resolve(true) : new Promise((resolve) => waiting.push({ want, resolve }))),
    get text() {
      return got;
    },
  };
}

/** Nothing for a process that ended normally; what went wrong for one that trapped or failed to start. */
const why = (p, code) => (p.error === undefined ? "" : ` [exit ${code}: ${p.error}]`);

export async function runChecks(module, log) {
  log(`async: ${asyncStatus()}`);
  const run = (args, options = {}) => spawn(module, { args: ["jspi", ...args], ...options });

  { // Typed input, line by line: each line is answered before the next is typed.
    const p = run(["lines"], { stdin: "pipe", tty: true });
    const w = p.stdin.getWriter();
    const out = collector(p.stdout);
    await w.write(enc.encode("hello\n"));
    const first = await out.until("line: hello\n");
    await w.write(enc.encode("wor"));
    await later(5);
    await w.write(enc.encode("ld\n"));
    const second = await out.until("line: world\n");
    await w.close();
    log(`typed stdin: answered line by line ${first && second}; ${JSON.stringify(await out.done)} exit ${await p.exited}`);
  }

  { // yes | head -c 1000000 | count: three guests, two pipes, one thread.
    const yes = run(["yes"]);
    const head = run(["head-c", "1000000"], { stdin: yes.stdout });
    const count = run(["count"], { stdin: head.stdout });
    const counted = await text(count.stdout);
    log(`pipeline: count ${JSON.stringify(counted)} exits yes ${await yes.exited} head ${await head.exited} count ${await count.exited}; yes stderr ${JSON.stringify(await text(yes.stderr))}`);
  }

  { // EPIPE: the host stops reading a writer's stdout.
    const yes = run(["yes"]);
    const reader = yes.stdout.getReader();
    const { value } = await reader.read();
    await reader.cancel();
    log(`epipe: first chunk ${value.length > 0 ? "non-empty" : "empty"}; exit ${await yes.exited}; stderr ${JSON.stringify(await text(yes.stderr))}`);
  }

  { // A blocking write larger than the pipe completes in full, as on Linux, while the host reads slowly.
    const p = run(["write", "200000"]);
    const reader = p.stdout.getReader();
    let got = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      got += value.length;
      await later(1);
    }
    log(`full write: ${JSON.stringify(await text(p.stderr))}; host read ${got}; exit ${await p.exited}`);
  }

  { // EOF: the last writer closes; the reader sees every byte, then end of file.
    const p = run(["count"], { stdin: "pipe" });
    const w = p.stdin.getWriter();
    for (let k = 0; k < 3; k++) await w.write(new Uint8Array(100_000));
    await w.close();
    log(`eof: count ${JSON.stringify(await text(p.stdout))} exit ${await p.exited}`);
  }

  { // A host stream as stdin (pumped in with backpressure).
    const source = new ReadableStream({
      start(c) {
        c.enqueue(enc.encode("from\n"));
        c.enqueue(enc.encode("a stream\n"));
        c.close();
      },
    });
    const p = run(["lines"], { stdin: source });
    log(`stream stdin: ${JSON.stringify(await text(p.stdout))} exit ${await p.exited}`);
  }

  { // kill: a guest waiting for input ends at once with 128 + the signal.
    const a = run(["lines"], { stdin: "pipe" });
    const b = run(["lines"], { stdin: "pipe" });
    await later(10);
    a.kill("SIGINT");
    b.kill();
    log(`kill: SIGINT ${await a.exited} SIGTERM ${await b.exited}`);
  }

  { // timeout: a guest waiting past its time limit ends with 124; one that finishes first keeps its status.
    const a = run(["lines"], { stdin: "pipe", timeout: 30 });
    const b = run(["yield", "3"], { timeout: 60_000 });
    log(`timeout: waiting ${await a.exited} stderr ${JSON.stringify(await text(a.stderr))}; finished ${await b.exited} ${JSON.stringify(await text(b.stdout))}`);
  }

  { // poll_oneoff: stdin becomes readable before the clock; a clock alone; timers keep firing.
    const p = run(["poll-stdin", "5000"], { stdin: "pipe" });
    setTimeout(() => void p.stdin.getWriter().write(enc.encode("x")), 20);
    const polled = (await text(p.stdout)).trim();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const s = run(["sleep", "60"]);
    const slept = (await text(s.stdout)).trim();
    clearInterval(timer);
    const q = run(["poll-stdin", "20"], { stdin: "pipe" });
    log(`poll: ${polled} first; sleep ${slept} with timers firing ${ticks > 0}; no input: ${(await text(q.stdout)).trim()}${why(q, await q.exited)}`);
  }

  { // sched_yield lets other processes run; many processes wait at once.
    const y = run(["yield", "1000"]);
    const many = Array.from({ length: 40 }, () => run(["lines"], { stdin: "pipe" }));
    await Promise.all(many.map(async (p, k) => {
      const w = p.stdin.getWriter();
      await w.write(enc.encode(`p${k}\n`));
      await w.close();
    }));
    const outs = await Promise.all(many.map((p) => text(p.stdout)));
    const right = outs.every((o, k) => o === `line: p${k}\neof\n`);
    log(`concurrency: ${(await text(y.stdout)).trim()}; 40 waiting processes answered ${right}`);
  }

  { // Sync mode on request: the same guest, a read that would wait answers EDEADLK.
    const p = spawn(module, { args: ["jspi", "lines"], stdin: "pipe", async: false });
    log(`sync mode: exit ${await p.exited}; stderr ${JSON.stringify(await text(p.stderr))}${why(p, await p.exited)}`);
  }
}
