"""Boot tests of dynamic ftrace: conversion at boot, patching from the
console, the global switch, record mode, NMI stress, fault switches."""
import fnmatch
import os
import re
import subprocess

import pytest

from conftest import ROOT

TRACING = "/sys/kernel/tracing"
NOP = {"x86_64": "0f 1f 44 00 00"}


def build_site_count(arch):
    """Call sites in the linked image, counted from its disassembly."""
    asm = os.path.join(ROOT, "build", arch, "kernel.asm")
    with open(asm) as f:
        text = f.read()
    if arch == "x86_64":
        return len(re.findall(r"\tcall\s+[0-9a-f]+ <mcount>", text))
    raise NotImplementedError(arch)


def stats(m):
    return m.cmd("ftrace stats")


def census(m):
    s = re.search(r"site bytes now: (\d+) NOP, (\d+) call ftrace_caller, "
                  r"(\d+) call mcount, (\d+) other", stats(m))
    return tuple(int(x) for x in s.groups())


def site(m, func):
    out = m.cmd(f"ftrace site {func}")
    st = re.search(r"state: ([^,]+),", out)
    by = re.search(r"bytes: ([0-9a-f ]+?)  (.*)", out)
    assert st and by, out
    return st.group(1), by.group(1), by.group(2)


def functions(m):
    return m.cmd(f"cat {TRACING}/available_filter_functions").split()


def enabled(m):
    out = m.cmd(f"cat {TRACING}/enabled_functions")
    return dict(re.findall(r"^(\S+) \((\d+)\)", out, re.M))


@pytest.mark.parametrize("smp", [1, 4])
def test_boot_conversion(machine, smp):
    m = machine("x86_64", smp=smp, append="ftrace_selftest=1")
    log = m.boot_log
    n = int(re.search(r"converted (\d+) call sites in \d+ us \(0 failed\)",
                      log).group(1))
    assert n == build_site_count("x86_64")
    assert re.search(r"allocating \d+ entries in \d+ pages", log)
    assert "self-test PASSED" in log
    assert census(m) == (n, 0, 0, 0)
    info = m.cmd(f"cat {TRACING}/dyn_ftrace_total_info")
    assert info.startswith(f"{n} pages:")
    assert len(functions(m)) == n
    state, by, what = site(m, "fib")
    assert state == "disabled" and by == NOP["x86_64"] and "NOP" in what


@pytest.mark.parametrize("smp", [1, 4])
def test_count_glob_patches_exactly_the_matches(machine, smp):
    m = machine("x86_64", smp=smp)
    names = functions(m)
    globs = ["spin_*", "fib", "*_wait", "sched_t?ck"]
    want = sorted({n for n in names for g in globs if fnmatch.fnmatch(n, g)})
    out = m.cmd("ftrace count " + " ".join(globs))
    assert f"counting {len(want)} functions" in out
    en = enabled(m)
    assert sorted(en) == want and set(en.values()) == {"1"}
    for f in want:
        state, by, what = site(m, f)
        assert state == "enabled" and what.startswith("call ftrace_caller")
    assert site(m, "cmd_ps")[1] == NOP["x86_64"]
    assert census(m)[1] == len(want)
    m.send("run fib 12 4\r")
    m.expect(r"run: fib\(12\) = 144, 4 times")
    counts = dict(re.findall(r"^\s+(\S+)\s+(\d+)$", m.cmd("ftrace count"),
                             re.M))
    assert int(counts["fib"]) == 4 * 465
    assert int(counts["sched_tick"]) > 0
    assert "off" in m.cmd("ftrace count off")
    assert enabled(m) == {}
    assert census(m)[1:] == (0, 0, 0)
    assert site(m, "fib")[0] == "disabled"


def test_ftrace_enabled_round_trip(machine):
    m = machine("x86_64", smp=4)
    m.cmd("ftrace count fib spin_critical")
    sw = "/proc/sys/kernel/ftrace_enabled"
    assert m.cmd(f"cat {sw}").strip() == "1"
    m.cmd(f"echo 0 > {sw}")
    assert m.cmd(f"cat {sw}").strip() == "0"
    assert enabled(m) == {} and census(m)[1] == 0
    assert "registered ops: 1" in stats(m)
    m.cmd("run fib 10 2")
    m.cmd(f"echo 1 > {sw}")
    assert sorted(enabled(m)) == ["fib", "spin_critical"]
    assert site(m, "fib")[2].startswith("call ftrace_caller")
    # Bad values change nothing.
    assert "expected a number" in m.cmd(f"echo 2 > {sw}")
    assert "expected a number" in m.cmd(f"echo yes > {sw}")
    assert m.cmd(f"cat {sw}").strip() == "1"
    m.cmd("ftrace count off")


def test_bad_ftrace_input(machine):
    m = machine("x86_64", smp=1)
    assert "no function named" in m.cmd("ftrace site nosuch")
    assert "no call site" in m.cmd("ftrace site kstrtoull")
    assert "matches no traceable" in m.cmd("ftrace count nosuch_*")
    assert "malformed glob" in m.cmd("ftrace count 'fib[ab'")
    assert "not counting" in m.cmd("ftrace count")
    assert "usage" in m.cmd("ftrace frob")
    assert "bad count" in m.cmd("ftrace stress toggle 0")
    assert "usage" in m.cmd("nmi 99")
    assert "expected a number" in m.cmd(
        "echo fast > /proc/sys/kernel/nmi_watchdog")
    assert "beyond" in m.cmd("echo 99999 > /proc/sys/kernel/nmi_watchdog")
    assert m.cmd("cat /proc/sys/kernel/nmi_watchdog").strip() == "0"
    assert enabled(m) == {} and census(m)[1:] == (0, 0, 0)


def test_nmi_ipi(machine):
    m = machine("x86_64", smp=4)
    m.cmd("nmi all")
    m.cmd("nmi 2")
    nmis = [int(x) for x in re.findall(r"nmis (\d+)", m.cmd("cpus"))]
    assert nmis[0] >= 1 and nmis[1] >= 1 and nmis[2] >= 2


def test_record_mode_settles(machine):
    m = machine("x86_64", smp=4, append="ftrace=record")
    assert "record mode" in m.boot_log
    m.send("run fib 12 50\r")
    m.expect(r"run: fib\(12\) = 144")
    m.expect("steady state", timeout=30)
    s = stats(m)
    assert re.search(r"record mode: recorded \d+, skipped \d+, converted "
                     r"\d+ in \d+ passes, \d+ slots, steady", s)
    state, by, what = site(m, "fib")
    assert state == "disabled" and by == NOP["x86_64"]
    nop, caller, mc, other = census(m)
    assert mc == 0 and other == 0 and nop > 0
    # Tracing works the same once the sites are recorded.
    m.cmd("ftrace count fib")
    m.send("run fib 12 1\r")
    m.expect(r"run: fib\(12\)")
    assert re.search(r"fib\s+465", m.cmd("ftrace count"))


def test_nmi_stress_2000_passes(machine):
    m = machine("x86_64", smp=4, timeout=600)
    m.cmd("echo 5000 > /proc/sys/kernel/nmi_watchdog")
    m.cmd("run fib 18 0")
    m.cmd("run spin 50 0")
    out = m.cmd("ftrace stress toggle 2000 fib spin_critical nmi_watchdog_*",
                timeout=600)
    r = re.search(r"2000 enable/disable passes .* nmi waits \+(\d+), "
                  r"nmi writes \+(\d+)", out)
    assert r, out
    m.cmd("echo 0 > /proc/sys/kernel/nmi_watchdog")
    assert "stopped" in m.cmd("run stop", timeout=120)
    info = m.cmd(f"cat {TRACING}/dyn_ftrace_total_info")
    waits = int(re.search(r"nmi_wait_count: (\d+)", info).group(1))
    writes = int(re.search(r"nmi_update_count: (\d+)", info).group(1))
    assert waits > 0 and writes > 0, info
    assert census(m)[1:] == (0, 0, 0)
    assert "Kernel panic" not in m.p.before


def test_dynamic_ops_1000_cycles(machine):
    m = machine("x86_64", smp=4, timeout=600)
    m.cmd("run fib 18 0")
    m.cmd("run spin 50 0")
    out = m.cmd("ftrace stress ops 1000 fib spin_critical", timeout=600)
    assert re.search(r"1000 register/unregister/free cycles", out), out
    assert "stopped" in m.cmd("run stop", timeout=120)
    assert enabled(m) == {}


def test_damaged_site_reported(machine):
    m = machine("x86_64", smp=4, append="ftrace_damage=fib")
    log = m.boot_log
    r = re.search(r"FAILED call site fib\+0x[0-9a-f]+/0x[0-9a-f]+ .*"
                  r"expected \[e8 [0-9a-f ]+\] found \[e8 [0-9a-f ]+\]", log)
    assert r, log
    assert re.search(r"converted \d+ call sites in \d+ us \(1 failed\)", log)
    assert site(m, "fib")[0] == "FAILED"
    assert "fib" not in functions(m)
    assert "matches no traceable" in m.cmd("ftrace count fib")
    out = m.cmd("ftrace count spin_*")
    assert "counting" in out
    assert site(m, "spin_critical")[0] == "enabled"
    m.cmd("ftrace count off")
    assert site(m, "fib")[0] == "FAILED"


def test_failing_write_reported(machine):
    m = machine("x86_64", smp=4, append="ftrace_failwrite=spin_critical")
    m.cmd("ftrace count spin_*")
    m.send("\r")
    m.wait_prompt()
    out = m.p.before + m.cmd("ftrace stats")
    assert re.search(r"FAILED call site spin_critical\+0x[0-9a-f]+/.*write "
                     r"to kernel text failed \(-EPERM\)", m.boot_log + out) \
        or "failed" in out
    assert site(m, "spin_critical")[0] == "FAILED"
    assert site(m, "spin_thread")[0] == "enabled"
    assert "1 failed" in stats(m)
    m.cmd("ftrace count off")
    assert site(m, "spin_thread")[0] == "disabled"
