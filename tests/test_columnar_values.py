"""The columnar engine's building blocks against the per-case engine's: ages, Kleene logic, input."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from interpreter.columnar.columns import age_months, age_years
from interpreter.tree import months_of_age
from interpreter.values import age

EPOCH = dt.date(1970, 1, 1)
DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(DATES, DATES), min_size=1, max_size=50))
def test_ages_in_years_and_months_as_the_per_case_engine_counts(pairs):
    born = np.array([(b - EPOCH).days for b, _ in pairs], dtype=np.int64)
    on = np.array([(o - EPOCH).days for _, o in pairs], dtype=np.int64)
    assert age_years(born, on).tolist() == [age(b, o) for b, o in pairs]
    assert age_months(born, on).tolist() == [months_of_age(b, o) for b, o in pairs]


def test_leap_day_birthday():
    born = np.array([(dt.date(2000, 2, 29) - EPOCH).days])
    on = np.array([(dt.date(2001, 2, 28) - EPOCH).days, (dt.date(2001, 3, 1) - EPOCH).days])
    assert age_years(np.repeat(born, 2), on).tolist() == [0, 1]


def test_kleene_and_or_with_missing_facts():
    import interpreter
    from interpreter.columnar.table import evaluate_outcomes
    reg = interpreter.load("tests/fixtures/language/logica.rules")
    values = [True, False, None]
    rows = [(a, b, c) for a in values for b in values for c in values]
    table = pa.table({"a": [r[0] for r in rows], "b": [r[1] for r in rows], "c": [r[2] for r in rows]})
    outcomes = evaluate_outcomes(reg, table, dt.date(2024, 1, 1))
    assert outcomes.fallback == 0
    for i, (a, b, c) in enumerate(rows):
        expected = reg.evaluate({"a": a, "b": b, "c": c}, dt.date(2024, 1, 1))
        for name, d in expected.decisions.items():
            got = outcomes.decision(name, i)
            assert (got["value"], got["missing"]) == (d.value, list(d.missing)), (name, a, b, c)
            assert got["citations"] == [x.to_dict() for x in d.citations]


def test_amounts_keep_their_exponent_and_sub_cents_fall_back():
    import interpreter
    from interpreter.columnar.table import evaluate_outcomes
    reg = interpreter.load("rules/schinnen")
    table = pa.table({"gezinsinkomen": pa.array(["2500", "2500.00", "2500.001", "2500.01"]),
                      "uitkering": ["wwb"] * 4, "woont_in_gemeente": [True] * 4,
                      "voorliggende_voorziening_toereikend": [False] * 4})
    outcomes = evaluate_outcomes(reg, table, dt.date(2010, 6, 1))
    assert outcomes.fallback == 1  # 2500.001 is not whole cents: per case
    assert [outcomes.decision("aanspraak_op_ondersteuning", i)["value"] for i in range(4)] == \
        [True, True, False, False]
