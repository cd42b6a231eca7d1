// The `node` base's descriptions as the extension functions see them (types.ts ReachableFile):
// real st_mode/st_dev/st_ino from fstat, fchmod on the real fd, and a host-side copy that
// never passes the bytes through guest memory (pread/pwrite through one reused 1 MiB buffer:
// Node 20 exposes no copy_file_range for ranges). 1 MiB measured as good as 256 KiB and 4 MiB
// and on par with the kernel's copy_file_range on ext4 (bench/disk.ts, docs/node-base.md).
import { wasi } from "@bjorn3/browser_wasi_shim";
import type { Fd } from "@bjorn3/browser_wasi_shim";
import type { ReachableFile } from "../../bases/types.ts";
import { FD_APPEND } from "../rights.ts";
import type { NodeDescription } from "./description.ts";
import { errnoOf } from "./errors.ts";
import { OpenNodeDirectory } from "./open-directory.ts";
import { OpenNodeFile } from "./open-file.ts";
import { ASYNC_IO, SYNC_IO, drive } from "./io.ts";

const CHUNK = 1 << 20;
let scratch: Uint8Array | undefined;

class NodeReachable implements ReachableFile {
  constructor(
    readonly desc: NodeDescription,
    /** Async mode: the copy runs on the thread pool, chunk by chunk (io.ts). */
    private readonly async: boolean,
  ) {}
  get kind(): "file" | "directory" | "other" {
    if (this.desc instanceof OpenNodeDirectory) return "directory";
    return this.desc.filetype === wasi.FILETYPE_REGULAR_FILE ? "file" : "other";
  }
  get readable(): boolean {
    return this.desc instanceof OpenNodeFile ? this.desc.readable : true;
  }
  get writable(): boolean {
    return this.desc instanceof OpenNodeFile ? this.desc.writable : false;
  }
  get append(): boolean {
    return (this.desc.fdflags & FD_APPEND) !== 0;
  }
  get size(): bigint {
    return this.desc.hostStat().size;
  }
  get dev(): bigint {
    return this.desc.dev;
  }
  get ino(): bigint {
    return this.desc.hostStat().ino;
  }
  get maxSize(): bigint | undefined {
    return this.desc instanceof OpenNodeFile ? this.desc.maxSize : undefined;
  }
  get position(): bigint {
    return this.desc instanceof OpenNodeFile ? this.desc.position : 0n;
  }
  set position(p: bigint) {
    if (this.desc instanceof OpenNodeFile) this.desc.position = p;
  }
  get mode(): number {
    return this.desc.mode;
  }
  chmod(mode: number): number {
    return this.desc.chmod(mode);
  }
  copyFrom(from: ReachableFile, posIn: bigint, posOut: bigint, count: bigint): number | Promise<number> {
    if (!(from instanceof NodeReachable) || !(from.desc instanceof OpenNodeFile) || !(this.desc instanceof OpenNodeFile)) {
      return wasi.ERRNO_XDEV;
    }
    if (this.kind === "directory" || from.kind === "directory") return wasi.ERRNO_ISDIR;
    // Async copies of several processes overlap in time: each has its own buffer.
    const io = this.async ? ASYNC_IO : SYNC_IO;
    const buf = this.async ? new Uint8Array(CHUNK) : (scratch ??= new Uint8Array(CHUNK));
    const src = from.desc.osFd;
    const dst = this.desc.osFd;
    function* loop(): Generator<number | Promise<number>, number, number> {
      let done = 0n;
      while (done < count) {
        const want = Number(count - done < BigInt(CHUNK) ? count - done : BigInt(CHUNK));
        const n = yield io.read(src, buf.subarray(0, want), Number(posIn + done));
        if (n === 0) break;
        let off = 0;
        while (off < n) off += yield io.write(dst, buf.subarray(off, n), Number(posOut + done) + off);
        done += BigInt(n);
      }
      return wasi.ERRNO_SUCCESS;
    }
    return drive(loop(), errnoOf);
  }
}

/** The reachable view of a base fd's object, when it is one of ours. */
export function reachNode(obj: Fd | undefined, async = false): ReachableFile | undefined {
  if (obj instanceof OpenNodeFile || obj instanceof OpenNodeDirectory) return new NodeReachable(obj, async);
  return undefined;
}
