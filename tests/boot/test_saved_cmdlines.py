"""saved_cmdlines on both arches: empty until something is recorded (as
Linux 6.1 answers at boot), then "PID COMM" for every thread the trace
names, the same names the trace's TASK-PID column shows."""
import re

T = "/sys/kernel/tracing"
TASK_PID = re.compile(r"^ *(\S+)-(\d+) +\[\d{3}\]", re.M)


def test_saved_cmdlines_names_the_traced_threads(machine, arch):
    m = machine(arch)
    assert m.cmd(f"cat {T}/saved_cmdlines") == ""
    m.cmd(f"echo fib > {T}/set_ftrace_filter")
    m.cmd(f"echo function > {T}/current_tracer")
    m.send("run fib 8 1 cpu=0\r")
    m.expect(r"run: fib\(8\) = 21")
    m.cmd("")
    m.cmd(f"echo 0 > {T}/tracing_on")
    out = m.cmd(f"cat {T}/saved_cmdlines")
    lines = out.splitlines()
    assert all(re.fullmatch(r"\d+ \S+", ln) for ln in lines), out
    saved = dict(ln.split(" ", 1) for ln in lines)
    traced = set(TASK_PID.findall(m.cmd(f"cat {T}/trace")))
    assert traced and {("fib", pid) for pid in saved
                       if saved[pid] == "fib"} == traced
    # A file to read, not to write.
    assert m.cmd(f"echo 1 > {T}/saved_cmdlines") == \
        f"sh: can't create {T}/saved_cmdlines: Permission denied\n"
