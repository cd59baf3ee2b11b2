#!/usr/bin/env python3
"""make bench: boot each architecture under QEMU's -icount shift=0 (guest
time = guest instructions), one CPU, run the kernel's `bench` command and
print its figures as instructions, with the ratios the design asks for.
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "boot"))
from conftest import Machine, ROOT  # noqa: E402

ICOUNT = ["-icount", "shift=0,sleep=off"]


def run(arch):
    if not os.path.exists(os.path.join(ROOT, "build", arch, "kernel.elf")):
        print(f"{arch}: not built, skipped")
        return
    m = Machine(arch, smp=1, extra=ICOUNT, timeout=600)
    try:
        m.boot()
        out = m.cmd("bench", timeout=600)
    finally:
        m.close()
    print(f"== {arch} (guest instructions; -icount shift=0, 1 CPU) ==")
    for line in out.splitlines():
        if line.startswith("bench:"):
            print("  " + line[len("bench: "):])
    per = dict(re.findall(r"bench: (.+?)\s+[\d.]+ per call \(\+([\d.]+)\)",
                          out))
    if per:
        print("  disabled call site costs +%s instructions per call"
              % per.get("leaf, call site disabled", "?"))


def main():
    for arch in (sys.argv[1:] or ["x86_64", "sh4"]):
        run(arch)


if __name__ == "__main__":
    main()
