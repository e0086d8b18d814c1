"""The period in which the ordinance is in force: 2004-11-01 up to and including 2014-12-31."""

import datetime as dt

import pytest

from interpreter.api import NotInForce
from interpreter.case import CaseError

CASE = {"uitkering": "wwb", "ontheffing_arbeidsverplichting": "geen", "woont_in_gemeente": True}


@pytest.mark.parametrize("date", [dt.date(2004, 11, 1), dt.date(2014, 12, 31)], ids=["first-day", "last-day"])
def test_in_force_on_first_and_last_day(decide, date):
    res = decide(CASE, date)
    assert res.date == date
    assert res.regulation.valid_from == dt.date(2004, 11, 1)
    assert res.regulation.valid_until == dt.date(2015, 1, 1)
    d = res["aanbod_voorziening"]
    assert d.value is True
    assert d.citations[0].label == "artikel 6, eerste lid"


@pytest.mark.parametrize("date", [dt.date(2004, 10, 31), dt.date(2015, 1, 1)], ids=["day-before", "day-after"])
def test_not_in_force_outside_the_period(schinnen, date):
    with pytest.raises(NotInForce) as info:
        schinnen.evaluate(CASE, date)
    assert isinstance(info.value, CaseError)
    msg = str(info.value)
    assert date.isoformat() in msg
    assert "2004-11-01" in msg and "2015-01-01" in msg


@pytest.mark.parametrize("date", ["2004-10-31", "2015-01-01"])
def test_cli_exit_2_outside_the_period(cli, write_case, schinnen_path, date):
    r = cli("eval", schinnen_path, "--case", write_case(CASE), "--date", date, "--format", "json")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert date in r.stderr
    assert "2004-11-01" in r.stderr and "2015-01-01" in r.stderr
    assert "Traceback" not in r.output


@pytest.mark.parametrize("date", ["2004-11-01", "2014-12-31"])
def test_cli_first_and_last_day(cli, write_case, schinnen_path, date):
    r = cli("eval", schinnen_path, "--case", write_case({**CASE, "peildatum": date}), "--format", "json")
    assert r.exit_code == 0, r.output
    out = r.json()
    assert out["date"] == date
    assert out["regulation"]["valid_from"] == "2004-11-01"
    assert out["regulation"]["valid_until"] == "2015-01-01"
    assert out["decisions"]["aanbod_voorziening"]["value"] is True
