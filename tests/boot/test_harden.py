"""Hardening: what happens when memory runs out, bad arguments, odd
command lines, the watchdog's rate, W^X and faults."""
import re

import pytest

from conftest import WRITE_EINVAL


def heap_in_use(m):
    return int(re.search(r"kmalloc: (\d+) bytes in use",
                         m.cmd("mem")).group(1))


def workload_threads_in_ps(m):
    return len(re.findall(r"\s(sleep|sleep-waiter|fib|spin)\s*$",
                          m.cmd("ps"), re.M))


# x86 gets a small machine; the SH-4 board's RAM is fixed (64 MiB).
@pytest.mark.parametrize("arch,extra", [("x86_64", ("-m", "16M")),
                                        ("sh4", ())])
def test_memory_exhaustion_leaks_nothing(machine, arch, extra):
    m = machine(arch, extra=extra, timeout=120)
    base = heap_in_use(m)
    for started in range(5000):
        out = m.cmd("run sleep 9999 0")
        if "out of memory" in out:
            break
        assert "started sleep" in out, out
    else:
        pytest.fail("memory never ran out")
    assert started > 10
    running = int(re.search(r"(\d+) workload threads running",
                            m.cmd("run")).group(1))
    assert running == 2 * started == workload_threads_in_ps(m)
    assert "all workloads stopped" in m.cmd("run stop", timeout=120)
    assert "0 workload threads running" in m.cmd("run")
    assert workload_threads_in_ps(m) == 0
    assert heap_in_use(m) == base
    # And the machine still works: a workload starts and finishes.
    m.send("run fib 10 2\r")
    m.expect(r"run: fib\(10\) = 55, 2 times")


def test_extra_arguments_refused(machine, arch):
    """A command given more than it takes prints its usage and does
    nothing (bench would run, cd would move, poweroff would stop)."""
    m = machine(arch)
    for line, usage in [("cd /proc extra", "cd [DIR]"), ("pwd x", "pwd"),
                        ("ls / /proc", "ls [DIR]"),
                        ("help ps ls", "help [COMMAND]"),
                        ("cpus x", "cpus"), ("ps x", "ps"),
                        ("uptime x", "uptime"), ("mem x", "mem"),
                        ("bench x", "bench"), ("poweroff now", "poweroff"),
                        ("fault null x", "fault text|null"),
                        ("run stop now", "run stop"),
                        ("run fib 10 1 2", "run NAME [N] [LOOPS] [cpu=C]"),
                        ("cat", "cat FILE..."), ("dmesg x", "dmesg"),
                        ("sleep 1 2", "sleep SECONDS (0..86400)"),
                        ("divcheck 0", "divcheck [N [SEED]] (N 1..1000000, "
                         "SEED not 0)"),
                        ("nmi 1 2", "nmi [CPU|all|irqsoff] (CPU from 0 to ")]:
        out = m.cmd(line)
        assert f"usage: {usage}" in out, (line, out)
    assert m.cmd("pwd").strip() == "/"
    assert "0 workload threads running" in m.cmd("run")


WD = "/proc/sys/kernel/nmi_watchdog"


def nmi_counts(m):
    """Per CPU: NMIs taken, and how many of them reached the handler."""
    return [(int(a), int(b)) for a, b in
            re.findall(r"nmis (\d+) \(handled (\d+)\)", m.cmd("cpus"))]


@pytest.mark.parametrize("arch,smp", [("x86_64", 2), ("sh4", 1)])
def test_nmi_watchdog_rate_is_delivered(machine, arch, smp):
    """Below 19 Hz the x86 PIT cannot make the period: it runs k times
    faster and the handler gets every k-th NMI. Counted, not timed: the
    PIT's own rate is exact, the guest's clock under load is not."""
    m = machine(arch, smp=smp)
    # x86: 1 Hz is 19 PIT periods of 62799 counts, 7 Hz is 3 of 56818.
    every = {1: 19, 7: 3, 50: 1} if arch == "x86_64" else {1: 1, 7: 1,
                                                           50: 1}
    for hz, secs in [(1, 4), (7, 2), (50, 1)]:
        assert m.cmd(f"echo {hz} > {WD}") == ""
        assert m.cmd(f"cat {WD}").strip() == str(hz)
        c0 = nmi_counts(m)
        m.cmd(f"sleep {secs}")
        c1 = nmi_counts(m)
        for (n0, h0), (n1, h1) in zip(c0, c1):
            nmis, handled = n1 - n0, h1 - h0
            assert handled >= 1 and nmis >= every[hz] * handled - every[hz]
            assert nmis <= every[hz] * (handled + 1), (hz, nmis, handled)
    m.cmd(f"echo 20000 > {WD}")
    # The PIT counts 1193182 Hz: 20000 Hz is 60 counts, 19886 Hz.
    want = 19886 if arch == "x86_64" else 20000
    assert m.cmd(f"cat {WD}").strip() == str(want)
    assert m.cmd(f"echo 20001 > {WD}") == WRITE_EINVAL
    assert m.cmd(f"cat {WD}").strip() == str(want)
    m.cmd(f"echo 0 > {WD}")
    assert m.cmd(f"cat {WD}").strip() == "0"


def long_options(n, tail):
    """Options of n bytes in all, the last one being tail."""
    pad = n - len(tail) - 1
    return "pad=" + "x" * (pad - 4) + " " + tail


def test_long_command_line_kept_x86(machine):
    """Multiboot sets no limit: 1500 bytes of options arrive whole."""
    opts = long_options(1500, "end=here")
    m = machine("x86_64", append=opts)
    assert "Command line cut" not in m.boot_log
    assert m.cmd("cat /proc/cmdline").replace("\n", "").endswith(opts)


def test_too_long_command_line_said_x86(machine):
    opts = long_options(3000, "end=lost")
    m = machine("x86_64", append=opts)
    # The kernel's path and a space come first; the end of it is lost.
    r = re.search(r"Command line cut: kept the first 2047 of (\d+) bytes, "
                  r"lost 'x+ \.\.\. x+ end=lost'", m.boot_log)
    assert r, m.boot_log[-2000:]
    assert int(r.group(1)) > 3000
    assert "end=lost" not in m.cmd("cat /proc/cmdline")


def test_command_line_sh4_fills_qemu(machine):
    """QEMU keeps 256 bytes of -append, with no NUL when they are full:
    all 256 are kept, and the boot log says the rest was lost."""
    m = machine("sh4", append=long_options(300, "end=lost"))
    assert re.search(r"Command line cut: the boot loader passes at most "
                     r"256 bytes", m.boot_log), m.boot_log
    line = m.cmd("cat /proc/cmdline").replace("\n", "")
    assert len(line) == 256 and line.startswith("pad=xxx")
    m = machine("sh4", append=long_options(255, "end=kept"))
    assert "Command line cut" not in m.boot_log
    assert m.cmd("cat /proc/cmdline").replace("\n", "").endswith("end=kept")


def monitor(m, command):
    """Run a QEMU monitor command (x86: Ctrl-A c switches the console to
    the monitor and back) and return its output."""
    m.p.send("\x01c")
    m.p.expect_exact("(qemu)")
    m.p.send(command + "\r")
    m.p.expect_exact(command)
    m.p.expect_exact("(qemu)", timeout=60)
    out = m.p.before
    m.p.send("\x01c")
    return out.replace("\r", "")


def test_no_page_is_writable_and_executable_x86(machine):
    """Walk the live page tables from outside, through QEMU's monitor:
    no page may be both writable and executable once the APs are up (the
    AP trampoline at 0x8000 was the last such page)."""
    m = machine("x86_64", smp=2)
    assert "2 CPUs online" in m.cmd("cpus")
    lines = re.findall(r"^([0-9a-f]{16}): [0-9a-f]{16} ([-A-Z]{9})$",
                       monitor(m, "info tlb"), re.M)
    assert len(lines) > 1000
    wx = [va for va, fl in lines if fl[0] == "-" and fl[8] == "W"]
    assert wx == [], wx[:10]
    text = [va for va, fl in lines if fl[0] == "-"]
    assert text, "kernel text must still be executable"
    assert "0000000000008000" not in dict(lines)
    # The machine still works after the walk.
    assert "2 CPUs online" in m.cmd("cpus")


def test_fault_null(machine, arch):
    """Reading address 0 faults on both arches, with the trap report: the
    faulting address and a call chain through cmd_fault."""
    m = machine(arch)
    m.send("fault null\r")
    m.expect(r"Kernel panic - not syncing: fatal exception")
    before = m.p.before
    if arch == "x86_64":
        assert "page fault" in before and re.search(r"CR2\W+0+\b", before)
    else:
        assert "Oops: TLB miss (read), event 0x040" in before
        assert "TEA: 00000000" in before
    assert "cmd_fault+0x" in before
