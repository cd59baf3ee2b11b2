#!/usr/bin/env python3
"""profile_report.py - turn what the profiler plugin wrote into a flat profile and a
call tree (docs/profile.md explains both).

    profile_report.py RAW [--title TEXT] [--min PERCENT]

RAW is the plugin's out= file. The call tree leaves out the nodes below
PERCENT of the total (default 0.5); the flat profile lists every function.
"""
import sys


class Profile:
    def __init__(self):
        self.marker = None
        self.total = 0
        self.spans = 0
        self.lost = 0
        self.funcs = {}  # name -> [instructions, calls]
        self.nodes = {}  # id -> (parent, func, calls, inclusive)


def parse(text):
    """A Profile from the plugin's lines; ValueError names a bad line."""
    p = Profile()
    lines = text.splitlines()
    if not lines or lines[0] != "ftk-profile 1":
        raise ValueError("not a profile (no 'ftk-profile 1' line)")
    for n, line in enumerate(lines[1:], 2):
        w = line.split()
        try:
            if w[0] == "marker" and len(w) == 2:
                p.marker = w[1]
            elif w[0] in ("total", "spans", "lost") and len(w) == 2:
                setattr(p, w[0], int(w[1]))
            elif w[0] == "func" and len(w) == 4:
                p.funcs[w[1]] = [int(w[2]), int(w[3])]
            elif w[0] == "node" and len(w) == 6:
                p.nodes[int(w[1])] = (int(w[2]), w[3], int(w[4]),
                                      int(w[5]))
            else:
                raise ValueError
        except (ValueError, IndexError):
            raise ValueError(f"line {n}: {line!r}") from None
    return p


def pct(x, total):
    return 100.0 * x / total if total else 0.0


def flat(p):
    """The flat profile: each function's own instructions, most first."""
    out = ["Flat profile: instructions executed in each function itself",
           f"  {'instructions':>12} {'%':>6} {'calls':>9}  function"]
    rows = sorted(p.funcs.items(), key=lambda kv: (-kv[1][0], kv[0]))
    for name, (insns, calls) in rows:
        out.append(f"  {insns:>12} {pct(insns, p.total):>6.2f} "
                   f"{calls:>9}  {name}")
    return out


def children(p):
    """parent id -> [child ids], the biggest first."""
    kids = {}
    for i, (parent, _, _, incl) in p.nodes.items():
        kids.setdefault(parent, []).append(i)
    for v in kids.values():
        v.sort(key=lambda i: (-p.nodes[i][3], p.nodes[i][1]))
    return kids


def tree(p, min_pct=0.5):
    """The call tree: one line per path of calls, its calls and inclusive
    instructions, indented under its caller; nodes under min_pct of the
    total are summed into one line per parent."""
    out = ["Call tree: inclusive instructions of each path of calls "
           "(caller -> callee)",
           f"  {'inclusive':>12} {'%':>6} {'calls':>9}  function"]
    kids = children(p)
    stack = [(i, 0) for i in reversed(kids.get(-1, []))]
    while stack:
        i, depth = stack.pop()
        _, func, calls, incl = p.nodes[i]
        out.append(f"  {incl:>12} {pct(incl, p.total):>6.2f} {calls:>9}  "
                   f"{'  ' * depth}{func}")
        shown, small = [], []
        for k in kids.get(i, []):
            (shown if pct(p.nodes[k][3], p.total) >= min_pct
             else small).append(k)
        if small:
            rest = sum(p.nodes[k][3] for k in small)
            stack.append((("rest", rest, len(small)), depth + 1))
        stack.extend((k, depth + 1) for k in reversed(shown))
        while stack and isinstance(stack[-1][0], tuple):
            (_, rest, n), d = stack.pop()
            out.append(f"  {rest:>12} {pct(rest, p.total):>6.2f} "
                       f"{'':>9}  {'  ' * d}({n} smaller)")
    return out


def report(p, title="", min_pct=0.5):
    """The whole report as text."""
    head = [title] if title else []
    head.append(f"{p.total} instructions counted while {p.marker} ran "
                f"({p.spans} times)")
    if p.lost:
        head.append(f"warning: {p.lost} calls deeper than the shadow "
                    "stack are not in the call tree")
    return "\n".join(head + [""] + tree(p, min_pct) + [""] + flat(p)) + "\n"


def main(argv):
    title, min_pct, args = "", 0.5, []
    it = iter(argv)
    for a in it:
        if a == "--title":
            title = next(it, "")
        elif a == "--min":
            min_pct = float(next(it, "0.5"))
        else:
            args.append(a)
    if len(args) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        with open(args[0]) as f:
            p = parse(f.read())
    except (OSError, ValueError) as e:
        print(f"profile_report.py: {args[0]}: {e}", file=sys.stderr)
        return 1
    sys.stdout.write(report(p, title, min_pct))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
