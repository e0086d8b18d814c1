"""Artikel 9 of the Diemen afstemmingsverordening: height and duration of the reduction, rounding
to cents by a recorded reading, the statute's 100%, and the college's deviation within 5%-100%."""

import datetime as dt
from decimal import Decimal

import pytest

import interpreter
from conftest import RULES
from dsl.quantities import Duration
from interpreter.case import CaseError

DATE = dt.date(2016, 3, 1)
BASE = {"bijstandsnorm": "972.70", "ingangsdatum_verlaging": "2016-02-01", "aanleiding_tot_afwijking": False}


@pytest.fixture(scope="module")
def diemen():
    return interpreter.load(RULES / "diemen")


def _eval(diemen, **facts):
    return diemen.evaluate({**BASE, **facts}, DATE)


@pytest.mark.parametrize("gedraging, pct, bedrag, item", [
    ("registratie", 5, "48.63", "a"),        # 48,635 rounded down
    ("plan_van_aanpak", 30, "291.81", "b"),
    ("arbeid", 100, "972.70", "c"),
])
def test_lid_1_per_category(diemen, gedraging, pct, bedrag, item):
    res = _eval(diemen, gedraging=gedraging)
    assert res["verlaging_percentage"].value == pct
    assert (res["verlaging_percentage"].citations[0].paragraph, res["verlaging_percentage"].citations[0].item) == (1, item)
    assert res["verlaging_bedrag"].value == Decimal(bedrag)
    assert res["verlaging_duur"].value == Duration(1, 0)
    assert res["verlaging_tot"].value == dt.date(2016, 3, 1)


def test_derde_categorie_cites_the_participatiewet(diemen):
    d = _eval(diemen, gedraging="arbeid")["verlaging_percentage"]
    statute = d.to_dict()["citations"][1]
    assert (statute["law"], statute["bwb"], statute["article"], statute["paragraph"]) == \
        ("Participatiewet", "BWBR0015703", "18", 5)
    assert len(_eval(diemen, gedraging="registratie")["verlaging_percentage"].citations) == 1


@pytest.mark.parametrize("start, end", [("2016-01-31", "2016-03-01"), ("2015-01-31", "2015-03-01"),
                                        ("2016-02-29", "2016-03-29"), ("2016-12-31", "2017-01-31")])
def test_verlaging_tot_by_the_month_end_rule(diemen, start, end):
    res = diemen.evaluate({"gedraging": "registratie", "ingangsdatum_verlaging": start}, DATE)
    assert res["verlaging_tot"].value == dt.date.fromisoformat(end)


@pytest.mark.parametrize("pct", [5, 100, "5", Decimal("57.5")])
def test_lid_2_bounds_included(diemen, pct):
    res = _eval(diemen, gedraging="registratie", aanleiding_tot_afwijking=True, afwijkend_percentage=pct)
    assert res["verlaging_percentage"].value == Decimal(str(pct))
    assert res["verlaging_percentage"].citations[0].paragraph == 2


@pytest.mark.parametrize("pct", [4, 101, Decimal("4.99"), 0, -5])
def test_lid_2_outside_the_bounds_is_refused(diemen, pct):
    with pytest.raises(CaseError) as info:
        _eval(diemen, gedraging="registratie", aanleiding_tot_afwijking=True, afwijkend_percentage=pct)
    assert info.value.field == "afwijkend_percentage"
    assert "5%" in str(info.value) and "100%" in str(info.value)


@pytest.mark.parametrize("pct", [4, 101])
def test_cli_refuses_4_and_101_with_exit_2(cli, write_case, pct):
    case = write_case({**BASE, "gedraging": "registratie", "aanleiding_tot_afwijking": True,
                       "afwijkend_percentage": pct})
    r = cli("eval", RULES / "diemen", "--case", case, "--date", "2016-03-01", "--format", "json")
    assert r.exit_code == 2
    assert f"afwijkend_percentage: {pct}% is outside the bounds" in r.stderr


def test_lid_2_presupposes_a_reduction(diemen):
    res = _eval(diemen, gedraging="geen", aanleiding_tot_afwijking=True, afwijkend_percentage=50)
    assert res["verlaging_percentage"].value == 0
    assert res["verlaging_bedrag"].value == Decimal("0.00")


def test_lid_2_keeps_the_duration_of_lid_1(diemen):
    res = _eval(diemen, gedraging="arbeid", aanleiding_tot_afwijking=True, afwijkend_percentage=40)
    assert res["verlaging_percentage"].value == 40
    assert res["verlaging_duur"].value == Duration(1, 0)
    assert res["verlaging_bedrag"].value == Decimal("389.08")


def test_judgement_open_leaves_the_amount_open(diemen):
    res = diemen.evaluate({"gedraging": "registratie", "bijstandsnorm": "972.70"}, DATE)
    assert res["verlaging_bedrag"].value is None
    assert "aanleiding_tot_afwijking" in res["verlaging_bedrag"].missing


def test_json_values(diemen):
    d = _eval(diemen, gedraging="registratie").to_dict()["decisions"]
    assert d["verlaging_percentage"]["value"] == 5
    assert d["verlaging_duur"]["value"] == {"maanden": 1}
    assert d["verlaging_bedrag"]["value"] == Decimal("48.63")
    assert d["verlaging_tot"]["value"] == "2016-03-01"
