"""Ctrl-C while a console command runs: the command stops at once, says
what it completed, and the shell goes on."""
import re


def test_ctrl_c_ends_sleep(machine, arch):
    m = machine(arch)
    m.start("sleep 86400")
    out = m.interrupt(r"sleep: woke after \d+\.\d{3} of 86400 s")
    assert "^C" in out
    assert re.search(r"up \d+\.\d{3} seconds", m.cmd("uptime"))
    # The signal is gone with the command: the next one runs in full.
    assert m.cmd("sleep 0") == ""
    assert "usage: sleep SECONDS (0..86400)" in m.cmd("sleep 86401")
    assert "usage: sleep" in m.cmd("sleep 1 2")


def test_run_stop_is_prompt(machine, arch):
    """Every workload looks at the stop flag inside its unit of work: a
    day's sleep, a fib(40) and a huge spin all end at run stop."""
    m = machine(arch)
    m.cmd("run sleep 100000000 1")
    out = m.cmd("run stop", timeout=30)
    assert "all workloads stopped" in out
    assert re.search(r"run: sleep 0 x 100000000 ms took \d+ ms on cpu \d+, "
                     r"then stopped", out), out
    m.cmd("run fib 40 1")
    out = m.cmd("run stop", timeout=30)
    assert re.search(r"run: fib\(40\) stopped before its first result", out)
    m.cmd("run spin 100000000 1")
    out = m.cmd("run stop", timeout=30)
    total = int(re.search(r"run: spin total (\d+)", out).group(1))
    assert total < 100000000 * m.smp
    assert "0 workload threads running" in m.cmd("run")


def test_two_spins_count_apart(machine, arch):
    m = machine(arch)
    m.cmd("run spin 1000 0")
    m.send("run spin 10 1\r")
    m.expect(r"run: spin total (\d+) over (\d+) CPUs:(.*)\n", timeout=60)
    total, ncpu = int(m.p.match.group(1)), int(m.p.match.group(2))
    per = [int(x) for x in re.findall(r"cpu\d=(\d+)", m.p.match.group(3))]
    assert total == ncpu * 10 and per == [10] * ncpu
    out = m.cmd("run stop", timeout=30)
    r = re.search(r"run: spin total (\d+) over \d+ CPUs:(.*)", out)
    assert int(r.group(1)) == sum(int(x) for x in
                                  re.findall(r"cpu\d=(\d+)", r.group(2)))
