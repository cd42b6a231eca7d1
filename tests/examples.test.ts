// The example tools (examples/*.ts -> build/examples/*.wasm) against their GNU namesakes.
// Each test runs the guest tool through runCommand on the memory base (the default) and the
// real GNU tool (child_process, in a fresh temp dir holding the same files, umask 022, LC_ALL=C,
// TZ=UTC), then compares exit code, stdout, stderr and the resulting files. Expected outputs
// come from running the GNU tools, never typed here; what a guest cannot know (blocks, times,
// inode numbers, directory sizes) is projected out, per tool, in the comparison helpers below.
// Behaviours that need what an in-memory tree cannot hold (modes after the run, symlinks)
// run the guest on the `node` base (real files) in a temp dir instead.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { cleanup, enc, gnu, guest, guestOnDisk, same } from "./support/gnu.ts";

const t = (s: string): Uint8Array => enc(s);

// ---- cat ------------------------------------------------------------------------------------

test("cat prints one file", async () => {
  const files = { "a.txt": t("hello\n") };
  same(await guest("cat", ["a.txt"], files), gnu("cat", ["a.txt"], files));
});

test("cat concatenates files in order", async () => {
  const files = { "a.txt": t("one\n"), "b.txt": t("two"), "c.txt": t("three\n") };
  same(await guest("cat", ["c.txt", "a.txt", "b.txt"], files), gnu("cat", ["c.txt", "a.txt", "b.txt"], files));
});

test("cat reads stdin when no file is given", async () => {
  same(await guest("cat", [], {}, "from stdin\n"), gnu("cat", [], {}, "from stdin\n"));
});

test("cat reads stdin for '-' between files", async () => {
  const files = { "a.txt": t("A\n"), "b.txt": t("B\n") };
  same(await guest("cat", ["a.txt", "-", "b.txt"], files, "S\n"), gnu("cat", ["a.txt", "-", "b.txt"], files, "S\n"));
});

test("cat reports a missing file, goes on with the next one and exits 1", async () => {
  const files = { "a.txt": t("A\n") };
  same(await guest("cat", ["missing", "a.txt"], files), gnu("cat", ["missing", "a.txt"], files));
});

test("cat reports a directory as 'Is a directory' and exits 1", async () => {
  const files = { d: {}, "a.txt": t("A\n") };
  same(await guest("cat", ["d", "a.txt"], files), gnu("cat", ["d", "a.txt"], files));
});

test("cat copies a file larger than its 64 KiB buffer", async () => {
  const files = { "big.bin": t("0123456789abcdef".repeat(10000)) };
  same(await guest("cat", ["big.bin"], files), gnu("cat", ["big.bin"], files));
});

// ---- cp -------------------------------------------------------------------------------------

test("cp copies a file's bytes to a new file", async () => {
  const files = { "a.txt": t("content\n") };
  same(await guest("cp", ["a.txt", "b.txt"], files), gnu("cp", ["a.txt", "b.txt"], files));
});

test("cp overwrites an existing destination", async () => {
  const files = { "a.txt": t("new"), "b.txt": t("old and longer") };
  same(await guest("cp", ["a.txt", "b.txt"], files), gnu("cp", ["a.txt", "b.txt"], files));
});

test("cp into a directory uses the source's name", async () => {
  const files = { "a.txt": t("x"), d: {} };
  same(await guest("cp", ["a.txt", "d"], files), gnu("cp", ["a.txt", "d"], files));
});

test("cp copies several files into a directory", async () => {
  const files = { "a.txt": t("a"), "b.txt": t("b"), d: {} };
  same(await guest("cp", ["a.txt", "b.txt", "d"], files), gnu("cp", ["a.txt", "b.txt", "d"], files));
});

test("cp copies a file larger than one copy chunk", async () => {
  const files = { "big.bin": t("x".repeat(300_000) + "end") };
  same(await guest("cp", ["big.bin", "copy.bin"], files), gnu("cp", ["big.bin", "copy.bin"], files));
});

test("cp -v prints GNU's 'SRC' -> 'DST' line plus the path the copy took", async () => {
  const files = { "a.txt": t("x"), d: {} };
  const g = await guest("cp", ["-v", "a.txt", "d"], files);
  const n = gnu("cp", ["-v", "a.txt", "d"], files);
  assert.match(g.stdout, / \((copy_file_range|fallback)\)\n$/);
  // On the memory base the copy is host-side: copy_file_range, no fallback.
  assert.match(g.stdout, / \(copy_file_range\)\n$/);
  same({ ...g, stdout: g.stdout.replace(/ \((copy_file_range|fallback)\)\n$/, "\n") }, n);
});

test("cp of a missing source says 'cannot stat' and exits 1", async () => {
  same(await guest("cp", ["missing", "b.txt"], {}), gnu("cp", ["missing", "b.txt"], {}));
});

test("cp of a directory without -r is refused", async () => {
  const files = { d: { "in.txt": t("x") } };
  same(await guest("cp", ["d", "e"], files), gnu("cp", ["d", "e"], files));
});

test("cp of a file onto itself is refused", async () => {
  const files = { "a.txt": t("x") };
  same(await guest("cp", ["a.txt", "a.txt"], files), gnu("cp", ["a.txt", "a.txt"], files));
});

test("cp with one operand is a usage error", async () => {
  const files = { "a.txt": t("x") };
  same(await guest("cp", ["a.txt"], files), gnu("cp", ["a.txt"], files));
});

test("cp gives the new file the source's permission bits", async () => {
  const files = { "a.txt": t("x") };
  const chmod600 = (dir: string) => spawnSync("chmod", ["600", join(dir, "a.txt")]);
  const g = await guestOnDisk("cp", ["a.txt", "b.txt"], files, chmod600);
  const n = gnu("cp", ["a.txt", "b.txt"], files, "", chmod600);
  const gm = statSync(join(g.dir, "b.txt")).mode, nm = statSync(join(n.dir, "b.txt")).mode;
  cleanup(g.dir);
  same(g, n);
  assert.is(gm.toString(8), nm.toString(8));
});

// ---- tee ------------------------------------------------------------------------------------

test("tee copies stdin to stdout and to each file", async () => {
  same(await guest("tee", ["x.txt", "y.txt"], {}, "line 1\nline 2\n"), gnu("tee", ["x.txt", "y.txt"], {}, "line 1\nline 2\n"));
});

test("tee truncates an existing file", async () => {
  const files = { "x.txt": t("old content that is longer\n") };
  same(await guest("tee", ["x.txt"], files, "new\n"), gnu("tee", ["x.txt"], files, "new\n"));
});

test("tee -a appends to an existing file", async () => {
  const files = { "x.txt": t("old\n") };
  same(await guest("tee", ["-a", "x.txt"], files, "new\n"), gnu("tee", ["-a", "x.txt"], files, "new\n"));
});

test("tee reports a file it cannot create, still writes the others and exits 1", async () => {
  same(await guest("tee", ["nodir/x.txt", "y.txt"], {}, "data\n"), gnu("tee", ["nodir/x.txt", "y.txt"], {}, "data\n"));
});

test("tee with no file copies stdin to stdout", async () => {
  same(await guest("tee", [], {}, "only stdout\n"), gnu("tee", [], {}, "only stdout\n"));
});

// ---- chmod ----------------------------------------------------------------------------------

test("chmod with an octal mode sets the permission bits (real files: node base)", async () => {
  const files = { "a.txt": t("x"), d: {} };
  const g = await guestOnDisk("chmod", ["640", "a.txt", "d"], files);
  const n = gnu("chmod", ["640", "a.txt", "d"], files);
  const mode = (dir: string, p: string) => statSync(join(dir, p)).mode.toString(8);
  const modes = [mode(g.dir, "a.txt"), mode(g.dir, "d")];
  const gnuModes = [mode(n.dir, "a.txt"), mode(n.dir, "d")];
  cleanup(g.dir);
  same(g, n);
  assert.equal(modes, gnuModes);
});

test("chmod with a leading-zero octal mode succeeds silently on the memory base", async () => {
  const files = { "a.txt": t("x") };
  same(await guest("chmod", ["0600", "a.txt"], files), gnu("chmod", ["0600", "a.txt"], files));
});

test("chmod with a non-octal mode is refused and exits 1", async () => {
  const files = { "a.txt": t("x") };
  same(await guest("chmod", ["abc", "a.txt"], files), gnu("chmod", ["abc", "a.txt"], files));
});

test("chmod on a missing file says 'cannot access' and exits 1", async () => {
  same(await guest("chmod", ["644", "missing"], {}), gnu("chmod", ["644", "missing"], {}));
});

// ---- ls -------------------------------------------------------------------------------------

/** ls -l lines projected to the columns a guest can know: mode, links, size (files only), name. GNU's "total" line dropped. */
function lsLong(s: string): string[] {
  return s.split("\n").filter((l) => l !== "" && !l.startsWith("total ")).map((l) => {
    const f = l.split(/\s+/);
    if (f.length < 9) return l; // a header ("d:") or an error line
    const size = f[0]!.startsWith("d") ? "<dir>" : f[4]!;
    return [f[0], f[1], size, f.slice(8).join(" ")].join(" ");
  });
}

test("ls lists a directory sorted, hiding dot files", async () => {
  const files = { "b.txt": t("b"), "a.txt": t("a"), ".hidden": t("h"), Zed: t("z"), d: {} };
  same(await guest("ls", [], files), gnu("ls", [], files));
});

test("ls of a subdirectory lists its entries", async () => {
  const files = { d: { "x.txt": t("x"), "y.txt": t("y") } };
  same(await guest("ls", ["d"], files), gnu("ls", ["d"], files));
});

test("ls names files first, then each directory under a header", async () => {
  const files = { "a.txt": t("a"), d: { "in.txt": t("i") }, e: {} };
  same(await guest("ls", ["e", "a.txt", "d"], files), gnu("ls", ["e", "a.txt", "d"], files));
});

test("ls on a missing path reports it and exits 2", async () => {
  const files = { "a.txt": t("a") };
  same(await guest("ls", ["missing", "a.txt"], files), gnu("ls", ["missing", "a.txt"], files));
});

test("ls -l shows mode, links, size and name like GNU ls -l", async () => {
  const files = { "a.txt": t("hello"), "big.bin": t("y".repeat(12345)), d: { "in.txt": t("x") } };
  const g = await guest("ls", ["-l"], files);
  const n = gnu("ls", ["-l"], files);
  cleanup(n.dir);
  assert.is(g.code, n.code);
  assert.equal(lsLong(g.stdout), lsLong(n.stdout));
  assert.is(g.stderr, n.stderr);
});

test("ls -l shows a symlink with its target (real files: node base)", async () => {
  const files = { "a.txt": t("hello") };
  const link = (dir: string) => symlinkSync("a.txt", join(dir, "l"));
  const g = await guestOnDisk("ls", ["-l"], files, link);
  const n = gnu("ls", ["-l"], files, "", link);
  cleanup(g.dir, n.dir);
  assert.is(g.code, n.code);
  assert.equal(lsLong(g.stdout), lsLong(n.stdout));
});

// ---- stat -----------------------------------------------------------------------------------

/**
 * GNU stat's main lines, projected to what the guest knows: the File line, the size and type
 * word (directory sizes are the file system's: left out), Links, and the Access/Uid/Gid line.
 * Blocks, IO Block, Device, Inode, the times and Birth are left out.
 */
function statMain(s: string): string[] {
  const out: string[] = [];
  for (const l of s.split("\n")) {
    if (l.startsWith("  File: ")) out.push(l);
    const size = /^ {2}Size: (\d+)\s+Blocks: \S+\s+IO Block: \S+\s+(.*)$/.exec(l);
    if (size) out.push(`size=${size[2] === "directory" ? "<dir>" : size[1]} type=${size[2]}`);
    const links = /Links: (\d+)/.exec(l);
    if (links) out.push(`links=${links[1]}`);
    if (l.startsWith("Access: (")) out.push(l);
  }
  return out;
}

test("stat prints GNU's File, Size and type, Links and Access lines for a file", async () => {
  const files = { "a.txt": t("hello") };
  const g = await guest("stat", ["a.txt"], files);
  const n = gnu("stat", ["a.txt"], files);
  cleanup(n.dir);
  assert.is(g.code, n.code);
  assert.equal(statMain(g.stdout), statMain(n.stdout));
  assert.is(g.stdout.split("\n").length, n.stdout.split("\n").length, "same number of lines");
});

test("stat says 'regular empty file' for an empty file", async () => {
  const files = { "e.txt": t("") };
  const g = await guest("stat", ["e.txt"], files);
  const n = gnu("stat", ["e.txt"], files);
  cleanup(n.dir);
  assert.equal(statMain(g.stdout), statMain(n.stdout));
});

test("stat says 'directory' with mode 0755 for a directory", async () => {
  const files = { d: {} };
  const g = await guest("stat", ["d"], files);
  const n = gnu("stat", ["d"], files);
  cleanup(n.dir);
  assert.equal(statMain(g.stdout), statMain(n.stdout));
});

test("stat shows a symlink itself, with its target (real files: node base)", async () => {
  const files = { "a.txt": t("hello") };
  const link = (dir: string) => symlinkSync("a.txt", join(dir, "l"));
  const g = await guestOnDisk("stat", ["l"], files, link);
  const n = gnu("stat", ["l"], files, "", link);
  cleanup(g.dir, n.dir);
  assert.equal(statMain(g.stdout), statMain(n.stdout));
});

test("stat on a missing file reports it and exits 1", async () => {
  same(await guest("stat", ["missing"], {}), gnu("stat", ["missing"], {}));
});

// ---- copyrange (dd conv=notrunc bs=1 is its GNU counterpart) -------------------------------

function dd(src: string, dst: string, o: { skip?: number; seek?: number; count?: number }): string[] {
  const a = [`if=${src}`, `of=${dst}`, "bs=1", "conv=notrunc", "status=none"];
  if (o.skip !== undefined) a.push(`skip=${o.skip}`);
  if (o.seek !== undefined) a.push(`seek=${o.seek}`);
  if (o.count !== undefined) a.push(`count=${o.count}`);
  return a;
}

test("copyrange --skip --seek --count writes what dd conv=notrunc writes", async () => {
  const files = { "src.bin": t("0123456789"), "dst.bin": t("abcdefghij") };
  const g = await guest("copyrange", ["src.bin", "dst.bin", "--skip", "2", "--seek", "4", "--count", "3"], files);
  const n = gnu("dd", dd("src.bin", "dst.bin", { skip: 2, seek: 4, count: 3 }), files);
  cleanup(n.dir);
  assert.is(g.code, 0);
  assert.is(g.stderr, "3 bytes copied\n");
  assert.equal(g.tree, n.tree);
});

test("copyrange without --count copies to the end of the source", async () => {
  const files = { "src.bin": t("0123456789") };
  const g = await guest("copyrange", ["src.bin", "new.bin", "--skip", "6"], files);
  const n = gnu("dd", dd("src.bin", "new.bin", { skip: 6 }), files);
  cleanup(n.dir);
  assert.equal(g.tree, n.tree);
});

test("copyrange --seek past the end leaves a gap of zeros", async () => {
  const files = { "src.bin": t("XY"), "dst.bin": t("ab") };
  const g = await guest("copyrange", ["src.bin", "dst.bin", "--seek", "5"], files);
  const n = gnu("dd", dd("src.bin", "dst.bin", { seek: 5 }), files);
  cleanup(n.dir);
  assert.equal(g.tree, n.tree);
});

test("copyrange reports a missing source and exits 1", async () => {
  const g = await guest("copyrange", ["missing", "out.bin"], {});
  assert.is(g.code, 1);
  assert.is(g.stderr, "copyrange: missing: No such file or directory\n");
  assert.equal(g.tree, {});
});

test.run();
