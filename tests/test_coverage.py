"""`grondslag coverage`: static (provisions accounted for) and dynamic (rules exercised)."""

from __future__ import annotations

import json
import re

import pytest

from interpreter.drafting import coverage as C

from conftest import CASES, SCHINNEN


def test_schinnen_is_fully_covered_by_its_examples(cli):
    r = cli("coverage", SCHINNEN, "--fail-under", "100")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "Static coverage: 48 of 48 provisions accounted for (100.0%): 27 encoded, 21 niet uitvoerbaar, 0 missing" in out
    assert re.search(r"artikel 3, eerste lid +niet uitvoerbaar: Gericht tot de gemeenteraad", out)
    assert re.search(r"artikel 1, eerste lid +via its parts", out)
    assert "Dynamic coverage (78 voorbeelden): 51 of 51 goals met (100.0%)" in out
    assert "artikel 4, vierde lid (uitzondering op artikel 4, eerste lid) for aanspraak_op_ondersteuning: toegepast" in out
    assert out.rstrip().endswith("Coverage: static 100.0%, dynamic 100.0%")


def test_json_output(cli):
    r = cli("coverage", SCHINNEN, "--format", "json")
    assert r.exit_code == 0, r.output
    data = r.json()
    assert data["static_percent"] == 100.0 and data["dynamic_percent"] == 100.0
    assert data["dynamic_source"] == "voorbeelden"
    (v,) = data["versions"]
    assert v["valid_from"] == "2004-11-01"
    statuses = {p["label"]: p for p in v["static"]["provisions"]}
    assert statuses["artikel 4, vierde lid"]["status"] == "encoded"
    assert statuses["artikel 11"]["status"] == "niet uitvoerbaar"
    assert statuses["artikel 11"]["reason"].startswith("Regelt de inwerkingtreding")
    assert statuses["artikel 8, derde lid, aanhef en onder b"]["item"] == "b"
    rules = v["dynamic"]["rules"]
    exc = next(r for r in rules if r["kind"] == "uitzondering" and r["citation"]["paragraph"] == 5)
    assert exc["applied"] >= 1 and exc["not_applied"] >= 1 and exc["unexercised"] == []
    assert v["dynamic"]["unexercised"] == []


def _cases_file(tmp_path, *names):
    p = tmp_path / "cases.jsonl"
    lines = [json.dumps(json.loads((CASES / f"{n}.case.json").read_text(encoding="utf-8"))) for n in names]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_cases_instead_of_examples_list_what_is_unexercised(cli, tmp_path):
    p = _cases_file(tmp_path, "nugger-income-too-high")
    r = cli("coverage", SCHINNEN, "--cases", p)
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "Dynamic coverage (1 cases):" in out
    assert "Unexercised:" in out
    assert ("artikel 4, vijfde lid (uitzondering op artikel 4, eerste lid) for aanspraak_op_ondersteuning: "
            "never toegepast") in out
    assert "artikel 9 (regel) for hardheidsclausule_van_toepassing: never beslissend" in out
    # the exception that decided this case is exercised one way only
    assert "artikel 4, vierde lid (uitzondering op artikel 4, eerste lid) for aanspraak_op_ondersteuning: never niet toegepast" in out


def test_fail_under(cli, tmp_path):
    p = _cases_file(tmp_path, "nugger-income-too-high", "bijstand-resident")
    r = cli("coverage", SCHINNEN, "--cases", p, "--fail-under", "90", "--format", "json")
    assert r.exit_code == 1
    assert "coverage below 90%: dynamic" in r.stderr
    data = r.json()
    assert data["dynamic_percent"] < 90 <= data["static_percent"]
    assert cli("coverage", SCHINNEN, "--cases", p, "--fail-under", "1").exit_code == 0


def test_a_bad_case_line_is_bad_input(cli, tmp_path):
    p = tmp_path / "cases.jsonl"
    p.write_text('{"peildatum": "2010-06-01"}\n{"uitkring": "wwb", "peildatum": "2010-06-01"}\n', encoding="utf-8")
    r = cli("coverage", SCHINNEN, "--cases", p)
    assert r.exit_code == 2
    assert f"{p}:2: unknown fact 'uitkring'" in r.stderr


def test_cases_without_peildatum_take_date(cli, tmp_path):
    p = tmp_path / "cases.jsonl"
    p.write_text('{"uitkering": "wwb"}\n', encoding="utf-8")
    assert cli("coverage", SCHINNEN, "--cases", p).exit_code == 2
    assert cli("coverage", SCHINNEN, "--cases", p, "--date", "2010-06-01").exit_code == 0


RULES = '''regeling proef
  titel "Proefregeling"
  geldig vanaf 2020-01-01

feit inkomen: bedrag
feit woont_hier: ja/nee

artikel 1 "Recht"
  lid 1
    tekst "Wie hier woont, heeft recht."
    beslissing recht: ja/nee
    recht is waar
      als woont_hier
      anders onwaar
  lid 2
    tekst "Geen recht bij een inkomen boven € 1.000."
    uitzondering op lid 1:
      recht is onwaar
        als inkomen > € 1.000
  lid 3
    tekst "Het college maakt dit bekend."

artikel 2 "Citeertitel"
  tekst "Deze regeling heet Proefregeling."
  niet uitvoerbaar "Geeft de citeertitel."
'''


def test_a_missing_provision_lowers_static_coverage(cli, write_rules):
    path = write_rules(RULES)
    r = cli("coverage", path, "--fail-under", "80")
    assert r.exit_code == 1, r.output
    assert "Static coverage: 3 of 4 provisions accounted for (75.0%): 2 encoded, 1 niet uitvoerbaar, 1 missing" in r.stdout
    assert re.search(r"^  artikel 1, derde lid +MISSING$", r.stdout, re.M)
    assert "no voorbeelden found" in r.stdout
    assert "coverage below 80%: static" in r.stderr


def test_dynamic_goals_of_an_exception(cli, write_rules, tmp_path):
    path = write_rules(RULES)
    (tmp_path / "proef.voorbeelden").write_text(
        'voorbeeld "hoog inkomen"\n  peildatum 2020-02-01\n  feiten\n    woont_hier is waar\n'
        '    inkomen is € 1.000,01\n  verwacht\n    recht is onwaar volgens artikel 1 lid 2\n', encoding="utf-8")
    r = cli("coverage", path, "--format", "json")
    assert r.exit_code == 0, r.output
    (v,) = r.json()["versions"]
    dyn = v["dynamic"]
    # goals: regel (beslissend), anders (beslissend), uitzondering (toegepast, niet toegepast)
    assert (dyn["goals_met"], dyn["goals"]) == (1, 4)
    assert dyn["percent"] == 25.0
    assert dyn["unexercised"] == [
        "artikel 1, eerste lid (regel) for recht: beslissend",
        "artikel 1, eerste lid (anders) for recht: beslissend",
        "artikel 1, tweede lid (uitzondering op artikel 1, eerste lid) for recht: niet toegepast",
    ]


@pytest.mark.parametrize("encoded, not_exec, children, status", [
    (True, None, False, C.ENCODED), (False, "reden", False, C.NOT_EXECUTABLE),
    (False, None, True, C.BY_PARTS), (False, None, False, C.MISSING), (True, None, True, C.ENCODED),
])
def test_static_status(encoded, not_exec, children, status):
    from types import SimpleNamespace
    p = SimpleNamespace(encoded=encoded, not_executable=not_exec, has_children=children)
    assert C.static_status(p) == status


def test_checked_counts_only_what_the_examples_expect(cli, write_rules, tmp_path):
    path = write_rules(RULES)
    (tmp_path / "proef.voorbeelden").write_text(
        'voorbeeld "zonder verwachting"\n  peildatum 2020-02-01\n  feiten\n    woont_hier is waar\n'
        '    inkomen is € 1.000,01\n', encoding="utf-8")
    all_ = cli("coverage", path, "--format", "json").json()["versions"][0]["dynamic"]
    only = cli("coverage", path, "--format", "json", "--checked").json()["versions"][0]["dynamic"]
    assert (all_["goals_met"], only["goals_met"]) == (1, 0)
    r = cli("coverage", SCHINNEN, "--checked", "--fail-under", "100")
    assert r.exit_code == 0, r.output
    assert "Dynamic coverage (78 voorbeelden, checked decisions only): 51 of 51 goals met (100.0%)" in r.stdout


def test_checked_makes_no_sense_with_cases(cli, tmp_path):
    p = _cases_file(tmp_path, "bijstand-resident")
    r = cli("coverage", SCHINNEN, "--cases", p, "--checked")
    assert r.exit_code == 2 and "--checked" in r.stderr
