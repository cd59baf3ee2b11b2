"""`ftrace stress mix` on both arches: a workload on every CPU, the NMI
watchdog at its highest rate, and every change of tracing state in a seeded
mix (trace/ftrace_stress.c). Nothing traps, every site is a NOP again,
each CPU's buffer holds what its stats say, and the NMI handshake was at
work: on x86_64 both its counters move (the patcher waited for an NMI, an
NMI did the write); on SH-4, whose one CPU never finds an NMI running,
NMIs did the write.

make test runs a short form that keeps the patch method fixed; `make
stress` the long one (10,000 steps on x86_64, 2,000 on SH-4, through
FTK_STRESS_STEPS_X86 / _SH4) with x86_64's switches between stop_machine
and the breakpoint method in the mix too (FTK_STRESS_METHODS=1)."""
import os
import re

import pytest

from test_ftrace import census

BAD = ("Kernel panic", "Oops", "Unexpected", "trap", "ftrace bug",
       "WARNING", "failed")
STEPS = {"x86_64": int(os.environ.get("FTK_STRESS_STEPS_X86", "300")),
         "sh4": int(os.environ.get("FTK_STRESS_STEPS_SH4", "200"))}
SEED = int(os.environ.get("FTK_STRESS_SEED", "7"))
FIXED = "" if os.environ.get("FTK_STRESS_METHODS") == "1" else " fixed-method"
NMI_MAX_HZ = 20000  # arch/*/nmi.c: NMI_WATCHDOG_MAX_HZ, on both arches
SUMMARY = re.compile(r"ftrace stress: (\d+) mixed steps in \d+ ms .*"
                     r"nmi waits \+(\d+), nmi writes \+(\d+)")


def mix(m, arch, steps):
    """Run the mix beside the workloads; (output, nmi waits, writes)."""
    timeout = max(600, steps // 5)
    out = m.cmd(f"echo {NMI_MAX_HZ} > /proc/sys/kernel/nmi_watchdog")
    for cpu in range(m.smp):
        out += m.cmd(f"run fib 18 0 cpu={cpu}")
    out += m.cmd("run spin 50 0")
    run = m.cmd(f"ftrace stress mix {steps} {SEED}{FIXED}", timeout=timeout)
    out += run
    out += m.cmd("echo 0 > /proc/sys/kernel/nmi_watchdog")
    out += m.cmd("run stop", timeout=120)
    for b in BAD:
        assert b not in out, out
    mt = SUMMARY.search(run)
    assert mt and int(mt.group(1)) == steps, run
    assert "as their stats say" in run, run
    return run, int(mt.group(2)), int(mt.group(3))


@pytest.mark.parametrize("arch,smp", [("x86_64", 4), ("sh4", 1)])
def test_mix_under_load_and_nmis(machine, arch, smp):
    m = machine(arch, smp=smp, timeout=max(600, STEPS[arch] // 5))
    _, waits, writes = mix(m, arch, STEPS[arch])
    assert census(m)[1:] == (0, 0, 0)
    assert writes > 0
    if smp > 1:
        assert waits > 0
    # Put back as boot left it.
    assert m.cmd("cat /sys/kernel/tracing/current_tracer") == "nop\n"
    assert m.cmd("ftrace patch") == "ftrace patch: stop_machine\n"
    assert m.cmd("cat /proc/sys/kernel/ftrace_enabled") == "1\n"


@pytest.mark.parametrize("arch,smp", [("x86_64", 4), ("sh4", 1)])
def test_mix_in_record_mode(machine, arch, smp):
    # Sites come as they first run: the steps' globs may match nothing
    # yet (refused, as Linux refuses them), never a failure.
    m = machine(arch, smp=smp, append="ftrace=record",
                timeout=max(600, STEPS[arch] // 5))
    m.cmd("run fib 5 1 wait")
    # The recorder's thread converts what ran within a second or so.
    for _ in range(30):
        if "has no call site" not in m.cmd("ftrace site fib"):
            break
        m.cmd("sleep 1")
    mix(m, arch, max(STEPS[arch] // 3, 1))
    nop, calls, _, other = census(m)
    assert calls == 0 and other == 0 and nop > 0
