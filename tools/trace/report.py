"""The one-page HTML report: the timeline of every thread's calls, the
flame graph, the profiler's top functions and the scenario that made
the trace. Everything is inside the page (no network): the calls as
JSON that the page's script draws, the flame graph as inline SVG."""
import html
import json

import flame

TOP_ROWS = 25  # functions in the profiler's table


def timeline_data(calls):
    """What the page's timeline draws: per track its label and its calls
    as flat [start, length, depth, name, unfinished] groups (ns from the
    trace's first time; name an index into names), its instants as
    [time, kind, name] groups; before each CPU's threads, the CPU's runs
    of threads as a track of its own."""
    lo, hi = calls.span()
    names, index = [], {}

    def name_id(n):
        if n not in index:
            index[n] = len(names)
            names.append(n)
        return index[n]
    tracks = []
    cpu = None
    for key in sorted(calls.tracks, key=lambda k: (k[0], k[1] is not None,
                                                   k[1] or 0)):
        t = calls.tracks[key]
        if t.cpu != cpu and calls.runs.get(t.cpu):
            # The CPU's own lane first: whose events it gave, when.
            flat = []
            for label, start, end in calls.cpu_runs(t.cpu):
                flat += [start - lo, end - start, 0, name_id(label), 0]
            tracks.append({"label": f"CPU {t.cpu}: threads", "depth": 1,
                           "calls": flat, "instants": []})
        cpu = t.cpu
        flat, depth = [], 0
        for c in t.calls():
            flat += [c.start - lo, c.end - c.start, c.depth,
                     name_id(c.name), 1 if c.unfinished else 0]
            depth = max(depth, c.depth)
        inst = []
        for i in t.instants:
            inst += [i.ts - lo, 1 if i.kind == "mark" else 0,
                     name_id(i.name)]
        tracks.append({"label": f"CPU {t.cpu} {t.label()}",
                       "depth": depth + 1, "calls": flat,
                       "instants": inst})
    return {"t0": lo, "span": hi - lo, "names": names, "tracks": tracks}


def _json_for_script(obj):
    # Inside <script> nothing may read as "</script>" or a comment start.
    return json.dumps(obj, separators=(",", ":")).replace(
        "<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _us(ns):
    return f"{ns / 1000:.3f} us"


def profile_table(prof):
    """The profiler's TOP_ROWS longest functions as an HTML table, or a
    note that there are none."""
    if prof is None or not prof.funcs:
        return "<p class=note>No profiler figures (trace_stat was empty " \
               "or not given).</p>"
    rows = prof.top(TOP_ROWS)
    most = rows[0][2] or 1
    out = ["<table class=top><tr><th>Function<th>Hits<th>Time<th>Avg"
           "<th>Hits per CPU<th></tr>"]
    for name, hits, total, per_cpu in rows:
        cpus = " ".join(f"{c}:{h}" for c, h in sorted(per_cpu.items()))
        out.append(
            f"<tr><td>{html.escape(name)}<td class=n>{hits}"
            f"<td class=n>{_us(total)}<td class=n>{_us(total // hits)}"
            f"<td>{html.escape(cpus)}<td class=bar><div style=\"width:"
            f"{100 * total / most:.1f}%\"></div></tr>")
    out.append("</table>")
    if len(prof.funcs) > TOP_ROWS:
        out.append(f"<p class=note>{len(prof.funcs) - TOP_ROWS} more "
                   "functions in trace_stat.</p>")
    return "\n".join(out)


def problems_list(problems, most=50):
    """The first `most` (line, what) problems as an HTML list."""
    if not problems:
        return ""
    items = "".join(f"<li>line {n}: {html.escape(what)}"
                    for n, what in problems[:most])
    more = f"<li>... and {len(problems) - most} more" \
        if len(problems) > most else ""
    return ("<h2>What could not be read</h2>"
            f"<ul class=problems>{items}{more}</ul>")


def page(trace, calls, prof, scenario, title="ftk trace"):
    """The HTML text."""
    top = flame.merge(calls.roots())
    ncalls = sum(1 for t in calls.tracks.values() for _ in t.calls())
    lo, hi = calls.span()
    summary = (
        f"tracer <b>{html.escape(trace.tracer or 'unknown')}</b>, "
        f"{len({t.cpu for t in calls.tracks.values()})} CPU(s) seen"
        f"{'' if trace.nr_cpus is None else f' of {trace.nr_cpus}'}, "
        f"{len(calls.tracks)} thread track(s), {ncalls} calls, "
        f"traced time {_us(calls.traced_time())}, "
        f"from {lo / 1e9:.6f} s to {hi / 1e9:.6f} s")
    if calls.unfinished:
        summary += f", {calls.unfinished} call(s) still open at the end"
    if not calls.timed:
        summary += " (no time column: calls laid end to end)"
    problems = sorted(trace.problems + calls.problems)
    return flame.xml_safe(PAGE.format(
        title=html.escape(title), summary=summary,
        data=_json_for_script(timeline_data(calls)),
        flame=flame.svg(top, "Flame graph: time in each stack",
                        standalone=False),
        profile=profile_table(prof),
        scenario=html.escape(scenario) if scenario else
        "(no scenario given)",
        problems=problems_list(problems), css=CSS, js=TIMELINE_JS))


def write(path, trace, calls, prof, scenario):
    """report.html: page() of the trace, its calls, profile and
    scenario (either may be None)."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(page(trace, calls, prof, scenario))


CSS = """
body { font: 14px sans-serif; margin: 1em 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
#timeline { border: 1px solid #ccc; background: #fff; user-select: none; }
#timeline rect.c { stroke: #fff; stroke-width: 0.3; }
#status { font: 12px monospace; min-height: 1.3em; margin: .3em 0; }
table.top { border-collapse: collapse; font: 12px monospace; }
table.top td, table.top th { padding: 2px 8px; border-bottom: 1px solid #eee;
  text-align: left; }
td.n { text-align: right; }
td.bar { width: 200px; } td.bar div { background: #e8743b; height: 10px; }
pre.scenario { background: #f6f6f6; padding: .6em; border: 1px solid #ddd; }
.note { color: #666; } .hint { color: #666; font-size: 12px; }
"""

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title}</title>
<style>{css}</style></head>
<body>
<h1>{title}</h1>
<p>{summary}</p>
<h2>Timeline</h2>
<p class=hint>For each CPU, a lane of the threads whose events it gave,
then one lane per thread; a call's callees stack below it. Wheel to
zoom, drag to pan, click a call to fit it in view, double-click to see
everything. Triangles are markers, ticks function events.</p>
<div id=status>&nbsp;</div>
<svg id=timeline xmlns="http://www.w3.org/2000/svg" width="1220"
 height="60"></svg>
<script type="application/json" id=calls>{data}</script>
<h2>Flame graph</h2>
<p class=hint>Widths are the graph's durations; click a frame to zoom
into it. The same calls are in trace.json beside this page, for
ui.perfetto.dev or chrome://tracing, and in flame.folded.</p>
{flame}
<h2>Top functions by time (profiler)</h2>
{profile}
<h2>Scenario</h2>
<pre class=scenario>{scenario}</pre>
{problems}
<script>{js}</script>
</body></html>
"""

# Draws the timeline from the JSON: only what is in view, and where many
# calls fall on one pixel, one grey pixel for them all, so that a big
# trace stays quick to draw at any zoom.
TIMELINE_JS = r"""
(function () {
  var data = JSON.parse(document.getElementById("calls").textContent);
  var svg = document.getElementById("timeline");
  var status = document.getElementById("status");
  var NS = "http://www.w3.org/2000/svg";
  var LABEL = 170, W = 1040, ROW = 14, GAP = 8, AXIS = 22;
  var span = Math.max(data.span, 1), v0 = 0, v1 = span;
  var lanes = [], y = AXIS;
  data.tracks.forEach(function (t) {
    lanes.push({y: y, t: t});
    y += t.depth * ROW + GAP;
  });
  svg.setAttribute("height", Math.max(y + 4, 60));
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    (parent || svg).appendChild(e);
    return e;
  }
  function hue(s) {
    var h = 0;
    for (var i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
    return "hsl(" + (h % 360) + ",60%,62%)";
  }
  function fmt(ns) {
    if (Math.abs(ns) >= 1e6) return (ns / 1e6).toFixed(3) + " ms";
    return (ns / 1e3).toFixed(3) + " us";
  }
  // Ticks at 1, 2 or 5 times a power of ten, labelled in the unit that
  // step reads best in, from the first time in the trace.
  function axis(g) {
    var step = Math.pow(10, Math.floor(Math.log10((v1 - v0) / 10 || 1)));
    if ((v1 - v0) / step > 25) step *= 5;
    else if ((v1 - v0) / step > 10) step *= 2;
    var unit = step >= 1e8 ? [1e9, " s"] : step >= 1e5 ? [1e6, " ms"] :
      step >= 100 ? [1e3, " us"] : [1, " ns"];
    var digits = Math.max(0, Math.ceil(-Math.log10(step / unit[0]) - 1e-9));
    for (var t = Math.ceil(v0 / step) * step; t <= v1; t += step) {
      var x = LABEL + (t - v0) * W / (v1 - v0);
      el("line", {x1: x, x2: x, y1: AXIS - 6, y2: svg.getAttribute("height"),
                  stroke: "#eee"}, g);
      el("text", {x: x + 2, y: AXIS - 8, "font-size": 10, fill: "#666"}, g)
        .textContent = "+" + (t / unit[0]).toFixed(digits) + unit[1];
    }
  }
  function render() {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var g = el("g", {}), scale = W / (v1 - v0);
    axis(g);
    lanes.forEach(function (lane, li) {
      var t = lane.t, c = t.calls, busy = {};
      el("text", {x: 4, y: lane.y + 11, "font-size": 11}, g).textContent =
        t.label;
      el("line", {x1: 0, x2: LABEL + W, y1: lane.y - GAP / 2,
                  y2: lane.y - GAP / 2, stroke: "#ddd"}, g);
      // Calls are in start order (callers before callees), so the
      // first past the view ends the lane.
      for (var i = 0; i < c.length; i += 5) {
        var s = c[i], e = s + c[i + 1];
        if (s > v1) break;
        if (e < v0) continue;
        var x0 = LABEL + Math.max(s - v0, 0) * scale;
        var x1 = LABEL + Math.min(e - v0, v1 - v0) * scale;
        var yy = lane.y + c[i + 2] * ROW;
        if (x1 - x0 < 0.5) {
          var px = Math.floor(x0), key = c[i + 2] * 65536 + px;
          if (busy[key]) continue;
          busy[key] = 1;
          el("rect", {x: px, y: yy, width: 1, height: ROW - 1,
                      fill: "#999"}, g);
          continue;
        }
        var name = data.names[c[i + 3]];
        var r = el("rect", {"class": "c", x: x0, y: yy, width: x1 - x0,
                            height: ROW - 1, fill: hue(name),
                            "data-lane": li, "data-i": i}, g);
        if (x1 - x0 > 7 * (name.length + 1)) {
          var tx = el("text", {x: x0 + 2, y: yy + 10, "font-size": 10,
                               "pointer-events": "none"}, g);
          tx.textContent = name;
        }
      }
      var ins = t.instants;
      for (var j = 0; j < ins.length; j += 3) {
        if (ins[j] < v0 || ins[j] > v1) continue;
        var x = LABEL + (ins[j] - v0) * scale, mark = ins[j + 1] === 1;
        var p = mark ?
          el("path", {d: "M" + (x - 4) + " " + (lane.y - 3) + "h8l-4 7z",
                      fill: "#c00"}, g) :
          el("rect", {x: x - 0.5, y: lane.y - 3, width: 1.5,
                      height: ROW * t.depth + 2, fill: "#36c"}, g);
        p.setAttribute("data-lane", li);
        p.setAttribute("data-inst", j);
      }
    });
  }
  // Wheel and drag events come faster than frames: draw once a frame.
  var pending = false;
  function later() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; render(); });
  }
  svg.addEventListener("mouseover", function (ev) {
    var d = ev.target.dataset || {};
    if (d.lane === undefined) return;
    var t = lanes[+d.lane].t, text;
    if (d.i !== undefined) {
      var i = +d.i, c = t.calls;
      text = data.names[c[i + 3]] + "  " + fmt(c[i + 1]) + "  at " +
        ((data.t0 + c[i]) / 1e9).toFixed(6) + " s  depth " + c[i + 2] +
        "  " + t.label + (c[i + 4] ? "  (had not returned)" : "");
    } else {
      var j = +d.inst, ins = t.instants;
      text = (ins[j + 1] ? "marker: " : "function: ") +
        data.names[ins[j + 2]] + "  at " +
        ((data.t0 + ins[j]) / 1e9).toFixed(6) + " s  " + t.label;
    }
    status.textContent = text;
  });
  function timeAt(ev) {
    var r = svg.getBoundingClientRect();
    var x = Math.min(Math.max(ev.clientX - r.left - LABEL, 0), W);
    return v0 + x * (v1 - v0) / W;
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var at = timeAt(ev), f = ev.deltaY < 0 ? 0.8 : 1.25;
    var n0 = at - (at - v0) * f, n1 = at + (v1 - at) * f;
    if (n1 - n0 < 10) return;
    v0 = Math.max(0, n0); v1 = Math.min(span, n1);
    later();
  });
  var drag = null, downX = null;
  svg.addEventListener("mousedown", function (ev) {
    drag = {x: ev.clientX, v0: v0, v1: v1};
    downX = ev.clientX;
  });
  // A click that did not drag fits the call under it in the view.
  svg.addEventListener("click", function (ev) {
    var d = ev.target.dataset || {};
    if (d.i === undefined || (downX !== null &&
                              Math.abs(ev.clientX - downX) > 3)) return;
    var c = lanes[+d.lane].t.calls, i = +d.i;
    var pad = Math.max(c[i + 1] * 0.05, 5);
    v0 = Math.max(0, c[i] - pad);
    v1 = Math.min(span, c[i] + c[i + 1] + pad);
    render();
  });
  window.addEventListener("mouseup", function () { drag = null; });
  svg.addEventListener("mousemove", function (ev) {
    if (!drag) return;
    var d = (drag.x - ev.clientX) * (drag.v1 - drag.v0) / W;
    d = Math.max(-drag.v0, Math.min(span - drag.v1, d));
    v0 = drag.v0 + d; v1 = drag.v1 + d;
    later();
  });
  svg.addEventListener("dblclick", function () {
    v0 = 0; v1 = span; render();
  });
  render();
})();
"""
