"""make bench's table and JSON (tests/bench/benchfmt.py) on what the
kernel printed (data/bench/), and the SCALE generator (tools/gen_scale.py):
pure logic, no QEMU."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "bench"))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import benchfmt  # noqa: E402
import gen_scale  # noqa: E402

KEYS = ["no_pg_call", "nop_call", "patchable_nop_call", "function_event",
        "hooked_off_call", "graph_event", "profiler_call",
        "list_func_call", "enable_per_site", "disable_per_site",
        "enable_per_site_whole", "switch_one_site",
        "switch_one_site_whole", "boot_convert_per_site",
        "stop_machine_hold", "boot_to_prompt"]


def sample(name):
    with open(os.path.join(HERE, "data", "bench", name)) as f:
        return f.read()


def test_parse_per_call_is_over_the_no_tracer_call():
    fig = benchfmt.parse_bench(sample("x86_64-bench.txt"))
    assert fig["no_pg_call"] == 4.0      # the call itself
    assert fig["nop_call"] == 4.0        # +4 over it
    assert fig["function_event"] == 133.07
    assert fig["enable_per_site"] == 426
    assert fig["enable_per_site_total"] == 167694
    assert fig["boot_convert_per_site"] == 389
    assert fig["sites"] == 393
    assert fig["switch_one_site_whole"] == 43661
    assert fig["boot_to_prompt"] == 43324650


def test_summary_median_range_and_json(tmp_path):
    fig = benchfmt.parse_bench(sample("x86_64-bench.txt"))
    runs = [dict(fig, function_event=v) for v in (140, 133.07, 150, 120,
                                                  133.5)]
    hold = benchfmt.hold_from_patchbench(
        benchfmt.parse_patchbench(sample("x86_64-patchbench.txt")))
    s = benchfmt.summarize("x86_64", runs, hold)
    for k in KEYS:
        assert set(s[k]) >= {"ours", "linux", "target", "unit", "min",
                             "max"}, k
        assert s[k]["unit"] == "instructions"
    e = s["function_event"]
    assert (e["ours"], e["min"], e["max"]) == (133.5, 120, 150)
    assert (e["linux"], e["target"]) == (542, 135)
    assert s["stop_machine_hold"]["ours"] == 4424927
    assert s["stop_machine_hold"]["min"] == 66944
    assert s["stop_machine_hold"]["max"] == 8005733
    # Not measured here: said so, not made up.
    p = s["patchable_nop_call"]
    assert p["ours"] is None and "PATCHABLE" in p["note"]
    path = tmp_path / "x86_64.json"
    benchfmt.write_json(str(path), s)
    back = json.loads(path.read_text())
    assert back["switch_one_site_whole"]["linux"] == 4700000
    assert back["list_func_call"]["target"] == 80


def test_table_marks_missed_targets():
    fig = benchfmt.parse_bench(sample("x86_64-bench.txt"))
    s = benchfmt.summarize("x86_64", [fig] * 5)
    rows = {ln.split()[0]: ln for ln in benchfmt.table("x86_64", s, 5)[2:]}
    assert set(rows) == {k for k, *_ in benchfmt.ROWS}
    assert " ok " in rows["function_event"]        # 133.07 <= 135
    assert "MISSED" in rows["graph_event"]         # 260.69 > 165
    assert "MISSED" not in rows["profiler_call"]   # no target
    assert "0.246" in rows["function_event"]       # 133.07 / 542


def test_sh4_has_its_own_targets_and_no_linux():
    fig = benchfmt.parse_bench(sample("sh4-bench.txt"))
    s = benchfmt.summarize("sh4", [fig])
    assert s["enable_per_site"]["target"] == 450
    assert s["function_event"]["target"] is None
    assert all(s[k]["linux"] is None for k in KEYS)
    assert "one CPU" in s["stop_machine_hold"]["note"]


def test_patch_table_keeps_both_methods():
    res = benchfmt.parse_patchbench(sample("x86_64-patchbench.txt"))
    lines = benchfmt.patch_table(res)
    assert "stop_machine" in lines[1] and "breakpoint" in lines[1]
    assert any("1795" in ln and "6937" in ln for ln in lines)


def test_growth_verdicts():
    small = {"boot_convert_total": 1000, "boot_convert": 10,
             "enable_per_site": 10, "disable_per_site": 10,
             "switch_one_site_whole": 100, "filter_glob_all_total": 100,
             "list_available_functions_total": 100,
             "boot_to_prompt": 1000}
    big = dict(small, boot_convert_total=100000, boot_convert=10,
               enable_per_site=1000, switch_one_site_whole=1000,
               filter_glob_all_total=10000 * 2)
    rows = {r[0]: r for r in benchfmt.growth(small, big, 100, 10000)}
    assert rows["boot_convert_total"][-1] == "ok"        # grew as n
    assert rows["enable_per_site"][-1] == "TOO FAST"     # n per site
    assert rows["disable_per_site"][-1] == "ok"
    assert rows["switch_one_site_whole"][-1] == "TOO FAST"  # one site
    assert rows["filter_glob_all_total"][-1] == "ok"     # n log n at most


def test_gen_scale_functions_are_distinct_and_traced():
    src = gen_scale.source(12)
    bodies = [ln for ln in src.splitlines() if ln.startswith("\treturn")]
    assert len(bodies) == 12 and len(set(bodies)) == 12
    assert src.count("__noinline unsigned long scale_fn_") == 12
    assert "static" not in src
    # Names sort as they are numbered.
    names = [ln.split()[2].split("(")[0] for ln in src.splitlines()
             if ln.startswith("__noinline")]
    assert names == sorted(names)
    bad = subprocess.run([sys.executable, os.path.join(
        ROOT, "tools", "gen_scale.py"), "0"], capture_output=True)
    assert bad.returncode == 2
