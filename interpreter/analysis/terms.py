"""Z3 terms for the values of the rules language, and for a decision as the engine decides it.

A value is a Val: a kind (bool, int, real, money in cents, percent, date, duur, code) and
its Z3 parts (a date has three: year, month, day; a duration two: months, days). A KV adds
whether the engine would know the value (three-valued logic).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import z3

from dsl.model import RuleInfo
from dsl.types import Type

_WHAT = {"DateShift": "rekenen met een duur", "DateRelation": "binnen een duur na of voor een datum",
         "MakeDate": "datum()", "Rounding": "afronding"}


class Unsupported(Exception):
    """A construct the encoding does not (yet) translate: the rule is reported as not analysed."""


@attrs.frozen
class Val:
    """A value in Z3: kind bool | int | real | money | date | code, and its parts (a date has three)."""

    kind: str
    parts: tuple

    @property
    def term(self):
        return self.parts[0]


@attrs.frozen
class KV:
    """A three-valued term: `known` says whether the engine would have a value; `val` is that value."""

    known: object
    val: Val

    @property
    def true(self):  # certainly true (booleans only)
        return z3.And(self.known, self.val.term)

    @property
    def false(self):
        return z3.And(self.known, z3.Not(self.val.term))


TRUE, FALSE = z3.BoolVal(True), z3.BoolVal(False)


def _real(t):
    return z3.ToReal(t) if z3.is_int(t) else t


def date_key(v: Val):
    y, m, d = v.parts
    return y * 512 + m * 32 + d


def eq(a: Val, b: Val):
    if len(a.parts) > 1 or len(b.parts) > 1:
        return z3.And(*[x == y for x, y in zip(a.parts, b.parts)])
    return a.term == b.term


def ite(c, a: Val, b: Val) -> Val:
    kind = a.kind if a.kind == b.kind else ("real" if {a.kind, b.kind} <= {"int", "real", "percent"} else
                                                         "money" if "money" in (a.kind, b.kind) else a.kind)
    return Val(kind, tuple(z3.If(c, x, y) for x, y in zip(a.parts, b.parts)))


def days_in(y, m):
    leap = z3.And(y % 4 == 0, z3.Or(y % 100 != 0, y % 400 == 0))
    return z3.If(m == 2, z3.If(leap, 29, 28), z3.If(z3.Or(m == 4, m == 6, m == 9, m == 11), 30, 31))


def shift_date(date: Val, dur: Val, sign: int) -> Val:
    """date + duration by interpreter.values.add_months (the one month-end rule); days only when none."""
    months, days = dur.parts
    if not z3.is_true(z3.simplify(days == 0)):
        raise Unsupported("een datum plus een duur in dagen")
    y, m, d = date.parts
    index = m - 1 + sign * months
    ny, nm = y + index / 12, index % 12 + 1  # Z3's div and mod round towards minus infinity, as Python's
    short = d > days_in(ny, nm)
    return Val("date", (z3.If(z3.And(short, nm == 12), ny + 1, ny), z3.If(short, nm % 12 + 1, nm),
                        z3.If(short, 1, d)))


def lit_date(d: dt.date) -> Val:
    return Val("date", (z3.IntVal(d.year), z3.IntVal(d.month), z3.IntVal(d.day)))


def kind_of(t: Type) -> str:
    return {"ja/nee": "bool", "geheel getal": "int", "getal": "real", "bedrag": "money", "datum": "date",
            "keuze": "code", "tekst": "code", "percentage": "percent", "duur": "duur"}.get(t.kind, t.kind)


def _cents(v) -> int:
    return int((Decimal(v) * 100).to_integral_value())


class Codes:
    """Text values as integers: only equality is ever asked of them."""

    def __init__(self):
        self.by_text: dict[str, int] = {}

    def code(self, text: str) -> int:
        return self.by_text.setdefault(text, len(self.by_text))

    def text(self, code: int) -> str:
        for t, c in self.by_text.items():
            if c == code:
                return t
        return f"tekst_{code}"



@attrs.frozen
class DecisionTerms:
    """The Z3 terms of one decision: per rule its condition, value and whether it takes effect."""

    name: str
    rules: tuple[RuleInfo, ...]
    default: RuleInfo | None
    applies: tuple[KV, ...]
    values: tuple[KV, ...]
    default_value: KV | None
    eff_true: tuple
    eff_false: tuple
    is_list: bool = False

    @property
    def none_applies(self):
        """No rule takes effect and none might: the value for all other cases, if any, decides."""
        return z3.And(*self.eff_false) if self.eff_false else TRUE

    def conflict(self, i: int, j: int):
        a, b = self.values[i], self.values[j]
        return z3.And(self.eff_true[i], self.eff_true[j], a.known, b.known, z3.Not(eq(a.val, b.val)))

    @property
    def outcome(self) -> KV:
        if self.is_list:
            known = z3.And(*[a.known for a in self.applies]) if self.applies else TRUE
            return KV(known, Val("list", (None,)))
        n = len(self.rules)
        eff_u = [z3.And(z3.Not(self.eff_true[i]), z3.Not(self.eff_false[i])) for i in range(n)]
        any_def = z3.Or(*self.eff_true) if n else FALSE
        any_pos = z3.Or(*eff_u) if n else FALSE
        dv = self.default_value
        template = dv.val if dv is not None else (self.values[0].val if n else Val("bool", (FALSE,)))
        # definite rules: the first one's value, and every one known and equal
        ref_def = template
        for i in range(n - 1, -1, -1):
            ref_def = ite(self.eff_true[i], self.values[i].val, ref_def)
        ok_def = z3.And(*[z3.Implies(self.eff_true[i], z3.And(self.values[i].known, eq(self.values[i].val, ref_def)))
                          for i in range(n)])
        # only possible rules: they and (unless one's own condition holds) the default must agree
        use_default = z3.Not(z3.Or(*[z3.And(eff_u[i], self.applies[i].true) for i in range(n)])) if n else TRUE
        ref_pos = dv.val if dv is not None else template
        for i in range(n - 1, -1, -1):
            ref_pos = ite(eff_u[i], self.values[i].val, ref_pos)
        default_ok = z3.And(dv.known, eq(dv.val, ref_pos)) if dv is not None else FALSE
        ok_pos = z3.And(*[z3.Implies(eff_u[i], z3.And(self.values[i].known, eq(self.values[i].val, ref_pos)))
                          for i in range(n)], z3.Implies(use_default, default_ok))
        ok_none = dv.known if dv is not None else FALSE
        known = z3.If(any_def, ok_def, z3.If(any_pos, ok_pos, ok_none))
        value = ite(any_def, ref_def, ite(any_pos, ref_pos, dv.val if dv is not None else template))
        return KV(known, value)
