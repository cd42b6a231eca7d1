// Types of serve.mjs, for tests/browser.test.ts.
export interface TerminalServer {
  /** e.g. "http://127.0.0.1:41234/" */
  readonly url: string;
  close(): Promise<void>;
}
export interface ServerOptions {
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** The built page (default examples/terminal/dist). */
  readonly dist?: string;
  /** Where /bin/*.wasm come from (default build/examples). */
  readonly examples?: string;
  /** Where /guests/*.wasm come from (default build). */
  readonly guests?: string;
  /** Send COOP/COEP (cross-origin isolation); default false: the terminal does not need it. */
  readonly isolated?: boolean;
}
export function startServer(options?: ServerOptions): Promise<TerminalServer>;
/** Names of the programs in a directory of .wasm files (default build/examples), sorted. */
export function programs(dir?: string): string[];
