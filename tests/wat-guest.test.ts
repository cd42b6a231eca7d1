// A hand-written WAT guest (tests/guests/direct.wat) that imports wasi_os_v1 and preview1
// directly: the extension ABI is a plain wasm import contract, not tied to AssemblyScript.
// Expected lines follow docs/abi.md (lowest-free fds, dup not inheritable, dup2 inheritable
// as asked, position flags advance the positions, explicit offsets leave them, EDEADLK for a
// blocking read of an empty pipe); per-base answers come from src/availability.ts.
import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import wabtInit from "wabt";
import { BASES, runCommand, type BaseName } from "../host/index.ts";
import { LEVELS } from "../src/abi/ext.ts";
import { availability } from "../src/availability.ts";
import { Errno } from "../src/errno.ts";
import { preopenFor } from "./support/bases.ts";

let assembled: Promise<Uint8Array<ArrayBuffer>> | undefined;

function directWasm(): Promise<Uint8Array<ArrayBuffer>> {
  assembled ??= (async () => {
    const wabt = await wabtInit();
    const source = readFileSync(new URL("./guests/direct.wat", import.meta.url), "utf8");
    const module = wabt.parseWat("direct.wat", source);
    module.validate();
    return module.toBinary({}).buffer as Uint8Array<ArrayBuffer>;
  })();
  return assembled;
}

/** The lines the guest prints on `base`. */
function expected(base: BaseName): string[] {
  const fchmod = availability(base, "fchmod");
  const copy = availability(base, "copy_file_range");
  return [
    "abi_version 1",
    "open a.txt -> fd 4",
    "write 13",
    "dup 4 -> fd 5, inheritable 0",
    "dup2 4 9 -> fd 9, inheritable 1",
    "open b.txt -> fd 6",
    "open a.txt read-only -> fd 7",
    "copy_range 7 -> 6, both positions: 5",
    "copy_range 7 -> 6, both positions: 8",
    "read fd 7 at its position: 0",
    "copy_range 4@7 -> 6@0: 5",
    "reopen b.txt -> fd 6",
    "b.txt: world, world",
    `fchmod 4 0600 -> errno ${fchmod.level === "not available" ? Errno[fchmod.errno ?? "ENOSYS"] : Errno.ESUCCESS}`,
    "pipe -> fds 6 8",
    "pipe read: ping",
    `pipe read when empty -> errno ${Errno.EDEADLK}`,
    `availability copy_file_range -> level ${LEVELS.indexOf(copy.level)} errno ${copy.errno === null ? 0 : Errno[copy.errno]}`,
    "done",
  ];
}

const t = suite("hand-written WAT guest");

t("direct.wat imports only preview1 and wasi_os_v1", async () => {
  const module = await WebAssembly.compile(await directWasm());
  const namespaces = new Set(WebAssembly.Module.imports(module).map((i) => i.module));
  assert.equal([...namespaces].sort(), ["wasi_os_v1", "wasi_snapshot_preview1"]);
});

for (const base of BASES) {
  t(`the WAT guest runs its scenario on ${base} and exits 0`, async () => {
    const result = await runCommand(await directWasm(), { base, args: ["direct"], preopens: [preopenFor(base, {})] });
    const lines = new TextDecoder().decode(result.stdout).split("\n");
    assert.is(lines.pop(), "", "output ends with a newline");
    const want = expected(base);
    for (let k = 0; k < Math.max(lines.length, want.length); k++) assert.is(lines[k], want[k], `line ${k + 1}`);
    assert.is(result.exitCode, 0);
    const tree = result.trees[0] ?? {};
    assert.equal(tree["b.txt"], new TextEncoder().encode("world, world\n"), "b.txt on the base's file system");
  });
}

t.run();
