"""Exceptions, exceptions to exceptions, and values for all other cases (fixtures/language/uitzonderingen.rules)."""

import datetime as dt
import json

import pytest

import interpreter
import interpreter.case

DATE = dt.date(2021, 1, 1)


@pytest.fixture(scope="module")
def reg(language_path):
    return interpreter.load(language_path / "uitzonderingen.rules")


def cites(decision):
    return [(c.article, c.paragraph, c.item) for c in decision.citations]


def recht(reg, **facts):
    return reg.evaluate(facts, DATE)["recht"]


def test_base_rule(reg):
    d = recht(reg, inwoner=True, inkomen="1000.00", student=False, beurs=False)
    assert d.value is True
    assert cites(d) == [("1", 1, None)]


def test_anders_of_the_base_rule(reg):
    d = recht(reg, inwoner=False, inkomen="500", student=False, beurs=False)
    assert d.value is False
    assert cites(d) == [("1", 1, None)]


def test_exception_sets_base_rule_aside(reg):
    d = recht(reg, inwoner=True, inkomen="1000.01", student=False, beurs=False)
    assert d.value is False
    assert cites(d) == [("1", 2, None)]


def test_exception_to_exception_restores_the_right(reg):
    d = recht(reg, inwoner=True, inkomen="1000.01", student=True, beurs=True)
    assert d.value is True
    assert cites(d)[0] == ("1", 3, None)


def test_exception_to_exception_not_applying(reg):
    d = recht(reg, inwoner=True, inkomen="1000.01", student=True, beurs=False)
    assert d.value is False
    assert cites(d) == [("1", 2, None)]


def test_exception_to_exception_unknown_leaves_it_open(reg):
    d = recht(reg, inwoner=True, inkomen="1000.01", student=True)
    assert d.value is None
    assert d.missing == ("beurs",)


def test_unknown_exception_to_an_exception_that_does_not_apply_is_not_needed(reg):
    # lid 2 does not apply, so lid 3 (an exception to lid 2 only) cannot change the answer of lid 1
    d = recht(reg, inwoner=True, inkomen="1000.00")
    assert d.value is True
    assert d.missing == ()
    assert cites(d) == [("1", 1, None)]


def test_exception_decides_without_knowing_the_base_rule(reg):
    d = recht(reg, inkomen="5000", student=False)
    assert d.value is False
    assert cites(d) == [("1", 2, None)]


def test_unknown_exception_leaves_the_value_open(reg):
    d = recht(reg, inwoner=True, student=False)
    assert d.value is None
    assert d.missing == ("inkomen",)


def test_everything_unknown(reg):
    d = recht(reg)
    assert d.value is None
    assert d.missing == ("inwoner", "inkomen", "student", "beurs")


def test_derivation_records_which_exception_set_what_aside(reg):
    d = recht(reg, inwoner=True, inkomen="1000.01", student=False, beurs=False)
    steps = d.derivation().steps
    by = {(s.citation.paragraph, s.kind): s for s in steps}
    assert by[(1, "regel")].status == "opzij gezet"
    assert [c.paragraph for c in by[(1, "regel")].set_aside_by] == [2]
    assert by[(2, "uitzondering")].status == "beslissend"
    assert by[(3, "uitzondering")].status == "niet van toepassing"


# ------------------------------------------------------------------ 'in alle andere gevallen'


@pytest.mark.parametrize("groep, value, cited", [
    ("kind", "laag", ("2", 1, None)),
    ("oudere", "laag", ("2", 2, None)),
    ("volwassene", "normaal", ("2", None, None)),
])
def test_value_for_all_other_cases(reg, groep, value, cited):
    d = reg.evaluate({"leeftijdsgroep": groep}, DATE)["tarief"]
    assert d.value == value
    assert cites(d) == [cited]


def test_value_for_all_other_cases_needs_the_facts(reg):
    d = reg.evaluate({}, DATE)["tarief"]
    assert d.value is None
    assert d.missing == ("leeftijdsgroep",)


def test_derivation_and_explanation_name_the_ground_when_an_unknown_exception_agrees(reg, language_path,
                                                                                    cli, write_case):
    d = recht(reg, inwoner=True, inkomen="1000.00")
    steps = {(s.citation.paragraph, s.kind): s for s in d.derivation().steps}
    assert steps[(1, "regel")].status == "beslissend"
    assert steps[(2, "uitzondering")].status == "niet van toepassing"
    r = cli("eval", language_path / "uitzonderingen.rules", "--case", write_case({"inwoner": True, "inkomen": "1000"}),
            "--date", "2021-01-01", "--format", "text")
    assert r.exit_code == 0
    assert "recht: ja\n  Grond: artikel 1, eerste lid." in r.stdout


def test_decided_values_hold_in_every_completion_and_open_values_are_really_open(reg):
    """Brute force over every partial case: a decided value is the value of every completion of the
    case (sound), and an undecided one has completions with different values (here also complete)."""
    import itertools

    domains = {"inwoner": [True, False], "inkomen": ["500", "1000.01"], "student": [True, False],
               "beurs": [True, False]}
    names = list(domains)
    for partial in itertools.product(*[[None] + domains[n] for n in names]):
        case = {n: v for n, v in zip(names, partial) if v is not None}
        d = recht(reg, **case)
        open_names = [n for n in names if n not in case]
        values = {recht(reg, **case, **dict(zip(open_names, combo))).value
                  for combo in itertools.product(*[domains[n] for n in open_names])}
        if d.value is None:
            assert len(values) > 1, (case, values)
            assert set(d.missing) <= set(open_names), case
        else:
            assert values == {d.value}, (case, d.value, values)


# ------------------------------------------------------------------ an exception presupposes its rule


def test_an_exception_whose_rule_does_not_apply_has_no_object(reg):
    # not an inwoner: lid 1 does not apply (anders onwaar), so the income limit of lid 2 has
    # nothing to set aside; the answer rests on lid 1, not on lid 2
    d = recht(reg, inwoner=False, inkomen="5000", student=False, beurs=False)
    assert d.value is False
    assert cites(d) == [("1", 1, None)]
    steps = {(s.citation.paragraph, s.kind): s for s in d.derivation().steps}
    assert steps[(2, "uitzondering")].status == "niet van toepassing"
    assert steps[(2, "uitzondering")].applies is True  # its own condition holds; the trace shows it


def test_an_exception_whose_rule_may_apply_still_decides(reg):
    d = recht(reg, inkomen="5000", student=False, beurs=False)  # inwoner unknown
    assert d.value is False
    assert cites(d) == [("1", 2, None)]


@pytest.mark.parametrize("engine", ["compiled", "columnar"])
def test_the_other_engines_agree_on_an_exception_without_object(reg, engine):
    facts = {"inwoner": False, "inkomen": "5000", "student": False, "beurs": False}
    if engine == "compiled":
        version = reg.version_on(DATE)
        d = version.evaluate_compiled(interpreter.case.read_facts(facts, version.fact_types), DATE)["recht"]
        assert (d.value, cites(d)) == (False, [("1", 1, None)])
    else:
        pa = pytest.importorskip("pyarrow")
        table = pa.table({"inwoner": [False, None], "inkomen": ["5000", "5000"], "student": [False, False],
                          "beurs": [False, False]})
        out = reg.evaluate_table(table, date=DATE)
        assert out.column("recht").to_pylist() == [False, False]
        labels = [[c["label"] for c in json.loads(row)] for row in out.column("recht.citations").to_pylist()]
        assert labels == [["artikel 1, eerste lid"], ["artikel 1, tweede lid"]]
