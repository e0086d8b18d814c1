"""Artikel 1 (Begripsomschrijvingen), onder a-d: uitkeringsgerechtigde, Anw-er, Nugger, jongere."""

import datetime as dt

import pytest

A, B, C, D = ("1", 1, "a"), ("1", 1, "b"), ("1", 1, "c"), ("1", 1, "d")


def cite(decision):
    c = decision.citations[0]
    return (c.article, c.paragraph, c.item)


# ------------------------------------------------------------------ onder a


@pytest.mark.parametrize("uitkering, expected", [
    ("wwb", True), ("ioaw", True), ("ioaz", True), ("anw", False), ("geen", False),
])
def test_uitkeringsgerechtigde_per_benefit(decide, uitkering, expected):
    d = decide({"uitkering": uitkering})["uitkeringsgerechtigde"]
    assert d.value is expected
    assert cite(d) == A
    assert d.citations[0].label == "artikel 1, onder a"
    assert d.missing == ()


def test_uitkeringsgerechtigde_unknown_without_benefit(decide):
    d = decide({})["uitkeringsgerechtigde"]
    assert d.value is None
    assert d.citations == ()
    assert d.missing == ("uitkering",)


# ------------------------------------------------------------------ onder b


@pytest.mark.parametrize("uitkering, ingeschreven, expected", [
    ("anw", True, True),
    ("anw", False, False),
    ("wwb", True, False),
    ("geen", True, False),
])
def test_anw_er(decide, uitkering, ingeschreven, expected):
    d = decide({"uitkering": uitkering, "ingeschreven_als_werkzoekende": ingeschreven})["anw_er"]
    assert d.value is expected
    assert cite(d) == B


def test_anw_er_false_without_registration_even_if_benefit_unknown(decide):
    d = decide({"ingeschreven_als_werkzoekende": False})["anw_er"]
    assert d.value is False
    assert cite(d) == B


def test_anw_er_unknown_registration(decide):
    d = decide({"uitkering": "anw"})["anw_er"]
    assert d.value is None
    assert d.missing == ("ingeschreven_als_werkzoekende",)


# ------------------------------------------------------------------ onder c


@pytest.mark.parametrize("uitkering, ingeschreven, expected", [
    ("geen", True, True),
    # lezing: an Anw-er registered as job seeker is also a Nugger (not an uitkeringsgerechtigde)
    ("anw", True, True),
    ("wwb", True, False),
    ("ioaw", True, False),
    ("geen", False, False),
])
def test_nugger(decide, uitkering, ingeschreven, expected):
    d = decide({"uitkering": uitkering, "ingeschreven_als_werkzoekende": ingeschreven})["nugger"]
    assert d.value is expected
    assert cite(d) == C
    assert d.citations[0].label == "artikel 1, onder c"


def test_nugger_unknown_names_what_is_missing(decide):
    d = decide({"uitkering": "geen"})["nugger"]
    assert d.value is None
    assert d.missing == ("ingeschreven_als_werkzoekende",)
    d = decide({"ingeschreven_als_werkzoekende": True})["nugger"]
    assert d.value is None
    assert d.missing == ("uitkering",)


# ------------------------------------------------------------------ onder d


def test_jongere_day_before_28th_birthday(decide):
    d = decide({"uitkering": "wwb", "geboortedatum": "1982-06-02"}, dt.date(2010, 6, 1))["jongere"]
    assert d.value is True
    assert cite(d) == D


def test_jongere_not_on_28th_birthday(decide):
    # lezing: 'niet ouder dan 27 jaar' -- on the 28th birthday one is no longer a jongere
    d = decide({"uitkering": "wwb", "geboortedatum": "1982-06-01"}, dt.date(2010, 6, 1))["jongere"]
    assert d.value is False
    assert cite(d) == D
    assert d.citations[0].label == "artikel 1, onder d"


def test_jongere_requires_uitkeringsgerechtigde(decide):
    d = decide({"uitkering": "anw", "geboortedatum": "1995-01-01"})["jongere"]
    assert d.value is False
    assert cite(d) == D


def test_jongere_false_for_non_beneficiary_even_without_birth_date(decide):
    d = decide({"uitkering": "geen"})["jongere"]
    assert d.value is False
    assert d.missing == ()


def test_jongere_unknown_birth_date(decide):
    d = decide({"uitkering": "wwb"})["jongere"]
    assert d.value is None
    assert d.citations == ()
    assert d.missing == ("geboortedatum",)


def test_jongere_missing_in_declaration_order(decide):
    # geboortedatum is declared before uitkering in regeling.rules
    d = decide({})["jongere"]
    assert d.value is None
    assert d.missing == ("geboortedatum", "uitkering")
