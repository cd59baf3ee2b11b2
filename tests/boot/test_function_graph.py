"""Boot tests of the function_graph tracer on both architectures: the
recursive workload gives its exact call tree on every CPU, max_graph_depth
and set_graph_function limit it, set_graph_notrace hides a function and
all it calls, the files read and refuse as Linux's, the options give
Linux's headers, markers appear as comments, and nop switches it off."""
import re

import pytest

from test_ftrace import ONE_PER_ARCH, enabled

T = "/sys/kernel/tracing/"
HEADER = ("# CPU  DURATION                  FUNCTION CALLS\n"
          "# |     |   |                     |   |   |   |\n")
# " 1)   1.242 us    |    fib();" and " 1)               |  fib() {"
LINE = re.compile(r"^ (\d+)\) ([ +!#*@$] [\d.]+ us +| {14})\|  (.*)$")


def fib_tree(n, depth=0, max_depth=0):
    """The lines function_graph prints for fib(n), after the columns."""
    if max_depth and depth >= max_depth:
        return []
    pad = "  " * depth
    calls = [] if n < 2 else [n - 1, n - 2]
    inner = []
    for c in calls:
        inner += fib_tree(c, depth + 1, max_depth)
    if not inner:
        return [pad + "fib();"]
    return [pad + "fib() {"] + inner + [pad + "}"]


def only_fib(lines):
    """The lines with every call other than fib's left out: what an
    interrupt's tail (irq_exit's calls run in thread context) adds inside
    a fib. A fib whose only inner lines went becomes a leaf again."""
    out, skip = [], None
    for line in lines:
        depth = (len(line) - len(line.lstrip())) // 2
        body = line.strip()
        if skip is not None:
            if depth == skip and body.startswith("}"):
                skip = None
            continue
        if body.endswith("{") and not body.startswith("fib("):
            skip = depth
        elif body.endswith(";") and not body.startswith("fib("):
            pass
        elif body.startswith("}") and out and out[-1].endswith("fib() {") \
                and len(out[-1]) - len(out[-1].lstrip()) == 2 * depth:
            out[-1] = out[-1][:-len(" {")] + ";"
        else:
            out.append(line)
    return out


def graph_lines(text):
    """Per CPU, the function column of every event line (banners where a
    CPU changes threads left out)."""
    per_cpu = {}
    for line in text.splitlines():
        m = LINE.match(line)
        if m:
            per_cpu.setdefault(int(m.group(1)), []).append(m.group(3))
    return per_cpu


def sh(m, line):
    """What line printed, without the final newline."""
    return m.cmd(line).rstrip("\n")


def run_fib_everywhere(m, n):
    """fib(n) once on each CPU in turn. (One at a time: the reader of
    trace looks only a few events ahead for a CPU's next event, and a
    leaf whose return lies beyond that prints as "{" and "}".)"""
    for cpu in range(m.smp):
        m.cmd(f"run fib {n} 1 cpu={cpu} wait", timeout=300)


def start_graph(m, *setup):
    m.cmd(f"cd {T}")
    for s in setup:
        assert m.cmd(s) == "", s
    assert sh(m, "echo function_graph > current_tracer") == ""


def read_trace(m):
    m.cmd("echo 0 > tracing_on")
    out = m.cmd("cat trace", timeout=120)
    m.cmd("echo 1 > tracing_on")
    return out


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_fib_call_tree_on_every_cpu(machine, arch, smp):
    m = machine(arch, smp=smp)
    start_graph(m, "echo fib > set_graph_function",
                "echo 0 > options/funcgraph-irqs")
    run_fib_everywhere(m, 6)
    out = read_trace(m)
    assert out.startswith("# tracer: function_graph\n#\n" + HEADER), out
    per_cpu = graph_lines(out)
    assert sorted(per_cpu) == list(range(m.smp)), out
    for cpu, lines in per_cpu.items():
        # fib(6): 25 calls, 13 of them leaves, every brace closed.
        assert only_fib(lines) == fib_tree(6), (cpu, out)
    # A leaf's line carries its duration, an open call's none.
    for line in out.splitlines():
        m2 = LINE.match(line)
        if m2:
            has_time = "us" in m2.group(2)
            assert has_time == (not m2.group(3).endswith("{")), line
    m.cmd("echo nop > current_tracer")


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_set_ftrace_filter_selects_what_is_graphed(machine, arch, smp):
    # The example: only fib hooked, so the tree is fib's alone,
    # interrupts and all.
    m = machine(arch, smp=smp)
    start_graph(m, "echo fib > set_ftrace_filter")
    run_fib_everywhere(m, 5)
    per_cpu = graph_lines(read_trace(m))
    assert sorted(per_cpu) == list(range(m.smp)), per_cpu
    assert all(lines == fib_tree(5) for lines in per_cpu.values()), per_cpu


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_graph_beside_the_profiler(machine, arch, smp):
    # The tracer alone hooks calls with its own whole hook; with the
    # profiler on, both share each call's frame and the core's return
    # half runs, and the tracer's comes back when the profiler stops.
    # The tree stays exact through all three.
    m = machine(arch, smp=smp)
    start_graph(m, "echo fib > set_ftrace_filter")
    for profiling in ("1", "0"):
        assert sh(m, "echo > trace") == ""
        assert sh(m, f"echo {profiling} > function_profile_enabled") == ""
        run_fib_everywhere(m, 5)
        per_cpu = graph_lines(read_trace(m))
        assert sorted(per_cpu) == list(range(m.smp)), (profiling, per_cpu)
        assert all(lines == fib_tree(5) for lines in per_cpu.values()), \
            (profiling, per_cpu)
        if profiling == "1":
            hits = re.search(r"^  fib +(\d+) ",
                             m.cmd("cat trace_stat/function0"), re.M)
            assert hits and int(hits.group(1)) == 15, hits  # CPU 0's
    m.cmd("echo nop > current_tracer")


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_max_graph_depth_holds(machine, arch, smp):
    m = machine(arch, smp=smp)
    start_graph(m, "echo fib > set_graph_function",
                "echo 0 > options/funcgraph-irqs",
                "echo 3 > max_graph_depth")
    assert sh(m, "cat max_graph_depth") == "3"
    run_fib_everywhere(m, 7)
    per_cpu = graph_lines(read_trace(m))
    assert per_cpu and all(only_fib(lines) == fib_tree(7, max_depth=3)
                           for lines in per_cpu.values()), per_cpu
    # 0 is no limit again.
    m.cmd("echo 0 > max_graph_depth")
    m.cmd("echo > trace")
    run_fib_everywhere(m, 5)
    per_cpu = graph_lines(read_trace(m))
    assert all(only_fib(lines) == fib_tree(5)
               for lines in per_cpu.values()), per_cpu


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_set_graph_notrace_hides_a_subtree(machine, arch, smp):
    m = machine(arch, smp=smp)
    # Everything is traced (no set_graph_function), except fib and
    # whatever it calls.
    start_graph(m, "echo fib > set_graph_notrace")
    run_fib_everywhere(m, 8)
    out = read_trace(m)
    funcs = [l for ls in graph_lines(out).values() for l in ls]
    assert len(funcs) > 50, out
    assert not any(f.strip().startswith("fib(") for f in funcs), out
    assert any("fib_thread" in f for f in funcs), out


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_graph_files_read_and_refuse_as_linux(machine, arch, smp):
    m = machine(arch, smp=smp)
    m.cmd(f"cd {T}")
    assert sh(m, "cat max_graph_depth") == "0"
    assert sh(m, "cat set_graph_function") == \
        "#### all functions enabled ####"
    assert sh(m, "cat set_graph_notrace") == "#### no functions disabled ####"
    invalid = "sh: write error: Invalid argument"
    assert sh(m, "echo abc > max_graph_depth") == invalid
    assert sh(m, "echo -1 > max_graph_depth") == invalid
    assert sh(m, "cat max_graph_depth") == "0"
    assert sh(m, "echo fib > set_graph_function") == ""
    assert sh(m, "echo no_such_function_xyz >> set_graph_function") == \
        invalid
    assert sh(m, "cat set_graph_function") == "fib"
    assert sh(m, "echo 'spin_*' >> set_graph_function") == ""
    got = sh(m, "cat set_graph_function").splitlines()
    assert "fib" in got and len(got) > 1 and \
        all(g == "fib" or g.startswith("spin_") for g in got), got
    assert sh(m, "echo '!spin_*' >> set_graph_function") == ""
    assert sh(m, "cat set_graph_function") == "fib"
    # ">" empties the set at open, even when the write then fails.
    assert sh(m, "echo '[' > set_graph_function") == invalid
    assert sh(m, "cat set_graph_function") == \
        "#### all functions enabled ####"
    assert sh(m, "echo fib > set_graph_notrace") == ""
    assert sh(m, "cat set_graph_notrace") == "fib"
    assert sh(m, "echo > set_graph_notrace") == ""
    assert sh(m, "cat set_graph_notrace") == "#### no functions disabled ####"
    log = m.cmd("cat error_log")
    assert "max_graph_depth" in log and "set_graph_function" in log, log


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_graph_options_headers_and_markers(machine, arch, smp):
    m = machine(arch, smp=smp)
    start_graph(m, "echo fib > set_graph_function",
                "echo 0 > options/funcgraph-irqs")
    opts = m.cmd("cat trace_options").splitlines()
    for o in ("funcgraph-cpu", "funcgraph-overhead", "funcgraph-duration",
              "funcgraph-irqs", "nofuncgraph-proc", "nofuncgraph-abstime",
              "nofuncgraph-tail"):
        want = o if o != "funcgraph-irqs" else "nofuncgraph-irqs"
        assert want in opts, opts
    m.cmd("echo funcgraph-proc > trace_options")
    m.cmd("echo funcgraph-abstime > trace_options")
    m.cmd("echo start-marker > trace_marker")
    m.cmd("run fib 2 1 cpu=0 wait", timeout=300)
    out = read_trace(m)
    assert ("#     TIME        CPU  TASK/PID         DURATION         "
            "         FUNCTION CALLS\n"
            "#      |          |     |    |           |   |           "
            "          |   |   |   |\n") in out, out
    assert re.search(r"^ +\d+\.\d{6} \|   0\) +fib-\d+ +\| +\| {2}fib\(\) "
                     r"\{$", out, re.M), out
    assert re.search(r"\|   0\) +[\w/<>.-]+-\d+ +\| +\| {2}/\* start-marker "
                     r"\*/$", out, re.M), out
    m.cmd("echo nofuncgraph-proc > trace_options")
    m.cmd("echo nofuncgraph-abstime > trace_options")
    m.cmd("echo 1 > options/funcgraph-tail")
    out = read_trace(m)
    assert re.search(r"^ 0\) .*\|  \} /\* fib \*/$", out, re.M), out
    assert "nofuncgraph-proc" in m.cmd("cat trace_options")


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_graph_back_to_nop(machine, arch, smp):
    m = machine(arch, smp=smp)
    start_graph(m)
    assert len(enabled(m)) > 50
    assert sh(m, "echo nop > current_tracer") == ""
    assert enabled(m) == {}
    out = m.cmd("ftrace stats")
    assert "registered ops: 0" in out, out
    # The return hook is free again: its self-test takes both users.
    out = m.cmd("ftrace graph-selftest", timeout=120)
    assert "self-test PASSED" in out, out
