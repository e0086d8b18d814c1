"""'Wat moet anders?': the smallest changes to the facts of a case that flip a decision.

The solver (the encoding of `analyse`, with a known-flag per fact that follows the
case) proposes sets of changes, fewest first; each set is then evaluated by the
engine, shrunk while a smaller set still works (so no subset of an alternative also
works), and only then reported. Giving a fact that the case left open counts as a
change. Facts marked `erkend onveranderlijk` in the rule file, or passed as `fixed`,
and the peildatum never change. A judgement of the college is never presented as
something the person can change: "afhankelijk van het oordeel van het college".
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import attrs
import z3

from dsl.citation import Citation
from dsl.i18n import msg
from interpreter.analysis.acknowledgements import fixed_facts
from interpreter.analysis.encode import Encoding
from interpreter.analysis.witness import equals_fact, evaluate, fact_value, fix_date, value_of
from interpreter.api import Regulation, Version
from interpreter.case import CaseError
from interpreter.values import format_date, format_money

MAX_CHANGES = 3
ALTERNATIVES = 3


@attrs.frozen
class Change:
    """One fact changed (or given where the case left it open)."""

    fact: str
    before: object  # the case's value (JSON-like), None when not given
    after: object
    judgement: bool
    bound: str | None = None  # "ten hoogste" / "ten minste": every value on that side works too
    text: str = ""


@attrs.frozen
class Alternative:
    changes: tuple[Change, ...]
    value: object
    citations: tuple[Citation, ...]
    case: dict  # the changed case, as evaluated
    text: str

    @property
    def needs_judgement(self) -> bool:
        return any(c.judgement for c in self.changes)


@attrs.frozen
class WhyNot:
    decision: str
    value: object
    target: object
    citations: tuple[Citation, ...]
    alternatives: tuple[Alternative, ...]
    fixed: tuple[str, ...]
    text: str

    def to_dict(self) -> dict:
        return {"decision": self.decision, "value": _json(self.value), "target": _json(self.target),
                "alternatives": [{"changes": [{"fact": c.fact, "before": c.before, "after": c.after,
                                               "judgement": c.judgement, "bound": c.bound} for c in a.changes],
                                  "value": _json(a.value), "citations": [c.label for c in a.citations],
                                  "text": a.text} for a in self.alternatives],
                "fixed": list(self.fixed), "text": self.text}


def _json(v):
    if isinstance(v, (Decimal, dt.date)):
        return str(v)
    if hasattr(v, "to_json"):  # a duration
        return v.to_json()
    return v


def _label(name: str) -> str:
    return name.replace("_", " ")


def _show(v, t=None) -> str:
    if v is None:
        return "niet gegeven"
    if v is True:
        return "ja"
    if v is False:
        return "nee"
    if t is not None and t.kind == "bedrag":
        return format_money(Decimal(str(v))) + (f" per {t.period}" if t.period else "")
    if t is not None and t.kind == "datum":
        return format_date(dt.date.fromisoformat(v) if isinstance(v, str) else v)
    if t is not None and t.kind == "keuze":
        return f"“{v}”"
    if t is not None and t.kind == "percentage":
        return f"{v}%".replace(".", ",")
    if hasattr(v, "describe"):  # a duration
        return v.describe()
    if isinstance(v, list):
        return "[" + ", ".join("(" + ", ".join(f"{k}: {x}" for k, x in r.items()) + ")" for r in v) + "]" \
            if v else "geen"
    return str(v)


def _plain(v):
    """A validated value (Decimal, date) as case JSON."""
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list):
        return [{k: _plain(x) for k, x in r.items()} for r in v]
    return v


def why_not(regulation: Regulation, case: dict, decision: str, date=None, fixed=(), target=None,
            alternatives: int = ALTERNATIVES, max_changes: int = MAX_CHANGES) -> WhyNot:
    """The smallest verified changes to `case` that give `decision` another value (for yes/no: the
    other one; `target` to ask for a particular value)."""
    result = regulation.evaluate(case, date)
    version = regulation.version_for(result) if hasattr(regulation, "version_for") else regulation.version_on(result.date)
    model = version.program.model
    info = model.decision(decision)
    if info is None:
        raise CaseError(msg("'{name}' is not a decision of this regulation; decisions are: {decisions}",
                            name=decision, decisions=", ".join(d.name for d in model.decisions)), "--waarom-niet")
    current = result[decision]
    if target is None and info.type.kind == "ja/nee":
        target = current.value is not True
    fixed_all = dict(fixed_facts(model))
    for f in fixed:
        if model.fact(f) is None:
            raise CaseError(msg("'{name}' is not a fact of this regulation", name=f), "--vast")
        fixed_all.setdefault(f, "per aanvraag vastgehouden")
    search = _Search(version, result, decision, target, fixed_all, max_changes)
    found = search.run(alternatives)
    text = _text(model, decision, current, target, found, fixed_all, max_changes)
    return WhyNot(decision, current.value, target, current.citations, tuple(found), tuple(fixed_all), text)


class _Search:
    def __init__(self, version: Version, result, decision, target, fixed, max_changes):
        self.version, self.decision, self.target, self.max_changes = version, decision, target, max_changes
        self.model = version.program.model
        self.date = result.date
        self.facts = dict(result.facts)
        self.current = result[decision].value
        enc = self.enc = Encoding(self.model, known_vars=True, prefix="")
        self.base = [*enc.domain, fix_date(enc, self.date)]
        self.changed = {}
        self.small = []  # a list the case leaves open is first given with one record: the least to ask
        for name, fv in enc.facts.items():
            given = self.facts.get(name)
            if fv.val is None and fv.length is None:
                continue
            # a list whose records hold a fixed field (the children's geboortedatum) keeps its records
            held = name in fixed or (fv.length is not None and any(f in fixed for f, _ in fv.type.fields))
            if given is not None:
                self.base.append(fv.known)
                same = equals_fact(fv, given, enc)
                if held:
                    self.base.append(same)
                else:
                    self.changed[name] = z3.Not(same)
            elif name in fixed:
                self.base.append(z3.Not(fv.known))
            else:
                self.changed[name] = fv.known
                if fv.length is not None:
                    self.small.append(fv.length <= 1)
        kv = enc.decision(decision)
        if target is not None:
            tv = value_of(target, kv.val, enc) if not isinstance(target, bool) else [z3.BoolVal(target)]
            goal = z3.And(*[p == c for p, c in zip(kv.val.parts, tv)])
        elif self.current is not None:
            goal = z3.Not(z3.And(*[p == c for p, c in zip(kv.val.parts, value_of(self.current, kv.val, enc))]))
        else:
            goal = z3.BoolVal(True)
        self.goal = z3.And(kv.known, goal)

    def works(self, case_facts: dict):
        try:
            res = evaluate(self.version, {"peildatum": self.date.isoformat(), **case_facts})
        except CaseError:
            return None
        d = res[self.decision]
        ok = d.value is not None and (d.value == self.target if self.target is not None else d.value != self.current)
        return d if ok else None

    def run(self, wanted: int) -> list[Alternative]:
        out = self._run(wanted, self.small)
        return out if out or not self.small else self._run(wanted, [])

    def _run(self, wanted: int, extra: list) -> list[Alternative]:
        s = z3.Solver()
        s.set("timeout", 10_000)
        s.add(*self.base, *extra, self.goal)
        names = list(self.changed)
        out: list[Alternative] = []
        for k in range(1, self.max_changes + 1):
            while len(out) < wanted:
                s.push()
                s.add(z3.PbLe([(self.changed[n], 1) for n in names], k))
                r = s.check()
                m = s.model() if r == z3.sat else None
                s.pop()
                if m is None:
                    break
                chosen = [n for n in names if z3.is_true(m.eval(self.changed[n], model_completion=True))]
                s.add(z3.Not(z3.And(*[self.changed[n] for n in chosen])))  # no superset of these again
                alt = self.verify(m, chosen)
                if alt is not None and not any(set(c.fact for c in a.changes) <= set(c.fact for c in alt.changes)
                                               for a in out):
                    out.append(alt)
            if len(out) >= wanted:
                break
        return out

    def verify(self, m, chosen) -> Alternative | None:
        new = {n: fact_value(m, self.enc.facts[n], self.enc) for n in chosen}
        base = {k: _plain(v) for k, v in self.facts.items() if v is not None}
        # the smallest subset the engine accepts (the solver's set is minimal for its own logic already)
        for size in range(1, len(chosen) + 1):
            for subset in itertools.combinations(chosen, size):
                trial = {**base, **{n: new[n] for n in subset}}
                if self.works(trial) is not None:
                    return self.describe(m, subset, trial)
        return None

    def bound(self, m, name: str, after):
        """For a number or amount: the value furthest from the case's that still works, and whether
        every value beyond it works too ("ten hoogste € 2.500,00")."""
        fv = self.enc.facts[name]
        before = self.facts.get(name)
        if fv.val is None or fv.val.kind not in ("money", "int") or before is None:
            return after, None
        x = fv.val.term
        before_c = value_of(before, fv.val, self.enc)[0]
        after_c = value_of(after, fv.val, self.enc)[0]
        down = z3.is_true(z3.simplify(after_c < before_c))
        others = [self.enc.facts[n].known for n in self.changed if n != name and self.facts.get(n) is None
                  and not z3.is_true(m.eval(self.enc.facts[n].known, model_completion=True))]
        fixed_rest = [z3.Not(k) for k in others]
        for n in self.changed:
            if n != name and self.facts.get(n) is not None:
                fixed_rest.append(z3.Not(self.changed[n]))
        o = z3.Optimize()
        o.add(*self.base, self.goal, *fixed_rest, (x < before_c) if down else (x > before_c))
        if down:
            o.maximize(x)
        else:
            o.minimize(x)
        if o.check() != z3.sat:
            return after, None
        edge = o.model().eval(x, model_completion=True).as_long()
        s = z3.Solver()
        s.add(*self.base, *fixed_rest, z3.Not(self.goal), (x <= edge) if down else (x >= edge))
        everywhere = s.check() == z3.unsat
        value = str((Decimal(edge) / 100).quantize(Decimal("0.01"))) if fv.val.kind == "money" else edge
        return value, ("ten hoogste" if down else "ten minste") if everywhere else None

    def describe(self, m, subset, trial) -> Alternative | None:
        base = {k: _plain(v) for k, v in self.facts.items() if v is not None}
        changes = []
        for n in subset:
            after = trial[n]
            value, bound = self.bound(m, n, after)
            if value != after:
                attempt = {**trial, n: value}
                if self.works(attempt) is not None:
                    trial, after = attempt, value
                else:
                    bound = None
            fact = self.model.fact(n)
            changes.append(Change(n, base.get(n), after, fact.judgement, bound,
                                  _change_text(fact, base.get(n), after, bound)))
        d = self.works(trial)
        if d is None:
            return None
        cits = ", ".join(c.label for c in d.citations)
        kind = self.model.decision(self.decision).type
        text = (" en ".join(c.text for c in changes) + f" zou {_label(self.decision)} {_show(_plain(d.value), kind)} zijn"
                + (f", op grond van {cits}" if cits else "") + ".")
        text = text[0].upper() + text[1:]
        return Alternative(tuple(changes), d.value, d.citations, {"peildatum": self.date.isoformat(), **trial}, text)


def _change_text(fact, before, after, bound) -> str:
    t = fact.type
    label = _label(fact.name)
    if fact.judgement:
        return (f"als het college oordeelt dat ‘{label}’ {_show(after, t)} is (nu: {_show(before, t)}; afhankelijk "
                f"van het oordeel van het college)")
    now = f"nu {_show(before, t)}" if before is not None else "nu niet gegeven"
    if t.kind == "ja/nee":
        return f"met ‘{label}’ {_show(after)} ({now})"
    if t.kind == "bedrag":
        return f"met een {label} van {bound + ' ' if bound else ''}{_show(after, t)} ({now})"
    return f"met {label} {bound + ' ' if bound else ''}{_show(after, t)} ({now})"


def _text(model, decision, current, target, found, fixed, max_changes) -> str:
    cits = ", ".join(c.label for c in current.citations)
    kind = model.decision(decision).type
    now = _show(_plain(current.value), kind) if current.value is not None else "onbekend"
    if current.value is None and current.missing:
        now += "; nodig: " + ", ".join(current.missing)
    if target is not None:
        want = _show(target, kind)
        lines = [f"Waarom is {_label(decision)} niet {want}? Nu: {now}" + (f" ({cits})." if cits else ".")]
    else:
        want = "een andere waarde"
        lines = [f"Wat moet anders voor een andere waarde van {_label(decision)}? Nu: {now}"
                 + (f" ({cits})." if cits else ".")]
    if not found:
        lines.append(f"Geen verandering van ten hoogste {max_changes} feiten geeft {_label(decision)} {want}.")
    for i, a in enumerate(found, start=1):
        lines.append(f"{i}. {a.text}")
    if fixed:
        lines.append("Niet veranderd (onveranderlijk): " + ", ".join(fixed) + ".")
    return "\n".join(lines) + "\n"

