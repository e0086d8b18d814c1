"""Diagnostics: problems found in rule files, collected rather than raised.

Every stage returns a list of these so that ``grondslag check`` and a language
server can show every problem in a file in one run.
"""

from __future__ import annotations

import difflib
from typing import Iterable

import attrs

from dsl.i18n import _ as tr
from dsl.syntax import Span


@attrs.frozen
class Diagnostic:
    """One problem at one place: an error stops evaluation, a warning does not."""

    severity: str  # "error" | "warning"
    message: str
    span: Span
    hint: str | None = None  # "did you mean 'gezinsinkomen'?" and the like

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self, source: str | None = None, colour: bool = False) -> str:
        """FILE:LINE:COL: error: MESSAGE, then the source line with a caret; colour for a terminal."""
        s = self.span
        head = f"{s.file}:{s.line}:{s.column}: {_paint(self.severity, self.severity, colour)}: {self.message}"
        if self.hint:
            head += f" ({self.hint})"
        if source is None:
            return head
        lines = source.splitlines()
        if not 1 <= s.line <= len(lines):
            return head
        text = lines[s.line - 1].expandtabs(1)
        width = 1
        if s.end_line == s.line and s.end_column > s.column:
            width = s.end_column - s.column
        width = max(1, min(width, len(text) - s.column + 1))
        caret = " " * (s.column - 1) + _paint("caret", "^" + "~" * (width - 1), colour)
        gutter = f"{s.line:>5} | "
        return f"{head}\n{gutter}{text}\n{' ' * (len(gutter) - 2)}| {caret}"

    def to_dict(self) -> dict:
        s = self.span
        return {
            "file": s.file, "line": s.line, "column": s.column,
            "end_line": s.end_line, "end_column": s.end_column,
            "severity": self.severity, "message": self.message, "hint": self.hint,
        }


# ANSI SGR codes: bold red for errors, bold magenta for warnings, green for the caret (as compilers do).
_COLOURS = {"error": "1;31", "warning": "1;35", "caret": "32"}


def _paint(kind: str, text: str, colour: bool) -> str:
    return f"\x1b[{_COLOURS[kind]}m{text}\x1b[0m" if colour else text


def error(message: str, span: Span, hint: str | None = None) -> Diagnostic:
    return Diagnostic("error", message, span, hint)


def warning(message: str, span: Span, hint: str | None = None) -> Diagnostic:
    return Diagnostic("warning", message, span, hint)


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The known name a misspelt one most likely means, or None."""
    candidates = list(candidates)
    by_lower = {c.lower(): c for c in candidates}
    if word.lower() in by_lower and by_lower[word.lower()] != word:  # "WWB" for "wwb"
        return by_lower[word.lower()]
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest known name to a misspelt one, phrased as a hint."""
    match = closest(word, candidates)
    return tr("did you mean '{name}'?").format(name=match) if match is not None else None


def sort_key(d: Diagnostic):
    return (d.span.file, d.span.line, d.span.column, d.severity != "error", d.message)


class RulesError(Exception):
    """Raised by the API when rule files have errors; carries every diagnostic."""

    def __init__(self, diagnostics: list[Diagnostic], sources: dict[str, str] | None = None):
        self.diagnostics = sorted(diagnostics, key=sort_key)
        self.sources = sources or {}
        errors = [d for d in self.diagnostics if d.is_error]
        super().__init__(f"{len(errors)} error(s) in rule files")

    def format(self, colour: bool = False) -> str:
        return "\n".join(d.format(self.sources.get(d.span.file), colour) for d in self.diagnostics)
