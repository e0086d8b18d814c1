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


# --------------------------------------------------------------- decisions


@attrs.frozen
class RuleNode:
    """One rule of a decision, with the rules (by index) that set it aside."""

    kind: str  # regel | uitzondering | anders | overweging
    condition: Node | None
    value: Node | None
    citation: Citation
    set_aside_by: tuple[int, ...]
    order: int  # index in the model's rules
    text: str | None = None
    sources: tuple[Citation, ...] = ()  # statutes whose values the rule's value uses, cited after it

    @property
    def cited(self) -> tuple[Citation, ...]:
        """What the rule cites when it gives the value: its provision, then the statutes it takes values from."""
        return (self.citation,) + self.sources


class Outcome:
    """What one decision came to for one case, with the state of each rule for the trace.

    A plain slotted class rather than attrs: one is made per decision per case, on the
    hot path of batch evaluation. Treat it as read-only.
    """

    __slots__ = ("value", "citations", "missing_set", "applies", "effective", "conflict",
                 "default_used", "error", "settled_over")

    def __init__(self, value, citations, missing_set, applies, effective, conflict=(),
                 default_used=False, error=None, settled_over=()):
        self.value = value  # None when undecided
        self.citations = citations
        self.missing_set = missing_set
        self.applies = applies  # per rule: True / False / Unknown
        self.effective = effective  # per rule: True / False / Unknown
        self.conflict = conflict
        self.default_used = default_used
        self.error = error
        # Facts left open that turned out not to matter: every value of them gives this value.
        self.settled_over = settled_over


_NO_VALUE = object()


@attrs.frozen
class DecisionNode:
    """A decision: its rules, the exceptions between them, and its value for all other cases."""

    name: str
    rules: tuple[RuleNode, ...]  # regel / uitzondering / overweging, in the order of the regulation
    default: RuleNode | None
    is_list: bool = False
    # Precomputed for speed: conditions, constant values, whether any exception exists.
    conditions: tuple = attrs.field(init=False, eq=False, repr=False)
    constants: tuple = attrs.field(init=False, eq=False, repr=False)
    has_exceptions: bool = attrs.field(init=False, eq=False, repr=False)
    single: tuple = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self):
        object.__setattr__(self, "conditions", tuple(r.condition for r in self.rules))
        object.__setattr__(self, "constants", tuple(
            r.value.value if isinstance(r.value, Const) else _NO_VALUE for r in self.rules))
        object.__setattr__(self, "has_exceptions", any(r.set_aside_by for r in self.rules))
        object.__setattr__(self, "single", tuple(r.cited for r in self.rules))

    def _value(self, i: int, ctx):
        v = self.constants[i]
        return self.rules[i].value.evaluate(ctx) if v is _NO_VALUE else v

    def outcome(self, ctx: Context) -> Outcome:
        cache = ctx.cache
        out = cache.get(self.name)
        if out is None:
            ctx.depth += 1
            if ctx.depth > MAX_DEPTH:
                raise EvaluationError(tr("decisions nest deeper than {n} levels at '{name}'").format(
                                          n=MAX_DEPTH, name=self.name))
            out = self._considerations(ctx) if self.is_list else self._decide(ctx)
            ctx.depth -= 1
            cache[self.name] = out
        return out

    def _decide(self, ctx: Context) -> Outcome:
        rules = self.rules
        applies = tuple([True if c is None else c.evaluate(ctx) for c in self.conditions])
        if not self.has_exceptions:
            definite = [i for i, a in enumerate(applies) if a is True]
            if len(definite) == 1:  # the common case: one rule decides
                i = definite[0]
                v = self._value(i, ctx)
                if type(v) is not Unknown:
                    return Outcome(v, self.single[i], frozenset(), applies, applies)
            possible = [i for i, a in enumerate(applies) if a is not True and a is not False]
            if not definite and not possible and self.default is not None:
                v = self.default.value.evaluate(ctx)
                if type(v) is not Unknown:
                    return Outcome(v, self.default.cited, frozenset(), applies, applies, default_used=True)
            return self._resolve(ctx, applies, applies, definite, possible)
        effective, definite, possible = set_aside(applies, (r.set_aside_by for r in rules))
        return self._resolve(ctx, applies, effective, definite, possible)

    def _resolve(self, ctx, applies_t, effective_t, definite, possible) -> Outcome:
        """The value from the rules that certainly, or possibly, apply and are not set aside."""
        rules = self.rules
        effective = effective_t
        if definite:
            values = [self._value(i, ctx) for i in definite]
            known = [v for v in values if type(v) is not Unknown]
            if len(set(map(_key, known))) > 1:
                cits = tuple(rules[i].citation for i in definite)
                return Outcome(None, (), frozenset(), applies_t, effective_t, conflict=cits)
            if len(known) < len(values):
                return Outcome(None, (), merge_missing(values), applies_t, effective_t)
            return Outcome(known[0], _dedupe(c for i in definite for c in rules[i].cited), frozenset(),
                           applies_t, effective_t)

        default = self.default
        if possible:
            candidates = [self._value(i, ctx) for i in possible]
            # A rule whose own condition holds is set aside only by an exception that applies, and
            # so on down the (acyclic) chain: then some rule decides in every case, and the value
            # for all other cases is not a candidate.
            use_default = not any(applies_t[i] is True for i in possible)
            if use_default:
                candidates.append(default.value.evaluate(ctx) if default is not None else _NO_VALUE)
            first = candidates[0]
            if all(type(c) is not Unknown and c is not _NO_VALUE for c in candidates) \
                    and len(set(map(_key, candidates))) == 1:
                # Cite what surely gave the value: the rules whose own condition holds, or the value
                # for all other cases; not a rule that might apply but agrees anyway.
                nodes = [rules[i] for i in possible if applies_t[i] is True] + ([default] if use_default else [])
                cits = [c for r in sorted(nodes, key=lambda r: r.order) for c in r.cited]  # regulation order
                return Outcome(first, _dedupe(cits), frozenset(), applies_t, effective_t,
                               default_used=use_default)
            missing = merge_missing(effective[i] for i in possible) | merge_missing(c for c in candidates if c is not _NO_VALUE)
            return Outcome(None, (), missing, applies_t, effective_t)

        if default is None:
            return Outcome(None, (), frozenset(), applies_t, effective_t,
                           error="geen regel is van toepassing en de regeling geeft geen waarde voor alle andere gevallen")
        v = default.value.evaluate(ctx)
        if type(v) is Unknown:
            return Outcome(None, (), v.missing, applies_t, effective_t, default_used=True)
        return Outcome(v, default.cited, frozenset(), applies_t, effective_t, default_used=True)

    def _considerations(self, ctx: Context) -> Outcome:
        """A list decision: every consideration whose condition holds, in the order of the regulation."""
        applies = tuple(True if r.condition is None else r.condition.evaluate(ctx) for r in self.rules)
        if any(type(a) is Unknown for a in applies):
            return Outcome(None, (), merge_missing(applies), applies, applies)
        chosen = [r for r, a in zip(self.rules, applies) if a is True]
        value = [{"text": r.text, "citation": r.citation.to_dict()} for r in chosen]
        return Outcome(value, _dedupe(r.citation for r in chosen), frozenset(), applies, applies)


def set_aside(applies: tuple, set_aside_by) -> tuple[tuple, list[int], list[int]]:
    """Whether each rule applies once exceptions are taken into account, and which rules then
    certainly (definite) or possibly apply. `set_aside_by` gives per rule the indexes of the
    rules that set it aside. Shared with the compiled engine (interpreter.codegen.runtime)."""
    effective = []
    definite, possible = [], []
    for i, by in enumerate(set_aside_by):
        a = applies[i]
        if a is not False:
            missing = None if a is True else a.missing
            for e in by:
                ae = applies[e]
                if ae is True:
                    a = False
                    break
                if ae is not False:
                    missing = ae.missing if missing is None else missing | ae.missing
            else:
                if missing is not None:
                    a = Unknown(missing)
        effective.append(a)
        if a is True:
            definite.append(i)
        elif a is not False:
            possible.append(i)
    return tuple(effective), definite, possible


def _key(v):
    return (type(v).__name__ == "bool", repr(v)) if not isinstance(v, (int, Decimal)) or isinstance(v, bool) \
        else ("num", Decimal(v))


def _dedupe(cits) -> tuple[Citation, ...]:
    seen, out = set(), []
    for c in cits:
        if c not in seen:
            seen.add(c)
            out.append(c)
    return tuple(out)
