"""The Participatiewet framework (rules/participatiewet): every titled section and alinea is
encoded or marked 'niet uitvoerbaar', its text is the law's, and its citations read naturally."""

import re

import pytest

import interpreter
from dsl.loader import check_paths

from conftest import FIXTURES, RULES

PW = RULES / "participatiewet"
LAW = FIXTURES / "participatiewet" / "wettekst.txt"

SECTIONS = ["Re-integratie", "Re-integratiebeleid", "Werk boven inkomen", "Maatwerk", "Verdeling"]
# (section, alinea) of every paragraph of the text; None: a section of one paragraph
PARAGRAPHS = [("Re-integratie", None), ("Re-integratiebeleid", None), ("Werk boven inkomen", None),
              ("Maatwerk", 1), ("Maatwerk", 2), ("Maatwerk", 3), ("Verdeling", 1), ("Verdeling", 2)]


def _norm(text: str) -> str:
    """Whitespace as one space, and a word hyphenated at a line break ("re-\nintegratie") joined
    again as the rule files write it ("re-integratie")."""
    return re.sub(r"\s+", " ", re.sub(r"-\n\s*", "-", text)).strip()


@pytest.fixture(scope="module")
def pw():
    return interpreter.load(PW)


@pytest.fixture(scope="module")
def model(pw):
    return pw.versions[0].program.model


def test_check_is_clean():
    diagnostics, _ = check_paths([PW])
    assert diagnostics == []


def test_check_cli_is_clean(cli):
    r = cli("check", PW)
    assert r.exit_code == 0, r.output
    assert "0 errors, 0 warnings" in r.stderr


def test_regeling_header(pw):
    info = pw.versions[0].info
    assert info.id == "reintegratie-participatiewet-kader"
    assert info.subject == "re-integratie"
    assert str(info.valid_from) == "2015-01-01"
    assert info.valid_until is None
    assert len(pw.versions) == 1


def test_sections_in_order_of_the_text(model):
    sections = [p.citation.section for p in model.provisions if p.kind == "paragraaf"]
    assert sections == SECTIONS
    for p in model.provisions:
        assert p.citation.article is None and p.citation.paragraph is None and p.citation.item is None


@pytest.mark.parametrize("section, alinea", PARAGRAPHS)
def test_every_paragraph_is_encoded_or_not_executable(model, section, alinea):
    p = next(p for p in model.provisions if p.citation.section == section and p.citation.alinea == alinea)
    assert not p.has_children
    assert p.encoded or p.not_executable, p.citation.label
    assert p.text, f"{p.citation.label} has no tekst"


def test_no_other_paragraphs(model):
    leaves = [(p.citation.section, p.citation.alinea) for p in model.provisions if not p.has_children]
    assert leaves == PARAGRAPHS


@pytest.mark.parametrize("section, alinea", PARAGRAPHS)
def test_text_is_verbatim(model, section, alinea):
    law = _norm(LAW.read_text(encoding="utf-8"))
    p = next(p for p in model.provisions if p.citation.section == section and p.citation.alinea == alinea)
    assert _norm(p.text) in law


def test_all_of_the_law_is_there(model):
    """Every paragraph of the text (after the page introduction) is the tekst of one provision."""
    law = _norm(LAW.read_text(encoding="utf-8"))
    covered = law
    for p in model.provisions:
        if p.text:
            covered = covered.replace(_norm(p.text), "")
    for title in sorted(SECTIONS, key=len, reverse=True):
        covered = covered.replace(title, "")
    rest = _norm(covered)
    assert rest == ("Hieronder vindt u meer informatie over de wettelijke achtergrond en kaders van de "
                    "re-integratietaak die we als gemeente hebben.!")


@pytest.mark.parametrize("section, alinea, reason_word", [
    ("Re-integratiebeleid", None, "beleid"),
    ("Maatwerk", 1, "beleidsruimte"),
])
def test_not_executable_paragraphs_give_a_reason(model, section, alinea, reason_word):
    p = next(p for p in model.provisions if p.citation.section == section and p.citation.alinea == alinea)
    assert p.not_executable and reason_word in p.not_executable


@pytest.mark.parametrize("section, alinea", [
    ("Re-integratie", None), ("Re-integratiebeleid", None), ("Werk boven inkomen", None),
    ("Maatwerk", 2), ("Verdeling", 1), ("Verdeling", 2),
])
def test_interpretive_choices_are_readings(model, section, alinea):
    p = next(p for p in model.provisions if p.citation.section == section and p.citation.alinea == alinea)
    assert p.readings


def test_duplicate_circumstances_choice_is_recorded(model):
    beleid = next(p for p in model.provisions if p.citation.section == "Re-integratiebeleid")
    assert any("Verdeling, tweede alinea" in r.text for r in beleid.readings)
    assert "Verdeling, tweede alinea" in beleid.not_executable


@pytest.mark.parametrize("decision, label, section, alinea", [
    # a framework text, not an ordinance: headings, not formal paragraphs (issue 8)
    ("ondersteuning_bij_arbeidsinschakeling", "onder het kopje 'Re-integratie'", "Re-integratie", None),
    ("werk_boven_inkomen_van_toepassing", "onder het kopje 'Werk boven inkomen'", "Werk boven inkomen", None),
    ("voorziening_aanbieden", "onder het kopje 'Verdeling', eerste alinea", "Verdeling", 1),
])
def test_citation_json_of_titled_sections(cli, write_case, decision, label, section, alinea):
    case = write_case({"peildatum": "2015-06-01", "geboortedatum": "1980-01-01", "behoort_tot_doelgroep": True,
                       "voorziening_noodzakelijk_voor_arbeidsinschakeling": True})
    r = cli("eval", PW, "--case", case, "--format", "json")
    assert r.exit_code == 0, r.output
    d = r.json()["decisions"][decision]
    assert d["value"] is True
    expected = {"article": None, "paragraph": None, "item": None, "subitem": None, "label": label,
                "section": section, "reference": None, "url": None,
                "long_label": f"{label}, van de tekst 'Re-integratie: wettelijke achtergrond en kaders (Participatiewet)'"}
    if alinea is not None:
        expected["alinea"] = alinea
    [got] = d["citations"]
    assert {k: v for k, v in got.items() if k != "grondslag"} == expected
    # every statute named as the source of a reading here is a machine-followable reference
    assert got["grondslag"] and all(g["reference"].startswith("jci1.3:c:BWBR") for g in got["grondslag"])


def test_decisions_and_their_order(model):
    assert [d.name for d in model.decisions] == [
        "ondersteuning_bij_arbeidsinschakeling", "werk_boven_inkomen_van_toepassing", "voorziening_aanbieden",
        "te_wegen_omstandigheden"]
    assert model.decision("te_wegen_omstandigheden").type.kind == "overwegingen"


# ------------------------------------------------------------------ Re-integratie


@pytest.mark.parametrize("doelgroep, value", [(True, True), (False, False)])
def test_re_integratie_support_for_the_target_group(pw, doelgroep, value):
    d = pw.evaluate({"behoort_tot_doelgroep": doelgroep}, "2015-01-01")["ondersteuning_bij_arbeidsinschakeling"]
    assert d.value is value
    assert d.citations[0].label == "onder het kopje 'Re-integratie'"


def test_re_integratie_unknown_target_group(pw):
    d = pw.evaluate({}, "2015-01-01")["ondersteuning_bij_arbeidsinschakeling"]
    assert d.value is None
    assert d.missing == ("behoort_tot_doelgroep",)
