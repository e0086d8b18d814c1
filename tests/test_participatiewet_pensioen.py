"""Werk boven inkomen: younger than the pensionable age (AOW art. 7a), a dated table per calendar
year, and leeftijd_in_maanden. The statute's rule itself is tested in test_fidelity_pensioen.py;
here: both sides of reaching it, for a step of each year, and what stays open."""

import datetime as dt

import pytest
from hypothesis import given, strategies as st

import interpreter
from interpreter.tree import months_of_age
from interpreter.values import add_months, age

from conftest import RULES

PW = RULES / "participatiewet"
DECISION = "werk_boven_inkomen_van_toepassing"


@pytest.fixture(scope="module")
def pw():
    return interpreter.load(PW)


def wbi(pw, born, on):
    return pw.evaluate({"geboortedatum": born.isoformat()}, on)[DECISION]


def wbi_rule(pw, born, on):
    """The rule itself on any date, also before 2015 when the framework was not yet in force:
    the steps of 2013 and 2014 can only be tested on both sides this way."""
    return pw.versions[0].evaluate_facts({"geboortedatum": born}, on)[DECISION]


@pytest.mark.parametrize("born, reached", [
    # (date of birth, the day the person reaches the pensionable age: the age of that year)
    (dt.date(1947, 12, 31), dt.date(2012, 12, 31)),  # 65 jaar (2012)
    (dt.date(1948, 1, 1), dt.date(2013, 2, 1)),      # 65 jaar en 1 maand (2013)
    (dt.date(1948, 11, 30), dt.date(2013, 12, 30)),
    (dt.date(1948, 12, 1), dt.date(2014, 2, 1)),     # 65 jaar en 2 maanden (2014)
    (dt.date(1949, 10, 31), dt.date(2014, 12, 31)),  # the example: still 2014
    (dt.date(1949, 11, 1), dt.date(2015, 2, 1)),     # 65 jaar en 3 maanden (2015)
    (dt.date(1950, 6, 30), dt.date(2015, 9, 30)),
    (dt.date(1950, 9, 30), dt.date(2015, 12, 30)),
    (dt.date(1950, 10, 1), dt.date(2016, 4, 1)),     # 65 jaar en 6 maanden (2016)
    (dt.date(1951, 3, 31), dt.date(2016, 10, 1)),    # 30 September has no 31st
    (dt.date(1951, 7, 1), dt.date(2017, 4, 1)),      # 65 jaar en 9 maanden (2017)
    (dt.date(1952, 4, 1), dt.date(2018, 4, 1)),      # 66 jaar (2018)
    (dt.date(1952, 12, 31), dt.date(2018, 12, 31)),
    (dt.date(1953, 1, 1), dt.date(2019, 5, 1)),      # 66 jaar en 4 maanden (2019)
    (dt.date(1955, 9, 1), dt.date(2022, 4, 1)),      # 66 jaar en 7 maanden (2022)
    (dt.date(1957, 2, 28), dt.date(2023, 12, 28)),   # 66 jaar en 10 maanden (2023)
    (dt.date(1960, 12, 31), dt.date(2027, 12, 31)),  # 67 jaar (2027)
    (dt.date(1961, 9, 30), dt.date(2028, 12, 30)),   # 67 jaar en 3 maanden (2028)
    (dt.date(1964, 9, 30), dt.date(2031, 12, 30)),   # 67 jaar en 3 maanden (2031)
])
def test_both_sides_of_reaching_it(pw, born, reached):
    before = wbi_rule(pw, born, reached - dt.timedelta(days=1))
    on = wbi_rule(pw, born, reached)
    assert (before.value, on.value, on.missing) == (True, False, ())
    assert on.citations[0].label == "onder het kopje 'Werk boven inkomen'"
    if reached > dt.date(2015, 1, 1):
        assert wbi(pw, born, reached - dt.timedelta(days=1)).value is True
        assert wbi(pw, born, reached).value is False


def test_reached_in_december_stays_reached_in_january(pw):
    """The age of 2015 (65 y 3 m) is higher than that of 2014: reached is reached."""
    assert wbi(pw, dt.date(1949, 10, 31), dt.date(2015, 1, 1)).value is False
    assert wbi(pw, dt.date(1947, 12, 31), dt.date(2015, 1, 1)).value is False


def test_young_person_in_2015(pw):
    assert wbi(pw, dt.date(1990, 1, 1), dt.date(2015, 1, 1)).value is True


@pytest.mark.parametrize("born", [dt.date(1966, 1, 1), dt.date(1975, 5, 17)])
def test_not_yet_determined_years_are_unknown(pw, born):
    """Never a guess: from 2032 the pensionable age is not determined yet."""
    on = max(add_months(born, 807), dt.date(2032, 1, 1))
    assert wbi(pw, born, on - dt.timedelta(days=1)).value in (True, None)
    d = wbi(pw, born, on)
    assert d.value is None
    assert d.missing == ("pensioengerechtigde_leeftijd",)


def test_younger_than_the_last_determined_age_is_younger(pw):
    born = dt.date(1970, 6, 1)
    assert wbi(pw, born, add_months(born, 807) - dt.timedelta(days=1)).value is True


def test_unknown_date_of_birth(pw):
    d = pw.evaluate({}, "2015-01-01")[DECISION]
    assert d.value is None
    assert d.missing == ("geboortedatum",)


def test_json_missing_names_the_table(cli, write_case):
    r = cli("eval", PW, "--case", write_case({"geboortedatum": "1970-01-01"}), "--date", "2040-01-01",
            "--format", "json")
    assert r.exit_code == 0
    d = r.json()["decisions"][DECISION]
    assert (d["value"], d["citations"], d["missing"]) == (None, [], ["pensioengerechtigde_leeftijd"])


# ------------------------------------------------------------------ leeftijd_in_maanden


@pytest.mark.parametrize("born, on, months", [
    (dt.date(2000, 1, 15), dt.date(2000, 2, 14), 0),
    (dt.date(2000, 1, 15), dt.date(2000, 2, 15), 1),   # on the day of the month of birth
    (dt.date(2000, 1, 31), dt.date(2000, 2, 29), 0),   # February has no 31st ...
    (dt.date(2000, 1, 31), dt.date(2000, 3, 1), 1),    # ... so the month is complete on 1 March
    (dt.date(2000, 1, 31), dt.date(2000, 3, 30), 1),
    (dt.date(2000, 1, 31), dt.date(2000, 3, 31), 2),
    (dt.date(2000, 2, 29), dt.date(2001, 2, 28), 11),  # as leeftijd: a year older on 1 March
    (dt.date(2000, 2, 29), dt.date(2001, 3, 1), 12),
    (dt.date(1950, 3, 15), dt.date(2015, 3, 15), 780),
    (dt.date(1950, 3, 15), dt.date(2015, 3, 14), 779),
])
def test_months_of_age(born, on, months):
    assert months_of_age(born, on) == months


@given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)))
def test_months_agree_with_years(born, on):
    if on >= born:
        assert months_of_age(born, on) // 12 == age(born, on)
        assert months_of_age(born, on) >= 0


def test_leeftijd_in_maanden_in_rules(write_rules):
    p = write_rules('''regeling t
  titel "t"
  geldig vanaf 2000-01-01
feit geboren: datum "g"
artikel 1
  tekst "t"
  beslissing maanden: geheel getal "m"
  maanden is leeftijd_in_maanden(geboren)
  beslissing maanden_op: geheel getal "m"
  maanden_op is leeftijd_in_maanden(geboren, 2010-03-01)
''')
    reg = interpreter.load(p)
    res = reg.evaluate({"geboren": "2000-01-31"}, "2000-03-01")
    assert res["maanden"].value == 1
    assert res["maanden_op"].value == 121
    assert reg.evaluate({}, "2000-03-01")["maanden"].missing == ("geboren",)


def test_leeftijd_in_maanden_needs_a_date(write_rules):
    from dsl.loader import check_paths
    p = write_rules('''regeling t
  titel "t"
  geldig vanaf 2000-01-01
feit n: geheel getal "n"
artikel 1
  tekst "t"
  beslissing m: geheel getal "m"
  m is leeftijd_in_maanden(n)
''')
    diags, _ = check_paths([p])
    assert any("leeftijd_in_maanden needs a date" in d.message for d in diags)
