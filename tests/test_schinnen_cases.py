"""The example cases in rules/schinnen/cases: each *.case.json gives the decisions of its *.expected.json."""

import json
from pathlib import Path

import pytest

from interpreter.case import parse_json

CASES = sorted((Path(__file__).resolve().parent.parent / "rules" / "schinnen" / "cases").glob("*.case.json"))


@pytest.mark.parametrize("case_path", CASES, ids=lambda p: p.name.removesuffix(".case.json"))
def test_example_case(schinnen, case_path):
    expected_path = case_path.with_name(case_path.name.replace(".case.json", ".expected.json"))
    assert expected_path.exists(), f"{expected_path.name} is missing"
    case = parse_json(case_path.read_text(encoding="utf-8"))
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    result = schinnen.evaluate(case)
    assert expected, "an expected file must check at least one decision"
    for name, want in expected.items():
        got = result[name]
        assert got.value == want["value"], name
        if "citation" in want:
            c = got.citations[0]
            assert {"article": c.article, "paragraph": c.paragraph, "item": c.item} == want["citation"], name
        if "citations" in want:
            assert [{"article": c.article, "paragraph": c.paragraph, "item": c.item}
                    for c in got.citations] == want["citations"], name
        if "missing" in want:
            assert list(got.missing) == want["missing"], name
