// The `memory` base's file system objects: plug them into browser_wasi_shim's `wasi.fds`.
//
//   const fs = MemoryFileSystem.fromTree({ "in.txt": bytes });
//   const out = new CaptureOutput();
//   const w = new WASI(args, env, [new InputBytes(""), out, new CaptureOutput(), fs.preopen("/")], { debug: false });
export { MemoryFileSystem, MemFsError, type FsTree } from "./filesystem.ts";
export { MemInode, MemFile, MemDirectory, MemSymlink, DEFAULT_FILE_MODE, DEFAULT_DIR_MODE, S_IFREG, S_IFDIR, S_IFLNK, type DirEntry } from "./inode.ts";
export { OpenMemFile } from "./open-file.ts";
export { OpenMemDirectory, PreopenMemDirectory } from "./open-directory.ts";
export { CaptureOutput, InputBytes, type OutputSink, type StreamOptions } from "./stdio.ts";
export { ByteStorage } from "./storage.ts";
export { FileStorage, BLOCK } from "./file-storage.ts";
export { FsLimits, DEFAULT_MAX_BYTES, DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_INODES, type MemoryLimits } from "./limits.ts";
export { MemFilestat } from "./filestat.ts";
export { MAX_FILE_SIZE, RIGHTS_ALL, RIGHTS_DIRECTORY_BASE } from "./rights.ts";
