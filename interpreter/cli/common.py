"""What every command shares: exit codes, the --date type, loading rules, reading a case.

Each command module depends on this one and never on another command module.
"""

from __future__ import annotations

import datetime as dt
import gc
import sys

import click

from dsl.diagnostics import RulesError
from interpreter.api import Regulation, load
from interpreter.case import CaseError, parse_date, parse_json

EXIT_RULES, EXIT_INPUT, EXIT_BATCH = 1, 2, 3
EXIT_INTERNAL = 70  # EX_SOFTWARE: a defect in grondslag itself, never the user's input


class _DateType(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(value, "--date")
        except CaseError as exc:
            self.fail(str(exc), param, ctx)


DATE = _DateType()


def fail(message: str, code: int):
    click.echo(f"grondslag: error: {message}", err=True)
    sys.exit(code)


def load_rules(rules: str) -> Regulation:
    try:
        regulation = load(rules)
        # The compiled regulation lives as long as the command: keep the garbage collector
        # from scanning it again and again while cases are evaluated.
        gc.freeze()
        return regulation
    except CaseError as exc:  # a folder of regulations on several subjects: bad usage
        fail(str(exc), EXIT_INPUT)
    except RulesError as exc:
        click.echo(exc.format(), err=True)
        n = sum(1 for d in exc.diagnostics if d.is_error)
        fail(f"{rules}: {n} error{'s' if n != 1 else ''} in the rule files; run 'grondslag check {rules}'",
              EXIT_RULES)


def read_case(path: str):
    try:
        with click.open_file(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        fail(f"cannot read case file {path}: {exc.strerror}", EXIT_INPUT)
    try:
        return parse_json(text)
    except CaseError as exc:
        fail(f"{path}: {exc}", EXIT_INPUT)
