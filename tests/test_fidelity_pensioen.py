"""Issue 8, section 1: the pensionable age from the calendar-year schedule of art. 7a AOW.

The oracle is the statute's own rule, not the rule file's table: art. 7a, first paragraph
(and the determinations under the second) give an age per calendar year; a person reaches
the pensionable age on the first day of a calendar year on which he has that year's age.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from interpreter import load
from interpreter.tree import months_of_age
from interpreter.values import add_months, age

ROOT = Path(__file__).resolve().parents[1]

# Art. 7a, lid 1 AOW (as amended by the Wet temporisering verhoging AOW-leeftijd, 2019), and the
# ages determined under lid 2 for 2025-2031: (years, months) per calendar year.
STATUTE = {2012: (65, 0), 2013: (65, 1), 2014: (65, 2), 2015: (65, 3), 2016: (65, 6), 2017: (65, 9),
           2018: (66, 0), 2019: (66, 4), 2020: (66, 4), 2021: (66, 4), 2022: (66, 7), 2023: (66, 10),
           2024: (67, 0), 2025: (67, 0), 2026: (67, 0), 2027: (67, 0), 2028: (67, 3), 2029: (67, 3),
           2030: (67, 3), 2031: (67, 3)}


def statute_age(year: int) -> int:
    y, m = STATUTE[min(max(year, 2012), 2031)]  # after 2031: a lower bound (the age never falls)
    return 12 * y + m


def reaches(born: dt.date) -> dt.date:
    """The first day on which the person has the age of that day's calendar year (found day by day)."""
    day = max(dt.date(born.year + 64, 1, 1), dt.date(2012, 1, 1))
    while months_of_age(born, day) < statute_age(day.year):
        day += dt.timedelta(days=1)
    return day


@pytest.fixture(scope="module")
def pw():
    return load(ROOT / "rules" / "participatiewet")


def younger(pw, born, on):
    return pw.evaluate({"geboortedatum": born.isoformat()}, date=on)["werk_boven_inkomen_van_toepassing"].value


@settings(max_examples=40, deadline=None)
@given(st.dates(dt.date(1947, 1, 1), dt.date(1965, 12, 31)))
def test_the_derived_date_is_the_first_day_of_the_right_year(pw, born):
    p = reaches(born)
    if p.year > 2031:
        return  # not yet determined: see test_not_yet_determined
    if p >= dt.date(2015, 1, 2):
        assert younger(pw, born, p - dt.timedelta(days=1)) is True
    if p >= dt.date(2015, 1, 1):
        assert younger(pw, born, p) is False
    # and it stays reached, also in January of the next year, when that year's age is higher
    later = max(dt.date(p.year + 1, 1, 1), dt.date(2015, 1, 1))
    if later.year <= 2031:
        assert younger(pw, born, later) is False


@pytest.mark.parametrize("born, reached", [
    ("1949-10-31", "2014-12-31"),  # the example: 65 y 2 m, the 2014 age, on 31 Dec 2014
    ("1950-07-01", "2015-10-01"),  # 65 y 3 m in 2015
    ("1950-09-30", "2015-12-30"),
    ("1950-10-01", "2016-04-01"),  # in 2015 not yet 65 y 3 m; in 2016 65 y 6 m
    ("1952-11-20", "2018-11-20"),  # 66 y in 2018
    ("1957-02-28", "2023-12-28"),  # Rijksoverheid: 2024 for births after 28 February 1957
    ("1957-03-01", "2024-03-01"),
    ("1960-12-31", "2027-12-31"),
    ("1961-01-01", "2028-04-01"),
    ("1961-09-30", "2028-12-30"),
    ("1961-10-01", "2029-01-01"),  # Rijksoverheid: 2029 for births after 30 September 1961
])
def test_boundaries_of_the_schedule(pw, born, reached):
    b, r = dt.date.fromisoformat(born), dt.date.fromisoformat(reached)
    assert reaches(b) == r
    if r > dt.date(2015, 1, 1):
        assert younger(pw, b, r - dt.timedelta(days=1)) is True
    assert younger(pw, b, max(r, dt.date(2015, 1, 1))) is False


def test_the_jurists_case(pw):
    r = pw.evaluate({"geboortedatum": "1952-11-20", "behoort_tot_doelgroep": True}, date="2019-01-10")
    d = r["werk_boven_inkomen_van_toepassing"]
    assert d.value is False
    grounds = [g.to_dict() for g in d.citations[0].grounds]
    assert grounds[0]["reference"] == "jci1.3:c:BWBR0002221&artikel=7a&lid=1"
    assert grounds[0]["url"].startswith("https://wetten.overheid.nl/jci1.3:c:BWBR0002221")
    assert d.citations[0].label == "onder het kopje 'Werk boven inkomen'"


def test_not_yet_determined(pw):
    d = pw.evaluate({"geboortedatum": "1966-01-01"}, date="2034-01-01")["werk_boven_inkomen_van_toepassing"]
    assert d.value is None and "pensioengerechtigde_leeftijd" in d.missing
    # younger than the last determined age (67 y 3 m): certainly younger, the age never falls
    assert younger(pw, dt.date(1970, 1, 1), dt.date(2033, 1, 1)) is True


# ------------------------------------------------------------------ the one month-end rule
@pytest.mark.parametrize("born, months, day", [
    ("1950-08-31", 783, "2015-12-01"),   # 65 y 3 m: November has no 31st -> 1 December
    ("1950-08-30", 783, "2015-11-30"),
    ("1948-02-29", 12 * 65, "2013-03-01"),  # 29 February, in a year without it: 1 March
    ("1948-02-29", 12 * 65 + 12 * 3, "2016-02-29"),
])
def test_month_end_rule(born, months, day):
    b, d = dt.date.fromisoformat(born), dt.date.fromisoformat(day)
    assert add_months(b, months) == d
    assert months_of_age(b, d) == months and months_of_age(b, d - dt.timedelta(days=1)) == months - 1


@settings(max_examples=200, deadline=None)
@given(st.dates(dt.date(1940, 1, 1), dt.date(2000, 12, 31)), st.integers(0, 900))
def test_ages_and_add_months_are_one_rule(born, months):
    reached = add_months(born, months)
    assert months_of_age(born, reached) >= months
    assert months_of_age(born, reached - dt.timedelta(days=1)) < months
    assert age(born, reached) == months_of_age(born, reached) // 12


@settings(max_examples=200, deadline=None)
@given(st.dates(dt.date(1947, 1, 1), dt.date(1966, 12, 31)))
def test_year_boundaries_do_not_depend_on_the_month_end_rule(born):
    """The other reading (the last day of the shorter month) moves a date back by at most one
    day, from the 1st to the last of the month before, and never across a year: December has 31."""
    p = reaches(born)
    if p.day != born.day:  # the month lacked the day of birth
        assert p.day == 1 and p.month != 1
        assert (p - dt.timedelta(days=1)).year == p.year
