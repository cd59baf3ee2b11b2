"""The function profiler on both arches: function_profile_enabled and
trace_stat/functionN in Linux's columns, hit counts equal to the calls
the workload is known to make, whatever the current tracer, and the
figures kept after it stops."""
import re

from conftest import WRITE_EINVAL

T = "/sys/kernel/tracing"
HEADER = ("  Function                               Hit    Time            "
          "Avg             s^2\n"
          "  --------                               ---    ----            "
          "---             ---\n")
ROW = re.compile(r"^  (\S.{29})  +(\d+)    (\d+(?:\.\d+)?) us +"
                 r"(\d+(?:\.\d+)?) us +(\d+(?:\.\d+)?) us *$")


def stat_rows(m, cpu=0):
    out = m.cmd(f"cat {T}/trace_stat/function{cpu}", timeout=120)
    assert out.startswith(HEADER), out
    rows = {}
    for line in out[len(HEADER):].splitlines():
        mt = ROW.match(line)
        assert mt, line
        rows[mt.group(1).strip()] = (int(mt.group(2)), float(mt.group(3)))
    return rows


def fib_calls(n):
    a, b = 0, 1  # calls(n) = 2 fib(n + 1) - 1
    for _ in range(n + 1):
        a, b = b, a + b
    return 2 * a - 1


def profile_fib(m, n):
    assert m.cmd(f"echo 1 > {T}/function_profile_enabled") == ""
    m.send(f"run fib {n} 1 cpu=0\r")
    m.expect(rf"run: fib\({n}\) = \d+", timeout=120)
    m.cmd("")
    assert m.cmd(f"echo 0 > {T}/function_profile_enabled") == ""
    return stat_rows(m)


def test_profiler_counts_the_calls(machine, arch):
    m = machine(arch)
    assert m.cmd(f"cat {T}/function_profile_enabled") == "0\n"
    assert m.cmd(f"cat {T}/trace_stat/function0") == HEADER
    rows = profile_fib(m, 12)
    assert rows["fib"][0] == fib_calls(12)
    assert rows["fib_thread"][0] == 1
    # Sorted by time, the longest first; a caller takes longer than fib
    # itself, which it waits for.
    times = [t for _, t in rows.values()]
    assert times == sorted(times, reverse=True)
    # Stopped: the figures stay, and nothing more is counted.
    m.send("run fib 5 1 cpu=0\r")
    m.expect(r"run: fib\(5\) = 5")
    m.cmd("")
    assert stat_rows(m)["fib"][0] == fib_calls(12)
    # Started again: afresh.
    rows = profile_fib(m, 8)
    assert rows["fib"][0] == fib_calls(8)


def test_profiler_beside_any_tracer(machine, arch):
    m = machine(arch)
    for tracer in m.cmd(f"cat {T}/available_tracers").split():
        assert m.cmd(f"echo {tracer} > {T}/current_tracer") == ""
        rows = profile_fib(m, 10)
        assert rows["fib"][0] == fib_calls(10), tracer
        assert m.cmd(f"echo nop > {T}/current_tracer") == ""
    assert m.cmd(f"echo x > {T}/function_profile_enabled") == WRITE_EINVAL
    assert m.cmd(f"cat {T}/function_profile_enabled") == "0\n"
