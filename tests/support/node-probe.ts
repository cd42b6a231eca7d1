/** The probe guest (tests/support/probe.ts) on the `node` base, built directly so tests can reach the base and release its real fds. */
import { Adapter } from "../../host/adapter.ts";
import { createNodeBase } from "../../host/bases/node.ts";
import type { Base, PreopenSpec } from "../../host/bases/types.ts";
import { probeCalls, probeModule } from "./probe.ts";
import { PREVIEW1_MODULE } from "../../src/abi/preview1.ts";
import { EXT_MODULE } from "../../src/abi/ext.ts";
import type { BaseName } from "../../src/bases.ts";

const BASE_NAME: BaseName = "node";
import type { ProbeLike } from "./wasmtime-oracle.ts";

export interface NodeProbe extends ProbeLike {
  readonly base: Base;
  readonly adapter: Adapter;
  /** Releases the base's real fds (what finish() does after a command). */
  finish(): void;
  /** Calls extension function `name` (wasi_os_v1) through the adapter. */
  ext(name: string, ...args: (number | bigint)[]): number;
  putString(ptr: number, s: string): number;
}

export async function nodeProbe(preopens: readonly PreopenSpec[], fdLimit?: number): Promise<NodeProbe> {
  const module = await probeModule();
  const base = await createNodeBase({ module, preopens });
  const adapter = new Adapter(base, {
    baseName: BASE_NAME,
    args: [],
    env: [],
    preopenNames: preopens.map((p) => p.guest),
    ...(fdLimit === undefined ? {} : { fdLimit }),
  });
  const instance = await WebAssembly.instantiate(module, { [PREVIEW1_MODULE]: adapter.wasiImport, [EXT_MODULE]: adapter.extImport });
  adapter.initialize(instance);
  return {
    base,
    adapter,
    finish: () => base.finish(),
    ...probeCalls(instance),
  };
}
