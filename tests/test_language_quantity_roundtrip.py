"""Hypothesis: every expression made of the new constructs (P van X, afgerond op, binnen ... na,
date + duration, sub-item references) formats to text that parses to the same tree, and
formatting is idempotent."""

from hypothesis import given, settings, strategies as st

from dsl.formatter import format_source
from dsl.parser import parse
from quantity_rules import HEADER

names = st.sampled_from(["a", "b", "norm", "begin"])
money = st.integers(0, 10**7).map(lambda c: f"€ {c // 100},{c % 100:02d}")
percent = st.tuples(st.integers(0, 200), st.booleans()).map(lambda t: f"{t[0]}%" if t[1] else f"{t[0]} procent")
duration = st.tuples(st.integers(0, 36), st.sampled_from(["maand", "maanden", "week", "weken", "jaar", "dagen"])) \
    .map(lambda t: f"{t[0]} {t[1]}")
dates = st.dates().map(lambda d: d.isoformat())
direction = st.sampled_from(["", " naar boven", " naar beneden", " half naar boven"])


def _amounts():
    base = st.one_of(names, money)
    return st.recursive(base, lambda inner: st.one_of(
        st.tuples(percent, inner).map(lambda t: f"{t[0]} van ({t[1]})"),
        st.tuples(inner, inner).map(lambda t: f"{t[0]} + {t[1]}"),
        st.tuples(inner, direction).map(lambda t: f"({t[0]} afgerond op centen{t[1]})"),
    ), max_leaves=6)


def _conditions():
    when = st.one_of(names, dates, st.tuples(names, duration).map(lambda t: f"{t[0]} + {t[1]}"))
    return st.one_of(
        st.tuples(when, duration, st.sampled_from(["na", "voor"]), when).map(
            lambda t: f"{t[0]} binnen {t[1]} {t[2]} {t[3]}"),
        st.tuples(when, st.sampled_from(["na", "voor"]), when).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        st.tuples(_amounts(), _amounts()).map(lambda t: f"{t[0]} > {t[1]}"),
    )


@settings(max_examples=120, deadline=None)
@given(value=_amounts(), condition=_conditions(), sub=st.integers(1, 9))
def test_new_constructs_format_and_parse_back(value, condition, sub):
    src = (HEADER + f"artikel 1\n  onderdeel b\n    subonderdeel {sub}\n      x is {value} als {condition}\n"
           f"  onderdeel c\n    uitzondering op onder b onder {sub}°:\n      x is {value}\n")
    tree, diags = parse(src)
    assert not [d for d in diags if d.is_error], (src, diags)
    once = format_source(src)  # raises if the formatted text would parse to another tree
    assert format_source(once) == once
