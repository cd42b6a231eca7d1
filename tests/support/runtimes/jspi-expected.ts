// What each process check (jspi-checks.mjs) must print on every runtime with JSPI: the behaviour
// host/process.ts promises (docs in its header), one line per check.
/** What each check must say (the line after its name). */
export const EXPECTED: Record<string, string> = {
  async: "available (JSPI)",
  "typed stdin": 'answered line by line true; "line: hello\\nline: world\\neof\\n" exit 0',
  pipeline: 'count "1000000\\n" exits yes 1 head 0 count 0; yes stderr "yes: EPIPE\\n"',
  epipe: 'first chunk non-empty; exit 1; stderr "yes: EPIPE\\n"',
  "full write": '"wrote 200000\\n"; host read 200000; exit 0',
  eof: 'count "300000\\n" exit 0',
  "stream stdin": '"line: from\\nline: a stream\\neof\\n" exit 0',
  kill: "SIGINT 130 SIGTERM 143",
  timeout: 'waiting 124 stderr ""; finished 0 "yielded 3\\n"',
  poll: "stdin first; sleep slept with timers firing true; no input: clock",
  concurrency: "yielded 1000; 40 waiting processes answered true",
  "sync mode": 'exit 1; stderr "lines: EDEADLK\\n"',
};

/** The text after "<name>: " on the line of check `name`. */
export const lineOf = (out: string, name: string): string | undefined =>
  out.split("\n").find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
