"""Several versions of one regulation in one folder: the version is chosen by date; overlaps are errors."""

import datetime as dt

import pytest

import interpreter
from dsl.diagnostics import RulesError
from interpreter.api import NotInForce


@pytest.fixture(scope="module")
def reg(language_path):
    return interpreter.load(language_path / "versies")


def test_both_versions_loaded_in_date_order(reg):
    assert [v.info.valid_from for v in reg.versions] == [dt.date(2020, 1, 1), dt.date(2022, 1, 1)]


@pytest.mark.parametrize("date, value, valid_from", [
    (dt.date(2020, 1, 1), False, dt.date(2020, 1, 1)),
    (dt.date(2021, 12, 31), False, dt.date(2020, 1, 1)),
    (dt.date(2022, 1, 1), True, dt.date(2022, 1, 1)),
    (dt.date(2030, 1, 1), True, dt.date(2022, 1, 1)),
])
def test_version_chosen_by_date(reg, date, value, valid_from):
    res = reg.evaluate({"inkomen": "1100.00"}, date)
    assert res["recht"].value is value
    assert res["recht"].citations[0].article == "1"
    assert res.regulation.valid_from == valid_from


def test_peildatum_of_the_case_chooses_the_version(reg):
    assert reg.evaluate({"inkomen": "1100", "peildatum": "2021-06-01"})["recht"].value is False
    assert reg.evaluate({"inkomen": "1100", "peildatum": "2022-06-01"})["recht"].value is True


def test_date_before_every_version(reg):
    with pytest.raises(NotInForce) as info:
        reg.evaluate({"inkomen": "1"}, dt.date(2019, 12, 31))
    msg = str(info.value)
    assert "2019-12-31" in msg and "2020-01-01" in msg and "2022-01-01" in msg


def test_overlapping_versions_are_an_error(language_path):
    with pytest.raises(RulesError) as info:
        interpreter.load(language_path / "overlap")
    errors = [d for d in info.value.diagnostics if d.is_error]
    assert len(errors) == 1
    assert "overlaps" in errors[0].message
    assert "2022-06-01" in errors[0].message


def test_check_reports_overlap(cli, language_path):
    r = cli("check", language_path / "overlap")
    assert r.exit_code == 1
    assert "error: this version" in r.stdout and "overlaps" in r.stdout


def test_eval_with_overlap_exits_1(cli, language_path, write_case):
    r = cli("eval", language_path / "overlap", "--case", write_case({"inkomen": "1"}), "--date", "2021-01-01")
    assert r.exit_code == 1
    assert "overlaps" in r.stderr


def test_version_in_force_at_its_last_day_and_not_after(reg):
    assert reg.version_on(dt.date(2021, 12, 31)).info.valid_from == dt.date(2020, 1, 1)
    assert reg.version_on(dt.date(2022, 1, 1)).info.valid_from == dt.date(2022, 1, 1)
