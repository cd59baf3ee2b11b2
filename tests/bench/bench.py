#!/usr/bin/env python3
"""make bench: boot each architecture under QEMU's -icount shift=0 (guest
time = guest instructions), one CPU, run the kernel's `bench` command in
several boots and print one table per arch: our figure (the median and
the range), Linux 6.1's, the ratio and the target, a row marked MISSED
where the target is missed (docs/bench.md says what each key means). It
writes build/bench/ARCH.json with the same figures. On x86_64 it also
runs `bench` as many times in the PATCHABLE build (build/x86_64-patchable/,
make PATCHABLE=1): its nop_call is patchable_nop_call, and its figures
get a table of their own and build/bench/x86_64-patchable.json. Then it
boots 4 CPUs and runs `patchbench`: the two methods of patching
(stop_machine and breakpoint) side by side, and stop_machine_hold.

    bench.py [--boots N] [--append "KERNEL OPTIONS"] [ARCH...]

--append passes a kernel command line, e.g. "ftrace_sh=literal" to
measure SH-4's other way of switching call sites (no JSON then).

    bench.py --scale N [ARCH...]

compares the kernel built with N generated functions more
(build/ARCH-scaleN/, make bench SCALE=N) with the normal one: how each
figure grew, against n and n log n (build/bench/ARCH-scaleN.json).

    bench.py --bp-stress

runs instead the long form of the breakpoint method's stress test: 2,000
passes on 4 CPUs under load and the fastest NMI watchdog.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "qemu"))
sys.path.insert(0, os.path.dirname(__file__))
from machine import Machine, ROOT  # noqa: E402
import benchfmt  # noqa: E402

BOOTS = 5
OUT = os.path.join(ROOT, "build", "bench")
PATCHABLE = os.path.join(ROOT, "build", "x86_64-patchable")


def bench_once(arch, append="", build=None):
    """One boot, `bench`, its figures."""
    m = Machine(arch, smp=1, append=append, variant="bench", timeout=900,
                build=build)
    try:
        m.boot(timeout=900)
        out = m.cmd("bench", timeout=900)
    finally:
        m.close()
    if "bench: done" not in out:
        raise SystemExit(f"{arch}: bench did not finish:\n{out}")
    return benchfmt.parse_bench(out), out


def built(arch, build=None):
    return os.path.exists(os.path.join(build or os.path.join(
        ROOT, "build", arch), "kernel.elf"))


def run_patch(arch="x86_64", smp=4):
    """The two ways of patching side by side: `patchbench` on 4 CPUs."""
    m = Machine(arch, smp=smp, variant="bench", timeout=900)
    try:
        m.boot()
        out = m.cmd("patchbench", timeout=900)
    finally:
        m.close()
    return benchfmt.parse_patchbench(out)


def run(arch, boots, append=""):
    if not built(arch):
        print(f"{arch}: not built, skipped")
        return
    runs = []
    for _ in range(boots):
        fig, _out = bench_once(arch, append)
        runs.append(fig)
    # The same leaf's disabled call in the build whose site is the pad.
    patchable = []
    if arch == "x86_64" and not append and built(arch, PATCHABLE):
        for fig in runs:
            p, _out = bench_once(arch, build=PATCHABLE)
            p["patchable_nop_call"] = fig["patchable_nop_call"] = \
                p.get("nop_call")
            patchable.append(p)
    hold, patch = None, None
    if arch == "x86_64" and not append:
        patch = run_patch(arch)
        hold = benchfmt.hold_from_patchbench(patch)
    summary = benchfmt.summarize(arch, runs, hold)
    lines = benchfmt.table(arch, summary, boots)
    if append:
        lines[0] = lines[0].replace(" ==", f" [{append}] ==", 1)
    print("\n".join(lines))
    if patchable:
        psummary = benchfmt.summarize(arch, patchable)
        plines = benchfmt.table(arch, psummary, boots)
        plines[0] = plines[0].replace(" ==", " [PATCHABLE=1] ==", 1)
        print("\n".join(plines))
    if patch:
        print("\n".join(benchfmt.patch_table(patch)))
    if not append:
        os.makedirs(OUT, exist_ok=True)
        written = [(f"{arch}.json", summary)]
        if patchable:
            written.append((f"{arch}-patchable.json", psummary))
        for name, s in written:
            path = os.path.join(OUT, name)
            benchfmt.write_json(path, s)
            print(f"  written: {os.path.relpath(path, ROOT)}")


def run_scale(arch, n):
    build = os.path.join(ROOT, "build", f"{arch}-scale{n}")
    if not built(arch) or not built(arch, build):
        print(f"{arch}: not built (make bench SCALE={n} builds both), "
              "skipped")
        return
    small, _ = bench_once(arch)
    big, _ = bench_once(arch, build=build)
    rows = benchfmt.growth(small, big, small["sites"], big["sites"])
    print("\n".join(benchfmt.growth_table(arch, rows, small["sites"],
                                          big["sites"])))
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f"{arch}-scale{n}.json")
    with open(path, "w") as f:
        json.dump({"n": small["sites"], "N": big["sites"],
                   "rows": [dict(zip(("key", "what", "at_n", "at_N",
                                      "grew", "n_ratio", "nlogn_ratio",
                                      "bound", "verdict"), r))
                            for r in rows]},
                  f, indent=1)
        f.write("\n")
    print(f"  written: {os.path.relpath(path, ROOT)}")


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
    append, boots, scale = "", BOOTS, None
    while args[:1] and args[0].startswith("--") and len(args) > 1:
        opt, val, args = args[0], args[1], args[2:]
        if opt == "--append":
            append = val
        elif opt == "--boots":
            boots = int(val)
        elif opt == "--scale":
            scale = int(val)
        else:
            raise SystemExit(f"bench.py: unknown option {opt}")
    for arch in (args or ["x86_64", "sh4"]):
        if scale:
            run_scale(arch, scale)
        else:
            run(arch, boots, append)


if __name__ == "__main__":
    main()
