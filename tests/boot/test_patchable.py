"""The PATCHABLE build (make PATCHABLE=1, build/x86_64-patchable/): what
makes it worth having, checked on its image and on a boot. Every traced
function, leaves included, starts with gcc's pad and nothing else is added
to it (so a disabled call costs one instruction); the pad is the site, at
the function's entry, and reads as the 5-byte NOP once booted; a callback
gets the right parent from the traced function's return address.

The rest of the boot tests run on this build too with
FTK_BUILD=build/x86_64-patchable (make test runs a few of them)."""
import os
import re
import subprocess

import pytest

from conftest import ROOT
from test_ftrace import PAD_ENTRY, census, site

BUILD = os.path.join(ROOT, "build", "x86_64-patchable")
DEFAULT = os.path.join(ROOT, "build", "x86_64")
T = "/sys/kernel/tracing"
NOP5 = "0f 1f 44 00 00"

pytestmark = pytest.mark.skipif(
    not os.path.exists(os.path.join(BUILD, "kernel.elf")),
    reason="make PATCHABLE=1 builds build/x86_64-patchable/")


def functions(build):
    """{name: [(address, instruction text)]} from the build's kernel.asm;
    a name that two static functions share keeps the first."""
    funcs, body = {}, None
    with open(os.path.join(build, "kernel.asm")) as f:
        for line in f:
            m = re.match(r"([0-9a-f]+) <(.+)>:$", line)
            if m:
                body = [] if m.group(2) in funcs else \
                    funcs.setdefault(m.group(2), [])
                continue
            m = re.match(r"\s+([0-9a-f]+):\t(?:[0-9a-f]{2} )+\s*\t(.*)",
                         line)
            if m and body is not None:
                body.append((int(m.group(1), 16), m.group(2)))
    return funcs


def site_list(build):
    """The addresses between __start_mcount_loc and __stop_mcount_loc in
    the image: the sites the kernel will make records of."""
    syms = open(os.path.join(build, "kernel.sym")).read()

    def sym(name):
        return int(re.search(rf"^([0-9a-f]+) (?:[0-9a-f]+ )?R {name}$",
                             syms, re.M).group(1), 16)

    start, stop = sym("__start_mcount_loc"), sym("__stop_mcount_loc")
    out = subprocess.run(
        ["objdump", "-s", "-j", ".rodata", f"--start-address={start}",
         f"--stop-address={stop}", os.path.join(build, "kernel.elf")],
        capture_output=True, text=True, check=True).stdout
    raw = bytes.fromhex("".join(
        "".join(m.group(1).split())
        for m in re.finditer(r"^ [0-9a-f]+ ((?:[0-9a-f]{2,8} ){1,4})", out,
                             re.M)))
    return [int.from_bytes(raw[i:i + 8], "little")
            for i in range(0, len(raw), 8)]


def bare_leaf(body):
    """No call, and no stack of its own (no other push, no sub from
    %rsp): a function that has no need of a frame."""
    return not any(i.startswith("call") or
                   (i.startswith("push") and i.split() != ["push", "%rbp"])
                   or re.match(r"sub\s+\$0x[0-9a-f]+,%rsp$", i)
                   for _, i in body)


def pushes_rbp(body):
    return any(i.split() == ["push", "%rbp"] for _, i in body)


def entries(build):
    """{address: its first instructions} of every function."""
    out, first = {}, None
    with open(os.path.join(build, "kernel.asm")) as f:
        for line in f:
            m = re.match(r"([0-9a-f]+) <.+>:$", line)
            if m:
                first = out.setdefault(int(m.group(1), 16), [])
                continue
            m = re.match(r"\s+[0-9a-f]+:\t(?:[0-9a-f]{2} )+\s*\t(.*)", line)
            if m and first is not None and len(first) < 5:
                first.append(m.group(1))
    return out


def test_every_site_is_a_pad_at_a_function_entry():
    funcs = functions(BUILD)
    entry = entries(BUILD)
    sites = site_list(BUILD)
    assert len(sites) == len(set(sites)) > 300
    for ip in sites:
        assert ip in entry, f"site {ip:#x} is no function's entry"
        assert entry[ip] == ["nop"] * 5, hex(ip)
    # And every function that starts with the pad is listed.
    with open(os.path.join(BUILD, "kernel.asm")) as f:
        assert len(PAD_ENTRY.findall(f.read())) == len(sites)
    # notrace keeps the pad out of a function of a traced file too.
    assert funcs["bench_notrace_leaf"][0][1] == "ret"
    assert funcs["bench_traced_leaf"][0][0] in sites


def test_traced_leaves_keep_no_frame():
    """-pg forces push %rbp; mov %rsp,%rbp; pop %rbp on a leaf (a
    disabled call then costs +4 there); the pad adds nothing but itself."""
    pads = functions(BUILD)
    sites = set(site_list(BUILD))
    leaves = [n for n, b in pads.items()
              if b and b[0][0] in sites and bare_leaf(b)]
    assert len(leaves) > 20
    assert [n for n in leaves if pushes_rbp(pads[n])] == []
    # The same functions in the default build: -pg gave each a frame.
    pg = functions(DEFAULT)
    framed = [n for n in leaves if n in pg and pushes_rbp(pg[n])]
    assert len(framed) > 20, framed


def test_disabled_site_is_one_nop_at_entry(machine):
    m = machine("x86_64", smp=1, build=BUILD,
                append="ftrace_selftest=1")
    n = int(re.search(r"converted (\d+) call sites in \d+ us \(0 failed\)",
                      m.boot_log).group(1))
    assert n == len(site_list(BUILD))
    assert "self-test PASSED" in m.boot_log
    assert census(m) == (n, 0, 0, 0)
    assert re.search(r"site bench_traced_leaf\+0x0/",
                     m.cmd("ftrace site bench_traced_leaf"))
    assert site(m, "bench_traced_leaf")[:2] == ("disabled", NOP5)
    m.cmd("ftrace count bench_traced_leaf")
    state, by, what = site(m, "bench_traced_leaf")
    assert state == "enabled" and by.startswith("e8 ") and \
        "ftrace_caller+0x0/" in what
    m.cmd("ftrace count off")
    assert site(m, "bench_traced_leaf")[:2] == ("disabled", NOP5)


def test_function_tracer_parent_is_the_caller(machine):
    """The site runs before the traced function's frame set-up: its
    caller's return address is found above the site's own. fib(5) is
    called once by the thread that runs it and 14 times by fib."""
    m = machine("x86_64", smp=1, build=BUILD)
    m.cmd(f"cd {T}")
    m.cmd("echo fib > set_ftrace_filter")
    m.cmd("echo function > current_tracer")
    m.cmd("run fib 5 1 wait", timeout=120)
    m.cmd("echo 0 > tracing_on")
    out = m.cmd("cat trace", timeout=120)
    m.cmd("echo nop > current_tracer")
    parents = re.findall(r": fib <-(\S+)$", out, re.M)
    assert sorted(set(parents)) == ["fib", "fib_thread"], out
    assert parents.count("fib_thread") == 1 and len(parents) == 15, out
