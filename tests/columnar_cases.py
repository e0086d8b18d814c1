"""Generated cases for any regulation, as JSON-like dicts and as an Arrow table, for parity tests.

Shared by tests/test_columnar_parity.py and benchmarks/bench_columnar.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
from hypothesis import strategies as st

DAYS = st.integers(min_value=(dt.date(1930, 1, 1) - dt.date(1970, 1, 1)).days,
                   max_value=(dt.date(2030, 12, 31) - dt.date(1970, 1, 1)).days)
MONEY = st.one_of(
    st.integers(-1000, 400000).map(lambda c: Decimal(c).scaleb(-2)),  # whole cents
    st.sampled_from([Decimal("2500"), Decimal("2500.00"), Decimal("2500.01"), Decimal("2499.99"),
                     Decimal("2500.1"), Decimal("2500.005"), Decimal("0"), Decimal("1E+3")]),
)


def _date(days):
    return dt.date(1970, 1, 1) + dt.timedelta(days=days)


def value_strategy(typ):
    k = typ.kind
    if k == "ja/nee":
        return st.booleans()
    if k == "keuze":
        return st.sampled_from(typ.options)
    if k == "datum":
        return DAYS.map(_date)
    if k in ("bedrag", "getal"):
        return MONEY
    if k == "geheel getal":
        return st.integers(-5, 400)
    if k == "tekst":
        return st.sampled_from(["a", "b", "tekst"])
    if k == "lijst":
        record = st.fixed_dictionaries({}, optional={n: st.none() | value_strategy(t) for n, t in typ.fields})
        return st.lists(record, max_size=4)
    return st.nothing()


def case_strategy(fact_types, dates=(dt.date(2004, 11, 1), dt.date(2030, 1, 1))):
    """A case: each fact given or not (None), and a peildatum."""
    usable = {n: t for n, t in fact_types.items() if value_strategy(t) is not st.nothing()}
    fields = {n: st.none() | value_strategy(t) for n, t in usable.items()}
    lo, hi = ((d - dt.date(1970, 1, 1)).days for d in dates)
    fields["peildatum"] = st.integers(lo, hi).map(_date)
    return st.fixed_dictionaries(fields)


def arrow_type(typ):
    k = typ.kind
    if k == "ja/nee":
        return pa.bool_()
    if k in ("keuze", "tekst"):
        return pa.string()
    if k == "datum":
        return pa.date32()
    if k in ("bedrag", "getal"):
        return pa.string()  # a decimal string keeps the exponent the JSON case has
    if k == "geheel getal":
        return pa.int64()
    if k == "lijst":
        return pa.list_(pa.struct([(n, arrow_type(t)) for n, t in typ.fields]))
    return None


def to_table(cases, fact_types) -> pa.Table:
    """Cases as an Arrow table with one column per fact (money as decimal strings)."""
    names = [n for n in fact_types if arrow_type(fact_types[n]) is not None]

    def plain(v, typ):
        if v is None:
            return None
        if typ.kind in ("bedrag", "getal"):
            return str(v)
        if typ.kind == "lijst":
            return [{n: plain(r.get(n), t) for n, t in typ.fields} for r in v]
        return v
    cols = {"peildatum": pa.array([c.get("peildatum") for c in cases], pa.date32())}
    for n in names:
        cols[n] = pa.array([plain(c.get(n), fact_types[n]) for c in cases], arrow_type(fact_types[n]))
    return pa.table(cols)


def as_json_case(case: dict) -> dict:
    """The same case as JSON input holds it (dates as text, money as decimal strings)."""
    def plain(v):
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, Decimal):
            return str(v)
        if isinstance(v, list):
            return [{k: plain(x) for k, x in r.items()} for r in v]
        return v
    return {k: plain(v) for k, v in case.items()}
