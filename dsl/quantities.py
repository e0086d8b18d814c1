"""Values the rules language writes with a unit: durations (1 maand, 2 weken).

A duration is months and days, never a number of seconds: 'a month' has no fixed
length, so a date plus a duration adds the months by the project's one month-end
rule (interpreter.values.add_months) and then the days. A year is twelve months,
a week seven days. Percentages need no class of their own: a percentage is the
Decimal number of percent (5% is Decimal(5)), its type says it is one.
"""

from __future__ import annotations

import attrs

_UNITS = {"maand": (1, 0), "maanden": (1, 0), "jaar": (12, 0), "jaren": (12, 0),
          "week": (0, 7), "weken": (0, 7), "dag": (0, 1), "dagen": (0, 1)}


@attrs.frozen
class Duration:
    """A length of time in whole months and days; 1 jaar == 12 maanden, 1 week == 7 dagen."""

    months: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str) -> "Duration":
        """'3 maanden' -> Duration(3, 0)."""
        count, unit = text.split()
        months, days = _UNITS[unit]
        return cls(int(count) * months, int(count) * days)

    def __add__(self, other):
        if not isinstance(other, Duration):
            return NotImplemented
        return Duration(self.months + other.months, self.days + other.days)

    def __mul__(self, n):
        if not isinstance(n, int) or isinstance(n, bool):
            return NotImplemented
        return Duration(self.months * n, self.days * n)

    __rmul__ = __mul__

    def to_json(self) -> dict:
        """{"maanden": 1}; days only where there are any ({"dagen": 14}), both where both are."""
        out = {}
        if self.months or not self.days:
            out["maanden"] = self.months
        if self.days:
            out["dagen"] = self.days
        return out

    def describe(self) -> str:
        """As a letter writes it: 1 maand, 3 maanden, 1 jaar, 2 weken, 10 dagen."""
        parts = []
        if self.months:
            if self.months % 12 == 0:
                parts.append(f"{self.months // 12} jaar")
            else:
                parts.append(f"{self.months} {'maand' if self.months == 1 else 'maanden'}")
        if self.days:
            if self.days % 7 == 0:
                n = self.days // 7
                parts.append(f"{n} {'week' if n == 1 else 'weken'}")
            else:
                parts.append(f"{self.days} {'dag' if self.days == 1 else 'dagen'}")
        return " en ".join(parts) if parts else "0 maanden"
