// The memory file system's rights module: the shared rights, flags and checks (../rights.ts,
// re-exported so every import of this module keeps working) and this file system's size cap.
export * from "../rights.ts";

/**
 * Largest file we accept. Beyond it writes, truncates and allocations answer FBIG, as Linux
 * does beyond s_maxbytes (wasmtime measured: FBIG for set_size 2^62 and for a write at 2^62).
 * 2^32 bytes is V8's typed array limit on 64-bit hosts (Node 20); an allocation that fails
 * below it answers NOSPC, as a full tmpfs does.
 */
export const MAX_FILE_SIZE = 2n ** 32n;
