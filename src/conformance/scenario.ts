// Scenario files (`scenarios/**/*.scn`): parsing and loading.
// The format is documented in docs/conformance.md ("Scenario file"); this is its only parser.

import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/** One argument of a step, as written in the scenario (before encoding for the guest). */
export type Arg =
  | { kind: "int"; value: bigint }
  | { kind: "none" }
  | { kind: "bytes"; value: Uint8Array }
  | { kind: "str"; value: string }
  | { kind: "const"; names: string[] }
  | { kind: "fd"; name: string; offset: number }
  | { kind: "list"; items: Arg[] }
  | { kind: "ident"; name: string };

export type Setup =
  | { kind: "file"; line: number; path: string; bytes: Uint8Array }
  | { kind: "dir"; line: number; path: string };

export interface Step {
  /** 1-based line number in the scenario file. */
  line: number;
  /** The step as written (trimmed, without a trailing comment). */
  text: string;
  /**
   * The binding: one name (`f = open ...`), or for a tuple result the names joined by commas
   * without spaces (`r, w = pipe` -> "r,w"; the guest encoding's BIND column carries it as is).
   */
  bind: string | null;
  func: string;
  args: Arg[];
}

export interface Scenario {
  /** Display name, also what divergence globs match: relative to the scenarios root, `/`-separated. */
  name: string;
  /** Absolute path of the file ("" for scenarios parsed from a string). */
  file: string;
  title: string;
  setup: Setup[];
  /** `@tty`: stdin and stdout (fds 0 and 1) are a terminal (the oracle's pty; the guest's `tty` option). */
  tty?: boolean;
  steps: Step[];
}

export class ScenarioError extends Error {
  constructor(where: string, line: number, message: string) {
    super(`${where}:${line}: ${message}`);
    this.name = "ScenarioError";
  }
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VAR = /^[a-z_][a-z0-9_]*$/;
const CONST = /^[A-Z][A-Z0-9_]*$/;
/** Functions whose arguments after the first may be bare field names (`a:` in the encoding). */
const FIELD_FUNCS = new Set(["fstat"]);

/** Split a step line into whitespace-separated terms; quotes and brackets group; `#` outside starts a comment. */
export function splitTerms(src: string): string[] {
  const terms: string[] = [];
  let cur = "";
  let depth = 0;
  let quote = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      cur += c;
      if (c === "\\" && i + 1 < src.length) cur += src[++i];
      else if (c === '"') quote = false;
      continue;
    }
    if (c === '"') { quote = true; cur += c; continue; }
    if (c === "#" && depth === 0) break;
    if (c === "[") depth++;
    if (c === "]") depth--;
    if (/\s/.test(c) && depth === 0) {
      if (cur !== "") terms.push(cur);
      cur = "";
      continue;
    }
    cur += c;
  }
  if (quote) throw new Error("unterminated string literal");
  if (depth !== 0) throw new Error("unbalanced brackets");
  if (cur !== "") terms.push(cur);
  return terms;
}

/** A tiny cursor-based parser for one term. */
class TermParser {
  pos = 0;
  constructor(readonly src: string, readonly vars: ReadonlySet<string>, readonly allowIdent: boolean) {}

  fail(msg: string): never {
    throw new Error(`${msg} in ${JSON.stringify(this.src)} at column ${this.pos + 1}`);
  }
  peek(s: string): boolean { return this.src.startsWith(s, this.pos); }
  eat(s: string): boolean {
    if (this.peek(s)) { this.pos += s.length; return true; }
    return false;
  }
  skipSpace(): void { while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++; }
  done(): boolean { return this.pos >= this.src.length; }

  parseWhole(): Arg {
    const a = this.parseArg();
    if (!this.done()) this.fail("unexpected text");
    return a;
  }

  parseArg(): Arg {
    this.skipSpace();
    if (this.peek("[")) return this.parseList();
    if (this.peek('b"')) return { kind: "bytes", value: this.parseBytesExpr() };
    if (this.peek('"')) return { kind: "str", value: new TextDecoder().decode(this.parseQuoted()) };
    const c = this.src[this.pos] ?? "";
    if (/[0-9(-]/.test(c)) return { kind: "int", value: this.checkI64(this.parseIntExpr()) };
    const word = this.parseWord();
    if (word === "None") return { kind: "none" };
    if (word === "True") return { kind: "int", value: 1n };
    if (word === "False") return { kind: "int", value: 0n };
    if (CONST.test(word)) {
      const names = [word];
      while (this.eat("|")) {
        const n = this.parseWord();
        if (!CONST.test(n)) this.fail(`expected a constant name after "|", got ${JSON.stringify(n)}`);
        names.push(n);
      }
      return { kind: "const", names };
    }
    if (this.vars.has(word)) {
      let offset = 0;
      if (this.peek("+") || this.peek("-")) {
        const neg = this.src[this.pos] === "-";
        this.pos++;
        const m = /^[0-9]+/.exec(this.src.slice(this.pos));
        if (!m) this.fail("expected an integer after the fd variable's sign");
        this.pos += m[0].length;
        offset = neg ? -Number(m[0]) : Number(m[0]);
      }
      return { kind: "fd", name: word, offset };
    }
    if (this.allowIdent && VAR.test(word)) return { kind: "ident", name: word };
    return this.fail(`unknown name ${JSON.stringify(word)} (fd variables must be bound earlier with NAME = ...)`);
  }

  parseWord(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos));
    if (!m) this.fail("expected a name");
    this.pos += m[0].length;
    return m[0];
  }

  parseList(): Arg {
    this.eat("[");
    const items: Arg[] = [];
    this.skipSpace();
    if (this.eat("]")) return { kind: "list", items };
    for (;;) {
      const item = this.parseArg();
      if (item.kind === "list") this.fail("nested lists are not supported");
      items.push(item);
      this.skipSpace();
      if (this.eat("]")) break;
      if (!this.eat(",")) this.fail('expected "," or "]"');
    }
    return { kind: "list", items };
  }

  /** `b"..."` [`*N`] [`+` another such term ...] */
  parseBytesExpr(): Uint8Array {
    const parts: Uint8Array[] = [];
    for (;;) {
      if (!this.eat("b")) this.fail('expected b"..."');
      let chunk = this.parseQuoted();
      if (this.eat("*")) {
        const n = this.parseIntAtom();
        if (n < 0n || n > 1n << 28n) this.fail("repetition count out of range");
        const rep = new Uint8Array(chunk.length * Number(n));
        for (let i = 0; i < Number(n); i++) rep.set(chunk, i * chunk.length);
        chunk = rep;
      }
      parts.push(chunk);
      if (!this.peek('+b"')) break;
      this.pos++;
    }
    const total = parts.reduce((s, p) => s + p.length, 0);
    const out = new Uint8Array(total);
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return out;
  }

  /** A double-quoted literal with Python escapes; returns its bytes (UTF-8 for non-escaped text). */
  parseQuoted(): Uint8Array {
    if (!this.eat('"')) this.fail('expected "');
    const out: number[] = [];
    const enc = new TextEncoder();
    for (;;) {
      if (this.done()) this.fail("unterminated string literal");
      const c = this.src[this.pos++]!;
      if (c === '"') break;
      if (c !== "\\") {
        const cp = this.src.codePointAt(this.pos - 1)!;
        if (cp > 0xffff) this.pos++;
        out.push(...enc.encode(String.fromCodePoint(cp)));
        continue;
      }
      const e = this.src[this.pos++];
      switch (e) {
        case "n": out.push(10); break;
        case "t": out.push(9); break;
        case "r": out.push(13); break;
        case "0": out.push(0); break;
        case "\\": out.push(92); break;
        case '"': out.push(34); break;
        case "'": out.push(39); break;
        case "x": {
          const h = this.src.slice(this.pos, this.pos + 2);
          if (!/^[0-9a-fA-F]{2}$/.test(h)) this.fail("bad \\x escape");
          out.push(parseInt(h, 16));
          this.pos += 2;
          break;
        }
        default: this.fail(`unknown escape \\${e ?? ""}`);
      }
    }
    return Uint8Array.from(out);
  }

  // Integer expressions: sums and differences of products of powers: -1, 0o644, 2**40+1, 3*4096
  parseIntExpr(): bigint {
    let v = this.parseIntProduct();
    for (;;) {
      if (this.eat("+")) v += this.parseIntProduct();
      else if (this.peek("-")) { this.pos++; v -= this.parseIntProduct(); }
      else return v;
    }
  }
  parseIntProduct(): bigint {
    let v = this.parseIntPower();
    while (this.peek("*") && !this.peek("**")) { this.pos++; v *= this.parseIntPower(); }
    return v;
  }
  parseIntPower(): bigint {
    const base = this.parseIntUnary();
    if (this.eat("**")) {
      const exp = this.parseIntPower();
      if (exp < 0n || exp > 256n) this.fail("exponent out of range");
      return base ** exp;
    }
    return base;
  }
  parseIntUnary(): bigint {
    if (this.eat("-")) return -this.parseIntUnary();
    return this.parseIntAtom();
  }
  parseIntAtom(): bigint {
    if (this.eat("(")) {
      const v = this.parseIntExpr();
      if (!this.eat(")")) this.fail('expected ")"');
      return v;
    }
    const m = /^(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)/.exec(this.src.slice(this.pos));
    if (!m) this.fail("expected an integer");
    this.pos += m[0].length;
    const t = m[0].replace(/_/g, "");
    if (/^0[oO]/.test(t)) return BigInt("0o" + t.slice(2));
    if (/^0[0-9]/.test(t) && !/^0+$/.test(t)) this.fail("leading zeros are not allowed (write 0o644 for octal)");
    return BigInt(t);
  }

  checkI64(v: bigint): bigint {
    if (v < I64_MIN || v > I64_MAX) this.fail("integer does not fit in a signed 64-bit value");
    return v;
  }
}

/** Parse one argument term (exported for tests). */
export function parseArg(term: string, vars: ReadonlySet<string> = new Set(), allowIdent = false): Arg {
  return new TermParser(term, vars, allowIdent).parseWhole();
}

function parsePath(term: string): string {
  if (term.startsWith('"')) return parseStr(term);
  return term;
}
function parseStr(term: string): string {
  const a = parseArg(term);
  if (a.kind !== "str") throw new Error(`expected a path, got ${term}`);
  return a.value;
}

function checkSetupPath(p: string): void {
  if (p === "" || p.startsWith("/") || p.split("/").some((c) => c === ".." || c === "." || c === ""))
    throw new Error(`setup paths must be relative, without "." or ".." components: ${JSON.stringify(p)}`);
}

/** Parse a scenario's text. `name` is used in error messages and as the scenario's display name. */
export function parseScenario(text: string, name: string, file = ""): Scenario {
  const lines = text.split(/\r?\n/);
  let title = "";
  const setup: Setup[] = [];
  const steps: Step[] = [];
  const vars = new Set<string>();
  let tty = false;
  lines.forEach((raw, idx) => {
    const line = idx + 1;
    const trimmed = raw.trim();
    if (trimmed === "") return;
    if (trimmed.startsWith("#")) {
      if (title === "" && setup.length === 0 && steps.length === 0) title = trimmed.replace(/^#+\s*/, "");
      return;
    }
    try {
      const terms = splitTerms(trimmed);
      if (terms.length === 0) return;
      if (terms[0] === "@file") {
        if (terms.length !== 3) throw new Error("usage: @file PATH BYTES");
        const path = parsePath(terms[1]!);
        checkSetupPath(path);
        const b = parseArg(terms[2]!);
        if (b.kind !== "bytes") throw new Error('@file content must be a bytes literal b"..."');
        if (steps.length > 0) throw new Error("setup directives must come before the steps");
        setup.push({ kind: "file", line, path, bytes: b.value });
        return;
      }
      if (terms[0] === "@dir") {
        if (terms.length !== 2) throw new Error("usage: @dir PATH");
        const path = parsePath(terms[1]!);
        checkSetupPath(path);
        if (steps.length > 0) throw new Error("setup directives must come before the steps");
        setup.push({ kind: "dir", line, path });
        return;
      }
      if (terms[0] === "@tty") {
        if (terms.length !== 1) throw new Error("usage: @tty");
        if (steps.length > 0) throw new Error("setup directives must come before the steps");
        tty = true;
        return;
      }
      if (terms[0]!.startsWith("@")) throw new Error(`unknown directive ${terms[0]}`);
      let bind: string | null = null;
      let names: string[] = [];
      let rest = terms;
      const eq = terms.indexOf("=");
      if (eq >= 1) {
        // `f = ...`, or a tuple target `r, w = ...` for a tuple result (pipe).
        const target = terms.slice(0, eq).join(" ");
        names = target.split(",").map((n) => n.trim());
        for (const n of names) if (!VAR.test(n)) throw new Error(`binding names are lowercase identifiers: ${JSON.stringify(target)}`);
        if (new Set(names).size !== names.length) throw new Error(`a name is bound twice in ${JSON.stringify(target)}`);
        bind = names.join(",");
        rest = terms.slice(eq + 1);
      } else if (/^[a-z_][a-z0-9_]*=$/.test(terms[0]!) || terms.some((t) => t === "=")) {
        throw new Error('write bindings as "NAME = FUNC ARGS" with spaces around "="');
      }
      const func = rest[0];
      if (func === undefined || !IDENT.test(func)) throw new Error("expected a function name");
      const allowIdent = FIELD_FUNCS.has(func);
      const args = rest.slice(1).map((t, i) => parseArg(t, vars, allowIdent && i > 0));
      for (const n of names) vars.add(n);
      steps.push({ line, text: cleanStepText(trimmed), bind, func, args });
    } catch (e) {
      throw new ScenarioError(name, line, e instanceof Error ? e.message : String(e));
    }
  });
  if (title === "") throw new ScenarioError(name, 1, "a scenario starts with a '# title' line");
  if (steps.length === 0) throw new ScenarioError(name, lines.length, "a scenario needs at least one step");
  return tty ? { name, file, title, setup, tty, steps } : { name, file, title, setup, steps };
}

/** The step text without a trailing `# comment` (quotes respected). */
function cleanStepText(line: string): string {
  let quote = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === '"') quote = false;
    } else if (c === '"') quote = true;
    else if (c === "#") return line.slice(0, i).trim();
  }
  return line.trim();
}

/** The package root (the folder holding wasi-os's package.json), from src/ or from dist/src/. */
export const PROJECT_ROOT = ((): string => {
  for (let d = import.meta.dirname; d !== dirname(d); d = dirname(d)) {
    const pj = join(d, "package.json");
    if (existsSync(pj) && (JSON.parse(readFileSync(pj, "utf8")) as { name?: string }).name === "wasi-os") return d;
  }
  return resolve(import.meta.dirname, "../..");
})();

/** The project's own scenario folder. */
export const SCENARIOS_ROOT = join(PROJECT_ROOT, "scenarios");

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && e.name.endsWith(".scn")) out.push(p);
  }
}

/** Display name of a scenario file: relative to the project's scenarios/ when inside it, else to `cwd`. */
export function scenarioName(file: string, cwd: string): string {
  const inRoot = relative(SCENARIOS_ROOT, file);
  const rel = !inRoot.startsWith("..") && !inRoot.startsWith(sep) && inRoot !== "" ? inRoot : relative(cwd, file);
  return rel.split(sep).join("/");
}

/** Load scenario files and folders (relative paths resolve against `cwd`); default: the project's scenarios/. */
export function loadScenarios(paths: readonly string[], cwd: string): Scenario[] {
  const files: string[] = [];
  for (const p of paths.length > 0 ? paths : [SCENARIOS_ROOT]) {
    const abs = resolve(cwd, p);
    const st = statSync(abs, { throwIfNoEntry: false });
    if (st === undefined) throw new Error(`no such scenario file or folder: ${p}`);
    if (st.isDirectory()) walk(abs, files);
    else files.push(abs);
  }
  const seen = new Set<string>();
  const out: Scenario[] = [];
  for (const f of files) {
    if (seen.has(f)) continue;
    seen.add(f);
    out.push(parseScenario(readFileSync(f, "utf8"), scenarioName(f, cwd), f));
  }
  return out;
}
