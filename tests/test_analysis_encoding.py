"""The Z3 encoding agrees with the engine: for random cases, with every fact given or some left
open, each decision the solver computes has the value the engine gives (hypothesis).

This is what makes a proof of `analyse` a proof about the engine: the solver reasons about
the same function the engine computes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import z3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import interpreter
from dsl import syntax as S
from interpreter.analysis.encode import Encoding
from interpreter.analysis.witness import _py, equals_fact, fix_date

ROOT = Path(__file__).resolve().parent.parent
REGULATIONS = [p for p in ("rules/schinnen", "rules/participatiewet", "rules/diemen",
                           "tests/fixtures/analysis/proef.rules") if (ROOT / p).exists()]
_LOADED: dict = {}


def _version(path):
    if path not in _LOADED:
        _LOADED[path] = interpreter.load(ROOT / path).versions[-1]
    return _LOADED[path]


def _constants(model, kind):
    out = set()
    for r in model.rules:
        for x in (r.condition, r.value):
            if x is not None:
                out |= {e.value for e in S.iter_expr(x) if isinstance(e, S.Literal) and e.kind == kind}
    return sorted(out)


def _birthday(date: dt.date, years: int, shift: int) -> str:
    """A date `years` before `date`, on the same day of the year give or take `shift` days: the
    boundaries of leeftijd and leeftijd_in_maanden."""
    try:
        d = date.replace(year=date.year - years)
    except ValueError:  # 29 February
        d = date.replace(year=date.year - years, day=28)
    return min(d + dt.timedelta(days=shift), date).isoformat()


def _value(draw, t, model, lo: dt.date, hi: dt.date, date: dt.date):
    if t.kind == "ja/nee":
        return draw(st.booleans())
    if t.kind == "keuze":
        return draw(st.sampled_from(t.options))
    if t.kind == "bedrag":
        near = [c + d for c in _constants(model, "bedrag") for d in (Decimal("-0.01"), 0, Decimal("0.01"))]
        cents = draw(st.one_of(st.sampled_from([c for c in near if c >= 0] or [Decimal(0)]),
                               st.integers(0, 600_000).map(lambda c: Decimal(c) / 100)))
        return str(Decimal(cents).quantize(Decimal("0.01")))
    if t.kind == "datum":
        ages = sorted({n + k for n in _constants(model, "geheel getal") if 0 <= n < 120 for k in (0, 1)}) or [0]
        if draw(st.integers(0, 3)) == 0:  # (a date of birth is never after the peildatum: the case reader refuses it)
            return draw(st.dates(dt.date(1940, 1, 1), min(hi, date))).isoformat()
        return _birthday(date, draw(st.sampled_from(ages)), draw(st.sampled_from([-1, 0, 1])))
    if t.kind == "percentage":
        low = int(t.minimum) if t.minimum is not None else 0
        high = int(t.maximum) if t.maximum is not None else 100
        return draw(st.integers(low, high))
    if t.kind == "geheel getal":
        return draw(st.integers(0, 100))
    if t.kind == "lijst":
        return [{n: _value(draw, ft, model, lo, hi, date) for n, ft in t.fields} for _ in range(draw(st.integers(0, 2)))]
    return None


@st.composite
def cases(draw, path):
    version = _version(path)
    model = version.program.model
    info = model.info
    hi = (info.valid_until - dt.timedelta(days=1)) if info.valid_until else dt.date(info.valid_from.year + 20, 12, 31)
    date = draw(st.dates(info.valid_from, hi))
    full = draw(st.booleans())
    case = {}
    for f in model.facts:
        if not full and draw(st.integers(0, 3)) == 0:
            continue
        v = _value(draw, f.type, model, info.valid_from, hi, date)
        if v is not None:
            case[f.name] = v
    return date, case, full


def _normal(v):
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, Decimal)):
        return Decimal(v).normalize()
    if isinstance(v, str):
        try:
            return Decimal(v).normalize()
        except Exception:  # noqa: BLE001 - a choice or text
            return v
    if isinstance(v, dt.date):
        return v.isoformat()
    if hasattr(v, "months"):
        return {"maanden": v.months, **({"dagen": v.days} if v.days else {})}
    return v


@pytest.mark.parametrize("path", REGULATIONS)
def test_the_encoding_computes_what_the_engine_computes(path):
    version = _version(path)
    model = version.program.model

    enc = Encoding(model, known_vars=True)
    terms = {d.name: enc.decision(d.name) for d in model.decisions if d.type.kind != "overwegingen"}
    s = z3.Solver()
    s.add(*enc.domain)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(cases(path))
    def check(drawn):
        date, case, full = drawn
        result = version.evaluate_facts(interpreter.case.read_facts(case, version.fact_types), date)
        s.push()
        s.add(fix_date(enc, date))
        for name, fv in enc.facts.items():
            given_value = result.facts.get(name)
            if given_value is None:
                s.add(z3.Not(fv.known))
            else:
                s.add(fv.known, equals_fact(fv, given_value, enc))
        assert s.check() == z3.sat
        m = s.model()
        s.pop()
        for name, kv in terms.items():
            if name in enc.opaque:
                continue
            known = z3.is_true(m.eval(kv.known, model_completion=True))
            engine = result[name].value
            if known:
                assert _normal(engine) == _normal(_py(m, kv.val, enc)), (name, case, date)
            if engine is None or full:
                assert known == (engine is not None), (name, case, date)

    check()
