"""Whether two rules for one decision may both apply: a static look at their conditions.

Used by the checker's conflict pass: two rules with different values and no exception
between them are an error when some values of the facts they compare make both
conditions hold. This looks at comparisons of one fact with constants (probing the
values around each constant); what it cannot decide is left to `grondslag analyse`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dsl import syntax as S


def _same_value(a, b) -> bool:
    return isinstance(a, S.Literal) and isinstance(b, S.Literal) and a.value == b.value and a.kind == b.kind


def _literals(cond) -> list[tuple[str, str, object]] | None:
    """A conjunction as (name, relation, value) literals, or None if it is not one."""
    if cond is None:
        return []
    parts = cond.operands if isinstance(cond, S.BoolOp) and cond.op == "en" else (cond,)
    out = []
    for p in parts:
        if isinstance(p, S.Name):
            out.append((p.id, "=", True))
        elif isinstance(p, S.Unary) and p.op == "niet" and isinstance(p.operand, S.Name):
            out.append((p.operand.id, "=", False))
        elif isinstance(p, S.Binary) and p.op in ("=", "!=") and isinstance(p.left, S.Name) \
                and isinstance(p.right, S.Literal):
            out.append((p.left.id, p.op, p.right.value))
        elif isinstance(p, S.Membership) and isinstance(p.subject, S.Name) \
                and all(isinstance(o, S.Literal) for o in p.options):
            out.append((p.subject.id, "not in" if p.negated else "in", frozenset(o.value for o in p.options)))
        elif isinstance(p, S.Binary) and p.op in ("<", "<=", ">", ">=") and _subject(p.left) is not None \
                and isinstance(p.right, S.Literal):
            out.append((_subject(p.left), p.op, p.right.value))
    return out


def _subject(e) -> str | None:
    """A key for what a comparison is about: a name, or a call of a function of names
    (leeftijd(geboortedatum)); the same key has the same value in one case."""
    if isinstance(e, S.Name):
        return e.id
    if isinstance(e, S.Call) and all(isinstance(a, S.Name) for a in e.args):
        return f"{e.function}({', '.join(a.id for a in e.args)})"
    return None


def _allowed(rel, val):
    """A predicate over values for one literal."""
    return {
        "=": lambda x: x == val, "!=": lambda x: x != val,
        "in": lambda x: x in val, "not in": lambda x: x not in val,
        "<": lambda x: x < val, "<=": lambda x: x <= val, ">": lambda x: x > val, ">=": lambda x: x >= val,
    }[rel]


def _probes(values) -> set:
    """Values that meet every non-empty intersection of the intervals bounded by `values`."""
    out, plain = set(), []
    for v in values:
        if isinstance(v, frozenset):
            out |= v
            continue
        out.add(v)
        if isinstance(v, bool) or isinstance(v, str):
            continue
        plain.append(v)
        if isinstance(v, dt.date):  # not past 0001-01-01 or 9999-12-31, the ends of the calendar
            out |= {dt.date.fromordinal(min(max(v.toordinal() + k, 1), dt.date.max.toordinal())) for k in (-1, 1)}
        else:
            out |= {v - 1, v + 1}
    for x in plain:
        for y in plain:
            if isinstance(x, dt.date) == isinstance(y, dt.date) and x != y:  # 1 and 1,5 too
                if isinstance(x, dt.date):
                    out.add(dt.date.fromordinal((x.toordinal() + y.toordinal()) // 2))
                else:
                    out.add((Decimal(x) + Decimal(y)) / 2)
    return out


def _disjoint(a, b) -> bool:
    """Whether two conditions can be shown never to hold together (sound, and simple)."""
    for x, y in ((a, b), (b, a)):
        if isinstance(x, S.BoolOp) and x.op == "of":
            return all(_disjoint(part, y) for part in x.operands)
    for (n1, r1, v1) in _literals(a):
        for (n2, r2, v2) in _literals(b):
            if n1 != n2:
                continue
            probes = _probes([v1, v2])
            if any(isinstance(v, bool) for v in probes):
                probes = {True, False}
            else:
                probes.add(_OTHER)  # a value unlike any written in the rules
            f1, f2 = _allowed(r1, v1), _allowed(r2, v2)
            if not any(_both(f1, f2, x) for x in probes):
                return True
    return False


_OTHER = object()


def _both(f1, f2, x) -> bool:
    try:
        return bool(f1(x) and f2(x))
    except TypeError:
        return False
