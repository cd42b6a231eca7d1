// The memory file system's rights module: the shared rights, flags and checks (../rights.ts,
// re-exported so every import of this module keeps working) and this file system's size cap.
export * from "../rights.ts";

/**
 * Largest file size (Linux's s_maxbytes). Beyond it writes, truncates and allocations answer
 * FBIG and lseek EINVAL, as Linux does. 2^44-4096 is ext4's with 4 KiB blocks ((2^32-1) blocks),
 * the file system the CPython oracle runs on here, so the edges match it. Files are blocks with
 * holes (file-storage.ts), so a large size costs nothing: what a guest can hold is capped by
 * bytes held (limits.ts `maxBytes`), not by offsets.
 */
export const MAX_FILE_SIZE = 2n ** 44n - 4096n;
