#!/usr/bin/env python3
"""profile.py - make profile: boot a kernel under -icount shift=0 with the
profiler plugin, type a scenario's console lines, and write the report.

    profile.py ARCH [SCENARIO]

SCENARIO is a file of console lines (blank lines and lines starting with
'#' are skipped; default tools/qemu-profile/default.scenario). Every
instruction the CPU executes while the shell runs one of them is counted.
The report goes to build/profile/ARCH.txt and to the terminal; the plugin's
own counts to build/profile/ARCH.raw.
"""
import os
import sys

import pexpect

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "boot"))
from conftest import Machine, ROOT, build_dir  # noqa: E402
import profile_report as report  # noqa: E402

PLUGIN = os.path.join(ROOT, "build", "host", "qemu-profile.so")
DEFAULT = os.path.join(HERE, "default.scenario")


def read_scenario(path):
    """The scenario's console lines; ValueError if it has none."""
    with open(path) as f:
        lines = [ln.strip() for ln in f]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    if not lines:
        raise ValueError("no console lines in it")
    return lines


def plugin_args(arch, raw, mark=None):
    """QEMU's -plugin argument for a profile of arch written to raw."""
    sym = os.path.join(build_dir(arch), "kernel.sym")
    spec = f"file={PLUGIN},syms={sym},out={raw}"
    return ["-plugin", spec + (f",mark={mark}" if mark else "")]


def read_profile(raw):
    """The Profile in raw, or None before the plugin has written one."""
    if not os.path.exists(raw):
        return None
    with open(raw) as f:
        return report.parse(f.read())


def run(arch, lines, raw, mark=None, timeout=600):
    """Boot arch with the plugin and type lines. Returns, for each line,
    its console output and the Profile as it stood once the line was done
    (the plugin rewrites raw each time the marker returns, before the
    prompt): the last one is the whole scenario's."""
    if os.path.exists(raw):
        os.remove(raw)
    m = Machine(arch, smp=1, variant="bench", timeout=timeout,
                extra=plugin_args(arch, raw, mark))
    outs, profs = [], []
    try:
        m.boot(timeout=timeout)
        for line in lines:
            outs.append(m.cmd(line, timeout=timeout))
            profs.append(read_profile(raw))
    except pexpect.EOF:
        raise RuntimeError("QEMU ended early; it said:\n" +
                           m.p.before[-2000:]) from None
    finally:
        m.close()
    return outs, profs


def main(argv):
    if len(argv) not in (1, 2) or argv[0] not in ("x86_64", "sh4"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    arch = argv[0]
    path = argv[1] if len(argv) > 1 else DEFAULT
    try:
        lines = read_scenario(path)
    except (OSError, ValueError) as e:
        print(f"profile: scenario {path}: {e}", file=sys.stderr)
        return 1
    for need in (PLUGIN, os.path.join(build_dir(arch), "kernel.sym")):
        if not os.path.exists(need):
            print(f"profile: {need} is missing (make profile builds it)",
                  file=sys.stderr)
            return 1
    outdir = os.path.join(ROOT, "build", "profile")
    os.makedirs(outdir, exist_ok=True)
    raw = os.path.join(outdir, f"{arch}.raw")
    try:
        p = run(arch, lines, raw)[1][-1]
    except KeyboardInterrupt:
        print("profile: interrupted", file=sys.stderr)
        return 130
    except pexpect.TIMEOUT:
        print("profile: a line did not finish within 600 s (QEMU stopped)",
              file=sys.stderr)
        return 1
    except RuntimeError as e:
        print(f"profile: {e}", file=sys.stderr)
        return 1
    if p is None:
        print("profile: nothing was counted", file=sys.stderr)
        return 1
    title = "\n".join([f"== make profile: {arch} (guest instructions, "
                       "-icount shift=0, 1 CPU), scenario "
                       f"{os.path.relpath(path, ROOT)}:"] +
                      [f"   {ln}" for ln in lines])
    text = report.report(p, title)
    with open(os.path.join(outdir, f"{arch}.txt"), "w") as f:
        f.write(text)
    sys.stdout.write(text)
    print(f"(written to build/profile/{arch}.txt)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
