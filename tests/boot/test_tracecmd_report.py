"""trace.dat end to end, on both arches: record with the function tracer
and with function_graph, read the text trace and the raw pages back over
the console as make trace does (tools/trace/capture.py), write trace.dat
(tools/trace/tracedat.py), and check that Debian's `trace-cmd report`
reads it without a word of complaint and lists the very events the
kernel's own text shows: as many, each on the same CPU, with the same
function, parent (or call, return and duration) and time stamp to the
microsecond."""
import os
import re
import shutil
import subprocess
import sys
from collections import Counter

import pytest

from conftest import ROOT, build_dir

sys.path.insert(0, os.path.join(ROOT, "tools", "trace"))
import capture  # noqa: E402

T = "/sys/kernel/tracing"

pytestmark = pytest.mark.skipif(not shutil.which("trace-cmd"),
                                reason="trace-cmd is not installed "
                                "(tools/deps.sh test installs it)")

# The kernel's function trace: TASK-PID [CPU] flags TIME: func <-parent
K_FN = re.compile(r"^ *\S+-\d+ +\[(\d{3})\] \S{5} +(\d+)\.(\d{6}): "
                  r"(\S+) <-(\S+)$")
# function_graph with funcgraph-abstime: TIME | CPU) | DURATION | call
K_GRAPH = re.compile(r"^ *(\d+)\.(\d{6}) \| +(\d+)\)([^|]*)\|  (.*)$")
# trace-cmd report -t: COMM-PID [CPU] SECONDS.NANOSECONDS: EVENT: rest
TC = re.compile(r"^ *.+-(\d+) +\[(\d{3})\] +(\d+)\.(\d{9}): "
                r"(\w+): +(.*)$")


def record(m, tracer, options=()):
    """Trace fib on two CPUs (one on SH-4's single CPU) with tracer."""
    m.cmd(f"echo fib > {T}/set_ftrace_filter")
    m.cmd(f"echo {tracer} > {T}/current_tracer")
    for opt in options:
        assert m.cmd(f"echo {opt} > {T}/trace_options") == ""
    m.cmd(f"echo 1 > {T}/tracing_on")
    for cpu in range(min(m.smp, 2)):
        m.send(f"run fib 9 1 cpu={cpu}\r")
        m.expect(r"run: fib\(9\) = 34")
    m.cmd("")
    m.cmd(f"echo hello from the test > {T}/trace_marker")
    m.cmd(f"echo 0 > {T}/tracing_on")


def read_back(m, arch, tmp_path):
    """The kernel's text trace and trace-cmd report's text of the
    trace.dat made from the raw pages, as make trace makes it."""
    problems = []
    text = capture.read_text(m, f"{T}/trace")
    comms = capture.read_text(m, f"{T}/saved_cmdlines")
    raws = [capture.read_raw(m, c, problems.append)
            for c in range(capture.cpu_count(m))]
    dat = str(tmp_path / "trace.dat")
    build = build_dir(arch)
    capture.write_tracedat(dat, os.path.join(build, "kernel.elf"),
                           os.path.join(build, "kernel.sym"), raws, comms,
                           problems.append)
    assert problems == []
    r = subprocess.run(["trace-cmd", "report", "-t", "-R", dat],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    raw = r.stdout
    # The function plugin's view with each call's parent, not indented.
    r = subprocess.run(["trace-cmd", "report", "-t", "-O", "parent=1",
                        "-O", "indent=0", dat],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    # What trace-cmd says of events it cannot decode or that were lost
    # (tc_events then checks that every other line is an event).
    for out in (raw, r.stdout):
        assert not re.search(r"\[UNKNOWN|LOST EVENTS|FAILED", out), out
    return text, raw, r.stdout


def tc_events(report):
    """trace-cmd's events: (pid, cpu, ns, event name, the rest)."""
    out = []
    for line in report.splitlines():
        m = TC.match(line)
        if m:
            pid, cpu, s, ns, name, rest = m.groups()
            out.append((int(pid), int(cpu), int(s) * 10**9 + int(ns), name,
                        rest.strip()))
        else:
            assert re.fullmatch(r"cpus=\d+", line), line
    return out


def test_function_events_match(machine, arch, tmp_path):
    m = machine(arch)
    record(m, "function")
    text, _, report = read_back(m, arch, tmp_path)
    kernel = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        mk = K_FN.match(line)
        if mk:
            cpu, s, us, fn, parent = mk.groups()
            kernel.append((int(cpu), int(s) * 10**6 + int(us), fn, parent))
        else:  # the marker
            assert "tracing_mark_write: hello from the test" in line, line
    theirs, marks = [], 0
    for pid, cpu, ns, name, rest in tc_events(report):
        if name == "print":
            assert rest == "tracing_mark_write: hello from the test"
            marks += 1
            continue
        assert name == "function", (name, rest)
        fn, parent = re.fullmatch(r"(\S+) <-- (\S+)", rest).groups()
        # To the nearest microsecond, as both print it.
        theirs.append((cpu, (ns + 500) // 1000, fn, parent))
    assert marks == 1
    # fib(9) makes 109 calls of fib, on each of the CPUs it ran on.
    assert len(kernel) == 109 * min(m.smp, 2)
    assert Counter(theirs) == Counter(kernel)
    assert {c for c, *_ in kernel} == set(range(min(m.smp, 2)))


def graph_lines(raw):
    """The lines function_graph prints for trace-cmd's raw events: an
    entry whose CPU's next event is its return is one line "f();" (with
    the duration), else "f() {"; a return is "} /* f */"
    (funcgraph-tail); a marker is its text as a comment. Each line is
    (cpu, microseconds, call, duration in ns or None)."""
    per_cpu = {}
    for ev in tc_events(raw):
        per_cpu.setdefault(ev[1], []).append(ev)
    lines = []
    for cpu, evs in per_cpu.items():
        i = 0
        while i < len(evs):
            _, _, ns, name, rest = evs[i]
            f = dict(re.findall(r"(\w+)=(\S+)", rest))
            nxt = evs[i + 1] if i + 1 < len(evs) else None
            if name == "funcgraph_entry":
                g = dict(re.findall(r"(\w+)=(\S+)", nxt[4])) if nxt else {}
                if nxt and nxt[3] == "funcgraph_exit" and \
                        g["func"] == f["func"] and g["depth"] == f["depth"]:
                    dur = int(g["rettime"], 16) - int(g["calltime"], 16)
                    lines.append((cpu, ns // 1000, f"{f['func']}();", dur))
                    i += 2
                    continue
                lines.append((cpu, ns // 1000, f"{f['func']}() {{", None))
            elif name == "funcgraph_exit":
                dur = int(f["rettime"], 16) - int(f["calltime"], 16)
                lines.append((cpu, ns // 1000, f"}} /* {f['func']} */", dur))
            else:
                assert name == "print", name
                text = rest.split("buf=", 1)[1] if "buf=" in rest else rest
                lines.append((cpu, ns // 1000, f"/* {text.strip()} */",
                              None))
            i += 1
    return lines


def test_function_graph_events_match(machine, arch, tmp_path):
    m = machine(arch)
    record(m, "function_graph", ["funcgraph-abstime", "funcgraph-tail"])
    text, raw, report = read_back(m, arch, tmp_path)
    kernel = []
    for line in text.splitlines():
        mk = K_GRAPH.match(line)
        if not mk:
            assert line.startswith("#") or not line.strip() or \
                re.match(r" -+$| \d+\) .* => ", line), line
            continue
        s, us, cpu, dur, call = mk.groups()
        d = re.search(r"(\d+\.?\d*) us", dur)
        kernel.append((int(cpu), int(s) * 10**6 + int(us), call.strip(),
                       d.group(1) if d else None))
    theirs = graph_lines(raw)
    assert len(theirs) == len(kernel)
    key = lambda ln: ln[:3]  # noqa: E731
    assert Counter(map(key, theirs)) == Counter(map(key, kernel))
    # The durations: the kernel's, to its last printed digit. Lines of
    # one key come in the same order on both sides (a CPU's own order).
    durs = {}
    for ln in theirs:
        durs.setdefault(key(ln), []).append(ln[3])
    for ln in kernel:
        ns = durs[key(ln)].pop(0)
        if ln[3] is not None:
            digits = len(ln[3].partition(".")[2])
            assert abs(float(ln[3]) - ns / 1000) < 10**-digits, (ln, ns)
    # fib(9)'s 109 calls, every one an entry (and a return), per CPU.
    calls = sum(1 for ln in kernel if ln[2] in ("fib();", "fib() {"))
    assert calls == 109 * min(m.smp, 2)
    # trace-cmd's own function_graph view shows the same calls.
    assert len(re.findall(r"\| +fib\(\)[;{ ]", report)) == calls
