"""The file layer at the console: redirections with busybox sh's semantics
and messages, a large file streamed in chunks, and /proc/kmsg's blocking
read that Ctrl-C ends."""
import os
import re

from conftest import WRITE_EINVAL, build_dir

SW = "/proc/sys/kernel/ftrace_enabled"


def test_redirection_errors_print_one_line(machine, arch):
    m = machine(arch)
    # A handler refuses: sh's one line with the errno's text, nothing of
    # the handler's own words, and the file unchanged.
    assert m.cmd(f"echo yes > {SW}") == WRITE_EINVAL
    assert m.cmd(f"echo 1 0 > {SW}") == WRITE_EINVAL
    # "echo > FILE": truncated at open, then a lone newline is written.
    assert m.cmd(f"echo > {SW}") == WRITE_EINVAL
    assert m.cmd(f"cat {SW}") == "1\n"
    # ">>" opens for appending and writes like ">" for a number file.
    assert m.cmd(f"echo 0 >> {SW}") == ""
    assert m.cmd(f"cat {SW}") == "0\n"
    assert m.cmd(f"echo 1 > {SW}") == ""
    assert m.cmd(f"cat {SW}") == "1\n"
    # Opens that fail say so as busybox does.
    assert m.cmd("echo 1 > /proc/uptime") == \
        "sh: can't create /proc/uptime: Permission denied\n"
    assert m.cmd("echo 1 >> /proc") == \
        "sh: can't create /proc: Is a directory\n"
    assert m.cmd("echo 1 > /proc/nosuch") == \
        "sh: can't create /proc/nosuch: No such file or directory\n"
    assert m.cmd("cat /proc/nosuch") == \
        "cat: can't open '/proc/nosuch': No such file or directory\n"


def nm_text_symbols(arch):
    """name -> addresses of the code symbols the kernel's table lists
    (static functions in different files may share a name)."""
    syms = {}
    with open(os.path.join(build_dir(arch), "kernel.sym")) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[-2] in "tTwW":
                syms.setdefault(parts[-1], set()).add(int(parts[0], 16))
    return syms


def test_kallsyms_streams_whole(machine, arch):
    """/proc/kallsyms is many times the shell's read size: every record
    must come out once, whole and in order, however the chunks fall."""
    m = machine(arch)
    out = m.cmd("cat /proc/kallsyms", timeout=180)
    lines = out.splitlines()
    assert len(out) > 8 * 512 and len(lines) > 200
    nm = nm_text_symbols(arch)
    addrs = []
    for line in lines:
        mt = re.fullmatch(r"([0-9a-f]{8}|[0-9a-f]{16}) T (\S+)", line)
        assert mt, line
        addr, name = int(mt.group(1), 16), mt.group(2)
        assert addr in nm.get(name, ()), line
        addrs.append(addr)
    assert addrs == sorted(addrs)
    assert len(set(lines)) == len(lines)
    # A second open starts from the beginning again.
    assert m.cmd("cat /proc/kallsyms", timeout=180) == out


def test_kmsg_waits_for_printk_until_ctrl_c(machine, arch):
    m = machine(arch)
    assert "started" in m.cmd("run sleep 300 2")
    m.start("cat /proc/kmsg")
    # What was logged since boot comes first...
    m.expect(r"\] boot: \d+ CPUs up")
    # ...then the read waits, and each printk that comes later shows
    # twice: once from printk itself, once through the waiting cat.
    later = [r"\] run: sleep waiter woken 2 times", r"\] run: sleep 2 x "]
    seen = [0, 0]
    while min(seen) < 2:
        seen[m.p.expect(later, timeout=120)] += 1
    assert seen == [2, 2]
    out = m.interrupt(r"\^C")
    assert "cat:" not in out
    # The read consumed it: a second reader finds nothing old and waits.
    m.start("cat /proc/kmsg")
    out = m.interrupt(r"\^C")
    assert "boot:" not in out and "run:" not in out
    assert "up " in m.cmd("uptime")


def test_dmesg_prints_the_ring(machine, arch):
    m = machine(arch)
    out = m.cmd("dmesg")
    assert re.search(r"^\[\s*\d+\.\d{6}\] Booting the ftrace teaching "
                     r"kernel", out, re.M)
    assert re.search(r"^\[\s*\d+\.\d{6}\] boot: \d+ CPUs up", out, re.M)
    # dmesg does not consume: it prints the same again.
    assert m.cmd("dmesg").startswith(out)
    assert m.cmd("dmesg x") == "usage: dmesg\n"
