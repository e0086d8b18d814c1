"""The evaluation tree: what a compiled regulation is made of.

Each node evaluates itself on a Context (the facts of one case on one date).
Values are Python values (bool, int, Decimal, date, str, list) or ``Unknown``.
The tree is built once and shared by every case; nothing in it changes while
evaluating, so a compiled regulation can serve any number of cases.
"""

from __future__ import annotations

import datetime as dt
import operator
import os
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from dsl.citation import Citation
from dsl.i18n import _ as tr
from dsl.limits import MAX_DEFINITION_DEPTH
from interpreter.values import Unknown, add_months, age, merge_missing

MAX_DEPTH = MAX_DEFINITION_DEPTH  # bounded recursion; the checker rejects longer chains (dsl/limits.py)
# Bounded work: the items one case may visit in 'er is een', 'elk' and 'aantal', all together.
_STEPS = os.environ.get("GRONDSLAG_MAX_STEPS", "")
STEP_BUDGET = int(_STEPS) if _STEPS.isascii() and _STEPS.isdigit() and int(_STEPS) > 0 else 1_000_000


class EvaluationError(Exception):
    """A runtime problem the checker cannot rule out (division by zero, a too deep definition)."""


class Context:
    """The state of evaluating one case: its facts, its date, and values computed so far."""

    __slots__ = ("facts", "date", "cache", "locals", "depth", "steps")

    def __init__(self, facts: dict, date: dt.date, steps: int | None = None):
        self.facts = facts
        self.date = date
        self.cache: dict[str, Any] = {}
        self.locals: dict[str, Any] = {}
        self.depth = 0
        self.steps = STEP_BUDGET if steps is None else steps  # items a case may still visit in lists


class Node:
    __slots__ = ()

    def evaluate(self, ctx: Context):  # pragma: no cover - abstract
        raise NotImplementedError


@attrs.frozen
class Const(Node):
    """A constant from the rule text."""

    value: Any

    def evaluate(self, ctx):
        return self.value


@attrs.frozen
class FactRef(Node):
    """A fact of the case; unknown when the case does not give it."""

    name: str
    unknown: Unknown

    def evaluate(self, ctx):
        v = ctx.facts.get(self.name)
        return self.unknown if v is None else v


@attrs.frozen
class Peildatum(Node):
    """The date on which the case is evaluated."""

    def evaluate(self, ctx):
        return ctx.date


@attrs.frozen
class LocalRef(Node):
    """The element a quantifier is looking at."""

    name: str

    def evaluate(self, ctx):
        return ctx.locals[self.name]


@attrs.frozen
class FieldRef(Node):
    """A field of a record; unknown when the record leaves it out."""

    subject: Node
    field: str
    path: str

    def evaluate(self, ctx):
        rec = self.subject.evaluate(ctx)
        if type(rec) is Unknown:
            return rec
        v = rec.get(self.field)
        return Unknown(frozenset({self.path})) if v is None else v


@attrs.frozen
class DecisionRef(Node):
    """The value of another decision (computed once per case)."""

    name: str
    holder: list = attrs.field(eq=False, repr=False)  # [DecisionNode], filled once all exist

    def evaluate(self, ctx):
        out = self.holder[0].outcome(ctx)
        if out.value is None:
            return Unknown(out.missing_set)
        return out.value


@attrs.frozen
class DefinitionRef(Node):
    """The value of a begrip (computed once per case)."""

    name: str
    holder: list = attrs.field(eq=False, repr=False)  # [Node], filled after all nodes exist

    def evaluate(self, ctx):
        cache = ctx.cache
        key = "\0" + self.name
        if key in cache:
            return cache[key]
        ctx.depth += 1
        if ctx.depth > MAX_DEPTH:
            raise EvaluationError(tr("definitions nest deeper than {n} levels at '{name}'").format(
                                      n=MAX_DEPTH, name=self.name))
        v = self.holder[0].evaluate(ctx)
        ctx.depth -= 1
        cache[key] = v
        return v


@attrs.frozen
class Not(Node):
    operand: Node

    def evaluate(self, ctx):
        v = self.operand.evaluate(ctx)
        if v is True:
            return False
        if v is False:
            return True
        return v


@attrs.frozen
class And(Node):
    """Kleene conjunction: false as soon as one operand is false, even if others are unknown."""

    operands: tuple[Node, ...]

    def evaluate(self, ctx):
        unknown = None
        for o in self.operands:
            v = o.evaluate(ctx)
            if v is False:
                return False
            if v is not True:
                unknown = v.missing if unknown is None else unknown | v.missing
        return True if unknown is None else Unknown(unknown)


@attrs.frozen
class Or(Node):
    """Kleene disjunction: true as soon as one operand is true, even if others are unknown."""

    operands: tuple[Node, ...]

    def evaluate(self, ctx):
        unknown = None
        for o in self.operands:
            v = o.evaluate(ctx)
            if v is True:
                return True
            if v is not False:
                unknown = v.missing if unknown is None else unknown | v.missing
        return False if unknown is None else Unknown(unknown)


_OPS = {
    "=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
    ">=": operator.ge, "+": operator.add, "-": operator.sub, "*": operator.mul,
}


def _divide(a, b):
    if b == 0:
        raise EvaluationError(tr("division by zero"))
    if isinstance(a, int) and isinstance(b, int):
        return Decimal(a) / Decimal(b)
    return Decimal(a) / Decimal(b) if not isinstance(a, Decimal) else a / b


@attrs.frozen
class BinOp(Node):
    """Comparison or exact arithmetic; unknown if either side is."""

    op: str
    left: Node
    right: Node
    fn: Any = attrs.field(eq=False, repr=False)

    def evaluate(self, ctx):
        a = self.left.evaluate(ctx)
        b = self.right.evaluate(ctx)
        if type(a) is Unknown:
            return Unknown(a.missing | b.missing) if type(b) is Unknown else a
        if type(b) is Unknown:
            return b
        return self.fn(a, b)


def binop(op: str, left: Node, right: Node) -> BinOp:
    return BinOp(op, left, right, _divide if op == "/" else _OPS[op])


@attrs.frozen
class Neg(Node):
    operand: Node

    def evaluate(self, ctx):
        v = self.operand.evaluate(ctx)
        return v if type(v) is Unknown else -v


@attrs.frozen
class Member(Node):
    """x is een van (a, b): whether x equals one of the options."""

    subject: Node
    options: frozenset
    negated: bool

    def evaluate(self, ctx):
        v = self.subject.evaluate(ctx)
        if type(v) is Unknown:
            return v
        return (v in self.options) != self.negated


@attrs.frozen
class MemberDynamic(Node):
    """x is een van (...) where an option is not a constant."""

    subject: Node
    options: tuple[Node, ...]
    negated: bool

    def evaluate(self, ctx):
        v = self.subject.evaluate(ctx)
        if type(v) is Unknown:
            return v
        unknown = None
        for o in self.options:
            w = o.evaluate(ctx)
            if type(w) is Unknown:
                unknown = w.missing if unknown is None else unknown | w.missing
            elif w == v:
                return not self.negated
        return self.negated if unknown is None else Unknown(unknown)


def months_of_age(born: dt.date, on: dt.date) -> int:
    """Whole months completed on a date.

    A month is complete on the day of the month of birth. Born on a day the month of
    `on` does not have (the 29th to 31st), the month is complete on the first day of the
    next month, as leeftijd counts a year for someone born on 29 February: so
    months_of_age(b, d) // 12 == age(b, d) always.
    """
    months = (on.year - born.year) * 12 + (on.month - born.month)
    if on.day < born.day:
        months -= 1
    return months


@attrs.frozen
class Age(Node):
    """leeftijd / leeftijd_in_maanden (geboortedatum [, datum]): whole years or months on the
    peildatum or the date given; `count` is age or months_of_age."""

    born: Node
    on: Node | None
    count: Any = age

    def evaluate(self, ctx):
        b = self.born.evaluate(ctx)
        on = ctx.date if self.on is None else self.on.evaluate(ctx)
        if type(b) is Unknown:
            return Unknown(b.missing | on.missing) if type(on) is Unknown else b
        if type(on) is Unknown:
            return on
        return self.count(b, on)


@attrs.frozen
class Year(Node):
    operand: Node

    def evaluate(self, ctx):
        v = self.operand.evaluate(ctx)
        return v if type(v) is Unknown else v.year


@attrs.frozen
class MakeDate(Node):
    """datum(jaar, maand, dag): a calendar date from whole numbers, such as 31 December of the
    year before the peildatum (the end of a calendar year, AOW art. 7a)."""

    parts: tuple[Node, ...]

    def evaluate(self, ctx):
        vals = [p.evaluate(ctx) for p in self.parts]
        missing = merge_missing(vals)
        if missing or any(type(v) is Unknown for v in vals):
            return Unknown(missing)
        try:
            return dt.date(*(int(v) for v in vals))
        except ValueError:
            raise EvaluationError(tr("datum({values}) is not a date that exists").format(
                values=", ".join(str(v) for v in vals))) from None


@attrs.frozen
class MinMax(Node):
    fn: Any
    operands: tuple[Node, ...]

    def evaluate(self, ctx):
        vals = [o.evaluate(ctx) for o in self.operands]
        unknown = [v for v in vals if type(v) is Unknown]
        if unknown:
            return Unknown(frozenset().union(*(u.missing for u in unknown)))
        return self.fn(vals)


@attrs.frozen
class Quantify(Node):
    """er is een / elk / aantal over a list, in three-valued logic."""

    kind: str
    variable: str
    collection: Node
    body: Node

    def evaluate(self, ctx):
        items = self.collection.evaluate(ctx)
        if type(items) is Unknown:
            return items
        saved = ctx.locals.get(self.variable)
        unknown = None
        count = 0
        try:
            for item in items:
                ctx.steps -= 1
                if ctx.steps < 0:  # three nested 'er is een' over 300 items: an error for this case, not a hang
                    raise EvaluationError(tr("the case needs more than {n} steps through lists "
                                             "(GRONDSLAG_MAX_STEPS); the rules multiply the lengths of lists").format(
                                              n=f"{STEP_BUDGET:,}"))
                ctx.locals[self.variable] = item
                v = self.body.evaluate(ctx)
                if v is True:
                    if self.kind == "er is een":
                        return True
                    count += 1
                elif v is False:
                    if self.kind == "elk":
                        return False
                else:
                    unknown = v.missing if unknown is None else unknown | v.missing
        finally:
            if saved is None:
                ctx.locals.pop(self.variable, None)
            else:
                ctx.locals[self.variable] = saved
        if unknown is not None:
            return Unknown(unknown)
        if self.kind == "er is een":
            return False
        if self.kind == "elk":
            return True
        return count


@attrs.frozen
class TableNode(Node):
    """A dated table: the value of the last row whose date is on or before the key date."""

    name: str
    keys: tuple[dt.date, ...]
    values: tuple[Node, ...]
    at: Node | None

    def evaluate(self, ctx):
        key = ctx.date if self.at is None else self.at.evaluate(ctx)
        if type(key) is Unknown:
            return key
        found = None
        for k, v in zip(self.keys, self.values):
            if k <= key:
                found = v
            else:
                break
        if found is None:  # before the first row: the table gives no value
            return Unknown(frozenset({self.name}))
        return found.evaluate(ctx)


# ------------------------------------------- percentages, rounding, durations, statutes
# Each construct of the language additions for Diemen is one node class, so that other
# engines (compiled, columnar) can add them one by one. Percentages are Decimal numbers of
# percent; durations are dsl.quantities.Duration (months and days).


@attrs.frozen
class PercentOf(Node):
    """P van X: X * P / 100, exact (5% van € 972,70 is € 48,635 before any rounding)."""

    percentage: Node
    whole: Node

    def evaluate(self, ctx):
        p = self.percentage.evaluate(ctx)
        w = self.whole.evaluate(ctx)
        if type(p) is Unknown or type(w) is Unknown:
            return Unknown(merge_missing((p, w)))
        return Decimal(w) * Decimal(p) / 100


ROUNDING_MODES = {"naar boven": ROUND_CEILING, "naar beneden": ROUND_FLOOR, "half naar boven": ROUND_HALF_UP,
                  None: ROUND_HALF_UP}
ROUNDING_UNITS = {"centen": Decimal("0.01"), "hele euro": Decimal("1")}


@attrs.frozen
class Round(Node):
    """X afgerond op centen / hele euro, naar boven (ceiling), naar beneden (floor) or half naar
    boven (half away from zero; also where no direction is written)."""

    operand: Node
    quantum: Decimal
    mode: str  # a decimal rounding constant: ROUND_CEILING, ROUND_FLOOR or ROUND_HALF_UP

    def evaluate(self, ctx):
        v = self.operand.evaluate(ctx)
        if type(v) is Unknown:
            return v
        return Decimal(v).quantize(self.quantum, rounding=self.mode)


@attrs.frozen
class DateShift(Node):
    """datum + duur / datum - duur: months by the one month-end rule (values.add_months), then days."""

    date: Node
    duration: Node
    sign: int  # +1 or -1

    def evaluate(self, ctx):
        d = self.date.evaluate(ctx)
        n = self.duration.evaluate(ctx)
        if type(d) is Unknown or type(n) is Unknown:
            return Unknown(merge_missing((d, n)))
        return shift_date(d, n, self.sign)


def shift_date(d: dt.date, n, sign: int = 1) -> dt.date:
    """d moved by duration n: add_months for the months, then the days."""
    try:
        return add_months(d, sign * n.months) + dt.timedelta(days=sign * n.days)
    except (ValueError, OverflowError):  # 9999-12-31 plus a month: an error for this case, not a crash
        raise EvaluationError((tr("{date} plus {months} months and {days} days falls outside the calendar "
                                  "(0001-01-01 to 9999-12-31)") if sign > 0 else
                               tr("{date} minus {months} months and {days} days falls outside the calendar "
                                  "(0001-01-01 to 9999-12-31)")).format(date=d.isoformat(), months=n.months,
                                                                        days=n.days)) from None


@attrs.frozen
class DateRelation(Node):
    """Where a date lies from another.

    X na Y: X > Y. X voor Y: X < Y.
    X binnen D na Y: Y <= X < Y + D (from Y itself up to, not including, the day D after it).
    X binnen D voor Y: X <= Y < X + D (X on Y itself, or less than D before it).
    """

    subject: Node
    within: Node | None
    direction: str  # "na" | "voor"
    anchor: Node

    def evaluate(self, ctx):
        x = self.subject.evaluate(ctx)
        y = self.anchor.evaluate(ctx)
        d = self.within.evaluate(ctx) if self.within is not None else None
        if type(x) is Unknown or type(y) is Unknown or type(d) is Unknown:
            return Unknown(merge_missing((x, y, d)))
        if d is None:
            return x > y if self.direction == "na" else x < y
        if self.direction == "na":
            return y <= x < shift_date(y, d)
        return x <= y < shift_date(x, d)


@attrs.frozen
class StatutoryValue(Node):
    """A value fixed by a statute (wettelijke waarde); a rule whose value uses it cites `source`."""

    name: str
    value: Any
    source: Citation

    def evaluate(self, ctx):
        return self.value
