"""The Dutch motivation of `grondslag eval --format text`: facts, quoted provisions, exceptions, why not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import interpreter
from interpreter.motivation.text import explain, motivate

ROOT = Path(__file__).resolve().parent.parent
SCHINNEN = ROOT / "rules" / "schinnen"
DATE = dt.date(2010, 6, 1)


@pytest.fixture(scope="module")
def reg():
    return interpreter.load(SCHINNEN)


def text_of(reg, case: dict) -> str:
    result = reg.evaluate(case, DATE)
    return explain(result, reg.version_on(DATE).program.model)


def section(text: str, decision: str) -> str:
    """The motivation of one decision: from its heading to the next blank line."""
    start = text.index(f"\n{decision}: ", text.index("Motivering"))
    end = text.find("\n\n", start + 1)
    return text[start + 1:end if end > 0 else None]


BASE = {"uitkering": "wwb", "woont_in_gemeente": True, "voorliggende_voorziening_toereikend": False}


def test_negation_reads_naturally(reg):
    t = section(text_of(reg, BASE), "Nugger")  # the display name of the rule file ('heet "Nugger"')
    assert t.startswith("Nugger: nee")
    assert "niet uitkeringsgerechtigde (ja)" not in t
    assert "uitkeringsgerechtigde (artikel 1, onder a): ja, terwijl nee vereist is" in t
    assert "Daarom geldt artikel 1, onder c, voor alle andere gevallen: nee." in t


def test_deciding_exception_quotes_the_law_and_names_what_it_set_aside(reg):
    t = section(text_of(reg, {**BASE, "gezinsinkomen": "2600"}), "aanspraak op ondersteuning")
    assert "Grond: artikel 4, vierde lid (uitzondering op artikel 4, eerste lid)." in t
    assert "“Geen aanspraak op ondersteuning bij arbeidsinschakeling hebben bovenbedoelde personen" in t
    assert "+ gezinsinkomen is € 2.600,00, en dat is meer dan € 2.500,00" in t
    assert "Opzij gezet: artikel 4, eerste lid (zou ja geven) door artikel 4, vierde lid." in t


def test_positive_decision_says_why_the_exceptions_do_not_apply(reg):
    t = section(text_of(reg, {**BASE, "gezinsinkomen": "2500.00"}), "aanspraak op ondersteuning")
    assert t.startswith("aanspraak op ondersteuning: ja")
    assert "Grond: artikel 4, eerste lid." in t
    assert "Niet van toepassing: artikel 4, vierde lid (zou nee geven)." in t
    assert "- gezinsinkomen is € 2.500,00, en dat is niet meer dan € 2.500,00" in t
    assert "- voorliggende voorziening toereikend: nee, terwijl ja vereist is" in t
    assert "- woont in gemeente: ja, terwijl nee vereist is" in t  # artikel 2, eerste lid


def test_non_resident(reg):
    t = section(text_of(reg, {**BASE, "woont_in_gemeente": False, "gezinsinkomen": "100"}),
                "aanspraak op ondersteuning")
    assert "Grond: artikel 2, eerste lid, tweede volzin (uitzondering op artikel 4, eerste lid)." in t
    assert "+ woont in gemeente: nee" in t


def test_failed_age_condition_names_the_age_and_birth_date(reg):
    t = section(text_of(reg, {**BASE, "geboortedatum": "1982-06-01"}), "jongere")
    assert t.startswith("jongere: nee")
    assert "- de leeftijd is 28 jaar (geboren 1 juni 1982), en dat is niet ten hoogste 27" in t
    t = section(text_of(reg, {**BASE, "geboortedatum": "1982-06-02"}), "jongere")
    assert "+ de leeftijd is 27 jaar (geboren 2 juni 1982), en dat is ten hoogste 27" in t


def test_undetermined_names_missing_facts_and_the_provision_that_needs_them(reg):
    t = section(text_of(reg, BASE), "aanspraak op ondersteuning")
    assert t.startswith("aanspraak op ondersteuning: onbekend")
    assert "- gezinsinkomen (voor artikel 4, vierde lid)" in t
    assert "? gezinsinkomen is niet bekend (vereist: meer dan € 2.500,00)" in t
    assert "Onbepaald: artikel 4, vierde lid (uitzondering op artikel 4, eerste lid)." in t
    assert "? onbekend of een uitzondering dit opzij zet" in t


def test_missing_fact_behind_a_derived_term(reg):
    t = section(text_of(reg, {"uitkering": "wwb"}), "jongere")
    assert "? de leeftijd is niet bekend (vereist: ten hoogste 27) (nodig: geboortedatum)" in t


def test_an_or_that_fails_lists_every_alternative(reg):
    t = section(text_of(reg, {"uitkering": "geen", "ingeschreven_als_werkzoekende": False,
                              "gesubsidieerde_arbeid": False, "woont_in_gemeente": True}),
                "aanspraak op ondersteuning")
    assert t.startswith("aanspraak op ondersteuning: nee")
    for part in ("uitkeringsgerechtigde", "Anw-er", "Nugger", "gesubsidieerde arbeid"):
        assert f"- {part}" in t


def test_item_quotes_its_introduction(reg):
    t = section(text_of(reg, {"neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": False}),
                "beëindiging mogelijk")
    assert "“Het college kan een voorziening beëindigen: … indien de persoon die aan de voorziening" in t


def test_facts_and_overview(reg):
    text = text_of(reg, {**BASE, "kinderen": [{"geboortedatum": "2005-01-01"}]})
    facts = text[text.index("Feiten"):text.index("Beslissingen")]
    assert "  uitkering: “wwb”" in facts
    assert "voorliggende voorziening toereikend: nee (oordeel van het college)" in facts
    assert "kinderen: 1 item: geboortedatum 1 januari 2005" in facts
    assert "- gezinsinkomen (voor aanspraak op ondersteuning)" in facts
    overview = text[text.index("Beslissingen"):text.index("Motivering")]
    assert "  uitkeringsgerechtigde: ja (artikel 1, onder a)" in overview


def test_motivation_as_data(reg):
    result = reg.evaluate({**BASE, "gezinsinkomen": "2600"}, DATE)
    m = motivate(result, result["aanspraak_op_ondersteuning"], reg.version_on(DATE).program.model)
    assert m.value is False
    statuses = [(g.citation.label, g.status) for g in m.grounds]
    assert ("artikel 4, vierde lid", "beslissend") in statuses
    assert ("artikel 4, eerste lid", "opzij gezet") in statuses
    deciding = next(g for g in m.grounds if g.status == "beslissend")
    assert [c.state for c in deciding.checks] == [True]


def test_every_example_case_explains_without_error(cli):
    for case in sorted((SCHINNEN / "cases").glob("*.case.json")):
        r = cli("eval", SCHINNEN, "--case", case, "--format", "text")
        assert r.exit_code == 0, (case, r)
        assert "Motivering" in r.stdout and "Traceback" not in r.output
