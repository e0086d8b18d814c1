"""`grondslag diff OLD NEW --cases big.parquet`: the impact on a caseload, on the columnar engine.

The same cases given as JSON Lines (the per-case impact) and as Parquet give the same counts;
the Parquet report adds the transitions, attributed to provisions, with example cases.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from interpreter.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from columnar_cases import json_case, schinnen_table  # noqa: E402


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    d = tmp_path_factory.mktemp("diff")
    shutil.copytree(ROOT / "rules" / "schinnen" / "2004", d / "old")
    shutil.copytree(ROOT / "rules" / "schinnen" / "2004", d / "new")
    art4 = d / "new" / "artikel-04.rules"
    text = art4.read_text(encoding="utf-8")
    assert "gezinsinkomen > € 2.500,00" in text
    art4.write_text(text.replace("gezinsinkomen > € 2.500,00", "gezinsinkomen > € 2.600,00"), encoding="utf-8")
    table = schinnen_table(800, seed=11)
    pq.write_table(table, d / "cases.parquet")
    (d / "cases.jsonl").write_text("".join(json.dumps(json_case(r)) + "\n" for r in table.to_pylist()),
                                   encoding="utf-8")
    return d


def _report(d, cases):
    r = CliRunner().invoke(main, ["diff", str(d / "old"), str(d / "new"), "--cases", str(d / cases),
                                  "--format", "json"])
    assert r.exit_code == 1, r.output  # something changed
    return json.loads(r.output)


def test_parquet_impact_equals_per_case_impact_and_adds_transitions(versions):
    per_case = _report(versions, "cases.jsonl")
    columnar = _report(versions, "cases.parquet")
    assert columnar["cases"]["evaluated"] == per_case["cases"]["evaluated"]
    for name, d in per_case["decisions"].items():
        c = columnar["decisions"][name]
        assert (c["changed"], c["total"], c["grounds_changed"]) == (d["changed"], d["total"], d["grounds_changed"])
        assert sorted(map(json.dumps, c["explained_by"])) == sorted(map(json.dumps, d["explained_by"]))
    aanspraak = columnar["decisions"]["aanspraak_op_ondersteuning"]
    assert aanspraak["changed"] > 0
    moves = {(t["from"], t["to"]): t for t in aanspraak["transitions"]}
    assert set(moves) <= {("nee", "ja"), ("onbekend", "ja"), ("nee", "onbekend")}
    assert sum(t["cases"] for t in aanspraak["transitions"]) == aanspraak["changed"]
    nee_ja = moves[("nee", "ja")]
    assert nee_ja["provisions"][0]["old"] == "artikel 4, vierde lid"
    assert nee_ja["examples"] and nee_ja["examples"][0].startswith(str(versions / "cases.parquet"))
