// What every open description of the `node` base has: one real OS fd (owned: closed when
// the adapter closes the last guest alias), preview1 rights and fdflags, and the metadata
// the extension ABI needs (real st_mode, st_dev, fchmod).
//
// Read-only preopens (PreopenSpec.readOnly, wasmtime's `preopen_dir(.., fs_mutable=False)`,
// i.e. DirPerms::READ + FilePerms::READ): every description reached from such a preopen has
// `readOnly` set, and every change through it is EPERM, checked right after the flag
// validation that wasmtime does first (bad fstflags stay INVAL) and before any path is looked
// at or any value checked (mkdir of a missing parent, set_size(-1): EPERM too). fd_chmod
// (extension) is EPERM as well: wasmtime refuses every metadata change there (set_times).
//
// Rights, fdflags and fd_fdstat_* are the shared Description's (../description.ts); the file
// and directory halves are adopted by open-file.ts and open-directory.ts (why: the top of
// ../description.ts).
import * as fs from "node:fs";
import type { BigIntStats } from "node:fs";
import { wasi } from "@bjorn3/browser_wasi_shim";
import { Description } from "../description.ts";
import type { MemFilestat } from "../filestat.ts";
import { errnoOf } from "./errors.ts";
import { filestatOf } from "./stat.ts";
import { checkTimeFlags, setTimes } from "./times.ts";

export abstract class NodeDescription extends Description {
  /** The real file descriptor; -1 once closed. */
  osFd: number;
  /** Reached from a read-only preopen: every change through this description is EPERM. */
  readOnly = false;

  constructor(osFd: number, rightsBase: bigint, rightsInheriting: bigint, fdflags: number) {
    super(rightsBase, rightsInheriting, fdflags);
    this.osFd = osFd;
  }

  /** fstat of the real fd (bigint: full ns times, 64-bit ino/dev). Throws node:fs errors. */
  hostStat(): BigIntStats {
    return fs.fstatSync(this.osFd, { bigint: true });
  }

  /** The real st_mode (type and permission bits), for the extension ABI; -1 on error. */
  get mode(): number {
    try {
      return Number(this.hostStat().mode);
    } catch {
      return -1;
    }
  }

  /** The real st_dev, for the extension ABI (EXDEV decisions); -1n on error. */
  get dev(): bigint {
    try {
      return this.hostStat().dev;
    } catch {
      return -1n;
    }
  }

  /** fchmod(2) on the real fd (works on a read-only description, as on Linux). Returns an errno. */
  chmod(mode: number): number {
    if (this.readOnly) return wasi.ERRNO_PERM;
    if (!Number.isInteger(mode) || mode < 0) return wasi.ERRNO_INVAL;
    try {
      fs.fchmodSync(this.osFd, mode & 0o7777);
      return wasi.ERRNO_SUCCESS;
    } catch (e) {
      return errnoOf(e);
    }
  }

  override fd_filestat_get(): { ret: number; filestat: MemFilestat | null } {
    try {
      return { ret: wasi.ERRNO_SUCCESS, filestat: filestatOf(this.hostStat()) };
    } catch (e) {
      return { ret: errnoOf(e), filestat: null };
    }
  }

  override fd_filestat_set_times(atim: bigint, mtim: bigint, fst_flags: number): number {
    if (this.readOnly && checkTimeFlags(fst_flags) === wasi.ERRNO_SUCCESS) return wasi.ERRNO_PERM;
    return setTimes(atim, mtim, fst_flags, () => this.hostStat(), (a, m) => fs.futimesSync(this.osFd, a, m));
  }

  override fd_sync(): number {
    try {
      fs.fsyncSync(this.osFd);
      return wasi.ERRNO_SUCCESS;
    } catch (e) {
      return errnoOf(e);
    }
  }

  /** fd_datasync (the shim's dispatch maps it to fd_sync; host/bases/node.ts routes it here). */
  fd_datasync(): number {
    try {
      fs.fdatasyncSync(this.osFd);
      return wasi.ERRNO_SUCCESS;
    } catch (e) {
      return errnoOf(e);
    }
  }

  /** Closes the real fd. Idempotent (the base's finish() closes whatever is left). */
  override fd_close(): number {
    if (this.osFd < 0) return wasi.ERRNO_SUCCESS;
    const fd = this.osFd;
    this.osFd = -1;
    try {
      fs.closeSync(fd);
      return wasi.ERRNO_SUCCESS;
    } catch (e) {
      return errnoOf(e);
    }
  }
}
