/**
 * The browser terminal's shell: runs the example programs (build/examples/*.wasm) as wasi-os
 * processes (`spawn`, host/process.ts) on the `memory` base, against one file system tree kept
 * across commands: a MemoryFileSystem at "/" and others mounted below it (the page mounts the
 * persistent home, host/fs/opfs, at /home).
 *
 * Grammar (a small subset of sh):
 *   list     := pipeline ((";" | "&&" | "||") pipeline)*
 *   pipeline := command ("|" command)*
 *   command  := word (word | "<" word | ">" word | ">>" word | "2>" word | "2>>" word)*
 * Words take '...' and "..." quoting and backslash escapes; $? and $NAME expand (not inside
 * single quotes).
 *
 * The stages of a pipeline run at once, joined by 64 KiB pipes, so output streams and
 * `cat big | head -c 10` ends when head has its 10 bytes (cat then gets EPIPE). Under JSPI a
 * stage waits for its input; without it (Node 20) each runs to its end on what is there.
 * Redirections are the shell's, on the host side, before the command runs, as sh does (`> f`
 * truncates f first; output then goes into the file as it is written). The working directory
 * is the shell's: programs get it as $PWD (they start there: assembly/cli.ts enterPwd).
 * A stage with no redirected or piped stdin reads the terminal: the page's line discipline
 * (tty.ts) writes what is typed into the job's `stdin` (ShellOptions.foreground); with no
 * terminal, stdin is empty. Runtime-agnostic, so Node tests run the same code the page does.
 */
import { spawn, type WasiProcess } from "../../../dist/host/index.js";
import { MemDirectory, MemFile, MemFsError, MemoryFileSystem } from "../../../dist/host/fs/memory/index.js";
import { join as joinBytes } from "../../../dist/host/bytes.js";

/** Where the shell finds programs: names of the available commands, and their modules. */
export interface ProgramSource {
  /** Names of the commands there are now (they may change as tools are built). */
  list(): Promise<string[]>;
  /** The compiled program, or undefined when there is no such command. */
  load(name: string): Promise<WebAssembly.Module | undefined>;
}

/** A file system mounted at an absolute path below "/" (e.g. the home at "/home"). */
export interface Mount {
  readonly path: string;
  readonly fs: MemoryFileSystem;
}

/** The job in the foreground: where typed input goes, and how Ctrl-C reaches it. */
export interface Job {
  /**
   * The terminal's side of the job's stdin: what is written here is read by the first stage
   * unless its stdin is redirected (typed early, it waits there); closing it is end of file.
   */
  readonly stdin: WritableStream<Uint8Array>;
  /** SIGINT to every stage (exit status 130). */
  interrupt(): void;
}

/** What a command implemented on the host (not a `spawn`ed guest, e.g. `ruby`) is given. */
export interface HostCommandContext {
  /** argv, the command's name first. */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** The shell's file systems, as `memory`-base preopens ("/" and the mounts). */
  readonly preopens: readonly { readonly guest: string; readonly memoryFs: MemoryFileSystem }[];
  /** Output; chunks may be views of guest memory: copied by the shell. */
  stdout(chunk: Uint8Array): void;
  stderr(chunk: Uint8Array): void;
  /** Whether stdout goes to the screen. */
  readonly tty: boolean;
}

/** A command run on the host; resolves to its exit status. Its stdin is empty. */
export type HostCommand = (ctx: HostCommandContext) => Promise<number>;

export interface ShellOptions {
  /** Commands implemented on the host, found before programs (e.g. `ruby`, examples/terminal/src/ruby.ts). */
  readonly commands?: Readonly<Record<string, HostCommand>>;
  /** The file system at "/". */
  readonly fs: MemoryFileSystem;
  /** File systems mounted below "/" (their mount points should exist as directories in `fs`). */
  readonly mounts?: readonly Mount[];
  /** Called with the job when one starts with the terminal as stdin, and undefined when it ends. */
  readonly foreground?: (job: Job | undefined) => void;
  readonly programs: ProgramSource;
  /** Terminal output (bytes as the programs wrote them; the shell's own messages as text). */
  readonly write: (chunk: Uint8Array | string) => void;
  readonly env?: Readonly<Record<string, string>>;
}

type Op = "|" | "<" | ">" | ">>" | "2>" | "2>>" | ";" | "&&" | "||";
/** A word as typed: literal text and variables, expanded when its command runs (as sh does). */
export type Word = readonly (string | { readonly name: string })[];
type Token = { readonly kind: "word"; readonly word: Word; readonly text: string } | { readonly kind: "op"; readonly op: Op };

interface Redirect {
  readonly fd: 0 | 1 | 2;
  readonly append: boolean;
  readonly path: Word;
}

interface Command {
  readonly words: Word[];
  readonly redirects: Redirect[];
}

interface Pipeline {
  /** How it joins the previous pipeline ("" for the first). */
  readonly join: "" | ";" | "&&" | "||";
  readonly commands: Command[];
}

export class ShellSyntaxError extends Error {}

const OPS: readonly Op[] = ["2>>", "2>", ">>", "&&", "||", "|", "<", ">", ";"];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Splits a line into words and operators. */
export function tokenize(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i] ?? "";
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    if (c === "#") break;
    // "2>" is an operator only at the start of a word.
    const op = OPS.find((o) => line.startsWith(o, i));
    if (op !== undefined) {
      out.push({ kind: "op", op });
      i += op.length;
      continue;
    }
    let text = "";
    const word: (string | { name: string })[] = [];
    const literal = (t: string): void => {
      text += t;
      const last = word[word.length - 1];
      if (typeof last === "string") word[word.length - 1] = last + t;
      else word.push(t);
    };
    const variable = (name: string | undefined): void => {
      if (name === undefined) literal("$");
      else {
        text += "$" + name;
        word.push({ name });
      }
    };
    let quoted = false;
    while (i < line.length) {
      const ch = line[i] ?? "";
      if (ch === " " || ch === "\t" || "|<>;".includes(ch) || line.startsWith("&&", i)) break;
      if (ch === "\\") {
        literal(line[i + 1] ?? "");
        i += 2;
      } else if (ch === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `''");
        literal(line.slice(i + 1, end));
        quoted = true;
        i = end + 1;
      } else if (ch === '"') {
        i++;
        let closed = false;
        while (i < line.length) {
          const d = line[i] ?? "";
          if (d === '"') {
            closed = true;
            i++;
            break;
          }
          if (d === "\\" && i + 1 < line.length && '"\\$'.includes(line[i + 1] ?? "")) {
            literal(line[i + 1] ?? "");
            i += 2;
          } else if (d === "$") {
            const [name, next] = variableAt(line, i);
            variable(name);
            i = next;
          } else {
            literal(d);
            i++;
          }
        }
        if (!closed) throw new ShellSyntaxError("unexpected EOF while looking for matching `\"'");
        quoted = true;
      } else if (ch === "$") {
        const [name, next] = variableAt(line, i);
        variable(name);
        i = next;
      } else {
        literal(ch);
        i++;
      }
    }
    if (word.length > 0 || quoted) out.push({ kind: "word", word, text });
  }
  return out;
}

/** The variable `$?`, `$NAME` or `${NAME}` at `at`, and where it ends; a lone "$" names none. */
function variableAt(line: string, at: number): [string | undefined, number] {
  if (line[at + 1] === "?") return ["?", at + 2];
  if (line[at + 1] === "{") {
    const end = line.indexOf("}", at + 2);
    if (end > at + 2) return [line.slice(at + 2, end), end + 1];
  }
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(line.slice(at + 1));
  if (m === null) return [undefined, at + 1];
  return [m[0], at + 1 + m[0].length];
}

/** Builds the pipelines of a line. */
export function parse(tokens: Token[]): Pipeline[] {
  const lists: Pipeline[] = [];
  let join: Pipeline["join"] = "";
  let commands: Command[] = [];
  let cmd: Command = { words: [], redirects: [] };
  const unexpected = (t: Token | undefined): ShellSyntaxError =>
    new ShellSyntaxError(`syntax error near unexpected token \`${t === undefined ? "newline" : t.kind === "op" ? t.op : t.text}'`);
  const endCommand = (t: Token | undefined): void => {
    if (cmd.words.length === 0 && cmd.redirects.length === 0) throw unexpected(t);
    commands.push(cmd);
    cmd = { words: [], redirects: [] };
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t === undefined) break;
    if (t.kind === "word") {
      cmd.words.push(t.word);
      continue;
    }
    switch (t.op) {
      case "<":
      case ">":
      case ">>":
      case "2>":
      case "2>>": {
        const target = tokens[k + 1];
        if (target === undefined || target.kind !== "word") throw unexpected(target);
        k++;
        const fd = t.op === "<" ? 0 : t.op.startsWith("2") ? 2 : 1;
        cmd.redirects.push({ fd, append: t.op.endsWith(">>"), path: target.word });
        break;
      }
      case "|":
        endCommand(t);
        break;
      case ";":
      case "&&":
      case "||":
        endCommand(t);
        lists.push({ join, commands });
        join = t.op;
        commands = [];
        break;
    }
  }
  if (cmd.words.length > 0 || cmd.redirects.length > 0) commands.push(cmd);
  else if (commands.length > 0 || join === "&&" || join === "||") throw unexpected(undefined);
  if (commands.length > 0) lists.push({ join, commands });
  return lists;
}

/** The strerror text sh prints for the errnos a MemoryFileSystem throws (WASI numbers). */
const MESSAGES: Record<number, string> = {
  20: "File exists",
  22: "File too large",
  28: "Invalid argument",
  31: "Is a directory",
  44: "No such file or directory",
  51: "No space left on device",
  54: "Not a directory",
};

class ShellError extends Error {}

/** "/a/./b/../c" -> "/a/c"; a relative `word` is joined to `cwd` first (what `cd` and the tools see). */
export function absolutePath(word: string, cwd = "/"): string {
  const parts: string[] = [];
  for (const p of (word.startsWith("/") ? word : `${cwd}/${word}`).split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") parts.pop();
    else parts.push(p);
  }
  return "/" + parts.join("/");
}

/** The "/"-relative form of a path, as the old API took it ("a/b"). */
export function resolvePath(word: string): string {
  return absolutePath(word).slice(1);
}

type Builtin = (args: string[], io: StageIo) => number | Promise<number>;

interface StageIo {
  out(chunk: Uint8Array | string): void;
  err(chunk: Uint8Array | string): void;
}

const bytes = (c: Uint8Array | string): Uint8Array => (typeof c === "string" ? encoder.encode(c) : c.slice());

/** Output into a file as it comes (`> f`, `>> f`): written at the end of what is there. */
class FileSink {
  private at: number;
  failed: string | undefined;
  constructor(
    private readonly file: MemFile,
    readonly word: string,
  ) {
    this.at = Number(file.size);
  }
  write(chunk: Uint8Array): void {
    if (this.failed !== undefined || chunk.length === 0) return;
    const n = this.file.data.write(this.at, chunk);
    if (n < 0) this.failed = MESSAGES[-n] ?? `errno ${-n}`;
    else if (n < chunk.length) this.failed = MESSAGES[51];
    if (n > 0) this.at += n;
    this.file.touchData();
  }
}

/** What a stage's stdin is. */
type Input = { kind: "none" } | { kind: "bytes"; bytes: Uint8Array } | { kind: "stream"; stream: ReadableStream<Uint8Array> };

export class Shell {
  /** $? */
  status = 0;
  /** The working directory (absolute, normalized). */
  cwd = "/";
  private readonly env: Record<string, string>;
  private readonly builtins: Record<string, Builtin>;
  private readonly mounts: readonly Mount[];

  constructor(private readonly options: ShellOptions) {
    this.mounts = [...(options.mounts ?? [])].sort((a, b) => b.path.length - a.path.length);
    const home = this.mounts.some((m) => m.path === "/home") ? "/home" : "/";
    this.env = { HOME: home, PWD: "/", TERM: "xterm-256color", LANG: "C.UTF-8", ...options.env };
    this.builtins = {
      echo: (args, io) => {
        const noNewline = args[0] === "-n";
        io.out((noNewline ? args.slice(1) : args).join(" ") + (noNewline ? "" : "\n"));
        return 0;
      },
      pwd: (_args, io) => {
        io.out(this.cwd + "\n");
        return 0;
      },
      cd: (args, io) => {
        const word = args[0] ?? this.env["HOME"] ?? "/";
        const abs = absolutePath(word, this.cwd);
        const inode = this.lookup(abs);
        if (inode === null) return (io.err(`sh: cd: ${word}: No such file or directory\n`), 1);
        if (!(inode instanceof MemDirectory)) return (io.err(`sh: cd: ${word}: Not a directory\n`), 1);
        this.cwd = abs;
        this.env["PWD"] = abs;
        return 0;
      },
      true: () => 0,
      false: () => 1,
      clear: (_args, io) => {
        io.out("\x1b[H\x1b[2J\x1b[3J");
        return 0;
      },
      help: async (_args, io) => {
        const programs = await this.options.programs.list();
        io.out(
          "wasi-os terminal: WebAssembly programs as processes, on in-memory file systems.\n" +
            `programs: ${programs.length > 0 ? programs.join(" ") : "(none built)"}\n` +
            `builtins: ${this.builtinNames.join(" ")}\n` +
            (Object.keys(this.options.commands ?? {}).length > 0 ? `also:     ${Object.keys(this.options.commands ?? {}).sort().join(" ")}\n` : "") +
            "syntax:   a | b, > f, >> f, < f, 2> f, a ; b, a && b, a || b, 'quotes', $?\n" +
            "keys:     Ctrl-C interrupts, Ctrl-D ends input, Up/Down recall history.\n",
        );
        return 0;
      },
    };
  }

  /** The builtins' names. */
  get builtinNames(): string[] {
    return Object.keys(this.builtins).sort();
  }

  /** Runs one input line; returns its exit status (also in $?). */
  async execute(line: string): Promise<number> {
    let lists: Pipeline[];
    try {
      lists = parse(tokenize(line));
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      this.options.write(`sh: ${e.message}\n`);
      this.status = 2;
      return this.status;
    }
    for (const p of lists) {
      if (p.join === "&&" && this.status !== 0) continue;
      if (p.join === "||" && this.status === 0) continue;
      this.status = await this.pipeline(p.commands);
    }
    return this.status;
  }

  /** The file system holding absolute path `abs`, and the path inside it ("" for its root). */
  private where(abs: string): { fs: MemoryFileSystem; rel: string } {
    for (const m of this.mounts) {
      if (abs === m.path || abs.startsWith(m.path + "/")) return { fs: m.fs, rel: abs.slice(m.path.length + 1) };
    }
    return { fs: this.options.fs, rel: abs.slice(1) };
  }

  private lookup(abs: string): ReturnType<MemoryFileSystem["lookup"]> {
    const { fs, rel } = this.where(abs);
    return rel === "" ? fs.root : fs.lookup(rel);
  }

  /** Runs the stages at once, each reading the one before; the status is the last stage's. */
  private async pipeline(commands: Command[]): Promise<number> {
    const processes: WasiProcess[] = [];
    const waits: Promise<number>[] = [];
    // The terminal's input for this job: a stream, so lines typed before the stage has started wait.
    const typed = this.options.foreground !== undefined ? new TransformStream<Uint8Array, Uint8Array>() : undefined;
    let input: Input = typed !== undefined ? { kind: "stream", stream: typed.readable } : { kind: "none" };
    let interrupted = false;
    const job: Job | undefined = typed && {
      stdin: typed.writable,
      interrupt: () => {
        interrupted = true;
        for (const p of processes) p.kill("SIGINT");
      },
    };
    if (job !== undefined) this.options.foreground?.(job);
    try {
      for (let k = 0; k < commands.length; k++) {
        const cmd = commands[k];
        if (cmd === undefined) break;
        if (interrupted) break;
        const last = k === commands.length - 1;
        const stage = await this.stage(cmd, input, last);
        if (stage.process !== undefined) processes.push(stage.process);
        waits.push(stage.exited);
        input = stage.output ?? { kind: "none" };
      }
      if (interrupted) for (const p of processes) p.kill("SIGINT");
      const statuses = await Promise.all(waits);
      return interrupted && statuses.length < commands.length ? 130 : (statuses[statuses.length - 1] ?? 0);
    } finally {
      if (job !== undefined) this.options.foreground?.(undefined);
    }
  }

  /** Starts one command with its redirections; its output, when another stage follows. */
  private async stage(
    cmd: Command,
    piped: Input,
    last: boolean,
  ): Promise<{ exited: Promise<number>; output?: Input; process?: WasiProcess }> {
    const term = this.options.write;
    const sinks: Record<1 | 2, FileSink | undefined> = { 1: undefined, 2: undefined };
    let input = piped;
    const drop = (i: Input): void => {
      if (i.kind === "stream") void i.stream.cancel().catch(() => undefined); // its writer gets EPIPE
    };
    const words = cmd.words.map((w) => this.expand(w));
    try {
      // As sh: redirections in order, before the command; `>` truncates at once.
      for (const r of cmd.redirects) {
        const word = this.expand(r.path);
        const abs = absolutePath(word, this.cwd);
        if (r.fd === 0) {
          drop(input);
          input = { kind: "bytes", bytes: this.readForRedirect(word, abs) };
        } else sinks[r.fd] = new FileSink(this.openForRedirect(word, abs, r.append), word);
      }
    } catch (e) {
      if (!(e instanceof ShellError)) throw e;
      drop(input);
      term(`sh: ${e.message}\n`);
      return { exited: Promise.resolve(1) };
    }
    const s1 = sinks[1];
    const s2 = sinks[2];
    const finish = (status: number): number => {
      for (const s of [s1, s2]) {
        if (s?.failed === undefined) continue;
        term(`sh: ${s.word}: ${s.failed}\n`);
        status = 1;
      }
      return status;
    };
    const err = s2 !== undefined ? (c: Uint8Array): void => s2.write(c) : (c: Uint8Array): void => term(c.slice());
    const name = words[0];
    if (name === undefined) {
      drop(input);
      return { exited: Promise.resolve(finish(0)) };
    }
    const builtin = Object.hasOwn(this.builtins, name) ? this.builtins[name] : undefined;
    const commands = this.options.commands ?? {};
    const hosted = builtin === undefined && Object.hasOwn(commands, name) ? commands[name] : undefined;
    const module = builtin === undefined && hosted === undefined && !name.includes("/") ? await this.options.programs.load(name) : undefined;
    if (builtin !== undefined || hosted !== undefined || module === undefined) {
      drop(input); // builtins read no input
      const captured: Uint8Array[] = [];
      const out = s1 !== undefined ? (c: Uint8Array): void => s1.write(c) : last ? (c: Uint8Array): void => term(c) : (c: Uint8Array): void => void captured.push(c);
      let status: number;
      if (builtin !== undefined) status = await builtin(words.slice(1), { out: (c) => out(bytes(c)), err: (c) => err(bytes(c)) });
      else if (hosted !== undefined) {
        try {
          status = await hosted({
            args: words,
            env: { ...this.env, PWD: this.cwd },
            preopens: this.preopens(),
            stdout: (c) => out(c.slice()),
            stderr: (c) => err(c.slice()),
            tty: s1 === undefined && last,
          });
        } catch (e) {
          err(encoder.encode(`sh: ${name}: ${e instanceof Error ? e.message : String(e)}\n`));
          status = e instanceof WebAssembly.RuntimeError ? 134 : 126;
        }
      } else {
        err(encoder.encode(`sh: ${name}: command not found\n`));
        status = 127;
      }
      return { exited: Promise.resolve(finish(status)), output: { kind: "bytes", bytes: joinBytes(captured) } };
    }

    // A program. fds 0-2 are one terminal when the output goes to the screen (device_encoding(1)
    // is "UTF-8"); a command writing into a pipe or a file sees no terminal.
    const toScreen = s1 === undefined && last;
    const stdin = input.kind === "bytes" ? input.bytes : input.kind === "stream" ? input.stream : new Uint8Array(0);
    const p = spawn(module, {
      base: "memory",
      args: words,
      env: { ...this.env, PWD: this.cwd },
      preopens: this.preopens(),
      stdin,
      // Output chunks given to a callback are views of guest memory, valid during the call.
      stdout: s1 !== undefined ? (c) => s1.write(c) : last ? (c) => term(c.slice()) : "pipe",
      stderr: err,
      tty: toScreen,
    });
    const exited = p.exited.then((status) => {
      if (status === 134 && p.error !== undefined) {
        // A trap or a module that cannot start: reported as a shell reports a crashed process.
        const e = p.error;
        err(encoder.encode(`sh: ${name}: ${e instanceof Error ? e.message : String(e)}\n`));
      }
      return finish(status);
    });
    return {
      exited,
      process: p,
      ...(p.stdout !== null ? { output: { kind: "stream" as const, stream: p.stdout } } : {}),
    };
  }

  /** The shell's file systems as preopens: "/" and each mount. */
  private preopens(): { guest: string; memoryFs: MemoryFileSystem }[] {
    return [{ guest: "/", memoryFs: this.options.fs }, ...this.mounts.map((m) => ({ guest: m.path, memoryFs: m.fs }))];
  }

  /** A word's text now: `$?` is the last status, `$NAME` the environment ("" when unset). */
  private expand(word: Word): string {
    return word.map((p) => (typeof p === "string" ? p : p.name === "?" ? String(this.status) : (this.env[p.name] ?? ""))).join("");
  }

  private readForRedirect(word: string, abs: string): Uint8Array {
    const inode = this.lookup(abs);
    if (inode === null) throw new ShellError(`${word}: No such file or directory`);
    if (inode instanceof MemDirectory) throw new ShellError(`${word}: Is a directory`);
    const { fs, rel } = this.where(abs);
    return fs.readFile(rel);
  }

  /** Checks the target, truncates it (or creates it empty) for `>`, as sh does; the file. */
  private openForRedirect(word: string, abs: string, append: boolean): MemFile {
    const { fs, rel } = this.where(abs);
    if (rel === "") throw new ShellError(`${word}: Is a directory`);
    const slash = rel.lastIndexOf("/");
    if (slash >= 0) {
      const parent = fs.lookup(rel.slice(0, slash));
      if (parent === null) throw new ShellError(`${word}: No such file or directory`);
      if (!(parent instanceof MemDirectory)) throw new ShellError(`${word}: Not a directory`);
    }
    const inode = fs.lookup(rel);
    if (inode instanceof MemDirectory) throw new ShellError(`${word}: Is a directory`);
    if (inode !== null && !(inode instanceof MemFile)) throw new ShellError(`${word}: Not a regular file`);
    try {
      if (inode === null || !append) fs.writeFile(rel, new Uint8Array(0));
    } catch (e) {
      if (!(e instanceof MemFsError)) throw e;
      throw new ShellError(`${word}: ${MESSAGES[e.errno] ?? e.message}`);
    }
    const file = fs.lookup(rel);
    if (!(file instanceof MemFile)) throw new ShellError(`${word}: Not a regular file`);
    return file;
  }
}

/** Decodes program output for tests and logs. */
export function text(chunk: Uint8Array): string {
  return decoder.decode(chunk);
}
