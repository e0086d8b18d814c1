"""Helpers for the tests of the language additions (percentages, rounding, bounds, durations,
sub-items, statutory values): a small regulation from text, loaded or checked."""

from __future__ import annotations

import datetime as dt

import interpreter
from dsl.checker import check_version
from dsl.parser import parse

HEADER = '''regeling proef
  titel "Proef"
  geldig vanaf 2015-01-01
'''
DATE = dt.date(2016, 3, 1)


def load_text(tmp_path, body: str, name: str = "proef.rules"):
    """Write HEADER + body to a file and load it as a regulation."""
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return interpreter.load(path)


def diagnostics(body: str) -> list:
    """Every problem the parser and checker find in HEADER + body."""
    tree, diags = parse(HEADER + body, "proef.rules")
    if any(d.is_error for d in diags):
        return diags
    _, more = check_version([tree])
    return diags + more


def errors(body: str) -> list[str]:
    return [f"{d.message} | {d.hint or ''}" for d in diagnostics(body) if d.is_error]
