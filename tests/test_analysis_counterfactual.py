"""'Wat moet anders?': counterfactuals for a decision, each verified by evaluating the changed case.

Every alternative is re-evaluated here by the engine, and checked to be minimal: no proper
subset of its changes also gives the other value.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

import interpreter
from interpreter.analysis import why_not

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = Path("/work/shared/examples/schinnen")
PUBLIC = sorted(EXAMPLES.glob("*.case.json")) or sorted((ROOT / "rules" / "schinnen" / "cases").glob("*.case.json"))


@pytest.fixture(scope="module")
def schinnen():
    return interpreter.load(ROOT / "rules" / "schinnen")


def _case(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _assert_verified_and_minimal(regulation, case, w):
    for alt in w.alternatives:
        assert regulation.evaluate(alt.case)[w.decision].value == w.target, alt.text
        changed = {c.fact: c.after for c in alt.changes}
        for size in range(len(changed)):
            for subset in itertools.combinations(changed, size):
                smaller = {**case, **{f: changed[f] for f in subset}}
                assert regulation.evaluate(smaller)[w.decision].value != w.target, (alt.text, subset)


def _nee(path: Path) -> list[str]:
    expected = path.with_name(path.name.replace(".case.json", ".expected.json"))
    if not expected.exists():
        return []
    return [name for name, d in json.loads(expected.read_text(encoding="utf-8")).items() if d.get("value") is False]


@pytest.mark.parametrize("path", PUBLIC, ids=lambda p: p.name)
def test_every_public_example_answering_nee_gets_a_verified_counterfactual(schinnen, path):
    case = _case(path)
    for name in _nee(path):
        w = why_not(schinnen, case, name)
        assert w.value is False and w.target is True
        assert w.alternatives, f"{path.name}: no counterfactual for {name}"
        _assert_verified_and_minimal(schinnen, case, w)


@pytest.mark.parametrize("path", PUBLIC, ids=lambda p: p.name)
def test_every_counterfactual_for_every_decision_is_verified_and_minimal(schinnen, path):
    case = _case(path)
    result = schinnen.evaluate(case)
    for name, d in result.decisions.items():
        if isinstance(d.value, bool):
            w = why_not(schinnen, case, name)
            _assert_verified_and_minimal(schinnen, case, w)
            assert len(w.alternatives) <= 3
            assert all("geboortedatum" not in {c.fact for c in a.changes} for a in w.alternatives)


def test_the_income_threshold_is_named_as_the_law_draws_it(schinnen):
    w = why_not(schinnen, _case(EXAMPLES / "nugger-income-too-high.case.json"), "aanspraak_op_ondersteuning")
    [alt] = w.alternatives
    [change] = alt.changes
    assert (change.fact, change.before, change.after, change.bound) == ("gezinsinkomen", "2750.00", "2500.00",
                                                                          "ten hoogste")
    assert [c.label for c in alt.citations] == ["artikel 4, eerste lid"]
    assert "met een gezinsinkomen van ten hoogste € 2.500,00 per maand" in alt.text.lower()


def test_dutch_text(schinnen, snapshot):
    texts = [why_not(schinnen, _case(EXAMPLES / name), decision).text
             for name, decision in (("nugger-income-too-high.case.json", "aanspraak_op_ondersteuning"),
                                    ("full-exemption.case.json", "aanbod_voorziening"),
                                    ("breach-of-obligations.case.json", "afwijking_mogelijk"),
                                    ("bijstand-resident.case.json", "jongere"))]
    assert "\n".join(texts) == snapshot


def test_a_judgement_is_never_presented_as_the_persons_to_change(schinnen):
    w = why_not(schinnen, _case(EXAMPLES / "breach-of-obligations.case.json"), "afwijking_mogelijk")
    assert w.alternatives and all(a.needs_judgement for a in w.alternatives)
    assert all("afhankelijk van het oordeel van het college" in a.text for a in w.alternatives)


def test_facts_held_fixed_per_call_and_in_the_rule_file(schinnen):
    case = _case(EXAMPLES / "nugger-income-too-high.case.json")
    w = why_not(schinnen, case, "aanspraak_op_ondersteuning", fixed=["gezinsinkomen"])
    assert w.alternatives == () and "Geen verandering" in w.text and "gezinsinkomen" in w.text
    # the rule file marks geboortedatum 'erkend onveranderlijk': a person too old stays too old
    old = {**case, "uitkering": "wwb", "geboortedatum": "1950-01-01"}
    w = why_not(schinnen, old, "jongere")
    assert w.alternatives == () and "geboortedatum" in w.fixed


def test_a_decision_left_open_asks_for_the_facts_that_decide_it(schinnen):
    case = _case(EXAMPLES / "income-unknown.case.json")
    w = why_not(schinnen, case, "aanspraak_op_ondersteuning")
    assert w.value is None and w.target is True and w.alternatives
    _assert_verified_and_minimal(schinnen, case, w)
    assert any(c.before is None for a in w.alternatives for c in a.changes)  # giving a fact counts as a change


def test_eval_waarom_niet(cli):
    case = EXAMPLES / "nugger-income-too-high.case.json"
    rules = ROOT / "rules" / "schinnen"
    text = cli("eval", rules, "--case", case, "--format", "text", "--waarom-niet", "aanspraak_op_ondersteuning")
    assert text.exit_code == 0 and "Wat moet anders?" in text.stdout and "ten hoogste € 2.500,00" in text.stdout
    data = cli("eval", rules, "--case", case, "--format", "json", "--waarom-niet", "aanspraak_op_ondersteuning")
    assert data.json()["waarom_niet"]["alternatives"][0]["changes"][0]["fact"] == "gezinsinkomen"
    assert data.json()["decisions"]["aanspraak_op_ondersteuning"]["value"] is False
    page = cli("eval", rules, "--case", case, "--format", "html", "--waarom-niet", "aanspraak_op_ondersteuning")
    assert "Wat moet anders?" in page.stdout and "ten hoogste € 2.500,00" in page.stdout
    bad = cli("eval", rules, "--case", case, "--waarom-niet", "aanspraak")
    assert bad.exit_code == 2 and "'aanspraak' is not a decision" in bad.stderr
    bad = cli("eval", rules, "--case", case, "--waarom-niet", "aanspraak_op_ondersteuning", "--vast", "inkomen")
    assert bad.exit_code == 2 and "'inkomen' is not a fact" in bad.stderr


def test_lists_keep_their_records_and_an_open_list_is_given_with_one(schinnen):
    older = {"peildatum": "2011-02-15", "kinderen": [{"geboortedatum": "1995-03-01"}], "opvang_nodig_voor_traject": True}
    w = why_not(schinnen, older, "kinderopvang_bevorderen")
    assert w.alternatives == ()  # the child's geboortedatum is as fixed as the person's
    w = why_not(schinnen, {"peildatum": "2011-02-15"}, "kinderopvang_bevorderen")
    [alt] = w.alternatives
    kids = next(c.after for c in alt.changes if c.fact == "kinderen")
    assert len(kids) == 1 and schinnen.evaluate(alt.case)["kinderopvang_bevorderen"].value is True
