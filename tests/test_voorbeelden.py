"""The worked examples (.voorbeelden): the Schinnen examples pass, and `grondslag test` reports well.

Each Schinnen example is also its own pytest test, so that a failure names it.
"""

from __future__ import annotations

import shutil
import pytest

from dsl import examples as V
from interpreter.drafting import report, runner

from conftest import SCHINNEN

VOORBEELDEN = SCHINNEN / "voorbeelden"
FILES = sorted(VOORBEELDEN.glob("*.voorbeelden"))


def _examples():
    for f in FILES:
        parsed, diags = V.parse_file(f)
        assert not diags, [d.format() for d in diags]
        for ex in parsed.examples:
            yield pytest.param(str(f), ex, id=f"{f.stem}:{ex.span.line}:{ex.title}")


# ------------------------------------------------------------ Schinnen examples


def test_grondslag_test_passes_on_schinnen(cli):
    r = cli("test", SCHINNEN)
    assert r.exit_code == 0, r.output
    assert " 0 failed" in r.stdout
    assert r.stderr == ""


def test_grondslag_test_in_a_subprocess(cli_process):
    r = cli_process("test", "rules/schinnen")
    assert r.exit_code == 0, r.output
    assert "Traceback" not in r.output


@pytest.mark.parametrize("path, example", list(_examples()))
def test_schinnen_example(schinnen, path, example):
    run = runner.run_example(schinnen, path, example)
    assert not [d for d in run.diagnostics if d.is_error], [d.format() for d in run.diagnostics]
    failures = [(c.expectation.decision, c.problems,
                 report.describe(c.got.value, c.kind, c.got.citations, c.got.missing))
                for c in run.checks if not c.passed]
    assert not failures
    assert run.checks, "every Schinnen example expects something"


@pytest.fixture(scope="module")
def schinnen_suite():
    import interpreter
    return runner.run(interpreter.load(SCHINNEN), [VOORBEELDEN])


def test_every_decision_is_expected_true_false_and_unknown(schinnen_suite, schinnen):
    model = schinnen.versions[0].program.model
    seen: dict[str, set] = {}
    for r in schinnen_suite.runs:
        for e in r.example.expectations:
            seen.setdefault(e.decision, set()).add(e.value.value)
    for d in model.decisions:
        assert seen.get(d.name) == {True, False, None}, d.name


def test_every_provision_with_a_rule_is_cited_by_an_example(schinnen_suite, schinnen):
    model = schinnen.versions[0].program.model
    cited = {c.citation for r in schinnen_suite.runs for e in r.example.expectations for c in e.citations}
    assert [r.citation.label for r in model.rules if r.citation not in cited] == []


def test_schinnen_examples_hit_the_boundaries(schinnen_suite):
    facts = [(f.name, f.value.value) for r in schinnen_suite.runs for f in r.example.facts]
    from decimal import Decimal
    assert ("gezinsinkomen", Decimal("2500.00")) in facts
    assert ("gezinsinkomen", Decimal("2500.01")) in facts
    dates = {r.example.date.isoformat() for r in schinnen_suite.runs}
    assert {"2004-11-01", "2014-12-31"} <= dates


# ------------------------------------------------------------------ the format

BRIEF = '''# een commentaar
voorbeeld "Nugger met een te hoog gezinsinkomen"
  peildatum 2011-02-15
  feiten
    uitkering is "geen"   # "#" in een tekst: "a#b" hieronder
    ingeschreven_als_werkzoekende is waar
    gezinsinkomen is € 2.750,00
    kinderen is lijst (geboortedatum 2005-03-01), (geboortedatum 2010-01-01)
    naam is "a#b"
  verwacht
    nugger is waar volgens artikel 1 lid 1 onder c
    aanspraak_op_ondersteuning is onwaar volgens artikel 4 lid 4 en artikel 2 lid 1 volzin 2
    jongere is onbekend, ontbreekt geboortedatum, uitkering
'''


def test_parse_the_shape_of_an_example():
    import datetime as dt
    from decimal import Decimal

    from dsl.citation import Citation
    f, diags = V.parse(BRIEF, "x.voorbeelden")
    assert diags == []
    (ex,) = f.examples
    assert ex.title == "Nugger met een te hoog gezinsinkomen"
    assert ex.date == dt.date(2011, 2, 15)
    facts = {x.name: x.value for x in ex.facts}
    assert facts["uitkering"].value == "geen"
    assert facts["naam"].value == "a#b"
    assert facts["ingeschreven_als_werkzoekende"].value is True
    assert facts["gezinsinkomen"].value == Decimal("2750.00") and facts["gezinsinkomen"].kind == "bedrag"
    kids = facts["kinderen"].value
    assert [r.fields[0].value.value for r in kids] == [dt.date(2005, 3, 1), dt.date(2010, 1, 1)]
    nugger, aanspraak, jongere = ex.expectations
    assert nugger.value.value is True
    assert [c.citation for c in nugger.citations] == [Citation("1", 1, "c")]
    assert [c.citation for c in aanspraak.citations] == [Citation("4", 4), Citation("2", 1, sentence=2)]
    assert jongere.value.kind == "onbekend" and [m.name for m in jongere.missing] == ["geboortedatum", "uitkering"]
    assert nugger.span.line == 11 and nugger.name_span.column == 5


@pytest.mark.parametrize("value, kind", [
    ("€ 2.500", "bedrag"), ("€ 2.500,-", "bedrag"), ("€ 2500,5", "bedrag"), ("€ -10,00", "bedrag"),
    ("12", "getal"), ("1,5", "getal"), ("2004-11-01", "datum"), ('"wwb"', "tekst"),
    ("waar", "ja/nee"), ("onwaar", "ja/nee"), ("onbekend", "onbekend"), ("lege lijst", "lijst"),
])
def test_values(value, kind):
    f, diags = V.parse(f'voorbeeld "v"\n  peildatum 2010-01-01\n  feiten\n    x is {value}\n', "v")
    assert diags == []
    assert f.examples[0].facts[0].value.kind == kind


@pytest.mark.parametrize("value", [True, False, None, "wwb"])
def test_rendered_values_parse_back(value):
    text = report.render_expectation("d", value, None)
    f, diags = V.parse(f'voorbeeld "v"\n peildatum 2010-01-01\n feiten\n verwacht\n  {text}\n', "v")
    assert diags == []
    assert f.examples[0].expectations[0].value.value == value


def test_rendered_money_parses_back():
    from decimal import Decimal
    text = report.render_expectation("d", Decimal("2500.01"), "bedrag")
    assert text == "d is € 2.500,01"
    f, _ = V.parse(f'voorbeeld "v"\n peildatum 2010-01-01\n feiten\n verwacht\n  {text}\n', "v")
    assert f.examples[0].expectations[0].value.value == Decimal("2500.01")


MISTAKES = [
    ("    uitkering = \"wwb\"", "'=' is not used in voorbeelden", "NAME is VALUE"),
    ("    woont_in_gemeente is ja", "'ja' is not a value", "write waar"),
    ("    woont_in_gemeente is nee", "'nee' is not a value", "write onwaar"),
    ("    woont_in_gemeente is misschien", "'misschien' is not a value", None),
    ("    uitkering \"wwb\"", "expected 'is' after 'uitkering'", "NAME is VALUE"),
    ("  verwachte\n    nugger is waar", "unknown keyword 'verwachte'", "did you mean 'verwacht'?"),
    ("  verwacht\n    nugger is waar volgens 4", "'volgens' must be followed by a provision", None),
    ("  verwacht\n    nugger is waar volgens artikel lid 1", "'artikel' must be followed by its number", None),
    ("    uitkering is \"wwb", "unclosed text", None),
    ("    gezinsinkomen is €", "an amount must be written", None),
]


@pytest.mark.parametrize("line, message, hint", MISTAKES)
def test_typical_mistakes_have_plain_messages(line, message, hint):
    src = f'voorbeeld "fout"\n  peildatum 2010-01-01\n  feiten\n{line}\n'
    _, diags = V.parse(src, "f.voorbeelden")
    assert len(diags) == 1, diags
    d = diags[0]
    assert message in d.message
    if hint:
        assert hint in (d.hint or "")
    assert d.format(src).startswith(f"f.voorbeelden:{d.span.line}:{d.span.column}: error: ")
    assert d.span.line >= 4


def test_missing_peildatum():
    _, diags = V.parse('voorbeeld "x"\n  feiten\n', "f")
    assert "needs its peildatum" in diags[0].message
    assert (diags[0].span.line, diags[0].span.column) == (2, 3)


def test_a_date_that_does_not_exist():
    _, diags = V.parse('voorbeeld "x"\n  peildatum 2011-02-30\n  feiten\n', "f")
    assert "'2011-02-30' is not a date that exists" in diags[0].message


def test_duplicates_are_errors():
    src = 'voorbeeld "x"\n peildatum 2011-02-01\n feiten\n  a is waar\n  a is onwaar\n verwacht\n  b is waar\n  b is waar\n'
    _, diags = V.parse(src, "f")
    assert [d.span.line for d in diags] == [5, 8]


def test_an_error_in_one_example_keeps_the_others():
    src = ('voorbeeld "een"\n peildatum 2011-02-01\n feiten\n  a is ja\n'
           'voorbeeld "twee"\n peildatum 2011-02-01\n feiten\n  a is waar\n'
           'voorbeeld "drie"\n peildatum 2011-02-01 feiten\n  a is\n'
           'voorbeeld "vier"\n peildatum 2011-02-01\n feiten\n')
    f, diags = V.parse(src, "f")
    assert [e.title for e in f.examples] == ["twee", "vier"]
    assert [d.span.line for d in diags] == [4, 11]
    assert "ends in the middle of a statement" in diags[1].message
    assert 'in voorbeeld "drie"' in diags[1].message


# ------------------------------------------------------------ running, reporting

FAILING = '''voorbeeld "Te hoog inkomen"
  peildatum 2011-02-15
  feiten
    uitkering is "geen"
    ingeschreven_als_werkzoekende is waar
    woont_in_gemeente is waar
    gezinsinkomen is € 2.750,00
    voorliggende_voorziening_toereikend is onwaar
  verwacht
    # de jurist vergist zich hier
    aanspraak_op_ondersteuning is waar volgens artikel 4 lid 1  # blijft staan
    nugger is waar volgens artikel 1 lid 1 onder c
    jongere is onbekend, ontbreekt geboortedatum
'''


def test_a_failure_is_reported_with_expected_got_and_explanation(cli, tmp_path):
    p = tmp_path / "fout.voorbeelden"
    p.write_text(FAILING, encoding="utf-8")
    r = cli("test", SCHINNEN, p)
    assert r.exit_code == 1, r.output
    out = r.stdout
    assert f"FAIL  Te hoog inkomen ({p}:1, peildatum 2011-02-15)" in out
    assert "aanspraak_op_ondersteuning (line 11): wrong value, citation" in out
    assert "expected: waar volgens artikel 4 lid 1" in out
    assert "got:      onwaar volgens artikel 4 lid 4" in out
    # the explanation of the got value (its wording is interpreter.motivation.text's)
    explanation = out.split("explanation:")[1]
    assert "aanspraak op ondersteuning: nee" in explanation
    assert "artikel 4, vierde lid" in explanation and "€ 2.750,00" in explanation
    assert "jongere (line 13): wrong value, missing" in out
    assert "nugger (line" not in out
    assert "1 voorbeeld, 3 verwachtingen: 0 passed, 1 failed" in out


def test_unknown_names_are_bad_input_with_place_and_suggestion(cli, tmp_path):
    p = tmp_path / "namen.voorbeelden"
    p.write_text('voorbeeld "typfouten"\n  peildatum 2011-02-15\n  feiten\n    uitkring is "geen"\n'
                 '    nugger is waar\n  verwacht\n    aanspraak_op_ondersteunig is waar\n'
                 '    nugger is waar, ontbreekt geboortedatm\n    uitkering is "wwb"\n', encoding="utf-8")
    r = cli("test", SCHINNEN, p)
    assert r.exit_code == 2, r.output
    err = r.stderr
    assert f"{p}:4:5: error: unknown fact 'uitkring'" in err and "did you mean 'uitkering'?" in err
    assert f"{p}:5:5: error: 'nugger' is a decision, not a fact" in err
    assert f"{p}:7:5: error: unknown decision 'aanspraak_op_ondersteunig'" in err
    assert "did you mean 'aanspraak_op_ondersteuning'?" in err
    assert f"{p}:8:31: error: unknown fact 'geboortedatm'" in err
    assert f"{p}:9:5: error: 'uitkering' is a fact, not a decision" in err
    assert "ERROR typfouten" in r.stdout
    assert "Traceback" not in r.output


@pytest.mark.parametrize("fact, message", [
    ('uitkering is "wwbb"', "did you mean 'wwb'?"),
    ("woont_in_gemeente is 1", "'woont_in_gemeente' is ja/nee, but the voorbeeld gives a number"),
    ("gezinsinkomen is waar", "write an amount such as € 2.500,00"),
    ("kinderen is lijst (geboortedtum 2001-01-01)", "did you mean 'geboortedatum'?"),
    ("kinderen is waar", "write lijst (geboortedatum ...)"),
    ("geboortedatum is \"1980-01-01\"", "write a date as YYYY-MM-DD"),
])
def test_bad_values_are_bad_input(cli, tmp_path, fact, message):
    p = tmp_path / "waarden.voorbeelden"
    p.write_text(f'voorbeeld "x"\n  peildatum 2011-02-15\n  feiten\n    {fact}\n', encoding="utf-8")
    r = cli("test", SCHINNEN, p)
    assert r.exit_code == 2, r.output
    assert f"{p}:4:" in r.stderr and message in r.stderr


def test_a_peildatum_outside_the_regulation_is_bad_input(cli, tmp_path):
    p = tmp_path / "datum.voorbeelden"
    p.write_text('voorbeeld "na 2015"\n  peildatum 2015-01-01\n  feiten\n', encoding="utf-8")
    r = cli("test", SCHINNEN, p)
    assert r.exit_code == 2
    assert f"{p}:2:13: error: no version of" in r.stderr and "2004-11-01" in r.stderr


def test_syntax_errors_are_bad_input(cli, tmp_path):
    p = tmp_path / "syntax.voorbeelden"
    p.write_text('voorbeeld "x"\n  peildatum 2011-02-15\n  feiten\n    uitkering = "wwb"\n', encoding="utf-8")
    r = cli("test", SCHINNEN, p)
    assert r.exit_code == 2
    assert f"{p}:4:15: error: '=' is not used in voorbeelden" in r.stderr
    assert '    4 |     uitkering = "wwb"' in r.stderr


def test_rule_errors_exit_1(cli, tmp_path):
    rules = tmp_path / "kapot.rules"
    rules.write_text("regeling x\n  titel \"X\"\n  geldig vanaf 2020-01-01\nfeit a: ja/nee\nartikel 1\n  b is waar\n",
                     encoding="utf-8")
    (tmp_path / "x.voorbeelden").write_text('voorbeeld "x"\n  peildatum 2021-01-01\n  feiten\n', encoding="utf-8")
    r = cli("test", rules)
    assert r.exit_code == 1


def test_no_examples_found_is_bad_input(cli, tmp_path):
    empty = tmp_path / "leeg"
    empty.mkdir()
    r = cli("test", SCHINNEN, empty)
    assert r.exit_code == 2
    assert "no .voorbeelden files found" in r.stderr


def test_examples_are_found_under_a_rules_folder(cli, tmp_path):
    copy = tmp_path / "schinnen"
    shutil.copytree(SCHINNEN / "2004", copy / "2004")
    (copy / "voorbeelden").mkdir()
    shutil.copy(VOORBEELDEN / "artikel-09.voorbeelden", copy / "voorbeelden")
    r = cli("test", copy, "-v")
    assert r.exit_code == 0, r.output
    assert "3 voorbeelden, 3 verwachtingen: 3 passed, 0 failed" in r.stdout
    assert "  ok    Het oordeel van het college ontbreekt" in r.stdout


# ------------------------------------------------------------------ --update


def test_update_rewrites_only_what_failed_and_keeps_comments(cli, tmp_path):
    p = tmp_path / "fout.voorbeelden"
    p.write_text(FAILING, encoding="utf-8")
    r = cli("test", SCHINNEN, p, "--update")
    assert r.exit_code == 0, r.output
    assert f"updated {p}" in r.stdout
    new = p.read_text(encoding="utf-8")
    expected = FAILING.replace(
        "aanspraak_op_ondersteuning is waar volgens artikel 4 lid 1  # blijft staan",
        "aanspraak_op_ondersteuning is onwaar volgens artikel 4 lid 4  # blijft staan").replace(
        "jongere is onbekend, ontbreekt geboortedatum",
        "jongere is onwaar volgens artikel 1 lid 1 onder d")
    assert new == expected
    again = cli("test", SCHINNEN, p)
    assert again.exit_code == 0, again.output


def test_update_fills_an_example_without_expectations(cli, tmp_path, schinnen):
    p = tmp_path / "nieuw.voorbeelden"
    p.write_text('# kop\nvoorbeeld "nieuw"\n  peildatum 2011-02-15\n  feiten\n    uitkering is "wwb"\n'
                 '\nvoorbeeld "met leeg blok"\n  peildatum 2011-02-15\n  feiten\n  verwacht\n  # slot\n',
                 encoding="utf-8")
    r = cli("test", SCHINNEN, p, "--update")
    assert r.exit_code == 0, r.output
    new = p.read_text(encoding="utf-8")
    assert new.startswith('# kop\nvoorbeeld "nieuw"\n  peildatum 2011-02-15\n  feiten\n    uitkering is "wwb"\n'
                          '  verwacht\n    uitkeringsgerechtigde is waar volgens artikel 1 lid 1 onder a\n')
    assert new.endswith("    hardheidsclausule_van_toepassing is onbekend, ontbreekt onbillijkheid_van_overwegende_aard\n"
                        "  # slot\n")
    f, diags = V.parse(new, str(p))
    assert diags == []
    decisions = [d.name for d in schinnen.versions[0].program.model.decisions]
    assert [[e.decision for e in ex.expectations] for ex in f.examples] == [decisions, decisions]
    assert cli("test", SCHINNEN, p).exit_code == 0


def test_update_leaves_a_passing_file_alone(cli, tmp_path):
    p = tmp_path / "goed.voorbeelden"
    shutil.copy(VOORBEELDEN / "artikel-04.voorbeelden", p)
    before = p.read_bytes()
    r = cli("test", SCHINNEN, p, "--update")
    assert r.exit_code == 0
    assert "updated" not in r.stdout.split(":")[0]
    assert p.read_bytes() == before


def test_update_does_not_touch_examples_with_bad_input(cli, tmp_path):
    p = tmp_path / "fout.voorbeelden"
    text = 'voorbeeld "x"\n  peildatum 2011-02-15\n  feiten\n    uitkring is "geen"\n  verwacht\n    nugger is waar\n'
    p.write_text(text, encoding="utf-8")
    r = cli("test", SCHINNEN, p, "--update")
    assert r.exit_code == 2
    assert p.read_text(encoding="utf-8") == text


def test_find_files_is_sorted_and_deduplicated():
    files = runner.find_files([VOORBEELDEN, VOORBEELDEN / "artikel-01.voorbeelden"])
    assert files == FILES
    assert runner.default_paths(SCHINNEN) == [SCHINNEN]
    assert runner.default_paths(SCHINNEN / "2004" / "regeling.rules") == []  # none beside the file


# ------------------------------------------------------------------ JSON, versions, round trips


def test_json_report(cli, tmp_path):
    p = tmp_path / "fout.voorbeelden"
    p.write_text(FAILING, encoding="utf-8")
    r = cli("test", SCHINNEN, p, "--format", "json")
    assert r.exit_code == 1
    data = r.json()
    assert data["summary"] == {"voorbeelden": 1, "verwachtingen": 3, "passed": 0, "failed": 1, "not_run": 0,
                               "errors": 0}
    (ex,) = data["files"][0]["examples"]
    assert ex["status"] == "failed" and ex["peildatum"] == "2011-02-15"
    aanspraak = ex["checks"][0]
    assert aanspraak["decision"] == "aanspraak_op_ondersteuning" and aanspraak["line"] == 11
    assert aanspraak["expected"]["value"] is True and aanspraak["got"]["value"] is False
    assert aanspraak["got"]["citations"][0]["label"] == "artikel 4, vierde lid"
    assert ex["checks"][1]["passed"] is True


VERSION = '''regeling proef
  titel "Proefregeling"
  geldig vanaf {start}{end}
feit inkomen: bedrag
artikel 1 "Grens"
  beslissing hoog: ja/nee
  hoog is waar
    als inkomen > {grens}
    anders onwaar
'''


def test_the_peildatum_picks_the_version(cli, tmp_path):
    for folder, start, end, grens in (("2020", "2020-01-01", " tot 2022-01-01", "€ 1.000"),
                                      ("2022", "2022-01-01", "", "€ 1.200")):
        d = tmp_path / "proef" / folder
        d.mkdir(parents=True)
        (d / "regeling.rules").write_text(VERSION.format(start=start, end=end, grens=grens), encoding="utf-8")
    (tmp_path / "proef" / "grens.voorbeelden").write_text(
        'voorbeeld "oud"\n  peildatum 2021-12-31\n  feiten\n    inkomen is € 1.100\n'
        '  verwacht\n    hoog is waar volgens artikel 1\n'
        'voorbeeld "nieuw"\n  peildatum 2022-01-01\n  feiten\n    inkomen is € 1.100\n'
        '  verwacht\n    hoog is onwaar volgens artikel 1\n', encoding="utf-8")
    r = cli("test", tmp_path / "proef")
    assert r.exit_code == 0, r.output
    cov = cli("coverage", tmp_path / "proef", "--format", "json").json()
    assert [v["dynamic"]["runs"] for v in cov["versions"]] == [1, 1]
    assert cov["dynamic_percent"] == 50.0  # each version: its regel, or its anders, was beslissend


try:
    from hypothesis import given, strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test extra
    given = None

if given is not None:
    import datetime as _dt
    from decimal import Decimal as _D

    _values = st.one_of(
        st.booleans(), st.none(),
        st.dates(min_value=_dt.date(1900, 1, 1), max_value=_dt.date(2100, 12, 31)),
        st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\n\r"), max_size=20),
        st.decimals(min_value=-10**7, max_value=10**7, places=2).map(lambda d: ("bedrag", d)),
        st.integers(min_value=-10**6, max_value=10**6),
    )

    @given(_values)
    def test_what_update_writes_reads_back_the_same(value):
        kind = None
        if isinstance(value, tuple):
            kind, value = value
        text = report.render_expectation("d", value, kind)
        f, diags = V.parse(f'voorbeeld "v"\n peildatum 2010-01-01\n feiten\n verwacht\n  {text}\n', "v")
        assert diags == []
        got = f.examples[0].expectations[0].value.value
        if isinstance(value, _D) or (isinstance(value, int) and not isinstance(value, bool)):
            assert _D(got) == _D(value)
        else:
            assert got == value


def test_an_example_with_a_date_that_does_not_exist_is_not_run(cli, tmp_path):
    p = tmp_path / "datum.voorbeelden"
    p.write_text('voorbeeld "x"\n  peildatum 2011-02-15\n  feiten\n    geboortedatum is 1980-02-30\n'
                 '  verwacht\n    jongere is onwaar\n', encoding="utf-8")
    r = cli("test", SCHINNEN, p)
    assert r.exit_code == 2
    assert f"{p}:4:22: error: '1980-02-30' is not a date that exists" in r.stderr
    assert "1 not run" in r.stdout
