"""test_report.py - tools/qemu-profile/profile_report.py: reading the plugin's
file, the flat profile and the call tree. Prints "N passed, M failed"."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..",
                                "tools", "qemu-profile"))
import profile_report as report  # noqa: E402

RAW = """ftk-profile 1
marker shell_run_line
total 1000
spans 2
lost 0
func shell_run_line 100 2
func memset 600 3
func page_alloc 295 3
func tiny 5 1
node 0 -1 shell_run_line 2 1000
node 1 0 page_alloc 3 895
node 2 1 memset 3 600
node 3 0 tiny 1 5
"""

passed = failed = 0


def check(name, cond):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {name}")


def raises(text):
    try:
        report.parse(text)
    except ValueError as e:
        return str(e)
    return None


p = report.parse(RAW)
check("marker", p.marker == "shell_run_line")
check("totals", (p.total, p.spans, p.lost) == (1000, 2, 0))
check("funcs", p.funcs["memset"] == [600, 3])
check("nodes", p.nodes[2] == (1, "memset", 3, 600))

check("not a profile", "ftk-profile" in (raises("hello\n") or ""))
check("empty", raises("") is not None)
check("bad line named", "line 3" in (raises("ftk-profile 1\ntotal 5\n"
                                            "func x\n") or ""))
check("bad number", raises("ftk-profile 1\ntotal many\n") is not None)
check("unknown word", raises("ftk-profile 1\nedge a b 1 2\n") is not None)

flat = report.flat(p)
rows = [ln.split() for ln in flat[2:]]
check("flat: most first", [r[-1] for r in rows] ==
      ["memset", "page_alloc", "shell_run_line", "tiny"])
check("flat: columns", rows[0] == ["600", "60.00", "3", "memset"])

tree = report.tree(p, min_pct=1.0)
body = tree[2:]
check("tree: root, then its biggest child, indented",
      body[0].split() == ["1000", "100.00", "2", "shell_run_line"] and
      body[1].endswith("    page_alloc") and
      body[2].endswith("      memset"))
check("tree: small nodes summed", body[3].split() ==
      ["5", "0.50", "(1", "smaller)"] and "  (1 smaller)" in body[3])
check("tree: nothing else", len(body) == 4)
full = report.tree(p, min_pct=0)
check("tree: min 0 shows all", full[-1].endswith("    tiny"))

text = report.report(p, "== title")
check("report: title and total", text.startswith(
    "== title\n1000 instructions counted while shell_run_line ran "
    "(2 times)\n"))
check("report: both parts", "Call tree" in text and "Flat profile" in text)
p.lost = 3
check("report: lost frames said", "3 calls deeper" in report.report(p))

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
