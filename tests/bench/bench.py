#!/usr/bin/env python3
"""make bench: boot each architecture under QEMU's -icount shift=0 (guest
time = guest instructions), one CPU, run the kernel's `bench` command and
print its figures as instructions (docs/call-site.md explains them).

    bench.py [--append "KERNEL OPTIONS"] [ARCH...]

--append passes a kernel command line, e.g.
"ftrace_sh=literal" to measure SH-4's other way of switching call sites.
"""
import os
import re
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


def main():
    args = sys.argv[1:]
    append = ""
    if args[:1] == ["--append"] and len(args) > 1:
        append, args = args[1], args[2:]
    for arch in (args or ["x86_64", "sh4"]):
        run(arch, append)


if __name__ == "__main__":
    main()
