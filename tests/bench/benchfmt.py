"""benchfmt.py - make bench's figures from what the kernel printed: pure
logic, no QEMU (tests/tools/test_bench_format.py runs it on a captured
sample). bench.py boots the kernels and hands the text here.

The kernel's `bench` prints one line a figure, named by its key
(docs/bench.md says what each means), in guest instructions under
-icount shift=0:

    bench: nop_call              8.00 per call (+4.00)
    bench: enable_per_site       167693 for 393 sites, 426 per site
    bench: switch_one_site_whole 43661

A per-call line gives the cost over the call without a call site (the
+N; no_pg_call itself is that call), a "for N sites" line the cost per
site, any other line its number.
"""
import json
import math
import re
import statistics

UNIT = "instructions"

# key: (what it is, Linux 6.1 on x86_64, x86_64 target, SH-4 target)
ROWS = [
    ("no_pg_call", "a leaf without a call site, per call", None, None,
     None),
    ("nop_call", "a disabled call site, per call (over no_pg_call)", 1,
     None, None),
    ("patchable_nop_call", "the same in the -fpatchable-function-entry "
     "build", 1, 1, None),
    ("function_event", "function tracer, per event", 542, 135, None),
    ("hooked_off_call", "function tracer, tracing_on 0, per call", 182, 45,
     None),
    ("graph_event", "function_graph, per event", 662, 165, None),
    ("profiler_call", "function profiler, per call", None, None, None),
    ("list_func_call", "two ops, the list function, per call", 182, 80,
     None),
    ("enable_per_site", "enable every site, the pass, per site", 4513, 100,
     450),
    ("enable_per_site_whole", "enable every site, whole, per site", None,
     None, None),
    ("disable_per_site", "disable every site, the pass, per site", 4096,
     100, 450),
    ("switch_one_site", "switch one site on, the pass", None, None, None),
    ("switch_one_site_whole", "switch one site on, whole operation",
     4700000, 30000, None),
    ("boot_convert_per_site", "boot conversion, per site", None, 150, None),
    ("stop_machine_hold", "others held per stop_machine pass, 4 CPUs",
     None, None, None),
    ("boot_to_prompt", "reset to the shell's first prompt", None, None,
     None),
]
NOTES = {
    "patchable_nop_call": "needs the PATCHABLE build (make PATCHABLE=1; "
                          "make bench builds it)",
    "stop_machine_hold": "patchbench on 4 CPUs, one boot: the 3 others' "
                         "time held, summed, the mean of 1,000 passes; "
                         "min and max the least and most of one pass",
}
SH4_NOTES = {
    "patchable_nop_call": "x86_64 only",
    "stop_machine_hold": "one CPU: no other CPU is held",
}
# Figures the kernel prints beside the keys above (in the JSON too).
EXTRA = ["rb_event", "direct_call", "return_hook_call",
         "switch_one_site_off", "switch_one_site_off_whole",
         "disable_per_site_whole", "filter_glob_all",
         "list_available_functions", "boot_convert", "boot_ksym_index"]

PER_CALL = re.compile(r"^bench: (\w+)\s+([\d.]+) per call \(\+([\d.]+)\)",
                      re.M)
PER_SITE = re.compile(r"^bench: (\w+)\s+(\d+) for (\d+) sites, (\d+) per "
                      r"site", re.M)
VALUE = re.compile(r"^bench: (\w+)\s+(\d+)\s*$", re.M)


def parse_bench(out):
    """The figures of one `bench` run: {key: number}. A per-site line
    also gives KEY_total and sites (the number of sites it covered)."""
    fig = {}
    for key, absolute, plus in PER_CALL.findall(out):
        fig[key] = float(absolute if key == "no_pg_call" else plus)
    for key, total, sites, per in PER_SITE.findall(out):
        fig[key] = int(per)
        fig[key + "_total"] = int(total)
        if key == "boot_convert":
            fig["sites"] = int(sites)
    for key, value in VALUE.findall(out):
        fig[key] = int(value)
    if "boot_convert" in fig:
        fig["boot_convert_per_site"] = fig["boot_convert"]
    return fig


# The side-by-side table of the two patching methods (patchbench).
PATCH_ROWS = [
    ("fixed cost of a pass (one site, on)", r"one site, pass on (\d+)"),
    ("fixed cost of a pass (one site, off)",
     r"one site, pass on \d+, off (\d+)"),
    ("per site, switching every site on", r"per site on (\d+)"),
    ("per site, switching every site off", r"per site on \d+, off (\d+)"),
    ("machine-wide syncs in 1,000 passes", r"passes in \d+, (\d+) syncs"),
    ("other CPUs held, per pass", r"others held (\d+)"),
    ("other CPUs held, least in a pass", r"held per pass, least (\d+)"),
    ("other CPUs held, most in a pass", r"held per pass, least \d+, most "
     r"(\d+)"),
    ("other CPUs disturbed (IPIs), per pass", r"disturbed (\d+)"),
    ("work by 3 other CPUs, per pass", r"(\d+) per pass,"),
    ("work by 3 other CPUs, per ms of the run", r"(\d+) per ms"),
]
METHODS = ("stop_machine", "breakpoint")


def parse_patchbench(out):
    """{method: {row: number or None}} from patchbench's lines."""
    res = {}
    for k in METHODS:
        lines = "\n".join(x for x in out.splitlines()
                          if x.startswith(f"patchbench: {k}:"))
        res[k] = {}
        for what, rx in PATCH_ROWS:
            m = re.search(rx, lines)
            res[k][what] = int(m.group(1)) if m else None
    return res


def patch_table(res, smp=4, arch="x86_64"):
    """patchbench's two methods side by side, as lines."""
    out = [f"== {arch}: patching methods (guest instructions; -icount "
           f"shift=0, {smp} CPUs) ==",
           f"  {'':40} {METHODS[0]:>14} {METHODS[1]:>14}"]
    for what, _ in PATCH_ROWS:
        vals = ["?" if res[k][what] is None else str(res[k][what])
                for k in METHODS]
        out.append(f"  {what:40} {vals[0]:>14} {vals[1]:>14}")
    return out


def hold_from_patchbench(res):
    """stop_machine_hold's figure, least and most, from patchbench."""
    sm = res.get("stop_machine", {})
    mean = sm.get("other CPUs held, per pass")
    if mean is None:
        return None
    least = sm.get("other CPUs held, least in a pass")
    most = sm.get("other CPUs held, most in a pass")
    return {"ours": mean, "min": mean if least is None else least,
            "max": mean if most is None else most}


def _num(x):
    """An int stays an int; a float keeps two decimals."""
    if isinstance(x, float):
        return int(x) if x == int(x) else round(x, 2)
    return x


def summarize(arch, runs, hold=None):
    """{key: {ours, linux, target, unit, min, max[, note]}}: the median
    of the runs and their range, for every key of ROWS and EXTRA."""
    res = {}
    sh4 = arch == "sh4"
    for key, _what, linux, x86_target, sh4_target in ROWS + \
            [(k, None, None, None, None) for k in EXTRA]:
        vals = [r[key] for r in runs if r.get(key) is not None]
        e = {"ours": None, "linux": None if sh4 else linux,
             "target": sh4_target if sh4 else x86_target, "unit": UNIT,
             "min": None, "max": None}
        if key == "stop_machine_hold" and hold and not sh4:
            e.update(hold)
        elif vals:
            e["ours"] = _num(statistics.median_low(vals))
            e["min"], e["max"] = _num(min(vals)), _num(max(vals))
        note = (SH4_NOTES if sh4 else NOTES).get(key)
        if note and (e["ours"] is None or key == "stop_machine_hold"):
            e["note"] = note
        e["runs"] = len(vals) if key != "stop_machine_hold" else 1
        res[key] = e
    return res


def verdict(e):
    """'ok', 'MISSED', or '' when there is nothing to hold it to."""
    if e["ours"] is None or e["target"] is None:
        return ""
    return "ok" if e["ours"] <= e["target"] else "MISSED"


def _fmt(x):
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:,.2f}"
    return f"{x:,}"


def table(arch, summary, runs):
    """The table make bench prints for one arch, as lines."""
    linux_where = ("Linux 6.1: x86_64 figures" if arch == "x86_64" else
                   "Linux 6.1 was measured on x86_64 only")
    out = [f"== {arch}: ours against Linux 6.1 and the target (guest "
           f"{UNIT}, -icount shift=0, 1 CPU; median of {runs} boots; "
           f"{linux_where}) ==",
           f"  {'key':24} {'ours':>11} {'min..max':>23} {'Linux':>11} "
           f"{'ratio':>7} {'target':>9}  {'':6} what"]
    for key, what, *_ in ROWS:
        e = summary[key]
        rng = "" if e["min"] is None else \
            f"{_fmt(e['min'])}..{_fmt(e['max'])}"
        ratio = "-"
        if e["ours"] is not None and e["linux"]:
            ratio = f"{e['ours'] / e['linux']:.3g}"
        line = (f"  {key:24} {_fmt(e['ours']):>11} {rng:>23} "
                f"{_fmt(e['linux']):>11} {ratio:>7} "
                f"{_fmt(e['target']):>9}  {verdict(e):6} {what}")
        if e.get("note") and e["ours"] is None:
            line += f" ({e['note']})"
        out.append(line.rstrip())
    return out


def write_json(path, summary):
    with open(path, "w") as f:
        json.dump(summary, f, indent=1, sort_keys=False)
        f.write("\n")


# ---- make bench SCALE=N: how the figures grow -----------------------------

# key: what it is; each compared as a total over the functions there are.
SCALE_ROWS = [
    ("boot_convert_total", "boot conversion, total"),
    ("boot_convert", "boot conversion, per site"),
    ("enable_per_site", "enable every site, the pass, per site"),
    ("disable_per_site", "disable every site, the pass, per site"),
    ("switch_one_site_whole", "switch one site on, whole operation"),
    ("filter_glob_all_total", "echo '*' > set_ftrace_filter"),
    ("list_available_functions_total", "cat available_filter_functions"),
    ("boot_ksym_index", "the symbols' index by name, at boot"),
    ("boot_to_prompt", "reset to the shell's first prompt"),
]
# A figure may grow this much faster than n log n before it is called
# too fast: the sizes compared are far apart, and a fixed cost (the part
# of a total that does not grow) only slows the growth down.
SLACK = 2.0
# Held to log n: the per-site figures, and one site's whole switch (a
# fixed cost: a literal name is two binary searches).
LOG_N_KEYS = {"boot_convert", "enable_per_site", "disable_per_site",
              "switch_one_site_whole"}


def growth(small, big, n, big_n):
    """Rows (key, what, at n, at N, grew, n ratio, n log n ratio, bound,
    verdict) comparing one run at n sites with one at N. A per-site
    figure and one site's switch are held to log n; any other to n log
    n, as a total over the functions."""
    rn = big_n / n
    rnlogn = big_n * math.log(big_n) / (n * math.log(n))
    rows = []
    for key, what in SCALE_ROWS:
        a, b = small.get(key), big.get(key)
        if a is None or b is None:
            rows.append((key, what, a, b, None, rn, rnlogn, None, "?"))
            continue
        grew = b / a if a else float("inf")
        # Per site, n log n in all is log n each.
        bound = rnlogn / rn if key in LOG_N_KEYS else rnlogn
        ok = "ok" if grew <= bound * SLACK else "TOO FAST"
        rows.append((key, what, a, b, grew, rn, rnlogn, bound, ok))
    return rows


def growth_table(arch, rows, n, big_n):
    out = [f"== {arch}: growth from {n:,} to {big_n:,} call sites (guest "
           f"{UNIT}; per-site and one-site figures held to log n, the "
           f"rest to n log n, x{SLACK:g} for noise) ==",
           f"  {'key':31} {'at n':>13} {'at N':>15} {'grew':>8} "
           f"{'N/n':>7} {'NlogN/nlogn':>11} {'bound':>7}  verdict"]
    for key, _what, a, b, grew, rn, rnlogn, bound, ok in rows:
        g = "-" if grew is None else f"{grew:.2f}"
        bd = "-" if bound is None else f"{bound:.2f}"
        out.append(f"  {key:31} {_fmt(a):>13} {_fmt(b):>15} {g:>8} "
                   f"{rn:7.2f} {rnlogn:11.2f} {bd:>7}  {ok}")
    return out
