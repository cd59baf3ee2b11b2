"""Host tests of tools/trace/tracedat.py (trace.dat from ring-buffer
pages) and of capture.py's pure parts (base64 read-back, scenarios):
pages made here for a 64-bit and a 32-bit kernel, the file's layout,
what trace-cmd report makes of it (when installed), and hostile input:
bad commits, events past the commit, unknown types, truncated and empty
data, garbage symbol and thread lines, and random pages, each reported
with its offset or line and left out, never a crash."""
import base64
import os
import random
import shutil
import struct
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools", "trace"))
import capture  # noqa: E402
import tracedat  # noqa: E402

from rb_pages import (BIG32, FIB, FIB_THREAD, MARK, PAGE, SH4,  # noqa: E402
                      SYMS, X86, common, fn_event, fn_page, graph_page,
                      header, page, print_event)


def collect():
    said = []
    return said, said.append


# ---- the descriptions ----------------------------------------------------

def field(text, name):
    for line in text.splitlines():
        if f" {name};" in line:
            parts = dict(p.split(":", 1) for p in line.strip().split("\t")
                         if ":" in p and not p.startswith("field"))
            return int(parts["offset"].rstrip(";")), \
                int(parts["size"].rstrip(";"))
    raise KeyError(name)


def formats(t):
    return {ev[0]: tracedat.event_format(t, *ev) for ev in tracedat.EVENTS}


def test_formats_follow_each_kernels_layout():
    # 64-bit: Linux's own offsets.
    f = formats(X86)
    assert field(f["function"], "parent_ip") == (16, 8)
    assert field(f["funcgraph_exit"], "calltime") == (24, 8)
    assert field(f["funcgraph_exit"], "rettime") == (32, 8)
    assert field(f["print"], "buf[]") == (16, 0)
    assert "ID: 11\n" in f["funcgraph_entry"]
    # 32-bit SH-4: longs of 4 bytes, a u64 at a 4-byte boundary (as
    # sh4-linux-gnu-gcc lays out struct ftrace_graph_ret_entry).
    f = formats(SH4)
    assert field(f["function"], "parent_ip") == (12, 4)
    assert field(f["funcgraph_exit"], "overrun") == (16, 4)
    assert field(f["funcgraph_exit"], "calltime") == (20, 8)
    assert field(f["print"], "buf[]") == (12, 0)
    assert field(tracedat.header_page(X86), "commit") == (8, 8)
    assert field(tracedat.header_page(SH4), "data") == (12, 4084)


def test_target_from_elf(tmp_path):
    for cls, data, want in ((2, 1, (8, "<")), (1, 1, (4, "<")),
                            (1, 2, (4, ">"))):
        p = tmp_path / "k.elf"
        p.write_bytes(b"\x7fELF" + bytes([cls, data]) + bytes(10))
        t = tracedat.Target.from_elf(str(p))
        assert (t.long_size, t.order) == want
    p.write_bytes(b"\x7fELF")
    with pytest.raises(ValueError, match="not an ELF"):
        tracedat.Target.from_elf(str(p))


# ---- the file ------------------------------------------------------------

def parse(data):
    """Read back the layout trace-cmd's version 6 documents."""
    assert data[:10] == b"\x17\x08\x44tracing" and data[10:12] == b"6\0"
    order = "<" if data[12] == 0 else ">"
    long_size = data[13]
    off = 14

    def num(fmt):
        nonlocal off
        (v,) = struct.unpack_from(order + fmt, data, off)
        off += struct.calcsize(fmt)
        return v

    def blob(fmt):
        nonlocal off
        n = num(fmt)
        off += n
        return data[off - n:off]

    assert num("I") == PAGE
    for name in (b"header_page\0", b"header_event\0"):
        assert data[off:off + len(name)] == name
        off += len(name)
        blob("Q")
    fmts = [blob("Q").decode() for _ in range(num("I"))]
    assert num("I") == 0
    syms = blob("I").decode()
    assert num("I") == 0
    comms = blob("Q").decode()
    ncpus = num("I")
    assert data[off:off + 10] == b"flyrecord\0"
    off += 10
    cpus = []
    for _ in range(ncpus):
        start, size = num("Q"), num("Q")
        assert start % PAGE == 0 and start + size <= len(data)
        cpus.append(data[start:start + size])
    return dict(long_size=long_size, order=order, fmts=fmts, syms=syms,
                comms=comms, cpus=cpus)


def test_file_layout():
    said, report = collect()
    syms = tracedat.kallsyms(SYMS, 16, "kernel.sym", report)
    comms = tracedat.cmdlines("5 fib\n0 idle/0\n", "saved_cmdlines", report)
    cpus = [tracedat.good_pages(SH4, graph_page(SH4) + fn_page(SH4), "cpu0",
                                report), b""]
    f = parse(tracedat.build(SH4, cpus, syms, comms))
    assert said == []
    assert (f["long_size"], f["order"]) == (4, "<")
    assert [x.split("\n")[0] for x in f["fmts"]] == [
        "name: function", "name: print", "name: funcgraph_exit",
        "name: funcgraph_entry"]
    # Text symbols only, in /proc/kallsyms' layout.
    assert f["syms"] == (f"{FIB:016x} T fib\n{FIB_THREAD:016x} T fib_thread"
                         f"\n{MARK:016x} t tracing_mark_write\n")
    assert f["comms"] == "5 fib\n0 idle/0\n"
    # The pages as they were given, an empty CPU as no data.
    assert f["cpus"] == [graph_page(SH4) + fn_page(SH4), b""]


def report_of(tmp_path, t, pages, *extra):
    """trace-cmd report's output for pages on one CPU, via the CLI."""
    elf = tmp_path / "kernel.elf"
    elf.write_bytes(b"\x7fELF" + bytes([2 if t.long_size == 8 else 1,
                                        1 if t.order == "<" else 2]))
    (tmp_path / "kernel.sym").write_text(SYMS)
    (tmp_path / "cmdlines").write_text("5 fib\n")
    (tmp_path / "cpu0.raw").write_bytes(pages)
    dat = tmp_path / "trace.dat"
    assert tracedat.main(["--elf", str(elf), "--sym",
                          str(tmp_path / "kernel.sym"), "--cmdlines",
                          str(tmp_path / "cmdlines"), "--out", str(dat),
                          str(tmp_path / "cpu0.raw")]) == 0
    r = subprocess.run(["trace-cmd", "report", "-t", *extra, str(dat)],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    return r.stdout


needs_trace_cmd = pytest.mark.skipif(not shutil.which("trace-cmd"),
                                     reason="trace-cmd is not installed "
                                     "(tools/deps.sh test installs it)")


@needs_trace_cmd
@pytest.mark.parametrize("t", [X86, SH4, BIG32],
                         ids=["64-bit", "32-bit", "32-bit big-endian"])
def test_trace_cmd_reads_it(tmp_path, t):
    out = report_of(tmp_path, t, graph_page(t) + fn_page(t), "-R")
    lines = out.splitlines()
    assert lines[0] == "cpus=1" and len(lines) == 8, out
    assert "fib-5" in lines[1] and "1.000000000: funcgraph_entry:" in \
        lines[1] and "func=fib depth=0" in lines[1]
    assert "1.000001000: funcgraph_entry:" in lines[2]
    assert "1.000001500: funcgraph_exit:" in lines[3] and \
        f"calltime={10**9 + 1000:x} rettime={10**9 + 1500:x}" in lines[3]
    assert "1.000003500: funcgraph_exit:" in lines[4]
    assert "1.000003510: print:" in lines[5] and "buf=hello" in lines[5]
    assert "2.000000000: function:" in lines[6] and \
        "ip=fib parent_ip=fib_thread" in lines[6]
    assert "2.000001234: function:" in lines[7] and \
        "ip=fib parent_ip=fib" in lines[7]


@needs_trace_cmd
def test_trace_cmd_reads_a_long_marker_and_time_extends(tmp_path):
    t = X86
    text = "x" * 300  # longer than 28 words: type_len 0
    pg = page(t, 5_000_000_000, [(0, print_event(t, text)),
                                 (7, fn_event(t, FIB, FIB))])
    # A time extend (type 30) of 2^27 + 3 ns before the second event.
    ext = header(t, 30, 3) + t.pack("I", 1)
    data = bytearray(pg)
    hdr = 8 + t.long_size
    first = 8 + (len(print_event(t, text)) + 3) // 4 * 4
    data[hdr + first:hdr + first] = ext
    data = bytes(data[:PAGE])
    commit = first + len(ext) + 4 + len(fn_event(t, FIB, FIB))
    data = data[:8] + t.pack("Q", commit) + data[16:]
    out = report_of(tmp_path, t, data, "-R")
    assert f"buf={text}" in out
    assert f"{5_000_000_000 + 7 + 3 + (1 << 27)}"[-9:] in out, out


# ---- hostile input -------------------------------------------------------

@pytest.mark.parametrize("t", [X86, SH4, BIG32],
                         ids=["64-bit", "32-bit", "32-bit big-endian"])
def test_bad_pages_are_reported_and_left_out(t):
    good = fn_page(t)
    hdr = 8 + t.long_size
    bad_commit = good[:8] + t.pack(t.long_fmt, PAGE) + good[hdr:]
    short = page(t, 1, [(0, fn_event(t, FIB, FIB))], commit=10)
    past = bytearray(good)
    past[hdr:hdr + 4] = header(t, 20, 0)  # type_len 20: 84 bytes
    unknown = page(t, 1, [(0, common(t, 99) + bytes(16))])
    tiny = bytearray(good)
    tiny[hdr:hdr + 8] = header(t, 0, 0) + t.pack("I", 3)  # length 3
    pad = bytearray(good)
    pad[hdr:hdr + 8] = header(t, 29, 1) + t.pack("I", 6)  # not 4-aligned
    said, report = collect()
    data = b"".join([good, bad_commit, short, bytes(past), unknown,
                     bytes(tiny), bytes(pad), good, b"\x01\x02\x03"])
    assert tracedat.good_pages(t, data, "cpu0", report) == good + good
    assert [s.split(":")[1] for s in said] == [
        f" offset {PAGE * i}" for i in range(1, 7)] + [
        f" offset {PAGE * 8}"]
    assert "commit 4096 is beyond" in said[0]
    assert "header runs past the commit" in said[1] or \
        "past the commit" in said[1]
    assert "run past the commit" in said[2]
    assert "no event has type 99" in said[3]
    assert "too small" in said[4]
    assert "not 4-aligned" in said[5]
    assert "3 bytes at the end are not a whole page" in said[6]


def test_empty_input_makes_an_empty_trace():
    said, report = collect()
    assert tracedat.good_pages(X86, b"", "cpu0", report) == b""
    assert said == []
    f = parse(tracedat.build(X86, [b""]))
    assert f["cpus"] == [b""] and f["syms"] == "" and f["comms"] == ""
    # A page with nothing committed is no page.
    assert tracedat.good_pages(X86, page(X86, 1, []), "cpu0", report) == b""


@pytest.mark.parametrize("seed", range(4))
def test_random_pages_never_crash(seed):
    rng = random.Random(seed)
    said, report = collect()
    for t in (X86, SH4):
        for _ in range(200):
            pg = bytearray(rng.getrandbits(8) for _ in range(PAGE))
            # Mostly plausible commits, so the walk gets somewhere.
            pg[8:8 + t.long_size] = t.pack(t.long_fmt,
                                           rng.randrange(0, PAGE))
            kept = tracedat.good_pages(t, bytes(pg), "cpu0", report)
            assert kept in (b"", bytes(pg))
        # Whatever was kept, trace.dat is still well formed.
        parse(tracedat.build(t, [tracedat.good_pages(
            t, fn_page(t), "cpu0", report)]))


def test_garbage_symbol_and_thread_lines():
    said, report = collect()
    syms = tracedat.kallsyms(
        "zzzz T nope\n0000000000001000 T fib\n\n1000 TT two\njunk\n",
        16, "kernel.sym", report)
    assert syms == "0000000000001000 T fib\n"
    assert [s.split(":")[1] for s in said] == [" line 1", " line 3",
                                               " line 4", " line 5"]
    said.clear()
    comms = tracedat.cmdlines("5 fib\nx shell\n7\n-1 neg\n8 a b\n",
                              "saved_cmdlines", report)
    assert comms == "5 fib\n8 a b\n"
    assert [s.split(":")[1] for s in said] == [" line 2", " line 3",
                                               " line 4"]


def test_cli_errors_say_one_thing(tmp_path, capsys):
    elf = tmp_path / "k.elf"
    elf.write_text("not an elf")
    out = str(tmp_path / "t.dat")
    assert tracedat.main(["--elf", str(elf), "--out", out, "x.raw"]) == 1
    assert capsys.readouterr().err == f"tracedat: {elf}: not an ELF file\n"
    elf.write_bytes(b"\x7fELF\x02\x01")
    assert tracedat.main(["--elf", str(elf), "--out", out,
                          str(tmp_path / "none.raw")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tracedat: ") and "No such file" in err
    assert not os.path.exists(out)


# ---- capture's read-back -------------------------------------------------

def lines_of(data):
    text = base64.b64encode(data).decode()
    return "\n".join(text[i:i + 76] for i in range(0, len(text), 76)) + "\n"


def test_base64_read_back():
    said, report = collect()
    data = bytes(range(256)) * 40
    assert capture.decode_base64_lines(lines_of(data), "f", report) == data
    assert capture.decode_base64_lines("", "f", report) == b""
    # \r\n from the terminal, a trailing blank line.
    assert capture.decode_base64_lines(
        lines_of(data).replace("\n", "\r\n") + "\r\n", "f", report) == data
    assert said == []


def test_base64_damage_keeps_the_offsets():
    said, report = collect()
    data = bytes(range(256)) * 40
    lines = lines_of(data).splitlines()
    lines[3] = "[    1.234] run: a kernel message came in between"
    lines[7] = lines[7][:70]  # cut short
    lines[9] = lines[9][:-1] + "*"  # not base64
    got = capture.decode_base64_lines("\n".join(lines), "cpu0", report)
    assert len(got) == len(data)
    bad = {3, 7, 9}
    for i in range(len(lines)):
        want = bytes(57) if i in bad else data[57 * i:57 * (i + 1)]
        assert got[57 * i:57 * (i + 1)] == want, i
    assert [s.split(":")[1] for s in said] == [" line 4", " line 8",
                                               " line 10"]


def test_scenario_lines():
    text = "# a comment\n\necho 1 > /x\n   run fib 5  \n#\n"
    assert capture.scenario_lines(text) == ["echo 1 > /x", "run fib 5"]
    with open(capture.DEFAULT_SCENARIO) as f:
        lines = capture.scenario_lines(f.read())
    assert lines[0].startswith("echo function_graph >")
    assert any(ln.startswith("run ") for ln in lines)


def test_a_failed_step_is_named(tmp_path, capsys):
    missing = str(tmp_path / "no-such-scenario")
    assert capture.main(["--scenario", missing, "--out",
                         str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"trace: step 'reading the scenario {missing}'"
                          " failed: ")
    assert "No such file" in err and len(err.splitlines()) == 1


def test_refusals_are_recognised():
    for said in ("sh: write error: Invalid argument\n",
                 "usage: run [NAME [N] [LOOPS] [cpu=C]|stop]\n",
                 "cat: can't open '/x': No such file or directory\n",
                 "sh: nosuch: command not found (try 'help')\n"):
        assert capture.REFUSED.search(said), said
    # After a workload's line, too.
    assert capture.REFUSED.search("[  0.2] run: fib(8) = 21\nusage: run\n")
    for said in ("", "run: started fib\n", "fib: site fib+0x7/0x4e at 0x1\n"):
        assert not capture.REFUSED.search(said), said
