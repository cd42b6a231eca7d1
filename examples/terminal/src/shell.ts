/**
 * A tiny shell for the browser terminal: runs the example programs (build/examples/*.wasm)
 * on wasi-os's `memory` base against one in-memory file system kept across commands.
 *
 * Grammar (a small subset of sh):
 *   list     := pipeline ((";" | "&&" | "||") pipeline)*
 *   pipeline := command ("|" command)*
 *   command  := word (word | "<" word | ">" word | ">>" word | "2>" word | "2>>" word)*
 * Words take '...' and "..." quoting and backslash escapes; $? and $NAME expand (not inside
 * single quotes). The working directory is always "/".
 *
 * The adapter has no pipe between two instances, so `a | b` runs a to completion, then b with
 * a's output as its stdin (as MS-DOS did). Redirections are done by the shell on the host side,
 * before the command runs, as sh does (`> f` truncates f first). Runtime-agnostic: it needs only
 * a way to find programs, a sink for terminal output and a MemoryFileSystem, so Node tests run
 * the same code the page does.
 */
import { WasiOs } from "../../../dist/host/index.js";
import { MemDirectory, MemFile, MemFsError, MemoryFileSystem } from "../../../dist/host/fs/memory/index.js";

/** Where the shell finds programs: names of the available commands, and their modules. */
export interface ProgramSource {
  /** Names of the commands there are now (they may change as tools are built). */
  list(): Promise<string[]>;
  /** The compiled program, or undefined when there is no such command. */
  load(name: string): Promise<WebAssembly.Module | undefined>;
}

export interface ShellOptions {
  readonly fs: MemoryFileSystem;
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

/** Joins "/"-relative path words, resolving "." and ".." as the shell's cwd is always "/". */
export function resolvePath(word: string): string {
  const parts: string[] = [];
  for (const p of word.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") parts.pop();
    else parts.push(p);
  }
  return parts.join("/");
}

type Builtin = (args: string[], io: StageIo) => number | Promise<number>;

interface StageIo {
  readonly stdin: Uint8Array;
  out(chunk: Uint8Array | string): void;
  err(chunk: Uint8Array | string): void;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const bytes = (c: Uint8Array | string): Uint8Array => (typeof c === "string" ? encoder.encode(c) : c.slice());

export class Shell {
  /** $? */
  status = 0;
  private readonly fs: MemoryFileSystem;
  private readonly env: Record<string, string>;
  private readonly builtins: Record<string, Builtin>;

  constructor(private readonly options: ShellOptions) {
    this.fs = options.fs;
    this.env = { HOME: "/", PWD: "/", TERM: "xterm-256color", LANG: "C.UTF-8", ...options.env };
    this.builtins = {
      echo: (args, io) => {
        const noNewline = args[0] === "-n";
        io.out((noNewline ? args.slice(1) : args).join(" ") + (noNewline ? "" : "\n"));
        return 0;
      },
      pwd: (_args, io) => {
        io.out("/\n");
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
          "wasi-os terminal: WebAssembly programs on one in-memory file system (cwd is /).\n" +
            `programs: ${programs.length > 0 ? programs.join(" ") : "(none built)"}\n` +
            `builtins: ${this.builtinNames.join(" ")}\n` +
            "syntax:   a | b, > f, >> f, < f, 2> f, a ; b, a && b, a || b, 'quotes', $?\n" +
            "stdin of a program is empty unless piped or redirected (no interactive input).\n",
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

  private async pipeline(commands: Command[]): Promise<number> {
    let stdin: Uint8Array = new Uint8Array(0);
    let status = 0;
    for (let k = 0; k < commands.length; k++) {
      const cmd = commands[k];
      if (cmd === undefined) break;
      const last = k === commands.length - 1;
      const captured: Uint8Array[] = [];
      status = await this.command(cmd, stdin, last ? undefined : (c) => void captured.push(c));
      stdin = concat(captured);
    }
    return status;
  }

  /** One command with its redirections; `pipeOut` receives stdout when another command follows. */
  private async command(cmd: Command, pipedIn: Uint8Array, pipeOut: ((c: Uint8Array) => void) | undefined): Promise<number> {
    const term = this.options.write;
    const sinks: Record<1 | 2, { path: string; chunks: Uint8Array[]; append: boolean } | undefined> = { 1: undefined, 2: undefined };
    let stdin = pipedIn;
    const words = cmd.words.map((w) => this.expand(w));
    try {
      // As sh: redirections in order, before the command; `>` truncates at once.
      for (const r of cmd.redirects) {
        const word = this.expand(r.path);
        const path = resolvePath(word);
        if (r.fd === 0) stdin = this.readForRedirect(word, path);
        else {
          this.openForRedirect(word, path, r.append);
          sinks[r.fd] = { path, chunks: [], append: r.append };
        }
      }
    } catch (e) {
      if (!(e instanceof ShellError)) throw e;
      term(`sh: ${e.message}\n`);
      return 1;
    }
    const s1 = sinks[1];
    const s2 = sinks[2];
    const out = s1 !== undefined ? (c: Uint8Array): void => void s1.chunks.push(c.slice()) : (pipeOut ?? term);
    const err = s2 !== undefined ? (c: Uint8Array): void => void s2.chunks.push(c.slice()) : term;
    const toTerminal = s1 === undefined && pipeOut === undefined;
    let status = 0;
    const name = words[0];
    if (name !== undefined) {
      const builtin = Object.hasOwn(this.builtins, name) ? this.builtins[name] : undefined;
      if (builtin !== undefined) {
        status = await builtin(words.slice(1), { stdin, out: (c) => out(bytes(c)), err: (c) => err(bytes(c)) });
      } else {
        status = await this.runProgram(name, words, stdin, out, err, toTerminal);
      }
    }
    for (const s of [s1, s2]) {
      if (s === undefined) continue;
      try {
        this.finishRedirect(s.path, concat(s.chunks));
      } catch (e) {
        if (!(e instanceof MemFsError)) throw e;
        term(`sh: ${s.path}: ${MESSAGES[e.errno] ?? e.message}\n`);
        status = 1;
      }
    }
    return status;
  }

  /** A word's text now: `$?` is the last status, `$NAME` the environment ("" when unset). */
  private expand(word: Word): string {
    return word.map((p) => (typeof p === "string" ? p : p.name === "?" ? String(this.status) : (this.env[p.name] ?? ""))).join("");
  }

  private async runProgram(
    name: string,
    argv: string[],
    stdin: Uint8Array,
    out: (c: Uint8Array) => void,
    err: (c: Uint8Array) => void,
    tty: boolean,
  ): Promise<number> {
    const module = name.includes("/") ? undefined : await this.options.programs.load(name);
    if (module === undefined) {
      err(encoder.encode(`sh: ${name}: command not found\n`));
      return 127;
    }
    try {
      const wasi = await WasiOs.create(module, {
        base: "memory",
        args: argv,
        env: this.env,
        // One file system across commands: the shell's.
        preopens: [{ guest: "/", memoryFs: this.fs }],
        stdin,
        // Output chunks are views of guest memory, valid during the call only: copy them.
        stdout: (c) => out(c.slice()),
        stderr: (c) => err(c.slice()),
        // fds 0-2 are one terminal when the output goes to the screen (device_encoding(1) is
        // "UTF-8"); a command writing into a pipe or a file sees no terminal.
        tty,
      });
      const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
      return wasi.start(instance);
    } catch (e) {
      // A trap (unreachable, out of bounds) or an instantiation failure: report it like a
      // shell reports a crashed process.
      err(encoder.encode(`sh: ${name}: ${e instanceof Error ? e.message : String(e)}\n`));
      return e instanceof WebAssembly.RuntimeError ? 134 : 126;
    }
  }

  private readForRedirect(word: string, path: string): Uint8Array {
    const inode = path === "" ? this.fs.root : this.fs.lookup(path);
    if (inode === null) throw new ShellError(`${word}: No such file or directory`);
    if (inode instanceof MemDirectory) throw new ShellError(`${word}: Is a directory`);
    return this.fs.readFile(path);
  }

  /** Checks the target and truncates it (or creates it empty) for `>`, as sh does. */
  private openForRedirect(word: string, path: string, append: boolean): void {
    if (path === "") throw new ShellError(`${word}: Is a directory`);
    const slash = path.lastIndexOf("/");
    if (slash >= 0) {
      const parent = this.fs.lookup(path.slice(0, slash));
      if (parent === null) throw new ShellError(`${word}: No such file or directory`);
      if (!(parent instanceof MemDirectory)) throw new ShellError(`${word}: Not a directory`);
    }
    const inode = this.fs.lookup(path);
    if (inode instanceof MemDirectory) throw new ShellError(`${word}: Is a directory`);
    if (inode !== null && !(inode instanceof MemFile)) throw new ShellError(`${word}: Not a regular file`);
    if (inode === null || !append) this.fs.writeFile(path, new Uint8Array(0));
  }

  private finishRedirect(path: string, data: Uint8Array): void {
    if (data.length === 0) return;
    const inode = this.fs.lookup(path);
    // The command may have removed or replaced the file meanwhile; sh's open fd would still
    // write to the old one: writing the path again is close enough for this shell.
    const before = inode instanceof MemFile ? this.fs.readFile(path) : new Uint8Array(0);
    this.fs.writeFile(path, concat([before, data]));
  }
}

/** Decodes program output for tests and logs. */
export function text(chunk: Uint8Array): string {
  return decoder.decode(chunk);
}
