// The `node` base's file system objects: real files through synchronous node:fs calls,
// plugged into browser_wasi_shim's `wasi.fds`, sandboxed to their preopen (resolve.ts).
//
//   const root = new PreopenNodeDirectory("/srv/guest-data", "/");
//   const w = new WASI(args, env, [stdin, stdout, stderr, root], { debug: false });
export { NodeDescription } from "./description.ts";
export { MAX_FILE_SIZE, OpenNodeFile } from "./open-file.ts";
export { OpenNodeDirectory, PreopenNodeDirectory } from "./open-directory.ts";
export { MAX_SYMLINK_HOPS, PROC_FD_MODE, resolve, type DirRef } from "./resolve.ts";
export { errnoOf } from "./errors.ts";
export { filestatOf, filetypeOf } from "./stat.ts";
export { reachNode } from "./reachable.ts";
