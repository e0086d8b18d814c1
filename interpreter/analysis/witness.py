"""Between Z3 and the engine: a solver model -> a case, a case -> constraints, and evaluation.

A witness is only reported once the engine itself, evaluating the case as
`grondslag eval` would, shows what the finding says.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import z3

from interpreter.analysis.encode import Encoding, FactVars
from interpreter.analysis.terms import TRUE, Val, _cents, lit_date
from interpreter.api import Version
from interpreter.case import read_facts
from interpreter.result import Result

try:  # what `grondslag eval` refuses, a witness may not hold
    from interpreter.impossible import check_possible
except ImportError:  # pragma: no cover
    check_possible = None


def _py(model: z3.ModelRef, v: Val, enc: Encoding, t=None):
    """The Python (case JSON) value of a Z3 value in a model."""
    ev = [model.eval(p, model_completion=True) for p in v.parts]
    if v.kind == "bool":
        return z3.is_true(ev[0])
    if v.kind == "int":
        return ev[0].as_long()
    if v.kind == "money":
        return str((_exact(ev[0]) / 100).quantize(Decimal("0.01")))
    if v.kind == "real":
        return str(_exact(ev[0]))
    if v.kind == "percent":
        x = _exact(ev[0])
        return int(x) if x == x.to_integral_value() else str(x)
    if v.kind == "date":
        y, m, d = (e.as_long() for e in ev)
        return dt.date(y, m, d).isoformat()
    if v.kind == "code":
        return enc.codes.text(ev[0].as_long())
    if v.kind == "duur":
        months, days = (e.as_long() for e in ev)
        return {"maanden": months, **({"dagen": days} if days else {})}
    raise TypeError(v.kind)  # pragma: no cover


def _exact(term) -> Decimal:
    if z3.is_int_value(term):
        return Decimal(term.as_long())
    frac = term.as_fraction()
    return Decimal(frac.numerator) / Decimal(frac.denominator)


def fact_value(model: z3.ModelRef, fv: FactVars, enc: Encoding):
    if fv.val is not None:
        return _py(model, fv.val, enc)
    if fv.length is None:
        return None
    n = model.eval(fv.length, model_completion=True).as_long()
    return [{f: _py(model, rec[f], enc) for f in rec} for rec in fv.items[:n]]


def case_from_model(model: z3.ModelRef, enc: Encoding, names=None) -> dict:
    """The case the model describes: peildatum and every known fact (or only those in `names`)."""
    case = {"peildatum": _py(model, enc.peildatum, enc)}
    for name, fv in enc.facts.items():
        if names is not None and name not in names:
            continue
        if fv.val is None and fv.length is None:
            continue
        if not z3.is_true(model.eval(fv.known, model_completion=True)):
            continue
        case[name] = fact_value(model, fv, enc)
    return case


def value_of(py, v: Val, enc: Encoding):
    """A Z3 constant for a validated Python value (as interpreter.case.read_facts gives it)."""
    if v.kind == "bool":
        return [z3.BoolVal(bool(py))]
    if v.kind == "int":
        return [z3.IntVal(int(py))]
    if v.kind == "money":
        return [z3.IntVal(_cents(py))]
    if v.kind in ("real", "percent"):
        return [z3.RealVal(str(py))]
    if v.kind == "date":
        return list(lit_date(py).parts)
    if v.kind == "code":
        return [z3.IntVal(enc.codes.code(py))]
    if v.kind == "duur":
        return [z3.IntVal(py.months), z3.IntVal(py.days)]
    raise TypeError(v.kind)  # pragma: no cover


def equals_fact(fv: FactVars, py, enc: Encoding):
    """The constraint: the fact has this (validated) value."""
    if fv.val is not None:
        return z3.And(*[p == c for p, c in zip(fv.val.parts, value_of(py, fv.val, enc))])
    items = list(py)[: len(fv.items)]
    out = [fv.length == len(items)]
    for rec, given in zip(fv.items, items):
        for f, v in rec.items():
            if given.get(f) is not None:
                out += [p == c for p, c in zip(v.parts, value_of(given[f], v, enc))]
    return z3.And(*out)


def fix_date(enc: Encoding, date: dt.date):
    return z3.And(*[p == c for p, c in zip(enc.peildatum.parts, lit_date(date).parts)])


def evaluate(version: Version, case: dict) -> Result:
    """Evaluate a case (JSON-like values) with the engine, exactly as `grondslag eval` does."""
    facts = read_facts({k: v for k, v in case.items() if k != "peildatum"}, version.fact_types)
    date = dt.date.fromisoformat(case["peildatum"])
    if check_possible is not None:
        check_possible(facts, date)
    return version.evaluate_facts(facts, date)


def all_known(enc: Encoding):
    return z3.And(*[fv.known for fv in enc.facts.values()]) if enc.known_vars else TRUE
