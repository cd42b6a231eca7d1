# Oracle for the memory file system's inode cap: what Linux tmpfs mounted with nr_inodes=6
# answers to a fixed sequence of creations and removals. Prints one "step result" line each
# (result: ok or the errno name). Needs root (it mounts a tmpfs): tests/fs-memory-inodes.test.ts
# runs it when it can and otherwise compares with the output recorded there.
import errno, os, subprocess, sys, tempfile

d = tempfile.mkdtemp(prefix="wasi-os-inodes-")
if subprocess.run(["mount", "-t", "tmpfs", "-o", "nr_inodes=6,size=1m", "tmpfs", d], capture_output=True).returncode != 0:
    sys.exit(77)
try:
    def step(name, f):
        try:
            f()
            print(name, "ok")
        except OSError as e:
            print(name, errno.errorcode[e.errno])
    create = lambda p: (lambda: os.close(os.open(f"{d}/{p}", os.O_CREAT | os.O_WRONLY)))
    for i in range(5):
        step(f"create f{i}", create(f"f{i}"))
    step("create f5", create("f5"))
    step("mkdir dd", lambda: os.mkdir(f"{d}/dd"))
    step("symlink sl", lambda: os.symlink("f0", f"{d}/sl"))
    step("link hl", lambda: os.link(f"{d}/f0", f"{d}/hl"))
    step("open existing f0", create("f0"))
    step("rename f0 g0", lambda: os.rename(f"{d}/f0", f"{d}/g0"))
    step("rename g0 over f1", lambda: os.rename(f"{d}/g0", f"{d}/f1"))
    step("create n1", create("n1"))
    step("create n2", create("n2"))
    step("unlink f2", lambda: os.unlink(f"{d}/f2"))
    step("link f1 hl", lambda: os.link(f"{d}/f1", f"{d}/hl"))
    step("mkdir dd", lambda: os.mkdir(f"{d}/dd"))
    step("unlink hl", lambda: os.unlink(f"{d}/hl"))
    step("mkdir dd", lambda: os.mkdir(f"{d}/dd"))
    step("create dd/x", create("dd/x"))
    step("rmdir-less unlink f3", lambda: os.unlink(f"{d}/f3"))
    step("create dd/x", create("dd/x"))
finally:
    subprocess.run(["umount", d])
    os.rmdir(d)
