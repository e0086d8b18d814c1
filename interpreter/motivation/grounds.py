"""Why a decision has its value, as data: the grounds (provisions considered), quoted, with checks.

``motivate`` gives a ``Motivation`` per decision; the text and the HTML report render it.
"""

from __future__ import annotations

from typing import Any

import attrs

from dsl.citation import Citation
from dsl.model import Model
from interpreter.motivation.conditions import Check, Parts, Prose
from interpreter.result import DECIDED, NOT_APPLICABLE, SET_ASIDE, UNDETERMINED, Decision, Result, RuleStep
from interpreter.values import format_value


@attrs.frozen
class Ground:
    """A provision considered for a decision, what it says, and what it came to in this case."""

    citation: Citation
    status: str  # beslissend | opzij gezet | niet van toepassing | onbepaald | anders
    kind: str  # regel | uitzondering | anders | overweging
    value: Any
    quote: str | None
    checks: tuple[Check, ...]
    sets_aside: tuple[Citation, ...] = ()
    set_aside_by: tuple[Citation, ...] = ()
    missing: tuple[str, ...] = ()
    statutes: tuple = ()  # the wettelijke waarden (dsl.model.StatutoryInfo) the rule's value takes


@attrs.frozen
class Motivation:
    """Why one decision has the value it has, as data."""

    name: str
    description: str | None
    value: Any
    kind: str | None
    citations: tuple[Citation, ...]
    grounds: tuple[Ground, ...]  # deciding first, then set aside, then not applicable / undetermined
    missing: tuple[tuple[str, tuple[str, ...]], ...]  # (fact, labels of the provisions that need it)
    conflict: tuple[Citation, ...] = ()
    note: str | None = None

    @property
    def value_text(self) -> str:
        return format_value(self.value, self.kind)


# ----------------------------------------------------------------- motivation


def _quote(model: Model, cit: Citation) -> str | None:
    """The law text of a provision; for an item, with the words of its lid that introduce it."""
    p = model.provision(cit)
    if p is None or p.text is None:
        return None
    text = " ".join(p.text.split())
    if cit.item is not None:
        parent = model.provision(Citation(cit.article, cit.paragraph, None, cit.section, cit.alinea))
        if parent is not None and parent.text and parent.text.rstrip().endswith(":"):
            text = " ".join(parent.text.split()) + " … " + text
    return text


def motivate(result: Result, decision: Decision, model: Model) -> Motivation:
    """Why this decision has this value in this case."""
    info = model.decision(decision.name)
    kind = info.type.kind if info else None
    steps = decision.derivation().steps if decision._state is not None else ()
    parts = Parts(decision, model)
    prose = Prose(model, parts)
    # Keyed by the rule itself, not by its provision: a provision may hold several rules for one
    # decision, and each step is justified by its own rule's condition.
    rules = {r.order: r for r in model.rules_for(decision.name)}

    def ground(s: RuleStep, status: str | None = None, want: bool = True) -> Ground:
        r = rules.get(s.order)
        checks: list[Check] = []
        if r is not None and r.condition is not None:
            checks = prose.checks(r.condition, want)
        return Ground(s.citation, status or s.status, s.kind, s.value, _quote(model, s.citation), tuple(checks),
                      s.sets_aside, s.set_aside_by, s.missing, _statutes(model, r))

    grounds: list[Ground] = []
    value = decision.value
    if decision.conflict:
        grounds += [ground(s) for s in steps if s.citation in decision.conflict and s.kind != "anders"]
    elif value is not None:
        grounds += [ground(s, "anders" if s.kind == "anders" else DECIDED) for s in steps if s.status == DECIDED]
        grounds += [ground(s) for s in steps if s.status == SET_ASIDE]
        # why not: the rules that would have given another value, and do not apply
        grounds += [ground(s, want=True) for s in steps
                    if s.status == NOT_APPLICABLE and s.kind != "anders" and not _same(s.value, value)]
    else:
        grounds += [ground(s) for s in steps if s.status == UNDETERMINED]
        grounds += [ground(s) for s in steps if s.status == SET_ASIDE]
    need: dict[str, list[str]] = {}
    for m in decision.missing:
        need[m] = [g.citation.label for g in grounds if any(m in c.missing for c in g.checks)] \
            or [s.citation.label for s in steps if m in s.missing]
    return Motivation(decision.name, info.description if info else None, value, kind, decision.citations,
                      tuple(grounds), tuple((m, tuple(dict.fromkeys(v))) for m, v in need.items()),
                      decision.conflict, decision.note)


def _statutes(model: Model, rule) -> tuple:
    """The statutory values a rule's value uses, in the order of the regulation's declarations."""
    if rule is None or rule.value is None:
        return ()
    from dsl.syntax import Name, iter_expr
    names = {e.id for e in iter_expr(rule.value) if isinstance(e, Name)}
    return tuple(st for st in getattr(model, "statutes", ()) if st.name in names)


def _same(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b
