"""Values during evaluation: three-valued logic, exact money, whole-year ages.

A fact that is not given evaluates to an ``Unknown`` that carries the names of
the facts it is missing, so that an undecided decision can say what would
decide it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Context, Decimal

from dsl.quantities import Duration


class Unknown:
    """A value that the facts given leave open; `missing` names the facts that would decide it."""

    __slots__ = ("missing",)

    def __init__(self, missing: frozenset = frozenset()):
        self.missing = missing

    def __repr__(self) -> str:
        return f"Unknown({sorted(self.missing)})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Unknown) and other.missing == self.missing

    def __hash__(self) -> int:
        return hash(self.missing)


def merge_missing(values) -> frozenset:
    out = frozenset()
    for v in values:
        if type(v) is Unknown:
            out = out | v.missing
    return out


def age(born: dt.date, on: dt.date) -> int:
    """Age in whole years on a date. Born on 29 February: a year older on 1 March in other years."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def add_months(start: dt.date, months: int) -> dt.date:
    """The day on which `months` whole months after `start` are complete: the one month-end rule.

    The same day of the month, `months` later; where that month lacks the day (the 29th to
    31st), the first day of the next month. This is the rule by which ages in months and
    years are counted (months_of_age, age), so that age(b, add_months(b, 12 * n)) == n.
    Born 31 August, 3 months later is 1 December; born 29 February, a year later is 1 March.
    This is a recorded reading, with its sources, in rules/participatiewet/2015/
    3-werk-boven-inkomen.rules (docs/participatiewet.md, "The month-end rule").
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    try:
        return start.replace(year=year, month=month)
    except ValueError:  # the month is too short for the day: the next month's first day
        return dt.date(year + month // 12, month % 12 + 1, 1)


def money(value) -> Decimal:
    """An amount in euro, rounded to whole cents only where the law says so (never here)."""
    return value if isinstance(value, Decimal) else Decimal(value)


_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"]


def format_money(value: Decimal) -> str:
    """€ 2.600,00: thousands with a dot, cents with a comma, as Dutch letters write it."""
    wide = Context(prec=max(28, value.adjusted() + 4))  # 1e26 euro has more digits than the default 28
    cents = value.quantize(Decimal("0.01"), context=wide)
    q = cents if value == cents else value
    sign = "-" if q < 0 else ""
    whole, _, frac = f"{abs(q):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"€ {sign}{'.'.join(groups)},{(frac or '00').ljust(2, '0')}"


def format_date(value: dt.date) -> str:
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def format_value(value, kind: str | None = None) -> str:
    """A value as it reads in a Dutch letter."""
    if value is None or type(value) is Unknown:
        return "onbekend"
    if value is True:
        return "ja"
    if value is False:
        return "nee"
    if kind == "bedrag" or (kind is None and isinstance(value, Decimal) and value.as_tuple().exponent == -2):
        return format_money(value)
    if kind == "percentage":
        return f"{value:f}".replace(".", ",") + "%" if isinstance(value, Decimal) else f"{value}%"
    if isinstance(value, Duration):
        return value.describe()
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, list):
        return f"{len(value)} {'item' if len(value) == 1 else 'items'}"
    return str(value)
