"""Issue 14: case files in YAML beside JSON, with money kept exact."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from interpreter.case import CaseError, parse_json
from interpreter.casefile import parse_case_text, parse_yaml
from interpreter.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
YAML_CASES = sorted((ROOT / "rules").glob("*/cases/*.case.yaml"))
JSON_CASES = sorted((ROOT / "rules" / "schinnen" / "cases").glob("*.case.json"))


def test_there_is_a_yaml_example():
    assert YAML_CASES


@pytest.mark.parametrize("case_path", YAML_CASES, ids=lambda p: p.name)
def test_yaml_example_gives_its_expected_decisions(schinnen, case_path):
    expected = json.loads(case_path.with_name(case_path.name.replace(".case.yaml", ".expected.json"))
                          .read_text(encoding="utf-8"))
    result = schinnen.evaluate(parse_yaml(case_path.read_text(encoding="utf-8")))
    for name, want in expected.items():
        assert result[name].value == want["value"], name
        c = result[name].citations[0]
        assert {"article": c.article, "paragraph": c.paragraph, "item": c.item} == want["citation"], name


def test_one_cent_over_is_read_exactly():
    case = parse_yaml((ROOT / "rules/schinnen/cases/nugger-one-cent-over.case.yaml").read_text(encoding="utf-8"))
    assert case["gezinsinkomen"] == Decimal("2500.01") and isinstance(case["gezinsinkomen"], Decimal)
    assert case["peildatum"] == "2011-02-15"


@pytest.mark.parametrize("case_path", JSON_CASES, ids=lambda p: p.name)
def test_yaml_and_json_of_one_case_read_the_same(case_path):
    text = case_path.read_text(encoding="utf-8")
    as_yaml = yaml.safe_dump(json.loads(text), allow_unicode=True)
    assert parse_yaml(as_yaml) == parse_json(text)


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_money_in_yaml_is_exact(amount):
    assert parse_yaml(f"gezinsinkomen: {amount}\n") == {"gezinsinkomen": amount}


@pytest.mark.parametrize("text, value", [
    ("a: true", True), ("a: false", False), ("a: ~", None), ("a: null", None), ("a:", None),
    ("a: 12", 12), ("a: '12'", "12"), ("a: \"true\"", "true"), ("a: yes", "yes"), ("a: 2009-04-01", "2009-04-01"),
    ("a: 1e3", Decimal("1e3")), ("a: [1, 2.5]", [1, Decimal("2.5")]), ("a: {b: x}", {"b": "x"}),
])
def test_scalars_are_typed_as_json_types_them(text, value):
    assert parse_yaml(text) == {"a": value}


@pytest.mark.parametrize("text, message", [
    ("a: 1\na: 2\n", "'a' is given twice"),
    ("a: [1\n", "not valid YAML"),
    ("", "empty"),
    ("a: &x [1]\nb: *x\n", "anchors and aliases"),
    ("1: x\n", "a key must be a name"),
])
def test_bad_yaml_is_a_case_error(text, message):
    with pytest.raises(CaseError, match=message):
        parse_yaml(text)


def test_suffix_decides_the_format():
    assert parse_case_text('{"a": 1}', "x.json") == {"a": 1}
    assert parse_case_text("a: 1", "x.YML") == {"a": 1}


def test_eval_reads_a_yaml_case(tmp_path):
    case = ROOT / "rules/schinnen/cases/nugger-one-cent-over.case.yaml"
    result = CliRunner().invoke(main, ["eval", str(ROOT / "rules/schinnen"), "--case", str(case), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["decisions"]["aanspraak_op_ondersteuning"]["value"] is False


def test_eval_names_the_yaml_error(tmp_path):
    bad = tmp_path / "bad.case.yaml"
    bad.write_text("peildatum: 2011-02-15\ngezinsinkomen: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(ROOT / "rules/schinnen"), "--case", str(bad)])
    assert result.exit_code == 2
    assert "bad.case.yaml: the case is not valid YAML" in result.output
