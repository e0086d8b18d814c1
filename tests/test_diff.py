"""`grondslag diff` on real edits of the Schinnen ordinance, made in temporary copies.

Each edit is what a drafter would do to the rule files (raise a threshold, add
an exception, drop an item, move the entry into force, renumber, fix a typo in
the law text); the test checks that the reviewer is told what changed, in the
law's terms, and whom it affects.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from interpreter.review import diff as D

ROOT = Path(__file__).resolve().parent.parent
SCHINNEN = ROOT / "rules" / "schinnen"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "diff"


def _replace(path: Path, old: str, new: str, count: int = 1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def raise_threshold(v: Path):
    f = v / "artikel-04.rules"
    _replace(f, "€ 2.500,-bruto", "€ 2.750,-bruto")
    _replace(f, "gezinsinkomen > € 2.500,00", "gezinsinkomen > € 2.750,00")


def add_exception(v: Path):
    f = v / "artikel-06.rules"
    text = f.read_text(encoding="utf-8")
    start = text.index("  lid 3")
    f.write_text(text[:start] + '''  lid 3
    tekst "Het eerste lid is evenmin van toepassing op een uitkeringsgerechtigde in gesubsidieerde arbeid."
    uitzondering op lid 1:
      aanbod_voorziening is onwaar
        als gesubsidieerde_arbeid
''', encoding="utf-8")


def remove_item(v: Path):
    f = v / "artikel-08.rules"
    text = f.read_text(encoding="utf-8")
    f.write_text(text[:text.index("    onderdeel d")] + text[text.index("  lid 4"):], encoding="utf-8")


def move_entry_into_force(v: Path):
    _replace(v / "regeling.rules", "geldig vanaf 2004-11-01", "geldig vanaf 2005-01-01")
    _replace(v / "artikel-11.rules", "1-11-2004", "1-1-2005")


def swap_leden(v: Path):
    """Artikel 4: the fifth lid becomes the fourth and the fourth the fifth; nothing else changes."""
    f = v / "artikel-04.rules"
    text = f.read_text(encoding="utf-8")
    a, b = text.index("  lid 4"), text.index("  lid 5")
    l4, l5 = text[a:b], text[b:]
    f.write_text(text[:a] + l5.replace("  lid 5", "  lid 4", 1).rstrip("\n") + "\n\n"
                 + l4.replace("  lid 4", "  lid 5", 1).rstrip("\n") + "\n", encoding="utf-8")


def renumber_article(v: Path):
    """Artikel 4 becomes artikel 4a, and the exception in artikel 2 follows it."""
    _replace(v / "artikel-04.rules", "artikel 4 ", "artikel 4a ")
    _replace(v / "artikel-02.rules", "uitzondering op artikel 4 lid 1", "uitzondering op artikel 4a lid 1")


def edit_text_only(v: Path):
    _replace(v / "artikel-05.rules", "In bijzondere individuele omstandigheden", "In bijzondere omstandigheden")


def change_rule_only(v: Path):
    _replace(v / "artikel-01.rules", "leeftijd(geboortedatum) <= 27", "leeftijd(geboortedatum) < 27")


EDITS = {f.__name__: f for f in (raise_threshold, add_exception, remove_item, move_entry_into_force,
                                  swap_leden, renumber_article, edit_text_only, change_rule_only)}


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """edited(name) -> path of a copy of rules/schinnen with that edit applied."""
    made: dict[str, Path] = {}

    def _make(name: str) -> Path:
        if name not in made:
            root = tmp_path_factory.mktemp(name)
            shutil.copytree(SCHINNEN / "2004", root / "2004")
            EDITS[name](root / "2004")
            made[name] = root
        return made[name]

    return _make


@pytest.fixture(scope="module")
def report(edited):
    """report(name) -> the Report of diffing rules/schinnen against that edit (computed once)."""
    done: dict[str, D.Report] = {}

    def _report(name: str) -> D.Report:
        if name not in done:
            done[name] = D.run(str(SCHINNEN), str(edited(name)))
        return done[name]

    return _report


def _changes(r: D.Report) -> list[tuple]:
    return [(p.citation.label, p.change) for p in r.provisions]


def _impact(r: D.Report, name: str) -> D.DecisionImpact:
    return next(i for i in r.impacts if i.name == name)


def test_no_change_exits_0(cli):
    out = cli("diff", SCHINNEN, SCHINNEN)
    assert out.exit_code == 0, out
    assert "geen wijzigingen" in out.stdout
    assert "geen beslissing krijgt een andere uitkomst" in out.stdout


def test_raised_threshold_in_domain_terms(report):
    r = report("raise_threshold")
    assert _changes(r) == [("artikel 4, vierde lid", "text+rule")]
    details = r.provisions[0].details
    assert "grens voor gezinsinkomen (>): € 2.500,00 -> € 2.750,00" in " ".join(details)
    assert any("2.500,-bruto" in d and "2.750,-bruto" in d for d in details)
    imp = _impact(r, "aanspraak_op_ondersteuning")
    assert imp.changed > 0
    assert all(i.changed == 0 for i in r.impacts if i.name != "aanspraak_op_ondersteuning")
    assert imp.explained_by[0][0] == "artikel 4, vierde lid"
    # the boundary values are there: one cent above the old threshold changes the outcome
    assert any(e.facts.get("gezinsinkomen") in ("2500.01", "2749.99") for e in imp.examples) or imp.changed >= 2


def test_generated_cases_catch_the_boundary():
    """One cent above the old threshold is among the generated cases, and its outcome changes."""
    old = D.load_side(str(SCHINNEN), Path("."))
    model = old.models[0]
    cases = D.generate_cases(model, model, model.info.valid_from)
    incomes = {c.get("gezinsinkomen") for c in cases}
    assert {"2499.99", "2500.00", "2500.01"} <= incomes
    births = {c.get("geboortedatum") for c in cases}
    assert {"1977-11-01", "1977-11-02", "1976-11-01", "1976-11-02"} <= births  # 27th and 28th birthday
    assert cases == D.generate_cases(model, model, model.info.valid_from)  # deterministic


def test_added_exception(report):
    r = report("add_exception")
    assert _changes(r) == [("artikel 6, derde lid", "text+rule")]
    assert any(d.startswith("nieuwe uitzondering op artikel 6, eerste lid") for d in r.provisions[0].details)
    imp = _impact(r, "aanbod_voorziening")
    assert imp.changed > 0
    first = imp.examples[0]  # decided before and after comes first
    assert (first.old_value, first.new_value, first.new_citation) == (True, False, "artikel 6, derde lid")
    # (not residence: artikel 2, eerste lid, already limits the offer to residents, issue 8)
    assert first.facts.get("gesubsidieerde_arbeid") is True


def test_removed_item(report):
    r = report("remove_item")
    assert _changes(r) == [("artikel 8, derde lid, aanhef en onder d", "removed")]
    imp = _impact(r, "beeindiging_mogelijk")
    assert imp.changed > 0
    assert any(a == "artikel 8, derde lid, aanhef en onder d" for a, _, _ in imp.explained_by)


def test_moved_entry_into_force(report):
    r = report("move_entry_into_force")
    assert [d.detail for d in r.declarations] == ["geldig vanaf: 2004-11-01 -> 2005-01-01"]
    assert _changes(r) == [("artikel 11", "text")]
    assert r.provisions[0].flag == D.FLAG_TEXT_ONLY
    assert r.date.isoformat() == "2005-01-01"  # a date on which both are in force
    assert any(f.side == "new" and "2004-11-01" in f.message for f in r.failures)
    assert r.changed


def test_swapped_leden_change_no_outcome(report):
    r = report("swap_leden")
    assert sorted(_changes(r)) == [("artikel 4, vierde lid", "renumbered"), ("artikel 4, vijfde lid", "renumbered")]
    assert all(i.changed == 0 and i.grounds_changed == 0 for i in r.impacts)


def test_renumbered_article_changes_no_outcome(report):
    r = report("renumber_article")
    assert _changes(r) == [("artikel 4a", "renumbered")]
    assert r.provisions[0].old_citation.label == "artikel 4"
    assert all(i.changed == 0 and i.grounds_changed == 0 for i in r.impacts)


def test_text_only_edit_is_flagged(report):
    r = report("edit_text_only")
    assert _changes(r) == [("artikel 5, vijfde lid", "text")]
    assert r.provisions[0].flag == D.FLAG_TEXT_ONLY
    assert "tekst: “individuele” geschrapt" in r.provisions[0].details
    assert all(i.changed == 0 for i in r.impacts)


def test_rule_only_edit_is_flagged(report):
    r = report("change_rule_only")
    assert _changes(r) == [("artikel 1, onder d", "rule")]
    assert r.provisions[0].flag == D.FLAG_RULE_ONLY
    assert any("voorwaarde was: uitkeringsgerechtigde en leeftijd(geboortedatum) <= 27" in d
               for d in r.provisions[0].details)
    assert _impact(r, "jongere").changed > 0  # the 27th year is caught by the birthday boundary


def test_json_shape_and_exit_code(cli, edited):
    out = cli("diff", SCHINNEN, edited("raise_threshold"), "--format", "json")
    assert out.exit_code == 1, out
    data = json.loads(out.stdout)
    assert data["provisions"][0] == {**data["provisions"][0], "article": "4", "paragraph": 4, "item": None,
                                     "change": "text+rule"}
    dec = data["decisions"]["aanspraak_op_ondersteuning"]
    assert dec["changed"] > 0 and dec["total"] >= dec["changed"]
    ex = dec["examples"][0]
    assert ex["old"]["citation"] == "artikel 4, vierde lid" and ex["old"]["value"] is False


def test_markdown(cli, edited):
    out = cli("diff", SCHINNEN, edited("remove_item"), "--format", "markdown")
    assert out.exit_code == 1
    assert out.stdout.startswith("## Regelwijziging")
    assert "| artikel 8, derde lid, aanhef en onder d | vervallen |" in out.stdout
    assert "| beëindiging mogelijk |" in out.stdout  # its display name (heet)


def test_given_cases(cli, edited, tmp_path):
    cases = tmp_path / "cases.jsonl"
    lines = [
        {"peildatum": "2010-06-01", "uitkering": "wwb", "woont_in_gemeente": True, "gezinsinkomen": "2600",
         "voorliggende_voorziening_toereikend": False},
        {"peildatum": "2010-06-01", "uitkering": "wwb", "woont_in_gemeente": True, "gezinsinkomen": "2400",
         "voorliggende_voorziening_toereikend": False},
        {"peildatum": "2010-06-01", "no_such_fact": 1},
    ]
    cases.write_text("\n".join(json.dumps(c) for c in lines) + "\nnot json\n", encoding="utf-8")
    out = cli("diff", SCHINNEN, edited("raise_threshold"), "--cases", cases, "--format", "json")
    assert out.exit_code == 1, out
    data = out.json()
    dec = data["decisions"]["aanspraak_op_ondersteuning"]
    assert (dec["changed"], dec["total"]) == (1, 2)
    assert dec["examples"][0]["new"] == {"value": True, "citation": "artikel 4, eerste lid"}
    assert [e["line"] for e in data["errors"]] == [3, 4]
    assert "no_such_fact" in data["errors"][0]["error"]


def test_case_valid_under_one_version_only(cli, edited, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps({"peildatum": "2004-12-01", "uitkering": "wwb"}) + "\n", encoding="utf-8")
    out = cli("diff", SCHINNEN, edited("move_entry_into_force"), "--cases", cases)
    assert out.exit_code == 1
    assert f"{cases}:1: alleen de nieuwe versie faalt" in out.stdout


def test_errors_exit_2(cli, tmp_path, write_rules):
    assert cli("diff", SCHINNEN, tmp_path / "missing").exit_code == 2
    bad = write_rules("regeling x\n  titel \"x\"\n  geldig vanaf 2004-01-01\nartikel 1\n  tekst \"a\"\n  y is\n")
    out = cli("diff", SCHINNEN, bad)
    assert out.exit_code == 2
    assert "error" in out.stderr
    assert cli("diff", SCHINNEN, "no-such-revision-xyz:rules/schinnen").exit_code == 2


def _git_ok() -> bool:
    try:
        return subprocess.run(["git", "rev-parse", "--verify", "HEAD:rules/schinnen"], cwd=ROOT,
                              capture_output=True).returncode == 0
    except OSError:
        return False


@pytest.mark.skipif(not _git_ok(), reason="needs a git checkout with rules/schinnen committed")
def test_git_revision_form(cli_process):
    out = cli_process("diff", "HEAD:rules/schinnen", "HEAD:rules/schinnen", "--format", "json")
    assert out.exit_code == 0, out
    assert out.json()["provisions"] == []


def test_fixture_pair_with_added_fact_and_decision():
    """A small pair of rule files: a fact and a decision added, a choice widened, a begrip changed."""
    r = D.run(str(FIXTURES / "old.rules"), str(FIXTURES / "new.rules"))
    kinds = {(d.kind, d.name, d.change) for d in r.declarations}
    assert ("feit", "spoed", "added") in kinds
    assert ("beslissing", "voorrang", "added") in kinds
    assert ("feit", "soort", "changed") in kinds
    changes = dict(_changes(r))
    assert changes["artikel 1, tweede lid"] == "rule"
    assert any('"c"' in d.detail for d in r.declarations if d.name == "soort")
    assert any(d.startswith("begrip groot: omschrijving wordt:") for p in r.provisions for d in p.details)
    assert _impact(r, "voorrang").only_in == "new"


def _expr(text: str):
    from dsl.parser import parse_file
    import tempfile
    src = f'regeling t\n  titel "t"\n  geldig vanaf 2020-01-01\nfeit x: keuze uit "a", "b", "c"\nfeit y: bedrag\n' \
          f'artikel 1\n  beslissing z: ja/nee\n  z is waar als {text}\n'
    with tempfile.NamedTemporaryFile("w", suffix=".rules", delete=False, encoding="utf-8") as fh:
        fh.write(src)
    rf, diags = parse_file(fh.name)
    assert not diags, diags
    return rf.provisions[0].body[1].condition


def test_constant_changes_in_words():
    assert D.constant_changes(_expr('x is een van ("a", "b") en y >= € 10,00'),
                              _expr('x is een van ("a", "c") en y >= € 12,50')) == [
        "x is een van: erbij “c”; vervallen “b”", "grens voor y (>=): € 10,00 -> € 12,50"]
    assert D.constant_changes(_expr('x = "a"'), _expr('x = "b"')) == ["x =: “a” -> “b”"]
    assert D.constant_changes(_expr('x = "a"'), _expr('y > € 1,00')) is None


def test_date_option_sets_the_peildatum_of_generated_cases(cli, edited):
    out = cli("diff", SCHINNEN, edited("raise_threshold"), "--date", "2010-06-01", "--format", "json")
    assert out.exit_code == 1
    data = out.json()
    assert data["date"] == "2010-06-01"
    assert data["decisions"]["aanspraak_op_ondersteuning"]["changed"] > 0
    bad = cli("diff", SCHINNEN, SCHINNEN, "--date", "2010-13-01")
    assert bad.exit_code == 2
