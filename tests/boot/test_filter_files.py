"""set_ftrace_filter and set_ftrace_notrace on both arches: every read,
write and error as Linux 6.1 answers them, globs that select what
fnmatch selects from available_filter_functions, notrace winning over
the filter, the traceon/traceoff commands with Linux's counts, and
enabled_functions' columns."""
import fnmatch
import re

from conftest import WRITE_EINVAL

T = "/sys/kernel/tracing"
ALL = "#### all functions enabled ####\n"
NONE = "#### no functions disabled ####\n"
WRITE_ENODEV = "sh: write error: No such device\n"


def avail(m):
    return m.cmd("cat available_filter_functions").split()


def matching(m, pat):
    """What pat selects, in the file's (address) order."""
    return [f for f in avail(m) if fnmatch.fnmatchcase(f, pat)]


def enabled(m):
    return m.cmd("cat enabled_functions").splitlines()


def entries(m):
    out = m.cmd("cat trace", timeout=120)
    return int(re.search(r"entries-in-buffer/entries-written: (\d+)/",
                         out).group(1))


def run_fib(m, n):
    """fib(n) once, waited for: 2 * fib(n + 1) - 1 calls of fib."""
    m.send(f"run fib {n} 1\r")
    m.expect(rf"run: fib\({n}\) = \d+, 1 times", timeout=120)


def test_filter_reads_writes_and_errors_as_linux(machine, arch):
    m = machine(arch)
    m.cmd(f"cd {T}")
    assert m.cmd("cat set_ftrace_filter") == ALL
    assert m.cmd("cat set_ftrace_notrace") == NONE
    assert m.cmd("echo no_such_function_xyz > set_ftrace_filter") == \
        WRITE_EINVAL
    assert m.cmd("cat set_ftrace_filter") == ALL
    assert m.cmd("echo fib > set_ftrace_filter") == ""
    assert m.cmd("cat set_ftrace_filter") == "fib\n"
    # >> adds, several globs a write, each function once.
    assert m.cmd("echo spin_thread >> set_ftrace_filter") == ""
    assert m.cmd("echo 'fi? spin_*' >> set_ftrace_filter") == ""
    want = [f for f in avail(m) if f == "fib" or f.startswith("spin_")]
    assert m.cmd("cat set_ftrace_filter").split() == want
    assert m.cmd("echo '!spin_*' >> set_ftrace_filter") == ""
    assert m.cmd("cat set_ftrace_filter") == "fib\n"
    # The commands, read back after the functions as Linux writes them.
    assert m.cmd("echo 'fib:traceoff:3' >> set_ftrace_filter") == ""
    assert m.cmd("cat set_ftrace_filter") == "fib\nfib:traceoff:count=3\n"
    # The plain traceoff is not the counted one: not there.
    assert m.cmd("echo '!fib:traceoff' >> set_ftrace_filter") == \
        WRITE_ENODEV
    assert m.cmd("cat set_ftrace_filter") == "fib\nfib:traceoff:count=3\n"
    assert m.cmd("echo 'fib:traceon' >> set_ftrace_filter") == ""
    assert m.cmd("cat set_ftrace_filter") == \
        "fib\nfib:traceon:unlimited\nfib:traceoff:count=3\n"
    assert m.cmd("echo '!fib:traceon' >> set_ftrace_filter") == ""
    assert m.cmd("echo 'fib:bogus_cmd' >> set_ftrace_filter") == \
        WRITE_EINVAL
    # ">" empties the set at open, even though the write then fails;
    # the triggers stay.
    assert m.cmd("echo '[' > set_ftrace_filter") == WRITE_EINVAL
    assert m.cmd("cat set_ftrace_filter") == ALL + "fib:traceoff:count=3\n"
    assert m.cmd("echo > set_ftrace_filter") == ""
    assert m.cmd("cat set_ftrace_filter") == ALL + "fib:traceoff:count=3\n"
    # A write is taken whole or not at all.
    assert m.cmd("echo 'fib spin_thread' > set_ftrace_filter") == ""
    assert m.cmd("echo 'spin_start nosuch' >> set_ftrace_filter") == \
        WRITE_EINVAL
    assert m.cmd("echo 'spin_start !nosuch' >> set_ftrace_filter") == \
        WRITE_EINVAL
    assert m.cmd("echo 'spin_start fib:traceon:x' >> set_ftrace_filter") \
        == WRITE_EINVAL
    assert m.cmd("echo '!fib:traceoff:1' >> set_ftrace_filter") == ""
    assert m.cmd("cat set_ftrace_filter") == "fib\nspin_thread\n"
    assert m.cmd("echo '!fib:traceoff:1' >> set_ftrace_filter") == \
        WRITE_ENODEV
    # set_ftrace_notrace: the same words, no commands.
    assert m.cmd("echo spin_thread > set_ftrace_notrace") == ""
    assert m.cmd("cat set_ftrace_notrace") == "spin_thread\n"
    assert m.cmd("echo 'fib:traceon' >> set_ftrace_notrace") == \
        WRITE_EINVAL
    assert m.cmd("cat set_ftrace_notrace") == "spin_thread\n"
    assert m.cmd("echo > set_ftrace_notrace") == ""
    assert m.cmd("cat set_ftrace_notrace") == NONE
    # One error_log entry per refusal, the caret under the bad word.
    log = m.cmd("cat error_log").splitlines()
    assert len(log) == 3 * 9, log
    assert re.fullmatch(r"\[ +\d+\.\d{6}\] set_ftrace_filter: error: "
                        r"no function matches", log[0])
    assert log[1:3] == ["  Command: no_such_function_xyz", "           ^"]
    assert log[3].endswith("set_ftrace_filter: error: no such trigger")
    assert log[7:9] == ["  Command: fib:bogus_cmd", "               ^"]
    assert log[10:12] == ["  Command: [", "           ^"]
    assert log[13:15] == ["  Command: spin_start nosuch",
                          "                      ^"]
    assert log[19:21] == ["  Command: spin_start fib:traceon:x",
                          "                                  ^"]
    assert log[-3].endswith("set_ftrace_notrace: error: "
                            "commands work only in set_ftrace_filter")


def test_globs_select_what_fnmatch_selects(machine, arch):
    m = machine(arch)
    m.cmd(f"cd {T}")
    for pat in ["spin_*", "*_thread", "fi?", "[fs]*[dt]", "*i*b*", "*"]:
        want = matching(m, pat)
        assert want, pat
        assert m.cmd(f"echo '{pat}' > set_ftrace_filter") == ""
        assert m.cmd("cat set_ftrace_filter", timeout=120).split() == \
            want, pat
        assert m.cmd(f"echo '{pat}' > set_ftrace_notrace") == ""
        assert m.cmd("cat set_ftrace_notrace", timeout=120).split() == \
            want, pat
    assert m.cmd("echo > set_ftrace_notrace") == ""
    # Notrace wins over the filter: what the function tracer hooks.
    assert m.cmd("echo 'spin_* fib' > set_ftrace_filter") == ""
    assert m.cmd("echo 'spin_thread spin_c*' > set_ftrace_notrace") == ""
    assert m.cmd("echo function > current_tracer") == ""
    want = [f for f in matching(m, "spin_*") + ["fib"]
            if f != "spin_thread" and not f.startswith("spin_c")]
    got = [line.split()[0] for line in enabled(m)]
    assert sorted(got) == sorted(want)
    # Changing the sets while the tracer runs re-patches.
    assert m.cmd("echo > set_ftrace_notrace") == ""
    got = [line.split()[0] for line in enabled(m)]
    assert sorted(got) == sorted(matching(m, "spin_*") + ["fib"])
    assert m.cmd("echo nop > current_tracer") == ""
    assert enabled(m) == []


def test_enabled_functions_columns(machine, arch):
    m = machine(arch)
    m.cmd(f"cd {T}")
    target = r"       ->{}\+0x0/0x[0-9a-f]+"
    # A trigger alone goes through the list function, as Linux's probes.
    assert m.cmd("echo 'fib:traceon' > set_ftrace_filter") == ""
    assert re.fullmatch(r"fib \(1\)" + target.format("ftrace_ops_list_func"),
                        m.cmd("cat enabled_functions").rstrip("\n"))
    assert m.cmd("echo fib > set_ftrace_filter") == ""
    assert m.cmd("echo function > current_tracer") == ""
    assert re.fullmatch(r"fib \(2\)" + target.format("ftrace_ops_list_func"),
                        m.cmd("cat enabled_functions").rstrip("\n"))
    # The function tracer alone: ftrace_caller calls its callback.
    assert m.cmd("echo '!fib:traceon' >> set_ftrace_filter") == ""
    assert re.fullmatch(r"fib \(1\)" + target.format("function_trace_call"),
                        m.cmd("cat enabled_functions").rstrip("\n"))
    assert m.cmd("echo nop > current_tracer") == ""
    assert m.cmd("cat enabled_functions") == ""


def test_traceoff_counts_only_the_switches(machine, arch):
    m = machine(arch, timeout=120)
    m.cmd(f"cd {T}")
    assert m.cmd("echo fib > set_ftrace_filter") == ""
    assert m.cmd("echo 'fib:traceoff:2' >> set_ftrace_filter") == ""
    assert m.cmd("echo function > current_tracer") == ""
    run_fib(m, 3)
    assert m.cmd("cat tracing_on") == "0\n"
    assert "fib:traceoff:count=1\n" in m.cmd("cat set_ftrace_filter")
    n1 = entries(m)
    assert n1 >= 1
    # Off already: nothing switches, nothing counts, the trace stops.
    run_fib(m, 3)
    assert "fib:traceoff:count=1\n" in m.cmd("cat set_ftrace_filter")
    assert entries(m) == n1
    assert m.cmd("echo 1 > tracing_on") == ""
    run_fib(m, 3)
    assert m.cmd("cat tracing_on") == "0\n"
    assert "fib:traceoff:count=0\n" in m.cmd("cat set_ftrace_filter")
    n2 = entries(m)
    assert n2 > n1
    # Spent: tracing stays on and every call of fib(3) is recorded.
    assert m.cmd("echo 1 > tracing_on") == ""
    run_fib(m, 3)
    assert m.cmd("cat tracing_on") == "1\n"
    assert entries(m) == n2 + 5
    # traceon switches back on, unlimited.
    assert m.cmd("echo 'fib:traceon' >> set_ftrace_filter") == ""
    assert m.cmd("echo 0 > tracing_on") == ""
    run_fib(m, 3)
    assert m.cmd("cat tracing_on") == "1\n"
    assert m.cmd("cat set_ftrace_filter") == \
        "fib\nfib:traceon:unlimited\nfib:traceoff:count=0\n"
    assert m.cmd("echo nop > current_tracer") == ""
