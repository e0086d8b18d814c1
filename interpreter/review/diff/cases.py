"""The reviewer's own cases for a diff: a case file (JSON or YAML), a folder of them, or JSON Lines.

Every case keeps where it came from (``rules/schinnen/cases/x.case.json``, or
``cases.jsonl:12``), so that a changed outcome names its case and a case that
cannot be read is reported, never silently dropped.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from interpreter.case import CaseError, parse_json
from interpreter.casefile import is_yaml, parse_case_text

CASE_SUFFIXES = (".case.json", ".json", ".case.yaml", ".yaml", ".yml")
LINES_SUFFIXES = (".jsonl", ".ndjson")


class CasesError(Exception):
    """The cases cannot be read at all (no such file, an empty folder)."""


@attrs.frozen
class GivenCase:
    """One case as the reviewer gave it; `error` instead of a case when it cannot be read."""

    source: str  # the file, or file:line for JSON Lines
    case: dict | None
    error: str | None = None
    line: int | None = None  # the line in a JSON Lines file


def read_cases(path: str) -> list[GivenCase]:
    """Cases from a `*.case.json` file, a folder of them, or JSON Lines ('-': standard input).

    Input that holds no case at all (an empty file) is an error, as an empty folder is: its
    impact would be an empty report."""
    cases = _read(path)
    if isinstance(cases, list) and not cases:
        raise CasesError(f"{path}: geen enkel geval in dit bestand (het is leeg)")
    return cases


def _read(path: str) -> list[GivenCase]:
    if path == "-":
        import sys
        return _lines(sys.stdin, "-")
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and f.name.endswith(CASE_SUFFIXES)
                       and not f.name.endswith((".expected.json", ".expected.yaml")))
        files += sorted(f for f in p.rglob("*") if f.is_file() and f.name.endswith(LINES_SUFFIXES))
        if not files:
            raise CasesError(f"{path}: geen casusbestanden (*.case.json, *.case.yaml of *.jsonl) in deze map")
        out: list[GivenCase] = []
        for f in files:
            out += _read(str(f))
        return out
    if not p.exists():
        raise CasesError(f"{path}: bestand of map bestaat niet")
    if p.name.endswith((".parquet", ".pq")):  # a caseload: evaluated on the columnar engine (at_scale.py)
        from interpreter.review.diff.at_scale import TableCases
        return TableCases(str(p))
    if p.name.endswith(LINES_SUFFIXES):
        with open(p, encoding="utf-8", errors="strict") as fh:
            return _guarded(lambda: _lines(fh, str(p)), str(p))
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [GivenCase(str(p), None, "het bestand is geen UTF-8-tekst")]
    if is_yaml(p.name):  # a case written by hand as YAML, read by JSON's rules (exact money)
        return [_one(text, str(p), parse=lambda t: parse_case_text(t, p.name))]
    stripped = text.strip()
    if stripped.startswith("{") and "\n{" not in stripped:  # one case, possibly over several lines
        return [_one(text, str(p))]
    return _lines(text.splitlines(keepends=True), str(p))


def _guarded(read, source: str) -> list[GivenCase]:
    try:
        return read()
    except UnicodeDecodeError:
        return [GivenCase(source, None, "het bestand is geen UTF-8-tekst")]


def _one(text: str, source: str, line: int | None = None, parse=parse_json) -> GivenCase:
    if not text.strip():
        return GivenCase(source, None, "lege regel: hier werd een casus in JSON verwacht", line)
    try:
        return GivenCase(source, parse(text), None, line)
    except CaseError as exc:
        return GivenCase(source, None, exc.in_language("nl"), line)  # the diff report is Dutch


def _lines(lines, name: str) -> list[GivenCase]:
    return [_one(text, f"{name}:{n}", n) for n, text in enumerate(lines, start=1)]
