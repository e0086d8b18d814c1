"""Issue 14: docs/ is self-contained: the interface contract is a page of the project's own docs."""

from __future__ import annotations

import re
from pathlib import Path

import interpreter

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
INTERFACE = (DOCS / "interface.md").read_text(encoding="utf-8")


def test_the_contract_is_restated():
    for heading in ("# The contract", "## Commands", "### Dates", "### Exit codes", "## The result object",
                    "## The Schinnen case vocabulary", "# Our extensions"):
        assert re.search(rf"^{re.escape(heading)}", INTERFACE, re.M), heading
    for command in ("grondslag check PATH...", "grondslag eval RULES", "grondslag batch RULES"):
        assert command in INTERFACE


def test_every_schinnen_fact_and_decision_of_the_contract_is_on_the_page():
    model = interpreter.load(ROOT / "rules" / "schinnen").versions[0].program.model
    known = {"peildatum"} | {f.name for f in model.facts} | {d.name for d in model.decisions}
    start = INTERFACE.index("## The Schinnen case vocabulary")
    section = INTERFACE[start:INTERFACE.index("\n## ", start + 1)]
    listed = set(re.findall(r"^\| `(\w+)` \|", section, re.M))
    assert len(listed) == 35  # the 21 facts (peildatum among them) and 14 decisions of the contract
    assert listed <= known, listed - known  # the page and the rules agree


def test_the_docs_point_to_their_own_page_not_outside_the_repository():
    for page in DOCS.glob("*.md"):
        assert "shared/spec" not in page.read_text(encoding="utf-8"), page.name
    assert "[interface.md](interface.md)" in (DOCS / "index.md").read_text(encoding="utf-8")


def test_every_page_is_on_the_map():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for page in ("interface.md", "language-policy.md", "cli.md", "language.md"):
        assert f"]({page})" in index, page


def test_the_reviewers_worked_example_shows_the_report_as_it_now_is():
    """The diff report says in words where a ground no longer applies and writes null in JSON; its
    documented example must not teach the dash it replaced."""
    page = (DOCS / "reviewers.md").read_text(encoding="utf-8")
    for stale in ("-> —", "→ —", "— ->", "— →", '"new": "—"', '"old": "—"'):
        assert stale not in page, stale
    assert "geen grond meer (artikel 4, vierde lid is niet meer van toepassing" in page
    assert '"new": null' in page


def test_the_readme_shows_what_its_command_prints():
    """The output in README.md is the output of the README's own command, line for line in
    order (lines with '...' stand for what the README leaves out)."""
    from click.testing import CliRunner

    from interpreter.cli.app import main
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"grondslag (eval rules/schinnen --case \S+ --format text)", readme).group(1)
    shown = re.search(r"## What you get.*?```\n(.*?)```", readme, re.S).group(1)
    res = CliRunner().invoke(main, command.split(), env={"GRONDSLAG_LANG": ""})
    assert res.exit_code == 0, res.output
    printed = [line.rstrip() for line in res.output.splitlines()]
    at = 0
    for line in shown.splitlines():
        if "..." in line:
            continue
        assert line.rstrip() in printed[at:], f"README.md shows a line the command does not print: {line!r}"
        at = printed.index(line.rstrip(), at) + 1
