"""The parts of a condition in Dutch, with this case's values: which part held, failed or is open.

``Parts`` evaluates any part of a condition alone on the case's context; ``Prose``
says what a part requires and what the case has ("gezinsinkomen is € 2.750,00, en
dat is meer dan € 2.500,00") and yields one ``Check`` per part.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import inspect
from decimal import Decimal
from typing import Any

import attrs

from dsl import syntax as S
from dsl.model import Model
from interpreter.result import Decision
from interpreter.values import Unknown, format_value

_CMP = {"=": "is", "!=": "is niet", "<": "is minder dan", "<=": "is ten hoogste", ">": "is meer dan",
        ">=": "is ten minste"}
# the requirement of a comparison, after "en dat is" / "en dat is niet"
_REQ = {"=": "", "<": "minder dan ", "<=": "ten hoogste ", ">": "meer dan ", ">=": "ten minste "}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}


# The display names ('heet "Anw-er"') of the model being explained. words() is called deep inside the
# prose builders; a context variable, set by the public entry points (@naming), spares threading the
# model through every one of them.
_DISPLAY: contextvars.ContextVar[dict[str, str]] = contextvars.ContextVar("display_names", default={})


def words(name: str) -> str:
    """aanspraak_op_ondersteuning -> 'aanspraak op ondersteuning'; anw_er -> 'Anw-er' where the rule file says so."""
    return _DISPLAY.get().get(name) or name.replace("_", " ")


def naming(fn):
    """Show the display names of the function's `model` argument while it writes its text."""
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        model = signature.bind(*args, **kwargs).arguments["model"]
        token = _DISPLAY.set(model.display_names())
        try:
            return fn(*args, **kwargs)
        finally:
            _DISPLAY.reset(token)
    return wrapper


def _kind_of(model: Model, name: str) -> str | None:
    f = model.fact(name)
    if f is not None:
        return f.type.kind
    d = model.decision(name)
    if d is not None:
        return d.type.kind
    return next((x.type.kind for x in model.definitions if x.name == name), None)


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


# --------------------------------------------------------- evaluation of parts


class Parts:
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


class Prose:
    """Says in Dutch what a part of a condition requires and what this case has."""

    def __init__(self, model: Model, parts: Parts):
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
        if e.kind == "percentage":
            return format_value(e.value, "percentage")
        if e.kind == "duur":
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
        if isinstance(e, S.DateRelation):
            return self.date_relation(e, want, v, t, holds, miss)
        if isinstance(e, S.Quantifier):
            what = self.quantifier(e)
            if t is None:
                return Check(f"niet bekend of {what}", None, miss)
            return Check(f"{what}: {'ja' if t else 'nee'}", holds, miss)
        from dsl.unparse import unparse
        if t is None:
            return Check(f"niet bekend: {unparse(e)}", None, miss)
        return Check(f"{unparse(e)}: {'ja' if t else 'nee'}", holds, miss)

    def date_relation(self, e: S.DateRelation, want: bool, v, t, holds, miss) -> Check:
        """'datum melding is 9 februari 2016, en dat is binnen 4 weken na de peildatum (1 maart 2016)'."""
        anchor = self.subject(e.anchor)
        if not isinstance(e.anchor, S.Literal):
            anchor = f"{anchor} ({self.shown(e.anchor, self.parts.value(e.anchor))})"
        within = f"binnen {self.shown(e.within, self.parts.value(e.within))} " if e.within is not None else ""
        relation = f"{within}{'na' if e.direction == 'na' else 'vóór'} {anchor}"
        subject = self.subject(e.subject)
        if t is None:
            return Check(f"{subject} is niet bekend (vereist: {'' if want else 'niet '}{relation})", None, miss,
                         self._need(e.subject, miss))
        have = self.shown(e.subject, self.parts.value(e.subject))
        return Check(f"{subject} is {have}, en dat is {'' if t else 'niet '}{relation}", holds, miss)

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
