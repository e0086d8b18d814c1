"""rules/diemen/cases: each example case gives the expected decisions, evaluated on the Diemen
folder and on rules/ as a whole (where the case's facts choose the Diemen ordinance)."""

import json
from decimal import Decimal

import pytest

from conftest import RULES

CASES = sorted((RULES / "diemen" / "cases").glob("*.case.json"))
KEYS = ("article", "paragraph", "item", "subitem", "law", "bwb")


def _shape(decisions: dict) -> dict:
    """Values and what is cited (not the wording of labels, which the citation style owns)."""
    return {name: (d["value"], [tuple(c.get(k) for k in KEYS) for c in d["citations"]], d["missing"])
            for name, d in decisions.items()}


def test_there_are_cases():
    assert len(CASES) >= 5


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name.removesuffix(".case.json"))
@pytest.mark.parametrize("rules", ["diemen", "."])
def test_example_case(cli, case, rules):
    expected = json.loads(case.with_name(case.name.replace(".case.", ".expected.")).read_text(encoding="utf-8"),
                          parse_float=Decimal)
    r = cli("eval", RULES / rules, "--case", case, "--format", "json", "--no-derivation")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout, parse_float=Decimal)
    assert out["regulation"]["id"] == "diemen-afstemmingsverordening-participatiewet-2015"
    assert _shape(out["decisions"]) == _shape(expected)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name.removesuffix(".case.json"))
def test_text_explanation(cli, case, snapshot):
    """The Dutch explanation (percentages as 5%, durations as 1 maand, the statute cited)."""
    r = cli("eval", RULES / "diemen", "--case", case, "--format", "text")
    assert r.exit_code == 0, r.output
    assert "Traceback" not in r.output
    assert r.stdout == snapshot


def test_explanation_names_the_statute(cli):
    r = cli("eval", RULES / "diemen", "--case", RULES / "diemen" / "cases" / "derde-categorie.case.json",
            "--format", "text")
    flat = " ".join(r.stdout.split())
    assert "verlaging percentage: 100%" in r.stdout
    assert "Wettelijke waarde: volledige verlaging is 100%, volgens artikel 18, vijfde lid, van de Participatiewet" \
        in flat
    assert "verlaging duur: 1 maand" in r.stdout and "€ 972,70" in r.stdout


def test_html_report_names_the_statute_and_the_sub_item(cli):
    r = cli("eval", RULES / "diemen", "--case", RULES / "diemen" / "cases" / "derde-categorie.case.json",
            "--format", "html")
    assert r.exit_code == 0
    assert "Wettelijke waarde: volledige verlaging is 100%, volgens artikel 18, vijfde lid, van de Participatiewet" \
        in r.stdout
    r = cli("eval", RULES / "diemen", "--case", RULES / "diemen" / "cases" / "jongere-na-melding.case.json",
            "--format", "html")
    assert "onder b, onder 2°" in r.stdout
