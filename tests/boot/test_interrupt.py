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


def test_ctrl_c_ends_run_stop(machine, arch):
    """run stop waits on a wait queue for a fib(40) that takes many
    seconds; Ctrl-C ends the wait, and the stop request stands."""
    m = machine(arch)
    assert "started fib" in m.cmd("run fib 40 1")
    m.start("run stop")
    out = m.interrupt(r"run stop: 0 of 1 workload threads stopped, "
                      r"the rest are stopping")
    assert "^C" in out
    assert "still stopping" in m.cmd("run fib 10 1")
    assert "1 workload threads running" in m.cmd("run")
