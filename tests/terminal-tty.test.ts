// The terminal's line discipline (examples/terminal/src/tty.ts) against a real pty: python3's
// pty module runs `cat` in canonical mode and the same keys are typed into both. The screen
// (echo plus cat's output, "\n" shown as "\r\n" as the tty's ONLCR and xterm's convertEol do)
// and how cat ended (end of file: 0; SIGINT: the job is interrupted) must agree.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { LineDiscipline } from "../examples/terminal/src/tty.ts";

interface Outcome { screen: string; status: "exited" | "interrupted" | "running" }

function pty(groups: string[]): Outcome {
  const r = spawnSync("python3", ["tests/support/pty-cat.py", JSON.stringify(groups)], { encoding: "utf8", timeout: 60_000 });
  const o = JSON.parse(r.stdout) as { screen: string; status: number };
  return { screen: o.screen, status: o.status === 0 ? "exited" : o.status === -2 ? "interrupted" : "running" };
}

/** The line discipline with a cat behind it: each delivered chunk is written back. */
function ours(groups: string[]): Outcome {
  let screen = "";
  let status: Outcome["status"] = "running";
  const ld = new LineDiscipline({
    echo: (s) => void (screen += s),
    line: (b) => void (screen += new TextDecoder().decode(b).replaceAll("\n", "\r\n")),
    eof: () => void (status = "exited"),
    interrupt: () => void (status = "interrupted"),
  });
  for (const g of groups) if (status === "running") ld.input(g);
  return { screen, status };
}

const cases: Record<string, string[]> = {
  "Enter sends the line; Ctrl-D on an empty line is end of file": ["abc\r", "\x04"],
  "Backspace erases one character": ["abx\x7fc\r", "\x04"],
  "Backspace on an empty line does nothing": ["\x7f\x7fz\r", "\x04"],
  "Ctrl-U erases the line": ["hello\x15bye\r", "\x04"],
  "Ctrl-D after some characters sends them without a newline; a second one is end of file": ["par", "\x04", "\x04"],
  "Ctrl-C echoes ^C and interrupts": ["abc", "\x03"],
  "a tab is echoed as typed": ["a\tb\r", "\x04"],
  "several lines, then end of file": ["one\r", "two\r", "\x04"],
};

for (const [name, groups] of Object.entries(cases)) {
  test(`line discipline as a pty: ${name}`, () => {
    assert.equal(ours(groups), pty(groups));
  });
}

test.run();
