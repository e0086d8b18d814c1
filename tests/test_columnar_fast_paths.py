"""The columnar engine's fast paths give what the per-case engine gives.

Settling open rows trial by trial or all combinations at once; the calendar looked up in a
table or computed; Arrow arrays built from buffers; no pandas imported on the way.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
import interpreter
from interpreter.columnar import settle
from interpreter.columnar.columns import calendar, ymd
from interpreter.columnar.outcomes import _masked, _strings
from interpreter.columnar.table import evaluate_outcomes
from interpreter.result import dumps

ROOT = Path(__file__).resolve().parent.parent
SCHINNEN = interpreter.load(ROOT / "rules" / "schinnen")


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    """A defect of the columnar engine fails the test here, instead of falling back per case."""
    from interpreter.columnar import table
    monkeypatch.setattr(table, "_STRICT", True)


def _benchmark_cases(n, seed):
    """The benchmark's Schinnen cases (one fact in ten open): a few in a hundred are settled."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from columnar_cases import schinnen_table
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return schinnen_table(n, seed=seed)


@pytest.mark.parametrize("rows, factor, grouped", [
    (0, 0, False), (10 ** 9, 10 ** 9, False), (0, 0, True), (settle.EXPAND_ROWS, settle.EXPAND_FACTOR, True)],
    ids=["trial-by-trial", "all-at-once", "grouped-trial-by-trial", "as-configured"])
def test_settling_trial_by_trial_or_all_at_once_gives_the_per_case_answer(monkeypatch, rows, factor, grouped):
    monkeypatch.setattr(settle, "EXPAND_ROWS", rows)
    monkeypatch.setattr(settle, "EXPAND_FACTOR", factor)
    if not grouped:
        monkeypatch.setattr(settle, "_alike", lambda ev, frame, node, rows: None)
    copied = []
    copy = settle._copy
    monkeypatch.setattr(settle, "_copy", lambda out, frame, rows, source: copied.append(
        (rows != source).sum()) or copy(out, frame, rows, source))
    table = _benchmark_cases(800, seed=rows % 7 + 3 + grouped)
    outcomes = evaluate_outcomes(SCHINNEN, table)
    got = [line for _, line in outcomes.json_lines()]
    for i, case in enumerate(table.to_pylist()):
        try:
            expected = SCHINNEN.evaluate(case).to_json(indent=None)
        except interpreter.CaseError as exc:
            expected = dumps({"line": i + 1, "error": str(exc)}, indent=None)
        assert got[i] == expected, f"row {i}: {case}"
    assert outcomes.fallback == 0
    assert sum("beslist voor elke mogelijke waarde" in line for line in got) > 10  # settling was reached
    assert (sum(copied) > 20) == grouped  # rows alike in what they read took the outcome of one of them


def test_the_calendar_table_and_its_edges_agree_with_the_arithmetic():
    epoch = dt.date(1970, 1, 1)
    edges = [dt.date(1, 1, 1), dt.date(1799, 12, 31), dt.date(1800, 1, 1), dt.date(1900, 2, 28),
             dt.date(2000, 2, 29), dt.date(2199, 12, 31), dt.date(2200, 1, 1), dt.date(9999, 12, 31)]
    for group in ([d for d in edges if 1800 <= d.year < 2200], edges):  # the table, and beyond it
        days = np.array([(d - epoch).days for d in group], dtype=np.int64)
        year, md = calendar(days)
        assert year.tolist() == [d.year for d in group]
        assert md.tolist() == [d.month * 100 + d.day for d in group]
    every = np.arange(-62091, 84006, dtype=np.int64)
    y, m, d = ymd(every)
    year, md = calendar(every)
    assert (year == y).all() and (md == m * 100 + d).all()


def test_arrays_built_from_buffers_equal_pyarrows_own():
    valid = np.array([True, False, True, True, False, True, True, True, False])
    values = np.array([True, True, False, True, False, False, True, False, True])
    assert _masked(pa.bool_(), values, valid).equals(pa.array(values, mask=~valid))
    ints = np.arange(9, dtype=np.int32)
    assert _masked(pa.int32(), ints, valid).equals(pa.array(ints, mask=~valid))
    assert _masked(pa.int32(), ints, np.ones(9, dtype=bool)).equals(pa.array(ints))
    texts = ["a", None, "één", "", None]
    assert _strings(texts).equals(pa.array(texts, pa.string()))
    assert _strings([]).equals(pa.array([], pa.string()))


def test_a_parquet_batch_does_not_import_pandas(tmp_path):
    """pandas costs about a second of start-up; pyarrow imports it only when asked to look for it."""
    table = pa.table({"peildatum": pa.array([dt.date(2010, 6, 1)] * 3), "uitkering": ["wwb", None, "anw"]})
    import pyarrow.parquet as pq
    pq.write_table(table, tmp_path / "in.parquet")
    code = ("import sys; from interpreter.cli import run; sys.argv = ['grondslag', 'batch', 'rules/schinnen', "
            f"'--cases', {str(tmp_path / 'in.parquet')!r}, '--output', {str(tmp_path / 'out.parquet')!r}]\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\nprint('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr
    assert pq.read_table(tmp_path / "out.parquet").num_rows == 3


def test_the_allocator_is_left_alone_when_asked():
    code = "from interpreter.columnar.memory import keep_freed_memory; print(keep_freed_memory())"
    env = {"GRONDSLAG_MALLOC": "default", "PATH": ""}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "False"
