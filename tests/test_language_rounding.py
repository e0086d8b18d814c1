"""Rounding as the law or a recorded reading says: afgerond op centen / hele euro, naar boven,
naar beneden, half naar boven (also when no direction is written)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from dsl.formatter import format_source
from quantity_rules import DATE, HEADER, errors, load_text

BODY = '''feit norm: bedrag
artikel 1
  beslissing half: bedrag
  beslissing boven: bedrag
  beslissing neer: bedrag
  beslissing kaal: bedrag
  beslissing euro: bedrag
  half is 5% van norm afgerond op centen half naar boven
  boven is 5% van norm afgerond op centen naar boven
  neer is 5% van norm afgerond op centen naar beneden
  kaal is 5% van norm afgerond op centen
  euro is norm afgerond op hele euro naar beneden
'''


@pytest.fixture
def reg(tmp_path):
    return load_text(tmp_path, BODY)


@pytest.mark.parametrize("norm, half, up, down, euro", [
    ("972.70", "48.64", "48.64", "48.63", "972"),   # 48,635: the example
    ("1000", "50.00", "50.00", "50.00", "1000"),
    ("972.61", "48.63", "48.64", "48.63", "972"),   # 48,6305
    ("0.09", "0.00", "0.01", "0.00", "0"),           # 0,0045
])
def test_directions(reg, norm, half, up, down, euro):
    res = reg.evaluate({"norm": norm}, DATE)
    assert res["half"].value == Decimal(half)
    assert res["boven"].value == Decimal(up)
    assert res["neer"].value == Decimal(down)
    assert res["kaal"].value == Decimal(half)  # no direction written: half naar boven
    assert res["euro"].value == Decimal(euro)


def test_rounded_value_has_whole_cents(reg):
    assert reg.evaluate({"norm": "972.70"}, DATE)["neer"].value.as_tuple().exponent == -2


def test_only_amounts_are_rounded():
    errs = errors("feit n: getal\nartikel 1\n  beslissing x: getal\n  x is n afgerond op centen\n")
    assert errs and "only an amount can be rounded" in errs[0]


def test_formatter_keeps_rounding():
    src = HEADER + BODY
    assert format_source(src) == format_source(format_source(src))
    assert "afgerond op centen naar beneden" in format_source(src)


@settings(max_examples=80, deadline=None)
@given(cents=st.integers(0, 10**9), pct=st.integers(0, 1000))
def test_rounding_brackets_the_exact_value(tmp_path_factory, cents, pct):
    reg = _reg(tmp_path_factory)
    norm = Decimal(cents) / 100
    exact = norm * Decimal(pct) / 100
    res = _eval(reg, norm, pct)
    assert res["neer"] <= exact <= res["boven"]
    assert res["boven"] - res["neer"] in (Decimal("0"), Decimal("0.01"))
    assert abs(res["half"] - exact) <= Decimal("0.005")


_CACHE = {}


def _reg(factory):
    if "reg" not in _CACHE:
        body = BODY.replace("5% van norm", "p van norm").replace("feit norm: bedrag", "feit norm: bedrag\nfeit p: percentage")
        _CACHE["reg"] = load_text(factory.mktemp("afronding"), body)
    return _CACHE["reg"]


def _eval(reg, norm, pct):
    res = reg.evaluate({"norm": str(norm), "p": pct}, DATE)
    return {k: res[k].value for k in ("half", "boven", "neer")}
