"""Turns a parsed trace's events into calls: per thread, a forest of
timed, nested slices, and the instants (function tracer events,
markers) beside them. The timeline and the flame graph are drawn from
these.

A thread's track is (cpu, pid): function_graph's depth is kept per
thread, and a thread stays on its CPU. Calls the trace saw only half of
are kept: a return whose entry came before the trace began (`} /* f */`)
becomes a call that starts its duration before the return, and takes
in the calls already seen inside it; a call still open at the end of
the trace ends at its track's last time and is marked unfinished.
"""


class Call:
    """One call: name, start and end in ns, depth, children in time
    order. dur is the graph's own duration (None when the trace ends
    before the call returns, or prints no durations); start/end are on
    the trace's clock."""

    __slots__ = ("name", "start", "end", "dur", "depth", "children",
                 "unfinished", "line", "_value")

    def __init__(self, name, start, depth, line, dur=None):
        self.name = name
        self.start = start
        self.end = start + (dur or 0)  # a call with no duration: none
        self.dur = dur
        self.depth = depth
        self.children = []
        self.unfinished = False
        self.line = line
        self._value = dur or 0

    def value(self):
        """The time this call stands for in a flame graph: its duration,
        or what its calls add up to when it has none, never less than
        what they add up to. Set by build() for every call."""
        return self._value


class Instant:
    """A point in time on a track: a marker ("mark", name its text) or a
    function tracer event ("func", with its parent when printed)."""

    __slots__ = ("kind", "name", "ts", "line", "parent")

    def __init__(self, kind, name, ts, line, parent=None):
        self.kind, self.name, self.ts, self.line = kind, name, ts, line
        self.parent = parent


class Track:
    """One thread on one CPU: its root calls and its instants."""

    def __init__(self, cpu, pid, comm):
        self.cpu, self.pid, self.comm = cpu, pid, comm
        self.roots = []
        self.instants = []
        self.stack = []
        self.last_ts = None
        self.cursor = 0  # where the next call starts with no time column

    def label(self):
        if self.pid is None:
            return f"CPU {self.cpu}"
        return f"{self.comm or '<...>'}-{self.pid}"

    def calls(self):
        """Every call of the track, parents before children."""
        todo = list(reversed(self.roots))
        while todo:
            c = todo.pop()
            yield c
            todo.extend(reversed(c.children))


class Calls:
    """The tracks of a trace (by (cpu, pid)), each CPU's runs of threads,
    the problems found while nesting, and whether times are the trace's
    own or made up from the durations alone."""

    def __init__(self):
        self.tracks = {}
        self.problems = []
        self.unfinished = 0  # calls still open where the trace ends
        # cpu -> [[pid, first, last time]]: which thread's events the CPU
        # gave, stretch after stretch
        self.runs = {}
        self.timed = True

    def track(self, cpu, pid, comms):
        key = (cpu if cpu is not None else 0, pid)
        t = self.tracks.get(key)
        if t is None:
            t = self.tracks[key] = Track(key[0], pid, comms.get(pid))
        return t

    def roots(self):
        for key in sorted(self.tracks, key=_track_order):
            yield from self.tracks[key].roots

    def traced_time(self):
        """Sum of the root calls' flame values, in ns."""
        return sum(c.value() for c in self.roots())

    def cpu_runs(self, cpu):
        """(label, start, end) of each run of threads on cpu, each ending
        where the next begins: who the CPU's events came from, when."""
        runs = self.runs.get(cpu, [])
        out = []
        for i, (pid, start, last) in enumerate(runs):
            end = runs[i + 1][1] if i + 1 < len(runs) else last
            t = self.tracks.get((cpu, pid))
            out.append((t.label() if t else f"<...>-{pid}", start, end))
        return out

    def span(self):
        """(first, last) time of anything on any track, or (0, 0)."""
        lo = hi = None
        for t in self.tracks.values():
            for c in t.roots:
                lo = c.start if lo is None else min(lo, c.start)
                hi = c.end if hi is None else max(hi, c.end)
            for i in t.instants:
                lo = i.ts if lo is None else min(lo, i.ts)
                hi = i.ts if hi is None else max(hi, i.ts)
        return (lo or 0, hi or 0)


def _track_order(key):
    cpu, pid = key
    return (cpu, -1 if pid is None else pid)


def _attach(track, call):
    (track.stack[-1].children if track.stack else track.roots).append(call)


def _close_open(track, depth, end, calls):
    """Pop the calls open at depth or deeper: their returns are missing
    (lost, or the trace ended); they end at end."""
    while track.stack and track.stack[-1].depth >= depth:
        c = track.stack.pop()
        c.unfinished = True
        c.end = max(end if end is not None else c.start,
                    c.start, *(k.end for k in c.children))
        calls.unfinished += 1


def _start_of(track, ev, calls, dur=0):
    """The start of a call the event begins (ev.ts, or the running cursor
    when the trace has no times)."""
    if ev.ts is not None:
        return ev.ts
    calls.timed = False
    start = track.cursor
    track.cursor += dur or 0
    return start


def _orphan_return(track, ev, calls):
    """A return whose entry is not in the trace: the call began dur
    before it, and holds the calls at deeper depths seen since then."""
    end = ev.ts if ev.ts is not None else track.cursor
    c = Call(ev.name or ev.text or "?", end - (ev.dur or 0), ev.depth,
             ev.line, ev.dur)
    siblings = track.stack[-1].children if track.stack else track.roots
    inner = []
    while siblings and siblings[-1].depth > ev.depth and \
            siblings[-1].start >= c.start:
        inner.append(siblings.pop())
    c.children = inner[::-1]
    siblings.append(c)
    if ev.ts is None:
        track.cursor = max(track.cursor, c.end)


def _enter(track, ev, calls):
    _close_open(track, ev.depth, ev.ts, calls)
    c = Call(ev.name, _start_of(track, ev, calls), ev.depth, ev.line)
    _attach(track, c)
    track.stack.append(c)


def _leaf(track, ev, calls):
    _close_open(track, ev.depth, ev.ts, calls)
    _attach(track, Call(ev.name, _start_of(track, ev, calls, ev.dur),
                        ev.depth, ev.line, ev.dur))


def _exit(track, ev, calls):
    _close_open(track, ev.depth + 1, ev.ts, calls)
    top = track.stack[-1] if track.stack else None
    if top is None or top.depth != ev.depth:
        _orphan_return(track, ev, calls)
        return
    track.stack.pop()
    if ev.name and ev.name != top.name:
        calls.problems.append((ev.line, f"return of {ev.name} closes "
                               f"{top.name} (line {top.line})"))
    top.dur = ev.dur
    if ev.dur is not None:
        top.end = top.start + ev.dur
    else:  # no duration column: the return's time, or its calls'
        top.end = max([top.start] + [k.end for k in top.children] +
                      ([ev.ts] if ev.ts is not None else []))
    if ev.ts is None:
        track.cursor = max(track.cursor, top.end)


def _instant(track, ev, calls):
    ts = ev.ts if ev.ts is not None else track.cursor
    track.instants.append(Instant(
        ev.kind, ev.text if ev.kind == "mark" else ev.name, ts, ev.line,
        ev.parent))


def _note_run(calls, ev):
    """Extend the CPU's last run when ev is of the same thread, else start
    a run: a stretch of the CPU's events that one thread's make."""
    if ev.ts is None or ev.cpu is None or ev.pid is None:
        return
    runs = calls.runs.setdefault(ev.cpu, [])
    if runs and runs[-1][0] == ev.pid:
        runs[-1][2] = max(runs[-1][2], ev.ts)
    else:
        start = max(ev.ts, runs[-1][2]) if runs else ev.ts
        runs.append([ev.pid, start, start])


HANDLERS = {"enter": _enter, "leaf": _leaf, "exit": _exit,
            "mark": _instant, "func": _instant}


def build(trace):
    """The Calls of a tracetext.Trace."""
    calls = Calls()
    for ev in trace.events:
        handler = HANDLERS.get(ev.kind)
        if handler is None:  # a banner or an interrupt's arrow
            continue
        track = calls.track(ev.cpu, ev.pid, trace.comms)
        if ev.ts is not None:
            track.last_ts = ev.ts if track.last_ts is None else \
                max(track.last_ts, ev.ts)
        _note_run(calls, ev)
        handler(track, ev, calls)
    for track in calls.tracks.values():
        _close_open(track, 0, track.last_ts, calls)
        del track.stack
    for track in calls.tracks.values():
        _fit(track.roots)
    return calls


def _fit(roots):
    """Make the calls nest exactly. Times are the trace's, cut to the
    microsecond, and durations are measured apart from them (on SH-4 a
    duration across the timer's tick can even exceed the time to the next
    event), so a call may seem to run past its caller's end or its next
    sibling's start: its end is brought back to there, and its start
    never before its caller's. Then each call's flame value is its
    duration, or its calls' sum if more. (No recursion: a damaged trace
    may nest as deep as it has lines.)"""
    order = []
    todo = [(roots, None)]
    while todo:
        siblings, parent = todo.pop()
        # Starts in order, inside the caller (times that go backwards
        # are damage, or a clock's glitch) ...
        lo = parent.start if parent else None
        for c in siblings:
            if lo is not None:
                c.start = max(c.start, lo)
            if parent is not None:
                c.start = min(c.start, parent.end)
            lo = c.start
        # ... then each end no later than what comes after it.
        for i, c in enumerate(siblings):
            if parent is not None:
                c.end = min(c.end, parent.end)
            if i + 1 < len(siblings):
                c.end = min(c.end, siblings[i + 1].start)
            c.end = max(c.end, c.start)
            order.append(c)
            todo.append((c.children, c))
    for c in reversed(order):  # children before their callers
        inner = sum(k._value for k in c.children)
        c._value = inner if c.dur is None else max(c.dur, inner)
