"""Writes calls as Chrome Trace Event JSON, which Perfetto's UI and
chrome://tracing open: a process per CPU holding a thread track per
thread that ran on it, each call a complete ("X") slice nested as the
calls were, function tracer events and markers as instants, times in
microseconds (to the nanosecond)."""
import json


def _us(ns):
    return round(ns / 1000, 3)


def events(calls, tracer=None):
    """The traceEvents list for a calls.Calls."""
    out = []
    cpus = sorted({t.cpu for t in calls.tracks.values()})
    # A CPU's own events name no thread: a tid would make a thread of
    # that number live in the CPU's process, whichever CPU it ran on.
    for cpu in cpus:
        out.append({"ph": "M", "name": "process_name", "pid": cpu,
                    "args": {"name": f"CPU {cpu}"}})
        out.append({"ph": "M", "name": "process_sort_index", "pid": cpu,
                    "args": {"sort_index": cpu}})
    for key in sorted(calls.tracks, key=lambda k: (k[0], k[1] is not None,
                                                   k[1] or 0)):
        t = calls.tracks[key]
        tid = tid_of(t)
        out.append({"ph": "M", "name": "thread_name", "pid": t.cpu,
                    "tid": tid, "args": {"name": t.label()}})
        for c in t.calls():
            args = {"depth": c.depth, "line": c.line}
            if c.dur is not None:
                args["graph_duration_us"] = _us(c.dur)
            if c.unfinished:
                args["unfinished"] = True
            out.append({"ph": "X", "name": c.name, "cat": tracer or "calls",
                        "pid": t.cpu, "tid": tid, "ts": _us(c.start),
                        "dur": _us(c.end - c.start), "args": args})
        for i in t.instants:
            ev = {"ph": "i", "s": "t", "pid": t.cpu, "tid": tid,
                  "ts": _us(i.ts), "name": i.name,
                  "cat": "marker" if i.kind == "mark" else "function",
                  "args": {"line": i.line}}
            if i.parent:
                ev["args"]["parent"] = i.parent
            out.append(ev)
    return out


def tid_of(track):
    """A thread's id in the JSON: its pid, or one per CPU past any pid
    when the trace does not name the thread."""
    return track.pid if track.pid is not None else 1000000 + track.cpu


def write(path, calls, tracer=None):
    """trace.json: events(calls) with the display unit and the tracer."""
    doc = {"traceEvents": events(calls, tracer), "displayTimeUnit": "ns",
           "otherData": {"tracer": tracer or "unknown",
                         "source": "ftk text trace"}}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
