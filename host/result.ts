/**
 * What one run of a guest gives back, the same for runCommand, prepared hosts and isolated runs,
 * and how its file-system snapshot is taken: only when read, once.
 */
import type { FsTree } from "./bases/types.ts";
import type { CopyPaths } from "./context.ts";

export interface RunResult {
  readonly exitCode: number;
  /** Everything the guest wrote to fd 1 / fd 2 (empty when a stdout/stderr callback was given). */
  readonly stdout: Uint8Array;
  readonly stderr: Uint8Array;
  /**
   * The preopens' contents after the run, in order; read on first access (a sparse file of
   * 8 GiB is fine on disk or in memory, but not as one buffer: only callers who look pay).
   */
  readonly trees: FsTree[];
  /** Which path each fd_copy_range of the run took. */
  readonly copyPaths: Readonly<CopyPaths>;
  /** Isolated runs: whether the guest was ended at its time limit. */
  readonly timedOut?: boolean;
}

/** `result` with a `trees` read by `read` on first access (RunResult.trees). */
export function lazyTrees<T extends Omit<RunResult, "trees">>(result: T, read: () => FsTree[]): T & { readonly trees: FsTree[] } {
  let trees: FsTree[] | undefined;
  return Object.defineProperty(result, "trees", { enumerable: true, get: () => (trees ??= read()) }) as T & { readonly trees: FsTree[] };
}
