"""Flame graphs of calls: the folded stacks (`a;b;c N`, N the number of
calls made with exactly that stack, the format flamegraph tools read)
and a self-contained interactive SVG whose widths are the graph's
durations: click a frame to zoom into it, hover for its name, calls and
time. The root frames' widths add up to the traced time."""
import re
from xml.sax.saxutils import escape, quoteattr

WIDTH = 1200      # px of the frames' area
ROW = 17          # px per stack level
TOP = 34          # px above the frames: title and zoom reset
BOTTOM = 22       # px below: the details line
FONT = 12
CHAR = 7          # px a character takes at that size, about


# Characters XML forbids (a damaged trace may put them in a name).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text):
    """text with every character XML forbids made U+FFFD."""
    return NOT_XML.sub("\ufffd", text)


class Node:
    """One stack: a function under its callers. value: ns the calls with
    this stack took (graph durations); calls: how many there were."""

    __slots__ = ("name", "value", "calls", "children")

    def __init__(self, name):
        self.name = name
        self.value = 0
        self.calls = 0
        self.children = {}

    def child(self, name):
        n = self.children.get(name)
        if n is None:
            n = self.children[name] = Node(name)
        return n

    def self_time(self):
        return max(0, self.value - sum(c.value
                                       for c in self.children.values()))


def merge(roots):
    """One tree of stacks from calls.Call roots (every track's): a call
    adds its value and one call to the node of its stack. Returns the
    nameless top node whose children are the roots."""
    top = Node("")
    todo = [(c, top) for c in roots]
    while todo:
        call, parent = todo.pop()
        n = parent.child(_clean(call.name))
        n.value += call.value()
        n.calls += 1
        todo.extend((k, n) for k in call.children)
    top.value = sum(c.value for c in top.children.values())
    top.calls = 0
    return top


def _clean(name):
    # ';' separates frames and ' ' ends them in the folded format.
    return name.replace(";", ":").replace(" ", "_") or "?"


def folded_lines(top):
    """`a;b;c N` for every stack, N its calls, in name order."""
    out = []
    todo = [(top.children[k], [k]) for k in sorted(top.children,
                                                   reverse=True)]
    while todo:
        node, path = todo.pop()
        out.append(f"{';'.join(path)} {node.calls}")
        todo.extend((node.children[k], path + [k])
                    for k in sorted(node.children, reverse=True))
    return out


def write_folded(path, top):
    """flame.folded: folded_lines(top), one a line."""
    with open(path, "w", encoding="utf-8") as f:
        for line in folded_lines(top):
            f.write(line + "\n")


def _depth(node):
    best, todo = 0, [(node, 0)]
    while todo:
        n, d = todo.pop()
        best = max(best, d)
        todo.extend((k, d + 1) for k in n.children.values())
    return best


def _fmt_time(ns):
    """ns in the unit that reads best: us below a millisecond, then ms,
    then s, with three decimals."""
    for unit, size in (("s", 10**9), ("ms", 10**6)):
        if ns >= size:
            return f"{ns / size:.3f} {unit}"
    return f"{ns / 1000:.3f} us"


def _color(name):
    """A warm colour that stays the same for a name across pictures."""
    h = 0
    for ch in name:
        h = (h * 31 + ord(ch)) & 0xffffffff
    return f"rgb({205 + h % 50},{90 + (h >> 8) % 120},{30 + (h >> 16) % 50})"


def svg(top, title="Flame graph", standalone=True):
    """The SVG text of the tree. standalone: with the XML declaration, for
    a file of its own; without it, to stand inside an HTML page."""
    total = top.value
    rows = _depth(top)
    height = TOP + rows * ROW + BOTTOM
    parts = []
    if standalone:
        parts.append('<?xml version="1.0" encoding="UTF-8"?>\n')
    parts.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flame" '
        f'width="{WIDTH + 20}" height="{height}" '
        f'viewBox="0 0 {WIDTH + 20} {height}" '
        f'data-total-ns="{total}" font-family="monospace" '
        f'font-size="{FONT}">\n'
        f'<rect width="100%" height="100%" fill="#fdf8ee"/>\n'
        f'<text x="{10 + WIDTH / 2}" y="16" text-anchor="middle" '
        f'font-size="{FONT + 3}">{escape(title)}</text>\n'
        f'<text class="reset" x="10" y="16" fill="#36c" '
        f'style="cursor:pointer;display:none">Reset zoom</text>\n'
        f'<text class="details" x="10" y="{height - 6}"> </text>\n')
    if total <= 0:
        parts.append(f'<text x="{10 + WIDTH / 2}" y="{TOP + 14}" '
                     'text-anchor="middle">no timed calls in this trace'
                     '</text>\n')
    # Every frame with its offset in ns from the left and its level (1 at
    # the bottom); each node's callees share its span in name order.
    frames = []
    todo = []
    x = 0
    for k in _ordered(top):
        todo.append((k, x, 1))
        x += k.value
    while todo:
        node, x0, level = todo.pop()
        frames.append((node, x0, level))
        for k in _ordered(node):
            todo.append((k, x0, level + 1))
            x0 += k.value
    frames.sort(key=lambda f: (f[2], f[1]))
    for node, x0, level in frames:
        if node.value <= 0:
            continue
        px = 10 + x0 * WIDTH / total
        pw = node.value * WIDTH / total
        y = TOP + (rows - level) * ROW
        tip = (f"{node.name}: {node.calls} call"
               f"{'' if node.calls == 1 else 's'}, {_fmt_time(node.value)} "
               f"({100 * node.value / total:.2f}%), self "
               f"{_fmt_time(node.self_time())}")
        label = _fit_label(node.name, pw)
        parts.append(
            f'<g class="frame{" root" if level == 1 else ""}" '
            f'data-x="{x0}" data-ns="{node.value}" data-level="{level}" '
            f'data-calls="{node.calls}" data-name={quoteattr(node.name)} '
            f'data-tip={quoteattr(tip)}>'
            f'<title>{escape(tip)}</title>'
            f'<rect x="{px:.3f}" y="{y}" width="{pw:.3f}" '
            f'height="{ROW - 1}" rx="2" fill="{_color(node.name)}"/>'
            f'<text x="{px + 3:.3f}" y="{y + ROW - 5}">{escape(label)}'
            f'</text></g>\n')
    parts.append("<script><![CDATA[\n" + FLAME_JS + "]]></script>\n")
    parts.append("</svg>\n")
    return xml_safe("".join(parts))


def _fit_label(name, px):
    """name cut to what px holds (as the zoom script cuts it)."""
    fit = int(px // CHAR) - 1
    if fit >= len(name):
        return name
    return name[:fit - 2] + ".." if fit > 2 else ""


def _ordered(node):
    return [node.children[k] for k in sorted(node.children)]


def write_svg(path, top, title="Flame graph"):
    """flame.svg: svg(top), a file of its own."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(svg(top, title))


# Zoom and hover, inside the SVG so that it works wherever the SVG is:
# a frame's data-x/data-ns place it in ns, and a zoom maps the clicked
# frame's span onto the whole width.
FLAME_JS = r"""
(function (svg) {
  var W = %d, PAD = 10, CHAR = %d;
  var frames = svg.querySelectorAll("g.frame");
  var details = svg.querySelector("text.details");
  var reset = svg.querySelector("text.reset");
  var total = +svg.getAttribute("data-total-ns");
  function place(x0, span, level) {
    for (var i = 0; i < frames.length; i++) {
      var g = frames[i], x = +g.dataset.x, w = +g.dataset.ns;
      var l = +g.dataset.level, r = g.querySelector("rect");
      var t = g.querySelector("text");
      var inside = x >= x0 && x + w <= x0 + span && l >= level;
      var below = l < level && x <= x0 && x + w >= x0 + span;
      if (!inside && !below) { g.style.display = "none"; continue; }
      g.style.display = "";
      var px = below ? PAD : PAD + (x - x0) * W / span;
      var pw = below ? W : w * W / span;
      r.setAttribute("x", px);
      r.setAttribute("width", pw);
      t.setAttribute("x", px + 3);
      var name = g.dataset.name, fit = Math.floor(pw / CHAR) - 1;
      t.textContent = fit >= name.length ? name :
        fit > 2 ? name.slice(0, fit - 2) + ".." : "";
    }
  }
  for (var i = 0; i < frames.length; i++) {
    frames[i].addEventListener("click", function (e) {
      var g = e.currentTarget;
      place(+g.dataset.x, +g.dataset.ns, +g.dataset.level);
      reset.style.display = "";
    });
    frames[i].addEventListener("mouseover", function (e) {
      details.textContent = e.currentTarget.dataset.tip;
    });
    frames[i].addEventListener("mouseout", function () {
      details.textContent = " ";
    });
  }
  reset.addEventListener("click", function () {
    place(0, total, 1);
    reset.style.display = "none";
  });
})(document.currentScript.parentNode);
""" % (WIDTH, CHAR)
