"""One recording printed with the trace options set every way reads as
the same calls: the columns an option adds or takes away change nothing
the pictures are drawn from, beyond what the option really leaves out."""
import pytest

import pictures_samples as S  # first: it puts tools/trace on the path
import calls as calls_mod  # noqa: E402
import flame  # noqa: E402
import tracetext  # noqa: E402

GRAPH_OPTS = ["nodur", "nocpu", "tail", "noctx"]
FUNCTION_OPTS = ["addr", "noirq", "noctx"]
FIB_STACKS = ["fib_start 1", "fib_thread 1", "fib_thread;fib 1",
              "fib_thread;fib;fib 2", "fib_thread;fib;fib;fib 2",
              "fib_thread;fib_report 1"]


def read(name):
    t = tracetext.parse(S.text(name))
    assert t.problems == []
    c = calls_mod.build(t)
    assert c.problems == [] and c.unfinished == 0
    return t, c


@pytest.mark.parametrize("opt", GRAPH_OPTS)
def test_graph_options_give_the_same_stacks(opt):
    t, c = read(f"x86_64-graph-opt-{opt}")
    top = flame.merge(c.roots())
    assert flame.folded_lines(top) == FIB_STACKS
    marks = [i.name for tr in c.tracks.values() for i in tr.instants]
    assert marks == ["mark1"]
    if opt in ("nodur", "noctx"):
        assert c.traced_time() == 0  # nothing says how long calls took
    else:
        assert c.traced_time() == 718084 + 433466  # fib_start, fib_thread
    if opt in ("nocpu", "tail"):
        assert {tr.label() for tr in c.tracks.values()} == \
            {"shell-4", "fib-5"}
    assert c.timed == (opt == "tail")


@pytest.mark.parametrize("opt", FUNCTION_OPTS)
def test_function_options_give_the_same_events(opt):
    t, c = read(f"x86_64-function-opt-{opt}")
    kinds = [(e.kind, e.name or e.text) for e in t.events]
    assert kinds == [("mark", "mark2"), ("func", "fib_start"),
                     ("func", "fib_thread"), ("func", "fib"), ("func", "fib"),
                     ("func", "fib"), ("func", "fib_report")]
    parents = [e.parent for e in t.events if e.kind == "func"]
    if opt == "addr":
        assert parents == ["cmd_run", "thread_start", "fib_thread", "fib",
                           "fib", "run_put"]
        assert [e.ts for e in t.events][:2] == [1354960000, 1356057000]
    else:
        assert set(parents) == {None}
    if opt == "noctx":
        assert {e.ts for e in t.events} == {None}
