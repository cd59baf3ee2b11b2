"""pictures.py as the capture runs it: the four files from the real
samples, its problems on stderr with file and line, and a clear error
that writes nothing when an input is missing."""
import os
import re
import subprocess
import sys

import pytest

import pictures_samples as S


def run(*args):
    return subprocess.run([sys.executable, S.PICTURES, *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", ["x86_64-graph-mix", "sh4-graph-fib",
                                  "x86_64-function"])
def test_writes_the_four_files(tmp_path, name):
    out = tmp_path / "out"
    r = run("--trace", S.path(name, "trace"), "--stat", S.path(name, "stat"),
            "--scenario", S.path(name, "scenario"), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert sorted(os.listdir(out)) == ["flame.folded", "flame.svg",
                                       "report.html", "trace.json"]
    assert f"-> {out}/" in r.stdout
    html = (out / "report.html").read_text()
    assert "echo function" in html  # the scenario is on the page
    # Nothing to fetch: the only address is the SVG namespace's name.
    for page in (html, (out / "flame.svg").read_text()):
        assert re.findall(r"https?://[\w.-]+", page) == \
            ["http://www.w3.org"] * page.count("http://www.w3.org")
        assert not re.search(r"<link|<img|<iframe|@import|url\(|src=", page)


def test_bad_lines_are_said_with_their_numbers(tmp_path):
    bad = tmp_path / "t.txt"
    lines = S.text("x86_64-graph-fib").splitlines(True)
    lines.insert(12, "this is not a trace line\n")
    bad.write_text("".join(lines))
    r = run("--trace", str(bad), "--out", str(tmp_path / "o"))
    assert r.returncode == 0
    assert r.stderr == \
        f"pictures: {bad}:13: not a trace line: this is not a trace line\n"


@pytest.mark.parametrize("which", ["--trace", "--stat", "--scenario"])
def test_a_missing_input_writes_nothing(tmp_path, which):
    name = "x86_64-graph-fib"
    args = {"--trace": S.path(name, "trace"), "--stat": S.path(name, "stat"),
            "--scenario": S.path(name, "scenario")}
    args[which] = str(tmp_path / "nowhere.txt")
    out = tmp_path / "out"
    r = run(*[x for kv in args.items() for x in kv], "--out", str(out))
    assert r.returncode == 1
    assert r.stderr.startswith("pictures: cannot read the ")
    assert "nowhere.txt" in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()


def test_out_must_be_a_directory(tmp_path):
    f = tmp_path / "file"
    f.write_text("")
    r = run("--trace", S.path("x86_64-graph-fib", "trace"), "--out", str(f))
    assert r.returncode == 1 and "cannot make" in r.stderr
    assert "Traceback" not in r.stderr


def test_empty_trace_says_so(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    r = run("--trace", str(empty), "--out", str(tmp_path / "o"))
    assert r.returncode == 0
    assert "no events in the trace" in r.stderr
    assert len(os.listdir(tmp_path / "o")) == 4


def test_a_failed_write_leaves_the_directory_as_it_was(tmp_path,
                                                        monkeypatch):
    import pictures
    import report
    name = "x86_64-graph-fib"
    pictures.make(S.text(name), None, None, str(tmp_path))
    before = {p: (tmp_path / p).read_bytes() for p in os.listdir(tmp_path)}

    def full(*args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(report, "write", full)
    with pytest.raises(OSError):
        pictures.make(S.text("sh4-graph-fib"), None, None, str(tmp_path))
    assert {p: (tmp_path / p).read_bytes()
            for p in os.listdir(tmp_path)} == before
