# Runs `cat` on a real pty (Linux canonical mode, stty sane) and types the key groups given as
# JSON on argv[1], one group at a time; prints JSON {"screen": what the pty showed (echo and
# cat's output, latin-1), "status": cat's exit status (-2: killed by SIGINT)}.
import json, os, pty, select, sys, time

groups = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp("cat", ["cat"])
out = b""

def drain(wait):
    global out
    try:
        while select.select([fd], [], [], wait)[0]:
            out += os.read(fd, 4096)
    except OSError:
        pass

time.sleep(0.2)
for g in groups:
    os.write(fd, g.encode("latin-1"))
    drain(0.15)
drain(0.2)
# cat ends soon after end of file or SIGINT; on a loaded machine (CI) give it up to 20 s.
deadline = time.time() + (20 if groups and groups[-1] in ("\x04", "\x03") else 0.5)
done, st = os.waitpid(pid, os.WNOHANG)
while done == 0 and time.time() < deadline:
    time.sleep(0.05)
    done, st = os.waitpid(pid, os.WNOHANG)
if done == 0:
    os.kill(pid, 9)
    _, st = os.waitpid(pid, 0)
print(json.dumps({"screen": out.decode("latin-1"), "status": os.waitstatus_to_exitcode(st)}))
