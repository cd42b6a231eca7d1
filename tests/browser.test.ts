// The browser terminal (examples/terminal): its shell in Node, then the real page in Chromium
// (playwright-core driving Debian's /usr/bin/chromium): typed commands run the example programs
// (build/examples/*.wasm) on one in-memory file system; the screen's text is checked and a
// screenshot saved to test-output/terminal.png. The runtimes guest also runs in the page and in
// a Worker and must print what it prints on Node.
//
// Expectations follow the programs that exist: a command whose program is not built must say
// "sh: NAME: command not found". Chromium missing: a notice and a skip (a failure under CI=true).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import type {} from "../examples/terminal/src/main.ts"; // window.wasiOsTerminal's type
import { runCommand } from "../dist/host/index.js";
import { MemoryFileSystem } from "../dist/host/fs/memory/index.js";
import { Shell, parse, tokenize, type ProgramSource } from "../examples/terminal/src/shell.ts";
import { rubyCommand } from "../examples/terminal/src/ruby.ts";
import { programs, startServer, type TerminalServer } from "../examples/terminal/serve.mjs";
import { ensureBrowserBuild, ensureRuntimesGuest, ROOT } from "./support/runtimes/build.ts";
import { gated, versionOf } from "./support/runtimes/gate.ts";

const guestPath = ensureRuntimesGuest();
ensureBrowserBuild();
const EXAMPLES = join(ROOT, "build/examples");
const tools = new Set(programs(EXAMPLES));
const has = (name: string): boolean => tools.has(name);
const decoder = new TextDecoder();

/** The runtimes guest on Node, from dist/, with a terminal for stdio: what every runtime must print. */
const reference = await runCommand(readFileSync(guestPath), { args: ["runtimes"], tty: true, preopens: [{ guest: "/", tree: {} }] });
const referenceOut = decoder.decode(reference.stdout);

// ---------------------------------------------------------------------------------------------
// The shell, in Node: the same code the page runs.

/** build/examples, plus the runtimes guest as `runtimes` (it prints device_encoding(1)). */
const nodePrograms: ProgramSource = {
  list: async () => [...programs(EXAMPLES), "runtimes"],
  load: async (name) => {
    if (name === "runtimes") return WebAssembly.compile(readFileSync(guestPath));
    return has(name) ? WebAssembly.compile(readFileSync(join(EXAMPLES, `${name}.wasm`))) : undefined;
  },
};

const RUBY_WASM = join(ROOT, "node_modules/@ruby/3.4-wasm-wasi/dist/ruby+stdlib.wasm");
const ruby = rubyCommand(() => WebAssembly.compile(readFileSync(RUBY_WASM)));

function newShell(): { shell: Shell; fs: MemoryFileSystem; take(): string } {
  const fs = MemoryFileSystem.fromTree({ "hello.txt": new TextEncoder().encode("hello\n") });
  let screen = "";
  const shell = new Shell({ fs, programs: nodePrograms, commands: { ruby }, write: (c) => (screen += typeof c === "string" ? c : decoder.decode(c)) });
  return {
    shell,
    fs,
    take() {
      const s = screen;
      screen = "";
      return s;
    },
  };
}
const notFound = (name: string): string => `sh: ${name}: command not found\n`;
const fileText = (fs: MemoryFileSystem, path: string): string => decoder.decode(fs.readFile(path));

const sh = suite("terminal shell (Node)");

sh("words, quotes, operators and variables parse as sh does", () => {
  const toks = tokenize(`echo 'a  b' "c \\"d\\" $X" e\\ f 2>err | cat >> out; x&&y || z # comment`);
  assert.equal(
    toks.map((t) => (t.kind === "word" ? t.text : `<${t.op}>`)),
    ["echo", "a  b", 'c "d" $X', "e f", "<2>>", "err", "<|>", "cat", "<>>>", "out", "<;>", "x", "<&&>", "y", "<||>", "z"],
  );
  assert.throws(() => parse(tokenize("| cat")), /syntax error near unexpected token `\|'/);
  assert.throws(() => parse(tokenize("echo >")), /syntax error near unexpected token `newline'/);
  assert.throws(() => tokenize("echo 'open"), /unexpected EOF/);
});

sh("echo > and >> write the shared file system; $? and syntax errors as sh", async () => {
  const { shell, fs, take } = newShell();
  await shell.execute("echo hello > f");
  await shell.execute("echo -n world >> f");
  assert.is(fileText(fs, "f"), "hello\nworld");
  await shell.execute("> f");
  assert.is(fileText(fs, "f"), "");
  assert.is(await shell.execute("echo a |"), 2);
  assert.is(take(), "sh: syntax error near unexpected token `newline'\n");
  await shell.execute("false; echo $? ${HOME} \"$NOPE\"");
  assert.is(take(), "1 / \n");
});

sh("errors read like a shell's: command not found, redirections", async () => {
  const { shell, take } = newShell();
  assert.is(await shell.execute("nosuch arg"), 127);
  assert.is(take(), notFound("nosuch"));
  assert.is(await shell.execute("echo x > nodir/f"), 1);
  assert.is(take(), "sh: nodir/f: No such file or directory\n");
  assert.is(await shell.execute("runtimes < nope"), 1);
  assert.is(take(), "sh: nope: No such file or directory\n");
  assert.is(await shell.execute("echo x > ."), 1);
  assert.is(take(), "sh: .: Is a directory\n");
  await shell.execute("nosuch; echo $?");
  assert.is(take(), notFound("nosuch") + "127\n");
});

sh("stdio is a terminal only when the output goes to the screen (device_encoding(1))", async () => {
  const { shell, fs, take } = newShell();
  assert.is(await shell.execute("runtimes"), 3);
  assert.is(take(), referenceOut);
  await shell.execute("runtimes > out");
  assert.is(take(), "");
  assert.ok(fileText(fs, "out").startsWith("device_encoding(1) None\n"), fileText(fs, "out"));
  await shell.execute("runtimes | runtimes");
  assert.ok(take().startsWith("device_encoding(1) UTF-8\n"));
});

sh("the example programs work against the shared file system", async () => {
  const { shell, fs, take } = newShell();
  const expectRun = async (line: string, program: string, want: (out: string) => void): Promise<void> => {
    await shell.execute(line);
    const out = take();
    if (has(program)) want(out);
    else assert.ok(out.includes(notFound(program)), `${line}: ${out}`);
  };
  await shell.execute("echo one > f; echo two >> f");
  await expectRun("cat f", "cat", (out) => assert.is(out, "one\ntwo\n"));
  await expectRun("cat nope", "cat", (out) => assert.is(out, "cat: nope: No such file or directory\n"));
  await expectRun("echo piped | cat", "cat", (out) => assert.is(out, "piped\n"));
  await expectRun("cat < f", "cat", (out) => assert.is(out, "one\ntwo\n"));
  await expectRun("cp f g", "cp", (out) => {
    assert.is(out, "");
    assert.is(fileText(fs, "g"), "one\ntwo\n");
  });
  await expectRun("chmod 600 hello.txt", "chmod", (out) => {
    assert.is(out, "");
    assert.is((fs.lookup("hello.txt")?.mode ?? 0) & 0o777, 0o600);
  });
  await expectRun("ls -l hello.txt", "ls", (out) => assert.match(out, /^-rw------- 1 root root 6 \w{3} [ \d]\d \d\d:\d\d hello\.txt\n$/));
  await expectRun("stat hello.txt", "stat", (out) => assert.match(out, /Access: \(0600\/-rw-------\)/));
  await expectRun("echo teed | tee t1 t2", "tee", (out) => {
    assert.is(out, "teed\n");
    assert.is(fileText(fs, "t1") + fileText(fs, "t2"), "teed\nteed\n");
  });
  await expectRun("ls", "ls", (out) => assert.ok(out.split("\n").includes("hello.txt"), out));
});

sh("cd changes the directory the programs start in; pwd and errors as sh", async () => {
  const { shell, take } = newShell();
  await shell.execute("mkdir -p a/b; cd a/b; pwd; echo x > f; cd ..; ls b; cd /hello.txt; cd nope");
  if (has("mkdir") && has("ls")) assert.is(take(), "/a/b\nf\nsh: cd: /hello.txt: Not a directory\nsh: cd: nope: No such file or directory\n");
  assert.is(shell.cwd, "/a");
});

sh("ruby -e runs CRuby 3.4 on the shell's file systems, in its directory", async () => {
  const { shell, take } = newShell();
  await shell.execute(`echo from a file > f; ruby -e 'puts File.read("f"); puts RUBY_VERSION[0, 3]'`);
  assert.is(take(), "from a file\n3.4\n");
});

sh("ruby FILE runs a script with ARGV; exit n is its status; an exception is status 1", async () => {
  const { shell, take } = newShell();
  await shell.execute(`echo 'puts ARGV.inspect; exit 3' > s.rb; ruby s.rb a b; echo $?`);
  assert.is(take(), '["a", "b"]\n3\n');
  await shell.execute(`ruby -e 'raise "boom"'; echo $?`);
  assert.match(take(), /^-e:1:in .*boom \(RuntimeError\)\n[\s\S]*1\n$/);
});

sh.run();

// ---------------------------------------------------------------------------------------------
// The page, in Chromium.

// Debian's package; CHROMIUM_PATH points elsewhere (another build, or a missing one to see the skip).
const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const chromiumVersion = versionOf(CHROMIUM);
const br = suite("terminal in Chromium");
const inChromium = gated(br, "Chromium", chromiumVersion, `${CHROMIUM} not found; install it with: apt-get update && apt-get install -y chromium`);

let server: TerminalServer | undefined;
let context: BrowserContext | undefined;
let profile: string | undefined;
let page: Page | undefined;

async function openPage(): Promise<Page> {
  if (page !== undefined) return page;
  server = await startServer({ port: 0 });
  profile = mkdtempSync(join(tmpdir(), "wasi-os-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    // A fresh profile: an empty OPFS, kept across the reload test's page reload.
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 900, height: 700 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const p = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  p.on("pageerror", (e) => problems.push(e.message));
  await p.goto(server.url);
  await p.waitForFunction(() => window.wasiOsTerminal?.ready === true, undefined, { timeout: 10_000 }).catch(() => {
    throw new Error(`the terminal did not start: ${problems.join("; ")}`);
  });
  page = p;
  return p;
}

const screen = (p: Page): Promise<string> => p.evaluate(() => window.wasiOsTerminal?.text() ?? "");
const finished = (p: Page): Promise<number> => p.evaluate(() => window.wasiOsTerminal?.finished ?? 0);
const shot = async (p: Page, name: string): Promise<void> => {
  mkdirSync(join(ROOT, "test-output"), { recursive: true });
  await p.screenshot({ path: join(ROOT, "test-output", name) });
};

/** Waits until the line that made `before` lines finished is done (its next prompt is shown). */
async function settled(p: Page, before: number, timeout = 20_000): Promise<void> {
  await p.waitForFunction((n) => (window.wasiOsTerminal?.finished ?? 0) > n && window.wasiOsTerminal?.busy === false, before, { timeout });
}

/** Waits until the screen's text matches. */
async function shows(p: Page, re: RegExp, timeout = 15_000): Promise<string> {
  await p.waitForFunction((src) => new RegExp(src).test(window.wasiOsTerminal?.text() ?? ""), re.source, { timeout }).catch(async () => {
    throw new Error(`screen never matched ${re}:\n${await screen(p)}`);
  });
  return screen(p);
}

/** Types a line into xterm (real key events) and waits until the shell has finished it; its output. */
async function type(p: Page, line: string, timeout?: number): Promise<string> {
  const before = await finished(p);
  await p.keyboard.type(line);
  await p.keyboard.press("Enter");
  await settled(p, before, timeout);
  const text = await screen(p);
  // The output of this line: after its prompt line, before the next prompt.
  const at = text.lastIndexOf(`$ ${line}`);
  assert.ok(at >= 0, `prompt line for ${line} not on screen:\n${text}`);
  const after = text.slice(at).split("\n").slice(1);
  return after.slice(0, after.length - 1).join("\n");
}

inChromium(`the page starts with a prompt in the home, without cross-origin isolation (${chromiumVersion ?? "no chromium"})`, async () => {
  const p = await openPage();
  assert.is(await p.evaluate(() => crossOriginIsolated), false, "served without COOP/COEP: typed input needs no SharedArrayBuffer");
  assert.match(await screen(p), /Type help\.\nwasi-os:~\$ $/);
  await p.click("#terminal");
});

inChromium("typed commands run the example programs on one in-memory file system", async () => {
  const p = await openPage();
  const expectRun = async (line: string, program: string | undefined, want: string | RegExp): Promise<void> => {
    const out = await type(p, line);
    if (program !== undefined && !has(program)) assert.ok(out.includes(notFound(program).trim()), `${line}:\n${out}`);
    else if (typeof want === "string") assert.is(out, want, line);
    else assert.match(out, want, line);
  };
  await expectRun("cd /", undefined, "");
  await expectRun("help", undefined, new RegExp(`programs: ${[...tools].join(" ")}`));
  await expectRun("echo hello, terminal > notes.txt", undefined, "");
  await expectRun("echo second line >> notes.txt", undefined, "");
  await expectRun("cat notes.txt", "cat", "hello, terminal\nsecond line");
  await expectRun("cat nope", "cat", "cat: nope: No such file or directory");
  await expectRun("frobnicate --now", undefined, "sh: frobnicate: command not found");
  await expectRun("cp notes.txt copy.txt", "cp", "");
  await expectRun("chmod 600 copy.txt", "chmod", "");
  await expectRun("ls -l", "ls", /^-rw------- 1 root root +28 .* copy\.txt\n-rw-r--r-- 1 root root +46 .* hello\.txt\ndrwxr-xr-x .* home\n-rw-r--r-- 1 root root +28 .* notes\.txt\ndrwxr-xr-x .* tmp$/);
  await expectRun("stat copy.txt", "stat", /Size: 28\b[\s\S]*Access: \(0600\/-rw-------\)/);
  await expectRun("cat notes.txt | tee both.txt", "tee", "hello, terminal\nsecond line");
  await expectRun("cat both.txt", "cat", "hello, terminal\nsecond line");
  await expectRun("cat nope || echo status $?", "cat", "cat: nope: No such file or directory\nstatus 1");
  await expectRun("cd", undefined, "");
  await shot(p, "terminal.png");
});

inChromium("cat with no arguments echoes typed lines until Ctrl-D", async () => {
  const p = await openPage();
  const before = await finished(p);
  await p.keyboard.type("cat");
  await p.keyboard.press("Enter");
  await p.keyboard.type("first line");
  await p.keyboard.press("Enter");
  await shows(p, /\$ cat\nfirst line\nfirst line$/);
  // Backspace and Ctrl-U edit the line before cat sees it, as a tty does.
  await p.keyboard.type("secoxx");
  await p.keyboard.press("Backspace");
  await p.keyboard.press("Backspace");
  await p.keyboard.type("nd");
  await p.keyboard.press("Enter");
  await shows(p, /first line\nsecond\nsecond$/);
  await p.keyboard.type("dropped");
  await p.keyboard.press("Control+U");
  await p.keyboard.type("third");
  await p.keyboard.press("Enter");
  await shows(p, /second\nsecond\nthird *\nthird$/);
  await p.keyboard.press("Control+D");
  await settled(p, before);
  assert.is(await type(p, "echo $?"), "0");
  await shot(p, "terminal-cat.png");
});

inChromium("Ctrl-C ends the running job with exit status 130", async () => {
  const p = await openPage();
  const before = await finished(p);
  await p.keyboard.type("cat | cat");
  await p.keyboard.press("Enter");
  await p.keyboard.type("half a line");
  await p.keyboard.press("Control+C");
  await settled(p, before);
  assert.match(await screen(p), /\$ cat \| cat\nhalf a line\^C\nwasi-os:~\$ $/);
  assert.is(await type(p, "echo $?"), "130");
});

inChromium("a pipeline streams: its stages run at once (head ends it early; 2.9 MB pass through pipes)", async () => {
  const p = await openPage();
  await type(p, "cd /tmp");
  await type(p, "echo 0123456789 > x");
  for (const [from, to] of [["x", "a"], ["a", "b"], ["b", "c"], ["c", "d"], ["d", "e"]] as const) {
    await type(p, `cat ${Array(8).fill(from).join(" ")} > ${to}`);
  }
  assert.is(await type(p, "cat e | head -c 10; echo"), "0123456789");
  assert.is(await type(p, "cat e e e e e e e e | cat | wc -c"), String(11 * 8 ** 6));
  // Typed input flows through: head prints the first line while cat still reads the terminal.
  const before = await finished(p);
  await p.keyboard.type("cat | head -n 1");
  await p.keyboard.press("Enter");
  await p.keyboard.type("only this");
  await p.keyboard.press("Enter");
  await shows(p, /\$ cat \| head -n 1\nonly this\nonly this$/);
  // cat learns head is gone on its next write (EPIPE), as on Linux.
  await p.keyboard.type("more");
  await p.keyboard.press("Enter");
  await settled(p, before);
  assert.is(await type(p, "rm a b c d e x; ls; cd"), "");
});

inChromium("cd, mkdir, rm, rmdir, touch and mv change the tree; the prompt shows the directory", async () => {
  const p = await openPage();
  await type(p, "cd");
  assert.is(await type(p, "mkdir -p work/deep && cd work/deep && pwd"), "/home/work/deep");
  assert.match(await screen(p), /wasi-os:~\/work\/deep\$ $/);
  assert.is(await type(p, "touch a b; mv b c; ls"), "a\nc");
  assert.is(await type(p, "rm a; ls; cd ..; rmdir deep; echo $?"), "c\nrmdir: failed to remove 'deep': Directory not empty\n1");
  assert.is(await type(p, "rm -r deep; ls; cd /nope"), "sh: cd: /nope: No such file or directory");
  assert.is(await type(p, "cd ..; rmdir work && pwd"), "/home");
  await shot(p, "terminal-dirs.png");
});

inChromium("a file written in /home is still there after the page is reloaded (OPFS), mode included", async () => {
  const p = await openPage();
  await type(p, "cd");
  assert.is(await type(p, "echo kept across reloads > kept.txt; chmod 600 kept.txt"), "");
  assert.is(await type(p, "mkdir notes; echo n > notes/n1"), "");
  await p.reload();
  await p.waitForFunction(() => window.wasiOsTerminal?.ready === true, undefined, { timeout: 15_000 });
  assert.is(await type(p, "cat kept.txt notes/n1"), "kept across reloads\nn");
  assert.match(await type(p, "ls -l kept.txt"), /^-rw------- 1 root root 20 .* kept\.txt$/);
  assert.is(await type(p, "cd /; ls home"), "kept.txt\nnotes");
  await type(p, "cd");
  await shot(p, "terminal-reloaded.png");
});

inChromium("ruby -e reads a file in /home (CRuby 3.4 on the same adapter)", async () => {
  const p = await openPage();
  await type(p, "cd; echo written by the shell > f");
  assert.is(await type(p, `ruby -e 'puts File.read("/home/f")'`, 90_000), "written by the shell");
  assert.is(await type(p, `ruby -e 'File.write("r.txt", "from ruby"); puts Dir.pwd'; cat r.txt; echo`, 90_000), "/home\nfrom ruby");
  await shot(p, "terminal-ruby.png");
});

inChromium("the runtimes guest prints in the page what it prints on Node", async () => {
  const p = await openPage();
  const r = await p.evaluate(() => window.wasiOsTerminal?.runModule("/guests/runtimes.wasm", ["runtimes"]));
  assert.ok(r !== undefined);
  assert.is(r.exitCode, 3, r.stderr);
  assert.fixture(r.stdout, referenceOut);
});

inChromium("the runtimes guest prints in a Worker what it prints on Node", async () => {
  const p = await openPage();
  const r = await p.evaluate(() => window.wasiOsTerminal?.runModuleInWorker("/guests/runtimes.wasm", ["runtimes"]));
  assert.ok(r !== undefined);
  assert.is(r.exitCode, 3, r.stderr);
  assert.fixture(r.stdout, referenceOut);
});

br.after(async () => {
  await context?.close();
  await server?.close();
  if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
});

br.run();
