"""Percentages as the law writes them: 5%, 5 procent, P van X; exact, with clear type errors."""

from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from dsl.parser import parse, parse_percent
from dsl import syntax as S
from quantity_rules import DATE, errors, load_text

BODY = '''feit norm: bedrag per maand
feit p: percentage
artikel 1
  beslissing vijf: bedrag per maand
  beslissing eigen: bedrag per maand
  beslissing hoog: ja/nee
  vijf is 5% van norm
  eigen is p van norm
  hoog is p > 50 procent
'''


@pytest.fixture
def reg(tmp_path):
    return load_text(tmp_path, BODY)


@pytest.mark.parametrize("raw, value", [("5%", "5"), ("5 procent", "5"), ("5,5%", "5.5"), ("100 %", "100")])
def test_percentage_literals(raw, value):
    assert parse_percent(raw) == Decimal(value)
    tree, diags = parse(f"begrip x is {raw}\n")
    assert not diags
    lit = tree.declarations[0].expr
    assert isinstance(lit, S.Literal) and lit.kind == "percentage" and lit.value == Decimal(value)


def test_percent_of_an_amount_is_exact(reg):
    res = reg.evaluate({"norm": "972.70", "p": 30}, DATE)
    assert res["vijf"].value == Decimal("48.635")  # no rounding unless the rule says so
    assert res["eigen"].value == Decimal("291.81")
    assert res["hoog"].value is False


def test_percentage_in_json_is_a_number_of_percent(reg):
    res = reg.evaluate({"norm": "100", "p": "60"}, DATE)
    assert res["hoog"].value is True
    assert res.to_dict()["decisions"]["eigen"]["value"] == Decimal("60")


def test_percentage_input_must_be_a_number(reg):
    from interpreter.case import CaseError
    with pytest.raises(CaseError, match="p: expected a percentage"):
        reg.evaluate({"p": "dertig"}, DATE)


def test_percentage_times_amount_is_refused_with_a_hint():
    errs = errors("feit norm: bedrag\nartikel 1\n  beslissing x: bedrag\n  x is norm * 5%\n")
    assert errs and "cannot compute bedrag * percentage" in errs[0] and "5% van bijstandsnorm" in errs[0]


def test_van_needs_a_percentage_first():
    errs = errors("feit norm: bedrag\nartikel 1\n  beslissing x: bedrag\n  x is 5 van norm\n")
    assert errs and "takes a percentage before 'van'" in errs[0]


def test_percentage_is_not_a_number():
    errs = errors("feit p: percentage\nartikel 1\n  beslissing x: ja/nee\n  x is p > 5\n")
    assert errs and "cannot compare percentage with geheel getal" in errs[0]


@settings(max_examples=60, deadline=None)
@given(whole=st.integers(0, 10**6), frac=st.integers(0, 99), words=st.booleans())
def test_any_percentage_literal_parses_back(whole, frac, words):
    raw = f"{whole},{frac:02d}" + (" procent" if words else "%")
    tree, diags = parse(f"begrip x is {raw} van € 100\n")
    assert not diags
    pct = tree.declarations[0].expr.percentage
    assert pct.value == Decimal(f"{whole}.{frac:02d}")
