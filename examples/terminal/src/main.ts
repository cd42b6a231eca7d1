/**
 * The browser terminal: xterm.js, a line editor, and the tiny shell (shell.ts) running the
 * example programs from /bin (build/examples/*.wasm, listed by /bin/index.json) on wasi-os's
 * `memory` base, in the page. One in-memory file system lives as long as the page.
 *
 * `window.wasiOsTerminal` is a small hook for tests: the screen's text, how many command lines
 * have finished, and a way to run a module once (the runtimes guest) in this page.
 */
import { Terminal } from "@xterm/xterm";
import { OpfsFileSystem, runCommand } from "../../../dist/host/index.js";
import { MemoryFileSystem } from "../../../dist/host/fs/memory/index.js";
import { Shell, type Job, type Mount, type ProgramSource } from "./shell.ts";
import { LineDiscipline } from "./tty.ts";
import { rubyCommand } from "./ruby.ts";

export interface RunOutcome {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TerminalHook {
  /** The terminal's text, one line per buffer row, trailing blank rows dropped. */
  text(): string;
  /** True once the greeting and the first prompt are on the screen. */
  readonly ready: boolean;
  /**
   * Command lines finished so far (each Enter that ran something counts once), counted when
   * the next prompt is on the screen: xterm parses writes asynchronously.
   */
  readonly finished: number;
  /** True while a command line runs. */
  readonly busy: boolean;
  /** Runs `url` once on a fresh `memory` base with a terminal for stdio (not through the shell). */
  runModule(url: string, args: string[]): Promise<RunOutcome>;
  /** Runs `url` the same way in a dedicated Worker (worker.js). */
  runModuleInWorker(url: string, args: string[]): Promise<RunOutcome>;
}

declare global {
  interface Window {
    wasiOsTerminal?: TerminalHook;
  }
}

const decoder = new TextDecoder();

/** Programs are whatever build/examples holds right now: the list is fetched each time. */
function webPrograms(): ProgramSource {
  const modules = new Map<string, Promise<WebAssembly.Module | undefined>>();
  const list = async (): Promise<string[]> => {
    const res = await fetch("bin/index.json", { cache: "no-store" });
    return res.ok ? ((await res.json()) as string[]) : [];
  };
  return {
    list,
    async load(name) {
      if (!(await list()).includes(name)) return undefined;
      let m = modules.get(name);
      if (m === undefined) {
        m = fetch(`bin/${name}.wasm`).then((res) => (res.ok ? WebAssembly.compileStreaming(res) : undefined));
        modules.set(name, m);
        // A failed fetch or compile is not cached: the tool may be rebuilt meanwhile.
        m.then((v) => v === undefined && modules.delete(name), () => modules.delete(name));
      }
      return m;
    },
  };
}

async function runModule(url: string, args: string[]): Promise<RunOutcome> {
  const module = await WebAssembly.compileStreaming(fetch(url));
  const r = await runCommand(module, { args, tty: true, preopens: [{ guest: "/", tree: {} }] });
  return { exitCode: r.exitCode, stdout: decoder.decode(r.stdout), stderr: decoder.decode(r.stderr) };
}

function runModuleInWorker(url: string, args: string[]): Promise<RunOutcome> {
  const worker = new Worker("worker.js", { type: "module" });
  return new Promise<RunOutcome>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<RunOutcome | { error: string }>) => {
      worker.terminate();
      if ("error" in e.data) reject(new Error(e.data.error));
      else resolve(e.data);
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message));
    };
    worker.postMessage({ url: new URL(url, location.href).href, args });
  });
}

interface Home {
  readonly mount: Mount | undefined;
  /** Writes the home back (after each command). */
  save(): Promise<void>;
  /** What the greeting says about it. */
  readonly note: string;
}

/** /home: the `opfs` file system (host/fs/opfs), kept across reloads; in memory where OPFS is missing. */
async function openHome(): Promise<Home> {
  try {
    const home = await OpfsFileSystem.open({ directory: "wasi-os-home" });
    return { mount: { path: "/home", fs: home.fs }, save: async () => void (await home.sync()), note: "/home is kept (OPFS)" };
  } catch (e) {
    return { mount: undefined, save: async () => undefined, note: `no persistent home (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** The prompt: the working directory, with the home shown as "~" (as bash's \w). */
function prompt(cwd: string, home: string): string {
  const shown = cwd === home ? "~" : home !== "/" && cwd.startsWith(home + "/") ? "~" + cwd.slice(home.length) : cwd;
  return `\x1b[1;32mwasi-os\x1b[0m:\x1b[1;34m${shown}\x1b[0m$ `;
}

async function main(): Promise<void> {
  const host = document.getElementById("terminal");
  if (host === null) throw new Error("no #terminal element");
  const term = new Terminal({
    cols: 100,
    rows: 36,
    convertEol: true,
    cursorBlink: true,
    fontFamily: "'DejaVu Sans Mono', 'Liberation Mono', monospace",
    fontSize: 14,
    theme: { background: "#1e1e2e", foreground: "#cdd6f4" },
  });
  term.open(host);
  term.focus();

  const fs = MemoryFileSystem.fromTree({
    "hello.txt": new TextEncoder().encode("Hello from wasi-os, in your browser's memory.\n"),
    home: {},
    tmp: {},
  });
  const home = await openHome();
  // The foreground job, while one runs: typed keys go through the line discipline to its stdin.
  let writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
  let job: Job | undefined;
  let interrupted = false;
  const lineDiscipline = (): LineDiscipline =>
    new LineDiscipline({
      echo: (s) => term.write(s),
      line: (b) => void writer?.write(b).catch(() => undefined),
      eof: () => void writer?.close().catch(() => undefined),
      interrupt: () => {
        interrupted = true;
        job?.interrupt();
      },
    });
  let tty = lineDiscipline();
  const shell = new Shell({
    fs,
    mounts: home.mount !== undefined ? [home.mount] : [],
    programs: webPrograms(),
    // CRuby 3.4 (npm @ruby/3.4-wasm-wasi), served by serve.mjs; fetched on first use.
    commands: { ruby: rubyCommand(() => WebAssembly.compileStreaming(fetch("ruby/ruby.wasm"))) },
    write: (c) => term.write(c),
    foreground: (j) => {
      job = j;
      writer = j?.stdin.getWriter();
    },
  });
  const PROMPT = (): string => prompt(shell.cwd, home.mount !== undefined ? "/home" : "/");
  if (home.mount !== undefined) await shell.execute("cd");

  /** edit: the shell's line editor has the keys; job: the line discipline; wait: keys queue. */
  let mode: "edit" | "job" | "wait" = "edit";
  let line = "";
  let finished = 0;
  let ready = false;
  const history: string[] = [];
  let historyAt = 0;
  const queue: string[] = [];

  const setLine = (next: string): void => {
    term.write("\b \b".repeat(line.length) + next);
    line = next;
  };

  const submit = (): void => {
    term.write("\r\n");
    const input = line;
    line = "";
    if (input.trim().length === 0) {
      term.write(PROMPT());
      return;
    }
    history.push(input);
    historyAt = history.length;
    mode = "job";
    interrupted = false;
    tty = lineDiscipline();
    void (async () => {
      try {
        await shell.execute(input);
      } catch (e) {
        term.write(`sh: internal error: ${e instanceof Error ? e.message : String(e)}\r\n`);
      }
      mode = "wait"; // typeahead from here on is the shell's next line
      // Ctrl-C echoed "^C"; the next prompt starts on a new line, as bash does.
      if (interrupted) term.write("\r\n");
      // The home is written back after each command (host/fs/opfs).
      await home.save().catch((e: unknown) => term.write(`sh: saving /home: ${e instanceof Error ? e.message : String(e)}\r\n`));
      await new Promise<void>((resolve) => term.write(PROMPT(), resolve));
      mode = "edit";
      finished++;
      pump();
    })();
  };

  const edit = (data: string): void => {
    if (data === "\x1b[A" || data === "\x1b[B") {
      historyAt = Math.max(0, Math.min(history.length, historyAt + (data === "\x1b[A" ? -1 : 1)));
      setLine(history[historyAt] ?? "");
      return;
    }
    if (data.startsWith("\x1b")) return; // other keys (left/right, function keys): not supported
    for (let i = 0; i < data.length; i++) {
      const ch = data[i] ?? "";
      if (ch === "\r") {
        submit();
        // The rest of a pasted chunk is typeahead: input for the job just started.
        const rest = data.slice(i + 1);
        if (rest.length > 0) queue.unshift(rest);
        return;
      } else if (ch === "\x7f" || ch === "\b") {
        if (line.length > 0) setLine(line.slice(0, -1));
      } else if (ch === "\x03") {
        term.write("^C\r\n" + PROMPT());
        line = "";
      } else if (ch === "\x15") setLine("");
      else if (ch === "\x0c") {
        term.write("\x1b[H\x1b[2J" + PROMPT() + line);
      } else if (ch >= " ") {
        line += ch;
        term.write(ch);
      }
    }
  };

  const pump = (): void => {
    let data: string | undefined;
    while (mode !== "wait" && (data = queue.shift()) !== undefined) {
      if (mode === "job") tty.input(data);
      else edit(data);
    }
  };
  term.onData((data) => {
    queue.push(data);
    pump();
  });

  window.wasiOsTerminal = {
    text() {
      const buf = term.buffer.active;
      const rows: string[] = [];
      for (let y = 0; y < buf.length; y++) rows.push(buf.getLine(y)?.translateToString(true) ?? "");
      while (rows.length > 0 && rows[rows.length - 1] === "") rows.pop();
      return rows.join("\n");
    },
    get ready() {
      return ready;
    },
    get finished() {
      return finished;
    },
    get busy() {
      return mode !== "edit";
    },
    runModule,
    runModuleInWorker,
  };

  term.write(`wasi-os terminal: WebAssembly programs as processes. ${home.note}. Type \x1b[1mhelp\x1b[0m.\r\n`);
  term.write(PROMPT(), () => void (ready = true));
}

void main();
