"""`grondslag batch` with Parquet, CSV and the columnar engine: the same lines as the per-case path."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from interpreter.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
RULES = str(ROOT / "rules" / "schinnen")
sys.path.insert(0, str(ROOT / "benchmarks"))
from columnar_cases import json_case, schinnen_table  # noqa: E402


def _jsonl(table: pa.Table) -> str:
    return "".join(json.dumps(json_case(row)) + "\n" for row in table.to_pylist())


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("columnar")
    table = schinnen_table(300, seed=3)
    pq.write_table(table, d / "cases.parquet")
    text = _jsonl(table)
    text += '{"uitkering": "wwb", "peildatum": "2010-01-01", "woont_in_gemeente": "ja"}\n'  # not a boolean
    text += "not json\n" + '{"peildatum": "2010-01-01", "gezinsinkomen": 2500.005}\n'
    (d / "cases.jsonl").write_text(text, encoding="utf-8")
    reference = CliRunner().invoke(main, ["batch", RULES, "--cases", str(d / "cases.jsonl"),
                                          "--output", str(d / "ref.jsonl")])
    assert reference.exit_code == 3, reference.output
    return d


def _run(*args):
    return CliRunner().invoke(main, ["batch", RULES, *map(str, args)])


def test_columnar_json_lines_are_the_per_case_bytes(files):
    r = _run("--cases", files / "cases.jsonl", "--engine", "columnar", "--output", files / "col.jsonl",
             "--chunk-size", 128)
    assert r.exit_code == 3, r.output
    assert (files / "col.jsonl").read_bytes() == (files / "ref.jsonl").read_bytes()


def test_parquet_in_json_lines_out(files):
    r = _run("--cases", files / "cases.parquet", "--output", files / "p.jsonl")
    assert r.exit_code == 0, r.output
    expected = (files / "ref.jsonl").read_bytes().splitlines()[:300]
    assert (files / "p.jsonl").read_bytes().splitlines() == expected


def test_parquet_out_one_column_per_decision(files):
    r = _run("--cases", files / "cases.jsonl", "--output", files / "out.parquet", "--chunk-size", 100)
    assert r.exit_code == 3
    t = pq.read_table(files / "out.parquet")
    assert t.num_rows == 303
    ref = [json.loads(line) for line in (files / "ref.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = t.to_pylist()
    for row, line in zip(rows, ref):
        if "error" in line:
            assert row["_error"] == line["error"]
            continue
        for name, d in line["decisions"].items():
            assert row[name] == d["value"]
            assert json.loads(row[f"{name}.citations"]) == d["citations"]
            assert row[f"{name}.missing"] == ", ".join(d["missing"])


def test_csv_in(files, tmp_path):
    csv = tmp_path / "cases.csv"
    csv.write_text("peildatum,uitkering,ingeschreven_als_werkzoekende,gezinsinkomen,woont_in_gemeente\n"
                   "2010-06-01,anw,true,2500.00,true\n"
                   "2010-06-01,geen,false,,true\n"
                   "2010-06-01,wwb,ja,100,true\n", encoding="utf-8")
    r = _run("--cases", csv, "--output", tmp_path / "out.jsonl")
    assert r.exit_code == 3
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines[0]["decisions"]["anw_er"]["value"] is True
    assert lines[1]["decisions"]["anw_er"]["value"] is False
    assert lines[2] == {"line": 3, "error": 'ingeschreven_als_werkzoekende: expected true or false, got "ja"'}


def test_parquet_to_standard_output_is_bad_usage(files):
    r = _run("--cases", files / "cases.jsonl", "--output-format", "parquet")
    assert r.exit_code == 2
    assert "Parquet output needs a file" in r.output


def test_per_case_engine_reads_parquet_too(files):
    r = _run("--cases", files / "cases.parquet", "--engine", "per-case", "--output", files / "pc.jsonl")
    assert r.exit_code == 0, r.output
    assert (files / "pc.jsonl").read_bytes() == (files / "p.jsonl").read_bytes()
