"""What the tests of tools/trace share: the converters on sys.path, the
real samples in data/, and checks made without the converters' own
code (regular expressions over the kernel's text), so a test compares
a picture against the trace itself."""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(HERE, "data")
TOOLS = os.path.join(ROOT, "tools", "trace")
PICTURES = os.path.join(TOOLS, "pictures.py")
sys.path.insert(0, TOOLS)

ARCHES = ["x86_64", "sh4"]
GRAPH = ["x86_64-graph-fib", "sh4-graph-fib", "x86_64-graph-mix",
         "sh4-graph-mix", "x86_64-graph-plain"]
FUNCTION = ["x86_64-function", "sh4-function"]
ALL = GRAPH + FUNCTION

# A graph line's duration column and what follows it.
DUR_BODY = re.compile(r"[ +!#*@$] (\d+(?:\.\d+)?) us +\|  (.*)$")


def path(name, kind):
    return os.path.join(DATA, f"{name}.{kind}.txt")


def text(name, kind="trace"):
    with open(path(name, kind), encoding="utf-8") as f:
        return f.read()


def calls_in_text(trace_text):
    """How many calls the text shows: every `f() {` and `f();`, and every
    return whose entry is not in it (the buffer had overwritten it). A
    return closes the open call of its thread (the proc column, or the
    CPU where there is none) at its depth; with none open there, it is a
    call of its own."""
    n, open_at = 0, {}
    for line in trace_text.splitlines():
        m = re.search(r"\) +(\S+-\d+) +\| .*\|  ( *)(\S.*)$", line) or \
            re.match(r" *(\d+)\) .*\|  ( *)(\S.*)$", line)
        if not m:
            continue
        who, depth, body = m.group(1), len(m.group(2)) // 2, m.group(3)
        stack = open_at.setdefault(who, [])
        if body.endswith("() {"):
            n += 1
            stack.append(depth)
        elif body.endswith("();"):
            n += 1
        elif body.startswith("}"):
            while stack and stack[-1] > depth:
                stack.pop()
            if stack and stack[-1] == depth:
                stack.pop()
            else:
                n += 1
    return n


def root_time_in_text(trace_text):
    """ns of the calls at depth 0 (returns and leaves with no indent), for
    a trace in which every root call returned."""
    total = 0
    for line in trace_text.splitlines():
        m = DUR_BODY.search(line)
        if m and not m.group(2).startswith(" "):
            whole, _, frac = m.group(1).partition(".")
            total += int(whole) * 1000 + int(frac.ljust(3, "0")[:3] or 0)
    return total


def check_nesting(slices):
    """slices: [(start, end, depth)] of one track, in ns. Every slice must
    lie inside the one open around it, or after it, never across its
    end, and deeper than it. A slice of no length (a call whose times
    were cut to nothing) needs only to lie inside."""
    stack = []
    for start, end, depth in sorted(slices, key=lambda s: (s[0], -s[1])):
        assert end >= start
        while stack and (start >= stack[-1][1] and end > start or
                         start > stack[-1][1]):
            stack.pop()
        if stack:
            assert end <= stack[-1][1], (start, end, stack[-1])
            assert depth > stack[-1][2] or end == start, \
                (start, end, depth, stack[-1])
        if end > start:
            stack.append((start, end, depth))


def json_tracks(doc):
    """{(pid, tid): [(start, end, depth)]} of a trace.json's slices."""
    tracks = {}
    for ev in doc["traceEvents"]:
        if ev["ph"] == "X":
            ts = round(ev["ts"] * 1000)
            tracks.setdefault((ev["pid"], ev["tid"]), []).append(
                (ts, ts + round(ev["dur"] * 1000), ev["args"]["depth"]))
    return tracks
