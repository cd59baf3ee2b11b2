#!/usr/bin/env python3
"""pictures.py - the kernel's text trace as pictures.

Usage: pictures.py --trace TRACE_TXT [--stat STAT_TXT]
                   [--scenario SCENARIO_TXT] --out DIR

TRACE_TXT is what `cat /sys/kernel/tracing/trace` printed (function_graph
or function), STAT_TXT the `trace_stat/functionN` tables one after the
other, SCENARIO_TXT the console commands that made them. Writes in DIR:
  trace.json    Chrome Trace Event JSON (Perfetto UI, chrome://tracing)
  flame.folded  folded stacks with their call counts (flamegraph tools)
  flame.svg     interactive flame graph of the graph's durations
  report.html   timeline, flame graph, top functions, scenario, offline
Lines that cannot be read are reported (file:line: what) and skipped. A
missing or unreadable input stops it before anything is written.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import calls as calls_mod  # noqa: E402
import chrome  # noqa: E402
import flame  # noqa: E402
import report  # noqa: E402
import tracestat  # noqa: E402
import tracetext  # noqa: E402

OUTPUTS = ("trace.json", "flame.folded", "flame.svg", "report.html")
SHOWN_PROBLEMS = 20  # problem lines printed; the report lists more


def _read(path, what):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError as e:
        raise SystemExit(f"pictures: cannot read the {what} "
                         f"{path}: {e.strerror}")


def _say_problems(path, problems):
    for n, what in problems[:SHOWN_PROBLEMS]:
        print(f"pictures: {path}:{n}: {what}", file=sys.stderr)
    if len(problems) > SHOWN_PROBLEMS:
        print(f"pictures: {path}: {len(problems) - SHOWN_PROBLEMS} more "
              "problems (report.html lists them)", file=sys.stderr)


def make(trace_text, stat_text, scenario, out):
    """Write the four outputs into the directory out (which must exist);
    all are written under temporary names first and renamed only then,
    so a failure leaves the directory as it was. Returns (trace, calls,
    profile)."""
    trace = tracetext.parse(trace_text)
    calls = calls_mod.build(trace)
    prof = tracestat.parse(stat_text) if stat_text is not None else None
    top = flame.merge(calls.roots())
    title = f"ftk {trace.tracer or ''} trace".replace("  ", " ")
    writers = {
        "trace.json": lambda p: chrome.write(p, calls, trace.tracer),
        "flame.folded": lambda p: flame.write_folded(p, top),
        "flame.svg": lambda p: flame.write_svg(p, top, title),
        "report.html": lambda p: report.write(p, trace, calls, prof,
                                              scenario),
    }
    done = []
    try:
        for name in OUTPUTS:
            tmp = os.path.join(out, name + ".tmp")
            done.append(tmp)
            writers[name](tmp)
    except BaseException:
        for tmp in done:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise
    for name in OUTPUTS:
        os.replace(os.path.join(out, name + ".tmp"), os.path.join(out, name))
    return trace, calls, prof


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Turn the kernel's text trace into a Chrome/Perfetto "
        "timeline, a flame graph and an HTML report.")
    ap.add_argument("--trace", required=True, help="the text trace")
    ap.add_argument("--stat", help="the trace_stat/functionN tables")
    ap.add_argument("--scenario", help="the commands that made the trace")
    ap.add_argument("--out", required=True, help="directory to write in")
    args = ap.parse_args(argv)
    trace_text = _read(args.trace, "trace")
    stat_text = _read(args.stat, "trace_stat tables") if args.stat \
        else None
    scenario = _read(args.scenario, "scenario") if args.scenario else None
    if not os.path.isdir(args.out):
        try:
            os.makedirs(args.out)
        except OSError as e:
            raise SystemExit(f"pictures: cannot make {args.out}: "
                             f"{e.strerror}")
    try:
        trace, calls, prof = make(trace_text, stat_text, scenario, args.out)
    except OSError as e:
        raise SystemExit(f"pictures: cannot write in {args.out}: "
                         f"{e.strerror}")
    _say_problems(args.trace, sorted(trace.problems + calls.problems))
    if prof is not None:
        _say_problems(args.stat, prof.problems)
    if not trace.events:
        print(f"pictures: {args.trace}: no events in the trace",
              file=sys.stderr)
    ncalls = sum(1 for t in calls.tracks.values() for _ in t.calls())
    print(f"pictures: {len(trace.events)} events, {ncalls} calls on "
          f"{len(calls.tracks)} threads, traced time "
          f"{calls.traced_time() / 1000:.3f} us -> {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
