"""Issue 8, sections 4 and 5: citations a machine can follow, labels as a jurist writes them,
and the lint that compares the constants of a rule with the text of its provision."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from dsl.citation import Citation
from dsl.references import Work, legal_basis, statute

ROOT = Path(__file__).resolve().parents[1]
SCHINNEN = ROOT / "rules" / "schinnen"
PW = ROOT / "rules" / "participatiewet"
LAW = Path("/work/shared/law") if Path("/work/shared/law").is_dir() else ROOT.parent / "shared" / "law"


def first(decision) -> dict:
    return decision.citations[0].to_dict()


# ------------------------------------------------------------ JCDR for the ordinance
def test_jcdr_reference_and_url_of_an_onderdeel(decide):
    d = decide({"uitkering": "geen", "neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": False})
    c = first(d["beeindiging_mogelijk"])
    assert (c["article"], c["paragraph"], c["item"], c["subitem"]) == ("8", 3, "a", None)  # old fields stay
    assert c["reference"] == "jcdr1.0:c:CVDR64953_1&artikel=8&lid=3&onderdeel=a"
    assert c["url"] == "https://lokaleregelgeving.overheid.nl/CVDR64953/1"
    assert c["label"] == "artikel 8, derde lid, aanhef en onder a"
    assert c["long_label"] == ("artikel 8, derde lid, aanhef en onder a, van de "
                               "Reïntegratieverordening Wet werk en bijstand gemeente Schinnen")


def test_sole_paragraph_is_not_named_in_the_label(decide):
    c = first(decide({"uitkering": "wwb"})["uitkeringsgerechtigde"])
    assert c["label"] == "artikel 1, onder a"
    assert (c["article"], c["paragraph"], c["item"]) == ("1", 1, "a")  # the public interface keeps the lid
    assert c["reference"].endswith("&artikel=1&lid=1&onderdeel=a")


def test_labels_per_aanwijzing_3_29():
    work = Work.of("Verordening X", None, "CVDR1/2")
    assert Citation("8", 3, "a", work=work, opening=True).label == "artikel 8, derde lid, aanhef en onder a"
    assert Citation("1", 1, "a", work=work, sole_paragraph=True).label == "artikel 1, onder a"
    assert Citation("9", work=work).label == "artikel 9"
    kader = Work.of("Kader", None, None, "kader")
    assert Citation(None, section="Verdeling", alinea=2, work=kader).label == "onder het kopje 'Verdeling', tweede alinea"
    # without a work (a reference written in rule text), the label is as before
    assert Citation(None, section="Verdeling", alinea=2).label == "paragraaf Verdeling, tweede alinea"
    # the identity of a citation is where it sits, not how it is labelled
    assert Citation("8", 3, "a", work=work, opening=True) == Citation("8", 3, "a")


def test_a_power_in_the_aanhef_but_not_a_definition_list(schinnen):
    model = schinnen.versions[0].program.model
    labels = {r.citation.label for r in model.rules}
    assert "artikel 8, derde lid, aanhef en onder b" in labels
    assert "artikel 1, onder c" in labels and not any("aanhef en onder c" in lb and "artikel 1" in lb for lb in labels)


# ------------------------------------------------------------ jci 1.3 for statutes
def test_statute_references():
    assert statute("Algemene Ouderdomswet, art. 7a, lid 1")[1:] == ("BWBR0002221", "7a", 1, None)
    assert statute("Participatiewet, art. 7, eerste lid, onder a")[1:] == ("BWBR0015703", "7", 1, "a")
    assert statute("Toelichting, artikel 2") is None
    b = legal_basis("Wet werk en bijstand, art. 10, lid 2")
    assert b["jci"] == "jci1.3:c:BWBR0015703&artikel=10&lid=2"
    assert b["url"] == "https://wetten.overheid.nl/jci1.3:c:BWBR0015703&artikel=10&lid=2"


def test_ordinance_citation_carries_its_statutory_grounds(decide):
    d = decide({"woont_in_gemeente": False})["aanspraak_op_ondersteuning"]
    c = first(d)
    assert c["label"] == "artikel 2, eerste lid, tweede volzin"
    assert [g["reference"] for g in c["grondslag"]] == ["jci1.3:c:BWBR0015703&artikel=40&lid=1"]
    assert c["grondslag"][0]["label"] == "artikel 40, eerste lid, van de Wet werk en bijstand"


def test_legal_bases_name_the_right_laws(schinnen):
    bases = schinnen.versions[0].info.legal_bases
    assert any("arbeidsongeschikte werkloze werknemers" in b for b in bases)
    assert any("arbeidsongeschikte gewezen zelfstandigen" in b for b in bases)
    assert not any(b.endswith("gewezen werknemers, art. 34") or "ongeschikte werknemers" in b for b in bases)
    assert all(legal_basis(b)["jci"] for b in bases)
    ioaz = [legal_basis(b) for b in bases if "gewezen zelfstandigen" in b]
    assert [b["jci"] for b in ioaz] == [f"jci1.3:c:BWBR0004163&artikel={a}" for a in ("34", "35", "36")]


def test_eval_text_cites_the_statute_for_the_pensionable_age(cli, write_case):
    case = write_case({"geboortedatum": "1952-11-20", "behoort_tot_doelgroep": True})
    r = cli("eval", PW, "--case", case, "--date", "2019-01-10", "--format", "text")
    assert r.exit_code == 0
    block = r.stdout.split("\nwerk boven inkomen van toepassing: nee\n", 1)[1].split("\n\n")[0]
    assert "onder het kopje 'Werk boven inkomen'" in block
    assert "artikel 7a, eerste lid, van de Algemene Ouderdomswet" in block
    assert "https://wetten.overheid.nl/jci1.3:c:BWBR0002221&artikel=7a&lid=1" in " ".join(block.split())


# ------------------------------------------------------------ the framework is no ordinance
def test_framework_has_no_invented_identity(cli, write_case):
    r = cli("eval", PW, "--case", write_case({"behoort_tot_doelgroep": True}), "--date", "2015-06-01",
            "--format", "json", "--no-derivation")
    out = r.json()
    assert out["regulation"]["source"] is None
    c = out["decisions"]["ondersteuning_bij_arbeidsinschakeling"]["citations"][0]
    assert c["reference"] is None and c["url"] is None
    assert c["label"] == "onder het kopje 'Re-integratie'"
    assert c["long_label"].endswith("van de tekst 'Re-integratie: wettelijke achtergrond en kaders (Participatiewet)'")


def test_framework_text_has_no_line_break_hyphens(pw_model):
    for p in pw_model.provisions:
        assert not re.search(r"\w- \w", " ".join((p.text or "").split())), p.citation.label


def test_quoted_toelichting_is_verbatim(schinnen):
    """A quote in a lezing from the toelichting appears, word for word, in the law text."""
    law = " ".join((LAW / "schinnen-reintegratieverordening-wwb-2004.txt").read_text(encoding="utf-8").split())
    model = schinnen.versions[0].program.model
    for p in model.provisions:
        for r in p.readings:
            if r.source and "Toelichting" in r.source:
                for quote in re.findall(r"(?:(?<=\s)|(?<=\())'([^']{25,}?)'(?=[\s).,;:])", " ".join(r.text.split())):
                    assert quote.replace("...", "") in law or all(part.strip() in law for part in quote.split("...")), quote


@pytest.fixture(scope="module")
def pw_model():
    import interpreter
    return interpreter.load(PW).versions[0].program.model


# ------------------------------------------------------------ the lint: rule and text agree
def test_lint_warns_when_the_rule_and_the_text_differ(tmp_path, cli):
    copy = tmp_path / "schinnen"
    shutil.copytree(SCHINNEN, copy)
    art4 = copy / "2004" / "artikel-04.rules"
    art4.write_text(art4.read_text(encoding="utf-8").replace("gezinsinkomen > € 2.500,00", "gezinsinkomen > € 2.750,00"),
                    encoding="utf-8")
    r = cli("check", copy)
    assert r.exit_code == 0  # a warning, not an error
    line = next(x for x in (r.stdout + r.stderr).splitlines() if "2.750" in x)
    assert re.match(r".*artikel-04\.rules:\d+:\d+: warning: the constant € 2\.750,00 does not occur in the text "
                    r"of artikel 4, vierde lid", line)


def test_lint_is_silent_on_the_real_rules(cli):
    for path in (SCHINNEN, PW):
        r = cli("check", path)
        assert "does not occur in the text" not in r.stdout + r.stderr


HEADER = '''regeling proef
  titel "Proef"
  geldig vanaf 2020-01-01
feit geboortedatum: datum
artikel 1
'''


def test_lint_checks_ages_against_the_text(write_rules, cli):
    path = write_rules(HEADER + '''  tekst "Een jongere is niet ouder dan 27 jaar."
  beslissing jongere: ja/nee
  jongere is waar als leeftijd(geboortedatum) <= 28 anders onwaar
''')
    r = cli("check", path)
    assert "warning: the constant 28 does not occur in the text of artikel 1" in r.stdout + r.stderr


# ------------------------------------------------------------ datum(jaar, maand, dag)
def test_datum_needs_three_whole_numbers(write_rules, cli):
    path = write_rules(HEADER + '''  beslissing d: ja/nee
  d is waar als geboortedatum < datum(jaar(peildatum), 12) anders onwaar
''')
    r = cli("check", path)
    assert r.exit_code == 1 and "datum takes three whole numbers" in r.stdout + r.stderr
