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


def json_slices(doc, cat=None):
    """The slices of a trace.json as {pid, tid, cat, name, ts, end, args}
    (ns), from its begin and end events; cat: only the calls (None) or
    only that category. Checks that all nest: on every track, in the
    order they come, each end closes the last slice begun, times never
    go back, and a callee is deeper than its caller."""
    open_at, last, out = {}, {}, []
    for ev in doc["traceEvents"]:
        if ev["ph"] not in ("B", "E"):
            assert ev["ph"] in ("i", "M"), ev
            continue
        key = (ev["pid"], ev["tid"])
        ts = round(ev["ts"] * 1000)
        assert ts >= last.get(key, ts), ev
        last[key] = ts
        stack = open_at.setdefault(key, [])
        if ev["ph"] == "B":
            if stack:
                assert ev["args"]["depth"] > stack[-1]["args"]["depth"]
            stack.append(dict(pid=key[0], tid=key[1], cat=ev["cat"],
                              name=ev["name"], ts=ts, args=ev["args"]))
        else:
            s = stack.pop()
            assert ev["name"] == s["name"]
            s["end"] = ts
            if s["cat"] == cat or cat is None and s["cat"] != "threads":
                out.append(s)
    assert all(not s for s in open_at.values())
    return out


def json_tracks(doc):
    """{(pid, tid): [(start, end, depth)]} of a trace.json's calls, which
    json_slices() has checked."""
    tracks = {}
    for s in json_slices(doc):
        tracks.setdefault((s["pid"], s["tid"]), []).append(
            (s["ts"], s["end"], s["args"]["depth"]))
    return tracks
