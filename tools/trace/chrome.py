"""Writes calls as Chrome Trace Event JSON, which Perfetto's UI and
chrome://tracing open: a process per CPU holding a track of which
thread's events it gave when, then a track per thread that ran on it;
each call a begin ("B") and an end ("E") event around its callees',
function tracer events and markers as instants, times in microseconds
(to the nanosecond).

Begin and end rather than complete ("X") events: the trace's times have
microseconds only, so a call and its first callee often start at the
same time, and viewers may nest complete events of equal times the
wrong way round; begins and ends in nesting order leave no doubt."""
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
        out += _runs_track(calls, cpu)
    for key in sorted(calls.tracks, key=lambda k: (k[0], k[1] is not None,
                                                   k[1] or 0)):
        t = calls.tracks[key]
        tid = tid_of(t)
        out.append({"ph": "M", "name": "thread_name", "pid": t.cpu,
                    "tid": tid, "args": {"name": t.label()}})
        for c, begin in _nesting_order(t.roots):
            ev = {"ph": "B" if begin else "E", "name": c.name,
                  "cat": tracer or "calls", "pid": t.cpu, "tid": tid,
                  "ts": _us(c.start if begin else c.end)}
            if begin:
                ev["args"] = {"depth": c.depth, "line": c.line}
                if c.dur is not None:
                    ev["args"]["graph_duration_us"] = _us(c.dur)
                if c.unfinished:
                    ev["args"]["unfinished"] = True
            out.append(ev)
        for i in t.instants:
            ev = {"ph": "i", "s": "t", "pid": t.cpu, "tid": tid,
                  "ts": _us(i.ts), "name": i.name,
                  "cat": "marker" if i.kind == "mark" else "function",
                  "args": {"line": i.line}}
            if i.parent:
                ev["args"]["parent"] = i.parent
            out.append(ev)
    return out


def _runs_track(calls, cpu):
    """The CPU's own track, first in its process: a slice per run of one
    thread's events, so the CPU reads at a glance."""
    tid = RUNS_TID + cpu
    out = [{"ph": "M", "name": "thread_name", "pid": cpu, "tid": tid,
            "args": {"name": f"CPU {cpu}: threads"}},
           {"ph": "M", "name": "thread_sort_index", "pid": cpu, "tid": tid,
            "args": {"sort_index": -1}}]
    for label, start, end in calls.cpu_runs(cpu):
        for ph, ts in (("B", start), ("E", end)):
            out.append({"ph": ph, "name": label, "cat": "threads",
                        "pid": cpu, "tid": tid, "ts": _us(ts),
                        "args": {"depth": 0}})
    return out


def _nesting_order(roots):
    """(call, True) at each call's begin and (call, False) at its end,
    its callees' in between."""
    todo = [(c, True) for c in reversed(roots)]
    while todo:
        c, begin = todo.pop()
        yield c, begin
        if begin:
            todo.append((c, False))
            todo.extend((k, True) for k in reversed(c.children))


# Track ids past any thread's: the CPU's own (its runs of threads), and
# the CPU's calls when the trace names no threads.
RUNS_TID = 2000000
UNNAMED_TID = 1000000


def tid_of(track):
    """A thread's id in the JSON: its pid, or one per CPU past any pid
    when the trace does not name the thread."""
    return track.pid if track.pid is not None else UNNAMED_TID + track.cpu


def write(path, calls, tracer=None):
    """trace.json: events(calls) with the display unit and the tracer."""
    doc = {"traceEvents": events(calls, tracer), "displayTimeUnit": "ns",
           "otherData": {"tracer": tracer or "unknown",
                         "source": "ftk text trace"}}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
