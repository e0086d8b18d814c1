"""Durations (1 maand, 3 maanden, 2 weken, 1 jaar), date + duration by the one month-end rule
(interpreter.values.add_months), and 'binnen D na / voor', 'na', 'voor' over dates."""

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from dsl.quantities import Duration
from interpreter.case import CaseError
from interpreter.tree import shift_date
from interpreter.values import add_months
from quantity_rules import DATE, errors, load_text

BODY = '''feit begin: datum
feit melding: datum
feit moment: datum
feit duur_invoer: duur
artikel 1
  beslissing eind: datum
  beslissing eind_weken: datum
  beslissing eerder: datum
  beslissing binnen_na: ja/nee
  beslissing binnen_voor: ja/nee
  beslissing later: ja/nee
  beslissing vroeger: ja/nee
  beslissing totaal: duur
  eind is begin + 1 maand
  eind_weken is begin + 2 weken
  eerder is begin - 1 jaar
  binnen_na is moment binnen 4 weken na melding
  binnen_voor is moment binnen 12 maanden voor peildatum
  later is moment na melding
  vroeger is moment voor melding
  totaal is duur_invoer + 3 maanden
'''


@pytest.fixture(scope="module")
def reg(tmp_path_factory):
    return load_text(tmp_path_factory.mktemp("duur"), BODY)


@pytest.mark.parametrize("raw, months, days", [("1 maand", 1, 0), ("3 maanden", 3, 0), ("2 weken", 0, 14),
                                               ("1 jaar", 12, 0), ("10 dagen", 0, 10)])
def test_duration_literals(raw, months, days):
    assert Duration.parse(raw) == Duration(months, days)


@pytest.mark.parametrize("begin, end", [
    ("2016-01-31", "2016-03-01"),  # 31 February does not exist: the first day of the next month
    ("2015-01-31", "2015-03-01"),
    ("2015-01-28", "2015-02-28"),
    ("2015-12-15", "2016-01-15"),
])
def test_date_plus_a_month(reg, begin, end):
    assert reg.evaluate({"begin": begin}, DATE)["eind"].value == dt.date.fromisoformat(end)


def test_weeks_and_years(reg):
    res = reg.evaluate({"begin": "2016-02-29"}, DATE)
    assert res["eind_weken"].value == dt.date(2016, 3, 14)
    assert res["eerder"].value == dt.date(2015, 3, 1)  # 29 February 2015 does not exist


@pytest.mark.parametrize("moment, inside", [("2016-01-01", True), ("2016-01-28", True), ("2016-01-29", False),
                                            ("2015-12-31", False)])
def test_binnen_vier_weken_na(reg, moment, inside):
    res = reg.evaluate({"moment": moment, "melding": "2016-01-01"}, DATE)
    assert res["binnen_na"].value is inside
    assert res["later"].value is (moment > "2016-01-01")
    assert res["vroeger"].value is (moment < "2016-01-01")


@pytest.mark.parametrize("moment, inside", [("2016-03-01", True), ("2015-03-02", True), ("2015-03-01", False),
                                            ("2016-03-02", False)])
def test_binnen_twaalf_maanden_voor_peildatum(reg, moment, inside):
    assert reg.evaluate({"moment": moment}, DATE)["binnen_voor"].value is inside


def test_duration_in_and_out_of_json(reg):
    res = reg.evaluate({"duur_invoer": {"maanden": 1, "weken": 1}}, DATE)
    assert res["totaal"].value == Duration(4, 7)
    assert res.to_dict()["decisions"]["totaal"]["value"] == {"maanden": 4, "dagen": 7}
    with pytest.raises(CaseError, match="duur_invoer: expected a duration"):
        reg.evaluate({"duur_invoer": 3}, DATE)
    with pytest.raises(CaseError, match="unknown unit 'maand'"):
        reg.evaluate({"duur_invoer": {"maand": 1}}, DATE)


def test_unknown_dates_stay_unknown(reg):
    res = reg.evaluate({"melding": "2016-01-01"}, DATE)
    assert res["binnen_na"].value is None and "moment" in res["binnen_na"].missing


@pytest.mark.parametrize("body, message", [
    ("feit d: datum\nartikel 1\n  beslissing x: datum\n  x is d + 1\n", "add a duration, with its unit"),
    ("feit d: datum\nartikel 1\n  beslissing x: ja/nee\n  x is d binnen 3 na peildatum\n", "must be a duration"),
])
def test_type_errors(body, message):
    errs = errors(body)
    assert errs and message in errs[0], errs


@settings(max_examples=100, deadline=None)
@given(day=st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)), months=st.integers(0, 60))
def test_date_plus_months_is_the_month_end_rule(day, months):
    assert shift_date(day, Duration(months, 0)) == add_months(day, months)


def test_unit_without_number_has_a_hint():
    errs = errors("feit d: datum\nartikel 1\n  beslissing x: datum\n  x is d + maand\n")
    assert errs and "unknown name 'maand'" in errs[0] and "write 1 maand" in errs[0]


def test_schema_of_a_duration(reg):
    from interpreter.schema import case_schema
    prop = case_schema(reg.versions[0].program.model)["properties"]["duur_invoer"]
    assert prop["properties"]["maanden"] == {"type": "integer", "minimum": 0}
    assert prop["additionalProperties"] is False
