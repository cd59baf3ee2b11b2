"""The converters on input that is empty, cut short, damaged or made to
hurt: every output is still written and well formed, and each line that
could not be read is named by its number; nothing raises."""
import json
import random
import xml.etree.ElementTree as ET

import pytest

import pictures_samples as S  # first: it puts tools/trace on the path
import calls as calls_mod  # noqa: E402
import pictures  # noqa: E402
import tracestat  # noqa: E402
import tracetext  # noqa: E402


def make(tmp_path, trace_text, stat_text="", scenario=""):
    trace, calls, prof = pictures.make(trace_text, stat_text, scenario,
                                       str(tmp_path))
    with open(tmp_path / "trace.json") as f:
        doc = json.load(f)
    S.json_slices(doc)  # which checks the nesting
    svg = ET.parse(tmp_path / "flame.svg").getroot()
    assert int(svg.get("data-total-ns")) == calls.traced_time()
    folded = (tmp_path / "flame.folded").read_text()
    assert sum(int(line.rsplit(" ", 1)[1])
               for line in folded.splitlines()) == \
        sum(len(v) for v in S.json_tracks(doc).values())
    html = (tmp_path / "report.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and \
        html.rstrip().endswith("</html>")
    nlines = trace_text.count("\n") + 1
    for n, what in trace.problems + calls.problems:
        assert 1 <= n <= nlines and what
    return trace, calls, prof, doc


def test_empty_input(tmp_path):
    trace, calls, prof, doc = make(tmp_path, "")
    assert trace.events == [] and trace.problems == []
    assert [e for e in doc["traceEvents"] if e["ph"] != "M"] == []
    assert (tmp_path / "flame.folded").read_text() == ""
    assert "no timed calls" in (tmp_path / "flame.svg").read_text()
    assert "No profiler figures" in (tmp_path / "report.html").read_text()


def test_header_only(tmp_path):
    head = "".join(S.text("x86_64-graph-fib").splitlines(True)[:4])
    trace, calls, _, _ = make(tmp_path, head)
    assert trace.tracer == "function_graph" and trace.events == []


@pytest.mark.parametrize("name", S.ALL)
def test_cut_anywhere(tmp_path, name):
    """Cut at 25 places, some inside a line: what is before the cut is
    still read, a cut line is reported by its number."""
    text = S.text(name)
    for k in range(1, 26):
        cut = text[:len(text) * k // 26]
        trace, calls, _, _ = make(tmp_path, cut)
        whole = cut.count("\n")
        for n, _ in trace.problems:
            assert n == whole + 1  # only the cut line may be bad
        if not cut.endswith("\n") and trace.problems:
            assert trace.problems[0][0] == whole + 1


def test_a_cut_line_is_named(tmp_path):
    text = S.text("x86_64-graph-fib")
    lines = text.splitlines(True)
    cut = "".join(lines[:20]) + lines[20][:40]
    trace, _, _, _ = make(tmp_path, cut)
    assert [n for n, _ in trace.problems] == [21]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("name", ["x86_64-graph-mix", "sh4-graph-mix",
                                  "x86_64-function"])
def test_damaged(tmp_path, name, seed):
    """Bytes changed, lines lost, doubled, swapped, and junk put in: all
    junk lines are named, and every output is still well formed."""
    rnd = random.Random(seed)
    lines = S.text(name).splitlines()
    junk_at = []
    for _ in range(40):
        i = rnd.randrange(len(lines))
        what = rnd.randrange(5)
        if what == 0:
            ln = list(lines[i])
            for _ in range(rnd.randint(1, 4)):
                if ln:
                    ln[rnd.randrange(len(ln))] = chr(rnd.randrange(1, 0x3000))
            lines[i] = "".join(ln)
        elif what == 1:
            del lines[i]
        elif what == 2:
            lines.insert(i, lines[i])
        elif what == 3:
            j = rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines.insert(i, "\x00\x7f junk \ufffd" * rnd.randint(1, 50))
    text = "\n".join(lines) + "\n"
    junk_at = [n for n, ln in enumerate(lines, 1) if "junk" in ln]
    trace, _, _, _ = make(tmp_path, text)
    assert set(junk_at) <= {n for n, _ in trace.problems}


@pytest.mark.parametrize("line", [
    " 0)   1.000 us    |  " + " " * 5000 + "f();",   # deeper than any stack
    " 0)   1.000 us    |  " + "f" * 100000 + "();",  # a very long name
    " 0)   99999999999999999999999 us |  }",          # a huge duration
    " 0) " + "| " * 10000,
    "    0.000001 |   0)    x-1     |               |  " + "g() {\n" * 3,
    "    9.000000 |   0)    x-1     |   1.000 us    |  }\n"
    "    1.000000 |   0)    x-1     |   1.000 us    |    h();",  # backwards
    " ------------------------------------------",
    " 0)    a-1     =>    b-x    ",
    " 0) " + "a-1 => " * 2300,                        # just under the limit
    "    1.000000 |   0) " + "x-1 | " * 2700,
], ids=lambda line: f"{len(line)}:{line[:20]}")
def test_lines_made_to_hurt(tmp_path, line):
    text = "# tracer: function_graph\n#\n" + line + "\n" + \
        " 0)   2.000 us    |  ok();\n"
    trace, calls, _, _ = make(tmp_path, text)
    assert any(c.name == "ok" for t in calls.tracks.values()
               for c in t.calls())


def test_names_with_control_characters(tmp_path):
    """A damaged name still gives a well-formed SVG and page."""
    text = ("# tracer: function_graph\n"
            " 0)               |  f\x07o\x1b[0m() {\n"
            " 0)   1.000 us    |    \x00b\ufffe();\n"
            " 0)   3.000 us    |  }\n")
    trace, calls, _, _ = make(tmp_path, text, "", "echo \x01 > x\n")
    assert trace.problems == []
    svg = (tmp_path / "flame.svg").read_text()
    assert "f\ufffdo\ufffd[0m" in svg and "\x07" not in svg
    assert "\x01" not in (tmp_path / "report.html").read_text()


def test_longer_than_any_line_is_a_problem():
    t = tracetext.parse("# tracer: function\n" + "a" * 20000 + "\n")
    assert t.problems == [(2, "a line of 20000 characters, longer than "
                           "the kernel prints")]


def test_deeper_than_any_stack_is_a_problem():
    t = tracetext.parse("# tracer: function_graph\n 0)   1.000 us    |  " +
                        " " * 5000 + "f();\n")
    assert [n for n, _ in t.problems] == [2] and t.events == []


def test_returns_with_no_calls_and_calls_with_no_returns(tmp_path):
    text = ("# tracer: function_graph\n"
            " 0)   5.000 us    |      }\n"
            " 0)   9.000 us    |  }\n"
            " 0)               |  a() {\n"
            " 0)               |    b() {\n"
            " 0)               |        c() {\n")
    trace, calls, _, doc = make(tmp_path, text)
    (track,) = calls.tracks.values()
    assert [c.name for c in track.calls()] == ["?", "?", "a", "b", "c"]
    assert calls.unfinished == 3


def test_stat_cut_and_damaged():
    text = S.text("x86_64-graph-mix", "stat")
    for k in range(1, 20):
        p = tracestat.parse(text[:len(text) * k // 20])
        assert all(1 <= n for n, _ in p.problems)
    p = tracestat.parse("  fib  12  3 us  1 us  0 us\n" + text +
                        "garbage\n")
    assert [n for n, _ in p.problems] == [1, text.count("\n") + 2]
    assert tracestat.parse("").funcs == {}


def test_nothing_recurses_on_deep_input(tmp_path):
    depth = 900  # under the reader's limit, over Python's recursion limit
    text = "# tracer: function_graph\n" + "".join(
        f" 0)               |  {'  ' * d}f() {{\n" for d in range(depth)) + \
        "".join(f" 0)   1.000 us    |  {'  ' * d}}}\n"
                for d in reversed(range(depth)))
    import sys
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        calls = calls_mod.build(tracetext.parse(text))
        pictures.make(text, "", "", str(tmp_path))
    finally:
        sys.setrecursionlimit(old)
    assert sum(1 for t in calls.tracks.values() for _ in t.calls()) == depth
