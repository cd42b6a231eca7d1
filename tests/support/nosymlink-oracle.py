# The oracle for symlink on a file system without symbolic links: Linux's mqueue file system
# (its directories have no symlink operation, as vfat's and OPFS's) mounted on a temp dir.
# Prints JSON {"new": errno name for a new name, "existing": for an existing one ("."),
# "missing_parent": for a name in a missing directory, and the same three for a hard link of an
# existing file as "link_new", "link_existing" (the file itself), "link_missing_parent"}; exit status 3 when it cannot mount
# (no privileges, no mqueue).
import errno, json, os, subprocess, sys, tempfile

d = tempfile.mkdtemp(prefix="wasi-os-mqueue-")
if subprocess.run(["mount", "-t", "mqueue", "none", d], capture_output=True).returncode != 0:
    os.rmdir(d)
    sys.exit(3)
out = {}
try:
    for key, name in [("new", "l"), ("existing", "."), ("missing_parent", "nodir/l")]:
        try:
            os.symlink("target", os.path.join(d, name))
            out[key] = "OK"
        except OSError as e:
            out[key] = errno.errorcode[e.errno]
    fd = os.open(os.path.join(d, "a"), os.O_CREAT | os.O_RDWR, 0o644)  # a message queue: a file here
    os.close(fd)
    for key, name in [("link_new", "b"), ("link_existing", "a"), ("link_missing_parent", "nodir/b")]:
        try:
            os.link(os.path.join(d, "a"), os.path.join(d, name))
            out[key] = "OK"
        except OSError as e:
            out[key] = errno.errorcode[e.errno]
finally:
    subprocess.run(["umount", d])
    os.rmdir(d)
print(json.dumps(out))
