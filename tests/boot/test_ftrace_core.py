"""Boot tests of the trace core's corners, on both architectures: record
mode under load, the global switch keeping who wants what, passes that did
not run, faults in record mode, failed registration, recursion per context
and the boot option table."""
import re
import time

import pytest

from test_ftrace import (NL, ONE_PER_ARCH, TRACING, census, enabled,
                         is_disabled, is_enabled, site, stats)

BAD = ("Kernel panic", "written after it was freed", "Unexpected", "trap")


def assert_clean(text):
    for b in BAD:
        assert b not in text, text


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_record_mode_under_load(machine, arch, smp):
    # The recorder's table starts tiny and doubles often while every CPU
    # hammers unconverted sites: a table freed under a thread still
    # inside the recorder would be written after its free (poisoned, and
    # checked when its memory is handed out again below).
    m = machine(arch, smp=smp, append="ftrace=record ftrace_record_slots=4",
                timeout=120)
    for cpu in range(m.smp):
        m.cmd(f"run fib 16 0 cpu={cpu}")
        m.cmd(f"run fib 14 0 cpu={cpu}")
    m.cmd("run spin 50 0")
    m.expect("steady state", timeout=120)
    out = m.p.before
    assert "stopped" in m.cmd("run stop", timeout=120)
    grew = re.findall(r"(\d+) slots\)", out + m.cmd("ftrace stats"))
    assert grew and max(int(g) for g in grew) > 2, grew
    # Hand freed memory out again, of every size the tables had.
    out += m.cmd("ftrace stress ops 50 fib spin_*", timeout=120)
    out += m.cmd("ftrace count *")
    out += m.cmd("ftrace count off")
    assert_clean(out)
    assert census(m)[1:] == (0, 0, 0)


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_ftrace_enabled_keeps_who_wants_what(machine, arch, smp):
    m = machine(arch, smp=smp)
    sw = "/proc/sys/kernel/ftrace_enabled"
    m.cmd("ftrace count fib")
    m.cmd(f"echo 0 > {sw}")
    out = m.cmd("ftrace site fib")
    # Off for all, but the ops that asked for fib still counts.
    assert "state: disabled, wanted by 1 ops" in out, out
    m.cmd(f"echo 1 > {sw}")
    assert is_enabled(m, "fib")
    assert enabled(m) == {"fib": "1"}
    m.cmd("ftrace count off")


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_no_timing_for_a_pass_that_did_not_run(machine, arch, smp):
    m = machine(arch, smp=smp)
    passes = int(re.search(r"totals: (\d+) passes", stats(m)).group(1))
    m.cmd("echo 0 > /proc/sys/kernel/ftrace_enabled")
    # Nothing to patch while the switch is off: no pass, so no figures.
    out = m.cmd("ftrace count fib")
    assert "counting 1 functions (no call site needed changing)" in out
    assert int(re.search(r"totals: (\d+) passes",
                         stats(m)).group(1)) == passes
    assert "no call site needed changing" in m.cmd("ftrace count off")
    m.cmd("echo 1 > /proc/sys/kernel/ftrace_enabled")


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_record_mode_damage_is_reported(machine, arch, smp):
    m = machine(arch, smp=smp, append="ftrace=record ftrace_damage=fib")
    assert "damaged the call site of fib" in m.boot_log
    m.send("run fib 10 1\r")
    m.expect(r"ftrace failed to modify \[<[0-9a-f]+>\] fib\+0x[0-9a-f]+/"
             r"0x[0-9a-f]+" + NL + r"actual:   [0-9a-f:]+" + NL +
             r"expected: [0-9a-f:]+", timeout=30)
    m.expect("steady state", timeout=60)
    assert site(m, "fib")[0] == "FAILED"
    assert "matches no traceable function" in m.cmd("ftrace count fib")


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_record_mode_failwrite_is_reported(machine, arch, smp):
    m = machine(arch, smp=smp, append="ftrace=record ftrace_failwrite=fib")
    assert "writes to the text of fib will fail" in m.boot_log
    m.send("run fib 10 1\r")
    m.expect(r"ftrace faulted on writing \(-EPERM\) \[<[0-9a-f]+>\] "
             r"fib\+0x[0-9a-f]+/0x[0-9a-f]+" + NL +
             r"Initializing ftrace call sites", timeout=30)
    m.expect("steady state", timeout=60)
    assert site(m, "fib")[0] == "FAILED"


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_failed_registration_leaves_nothing(machine, arch, smp):
    # The call inside ftrace_caller (at its label ftrace_call) cannot be
    # written: registering must fail whole, leaving no ops on the list
    # and no site enabled.
    m = machine(arch, smp=smp, append="ftrace_failwrite=ftrace_call")
    n = census(m)[0]
    out = m.cmd("ftrace count fib spin_*")
    assert "patching an assembly call site failed" in out, out
    assert "ftrace count: Operation not permitted" in out, out
    assert "registered ops: 0" in stats(m)
    assert census(m) == (n, 0, 0, 0)
    assert is_disabled(m, "fib")
    assert enabled(m) == {}
    assert "not counting" in m.cmd("ftrace count off")


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_interrupts_and_nmis_are_traced_inside_the_list_function(
        machine, arch, smp):
    # A dynamic ops goes through the list function. The NMI watchdog's
    # traced work and the timer tick land while threads are inside it;
    # with one recursion guard per CPU they would be lost as "recursion".
    m = machine(arch, smp=smp, timeout=120)
    m.cmd("echo 500 > /proc/sys/kernel/nmi_watchdog")
    m.cmd("ftrace count fib nmi_watchdog_check sched_tick")
    m.send("run fib 18 2\r")
    m.expect(r"run: fib\(18\) = 2584, 2 times", timeout=120)
    m.cmd("echo 0 > /proc/sys/kernel/nmi_watchdog")
    counts = dict(re.findall(r"^\s+(\S+)\s+(\d+)$", m.cmd("ftrace count"),
                             re.M))
    m.cmd("ftrace count off")
    assert int(counts["fib"]) == 2 * 8361, counts
    assert int(counts["nmi_watchdog_check"]) > 0, counts
    assert int(counts["sched_tick"]) > 0, counts
    assert "list function: 0 calls skipped as recursion" in stats(m)


def test_boot_options_are_checked(machine, arch):
    m = machine(arch, append="nosuch=1 ftrace_selftest=2 ftrace_selftest=1")
    log = m.boot_log
    assert "boot: unknown option 'nosuch=1' ignored" in log
    assert re.search(r"boot: ftrace_selftest=2: bad value ignored \(1: ", log)
    assert "self-test PASSED" in log


def test_empty_filter_refused(machine, arch):
    m = machine(arch)
    for globs in ("'!fib'", "fib '!fib'", "'!*'"):
        out = m.cmd(f"ftrace count {globs}")
        assert "leaves no function selected" in out and "refused" in out
    assert "leaves no function selected" in m.cmd(
        "ftrace stress toggle 1 '!*'")
    assert census(m)[1:] == (0, 0, 0)
    assert "not counting" in m.cmd("ftrace count off")
    long = "f" * 200 + "*"
    assert "matches no traceable function" in m.cmd(f"ftrace count {long}")
    longer = "f" * 300
    assert "longer than the 255 characters" in m.cmd(
        f"ftrace count {longer}")


@pytest.mark.parametrize("what", ["toggle", "ops"])
def test_stress_stops_at_ctrl_c(machine, arch, what):
    m = machine(arch, timeout=120)
    line = f"ftrace stress {what} 1000000 fib"
    m.send(line + "\r")
    # Typed and echoed whole: the command runs when Ctrl-C comes.
    m.p.expect_exact(line[-8:], timeout=30)
    time.sleep(2)
    m.p.send("\x03")
    m.expect(r"\^C\r*\nftrace stress: stopped after \d+ of 1000000", timeout=30)
    m.wait_prompt(timeout=30)
    assert census(m)[1:] == (0, 0, 0)
    assert "registered ops: 0" in stats(m)
