#!/usr/bin/env python3
"""console_fuzz.py - type random console lines into a running kernel.

    console_fuzz.py [--lines N] [--seed S] [--timeout T] ARCH...

Boots each ARCH (x86_64, sh4) as the boot tests do and types N lines
(default 10,000) of five kinds: random bytes, lines near and past the
line editor's limit, valid words in random orders, echo redirected to
every file under /sys/kernel/tracing and /proc in turn, and cat, ls and cd
of them. After each line it waits for the prompt; one that does not come
within T seconds gets a Ctrl-C, and one that still does not come is a
failure. At the end the shell must still answer (an echo round trip) and
the console must never have shown a panic, an Oops or an ftrace bug.

The seed (printed; FUZZ_SEED or --seed sets it) fixes every line: the
same seed on the same kernel types the same lines. Everything typed and
printed is kept in build/fuzz/console-ARCH.log.

Lines are never typed, by design, when a word of theirs (as the line
editor and the shell would read it) is one of EXCLUDED: the commands that
stop the machine on purpose (poweroff, panic, fault) and those that run
for a long time on purpose (bench, sleep, run, ftrace stress and
graph-selftest, divcheck), which have tests of their own; nor a cat of a
file that waits for data (trace_pipe, kmsg), which only Ctrl-C ends.
Writes to those files are typed like any other. On x86_64 no Ctrl-A is
typed either: QEMU's -nographic console there is its mux, whose escape key
Ctrl-A is (Ctrl-A X ends QEMU); SH-4's test console passes every byte.
"""
import argparse
import os
import random
import re
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "boot"))
from conftest import PROMPT, Machine  # noqa: E402

import pexpect  # noqa: E402

EXCLUDED = {"poweroff", "panic", "fault", "bench", "sleep", "run",
            "stress", "graph-selftest", "divcheck"}
WAITING_FILES = {"trace_pipe", "trace_pipe_raw", "kmsg"}
BAD_OUTPUT = re.compile(r"Kernel panic|Oops|ftrace bug")
ROOTS = ["/sys/kernel/tracing", "/proc"]
# Every few lines the tracers are switched off again, so that a kernel
# told to trace every function does not stay slow for the rest of the run.
RESET_EVERY = 500
# The longest run of bytes the line editor does not echo typed on SH-4
# (random_bytes says why).
SH4_QUIET_RUN = 4
RESET_LINES = ["echo nop > /sys/kernel/tracing/current_tracer",
               "ftrace count off",
               "echo > /sys/kernel/tracing/set_ftrace_filter",
               "cd /"]

COMMANDS = ["help", "ls", "cat", "echo", "cd", "pwd", "dmesg", "nmi", "mem",
            "uptime", "ps", "cpus", "ftrace", "ftrace site", "ftrace stats",
            "ftrace count"]
# What a file is likely to take: numbers, globs, filter commands,
# tracers, options and clocks.
VALUES = [
    "0", "1", "2", "3", "99", "-1", "4294967295", "4294967296",
    "18446744073709551615", "18446744073709551616", "0x10", "007", "1k",
    "99999999999999999999",
    "*", "fib", "spin_*", "?ib", "[a-f]*", "[!a-z]*", "\\*", "!fib",
    "fib:traceon", "fib:traceoff:3", "*:traceon:0x7", ":traceoff",
    "fib:bogus", "fib:traceon:-1", "schedule*",
    "function", "function_graph", "nop", "overwrite", "nooverwrite",
    "print-parent", "noprint-parent", "sym-offset", "funcgraph-tail",
    "local", "global", "counter",
]
WORDS = COMMANDS + VALUES + [
    "site", "stats", "count", "off", "all", "irqsoff",
    # shell syntax
    ">", ">>", ">>>", "'", "'a  b'", '"a \\" b"', "\\", "''", '""', "..",
    ".", "/", "~",
]


def editor_view(line):
    """The lines the line editor makes of typed bytes: what the shell
    would run (Ctrl-C ends one, and is not part of any)."""
    out, cur, esc = [], [], 0
    for b in line:
        if esc:
            if b < 0x20 or b > 0x7e:
                esc = 0
            else:
                if esc == 1:
                    esc = 2 if b == 0x5b else 3 if b == 0x4f else 0
                elif esc == 2:
                    esc = 0 if b >= 0x40 else 2
                else:
                    esc = 0
                continue
        if b == 0x1b:
            esc = 1
        elif b == 0x03:
            out.append(bytes(cur))
            cur = []
        elif b in (0x08, 0x7f):
            cur = cur[:-1]
        elif b == 0x15:
            cur = []
        elif 0x20 <= b <= 0x7e:
            cur.append(b)
    out.append(bytes(cur))
    return out


def shell_words(text):
    """The words of a line, near enough: quotes and backslashes dropped,
    split at blanks and '>'. Generous, which is what excluding wants."""
    text = re.sub(rb"['\"\\]", b"", text)
    return [w.decode() for w in re.split(rb"[ \t>]+", text) if w]


def allowed(line):
    for view in editor_view(line):
        words = shell_words(view)
        if EXCLUDED & set(words):
            return False
        if "cat" in words and any(os.path.basename(w) in WAITING_FILES
                                  for w in words):
            return False
    return True


class Generator:
    def __init__(self, rng, arch, files, dirs):
        self.rng = rng
        self.arch = arch
        self.files = files
        self.dirs = dirs
        self.next_file = 0

    def word(self):
        r = self.rng
        pick = r.random()
        if pick < 0.6:
            return r.choice(WORDS)
        if pick < 0.8:
            return r.choice(self.files + self.dirs)
        n = r.randint(1, 12)
        return "".join(chr(r.randint(0x21, 0x7e)) for _ in range(n))

    def random_bytes(self):
        r = self.rng
        n = r.randint(1, 120)
        # CR and LF would end the line early; everything else goes, but
        # for the mux's escape key where there is one.
        never = (10, 13, 1) if self.arch == "x86_64" else (10, 13)
        pool = [b for b in range(256) if b not in never]
        if self.arch != "sh4":
            return bytes(r.choice(pool) for _ in range(n))
        # SH-4's relay lets 8 bytes go ahead of the echo; past that, each
        # byte the editor does not echo waits for its silence to pass.
        # Runs of them are kept shorter than that, so the relay never
        # waits: the same bytes, at the speed of the rest.
        out, quiet = bytearray(), 0
        while len(out) < n:
            b = r.choice(pool)
            if not 0x20 <= b <= 0x7e:
                if quiet == SH4_QUIET_RUN:
                    b = r.randint(0x20, 0x7e)
                else:
                    quiet += 1
            if 0x20 <= b <= 0x7e:
                quiet = 0
            out.append(b)
        return bytes(out)

    def long_line(self):
        # On SH-4 a byte the editor swallows is paced by the relay; a
        # line at most a few bytes past the limit is refused just as well.
        top = 518 if self.arch == "sh4" else 2000
        n = self.rng.randint(400, top)
        return bytes(self.rng.randint(0x20, 0x7e) for _ in range(n))

    def word_soup(self):
        n = self.rng.randint(1, 8)
        words = [self.word() for _ in range(n)]
        # Mostly a command first, so that its arguments are what is bad.
        if self.rng.random() < 0.7:
            words[0] = self.rng.choice(COMMANDS)
        return " ".join(words).encode()

    def redirect(self):
        r = self.rng
        # Every file in turn, so each one is written to.
        target = self.files[self.next_file % len(self.files)]
        self.next_file += 1
        if r.random() < 0.1:
            target = r.choice(self.dirs + ["/", "", "/nope", "a" * 300])
        if r.random() < 0.5:
            words = r.choice(VALUES)
        else:
            words = " ".join(self.word() for _ in range(r.randint(0, 3)))
        op = r.choice([">", ">>", " > ", " >> ", ">"])
        return f"echo {words}{op}{target}".encode()

    def look(self):
        r = self.rng
        readable = [f for f in self.files
                    if os.path.basename(f) not in WAITING_FILES]
        cmd = r.choice(["cat", "cat", "ls", "cd"])
        if cmd == "cat":
            args = " ".join(r.choice(readable)
                            for _ in range(r.randint(1, 2)))
        else:
            args = r.choice(self.dirs + readable + [".."])
        return f"{cmd} {args}".encode()

    def line(self):
        kinds = [(0.15, self.random_bytes), (0.05, self.long_line),
                 (0.40, self.word_soup), (0.30, self.redirect),
                 (0.10, self.look)]
        while True:
            pick, acc = self.rng.random(), 0.0
            for weight, make in kinds:
                acc += weight
                if pick < acc:
                    break
            line = make()
            if allowed(line):
                return line


def walk(m):
    """Every file and directory under ROOTS, in ls's order."""
    files, dirs, todo = [], [], list(ROOTS)
    while todo:
        d = todo.pop(0)
        dirs.append(d)
        for name in m.cmd(f"ls {d}").split("\n"):
            name = name.strip()
            if not name:
                continue
            if name.endswith("/"):
                todo.append(f"{d}/{name[:-1]}")
            else:
                files.append(f"{d}/{name}")
    return files, dirs


class Console:
    """Raw bytes to the guest; prompts counted back."""

    def __init__(self, m, timeout, log):
        self.m = m
        self.timeout = timeout
        self.log = log
        self.interrupted = []

    def type(self, data):
        os.write(self.m.p.child_fd, data)

    def prompts(self, n, timeout):
        for _ in range(n):
            self.m.p.expect(PROMPT, timeout=timeout)
            self.check(self.m.p.before)

    def check(self, text):
        self.log.write(text)
        bad = BAD_OUTPUT.search(text)
        if bad:
            raise AssertionError(f"console showed {bad.group(0)!r}")

    def run(self, i, line):
        self.log.write(f"\n### line {i}: {line!r}\n")
        self.type(line + b"\r")
        # Each Ctrl-C in the line drops what came before it: a prompt.
        want = line.count(b"\x03") + 1
        try:
            self.prompts(want, self.timeout)
        except pexpect.TIMEOUT:
            self.interrupted.append((i, line))
            self.type(b"\x03")
            self.prompts(1, self.timeout)


def fuzz_arch(arch, seed, lines, timeout):
    rng = random.Random(f"{seed}:{arch}")
    os.makedirs(os.path.join(ROOT, "build", "fuzz"), exist_ok=True)
    path = os.path.join(ROOT, "build", "fuzz", f"console-{arch}.log")
    start = time.time()
    m = Machine(arch)
    i, last, files, con = 0, None, [], None
    with open(path, "w", encoding="utf-8", errors="replace") as log:
        try:
            m.boot()
            files, dirs = walk(m)
            gen = Generator(rng, arch, files, dirs)
            con = Console(m, timeout, log)
            for i in range(lines):
                if i and i % RESET_EVERY == 0:
                    for reset in RESET_LINES:
                        con.run(f"reset {i}", reset.encode())
                    print(f"  {arch}: {i} lines, "
                          f"{time.time() - start:.0f} s", flush=True)
                last = gen.line()
                con.run(i, last)
            nonce = f"alive-{seed}"
            con.type(f"echo {nonce}\r".encode())
            m.p.expect(r"\n" + nonce + r"\r*\n", timeout=timeout)
            con.prompts(1, timeout)
        except (AssertionError, pexpect.TIMEOUT, pexpect.EOF) as e:
            if isinstance(m.p.before, str):
                log.write(m.p.before)
            print(f"console fuzz {arch}: FAILED after line {i}: "
                  f"{type(e).__name__} {str(e).splitlines()[0]}")
            print(f"  the line: {last!r}; log: {path}")
            return False
        finally:
            m.close()
    took = time.time() - start
    print(f"console fuzz {arch}: {lines} lines over {len(files)} files "
          f"in {took:.0f} s; {len(con.interrupted)} needed Ctrl-C; "
          f"the shell still answers")
    for i, line in con.interrupted[:10]:
        print(f"  Ctrl-C after line {i}: {line!r}")
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("arches", nargs="+", choices=["x86_64", "sh4"])
    ap.add_argument("--lines", type=int, default=10000)
    ap.add_argument("--seed", type=int,
                    default=int(os.environ.get("FUZZ_SEED") or
                                random.SystemRandom().randrange(1 << 32)))
    ap.add_argument("--timeout", type=float, default=20)
    a = ap.parse_args()
    print(f"console fuzz: seed {a.seed} (FUZZ_SEED={a.seed} repeats it), "
          f"{a.lines} lines per arch")
    ok = [fuzz_arch(arch, a.seed, a.lines, a.timeout) for arch in a.arches]
    print(f"console fuzz: {sum(ok)} passed, {len(ok) - sum(ok)} failed")
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
