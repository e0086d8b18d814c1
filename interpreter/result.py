"""Results: the decisions of one case, their citations, and the derivation behind them.

The derivation is a first-class data type: for every decision, each rule that
was considered, whether it applied, which exception set it aside, and the fact
values it used. It is built on demand from the evaluation state, so batch
evaluation pays for it only when it is asked for.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from dsl.quantities import Duration
from typing import Any

import attrs
import simplejson

from dsl import syntax as S
from dsl.citation import Citation
from dsl.model import Model, RegulationInfo, RuleInfo
from dsl.unparse import unparse
from interpreter.decisions import Outcome
from interpreter.tree import Context
from interpreter.values import Unknown

# Status of a rule in a derivation (Dutch, as caseworkers read them).
DECIDED = "beslissend"  # this rule gave the value
SET_ASIDE = "opzij gezet"  # it applied, but an exception set it aside
NOT_APPLICABLE = "niet van toepassing"  # its condition does not hold
UNDETERMINED = "onbepaald"  # the facts given leave its condition open
NOT_NEEDED = "niet gebruikt"  # a value for all other cases, not needed here


@attrs.frozen
class FactUse:
    """A fact a rule reads, with its value in this case (None when not given)."""

    name: str
    value: Any
    judgement: bool = False


@attrs.frozen
class DecisionUse:
    """Another decision or begrip a rule reads, with its value in this case."""

    name: str
    value: Any


@attrs.frozen
class RuleStep:
    """One rule in the derivation of a decision."""

    citation: Citation
    kind: str  # regel | uitzondering | anders | overweging
    status: str
    applies: bool | None
    value: Any
    condition: str | None
    sets_aside: tuple[Citation, ...]
    set_aside_by: tuple[Citation, ...]
    facts: tuple[FactUse, ...]
    uses: tuple[DecisionUse, ...]
    missing: tuple[str, ...]
    text: str | None = None  # the consideration, for an overweging
    # Which rule of the model this step is (its index in Model.rules): one provision may hold
    # several rules for one decision, so the citation alone does not name the rule.
    order: int = -1

    def to_dict(self) -> dict:
        d = {
            "citation": self.citation.to_dict(), "kind": self.kind, "status": self.status,
            "applies": self.applies, "value": json_value(self.value), "condition": self.condition,
            "facts": {f.name: json_value(f.value) for f in self.facts},
            "uses": {u.name: json_value(u.value) for u in self.uses},
        }
        if self.sets_aside:
            d["sets_aside"] = [c.label for c in self.sets_aside]
        if self.set_aside_by:
            d["set_aside_by"] = [c.label for c in self.set_aside_by]
        if self.missing:
            d["missing"] = list(self.missing)
        if self.text is not None:
            d["text"] = self.text
        return d


@attrs.frozen
class Derivation:
    """How one decision came about: every rule considered, in the order of the regulation."""

    decision: str
    value: Any
    steps: tuple[RuleStep, ...]

    def to_dict(self) -> dict:
        return {"rules": [s.to_dict() for s in self.steps]}


@attrs.frozen
class Decision:
    """The value of one decision for one case, with its grounds."""

    name: str
    value: Any  # None when the facts given leave it open
    citations: tuple[Citation, ...]
    missing: tuple[str, ...]
    conflict: tuple[Citation, ...] = ()
    note: str | None = None
    _state: Any = attrs.field(default=None, eq=False, repr=False, alias="state")

    @property
    def decided(self) -> bool:
        return self.value is not None

    def derivation(self) -> Derivation:
        model, ctx, outcome, program = self._state
        return _derive(self, model, ctx, outcome, program)

    def to_dict(self, derivation: bool = False) -> dict:
        d = {"value": json_value(self.value), "citations": [c.to_dict() for c in self.citations],
             "missing": list(self.missing)}
        if self.conflict:
            d["conflict"] = [c.to_dict() for c in self.conflict]
        if self.note:
            d["note"] = self.note
        if derivation and self._state is not None:
            d["derivation"] = self.derivation().to_dict()
        return d


@attrs.frozen
class Provenance:
    """What produced a result, so that it can be audited and reproduced years later."""

    regulation: str
    version: str
    source: str | None
    digest: str
    grondslag: str

    def to_dict(self) -> dict:
        return {"regulation": self.regulation, "version": self.version, "source": self.source,
                "digest": f"sha256:{self.digest}", "grondslag": self.grondslag}


@attrs.frozen
class Result:
    """All decisions of one case on one date under one regulation version.

    Decision objects are made on first access: batch evaluation that only writes
    JSON never pays for them.
    """

    regulation: RegulationInfo
    date: dt.date
    provenance: Provenance
    facts: dict = attrs.field(eq=False, repr=False)
    _outcomes: tuple = attrs.field(eq=False, repr=False, alias="outcomes")  # ((name, Outcome), ...)
    _state: tuple = attrs.field(eq=False, repr=False, alias="state")  # (model, ctx, program)
    _cache: dict = attrs.field(factory=dict, eq=False, repr=False, init=False)

    @property
    def decisions(self) -> dict[str, Decision]:
        found = self._cache.get("decisions")
        if found is None:
            model, ctx, program = self._state
            found = {name: make_decision(name, out, self._state) for name, out in self._outcomes}
            self._cache["decisions"] = found
        return found

    def __getitem__(self, name: str) -> Decision:
        return self.decisions[name]

    def to_dict(self, derivation: bool = False) -> dict:
        r = self.regulation
        if derivation:
            decisions = {n: d.to_dict(True) for n, d in self.decisions.items()}
        else:
            missing_facts = self._state[2].missing_facts
            decisions = {n: _outcome_dict(o, missing_facts) for n, o in self._outcomes}
        return {
            "regulation": {"id": r.id, "title": r.title, "valid_from": r.valid_from.isoformat(),
                           "valid_until": r.valid_until.isoformat() if r.valid_until else None,
                           "source": r.source},
            "date": self.date.isoformat(),
            "decisions": decisions,
            "provenance": self.provenance.to_dict(),
        }

    def to_json(self, derivation: bool = False, indent: int | None = 2) -> str:
        return dumps(self.to_dict(derivation), indent=indent)


def outcome_note(out) -> str | None:
    if out.conflict:
        return "tegenstrijdige regels: " + "; ".join(c.label for c in out.conflict)
    if out.settled_over:
        return "beslist voor elke mogelijke waarde van: " + ", ".join(out.settled_over)
    return out.error


def make_decision(name: str, out, state) -> Decision:
    program = state[2]
    missing = tuple(program.missing_facts(out.missing_set)) if out.value is None else ()
    later = state[1]
    return Decision(name, out.value, out.citations, missing, out.conflict, outcome_note(out),
                    state=_LaterState(later, name) if type(later) is TreeLater else (state[0], later, out, program))


class TreeLater:
    """In the Context's place in a Result the compiled engine made (Version.evaluate_compiled):
    the tree evaluates the case when a derivation or an explanation is first asked for."""

    __slots__ = ("version", "facts", "date", "_result")

    def __init__(self, version, facts: dict, date: dt.date):
        self.version, self.facts, self.date, self._result = version, facts, date, None

    def result(self) -> "Result":
        if self._result is None:
            self._result = self.version.evaluate_facts(self.facts, self.date)
        return self._result


class _LaterState:
    """A Decision's state (model, ctx, outcome, program) from the tree, made on first use."""

    __slots__ = ("later", "name", "_state")

    def __init__(self, later: TreeLater, name: str):
        self.later, self.name, self._state = later, name, None

    def _get(self) -> tuple:
        if self._state is None:
            ref = self.later.result()
            model, ctx, program = ref._state
            self._state = (model, ctx, dict(ref._outcomes)[self.name], program)
        return self._state

    def __iter__(self):
        return iter(self._get())

    def __getitem__(self, i):
        return self._get()[i]

    def __len__(self) -> int:
        return 4


def _outcome_dict(out, missing_facts) -> dict:
    v = out.value
    d = {"value": v if v is True or v is False else json_value(v), "citations": [c.to_dict() for c in out.citations],
         "missing": missing_facts(out.missing_set) if out.value is None and out.missing_set else []}
    if out.conflict:
        d["conflict"] = [c.to_dict() for c in out.conflict]
    if out.conflict or out.error or out.settled_over:
        d["note"] = outcome_note(out)
    return d


class _PlainDecimal(Decimal):
    """A Decimal written without an exponent (1E+3 -> 1000): JSON readers turn 1E+999 into infinity."""

    def __str__(self) -> str:
        return format(self, "f")


def json_value(v):
    if v is None or type(v) is Unknown:
        return None
    if type(v) is Decimal and "E" in str(v):
        return _PlainDecimal(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, Duration):
        return v.to_json()
    if isinstance(v, list):
        return [json_value(x) for x in v]
    if isinstance(v, dict):
        return {k: json_value(x) for k, x in v.items()}
    return v


class _HasDecimal(Exception):
    pass


def _no_decimal(o):
    raise _HasDecimal


def dumps(obj, indent: int | None = 2) -> str:
    """JSON with exact decimals (a Decimal is written as the number it is), keys in given order.

    The standard library's C encoder is used when there is no Decimal to write (it is
    several times faster); simplejson, which writes a Decimal exactly, otherwise.
    """
    try:
        return json.dumps(obj, ensure_ascii=False, indent=indent, default=_no_decimal)
    except _HasDecimal:
        return simplejson.dumps(obj, use_decimal=True, ensure_ascii=False, indent=indent)


# ------------------------------------------------------------------ derivation


def _names(expr, kinds) -> list[str]:
    out = []
    if expr is None:
        return out
    for e in S.iter_expr(expr):
        if isinstance(e, S.Name) and e.id not in out:
            out.append(e.id)
    return out


def _derive(decision: Decision, model: Model, ctx: Context, outcome: Outcome, program) -> Derivation:
    infos: dict[int, RuleInfo] = {r.order: r for r in model.rules_for(decision.name)}
    dnode = program.by_name[decision.name]
    facts = {f.name: f for f in model.facts}
    steps = []
    by_local = {i: r for i, r in enumerate(dnode.rules)}
    sets_aside: dict[int, list[Citation]] = {}
    for i, r in by_local.items():
        for e in r.set_aside_by:
            sets_aside.setdefault(e, []).append(r.citation)
    all_nodes = list(by_local.items()) + ([(-1, dnode.default)] if dnode.default is not None else [])
    for i, node in all_nodes:
        info = infos[node.order]
        if i >= 0:
            a, eff = outcome.applies[i], outcome.effective[i]
            by = tuple(dnode.rules[e].citation for e in node.set_aside_by if outcome.applies[e] is True)
            if eff is True or (a is True and decision.value is not None and node.citation in decision.citations):
                status = DECIDED  # (the second: it applies, and every exception that might set it aside agrees)
            elif a is False:
                status = NOT_APPLICABLE
            elif by:
                status = SET_ASIDE
            else:
                status = UNDETERMINED
            if a is False and node.condition is not None and any(e == i for e, _ in dnode.excepts):
                # an exception without object (decisions.without_object): not applicable,
                # though its own condition may hold; the trace shows that condition as it is
                a = node.condition.evaluate(ctx)
            applies = a if isinstance(a, bool) else None
            missing = tuple(program.sort_missing(eff.missing)) if type(eff) is Unknown else ()
        else:
            by = ()
            applies = None
            status = DECIDED if outcome.default_used and decision.value is not None and \
                node.citation in decision.citations else NOT_NEEDED
            missing = ()
        value = node.value.evaluate(ctx) if node.value is not None else None
        names = _names(info.condition, None) + [n for n in _names(info.value, None)
                                                 if n not in _names(info.condition, None)]
        fact_uses = tuple(FactUse(n, ctx.facts.get(n), facts[n].judgement) for n in names if n in facts)
        uses = []
        for n in names:
            if n in program.by_name:
                uses.append(DecisionUse(n, _plain(program.by_name[n].outcome(ctx).value)))
            elif ("\0" + n) in ctx.cache:
                uses.append(DecisionUse(n, _plain(ctx.cache["\0" + n])))
        steps.append(RuleStep(
            citation=node.citation, kind=node.kind, status=status, applies=applies, value=_plain(value),
            condition=unparse(info.condition) if info.condition is not None else None,
            sets_aside=tuple(info.sets_aside), set_aside_by=by, facts=fact_uses, uses=tuple(uses),
            missing=missing, text=info.text, order=node.order))
    steps.sort(key=lambda s: s.order)  # the order of the regulation
    return Derivation(decision.name, decision.value, tuple(steps))


def _plain(v):
    return None if type(v) is Unknown else v


_ = Decimal
