"""Boot tests of the return hook (trace/fgraph.c) on both architectures:
two graph users see exactly the entries and returns they asked for, with
return values intact and the depth limit counted; and with every function
hooked while workloads and the NMI watchdog run on every CPU, nothing
traps and each stack comes back balanced."""
import re

import pytest

from test_ftrace import ONE_PER_ARCH

BAD = ("Kernel panic", "written after it was freed", "Unexpected", "trap",
       "fgraph:")


def selftest(m):
    out = m.cmd("ftrace graph-selftest", timeout=120)
    assert re.search(r"fgraph: self-test PASSED \(\d+ checks\)", out), out
    return out


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_graph_selftest(machine, arch, smp):
    m = machine(arch, smp=smp)
    selftest(m)
    # Again: registration leaves nothing behind.
    selftest(m)
    out = m.cmd("ftrace stats")
    assert "registered ops: 0" in out, out


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_graph_every_function_under_load(machine, arch, smp):
    m = machine(arch, smp=smp, timeout=120)
    m.cmd("echo 2000 > /proc/sys/kernel/nmi_watchdog")
    for cpu in range(m.smp):
        m.cmd(f"run fib 15 0 cpu={cpu}")
    m.cmd("run sleep 1 0")
    out = selftest(m)
    out += m.cmd("run stop", timeout=120)
    m.cmd("echo 0 > /proc/sys/kernel/nmi_watchdog")
    # The workloads' results are still right: every hooked return
    # went back where it came from with its value.
    out += m.cmd("run fib 15 1 wait", timeout=300)
    assert "fib(15) = 610" in out, out
    for b in BAD:
        assert b not in out.replace("fgraph: self-test PASSED", ""), out
