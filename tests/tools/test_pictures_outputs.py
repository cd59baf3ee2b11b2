"""The four outputs of the real samples, checked against the trace text:
the JSON parses and its slices nest on every track at the trace's own
times, the flame graph's roots add up to the traced time, the folded
stacks count every call once, and the profiler's hits agree with the
calls the graph shows."""
import json
import re
import xml.etree.ElementTree as ET

import pytest

import pictures_samples as S  # first: it puts tools/trace on the path
import calls as calls_mod  # noqa: E402
import flame  # noqa: E402
import pictures  # noqa: E402
import tracetext  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module", params=S.ALL)
def made(request, tmp_path_factory):
    name = request.param
    out = tmp_path_factory.mktemp(name)
    trace, calls, prof = pictures.make(S.text(name), S.text(name, "stat"),
                                       S.text(name, "scenario"), str(out))
    return name, out, trace, calls, prof


def load_json(out):
    with open(out / "trace.json") as f:
        return json.load(f)


def ns(us):
    return round(us * 1000)


def test_json_slices_nest_on_every_track(made):
    name, out, trace, calls, _ = made
    tracks = S.json_tracks(load_json(out))  # which checks the nesting
    assert sum(map(len, tracks.values())) == S.calls_in_text(S.text(name))


def test_json_names_cpus_and_threads(made):
    name, out, trace, calls, _ = made
    meta = [e for e in load_json(out)["traceEvents"] if e["ph"] == "M"]
    procs = {e["pid"]: e["args"]["name"] for e in meta
             if e["name"] == "process_name"}
    threads = {(e["pid"], e["tid"]): e["args"]["name"] for e in meta
               if e["name"] == "thread_name"}
    cpus = {int(c) for c in re.findall(r"^ *(?:\d+\.\d+ \|  )? *(\d+)\) ",
                                       S.text(name), re.M)} or \
        {int(c) for c in re.findall(r"\[(\d{3})\]", S.text(name))}
    assert set(procs) == cpus
    assert all(procs[c] == f"CPU {c}" for c in cpus)
    if "plain" not in name:
        assert "shell-" + ("1" if name.startswith("sh4") else "4") in \
            threads.values()


def test_json_times_are_the_traces(made):
    """A slice starts at its line's time, or its duration before it for a
    return whose entry is not in the trace, to the microsecond the time
    column is cut to (either way: a callee's time may say it began after
    its caller's duration ended, and it is kept inside), and lasts its
    graph duration at most (less where the next event's time says it
    had ended: a duration counts from before the entry event was
    written, its time from after)."""
    name, out, trace, calls, _ = made
    if "plain" in name:
        pytest.skip("no time column in this sample")
    lines = S.text(name).splitlines()
    doc = load_json(out)
    for ev in S.json_slices(doc) + [e for e in doc["traceEvents"]
                                    if e["ph"] == "i"]:
        line = lines[ev["args"]["line"] - 1]
        m = re.match(r" *(\d+\.\d{6})[ |]|.*\] [.\w]* +(\d+\.\d{6}): ",
                     line)
        t = ns(float(m.group(1) or m.group(2)) * 1e6)
        ts = ev["ts"] if "end" in ev else ns(ev["ts"])
        graph = ev["args"].get("graph_duration_us")
        if re.search(r"\|  +}", line):
            t -= ns(graph)
        assert t - 1000 < ts < t + 1000, (line, ev)
        if "end" in ev and graph is not None:
            assert ev["end"] - ev["ts"] <= ns(graph)


def test_markers_are_instants(made):
    name, out, trace, calls, _ = made
    marks = [e["name"] for e in load_json(out)["traceEvents"]
             if e["ph"] == "i" and e["cat"] == "marker"]
    want = re.findall(r"(?<![}] )/\* (.*) \*/$|tracing_mark_write: (.*)$",
                      S.text(name), re.M)
    assert sorted(marks) == sorted(a or b for a, b in want)


def flame_roots(out):
    svg = ET.parse(out / "flame.svg").getroot()
    roots = [g for g in svg.iter(SVG + "g")
             if "root" in g.get("class", "").split()]
    return svg, roots


def test_flame_roots_add_up_to_the_traced_time(made):
    name, out, trace, calls, _ = made
    svg, roots = flame_roots(out)
    total = int(svg.get("data-total-ns"))
    assert sum(int(g.get("data-ns")) for g in roots) == total
    assert total == calls.traced_time()
    if total:
        width = sum(float(g.find(SVG + "rect").get("width")) for g in roots)
        assert abs(width - flame.WIDTH) < 0.01
    if "fib" in name or "plain" in name:
        # Every root call of these returned: the traced time is what the
        # text's depth-0 durations add up to.
        assert total == S.root_time_in_text(S.text(name)) > 0


def test_flame_frames_lie_inside_their_callers(made):
    name, out, trace, calls, _ = made
    svg, _ = flame_roots(out)
    frames = [(int(g.get("data-level")), int(g.get("data-x")),
               int(g.get("data-ns"))) for g in svg.iter(SVG + "g")
              if "frame" in g.get("class", "").split()]
    by_level = {}
    for lvl, x, w in frames:
        by_level.setdefault(lvl, []).append((x, x + w))
    for lvl, spans in by_level.items():
        spans.sort()
        for (a0, a1), (b0, b1) in zip(spans, spans[1:]):
            assert a1 <= b0
        if lvl > 1:
            for x0, x1 in spans:
                assert any(p0 <= x0 and x1 <= p1
                           for p0, p1 in by_level[lvl - 1])


def test_folded_counts_are_the_calls(made):
    name, out, trace, calls, prof = made
    lines = (out / "flame.folded").read_text().splitlines()
    counts = {}
    for line in lines:
        stack, n = line.rsplit(" ", 1)
        assert re.fullmatch(r"[^; ]+(;[^; ]+)*", stack)
        counts[stack] = int(n)
        assert int(n) > 0
    assert len(counts) == len(lines)
    assert sum(counts.values()) == S.calls_in_text(S.text(name))
    per_func = {}
    for stack, n in counts.items():
        f = stack.rsplit(";", 1)[-1]
        per_func[f] = per_func.get(f, 0) + n
    if "fib" in name:
        # The whole run is in the trace: the profiler counted the same.
        assert per_func == {f: h for f, h, _, _ in prof.top()}
        assert per_func["fib"] == 50


def test_profile_sums_over_cpus():
    import tracestat
    p = tracestat.parse(S.text("x86_64-graph-mix", "stat"))
    assert p.problems == [] and p.cpus == 4
    hits = {}
    for line in S.text("x86_64-graph-mix", "stat").splitlines():
        m = re.match(r"  (\S+) +(\d+) +\d", line)
        if m:
            hits[m.group(1)] = hits.get(m.group(1), 0) + int(m.group(2))
    assert {f: h for f, h, _, _ in p.top()} == hits
    times = [t for _, _, t, _ in p.top()]
    assert times == sorted(times, reverse=True)


def test_orphan_returns_take_in_their_calls():
    t = tracetext.parse(
        "# tracer: function_graph\n"
        "    1.000010 |   0)    a-1     |   1.000 us    |      c();\n"
        "    1.000012 |   0)    a-1     |   2.000 us    |      d();\n"
        "    1.000020 |   0)    a-1     | + 15.000 us   |    } /* b */\n"
        "    1.000030 |   0)    a-1     | + 30.000 us   |  } /* a */\n"
        "    1.000031 |   0)    a-1     |               |  e() {\n")
    c = calls_mod.build(t)
    assert c.problems == [] and c.unfinished == 1
    (track,) = c.tracks.values()
    a, e = track.roots
    assert (a.name, a.start, a.end) == ("a", 1000000000, 1000030000)
    (b,) = a.children
    assert (b.name, b.start, [k.name for k in b.children]) == \
        ("b", 1000005000, ["c", "d"])
    assert e.unfinished and e.value() == 0
    assert c.traced_time() == 30000


def test_cpu_tracks_say_which_thread_ran(made):
    """Each CPU's own track has one slice per run of a thread, and every
    line of the text with a time, a CPU and a thread falls in a run of
    that thread on that CPU."""
    name, out, trace, calls, _ = made
    if "plain" in name:
        pytest.skip("no thread column in this sample")
    runs = {}
    for s in S.json_slices(load_json(out), cat="threads"):
        runs.setdefault(s["pid"], []).append((s["name"], s["ts"], s["end"]))
    assert runs
    for line in S.text(name).splitlines():
        m = re.match(r" *(\d+\.\d{6}) \| +(\d+)\) +(\S+-\d+) +\|", line) or \
            re.match(r" *(\S+-\d+) +\[(\d+)\] \S+ +(\d+\.\d{6}): ", line)
        if not m:
            continue
        if "[" in line:
            who, cpu, t = m.group(1), int(m.group(2)), m.group(3)
        else:
            t, cpu, who = m.group(1), int(m.group(2)), m.group(3)
        t = ns(float(t) * 1e6)
        assert any(label == who and start <= t <= end
                   for label, start, end in runs[cpu]), line
