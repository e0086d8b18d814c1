"""Snapshots (syrupy) of the JSON result and the Dutch explanation of every example case.

Update after an intended change with:
    python -m pytest tests/test_snapshots.py --snapshot-update
and review the diff of tests/__snapshots__/test_snapshots.ambr like any other change.
"""

import json
from pathlib import Path

import pytest

CASES = sorted((Path(__file__).resolve().parent.parent / "rules" / "schinnen" / "cases").glob("*.case.json"))


def _stable(result: dict) -> dict:
    """The result without what changes with every edit of the rule files or release (digest, version)."""
    prov = result.get("provenance")
    if isinstance(prov, dict):
        result["provenance"] = {k: v for k, v in prov.items() if k not in ("digest", "grondslag")}
    return result


def test_there_are_cases():
    assert len(CASES) >= 5


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name.removesuffix(".case.json"))
def test_json_result(cli, schinnen_path, case, snapshot):
    r = cli("eval", schinnen_path, "--case", case, "--format", "json", "--no-derivation")
    assert r.exit_code == 0, r.output
    assert _stable(json.loads(r.stdout)) == snapshot


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name.removesuffix(".case.json"))
def test_text_explanation(cli, schinnen_path, case, snapshot):
    r = cli("eval", schinnen_path, "--case", case, "--format", "text")
    assert r.exit_code == 0, r.output
    assert "Traceback" not in r.output
    assert r.stdout == snapshot
