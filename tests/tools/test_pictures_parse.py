"""The text-trace reader: each line form the kernel prints, as the
kernel prints it, and the real samples read with nothing skipped."""
import pytest

import pictures_samples as S  # first: it puts tools/trace on the path
import tracetext  # noqa: E402

HEAD = "# tracer: function_graph\n#\n"


def one(line, head=HEAD):
    t = tracetext.parse(head + line + "\n")
    assert t.problems == [], t.problems
    assert len(t.events) == 1, t.events
    return t.events[0]


def test_entry_with_every_column():
    e = one("    0.360875 |   0)     fib-5      |               |"
            "    fib() {")
    assert (e.kind, e.name, e.depth, e.cpu, e.pid, e.comm, e.ts) == \
        ("enter", "fib", 1, 0, 5, "fib", 360875000)


def test_leaf_and_its_duration():
    e = one("    0.360894 |   0)     fib-5      |   5.310 us    |"
            "              fib();")
    assert (e.kind, e.name, e.depth, e.dur) == ("leaf", "fib", 6, 5310)


@pytest.mark.parametrize("col,ns", [
    ("+ 18.140 us   ", 18140), ("! 614.357 us  ", 614357),
    ("# 2069.903 us ", 2069903), ("@ 248080.2 us ", 248080200),
    ("* 12345678 us ", 12345678000), ("$ 1234567890 us ", 1234567890000),
    ("  0.580 us    ", 580)])
def test_duration_marks(col, ns):
    e = one(f"    1.000000 |   1)    idle/1-1    | {col}|  }}")
    assert (e.kind, e.dur, e.depth, e.comm, e.pid) == \
        ("exit", ns, 0, "idle/1", 1)


def test_return_with_its_name():
    e = one("    0.909200 |   0)    idle/0-0    | @ 441022.8 us |"
            "          } /* schedule_locked */")
    assert (e.kind, e.name, e.depth, e.dur) == \
        ("exit", "schedule_locked", 4, 441022800)


def test_marker_comment():
    e = one("    0.915255 |   0)    shell-4     |               |"
            "        /* go */")
    assert (e.kind, e.text) == ("mark", "go")


def test_default_columns_only():
    e = one(" 2) + 25.750 us   |        }")
    assert (e.kind, e.cpu, e.pid, e.ts, e.dur, e.depth) == \
        ("exit", 2, None, None, 25750, 3)


def test_no_context_columns():
    e = one("    fib() {")
    assert (e.kind, e.depth, e.cpu) == ("enter", 2, None)


def test_banner_names_the_threads():
    t = tracetext.parse(
        HEAD + " ------------------------------------------\n"
        " 0)    shell-4     =>     fib-5     \n"
        " ------------------------------------------\n\n"
        " 0)               |  fib_thread() {\n")
    assert t.problems == []
    sw, ent = t.events
    assert (sw.kind, sw.from_pid, sw.pid) == ("switch", 4, 5)
    # Without funcgraph-proc, the banner says whose lines follow.
    assert ent.pid == 5
    assert t.comms == {4: "shell", 5: "fib"}


def test_overrun_and_irq_lines():
    t = tracetext.parse(
        HEAD + " 0)   1.000 us    |  } /* f */\n (Overruns: 3)\n"
        " 0)               |  ==========>\n"
        " 0)               |  <==========\n")
    assert t.problems == []
    assert [e.kind for e in t.events] == ["exit", "irq", "irq"]


def test_function_tracer_lines():
    t = tracetext.parse(
        "# tracer: function\n#\n"
        "# entries-in-buffer/entries-written: 2/2   #P:4\n"
        "           shell-4       [000] .....     0.422018: "
        "tracing_mark_write: start here\n"
        "            spin-6       [001] ...1.     0.424080: "
        "spin_thread+0x7/0x40 <-thread_start+0x1c/0x30\n"
        "     my thread-10      [002]     1.000001: fib\n")
    assert t.problems == []
    assert t.nr_cpus == 4
    m, f, g = t.events
    assert (m.kind, m.text, m.cpu, m.pid, m.ts) == \
        ("mark", "start here", 0, 4, 422018000)
    assert (f.kind, f.name, f.parent, f.cpu, f.comm) == \
        ("func", "spin_thread", "thread_start", 1, "spin")
    assert (g.name, g.parent, g.comm, g.ts) == \
        ("fib", None, "my thread", 1000001000)


@pytest.mark.parametrize("name", S.ALL)
def test_samples_read_whole(name):
    t = tracetext.parse(S.text(name))
    assert t.problems == []
    kinds = {e.kind for e in t.events}
    if name in S.GRAPH:
        assert t.tracer == "function_graph"
        assert {"enter", "exit", "leaf"} <= kinds
        # The mix's buffer wrapped past its marker.
        assert ("mark" in kinds) == ("mix" not in name)
    else:
        assert t.tracer == "function" and kinds == {"func", "mark"}


def test_undecodable_bytes_are_one_problem(tmp_path):
    p = tmp_path / "t.txt"
    p.write_bytes(HEAD.encode() + b" 0)   \xff\xfe us |  }\n"
                  b" 0)   1.000 us    |  f();\n")
    t = tracetext.read(str(p))
    assert [n for n, _ in t.problems] == [3]
    assert [e.kind for e in t.events] == ["leaf"]


def test_a_bare_return_of_another_threads_call_is_named():
    """The kernel's printer names a return only when it does not match
    the call its CPU last opened at that depth; a bare `}` of a thread
    whose entry was lost is that call of the other thread."""
    import calls
    t = tracetext.parse(
        HEAD + "    1.000000 |   0)    a-1     |               |  f() {\n"
        " ------------------------------------------\n"
        " 0)    a-1     =>    b-2    \n"
        " ------------------------------------------\n"
        "    1.000100 |   0)    b-2     | ! 200.000 us  |  }\n")
    assert t.problems == []
    assert t.events[-1].text == "f"
    c = calls.build(t)
    (b,) = c.tracks[0, 2].roots
    assert (b.name, b.start, b.end) == ("f", 999900000, 1000100000)
