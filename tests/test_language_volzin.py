"""Sentences (volzinnen): a lid, or an artikel without leden, whose sentences each hold a rule.

Cited as the Aanwijzingen voor de regelgeving (3.29) write it: "artikel 2, eerste lid,
tweede volzin"; referred to in rules as `artikel 2 lid 1 volzin 2`; the citation object
has "sentence" where a volzin is cited. Schinnen's artikel 2, eerste lid, is the case in
the law: its second sentence (artikel 40 WWB) sets the aanspraak aside for non-residents.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import interpreter
from dsl.citation import Citation
from dsl.formatter import format_source
from dsl.parser import parse
from interpreter.codegen import compiled
from interpreter.columnar.table import evaluate_outcomes
from interpreter.motivation.html import anchor
from interpreter.result import _outcome_dict
from quantity_rules import DATE, HEADER, diagnostics, errors, load_text
from tests.columnar_cases import to_table

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "language" / "volzinnen.rules"

BODY = '''feit inkomen: bedrag
feit woont_hier: ja/nee
artikel 2
  lid 1
    volzin 1
      tekst "Wie minder dan € 1.000 verdient, krijgt een toeslag."
      beslissing toeslag: ja/nee
      toeslag is waar als inkomen < € 1.000 anders onwaar
    volzin 2 "Woonplaats"
      tekst "Dit geldt alleen voor wie in de gemeente woont."
      uitzondering op volzin 1:
        toeslag is onwaar als niet woont_hier
  lid 2
    tekst "Het college stelt de toeslag vast."
    niet uitvoerbaar "Wie de toeslag vaststelt; geen beslissing over een geval."
artikel 9
  volzin 1
    tekst "Het college kan een toeslag intrekken."
    niet uitvoerbaar "Een bevoegdheid van het college."
  volzin 2
    tekst "Wie buiten de gemeente woont, krijgt geen toeslag."
    uitzondering op artikel 2 lid 1 volzin 1:
      toeslag is onwaar als niet woont_hier
'''


@pytest.fixture(scope="module")
def reg(tmp_path_factory):
    return load_text(tmp_path_factory.mktemp("volzin"), BODY)


# ------------------------------------------------------------------ the citation


def test_label_reference_and_dict():
    c = Citation("2", 1, sentence=2)
    assert c.label == "artikel 2, eerste lid, tweede volzin"
    assert c.reference == "artikel 2 lid 1 volzin 2"
    d = c.to_dict()
    assert (d["article"], d["paragraph"], d["item"], d["sentence"], d["label"]) == (
        "2", 1, None, 2, "artikel 2, eerste lid, tweede volzin")
    assert Citation("9", sentence=2).label == "artikel 9, tweede volzin"
    assert Citation("9", sentence=2).reference == "artikel 9 volzin 2"
    assert Citation("9", sentence=21).label == "artikel 9, eenentwintigste volzin"
    assert "sentence" not in Citation("2", 1).to_dict()  # only where a volzin is cited


def test_the_single_lid_of_an_article_is_not_named_before_its_sentence(tmp_path):
    """Aanwijzing 3.29, as for an onderdeel: 'artikel 5, tweede volzin', not '..., eerste lid, ...'."""
    reg = load_text(tmp_path, '''feit a: ja/nee
artikel 5
  lid 1
    volzin 1
      tekst "Een."
      beslissing b: ja/nee
      b is waar als a anders onwaar
    volzin 2
      tekst "Twee."
      uitzondering op volzin 1:
        b is onwaar als niet a
''')
    d = reg.evaluate({"a": True}, DATE)["b"]
    assert d.citations[0].label == "artikel 5, eerste volzin"
    assert d.to_dict()["citations"][0]["paragraph"] == 1  # the JSON keeps the lid, as for an onderdeel


def test_a_sentence_is_a_provision_of_its_own():
    assert Citation("2", 1, sentence=1) != Citation("2", 1, sentence=2)
    assert Citation("2", 1, sentence=1) != Citation("2", 1)
    assert Citation("2", 1).contains(Citation("2", 1, sentence=2))
    assert Citation("2").contains(Citation("2", 1, sentence=2))
    assert Citation("2", 1, sentence=2).contains(Citation("2", 1, sentence=2))
    assert not Citation("2", 1, sentence=1).contains(Citation("2", 1, sentence=2))
    assert not Citation("2", 1, sentence=1).contains(Citation("2", 1))


def test_the_machine_reference_points_at_the_lid():
    """JCDR and jci have no sentence level: the reference of a volzin is that of its lid."""
    schinnen = interpreter.load(ROOT / "rules" / "schinnen")
    d = schinnen.evaluate({"uitkering": "wwb", "woont_in_gemeente": False}, dt.date(2010, 6, 1))
    c = d["aanspraak_op_ondersteuning"].to_dict()["citations"][0]
    assert c["reference"].endswith("&artikel=2&lid=1")


def test_html_anchor_of_a_sentence_is_not_that_of_its_lid():
    assert anchor(Citation("2", 1, sentence=2)) == "p-2-1-v2"
    assert anchor(Citation("2", 1)) == "p-2-1"


# ------------------------------------------------------------------ the language


def test_parse_a_lid_and_an_artikel_with_sentences():
    tree, diags = parse(HEADER + BODY, "proef.rules")
    assert diags == []
    art2, art9 = tree.provisions
    lid, _ = art2.children
    assert [(c.kind, c.number, c.heading) for c in lid.children] == [("volzin", "1", None),
                                                                       ("volzin", "2", "Woonplaats")]
    assert [(c.kind, c.number) for c in art9.children] == [("volzin", "1"), ("volzin", "2")]
    (ref,) = art9.children[1].body[1].exceptions
    assert (ref.article, ref.paragraph, ref.sentence) == ("2", 1, 1)


def test_a_lid_holds_onderdelen_or_volzinnen_not_both():
    body = BODY.replace('  volzin 2 "Woonplaats"', '  onderdeel a\n      tekst "x"\n    volzin 2 "Woonplaats"')
    (err,) = [d for d in diagnostics(body) if d.is_error]
    assert err.message.startswith("'volzin' cannot stand here") and "(in artikel 2, lid 1)" in err.message
    after = BODY.replace('    volzin 1\n', '    onderdeel a\n      tekst "x"\n    volzin 1\n', 1)
    (err,) = [d for d in diagnostics(after) if d.is_error]
    assert err.message.startswith("'volzin' cannot stand here") and err.span.line == HEADER.count("\n") + 7


def test_formatter_lays_out_a_sentence_one_level_below_what_holds_it():
    once = format_source(HEADER + BODY)
    assert format_source(once) == once
    lines = once.splitlines()
    assert "    volzin 1" in lines and '    volzin 2 "Woonplaats"' in lines  # in a lid
    assert "  volzin 1" in lines  # in an artikel without leden
    assert "      uitzondering op volzin 1:" in lines
    assert "    uitzondering op artikel 2 lid 1 volzin 1:" in lines


def test_a_clean_check(reg):
    assert [d for d in diagnostics(BODY) if d.is_error or d.severity == "warning"] == []


# ------------------------------------------------------------------ exceptions to a sentence


def test_the_rule_of_the_first_sentence_cites_it(reg):
    d = reg.evaluate({"inkomen": "900", "woont_hier": True}, DATE)["toeslag"]
    assert d.value is True
    assert [c.label for c in d.citations] == ["artikel 2, eerste lid, eerste volzin"]


def test_an_exception_in_the_second_sentence_sets_the_first_aside(reg):
    d = reg.evaluate({"inkomen": "900", "woont_hier": False}, DATE)["toeslag"]
    assert d.value is False
    assert [c.label for c in d.citations] == ["artikel 2, eerste lid, tweede volzin", "artikel 9, tweede volzin"]
    assert d.to_dict()["citations"][0]["sentence"] == 2


def test_an_exception_to_a_sentence_that_does_not_exist_is_an_error():
    errs = errors(BODY.replace("uitzondering op volzin 1:", "uitzondering op volzin 3:"))
    assert len(errs) == 1
    assert "'uitzondering op artikel 2, eerste lid, derde volzin': there is no such provision" in errs[0]
    assert "did you mean 'artikel 2, eerste lid, eerste volzin'?" in errs[0]  # not the sentence it is in


def test_a_sentence_of_a_lid_without_sentences_is_an_error_with_the_lid_as_hint():
    body = BODY + '''artikel 3
  lid 1
    tekst "Een lid zonder volzinnen."
    uitzondering op artikel 2 lid 1 volzin 1:
      toeslag is onwaar als inkomen > € 5.000
  lid 2
    tekst "Nog een."
    uitzondering op lid 1 volzin 2:
      toeslag is onwaar als inkomen > € 9.000
'''
    errs = errors(body)
    assert len(errs) == 1
    assert "artikel 3, eerste lid, tweede volzin" in errs[0] and "did you mean 'artikel 3, eerste lid'?" in errs[0]


# ------------------------------------------------------------------ Schinnen, in every engine


NON_RESIDENT = {"peildatum": "2010-06-01", "uitkering": "wwb", "geboortedatum": "1970-04-12",
                "woont_in_gemeente": False, "gezinsinkomen": "1200.00",
                "voorliggende_voorziening_toereikend": False}
SECOND_SENTENCE = ("2", 1, None, 2, "artikel 2, eerste lid, tweede volzin")


def _key(c: dict) -> tuple:
    return c["article"], c["paragraph"], c["item"], c.get("sentence"), c["label"]


@pytest.fixture(scope="module")
def schinnen():
    return interpreter.load(ROOT / "rules" / "schinnen")


def test_non_resident_in_the_tree(schinnen):
    version = schinnen.version_on(dt.date(2010, 6, 1))
    facts = interpreter.case.read_facts(NON_RESIDENT, version.fact_types)
    result = version.evaluate_facts(facts, dt.date(2010, 6, 1))  # the tree, not the compiled program
    d = result["aanspraak_op_ondersteuning"]
    assert d.value is False
    assert _key(d.to_dict()["citations"][0]) == SECOND_SENTENCE
    assert _key(result["opdracht_ondersteuning"].to_dict()["citations"][0]) == SECOND_SENTENCE


def test_non_resident_in_the_compiled_engine(schinnen):
    version = schinnen.version_on(dt.date(2010, 6, 1))
    facts = interpreter.case.read_facts(NON_RESIDENT, version.fact_types)
    program = compiled(version)
    assert program is not None
    decided = program.decide(facts, dt.date(2010, 6, 1))
    outcomes = dict(program.outcomes(decided))
    out = outcomes["aanspraak_op_ondersteuning"]
    assert out.value is False
    assert _key(out.citations[0].to_dict()) == SECOND_SENTENCE
    reference = version.evaluate_facts(facts, dt.date(2010, 6, 1))
    missing = version.program.missing_facts
    assert {n: _outcome_dict(o, missing) for n, o in outcomes.items()} == \
        {n: _outcome_dict(o, missing) for n, o in reference._outcomes}


def test_non_resident_in_the_columnar_engine(schinnen):
    types = {}
    for v in schinnen.versions:
        types.update(v.fact_types)
    case = {**NON_RESIDENT, "peildatum": dt.date(2010, 6, 1), "geboortedatum": dt.date(1970, 4, 12)}
    outcomes = evaluate_outcomes(schinnen, to_table([case], types), None)
    assert outcomes.fallback == 0  # the columnar engine itself, not the per-case fallback
    (line,) = [line for _, line in outcomes.json_lines()]
    d = json.loads(line)["decisions"]["aanspraak_op_ondersteuning"]
    assert d["value"] is False
    assert _key(d["citations"][0]) == SECOND_SENTENCE
    assert line == schinnen.evaluate(dict(NON_RESIDENT)).to_json(indent=None)


def test_the_fixture_agrees_in_the_three_engines():
    """tests/fixtures/language/volzinnen.rules (also in the generated parity tests)."""
    reg = interpreter.load(FIXTURE)
    version = reg.versions[0]
    types = dict(version.fact_types)
    cases = [{"peildatum": dt.date(2021, 1, 1), "inkomen": inkomen, "woont_hier": woont, "student": student}
             for inkomen in ("400", "900", "1500") for woont in (True, False, None) for student in (True, False)]
    outcomes = evaluate_outcomes(reg, to_table(cases, types), None)
    program = compiled(version)
    for case, (_, line) in zip(cases, outcomes.json_lines()):
        raw = {**case, "peildatum": case["peildatum"].isoformat()}
        assert line == reg.evaluate(dict(raw)).to_json(indent=None)
        facts = interpreter.case.read_facts(raw, version.fact_types)
        tree = version.evaluate_facts(facts, case["peildatum"])
        mine = dict(program.outcomes(program.decide(facts, case["peildatum"])))
        missing = version.program.missing_facts
        assert {n: _outcome_dict(o, missing) for n, o in mine.items()} == \
            {n: _outcome_dict(o, missing) for n, o in tree._outcomes}
    got = {json.loads(line)["decisions"]["hoogte"]["citations"][0]["label"] for _, line in outcomes.json_lines()
           if json.loads(line)["decisions"]["hoogte"]["citations"]}
    assert {"artikel 2, eerste volzin", "artikel 2, tweede volzin"} <= got


def test_voorbeelden_name_a_sentence():
    from dsl import examples as V
    f, diags = V.parse('voorbeeld "x"\n  peildatum 2010-06-01\n  feiten\n    woont_in_gemeente is onwaar\n'
                       '  verwacht\n    aanspraak_op_ondersteuning is onwaar volgens artikel 2 lid 1 volzin 2\n',
                       "x.voorbeelden")
    assert diags == []
    (e,) = f.examples[0].expectations
    assert [c.citation for c in e.citations] == [Citation("2", 1, sentence=2)]
    assert V.render_citation(e.citations[0].citation) == "artikel 2 lid 1 volzin 2"
