"""`grondslag analyse`: today's rules are clean, and every defect injected into a copy is found,
with a witness case that `grondslag eval` reproduces.

The mutation corpus is made here, one change at a time, on tests/fixtures/analysis/proef.rules
(a small sound regulation) and on a copy of rules/schinnen.
"""

from __future__ import annotations

import json
from decimal import Decimal
import shutil
from pathlib import Path

import pytest

import interpreter
from dsl import syntax as S
from interpreter.analysis import analyse
from interpreter.analysis.loading import load_for_analysis

ROOT = Path(__file__).resolve().parent.parent
PROEF = ROOT / "tests" / "fixtures" / "analysis" / "proef.rules"


def _mutate(tmp_path: Path, old: str, new: str, source: Path = PROEF) -> Path:
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"mutation anchor {old!r} not found exactly once"
    out = tmp_path / source.name
    out.write_text(text.replace(old, new), encoding="utf-8")
    return out


def _counted(path):
    regulation, conflicts = load_for_analysis(path)
    return [f for f in analyse(regulation, conflicts).findings if f.counts]


def _engine(path, finding) -> dict:
    """The witness evaluated by the engine on the rules as analysed (for a conflict the checker
    rejects the file, so `grondslag eval` cannot load it; the engine itself still shows it)."""
    regulation, _ = load_for_analysis(path)
    return regulation.evaluate(finding.witness)[finding.decision]


def _reproduce(cli, tmp_path, rules, finding) -> dict:
    """Evaluate the witness with `grondslag eval` (the command a drafter runs) and return the decision."""
    case = tmp_path / "getuige.json"
    case.write_text(json.dumps(finding.witness), encoding="utf-8")
    r = cli("eval", rules, "--case", case, "--format", "json")
    assert r.exit_code == 0, r
    return r.json()["decisions"][finding.decision]


@pytest.mark.parametrize("path", ["rules/schinnen", "rules/participatiewet", "rules/diemen",
                                  "tests/fixtures/analysis/proef.rules"])
def test_todays_rules_are_clean(cli, path):
    if not (ROOT / path).exists():
        pytest.skip(f"{path} is not in this tree")
    r = cli("analyse", ROOT / path)
    assert r.exit_code == 0, r.stdout
    assert "0 bevindingen" in r.stdout


def test_a_threshold_moved_so_two_rules_overlap_is_a_conflict(cli, tmp_path):
    rules = _mutate(tmp_path, "als inkomen >= € 1.000,00", "als inkomen >= € 900,00")
    [f] = _counted(rules)
    assert f.kind == "conflict" and f.decision == "toeslag"
    assert [c.label for c in f.citations] == ["artikel 1, eerste lid", "artikel 1, tweede lid"]
    assert Decimal("900") <= Decimal(f.witness["inkomen"]) < Decimal("1000") and f.witness["ingezetene"] is True
    got = _engine(rules, f)
    assert got.value is None and {c.label for c in got.conflict} == {"artikel 1, eerste lid", "artikel 1, tweede lid"}
    assert cli("check", rules).exit_code == 1  # the checker rejects it too, without a case


def test_a_threshold_moved_so_no_rule_applies_is_a_gap(cli, tmp_path):
    rules = _mutate(tmp_path, "als inkomen < € 1.000,00", "als inkomen < € 900,00")
    [f] = _counted(rules)
    assert f.kind == "gat" and f.decision == "toeslag"
    assert Decimal("900") <= Decimal(f.witness["inkomen"]) < Decimal("1000")
    got = _reproduce(cli, tmp_path, rules, f)
    assert got["value"] is None and got["missing"] == []


def test_an_exception_whose_relation_is_removed_conflicts_with_the_rules(cli, tmp_path):
    rules = _mutate(tmp_path, "    uitzondering op lid 1 en lid 2:\n      toeslag is € 0,00\n        als niet ingezetene",
                    "    toeslag is € 0,00\n      als niet ingezetene")
    found = _counted(rules)
    assert {f.kind for f in found} == {"conflict"}
    assert {tuple(c.label for c in f.citations) for f in found} == {
        ("artikel 1, eerste lid", "artikel 1, derde lid"), ("artikel 1, tweede lid", "artikel 1, derde lid")}
    for f in found:
        assert f.witness["ingezetene"] is False
        got = _engine(rules, f)
        assert got.value is None and {c.label for c in f.citations} <= {c.label for c in got.conflict}


def test_an_option_removed_from_a_choice_in_a_rule_leaves_a_gap(cli, tmp_path):
    rules = _mutate(tmp_path, 'soort is een van ("huur", "koop")', 'soort is een van ("huur")')
    [f] = _counted(rules)
    assert f.kind == "gat" and f.decision == "woonvorm_telt" and f.witness["soort"] == "koop"
    assert _reproduce(cli, tmp_path, rules, f)["value"] is None


def test_an_option_removed_from_a_fact_makes_the_rule_for_it_dead(cli, tmp_path):
    rules = _mutate(tmp_path, 'keuze uit "huur", "koop", "anders"', 'keuze uit "huur", "koop"')
    found = _counted(rules)
    dead = [f for f in found if f.kind == "dood"]
    line = next(i for i, t in enumerate(rules.read_text(encoding="utf-8").splitlines(), 1) if "is geen van" in t) - 1
    assert [(f.decision, f.span.line) for f in dead] == [("woonvorm_telt", line)]
    assert dead[0].witness is not None
    # the rule cannot apply: in the witness the engine finds it not applicable
    r = load_for_analysis(rules)[0].evaluate(dead[0].witness)
    steps = r["woonvorm_telt"].derivation().steps
    assert [s.applies for s in steps if s.condition and "geen van" in s.condition] == [False]


def test_a_condition_made_unsatisfiable_is_a_dead_exception(cli, tmp_path):
    rules = _mutate(tmp_path, "als niet ingezetene", "als niet ingezetene en inkomen < € 0,00")
    [f] = _counted(rules)
    assert f.kind == "dood" and f.citations[0].label == "artikel 1, derde lid"
    assert "kan in geen enkel geval gelden" in f.message and "inkomen < € 0,00" in f.message
    r = interpreter.load(rules).evaluate(f.witness)
    step = next(s for s in r["toeslag"].derivation().steps if s.citation.paragraph == 3)
    assert step.applies is False and Decimal(f.witness["inkomen"]) >= 0


def test_an_exception_that_never_meets_the_rule_it_sets_aside_is_dead(cli, tmp_path):
    rules = _mutate(tmp_path, "    uitzondering op lid 1 en lid 2:\n      toeslag is € 0,00\n        als niet ingezetene",
                    "    uitzondering op lid 1:\n      toeslag is € 0,00\n        als inkomen > € 2.000,00")
    # Not also a conflict with lid 2, which it no longer sets aside: an exception whose rule
    # does not apply has no object and counts as not applying (decisions.without_object)
    found = _counted(rules)
    assert sorted(f.kind for f in found) == ["dood"]
    [f] = [f for f in found if f.kind == "dood"]
    assert "dode uitzondering" in f.message
    r = load_for_analysis(rules)[0].evaluate(f.witness)
    steps = {s.citation.paragraph: s for s in r["toeslag"].derivation().steps}
    assert steps[3].applies is True and steps[1].applies is False


def test_an_exception_that_never_changes_the_outcome_is_redundant(cli, tmp_path):
    rules = _mutate(tmp_path, "    uitzondering op lid 1 en lid 2:\n      toeslag is € 0,00\n        als niet ingezetene",
                    "    uitzondering op lid 2:\n      toeslag is € 50,00\n        als niet ingezetene en inkomen >= € 1.000,00")
    [f] = _counted(rules)
    assert f.kind == "overbodig" and f.citations[0].label == "artikel 1, derde lid"
    r = interpreter.load(rules).evaluate(f.witness)
    assert str(r["toeslag"].value) == "50.00"


def test_schinnen_with_an_exception_relation_removed(cli, tmp_path):
    copy = tmp_path / "schinnen"
    shutil.copytree(ROOT / "rules" / "schinnen" / "2004", copy / "2004")
    _mutate(copy / "2004", "    uitzondering op lid 1:\n      aanspraak_op_ondersteuning is onwaar\n        als gezinsinkomen",
            "    aanspraak_op_ondersteuning is onwaar\n      als gezinsinkomen",
            source=copy / "2004" / "artikel-04.rules")
    found = _counted(copy)
    assert [(f.kind, f.citations[-1].label) for f in found] == [("conflict", "artikel 4, vierde lid")]
    got = _engine(copy, found[0])
    assert got.value is None and got.conflict


def test_acknowledged_findings_do_not_count_and_stale_acknowledgements_are_reported(cli, tmp_path):
    rules = _mutate(tmp_path, 'soort is een van ("huur", "koop")',
                    'soort is een van ("huur")\n  erkend gat woonvorm_telt: "Voor koop zegt de regeling niets."')
    r = cli("analyse", rules)
    assert r.exit_code == 0 and "erkend: Voor koop zegt de regeling niets." in r.stdout
    stale = _mutate(tmp_path, "artikel 3 \"Hardheid\"", 'artikel 3 "Hardheid"\n  erkend conflict: "oud"')
    r = cli("analyse", stale)
    assert r.exit_code == 0 and "'erkend conflict' zonder bevinding" in r.stdout


def test_exit_code_json_and_voorbeelden(cli, tmp_path):
    rules = _mutate(tmp_path, "als inkomen >= € 1.000,00", "als inkomen >= € 900,00")
    text = cli("analyse", rules)
    assert text.exit_code == 1
    assert f"{rules}:" in text.stdout and ": fout: conflict:" in text.stdout and "getuige: peildatum" in text.stdout
    data = cli("analyse", rules, "--format", "json")
    assert data.exit_code == 1
    [f] = [x for x in data.json()["findings"] if x["severity"] == "fout"]
    assert f["kind"] == "conflict" and f["line"] > 0 and f["witness"]["peildatum"]
    out = tmp_path / "getuigen.voorbeelden"
    assert cli("analyse", rules, "--write-voorbeelden", out).exit_code == 1
    written = out.read_text(encoding="utf-8")
    assert written.count("voorbeeld ") >= 1 and "toeslag is onbekend" in written
    from dsl.examples import parse
    parsed, problems = parse(written, str(out))
    assert parsed and not problems


def test_judgement_only_decisions_are_remarks_with_a_witness():
    report = analyse(interpreter.load(PROEF))
    [f] = report.findings
    assert f.kind == "oordeel" and not f.counts and f.witness == {"peildatum": "2020-01-01", "schrijnend": True}


def test_a_conflict_the_checker_fears_but_the_facts_exclude_is_a_remark(cli, tmp_path):
    rules = tmp_path / "proef.rules"
    rules.write_text(PROEF.read_text(encoding="utf-8") + '''
artikel 4 "Woonlast"
  beslissing woonlast: bedrag per maand
    "De woonlast."
  woonlast is € 10,00
    als woonvorm_telt

  lid 1
    woonlast is € 0,00
      als soort = "anders"
''', encoding="utf-8")
    assert cli("check", rules).exit_code == 1  # the checker cannot see through woonvorm_telt
    regulation, conflicts = load_for_analysis(rules)
    assert len(conflicts) == 1
    report = analyse(regulation, conflicts)
    assert not report.counted
    [f] = [f for f in report.findings if f.kind == "conflict"]
    assert not f.counts and f.message.startswith("geen conflict") and f.span.line == conflicts[0].span.line


def test_erkend_parses_keeps_its_place_under_fmt_and_does_not_change_evaluation():
    from dsl.formatter import format_source
    from dsl.parser import parse

    text = PROEF.read_text(encoding="utf-8").replace(
        '    "De soort woning."\n', '    "De soort woning."\n').replace(
        'artikel 3 "Hardheid"\n', 'artikel 3 "Hardheid"\n    erkend   oordeel afwijken:   "Bewust het oordeel."\n')
    tree, problems = parse(text, "proef.rules")
    assert not problems
    [ack] = [s for p in tree.provisions for s in p.body if isinstance(s, S.Acknowledgement)]
    assert (ack.kind, ack.name, ack.reason) == ("oordeel", "afwijken", "Bewust het oordeel.")
    formatted = format_source(text, "proef.rules")
    assert '  erkend oordeel afwijken: "Bewust het oordeel."\n' in formatted
    assert format_source(formatted, "proef.rules") == formatted
    bad, problems = parse(text.replace("erkend   oordeel", "erkend   vergeten"), "proef.rules")
    assert problems and problems[0].is_error


def test_a_construct_the_analysis_does_not_translate_is_reported_per_rule(tmp_path):
    rules = tmp_path / "proef.rules"
    rules.write_text(PROEF.read_text(encoding="utf-8").replace(
        'oordeel schrijnend: ja/nee', 'feit begin: datum\n  "Het begin."\noordeel schrijnend: ja/nee') + '''
artikel 5 "Termijn"
  beslissing einde: datum
    "Het einde van de termijn."
  einde is begin + 2 weken
''', encoding="utf-8")
    regulation, conflicts = load_for_analysis(rules)
    report = analyse(regulation, conflicts)
    [f] = [f for f in report.findings if f.kind == "niet geanalyseerd"]
    assert f.decision == "einde" and not f.counts and "niet geanalyseerd" in f.message and "duur in dagen" in f.message
    assert f.span.line == len(rules.read_text(encoding="utf-8").splitlines())
    assert not report.counted
