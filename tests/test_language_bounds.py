"""Bounds on facts and judgements: a value outside is a case error (exit 2) naming the field,
the value and the bounds; grondslag schema emits minimum and maximum."""

import json

import pytest

from interpreter.case import CaseError
from interpreter.schema import case_schema
from quantity_rules import DATE, errors, load_text

BODY = '''oordeel p: percentage van 5% tot en met 100%
feit n: geheel getal ten minste 1
feit b: bedrag ten minste € 0 en ten hoogste € 10.000
feit d: datum ten hoogste 2030-12-31
artikel 1
  beslissing x: ja/nee
  x is p > 50% en n > 2 en b > € 5 en d > 2020-01-01
'''


@pytest.fixture
def reg(tmp_path):
    return load_text(tmp_path, BODY)


@pytest.mark.parametrize("field, value", [("p", 5), ("p", 100), ("n", 1), ("b", "0"), ("b", "10000"),
                                          ("d", "2030-12-31")])
def test_values_on_the_bounds_are_accepted(reg, field, value):
    reg.evaluate({field: value}, DATE)


@pytest.mark.parametrize("field, value, shown, bounds", [
    ("p", 4, "4%", "from 5% up to and including 100%"),
    ("p", 101, "101%", "from 5% up to and including 100%"),
    ("p", "4.99", "4.99%", "from 5%"),
    ("n", 0, "0", "at least 1"),
    ("b", "10000.01", "€ 10000.01", "up to and including € 10000"),
    ("d", "2031-01-01", "2031-01-01", "at most 2030-12-31"),
])
def test_values_outside_are_case_errors(reg, field, value, shown, bounds):
    with pytest.raises(CaseError) as info:
        reg.evaluate({field: value}, DATE)
    msg = str(info.value)
    assert msg.startswith(f"{field}: {shown} is outside the bounds") and bounds in msg
    assert info.value.field == field


def test_cli_exit_2_names_field_value_and_bounds(tmp_path, cli, write_case):
    path = tmp_path / "r.rules"
    load_text(tmp_path, BODY, "r.rules")
    r = cli("eval", path, "--case", write_case({"p": 101}), "--date", "2016-03-01", "--format", "json")
    assert r.exit_code == 2
    assert "p: 101% is outside the bounds" in r.stderr and "100%" in r.stderr and "Traceback" not in r.stderr


def test_schema_has_minimum_and_maximum(reg):
    props = case_schema(reg.versions[0].program.model)["properties"]
    assert props["p"]["minimum"] == 5 and props["p"]["maximum"] == 100
    assert props["n"]["minimum"] == 1 and "maximum" not in props["n"]
    number = props["b"]["anyOf"][0]
    assert number["minimum"] == 0 and number["maximum"] == 10000
    json.dumps(props)


@pytest.mark.parametrize("body, message", [
    ("feit p: percentage van 5 tot en met 100\n", "a bound of 'p' must be percentage"),
    ("feit p: percentage van 50% tot en met 10%\n", "the bounds of 'p' are empty"),
    ("feit p: ja/nee ten minste 1\n", "cannot have bounds"),
])
def test_bad_bounds_are_rule_errors(body, message):
    errs = errors(body + "artikel 1\n  beslissing x: ja/nee\n  x is waar als p = p\n")
    assert any(message in e for e in errs), errs


def test_language_server_shows_the_bounds():
    from dsl.parser import parse
    from interpreter.editor.lsp import symbols
    from quantity_rules import HEADER
    tree, _ = parse(HEADER + BODY, "proef.rules")
    assert symbols([tree])["p"].signature() == "oordeel p: percentage van 5% tot en met 100%"


def test_formatter_keeps_the_bounds():
    from dsl.formatter import format_source
    from quantity_rules import HEADER
    once = format_source(HEADER + BODY)
    assert format_source(once) == once
    assert "feit b: bedrag van € 0 tot en met € 10.000" in once
