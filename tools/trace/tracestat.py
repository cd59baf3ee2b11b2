"""Reads the function profiler's tables (`cat trace_stat/function0..N`,
one after the other) and sums them over the CPUs."""
import re

from tracetext import us_to_ns

HEADER = re.compile(r"  Function +Hit +Time +Avg +s\^2 *$")
RULE = re.compile(r"  -+ +-+ +-+ +-+ +-+ *$")
ROW = re.compile(r"  (\S+) +(\d+) +(\d+)(?:\.(\d+))? us +(\d+)(?:\.(\d+))? us"
                 r" +(\d+)(?:\.(\d+))? us *$")


class Profile:
    """Per function: hits and total ns summed over the CPUs, and the hits
    of each CPU; the tables in the order they came; unreadable lines."""

    def __init__(self):
        self.funcs = {}
        self.cpus = 0
        self.problems = []

    def top(self, n=None):
        """(name, hits, total ns, {cpu: hits}) by total time, longest
        first; ties by name."""
        rows = sorted(self.funcs.items(),
                      key=lambda kv: (-kv[1][1], kv[0]))
        return [(k, v[0], v[1], v[2]) for k, v in rows[:n]]


def parse(text):
    """A Profile of the tables in text; a row before any header, or a line
    that is no row, is a problem by its number."""
    prof = Profile()
    cpu = -1
    for n, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip() or RULE.match(line):
            continue
        if HEADER.match(line):
            cpu += 1
            prof.cpus = cpu + 1
            continue
        m = ROW.match(line)
        if not m or cpu < 0:
            prof.problems.append((n, "not a trace_stat row: " + line[:60]))
            continue
        name, hits = m.group(1), int(m.group(2))
        total = us_to_ns(m.group(3), m.group(4))
        f = prof.funcs.setdefault(name, [0, 0, {}])
        f[0] += hits
        f[1] += total
        f[2][cpu] = f[2].get(cpu, 0) + hits
    return prof


def read(path):
    """parse() of the file at path."""
    with open(path, encoding="utf-8", errors="replace") as f:
        return parse(f.read())
