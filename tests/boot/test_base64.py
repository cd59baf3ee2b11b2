"""The base64 command on both arches: a file's exact bytes in RFC 4648
lines, a CPU's raw ring-buffer pages whole, cat's errors, and Ctrl-C in
the middle of a long file."""
import base64
import re
import struct

T = "/sys/kernel/tracing"
PAGE = 4096


def test_base64_gives_the_files_bytes(machine, arch):
    m = machine(arch)
    for path in ("/proc/kallsyms", f"{T}/available_tracers", f"{T}/trace"):
        text = m.cmd(f"cat {path}")
        out = m.cmd(f"base64 {path}")
        lines = out.splitlines()
        # 76 characters a line, the last one shorter and padded.
        assert all(len(ln) == 76 for ln in lines[:-1]), path
        assert 0 < len(lines[-1]) <= 76 and len(lines[-1]) % 4 == 0
        assert all(re.fullmatch(r"[A-Za-z0-9+/]+=*", ln) for ln in lines)
        assert base64.b64decode(out).decode() == text, path
    assert "usage: base64" in m.cmd("help base64")


def function_events(data):
    """The function events (type 1) among a page's events; the rest are
    time stamps (types 30, 31, 8 bytes) and padding (29)."""
    n = off = 0
    while off < len(data):
        hdr, a0 = struct.unpack_from("<II", data + bytes(4), off)
        type_len = hdr & 31
        if 1 <= type_len <= 28:
            n += struct.unpack_from("<H", data, off + 4)[0] == 1
            off += 4 + 4 * type_len
        elif type_len == 29:
            if hdr >> 5 == 0:
                break  # the rest of the page
            off += 4 + a0
        else:
            assert type_len in (30, 31), type_len
            off += 8
    return n


def test_base64_of_raw_pages(machine, arch):
    """Whole pages of Linux's layout: the read stops where the buffer is
    empty instead of waiting, and the next read finds nothing."""
    m = machine(arch)
    long_size = 8 if arch == "x86_64" else 4
    m.cmd(f"echo fib > {T}/set_ftrace_filter")
    m.cmd(f"echo function > {T}/current_tracer")
    m.send("run fib 12 1 cpu=0\r")
    m.expect(r"run: fib\(12\) = 144")
    m.cmd("")
    m.cmd(f"echo 0 > {T}/tracing_on")
    raw = base64.b64decode(m.cmd(f"base64 {T}/per_cpu/cpu0/trace_pipe_raw"))
    assert raw and len(raw) % PAGE == 0
    events = 0
    for off in range(0, len(raw), PAGE):
        commit = struct.unpack_from("<Q" if long_size == 8 else "<I", raw,
                                    off + 8)[0]
        assert 0 < commit <= PAGE - 8 - long_size
        events += function_events(raw[off + 8 + long_size:][:commit])
    # fib(12) makes 465 calls; each one is an event.
    assert events == 465
    assert m.cmd(f"base64 {T}/per_cpu/cpu0/trace_pipe_raw") == ""


def test_base64_errors_are_cats(machine, arch):
    m = machine(arch)
    assert m.cmd("base64 /nope") == \
        "base64: can't open '/nope': No such file or directory\n"
    assert m.cmd(f"base64 {T}") == \
        f"base64: can't open '{T}': Is a directory\n"
    assert m.cmd(f"base64 {T}/trace_marker") == \
        f"base64: can't open '{T}/trace_marker': Permission denied\n"
    assert m.cmd("base64").startswith("usage: base64 FILE")
    assert m.cmd("base64 a b").startswith("usage: base64 FILE")


def test_base64_stops_at_ctrl_c(machine, arch):
    """The text of fib(18)'s 8361 calls takes seconds to print; Ctrl-C
    ends it at once and the shell takes commands again."""
    m = machine(arch)
    m.cmd(f"echo fib > {T}/set_ftrace_filter")
    m.cmd(f"echo function > {T}/current_tracer")
    m.send("run fib 18 1 cpu=0\r")
    m.expect(r"run: fib\(18\) = 2584", timeout=120)
    m.cmd("")
    m.cmd(f"echo 0 > {T}/tracing_on")
    m.start(f"base64 {T}/trace")
    m.expect(r"[A-Za-z0-9+/]{76}\s")
    m.interrupt(r"\^C")
    assert m.cmd("echo still here") == "still here\n"
