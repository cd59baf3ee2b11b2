"""The trace core's tracefs files on both arches: what a fresh kernel
answers (the same text as Linux 6.1 where the file is the same), the
tracer switch, tracing_on, the trace and trace_pipe reads, markers,
options, buffer sizes, stats, tracing_cpumask and set_ftrace_pid, and one
errno and one error_log entry for every bad write."""
import re

from conftest import WRITE_EINVAL

T = "/sys/kernel/tracing"

LAT_HEADER = """\
#                                _-----=> irqs-off/BH-disabled
#                               / _----=> need-resched
#                              | / _---=> hardirq/softirq
#                              || / _--=> preempt-depth
#                              ||| / _-=> migrate-disable
#                              |||| /     delay
#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION
#              | |         |   |||||     |         |
"""

OPTIONS = """\
print-parent
nosym-offset
nosym-addr
context-info
record-cmd
overwrite
irq-info
markers
function-trace
"""

# TASK-PID, [CPU], the five flag columns, the time, then the event.
EVENT = re.compile(r"^ {0,15}(\S{1,16})-(\d+) {1,7} \[(\d{3})\] "
                   r"([.d][.n][.hHzZs][.\da-f]\.) +(\d+)\.(\d{6}): (.*)$")


def ncpus(arch):
    return 4 if arch == "x86_64" else 1


def header(tracer, entries, written, cpus):
    return (f"# tracer: {tracer}\n#\n"
            f"# entries-in-buffer/entries-written: {entries}/{written}"
            f"   #P:{cpus}\n#\n" + LAT_HEADER)


def events(out):
    return [line for line in out.splitlines() if not line.startswith("#")]


def test_fresh_kernel_answers_like_linux(machine, arch):
    m = machine(arch)
    n = ncpus(arch)
    m.cmd(f"cd {T}")
    assert m.cmd("cat current_tracer") == "nop\n"
    assert m.cmd("cat tracing_on") == "1\n"
    assert m.cmd("cat buffer_size_kb") == "7 (expanded: 1408)\n"
    assert m.cmd("cat per_cpu/cpu0/buffer_size_kb") == \
        "7 (expanded: 1408)\n"
    assert m.cmd("cat buffer_total_size_kb") == \
        f"{7 * n} (expanded: {1408 * n})\n"
    assert m.cmd("cat trace_options") == OPTIONS
    assert m.cmd("cat trace_clock") == "[local]\n"
    assert m.cmd("cat tracing_cpumask") == "%x\n" % ((1 << n) - 1)
    assert m.cmd("cat set_ftrace_pid") == "no pid\n"
    assert m.cmd("cat error_log") == ""
    assert m.cmd("cat trace") == header("nop", 0, 0, n)
    assert m.cmd("cat per_cpu/cpu0/trace") == header("nop", 0, 0, n)
    stats = m.cmd("cat per_cpu/cpu0/stats").splitlines()
    assert [s.split(":")[0] for s in stats] == [
        "entries", "overrun", "commit overrun", "bytes",
        "oldest event ts", "now ts", "dropped events", "read events"]
    assert re.fullmatch(r"now ts: +\d+\.\d{6}", stats[5])
    opts = m.cmd("ls options").split()
    for line in OPTIONS.split():
        name = line[2:] if line.startswith("no") else line
        assert name in opts
        want = "0\n" if line.startswith("no") else "1\n"
        assert m.cmd(f"cat options/{name}") == want, name


def test_every_tracer_selects_and_goes_back_to_nop(machine, arch):
    m = machine(arch)
    m.cmd(f"cd {T}")
    tracers = m.cmd("cat available_tracers").split()
    assert tracers[-1] == "nop" and "function" in tracers
    for t in tracers:
        assert m.cmd(f"echo {t} > current_tracer") == ""
        assert m.cmd("cat current_tracer") == f"{t}\n"
        assert m.cmd("echo nop > current_tracer") == ""
        assert m.cmd("cat current_tracer") == "nop\n"
    # A tracer grows the buffers to their working size: 1408 KiB in
    # whole pages of data (4080 or 4084 bytes each).
    assert int(m.cmd("cat buffer_size_kb")) in range(1408, 1412)


def test_bad_writes_change_nothing_and_say_where(machine, arch):
    m = machine(arch)
    m.cmd(f"cd {T}")
    assert m.cmd("echo bogus_tracer > current_tracer") == WRITE_EINVAL
    assert m.cmd("cat current_tracer") == "nop\n"
    for f, v in [("tracing_on", "abc"), ("buffer_size_kb", "abc"),
                 ("buffer_size_kb", "-5"), ("buffer_size_kb", "0"),
                 ("trace_options", "bogus"), ("trace_options", "nobogus"),
                 ("trace_clock", "bogus"), ("options/overwrite", "2"),
                 ("tracing_cpumask", "xyz"), ("set_ftrace_pid", "1 x")]:
        assert m.cmd(f"echo {v} > {f}") == WRITE_EINVAL, (f, v)
    assert m.cmd("cat tracing_on") == "1\n"
    assert m.cmd("cat buffer_size_kb") == "7 (expanded: 1408)\n"
    assert m.cmd("cat trace_options") == OPTIONS
    assert m.cmd("cat set_ftrace_pid") == "no pid\n"
    log = m.cmd("cat error_log").splitlines()
    assert len(log) == 3 * 11
    assert re.fullmatch(r"\[ +\d+\.\d{6}\] current_tracer: error: "
                        r"no such tracer", log[0])
    assert log[1:3] == ["  Command: bogus_tracer", "           ^"]
    # The caret sits under the bad token: "x" in "1 x".
    assert log[-2:] == ["  Command: 1 x", "             ^"]
    assert m.cmd("echo > error_log") == ""
    assert m.cmd("cat error_log") == ""
    # 2 is on, as on Linux.
    assert m.cmd("echo 2 > tracing_on") == ""
    assert m.cmd("cat tracing_on") == "1\n"


def test_markers_in_order_and_tracing_on(machine, arch):
    m = machine(arch)
    m.cmd(f"cd {T}")
    for i in range(5):
        assert m.cmd(f"echo mark-{i} > trace_marker") == ""
    out = m.cmd("cat trace")
    ev = events(out)
    assert out.startswith(header("nop", 5, 5, ncpus(arch)))
    assert len(ev) == 5
    for i, line in enumerate(ev):
        mt = EVENT.match(line)
        assert mt, line
        assert mt.group(1) == "shell"
        assert mt.group(7) == f"tracing_mark_write: mark-{i}"
    times = [int(EVENT.match(x).group(5) + EVENT.match(x).group(6))
             for x in ev]
    assert times == sorted(times)
    # tracing_on 0: the buffer takes nothing, so the write fails as Linux's.
    assert m.cmd("echo 0 > tracing_on") == ""
    assert m.cmd("echo lost > trace_marker") == \
        "sh: write error: Bad file descriptor\n"
    assert m.cmd("echo 1 > tracing_on") == ""
    # markers off: EINVAL.
    assert m.cmd("echo 0 > options/markers") == ""
    assert m.cmd("echo lost > trace_marker") == WRITE_EINVAL
    assert m.cmd("echo 1 > options/markers") == ""
    assert "lost" not in m.cmd("cat trace")
    # echo > trace empties it.
    assert m.cmd("echo > trace") == ""
    assert events(m.cmd("cat trace")) == []


def test_trace_pipe_consumes_and_waits(machine, arch):
    m = machine(arch)
    m.cmd(f"cd {T}")
    for i in range(3):
        m.cmd(f"echo pipe-{i} > trace_marker")
    m.start("cat trace_pipe")
    m.expect("pipe-2")
    # It waits for more, and what comes meanwhile is shown too; Ctrl-C
    # ends it.
    out = m.interrupt("\n")
    lines = [x for x in out.splitlines() if "tracing_mark_write" in x]
    assert len(lines) <= 3
    # Consumed: trace shows none of them; stats count them as read.
    assert events(m.cmd("cat trace")) == []
    stats = m.cmd("cat per_cpu/cpu0/stats")
    assert "entries: 0\n" in stats
    read = sum(int(re.search(r"read events: (\d+)",
                             m.cmd(f"cat per_cpu/cpu{c}/stats")).group(1))
               for c in range(ncpus(arch)))
    assert read == 3


def test_function_tracer_output_and_options(machine, arch):
    m = machine(arch)
    m.cmd(f"cd {T}")
    assert m.cmd("echo 8 > buffer_size_kb") == ""
    assert m.cmd("echo function > current_tracer") == ""
    m.cmd("run fib 10 1 wait", timeout=120)
    assert m.cmd("echo 0 > tracing_on") == ""
    out = m.cmd("cat trace", timeout=120)
    ev = events(out)
    assert ev, out
    for line in ev:
        mt = EVENT.match(line)
        assert mt, line
        assert re.fullmatch(r"[\w.]+( <-[\w.]+)?", mt.group(7)) or \
            mt.group(7).startswith("tracing_mark_write: "), line
    # Entries and written in the header agree with the stats.
    mt = re.search(r"entries-written: (\d+)/(\d+)", out)
    entries = written = 0
    for c in range(ncpus(arch)):
        st = m.cmd(f"cat per_cpu/cpu{c}/stats")
        e, o = (int(re.search(f"^{k}: (\\d+)", st, re.M).group(1))
                for k in ("entries", "overrun"))
        entries += e
        written += e + o
    assert (int(mt.group(1)), int(mt.group(2))) == (entries, written)
    assert int(mt.group(1)) == len(ev)
    # sym-offset, noprint-parent, noirq-info change the columns.
    m.cmd("echo 1 > options/sym-offset")
    m.cmd("echo noprint-parent > trace_options")
    m.cmd("echo noirq-info > trace_options")
    out = m.cmd("cat per_cpu/cpu0/trace", timeout=120)
    assert "#           TASK-PID     CPU#     TIMESTAMP  FUNCTION\n" in out
    for line in events(out):
        assert re.fullmatch(r" {0,15}\S+-\d+ +\[000\] +\d+\.\d{6}: "
                            r"[\w.]+\+0x[0-9a-f]+/0x[0-9a-f]+", line), line
    # A switch clears the buffer.
    assert m.cmd("echo nop > current_tracer") == ""
    assert events(m.cmd("cat trace")) == []
    assert m.cmd("echo 1 > tracing_on") == ""


def test_flags_columns_show_the_context(machine, arch):
    # fib runs in a thread with interrupts on; sched_tick in the timer's
    # hardirq with them off: the irqs-off and hardirq columns say so.
    m = machine(arch)
    m.cmd(f"cd {T}")
    assert m.cmd("echo fib sched_tick > set_ftrace_filter") == ""
    assert m.cmd("echo function > current_tracer") == ""
    m.cmd("run fib 12 1 wait", timeout=120)
    assert m.cmd("echo 0 > tracing_on") == ""
    seen = set()
    for line in events(m.cmd("cat trace", timeout=120)):
        mt = EVENT.match(line)
        assert mt, line
        flags, func = mt.group(4), mt.group(7).split()[0]
        want = {"fib": ".", "sched_tick": "d"}[func]
        assert flags[0] == want, line
        assert flags[2] == {"fib": ".", "sched_tick": "h"}[func], line
        seen.add(func)
    assert seen == {"fib", "sched_tick"}
    assert m.cmd("echo nop > current_tracer") == ""
    assert m.cmd("echo > set_ftrace_filter") == ""
    assert m.cmd("echo 1 > tracing_on") == ""


def test_cpumask_and_pid_select_events(machine, arch):
    m = machine(arch)
    m.cmd(f"cd {T}")
    ps = m.cmd("ps")
    shell_tid = re.search(r"^\s*(\d+)\s.*\bshell\b", ps, re.M).group(1)
    assert m.cmd("echo 8 > buffer_size_kb") == ""
    assert m.cmd(f"echo {shell_tid} > set_ftrace_pid") == ""
    assert m.cmd("cat set_ftrace_pid") == f"{shell_tid}\n"
    assert m.cmd("echo function > current_tracer") == ""
    m.cmd("ls")
    assert m.cmd("echo 0 > tracing_on") == ""
    ev = events(m.cmd("cat trace", timeout=120))
    assert ev
    for line in ev:
        mt = EVENT.match(line)
        assert mt and mt.group(2) == shell_tid, line
    assert m.cmd("echo > set_ftrace_pid") == ""
    assert m.cmd("cat set_ftrace_pid") == "no pid\n"
    assert m.cmd("echo nop > current_tracer") == ""
    assert m.cmd("echo 1 > tracing_on") == ""
    # tracing_cpumask 0: no CPU records, markers included.
    assert m.cmd("echo 0 > tracing_cpumask") == ""
    assert m.cmd("echo x > trace_marker") == \
        "sh: write error: Bad file descriptor\n"
    assert m.cmd("echo 1 > tracing_cpumask") == ""
    assert m.cmd("cat tracing_cpumask") == "1\n"
