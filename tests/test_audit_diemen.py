"""Audit of the Diemen afstemmingsverordening (artikelen 7 en 9) against the law's text: the
discrepancies an independent reading found, each held by a case through the public interface."""

import datetime as dt
import json
from decimal import Decimal

import pytest

import interpreter
from conftest import RULES

DATE = dt.date(2016, 3, 1)


@pytest.fixture(scope="module")
def diemen():
    return interpreter.load(RULES / "diemen")


def test_no_category_means_no_reduction_without_knowing_the_norm(diemen):
    """Artikel 9, eerste lid, gives a reduction only per category: with none there is nothing to
    reduce, so the amount is € 0,00 (as the lezing says) whatever the bijstandsnorm is."""
    res = diemen.evaluate({"gedraging": "geen", "aanleiding_tot_afwijking": False}, DATE)
    d = res["verlaging_bedrag"]
    assert (d.value, d.missing) == (Decimal("0"), ())
    assert (d.citations[0].article, d.citations[0].paragraph) == ("9", 1)


def test_no_category_by_a_condition_not_met_gives_no_amount_either(diemen):
    """Artikel 7, onder b, onder 2°: 27 on the day of the melding, so no category and no amount."""
    res = diemen.evaluate({"gedraging": "onderzoek_na_melding", "geboortedatum": "1989-03-01",
                           "datum_melding": "2016-03-01", "aanleiding_tot_afwijking": True}, DATE)
    assert res["gedragscategorie"].value == "geen"
    assert res["verlaging_bedrag"].value == Decimal("0")


def test_category_open_leaves_the_amount_open(diemen):
    """Without gedraging the law does not let one decide whether there is a reduction."""
    res = diemen.evaluate({"bijstandsnorm": "1000.00", "aanleiding_tot_afwijking": False}, DATE)
    assert res["verlaging_bedrag"].value is None
    assert "gedraging" in res["verlaging_bedrag"].missing


def test_category_known_and_norm_unknown_leaves_the_amount_open(diemen):
    res = diemen.evaluate({"gedraging": "arbeid", "aanleiding_tot_afwijking": False}, DATE)
    assert res["verlaging_bedrag"].value is None
    assert res["verlaging_bedrag"].missing == ("bijstandsnorm",)


def test_deviating_amount_is_rounded_down_like_lid_1(diemen):
    """57,5% of € 972,70 = € 559,3025: € 559,30, the rounding read for lid 1."""
    res = diemen.evaluate({"gedraging": "plan_van_aanpak", "bijstandsnorm": "972.70",
                           "aanleiding_tot_afwijking": True, "afwijkend_percentage": "57.5"}, DATE)
    assert res["verlaging_bedrag"].value == Decimal("559.30")
    res = diemen.evaluate({"gedraging": "registratie", "bijstandsnorm": "972.70",
                           "aanleiding_tot_afwijking": True, "afwijkend_percentage": 5}, DATE)
    assert res["verlaging_bedrag"].value == Decimal("48.63")


def test_without_reason_to_deviate_the_amount_rests_on_lid_1(diemen):
    res = diemen.evaluate({"gedraging": "tegenprestatie", "bijstandsnorm": "1000.00",
                           "aanleiding_tot_afwijking": False, "afwijkend_percentage": 80}, DATE)
    d = res["verlaging_bedrag"]
    assert d.value == Decimal("300.00")
    assert (d.citations[0].article, d.citations[0].paragraph) == ("9", 1)


def test_reference_names_the_cvdr_version(diemen):
    """The law text names CVDR345917, versie 1; the machine reference and URL carry the version."""
    c = diemen.evaluate({"gedraging": "registratie"}, DATE)["gedragscategorie"].to_dict()["citations"][0]
    assert c["reference"] == "jcdr1.0:c:CVDR345917_1&artikel=7&onderdeel=a"
    assert c["url"] == "https://lokaleregelgeving.overheid.nl/CVDR345917/1"


def test_cli_no_category_without_norm(cli, write_case):
    case = write_case({"peildatum": "2016-03-01", "gedraging": "deeltijdarbeid", "alleenstaande_ouder": False,
                       "aanleiding_tot_afwijking": False, "ingangsdatum_verlaging": "2016-03-01"})
    r = cli("eval", RULES / "diemen", "--case", case, "--format", "json", "--no-derivation")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout, parse_float=Decimal)["decisions"]
    assert d["gedragscategorie"]["value"] == "geen"
    assert (d["verlaging_bedrag"]["value"], d["verlaging_bedrag"]["missing"]) == (0, [])
    assert d["verlaging_tot"]["value"] == "2016-03-01"


def test_a_deviating_amount_rests_on_lid_2_and_an_ordinary_one_on_lid_1(diemen):
    """Lid 2 sets 'de verlaging' itself: the amount of a deviating reduction cites it."""
    case = {"gedraging": "registratie", "bijstandsnorm": "1383.00"}
    res = diemen.evaluate({**case, "aanleiding_tot_afwijking": True, "afwijkend_percentage": 10}, DATE)
    d = res["verlaging_bedrag"]
    assert d.value == Decimal("138.30")
    assert [c.label for c in d.citations] == ["artikel 9, tweede lid"]
    res = diemen.evaluate({**case, "aanleiding_tot_afwijking": False}, DATE)
    d = res["verlaging_bedrag"]
    assert d.value == Decimal("69.15")
    assert [c.label for c in d.citations] == ["artikel 9, eerste lid"]
