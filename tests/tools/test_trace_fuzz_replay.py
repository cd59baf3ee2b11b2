"""make test's part of tests/fuzz/trace_fuzz.py: every input kept in
tests/fuzz/corpus/trace/ goes through its converter once more, and the
fuzzer's trace-cmd check is shown to catch a page check that lets bad
pages through."""
import os
import shutil
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "fuzz"))
import trace_fuzz  # noqa: E402
import tracedat  # noqa: E402

CORPUS = os.path.join(HERE, "..", "fuzz", "corpus", "trace")


def test_corpus_replays_clean():
    assert os.listdir(CORPUS)
    assert trace_fuzz.replay([CORPUS]) == []


def test_seeds_pass_and_mutants_stay_inputs():
    work = os.path.join(HERE, "..", "..", "build", "fuzz", "replay-trace")
    os.makedirs(work, exist_ok=True)
    for kind, data in trace_fuzz.seeds():
        assert trace_fuzz.one(kind, data, work) is None, kind
    import random
    rng = random.Random(7)
    for _ in range(200):
        out = trace_fuzz.mutate(rng, b"abc\ndef\n123 456\n", b"xyz\n")
        assert isinstance(out, bytes)
        assert len(out) <= trace_fuzz.MAX_INPUT


@pytest.mark.skipif(shutil.which("trace-cmd") is None,
                    reason="trace-cmd is not installed")
def test_trace_cmd_check_catches_a_page_check_that_lets_all_through(
        monkeypatch):
    # The kept pages are ones trace-cmd cannot read: with the page check
    # switched off they reach it, and the replay says so.
    pages = [n for n in os.listdir(CORPUS) if n.startswith("pages")]
    assert pages
    monkeypatch.setattr(tracedat, "page_problem", lambda t, page: None)
    bad = trace_fuzz.replay([CORPUS])
    assert {os.path.basename(p) for p, _ in bad} >= set(pages), bad
