;; A hand-written guest (no AssemblyScript, no libc): it imports the wasi-os extension ABI
;; (wasi_os_v1, docs/abi.md) and a few preview1 functions directly, does a small real scenario in
;; the preopen "/" (fd 3) and prints one human-readable line per step, then "done".
;; tests/wat-guest.test.ts assembles it with wabt and runs it on every base.
;;
;; Every step prints the errno it got when it fails ("-> errno N"), so a wrong answer shows up
;; as a differing line, not a trap.
(module
  (import "wasi_os_v1" "abi_version" (func $abi_version (param i32) (result i32)))
  (import "wasi_os_v1" "fd_dup" (func $fd_dup (param i32 i32) (result i32)))
  (import "wasi_os_v1" "fd_dup2" (func $fd_dup2 (param i32 i32 i32 i32) (result i32)))
  (import "wasi_os_v1" "pipe" (func $pipe (param i32 i32) (result i32)))
  (import "wasi_os_v1" "fd_copy_range"
    (func $fd_copy_range (param i32 i32 i64 i64 i64 i32 i32 i32 i32) (result i32)))
  (import "wasi_os_v1" "fd_chmod" (func $fd_chmod (param i32 i32) (result i32)))
  (import "wasi_os_v1" "fd_inheritable_get" (func $fd_inheritable_get (param i32 i32) (result i32)))
  (import "wasi_os_v1" "availability" (func $availability (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))

  (memory (export "memory") 1)

  ;; Memory layout
  ;;   0 .. 1023     NUL-terminated strings (data segments below)
  ;;   1024          iovec {buf, len}
  ;;   1040          out value (u32 or u64)
  ;;   1048          second out value (availability's errno)
  ;;   1056          pipe fds [read, write]
  ;;   4096          the line being built
  ;;   5120          read buffer (256 bytes)
  ;;   8192 .. 16383 scratch lent to fd_copy_range (opaque bases copy through it)
  (global $len (mut i32) (i32.const 0))

  (data (i32.const 0) "a.txt\00")
  (data (i32.const 8) "b.txt\00")
  (data (i32.const 16) "copy_file_range\00")
  (data (i32.const 32) "hello, world\0a\00")
  (data (i32.const 48) "ping\0a\00")
  (data (i32.const 64) "abi_version \00")
  (data (i32.const 80) "open a.txt -> fd \00")
  (data (i32.const 112) "write \00")
  (data (i32.const 128) "dup 4 -> fd \00")
  (data (i32.const 144) ", inheritable \00")
  (data (i32.const 160) "dup2 4 9 -> fd \00")
  (data (i32.const 192) "open b.txt -> fd \00")
  (data (i32.const 224) "open a.txt read-only -> fd \00")
  (data (i32.const 256) "copy_range 7 -> 6, both positions: \00")
  (data (i32.const 304) "read fd 7 at its position: \00")
  (data (i32.const 336) "copy_range 4@7 -> 6@0: \00")
  (data (i32.const 368) "b.txt: \00")
  (data (i32.const 384) "fchmod 4 0600 -> errno \00")
  (data (i32.const 416) "pipe -> fds \00")
  (data (i32.const 432) " \00")
  (data (i32.const 448) "pipe read: \00")
  (data (i32.const 464) "pipe read when empty -> errno \00")
  (data (i32.const 512) "availability copy_file_range -> level \00")
  (data (i32.const 560) " errno \00")
  (data (i32.const 576) "done\00")
  (data (i32.const 592) "-> errno \00")
  (data (i32.const 608) "reopen b.txt -> fd \00")

  ;; Appends the NUL-terminated string at $p to the line.
  (func $str (param $p i32)
    (block $end
      (loop $next
        (br_if $end (i32.eqz (i32.load8_u (local.get $p))))
        (i32.store8 (i32.add (i32.const 4096) (global.get $len)) (i32.load8_u (local.get $p)))
        (global.set $len (i32.add (global.get $len) (i32.const 1)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next))))

  ;; Appends $n bytes from $p.
  (func $bytes (param $p i32) (param $n i32)
    (block $end
      (loop $next
        (br_if $end (i32.eqz (local.get $n)))
        (i32.store8 (i32.add (i32.const 4096) (global.get $len)) (i32.load8_u (local.get $p)))
        (global.set $len (i32.add (global.get $len) (i32.const 1)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next))))

  ;; Appends the decimal digits of the unsigned $v.
  (func $num (param $v i64)
    (local $digits i32)
    (local $k i32)
    ;; digits go to 4000.., least significant first, then are appended in reverse
    (loop $div
      (i32.store8 (i32.add (i32.const 4000) (local.get $digits))
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $v) (i64.const 10)))))
      (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $div (i64.ne (local.get $v) (i64.const 0))))
    (local.set $k (local.get $digits))
    (block $end
      (loop $next
        (br_if $end (i32.eqz (local.get $k)))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (i32.store8 (i32.add (i32.const 4096) (global.get $len))
          (i32.load8_u (i32.add (i32.const 4000) (local.get $k))))
        (global.set $len (i32.add (global.get $len) (i32.const 1)))
        (br $next))))

  ;; Writes the line (plus "\n" when $newline) to stdout and starts a new one.
  (func $flush (param $newline i32)
    (if (local.get $newline)
      (then
        (i32.store8 (i32.add (i32.const 4096) (global.get $len)) (i32.const 10))
        (global.set $len (i32.add (global.get $len) (i32.const 1)))))
    (i32.store (i32.const 1024) (i32.const 4096))
    (i32.store (i32.const 1028) (global.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 1024) (i32.const 1) (i32.const 1040)))
    (global.set $len (i32.const 0)))

  ;; Appends the u32 result at 1040 when $errno is 0, else "-> errno N".
  (func $result32 (param $errno i32)
    (if (local.get $errno)
      (then (call $str (i32.const 592)) (call $num (i64.extend_i32_u (local.get $errno))))
      (else (call $num (i64.load32_u (i32.const 1040))))))

  ;; The u64 result at 1040, or the errno.
  (func $result64 (param $errno i32)
    (if (local.get $errno)
      (then (call $str (i32.const 592)) (call $num (i64.extend_i32_u (local.get $errno))))
      (else (call $num (i64.load (i32.const 1040))))))

  ;; path_open in fd 3 of the 5-byte name at $name; the new fd goes to 1040.
  (func $open (param $name i32) (param $oflags i32) (param $rights i64) (result i32)
    (call $path_open (i32.const 3) (i32.const 0) (local.get $name) (i32.const 5) (local.get $oflags)
      (local.get $rights) (i64.const 0) (i32.const 0) (i32.const 1040)))

  ;; Reads up to 256 bytes from $fd into 5120; returns the errno (count at 1040).
  (func $read (param $fd i32) (result i32)
    (i32.store (i32.const 1024) (i32.const 5120))
    (i32.store (i32.const 1028) (i32.const 256))
    (call $fd_read (local.get $fd) (i32.const 1024) (i32.const 1) (i32.const 1040)))

  (func $inheritable (param $fd i32)
    (call $str (i32.const 144))
    (call $result32 (call $fd_inheritable_get (local.get $fd) (i32.const 1040))))

  (func (export "_start")
    (local $e i32)
    ;; rights: read|seek|tell|write|readdir|filestat_get|filestat_set_size, and read-only
    (local $rw i64)
    (local $ro i64)
    (local.set $rw (i64.const 0x604066))
    (local.set $ro (i64.const 0x200026))

    ;; abi_version 1
    (call $str (i32.const 64))
    (call $result32 (call $abi_version (i32.const 1040)))
    (call $flush (i32.const 1))

    ;; a.txt: created and truncated, read-write: fd 4 (0-2 stdio, 3 the preopen)
    (call $str (i32.const 80))
    (call $result32 (call $open (i32.const 0) (i32.const 9) (local.get $rw)))
    (call $flush (i32.const 1))

    ;; write "hello, world\n" (13 bytes)
    (i32.store (i32.const 1024) (i32.const 32))
    (i32.store (i32.const 1028) (i32.const 13))
    (call $str (i32.const 112))
    (call $result32 (call $fd_write (i32.const 4) (i32.const 1024) (i32.const 1) (i32.const 1040)))
    (call $flush (i32.const 1))

    ;; dup: the lowest free fd, not inheritable
    (call $str (i32.const 128))
    (call $result32 (call $fd_dup (i32.const 4) (i32.const 1040)))
    (call $inheritable (i32.load (i32.const 1040)))
    (call $flush (i32.const 1))

    ;; dup2 onto 9, inheritable (DUP2_INHERITABLE = 1)
    (call $str (i32.const 160))
    (call $result32 (call $fd_dup2 (i32.const 4) (i32.const 9) (i32.const 1) (i32.const 1040)))
    (call $inheritable (i32.const 9))
    (call $flush (i32.const 1))

    ;; b.txt: the destination, fd 6
    (call $str (i32.const 192))
    (call $result32 (call $open (i32.const 8) (i32.const 9) (local.get $rw)))
    (call $flush (i32.const 1))

    ;; a.txt again, read-only, at position 0: fd 7
    (call $str (i32.const 224))
    (call $result32 (call $open (i32.const 0) (i32.const 0) (local.get $ro)))
    (call $flush (i32.const 1))

    ;; copy 5 bytes at both fds' positions (COPY_USE_POS_SRC | COPY_USE_POS_DST), then the rest
    (call $str (i32.const 256))
    (call $result64 (call $fd_copy_range (i32.const 7) (i32.const 6) (i64.const 5) (i64.const 0) (i64.const 0)
      (i32.const 3) (i32.const 8192) (i32.const 8192) (i32.const 1040)))
    (call $flush (i32.const 1))
    (call $str (i32.const 256))
    (call $result64 (call $fd_copy_range (i32.const 7) (i32.const 6) (i64.const 100) (i64.const 0) (i64.const 0)
      (i32.const 3) (i32.const 8192) (i32.const 8192) (i32.const 1040)))
    (call $flush (i32.const 1))

    ;; fd 7's position advanced to the end: reading gives 0 bytes
    (call $str (i32.const 304))
    (call $result32 (call $read (i32.const 7)))
    (call $flush (i32.const 1))

    ;; explicit offsets (flags 0): "world" (offset 7 of fd 4) over b.txt's first 5 bytes
    (call $str (i32.const 336))
    (call $result64 (call $fd_copy_range (i32.const 4) (i32.const 6) (i64.const 5) (i64.const 7) (i64.const 0)
      (i32.const 0) (i32.const 8192) (i32.const 8192) (i32.const 1040)))
    (call $flush (i32.const 1))

    ;; read b.txt back from the start: close and reopen it (fd 6 again, the lowest free)
    (drop (call $fd_close (i32.const 6)))
    (call $str (i32.const 608))
    (call $result32 (call $open (i32.const 8) (i32.const 0) (local.get $ro)))
    (call $flush (i32.const 1))
    (call $str (i32.const 368))
    (local.set $e (call $read (i32.const 6)))
    (if (local.get $e)
      (then (call $result32 (local.get $e)) (call $flush (i32.const 1)))
      (else (call $bytes (i32.const 5120) (i32.load (i32.const 1040))) (call $flush (i32.const 0))))
    (drop (call $fd_close (i32.const 6)))

    ;; fchmod: works where the base reaches modes, ENOSYS elsewhere (src/availability.ts)
    (call $str (i32.const 384))
    (call $num (i64.extend_i32_u (call $fd_chmod (i32.const 4) (i32.const 0x180))))
    (call $flush (i32.const 1))

    ;; a pipe: write "ping\n", read it back, then an empty blocking read answers EDEADLK
    (call $str (i32.const 416))
    (local.set $e (call $pipe (i32.const 0) (i32.const 1056)))
    (if (local.get $e)
      (then (call $result32 (local.get $e)))
      (else
        (call $num (i64.load32_u (i32.const 1056)))
        (call $str (i32.const 432))
        (call $num (i64.load32_u (i32.const 1060)))))
    (call $flush (i32.const 1))
    (i32.store (i32.const 1024) (i32.const 48))
    (i32.store (i32.const 1028) (i32.const 5))
    (drop (call $fd_write (i32.load (i32.const 1060)) (i32.const 1024) (i32.const 1) (i32.const 1040)))
    (call $str (i32.const 448))
    (local.set $e (call $read (i32.load (i32.const 1056))))
    (if (local.get $e)
      (then (call $result32 (local.get $e)) (call $flush (i32.const 1)))
      (else (call $bytes (i32.const 5120) (i32.load (i32.const 1040))) (call $flush (i32.const 0))))
    (call $str (i32.const 464))
    (call $num (i64.extend_i32_u (call $read (i32.load (i32.const 1056)))))
    (call $flush (i32.const 1))

    ;; how this host does copy_file_range: level (0 native .. 3 not available) and errno
    (call $str (i32.const 512))
    (local.set $e (call $availability (i32.const 16) (i32.const 15) (i32.const 1040) (i32.const 1048)))
    (if (local.get $e)
      (then (call $result32 (local.get $e)))
      (else
        (call $num (i64.load32_u (i32.const 1040)))
        (call $str (i32.const 560))
        (call $num (i64.load32_u (i32.const 1048)))))
    (call $flush (i32.const 1))

    (drop (call $fd_close (i32.load (i32.const 1056))))
    (drop (call $fd_close (i32.load (i32.const 1060))))
    (drop (call $fd_close (i32.const 7)))
    (drop (call $fd_close (i32.const 9)))
    (drop (call $fd_close (i32.const 5)))
    (drop (call $fd_close (i32.const 4)))
    (call $str (i32.const 576))
    (call $flush (i32.const 1))
    (call $proc_exit (i32.const 0)))
)
