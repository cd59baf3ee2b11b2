#!/usr/bin/python3
"""make trace: boot the kernel in QEMU, play a scenario of console
commands, stop tracing, and read everything back over the console into
build/trace/: the text trace, the profiler's figures, the thread names,
each CPU's raw ring-buffer pages (printed by the kernel in base64, since
a terminal would eat their control bytes) and, built from those pages,
trace-cmd's trace.dat. Then the pictures, when tools/trace/pictures.py
is there.

    capture.py --arch x86_64|sh4 [--scenario FILE] [--out DIR] [--smp N]

A line says what each step is doing; a failure names the step and ends
with status 1.
"""
import argparse
import base64
import binascii
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "qemu"))
sys.path.insert(0, HERE)
import tracedat  # noqa: E402
from machine import PROMPT, Machine, build_dir  # noqa: E402

T = "/sys/kernel/tracing"
DEFAULT_SCENARIO = os.path.join(HERE, "default-scenario.txt")
# Characters a full base64 line has (kernel/shell.c's base64 command).
B64_LINE = 76
# Seconds a read-back may take: SH-4's console is the slower.
READ_TIMEOUT = 600
# How much of a typed line's end identifies its echo.
ECHO_TAIL = 40
# How much of the end of a long output the prompt is looked for in.
PROMPT_WINDOW = 256


# How the shell says it refused a line (sh's errors, a command's usage,
# cat's and base64's "can't open").
REFUSED = re.compile(r"^(sh: |usage: |\S+: can't )", re.M)


class StepFailed(Exception):
    pass


def decode_base64_lines(text, name, report):
    """The bytes that `base64 FILE` printed as text. A line that is not
    base64 (a kernel message that came in between, a damaged line) is
    reported with its number and decoded as zeros of a full line's
    length, so that what follows keeps its offset: the page it falls in
    is then refused by the page check, not the pages after it."""
    out = bytearray()
    lines = [ln.strip() for ln in text.replace("\r", "").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    for n, line in enumerate(lines, 1):
        last = n == len(lines)
        try:
            if len(line) != B64_LINE and not (last and len(line) % 4 == 0):
                raise ValueError(f"{len(line)} characters")
            out += base64.b64decode(line, validate=True)
        except (ValueError, binascii.Error) as e:
            report(f"{name}: line {n}: not base64 ({e}), taken as"
                   f" {B64_LINE // 4 * 3} zero bytes: {line[:40]!r}")
            out += bytes(B64_LINE // 4 * 3)
    return bytes(out)


def scenario_lines(text):
    """The commands of a scenario: one a line, blank lines and '#'
    comments left out."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


# ---- reading over the console --------------------------------------------

def play(m, line):
    """Type a scenario's line and return what it printed. It waits for
    the next prompt, not for the line's echo: a workload started earlier
    may print its result in the middle of the echo. The echo (the first
    line that ends as the typed line does) is left out."""
    m.send(line + "\r")
    m.expect(PROMPT, timeout=READ_TIMEOUT)
    said = m.p.before.replace("\r", "").split("\n")
    for i, s in enumerate(said):
        if s.endswith(line[-ECHO_TAIL:]):
            del said[i]
            break
    return "\n".join(said)


def read_text(m, path):
    """What `cat path` prints."""
    return m.cmd(f"cat {path}", timeout=READ_TIMEOUT, window=PROMPT_WINDOW)


def read_binary(m, path, report):
    """The bytes of path, through the kernel's base64 command."""
    out = m.cmd(f"base64 {path}", timeout=READ_TIMEOUT,
                window=PROMPT_WINDOW)
    if out.startswith("base64:"):
        raise StepFailed(out.strip())
    return decode_base64_lines(out, path, report)


def cpu_count(m):
    names = m.cmd(f"ls {T}/per_cpu").split()
    cpus = [n for n in names if n.startswith("cpu")]
    if not cpus:
        raise StepFailed(f"no CPUs in {T}/per_cpu: {names}")
    return len(cpus)


def read_raw(m, cpu, report):
    """CPU cpu's pages, from per_cpu/cpuN/trace_pipe_raw. That read takes
    them out of the buffer: read the text trace first."""
    return read_binary(m, f"{T}/per_cpu/cpu{cpu}/trace_pipe_raw", report)


def write_tracedat(out, elf, sym, raws, comms, report):
    """trace.dat at out from the raw pages and the kernel's symbols."""
    t = tracedat.Target.from_elf(elf)
    with open(sym, errors="replace") as f:
        syms = tracedat.kallsyms(f.read(), 2 * t.long_size, sym, report)
    cmdl = tracedat.cmdlines(comms, "saved_cmdlines", report)
    cpus = [tracedat.good_pages(t, raw, f"cpu{c} pages", report)
            for c, raw in enumerate(raws)]
    with open(out, "wb") as f:
        f.write(tracedat.build(t, cpus, syms, cmdl))


# ---- make trace ----------------------------------------------------------

class Progress:
    def __init__(self):
        self.t0 = time.time()
        self.step = None

    def __call__(self, step):
        self.step = step
        print(f"trace: [{time.time() - self.t0:5.1f}s] {step}", flush=True)

    def report(self, msg):
        print(f"trace:   warning: {msg}", flush=True)


def save(path, data):
    with open(path, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)


def capture(arch, scenario_path, out, smp):
    step = Progress()
    build = build_dir(arch)
    elf = os.path.join(build, "kernel.elf")
    sym = os.path.join(build, "kernel.sym")
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):  # an earlier run's, maybe with more CPUs
        if re.fullmatch(r"cpu\d+\.raw", name):
            os.remove(os.path.join(out, name))
    m = None
    try:
        step(f"reading the scenario {scenario_path}")
        with open(scenario_path) as f:
            lines = scenario_lines(f.read())
        save(os.path.join(out, "scenario.txt"), "".join(
            ln + "\n" for ln in lines))

        step(f"booting {arch} in QEMU")
        m = Machine(arch, smp=smp, timeout=120)
        m.boot()

        log = []
        for n, line in enumerate(lines, 1):
            step(f"scenario {n}/{len(lines)}: {line}")
            said = play(m, line)
            log.append(f"$ {line}\n{said}")
            for s in said.splitlines():
                print(f"trace:   | {s}")
            refused = REFUSED.search(said)
            if refused:
                why = said[refused.start():].splitlines()[0]
                step.report(f"scenario line {n} was refused: {why}")
        step("stopping tracing, the profiler and the workloads")
        for line in (f"echo 0 > {T}/tracing_on",
                     f"echo 0 > {T}/function_profile_enabled", "run stop"):
            said = play(m, line)
            log.append(f"$ {line}\n{said}")
        # Every workload has ended and printed: from here on only the
        # commands print, and their echoes come whole.
        save(os.path.join(out, "console.txt"), "".join(log))

        step("counting the CPUs")
        ncpus = cpu_count(m)

        step("reading the text trace (trace)")
        text = read_text(m, f"{T}/trace")
        if not text.startswith("# tracer:"):
            raise StepFailed(f"trace begins {text[:60]!r}")
        save(os.path.join(out, "trace.txt"), text)

        step(f"reading the profiler (trace_stat/function0..{ncpus - 1})")
        save(os.path.join(out, "trace_stat.txt"), "".join(
            read_text(m, f"{T}/trace_stat/function{c}")
            for c in range(ncpus)))

        step("reading the thread names (saved_cmdlines)")
        comms = read_text(m, f"{T}/saved_cmdlines")
        save(os.path.join(out, "saved_cmdlines.txt"), comms)

        raws = []
        for c in range(ncpus):
            step(f"reading CPU {c}'s pages (per_cpu/cpu{c}/trace_pipe_raw,"
                 " in base64)")
            raws.append(read_raw(m, c, step.report))
            save(os.path.join(out, f"cpu{c}.raw"), raws[-1])
        m.close()
        m = None

        step("writing trace.dat")
        write_tracedat(os.path.join(out, "trace.dat"), elf, sym, raws,
                       comms, step.report)

        pictures = os.path.join(HERE, "pictures.py")
        if os.path.exists(pictures):
            step("drawing the pictures (tools/trace/pictures.py)")
            r = subprocess.run([sys.executable, pictures,
                                "--trace", os.path.join(out, "trace.txt"),
                                "--stat", os.path.join(out, "trace_stat.txt"),
                                "--scenario",
                                os.path.join(out, "scenario.txt"),
                                "--out", out])
            if r.returncode:
                raise StepFailed(f"pictures.py exited {r.returncode}")
    except StepFailed as e:
        print(f"trace: step '{step.step}' failed: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # pexpect's timeouts and EOF, OSError, ...
        why = str(e).splitlines()[0] if str(e) else type(e).__name__
        print(f"trace: step '{step.step}' failed: {type(e).__name__}: {why}",
              file=sys.stderr)
        return 1
    finally:
        if m:
            m.close()

    step(f"done in {time.time() - step.t0:.1f} s; in {out}:")
    for name in sorted(os.listdir(out)):
        print(f"  {os.path.join(out, name)}")
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Trace a scenario and read the trace back.")
    ap.add_argument("--arch", default="x86_64", choices=["x86_64", "sh4"])
    ap.add_argument("--scenario", default=DEFAULT_SCENARIO,
                    help="console commands, one a line")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "trace"))
    ap.add_argument("--smp", type=int, default=4)
    a = ap.parse_args(argv)
    return capture(a.arch, a.scenario, a.out, a.smp)


if __name__ == "__main__":
    sys.exit(main())
