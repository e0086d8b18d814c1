"""A Dutch explanation of a result, for a caseworker's letter.

Built from the derivation: for each decision the value, the provision that
decided it, the condition with the values of this case, the rules an exception
set aside, and for an undecided decision the facts that are missing.
"""

from __future__ import annotations

from decimal import Decimal

from dsl import syntax as S
from dsl.model import Model
from interpreter.result import DECIDED, NOT_APPLICABLE, SET_ASIDE, UNDETERMINED, Decision, Result, RuleStep
from interpreter.values import format_value

_CMP = {"=": "is", "!=": "is niet", "<": "is minder dan", "<=": "is ten hoogste", ">": "is meer dan",
        ">=": "is ten minste"}


def words(name: str) -> str:
    """aanspraak_op_ondersteuning -> 'aanspraak op ondersteuning'."""
    return name.replace("_", " ")


def _kind_of(model: Model, name: str) -> str | None:
    f = model.fact(name)
    if f is not None:
        return f.type.kind
    d = model.decision(name)
    return d.type.kind if d is not None else None


class _Prose:
    """Renders a condition in Dutch with the values of this case."""

    def __init__(self, model: Model, values: dict):
        self.model = model
        self.values = values

    def value_of(self, e) -> str | None:
        if isinstance(e, S.Name) and e.id in self.values:
            return format_value(self.values[e.id], _kind_of(self.model, e.id))
        return None

    def term(self, e) -> str:
        if isinstance(e, S.Literal):
            if e.kind == "bedrag":
                return format_value(e.value, "bedrag")
            if e.kind == "tekst":
                return f"“{e.value}”"
            if e.kind == "ja/nee":
                return "waar" if e.value else "onwaar"
            return e.raw
        if isinstance(e, S.Name):
            v = self.value_of(e)
            return f"{words(e.id)} ({v})" if v is not None else words(e.id)
        if isinstance(e, S.Call) and e.function == "leeftijd":
            return f"de leeftijd op grond van {self.term(e.args[0])}"
        if isinstance(e, S.FieldAccess):
            return f"{words(e.field)} van {words(self._plain(e.subject))}"
        return self._plain(e)

    def _plain(self, e) -> str:
        from dsl.unparse import unparse
        return unparse(e)

    def sentence(self, e) -> str:
        if isinstance(e, S.BoolOp):
            joiner = " en " if e.op == "en" else " of "
            return joiner.join(self.sentence(o) for o in e.operands)
        if isinstance(e, S.Unary) and e.op == "niet":
            inner = e.operand
            if isinstance(inner, S.Name):
                v = self.value_of(inner)
                return f"niet {words(inner.id)}" + (f" ({v})" if v is not None else "")
            return f"niet ({self.sentence(inner)})"
        if isinstance(e, S.Binary) and e.op in _CMP:
            return f"{self.term(e.left)} {_CMP[e.op]} {self.term(e.right)}"
        if isinstance(e, S.Membership):
            opts = ", ".join(self.term(o) for o in e.options)
            return f"{self.term(e.subject)} is {'geen' if e.negated else 'een'} van {opts}"
        if isinstance(e, S.Name):
            return self.term(e)
        if isinstance(e, S.Quantifier):
            return self._plain(e)
        return self.term(e)


def explain_decision(result: Result, decision: Decision, model: Model) -> list[str]:
    lines = [f"{words(decision.name)}: {format_value(decision.value, _kind_of(model, decision.name))}"]
    steps = decision.derivation().steps
    values = dict(result.facts)
    for s in steps:
        for u in s.uses:
            values[u.name] = u.value
    prose = _Prose(model, values)
    conds = {r.order: r for r in model.rules_for(decision.name)}
    by_cit = {(r.citation, r.kind): r for r in conds.values()}

    def condition_text(step: RuleStep) -> str | None:
        info = by_cit.get((step.citation, step.kind))
        if info is None or info.condition is None:
            return None
        return prose.sentence(info.condition)

    if decision.conflict:
        lines.append("  De regels van " + " en ".join(c.label for c in decision.conflict)
                     + " zijn beide van toepassing en geven een andere uitkomst; de regeling beslist niet welke voorgaat.")
        return lines
    if decision.value is None:
        if decision.note:
            lines.append(f"  Niet te beslissen: {decision.note}.")
        if decision.missing:
            lines.append("  Niet te beslissen met de gegeven feiten. Nodig: "
                         + ", ".join(words(m) for m in decision.missing) + ".")
        for s in steps:
            if s.status == UNDETERMINED:
                need = ", ".join(words(m) for m in s.missing)
                lines.append(f"  {s.citation.label}: onbepaald" + (f"; nodig: {need}" if need else "") + ".")
        return lines
    for s in steps:
        if s.status != DECIDED:
            continue
        cond = condition_text(s)
        if s.kind == "anders":
            lines.append(f"  {s.citation.label}: geen van de voorwaarden voor een andere uitkomst is "
                         f"vervuld, zodat {words(decision.name)} {format_value(decision.value)} is.")
            continue
        head = f"  {s.citation.label}"
        if s.sets_aside:
            head += f" (uitzondering op {', '.join(c.label for c in s.sets_aside)})"
        lines.append(head + (f": {cond}." if cond else "."))
    for s in steps:
        if s.status == SET_ASIDE:
            by = ", ".join(c.label for c in s.set_aside_by)
            cond = condition_text(s)
            lines.append(f"  {s.citation.label} is opzij gezet door {by}" + (f" (het gold: {cond})." if cond else "."))
    not_applicable = [s for s in steps if s.status == NOT_APPLICABLE and s.kind != "uitzondering"]
    if decision.value is False and not_applicable and all(s.kind == "anders" for s in steps if s.status == DECIDED):
        for s in not_applicable:
            cond = condition_text(s)
            if cond:
                lines.append(f"  {s.citation.label} is niet van toepassing: niet voldaan is aan {cond}.")
    return lines


def explain(result: Result, model: Model) -> str:
    r = result.regulation
    head = [f"{r.title}", f"peildatum: {format_value(result.date)}",
            f"versie: geldig {r.period()}" + (f", {r.source}" if r.source else ""), ""]
    body = []
    for d in result.decisions.values():
        body.extend(explain_decision(result, d, model))
        body.append("")
    return "\n".join(head + body).rstrip() + "\n"


_ = Decimal
