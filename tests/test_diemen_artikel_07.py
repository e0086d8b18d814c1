"""Artikel 7 of the Diemen afstemmingsverordening: the category of a behaviour, per onderdeel and
sub-item, with the age boundary of onder b, onder 2° on the date of the melding."""

import datetime as dt

import pytest

import interpreter
from conftest import RULES

DATE = dt.date(2016, 3, 1)


@pytest.fixture(scope="module")
def diemen():
    return interpreter.load(RULES / "diemen")


def _cat(diemen, **facts):
    return diemen.evaluate(facts, DATE)["gedragscategorie"]


@pytest.mark.parametrize("gedraging, category, cited", [
    ("registratie", "eerste", ("7", None, "a", None)),
    ("plan_van_aanpak", "tweede", ("7", None, "b", "1")),
    ("tegenprestatie", "tweede", ("7", None, "b", "4")),
    ("arbeid", "derde", ("7", None, "c", None)),
    ("geen", "geen", ("7", None, None, None)),
])
def test_category_per_onderdeel(diemen, gedraging, category, cited):
    d = _cat(diemen, gedraging=gedraging)
    assert d.value == category
    c = d.citations[0]
    assert (c.article, c.paragraph, c.item, c.subitem) == cited


@pytest.mark.parametrize("melding, category", [
    ("2016-02-09", "tweede"),  # the day before the 27th birthday: 26, younger than 27
    ("2016-02-10", "geen"),    # the 27th birthday: no longer younger than 27
])
def test_onder_b_onder_2_age_on_the_date_of_the_melding(diemen, melding, category):
    d = _cat(diemen, gedraging="onderzoek_na_melding", geboortedatum="1989-02-10", datum_melding=melding)
    assert d.value == category
    if category == "tweede":
        assert d.citations[0].label.endswith("onder b, onder 2°")
        assert d.to_dict()["citations"][0]["subitem"] == "2"


def test_age_is_counted_on_the_melding_not_the_peildatum(diemen):
    # 26 on the melding, 27 on the peildatum: the melding counts
    d = _cat(diemen, gedraging="onderzoek_na_melding", geboortedatum="1989-02-20", datum_melding="2016-02-09")
    assert d.value == "tweede"


@pytest.mark.parametrize("facts, missing", [
    ({"gedraging": "onderzoek_na_melding", "datum_melding": "2016-02-09"}, ["geboortedatum"]),
    ({"gedraging": "onderzoek_na_melding", "geboortedatum": "1989-02-10"}, ["datum_melding"]),
    ({"gedraging": "deeltijdarbeid"}, ["alleenstaande_ouder"]),
    ({}, ["gedraging"]),
])
def test_open_facts_leave_the_category_open(diemen, facts, missing):
    d = _cat(diemen, **facts)
    assert d.value is None
    assert all(m in d.missing for m in missing)


@pytest.mark.parametrize("ouder, category", [(True, "tweede"), (False, "geen")])
def test_onder_b_onder_3_only_for_a_single_parent(diemen, ouder, category):
    assert _cat(diemen, gedraging="deeltijdarbeid", alleenstaande_ouder=ouder).value == category


def test_every_provision_of_artikel_7_is_encoded(diemen):
    model = diemen.versions[0].program.model
    art7 = [p for p in model.provisions if p.citation.article == "7"]
    assert {(p.citation.item, p.citation.subitem) for p in art7} == {
        (None, None), ("a", None), ("b", None), ("b", "1"), ("b", "2"), ("b", "3"), ("b", "4"), ("c", None)}
    assert all(p.text for p in art7)
