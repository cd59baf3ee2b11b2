"""Reads the kernel's text trace (`cat /sys/kernel/tracing/trace`) into
events, for every converter beside this file.

Both tracers' layouts are understood, with or without their optional
columns: function_graph's `func() {`, `}`, `} /* func */`, leaf
`func();`, `/* marker */` comments, `(Overruns: N)` lines, the banner a
CPU prints when it changes threads and the arrows of interrupts; the
function tracer's `comm-pid [cpu] flags time: func <-parent` lines and
its `tracing_mark_write: text` markers. A line that is neither is
reported with its number and skipped, so a truncated or damaged trace
still gives what it holds.
"""
import re

NS_PER_US = 1000
NS_PER_SEC = 1000000000

# "    0.360893 |  " (funcgraph-abstime)
ABSTIME = re.compile(r" *(\d+)\.(\d{6}) \|  ")
# " 0) " (funcgraph-cpu)
GRAPH_CPU = re.compile(r" *(\d+)\) ")
# "    fib-5      | " (funcgraph-proc): comm is what is left of the last
# "-digits" before the bar. Thread names and pids are short: bounded,
# no pattern tries every split of a long line.
COMM = r"(\S.{0,63}?)-(\d{1,10})"
GRAPH_PROC = re.compile(r" *" + COMM + r" *\| ")
# "  5.310 us    |  ", "! 614.357 us  |  " or the blank "              |  "
GRAPH_DURATION = re.compile(r"(?:[ +!#*@$] (\d+)(?:\.(\d+))? us +| {14})\|  ")
ENTRY = re.compile(r"([^\s(){};]+)\(\) \{$")
LEAF = re.compile(r"([^\s(){};]+)\(\);$")
EXIT = re.compile(r"\}(?: /\* (\S+) \*/)?$")
COMMENT = re.compile(r"/\* (.*) \*/$", re.S)
IRQ_ARROW = re.compile(r"(={10}>|<={10})$")
OVERRUN = re.compile(r" \(Overruns: (\d+)\)$")
BANNER_RULE = re.compile(r" -{42}$")
BANNER_SWITCH = re.compile(r" *(\d+)\) +" + COMM + " +=> +" + COMM + " *$")
LOST = re.compile(r"CPU:(\d+) \[LOST (\d+) EVENTS\]$")
# "           shell-4       [000] d..1.     0.357941: fib <-fib_thread"
FUNCTION_LINE = re.compile(
    r" *" + COMM + r" +(?:\( *[\d-]+\) +)?\[(\d+)\] +"
    r"(?:([.a-zA-Z0-9]{4,5}) +)?(\d+)\.(\d{6}): (.*)$")
MARKER_SYMBOLS = ("tracing_mark_write",)
SYM_ADDR = re.compile(r" <[0-9a-f]+>")  # sym-addr's " <address>"
# Deeper than any kernel's return stack (this one's holds 50 calls): a
# line indented further is damage, and is skipped.
MAX_DEPTH = 1000
# Longer than any line the kernel prints (a marker holds at most a few
# KiB): skipped unread, so no pattern ever works through a huge line.
MAX_LINE = 16384


class Event:
    """One line that means something. kind is one of:
    enter  a call that is still open (`func() {`)
    exit   the end of the innermost open call (`}`), dur in ns; name
           when the line gives it (`} /* f */`), else text is the call
           this CPU last opened at that depth, which the kernel's
           printer matched it against
    leaf   a call and its return on one line (`func();`), dur in ns
    mark   a trace_marker write (text)
    func   a function tracer event (name, parent)
    switch the CPU changes threads (from_pid/from_comm to pid/comm)
    irq    an interrupt's arrow (text: "enter" or "exit")
    ts is in ns (None when the trace has no time column), cpu and pid
    None when the trace does not say."""

    __slots__ = ("kind", "line", "ts", "cpu", "pid", "comm", "depth",
                 "name", "dur", "parent", "text", "from_pid", "from_comm")

    def __init__(self, kind, line, **kw):
        self.kind = kind
        self.line = line
        for k in self.__slots__[2:]:
            setattr(self, k, kw.get(k))

    def __repr__(self):
        fields = ", ".join(f"{k}={getattr(self, k)!r}"
                           for k in self.__slots__
                           if getattr(self, k) is not None)
        return f"Event({fields})"


class Trace:
    """What a text trace holds: its tracer, its events in file order, the
    CPU count the header gives, thread names by pid, and one message per
    line that could not be read."""

    def __init__(self):
        self.tracer = None
        self.nr_cpus = None
        self.events = []
        self.comms = {}
        self.problems = []
        self.lines = 0

    def problem(self, line, what):
        self.problems.append((line, what))


def us_to_ns(whole, frac):
    """"614" and "357" (614.357 us) as ns, without float rounding."""
    frac = (frac or "")[:3]
    return int(whole) * NS_PER_US + (int(frac.ljust(3, "0")) if frac else 0)


def _graph_line(trace, n, line, cur_pid):
    """One function_graph line as an Event, or None when it is not one."""
    pos = 0
    ts = cpu = pid = comm = dur = None
    m = ABSTIME.match(line, pos)
    if m:
        ts = int(m.group(1)) * NS_PER_SEC + int(m.group(2)) * NS_PER_US
        pos = m.end()
    m = GRAPH_CPU.match(line, pos)
    if m:
        cpu = int(m.group(1))
        pos = m.end()
    m = GRAPH_PROC.match(line, pos)
    if m and not GRAPH_DURATION.match(line, pos):
        comm, pid = m.group(1), int(m.group(2))
        pos = m.end()
    m = GRAPH_DURATION.match(line, pos)
    if m:
        if m.group(1) is not None:
            dur = us_to_ns(m.group(1), m.group(2))
        pos = m.end()
    # Without funcgraph-duration there is no column: leaves and returns
    # then come without their durations.
    no_column = m is None
    if pid is None and cpu is not None:
        pid = cur_pid.get(cpu)
    body = line[pos:]
    stripped = body.lstrip(" ")
    indent = len(body) - len(stripped)
    depth = indent // 2
    if depth > MAX_DEPTH:
        return None
    common = dict(ts=ts, cpu=cpu, pid=pid, comm=comm, depth=depth)
    m = ENTRY.match(stripped)
    if m and dur is None:
        return Event("enter", n, name=m.group(1), **common)
    m = LEAF.match(stripped)
    if m and (dur is not None or no_column):
        return Event("leaf", n, name=m.group(1), dur=dur, **common)
    m = EXIT.match(stripped)
    if m and (dur is not None or no_column):
        return Event("exit", n, name=m.group(1), dur=dur, **common)
    m = COMMENT.match(stripped)
    if m and dur is None:
        return Event("mark", n, text=m.group(1), **common)
    m = IRQ_ARROW.match(stripped)
    if m:
        return Event("irq", n, text="enter" if m.group(1)[-1] == ">"
                     else "exit", **common)
    return None


def _function_line(n, line, bare=False):
    """A function tracer line as an Event, or None. bare: the line may be
    the event alone, as context-info off prints it."""
    m = FUNCTION_LINE.match(line)
    if m:
        comm, pid, cpu = m.group(1), int(m.group(2)), int(m.group(3))
        ts = int(m.group(5)) * NS_PER_SEC + int(m.group(6)) * NS_PER_US
        body = m.group(7)
    elif bare:
        comm = pid = cpu = ts = None
        body = line
    else:
        return None
    common = dict(ts=ts, cpu=cpu, pid=pid, comm=comm)
    body = SYM_ADDR.sub("", body)
    sym, sep, text = body.partition(": ")
    if sep and sym.split("+")[0] in MARKER_SYMBOLS:
        return Event("mark", n, text=text, **common)
    name, sep, parent = body.partition(" <-")
    name = name.strip()
    if not name or " " in name:
        return None
    return Event("func", n, name=name.split("+")[0],
                 parent=parent.strip().split("+")[0] if sep else None,
                 **common)


def parse(text):
    """Parse a whole text trace (str) into a Trace. Never raises on what
    the text holds: what it cannot read is in Trace.problems."""
    trace = Trace()
    cur_pid = {}  # cpu -> the thread it runs, from the banners
    opened = {}  # (cpu, depth) -> the call last opened there
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    trace.lines = len(lines)
    for n, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        if len(line) > MAX_LINE:
            trace.problem(n, f"a line of {len(line)} characters, longer "
                          "than the kernel prints")
            continue
        if line.startswith("#"):
            m = re.match(r"# tracer: (\S+)", line)
            if m:
                trace.tracer = m.group(1)
            m = re.search(r"#P:(\d+)", line)
            if m:
                trace.nr_cpus = int(m.group(1))
            continue
        if BANNER_RULE.match(line) or OVERRUN.match(line) or \
                LOST.match(line):
            m = LOST.match(line)
            if m:
                trace.problem(n, f"CPU {m.group(1)} lost {m.group(2)} "
                              "events")
            continue
        m = BANNER_SWITCH.match(line)
        if m:
            cpu = int(m.group(1))
            ev = Event("switch", n, cpu=cpu, from_comm=m.group(2),
                       from_pid=int(m.group(3)), comm=m.group(4),
                       pid=int(m.group(5)))
            cur_pid[cpu] = ev.pid
            _note_comm(trace, ev.from_pid, ev.from_comm)
            _note_comm(trace, ev.pid, ev.comm)
            trace.events.append(ev)
            continue
        ev = None
        if trace.tracer != "function_graph":
            ev = _function_line(n, line)
        if ev is None:
            ev = _graph_line(trace, n, line, cur_pid)
        if ev is None and trace.tracer == "function_graph":
            ev = _function_line(n, line)
        if ev is None and trace.tracer == "function":
            ev = _function_line(n, line, bare=True)
        if ev is None:
            trace.problem(n, "not a trace line: " + _shorten(line))
            continue
        if ev.kind == "enter":
            opened[ev.cpu, ev.depth] = ev.name
        elif ev.kind == "exit":
            last = opened.pop((ev.cpu, ev.depth), None)
            if ev.name is None:
                ev.text = last
        if ev.pid is not None and ev.comm:
            _note_comm(trace, ev.pid, ev.comm)
        if ev.cpu is not None and ev.pid is not None:
            cur_pid.setdefault(ev.cpu, ev.pid)
        trace.events.append(ev)
    return trace


def _note_comm(trace, pid, comm):
    """Keep the longest name seen for a thread: the graph's columns cut
    names short, the function tracer's do not."""
    if comm and comm != "<...>" and len(comm) >= len(trace.comms.get(pid,
                                                                       "")):
        trace.comms[pid] = comm


def _shorten(line, most=60):
    return line if len(line) <= most else line[:most] + "..."


def read(path):
    """Parse the file at path; undecodable bytes become U+FFFD (and the
    line they are on is then most likely reported)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        return parse(f.read())
