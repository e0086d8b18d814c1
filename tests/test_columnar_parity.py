"""Parity is the contract: the columnar engine gives what the per-case engine gives, row by row.

Generated cases for every regulation in rules/ and the language fixtures; compared as the
JSON line each engine writes (value, citations, missing, notes, byte for byte) and as the
Arrow result table.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import interpreter
from interpreter.columnar import evaluate_table, fallback_count
from interpreter.columnar.table import evaluate_outcomes
from tests.columnar_cases import case_strategy, to_table

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    """A defect of the columnar engine fails the test here, instead of falling back per case."""
    from interpreter.columnar import table
    monkeypatch.setattr(table, "_STRICT", True)

PATHS = [p for p in ["rules/schinnen", "rules/participatiewet", "rules/diemen",
                     "tests/fixtures/language/geld.rules", "tests/fixtures/language/lijsten.rules",
                     "tests/fixtures/language/logica.rules", "tests/fixtures/language/uitzonderingen.rules",
                     "tests/fixtures/language/volzinnen.rules", "tests/fixtures/language/versies"] if (ROOT / p).exists()]
_LOADED: dict = {}


def _load(path):
    if path not in _LOADED:
        _LOADED[path] = interpreter.load(ROOT / path)
    return _LOADED[path]


def _fact_types(reg):
    types = {}
    for v in reg.versions:
        types.update(v.fact_types)
    return types


def check_parity(reg, table, date=None):
    rows = table.to_pylist()
    outcomes = evaluate_outcomes(reg, table, date)
    got = [line for _, line in outcomes.json_lines()]
    for i, row in enumerate(rows):
        try:
            expected = reg.evaluate(row, date).to_json(indent=None)
        except interpreter.CaseError as exc:
            from interpreter.result import dumps
            expected = dumps({"line": i + 1, "error": str(exc)}, indent=None)
        assert got[i] == expected, f"row {i}: {row}"
    return outcomes


@pytest.mark.parametrize("path", PATHS)
def test_generated_cases_give_the_same_json_lines(path):
    reg = _load(path)
    types = _fact_types(reg)
    lo = min(v.info.valid_from for v in reg.versions) - dt.timedelta(days=30)

    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck),
              phases=(Phase.explicit, Phase.reuse, Phase.generate))  # no shrinking: the row is printed
    @given(st.lists(case_strategy(types, (lo, dt.date(2030, 1, 1))), min_size=1, max_size=40))
    def run(cases):
        check_parity(reg, to_table(cases, types))
    run()


def test_most_schinnen_rows_are_columnar_and_settled_rows_match():
    reg = _load("rules/schinnen")
    types = _fact_types(reg)
    # uitkering unknown, ingeschreven: Kleene leaves 'aanspraak' open, settling decides it
    cases = [{"peildatum": dt.date(2010, 6, 1), "woont_in_gemeente": True, "ingeschreven_als_werkzoekende": True,
              "gezinsinkomen": "100.00", "voorliggende_voorziening_toereikend": False}] * 3
    cases += [{"peildatum": dt.date(2010, 6, 1), "uitkering": "wwb", "kinderen": [{"geboortedatum": dt.date(2001, 6, 1)},
                                                                                 {"geboortedatum": None}]}]
    outcomes = check_parity(reg, to_table(cases, types))
    assert outcomes.fallback == 0
    col = outcomes.columns["aanspraak_op_ondersteuning"]
    assert col.known[:3].all() and col.val[:3].all()
    assert outcomes.decision("aanspraak_op_ondersteuning", 0)["note"].startswith("beslist voor elke mogelijke waarde")


def test_rows_that_cannot_be_columnar_fall_back_and_are_counted():
    reg = _load("rules/schinnen")
    table = pa.table({"peildatum": pa.array(["2010-06-01", "2010-06-01", "2010-13-01", None]),
                      "gezinsinkomen": pa.array(["2500.001", "2500.01", "1", "1"]),
                      "uitkering": pa.array(["wwb", "bijstand", "wwb", "wwb"])})
    outcomes = check_parity(reg, table)
    assert outcomes.fallback == 4  # sub-cent amount, unknown option, impossible date, no peildatum
    assert set(outcomes.errors) == {1, 2, 3}
    result = evaluate_table(reg, table)
    assert fallback_count(result) == 4
    assert result.column("_error").to_pylist()[0] is None


def test_a_table_larger_than_a_chunk_gives_the_rows_of_one_chunk_and_sums_its_counts():
    """evaluate_table cuts a large table in chunks (bounded memory): the result is the one of a
    single chunk, row for row, with the fallback and error counts of all chunks."""
    reg = _load("rules/schinnen")
    base = {"peildatum": ["2010-06-01", "2010-06-01", "2010-13-01", None, "2012-01-01"],
            "gezinsinkomen": ["2500.001", "2500.01", "1", "1", "1800.00"],
            "uitkering": ["wwb", "bijstand", "wwb", "wwb", "wwb"]}
    table = pa.table({k: pa.array(v * 7) for k, v in base.items()})  # 35 rows: 4 of every 5 fall back
    whole = evaluate_table(reg, table, chunk_size=1000)
    for size in (1, 4, 6, 34):
        chunked = evaluate_table(reg, table, chunk_size=size)
        assert chunked.to_pylist() == whole.to_pylist(), size
        assert fallback_count(chunked) == fallback_count(whole) == 28
        assert chunked.schema.metadata[b"grondslag.error_rows"] == whole.schema.metadata[b"grondslag.error_rows"] == b"21"
    assert reg.evaluate_table(table, chunk_size=6).to_pylist() == whole.to_pylist()
    with pytest.raises(ValueError, match="chunk_size"):
        evaluate_table(reg, table, chunk_size=0)


def test_arrow_result_holds_value_citations_and_missing():
    reg = _load("rules/schinnen")
    table = pa.table({"uitkering": ["wwb", None], "woont_in_gemeente": [True, None],
                      "gezinsinkomen": pa.array(["2600.00", None])})
    result = evaluate_table(reg, table, date="2010-06-01")
    rows = result.to_pylist()
    for row, case in zip(rows, table.to_pylist()):
        expected = reg.evaluate(case, dt.date(2010, 6, 1))
        for name, d in expected.decisions.items():
            assert row[name] == (d.value if not isinstance(d.value, dt.date) else d.value)
            assert json.loads(row[f"{name}.citations"]) == [c.to_dict() for c in d.citations]
            assert row[f"{name}.missing"] == ", ".join(d.missing)
        assert row["_date"] == dt.date(2010, 6, 1)
    assert fallback_count(result) == 0


def test_pandas_frame_through_arrow():
    pd = pytest.importorskip("pandas")
    reg = _load("rules/schinnen")
    frame = pd.DataFrame({"uitkering": ["anw", "geen"], "ingeschreven_als_werkzoekende": [True, False]})
    result = reg.evaluate_table(frame, date=dt.date(2010, 6, 1)) if hasattr(reg, "evaluate_table") \
        else evaluate_table(reg, frame, date=dt.date(2010, 6, 1))
    assert result.column("anw_er").to_pylist() == [True, False]


def test_importing_interpreter_does_not_import_pyarrow():
    import subprocess
    import sys
    code = "import sys, interpreter; interpreter.load('rules/schinnen'); print('pyarrow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("folder", ["rules/schinnen", "rules/participatiewet", "rules/diemen"])
def test_public_cases_as_json_lines_give_the_same_lines(folder, tmp_path):
    """The public example cases (and the shared Schinnen examples) through `batch --engine columnar`."""
    from click.testing import CliRunner

    from interpreter.cli.app import main
    if not (ROOT / folder).exists():
        pytest.skip(f"{folder} is not in this tree")
    files = sorted((ROOT / folder / "cases").glob("*.case.json"))
    if folder == "rules/schinnen":
        files += sorted(Path("/work/shared/examples/schinnen").glob("*.case.json"))
    lines = [json.dumps(json.loads(f.read_text(encoding="utf-8"))) for f in files]
    src = tmp_path / "cases.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outputs = []
    for engine in ("per-case", "columnar"):
        out = tmp_path / f"{engine}.jsonl"
        r = CliRunner().invoke(main, ["batch", str(ROOT / folder), "--cases", str(src), "--engine", engine,
                                      "--output", str(out)])
        assert r.exit_code in (0, 3), r.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_a_rows_derivation_is_made_per_case_on_demand():
    from interpreter.columnar import result_of_row
    reg = _load("rules/schinnen")
    table = pa.table({"uitkering": ["geen", "wwb"], "woont_in_gemeente": [True, True]})
    result = result_of_row(reg, table, 1, dt.date(2010, 6, 1))
    steps = result["uitkeringsgerechtigde"].derivation().steps
    assert steps[0].status == "beslissend" and result["uitkeringsgerechtigde"].value is True
