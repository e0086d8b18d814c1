"""The example cases of the Participatiewet framework (rules/participatiewet/cases): each
case, evaluated through the rules/ succession, gives exactly its expected decisions."""

import json

import pytest

from conftest import RULES

CASES = sorted((RULES / "participatiewet" / "cases").glob("*.case.json"))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name.removesuffix(".case.json"))
@pytest.mark.parametrize("rules", ["participatiewet", "."])
def test_example_case(cli, case, rules):
    expected = json.loads(case.with_name(case.name.replace(".case.", ".expected.")).read_text(encoding="utf-8"))
    r = cli("eval", RULES / rules, "--case", case, "--format", "json", "--no-derivation")
    assert r.exit_code == 0, r.output
    out = r.json()
    assert out["regulation"]["id"] == "reintegratie-participatiewet-kader"
    assert out["decisions"] == expected


def test_there_are_examples():
    assert len(CASES) >= 3
