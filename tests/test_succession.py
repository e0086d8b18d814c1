"""Succession of regulations: a folder holding several regulations on one subject (onderwerp)
gives, on each date, the regulation in force then. rules/ is the re-integration succession:
the Schinnen ordinance until 31 December 2014, the Participatiewet framework from 1 January 2015."""

import datetime as dt

import pytest

import interpreter
from dsl.diagnostics import RulesError
from dsl.loader import check_paths
from interpreter.api import NotInForce, SeveralSubjects

from conftest import FIXTURES, RULES

FIX = FIXTURES / "participatiewet"
SCHINNEN_ID = "schinnen-reintegratieverordening-wwb"
PW_ID = "reintegratie-participatiewet-kader"


@pytest.fixture(scope="module")
def subjects():
    """rules/ holds two subjects: re-integratie (Schinnen, then the framework) and afstemming (Diemen)."""
    return interpreter.load(RULES)


@pytest.fixture(scope="module")
def succession(subjects):
    return next(r for r in subjects.regulations if r.subject == "re-integratie")


# From 2015 the Diemen ordinance (another subject) is in force too: a case for the framework
# names a fact of the framework, so that its facts say which regulation it is for.
PW_CASE = {"geboortedatum": "1970-05-05", "behoort_tot_doelgroep": True}


def test_rules_folder_holds_two_subjects(subjects):
    assert sorted(r.subject for r in subjects.regulations) == ["afstemming", "re-integratie"]


def test_rules_folder_checks_clean():
    diagnostics, _ = check_paths([RULES])
    assert [d for d in diagnostics if d.is_error] == []


def test_rules_folder_is_a_succession(succession):
    assert succession.is_succession
    assert succession.subject == "re-integratie"
    assert [v.info.id for v in succession.versions] == [SCHINNEN_ID, PW_ID]


@pytest.mark.parametrize("date, regulation_id", [
    ("2004-11-01", SCHINNEN_ID),
    ("2014-12-31", SCHINNEN_ID),
    ("2015-01-01", PW_ID),
    ("2030-01-01", PW_ID),
])
def test_regulation_in_force_on_the_date(succession, date, regulation_id):
    res = succession.evaluate({"geboortedatum": "1970-05-05"}, date)
    assert res.regulation.id == regulation_id


@pytest.mark.parametrize("date, regulation, valid_from, valid_until, decision", [
    ("2014-12-31", SCHINNEN_ID, "2004-11-01", "2015-01-01", "aanspraak_op_ondersteuning"),
    ("2015-01-01", PW_ID, "2015-01-01", None, "werk_boven_inkomen_van_toepassing"),
])
def test_cli_eval_on_the_rules_folder(cli, write_case, date, regulation, valid_from, valid_until, decision):
    case = PW_CASE if date >= "2015" else {"geboortedatum": "1970-05-05"}
    r = cli("eval", RULES, "--case", write_case(case), "--date", date,
            "--format", "json")
    assert r.exit_code == 0, r.output
    out = r.json()
    assert out["regulation"]["id"] == regulation
    assert out["regulation"]["valid_from"] == valid_from
    assert out["regulation"]["valid_until"] == valid_until
    assert out["date"] == date
    assert decision in out["decisions"]
    assert out["provenance"]["regulation"] == regulation


def test_text_names_the_regulation_used(cli, write_case):
    case = write_case({"geboortedatum": "1970-05-05"})
    old = cli("eval", RULES, "--case", case, "--date", "2014-12-31", "--format", "text").stdout
    new = cli("eval", RULES, "--case", write_case(PW_CASE), "--date", "2015-01-01", "--format", "text").stdout
    assert old.startswith("Reïntegratieverordening Wet werk en bijstand gemeente Schinnen\n")
    assert new.startswith("Re-integratie: wettelijke achtergrond en kaders (Participatiewet)\n")


def test_peildatum_of_the_case_chooses(succession):
    assert succession.evaluate({"peildatum": "2014-12-31"}).regulation.id == SCHINNEN_ID
    assert succession.evaluate({"peildatum": "2015-01-01"}).regulation.id == PW_ID


@pytest.mark.parametrize("date, fact", [
    ("2015-01-01", "woont_in_gemeente"),      # a Schinnen fact, unknown to the framework
    ("2014-12-31", "behoort_tot_doelgroep"),  # a framework fact, unknown to Schinnen
])
def test_vocabulary_of_the_regulation_in_force(cli, write_case, date, fact):
    r = cli("eval", RULES, "--case", write_case({fact: True}), "--date", date, "--format", "json")
    assert r.exit_code == 2
    assert fact in r.stderr and "unknown fact" in r.stderr


def test_before_every_regulation(succession, cli, write_case):
    with pytest.raises(NotInForce) as info:
        succession.evaluate({}, dt.date(2004, 10, 31))
    msg = str(info.value)
    assert "re-integratie" in msg and "2004-11-01" in msg and "2015-01-01" in msg
    r = cli("eval", RULES, "--case", write_case({}), "--date", "2004-10-31", "--format", "json")
    assert r.exit_code == 2
    assert "2004-11-01" in r.stderr


def test_batch_across_the_succession(cli, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"peildatum": "2014-12-31"}\n{"peildatum": "2015-01-01", "behoort_tot_doelgroep": true}\n'
                     '{"peildatum": "2015-01-01", "woont_in_gemeente": true}\n', encoding="utf-8")
    r = cli("batch", RULES, "--cases", cases)
    lines = [__import__("json").loads(x) for x in r.stdout.splitlines()]
    assert lines[0]["regulation"]["id"] == SCHINNEN_ID
    assert lines[1]["regulation"]["id"] == PW_ID
    assert lines[2]["line"] == 3 and "woont_in_gemeente" in lines[2]["error"]
    assert r.exit_code == 3


def test_schinnen_folder_unchanged(cli, write_case):
    r = cli("eval", RULES / "schinnen", "--case", write_case({}), "--date", "2015-01-01", "--format", "json")
    assert r.exit_code == 2  # the Schinnen ordinance alone is not in force in 2015
    r = cli("eval", RULES / "schinnen", "--case", write_case({}), "--date", "2014-12-31", "--format", "json")
    assert r.exit_code == 0
    assert r.json()["regulation"]["id"] == SCHINNEN_ID


# ------------------------------------------------------------------ small fixtures


def test_fixture_succession(cli, write_case):
    reg = interpreter.load(FIX / "opvolging")
    assert reg.evaluate({"x": True}, "2014-12-31")["r"].citations[0].label == "artikel 1"
    d = reg.evaluate({"y": True}, "2015-01-01")["r"]
    assert d.value is True and d.citations[0].label == "paragraaf Enige"


def test_overlapping_regulations_on_one_subject_are_an_error():
    with pytest.raises(RulesError) as info:
        interpreter.load(FIX / "overlap")
    errors = [d for d in info.value.diagnostics if d.is_error]
    assert len(errors) == 1
    msg = errors[0].message
    assert "overlaps" in msg and "'nieuw'" in msg and "'oud'" in msg and "same subject ('test')" in msg


def test_check_reports_overlap(cli):
    r = cli("check", FIX / "overlap")
    assert r.exit_code == 1
    assert "overlaps 'oud'" in r.stdout


def test_regulations_on_different_subjects_check_clean_but_do_not_evaluate(cli, write_case):
    r = cli("check", FIX / "onderwerpen")
    assert r.exit_code == 0
    with pytest.raises(SeveralSubjects):  # loads, but a case whose facts fit both cannot be placed
        interpreter.load(FIX / "onderwerpen").evaluate({}, "2015-06-01")
    r = cli("eval", FIX / "onderwerpen", "--case", write_case({}), "--date", "2015-06-01", "--format", "json")
    assert r.exit_code == 2
    assert "2 subjects" in r.stderr and "Traceback" not in r.stderr
