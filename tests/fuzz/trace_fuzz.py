#!/usr/bin/env python3
"""trace_fuzz.py - fuzz the host's trace converters (tools/trace): the
text-trace reader and the pictures made from it, the profiler-table
reader, the ring-buffer page check and trace.dat writer, the symbol and
thread-name readers, and the base64 read-back.

    trace_fuzz.py [--runs N] [--time S] [--seed N] [--trace-cmd K]
    trace_fuzz.py --replay DIR...

Each run takes a seed input (the sample traces of tests/tools/data, or
pages made by tests/tools/rb_pages.py), mutates it (bytes flipped,
inserted, cut; lines dropped, doubled, swapped, spliced from another
input; numbers changed) and feeds it to one converter. What the
converters promise, and what is checked: they never raise on what an
input holds (they report it and go on), the pictures they write are
valid JSON and SVG, and a page the page check accepts is one trace-cmd
reads (every K-th run, when trace-cmd is installed; 0 turns that off).
An input that breaks a promise is written to
build/fuzz/crashes/trace/KIND-HASH and the run fails; once the bug is
fixed, the file goes into tests/fuzz/corpus/trace/, which make test
replays (tests/tools/test_trace_fuzz_replay.py).
"""
import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import xml.dom.minidom

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "trace"))
sys.path.insert(0, os.path.join(ROOT, "tests", "tools"))
import capture  # noqa: E402
import pictures  # noqa: E402
import rb_pages  # noqa: E402
import tracedat  # noqa: E402
import tracestat  # noqa: E402

DATA = os.path.join(ROOT, "tests", "tools", "data")
CRASHES = os.path.join(ROOT, "build", "fuzz", "crashes", "trace")
# An input's kind is the first word of a saved file's name.
KINDS = ("text", "stat", "pages64", "pages32", "syms", "comms", "b64")
MAX_INPUT = 256 * 1024  # longer inputs only make a run slow


class Broken(Exception):
    """A converter broke one of its promises on an input."""


# ---- the checks: one per kind of input ---------------------------------

def check_text(data, work):
    text = data.decode("utf-8", errors="replace")
    out = os.path.join(work, "out")
    os.makedirs(out, exist_ok=True)
    pictures.make(text, None, "", out)
    with open(os.path.join(out, "trace.json")) as f:
        json.load(f)
    xml.dom.minidom.parse(os.path.join(out, "flame.svg"))


def check_stat(data, work):
    tracestat.parse(data.decode("utf-8", errors="replace"))


def _target(kind):
    return rb_pages.X86 if kind == "pages64" else rb_pages.SH4


def check_pages(kind, data, work, trace_cmd):
    t = _target(kind)
    said = []
    pages = tracedat.good_pages(t, data, "cpu0", said.append)
    if len(pages) % tracedat.PAGE_SIZE:
        raise Broken("good_pages returned a partial page")
    dat = tracedat.build(t, [pages], rb_pages.SYMS, "5 fib\n")
    if not (trace_cmd and pages):
        return
    path = os.path.join(work, "trace.dat")
    with open(path, "wb") as f:
        f.write(dat)
    try:
        r = subprocess.run(["trace-cmd", "report", "-i", path],
                           capture_output=True, text=True,
                           errors="replace", timeout=20)
    except subprocess.TimeoutExpired:
        raise Broken("trace-cmd report hung on pages the check accepted")
    if r.returncode != 0:
        raise Broken("trace-cmd report failed (exit %d) on pages the check"
                     " accepted: %s" % (r.returncode, r.stderr[-300:]))


def check_syms(data, work):
    for width in (8, 16):
        tracedat.kallsyms(data.decode("utf-8", errors="replace"), width,
                          "kernel.sym", lambda s: None)


def check_comms(data, work):
    tracedat.cmdlines(data.decode("utf-8", errors="replace"),
                      "saved_cmdlines", lambda s: None)


def check_b64(data, work):
    got = capture.decode_base64_lines(data.decode("utf-8", "replace"),
                                      "raw", lambda s: None)
    if not isinstance(got, bytes):
        raise Broken("decode_base64_lines did not return bytes")


def check(kind, data, work, trace_cmd=False):
    """Run the converter for kind over data; raises Broken (or whatever
    the converter raised) when a promise is broken."""
    if kind == "text":
        check_text(data, work)
    elif kind == "stat":
        check_stat(data, work)
    elif kind in ("pages64", "pages32"):
        check_pages(kind, data, work, trace_cmd)
    elif kind == "syms":
        check_syms(data, work)
    elif kind == "comms":
        check_comms(data, work)
    elif kind == "b64":
        check_b64(data, work)
    else:
        raise ValueError(kind)


# ---- seeds ---------------------------------------------------------------

def _read(path):
    with open(path, "rb") as f:
        return f.read()


def seeds():
    """(kind, bytes) pairs to start from."""
    out = []
    for name in sorted(os.listdir(DATA)):
        path = os.path.join(DATA, name)
        if name.endswith(".trace.txt"):
            out.append(("text", _read(path)[:MAX_INPUT]))
        elif name.endswith(".stat.txt"):
            out.append(("stat", _read(path)))
    for kind in ("pages64", "pages32"):
        t = _target(kind)
        out.append((kind, rb_pages.graph_page(t) + rb_pages.fn_page(t)))
    out.append(("syms", rb_pages.SYMS.encode()))
    out.append(("comms", b"0 idle/0\n5 fib\n17 shell\n"))
    out.append(("b64", capture_lines(rb_pages.graph_page(rb_pages.X86))))
    return out


def capture_lines(data):
    """data as the kernel's base64 command prints it."""
    import base64
    text = base64.b64encode(data).decode()
    width = capture.B64_LINE
    return ("\n".join(text[i:i + width] for i in range(0, len(text), width))
            + "\n").encode()


# ---- mutations -----------------------------------------------------------

INTERESTING = [0, 1, 2, 3, 4, 7, 8, 15, 16, 28, 29, 30, 31, 0x7f, 0x80,
               0xff, 0x100, 0xffff, 0x7fffffff, 0xffffffff, 4088, 4096]


def mutate(rng, data, other):
    """One to four random edits of data; other is a second input to
    splice from."""
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(9)
        n = len(b)
        if op == 0 and n:  # flip bits
            i = rng.randrange(n)
            b[i] ^= 1 << rng.randrange(8)
        elif op == 1 and n:  # a random byte
            b[rng.randrange(n)] = rng.randrange(256)
        elif op == 2 and n >= 4:  # an interesting 32-bit word
            i = rng.randrange(n - 3)
            v = rng.choice(INTERESTING) & 0xffffffff
            b[i:i + 4] = v.to_bytes(4, rng.choice(("little", "big")))
        elif op == 3 and n:  # cut
            i = rng.randrange(n)
            del b[i:i + rng.randint(1, 64)]
        elif op == 4:  # insert random bytes
            i = rng.randrange(n + 1)
            b[i:i] = bytes(rng.randrange(256)
                           for _ in range(rng.randint(1, 16)))
        elif op == 5 and n:  # truncate
            del b[rng.randrange(n):]
        elif op == 6:  # lines: drop, double or swap one
            lines = bytes(b).split(b"\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            how = rng.randrange(3)
            if how == 0:
                del lines[i]
            elif how == 1:
                lines.insert(i, lines[j])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            b = bytearray(b"\n".join(lines))
        elif op == 7 and other:  # splice in part of the other input
            i, j = rng.randrange(len(other)), rng.randrange(n + 1)
            b[j:j] = other[i:i + rng.randint(1, 512)]
        elif op == 8:  # change a number in the text
            digits = [i for i, c in enumerate(b) if 48 <= c <= 57]
            if digits:
                i = rng.choice(digits)
                b[i:i + 1] = str(rng.choice(INTERESTING)).encode()
    return bytes(b[:MAX_INPUT])


# ---- running -------------------------------------------------------------

def save_crash(kind, data):
    os.makedirs(CRASHES, exist_ok=True)
    name = f"{kind}-{hashlib.sha1(data).hexdigest()[:12]}"
    path = os.path.join(CRASHES, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def one(kind, data, work, trace_cmd=False):
    """None, or what went wrong, as text."""
    try:
        check(kind, data, work, trace_cmd)
    except Exception as e:  # any exception is a broken promise
        if isinstance(e, Broken):
            return str(e)
        return "".join(traceback.format_exception_only(type(e), e)).strip() \
            + "\n" + "".join(traceback.format_tb(e.__traceback__)[-3:])
    finally:
        shutil.rmtree(os.path.join(work, "out"), ignore_errors=True)
    return None


def fuzz(runs, seconds, seed, every):
    rng = random.Random(seed)
    pool = seeds()
    by_kind = {k: [p for p in pool if p[0] == k] for k in KINDS}
    have_trace_cmd = every > 0 and shutil.which("trace-cmd") is not None
    counts = {k: 0 for k in KINDS}
    found = 0
    t_end = time.monotonic() + seconds
    with tempfile.TemporaryDirectory(prefix="trace-fuzz-") as work:
        for kind, data in pool:  # the seeds themselves must pass
            why = one(kind, data, work, have_trace_cmd)
            if why:
                print(f"trace_fuzz: a seed ({kind}) fails: {why}")
                return 1
        run = 0
        while run < runs and time.monotonic() < t_end:
            kind = rng.choice(KINDS)  # each kind as often, whatever
            kind, data = rng.choice(by_kind[kind])  # its seeds number
            other = rng.choice(pool)[1]
            data = mutate(rng, data, other)
            use_tc = have_trace_cmd and run % every == 0
            why = one(kind, data, work, use_tc)
            counts[kind] += 1
            run += 1
            if why:
                found += 1
                path = save_crash(kind, data)
                print(f"trace_fuzz: run {run}: {kind}: {why}\n"
                      f"  input kept in {path}")
                if found >= 10:
                    break
            elif rng.random() < 0.02 and len(pool) < 500:
                pool.append((kind, data))  # keep some survivors to grow on
                by_kind[kind].append((kind, data))
    print(f"trace_fuzz: {run} inputs (" +
          ", ".join(f"{k} {n}" for k, n in counts.items()) +
          f"), seed {seed}, trace-cmd "
          f"{'every %d' % every if have_trace_cmd else 'not used'}: "
          f"{found} broke a promise")
    return 1 if found else 0


def replay(dirs):
    """Run every file of each directory once (pages through trace-cmd too,
    when it is installed); the kind is the name's first word. Returns the
    failures, as (path, why)."""
    bad = []
    trace_cmd = shutil.which("trace-cmd") is not None
    with tempfile.TemporaryDirectory(prefix="trace-replay-") as work:
        for d in dirs:
            for name in sorted(os.listdir(d)):
                kind = name.split("-", 1)[0]
                path = os.path.join(d, name)
                if kind not in KINDS:
                    bad.append((path, f"no such kind '{kind}'"))
                    continue
                why = one(kind, _read(path), work, trace_cmd)
                if why:
                    bad.append((path, why))
    return bad


def main(argv=None):
    ap = argparse.ArgumentParser(description="Fuzz tools/trace.")
    ap.add_argument("--runs", type=int, default=20000)
    ap.add_argument("--time", type=float, default=300)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--trace-cmd", type=int, default=50, metavar="K",
                    help="run trace-cmd report every K-th input (0: never)")
    ap.add_argument("--replay", nargs="+", metavar="DIR")
    a = ap.parse_args(argv)
    if a.replay:
        bad = replay(a.replay)
        for path, why in bad:
            print(f"trace_fuzz: {path}: {why}")
        return 1 if bad else 0
    seed = a.seed if a.seed is not None else random.randrange(1 << 32)
    return fuzz(a.runs, a.time, seed, a.trace_cmd)


if __name__ == "__main__":
    sys.exit(main())
