"""Lists: 'er is een', 'elk' and 'aantal', with empty lists and unknown fields."""

import datetime as dt

import pytest

import interpreter
from interpreter.case import CaseError

DATE = dt.date(2021, 1, 1)
YOUNG = "2015-01-01"
OLD = "2000-01-01"


@pytest.fixture(scope="module")
def reg(language_path):
    return interpreter.load(language_path / "lijsten.rules")


def ev(reg, kinderen):
    return reg.evaluate({"kinderen": kinderen}, DATE)


def test_empty_list(reg):
    res = ev(reg, [])
    assert res["jong_kind"].value is False  # there is none
    assert res["allen_thuis"].value is True  # every one of none
    assert res["aantal_thuis"].value == 0
    for d in res.decisions.values():
        assert d.missing == ()


def test_er_is_een(reg):
    assert ev(reg, [{"geboortedatum": OLD}, {"geboortedatum": YOUNG}])["jong_kind"].value is True
    d = ev(reg, [{"geboortedatum": OLD}])["jong_kind"]
    assert d.value is False
    assert d.citations[0].article == "1"


def test_elk(reg):
    assert ev(reg, [{"thuiswonend": True}, {"thuiswonend": True}])["allen_thuis"].value is True
    assert ev(reg, [{"thuiswonend": True}, {"thuiswonend": False}])["allen_thuis"].value is False


def test_aantal(reg):
    kinderen = [{"thuiswonend": True}, {"thuiswonend": False}, {"thuiswonend": True}]
    d = ev(reg, kinderen)["aantal_thuis"]
    assert d.value == 2
    assert d.citations[0].article == "3"


def test_unknown_field_in_er_is_een(reg):
    d = ev(reg, [{"thuiswonend": True}])["jong_kind"]
    assert d.value is None
    assert d.missing == ("kinderen",)  # the fact; the derivation names the field
    assert any("kinderen[].geboortedatum" in step.missing for step in d.derivation().steps)


def test_er_is_een_true_despite_an_unknown_field_elsewhere(reg):
    d = ev(reg, [{}, {"geboortedatum": YOUNG}])["jong_kind"]
    assert d.value is True
    assert d.missing == ()


def test_elk_false_despite_an_unknown_field_elsewhere(reg):
    d = ev(reg, [{}, {"thuiswonend": False}])["allen_thuis"]
    assert d.value is False


def test_elk_unknown(reg):
    d = ev(reg, [{"thuiswonend": True}, {}])["allen_thuis"]
    assert d.value is None
    assert d.missing == ("kinderen",)


def test_aantal_unknown_when_a_field_is_missing(reg):
    d = ev(reg, [{"thuiswonend": True}, {}])["aantal_thuis"]
    assert d.value is None
    assert d.missing == ("kinderen",)


def test_list_itself_unknown(reg):
    res = reg.evaluate({}, DATE)
    for name in ("jong_kind", "allen_thuis", "aantal_thuis"):
        assert res[name].value is None
        assert res[name].missing == ("kinderen",)


def test_unknown_field_name_in_case_is_an_error(reg):
    with pytest.raises(CaseError) as info:
        ev(reg, [{"geboortedatun": YOUNG}])
    msg = str(info.value)
    assert "kinderen[0]" in msg and "geboortedatun" in msg and "geboortedatum" in msg


def test_list_of_non_objects_is_an_error(reg):
    with pytest.raises(CaseError, match=r"kinderen\[1\]"):
        ev(reg, [{"thuiswonend": True}, 3])
