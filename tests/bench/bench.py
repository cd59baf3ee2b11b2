#!/usr/bin/env python3
"""make bench: boot each architecture under QEMU's -icount shift=0 (guest
time = guest instructions), one CPU, run the kernel's `bench` command and
print its figures as instructions (docs/call-site.md explains them).

    bench.py [--append "KERNEL OPTIONS"] [ARCH...]

--append passes a kernel command line, e.g.
"ftrace_sh=literal" to measure SH-4's other way of switching call sites.
Then, on x86_64, it boots 4 CPUs and runs `patchbench`: the two methods
of patching (stop_machine and breakpoint) in a side-by-side table.

    bench.py --bp-stress

runs instead the long form of the breakpoint method's stress test: 2,000
passes on 4 CPUs under load and the fastest NMI watchdog.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "boot"))
from conftest import Machine, ROOT  # noqa: E402


def run(arch, append=""):
    if not os.path.exists(os.path.join(ROOT, "build", arch, "kernel.elf")):
        print(f"{arch}: not built, skipped")
        return
    m = Machine(arch, smp=1, append=append, variant="bench",
                timeout=600)
    try:
        log = m.boot()
        out = m.cmd("bench", timeout=600)
    finally:
        m.close()
    title = f" [{append}]" if append else ""
    print(f"== {arch}{title} (guest instructions; -icount shift=0, "
          "1 CPU) ==")
    # Boot conversion, in guest microseconds: thousands of instructions.
    conv = re.search(r"converted (\d+) call sites in (\d+) us", log)
    if conv:
        sites, us = int(conv.group(1)), int(conv.group(2))
        print(f"  boot conversion: {us * 1000} for {sites} sites, "
              f"{us * 1000 // max(sites, 1)} per site")
    for line in out.splitlines():
        if line.startswith("bench:"):
            print("  " + line[len("bench: "):])
    per = dict(re.findall(r"bench: (.+?)\s+[\d.]+ per call \(\+([\d.]+)\)",
                          out))
    if per:
        print("  disabled call site costs +%s instructions per call"
              % per.get("leaf, call site disabled", "?"))


PATCH_ROWS = [
    ("fixed cost of a pass (one site, on)", r"one site, pass on (\d+)"),
    ("fixed cost of a pass (one site, off)", r"one site, pass on \d+, off (\d+)"),
    ("per site, switching every site on", r"per site on (\d+)"),
    ("per site, switching every site off", r"per site on \d+, off (\d+)"),
    ("machine-wide syncs in 1,000 passes", r"passes in \d+, (\d+) syncs"),
    ("other CPUs held, per pass", r"others held (\d+)"),
    ("other CPUs disturbed (IPIs), per pass", r"disturbed (\d+)"),
    ("work by 3 other CPUs, per pass", r"(\d+) per pass,"),
    ("work by 3 other CPUs, per ms of the run", r"(\d+) per ms"),
]


def run_patch(arch="x86_64", smp=4):
    """The two ways of patching side by side: `patchbench` on 4 CPUs."""
    if not os.path.exists(os.path.join(ROOT, "build", arch, "kernel.elf")):
        return
    m = Machine(arch, smp=smp, variant="bench", timeout=900)
    try:
        m.boot()
        out = m.cmd("patchbench", timeout=900)
    finally:
        m.close()
    methods = ("stop_machine", "breakpoint")
    lines = {k: "\n".join(x for x in out.splitlines()
                          if x.startswith(f"patchbench: {k}:"))
             for k in methods}
    print(f"== {arch}: patching methods (guest instructions; -icount "
          f"shift=0, {smp} CPUs) ==")
    print(f"  {'':40} {methods[0]:>14} {methods[1]:>14}")
    for what, rx in PATCH_ROWS:
        vals = []
        for k in methods:
            mt = re.search(rx, lines[k])
            vals.append(mt.group(1) if mt else "?")
        print(f"  {what:40} {vals[0]:>14} {vals[1]:>14}")


def bp_stress(passes=2000):
    """The long form of the breakpoint method's stress test."""
    env = dict(os.environ, FTK_BP_STRESS_PASSES=str(passes))
    test = os.path.join(ROOT, "tests", "boot", "test_breakpoint.py")
    return subprocess.call([sys.executable, "-m", "pytest", "-q", test,
                            "-k", "test_stress_under_load"], env=env)


def main():
    args = sys.argv[1:]
    if args == ["--bp-stress"]:
        sys.exit(bp_stress())
    append = ""
    if args[:1] == ["--append"] and len(args) > 1:
        append, args = args[1], args[2:]
    for arch in (args or ["x86_64", "sh4"]):
        run(arch, append)
    if "x86_64" in (args or ["x86_64"]) and not append:
        run_patch()


if __name__ == "__main__":
    main()
