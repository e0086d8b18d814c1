"""One provision, several rules for one decision: each step is justified by its own rule's test.

A regression test for a letter that justified an outcome with the test of another rule in the
same provision, one that had failed (the rules were keyed by provision, so the last one won).
"""

from __future__ import annotations

import datetime as dt

import pytest

import interpreter
from interpreter.motivation.text import explain, motivate

RULES = '''regeling test-meerdere-regels
  titel "Testregeling meerdere regels in een lid"
  geldig vanaf 2020-01-01

feit inkomen: bedrag "Het inkomen per maand."
feit woont_hier: ja/nee "Woont in de gemeente."

artikel 1 "Toeslag"
  lid 1
    tekst "Een toeslag krijgt wie in de gemeente woont, of wie een inkomen heeft van minder dan € 1.000."
    beslissing toeslag: ja/nee "Recht op toeslag."
    toeslag is waar als woont_hier
    toeslag is waar als inkomen < € 1.000,00
    toeslag is onwaar in alle andere gevallen
'''

DATE = dt.date(2021, 1, 1)


@pytest.fixture(scope="module")
def reg(tmp_path_factory):
    folder = tmp_path_factory.mktemp("meerdere") / "regeling"
    folder.mkdir()
    (folder / "regeling.rules").write_text(RULES, encoding="utf-8")
    return interpreter.load(folder)


def _grounds(reg, case):
    result = reg.evaluate(case, DATE)
    model = reg.version_on(DATE).program.model
    return result, model, motivate(result, result["toeslag"], model)


def test_the_rule_that_applied_is_the_ground_with_its_own_test(reg):
    result, model, m = _grounds(reg, {"inkomen": "500.00", "woont_hier": False})
    assert m.value is True
    decided = [g for g in m.grounds if g.status == "beslissend"]
    assert len(decided) == 1
    texts = [c.text for c in decided[0].checks]
    assert any("inkomen" in t for t in texts), texts
    assert not any("woont hier" in t for t in texts), texts
    assert all(c.state is True for c in decided[0].checks)


def test_the_first_rule_applying_is_justified_by_residence(reg):
    result, model, m = _grounds(reg, {"inkomen": "1500.00", "woont_hier": True})
    decided = [g for g in m.grounds if g.status == "beslissend"]
    assert [c.text for g in decided for c in g.checks] and all(
        "woont hier" in c.text for g in decided for c in g.checks)


def test_the_letter_never_shows_a_failed_test_as_the_ground(reg):
    result = reg.evaluate({"inkomen": "500.00", "woont_hier": False}, DATE)
    text = explain(result, reg.version_on(DATE).program.model)
    grond = text[text.index("Grond: "):].split("\n")
    block = [line for line in grond[1:] if line.startswith("    ")]
    assert not any(line.lstrip().startswith("- ") for line in block), text
    assert any("inkomen" in line for line in block), text
