"""Issue 14, section 2: the drafter sees the cause first, with a hint in the drafter's words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dsl.loader import check_paths
from interpreter import load
from interpreter.case import CaseError
from interpreter.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
HEAD = '''regeling proef
  titel "Proef"
  geldig vanaf 2020-01-01

feit inkomen: bedrag per maand
feit woont: ja/nee

artikel 1 "Aanspraak"
  lid 1
    tekst "De aanspraak."
    beslissing aanspraak: ja/nee
'''


def _check(tmp_path, body: str, name: str = "r.rules"):
    (tmp_path / name).write_text(HEAD + body, encoding="utf-8")
    diagnostics, _ = check_paths([tmp_path])
    return [d for d in diagnostics if d.is_error]


def test_unknown_provision_first_and_its_consequences_held_back(tmp_path):
    errors = _check(tmp_path, "    aanspraak is waar\n      als woont\n  lid 2\n    tekst \"x\"\n"
                              "    uitzondering op lid 3:\n      aanspraak is onwaar\n"
                              "        als inkomen > € 10,00\n")
    assert [d.message for d in errors] == ["'uitzondering op artikel 1, derde lid': there is no such provision"]


def test_did_you_mean_for_a_provision(tmp_path):
    errors = _check(tmp_path, "    aanspraak is waar\n      als woont\n\nartikel 2\n  lid 1\n    tekst \"x\"\n"
                              "    uitzondering op artikel 1 lid 1 onder a:\n      aanspraak is onwaar\n"
                              "        als inkomen > € 10,00\n")
    assert errors[0].message.endswith("there is no such provision")
    assert errors[0].hint == "did you mean 'artikel 1, eerste lid'?"  # the lid exists, 'onder a' not
    assert len(errors) == 1


def test_misspelt_decision_is_not_echoed_as_a_decision_without_rule(tmp_path):
    errors = _check(tmp_path, "    aanspraaak is waar\n      als woont\n")
    assert [d.message for d in errors] == ["unknown decision 'aanspraaak'"]
    assert errors[0].hint == "did you mean 'aanspraak'?"


@pytest.mark.parametrize("word, value", [("ja", "waar"), ("nee", "onwaar")])
def test_is_ja_in_a_rule(tmp_path, word, value):
    errors = _check(tmp_path, f"    aanspraak is {word}\n      als woont\n")
    assert len(errors) == 1
    assert errors[0].message == f"'{word}' is not a value: a truth value is written 'waar' or 'onwaar'"
    assert errors[0].hint.startswith(f"write '{value}'")
    assert (errors[0].span.line, errors[0].span.column) == (12, 18)


def test_unclosed_triple_quote_is_reported_at_its_opening_line(tmp_path):
    errors = _check(tmp_path, '  lid 2\n    tekst """Niet gesloten\n\nartikel 2\n  lid 1\n    tekst "x"\n')
    assert errors[0].message.startswith("unclosed text")
    assert (errors[0].span.line, errors[0].span.column) == (13, 11)


@pytest.mark.parametrize("body, line", [
    ("    aanspraak is waar\n      als woont en\n      anders onwaar\n", 13),
    ("    aanspraak is waar\n      als woont of\n", 13),
    ("    aanspraak is waar\n      als woont\n        of\n", 14),
])
def test_dangling_en_of(tmp_path, body, line):
    errors = _check(tmp_path, body)
    assert len(errors) == 1
    word = "en" if "en\n" in body.split("als")[1] else "of"
    assert errors[0].message.startswith(f"'{word}' ends the condition, but nothing follows it")
    assert errors[0].span.line == line
    assert errors[0].hint == f"write the second condition after '{word}', or remove '{word}'"


def test_en_at_the_end_of_law_text_is_no_slip(tmp_path):
    errors = _check(tmp_path, '    tekst2 """Dit en\n dat."""\n')
    assert errors and not errors[0].message.startswith("'en' ends")


def test_point_for_cents(tmp_path):
    errors = _check(tmp_path, "    aanspraak is waar\n      als inkomen > € 2.500.00\n")
    assert len(errors) == 1
    assert errors[0].message.startswith("'€ 2.500.00' is not an amount: the cents come after a comma")
    assert errors[0].hint.startswith("write € 2.500,00")
    assert (errors[0].span.line, errors[0].span.column) == (13, 21)


def test_circular_definition_at_the_use_that_closes_it_with_every_step(tmp_path):
    errors = _check(tmp_path, "    aanspraak is waar\n      als woont en b\n"
                              "    begrip b is c\n    begrip c is aanspraak\n")
    assert len(errors) == 1
    f = str(tmp_path / "r.rules")
    assert errors[0].message == (f"circular definition: begrip 'c' uses decision 'aanspraak' here, which uses "
                                 f"begrip 'b' ({f}:13), which uses begrip 'c' ({f}:14)")
    assert (errors[0].span.line, errors[0].span.column) == (15, 17)


def test_a_begrip_that_uses_itself(tmp_path):
    errors = _check(tmp_path, "    aanspraak is waar\n      als woont en b\n    begrip b is b en woont\n")
    assert [d.message for d in errors] == ["circular definition: begrip 'b' uses itself"]


def test_one_file_of_a_regulation_is_checked_in_its_context():
    result = CliRunner().invoke(main, ["check", str(ROOT / "rules/schinnen/2004/artikel-04.rules")])
    assert result.exit_code == 0, result.output
    assert "regeling" not in result.output


def test_one_file_shows_only_its_own_problems_and_names_the_folder(tmp_path):
    folder = tmp_path / "schinnen"
    shutil.copytree(ROOT / "rules/schinnen/2004", folder)
    a5 = folder / "artikel-05.rules"
    a5.write_text(a5.read_text(encoding="utf-8").replace("neemt_deel_aan_voorziening", "neemt_deel", 1),
                  encoding="utf-8")
    a4 = folder / "artikel-04.rules"
    a4.write_text(a4.read_text(encoding="utf-8").replace("als gezinsinkomen >", "als gezinsinkomn >"),
                  encoding="utf-8")
    diagnostics, _ = check_paths([a4])
    assert {d.span.file for d in diagnostics} == {str(a4)}
    assert any("gezinsinkomn" in d.message for d in diagnostics)
    assert any(d.message.startswith("this file is checked with the other files of its regulation")
               and d.hint == f"run 'grondslag check {folder}'" for d in diagnostics)


def test_a_lone_file_without_header_says_to_check_the_folder(tmp_path):
    lone = tmp_path / "artikel-04.rules"
    shutil.copy(ROOT / "rules/schinnen/2004/artikel-04.rules", lone)
    diagnostics, _ = check_paths([lone])
    assert "check the folder that holds its 'regeling' file" in diagnostics[0].hint


@pytest.fixture(scope="module")
def succession(tmp_path_factory):
    folder = tmp_path_factory.mktemp("succession")
    for name in ("schinnen", "participatiewet"):
        shutil.copytree(ROOT / "rules" / name, folder / name)
    return load(folder)


def test_case_error_in_a_succession_names_the_regulation_and_its_facts(succession):
    with pytest.raises(CaseError) as exc:
        succession.evaluate({"peildatum": "2015-06-01", "woont_in_gemeente": True})
    message = str(exc.value)
    assert message.startswith("unknown fact 'woont_in_gemeente'")
    assert "on 2015-06-01 the regulation 'Re-integratie" in message
    assert "(reintegratie-participatiewet-kader, in force from 2015-01-01) applies" in message
    assert "its facts are: geboortedatum, behoort_tot_doelgroep" in message
    assert exc.value.field == "woont_in_gemeente"


def test_case_error_before_the_succession_names_the_first_regulation(succession):
    with pytest.raises(CaseError, match=r"on 2010-06-01 the regulation 'Re.ntegratieverordening .*in force from "
                                        r"2004-11-01 until 2015-01-01\) applies, and its facts are: geboortedatum"):
        succession.evaluate({"peildatum": "2010-06-01", "gezinsinkomn": "10"})


def test_a_misspelt_fact_is_not_also_reported_as_unused(tmp_path):
    (tmp_path / "r.rules").write_text(HEAD + "    aanspraak is waar\n      als woont en inkomn > € 10,00\n"
                                      "      anders onwaar\n", encoding="utf-8")
    diagnostics, _ = check_paths([tmp_path])
    assert [d.message for d in diagnostics] == ["unknown name 'inkomn'"]


def test_a_misspelt_declaration_is_the_one_cause(tmp_path):
    body = HEAD.replace("beslissing aanspraak:", "beslissing aanspraal:") + (
        "    aanspraak is waar\n      als woont\n"
        "  lid 2\n    tekst \"x\"\n    uitzondering op lid 1:\n      aanspraak is onwaar\n"
        "        als inkomen > € 10,00\n")
    (tmp_path / "r.rules").write_text(body, encoding="utf-8")
    diagnostics, _ = check_paths([tmp_path])
    assert [(d.message, d.span.line) for d in diagnostics] == [
        ("decision 'aanspraal' is declared here, but the rules (2 places) write 'aanspraak'", 11)]
    assert diagnostics[0].hint == "declare it as 'aanspraak'"


def test_an_en_that_is_followed_is_no_slip(tmp_path):
    errors = _check(tmp_path, "    aanspraak is waar\n      als woont en\n        inkomen >> € 10,00\n")
    assert len(errors) == 1 and not errors[0].message.startswith("'en' ends")


def test_a_dangling_of_before_anders_and_a_blank_line(tmp_path):
    """'als a of b of' then 'anders onwaar' and the next lid: the slip, not 'did you mean onwaar' for onwaar."""
    errors = _check(tmp_path, "    aanspraak is waar\n      als woont of inkomen > € 10,00 of\n      anders onwaar\n"
                              "\n  lid 2\n    tekst \"y\"\n")
    assert len(errors) == 1
    assert errors[0].message.startswith("'of' ends the condition, but nothing follows it")
    assert errors[0].span.line == 13


def test_a_keyword_is_never_its_own_did_you_mean(tmp_path):
    errors = _check(tmp_path, "    aanspraak is waar\n      als woont\n    onwaar\n  lid 2\n    tekst \"y\"\n")
    assert errors and all(e.hint != "did you mean 'onwaar'?" for e in errors)
    assert errors[0].message.startswith("'onwaar' stands alone: a value follows 'is' or 'anders'")
    assert (errors[0].span.line, errors[0].span.column) == (14, 5)


@pytest.mark.parametrize("word, hint", [("ja", "write 'als woont'"), ("nee", "write 'als niet woont'"),
                                        ("waar", "write 'als woont'"), ("onwaar", "write 'als niet woont'")])
def test_is_ja_in_a_condition(tmp_path, word, hint):
    errors = _check(tmp_path, f"    aanspraak is waar\n      als woont is {word}\n      anders onwaar\n")
    assert len(errors) == 1
    assert errors[0].hint == hint
    assert (errors[0].span.line, errors[0].span.column) == (13, 20)
    if word in ("ja", "nee"):
        assert errors[0].message.startswith(f"'{word}' is not a value: a truth value is written 'waar' or 'onwaar'")


def test_a_text_closed_with_one_quote_is_reported_at_its_opening(tmp_path):
    """'tekst \"\"\"...aanbod."' runs on to the next text's \"\"\"; the words after it are not the cause."""
    errors = _check(tmp_path, '  lid 2\n    tekst """Het college doet\n             een aanbod."\n'
                              '    niet uitvoerbaar """Eisen aan de inhoud."""\n')
    assert len(errors) == 1
    assert errors[0].message.startswith("unclosed text")
    assert (errors[0].span.line, errors[0].span.column) == (13, 11)
    assert errors[0].hint.startswith('the text runs on to the """ on line 15')


def test_a_closed_text_followed_by_a_slip_is_not_called_unclosed(tmp_path):
    errors = _check(tmp_path, '  lid 2\n    tekst """Het college doet\n             een aanbod."""\n'
                              '    niet uitvoerbaar "x" y\n')
    assert errors and not errors[0].message.startswith("unclosed text")


def test_an_unknown_fact_over_several_subjects_names_only_the_regulations_in_force():
    """On 2015-06-01 the Participatiewet framework applies, not Schinnen (in force until 2015-01-01)."""
    every = load(ROOT / "rules")
    with pytest.raises(CaseError) as exc:
        every.evaluate({"peildatum": "2015-06-01", "woont_in_gemeente": True})
    message = str(exc.value)
    assert "'re-integratie' (reintegratie-participatiewet-kader)" in message
    assert "schinnen-reintegratieverordening-wwb" not in message


def test_a_lone_file_without_header_holds_back_the_names_declared_elsewhere(tmp_path):
    """Checked alone, artikel 8 of Schinnen misses its regulation's facts: the cause is the missing header,
    not fifteen unknown names and a decision 'terugvordering_mogelijk' that 'may be beeindiging_mogelijk'."""
    lone = tmp_path / "artikel-08.rules"
    shutil.copy(ROOT / "rules/schinnen/2004/artikel-08.rules", lone)
    diagnostics, _ = check_paths([lone])
    assert [d.message for d in diagnostics if d.is_error] == [
        "no 'regeling' header: a regulation needs its identity and validity"]


def test_a_lone_file_keeps_its_own_slips(tmp_path):
    lone = tmp_path / "r.rules"
    lone.write_text('artikel 1\n  lid 1\n    tekst "x"\n    beslissing b: ja/nee\n    b is ja als c\n',
                    encoding="utf-8")
    diagnostics, _ = check_paths([lone])
    messages = [d.message for d in diagnostics if d.is_error]
    assert messages[0].startswith("no 'regeling' header")
    assert "'ja' is not a value: a truth value is written 'waar' or 'onwaar'" in messages
    assert "unknown name 'c'" not in messages


def test_point_for_cents_in_a_voorbeeld():
    """The drafter writes voorbeelden too: '€ 2.750.00' there gets the same words as in a rule file."""
    from dsl.examples import parse as parse_examples
    source = ('voorbeeld "Te hoog inkomen"\n  peildatum 2011-02-15\n  feiten\n    gezinsinkomen is € 2.750.00\n'
              '  verwacht\n    aanspraak_op_ondersteuning is onwaar\n')
    _, diagnostics = parse_examples(source, "x.voorbeelden")
    assert len(diagnostics) == 1
    assert diagnostics[0].message.startswith("'€ 2.750.00' is not an amount: the cents come after a comma")
    assert diagnostics[0].hint.startswith("write € 2.750,00")
    assert (diagnostics[0].span.line, diagnostics[0].span.column) == (4, 22)


def test_a_lid_the_article_does_not_have_lists_its_leden_not_the_article(tmp_path):
    """'lid 7' of an article with two leden: the hint names the leden there are; the article
    itself is no replacement for a lid, and a lid is not guessed by its spelling."""
    errors = _check(tmp_path, "    aanspraak is waar\n      als woont\n  lid 2\n    tekst \"x\"\n"
                              "\nartikel 2\n  lid 1\n    tekst \"y\"\n"
                              "    uitzondering op artikel 1 lid 7:\n      aanspraak is onwaar\n"
                              "        als inkomen > € 10,00\n")
    assert errors[0].message == "'uitzondering op artikel 1, zevende lid': there is no such provision"
    assert "artikel 1, eerste lid" in errors[0].hint and "artikel 1, tweede lid" in errors[0].hint
    assert not errors[0].hint.startswith("did you mean")
