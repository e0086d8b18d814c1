"""The impact of a change: both versions evaluated on the same cases, per decision."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

import attrs

from dsl import syntax as S
from dsl.citation import Citation
from dsl.model import Model
from interpreter.case import CaseError, parse_date
from interpreter.result import json_value
from interpreter.review.diff.cases import GivenCase
from interpreter.review.diff.sides import Side

# ------------------------------------------------------------------- impact

EXAMPLES = 3
CANDIDATES = 200  # changed cases kept per decision to choose the examples from



@attrs.frozen
class Example:
    """One case whose outcome changed, with the value and ground before and after."""

    case: dict
    facts: dict  # the facts that mattered for this decision, in either version
    old_value: Any
    old_citation: str | None
    new_value: Any
    new_citation: str | None
    source: str | None = None  # the reviewer's case file (or file:line); None for a generated case

    def to_dict(self) -> dict:
        return {"source": self.source, "case": self.case, "facts": self.facts,
                "old": {"value": json_value(self.old_value), "citation": self.old_citation},
                "new": {"value": json_value(self.new_value), "citation": self.new_citation}}


@attrs.frozen
class DecisionImpact:
    """How one decision fares over all cases."""

    name: str
    changed: int
    total: int
    grounds_changed: int  # same value, other provision (renumbering not counted)
    explained_by: tuple[tuple[str | None, str | None, int], ...]  # (old ground, new ground, cases); None: none
    examples: tuple[Example, ...]
    only_in: str | None = None  # "old" or "new" when the decision exists in one version only
    # On a caseload (at_scale.py): (from, to, cases, ((old ground, new ground, cases), ...), example cases)
    transitions: tuple = ()

    def to_dict(self) -> dict:
        d = {"changed": self.changed, "total": self.total, "grounds_changed": self.grounds_changed,
             "explained_by": [{"old": a, "new": b, "cases": n} for a, b, n in self.explained_by],
             "examples": [e.to_dict() for e in self.examples]}
        if self.only_in:
            d["only_in"] = self.only_in
        if self.transitions:
            d["transitions"] = [{"from": a, "to": b, "cases": n,
                                 "provisions": [{"old": x, "new": y, "cases": k} for x, y, k in grounds],
                                 "examples": list(shown)} for a, b, n, grounds, shown in self.transitions]
        return d


@attrs.frozen
class CaseFailure:
    """A case that one version (or both) cannot evaluate."""

    line: int | None  # the line of a JSON Lines file; None for a case file of its own
    side: str  # old | new | both
    message: str
    source: str | None = None  # the case file, or file:line

    def to_dict(self) -> dict:
        return {"source": self.source, "line": self.line, "version": self.side, "error": self.message}


def fact_dependencies(model: Model) -> dict[str, list[str]]:
    """Per decision, the facts it may read, directly or through begrippen and other decisions."""
    facts = [f.name for f in model.facts]
    direct: dict[str, set[str]] = {}
    for d in model.definitions:
        direct.setdefault(d.name, set()).update(_expr_names(d.expr))
    for r in model.rules:
        direct.setdefault(r.decision, set()).update(_expr_names(r.condition) | _expr_names(r.value))
    out: dict[str, list[str]] = {}
    for name in [d.name for d in model.decisions]:
        seen, stack = set(), [name]
        while stack:
            n = stack.pop()
            for m in direct.get(n, ()):
                if m not in seen:
                    seen.add(m)
                    stack.append(m)
        out[name] = [f for f in facts if f in seen]
    return out


def _expr_names(e) -> set[str]:
    return {x.id for x in S.iter_expr(e) if isinstance(x, S.Name)} if e is not None else set()


def _label(decision) -> str | None:
    return decision.citations[0].label if decision.citations else None


def _restrict(case: dict, side: Side, when: dt.date | None) -> dict:
    day = when
    if day is None:
        try:
            day = parse_date(case.get("peildatum"), "peildatum")
        except CaseError:
            return case
    m = side.model_on(day) or side.models[-1]
    names = {f.name for f in m.facts} | {"peildatum"}
    return {k: v for k, v in case.items() if k in names}


def measure_impact(old: Side, new: Side, cases: list[GivenCase], date: dt.date | None, fallback: dt.date,
                   cmap: dict[Citation, Citation],
                   generated: bool) -> tuple[list[DecisionImpact], list[CaseFailure], int]:
    """Evaluate both versions on every case; per decision, count and explain what changes."""
    if getattr(cases, "table", None) is not None:  # a Parquet caseload: the columnar engine (at_scale.py)
        from interpreter.review.diff.at_scale import measure_table_impact
        return measure_table_impact(old, new, cases, date, fallback, cmap)
    failures: list[CaseFailure] = []
    names: list[str] = []
    for side in (new, old):
        for m in side.models:
            for d in m.decisions:
                if d.name not in names:
                    names.append(d.name)
    in_old = {d.name for m in old.models for d in m.decisions}
    in_new = {d.name for m in new.models for d in m.decisions}
    counts = {n: [0, 0, 0] for n in names}  # changed, total, grounds changed
    explained: dict[str, Counter] = {n: Counter() for n in names}
    examples: dict[str, list[Example]] = {n: [] for n in names}
    label_map = {a.label: b.label for a, b in cmap.items()}
    deps: dict[str, list[str]] = {}
    for side in (old, new):
        for m in side.models:
            for k, v in fact_dependencies(m).items():
                deps[k] = deps.get(k, []) + [f for f in v if f not in deps.get(k, [])]
    evaluated = 0
    for given in cases:
        case, line, source = given.case, given.line, given.source
        if given.error is not None:
            failures.append(CaseFailure(line, "both", given.error, source))
            continue
        when = date
        if when is None and (not isinstance(case, dict) or case.get("peildatum") is None):
            when = fallback
        results = []
        errors = []
        for side in (old, new):
            c = _restrict(case, side, when) if generated and isinstance(case, dict) else case
            try:
                results.append(side.regulation.evaluate(c, when))
                errors.append(None)
            except CaseError as exc:
                results.append(None)
                errors.append(exc.in_language("nl"))  # the diff report is Dutch (language-policy.md)
        if errors[0] or errors[1]:
            if generated and errors[0] and errors[1]:
                continue  # a generated case neither version can take says nothing about the change
            if errors[0] and errors[1]:
                failures.append(CaseFailure(line, "both", errors[1] if errors[0] == errors[1]
                                            else f"oud: {errors[0]}; nieuw: {errors[1]}", source))
            else:
                failures.append(CaseFailure(line, "old" if errors[0] else "new", errors[0] or errors[1], source))
            continue
        evaluated += 1
        ro, rn = results
        for n in names:
            do, dn = ro.decisions.get(n), rn.decisions.get(n)
            if do is None or dn is None:
                continue
            counts[n][1] += 1
            if not _same(do.value, dn.value):
                counts[n][0] += 1
                lo, ln = _label(do), _label(dn)
                explained[n][(lo, ln)] += 1
                if len(examples[n]) < CANDIDATES:
                    wanted = deps.get(n, [])
                    facts = {k: case[k] for k in wanted if k in case and case[k] is not None}
                    examples[n].append(Example(case, facts, do.value, lo, dn.value, ln,
                                               None if generated else source))
            elif label_map.get(_label(do), _label(do)) != _label(dn) and \
                    {label_map.get(c.label, c.label) for c in do.citations} != {c.label for c in dn.citations}:
                counts[n][2] += 1
    impacts = []
    for n in names:
        only = None if n in in_old and n in in_new else ("new" if n in in_new else "old")
        exp = tuple((a, b, k) for (a, b), k in explained[n].most_common())
        impacts.append(DecisionImpact(n, counts[n][0], counts[n][1], counts[n][2], exp,
                                      _pick_examples(examples[n], exp), only))
    return impacts, failures, evaluated


def _pick_examples(found: list[Example], explained) -> tuple[Example, ...]:
    """A few telling examples: decided both before and after, with few facts, one per kind of change."""
    ranked = sorted(found, key=lambda e: (e.old_value is None or e.new_value is None, len(e.facts)))
    out: list[Example] = []
    for a, b, _ in explained:
        e = next((e for e in ranked if (e.old_citation, e.new_citation) == (a, b)
                  and e not in out), None)
        if e is not None and len(out) < EXAMPLES:
            out.append(e)
    for e in ranked:
        if len(out) >= EXAMPLES:
            break
        if e not in out:
            out.append(e)
    return tuple(sorted(out, key=lambda e: (e.old_value is None or e.new_value is None, len(e.facts))))


def _same(a, b) -> bool:
    if isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal)) and not isinstance(a, bool) \
            and not isinstance(b, bool):
        return Decimal(a) == Decimal(b)
    return type(a) is type(b) and a == b
