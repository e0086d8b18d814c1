"""Shared fixtures: the Schinnen ordinance loaded once, a `decide` helper, and CLI runners.

Paths are relative to the repository root (found from this file), so the tests
run from any working directory.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import interpreter
from interpreter.cli import main as cli_main

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
# GRONDSLAG_TEST_SCHINNEN points the Schinnen tests at another copy of the rules (mutation testing:
# change a rule in a copy and see which tests fail).
SCHINNEN = Path(os.environ.get("GRONDSLAG_TEST_SCHINNEN", RULES / "schinnen"))
CASES = SCHINNEN / "cases"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LANGUAGE = FIXTURES / "language"

# A date on which the 2004 version of the ordinance is in force.
PEILDATUM = dt.date(2010, 6, 1)


def as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def cite(decision) -> tuple:
    """The first citation of a decision as (article, paragraph, item), or None without one."""
    if not decision.citations:
        return None
    c = decision.citations[0]
    return (c.article, c.paragraph, c.item)


def cites(decision) -> list[tuple]:
    """Every citation of a decision as (article, paragraph, item), in order."""
    return [(c.article, c.paragraph, c.item) for c in decision.citations]


def assert_decision(d, value, citations=None, missing=None) -> None:
    """A decision of a Result: its value (the same object for True/False/None), and where given
    its citations as (article, paragraph, item) and its missing facts."""
    assert d.value is value
    if citations is not None:
        assert cites(d) == citations
    if missing is not None:
        assert list(d.missing) == missing


@pytest.fixture(scope="session")
def schinnen_path() -> Path:
    """rules/schinnen, the folder of the versions of the Schinnen ordinance."""
    return SCHINNEN


@pytest.fixture(scope="session")
def cases_path() -> Path:
    """rules/schinnen/cases, the example cases."""
    return CASES


@pytest.fixture(scope="session")
def language_path() -> Path:
    """tests/fixtures/language, the small rule files of the language tests."""
    return LANGUAGE


@pytest.fixture(scope="session")
def schinnen():
    """The Schinnen ordinance (every version under rules/schinnen), compiled once per session."""
    return interpreter.load(SCHINNEN)


@pytest.fixture(scope="session")
def decide(schinnen):
    """decide(case, date=PEILDATUM) -> Result. `date` may be a date or 'YYYY-MM-DD'."""

    def _decide(case: dict, date=PEILDATUM):
        return schinnen.evaluate(dict(case), as_date(date) if date is not None else None)

    return _decide


class CliResult:
    """What one CLI run produced: exit code, standard output and standard error."""

    def __init__(self, exit_code: int, stdout: str, stderr: str, exception=None):
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr
        self.output = stdout + stderr
        self.exception = exception

    def json(self):
        return json.loads(self.stdout)

    def __repr__(self) -> str:  # shown by pytest when an assertion fails
        return f"CliResult(exit_code={self.exit_code}, stdout={self.stdout!r}, stderr={self.stderr!r})"


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 always keeps stderr apart
        return CliRunner()


@pytest.fixture
def cli():
    """cli(*args, input=None) -> CliResult, running interpreter.cli.main in process.

    Paths in args are used as given; pass str(path).
    """

    def _run(*args, input=None) -> CliResult:
        result = _runner().invoke(cli_main, [str(a) for a in args], input=input, catch_exceptions=True)
        exc = result.exception
        if exc is not None and not isinstance(exc, SystemExit):
            raise AssertionError(f"the CLI raised {type(exc).__name__}: {exc}") from exc
        try:
            stderr = result.stderr
        except ValueError:  # pragma: no cover - stderr mixed into output on old click
            stderr = ""
        return CliResult(result.exit_code, result.stdout, stderr, exc)

    return _run


@pytest.fixture
def cli_process():
    """cli_process(*args, input=None) -> CliResult, running the installed `grondslag` in a subprocess.

    For exit codes and the absence of tracebacks as a user sees them.
    """

    def _run(*args, input=None, cwd=ROOT) -> CliResult:
        cmd = [sys.executable, "-c", "from interpreter.cli import main; main()", *[str(a) for a in args]]
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        proc = subprocess.run(cmd, input=input, capture_output=True, text=True, cwd=cwd, env=env,
                              timeout=120, encoding="utf-8")
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    return _run


@pytest.fixture
def write_case(tmp_path):
    """write_case(dict_or_text, name='case.json') -> Path of a case file in a temporary folder."""

    def _write(case, name: str = "case.json") -> Path:
        p = tmp_path / name
        p.write_text(case if isinstance(case, str) else json.dumps(case), encoding="utf-8")
        return p

    return _write


@pytest.fixture
def write_rules(tmp_path):
    """write_rules(text, name='regeling.rules', folder=None) -> Path of a rule file in a temporary folder."""

    def _write(text: str, name: str = "regeling.rules", folder: str | None = None) -> Path:
        d = tmp_path / folder if folder else tmp_path
        d.mkdir(parents=True, exist_ok=True)
        p = d / name
        p.write_text(text, encoding="utf-8")
        return p

    return _write
