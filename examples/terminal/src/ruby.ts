/**
 * `ruby` in the terminal: CRuby 3.4 from npm `@ruby/3.4-wasm-wasi` (ruby+stdlib.wasm, the
 * standard library packed inside) on the same wasi-os adapter the other programs use (WasiOs,
 * `memory` base, the shell's file systems as preopens, the shell's stdout/stderr).
 *
 * That build is not a plain preview1 command, so it does not go through `spawn`: it is a
 * reactor (`_initialize`, no `_start`) importing `rb-js-abi-host` and `canonical_abi` (the `js`
 * gem's bridge) besides wasi_snapshot_preview1, and `ruby-init` parses its arguments without
 * running them. @ruby/wasm-wasi's RubyVM is the loader that knows those imports; it takes a
 * `node:wasi`-shaped object, which WasiOs is. The program is then run with `eval`:
 *   ruby -e CODE [ARG...]      CODE as the script "-e"
 *   ruby FILE [ARG...]         FILE loaded (a path relative to the shell's directory)
 * in the shell's directory ($PWD), ARGV set, `exit n` giving status n, an uncaught exception
 * printed as ruby prints it (status 1). stdin is empty (the reactor runs synchronously).
 * Each command gets a fresh VM (~3 s to boot); the compiled module is kept.
 */
import { WasiOs } from "../../../dist/host/index.js";
import { RubyVM } from "@ruby/wasm-wasi/dist/vm";
import type { HostCommand } from "./shell.ts";

/** A Ruby string literal for `s` (JSON's escapes are Ruby's; `#` is escaped against interpolation). */
function rubyString(s: string): string {
  return JSON.stringify(s).replaceAll("#", "\\#");
}

/** The script that runs a ruby command line inside the VM and answers its exit status. */
export function rubyProgram(args: readonly string[]): { script: string } | { usage: string } {
  const [first, ...rest] = args;
  let run: string;
  let argv: readonly string[];
  if (first === "-e") {
    const [code, ...more] = rest;
    if (code === undefined) return { usage: "ruby: no code specified for -e (RuntimeError)\n" };
    run = `$0 = "-e"; eval(${rubyString(code)}, TOPLEVEL_BINDING, "-e", 1)`;
    argv = more;
  } else if (first !== undefined && !first.startsWith("-")) {
    run = `$0 = ${rubyString(first)}; load(File.expand_path($0))`;
    argv = rest;
  } else return { usage: "usage: ruby -e CODE [ARG...] | ruby FILE [ARG...]\n" };
  return {
    script: `begin
  Dir.chdir(ENV["PWD"]) if ENV["PWD"] && File.directory?(ENV["PWD"])
  ARGV.replace([${argv.map(rubyString).join(", ")}])
  ${run}
  $stdout.flush
  0
rescue SystemExit => e
  $stdout.flush
  e.status
rescue Exception => e
  $stdout.flush
  $stderr.write(e.full_message(highlight: false))
  1
end`,
  };
}

/** The `ruby` command; `load` fetches and compiles ruby+stdlib.wasm (called once). */
export function rubyCommand(load: () => Promise<WebAssembly.Module>): HostCommand {
  let module: Promise<WebAssembly.Module> | undefined;
  return async (ctx) => {
    const program = rubyProgram(ctx.args.slice(1));
    if ("usage" in program) {
      ctx.stderr(new TextEncoder().encode(program.usage));
      return 1;
    }
    module ??= load().catch((e: unknown) => {
      module = undefined;
      throw e;
    });
    const m = await module;
    const wasi = await WasiOs.create(m, {
      base: "memory",
      args: ["ruby"],
      env: ctx.env,
      preopens: ctx.preopens,
      stdout: ctx.stdout,
      stderr: ctx.stderr,
      tty: ctx.tty,
    });
    const { vm } = await RubyVM.instantiateModule({ module: m, wasip1: wasi, args: ["ruby", "-EUTF-8", "-e_=0"] });
    return Number(vm.eval(program.script).toString());
  };
}
