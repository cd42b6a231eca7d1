// Unit tests of the conformance harness that need no guest: parser, encoder, divergence table,
// comparison, and the CPython oracle itself.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { canonicalResult, encodeStep } from "../src/conformance/encode.ts";
import { compareScenario, formatDiff, staleRows } from "../src/conformance/compare.ts";
import { findDivergence, globToRegExp, loadDivergences, parseDivergences } from "../src/conformance/divergences.ts";
import { runOracle } from "../src/conformance/oracle.ts";
import { loadScenarios, parseArg, parseScenario, SCENARIOS_ROOT, splitTerms } from "../src/conformance/scenario.ts";

const enc = (src: string) => parseScenario(src, "t.scn").steps.map(encodeStep);

test("steps encode as BIND<TAB>FUNC<TAB>ARGS", () => {
  assert.equal(enc('# t\n@file a.txt b"x"\nf = open "a.txt" O_RDWR|O_CREAT 0o644\nread f 3\n'), [
    "f\topen\ts:612e747874\tk:O_RDWR|O_CREAT\ti:420",
    "\tread\tf:f\ti:3",
  ]);
});

test("every argument form encodes as the contract says", () => {
  const [s] = enc('# t\nf = open "x" O_RDONLY\nfoo -1 2**40 0x10 None True False b"a\\x00\\"" "é" f f+1 f-2 [b"ab", b""] [2, 3] []\n').slice(1);
  assert.equal(s!.split("\t"), [
    "", "foo", "i:-1", "i:1099511627776", "i:16", "n:", "i:1", "i:0", "b:610022", "s:c3a9",
    "f:f", "f:f+1", "f:f-2", "L:b:6162,b:", "L:i:2,i:3", "L:",
  ]);
});

test("fstat field names encode as a: and only there", () => {
  assert.equal(enc("# t\nf = open \"x\" O_RDONLY\nfstat f type st_size\n")[1], "\tfstat\tf:f\ta:type\ta:st_size");
  assert.throws(() => enc("# t\nread g 1\n"), /unknown name "g"/);
});

test("a tuple binding `r, w = pipe` binds both names and encodes as BIND r,w", () => {
  assert.equal(enc("# t\nr, w = pipe\nwrite w b\"x\"\nread r 1\n"), ["r,w\tpipe", "\twrite\tf:w\tb:78", "\tread\tf:r\ti:1"]);
  assert.equal(enc("# t\na,b = pipe\nc ,d = pipe\nclose d\n")[2], "\tclose\tf:d");
  assert.is(parseScenario("# t\nr, w = pipe\n", "t.scn").steps[0]!.bind, "r,w");
  assert.throws(() => enc("# t\nr, r = pipe\n"), /bound twice/);
  assert.throws(() => enc("# t\nr, W = pipe\n"), /lowercase identifiers/);
  assert.throws(() => enc("# t\nr w = pipe\n"), /lowercase identifiers/);
  assert.throws(() => enc("# t\nr, = pipe\n"), /lowercase identifiers/);
});

test("@tty marks the scenario, is setup (before the steps), and takes no argument", () => {
  const s = parseScenario("# t\n@tty\nisatty 1\n", "t.scn");
  assert.is(s.tty, true);
  assert.is(parseScenario("# t\nisatty 1\n", "t.scn").tty, undefined);
  assert.throws(() => parseScenario("# t\nisatty 1\n@tty\n", "t.scn"), /setup directives must come before/);
  assert.throws(() => parseScenario("# t\n@tty 1\nisatty 1\n", "t.scn"), /usage: @tty/);
});

test("bytes: repetition, concatenation, escapes", () => {
  const a = parseArg('b"ab"*3+b"\\n\\t\\r\\0\\\\"');
  assert.equal(a.kind === "bytes" && Array.from(a.value), [97, 98, 97, 98, 97, 98, 10, 9, 13, 0, 92]);
});

test("integer expressions and the i64 range", () => {
  const v = (s: string) => { const a = parseArg(s); return a.kind === "int" ? a.value : null; };
  assert.is(v("2**40+1"), 2n ** 40n + 1n);
  assert.is(v("3*4096"), 12288n);
  assert.is(v("-(2**63)"), -(2n ** 63n));
  assert.is(v("0o755"), 0o755n);
  assert.throws(() => parseArg("2**63"), /64-bit/);
  assert.throws(() => parseArg("0755"), /leading zeros/);
});

test("terms split on spaces outside quotes and brackets; # starts a comment", () => {
  assert.equal(splitTerms('writev f [b"a b", b"#"] # note'), ["writev", "f", '[b"a b", b"#"]']);
});

test("scenario errors name the file and line", () => {
  assert.throws(() => parseScenario("# t\nf = open \"x\" O_RDONLY\nread f b\"x\" nonsense\n", "bad.scn"), /bad\.scn:3:/);
  assert.throws(() => parseScenario("read 1 1\n", "bad.scn"), /title/);
  assert.throws(() => parseScenario("# t\nread -1 1\n@file a b\"\"\n", "bad.scn"), /bad\.scn:3: setup directives must come before/);
  assert.throws(() => parseScenario("# t\n@file ../a b\"\"\nread -1 1\n", "bad.scn"), /relative/);
});

test("step text and line numbers are kept for the diff", () => {
  const s = parseScenario("# title here\n\n@file a b\"\"\n# comment\nf = open \"a\" O_RDONLY  # trailing\n", "x.scn");
  assert.is(s.title, "title here");
  assert.is(s.steps[0]!.line, 5);
  assert.is(s.steps[0]!.text, 'f = open "a" O_RDONLY');
});

test("the project's scenarios parse, are at least 60, and test distinct behaviours", () => {
  const all = loadScenarios([SCENARIOS_ROOT], process.cwd());
  assert.ok(all.length >= 60, `only ${all.length} scenarios`);
  const titles = new Map<string, string>();
  for (const s of all) {
    assert.match(s.name, /^[a-z0-9_]+\/[a-z0-9_]+\.scn$/);
    const prev = titles.get(s.title);
    assert.not.ok(prev, `${s.name} has the same title as ${prev}`);
    titles.set(s.title, s.name);
  }
});

const TABLE = `
# doc
## Declared divergences
text
| base | scenario | function | result | reason |
|---|---|---|---|---|
| * | \`**\` | dup | \`OSError ENOTSUP\` | no ABI |
| wasmer | \`pwrite/*.scn\` | pwrite | \`b"a\\|b"\` | inserts |
| c:* | \`strerror/**\` | strerror | \`"Invalid seek"\` | musl |
`;

test("the divergence table parses; globs and exact results match", () => {
  const rows = parseDivergences(TABLE);
  assert.is(rows.length, 3);
  assert.is(rows[1]!.result, 'b"a|b"');
  assert.is(rows[0]!.line, 7);
  assert.ok(findDivergence(rows, "memory", "dup/x.scn", "dup", "OSError ENOTSUP"));
  assert.not.ok(findDivergence(rows, "memory", "dup/x.scn", "dup", "OSError EBADF"));
  assert.not.ok(findDivergence(rows, "memory", "dup/x.scn", "dup2", "OSError ENOTSUP"));
  assert.ok(findDivergence(rows, "wasmer", "pwrite/a.scn", "pwrite", 'b"a|b"'));
  assert.not.ok(findDivergence(rows, "memory", "pwrite/a.scn", "pwrite", 'b"a|b"'));
  assert.not.ok(findDivergence(rows, "wasmer", "pwrite/sub/a.scn", "pwrite", 'b"a|b"'));
  assert.ok(globToRegExp("**/a.scn").test("a.scn"));
  assert.is(rows[0]!.guest, "*");
  assert.ok(globToRegExp("**/a.scn").test("x/y/a.scn"));
  assert.throws(() => parseDivergences("# no table\n"), /Declared divergences/);
});

test("a divergence row with a guest prefix holds for that guest only", () => {
  const rows = parseDivergences(TABLE);
  assert.is(rows[2]!.guest, "c");
  assert.is(rows[2]!.base, "*");
  assert.ok(findDivergence(rows, "node", "strerror/x.scn", "strerror", '"Invalid seek"', "c"));
  assert.not.ok(findDivergence(rows, "node", "strerror/x.scn", "strerror", '"Invalid seek"', "as"));
  assert.ok(findDivergence(rows, "memory", "dup/x.scn", "dup", "OSError ENOTSUP", "c"));
});

test("docs/conformance.md has a well-formed divergence table", () => {
  const rows = loadDivergences();
  assert.ok(rows.length >= 1);
  // node declares only what Node's fs cannot reach (lseek's holes) and wasi-libc's own answers (c guest).
  for (const r of rows) assert.ok(["*", "memory", "node-wasi", "wasmer"].includes(r.base) || (r.base === "node" && (r.func === "lseek" || r.guest === "c")), `${r.guest}:${r.base} ${r.func}`);
  for (const r of rows) assert.ok(["*", "as", "c"].includes(r.guest), r.guest);
});

const SC = parseScenario('# t\n@file a b"abc"\nf = dup 5\nread f 1\nread f 2\n', "dup/x.scn");
const ROWS = parseDivergences(TABLE);

test("compare: equal results give no diff; errno aliases are folded", () => {
  assert.is(canonicalResult("OSError EOPNOTSUPP"), "OSError ENOTSUP");
  const o = compareScenario(SC, "memory", ["fd:lowest", 'b"a"', 'b"bc"'], { lines: ["fd:lowest", 'b"a"', 'b"bc"'], note: "" }, ROWS);
  assert.equal(o.diffs, []);
});

test("compare: a declared divergence, then its consequences", () => {
  const used = new Set<(typeof ROWS)[number]>();
  const o = compareScenario(SC, "memory", ["fd:lowest", 'b"a"', 'b"bc"'], { lines: ["OSError EOPNOTSUPP", "OSError EBADF", "OSError EBADF"], note: "" }, ROWS, used);
  assert.equal(o.diffs.map((d) => d.kind), ["declared", "consequence", "consequence"]);
  assert.is(used.size, 1);
  assert.match(formatDiff(o.diffs[1]!), /after: +declared divergence at line 3/);
});

test("compare: an undeclared mismatch, and missing lines when the guest stops", () => {
  const o = compareScenario(SC, "memory", ["fd:lowest", 'b"a"', 'b"bc"'], { lines: ["fd:lowest", 'b"x"'], note: "guest exited with code 1" }, ROWS);
  assert.equal(o.diffs.map((d) => d.kind), ["mismatch", "mismatch"]);
  const text = formatDiff(o.diffs[0]!);
  assert.match(text, /MISMATCH: dup\/x\.scn:4 on memory/);
  assert.match(text, /step: +read f 1/);
  assert.match(text, /expected: b"a"/);
  assert.match(text, /got: +b"x"/);
  assert.match(o.diffs[1]!.got, /no result: guest exited with code 1/);
});

test("compare: a result matching a row's function but not its exact result is a mismatch", () => {
  const o = compareScenario(SC, "memory", ["fd:lowest", 'b"a"', 'b"bc"'], { lines: ["OSError ENOSYS", 'b"a"', 'b"bc"'], note: "" }, ROWS);
  assert.equal(o.diffs.map((d) => d.kind), ["mismatch"]);
});

test("compare: extra output after the last step is a mismatch", () => {
  const o = compareScenario(SC, "memory", ["fd:lowest", 'b"a"', 'b"bc"'], { lines: ["fd:lowest", 'b"a"', 'b"bc"', "junk"], note: "" }, ROWS);
  assert.equal(o.diffs.map((d) => d.kind), ["mismatch"]);
});

test("stale rows: unused rows that could have applied, and only those", () => {
  const used = new Set([ROWS[0]!]);
  const pw = parseScenario('# t\nf = open "x" O_RDONLY\npwrite f b"a" 0\n', "pwrite/a.scn");
  assert.equal(staleRows(ROWS, used, [SC, pw], ["memory", "wasmer"]), [ROWS[1]!]);
  assert.equal(staleRows(ROWS, used, [SC, pw], ["memory"]), []);
  assert.equal(staleRows(ROWS, new Set(), [pw], ["memory"]), []);
  assert.equal(staleRows(ROWS, new Set(), [SC], ["memory"]), [ROWS[0]!]);
});

test("oracle: CPython results in the contract's format, one process for a batch", async () => {
  const a = parseScenario(
    '# a\n@file a.txt b"he\\"llo\\n"\n@dir d\nf = open "a.txt" O_RDWR\nread f 3\nreadinto f 2\nfstat f type st_size\nread f -1\nopen "d" O_WRONLY\n' +
      'strerror EBADF\nisatty f\ng = dup2 f f+30\nnope 1\nclose f\nclose f\nh = open "a.txt" O_RDONLY\nreadv h [1, 2]\n',
    "a.scn",
  );
  const b = parseScenario("# b\nclose -1\n", "b.scn");
  const [ra, rb] = await runOracle([a, b]);
  assert.equal(ra!.lines, [
    "fd:lowest", 'b"he\\""', "2", "stat(type=REG, st_size=7)", "OSError EINVAL", "OSError EISDIR",
    '"Bad file descriptor"', "False", "fd:high", "Unsupported nope", "None", "OSError EBADF", "fd:lowest", "3",
  ]);
  assert.equal(rb!.lines, ["OSError EBADF"]);
});

test("oracle: pipes print as a tuple of new fds and bind with `r, w =`; @tty gives a terminal on fds 0 and 1", async () => {
  const a = parseScenario('# a\nr, w = pipe\nwrite w b"hi"\nread r 5\nr2, w2 = pipe2 -1\nclose r2\nisatty 1\ndevice_encoding 1\n', "a.scn");
  const b = parseScenario("# b\n@tty\nisatty 1\nisatty 0\ndevice_encoding 1\n", "b.scn");
  const [ra, rb] = await runOracle([a, b]);
  assert.equal(ra!.lines, ["(fd:lowest, fd:lowest)", "2", 'b"hi"', "OSError EINVAL", "OSError EBADF", "False", "None"]);
  assert.equal(rb!.lines, ["True", "True", '"UTF-8"']);
});

test("oracle: closerange in one scenario cannot reach the next one", async () => {
  const a = parseScenario("# a\nf = open \".\" O_RDONLY\ncloserange 0 1000\n", "a.scn");
  const b = parseScenario('# b\n@file x b"1"\nf = open "x" O_RDONLY\nread f 1\n', "b.scn");
  const [ra, rb] = await runOracle([a, b]);
  assert.equal(ra!.lines, ["fd:lowest", "None"]);
  assert.equal(rb!.lines, ["fd:lowest", 'b"1"']);
});

test.run();
