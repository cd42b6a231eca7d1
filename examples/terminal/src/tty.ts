/**
 * The terminal's line discipline for the foreground job: what a Linux tty in canonical mode
 * (ICANON, ECHO, ECHOE, ECHOK, ECHOCTL, ISIG; `stty sane`) does between the keyboard and a
 * program reading its stdin. Checked against a real pty (python3's pty module running cat) in
 * tests/terminal-tty.test.ts:
 *
 *   printable keys      echoed, kept in the line
 *   Enter (\r)          echoes "\r\n"; the line and "\n" go to the program
 *   Backspace (\x7f)    erases one character: "\b \b" (nothing on an empty line)
 *   Ctrl-U              erases the line, "\b \b" per character
 *   Ctrl-C              echoes "^C", drops the line, interrupts the job (SIGINT: exit 130)
 *   Ctrl-D              on an empty line: end of file; else the line so far goes, no newline
 *
 * Runtime-agnostic (no DOM): the page feeds it xterm's onData strings.
 */

export interface LineDisciplineHooks {
  /** Echo to the screen. */
  echo(text: string): void;
  /** A finished line (or a partial one after Ctrl-D) for the program's stdin. */
  line(bytes: Uint8Array): void;
  /** Ctrl-D on an empty line: the program's stdin ends. */
  eof(): void;
  /** Ctrl-C: the foreground job gets SIGINT. */
  interrupt(): void;
}

const encoder = new TextEncoder();

export class LineDiscipline {
  private chars: string[] = [];

  constructor(private readonly hooks: LineDisciplineHooks) {}

  /** The line typed so far (not yet sent). */
  get pending(): string {
    return this.chars.join("");
  }

  /** Keys, as a terminal emulator reports them (xterm.js onData). */
  input(data: string): void {
    // Escape sequences (arrows, function keys) mean nothing to a canonical-mode reader here.
    if (data.startsWith("\x1b")) return;
    for (const ch of data) this.key(ch);
  }

  private key(ch: string): void {
    const h = this.hooks;
    switch (ch) {
      case "\r":
      case "\n":
        h.echo("\r\n");
        h.line(encoder.encode(this.take() + "\n"));
        return;
      case "\x7f":
      case "\b":
        if (this.chars.pop() !== undefined) h.echo("\b \b");
        return;
      case "\x15":
        h.echo("\b \b".repeat(this.chars.length));
        this.chars = [];
        return;
      case "\x03":
        h.echo("^C");
        this.chars = [];
        h.interrupt();
        return;
      case "\x04":
        if (this.chars.length === 0) h.eof();
        else h.line(encoder.encode(this.take()));
        return;
    }
    if (ch >= " " || ch === "\t") {
      this.chars.push(ch);
      h.echo(ch);
    }
  }

  private take(): string {
    const s = this.chars.join("");
    this.chars = [];
    return s;
  }
}
