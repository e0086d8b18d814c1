"""rules/ holds two subjects from 2015: re-integratie (the Participatiewet framework, after
Schinnen) and afstemming (Diemen). 'grondslag eval rules' keeps working for the other two, and a
case goes to the regulation whose facts it gives; where they fit both, to the one in which they
decide something; where that does not settle it either, the error says so."""

import json

from conftest import RULES
from dsl.loader import check_paths

PW = "reintegratie-participatiewet-kader"
DIEMEN = "diemen-afstemmingsverordening-participatiewet-2015"
SCHINNEN = "schinnen-reintegratieverordening-wwb"


def test_rules_folder_checks_clean():
    diagnostics, _ = check_paths([RULES])
    assert [d for d in diagnostics if d.is_error] == []


def _eval(cli, write_case, case, date):
    return cli("eval", RULES, "--case", write_case(case), "--date", date, "--format", "json")


def test_schinnen_before_2015(cli, write_case):
    r = _eval(cli, write_case, {"uitkering": "wwb"}, "2010-06-01")
    assert r.exit_code == 0 and r.json()["regulation"]["id"] == SCHINNEN


def test_framework_case_after_2015(cli, write_case):
    r = _eval(cli, write_case, {"behoort_tot_doelgroep": True, "geboortedatum": "1970-05-05"}, "2016-03-01")
    assert r.exit_code == 0 and r.json()["regulation"]["id"] == PW


def test_diemen_case(cli, write_case):
    r = _eval(cli, write_case, {"gedraging": "arbeid"}, "2016-03-01")
    assert r.exit_code == 0 and r.json()["regulation"]["id"] == DIEMEN
    assert r.json()["decisions"]["gedragscategorie"]["value"] == "derde"


def test_a_case_fitting_both_goes_where_its_facts_decide_something(cli, write_case):
    """Only a date of birth: both vocabularies have it, but only in the framework does it decide
    anything (the pensionable age of 'Werk boven inkomen'), so that is what the case is about."""
    r = _eval(cli, write_case, {"geboortedatum": "1952-11-20"}, "2019-01-10")
    assert r.exit_code == 0 and r.json()["regulation"]["id"] == PW


def test_ambiguous_case_is_an_input_error(cli, write_case):
    r = _eval(cli, write_case, {}, "2016-03-01")
    assert r.exit_code == 2
    assert "afstemming" in r.stderr and "re-integratie" in r.stderr and "Traceback" not in r.stderr


def test_unknown_fact_names_the_fact(cli, write_case):
    r = _eval(cli, write_case, {"gedragingg": "arbeid"}, "2016-03-01")
    assert r.exit_code == 2 and "gedragingg" in r.stderr and "unknown fact" in r.stderr


def test_batch_over_rules_keeps_every_line(cli, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"peildatum": "2016-03-01", "gedraging": "registratie"}\n'
                     '{"peildatum": "2016-03-01", "behoort_tot_doelgroep": true}\n'
                     '{"peildatum": "2016-03-01"}\n', encoding="utf-8")
    r = cli("batch", RULES, "--cases", cases)
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert lines[0]["regulation"]["id"] == DIEMEN and lines[1]["regulation"]["id"] == PW
    assert lines[2]["line"] == 3 and "subjects" in lines[2]["error"]
    assert r.exit_code == 3


def test_worked_examples_of_diemen_pass(cli):
    r = cli("test", RULES / "diemen")
    assert r.exit_code == 0, r.output
    assert "0 failed" in r.output


def test_worked_examples_of_every_regulation_in_rules_pass(cli):
    """Each .voorbeelden file runs against the regulation whose folder holds it, whatever the date."""
    r = cli("test", RULES)
    assert r.exit_code == 0, r.output
    assert "0 failed" in r.output and "errors in the voorbeelden" not in r.output and "not run" not in r.output


def test_update_writes_percentages_and_durations():
    from dsl.quantities import Duration
    from interpreter.drafting.report import render_value
    from decimal import Decimal
    assert render_value(Decimal("5"), "percentage") == "5%"
    assert render_value(Decimal("5.5"), "percentage") == "5,5%"
    assert render_value(Duration(1, 0), "duur") == "1 maand"
    assert render_value(Duration(0, 14), "duur") == "2 weken"
    assert render_value(Duration(1, 3), "duur") is None  # not writable as one literal
