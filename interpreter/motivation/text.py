"""A Dutch motivation of a result, for a caseworker's letter, a jurist or a judge.

Built from the derivation. For each decision: the value; the provision that
decided it, quoted from the law text, with the parts of its condition and the
values of this case that make it apply; the rules an exception set aside; and,
for a negative or undetermined decision, why not: which part of a condition
failed (with the values), or which facts are missing and which provision needs
them. ``motivate`` gives the motivation as data (the HTML report uses it);
``explain`` renders it as text.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal
from typing import Any

import attrs

from dsl import syntax as S
from dsl.citation import Citation
from dsl.model import Model
from interpreter.result import (DECIDED, NOT_APPLICABLE, SET_ASIDE, UNDETERMINED, Decision, Result, RuleStep)
from interpreter.values import Unknown, format_value

_CMP = {"=": "is", "!=": "is niet", "<": "is minder dan", "<=": "is ten hoogste", ">": "is meer dan",
        ">=": "is ten minste"}
# the requirement of a comparison, after "en dat is" / "en dat is niet"
_REQ = {"=": "", "<": "minder dan ", "<=": "ten hoogste ", ">": "meer dan ", ">=": "ten minste "}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}


def words(name: str) -> str:
    """aanspraak_op_ondersteuning -> 'aanspraak op ondersteuning'."""
    return name.replace("_", " ")


def _kind_of(model: Model, name: str) -> str | None:
    f = model.fact(name)
    if f is not None:
        return f.type.kind
    d = model.decision(name)
    if d is not None:
        return d.type.kind
    return next((x.type.kind for x in model.definitions if x.name == name), None)


# ------------------------------------------------------------------ data


@attrs.frozen
class Check:
    """One part of a condition with this case's values: it held, failed, or is open."""

    text: str
    state: bool | None  # True: holds; False: fails; None: open (facts missing)
    missing: tuple[str, ...] = ()
    named: tuple[str, ...] | None = None  # the missing facts worth naming (not the one the text is about)

    @property
    def to_name(self) -> tuple[str, ...]:
        return self.missing if self.named is None else self.named


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


# --------------------------------------------------------- evaluation of parts


class _Parts:
    """Evaluates parts of a condition for one case, to say which part held or failed."""

    def __init__(self, decision: Decision, model: Model):
        state = decision._state
        self.model = model
        self.ctx = state[1] if state else None
        self.program = state[3] if state else None
        self._compiler = None
        self._cache: dict[int, Any] = {}

    def value(self, e: S.Expr):
        key = id(e)
        if key in self._cache:
            return self._cache[key]
        v = self._evaluate(e)
        self._cache[key] = v
        return v

    def _evaluate(self, e: S.Expr):
        if self.ctx is None:
            return Unknown()
        try:
            if self._compiler is None:
                from interpreter.compiler import _Compiler
                c = _Compiler(self.model)
                for d in self.model.definitions:
                    c.definitions[d.name][0] = c.expr(d.expr)
                self._compiler = c
            node = self._compiler.expr(e)
            for name, holder in self._compiler.decision_holders.items():
                if holder[0] is None and name in self.program.by_name:
                    holder[0] = self.program.by_name[name]
            return node.evaluate(self.ctx)
        except Exception:  # a part that cannot be shown alone is shown as open, never as an error
            return Unknown()


def _truth(v) -> bool | None:
    return v if isinstance(v, bool) else None


def _missing(v) -> tuple[str, ...]:
    return tuple(sorted(v.missing)) if type(v) is Unknown else ()


class _Prose:
    """Says in Dutch what a part of a condition requires and what this case has."""

    def __init__(self, model: Model, parts: _Parts):
        self.model = model
        self.parts = parts
        self.cites = {d.name: d.provision for d in model.decisions}
        self.cites.update({d.name: d.provision for d in model.definitions})

    # -- terms
    def literal(self, e: S.Literal) -> str:
        if e.kind == "bedrag":
            return format_value(Decimal(e.value), "bedrag")
        if e.kind == "tekst":
            return f"“{e.value}”"
        if e.kind == "ja/nee":
            return "ja" if e.value else "nee"
        if e.kind == "datum":
            return format_value(e.value)
        return e.raw

    def subject(self, e) -> str:
        """What a term is about: 'het gezinsinkomen', 'de leeftijd'."""
        if isinstance(e, S.Name):
            return words(e.id)
        if isinstance(e, S.Call) and e.function in ("leeftijd", "leeftijd_in_maanden"):
            what = "de leeftijd" + (" in maanden" if e.function == "leeftijd_in_maanden" else "")
            arg = e.args[0] if e.args else None
            if isinstance(arg, S.Name) and arg.id == "geboortedatum":
                return what
            return f"{what} ({self.subject(arg)})" if arg is not None else what
        if isinstance(e, S.FieldAccess):
            return f"{words(e.field)} van {self.subject(e.subject)}"
        if isinstance(e, S.TableLookup):
            return f"de {words(e.table)}" + (f" op {self.subject(e.at)}" if e.at is not None else "")
        if isinstance(e, S.Literal):
            return self.literal(e)
        from dsl.unparse import unparse
        return unparse(e)

    def shown(self, e, v) -> str:
        """The value of a term in this case, as it reads in a letter."""
        if isinstance(e, S.Literal):
            return self.literal(e)
        if type(v) is Unknown or v is None:
            return "onbekend"
        kind = None
        if isinstance(e, S.Name):
            kind = _kind_of(self.model, e.id)
            if kind in ("keuze", "tekst") and isinstance(v, str):
                return f"“{v}”"
        if isinstance(e, S.Call) and e.function == "leeftijd" and isinstance(v, int):
            born = self.parts.value(e.args[0]) if e.args else None
            extra = f" (geboren {format_value(born)})" if isinstance(born, dt.date) else ""
            return f"{v} jaar{extra}"
        if isinstance(v, str):
            return f"“{v}”"
        return format_value(v, kind)

    def cite(self, name: str) -> str:
        c = self.cites.get(name)
        return f" ({c.label})" if c is not None else ""

    # -- atoms
    def atom(self, e, want: bool) -> Check:
        """One part of a condition; `want` is the truth value the rule needs of it."""
        v = self.parts.value(e)
        t = _truth(v)
        holds = None if t is None else (t == want)
        miss = _missing(v)
        if isinstance(e, S.Name) and _kind_of(self.model, e.id) == "ja/nee" or (
                isinstance(e, S.Name) and isinstance(v, bool)):
            need = "ja" if want else "nee"
            subject = words(e.id) + self.cite(e.id)
            if t is None:
                return Check(f"{subject} is niet bekend (vereist: {need})", None, miss, self._need(e, miss))
            text = f"{subject}: {'ja' if t else 'nee'}"
            return Check(text if holds else f"{text}, terwijl {need} vereist is", holds, miss)
        if isinstance(e, S.Binary) and e.op in _CMP:
            left, right, op = e.left, e.right, e.op
            if isinstance(left, S.Literal) and not isinstance(right, S.Literal):
                left, right, op = right, left, _FLIP[op]
            lv = self.parts.value(left)
            subject = self.subject(left)
            target = self.shown(right, self.parts.value(right))
            if not isinstance(right, S.Literal):
                target = f"{self.subject(right)} ({target})"
            if t is None:
                req = f"niet {target}" if op == "!=" else f"{_REQ[op]}{target}"
                if not want:
                    req = f"niet {req}" if op != "!=" else target
                return Check(f"{subject} is niet bekend (vereist: {req})", None, miss, self._need(left, miss))
            have = self.shown(left, lv)
            if op == "!=":
                text = f"{subject} is {have}" + ("" if t else f", en dat is {target}")
            elif op == "=" and t:
                text = f"{subject} is {have}"
            else:
                text = f"{subject} is {have}, en dat is {'' if t else 'niet '}{_REQ[op]}{target}"
            return Check(text, holds, miss)
        if isinstance(e, S.Membership):
            subject = self.subject(e.subject)
            sv = self.parts.value(e.subject)
            opts = ", ".join(self.shown(o, self.parts.value(o)) for o in e.options)
            if t is None:
                return Check(f"{subject} is niet bekend (vereist: {'een' if want != e.negated else 'geen'} "
                             f"van {opts})", None, miss, self._need(e.subject, miss))
            inside = t != e.negated
            return Check(f"{subject} is {self.shown(e.subject, sv)}, en dat is {'een' if inside else 'geen'} "
                         f"van {opts}", holds, miss)
        if isinstance(e, S.Quantifier):
            what = self.quantifier(e)
            if t is None:
                return Check(f"niet bekend of {what}", None, miss)
            return Check(f"{what}: {'ja' if t else 'nee'}", holds, miss)
        from dsl.unparse import unparse
        if t is None:
            return Check(f"niet bekend: {unparse(e)}", None, miss)
        return Check(f"{unparse(e)}: {'ja' if t else 'nee'}", holds, miss)

    def _need(self, term, miss: tuple[str, ...]) -> tuple[str, ...]:
        """The missing facts worth naming: not the fact the sentence is already about."""
        if isinstance(term, S.Name) and miss == (term.id,):
            return ()
        return miss

    def quantifier(self, e: S.Quantifier) -> str:
        """er is een kind in kinderen met leeftijd(kind.geboortedatum) < 12, in words."""
        from dsl.unparse import unparse
        coll = words(e.collection.id) if isinstance(e.collection, S.Name) else unparse(e.collection)
        body = e.body
        if isinstance(body, S.Binary) and body.op in _REQ and isinstance(body.right, S.Literal):
            left = body.left
            if isinstance(left, S.Call) and left.function == "leeftijd":
                what = "de leeftijd"
            else:
                what = self.subject(left)
            cond = f"{what} {_REQ[body.op]}{self.literal(body.right)} is".replace("  ", " ")
        else:
            cond = unparse(body)
        if e.kind == "er is een":
            return f"er is een {e.variable} in {coll} waarvan {cond}"
        if e.kind == "elk":
            return f"van elk {e.variable} in {coll} geldt: {cond}"
        return f"het aantal {e.variable} in {coll} waarvan {cond}"

    # -- conditions
    def checks(self, e, want: bool = True, only: str = "relevant") -> list[Check]:
        """The parts that make a condition come out as it did, given the value the rule needs.

        For a condition that holds: the parts that make it hold. That fails: the
        parts that fail (in an 'of', every alternative). That is open: the parts
        that are open, after those that already hold.
        """
        if isinstance(e, S.Unary) and e.op == "niet":
            return self.checks(e.operand, not want, only)
        if isinstance(e, S.BoolOp):
            v = _truth(self.parts.value(e))
            op_is_and = (e.op == "en") == want  # 'niet (a of b)' needs every part false: an 'en' of wants
            parts = []
            for o in e.operands:
                ov = _truth(self.parts.value(o))
                ok = None if ov is None else (ov == want)
                if v is None:
                    if ok is None or (op_is_and and ok):
                        parts += self.checks(o, want)
                elif (v == want):  # the whole holds
                    if op_is_and or ok:
                        parts += self.checks(o, want)
                        if not op_is_and:
                            break
                else:  # the whole fails
                    if not op_is_and or ok is False:
                        parts += self.checks(o, want)
            return parts
        return [self.atom(e, want)]


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
    parts = _Parts(decision, model)
    prose = _Prose(model, parts)
    # Keyed by the rule itself, not by its provision: a provision may hold several rules for one
    # decision, and each step is justified by its own rule's condition.
    rules = {r.order: r for r in model.rules_for(decision.name)}

    def ground(s: RuleStep, status: str | None = None, want: bool = True) -> Ground:
        r = rules.get(s.order)
        checks: list[Check] = []
        if r is not None and r.condition is not None:
            checks = prose.checks(r.condition, want)
        return Ground(s.citation, status or s.status, s.kind, s.value, _quote(model, s.citation), tuple(checks),
                      s.sets_aside, s.set_aside_by, s.missing)

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


def _same(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


# ------------------------------------------------------------------- text


def _wrap(text: str, indent: str, width: int = 100) -> list[str]:
    """Wrapped lines; a continuation lines up under the text after a marker (- + ?) or a quote mark."""
    hang = "  " if text[:2] in ("- ", "+ ", "? ") else " "
    return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent + hang,
                         break_on_hyphens=False, break_long_words=False) or [indent]


_MARK = {True: "+", False: "-", None: "?"}


def _ground_lines(g: Ground, name: str, value_kind: str | None) -> list[str]:
    lines: list[str] = []
    label = g.citation.label
    val = format_value(g.value, value_kind)
    if g.status == DECIDED:
        head = f"Grond: {label}" + (f" (uitzondering op {', '.join(c.label for c in g.sets_aside)})"
                                    if g.sets_aside else "") + "."
        lines.append(head)
    elif g.status == "anders":
        lines.append(f"Daarom geldt {label}, voor alle andere gevallen: {val}.")
    elif g.status == SET_ASIDE:
        lines.append(f"Opzij gezet: {label} (zou {val} geven) door {', '.join(c.label for c in g.set_aside_by)}.")
    elif g.status == NOT_APPLICABLE:
        lines.append(f"Niet van toepassing: {label} (zou {val} geven).")
    elif g.status == UNDETERMINED:
        what = f"uitzondering op {', '.join(c.label for c in g.sets_aside)}" if g.sets_aside else f"zou {val} geven"
        lines.append(f"Onbepaald: {label} ({what}).")
    else:
        lines.append(f"{label}.")
    if g.quote and g.status != "anders":
        lines += _wrap(f"“{g.quote}”", "  ")
    for c in g.checks:
        lines += _wrap(f"{_MARK[c.state]} {c.text}" + (f" (nodig: {', '.join(words(m) for m in c.to_name)})"
                                                      if c.state is None and c.to_name else ""), "  ")
    if g.status == UNDETERMINED and not any(c.state is None for c in g.checks) and g.missing:
        lines += _wrap(f"? onbekend of een uitzondering dit opzij zet (nodig: "
                       f"{', '.join(words(m) for m in g.missing)})", "  ")
    return lines


def explain_considerations(decision: Decision) -> list[str]:
    """A list of considerations as a caseworker pastes it into a letter: one line per item."""
    steps = decision.derivation().steps
    if decision.value is None:
        lines = [f"{words(decision.name)}: onbekend",
                 "  Niet te bepalen met de gegeven feiten. Nodig: " + ", ".join(words(m) for m in decision.missing) + "."]
        known = [s for s in steps if s.status == DECIDED]
        if known:
            lines.append("  Vast staat al:")
            lines.extend(f"  - {s.text} ({s.citation.label})" for s in known)
        return lines
    if not decision.value:
        return [f"{words(decision.name)}: geen"]
    return [f"{words(decision.name)}:"] + [f"  - {item['text']} ({item['citation']['label']})"
                                           for item in decision.value]


def explain_decision(result: Result, decision: Decision, model: Model) -> list[str]:
    """The motivation of one decision, as lines of text."""
    if _kind_of(model, decision.name) == "overwegingen" and not decision.conflict:
        return explain_considerations(decision)
    m = motivate(result, decision, model)
    lines = [f"{words(m.name)}: {m.value_text}"]
    if m.conflict:
        lines += _wrap("De regels van " + " en ".join(c.label for c in m.conflict)
                       + " zijn beide van toepassing en geven een andere uitkomst; de regeling beslist niet "
                         "welke voorgaat.", "  ")
    elif m.value is None:
        if m.note:
            lines.append(f"  Niet te beslissen: {m.note}.")
        if m.missing:
            lines.append("  Niet te beslissen met de gegeven feiten. Nodig:")
            for fact, where in m.missing:
                lines.append(f"  - {words(fact)}" + (f" (voor {', '.join(where)})" if where else ""))
    for g in sorted(m.grounds, key=lambda g: g.status == "anders"):
        lines += ["  " + x for x in _ground_lines(g, m.name, m.kind)]
    return lines


def facts_section(result: Result, model: Model) -> list[str]:
    """The facts of the case as given, in the order of the regulation, and the facts that were missing."""
    lines = ["Feiten"]
    given = [f for f in model.facts if f.name in result.facts]
    for f in given:
        v = result.facts[f.name]
        quoted = f.type.kind in ("keuze", "tekst") and isinstance(v, str)
        shown = f"“{v}”" if quoted else format_value(v, f.type.kind)
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            shown += ": " + "; ".join(", ".join(f"{words(k)} {format_value(x[k])}" for k in x) for x in v)
        lines.append(f"  {words(f.name)}: {shown}" + (" (oordeel van het college)" if f.judgement else ""))
    if not given:
        lines.append("  (geen feiten gegeven)")
    missing: dict[str, list[str]] = {}
    for d in result.decisions.values():
        for m in d.missing:
            missing.setdefault(m, []).append(words(d.name))
    if missing:
        lines.append("  Niet gegeven, maar nodig:")
        for m, ds in missing.items():
            lines += _wrap(f"- {words(m)} (voor {', '.join(dict.fromkeys(ds))})", "  ")
    return lines


def explain(result: Result, model: Model) -> str:
    """The full motivation of a result: facts, an overview of the decisions, then each decision."""
    r = result.regulation
    head = [f"{r.title}", f"peildatum: {format_value(result.date)}",
            f"versie: geldig {r.period()}" + (f", {r.source}" if r.source else ""), ""]
    body = facts_section(result, model) + ["", "Beslissingen"]
    for d in result.decisions.values():
        cite = f" ({d.citations[0].label})" if d.citations else ""
        value = f"{len(d.value)} overweging(en)" if isinstance(d.value, list) else \
            format_value(d.value, _kind_of(model, d.name))
        body.append(f"  {words(d.name)}: {value}{cite}")
    body += ["", "Motivering", ""]
    for d in result.decisions.values():
        body.extend(explain_decision(result, d, model))
        body.append("")
    return "\n".join(head + body).rstrip() + "\n"


_ = (Decimal, Any)
