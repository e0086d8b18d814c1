"""`grondslag test --update`: write the current outcomes into the voorbeelden, changing only
what is wrong (a failing expectation in place; comments, layout and facts byte for byte)."""

from __future__ import annotations

from dsl import examples as V
from interpreter import fileio
from interpreter.drafting.report import render_expectation
from interpreter.drafting.runner import Run, Suite
from interpreter.result import Decision


def _offsets(source: str) -> list[int]:
    starts, pos = [0], 0
    for line in source.splitlines(keepends=True):
        pos += len(line)
        starts.append(pos)
    return starts


def _at(starts: list[int], line: int, column: int) -> int:
    return starts[line - 1] + column - 1


def _indent_of(source: str, starts: list[int], line: int) -> str:
    text = source[starts[line - 1]:starts[line] if line < len(starts) else len(source)]
    return text[: len(text) - len(text.lstrip(" \t"))]


def _render(name: str, d: Decision, kind: str) -> str | None:
    return render_expectation(name, d.value, kind, d.citations[:1], d.missing)


def updated_source(file: V.ExamplesFile, runs: list[Run]) -> str:
    """The file's text with the verwacht blocks brought up to date.

    Only what is wrong changes: a failing expectation is rewritten in place
    (value, first citation, and missing facts), a passing one and everything
    around it (comments, layout, facts) stays byte for byte. An example without
    expectations gets every decision of the regulation.
    """
    source = file.source
    starts = _offsets(source)
    edits: list[tuple[int, int, str]] = []
    for r in runs:
        if not r.ran:
            continue
        model = r.version.program.model
        ex = r.example
        if ex.expectations:
            for c in r.checks:
                if c.passed:
                    continue
                new = _render(c.expectation.decision, c.got, c.kind)
                if new is None:
                    continue
                s = c.expectation.span
                edits.append((_at(starts, s.line, s.column), _at(starts, s.end_line, s.end_column), new))
            continue
        rendered = [x for x in (_render(d.name, r.result.decisions[d.name], d.type.kind) for d in model.decisions)
                    if x is not None]
        base = _indent_of(source, starts, ex.date_span.line)
        if ex.has_expected_block:
            k = ex.expected_span
            pos = _at(starts, k.line, k.column) + len("verwacht")
            indent = _indent_of(source, starts, k.line) + "  "
            edits.append((pos, pos, "".join(f"\n{indent}{x}" for x in rendered)))
        else:
            pos = _at(starts, ex.span.end_line, ex.span.end_column)
            edits.append((pos, pos, f"\n{base}verwacht" + "".join(f"\n{base}  {x}" for x in rendered)))
    out = source
    for start, end, text in sorted(edits, reverse=True):
        out = out[:start] + text + out[end:]
    return out


def update(suite: Suite) -> list[str]:
    """Write the current outcomes into every file that needs it; the paths written."""
    written = []
    for f in suite.files:
        runs = [r for r in suite.runs if r.file == f.path]
        new = updated_source(f, runs)
        if new != f.source:
            fileio.write_text(f.path, new)  # atomic: a full disk never cuts a voorbeelden file off
            written.append(f.path)
    return written
