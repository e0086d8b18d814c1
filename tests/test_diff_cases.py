"""`grondslag diff --cases`: the reviewer's own cases, in the forms the project itself uses.

A reviewer is never told "no impact" when nothing was evaluated; every changed outcome names
its case; a ground that no longer applies is said in words, and the JSON says null.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCHINNEN = ROOT / "rules" / "schinnen"

HIGH = {"peildatum": "2010-06-01", "uitkering": "geen", "ingeschreven_als_werkzoekende": True,
        "woont_in_gemeente": True, "gesubsidieerde_arbeid": False, "gezinsinkomen": "2600.00",
        "voorliggende_voorziening_toereikend": False}
LOW = dict(HIGH, gezinsinkomen="2400.00")


@pytest.fixture(scope="module")
def raised(tmp_path_factory) -> Path:
    """Schinnen with the income limit of artikel 4, vierde lid raised from € 2.500 to € 2.750."""
    v = tmp_path_factory.mktemp("diffcases") / "schinnen"
    shutil.copytree(SCHINNEN / "2004", v)
    f = v / "artikel-04.rules"
    text = f.read_text(encoding="utf-8")
    assert "gezinsinkomen > € 2.500,00" in text
    f.write_text(text.replace("gezinsinkomen > € 2.500,00", "gezinsinkomen > € 2.750,00"), encoding="utf-8")
    return v


def _write(path: Path, case: dict) -> Path:
    path.write_text(json.dumps(case, indent=2), encoding="utf-8")
    return path


def test_a_single_case_file_is_one_case_named_by_its_file(cli, raised, tmp_path):
    case = _write(tmp_path / "hoog-inkomen.case.json", HIGH)
    out = cli("diff", SCHINNEN / "2004", raised, "--cases", case, "--format", "json")
    assert out.exit_code == 1, out
    data = out.json()
    assert data["cases"] == {"total": 1, "evaluated": 1, "nothing_evaluated": False, "source": "given"}
    dec = data["decisions"]["aanspraak_op_ondersteuning"]
    assert dec["changed"] == 1
    assert dec["examples"][0]["source"] == str(case)


def test_a_folder_of_case_files_skips_expected_results(cli, raised, tmp_path):
    _write(tmp_path / "a.case.json", HIGH)
    _write(tmp_path / "b.case.json", LOW)
    (tmp_path / "a.expected.json").write_text('{"aanspraak_op_ondersteuning": {"value": false}}', encoding="utf-8")
    out = cli("diff", SCHINNEN / "2004", raised, "--cases", tmp_path, "--format", "json")
    assert out.exit_code == 1, out
    data = out.json()
    assert (data["cases"]["total"], data["cases"]["evaluated"]) == (2, 2)
    assert data["errors"] == []


def test_json_lines_name_file_and_line_in_text(cli, raised, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps(LOW) + "\n" + json.dumps(HIGH) + "\n", encoding="utf-8")
    out = cli("diff", SCHINNEN / "2004", raised, "--cases", cases)
    assert out.exit_code == 1, out
    assert f"bijv. {cases}:2: " in out.stdout


def test_the_project_own_example_cases_are_accepted(cli, raised):
    out = cli("diff", SCHINNEN / "2004", raised, "--cases", SCHINNEN / "cases", "--format", "json")
    assert out.exit_code in (0, 1), out
    data = out.json()
    assert data["cases"]["total"] == len([*(SCHINNEN / "cases").glob("*.case.json"),
                                          *(SCHINNEN / "cases").glob("*.case.yaml")])
    assert data["cases"]["evaluated"] == data["cases"]["total"]


def test_no_case_evaluated_says_so_and_exits_2(cli, raised, tmp_path):
    cases = tmp_path / "kapot.jsonl"
    cases.write_text('{"peildatum": "2010-06-01", "geen_feit": 1}\nniet eens json\n', encoding="utf-8")
    out = cli("diff", SCHINNEN / "2004", raised, "--cases", cases)
    assert out.exit_code == 2, out
    assert "geen beslissing krijgt een andere uitkomst" not in out.stdout
    assert "Geen enkel gegeven geval kon in beide versies worden beoordeeld" in out.stdout
    assert "impact is unknown" in out.stderr


def test_an_empty_folder_is_an_error_not_an_empty_impact(cli, raised, tmp_path):
    out = cli("diff", SCHINNEN / "2004", raised, "--cases", tmp_path)
    assert out.exit_code == 2
    assert "geen casusbestanden" in out.stderr


@pytest.mark.parametrize("name", ["leeg.jsonl", "leeg.case.json"])
def test_an_empty_file_is_an_error_not_an_empty_impact(cli, raised, tmp_path, name):
    """'0 van 0 gevallen ... zie hieronder waarom' with nothing below told the reviewer nothing."""
    (tmp_path / name).write_text("", encoding="utf-8")
    out = cli("diff", SCHINNEN / "2004", raised, "--cases", tmp_path / name)
    assert out.exit_code == 2 and out.stdout == ""
    assert f"{tmp_path / name}: geen enkel geval in dit bestand" in out.stderr


def test_an_empty_file_beside_case_files_in_a_folder_is_no_error(cli, raised, tmp_path):
    _write(tmp_path / "hoog.case.json", HIGH)
    (tmp_path / "leeg.jsonl").write_text("", encoding="utf-8")
    out = cli("diff", SCHINNEN / "2004", raised, "--cases", tmp_path, "--format", "json")
    assert out.exit_code == 1 and out.json()["cases"]["evaluated"] == 1


def test_a_ground_that_no_longer_applies_is_said_in_words():
    from interpreter.review.diff.render import transition
    assert transition("artikel 4, vierde lid", None) == (
        "artikel 4, vierde lid -> geen grond meer (artikel 4, vierde lid is niet meer van toepassing en geen "
        "andere bepaling beslist)")
    assert transition(None, "artikel 4, eerste lid").startswith("geen grond -> artikel 4, eerste lid")
    assert transition("artikel 4, vierde lid", "artikel 4, eerste lid") == "artikel 4, vierde lid -> artikel 4, eerste lid"
    assert transition("artikel 9, eerste lid", "artikel 9, eerste lid") == (
        "artikel 9, eerste lid (dezelfde bepaling, een andere uitkomst)")  # not 'X -> X'


def test_json_says_null_for_no_ground():
    from interpreter.review.diff.impact import DecisionImpact, Example
    impact = DecisionImpact("x", 1, 1, 0, (("artikel 4, vierde lid", None, 1),),
                            (Example({}, {}, False, "artikel 4, vierde lid", None, None, "a.case.json"),))
    d = impact.to_dict()
    assert d["explained_by"] == [{"old": "artikel 4, vierde lid", "new": None, "cases": 1}]
    assert d["examples"][0]["new"] == {"value": None, "citation": None}


def test_text_never_shows_a_dash_for_a_ground(cli, raised, tmp_path):
    case = _write(tmp_path / "hoog.case.json", HIGH)
    assert "—" not in cli("diff", SCHINNEN / "2004", raised, "--cases", case).stdout


def test_yaml_case_files_are_cases_too(cli, raised, tmp_path):
    (tmp_path / "hoog.case.yaml").write_text(
        "peildatum: '2010-06-01'\nuitkering: geen\ningeschreven_als_werkzoekende: true\n"
        "woont_in_gemeente: true\ngesubsidieerde_arbeid: false\ngezinsinkomen: 2600.00\n"
        "voorliggende_voorziening_toereikend: false\n", encoding="utf-8")
    _write(tmp_path / "laag.case.json", LOW)
    data = cli("diff", SCHINNEN / "2004", raised, "--cases", tmp_path, "--format", "json").json()
    assert (data["cases"]["total"], data["cases"]["evaluated"]) == (2, 2)
    sources = [e["source"] for e in data["decisions"]["aanspraak_op_ondersteuning"]["examples"]]
    assert sources == [str(tmp_path / "hoog.case.yaml")]


def test_decisions_are_shown_by_their_display_name(tmp_path):
    from interpreter.review import diff as D
    from interpreter.review.diff.render import render_text
    report = D.run(str(SCHINNEN / "2004"), str(SCHINNEN / "2004"))
    names = report.display_names
    assert names.get("anw_er") == "Anw-er"
    changed = attrs_evolve_changed(report)
    assert "  Anw-er: 1 van 1 gevallen" in render_text(changed)


def attrs_evolve_changed(report):
    """The report with one changed outcome for anw_er, to see how a decision is named."""
    import attrs
    from interpreter.review.diff.impact import DecisionImpact
    return attrs.evolve(report, impacts=(DecisionImpact("anw_er", 1, 1, 0, (("artikel 1, onder b", None, 1),), ()),))


def test_transitions_of_a_caseload_are_in_the_text_and_markdown():
    """diff on a Parquet caseload counts transitions per decision (columnar engine); a reviewer reads them."""
    import attrs
    from interpreter.review import diff as D
    from interpreter.review.diff.impact import DecisionImpact
    from interpreter.review.diff.render import render_markdown, render_text
    report = D.run(str(SCHINNEN / "2004"), str(SCHINNEN / "2004"))
    impact = DecisionImpact("aanspraak_op_ondersteuning", 3, 10, 0,
                            (("artikel 4, vierde lid", "artikel 4, eerste lid", 3),), (),
                            transitions=(("nee", "ja", 3, (("artikel 4, vierde lid", "artikel 4, eerste lid", 3),),
                                          ()),))
    changed = attrs.evolve(report, impacts=(impact,))
    assert "    uitkomst nee -> ja: 3 gevallen" in render_text(changed)
    assert "uitkomst nee → ja (3)" in render_markdown(changed)


@pytest.fixture(scope="module")
def diemen_pair(tmp_path_factory) -> tuple[Path, Path]:
    """Diemen with the reduction of the first category raised from 5 to 6 percent (artikel 9, onder a)."""
    base = tmp_path_factory.mktemp("diemen-pair")
    old, new = base / "old", base / "new"
    shutil.copytree(ROOT / "rules" / "diemen" / "2015", old)
    shutil.copytree(old, new)
    f = new / "artikel-09.rules"
    text = f.read_text(encoding="utf-8")
    assert "verlaging_percentage is 5 procent" in text
    f.write_text(text.replace("verlaging_percentage is 5 procent", "verlaging_percentage is 6 procent"),
                 encoding="utf-8")
    return old, new


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_percentages_and_amounts_carry_their_unit_as_in_eval(cli, diemen_pair, fmt):
    """5% -> 6%, € 48,63 -> € 58,36: the diff shows a value as the eval text does, never a bare 5."""
    case = ROOT / "rules" / "diemen" / "cases" / "eerste-categorie.case.json"
    out = cli("diff", *diemen_pair, "--cases", case, "--format", fmt).stdout
    if fmt == "text":
        assert "was 5% (artikel 9, eerste lid, aanhef en onder a), wordt 6% (" in out
        assert "was € 48,63 (artikel 9, eerste lid), wordt € 58,36 (" in out
    else:
        assert ": 5% (artikel 9, eerste lid, aanhef en onder a) → **6%** (" in out
        assert ": € 48,63 (artikel 9, eerste lid) → **€ 58,36** (" in out


def test_a_whole_amount_is_still_an_amount_and_a_caseload_transition_has_its_unit():
    """€ 100,00, not 100; and the caseload's transitions (values as text) read 5% -> 6%."""
    import attrs
    from decimal import Decimal
    from interpreter.review import diff as D
    from interpreter.review.diff.impact import DecisionImpact, Example
    from interpreter.review.diff.render import render_markdown, render_text
    diemen = str(ROOT / "rules" / "diemen" / "2015")
    report = D.run(diemen, diemen)
    assert report.kinds["verlaging_bedrag"] == ("bedrag", "bedrag")
    assert report.kinds["verlaging_percentage"] == ("percentage", "percentage")
    money = DecisionImpact("verlaging_bedrag", 1, 1, 0, (), (Example({}, {}, Decimal("100"), "artikel 9, eerste lid",
                                                                     Decimal("120"), "artikel 9, eerste lid", "a"),))
    percent = DecisionImpact("verlaging_percentage", 3, 10, 0, (), (),
                             transitions=(("5", "6", 3, (("artikel 9, eerste lid", "artikel 9, eerste lid", 3),),
                                           ()),))
    changed = attrs.evolve(report, impacts=(money, percent))
    text, md = render_text(changed), render_markdown(changed)
    assert "was € 100,00 (artikel 9, eerste lid), wordt € 120,00 (" in text
    assert "uitkomst 5% -> 6%: 3 gevallen" in text and "uitkomst 5% → 6% (3)" in md
