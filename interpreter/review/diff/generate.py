"""Cases generated around every constant of either version, for a diff without cases of its own."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any, Iterable

import attrs

from dsl import syntax as S
from dsl.model import Model
from interpreter.result import dumps
from interpreter.review.diff.wording import _is_node

# ------------------------------------------------------------ generated cases

SEED = 20041101  # generated cases are deterministic: the same diff gives the same report
BASE_CASES = 48  # random cases; every boundary value is tried in each of them



@attrs.frozen
class Boundary:
    """A constant a fact is compared with: the cases just below, on and above it matter."""

    fact: str
    how: str  # value | age | list-age | list-field
    constant: Any
    field: str | None = None


def _comparisons(models: Iterable[Model]) -> list[Boundary]:
    out: list[Boundary] = []
    for m in models:
        facts = {f.name: f for f in m.facts}
        exprs = [r.condition for r in m.rules] + [r.value for r in m.rules] + [d.expr for d in m.definitions]
        exprs += [row.value for t in m.tables for row in t.rows]
        for top in exprs:
            if top is not None:
                _collect(top, {}, facts, out)
    seen, unique = set(), []
    for b in out:
        key = (b.fact, b.how, repr(b.constant), b.field)
        if key not in seen:
            seen.add(key)
            unique.append(b)
    return unique


def _collect(e, scope: dict, facts: dict, out: list):
    if isinstance(e, S.Quantifier):
        _collect(e.collection, scope, facts, out)
        coll = e.collection.id if isinstance(e.collection, S.Name) else None
        _collect(e.body, {**scope, e.variable: coll}, facts, out)
        return
    if isinstance(e, S.Binary) and e.op in ("<", "<=", ">", ">=", "=", "!="):
        for side, other in ((e.left, e.right), (e.right, e.left)):
            if not isinstance(other, S.Literal):
                continue
            b = _boundary_for(side, other.value, scope, facts)
            if b is not None:
                out.append(b)
    for f in attrs.fields(type(e)):
        if f.name == "span":
            continue
        x = getattr(e, f.name)
        for child in (x if isinstance(x, tuple) else (x,)):
            if _is_node(child) and not isinstance(child, S.Literal):
                _collect(child, scope, facts, out)


def _boundary_for(side, value, scope, facts) -> Boundary | None:
    if isinstance(side, S.Name) and side.id in facts:
        return Boundary(side.id, "value", value)
    if isinstance(side, S.Name) and side.id == "peildatum":
        return Boundary("peildatum", "value", value)
    if isinstance(side, S.Call) and side.function == "leeftijd" and side.args:
        arg = side.args[0]
        if isinstance(arg, S.Name) and arg.id in facts:
            return Boundary(arg.id, "age", value)
        if isinstance(arg, S.FieldAccess) and isinstance(arg.subject, S.Name) and scope.get(arg.subject.id):
            return Boundary(scope[arg.subject.id], "list-age", value, arg.field)
    if isinstance(side, S.FieldAccess) and isinstance(side.subject, S.Name) and scope.get(side.subject.id):
        return Boundary(scope[side.subject.id], "list-field", value, side.field)
    return None


def years_before(d: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (28 February for a 29 February that does not exist).

    Kept within the calendar (years 1 to 9999): a peildatum of 0001-01-01 or 9999-12-31 is valid."""
    year = min(max(d.year - years, 1), 9999)
    try:
        return d.replace(year=year)
    except ValueError:
        return d.replace(year=year, day=28)


def shift(d: dt.date, days: int) -> dt.date:
    """d plus a number of days, kept within the calendar (0001-01-01 to 9999-12-31)."""
    return dt.date.fromordinal(min(max(d.toordinal() + days, 1), dt.date.max.toordinal()))



def boundary_values(b: Boundary, when: dt.date) -> list:
    """Just below, on and just above the constant (one cent, one day, one year)."""
    c = b.constant
    if b.how in ("age", "list-age"):
        n = int(c)
        births = []
        for k in (n, n + 1):
            births += [shift(years_before(when, k), 1), years_before(when, k)]
        return [d.isoformat() for d in births]
    if isinstance(c, bool):
        return [c, not c]
    if isinstance(c, dt.date):
        return [shift(c, k).isoformat() for k in (-1, 0, 1)]
    if isinstance(c, int):
        return [c - 1, c, c + 1]
    if isinstance(c, Decimal):
        step = Decimal("0.01")
        return [str(c - step), str(c), str(c + step)]
    return [c]


def _random_value(rng: random.Random, name: str, typ, when: dt.date, money: list[Decimal]):
    k = typ.kind
    if k == "ja/nee":
        return rng.random() < 0.5
    if k == "keuze":
        return rng.choice(typ.options)
    if k == "bedrag":
        if money and rng.random() < 0.6:
            base = rng.choice(money)
            return str((base + Decimal(rng.randint(-50000, 50000)) / 100).max(Decimal(0)))
        return str(Decimal(rng.randint(0, 500000)) / 100)
    if k in ("geheel getal", "getal"):
        return rng.randint(0, 100)
    if k == "percentage":  # within the bounds of the fact, if it has them (van 5% tot en met 100%)
        low = int(typ.minimum) if typ.minimum is not None else 0
        high = int(typ.maximum) if typ.maximum is not None else 100
        return rng.randint(low, high)
    if k == "duur":
        return {"maanden": rng.randint(0, 12)}
    if k == "datum":
        if "geboorte" in name:
            return shift(years_before(when, rng.randint(16, 70)), -rng.randint(0, 364)).isoformat()
        return shift(when, rng.randint(-3650, 3650)).isoformat()
    if k == "tekst":
        return rng.choice(["a", "b"])
    if k == "lijst":
        items = []
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            rec = {}
            for fname, ftype in typ.fields:
                if ftype.kind == "datum":
                    rec[fname] = shift(years_before(when, rng.randint(0, 20)), -rng.randint(0, 364)).isoformat()
                else:
                    rec[fname] = _random_value(rng, fname, ftype, when, money)
            items.append(rec)
        return items
    return None


def generate_cases(old: Model, new: Model, when: dt.date, seed: int = SEED,
                   base: int = BASE_CASES) -> list[dict]:
    """Boundary values around every constant of either version, each tried in many random cases.

    Every base case is a random, realistic case (most facts known, some left
    unknown). Each boundary value (one cent below, at and above an amount; the
    day before and on a birthday; every choice; true, false and unknown) is
    put into every base case, so a changed threshold meets cases in which it
    decides the outcome. The same inputs always give the same cases.
    """
    rng = random.Random(seed)
    facts = {f.name: f for f in old.facts}
    facts.update({f.name: f for f in new.facts})
    bounds = _comparisons([old, new])
    money = [Decimal(b.constant) for b in bounds if isinstance(b.constant, Decimal)]
    bases: list[dict] = [{"peildatum": when.isoformat()}]
    for _ in range(base):
        case: dict = {"peildatum": when.isoformat()}
        for name, f in facts.items():
            if rng.random() < 0.1:
                continue  # unknown
            case[name] = _random_value(rng, name, f.type, when, money)
        bases.append(case)
    variants: list[tuple[str, Any]] = []
    for b in bounds:
        if b.fact == "peildatum":
            continue
        f = facts.get(b.fact)
        if f is None:
            continue
        for v in boundary_values(b, when):
            if b.how == "list-age" or b.how == "list-field":
                variants.append((b.fact, [{b.field: v}]))
            else:
                variants.append((b.fact, v))
    for name, f in facts.items():
        if f.type.kind == "ja/nee":
            variants += [(name, True), (name, False), (name, None)]
        elif f.type.kind == "keuze":
            variants += [(name, o) for o in f.type.options] + [(name, None)]
        elif f.type.kind == "lijst":
            variants += [(name, []), (name, None)]
    cases = list(bases)
    seen = {dumps(c, indent=None) for c in cases}
    for case in bases:
        for name, v in variants:
            c = dict(case)
            if v is None:
                c.pop(name, None)
            else:
                c[name] = v
            key = dumps(c, indent=None)
            if key not in seen:
                seen.add(key)
                cases.append(c)
    # the dates on which either version starts or stops, and the day before: validity changes show here
    dates = set()
    for m in (old, new):
        for d in (m.info.valid_from, m.info.valid_until):
            if d is not None:
                dates |= {d, shift(d, -1)}
    for b in bounds:
        if b.fact == "peildatum" and isinstance(b.constant, dt.date):
            dates |= {b.constant, shift(b.constant, -1)}
    for d in sorted(d for d in dates - {when} if old.info.in_force(d) or new.info.in_force(d)):
        for case in bases[:8]:
            cases.append({**case, "peildatum": d.isoformat()})
    return cases
