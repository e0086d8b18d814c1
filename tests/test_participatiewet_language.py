"""The constructs this regulation brought into the language, on small fixtures: titled sections
and their alinea's (citations, exceptions, coverage), 'overwegingen', and dated tables with a
row 'nog niet vastgesteld'."""

import datetime as dt

import pytest

import interpreter
from dsl.citation import Citation
from dsl.loader import check_paths
from dsl.parser import parse

from conftest import FIXTURES

SECTIES = FIXTURES / "participatiewet" / "secties"
DATE = dt.date(2020, 6, 1)

HEADER = '''regeling t
  titel "t"
  geldig vanaf 2020-01-01
'''


@pytest.fixture(scope="module")
def reg():
    return interpreter.load(SECTIES)


def errors_of(write_rules, text):
    diags, _ = check_paths([write_rules(HEADER + text)])
    return [d.message for d in diags if d.is_error]


def hints_of(write_rules, text):
    diags, _ = check_paths([write_rules(HEADER + text)])
    return [d.hint for d in diags if d.is_error]


# ------------------------------------------------------------------ citations


@pytest.mark.parametrize("cit, label", [
    (Citation(None, section="Werk boven inkomen"), "paragraaf Werk boven inkomen"),
    (Citation(None, section="Maatwerk", alinea=2), "paragraaf Maatwerk, tweede alinea"),
    (Citation(None, section="Verdeling", alinea=1), "paragraaf Verdeling, eerste alinea"),
])
def test_section_labels(cit, label):
    assert cit.label == label
    d = cit.to_dict()
    assert d["article"] is None and d["paragraph"] is None and d["item"] is None
    assert d["label"] == label and d["section"] == cit.section
    assert d.get("alinea") == cit.alinea


def test_section_contains_its_alineas():
    sec = Citation(None, section="Maatwerk")
    assert sec.contains(Citation(None, section="Maatwerk", alinea=3))
    assert not sec.contains(Citation(None, section="Verdeling", alinea=1))
    assert not Citation(None, section="Maatwerk", alinea=2).contains(Citation(None, section="Maatwerk", alinea=3))


# ------------------------------------------------------------------ exceptions between sections


@pytest.mark.parametrize("case, value, label", [
    ({"a": True, "b": False, "c": False}, True, "paragraaf Eerste"),
    ({"a": True, "b": True, "c": False}, False, "paragraaf Tweede, eerste alinea"),
    ({"a": True, "b": True, "c": True}, True, "paragraaf Tweede, tweede alinea"),
    ({"a": False, "b": False, "c": False}, False, "paragraaf Eerste"),
])
def test_exception_on_a_section_and_on_an_alinea(reg, case, value, label):
    d = reg.evaluate(case, DATE)["recht"]
    assert d.value is value
    assert d.citations[0].label == label


def test_exception_on_an_alinea_left_open(reg):
    d = reg.evaluate({"a": True, "b": True}, DATE)["recht"]
    assert d.value is None
    assert d.missing == ("c",)


def test_exception_on_an_unknown_section(write_rules):
    errs = errors_of(write_rules, '''feit a: ja/nee "a"
paragraaf "Een"
  tekst "t"
  beslissing r: ja/nee "r"
  r is waar als a anders onwaar
paragraaf "Twee"
  tekst "t"
  uitzondering op paragraaf "Drie":
    r is onwaar als a
''')
    assert any("paragraaf Drie" in e and "no such provision" in e for e in errs)


def test_titled_section_without_rule_is_a_coverage_warning():
    diags, _ = check_paths([SECTIES])
    warnings = [d.message for d in diags if not d.is_error]
    assert warnings == ["paragraaf Vijfde is neither encoded nor marked 'niet uitvoerbaar'"]


def test_section_twice_in_a_file(write_rules):
    errs = errors_of(write_rules, '''paragraaf "Een"
  tekst "t"
  niet uitvoerbaar "x"
paragraaf "Een"
  tekst "t"
  niet uitvoerbaar "x"
''')
    assert any("appears twice" in e for e in errs)


def test_parse_keeps_section_and_alineas():
    rf, diags = parse('paragraaf "Maatwerk"\n  alinea 1\n    tekst "a"\n  alinea 2\n    tekst "b"\n')
    assert diags == []
    (p,) = rf.provisions
    assert (p.kind, p.number, p.heading) == ("paragraaf", None, "Maatwerk")
    assert [(c.kind, c.number, c.text) for c in p.children] == [("alinea", "1", "a"), ("alinea", "2", "b")]


# ------------------------------------------------------------------ overwegingen


def test_considerations_fixture(reg):
    d = reg.evaluate({"a": True, "b": False, "c": False}, DATE)["lijst"]
    assert [i["text"] for i in d.value] == ["feit a", "altijd"]
    assert [i["citation"]["label"] for i in d.value] == ["paragraaf Derde, eerste alinea",
                                                          "paragraaf Derde, tweede alinea"]


def test_overweging_needs_a_list_decision(write_rules):
    errs = errors_of(write_rules, '''feit a: ja/nee "a"
artikel 1
  tekst "t"
  beslissing r: ja/nee "r"
  r is waar als a anders onwaar
  overweging r: "x" als a
''')
    assert any("'overweging' adds to a list of considerations" in e for e in errs)


def test_overwegingen_is_no_fact_type(write_rules):
    errs = errors_of(write_rules, '''feit f: overwegingen "f"
artikel 1
  tekst "t"
  niet uitvoerbaar "x"
''')
    assert any("'overwegingen' is the type of a decision" in e for e in errs)


# ------------------------------------------------------------------ dated tables


@pytest.mark.parametrize("date, value, missing", [
    ("2020-01-01", 100, ()),
    ("2020-12-31", 100, ()),
    ("2021-01-01", 110, ()),
    ("2021-12-31", 110, ()),
    ("2022-01-01", None, ("bedrag_per_jaar",)),  # nog niet vastgesteld: never the previous row
])
def test_table_by_date(reg, date, value, missing):
    d = reg.evaluate({}, date)["bedrag_nu"]
    assert d.value == value
    assert d.missing == missing


def test_table_row_not_fixed_yet_parses():
    rf, diags = parse('tabel t: geheel getal\n  vanaf 2020-01-01 1\n  vanaf 2021-01-01 nog niet vastgesteld "x"\n')
    assert diags == []
    (t,) = rf.declarations
    assert t.rows[0].value.value == 1 and t.rows[1].value is None and t.rows[1].note == "x"


def test_table_by_birth_needs_a_date(write_rules):
    errs = errors_of(write_rules, '''tabel t: geheel getal
  vanaf geboren vanaf 1950-01-01 1
artikel 1
  tekst "t"
  beslissing r: geheel getal "r"
  r is de waarde van t
''')
    assert any("goes by date of birth" in e for e in errs)


def test_table_row_of_the_wrong_type(write_rules):
    errs = errors_of(write_rules, '''tabel t: geheel getal
  vanaf 2020-01-01 "tekst"
artikel 1
  tekst "t"
  beslissing r: geheel getal "r"
  r is de waarde van t
''')
    assert any("table 't' holds geheel getal" in e for e in errs)


def test_exception_on_an_alinea_of_another_section(write_rules):
    p = write_rules(HEADER + '''feit a: ja/nee "a"
feit b: ja/nee "b"
paragraaf "Een"
  alinea 1
    tekst "t"
    beslissing r: ja/nee "r"
    r is waar als a anders onwaar
  alinea 2
    tekst "t"
    niet uitvoerbaar "x"
paragraaf "Twee"
  tekst "t"
  uitzondering op paragraaf "Een" alinea 1:
    r is onwaar als b
''')
    reg = interpreter.load(p)
    d = reg.evaluate({"a": True, "b": True}, DATE)["r"]
    assert d.value is False
    assert d.citations[0].label == "paragraaf Twee"
    assert reg.evaluate({"a": True, "b": False}, DATE)["r"].citations[0].label == "paragraaf Een, eerste alinea"


def test_table_by_date_on_another_date(write_rules):
    p = write_rules(HEADER + '''tabel t: bedrag
  vanaf 2020-01-01 € 1
  vanaf 2021-01-01 € 2
artikel 1
  tekst "t"
  beslissing vorig_jaar: bedrag "v"
  vorig_jaar is de waarde van t op 2020-12-31
''')
    assert interpreter.load(p).evaluate({}, "2021-06-01")["vorig_jaar"].value == 1


def test_conflict_hint_names_the_section_as_an_exception_refers_to_it(write_rules):
    text = '''feit a: ja/nee "a"
feit b: ja/nee "b"
paragraaf "Een"
  alinea 1
    tekst "t"
    beslissing r: ja/nee "r"
    r is waar als a
  alinea 2
    tekst "t"
    r is onwaar als b
paragraaf "Twee"
  tekst "t"
  r is onwaar als a
'''
    assert sum("neither is an exception" in e for e in errors_of(write_rules, text)) == 2
    hints = hints_of(write_rules, text)
    assert "write 'uitzondering op alinea 1:' before the rule that prevails" in hints
    assert "write 'uitzondering op paragraaf \"Een\" alinea 1:' before the rule that prevails" in hints
