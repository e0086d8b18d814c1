"""What `check` finds in rule files: conflicts, cycles, unknown names, type errors, duplicates,
decisions without rules, and provisions that are neither encoded nor marked 'niet uitvoerbaar'."""

import pytest

from dsl.checker import check_version
from dsl.parser import parse

HEADER = '''regeling test-checks
  titel "Testregeling checks"
  geldig vanaf 2020-01-01

feit x: keuze uit "a", "b", "c" "Een keuze."
feit inkomen: bedrag "Het inkomen."
feit datum_aanvraag: datum "De datum van de aanvraag."
feit vlag: ja/nee "Een vlag."
feit stuks: geheel getal "Een aantal stuks."
'''
HEADER_LINES = HEADER.count("\n")


def check(body: str):
    """Every diagnostic of HEADER + body, as (severity, line, column, message, hint)."""
    rf, diags = parse(HEADER + body, "t.rules")
    model, more = check_version([rf])
    out = diags + more
    return model, out


def errors(body: str):
    return [d for d in check(body)[1] if d.is_error]


def warnings(body: str):
    return [d for d in check(body)[1] if not d.is_error and "no rule uses it" not in d.message]


def test_clean_snippet_has_no_error():
    model, diags = check('''
artikel 1 "Recht"
  beslissing r: ja/nee "Recht."
  r is waar als vlag en x = "a" en inkomen > € 10 en datum_aanvraag > 2020-01-01 en stuks > 1
    anders onwaar
''')
    assert model is not None
    assert diags == []


# ------------------------------------------------------------------ conflicts


def test_two_rules_without_exception_relation_conflict():
    errs = errors('''
artikel 1
  beslissing r: ja/nee
  lid 1
    r is waar als vlag
  lid 2
    r is onwaar als inkomen > € 10
''')
    assert len(errs) == 1
    e = errs[0]
    assert "artikel 1, eerste lid" in e.message and "artikel 1, tweede lid" in e.message
    assert "neither is an exception" in e.message
    assert "uitzondering op lid 1" in e.hint
    assert e.span.line == HEADER_LINES + 7  # the second rule


def test_conflict_across_articles_names_both():
    errs = errors('''
artikel 1
  beslissing r: ja/nee
  r is waar als vlag
artikel 2
  r is onwaar als stuks > 3
''')
    assert len(errs) == 1
    assert "artikel 1 and artikel 2" in errs[0].message


@pytest.mark.parametrize("c1, c2", [
    ('x = "a"', 'x = "b"'),
    ("vlag", "niet vlag"),
    ("inkomen <= € 2.500,00", "inkomen > € 2.500,00"),
    ('x is een van ("a", "b")', 'x = "c"'),
])
def test_disjoint_conditions_do_not_conflict(c1, c2):
    assert errors(f'''
artikel 1
  beslissing r: ja/nee
  lid 1
    r is waar als {c1}
  lid 2
    r is onwaar als {c2}
''') == []


@pytest.mark.parametrize("c1, c2", [
    ("leeftijd(datum_aanvraag) < 65", "leeftijd(datum_aanvraag) >= 65"),
    ('x = "a" of x = "b"', 'x = "c"'),
    ("stuks < 2 of stuks > 5", "stuks = 3"),
])
def test_disjoint_ages_and_disjunctions_do_not_conflict(c1, c2):
    assert errors(f'''
artikel 1
  beslissing r: ja/nee
  lid 1
    r is waar als {c1}
  lid 2
    r is onwaar als {c2}
''') == []


@pytest.mark.parametrize("c1, c2", [
    ("stuks > 1", "stuks < 3"),
    ('x = "a" of x = "b"', 'x = "b"'),
    ("leeftijd(datum_aanvraag) < 65", "leeftijd(datum_aanvraag) > 60"),
])
def test_overlapping_conditions_conflict(c1, c2):
    errs = errors(f'''
artikel 1
  beslissing r: ja/nee
  lid 1
    r is waar als {c1}
  lid 2
    r is onwaar als {c2}
''')
    assert len(errs) == 1 and "may both apply" in errs[0].message


def test_whole_and_decimal_bounds_overlap():
    # n > 1 and n < 1,5 both hold for n = 1,2: a conflict (once missed by the disjointness test)
    rf, diags = parse('''regeling t
  titel "T"
  geldig vanaf 2020-01-01
feit n: getal "Een getal."
artikel 1
  beslissing r: ja/nee
  lid 1
    r is waar als n > 1
  lid 2
    r is onwaar als n < 1,5
''', "t.rules")
    model, more = check_version([rf])
    assert model is None
    assert any("may both apply" in d.message for d in more)


def test_rules_with_the_same_value_do_not_conflict():
    assert errors('''
artikel 1
  beslissing r: ja/nee
  lid 1
    r is waar als vlag
  lid 2
    r is waar als stuks > 3
''') == []


def test_exception_resolves_the_conflict():
    assert errors('''
artikel 1
  beslissing r: ja/nee
  lid 1
    r is waar als vlag
  lid 2
    uitzondering op lid 1:
      r is onwaar als inkomen > € 10
''') == []


def test_exception_on_a_provision_that_does_not_exist():
    errs = errors('''
artikel 1
  beslissing r: ja/nee
  lid 1
    r is waar als vlag
  lid 2
    uitzondering op lid 9:
      r is onwaar als inkomen > € 10
''')
    assert any("no such provision" in e.message and "artikel 1, negende lid" in e.message for e in errs)


def test_exception_on_a_provision_without_rule_for_the_decision():
    errs = errors('''
artikel 1
  beslissing r: ja/nee
  lid 1
    r is waar als vlag
  lid 2
    niet uitvoerbaar "Niets te beslissen."
  lid 3
    uitzondering op lid 2:
      r is onwaar als inkomen > € 10
''')
    assert any("has no rule for 'r'" in e.message for e in errs)


def test_exceptions_in_a_circle():
    errs = errors('''
artikel 1
  beslissing r: ja/nee
  lid 1
    uitzondering op lid 2:
      r is waar als vlag
  lid 2
    uitzondering op lid 1:
      r is onwaar als inkomen > € 10
''')
    assert any("circle" in e.message for e in errs)


# ------------------------------------------------------------------ cycles


def test_cycle_between_decisions():
    errs = errors('''
artikel 1
  beslissing p: ja/nee
  beslissing q: ja/nee
  p is waar als q anders onwaar
  q is waar als p anders onwaar
''')
    assert len(errs) == 1
    # reported at the use written last, with the place of the other step (issue 14)
    assert errs[0].message.startswith("circular definition: decision 'q' uses decision 'p' here, which uses "
                                      "decision 'q' (")
    assert errs[0].span.column == 17  # the 'p' in 'q is waar als p'


def test_cycle_between_begrippen():
    errs = errors('''
artikel 1
  begrip eerste is tweede en vlag
  begrip tweede is eerste of vlag
  beslissing p: ja/nee
  p is waar als eerste anders onwaar
''')
    assert len(errs) == 1
    assert errs[0].message.startswith("circular definition: begrip 'tweede' uses begrip 'eerste' here, which uses "
                                      "begrip 'tweede' (")


def test_decision_depending_on_itself():
    errs = errors('''
artikel 1
  beslissing p: ja/nee
  p is waar als p en vlag anders onwaar
''')
    assert any(e.message == "circular definition: decision 'p' uses itself" for e in errs)


# ------------------------------------------------------------------ names


def test_unknown_name_with_did_you_mean():
    errs = errors('''
artikel 1
  beslissing p: ja/nee
  p is waar als inkomn > € 10 anders onwaar
''')
    assert len(errs) == 1
    assert errs[0].message == "unknown name 'inkomn'"
    assert errs[0].hint == "did you mean 'inkomen'?"
    assert (errs[0].span.line, errs[0].span.column) == (HEADER_LINES + 4, 17)


def test_unknown_decision_as_rule_target():
    errs = errors('''
artikel 1
  beslissing recht: ja/nee
  recht is waar als vlag anders onwaar
  rech is waar als vlag
''')
    assert any("unknown decision 'rech'" in e.message and e.hint == "did you mean 'recht'?" for e in errs)


def test_rule_cannot_set_a_fact():
    errs = errors('''
artikel 1
  beslissing p: ja/nee
  p is waar als vlag anders onwaar
  vlag is waar als stuks > 1
''')
    assert any("'vlag' is a fact" in e.message for e in errs)


def test_unknown_choice_value():
    errs = errors('''
artikel 1
  beslissing p: ja/nee
  p is waar als x = "d" anders onwaar
''')
    assert len(errs) == 1
    assert '"d" is not one of the choices' in errs[0].message


def test_unknown_function():
    errs = errors('''
artikel 1
  beslissing p: ja/nee
  p is waar als leeftyd(datum_aanvraag) > 18 anders onwaar
''')
    assert any("unknown function 'leeftyd'" in e.message and e.hint == "did you mean 'leeftijd'?" for e in errs)


def test_name_declared_twice():
    errs = errors('''
feit vlag: ja/nee
artikel 1
  beslissing p: ja/nee
  p is waar als vlag anders onwaar
''')
    assert any("'vlag' is declared twice" in e.message for e in errs)


# ------------------------------------------------------------------ types


def test_money_compared_with_date():
    errs = errors('''
artikel 1
  beslissing p: ja/nee
  p is waar als inkomen > datum_aanvraag anders onwaar
''')
    assert len(errs) == 1
    assert "cannot compare bedrag with datum" in errs[0].message


def test_yes_no_used_as_number():
    errs = errors('''
artikel 1
  beslissing p: ja/nee
  p is waar als vlag + 1 > 2 anders onwaar
''')
    assert len(errs) == 1
    assert "ja/nee" in errs[0].message and "geheel getal" in errs[0].message


def test_yes_no_compared_with_number_suggests_condition():
    errs = errors('''
artikel 1
  beslissing p: ja/nee
  p is waar als vlag = 1 anders onwaar
''')
    assert len(errs) == 1
    assert "cannot compare" in errs[0].message
    assert "condition by itself" in errs[0].hint


def test_money_compared_with_plain_number_suggests_euro_notation():
    errs = errors('''
artikel 1
  beslissing p: ja/nee
  p is waar als inkomen > 2500 anders onwaar
''')
    assert len(errs) == 1
    assert "cannot compare bedrag with geheel getal" in errs[0].message
    assert "€ 2.500" in errs[0].hint


def test_condition_must_be_yes_no():
    errs = errors('''
artikel 1
  beslissing p: ja/nee
  p is waar als stuks anders onwaar
''')
    assert len(errs) == 1
    assert "needs a yes/no value" in errs[0].message


def test_value_of_the_wrong_type():
    errs = errors('''
artikel 1
  beslissing p: ja/nee
  p is € 10 als vlag anders onwaar
''')
    assert any("'p' is ja/nee, but this rule gives it bedrag" in e.message for e in errs)


# ------------------------------------------------------------------ structure


def test_duplicate_article():
    errs = errors('''
artikel 1
  beslissing p: ja/nee
  p is waar als vlag anders onwaar
artikel 1
  tekst "Nog eens."
  niet uitvoerbaar "Een reden."
''')
    assert len(errs) == 1
    assert errs[0].message.startswith("artikel 1 appears twice")
    assert errs[0].span.line == HEADER_LINES + 5


def test_duplicate_lid():
    errs = errors('''
artikel 1
  beslissing p: ja/nee
  lid 1
    p is waar als vlag anders onwaar
  lid 1
    niet uitvoerbaar "Een reden."
''')
    assert len(errs) == 1
    assert errs[0].message.startswith("artikel 1, eerste lid appears twice")


def test_decision_without_rule():
    errs = errors('''
artikel 1
  beslissing p: ja/nee
  beslissing q: ja/nee
  p is waar als vlag anders onwaar
''')
    assert len(errs) == 1
    assert errs[0].message == "decision 'q' has no rule"
    assert "q is ... als" in errs[0].hint


def test_provision_neither_encoded_nor_not_executable_is_a_warning():
    model, diags = check('''
artikel 1
  beslissing p: ja/nee
  lid 1
    p is waar als vlag en x = "a" en inkomen > € 1 en datum_aanvraag > 2020-01-01 en stuks > 1
      anders onwaar
  lid 2
    tekst "Een lid zonder regel."
''')
    assert model is not None  # a warning does not stop evaluation
    assert [d.severity for d in diags] == ["warning"]
    assert diags[0].message == "artikel 1, tweede lid is neither encoded nor marked 'niet uitvoerbaar'"
    assert diags[0].span.line == HEADER_LINES + 7


def test_not_executable_provision_with_a_rule_is_an_error():
    errs = errors('''
artikel 1
  beslissing p: ja/nee
  niet uitvoerbaar "Een reden."
  p is waar als vlag anders onwaar
''')
    assert any("'niet uitvoerbaar' but also holds a rule" in e.message for e in errs)


def test_unused_fact_is_a_warning():
    model, diags = check('''
artikel 1
  beslissing p: ja/nee
  p is waar als vlag anders onwaar
''')
    assert model is not None
    unused = sorted(d.message for d in diags if "no rule uses it" in d.message)
    assert unused == ["fact 'datum_aanvraag' is declared but no rule uses it",
                      "fact 'inkomen' is declared but no rule uses it",
                      "fact 'stuks' is declared but no rule uses it",
                      "fact 'x' is declared but no rule uses it"]
    assert all(not d.is_error for d in diags)


def test_no_header():
    rf, _ = parse('artikel 1\n  niet uitvoerbaar "x"\n', "t.rules")
    model, diags = check_version([rf])
    assert model is None
    assert any("no 'regeling' header" in d.message for d in diags)


def test_end_before_start():
    rf, _ = parse('regeling t\n  titel "T"\n  geldig vanaf 2020-01-01 tot 2019-01-01\n'
                  'artikel 1\n  niet uitvoerbaar "x"\n', "t.rules")
    model, diags = check_version([rf])
    assert model is None
    assert any("before it enters into force" in d.message for d in diags)


def test_all_problems_of_a_file_in_one_run():
    errs = errors('''
artikel 1
  beslissing p: ja/nee
  p is waar als inkomn > € 10 anders onwaar
artikel 2
  beslissing q: ja/nee
  q is waar als inkomen > datum_aanvraag anders onwaar
artikel 3
  beslissing r: ja/nee
''')
    msgs = [e.message for e in errs]
    assert any("unknown name 'inkomn'" in m for m in msgs)
    assert any("cannot compare bedrag with datum" in m for m in msgs)
    assert any("decision 'r' has no rule" in m for m in msgs)
