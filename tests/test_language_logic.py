"""Three-valued (Kleene) logic: unknown facts, en/of/niet, and the facts that are missing."""

import datetime as dt

import pytest

import interpreter
from interpreter.values import Unknown

DATE = dt.date(2021, 1, 1)


@pytest.fixture(scope="module")
def reg(language_path):
    return interpreter.load(language_path / "logica.rules")


def ev(reg, **facts):
    return reg.evaluate(facts, DATE)


@pytest.mark.parametrize("a, b, expected", [
    (True, True, True), (True, False, False), (False, True, False), (False, False, False),
])
def test_en_two_valued(reg, a, b, expected):
    assert ev(reg, a=a, b=b)["a_en_b"].value is expected


def test_false_and_unknown_is_false(reg):
    d = ev(reg, a=False)["a_en_b"]
    assert d.value is False
    assert d.missing == ()
    assert d.citations[0].article == "1"


def test_true_and_unknown_is_unknown(reg):
    d = ev(reg, a=True)["a_en_b"]
    assert d.value is None
    assert d.missing == ("b",)


def test_true_or_unknown_is_true(reg):
    d = ev(reg, b=True)["a_of_b"]
    assert d.value is True
    assert d.missing == ()
    assert d.citations[0].article == "2"


def test_false_or_unknown_is_unknown(reg):
    d = ev(reg, a=False)["a_of_b"]
    assert d.value is None
    assert d.missing == ("b",)


def test_not_unknown_is_unknown(reg):
    d = ev(reg)["niet_a"]
    assert d.value is None
    assert d.missing == ("a",)
    assert ev(reg, a=False)["niet_a"].value is True


def test_missing_collects_every_open_fact_in_declaration_order(reg):
    d = ev(reg)["samengesteld"]
    assert d.value is None
    assert d.missing == ("a", "b", "c")


def test_missing_only_names_facts_that_could_decide(reg):
    # (a of b) en c with a true: only c is still needed
    d = ev(reg, a=True)["samengesteld"]
    assert d.missing == ("c",)


def test_unknown_propagates_through_another_decision(reg):
    d = ev(reg, a=True)["afgeleid"]  # a_en_b of c
    assert d.value is None
    assert d.missing == ("b", "c")
    assert ev(reg, c=True)["afgeleid"].value is True
    assert ev(reg, a=False, c=False)["afgeleid"].value is False


def test_null_in_a_case_is_unknown_not_false(reg):
    d = ev(reg, a=None, b=True)["a_en_b"]
    assert d.value is None
    assert d.missing == ("a",)


def test_unknown_value_type():
    u = Unknown(frozenset({"x"}))
    assert u == Unknown(frozenset({"x"}))
    assert u != Unknown(frozenset({"y"}))
    assert "x" in repr(u)
