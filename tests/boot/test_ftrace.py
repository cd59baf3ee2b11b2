"""Boot tests of dynamic ftrace, on both architectures: conversion at boot,
patching from the console, the global switch, record mode, NMI stress,
dynamic-ops churn and the fault switches."""
import fnmatch
import glob
import os
import re
import subprocess
import time

import pytest

from conftest import ROOT, WRITE_EINVAL, build_dir

TRACING = "/sys/kernel/tracing"
# What `ftrace site` says a disabled site is, per arch (sh4: the literal
# style, or the bra style).
DISABLED = {"x86_64": ("NOP",),
            "sh4": ("jump to the next instruction", "bra to the pop")}
# Machines to run a test on: (arch, CPUs).
MACHINES = [("x86_64", 1), ("x86_64", 4), ("sh4", 1)]
ONE_PER_ARCH = [("x86_64", 4), ("sh4", 1)]


def recordmcount_total(arch):
    """Call sites in the objects before linking, by recordmcount --count."""
    tool = os.path.join(ROOT, "build", "host", "recordmcount")
    total = 0
    for obj in glob.glob(os.path.join(build_dir(arch), "**", "*.o.pg"),
                         recursive=True):
        out = subprocess.run([tool, "--count", obj], capture_output=True,
                             text=True, check=True).stdout
        total += int(out.split()[0])
    return total


# A function whose first five instructions are one-byte NOPs: a site of
# the PATCHABLE build as gcc left it.
PAD_ENTRY = re.compile(r"^[0-9a-f]+ <[^>]+>:\n(?:\s+[0-9a-f]+:\t90 +\tnop\n){5}",
                       re.M)


def build_site_count(arch):
    """Call sites in the linked image, counted independently of the
    kernel: calls to mcount, or entry pads, in the disassembly (x86), or
    the objects' mcount relocations (sh4, where a site is a data word)."""
    if arch == "x86_64":
        with open(os.path.join(build_dir(arch), "kernel.asm")) as f:
            asm = f.read()
        return (len(re.findall(r"\tcall\s+[0-9a-f]+ <mcount>", asm)) +
                len(PAD_ENTRY.findall(asm)))
    return recordmcount_total(arch)


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


def is_disabled(m, func):
    state, _, what = site(m, func)
    return state == "disabled" and any(d in what for d in DISABLED[m.arch])


def is_enabled(m, func):
    state, _, what = site(m, func)
    return state == "enabled" and "ftrace_caller+0x0/" in what


def functions(m):
    return m.cmd(f"cat {TRACING}/available_filter_functions").split()


def enabled(m):
    out = m.cmd(f"cat {TRACING}/enabled_functions")
    return dict(re.findall(r"^(\S+) \((\d+)\)", out, re.M))


def info(m):
    out = m.cmd(f"cat {TRACING}/dyn_ftrace_total_info")
    return (int(re.search(r"nmi_wait_count: (\d+)", out).group(1)),
            int(re.search(r"nmi_update_count: (\d+)", out).group(1)))


@pytest.mark.parametrize("arch,smp", MACHINES)
def test_boot_conversion(machine, arch, smp):
    m = machine(arch, smp=smp, append="ftrace_selftest=1")
    log = m.boot_log
    n = int(re.search(r"converted (\d+) call sites in \d+ us \(0 failed\)",
                      log).group(1))
    assert n == build_site_count(arch)
    assert re.search(r"allocating \d+ entries in \d+ pages", log)
    assert "self-test PASSED" in log
    assert census(m) == (n, 0, 0, 0)
    assert m.cmd(f"cat {TRACING}/dyn_ftrace_total_info").startswith(
        f"{n} pages:")
    assert len(functions(m)) == n
    assert is_disabled(m, "fib")


# Between two lines of the kernel log: the end of one, the next's time.
# A report that comes while the prompt shows (record mode's thread prints
# on its own) has the prompt drawn again after each line and erased
# before the next (kernel/printk.c).
NL = r"\r*\n(?:ftk:\S*\$ \r\x1b\[K)?\[\s*\d+\.\d+\]\s+"


def symbol(arch, name):
    syms = open(os.path.join(build_dir(arch), "kernel.sym")).read()
    return int(re.search(rf"^([0-9a-f]+) [0-9a-f]+ T {name}$", syms,
                         re.M).group(1), 16)


def test_sh_site_is_a_literal_word(machine):
    m = machine("sh4", append="ftrace_sh=literal")
    assert "switch by their literal word (ftrace_sh=literal)" in m.boot_log
    state, by, what = site(m, "fib")
    addr = int(re.search(r"at 0x([0-9a-f]+)", m.cmd("ftrace site fib"))
               .group(1), 16)
    word = int.from_bytes(bytes.fromhex(by), "little")
    # Disabled: the word holds the address just after itself.
    assert state == "disabled" and word == addr + 4
    m.cmd("ftrace count fib")
    state, by, what = site(m, "fib")
    caller = re.search(r"ftrace_caller", what)
    assert state == "enabled" and caller
    syms = open(os.path.join(ROOT, "build", "sh4", "kernel.sym")).read()
    fc = int(re.search(r"^([0-9a-f]+) [0-9a-f]+ T ftrace_caller$", syms,
                       re.M).group(1), 16)
    assert int.from_bytes(bytes.fromhex(by), "little") == fc
    m.cmd("ftrace count off")
    assert is_disabled(m, "fib")


# ---- sh4: the two ways of switching a site (ftrace_sh=literal|bra) ----

SH_STYLES = ["literal", "bra"]
STS_PR = 0x4f22                 # sts.l pr,@-r15


def pg_sequences():
    """{function: (first instruction, literal)} for every -pg sequence in
    the sh4 disassembly: a mov.l into r1 of a literal holding mcount."""
    seqs, func = {}, None
    with open(os.path.join(ROOT, "build", "sh4", "kernel.asm")) as f:
        for line in f:
            m = re.match(r"([0-9a-f]{8}) <(.+)>:$", line)
            if m:
                func = m.group(2)
                continue
            m = re.match(r"([0-9a-f]{8}):\t[0-9a-f]{2} d1 +\tmov\.l\t"
                         r"([0-9a-f]{8}) <.*>,r1\t! [0-9a-f]+ <mcount>", line)
            if m and func not in seqs:
                seqs[func] = (int(m.group(1), 16), int(m.group(2), 16))
    return seqs


def bra_site(m, func):
    """State, record ip, patch address, first instruction, push, what."""
    out = m.cmd(f"ftrace site {func}")
    ip = int(re.search(r" at 0x([0-9a-f]+)$", out, re.M).group(1), 16)
    pa = int(re.search(r"patched at: \S+ \(0x([0-9a-f]+)\)", out).group(1),
             16)
    state, by, what = site(m, func)
    b = bytes.fromhex(by)
    return (state, ip, pa, int.from_bytes(b[:2], "little"),
            int.from_bytes(b[2:], "little"), what)


def bra_goes_to(pc, insn):
    """Where a bra at pc branches, or None if insn is no bra."""
    if insn >> 12 != 0xa:
        return None
    disp = (insn & 0xfff) - (0x1000 if insn & 0x800 else 0)
    return pc + 4 + disp * 2


def movl_r1_loads(pc, insn):
    """The address a mov.l @(disp,pc),r1 at pc loads, or None."""
    if insn >> 8 != 0xd1:
        return None
    return (pc & ~3) + 4 + (insn & 0xff) * 4


@pytest.mark.parametrize("style", SH_STYLES)
def test_sh4_style_boot_conversion(machine, style):
    m = machine("sh4", append=f"ftrace_sh={style} ftrace_selftest=1")
    log = m.boot_log
    assert f"(ftrace_sh={style})" in log
    n = int(re.search(r"converted (\d+) call sites in \d+ us \(0 failed\)",
                      log).group(1))
    assert n == build_site_count("sh4")
    assert "self-test PASSED" in log
    assert census(m) == (n, 0, 0, 0)
    assert is_disabled(m, "fib")


def test_sh4_default_style_is_bra(machine):
    m = machine("sh4", append="ftrace_sh=jump")
    assert "boot: ftrace_sh=jump: bad value ignored" in m.boot_log
    assert "(ftrace_sh=bra)" in m.boot_log
    assert "bra to the pop" in site(m, "fib")[2]


def test_sh4_bra_site_is_the_first_instruction(machine):
    m = machine("sh4", append="ftrace_sh=bra")
    caller = symbol("sh4", "ftrace_caller")
    seqs = pg_sequences()
    traceable = set(functions(m))
    # fib, and one function of each layout gcc emits: the first
    # instruction 12 bytes before the literal (with the alignment nop)
    # or 10 (without; only where functions are not 4-byte aligned, which
    # -O2 does).
    gaps = {lit - first for f, (first, lit) in seqs.items()
            if f in traceable}
    assert gaps and gaps <= {10, 12}, gaps
    picks = {"fib"}
    for gap in gaps:
        picks.add(min(f for f, (first, lit) in seqs.items()
                      if lit - first == gap and f in traceable))
    for func in sorted(picks):
        first, lit = seqs[func]
        state, ip, pa, insn, push, what = bra_site(m, func)
        # Disabled: the push in the delay slot, the branch to the pop.
        assert (state, ip, pa, push) == ("disabled", lit, first, STS_PR), func
        assert bra_goes_to(pa, insn) == lit + 4, (func, hex(insn))
        assert "bra to the pop" in what
        m.cmd(f"ftrace count {func}")
        # Enabled: the compiler's mov.l again, its literal ftrace_caller.
        state, ip, pa, insn, push, what = bra_site(m, func)
        assert (state, pa, push) == ("enabled", first, STS_PR), func
        assert movl_r1_loads(pa, insn) == lit, (func, hex(insn))
        assert int(re.search(r"literal 0x([0-9a-f]+)", what).group(1),
                   16) == caller
        assert is_enabled(m, func)
        m.cmd("ftrace count off")
        assert is_disabled(m, func)
    assert census(m)[1:] == (0, 0, 0)


@pytest.mark.parametrize("style", SH_STYLES)
def test_sh4_style_count_glob(machine, style):
    m = machine("sh4", append=f"ftrace_sh={style}")
    names = functions(m)
    globs = ["spin_*", "fib", "sched_t?ck"]
    want = sorted({n for n in names for g in globs if fnmatch.fnmatch(n, g)})
    out = m.cmd("ftrace count " + " ".join(globs))
    assert f"counting {len(want)} functions" in out
    for f in want:
        assert is_enabled(m, f), f
    assert census(m)[1] == len(want)
    m.send("run fib 12 4\r")
    m.expect(r"run: fib\(12\) = 144, 4 times")
    counts = dict(re.findall(r"^\s+(\S+)\s+(\d+)$", m.cmd("ftrace count"),
                             re.M))
    assert int(counts["fib"]) == 1860
    assert int(counts["sched_tick"]) > 0
    m.cmd("ftrace count off")
    assert census(m) == (len(names), 0, 0, 0)


@pytest.mark.parametrize("style", SH_STYLES)
def test_sh4_style_damage_detected(machine, style):
    m = machine("sh4", append=f"ftrace_sh={style} ftrace_damage=fib")
    log = m.boot_log
    r = re.search(r"ftrace failed to modify \[<[0-9a-f]+>\] "
                  r"fib\+0x[0-9a-f]+/0x[0-9a-f]+" + NL +
                  r"actual:   ([0-9a-f:]+)" + NL +
                  r"expected: ([0-9a-f:]+)", log)
    assert r, log
    # Both styles check the literal: mcount expected, ftrace_stub found.
    found, exp = (int.from_bytes(bytes.fromhex(x.replace(":", "")), "little")
                  for x in r.groups())
    assert (exp, found) == (symbol("sh4", "mcount"),
                            symbol("sh4", "ftrace_stub"))
    assert re.search(r"converted \d+ call sites in \d+ us \(1 failed\)", log)
    state, by, what = site(m, "fib")
    assert state == "FAILED" and "ftrace_stub" in what
    if style == "bra":
        # Left alone: still the compiler's mov.l, not a bra.
        assert bytes.fromhex(by)[1] == 0xd1
    # The damage is a harmless jump to a stub: fib still runs.
    m.send("run fib 12 1\r")
    m.expect(r"run: fib\(12\) = 144")
    assert "matches no traceable" in m.cmd("ftrace count fib")
    assert "counting" in m.cmd("ftrace count spin_*")
    assert is_enabled(m, "spin_critical")
    m.cmd("ftrace count off")
    assert is_disabled(m, "spin_critical")


@pytest.mark.parametrize("style", SH_STYLES)
def test_sh4_style_record_mode(machine, style):
    m = machine("sh4", append=f"ftrace_sh={style} ftrace=record")
    m.send("run fib 12 50\r")
    m.expect(r"run: fib\(12\) = 144")
    m.expect("steady state", timeout=30)
    nop, caller, mc, other = census(m)
    assert nop > 0 and (caller, mc, other) == (0, 0, 0)
    assert is_disabled(m, "fib")
    m.cmd("ftrace count fib")
    assert is_enabled(m, "fib")
    m.send("run fib 12 1\r")
    m.expect(r"run: fib\(12\)")
    assert re.search(r"fib\s+465", m.cmd("ftrace count"))
    m.cmd("ftrace count off")
    assert is_disabled(m, "fib")


@pytest.mark.parametrize("arch,smp", MACHINES)
def test_count_glob_patches_exactly_the_matches(machine, arch, smp):
    m = machine(arch, smp=smp)
    names = functions(m)
    globs = ["spin_*", "fib", "*_wait", "sched_t?ck"]
    want = sorted({n for n in names for g in globs if fnmatch.fnmatch(n, g)})
    out = m.cmd("ftrace count " + " ".join(globs))
    assert f"counting {len(want)} functions" in out
    en = enabled(m)
    assert sorted(en) == want and set(en.values()) == {"1"}
    for f in want:
        assert is_enabled(m, f), f
    assert is_disabled(m, "cmd_ps")
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
    assert is_disabled(m, "fib")


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_ftrace_enabled_round_trip(machine, arch, smp):
    m = machine(arch, smp=smp)
    m.cmd("ftrace count fib spin_critical")
    sw = "/proc/sys/kernel/ftrace_enabled"
    assert m.cmd(f"cat {sw}").strip() == "1"
    m.cmd(f"echo 0 > {sw}")
    assert m.cmd(f"cat {sw}").strip() == "0"
    assert enabled(m) == {} and census(m)[1] == 0
    assert is_disabled(m, "fib")
    assert "registered ops: 1" in stats(m)
    m.cmd(f"echo 1 > {sw}")
    assert sorted(enabled(m)) == ["fib", "spin_critical"]
    assert is_enabled(m, "fib")
    # Bad values change nothing; the shell says only what the errno says.
    assert m.cmd(f"echo 2 > {sw}") == WRITE_EINVAL
    assert m.cmd(f"echo yes > {sw}") == WRITE_EINVAL
    assert m.cmd(f"cat {sw}").strip() == "1"
    m.cmd("ftrace count off")
    assert is_disabled(m, "fib")


@pytest.mark.parametrize("arch", ["x86_64", "sh4"])
def test_bad_ftrace_input(machine, arch):
    m = machine(arch, smp=1)
    assert "no function named" in m.cmd("ftrace site nosuch")
    assert "no call site" in m.cmd("ftrace site kstrtoull")
    assert "matches no traceable" in m.cmd("ftrace count nosuch_*")
    assert "malformed glob" in m.cmd("ftrace count 'fib[ab'")
    assert "not counting" in m.cmd("ftrace count")
    assert "usage" in m.cmd("ftrace frob")
    assert "bad count" in m.cmd("ftrace stress toggle 0")
    assert "usage" in m.cmd("nmi 99")
    wd = "/proc/sys/kernel/nmi_watchdog"
    assert m.cmd(f"echo fast > {wd}") == WRITE_EINVAL
    assert m.cmd(f"echo 100001 > {wd}") == WRITE_EINVAL
    assert m.cmd(f"cat {wd}").strip() == "0"
    assert enabled(m) == {} and census(m)[1:] == (0, 0, 0)


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_nmi_arrives_with_interrupts_off(machine, arch, smp):
    m = machine(arch, smp=smp)
    out = m.cmd("nmi irqsoff")
    assert re.search(r"arrived on cpu \d+ with interrupts off \(0 ticks",
                     out), out
    m.cmd("nmi all")
    nmis = [int(x) for x in re.findall(r"nmis (\d+)", m.cmd("cpus"))]
    assert len(nmis) == smp and all(n >= 1 for n in nmis)


def test_nmi_ipi_to_one_cpu(machine):
    m = machine("x86_64", smp=4)
    m.cmd("nmi 2")
    m.cmd("nmi 2")
    # The IPI is on its way when the command returns: a busy host may
    # not have run that virtual CPU yet. Two NMIs sent before the first
    # is taken may merge into one, as on real hardware.
    for _ in range(50):
        nmis = [int(x) for x in re.findall(r"nmis (\d+)", m.cmd("cpus"))]
        if nmis[2] >= 1:
            break
        time.sleep(0.1)
    assert nmis[2] >= 1 and nmis[1] == 0, nmis


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_record_mode_settles(machine, arch, smp):
    m = machine(arch, smp=smp, append="ftrace=record")
    assert "record mode" in m.boot_log
    m.send("run fib 12 50\r")
    m.expect(r"run: fib\(12\) = 144")
    m.expect("steady state", timeout=30)
    s = stats(m)
    assert re.search(r"record mode: recorded \d+, skipped \d+, converted "
                     r"\d+ in \d+ passes, \d+ slots, steady", s)
    assert is_disabled(m, "fib")
    nop, caller, mc, other = census(m)
    assert mc == 0 and other == 0 and nop > 0
    # Tracing works the same once the sites are recorded.
    m.cmd("ftrace count fib")
    m.send("run fib 12 1\r")
    m.expect(r"run: fib\(12\)")
    assert re.search(r"fib\s+465", m.cmd("ftrace count"))


@pytest.mark.parametrize("arch,smp,rate", [("x86_64", 4, 5000),
                                           ("sh4", 1, 2000)])
def test_nmi_stress_2000_passes(machine, arch, smp, rate):
    m = machine(arch, smp=smp, timeout=600)
    assert m.cmd(f"echo {rate} > /proc/sys/kernel/nmi_watchdog") == ""
    m.cmd("run fib 18 0")
    m.cmd("run spin 50 0")
    out = m.cmd("ftrace stress toggle 2000 fib spin_critical nmi_watchdog_*",
                timeout=600)
    assert re.search(r"2000 enable/disable passes .* nmi waits \+(\d+), "
                     r"nmi writes \+(\d+)", out), out
    m.cmd("echo 0 > /proc/sys/kernel/nmi_watchdog")
    assert "stopped" in m.cmd("run stop", timeout=120)
    waits, writes = info(m)
    if smp > 1:
        assert waits > 0 and writes > 0, (waits, writes)
    else:
        # One CPU: an NMI always runs to its end before the patcher gets
        # the CPU back, so the patcher can never find one running.
        assert waits == 0 and writes > 0, (waits, writes)
    assert census(m)[1:] == (0, 0, 0)
    nmis = [int(x) for x in re.findall(r"nmis (\d+)", m.cmd("cpus"))]
    assert all(n > 100 for n in nmis)


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_dynamic_ops_1000_cycles(machine, arch, smp):
    m = machine(arch, smp=smp, timeout=600)
    m.cmd("run fib 18 0")
    m.cmd("run spin 50 0")
    out = m.cmd("ftrace stress ops 1000 fib spin_critical", timeout=600)
    assert re.search(r"1000 register/unregister/free cycles", out), out
    assert "stopped" in m.cmd("run stop", timeout=120)
    assert enabled(m) == {}


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_damaged_site_reported(machine, arch, smp):
    m = machine(arch, smp=smp, append="ftrace_damage=fib")
    log = m.boot_log
    r = re.search(r"-+\[ ftrace bug \]-+" + NL +
                  r"ftrace failed to modify \[<[0-9a-f]+>\] "
                  r"fib\+0x[0-9a-f]+/0x[0-9a-f]+" + NL +
                  r"actual:   [0-9a-f]{2}(:[0-9a-f]{2})+" + NL +
                  r"expected: [0-9a-f]{2}(:[0-9a-f]{2})+" + NL +
                  r"Initializing ftrace call sites" + NL +
                  r"ftrace record flags: [0-9a-f]+" + NL + r"\(0\) F" + NL +
                  r"ftrace: fib's call site is marked FAILED and left alone; "
                  r"tracing goes on", log)
    assert r, log
    assert re.search(r"converted \d+ call sites in \d+ us \(1 failed\)", log)
    assert site(m, "fib")[0] == "FAILED"
    assert "fib" not in functions(m)
    assert "matches no traceable" in m.cmd("ftrace count fib")
    assert "counting" in m.cmd("ftrace count spin_*")
    assert is_enabled(m, "spin_critical")
    m.cmd("ftrace count off")
    assert site(m, "fib")[0] == "FAILED"
    assert is_disabled(m, "spin_critical")


@pytest.mark.parametrize("arch,smp", ONE_PER_ARCH)
def test_failing_write_reported(machine, arch, smp):
    m = machine(arch, smp=smp, append="ftrace_failwrite=spin_critical")
    m.send("ftrace count spin_*\r")
    m.expect(r"ftrace faulted on writing \(-EPERM\) \[<[0-9a-f]+>\] "
             r"spin_critical\+0x[0-9a-f]+/0x[0-9a-f]+" + NL +
             r"Setting ftrace call site to call ftrace function")
    m.wait_prompt()
    # Wanted, but failed: enabled_functions says so.
    assert re.search(r"^spin_critical \(1\) F {4}$",
                     m.cmd(f"cat {TRACING}/enabled_functions"), re.M)
    assert site(m, "spin_critical")[0] == "FAILED"
    assert is_enabled(m, "spin_thread")
    assert re.search(r"call sites: \d+ in \d+ pages, 1 failed", stats(m))
    m.cmd("ftrace count off")
    assert is_disabled(m, "spin_thread")
    assert site(m, "spin_critical")[0] == "FAILED"
