"""make trace's whole run on both arches, as `make trace SCENARIO=F`
starts it (tools/trace/capture.py): a small scenario of the user's, a
progress line for every step, and build/trace/'s files, the trace.dat
among them read by trace-cmd."""
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "tools", "trace"))
import capture  # noqa: E402

T = "/sys/kernel/tracing"
SCENARIO = f"""\
# fib(8) under function_graph, with the profiler
echo fib > {T}/set_ftrace_filter
echo function_graph > {T}/current_tracer

echo 1 > {T}/function_profile_enabled
run fib 8 1
# fib(8) takes a millisecond; the second is for a loaded machine
sleep 1
"""
FIB8_CALLS = 67


@pytest.mark.skipif(not shutil.which("trace-cmd"),
                    reason="trace-cmd is not installed "
                    "(tools/deps.sh test installs it)")
def test_make_trace_with_a_scenario(arch, tmp_path, capsys):
    scenario = tmp_path / "scenario"
    scenario.write_text(SCENARIO)
    out = tmp_path / "out"
    assert capture.main(["--arch", arch, "--scenario", str(scenario),
                         "--out", str(out)]) == 0
    said = capsys.readouterr().out
    for step in ("booting", "scenario 4/5: run fib 8 1",
                 "reading the text trace", "reading CPU 0's pages",
                 "writing trace.dat", "done in"):
        assert re.search(rf"^trace: \[ *\d+\.\ds\] {re.escape(step)}",
                         said, re.M), step
    assert "warning" not in said
    ncpus = 4 if arch == "x86_64" else 1
    names = {"trace.txt", "trace_stat.txt", "saved_cmdlines.txt",
             "scenario.txt", "console.txt", "trace.dat"} | {
                 f"cpu{c}.raw" for c in range(ncpus)}
    assert names <= set(os.listdir(out))
    for name in names:
        assert str(out / name) in said  # the paths are printed
    assert (out / "scenario.txt").read_text() == "".join(
        ln + "\n" for ln in capture.scenario_lines(SCENARIO))
    text = (out / "trace.txt").read_text()
    assert text.startswith("# tracer: function_graph\n")
    calls = len(re.findall(r"\| +fib\(\)[;{ ]", text))
    assert calls == FIB8_CALLS
    assert re.search(rf"^  fib +{FIB8_CALLS} ",
                     (out / "trace_stat.txt").read_text(), re.M)
    assert re.search(r"^\d+ fib$", (out / "saved_cmdlines.txt").read_text(),
                     re.M)
    r = subprocess.run(["trace-cmd", "report", str(out / "trace.dat")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stderr == ""
    assert len(re.findall(r"\| +fib\(\)[;{ ]", r.stdout)) == calls
